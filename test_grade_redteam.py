"""The second red team's families, each run through the grader as an instructor runs it
(``python3 grade.py ...``, a program of its own): what a submission holds never reaches the
instructor, and no submission stops the class run."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

from conftest import private_grader

pytestmark = (
    pytest.mark.slow
)  # each runs the grader on processes: the matrix runs them on the newest Python

HERE = Path(__file__).resolve().parent
GRADE = os.environ.get("SENTEMB_GRADE_PY", str(HERE / "grade.py"))  # another grader, to compare
SAMPLES = HERE / "grading_samples"
ROOT = os.geteuid() == 0
PYTHON = "/usr/bin/python3" if ROOT and os.path.exists("/usr/bin/python3") else sys.executable
USERS = ["--user", "63500-63999"] if ROOT else []  # uids of these tests' own
FAST = ["--timeout", "5", "--memory", "400MiB", "--jobs", "2", "--python", PYTHON, *USERS]
SECRET = "TOPSECRET-7c1d"

CORRECT = (SAMPLES / "correct_lists.py").read_text(encoding="utf-8")


class Graded:
    """One run of the grader as a program: its exit status, output, and peak memory."""

    def __init__(self, status: int, out: bytes, err: bytes, rss: int, seconds: float) -> None:
        self.status, self.out, self.err, self.rss, self.seconds = status, out, err, rss, seconds

    def reports(self) -> List[Dict[str, Any]]:
        return [json.loads(line) for line in self.out.decode("utf-8").splitlines()]


def grader(
    *args: str,
    env: Optional[Dict[str, str]] = None,
    memory: Optional[int] = None,
    timeout: float = 120,
    program: str = GRADE,
) -> Graded:
    """Run grade.py (or another copy of it) with these arguments; ``memory`` caps its
    address space."""

    def limit() -> None:  # pragma: no cover - in the child, before exec
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, program, *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        preexec_fn=limit,
        timeout=timeout,
        check=False,
    )
    seconds = time.monotonic() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return Graded(done.returncode, done.stdout, done.stderr, rss if rss > before else 0, seconds)


def everything_written(run: Graded, *files: Path) -> bytes:
    return run.out + run.err + b"".join(f.read_bytes() for f in files if f.exists())


# -- Links out of a folder ------------------------------------------------------------------------

LEAKY = """
import os

_found = []
for _name in ("config.txt", "notes.txt"):
    try:
        with open(_name, encoding="utf-8", errors="replace") as _file:
            _found.append(_file.read()[:3000])
    except OSError:
        pass
"""


def leaky_source() -> str:
    """A correct class whose method 1 raises with whatever its linked files held."""
    return CORRECT.replace(
        "    def average_embedding(self, sentence):",
        "    def average_embedding(self, sentence):\n"
        "        if _found:\n"
        "            raise ValueError(' | '.join(_found))",
    ).replace('"""A correct answer', LEAKY + '\n"""A correct answer')


def test_links_out_of_a_folder_are_left_out_with_a_note(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / "embedder.py").write_text(leaky_source(), encoding="utf-8")
    secret = tmp_path / "root-only.txt"
    secret.write_text(SECRET + "-file")
    secret.chmod(0o600)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (clone / "config.txt").symlink_to("/proc/self/environ")
    (clone / "notes.txt").symlink_to(secret)
    (clone / "stdin.txt").symlink_to("/dev/stdin")
    (clone / "fifo.txt").symlink_to(fifo)
    (clone / "venv" / "bin").mkdir(parents=True)
    (clone / "venv" / "bin" / "python").symlink_to("/no/such/python3")
    table = tmp_path / "grades.csv"
    run = grader(str(clone), "--json", *FAST, env={"INSTRUCTOR_TOKEN": SECRET + "-env"}, timeout=60)
    assert run.status == 0, run.err
    assert SECRET.encode() not in everything_written(run, table)
    (report,) = run.reports()
    assert report["score"] == 10, report
    left_out = " ".join(report["notes"])
    for name in ("config.txt", "notes.txt", "stdin.txt", "fifo.txt", "venv/bin/python"):
        assert name in left_out, (name, report["notes"])


# -- Planted lock links ---------------------------------------------------------------------------


@pytest.mark.skipif(not ROOT, reason="only root claims uids")
def test_planted_lock_links_are_never_written_through(tmp_path: Path) -> None:
    planted = [Path(f"/run/lock/sentemb-grade-{uid}.lock") for uid in (62000, 62001)]
    target = tmp_path / "created-by-root"
    folder = tmp_path / "a-folder"
    folder.mkdir()
    try:
        planted[0].symlink_to(target)
        planted[1].symlink_to(folder)
        run = grader(str(SAMPLES / "correct_lists.py"), "--json", *FAST, "--user", "62000-62001")
        assert run.status == 0, run.err
        assert not target.exists()
        assert list(folder.iterdir()) == []
        assert run.reports()[0]["score"] == 10
    finally:
        for link in planted:
            if link.is_symlink():
                link.unlink()


# -- Deep code ------------------------------------------------------------------------------------


def test_deep_code_is_that_submissions_error_and_the_class_run_goes_on(tmp_path: Path) -> None:
    branches = "".join(f"    elif x == {i}:\n        y = {i}\n" for i in range(1, 1200))
    deep = f"def pick(x):\n    if x == 0:\n        y = 0\n{branches}    return y\n\n" + CORRECT
    (tmp_path / "deep.py").write_text(deep, encoding="utf-8")
    (tmp_path / "plain.py").write_text(CORRECT, encoding="utf-8")
    run = grader(str(tmp_path), "--json", *FAST)
    assert run.status == 0, run.err
    assert {r["submission"]: r["score"] for r in run.reports()} == {"deep.py": 10, "plain.py": 10}


# -- Malformed replies ----------------------------------------------------------------------------

MALFORMED = """
import sys

_harness = sys.modules["__main__"]


def _described(self, cls, *rest):
    return {"name": cls.__name__, "variables": {}, "instance_variables": {},
            "init": [], "methods": [["average", "instance"]]}


_harness.Session.describe_class = _described
"""


def test_a_malformed_reply_is_that_submissions_error(tmp_path: Path) -> None:
    (tmp_path / "malformed.py").write_text(MALFORMED + CORRECT, encoding="utf-8")
    (tmp_path / "plain.py").write_text(CORRECT, encoding="utf-8")
    run = grader(str(tmp_path), "--json", *FAST)
    assert run.status == 0, run.err
    reports = {r["submission"]: r for r in run.reports()}
    assert reports["plain.py"]["score"] == 10
    assert reports["malformed.py"]["score"] == 0
    assert "cannot be read" in reports["malformed.py"]["error"]


# -- Text of every kind, in every format, under any locale ----------------------------------------

SURROGATE = CORRECT.replace(
    "    def average_embedding(self, sentence):",
    "    def average_embedding(self, sentence):\n"
    "        raise ValueError('caf\\udce9 \\x1b[2J\\u202egnp.exe \\ud800')",
)


@pytest.fixture(scope="module")
def odd_names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("odd")
    latin = os.path.join(os.fsencode(folder), b"caf\xe9")
    os.mkdir(latin)
    with open(os.path.join(latin, b"embedder.py"), "w", encoding="utf-8") as file:
        file.write(CORRECT)
    (folder / "surrogate.py").write_text(SURROGATE, encoding="utf-8")
    (folder / "new\nline.py").write_text(CORRECT, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "locale",
    [{"PYTHONIOENCODING": "utf-8:strict"}, {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": ""},
     {"PYTHONIOENCODING": "latin-1:strict"}],
    ids=["utf-8", "C", "latin-1"],
)  # fmt: skip
def test_every_format_writes_any_text_under_any_locale(
    odd_names: Path, tmp_path: Path, locale: Dict[str, str]
) -> None:
    table, summary = tmp_path / "grades.csv", tmp_path / "summary.json"
    run = grader(str(odd_names), "--csv", str(table), "--summary", str(summary), *FAST, env=locale)
    assert run.status == 0, run.err.decode(errors="replace")
    lines = everything_written(run, table, summary).decode("utf-8")
    assert "\x1b" not in lines
    assert "\u202e" not in lines
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert len(rows) == 4
    assert len(json.loads(summary.read_text(encoding="utf-8"))["not_graded"]) == 0
    run = grader(str(odd_names), "--json", *FAST, env=locale)
    assert run.status == 0, run.err.decode(errors="replace")
    reports = {r["submission"]: r for r in run.reports()}
    assert set(reports) == {"caf\\xe9", "new\\nline.py", "surrogate.py"}
    assert reports["surrogate.py"]["checks"][1]["feedback"].startswith(
        "average_embedding(): ValueError: caf\\xe9 \\x1b[2J\\u202egnp.exe \\ud800"
    )


# -- Zip bombs, big class zips, big notebooks -----------------------------------------------------


def zeros_zip(members: int, size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        block = bytes(size)
        for number in range(members):
            bundle.writestr(f"data/zeros{number}.bin", block)
    return buffer.getvalue()


@pytest.mark.slow
def test_a_nested_zip_bomb_leaves_the_grader_small_and_every_student_graded(
    tmp_path: Path,
) -> None:
    bomb = zeros_zip(24, 15 << 20)  # about 380 MB once expanded, 0.4 MB as it comes
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("ada.py", CORRECT)
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as student:
            student.writestr("bob/embedder.py", CORRECT)
            student.writestr("bob/bomb.zip", bomb)
        bundle.writestr("bob.zip", inner.getvalue())
        bundle.writestr("carl.zip", bomb)
    assert archive.stat().st_size < 2 << 20
    run = grader(str(archive), "--json", *FAST, memory=1 << 30)
    assert run.status == 0, run.err
    reports = {r["submission"]: r for r in run.reports()}
    assert set(reports) == {"ada.py", "bob.zip", "carl.zip"}
    assert reports["ada.py"]["score"] == reports["bob.zip"]["score"] == 10
    assert reports["carl.zip"]["error"]
    assert run.rss < 300 << 10, run.rss  # KiB


def notebook(output_bytes: int) -> bytes:
    """A correct notebook whose one code cell saved ``output_bytes`` of printed output."""
    printed = ["0.123456789\n"] * (output_bytes // 12)
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": [{"name": "stdout", "output_type": "stream", "text": printed}],
        "source": CORRECT.splitlines(keepends=True),
    }
    document = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document).encode("utf-8")


@pytest.mark.slow
def test_big_outputs_big_notebooks_and_big_class_zips_are_graded(tmp_path: Path) -> None:
    big = notebook(20 << 20)
    (tmp_path / "alone.ipynb").write_bytes(big)
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("ada/embedder.py", CORRECT)
        bundle.writestr("bob/solution.ipynb", notebook(24 << 20))
        bundle.writestr("carl/embedder.py", CORRECT)
    assert archive.stat().st_size > 21 << 20
    run = grader(str(tmp_path / "alone.ipynb"), str(archive), "--json", *FAST)
    assert run.status == 0, run.err
    reports = {r["submission"]: r for r in run.reports()}
    assert {name: r["score"] for name, r in reports.items()} == {
        str(tmp_path / "alone.ipynb"): 10,
        "ada": 10,
        "bob": 10,
        "carl": 10,
    }
    assert any("output" in note for note in reports["bob"]["notes"])


# -- The signature flood, under --limit, and a signal while it is judged --------------------------


def flood_source(methods: int = 2000, parameters: int = 19) -> str:
    defaults = ", ".join(f"p{i}='mean'" for i in range(parameters))
    body = "".join(
        f"    def m{i}(self, sentence, {defaults}):\n        return [0, {i}]\n\n"
        for i in range(methods)
    )
    return f"class Flood:\n{body}"


@pytest.mark.slow
def test_the_signature_flood_is_bounded_by_limit(tmp_path: Path) -> None:
    (tmp_path / "flood.py").write_text(flood_source(), encoding="utf-8")
    run = grader(str(tmp_path / "flood.py"), "--json", *FAST, "--limit", "10", timeout=120)
    assert run.status == 0, run.err
    assert run.seconds < 20, run.seconds
    assert run.rss < 400 << 10, run.rss
    (report,) = run.reports()
    assert report["score"] == 0


@pytest.mark.slow
def test_sigint_after_a_flood_was_graded_ends_the_run_within_a_second(tmp_path: Path) -> None:
    """The flood is tried, judged, and the run goes on to endless loops: a signal at any of
    those stages ends the run within a second."""
    (tmp_path / "a_correct.py").write_text(CORRECT, encoding="utf-8")
    (tmp_path / "b_flood.py").write_text(flood_source(), encoding="utf-8")
    loop = (SAMPLES / "infinite_loop.py").read_text(encoding="utf-8")
    for name in ("c_loop.py", "d_loop.py", "e_loop.py"):
        (tmp_path / name).write_text(loop, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, GRADE, str(tmp_path), "--json", *FAST, "--jobs", "1", "--limit", "3",
         "--timeout", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    try:
        first = json.loads(process.stdout.readline())
        time.sleep(4)  # the flood is graded: called, then judged, or done and a loop runs
        process.send_signal(signal.SIGINT)
        start = time.monotonic()
        _, err = process.communicate(timeout=120)
        took = time.monotonic() - start
    finally:
        process.kill()
        process.wait()
    assert first["score"] == 10
    assert process.returncode == 130, err
    assert took < 1.5, took


# -- Litter in shared temporary folders -----------------------------------------------------------

LITTER = """
import os
import tempfile

_folders = ("/tmp", "/var/tmp", "/dev/shm", tempfile.gettempdir(), os.environ.get("TMPDIR", "/"))
for _folder in _folders:
    for _number in range(3):
        _name = os.path.join(_folder, f"sentemb-litter-{os.getpid()}-{_number}")
        try:
            with open(_name, "w") as _file:
                _file.write("x" * 1000)
        except OSError:
            pass
"""


def litter() -> List[str]:
    found = []
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        try:
            found += [os.path.join(folder, n) for n in os.listdir(folder) if "sentemb-litter" in n]
        except OSError:
            continue
    return found


@pytest.fixture
def no_litter() -> Iterator[None]:
    yield
    for path in litter():
        os.unlink(path)


@pytest.mark.parametrize("sandbox", [[], ["--sandbox", "uid"]], ids=["auto", "uid"])
@pytest.mark.usefixtures("no_litter")
def test_nothing_is_left_in_shared_temporary_folders(tmp_path: Path, sandbox: List[str]) -> None:
    if sandbox and not ROOT:
        pytest.skip("the uid sandbox needs root")
    (tmp_path / "litter.py").write_text(LITTER + CORRECT, encoding="utf-8")
    private = str(private_grader(tmp_path / "grader")) if sandbox else GRADE  # unreadable to jobs
    run = grader(str(tmp_path / "litter.py"), "--json", *FAST, *sandbox, program=private)
    assert run.status == 0, run.err
    assert run.reports()[0]["score"] == 10
    assert litter() == []


# -- Every entry gets a row -----------------------------------------------------------------------


def test_a_loose_file_beside_student_folders_is_a_submission(tmp_path: Path) -> None:
    for name in ("ada", "bob"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "embedder.py").write_text(CORRECT, encoding="utf-8")
    (tmp_path / "carl.py").write_text(CORRECT, encoding="utf-8")
    run = grader(str(tmp_path), "--json", *FAST)
    assert run.status == 0, run.err
    assert {r["submission"]: r["score"] for r in run.reports()} == {
        "ada": 10,
        "bob": 10,
        "carl.py": 10,
    }
