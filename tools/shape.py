"""How sentemb.py reads, in figures (issue 24): the longest functions, the path that
``SentenceEmbedder().weighted(...)`` takes to its number, and the blocks of lines that
the file repeats.  Run it with the Python that runs the tests: ``python3 tools/shape.py``.

- Functions: every ``def`` (methods and nested ones too), from its ``def`` line to its
  last, its docstring aside; the longest first.
- The path: the named definitions of sentemb.py that run, in the order they are first
  entered, for ``SentenceEmbedder()`` and then for ``.weighted(EXERCISE_SENTENCE)``
  (comprehensions and lambdas count as the definition they stand in).  A step is a call
  from one definition to another.  It turns back, as issue 24 counts it, when it goes up
  into an earlier part, or on to a name defined later in the file than the caller (a
  reader reading down has not met it yet; in a later part, it breaks the parts' order).
- Repeats: runs of 4 or more lines that stand twice in sentemb.py, blank lines, comments,
  imports and lone brackets passed over and white space folded: "exact" when the lines
  are the same, "shape" when they are the same with every name, string and number alike.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sentemb.py"  # or the file given: python3 tools/shape.py OTHER.py
BANNER = re.compile(r"^# Part (\d)\.")
ANONYMOUS = {"<listcomp>", "<genexpr>", "<lambda>", "<dictcomp>", "<setcomp>"}


def parts(lines: List[str]) -> List[int]:
    """The line numbers where each part starts (Part 1 starts at line 1)."""
    starts = [1]
    for number, line in enumerate(lines, 1):
        match = BANNER.match(line)
        if match and int(match.group(1)) > 1:
            starts.append(number - 1)  # the rule above the banner
    return starts


def part_of(line: int, starts: List[int]) -> int:
    return sum(1 for start in starts if start <= line)


def functions(source: str) -> List[Tuple[int, str, int]]:
    """(lines, qualified name, line) of every def, its docstring aside."""
    found: List[Tuple[int, str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = (child.end_lineno or child.lineno) - child.lineno + 1
                first = child.body[0]
                if (
                    isinstance(first, ast.Expr)
                    and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)
                ):
                    size -= (first.end_lineno or first.lineno) - first.lineno + 1
                found.append((size, prefix + child.name, child.lineno))
                visit(child, prefix + child.name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return sorted(found, key=lambda row: (-row[0], row[2]))


def trace(call: Any, definitions: Dict[Tuple[str, int], str]) -> List[Tuple[str, str]]:
    """The steps (caller, callee) between named definitions of sentemb.py that ``call``
    makes, in the order they first happen."""
    steps: List[Tuple[str, str]] = []
    seen: Set[Tuple[str, str]] = set()
    source = str(SOURCE)

    def named(frame: Any) -> Optional[Any]:
        while frame is not None and frame.f_code.co_filename == source:
            if frame.f_code.co_name not in ANONYMOUS:
                return frame
            frame = frame.f_back
        return None

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event != "call" or frame.f_code.co_filename != source:
            return
        if frame.f_code.co_name in ANONYMOUS:
            return
        callee = definitions[(frame.f_code.co_name, frame.f_code.co_firstlineno)]
        caller_frame = named(frame.f_back)
        caller = (
            "(start)"
            if caller_frame is None
            else definitions[(caller_frame.f_code.co_name, caller_frame.f_code.co_firstlineno)]
        )
        if (caller, callee) not in seen:
            seen.add((caller, callee))
            steps.append((caller, callee))

    sys.setprofile(profile)
    try:
        call()
    finally:
        sys.setprofile(None)
    return steps


def definition_names(source: str) -> Dict[Tuple[str, int], str]:
    """(name, first line of its code) -> qualified name, for every def of the file."""
    names: Dict[Tuple[str, int], str] = {}
    for _, qualified, line in functions(source):
        node_line = line
        names[(qualified.rsplit(".", 1)[-1], node_line)] = qualified
    # A decorated function's code starts at its first decorator.
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.decorator_list:
            first = min(d.lineno for d in node.decorator_list)
            names[(node.name, first)] = names[(node.name, node.lineno)]
    return names


def path_report(source: str, starts: List[int]) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("sentemb", SOURCE)
    assert spec is not None
    assert spec.loader is not None
    sentemb: Any = importlib.util.module_from_spec(spec)
    sys.modules["sentemb"] = sentemb
    spec.loader.exec_module(sentemb)

    definitions = definition_names(source)
    lines_of = {name: line for _, name, line in functions(source)}
    embedder: List[Any] = []
    build = trace(lambda: embedder.append(sentemb.SentenceEmbedder()), definitions)
    weigh = trace(lambda: embedder[0].weighted(sentemb.EXERCISE_SENTENCE), definitions)
    for title, steps in (("SentenceEmbedder()", build), (".weighted(...)", weigh)):
        entered = []
        for _, callee in steps:
            if callee not in entered:
                entered.append(callee)
        inner = [(lines_of[a], lines_of[b]) for a, b in steps if a in lines_of]
        earlier = [(a, b) for a, b in inner if part_of(b, starts) < part_of(a, starts)]
        later = [(a, b) for a, b in inner if b > a]
        later_part = [(a, b) for a, b in later if part_of(b, starts) > part_of(a, starts)]
        print(f"\n{title}: {len(entered)} definitions, {len(steps)} steps")
        print(f"  turns: {len(earlier) + len(later)} ({len(earlier)} up into an earlier part, "
              f"{len(later)} on to a name defined later, {len(later_part)} of them in a later "
              "part)")  # fmt: skip
        for caller, callee in steps:
            a = lines_of.get(caller)
            b = lines_of[callee]
            mark = ""
            if a is not None:
                pa, pb = part_of(a, starts), part_of(b, starts)
                mark = (" ^" if b < a else "  ") + (f" part {pa} -> {pb}" if pa != pb else "")
            where = f"{caller} ({a})" if a is not None else caller
            print(f"    {where} -> {callee} ({b}, part {part_of(b, starts)}){mark}")


SKIP = re.compile(r"^(#|import |from \S+ import |[\])}]+[,:]?$|\)( ->.*)?:$|\"\"\"$)")


def significant(source: str) -> List[Tuple[int, str, str]]:
    """(line number, folded text, shape) of each line that counts."""
    shapes: Dict[int, List[str]] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.NAME, tokenize.STRING, tokenize.NUMBER):
            text = "_" if token.type == tokenize.NAME else "0"
            if token.type == tokenize.NAME and token.string in KEYWORDS:
                text = token.string
        elif token.type in (tokenize.OP,):
            text = token.string
        else:
            continue
        shapes.setdefault(token.start[0], []).append(text)
    rows = []
    for number, line in enumerate(source.splitlines(), 1):
        text = " ".join(line.split())
        shape = " ".join(shapes.get(number, []))
        if not text or SKIP.match(text) or shape in ("", "0"):  # prose: a docstring's lines
            continue
        rows.append((number, text, shape))
    return rows


KEYWORDS = set(__import__("keyword").kwlist)


def repeats(source: str, size: int = 4) -> Dict[str, List[Tuple[int, int, int, int]]]:
    """Maximal runs of at least ``size`` counted lines that stand twice: (start, end,
    start, end) line numbers of each pair, for "exact" and for "shape" alone."""
    rows = significant(source)
    found: Dict[str, List[Tuple[int, int, int, int]]] = {}
    for kind, index in (("exact", 1), ("shape", 2)):
        keys = [str(row[index]) for row in rows]
        windows: Dict[Tuple[str, ...], List[int]] = {}
        for i in range(len(keys) - size + 1):
            windows.setdefault(tuple(keys[i : i + size]), []).append(i)
        pairs: Set[Tuple[int, int]] = set()
        for places in windows.values():
            for a in range(len(places)):
                for b in range(a + 1, len(places)):
                    if places[b] - places[a] >= size:  # not overlapping itself
                        pairs.add((places[a], places[b]))
        runs = []
        for i, j in sorted(pairs):
            if (i - 1, j - 1) in pairs:
                continue  # inside a run that started earlier
            length = size
            while (i + length - size + 1, j + length - size + 1) in pairs:
                length += 1
            runs.append((rows[i][0], rows[i + length - 1][0], rows[j][0], rows[j + length - 1][0]))
        found[kind] = runs
    exact = set(found["exact"])
    found["shape"] = [run for run in found["shape"] if run not in exact]
    return found


def main() -> None:
    global SOURCE
    if len(sys.argv) > 1:
        SOURCE = Path(sys.argv[1]).resolve()
    source = SOURCE.read_text(encoding="utf-8")
    lines = source.splitlines()
    starts = parts(lines)
    print(f"sentemb.py: {len(lines)} lines; parts start at lines {starts}")
    print("\nThe longest functions (lines, docstring aside):")
    rows = functions(source)
    for size, name, line in rows[:12]:
        print(f"  {size:4}  {name} (line {line}, part {part_of(line, starts)})")
    print(f"  functions over 50 lines: {sum(1 for row in rows if row[0] > 50)}")
    path_report(source, starts)
    print("\nBlocks of 4 or more lines that stand twice in sentemb.py:")
    for kind, runs in repeats(source).items():
        print(f"  {kind}: {len(runs)}")
        for a, b, c, d in runs:
            print(f"    {a}-{b} ~ {c}-{d}")


if __name__ == "__main__":
    main()
