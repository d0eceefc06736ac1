"""Sentence embeddings from word embeddings: the lecture exercise, exactly.

A sentence embedding here is a pooled word embedding. Three pooling rules,
in the order of the slide "Compute Sentence Embedding":

=========================  ===================================================
``average(s)``             1. mean of the token vectors (OOV tokens: [-1, -1])
``skip_filler(s)``         2. the same mean with filler words left out
``weighted(s, weights)``   3. weighted mean  sum(w_i * e_i) / sum(w_i)
``similarity(a, b)``       cosine similarity of two sentence embeddings
``cosine_similarity(u,v)`` cosine similarity of two plain vectors
``tokenize(s)``            the tokenization rule every method uses
=========================  ===================================================

The first three are methods of :class:`SentenceEmbedder`, whose class
variables hold the exercise's vocabulary, filler words and attention weights.

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
import json
import math
import operator
import re
import sys
import unicodedata
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
    "cosine_similarity",
    "exercise_embeddings",
    "tokenize",
]

__version__ = "1.0.0"

Number = Union[float, Fraction]
Sentence = Union[str, Sequence[str]]


class EmbeddingError(ValueError):
    """Bad input to an embedding: the message names the word, weight or count."""


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


def _exact_sum(values: Iterable[Number]) -> Number:
    return sum(values, Fraction(0))


def _exact_ldexp(x: Any, n: int) -> Fraction:
    return Fraction(x) * Fraction(2) ** n


_FLOAT = _Arithmetic(float, math.fsum, math.ldexp)
_EXACT = _Arithmetic(_decimal_fraction, _exact_sum, _exact_ldexp)


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


def _mean(
    vectors: Sequence[Sequence[Number]],
    weights: Optional[Sequence[Number]],
    arithmetic: _Arithmetic,
) -> List[Number]:
    """Weighted mean of equal-length vectors; plain mean when weights is None."""
    total = arithmetic.total
    try:
        if weights is None:
            n = len(vectors)
            result = [total(column) / n for column in zip(*vectors)]
        else:
            # Scaling by a power of two is exact; bringing the largest weight
            # into [0.5, 1) keeps products of tiny weights from underflowing.
            shift = -math.frexp(max(weights))[1]
            scaled = [arithmetic.ldexp(w, shift) for w in weights]
            weight_total = total(scaled)
            result = [
                total(map(operator.mul, scaled, column)) / weight_total for column in zip(*vectors)
            ]
        if arithmetic is _EXACT or all(map(math.isfinite, result)):
            return result
    except OverflowError:
        pass
    # A float sum overflowed although the mean of finite numbers is finite:
    # do the same sum exactly and round once.
    exact = _mean(
        [[Fraction(x) for x in vector] for vector in vectors],
        None if weights is None else [Fraction(w) for w in weights],
        _EXACT,
    )
    return [float(x) for x in exact]


# -- Word vectors and the three methods ----------------------------------------


class SentenceEmbedder:
    """Sentence embeddings by pooling word embeddings.

    The class variables are the exercise (read-only: a mapping proxy, a
    frozenset and tuples).  Keyword arguments of the same names override them
    for one instance, which validates them once and keeps its own copies.

    Lookup: a token matches a vocabulary word exactly, otherwise
    case-insensitively (the first such word, in vocabulary order).  A token
    not found gets ``oov_vector``: -1 in every dimension unless given.  Filler
    words match case-insensitively.  ``keep_punctuation=False`` drops
    punctuation tokens from string sentences.  ``exact=True`` computes with
    Fractions, reading numbers as written in decimal.

    >>> embedder = SentenceEmbedder()
    >>> embedder.embed_word("love"), embedder.embed_word("well")
    ([1.0, 3.0], [-1.0, -1.0])
    >>> SentenceEmbedder(filler_words=["milk"]).skip_filler("I love milk")
    [0.0, 2.0]
    """

    vocab_embeddings: Mapping[str, Sequence[Any]] = MappingProxyType(
        {word: tuple(vector) for word, vector in exercise_embeddings().items()}
    )
    filler_words: FrozenSet[str] = frozenset(FILLER_WORDS)
    attention_weights: Tuple[Any, ...] = ATTENTION_WEIGHTS
    oov_vector: Tuple[Any, ...] = OOV_VECTOR

    keep_punctuation: bool
    exact: bool
    dimension: int
    _arithmetic: _Arithmetic
    _vectors: Mapping[str, Sequence[Number]]
    _folded_words: Mapping[str, str]
    _folded_fillers: FrozenSet[str]
    _oov: Tuple[Number, ...]

    def __init__(
        self,
        *,
        vocab_embeddings: Optional[Mapping[str, Iterable[Any]]] = None,
        filler_words: Optional[Iterable[str]] = None,
        attention_weights: Optional[Iterable[Any]] = None,
        oov_vector: Optional[Iterable[Any]] = None,
        keep_punctuation: bool = True,
        exact: bool = False,
    ) -> None:
        cls = type(self)
        arithmetic = _EXACT if exact else _FLOAT
        number = arithmetic.number

        given = cls.vocab_embeddings if vocab_embeddings is None else vocab_embeddings
        if not isinstance(given, Mapping):
            raise TypeError(
                f"vocab_embeddings must map words to vectors, not {type(given).__name__}"
            )
        vocab: Dict[str, Tuple[Any, ...]] = {}
        dimension: Optional[int] = None
        for word, vector in given.items():
            if not isinstance(word, str):
                raise TypeError(f"vocabulary word {word!r} is not a string")
            vocab[word] = _check_vector(vector, f"the vector of {word!r}", dimension)
            dimension = len(vocab[word])
        if oov_vector is not None:
            oov = _check_vector(oov_vector, "oov_vector", dimension)
        elif vocab_embeddings is None:
            oov = cls.oov_vector
        elif dimension is not None:
            oov = (-1,) * dimension
        else:
            raise EmbeddingError("vocab_embeddings is empty: pass oov_vector=")
        dimension = len(oov)

        fillers = cls.filler_words if filler_words is None else filler_words
        if isinstance(fillers, str):
            raise TypeError("filler_words must be a collection of words, not a string")
        fillers = frozenset(fillers)
        for word in fillers:
            if not isinstance(word, str):
                raise TypeError(f"filler word {word!r} is not a string")

        weights = cls.attention_weights
        if attention_weights is not None:
            weights = tuple(_check_weights(attention_weights, None))

        folded: Dict[str, str] = {}
        for word in vocab:
            folded.setdefault(word.casefold(), word)

        # Everything is valid: only now does the instance get its attributes.
        self.__dict__.update(
            vocab_embeddings=MappingProxyType(vocab),
            filler_words=fillers,
            attention_weights=weights,
            oov_vector=oov,
            keep_punctuation=bool(keep_punctuation),
            exact=bool(exact),
            dimension=dimension,
            _arithmetic=arithmetic,
            _vectors={w: tuple(map(number, v)) for w, v in vocab.items()},
            _folded_words=folded,
            _folded_fillers=frozenset(word.casefold() for word in fillers),
            _oov=tuple(map(number, oov)),
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(
            f"SentenceEmbedder is read-only: make a new one, SentenceEmbedder({name}=...)"
        )

    def __delattr__(self, name: str) -> None:
        self.__setattr__(name, None)

    def __repr__(self) -> str:
        return (
            f"SentenceEmbedder({len(self.vocab_embeddings)} words, "
            f"dimension={self.dimension}, exact={self.exact})"
        )

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
        else:
            raise TypeError(
                f"a sentence is a string or a list of strings, not {type(sentence).__name__}"
            )
        if not tokens:
            raise EmbeddingError(f"the sentence {sentence!r} has no tokens")
        return tokens

    def _lookup(self, token: str) -> Optional[Sequence[Number]]:
        vector = self._vectors.get(token)
        if vector is None:
            word = self._folded_words.get(token.casefold())
            if word is not None:
                vector = self._vectors[word]
        return vector

    def embed_word(self, token: str) -> List[Number]:
        """The vector a token gets: its word's vector, or the OOV vector.

        >>> SentenceEmbedder().embed_word("Milk")
        [3.0, 5.0]
        >>> SentenceEmbedder(exact=True).embed_word("!")
        [Fraction(-1, 1), Fraction(-1, 1)]
        """
        if not isinstance(token, str):
            raise TypeError(f"a token is a string, not {type(token).__name__}")
        vector = self._lookup(token)
        return list(self._oov if vector is None else vector)

    def _is_filler(self, token: str) -> bool:
        return token.casefold() in self._folded_fillers

    def average(self, sentence: Sentence) -> List[Number]:
        """Method 1: the mean of the token vectors.

        >>> SentenceEmbedder().average("I love chocolate milk as well!")
        [0.2857142857142857, 1.4285714285714286]
        >>> SentenceEmbedder(exact=True).average("I love chocolate milk as well!")
        [Fraction(2, 7), Fraction(10, 7)]
        """
        tokens = self.tokens(sentence)
        return _mean([self.embed_word(t) for t in tokens], None, self._arithmetic)

    def skip_filler(self, sentence: Sentence) -> List[Number]:
        """Method 2: the mean of the token vectors, filler words left out.

        >>> SentenceEmbedder().skip_filler("I love chocolate milk as well!")
        [0.8, 2.0]
        """
        tokens = [t for t in self.tokens(sentence) if not self._is_filler(t)]
        if not tokens:
            raise EmbeddingError(f"nothing is left of {sentence!r} after skipping filler words")
        return _mean([self.embed_word(t) for t in tokens], None, self._arithmetic)

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
        return _mean(
            [self.embed_word(t) for t in tokens],
            [number(w) for w in checked],
            self._arithmetic,
        )

    def similarity(self, a: Sentence, b: Sentence, method: str = "average") -> float:
        """Cosine similarity of two sentences embedded with one method.

        >>> embedder = SentenceEmbedder()
        >>> embedder.similarity("chocolate milk", "milk chocolate")
        1.0
        >>> round(embedder.similarity("I love milk", "lot", method="skip_filler"), 6)
        0.894427
        """
        if method not in _METHODS:
            raise EmbeddingError(f"unknown method {method!r}: use one of {', '.join(_METHODS)}")
        embed = getattr(self, method)
        return cosine_similarity(embed(a), embed(b))


_METHODS = ("average", "skip_filler", "weighted")


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
        numbers = [arithmetic.number(x) for x in vector]
        largest = max(max(numbers), -min(numbers))
        if not largest:
            raise EmbeddingError(f"the {which} vector is zero: its cosine is undefined")
        unit.append([x / largest for x in numbers])
    a, b = unit
    total = arithmetic.total
    dot = total(map(operator.mul, a, b))
    norms = total(x * x for x in a) * total(x * x for x in b)
    # cos^2 = dot^2 / norms, exact for Fractions; one square root at the end.
    cosine = math.copysign(math.sqrt(dot * dot / norms), dot)
    return max(-1.0, min(1.0, cosine))


# -- Command line ----------------------------------------------------------------


def _format(vector: Sequence[Number]) -> str:
    return "[" + ", ".join(str(x) if isinstance(x, Fraction) else repr(x) for x in vector) + "]"


def _embed_all(
    sentence: Sentence, keep_punctuation: bool, exact: bool
) -> Tuple[List[str], Dict[str, Optional[List[Number]]], Dict[str, str]]:
    """Tokens, each method's embedding (None where it fails) and the reasons."""
    embedder = SentenceEmbedder(keep_punctuation=keep_punctuation, exact=exact)
    tokens = embedder.tokens(sentence)
    results: Dict[str, Optional[List[Number]]] = {}
    errors: Dict[str, str] = {}
    for method in _METHODS:
        try:
            results[method] = getattr(embedder, method)(tokens)
        except EmbeddingError as error:
            results[method] = None
            errors[method] = str(error)
    return tokens, results, errors


_LABELS = {
    "average": "1. simple average",
    "skip_filler": "2. skip filler words",
    "weighted": "3. weighted average",
}


def _report(sentence: str, keep_punctuation: bool, exact_only: bool) -> str:
    tokens, floats, errors = _embed_all(sentence, keep_punctuation, exact=False)
    _, fractions, _ = _embed_all(sentence, keep_punctuation, exact=True)
    embedder = SentenceEmbedder()
    oov = [t for t in tokens if embedder._lookup(t) is None]
    fillers = [t for t in tokens if embedder._is_filler(t)]
    reading = (
        "punctuation marks are tokens (the default; --words-only drops them)"
        if keep_punctuation
        else "words only (punctuation dropped)"
    )
    lines = [
        f"sentence: {sentence}",
        f"tokens ({len(tokens)}): {' | '.join(tokens)}",
        f"reading: {reading}",
        f"out of vocabulary, embedded as {_format(OOV_VECTOR)}: {', '.join(oov) or '-'}",
        f"filler words skipped by method 2: {', '.join(fillers) or '-'}",
        f"attention weights (method 3): {' '.join(map(str, ATTENTION_WEIGHTS))}",
        "",
    ]
    for method, label in _LABELS.items():
        exact, approx = fractions[method], floats[method]
        if exact is None or approx is None:
            lines.append(f"{label:<22} does not apply: {errors[method]}")
        elif exact_only:
            lines.append(f"{label:<22} {_format(exact)}")
        else:
            lines.append(f"{label:<22} {_format(approx)}  = {_format(exact)} exactly")
    return "\n".join(lines)


def _json(sentence: str, keep_punctuation: bool, exact: bool) -> str:
    tokens, results, errors = _embed_all(sentence, keep_punctuation, exact)
    document: Dict[str, Any] = {"tokens": tokens}
    for method, vector in results.items():
        document[method] = (
            None if vector is None else [str(x) if isinstance(x, Fraction) else x for x in vector]
        )
    document["errors"] = errors
    return json.dumps(document, ensure_ascii=False)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sentemb.py",
        description=(
            "Sentence embeddings from word embeddings: the lecture exercise. "
            "With no sentence, prints the exercise's three answers."
        ),
        epilog=(
            "Tokens: runs of letters, digits, underscores and combining marks are "
            "words; every other non-space character is a token of its own. "
            "Vocabulary: I, lot, love, chocolate, milk; word i is [i-1, i+1]; "
            "any other token is [-1, -1]. Exit status 2 on bad input."
        ),
    )
    parser.add_argument(
        "sentence",
        nargs="?",
        default=EXERCISE_SENTENCE,
        help=f"the sentence to embed (default: {EXERCISE_SENTENCE!r})",
    )
    parser.add_argument(
        "--words-only",
        action="store_true",
        help="drop punctuation tokens (the 6-token reading; method 3 then does not apply)",
    )
    parser.add_argument("--exact", action="store_true", help="print exact fractions only")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


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
    args = _parser().parse_args(argv)
    keep_punctuation = not args.words_only
    try:
        if args.json:
            print(_json(args.sentence, keep_punctuation, args.exact))
        else:
            print(_report(args.sentence, keep_punctuation, args.exact))
    except (ValueError, TypeError) as error:
        print(f"sentemb.py: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
