"""Sentence embeddings from word embeddings: the lecture exercise, exactly.

Part 1  the exercise: its data, ``tokenize``, ``ExerciseEmbedder`` with
        ``average``, ``skip_filler`` and ``weighted`` (the slide's methods 1-3),
        the mean sum(w_i * e_i) / sum(w_i), and a plain cosine.  It runs alone.
Part 2  numbers and vocabularies: the checks, exact arithmetic without
        overflow, ``cosine_similarity``, ``Vectors`` and ``SentenceEmbedder``,
        the exercise's class with every input checked, on any vocabulary.
Part 3  beyond the exercise: ``SIF`` and ``USIF``, method 3 with weights from
        word counts; ``FastTextVectors``, a fastText model read lazily that has
        a vector for any word; and a corpus on every core.
Part 4  files and the command line: ``load_vectors``, then ``main``.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

# isort: off
from typing import (
    Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple, Union,
)  # fmt: skip
# isort: on

__all__ = [
    "ATTENTION_WEIGHTS", "EXERCISE_SENTENCE", "EXERCISE_VOCAB", "FILLER_WORDS", "OOV_VECTOR",
    "SIF", "USIF", "EmbeddingError", "FastTextVectors", "OutOfVocabularyError", "SentenceEmbedder",
    "Vectors",
    "cosine_similarity", "exercise_embeddings", "load_counts", "load_vectors", "tokenize",
]  # fmt: skip
__version__ = "1.3.0"

Number = Union[float, Fraction]


class EmbeddingError(ValueError):
    """Bad input to an embedding: the message names the word, weight, count or line."""


# =============================================================================
# Part 1. The exercise
# =============================================================================

EXERCISE_VOCAB = ("I", "lot", "love", "chocolate", "milk")
EXERCISE_SENTENCE = "I love chocolate milk as well!"
FILLER_WORDS = ("I", "and", "as", "for", "it", "or", "maybe")
ATTENTION_WEIGHTS = (0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1)
OOV_VECTOR = (-1, -1)
_METHODS = ("average", "skip_filler", "weighted")


def exercise_embeddings() -> Dict[str, List[int]]:
    """Return the exercise's vocabulary: the i-th word (0-indexed) is [i - 1, i + 1].

    >>> exercise_embeddings()
    {'I': [-1, 1], 'lot': [0, 2], 'love': [1, 3], 'chocolate': [2, 4], 'milk': [3, 5]}
    """
    return {word: [i - 1, i + 1] for i, word in enumerate(EXERCISE_VOCAB)}


# A token starts as a run of word characters or as one other character.  Spaces, zero-width
# spaces and the invisible marks that set the direction of text separate tokens.
_PIECE = re.compile(r"\w+|[^\s\u200b\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# Joiners and soft hyphens join what stands on either side of them.  With skin tones, the
# tags of a flag's sequence and combining marks (variation selectors are marks), they belong
# to the character before them.
_JOINERS = "\u200c\u200d\u2060\ufeff\u00ad"
_MODIFIERS = _JOINERS + "".join(map(chr, [*range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]))


def tokenize(sentence: str, keep_punctuation: bool = True) -> List[str]:
    """Split a sentence into tokens.

    A word is a run of letters, digits and underscores.  Every other visible
    character (punctuation, a symbol, an emoji) is a token of its own.  A
    combining mark, variation selector or skin-tone modifier belongs to the
    character before it (a joiner also to the one after), so "café" and "❤️"
    stay whole; with nothing before it, it is dropped.  ``keep_punctuation``
    false drops the tokens that do not start with a word character.

    >>> tokenize("I love chocolate milk as well!")
    ['I', 'love', 'chocolate', 'milk', 'as', 'well', '!']
    >>> tokenize("I love chocolate milk as well!", keep_punctuation=False)
    ['I', 'love', 'chocolate', 'milk', 'as', 'well']
    """
    if not isinstance(sentence, str):
        raise TypeError(f"tokenize() needs a string, not {type(sentence).__name__}")
    tokens: List[str] = []
    last = "space"  # the piece before: "space" (or none), "word", "symbol" or "joined"
    end = 0  # where it ends
    for piece in _PIECE.finditer(sentence):
        text = piece.group()
        if piece.start() != end:
            last = "space"
        end = piece.end()
        word = len(text) > 1 or text.isalnum() or text == "_"
        if not word and (text in _MODIFIERS or unicodedata.category(text).startswith("M")):
            if last != "space":
                tokens[-1] += text
                last = "joined" if text in _JOINERS else last
        elif last == "joined" or (word and last == "word"):
            tokens[-1] += text  # a word goes on after a mark, or a joiner joins
            last = "word" if word else "symbol"
        else:
            tokens.append(text)
            last = "word" if word else "symbol"
    if not keep_punctuation:
        tokens = [token for token in tokens if token[0].isalnum() or token[0] == "_"]
    return tokens


def _decimal_fraction(x: Any) -> Fraction:
    """A number as written in decimal: 0.7 is 7/10, not the binary float nearest it."""
    if isinstance(x, (int, Fraction, Decimal)):
        return Fraction(x)
    return Fraction(repr(float(x)))


class ExerciseEmbedder:
    """The slide's class: the exercise's data as class variables, one method
    for each way to embed a sentence.  A token not in the vocabulary gets
    ``oov_vector``; a word matches a token that differs from it only in case.
    ``exact=True`` computes with Fractions, reading each number as written in
    decimal.  It checks nothing: ``SentenceEmbedder`` is this class with every
    input checked, on any vocabulary, and is the one to use.

    >>> ExerciseEmbedder().average("I love chocolate milk as well!")
    [0.2857142857142857, 1.4285714285714286]
    >>> ExerciseEmbedder(exact=True).average("I love chocolate milk as well!")
    [Fraction(2, 7), Fraction(10, 7)]
    """

    vocab_embeddings: Any = MappingProxyType(
        {word: tuple(vector) for word, vector in exercise_embeddings().items()}
    )
    filler_words: FrozenSet[str] = frozenset(FILLER_WORDS)
    attention_weights: Tuple[Any, ...] = ATTENTION_WEIGHTS
    oov_vector: Tuple[Any, ...] = OOV_VECTOR

    def __init__(self, *, exact: bool = False) -> None:
        # The numbers and their sum: Fractions, exact; or floats, summed by math.fsum,
        # which rounds once and so gives the same float whatever the order of the tokens.
        self._number: Callable[[Any], Number] = _decimal_fraction if exact else float
        self._total: Callable[[Iterable[Any]], Number] = sum if exact else math.fsum

    def average(self, sentence: Any) -> List[Number]:
        """Method 1: the mean of the token vectors.

        >>> ExerciseEmbedder().average("love milk")
        [2.0, 4.0]
        """
        return self._pool(sentence, self.tokens(sentence))

    def skip_filler(self, sentence: Any) -> List[Number]:
        """Method 2: the mean of the token vectors, filler words left out.

        >>> ExerciseEmbedder().skip_filler("I love chocolate milk as well!")
        [0.8, 2.0]
        """
        return self._pool(sentence, self._without_fillers(self.tokens(sentence)))

    def weighted(self, sentence: Any, weights: Optional[Iterable[Any]] = None) -> List[Number]:
        """Method 3: the weighted mean  sum(w_i * e_i) / sum(w_i), one weight per
        token, the attention weights unless others are given.

        >>> ExerciseEmbedder(exact=True).weighted("I love chocolate milk as well!")
        [Fraction(40, 37), Fraction(102, 37)]
        """
        given = self.attention_weights if weights is None else weights
        return self._pool(sentence, self.tokens(sentence), given)

    def similarity(self, a: Any, b: Any, method: str = "average") -> float:
        """Cosine similarity of two sentences embedded by one method.

        >>> ExerciseEmbedder().similarity("chocolate milk", "milk chocolate")
        1.0
        """
        embed = self._method(method)
        return self.cosine(embed(a), embed(b))

    def _method(self, name: str) -> Any:
        if name not in _METHODS:
            raise EmbeddingError(f"unknown method {name!r}: use one of {', '.join(_METHODS)}")
        return getattr(self, name)

    def tokens(self, sentence: str) -> List[str]:
        """The tokens of a sentence, by ``tokenize``."""
        return tokenize(sentence)

    def _without_fillers(self, tokens: List[str]) -> List[str]:
        fillers = {word.casefold() for word in self.filler_words}
        return [token for token in tokens if token.casefold() not in fillers]

    def _pool(self, sentence: Any, tokens: List[str], weights: Any = None) -> List[Number]:
        """The tokens' vectors, then their (weighted) mean: the heart of all three methods."""
        vectors = [self.embed_word(token) for token in tokens]
        if weights is not None:
            weights = [self._number(w) for w in weights]
        return _mean(vectors, weights, self._total)

    def embed_word(self, token: str) -> List[Number]:
        """The vector a token gets: its word's vector, or the OOV vector.

        >>> ExerciseEmbedder().embed_word("Milk"), ExerciseEmbedder().embed_word("!")
        ([3.0, 5.0], [-1.0, -1.0])
        """
        words = self.vocab_embeddings
        same = [word for word in words if word.casefold() == token.casefold()]
        vector = words[token] if token in words else words[same[0]] if same else self.oov_vector
        return [self._number(x) for x in vector]

    @staticmethod
    def cosine(u: Sequence[Any], v: Sequence[Any]) -> float:
        """u.v / (|u| |v|), the cosine of the angle between two vectors.

        >>> ExerciseEmbedder.cosine([1, 0], [1, 1])
        0.7071067811865475
        """
        dot = sum(a * b for a, b in zip(u, v))
        return float(dot / math.sqrt(sum(a * a for a in u) * sum(b * b for b in v)))


def _mean(vectors: Sequence[Sequence[Any]], weights: Any, total: Any) -> List[Number]:
    """The slide's formula, a coordinate at a time: sum(w_i * e_i) / sum(w_i),
    or sum(e_i) / n.  ``total`` is math.fsum for floats, sum for Fractions."""
    columns = zip(*vectors)  # the i-th coordinate of every vector
    if weights is None:
        n = len(vectors)
        return [total(column) / n for column in columns]
    weight_total = total(weights)
    products = operator.mul  # w_i * e_i, a pair at a time (map runs it at C speed)
    return [total(map(products, weights, column)) / weight_total for column in columns]


# =============================================================================
# Part 2. Numbers and vocabularies
# =============================================================================

import collections.abc
import functools
import sys
from array import array
from numbers import Real
from typing import Deque, Generator, Iterator, Mapping, cast

Sentence = Union[str, Sequence[str]]

# -- Checks at the boundary: each rule said once ------------------------------


def _quote(value: Any) -> str:
    """repr(value), cut short: errors never echo a megabyte."""
    return _cut(repr(value))


def _cut(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else f"{text[: limit - 15]}... ({len(text):,} chars)"


def _count(n: int, noun: str) -> str:
    """ "1 weight", "2 weights": a count in a message."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _shown(x: Any) -> str:
    """A number as a message shows it: 0.7, 1/3, 1E+400 (not Fraction(1, 3)), cut short."""
    return _cut(str(x))


def _finite(x: Any) -> bool:
    """Not an infinity or a NaN: ints and Fractions of any size are finite."""
    if isinstance(x, (int, Fraction)):
        return True
    if isinstance(x, Decimal):
        return x.is_finite()
    return math.isfinite(x)


def _all_finite(numbers: Iterable[Any]) -> bool:
    """True when every float is finite, checked at C speed; False also when they
    are finite but their sum overflows (then the caller checks one by one)."""
    return math.isfinite(sum(numbers))


def _check_number(x: Any, what: str) -> Any:
    """Return x if it is a finite real number; name it in the error if not."""
    if isinstance(x, bool) or not isinstance(x, (Real, Decimal)):
        raise TypeError(f"{what} is not a number: {_quote(x)}")
    if not _finite(x):
        raise EmbeddingError(f"{what} is not a finite number: {_shown(x)}")
    return x


def _float(x: Any, what: str, fix: str = "") -> float:
    """A checked number as a float; one too large for a float is an error naming it."""
    try:
        value = float(x)
    except OverflowError:  # an int or a Fraction
        value = math.inf
    if not math.isfinite(value):  # a Decimal becomes inf
        raise EmbeddingError(f"{what} is too large for a float: {_shown(x)}{fix}")
    return value


_EXACT_TAKES_IT = " (exact=True takes it)"


OOV_POLICIES = ("vector", "skip", "error")


def _whole_number(value: Any, what: str, minimum: int) -> int:
    """An integral value (int, numpy.int64, ...) of at least ``minimum``; None is allowed
    and checked by the caller."""
    try:
        number = operator.index(value)
    except TypeError:
        number = None
    if number is None or isinstance(value, bool) or number < minimum:
        raise EmbeddingError(f"{what} must be a whole number >= {minimum}, not {_quote(value)}")
    return number


def _collection(items: Any, what: str, of: str) -> List[Any]:
    """A collection's items; a lone string is a mistake, not a collection of letters."""
    if isinstance(items, (str, bytes, bytearray)) or not hasattr(items, "__iter__"):
        kind = "a string" if isinstance(items, str) else type(items).__name__
        raise TypeError(f"{what} must be a collection of {of}, not {kind}")
    return list(items)


def _words(words: Iterable[str], what: str) -> List[str]:
    """A collection of words, checked."""
    checked = _collection(words, what, "words")
    for word in checked:
        if not isinstance(word, str):
            raise TypeError(f"{what}: {_quote(word)} is not a string")
    return checked


def _token_list(tokens: Any) -> List[str]:
    """A sentence given as a list (or tuple) of tokens: non-empty strings."""
    if not isinstance(tokens, (list, tuple)):
        raise TypeError(f"a sentence is a string or a list of strings, not {type(tokens).__name__}")
    for i, token in enumerate(tokens):
        if not isinstance(token, str):
            raise TypeError(f"token {i} is not a string: {_quote(token)}")
        if not token:
            raise EmbeddingError(f"token {i} is an empty string")
    return list(tokens)


def _check_vector(vector: Any, what: str, dimension: Optional[int]) -> Tuple[Any, ...]:
    """The components of a vector, after checking each and the length."""
    components = _collection(vector, what, "numbers")
    if not components:
        raise EmbeddingError(f"{what} is empty")
    if dimension is not None and len(components) != dimension:
        raise EmbeddingError(f"{what} has {len(components)} components, expected {dimension}")
    for i, x in enumerate(components):
        _check_number(x, f"component {i} of {what}")
    return tuple(components)


def _float_row(vector: Any, what: str, dimension: Optional[int]) -> array[float]:
    """A vector as compact float64s: fast when it is valid, precise when it is not."""
    if hasattr(vector, "tolist"):  # a numpy array
        vector = vector.tolist()
    elif hasattr(vector, "__next__"):
        vector = list(vector)  # an iterator: read it once
    try:
        row = array("d", vector)
    except (TypeError, OverflowError, ValueError):  # not numbers; too large; Decimal sNaN
        row = None
    if row is None or len(row) != dimension or not _all_finite(row):
        # Let the slow check name the problem; a sum that overflowed is no problem.
        components = _check_vector(vector, what, dimension)
        row = array(
            "d",
            (
                _float(x, f"component {i} of {what}", _EXACT_TAKES_IT)
                for i, x in enumerate(components)
            ),
        )
    return row


def _check_weights(
    weights: Union[Iterable[Any], Mapping[str, Any]],
    tokens: Optional[List[str]],
    fold_case: bool,
) -> List[Any]:
    """The weights for the tokens, checked; for tokens=None, just the sequence."""
    if isinstance(weights, Mapping):
        if tokens is None:
            raise TypeError("attention_weights must be a sequence of numbers")
        by_word = _Words()
        for word in weights:
            if not isinstance(word, str):
                raise TypeError(f"weight mapping key {_quote(word)} is not a string")
            by_word.add(word, word)
        chosen = []
        for token in tokens:
            word = by_word[token] if fold_case else by_word.get(token)
            if word is None:
                raise EmbeddingError(f"no weight for the word {_quote(token)}")
            chosen.append(weights[word])
    else:
        if isinstance(weights, collections.abc.Set):
            raise TypeError("weights go one per token, in order: a set has no order")
        chosen = _collection(weights, "weights", "numbers")
        if tokens is not None and len(chosen) != len(tokens):
            raise EmbeddingError(
                f"{_count(len(chosen), 'weight')} for {_count(len(tokens), 'token')}: "
                "give one weight per token"
            )
    if not chosen:
        raise EmbeddingError("no weights given")
    for i, w in enumerate(chosen):
        if type(w) in (float, int, Fraction) and 0 <= w < math.inf:
            continue  # the usual weight, passed quickly
        what = f"weight {i}" if tokens is None else f"weight {i} (of {_quote(tokens[i])})"
        if isinstance(weights, Mapping):
            what = f"weight of {_quote(tokens[i])}"  # type: ignore[index]
        _check_number(w, what)
        if w < 0:
            raise EmbeddingError(f"{what} is negative: {_shown(w)}")
    if tokens is not None and not any(chosen):
        raise EmbeddingError("the weights sum to zero")
    return chosen


# -- Numbers: floats or Fractions, one path -------------------------------------


class _Floats:
    """Floats, summed with math.fsum.  A mean that floats cannot hold on the
    way (a sum too large, weights too far apart) is computed exactly and
    rounded once: the mean of finite numbers is finite, and no weight is lost."""

    exact = False
    total = staticmethod(math.fsum)

    @staticmethod
    def number(x: Any) -> float:
        return _float(x, "a number")

    @staticmethod
    def vocabulary(mapping: Mapping[str, Any]) -> Vectors:
        return Vectors(mapping)  # float64 rows, checked once

    @staticmethod
    def reader(floats: bool) -> Optional[Callable[[Any], Number]]:
        """How to convert the rows of a vocabulary: None when they are floats already."""
        return None if floats else _Floats.number

    def mean(self, vectors: Sequence[Sequence[Any]], weights: Optional[List[Any]]) -> List[Number]:
        """``_mean`` of the vectors; ``weights`` as checked, any real numbers."""
        scaled = None if weights is None else _scaled_floats(weights)
        if weights is None or scaled is not None:
            try:
                mean = _mean(vectors, scaled, math.fsum)  # fsum raises OverflowError, never inf
                # A finite sum over n is finite; sum(w*e) / sum(w) may round up past the
                # largest float (the weights are scaled so that sum(w) is at least 1/2).
                if weights is None or _all_finite(mean):
                    return mean
            except OverflowError:
                pass
        exact = _mean(
            [[Fraction(x) for x in vector] for vector in vectors],
            None if weights is None else [_exactly(w) for w in weights],
            sum,
        )
        return [float(x) for x in exact]


class _Fractions:
    """Fractions, each number read as written in decimal (0.7 is 7/10): exact."""

    exact = True
    number = staticmethod(_decimal_fraction)
    total = staticmethod(sum)

    @staticmethod
    def vocabulary(mapping: Mapping[str, Any]) -> Vectors:
        return Vectors._as_given(mapping)  # the numbers as given, read as Fractions when used

    @staticmethod
    def reader(floats: bool) -> Optional[Callable[[Any], Number]]:
        return _decimal_fraction

    def mean(self, vectors: Sequence[Sequence[Any]], weights: Optional[List[Any]]) -> List[Number]:
        exact = None if weights is None else [_decimal_fraction(w) for w in weights]
        return _mean(vectors, exact, sum)


_Arithmetic = Union[_Floats, _Fractions]


def _arithmetic(exact: bool) -> _Arithmetic:
    return _FRACTIONS if exact else _FLOATS


_FLOATS, _FRACTIONS = _Floats(), _Fractions()  # they hold no state: one of each serves all


def _exactly(x: Any) -> Fraction:
    """A checked number's exact value (a float's binary value)."""
    return Fraction(x) if isinstance(x, (int, Fraction, Decimal)) else Fraction(float(x))


def _scaled_floats(weights: Sequence[Any]) -> Optional[List[float]]:
    """Weights as floats, all multiplied by one power of two so that the largest
    is near 1, which leaves the weighted mean as it is.  No weight times a
    component overflows, and positive weights too small for a float (1e-400)
    keep their ratios.  None when the smallest would lose precision (the
    weights span more than floats do): the caller goes exact.
    """
    try:
        floats = [float(w) for w in weights]  # each rounded once: then scaled exactly
    except OverflowError:  # an int or a Fraction too large for a float
        floats = []
    if floats and all(
        math.isfinite(f) and (abs(f) >= _SMALLEST or not (f or w)) for f, w in zip(floats, weights)
    ):
        shift = -max(math.frexp(f)[1] for f in floats if f)
        scaled = [math.ldexp(f, shift) for f in floats]
    else:  # a weight beyond floats: scale it exactly first, then round it
        exact = [_exactly(w) for w in weights]
        shift = -max(_binary_exponent(w) for w in exact if w)
        scaled = [float(w * Fraction(2) ** shift) for w in exact]
    if any(w and abs(f) < _SMALLEST for w, f in zip(weights, scaled)):
        return None
    return scaled


_SMALLEST = sys.float_info.min  # the smallest float with all 53 bits of precision
_UNITS = 1 << 20  # the numbers of the unit vectors an embedder keeps (pre_normalize), at most


def _binary_exponent(x: Fraction) -> int:
    """e with 2**(e - 1) <= |x| < 2**e, give or take one, for x != 0."""
    return abs(x.numerator).bit_length() - x.denominator.bit_length()


def _root(x: Fraction) -> float:
    """The square root of x >= 0 as a float, however small x is (no underflow)."""
    half = _binary_exponent(x) // 2  # x = 4**half * y, with y near 1 (and 0 stays 0)
    return math.ldexp(math.sqrt(x / Fraction(4) ** half), half)


def _divided_by_largest(
    vector: Sequence[Any], which: str, number: Callable[[Any], Any]
) -> List[Any]:
    """The vector scaled so its largest component is +-1, so no square overflows."""
    numbers = [number(x) for x in vector]
    largest = max(max(numbers), -min(numbers))
    if not largest:
        raise EmbeddingError(f"the {which} vector is zero: its cosine is undefined")
    return [x / largest for x in numbers]


def _unit(vector: Sequence[Number]) -> List[Number]:
    """The vector scaled to unit length (a zero vector stays zero)."""
    norm = math.hypot(*vector)  # scales internally: no overflow, no underflow
    return [x / norm for x in vector] if norm else list(vector)


def cosine_similarity(u: Sequence[Any], v: Sequence[Any]) -> float:
    """Cosine of the angle between two vectors, u.v / (|u| |v|), clamped to [-1, 1].

    Ints, Fractions and Decimals are compared exactly, floats summed with
    ``math.fsum``; the cosine's square is exact and its root is taken once, so
    nothing overflows or underflows on the way.

    >>> cosine_similarity([1, 0], [1, 1]), cosine_similarity([2, 10], [2, 10])
    (0.7071067811865476, 1.0)
    """
    u = _check_vector(u, "the first vector", None)
    v = _check_vector(v, "the second vector", len(u))
    arithmetic = _arithmetic(exact=all(isinstance(x, (int, Fraction, Decimal)) for x in u + v))
    a = _divided_by_largest(u, "first", arithmetic.number)
    b = _divided_by_largest(v, "second", arithmetic.number)
    total = arithmetic.total
    dot = _exactly(total(map(operator.mul, a, b)))
    norms = _exactly(total(x * x for x in a)) * _exactly(total(x * x for x in b))
    cosine = math.copysign(_root(dot * dot / norms), dot)
    return max(-1.0, min(1.0, cosine))


class _Words(Dict[str, Any]):
    """Words and what each stands for, found by the one lookup rule: a token
    finds itself, else the first word (in order) that matches it
    case-insensitively, else None.  ``words[token]`` applies the rule (an
    exact match at the speed of a dict); ``get`` and ``in`` are exact.

    ``folded`` keeps a case-folded key only where its first word is not the
    key itself, so for all-lowercase vocabularies such as GloVe it stays empty.
    """

    __slots__ = ("folded",)

    def __init__(self) -> None:
        super().__init__()
        self.folded: Dict[str, str] = {}

    def add(self, word: str, value: Any) -> None:
        """Add a word that is not there yet."""
        self[word] = value
        key = word.casefold()
        if key != word and key not in self:
            self.folded.setdefault(key, word)

    def __missing__(self, token: str) -> Any:
        key = token.casefold()
        return self.get(self.folded.get(key, key))


class Vectors(Mapping[str, List[Number]]):
    """A read-only mapping from word to vector, as ``load_vectors`` returns it.

    The numbers are stored flat, in one array of float64, and handed out as
    fresh lists.  ``Vectors(mapping)`` checks every vector once.  (An exact
    embedder keeps the numbers of a dict as they were given, in one list,
    and reads them as Fractions; its ``vocab_embeddings`` hands those out.)

    >>> vectors = Vectors({"Paris": [1, 2], "milk": [3, 5]})
    >>> vectors["milk"], len(vectors), vectors.dimension
    ([3.0, 5.0], 2, 2)
    >>> SentenceEmbedder(vocab_embeddings=vectors).embed_word("paris")
    [1.0, 2.0]
    """

    __slots__ = ("_data", "_dimension", "_words")

    def __init__(self, vectors: Mapping[str, Iterable[Any]]) -> None:
        if not isinstance(vectors, Mapping):
            raise TypeError(f"Vectors() needs a mapping, not {type(vectors).__name__}")
        self._fill(vectors, array("d"), _float_row)

    @classmethod
    def _as_given(cls, vectors: Mapping[str, Iterable[Any]]) -> Vectors:
        """The vectors with their numbers as given, each checked: for exact embedders."""
        as_given = cls.__new__(cls)
        as_given._fill(vectors, [], _check_vector)
        return as_given

    @classmethod
    def _of(cls, data: Union[array[float], List[Any]], words: _Words, dimension: int) -> Vectors:
        """Wrap numbers and words that are checked already (and that nobody else holds)."""
        vectors = cls.__new__(cls)
        vectors._data, vectors._words, vectors._dimension = data, words, dimension
        return vectors

    def _fill(
        self,
        vectors: Mapping[Any, Any],
        data: Union[array[float], List[Any]],
        row: Callable[[Any, str, Optional[int]], Sequence[Any]],
    ) -> None:
        words, dimension = _Words(), None
        for word, vector in vectors.items():
            if not isinstance(word, str):
                raise TypeError(f"vocabulary word {_quote(word)} is not a string")
            numbers = row(vector, f"the vector of {_quote(word)}", dimension)
            words.add(word, len(data))
            data.extend(numbers)
            dimension = len(numbers)
        self._data, self._words, self._dimension = data, words, dimension

    @property
    def dimension(self) -> Optional[int]:
        """The number of components of every vector (None when there are no words)."""
        return self._dimension

    def __getitem__(self, word: str) -> List[Number]:
        start = self._words.get(word)
        if start is None:
            raise KeyError(word)
        return list(self._data[start : start + self._dimension])

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def __repr__(self) -> str:
        return f"<Vectors: {len(self)} words, dimension {self.dimension}>"

    def __enter__(self) -> Vectors:
        return self

    def __exit__(self, *exception: Any) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to close: the numbers are in memory (a fastText model closes its file).

        >>> with load_vectors(["milk 1 2"]) as vectors:
        ...     vectors["milk"]
        [1.0, 2.0]
        """

    @property
    def _floats(self) -> bool:
        """Whether the rows are floats (else numbers as given, for an exact embedder)."""
        return isinstance(self._data, array)

    def _row(self, token: str) -> Optional[Sequence[Any]]:
        """The numbers of the word a token stands for, or None."""
        start = self._words[token]  # the lookup rule
        if start is None:
            return None
        return self._data[start : start + self._dimension]

    def _row_of_exactly(self, token: str) -> Optional[Sequence[Any]]:
        """The numbers of the word that is the token itself (fold_case=False), or None."""
        start = self._words.get(token)
        if start is None:
            return None
        return self._data[start : start + self._dimension]


class _ItemLookup:
    """Any object with ``in`` and ``[]``, such as gensim's KeyedVectors.

    It is asked on every lookup and never copied; each vector it gives is
    checked then.  It cannot be listed, so the case-insensitive step tries
    only the case-folded token.
    """

    def __init__(self, source: Any, dimension: int, fold_case: bool) -> None:
        self.source = source
        self.dimension = dimension
        self.fold_case = fold_case

    def row(self, token: str) -> Optional[Sequence[Number]]:
        for word in (token, token.casefold()) if self.fold_case else (token,):
            if word in self.source:
                return _float_row(
                    self.source[word], f"the vector of {_quote(word)}", self.dimension
                )
        return None


class _Vocabulary:
    """What an embedder asks its vocabulary: ``vector(token)`` is the vector of
    the word the token stands for, in the embedder's number type, or None.

    Rows stored as float64 go to a float embedder as they are; any other rows
    are converted as they are read, so an exact embedder over a million
    float vectors stores no Fractions.
    """

    __slots__ = ("_args", "_number", "_row", "_vector", "oov_row", "oov_vector", "source", "vector")

    def __init__(
        self,
        source: Any,
        row: Callable[[str], Optional[Sequence[Any]]],
        oov_vector: Tuple[Any, ...],
        number: Optional[Callable[[Any], Number]],
        unit: bool,
    ) -> None:
        self._args = (source, row, oov_vector, number, unit)  # what a pickled copy is made of
        self.source = source  # what the embedder shows as vocab_embeddings
        self.oov_vector = oov_vector
        self.oov_row = tuple(
            number(x) if number else _float(x, f"component {i} of oov_vector", _EXACT_TAKES_IT)
            for i, x in enumerate(oov_vector)
        )
        self._row, self._number = row, number
        self.vector = self._vector = row if number is None else self._converted
        if unit:  # pre_normalize: each word's unit vector is made once, and kept (the last used)
            self.oov_row = tuple(_unit(self.oov_row))
            kept = max(1, _UNITS // len(oov_vector))  # about 32 MB of them at most
            self.vector = functools.lru_cache(kept)(self._unit)

    def __reduce__(self) -> Tuple[Any, ...]:
        return _Vocabulary, self._args

    def _unit(self, token: str) -> Optional[Sequence[Number]]:
        row = self._vector(token)
        return None if row is None else tuple(_unit(row))  # a tuple's floats are made once

    def _converted(self, token: str) -> Optional[Sequence[Number]]:
        row = self._row(token)
        return None if row is None else [self._number(x) for x in row]  # type: ignore[misc]


def _vocabulary(
    given: Any, oov_vector: Any, arithmetic: _Arithmetic, fold_case: bool, pre_normalize: bool
) -> _Vocabulary:
    """Check a vocabulary and its OOV vector, and set up the lookup of tokens
    (of their unit vectors, with ``pre_normalize``).

    The OOV vector is -1 in every dimension unless given (by a keyword or a
    subclass; the exercise's class default stands for "-1 everywhere").
    """
    kind = type(given).__name__
    if isinstance(given, Mapping) and not isinstance(given, Vectors):
        given = arithmetic.vocabulary(given)
    if isinstance(given, Vectors):
        dimension = given.dimension
        row = given._row if fold_case else given._row_of_exactly
        floats = given._floats
    elif (
        hasattr(given, "__contains__")
        and hasattr(given, "__getitem__")
        and not isinstance(given, (Sequence, bytes, bytearray))
        and not hasattr(given, "shape")  # an array (numpy's, a tensor) holds no words
    ):
        dimension, row, floats = getattr(given, "vector_size", None), None, True
    else:
        raise TypeError(f"vocab_embeddings must map words to vectors, not {type(given).__name__}")
    if oov_vector is not OOV_VECTOR:
        oov = _check_vector(oov_vector, "oov_vector", dimension)
    elif dimension is not None:
        oov = (-1,) * dimension
    else:
        raise EmbeddingError(
            f"cannot tell the dimension of {kind} vocab_embeddings: pass oov_vector="
        )
    if row is None:
        row = _ItemLookup(given, len(oov), fold_case).row
    number = arithmetic.reader(floats)
    return _Vocabulary(given, row, oov, number, pre_normalize)


# -- The embedder: the exercise's class, checked, on any vocabulary -----------------


class OutOfVocabularyError(EmbeddingError, KeyError):
    """A token that no word of the vocabulary matches, where ``oov="error"`` says
    so (or ``embed_word`` under ``oov="skip"``): an ``EmbeddingError`` that is also
    a ``KeyError``, so ``except KeyError`` code written before it still works.

    >>> SentenceEmbedder(oov="error").average("love tea")
    Traceback (most recent call last):
      ...
    sentemb.OutOfVocabularyError: 'tea' is out of vocabulary
    """

    def __str__(self) -> str:
        return Exception.__str__(self)  # the message, not KeyError's quoted repr of it


class SentenceEmbedder(ExerciseEmbedder):
    """Sentence embeddings by pooling word embeddings: ``ExerciseEmbedder``'s
    methods, with every input checked, on any vocabulary.

    The class variables hold the exercise.  Keywords of the same names, or a
    subclass, override them; each instance checks them, keeps its own copies
    and is read-only.  ``vocab_embeddings`` may also be ``load_vectors``'s
    ``Vectors``, or an object with ``in`` and ``[]`` (gensim's KeyedVectors).

    A token finds its word exactly, else case-insensitively (the first such
    word; ``fold_case=False``: exactly only, for fillers and weights too).  A
    token not found gets ``oov_vector`` (-1 in every dimension), or with
    ``oov="skip"`` is left out with its weight, or with ``oov="error"``
    raises ``OutOfVocabularyError``.  Filler words match case-insensitively.
    ``pre_normalize`` and ``post_normalize`` scale each word vector, or the
    result, to unit length (as in gensim).  ``keep_punctuation=False`` drops
    punctuation tokens.  ``exact=True`` computes with Fractions, reading
    numbers as written in decimal (0.7 is 7/10).

    >>> embedder = SentenceEmbedder()
    >>> embedder.embed_word("love"), embedder.embed_word("well")
    ([1.0, 3.0], [-1.0, -1.0])
    >>> SentenceEmbedder(filler_words=["milk"]).skip_filler("I love milk")
    [0.0, 2.0]
    >>> SentenceEmbedder(oov="skip").average("love milk as well!")
    [2.0, 4.0]
    """

    cosine = staticmethod(cosine_similarity)

    oov: str  # this and the rest: set by __init__
    exact: bool
    pre_normalize: bool
    post_normalize: bool
    keep_punctuation: bool
    fold_case: bool
    dimension: int
    _vocabulary: _Vocabulary  # .vector(token): its word's vector in our numbers, or None
    _arithmetic: _Arithmetic  # floats and math.fsum, or Fractions and sum

    def __init__(
        self,
        *,
        vocab_embeddings: Any = None,
        filler_words: Optional[Iterable[str]] = None,
        attention_weights: Optional[Iterable[Any]] = None,
        oov_vector: Optional[Iterable[Any]] = None,
        oov: str = "vector",
        pre_normalize: bool = False,
        post_normalize: bool = False,
        keep_punctuation: bool = True,
        fold_case: bool = True,
        exact: bool = False,
    ) -> None:
        cls = type(self)  # its class variables, a subclass's too, are checked like keywords
        if oov not in OOV_POLICIES:
            raise EmbeddingError(f"oov must be one of {', '.join(OOV_POLICIES)}, not {_quote(oov)}")
        if exact and (pre_normalize or post_normalize):
            raise EmbeddingError("normalising takes square roots: it cannot be exact")
        arithmetic = _arithmetic(exact)
        vocab = cls.vocab_embeddings if vocab_embeddings is None else vocab_embeddings
        oov_given = cls.oov_vector if oov_vector is None else oov_vector
        vocabulary = _vocabulary(vocab, oov_given, arithmetic, fold_case, pre_normalize)
        fillers = _words(cls.filler_words if filler_words is None else filler_words, "filler_words")
        weights = cls.attention_weights if attention_weights is None else attention_weights
        # Everything is checked: only now does the instance get its attributes (exact among
        # them; _arithmetic does the work of ExerciseEmbedder's _number and _total).
        vars(self).update(
            vocab_embeddings=vocabulary.source,
            filler_words=frozenset(fillers),
            attention_weights=tuple(_check_weights(weights, None, fold_case)),
            oov_vector=vocabulary.oov_vector,
            oov=oov,
            pre_normalize=bool(pre_normalize),
            post_normalize=bool(post_normalize),
            keep_punctuation=bool(keep_punctuation),
            fold_case=bool(fold_case),
            exact=bool(exact),
            dimension=len(vocabulary.oov_vector),
            _vocabulary=vocabulary,
            _arithmetic=arithmetic,
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(
            f"SentenceEmbedder is read-only: make a new one, SentenceEmbedder({name}=...)"
        )

    def __delattr__(self, name: str) -> None:
        self.__setattr__(name, None)

    def __repr__(self) -> str:
        size = len(self.vocab_embeddings) if hasattr(self.vocab_embeddings, "__len__") else "?"
        return f"SentenceEmbedder({size} words, dimension={self.dimension}, exact={self.exact})"

    def tokens(self, sentence: Sentence) -> List[str]:
        """The tokens of a sentence: tokenized if a string, else the list as given.

        >>> SentenceEmbedder(keep_punctuation=False).tokens("as well!")
        ['as', 'well']
        >>> SentenceEmbedder().tokens(["chocolate", "milk"])
        ['chocolate', 'milk']
        """
        if isinstance(sentence, str):
            tokens = tokenize(sentence, self.keep_punctuation)
        else:
            tokens = _token_list(sentence)  # checked, then taken as given
        if not tokens:
            raise EmbeddingError(f"the sentence {_quote(sentence)} has no tokens")
        return tokens

    def embed_word(self, token: str) -> List[Number]:
        """The vector a token gets: its word's vector, or the OOV vector.

        >>> SentenceEmbedder().embed_word("Milk")
        [3.0, 5.0]
        >>> SentenceEmbedder(exact=True).embed_word("!")
        [Fraction(-1, 1), Fraction(-1, 1)]
        """
        if not isinstance(token, str):
            raise TypeError(f"a token is a string, not {type(token).__name__}")
        vectors, _ = self._vectors([token])
        if not vectors:
            raise OutOfVocabularyError(f"{_quote(token)} is out of vocabulary (oov='skip')")
        return list(vectors[0])

    def embed_many(
        self, sentences: Iterable[Sentence], method: str = "average", jobs: int = 1
    ) -> Generator[List[Number], None, None]:
        """Each sentence embedded by one method, in order, as an iterator.  With
        ``jobs`` > 1 they are embedded in that many processes (forked where the OS
        allows it, so the vocabulary is shared with them, not copied).

        >>> list(SentenceEmbedder().embed_many(["love milk", "lot"], "average"))
        [[2.0, 4.0], [0.0, 2.0]]
        """
        embed = self._method(method)
        jobs = _whole_number(jobs, "jobs", 1)
        if isinstance(sentences, str):
            raise TypeError("sentences must be a collection of sentences, not a string")
        return self._many(embed, iter(sentences), jobs)

    @staticmethod
    def _many(
        embed: Callable[[Sentence], List[Number]], sentences: Iterator[Sentence], jobs: int
    ) -> Generator[List[Number], None, None]:
        for i, (sentence, (done, value)) in enumerate(_outcomes(embed, sentences, jobs)):
            if not done:  # an error, named with the sentence it is about
                raise type(value)(f"sentence {i} ({_quote(sentence)}): {value}")
            yield value

    def most_similar(
        self,
        query: Sentence,
        candidates: Iterable[Sentence],
        k: Optional[int] = None,
        method: str = "average",
    ) -> List[Tuple[Sentence, float]]:
        """The candidates with their cosine similarity to the query, best first
        (ties in the candidates' order); the best ``k`` when k is given.

        >>> ranked = SentenceEmbedder().most_similar("milk", ["lot", "love milk", "I"], k=2)
        >>> [(text, round(score, 6)) for text, score in ranked]
        [('love milk', 0.997054), ('lot', 0.857493)]
        """
        candidates = _collection(candidates, "candidates", "sentences")
        return self._ranked(query, candidates, k, method, lambda i: f"candidate {i}", 1)

    def _ranked(
        self,
        query: Sentence,
        candidates: Sequence[Sentence],
        k: Optional[int],
        method: str,
        where: Callable[[int], str],
        jobs: int,
    ) -> List[Tuple[Sentence, float]]:
        """most_similar, with ``where(i)`` naming the i-th candidate in errors, the
        candidates embedded by ``jobs`` processes."""
        k = None if k is None else _whole_number(k, "k", 0)
        embed = self._method(method)
        target = embed(query)
        if not any(target):
            raise EmbeddingError(
                f"the query {_quote(query)} embeds as the zero vector: it is similar to nothing"
            )
        scored = []
        for i, (candidate, (done, vector)) in enumerate(_outcomes(embed, iter(candidates), jobs)):
            try:
                if not done:
                    raise vector  # what embedding the candidate raised
                if not any(vector):
                    raise EmbeddingError("it embeds as the zero vector: its cosine is undefined")
                scored.append((candidate, cosine_similarity(target, vector)))
            except EmbeddingError as error:  # OutOfVocabularyError too: its type is kept
                raise type(error)(f"{where(i)} ({_quote(candidate)}): {error}") from None
        scored.sort(key=lambda pair: -pair[1])  # sort is stable: ties keep their order
        return scored[:k]

    # The hooks of ExerciseEmbedder, with the checks and policies.

    def _without_fillers(self, tokens: List[str]) -> List[str]:
        key = str.casefold if self.fold_case else str  # str(token) is the token
        fillers = {key(word) for word in self.filler_words}
        return [token for token in tokens if key(token) not in fillers]

    def _pool(self, sentence: Sentence, tokens: List[str], weights: Any = None) -> List[Number]:
        if weights is not None:
            weights = _check_weights(weights, tokens, self.fold_case)
        if not tokens:  # only filler words were there
            raise EmbeddingError(
                f"nothing is left of {_quote(sentence)} after skipping filler words"
            )
        vectors, weights = self._vectors(tokens, weights)
        if not vectors:
            raise EmbeddingError(f"every token of {_quote(sentence)} is out of vocabulary")
        if weights is not None and not any(weights):  # oov="skip" left only weights of 0
            raise EmbeddingError(f"the known tokens of {_quote(sentence)} weigh zero")
        result = self._arithmetic.mean(vectors, weights)
        return _unit(result) if self.post_normalize else result

    def _vectors(
        self, tokens: List[str], weights: Optional[List[Any]] = None
    ) -> Tuple[List[Sequence[Number]], Optional[List[Any]]]:
        """Each token's vector as it is pooled (of unit length, with pre_normalize:
        the vocabulary gives them so), and the weights that go with them."""
        find = self._vocabulary.vector  # a token's row, or None: no word matches it
        if self.oov == "vector":  # the exercise's rule
            oov_row = self._vocabulary.oov_row
            return [find(token) or oov_row for token in tokens], weights
        found = list(map(find, tokens))
        if self.oov == "error" and None in found:
            missing = next(t for t, v in zip(tokens, found) if v is None)
            raise OutOfVocabularyError(f"{_quote(missing)} is out of vocabulary")
        vectors = [vector for vector in found if vector is not None]  # "skip"
        if weights is not None:
            weights = [w for w, vector in zip(weights, found) if vector is not None]
        return vectors, weights


# =============================================================================
# Part 3. Beyond the exercise: SIF and uSIF, big models, and a corpus on every core
# =============================================================================

import itertools
import os
import random
import signal
import stat
import struct
import time
from collections import deque

# -- Frequency-weighted embeddings: SIF and uSIF ---------------------------------------


class _FrequencyWeighted:
    """What SIF and uSIF share: each word weighted by how rare it is, the weighted
    sum over a sentence's known tokens divided by their number, and the top
    singular vectors of the fit sentences' matrix taken out of every result."""

    def __init__(self, vectors: Any, counts: Mapping[str, Any], components: int) -> None:
        self._embedder = SentenceEmbedder(vocab_embeddings=vectors, filler_words=(), oov="skip")
        self._wanted = _whole_number(components, "components", 0)
        if self._wanted > self._embedder.dimension:
            raise EmbeddingError(
                f"components must be at most the dimension, {self._embedder.dimension}, "
                f"not {self._wanted}"
            )
        self._counts, self._total = _counts(counts)
        self._weighted: Dict[str, Tuple[float, ...]] = {}  # token: weight(t) * v_t, or _UNKNOWN
        self.components: Tuple[Tuple[float, ...], ...] = ()  # set by fit, the first first
        self.singular_values: Tuple[float, ...] = ()
        self.embeddings: List[Optional[List[float]]] = []  # the fit sentences', in order
        self.skipped = 0  # fit sentences with no known token
        self._fitted = False

    def frequency(self, word: str) -> float:
        """p(w): the word's count over the total of the counts, 0 for a word
        they lack (found as a token finds its word: exactly, else ignoring case).

        >>> SIF({"milk": [1.0, 0.0]}, {"milk": 3, "tea": 1}).frequency("Milk")
        0.75
        """
        if not isinstance(word, str):
            raise TypeError(f"a word is a string, not {type(word).__name__}")
        count = self._counts[word]  # the lookup rule
        return 0.0 if count is None else float(count / self._total)

    def fit(self, sentences: Iterable[Sentence]) -> Any:
        """Weigh and average the sentences, then find the components to remove.
        ``embeddings`` then holds each sentence's embedding, in order: None for
        a sentence with no known token, which ``skipped`` counts and which adds
        nothing to the components.  Returns the model.

        >>> sif = SIF({"milk": [1.0, 0.0], "tea": [0.0, 1.0]}, {"milk": 1, "tea": 3})
        >>> sif.fit(["milk tea", "zzz", "tea"]).skipped, sif.embeddings[1]
        (1, None)
        """
        if isinstance(sentences, str):
            raise TypeError("sentences must be a collection of sentences, not a string")
        tokens = [self._embedder.tokens(sentence) for sentence in sentences]
        if not tokens:
            raise EmbeddingError("fit needs at least one sentence")
        self._weighted = {}
        self._prepare(tokens)
        means = [self._mean(t) for t in tokens]
        rows = [mean for mean in means if mean is not None]
        if len(rows) < max(self._wanted, 1):
            raise EmbeddingError(
                f"fit needs {_count(max(self._wanted, 1), 'sentence')} with a known token, "
                f"and has {len(rows):,}"
            )
        values, vectors = _top_singular(rows, self._wanted)
        self.singular_values, self.components = tuple(values), tuple(map(tuple, vectors))
        scales = self._scales()
        self.embeddings = [None if m is None else self._removed(m, scales) for m in means]
        self.skipped, self._fitted = len(means) - len(rows), True
        return self

    def embed(self, sentence: Sentence) -> List[float]:
        """A sentence's embedding: its weighted mean, the fitted components removed.

        >>> sif = SIF({"milk": [1.0, 0.0], "tea": [0.0, 1.0]}, {"milk": 1, "tea": 3})
        >>> sif.fit(["milk tea", "tea"]).embed(["tea"]) == sif.embeddings[1]
        True
        """
        if not self._fitted:
            raise EmbeddingError(f"{type(self).__name__} is not fitted: call fit(sentences) first")
        mean = self._mean(self._embedder.tokens(sentence))
        if mean is None:
            raise EmbeddingError(f"every token of {_quote(sentence)} is out of vocabulary")
        return self._removed(mean)

    def weight(self, word: str) -> float:
        raise NotImplementedError  # pragma: no cover - SIF and USIF say

    def _prepare(self, tokens: List[List[str]]) -> None:
        """What the weights need to know of the fit sentences (uSIF: their length)."""

    def _mean(self, tokens: List[str]) -> Optional[List[float]]:
        """sum(weight(w) * v_w) over the known tokens, divided by their number (not
        by the weights' sum), or None when no token is known.  The weighted vectors
        are added in sorted order, one float sum per coordinate, so the result
        depends on which they are, not on the order of the tokens."""
        found, missing = self._weighted.get, self._weighted_vector
        rows = [found(t) or missing(t) for t in tokens]
        known = sorted(row for row in rows if row is not _UNKNOWN)
        if not known:
            return None
        totals = list(map(sum, zip(*known)))
        if not all(map(math.isfinite, totals)):
            raise EmbeddingError("a weighted sum is too large for a float")
        return list(map(operator.truediv, totals, itertools.repeat(len(known))))

    def _weighted_vector(self, token: str) -> Tuple[float, ...]:
        """weight(t) * v_t, each product rounded once, or _UNKNOWN; kept for the
        tokens used last (about a million numbers of them)."""
        vector = self._embedder._vocabulary.vector(token)
        if len(self._weighted) * self._embedder.dimension >= _UNITS:
            self._weighted.clear()
        if vector is None:
            row = _UNKNOWN
        else:
            weight = itertools.repeat(self.weight(token))
            row = tuple(map(operator.mul, weight, map(float, vector)))
        self._weighted[token] = row
        return row

    def _removed(self, mean: List[float], scales: Optional[List[float]] = None) -> List[float]:
        """The mean less its projection on each component, scaled as the model says."""
        result = mean
        for scale, component in zip(scales or self._scales(), self.components):
            projection = scale * _dot(mean, component)
            result = [x - projection * u for x, u in zip(result, component)]
        return result

    def _scales(self) -> List[float]:
        raise NotImplementedError  # pragma: no cover - SIF and USIF say

    def __repr__(self) -> str:
        fitted = f"{len(self.embeddings):,} sentences" if self._fitted else "not fitted"
        return f"{type(self).__name__}({self._embedder.dimension} dimensions, {fitted})"


class SIF(_FrequencyWeighted):
    """Smooth inverse frequency (Arora, Liang and Ma, ICLR 2017): each word
    weighs a / (a + p(w)); a sentence is the weighted sum over its known tokens
    divided by their number, less its projection on the first singular vector
    (the first ``components``) of the fit sentences' matrix, uncentred.

    ``vectors`` is any vocabulary that ``SentenceEmbedder`` takes; ``counts``
    maps words to counts, as ``load_counts`` reads them.  Sentences are strings,
    tokenized by ``tokenize``, or token lists; unknown tokens are dropped.

    >>> vectors = {"milk": [1.0, 0.0], "tea": [0.0, 1.0], "the": [1.0, 1.0]}
    >>> sif = SIF(vectors, {"milk": 5, "tea": 3, "the": 92}, a=0.05)
    >>> sif = sif.fit(["the milk", "the tea", "milk tea", "the tea the"])
    >>> sif.weight("milk"), round(sif.weight("the"), 4)
    (0.5, 0.0515)
    >>> [round(x, 4) for x in sif.embed("Milk!")]
    [0.385, -0.2104]
    """

    def __init__(
        self, vectors: Any, counts: Mapping[str, Any], *, a: float = 1e-3, components: int = 1
    ) -> None:
        self.a = _float(_check_number(a, "a"), "a")
        if not self.a > 0:
            raise EmbeddingError(f"a must be more than 0, not {_shown(a)}")
        super().__init__(vectors, counts, components)

    def weight(self, word: str) -> float:
        """a / (a + p(w)).

        >>> SIF({"milk": [1.0, 0.0]}, {"milk": 1, "tea": 999}).weight("milk")
        0.5
        """
        return self.a / (self.a + self.frequency(word))

    def _scales(self) -> List[float]:
        return [1.0] * len(self.components)


class USIF(_FrequencyWeighted):
    """Unsupervised smooth inverse frequency (Ethayarajh, 2018): each word weighs
    A / (A/2 + p(w)), with A = (1 - alpha) / (alpha * V / 2); V is the number of
    words counted and alpha the share of them with p(w) > 1 - (1 - 1/V)**n, for
    sentences of n tokens: ``length``, or else the mean number of tokens of the
    fit sentences, unknown ones included, truncated to a whole number as fse
    does.  A sentence is the weighted sum over its known tokens divided by
    their number, less sum(l_i**2 * (v . u_i) * u_i) over the top
    ``components`` singular vectors u_i, where l_i = s_i**2 / sum(s_j**2).

    >>> vectors = {"milk": [1.0, 0.0, 0.0], "tea": [0.0, 1.0, 0.0], "the": [1.0, 1.0, 1.0]}
    >>> usif = USIF(vectors, {"milk": 5, "tea": 3, "the": 92}, components=2)
    >>> usif = usif.fit(["the milk", "the tea", "milk tea", "the tea the"])
    >>> usif.length, round(usif.weight("milk"), 4)
    (2, 1.8605)
    """

    def __init__(
        self,
        vectors: Any,
        counts: Mapping[str, Any],
        *,
        length: Optional[int] = None,
        components: int = 5,
    ) -> None:
        super().__init__(vectors, counts, components)
        self._given = None if length is None else _whole_number(length, "length", 1)
        self.length = self._given
        self._a = None if self._given is None else self._a_for(self._given)

    def weight(self, word: str) -> float:
        """A / (A/2 + p(w)), once the length is known (given, or from fit).

        >>> USIF({"milk": [1.0]}, {"milk": 1, "tea": 9}, length=1, components=0).weight("milk")
        1.6666666666666667
        """
        if self._a is None:
            raise EmbeddingError("USIF's weights need the sentences' length: call fit first")
        return self._a / (self._a / 2 + self.frequency(word))

    def _prepare(self, tokens: List[List[str]]) -> None:
        if self._given is None:
            self.length = max(1, sum(map(len, tokens)) // len(tokens))
            self._a = self._a_for(self.length)

    def _a_for(self, length: int) -> float:
        """A, for sentences of ``length`` tokens."""
        words = len(self._counts)
        threshold = 1 - (1 - 1 / words) ** length
        frequent = sum(count / self._total > threshold for count in self._counts.values())
        alpha: float = frequent / words
        if not alpha:
            raise EmbeddingError(
                f"no word is frequent enough for uSIF: none has p(w) > {threshold:.3g}, "
                f"1 - (1 - 1/V)**n for V = {words:,} words and n = {length} tokens "
                "(give the counts of a whole corpus, or a larger length)"
            )
        return (1 - alpha) / (alpha * words / 2)

    def _scales(self) -> List[float]:
        energy = [s * s for s in self.singular_values]
        total = math.fsum(energy)
        return [(e / total) ** 2 for e in energy]


_UNKNOWN = (math.nan,)  # the weighted vector kept for an unknown token: true, and never summed


def _counts(counts: Mapping[str, Any]) -> Tuple[_Words, Any]:
    """Counts checked: words, and whole numbers or reals of at least 0 with a
    total above 0; found by the one lookup rule."""
    if not isinstance(counts, Mapping):
        raise TypeError(f"counts must map words to counts, not {type(counts).__name__}")
    words = _Words()
    for word, count in counts.items():
        if not isinstance(word, str):
            raise TypeError(f"a counted word is a string, not {_quote(word)}")
        _check_number(count, f"the count of {_quote(word)}")
        if count < 0:
            raise EmbeddingError(f"the count of {_quote(word)} is negative: {_shown(count)}")
        words.add(word, count)  # a mapping's words are each there once
    total = sum(words.values())
    if not total:
        raise EmbeddingError("the counts add up to 0: give how often each word occurs")
    return words, total


# -- The top singular vectors of a matrix, by Lanczos iteration -------------------------


def _top_singular(rows: List[List[float]], k: int) -> Tuple[List[float], List[List[float]]]:
    """The k largest singular values of the matrix X of these rows, uncentred,
    and their right singular vectors (unit length, the largest entry positive),
    the first first.

    Lanczos iteration on X^T X, applied as X^T (X v) so that it is never formed,
    with every new vector orthogonalized against all before it (twice), and
    Rayleigh-Ritz on the vectors so far, until each asked-for pair's residual
    |X^T X u - s^2 u| is below 1e-12 s_1^2.  A step costs O(n d); the space is
    the whole of R^d after d steps at most, where the answer is exact.
    """
    if not k:
        return [], []
    d = len(rows[0])
    columns = list(zip(*rows))  # X^T

    def gram_times(v: List[float]) -> List[float]:  # X^T (X v)
        xv = [sum(map(operator.mul, row, v)) for row in rows]
        return [sum(map(operator.mul, column, xv)) for column in columns]

    rng = random.Random(_SEED)  # for a start where the rows sum to 0: the same every time
    basis: List[List[float]] = []
    images: List[List[float]] = []  # X^T X v for each v of the basis
    check = k + _OVERSAMPLED
    start = [sum(column) for column in columns]  # the rows' sum: near the first vector
    if not any(start):
        start = [rng.gauss(0, 1) for _ in range(d)]
    while True:
        last = images[-1] if images else start
        v = _orthogonal_to(last, basis)
        if math.hypot(*v) <= 1e-9 * math.hypot(*last):  # the space so far is invariant:
            v = _orthogonal_to([rng.gauss(0, 1) for _ in range(d)], basis)  # a new direction
        norm = math.hypot(*v)
        basis.append([x / norm for x in v])
        images.append(gram_times(basis[-1]))
        if len(basis) >= check or len(basis) == d:
            values, ritz, residual = _ritz(basis, images, k)
            if residual <= _CONVERGED * (values[0] or 1.0) or len(basis) == d:
                break
            near = residual <= _NEAR * (values[0] or 1.0)  # then converged in a step or two
            check = len(basis) + (1 if near else max(2, len(basis) // 4))
    vectors = [u if max(u, key=abs) > 0 else [-x for x in u] for u in ritz]
    return [math.sqrt(max(s, 0.0)) for s in values], vectors


def _orthogonal_to(v: List[float], basis: List[List[float]]) -> List[float]:
    """v less its projections on the orthonormal basis, taken twice over (so what
    is left is orthogonal to it to rounding)."""
    for _ in range(2):
        for b in basis:
            p = _dot(v, b)
            v = [x - p * y for x, y in zip(v, b)]
    return v


def _ritz(
    basis: List[List[float]], images: List[List[float]], k: int
) -> Tuple[List[float], List[List[float]], float]:
    """Rayleigh-Ritz: the k largest eigenvalues of A = X^T X on the space of the
    basis, their vectors, and the largest of their residuals |A u - s u|."""
    projected = [[_dot(a, b) for b in images] for a in basis]  # B^T A B
    m = len(basis)
    symmetric = [[(projected[i][j] + projected[j][i]) / 2 for j in range(m)] for i in range(m)]
    values, rotations = _eigen(symmetric)
    values, rotations = values[:k], rotations[:k]
    ritz = [_combination(r, basis) for r in rotations]
    residual = max(
        math.hypot(*[a - s * u for a, u in zip(_combination(r, images), vector)])
        for s, r, vector in zip(values, rotations, ritz)
    )
    return values, ritz, residual


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return math.fsum(map(operator.mul, a, b))


def _combination(weights: Sequence[float], vectors: List[List[float]]) -> List[float]:
    """sum(w_j * v_j): a combination of vectors, a coordinate at a time."""
    return [_dot(weights, column) for column in zip(*vectors)]


def _eigen(matrix: List[List[float]]) -> Tuple[List[float], List[List[float]]]:
    """The eigenvalues of a small symmetric matrix, largest first, and its
    eigenvectors, by cyclic Jacobi rotations."""
    a = [list(row) for row in matrix]
    m = len(a)
    v = [[float(i == j) for j in range(m)] for i in range(m)]
    for _ in range(100):  # pragma: no branch - Jacobi converges in a few sweeps
        off = math.fsum(a[i][j] ** 2 for i in range(m) for j in range(m) if i != j)
        if off <= 1e-30 * math.fsum(a[i][i] ** 2 for i in range(m)):
            break
        for p in range(m - 1):
            for r in range(p + 1, m):
                if a[p][r] == 0:
                    continue
                theta = (a[r][r] - a[p][p]) / (2 * a[p][r])
                t = math.copysign(1.0, theta) / (abs(theta) + math.hypot(theta, 1.0))
                c = 1 / math.hypot(t, 1.0)
                s = t * c
                for row in a:  # columns p and r
                    row[p], row[r] = c * row[p] - s * row[r], s * row[p] + c * row[r]
                a[p], a[r] = (
                    [c * x - s * y for x, y in zip(a[p], a[r])],
                    [s * x + c * y for x, y in zip(a[p], a[r])],
                )
                for row in v:
                    row[p], row[r] = c * row[p] - s * row[r], s * row[p] + c * row[r]
    order = sorted(range(m), key=lambda i: -a[i][i])
    return [a[i][i] for i in order], [[v[j][i] for j in range(m)] for i in order]


_OVERSAMPLED = 2  # Lanczos steps beyond those asked for before the first check
_CONVERGED = 1e-12  # a residual below this, relative to the largest singular value squared
_NEAR = 1e-8  # a residual below this is checked again after each step
_SEED = 20261203  # the start of the iteration


# -- A fastText model: a vector for every word, read lazily ------------------------


def _open_binary(path: str, opener: Callable[..., Any] = open) -> Any:
    """A file opened to be read in binary.  A path that cannot name a file (it holds
    a NUL, or a lone surrogate) is an EmbeddingError that says so; a missing file is
    an OSError, as ``open`` raises it.

    >>> _open_binary("milk\\0tea")
    Traceback (most recent call last):
      ...
    sentemb.EmbeddingError: 'milk\\x00tea': not a file name (embedded null byte)
    """
    try:
        return opener(path, "rb")
    except ValueError as error:  # UnicodeEncodeError among them
        raise EmbeddingError(f"{_quote(path)}: not a file name ({error})") from None


def _fnv1a(ngram: bytes) -> int:
    """fastText's hash of an n-gram: 32-bit FNV-1a with each byte sign-extended
    first (a C ``int8_t``), so bytes from 0x80 on differ from FNV-1a's own.

    >>> _fnv1a(b""), _fnv1a(b"a"), _fnv1a(b"foobar")  # FNV-1a's published values
    (2166136261, 3826002220, 3214735720)
    """
    h = 2166136261
    for byte in ngram:
        h = ((h ^ (byte | 0xFFFFFF00 if byte & 0x80 else byte)) * 16777619) & 0xFFFFFFFF
    return h


def _ngrams(word: str, minn: int, maxn: int) -> List[bytes]:
    """The n-grams of ``<word>`` from minn to maxn characters, as fastText
    takes them from its UTF-8 bytes; "<" and ">" alone are not n-grams."""
    raw = b"<" + word.encode("utf-8", "surrogatepass") + b">"
    starts = [i for i, byte in enumerate(raw) if byte & 0xC0 != 0x80]  # where characters start
    ends = [*starts[1:], len(raw)]
    return [
        raw[start : ends[last]]  # characters first to last
        for first, start in enumerate(starts)
        for last in range(first + max(minn, 1) - 1, min(first + maxn, len(starts)))
        if last > first or 0 < first < len(starts) - 1
    ]


class FastTextVectors(Vectors):
    """A fastText model (``.bin``), as ``load_vectors`` opens it: a read-only
    mapping from word to vector, with a vector for words it never saw.

    A word of the model's vocabulary gets the mean of its own row and the
    rows of its character n-grams; any other word, the mean of its n-grams'
    rows: the n-grams of ``<word>``, ``minn`` to ``maxn`` characters of its
    UTF-8 bytes, hashed into ``bucket`` rows.  That is how fastText and
    gensim compute them, here in float64.  ``word in model`` is true for a
    vocabulary word or a word with an n-gram; ``len`` and iteration cover
    the vocabulary.  With ``subwords=False`` only vocabulary words have
    vectors.

    Opening reads the header and the dictionary.  Rows are read from the
    file when a word needs them, and the vectors of the 8,192 words used
    last are kept, so memory does not grow with the matrix.  Close the
    model, or use it in a ``with`` block; pickled, it opens its file again.
    docs/vectors.md shows one at work.

    >>> FastTextVectors.subwords_of("milk", minn=3, maxn=4)
    ['<mi', '<mil', 'mil', 'milk', 'ilk', 'ilk>', 'lk>']
    """

    __slots__ = ("_args", "_columns", "_file", "_found", "_nwords", "_start", "bucket", "maxn",
                 "minn", "name", "subwords")  # fmt: skip
    _floats = True  # rows are float32s, read as floats

    def __init__(
        self,
        path: Union[str, os.PathLike[str]],
        *,
        subwords: bool = True,
        limit: Optional[int] = None,
        words: Optional[Iterable[str]] = None,
        encoding: str = "utf-8",
        errors: str = "strict",
    ) -> None:
        limit, keep, text, _ = _reading(limit, words, encoding, errors)
        self._open(os.fspath(path), subwords, limit, keep, text)

    @classmethod
    def _opened(cls, *args: Any) -> FastTextVectors:
        """A model opened with options that are checked already (by load_vectors)."""
        model = cls.__new__(cls)
        model._open(*args)
        return model

    def _open(
        self,
        path: str,
        subwords: bool,
        limit: Optional[int],
        keep: Optional[Callable[[str], bool]],
        text: _Text,
    ) -> None:
        self._args = (path, subwords, limit, keep, text)  # what a pickled model opens again
        self.name, self.subwords = path, bool(subwords)
        self._file = _open_binary(path)  # open for as long as the model is
        try:
            self._read_header(limit, keep, text)
        except BaseException:
            self._file.close()
            raise
        self._found = functools.lru_cache(_CACHED)(self._vector_of)  # the words used last

    @staticmethod
    def subwords_of(word: str, minn: int = 3, maxn: int = 6) -> List[str]:
        """The character n-grams that fastText gives a word.

        >>> FastTextVectors.subwords_of("é", minn=1, maxn=2)
        ['<é', 'é', 'é>']
        """
        return [ngram.decode("utf-8", "surrogatepass") for ngram in _ngrams(word, minn, maxn)]

    def _read_header(
        self, limit: Optional[int], keep: Optional[Callable[[str], bool]], text: _Text
    ) -> None:
        """The arguments, the dictionary and where the input matrix is; the model
        must be whole, for word vectors (not supervised) and not quantized."""
        name, file = self.name, self._file
        new = file.read(4) == _FASTTEXT_MAGIC  # else older than 2017
        file.seek(8 if new else 0)  # past the magic number and the version
        head = file.read(_ARGUMENTS.size + (28 if new else 20))
        if len(head) < _ARGUMENTS.size + (28 if new else 20):
            raise EmbeddingError(f"{name}: the fastText model ends inside its header")
        dim, _, _, _, _, _, _, model, bucket, minn, maxn, _, _ = _ARGUMENTS.unpack_from(head)
        entries, nwords, nlabels = struct.unpack_from("<3i", head, _ARGUMENTS.size)
        pruned = struct.unpack_from("<q", head, _ARGUMENTS.size + 20)[0] if new else -1
        if nlabels or model == _SUPERVISED:
            labels = f", with {_count(nlabels, 'label')}" if nlabels else ""
            raise EmbeddingError(
                f"{name}: a supervised fastText model (a classifier{labels}): "
                "only models of word vectors are read"
            )
        if dim <= 0 or bucket < 0 or minn < 0 or maxn < 0 or nwords != entries or nwords < 0:
            raise EmbeddingError(
                f"{name}: not a fastText model of word vectors (dimension {dim}, bucket {bucket}, "
                f"n-grams of {minn} to {maxn}, {_count(nwords, 'word')} of {entries:,})"
            )
        self._words = self._dictionary(nwords, limit, keep, text)
        at = file.tell() + 8 * max(pruned, 0)  # pruned n-grams come with quantized models
        if new and self._bytes(1, at, "the matrix") != b"\0":
            raise EmbeddingError(
                f"{name}: a quantized fastText model (.ftz): its vectors are compressed; "
                "load the .bin it was made from"
            )
        at += new
        rows, columns = struct.unpack("<2q", self._bytes(16, at, "the matrix"))
        if (rows, columns) != (nwords + bucket, dim):
            raise EmbeddingError(
                f"{name}: the fastText model's matrix is {rows:,} x {columns:,}; the header says "
                f"{nwords + bucket:,} x {dim:,} ({nwords:,} words and {bucket:,} n-gram rows)"
            )
        self._start, end = at + 16, at + 16 + 4 * rows * columns
        size = os.fstat(file.fileno()).st_size
        if size < end + new + 16:  # the output matrix follows, with its own shape
            raise EmbeddingError(
                f"{name}: the fastText model is cut short: it has {size:,} bytes, its input "
                f"matrix ends at byte {end:,}, and the output matrix follows"
            )
        rows, columns = struct.unpack("<2q", self._bytes(16, end + new, "the output matrix"))
        whole = end + new + 16 + 4 * rows * columns  # the output matrix ends there
        if size != whole:
            how = "is cut short" if size < whole else f"has {size - whole:,} bytes more"
            raise EmbeddingError(
                f"{name}: the fastText model {how}: its output matrix ends at byte {whole:,}, "
                f"the file at {size:,}"
            )
        self._nwords, self._dimension, self._columns = nwords, dim, dim
        self.bucket, self.minn, self.maxn = bucket, minn, maxn

    def _dictionary(
        self, entries: int, limit: Optional[int], keep: Optional[Callable[[str], bool]], text: _Text
    ) -> _Words:
        """The words of the dictionary, each with its row; the file is left after it."""
        words, buffer, at, index = _Words(), b"", 0, 0
        last = entries if limit is None else min(entries, limit)  # the words kept
        while index < entries:
            match = _ENTRY.match(buffer, at)
            if match is None:  # the entry goes on in the next chunk
                more = self._file.read(_CHUNK)
                if not more or len(buffer) - at > _LONGEST_WORD:
                    problem = "the file ends" if more == b"" else "no NUL ends the word"
                    raise EmbeddingError(
                        f"{self.name}, word {index + 1} of {entries:,}: {problem} "
                        "in the fastText dictionary"
                    )
                buffer, at = buffer[at:] + more, 0
                continue
            if index < last:
                raw = match.group(1)
                try:
                    word = raw.decode(text.encoding, text.errors)
                except UnicodeDecodeError as error:
                    raise text.error(raw, error, f"{self.name}, word {index + 1}") from None
                if word not in words and (keep is None or keep(word.casefold())):
                    words.add(word, index)
            index, at = index + 1, match.end()
        self._file.seek(self._file.tell() - (len(buffer) - at))
        return words

    def _bytes(self, size: int, offset: int, what: str) -> bytes:
        """``size`` bytes of the file from ``offset``, where the header says they are."""
        if offset + size > os.fstat(self._file.fileno()).st_size:
            raise EmbeddingError(f"{self.name}: the fastText model ends inside {what}")
        return _read_at(self._file.fileno(), size, offset)

    def _vector_of(self, word: str) -> Optional[array[float]]:
        """The vector of a word: of its row, if it has one, and its n-grams' rows."""
        index = self._words.get(word)
        rows = [] if index is None else [index]
        if self.bucket and (self.subwords or rows):
            hashes = map(_fnv1a, _ngrams(word, self.minn, self.maxn))
            rows += [self._nwords + h % self.bucket for h in hashes]
        if not rows:
            return None
        if self._file.closed:
            raise EmbeddingError(f"{self.name}: the fastText model is closed")
        d, start, fd = self._columns, self._start, self._file.fileno()
        size = 4 * d
        data = b"".join([_read_at(fd, size, start + size * row) for row in rows])
        if len(data) != size * len(rows):  # the file was cut short since it was opened
            raise EmbeddingError(f"{self.name}: the fastText model ends inside a row")
        numbers = array("f")
        numbers.frombytes(data)
        if sys.byteorder == "big":  # pragma: no cover - the file's float32s are little-endian
            numbers.byteswap()
        # _mean of the rows, sum(e_i) / n a coordinate at a time, each coordinate's
        # numbers a strided view of the rows read: nothing is copied on the way.
        columns, n = memoryview(numbers), len(rows)
        mean = [math.fsum(columns[i::d]) / n for i in range(d)]
        if not _all_finite(mean):
            raise EmbeddingError(
                f"{self.name}: the vector of {_quote(word)} is not finite: "
                "a row of the model holds an inf or a nan"
            )
        return array("d", mean)

    def __getitem__(self, word: str) -> List[Number]:
        vector = self._found(word) if isinstance(word, str) else None
        if vector is None:
            raise KeyError(word)
        return list(vector)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        return word in self._words or bool(
            self.subwords and self.bucket and _ngrams(word, self.minn, self.maxn)
        )

    def __repr__(self) -> str:
        subwords = f"n-grams of {self.minn} to {self.maxn}" if self.subwords else "no subwords"
        size = f"{len(self)} words, dimension {self.dimension}"
        return f"<FastTextVectors {self.name}: {size}, {subwords}>"

    def __reduce__(self) -> Tuple[Any, ...]:
        return FastTextVectors._opened, self._args

    def close(self) -> None:
        """Close the model's file: the vectors kept stay, others cannot be read
        (docs/vectors.md closes one, in a with block)."""
        self._file.close()

    def _row(self, token: str) -> Optional[Sequence[Any]]:
        """The vector of the word a token stands for (the lookup rule), else of its n-grams."""
        if token not in self._words and self._words[token] is not None:  # a word in another case
            token = self._words.folded.get(token.casefold(), token.casefold())
        return self._found(token)

    def _row_of_exactly(self, token: str) -> Optional[Sequence[Any]]:
        return self._found(token)


# _read_at(fd, size, offset) reads without moving the file's position, which processes
# forked with it share.  (A map of the file reads as fast, but its pages, and the pages
# the system maps around them, count as the process's memory.)
if hasattr(os, "pread"):
    _read_at = os.pread
else:  # pragma: no cover - Windows, whose workers open files of their own

    def _read_at(fd: int, size: int, offset: int) -> bytes:
        os.lseek(fd, offset, os.SEEK_SET)
        return os.read(fd, size)


_FASTTEXT_MAGIC = struct.pack("<i", 793712314)  # how fastText's models have begun since 2017
_ARGUMENTS = struct.Struct("<12id")  # dim ws epoch minCount neg wordNgrams loss model bucket
#                                      minn maxn lrUpdateRate, and t
_SUPERVISED = 3  # fastText's code for a supervised model (cbow is 1, skipgram 2)
_ENTRY = re.compile(rb"([^\0]*)\0.{9}", re.DOTALL)  # a word, NUL, its int64 count, its type
_LONGEST_WORD = 1 << 20  # bytes of a word of a fastText dictionary, at most
_CACHED = 1 << 13  # the words whose vectors a fastText model keeps, the ones used last


# -- A corpus on every core --------------------------------------------------------


_Outcome = Tuple[bool, Any]  # (True, a result) or (False, the EmbeddingError raised)
_BATCH = 256  # items a worker process takes at a time
_FINISHING = 10.0  # seconds the batches sent may take to finish when a corpus stops early
_work: Optional[Callable[[Any], Any]] = None  # the function a worker process applies


def _outcomes(
    work: Callable[[Any], Any], items: Iterator[Any], jobs: int
) -> Iterator[Tuple[Any, _Outcome]]:
    """Each item with what ``work`` made of it, in order: computed here, or by ``jobs``
    worker processes.  An EmbeddingError that ``work`` raises is given
    back, for the caller to name the item it is about; the items are read as the
    results are taken, a few batches ahead, so a corpus of any length streams.
    """
    if jobs == 1:
        for item in items:
            yield item, _outcome(work, item)
        return
    import multiprocessing  # here, not at the top: most runs need no processes

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = context.Pool(jobs, _start_worker, (work,))
    pending: Deque[Tuple[List[Any], Any]] = deque()
    try:
        for batch in _batches(items):
            pending.append((batch, pool.apply_async(_outcomes_of, (batch,))))
            while len(pending) > 4 * jobs or (pending and pending[0][1].ready()):
                yield from _ready(pending)
        while pending:
            yield from _ready(pending)
    finally:  # the workers end in their own time once the batches they were given are done
        # Stopped early (an error, Ctrl-C, a reader gone): terminate() could kill a worker
        # while it writes its results and holds the lock of their queue, which the pool
        # would then wait for for ever; so the few batches sent are let finish, briefly.
        deadline = time.monotonic() + _FINISHING
        for _, result in pending:
            result.wait(max(0.0, deadline - time.monotonic()))
        if all(result.ready() for _, result in pending):
            pool.close()
        else:  # pragma: no cover - a batch that takes more than _FINISHING seconds
            pool.terminate()
        pool.join()


def _ready(pending: Deque[Tuple[List[Any], Any]]) -> Iterator[Tuple[Any, _Outcome]]:
    batch, result = pending.popleft()
    return zip(batch, result.get())


def _batches(items: Iterator[Any]) -> Iterator[List[Any]]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _start_worker(work: Callable[[Any], Any]) -> None:
    global _work
    _work = work
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it ends the workers


def _outcomes_of(batch: List[Any]) -> List[_Outcome]:
    """In a worker process: what its work makes of each item of a batch."""
    assert _work is not None
    return [_outcome(_work, item) for item in batch]


def _outcome(work: Callable[[Any], Any], item: Any) -> _Outcome:
    try:
        return True, work(item)
    except EmbeddingError as error:
        return False, error


# =============================================================================
# Part 4. Files and the command line
# =============================================================================

import argparse
import bz2
import codecs
import contextlib
import gzip
import io
import json
import lzma
import zlib
from typing import NamedTuple, NoReturn

# -- Reading vector files ---------------------------------------------------------

_OPENERS: Dict[str, Callable[..., Any]] = {
    ".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open, ".lzma": lzma.open,
}  # fmt: skip
_ERRORS = ("strict", "replace", "ignore")
_HEAD = 1 << 16  # bytes read first, to tell the format; the longest word of a binary file
_CHUNK = 1 << 20  # bytes of a binary file read at a time
_LINES = 1 << 16  # bytes of a text file read at a time
_LARGEST_VECTOR = 1 << 31  # bytes of one vector of a binary file, at most
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # bytes that text never has


def load_vectors(
    source: Union[str, os.PathLike[str], Iterable[Union[str, bytes]]],
    *,
    limit: Optional[int] = None,
    words: Optional[Iterable[str]] = None,
    encoding: str = "utf-8",
    errors: str = "strict",
    dtype: str = "float64",
    subwords: bool = True,
) -> Vectors:
    """Read word vectors from a GloVe, word2vec or fastText file.

    ``source`` is a path or any iterable of lines of text; a path ending in
    ``.gz``, ``.bz2`` or ``.xz`` is decompressed.  The format is detected.
    GloVe files have no header; word2vec files start with a line "count
    dimension", which is checked against the body, and are text or binary
    (each word, a space and ``dimension`` float32s, as the word2vec tool and
    gensim write them; kept as float32).  In text, each line is a word and
    its numbers, separated by spaces; a word may contain spaces (the last
    ``dimension`` fields are the numbers).  CRLF line ends, trailing spaces,
    a byte-order mark and blank lines are fine.  Each number is read as the
    nearest float64, or with ``dtype="float32"`` kept as the nearest float32
    (half the memory, gensim's rounding).  When a word appears twice, the
    first vector wins.

    A fastText model (``.bin``, either format) is opened lazily as a
    ``FastTextVectors``, which gives unknown words the vectors of their
    character n-grams (``subwords=False``: the vocabulary alone).

    ``limit`` reads only the first N vectors of the file: duplicates and
    vectors that ``words`` leaves out count too.  ``words`` keeps only the
    vectors those words can look up (exactly or case-insensitively); vectors
    left out are checked for their shape, not their numbers.  ``errors``
    says what to do with bytes that are not ``encoding`` in a word:
    ``"strict"`` (an error), ``"replace"`` or ``"ignore"``, as in gensim.  A
    bad file raises EmbeddingError naming the file and the line (or the
    vector and byte offset); nothing is returned half-loaded.

    >>> vectors = load_vectors(["2 3", "milk 3 5 0.5", "Tea 1 0 2"])
    >>> vectors["milk"], vectors.dimension
    ([3.0, 5.0, 0.5], 3)
    >>> load_vectors(["milk 3 5", "milk 1 1", "... 0 -1"])
    <Vectors: 2 words, dimension 2>
    """
    limit, keep, text, ascii_compatible = _reading(limit, words, encoding, errors)
    if dtype not in _DTYPES:
        raise EmbeddingError(f"dtype must be one of {', '.join(_DTYPES)}, not {_quote(dtype)}")
    if not isinstance(source, (str, os.PathLike)):
        if isinstance(source, (bytes, bytearray)) or not hasattr(source, "__iter__"):
            raise TypeError(f"source must be a path or lines of text, not {type(source).__name__}")
        name = str(getattr(source, "name", "<lines>"))
        if not ascii_compatible:
            raise EmbeddingError(f"lines of text cannot be read as {encoding}: give a path")
        lines = _as_bytes(source, name, encoding)
        return _read_text(lines, name, limit, keep, text, False, _DTYPES[dtype])
    name = os.fspath(source)
    opener = _OPENERS.get(os.path.splitext(name)[1].lower(), open)
    progress = sys.stderr.isatty()
    unreadable = () if opener is open else (EOFError, OSError, zlib.error, lzma.LZMAError)
    with _open_binary(name, opener) as opened:
        try:
            read, binary = _sniff(opened, name, ascii_compatible)
            size = _size(opened) if opener is open else None
            if binary == _FASTTEXT:
                if size is None:
                    place = "in a regular file" if opener is open else "decompressed"
                    raise EmbeddingError(
                        f"{name}: a fastText model is read in place: give it {place}"
                    )
                return FastTextVectors._opened(name, subwords, limit, keep, text)
            buffered = _CHUNK if binary else _LINES  # a text file is read a line at a time
            file = io.BufferedReader(_Unread(read, opened), buffered)  # no seeking: pipes work
            if binary is not None:
                count, dimension = binary
                return _read_binary(file, name, count, dimension, size, limit, keep, text, progress)
            if ascii_compatible:
                return _read_text(file, name, limit, keep, text, progress, _DTYPES[dtype])
            # Numbers are parsed from bytes: UTF-16 and the like are re-encoded as UTF-8.
            decoded = io.TextIOWrapper(file, encoding, errors=errors)
            lines = _as_bytes(decoded, name, "utf-8")
            return _read_text(lines, name, limit, keep, _UTF8, progress, _DTYPES[dtype])
        except UnicodeError as error:  # only from decoding: the loader's own errors are not
            raise EmbeddingError(f"{name}: cannot decode it as {encoding} ({error})") from None
        except unreadable as error:  # a compressed file that is not
            raise EmbeddingError(
                f"{name}: not a readable {opener.__module__} file ({error})"
            ) from None


def load_counts(
    source: Union[str, os.PathLike[str], Iterable[Union[str, bytes]]],
    *,
    encoding: str = "utf-8",
    errors: str = "strict",
) -> Dict[str, int]:
    """Read word counts, a line "word count" each, as word2vec's -save-vocab,
    gensim's fvocab and the frequency files of SIF's authors write them: for
    ``SIF`` and ``USIF``.  ``source`` is a path (``.gz``, ``.bz2`` and ``.xz``
    decompressed) or lines of text; ``encoding`` and ``errors`` as in
    ``load_vectors``.  A word may contain spaces (the count is the last
    field); blank lines are skipped; when a word comes twice the first count
    wins.  A bad line raises EmbeddingError naming the file and the line.

    >>> load_counts(["the 1061396", "milk 1990", "chocolate 1008"])
    {'the': 1061396, 'milk': 1990, 'chocolate': 1008}
    """
    _, _, text, ascii_compatible = _reading(None, None, encoding, errors)
    if not ascii_compatible:
        raise EmbeddingError(f"counts cannot be read as {encoding}: its digits are not ASCII's")
    if not isinstance(source, (str, os.PathLike)):
        if isinstance(source, (bytes, bytearray)) or not hasattr(source, "__iter__"):
            raise TypeError(f"source must be a path or lines of text, not {type(source).__name__}")
        name = str(getattr(source, "name", "<lines>"))
        return _read_counts(_as_bytes(source, name, encoding), name, text)
    name = os.fspath(source)
    opener = _OPENERS.get(os.path.splitext(name)[1].lower(), open)
    unreadable = () if opener is open else (EOFError, OSError, zlib.error, lzma.LZMAError)
    with _open_binary(name, opener) as file:
        try:
            return _read_counts(file, name, text)
        except unreadable as error:
            raise EmbeddingError(
                f"{name}: not a readable {opener.__module__} file ({error})"
            ) from None


def _read_counts(lines: Iterable[bytes], name: str, text: _Text) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    bom = codecs.BOM_UTF8 if codecs.lookup(text.encoding).name.startswith("utf-8") else b""
    for number, line in enumerate(lines, 1):
        if number == 1 and bom and line.startswith(bom):
            line = line[len(bom) :]
        fields = line.split()
        if not fields:
            continue
        where = f"{name}, line {number}"
        found = _quote(text.decode(line.strip(), where))
        if len(fields) < 2:
            raise EmbeddingError(f"{where}: expected a word and its count, found {found}")
        if not fields[-1].isdigit() or len(fields[-1]) > _DIGITS_OF_A_COUNT:
            raise EmbeddingError(f"{where}: the count is not a whole number: {found}")
        word = text.decode(line.strip()[: -len(fields[-1])].strip(), where)
        counts.setdefault(word, int(fields[-1]))
    if not counts:
        raise EmbeddingError(f"{name}: no counts in it")
    return counts


_DIGITS_OF_A_COUNT = 30  # a count has fewer (int() of thousands of digits is refused)


def _reading(
    limit: Optional[int], words: Optional[Iterable[str]], encoding: str, errors: str
) -> Tuple[Optional[int], Optional[Callable[[str], bool]], _Text, bool]:
    """The options of reading a file, checked: the limit, which words to keep, how
    to decode them, and whether the encoding writes the numbers as ASCII does."""
    limit = None if limit is None else _whole_number(limit, "limit", 1)
    keep = None
    if words is not None:
        keep = frozenset(word.casefold() for word in _words(words, "words")).__contains__
    if errors not in _ERRORS:
        raise EmbeddingError(f"errors must be one of {', '.join(_ERRORS)}, not {_quote(errors)}")
    try:
        ascii_compatible = _DIGITS.encode(encoding) == _DIGITS.encode("ascii")
    except LookupError:
        raise EmbeddingError(f"unknown encoding {_quote(encoding)}") from None
    return limit, keep, _Text(encoding, errors), ascii_compatible


class _Unread(io.RawIOBase):
    """A file read from its start again: the bytes already read, then the rest."""

    def __init__(self, read: bytes, rest: Any) -> None:
        self._read, self._rest = memoryview(read), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._read:
            n = min(len(buffer), len(self._read))
            buffer[:n], self._read = self._read[:n], self._read[n:]
            return n
        return int(self._rest.readinto(buffer))


def _size(file: Any) -> Optional[int]:
    """The size of a regular file; None for a pipe, a FIFO or a terminal."""
    status = os.fstat(file.fileno())
    return status.st_size if stat.S_ISREG(status.st_mode) else None


_DIGITS = "0123456789 .+-eE\n"  # what an encoding must write as ASCII does for the numbers


class _Text(NamedTuple):
    """How the words of a file are decoded."""

    encoding: str
    errors: str
    fix: str = "errors='replace' or 'ignore' reads it"  # what the error suggests

    def decode(self, raw: bytes, where: str) -> str:
        try:
            return raw.decode(self.encoding, self.errors)
        except UnicodeDecodeError as error:
            raise self.error(raw, error, where) from None

    def error(self, raw: bytes, error: UnicodeDecodeError, where: str) -> EmbeddingError:
        return EmbeddingError(
            f"{where}: cannot decode byte {raw[error.start]:#04x} as {self.encoding} ({self.fix})"
        )


_UTF8 = _Text("utf-8", "strict")
_SENTENCES = _Text("utf-8", "strict", "sentences are read as UTF-8 text")


def _sniff(file: Any, name: str, ascii_compatible: bool) -> Tuple[bytes, Any]:
    """Tell the format from the file's first lines, read whole: the bytes read,
    and (count, dimension) for a binary word2vec file, _FASTTEXT for a
    fastText model, or None for text.

    After a header "count dimension", the file is text when the next line is a
    word and numbers (with no control characters), read to its end, which in
    text comes within 32 bytes a number; otherwise it is binary.
    """
    read = file.read(_ARGUMENTS.size)
    if read.startswith(_FASTTEXT_MAGIC) or _looks_like_fasttext_arguments(read):
        return read, _FASTTEXT
    if b"\n" not in read:
        read += file.readline(_HEAD)  # a header is short; of a longer line, this is enough
    first, newline, after = read.partition(b"\n")
    fields = first.split()
    if not (ascii_compatible and newline and _is_header(fields)):
        control = _CONTROL.search(read) if ascii_compatible else None
        if control:
            raise EmbeddingError(
                f"{name}: looks like a binary file (byte {read[control.start()]:#04x} at "
                f"offset {control.start()}), not word vectors as text or word2vec binary"
            )
        return read, None
    count, dimension = int(fields[0]), int(fields[1])
    longest = min(_HEAD + 32 * dimension, _LONGEST_LINE)
    ended = b"\n" in after
    if not ended:
        rest = file.readline(longest)
        after, ended = after + rest, len(rest) < longest or rest.endswith(b"\n")
    line = after.partition(b"\n")[0]
    text = not after.strip() or (
        ended and _trailing_numbers(line.rstrip().split(b" ")) > 0 and not _CONTROL.search(line)
    )
    return first + newline + after, None if text else (count, dimension)


_FASTTEXT = "fastText"  # what _sniff says of a fastText model
_FITTED = ("sif", "usif")  # the command line's methods that are fitted on the corpus
_DTYPES = {"float64": "d", "float32": "f"}  # load_vectors's dtype: the array type of a text file
_LONGEST_LINE = 1 << 26  # bytes of a text line read to tell text from binary


def _looks_like_fasttext_arguments(head: bytes) -> bool:
    """An old fastText model (before 2017) starts with its arguments as int32s, then a
    double: dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn, maxn,
    lrUpdateRate, t.  The loss and the model are small codes, and t a sampling
    threshold between 0 and 1: no text file, and no word2vec file, starts so."""
    if len(head) < _ARGUMENTS.size:
        return False
    dim, _, _, _, _, _, loss, model, _, minn, maxn, _, t = _ARGUMENTS.unpack_from(head)
    return bool(dim > 0 and 1 <= loss <= 4 and 1 <= model <= 3 and 0 <= minn <= maxn and 0 < t < 1)


class _Progress:
    """ "sentemb: 65,536 vectors (57,023/s)" on stderr, at most twice a second, when
    it is a terminal.  The line is ended before anything else is printed, even
    when the reading fails or is interrupted."""

    def __init__(self, shown: bool) -> None:
        self.shown = shown
        self.started = self.last = time.monotonic()

    def __enter__(self) -> _Progress:
        return self

    def count(self, count: int) -> None:
        """Called every 65,536 vectors."""
        if self.shown:
            now = time.monotonic()
            if now - self.last > 0.5:
                rate = count / (now - self.started)
                print(f"\rsentemb: {count:,} vectors ({rate:,.0f}/s)", end="", file=sys.stderr)
                self.last = now

    def __exit__(self, *exception: Any) -> None:
        if self.last != self.started:
            print(file=sys.stderr)


def _as_bytes(lines: Iterable[Any], name: str, encoding: str) -> Iterator[bytes]:
    """Lines as bytes in ``encoding``: the loader parses numbers from bytes."""
    for number, line in enumerate(lines, 1):
        if isinstance(line, str):
            try:
                line = line.encode(encoding)
            except UnicodeEncodeError as error:
                raise EmbeddingError(
                    f"{name}, line {number}: cannot encode {error.object[error.start]!r} "
                    f"as {encoding}"
                ) from None
        elif not isinstance(line, (bytes, bytearray)):
            raise TypeError(f"{name}, line {number}: not text but {type(line).__name__}")
        yield line


def _read_text(
    lines: Iterable[bytes],
    name: str,
    limit: Optional[int],
    keep: Optional[Callable[[str], bool]],
    text: _Text,
    progress: bool,
    typecode: str,
) -> Vectors:
    words, data = _Words(), cast("array[float]", array(typecode))
    line_numbers = array("I")  # the line of each stored vector, to name a bad number
    dimension = 0  # not known yet
    width = -1  # fields on a plain line: a word and `dimension` numbers
    header: Optional[Tuple[int, int]] = None  # (count, line number) of a word2vec header
    source = ""  # where the dimension comes from, for the errors that depend on it
    count = 0  # vector lines read
    bom = codecs.BOM_UTF8 if codecs.lookup(text.encoding).name.startswith("utf-8") else None
    number = 0
    with _Progress(progress) as shown:
        for number, line in enumerate(lines, 1):
            fields = line.rstrip().split(b" ")
            if len(fields) != width:  # the first line, a blank line, a word with spaces, an error
                if number == 1 and bom and line.startswith(bom):
                    line = line[len(bom) :]
                    fields = line.rstrip().split(b" ")
                if fields == [b""]:
                    continue
                where = f"{name}, line {number}"
                if not dimension:
                    parts = line.split()  # a header may be separated by any whitespace
                    if count == 0 and header is None and _is_header(parts):
                        header = (int(parts[0]), number)
                        dimension = int(parts[1])
                        if not dimension:
                            raise EmbeddingError(f"{where}: the header gives dimension 0")
                        width = dimension + 1
                        source = f"the header on line {number} says so"
                        continue
                    dimension = _trailing_numbers(fields)
                    found = _quote(text.decode(line, where).strip())
                    if not dimension:
                        raise EmbeddingError(f"{where}: expected a word and numbers, found {found}")
                    width = dimension + 1
                    source = f"line {number} has {dimension}: {found}"
                if len(fields) != width:
                    fields = [_word(fields, dimension, where, source), *fields[-dimension:]]
            try:  # text.decode, without building the place for each line
                word = fields[0].decode(text.encoding, text.errors)
            except UnicodeDecodeError as error:
                raise text.error(fields[0], error, f"{name}, line {number}") from None
            count += 1
            if word not in words and (keep is None or keep(word.casefold())):
                words.add(word, len(data))
                try:
                    data.extend(map(float, fields[1:]))
                except ValueError:
                    raise _number_error(fields[1:], text, f"{name}, line {number}") from None
                line_numbers.append(number)
            if count == limit:
                break
            if not count & 0xFFFF:
                shown.count(count)
    if header is not None and count != header[0] and count != limit:
        raise EmbeddingError(
            f"{name}, line {header[1]}: the header says {_count(header[0], 'vector')}, "
            f"the file has {count:,}"
        )
    if header is not None and not count:
        raise EmbeddingError(f"{name}, line {header[1]}: the header says 0 vectors: none to load")
    if not dimension:
        if number:
            raise EmbeddingError(f"{name}, line {number}: no vectors by the end of the file")
        raise EmbeddingError(f"{name}: the file is empty")
    _check_finite(data, dimension, lambda row: f"{name}, line {line_numbers[row]}")
    return Vectors._of(data, words, dimension)


def _read_binary(
    file: Any,
    name: str,
    count: int,
    dimension: int,
    total: Optional[int],
    limit: Optional[int],
    keep: Optional[Callable[[str], bool]],
    text: _Text,
    progress: bool,
) -> Vectors:
    """A word2vec binary file: after the header line, each vector is a word, a
    space and ``dimension`` little-endian float32s, perhaps after a newline.
    ``total`` is the file's size in bytes, when it is known."""
    if not dimension or not count:
        says = "gives dimension 0" if not dimension else "says 0 vectors: none to load"
        raise EmbeddingError(f"{name}, line 1: the header {says}")
    words, data = _Words(), array("f")
    vector_numbers = array("L")  # the vector number of each stored vector
    size = 4 * dimension
    offset = len(file.readline())  # the header; offset: where `buffer` starts in the file
    read, last = 0, count if limit is None else min(count, limit)
    if (last and total is not None and size + 2 > total - offset) or size > _LARGEST_VECTOR:
        have = "" if total is None else f", and the file has {total - offset:,} after the header"
        raise EmbeddingError(
            f"{name}, line 1: the header says vectors of {dimension:,} numbers, each of them "
            f"{size + 2:,} bytes at least{have}"
        )
    record = re.compile(rb"\n*([^ ]*) (.{%d})" % size, re.DOTALL)  # \n: the C tool ends with one
    buffer = bytearray(_HEAD + min(size, _CHUNK) + _CHUNK)  # reused: fresh memory is slow to touch
    filled = end = 0  # bytes in the buffer; where the last whole vector in them ends
    encoding, errors = text.encoding, text.errors
    with _Progress(progress) as shown:
        while read < last:
            got = file.readinto(memoryview(buffer)[filled:])
            if not got:
                where = f"{name}, vector {read + 1} (byte offset {offset})"
                raise EmbeddingError(
                    f"{where}: the file ends inside it; the header says {_count(count, 'vector')}"
                )
            filled, end = filled + got, 0
            numbers = memoryview(buffer)
            match = record.match(buffer, 0, filled)
            while match:  # each whole vector, one after the other
                raw = match.group(1)
                try:  # text.decode, without building the place for each vector
                    word = raw.decode(encoding, errors)
                except UnicodeDecodeError as error:
                    where = f"{name}, vector {read + 1} (byte offset {offset + end})"
                    raise text.error(raw, error, where) from None
                read, end = read + 1, match.end()
                if word not in words and (keep is None or keep(word.casefold())):
                    words.add(word, len(data))
                    data.frombytes(numbers[end - size : end])
                    vector_numbers.append(read)
                if not read & 0xFFFF:
                    shown.count(read)
                match = record.match(buffer, end, filled) if read < last else None
            if read < last and filled - end > _HEAD + size:  # more than a vector cut short
                where = f"{name}, vector {read + 1} (byte offset {offset + end})"
                raise EmbeddingError(f"{where}: no space after a word in {_HEAD:,} bytes")
            buffer[: filled - end] = bytes(numbers[end:filled])  # what is left goes first
            filled, offset = filled - end, offset + end
            if filled == len(buffer):  # a vector longer than the buffer: it grows with the file
                numbers.release()
                buffer.extend(bytes(len(buffer)))
    if read == count != limit:
        rest = bytes(buffer[:filled])
        while rest and not rest.strip():
            rest = file.read(_CHUNK)
        if rest.strip():
            raise EmbeddingError(
                f"{name}: the header says {_count(count, 'vector')}, "
                f"but more follows vector {count:,}"
            )
    if sys.byteorder == "big":  # pragma: no cover - the file's float32s are little-endian
        data.byteswap()
    _check_finite(data, dimension, lambda row: f"{name}, vector {vector_numbers[row]}")
    return Vectors._of(data, words, dimension)


def _check_finite(data: array[float], dimension: int, where: Callable[[int], str]) -> None:
    """Name the first number of a loaded file that is not finite.

    An inf or a nan has all its exponent bits set, so its most significant
    byte is 0x7f or 0xff.  Looking at those bytes alone, a block at a time,
    is much faster than making a Python float of every number; a block where
    one turns up (a number of magnitude 2**120 or more does too) is checked
    number by number.
    """
    numbers, width = memoryview(data), data.itemsize
    for start in range(0, len(data), _BLOCK):
        tops = numbers[start : start + _BLOCK].tobytes()[_TOP_BYTE[width] :: width]
        if b"\x7f" in tops or b"\xff" in tops:
            for index in range(start, min(start + _BLOCK, len(data))):
                value = data[index]
                if not math.isfinite(value):
                    raise EmbeddingError(
                        f"{where(index // dimension)}: number {index % dimension + 1} is not "
                        f"a finite float{8 * width}: it reads as {value!r}"
                    )


_BLOCK = 1 << 16  # numbers whose top bytes are looked at together
_TOP_BYTE = {4: 3, 8: 7} if sys.byteorder == "little" else {4: 0, 8: 0}


def _is_header(fields: List[bytes]) -> bool:
    return len(fields) == 2 and fields[0].isdigit() and fields[1].isdigit()


def _trailing_numbers(fields: List[bytes]) -> int:
    """How many fields at the end of a line are numbers (the first is the word)."""
    dimension = 0
    for field in reversed(fields[1:]):
        if not _is_number(field):
            break
        dimension += 1
    return dimension


def _word(fields: List[bytes], dimension: int, where: str, source: str) -> bytes:
    """The word of a line whose fields are not one word and ``dimension`` numbers."""
    found = _trailing_numbers(fields)
    if len(fields) <= dimension or found > dimension:
        raise EmbeddingError(
            f"{where}: expected a word and {_count(dimension, 'number')}, "
            f"found {_count(found, 'number')} ({source})"
        )
    return b" ".join(fields[:-dimension])  # a word with spaces in it, such as ". . ."


def _number_error(fields: List[bytes], text: _Text, where: str) -> Exception:
    """The error for the first field of a line that is not a number."""
    position, field = next((i, f) for i, f in enumerate(fields, 1) if not _is_number(f))
    return EmbeddingError(
        f"{where}: number {position} is not a number: {_quote(text.decode(field, where))}"
    )


def _is_number(field: bytes) -> bool:
    try:
        float(field)
    except ValueError:
        return False
    return True


# -- Command line ----------------------------------------------------------------


def _format(vector: Sequence[Number]) -> str:
    return "[" + ", ".join(map(str, vector)) + "]"  # str: 2/7 for a Fraction, repr for a float


class _Results(NamedTuple):
    tokens: List[str]
    vectors: Dict[str, Optional[List[Number]]]  # method -> embedding, None if it fails
    errors: Dict[str, str]  # method -> why it fails


def _embed_all(embedder: SentenceEmbedder, sentence: str, need_weights: bool) -> _Results:
    tokens = embedder.tokens(sentence)
    results = _Results(tokens, {}, {})
    for method in _METHODS:
        embed = getattr(embedder, method)
        results.vectors[method] = None
        if method == "weighted" and need_weights:
            results.errors[method] = "give --weights, one weight per token"
        else:
            try:
                results.vectors[method] = embed(tokens)  # tokenized once, for all three
            except OutOfVocabularyError:  # --oov error fails the sentence
                raise
            except EmbeddingError as error:  # it does not apply
                # The message quotes the sentence as the user gave it, not the token list.
                results.errors[method] = str(error).replace(_quote(tokens), _quote(sentence))
    return results


_LABELS = {
    "average": "1. simple average",
    "skip_filler": "2. skip filler words",
    "weighted": "3. weighted average",
}


def _report(
    sentence: str,
    shown: SentenceEmbedder,
    need_weights: bool,
    exact: Optional[SentenceEmbedder],
    weights: Optional[str],
) -> str:
    """The human-readable report; ``exact`` adds each answer as fractions; ``weights``
    are the weights as the command line gave them."""
    results = _embed_all(shown, sentence, need_weights)
    fractions = None if exact is None else _embed_all(exact, sentence, False)  # no --vectors
    tokens = results.tokens
    kept = set(shown._without_fillers(tokens))
    fillers = [token for token in tokens if token not in kept]
    oov = shown.oov_vector
    handled = {
        "vector": f"embedded as {_format(oov) if len(oov) <= 4 else '-1 everywhere'}",
        "skip": "skipped",
        "error": "not allowed",
    }[shown.oov]
    weight_text = " ".join(map(str, shown.attention_weights)) if weights is None else weights
    if need_weights:
        weight_text = "none given (--weights)"
    lines = [
        f"sentence: {sentence}",
        f"tokens ({len(tokens)}): {' | '.join(tokens)}",
        "reading: "
        + (
            "punctuation marks are tokens (the default; --words-only drops them)"
            if shown.keep_punctuation
            else "words only (punctuation dropped)"
        ),
        f"out of vocabulary, {handled}: "
        + (", ".join(t for t in tokens if shown._vocabulary.vector(t) is None) or "-"),
        f"filler words skipped by method 2: {', '.join(fillers) or '-'}",
        f"attention weights (method 3): {weight_text}",
        "",
    ]
    for method, label in _LABELS.items():
        vector = results.vectors[method]
        if vector is None:
            lines.append(f"{label:<22} does not apply: {results.errors[method]}")
        elif fractions is None:
            lines.append(f"{label:<22} {_format(vector)}")
        else:
            exact_vector = fractions.vectors[method]
            assert exact_vector is not None  # the same rules fail in both modes
            lines.append(f"{label:<22} {_format(vector)}  = {_format(exact_vector)} exactly")
    return "\n".join(lines)


def _jsonable(vector: Optional[List[Number]]) -> Optional[List[Any]]:
    if vector is None:
        return None
    return [str(x) if isinstance(x, Fraction) else x for x in vector]


def _json_report(sentence: str, embedder: SentenceEmbedder, need_weights: bool) -> Dict[str, Any]:
    results = _embed_all(embedder, sentence, need_weights)
    document: Dict[str, Any] = {"tokens": results.tokens}
    for method, vector in results.vectors.items():
        document[method] = _jsonable(vector)
    document["errors"] = results.errors
    return document


def _weights(text: str) -> List[Fraction]:
    """Weights as written on the command line: "0.5 1 0.7" or "0.5,1,0.7"."""
    weights = []
    for field in _weight_fields(text):
        try:
            weights.append(Fraction(field))
        except (ValueError, ZeroDivisionError):
            raise EmbeddingError(f"--weights: {_quote(field)} is not a number") from None
    return weights


def _weight_fields(text: str) -> List[str]:
    return re.split(r"[,\s]+", text.strip())


class _Parser(argparse.ArgumentParser):
    """argparse, whose usage errors quote what was given cut short."""

    def error(self, message: str) -> NoReturn:
        super().error(re.sub(r"\S{81,}", lambda long: _cut(long.group()), message))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sentemb.py",
        description=(
            "Sentence embeddings from word embeddings: the lecture exercise. "
            "With no sentence, prints the exercise's three answers; with --vectors, "
            "embeds sentences with a GloVe, word2vec or fastText file."
        ),
        epilog=(
            "Tokens: runs of letters, digits and underscores are words; every other visible "
            "character is a token of its own; combining marks, variation selectors and "
            "skin tones stay with the character before them. Exercise vocabulary: "
            "I, lot, love, chocolate, milk; word i is [i-1, i+1]; any other token is [-1, -1]. "
            "Exit status 2 on bad input, 130 when interrupted."
        ),
    )
    parser.add_argument(
        "sentences",
        nargs="*",
        metavar="SENTENCE",
        help=f"sentences to embed; a lone - reads them from standard input, one per line "
        f"(default, without --vectors: {EXERCISE_SENTENCE!r})",
    )
    parser.add_argument(
        "--input", metavar="FILE", help="embed the lines of FILE, one sentence per line"
    )
    parser.add_argument(
        "--words-only",
        action="store_true",
        help="drop punctuation tokens (the 6-token reading; method 3 then does not apply)",
    )
    parser.add_argument("--exact", action="store_true", help="print exact fractions only")
    parser.add_argument("--json", action="store_true", help="print JSON, one object per line")
    parser.add_argument(
        "--vectors",
        metavar="FILE",
        help="word vectors: GloVe, word2vec (text or binary), fastText .vec or .bin; "
        ".gz, .bz2, .xz",
    )
    parser.add_argument("--limit", type=int, metavar="N", help="read the first N vectors only")
    parser.add_argument(
        "--float32",
        action="store_const",
        const="float32",
        help="keep a text file's numbers as float32: half the memory, gensim's rounding",
    )
    parser.add_argument(
        "--encoding",
        help="the encoding of the --vectors file (default utf-8)",
    )
    parser.add_argument(
        "--errors",
        choices=_ERRORS,
        help="bytes in a word that are not the encoding: an error (default), replace, ignore",
    )
    parser.add_argument(
        "--case-sensitive",
        action="store_true",
        help="a token finds only the word it is, not a word that differs in case",
    )
    parser.add_argument(
        "--oov",
        choices=OOV_POLICIES,
        default="vector",
        help="out-of-vocabulary tokens: -1 vector (default), skip them, or fail",
    )
    parser.add_argument(
        "--weights",
        metavar="W",
        help='method 3\'s weights, one per token: "0.5 1 0.7" or "0.5,1,0.7"',
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--compare", nargs=2, metavar=("A", "B"), help="print the cosine similarity of A and B"
    )
    action.add_argument(
        "--rank",
        nargs=2,
        metavar=("QUERY", "FILE"),
        help="rank the lines of FILE (- for standard input) by cosine similarity to QUERY",
    )
    parser.add_argument("-k", type=int, metavar="N", help="with --rank: print the best N")
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="embed the sentences of - or --input, or the lines --rank ranks, in N processes "
        "(default 1)",
    )
    parser.add_argument(
        "--method",
        choices=_METHODS + _FITTED,
        help="the method --compare and --rank embed with (default: average); sif or usif "
        "embeds the sentences of - or --input, fitted on them, with --counts",
    )
    parser.add_argument(
        "--counts",
        metavar="FILE",
        help='word counts for --method sif or usif, a line "word count" each',
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


class _Output(NamedTuple):
    """A line of output, and what it is as JSON (to escape what the terminal cannot show)."""

    text: str
    document: Any = None


def _run(args: argparse.Namespace) -> Iterator[_Output]:
    if args.vectors is None:
        yield from _outputs(args, None)
        return
    with load_vectors(  # closed after: main() in a process that goes on leaves no file open
        args.vectors,
        limit=args.limit,
        encoding=args.encoding,
        errors=args.errors,
        dtype=args.float32 or "float64",
    ) as vectors:
        yield from _outputs(args, vectors)


def _outputs(args: argparse.Namespace, vectors: Optional[Vectors]) -> Iterator[_Output]:
    weights = None if args.weights is None else _weights(args.weights)
    need_weights = vectors is not None and weights is None  # the lecture's 7 are not for them
    if need_weights and args.method == "weighted":
        raise EmbeddingError("--method weighted with --vectors needs --weights, one per token")

    def embedder(exact: bool) -> SentenceEmbedder:
        return SentenceEmbedder(
            vocab_embeddings=vectors,
            attention_weights=weights,
            oov=args.oov,
            keep_punctuation=not args.words_only,
            fold_case=not args.case_sensitive,
            exact=exact,
        )

    main_embedder = embedder(args.exact)
    if args.method in _FITTED:
        yield from _fitted(args, vectors, main_embedder)
        return
    if args.compare:
        a, b = args.compare
        score = main_embedder.similarity(a, b, args.method)
        document = {"a": a, "b": b, "method": args.method, "similarity": score}
        if args.json:
            yield _Output(json.dumps(document, ensure_ascii=False), document)
        else:
            yield _Output(f"cosine similarity ({args.method}) of {a!r} and {b!r}: {score!r}")
        return
    if args.rank:
        query, path = args.rank
        numbered = list(_lines(path, "candidates"))
        places = [f"{_file_name(path)}, line {number}" for number, _ in numbered]
        candidates = [text for _, text in numbered]
        where = places.__getitem__
        ranked = main_embedder._ranked(query, candidates, args.k, args.method, where, args.jobs)
        if args.json:
            results = [{"text": text, "similarity": score} for text, score in ranked]
            document = {"query": query, "method": args.method, "results": results}
            yield _Output(json.dumps(document, ensure_ascii=False), document)
        for text, score in [] if args.json else ranked:
            yield _Output(f"{score:.6f}  {text}")
        return

    both = None if args.exact or vectors is not None else embedder(exact=True)
    weights_text = None if args.weights is None else " ".join(_weight_fields(args.weights))
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    show = functools.partial(
        _shown_sentence, main_embedder, args.json, need_weights, both, weights_text, encoding
    )
    sentences = _sentences(args, vectors is not None)
    for number, ((where, _), (done, text)) in enumerate(_outcomes(show, sentences, args.jobs)):
        if not done:  # --oov error
            raise type(text)(f"{where}{text}")
        yield _Output(("\n" if number and not args.json else "") + text)


def _fitted(
    args: argparse.Namespace, vectors: Any, embedder: SentenceEmbedder
) -> Iterator[_Output]:
    """--method sif or usif: the model fitted on the sentences of the corpus, then
    each sentence's embedding, in order."""
    counts = load_counts(args.counts)
    model = SIF(vectors, counts) if args.method == "sif" else USIF(vectors, counts)
    sentences, tokens = [], []
    for where, sentence in _sentences(args, True):
        try:
            tokens.append(embedder.tokens(sentence))  # --words-only and the like apply
        except EmbeddingError as error:
            raise EmbeddingError(f"{where}{error}") from None
        sentences.append(sentence)
    model.fit(tokens)
    for number, (sentence, vector) in enumerate(zip(sentences, model.embeddings)):
        problem = None if vector is not None else "every token is out of vocabulary"
        if args.json:
            document: Dict[str, Any] = {"sentence": sentence, args.method: vector}
            document["errors"] = {args.method: problem} if problem else {}
            yield _Output(json.dumps(document, ensure_ascii=False), document)
        else:
            shown = _format(vector) if vector is not None else f"does not apply: {problem}"
            blank = "\n" if number else ""
            yield _Output(f"{blank}sentence: {sentence}\n{args.method}  {shown}")


def _shown_sentence(
    embedder: SentenceEmbedder,
    as_json: bool,
    need_weights: bool,
    exact: Optional[SentenceEmbedder],
    weights_text: Optional[str],
    encoding: str,
    place: Tuple[str, str],
) -> str:
    """One sentence's report or JSON line (in a worker process, with --jobs), written so
    that ``encoding`` can show it."""
    sentence = place[1]
    if not as_json:
        return _report(sentence, embedder, need_weights, exact, weights_text)
    document = _json_report(sentence, embedder, need_weights)
    text = json.dumps(document, ensure_ascii=False)
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        text = json.dumps(document)  # \u escapes: the same JSON
    return text


def _sentences(args: argparse.Namespace, have_vectors: bool) -> Iterator[Tuple[str, str]]:
    """The sentences to embed, each with where it comes from (for an error message)."""
    if args.input is not None or args.sentences == ["-"]:
        path = "-" if args.input is None else args.input
        for number, line in _lines(path, "sentences"):
            yield f"{_file_name(path)}, line {number}: ", line
    elif args.sentences or not have_vectors:
        for sentence in args.sentences or [EXERCISE_SENTENCE]:
            yield "", sentence
    else:
        raise EmbeddingError("nothing to embed: give a SENTENCE, --input, --compare A B or --rank")


def _file_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _lines(path: str, what: str) -> Iterator[Tuple[int, str]]:
    """The non-blank lines of a UTF-8 file (or of standard input for -), numbered,
    without a byte-order mark; an error names the file and the line."""
    name = _file_name(path)
    if path == "-":
        if sys.stdin is None:
            raise EmbeddingError("standard input is closed: give the file instead of -")
        yield from _numbered(getattr(sys.stdin, "buffer", sys.stdin), name, what)
        return
    with _open_binary(path) as file:
        yield from _numbered(file, name, what)


def _numbered(
    lines: Iterable[Union[str, bytes]], name: str, what: str
) -> Iterator[Tuple[int, str]]:
    text = _SENTENCES
    found = False
    for number, line in enumerate(lines, 1):
        if isinstance(line, bytes):
            line = text.decode(line, f"{name}, line {number}")
        if number == 1:
            line = line.lstrip("\ufeff")
        line = line.strip()
        if line:
            found = True
            yield number, line
    if not found:
        raise EmbeddingError(f"{name}: no {what} in it (one per line)")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; return the exit status (0, 2 on bad input, 130 on Ctrl-C).

    >>> main(["--exact", "--words-only", "I love milk!"])
    sentence: I love milk!
    tokens (3): I | love | milk
    reading: words only (punctuation dropped)
    out of vocabulary, embedded as [-1, -1]: -
    filler words skipped by method 2: I
    attention weights (method 3): 0.5 1 0.7 0.9 0.3 0.2 0.1
    <BLANKLINE>
    1. simple average      [1, 3]
    2. skip filler words   [2, 4]
    3. weighted average    does not apply: 7 weights for 3 tokens: give one weight per token
    0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    many = args.rank or args.input is not None or args.sentences == ["-"]
    for option, given, needed, what in [
        ("--limit", args.limit, args.vectors, "--vectors"),
        ("--float32", args.float32, args.vectors, "--vectors"),
        ("--encoding", args.encoding, args.vectors, "--vectors"),
        ("--errors", args.errors, args.vectors, "--vectors"),
        ("-k", args.k, args.rank, "--rank"),
        ("--jobs", args.jobs, many or None, "-, --input or --rank"),
        ("--method", args.method if args.method not in _FITTED else None, args.compare or args.rank,
         "--compare or --rank"),
        (f"--method {args.method}", args.method if args.method in _FITTED else None,
         args.vectors and args.counts and (args.input or args.sentences == ["-"]),
         "--vectors, --counts and - or --input: it is fitted on the sentences given"),
        ("--counts", args.counts, args.method in _FITTED or None, "--method sif or usif"),
    ]:  # fmt: skip
        if given is not None and needed is None:
            parser.error(f"{option} goes with {what}")
    if args.jobs is not None and args.jobs < 1:
        parser.error(f"--jobs must be 1 or more, not {args.jobs}")
    if args.jobs is not None and args.method in _FITTED:
        parser.error(f"--method {args.method} is fitted in one process: --jobs does not apply")
    args.encoding, args.errors = args.encoding or "utf-8", args.errors or "strict"
    args.method, args.jobs = args.method or "average", args.jobs or 1
    if (args.sentences or args.input) and (args.compare or args.rank):
        parser.error("give sentences, --input, --compare or --rank: one of them")
    if args.input is not None and args.sentences:
        parser.error("give sentences or --input: one of them")
    if "-" in args.sentences and len(args.sentences) > 1:
        parser.error("a lone - reads the sentences from standard input: give it alone")
    if sys.stdout is None:
        if sys.stderr is not None:
            print("sentemb.py: error: standard output is closed", file=sys.stderr)
        return 2
    try:
        for output in _run(args):
            _print(output)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader has gone, as with `| head -1`
        _silence_stdout()
        return 0
    except (EmbeddingError, OSError) as error:  # bad input; anything else is a bug: a traceback
        print(f"sentemb.py: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sentemb.py: interrupted", file=sys.stderr)
        return 130
    return 0


def _print(output: _Output) -> None:
    """Print a line; what the output's encoding cannot show is escaped, not fatal
    (and not written as raw bytes, as a lone surrogate would be)."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        output.text.encode(encoding)
    except UnicodeEncodeError:
        if output.document is not None:
            print(json.dumps(output.document))  # \u escapes: the same JSON
        else:
            print(output.text.encode(encoding, "backslashreplace").decode(encoding))
    else:
        print(output.text)


def _silence_stdout() -> None:
    """Send what is left for stdout to nowhere, so Python's exit does not complain."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # not a real file
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
