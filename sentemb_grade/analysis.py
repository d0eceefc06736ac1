"""Static analysis of a submission's code, in a helper process of its own.

CPython 3.8 to 3.10 can crash the process that parses deeply nested code (a chain of
100,000 ``elif``s or ``+``s is enough), and on any version parsing a large file holds the
interpreter for seconds.  So the grader never parses a submission's code itself: this file
runs as a helper, ``python -I -S analysis.py``, that reads one JSON request per line (a
source) and answers each with one line, the source's facts.  A helper that crashes, runs out
of memory or takes too long costs only that file's facts; the grader starts another.
Standard library only, like the harness.

The facts of a source:

- ``imports``: the top-level names of the modules it imports, relative imports and
  ``import_module("name")`` too;
- ``methods``: how many methods its classes define, and ``functions``: how many functions
  it defines in all (both choose a folder's entry point);
- ``names_reference``: whether a string in it names sentemb or the grader;
- ``shapes``: a digest of each larger function's code with every name made alike, compared
  with sentemb's own.
"""

from __future__ import annotations

import ast
import hashlib
import json
import sys
from typing import Any, Dict, Iterator, List, Set

REFERENCE = ("sentemb", "sentemb_grade", "grade", "grade_harness")  # no submission may use them
SHAPE_NODES = 40  # a function of fewer nodes than this is too common an idiom to compare


def facts(source: str) -> Dict[str, Any]:
    """What the grader needs to know of a source, read without running it.

    >>> found = facts("import re\\nfrom .data import VOCAB\\nclass A:\\n    def f(self): pass")
    >>> found["imports"], found["methods"], found["functions"], found["names_reference"]
    (['data', 're'], 1, 1, False)
    """
    tree = ast.parse(source)
    imports: Set[str] = set()
    strings: List[str] = []
    methods = functions = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imports.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.module:
                imports.add(node.module.split(".")[0])
            else:  # from . import data
                imports.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Call) and _imported_by_name(node):
            imports.add(node.args[0].value.split(".")[0])  # type: ignore[attr-defined]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.append(node.value)
        elif isinstance(node, ast.ClassDef):
            methods += sum(isinstance(inner, ast.FunctionDef) for inner in node.body)
        if isinstance(node, ast.FunctionDef):
            functions += 1
    named = any(s in REFERENCE or "sentemb.py" in s for s in strings)
    return {
        "imports": sorted(imports),
        "methods": methods,
        "functions": functions,
        "names_reference": named,
        "shapes": sorted(set(shapes(tree))),
    }


def _imported_by_name(node: ast.Call) -> bool:
    """``import_module("x")``, ``importlib.import_module("x")`` or ``__import__("x")``."""
    function = node.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    return (
        name in ("import_module", "__import__")
        and len(node.args) >= 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def shapes(tree: ast.AST) -> Iterator[str]:
    """A digest of each function of at least SHAPE_NODES nodes (its docstring left out),
    with every variable, argument and function name made the same: a renamed copy has the
    same shape.  The tree's names are changed in place."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            node.id = "_"
        elif isinstance(node, ast.arg):
            node.arg, node.annotation = "_", None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = [s for s in node.body if not (isinstance(s, ast.Expr)
                    and isinstance(s.value, ast.Constant))]  # fmt: skip  # the docstring
            if sum(1 for s in body for _ in ast.walk(s)) >= SHAPE_NODES:
                dumped = ast.dump(ast.Module(body=body, type_ignores=[]))
                yield hashlib.sha256(dumped.encode("utf-8")).hexdigest()[:32]


def main() -> None:  # pragma: no cover - it runs in the helper process
    import resource

    memory = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    for line in sys.stdin.buffer:
        try:
            found: Dict[str, Any] = facts(json.loads(line)["source"])
        except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError) as error:
            found = {"error": type(error).__name__}
        sys.stdout.write(json.dumps(found) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":  # pragma: no cover
    main()
