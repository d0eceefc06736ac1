"""Integrity: whether a submission uses the reference, judged from outside its process.

Read statically (the facts of analysis.py, gathered when the class was collected): an import
of sentemb or the grader, sentemb's file named in a string, or a larger function of sentemb's
with every name changed or not.  At run time the harness adds what its audit hook saw
(importing sentemb, opening its file, compiling its code); that evidence comes from inside
the submission's process, which can silence it, so it only ever adds a flag.
"""

from __future__ import annotations

import functools
from typing import FrozenSet, List, Tuple

import sentemb

from . import analysis
from .collect import Submission
from .text import printable


@functools.lru_cache(maxsize=1)
def reference_shapes() -> FrozenSet[str]:
    """The shapes of sentemb's larger functions (analysis.shapes), from its own file.  Call it
    once before grading begins: it parses sentemb in this process, which is safe for our own
    file, not for a student's."""
    with open(sentemb.__file__, encoding="utf-8") as file:
        return frozenset(analysis.facts(file.read())["shapes"])


@functools.lru_cache(maxsize=1)
def markers() -> Tuple[str, ...]:
    """The 20 longest lines of sentemb's code: the harness flags compiled source holding one."""
    with open(sentemb.__file__, encoding="utf-8") as file:
        lines = {line.strip() for line in file if not line.strip().startswith("#")}
    return tuple(sorted(lines, key=lambda line: (-len(line), line))[:20])


def uses_reference(submission: Submission) -> List[str]:
    """How a submission's code uses sentemb, read without running it: an import of it (or of
    the grader), its file name in a string, or a function of its code, names changed or not."""
    flags: List[str] = []
    for path, facts in submission.facts.items():
        shown = printable(path)
        imported = facts.imports & frozenset(analysis.REFERENCE)
        if imported:
            flags.append(f"{shown} imports {', '.join(sorted(imported))}")
        if facts.names_reference:
            flags.append(f"{shown} names sentemb's file")
        copied = len(facts.shapes & reference_shapes())
        if copied:
            flags.append(f"{shown} contains {copied} of sentemb's functions")
    return flags
