"""The answer key: the rubric's checks and points; sentemb's exact answers to the exercise's
sentence and to hidden ones, in both readings; and the catalogue of known mistakes, each
computed with sentemb.

A run draws its hidden sentences from a seed (a new one each run, unless told), so no hidden
sentence is written anywhere a student could read it.  Only sentemb's public API is used.
"""

from __future__ import annotations

import contextlib
import functools
import random
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Dict, List, Mapping, NamedTuple, Tuple

import sentemb

ROLES = ("average", "skip_filler", "weighted")
CHECKS = (
    "class_variables", "average", "skip_filler", "weighted",
    "average_hidden", "skip_filler_hidden", "weighted_hidden",
)  # fmt: skip
RUBRIC = {
    "class_variables": 1, "average": 2, "skip_filler": 2, "weighted": 2,
    "average_hidden": 1, "skip_filler_hidden": 1, "weighted_hidden": 1,
}  # fmt: skip
HIDDEN = 3  # sentences besides the exercise's
TOLERANCE = 1e-3  # |got - want| <= tolerance * max(1, |want|)
APART = 10  # every catalogued mistake is more than APART tolerances from the right answer

Vector = Tuple[Fraction, ...]
READINGS = ("tokens", "words-only")


class Key(NamedTuple):
    """Every answer a submission's method may give, computed with sentemb."""

    seed: int
    sentences: List[str]  # the exercise's first, then the hidden ones
    right: Dict[Tuple[str, str, int], Vector]  # (role, reading, sentence) -> the answer
    wrong: Dict[Tuple[str, str, int, str], Vector]  # ... and a mistake id -> its answer
    forms: Dict[str, List[Any]]  # a form (FORMS) -> what a method is given, per sentence


def make_key(seed: int) -> Key:
    """The answers to the exercise's sentence and the hidden ones, right and wrong.

    >>> key = make_key(1)
    >>> key.right["weighted", "tokens", 0], key.wrong["weighted", "tokens", 0, "divided-by-count"]
    ((Fraction(40, 37), Fraction(102, 37)), (Fraction(4, 7), Fraction(51, 35)))
    """
    sentences = [sentemb.EXERCISE_SENTENCE, *hidden_sentences(seed)]
    right: Dict[Tuple[str, str, int], Vector] = {}
    wrong: Dict[Tuple[str, str, int, str], Vector] = {}
    for index, sentence in enumerate(sentences):
        answers, mistakes = _answers_to(sentence)
        right.update({(role, reading, index): v for (role, reading), v in answers.items()})
        wrong.update({(r, reading, index, m): v for (r, reading, m), v in mistakes.items()})
    tokens = [sentemb.tokenize(s) for s in sentences]
    words = [sentemb.tokenize(s, False) for s in sentences]
    forms: Dict[str, List[Any]] = {
        "text": sentences,
        "tokens": tokens,
        "words": words,
        "joined": [" ".join(t) for t in tokens],
        "joined-words": [" ".join(w) for w in words],
    }
    return Key(seed, sentences, right, wrong, forms)


def _answers_to(
    sentence: str,
) -> Tuple[Dict[Tuple[str, str], Vector], Dict[Tuple[str, str, str], Vector]]:
    """One sentence's right answers, (role, reading) -> vector, and its catalogued mistakes,
    (role, reading, mistake) -> vector, leaving out a mistake that has no answer."""
    right, wrong = _computed(sentence)
    return dict(right), dict(wrong)


@functools.lru_cache(maxsize=4096)  # a sentence drawn to be hidden is asked for again
def _computed(
    sentence: str,
) -> Tuple[Mapping[Tuple[str, str], Vector], Mapping[Tuple[str, str, str], Vector]]:
    right: Dict[Tuple[str, str], Vector] = {}
    wrong: Dict[Tuple[str, str, str], Vector] = {}
    for reading in READINGS:
        keep = reading == "tokens"
        exact = sentemb.SentenceEmbedder(exact=True, keep_punctuation=keep)
        skipping = sentemb.SentenceEmbedder(exact=True, keep_punctuation=keep, oov="skip")
        n = len(exact.tokens(sentence))
        weights = [Fraction(str(w)) for w in sentemb.ATTENTION_WEIGHTS[:n]]
        for role in ROLES:
            arguments = (sentence, weights) if role == "weighted" else (sentence,)
            right[role, reading] = tuple(getattr(exact, role)(*arguments))
            with contextlib.suppress(sentemb.EmbeddingError):  # every token skipped
                wrong[role, reading, "oov-skipped"] = tuple(getattr(skipping, role)(*arguments))
        weighted, total = right["weighted", reading], sum(weights)
        wrong["weighted", reading, "weights-not-normalised"] = tuple(x * total for x in weighted)
        wrong["weighted", reading, "divided-by-count"] = tuple(x * total / n for x in weighted)
        wrong["skip_filler", reading, "fillers-kept"] = right["average", reading]
    return MappingProxyType(right), MappingProxyType(wrong)


def apart(got: Vector, want: Vector) -> Fraction:
    """How far apart two answers are, in the tolerance's terms: the largest
    |got - want| / max(1, |want|) over the coordinates.

    >>> apart((Fraction(1, 2), Fraction(4)), (Fraction(0), Fraction(2)))
    Fraction(1, 1)
    """
    return max(abs(g - w) / max(Fraction(1), abs(w)) for g, w in zip(got, want))


def hidden_sentences(seed: int, count: int = HIDDEN) -> List[str]:
    """Sentences of 7 words (one per attention weight), with vocabulary words, filler
    words and unknown words, in their own case and without punctuation, so that every
    defensible reading agrees; each chosen so that every mistake's answer is more than
    APART tolerances from the right one, and every answer, right or mistaken, as far from
    the same answer to the exercise's sentence.  A run draws its seed afresh, unless told.

    >>> hidden_sentences(7) == hidden_sentences(7) != hidden_sentences(8)
    True
    """
    rng = random.Random(seed)
    vocabulary, fillers = list(sentemb.EXERCISE_VOCAB), list(sentemb.FILLER_WORDS)
    unknown = ["tea", "coffee", "sugar", "very", "much", "today", "well"]
    words = vocabulary + fillers + unknown
    exercise, exercise_wrong = _answers_to(sentemb.EXERCISE_SENTENCE)
    far = Fraction(APART) * Fraction(TOLERANCE)
    chosen: List[str] = []
    while len(chosen) < count:
        picks = [rng.choice(vocabulary), rng.choice(fillers), rng.choice(unknown)]
        picks += [rng.choice(words) for _ in range(4)]
        rng.shuffle(picks)
        sentence = " ".join(picks)
        right, wrong = _answers_to(sentence)  # an unknown word is never a filler: never empty
        agree = all(right[r, "tokens"] == right[r, "words-only"] for r in ROLES)
        telling = {(r, m) for r, reading, m in wrong if reading == "tokens"} == {
            (r, m) for r, reading, m in CATALOGUE
        }
        distinct = all(apart(v, right[r, reading]) > far for (r, reading, _), v in wrong.items())
        new = all(apart(right[r, "tokens"], exercise[r, "tokens"]) > far for r in ROLES) and all(
            apart(v, exercise_wrong[m]) > far for m, v in wrong.items() if m in exercise_wrong
        )  # a mistake, too, gives another answer than on the exercise: it is not hard-coding
        if agree and telling and distinct and new and sentence not in chosen:
            chosen.append(sentence)
    return chosen


CATALOGUE = frozenset(_answers_to(sentemb.EXERCISE_SENTENCE)[1])  # every mistake, as it shows
