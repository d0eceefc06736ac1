"""Sentence embeddings from word embeddings: the lecture exercise, exactly.

A sentence embedding here is a pooled word embedding. Three pooling rules,
in the order of the slide "Compute Sentence Embedding", then what they are for:

============================  ================================================
``average(s)``                1. mean of the token vectors (OOV: [-1, -1])
``skip_filler(s)``            2. the same mean with filler words left out
``weighted(s, weights)``      3. weighted mean  sum(w_i * e_i) / sum(w_i)
``similarity(a, b)``          cosine similarity of two sentence embeddings
``most_similar(q, cands)``    candidates ranked by similarity to a query
``cosine_similarity(u, v)``   cosine similarity of two plain vectors
``tokenize(s)``               the tokenization rule every method uses
``load_vectors(path)``        GloVe or word2vec text files, as a mapping
============================  ================================================

The methods belong to :class:`SentenceEmbedder`, whose class variables hold
the exercise's vocabulary, filler words and attention weights.

>>> SentenceEmbedder().average("I love chocolate milk as well!")
[0.2857142857142857, 1.4285714285714286]
>>> SentenceEmbedder(exact=True).weighted("I love chocolate milk as well!")
[Fraction(40, 37), Fraction(102, 37)]

Floats are summed with ``math.fsum``; ``exact=True`` gives Fractions, reading
every number as written in decimal (0.7 is 7/10).  Standard library only;
Python 3.8 or newer.  ``python3 sentemb.py --help`` for the command line.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import math
import operator
import os
import re
import sys
import time
import unicodedata
import zlib
from array import array
from decimal import Decimal
from fractions import Fraction
from numbers import Real
from types import MappingProxyType
from typing import (
    Any,
    Callable,
    Dict,
    FrozenSet,
    Iterable,
    Iterator,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Union,
)

__all__ = [
    "ATTENTION_WEIGHTS",
    "EXERCISE_SENTENCE",
    "EXERCISE_VOCAB",
    "FILLER_WORDS",
    "OOV_VECTOR",
    "EmbeddingError",
    "SentenceEmbedder",
    "Vectors",
    "cosine_similarity",
    "exercise_embeddings",
    "load_vectors",
    "tokenize",
]

__version__ = "1.1.0"

Number = Union[float, Fraction]
Sentence = Union[str, Sequence[str]]


class EmbeddingError(ValueError):
    """Bad input to an embedding: the message names the word, weight, count or line."""


# -- The exercise ------------------------------------------------------------

EXERCISE_VOCAB = ("I", "lot", "love", "chocolate", "milk")
EXERCISE_SENTENCE = "I love chocolate milk as well!"
FILLER_WORDS = ("I", "and", "as", "for", "it", "or", "maybe")
ATTENTION_WEIGHTS = (0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1)
OOV_VECTOR = (-1, -1)


def exercise_embeddings() -> Dict[str, List[int]]:
    """Return the exercise's vocabulary: the i-th word (0-indexed) is [i - 1, i + 1].

    >>> exercise_embeddings()
    {'I': [-1, 1], 'lot': [0, 2], 'love': [1, 3], 'chocolate': [2, 4], 'milk': [3, 5]}
    """
    return {word: [i - 1, i + 1] for i, word in enumerate(EXERCISE_VOCAB)}


# -- Tokens ------------------------------------------------------------------

_PIECE = re.compile(r"\w+|\S")


def tokenize(sentence: str, keep_punctuation: bool = True) -> List[str]:
    """Split a sentence into tokens.

    A word is a run of word characters: letters, digits, underscore and
    combining marks (so "café" and "हिन्दी" stay whole, decomposed or not).
    Whitespace separates tokens.  Every other character -- a punctuation mark,
    a symbol, an emoji -- is a token of its own, or is dropped when
    ``keep_punctuation`` is false.  No case folding, no normalisation: tokens
    are substrings of the sentence.

    >>> tokenize("I love chocolate milk as well!")
    ['I', 'love', 'chocolate', 'milk', 'as', 'well', '!']
    >>> tokenize("I love chocolate milk as well!", keep_punctuation=False)
    ['I', 'love', 'chocolate', 'milk', 'as', 'well']
    """
    if not isinstance(sentence, str):
        raise TypeError(f"tokenize() needs a string, not {type(sentence).__name__}")
    tokens: List[str] = []
    word_end = -1  # where the word being built ends; -1: none
    for piece in _PIECE.finditer(sentence):
        text = piece.group()
        is_word = len(text) > 1 or text.isalnum() or text == "_"
        if not is_word and unicodedata.category(text).startswith("M"):
            is_word = True
        if not is_word:
            if keep_punctuation:
                tokens.append(text)
            word_end = -1
        elif piece.start() == word_end:
            tokens[-1] += text
            word_end = piece.end()
        else:
            tokens.append(text)
            word_end = piece.end()
    return tokens


# -- Numbers: one arithmetic path, two number types ---------------------------


class _Arithmetic(NamedTuple):
    number: Callable[[Any], Number]  # a checked input number -> this type
    total: Callable[[Iterable[Number]], Number]  # the sum used everywhere
    ldexp: Callable[[Any, int], Number]  # x * 2**n, exact for both types


def _decimal_fraction(x: Any) -> Fraction:
    """Read a number as written in decimal: 0.7 is 7/10, not the binary float."""
    if isinstance(x, (int, Fraction, Decimal)):
        return Fraction(x)
    return Fraction(repr(float(x)))


def _exact_ldexp(x: Any, n: int) -> Fraction:
    return Fraction(x) * Fraction(2) ** n


_FLOAT = _Arithmetic(float, math.fsum, math.ldexp)
_EXACT = _Arithmetic(_decimal_fraction, sum, _exact_ldexp)  # sum of Fractions: exact


def _check_number(x: Any, what: str) -> Any:
    """Return x if it is a finite real number; name it in the error if not."""
    if isinstance(x, bool) or not isinstance(x, (Real, Decimal)):
        raise TypeError(f"{what} is not a number: {x!r}")
    try:
        finite = math.isfinite(x)
    except (OverflowError, ValueError):  # too large for a float; Decimal sNaN
        finite = False
    if not finite:
        raise EmbeddingError(f"{what} is not a finite number: {x!r}")
    return x


def _check_vector(vector: Any, what: str, dimension: Optional[int]) -> Tuple[Any, ...]:
    """Return the components of a vector after checking each and the length."""
    if isinstance(vector, (str, bytes)) or not hasattr(vector, "__iter__"):
        raise TypeError(f"{what} is not a sequence of numbers: {vector!r}")
    components = tuple(vector)
    if not components:
        raise EmbeddingError(f"{what} is empty")
    if dimension is not None and len(components) != dimension:
        raise EmbeddingError(f"{what} has {len(components)} components, expected {dimension}")
    for i, x in enumerate(components):
        _check_number(x, f"component {i} of {what}")
    return components


def _float_row(vector: Any, what: str, dimension: Optional[int]) -> array[float]:
    """A vector as compact float64s: fast when it is valid, precise when it is not."""
    try:
        row = array("d", vector.tolist() if hasattr(vector, "tolist") else vector)
    except (TypeError, OverflowError):  # not numbers, or an int too large for a float
        row = None
    if row is None or len(row) != dimension or not math.isfinite(sum(row)):
        # Let the slow check name the problem; a sum that overflowed is no problem.
        row = array("d", _check_vector(vector, what, dimension))
    return row


def _mean(
    vectors: Sequence[Sequence[Number]],
    weights: Optional[Sequence[Number]],
    arithmetic: _Arithmetic,
) -> List[Number]:
    """Weighted mean of equal-length vectors; plain mean when weights is None."""
    total = arithmetic.total
    try:
        if weights is None:  # math.fsum raises OverflowError rather than return inf
            n = len(vectors)
            return [s / n for s in map(total, zip(*vectors))]
        # Scaling by a power of two is exact.  With the largest weight in
        # [0.5, 1) no product overflows and tiny weights do not underflow; the
        # total is then at least 0.5, so dividing by twice it cannot overflow,
        # and ldexp doubles back exactly, or raises OverflowError.
        shift = -math.frexp(max(weights))[1]
        scaled = [arithmetic.ldexp(w, shift) for w in weights]
        twice_total = 2 * total(scaled)
        return [
            arithmetic.ldexp(total(map(operator.mul, scaled, column)) / twice_total, 1)
            for column in zip(*vectors)
        ]
    except OverflowError:
        pass
    # A float sum overflowed although the mean of finite numbers is finite:
    # do the same sums exactly and round once.
    exact = _mean(
        [[Fraction(x) for x in vector] for vector in vectors],
        None if weights is None else [Fraction(w) for w in weights],
        _EXACT,
    )
    return [float(x) for x in exact]


def _divided_by_largest(vector: Sequence[Number]) -> Optional[List[Number]]:
    """The vector scaled so its largest component is +-1; None for a zero vector."""
    largest = max(max(vector), -min(vector))
    return [x / largest for x in vector] if largest else None


def _unit(vector: Sequence[Number]) -> List[Number]:
    """The vector scaled to unit length (a zero vector stays zero)."""
    norm = math.hypot(*vector)  # scales internally: no overflow, no underflow
    return [x / norm for x in vector] if norm else list(vector)


# -- Word vectors ---------------------------------------------------------------


class Vectors(Mapping[str, List[Number]]):
    """A read-only mapping from word to vector, as ``load_vectors`` returns it.

    All vectors are stored in one flat float64 array, and handed out as
    fresh lists.  Built from a mapping, it checks every vector once.

    >>> vectors = Vectors({"Paris": [1, 2], "milk": [3, 5]})
    >>> vectors["milk"], len(vectors), vectors.dimension
    ([3.0, 5.0], 2, 2)
    >>> SentenceEmbedder(vocab_embeddings=vectors).embed_word("paris")
    [1.0, 2.0]
    """

    __slots__ = ("_data", "_folded", "_offsets", "dimension")

    def __init__(self, vectors: Mapping[str, Iterable[Any]]) -> None:
        if not isinstance(vectors, Mapping):
            raise TypeError(f"Vectors() needs a mapping, not {type(vectors).__name__}")
        self._setup(_Table.of(vectors, array("d"), _float_row))

    def _setup(self, table: _Table) -> None:
        self._data = table.data
        self._offsets = table.offsets
        self._folded = table.folded
        self.dimension = table.dimension

    @classmethod
    def _of(cls, table: _Table) -> Vectors:
        """Wrap a table that is already checked (and that nobody else holds)."""
        vectors = cls.__new__(cls)
        vectors._setup(table)
        return vectors

    def __getitem__(self, word: str) -> List[Number]:
        start = self._offsets[word]
        return list(self._data[start : start + self.dimension])  # type: ignore[operator]

    def __contains__(self, word: object) -> bool:
        return word in self._offsets

    def __iter__(self) -> Iterator[str]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)

    def __repr__(self) -> str:
        return f"<Vectors: {len(self)} words, dimension {self.dimension}>"

    def _find(self, token: str) -> Optional[Sequence[Number]]:
        """A copy of the vector of a token: its exact word, else the first
        word that matches it case-insensitively, else None."""
        start = self._offsets.get(token)
        if start is None:
            key = token.casefold()
            start = self._offsets.get(self._folded.get(key, key))
            if start is None:
                return None
        return self._data[start : start + self.dimension]  # type: ignore[operator]


class _Table:
    """Vectors being built: one flat sequence of numbers, and where each word starts.

    ``folded`` maps a
    case-folded key to the first word with that key, but only where that word
    is not the key itself: for all-lowercase vocabularies such as GloVe it
    stays empty.
    """

    def __init__(self, data: Union[array[float], List[Number]]) -> None:
        self.data = data
        self.offsets: Dict[str, int] = {}
        self.folded: Dict[str, str] = {}
        self.dimension: Optional[int] = None

    @classmethod
    def of(
        cls,
        vectors: Mapping[Any, Any],
        data: Union[array[float], List[Number]],
        row: Callable[[Any, str, Optional[int]], Sequence[Number]],
    ) -> _Table:
        """A mapping's vectors, each checked and converted by ``row``."""
        table = cls(data)
        for word, vector in vectors.items():
            if not isinstance(word, str):
                raise TypeError(f"vocabulary word {word!r} is not a string")
            table.add(word, row(vector, f"the vector of {word!r}", table.dimension))
        return table

    def add(self, word: str, row: Sequence[Number]) -> None:
        """Add a new word and its vector."""
        self.register(word)
        self.data.extend(row)  # type: ignore[arg-type]
        self.dimension = len(row)

    def register(self, word: str) -> None:
        """Note where a new word's numbers start: the caller appends them next."""
        self.offsets[word] = len(self.data)
        key = word.casefold()
        if key != word and key not in self.offsets:
            self.folded.setdefault(key, word)


class _ItemLookup:
    """Any object with ``in`` and ``[]``, such as gensim's KeyedVectors.

    It is asked on every lookup and never copied; each vector it gives is
    checked then.  Case-insensitive lookup tries the case-folded token.
    """

    def __init__(self, source: Any, dimension: int) -> None:
        self.source = source
        self.dimension = dimension

    def _find(self, token: str) -> Optional[Sequence[Number]]:
        for word in (token, token.casefold()):
            if word in self.source:
                return _float_row(self.source[word], f"the vector of {word!r}", self.dimension)
        return None


# -- The three methods ------------------------------------------------------------

OOV_POLICIES = ("vector", "skip", "error")


class SentenceEmbedder:
    """Sentence embeddings by pooling word embeddings.

    The class variables are the exercise (read-only: a mapping proxy, a
    frozenset and tuples).  Keyword arguments of the same names override them
    for one instance, which validates them once and is read-only afterwards.

    ``vocab_embeddings`` may be a mapping of word to vector (copied and
    checked), the result of ``load_vectors`` (shared: it is read-only), or any
    object with ``in`` and ``[]`` such as gensim's KeyedVectors (asked on every
    lookup, never copied).

    Lookup: a token matches a vocabulary word exactly, otherwise
    case-insensitively (the first such word, in vocabulary order).  A token
    not found is handled by ``oov``: ``"vector"`` gives it ``oov_vector``
    (-1 in every dimension unless given), ``"skip"`` leaves it out (with its
    weight), ``"error"`` raises KeyError.  Filler words match
    case-insensitively.  ``pre_normalize`` scales each word vector to unit
    length before pooling, ``post_normalize`` the result after (as in
    gensim).  ``keep_punctuation=False`` drops punctuation tokens from string
    sentences.  ``exact=True`` computes with Fractions, reading numbers as
    written in decimal.

    >>> embedder = SentenceEmbedder()
    >>> embedder.embed_word("love"), embedder.embed_word("well")
    ([1.0, 3.0], [-1.0, -1.0])
    >>> SentenceEmbedder(filler_words=["milk"]).skip_filler("I love milk")
    [0.0, 2.0]
    >>> SentenceEmbedder(oov="skip").average("love milk as well!")
    [2.0, 4.0]
    """

    vocab_embeddings: Any = MappingProxyType(
        {word: tuple(vector) for word, vector in exercise_embeddings().items()}
    )
    filler_words: FrozenSet[str] = frozenset(FILLER_WORDS)
    attention_weights: Tuple[Any, ...] = ATTENTION_WEIGHTS
    oov_vector: Tuple[Any, ...] = OOV_VECTOR

    oov: str
    pre_normalize: bool
    post_normalize: bool
    keep_punctuation: bool
    exact: bool
    dimension: int
    _arithmetic: _Arithmetic
    _find: Callable[[str], Optional[Sequence[Number]]]
    _convert: bool
    _folded_fillers: FrozenSet[str]
    _oov: Sequence[Number]

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
        exact: bool = False,
    ) -> None:
        cls = type(self)
        arithmetic = _EXACT if exact else _FLOAT
        if oov not in OOV_POLICIES:
            raise EmbeddingError(f"oov must be one of {', '.join(OOV_POLICIES)}, not {oov!r}")
        if exact and (pre_normalize or post_normalize):
            raise EmbeddingError("normalising takes square roots: it cannot be exact")

        given = cls.vocab_embeddings if vocab_embeddings is None else vocab_embeddings
        vocab, dimension = _vocabulary(given, exact)
        if oov_vector is not None:
            oov_given = _check_vector(oov_vector, "oov_vector", dimension)
        elif vocab_embeddings is None:
            oov_given = cls.oov_vector
        elif dimension is not None:
            oov_given = (-1,) * dimension
        else:
            raise EmbeddingError(
                f"cannot tell the dimension of {type(given).__name__} vocab_embeddings: "
                "pass oov_vector="
            )
        lookup = _ItemLookup(given, len(oov_given)) if vocab is None else vocab
        find = lookup._find

        fillers = frozenset(
            cls.filler_words if filler_words is None else _words(filler_words, "filler_words")
        )

        weights = cls.attention_weights
        if attention_weights is not None:
            weights = tuple(_check_weights(attention_weights, None))

        # Everything is valid: only now does the instance get its attributes.
        self.__dict__.update(
            vocab_embeddings=given if vocab is None else vocab,
            filler_words=fillers,
            attention_weights=weights,
            oov_vector=tuple(oov_given),
            oov=oov,
            pre_normalize=bool(pre_normalize),
            post_normalize=bool(post_normalize),
            keep_punctuation=bool(keep_punctuation),
            exact=bool(exact),
            dimension=len(oov_given),
            _arithmetic=arithmetic,
            _find=find,
            _convert=exact and (vocab is None or vocab is given),  # rows of floats
            _folded_fillers=frozenset(word.casefold() for word in fillers),
            _oov=tuple(map(arithmetic.number, oov_given)),
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
        elif isinstance(sentence, (list, tuple)):
            tokens = list(sentence)
            for i, token in enumerate(tokens):
                if not isinstance(token, str):
                    raise TypeError(f"token {i} is not a string: {token!r}")
                if not token:
                    raise EmbeddingError(f"token {i} is an empty string")
        else:
            raise TypeError(
                f"a sentence is a string or a list of strings, not {type(sentence).__name__}"
            )
        if not tokens:
            raise EmbeddingError(f"the sentence {sentence!r} has no tokens")
        return tokens

    def _vector(self, token: str) -> Optional[Sequence[Number]]:
        """The vector a token is pooled with; None when oov="skip" drops it."""
        row = self._find(token)
        if row is None:
            if self.oov == "error":
                raise KeyError(f"{token!r} is out of vocabulary")
            if self.oov == "skip":
                return None
            row = self._oov
        elif self._convert:
            row = tuple(map(self._arithmetic.number, row))
        return _unit(row) if self.pre_normalize else row

    def embed_word(self, token: str) -> List[Number]:
        """The vector a token gets: its word's vector, or the OOV vector.

        >>> SentenceEmbedder().embed_word("Milk")
        [3.0, 5.0]
        >>> SentenceEmbedder(exact=True).embed_word("!")
        [Fraction(-1, 1), Fraction(-1, 1)]
        """
        if not isinstance(token, str):
            raise TypeError(f"a token is a string, not {type(token).__name__}")
        vector = self._vector(token)
        if vector is None:
            raise KeyError(f"{token!r} is out of vocabulary (oov='skip')")
        return list(vector)

    def _is_filler(self, token: str) -> bool:
        return token.casefold() in self._folded_fillers

    def _pool(
        self, sentence: Sentence, tokens: List[str], weights: Optional[List[Number]] = None
    ) -> List[Number]:
        """Look the tokens up and take the (weighted) mean: the heart of all three methods."""
        if self.oov == "vector" and not (self._convert or self.pre_normalize):
            vectors = [self._find(t) or self._oov for t in tokens]  # the fast path
        else:
            found = [self._vector(t) for t in tokens]
            if weights is not None:
                weights = [w for w, v in zip(weights, found) if v is not None]
            vectors = [v for v in found if v is not None]
            if not vectors:
                raise EmbeddingError(f"every token of {sentence!r} is out of vocabulary")
            if weights is not None and not any(weights):
                raise EmbeddingError(f"the weights of the known tokens of {sentence!r} are zero")
        result = _mean(vectors, weights, self._arithmetic)
        return _unit(result) if self.post_normalize else result

    def average(self, sentence: Sentence) -> List[Number]:
        """Method 1: the mean of the token vectors.

        >>> SentenceEmbedder().average("I love chocolate milk as well!")
        [0.2857142857142857, 1.4285714285714286]
        >>> SentenceEmbedder(exact=True).average("I love chocolate milk as well!")
        [Fraction(2, 7), Fraction(10, 7)]
        """
        return self._pool(sentence, self.tokens(sentence))

    def skip_filler(self, sentence: Sentence) -> List[Number]:
        """Method 2: the mean of the token vectors, filler words left out.

        >>> SentenceEmbedder().skip_filler("I love chocolate milk as well!")
        [0.8, 2.0]
        """
        tokens = [t for t in self.tokens(sentence) if not self._is_filler(t)]
        if not tokens:
            raise EmbeddingError(f"nothing is left of {sentence!r} after skipping filler words")
        return self._pool(sentence, tokens)

    def weighted(
        self,
        sentence: Sentence,
        weights: Union[Iterable[Any], Mapping[str, Any], None] = None,
    ) -> List[Number]:
        """Method 3: the weighted mean  sum(w_i * e_i) / sum(w_i).

        ``weights`` is one weight per token, in order, or a mapping from word
        to weight (matched like the vocabulary); it defaults to the
        instance's attention weights.  Weights must be finite, non-negative
        and not all zero.

        >>> SentenceEmbedder(exact=True).weighted("I love chocolate milk as well!")
        [Fraction(40, 37), Fraction(102, 37)]
        >>> SentenceEmbedder().weighted("love milk", {"love": 3, "milk": 1})
        [1.5, 3.5]
        """
        tokens = self.tokens(sentence)
        given = self.attention_weights if weights is None else weights
        checked = _check_weights(given, tokens)
        number = self._arithmetic.number
        return self._pool(sentence, tokens, [number(w) for w in checked])

    def _method(self, method: str) -> Callable[[Sentence], List[Number]]:
        if method not in _METHODS:
            raise EmbeddingError(f"unknown method {method!r}: use one of {', '.join(_METHODS)}")
        embed: Callable[[Sentence], List[Number]] = getattr(self, method)
        return embed

    def similarity(self, a: Sentence, b: Sentence, method: str = "average") -> float:
        """Cosine similarity of two sentences embedded with one method.

        >>> embedder = SentenceEmbedder()
        >>> embedder.similarity("chocolate milk", "milk chocolate")
        1.0
        >>> round(embedder.similarity("I love milk", "lot", method="skip_filler"), 6)
        0.894427
        """
        embed = self._method(method)
        return cosine_similarity(embed(a), embed(b))

    def most_similar(
        self,
        query: Sentence,
        candidates: Iterable[Sentence],
        k: Optional[int] = None,
        method: str = "average",
    ) -> List[Tuple[Sentence, float]]:
        """The candidates with their cosine similarity to the query, best first.

        Ties keep the candidates' order; ``k`` keeps the best k.

        >>> ranked = SentenceEmbedder().most_similar("milk", ["lot", "love milk", "I"], k=2)
        >>> [(text, round(score, 6)) for text, score in ranked]
        [('love milk', 0.997054), ('lot', 0.857493)]
        """
        if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 0):
            raise EmbeddingError(f"k must be a whole number >= 0 or None, not {k!r}")
        embed = self._method(method)
        target = embed(query)
        scored = []
        for i, candidate in enumerate(candidates):
            try:
                scored.append((candidate, cosine_similarity(target, embed(candidate))))
            except EmbeddingError as error:
                raise EmbeddingError(f"candidate {i} ({candidate!r}): {error}") from None
        scored.sort(key=lambda pair: -pair[1])  # sort is stable: ties keep their order
        return scored[:k]


_METHODS = ("average", "skip_filler", "weighted")


def _words(words: Iterable[str], what: str) -> List[str]:
    """A collection of words, checked: a lone string is a mistake, not its letters."""
    if isinstance(words, str):
        raise TypeError(f"{what} must be a collection of words, not a string")
    checked = list(words)
    for word in checked:
        if not isinstance(word, str):
            raise TypeError(f"{what}: {word!r} is not a string")
    return checked


def _vocabulary(given: Any, exact: bool) -> Tuple[Optional[Vectors], Optional[int]]:
    """The vocabulary as Vectors (None: ask ``given`` itself), and its dimension if known."""
    if isinstance(given, Vectors):
        return given, given.dimension
    if isinstance(given, Mapping):
        number = _EXACT.number if exact else float

        def row(vector: Any, what: str, dimension: Optional[int]) -> List[Number]:
            return [number(x) for x in _check_vector(vector, what, dimension)]

        table = _Table.of(given, [] if exact else array("d"), row)
        return Vectors._of(table), table.dimension
    is_sequence = isinstance(given, (Sequence, bytes, bytearray))
    if hasattr(given, "__contains__") and hasattr(given, "__getitem__") and not is_sequence:
        return None, getattr(given, "vector_size", None)
    raise TypeError(f"vocab_embeddings must map words to vectors, not {type(given).__name__}")


def _check_weights(
    weights: Union[Iterable[Any], Mapping[str, Any]], tokens: Optional[List[str]]
) -> List[Any]:
    """The weights for the tokens, checked; for tokens=None, just the sequence."""
    if isinstance(weights, Mapping):
        if tokens is None:
            raise TypeError("attention_weights must be a sequence of numbers")
        folded: Dict[str, Any] = {}
        for word in weights:
            if not isinstance(word, str):
                raise TypeError(f"weight mapping key {word!r} is not a string")
            folded.setdefault(word.casefold(), word)
        chosen = []
        for token in tokens:
            word = token if token in weights else folded.get(token.casefold())
            if word is None:
                raise EmbeddingError(f"no weight for the word {token!r}")
            chosen.append(weights[word])
        labels = [f"weight of {t!r}" for t in tokens]
    elif isinstance(weights, (str, bytes)) or not hasattr(weights, "__iter__"):
        raise TypeError(f"weights must be numbers, not {type(weights).__name__}")
    else:
        chosen = list(weights)
        if tokens is not None and len(chosen) != len(tokens):
            raise EmbeddingError(
                f"{len(chosen)} weights for {len(tokens)} tokens: give one weight per token"
            )
        labels = [f"weight {i}" for i in range(len(chosen))]
        if tokens is not None:
            labels = [f"{label} (of {t!r})" for label, t in zip(labels, tokens)]
    if not chosen:
        raise EmbeddingError("no weights given")
    for w, label in zip(chosen, labels):
        _check_number(w, label)
        if w < 0:
            raise EmbeddingError(f"{label} is negative: {w!r}")
    if tokens is not None and not any(chosen):
        raise EmbeddingError("the weights sum to zero")
    return chosen


# -- Similarity ----------------------------------------------------------------


def cosine_similarity(u: Sequence[Any], v: Sequence[Any]) -> float:
    """Cosine of the angle between two vectors, clamped to [-1, 1].

    Vectors of Fractions (or ints) are compared exactly up to the final
    square root; floats through ``math.fsum``.  Each vector is first divided
    by its largest component, so no square overflows.

    >>> cosine_similarity([1, 0], [1, 1])
    0.7071067811865476
    >>> cosine_similarity([2, 10], [2, 10])
    1.0
    """
    u = _check_vector(u, "the first vector", None)
    v = _check_vector(v, "the second vector", len(u))
    exact = all(isinstance(x, (int, Fraction, Decimal)) for x in u + v)
    arithmetic = _EXACT if exact else _FLOAT
    unit = []
    for vector, which in ((u, "first"), (v, "second")):
        scaled = _divided_by_largest([arithmetic.number(x) for x in vector])
        if scaled is None:
            raise EmbeddingError(f"the {which} vector is zero: its cosine is undefined")
        unit.append(scaled)
    a, b = unit
    total = arithmetic.total
    dot = total(map(operator.mul, a, b))
    norms = total(x * x for x in a) * total(x * x for x in b)
    # cos^2 = dot^2 / norms, exact for Fractions; one square root at the end.
    cosine = math.copysign(math.sqrt(dot * dot / norms), dot)
    return max(-1.0, min(1.0, cosine))


# -- Reading vector files ---------------------------------------------------------


def load_vectors(
    source: Union[str, os.PathLike[str], Iterable[Union[str, bytes]]],
    *,
    limit: Optional[int] = None,
    words: Optional[Iterable[str]] = None,
    encoding: str = "utf-8",
) -> Vectors:
    """Read word vectors from a GloVe or word2vec text file.

    ``source`` is a path (``.gz`` is decompressed) or any iterable of lines.
    The format is detected: word2vec files start with a line "count
    dimension", which is checked against the body; GloVe files have no
    header.  Each line is a word and its numbers, separated by spaces; a word
    may contain spaces (the last ``dimension`` fields are the numbers).
    CRLF line ends, trailing spaces, a byte-order mark and blank lines are
    fine.  When a word appears twice, the first vector wins.

    ``limit`` keeps the first N vectors of the file and reads no further.
    ``words`` keeps only the vectors those words can look up (exactly or
    case-insensitively); lines left out are checked for their shape, not
    their numbers.  A bad file raises EmbeddingError naming the file and the
    line; nothing is returned half-loaded.

    >>> vectors = load_vectors(["2 3", "milk 3 5 0.5", "Tea 1 0 2"])
    >>> vectors["milk"], vectors.dimension
    ([3.0, 5.0, 0.5], 3)
    >>> load_vectors(["milk 3 5", "milk 1 1", "... 0 -1"])
    <Vectors: 2 words, dimension 2>
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise EmbeddingError(f"limit must be a whole number >= 1 or None, not {limit!r}")
    keep = None
    if words is not None:
        keep = frozenset(word.casefold() for word in _words(words, "words")).__contains__
    try:
        ascii_compatible = _DIGITS.encode(encoding) == _DIGITS.encode("ascii")
    except LookupError:
        raise EmbeddingError(f"unknown encoding {encoding!r}") from None
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        opener: Callable[..., Any] = gzip.open if name.endswith(".gz") else open
        # Numbers are parsed from bytes; UTF-16 and the like are re-encoded as UTF-8 first.
        mode, text_encoding = ("rb", None) if ascii_compatible else ("rt", encoding)
        try:
            with opener(name, mode, encoding=text_encoding) as file:
                lines = file if ascii_compatible else _as_bytes(file, name, "utf-8")
                parsed_as = encoding if ascii_compatible else "utf-8"
                return _read_vectors(lines, name, limit, keep, parsed_as, sys.stderr.isatty())
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise EmbeddingError(f"{name}: not a readable gzip file ({error})") from None
        except UnicodeError as error:  # only from decoding: the loader's own errors are not
            raise EmbeddingError(f"{name}: cannot decode it as {encoding} ({error})") from None
    if isinstance(source, (bytes, bytearray)) or not hasattr(source, "__iter__"):
        raise TypeError(f"source must be a path or lines of text, not {type(source).__name__}")
    name = str(getattr(source, "name", "<lines>"))
    if not ascii_compatible:
        raise EmbeddingError(f"lines of text cannot be read as {encoding}: give a path")
    return _read_vectors(_as_bytes(source, name, encoding), name, limit, keep, encoding, False)


_DIGITS = "0123456789 .+-eE\n"


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


def _read_vectors(
    lines: Iterable[bytes],
    name: str,
    limit: Optional[int],
    keep: Optional[Callable[[str], bool]],
    encoding: str,
    progress: bool,
) -> Vectors:
    table = _Table(array("d"))
    offsets, data = table.offsets, table.data
    line_numbers = array("L")  # the line of each stored vector, to name a bad number
    dimension = 0  # not known yet
    width = -1  # fields on a plain line: a word and `dimension` numbers
    header: Optional[Tuple[int, int]] = None  # (count, line number) of a word2vec header
    count = 0  # vector lines read
    bom = codecs.BOM_UTF8 if codecs.lookup(encoding).name.startswith("utf-8") else None
    started = last_report = time.monotonic()
    number = 0
    for number, line in enumerate(lines, 1):
        fields = line.rstrip().split(b" ")
        if len(fields) != width:  # the first line, a blank line, a word with spaces, an error
            if number == 1 and bom and line.startswith(bom):
                fields = line[len(bom) :].rstrip().split(b" ")
            if fields == [b""]:
                continue
            if not dimension:
                if count == 0 and header is None and _is_header(fields):
                    header = (int(fields[0]), number)
                    dimension = int(fields[1])
                    if not dimension:
                        raise EmbeddingError(f"{name}, line {number}: the header gives dimension 0")
                    width = dimension + 1
                    continue
                dimension = _trailing_numbers(fields)
                if not dimension:
                    raise EmbeddingError(
                        f"{name}, line {number}: expected a word and numbers, found "
                        f"{_decode(line, encoding, name, number).strip()!r}"
                    )
                width = dimension + 1
            if len(fields) != width:
                fields = [_word(fields, dimension, name, number), *fields[-dimension:]]
        word = _decode(fields[0], encoding, name, number)
        count += 1
        if word not in offsets and (keep is None or keep(word.casefold())):
            table.register(word)
            try:
                data.extend(map(float, fields[1:]))
            except ValueError:
                raise _number_error(fields[1:], encoding, name, number) from None
            line_numbers.append(number)
        if count == limit:
            break
        if progress and not count & 0xFFFF:
            now = time.monotonic()
            if now - last_report > 0.5:
                rate = count / (now - started)
                print(f"\rsentemb: {count:,} vectors ({rate:,.0f}/s)", end="", file=sys.stderr)
                last_report = now
    if progress and last_report != started:
        print(file=sys.stderr)
    if header is not None and count != header[0] and count != limit:
        raise EmbeddingError(
            f"{name}, line {header[1]}: the header says {header[0]} vectors, the file has {count}"
        )
    if not dimension:
        if number:
            raise EmbeddingError(f"{name}, line {number}: no vectors by the end of the file")
        raise EmbeddingError(f"{name}: the file is empty")
    total = sum(data)
    if total - total != 0:  # an inf or a nan, or only a sum too large for a float
        for index, value in enumerate(data):
            if not math.isfinite(value):
                raise EmbeddingError(
                    f"{name}, line {line_numbers[index // dimension]}: "
                    f"number {index % dimension + 1} is not a finite number: {value!r}"
                )
    table.dimension = dimension
    return Vectors._of(table)


def _decode(raw: bytes, encoding: str, name: str, number: int) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise EmbeddingError(
            f"{name}, line {number}: cannot decode byte {raw[error.start]:#04x} as {encoding}"
        ) from None


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


def _word(fields: List[bytes], dimension: int, name: str, number: int) -> bytes:
    """The word of a line whose fields are not one word and ``dimension`` numbers."""
    found = _trailing_numbers(fields)
    if len(fields) <= dimension or found > dimension:
        raise EmbeddingError(
            f"{name}, line {number}: expected a word and {dimension} numbers, found {found} numbers"
        )
    return b" ".join(fields[:-dimension])  # a word with spaces in it, such as ". . ."


def _number_error(fields: List[bytes], encoding: str, name: str, number: int) -> Exception:
    """The error for the first field of a line that is not a number."""
    position, field = next((i, f) for i, f in enumerate(fields, 1) if not _is_number(f))
    text = _decode(field, encoding, name, number)
    return EmbeddingError(f"{name}, line {number}: number {position} is not a number: {text!r}")


def _is_number(field: bytes) -> bool:
    try:
        float(field)
    except ValueError:
        return False
    return True


# -- Command line ----------------------------------------------------------------


def _format(vector: Sequence[Number]) -> str:
    return "[" + ", ".join(map(str, vector)) + "]"  # str: 2/7 for a Fraction, repr for a float


def _message(error: Exception) -> str:
    return str(error.args[0]) if isinstance(error, KeyError) else str(error)


class _Results(NamedTuple):
    tokens: List[str]
    vectors: Dict[str, Optional[List[Number]]]  # method -> embedding, None if it fails
    errors: Dict[str, str]  # method -> why it fails


def _embed_all(
    embedder: SentenceEmbedder, sentence: str, weights: Optional[List[Fraction]], need_weights: bool
) -> _Results:
    tokens = embedder.tokens(sentence)
    results = _Results(tokens, {}, {})
    for method in _METHODS:
        try:
            if method != "weighted":
                results.vectors[method] = getattr(embedder, method)(tokens)
            elif weights is None and need_weights:
                raise EmbeddingError("give --weights, one weight per token")
            else:
                results.vectors[method] = embedder.weighted(tokens, weights)
        except EmbeddingError as error:  # this method does not apply; --oov error does fail
            results.vectors[method] = None
            results.errors[method] = str(error)
    return results


_LABELS = {
    "average": "1. simple average",
    "skip_filler": "2. skip filler words",
    "weighted": "3. weighted average",
}


def _report(
    sentence: str,
    shown: SentenceEmbedder,
    weights: Optional[List[Fraction]],
    need_weights: bool,
    exact: Optional[SentenceEmbedder],
) -> str:
    """The human-readable report; ``exact`` adds each answer as fractions."""
    results = _embed_all(shown, sentence, weights, need_weights)
    fractions = None if exact is None else _embed_all(exact, sentence, weights, need_weights)
    tokens = results.tokens
    oov = shown.oov_vector
    handled = {
        "vector": f"embedded as {_format(oov) if len(oov) <= 4 else '-1 everywhere'}",
        "skip": "skipped",
        "error": "not allowed",
    }[shown.oov]
    if weights is not None:
        weight_text = " ".join(map(str, weights))
    elif need_weights:
        weight_text = "none given (--weights)"
    else:
        weight_text = " ".join(map(str, shown.attention_weights))
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
        + (", ".join(t for t in tokens if shown._find(t) is None) or "-"),
        f"filler words skipped by method 2: {', '.join(filter(shown._is_filler, tokens)) or '-'}",
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


def _json_report(
    sentence: str,
    embedder: SentenceEmbedder,
    weights: Optional[List[Fraction]],
    need_weights: bool,
) -> Dict[str, Any]:
    results = _embed_all(embedder, sentence, weights, need_weights)
    document: Dict[str, Any] = {"tokens": results.tokens}
    for method, vector in results.vectors.items():
        document[method] = _jsonable(vector)
    document["errors"] = results.errors
    return document


def _weights(text: str) -> List[Fraction]:
    """Weights as written on the command line: "0.5 1 0.7" or "0.5,1,0.7"."""
    weights = []
    for field in re.split(r"[,\s]+", text.strip()):
        try:
            weights.append(Fraction(field))
        except (ValueError, ZeroDivisionError):
            raise EmbeddingError(f"--weights: {field!r} is not a number") from None
    return weights


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sentemb.py",
        description=(
            "Sentence embeddings from word embeddings: the lecture exercise. "
            "With no sentence, prints the exercise's three answers; with --vectors, "
            "embeds sentences with a GloVe or word2vec text file."
        ),
        epilog=(
            "Tokens: runs of letters, digits, underscores and combining marks are words; "
            "every other non-space character is a token of its own. Exercise vocabulary: "
            "I, lot, love, chocolate, milk; word i is [i-1, i+1]; any other token is [-1, -1]. "
            "Exit status 2 on bad input."
        ),
    )
    parser.add_argument(
        "sentences",
        nargs="*",
        metavar="SENTENCE",
        help=f"sentences to embed (default, without --vectors: {EXERCISE_SENTENCE!r})",
    )
    parser.add_argument(
        "--words-only",
        action="store_true",
        help="drop punctuation tokens (the 6-token reading; method 3 then does not apply)",
    )
    parser.add_argument("--exact", action="store_true", help="print exact fractions only")
    parser.add_argument("--json", action="store_true", help="print JSON, one object per line")
    parser.add_argument(
        "--vectors", metavar="FILE", help="word vectors: a GloVe or word2vec text file, or .gz"
    )
    parser.add_argument("--limit", type=int, metavar="N", help="read the first N vectors only")
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
        help="rank the lines of FILE by cosine similarity to QUERY",
    )
    parser.add_argument("-k", type=int, metavar="N", help="with --rank: print the best N")
    parser.add_argument(
        "--method",
        choices=_METHODS,
        default="average",
        help="the method --compare and --rank embed with (default: average)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _run(args: argparse.Namespace) -> str:
    vectors = None if args.vectors is None else load_vectors(args.vectors, limit=args.limit)
    weights = None if args.weights is None else _weights(args.weights)

    def embedder(exact: bool) -> SentenceEmbedder:
        return SentenceEmbedder(
            vocab_embeddings=vectors,
            oov=args.oov,
            keep_punctuation=not args.words_only,
            exact=exact,
        )

    main_embedder = embedder(args.exact)
    if args.compare:
        a, b = args.compare
        score = main_embedder.similarity(a, b, args.method)
        if args.json:
            return json.dumps({"a": a, "b": b, "method": args.method, "similarity": score})
        return f"cosine similarity ({args.method}) of {a!r} and {b!r}: {score!r}"
    if args.rank:
        query, path = args.rank
        with open(path, encoding="utf-8") as file:
            candidates = [line.strip() for line in file if line.strip()]
        ranked = main_embedder.most_similar(query, candidates, args.k, args.method)
        if args.json:
            results = [{"text": text, "similarity": score} for text, score in ranked]
            return json.dumps({"query": query, "method": args.method, "results": results})
        return "\n".join(f"{score:.6f}  {text}" for text, score in ranked)

    need_weights = vectors is not None
    sentences = args.sentences or ([] if need_weights else [EXERCISE_SENTENCE])
    if not sentences:
        raise EmbeddingError("nothing to embed: give a SENTENCE, --compare A B or --rank")
    if args.json:
        return "\n".join(
            json.dumps(_json_report(s, main_embedder, weights, need_weights), ensure_ascii=False)
            for s in sentences
        )
    both = None if args.exact or need_weights else embedder(exact=True)
    return "\n\n".join(_report(s, main_embedder, weights, need_weights, both) for s in sentences)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; return the exit status (0, or 2 on bad input).

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
    if args.limit is not None and args.vectors is None:
        parser.error("--limit goes with --vectors")
    if args.k is not None and args.rank is None:
        parser.error("-k goes with --rank")
    if args.sentences and (args.compare or args.rank):
        parser.error("give sentences, --compare or --rank: one of them")
    try:
        output = _run(args)
    except (ValueError, KeyError, OSError) as error:
        print(f"sentemb.py: error: {_message(error)}", file=sys.stderr)
        return 2
    print(output)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
