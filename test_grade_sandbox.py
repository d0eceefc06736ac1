"""The sandboxes, each run for real: bubblewrap as root and as an ordinary user, a uid per job,
and none; the choice between them; the claims on uids; what is removed after a job; and the
command line's edges (usage, a stop at any stage, a bug in the grader, odd streams)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import sentemb
from conftest import Terminal, run
from sentemb_grade import cli, report, sandbox, signals
from sentemb_grade import judge as judging
from sentemb_grade import run as running
from sentemb_grade.collect import UsageError

pytestmark = (
    pytest.mark.slow
)  # each runs the grader on processes: the matrix runs them on the newest Python

ROOT = os.geteuid() == 0
BWRAP = shutil.which("bwrap") is not None
HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "grading_samples"
CORRECT = str(SAMPLES / "correct_lists.py")
SYSTEM = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
needs_root = pytest.mark.skipif(not ROOT, reason="only root switches uids")
needs_bwrap = pytest.mark.skipif(not BWRAP, reason="bubblewrap is not installed")


def graded(*args: str) -> List[Dict[str, Any]]:
    users = ["--user", "64000-64499"] if os.geteuid() == 0 else []  # uids of these tests' own
    done = run(*users, *args, "--json", "--timeout", "3", main=cli.main)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture
def released() -> Iterator[None]:
    yield
    sandbox.release_claims()


@pytest.fixture
def as_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process, as the grader sees it, run by an ordinary user."""
    monkeypatch.setattr(os, "geteuid", lambda: 1000)


# -- Each sandbox grades --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--sandbox", "bwrap"], marks=needs_bwrap, id="bwrap"),
        pytest.param(["--sandbox", "uid", "--python", SYSTEM], marks=needs_root, id="uid"),
        pytest.param(["--sandbox", "none"], id="none"),
        pytest.param(["--user", "none"], id="user none"),
    ],
)
@pytest.mark.usefixtures("private_reference")
def test_each_sandbox_grades_and_says_so(args: List[str], tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    reports = graded(CORRECT, str(SAMPLES / "daemon_left_behind.py"), *args,
                     "--summary", str(summary))  # fmt: skip
    name = "none" if "none" in args else args[1]
    assert [(r["score"], r["sandbox"]) for r in reports] == [(10, name), (10, name)]
    found = json.loads(summary.read_text(encoding="utf-8"))
    assert found["sandbox"]["submissions"] == {name: 2}
    assert found["sandbox"]["about"].startswith(f"{name}: ")


@needs_bwrap
def test_bwrap_as_an_ordinary_user(as_user: None) -> None:
    assert sandbox.limits(1 << 30, 10, None)["RLIMIT_NPROC"] > 64
    reports = graded(CORRECT, "--sandbox", "bwrap")
    assert [(r["score"], r["sandbox"]) for r in reports] == [(10, "bwrap")]


@needs_bwrap
def test_bwrap_shows_the_system_read_only_and_nothing_of_the_grader(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import importlib.util, os, socket\n"
        "seen = {'sentemb': bool(importlib.util.find_spec('sentemb')),\n"
        "        'grader': bool(importlib.util.find_spec('sentemb_grade')),\n"
        "        'home': os.path.exists('/home'), 'root': os.path.exists('/root/.bashrc'),\n"
        f"        'clone': os.path.exists({str(HERE / 'sentemb.py')!r}),\n"
        f"        'starter': os.path.exists({str(HERE / 'grade.py')!r})}}\n"
        "for path in ('/usr/x', '/etc/x', '/x', '/job/x', '/tmp/x', '/dev/shm/x', 'x'):\n"
        "    try:\n"
        "        open(path, 'w').close()\n"
        "        seen[path] = 'written'\n"
        "    except OSError:\n"
        "        pass\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', 22), timeout=1)\n"
        "    seen['network'] = True\n"
        "except OSError:\n"
        "    pass\n"
        "raise RuntimeError(' '.join(sorted(k for k, v in seen.items() if v)))\n",
        encoding="utf-8",
    )
    (report_,) = graded(str(probe), "--sandbox", "bwrap")
    assert report_["error"].startswith(
        "while running the file: RuntimeError: /dev/shm/x /tmp/x x ("
    )


@needs_bwrap
def test_what_bwrap_hides_is_absent_and_the_rest_of_its_folder_there(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "pkg").mkdir(parents=True)
    (tree / "kept.py").write_text("x = 1\n")
    (tree / "secret.py").write_text("x = 2\n")
    (tree / "link.py").symlink_to("kept.py")
    tree.chmod(0o755)
    tmp_path.chmod(0o755)
    other = tmp_path / "other"
    other.mkdir(mode=0o755)
    hidden = (str(tree / "secret.py"),)
    found = sandbox.Sandbox("bwrap", SYSTEM, None, (str(other), str(tree)), hidden)
    command = [SYSTEM, "-I", "-c", f"import os; print(sorted(os.listdir({str(tree)!r})))"]
    for uid in ([62090] if ROOT else []) + [None]:
        with tempfile.TemporaryDirectory(prefix="grade-") as root:
            os.chmod(root, 0o711)
            Path(root, "harness.py").write_text("")
            files = Path(root, "files")
            files.mkdir(mode=0o755)
            launch = sandbox._launch(found, root, str(files), uid, command, 0)
            done = subprocess.run(launch.argv, preexec_fn=launch.prepare, cwd=launch.cwd,
                                  capture_output=True, text=True, check=True)  # fmt: skip
        assert done.stdout.strip() == "['kept.py', 'link.py', 'pkg']"


@needs_bwrap
def test_a_hidden_file_in_the_system_is_absent_too() -> None:
    hidden = ("/etc/hostname",)
    found = sandbox.Sandbox("bwrap", SYSTEM, None, (), hidden, bwrap=shutil.which("bwrap") or "")
    command = [SYSTEM, "-I", "-c", "import os; print(os.path.exists('/etc/hostname'), "
               "os.path.exists('/etc/passwd'))"]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="grade-") as root:
        os.chmod(root, 0o711)
        Path(root, "harness.py").write_text("")
        Path(root, "files").mkdir(mode=0o755)
        launch = sandbox._launch(found, root, str(Path(root, "files")), None, command, 0)
        done = subprocess.run(launch.argv, cwd=launch.cwd, capture_output=True, text=True,
                              check=True)  # fmt: skip
    assert done.stdout.split() == ["False", "True"]


# -- Choosing the sandbox -------------------------------------------------------------------------


@pytest.fixture
def no_bwrap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)


@pytest.fixture
def failing_bwrap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A bwrap that cannot start, as in a container without user namespaces."""
    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.usefixtures("released", "no_bwrap", "private_reference")
def test_without_bwrap_root_falls_back_to_a_uid_per_job() -> None:
    if not ROOT:
        pytest.skip("the fallback needs root")
    found = sandbox.choose("auto", SYSTEM, None, 2)
    assert found.name == "uid"
    assert found.about.endswith(
        "(bubblewrap is not installed (on Debian and Ubuntu: apt-get install bubblewrap))"
    )
    with pytest.raises(UsageError, match="--sandbox bwrap: bubblewrap is not installed"):
        sandbox.choose("bwrap", SYSTEM, None, 2)


@pytest.mark.usefixtures("failing_bwrap", "as_user")
def test_a_bwrap_that_cannot_start_is_said_and_fallen_back_from() -> None:
    with pytest.raises(UsageError) as raised:
        sandbox.choose("bwrap", SYSTEM, None, 1)
    assert str(raised.value) == (
        "--sandbox bwrap: bwrap cannot start the interpreter: bwrap: No permissions to create "
        "new namespace"
    )
    found = sandbox.choose("auto", SYSTEM, None, 1)
    assert found.name == "none"
    assert found.about.endswith("(bwrap cannot start the interpreter: bwrap: No permissions "
                                "to create new namespace)")  # fmt: skip


@pytest.mark.usefixtures("no_bwrap", "as_user")
def test_without_bwrap_an_ordinary_user_has_no_sandbox() -> None:
    found = sandbox.choose("auto", SYSTEM, None, 2)
    assert (found.name, found.uids) == ("none", None)
    assert found.about == (
        "none: rlimits only, a submission can do what you can (bubblewrap is not installed (on "
        "Debian and Ubuntu: apt-get install bubblewrap))"
    )


@needs_root
@pytest.mark.usefixtures("released", "no_bwrap")
def test_the_fallback_needs_an_interpreter_any_user_can_run(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    python = private / "python3"
    python.symlink_to(sys.executable)
    os.chmod(tmp_path, 0o700)
    with pytest.raises(UsageError) as raised:
        sandbox.choose("auto", str(python), None, 1)
    assert "cannot be run by an unprivileged user" in str(raised.value)
    assert "(bubblewrap is not installed" in str(raised.value)


@pytest.mark.parametrize(
    ("kind", "user", "message"),
    [
        ("bwrap", "none", "--user none runs submissions as you, which --sandbox bwrap does not"),
        ("uid", "none", "--user none runs submissions as you, which --sandbox uid does not"),
    ],
)
def test_user_none_is_the_none_sandbox(kind: str, user: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        sandbox.choose(kind, SYSTEM, user, 1)


@pytest.mark.usefixtures("as_user")
def test_uids_need_root() -> None:
    with pytest.raises(UsageError, match="--sandbox uid needs root"):
        sandbox.choose("uid", SYSTEM, None, 1)
    with pytest.raises(UsageError, match="--user needs root"):
        sandbox.choose("auto", SYSTEM, "62000", 1)


def test_an_interpreter_that_does_not_run_is_bad_usage(tmp_path: Path) -> None:
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(UsageError, match=r"does not run \(exit status 3\)"):
        sandbox.interpreter(str(fake))
    for said in ("[1, 2]", "hello"):
        talks = tmp_path / "talks"
        talks.write_text(f"#!/bin/sh\necho '{said}'\n")
        talks.chmod(0o755)
        with pytest.raises(UsageError, match=r"does not run \(exit status 0\)"):
            sandbox.interpreter(str(talks))


@needs_bwrap
@pytest.mark.parametrize(
    ("said", "problem"),
    [("junk", "bwrap: the interpreter's reply cannot be read"),
     ('[[\\"sentemb\\"], []]', sandbox.EXPOSED + "sentemb can be imported by "),
     ('[[], [\\"/x/sentemb.py\\"]]', sandbox.EXPOSED + "a job can read /x/sentemb.py and 0 "),
     ("[[], []]", "")],
)  # fmt: skip
def test_the_check_of_a_sandbox_reads_what_the_interpreter_says(
    tmp_path: Path, said: str, problem: str
) -> None:
    tree = tmp_path / "course"
    tree.mkdir()
    python = tree / "python"
    python.write_text(f'#!/bin/sh\necho "{said}"\n')
    python.chmod(0o755)
    for folder in (tmp_path, tree):
        folder.chmod(0o755)
    found = sandbox.Sandbox(
        "bwrap", str(python), None, (str(tree),), bwrap=shutil.which("bwrap") or ""
    )
    assert sandbox._check(found, 62095 if ROOT else None).startswith(problem)
    assert bool(sandbox._check(found, 62095 if ROOT else None)) == bool(problem)


def test_the_course_path_leaves_out_the_grader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course, reference = tmp_path / "course", tmp_path / "copy"
    course.mkdir()
    reference.mkdir()
    (reference / "sentemb.py").write_text("")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(course), str(reference), str(HERE), ""]))
    found = sandbox._course_path(sandbox.Interpreter(SYSTEM, (), str(tmp_path / "no-site")))
    assert found == (str(course),)


def test_the_trees_bound_leave_out_the_system_and_nested_ones(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    course = sandbox.Interpreter(SYSTEM, ("/usr", str(tmp_path / "a" / "b")), "")
    assert sandbox._binds(course, [str(tmp_path / "a"), str(tmp_path / "gone")]) == (
        str(tmp_path / "a"),
    )


# -- Claims on uids -------------------------------------------------------------------------------


@needs_root
@pytest.mark.usefixtures("released")
def test_claims_live_in_a_folder_only_root_can_open(tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    assert sandbox._claim(62100, 62101, 2, str(folder)) == (62100, 62101)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    sandbox.release_claims()
    assert sorted(os.listdir(folder)) == []  # a released claim leaves no file behind
    (folder / "62100.lock").touch()  # one left by a run that was killed is used again
    assert sandbox._claim(62100, 62101, 1, str(folder)) == (62100,)
    sandbox.release_claims()
    assert sorted(os.listdir(folder)) == []
    folder.chmod(0o755)
    with pytest.raises(UsageError, match="is not a folder that only root can open"):
        sandbox._claim(62100, 62101, 1, str(folder))
    planted = tmp_path / "planted"
    planted.symlink_to(folder)
    with pytest.raises(UsageError, match="cannot be opened as a folder"):
        sandbox.claims_folder(str(planted))


@needs_root
@pytest.mark.usefixtures("released")
@pytest.mark.parametrize("race", ["removed before it is opened", "removed before it is locked",
                                  "replaced before it is locked"])  # fmt: skip
def test_a_claim_released_while_another_run_waits_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, race: str
) -> None:
    """The run holding a claim removes its file, then unlocks it: a run that opened the old
    file meanwhile must not take that lock for the claim."""
    import fcntl

    folder = tmp_path / "claims"
    folder.mkdir(mode=0o700)
    lock = folder / "62120.lock"
    lock.touch()
    real_open, real_flock = os.open, fcntl.flock

    def opened(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if name == lock.name and not flags & os.O_CREAT and race.endswith("opened"):
            monkeypatch.setattr(os, "open", real_open)
            lock.unlink()
        return real_open(name, flags, *args, **kwargs)

    def locked(fd: int, operation: int) -> None:
        monkeypatch.setattr(fcntl, "flock", real_flock)
        lock.unlink()
        if race.startswith("replaced"):
            lock.touch()
        real_flock(fd, operation)

    monkeypatch.setattr(os, "open", opened)
    if race.endswith("locked"):
        monkeypatch.setattr(fcntl, "flock", locked)
    assert sandbox._claim(62120, 62120, 1, str(folder)) == (62120,)
    ((fd, _, _),) = sandbox._CLAIMS
    assert os.fstat(fd).st_ino == lock.stat().st_ino
    sandbox.release_claims()
    assert not lock.exists()


@needs_root
@pytest.mark.usefixtures("released")
def test_a_uid_that_runs_a_process_is_not_claimed(tmp_path: Path) -> None:
    def become() -> None:  # pragma: no cover - in the child, before exec
        os.setgid(62110)
        os.setuid(62110)

    sleeper = subprocess.Popen(["sleep", "30"], preexec_fn=become)
    try:
        assert sandbox._claim(62110, 62111, 1, str(tmp_path / "c")) == (62111,)
    finally:
        sleeper.kill()
        sleeper.wait()


@needs_root
@pytest.mark.usefixtures("released")
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("many", "is not FIRST, FIRST-LAST or none"),
        ("500", "is not a range of unprivileged uids"),
        ("62200-62200", "has 1 uid(s) for 2 jobs"),
    ],
)
def test_user_ranges_are_checked(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        sandbox._users(text, 2)


@needs_root
@pytest.mark.usefixtures("released")
def test_too_few_free_uids_is_bad_usage() -> None:
    first = sandbox._users("62300-62301", 2)
    with pytest.raises(UsageError, match=r"0 uid\(s\) of 62300-62301 are free"):
        sandbox._users("62300-62301", 1)
    assert first == (62300, 62301)


# -- What a job leaves ----------------------------------------------------------------------------


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shared temporary folder, world-writable as /tmp is, the only one cleaned."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    monkeypatch.setattr(sandbox, "SHARED_TEMPORARY", (str(folder),))
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(folder))
    return folder


def litter(folder: Path, uid: int) -> None:
    deep = folder / "deep"
    for number in range(sandbox.LITTER_DEPTH + 5):
        deep = deep / f"d{number}"
    deep.mkdir(parents=True)
    (deep / "file").write_text("x")
    (folder / "file").write_text("x")
    (folder / "link").symlink_to("/etc/passwd")
    public = folder / "public"
    public.mkdir(mode=0o777)
    public.chmod(0o777)
    (public / "mine").write_text("x")
    (folder / "someone-elses").write_text("x")
    for path in [*folder.rglob("*"), folder / "link"]:
        if path.name not in ("public", "someone-elses"):
            os.lchown(path, uid, uid)


@needs_root
def test_a_uids_litter_is_removed_wherever_it_lies(shared: Path) -> None:
    before = time.time() - 1
    litter(shared, 62400)
    assert sandbox.remove_litter(62400, time.time() + 60) == 0  # made before: not the job's
    assert sandbox.remove_litter(62400, before) == 5  # a folder moved up counts once more
    assert sorted(p.name for p in shared.iterdir()) == ["public", "someone-elses"]
    assert list((shared / "public").iterdir()) == []


@needs_root
def test_removing_litter_is_bounded(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    litter(shared, 62401)
    monkeypatch.setattr(sandbox, "LITTER_ENTRIES", 3)
    sandbox.remove_litter(62401, 0)
    assert (shared / "someone-elses").exists()
    monkeypatch.setattr(sandbox, "LITTER_ENTRIES", 10_000)
    (shared / "again").write_text("x")
    os.chown(shared / "again", 62401, 62401)

    def refusing(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "unlink", refusing)
    sandbox.remove_litter(62401, 0)  # what cannot be removed stays, and the run goes on
    assert (shared / "again").exists()
    monkeypatch.setattr(sandbox, "SHARED_TEMPORARY", (str(shared / "nothing-here"),))
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(shared / "nothing-here"))
    assert sandbox.remove_litter(62401, 0) == 0


@needs_root
def test_removing_litter_stops_inside_a_folder_when_its_budget_is_spent(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shared / "many"
    folder.mkdir()
    for number in range(5):
        (folder / f"f{number}").write_text("x")
    for path in [folder, *folder.iterdir()]:
        os.chown(path, 62402, 62402)
    monkeypatch.setattr(sandbox, "LITTER_ENTRIES", 3)
    assert sandbox.remove_litter(62402, 0) == 0
    assert folder.exists()


def test_killing_gives_up_on_what_will_not_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "KILL_SECONDS", 0.05)
    monkeypatch.setattr(sandbox, "_left_behind", lambda uid: ([], [uid]))
    process = subprocess.Popen(["true"])
    start = time.monotonic()
    sandbox._kill_left_behind(process, 62000, namespace=True)
    assert time.monotonic() - start < 2
    assert sandbox._field(b"Name:\tx\n", b"PPid") == []


def test_a_job_that_cannot_be_made_leaves_no_folder(tmp_path: Path) -> None:
    tempfile.tempdir = str(tmp_path)
    try:
        none = sandbox.Sandbox("none", SYSTEM, None)
        with pytest.raises(FileNotFoundError):
            sandbox.Job(none, str(tmp_path / "no-such-folder"), None)
    finally:
        tempfile.tempdir = None
    assert list(tmp_path.iterdir()) == []


def test_commands_that_fail_to_start_or_run_on_are_stopped() -> None:
    assert sandbox._run(["/no/such/command"], None)[0] == -1
    start = time.monotonic()
    assert sandbox._run(["sleep", "30"], None, seconds=0.2)[0] == -1
    assert time.monotonic() - start < 5
    signals.STOP.set()
    try:
        with pytest.raises(signals.Stopped):
            sandbox._run(["sleep", "30"], None)
    finally:
        signals.STOP.clear()


# -- Calls, time and restarts ---------------------------------------------------------------------

SLOW = """
import time


class Slow:
    def average(self, sentence):
        time.sleep(0.6)
        return [0, 0]

    def other(self, sentence):
        return [0, 0]
"""

RESTARTS = """
import os

if os.path.exists("started"):
    raise SystemExit("not again")
open("started", "w").close()


class Dies:
    def average(self, sentence):
        os._exit(3)
"""


def test_the_hard_cap_stops_the_calls_where_they_are(tmp_path: Path) -> None:
    (tmp_path / "slow.py").write_text(SLOW)
    (report_,) = graded(str(tmp_path / "slow.py"), "--limit", "1.5", "--sandbox", "none")
    notes = " ".join(report_["notes"])
    assert "the submission's 1.5 s ran out before every way of calling its methods was tried" in (
        notes
    )


def test_a_process_that_will_not_start_again_is_that_calls_exit(tmp_path: Path) -> None:
    (tmp_path / "restarts.py").write_text(RESTARTS)
    (report_,) = graded(str(tmp_path / "restarts.py"), "--sandbox", "none")
    checks = {c["name"]: c for c in report_["checks"]}
    assert checks["average"]["feedback"] == "average(): ended the process (exit status 3)."


def test_calls_beyond_the_budget_are_not_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(running, "CALLS", 6)
    (report_,) = graded(str(SAMPLES / "flag_parameter.py"), "--sandbox", "none")
    assert "only the first 6 calls were asked" in report_["notes"]


def test_replies_too_long_or_not_lists_are_nothing() -> None:
    assert running._reply(b"x" * (running.REPLY_BYTES + 1), "n") is None
    assert running._reply(b"{not json", "n") is None
    assert running._reply(b"[]", "n") is None
    assert running._strings("not a list") == []


# -- The command line's edges ---------------------------------------------------------------------


def test_a_bug_in_the_grader_fails_that_submission_and_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = judging.judge

    def buggy(submission: Any, *args: Any, **kwargs: Any) -> Any:
        if "hard_coded" in submission.name:
            raise KeyError("a bug")
        return real(submission, *args, **kwargs)

    monkeypatch.setattr(cli, "judge", buggy)
    done = run(CORRECT, str(SAMPLES / "hard_coded.py"), "--json", "--sandbox", "none",
               main=cli.main)  # fmt: skip
    assert done.returncode == 1
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert reports[0]["score"] == 10
    assert reports[1]["error"] == "the grader failed on it (KeyError): a bug, please report it"
    assert "KeyError: 'a bug'" in done.stderr


def test_judging_past_the_cap_is_that_submissions_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: Any, **kwargs: Any) -> Any:
        raise signals.OutOfTime

    monkeypatch.setattr(cli, "judge", slow)
    (report_,) = graded(CORRECT, "--sandbox", "none", "--limit", "7")
    assert report_["error"] == "the submission's 7 s ran out while it was judged"


def test_a_signal_while_the_class_is_read_stops_before_grading(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def interrupted(*args: Any) -> Any:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)
        signals.check()

    monkeypatch.setattr(cli, "collect", interrupted)
    results = tmp_path / "results.json"
    done = run(CORRECT, "--gradescope", str(results), main=cli.main)
    assert done.returncode == 143
    assert (
        done.stderr
        == "sentemb-grade: stopped by SIGTERM while the submissions were read; none was graded\n"
    )
    assert json.loads(results.read_text())["output"].endswith("stopped by SIGTERM")


@pytest.mark.slow
def test_a_signal_while_grading_writes_the_reports_so_far(tmp_path: Path) -> None:
    def later() -> None:
        time.sleep(2.5)
        os.kill(os.getpid(), signal.SIGTERM)

    results = tmp_path / "results.csv"
    thread = threading.Thread(target=later)
    thread.start()
    try:
        done = run(CORRECT, str(SAMPLES / "infinite_loop.py"), "--sandbox", "none", "--jobs", "1",
                   "--timeout", "30", "--csv", str(results), main=cli.main)  # fmt: skip
    finally:
        thread.join()
    assert done.returncode == 143
    assert "stopped by SIGTERM after 1 of 2 submissions; their reports are written" in done.stderr
    assert len(results.read_text().splitlines()) == 2


def test_the_reports_say_what_a_report_holds() -> None:
    found = {"submission": "ada", "score": 1.0, "max_score": 10.0, "reading": None,
             "checks": [{"name": "average", "passed": False, "mistake": "uses-reference",
                         "points": 0.0, "max_points": 2.0, "feedback": "f"}],
             "error": None, "notes": [], "integrity": ["ada.py: f matches sentemb's g"],
             "seed": 3, "sandbox": None}  # fmt: skip
    text = report.table([found], "", ["__MACOSX: no student's work"])
    assert "INTEGRITY (1 flag(s), below); average (uses-reference)" in text
    assert "INTEGRITY ada: ada.py: f matches sentemb's g" in text
    assert "skipped __MACOSX: no student's work" in text
    assert "sandbox" not in text
    assert report.summary([found])["sandbox"] == {"about": "", "submissions": {}}
    assert report.gradescope(found)["output"].splitlines() == [
        "Score 1/10: 1 check(s) failed; each test says why.",
        "Hidden sentences drawn with seed 3.",
    ]
    hidden = report.gradescope(found)["tests"][-1]
    assert hidden == {"name": "integrity", "score": 0, "max_score": 0, "visibility": "hidden",
                      "status": "failed", "output": "ada.py: f matches sentemb's g"}  # fmt: skip
    clean = report.gradescope({**found, "integrity": []})["tests"][-1]
    assert (clean["status"], clean["output"]) == ("passed", "No integrity flag.")
    assert report.summary([])["mean"] is None
    assert (
        report.table([]).splitlines()[2]
        == "0 submission(s), seed None (--seed None grades them alike again)"
    )


def test_progress_shows_on_a_terminal_and_in_tens_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for number in range(20):
        shutil.copy(CORRECT, tmp_path / f"s{number:02d}.py")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main([str(SAMPLES / "hard_coded.py"), "--sandbox", "none", "--json"]) == 0
    assert terminal.getvalue().endswith("sentemb-grade: 1/1 graded\n")
    log = io.StringIO()
    monkeypatch.setattr(sys, "stderr", log)
    assert cli.main([str(tmp_path), "--sandbox", "none", "--json"]) == 0
    assert "sentemb-grade: 10/20 graded\nsentemb-grade: 20/20 graded\n" in log.getvalue()


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "caf\u00e9 \u2713"),
        ("ascii", "caf\\xe9 \\u2713"),
        ("latin-1", "caf\u00e9 \\u2713"),
    ],
)
def test_streams_get_what_they_can_encode(encoding: str, expected: str) -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
    report.write(stream, "caf\u00e9 \u2713")
    stream.flush()
    assert raw.getvalue().decode(encoding) == expected
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
    report.json_line(stream, {"name": "caf\u00e9"})
    stream.flush()
    assert json.loads(raw.getvalue().decode(encoding)) == {"name": "caf\u00e9"}


def test_the_signal_handlers_are_put_back_and_set_stop() -> None:
    before = signal.getsignal(signal.SIGHUP)
    with signals.stopped_by_signals() as stopped:
        os.kill(os.getpid(), signal.SIGHUP)
        time.sleep(0.05)
        assert stopped == [signal.SIGHUP]
        assert signals.STOP.is_set()
    assert signal.getsignal(signal.SIGHUP) is before
    signals.STOP.clear()
    found: List[Any] = []

    def elsewhere() -> None:
        with signals.stopped_by_signals() as stopped:
            found.append(stopped)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert found == [[]]


def test_the_package_runs_as_a_module_and_grade_py_starts_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import runpy

    monkeypatch.setattr(sys, "argv", ["sentemb_grade", "--version"])
    with pytest.raises(SystemExit) as raised:
        runpy.run_module("sentemb_grade", run_name="__main__")
    assert raised.value.code == 0
    assert capsys.readouterr().out == "sentemb-grade 3.0.0\n"  # run from other code
    done = subprocess.run([sys.executable, str(HERE / "grade.py"), "--version"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert done.stdout == "grade.py 3.0.0\n"


# -- The reference out of reach: what the uid fallback cannot hide, it refuses --------------------


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder any user can open, outside the tests' own (which only root can)."""
    folder = Path(tempfile.mkdtemp(prefix="grade-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


@needs_root
@pytest.mark.usefixtures("released", "no_bwrap")
def test_the_fallback_refuses_while_a_job_could_read_the_reference(
    open_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readable = open_folder / "sentemb.py"
    readable.write_text("# sentemb, where a job can read it\n")
    readable.chmod(0o644)
    monkeypatch.setattr(sandbox, "reference_files", lambda: (str(readable),))
    with pytest.raises(UsageError) as raised:
        sandbox.choose("auto", SYSTEM, None, 1)
    assert str(raised.value) == (
        f"--sandbox uid: the reference is within reach: a job can read {readable} and 0 more of "
        f"sentemb's and the grader's files: make them unreadable to other users (chmod -R go-rwx "
        f"{open_folder}), or install bubblewrap (bubblewrap is not installed (on Debian and "
        "Ubuntu: apt-get install bubblewrap))"
    )
    open_folder.chmod(0o700)  # as the message says: then the fallback runs
    assert sandbox.choose("auto", SYSTEM, None, 1).name == "uid"


@needs_root
@pytest.mark.usefixtures("released", "no_bwrap")
def test_the_fallback_refuses_an_interpreter_that_imports_the_reference(open_folder: Path) -> None:
    """sentemb pip-installed in the course's environment: no uid can be kept from it."""
    python = open_folder / "python"
    python.write_text(f'#!/bin/sh\n[ "$3" = "{sandbox._DESCRIBE}" ] && exec {SYSTEM} "$@"\n'
                      "echo '[[\"sentemb\", \"sentemb_grade\"], []]'\n")  # fmt: skip
    python.chmod(0o755)
    with pytest.raises(UsageError, match=r"--sandbox uid: the reference is within reach: "
                       r"sentemb, sentemb_grade can be imported by .*python in the sandbox "
                       r"\(installed in its environment\?\): give --python an interpreter "
                       "without it"):  # fmt: skip
        sandbox.choose("uid", str(python), None, 1)


def test_the_reference_files_are_sentembs_and_the_graders() -> None:
    found = sandbox.reference_files()
    assert str(Path(sentemb.__file__).resolve()) in found
    assert str(HERE / "grade.py") in found
    assert str(HERE / "sentemb_grade" / "harness.py") in found
    assert all(os.path.isfile(path) for path in found)


def test_a_command_too_slow_or_killed_says_so() -> None:
    # "bwrap cannot start the interpreter: exit status -1" was all a busy machine showed
    status, _, err = sandbox._run(["sleep", "5"], None, seconds=0.2)
    assert status == -1
    assert err.decode().splitlines()[-1].startswith("no answer within 0.2 s")
    status, _, err = sandbox._run(["sh", "-c", "kill -9 $$"], None)
    assert status == -1
    assert err.decode().splitlines()[-1] == "killed by signal 9"
