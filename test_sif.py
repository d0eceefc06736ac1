"""SIF and uSIF: against fse 1.0.0's golden values on the Lee fixture, the laws they
obey, what they refuse, load_counts, and the command line.  fixtures/make_lee.py made
the fixture and fixtures/make_golden.py the golden values (`make fixtures golden`)."""

from __future__ import annotations

import contextlib
import io
import json
import math
import pickle
import random
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import sentemb
from conftest import close, norm, run
from sentemb import SIF, USIF, EmbeddingError, load_counts, load_vectors

LEE = Path(__file__).parent / "fixtures" / "lee"


def lines(name: str) -> List[str]:
    return [line for line in (LEE / name).read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def lee() -> Dict[str, Any]:
    return {
        "vectors": load_vectors(LEE / "vectors.bin"),
        "counts": load_counts(LEE / "counts.txt"),
        "fit": lines("fit.txt"),
        "unseen": lines("unseen.txt"),
        "golden": json.loads((LEE / "golden.json").read_text(encoding="utf-8")),
    }


def pairs(model: Any, golden: Dict[str, Any], lee: Dict[str, Any]) -> List[Tuple[Any, Any]]:
    """(ours, fse's) for every 4th fit sentence and every unseen one."""
    every = lee["golden"]["every"]
    fitted = list(zip(model.embeddings[::every], golden["fit"]))
    return fitted + [(model.embed(s), theirs) for s, theirs in zip(lee["unseen"], golden["unseen"])]


# -- Against fse 1.0.0 ---------------------------------------------------------------------


def test_sif_matches_fse_on_the_lee_fixture(lee: Dict[str, Any]) -> None:
    golden = lee["golden"]["sif"]
    sif = SIF(lee["vectors"], lee["counts"]).fit(lee["fit"])
    assert sif.skipped == 0
    assert math.isclose(sif.singular_values[0], golden["singular_values"][0], rel_tol=2e-6)
    assert close(sif.components[0], golden["components"][0], abs_tol=2e-6)
    # fse computes in float32, and a SIF vector is its mean less most of itself: the
    # difference is measured against the norm of the mean, which float32 rounds.
    means = SIF(lee["vectors"], lee["counts"], components=0).fit(lee["fit"])
    mean_pairs = pairs(means, golden["means"], lee)
    for (ours, theirs), (mean, fse_mean) in zip(pairs(sif, golden, lee), mean_pairs):
        assert close(mean, fse_mean, abs_tol=2e-6 * norm(fse_mean))
        assert close(ours, theirs, abs_tol=2e-6 * norm(fse_mean))


def test_usif_matches_fse_on_the_lee_fixture(lee: Dict[str, Any]) -> None:
    golden = lee["golden"]["usif"]
    usif = USIF(lee["vectors"], lee["counts"]).fit(lee["fit"])
    assert usif.length == golden["length"] == 26  # the mean length, truncated, as fse does
    for ours, theirs in zip(usif.singular_values, golden["singular_values"]):
        assert math.isclose(ours, theirs, rel_tol=2e-6)
    for ours, theirs in pairs(usif, golden, lee):
        assert close(ours, theirs, abs_tol=2e-6 * norm(theirs))


# -- Laws ------------------------------------------------------------------------------------


@st.composite
def models(draw: Any) -> Tuple[Dict[str, List[float]], Dict[str, int], List[List[str]]]:
    """A vocabulary, counts of its words (and of words it lacks; one word is common
    enough for uSIF), and sentences over its words and unknown ones."""
    dimension = draw(st.integers(2, 5))
    words = draw(st.permutations(list("abcdefghij")))[: draw(st.integers(3, 10))]
    number = st.floats(1e-3, 10) | st.floats(-10, -1e-3)  # no filter: old Hypothesis minds
    vectors = {w: draw(st.lists(number, min_size=dimension, max_size=dimension)) for w in words}
    counted = words + draw(st.permutations(["x", "y", "z"]))[: draw(st.integers(0, 3))]
    counts = {w: draw(st.integers(0, 1000)) for w in counted}
    counts[words[0]] = draw(st.integers(20_000, 30_000))  # a word as common as "the"
    tokens = st.sampled_from([*words, "zz", "!"])
    sentences = draw(st.lists(st.lists(tokens, min_size=1, max_size=6), min_size=6, max_size=12))
    return vectors, counts, sentences


KINDS: List[Any] = [SIF, USIF]
# Each example fits a model or two: a law is seen soon enough.  A few are set aside by
# assume() (too few known sentences for the components).
LAW = settings(max_examples=60, suppress_health_check=[HealthCheck.filter_too_much])


def fitted(kind: Any, vectors: Any, counts: Any, sentences: Any, **options: Any) -> Any:
    try:
        return kind(vectors, counts, **options).fit(sentences)
    except EmbeddingError as error:  # too few known sentences, or no word frequent enough
        assume(False)
        raise AssertionError from error


@LAW
@given(models(), st.sampled_from([2, 7, 1000]), st.sampled_from(KINDS))
def test_scaling_every_count_by_a_constant_changes_nothing(
    model: Any, constant: int, kind: Any
) -> None:
    vectors, counts, sentences = model
    one = fitted(kind, vectors, counts, sentences, components=1)
    scaled = fitted(kind, vectors, {w: c * constant for w, c in counts.items()}, sentences,
                    components=1)  # fmt: skip
    assert [one.weight(w) for w in counts] == [scaled.weight(w) for w in counts]
    assert scaled.embeddings == one.embeddings


@LAW
@given(models(), st.sampled_from(KINDS))
def test_a_words_weight_falls_as_its_count_rises(model: Any, kind: Any) -> None:
    vectors, counts, sentences = model
    fit = fitted(kind, vectors, counts, sentences, components=1)
    by_count = sorted(counts, key=counts.__getitem__)
    for rarer, commoner in zip(by_count, by_count[1:]):
        if counts[rarer] < counts[commoner]:
            assert fit.weight(rarer) > fit.weight(commoner)
        else:
            assert fit.weight(rarer) == fit.weight(commoner)


@LAW
@given(models(), st.integers(1, 2))
@example(
    ({"a": [1.0, 0.0], "b": [0.0, 1.0], "c": [1.0, 1.0]}, {"a": 5, "b": 3, "c": 92},
     [["c", "a"], ["c", "b"], ["a", "b"], ["c", "b", "c"], ["a"], ["b"]]),
    1,
)  # fmt: skip
def test_sif_results_are_orthogonal_to_the_removed_components(model: Any, k: int) -> None:
    vectors, counts, sentences = model
    sif = fitted(SIF, vectors, counts, sentences, components=k)
    means = fitted(SIF, vectors, counts, sentences, components=0)
    for result, mean in zip(sif.embeddings, means.embeddings):
        if result is not None:
            for u in sif.components:
                assert abs(math.fsum(x * y for x, y in zip(result, u))) <= 1e-12 * norm(mean)


@LAW
@given(models())
def test_usif_scales_each_components_share_by_one_less_its_weight_squared(model: Any) -> None:
    vectors, counts, sentences = model
    usif = fitted(USIF, vectors, counts, sentences, components=2)
    means = fitted(USIF, vectors, counts, sentences, components=0, length=usif.length)
    energy = [s * s for s in usif.singular_values]
    for result, mean in zip(usif.embeddings, means.embeddings):
        if result is not None:
            for e, u in zip(energy, usif.components):
                kept = 1 - (e / math.fsum(energy)) ** 2
                before = math.fsum(x * y for x, y in zip(mean, u))
                after = math.fsum(x * y for x, y in zip(result, u))
                assert math.isclose(after, kept * before, rel_tol=1e-9, abs_tol=1e-12 * norm(mean))


@LAW
@given(models(), st.sampled_from(KINDS))
def test_embedding_a_fit_sentence_gives_what_fit_computed(model: Any, kind: Any) -> None:
    vectors, counts, sentences = model
    fit = fitted(kind, vectors, counts, sentences, components=1)
    for sentence, embedding in zip(sentences, fit.embeddings):
        if embedding is None:
            with pytest.raises(EmbeddingError, match="is out of vocabulary"):
                fit.embed(sentence)
        else:
            assert fit.embed(sentence) == embedding
    assert fit.skipped == fit.embeddings.count(None)


@LAW
@given(models(), st.sampled_from(KINDS), st.randoms(use_true_random=False))
def test_the_order_of_a_sentences_tokens_changes_nothing(
    model: Any, kind: Any, random: Any
) -> None:
    vectors, counts, sentences = model
    shuffled = [random.sample(tokens, len(tokens)) for tokens in sentences]
    fit = fitted(kind, vectors, counts, sentences, components=1)
    assert fitted(kind, vectors, counts, shuffled, components=1).embeddings == fit.embeddings
    for tokens, embedding in zip(shuffled, fit.embeddings):
        if embedding is not None:
            assert fit.embed(tokens) == embedding


@LAW
@given(models())
def test_components_are_orthonormal_singular_vectors_first_first(model: Any) -> None:
    vectors, counts, sentences = model
    fit = fitted(SIF, vectors, counts, sentences, components=2)
    values = fit.singular_values
    assert list(values) == sorted(values, reverse=True)
    for i, u in enumerate(fit.components):
        assert math.isclose(norm(u), 1.0, rel_tol=1e-12)
        assert max(u, key=abs) > 0
        for v in fit.components[i + 1 :]:
            assert abs(math.fsum(x * y for x, y in zip(u, v))) < 1e-10


# -- What is refused ---------------------------------------------------------------------------

VECTORS = {"milk": [1.0, 0.0], "tea": [0.0, 1.0], "the": [1.0, 1.0]}
COUNTS = {"milk": 5, "tea": 3, "the": 92}
SENTENCES = ["the milk", "the tea", "milk tea", "the tea the"]


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: SIF(VECTORS, COUNTS).embed("milk"), EmbeddingError,
         "SIF is not fitted: call fit(sentences) first"),
        (lambda: USIF(VECTORS, COUNTS, components=1).weight("milk"), EmbeddingError,
         "USIF's weights need the sentences' length: call fit first"),
        (lambda: SIF(VECTORS, COUNTS).fit(SENTENCES).embed("zz !"), EmbeddingError,
         "every token of 'zz !' is out of vocabulary"),
        (lambda: SIF(VECTORS, COUNTS).fit(["zz", "!"]), EmbeddingError,
         "fit needs 1 sentence with a known token, and has 0"),
        (lambda: SIF(VECTORS, COUNTS, components=2).fit(["milk", "zz"]), EmbeddingError,
         "fit needs 2 sentences with a known token, and has 1"),
        (lambda: SIF(VECTORS, COUNTS).fit([]), EmbeddingError, "fit needs at least one sentence"),
        (lambda: SIF(VECTORS, COUNTS).fit("the milk"), TypeError,
         "sentences must be a collection of sentences, not a string"),
        (lambda: SIF(VECTORS, COUNTS, components=3), EmbeddingError,
         "components must be at most the dimension, 2, not 3"),
        (lambda: SIF(VECTORS, COUNTS, a=0), EmbeddingError, "a must be more than 0, not 0"),
        (lambda: SIF(VECTORS, COUNTS, a=math.nan), EmbeddingError,
         "a is not a finite number: nan"),
        (lambda: SIF(VECTORS, {"milk": -1}), EmbeddingError,
         "the count of 'milk' is negative: -1"),
        (lambda: SIF(VECTORS, {"milk": "3"}), TypeError,
         "the count of 'milk' is not a number: '3'"),
        (lambda: SIF(VECTORS, {"milk": 0}), EmbeddingError,
         "the counts add up to 0: give how often each word occurs"),
        (lambda: SIF(VECTORS, [("milk", 3)]), TypeError,  # type: ignore[arg-type]
         "counts must map words to counts, not list"),
        (lambda: SIF(VECTORS, {3: 3}), TypeError,  # type: ignore[dict-item]
         "a counted word is a string, not 3"),
        (lambda: SIF(VECTORS, COUNTS).frequency(3), TypeError,  # type: ignore[arg-type]
         "a word is a string, not int"),
        (lambda: USIF(VECTORS, COUNTS, length=0, components=1), EmbeddingError,
         "length must be a whole number >= 1, not 0"),
        (lambda: USIF(VECTORS, {"milk": 1, "tea": 1, "the": 1}, components=1).fit(SENTENCES),
         EmbeddingError,
         "no word is frequent enough for uSIF: none has p(w) > 0.556, 1 - (1 - 1/V)**n for "
         "V = 3 words and n = 2 tokens (give the counts of a whole corpus, or a larger length)"),
    ],
)  # fmt: skip
def test_what_sif_and_usif_refuse(make: Any, error: Any, message: str) -> None:
    with pytest.raises(error) as raised:
        make()
    assert str(raised.value) == message


def test_a_model_before_fit_has_no_components_and_no_embeddings() -> None:
    for model in (SIF(VECTORS, COUNTS), USIF(VECTORS, COUNTS, components=1)):
        assert (model.components, model.singular_values, model.embeddings, model.skipped) == (
            (), (), [], 0,
        )  # fmt: skip
        assert repr(model) == f"{type(model).__name__}(2 dimensions, not fitted)"
    assert repr(SIF(VECTORS, COUNTS).fit(SENTENCES)) == "SIF(2 dimensions, 4 sentences)"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SIF(VECTORS, COUNTS, components=-1),
         "components must be a whole number >= 0, not -1"),
        (lambda: SIF(VECTORS, COUNTS, a=10**400),
         "a is too large for a float: " + "1" + "0" * 64 + "... (401 chars)"),
        (lambda: USIF({"a": [1.0]}, {"a": 1, "b": 1}, length=1, components=0).fit(["a"]),
         "no word is frequent enough for uSIF: none has p(w) > 0.5, 1 - (1 - 1/V)**n for V = 2 "
         "words and n = 1 tokens (give the counts of a whole corpus, or a larger length)"),
    ],
)  # fmt: skip
def test_what_sif_and_usif_refuse_at_the_edges(make: Any, message: str) -> None:
    with pytest.raises(EmbeddingError) as raised:
        make()
    assert str(raised.value) == message


def test_as_many_sentences_as_components_are_enough() -> None:
    # One sentence is its own component: nothing is left, to rounding (Lanczos starts from
    # the rows' sum plus a random vector, so its component is exact only to the last bit).
    (left,) = SIF(VECTORS, COUNTS, components=1).fit(["milk"]).embeddings
    assert close(left, [0.0, 0.0], abs_tol=1e-15)
    sif = SIF(VECTORS, COUNTS, components=0).fit(["milk"])  # nothing removed: the mean
    assert sif.embeddings == [[sif.weight("milk"), 0.0]]
    assert sif.components == ()


def test_a_words_weight_is_computed_once_a_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: List[str] = []
    weight = SIF.weight

    def counted(self: SIF, word: str) -> float:
        asked.append(word)
        return weight(self, word)

    monkeypatch.setattr(SIF, "weight", counted)
    sif = SIF(VECTORS, COUNTS).fit(["the milk", "the milk the", "milk"])
    assert sorted(asked) == ["milk", "the"]
    sif.embed("the tea")
    assert sorted(asked) == ["milk", "tea", "the"]
    sif.fit(["milk"])  # a new fit weighs again: uSIF's weights change with the sentences
    assert sorted(asked) == ["milk", "milk", "tea", "the"]


def test_usif_finds_the_length_of_one_token_sentences() -> None:
    usif = USIF(VECTORS, COUNTS, components=1).fit(["milk", "tea", "the", "zz"])
    assert usif.length == 1


def test_a_usif_mean_too_large_for_a_float_is_refused() -> None:
    # uSIF's weights reach 2 (SIF's stay at most 1: see issue 25's test below)
    usif = USIF({"big": [1e308, 1.0]}, {"big": 0, "the": 1}, length=1, components=0)
    assert usif.weight("big") == 2.0
    with pytest.raises(EmbeddingError) as raised:
        usif.fit(["big big"])
    assert str(raised.value) == "a weighted mean is too large for a float"


def test_the_weighted_vectors_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentemb, "_UNITS", 4)  # two vectors of two numbers
    sif = SIF(VECTORS, COUNTS).fit(SENTENCES)
    assert len(sif._weighted) <= 2
    assert sif.embeddings == SIF(VECTORS, COUNTS).fit(SENTENCES).embeddings


def test_a_given_length_is_kept_through_fit() -> None:
    usif = USIF(VECTORS, COUNTS, length=1, components=1).fit(SENTENCES)
    assert usif.length == 1
    assert usif.weight("milk") == USIF(VECTORS, COUNTS, length=1, components=1).weight("milk")


@pytest.mark.parametrize(
    ("rows", "k", "values"),
    [
        ([[1.0, 0.0], [-1.0, 0.0]], 1, [2**0.5]),  # the rows sum to 0: a random start
        ([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], 2, [0.0, 0.0]),  # nothing: every space invariant
        ([[3.0, 0.0, 0.0], [0.0, 0.0, 2.0], [0.0, 0.0, 2.0]], 3, [3.0, 8**0.5, 0.0]),
    ],
)
def test_singular_values_at_the_edges(rows: List[List[float]], k: int, values: List[float]) -> None:
    found, vectors = sentemb._top_singular(rows, k)
    assert found == pytest.approx(values, abs=1e-12)
    assert all(math.isclose(norm(v), 1.0) for v in vectors)


def test_jacobi_skips_what_is_zero_already() -> None:
    values, vectors = sentemb._eigen([[2.0, 0.0, 1.0], [0.0, 3.0, 0.0], [1.0, 0.0, 4.0]])
    assert values == pytest.approx([3 + 2**0.5, 3.0, 3 - 2**0.5])
    assert vectors[1] == pytest.approx([0.0, 1.0, 0.0], abs=1e-12)


def test_a_word_the_counts_lack_counts_0_and_case_does_not_matter() -> None:
    sif = SIF(VECTORS, {"Milk": 1, "tea": 3}, a=0.25)
    assert (sif.frequency("milk"), sif.frequency("the"), sif.weight("the")) == (0.25, 0.0, 1.0)


def test_token_lists_are_taken_as_given() -> None:
    sif = SIF(VECTORS, COUNTS).fit([["the", "milk"], ["the tea"], ["tea"], ["milk", "tea"]])
    assert sif.embeddings[1] is None  # "the tea" is one token, and unknown
    assert sif.skipped == 1
    assert sif.embed(["milk"]) == sif.embed("milk")


def test_a_fitted_model_pickles() -> None:
    for model in (SIF(VECTORS, COUNTS), USIF(VECTORS, COUNTS, components=1)):
        model.fit(SENTENCES)
        again = pickle.loads(pickle.dumps(model))
        assert again.embed("milk tea") == model.embed("milk tea")
        assert again.components == model.components
        assert repr(again) == f"{type(model).__name__}(2 dimensions, 4 sentences)"
    assert repr(SIF(VECTORS, COUNTS)) == "SIF(2 dimensions, not fitted)"


def test_refitting_a_usif_model_finds_its_length_again() -> None:
    usif = USIF(VECTORS, COUNTS, components=1).fit(SENTENCES)
    assert usif.length == 2
    usif.fit(["the milk tea the milk tea the", "milk tea the milk", "!"])  # 12 tokens over 3
    assert usif.length == 4
    assert usif.weight("milk") == USIF(VECTORS, COUNTS, length=4, components=1).weight("milk")
    usif.fit(["the milk tea the milk", "the tea"])
    assert usif.length == 3  # 7 tokens over 2 sentences: 3.5, truncated as fse does


# -- load_counts -----------------------------------------------------------------------------


def test_load_counts_reads_word2vec_and_gensim_vocabularies(tmp_path: Path) -> None:
    path = tmp_path / "vocab.txt"
    path.write_bytes(b"\xef\xbb\xbfthe 4135\r\n. . . 12\n\nmilk\t7\nthe 3\n")
    assert load_counts(path) == {"the": 4135, ". . .": 12, "milk": 7}
    assert load_counts(LEE / "counts.txt")["the"] == 4135


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"milk\n", "line 1: expected a word and its count, found 'milk'"),
        (b"milk 3\ntea x\n", "line 2: the count is not a whole number: 'tea x'"),
        (b"milk 3\ntea -2\n", "line 2: the count is not a whole number: 'tea -2'"),
        (b"milk 1.5\n", "line 1: the count is not a whole number: 'milk 1.5'"),
        (b"\n \n", ": no counts in it"),
        (b"caf\xe9 3\n", "line 1: cannot decode byte 0xe9 as utf-8 (errors='replace' or "
         "'ignore' reads it)"),
    ],
)  # fmt: skip
def test_load_counts_names_a_bad_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "counts.txt"
    path.write_bytes(content)
    with pytest.raises(EmbeddingError) as raised:
        load_counts(path)
    assert str(raised.value) == f"{path}{',' if message.startswith('line') else ''}" + (
        f" {message}" if message.startswith("line") else message
    )


def test_load_counts_options_and_compression(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "counts.txt.gz"
    path.write_bytes(gzip.compress("café 3\n".encode("cp1252")))
    assert load_counts(path, encoding="cp1252") == {"café": 3}
    assert load_counts(path, errors="replace") == {"caf\ufffd": 3}
    bad = tmp_path / "bad.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(EmbeddingError, match="not a readable gzip file"):
        load_counts(bad)
    with pytest.raises(EmbeddingError, match="cannot decode it as utf-16"):  # 7 bytes
        load_counts(path, encoding="utf-16")
    with pytest.raises(EmbeddingError, match="lines of text cannot be read as utf-16"):
        load_counts(["the 3"], encoding="utf-16")
    with pytest.raises(TypeError, match="source must be a path or lines of text, not bytes"):
        load_counts(b"milk 3")  # type: ignore[arg-type]


def test_counts_in_utf_16_name_their_line_and_take_errors(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_bytes("milk 5\ntea x\n".encode("utf-16"))
    with pytest.raises(EmbeddingError) as raised:
        load_counts(path, encoding="utf-16")
    assert str(raised.value) == f"{path}, line 2: the count is not a whole number: 'tea x'"
    lone = "milk 5\n".encode("utf-16") + b"\x00\xd8" + "x 3\n".encode("utf-16-le")
    path.write_bytes(lone)  # a surrogate alone before x
    assert load_counts(path, encoding="utf-16", errors="replace") == {"milk": 5, "\ufffdx": 3}
    with pytest.raises(EmbeddingError, match="cannot decode it as utf-16"):
        load_counts(path, encoding="utf-16")


# -- The command line --------------------------------------------------------------------------


def test_the_command_line_fits_sif_and_usif_on_the_corpus(tmp_path: Path) -> None:
    vectors, counts, corpus = tmp_path / "v.txt", tmp_path / "c.txt", tmp_path / "s.txt"
    vectors.write_text("".join(f"{w} {x} {y}\n" for w, (x, y) in VECTORS.items()))
    counts.write_text("".join(f"{w} {c}\n" for w, c in COUNTS.items()))
    corpus.write_text("\n".join([*SENTENCES, "zz !"]) + "\n")
    done = run("--vectors", str(vectors), "--counts", str(counts), "--method", "sif", "--json",
               "--input", str(corpus))  # fmt: skip
    assert done.returncode == 0, done.stderr
    documents = [json.loads(line) for line in done.stdout.splitlines()]
    want = SIF(VECTORS, COUNTS).fit([*SENTENCES, "zz !"]).embeddings
    assert [d["sif"] for d in documents] == want
    assert documents[-1]["error"] == {"sif": "every token of 'zz !' is out of vocabulary"}
    assert documents[-1]["line"] == len(SENTENCES) + 1
    done = run("--vectors", str(vectors), "--counts", str(counts), "--method", "usif", "-",
               stdin="the milk\nthe tea\n")  # fmt: skip
    assert done.returncode == 0, done.stderr  # 2 components, as many as the dimensions
    assert "usif" in done.stdout
    done = run("--vectors", str(vectors), "--counts", str(counts), "--method", "sif",
               "--input", str(corpus))  # fmt: skip
    assert done.stdout.splitlines()[:3] == ["sentence: the milk", f"sif  {want[0]}", ""]
    assert (
        done.stdout.splitlines()[-1]
        == "sif  does not apply: every token of 'zz !' is out of vocabulary"
    )
    corpus.write_text("the milk\n\u0301\n")  # a mark alone: no token
    done = run("--vectors", str(vectors), "--counts", str(counts), "--method", "sif",
               "--input", str(corpus))  # fmt: skip
    assert done.stdout.splitlines()[-1] == (
        "sif  does not apply: the sentence '\u0301' has no tokens"
    )
    done = run("--vectors", str(vectors), "--counts", str(counts), "--method", "sif",
               "--input", str(corpus), "--strict")  # fmt: skip
    assert done.stderr.splitlines()[-1] == (
        f"sentemb.py: error: {corpus}, line 2: the sentence '\u0301' has no tokens"
    )
    fitted = ["--vectors", str(vectors), "--counts", str(counts), "--method", "usif", "--input",
              str(corpus)]  # fmt: skip
    for args, message in [
        (["--method", "sif", "--input", str(corpus)],
         "--method sif goes with --vectors, --counts and -, --input or --rank"),
        (["--vectors", str(vectors), "--counts", str(counts), "milk"],
         "--counts goes with --method sif or usif"),
        (["--vectors", str(vectors), "--counts", str(counts), "--method", "sif", "--compare",
          "milk", "tea"], "(--compare A B: on those of - or --input, as two alone are always "
         "at +-1)\n"),
        ([*fitted, "--exact"],
         "--method usif computes in floats (square roots are not exact): --exact does not apply"),
        ([*fitted, "--oov", "skip"], "--method usif drops unknown tokens: --oov does not apply"),
        ([*fitted, "--weights", "1 2"],
         "--method usif takes its weights from --counts: --weights does not apply"),
    ]:  # fmt: skip
        done = run(*args)
        assert done.returncode == 2
        assert message in done.stderr


def test_the_command_line_fits_usif_and_writes_each_sentence_as_json(tmp_path: Path) -> None:
    vectors, counts = tmp_path / "v.txt", tmp_path / "c.txt"
    six = {w: [float(i == j) for j in range(6)] for i, w in enumerate(["milk", "tea", "the"])}
    six["café"] = [1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    vectors.write_text("".join(f"{w} {' '.join(map(str, v))}\n" for w, v in six.items()), "utf-8")
    counts.write_text("milk 5\ntea 3\nthe 92\ncafé 1\n", "utf-8")
    sentences = ["the café", "the tea", "zz", "milk tea the", "milk", "tea the", "café milk"]
    options = ["--vectors", str(vectors), "--counts", str(counts), "--method", "usif", "--json"]
    done = run(*options, "-", stdin="\n".join(sentences))
    assert done.returncode == 0, done.stderr
    want = USIF(six, load_counts(counts)).fit(sentences).embeddings
    lines = done.stdout.splitlines()
    unknown = {"usif": "every token of 'zz' is out of vocabulary"}
    assert [json.loads(line) for line in lines] == [
        {"line": n, "sentence": s, "usif": v, **({} if v else {"error": unknown})}
        for n, (s, v) in enumerate(zip(sentences, want), 1)
    ]
    assert '"the café"' in lines[0]  # as it is, where the output can show it
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    with contextlib.redirect_stdout(ascii_out):
        assert sentemb.main([*options, "--input", str(tmp_path / "s.txt")]) == 2  # no such file
        (tmp_path / "s.txt").write_text("\n".join(sentences), "utf-8")
        assert sentemb.main([*options, "--input", str(tmp_path / "s.txt")]) == 0
    ascii_out.seek(0)
    assert '"the caf\\u00e9"' in ascii_out.buffer.getvalue().decode("ascii")  # \u escapes
    done = run("--counts", str(counts), "--method", "sif", "-", stdin="milk\n")
    assert done.returncode == 2
    assert "--method sif goes with --vectors, --counts and -, --input or --rank" in done.stderr
    done = run("--vectors", str(vectors), "--counts", str(counts), "--method", "sif")
    assert (done.returncode, done.stdout) == (2, "")  # not the exercise's sentence
    assert done.stderr.splitlines()[-1].startswith(
        "sentemb.py: error: --method sif goes with --vectors, --counts and -, --input or --rank"
    )


def test_lanczos_checks_on_its_schedule_and_stops_long_before_the_dimension(
    lee: Dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The residual is first checked after k + 2 steps, then after max(2, m // 4) more
    (m the steps so far), or after every step once it is near (docs/sif.md)."""
    checked: List[int] = []
    ritz = sentemb._ritz

    def counted(basis: List[List[float]], *rest: Any) -> Any:
        checked.append(len(basis))
        return ritz(basis, *rest)

    monkeypatch.setattr(sentemb, "_ritz", counted)
    for kind, k in ((SIF, 1), (USIF, 5)):
        checked.clear()
        kind(lee["vectors"], lee["counts"]).fit(lee["fit"])
        assert checked[0] == k + 2
        assert checked[1] == checked[0] + max(2, checked[0] // 4)  # not near yet
        for m, after in zip(checked, checked[1:]):
            assert after - m in (1, max(2, m // 4))
        assert checked[-1] <= 4 * k + 4 < lee["vectors"].dimension  # 50
    assert checked[-1] - checked[-2] == 1  # uSIF's last steps are near: each is checked


@pytest.mark.parametrize("seed", range(5))
def test_jacobi_finds_every_eigenpair(seed: int) -> None:
    rng = random.Random(seed)
    m = 2 + seed
    a = [[rng.uniform(-1, 1) for _ in range(m)] for _ in range(m)]
    matrix = [[a[i][j] + a[j][i] for j in range(m)] for i in range(m)]
    values, vectors = sentemb._eigen(matrix)
    assert values == sorted(values, reverse=True)
    for value, v in zip(values, vectors):
        image = [math.fsum(matrix[i][j] * v[j] for j in range(m)) for i in range(m)]
        assert close(image, [value * x for x in v], abs_tol=1e-13)
        assert math.isclose(norm(v), 1.0, rel_tol=1e-14)


def test_counts_of_thirty_digits_are_read_and_a_word_that_is_not_utf8_is_named() -> None:
    assert load_counts(["milk " + "9" * 30]) == {"milk": 10**30 - 1}
    with pytest.raises(EmbeddingError) as raised:
        load_counts([b"milk 3", b"caf\xe9 2"])
    assert str(raised.value) == (
        "<lines>, line 2: cannot decode byte 0xe9 as utf-8 (errors='replace' or 'ignore' reads it)"
    )


# -- issue 25: counts of any type and size, refits that fail, a missed direction, vectors
#    of extreme size, and the command line's options with --method sif.  Each test states
#    the right behaviour and xfails (strict) until its fix lands; then its marker goes. -------

import numbers  # noqa: E402 - the block's own imports, kept with it
import re  # noqa: E402
from decimal import Decimal, localcontext  # noqa: E402
from fractions import Fraction  # noqa: E402


class _Int32:
    """numpy.int32 without numpy: an Integral that is not an int, whose sums wrap
    round at 2**31 as numpy's do, and whose division gives a float."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __add__(self, other: Any) -> _Int32:
        total = self.value + int(other)
        return _Int32((total + 2**31) % 2**32 - 2**31)

    __radd__ = __add__

    def __int__(self) -> int:
        return self.value

    __index__ = __int__

    def __float__(self) -> float:
        return float(self.value)

    def __truediv__(self, other: Any) -> float:
        return self.value / int(other)

    def __rtruediv__(self, other: Any) -> float:
        return int(other) / self.value

    def __bool__(self) -> bool:
        return bool(self.value)

    def __lt__(self, other: Any) -> bool:
        return bool(self.value < other)

    def __gt__(self, other: Any) -> bool:
        return bool(self.value > other)

    def __le__(self, other: Any) -> bool:
        return bool(self.value <= other)

    def __ge__(self, other: Any) -> bool:
        return bool(self.value >= other)

    def __eq__(self, other: object) -> bool:
        return self.value == other

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"int32({self.value})"

    @property
    def numerator(self) -> int:
        return self.value

    denominator = 1


numbers.Integral.register(_Int32)


def _exact_frequency(counts: Dict[str, Any], word: str) -> float:
    """p(w): the exact ratio of the word's count to the counts' total, rounded once."""
    total = sum(Fraction(c) for c in counts.values())  # Fraction() is exact for every type here
    return float(Fraction(counts[word]) / total)


@pytest.mark.parametrize(
    "counts",
    [
        {"a": 1e308, "b": 1e308, "c": 1e308},  # the float total is inf: p(w) was 0
        {"a": Decimal(1), "b": 1.0},  # a bare TypeError from sum
        {"a": Decimal(1), "b": Fraction(1, 2)},
        {"a": 10**400, "b": 0.5},  # OverflowError
        {"a": _Int32(2_000_000_000), "b": _Int32(2_000_000_000), "c": _Int32(5)},  # wraps round
        {"a": Decimal("9e999999"), "b": Decimal("9e999999")},  # decimal.Overflow
    ],
    ids=["floats-near-max", "decimal-float", "decimal-fraction", "huge-int-float", "int32",
         "decimal-near-emax"],
)  # fmt: skip
def test_counts_of_any_size_and_type_give_the_weights_of_their_exact_ratios(
    counts: Dict[str, Any],
) -> None:
    sif = SIF({"a": [1.0, 0.0]}, counts)
    for word in counts:
        p = _exact_frequency(counts, word)
        assert sif.frequency(word) == p
        assert sif.weight(word) == sif.a / (sif.a + p)


def test_decimal_counts_do_not_depend_on_the_callers_decimal_context() -> None:
    counts = {"a": Decimal(1001), "b": Decimal(1)}
    with localcontext() as context:
        context.prec = 3  # the caller's business, not the weights'
        sif = SIF({"a": [1.0, 0.0]}, counts)
        weight = sif.weight("a")
    assert weight == sif.a / (sif.a + _exact_frequency(counts, "a"))


@st.composite
def _counts_and_a_large_power_of_two(draw: Any) -> Tuple[Dict[str, int], int]:
    """Counts, and k such that 2**k times each is still a finite float."""
    counts = draw(st.dictionaries(st.sampled_from(list("abcdefgh")), st.integers(0, 30_000),
                                  min_size=2))  # fmt: skip
    assume(any(counts.values()))
    k = draw(st.integers(900, 1024 - max(counts.values()).bit_length()))
    return counts, k


@settings(max_examples=60, deadline=None)
@given(_counts_and_a_large_power_of_two())
@example(({"a": 1, "b": 1, "c": 1}, 1023))  # each 2**1023: their float total is inf
def test_scaling_float_counts_by_a_power_of_two_changes_no_weight(
    case: Tuple[Dict[str, int], int],
) -> None:
    counts, k = case
    scaled = {w: math.ldexp(c, k) for w, c in counts.items()}  # exact: c fits in 53 bits
    one, other = SIF({"a": [1.0, 0.0]}, counts), SIF({"a": [1.0, 0.0]}, scaled)
    assert [other.weight(w) for w in counts] == [one.weight(w) for w in counts]


# A uSIF model over six words whose weights depend on the length of the fit sentences:
# for n = 2 tokens only "the" is frequent (alpha = 1/6), for n = 1 "milk" is too, and for
# n = 12 none is (uSIF's documented error).
_REFIT_VECTORS = {
    "the": [1.0, 1.0, 1.0, 0.5, 0.2],
    "milk": [1.0, 0.0, 0.3, -0.2, 0.1],
    "tea": [0.0, 1.0, -0.4, 0.1, 0.6],
    "cake": [0.2, -0.5, 1.0, 0.3, -0.1],
    "jam": [-0.3, 0.4, 0.2, 1.0, 0.5],
    "bun": [0.6, 0.1, -0.2, -0.7, 1.0],
}
_REFIT_COUNTS = {"the": 50, "milk": 25, "tea": 12, "cake": 8, "jam": 3, "bun": 2}
_REFIT_SENTENCES = ["the milk", "the tea", "milk cake", "jam bun", "tea jam", "the bun", "cake tea"]


def _state(model: Any) -> Tuple[Any, ...]:
    """What a user can see of a fitted model."""
    return (
        getattr(model, "length", None),
        [model.weight(w) for w in _REFIT_COUNTS],
        model.components,
        model.singular_values,
        model.embeddings,
        model.skipped,
        [model.embed(s) for s in ["milk tea", "the jam", "bun"]],
    )


@pytest.mark.parametrize(
    ("refit", "message"),
    [
        (["zzz"], "fit needs 5 sentences with a known token, and has 0"),
        (["the milk tea cake the milk tea cake the milk tea cake"],
         "no word is frequent enough for uSIF"),
    ],
)  # fmt: skip
def test_a_refit_that_fails_leaves_the_model_as_it_was(refit: List[str], message: str) -> None:
    usif = USIF(_REFIT_VECTORS, _REFIT_COUNTS).fit(_REFIT_SENTENCES)
    before = _state(usif)
    with pytest.raises(EmbeddingError, match=message):
        usif.fit(refit)
    assert _state(usif) == before


def test_the_top_component_is_found_when_the_rows_sum_is_orthogonal_to_it() -> None:
    # "up" and "down" cancel in the rows' sum, which lies in the other three directions.
    vectors = {
        "up": [1.0, 0.0, 0.0, 0.0],
        "down": [-1.0, 0.0, 0.0, 0.0],
        "p": [0.0, 1e-3, 0.0, 0.0],
        "q": [0.0, 0.0, 2e-3, 0.0],
        "r": [0.0, 0.0, 0.0, 3e-3],
    }
    sif = SIF(vectors, dict.fromkeys(vectors, 10)).fit(list(vectors))
    w = sif.weight("up")  # every word weighs the same: the rows are w times the vectors
    assert sif.singular_values[0] == pytest.approx(w * math.sqrt(2), rel=1e-12)
    assert sif.components[0] == pytest.approx((1.0, 0.0, 0.0, 0.0), abs=1e-12)
    assert max(map(abs, sif.embed("up"))) <= 1e-12 * w  # the shared direction is removed


def _cli_files(
    tmp_path: Path, vectors: Dict[str, List[float]], counts: bytes, corpus: str
) -> Tuple[str, str, str]:
    """The --vectors, --counts and --input files of a run of --method sif or usif."""
    paths = tmp_path / "v.txt", tmp_path / "c.txt", tmp_path / "s.txt"
    paths[0].write_text("".join(f"{w} {' '.join(map(repr, v))}\n" for w, v in vectors.items()))
    paths[1].write_bytes(counts)
    paths[2].write_text(corpus, encoding="utf-8")
    return str(paths[0]), str(paths[1]), str(paths[2])


_COUNTS_FILE = "".join(f"{w} {c}\n" for w, c in COUNTS.items()).encode()


def test_case_sensitive_applies_to_sif(tmp_path: Path) -> None:
    corpus = ["the milk", "The Milk", "milk tea", "the tea the"]
    v, c, s = _cli_files(tmp_path, VECTORS, _COUNTS_FILE, "\n".join(corpus) + "\n")
    done = run("--vectors", v, "--counts", c, "--method", "sif", "--json", "--case-sensitive",
               "--input", s)  # fmt: skip
    assert done.returncode == 0, done.stderr
    documents = [json.loads(line) for line in done.stdout.splitlines()]
    assert documents[1] == {
        "line": 2, "sentence": "The Milk", "sif": None,
        "error": {"sif": "every token of 'The Milk' is out of vocabulary"},
    }  # fmt: skip
    want = SIF(VECTORS, COUNTS).fit(["the milk", "zz", "milk tea", "the tea the"]).embeddings
    assert [d["sif"] for d in documents] == want


def _all_zero_model() -> Any:
    vectors = {"a": [0.0, 0.0], "b": [0.0, 0.0], "c": [1.0, 1.0]}
    return USIF(vectors, {"a": 90, "b": 5, "c": 5}, components=1)


def test_usif_of_sentences_whose_vectors_are_all_zero_is_zero_as_sifs_is() -> None:
    # Nothing to remove: each component's share is 0 (SIF gives the zero vectors too).
    usif = _all_zero_model().fit(["a b", "a", "b a"])
    assert usif.singular_values == (0.0,)
    assert usif.embeddings == [[0.0, 0.0]] * 3
    assert usif.embed("b") == [0.0, 0.0]
    vectors = {"a": [0.0, 0.0], "b": [0.0, 0.0], "c": [1.0, 1.0]}
    none = USIF(vectors, {"a": 90, "b": 5, "c": 5}, components=0, length=usif.length)
    assert usif.embed("c") == none.fit(["a b", "a", "b a"]).embed("c")  # whatever its component


@pytest.mark.parametrize("words", [3, 5, 7, 10])
def test_equal_counts_at_the_threshold_are_not_frequent_enough_for_usif(words: int) -> None:
    # p(w) = 1/V = 1 - (1 - 1/V)**1 exactly: no word is *more* frequent than that, so
    # alpha = 0, uSIF's documented error (not alpha = 1, A = 0 and every weight 0).
    vectors = {f"w{i}": [float(i + 1), 1.0] for i in range(words)}
    with pytest.raises(EmbeddingError, match="no word is frequent enough for uSIF"):
        USIF(vectors, dict.fromkeys(vectors, 1), length=1, components=1)


# -- issue 25 item 8: the scale-invariance law -------------------------------------------------


@st.composite
def _scalable_models(draw: Any) -> Tuple[Dict[str, List[float]], Dict[str, int], List[List[str]]]:
    """Vectors with entries of 1e-3 to 10 in size, counts (one word as common as "the"),
    and sentences over the words and unknown tokens."""
    dimension = draw(st.integers(2, 5))
    words = draw(st.permutations(list("abcdefghij")))[: draw(st.integers(3, 10))]
    entry = st.floats(1e-3, 10) | st.floats(-10, -1e-3)
    vectors = {w: draw(st.lists(entry, min_size=dimension, max_size=dimension)) for w in words}
    counts = {w: draw(st.integers(0, 1000)) for w in words}
    counts[words[0]] = draw(st.integers(20_000, 30_000))
    tokens = st.sampled_from([*words, "zz"])
    sentences = draw(st.lists(st.lists(tokens, min_size=1, max_size=6), min_size=6, max_size=12))
    return vectors, counts, sentences


def _gaussian_model() -> Tuple[Dict[str, List[float]], Dict[str, int], List[List[str]]]:
    """Twelve random words in 6 dimensions, fixed: well separated singular values."""
    rng = random.Random(25)
    words = [f"w{i}" for i in range(12)]
    vectors = {w: [rng.gauss(0, 1) for _ in range(6)] for w in words}
    counts = {w: rng.randint(1, 100) for w in words}
    counts["w0"] = 5000
    return vectors, counts, [rng.sample(words, 4) for _ in range(30)]


_GAUSSIAN = _gaussian_model()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(_scalable_models(), st.integers(-900, 900).map(lambda k: 2.0**k), st.sampled_from(KINDS))
# x 1e-100: 15% of the norm from numpy's SVD, the convergence test underflowing.
@example(_GAUSSIAN, 1e-100, SIF)
@example(_GAUSSIAN, 1e-100, USIF)
@example(_GAUSSIAN, 1e-200, USIF)  # ZeroDivisionError: the squares of the singular values underflow
@example(_GAUSSIAN, 1e100, SIF)  # OverflowError
@example(_GAUSSIAN, 1e160, SIF)  # NaN everywhere
@example(_GAUSSIAN, 1e160, USIF)
def test_scaling_the_vectors_scales_sif_and_usif_and_nothing_else(
    model: Any, scale: float, kind: Any
) -> None:
    """For any finite vectors and any scale, the results are the same up to the scale:
    bit for bit when the scale is a power of two (every step then scales exactly), and
    within 1e-9 of the mean's norm otherwise; never an inf, a NaN or an error."""
    vectors, counts, sentences = model
    try:
        one = kind(vectors, counts).fit(sentences) if kind is SIF else kind(
            vectors, counts, components=2).fit(sentences)  # fmt: skip
        means = kind(vectors, counts, components=0).fit(sentences)
    except EmbeddingError:
        assume(False)  # too few known sentences, or no word frequent enough
        raise
    scaled_vectors = {w: [x * scale for x in v] for w, v in vectors.items()}
    scaled = kind(scaled_vectors, counts, components=len(one.components)).fit(sentences)
    exactly = math.frexp(scale)[0] == 0.5  # a power of two
    for got, want, mean in zip(scaled.embeddings, one.embeddings, means.embeddings):
        if want is None:
            assert got is None
            continue
        assert all(map(math.isfinite, got))
        if exactly:
            assert got == [x * scale for x in want]
        else:
            assert close([x / scale for x in got], want, abs_tol=1e-9 * norm(mean))
    for got_value, want_value in zip(scaled.singular_values, one.singular_values):
        assert math.isclose(got_value / scale, want_value, rel_tol=0 if exactly else 1e-9)


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


@pytest.mark.parametrize("scale", [1e100, 1e160])
def test_the_command_line_fits_vectors_of_extreme_size(tmp_path: Path, scale: float) -> None:
    scaled = {w: [x * scale for x in v] for w, v in VECTORS.items()}
    v, c, s = _cli_files(tmp_path, scaled, _COUNTS_FILE, "\n".join(SENTENCES) + "\n")
    done = run("--vectors", v, "--counts", c, "--method", "sif", "--json", "--input", s)
    assert done.returncode == 0, done.stderr
    documents = [json.loads(line, parse_constant=_no_constant) for line in done.stdout.splitlines()]
    want = SIF(VECTORS, COUNTS).fit(SENTENCES).embeddings
    means = SIF(VECTORS, COUNTS, components=0).fit(SENTENCES).embeddings
    for document, vector, mean in zip(documents, want, means):
        assert close([x / scale for x in document["sif"]], vector, abs_tol=1e-9 * norm(mean))


@pytest.mark.parametrize(
    "option", [["--exact"], ["--oov", "error"], ["--weights", "1 2"]], ids=lambda o: o[0]
)
def test_options_that_sif_cannot_apply_are_refused(tmp_path: Path, option: List[str]) -> None:
    v, c, s = _cli_files(tmp_path, VECTORS, _COUNTS_FILE, "\n".join(SENTENCES) + "\n")
    done = run("--vectors", v, "--counts", c, "--method", "sif", *option, "--input", s)
    assert done.returncode == 2
    last = done.stderr.splitlines()[-1]
    assert last.startswith("sentemb.py: error: ")
    assert option[0] in last
    assert "--method sif" in last


def test_errors_replace_reaches_the_counts_file(tmp_path: Path) -> None:
    v, c, s = _cli_files(tmp_path, VECTORS, _COUNTS_FILE + b"caf\xe9 7\n",
                         "\n".join(SENTENCES) + "\n")  # fmt: skip
    done = run("--vectors", v, "--counts", c, "--errors", "replace", "--method", "sif", "--json",
               "--input", s)  # fmt: skip
    assert done.returncode == 0, done.stderr
    want = SIF(VECTORS, {**COUNTS, "caf\ufffd": 7}).fit(SENTENCES).embeddings
    assert [json.loads(line)["sif"] for line in done.stdout.splitlines()] == want


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_load_counts_reads_any_encoding_as_load_vectors_does(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "counts.txt"
    path.write_bytes("the 4135\ncafé 12\n".encode(encoding))
    assert load_counts(path, encoding=encoding) == {"the": 4135, "café": 12}


@pytest.mark.parametrize("digits", [31, 100, 4300])
def test_a_count_of_many_digits_is_a_whole_number(digits: int) -> None:
    count = int("9" * digits)
    assert load_counts([f"the {count}", "milk 3"]) == {"the": count, "milk": 3}


def test_a_count_too_long_to_read_says_so() -> None:
    with pytest.raises(EmbeddingError) as raised:
        load_counts(["the " + "9" * 5000])
    message = str(raised.value)
    assert message.startswith("<lines>, line 1: ")
    assert "not a whole number" not in message  # it is one
    assert "digits" in message


def test_usif_on_the_command_line_takes_at_most_as_many_components_as_dimensions(
    tmp_path: Path,
) -> None:
    # The command line cannot set the number of components: it takes uSIF's 5, or the
    # dimension when there are fewer (a toy file of 2 dimensions works).
    v, c, s = _cli_files(tmp_path, VECTORS, _COUNTS_FILE, "\n".join(SENTENCES) + "\n")
    done = run("--vectors", v, "--counts", c, "--method", "usif", "--json", "--input", s)
    assert done.returncode == 0, done.stderr
    want = USIF(VECTORS, COUNTS, components=2).fit(SENTENCES).embeddings
    assert [json.loads(line)["usif"] for line in done.stdout.splitlines()] == want


def test_a_sif_mean_is_finite_when_its_sum_is_not() -> None:
    # SIF's weights are at most 1, so the mean of weighted finite vectors is finite; only
    # the sum of two of them overflows on the way.
    sif = SIF({"big": [1e308, 1.0], "the": [1.0, 1.0]}, {"big": 0, "the": 1}, components=0)
    assert sif.fit(["big big", "the"]).embeddings[0] == [1e308, 1.0]


_BROKEN_LINES = [
    b"milk 3\rtea 4\r",  # a classic Mac file: CR alone ends each line
    b"milk 3\x0ctea 4\n",
    b"milk 3\x0btea 4\n",
]


@pytest.mark.parametrize("content", _BROKEN_LINES)
def test_load_counts_never_reads_two_lines_as_one_word(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "counts.txt"
    path.write_bytes(content)
    for source in (path, [content.decode()]):
        try:
            outcome: Any = load_counts(source)
        except EmbeddingError as error:
            outcome = str(error)
        refused = isinstance(outcome, str) and re.search(r", line 1: ", outcome)
        assert refused or outcome == {"milk": 3, "tea": 4}, outcome  # refused, naming the line


def test_a_usif_length_of_any_size_gives_the_documented_error() -> None:
    # 1 - (1 - 1/V)**n is 1 for such an n: no word is more frequent than that.
    with pytest.raises(EmbeddingError, match="no word is frequent enough for uSIF"):
        USIF(VECTORS, COUNTS, length=10**400, components=1)


def test_a_positive_a_too_small_for_a_float_is_not_called_zero() -> None:
    a: Any = Decimal("1e-400")
    try:
        outcome: Any = SIF(VECTORS, COUNTS, a=a).weight("milk")
    except EmbeddingError as error:
        outcome = str(error)
    # Either SIF's weight a / (a + p(w)) of the numbers given, rounded once, or an error
    # that says what is wrong with a: not that it must be more than 0, which it is.
    exact = Fraction(a) / (Fraction(a) + Fraction(5, 100))
    assert outcome == float(exact) or "more than 0" not in outcome, outcome


def test_one_counted_word_is_never_more_frequent_than_the_threshold() -> None:
    # V = 1: p = 1 and 1 - (1 - 1/V)**n = 1, so alpha = 0, the documented error.
    with pytest.raises(EmbeddingError, match="no word is frequent enough for uSIF"):
        USIF({"milk": [1.0]}, {"milk": 5}, length=1, components=0)


# -- uSIF's threshold, decided exactly ---------------------------------------------------------


@given(
    words=st.integers(2, 40),
    length=st.integers(1, 6),
    total=st.integers(2, 10**12),
    share=st.fractions(0, 1),
)
@example(words=4, length=3, total=64 * 10**10, share=Fraction(37, 64))  # p = t = 37/64
@example(words=4, length=3, total=64 * 10**10, share=Fraction(37, 64) + Fraction(1, 64 * 10**10))
@example(words=4, length=3, total=64 * 10**10, share=Fraction(37, 64) - Fraction(1, 64 * 10**10))
@example(words=3, length=1, total=3, share=Fraction(1, 3))  # in floats p is above t
def test_a_word_is_more_frequent_than_the_threshold_exactly_when_it_is(
    words: int, length: int, total: int, share: Fraction
) -> None:
    # p(w) = count / total > 1 - (1 - 1/V)**n, as whole numbers decide it, even where
    # p and t round to the same float or to the wrong side of each other.
    count = int(share * total)
    usif = USIF({"a": [1.0, 0.0], "b": [0.0, 1.0]}, {"a": 1, "b": total - 1}, components=1)
    threshold = 1 - (1 - Fraction(1, words)) ** length
    assert usif._more_frequent(words, length)(count) == (Fraction(count, total) > threshold)
