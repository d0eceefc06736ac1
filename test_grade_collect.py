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


FACTS = {"imports": [], "methods": 0, "functions": 0, "fingerprints": [], "units": [],
         "payloads": 0, "obfuscated": []}  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"),
    [("imports", "x"), ("imports", [1]), ("methods", -1), ("methods", True), ("payloads", 1.5),
     ("fingerprints", {}), ("fingerprints", [[1]]), ("fingerprints", [[1, "2"]]),
     ("units", [[1, 2, 3]]), ("units", [["f", 2, -3]]), ("obfuscated", [-1]), ("obfuscated", 1)],
)  # fmt: skip
def test_the_helpers_reply_is_checked(field: str, value: Any) -> None:
    line = json.dumps({**FACTS, field: value}).encode()
    assert collect._facts(line) == collect.Facts(error="the parser's reply cannot be read")
    assert collect._facts(json.dumps(FACTS).encode()) == collect.Facts()


@pytest.mark.parametrize(
    ("line", "error"),
    [(b"not json", "the parser's reply cannot be read"), (b"[]", "unknown"),
     (b'{"error": "RecursionError"}', "RecursionError")],
)  # fmt: skip
def test_the_helpers_errors_are_kept(line: bytes, error: str) -> None:
    assert collect._facts(line) == collect.Facts(error=error)


def test_the_facts_of_a_source() -> None:
    found = analysis.facts(
        "import a.b, c\nfrom . import d\nfrom e.f import g\nimportlib.import_module('h.i')\n"
        "__import__('j')\nimport_module(k)\nx = 'sentemb'\ny = 'not/sentemb.py'\n"
    )
    assert found["imports"] == ["a", "c", "d", "e", "h", "j"]
    assert (found["payloads"], found["obfuscated"], found["units"]) == (0, [], [])


# -- Exactly at the caps, and what is staged ------------------------------------------------------


def test_a_file_at_the_cap_is_kept_and_one_byte_more_is_not(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cap = 2 << 20
    monkeypatch.setattr(collect, "FILE_BYTES", cap)
    write(tmp_path / "s", {"a.py": CODE})
    (tmp_path / "s" / "exact.bin").write_bytes(bytes(cap))
    (tmp_path / "s" / "over.bin").write_bytes(bytes(cap + 1))
    (submission,) = collected(stage, tmp_path / "s").submissions
    assert submission.notes == ("left out over.bin: larger than 2 MiB",)
    assert os.path.getsize(os.path.join(submission.folder, "exact.bin")) == cap
    archive = zipped(tmp_path / "class.zip", {"ada/a.py": CODE, "ada/exact.bin": "",
                                             "ada/over.bin": ""})  # fmt: skip
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("ada/a.py", CODE)
        bundle.writestr("ada/exact.bin", bytes(cap))
        bundle.writestr("ada/over.bin", bytes(cap + 1))
    (ada,) = collected(stage, archive).submissions
    assert ada.notes == ("left out over.bin: larger than 2 MiB",)


def test_the_stage_is_private_and_its_copies_readable_by_a_sandbox(stage: collect.Stage) -> None:
    assert os.path.basename(stage.root).startswith("sentemb-grade-")
    assert stat.S_IMODE(os.stat(stage.root).st_mode) == 0o700
    path, file = stage.blob()
    file.close()
    folder = stage.folder()
    assert (stat.S_IMODE(os.stat(path).st_mode), stat.S_IMODE(os.stat(folder).st_mode)) == (
        0o644 & ~_umask(),
        0o755,
    )
    stage.close()
    assert not os.path.exists(stage.root)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_folders_in_a_submission_are_made_open_to_read(
    stage: collect.Stage, tmp_path: Path
) -> None:
    write(tmp_path / "s", {"a.py": CODE, "data/deep/v.txt": "1"})
    (submission,) = collected(stage, tmp_path / "s").submissions
    for inside in ("data", "data/deep"):
        assert stat.S_IMODE(os.stat(os.path.join(submission.folder, inside)).st_mode) == 0o755


def test_a_stripped_notebook_is_a_valid_notebook_of_code_cells(
    stage: collect.Stage, tmp_path: Path
) -> None:
    (tmp_path / "n.ipynb").write_text(notebook(CODE, 10, "# a title"))
    (submission,) = collected(stage, tmp_path / "n.ipynb").submissions
    staged_notebook = Path(submission.folder, "n.ipynb").read_text(encoding="utf-8")
    document = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {},
                           "outputs": [], "source": CODE}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
    assert staged_notebook == json.dumps(document, indent=1)
    assert submission.notes == ()  # less than 1 MiB was dropped: no note


def test_a_notebooks_outputs_note_says_how_much_was_dropped(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.ipynb").write_text(notebook(CODE, (1 << 20) + (1 << 19)))
    (submission,) = collected(stage, tmp_path / "a.ipynb").submissions
    assert submission.notes == (
        "a.ipynb: its saved outputs and markdown (1.5 MiB) were dropped; its code cells are graded",
    )
    monkeypatch.setattr(collect, "FILE_BYTES", 2 << 20)
    (tmp_path / "b.ipynb").write_text(notebook(CODE * 30000))
    (big,) = collected(stage, tmp_path / "b.ipynb").submissions
    assert big.error == "not graded: b.ipynb: its code is larger than 2 MiB"
    (tmp_path / "c.ipynb").write_text("{not json" + " " * (3 << 20))
    (unreadable,) = collected(stage, tmp_path / "c.ipynb").submissions
    assert unreadable.error == (
        "not graded: c.ipynb: not a readable notebook, and larger than 2 MiB"
    )
    (tmp_path / "d.ipynb").write_text("{not json" + " " * ((2 << 20) - 9))
    (exact,) = collected(stage, tmp_path / "d.ipynb").submissions
    assert exact.error == "not a readable notebook"  # at the cap: kept, and said unreadable


def test_a_notebooks_cells_count_for_its_folder(stage: collect.Stage, tmp_path: Path) -> None:
    write(tmp_path / "s", {"solution.ipynb": notebook("import helpers\n" + CODE),
                           "helpers.py": "X = 1\n"})  # fmt: skip
    (submission,) = collected(stage, tmp_path / "s").submissions
    assert submission.entry == "solution.ipynb"
    assert submission.facts["solution.ipynb"].imports == frozenset({"helpers"})
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "bad.ipynb").write_text("{not json")
    (tmp_path / "t" / "latin.py").write_bytes(b"x = '\xe9'\n")
    found = collected(stage, tmp_path / "t")
    facts = {p: f for s in found.submissions for p, f in s.facts.items()}
    assert facts == {
        "bad.ipynb": collect.Facts(error="not readable as Python text"),
        "latin.py": collect.Facts(error="not readable as Python text"),
    }


def test_code_at_the_analysis_cap_is_read(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collect, "ANALYSED_BYTES", 3 << 20)
    source = CODE + "#" * ((3 << 20) - len(CODE) - 1) + "\n"
    write(tmp_path, {"exact.py": source, "over.py": source + "\n"})
    found = collected(stage, tmp_path / "exact.py", tmp_path / "over.py")
    assert found.submissions[0].facts["exact.py"].methods == 1
    assert found.submissions[1].notes == (
        "over.py could not be read statically (larger than 3 MiB)",
    )


def test_exactly_notes_left_out_files_are_listed_all(stage: collect.Stage, tmp_path: Path) -> None:
    student = write(tmp_path / "s", {"a.py": CODE})
    for number in range(collect.NOTES):
        (student / f"link{number:02d}").symlink_to("/etc/passwd")
    (submission,) = collected(stage, student).submissions
    assert len(submission.notes) == collect.NOTES
    assert not any("more files" in note for note in submission.notes)


def test_link_and_zip_slip_texts_are_cut_short(stage: collect.Stage, tmp_path: Path) -> None:
    student = write(tmp_path / "s", {"a.py": CODE})
    (student / "far").symlink_to("/" + "x" * 150)
    (submission,) = collected(stage, student).submissions
    assert submission.notes == (
        f"left out far: a link to {'/' + 'x' * 99}, outside the submission",
    )
    archive = zipped(tmp_path / "class.zip", {"ada/a.py": CODE, "../" + "y" * 250: CODE})
    assert collected(stage, archive).skipped == [
        f"{('../' + 'y' * 250)[:200]}: a path outside the archive (zip slip)"
    ]


def test_zip_names_are_read_as_paths(stage: collect.Stage, tmp_path: Path) -> None:
    folder = zipfile.ZipInfo("ada/DATAX")
    folder.external_attr = (stat.S_IFDIR | 0o755) << 16
    archive = zipped(tmp_path / "class.zip", {
        "ada\\solution.py": CODE, "ada/NOTEX": "x", "ada/DATAX": folder, "ROX/a.py": CODE,
    })  # fmt: skip
    found = collected(stage, archive)
    assert names(found) == {"ROX": "a.py", "ada": "solution.py"}
    ada = found.submissions[1]
    assert staged(ada) == {"solution.py": CODE, "NOTEX": "x"}
    assert ada.notes == ("left out DATAX: not a regular file",)


def test_link_targets_at_the_cap_are_read_and_odd_bytes_kept(
    stage: collect.Stage, tmp_path: Path
) -> None:
    archive = zipped(tmp_path / "class.zip", {
        "ada/a.py": CODE,
        "ada/exact": link_info("ada/exact", "a" * 4096),
        "ada/over": link_info("ada/over", "a" * 4097),
    })  # fmt: skip
    with zipfile.ZipFile(archive, "a") as bundle:
        odd = zipfile.ZipInfo("ada/odd")
        odd.external_attr = (stat.S_IFLNK | 0o777) << 16
        bundle.writestr(odd, b"caf\xe9")
    (ada,) = collected(stage, archive).submissions
    assert "left out over: a link with a target longer than 4096 bytes" in ada.notes
    assert staged(ada)["odd"] == "-> caf\udce9"
    assert ada.notes[1].startswith(  # read at 4096 bytes, then too long for this system
        "left out exact: it cannot be written here ([Errno 36] File name too long"
    )


def test_the_ratio_and_its_floor_are_limits_not_thresholds_met(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("ada/a.py", CODE)
        bundle.writestr("ada/data.bin", bytes(1000))
    monkeypatch.setattr(collect, "RATIO", 1)  # stored: compressed exactly once
    monkeypatch.setattr(collect, "RATIO_FLOOR", 999)
    assert collected(stage, archive).submissions[0].notes == ()
    monkeypatch.setattr(collect, "RATIO", 0)
    monkeypatch.setattr(collect, "RATIO_FLOOR", 1000)  # at the floor: not checked
    assert collected(stage, archive).submissions[0].notes == ()


def test_a_students_zip_in_a_class_has_a_cap_of_its_own(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("a.py", CODE)
        bundle.writestr("pad.bin", bytes(3000))
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("ada.zip", inner.getvalue())
        bundle.writestr("bob/old.zip", inner.getvalue())
        bundle.writestr("bob/a.py", CODE)
    monkeypatch.setattr(collect, "FILE_BYTES", 2000)
    found = collected(stage, archive)
    assert names(found) == {"ada.zip": "a.py", "bob": "a.py"}
    assert found.submissions[0].notes == ("left out pad.bin: larger than 0 MiB",)
    assert found.submissions[1].notes == ("left out old.zip: larger than 0 MiB",)


def test_nested_zips_share_the_bytes_of_the_class(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = zipped_bytes({"a.py": CODE, "b.py": CODE})
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("ada.zip", inner)
        bundle.writestr("bob/a.py", CODE)
        bundle.writestr("carl.zip", inner)
    # both zips and bob's file, then room for one file: ada's second is left out; once ada's
    # zip is read its bytes come back, and carl's two files fit
    monkeypatch.setattr(collect, "TREE_BYTES", 2 * len(inner) + 2 * len(CODE))
    ada, bob, carl = collected(stage, archive).submissions
    assert ada.notes == ("left out b.py: the 0 GiB that one folder or zip may take are used up",)
    assert (bob.entry, carl.notes) == ("a.py", ("graded a.py, the file that defines the most",))


def test_a_zip_of_exactly_the_members_read_is_read(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = zipped(tmp_path / "class.zip", {f"s{i}/a.py": CODE for i in range(4)})
    monkeypatch.setattr(collect, "MEMBERS", 4)
    assert [s.error for s in collected(stage, archive).submissions] == [None] * 4


def test_the_end_record_is_read_where_zipfile_reads_it() -> None:
    record = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 9, 9, 0, 0, 0)
    assert collect._member_count(io.BytesIO(record)) == 9  # at the very start
    decoy = b"PK\x05\x06" + bytes(30)  # in a member's data, before the real record
    assert collect._member_count(io.BytesIO(decoy + record)) == 9
    huge = b"PK\x06\x06" + bytes(28) + struct.pack("<Q", 2**64 - 1)
    zip64 = huge + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0, 0, 0)
    assert collect._member_count(io.BytesIO(zip64)) == 2**64 - 1
    plain = huge + record  # a zip64-like record, but the count needs none
    assert collect._member_count(io.BytesIO(plain)) == 9
    commented = record[:-2] + struct.pack("<H", 0xFFFF) + bytes(0xFFFF)
    assert collect._member_count(io.BytesIO(bytes(100) + commented)) == 9


def test_the_zip64_record_must_hold_its_count() -> None:
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0, 0, 0)
    short = b"PK\x06\x06" + bytes(10)  # its count would run past the end
    assert collect._member_count(io.BytesIO(short + end)) == 0xFFFF
    exact = b"PK\x06\x06" + bytes(14)  # its count is the end record's last 8 bytes, zeros
    assert collect._member_count(io.BytesIO(exact + end)) == 0


def test_files_given_are_opened_without_following_links(
    stage: collect.Stage, tmp_path: Path
) -> None:
    (tmp_path / "real.py").write_text(CODE)
    (tmp_path / "link.py").symlink_to("real.py")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder-link").symlink_to("folder")
    os.mkfifo(tmp_path / "fifo.py")
    with pytest.raises(OSError, match="Too many levels of symbolic links"):
        collect._open_file(str(tmp_path / "link.py"))
    with pytest.raises(NotADirectoryError):
        collect._read_folder(str(tmp_path / "folder-link"), stage)
    with pytest.raises(collect.UsageError, match=r"not a \.py, \.ipynb, \.zip or folder"):
        collect._open_file(str(tmp_path / "fifo.py"))  # opened at once, and refused


def test_an_entry_that_changes_kind_while_read_is_left_out(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    student = write(tmp_path / "s", {"a.py": CODE})
    os.mkfifo(student / "was-a-file")
    (student / "door").write_text("x")
    real = os.stat

    class Seen:
        def __init__(self, mode: int) -> None:
            self.st_mode = mode

    def lying(path: Any, *args: Any, **kwargs: Any) -> Any:
        if path == "was-a-file":
            return Seen(stat.S_IFREG | 0o644)
        if path == "door":
            return Seen(0o170000 & ~stat.S_IFREG | 0o644)  # a kind this system has no name for
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", lying)
    (submission,) = collected(stage, student).submissions
    assert submission.notes == (
        "left out door: not a regular file",
        "left out was-a-file: not a regular file",
    )


def test_the_entry_point_by_its_defining_then_by_its_place(
    stage: collect.Stage, tmp_path: Path
) -> None:
    four = "class A:\n" + "".join(f"    def m{i}(self): pass\n" for i in range(4))
    three = "class B:\n" + "".join(f"    def m{i}(self): pass\n" for i in range(3))
    and_one = three + "def f():\n    pass\n"
    cases = [
        ({"first.py": three, "second.py": four}, "first.py"),  # 3 or more methods are alike
        ({"first.py": three, "second.py": and_one}, "first.py"),  # and 3 or more functions
        ({"src/main.py": "import helpers\n" + CODE, "src/helpers.py": CODE}, "src/main.py"),
        ({"x.py": CODE, "sub/y.py": CODE}, "x.py"),  # nearer the top
        ({"a.py": CODE, "b.py": "import a\n" + CODE}, "b.py"),  # imported by no sibling
        ({"b.py": CODE, "a.py": CODE}, "a.py"),  # first by name, not by place in the zip
        ({"main.py": CODE, "helpers.py": CODE, "tests/t.py": "import helpers\n"}, "helpers.py"),
    ]
    for files, entry in cases:
        archive = zipped(tmp_path / "class.zip", {"ada.zip": zipped_bytes(files)})
        (ada,) = collected(stage, archive).submissions
        assert ada.entry == entry, files
        assert ada.notes[0] == f"graded {entry}, the file that defines the most"


def zipped_bytes(members: Dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, text in members.items():
            bundle.writestr(name, text)
    return buffer.getvalue()


def test_a_file_named_with_dots_is_no_module_of_that_name(
    stage: collect.Stage, tmp_path: Path
) -> None:
    write(tmp_path, {"embedder.py": "import helpers\n" + CODE, "helpers.v1.py": CODE})
    assert names(collected(stage, tmp_path)) == {"embedder.py": "embedder.py",
                                                 "helpers.v1.py": "helpers.v1.py"}  # fmt: skip


def test_a_submission_not_graded_has_no_folder_entry_or_facts(
    stage: collect.Stage, tmp_path: Path
) -> None:
    write(tmp_path, {"a.py": CODE, "b.py": CODE, "notes.txt": "x"})
    *_, ungraded = collected(stage, tmp_path).submissions
    assert ungraded == collect.Submission(
        "notes.txt", "", "", {}, (), "not graded: not a .py, .ipynb, .zip or folder (notes.txt)"
    )


def test_a_large_reply_of_the_helper_is_read_whole() -> None:
    source = "".join(f"import module{i}\n" for i in range(8000))
    with collect.Analyser() as analyser:
        assert len(analyser.facts(source).imports) == 8000


def test_the_helpers_reply_becomes_facts() -> None:
    line = (b'{"imports": ["b", "a"], "methods": 2, "functions": 3, "fingerprints": [[9, 1]], '
            b'"units": [["A.f", 1, 2]], "payloads": 1, "obfuscated": [4]}')  # fmt: skip
    assert collect._facts(line) == collect.Facts(frozenset({"a", "b"}), 2, 3, ((9, 1),),
                                                 (("A.f", 1, 2),), 1, (4,))  # fmt: skip


def test_the_helpers_error_is_cut_short() -> None:
    assert collect._facts(b'{"error": "' + b"x" * 80 + b'"}') == collect.Facts(error="x" * 60)


def test_a_link_to_the_parent_is_outside(stage: collect.Stage, tmp_path: Path) -> None:
    student = write(tmp_path / "s", {"a.py": CODE})
    (student / "parent").symlink_to("..")
    (submission,) = collected(stage, student).submissions
    assert submission.notes == ("left out parent: a link to .., outside the submission",)


def test_an_error_without_its_own_words_is_named_as_it_is(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "s", {"a.py": CODE, "odd.txt": "x"})
    real = os.stat

    def odd(path: Any, *args: Any, **kwargs: Any) -> Any:
        if path == "odd.txt":
            raise OSError("a plain error")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", odd)
    (submission,) = collected(stage, tmp_path / "s").submissions
    assert submission.notes == ("left out odd.txt: unreadable (a plain error)",)


def test_a_zip_in_a_students_zip_has_the_cap_of_a_file(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = zipped_bytes({"pad.txt": "p" * 3000})
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("a.py", CODE)
        bundle.writestr("inner.zip", inner)
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("ada.zip", outer.getvalue())
    monkeypatch.setattr(collect, "FILE_BYTES", 2000)
    (ada,) = collected(stage, archive).submissions
    assert ada.notes == ("left out inner.zip: larger than 0 MiB",)


def test_members_past_the_shared_count_are_named(
    stage: collect.Stage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = zipped_bytes({"a.py": CODE, "b.txt": "x", "c.txt": "y"})
    archive = zipped(tmp_path / "class.zip", {"ada.zip": inner, "bob.py": CODE})
    monkeypatch.setattr(collect, "MEMBERS", 4)  # the class's 2, then ada's a.py and b.txt
    ada = collected(stage, archive).submissions[0]
    assert ada.notes == (
        "left out c.txt: more than 4 files and members were read before it, which were the "
        "last read here",
    )


def test_a_notebooks_note_stays_with_it_in_a_class(stage: collect.Stage, tmp_path: Path) -> None:
    write(tmp_path, {"big.ipynb": notebook(CODE, 3 << 20), "other.py": CODE,
                     "ada/big.ipynb": notebook(CODE, 3 << 20)})  # fmt: skip
    found = {s.name: s.notes for s in collected(stage, tmp_path).submissions}
    dropped = "its saved outputs and markdown (3.0 MiB) were dropped; its code cells are graded"
    assert found == {"ada": (f"big.ipynb: {dropped}",), "big.ipynb": (f"big.ipynb: {dropped}",),
                     "other.py": ()}  # fmt: skip


def test_a_notebook_that_drops_exactly_a_mebibyte_says_nothing(
    stage: collect.Stage, tmp_path: Path
) -> None:
    code = f"x = '{'a' * 200_000}'\n"  # a large stripped copy: the drop is counted, not the file
    (tmp_path / "probe.ipynb").write_text(notebook(code))
    (probe,) = collected(stage, tmp_path / "probe.ipynb").submissions
    stripped = os.path.getsize(os.path.join(probe.folder, "probe.ipynb"))
    empty = len(notebook(code, 1)) - 1
    for name, dropped, note in (("exact", 1 << 20, False), ("over", (1 << 20) + 2, True)):
        text = notebook(code, stripped + dropped - empty)
        (tmp_path / f"{name}.ipynb").write_text(text)
        (submission,) = collected(stage, tmp_path / f"{name}.ipynb").submissions
        assert bool(submission.notes) is note, (name, len(text) - stripped)
        if note:
            assert submission.notes[0].endswith(
                f"({dropped / 2**20:.1f} MiB) were dropped; its code cells are graded"
            )


def test_the_entry_point_is_named_first_of_the_notes(stage: collect.Stage, tmp_path: Path) -> None:
    student = write(tmp_path / "s", {"a.py": CODE, "b.py": "import a\n" + CODE})
    (student / "far").symlink_to("/etc/passwd")
    (submission,) = collected(stage, student).submissions
    assert submission.notes == (
        "graded b.py, the file that defines the most",
        "left out far: a link to /etc/passwd, outside the submission",
    )


def test_the_bytes_used_up_are_said_in_gibibytes(
    stage: collect.Stage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collect, "TREE_BYTES", 2 << 30)
    tree = collect._Tree(stage)
    tree.budget.bytes = 10
    tree.add_file("a.txt", io.BytesIO(b"x" * 20), 100)
    assert tree.left_out == {"a.txt": "the 2 GiB that one folder or zip may take are used up"}


# -- Classes as the LMSs hand them over ---------------------------------------------------

EMBEDDER = (
    "from data import VOCAB\n\n\n"
    "class Embedder:\n    def average(self, sentence):\n        return VOCAB\n"
)


def test_each_lms_student_is_one_submission_of_the_files_as_they_named_them(
    stage: collect.Stage, tmp_path: Path
) -> None:
    write(tmp_path / "canvas", {"smithjohn_LATE_12345_67890_embedder.py": EMBEDDER,
                                "smithjohn_12345_67891_data.py": "VOCAB = [1]\n",
                                "lovelaceada_222_333_embedder-1.py": EMBEDDER,
                                "lovelaceada_222_334_data.py": "VOCAB = [2]\n"})  # fmt: skip
    moodle = tmp_path / "moodle"
    (moodle / "Ada Li_7_assignsubmission_file_").mkdir(parents=True)
    zipped(moodle / "Ada Li_7_assignsubmission_file_" / "work.zip",
           {"embedder.py": EMBEDDER, "data.py": "VOCAB = [3]\n"})  # fmt: skip
    write(moodle, {"Bo Li_8_assignsubmission_file_/embedder.py": CODE,
                   "Bo Li_8_assignsubmission_onlinetext_/onlinetext.html": "<p>hi"})  # fmt: skip
    for attempt, when in enumerate(("2026-12-01-10-00-00", "2026-12-02-09-30-00")):
        stem = f"blackboard/HW 1_kjohnson_attempt_{when}"
        write(tmp_path, {f"{stem}.txt": "Name: Katherine Johnson\n",
                         f"{stem}_embedder.py": EMBEDDER,
                         f"{stem}_data.py": f"VOCAB = [{attempt}]\n"})  # fmt: skip
    found = {lms: collected(stage, tmp_path / lms) for lms in ("canvas", "moodle", "blackboard")}
    rows = [(s.name, s.student, s.id, s.notes, s.error, s.entry, staged(s))
            for lms in found.values() for s in lms.submissions]  # fmt: skip
    graded = "graded embedder.py, the file that defines the most"
    assert rows == [
        ("lovelaceada", "lovelaceada", "222", (graded,), None, "embedder.py",
         {"embedder.py": EMBEDDER, "data.py": "VOCAB = [2]\n"}),
        ("smithjohn", "smithjohn", "12345", ("submitted late (Canvas)", graded), None,
         "embedder.py", {"embedder.py": EMBEDDER, "data.py": "VOCAB = [1]\n"}),
        ("Ada Li", "Ada Li", "7", (graded,), None, "embedder.py",
         {"embedder.py": EMBEDDER, "data.py": "VOCAB = [3]\n"}),
        ("Bo Li", "Bo Li", "8", ("left out Moodle's onlinetext folder (not code)",), None,
         "embedder.py", {"embedder.py": CODE}),
        ("kjohnson", "kjohnson", "kjohnson", ("left out data.py, of an earlier attempt",
         "left out embedder.py, of an earlier attempt", graded), None, "embedder.py",
         {"embedder.py": EMBEDDER, "data.py": "VOCAB = [1]\n"}),
    ]  # fmt: skip
    assert [lms.skipped for lms in found.values()] == [
        [],
        [],
        ["2 Blackboard receipt(s) (.txt): no student's work"],
    ]


def test_an_lms_students_notes_name_their_files_as_they_named_them(
    stage: collect.Stage, tmp_path: Path
) -> None:
    outputs = [{"output_type": "stream", "name": "stdout", "text": "y" * (1 << 21)}]
    cell = {"cell_type": "code", "source": "x = 1\n", "outputs": outputs, "metadata": {},
            "execution_count": 1}  # fmt: skip
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    canvas = write(tmp_path / "canvas", {"smithjohn_12345_67890_embedder.py": CODE,
                                         "smithjohn_12345_67893_work.ipynb":
                                             json.dumps(notebook)})  # fmt: skip
    os.mkfifo(canvas / "smithjohn_12345_67892_pipe.py")
    for n, name in enumerate(("a.zip", "b.zip")):  # two zips are no one zip of the student's work
        zipped(canvas / f"lovelaceada_222_{n}_{name}", {"embedder.py": CODE})
    found = collected(stage, canvas)
    assert [(s.student, s.id, s.notes, s.error) for s in found.submissions] == [
        ("lovelaceada", "222", (), "not graded: no .py or .ipynb file in it"),
        ("smithjohn", "12345", ("graded embedder.py, the file that defines the most",
                                "left out pipe.py: a FIFO",
                                "work.ipynb: its saved outputs and markdown (2.0 MiB) were "
                                "dropped; its code cells are graded"), None),
    ]  # fmt: skip


def test_the_lines_of_a_staged_file_are_its_code_as_read(
    stage: collect.Stage, tmp_path: Path
) -> None:
    cells = [{"cell_type": "code", "source": ["a = 1\n", "b = 2"], "outputs": [], "metadata": {},
              "execution_count": None},
             {"cell_type": "markdown", "source": "# not code", "metadata": {}},
             {"cell_type": "code", "source": "c = 3\n", "outputs": [], "metadata": {},
              "execution_count": None}]  # fmt: skip
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    folder = write(tmp_path / "ada", {"embedder.py": CODE, "work.ipynb": json.dumps(notebook),
                                      "latin.py": "x = 1\n"})  # fmt: skip
    (folder / "latin.py").write_bytes(b"x = '\xe9'\n")
    (submission,) = collect.collect([str(folder)], stage, LocalAnalyser(), one=True).submissions
    assert collect.source_lines(submission, "embedder.py") == CODE.splitlines()
    assert collect.source_lines(submission, "work.ipynb") == ["a = 1", "b = 2", "c = 3"]
    assert collect.source_lines(submission, "latin.py") == []
