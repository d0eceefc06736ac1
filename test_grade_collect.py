"""Collecting a class, in this process: what becomes a submission, what is left out and why,
and that nothing is read through a link, past a cap, or whole.  (test_grade_redteam.py runs
the grader itself on the worst of these.)"""

from __future__ import annotations

import io
import json
import os
import socket
import stat
import struct
import sys
import zipfile
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from sentemb_grade import analysis, collect, signals

ROOT = os.geteuid() == 0
CODE = "class Embedder:\n    def average(self, sentence):\n        return [0, 0]\n"


class LocalAnalyser(collect.Analyser):
    """Reads code in this process: these tests' sources are safe to parse here."""

    def facts(self, source: str) -> collect.Facts:
        try:
            found: Dict[str, Any] = analysis.facts(source)
        except (SyntaxError, ValueError) as error:
            found = {"error": type(error).__name__}
        return collect._facts(json.dumps(found).encode())


@pytest.fixture
def stage() -> Iterator[collect.Stage]:
    with collect.Stage() as made:
        yield made


def collected(stage: collect.Stage, *paths: Path) -> collect.Collected:
    return collect.collect([str(p) for p in paths], stage, LocalAnalyser())


def names(found: collect.Collected) -> Dict[str, Any]:
    """Each submission's name, and its error or its entry point."""
    return {s.name: s.error or s.entry for s in found.submissions}


def staged(submission: collect.Submission) -> Dict[str, str]:
    """What a submission's staged folder holds: each file's text, each link as '-> target'."""
    found = {}
    for folder, _, files in os.walk(submission.folder):
        for name in files:
            full = os.path.join(folder, name)
            relative = os.path.relpath(full, submission.folder)
            if os.path.islink(full):
                found[relative] = "-> " + os.readlink(full)
            else:
                found[relative] = Path(full).read_text(encoding="utf-8", errors="replace")
    return found


def write(root: Path, files: Dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def zipped(path: Path, members: Dict[str, Any]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in members.items():
            if isinstance(content, zipfile.ZipInfo):
                bundle.writestr(content, content.comment)
            else:
                bundle.writestr(name, content)
    return path


def link_info(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    info.comment = target.encode()
    return info


# -- What the command line names ------------------------------------------------------------------


def test_files_given_are_each_a_submission(stage: collect.Stage, tmp_path: Path) -> None:
    write(tmp_path, {"a.py": CODE, "b.ipynb": notebook(CODE)})
    found = collected(stage, tmp_path / "a.py", tmp_path / "b.ipynb", tmp_path / "a.py")
    assert names(found) == {str(tmp_path / "a.py"): "a.py", str(tmp_path / "b.ipynb"): "b.ipynb",
                            f"{tmp_path / 'a.py'} (2)": "a.py"}  # fmt: skip
    first = found.submissions[0]
    assert staged(first) == {"a.py": CODE}
    assert collect.cells(first) == ([CODE], [])
    assert collect.cells(found.submissions[1])[0] == [CODE.rstrip("\n")]


def test_what_cannot_be_a_submission_is_bad_usage(stage: collect.Stage, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "link.py").symlink_to(tmp_path / "notes.txt")
    os.mkfifo(tmp_path / "fifo.py")
    (tmp_path / "broken.zip").write_bytes(b"PK not really")
    problems = {
        "nothing": "no such file or directory",
        "notes.txt": "not a .py, .ipynb, .zip or folder",
        "fifo.py": "not a .py, .ipynb, .zip or folder",
        "link.py": "a link, which the grader does not follow: give the path it points to",
        "broken.zip": "not a readable zip file (File is not a zip file)",
    }
    for name, message in problems.items():
        with pytest.raises(collect.UsageError) as raised:
            collected(stage, tmp_path / name)
        assert str(raised.value) == f"{tmp_path / name}: {message}"


# -- Folders: one student's, or a class -----------------------------------------------------------


def test_a_folder_whose_files_import_each_other_is_one_student(
    stage: collect.Stage, tmp_path: Path
) -> None:
    student = write(tmp_path / "ada", {
        "embedder.py": "from data import VOCAB\nfrom .helpers import tool\n" + CODE,
        "data.py": "VOCAB = {}\n",
        "helpers/tool.py": "X = 1\n",
        "tests/test_embedder.py": "import embedder\n",
        "README.md": "notes",
    })  # fmt: skip
    found = collected(stage, student)
    (submission,) = found.submissions
    assert (submission.name, submission.entry, submission.error) == (
        str(student),
        "embedder.py",
        None,
    )
    assert submission.notes == ("graded embedder.py, the file that defines the most",)
    assert set(submission.facts) == {"embedder.py", "data.py", "helpers/tool.py",
                                     "tests/test_embedder.py"}  # fmt: skip
    assert staged(submission)["README.md"] == "notes"


def test_a_class_folder_gives_every_entry_a_row_or_a_reason(
    stage: collect.Stage, tmp_path: Path
) -> None:
    write(tmp_path, {
        "ada/embedder.py": CODE, "bob/solution.py": CODE, "carl.py": CODE,
        "eve.py.txt": CODE, "readme.txt": "x", ".DS_Store": "x", "__MACOSX/._ada": "x",
        "fay/notes.txt": "no python",
    })  # fmt: skip
    (tmp_path / "latest").symlink_to("ada")
    os.mkfifo(tmp_path / "pipe.py")
    found = collected(stage, tmp_path)
    assert names(found) == {
        "ada": "embedder.py",
        "bob": "solution.py",
        "carl.py": "carl.py",
        "eve.py.txt": "not graded: a .txt file named like Python (rename it to eve.py?)",
        "fay": "not graded: no .py or .ipynb file in it",
        "latest": "not graded: a link to ada, not followed",
        "pipe.py": "not graded: a FIFO",
        "readme.txt": "not graded: not a .py, .ipynb, .zip or folder (readme.txt)",
    }
    assert found.skipped == [
        ".DS_Store: a hidden or cache file or folder, no student's work",
        "__MACOSX: a hidden or cache file or folder, no student's work",
    ]


def test_a_folder_of_folders_is_a_class(stage: collect.Stage, tmp_path: Path) -> None:
    write(tmp_path, {"ada/a.py": CODE, "bob/b.py": CODE})
    assert names(collected(stage, tmp_path)) == {"ada": "a.py", "bob": "b.py"}
    archive = zipped(tmp_path / "class.zip", {"2026/ada/a.py": CODE, "2026/bob/b.py": CODE})
    assert names(collected(stage, archive)) == {"2026/ada": "a.py", "2026/bob": "b.py"}


def test_two_top_level_files_that_import_nothing_of_each_other_are_a_class(
    stage: collect.Stage, tmp_path: Path
) -> None:
    write(tmp_path, {"ada.py": CODE, "bob.py": "import json\n" + CODE})
    assert names(collected(stage, tmp_path)) == {"ada.py": "ada.py", "bob.py": "bob.py"}


def test_the_entry_point_defines_the_most(stage: collect.Stage, tmp_path: Path) -> None:
    write(tmp_path / "s", {
        "main.py": "import lib\nimport helpers\nimport broken\nprint(1)\n",
        "lib.py": "def f():\n    pass\n", "helpers.py": CODE, "broken.py": "def (",
        "deeper/more.py": "import helpers\ndef f():\n    pass\n",
    })  # fmt: skip
    (submission,) = collected(stage, tmp_path / "s").submissions
    assert submission.entry == "helpers.py"
    assert "broken.py could not be read statically (SyntaxError)" in submission.notes


def test_links_are_kept_inside_and_left_out_outside(stage: collect.Stage, tmp_path: Path) -> None:
    student = write(tmp_path / "clone", {"embedder.py": CODE, "data/v.txt": "1 2"})
    (student / "inside.txt").symlink_to("data/v.txt")
    (student / "data" / "up.txt").symlink_to("../embedder.py")
    (student / "environ.txt").symlink_to("/proc/self/environ")
    (student / "escape.txt").symlink_to("../../secret")
    os.mkfifo(student / "pipe")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(student / "socket"))
    try:
        (submission,) = collected(stage, student).submissions
    finally:
        listener.close()
    assert staged(submission) == {
        "embedder.py": CODE, "data/v.txt": "1 2", "inside.txt": "-> data/v.txt",
        "data/up.txt": "-> ../embedder.py",
    }  # fmt: skip
    assert submission.notes == (
        "left out environ.txt: a link to /proc/self/environ, outside the submission",
        "left out escape.txt: a link to ../../secret, outside the submission",
        "left out pipe: a FIFO",
        "left out socket: a socket",
    )


@pytest.mark.skipif(not ROOT, reason="only root makes device files")
def test_a_device_is_left_out(stage: collect.Stage, tmp_path: Path) -> None:
    write(tmp_path / "s", {"a.py": CODE})
    os.mknod(tmp_path / "s" / "null", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    (submission,) = collected(stage, tmp_path / "s").submissions
    assert submission.notes == ("left out null: a device",)


def test_caps_on_depth_entries_and_bytes(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "s", {"a.py": CODE, "b/c/d/e.txt": "deep", "big.txt": "x" * 100,
                          "f1.txt": "1", "f2.txt": "2"})  # fmt: skip
    monkeypatch.setattr(collect, "DEPTH", 2)
    monkeypatch.setattr(collect, "FILE_BYTES", 90)
    (submission,) = collected(stage, tmp_path / "s").submissions
    assert submission.notes == (
        "left out b/c/d: a folder more than 2 deep",
        "left out big.txt: larger than 0 MiB",
    )
    monkeypatch.setattr(collect, "MEMBERS", 4)
    (submission,) = collected(stage, tmp_path / "s").submissions
    assert submission.notes[-1] == (
        "left out big.txt: more than 4 files and members were read before it, which were the "
        "last read here"
    )
    monkeypatch.setattr(collect, "MEMBERS", 100)
    monkeypatch.setattr(collect, "TREE_BYTES", len(CODE) + 2)
    (submission,) = collected(stage, tmp_path / "s").submissions
    assert submission.notes[-1] == (
        "left out big.txt: the 0 GiB that one folder or zip may take are used up"
    )


def test_many_left_out_files_are_counted_not_listed(stage: collect.Stage, tmp_path: Path) -> None:
    student = write(tmp_path / "s", {"a.py": CODE})
    for number in range(25):
        (student / f"link{number:02d}").symlink_to("/etc/passwd")
    (submission,) = collected(stage, student).submissions
    assert len(submission.notes) == 21
    assert submission.notes[-1] == "left out 5 more files (their reasons as above)"


def test_an_unreadable_entry_is_left_out_with_why(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "s", {"a.py": CODE, "locked.txt": "x"})
    real = os.stat

    def refusing(path: Any, *args: Any, **kwargs: Any) -> Any:
        if path == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", refusing)
    (submission,) = collected(stage, tmp_path / "s").submissions
    assert submission.notes == ("left out locked.txt: unreadable (Permission denied)",)


# -- Entry points that cannot be run --------------------------------------------------------------


def test_an_entry_point_that_cannot_be_read_is_the_error(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "latin.py").write_bytes(b"# caf\xe9\nx = 1\n")
    (tmp_path / "cookie.py").write_bytes(b"# -*- coding: klingon -*-\nx = 1\n")
    (tmp_path / "broken.ipynb").write_text("{not json")
    found = collected(
        stage, tmp_path / "latin.py", tmp_path / "cookie.py", tmp_path / "broken.ipynb"
    )
    assert [s.error for s in found.submissions] == [
        "latin.py is not readable as Python text",
        "cookie.py is not readable as Python text",
        "not a readable notebook",
    ]
    monkeypatch.setattr(collect, "FILE_BYTES", 5)
    big = collected(stage, tmp_path / "broken.ipynb").submissions[0]
    assert big.error == ("not graded: broken.ipynb: not a readable notebook, and larger than 0 MiB")
    assert big.notes == ("left out broken.ipynb: not a readable notebook, and larger than 0 MiB",)


def notebook(code: str, output_bytes: int = 0, markdown: str = "") -> str:
    cells: List[Dict[str, Any]] = [{"cell_type": "markdown", "source": markdown, "metadata": {}}]
    outputs = [{"output_type": "stream", "name": "stdout", "text": "x" * output_bytes}]
    cells.append({"cell_type": "code", "source": code.splitlines(keepends=True),
                  "outputs": outputs if output_bytes else [], "metadata": {}})  # fmt: skip
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_notebooks_outputs_are_dropped_before_the_caps(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "big.ipynb").write_text(notebook(CODE, 3 << 20))
    (submission,) = collected(stage, tmp_path / "big.ipynb").submissions
    assert submission.error is None
    assert submission.notes == (
        "big.ipynb: its saved outputs and markdown (3.0 MiB) were dropped; its code cells are "
        "graded",
    )
    assert os.path.getsize(os.path.join(submission.folder, "big.ipynb")) < 1000
    assert collect.cells(submission)[0] == [CODE.rstrip("\n")]
    monkeypatch.setattr(collect, "FILE_BYTES", 100)
    (submission,) = collected(stage, tmp_path / "big.ipynb").submissions
    assert submission.error == "not graded: big.ipynb: its code is larger than 0 MiB"


# -- Zips -----------------------------------------------------------------------------------------


def test_a_class_zip_is_read_member_by_member(stage: collect.Stage, tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as bundle:
        bundle.writestr("dora/solution.py", CODE)
        bundle.writestr("dora/old.zip", b"PK\x05\x06" + bytes(18))
    archive = zipped(tmp_path / "class.zip", {
        "submissions/ada/embedder.py": CODE,
        "submissions/ada/inside": link_info("submissions/ada/inside", "embedder.py"),
        "submissions/ada/outside": link_info("submissions/ada/outside", "/etc/passwd"),
        "submissions/ada/long": link_info("submissions/ada/long", "x" * 5000),
        "submissions/bob.py": CODE,
        "submissions/dora.zip": inner.getvalue(),
        "submissions/eve.zip": b"not a zip",
        "submissions/__MACOSX/._bob.py": "junk",
        "submissions/ada/__pycache__/x.pyc": "junk",
        "submissions/folder/": "",
        "../evil.py": CODE,
        "/absolute.py": CODE,
        "submissions//double.py": CODE,
    })  # fmt: skip
    found = collected(stage, archive)
    assert names(found) == {
        "submissions/ada": "embedder.py",
        "submissions/bob.py": "bob.py",
        "submissions/dora.zip": "dora/solution.py",
        "submissions/eve.zip": "not graded: not a readable zip file (File is not a zip file)",
    }
    ada = found.submissions[0]
    assert staged(ada) == {"embedder.py": CODE, "inside": "-> embedder.py"}
    assert ada.notes == (
        "left out __pycache__: a hidden or cache file or folder, no student's work",
        "left out long: a link with a target longer than 4096 bytes",
        "left out outside: a link to /etc/passwd, outside the submission",
    )
    assert found.skipped == [
        "../evil.py: a path outside the archive (zip slip)",
        "/absolute.py: a path outside the archive (zip slip)",
        "submissions//double.py: a path outside the archive (zip slip)",
        "__MACOSX: a hidden or cache file or folder, no student's work",
    ]
    assert "dora/old.zip" in staged(found.submissions[2])  # deeper zips stay plain files


def test_a_single_wrapping_folder_that_is_one_student_stays_one(
    stage: collect.Stage, tmp_path: Path
) -> None:
    archive = zipped(tmp_path / "ada.zip", {"ada/embedder.py": "import data\n" + CODE,
                                            "ada/data.py": "V = 1\n"})  # fmt: skip
    assert names(collected(stage, archive)) == {"ada": "embedder.py"}


def test_zip_members_beyond_the_caps_are_left_out(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = zipfile.ZipInfo("ada/bomb.bin")
    bomb.compress_type = zipfile.ZIP_DEFLATED
    fifo = zipfile.ZipInfo("ada/fifo")
    fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("ada/embedder.py", CODE)
        bundle.writestr(bomb, bytes(3 << 20))
        bundle.writestr(fifo, "")
        bundle.writestr("ada/big.txt", "x" * 200)
    monkeypatch.setattr(collect, "FILE_BYTES", 100)
    monkeypatch.setattr(collect, "RATIO_FLOOR", 1000)
    (ada,) = collected(stage, archive).submissions
    assert ada.notes == (
        "left out big.txt: larger than 0 MiB",
        f"left out bomb.bin: compressed {(3 << 20) // archive_size(archive, 'ada/bomb.bin'):,} "
        "times (a zip bomb?)",
        "left out fifo: a FIFO",
    )


def archive_size(archive: Path, name: str) -> int:
    with zipfile.ZipFile(archive) as bundle:
        return bundle.getinfo(name).compress_size


def test_a_zip_that_lies_about_a_members_size_gives_no_more_than_it_says(
    stage: collect.Stage, tmp_path: Path
) -> None:
    archive = zipped(tmp_path / "class.zip", {"ada/embedder.py": CODE, "ada/data.txt": "y" * 300})
    data = archive.read_bytes()
    header = data.index(b"ada/data.txt") - 30  # the local header of the member
    central = data.rindex(b"ada/data.txt") - 46
    for start in (header + 22, central + 24):  # its uncompressed size, in both records: 3
        data = data[:start] + struct.pack("<I", 3) + data[start + 4 :]
    archive.write_bytes(data)
    (ada,) = collected(stage, archive).submissions
    assert ada.notes == ("left out data.txt: unreadable (Bad CRC-32 for file 'ada/data.txt')",)


def test_an_unreadable_or_encrypted_member_is_left_out(
    stage: collect.Stage, tmp_path: Path
) -> None:
    archive = zipped(tmp_path / "class.zip", {
        "ada/embedder.py": CODE, "ada/data.txt": "z" * 300, "ada/secret.txt": "hidden",
    })  # fmt: skip
    data = bytearray(archive.read_bytes())
    data[data.index(b"ada/data.txt") + len("ada/data.txt") + 5] ^= 0xFF  # its compressed data
    local, central = data.index(b"ada/secret.txt") - 30, data.rindex(b"ada/secret.txt") - 46
    data[local + 6] |= 1  # the flag that says "encrypted", in both records
    data[central + 8] |= 1
    archive.write_bytes(bytes(data))
    (ada,) = collected(stage, archive).submissions
    assert ada.notes[0].startswith("left out data.txt: unreadable (Error -3 while decompressing")
    assert ada.notes[1] == "left out secret.txt: encrypted"


def test_a_zip_with_too_many_members_is_refused_before_it_is_read(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = zipped(tmp_path / "class.zip", {f"s{i}/a.py": CODE for i in range(5)})
    outer = zipped(tmp_path / "outer.zip", {"ada.zip": archive.read_bytes(), "bob.py": CODE})
    monkeypatch.setattr(collect, "MEMBERS", 4)
    with pytest.raises(collect.UsageError, match="holds 5 members, more than the 4 read"):
        collected(stage, archive)
    assert names(collected(stage, outer)) == {
        "ada.zip": "not graded: holds 5 members, more than the 4 read",
        "bob.py": "bob.py",
    }


def test_the_member_count_is_read_from_the_end_record() -> None:
    record = b"PK\x05\x06" + struct.pack("<4H2LH", 0, 0, 7, 7, 0, 0, 0)
    assert collect._member_count(io.BytesIO(b"junk" + record)) == 7
    large = b"PK\x06\x06" + bytes(28) + struct.pack("<Q", 123456)
    zip64 = large + b"PK\x05\x06" + struct.pack("<4H2LH", 0, 0, 0xFFFF, 0xFFFF, 0, 0, 0)
    assert collect._member_count(io.BytesIO(zip64)) == 123456
    assert collect._member_count(io.BytesIO(b"no record here")) == 0
    assert collect._member_count(io.BytesIO(b"PK\x05\x06 cut")) == 0


def test_names_the_system_cannot_hold_are_left_out(stage: collect.Stage, tmp_path: Path) -> None:
    archive = zipped(tmp_path / "class.zip", {
        "ada/embedder.py": CODE, "ada/" + "n" * 300 + ".txt": "x", "ada/both": "file",
        "ada/both/inner.txt": "x", "ada/both/link": link_info("ada/both/link", "../embedder.py"),
    })  # fmt: skip
    (ada,) = collected(stage, archive).submissions
    assert ada.notes[0].startswith("left out both/inner.txt: it cannot be written here (")
    assert ada.notes[1].startswith("left out both/link: it cannot be written here (")
    assert ada.notes[2].startswith("left out " + "n" * 300 + ".txt: it cannot be written here (")


def test_only_python_that_was_left_out_is_the_reason(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "s", {"big.py": "x" * 200, "notes.txt": "x"})
    monkeypatch.setattr(collect, "FILE_BYTES", 100)
    (submission,) = collected(stage, tmp_path / "s" / "big.py").submissions
    assert submission.error == "not graded: big.py: larger than 0 MiB"


# -- The static reading, in a helper process ------------------------------------------------------


def test_a_helper_never_asked_starts_no_process() -> None:
    with collect.Analyser() as analyser:
        pass
    assert analyser.process is None


def test_the_helper_reads_code_in_a_process_of_its_own() -> None:
    with collect.Analyser() as analyser:
        found = analyser.facts("import sentemb\n" + CODE)
        assert (found.imports, found.methods, found.functions) == (frozenset({"sentemb"}), 1, 1)
        assert analyser.facts("def (").error == "SyntaxError"
        pid = analyser.process.pid if analyser.process else None
        assert analyser.facts("x = 1").error is None
        assert analyser.process is not None
        assert analyser.process.pid == pid


def test_a_helper_that_crashes_or_hangs_costs_only_that_files_facts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with collect.Analyser(seconds=0.3) as analyser:
        analyser.command = [sys.executable, "-c", "import sys; sys.stdin.readline()"]
        assert analyser.facts("x = 1") == collect.Facts(error="the parser crashed")
        analyser.command = [sys.executable, "-c", "import time; time.sleep(30)"]
        assert analyser.facts("x = 1") == collect.Facts(error="the parser took too long")
        assert analyser.process is None
        signals.STOP.set()
        try:
            with pytest.raises(signals.Stopped):
                analyser.facts("x = 1")
        finally:
            signals.STOP.clear()


def test_large_code_is_not_read_statically(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"big.py": CODE * 10})
    monkeypatch.setattr(collect, "ANALYSED_BYTES", 100)
    (submission,) = collected(stage, tmp_path / "big.py").submissions
    assert submission.notes == ("big.py could not be read statically (larger than 0 MiB)",)


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (b"not json", "the parser's reply cannot be read"),
        (b"[]", "unknown"),
        (b'{"error": "RecursionError"}', "RecursionError"),
        (b'{"imports": "x", "shapes": [], "methods": 0, "functions": 0, "names_reference": false}',
         "the parser's reply cannot be read"),
        (b'{"imports": [1], "shapes": [], "methods": 0, "functions": 0, "names_reference": false}',
         "the parser's reply cannot be read"),
        (b'{"imports": [], "shapes": [], "methods": -1, "functions": 0, "names_reference": false}',
         "the parser's reply cannot be read"),
        (b'{"imports": [], "shapes": [], "methods": 0, "functions": 0, "names_reference": 1}',
         "the parser's reply cannot be read"),
        (b'{"imports": [], "shapes": {}, "methods": 0, "functions": 0, "names_reference": true}',
         "the parser's reply cannot be read"),
        (b'{"imports": [], "shapes": [], "methods": true, "functions": 0, "names_reference": true}',
         "the parser's reply cannot be read"),
    ],
)  # fmt: skip
def test_the_helpers_reply_is_checked(line: bytes, error: str) -> None:
    assert collect._facts(line) == collect.Facts(error=error)


def test_the_facts_of_a_source() -> None:
    found = analysis.facts(
        "import a.b, c\nfrom . import d\nfrom e.f import g\nimportlib.import_module('h.i')\n"
        "__import__('j')\nimport_module(k)\nx = 'sentemb'\ny = 'not/sentemb.py'\n"
    )
    assert found["imports"] == ["a", "c", "d", "e", "h", "j"]
    assert found["names_reference"] is True
    assert analysis.facts("x = 'grade.csv'")["names_reference"] is False


def test_a_renamed_copy_has_the_same_shape() -> None:
    body = "".join(f"    v{i} = a + {i}\n" for i in range(12))
    one = analysis.facts(f'def f(a):\n    """doc"""\n{body}    return v1\n')["shapes"]
    other = analysis.facts(f"def g(b):\n{body.replace('a +', 'b +')}    return v1\n")["shapes"]
    assert one == other != []
    assert analysis.facts("def f(a):\n    return a\n")["shapes"] == []
