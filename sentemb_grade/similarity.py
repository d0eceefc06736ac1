"""Similarity between students (``--similarity``): pairs whose code overlaps, as MOSS finds them.

Each file's fingerprints are analysis.py's: MOSS's winnowing over the syntax tree with every
identifier, attribute, string and number made alike (the normaliser integrity.py compares with
sentemb), so renaming, re-commenting and reordering change nothing.  Then, as MOSS does:

- code the instructor gave (``--starter FILE``), and the exercise's data written out as most
  students write it, is no evidence: its fingerprints are left out;
- so is a fingerprint that more than COMMON students share (an idiom of the exercise);
- a pair's overlap is the share of the smaller submission's fingerprints that the other
  holds; a pair above THRESHOLD, with at least SHARED fingerprints in common, is listed, with
  the matching lines side by side.

THRESHOLD is measured (docs/grading.md; ``python3 grading_similarity.py``): no pair among
grading_samples/ and a generated set of independently written honest solutions reaches it,
and every copy made by renaming, reordering or re-commenting one does.  A pair is evidence for
the instructor to read, never a verdict: students may share code they were given or allowed.
"""

from __future__ import annotations

import itertools
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, NamedTuple, Sequence, Tuple

from .collect import Submission
from .text import printable

THRESHOLD = 0.7  # the overlap from which a pair is listed (measured: see the module docstring)
SHARED = 20  # fingerprints in common, at least: about 35 tokens of code
PRINTS = 30  # a submission with fewer fingerprints (left after the starter) is not compared
COMMON = 10  # a fingerprint more students share is an idiom (MOSS's -m), unless the class is small
EXCERPT = 40  # lines shown of one side of a match, at most
GAP = 3  # matched lines closer than this are one passage

# The exercise's data as students write it: class variables, or module constants.
EXERCISE_DATA = """
class Embedder:
    vocab_embeddings = {"I": [-1, 1], "lot": [0, 2], "love": [1, 3], "chocolate": [2, 4],
                        "milk": [3, 5]}
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

VOCAB = {"I": [-1, 1], "lot": [0, 2], "love": [1, 3], "chocolate": [2, 4], "milk": [3, 5]}
FILLERS = ["I", "and", "as", "for", "it", "or", "maybe"]
WEIGHTS = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]
"""


class Where(NamedTuple):
    path: str  # the file, in the submission
    line: int


class Prints(NamedTuple):
    """One submission's fingerprints, and where each lies."""

    number: int  # its place in the class
    name: str
    where: Dict[int, List[Where]]  # hash -> where it lies


def prints_of(submissions: Sequence[Submission], ignored: FrozenSet[int]) -> List[Prints]:
    """Each submission's fingerprints, those in ``ignored`` left out."""
    found = []
    for index, submission in enumerate(submissions):
        where: Dict[int, List[Where]] = {}
        for path, facts in sorted(submission.facts.items()):
            for digest, line in facts.fingerprints:
                if digest not in ignored:
                    where.setdefault(digest, []).append(Where(path, line))
        name = submission.student or submission.name
        found.append(Prints(index, f"{name} ({submission.id})" if submission.id else name, where))
    return found


def pairs(
    prints: Sequence[Prints], threshold: float = THRESHOLD
) -> List[Tuple[float, Prints, Prints, FrozenSet[int]]]:
    """The pairs whose overlap reaches ``threshold``, the closest first: (overlap, one, the
    other, the fingerprints they share).

    >>> one = Prints(0, "ada", {h: [Where("a.py", h)] for h in range(40)})
    >>> two = Prints(1, "bo", {h: [Where("b.py", h)] for h in range(10, 60)})
    >>> [(overlap, a.name, b.name, len(shared)) for overlap, a, b, shared in pairs([one, two])]
    [(0.75, 'ada', 'bo', 30)]
    """
    compared = [p for p in prints if len(p.where) >= PRINTS]
    holders: Dict[int, List[int]] = {}
    for position, student in enumerate(compared):
        for digest in student.where:
            holders.setdefault(digest, []).append(position)
    common = max(COMMON, len(compared) // 10)
    counts: Dict[Tuple[int, int], int] = {}
    for holding in holders.values():
        if 1 < len(holding) <= common:
            for pair in itertools.combinations(holding, 2):
                counts[pair] = counts.get(pair, 0) + 1
    found = []
    for (first, second), count in counts.items():
        a, b = compared[first], compared[second]
        overlap = count / min(len(a.where), len(b.where))
        if count >= SHARED and overlap >= threshold:
            shared = frozenset(h for h in a.where.keys() & b.where.keys()
                               if len(holders[h]) <= common)  # fmt: skip
            found.append((round(overlap, 2), a, b, shared))
    return sorted(found, key=lambda f: (-f[0], f[1].number, f[2].number))


def passages(
    a: Prints, b: Prints, shared: Iterable[int]
) -> List[Tuple[str, Tuple[int, int], str, Tuple[int, int]]]:
    """The matching passages of two submissions: (a's file, its first and last line, b's
    file, its lines), one for each run of matched lines in a's file, in order."""
    located = sorted((w, b.where[h][0]) for h in shared for w in a.where[h][:1])
    runs: List[List[Tuple[Where, Where]]] = []
    for left, right in located:
        last = runs[-1][-1][0] if runs else None
        if last is None or last.path != left.path or left.line - last.line > GAP:
            runs.append([])
        runs[-1].append((left, right))
    found = []
    for run in runs:
        lefts = [left.line for left, _ in run]
        rights = [right.line for _, right in run if right.path == run[0][1].path]
        found.append((run[0][0].path, (min(lefts), max(lefts)),
                      run[0][1].path, (min(rights), max(rights))))  # fmt: skip
    return found


def report(
    submissions: Sequence[Submission],
    source: Callable[[Submission, str], List[str]],
    ignored: FrozenSet[int] = frozenset(),
    threshold: float = THRESHOLD,
) -> List[Dict[str, Any]]:
    """The similar pairs of a class, each with its matching passages side by side:
    ``source`` gives the lines of a submission's file, that a passage shows."""
    found = []
    for overlap, a, b, shared in pairs(prints_of(submissions, ignored), threshold):
        matches = []
        for left, (one, two), right, (three, four) in passages(a, b, shared):
            matches.append({
                "left": excerpt(a.name, left, one, two, source(submissions[a.number], left)),
                "right": excerpt(b.name, right, three, four, source(submissions[b.number], right)),
            })  # fmt: skip
        found.append({"first": a.name, "second": b.name, "overlap": overlap,
                      "shared": len(shared), "matches": matches})  # fmt: skip
    return found


def excerpt(name: str, path: str, first: int, last: int, lines: List[str]) -> Dict[str, Any]:
    """Lines ``first`` to ``last`` of a file (at most EXCERPT of them), titled, printable."""
    last = min(last, first + EXCERPT - 1)
    shown = [printable(line) for line in lines[first - 1 : last]]
    return {"title": f"{name}: {printable(path)}, lines {first}-{last}", "first": first,
            "lines": shown}  # fmt: skip
