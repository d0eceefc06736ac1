"""The laws sentemb obeys, checked by Hypothesis with the exercise pinned as an example.

Strategies are built from small pieces: a vocabulary, a sentence over it (with
out-of-vocabulary tokens and filler words mixed in), and weights that fit.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from fractions import Fraction
from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Sequence, Tuple

from hypothesis import assume, example, given
from hypothesis import strategies as st

from conftest import belongs_to_the_one_before, close, ulp
from sentemb import (
    ATTENTION_WEIGHTS,
    EXERCISE_SENTENCE,
    EXERCISE_VOCAB,
    FILLER_WORDS,
    ExerciseEmbedder,
    SentenceEmbedder,
    cosine_similarity,
    exercise_embeddings,
    tokenize,
)

# -- Strategies ------------------------------------------------------------------

# Numbers whose decimal and binary readings agree (k / 256), so exact mode and
# float mode start from the same values; and wide-range floats for bit-level laws.
dyadics = st.integers(-(2**20), 2**20).map(lambda k: k / 256)
wide_floats = st.floats(-1e300, 1e300, allow_nan=False, allow_infinity=False)
words = st.text(alphabet="abcxyzIi", min_size=1, max_size=4)
OOV_TOKENS = ("qqq", "!", "?", "Qq")  # no q in `words`: never in a vocabulary


class Case(NamedTuple):
    """A vocabulary and a sentence over it, with one weight per token."""

    vocab: Mapping[str, Sequence[float]]
    tokens: List[str]
    weights: List[float]


@st.composite
def vocabularies(draw: Any, numbers: st.SearchStrategy[float] = dyadics) -> Dict[str, List[float]]:
    dimension = draw(st.integers(1, 4))
    vector = st.lists(numbers, min_size=dimension, max_size=dimension)
    vocab: Dict[str, List[float]] = draw(st.dictionaries(words, vector, min_size=1, max_size=6))
    return vocab


ANY_WEIGHT = st.one_of(st.just(0.0), dyadics.map(abs), st.floats(0, 1e6))


@st.composite
def cases(
    draw: Any,
    numbers: st.SearchStrategy[float] = dyadics,
    weights: st.SearchStrategy[float] = ANY_WEIGHT,
) -> Case:
    vocab = draw(vocabularies(numbers))
    token = st.sampled_from(sorted(vocab) + list(FILLER_WORDS) + list(OOV_TOKENS))
    tokens = draw(st.lists(token, min_size=1, max_size=12))
    chosen = draw(st.lists(weights, min_size=len(tokens), max_size=len(tokens)))
    assume(any(chosen))
    return Case(vocab, tokens, chosen)


EXERCISE = Case(
    exercise_embeddings(), tokenize(EXERCISE_SENTENCE), [float(w) for w in ATTENTION_WEIGHTS]
)


def non_fillers(tokens: List[str]) -> List[str]:
    """The tokens that are not filler words (which match case-insensitively)."""
    fillers = {w.casefold() for w in FILLER_WORDS}
    return [t for t in tokens if t.casefold() not in fillers]


def embedders(vocab: Mapping[str, Sequence[float]]) -> Tuple[SentenceEmbedder, SentenceEmbedder]:
    """The float and the exact embedder for one vocabulary, under the exercise's rule
    (an unknown token is -1 everywhere), which the laws below are about."""
    return SentenceEmbedder(vocab_embeddings=vocab, oov="vector"), SentenceEmbedder(
        vocab_embeddings=vocab, exact=True, oov="vector"
    )


# -- Averaging ------------------------------------------------------------------------


@given(cases(wide_floats), st.randoms(use_true_random=False))
@example(EXERCISE, random.Random(7))
def test_average_is_bit_identical_under_permutation(case: Case, rng: Any) -> None:
    embedder = SentenceEmbedder(vocab_embeddings=case.vocab, oov="vector")
    shuffled = list(case.tokens)
    rng.shuffle(shuffled)
    assert embedder.average(shuffled) == embedder.average(case.tokens)


@given(cases(wide_floats), st.randoms(use_true_random=False))
@example(EXERCISE, random.Random(7))
def test_weighted_is_bit_identical_when_tokens_and_weights_are_permuted_together(
    case: Case, rng: Any
) -> None:
    embedder = SentenceEmbedder(vocab_embeddings=case.vocab, oov="vector")
    pairs = list(zip(case.tokens, case.weights))
    rng.shuffle(pairs)
    tokens, weights = [t for t, _ in pairs], [w for _, w in pairs]
    assert embedder.weighted(tokens, weights) == embedder.weighted(case.tokens, case.weights)


@given(cases())
@example(EXERCISE)
def test_skip_filler_equals_average_of_non_filler_tokens(case: Case) -> None:
    kept = non_fillers(case.tokens)
    assume(kept)
    for embedder in embedders(case.vocab):
        assert embedder.skip_filler(case.tokens) == embedder.average(kept)


@given(cases(wide_floats))
@example(EXERCISE)
def test_repeating_the_sentence_leaves_the_average_unchanged(case: Case) -> None:
    for embedder in embedders(case.vocab):
        assert embedder.average(case.tokens * 2) == embedder.average(case.tokens)


@given(cases())
@example(EXERCISE)
def test_float_averages_are_within_2_ulps_of_the_exact_answer(case: Case) -> None:
    floats, exact = embedders(case.vocab)
    assert close(floats.average(case.tokens), exact.average(case.tokens), ulps=2)
    assume(non_fillers(case.tokens))
    assert close(floats.skip_filler(case.tokens), exact.skip_filler(case.tokens), ulps=2)


@given(vocabularies(), st.lists(st.sampled_from(OOV_TOKENS), min_size=1, max_size=9), dyadics)
@example(exercise_embeddings(), ["as", "well", "!"], -1.0)
def test_an_all_oov_sentence_averages_to_the_oov_vector(
    vocab: Dict[str, List[float]], tokens: List[str], component: float
) -> None:
    dimension = len(next(iter(vocab.values()))) if vocab else 2
    oov = [component] * dimension
    exact = SentenceEmbedder(vocab_embeddings=vocab, oov_vector=oov, exact=True)
    assert exact.average(tokens) == [Fraction(component)] * dimension
    floats = SentenceEmbedder(vocab_embeddings=vocab, oov_vector=oov)
    assert close(floats.average(tokens), [Fraction(component)] * dimension, ulps=1)
    if vocab:  # the default OOV vector, -1 everywhere, is exact in floats too
        default_oov = SentenceEmbedder(vocab_embeddings=vocab, oov="vector")
        assert default_oov.average(tokens) == [-1.0] * dimension
        skipping = SentenceEmbedder(vocab_embeddings=vocab)  # a vocabulary given: gensim's rule
        assert list(skipping.embed_many([tokens])) == [None]  # no vector, and no stop


@given(cases())
@example(EXERCISE)
def test_each_coordinate_lies_between_the_min_and_max_of_the_vectors_used(case: Case) -> None:
    floats, exact = embedders(case.vocab)
    kept = non_fillers(case.tokens)
    used_by_weight = [t for t, w in zip(case.tokens, case.weights) if w]
    checks: List[Tuple[Callable[[SentenceEmbedder], List[Any]], List[str]]] = [
        (lambda e: e.average(case.tokens), case.tokens),
        (lambda e: e.weighted(case.tokens, case.weights), used_by_weight),
    ]
    if kept:
        checks.append((lambda e: e.skip_filler(case.tokens), kept))
    for compute, used in checks:
        vectors = [exact.embed_word(t) for t in used]
        lows, highs = [min(c) for c in zip(*vectors)], [max(c) for c in zip(*vectors)]
        assert all(lo <= x <= hi for lo, x, hi in zip(lows, compute(exact), highs))
        # Floats: fsum, then one division (as statistics.fmean): at most one ulp out.
        assert all(
            lo - ulp(float(lo)) <= x <= hi + ulp(float(hi))
            for lo, x, hi in zip(lows, compute(floats), highs)
        )


# -- Weights --------------------------------------------------------------------------


@given(cases(), st.fractions(min_value=Fraction(1, 1000), max_value=1000))
@example(EXERCISE, Fraction(10))
def test_scaling_all_weights_changes_nothing_in_exact_mode(case: Case, c: Fraction) -> None:
    exact = SentenceEmbedder(vocab_embeddings=case.vocab, exact=True, oov="vector")
    scaled = [Fraction(repr(w)) * c for w in case.weights]
    assert exact.weighted(case.tokens, scaled) == exact.weighted(case.tokens, case.weights)


@given(cases(), st.integers(-60, 60))
@example(EXERCISE, 3)
def test_scaling_all_weights_by_a_power_of_two_is_bit_identical(case: Case, k: int) -> None:
    assume(all(w == 0 or w > 1e-200 for w in case.weights))
    floats = SentenceEmbedder(vocab_embeddings=case.vocab, oov="vector")
    scaled = [math.ldexp(w, k) for w in case.weights]
    assert floats.weighted(case.tokens, scaled) == floats.weighted(case.tokens, case.weights)


@given(cases(), st.sampled_from([-1500, -1100, 1100, 1500]))
@example(EXERCISE, 1500)
@example(EXERCISE, -1500)
def test_scaling_all_weights_beyond_floats_by_a_power_of_two_is_bit_identical(
    case: Case, k: int
) -> None:
    assume(all(w == 0 or w > 1e-200 for w in case.weights))
    floats = SentenceEmbedder(vocab_embeddings=case.vocab, oov="vector")
    scaled = [Fraction(w) * Fraction(2) ** k for w in case.weights]  # no float holds them
    assert floats.weighted(case.tokens, scaled) == floats.weighted(case.tokens, case.weights)


@given(cases(), st.sampled_from([1, 0.3, 7, 1e-9, 1e9]))
@example(EXERCISE, 0.7)
def test_equal_weights_give_the_average(case: Case, w: float) -> None:
    equal = [w] * len(case.tokens)
    floats, exact = embedders(case.vocab)
    assert exact.weighted(case.tokens, equal) == exact.average(case.tokens)
    # Each product w * e rounds once: the error is relative to the largest |e|, not the result.
    largest = max(abs(Fraction(x)) for t in case.tokens for x in exact.embed_word(t))
    got, want = floats.weighted(case.tokens, equal), exact.average(case.tokens)
    assert close(got, want, abs_tol=largest * 2**-50, ulps=1)


@given(cases(), st.integers(0, 11))
@example(EXERCISE, 2)
def test_a_single_nonzero_weight_gives_that_tokens_vector(case: Case, i: int) -> None:
    i %= len(case.tokens)
    weights = [0.0] * len(case.tokens)
    weights[i] = 0.7
    floats, exact = embedders(case.vocab)
    assert exact.weighted(case.tokens, weights) == exact.embed_word(case.tokens[i])
    assert close(floats.weighted(case.tokens, weights), exact.embed_word(case.tokens[i]), ulps=1)


@given(cases(weights=st.integers(0, 1024).map(float)))
@example(EXERCISE._replace(weights=[5, 10, 7, 9, 3, 2, 1]))
def test_small_integer_weights_lose_nothing_before_the_final_division(case: Case) -> None:
    floats, exact = embedders(case.vocab)
    got, want = (
        floats.weighted(case.tokens, case.weights),
        exact.weighted(case.tokens, case.weights),
    )
    assert close(got, want, ulps=1)


@given(cases())
@example(EXERCISE)
def test_weights_given_by_word_equal_weights_given_by_position(case: Case) -> None:
    by_word = dict(zip(case.tokens, case.weights))
    by_position = [by_word[t] for t in case.tokens]
    assume(any(by_position))
    for embedder in embedders(case.vocab):
        assert embedder.weighted(case.tokens, by_word) == embedder.weighted(
            case.tokens, by_position
        )


# -- Similarity -----------------------------------------------------------------------

nonzero_vectors = (
    st.integers(1, 6)
    .flatmap(
        lambda d: st.tuples(
            st.lists(wide_floats, min_size=d, max_size=d),
            st.lists(wide_floats, min_size=d, max_size=d),
        )
    )
    .filter(lambda uv: any(uv[0]) and any(uv[1]))
)


@given(nonzero_vectors)
@example(([2 / 7, 10 / 7], [0.8, 2.0]))
def test_cosine_is_symmetric_and_within_minus_one_and_one(uv: Tuple[List[float], ...]) -> None:
    u, v = uv
    assert cosine_similarity(u, v) == cosine_similarity(v, u)
    assert -1.0 <= cosine_similarity(u, v) <= 1.0


@given(nonzero_vectors, st.floats(1e-100, 1e100))
@example(([2 / 7, 10 / 7], [0.8, 2.0]), 3.0)
def test_cosine_is_invariant_under_positive_scaling(uv: Tuple[List[float], ...], c: float) -> None:
    u, v = uv
    scaled = [c * x for x in u]
    assume(all(math.isfinite(x) for x in scaled) and any(scaled))
    assume(all(x == 0 or abs(x) > 1e-290 for x in u + scaled))  # no subnormal rounding
    assert math.isclose(cosine_similarity(scaled, v), cosine_similarity(u, v), abs_tol=1e-12)


@given(nonzero_vectors)
@example(([2 / 7, 10 / 7], [0.8, 2.0]))
def test_cosine_of_a_vector_with_itself_is_one(uv: Tuple[List[float], ...]) -> None:
    u = uv[0]
    assert math.isclose(cosine_similarity(u, u), 1.0, rel_tol=4e-16)
    assert cosine_similarity([Fraction(repr(x)) for x in u], [Fraction(repr(x)) for x in u]) == 1


@given(cases())
@example(EXERCISE)
def test_similarity_is_one_for_the_same_bag_of_tokens_and_symmetric(case: Case) -> None:
    embedder = SentenceEmbedder(vocab_embeddings=case.vocab, exact=True, oov="vector")
    bag = case.tokens
    assume(any(embedder.average(bag)))
    same_bag = [*reversed(bag), *bag]  # reordered, each token twice: the same mean
    assert embedder.similarity(bag, same_bag) == 1.0
    other = [*bag, "qqq", bag[0]]
    assume(any(embedder.average(other)))
    assert embedder.similarity(bag, other) == embedder.similarity(other, bag)
    assert embedder.similarity(bag, other) <= 1.0


# -- Tokens ---------------------------------------------------------------------------


# The invisible format characters that separate tokens (issue 25): U+180E, the invisible
# operators, the deprecated format characters, the annotation marks, the musical format
# controls and the language tag.
_INVISIBLE = "".join(
    map(chr, [0x180E, *range(0x2061, 0x2065), *range(0x206A, 0x2070), *range(0xFFF9, 0xFFFC),
              *range(0x1D173, 0x1D17B), 0xE0001])
)  # fmt: skip


def separates(char: str) -> bool:
    """Whitespace, and the invisible characters that separate tokens as it does: zero-width
    spaces and the marks that set the direction of text, by their Unicode names, control
    characters, and the other invisible format characters."""
    name = unicodedata.name(char, "")
    return (
        char.isspace()
        or name in ("ZERO WIDTH SPACE", "ARABIC LETTER MARK")
        or name.startswith(("LEFT-TO-RIGHT", "RIGHT-TO-LEFT", "POP DIRECTIONAL", "FIRST STRONG"))
        or unicodedata.category(char) == "Cc"
        or char in _INVISIBLE
    )


def without_orphans(sentence: str) -> str:
    """The sentence without separators, and without the characters that belong to the one
    before when there is none, or only separators, before them."""
    kept, previous = [], " "
    for char in sentence:
        if separates(char):
            previous = " "
        elif not (belongs_to_the_one_before(char) and previous == " "):
            kept.append(char)
            previous = char
    return "".join(kept)


@given(st.text())
@example(EXERCISE_SENTENCE)
@example("a \u0301\u0301b \ufe0f")
def test_tokens_are_the_sentence_without_whitespace(sentence: str) -> None:
    tokens = tokenize(sentence)
    assert "".join(tokens) == without_orphans(sentence)
    assert all(token and not any(separates(ch) for ch in token) for token in tokens)


@given(
    st.text()
    | st.lists(st.sampled_from(["a", " ", "!", "\u200d", "\ufe0f", "\u2764"])).map("".join)
)
@example("I \u2764\ufe0fmilk \ufe0fx")
def test_no_token_starts_with_what_belongs_to_the_character_before(sentence: str) -> None:
    for keep in (True, False):
        assert not any(belongs_to_the_one_before(t[0]) for t in tokenize(sentence, keep))


def starts_with_a_word_character(token: str) -> bool:
    return bool(re.match(r"\w", token))


@given(st.text())
@example(EXERCISE_SENTENCE)
def test_dropping_punctuation_drops_exactly_the_tokens_that_start_with_no_word_character(
    sentence: str,
) -> None:
    tokens = tokenize(sentence)
    assert tokenize(sentence, keep_punctuation=False) == [
        t for t in tokens if starts_with_a_word_character(t)
    ]


@given(
    st.text(alphabet=st.characters(whitelist_categories=("L", "N")), min_size=1),
    st.text(alphabet=st.characters(whitelist_categories=("Mn", "Mc", "Me")), min_size=1),
)
@example("cafe", "\u0301")
def test_combining_marks_stay_inside_their_word(word: str, marks: str) -> None:
    assert tokenize(f"{word}{marks} {marks}{word}!") == [word + marks, word, "!"]


# -- Part 1 alone and SentenceEmbedder: one arithmetic path ----------------------------

exercise_sentences = st.lists(
    st.sampled_from([*EXERCISE_VOCAB, *FILLER_WORDS, "MILK", "well", "tea", "!", ",", "?"]),
    min_size=1,
    max_size=10,
).map(" ".join)


@given(exercise_sentences, st.lists(st.floats(1e-3, 1e3), min_size=10, max_size=10))
@example(EXERCISE_SENTENCE, [0.5] * 10)
def test_the_exercise_class_and_sentence_embedder_give_identical_answers(
    sentence: str, weights: List[float]
) -> None:
    tokens = tokenize(sentence)
    weights = weights[: len(tokens)]
    for exact in (False, True):
        part1, full = ExerciseEmbedder(exact=exact), SentenceEmbedder(exact=exact)
        assert part1.average(sentence) == full.average(sentence)
        assert part1.weighted(sentence, weights) == full.weighted(sentence, weights)
        if non_fillers(tokens):
            assert part1.skip_filler(sentence) == full.skip_filler(sentence)
        if len(tokens) == len(ATTENTION_WEIGHTS):
            assert part1.weighted(sentence) == full.weighted(sentence)


# -- issue 25: the linear-time law and the scale law of normalising.  Each law that fails
#    today xfails (strict) until its fix lands; then its marker goes. -------------------------

import sys  # noqa: E402 - the block's own imports, kept with it
import tracemalloc  # noqa: E402
from typing import Iterator  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from sentemb import SIF, EmbeddingError, FastTextVectors, load_counts, load_vectors  # noqa: E402


def _work(call: Callable[[], Any]) -> Tuple[int, int]:
    """The work a call does, counted, never timed: the lines of Python it runs, and the bytes
    it allocates (tracemalloc's peak between two lines, less what was in use at the first,
    added up), so that a string copied in C, which runs no line of Python, counts too."""
    if not hasattr(tracemalloc, "reset_peak"):  # Python 3.8
        pytest.skip("tracemalloc.reset_peak is Python 3.9's")
    lines = allocated = 0
    in_use = 0

    def count(frame: Any, event: str, arg: Any) -> Any:
        nonlocal lines, allocated, in_use
        lines += 1
        allocated += max(0, tracemalloc.get_traced_memory()[1] - in_use)
        tracemalloc.reset_peak()
        in_use = tracemalloc.get_traced_memory()[0]
        return count

    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracer = sys.gettrace()  # coverage's, or Hypothesis's: put back after
    in_use = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    sys.settrace(count)
    try:
        call()
    finally:
        sys.settrace(tracer)
        allocated += max(0, tracemalloc.get_traced_memory()[1] - in_use)
        if started:
            tracemalloc.stop()
    return lines, allocated


def _grows_linearly(make: Callable[[int], Callable[[], Any]], n: int = 200) -> None:
    """Four times the input costs at most 5 times the work: a linear cost gives 4 (less,
    with a fixed part); a quadratic one 16 (at n = 200, 12 at the least)."""
    make(n)()  # warm up: caches, compiled patterns
    small, large = _work(make(n)), _work(make(4 * n))
    assert large[0] <= 5 * small[0], f"lines of Python: {small[0]:,} then {large[0]:,}"
    assert large[1] <= 5 * small[1], f"bytes allocated: {small[1]:,} then {large[1]:,}"


def _quietly(call: Callable[[], Any]) -> Callable[[], Any]:
    """The call, with the documented error of an input that has no token taken as its result."""

    def run() -> Any:
        try:
            return call()
        except EmbeddingError as error:
            return error

    return run


_FITTED_SIF = SIF({"a": [1.0, 0.0], "b": [0.0, 1.0]}, {"a": 1, "b": 3}).fit(["a b", "b"])
_ENTRY_POINTS: Dict[str, Callable[[str], Any]] = {
    "tokenize": tokenize,
    "SentenceEmbedder.average": SentenceEmbedder(oov="skip").average,
    "SIF.embed": _FITTED_SIF.embed,
}
# Pieces of text from which long inputs are repeated: letters, digits, spaces, punctuation,
# what belongs to the character before (a mark, a variation selector, a skin tone, a tag, a
# joiner, a soft hyphen), a zero-width space, half a flag, CJK and an emoji.
_PIECES = ["a", "7", " ", "!", "\u0301", "\ufe0f", "\U0001f3fd", "\U000e0067", "\u200d", "\u00ad",
           "\u200b", "\U0001f1eb", "\u4e2d", "\U0001f44d"]  # fmt: skip


@settings(max_examples=12, deadline=None)
@given(
    st.sampled_from(["", "a", "\U0001f44d", "\U0001f3f4"]),
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3).map("".join),
    st.sampled_from(sorted(_ENTRY_POINTS)),
)
@example("\U0001f44d", "\U0001f3fd", "tokenize")  # 👍 and 400,000 skin tones took 26 s
@example("", "e\u0301", "tokenize")  # 200,000 e + U+0301 took 7.4 s
@example("", "e\u0301", "SentenceEmbedder.average")
@example("a", "\u200d", "SIF.embed")
def test_public_functions_take_linear_work_in_the_length_of_their_input(
    prefix: str, unit: str, entry: str
) -> None:
    call = _ENTRY_POINTS[entry]
    _grows_linearly(lambda n: _quietly(lambda: call(prefix + unit * n)))


@pytest.fixture(scope="module")
def long_word_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastTextVectors]:
    from conftest import Model

    model = FastTextVectors(Model(minn=3, maxn=6).write(tmp_path_factory.mktemp("i25") / "m.bin"))
    yield model
    model.close()


_FRESH = iter(range(1 << 62))  # a new word each time: a model keeps the vectors it made
_LONG_INPUTS: Dict[str, Callable[[FastTextVectors, int], Callable[[], Any]]] = {
    "a fastText model's vector of a long word": lambda m, n: (
        lambda: m["\u00e9" * n + chr(0x4E00 + next(_FRESH) % 20000)]
    ),
    "FastTextVectors.subwords_of": lambda m, n: lambda: FastTextVectors.subwords_of("ab" * n),
    "load_vectors, a word of many spaces": lambda m, n: lambda: load_vectors([". " * n + "1 2"]),
    "load_vectors, a long line of numbers": lambda m, n: lambda: load_vectors(["w " + "1 " * n]),
    "load_counts, a word of many spaces": lambda m, n: lambda: load_counts([". " * n + "3"]),
    "cosine_similarity": lambda m, n: lambda: cosine_similarity([1.0] * n, [2.0] * n),
    "tokenize, many tokens": lambda m, n: lambda: tokenize("milk, " * n),
}


@pytest.mark.parametrize("entry", sorted(_LONG_INPUTS))
def test_other_public_functions_take_linear_work_in_the_length_of_their_input(
    long_word_model: FastTextVectors, entry: str
) -> None:
    """The law above, where it holds today: the meter sees linear work as linear."""
    make = _LONG_INPUTS[entry]
    _grows_linearly(lambda n: make(long_word_model, n))


@given(
    st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.lists(st.integers(-1000, 1000), min_size=2, max_size=3),
        min_size=1,
    ).filter(lambda vocab: len({len(v) for v in vocab.values()}) == 1),
    st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=6),
    st.integers(-1074, 1000),
)
@example({"a": [1, 1]}, ["a"], -1074)  # hypot rounds 2**-1074 * sqrt(2) to 1.5 * 2**-1073
@example({"a": [1, 0], "b": [0, 1]}, ["a", "b"], -1074)  # the mean rounds to [0, 0]
def test_normalised_results_do_not_depend_on_the_scale_of_the_vectors(
    vocab: Dict[str, List[int]], tokens: List[str], k: int
) -> None:
    """Integer vectors times 2**k are exact for every k here, so whatever normalises them
    gives the same floats as it gives for the integers, bit for bit."""
    scaled = {w: [math.ldexp(x, k) for x in v] for w, v in vocab.items()}
    normalising: List[Dict[str, Any]] = [{"pre_normalize": True}, {"post_normalize": True}]
    for options in normalising:
        one = SentenceEmbedder(vocab_embeddings=vocab, oov="skip", **options)
        other = SentenceEmbedder(vocab_embeddings=scaled, oov="skip", **options)
        try:
            want = one.average(tokens)
        except EmbeddingError:  # no token of the vocabulary
            continue
        assert other.average(tokens) == want
        weights = [1 + i % 3 for i in range(len(tokens))]
        assert other.weighted(tokens, weights) == one.weighted(tokens, weights)
