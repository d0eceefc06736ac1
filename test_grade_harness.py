"""The harness, the child's side of the grader, tested in this process through its functions:
running cells, describing classes, answering calls, and reading what a call returned.  (Its
main loop and its limits run only in the child; test_grade.py runs them there.)"""

from __future__ import annotations

import functools
import itertools
import signal
import sys
from array import array
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from sentemb_grade import harness

CORRECT = (Path(__file__).resolve().parent / "grading_samples" / "correct_lists.py").read_text()


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[harness.Session]:
    """A session for a submission in an empty folder; the module and the alarm's handler
    are put back after."""
    monkeypatch.chdir(tmp_path)
    before = signal.getsignal(signal.SIGALRM)
    made = harness.Session({"entry": "solution.py", "cells": [], "seconds": 2})
    yield made
    signal.signal(signal.SIGALRM, before)
    sys.modules.pop(harness.MODULE, None)


def imported(session: harness.Session, *cells: str) -> Dict[str, Any]:
    session.plan["cells"] = list(cells)
    return session.answer({"do": "import"})


def call(session: harness.Session, cls: Any, name: str, kind: str, *args: Any) -> Dict[str, Any]:
    request = {"class": cls, "name": name, "kind": kind, "init": [], "args": list(args),
               "kwargs": {}}  # fmt: skip
    return session.answer(request)


# -- Running the cells ----------------------------------------------------------------------------


def test_a_correct_file_is_described_and_answers(session: harness.Session) -> None:
    done = imported(session, CORRECT)
    assert (done["status"], done["notes"]) == ("ok", [])
    (described,) = done["classes"]
    assert described["name"] == "SentenceEmbedder"
    assert described["variables"]["filler_words"] == ["I", "and", "as", "for", "it", "or", "maybe"]
    assert described["variables"]["vocab_embeddings"]["milk"] == ["3", "5"]
    kinds = {name: kind for name, kind, _ in described["methods"]}
    assert kinds["average_embedding"] == "instance"
    answer = call(session, "SentenceEmbedder", "average_embedding", "instance", "I love milk !")
    assert answer["status"] == "ok"
    assert [Fraction(x) for x in answer["value"]] == [Fraction(1, 2), Fraction(2)]


def test_each_cell_runs_in_turn_and_a_failing_cell_is_a_note(session: harness.Session) -> None:
    done = imported(
        session, "x = 1", "def (", "raise ValueError('cell three')", "def f(s): return x"
    )
    assert done["status"] == "ok"
    assert done["notes"][0].startswith("cell 2 does not compile: SyntaxError")
    assert done["notes"][1] == (
        "cell 3: ValueError: cell three (cell 3, line 1); the later cells still ran"
    )
    assert done["functions"] == [["f", [["s", "POSITIONAL_OR_KEYWORD", {"none": True}]]]]


def test_one_file_that_does_not_compile_or_raises_says_so(session: harness.Session) -> None:
    assert imported(session, "def (") == {
        "status": "syntax",
        "detail": "SyntaxError: invalid syntax (line 1)",
    }
    done = imported(session, "class A:\n    def f(self, s): return [1]\nprint('hi')\n1 / 0")
    assert done["status"] == "error"
    assert done["detail"] == "ZeroDivisionError: division by zero (line 4)"
    assert done["output"] == "hi\n"
    assert [c["name"] for c in done["classes"]] == ["A"]  # what ran before still counts


def test_a_cell_that_runs_on_is_stopped(session: harness.Session) -> None:
    session.seconds = 0.2
    done = imported(session, "while True:\n    pass")
    assert (done["status"], done["detail"]) == ("timeout", "did not finish within 0.2 s")


def test_classes_methods_and_functions_are_described_within_bounds(
    session: harness.Session,
) -> None:
    many = "\n".join(f"class C{i}:\n    def f(self, s): return [0]" for i in range(60))
    functions = "\n".join(f"def f{i}(s): return [0]" for i in range(210))
    methods = "class Big:\n" + "\n".join(f"    def m{i}(self): pass" for i in range(210))
    done = imported(session, many + "\n" + functions + "\n" + methods)
    assert len(done["classes"]) == 50
    assert len(done["functions"]) == 200
    assert done["notes"] == [
        "only the first 50 of 61 classes were described",
        "only the first 200 of 210 functions were described",
    ]
    fresh = harness.Session({"entry": "solution.py", "cells": [methods], "seconds": 2})
    done = fresh.run_cells()
    (big,) = done["classes"]
    assert len(big["methods"]) == 200
    assert "only the first 200 of 210 methods of Big were described" in done["notes"]


LYING = """
class Lies:
    @property
    def __class__(self):
        raise ValueError("no class")


class Liar:
    vocabulary = Lies()

    def f(self, sentence):
        return [1, 2]


class Module(type):
    @property
    def __module__(cls):
        raise RuntimeError("nowhere")


class Nowhere(metaclass=Module):
    pass
"""


def test_a_class_that_lies_about_itself_is_a_note(session: harness.Session) -> None:
    done = imported(session, LYING)
    assert [c["name"] for c in done["classes"]] == ["Lies"]  # Nowhere's module is a lie
    assert done["notes"] == ["a class could not be described (ValueError)"]


def test_members_kinds_and_instances(session: harness.Session) -> None:
    source = """
class Base:
    weights = (0.5, 1)

    def base(self, s):
        return [1]


class Kinds(Base):
    fillers = frozenset({"or", "and"})
    embeddings = {"I": (-1, 1)}

    def __init__(self):
        self.late = [1, 2]

    @staticmethod
    def still(s):
        return [1]

    @classmethod
    def whole(cls, s):
        return [2]

    @property
    def shown(self):
        return 1

    def plain(self, s, mode="mean", flag=True, many=(1,)):
        return None


class Broken:
    def __init__(self):
        raise ValueError("no instance")
"""
    done = imported(session, source)
    kinds, broken = done["classes"][1:]
    assert kinds["variables"] == {"fillers": ["and", "or"], "embeddings": {"I": ["-1", "1"]},
                                  "weights": ["0.5", "1"]}  # fmt: skip
    assert kinds["instance_variables"] == {"late": ["1", "2"]}
    assert {name: kind for name, kind, _ in kinds["methods"]} == {
        "still": "static", "whole": "class", "plain": "instance", "base": "instance"
    }  # fmt: skip
    plain = next(p for n, _, p in kinds["methods"] if n == "plain")
    assert plain == [
        ["s", "POSITIONAL_OR_KEYWORD", {"none": True}],
        ["mode", "POSITIONAL_OR_KEYWORD", {"value": "mean"}],
        ["flag", "POSITIONAL_OR_KEYWORD", {"value": True}],
        ["many", "POSITIONAL_OR_KEYWORD", {}],
    ]
    assert broken["instance_variables"] == {}
    answer = call(session, "Kinds", "plain", "instance", "x")
    assert answer["status"] == "none"


# -- Calls ----------------------------------------------------------------------------------------

OUTCOMES = """
import sys


class Outcomes:
    @staticmethod
    def loud(s):
        print("printed", s)
        return [1, 2]

    @classmethod
    def exits(cls, s):
        sys.exit(3)

    def runs_on(self, s):
        while True:
            pass

    def hogs(self, s):
        raise MemoryError

    def junk(self, s):
        return [True, 1]

    def swallows(self, s):
        try:
            while True:
                pass
        except Exception:
            return [0, 0]


def function(s, *, scale=1):
    return [scale, 2 * scale]
"""


@pytest.mark.parametrize(
    ("name", "kind", "status", "detail"),
    [
        ("loud", "static", "ok", None),
        ("exits", "class", "exit", "called sys.exit(3)"),
        ("runs_on", "instance", "timeout", "did not finish within 0.2 s"),
        ("hogs", "instance", "memory", "ran out of memory (the cap)"),
        ("junk", "instance", "junk", "returned True"),
        ("swallows", "instance", "timeout", "did not finish within 0.2 s"),
    ],
)
def test_each_outcome_of_a_call(
    session: harness.Session, name: str, kind: str, status: str, detail: Any
) -> None:
    imported(session, OUTCOMES)
    session.seconds = 0.2
    answer = call(session, "Outcomes", name, kind, "x")
    assert (answer["status"], answer["detail"]) == (status, detail)
    if name == "loud":
        assert answer["output"] == "printed x\n"


def test_module_functions_are_called_with_keywords(session: harness.Session) -> None:
    imported(session, OUTCOMES)
    request = {"class": None, "name": "function", "kind": "function", "init": [], "args": ["x"],
               "kwargs": {"scale": 2}}  # fmt: skip
    assert session.answer(request)["value"] == ["2", "4"]


def test_notebook_cells_keep_plain_cells_as_they_are() -> None:
    assert harness.notebook_cells(["x = 1\ny = 2", "%%time\nx", "%%html\n<b>"]) == (
        ["x = 1\ny = 2", "\nx", ""],
        ["cell 2 (%%time): its body ran once", "cell 3 (%%html) was skipped"],
    )
    _, notes = harness.notebook_cells(["%%writefile " + "d" * 70 + ".py\nX = 1\n"])
    assert notes == ["cell 1 (%%writefile) wrote " + "d" * 50 + "..."]


def test_a_notebooks_writefile_runs_in_its_turn(
    session: harness.Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "path", [str(Path.cwd()), *sys.path])  # as the harness's main does
    sources = ["%%writefile data.py\nX = 41\n", "%%writefile -a data.py\nX += 1\n",
               "%%capture\nfrom data import X\nprint(X)"]  # fmt: skip
    cells, _ = harness.notebook_cells(sources)
    session.plan["cells"] = cells
    try:
        done = session.run_cells()
    finally:
        sys.modules.pop("data", None)
    assert (done["status"], done["output"], done["notes"]) == ("ok", "42\n", [])
    assert Path("data.py").read_text(encoding="utf-8") == "X = 41\nX += 1\n"


def test_what_it_prints_is_kept_short() -> None:
    capture = harness._Capture(limit=10)
    assert capture.writable()
    assert capture.write("0123456789abc") == 13
    capture.write("more")
    assert capture.value() == "0123456789... (7 more characters)"


# -- What a call returned -------------------------------------------------------------------------


class _Array:
    """Stands in for a numpy array: its type's module is numpy's."""

    def __init__(self, values: List[Any]) -> None:
        self.values = values

    def tolist(self) -> List[Any]:
        return self.values


_Array.__module__ = "numpy.core"


class _Broken(_Array):
    def tolist(self) -> List[Any]:
        raise RuntimeError("no")


_Broken.__module__ = "numpy.core"


@pytest.mark.parametrize(
    ("value", "encoded", "note"),
    [
        (None, None, None),
        ((1, 2.5), ["1", "2.5"], None),
        (_Array([[1, 2]]), ["1", "2"], "a result of shape (1, n) was flattened"),
        ([Fraction(1, 3), Decimal("0.25")], ["1/3", "0.25"], None),
        (list(range(1000)), [str(i) for i in range(1000)], None),
        (iter([1, 2]), ["1", "2"], None),
        (map(abs, [-1, 2]), ["1", "2"], None),
        (array("d", [0.5]), ["0.5"], None),
        ([(x for x in (1, 2))], ["1", "2"], "a result of shape (1, n) was flattened"),
    ],
)
def test_a_vector_is_read_as_exact_decimal_strings(value: Any, encoded: Any, note: Any) -> None:
    assert harness.encode_vector(value) == (encoded, note)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("a string", "a string, 'a string': return the numbers, not text"),
        (b"12", "a string, b'12': return the numbers, not text"),
        ({"x": 1}, "a dict, {'x': 1}, which holds no vector in order"),
        ({1, 2}, "a set, {1, 2}, which holds no vector in order"),
        (5, "5"),
        (itertools.count(), "more than 1000 numbers"),
        (list(range(1001)), "more than 1000 numbers"),
        ([float("nan")], "nan"),
        ([10**500], "an int of more than 400 digits"),
        ([Fraction(10**500, 3)], "a Fraction of more than 400 digits"),
        ([Decimal("Infinity")], "Infinity"),
        ([Decimal("1e5000")], "a Decimal of more than 400 digits or an exponent beyond 999"),
        (_Broken([1]), "something that could not be read (RuntimeError)"),
        ([[1], [2]], "[1]"),
    ],
)
def test_anything_else_is_junk(value: Any, message: str) -> None:
    with pytest.raises(harness.Junk) as raised:
        harness.encode_vector(value)
    assert str(raised.value) == message


class _Shy:
    def __repr__(self) -> str:
        raise RuntimeError("no")


def test_class_variables_are_summarised_within_bounds() -> None:
    assert harness.summary("x" * 300) == "x" * 200
    assert harness.summary(True) == "True"
    assert harness.summary(None) == "None"
    assert harness.summary(10**500).endswith("...")
    assert harness.summary(_Shy()) == "<_Shy>"
    assert harness.summary([[[1]]]) == [["[1]"]]
    assert len(harness.summary(list(range(100)))) == 50
    assert harness.summary(_Array([1, 2])) == ["1", "2"]


def test_signatures_are_read_where_they_can_be() -> None:
    assert harness.signature(len) == [["obj", "POSITIONAL_ONLY", {"none": True}]]
    assert harness.signature(object()) is None
    assert harness.signature(lambda x=("y" * 50): x) == [["x", "POSITIONAL_OR_KEYWORD", {}]]
    wide = eval("lambda " + ", ".join(f"a{i}" for i in range(30)) + ": 0")
    assert len(harness.signature(wide) or []) == 20


def test_an_error_names_the_submissions_line() -> None:
    code = compile("def f():\n    raise KeyError('k')\n", "cell 3", "exec")
    namespace: Dict[str, Any] = {}
    exec(code, namespace)
    with pytest.raises(KeyError) as raised:
        namespace["f"]()
    assert harness.describe(raised.value) == "KeyError: 'k' (cell 3, line 2)"
    assert harness.describe(ValueError("x" * 300)).endswith("...")
    assert harness.describe(SyntaxError("bad", ("cell 1", 4, 1, "x"))) == (
        "SyntaxError: bad (cell 1, line 4)"
    )


# -- Methods through decorators, and a package's module --------------------------------------------


class _Lying:
    """A callable whose __wrapped__ raises when asked."""

    def __call__(self) -> None:
        """Never called."""

    @property
    def __wrapped__(self) -> Any:
        raise RuntimeError("no")


def test_methods_are_found_through_their_decorators() -> None:
    def wraps(method: Any) -> Any:
        @functools.wraps(method)
        def wrapper(*args: Any) -> Any:
            return method(*args)

        return wrapper

    class Decorated:
        @functools.lru_cache(maxsize=None)  # noqa: B019
        def cached(self, sentence: str) -> List[int]:
            return [1, 2]

        @wraps
        def wrapped(self, sentence: str) -> List[int]:
            return [1, 2]

        both: Any = classmethod(functools.lru_cache(maxsize=None)(len))  # type: ignore[arg-type]
        lying = _Lying()
        plain = functools.partial(len)

    Decorated.__module__ = harness.MODULE
    methods = dict(harness._members(Decorated)["methods"])
    assert methods == {"cached": "instance", "wrapped": "instance", "both": "class"}
    assert harness._method_signature(Decorated, "cached", "instance") == [
        ["sentence", "POSITIONAL_OR_KEYWORD", {"none": True}]
    ]
    assert harness._kind(Decorated.lying) is None


def test_a_packages_module_runs_as_the_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "homework"
    package.mkdir()
    (package / "__init__.py").write_text("from .core import Embedder\n")
    (package / "data.py").write_text("VOCAB = {'I': [-1, 1]}\n")
    core = "from .data import VOCAB\n\n\nclass Embedder:\n    vocab = VOCAB\n\n    def f(self):\n"
    core += "        pass\n"
    (package / "core.py").write_text(core)
    monkeypatch.chdir(package)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(harness, "_NAMES", set(harness._NAMES))
    before = signal.getsignal(signal.SIGALRM)
    try:
        made = harness.Session({"entry": "core.py", "cells": [core], "seconds": 2})
        done = made.run_cells()
    finally:
        signal.signal(signal.SIGALRM, before)
        for name in [n for n in sys.modules if n.split(".")[0] == "homework"]:
            del sys.modules[name]
    assert made.module.__name__ == "homework.core"
    assert sys.path[1] == str(tmp_path)
    assert (done["status"], [c["name"] for c in done["classes"]]) == ("ok", ["Embedder"])
    assert harness.module_name(str(package), "__init__.py", True) == ("homework", "homework")
