"""How sentemb.py reads: in parts, each leaning only on the parts above it, in
functions short enough to read at a glance.

The parts are the file's banners ("# Part 2. ..."); what comes before Part 2's is
Part 1.  A top-level definition, and every doctest in it, may use a name of the
module only when the part that defines it is its own or one above it: then the file
cut at any banner is a working module, and a reader never has to jump ahead.
"""

from __future__ import annotations

import ast
import doctest
import re
import symtable
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import sentemb

SOURCE = Path(sentemb.__file__).read_text(encoding="utf-8")
BANNER = re.compile(r"# Part ([0-9]+)\. ")
LONGEST = 50  # lines of a function, its docstring aside


def part_starts(source: str) -> List[int]:
    """The first line of each part after the first: its banner."""
    return [
        number
        for number, line in enumerate(source.splitlines(), 1)
        if BANNER.match(line) and BANNER.match(line).group(1) != "1"  # type: ignore[union-attr]
    ]


def part_of(line: int, starts: List[int]) -> int:
    return 1 + sum(1 for start in starts if start <= line)


def segment(source: str, node: ast.stmt) -> str:
    """A top-level statement's source, decorators included."""
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return "\n".join(source.splitlines()[first - 1 : node.end_lineno])


def tables(table: symtable.SymbolTable) -> Iterator[symtable.SymbolTable]:
    yield table
    for child in table.get_children():
        yield from tables(child)


def module_names_used(code: str) -> Set[str]:
    """The names that code reads from its module: at its own level, and from every
    function, class, lambda and comprehension inside it.  Annotations count: the
    reader reads them (the code is taken without ``from __future__ import annotations``)."""
    used = set()
    for table in tables(symtable.symtable(code, "<part>", "exec")):
        top = table.get_type() == "module"
        for symbol in table.get_symbols():
            if symbol.is_referenced() and (symbol.is_global() or top):
                used.add(symbol.get_name())
    return used


def module_names_bound(code: str) -> Set[str]:
    """The names that code binds at its own level."""
    table = symtable.symtable(code, "<part>", "exec")
    return {
        symbol.get_name()
        for symbol in table.get_symbols()
        if symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace()
    }


def doctest_names_used(node: ast.AST) -> Set[str]:
    """The names that the doctests of a definition (of it and of everything inside
    it) take from the module: those they read and do not bind themselves."""
    used: Set[str] = set()
    for inner in ast.walk(node):
        if not isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        examples = doctest.DocTestParser().get_examples(ast.get_docstring(inner) or "")
        code = "\n".join(example.source for example in examples)
        if code:
            used |= module_names_used(code) - module_names_bound(code)
    return used


def statements(source: str) -> Iterator[Tuple[ast.stmt, str, int]]:
    """Each top-level statement, its name (or first line) and its part."""
    starts = part_starts(source)
    for node in ast.parse(source).body:
        name = getattr(node, "name", None) or segment(source, node).splitlines()[0]
        yield node, name, part_of(node.lineno, starts)


def leaning_up(source: str) -> List[str]:
    """Each use of a name that a later part defines, said as a sentence."""
    defined: Dict[str, int] = {}
    for node, _, part in statements(source):
        for name in module_names_bound(segment(source, node)):
            defined[name] = min(part, defined.get(name, part))
    found = []
    for node, name, part in statements(source):
        code = segment(source, node)
        uses = {"": module_names_used(code), "'s doctest": doctest_names_used(node)}
        for where, names in uses.items():
            for used in sorted(names):
                if defined.get(used, 0) > part:
                    found.append(
                        f"Part {part}'s {name}{where} uses {used}, of Part {defined[used]}"
                    )
    return found


def test_the_file_has_four_parts_in_order() -> None:
    numbers = [m.group(1) for m in map(BANNER.match, SOURCE.splitlines()) if m]
    assert numbers == ["1", "2", "3", "4"]


def test_each_part_leans_only_on_the_parts_above_it() -> None:
    assert leaning_up(SOURCE) == []


def test_a_use_of_a_later_part_is_found_where_it_hides() -> None:
    later = "\n# Part 2. Later\n\nLATER = 1\n"
    cases = {
        "def f() -> int:\n    return LATER\n": "Part 1's f uses LATER, of Part 2",
        "def f(x: LATER) -> None:\n    pass\n": "Part 1's f uses LATER, of Part 2",
        "class C:\n    def m(self) -> int:\n        return [LATER for _ in ()][0]\n": (
            "Part 1's C uses LATER, of Part 2"
        ),
        'def f() -> None:\n    """>>> LATER\n    1\n    """\n': (
            "Part 1's f's doctest uses LATER, of Part 2"
        ),
        "X = (lambda: LATER)\n": "Part 1's X = (lambda: LATER) uses LATER, of Part 2",
    }
    for code, sentence in cases.items():
        assert leaning_up(code + later) == [sentence], code
    assert leaning_up("def f(LATER: int) -> int:\n    return LATER\n" + later) == []
    bound_in_its_doctest = 'def f() -> None:\n    """>>> LATER = 2\n    >>> LATER\n    2\n    """\n'
    assert leaning_up(bound_in_its_doctest + later) == []


def function_lengths(source: str) -> Iterator[Tuple[str, int]]:
    """Each function (methods and nested ones too) and its lines, its docstring aside."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if ast.get_docstring(node) is not None:
                docstring = node.body[0]
                lines -= (docstring.end_lineno or docstring.lineno) - docstring.lineno + 1
            yield f"{node.name} (line {node.lineno})", lines


def test_no_function_is_longer_than_50_lines() -> None:
    assert [(name, lines) for name, lines in function_lengths(SOURCE) if lines > LONGEST] == []


def public_objects() -> Dict[str, object]:
    """What a user of sentemb calls: the callables of ``__all__``, ``main``, Part 1's
    ``ExerciseEmbedder``, and the public methods and properties of their classes that
    sentemb defines."""
    found: Dict[str, object] = {
        name: getattr(sentemb, name) for name in sentemb.__all__ if callable(getattr(sentemb, name))
    }
    found.update(main=sentemb.main, ExerciseEmbedder=sentemb.ExerciseEmbedder)
    for name, thing in list(found.items()):
        if not isinstance(thing, type):
            continue
        for attribute in dir(thing):
            owner = next((k for k in thing.__mro__ if attribute in vars(k)), object)
            member = vars(owner).get(attribute)
            if attribute.startswith("_") or owner.__module__ != "sentemb" or "mutmut" in attribute:
                continue
            if isinstance(member, property):
                member = member.fget
            elif isinstance(member, (staticmethod, classmethod)):
                member = member.__func__
            if callable(member):
                found[f"{name}.{attribute}"] = member
    return found


def test_every_public_docstring_has_an_example() -> None:
    objects = public_objects()
    assert {"SentenceEmbedder.weighted", "Vectors.dimension", "FastTextVectors.close"} <= set(
        objects
    )
    assert [name for name, thing in objects.items() if ">>>" not in (thing.__doc__ or "")] == []
