"""Grade a class's submissions of the sentence-embedding exercise, with sentemb as the key.

    python3 grade.py SUBMISSION...                    # a table, then the class summary
    python3 grade.py SUBMISSION... --json             # one JSON object per submission, per line
    python3 grade.py SUBMISSION... --csv grades.csv   # one row per submission
    python3 grade.py student.py --gradescope results.json

A SUBMISSION is a ``.py`` file, a Jupyter notebook (run cell by cell), a student's folder, a
class folder (each file or folder in it one student's) or a ``.zip`` as a learning-management
system downloads it.

Each submission runs in a process of its own, started by ``grade_harness.py`` (copied into a
fresh folder: neither sentemb nor this file can be imported from there), with rlimits, a
minimal environment, a time limit per call and a hard cap per submission; run as root, under
a uid of its own.  The grader asks for each call and accepts only the reply to it.  The class
and its three methods are found by what they return, whatever their names or calling
conventions, and each answer is compared with sentemb's exact answer within a tolerance.
Known mistakes are named, each computed with sentemb.  Standard library only; Python 3.8 or
newer, on Linux or another POSIX system.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import functools
import io
import itertools
import json
import math
import os
import queue
import random
import re
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tokenize
import zipfile
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from fractions import Fraction
from types import MappingProxyType
from typing import (
    Any,
    Dict,
    FrozenSet,
    Iterator,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Set,
    Tuple,
)

import grade_harness
import sentemb

__version__ = "2.0.0"

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
HIDDEN = 3  # sentences besides the exercise's
TOLERANCE = 1e-3  # |got - want| <= tolerance * max(1, |want|)
APART = 10  # every catalogued mistake is more than APART tolerances from the right answer
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
    "uses-reference": "This submission uses the reference implementation ({how}): its answers "
    "earn nothing.",
}
MISTAKES = (*FEEDBACK, "wrong-answer", "not-found", "error", "timeout", "memory", "exit", "junk",
            "class-variables-missing", "not-graded")  # fmt: skip
HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grade_harness.py")


class UsageError(Exception):
    """Bad command-line use: exit status 2."""


# -- Submissions: files, notebooks, folders, zips -------------------------------------------
#
# A class root (a folder or a zip) holds one submission per top-level file or folder; a
# folder whose Python files hold a single entry point (every other one imported by a
# sibling) is one student's.  Names are paths relative to the class root.

SOURCES = (".py", ".ipynb")
_FILE_BYTES = 16 << 20  # a student's file larger than this is left out, with a note


class Submission(NamedTuple):
    name: str  # the path relative to the class root
    files: Mapping[str, bytes]  # the student's folder: relative path -> content
    entry: str  # the file graded, a key of files
    cells: List[str]  # its Python: one cell for a .py, the code cells of a notebook
    notes: List[str]  # what was done to it, such as a skipped notebook cell
    error: Optional[str] = None  # why it cannot be run at all


def collect(paths: Sequence[str]) -> List[Submission]:
    """Every submission in the given files, folders and zips, in order."""
    found: List[Submission] = []
    for path in paths:
        if os.path.isdir(path):
            tree = _folder_tree(path)
            if _one_student(tree):
                found.append(_student(path, tree))
            else:
                found.extend(_class(tree))
        elif os.path.isfile(path) and path.lower().endswith(".zip"):
            found.extend(_class(_zip_tree(path, _read(path))))
        elif os.path.isfile(path) and path.lower().endswith(SOURCES):
            found.append(_student(path, {os.path.basename(path): _read(path)}))
        elif os.path.exists(path):
            raise UsageError(f"{path}: not a .py, .ipynb, .zip or folder")
        else:
            raise UsageError(f"{path}: no such file or directory")
    seen: Dict[str, int] = {}
    for index, submission in enumerate(found):  # a name given twice, or in two class roots
        seen[submission.name] = seen.get(submission.name, 0) + 1
        if seen[submission.name] > 1:
            found[index] = submission._replace(name=f"{submission.name} ({seen[submission.name]})")
    return found


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read(_FILE_BYTES + 1)


def _junk(name: str) -> bool:
    """Folders and files that no student wrote: __MACOSX, ._resource forks, caches."""
    return name in ("__MACOSX", "__pycache__", ".ipynb_checkpoints") or name.startswith(".")


def _folder_tree(root: str) -> Dict[str, bytes]:
    tree = {}
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if not _junk(f))
        for name in sorted(files):
            if not _junk(name):
                full = os.path.join(folder, name)
                tree[os.path.relpath(full, root).replace(os.sep, "/")] = _read(full)
    return tree


def _zip_tree(name: str, content: bytes) -> Dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            tree = {}
            for member in archive.infolist()[:10_000]:
                parts = member.filename.replace("\\", "/").strip("/").split("/")
                unsafe = any(p in ("", "..") for p in parts) or member.filename.startswith("/")
                if member.is_dir() or unsafe or any(map(_junk, parts)):
                    continue
                if member.file_size <= _FILE_BYTES:
                    tree["/".join(parts)] = archive.read(member)
            return tree
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UsageError(f"{name}: not a readable zip file ({error})") from None


def _class(tree: Dict[str, bytes]) -> List[Submission]:
    """One submission per top-level file or folder; a single wrapping folder is opened."""
    tops: Dict[str, Dict[str, bytes]] = {}
    for path, content in tree.items():
        top, slash, rest = path.partition("/")
        tops.setdefault(top + slash, {})[rest or top] = content
    if len(tops) == 1 and next(iter(tops)).endswith("/"):
        (top, inner), = tops.items()  # fmt: skip
        if not _one_student(inner):
            return [s._replace(name=top + s.name) for s in _class(inner)]
    found = []
    for top, inner in sorted(tops.items()):
        if top.endswith("/"):
            found.append(_student(top.rstrip("/"), inner))
        elif top.lower().endswith(".zip"):
            try:
                found.append(_student(top, _zip_tree(top, inner[top])))
            except UsageError as error:
                found.append(_not_graded(top, str(error).split(": ", 1)[1]))
        elif top.lower().endswith(SOURCES):
            found.append(_student(top, inner))
        else:
            found.append(_not_graded(top, _why_not(top)))
    return found


def _why_not(name: str) -> str:
    stem, _, extension = name.rpartition(".")
    if stem.lower().endswith(SOURCES):
        return f"not graded: a .{extension} file named like Python (rename it to {stem}?)"
    return f"not graded: not a .py, .ipynb, .zip or folder ({name})"


def _not_graded(name: str, reason: str) -> Submission:
    return Submission(name, {}, "", [], [], reason)


def _python_files(tree: Mapping[str, bytes]) -> List[str]:
    return [p for p in tree if p.lower().endswith(SOURCES)]


def _one_student(tree: Mapping[str, bytes]) -> bool:
    """Whether a folder is one student's: its top-level Python has a single entry point,
    every other file being imported by a sibling."""
    top = [p for p in _python_files(tree) if "/" not in p]
    return bool(top) and len(_roots(tree, top)) == 1


def _roots(tree: Mapping[str, bytes], files: List[str]) -> List[str]:
    imported = set()
    for path in files:
        imported |= _imports(_source_text(path, tree[path]))
    return [p for p in files if p.rsplit(".", 1)[0].split("/")[-1] not in imported]


_AST = threading.Lock()
_UNPARSABLE = (SyntaxError, ValueError, RecursionError, MemoryError, SystemError)


def parse(source: str) -> ast.Module:
    """ast.parse, one thread at a time: CPython 3.11 keeps the depth of its AST conversion
    per interpreter, and two threads converting at once can fail with a SystemError."""
    with _AST:
        return ast.parse(source)


def _imports(source: str) -> Set[str]:
    try:
        nodes = ast.walk(parse(source))
    except _UNPARSABLE:
        return set()
    names: Set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def _source_text(path: str, content: bytes) -> str:
    """A file's Python as text: a notebook's code cells, joined."""
    if path.lower().endswith(".ipynb"):
        cells = _notebook(content)
        return "\n".join(grade_harness.notebook_cells(cells)[0]) if cells is not None else ""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(content).readline)
        return content.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return ""


def _notebook(content: bytes) -> Optional[List[str]]:
    """A notebook's code cells, or None when it cannot be read."""
    try:
        notebook = json.loads(content.decode("utf-8-sig"))
        cells = [c for c in notebook["cells"] if c.get("cell_type") == "code"]
        return [
            s if isinstance(s, str) else "".join(s) for s in (c.get("source", "") for c in cells)
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _student(name: str, tree: Mapping[str, bytes]) -> Submission:
    """A student's folder (or one file): its entry point, and that file's cells."""
    files = _python_files(tree)
    if not files:
        return _not_graded(name, "not graded: no .py or .ipynb file in it")
    depths = {p.count("/") for p in files}
    roots = {r for d in depths for r in _roots(tree, [p for p in files if p.count("/") == d])}
    entry = max(files, key=lambda p: _entry_score(p, tree, files, p in roots))
    notes = [f"graded {entry}, the file that defines the most"] if len(files) > 1 else []
    content = tree[entry]
    if len(content) > _FILE_BYTES:
        return Submission(name, tree, entry, [], notes, f"{entry} is larger than 16 MiB")
    if entry.lower().endswith(".ipynb"):
        cells = _notebook(content)
        if cells is None:
            return Submission(name, tree, entry, [], notes, "not a readable notebook")
        cells, dropped = grade_harness.notebook_cells(cells)
        return Submission(name, tree, entry, cells, notes + dropped)
    text = _source_text(entry, content)
    if not text and content.strip():
        return Submission(name, tree, entry, [], notes, f"{entry} is not readable as Python text")
    return Submission(name, tree, entry, [text], notes)


def _entry_score(
    path: str, tree: Mapping[str, bytes], files: List[str], root: bool
) -> Tuple[int, ...]:
    """Defining a class with methods beats defining functions; then being no sibling's
    import, lying near the top, and coming first by name."""
    try:
        nodes = list(ast.walk(parse(_source_text(path, tree[path]))))
    except _UNPARSABLE:
        nodes = []
    methods = sum(
        isinstance(inner, ast.FunctionDef)
        for node in nodes
        if isinstance(node, ast.ClassDef)
        for inner in node.body
    )
    functions = sum(isinstance(node, ast.FunctionDef) for node in nodes)
    order = -sorted(files).index(path)
    return (min(methods, 3), min(functions, 3), root, -path.count("/"), order)


# -- Running a submission: its folder, its user, its process, and the calls asked of it ----


class Options(NamedTuple):
    timeout: float = 10.0  # seconds a call (or a notebook cell) may take
    limit: float = 120.0  # the hard wall-clock cap of a whole submission
    memory: int = 1 << 30
    seed: Optional[int] = None  # None: a new one each run
    tolerance: float = TOLERANCE
    strict: bool = False
    class_name: Optional[str] = None
    methods: Mapping[str, str] = MappingProxyType({})  # role -> the student's method name
    python: str = sys.executable
    points: Mapping[str, float] = MappingProxyType(RUBRIC)
    users: Optional[Tuple[int, ...]] = None  # the uids submissions run as, one per job
    path: Tuple[str, ...] = ()  # the course's import path: PYTHONPATH and the user site


class Way(NamedTuple):
    """One way of calling a candidate method: what it is given."""

    form: Optional[str]  # how the sentence is given (FORMS), or None: not to the method
    weights: bool  # the attention weights as the next argument
    flag: Tuple[Tuple[str, Any], ...] = ()  # a keyword argument, such as ignore_fillers=True
    init: Optional[str] = None  # how the sentence is given to the constructor, if it is


FORMS = {
    "text": "the sentence",
    "tokens": "the sentence's tokens as a list",
    "words": "the sentence's words as a list (no punctuation)",
    "joined": "the tokens joined by spaces",
    "joined-words": "the words joined by spaces",
}
MODES = ("average", "skip_filler", "weighted", "mean", "simple", "skip", "filler", "weight",
         "weights", "attention")  # fmt: skip  # the values a mode parameter is tried with
_CALLS = 3000  # calls asked of one submission, at most


class Run(NamedTuple):
    """What a submission did: its import, its classes, and every call's answers."""

    imported: Dict[str, Any]
    classes: List[Dict[str, Any]]  # each with its methods; module functions as class None
    answers: Dict[Tuple[Optional[str], str], List[Tuple[Way, List[Answer]]]]
    reference: List[str]  # how it used the reference, seen at run time


class Answer(NamedTuple):
    """What a method gave for one sentence."""

    status: str  # ok, none, error, timeout, memory, exit, junk, missing
    vector: Optional[Vector]  # returned (or, for None, the numbers it printed)
    detail: Optional[str]
    note: Optional[str] = None


class _Stopped(Exception):
    """The grader was told to stop (SIGINT, SIGTERM or SIGHUP)."""


_STOP = threading.Event()


def run_submission(submission: Submission, key: Key, options: Options, uid: Optional[int]) -> Run:
    """Run a submission in a process of its own and ask it for every call.

    A call that hangs or ends the process costs only itself: the process is started again
    for the next.  No call is asked after the submission's hard cap.
    """
    deadline = time.monotonic() + options.limit
    with _job_folder(submission, uid) as folder:
        child = _Child(folder, submission, options, uid, deadline)
        try:
            imported = child.start()
            if not isinstance(imported.get("classes"), list):
                return Run(imported, [], {}, child.reference)
            classes = [*imported["classes"], _functions_as_class(imported.get("functions"))]
            answers = {}
            for cls in classes:
                for name, kind, parameters in cls["methods"]:
                    answers[cls["name"], name] = _try_ways(child, cls, name, kind, parameters, key)
            return Run(imported, classes, answers, child.reference)
        finally:
            child.stop()


def _functions_as_class(functions: Any) -> Dict[str, Any]:
    methods = [[name, "function", parameters] for name, parameters in functions or []]
    return {"name": None, "variables": {}, "instance_variables": {}, "init": [],
            "methods": methods}  # fmt: skip


def _try_ways(
    child: _Child, cls: Dict[str, Any], name: str, kind: str, parameters: Any, key: Key
) -> List[Tuple[Way, List[Answer]]]:
    """The method's answers in each way it can be called: first on the exercise's sentence,
    then, for a way that gave something, on the hidden ones."""
    found = []
    for way in ways(parameters, cls["init"] if kind == "instance" else []):
        first = child.call(cls["name"], name, kind, way, key, 0)
        answers = [first]
        if first.status in ("ok", "none"):
            answers += [child.call(cls["name"], name, kind, way, key, i)
                        for i in range(1, len(key.sentences))]  # fmt: skip
        found.append((way, answers))
        if first.status in ("timeout", "memory", "exit"):
            break  # the same again in other ways would only cost time
    return found


def ways(parameters: Any, init: Any) -> List[Way]:
    """Every way to call a method with these parameters: the sentence in each form, the
    weights when it takes a second argument, the sentence to the constructor when that
    takes one, and each value of a flag or a mode parameter.

    >>> [w.form for w in ways([["sentence", "POSITIONAL_OR_KEYWORD", {"none": True}]], [])]
    ['text', 'tokens', 'words', 'joined', 'joined-words']
    >>> flag = [["s", "POSITIONAL_OR_KEYWORD", {"none": True}],
    ...         ["ignore_fillers", "POSITIONAL_OR_KEYWORD", {"value": False}]]
    >>> ways(flag, [])[5]
    Way(form='text', weights=False, flag=(('ignore_fillers', True),), init=None)
    """
    if not isinstance(parameters, list) or not isinstance(init, list):
        return []
    positional = [p for p in parameters if p[1] in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
    required = [p for p in positional if p[2].get("none")]
    more = any(p[1] == "VAR_POSITIONAL" for p in parameters)
    init_required = [p for p in init if p[1] in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")
                     and p[2].get("none")]  # fmt: skip
    if len(init_required) > 1:
        return []
    found: List[Tuple[Optional[str], bool, Optional[str]]] = []  # form, weights, init form
    for form in FORMS:
        if init_required:
            if len(required) <= 1:
                found.append((None, len(required) == 1, form))
        elif len(required) == 1 or (not required and (positional or more)):
            found.append((form, False, None))
        elif len(required) == 2:
            found.append((form, True, None))
    filled = len(required) if init_required else max(len(required), 1)
    flags = [p for p in parameters[filled:] if "value" in p[2] and p[1] != "POSITIONAL_ONLY"]
    plain = [Way(form, weights, (), start) for form, weights, start in found]
    flagged = [
        Way(form, weights, ((p[0], value),), start)
        for p in flags
        for value in _values(p[2]["value"])
        for form, weights, start in found
    ]
    return plain + flagged


def _values(default: Any) -> Tuple[Any, ...]:
    if isinstance(default, bool):
        return (not default,)
    return tuple(m for m in MODES if m != default)


def _arguments(way: Way, key: Key, index: int) -> Tuple[List[Any], List[Any]]:
    """The constructor's arguments and the method's, for one sentence."""

    def given(form: str) -> Any:
        return key.forms[form][index]

    init = [given(way.init)] if way.init else []
    args = [given(way.form)] if way.form else []
    if way.weights:
        args.append(list(sentemb.ATTENTION_WEIGHTS))
    return init, args


def describe_way(method: str, way: Way) -> str:
    """How a method was called, as a note says it.

    >>> describe_way("embed", Way("tokens", True))
    "embed() was called with the sentence's tokens as a list and the weights"
    """
    parts = []
    if way.init:
        parts.append(f"{FORMS[way.init]} given to the constructor")
    if way.form:
        parts.append(FORMS[way.form])
    if way.weights:
        parts.append("the weights")
    parts += [f"{name}={value!r}" for name, value in way.flag]
    return f"{method}() was called with " + " and ".join(parts)


# Each submission gets a folder of its own, made fresh: a root-owned folder (mode 711)
# holding the harness, and in it `work`, the student's files, mode 700, owned by the job's
# uid when the grader runs as root.  The harness cannot be rewritten by the submission, nor
# a classmate's folder read.


@contextlib.contextmanager
def _job_folder(submission: Submission, uid: Optional[int]) -> Iterator[str]:
    root = tempfile.mkdtemp(prefix="grade-")
    try:
        os.chmod(root, 0o711)
        shutil.copyfile(HARNESS, os.path.join(root, "harness.py"))
        work = os.path.join(root, "work")
        os.mkdir(work, 0o700)
        for path, content in submission.files.items():
            if len(content) > _FILE_BYTES:
                continue
            full = os.path.join(work, *path.split("/"))
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as file:
                file.write(content)
        if uid is not None:
            for folder, folders, files in os.walk(work):
                for name in [folder, *(os.path.join(folder, n) for n in folders + files)]:
                    os.lchown(name, uid, uid)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


_REPLY_BYTES = 4 << 20  # what one reply may take; a submission that writes more is junk


class _Child:
    """The harness process of one submission, started again after a call that ends it."""

    def __init__(
        self,
        root: str,
        submission: Submission,
        options: Options,
        uid: Optional[int],
        deadline: float,
    ) -> None:
        self.root, self.submission, self.options = root, submission, options
        self.uid, self.deadline = uid, deadline
        self.process: Optional[subprocess.Popen[bytes]] = None
        self.buffer = b""
        self.calls = 0
        self.reference: List[str] = []
        self.imported: Dict[str, Any] = {}

    def start(self) -> Dict[str, Any]:
        """Start the harness, and run the submission's code: what its import did."""
        entry = self.submission.entry
        folder = os.path.join(self.root, "work", *entry.split("/")[:-1])
        with _RUNNING_LOCK:  # no other job's cleanup may see it before it is counted
            self.process = subprocess.Popen(
                [self.options.python, "-I", os.path.join(self.root, "harness.py")],
                cwd=folder,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_environment(folder),
                start_new_session=True,  # its own process group, killed whole
            )
            _RUNNING.add(self.process.pid)
        self.buffer = b""
        plan = {
            "entry": entry.split("/")[-1],
            "cells": self.submission.cells,
            "path": list(self.options.path),
            "limits": _limits(self.options, self.uid),
            "uid": self.uid,
            "seconds": self.options.timeout,
            "markers": list(_reference_markers()),
        }
        self._send(plan)
        seconds = self.options.timeout * max(1, len(self.submission.cells)) + 2
        self.imported = self.ask({"do": "import"}, seconds)
        return self.imported

    def call(
        self, cls: Optional[str], name: str, kind: str, way: Way, key: Key, index: int
    ) -> Answer:
        if self.calls >= _CALLS:
            return Answer("missing", None, f"not called: more than {_CALLS} calls were asked")
        self.calls += 1
        if self.process is None:
            again = self.start()
            if not isinstance(again.get("classes"), list):
                return Answer("exit", None, "the submission's process could not be started again")
        init, args = _arguments(way, key, index)
        request = {"do": "call", "class": cls, "name": name, "kind": kind, "init": init,
                   "args": args, "kwargs": dict(way.flag)}  # fmt: skip
        reply = self.ask(request, self.options.timeout + 1)
        status = reply.get("status")
        if status == "ok":
            vector = _numbers(reply.get("value"))
            if vector is None:
                return Answer(
                    "junk", None, f"it returned numbers out of bounds: {_cut(reply.get('value'))}"
                )
            return Answer(
                "ok",
                vector,
                None,
                reply.get("note") if isinstance(reply.get("note"), str) else None,
            )
        if status == "none":
            return Answer("none", _printed(str(reply.get("output") or "")), None)
        detail = reply.get("detail")
        if status not in ("error", "timeout", "memory", "exit", "junk"):
            status, detail = "junk", "what it reported cannot be read"
        return Answer(str(status), None, detail if isinstance(detail, str) else None)

    def ask(self, request: Dict[str, Any], seconds: float) -> Dict[str, Any]:
        """The reply to this request, tagged with its nonce; or what became of the process."""
        nonce = secrets.token_hex(16)
        left = self.deadline - time.monotonic()
        if left <= 0:
            return {
                "status": "timeout",
                "detail": f"the submission's {self.options.limit:g} s ran out",
            }
        with contextlib.suppress(OSError):  # it has ended: what it says is read below
            self._send({**request, "nonce": nonce})
        reply = self._read(nonce, min(seconds, left))
        if isinstance(reply, dict):
            self.reference = sorted(set(self.reference) | set(_strings(reply.get("reference"))))
            return reply
        self._kill()
        if reply == "timeout":
            if seconds > left:
                detail = f"the submission's {self.options.limit:g} s ran out"
            else:
                detail = f"did not finish within {self.options.timeout:g} s"
            return {"status": "timeout", "detail": detail}
        if reply == "junk":
            return {"status": "junk", "detail": "it wrote more than the grader reads"}
        return {"status": "exit", "detail": reply}

    def _send(self, message: Dict[str, Any]) -> None:
        assert self.process is not None
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode("utf-8") + b"\n")
        self.process.stdin.flush()

    def _read(self, nonce: str, seconds: float) -> Any:
        """A reply (a dict), or "timeout", "junk", or how the process ended."""
        assert self.process is not None
        assert self.process.stdout is not None
        end = time.monotonic() + seconds
        pipe = self.process.stdout.fileno()
        while True:
            while b"\n" in self.buffer:
                line, _, self.buffer = self.buffer.partition(b"\n")
                reply = _reply(line, nonce)
                if reply is not None:
                    return reply
            if len(self.buffer) > _REPLY_BYTES:
                return "junk"
            left = end - time.monotonic()
            if left <= 0:
                return "timeout"
            if _STOP.is_set():
                raise _Stopped
            ready, _, _ = select.select([pipe], [], [], min(left, 0.1))
            if ready:
                data = os.read(pipe, 1 << 16)
                if not data:
                    return _ended(self.process.wait())
                self.buffer += data

    def _kill(self) -> None:
        if self.process is not None:
            _kill_left_behind(self.process, self.uid)
            for stream in (self.process.stdin, self.process.stdout):
                with contextlib.suppress(OSError):
                    stream.close()  # type: ignore[union-attr]
            self.process = None

    def stop(self) -> None:
        self._kill()


def _reply(line: bytes, nonce: str) -> Optional[Dict[str, Any]]:
    """A line of the child's, if it is the reply to the request with this nonce."""
    if len(line) > _REPLY_BYTES:
        return None
    try:
        reply = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return reply if isinstance(reply, dict) and reply.get("nonce") == nonce else None


def _strings(values: Any) -> List[str]:
    return [v[:300] for v in values if isinstance(v, str)][:20] if isinstance(values, list) else []


def _environment(folder: str) -> Dict[str, str]:
    """The child's environment: PATH, the locale, and its own folder as home and temp."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LANGUAGE", "TZ")
            or k.startswith("LC_")}  # fmt: skip
    return {"PATH": os.defpath, **keep, "HOME": folder, "TMPDIR": folder}


def _limits(options: Options, uid: Optional[int]) -> Dict[str, int]:
    """rlimits: memory, CPU time, file size, open files, and processes (per uid)."""
    limits = {
        "RLIMIT_AS": options.memory,
        "RLIMIT_CPU": int(options.limit) + 1,
        "RLIMIT_FSIZE": 64 << 20,
        "RLIMIT_NOFILE": 256,
        "RLIMIT_CORE": 0,
    }
    if uid is not None:
        limits["RLIMIT_NPROC"] = 64
    elif os.geteuid() != 0:  # the user's own processes count too
        limits["RLIMIT_NPROC"] = len(_processes_of(os.getuid())) + 64
    return limits


def _ended(status: int) -> str:
    if status < 0:
        name = signal.Signals(-status).name if -status in signal.valid_signals() else -status
        return f"ended the process (signal {name})"
    return f"ended the process (exit status {status})"


# Nothing a submission starts outlives its grading.  On Linux the grader is a child
# subreaper (prctl), so a process that a submission's process leaves behind, by a fork,
# a double fork or setsid, becomes the grader's child when its parent ends: after each
# submission, every child of the grader that is not a harness still running is killed,
# and so, in turn, are the children they leave.  Run as root, every process of the job's
# uid is killed too.  Elsewhere, only the harness's process group is killed.
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


def _kill_left_behind(process: Any, uid: Optional[int] = None) -> None:
    """Kill the harness's process group, every process of the job's uid, then every child
    of the grader that no job is running, until there are none."""
    with _RUNNING_LOCK:
        _RUNNING.discard(process.pid)
    with contextlib.suppress(OSError, AttributeError):  # gone already, or no process groups
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for _ in range(1000):
        if uid is not None and _processes_of(uid):
            _kill_user(uid)
        with _RUNNING_LOCK:
            left = [pid for pid in _children() if pid not in _RUNNING]
        if not left and (uid is None or not _processes_of(uid)):
            return
        for pid in left:
            with contextlib.suppress(OSError):  # it ended, and was waited for, on its own
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


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
    try:
        names = os.listdir("/proc")
    except OSError:
        return
    for name in filter(str.isdigit, names):
        try:
            with open(f"/proc/{name}/status", "rb") as file:
                yield int(name), file.read()
        except OSError:
            continue


def _children() -> List[int]:
    """The processes whose parent is this one (from /proc; none where there is none)."""
    me = str(os.getpid()).encode()
    return [pid for pid, status in _proc() if _field(status, b"PPid") == [me]]


def _processes_of(uid: int) -> List[int]:
    """The processes whose real uid is this one (from /proc)."""
    return [pid for pid, status in _proc() if _field(status, b"Uid")[:1] == [str(uid).encode()]]


def _field(status: bytes, name: bytes) -> List[bytes]:
    for line in status.splitlines():
        if line.startswith(name + b":"):
            return line.split()[1:]
    return []


# -- The key: sentemb's answers, the readings and the catalogue of mistakes ----------------------

Vector = Tuple[Fraction, ...]
READINGS = ("tokens", "words-only")


class Key(NamedTuple):
    """Every answer a submission's method may give, computed with sentemb."""

    seed: int
    sentences: List[str]  # the exercise's first, then the hidden ones
    right: Dict[Tuple[str, str, int], Vector]  # (role, reading, sentence) -> the answer
    wrong: Dict[Tuple[str, str, int, str], Vector]  # ... and a mistake id -> its answer
    forms: Dict[str, List[Any]]  # a form (FORMS) -> what a method is given, per sentence


def make_key(seed: int) -> Key:
    """The answers to the exercise's sentence and the hidden ones, right and wrong.

    >>> key = make_key(1)
    >>> key.right["weighted", "tokens", 0], key.wrong["weighted", "tokens", 0, "divided-by-count"]
    ((Fraction(40, 37), Fraction(102, 37)), (Fraction(4, 7), Fraction(51, 35)))
    """
    sentences = [sentemb.EXERCISE_SENTENCE, *hidden_sentences(seed)]
    right: Dict[Tuple[str, str, int], Vector] = {}
    wrong: Dict[Tuple[str, str, int, str], Vector] = {}
    for index, sentence in enumerate(sentences):
        answers, mistakes = _answers_to(sentence)
        right.update({(role, reading, index): v for (role, reading), v in answers.items()})
        wrong.update({(r, reading, index, m): v for (r, reading, m), v in mistakes.items()})
    tokens = [sentemb.tokenize(s) for s in sentences]
    words = [sentemb.tokenize(s, False) for s in sentences]
    forms: Dict[str, List[Any]] = {
        "text": sentences,
        "tokens": tokens,
        "words": words,
        "joined": [" ".join(t) for t in tokens],
        "joined-words": [" ".join(w) for w in words],
    }
    return Key(seed, sentences, right, wrong, forms)


def _answers_to(
    sentence: str,
) -> Tuple[Dict[Tuple[str, str], Vector], Dict[Tuple[str, str, str], Vector]]:
    """One sentence's right answers, (role, reading) -> vector, and its catalogued mistakes,
    (role, reading, mistake) -> vector, leaving out a mistake that has no answer."""
    right, wrong = _computed(sentence)
    return dict(right), dict(wrong)


@functools.lru_cache(maxsize=4096)  # a sentence drawn to be hidden is asked for again
def _computed(
    sentence: str,
) -> Tuple[Mapping[Tuple[str, str], Vector], Mapping[Tuple[str, str, str], Vector]]:
    right: Dict[Tuple[str, str], Vector] = {}
    wrong: Dict[Tuple[str, str, str], Vector] = {}
    for reading in READINGS:
        keep = reading == "tokens"
        exact = sentemb.SentenceEmbedder(exact=True, keep_punctuation=keep)
        skipping = sentemb.SentenceEmbedder(exact=True, keep_punctuation=keep, oov="skip")
        n = len(exact.tokens(sentence))
        weights = [Fraction(str(w)) for w in sentemb.ATTENTION_WEIGHTS[:n]]
        for role in ROLES:
            arguments = (sentence, weights) if role == "weighted" else (sentence,)
            right[role, reading] = tuple(getattr(exact, role)(*arguments))
            with contextlib.suppress(sentemb.EmbeddingError):  # every token skipped
                wrong[role, reading, "oov-skipped"] = tuple(getattr(skipping, role)(*arguments))
        weighted, total = right["weighted", reading], sum(weights)
        wrong["weighted", reading, "weights-not-normalised"] = tuple(x * total for x in weighted)
        wrong["weighted", reading, "divided-by-count"] = tuple(x * total / n for x in weighted)
        wrong["skip_filler", reading, "fillers-kept"] = right["average", reading]
    return MappingProxyType(right), MappingProxyType(wrong)


def apart(got: Vector, want: Vector) -> Fraction:
    """How far apart two answers are, in the tolerance's terms: the largest
    |got - want| / max(1, |want|) over the coordinates.

    >>> apart((Fraction(1, 2), Fraction(4)), (Fraction(0), Fraction(2)))
    Fraction(1, 1)
    """
    return max(abs(g - w) / max(Fraction(1), abs(w)) for g, w in zip(got, want))


def hidden_sentences(seed: int, count: int = HIDDEN) -> List[str]:
    """Sentences of 7 words (one per attention weight), with vocabulary words, filler
    words and unknown words, in their own case and without punctuation, so that every
    defensible reading agrees; each chosen so that every mistake's answer is more than
    APART tolerances from the right one.  A run draws its seed afresh, unless told.

    >>> hidden_sentences(7) == hidden_sentences(7) != hidden_sentences(8)
    True
    """
    rng = random.Random(seed)
    vocabulary, fillers = list(sentemb.EXERCISE_VOCAB), list(sentemb.FILLER_WORDS)
    unknown = ["tea", "coffee", "sugar", "very", "much", "today", "well"]
    words = vocabulary + fillers + unknown
    exercise, _ = _answers_to(sentemb.EXERCISE_SENTENCE)
    far = Fraction(APART) * Fraction(TOLERANCE)
    chosen: List[str] = []
    while len(chosen) < count:
        picks = [rng.choice(vocabulary), rng.choice(fillers), rng.choice(unknown)]
        picks += [rng.choice(words) for _ in range(4)]
        rng.shuffle(picks)
        sentence = " ".join(picks)
        try:
            right, wrong = _answers_to(sentence)
        except sentemb.EmbeddingError:  # nothing left after skipping fillers
            continue
        agree = all(right[r, "tokens"] == right[r, "words-only"] for r in ROLES)
        telling = {(r, m) for r, reading, m in wrong if reading == "tokens"} == {
            (r, m) for r, reading, m in _CATALOGUE
        }
        distinct = all(apart(v, right[r, reading]) > far for (r, reading, _), v in wrong.items())
        new = all(apart(right[r, "tokens"], exercise[r, "tokens"]) > far for r in ROLES)
        if agree and telling and distinct and new and sentence not in chosen:
            chosen.append(sentence)
    return chosen


_CATALOGUE = _answers_to(sentemb.EXERCISE_SENTENCE)[1].keys()  # every mistake, as it shows


# -- Judging: find the class and its methods by behaviour, then check each answer -------------


class Check(NamedTuple):
    name: str
    passed: bool
    points: float
    max_points: float
    feedback: str
    mistake: Optional[str]


def grade(
    submission: Submission, key: Key, options: Options, uid: Optional[int] = None
) -> Dict[str, Any]:
    """Run and judge one submission: the report that --json prints.  Whatever the
    submission reported is untrusted: what cannot be judged is junk, and the class
    run goes on."""
    if submission.error is not None:
        return _ungraded(submission, submission.error, options, key)
    flags = uses_reference(submission)
    run = run_submission(submission, key, options, uid)
    flags += [f for f in run.reference if f not in flags]
    try:
        return judge(submission, run, key, options, flags)
    except Exception as error:  # a reply that the checks cannot read
        reason = f"junk: what it reported cannot be read ({type(error).__name__})"
        return _ungraded(submission, reason, options, key)


def judge(
    submission: Submission, run: Run, key: Key, options: Options, flags: Sequence[str] = ()
) -> Dict[str, Any]:
    imported = run.imported
    if imported.get("status") == "syntax":
        return _ungraded(
            submission, f"the file does not compile: {imported['detail']}", options, key
        )
    notes = list(submission.notes) + _strings(imported.get("notes"))
    if imported.get("status") not in (None, "ok"):
        notes.append(f"running the file stopped early: {imported.get('detail')}")
    candidates = [c for c in run.classes if c["methods"]]
    if not candidates:
        if imported.get("status") not in (None, "ok"):
            reason = f"while running the file: {imported.get('detail')}"
        else:
            reason = "the file defines no class and no function"
        return _ungraded(submission, reason, options, key, notes)
    chosen = _choose_class(candidates, run.answers, key, options)
    if chosen is None:
        return _ungraded(submission, f"no class named {options.class_name!r}", options, key, notes)
    assignment = _assign(chosen, run.answers, key, options)
    picked = {role: pair for role, (_, pair) in assignment.items()}
    for role, (method, (way, _)) in assignment.items():
        if way.form != "text" or way.flag or way.init:
            notes.append(f"{LABELS[role]}: {describe_way(method, way)}")
    shapes = {a.note for _, answers in picked.values() for a in answers if a.note}
    notes += sorted(shapes)
    got = {role: answers for role, (_, answers) in picked.items()}
    names = {role: m for role, (m, _) in assignment.items()}
    reading = _reading(got, key, options)
    checks = [_check_variables(chosen, options)]
    checks += [_check_exercise(r, names.get(r), got.get(r), reading, key, options) for r in ROLES]
    checks += [_check_hidden(r, names.get(r), got.get(r), key, options) for r in ROLES]
    if flags:
        checks = [_as_reference(c, flags, options) for c in checks]
    if any(c.passed and "within the tolerance" in c.feedback for c in checks):
        notes.append(f"some answers are right within the tolerance {options.tolerance:g}, "
                     "not exactly (float32, or rounded)")  # fmt: skip
    report = _report(submission, key, checks, reading, chosen["name"], names, None, notes)
    report["integrity"] = list(flags)
    return report


def _fit(answers: List[Answer], role: str, key: Key, method: str) -> int:
    """How well a method's answers fit a role: its exercise answer first, then its name."""
    first = answers[0] if answers else Answer("missing", None, None)
    score = 1 if _hint(method, role) else 0
    matches = _matches(first.vector, role, 0, key, READINGS, TOLERANCE)
    if any(mistake is None for _, mistake in matches):
        score += 100 if first.status == "ok" else 40
    elif matches:
        score += 60 if first.status == "ok" else 30
    return score


_HINTS = {
    "average": ("avg", "average", "mean", "simple", "1", "one", "basic"),
    "skip_filler": ("skip", "filler", "fill", "2", "two", "stop"),
    "weighted": ("weight", "learn", "attention", "attn", "3", "three"),
}


def _hint(method: str, role: str) -> bool:
    name = method.lower()
    return any(word in name for word in _HINTS[role])


Candidate = Tuple[str, int]  # a method's name and the index of one way of calling it


def _fits(cls: Dict[str, Any], answers: Any, key: Key, role: str) -> List[Tuple[int, Candidate]]:
    """(fit, candidate) for every way of every method, the best first; of equal fits, the
    plainer way."""
    found = []
    for name, _, _ in cls["methods"]:
        for index, (_, got) in enumerate(answers.get((cls["name"], name), [])):
            found.append((_fit(got, role, key, name), (name, index)))
    return sorted(found, key=lambda f: (-f[0], f[1][1]))


def _choose_class(
    classes: List[Dict[str, Any]], answers: Any, key: Key, options: Options
) -> Optional[Dict[str, Any]]:
    if options.class_name is not None:
        return next((c for c in classes if c["name"] == options.class_name), None)

    def score(cls: Dict[str, Any]) -> int:
        held = sum(found is not None for found in _variables(cls).values())
        fits = sum(max([f for f, _ in _fits(cls, answers, key, r)], default=0) >= 30 for r in ROLES)
        return 10 * fits + held + (1 if cls["name"] is not None else 0)

    return max(classes, key=score)  # the first of the best, in the order of the file


def _assign(
    cls: Dict[str, Any], answers: Any, key: Key, options: Options
) -> Dict[str, Tuple[str, Tuple[Way, List[Answer]]]]:
    """The student's method, and the way to call it, for each role: the assignment that
    fits best, each way used once (so one method with a flag can fill two roles)."""
    choices: List[List[Optional[Tuple[int, Candidate]]]] = []
    for role in ROLES:
        fits = _fits(cls, answers, key, role)
        fixed = options.methods.get(role)
        if fixed is not None and any(c[0] == fixed for _, c in fits):
            choices.append([*[f for f in fits if f[1][0] == fixed][:1]])
        else:
            choices.append([None, *[f for f in fits if f[0] > 0][:8]])
    best: Tuple[int, Tuple[Optional[Tuple[int, Candidate]], ...]] = (-1, ())
    for picks in itertools.product(*choices):
        named = [_behaviour(cls, answers, p[1]) for p in picks if p is not None]
        if len(set(named)) < len(named):
            continue
        total = sum(p[0] for p in picks if p is not None)
        if total > best[0]:
            best = (total, picks)
    found = {}
    for role, pick in zip(ROLES, best[1]):
        if pick is not None:
            name, index = pick[1]
            found[role] = (name, answers[cls["name"], name][index])
    return found


def _behaviour(cls: Dict[str, Any], answers: Any, candidate: Candidate) -> Tuple[str, Any]:
    """What one role takes of a method: the method with its flag, whatever the sentence's
    form (the sentence as text or as tokens is the same behaviour)."""
    name, index = candidate
    return name, answers[cls["name"], name][index][0].flag


def _reading(got: Dict[str, List[Answer]], key: Key, options: Options) -> str:
    """The reading most of the three exercise answers show (right or wrong); a tie, or no
    answer at all, goes to the canonical reading, tokens."""
    votes = {"tokens": 0, "words-only": 0}
    for role, answers in got.items():
        found = _matches(answers[0].vector, role, 0, key, READINGS, options.tolerance)
        for reading in {r for r, _ in found}:
            votes[reading] += 1
    return "words-only" if votes["words-only"] > votes["tokens"] else "tokens"


def _close(got: Optional[Vector], expected: Vector, tolerance: float) -> bool:
    """|got - want| <= tolerance * max(1, |want|) in every coordinate."""
    if got is None or len(got) != len(expected):
        return False
    return apart(got, expected) <= Fraction(tolerance)


def _exact(got: Optional[Vector], expected: Vector) -> bool:
    return (
        got is not None and len(got) == len(expected) and apart(got, expected) <= Fraction(1, 10**9)
    )


def _matches(
    got: Optional[Vector],
    role: str,
    index: int,
    key: Key,
    readings: Sequence[str],
    tolerance: float,
) -> List[Tuple[str, Optional[str]]]:
    """(reading, mistake or None) for every answer of ``role`` that ``got`` equals."""
    found: List[Tuple[str, Optional[str]]] = []
    for reading in readings:
        if _close(got, key.right[role, reading, index], tolerance):
            found.append((reading, None))
    for (r, reading, i, mistake), vector in key.wrong.items():
        if r == role and i == index and reading in readings and _close(got, vector, tolerance):
            found.append((reading, mistake))
    return found


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


# -- Untrusted numbers: what a submission's process reported, read at a bounded cost ---------

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?:/\d+)?")
_BOUNDED = re.compile(r"[-+]?(?:\d{1,400}(?:\.\d{0,400})?|\.\d{1,400})(?:[eE][-+]?\d{1,3})?")
_RATIO = re.compile(r"[-+]?\d{1,400}/\d{1,400}")


def _printed(output: str) -> Optional[Vector]:
    """The last two numbers a method printed: its answer, if it printed instead of returning."""
    return _numbers(_NUMBER.findall(output[-20_000:])[-2:]) if output else None


def _number(text: Any) -> Optional[Fraction]:
    """A number that a submission's process reported, read at a bounded cost: at most
    400 digits, an exponent of at most 3 digits, a nonzero denominator; else None.

    >>> _number("1/3"), _number("1e5000"), _number("2/0")
    (Fraction(1, 3), None, None)
    """
    if not isinstance(text, str) or len(text) > 1000:
        return None
    if _RATIO.fullmatch(text):
        numerator, denominator = text.split("/")
        return Fraction(int(numerator), int(denominator)) if int(denominator) else None
    return Fraction(text) if _BOUNDED.fullmatch(text) else None


def _numbers(values: Any) -> Optional[Vector]:
    """Numbers a submission reported (_number each), or None when any is not one."""
    if not isinstance(values, list) or len(values) > 1000:
        return None
    numbers = [_number(v) for v in values]
    return None if None in numbers else tuple(numbers)  # type: ignore[arg-type]


def _cut(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:70] + "..."


# -- Using the reference: imported, opened, exec'd or pasted in ----------------------------


@functools.lru_cache(maxsize=1)
def _reference_functions() -> FrozenSet[str]:
    """The shapes of sentemb's larger functions: their code with every name made alike."""
    with open(sentemb.__file__, encoding="utf-8") as file:
        return frozenset(_shapes(file.read()))


@functools.lru_cache(maxsize=1)
def _reference_markers() -> Tuple[str, ...]:
    """The 20 longest lines of sentemb's code: any of them in compiled source is a copy."""
    with open(sentemb.__file__, encoding="utf-8") as file:
        lines = {line.strip() for line in file if not line.strip().startswith("#")}
    return tuple(sorted(lines, key=lambda line: (-len(line), line))[:20])


class _Names(ast.NodeTransformer):
    """Every variable, argument and function name made the same."""

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.copy_location(ast.Name(id="_", ctx=node.ctx), node)

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg, node.annotation = "_", None
        return node


def _shapes(source: str) -> Iterator[str]:
    try:
        tree = parse(source)
    except _UNPARSABLE:
        return
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = [s for s in node.body if not (isinstance(s, ast.Expr)
                    and isinstance(s.value, ast.Constant))]  # fmt: skip  # the docstring
            size = sum(1 for s in body for _ in ast.walk(s))
            if size >= 40:
                module = ast.Module(body=[_Names().visit(s) for s in body], type_ignores=[])
                yield ast.dump(module)


_REFERENCE = frozenset({"sentemb", "grade", "grade_harness"})  # the modules no submission may use


def uses_reference(submission: Submission) -> List[str]:
    """How a submission's code uses sentemb, read without running it: an import of it (or of
    the grader), its file name in a string, or a function of its code, names changed or not.

    >>> uses_reference(Submission("a", {"a.py": b"from sentemb import tokenize"}, "a.py", [], []))
    ['a.py imports sentemb']
    """
    flags: List[str] = []
    for path, content in submission.files.items():
        if not path.lower().endswith(SOURCES):
            continue
        source = _source_text(path, content)
        imported = _imports(source) & _REFERENCE
        if imported:
            flags.append(f"{path} imports {', '.join(sorted(imported))}")
        try:
            strings = [n.value for n in ast.walk(parse(source)) if isinstance(n, ast.Constant)
                       and isinstance(n.value, str)]  # fmt: skip
        except _UNPARSABLE:
            strings = []
        if any(s in _REFERENCE or "sentemb.py" in s for s in strings):
            flags.append(f"{path} names sentemb's file")
        copied = len(set(_shapes(source)) & _reference_functions())
        if copied:
            flags.append(f"{path} contains {copied} of sentemb's functions")
    return flags


# -- The checks ------------------------------------------------------------------------------


def _check(
    name: str, passed: bool, options: Options, feedback: str, mistake: Optional[str] = None
) -> Check:
    points = float(options.points.get(name, RUBRIC[name]))
    return Check(name, passed, points if passed else 0.0, points, feedback, mistake)


def _check_variables(cls: Dict[str, Any], options: Options) -> Check:
    if cls["name"] is None:
        text = ("No class: the methods were graded as module functions, but the exercise asks "
                "for a class that holds the three variables.")  # fmt: skip
        return _check("class_variables", False, options, text, "class-variables-missing")
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


def _as_reference(check: Check, flags: Sequence[str], options: Options) -> Check:
    if check.name == "class_variables":
        return check
    text = FEEDBACK["uses-reference"].format(how="; ".join(flags))
    return _check(check.name, False, options, text, "uses-reference")


def _check_exercise(
    role: str,
    method: Optional[str],
    got: Optional[List[Answer]],
    reading: Optional[str],
    key: Key,
    options: Options,
) -> Check:
    label = LABELS[role]
    expected = key.right[role, "tokens", 0]
    if method is None or got is None:
        text = f"No method computes {label}: for the exercise's sentence it is {_show(expected)}."
        return _check(role, False, options, text, "not-found")
    first = got[0]
    if first.status not in ("ok", "none"):
        return _check(
            role, False, options, f"{method}(): {first.detail or first.status}.", first.status
        )
    readings = ("tokens",) if options.strict else READINGS
    matches = _matches(first.vector, role, 0, key, READINGS, options.tolerance)
    if first.status == "none":
        printed = " It printed the right numbers." if any(m is None for _, m in matches) else ""
        return _check(role, False, options, FEEDBACK["returned-none"] + printed, "returned-none")
    right = [r for r, mistake in matches if mistake is None]
    if any(r in readings for r in right):
        wanted = key.right[role, next(r for r in right if r in readings), 0]
        text = f"{method}() gives {_show(first.vector)}."
        if not _exact(first.vector, wanted):
            text += f" Right within the tolerance {options.tolerance:g}: exactly {_show(wanted)}."
        return _check(role, True, options, text)
    if right:  # the words-only reading under --strict
        return _check(role, False, options, FEEDBACK["words-only-reading"], "words-only-reading")
    mistakes = [mistake for _, mistake in matches if mistake is not None]
    shown, want = _shown(first.vector, expected)
    if mistakes:
        text = f"{method}() gives {shown}. {FEEDBACK[mistakes[0]]}"
        return _check(role, False, options, text, mistakes[0])
    text = f"{method}() gives {shown}; the answer is {want}."
    return _check(role, False, options, text, "wrong-answer")


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
    if len(hidden) < HIDDEN:  # not asked: it failed on the exercise's sentence
        first = got[0]
        text = f"{method}(): {first.detail or first.status}."
        return _check(name, False, options, text, first.status)
    right = [key.right[role, "tokens", i] for i in range(1, len(hidden) + 1)]
    if all(_close(a.vector, r, options.tolerance) for a, r in zip(hidden, right)):
        return _check(name, True, options, f"Right on {len(hidden)} other sentences.")
    exercise = got[0].vector
    if exercise is not None and all(_close(a.vector, exercise, options.tolerance) for a in hidden):
        return _check(name, False, options, FEEDBACK["hard-coded"], "hard-coded")
    for index, answer in enumerate(hidden, 1):
        expected = key.right[role, "tokens", index]
        if _close(answer.vector, expected, options.tolerance):
            continue
        found = _matches(answer.vector, role, index, key, ("tokens",), options.tolerance)
        mistakes = [m for _, m in found if m is not None]
        shown, want = _shown(answer.vector, expected)
        text = f"{method}({key.sentences[index]!r}) gives {shown}; the answer is {want}."
        if mistakes:
            return _check(name, False, options, f"{text} {FEEDBACK[mistakes[0]]}", mistakes[0])
        return _check(name, False, options, text, "wrong-answer")
    raise AssertionError("unreachable")  # pragma: no cover


def _show(vector: Optional[Vector], digits: int = 6) -> str:
    """A vector as a student reads it: each number to ``digits`` significant digits, and
    as a fraction too when that is short."""
    if vector is None:
        return "nothing"
    shown = []
    for x in vector:
        text = f"{float(x):.{digits}g}"
        if x.denominator != 1 and x.denominator < 1000 and Fraction(text) != x:
            text += f" ({x.numerator}/{x.denominator})"
        shown.append(text)
    return "[" + ", ".join(shown) + "]"


def _shown(got: Optional[Vector], want: Vector) -> Tuple[str, str]:
    """Both vectors, with enough digits for them to differ when they do.

    >>> _shown((Fraction(1000001, 1000000),), (Fraction(1),))
    ('[1.000001]', '[1]')
    """
    for digits in (6, 9, 12, 17):
        pair = _show(got, digits), _show(want, digits)
        if pair[0] != pair[1]:
            return pair
    return _show(got), _show(want)


def _report(
    submission: Submission,
    key: Key,
    checks: List[Check],
    reading: Optional[str],
    cls: Optional[str],
    names: Mapping[str, str],
    error: Optional[str],
    notes: List[str],
) -> Dict[str, Any]:
    return {
        "submission": submission.name,
        "score": sum(c.points for c in checks),
        "max_score": sum(c.max_points for c in checks),
        "reading": reading,
        "found": {"class": cls, **{role: names.get(role) for role in ROLES}},
        "checks": [c._asdict() for c in checks],
        "error": error,
        "notes": notes,
        "integrity": [],
        "seed": key.seed,
    }


def _ungraded(
    submission: Submission,
    reason: str,
    options: Options,
    key: Key,
    notes: Optional[List[str]] = None,
) -> Dict[str, Any]:
    checks = [
        _check(name, False, options, f"Not graded: {reason}", "not-graded") for name in CHECKS
    ]
    return _report(submission, key, checks, None, None, {}, reason, list(notes or submission.notes))


# -- The command line -------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grade.py",
        description="Grade submissions of the sentence-embedding exercise against sentemb.",
        epilog="Exit status 0 when every submission was graded (whatever the scores), 2 on bad "
        "usage, 128 + the signal's number when stopped by SIGINT, SIGTERM or SIGHUP (the "
        "reports of those graded are still written). Run as root, each submission runs under "
        "a uid of its own; otherwise it can do what you can: run it in a container.",
    )
    add = parser.add_argument
    add("submissions", nargs="+", metavar="SUBMISSION",
        help="a .py file, a .ipynb notebook, a folder or a .zip")  # fmt: skip
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object per submission")
    output.add_argument("--csv", metavar="FILE", help="write one row per submission to FILE")
    output.add_argument(
        "--gradescope", metavar="FILE", help="write Gradescope's results.json for one submission"
    )
    add("--summary", metavar="FILE", help="write the class summary to FILE, as JSON")
    add("--timeout", type=float, default=10.0, metavar="SECONDS",
        help="seconds each call, and each notebook cell, may take (default 10)")  # fmt: skip
    add("--limit", type=float, default=120.0, metavar="SECONDS",
        help="the hard wall-clock cap of a submission, whatever it does (default 120)")  # fmt: skip
    add("--memory", default="1GiB", metavar="SIZE",
        help="memory cap of each submission, such as 512MiB (default 1GiB)")  # fmt: skip
    add("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
        help="submissions graded at once (default: the CPU count)")  # fmt: skip
    add("--seed", type=int, default=None,
        help="chooses the hidden sentences (default: a new seed each run, printed)")  # fmt: skip
    add("--tolerance", type=float, default=TOLERANCE, metavar="TOL",
        help=f"right if |got - want| <= TOL * max(1, |want|) (default {TOLERANCE:g})")  # fmt: skip
    add("--strict", action="store_true", help="accept only the canonical reading ('!' is a token)")
    add("--class", dest="class_name", metavar="NAME",
        help="the student's class, when discovery picks the wrong one")  # fmt: skip
    add("--method", action="append", default=[], metavar="ROLE=NAME",
        help="the student's method for average, skip_filler or weighted")  # fmt: skip
    add("--points", action="append", default=[], metavar="CHECK=N",
        help="the points of a check, such as average=3 (default rubric: "
        + ", ".join(f"{k}={v}" for k, v in RUBRIC.items()) + ")")  # fmt: skip
    add("--python", default=sys.executable, metavar="PATH",
        help="run submissions with this interpreter (default: this one)")  # fmt: skip
    add("--user", default=None, metavar="UIDS",
        help=f"as root: the uids submissions run as, FIRST or FIRST-LAST, one per job "
        f"(default {_FIRST_UID}-{_FIRST_UID + 999}), or none to run them as root")  # fmt: skip
    add("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


_FIRST_UID = 61000


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
    for name in ("timeout", "limit"):
        if not getattr(args, name) > 0 or not math.isfinite(getattr(args, name)):
            raise UsageError(f"--{name} must be a positive number of seconds")
    if not 0 <= args.tolerance < 1:
        raise UsageError("--tolerance must be at least 0 and below 1")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if not shutil.which(args.python) and not os.path.isfile(args.python):
        raise UsageError(f"--python: {args.python!r} is not an interpreter")
    users = _users(args.user, args.jobs)
    options = Options(
        timeout=args.timeout,
        limit=args.limit,
        memory=_size(args.memory),
        seed=args.seed,
        tolerance=args.tolerance,
        strict=args.strict,
        class_name=args.class_name,
        methods=_pairs(args.method, "--method", ROLES),
        python=args.python,
        points=points,
        users=users,
        path=_course_path(args.python),
    )
    if users is not None:
        _can_run_as(args.python, users[0])
    return options


def _users(text: Optional[str], jobs: int) -> Optional[Tuple[int, ...]]:
    """The uids to run submissions as: only as root, one for each job, each claimed for
    this run (two runs at once never share one)."""
    if text == "none":
        return None
    if os.geteuid() != 0:
        if text is not None:
            raise UsageError("--user needs root: only root can run a submission as another user")
        return None
    match = re.fullmatch(r"(\d{1,10})(?:-(\d{1,10}))?", text or f"{_FIRST_UID}-{_FIRST_UID + 999}")
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


_CLAIMS: List[int] = []  # the lock files this run holds, one per uid it runs submissions as


def _claim(first: int, last: int, jobs: int) -> Tuple[int, ...]:
    """Up to ``jobs`` uids of the range, each locked (flock) for this run and running no
    process."""
    import fcntl

    folder = "/run/lock" if os.access("/run/lock", os.W_OK) else tempfile.gettempdir()
    found: List[int] = []
    for uid in range(first, last + 1):
        if len(found) == jobs:
            break
        fd = os.open(
            os.path.join(folder, f"sentemb-grade-{uid}.lock"), os.O_RDWR | os.O_CREAT, 0o600
        )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # another run holds it
            os.close(fd)
            continue
        if _processes_of(uid):
            os.close(fd)
            continue
        _CLAIMS.append(fd)
        found.append(uid)
    return tuple(found)


def _release_claims() -> None:
    while _CLAIMS:
        os.close(_CLAIMS.pop())


def _can_run_as(python: str, uid: int) -> None:
    """An unprivileged uid must be able to run the interpreter and read its library."""

    def drop() -> None:  # pragma: no cover - in the child, before exec
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)

    try:
        done = subprocess.run(
            [python, "-I", "-c", "import json, encodings.idna, re"],
            cwd="/",
            env=_environment("/"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=drop,
            timeout=30,
        )
        ok = done.returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    if not ok:
        raise UsageError(
            f"--python: {python!r} cannot be run by an unprivileged user (is it under a folder "
            "only root can read, such as /root?); give an interpreter outside it, such as "
            "--python /usr/bin/python3, or --user none to run submissions as root"
        )


def _course_path(python: str) -> Tuple[str, ...]:
    """PYTHONPATH and the interpreter's user site, without the grader's own folder."""
    entries = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            [python, "-c", "import site; print(site.getusersitepackages())"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=30,
        )
        entries += done.stdout.split()[:1]
    mine = os.path.dirname(os.path.abspath(__file__))
    return tuple(
        os.path.abspath(p)
        for p in dict.fromkeys(entries)
        if os.path.abspath(p) != mine
        and not any(os.path.exists(os.path.join(p, n)) for n in ("sentemb.py", "grade.py"))
    )


def grade_all(
    submissions: List[Submission], options: Options, jobs: int
) -> Iterator[Dict[str, Any]]:
    """Each submission's report, in order, graded ``jobs`` at a time, each job under a uid
    of its own when ``options.users`` gives them."""
    seed = options.seed if options.seed is not None else secrets.randbelow(2**32)
    key = make_key(seed)
    _become_subreaper()
    uids: queue.Queue[Optional[int]] = queue.Queue()
    for index in range(jobs):
        uids.put(None if options.users is None else options.users[index])

    def one(submission: Submission) -> Dict[str, Any]:
        uid = uids.get()
        try:
            return grade(submission, key, options, uid)
        finally:
            uids.put(uid)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures: List[Future[Dict[str, Any]]] = [pool.submit(one, s) for s in submissions]
        try:
            for future in futures:
                while not wait([future], timeout=0.1, return_when=FIRST_COMPLETED).done:
                    if _STOP.is_set():
                        raise _Stopped
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def table(reports: List[Dict[str, Any]]) -> str:
    """One line per submission, then the class summary."""
    width = max([10, *(len(r["submission"]) for r in reports)])
    lines = [f"{'submission':<{width}}  {'score':>9}  {'reading':<10}  what failed"]
    for report in reports:
        failed = [f"{c['name']} ({c['mistake']})" for c in report["checks"] if not c["passed"]]
        why = f"error: {report['error']}" if report["error"] else ", ".join(failed) or "-"
        if report.get("integrity"):
            why = "INTEGRITY: uses the reference; " + why
        score = f"{report['score']:g}/{report['max_score']:g}"
        lines.append(
            f"{report['submission']:<{width}}  {score:>9}  {report['reading'] or '-':<10}  {why}"
        )
    return "\n".join(lines) + "\n\n" + summary_text(summary(reports))


def summary(reports: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The class at a glance: the seed, the scores, each mistake with who made it, the
    integrity flags and what was not graded."""
    scores: Dict[str, int] = {}
    for report in sorted(reports, key=lambda r: -r["score"]):
        scores[f"{report['score']:g}"] = scores.get(f"{report['score']:g}", 0) + 1
    mistakes: Dict[str, List[str]] = {}
    for report in reports:
        for mistake in dict.fromkeys(c["mistake"] for c in report["checks"] if c["mistake"]):
            if mistake != "not-graded":
                mistakes.setdefault(mistake, []).append(report["submission"])
    return {
        "seed": reports[0]["seed"] if reports else None,
        "submissions": len(reports),
        "mean": sum(r["score"] for r in reports) / len(reports) if reports else None,
        "scores": scores,
        "mistakes": dict(sorted(mistakes.items(), key=lambda m: (-len(m[1]), m[0]))),
        "integrity": {r["submission"]: r["integrity"] for r in reports if r.get("integrity")},
        "not_graded": {r["submission"]: r["error"] for r in reports if r["error"]},
    }


def summary_text(found: Dict[str, Any]) -> str:
    lines = [f"{found['submissions']} submission(s), seed {found['seed']} "
             f"(--seed {found['seed']} grades them alike again)"]  # fmt: skip
    if found["submissions"]:
        lines.append(f"mean score {found['mean']:.2f}")
        most = max(found["scores"].values())
        for score, count in found["scores"].items():
            bar = "#" * max(1, round(30 * count / most))
            lines.append(f"  {score:>6}  {bar} {count}")
    for mistake, names in found["mistakes"].items():
        lines.append(f"{mistake}: {len(names)}: {', '.join(names)}"[:300])
    for name, flags in found["integrity"].items():
        lines.append(f"INTEGRITY {name}: {'; '.join(flags)}"[:300])
    return "\n".join(lines)


def write_csv(reports: List[Dict[str, Any]], path: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["submission", *CHECKS, "score", "max_score", "error", "seed"])
        for report in reports:
            points = {c["name"]: c["points"] for c in report["checks"]}
            writer.writerow(
                [
                    report["submission"],
                    *(f"{points[c]:g}" for c in CHECKS),
                    f"{report['score']:g}",
                    f"{report['max_score']:g}",
                    report["error"] or "",
                    report["seed"],
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
    notes.append(f"Hidden sentences drawn with seed {report['seed']}.")
    return {"score": report["score"], "output": "\n".join(notes), "tests": tests}


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Grade the submissions; the exit status is 0 when all were graded, 2 on bad usage,
    128 + the signal's number when stopped by one."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    args = parser.parse_args(arguments)
    args.written = False  # whether this run has written the --gradescope results
    try:
        submissions = collect(args.submissions)
        if not submissions:
            raise UsageError("no .py or .ipynb submissions found")
        if args.gradescope and len(submissions) != 1:
            raise UsageError(f"--gradescope grades one submission, not {len(submissions)}")
        options = options_from(args)
    except UsageError as error:
        _release_claims()
        _gradescope_failed(args, str(error))
        parser.error(str(error))
    _STOP.clear()
    try:
        with _stopped_by_signals() as stopped:
            return _grade_and_report(args, submissions, options, stopped)
    except BaseException as error:  # the grader itself failed, or was interrupted
        _gradescope_failed(args, f"{type(error).__name__}: {error}")
        raise
    finally:
        _release_claims()


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[List[int]]:
    """SIGINT, SIGTERM and SIGHUP stop the grading (the signal's number is noted), where
    this is the main thread; the handlers before are put back after."""
    stopped: List[int] = []

    def handler(signum: int, frame: Any) -> None:
        stopped.append(signum)
        _STOP.set()

    saved = {}
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            saved[number] = signal.signal(number, handler)
    try:
        yield stopped
    finally:
        for number, before in saved.items():
            signal.signal(number, before)


def _gradescope_failed(args: argparse.Namespace, reason: str) -> None:
    """A results.json that Gradescope can show, when the grader could not grade (unless
    the grading wrote one before it failed)."""
    if args.gradescope and not args.written:
        with open(args.gradescope, "w", encoding="utf-8") as file:
            output = f"The autograder could not grade this submission: {reason}"
            json.dump({"score": 0, "output": output, "tests": []}, file, indent=2)


def _grade_and_report(
    args: argparse.Namespace,
    submissions: List[Submission],
    options: Options,
    stopped: List[int],
) -> int:
    reports: List[Dict[str, Any]] = []
    shown = sys.stderr.isatty()
    step = max(10, len(submissions) // 10)
    try:
        for count, report in enumerate(grade_all(submissions, options, args.jobs), 1):
            reports.append(report)
            if args.json:
                print(json.dumps(report, ensure_ascii=False), flush=True)
            if shown:
                print(f"\rgrade.py: {count}/{len(submissions)} graded", end="", file=sys.stderr)
            elif count % step == 0 and len(submissions) >= 20:
                print(f"grade.py: {count}/{len(submissions)} graded", file=sys.stderr)
    except _Stopped:
        pass
    if shown:
        print(file=sys.stderr)
    if stopped:
        name = signal.Signals(stopped[0]).name
        print(f"grade.py: stopped by {name} after {len(reports)} of {len(submissions)} "
              "submissions; their reports are written", file=sys.stderr)  # fmt: skip
    if args.csv:
        write_csv(reports, args.csv)
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as file:
            json.dump(summary(reports), file, indent=2, ensure_ascii=False)
    if args.gradescope and reports:
        with open(args.gradescope, "w", encoding="utf-8") as file:
            json.dump(gradescope(reports[0]), file, indent=2)
        args.written = True
    if not args.json:
        print(table(reports))
    if stopped:
        _gradescope_failed(args, f"stopped by {signal.Signals(stopped[0]).name}")
        return 128 + stopped[0]
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
