"""Judging: find the class and its methods by what they return, then check each answer.

Whatever their names, kinds and calling conventions, the class and its three methods are
found by behaviour: the assignment of methods (and ways of calling them) to the three roles
that fits sentemb's answers best.  Each answer is compared with the exact answer within a
tolerance; known mistakes are named.  Judging works on records already checked at the
boundary (run.py); it stops when the run is told to stop, or when the submission's hard cap
(plus a short grace for the answers already in) runs out.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

import sentemb

from . import signals
from .collect import Submission
from .key import CHECKS, READINGS, ROLES, TOLERANCE, Key, Vector, apart
from .run import Answer, Answers, Described, Options, Run, Way, describe_way, number
from .text import printable

LABELS = {"average": "method 1 (simple average)", "skip_filler": "method 2 (skip filler words)",
          "weighted": "method 3 (weighted average)"}  # fmt: skip
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
    "uses-reference": "Flagged for the instructor's review of its integrity; the instructor "
    "asked that a flagged submission's answers earn nothing.",
}
MISTAKES = (*FEEDBACK, "wrong-answer", "not-found", "error", "timeout", "memory", "exit", "junk",
            "class-variables-missing", "not-graded")  # fmt: skip


class Check(NamedTuple):
    name: str
    passed: bool
    points: float
    max_points: float
    feedback: str
    mistake: Optional[str]


def judge(
    submission: Submission,
    run: Run,
    key: Key,
    options: Options,
    flags: Sequence[str] = (),
    deadline: Optional[float] = None,
) -> Dict[str, Any]:
    """The report of one submission that ran: --json prints it."""
    imported = run.imported
    notes = [*submission.notes, *imported.notes, *run.notes]
    if imported.status == "syntax":
        return ungraded(submission, f"the file does not compile: {imported.detail}", options, key)
    if imported.status != "ok":
        notes.append(f"running the file stopped early: {imported.detail}")
    candidates = [c for c in imported.classes if c.methods]
    if not candidates:
        if imported.status != "ok":
            reason = f"while running the file: {imported.detail}"
        else:
            reason = "the file defines no class and no function"
        return ungraded(submission, reason, options, key, notes)
    chosen = _choose_class(candidates, run.answers, key, options, deadline)
    if chosen is None:
        return ungraded(submission, f"no class named {options.class_name!r}", options, key, notes)
    assignment = _assign(chosen, run.answers, key, options, deadline)
    picked = {role: pair for role, (_, pair) in assignment.items()}
    for role, (method, (way, _)) in assignment.items():
        if way.form != "text" or way.flag or way.init or way.data or way.init_data:
            notes.append(f"{LABELS[role]}: {describe_way(method, way)}")
    shapes = {a.note for _, answers in picked.values() for a in answers if a.note}
    notes += sorted(shapes)
    got = {role: answers for role, (_, answers) in picked.items()}
    given = {role: readings(way) for role, (way, _) in picked.items()}
    names = {role: m for role, (m, _) in assignment.items()}
    reading = _reading(got, given, key, options)
    checks = [_check_variables(chosen, options)]
    checks += [_check_exercise(r, names.get(r), got.get(r), key, options, given.get(r, READINGS))
               for r in ROLES]  # fmt: skip
    checks += [_check_hidden(r, names.get(r), got.get(r), key, options) for r in ROLES]
    if flags and options.integrity == "zero":
        checks = [_as_reference(c, options) for c in checks]
    if any(c.passed and "within the tolerance" in c.feedback for c in checks):
        notes.append(f"some answers are right within the tolerance {options.tolerance:g}, "
                     "not exactly (float32, or rounded)")  # fmt: skip
    return _report(submission, key, checks, reading, chosen.name, names, None, notes)


def readings(way: Way) -> Tuple[str, ...]:
    """The readings an answer may be judged in, by the input its way of calling gave: the
    sentence, in either; its tokens, in the canonical one; its words, in the words-only one.

    >>> readings(Way("text", False)), readings(Way("joined-words", False))
    (('tokens', 'words-only'), ('words-only',))
    """
    form = way.form or way.init
    if form in ("words", "joined-words"):
        return ("words-only",)
    return ("tokens",) if form in ("tokens", "joined") else READINGS


def _fit(answers: List[Answer], role: str, key: Key, method: str, way: Way) -> int:
    """How well a method's answers fit a role: its exercise answer first, then its name."""
    first = answers[0]
    score = 2 if _hint(method, role) else 0
    matches = _matches(first.vector, role, 0, key, readings(way), TOLERANCE)
    if any(mistake is None for _, mistake in matches):
        score += 100 if first.status == "ok" else 40
    elif matches:
        score += 60 if first.status == "ok" else 30
    elif first.status == "ok":
        score += 1  # numbers, wrong: they say more than an error in another way of calling
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


def _fits(
    cls: Described, answers: Answers, key: Key, role: str, deadline: Optional[float]
) -> List[Tuple[int, Candidate]]:
    """(fit, candidate) for every way of every method, the best first; of equal fits, the
    plainer way."""
    found = []
    for method in cls.methods:
        signals.check(deadline)
        for index, (way, got) in enumerate(answers[cls.name, method.name]):
            found.append((_fit(got, role, key, method.name, way), (method.name, index)))
    return sorted(found, key=lambda f: (-f[0], f[1][1]))


def _choose_class(
    classes: List[Described],
    answers: Answers,
    key: Key,
    options: Options,
    deadline: Optional[float] = None,
) -> Optional[Described]:
    if options.class_name is not None:
        return next((c for c in classes if c.name == options.class_name), None)

    def score(cls: Described) -> int:
        held = sum(found is not None for found in _variables(cls.variables).values())
        fits = sum(
            max([f for f, _ in _fits(cls, answers, key, r, deadline)], default=0) >= 30
            for r in ROLES
        )
        return 10 * fits + held

    return max(classes, key=score)  # the first of the best: classes before module functions


def _assign(
    cls: Described,
    answers: Answers,
    key: Key,
    options: Options,
    deadline: Optional[float] = None,
) -> Dict[str, Tuple[str, Tuple[Way, List[Answer]]]]:
    """The student's method, and the way to call it, for each role: the assignment that
    fits best, each way used once (so one method with a flag can fill two roles)."""
    choices: List[List[Optional[Tuple[int, Candidate]]]] = []
    for role in ROLES:
        fits = _fits(cls, answers, key, role, deadline)
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
            found[role] = (name, answers[cls.name, name][index])
    return found


def _behaviour(cls: Described, answers: Answers, candidate: Candidate) -> Tuple[str, Any]:
    """What one role takes of a method: the method with its flag, whatever the sentence's
    form (the sentence as text or as tokens is the same behaviour)."""
    name, index = candidate
    return name, answers[cls.name, name][index][0].flag


def _reading(
    got: Dict[str, List[Answer]], given: Dict[str, Tuple[str, ...]], key: Key, options: Options
) -> str:
    """The reading most of the three exercise answers show (right or wrong); a tie, or no
    answer at all, goes to the canonical reading, tokens."""
    votes = {"tokens": 0, "words-only": 0}
    for role, answers in got.items():
        found = _matches(answers[0].vector, role, 0, key, given[role], options.tolerance)
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


def _variables(variables: Mapping[str, Any]) -> Dict[str, Optional[str]]:
    """Which of the exercise's three class variables a class holds, and under what name: in
    any shape that holds the data (a word -> vector mapping; a word -> index mapping, or the
    words in order, with a matrix), its numbers of any type (float32 too: within a
    millionth)."""
    found: Dict[str, Optional[str]] = {
        "vocabulary": None,
        "filler words": None,
        "attention weights": None,
    }
    fillers = {w.casefold() for w in sentemb.FILLER_WORDS}
    weights = tuple(Fraction(str(w)) for w in sentemb.ATTENTION_WEIGHTS)
    matrices = {n: m for n, m in ((n, _matrix(v)) for n, v in variables.items()) if m}
    for name, value in variables.items():
        if found["vocabulary"] is None:
            found["vocabulary"] = _vocabulary(name, value, matrices)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            if found["filler words"] is None and {v.casefold() for v in value} == fillers:
                found["filler words"] = name
            elif found["attention weights"] is None and _near(_vector(value), weights):
                found["attention weights"] = name
    return found


_EMBEDDINGS = {w.casefold(): (Fraction(i - 1), Fraction(i + 1))
               for i, w in enumerate(sentemb.EXERCISE_VOCAB)}  # fmt: skip


def _vocabulary(name: str, value: Any, matrices: Mapping[str, List[Vector]]) -> Optional[str]:
    """The name under which a class variable holds the vocabulary's vectors (with the
    matrix it indexes, if it needs one), or None."""
    if isinstance(value, dict) and {str(k).casefold() for k in value} == set(_EMBEDDINGS):
        if all(_near(_numbers_of(v), _EMBEDDINGS[k.casefold()]) for k, v in value.items()):
            return name  # word -> vector
        rows = {k.casefold(): number(v) for k, v in value.items()}
        for other, matrix in matrices.items():
            if all(_near(_row(matrix, rows[w]), _EMBEDDINGS[w]) for w in rows):
                return f"{name} with {other}"  # word -> index, and a matrix
    if isinstance(value, list) and [str(w).casefold() for w in value] == list(_EMBEDDINGS):
        for other, matrix in matrices.items():
            if len(matrix) == len(value) and all(
                _near(row, _EMBEDDINGS[str(w).casefold()]) for w, row in zip(value, matrix)
            ):
                return f"{name} with {other}"  # the words in order, and a matrix
    return None


def _numbers_of(value: Any) -> Optional[Vector]:
    return _vector(value) if isinstance(value, list) else None


def _matrix(value: Any) -> Optional[List[Vector]]:
    """A list of rows of numbers, or None."""
    if not isinstance(value, list) or not value:
        return None
    rows = [_numbers_of(row) for row in value]
    return None if None in rows else rows  # type: ignore[return-value]


def _row(matrix: List[Vector], index: Optional[Fraction]) -> Optional[Vector]:
    """The row of a matrix that an index names, if it is one."""
    if index is None or index.denominator != 1 or not 0 <= index < len(matrix):
        return None
    return matrix[int(index)]


def _near(got: Optional[Vector], want: Vector) -> bool:
    """The same numbers within a millionth (float32 holds about seven digits)."""
    return got is not None and len(got) == len(want) and apart(got, want) <= Fraction(1, 10**6)


def _vector(values: List[Any]) -> Optional[Vector]:
    """Numbers a class variable holds, as strings, at most 1000 of them; else None."""
    if len(values) > 1000:
        return None
    numbers = [number(v) for v in values]
    return None if None in numbers else tuple(numbers)  # type: ignore[arg-type]


# -- The checks ------------------------------------------------------------------------------


def _check(
    name: str, passed: bool, options: Options, feedback: str, mistake: Optional[str] = None
) -> Check:
    points = float(options.points[name])
    return Check(name, passed, points if passed else 0.0, points, feedback, mistake)


def _check_variables(cls: Described, options: Options) -> Check:
    if cls.name is None:
        text = ("No class: the methods were graded as module functions, but the exercise asks "
                "for a class that holds the three variables.")  # fmt: skip
        return _check("class_variables", False, options, text, "class-variables-missing")
    found = _variables(cls.variables)
    missing = [what for what, name in found.items() if name is None]
    if not missing:
        names = ", ".join(f"{what} as {name}" for what, name in found.items())
        return _check("class_variables", True, options, f"Found the {names}.")
    instance = _variables(cls.instance_variables)
    where = [w for w in missing if instance.get(w)]
    text = f"Not found as class variables with the exercise's values: {', '.join(missing)}."
    if where:
        text += f" ({', '.join(where)} set on the instance: define them in the class body.)"
    return _check("class_variables", False, options, text, "class-variables-missing")


def _as_reference(check: Check, options: Options) -> Check:
    if check.name == "class_variables":
        return check
    return _check(check.name, False, options, FEEDBACK["uses-reference"], "uses-reference")


def _check_exercise(
    role: str,
    method: Optional[str],
    got: Optional[List[Answer]],
    key: Key,
    options: Options,
    given: Sequence[str] = READINGS,
) -> Check:
    """The exercise's answer, judged in the readings the input it was given allows."""
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
    allowed = ("tokens",) if options.strict else READINGS
    matches = _matches(first.vector, role, 0, key, given, options.tolerance)
    if first.status == "none":
        printed = " It printed the right numbers." if any(m is None for _, m in matches) else ""
        return _check(role, False, options, FEEDBACK["returned-none"] + printed, "returned-none")
    assert first.vector is not None  # an "ok" answer holds its numbers (run.answer_from)
    right = [r for r, mistake in matches if mistake is None]
    if any(r in allowed for r in right):
        wanted = key.right[role, next(r for r in right if r in allowed), 0]
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
    if not hidden:  # not asked: it failed on the exercise's sentence
        first = got[0]
        text = f"{method}(): {first.detail or first.status}."
        return _check(name, False, options, text, first.status)
    right = [key.right[role, "tokens", i] for i in range(1, len(hidden) + 1)]
    if all(_close(a.vector, r, options.tolerance) for a, r in zip(hidden, right)):
        return _check(name, True, options, f"Right on {len(hidden)} other sentences.")
    exercise = got[0].vector
    if exercise is not None and all(_close(a.vector, exercise, options.tolerance) for a in hidden):
        return _check(name, False, options, FEEDBACK["hard-coded"], "hard-coded")
    index, answer = next(
        (i, a)
        for i, a in enumerate(hidden, 1)
        if not _close(a.vector, right[i - 1], options.tolerance)
    )  # the first that is wrong: one is, or all were right above
    assert answer.vector is not None  # every hidden answer here is "ok"
    found = _matches(answer.vector, role, index, key, ("tokens",), options.tolerance)
    mistakes = [m for _, m in found if m is not None]
    shown, want = _shown(answer.vector, right[index - 1])
    text = f"{method}({key.sentences[index]!r}) gives {shown}; the answer is {want}."
    if mistakes:
        return _check(name, False, options, f"{text} {FEEDBACK[mistakes[0]]}", mistakes[0])
    return _check(name, False, options, text, "wrong-answer")


def _show(vector: Vector, digits: int = 6) -> str:
    """A vector as a student reads it: each number to ``digits`` significant digits, and
    as a fraction too when that is short."""
    shown = []
    for x in vector:
        text = f"{float(x):.{digits}g}"
        if x.denominator < 1000 and Fraction(text) != x:
            text += f" ({x.numerator}/{x.denominator})"
        shown.append(text)
    return "[" + ", ".join(shown) + "]"


def _shown(got: Vector, want: Vector) -> Tuple[str, str]:
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
    notes: Sequence[str],
) -> Dict[str, Any]:
    """A submission's report, every text in it printable (escaped where need be)."""
    return {
        "submission": submission.name,
        "score": sum(c.points for c in checks),
        "max_score": sum(c.max_points for c in checks),
        "reading": reading,
        "found": {"class": _printable(cls), **{r: _printable(names.get(r)) for r in ROLES}},
        "checks": [c._replace(feedback=printable(c.feedback))._asdict() for c in checks],
        "error": _printable(error),
        "notes": [printable(n) for n in notes],
        "integrity": [],
        "seed": key.seed,
    }


def _printable(text: Optional[str]) -> Optional[str]:
    return None if text is None else printable(text)


def ungraded(
    submission: Submission,
    reason: str,
    options: Options,
    key: Key,
    notes: Optional[Sequence[str]] = None,
) -> Dict[str, Any]:
    """The report of a submission that could not be graded: every check fails, with why."""
    checks = [
        _check(name, False, options, f"Not graded: {reason}", "not-graded") for name in CHECKS
    ]
    return _report(submission, key, checks, None, None, {}, reason, list(notes or submission.notes))
