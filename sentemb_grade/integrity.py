"""Integrity: whether a submission holds a copy of the reference, judged from outside its
process.

Nothing here comes from the submission's process, which can rewrite anything in it: in the
sandbox sentemb is not there to import, so a submission that imports it fails like one that
imports any missing module.  What is judged is the code, read statically in a helper process
(analysis.py): its files, its notebook's cells, and the sources it hides in literals.  Each
larger function and class of sentemb is compared with it by MOSS's winnowing over the syntax
tree with every identifier, attribute, string and number made alike, so renaming, reordering
and rewording change nothing.  A unit of sentemb is matched when at least THRESHOLD of its
fingerprints are in one file of the submission; units smaller than UNIT_FINGERPRINTS (a
two-line idiom, such as the cosine) are never compared.  Code that runs data it decodes is
reported too, for review.

A flag is evidence for the instructor, never a verdict: the score is what the answers earn,
unless the instructor asks for zeros (``--integrity zero``).
"""

from __future__ import annotations

import functools
from typing import Any, Dict, FrozenSet, List, NamedTuple, Tuple

import sentemb

from . import analysis
from .collect import Submission
from .text import printable

THRESHOLD = 0.5  # the share of a unit's fingerprints found for a match (see docs/grading.md)
UNIT_FINGERPRINTS = 32  # a unit with fewer (an idiom: sentemb's cosine has 29) is not compared


class Unit(NamedTuple):
    """A function or class of sentemb, as compared."""

    name: str
    first: int
    last: int
    fingerprints: FrozenSet[int]


@functools.lru_cache(maxsize=1)
def reference_units() -> Tuple[Unit, ...]:
    """sentemb's functions and classes of at least UNIT_FINGERPRINTS fingerprints, from its
    own file.  Call it once before grading begins: it parses sentemb in this process, which
    is safe for our own file, not for a student's."""
    with open(sentemb.__file__, encoding="utf-8") as file:
        found = analysis.facts(file.read())
    prints = found["fingerprints"]
    units = []
    for name, first, last in found["units"]:
        inside = frozenset(h for h, line in prints if first <= line <= last)
        if len(inside) >= UNIT_FINGERPRINTS:
            units.append(Unit(name, first, last, inside))
    return tuple(units)


@functools.lru_cache(maxsize=1)
def reference_lines() -> List[str]:
    """sentemb's own lines, which evidence shows beside a submission's."""
    with open(sentemb.__file__, encoding="utf-8") as file:
        return file.read().splitlines()


def similarity(submission: Submission) -> List[Dict[str, Any]]:
    """Each unit of sentemb that a file of the submission holds, as evidence: the file,
    sentemb's unit and its lines, how closely (the share of its fingerprints found), and
    the submission's units and lines where they were found; the closest first."""
    evidence = []
    for path, facts in sorted(submission.facts.items()):
        lines: Dict[int, List[int]] = {}
        for digest, line in facts.fingerprints:
            lines.setdefault(digest, []).append(line)
        for unit in reference_units():
            found = unit.fingerprints & lines.keys()
            closeness = len(found) / len(unit.fingerprints)
            if closeness < THRESHOLD:
                continue
            where = sorted({line for digest in found for line in lines[digest]})
            evidence.append(
                {
                    "file": printable(path),
                    "reference": unit.name,
                    "reference_lines": [unit.first, unit.last],
                    "closeness": round(closeness, 2),
                    "functions": _holding(facts.units, where)[:20],
                    "within": _holding(facts.units, where, whole=True)[0],
                    "lines": [where[0], where[-1]],
                }
            )
    return sorted(evidence, key=lambda e: (-e["closeness"], e["file"], e["reference"]))


def _holding(
    units: Tuple[Tuple[str, int, int], ...], lines: List[int], whole: bool = False
) -> List[str]:
    """The innermost of the submission's units that hold each of these lines (outside any:
    the module), each once, in order; ``whole``: the one that holds them all.

    >>> units = (("f", 3, 9), ("f.g", 4, 5))
    >>> _holding(units, [1, 4, 8]), _holding(units, [4, 8], whole=True)
    (['(module)', 'f.g', 'f'], ['f'])
    """
    spans = [(lines[0], lines[-1])] if whole else [(line, line) for line in lines]
    names: Dict[str, None] = {}
    for first, last in spans:
        inside = [u for u in units if u[1] <= first and last <= u[2]]
        name = min(inside, key=lambda u: u[2] - u[1])[0] if inside else "(module)"
        names[printable(name)] = None
    return list(names)


def flags(submission: Submission) -> Tuple[List[str], List[Dict[str, Any]]]:
    """The integrity flags of a submission, as sentences for the instructor, and the
    evidence behind them (similarity's records, and obfuscated code)."""
    evidence = similarity(submission)
    for path, facts in sorted(submission.facts.items()):
        if facts.error is not None:  # a gap a copy could hide in: the instructor should know
            evidence.append({"file": printable(path), "unread": facts.error})
        if facts.obfuscated:
            evidence.append({"file": printable(path), "obfuscated": list(facts.obfuscated),
                             "payloads": facts.payloads})  # fmt: skip
    return [describe(e) for e in evidence], evidence


def describe(evidence: Dict[str, Any]) -> str:
    """One piece of evidence as a sentence.

    >>> describe({"file": "a.py", "reference": "tokenize", "reference_lines": [76, 115],
    ...           "closeness": 0.93, "within": "split", "lines": [3, 30]})
    "a.py: split (lines 3-30) matches sentemb's tokenize (lines 76-115), 93% of it"
    >>> describe({"file": "a.py", "unread": "larger than 2 MiB"})
    'a.py: could not be read statically (larger than 2 MiB), so it was not compared with \
sentemb: for review'
    >>> describe({"file": "a.py", "obfuscated": [4], "payloads": 1})
    'a.py: runs code it decodes (line 4; payloads recovered: 1): obfuscated, for review'
    """
    if "unread" in evidence:
        return (f"{evidence['file']}: could not be read statically ({evidence['unread']}), "
                "so it was not compared with sentemb: for review")  # fmt: skip
    if "obfuscated" in evidence:
        lines = ", ".join(map(str, evidence["obfuscated"][:10]))
        return (f"{evidence['file']}: runs code it decodes (line {lines}; payloads recovered: "
                f"{evidence['payloads']}): obfuscated, for review")  # fmt: skip
    first, last = evidence["lines"]
    low, high = evidence["reference_lines"]
    return (
        f"{evidence['file']}: {evidence['within']} (lines {first}-{last}) "
        f"matches sentemb's {evidence['reference']} (lines {low}-{high}), "
        f"{evidence['closeness']:.0%} of it"
    )
