"""The child's side of the grader: run one submission, then answer the grader's calls.

The grader copies this file, whole, into each job's folder and runs it there with
``python -I``, in the job's sandbox.  It is the trust boundary: it imports the standard
library only (neither sentemb nor the grader is there to import), and nothing that decides a
grade or an integrity flag runs here, since the submission's code can rewrite anything in
this process.  The
grader reads every reply as untrusted data.

It speaks one JSON object per line.  The grader's first line is the plan: the limits, the
user to run as (the fallback sandbox), where the student's files are, the import path, the
notebook's cells.  Each line after it is a request with a ``nonce``, a value drawn by the
grader when it asks, which the submission cannot know at import; the harness answers each
with one line that carries the same nonce.  Requests:

- ``{"do": "import"}`` runs the cells and describes the classes and functions defined (at
  most 50 classes, 200 methods each and 200 functions);
- ``{"do": "call", "class": ..., "name": ..., "kind": ..., "init": [...], "args": [...],
  "kwargs": {...}}`` calls one method on a fresh instance and reports what it returned.

The submission's own writes to file descriptors 0, 1 and 2 go to /dev/null, and what it
prints through ``sys.stdout`` is captured, cut short, and sent back with the answer.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import io
import itertools
import json
import math
import os
import re
import signal
import sys
import types
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

MODULE = "submission"  # the name the submission's code runs under
_OUTPUT = 20_000  # characters of printed output kept per request
_NUMBERS = 1_000  # numbers read from a returned vector, at most
_CLASSES = 50  # classes described, at most
_METHODS = 200  # methods described per class, and module functions, at most


def main() -> None:  # pragma: no cover - it runs in the child process
    requests = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    plan = json.loads(requests.readline())
    contain(plan)
    if plan.get("copy"):  # the sandbox gave the student's files read-only: copy them here
        import shutil

        shutil.copytree(plan["copy"], ".", symlinks=True, dirs_exist_ok=True)
    os.chdir(plan["folder"])
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    sys.stdin = io.StringIO()
    sys.path[:0] = [os.getcwd(), *plan["path"]]
    session = Session(plan)
    for line in requests:
        request = json.loads(line)
        answer = session.answer(request)
        answer["nonce"] = request["nonce"]
        replies.write(json.dumps(answer) + "\n")
        replies.flush()
    os._exit(0)  # whatever threads or handlers the submission left behind


def contain(plan: Dict[str, Any]) -> None:  # pragma: no cover - it runs in the child process
    """Limits first, while they can still be raised; then the user the plan names."""
    try:
        import resource
    except ImportError:  # no rlimits where the OS has none
        resource = None  # type: ignore[assignment]
    for name, value in plan["limits"].items():
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        hard = resource.getrlimit(limit)[1]
        if hard != resource.RLIM_INFINITY and os.geteuid() != 0:
            value = min(value, hard)
        with contextlib.suppress(ValueError, OSError):  # a limit this system will not set
            resource.setrlimit(limit, (value, value))
    uid = plan.get("uid")
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    os.umask(0o077)


class _TimeLimit(BaseException):
    """Raised by the alarm: a BaseException, so a student's ``except Exception`` lets it by."""


def _alarm(signum: int, frame: Any) -> None:
    raise _TimeLimit


class Session:
    """The submission's namespace, and the answers to the grader's requests."""

    def __init__(self, plan: Dict[str, Any]) -> None:
        self.plan = plan
        self.entry: str = plan["entry"]
        name, package = module_name(os.getcwd(), self.entry, os.path.exists("__init__.py"))
        if package:  # a package's module: its relative imports work, from the folder above
            sys.path.insert(1, os.path.dirname(os.getcwd()))
        _NAMES.add(name)
        self.module = types.ModuleType(name)
        self.module.__file__ = os.path.join(os.getcwd(), self.entry)
        self.module.__package__ = package
        if not package:  # a package's own imports load its module from the file, not this one
            sys.modules[name] = self.module
        self.seconds: float = plan["seconds"]
        signal.signal(signal.SIGALRM, _alarm)

    def answer(self, request: Dict[str, Any]) -> Dict[str, Any]:
        if request.get("do") == "import":
            return self.run_cells()
        return self.call(request)

    # -- the import: each cell in turn, as a notebook runs -------------------------------

    def run_cells(self) -> Dict[str, Any]:
        namespace = self.module.__dict__
        notes: List[str] = []
        outcome: Dict[str, Any] = {"status": "ok", "detail": None, "output": ""}
        cells: List[str] = self.plan["cells"]
        outputs = []
        for number, cell in enumerate(cells, 1):
            where = self.entry if len(cells) == 1 else f"cell {number}"
            try:
                code = compile(cell, where, "exec", dont_inherit=True)
            except (SyntaxError, ValueError) as error:
                if len(cells) == 1:
                    return {"status": "syntax", "detail": describe(error)}
                notes.append(f"cell {number} does not compile: {describe(error)}")
                continue
            done = attempt(functools.partial(exec, code, namespace), self.seconds)
            outputs.append(done["output"])
            if done["status"] != "ok":
                if len(cells) == 1:
                    outcome = done
                else:
                    notes.append(f"cell {number}: {done['detail']}; the later cells still ran")
        outcome["output"] = "".join(outputs)[:_OUTPUT]
        classes = self.classes()
        if len(classes) > _CLASSES:
            notes.append(f"only the first {_CLASSES} of {len(classes)} classes were described")
        outcome["classes"] = []
        for cls in classes[:_CLASSES]:
            try:
                outcome["classes"].append(self.describe_class(cls, notes))
            except Exception as error:  # a class that lies about itself
                notes.append(f"a class could not be described ({type(error).__name__})")
        functions = self.functions()
        if len(functions) > _METHODS:
            notes.append(f"only the first {_METHODS} of {len(functions)} functions were described")
        outcome["functions"] = [[name, signature(f)] for name, f in functions[:_METHODS]]
        outcome["notes"] = notes
        return outcome

    def classes(self) -> List[type]:
        found = [v for v in list(vars(self.module).values()) if isinstance(v, type)]
        return [c for c in found if _defined_here(c)]

    def functions(self) -> List[Tuple[str, Any]]:
        return [
            (name, value)
            for name, value in list(vars(self.module).items())
            if _function(value) and _defined_here(value) and not name.startswith("_")
        ]

    def describe_class(self, cls: type, notes: List[str]) -> Dict[str, Any]:
        members = _members(cls)
        methods = members["methods"]
        if len(methods) > _METHODS:
            notes.append(
                f"only the first {_METHODS} of {len(methods)} methods of {cls.__name__} were "
                "described"
            )
        made = attempt(cls, self.seconds)
        instance = made.pop("value", None) if made["status"] == "ok" else None
        return {
            "name": cls.__name__,
            "variables": {k: summary(v) for k, v in members["variables"]},
            "instance_variables": {k: summary(v) for k, v in _instance_items(instance)},
            "init": signature(cls),
            "methods": [
                [name, kind, _method_signature(cls, name, kind)]
                for name, kind in methods[:_METHODS]
            ],
        }

    # -- a call: a fresh instance, the arguments the grader chose ------------------------

    def call(self, request: Dict[str, Any]) -> Dict[str, Any]:
        name, kind = request["name"], request["kind"]
        owner = None if request["class"] is None else self._class(request["class"])

        def run() -> Any:
            if owner is None:
                function = vars(self.module)[name]
            elif kind == "instance":
                function = getattr(owner(*request["init"]), name)
            else:
                function = getattr(owner, name)
            return function(*request["args"], **request["kwargs"])

        return attempt(run, self.seconds, encode=True)

    def _class(self, name: str) -> Any:
        return next((c for c in self.classes() if c.__name__ == name), None)


_NAMES = {MODULE}  # the names the submission's entry point runs under


def module_name(folder: str, entry: str, package: bool) -> Tuple[str, Optional[str]]:
    """The name the entry point runs under, and its package: ``submission`` for a file
    of its own; ``embeddings.core`` in a folder ``embeddings`` that has an ``__init__.py``.

    >>> module_name("/job/embeddings", "core.py", True)
    ('embeddings.core', 'embeddings')
    >>> module_name("/job/my-hw", "core.py", True), module_name("/job", "x.py", False)
    (('submission', None), ('submission', None))
    """
    top, stem = os.path.basename(folder), entry.rsplit(".", 1)[0]
    if not (package and top.isidentifier() and stem.isidentifier()):
        return MODULE, None
    return (top if stem == "__init__" else f"{top}.{stem}"), top


def _defined_here(value: Any) -> bool:
    """Whether a class or function comes from the submission's code (not an import)."""
    try:
        return getattr(value, "__module__", None) in _NAMES
    except Exception:  # a __module__ that raises: not the submission's plain code
        return False


def _method_signature(cls: type, name: str, kind: str) -> Optional[List[List[Any]]]:
    """The parameters a call gives: without self for an instance method."""
    found = signature(getattr(cls, name, None))
    return found[1:] if found is not None and kind == "instance" else found


def signature(function: Any) -> Optional[List[List[Any]]]:
    """[name, kind, default] for each parameter; the default only when it is a bool or a
    short string (the values a flag or a mode may take), else whether there is one.

    >>> for parameter in signature(lambda sentence, flag=False: None):
    ...     print(parameter)
    ['sentence', 'POSITIONAL_OR_KEYWORD', {'none': True}]
    ['flag', 'POSITIONAL_OR_KEYWORD', {'value': False}]
    """
    try:
        found = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    described = []
    for parameter in found.parameters.values():
        default: Any = parameter.default
        if default is inspect.Parameter.empty:
            default = {"none": True}
        elif isinstance(default, bool) or (isinstance(default, str) and len(default) <= 40):
            default = {"value": default}
        else:
            default = {}
        described.append([parameter.name[:60], parameter.kind.name, default])
    return described[:20]


def _members(cls: type) -> Dict[str, List[Any]]:
    """The class variables and methods that the submission defined, base classes too."""
    variables: List[Tuple[str, Any]] = []
    methods: List[Tuple[str, str]] = []
    seen = set()
    for klass in cls.__mro__:
        if klass is object or not _defined_here(klass):
            continue
        for name, attribute in vars(klass).items():
            if name in seen or (name.startswith("__") and name.endswith("__")):
                continue
            seen.add(name)
            kind = _kind(attribute)
            if kind is not None:
                methods.append((name, kind))
            elif not callable(attribute) and not isinstance(attribute, property):
                variables.append((name, attribute))
    return {"variables": variables, "methods": methods}


def _kind(attribute: Any) -> Optional[str]:
    """How a class attribute is called, if it is a method: through any decorator that
    keeps the function it wraps (``functools.wraps``, ``lru_cache``), a static or class
    method, or one bound to the instance; else None.

    >>> class A:
    ...     @functools.lru_cache(maxsize=None)
    ...     def f(self, x): return x
    ...     g = staticmethod(functools.lru_cache(maxsize=None)(lambda x: x))
    >>> _kind(vars(A)["f"]), _kind(vars(A)["g"]), _kind(len)
    ('instance', 'static', None)
    """
    if isinstance(attribute, staticmethod):
        return "static"
    if isinstance(attribute, classmethod):
        return "class"
    if _function(attribute):
        return "instance" if hasattr(type(attribute), "__get__") else "static"
    return None


def _function(value: Any) -> bool:
    """A function, or a wrapper of one that says so (``__wrapped__``)."""
    try:
        return inspect.isfunction(inspect.unwrap(value)) and callable(value)
    except Exception:  # a cycle of __wrapped__, or an attribute that raises
        return False


def _instance_items(instance: Any) -> List[Tuple[str, Any]]:
    try:
        return [(k, v) for k, v in vars(instance).items() if not k.startswith("__")]
    except TypeError:
        return []


class _Capture(io.TextIOBase):
    """What the student's code prints: the first ``limit`` characters, and a count of the rest."""

    def __init__(self, limit: int = _OUTPUT) -> None:
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
        more = self.size - len(text)
        return text + (f"... ({more:,} more characters)" if more > 0 else "")


def attempt(function: Callable[[], Any], seconds: float, encode: bool = False) -> Dict[str, Any]:
    """Call with a time limit, printing captured: {status, detail, output, value}."""
    capture = _Capture()
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = capture
    outcome: Dict[str, Any] = {"status": "ok", "detail": None}
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            value = function()
            if encode:  # within the time limit: a generator runs as it is read
                value, note = encode_vector(value)
                outcome.update(status="none" if value is None else "ok", note=note)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        outcome["value"] = value
    except _TimeLimit:
        outcome.update(status="timeout", detail=f"did not finish within {seconds:g} s")
    except MemoryError:
        outcome.update(status="memory", detail="ran out of memory (the cap)")
    except SystemExit as error:
        outcome.update(status="exit", detail=f"called sys.exit({_cut(error.code)})")
    except Junk as error:
        outcome.update(status="junk", detail=f"returned {error}")
    except BaseException as error:  # whatever the student raised
        outcome.update(status="error", detail=describe(error))
    finally:
        sys.stdout, sys.stderr = saved
    outcome["output"] = capture.value()
    return outcome


def describe(error: BaseException) -> str:
    """The error, with the line of the submission it came from.

    >>> describe(ZeroDivisionError("division by zero"))
    'ZeroDivisionError: division by zero'
    """
    where = None
    if isinstance(error, SyntaxError) and error.lineno:
        where = _where(error.filename or "", error.lineno)
    trace = error.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if not os.path.isabs(name) and not name.startswith("<"):
            where = _where(name, trace.tb_lineno)
        trace = trace.tb_next
    message = error.msg if isinstance(error, SyntaxError) else _cut(error, str)
    text = f"{type(error).__name__}: {message}"
    text = text if len(text) <= 200 else text[:185] + "..."
    return text + (f" ({where})" if where else "")


def _where(name: str, line: int) -> str:
    return f"{name}, line {line}" if name.startswith("cell ") else f"line {line}"


class Junk(Exception):
    """A returned value that is not a vector of plain numbers."""


_EXACT = (int, float, Fraction, Decimal)


def encode_vector(value: Any) -> Tuple[Optional[List[str]], Optional[str]]:
    """A vector as exact decimal strings, and a note of what was done to read it; None
    stays None.  Any finite iterable of numbers is a vector (a list, a tuple, a NamedTuple,
    a generator, a map, an array; a (1, n) array is flattened), read to at most _NUMBERS
    numbers.  Numbers must be of the exact types int, float, Fraction or Decimal (numpy's
    become them by ``tolist``): a subclass, which may say anything of itself, is junk.

    >>> encode_vector([[Fraction(2, 7), 1.5]])
    (['2/7', '1.5'], 'a result of shape (1, n) was flattened')
    >>> encode_vector(x / 2 for x in (1, 3))
    (['0.5', '1.5'], None)
    >>> encode_vector([True, 1])
    Traceback (most recent call last):
    sentemb_grade.harness.Junk: True
    >>> encode_vector("[0.5, 1.5]")
    Traceback (most recent call last):
    sentemb_grade.harness.Junk: a string, '[0.5, 1.5]': return the numbers, not text
    """
    if value is None:
        return None, None
    try:
        items = _items(_plain(value))
        note = None
        if len(items) == 1 and type(_plain(items[0])) not in _EXACT:
            items, note = _items(_plain(items[0])), "a result of shape (1, n) was flattened"
        numbers = [_exact(_plain(x)) for x in items]
    except Junk:
        raise
    except Exception as error:  # a lying object: its tolist, iteration or repr raised
        raise Junk(f"something that could not be read ({type(error).__name__})") from None
    return numbers, note


def _items(value: Any) -> List[Any]:
    """The items of a finite iterable, at most _NUMBERS of them; anything else is junk."""
    if isinstance(value, (str, bytes)):
        raise Junk(f"a string, {_cut(value)}: return the numbers, not text")
    if isinstance(value, (Mapping, set, frozenset)):
        raise Junk(f"a {type(value).__name__}, {_cut(value)}, which holds no vector in order")
    try:
        iterator = iter(value)
    except TypeError:
        raise Junk(_cut(value)) from None
    items = list(itertools.islice(iterator, _NUMBERS + 1))
    if len(items) > _NUMBERS:
        raise Junk(f"more than {_NUMBERS} numbers")
    return items


def _plain(value: Any) -> Any:
    """numpy arrays and scalars as Python lists and numbers; anything else as it is."""
    tolist = getattr(type(value), "tolist", None)
    if tolist is not None and type(value).__module__.split(".")[0] == "numpy":
        return value.tolist()
    return value


def _exact(x: Any) -> str:
    kind = type(x)
    if kind not in _EXACT:
        raise Junk(_cut(x))
    if kind is int:
        if x.bit_length() > 1400:
            raise Junk("an int of more than 400 digits")
        return int.__repr__(x)
    if kind is float:
        if not math.isfinite(x):
            raise Junk(float.__repr__(x))
        return float.__repr__(x)
    if kind is Fraction:
        top, bottom = x.numerator, x.denominator
        if max(top.bit_length(), bottom.bit_length()) > 1400:
            raise Junk("a Fraction of more than 400 digits")
        return f"{int.__repr__(top)}/{int.__repr__(bottom)}"
    if not x.is_finite():
        raise Junk(Decimal.__str__(x))
    _, digits, exponent = x.as_tuple()
    if len(digits) > 400 or not -999 <= int(exponent) <= 999:
        raise Junk("a Decimal of more than 400 digits or an exponent beyond 999")
    return Decimal.__str__(x)


def summary(value: Any, depth: int = 0) -> Any:
    """A class variable as JSON: mappings, collections, strings and numbers, cut short.

    >>> summary(types.MappingProxyType({"I": (-1, 1)})), summary(frozenset({"or", "and"}))
    ({'I': ['-1', '1']}, ['and', 'or'])
    """
    value = _plain(value)
    if isinstance(value, str):
        return value[:200]
    if isinstance(value, bool) or value is None:
        return repr(value)
    if type(value) in _EXACT:
        try:
            return _exact(value)
        except Junk:
            return _cut(value)
    if depth < 2 and isinstance(value, Mapping):
        pairs = itertools.islice(value.items(), 50)
        return {str(k)[:100]: summary(v, depth + 1) for k, v in pairs}
    if depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [summary(v, depth + 1) for v in itertools.islice(items, 50)]
    return _cut(value)


def _cut(value: Any, show: Callable[[Any], str] = repr) -> str:
    try:
        text = show(value)
    except Exception:  # a student's __repr__ may raise
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:70] + "..."


_MAGIC = re.compile(r"\s*(?:\?{1,2}[\w.]+|[\w.\[\]()]+\?{1,2})\s*")


_TIMING = ("%%time", "%%timeit", "%%capture")  # cell magics whose body runs as Python, once
_WRITEFILE = re.compile(r"%%writefile(?:\s+(-a|--append))?\s+(\S+)\s*")


def notebook_cells(sources: List[str]) -> Tuple[List[str], List[str]]:
    """A notebook's code cells as Python, and notes on what was done: ``%%time``,
    ``%%timeit`` and ``%%capture`` run their body once; ``%%writefile name`` writes its body
    to that file, in the submission's folder, when its turn comes; any other cell magic
    (``%%…``) skips its cell; lines of line magics (``%``), shell escapes (``!``) and help
    (``obj?``) are blanked, which keeps the line numbers.

    >>> cells, notes = notebook_cells(["%%bash\\nls", "x = 1\\n%time x\\nx?", "%%time\\ny = 2"])
    >>> cells
    ['', 'x = 1\\n\\n', '\\ny = 2']
    >>> notes[0]
    'cell 1 (%%bash) was skipped'
    >>> notes[1]
    'cell 2: 2 line(s) of IPython magics, shell escapes or help were dropped'
    >>> notes[2]
    'cell 3 (%%time): its body ran once'
    >>> print(notebook_cells(["%%writefile -a data.py\\nVOCAB = {}\\n"])[0][0])
    with open('data.py', 'a', encoding='utf-8') as __writefile__:
        __writefile__.write('VOCAB = {}\\n')
    del __writefile__
    <BLANKLINE>
    """
    cells, notes = [], []
    for number, source in enumerate(sources, 1):
        if source.lstrip().startswith("%%"):
            first, _, body = source.lstrip().partition("\n")
            magic = first.split()[0]
            written = _WRITEFILE.fullmatch(first)
            if magic in _TIMING:
                notes.append(f"cell {number} ({magic}): its body ran once")
                source = "\n" + body
            elif written:
                mode = "a" if written.group(1) else "w"
                notes.append(f"cell {number} (%%writefile) wrote {cut_text(written.group(2))}")
                cells.append(f"with open({written.group(2)!r}, {mode!r}, encoding='utf-8') as "
                             f"__writefile__:\n    __writefile__.write({body!r})\n"
                             "del __writefile__\n")  # fmt: skip
                continue
            else:
                notes.append(f"cell {number} ({magic[:20]}) was skipped")
                cells.append("")
                continue
        lines, dropped = [], 0
        for line in source.splitlines():
            if line.lstrip().startswith(("%", "!")) or _MAGIC.fullmatch(line):
                dropped += 1
                line = ""
            lines.append(line)
        if dropped:
            notes.append(
                f"cell {number}: {dropped} line(s) of IPython magics, shell escapes or help were "
                "dropped"
            )
        cells.append("\n".join(lines))
    return cells, notes


def cut_text(text: str) -> str:
    return text if len(text) <= 60 else text[:50] + "..."


if __name__ == "__main__":  # pragma: no cover
    main()
