"""Sentence embeddings from word embeddings: the lecture exercise, exactly.

Part 1  the exercise: its data (EXERCISE_VOCAB, EXERCISE_SENTENCE, FILLER_WORDS, ATTENTION_WEIGHTS,
        OOV_VECTOR, exercise_embeddings), tokenize, and ExerciseEmbedder: average, skip_filler
        and weighted (the slide's methods 1-3), the mean sum(w_i * e_i) / sum(w_i) and a plain
        cosine; EmbeddingError.
Part 2  numbers and vocabularies: cosine_similarity, Vectors, SentenceEmbedder (the exercise's
        methods checked, on any vocabulary; a corpus on every core), OutOfVocabularyError.
Part 3  beyond the exercise: SIF and USIF, method 3 with weights from word counts;
        FastTextVectors, a fastText model read lazily.
Part 4  files and the command line: load_vectors, load_counts, save_npy, save_tsv, SentenceIndex;
        main.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple, Union

__all__ = [  # Part 1's public names; each part adds its own
    "ATTENTION_WEIGHTS", "EXERCISE_SENTENCE", "EXERCISE_VOCAB", "FILLER_WORDS", "OOV_VECTOR",
    "EmbeddingError", "exercise_embeddings", "tokenize",
]  # fmt: skip
__version__ = "1.3.0"

Number = Union[float, Fraction]


class EmbeddingError(ValueError):
    """Bad input to an embedding: the message names the word, weight, count or line.

    >>> issubclass(EmbeddingError, ValueError)
    True
    """


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


# A token starts as a run of word characters, a flag (two regional indicators) or one other
# character.  Spaces, zero-width spaces, the marks that set the direction of text, control
# characters and the other invisible format characters separate tokens.
_PIECE = re.compile(
    r"[\U0001f1e6-\U0001f1ff]{2}|\w+|[^\s\u200b\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
    r"\x00-\x08\x0e-\x1b\x7f-\x9f\u180e\u2061-\u2064\u206a-\u206f\ufff9-\ufffb"
    r"\U0001d173-\U0001d17a\U000e0001]"
)
# Joiners and soft hyphens join what stands on either side of them.  With skin tones, the
# tags of a flag's sequence and combining marks (variation selectors are marks), they belong
# to the character before them.
_JOINERS = "\u200c\u200d\u2060\ufeff\u00ad"
_MODIFIERS = _JOINERS + "".join(map(chr, [*range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]))


def tokenize(sentence: str, keep_punctuation: bool = True) -> List[str]:
    """Split a sentence into tokens.

    A word is a run of letters, digits and underscores.  Every other visible character
    (punctuation, a symbol, an emoji, a flag) is a token of its own; invisible ones separate
    tokens.  A combining mark, variation selector or skin-tone modifier belongs to the one
    before it (a joiner also to the one after): "café", "❤️" stay whole; alone, it is dropped.
    ``keep_punctuation`` false drops the tokens that do not start with a word character.

    >>> tokenize("I love chocolate milk as well!")
    ['I', 'love', 'chocolate', 'milk', 'as', 'well', '!']
    >>> tokenize("I love chocolate milk as well!", keep_punctuation=False)
    ['I', 'love', 'chocolate', 'milk', 'as', 'well']
    """
    if not isinstance(sentence, str):
        raise TypeError(f"tokenize() needs a string, not {type(sentence).__name__}")
    spans: List[List[int]] = []  # where each token starts and ends (a piece joined follows it)
    last = "space"  # the piece before: "space" (or none), "word", "symbol" or "joined"
    end = 0  # where it ends
    for piece in _PIECE.finditer(sentence):
        text = piece.group()
        if piece.start() != end:
            last = "space"
        end = piece.end()
        word = text[0].isalnum() or text[0] == "_"
        if not word and (text in _MODIFIERS or unicodedata.category(text[0]).startswith("M")):
            if last != "space":
                spans[-1][1] = end
                last = "joined" if text in _JOINERS else last
        elif last == "joined" or (word and last == "word"):
            spans[-1][1] = end  # a word goes on after a mark, or a joiner joins
            last = "word" if word else "symbol"
        else:
            spans.append([piece.start(), end])
            last = "word" if word else "symbol"
    tokens = [sentence[start:stop] for start, stop in spans]
    if not keep_punctuation:
        tokens = [token for token in tokens if token[0].isalnum() or token[0] == "_"]
    return tokens


def _decimal_fraction(x: Any) -> Fraction:
    """A number as written in decimal: 0.7 is 7/10, not the binary float nearest it."""
    if isinstance(x, (int, Fraction, Decimal)):
        return Fraction(x)
    return Fraction(repr(float(x)))


def _word_for(token: str, words: Any, folded: Dict[str, str], fold_case: bool = True) -> Any:
    """The lookup rule, for every vocabulary: a token stands for the word it is; else,
    unless ``fold_case`` is false, for the first word (in the order of ``words``) that is
    the same ignoring case, which ``folded`` gives for the case-folded token; else None."""
    if token in words:
        return token
    if not fold_case:
        return None
    word = folded.get(token.casefold(), token.casefold())
    return word if word in words else None


def _method(embedder: Any, name: str) -> Callable[[Any], List[Number]]:
    """An embedder's method by its name: average, skip_filler or weighted."""
    if name not in _METHODS:
        raise EmbeddingError(f"unknown method {name!r}: use one of {', '.join(_METHODS)}")
    return getattr(embedder, name)  # type: ignore[no-any-return]


def _mean(vectors: Sequence[Sequence[Any]], weights: Any, total: Any) -> List[Number]:
    """The slide's formula, a coordinate at a time: sum(w_i * e_i) / sum(w_i),
    or sum(e_i) / n.  ``total`` is math.fsum for floats, sum for Fractions."""
    columns = zip(*vectors)  # the i-th coordinate of every vector
    if weights is None:
        return [total(column) / len(vectors) for column in columns]  # sum(e_i) / n
    weight_total = total(weights)
    products = operator.mul  # w_i * e_i, a pair at a time (map runs it at C speed)
    return [total(map(products, weights, column)) / weight_total for column in columns]


class ExerciseEmbedder:
    """The slide's class: the exercise's data as class variables, one method for each way
    to embed a sentence.  A token not in the vocabulary gets ``oov_vector``; a word
    matches a token that differs from it only in case.  ``exact=True`` computes with
    Fractions, reading each number as written in decimal.  It checks nothing:
    ``SentenceEmbedder`` computes the same with every input checked, on any vocabulary.

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
        # Fractions, exact; or floats summed by math.fsum, one rounding whatever the order.
        self._number: Callable[[Any], Number] = _decimal_fraction if exact else float
        self._total: Callable[[Iterable[Any]], Number] = sum if exact else math.fsum
        # A case-folded word: the first word that folds to it (the later ones come first).
        self._folded = {w.casefold(): w for w in reversed(list(self.vocab_embeddings))}

    def average(self, sentence: str) -> List[Number]:
        """Method 1: the mean of the token vectors.

        >>> ExerciseEmbedder().average("love milk")
        [2.0, 4.0]
        """
        return self._pool(tokenize(sentence))

    def skip_filler(self, sentence: str) -> List[Number]:
        """Method 2: the mean of the token vectors, filler words left out.

        >>> ExerciseEmbedder().skip_filler("I love chocolate milk as well!")
        [0.8, 2.0]
        """
        fillers = {word.casefold() for word in self.filler_words}
        return self._pool([t for t in tokenize(sentence) if t.casefold() not in fillers])

    def weighted(self, sentence: str, weights: Optional[Iterable[Any]] = None) -> List[Number]:
        """Method 3: the weighted mean  sum(w_i * e_i) / sum(w_i), one weight per
        token, the attention weights unless others are given.

        >>> ExerciseEmbedder(exact=True).weighted("I love chocolate milk as well!")
        [Fraction(40, 37), Fraction(102, 37)]
        """
        given = self.attention_weights if weights is None else weights
        return self._pool(tokenize(sentence), given)

    def similarity(self, a: str, b: str, method: str = "average") -> float:
        """Cosine similarity of two sentences embedded by one method.

        >>> ExerciseEmbedder().similarity("chocolate milk", "milk chocolate")
        1.0
        """
        embed = _method(self, method)
        return self.cosine(embed(a), embed(b))

    def _pool(self, tokens: List[str], weights: Optional[Iterable[Any]] = None) -> List[Number]:
        """The tokens' vectors, then their (weighted) mean: the heart of all three methods."""
        vectors = [self.embed_word(token) for token in tokens]
        numbers = None if weights is None else [self._number(w) for w in weights]
        return _mean(vectors, numbers, self._total)

    def embed_word(self, token: str) -> List[Number]:
        """The vector a token gets: its word's vector, or the OOV vector.

        >>> ExerciseEmbedder().embed_word("Milk"), ExerciseEmbedder().embed_word("!")
        ([3.0, 5.0], [-1.0, -1.0])
        """
        word = _word_for(token, self.vocab_embeddings, self._folded)
        vector = self.oov_vector if word is None else self.vocab_embeddings[word]
        return [self._number(x) for x in vector]

    @staticmethod
    def cosine(u: Sequence[Any], v: Sequence[Any]) -> float:
        """u.v / (|u| |v|), the cosine of the angle between two vectors.

        >>> ExerciseEmbedder.cosine([1, 0], [1, 1])
        0.7071067811865475
        """
        dot = sum(a * b for a, b in zip(u, v))
        return float(dot / math.sqrt(sum(a * a for a in u) * sum(b * b for b in v)))


# =============================================================================
# Part 2. Numbers and vocabularies
# =============================================================================

import collections.abc
import functools
import heapq
import itertools
import signal
import sys
import time
from array import array
from collections import deque
from numbers import Rational, Real
from typing import Deque, Generator, Iterator, Mapping, TypeVar, cast

__all__ += ["OutOfVocabularyError", "SentenceEmbedder", "Vectors", "cosine_similarity"]

Sentence = Union[str, Sequence[str]]
_Vector = TypeVar("_Vector")  # what an embedding function gives: List[Number], List[float]
OOV_POLICIES = ("vector", "skip", "error")


# -- Checks at the boundary: each rule said once -------------------------------


def _cut(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else f"{text[: limit - 15]}... ({len(text):,} chars)"


def _written(show: Callable[[Any], str], value: Any) -> str:
    """show(value); an int of more digits than Python writes out (4,300, from 3.11 and
    3.8.14 on), alone or in a Fraction, is shown as 1.000000e+5000."""
    try:
        return show(value)
    except ValueError:
        if isinstance(value, Fraction):
            return f"{_written(show, value.numerator)}/{_written(show, value.denominator)}"
        if not isinstance(value, int):
            raise
        return f"{Decimal(value):.6e}"  # Decimal has no such limit


def _quote(value: Any) -> str:
    """repr(value), cut short: errors never echo a megabyte."""
    return _cut(_written(repr, value))


def _how_many(n: int, noun: str) -> str:
    """ "1 weight", "2 weights": a number of things, in a message."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _shown(x: Any) -> str:
    """A number as a message shows it: 0.7, 1/3, 1E+400 (not Fraction(1, 3)), cut short."""
    return _cut(_written(str, x))


def _finite(x: Any) -> bool:
    """Not an infinity or a NaN: ints, Fractions and other Rationals of any size are finite."""
    if isinstance(x, Rational):
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


_EXACT_TAKES_IT = " (exact=True takes it)"


def _float(x: Any, what: str = "a number", fix: str = "") -> float:
    """A checked number as a float; one too large for a float is an error naming it."""
    try:
        value = float(x)
    except OverflowError:  # an int or a Fraction
        value = math.inf
    if not math.isfinite(value):  # a Decimal becomes inf
        raise EmbeddingError(f"{what} is too large for a float: {_shown(x)}{fix}")
    return value


def _whole_number(value: Any, what: str, minimum: int) -> int:
    """An integral value (int, numpy.int64, ...) of at least ``minimum``."""
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


def _word_list(words: Iterable[str], what: str) -> List[str]:
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


def _given_row(vector: Any, what: str, dimension: Optional[int]) -> Tuple[Any, ...]:
    """A vector's numbers as given, checked, for an exact embedder; an array of float32s
    read now, as written (its numbers come out of it as float64s)."""
    components = _check_vector(vector, what, dimension)
    if isinstance(vector, array) and vector.typecode == "f":
        return tuple(map(_float32_as_written, components))
    return components


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


# -- Numbers: the mean in floats or in Fractions, and the cosine ---------------


_SMALLEST = sys.float_info.min  # the smallest float with all 53 bits of precision
_SUBNORMAL_BITS = sys.float_info.min_exp + sys.float_info.mant_dig  # below 2**this, bits go
_BIG_ENDIAN = sys.byteorder == "big"  # files' numbers are little-endian: swapped on such a machine


def _exactly(x: Any) -> Fraction:
    """A checked number's exact value: an integer of any type (numpy's, gmpy2's) as the
    int it is, any other Rational as its ratio, a Decimal as written, a float's binary
    value.  No sum in the number's own type, and no decimal context, is involved."""
    if isinstance(x, (int, Fraction, Decimal)):
        return Fraction(x)
    if hasattr(x, "__index__"):
        return Fraction(operator.index(x))
    if isinstance(x, Rational):
        return Fraction(operator.index(x.numerator), operator.index(x.denominator))
    return Fraction(float(x))


def _as_written(x: Any) -> Fraction:
    """A checked number as exact mode reads it, as written in decimal: an integer or other
    Rational, or a Decimal, as it is; a float as the shortest decimal that is that float
    (0.7 is 7/10), and numpy's float32 and float16 at their own precision."""
    if isinstance(x, float):  # numpy's float64 too
        return _decimal_fraction(x)
    if isinstance(x, (Rational, Decimal)) or hasattr(x, "__index__"):
        return _exactly(x)
    if getattr(x, "itemsize", 8) < 8:  # numpy's float32 or float16
        return _shortest(float(x), type(x))
    return _decimal_fraction(float(x))


def _shortest(x: float, narrow: Callable[[float], Any]) -> Fraction:
    """The shortest decimal that is x once ``narrow`` rounds it to its precision."""
    digits = 1
    while float(narrow(float(f"{x:.{digits}g}"))) != x:  # 9 digits at most for a float32
        digits += 1
    return Fraction(f"{x:.{digits}g}")


def _float32_as_written(x: float) -> Fraction:
    """A float32 (an array('f')'s number) as the shortest decimal that is that float32:
    f32(0.1) is 1/10, as the float64 0.1 is."""
    return _shortest(x, lambda y: array("f", [y])[0])


def _binary_exponent(x: Fraction) -> int:
    """e with 2**(e - 1) <= |x| < 2**e, give or take one, for x != 0."""
    return abs(x.numerator).bit_length() - x.denominator.bit_length()


def _times_power_of_two(x: Fraction, shift: int) -> float:
    """x * 2**shift, rounded once: in ints, whose true division is correctly rounded and
    takes time linear in their size (a Fraction's product would reduce by a gcd of them)."""
    n, d = x.numerator, x.denominator
    return (n << shift) / d if shift >= 0 else n / (d << -shift)


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
        scaled = [_times_power_of_two(w, shift) for w in exact]
    if any(w and abs(f) < _SMALLEST for w, f in zip(weights, scaled)):
        return None
    return scaled


def _float_mean(vectors: Sequence[Sequence[Any]], weights: Optional[List[Any]]) -> List[Number]:
    """``_mean`` in floats, summed with math.fsum; ``weights`` as checked, any real
    numbers.  A mean that floats cannot hold on the way (a sum too large, weights too
    far apart) is computed exactly and rounded once: the mean of finite numbers is
    finite, and no weight is lost."""
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


def _exact_mean(vectors: Sequence[Sequence[Any]], weights: Optional[List[Any]]) -> List[Number]:
    """``_mean`` in Fractions, each weight read as written in decimal: exact, with
    nothing to guard."""
    exact = None if weights is None else [_as_written(w) for w in weights]
    return _mean(vectors, exact, sum)


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


def _exponent(numbers: Iterable[Any]) -> int:
    """e with the largest |x| in [2**(e - 1), 2**e) (0 when every x is 0): dividing by 2**e,
    which is exact, brings the numbers below 1 and the largest to 1/2 or more."""
    return math.frexp(max(map(abs, numbers), default=0.0))[1]


def _scaled_by(rows: Iterable[Sequence[Any]], exponent: int) -> List[List[float]]:
    """Each number divided by 2**exponent, exactly (unless it falls below the normal floats)."""
    return [[math.ldexp(x, -exponent) for x in row] for row in rows]


def _unit(vector: Sequence[Number]) -> List[Number]:
    """The vector scaled to unit length (a zero vector stays zero); the same for any
    power of two times it, subnormal ones too: it is scaled to [1/2, 1) first."""
    scaled = _scaled_by([vector], _exponent(vector))[0]
    norm = math.hypot(*scaled)
    return [x / norm for x in scaled] if norm else list(vector)


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
    exact = all(isinstance(x, (Rational, Decimal)) for x in u + v)
    number, total = (_as_written, sum) if exact else (_float, math.fsum)
    a = _divided_by_largest(u, "first", number)
    b = _divided_by_largest(v, "second", number)
    dot = _exactly(total(map(operator.mul, a, b)))
    norms = _exactly(total(x * x for x in a)) * _exactly(total(x * x for x in b))
    cosine = math.copysign(_root(dot * dot / norms), dot)
    return max(-1.0, min(1.0, cosine))


_NEAR_A_TIE = 1e-9  # fast scores this close to the k-th best are rescored as cosine_similarity
_dot_product: Callable[[Any, Any], float] = getattr(
    math, "sumprod", lambda a, b: sum(map(operator.mul, a, b))
)  # Python 3.12's sumprod, one C loop; the sum of products before it


def _nearest(
    target: Sequence[Any], fast: List[float], row: Callable[[int], Sequence[Any]], k: Optional[int]
) -> List[Tuple[int, float]]:
    """The ``k`` rows (all, for None) nearest the target, as (position, cosine), best
    first, ties by position: the order of a brute-force ranking by cosine_similarity.
    ``fast`` holds each row's cosine as plain floats compute it (-inf: none, for a
    zero row); those near the k-th best are ranked by cosine_similarity."""
    count = sum(score > -math.inf for score in fast)
    k = count if k is None else min(k, count)
    if not k:
        return []
    least = heapq.nlargest(k, fast)[-1] - _NEAR_A_TIE  # the k-th best, less a margin
    near = [r for r, score in enumerate(fast) if score >= least]
    scored = [(r, cosine_similarity(target, row(r))) for r in near]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[:k]


# -- Vocabularies: words found by the lookup rule, and their vectors -----------


class _Words(Dict[str, Any]):
    """Words and what each stands for (where its vector starts, a weight, a count),
    found by the lookup rule: ``words[token]`` is what the word the token stands for
    stands for, or None (at the speed of a dict when the token is a word); ``get``
    and ``in`` are exact.

    ``folded`` keeps a case-folded word's first word only where it is not the
    case-folded word itself, so for all-lowercase vocabularies such as GloVe it
    stays empty.
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
        return self.get(_word_for(token, self, self.folded))  # no word (None): None


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
        as_given._fill(vectors, [], _given_row)
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
        """The number of components of every vector (None when there are no words).

        >>> Vectors({"milk": [3, 5, 0]}).dimension, Vectors({}).dimension
        (3, None)
        """
        return self._dimension

    def __getitem__(self, word: str) -> List[Number]:
        row = self._row(word, fold_case=False)
        if row is None:
            raise KeyError(word)
        return list(row)

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

    def most_similar(self, word: str, k: Optional[int] = 10) -> List[Tuple[str, float]]:
        """The ``k`` words (all, for None) whose vectors have the highest cosine
        with the word's, as (word, cosine), best first, ties in vocabulary order;
        the word itself is left out, as gensim does, and so is a zero vector.

        >>> Vectors({"milk": [1, 0], "tea": [0, 1], "cocoa": [1, 1]}).most_similar("milk")
        [('cocoa', 0.7071067811865476), ('tea', 0.0)]
        """
        if not isinstance(word, str):
            raise TypeError(f"a word is a string, not {type(word).__name__}")
        k = None if k is None else _whole_number(k, "k", 0)
        if word not in self:
            raise OutOfVocabularyError(f"{_quote(word)} is not in the vectors")
        target = self[word]
        if not any(target):
            raise EmbeddingError(f"{_quote(word)} has the zero vector: it is similar to nothing")
        words = [other for other in self if other != word]
        rows = [cast("Sequence[Any]", self._row(other, False)) for other in words]
        unit, fast = _unit([float(x) for x in target]), []
        for row in rows:
            norm = math.hypot(*row)
            fast.append(_dot_product(unit, row) / norm if norm else -math.inf)
        best = _nearest(target, fast, rows.__getitem__, k)
        return [(words[i], score) for i, score in best]

    def close(self) -> None:
        """Nothing to close: the numbers are in memory (a fastText model closes its file).

        >>> with Vectors({"milk": [1, 2]}) as vectors:
        ...     vectors["milk"]
        [1.0, 2.0]
        """

    @property
    def _holds_floats(self) -> bool:
        """Whether the rows are floats (else numbers as given, for an exact embedder)."""
        return isinstance(self._data, array)

    def _row(self, token: str, fold_case: bool) -> Optional[Sequence[Any]]:
        """The numbers of the word a token stands for, by the lookup rule (with
        ``fold_case`` false, of the word it is), or None: what an embedder asks."""
        start = self._words[token] if fold_case else self._words.get(token)
        if start is None:
            return None
        return self._data[start : start + self._dimension]

    def _exact_row(self, token: str, fold_case: bool) -> Optional[List[Fraction]]:
        """``_row`` as an exact embedder reads it: each number as written in decimal, at
        the precision it is kept in (float32, from dtype="float32" or a binary file)."""
        row = self._row(token, fold_case)
        if row is None:
            return None
        float32 = getattr(self._data, "typecode", "") == "f"
        return list(map(_float32_as_written if float32 else _as_written, row))


class _ForeignVectors:
    """A vocabulary that is any object with ``in`` and ``[]``, such as gensim's
    KeyedVectors: asked on every lookup and never copied, each vector it gives checked
    then.  It cannot be listed, so the lookup rule's case-insensitive step finds only
    the case-folded token itself."""

    _holds_floats = True  # as they are checked

    def __init__(self, source: Any, dimension: int) -> None:
        self.source, self.dimension = source, dimension

    def _row(self, token: str, fold_case: bool, row: Callable[..., Any] = _float_row) -> Any:
        word = _word_for(token, self.source, {}, fold_case)  # {}: no word is known to fold
        if word is None:
            return None
        return row(self.source[word], f"the vector of {_quote(word)}", self.dimension)

    def _exact_row(self, token: str, fold_case: bool) -> Optional[List[Fraction]]:
        row = self._row(token, fold_case, _check_vector)  # the numbers as given, checked
        return None if row is None else list(map(_as_written, row))


def _checked_vocabulary(given: Any, oov_vector: Any, exact: bool) -> Tuple[Any, Tuple[Any, ...]]:
    """A vocabulary and its OOV vector, checked: where the rows come from (``Vectors``,
    which a mapping becomes, as floats or for an exact embedder as given; or
    ``_ForeignVectors``), and the OOV vector: -1 in every dimension unless given (the
    exercise's class default stands for "-1 everywhere")."""
    rows = given
    if isinstance(given, Mapping) and not isinstance(given, Vectors):
        rows = Vectors._as_given(given) if exact else Vectors(given)
    if isinstance(rows, Vectors):
        dimension = rows.dimension
    elif (
        hasattr(given, "__contains__")
        and hasattr(given, "__getitem__")
        and not isinstance(given, (Sequence, bytes, bytearray))
        and not hasattr(given, "shape")  # an array (numpy's, a tensor) holds no words
    ):
        dimension = getattr(given, "vector_size", None)
    else:
        raise TypeError(f"vocab_embeddings must map words to vectors, not {type(given).__name__}")
    if oov_vector is not OOV_VECTOR:
        oov = (_given_row if exact else _check_vector)(oov_vector, "oov_vector", dimension)
    elif dimension is not None:
        oov = (-1,) * dimension
    else:
        raise EmbeddingError(
            f"cannot tell the dimension of {type(given).__name__} vocab_embeddings: "
            "pass oov_vector="
        )
    return (rows if isinstance(rows, Vectors) else _ForeignVectors(given, len(oov))), oov


_UNITS = 1 << 20  # the numbers of the unit vectors an embedder keeps (pre_normalize), at most


class _Lookup:
    """What an embedder asks its vocabulary: ``vector(token)`` is the vector of the
    word a token stands for, in the embedder's numbers, or None.  Rows of floats go
    to a float embedder as they are; other rows are converted as they are read, so
    an exact embedder over a million float vectors stores no Fractions."""

    __slots__ = ("_fold_case", "_number", "_row")

    def __init__(
        self,
        rows: Any,
        fold_case: bool,
        number: Optional[Callable[[Any], Number]],
        exact: bool = False,
    ) -> None:
        self._row = rows._exact_row if exact else rows._row  # exact: Fractions, as written
        self._fold_case, self._number = fold_case, number

    def vector(self, token: str) -> Optional[Sequence[Number]]:
        row = self._row(token, self._fold_case)
        if row is None or self._number is None:
            return row  # type: ignore[no-any-return]
        return [self._number(x) for x in row]


class _UnitLookup(_Lookup):
    """``_Lookup`` with pre_normalize: each word's unit vector, made once and kept (for
    the words used last, about 32 MB of them at most), when the rows are ``Vectors``."""

    __slots__ = ("_args", "_kept")

    def __init__(
        self, rows: Any, fold_case: bool, number: Optional[Callable[[Any], Number]], d: int
    ) -> None:
        super().__init__(rows, fold_case, number)
        self._args = (rows, fold_case, number, d)  # what a pickled copy is made of
        # Vectors never change; any other lookup is asked every time, as it may have.
        cached = isinstance(rows, Vectors)
        self._kept = functools.lru_cache(max(1, _UNITS // d))(self._unit) if cached else self._unit

    def __reduce__(self) -> Tuple[Any, ...]:
        return _UnitLookup, self._args

    def vector(self, token: str) -> Optional[Sequence[Number]]:
        return self._kept(token)

    def _unit(self, token: str) -> Optional[Sequence[Number]]:
        row = super().vector(token)
        return None if row is None else tuple(_unit(row))  # a tuple's floats are made once


def _new_lookup(rows: Any, fold_case: bool, exact: bool, unit: bool, dimension: int) -> _Lookup:
    """An embedder's lookup: Fractions for an exact embedder, read as written in decimal
    (the rows' ``_exact_row``); floats for a float one (rows not of floats checked as they
    are read); of unit length with pre_normalize (``unit``)."""
    number = None if rows._holds_floats or exact else _float
    if unit:
        return _UnitLookup(rows, fold_case, number, dimension)
    return _Lookup(rows, fold_case, number, exact)


# -- Weights, one per token or a word's ----------------------------------------


def _weight_name(i: int, tokens: Optional[List[str]], by_word: bool) -> str:
    """How a message names the i-th weight."""
    if tokens is None:
        return f"weight {i}"
    return f"weight of {_quote(tokens[i])}" if by_word else f"weight {i} (of {_quote(tokens[i])})"


def _weights_by_word(weights: Mapping[str, Any], tokens: List[str], fold_case: bool) -> List[Any]:
    """The weight of each token's word, from a mapping: found by the lookup rule."""
    words = _Words()
    for key in weights:
        if not isinstance(key, str):
            raise TypeError(f"weight mapping key {_quote(key)} is not a string")
        words.add(key, key)
    chosen = []
    for token in tokens:
        word = words[token] if fold_case else words.get(token)
        if word is None:
            raise EmbeddingError(f"no weight for the word {_quote(token)}")
        chosen.append(weights[word])
    return chosen


def _check_weights(
    weights: Union[Iterable[Any], Mapping[str, Any]],
    tokens: Optional[List[str]],
    fold_case: bool,
) -> List[Any]:
    """The weights for the tokens, checked: finite, none negative, not all zero; one per
    token in order, or a mapping whose words the tokens find by the lookup rule.  For
    tokens=None (the attention weights a constructor is given), a sequence alone."""
    by_word = isinstance(weights, Mapping)
    if isinstance(weights, Mapping):  # by_word, as mypy sees it
        if tokens is None:
            raise TypeError("attention_weights must be a sequence of numbers")
        chosen = _weights_by_word(weights, tokens, fold_case)
    else:
        if isinstance(weights, collections.abc.Set):
            raise TypeError("weights go one per token, in order: a set has no order")
        chosen = _collection(weights, "weights", "numbers")
        if tokens is not None and len(chosen) != len(tokens):
            raise EmbeddingError(
                f"{_how_many(len(chosen), 'weight')} for {_how_many(len(tokens), 'token')}: "
                "give one weight per token"
            )
    if not chosen:
        raise EmbeddingError("no weights given")
    for i, w in enumerate(chosen):
        if type(w) in (float, int, Fraction) and 0 <= w < math.inf:
            continue  # the usual weight, passed quickly
        what = _weight_name(i, tokens, by_word)
        _check_number(w, what)
        if w < 0:
            raise EmbeddingError(f"{what} is negative: {_shown(w)}")
    if tokens is not None and not any(chosen):
        raise EmbeddingError("the weights sum to zero")
    return chosen


# -- A corpus on every core ----------------------------------------------------


_Guarded = Tuple[bool, Any]  # (True, what the work gave) or (False, the EmbeddingError raised)
_BATCH = 256  # items a worker process takes at a time
_FINISHING = 10.0  # seconds the batches sent may take to finish when a corpus stops early
_worker_task: Optional[Callable[[Any], Any]] = None  # the work a worker process does


class _Progress:
    """ "sentemb: 5,120 of 20,952 sentences (2,345/s, 0:07 left)" on stderr, at most
    twice a second, when ``shown`` (None: when stderr is a terminal); the time left
    where the ``total`` is known.  The line is ended before anything else is
    printed, even when the work fails or is interrupted."""

    def __init__(self, shown: Optional[bool], what: str, total: Optional[int] = None) -> None:
        terminal = sys.stderr is not None and sys.stderr.isatty()
        self.shown, self.what, self.total = terminal if shown is None else shown, what, total
        self.started = self.last = time.monotonic()

    def __enter__(self) -> _Progress:
        return self

    def count(self, count: int) -> None:
        """Say that ``count`` are done (called as often as the work likes)."""
        if not self.shown:
            return
        now = time.monotonic()
        if now - self.last > 0.5:
            rate = count / (now - self.started)
            of = "" if self.total is None else f" of {self.total:,}"
            left = "" if self.total is None else f", {_duration((self.total - count) / rate)} left"
            line = f"\rsentemb: {count:,}{of} {self.what} ({rate:,.0f}/s{left})"
            print(line, end="", file=sys.stderr, flush=True)
            self.last = now

    def __exit__(self, *exception: Any) -> None:
        if self.last != self.started:
            print(file=sys.stderr)


def _counted(
    items: Iterable[Any], progress: _Progress, at: Optional[Callable[[Any], int]] = None
) -> Iterator[Any]:
    """The items, each counted as it goes by (``at(item)``: how many are done then),
    and the progress line ended at the end."""
    with progress:
        for count, item in enumerate(items, 1):
            progress.count(count if at is None else at(item))
            yield item


def _duration(seconds: float) -> str:
    """1:05 for 65 seconds, 1:01:05 past an hour."""
    minutes, second = divmod(max(0, round(seconds)), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02}:{second:02}" if hours else f"{minute}:{second:02}"


def _guarded(work: Callable[[Any], Any], item: Any) -> _Guarded:
    """What the work makes of an item, or the EmbeddingError it raises, caught."""
    try:
        return True, work(item)
    except EmbeddingError as error:
        return False, error


def _start_worker(work: Callable[[Any], Any]) -> None:
    global _worker_task
    _worker_task = work
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it ends the workers


def _worker_batch(batch: List[Any]) -> List[_Guarded]:
    """In a worker process: what its work makes of each item of a batch."""
    assert _worker_task is not None
    return [_guarded(_worker_task, item) for item in batch]


def _batches(items: Iterator[Any], size: int = _BATCH) -> Iterator[List[Any]]:
    """The items, ``size`` at a time."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _oldest_done(pending: Deque[Tuple[List[Any], Any]]) -> Iterator[Tuple[Any, _Guarded]]:
    """The first batch sent, each item with what its work gave (waited for)."""
    batch, result = pending.popleft()
    return zip(batch, result.get())


def _map_in_order(
    work: Callable[[Any], Any], items: Iterator[Any], jobs: int
) -> Iterator[Tuple[Any, _Guarded]]:
    """Each item with what ``work`` made of it, in order: computed here, or by ``jobs``
    worker processes.  An EmbeddingError that ``work`` raises is given
    back, for the caller to name the item it is about; the items are read as the
    results are taken, a few batches ahead, so a corpus of any length streams.
    """
    if jobs == 1:
        for item in items:
            yield item, _guarded(work, item)
        return
    import multiprocessing  # here, not at the top: most runs need no processes
    import threading

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = context.Pool(jobs, _start_worker, (work,))
    pending: Deque[Tuple[List[Any], Any]] = deque()
    owner = threading.get_ident()
    try:
        for batch in _batches(items):
            pending.append((batch, pool.apply_async(_worker_batch, (batch,))))
            while len(pending) > 4 * jobs or (pending and pending[0][1].ready()):
                yield from _oldest_done(pending)
        while pending:
            yield from _oldest_done(pending)
    finally:
        if threading.get_ident() == owner:
            _stop_pool(pool, pending)
        else:  # left unfinished and collected as garbage in another thread, perhaps one of
            pool.close()  # the pool's own, which must not wait for itself: workers end alone


def _stop_pool(pool: Any, pending: Deque[Tuple[List[Any], Any]]) -> None:
    """The workers end in their own time once the batches they were given are done.
    Stopped early (an error, Ctrl-C, a reader gone): terminate() could kill a worker
    while it writes its results and holds the lock of their queue, which the pool
    would then wait for for ever; so the few batches sent are let finish, briefly."""
    deadline = time.monotonic() + _FINISHING
    for _, result in pending:
        result.wait(max(0.0, deadline - time.monotonic()))
    if all(result.ready() for _, result in pending):
        pool.close()
    else:  # pragma: no cover - a batch that takes more than _FINISHING seconds
        pool.terminate()
    pool.join()


# -- The embedder: the exercise's methods, checked, on any vocabulary ----------


class _NoVector(EmbeddingError):
    """A sentence with nothing to pool (no tokens, none known, none left after the
    fillers, or the known ones weigh zero): it has no vector, which a corpus, a
    ranking and ``embed_many`` report as None and go on."""


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


def _oov_row(oov_vector: Tuple[Any, ...], exact: bool, unit: bool) -> Tuple[Number, ...]:
    """The OOV vector in an embedder's numbers, of unit length with pre_normalize."""
    if exact:
        return tuple(map(_as_written, oov_vector))
    row = [
        _float(x, f"component {i} of oov_vector", _EXACT_TAKES_IT) for i, x in enumerate(oov_vector)
    ]
    return tuple(_unit(row) if unit else row)


def _embedded_or_why(
    embed: Callable[[Sentence], _Vector], sentences: Iterator[Sentence], jobs: int
) -> Iterator[Tuple[Optional[_Vector], Optional[str]]]:
    """Each sentence's embedding, in order, or None and why it has none; any other
    error names the sentence it is about."""
    for i, (sentence, (done, value)) in enumerate(_map_in_order(embed, sentences, jobs)):
        if done:
            yield value, None
        elif isinstance(value, _NoVector):
            yield None, str(value)
        else:
            raise type(value)(f"sentence {i} ({_quote(sentence)}): {value}")


class SentenceEmbedder:
    """Sentence embeddings by pooling word embeddings: ``ExerciseEmbedder``'s
    methods with every input checked, on any vocabulary.

    The class variables hold the exercise.  Keywords of the same names, or a
    subclass, override them; each instance checks them, keeps its own copies
    and is read-only.  ``vocab_embeddings`` may also be ``load_vectors``'s
    ``Vectors``, or an object with ``in`` and ``[]`` (gensim's KeyedVectors).

    A token finds its word exactly, else case-insensitively (the first such
    word; ``fold_case=False``: exactly only, for fillers and weights too).  A
    token not found is left out with its weight (``oov="skip"``, the default
    for any vocabulary given), or gets ``oov_vector`` (``oov="vector"``, the
    default for the exercise's vocabulary or an ``oov_vector`` given: -1 in
    every dimension unless given), or with ``oov="error"`` raises
    ``OutOfVocabularyError``.  Filler words match case-insensitively.
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
    >>> SentenceEmbedder(vocab_embeddings={"milk": [1, 2]}).oov
    'skip'
    """

    vocab_embeddings: Any = ExerciseEmbedder.vocab_embeddings  # the exercise's, read-only
    filler_words: FrozenSet[str] = ExerciseEmbedder.filler_words
    attention_weights: Tuple[Any, ...] = ExerciseEmbedder.attention_weights
    oov_vector: Tuple[Any, ...] = ExerciseEmbedder.oov_vector
    cosine = staticmethod(cosine_similarity)

    oov: str  # this and the rest: set by __init__
    exact: bool
    pre_normalize: bool
    post_normalize: bool
    keep_punctuation: bool
    fold_case: bool
    dimension: int
    _lookup: _Lookup  # .vector(token): the vector of its word in our numbers, or None
    _oov_row: Tuple[Number, ...]  # the OOV vector in our numbers (of unit length, pre_normalize)

    def __init__(
        self,
        *,
        vocab_embeddings: Any = None,
        filler_words: Optional[Iterable[str]] = None,
        attention_weights: Optional[Iterable[Any]] = None,
        oov_vector: Optional[Iterable[Any]] = None,
        oov: Optional[str] = None,
        pre_normalize: bool = False,
        post_normalize: bool = False,
        keep_punctuation: bool = True,
        fold_case: bool = True,
        exact: bool = False,
    ) -> None:
        cls = type(self)  # its class variables, a subclass's too, are checked like keywords
        if oov is not None and oov not in OOV_POLICIES:
            raise EmbeddingError(f"oov must be one of {', '.join(OOV_POLICIES)}, not {_quote(oov)}")
        if exact and (pre_normalize or post_normalize):
            raise EmbeddingError("normalising takes square roots: it cannot be exact")
        vocab = cls.vocab_embeddings if vocab_embeddings is None else vocab_embeddings
        oov_given = cls.oov_vector if oov_vector is None else oov_vector
        if oov is None:  # the exercise's rule where it has its OOV vector, else gensim's
            exercise = vocab is ExerciseEmbedder.vocab_embeddings or oov_given is not OOV_VECTOR
            oov = "vector" if exercise else "skip"
        rows, oov_checked = _checked_vocabulary(vocab, oov_given, exact)
        lookup = _new_lookup(rows, fold_case, exact, bool(pre_normalize), len(oov_checked))
        oov_row = _oov_row(oov_checked, exact, bool(pre_normalize))
        fillers = cls.filler_words if filler_words is None else filler_words
        weights = cls.attention_weights if attention_weights is None else attention_weights
        # The fillers and weights are checked as the attributes are made: all, or none.
        vars(self).update(
            vocab_embeddings=rows.source if isinstance(rows, _ForeignVectors) else rows,
            filler_words=frozenset(_word_list(fillers, "filler_words")),
            attention_weights=tuple(_check_weights(weights, None, fold_case)),
            oov_vector=oov_checked,
            oov=oov,
            pre_normalize=bool(pre_normalize),
            post_normalize=bool(post_normalize),
            keep_punctuation=bool(keep_punctuation),
            fold_case=bool(fold_case),
            exact=bool(exact),
            dimension=len(oov_checked),
            _lookup=lookup,
            _oov_row=oov_row,
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
            raise _NoVector(f"the sentence {_quote(sentence)} has no tokens")
        return tokens

    def _without_fillers(self, tokens: List[str]) -> List[str]:
        key = str.casefold if self.fold_case else str  # str(token) is the token
        fillers = {key(word) for word in self.filler_words}
        return [token for token in tokens if key(token) not in fillers]

    def _vectors(
        self, tokens: List[str], weights: Optional[List[Any]] = None
    ) -> Tuple[List[Sequence[Number]], Optional[List[Any]]]:
        """Each token's vector as it is pooled (of unit length, with pre_normalize:
        the lookup gives them so), and the weights that go with them."""
        find = self._lookup.vector  # a token's row, or None: no word matches it
        if self.oov == "vector":  # the exercise's rule
            oov_row = self._oov_row
            return [find(token) or oov_row for token in tokens], weights
        found = list(map(find, tokens))
        if self.oov == "error" and None in found:
            missing = next(t for t, v in zip(tokens, found) if v is None)
            raise OutOfVocabularyError(f"{_quote(missing)} is out of vocabulary")
        vectors = [vector for vector in found if vector is not None]  # "skip"
        if weights is not None:
            weights = [w for w, vector in zip(weights, found) if vector is not None]
        return vectors, weights

    def _pool(
        self, sentence: Sentence, tokens: List[str], weights: Optional[List[Any]] = None
    ) -> List[Number]:
        """The tokens' vectors, by the OOV policy, and their mean (weighted, with
        weights that are checked): the heart of the three methods.  ``sentence``,
        as given, is what an error quotes."""
        vectors, weights = self._vectors(tokens, weights)
        if not vectors:
            raise _NoVector(f"every token of {_quote(sentence)} is out of vocabulary")
        if weights is not None and not any(weights):  # oov="skip" left only weights of 0
            raise _NoVector(f"the known tokens of {_quote(sentence)} weigh zero")
        mean = _exact_mean if self.exact else _float_mean
        result = mean(vectors, weights)
        if not self.post_normalize:
            return result
        if not any(result) or _exponent(result) < _SUBNORMAL_BITS:  # bits lost: pool scaled up
            result = mean(_scaled_by(vectors, _exponent(itertools.chain(*vectors))), weights)
        return _unit(result)

    def embed_word(self, token: str) -> List[Number]:
        """A token's vector, by the lookup rule and the OOV policy: under
        oov="skip", a token no word matches has none (OutOfVocabularyError).

        >>> SentenceEmbedder(exact=True).embed_word("MILK"), SentenceEmbedder().embed_word("!")
        ([Fraction(3, 1), Fraction(5, 1)], [-1.0, -1.0])
        """
        if not isinstance(token, str):
            raise TypeError(f"a token is a string, not {type(token).__name__}")
        vectors, _ = self._vectors([token])
        if not vectors:
            raise OutOfVocabularyError(f"{_quote(token)} is out of vocabulary (oov='skip')")
        return list(vectors[0])

    def average(self, sentence: Sentence) -> List[Number]:
        """Method 1, ``ExerciseEmbedder.average`` checked: the mean of the token
        vectors, of a string or of a list of tokens taken as they are.

        >>> SentenceEmbedder(oov="skip").average(["love", "milk", "well"])
        [2.0, 4.0]
        """
        return self._pool(sentence, self.tokens(sentence))

    def skip_filler(self, sentence: Sentence) -> List[Number]:
        """Method 2, checked: the mean without the filler words (matched as tokens
        find words, so ``fold_case=False`` keeps "i" when "I" is a filler word).

        >>> SentenceEmbedder(fold_case=False, exact=True).skip_filler("i love milk")
        [Fraction(1, 1), Fraction(7, 3)]
        """
        tokens = self._without_fillers(self.tokens(sentence))
        if not tokens:
            raise _NoVector(f"nothing is left of {_quote(sentence)} after skipping filler words")
        return self._pool(sentence, tokens)

    def weighted(self, sentence: Sentence, weights: Optional[Iterable[Any]] = None) -> List[Number]:
        """Method 3, checked: sum(w_i * e_i) / sum(w_i) with the attention weights,
        or with weights given one per token in order, or by word in a mapping.

        >>> SentenceEmbedder().weighted(["milk", "lot"], {"Milk": 3, "lot": 1})
        [2.25, 4.25]
        """
        tokens = self.tokens(sentence)
        given = self.attention_weights if weights is None else weights
        return self._pool(sentence, tokens, _check_weights(given, tokens, self.fold_case))

    def similarity(self, a: Sentence, b: Sentence, method: str = "average") -> float:
        """``cosine_similarity`` of two sentences (strings or lists of tokens), each
        embedded by the method named.

        >>> SentenceEmbedder().similarity("I love milk", ["love", "milk"], method="skip_filler")
        1.0
        """
        embed = _method(self, method)
        return self.cosine(embed(a), embed(b))

    @staticmethod
    def _embedded(
        embed: Callable[[Sentence], _Vector], sentences: Iterator[Sentence], jobs: int
    ) -> Generator[Optional[_Vector], None, None]:
        """Each sentence embedded, in order, None for one with no vector."""
        for vector, _ in _embedded_or_why(embed, sentences, jobs):
            yield vector

    def embed_many(
        self, sentences: Iterable[Sentence], method: str = "average", jobs: int = 1
    ) -> Generator[Optional[List[Number]], None, None]:
        """Each sentence embedded by one method, in order, as an iterator: None for
        a sentence with no vector (no token known, or none left), so one such line
        never stops a corpus.  With ``jobs`` > 1 they are embedded in that many
        processes (forked where the OS allows it, so the vocabulary is shared).

        >>> list(SentenceEmbedder().embed_many(["love milk", "lot"], "average"))
        [[2.0, 4.0], [0.0, 2.0]]
        >>> list(SentenceEmbedder(vocab_embeddings={"tea": [1.0]}).embed_many(["tea", "zzz"]))
        [[1.0], None]
        """
        embed = _method(self, method)
        jobs = _whole_number(jobs, "jobs", 1)
        if isinstance(sentences, str):
            raise TypeError("sentences must be a collection of sentences, not a string")
        return self._embedded(embed, iter(sentences), jobs)

    def _ranked(
        self,
        query: Sentence,
        candidates: Sequence[Sentence],
        k: Optional[int],
        method: str,
        where: Callable[[int], str],
        jobs: int,
        strict: bool = False,
    ) -> Tuple[List[Tuple[int, float, Any]], List[Tuple[int, str]]]:
        """most_similar as candidate indexes with their vectors, and those left out with why
        (all of them are errors with ``strict``); ``where(i)`` names the i-th
        candidate in errors, the candidates embedded by ``jobs`` processes."""
        k = None if k is None else _whole_number(k, "k", 0)
        embed = _method(self, method)
        target = embed(query)
        if not any(target):
            raise EmbeddingError(
                f"the query {_quote(query)} embeds as the zero vector: it is similar to nothing"
            )
        scored, unranked = [], []
        embedded = _map_in_order(embed, iter(candidates), jobs)
        for i, (candidate, (done, vector)) in enumerate(embedded):
            try:
                if not done:
                    raise vector  # what embedding the candidate raised
                if not any(vector):
                    raise _NoVector(f"{_quote(candidate)} embeds as the zero vector: no cosine")
                scored.append((i, cosine_similarity(target, vector), vector))
            except _NoVector as error:
                if strict:
                    raise EmbeddingError(f"{where(i)} ({_quote(candidate)}): {error}") from None
                unranked.append((i, str(error)))
            except EmbeddingError as error:  # OutOfVocabularyError too: its type is kept
                raise type(error)(f"{where(i)} ({_quote(candidate)}): {error}") from None
        scored.sort(key=lambda pair: -pair[1])  # sort is stable: ties keep their order
        return scored[:k], unranked

    def most_similar(
        self,
        query: Sentence,
        candidates: Iterable[Sentence],
        k: Optional[int] = None,
        method: str = "average",
    ) -> List[Tuple[Sentence, float]]:
        """The candidates with their cosine similarity to the query, best first
        (ties in the candidates' order); the best ``k`` when k is given.  A
        candidate with no vector (no token known), or the zero vector, has no
        cosine and is left out.

        >>> ranked = SentenceEmbedder().most_similar("milk", ["lot", "love milk", "I"], k=2)
        >>> [(text, round(score, 6)) for text, score in ranked]
        [('love milk', 0.997054), ('lot', 0.857493)]
        """
        candidates = _collection(candidates, "candidates", "sentences")
        ranked, _ = self._ranked(query, candidates, k, method, lambda i: f"candidate {i}", 1)
        return [(candidates[i], score) for i, score, _ in ranked]


# =============================================================================
# Part 3. Beyond the exercise: SIF and uSIF, and big models
# =============================================================================

import codecs
import json
import os
import random
import stat
import struct
from typing import NamedTuple

__all__ += ["SIF", "USIF", "FastTextVectors"]


# -- The top singular vectors of a matrix, by Lanczos iteration ----------------


_OVERSAMPLED = 2  # Lanczos steps beyond those asked for before the first check
_CONVERGED = 1e-12  # a residual below this, relative to the largest singular value squared
_NEAR = 1e-8  # a residual below this is checked again after each step
_SEED = 20261203  # the start of the iteration


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return math.fsum(map(operator.mul, a, b))


def _combination(weights: Sequence[float], vectors: List[List[float]]) -> List[float]:
    """sum(w_j * v_j): a combination of vectors, a coordinate at a time."""
    return [_dot(weights, column) for column in zip(*vectors)]


def _orthogonal_to(v: List[float], basis: List[List[float]]) -> List[float]:
    """v less its projections on the orthonormal basis, taken twice over (so what
    is left is orthogonal to it to rounding)."""
    for _ in range(2):
        for b in basis:
            p = _dot(v, b)
            v = [x - p * y for x, y in zip(v, b)]
    return v


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


def _top_singular(rows: List[List[float]], k: int) -> Tuple[List[float], List[List[float]]]:
    """The k largest singular values of the matrix X of these rows, uncentred,
    and their right singular vectors (unit length, the largest entry positive),
    the first first.

    Lanczos iteration on X^T X, applied as X^T (X v) so that it is never formed,
    with every new vector orthogonalized against all before it (twice), and
    Rayleigh-Ritz on the vectors so far, until each asked-for pair's residual
    |X^T X u - s^2 u| is below 1e-12 s_1^2.  A step costs O(n d); the space is
    the whole of R^d after d steps at most, where the answer is exact.  The rows
    are first scaled by the power of two that brings their largest entry into
    [1/2, 1), exactly, so that nothing overflows or underflows on the way: the
    singular values scale back, the vectors are the same at any scale.
    """
    if not k:
        return [], []
    shift = _exponent(itertools.chain(*rows))  # 0 for rows all zero
    values, vectors = _lanczos(_scaled_by(rows, shift), k)
    noise = len(rows[0]) * sys.float_info.epsilon * values[0]  # the rounding of X^T X v
    return [math.ldexp(math.sqrt(s), shift) if s > noise else 0.0 for s in values], vectors


def _start(columns: List[Tuple[float, ...]], rng: random.Random) -> List[float]:
    """Lanczos's start: the rows' sum, near the first singular vector, plus a random
    vector of the same length, so that no singular vector is missing from it (the
    sum alone lacks any that the rows' signs cancel out of it)."""
    total = [math.fsum(column) for column in columns]
    noise = [rng.gauss(0, 1) for _ in columns]
    size = math.hypot(*total)
    if not size:
        return noise
    scale = size / math.hypot(*noise)
    return [x + scale * r for x, r in zip(total, noise)]


def _lanczos(rows: List[List[float]], k: int) -> Tuple[List[float], List[List[float]]]:
    """_top_singular's iteration, on rows scaled to entries below 1: the k largest
    eigenvalues of X^T X and their eigenvectors."""
    d = len(rows[0])
    columns = list(zip(*rows))  # X^T

    def gram_times(v: List[float]) -> List[float]:  # X^T (X v)
        xv = [sum(map(operator.mul, row, v)) for row in rows]
        return [sum(map(operator.mul, column, xv)) for column in columns]

    rng = random.Random(_SEED)  # the random part of the start: the same every time
    basis: List[List[float]] = []
    images: List[List[float]] = []  # X^T X v for each v of the basis
    check = k + _OVERSAMPLED
    start = _start(columns, rng)
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
            if not math.isfinite(residual):  # pragma: no cover - the rows are scaled
                raise AssertionError(f"Lanczos: a residual of {residual}")
            if residual <= _CONVERGED * values[0] or len(basis) == d:  # 0 <= 0: rows all zero
                break
            near = residual <= _NEAR * values[0]  # then converged in a step or two
            check = len(basis) + (1 if near else max(2, len(basis) // 4))
    return values, [u if max(u, key=abs) > 0 else [-x for x in u] for u in ritz]


# -- Frequency-weighted embeddings: SIF and uSIF -------------------------------


_UNKNOWN = (math.nan,)  # the weighted vector kept for an unknown token: true, and never summed


def _checked_counts(counts: Mapping[str, Any]) -> Tuple[_Words, Union[int, Fraction]]:
    """Counts checked: words, and whole numbers or reals of at least 0 with a
    total above 0; found by the one lookup rule.  Each count is kept exactly, an
    int when it is whole, and so is their total: a count's share of it is then an
    exact ratio, rounded once, whatever the counts' type and size."""
    if not isinstance(counts, Mapping):
        raise TypeError(f"counts must map words to counts, not {type(counts).__name__}")
    words = _Words()
    for word, count in counts.items():
        if not isinstance(word, str):
            raise TypeError(f"a counted word is a string, not {_quote(word)}")
        _check_number(count, f"the count of {_quote(word)}")
        if count < 0:
            raise EmbeddingError(f"the count of {_quote(word)} is negative: {_shown(count)}")
        exact = _exactly(count)
        words.add(word, exact.numerator if exact.denominator == 1 else exact)  # each once
    total = sum(words.values())
    if not total:
        raise EmbeddingError("the counts add up to 0: give how often each word occurs")
    return words, total


class _FrequencyWeighted:
    """What SIF and uSIF share: each word weighted by how rare it is, the weighted
    sum over a sentence's known tokens divided by their number, and the top
    singular vectors of the fit sentences' matrix taken out of every result."""

    def __init__(
        self, vectors: Any, counts: Mapping[str, Any], components: int, fold_case: bool
    ) -> None:
        # its tokens and lookup; fold_case=False: a token finds only the word it is
        self._embedder = SentenceEmbedder(vocab_embeddings=vectors, fold_case=fold_case)
        self._wanted = _whole_number(components, "components", 0)
        if self._wanted > self._embedder.dimension:
            raise EmbeddingError(
                f"components must be at most the dimension, {self._embedder.dimension}, "
                f"not {_shown(self._wanted)}"
            )
        self._counts, self._total = _checked_counts(counts)
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
        count = self._counts[word] if self._embedder.fold_case else self._counts.get(word)
        return 0.0 if count is None else float(count / self._total)

    def fit(
        self, sentences: Iterable[Sentence], jobs: int = 1, progress: Optional[bool] = None
    ) -> Any:
        """Weigh and average the sentences (in ``jobs`` processes; ``progress``
        on stderr when it is a terminal, or as it says), then find the
        components to remove.  ``embeddings`` then holds each sentence's
        embedding, in order: None for a sentence with no known token, which
        ``skipped`` counts and which adds nothing to the components.  Returns
        the model; a fit that fails leaves it as it was.

        >>> sif = SIF({"milk": [1.0, 0.0], "tea": [0.0, 1.0]}, {"milk": 1, "tea": 3})
        >>> sif.fit(["milk tea", "zzz", "tea"]).skipped, sif.embeddings[1]
        (1, None)
        """
        if isinstance(sentences, str):
            raise TypeError("sentences must be a collection of sentences, not a string")
        jobs = _whole_number(jobs, "jobs", 1)
        tokens = [self._tokens(sentence) for sentence in sentences]
        if not tokens:
            raise EmbeddingError("fit needs at least one sentence")
        before = dict(vars(self))  # what the model was, its attributes replaced, not changed
        try:
            return self._fit(tokens, jobs, progress)
        except BaseException:
            vars(self).clear()
            vars(self).update(before)
            raise

    def _fit(self, tokens: List[List[str]], jobs: int, progress: Optional[bool]) -> Any:
        self._weighted = {}  # the weights are the fit's
        self._prepare(tokens)
        means, shown = [], _Progress(progress, "sentences weighed", len(tokens))
        for _, (done, mean) in _counted(_map_in_order(self._mean, iter(tokens), jobs), shown):
            if not done:
                raise mean  # a weighted sum too large for a float
            means.append(mean)
        rows = [mean for mean in means if mean is not None]
        if len(rows) < max(self._wanted, 1):
            raise EmbeddingError(
                f"fit needs {_how_many(max(self._wanted, 1), 'sentence')} with a known token, "
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
        self._check_fitted()
        mean = self._mean(self._embedder.tokens(sentence))
        if mean is None:
            raise _NoVector(f"every token of {_quote(sentence)} is out of vocabulary")
        return self._removed(mean, self._scales())

    def embed_many(
        self, sentences: Iterable[Sentence], jobs: int = 1
    ) -> Iterator[Optional[List[float]]]:
        """Each sentence embedded by the fitted model, in order (in ``jobs``
        processes): None for a sentence with no known token.

        >>> sif = SIF({"milk": [1.0, 0.0], "tea": [0.0, 1.0]}, {"milk": 1, "tea": 3})
        >>> [v is None for v in sif.fit(["milk tea", "tea"]).embed_many(["tea", "zzz"])]
        [False, True]
        """
        self._check_fitted()
        if isinstance(sentences, str):
            raise TypeError("sentences must be a collection of sentences, not a string")
        jobs = _whole_number(jobs, "jobs", 1)
        return SentenceEmbedder._embedded(self.embed, iter(sentences), jobs)

    def weight(self, word: str) -> float:
        raise NotImplementedError  # pragma: no cover - SIF and USIF say

    def _check_fitted(self) -> None:
        if not self._fitted:
            raise EmbeddingError(f"{type(self).__name__} is not fitted: call fit(sentences) first")

    def save(self, path: Union[str, os.PathLike[str]]) -> None:
        """Write the fitted model to ``path`` as JSON, never pickle: its kind,
        parameters, counts, components and singular values (not the fit
        sentences' embeddings).  ``load`` over the same vectors embeds as it
        does, bit for bit.

        >>> import os, tempfile
        >>> vectors = {"milk": [1.0, 0.0], "tea": [0.0, 1.0]}
        >>> sif = SIF(vectors, {"milk": 1, "tea": 3}).fit(["milk tea", "tea"])
        >>> path = os.path.join(tempfile.mkdtemp(), "sif.json")
        >>> sif.save(path)
        >>> SIF.load(path, vectors).embed("milk") == sif.embed("milk")
        True
        """
        self._check_fitted()
        text = json.dumps(self._document())  # made whole before the file is opened
        with open(os.fspath(path), "w", encoding="utf-8") as file:
            file.write(text)

    def _document(self) -> Dict[str, Any]:
        """The fitted model as JSON: each number as it is (JSON keeps a float's digits)."""
        for word, count in self._counts.items():
            if type(count) not in (int, float):
                kind = type(count).__name__
                raise EmbeddingError(
                    f"the count of {_quote(word)} is a {kind}: JSON keeps ints and floats"
                )
        return {
            "sentemb": type(self).__name__,
            "parameters": self._parameters(),
            "dimension": self._embedder.dimension,
            "counts": dict(self._counts),
            "components": [list(c) for c in self.components],
            "singular_values": list(self.singular_values),
            "length": getattr(self, "length", None),
        }

    @classmethod
    def load(cls, path: Union[str, os.PathLike[str]], vectors: Any) -> Any:
        """A fitted model that ``save`` wrote, over the vectors it was fitted with.

        >>> import os, tempfile
        >>> vectors = {"milk": [1.0, 0.0], "tea": [0.0, 1.0]}
        >>> path = os.path.join(tempfile.mkdtemp(), "usif.json")
        >>> USIF(vectors, {"milk": 1, "tea": 3}, components=1).fit(["milk tea", "tea"]).save(path)
        >>> USIF.load(path, vectors)
        USIF(2 dimensions, 0 sentences)
        """
        name = os.fspath(path)
        with open(name, "rb") as file:
            data = file.read()
        try:
            document = json.loads(data.decode("utf-8"))
        except ValueError:  # not UTF-8, not JSON
            document = None
        return cls._from_document(document, vectors, name)

    @classmethod
    def _from_document(cls, document: Any, vectors: Any, name: str) -> Any:
        """The model a document describes, checked, over ``vectors``."""
        if not isinstance(document, dict) or document.get("sentemb") != cls.__name__:
            raise EmbeddingError(f"{name}: not a fitted {cls.__name__} that sentemb saved")
        try:
            model = cls(vectors, document["counts"], **document["parameters"])
            d = model._embedder.dimension
            components = [
                _check_vector(c, f"{name}: component {i}", d)
                for i, c in enumerate(document["components"])
            ]
            values = [
                _float(_check_number(s, f"{name}: a singular value"))
                for s in document["singular_values"]
            ]
            length, dimension = document["length"], document["dimension"]
        except (KeyError, TypeError, AttributeError) as error:
            raise EmbeddingError(
                f"{name}: not a fitted {cls.__name__} that sentemb saved ({error})"
            ) from None
        if dimension != d or not len(components) == len(values) == model._wanted:
            made = f"{_how_many(len(components), 'component')} of dimension {dimension}"
            raise EmbeddingError(f"{name}: {made}, for vectors of dimension {d}")
        model.components = tuple(tuple(map(float, c)) for c in components)
        model.singular_values = tuple(values)
        try:
            model._restored(length)
        except EmbeddingError as error:  # uSIF's length
            raise EmbeddingError(f"{name}: {error}") from None
        model._fitted = True
        return model

    def _parameters(self) -> Dict[str, Any]:
        raise NotImplementedError  # pragma: no cover - SIF and USIF say

    def _restored(self, length: Optional[int]) -> None:
        """What a loaded model needs besides its components (uSIF: the length)."""

    def _tokens(self, sentence: Sentence) -> List[str]:
        """A fit sentence's tokens: none for one that has none, which fit skips."""
        try:
            return self._embedder.tokens(sentence)
        except _NoVector:
            return []

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
        n = len(known)
        totals = list(map(sum, zip(*known)))
        if all(map(math.isfinite, totals)):
            return list(map(operator.truediv, totals, itertools.repeat(n)))
        # A sum too large for a float: sum the vectors scaled by a power of two, exactly.
        shift = _exponent(itertools.chain(*known))
        mean = [math.ldexp(total / n, shift) for total in map(sum, zip(*_scaled_by(known, shift)))]
        if not all(map(math.isfinite, mean)):  # uSIF's weights reach 2: a mean can overflow
            raise EmbeddingError("a weighted mean is too large for a float")
        return mean

    def _weighted_vector(self, token: str) -> Tuple[float, ...]:
        """weight(t) * v_t, each product rounded once, or _UNKNOWN; kept for the
        tokens used last (about a million numbers of them)."""
        vector = self._embedder._lookup.vector(token)
        if len(self._weighted) * self._embedder.dimension >= _UNITS:
            self._weighted.clear()
        if vector is None:
            row = _UNKNOWN
        else:
            weight = itertools.repeat(self.weight(token))
            row = tuple(map(operator.mul, weight, map(float, vector)))
        self._weighted[token] = row
        return row

    def _removed(self, mean: List[float], scales: List[float]) -> List[float]:
        """The mean less its projection on each component, each scaled as the model says."""
        result = mean
        for scale, component in zip(scales, self.components):
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
    tokenized by ``tokenize``, or token lists; unknown tokens are dropped.  A token
    finds its word and count exactly, else ignoring case (``fold_case=False``:
    exactly only).

    >>> vectors = {"milk": [1.0, 0.0], "tea": [0.0, 1.0], "the": [1.0, 1.0]}
    >>> sif = SIF(vectors, {"milk": 5, "tea": 3, "the": 92}, a=0.05)
    >>> sif = sif.fit(["the milk", "the tea", "milk tea", "the tea the"])
    >>> sif.weight("milk"), round(sif.weight("the"), 4)
    (0.5, 0.0515)
    >>> [round(x, 4) for x in sif.embed("Milk!")]
    [0.385, -0.2104]
    """

    def __init__(
        self,
        vectors: Any,
        counts: Mapping[str, Any],
        *,
        a: float = 1e-3,
        components: int = 1,
        fold_case: bool = True,
    ) -> None:
        if not _check_number(a, "a") > 0:  # the number as given: 1e-400 is more than 0
            raise EmbeddingError(f"a must be more than 0, not {_shown(a)}")
        self.a = _float(a, "a")
        if not self.a:
            raise EmbeddingError(f"a is too small for a float: {_shown(a)}")
        super().__init__(vectors, counts, components, fold_case)

    def weight(self, word: str) -> float:
        """a / (a + p(w)).

        >>> SIF({"milk": [1.0, 0.0]}, {"milk": 1, "tea": 999}).weight("milk")
        0.5
        """
        return self.a / (self.a + self.frequency(word))

    def _scales(self) -> List[float]:
        return [1.0] * len(self.components)

    def _parameters(self) -> Dict[str, Any]:
        return {"a": self.a, "components": self._wanted}


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
        fold_case: bool = True,
    ) -> None:
        super().__init__(vectors, counts, components, fold_case)
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

    def _parameters(self) -> Dict[str, Any]:
        return {"length": self._given, "components": self._wanted}

    def _restored(self, length: Optional[int]) -> None:
        self.length = _whole_number(length, "length", 1)
        self._a = self._a_for(self.length)

    def _a_for(self, length: int) -> float:
        """A, for sentences of ``length`` tokens."""
        words = len(self._counts)
        frequent = sum(map(self._more_frequent(words, length), self._counts.values()))
        alpha: float = frequent / words
        threshold = 1 - _kept(words, length)
        if not alpha:
            raise EmbeddingError(
                f"no word is frequent enough for uSIF: none has p(w) > {threshold:.3g}, "
                f"1 - (1 - 1/V)**n for V = {words:,} words and n = {length} tokens "
                "(give the counts of a whole corpus, or a larger length)"
            )
        assert frequent < words  # p(w) > t >= 1/V for every word would make sum(p) > 1
        return (1 - alpha) / (alpha * words / 2)

    def _more_frequent(self, words: int, length: int) -> Callable[[Any], bool]:
        """Whether a count's p(w) is more than t = 1 - (1 - 1/V)**n, decided exactly:
        in floats when p is clearly apart from t, else (for Vⁿ of up to _BITS bits) as
        count * Vⁿ > total * (Vⁿ - (V - 1)ⁿ) in whole numbers."""
        total, threshold = self._total, 1 - _kept(words, length)
        exact = length * words.bit_length() <= _BITS

        def more(count: Any) -> bool:
            p = float(count / total)
            if abs(p - threshold) > 1e-9 * threshold or not exact:
                return p > threshold
            power = words**length
            return bool(count * power > total * (power - (words - 1) ** length))

        return more

    def _scales(self) -> List[float]:
        """l_i**2, with l_i = s_i**2 / sum(s_j**2) taken from s_i / s_1, so that the
        squares neither overflow nor underflow; all 0 when every s_i is (nothing to
        remove)."""
        largest = max(self.singular_values, default=0.0)
        if not largest:
            return [0.0] * len(self.singular_values)
        energy = [(s / largest) ** 2 for s in self.singular_values]
        total = math.fsum(energy)
        return [(e / total) ** 2 for e in energy]


_BITS = 100_000  # the size of Vⁿ up to which uSIF's threshold is compared exactly


def _kept(words: int, length: int) -> float:
    """(1 - 1/V)**n, for a length of any size (beyond 2**1000, 0)."""
    if words == 1:
        return 0.0
    return math.exp(min(length, 1 << 1000) * math.log1p(-1 / words))


# -- Reading files: which vectors, and how their words are decoded -------------


_ERRORS = ("strict", "replace", "ignore")
_CHUNK = 1 << 20  # bytes of a binary file read at a time
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

    @property
    def bom(self) -> bytes:
        """The byte-order mark a file's first line may start with (a UTF-8 one, in a
        UTF-8 file): it says how the file is written, and is no part of its text."""
        return codecs.BOM_UTF8 if codecs.lookup(self.encoding).name.startswith("utf-8") else b""


class _Reading(NamedTuple):
    """How to read a file of vectors, its options checked."""

    limit: Optional[int]  # the vectors to read at most
    keep: Optional[Callable[[str], bool]]  # whether to keep a word's vector, by its case-fold
    text: _Text
    ascii_digits: bool  # whether the encoding writes the numbers as ASCII does


def _reading(
    limit: Optional[int], words: Optional[Iterable[str]], encoding: str, errors: str
) -> _Reading:
    """The options of reading a file, checked: the limit, which words to keep, how
    to decode them, and whether the encoding writes the numbers as ASCII does."""
    limit = None if limit is None else _whole_number(limit, "limit", 1)
    keep = None
    if words is not None:
        keep = frozenset(word.casefold() for word in _word_list(words, "words")).__contains__
    if errors not in _ERRORS:
        raise EmbeddingError(f"errors must be one of {', '.join(_ERRORS)}, not {_quote(errors)}")
    try:
        ascii_digits = _DIGITS.encode(encoding) == _DIGITS.encode("ascii")
    except LookupError:
        raise EmbeddingError(f"unknown encoding {_quote(encoding)}") from None
    return _Reading(limit, keep, _Text(encoding, errors), ascii_digits)


def _open_binary(
    path: str, opener: Callable[..., Any] = open, mode: str = "rb", shown: str = ""
) -> Any:
    """A file opened in binary, to be read (or written, by ``mode``).  A path that
    cannot name a file (it holds a NUL, or a lone surrogate) is an EmbeddingError
    that says so, naming ``shown`` or the path; a missing file is an OSError, as
    ``open`` raises it.

    >>> _open_binary("milk\\0tea")
    Traceback (most recent call last):
      ...
    sentemb.EmbeddingError: 'milk\\x00tea': not a file name (embedded null byte)
    """
    try:
        return opener(path, mode)
    except ValueError as error:  # UnicodeEncodeError among them
        raise EmbeddingError(f"{_quote(shown or path)}: not a file name ({error})") from None


# -- A fastText model: a vector for every word, read lazily --------------------


_FASTTEXT_MAGIC = struct.pack("<i", 793712314)  # how fastText's models have begun since 2017
_ARGUMENTS = struct.Struct("<12id")  # dim ws epoch minCount neg wordNgrams loss model bucket
#                                      minn maxn lrUpdateRate, and t
_SUPERVISED = 3  # fastText's code for a supervised model (cbow is 1, skipgram 2)
_ENTRY = re.compile(rb"([^\0]*)\0.{9}", re.DOTALL)  # a word, NUL, its int64 count, its type
_LONGEST_WORD = 1 << 20  # bytes of a word of a fastText dictionary, at most
_CACHED = 1 << 13  # the words whose vectors a fastText model keeps, the ones used last


def _looks_like_fasttext_arguments(head: bytes) -> bool:
    """An old fastText model (before 2017) starts with its arguments as int32s, then a
    double: dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn, maxn,
    lrUpdateRate, t.  The loss and the model are small codes, and t a sampling
    threshold between 0 and 1: no text file, and no word2vec file, starts so."""
    if len(head) < _ARGUMENTS.size:
        return False
    dim, _, _, _, _, _, loss, model, _, minn, maxn, _, t = _ARGUMENTS.unpack_from(head)
    subwords = 0 <= minn <= maxn or (minn >= 0 and maxn == 0)  # -maxn 0 keeps minn (3)
    return bool(dim > 0 and 1 <= loss <= 4 and 1 <= model <= 3 and subwords and 0 < t < 1)


# _read_at(fd, size, offset) reads without moving the file's position, which processes
# forked with it share.  (A map of the file reads as fast, but its pages, and the pages
# the system maps around them, count as the process's memory.)
if hasattr(os, "pread"):
    _read_at = os.pread
else:  # pragma: no cover - Windows, whose workers open files of their own

    def _read_at(fd: int, size: int, offset: int) -> bytes:
        os.lseek(fd, offset, os.SEEK_SET)
        return os.read(fd, size)


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
        self._open(os.fspath(path), subwords, _reading(limit, words, encoding, errors))

    @classmethod
    def _opened(cls, path: str, subwords: bool, reading: _Reading) -> FastTextVectors:
        """A model opened with options that are checked already (by load_vectors)."""
        model = cls.__new__(cls)
        model._open(path, subwords, reading)
        return model

    def _open(self, path: str, subwords: bool, reading: _Reading) -> None:
        # what a pickled model opens again, from any directory
        self._args = (os.path.abspath(path), subwords, reading)
        self.name, self.subwords = path, bool(subwords)
        self._data = array("d")  # none in memory: a row is read from the file when it is needed
        self._file = _open_binary(path)  # open for as long as the model is
        try:
            self._read_header(reading)
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

    def _read_header(self, reading: _Reading) -> None:
        """The arguments, the dictionary and where the input matrix is; the model
        must be whole, for word vectors (not supervised) and not quantized."""
        new, dim, nwords, pruned = self._read_arguments()
        self._words = self._dictionary(nwords, reading)
        self._start = self._find_matrix(new, dim, nwords, pruned)
        self._nwords, self._dimension, self._columns = nwords, dim, dim

    def _read_arguments(self) -> Tuple[bool, int, int, int]:
        """Whether the model is of the format of 2017 on, its dimension, its words and
        its pruned n-grams (-1: none), as its header gives them, checked; the n-grams'
        bucket and lengths are kept.  The file is left at the dictionary."""
        name, file = self.name, self._file
        new = file.read(4) == _FASTTEXT_MAGIC  # else older than 2017
        file.seek(8 if new else 0)  # past the magic number and the version
        head = file.read(_ARGUMENTS.size + (28 if new else 20))
        if not new and not _looks_like_fasttext_arguments(head):
            raise EmbeddingError(
                f"{name}: not a fastText model (it starts with neither fastText's magic number "
                "nor an older model's arguments; load_vectors reads text and word2vec files)"
            )
        if len(head) < _ARGUMENTS.size + (28 if new else 20):
            raise EmbeddingError(f"{name}: the fastText model ends inside its header")
        dim, _, _, _, _, _, _, model, bucket, minn, maxn, _, _ = _ARGUMENTS.unpack_from(head)
        entries, nwords, nlabels = struct.unpack_from("<3i", head, _ARGUMENTS.size)
        pruned = struct.unpack_from("<q", head, _ARGUMENTS.size + 20)[0] if new else -1
        if nlabels or model == _SUPERVISED:
            labels = f", with {_how_many(nlabels, 'label')}" if nlabels else ""
            raise EmbeddingError(
                f"{name}: a supervised fastText model (a classifier{labels}): "
                "only models of word vectors are read"
            )
        if dim <= 0 or bucket < 0 or minn < 0 or maxn < 0 or nwords != entries or nwords < 0:
            raise EmbeddingError(
                f"{name}: not a fastText model of word vectors (dimension {dim}, bucket {bucket}, "
                f"n-grams of {minn} to {maxn}, {_how_many(nwords, 'word')} of {entries:,})"
            )
        self.bucket, self.minn, self.maxn = bucket, minn, maxn
        return new, dim, nwords, pruned

    def _find_matrix(self, new: bool, dim: int, nwords: int, pruned: int) -> int:
        """Where the rows of the input matrix start, after the dictionary; its shape and
        the output matrix after it are checked against the header and the file's size."""
        name, bucket = self.name, self.bucket
        at: int = self._file.tell() + 8 * max(pruned, 0)  # pruned ones come with quantized models
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
        end = at + 16 + 4 * rows * columns
        size = os.fstat(self._file.fileno()).st_size
        if size < end + new + 16:  # the output matrix follows, with its own shape
            raise EmbeddingError(
                f"{name}: the fastText model is cut short: it has {size:,} bytes, its input "
                f"matrix ends at byte {end:,}, and the output matrix follows"
            )
        rows, columns = struct.unpack("<2q", _read_at(self._file.fileno(), 16, end + new))
        whole = end + new + 16 + 4 * rows * columns  # the output matrix ends there
        if size != whole:
            how = "is cut short" if size < whole else f"has {size - whole:,} bytes more"
            raise EmbeddingError(
                f"{name}: the fastText model {how}: its output matrix ends at byte {whole:,}, "
                f"the file at {size:,}"
            )
        return at + 16

    def _dictionary(self, entries: int, reading: _Reading) -> _Words:
        """The words of the dictionary, each with its row; the file is left after it."""
        words, buffer, at, index = _Words(), b"", 0, 0
        text, keep = reading.text, reading.keep
        last = entries if reading.limit is None else min(entries, reading.limit)  # the words kept
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
        """The vector of a word: the mean of its row, if it has one, and its n-grams' rows."""
        numbers = self._rows_of(word)
        if numbers is None:
            return None
        # _mean of the rows, sum(e_i) / n a coordinate at a time, each coordinate's
        # numbers a strided view of the rows read: nothing is copied on the way.
        columns, d = memoryview(numbers), self._columns
        n = len(numbers) // d
        return array("d", [math.fsum(columns[i::d]) / n for i in range(d)])

    def _exact_row(self, token: str, fold_case: bool) -> Optional[List[Fraction]]:
        """``_row`` for an exact embedder: the mean, in Fractions, of the rows' float32s,
        each read as written (not the float64 mean)."""
        word = _word_for(token, self._words, self._words.folded, fold_case)
        numbers = self._rows_of(token if word is None else word)
        if numbers is None:
            return None
        d = self._columns
        n = len(numbers) // d
        return [sum(map(_float32_as_written, numbers[i::d]), Fraction(0)) / n for i in range(d)]

    def _rows_of(self, word: str) -> Optional[array[float]]:
        """The float32s of a word's rows, one after the other: its own, if it has one,
        and its n-grams'; None when it has none."""
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
        if _BIG_ENDIAN:  # pragma: no cover - the file's float32s are little-endian
            numbers.byteswap()
        if not _all_finite(numbers):
            raise EmbeddingError(
                f"{self.name}: the vector of {_quote(word)} is not finite: "
                "a row of the model holds an inf or a nan"
            )
        return numbers

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
        """Close the model's file: the vectors kept stay, others cannot be read.

        >>> import os, struct, tempfile
        >>> handle, path = tempfile.mkstemp(".bin")
        >>> arguments = (1, 5, 5, 1, 5, 1, 2, 2, 1, 3, 6, 100, 1e-4)  # dimension 1, bucket 1
        >>> header = struct.pack("<2i12id3i2q", 793712314, 12, *arguments, 1, 1, 0, 9, -1)
        >>> rows = struct.pack("<qb?2q2f?2qf", 1, 0, 0, 2, 1, 2, 4, 0, 1, 1, 0)  # 2, then 4
        >>> with open(handle, "wb") as file:  # a model by hand: one word, one n-gram row
        ...     _ = file.write(header + b"milk\\0" + rows)
        >>> model = FastTextVectors(path)
        >>> model["milk"], model["tea"]  # milk: its own row (2) and 10 n-grams' (4 each)
        ([3.8181818181818183], [4.0])
        >>> model.close()
        >>> model["milk"]
        [3.8181818181818183]
        >>> model["chai"]  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        sentemb.EmbeddingError: ...: the fastText model is closed
        >>> os.remove(path)
        """
        self._file.close()

    def _row(self, token: str, fold_case: bool) -> Optional[Sequence[Any]]:
        """The vector of the word a token stands for, by the lookup rule (with
        ``fold_case`` false, of the word it is), else of the token's n-grams."""
        word = _word_for(token, self._words, self._words.folded, fold_case)
        return self._found(token if word is None else word)


# =============================================================================
# Part 4. Files and the command line
# =============================================================================

import argparse
import bz2
import contextlib
import gzip
import html
import io
import lzma
import zlib
from typing import AnyStr, NoReturn

__all__ += ["SentenceIndex", "load_counts", "load_vectors", "save_npy", "save_tsv"]


# -- Reading files of vectors and counts ---------------------------------------


_OPENERS: Dict[str, Callable[..., Any]] = {
    ".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open, ".lzma": lzma.open,
}  # fmt: skip
_HEAD = 1 << 16  # bytes read first, to tell the format; the longest word of a binary file
_LINES = 1 << 16  # bytes of a text file read at a time
_LARGEST_VECTOR = 1 << 31  # bytes of one vector of a binary file, at most
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # bytes that text never has
_DTYPES = {"float64": "d", "float32": "f"}  # load_vectors's dtype: the array type of a text file
_LONGEST_LINE = 1 << 26  # bytes of a text line read to tell text from binary
# The digits of a count, at most: Python's limit on int() of a string, where it has one.
_DIGITS_OF_A_COUNT = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300
_BLOCK = 1 << 16  # numbers whose top bytes are looked at together
_TOP_BYTE = {4: 0, 8: 0} if _BIG_ENDIAN else {4: 3, 8: 7}
_UTF8 = _Text("utf-8", "strict")
_SENTENCES = _Text("utf-8", "strict", "sentences are read as UTF-8 text")
_GENSIM_PICKLE = (
    "{name}: a pickle, as gensim saves a KeyedVectors (.kv) or a model (.model): sentemb never "
    "unpickles, since loading a pickle runs the code in it. Convert it with gensim, "
    "KeyedVectors.load(path).save_word2vec_format('vectors.bin', binary=True) (for a model, "
    "Word2Vec.load(path).wv.save_word2vec_format(...)), and give that file"
)


def _as_bytes(lines: Iterable[Any], name: str, encoding: str) -> Iterator[bytes]:
    """Lines as bytes in ``encoding``: the readers parse numbers from bytes."""
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


_INSIDE = re.compile(rb"\r(?!\n\Z)|\n(?!\Z)|[\x0b\x0c]")  # a line end before a line's own
_LINE_END = re.compile(rb"\r\n|[\r\n\x0b\x0c]")


def _physical_lines(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Lines as read or given, each split where a line ends inside it: a lone CR (a
    classic Mac file), a vertical tab or form feed (as ``str.splitlines`` reads them),
    or a line break in a line given; so a message names the line it is about."""
    for line in lines:
        if _INSIDE.search(line) is None:
            yield line
        else:
            pieces = _LINE_END.split(line)
            yield from pieces[:-1] if not pieces[-1] else pieces


def _without_bom(lines: Iterable[AnyStr], bom: AnyStr) -> Iterator[AnyStr]:
    """The lines of a file, the first without the byte-order mark it may start with
    (``bom``, when the file's encoding has one): the one rule for every file read.
    The mark says how the file is written; it is no part of its text."""
    rest = iter(lines)
    first = next(rest, None)
    if first is None:
        return rest
    if first.startswith(bom):  # always, for an encoding with no mark: b""
        first = first[len(bom) :]
    return itertools.chain([first], rest)  # the rest at C speed


class _Source(NamedTuple):
    """What a path or lines of text are, to a reader: a name for messages, the lines
    as bytes (the file itself, opened in binary), and how a path was opened."""

    name: str
    lines: Any
    opener: Optional[Callable[..., Any]]  # None for lines of text


@contextlib.contextmanager
def _source(source: Any, encoding: str) -> Iterator[_Source]:
    """A path or lines of text, as ``load_vectors`` and ``load_counts`` take them: a
    path is opened in binary, decompressed as its ending says (and a compressed file
    that is not is an error naming it); lines are given as bytes in ``encoding``."""
    if not isinstance(source, (str, os.PathLike)):
        if isinstance(source, (bytes, bytearray)) or not hasattr(source, "__iter__"):
            raise TypeError(f"source must be a path or lines of text, not {type(source).__name__}")
        name = str(getattr(source, "name", "<lines>"))
        yield _Source(name, _as_bytes(source, name, encoding), None)
        return
    name = os.fspath(source)
    opener = _OPENERS.get(os.path.splitext(name)[1].lower(), open)
    unreadable = () if opener is open else (EOFError, OSError, zlib.error, lzma.LZMAError)
    with _open_binary(name, opener) as file:
        try:
            yield _Source(name, file, opener)
        except unreadable as error:  # a compressed file that is not
            raise EmbeddingError(
                f"{name}: not a readable {opener.__module__} file ({error})"
            ) from None


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


def _is_number(field: bytes) -> bool:
    try:
        float(field)
    except ValueError:
        return False
    return True


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


class _Format(NamedTuple):
    """What a file's first bytes say it is."""

    head: bytes  # the bytes read to tell
    kind: str  # _TEXT, _WORD2VEC or _FASTTEXT
    shape: Tuple[int, int] = (0, 0)  # of a word2vec binary file: its header's vectors, dimension


_TEXT, _WORD2VEC, _FASTTEXT = "text", "word2vec", "fastText"


def _sniff(file: Any, name: str, ascii_compatible: bool) -> _Format:
    """Tell the format from the file's first lines, read whole.

    After a header "count dimension", the file is text when the next line is a
    word and numbers (with no control characters), read to its end, which in
    text comes within 32 bytes a number; otherwise it is binary.
    """
    read = file.read(_ARGUMENTS.size)
    if read.startswith(_FASTTEXT_MAGIC) or _looks_like_fasttext_arguments(read):
        return _Format(read, _FASTTEXT)
    if read[:1] == b"\x80" and read[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        raise EmbeddingError(_GENSIM_PICKLE.format(name=name))
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
        return _Format(read, _TEXT)
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
    head = first + newline + after
    return _Format(head, _TEXT) if text else _Format(head, _WORD2VEC, (count, dimension))


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


def _word_and_numbers(line: bytes, dimension: int, where: str, source: str) -> List[bytes]:
    """A line that is not one word and ``dimension`` numbers, each after one space, as
    its word and numbers: the last ``dimension`` fields (after any run of whitespace) are
    the numbers, what comes before them is the word (". . ." keeps its spaces)."""
    fields = line.rstrip().rsplit(None, dimension)
    found = _trailing_numbers(line.split())
    if len(fields) <= dimension or found > dimension:
        raise EmbeddingError(
            f"{where}: expected a word and {_how_many(dimension, 'number')}, "
            f"found {_how_many(found, 'number')} ({source})"
        )
    return fields


def _number_error(fields: List[bytes], text: _Text, where: str) -> Exception:
    """The error for the first field of a line that is not a number (Python's float()
    reads "1_0" as 10; no file of vectors writes it so)."""
    position, field = next(
        (i, f) for i, f in enumerate(fields, 1) if b"_" in f or not _is_number(f)
    )
    return EmbeddingError(
        f"{where}: number {position} is not a number: {_quote(text.decode(field, where))}"
    )


class _TextLayout:
    """What the first lines of a text file of vectors say: the dimension, from a
    word2vec header or from the first vector, and so the fields of a plain line."""

    def __init__(self, name: str, text: _Text) -> None:
        self.name, self.text = name, text
        self.dimension = 0  # not known yet
        self.width = -1  # the fields of a plain line: a word and `dimension` numbers
        self.header: Optional[Tuple[int, int]] = None  # (count, line number) of a header
        self.source = ""  # where the dimension comes from, for the errors that depend on it

    def fields(self, number: int, line: bytes, fields: List[bytes]) -> Optional[List[bytes]]:
        """A line that is not plain as a word and its numbers; None for a line with no
        vector on it (a blank line, a header)."""
        if fields == [b""]:
            return None
        where = f"{self.name}, line {number}"
        if not self.dimension:
            parts = line.split()  # a header may be separated by any whitespace
            if _is_header(parts):
                self.header, self.dimension = (int(parts[0]), number), int(parts[1])
                if not self.dimension:
                    raise EmbeddingError(f"{where}: the header gives dimension 0")
                self.width = self.dimension + 1
                self.source = f"the header on line {number} says so"
                return None
            self.dimension = _trailing_numbers(parts)
            found = _quote(self.text.decode(line, where).strip())
            if not self.dimension:
                raise EmbeddingError(f"{where}: expected a word and numbers, found {found}")
            self.width = self.dimension + 1
            self.source = f"line {number} has {self.dimension}: {found}"
        if len(fields) != self.width or b"\t" in fields[0]:
            return _word_and_numbers(line, self.dimension, where, self.source)
        return fields

    def check_end(self, count: int, last: int, limit: Optional[int]) -> None:
        """Check what the file held, ``count`` vectors by its ``last`` line, against its
        header: a file with no vector is an error too."""
        name, header = self.name, self.header
        if header is not None and count != header[0] and count != limit:
            raise EmbeddingError(
                f"{name}, line {header[1]}: the header says {_how_many(header[0], 'vector')}, "
                f"the file has {count:,}"
            )
        if header is not None and not count:
            raise EmbeddingError(
                f"{name}, line {header[1]}: the header says 0 vectors: none to load"
            )
        if not self.dimension:
            if last:
                raise EmbeddingError(f"{name}, line {last}: no vectors by the end of the file")
            raise EmbeddingError(f"{name}: the file is empty")


def _read_text(
    lines: Iterable[bytes],
    name: str,
    reading: _Reading,
    progress: Optional[bool],
    typecode: str,
) -> Vectors:
    """Vectors from lines of text, each a word and its numbers, perhaps after a
    word2vec header "count dimension"; numbers of the ``array`` type ``typecode``."""
    layout = _TextLayout(name, reading.text)
    words = _Words()
    data: array[float] = array(typecode)
    line_numbers = array("I")  # the line of each stored vector, to name a bad number
    count = number = 0  # the vector lines read; the line
    text, keep = reading.text, reading.keep
    with _Progress(progress, "vectors") as shown:
        for number, line in enumerate(_without_bom(_physical_lines(lines), text.bom), 1):
            fields = line.rstrip().split(b" ")
            if len(fields) != layout.width or b"\t" in fields[0]:  # a first line, a blank
                # one, a word with spaces, a tab or more than one space between fields
                vector = layout.fields(number, line, fields)
                if vector is None:
                    continue
                fields = vector
            try:  # text.decode, without building the place for each line
                word = fields[0].decode(text.encoding, text.errors)
            except UnicodeDecodeError as error:
                raise text.error(fields[0], error, f"{name}, line {number}") from None
            count += 1
            if word not in words and (keep is None or keep(word.casefold())):
                words.add(word, len(data))
                try:
                    data.extend(map(float, fields[1:]))
                    if b"_" in line and any(b"_" in field for field in fields[1:]):
                        raise ValueError("1_0 is not a number")
                except ValueError:
                    raise _number_error(fields[1:], text, f"{name}, line {number}") from None
                line_numbers.append(number)
            if count == reading.limit:
                break
            if not count & 0xFFFF:
                shown.count(count)
    layout.check_end(count, number, reading.limit)
    _check_finite(data, layout.dimension, lambda row: f"{name}, line {line_numbers[row]}")
    return Vectors._of(data, words, layout.dimension)


def _check_nothing_follows(file: Any, rest: bytes, name: str, count: int) -> None:
    """After the vectors a header promised, a file holds white space at most."""
    while rest and not rest.strip():
        rest = file.read(_CHUNK)
    if rest.strip():
        raise EmbeddingError(
            f"{name}: the header says {_how_many(count, 'vector')}, "
            f"but more follows vector {count:,}"
        )


def _records(
    file: Any, name: str, count: int, size: int, limit: Optional[int], offset: int
) -> Iterator[Tuple[int, int, Any, bytearray]]:
    """The records of a word2vec binary file from ``offset`` on (the first ``limit``):
    of each, its number, its byte offset, its word and its ``size`` bytes of numbers.
    A record may follow a newline (the C tool ends each with one); after the last the
    file must end."""
    record = re.compile(rb"\n*([^ ]*) (.{%d})" % size, re.DOTALL)
    buffer = bytearray(_HEAD + min(size, _CHUNK) + _CHUNK)  # reused: fresh memory is slow to touch
    filled = read = 0  # bytes in the buffer; records read
    last = count if limit is None else min(count, limit)
    while read < last:
        got = file.readinto(memoryview(buffer)[filled:])
        if not got:
            raise EmbeddingError(
                f"{name}, vector {read + 1} (byte offset {offset}): the file ends inside it; "
                f"the header says {_how_many(count, 'vector')}"
            )
        filled, end = filled + got, 0
        match = record.match(buffer, 0, filled)
        while match:  # each whole record, one after the other
            read, start, end = read + 1, end, match.end()
            yield read, offset + start, match.group(1), buffer[end - size : end]
            match = record.match(buffer, end, filled) if read < last else None
        if read < last and filled - end > _HEAD + size:  # more than a record cut short
            where = f"{name}, vector {read + 1} (byte offset {offset + end})"
            raise EmbeddingError(f"{where}: no space after a word in {_HEAD:,} bytes")
        buffer[: filled - end] = buffer[end:filled]  # what is left goes first
        filled, offset = filled - end, offset + end
        if filled == len(buffer):  # a record longer than the buffer: it grows with the file
            buffer.extend(bytes(len(buffer)))
    if read == count != limit:
        _check_nothing_follows(file, bytes(buffer[:filled]), name, count)


def _read_binary(
    file: Any,
    name: str,
    count: int,
    dimension: int,
    total: Optional[int],
    reading: _Reading,
    progress: Optional[bool],
) -> Vectors:
    """A word2vec binary file, after its header "count dimension": each vector is a
    word, a space and ``dimension`` little-endian float32s.  ``total`` is the file's
    size in bytes, when it is known."""
    if not dimension or not count:
        says = "gives dimension 0" if not dimension else "says 0 vectors: none to load"
        raise EmbeddingError(f"{name}, line 1: the header {says}")
    offset = len(file.readline())  # the header's: the records start there
    size = 4 * dimension
    if (total is not None and size + 2 > total - offset) or size > _LARGEST_VECTOR:
        have = "" if total is None else f", and the file has {total - offset:,} after the header"
        raise EmbeddingError(
            f"{name}, line 1: the header says vectors of {dimension:,} numbers, each of them "
            f"{size + 2:,} bytes at least{have}"
        )
    words, data = _Words(), array("f")
    vector_numbers = array("L")  # the vector number of each stored vector
    text, keep = reading.text, reading.keep
    with _Progress(progress, "vectors") as shown:
        for number, at, raw, numbers in _records(file, name, count, size, reading.limit, offset):
            try:  # text.decode, without building the place for each vector
                word = raw.decode(text.encoding, text.errors)
            except UnicodeDecodeError as error:
                where = f"{name}, vector {number} (byte offset {at})"
                raise text.error(raw, error, where) from None
            if word not in words and (keep is None or keep(word.casefold())):
                words.add(word, len(data))
                data.frombytes(numbers)
                vector_numbers.append(number)
            if not number & 0xFFFF:
                shown.count(number)
    if _BIG_ENDIAN:  # pragma: no cover - the file's float32s are little-endian
        data.byteswap()
    _check_finite(data, dimension, lambda row: f"{name}, vector {vector_numbers[row]}")
    return Vectors._of(data, words, dimension)


def _read_counts(lines: Iterable[bytes], name: str, text: _Text) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for number, line in enumerate(_without_bom(_physical_lines(lines), text.bom), 1):
        fields = line.strip().rsplit(None, 1)  # the word (spaces and all) and its count
        if not fields:
            continue
        where = f"{name}, line {number}"
        if len(fields) < 2 or not fields[-1].isdigit():
            found = _quote(text.decode(line.strip(), where))
            if len(fields) < 2:
                raise EmbeddingError(f"{where}: expected a word and its count, found {found}")
            raise EmbeddingError(f"{where}: the count is not a whole number: {found}")
        if len(fields[-1]) > _DIGITS_OF_A_COUNT:
            raise EmbeddingError(
                f"{where}: the count has {len(fields[-1]):,} digits: too many to read "
                f"(at most {_DIGITS_OF_A_COUNT:,})"
            )
        counts.setdefault(text.decode(fields[0], where), int(fields[-1]))
    if not counts:
        raise EmbeddingError(f"{name}: no counts in it")
    return counts


def _read_file(
    file: Any,
    name: str,
    opener: Any,
    reading: _Reading,
    typecode: str,
    subwords: bool,
    progress: Optional[bool],
) -> Vectors:
    """The vectors of a file, in the format its first bytes tell: text, word2vec
    binary or a fastText model."""
    form = _sniff(file, name, reading.ascii_digits)
    size = _size(file) if opener is open else None
    if form.kind == _FASTTEXT:
        if size is None:
            place = "in a regular file" if opener is open else "decompressed"
            raise EmbeddingError(f"{name}: a fastText model is read in place: give it {place}")
        return FastTextVectors._opened(name, subwords, reading)
    buffered = _LINES if form.kind == _TEXT else _CHUNK  # text is read a line at a time
    file = io.BufferedReader(_Unread(form.head, file), buffered)  # no seeking: pipes work
    if form.kind != _TEXT:  # word2vec's binary format
        count, dimension = form.shape
        return _read_binary(file, name, count, dimension, size, reading, progress)
    if reading.ascii_digits:
        return _read_text(file, name, reading, progress, typecode)
    # Numbers are parsed from bytes: UTF-16 and the like are re-encoded as UTF-8.
    decoded = io.TextIOWrapper(file, reading.text.encoding, errors=reading.text.errors)
    utf8 = reading._replace(text=_UTF8)
    return _read_text(_as_bytes(decoded, name, "utf-8"), name, utf8, progress, typecode)


def load_vectors(
    source: Union[str, os.PathLike[str], Iterable[Union[str, bytes]]],
    *,
    limit: Optional[int] = None,
    words: Optional[Iterable[str]] = None,
    encoding: str = "utf-8",
    errors: str = "strict",
    dtype: str = "float64",
    subwords: bool = True,
    progress: Optional[bool] = None,
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
    reading = _reading(limit, words, encoding, errors)
    if dtype not in _DTYPES:
        raise EmbeddingError(f"dtype must be one of {', '.join(_DTYPES)}, not {_quote(dtype)}")
    with _source(source, encoding) as (name, lines, opener):
        if opener is None:
            if not reading.ascii_digits:
                raise EmbeddingError(f"lines of text cannot be read as {encoding}: give a path")
            return _read_text(lines, name, reading, False, _DTYPES[dtype])
        try:
            typecode = _DTYPES[dtype]
            return _read_file(lines, name, opener, reading, typecode, subwords, progress)
        except UnicodeError as error:  # only from decoding: the loader's own errors are not
            raise EmbeddingError(f"{name}: cannot decode it as {encoding} ({error})") from None


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
    reading = _reading(None, None, encoding, errors)
    with _source(source, encoding) as (name, lines, opener):
        if reading.ascii_digits:
            return _read_counts(lines, name, reading.text)
        if opener is None:
            raise EmbeddingError(f"lines of text cannot be read as {encoding}: give a path")
        # Numbers are parsed from bytes: UTF-16 and the like are re-encoded as UTF-8.
        decoded = io.TextIOWrapper(lines, encoding, errors=errors)
        try:
            return _read_counts(_as_bytes(decoded, name, "utf-8"), name, _UTF8)
        except UnicodeError as error:  # only from decoding
            raise EmbeddingError(f"{name}: cannot decode it as {encoding} ({error})") from None


# -- Embeddings out: NumPy's .npy and the projector's TSV ------------------------


_NPY_MAGIC = b"\x93NUMPY\x01\x00"
_NPY_HEADER = 128  # bytes before the numbers: room for any shape, a multiple of 64
_NPY_TYPES = {"float64": ("d", "<f8"), "float32": ("f", "<f4")}
_FLOAT32_MAX = 3.4028234663852886e38
_ROWS_AT_ONCE = 4096  # rows converted and written together


def _npy_header(rows: int, dimension: int, descr: str) -> bytes:
    """NumPy's .npy header (format 1.0) for a C-ordered (rows, dimension) array."""
    text = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({rows}, {dimension}), }}"
    size = _NPY_HEADER - len(_NPY_MAGIC) - 2
    return _NPY_MAGIC + struct.pack("<H", size) + text.ljust(size - 1).encode("ascii") + b"\n"


def _packed(chunk: List[Any], first: int, dimension: int, typecode: str) -> array[float]:
    """Rows ``first``... as one array of ``typecode``, little-endian: rows that are
    lists of floats at C speed, any other rows checked one by one, and a row that is
    None, of another length or not finite (in float32, too) named."""
    data: array[float] = array(typecode)
    try:
        list(map(data.fromlist, chunk))
        fine = len(data) == dimension * len(chunk) and _all_finite(data)
    except (TypeError, OverflowError):  # not a list (a tuple, None), not floats, too large
        fine = False
    if not fine:  # a sum that overflowed is fine, once checked
        data = array(typecode)
        for i, row in enumerate(chunk, first):
            if row is None:
                raise EmbeddingError(f"row {i} has no vector: leave such rows out first")
            numbers = array(typecode, _float_row(row, f"row {i}", dimension))
            if not all(map(math.isfinite, numbers)):
                raise EmbeddingError(f"row {i} has a number too large for a float32")
            data.extend(numbers)
    if _BIG_ENDIAN:  # pragma: no cover - .npy here is little-endian
        data.byteswap()
    return data


@contextlib.contextmanager
def _replacing(path: str) -> Iterator[Any]:
    """A file to write that becomes ``path`` when all went well, and vanishes if not:
    nothing half-written is left behind."""
    partial = f"{path}.partial"
    try:
        file = _open_binary(partial, mode="wb", shown=path)  # a bad name is refused here
    except OSError as error:  # a folder missing or not writable: name the file asked for
        error.filename = path
        raise
    try:
        with file:
            yield file
        os.replace(partial, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)


def _first_row(row: Any) -> Tuple[Any, int]:
    """The first row to write, and the dimension it sets: an iterator is read into a
    list first; a row that is None or no collection sets 0, and _packed names it."""
    if hasattr(row, "__next__"):
        row = list(row)
    return row, len(row) if hasattr(row, "__len__") else 0


def save_npy(
    path: Union[str, os.PathLike[str]], rows: Iterable[Iterable[Any]], *, dtype: str = "float64"
) -> int:
    """Write rows of numbers (embeddings, each of one length) to ``path`` as an
    (N, d) array in NumPy's .npy format, float64 or ``dtype="float32"``
    (rounded to nearest); ``numpy.load`` reads it back bit for bit.  The rows
    are streamed (any iterator, such as ``embed_many``'s; a row may be one
    too); a row that is None, of another length or not finite is an error
    naming it, and nothing is left at ``path``.  Returns N.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "rows.npy")
    >>> save_npy(path, [[1.0, 2.0], [3.0, 4.5]])
    2
    >>> with open(path, "rb") as file:
    ...     header = file.read(128)
    ...     header[:6], header[10:].strip(), len(file.read())  # 2 x 2 float64s follow
    (b'\\x93NUMPY', b"{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", 32)
    """
    if dtype not in _NPY_TYPES:
        raise EmbeddingError(f"dtype must be one of {', '.join(_NPY_TYPES)}, not {_quote(dtype)}")
    typecode, descr = _NPY_TYPES[dtype]
    if isinstance(rows, (str, bytes)) or not hasattr(rows, "__iter__"):
        raise TypeError(f"rows must be an iterable of vectors, not {type(rows).__name__}")
    count, dimension = 0, 0
    with _replacing(os.fspath(path)) as file:
        file.write(bytes(_NPY_HEADER))  # the shape is known at the end
        for chunk in _batches(iter(rows), _ROWS_AT_ONCE):
            if not count:
                chunk[0], dimension = _first_row(chunk[0])
            file.write(_packed(chunk, count, dimension, typecode).tobytes())
            count += len(chunk)
        if not count:
            raise EmbeddingError("no rows to write: an array needs at least one")
        file.seek(0)
        file.write(_npy_header(count, dimension, descr))
    return count


def _metadata_path(path: str) -> str:
    """Where the projector's metadata goes beside its vectors: NAME.metadata.tsv."""
    base = path[: -len(".tsv")] if path.endswith(".tsv") else path
    return f"{base}.metadata.tsv"


def save_tsv(
    path: Union[str, os.PathLike[str]], rows: Iterable[Iterable[Any]], sentences: Iterable[str]
) -> int:
    """Write rows as TensorFlow's Embedding Projector reads them: the vectors at
    ``path``, a line of tab-separated numbers each, and the sentences, a line
    each, beside it at NAME.metadata.tsv (a tab or line break in a sentence
    becomes a space).  Rows and sentences go in pairs; a row that is None,
    of another length or not finite is an error naming it, and nothing is
    left behind.  Returns the number of rows.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "vectors.tsv")
    >>> save_tsv(path, [[1.0, 2.5], [3.0, 4.0]], ["milk tea", "hot\\tchocolate"])
    2
    >>> open(path).read(), open(path[:-4] + ".metadata.tsv").read()
    ('1.0\\t2.5\\n3.0\\t4.0\\n', 'milk tea\\nhot chocolate\\n')
    """
    rows = _collection(rows, "rows", "vectors")
    sentences = _collection(sentences, "sentences", "strings")
    if len(rows) != len(sentences):
        counts = f"{_how_many(len(rows), 'row')} for {_how_many(len(sentences), 'sentence')}"
        raise EmbeddingError(f"{counts}: give one sentence per row")
    count, dimension, target = 0, 0, os.fspath(path)
    with _replacing(target) as vectors, _replacing(_metadata_path(target)) as metadata:
        for count, (row, sentence) in enumerate(zip(rows, sentences), 1):
            if not isinstance(sentence, str):
                raise TypeError(f"sentence {count - 1} is not a string: {_quote(sentence)}")
            if count == 1:
                row, dimension = _first_row(row)
            numbers = _packed([row], count - 1, dimension, "d")
            vectors.write("\t".join(map(repr, numbers)).encode("ascii") + b"\n")
            metadata.write(re.sub(r"\s", " ", sentence).encode("utf-8") + b"\n")
        if not count:
            raise EmbeddingError("no rows to write: the projector needs at least one")
    return count


# -- A corpus embedded once, searched many times ----------------------------------


_FITTED = ("sif", "usif")  # the methods of models fitted on the corpus, by their names


def _index_files(path: Union[str, os.PathLike[str]]) -> Tuple[str, str]:
    """An index's two files: PATH.npy (the embeddings) and PATH.json (the sentences)."""
    base = os.fspath(path)
    base = base[: -len(".npy")] if base.endswith(".npy") else base
    return f"{base}.npy", f"{base}.json"


def _read_npy(path: str) -> Tuple[array[float], int]:
    """A (N, d) array of floats from NumPy's .npy format, and d: what save_npy
    writes, and numpy.save of a 2-D float64 or float32 array."""
    with _open_binary(path) as file:
        data = file.read()
    size = struct.unpack("<H", data[8:10])[0] if len(data) >= 10 else 0
    match = re.fullmatch(
        r"\{'descr': '<f([48])', 'fortran_order': False, 'shape': \((\d+), (\d+)\), \}\s*",
        data[10 : 10 + size].decode("latin-1"),
    )
    if not data.startswith(b"\x93NUMPY\x01\x00") or match is None:
        raise EmbeddingError(f"{path}: not a 2-D float64 or float32 array in NumPy's .npy format")
    rows = array("d" if match.group(1) == "8" else "f")
    rows.frombytes(data[10 + size :])
    count, dimension = int(match.group(2)), int(match.group(3))
    if len(rows) != count * dimension or not dimension:
        raise EmbeddingError(
            f"{path}: {_how_many(len(rows), 'number')} for shape {count, dimension}"
        )
    if _BIG_ENDIAN:  # pragma: no cover - .npy here is little-endian
        rows.byteswap()
    return rows, dimension


class SentenceIndex:
    """A corpus embedded once and searched many times: each query is compared
    with the stored embeddings, none embedded again.  ``embedder`` is a
    ``SentenceEmbedder`` (by ``method``, in ``jobs`` processes) or an ``SIF`` or
    ``USIF`` model, which is fitted on the sentences.  A sentence with no
    vector (no token known) is never found; ``missing`` says which and why.

    >>> index = SentenceIndex(SentenceEmbedder(), ["lot", "love milk", "I", "milk"])
    >>> [(i, round(score, 6), text) for i, score, text in index.search("milk", k=2)]
    [(3, 1.0, 'milk'), (1, 0.997054, 'love milk')]
    """

    def __init__(
        self,
        embedder: Any,
        sentences: Iterable[str],
        method: str = "average",
        jobs: int = 1,
        progress: Optional[bool] = None,
    ) -> None:
        self.sentences = tuple(_collection(sentences, "sentences", "sentences"))
        jobs = _whole_number(jobs, "jobs", 1)
        self._model = embedder if isinstance(embedder, _FrequencyWeighted) else None
        self._embed: Callable[[Any], Any]
        if isinstance(embedder, _FrequencyWeighted):
            self.method, self._embed = type(embedder).__name__.lower(), embedder.embed
            fitted = embedder.fit(self.sentences, jobs, progress).embeddings
            found: Iterable[Tuple[Any, Optional[str]]] = (
                (v, None if v else f"every token of {_quote(s)} is out of vocabulary")
                for v, s in zip(fitted, self.sentences)
            )
        elif isinstance(embedder, SentenceEmbedder):
            self.method, self._embed = method, _method(embedder, method)
            embedded = _embedded_or_why(self._embed, iter(self.sentences), jobs)
            shown = _Progress(progress, "sentences indexed", len(self.sentences))
            found = _counted(embedded, shown)
        else:
            kind = type(embedder).__name__
            raise TypeError(f"embedder must be a SentenceEmbedder, SIF or USIF, not {kind}")
        self._rows, self.missing = array("d"), {}
        self._made_with: Dict[str, Any] = {}  # what the command line made it with, if it did
        for i, (vector, why) in enumerate(found):
            if vector is not None and any(vector):
                self._rows.extend(map(float, vector))
            else:
                self.missing[i] = why or f"{_quote(self.sentences[i])} embeds as the zero vector"
        self._made()

    def _made(self) -> None:
        """What search needs: each row's sentence and length, and the dimension."""
        self._ids = [i for i in range(len(self.sentences)) if i not in self.missing]
        self._row_of = {i: r for r, i in enumerate(self._ids)}
        self.dimension = len(self._rows) // len(self._ids) if self._ids else 0
        self._norms = self._norms_of_rows()

    def _vector(self, i: int) -> List[float]:
        """The embedding of sentence i (one that has one)."""
        start = self._row_of[i] * self.dimension
        return self._rows[start : start + self.dimension].tolist()

    def _norms_of_rows(self) -> List[float]:
        d, rows = self.dimension, self._rows
        return [math.hypot(*rows[r * d : r * d + d]) for r in range(len(self._ids))]

    def __len__(self) -> int:
        return len(self.sentences)

    def __repr__(self) -> str:
        return (
            f"<SentenceIndex: {len(self):,} sentences, {self.method}, dimension {self.dimension}>"
        )

    def search(self, query: Sentence, k: Optional[int] = 10) -> List[Tuple[int, float, str]]:
        """The ``k`` sentences most similar to the query (all, for k=None), as
        (index, cosine, sentence), best first, ties by index: the order of a
        brute-force ranking by ``cosine_similarity``.

        >>> index = SentenceIndex(SentenceEmbedder(), ["love milk", "milk love", "lot"])
        >>> [i for i, _, _ in index.search("love milk")]
        [0, 1, 2]
        """
        k = None if k is None else _whole_number(k, "k", 0)
        target = self._embed(query)
        if not any(target):
            raise EmbeddingError(
                f"the query {_quote(query)} embeds as the zero vector: it is similar to nothing"
            )
        unit = _unit([float(x) for x in target])
        d, rows, dot = self.dimension, self._rows, _dot_product
        fast = [dot(unit, rows[r * d : r * d + d]) / norm for r, norm in enumerate(self._norms)]
        best = _nearest(target, fast, lambda r: rows[r * d : r * d + d], k)
        return [(self._ids[r], score, self.sentences[self._ids[r]]) for r, score in best]

    def save(self, path: Union[str, os.PathLike[str]]) -> None:
        """Write the index to PATH.npy (the embeddings, as ``save_npy`` writes
        them) and PATH.json (the sentences, the method, those with no vector,
        and an SIF or uSIF model fitted on them, as ``save`` writes it).

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "corpus")
        >>> SentenceIndex(SentenceEmbedder(), ["love milk", "lot"]).save(path)
        >>> sorted(os.listdir(os.path.dirname(path)))
        ['corpus.json', 'corpus.npy']
        """
        npy, sentences = _index_files(path)
        d, rows = self.dimension, self._rows
        save_npy(npy, (rows[r * d : r * d + d] for r in range(len(self._ids))))
        document = {
            "sentemb": "SentenceIndex",
            "method": self.method,
            "sentences": self.sentences,
            "missing": {str(i): why for i, why in self.missing.items()},
            "made with": self._made_with,
            "model": None if self._model is None else self._model._document(),
        }
        with _replacing(sentences) as file:
            file.write(json.dumps(document, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def load(cls, path: Union[str, os.PathLike[str]], embedder: Any) -> SentenceIndex:
        """An index that ``save`` wrote, searched with ``embedder``: the
        SentenceEmbedder it was made with, or for an index made by SIF or uSIF
        the vectors (the model saved with it is loaded over them) or the fitted
        model.  The embeddings come back bit for bit.

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "corpus")
        >>> SentenceIndex(SentenceEmbedder(), ["love milk", "lot"]).save(path)
        >>> SentenceIndex.load(path, SentenceEmbedder()).search("milk", k=1)[0][2]
        'love milk'
        """
        npy, sentences = _index_files(path)
        with _open_binary(sentences) as file:
            try:
                document = json.loads(file.read().decode("utf-8"))
            except ValueError:  # not UTF-8, not JSON
                document = None
        if not isinstance(document, dict) or document.get("sentemb") != "SentenceIndex":
            raise EmbeddingError(f"{sentences}: not the sentences of a SentenceIndex")
        index = cls.__new__(cls)
        try:
            index.sentences, index.method = tuple(document["sentences"]), document["method"]
            index.missing = {int(i): why for i, why in document["missing"].items()}
            index._made_with, model = document["made with"], document["model"]
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise EmbeddingError(
                f"{sentences}: not a SentenceIndex sentemb saved ({error})"
            ) from None
        index._rows, dimension = _read_npy(npy)
        fits = index._embedder_fits(embedder, model, dimension, npy, sentences)
        index._embed, index._model = fits
        index._made()
        if len(index._rows) != len(index._ids) * dimension:
            rows = len(index._rows) // dimension
            raise EmbeddingError(f"{npy}: {rows:,} rows for {len(index._ids):,} sentences")
        return index

    def _embedder_fits(
        self, embedder: Any, model: Any, dimension: int, npy: str, sentences: str
    ) -> Tuple[Callable[[Any], Any], Any]:
        """How to embed a query, and the fitted model, if the embedder is what made the
        index (for SIF or uSIF: the vectors, the model saved in ``sentences`` loaded over
        them)."""
        if self.method in _FITTED and not isinstance(
            embedder, (_FrequencyWeighted, SentenceEmbedder)
        ):
            kind = SIF if self.method == "sif" else USIF
            embedder = kind._from_document(model, embedder, sentences)
        if self.method in _FITTED and type(embedder).__name__.lower() == self.method:
            embedder._check_fitted()
            size, embed = embedder._embedder.dimension, embedder.embed
        elif self.method not in _FITTED and isinstance(embedder, SentenceEmbedder):
            size, embed = embedder.dimension, _method(embedder, self.method)
        else:
            raise EmbeddingError(f"{npy} was made by {self.method}: give what made it")
        if size != dimension:
            raise EmbeddingError(
                f"{npy} holds vectors of dimension {dimension}, the embedder makes {size}"
            )
        return embed, (embedder if self.method in _FITTED else None)


# -- Command line --------------------------------------------------------------


_LABELS = {
    "average": "1. simple average",
    "skip_filler": "2. skip filler words",
    "weighted": "3. weighted average",
}
_AGREES = "computed by ExerciseEmbedder, in Part 1 of sentemb.py; SentenceEmbedder agrees"


class _Parser(argparse.ArgumentParser):
    """argparse, whose usage errors quote what was given cut short."""

    def error(self, message: str) -> NoReturn:
        super().error(re.sub(r"\S{81,}", lambda long: _cut(long.group()), message))


def _add_what_to_embed(parser: argparse.ArgumentParser) -> None:
    """The sentences, how they are read and how the answers are printed."""
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
        "--quiet",
        action="store_true",
        help="show no progress on stderr (shown for long work when stderr is a terminal)",
    )
    parser.add_argument(
        "--output",
        metavar="FILE",
        help="write the embeddings (of --method) to FILE.npy, NumPy's format, or FILE.tsv, "
        "TensorFlow projector's vectors (the sentences go to FILE.metadata.tsv)",
    )


def _add_vector_options(parser: argparse.ArgumentParser) -> None:
    """The word vectors, and how tokens find them."""
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
        help="keep a text file's numbers as float32: half the memory, gensim's rounding; "
        "with --output, write float32s",
    )
    parser.add_argument(
        "--encoding",
        help="the encoding of --vectors and --counts (default utf-8)",
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
        help="out-of-vocabulary tokens: the -1 vector (the default without --vectors), "
        "skip them (the default with --vectors), or fail",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="stop at a sentence with no known token, instead of giving it no vector",
    )
    parser.add_argument(
        "--weights",
        metavar="W",
        help='method 3\'s weights, one per token: "0.5 1 0.7" or "0.5,1,0.7"',
    )


def _add_what_to_do(parser: argparse.ArgumentParser) -> None:
    """Compare or rank instead, and how: the processes and the method."""
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
        "--index",
        metavar="PATH",
        help="with --rank: keep FILE's embeddings in PATH.npy and its lines in PATH.json, "
        "made once and reused while they match FILE and the options",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="embed the sentences of - or --input, or the lines --rank ranks, in N processes "
        "(a fit's weighted means too; default 1)",
    )
    parser.add_argument(
        "--method",
        choices=_METHODS + _FITTED,
        help="the method to embed with: what sentences, - and --input write (default: all "
        "three), and what --compare, --rank, --output and a map (--svg) use (default: average); "
        "sif or usif, with --counts, is fitted on the sentences of - or --input, or on --rank's "
        "FILE",
    )
    parser.add_argument(
        "--counts",
        metavar="FILE",
        help='word counts for --method sif or usif, a line "word count" each',
    )
    parser.add_argument(
        "--svg",
        metavar="FILE",
        help="write a picture to FILE (- for standard output) instead of printing: the sentence "
        "in the exercise's plane, or a map of the sentences (--vectors, --input, - or --rank) "
        "on their top two principal components",
    )


def _parser() -> argparse.ArgumentParser:
    """The command line's options, in the order --help shows them."""
    parser = _Parser(
        prog="sentemb" if os.path.basename(sys.argv[0]) == "sentemb" else "sentemb.py",
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
    _add_what_to_embed(parser)
    _add_vector_options(parser)
    _add_what_to_do(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _a_corpus(args: argparse.Namespace) -> bool:
    """Whether the options give many sentences: -, --input or --rank's lines."""
    return bool(args.rank or args.input is not None or args.sentences == ["-"])


def _check_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse options that go with others not given, as usage errors (exit status 2);
    then fill in the defaults that depend on what was given."""
    many = _a_corpus(args)
    a_map = args.svg is not None and (many or args.vectors is not None)
    for option, given, needed, what in [
        ("--limit", args.limit, args.vectors, "--vectors"),
        ("--float32", args.float32, args.vectors or args.output, "--vectors or --output"),
        ("--encoding", args.encoding, args.vectors, "--vectors"),
        ("--errors", args.errors, args.vectors, "--vectors"),
        ("-k", args.k, args.rank, "--rank"),
        ("--index", args.index, args.rank, "--rank"),
        ("--jobs", args.jobs, many or None, "-, --input or --rank"),
        ("--method", args.method if args.method not in _FITTED else None,
         args.compare or args.rank or args.output or args.sentences or args.input or a_map
         or None, "sentences, -, --input, --compare, --rank, --output or a map (--svg)"),
        (f"--method {args.method}", args.method if args.method in _FITTED else None,
         args.vectors and args.counts and (many or None),
         "--vectors, --counts and -, --input or --rank: it is fitted on the sentences given "
         "(--compare A B: on those of - or --input, as two alone are always at +-1)"),
        ("--counts", args.counts, args.method in _FITTED or None, "--method sif or usif"),
    ]:  # fmt: skip
        if given is not None and needed is None:
            parser.error(f"{option} goes with {what}")
    _check_picture(parser, args, a_map)
    if args.jobs is not None and args.jobs < 1:
        parser.error(f"--jobs must be 1 or more, not {args.jobs}")
    if args.method in _FITTED:
        for option, given, why in [
            ("--exact", args.exact, "computes in floats (square roots are not exact)"),
            ("--oov", args.oov is not None, "drops unknown tokens"),
            ("--weights", args.weights is not None, "takes its weights from --counts"),
        ]:
            if given:
                parser.error(f"--method {args.method} {why}: {option} does not apply")
    fit_for_compare = args.compare and args.method in _FITTED and not args.rank
    if (args.sentences or args.input) and (args.compare or args.rank) and not fit_for_compare:
        parser.error("give sentences, --input, --compare or --rank: one of them")
    if args.input is not None and args.sentences:
        parser.error("give sentences or --input: one of them")
    if "-" in args.sentences and len(args.sentences) > 1:
        parser.error("a lone - reads the sentences from standard input: give it alone")
    if args.output is not None:
        _check_output(parser, args)
    args.encoding, args.errors = args.encoding or "utf-8", args.errors or "strict"
    args.methods = _METHODS if args.method is None else (args.method,)  # those written
    args.method, args.jobs = args.method or "average", args.jobs or 1


def _same_file(a: str, b: str) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _check_picture(parser: argparse.ArgumentParser, args: argparse.Namespace, a_map: bool) -> None:
    """Refuse what --svg cannot draw."""
    if args.svg is None:
        return
    for option, given in [
        ("--compare", args.compare),
        ("--json", args.json or None),
        ("-k", args.k),
    ]:
        if given is not None:
            parser.error(f"--svg draws a picture: {option} does not apply")
    read = [args.input, args.vectors, args.counts, args.rank and args.rank[1]]
    if args.svg != "-" and any(path and _same_file(path, args.svg) for path in read):
        parser.error(f"--svg {args.svg} is a file this run reads: give another")
    if args.vectors is not None and not (args.sentences or _a_corpus(args)):
        parser.error("--svg with --vectors maps sentences: give them, --input, - or --rank")
    if not a_map and len(args.sentences) > 1:
        parser.error("--svg draws one sentence in the exercise's plane: give one, or map "
                     "sentences with --vectors, --input, - or --rank")  # fmt: skip


def _check_output(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """--output goes with sentences to embed, to a file whose name says its format."""
    if not args.output.endswith((".npy", ".tsv")):
        parser.error(f"--output {_cut(args.output)}: give a name ending in .npy or .tsv")
    if args.compare or args.rank:
        parser.error("--output writes the embeddings of sentences, - or --input, not a score")
    if args.json:
        parser.error("--output writes the embeddings to a file: --json does not apply")


class _Output(NamedTuple):
    """A line of output, and what it is as JSON (to escape what the terminal cannot show)."""

    text: str
    document: Any = None


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


def _digits(x: Number) -> str:
    """str(x): 2/7 for a Fraction, repr for a float; every digit of a Fraction whose terms
    are longer than str() writes (Python's limit is the caller's setting, not ours)."""
    try:
        return str(x)
    except ValueError:
        assert isinstance(x, Fraction)
        return f"{Decimal(x.numerator):f}/{Decimal(x.denominator):f}"


def _format(vector: Sequence[Number]) -> str:
    return "[" + ", ".join(map(_digits, vector)) + "]"


def _jsonable(x: Number) -> Any:
    return _digits(x) if isinstance(x, Fraction) else x


def _weight_fields(text: str) -> List[str]:
    return re.split(r"[,\s]+", text.strip())


def _weights(text: str) -> List[Fraction]:
    """Weights as written on the command line: "0.5 1 0.7" or "0.5,1,0.7"."""
    weights = []
    for field in _weight_fields(text):
        try:
            weights.append(Fraction(field))
        except (ValueError, ZeroDivisionError):
            raise EmbeddingError(f"--weights: {_quote(field)} is not a number") from None
    return weights


def _file_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _numbered(
    lines: Iterable[Union[str, bytes]], name: str, what: str
) -> Iterator[Tuple[int, str]]:
    decoded = (
        _SENTENCES.decode(line, f"{name}, line {number}") if isinstance(line, bytes) else line
        for number, line in enumerate(lines, 1)
    )
    found = False
    for number, line in enumerate(_without_bom(decoded, "\ufeff"), 1):
        line = line.strip()
        if line:
            found = True
            yield number, line
    if not found:
        raise EmbeddingError(f"{name}: no {what} in it (one per line)")


def _lines(path: str, what: str) -> Iterator[Tuple[int, str]]:
    """The non-blank lines of a UTF-8 file (or of standard input for -), numbered,
    stripped; an error names the file and the line."""
    name = _file_name(path)
    if path == "-":
        if sys.stdin is None:
            raise EmbeddingError("standard input is closed: give the file instead of -")
        yield from _numbered(getattr(sys.stdin, "buffer", sys.stdin), name, what)
        return
    with _open_binary(path) as file:
        yield from _numbered(file, name, what)


def _line_count(path: str) -> Optional[int]:
    """The lines of a file, counted quickly, for the time a corpus has left."""
    ends, last = 0, b"\n"
    try:
        with open(path, "rb") as file:
            for chunk in iter(lambda: file.read(_CHUNK), b""):
                ends, last = ends + chunk.count(b"\n"), chunk[-1:]
    except (OSError, ValueError):  # reported when it is read (a NUL in its name too)
        return None
    return ends if last == b"\n" else ends + 1  # a last line with no line end counts too


class _Place(NamedTuple):
    """A sentence to embed, and where it comes from: its line (its place among the
    SENTENCE arguments), and for a message, "FILE, line N: " (or "")."""

    where: str
    line: int
    sentence: str


def _sentences(args: argparse.Namespace, have_vectors: bool) -> Iterator[_Place]:
    """The sentences to embed, each with where it comes from; for a corpus, the lines
    read so far on stderr (of how many, for a file), unless --quiet."""
    if args.input is not None or args.sentences == ["-"]:
        path = "-" if args.input is None else args.input
        total = None if path == "-" else _line_count(path)
        progress = _Progress(False if args.quiet else None, "lines", total)
        numbered = _counted(_lines(path, "sentences"), progress, at=operator.itemgetter(0))
        for number, line in numbered:
            yield _Place(f"{_file_name(path)}, line {number}: ", number, line)
    elif args.sentences or not have_vectors:
        for number, sentence in enumerate(args.sentences or [EXERCISE_SENTENCE], 1):
            yield _Place("", number, sentence)
    else:
        raise EmbeddingError("nothing to embed: give a SENTENCE, --input, --compare A B or --rank")


class _Answers(NamedTuple):
    """A sentence's tokens and its three answers."""

    tokens: List[str]
    vectors: Dict[str, Optional[List[Number]]]  # method -> embedding, None if it fails
    errors: Dict[str, str]  # method -> why it fails


def _answers(
    embedder: SentenceEmbedder,
    sentence: str,
    weights_missing: bool = False,
    strict: bool = False,
    methods: Sequence[str] = _METHODS,
) -> _Answers:
    """A sentence's answers by the methods, tokenized once for all; a method that
    does not apply (no weights, nothing left) says why, and --oov error fails the
    sentence, as does, with ``strict``, one with no vector by the first method."""
    try:
        tokens = embedder.tokens(sentence)
    except _NoVector as error:
        if strict:
            raise
        return _Answers([], dict.fromkeys(methods), dict.fromkeys(methods, str(error)))
    answers = _Answers(tokens, {}, {})
    for method in methods:
        answers.vectors[method] = None
        if method == "weighted" and weights_missing:
            answers.errors[method] = "give --weights, one weight per token"
        else:
            try:
                answers.vectors[method] = _method(embedder, method)(tokens)
            except OutOfVocabularyError:
                raise
            except EmbeddingError as error:  # it does not apply
                # The message quotes the sentence as the user gave it, not the token list.
                answers.errors[method] = str(error).replace(_quote(tokens), _quote(sentence))
                if strict and method == methods[0]:  # average's: no known token
                    raise EmbeddingError(answers.errors[method]) from None
    return answers


def _record(
    line: Optional[int], sentence: str, vectors: Dict[str, Any], errors: Dict[str, str]
) -> Dict[str, Any]:
    """The one JSON shape of a sentence, in every mode: its line, the sentence, each
    method's vector (Fractions as strings, "2/7"; null where there is none), and
    ``error``, each such method's reason, where there is one."""
    record: Dict[str, Any] = {"line": line, "sentence": sentence}
    for method, vector in vectors.items():
        record[method] = None if vector is None else [_jsonable(x) for x in vector]
    if errors:
        record["error"] = errors
    return record


def _reading_of(
    sentence: str,
    embedder: SentenceEmbedder,
    tokens: List[str],
    weights_text: Optional[str],
    weights_missing: bool,
) -> List[str]:
    """The report's first lines: the sentence's tokens, which are out of vocabulary,
    which are filler words, and the weights."""
    kept = set(embedder._without_fillers(tokens))
    fillers = [token for token in tokens if token not in kept]
    oov = embedder.oov_vector
    handled = {
        "vector": f"embedded as {_format(oov) if len(oov) <= 4 else '-1 everywhere'}",
        "skip": "skipped",
        "error": "not allowed",
    }[embedder.oov]
    if weights_missing:
        weights_text = "none given (--weights)"
    elif weights_text is None:
        weights_text = " ".join(map(str, embedder.attention_weights))
    reading = (
        "punctuation marks are tokens (the default; --words-only drops them)"
        if embedder.keep_punctuation
        else "words only (punctuation dropped)"
    )
    unknown = [token for token in tokens if embedder._lookup.vector(token) is None]
    return [
        f"sentence: {sentence}",
        f"tokens ({len(tokens)}): {' | '.join(tokens)}",
        f"reading: {reading}",
        f"out of vocabulary, {handled}: {', '.join(unknown) or '-'}",
        f"filler words skipped by method 2: {', '.join(fillers) or '-'}",
        f"attention weights (method 3): {weights_text}",
    ]


def _report(
    sentence: str,
    embedder: SentenceEmbedder,
    answers: _Answers,
    fractions: Optional[_Answers],
    weights_text: Optional[str] = None,
    weights_missing: bool = False,
) -> str:
    """The human-readable report: how the sentence was read, then the answers
    (``fractions``: each as fractions too); ``weights_text`` is the weights as the
    command line gave them."""
    lines = [*_reading_of(sentence, embedder, answers.tokens, weights_text, weights_missing), ""]
    for method, vector in answers.vectors.items():
        label = _LABELS[method]
        if vector is None:
            lines.append(f"{label:<22} does not apply: {answers.errors[method]}")
        elif fractions is None:
            lines.append(f"{label:<22} {_format(vector)}")
        else:
            exact_vector = fractions.vectors[method]
            assert exact_vector is not None  # the same rules fail in both modes
            lines.append(f"{label:<22} {_format(vector)}  = {_format(exact_vector)} exactly")
    return "\n".join(lines)


class _SentenceReport(NamedTuple):
    """How each sentence is shown: its report or its JSON line, which worker
    processes write with --jobs."""

    embedder: SentenceEmbedder
    as_json: bool
    weights_missing: bool  # --vectors without --weights: method 3 has no weights
    fractions: Optional[SentenceEmbedder]  # the exercise's vocabulary: each answer exactly too
    weights_text: Optional[str]  # the weights as the command line gave them
    encoding: str  # what standard output can show
    strict: bool  # a sentence with no known token stops the corpus
    methods: Tuple[str, ...]  # those written: --method's, or all three

    def text(self, place: _Place) -> str:
        """One sentence's report or JSON line, written so that ``encoding`` can show it."""
        sentence = place.sentence
        if not place.where:  # a sentence given on the command line, not a line of a corpus
            self.embedder.tokens(sentence)  # has tokens, or is an error
        answers = _answers(self.embedder, sentence, self.weights_missing, self.strict, self.methods)
        if not self.as_json:
            exactly = None
            if self.fractions is not None:
                exactly = _answers(self.fractions, sentence, methods=self.methods)
            return _report(
                sentence, self.embedder, answers, exactly, self.weights_text, self.weights_missing
            )
        document = _record(place.line, sentence, answers.vectors, answers.errors)
        text = json.dumps(document, ensure_ascii=False)
        try:
            text.encode(self.encoding)
        except UnicodeEncodeError:
            text = json.dumps(document)  # \u escapes: the same JSON
        return text


def _exercise_answers(exact: bool) -> _Answers:
    """The exercise's three answers by ExerciseEmbedder, checked against
    SentenceEmbedder's: that they differ is a bug, a traceback with exit status 1."""
    part_1 = ExerciseEmbedder(exact=exact)
    vectors: Dict[str, Optional[List[Number]]] = {
        method: _method(part_1, method)(EXERCISE_SENTENCE) for method in _METHODS
    }
    answers = _Answers(tokenize(EXERCISE_SENTENCE), vectors, {})
    checked = _answers(SentenceEmbedder(exact=exact), EXERCISE_SENTENCE)
    if checked != answers:
        raise AssertionError(f"ExerciseEmbedder gives {answers}, SentenceEmbedder {checked}")
    return answers


def _the_exercise(args: argparse.Namespace) -> bool:
    """Whether the options ask for the exercise as the slide sets it (as floats and
    fractions, fractions alone, or JSON): no sentence, no vectors, no other reading."""
    return not (
        args.sentences
        or args.input is not None
        or args.vectors is not None
        or args.compare
        or args.rank
        or args.words_only
        or args.case_sensitive
        or args.weights is not None
        or args.oov not in (None, "vector")
        or args.strict
        or args.output is not None
        or args.methods != _METHODS
        or args.svg is not None
    )


def _exercise(args: argparse.Namespace) -> Iterator[_Output]:
    """The exercise's answers as Part 1's ExerciseEmbedder computes them, the code a
    student reads, then the line that says SentenceEmbedder computes the same."""
    answers = _exercise_answers(exact=args.exact)
    if args.json:
        record = _record(1, EXERCISE_SENTENCE, answers.vectors, answers.errors)
        yield _Output(json.dumps(record))  # the exercise's sentence is ASCII
        return
    fractions = None if args.exact else _exercise_answers(exact=True)
    reading = SentenceEmbedder()  # how the sentence is read, in both modes
    yield _Output(_report(EXERCISE_SENTENCE, reading, answers, fractions))
    yield _Output(f"\n{_AGREES}")


class _Row(NamedTuple):
    """A sentence's embedding by one method, or None and why it has none."""

    where: str  # "FILE, line N: " (or "" for a sentence on the command line)
    line: int
    sentence: str
    vector: Optional[List[Number]]
    problem: Optional[str]


def _no_vector(row: _Row, strict: bool, verb: str) -> None:
    """A row with no vector: --strict makes that an error, else a note on stderr."""
    if strict:
        raise EmbeddingError(f"{row.where}{row.problem}")
    print(f"sentemb.py: not {verb}: {row.where}{row.problem}", file=sys.stderr)


def _model(args: argparse.Namespace, vectors: Any) -> Any:
    """--method sif or usif: the model, with the counts of --counts, to fit."""
    counts = load_counts(args.counts, encoding=args.encoding, errors=args.errors)
    fold_case = not args.case_sensitive
    if args.method == "sif":
        return SIF(vectors, counts, fold_case=fold_case)
    components = min(5, vectors.dimension)  # uSIF's 5, or as many as the dimensions
    return USIF(vectors, counts, components=components, fold_case=fold_case)


def _compare(args: argparse.Namespace, embedder: Any) -> Iterator[_Output]:
    """--compare A B: their cosine similarity (by SIF or uSIF: fitted on the sentences
    of - or --input, then A and B embedded by the model)."""
    a, b = args.compare
    if isinstance(embedder, _FrequencyWeighted):
        fit = [place.sentence for place in _sentences(args, True)]
        embedder.fit(fit, args.jobs, False if args.quiet else None)
        score = cosine_similarity(embedder.embed(a), embedder.embed(b))
    else:
        score = embedder.similarity(a, b, args.method)
    document = {"a": a, "b": b, "method": args.method, "similarity": score}
    if args.json:
        yield _Output(json.dumps(document, ensure_ascii=False), document)
    else:
        yield _Output(f"cosine similarity ({args.method}) of {a!r} and {b!r}: {score!r}")


def _stamp(path: Optional[str]) -> Optional[List[Any]]:
    """A file as an index remembers it: where it is, its size and when it changed."""
    if path is None:
        return None
    status = os.stat(path)
    return [os.path.abspath(path), status.st_size, status.st_mtime_ns]


def _made_with(args: argparse.Namespace, embedder: SentenceEmbedder) -> Dict[str, Any]:
    """What an index made by the command line depends on, besides its lines."""
    options = ["method", "words_only", "case_sensitive", "weights", "exact", "limit", "float32"]
    made = {option: getattr(args, option) for option in options}
    return {
        **made,
        "oov": embedder.oov,
        "vectors": _stamp(args.vectors),
        "counts": _stamp(args.counts),
    }


def _indexed(
    args: argparse.Namespace, embedder: SentenceEmbedder, lines: List[str], vectors: Any
) -> Any:
    """The index of the lines of --rank's FILE, by --method (SIF and uSIF: fitted on
    them); with --index PATH, reused when it matches them and the options, else made
    and saved."""
    model = _model(args, vectors) if args.method in _FITTED else None
    progress = False if args.quiet else None
    if args.index is None:
        return SentenceIndex(model or embedder, lines, args.method, args.jobs, progress)
    made_with = _made_with(args, embedder)
    try:
        index = SentenceIndex.load(args.index, vectors if model else embedder)
    except (EmbeddingError, OSError):  # none yet, or not one we can use
        index = None
    if index is None or index.sentences != tuple(lines) or index._made_with != made_with:
        index = SentenceIndex(model or embedder, lines, args.method, args.jobs, progress)
        index._made_with = made_with
        index.save(args.index)
        npy = _index_files(args.index)[0]
        print(f"sentemb.py: indexed {_how_many(len(lines), 'line')} in {npy}", file=sys.stderr)
    return index


def _rank(
    args: argparse.Namespace, embedder: SentenceEmbedder, vectors: Any = None
) -> Iterator[_Output]:
    """--rank QUERY FILE: the lines of FILE, the most similar to QUERY first."""
    query, path = args.rank
    numbered = list(_lines(path, "candidates"))
    places = [f"{_file_name(path)}, line {number}" for number, _ in numbered]
    candidates = [text for _, text in numbered]
    if args.index is None and args.method not in _FITTED:
        where, jobs, strict = places.__getitem__, args.jobs, args.strict
        ranked, unranked = embedder._ranked(
            query, candidates, args.k, args.method, where, jobs, strict
        )
    else:
        index = _indexed(args, embedder, candidates, vectors)
        ranked = [(i, score, index._vector(i)) for i, score, _ in index.search(query, args.k)]
        unranked = sorted(index.missing.items())
        if unranked and args.strict:
            i, why = unranked[0]
            raise EmbeddingError(f"{places[i]} ({_quote(candidates[i])}): {why}")
    if args.json:  # a line each, best first, then those with no vector
        method = args.method
        for i, score, vector in ranked:
            record = _record(numbered[i][0], candidates[i], {method: vector}, {})
            record["similarity"] = score
            yield _Output(json.dumps(record, ensure_ascii=False), record)
        for i, why in unranked:
            record = _record(numbered[i][0], candidates[i], {method: None}, {method: why})
            yield _Output(json.dumps(record, ensure_ascii=False), record)
        return
    for i, score, _ in ranked:
        yield _Output(f"{score:.6f}  {candidates[i]}")
    for i, why in unranked:  # on stderr: the ranking on stdout stays a ranking
        _no_vector(
            _Row(f"{places[i]}: ", numbered[i][0], candidates[i], None, why), False, "ranked"
        )


def _fitted_model(
    args: argparse.Namespace, vectors: Any, embedder: SentenceEmbedder, places: Iterable[_Place]
) -> Tuple[Any, List[_Place], Dict[int, str]]:
    """--method sif or usif fitted on the sentences; the places, in order; and why each
    with no token has none (it has no embedding, as one with no known token has none)."""
    model = _model(args, vectors)
    kept: List[_Place] = []
    tokens: List[List[str]] = []
    problems: Dict[int, str] = {}
    for place in places:
        try:
            tokens.append(embedder.tokens(place.sentence))  # --words-only and the like apply
        except _NoVector as error:
            if args.strict:
                raise EmbeddingError(f"{place.where}{error}") from None
            tokens.append([])
            problems[len(kept)] = str(error)
        kept.append(place)
    model.fit(tokens, args.jobs, False if args.quiet else None)
    return model, kept, problems


def _fitted_rows(
    args: argparse.Namespace, vectors: Any, embedder: SentenceEmbedder
) -> Iterator[_Row]:
    """--method sif or usif: the model fitted on the sentences of the corpus, then
    each sentence's embedding, in order."""
    model, places, problems = _fitted_model(args, vectors, embedder, _sentences(args, True))
    for i, (place, vector) in enumerate(zip(places, model.embeddings)):
        unknown = f"every token of {_quote(place.sentence)} is out of vocabulary"
        problem = None if vector else problems.get(i, unknown)
        yield _Row(place.where, place.line, place.sentence, vector, problem)


def _vector_of(embed: Callable[[str], List[Number]], place: _Place) -> List[Number]:
    return embed(place.sentence)


def _method_rows(args: argparse.Namespace, embedder: SentenceEmbedder) -> Iterator[_Row]:
    """Each sentence of the corpus embedded by --method, in order (by --jobs processes)."""
    work = functools.partial(_vector_of, _method(embedder, args.method))
    for place, (done, value) in _map_in_order(work, _sentences(args, True), args.jobs):
        if done:
            yield _Row(place.where, place.line, place.sentence, value, None)
        elif isinstance(value, _NoVector):
            yield _Row(place.where, place.line, place.sentence, None, str(value))
        else:
            raise type(value)(f"{place.where}{value}")


def _fit_and_embed(args: argparse.Namespace, rows: Iterator[_Row]) -> Iterator[_Output]:
    """--method sif or usif: each sentence's embedding, as a report or JSON."""
    for number, row in enumerate(rows):
        if row.problem and args.strict:
            _no_vector(row, True, "embedded")
        if args.json:
            errors = {args.method: row.problem} if row.problem else {}
            document = _record(row.line, row.sentence, {args.method: row.vector}, errors)
            yield _Output(json.dumps(document, ensure_ascii=False, allow_nan=False), document)
        else:
            shown = (
                _format(row.vector) if row.vector is not None else f"does not apply: {row.problem}"
            )
            blank = "\n" if number else ""
            yield _Output(f"{blank}sentence: {row.sentence}\n{args.method}  {shown}")


def _with_vectors(rows: Iterable[_Row], strict: bool) -> Iterator[Tuple[List[Number], str]]:
    """The rows that have a vector, as (vector, sentence); each other one noted."""
    for row in rows:
        if row.vector is None:
            _no_vector(row, strict, "written")
        else:
            yield row.vector, row.sentence


def _write(args: argparse.Namespace, rows: Iterator[_Row]) -> Iterator[_Output]:
    """--output FILE.npy or FILE.tsv: the rows with a vector written, the others noted."""
    kept = _with_vectors(rows, args.strict)
    dtype = args.float32 or "float64"
    if args.output.endswith(".npy"):
        count = save_npy(args.output, (vector for vector, _ in kept), dtype=dtype)
        written = f"{args.output}, {dtype}"
    else:
        pairs = list(kept)
        count = save_tsv(args.output, [v for v, _ in pairs], [t for _, t in pairs])
        written = f"{args.output} and {_metadata_path(args.output)}"
    yield _Output(f"wrote {_how_many(count, 'embedding')} ({args.method}) to {written}")


def _each_sentence(
    args: argparse.Namespace, report: _SentenceReport, have_vectors: bool
) -> Iterator[_Output]:
    """Each sentence's report, or JSON line, in order (made by --jobs processes)."""
    texts = _map_in_order(report.text, _sentences(args, have_vectors), args.jobs)
    for number, ((where, _, _), (done, text)) in enumerate(texts):
        if not done:  # --oov error
            raise type(text)(f"{where}{text}")
        yield _Output(("\n" if number and not args.json else "") + text)


# -- Pictures: the exercise in its plane, a corpus on its principal plane (SVG) --------


_MAPPED = 2000  # sentences a map shows at most: of more, this many, sampled evenly
_NUMBERED = 50  # a map of this many points or fewer shows each one's number beside it
_PLOT = (640.0, 480.0)  # the plot's largest width and height in pixels: one scale on both axes
_DRAWABLE = 1e300  # the largest embedding component a map takes: its coordinates stay floats
_SHAPES = {  # markers, drawn round (0, 0) and placed by <use x= y=>
    "average": "M-5-5h10v10h-10z",
    "skip_filler": "M0-7l7 7-7 7-7-7z",
    "weighted": "M0-7l6.5 11h-13z",
    "query": "M0-9l2.6 5.4 6 .9-4.3 4.2 1 5.9-5.3-2.8-5.3 2.8 1-5.9-4.3-4.2 6-.9z",
}
_CIRCLES = {"word": 6.0, "unknown": 6.0, "token": 3.0, "filler": 9.5, "point": 3.5}  # radii
_SIMILAR = ("#4477aa", "#aa3377", "#ee7733")  # least, middling and most similar to the query
_STYLE = """
svg { font: 13px sans-serif; } .mono { font: 12px monospace; }
.paper { fill: #fff; } text { fill: #222; } .grid { stroke: #e3e3e3; } .axis { stroke: #777; }
.word, .unknown { fill: none; stroke: #222; stroke-width: 1.3; } .unknown { stroke-dasharray: 3 2; }
.token, .query { fill: #222; } .lead { stroke: #999; stroke-width: .7; } .point { fill: #0072b2; }
.filler { fill: none; stroke: #0072b2; stroke-width: 1.5; stroke-dasharray: 2 1.5; }
.average { fill: #d55e00; } .skip_filler { fill: #0072b2; } .weighted { fill: #009e73; }
.average, .skip_filler, .weighted, .point { stroke: #fff; stroke-width: .8; }
@media (prefers-color-scheme: dark) {
  .paper { fill: #161616; } text { fill: #e6e6e6; } .grid { stroke: #333; } .axis { stroke: #999; }
  .word, .unknown { stroke: #e6e6e6; } .token, .query { fill: #e6e6e6; }
  .skip_filler, .point { fill: #56b4e9; } .filler { stroke: #56b4e9; }
  .average, .skip_filler, .weighted, .point { stroke: #161616; }
}"""
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _tag(name: str, inner: str = "", **attributes: Any) -> str:
    """An SVG element: an attribute named as its keyword with - for _ (class_ is class), a
    float to 1/100 of a pixel (the drawing's precision); ``inner`` is markup."""
    fields = ""
    for key, value in attributes.items():
        shown = f"{value:.2f}" if isinstance(value, float) else _xml(str(value))
        fields += f' {key.strip("_").replace("_", "-")}="{shown}"'
    return f"<{name}{fields}>{inner}</{name}>" if inner else f"<{name}{fields}/>"


def _xml(text: str) -> str:
    """Text as XML holds it, in ASCII: escaped, other characters as references (&#215;),
    and what XML cannot hold (a control character, a lone surrogate) shown as U+FFFD."""
    escaped = html.escape(_NOT_XML.sub("\ufffd", text))
    return escaped.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _text(x: float, y: float, text: str, **attributes: Any) -> str:
    return _tag("text", _xml(text), x=float(x), y=float(y), **attributes)


def _marker(kind: str, place: Tuple[float, float], title: str = "") -> str:
    """A marker (a word, a token, a method's shape...) at a pixel; a point of the plane
    has a title, shown on hover, that says what it is and where (a legend's key has none)."""
    inner = _tag("title", _xml(title)) if title else ""
    if kind in _SHAPES:
        return _tag("use", inner, href=f"#{kind}", x=place[0], y=place[1], class_=kind)
    return _tag("circle", inner, cx=place[0], cy=place[1], r=_CIRCLES[kind], class_=kind)


def _svg(title: str, size: Tuple[float, float], body: List[str]) -> str:
    """A picture of its own: its style for light and dark themes, its markers, a background."""
    width, height = (f"{math.ceil(n)}" for n in size)
    markers = "".join(_tag("path", id=name, d=path) for name, path in _SHAPES.items())
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        _tag("title", _xml(title)), _tag("style", _STYLE), _tag("defs", markers),
        _tag("rect", class_="paper", width="100%", height="100%"), *body, "</svg>\n",
    ])  # fmt: skip


def _ticks(low: float, high: float, least: float) -> List[float]:
    """Round numbers 1, 2 or 5 times a power of ten apart, from below low to above high,
    with room around them (``least`` at least), 10 of them at most."""
    room = max((high - low) * 0.08, least)
    low, high = low - room, high + room
    exponent = math.floor(math.log10((high - low) / 8))
    step = next(m for m in (1, 2, 5, 10) if high - low <= 8 * m * 10.0**exponent)
    first = math.floor(low / (step * 10.0**exponent))
    last = math.ceil(high / (step * 10.0**exponent))
    return [float(f"{i * step}e{exponent}") for i in range(first, last + 1)]


class _Frame(NamedTuple):
    """A plot of the plane: its ticks, one scale (pixels a unit) for both axes, so that
    the plane is drawn as it is, and the pixel of its upper left corner."""

    xs: List[float]
    ys: List[float]
    scale: float
    left: float
    top: float

    def at(self, point: Sequence[Any]) -> Tuple[float, float]:
        """The pixel a point of the plane is drawn at.

        >>> _Frame([0.0, 1.0], [0.0, 2.0], 100.0, 10.0, 20.0).at([1, 1])
        (110.0, 120.0)
        """
        x = self.left + (float(point[0]) - self.xs[0]) * self.scale
        return x, self.top + (self.ys[-1] - float(point[1])) * self.scale

    @property
    def right(self) -> float:
        return self.at([self.xs[-1], 0])[0]

    @property
    def bottom(self) -> float:
        return self.at([0, self.ys[0]])[1]


def _frame(points: Sequence[Sequence[Any]], left: float, top: float) -> _Frame:
    """The plot that holds these points, its upper left corner at (left, top)."""
    ends = [(min(axis), max(axis)) for axis in zip(*[map(float, point) for point in points])]
    least = 0.05 * max(high - low for low, high in ends)  # an axis with no spread gets room
    least = least if least > 1e-280 else 1.0  # one point, or points floats can't tell apart
    xs, ys = (_ticks(low, high, least) for low, high in ends)
    scale = min(_PLOT[0] / (xs[-1] - xs[0]), _PLOT[1] / (ys[-1] - ys[0]))
    return _Frame(xs, ys, scale, left, top)


def _axes(frame: _Frame, names: Sequence[str]) -> List[str]:
    """The grid, a line at each tick, labelled (the axes through 0 darker), and the axes'
    names."""
    left, top, right, bottom = frame.left, frame.top, frame.right, frame.bottom
    drawn = []
    for tick in frame.xs:
        x = frame.at([tick, 0])[0]
        style = "axis" if tick == 0 else "grid"
        drawn.append(_tag("line", class_=style, x1=x, y1=top, x2=x, y2=bottom))
        drawn.append(_text(x, bottom + 16, f"{tick:g}", text_anchor="middle"))
    for tick in frame.ys:
        y = frame.at([0, tick])[1]
        style = "axis" if tick == 0 else "grid"
        drawn.append(_tag("line", class_=style, x1=left, y1=y, x2=right, y2=y))
        drawn.append(_text(left - 6, y + 4, f"{tick:g}", text_anchor="end"))
    middle = (top + bottom) / 2
    return [
        *drawn,
        _text((left + right) / 2, bottom + 34, names[0], text_anchor="middle"),
        _text(left - 44, middle, names[1], text_anchor="middle",
              transform=f"rotate(-90 {left - 44:.2f} {middle:.2f})"),
    ]  # fmt: skip


# The exercise: the vocabulary, the sentence's tokens and its three embeddings


def _words_and_tokens(frame: _Frame, embedder: SentenceEmbedder, tokens: List[str]) -> List[str]:
    """The vocabulary's points, labelled, and the unknown word's; the sentence's tokens
    on them, counted; a ring round those method 2 leaves out."""
    names = {tuple(v): word for word, v in exercise_embeddings().items()}
    if embedder.oov == "vector":
        names[embedder.oov_vector] = "unknown"
    found: Dict[Tuple[Any, ...], List[str]] = {}  # the tokens at each point
    for token in tokens:
        vector = embedder._lookup.vector(token)
        if vector is not None or embedder.oov == "vector":
            found.setdefault(tuple(vector or embedder.oov_vector), []).append(token)
    kept = set(embedder._without_fillers(tokens))
    drawn = []
    for point, name in names.items():
        x, y = place = frame.at(point)
        on_it = found.get(point, [])
        drawn.append(
            _marker(name if name == "unknown" else "word", place, f"{name} {_format(point)}")
        )
        label = f"{name} ({', '.join(on_it)})" if name == "unknown" and on_it else name
        label += f" \u00d7{len(on_it)}" if len(on_it) > 1 else ""  # x n: n tokens share it
        drawn.append(_text(x + 12, y - 9, _cut(label, 40)))
    for point, on_it in found.items():
        place = frame.at(point)
        drawn.append(_marker("token", place, f"{_format(point)}: {', '.join(on_it)}"))
        fillers = [token for token in on_it if token not in kept]
        if fillers:
            drawn.append(_marker("filler", place, f"left out by method 2: {', '.join(fillers)}"))
    return drawn


def _embeddings(frame: _Frame, answers: _Answers) -> List[str]:
    """The sentence embeddings, each named with its exact value beside the plot, a line
    from the one to the other."""
    placed = [
        (frame.at(vector), method, f"{_LABELS[method]} {_format(vector)}")
        for method, vector in answers.vectors.items()
        if vector is not None
    ]
    column, below, drawn = frame.right + 40, 0.0, []
    for (x, y), method, title in sorted(placed, key=lambda place: place[0][1]):
        below = max(y, below + 44)  # a label's two lines clear of the one above
        drawn.append(_tag("line", class_="lead", x1=x, y1=y, x2=column - 14, y2=below))
        drawn += [_marker(method, (x, y), title), _marker(method, (column - 6, below))]
        name, value = title.split(" [", 1)
        drawn += [
            _text(column + 6, below - 2, name),
            _text(column + 6, below + 14, f"[{value}", class_="mono"),
        ]
    return drawn


_KEYS = {  # the marker before a line of the legend, by how the line starts
    "vocabulary": "word", "tokens": "token", "out of vocabulary, embedded": "unknown",
    "filler words": "filler", "1.": "average", "2.": "skip_filler", "3.": "weighted",
}  # fmt: skip


def _legend(lines: List[str], top: float) -> List[str]:
    """Lines of text, in a column, with the marker each one explains before it."""
    drawn = []
    for y, line in zip(itertools.count(top, 20), lines):
        key = next((key for start, key in _KEYS.items() if line.startswith(start)), None)
        if key:
            drawn.append(_marker(key, (26.0, y - 4)))
        drawn.append(_text(44, y, line, class_="mono"))
    return drawn


def _exercise_picture(args: argparse.Namespace, embedder: Any) -> Tuple[str, str]:
    """The sentence in the exercise's plane: the vocabulary, the sentence's tokens and
    its three embeddings, and the report the command line prints, as a legend."""
    sentence = args.sentences[0] if args.sentences else EXERCISE_SENTENCE
    exact = embedder(exact=True)
    answers = _answers(exact, sentence)
    shown = exact if args.exact else embedder(exact=False)
    weights = None if args.weights is None else " ".join(_weight_fields(args.weights))
    fractions = None if args.exact else answers
    report = _report(sentence, shown, _answers(shown, sentence), fractions, weights).splitlines()
    legend = ["vocabulary: I, lot, love, chocolate, milk", *report[1:]]
    points = [*exercise_embeddings().values(), exact.oov_vector, *answers.vectors.values()]
    frame = _frame([point for point in points if point is not None], 72, 66)
    body = [
        _text(24, 28, _cut(sentence, 90), font_size=17, font_weight="bold"),
        _text(24, 48, "in the exercise\u2019s plane: word i of the vocabulary at [i - 1, i + 1]"),
        *_axes(frame, ("first component", "second component")),
        *_words_and_tokens(frame, exact, answers.tokens),
        *_embeddings(frame, answers),
        *_legend(legend, frame.bottom + 66),
    ]
    width = max(frame.right + 290, 60 + 7.3 * max(map(len, legend)))  # 7.3: a 12px mono letter
    height = frame.bottom + 56 + 20 * len(legend)
    svg = _svg(f"{sentence} in the exercise's plane", (width, height), body)
    return svg, f"{_quote(sentence)} in the exercise's plane, with its three embeddings"


# A corpus: each sentence where its embedding falls on the plane of the top two components


class _Plane(NamedTuple):
    """The plane of vectors' top two principal components: their mean, the components,
    each one's share of the variance; the vectors times ``factor``, a power of two that
    keeps their squares within floats (exactly, or to the drawing's precision)."""

    factor: float
    mean: List[float]
    components: List[List[float]]
    shares: List[float]

    def place(self, vector: Sequence[Any]) -> Tuple[float, float]:
        """Where a vector falls on the plane: its projection, centred, on each component.

        >>> [round(x, 12) for x in _principal_plane([[0.0, 1.0], [2.0, 1.0]]).place([3, 5])]
        [2.0, 4.0]
        """
        centred = [float(x) * self.factor - m for x, m in zip(vector, self.mean)]
        x, y = (_dot(centred, c) / self.factor for c in self.components)
        return x, y


def _principal_plane(rows: List[List[float]]) -> _Plane:
    """PCA to two dimensions: the rows centred, then the top two right singular vectors
    of what is left, by Lanczos (vectors of one dimension: the second axis is 0)."""
    largest = max(abs(x) for row in rows for x in row)
    if largest > _DRAWABLE:
        raise EmbeddingError(f"an embedding has a component of {largest:g}: too large to map")
    factor = 2.0 ** -max(math.frexp(largest)[1], -1000)  # the largest then near 1
    mean = [math.fsum(x * factor for x in column) / len(rows) for column in zip(*rows)]
    centred = [[x * factor - m for x, m in zip(row, mean)] for row in rows]
    values, components = _top_singular(centred, min(2, len(mean)))
    total = math.fsum(x * x for row in centred for x in row)
    shares = [s * s / total if total else 0.0 for s in values]
    return _Plane(factor, mean, [*components, [0.0] * len(mean)][:2], [*shares, 0.0][:2])


class _Dot(NamedTuple):
    """A sentence on a map: its number, its text, where it falls, and how similar it is
    to the query (None without a ranking)."""

    number: int
    text: str
    place: Tuple[float, float]
    score: Optional[float]


def _shade(share: float) -> str:
    """The colour a share of the way from the least similar to the most: #4477aa to #ee7733."""
    low = 0 if share <= 0.5 else 1
    ends = [
        (int(_SIMILAR[low][i : i + 2], 16), int(_SIMILAR[low + 1][i : i + 2], 16))
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{round(a + (b - a) * (share * 2 - low)):02x}" for a, b in ends)


def _first_words(text: str, most: int = 12) -> str:
    words = text.split()
    return _cut(" ".join(words[:most]) + (" \u2026" if len(words) > most else ""), 120)


def _dots(frame: _Frame, dots: List[_Dot], noun: str) -> List[str]:
    """The sentences' points, the most similar to the query drawn last, each with its
    number and first words on hover (its number beside it too, in a small map)."""
    scores = [dot.score for dot in dots if dot.score is not None] or [0.0]
    low, spread = min(scores), max(scores) - min(scores)
    drawn = []
    for dot in sorted(dots, key=lambda dot: dot.score or 0.0):
        x, y = frame.at(dot.place)
        similar = "" if dot.score is None else f" (similarity {dot.score:.4f})"
        title = _tag("title", _xml(f"{noun} {dot.number}{similar}: {_first_words(dot.text)}"))
        shade = (
            {}
            if dot.score is None
            else {"style": f"fill: {_shade((dot.score - low) / (spread or 1))}"}
        )
        drawn.append(_tag("circle", title, cx=x, cy=y, r=3.5, class_="point", **shade))
        if len(dots) <= _NUMBERED:
            drawn.append(_text(x + 5, y - 5, str(dot.number), font_size=10))
    return drawn


def _query(frame: _Frame, query: str, place: Tuple[float, float], dots: List[_Dot]) -> List[str]:
    """The query, marked, and the colours of similarity as a bar beneath the plot."""
    scores = [dot.score for dot in dots if dot.score is not None]
    stops = "".join(
        _tag("stop", offset=i / 2, stop_color=colour) for i, colour in enumerate(_SIMILAR)
    )
    x, y = frame.at(place)
    bottom = frame.bottom
    return [
        _marker("query", (x, y), f"query: {_first_words(query)}"),
        _text(x + 10, y - 8, "query"),
        _tag("defs", _tag("linearGradient", stops, id="similar")),
        _text(24, bottom + 70, f"cosine similarity to the query \u2605  {min(scores):.4f}"),
        _tag("rect", x=330.0, y=bottom + 60, width=200.0, height=12.0, fill="url(#similar)"),
        _text(538, bottom + 70, f"{max(scores):.4f}"),
    ]


def _corpus(args: argparse.Namespace) -> Tuple[str, str, List[Tuple[int, str]]]:
    """The sentences a map places, numbered; where they come from; what a number counts."""
    if not _a_corpus(args):
        return "the command line", "sentence", list(enumerate(args.sentences, 1))
    path = args.rank[1] if args.rank else "-" if args.input is None else args.input
    return _file_name(path), "line", list(_lines(path, "candidates" if args.rank else "sentences"))


def _sampled(count: int) -> List[int]:
    """Which of ``count`` sentences a map shows: all, or _MAPPED, evenly spaced.

    >>> _sampled(3), _sampled(5000)[:4]
    ([0, 1, 2], [0, 2, 5, 7])
    """
    return [i * count // _MAPPED for i in range(_MAPPED)] if count > _MAPPED else list(range(count))


def _map_embeddings(
    args: argparse.Namespace,
    vectors: Any,
    embedder: SentenceEmbedder,
    corpus: Any,
    picks: List[int],
) -> List[Optional[List[Number]]]:
    """The embeddings of the sentences picked, by the method asked for (None for one
    it does not apply to); a fitted method is fitted on every sentence."""
    name, noun, numbered = corpus
    if args.method in _FITTED:
        places = (_Place(f"{name}, {noun} {n}: ", n, text) for n, text in numbered)
        model, _, _ = _fitted_model(args, vectors, embedder, places)
        return [model.embeddings[i] for i in picks]
    picked = (numbered[i][1] for i in picks)
    embeddings = []
    for i, (_, (done, value)) in zip(
        picks, _map_in_order(_method(embedder, args.method), picked, args.jobs)
    ):
        if isinstance(value, OutOfVocabularyError):  # --oov error: the sentence fails
            raise OutOfVocabularyError(f"{name}, {noun} {numbered[i][0]}: {value}")
        embeddings.append(value if done else None)
    return embeddings


def _map_picture(args: argparse.Namespace, vectors: Any, embedder: Any) -> Tuple[str, str]:
    """Sentences on the plane of their embeddings' top two principal components; with a
    ranking, coloured by cosine similarity to the query, which is marked."""
    name, noun, numbered = corpus = _corpus(args)
    picks = _sampled(len(numbered))
    embedder = embedder(exact=args.exact)
    target = _method(embedder, args.method)(args.rank[0]) if args.rank else None
    if target is not None and not any(target):
        raise EmbeddingError(f"the query {_quote(args.rank[0])} embeds as the zero vector")
    kept, left_out = [], []
    for i, vector in zip(picks, _map_embeddings(args, vectors, embedder, corpus, picks)):
        if vector is None or (target is not None and not any(vector)):
            left_out.append(str(numbered[i][0]))  # no embedding, or no cosine
        else:
            score = None if target is None else cosine_similarity(target, vector)
            kept.append((*numbered[i], vector, score))
    if not kept:
        raise EmbeddingError(f"{name}: no sentence has an embedding to map")
    plane = _principal_plane([[float(x) for x in vector] for _, _, vector, _ in kept])
    dots = [_Dot(number, text, plane.place(vector), score) for number, text, vector, score in kept]
    heading = [f"{_how_many(len(dots), noun)} of {name}: their {args.method} embeddings "
               f"on their top two principal components"]  # fmt: skip
    if target is not None:
        heading.append(f"coloured by cosine similarity to the query \u2605 {_cut(args.rank[0])}")
    if len(picks) < len(numbered):
        heading.append(f"{len(picks):,} of {len(numbered):,} {noun}s, sampled evenly "
                       f"(one in {len(numbered) / len(picks):.3g})")  # fmt: skip
    notes = [f"hover over a point for its {noun} number and first words"]
    if left_out:
        numbers = _cut(", ".join(left_out))
        nouns = noun if len(left_out) == 1 else f"{noun}s"
        notes.append(f"left out, with no embedding or a zero one: {nouns} {numbers}")
    query = None if target is None else (args.rank[0], plane.place(target))
    return _map_svg(heading, plane, dots, query, notes, noun), "; ".join(heading)


def _map_svg(
    heading: List[str], plane: _Plane, dots: List[_Dot], query: Any, notes: List[str], noun: str
) -> str:
    """The map: its heading, the plane's axes, the points, the query, notes beneath."""
    frame = _frame(
        [dot.place for dot in dots] + ([query[1]] if query else []), 72, 30 + 20 * len(heading)
    )
    names = [
        f"principal component {i} ({share:.0%} of the variance)"
        for i, share in enumerate(plane.shares, 1)
    ]
    body = [_text(24, 28 + 20 * i, line) for i, line in enumerate(heading)]
    body += _axes(frame, names) + _dots(frame, dots, noun)
    top = frame.bottom + 70
    if query is not None:
        body += _query(frame, query[0], query[1], dots)
        top += 24
    body += [_text(24, y, note) for y, note in zip(itertools.count(top, 20), notes)]
    size = (max(frame.right + 40, 640), top + 20 * len(notes))
    return _svg(heading[0], size, body)


def _picture(
    args: argparse.Namespace, vectors: Optional[Vectors], embedder: Any
) -> Iterator[_Output]:
    """--svg FILE: the exercise in its plane, or a corpus mapped; then what was drawn."""
    if vectors is None and not _a_corpus(args):
        svg, what = _exercise_picture(args, embedder)
    else:
        svg, what = _map_picture(args, vectors, embedder)
    if args.svg == "-":
        yield _Output(svg.rstrip("\n"))
        return
    with _replacing(args.svg) as file:  # nothing half-written is left
        file.write(svg.encode("ascii"))
    yield _Output(f"wrote {args.svg}: {what}")


# -- The modes, and main ---------------------------------------------------------


def _outputs(args: argparse.Namespace, vectors: Optional[Vectors]) -> Iterator[_Output]:
    """The mode the options ask for: the exercise, --compare, --rank, a method fitted on
    the corpus (sif, usif), or the report or JSON line of each sentence."""
    if _the_exercise(args):
        return _exercise(args)
    weights = None if args.weights is None else _weights(args.weights)
    weights_missing = vectors is not None and weights is None  # the lecture's 7 are not for them
    if weights_missing and args.method == "weighted":
        raise EmbeddingError("--method weighted with --vectors needs --weights, one per token")
    embedder = functools.partial(
        SentenceEmbedder,
        vocab_embeddings=vectors,
        attention_weights=weights,
        oov=args.oov,
        keep_punctuation=not args.words_only,
        fold_case=not args.case_sensitive,
    )
    if args.svg is not None:
        return _picture(args, vectors, embedder)
    if args.method in _FITTED and args.compare:
        return _compare(args, _model(args, vectors))
    if args.method in _FITTED and not args.rank:
        rows = _fitted_rows(args, vectors, embedder(exact=args.exact))
        return _write(args, rows) if args.output else _fit_and_embed(args, rows)
    if args.output:
        return _write(args, _method_rows(args, embedder(exact=args.exact)))
    if args.compare:
        return _compare(args, embedder(exact=args.exact))
    if args.rank:
        return _rank(args, embedder(exact=args.exact), vectors)
    fractions = None if args.exact or vectors is not None else embedder(exact=True)
    report = _SentenceReport(
        embedder=embedder(exact=args.exact),
        as_json=args.json,
        weights_missing=weights_missing,
        fractions=fractions,
        weights_text=None if args.weights is None else " ".join(_weight_fields(args.weights)),
        encoding=getattr(sys.stdout, "encoding", None) or "utf-8",
        strict=args.strict,
        methods=args.methods,
    )
    return _each_sentence(args, report, vectors is not None)


def _run(args: argparse.Namespace) -> Iterator[_Output]:
    """What the command line prints, a line at a time, for options that are checked."""
    if args.vectors is None:
        yield from _outputs(args, None)
        return
    with load_vectors(  # closed after: main() in a process that goes on leaves no file open
        args.vectors,
        limit=args.limit,
        encoding=args.encoding,
        errors=args.errors,
        dtype=args.float32 or "float64",
        progress=False if args.quiet else None,
    ) as vectors:
        yield from _outputs(args, vectors)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; return the exit status (0, 2 on bad input, 130 on Ctrl-C).
    A bug is a traceback (and exit status 1), not a message.

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
    _check_options(parser, args)
    if sys.stdout is None:
        if sys.stderr is not None:
            print(f"{parser.prog}: error: standard output is closed", file=sys.stderr)
        return 2
    try:
        for output in _run(args):
            _print(output)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader has gone, as with `| head -1`
        _silence_stdout()
        return 0
    except (EmbeddingError, OSError) as error:  # bad input; anything else is a bug: a traceback
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{parser.prog}: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
