"""Grade a class's submissions of the sentence-embedding exercise, with sentemb as the key.

    python3 grade.py SUBMISSION...                    # a table: one line per submission
    python3 grade.py SUBMISSION... --json             # one JSON object per submission, per line
    python3 grade.py SUBMISSION... --csv grades.csv   # one row per submission
    python3 grade.py student.py --gradescope results.json

A SUBMISSION is a ``.py`` file, a Jupyter notebook (its code cells in order; lines of
IPython magics and shell escapes are dropped, with a note), a directory (each ``.py``
and ``.ipynb`` in it) or a ``.zip`` as a learning-management system downloads it.

Each submission runs in a Python process of its own, in a temporary directory holding a
copy of it, with standard input closed, a memory cap, and a time limit that kills its
whole process group.  This guards against accidents (an infinite loop, a memory hog, a
million printed lines, ``input()``, ``sys.exit``), not against malice: run untrusted code
inside a container, as Gradescope does.

The class and its three methods are found by what they hold and return, whatever their
names, and each answer is compared with sentemb's exact answer.  Known mistakes are
named, each computed with sentemb.  Standard library only; Python 3.8 or newer.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import inspect
import io
import itertools
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from fractions import Fraction
from numbers import Real
from types import MappingProxyType
from typing import (
    Any,
    Callable,
    Dict,
    Iterator,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Set,
    Tuple,
)

try:
    import sentemb
except ImportError:  # the harness below runs with `python -I`: only the standard library
    sentemb = None  # type: ignore[assignment]

__version__ = "1.0.0"

CHECKS = (
    "class_variables", "average", "skip_filler", "weighted",
    "average_hidden", "skip_filler_hidden", "weighted_hidden",
)  # fmt: skip
RUBRIC = {
    "class_variables": 1, "average": 2, "skip_filler": 2, "weighted": 2,
    "average_hidden": 1, "skip_filler_hidden": 1, "weighted_hidden": 1,
}  # fmt: skip
ROLES = ("average", "skip_filler", "weighted")
LABELS = {"average": "method 1 (simple average)", "skip_filler": "method 2 (skip filler words)",
          "weighted": "method 3 (weighted average)"}  # fmt: skip
SEED = 20261128
HIDDEN = 3  # sentences besides the exercise's
FEEDBACK = {
    "oov-skipped": "Out-of-vocabulary tokens were left out; the exercise gives each one [-1, -1].",
    "weights-not-normalised": "The weighted sum was not divided by the sum of the weights.",
    "divided-by-count": "The weighted sum was divided by the number of tokens instead of the "
    "sum of the weights.",
    "fillers-kept": "Method 2 gives method 1's answer: the filler words were not skipped.",
    "returned-none": "The method returned None (did it print its answer?): return the vector.",
    "hard-coded": "Right on the exercise's sentence, but the same answer for other sentences: "
    "compute it from the sentence.",
    "words-only-reading": "This reads the sentence without its punctuation mark; the canonical "
    "reading makes '!' a token of its own (7 tokens for 7 weights).",
}


class UsageError(Exception):
    """Bad command-line use: exit status 2."""


# -- Submissions: files, notebooks, directories, zips ------------------------------------


class Submission(NamedTuple):
    name: str  # the file name, or the zip member's name
    source: bytes  # Python source, as the interpreter reads it
    notes: List[str]  # what was done to it, such as dropped notebook magics
    error: Optional[str] = None  # why it cannot be run at all


def collect(paths: Sequence[str]) -> List[Submission]:
    """Every submission in the given files, directories and zips, in order."""
    found: List[Submission] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, folders, files in os.walk(path):
                folders[:] = sorted(f for f in folders if not _junk(f))
                for name in sorted(files):
                    if not _junk(name) and name.endswith((".py", ".ipynb")):
                        full = os.path.join(folder, name)
                        with open(full, "rb") as file:
                            found.append(_submission(os.path.relpath(full, path), file.read()))
        elif path.endswith(".zip") and os.path.isfile(path):
            try:
                with zipfile.ZipFile(path) as archive:
                    for member in archive.infolist():
                        parts = member.filename.split("/")
                        wanted = member.filename.endswith((".py", ".ipynb"))
                        if wanted and not member.is_dir() and not any(map(_junk, parts)):
                            found.append(_submission(member.filename, archive.read(member)))
            except zipfile.BadZipFile as error:
                raise UsageError(f"{path}: not a readable zip file ({error})") from None
        elif path.endswith((".py", ".ipynb")) and os.path.isfile(path):
            with open(path, "rb") as file:
                found.append(_submission(path, file.read()))
        elif os.path.exists(path):
            raise UsageError(f"{path}: not a .py, .ipynb, .zip or directory")
        else:
            raise UsageError(f"{path}: no such file or directory")
    return found


def _junk(name: str) -> bool:
    """Folders and files that no student wrote: __MACOSX, ._resource forks, caches."""
    return name in ("__MACOSX", "__pycache__", ".ipynb_checkpoints") or name.startswith(".")


def _submission(name: str, content: bytes) -> Submission:
    if not name.endswith(".ipynb"):
        return Submission(name, content, [])
    try:
        notebook = json.loads(content.decode("utf-8-sig"))
        cells = [c for c in notebook["cells"] if c.get("cell_type") == "code"]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return Submission(name, b"", [], f"not a readable notebook ({type(error).__name__})")
    lines, dropped = [], 0
    for cell in cells:
        source = cell.get("source", "")
        text = source if isinstance(source, str) else "".join(source)
        for line in text.splitlines():
            if line.lstrip().startswith(("%", "!")):
                dropped += 1
                line = ""  # keeps the line numbers of the cell
            lines.append(line)
        lines.append("")
    notes = []
    if dropped:
        notes.append(f"{dropped} line(s) of IPython magics (%) or shell escapes (!) were dropped")
    return Submission(name, "\n".join(lines).encode("utf-8"), notes)


# -- The harness: what runs inside a submission's own process -------------------------------


class _TimeLimit(BaseException):
    """Raised by the alarm: a BaseException, so a student's `except Exception` lets it by."""


def _alarm(signum: int, frame: Any) -> None:
    raise _TimeLimit


class _Capture(io.TextIOBase):
    """What the student's code prints: the first ``limit`` characters, and a count of the rest."""

    def __init__(self, limit: int = 20_000) -> None:
        self.kept: List[str] = []
        self.size = 0
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, text: Any) -> int:
        text = str(text)
        room = self.limit - self.size
        if room > 0:
            self.kept.append(text[:room])
        self.size += len(text)
        return len(text)

    def value(self) -> str:
        text = "".join(self.kept)
        return text + (
            f"... ({self.size - len(text):,} more characters)" if self.size > len(text) else ""
        )


def _harness(folder: str) -> None:  # pragma: no cover - it runs in the child process
    """Run the submission in ``folder`` and write what happens to its results file."""
    with open(os.path.join(folder, "plan.json"), encoding="utf-8") as file:
        plan = json.load(file)
    with open(os.path.join(folder, "results.jsonl"), "a", encoding="utf-8") as results:

        def report(**event: Any) -> None:
            results.write(json.dumps(event) + "\n")
            results.flush()

        _run_in_harness(folder, plan, report)
    os._exit(0)  # whatever threads or handlers the submission left behind


def _run_in_harness(  # pragma: no cover - it runs in the child process
    folder: str, plan: Dict[str, Any], report: Callable[..., None]
) -> None:

    try:
        import resource

        cap = plan["memory"]
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):
        pass  # no memory cap where the OS has none
    signal.signal(signal.SIGALRM, _alarm)
    sys.stdin = io.StringIO()
    limit = plan["call_seconds"]
    with open(os.path.join(folder, "submission.py"), "rb") as file:
        source = file.read()
    namespace: Dict[str, Any] = {"__name__": "submission", "__file__": "submission.py"}
    try:
        code = compile(source, "submission.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        report(event="import", status="syntax", detail=_describe(error))
        report(event="done")
        return
    report(event="start", call="import")
    outcome = _attempt(lambda: exec(code, namespace), limit)
    report(event="import", **outcome)
    classes = [v for v in list(namespace.values()) if isinstance(v, type)]
    classes = [c for c in classes if c.__module__ == "submission"]
    described = []
    for cls in classes:
        made = _attempt(cls, limit)
        instance = made.pop("value") if made["status"] == "ok" else None
        members = _members(cls)
        described.append(
            {
                "name": cls.__name__,
                "variables": {k: _summary(v) for k, v in members["variables"]},
                "instance_variables": {k: _summary(v) for k, v in _instance_items(instance)},
                "init": made,
                "methods": [[name, kind] for name, kind, _ in members["methods"]],
            }
        )
        cls._grade_instance = instance  # type: ignore[attr-defined]
    report(event="classes", classes=described)
    skip = set(plan["skip"])
    for cls in classes:
        instance = getattr(cls, "_grade_instance", None)
        for name, kind, _ in _members(cls)["methods"]:
            function = getattr(cls if kind != "instance" else instance, name, None)
            if function is None:
                continue
            for index, sentence in enumerate(plan["sentences"]):
                call = f"{cls.__name__}.{name}#{index}"
                if call in skip:
                    continue
                arguments = _arguments(function, sentence, plan["weights"])
                if arguments is None:
                    break
                report(event="start", call=call)
                outcome = _attempt(functools.partial(function, *arguments), limit, encode=True)
                report(event="call", call=call, **outcome)
                if outcome["status"] in ("timeout", "memory"):
                    break  # the same again for every sentence would only cost time
    report(event="done")


def _members(cls: type) -> Dict[str, List[Any]]:
    """The class variables and methods that the submission defined, base classes too."""
    variables: List[Tuple[str, Any]] = []
    methods: List[Tuple[str, str, Any]] = []
    seen = set()
    for klass in cls.__mro__:
        if klass is object or getattr(klass, "__module__", "") != "submission":
            continue
        for name, attribute in vars(klass).items():
            if name in seen or (name.startswith("__") and name.endswith("__")):
                continue
            seen.add(name)
            if isinstance(attribute, staticmethod):
                methods.append((name, "static", attribute))
            elif isinstance(attribute, classmethod):
                methods.append((name, "class", attribute))
            elif inspect.isfunction(attribute):
                methods.append((name, "instance", attribute))
            elif not callable(attribute) and not isinstance(attribute, property):
                variables.append((name, attribute))
    return {"variables": variables, "methods": methods}


def _instance_items(instance: Any) -> List[Tuple[str, Any]]:
    try:
        return [(k, v) for k, v in vars(instance).items() if not k.startswith("__")]
    except TypeError:
        return []


def _arguments(function: Any, sentence: str, weights: List[float]) -> Optional[Tuple[Any, ...]]:
    """How to call a candidate: with the sentence, or with the sentence and the weights."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return (sentence,)
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    required = [p for p in parameters if p.kind in kinds and p.default is p.empty]
    if len(required) == 1:
        return (sentence,)
    if len(required) == 2:
        return (sentence, list(weights))
    return None


def _attempt(function: Callable[[], Any], seconds: float, encode: bool = False) -> Dict[str, Any]:
    """Call with a time limit, printing captured: {status, detail, output, value}."""
    capture = _Capture()
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = capture
    outcome: Dict[str, Any] = {"status": "ok", "detail": None}
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            value = function()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if encode:
            value = _encode(value)
            outcome["status"] = "none" if value is None else "ok"
        outcome["value"] = value
    except _TimeLimit:
        outcome.update(status="timeout", detail=f"did not finish within {seconds:g} s")
    except MemoryError:
        outcome.update(status="memory", detail="ran out of memory (the cap)")
    except SystemExit as error:
        outcome.update(status="exit", detail=f"called sys.exit({error.code!r})")
    except _Junk as error:
        outcome.update(status="junk", detail=f"returned {error}")
    except BaseException as error:  # whatever the student raised
        outcome.update(status="error", detail=_describe(error))
    finally:
        sys.stdout, sys.stderr = saved
    outcome["output"] = capture.value()
    return outcome


def _describe(error: BaseException) -> str:
    """The error, with the line of the submission it came from."""
    line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "submission.py":
            line = trace.tb_lineno
        trace = trace.tb_next
    message = error.msg if isinstance(error, SyntaxError) else error
    text = f"{type(error).__name__}: {message}"
    text = text if len(text) <= 200 else text[:185] + "..."
    return text + (f" (line {line})" if line else "")


class _Junk(Exception):
    pass


def _encode(value: Any) -> Optional[List[str]]:
    """A vector as exact decimal strings; None stays None; anything else is junk."""
    if value is None:
        return None
    if hasattr(value, "tolist") and callable(value.tolist):
        value = value.tolist()  # numpy arrays and scalars
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        raise _Junk(_cut(value))
    numbers = []
    for x in itertools.islice(value, 1000):
        if hasattr(x, "tolist") and callable(x.tolist):
            x = x.tolist()
        if isinstance(x, bool) or not isinstance(x, (Real, Decimal)):
            raise _Junk(_cut(value))
        if isinstance(x, Fraction):
            numbers.append(f"{x.numerator}/{x.denominator}")
        elif isinstance(x, (int, Decimal)):
            numbers.append(str(x))
        elif math.isfinite(float(x)):
            numbers.append(repr(float(x)))
        else:
            raise _Junk(_cut(value))
    return numbers


def _summary(value: Any, depth: int = 0) -> Any:
    """A class variable as JSON: mappings, collections, strings and numbers, cut short."""
    if hasattr(value, "tolist") and callable(value.tolist):
        value = value.tolist()
    if isinstance(value, str):
        return value[:200]
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (Real, Decimal)):
        return _encode([value])[0] if _finite_number(value) else repr(value)  # type: ignore[index]
    if depth < 2 and isinstance(value, dict):
        return {
            str(k)[:100]: _summary(v, depth + 1) for k, v in itertools.islice(value.items(), 50)
        }
    if depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [_summary(v, depth + 1) for v in itertools.islice(items, 50)]
    return _cut(value)


def _finite_number(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (OverflowError, ValueError, TypeError):
        return False


def _cut(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a student's __repr__ may raise
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:70] + "..."


# -- Running a submission: its own process, a watchdog, and reruns after a crash ----------------


class Options(NamedTuple):
    timeout: float = 10.0
    memory: int = 1 << 30
    seed: int = SEED
    strict: bool = False
    class_name: Optional[str] = None
    methods: Mapping[str, str] = MappingProxyType({})  # role -> the student's method name
    python: str = sys.executable
    points: Mapping[str, float] = MappingProxyType(RUBRIC)


class Run(NamedTuple):
    """What happened in a submission's process(es): the import, the classes, every call."""

    imported: Dict[str, Any]
    classes: List[Dict[str, Any]]
    calls: Dict[str, Dict[str, Any]]


def run_submission(submission: Submission, sentences: List[str], options: Options) -> Run:
    """Run a submission's code in a process of its own and collect what it did.

    A call that hangs or ends the process costs only itself: the process is
    started again without it, as often as it takes.
    """
    folder = tempfile.mkdtemp(prefix="grade-")
    try:
        with open(os.path.join(folder, "submission.py"), "wb") as file:
            file.write(submission.source)
        results = os.path.join(folder, "results.jsonl")
        imported: Dict[str, Any] = {}
        classes: List[Dict[str, Any]] = []
        calls: Dict[str, Dict[str, Any]] = {}
        skip: List[str] = []
        read = 0
        for _ in range(len(sentences) * 40 + 2):  # each rerun skips at least one more call
            plan = {
                "sentences": sentences,
                "weights": list(sentemb.ATTENTION_WEIGHTS),
                "skip": skip,
                "memory": options.memory,
                "call_seconds": options.timeout / 2,  # a memory hog reaches the cap first
            }
            with open(os.path.join(folder, "plan.json"), "w", encoding="utf-8") as file:
                json.dump(plan, file)
            status = _watch(options, folder, results)
            events, read = _events(results, read)
            started = None
            done = False
            for event in events:
                kind = event.pop("event")
                if kind == "start":
                    started = event["call"]
                elif kind == "import":
                    imported, started = event, None
                elif kind == "classes":
                    classes = event["classes"]
                elif kind == "call":
                    calls[event.pop("call")] = event
                    started = None
                else:
                    done = True
            if done:
                break
            if started is None or started == "import":
                how = "it was stopped: it ran too long" if status is None else _ended(status)
                imported = {"status": "timeout" if status is None else "exit", "detail": how}
                break
            how = "did not finish in time" if status is None else _ended(status)
            calls[started] = {"status": "timeout" if status is None else "exit", "detail": how}
            skip = [*calls]
        return Run(imported, classes, calls)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _ended(status: int) -> str:
    if status < 0:
        name = signal.Signals(-status).name if -status in signal.valid_signals() else -status
        return f"ended the process (signal {name})"
    return f"ended the process (exit status {status})"


def _watch(options: Options, folder: str, results: str) -> Optional[int]:
    """Run the harness; kill its process group when it shows no progress for --timeout
    seconds.  The exit status, or None when it was killed."""
    with _RUNNING_LOCK:  # no other job's cleanup may see it before it is counted
        process = subprocess.Popen(
            [options.python, "-I", os.path.abspath(__file__), "--harness", folder],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, killed whole
        )
        _RUNNING.add(process.pid)
    try:
        return _progress(process, options, results)
    finally:
        _kill_left_behind(process)


def _progress(process: Any, options: Options, results: str) -> Optional[int]:
    size, progress = -1, time.monotonic()
    while True:
        try:
            return int(process.wait(0.02))
        except subprocess.TimeoutExpired:
            pass
        now_size = os.path.getsize(results) if os.path.exists(results) else 0
        if now_size != size:
            size, progress = now_size, time.monotonic()
        elif time.monotonic() - progress > options.timeout:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (OSError, AttributeError):
                process.kill()
            process.wait()
            return None


# Nothing a submission starts outlives its grading.  On Linux the grader is a child
# subreaper (prctl), so a process that a submission's process leaves behind, by a fork,
# a double fork or setsid, becomes the grader's child when its parent ends: after each
# submission, every child of the grader that is not a harness still running is killed,
# and so, in turn, are the children they leave.  Elsewhere, only the harness's process
# group is killed.
_RUNNING: Set[int] = set()  # the harnesses running now, one a job
_RUNNING_LOCK = threading.Lock()


def _become_subreaper() -> bool:
    """Make this process the one that orphans of its descendants are given to (Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return False


_PR_SET_CHILD_SUBREAPER = 36


def _kill_left_behind(process: Any) -> None:
    """Kill the harness's process group, then every child of the grader that no job
    is running, until there are none: what they leave is given to the grader too."""
    with _RUNNING_LOCK:
        _RUNNING.discard(process.pid)
    with contextlib.suppress(OSError, AttributeError):  # gone already, or no process groups
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for _ in range(1000):
        with _RUNNING_LOCK:
            left = [pid for pid in _children() if pid not in _RUNNING]
        if not left:
            return
        for pid in left:
            with contextlib.suppress(OSError):  # it ended, and was waited for, on its own
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def _children() -> List[int]:
    """The processes whose parent is this one (from /proc; none where there is none)."""
    me = os.getpid()
    found = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return []
    for name in names:
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as file:
                    stat = file.read()
            except OSError:
                continue
            fields = stat[stat.rfind(b")") + 2 :].split()  # after the name, which may hold spaces
            if int(fields[1]) == me:
                found.append(int(name))
    return found


def _events(path: str, start: int) -> Tuple[List[Dict[str, Any]], int]:
    if not os.path.exists(path):
        return [], start
    with open(path, "rb") as file:
        file.seek(start)
        data = file.read()
    complete = data[: data.rfind(b"\n") + 1]
    events = []
    for line in complete.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            continue
    return events, start + len(complete)


# -- The key: sentemb's answers, the readings and the catalogue of mistakes ----------------------

Vector = Tuple[Fraction, ...]


class Key(NamedTuple):
    """Every answer a submission's method may give, computed with sentemb."""

    sentences: List[str]  # the exercise's first, then the hidden ones
    right: Dict[Tuple[str, str, int], Vector]  # (role, reading, sentence) -> the answer
    wrong: Dict[Tuple[str, str, int, str], Vector]  # ... and a mistake id -> its answer


def make_key(seed: int = SEED) -> Key:
    """The answers to the exercise's sentence and the hidden ones, right and wrong.

    >>> key = make_key()
    >>> key.right["weighted", "tokens", 0], key.wrong["weighted", "tokens", 0, "divided-by-count"]
    ((Fraction(40, 37), Fraction(102, 37)), (Fraction(4, 7), Fraction(51, 35)))
    """
    sentences = [sentemb.EXERCISE_SENTENCE, *hidden_sentences(seed)]
    right: Dict[Tuple[str, str, int], Vector] = {}
    wrong: Dict[Tuple[str, str, int, str], Vector] = {}
    for reading, keep in (("tokens", True), ("words-only", False)):
        exact = sentemb.SentenceEmbedder(exact=True, keep_punctuation=keep)
        skipping = sentemb.SentenceEmbedder(exact=True, keep_punctuation=keep, oov="skip")
        for index, sentence in enumerate(sentences):
            n = len(exact.tokens(sentence))
            weights = [Fraction(str(w)) for w in sentemb.ATTENTION_WEIGHTS[:n]]
            for role in ROLES:
                arguments = (sentence, weights) if role == "weighted" else (sentence,)
                right[role, reading, index] = tuple(getattr(exact, role)(*arguments))
                with _quietly():
                    wrong[role, reading, index, "oov-skipped"] = tuple(
                        getattr(skipping, role)(*arguments)
                    )
            weighted = right["weighted", reading, index]
            total = sum(weights)
            wrong["weighted", reading, index, "weights-not-normalised"] = tuple(
                x * total for x in weighted
            )
            wrong["weighted", reading, index, "divided-by-count"] = tuple(
                x * total / n for x in weighted
            )
            wrong["skip_filler", reading, index, "fillers-kept"] = right["average", reading, index]
    wrong = {k: v for k, v in wrong.items() if v}
    return Key(sentences, right, wrong)


class _quietly:
    """A mistake's answer that does not exist (every token skipped) is left out."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: Any, trace: Any) -> bool:
        return kind is not None and issubclass(kind, sentemb.EmbeddingError)


def hidden_sentences(seed: int, count: int = HIDDEN) -> List[str]:
    """Sentences of 7 words (one per attention weight), with vocabulary words, filler
    words and unknown words, in their own case and without punctuation, so that every
    defensible reading agrees; each chosen so that every mistake shows on it.

    >>> for sentence in hidden_sentences(SEED):
    ...     print(sentence)
    tea chocolate tea I chocolate I today
    or much chocolate or love for I
    lot tea as very for maybe it
    """
    rng = random.Random(seed)
    vocabulary, fillers = list(sentemb.EXERCISE_VOCAB), list(sentemb.FILLER_WORDS)
    unknown = ["tea", "coffee", "sugar", "very", "much", "today", "well"]
    words = vocabulary + fillers + unknown
    tokens = sentemb.SentenceEmbedder(exact=True)
    words_only = sentemb.SentenceEmbedder(exact=True, keep_punctuation=False)
    skipping = sentemb.SentenceEmbedder(exact=True, oov="skip")
    chosen: List[str] = []
    exercise = {role: getattr(tokens, role)(sentemb.EXERCISE_SENTENCE) for role in ROLES}
    while len(chosen) < count:
        picks = [rng.choice(vocabulary), rng.choice(fillers), rng.choice(unknown)]
        picks += [rng.choice(words) for _ in range(4)]
        rng.shuffle(picks)
        sentence = " ".join(picks)
        try:
            answers = {role: getattr(tokens, role)(sentence) for role in ROLES}
            agree = all(answers[r] == getattr(words_only, r)(sentence) for r in ROLES)
            telling = all(answers[r] != getattr(skipping, r)(sentence) for r in ROLES)
        except sentemb.EmbeddingError:  # nothing left after skipping fillers or unknowns
            continue
        new = all(answers[r] != exercise[r] for r in ROLES) and sentence not in chosen
        if agree and telling and new and answers["skip_filler"] != answers["average"]:
            chosen.append(sentence)
    return chosen


# -- Judging: find the class and its methods by behaviour, then check each answer -------------


class Check(NamedTuple):
    name: str
    passed: bool
    points: float
    max_points: float
    feedback: str
    mistake: Optional[str]


def grade(submission: Submission, key: Key, options: Options) -> Dict[str, Any]:
    """Run and judge one submission: the report that --json prints.  Whatever the
    submission reported is untrusted: what cannot be judged is junk, and the class
    run goes on."""
    if submission.error is not None:
        return _ungraded(submission, submission.error, options)
    run = run_submission(submission, key.sentences, options)
    try:
        return judge(submission, run, key, options)
    except Exception as error:  # a forged or malformed results file
        reason = f"junk: what it reported cannot be read ({type(error).__name__})"
        return _ungraded(submission, reason, options)


def judge(submission: Submission, run: Run, key: Key, options: Options) -> Dict[str, Any]:
    imported = run.imported
    if imported.get("status") == "syntax":
        return _ungraded(submission, f"the file does not compile: {imported['detail']}", options)
    notes = list(submission.notes)
    if imported.get("status") not in (None, "ok"):
        notes.append(f"running the file stopped early: {imported.get('detail')}")
    if not run.classes:
        if imported.get("status") not in (None, "ok"):
            reason = f"while running the file: {imported.get('detail')}"
        else:
            reason = "the file defines no class"
        return _ungraded(submission, reason, options, notes)
    answers = {
        (c["name"], m): _answers(run, c["name"], m, len(key.sentences))
        for c in run.classes
        for m, _ in c["methods"]
    }
    chosen = _choose_class(run.classes, answers, key, options)
    if chosen is None:
        return _ungraded(submission, f"no class named {options.class_name!r}", options, notes)
    methods = [m for m, _ in chosen["methods"]]
    assignment = _assign(chosen["name"], methods, answers, key, options)
    reading = _reading(chosen["name"], assignment, answers, key)
    checks = [_check_variables(chosen, options)]
    for role in ROLES:
        method = assignment.get(role)
        got = answers.get((chosen["name"], method)) if method else None
        checks.append(_check_exercise(role, method, got, reading, key, options))
    for role in ROLES:
        method = assignment.get(role)
        got = answers.get((chosen["name"], method)) if method else None
        checks.append(_check_hidden(role, method, got, key, options))
    return _report(submission, checks, reading, chosen["name"], assignment, None, notes)


class Answer(NamedTuple):
    """What a method gave for one sentence."""

    status: str  # ok, none, error, timeout, memory, exit, junk, missing
    vector: Optional[Vector]  # returned (or, for None, the numbers it printed)
    detail: Optional[str]


def _answers(run: Run, cls: str, method: str, count: int) -> List[Answer]:
    out: List[Answer] = []
    for index in range(count):
        call = run.calls.get(f"{cls}.{method}#{index}")
        if call is None and out and out[-1].status in ("timeout", "memory", "exit"):
            out.append(out[-1])  # not called again after that
            continue
        if call is None:
            out.append(Answer("missing", None, "it was not called (it takes other arguments)"))
            continue
        status, vector, detail = call["status"], None, call.get("detail")
        if status == "ok":
            vector = _numbers(call["value"])
            if vector is None:
                status, detail = "junk", f"it returned numbers out of bounds: {_cut(call['value'])}"
        elif status == "none":
            vector = _printed(call.get("output") or "")
        out.append(Answer(status, vector, detail))
    return out


_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?:/\d+)?")
_BOUNDED = re.compile(r"[-+]?(?:\d{1,400}(?:\.\d{0,400})?|\.\d{1,400})(?:[eE][-+]?\d{1,3})?")
_RATIO = re.compile(r"[-+]?\d{1,400}/\d{1,400}")


def _printed(output: str) -> Optional[Vector]:
    """The last two numbers a method printed: its answer, if it printed instead of returning."""
    return _numbers(_NUMBER.findall(output[-20_000:])[-2:]) if output else None


def _number(text: Any) -> Optional[Fraction]:
    """A number that a submission's process reported, read at a bounded cost: at most
    400 digits, an exponent of at most 3 digits, a nonzero denominator; else None."""
    if not isinstance(text, str) or len(text) > 1000:
        return None
    if _RATIO.fullmatch(text):
        numerator, denominator = text.split("/")
        return Fraction(int(numerator), int(denominator)) if int(denominator) else None
    return Fraction(text) if _BOUNDED.fullmatch(text) else None


def _close(got: Optional[Vector], expected: Vector) -> bool:
    if got is None or len(got) != len(expected):
        return False
    return all(
        abs(g - e) <= max(Fraction(1, 10**9) * abs(e), Fraction(1, 10**12))
        for g, e in zip(got, expected)
    )


def _matches(
    got: Optional[Vector], role: str, index: int, key: Key, readings: Sequence[str]
) -> List[Tuple[str, Optional[str]]]:
    """(reading, mistake or None) for every answer of ``role`` that ``got`` equals."""
    found: List[Tuple[str, Optional[str]]] = []
    for reading in readings:
        if _close(got, key.right[role, reading, index]):
            found.append((reading, None))
    for (r, reading, i, mistake), vector in key.wrong.items():
        if r == role and i == index and reading in readings and _close(got, vector):
            found.append((reading, mistake))
    return found


_HINTS = {
    "average": ("avg", "average", "mean", "simple", "1", "one", "basic"),
    "skip_filler": ("skip", "filler", "fill", "2", "two", "stop"),
    "weighted": ("weight", "learn", "attention", "attn", "3", "three"),
}


def _hint(method: str, role: str) -> bool:
    name = method.lower()
    return any(word in name for word in _HINTS[role])


def _fit(answers: List[Answer], role: str, key: Key, method: str) -> int:
    """How well a method fits a role: its exercise answer first, then its name."""
    first = answers[0] if answers else Answer("missing", None, None)
    score = 1 if _hint(method, role) else 0
    matches = _matches(first.vector, role, 0, key, ("tokens", "words-only"))
    if any(mistake is None for _, mistake in matches):
        score += 100 if first.status == "ok" else 40
    elif matches:
        score += 60 if first.status == "ok" else 30
    return score


def _choose_class(
    classes: List[Dict[str, Any]],
    answers: Dict[Tuple[str, str], List[Answer]],
    key: Key,
    options: Options,
) -> Optional[Dict[str, Any]]:
    if options.class_name is not None:
        return next((c for c in classes if c["name"] == options.class_name), None)

    def score(cls: Dict[str, Any]) -> int:
        held = sum(found is not None for found in _variables(cls).values())
        fits = sum(
            max((_fit(answers[cls["name"], m], role, key, m) for m, _ in cls["methods"]), default=0)
            >= 30
            for role in ROLES
        )
        return 10 * fits + held

    return max(classes, key=score)  # the first of the best, in the order of the file


def _assign(
    cls: str,
    methods: List[str],
    answers: Dict[Tuple[str, str], List[Answer]],
    key: Key,
    options: Options,
) -> Dict[str, str]:
    """The student's method for each role: the assignment that fits best."""
    fixed = {role: name for role, name in options.methods.items() if name in methods}
    candidates = methods[:30]
    fit = {(m, role): _fit(answers[cls, m], role, key, m) for m in methods for role in ROLES}
    best: Tuple[int, Dict[str, str]] = (0, {})
    choices = [[None, *candidates] if role not in fixed else [fixed[role]] for role in ROLES]
    for picks in itertools.product(*choices):
        named = [p for p in picks if p is not None]
        if len(set(named)) < len(named):
            continue
        total = sum(fit[p, role] for role, p in zip(ROLES, picks) if p is not None)
        if total > best[0] or (not best[1] and fixed):
            best = (total, {role: p for role, p in zip(ROLES, picks) if p is not None})
    return {role: m for role, m in best[1].items() if role in fixed or fit[m, role] > 0}


def _reading(
    cls: str, assignment: Dict[str, str], answers: Dict[Tuple[str, str], List[Answer]], key: Key
) -> str:
    """The reading most of the three exercise answers show (right or wrong); a tie, or no
    answer at all, goes to the canonical reading, tokens."""
    votes = {"tokens": 0, "words-only": 0}
    for role, method in assignment.items():
        first = answers[cls, method][0]
        for reading in {r for r, _ in _matches(first.vector, role, 0, key, tuple(votes))}:
            votes[reading] += 1
    return "words-only" if votes["words-only"] > votes["tokens"] else "tokens"


def _variables(cls: Dict[str, Any]) -> Dict[str, Optional[str]]:
    """Which of the exercise's three class variables the class holds, and under what name."""
    found: Dict[str, Optional[str]] = {
        "vocabulary": None,
        "filler words": None,
        "attention weights": None,
    }
    embeddings = {
        w: (Fraction(i - 1), Fraction(i + 1)) for i, w in enumerate(sentemb.EXERCISE_VOCAB)
    }
    fillers = {w.casefold() for w in sentemb.FILLER_WORDS}
    weights = tuple(Fraction(str(w)) for w in sentemb.ATTENTION_WEIGHTS)
    for name, value in cls["variables"].items():
        if (
            found["vocabulary"] is None
            and isinstance(value, dict)
            and _same_embeddings(value, embeddings)
        ):
            found["vocabulary"] = name
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            if found["filler words"] is None and {v.casefold() for v in value} == fillers:
                found["filler words"] = name
            elif found["attention weights"] is None and _numbers(value) == weights:
                found["attention weights"] = name
    return found


def _numbers(values: Any) -> Optional[Vector]:
    """Numbers a submission reported (_number each), or None when any is not one."""
    if not isinstance(values, list) or len(values) > 1000:
        return None
    numbers = [_number(v) for v in values]
    return None if None in numbers else tuple(numbers)  # type: ignore[arg-type]


def _same_embeddings(value: Dict[str, Any], embeddings: Mapping[str, Vector]) -> bool:
    if {k.casefold() for k in value} != {k.casefold() for k in embeddings}:
        return False
    folded = {k.casefold(): v for k, v in embeddings.items()}
    for word, vector in value.items():
        if not isinstance(vector, list) or _numbers([str(x) for x in vector]) != tuple(
            folded[word.casefold()]
        ):
            return False
    return True


# -- The checks ------------------------------------------------------------------------------


def _check(
    name: str, passed: bool, options: Options, feedback: str, mistake: Optional[str] = None
) -> Check:
    points = float(options.points.get(name, RUBRIC[name]))
    return Check(name, passed, points if passed else 0.0, points, feedback, mistake)


def _check_variables(cls: Dict[str, Any], options: Options) -> Check:
    found = _variables(cls)
    missing = [what for what, name in found.items() if name is None]
    if not missing:
        names = ", ".join(f"{what} as {name}" for what, name in found.items())
        return _check("class_variables", True, options, f"Found the {names}.")
    instance = _variables({"variables": cls.get("instance_variables", {})})
    where = [w for w in missing if instance.get(w)]
    text = f"Not found as class variables with the exercise's values: {', '.join(missing)}."
    if where:
        text += f" ({', '.join(where)} set on the instance: define them in the class body.)"
    return _check("class_variables", False, options, text, "class-variables-missing")


def _check_exercise(
    role: str,
    method: Optional[str],
    got: Optional[List[Answer]],
    reading: Optional[str],
    key: Key,
    options: Options,
) -> Check:
    label = LABELS[role]
    expected = _show(key.right[role, "tokens", 0])
    if method is None or got is None:
        return _check(
            role,
            False,
            options,
            f"No method computes {label}: for the exercise's sentence it is {expected}.",
            "not-found",
        )
    first = got[0]
    if first.status not in ("ok", "none"):
        return _check(
            role, False, options, f"{method}(): {first.detail or first.status}.", first.status
        )
    readings = ("tokens",) if options.strict else ("tokens", "words-only")
    matches = _matches(first.vector, role, 0, key, ("tokens", "words-only"))
    if first.status == "none":
        printed = " It printed the right numbers." if any(m is None for _, m in matches) else ""
        return _check(role, False, options, FEEDBACK["returned-none"] + printed, "returned-none")
    right = [r for r, mistake in matches if mistake is None]
    if any(r in readings for r in right):
        return _check(role, True, options, f"{method}() gives {_show(first.vector)}.")
    if right:  # the words-only reading under --strict
        return _check(role, False, options, FEEDBACK["words-only-reading"], "words-only-reading")
    mistakes = [mistake for _, mistake in matches if mistake is not None]
    if mistakes:
        return _check(
            role,
            False,
            options,
            f"{method}() gives {_show(first.vector)}. {FEEDBACK[mistakes[0]]}",
            mistakes[0],
        )
    return _check(
        role,
        False,
        options,
        f"{method}() gives {_show(first.vector)}; the answer is {expected}.",
        "wrong-answer",
    )


def _check_hidden(
    role: str, method: Optional[str], got: Optional[List[Answer]], key: Key, options: Options
) -> Check:
    name = f"{role}_hidden"
    if method is None or got is None:
        return _check(name, False, options, f"No method computes {LABELS[role]}.", "not-found")
    hidden = got[1:]
    for index, answer in enumerate(hidden, 1):
        if answer.status == "none":
            return _check(name, False, options, FEEDBACK["returned-none"], "returned-none")
        if answer.status != "ok":
            return _check(
                name,
                False,
                options,
                f"{method}({key.sentences[index]!r}): {answer.detail or answer.status}.",
                answer.status,
            )
    if all(_close(a.vector, key.right[role, "tokens", i]) for i, a in enumerate(hidden, 1)):
        return _check(name, True, options, f"Right on {len(hidden)} other sentences.")
    exercise = got[0].vector
    if exercise is not None and all(_close(a.vector, exercise) for a in hidden):
        return _check(name, False, options, FEEDBACK["hard-coded"], "hard-coded")
    for index, answer in enumerate(hidden, 1):
        expected = key.right[role, "tokens", index]
        if _close(answer.vector, expected):
            continue
        mistakes = [
            m for _, m in _matches(answer.vector, role, index, key, ("tokens",)) if m is not None
        ]
        sentence = key.sentences[index]
        text = (
            f"{method}({sentence!r}) gives {_show(answer.vector)}; the answer is {_show(expected)}."
        )
        if mistakes:
            return _check(name, False, options, f"{text} {FEEDBACK[mistakes[0]]}", mistakes[0])
        return _check(name, False, options, text, "wrong-answer")
    raise AssertionError("unreachable")  # pragma: no cover


def _show(vector: Optional[Vector]) -> str:
    if vector is None:
        return "nothing"
    return "[" + ", ".join(f"{float(x):.6g}" for x in vector) + "]"


def _report(
    submission: Submission,
    checks: List[Check],
    reading: Optional[str],
    cls: Optional[str],
    assignment: Dict[str, str],
    error: Optional[str],
    notes: List[str],
) -> Dict[str, Any]:
    return {
        "submission": submission.name,
        "score": sum(c.points for c in checks),
        "max_score": sum(c.max_points for c in checks),
        "reading": reading,
        "found": {"class": cls, **{role: assignment.get(role) for role in ROLES}},
        "checks": [c._asdict() for c in checks],
        "error": error,
        "notes": notes,
    }


def _ungraded(
    submission: Submission, reason: str, options: Options, notes: Optional[List[str]] = None
) -> Dict[str, Any]:
    checks = [
        _check(name, False, options, f"Not graded: {reason}", "not-graded") for name in CHECKS
    ]
    return _report(submission, checks, None, None, {}, reason, list(notes or submission.notes))


# -- The command line -------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grade.py",
        description="Grade submissions of the sentence-embedding exercise against sentemb.",
        epilog="Exit status 0 when every submission was graded (whatever the scores), 2 on bad "
        "usage. Each submission runs in its own process: this guards against accidents, not "
        "malice; run untrusted code in a container.",
    )
    parser.add_argument(
        "submissions", nargs="+", metavar="SUBMISSION",
        help="a .py file, a .ipynb notebook, a directory of them, or a .zip of them",
    )  # fmt: skip
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object per submission")
    output.add_argument("--csv", metavar="FILE", help="write one row per submission to FILE")
    output.add_argument(
        "--gradescope", metavar="FILE", help="write Gradescope's results.json for one submission"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="seconds without progress before a submission is stopped "
        "(default 10; each call may take half of it)",
    )
    parser.add_argument(
        "--memory",
        default="1GiB",
        metavar="SIZE",
        help="memory cap of each submission, such as 512MiB (default 1GiB)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="submissions graded at once (default: the CPU count)",
    )
    parser.add_argument(
        "--seed", type=int, default=SEED, help=f"chooses the hidden sentences (default {SEED})"
    )
    parser.add_argument(
        "--strict", action="store_true", help="accept only the canonical reading ('!' is a token)"
    )
    parser.add_argument(
        "--class",
        dest="class_name",
        metavar="NAME",
        help="the student's class, when discovery picks the wrong one",
    )
    parser.add_argument(
        "--method",
        action="append",
        default=[],
        metavar="ROLE=NAME",
        help="the student's method for average, skip_filler or weighted",
    )
    parser.add_argument(
        "--points",
        action="append",
        default=[],
        metavar="CHECK=N",
        help="the points of a check, such as average=3 (default rubric: "
        + ", ".join(f"{k}={v}" for k, v in RUBRIC.items())
        + ")",
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        metavar="PATH",
        help="run submissions with this interpreter (default: this one)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _size(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(i?B)?\s*", text, re.IGNORECASE)
    if not match:
        raise UsageError(f"--memory: {text!r} is not a size such as 512MiB or 1GiB")
    power = " KMGT".index(match.group(2).upper() or " ")
    return int(float(match.group(1)) * 1024**power)


def _pairs(items: List[str], what: str, allowed: Sequence[str]) -> Dict[str, str]:
    pairs = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or name not in allowed or not value:
            raise UsageError(
                f"{what}: {item!r} is not NAME=VALUE with NAME one of {', '.join(allowed)}"
            )
        pairs[name] = value
    return pairs


def options_from(args: argparse.Namespace) -> Options:
    points: Dict[str, float] = dict(RUBRIC)
    for name, value in _pairs(args.points, "--points", CHECKS).items():
        try:
            points[name] = float(value)
        except ValueError:
            raise UsageError(f"--points: {value!r} is not a number") from None
        if not math.isfinite(points[name]) or points[name] < 0:
            raise UsageError(f"--points: {value!r} is not a number of points")
    if not args.timeout > 0:
        raise UsageError("--timeout must be a positive number of seconds")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if not shutil.which(args.python) and not os.path.isfile(args.python):
        raise UsageError(f"--python: {args.python!r} is not an interpreter")
    return Options(
        timeout=args.timeout,
        memory=_size(args.memory),
        seed=args.seed,
        strict=args.strict,
        class_name=args.class_name,
        methods=_pairs(args.method, "--method", ROLES),
        python=args.python,
        points=points,
    )


def grade_all(
    submissions: List[Submission], options: Options, jobs: int
) -> Iterator[Dict[str, Any]]:
    """Each submission's report, in order, graded ``jobs`` at a time."""
    key = make_key(options.seed)
    _become_subreaper()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(lambda s: grade(s, key, options), submissions)


def table(reports: List[Dict[str, Any]]) -> str:
    width = max([10, *(len(r["submission"]) for r in reports)])
    lines = [f"{'submission':<{width}}  {'score':>9}  {'reading':<10}  what failed"]
    for report in reports:
        failed = [f"{c['name']} ({c['mistake']})" for c in report["checks"] if not c["passed"]]
        why = f"error: {report['error']}" if report["error"] else ", ".join(failed) or "-"
        score = f"{report['score']:g}/{report['max_score']:g}"
        lines.append(
            f"{report['submission']:<{width}}  {score:>9}  {report['reading'] or '-':<10}  {why}"
        )
    return "\n".join(lines)


def write_csv(reports: List[Dict[str, Any]], path: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["submission", *CHECKS, "score", "max_score", "error"])
        for report in reports:
            points = {c["name"]: c["points"] for c in report["checks"]}
            writer.writerow(
                [
                    report["submission"],
                    *(f"{points[c]:g}" for c in CHECKS),
                    f"{report['score']:g}",
                    f"{report['max_score']:g}",
                    report["error"] or "",
                ]
            )


def gradescope(report: Dict[str, Any]) -> Dict[str, Any]:
    """Gradescope's autograder results.json for one submission."""
    tests = [
        {
            "name": c["name"],
            "score": c["points"],
            "max_score": c["max_points"],
            "output": c["feedback"],
            "status": "passed" if c["passed"] else "failed",
        }
        for c in report["checks"]
    ]
    notes = ([f"Error: {report['error']}"] if report["error"] else []) + report["notes"]
    return {"score": report["score"], "output": "\n".join(notes), "tests": tests}


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Grade the submissions; the exit status is 0 when all were graded, 2 on bad usage."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["--harness"]:  # pragma: no cover - the child process
        _harness(arguments[1])
    parser = _parser()
    args = parser.parse_args(arguments)
    args.written = False  # whether this run has written the --gradescope results
    try:
        if sentemb is None:
            raise UsageError("sentemb.py must be importable beside grade.py")
        options = options_from(args)
        submissions = collect(args.submissions)
        if not submissions:
            raise UsageError("no .py or .ipynb submissions found")
        if args.gradescope and len(submissions) != 1:
            raise UsageError(f"--gradescope grades one submission, not {len(submissions)}")
    except UsageError as error:
        _gradescope_failed(args, str(error))
        parser.error(str(error))
    try:
        return _grade_and_report(args, submissions, options)
    except BaseException as error:  # the grader itself failed, or was interrupted
        _gradescope_failed(args, f"{type(error).__name__}: {error}")
        raise


def _gradescope_failed(args: argparse.Namespace, reason: str) -> None:
    """A results.json that Gradescope can show, when the grader could not grade (unless
    the grading wrote one before it failed)."""
    if args.gradescope and not args.written:
        with open(args.gradescope, "w", encoding="utf-8") as file:
            output = f"The autograder could not grade this submission: {reason}"
            json.dump({"score": 0, "output": output, "tests": []}, file, indent=2)


def _grade_and_report(
    args: argparse.Namespace, submissions: List[Submission], options: Options
) -> int:
    reports = []
    shown = sys.stderr.isatty()
    for count, report in enumerate(grade_all(submissions, options, args.jobs), 1):
        reports.append(report)
        if args.json:
            print(json.dumps(report, ensure_ascii=False), flush=True)
        if shown:
            print(f"\rgrade.py: {count}/{len(submissions)} graded", end="", file=sys.stderr)
    if shown:
        print(file=sys.stderr)
    if args.csv:
        write_csv(reports, args.csv)
    if args.gradescope:
        with open(args.gradescope, "w", encoding="utf-8") as file:
            json.dump(gradescope(reports[0]), file, indent=2)
        args.written = True
    if not args.json:
        print(table(reports))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
