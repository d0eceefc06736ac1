"""Running a submission: its process in its sandbox, and the calls asked of it.

The grader asks for each call over a pipe, with a nonce drawn when it asks, and accepts only
the reply that carries it.  Every reply is untrusted data, read at a bounded cost and checked
at this boundary: what the import describes becomes plain records (``Described``,
``Method``, ``Parameter``), and anything malformed makes the whole submission ``junk``,
never an error in the grader.  The ways of calling a method are bounded, and so are the
calls asked of a submission and the time they take (``--limit``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import reprlib
import secrets
import select
import signal
import subprocess
import time
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

import sentemb

from . import signals
from .collect import Submission, cells
from .key import RUBRIC, TOLERANCE, Key, Vector
from .sandbox import Job, Sandbox, limits
from .text import cut


class Options(NamedTuple):
    sandbox: Sandbox
    timeout: float = 10.0  # seconds a call (or a notebook cell) may take
    limit: float = 120.0  # the hard wall-clock cap of a whole submission, running and judging
    memory: int = 1 << 30
    seed: Optional[int] = None  # None: a new one each run
    tolerance: float = TOLERANCE
    strict: bool = False
    class_name: Optional[str] = None
    methods: Mapping[str, str] = MappingProxyType({})  # role -> the student's method name
    points: Mapping[str, float] = MappingProxyType(RUBRIC)
    integrity: str = "flag"  # what a flag does: flag (evidence only) or zero (the method checks)


class Way(NamedTuple):
    """One way of calling a candidate method: what it is given."""

    form: Optional[str]  # how the sentence is given (FORMS), or None: not to the method
    weights: bool  # the attention weights as the next argument
    flag: Tuple[Tuple[str, Any], ...] = ()  # a keyword argument, such as ignore_fillers=True
    init: Optional[str] = None  # how the sentence is given to the constructor, if it is
    data: Tuple[str, ...] = ()  # the exercise's data (DATA) the method takes after the sentence
    init_data: Tuple[str, ...] = ()  # ... and that the constructor takes first
    by_position: bool = False  # whether the data was matched to parameters by their order


FORMS = {
    "text": "the sentence",
    "tokens": "the sentence's tokens as a list",
    "words": "the sentence's words as a list (no punctuation)",
    "joined": "the tokens joined by spaces",
    "joined-words": "the words joined by spaces",
}
MODES = ("average", "skip_filler", "weighted", "mean", "simple", "skip", "filler", "weight",
         "weights", "attention")  # fmt: skip  # the values a mode parameter is tried with
FLAGS = 4  # flag or mode parameters of a method tried, at most
WAYS = 60  # ways of calling one method, at most
CALLS = 3000  # calls asked of one submission, at most
REPLY_BYTES = 4 << 20  # what one reply may take; a submission that writes more is junk


class Parameter(NamedTuple):
    name: str
    kind: str  # an inspect.Parameter kind's name
    required: bool  # it has no default
    value: Any = None  # its default, when that is a bool or a short string (a flag or mode)
    flag: bool = False  # whether it has such a default


class Method(NamedTuple):
    name: str
    kind: str  # instance, class, static, or function (a module's)
    parameters: Optional[Tuple[Parameter, ...]]  # None: no signature could be read


class Described(NamedTuple):
    """A class as the submission's import described it; its module functions are one
    more, named None."""

    name: Optional[str]
    variables: Mapping[str, Any]  # JSON summaries of its class variables
    instance_variables: Mapping[str, Any]
    init: Optional[Tuple[Parameter, ...]]
    methods: Tuple[Method, ...]


class Imported(NamedTuple):
    status: str  # ok, syntax, error, timeout, memory, exit, junk
    detail: Optional[str]
    notes: Tuple[str, ...]
    classes: Tuple[Described, ...]  # the module functions last, as class None


class Answer(NamedTuple):
    """What a method gave for one sentence."""

    status: str  # ok, none, error, timeout, memory, exit, junk, missing
    vector: Optional[Vector]  # returned (or, for None, the numbers it printed)
    detail: Optional[str]
    note: Optional[str] = None


Answers = Dict[Tuple[Optional[str], str], List[Tuple[Way, List[Answer]]]]


class Run(NamedTuple):
    """What a submission did: its import, and every call's answers."""

    imported: Imported
    answers: Answers
    notes: List[str]  # what was not tried: calls or time ran out


def run_submission(
    submission: Submission, key: Key, options: Options, uid: Optional[int], deadline: float
) -> Run:
    """Run a submission in its sandbox and ask it for every call.

    A call that hangs or ends the process costs only itself: the process is started again
    for the next.  No call is asked after the submission's hard cap, nor after CALLS.
    """
    with Job(options.sandbox, submission.folder, uid) as job:
        child = _Child(job, submission, options, deadline)
        try:
            imported = child.start()
            answers: Answers = {(c.name, m.name): [] for c in imported.classes for m in c.methods}
            notes: List[str] = []
            try:
                for cls in imported.classes:
                    for method in cls.methods:
                        _try_ways(child, cls, method, key, deadline, answers[cls.name, method.name])
            except _Spent as spent:
                notes.append(str(spent))
            return Run(imported, answers, notes)
        finally:
            child.stop()


class _Spent(Exception):
    """The submission's calls or time ran out: what was not tried."""


def _try_ways(
    child: _Child,
    cls: Described,
    method: Method,
    key: Key,
    deadline: float,
    found: List[Tuple[Way, List[Answer]]],
) -> None:
    """Add the method's answers in each way it can be called to ``found``: first on the
    exercise's sentence, then, for a way that gave something, on the hidden ones."""
    init = cls.init if method.kind == "instance" else ()
    for way in ways(method.parameters, init):
        signals.check()
        if time.monotonic() > deadline:
            raise _Spent(f"the submission's {child.options.limit:g} s ran out before every "
                         "way of calling its methods was tried")  # fmt: skip
        if child.calls + len(key.sentences) > CALLS:
            raise _Spent(f"only the first {CALLS} calls were asked")
        first = child.call(cls.name, method, way, key, 0)
        answers = [first]
        if first.status in ("ok", "none"):
            answers += [child.call(cls.name, method, way, key, i)
                        for i in range(1, len(key.sentences))]  # fmt: skip
        found.append((way, answers))
        if first.status in ("timeout", "memory", "exit"):
            return  # the same again in other ways would only cost time


DATA = {  # the exercise's data a parameter may ask for, by the words in its name, in this order
    "filler words": ("filler", "stop"),
    "attention weights": ("weight", "attention", "attn"),
    "vocabulary": ("vocab", "embedding", "vector", "word", "lookup", "table", "dict"),
}


def data_kind(name: str) -> Optional[str]:
    """The exercise's data that a parameter's name asks for, if any.

    >>> data_kind("stopwords"), data_kind("word_vectors"), data_kind("word_weights")
    ('filler words', 'vocabulary', 'attention weights')
    """
    lowered = name.lower()
    return next((kind for kind, words in DATA.items() if any(w in lowered for w in words)), None)


def _data(parameters: Sequence[Parameter]) -> Tuple[Tuple[str, ...], bool]:
    """The data for each parameter: by its name, or, when a name does not say (or says
    twice), by its position in the exercise's order; and whether position decided."""
    kinds = [data_kind(p.name) for p in parameters]
    if None not in kinds and len(set(kinds)) == len(kinds):
        return tuple(kinds), False  # type: ignore[arg-type]
    order = ("vocabulary", "filler words", "attention weights")
    return order[: len(parameters)], True


def ways(
    parameters: Optional[Sequence[Parameter]], init: Optional[Sequence[Parameter]]
) -> List[Way]:
    """Every way to call a method with these parameters, at most WAYS: the sentence in each
    form, the weights when it takes a second argument, the exercise's data (DATA) when it
    or the constructor asks for it, the sentence to the constructor when that takes it,
    and each value of a flag or a mode parameter (the first FLAGS of them).

    >>> sentence = Parameter("sentence", "POSITIONAL_OR_KEYWORD", True)
    >>> [w.form for w in ways([sentence], [])]
    ['text', 'tokens', 'words', 'joined', 'joined-words']
    >>> flag = Parameter("ignore_fillers", "POSITIONAL_OR_KEYWORD", False, False, True)
    >>> ways([sentence, flag], [])[5]
    Way(form='text', weights=False, flag=(('ignore_fillers', True),), init=None, data=(), \
init_data=(), by_position=False)
    >>> vocab = Parameter("vocab", "POSITIONAL_OR_KEYWORD", True)
    >>> ways([sentence, vocab], [])[0].data, ways([sentence], [vocab, flag])[0].init_data
    (('vocabulary',), ('vocabulary',))
    """
    if parameters is None or init is None:
        return []
    positional = [p for p in parameters if p.kind in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
    required = [p for p in positional if p.required]
    more = any(p.kind == "VAR_POSITIONAL" for p in parameters)
    init_required = [p for p in init if p.kind in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")
                     and p.required]  # fmt: skip
    if len(init_required) > 3 or len(required) > 4:
        return []
    init_data: Tuple[str, ...] = ()
    by_position = False
    if len(init_required) > 1 or (init_required and data_kind(init_required[0].name)):
        init_data, by_position = _data(init_required)
        init_required = []
    data: Tuple[str, ...] = ()
    extra = required[1:]
    if len(extra) > 1 or (extra and data_kind(extra[0].name) not in (None, "attention weights")):
        data, guessed = _data(extra)
        by_position = by_position or guessed
        required = required[:1]
    found: List[Tuple[Optional[str], bool, Optional[str]]] = []  # form, weights, init form
    for form in FORMS:
        if init_required:
            if len(required) <= 1:
                found.append((None, len(required) == 1, form))
        elif len(required) == 1 or (not required and (positional or more)):
            found.append((form, False, None))
        elif len(required) == 2:
            found.append((form, True, None))
    filled = len(required) + len(data) if init_required else max(len(required) + len(data), 1)
    flags = [p for p in parameters[filled:] if p.flag and p.kind != "POSITIONAL_ONLY"][:FLAGS]
    plain = [Way(form, weights, (), start, data, init_data, by_position)
             for form, weights, start in found]  # fmt: skip
    flagged = [
        Way(form, weights, ((p.name, value),), start, data, init_data, by_position)
        for p in flags
        for value in _values(p.value)
        for form, weights, start in found
    ]
    return (plain + flagged)[:WAYS]


def _values(default: Any) -> Tuple[Any, ...]:
    if isinstance(default, bool):
        return (not default,)
    return tuple(m for m in MODES if m != default)


def _arguments(way: Way, key: Key, index: int) -> Tuple[List[Any], List[Any]]:
    """The constructor's arguments and the method's, for one sentence."""

    def given(form: str) -> Any:
        return key.forms[form][index]

    init = [EXERCISE_DATA[kind] for kind in way.init_data]
    init += [given(way.init)] if way.init else []
    args = [given(way.form)] if way.form else []
    if way.weights:
        args.append(list(sentemb.ATTENTION_WEIGHTS))
    args += [EXERCISE_DATA[kind] for kind in way.data]
    return init, args


EXERCISE_DATA: Mapping[str, Any] = MappingProxyType({
    "vocabulary": sentemb.exercise_embeddings(),
    "filler words": list(sentemb.FILLER_WORDS),
    "attention weights": list(sentemb.ATTENTION_WEIGHTS),
})  # fmt: skip


def describe_way(method: str, way: Way) -> str:
    """How a method was called, as a note says it.

    >>> describe_way("embed", Way("tokens", True))
    "embed() was called with the sentence's tokens as a list and the weights"
    """
    parts = []
    if way.init_data:
        parts.append(f"the exercise's {', '.join(way.init_data)} given to the constructor")
    if way.init:
        parts.append(f"{FORMS[way.init]} given to the constructor")
    if way.form:
        parts.append(FORMS[way.form])
    if way.weights:
        parts.append("the weights")
    if way.data:
        parts.append(f"the exercise's {', '.join(way.data)}")
    parts += [f"{name}={value!r}" for name, value in way.flag]
    how = " (matched to its parameters by their order)" if way.by_position else ""
    return f"{method}() was called with " + " and ".join(parts) + how


# -- The child: the harness's process, and what it says --------------------------------------


class _Child:
    """The harness process of one submission, started again after a call that ends it."""

    def __init__(self, job: Job, submission: Submission, options: Options, deadline: float) -> None:
        self.job, self.submission, self.options = job, submission, options
        self.deadline = deadline
        self.process: Optional[subprocess.Popen[bytes]] = None
        self.buffer = b""
        self.calls = 0
        self.cells, self.cell_notes = cells(submission)

    def start(self) -> Imported:
        """Start the harness, and run the submission's code: what its import did."""
        self.process = self.job.start()
        self.buffer = b""
        folder, _, entry = self.submission.entry.rpartition("/")
        plan = {
            "entry": entry,
            "folder": folder or ".",
            "cells": self.cells,
            "limits": limits(self.options.memory, self.options.limit, self.job.uid),
            "seconds": self.options.timeout,
            **self.job.plan(),
        }
        self._send(plan)
        seconds = self.options.timeout * max(1, len(self.cells)) + 2
        return imported_from(self.ask({"do": "import"}, seconds), self.cell_notes)

    def call(self, cls: Optional[str], method: Method, way: Way, key: Key, index: int) -> Answer:
        self.calls += 1
        if self.process is None and not self.start().classes:
            return Answer("exit", None, "the submission's process could not be started again")
        init, args = _arguments(way, key, index)
        request = {"do": "call", "class": cls, "name": method.name, "kind": method.kind,
                   "init": init, "args": args, "kwargs": dict(way.flag)}  # fmt: skip
        return answer_from(self.ask(request, self.options.timeout + 1))

    def ask(self, request: Dict[str, Any], seconds: float) -> Dict[str, Any]:
        """The reply to this request, tagged with its nonce; or what became of the process."""
        nonce = secrets.token_hex(16)
        left = self.deadline - time.monotonic()
        if left <= 0:
            return {"status": "timeout", "detail": self._ran_out()}
        with contextlib.suppress(OSError):  # it has ended: what it says is read below
            self._send({**request, "nonce": nonce})
        reply = self._read(nonce, min(seconds, left))
        if isinstance(reply, dict):
            return reply
        self._kill()
        if reply == "timeout":
            detail = self._ran_out() if seconds > left else \
                f"did not finish within {self.options.timeout:g} s"  # fmt: skip
            return {"status": "timeout", "detail": detail}
        if reply == "junk":
            return {"status": "junk", "detail": "it wrote more than the grader reads"}
        return {"status": "exit", "detail": reply}

    def _ran_out(self) -> str:
        return f"the submission's {self.options.limit:g} s ran out"

    def _send(self, message: Dict[str, Any]) -> None:
        assert self.process is not None
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode("ascii") + b"\n")
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
            if len(self.buffer) > REPLY_BYTES:
                return "junk"
            left = end - time.monotonic()
            if left <= 0:
                return "timeout"
            signals.check()
            ready, _, _ = select.select([pipe], [], [], min(left, 0.1))
            if ready:
                data = os.read(pipe, 1 << 16)
                if not data:
                    return _ended(self.process.wait())
                self.buffer += data

    def _kill(self) -> None:
        if self.process is not None:
            self.job.kill(self.process)
            for stream in (self.process.stdin, self.process.stdout):
                with contextlib.suppress(OSError):
                    stream.close()  # type: ignore[union-attr]
            self.process = None

    def stop(self) -> None:
        self._kill()


def _reply(line: bytes, nonce: str) -> Optional[Dict[str, Any]]:
    """A line of the child's, if it is the reply to the request with this nonce."""
    if len(line) > REPLY_BYTES:
        return None
    try:
        reply = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return reply if isinstance(reply, dict) and reply.get("nonce") == nonce else None


def _ended(status: int) -> str:
    """How a process ended, from its exit status.

    >>> _ended(-9), _ended(-40)
    ('ended the process (signal SIGKILL)', 'ended the process (signal 40)')
    >>> _ended(3)
    'ended the process (exit status 3)'
    """
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:  # a real-time signal has no name of its own
            name = str(-status)
        return f"ended the process (signal {name})"
    return f"ended the process (exit status {status})"


def _strings(values: Any) -> List[str]:
    """Untrusted strings, each made printable and cut short; at most 20."""
    if not isinstance(values, list):
        return []
    return [cut(v, 300) for v in values if isinstance(v, str)][:20]


# -- Replies, checked: what the import described, and what a call returned --------------------

STATUSES = ("ok", "syntax", "error", "timeout", "memory", "exit", "junk")
KINDS = ("instance", "class", "static", "function")
PARAMETER_KINDS = ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD", "VAR_POSITIONAL", "KEYWORD_ONLY",
                   "VAR_KEYWORD")  # fmt: skip
CLASSES = 50  # classes read from a reply, at most
METHODS = 200  # methods of a class (and module functions) read from a reply, at most


class Malformed(ValueError):
    """A reply that is not what the harness sends."""


def imported_from(reply: Dict[str, Any], notes: Sequence[str] = ()) -> Imported:
    """What the import did, checked: a reply that is not what the harness describes is
    ``junk``, with no classes."""
    status = reply.get("status")
    detail = reply.get("detail")
    if status not in STATUSES or not (detail is None or isinstance(detail, str)):
        return Imported("junk", "what it reported cannot be read", tuple(notes), ())
    if status == "syntax" or ("classes" not in reply and status != "ok"):
        return Imported(status, _detail(detail), tuple(notes), ())
    try:
        classes = [_described(c) for c in _list(reply.get("classes"), CLASSES)]
        functions = [
            _method([n, "function", p]) for n, p in _list(reply.get("functions"), METHODS, 2)
        ]
    except Malformed:
        return Imported("junk", "what it reported cannot be read", tuple(notes), ())
    classes.append(Described(None, {}, {}, (), tuple(functions)))
    return Imported(
        status, _detail(detail), (*notes, *_strings(reply.get("notes"))), tuple(classes)
    )


def _detail(detail: Optional[str]) -> Optional[str]:
    return None if detail is None else cut(detail, 300)


def _list(value: Any, most: int, length: Optional[int] = None) -> List[Any]:
    if not isinstance(value, list) or len(value) > most:
        raise Malformed
    if length is not None and not all(isinstance(v, list) and len(v) == length for v in value):
        raise Malformed
    return value


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise Malformed
    return value


def _described(value: Any) -> Described:
    if not isinstance(value, dict):
        raise Malformed
    variables, instance = value.get("variables"), value.get("instance_variables")
    if not isinstance(variables, dict) or not isinstance(instance, dict):
        raise Malformed
    methods = tuple(_method(m) for m in _list(value.get("methods"), METHODS, 3))
    return Described(_name(value.get("name")), variables, instance,
                     _parameters(value.get("init")), methods)  # fmt: skip


def _method(value: List[Any]) -> Method:
    name, kind, parameters = value
    if kind not in KINDS:
        raise Malformed
    return Method(_name(name), kind, _parameters(parameters))


def _parameters(value: Any) -> Optional[Tuple[Parameter, ...]]:
    if value is None:
        return None
    found = []
    for name, kind, default in _list(value, 20, 3):
        if kind not in PARAMETER_KINDS or not isinstance(default, dict):
            raise Malformed
        flag = "value" in default
        if flag and not isinstance(default["value"], (bool, str)):
            raise Malformed
        found.append(Parameter(_name(name), kind, default.get("none") is True,
                               default.get("value"), flag))  # fmt: skip
    return tuple(found)


def answer_from(reply: Dict[str, Any]) -> Answer:
    """What a call returned, checked: numbers read at a bounded cost, anything else junk."""
    status = reply.get("status")
    if status == "ok":
        vector = _numbers(reply.get("value"))
        if vector is None:
            value = reply.get("value")
            return Answer("junk", None, f"it returned numbers out of bounds: {_shown(value)}")
        note = reply.get("note")
        return Answer("ok", vector, None, cut(note, 100) if isinstance(note, str) else None)
    if status == "none":
        output = reply.get("output")
        return Answer("none", _printed(output if isinstance(output, str) else ""), None)
    detail = reply.get("detail")
    if status not in ("error", "timeout", "memory", "exit", "junk"):
        status, detail = "junk", "what it reported cannot be read"
    return Answer(str(status), None, cut(detail, 300) if isinstance(detail, str) else None)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxstring = 3, 6, 30


def _shown(value: Any) -> str:
    """A reply's value, shown short whatever its size or depth."""
    return cut(_REPR.repr(value), 80)


_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?:/\d+)?")
_BOUNDED = re.compile(r"[-+]?(?:\d{1,400}(?:\.\d{0,400})?|\.\d{1,400})(?:[eE][-+]?\d{1,3})?")
_RATIO = re.compile(r"[-+]?\d{1,400}/\d{1,400}")


def _printed(output: str) -> Optional[Vector]:
    """The last two numbers a method printed: its answer, if it printed instead of returning."""
    return _numbers(_NUMBER.findall(output[-20_000:])[-2:]) if output else None


def number(text: Any) -> Optional[Fraction]:
    """A number that a submission's process reported, read at a bounded cost: at most
    400 digits, an exponent of at most 3 digits, a nonzero denominator; else None.

    >>> number("1/3"), number("1e5000"), number("2/0")
    (Fraction(1, 3), None, None)
    """
    if not isinstance(text, str) or len(text) > 1000:
        return None
    if _RATIO.fullmatch(text):
        numerator, denominator = text.split("/")
        return Fraction(int(numerator), int(denominator)) if int(denominator) else None
    return Fraction(text) if _BOUNDED.fullmatch(text) else None


def _numbers(values: Any) -> Optional[Vector]:
    """Numbers a submission reported (number each), or None when any is not one."""
    if not isinstance(values, list) or len(values) > 1000:
        return None
    numbers = [number(v) for v in values]
    return None if None in numbers else tuple(numbers)  # type: ignore[arg-type]
