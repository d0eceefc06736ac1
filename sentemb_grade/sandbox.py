"""The sandbox each submission runs in: bubblewrap where it runs, a uid of its own otherwise.

Three sandboxes, chosen once per run (``--sandbox auto`` tries them in this order):

- **bwrap**: bubblewrap builds, for each job, new user, PID, network, IPC, mount, UTS (and,
  where it can, cgroup) namespaces, with ``--die-with-parent`` and no nested user
  namespaces.  The system (``/usr``, ``/etc`` and the ``/bin``, ``/lib`` links) is there
  read-only, and so are the course interpreter's installation and the course's import path;
  sentemb and the grader are not there at all.  The job's own folder, ``/tmp`` and
  ``/dev/shm`` are small tmpfs of its own, the only places it can write.  bwrap always runs
  unprivileged: as root, under the job's uid (so that uid's rlimits hold and no root-owned
  file is its own); the trees that uid cannot reach (an interpreter under ``/root``, the
  stage) are bound first, by root, in a private mount namespace of that one launch.
- **uid**, the fallback as root where bwrap is missing or cannot start (a container without
  user namespaces): each job runs under a uid of its own with rlimits, in a folder of its
  own; after it, every process and every file that uid left in the shared temporary folders
  is removed.
- **none**: rlimits and the cleanup of processes only; a submission can do what you can.

Nothing a submission starts outlives its grading: the grader is a child subreaper (Linux),
kills each job's process group, every process of its uid, and every process left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional, Sequence, Set, Tuple

import sentemb

from . import signals
from .collect import UsageError
from .text import printable

SANDBOXES = ("auto", "bwrap", "uid", "none")
FIRST_UID = 61000
HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "harness.py")
TMPFS_BYTES = 64 << 20  # /tmp, /dev/shm, and the job's folder beyond its files, under bwrap
FILE_SIZE = 64 << 20  # RLIMIT_FSIZE
SYSTEM = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SHARED_TEMPORARY = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")
LITTER_ENTRIES = 200_000  # entries looked at in each shared temporary folder, at most
LITTER_DEPTH = 16  # a folder deeper than this is moved up before it is removed
KILL_SECONDS = 5.0  # how long a job's processes are killed and waited for, at most
CLAIMS = "/run/sentemb-grade"  # where root's claims on uids live, mode 700


class Sandbox(NamedTuple):
    """How every job of a run is contained."""

    name: str  # bwrap, uid or none
    python: str  # the course interpreter, an absolute path
    uids: Optional[Tuple[int, ...]]  # as root, one per job
    binds: Tuple[str, ...] = ()  # bwrap: trees there read-only besides the system
    hidden: Tuple[str, ...] = ()  # bwrap: files and folders kept out of it
    path: Tuple[str, ...] = ()  # the course's import path: PYTHONPATH and the user site
    about: str = ""  # what it is, and why it was chosen, for the reports
    bwrap: str = "bwrap"  # bubblewrap's program, found on PATH when the sandbox was chosen


# -- Choosing the sandbox ---------------------------------------------------------------------


def choose(kind: str, python: str, user: Optional[str], jobs: int) -> Sandbox:
    """The sandbox for this run, checked by starting the interpreter in it once; a
    UsageError that says what to do when the one asked for cannot run."""
    if user == "none":
        if kind in ("bwrap", "uid"):
            raise UsageError(f"--user none runs submissions as you, which --sandbox {kind} "
                             "does not: give --sandbox none")  # fmt: skip
        kind = "none"
    if kind == "uid" and os.geteuid() != 0:
        raise UsageError("--sandbox uid needs root: only root can run a job as another user")
    if user is not None and os.geteuid() != 0:
        raise UsageError("--user needs root: only root can run a submission as another user")
    course = interpreter(python)
    path = _course_path(course)
    if kind == "none":
        return Sandbox("none", python, None, path=path, about=_about("none"))
    uids = _users(user, jobs) if os.geteuid() == 0 else None
    failed = ""
    if kind in ("auto", "bwrap"):
        bwrap = shutil.which("bwrap")
        if bwrap is None:
            failed = (
                "bubblewrap is not installed (on Debian and Ubuntu: apt-get install bubblewrap)"
            )
        else:
            binds = _binds(course, path)
            found = Sandbox("bwrap", python, uids, binds, _hidden(binds), path, bwrap=bwrap)
            failed = _check(found, uids[0] if uids else None)
            if not failed:
                return found._replace(about=_about("bwrap", uids, _version(bwrap)))
        if kind == "bwrap":
            raise UsageError(f"--sandbox bwrap: {failed}")
    if uids is None:
        return Sandbox("none", python, None, path=path, about=_about("none", why=failed))
    fallback = Sandbox("uid", python, uids, path=path)
    problem = _check(fallback, uids[0])
    if problem.startswith(EXPOSED):
        raise UsageError(f"--sandbox uid: {problem}" + (f" ({failed})" if failed else ""))
    if problem:
        raise UsageError(
            f"--python: {python!r} cannot be run by an unprivileged user ({problem}; is it "
            "under a folder only root can read, such as /root?): give an interpreter any user "
            "can run, such as --python /usr/bin/python3, or use bubblewrap, which binds the "
            "interpreter into its sandbox" + (f" ({failed})" if failed else "")
        )
    return fallback._replace(about=_about("uid", uids, why=failed))


def _about(
    name: str, uids: Optional[Tuple[int, ...]] = None, version: str = "", why: str = ""
) -> str:
    """One sentence for the reports: which sandbox, and what it means.

    >>> _about("uid", (61000, 61001), why="bwrap: no user namespaces")
    'uid: each job under a uid of its own (61000-61001) with rlimits (bwrap: no user namespaces)'
    """
    who = f"{uids[0]}-{uids[-1]}" if uids else ""
    if name == "bwrap":
        text = (f"bwrap: bubblewrap {version}, new user, PID, network, IPC, mount and UTS "
                "namespaces, the system read-only, sentemb and the grader absent, ")  # fmt: skip
        text += f"each job under a uid of its own ({who})" if uids else "each job as you"
    elif name == "uid":
        text = f"uid: each job under a uid of its own ({who}) with rlimits"
    else:
        text = "none: rlimits only, a submission can do what you can"
    return text + (f" ({why})" if why else "")


def _version(bwrap: str) -> str:
    done = _run([bwrap, "--version"], None)
    return done[1].decode(errors="replace").split()[-1] if done[0] == 0 and done[1] else "?"


class Interpreter(NamedTuple):
    """Where the course interpreter lives, as it says itself."""

    python: str
    trees: Tuple[str, ...]  # its installation: prefixes, and its executable's folder
    user_site: str


_DESCRIBE = (
    "import json, os, site, sys; print(json.dumps([sys.prefix, sys.base_prefix, sys.exec_prefix,"
    " sys.base_exec_prefix, os.path.dirname(os.path.realpath(sys.executable)),"
    " site.getusersitepackages()]))"
)


def interpreter(python: str) -> Interpreter:
    """Ask the course interpreter where it lives (run as you, outside any sandbox: it is
    yours, not a student's)."""
    status, out, _ = _run([python, "-I", "-c", _DESCRIBE], None)
    try:
        found = json.loads(out) if status == 0 else None
    except ValueError:
        found = None
    if not (isinstance(found, list) and len(found) == 6 and all(isinstance(p, str) for p in found)):
        raise UsageError(f"--python: {python!r} does not run (exit status {status})")
    return Interpreter(python, tuple(dict.fromkeys(os.path.realpath(p) for p in found[:5])),
                       found[5])  # fmt: skip


def _course_path(course: Interpreter) -> Tuple[str, ...]:
    """PYTHONPATH and the interpreter's user site, without the grader's own folder or any
    folder that holds sentemb or the grader."""
    entries = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    entries.append(course.user_site)
    mine = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return tuple(
        os.path.abspath(p)
        for p in dict.fromkeys(entries)
        if os.path.isdir(p)
        and os.path.abspath(p) != mine
        and not any(os.path.exists(os.path.join(p, n)) for n in ("sentemb.py", "sentemb_grade"))
    )


def _binds(course: Interpreter, path: Sequence[str]) -> Tuple[str, ...]:
    """The trees bound read-only besides the system: the interpreter's installation and the
    course path, leaving out any inside another or inside the system."""
    trees = sorted({os.path.realpath(p) for p in (*course.trees, *path) if os.path.isdir(p)})
    kept: List[str] = []
    for tree in trees:
        inside = [*SYSTEM, *kept]
        if not any(tree == t or tree.startswith(t.rstrip("/") + "/") for t in inside):
            kept.append(tree)
    return tuple(kept)


def _hidden(binds: Sequence[str]) -> Tuple[str, ...]:
    """sentemb and the grader (their files, their folders and their byte-code), wherever they
    lie inside what the sandbox shows."""
    here = os.path.dirname(os.path.abspath(__file__))
    reference = os.path.realpath(sentemb.__file__)
    found = [here, reference, os.path.join(os.path.dirname(here), "grade.py")]
    for folder, stem in ((os.path.dirname(reference), "sentemb"), (os.path.dirname(here), "grade")):
        with contextlib.suppress(OSError):
            cache = os.path.join(folder, "__pycache__")
            found += [os.path.join(cache, n) for n in os.listdir(cache) if n.startswith(stem + ".")]
    shown = [*SYSTEM, *binds]
    return tuple(
        sorted(
            os.path.realpath(p)
            for p in found
            if os.path.lexists(p) and any(os.path.realpath(p).startswith(t + "/") for t in shown)
        )
    )


_PROBE = (
    "import json, sys, encodings.idna, re, importlib.util as u\n"
    "def readable(p):\n"
    "    try:\n"
    "        open(p, 'rb').close()\n"
    "        return True\n"
    "    except OSError:\n"
    "        return False\n"
    "print(json.dumps([[n for n in ('sentemb', 'sentemb_grade', 'grade_harness') if "
    "u.find_spec(n)], [p for p in json.loads(sys.argv[1]) if readable(p)]]))"
)


def reference_files() -> Tuple[str, ...]:
    """The files no job may read: sentemb's, the grader's (grade.py too), and the byte-code
    that Python cached of them."""
    here = os.path.dirname(os.path.abspath(__file__))
    found = [os.path.realpath(sentemb.__file__), os.path.join(os.path.dirname(here), "grade.py")]
    for folder in (here, os.path.dirname(os.path.realpath(sentemb.__file__))):
        cache = os.path.join(folder, "__pycache__")
        with contextlib.suppress(OSError):
            found += [os.path.join(cache, n) for n in sorted(os.listdir(cache))
                      if n.startswith(("sentemb.", "grade.")) or folder == here]  # fmt: skip
    found += [os.path.join(here, n) for n in sorted(os.listdir(here)) if n.endswith(".py")]
    return tuple(p for p in dict.fromkeys(found) if os.path.isfile(p))


def _check(sandbox: Sandbox, uid: Optional[int]) -> str:
    """Start the interpreter in the sandbox once: "" when it runs there, cannot import
    sentemb or the grader and cannot read their files, else what went wrong."""
    command = [sandbox.python, "-I", "-c", _PROBE, json.dumps(reference_files())]
    with tempfile.TemporaryDirectory(prefix="grade-") as root:
        os.chmod(root, 0o711)
        files = os.path.join(root, "files")
        os.mkdir(files, 0o755)
        with open(os.path.join(root, "harness.py"), "w", encoding="utf-8"):
            pass
        if sandbox.name == "bwrap":
            launch = _launch(sandbox, root, files, uid, command, 0)
        else:
            launch = Launch(command, "/", _switch(uid, []))
        status, out, err = _run(launch.argv, launch.prepare, launch.cwd, _environment("/"))
    if status != 0:
        lines = err.decode(errors="replace").strip().splitlines()
        message = printable(lines[-1] if lines else f"exit status {status}")
        return f"{sandbox.name} cannot start the interpreter: {message[:200]}"
    try:
        importable, readable = json.loads(out)
    except ValueError:
        return f"{sandbox.name}: the interpreter's reply cannot be read"
    if importable:
        return EXPOSED + (
            f"{', '.join(map(str, importable))} can be imported by {printable(sandbox.python)} in "
            "the sandbox (installed in its environment?): give --python an interpreter without "
            "it, such as a venv of the course's own"
        )
    if readable:
        folders = sorted({os.path.dirname(str(p)) for p in readable})
        return EXPOSED + (
            f"a job can read {printable(str(readable[0]))} and {len(readable) - 1} more of "
            f"sentemb's and the grader's files: make them unreadable to other users (chmod -R "
            f"go-rwx {' '.join(map(printable, folders))}), or install bubblewrap"
        )
    return ""


EXPOSED = "the reference is within reach: "  # what _check says of a sandbox that shows it


def _run(
    argv: List[str],
    prepare: Optional[Callable[[], None]],
    cwd: Optional[str] = None,
    env: Optional[Dict[str, str]] = None,
    seconds: float = 30.0,
) -> Tuple[int, bytes, bytes]:
    """Run a command to its end (at most ``seconds``): its exit status, output and errors;
    -1 when it cannot start or is too slow.  A signal to the grader stops the wait."""
    try:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=prepare,
            start_new_session=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return -1, b"", str(error).encode()
    end, late = time.monotonic() + seconds, False
    try:
        while process.poll() is None and time.monotonic() < end:
            signals.check()
            time.sleep(0.01)
    finally:
        if process.poll() is None:
            late = True
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
    if late:  # the last line says why, for a message that quotes it ("exit status -1" did not)
        err += f"\nno answer within {seconds:g} s (a machine this busy may need a rerun)".encode()
    elif process.returncode < 0:
        err += f"\nkilled by signal {-process.returncode}".encode()
    return (process.returncode if process.returncode >= 0 else -1), out, err


# -- Uids: claimed for the run, in a folder only root can write ------------------------------


def _users(text: Optional[str], jobs: int) -> Tuple[int, ...]:
    """The uids to run jobs as (root only): one for each job, each claimed for this run
    (two runs at once never share one)."""
    match = re.fullmatch(r"(\d{1,10})(?:-(\d{1,10}))?", text or f"{FIRST_UID}-{FIRST_UID + 999}")
    if not match:
        raise UsageError(f"--user: {text!r} is not FIRST, FIRST-LAST or none")
    first = int(match.group(1))
    last = int(match.group(2) or first + jobs - 1)
    if not 1000 <= first <= last < 2**31 - 1:
        raise UsageError(f"--user: {text!r} is not a range of unprivileged uids (1000 and up)")
    if last - first + 1 < jobs:
        raise UsageError(f"--user: {text!r} has {last - first + 1} uid(s) for {jobs} jobs")
    claimed = _claim(first, last, jobs)
    if len(claimed) < jobs:
        raise UsageError(
            f"--user: {len(claimed)} uid(s) of {first}-{last} are free (others are in use, by "
            f"another grading run or a process of theirs) for {jobs} jobs"
        )
    return claimed


_CLAIMS: List[Tuple[int, int, str]] = []  # (lock file, its folder, its name) per uid held


def claims_folder(path: str = CLAIMS) -> int:
    """The folder of claims, made if need be: a descriptor of it, opened without following a
    link, once it is known to be root's alone (mode 700)."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, 0o700)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as error:
        raise UsageError(f"{path}: cannot be opened as a folder ({error.strerror})") from None
    found = os.fstat(fd)
    if found.st_uid != 0 or found.st_mode & 0o077:
        os.close(fd)
        raise UsageError(f"{path} is not a folder that only root can open (owner {found.st_uid}, "
                         f"mode {stat.S_IMODE(found.st_mode):o}): remove it")  # fmt: skip
    return fd


def _claim(first: int, last: int, jobs: int, path: str = CLAIMS) -> Tuple[int, ...]:
    """Up to ``jobs`` uids of the range, each locked (flock) for this run and running no
    process.  The lock files are made with O_NOFOLLOW | O_EXCL in a folder only root can
    write, so nothing a job plants is ever written through; each is removed when released."""
    folder = claims_folder(path)
    found: List[int] = []
    try:
        for uid in range(first, last + 1):
            if len(found) == jobs:
                break
            name = f"{uid}.lock"
            fd = _lock(folder, name)
            if fd is None:  # another run holds it
                continue
            _CLAIMS.append((fd, os.dup(folder), name))
            if _processes_of(uid):
                _release(*_CLAIMS.pop())
                continue
            found.append(uid)
    finally:
        os.close(folder)
    return tuple(found)


def _lock(folder: int, name: str) -> Optional[int]:
    """The lock file ``name`` in ``folder``, made if need be and locked, or None when another
    run holds it.  A file that the run holding it removed while this one waited is not the
    claim any more: then this one tries again."""
    import fcntl

    while True:
        try:
            fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600,
                         dir_fd=folder)  # fmt: skip
        except FileExistsError:
            try:
                fd = os.open(name, os.O_RDWR | os.O_NOFOLLOW, dir_fd=folder)
            except FileNotFoundError:  # removed since: made again above
                continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        try:
            same = os.stat(name, dir_fd=folder, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)


def _release(fd: int, folder: int, name: str) -> None:
    """Removes a claim's lock file while it is still locked, then unlocks it."""
    with contextlib.suppress(OSError):
        os.unlink(name, dir_fd=folder)
    os.close(fd)
    os.close(folder)


def release_claims() -> None:
    while _CLAIMS:
        _release(*_CLAIMS.pop())


# -- A job: its folder, its process, and what is removed after it -----------------------------


class Launch(NamedTuple):
    argv: List[str]
    cwd: str
    prepare: Optional[Callable[[], None]]  # run in the child before exec


def _launch(
    sandbox: Sandbox, root: str, files: str, uid: Optional[int], command: List[str], size: int
) -> Launch:
    """How to start ``command`` in a job's bwrap sandbox: ``root`` is the job's folder
    (root's, mode 711, holding harness.py), ``files`` the student's files, ``size`` their
    bytes; ``uid`` the user bwrap runs as, when the grader is root.

    As root, bwrap runs as the job's uid, which may not reach what it binds (an interpreter
    under /root, the stage, a TMPDIR only root can enter): root first binds each tree to a
    mount point in the job's folder, and that folder over /tmp, in a mount namespace of
    this one launch; bwrap, which mounts a /tmp of its own in the sandbox, reads them there.
    """
    prebound: List[Tuple[str, str]] = []  # (tree, mount point) that root binds first
    base = root if uid is None else "/tmp"

    def reach(tree: str, point: str) -> str:
        if uid is None:
            return tree
        with contextlib.suppress(FileExistsError):  # made for an earlier start of the job
            os.mkdir(os.path.join(root, point), 0o755)
        prebound.append((tree, os.path.join(root, point)))
        return os.path.join(base, point)

    argv = [sandbox.bwrap, "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try", "--disable-userns", "--die-with-parent",
            "--new-session", "--hostname", "sandbox"]  # fmt: skip
    argv += ["--proc", "/proc", "--dev", "/dev", "--size", str(TMPFS_BYTES), "--tmpfs", "/dev/shm",
             "--remount-ro", "/dev", "--size", str(TMPFS_BYTES), "--tmpfs", "/tmp"]  # fmt: skip
    for path in SYSTEM:
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    reached = [(tree, reach(tree, f"tree{n}")) for n, tree in enumerate(sandbox.binds)]
    for tree, where in reached:  # after /tmp: a course folder may lie in it
        argv += ["--ro-bind", where, tree]
    argv += _hide(sandbox.hidden, reached)
    argv += ["--ro-bind", os.path.join(base, "harness.py"), "/job/harness.py",
             "--ro-bind", reach(files, "files"), "/job/files",
             "--size", str(size + TMPFS_BYTES), "--tmpfs", "/job/work",
             "--remount-ro", "/", "--chdir", "/job/work", *command]  # fmt: skip
    if uid is not None:
        prebound.append((root, "/tmp"))
    return Launch(argv, "/", _switch(uid, prebound))


def _hide(hidden: Sequence[str], bound: Sequence[Tuple[str, str]]) -> List[str]:
    """bwrap arguments that rebuild each folder holding a hidden path: an empty tmpfs, then
    every other entry bound back (a link made again), then read-only."""
    argv: List[str] = []
    parents = sorted({os.path.dirname(p) for p in hidden}, key=lambda p: (p.count("/"), p))
    for parent in parents:
        argv += ["--tmpfs", parent]
        for name in sorted(os.listdir(parent)):
            path = os.path.join(parent, name)
            if path in hidden:
                continue
            if os.path.islink(path):
                argv += ["--symlink", os.readlink(path), path]
            else:
                argv += ["--ro-bind", _through(path, bound), path]
        argv += ["--remount-ro", parent]
    return argv


def _through(path: str, bound: Sequence[Tuple[str, str]]) -> str:
    """A path as bwrap reaches it: through the mount point of the tree it lies in."""
    for tree, reached in bound:
        if path.startswith(tree + "/"):
            return reached + path[len(tree) :]
    return path


_CLONE_NEWNS, _MS_BIND, _MS_REC, _MS_PRIVATE = 0x20000, 0x1000, 0x4000, 0x40000


def _switch(uid: Optional[int], pairs: List[Tuple[str, str]]) -> Optional[Callable[[], None]]:
    """What the child does before it runs bwrap as root: bind each tree to its mount point,
    in a mount namespace of its own (nobody else sees it), then become ``uid``."""
    if uid is None:
        return None
    libc = ctypes.CDLL(None, use_errno=True) if pairs else None

    def switch() -> None:  # pragma: no cover - in the child, before exec
        if libc is not None:
            _checked(libc.unshare(_CLONE_NEWNS))
            _checked(libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None))
            for tree, point in pairs:
                _checked(libc.mount(os.fsencode(tree), os.fsencode(point), None,
                                    _MS_BIND | _MS_REC, None))  # fmt: skip
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)

    return switch


def _checked(result: int) -> None:  # pragma: no cover - in the child, before exec
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number))


def _environment(home: str, temporary: Optional[str] = None) -> Dict[str, str]:
    """The child's environment: PATH, the locale, a home and a temporary folder of its own;
    none of the instructor's other variables (tokens and keys)."""
    keep = {k: v for k, v in os.environ.items() if k in ("LANG", "LANGUAGE", "TZ")
            or k.startswith("LC_")}  # fmt: skip
    return {"PATH": os.defpath, **keep, "HOME": home, "TMPDIR": temporary or home}


class Job:
    """One submission's sandbox: a folder of its own (root's, mode 711) holding the harness
    and the student's files, the processes started in it, and the cleanup after it."""

    def __init__(self, sandbox: Sandbox, folder: str, uid: Optional[int]) -> None:
        self.sandbox, self.folder, self.uid = sandbox, folder, uid
        self.root = tempfile.mkdtemp(prefix="grade-")
        self.started = time.time() - 1  # for the files its uid makes: change times from here
        self.size = 0
        try:
            os.chmod(self.root, 0o711)
            shutil.copyfile(HARNESS, os.path.join(self.root, "harness.py"))
            os.chmod(os.path.join(self.root, "harness.py"), 0o644)
            if sandbox.name == "bwrap":
                self.size = _size(folder)
            else:
                self._copy()
        except BaseException:
            self.close()
            raise

    def _copy(self) -> None:
        """The student's files, copied into the job's work folder (mode 700), the job's uid's."""
        work = os.path.join(self.root, "work")
        shutil.copytree(self.folder, work, symlinks=True)
        os.chmod(work, 0o700)
        if self.uid is not None:
            for folder, folders, files in os.walk(work):
                for name in [folder, *(os.path.join(folder, n) for n in folders + files)]:
                    os.lchown(name, self.uid, self.uid)

    def start(self) -> subprocess.Popen[bytes]:
        """The harness, started in the sandbox; counted as running until it is killed."""
        if self.sandbox.name == "bwrap":
            command = [self.sandbox.python, "-I", "/job/harness.py"]
            launch = _launch(self.sandbox, self.root, self.folder, self.uid, command, self.size)
            environment = _environment("/job/work", "/tmp")
        else:
            work = os.path.join(self.root, "work")
            command = [self.sandbox.python, "-I", os.path.join(self.root, "harness.py")]
            launch = Launch(command, work, None)
            environment = _environment(work)
        with _RUNNING_LOCK:  # no other job's cleanup may see it before it is counted
            process = subprocess.Popen(
                launch.argv,
                cwd=launch.cwd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=environment,
                start_new_session=True,  # its own process group, killed whole
                preexec_fn=launch.prepare,
            )
            _RUNNING.add(process.pid)
        return process

    def plan(self) -> Dict[str, Any]:
        """What the harness needs to know of its sandbox."""
        bwrap = self.sandbox.name == "bwrap"
        return {
            "copy": "/job/files" if bwrap else None,
            "uid": None if bwrap else self.uid,
            "path": list(self.sandbox.path),
        }

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """Kill the process and everything it left behind."""
        _kill_left_behind(process, self.uid, self.sandbox.name == "bwrap")

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        if self.sandbox.name == "uid" and self.uid is not None:
            remove_litter(self.uid, self.started)

    def __enter__(self) -> Job:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def _size(folder: str) -> int:
    total = 0
    for inside, _, files in os.walk(folder):
        total += sum(os.lstat(os.path.join(inside, n)).st_size for n in files)
    return total


def limits(memory: int, seconds: float, uid: Optional[int]) -> Dict[str, int]:
    """rlimits: memory, CPU time, file size, open files, core dumps, and processes (64 under
    a uid of its own; 64 more than you have otherwise)."""
    found = {
        "RLIMIT_AS": memory,
        "RLIMIT_CPU": int(seconds) + 1,
        "RLIMIT_FSIZE": FILE_SIZE,
        "RLIMIT_NOFILE": 256,
        "RLIMIT_CORE": 0,
    }
    if uid is not None:
        found["RLIMIT_NPROC"] = 64
    elif os.geteuid() != 0:  # the user's own processes count too
        found["RLIMIT_NPROC"] = len(_processes_of(os.getuid())) + 64
    return found


# -- What a job leaves: processes and files ----------------------------------------------------
#
# On Linux the grader is a child subreaper (prctl), so a process that a job leaves behind, by
# a fork, a double fork or setsid, becomes the grader's child when its parent ends: after each
# job, every child of the grader that is not a harness still running is killed, and so, in
# turn, are the children they leave.  Every process of the job's uid is killed too.  Under
# bwrap, the job's PID namespace ends with it.

_RUNNING: Set[int] = set()  # the harnesses running now, one a job
_RUNNING_LOCK = threading.Lock()
_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Make this process the one that orphans of its descendants are given to (Linux)."""
    if not sys.platform.startswith("linux"):  # pragma: no cover - Linux only
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return False


def _kill_left_behind(process: Any, uid: Optional[int] = None, namespace: bool = False) -> None:
    """Kill the job's process group, every process of its uid, then every child of the
    grader that no job is running, until there are none.  In a PID namespace of its own
    (``namespace``), the job's processes all end with it: they are only waited for."""
    if process.returncode is None:  # not waited for yet: its pid and group are still its
        with contextlib.suppress(OSError):  # ended, but not waited for: a zombie's group
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    with _RUNNING_LOCK:
        _RUNNING.discard(process.pid)
    end = time.monotonic() + KILL_SECONDS
    while time.monotonic() < end:
        with _RUNNING_LOCK:  # a child is killed and waited for by one job alone
            left, theirs = _left_behind(uid)
        if theirs and not namespace:
            _kill_user(theirs[0])  # every process of the uid at once, a fork bomb's too
        with _RUNNING_LOCK:
            for pid in left:
                with contextlib.suppress(OSError):  # it ended, and was waited for, on its own
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
        if not left and not theirs:
            return
        time.sleep(0.001 if theirs and namespace else 0)


def _left_behind(uid: Optional[int]) -> Tuple[List[int], List[int]]:
    """One look at /proc: this process's children that no job is running (a zombie too, to
    be waited for), and ``[uid]`` when that uid still has a live process, else []."""
    me, mine = str(os.getpid()).encode(), str(uid).encode()
    left: List[int] = []
    theirs: List[int] = []
    for pid, status in _proc():
        if _field(status, b"PPid") == [me] and pid not in _RUNNING:
            left.append(pid)
        if uid is not None and _field(status, b"Uid")[:1] == [mine] and not theirs:
            theirs = [uid] if _field(status, b"State")[:1] != [b"Z"] else []
    return left, theirs


def _kill_user(uid: int) -> None:
    """kill(-1) as the uid: every process it has, at once, fork bombs too.  The helper is
    counted as running, so that no other job's cleanup kills it and takes its exit."""
    with _RUNNING_LOCK:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the forked helper
            try:
                os.setuid(uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        _RUNNING.add(pid)
    try:
        os.waitpid(pid, 0)
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(pid)


def _proc() -> Iterator[Tuple[int, bytes]]:
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{name}/status", "rb") as file:
                yield int(name), file.read()
        except OSError:  # it ended while the list was read
            continue


def _processes_of(uid: int) -> List[int]:
    """The processes whose real uid is this one (from /proc), zombies left out: they can
    do nothing, and an orphan in a PID namespace of its own may be waited for by init."""
    wanted = [str(uid).encode()]
    return [
        pid
        for pid, status in _proc()
        if _field(status, b"Uid")[:1] == wanted and _field(status, b"State")[:1] != [b"Z"]
    ]


def _field(status: bytes, name: bytes) -> List[bytes]:
    for line in status.splitlines():
        if line.startswith(name + b":"):
            return line.split()[1:]
    return []


def remove_litter(uid: int, since: float) -> int:
    """Remove every file and folder that the uid made in the shared temporary folders (and
    in world-writable folders in them, two deep) since the time given, once it runs no
    process: how many.  (A file's change time cannot be set back, so nothing older, such as
    the files of a real user who has that uid, is touched.)  Nothing is followed through a
    link, and a folder deeper than LITTER_DEPTH is first moved up."""
    removed = 0
    folders = dict.fromkeys(os.path.realpath(p) for p in (*SHARED_TEMPORARY, tempfile.gettempdir()))
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            budget = [LITTER_ENTRIES]
            removed += _remove_owned(fd, fd, (uid, since), 2, budget)
        finally:
            os.close(fd)
    return removed


def _entries(folder: int) -> List[Tuple[str, int, int, float]]:
    """(name, owner, mode, change time) of each entry of a folder given by descriptor, links
    not followed."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):  # gone since it was listed
                status = entry.stat(follow_symlinks=False)
                found.append((entry.name, status.st_uid, status.st_mode, status.st_ctime))
    return found


def _remove_owned(
    top: int, folder: int, made: Tuple[int, float], depth: int, budget: List[int]
) -> int:
    removed = 0
    for name, owner, mode, changed in _entries(folder):
        budget[0] -= 1
        if budget[0] < 0:
            break
        if owner == made[0] and changed >= made[1]:
            moved: List[str] = []
            removed += _remove(folder, name, mode, top, moved, 0, budget)
            while moved and budget[0] >= 0:
                removed += _remove(top, moved.pop(), stat.S_IFDIR, top, moved, 0, budget)
        elif stat.S_ISDIR(mode) and mode & stat.S_IWOTH and depth > 0:
            with contextlib.suppress(OSError):
                inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
                try:
                    removed += _remove_owned(top, inner, made, depth - 1, budget)
                finally:
                    os.close(inner)
    return removed


def _remove(
    folder: int, name: str, mode: int, top: int, moved: List[str], depth: int, budget: List[int]
) -> int:
    """Remove an entry of a folder (given by descriptor), a folder with all it holds.  A
    folder LITTER_DEPTH deep is moved up to ``top`` under a new name (in ``moved``), to be
    removed from there: no recursion grows with what a job made."""
    try:
        if not stat.S_ISDIR(mode):
            os.unlink(name, dir_fd=folder)
            return 1
        inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
        try:
            for child, _, child_mode, _ in _entries(inner):
                budget[0] -= 1
                if budget[0] < 0:
                    return 0
                if stat.S_ISDIR(child_mode) and depth >= LITTER_DEPTH:
                    new = f".sentemb-grade-litter-{secrets.token_hex(8)}"
                    os.rename(child, new, src_dir_fd=inner, dst_dir_fd=top)
                    moved.append(new)
                else:
                    _remove(inner, child, child_mode, top, moved, depth + 1, budget)
        finally:
            os.close(inner)
        os.rmdir(name, dir_fd=folder)
    except OSError:  # gone, or not removable (a mount point): the class run goes on
        return 0
    return 1
