"""fastText models (.bin): the hash and the n-grams, vectors for unknown words, both
formats, what is refused, reading lazily, and the embedder on a model.  Each test
writes its own small model with known rows (conftest.Model); `make bench` checks the
vectors against gensim on the models its wheel ships."""

from __future__ import annotations

import gc
import gzip
import math
import os
import pickle
import struct
import threading
import tracemalloc
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import sentemb
from conftest import Model, close, reference_hash, reference_ngrams, run
from sentemb import EmbeddingError, FastTextVectors, SentenceEmbedder, load_vectors

# -- The hash and the n-grams --------------------------------------------------------------


@pytest.mark.parametrize(
    ("ngram", "value"),
    [
        (b"", 2166136261),  # FNV-1a's published values, where no byte reaches 0x80
        (b"a", 3826002220),
        (b"foobar", 3214735720),
        ("é".encode(), 1023043777),  # fastText's variant, as gensim's ft_hash_bytes gives it
        ("<café>".encode(), 3312017187),
        ("😀".encode(), 604031496),
        (b"\x80", 83079839),
        (b"\xff", 4193493326),
    ],
)
def test_the_hash_is_fasttexts(ngram: bytes, value: int) -> None:
    assert sentemb._fnv1a(ngram) == value == reference_hash(ngram)


@given(st.binary(max_size=40))
def test_the_hash_is_fnv1a_over_sign_extended_bytes(ngram: bytes) -> None:
    assert sentemb._fnv1a(ngram) == reference_hash(ngram)


@given(st.text(max_size=12), st.integers(0, 7), st.integers(0, 7))
@example("", 1, 6)
@example("e\u0301", 1, 3)  # a combining mark is a character of its own
@example("👨\u200d👩", 2, 3)
@example("\ud800", 1, 2)  # a lone surrogate still has n-grams
def test_the_ngrams_are_taken_by_characters(word: str, minn: int, maxn: int) -> None:
    assert FastTextVectors.subwords_of(word, minn, maxn) == reference_ngrams(word, minn, maxn)


def test_the_ngrams_of_a_word() -> None:
    assert FastTextVectors.subwords_of("milk", 3, 4) == [
        "<mi", "<mil", "mil", "milk", "ilk", "ilk>", "lk>",
    ]  # fmt: skip
    assert FastTextVectors.subwords_of("", 1, 6) == ["<>"]
    assert FastTextVectors.subwords_of("milk", 0, 0) == []


# -- Vectors: vocabulary words and unknown words, in both formats --------------------------


@pytest.mark.parametrize("new", [True, False])
def test_a_model_gives_every_word_its_vector(tmp_path: Path, new: bool) -> None:
    model = Model()
    with load_vectors(model.write(tmp_path / "m.bin", new=new)) as vectors:
        assert isinstance(vectors, FastTextVectors)
        assert (len(vectors), list(vectors), vectors.dimension) == (
            3,
            ["milk", "chocolate", "the"],
            2,
        )
        for word in ["milk", "chocolate", "the", "tea", "zzyzx", "é", "😀", "e\u0301", "!"]:
            want = model.vector(word)
            assert want is not None
            assert word in vectors
            assert close(vectors[word], want, rel_tol=1e-6), word
        assert vectors["milk"] != model.row(0)  # a vocabulary word's n-grams count too
        assert "" not in vectors  # "<>" is shorter than minn
        with pytest.raises(KeyError):
            vectors[""]
        assert 3 not in vectors  # type: ignore[comparison-overlap]


def test_the_vocabulary_alone(tmp_path: Path) -> None:
    model = Model()
    path = model.write(tmp_path / "m.bin")
    with load_vectors(path, subwords=False) as vectors:
        assert "tea" not in vectors
        assert close(vectors["milk"], model.vector("milk") or [], rel_tol=1e-6)
        assert "no subwords" in repr(vectors)
        with pytest.raises(KeyError):
            vectors["tea"]


def test_a_model_without_buckets_or_ngrams_has_its_vocabulary_alone(tmp_path: Path) -> None:
    for model in (Model(bucket=0), Model(minn=0, maxn=0)):
        with load_vectors(model.write(tmp_path / "m.bin")) as vectors:
            assert vectors["milk"] == model.row(0)
            assert "tea" not in vectors


def test_limit_words_and_encoding_choose_the_vocabulary(tmp_path: Path) -> None:
    model = Model(words=("milk", "Čaj", "the"))
    path = model.write(tmp_path / "m.bin", encoding="cp852")
    with load_vectors(path, encoding="cp852", limit=2) as vectors:
        assert list(vectors) == ["milk", "Čaj"]
        assert "the" in vectors  # by its n-grams: the row of its own is not kept
        assert close(vectors["the"], model.vector("the", known=False) or [], rel_tol=1e-6)
    with load_vectors(path, encoding="cp852", words=["čaj"]) as vectors:
        assert list(vectors) == ["Čaj"]
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == (
        f"{path}, word 2: cannot decode byte 0xac as utf-8 (errors='replace' or 'ignore' reads it)"
    )
    with load_vectors(path, errors="replace") as vectors:
        assert list(vectors) == ["milk", "\ufffdaj", "the"]


def test_a_row_that_is_not_finite_is_named_with_the_word(tmp_path: Path) -> None:
    path = Model(rows={0: [math.inf, 1.0]}).write(tmp_path / "m.bin")
    with load_vectors(path) as vectors:
        assert vectors["the"]
        with pytest.raises(EmbeddingError) as raised:
            vectors["milk"]
    assert str(raised.value) == (
        f"{path}: the vector of 'milk' is not finite: a row of the model holds an inf or a nan"
    )


# -- What is refused ---------------------------------------------------------------------------


def test_a_supervised_model_is_refused(tmp_path: Path) -> None:
    for path in (
        Model().write(tmp_path / "labels.bin", labels=2),
        Model().write(tmp_path / "supervised.bin", model=3),
    ):
        with pytest.raises(EmbeddingError) as raised:
            load_vectors(path)
        labels = ", with 2 labels" if path.name == "labels.bin" else ""
        assert str(raised.value) == (
            f"{path}: a supervised fastText model (a classifier{labels}): "
            "only models of word vectors are read"
        )


def test_a_quantized_model_is_refused(tmp_path: Path) -> None:
    path = Model().write(tmp_path / "m.ftz", quantized=True)
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == (
        f"{path}: a quantized fastText model (.ftz): its vectors are compressed; "
        "load the .bin it was made from"
    )


def test_a_matrix_of_another_shape_is_refused(tmp_path: Path) -> None:
    path = Model().write(tmp_path / "m.bin", shape=(14, 3))
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == (
        f"{path}: the fastText model's matrix is 14 x 3; the header says 14 x 2 "
        "(3 words and 11 n-gram rows)"
    )


def test_arguments_no_model_has_are_refused(tmp_path: Path) -> None:
    path = Model(words=(), bucket=-1).write(tmp_path / "m.bin")
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == (
        f"{path}: not a fastText model of word vectors (dimension 2, bucket -1, n-grams of 3 to "
        "4, 0 words of 0)"
    )


@pytest.mark.parametrize("new", [True, False])
def test_a_model_cut_anywhere_is_refused_and_says_where(tmp_path: Path, new: bool) -> None:
    whole = Model().write(tmp_path / "whole.bin", new=new).read_bytes()
    path = tmp_path / "cut.bin"
    for end in range(56, len(whole)):
        path.write_bytes(whole[:end])
        with pytest.raises(EmbeddingError, match="fastText"):
            load_vectors(path)
    path.write_bytes(whole + b"\0")
    with pytest.raises(EmbeddingError, match="the fastText model has 1 bytes more: its output"):
        load_vectors(path)


def test_the_places_a_cut_model_names(tmp_path: Path) -> None:
    whole = Model().write(tmp_path / "whole.bin").read_bytes()
    path = tmp_path / "cut.bin"
    cases = {
        60: "the fastText model ends inside its header",
        95: "word 1 of 3: the file ends in the fastText dictionary",
        len(whole) - 150: "the fastText model is cut short: it has",
        len(whole) - 1: "the fastText model is cut short: its output matrix ends at byte",
    }
    for end, message in cases.items():
        path.write_bytes(whole[:end])
        with pytest.raises(EmbeddingError) as raised:
            load_vectors(path)
        assert message in str(raised.value), end


def test_each_place_a_cut_model_names_exactly(tmp_path: Path) -> None:
    # 92 bytes of header, then the words' 46 (to 138), the quantized flag, the matrix's
    # shape (139 to 155), its 14 x 2 float32s (to 267), the output's flag, shape and rows.
    whole = Model().write(tmp_path / "whole.bin").read_bytes()
    assert len(whole) == 308
    path = tmp_path / "cut.bin"
    cases = {
        138: "the fastText model ends inside the matrix",
        150: "the fastText model ends inside the matrix",
        155: "the fastText model is cut short: it has 155 bytes, its input matrix ends at byte "
        "267, and the output matrix follows",
        283: "the fastText model is cut short: it has 283 bytes, its input matrix ends at byte "
        "267, and the output matrix follows",
        284: "the fastText model is cut short: its output matrix ends at byte 308, the file at 284",
    }
    for end, message in cases.items():
        path.write_bytes(whole[:end])
        with pytest.raises(EmbeddingError) as raised:
            load_vectors(path)
        assert str(raised.value) == f"{path}: {message}", end


def patched(data: bytes, offset: int, form: str, *values: float) -> bytes:
    """A model's bytes with the fields at ``offset`` written anew."""
    return data[:offset] + struct.pack(form, *values) + data[offset + struct.calcsize(form) :]


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ((8, "<i", 0), "dimension 0, bucket 11, n-grams of 3 to 4, 3 words of 3"),
        ((44, "<i", -1), "dimension 2, bucket 11, n-grams of -1 to 4, 3 words of 3"),
        ((48, "<i", -1), "dimension 2, bucket 11, n-grams of 3 to -1, 3 words of 3"),
        ((64, "<i", 4), "dimension 2, bucket 11, n-grams of 3 to 4, 3 words of 4"),
        ((64, "<2i", -1, -1), "dimension 2, bucket 11, n-grams of 3 to 4, -1 words of -1"),
    ],
)
def test_each_argument_no_model_of_word_vectors_has_is_refused(
    tmp_path: Path, change: Any, what: str
) -> None:
    path = tmp_path / "m.bin"
    path.write_bytes(patched(Model().data(), *change))
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == f"{path}: not a fastText model of word vectors ({what})"


def test_a_matrix_of_a_negative_shape_is_named_as_the_header_gives_it(tmp_path: Path) -> None:
    path = Model().write(tmp_path / "m.bin", shape=(-1, 2))
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert "the fastText model's matrix is -1 x 2; the header says 14 x 2" in str(raised.value)


def test_models_at_the_edges_open(tmp_path: Path) -> None:
    one = Model(dim=1, rows={r: [r + 1.0] for r in range(14)})
    with load_vectors(one.write(tmp_path / "one.bin")) as vectors:  # a dimension of 1
        assert vectors.dimension == 1
        assert close(vectors["milk"], one.vector("milk") or [], rel_tol=1e-6)
    none = Model(words=())  # n-grams alone: every word is unknown
    with load_vectors(none.write(tmp_path / "none.bin")) as vectors:
        assert (len(vectors), "milk" in vectors) == (0, True)
        assert close(vectors["milk"], none.vector("milk") or [], rel_tol=1e-6)
    # A model with pruned n-grams (as quantized models have) says where its matrix is.
    data = patched(Model().data(), 84, "<q", 1)  # one pair of pruned ids, before the matrix
    data = data[:138] + struct.pack("<2i", 7, 8) + data[138:]
    (tmp_path / "pruned.bin").write_bytes(data)
    with load_vectors(tmp_path / "pruned.bin") as vectors:
        assert close(vectors["milk"], Model().vector("milk") or [], rel_tol=1e-6)


def test_the_constructor_takes_the_options_load_vectors_takes(tmp_path: Path) -> None:
    path = Model().write(tmp_path / "m.bin")
    with FastTextVectors(path) as model:
        assert list(model) == ["milk", "chocolate", "the"]
        assert close(model["tea"], Model().vector("tea") or [], rel_tol=1e-6)  # its n-grams
        assert repr(model) == f"<FastTextVectors {path}: 3 words, dimension 2, n-grams of 3 to 4>"
        assert 1 not in model  # type: ignore[comparison-overlap]
        with pytest.raises(KeyError) as raised:
            model[1]  # type: ignore[index]
        assert raised.value.args == (1,)
    with FastTextVectors(path, subwords=False, limit=2, words=["Milk", "the"]) as model:
        assert list(model) == ["milk"]
        assert "tea" not in model
        assert repr(model) == f"<FastTextVectors {path}: 1 words, dimension 2, no subwords>"
    assert FastTextVectors.subwords_of("milk") == FastTextVectors.subwords_of("milk", 3, 6)
    assert "<choco" in FastTextVectors.subwords_of("chocolate")  # 6 characters: maxn is 6
    assert "<chocol" not in FastTextVectors.subwords_of("chocolate")


def test_a_dictionary_read_in_chunks_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sentemb, "_LONGEST_WORD", 100)
    monkeypatch.setattr(sentemb, "_CHUNK", 64)  # many words to a chunk, and words across two
    words = tuple(f"word{i}" for i in range(40))
    with load_vectors(Model(words=words).write(tmp_path / "m.bin")) as vectors:
        assert list(vectors) == list(words)


def test_a_word_without_its_nul_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentemb, "_LONGEST_WORD", 100)
    monkeypatch.setattr(sentemb, "_CHUNK", 64)  # the dictionary read 64 bytes at a time
    path = Model(words=("x" * 5000,)).write(tmp_path / "m.bin")
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert (
        str(raised.value) == f"{path}, word 1 of 1: no NUL ends the word in the fastText dictionary"
    )


def test_a_model_is_read_in_place(tmp_path: Path) -> None:
    data = Model().write(tmp_path / "m.bin").read_bytes()
    packed = tmp_path / "m.bin.gz"
    packed.write_bytes(gzip.compress(data))
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(packed)
    assert str(raised.value) == f"{packed}: a fastText model is read in place: give it decompressed"
    fifo = tmp_path / "fifo.bin"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(data,))  # fits in the pipe
    writer.start()
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(fifo)
    writer.join()
    assert str(raised.value) == (
        f"{fifo}: a fastText model is read in place: give it in a regular file"
    )


# -- Read lazily: opened, closed, pickled ----------------------------------------------------


def test_opening_reads_the_dictionary_not_the_matrix(tmp_path: Path) -> None:
    model = Model(dim=500, bucket=5000)  # a matrix of 10 MB
    path = model.write(tmp_path / "m.bin")
    tracemalloc.start()
    try:
        vectors = load_vectors(path)
        opened = tracemalloc.get_traced_memory()[1]
        for i in range(500):
            vectors[f"w{i}"]
        looked_up = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        vectors.close()
    assert opened < 3_000_000  # a chunk of the file at a time, to read the dictionary
    assert looked_up < 5_000_000  # the vectors kept, not the matrix: 500 of 500 floats
    assert close(vectors["w1"], model.vector("w1") or [], rel_tol=1e-6)  # kept after closing


def test_the_vectors_kept_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentemb, "_CACHED", 4)
    with load_vectors(Model().write(tmp_path / "m.bin")) as vectors:
        for i in range(10):
            vectors[f"w{i}"]
        assert isinstance(vectors, FastTextVectors)
        assert vectors._found.cache_info().currsize == 4


def test_a_closed_model_says_so(tmp_path: Path) -> None:
    path = Model().write(tmp_path / "m.bin")
    with load_vectors(path) as vectors:
        vectors["milk"]
    with pytest.raises(EmbeddingError) as raised:
        vectors["tea"]
    assert str(raised.value) == f"{path}: the fastText model is closed"
    assert vectors["milk"]  # kept


def test_a_model_cut_short_after_it_was_opened_says_so(tmp_path: Path) -> None:
    path = Model().write(tmp_path / "m.bin")
    with load_vectors(path) as vectors:
        os.truncate(path, 100)
        with pytest.raises(EmbeddingError) as raised:
            vectors["tea"]
    assert str(raised.value) == f"{path}: the fastText model ends inside a row"


def test_a_pickled_model_opens_its_file_again(tmp_path: Path) -> None:
    model = Model()
    path = model.write(tmp_path / "m.bin")
    with load_vectors(path, limit=2, words=["milk", "the"], subwords=False) as vectors:
        again = pickle.loads(pickle.dumps(vectors))
    with again:
        assert list(again) == ["milk"]
        assert "tea" not in again
        assert close(again["milk"], model.vector("milk") or [], rel_tol=1e-6)


def test_text_and_word2vec_vectors_close_like_a_model(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_text("milk 1 2\n")
    with load_vectors(path) as vectors:
        assert vectors["milk"] == [1.0, 2.0]
    assert vectors["milk"] == [1.0, 2.0]  # nothing to close: the numbers are in memory


# -- The embedder on a model ---------------------------------------------------------------


def test_the_embedder_gives_unknown_tokens_their_ngrams(tmp_path: Path) -> None:
    model = Model(minn=4, maxn=5)  # "!" has no n-gram: "<!>" is 3 characters long
    with load_vectors(model.write(tmp_path / "m.bin")) as vectors:
        embedder = SentenceEmbedder(vocab_embeddings=vectors, oov="vector")
        assert close(embedder.embed_word("tea"), model.vector("tea") or [], rel_tol=1e-6)
        assert embedder.embed_word("!") == [-1.0, -1.0]
        assert close(embedder.embed_word("MILK"), model.vector("milk") or [], rel_tol=1e-6)
        exact = SentenceEmbedder(vocab_embeddings=vectors, fold_case=False)
        assert close(exact.embed_word("MILK"), model.vector("MILK") or [], rel_tol=1e-6)
        skip = SentenceEmbedder(vocab_embeddings=vectors, oov="skip")
        tea, milk = model.vector("tea") or [], model.vector("milk") or []
        mean = [(a + b) / 2 for a, b in zip(tea, milk)]
        assert close(skip.average("tea milk !"), mean, rel_tol=1e-6)
        with pytest.raises(KeyError, match="'!' is out of vocabulary"):
            SentenceEmbedder(vocab_embeddings=vectors, oov="error").average("tea !")
        fractions = SentenceEmbedder(vocab_embeddings=vectors, exact=True).embed_word("tea")
        assert [float(x) for x in fractions] == embedder.embed_word("tea")


def test_a_corpus_on_two_cores_shares_the_open_model(tmp_path: Path) -> None:
    with load_vectors(Model().write(tmp_path / "m.bin")) as vectors:
        embedder = SentenceEmbedder(vocab_embeddings=vectors)
        sentences = [f"tea w{i} milk" for i in range(600)]
        assert list(embedder.embed_many(sentences, jobs=2)) == list(
            map(embedder.average, sentences)
        )


def test_the_command_line_reads_a_model(tmp_path: Path) -> None:
    model = Model()
    path = model.write(tmp_path / "m.bin")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        done = run("--vectors", str(path), "--json", "tea")
        gc.collect()
    assert done.returncode == 0, done.stderr
    assert '"average": [' in done.stdout
    assert not [w.message for w in caught if w.category is ResourceWarning]  # closed, not left
    done = run("--vectors", str(Model().write(tmp_path / "s.bin", labels=1)), "tea")
    assert done.returncode == 2
    assert "a supervised fastText model (a classifier, with 1 label)" in done.stderr


def test_a_model_says_its_rows_are_floats_so_a_float_embedder_converts_none(tmp_path: Path) -> None:
    with FastTextVectors(Model().write(tmp_path / "m.bin")) as model:
        assert model._holds_floats


def test_an_output_matrix_of_a_negative_shape_is_named_as_the_header_gives_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "m.bin"
    path.write_bytes(patched(Model().data(), 268, "<q", -1))  # the output's rows: -1
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == (
        f"{path}: the fastText model has 32 bytes more: its output matrix ends at byte 276, "
        "the file at 308"
    )


def test_a_word_is_read_on_while_its_bytes_read_are_not_more_than_the_longest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sentemb, "_LONGEST_WORD", 100)
    monkeypatch.setattr(sentemb, "_CHUNK", 50)  # the word's first 100 bytes are not all of it
    with load_vectors(Model(words=("x" * 120, "milk")).write(tmp_path / "m.bin")) as vectors:
        assert list(vectors) == ["x" * 120, "milk"]


# -- issue 25: exact mode on a model's float32s, old models without subwords, a text file
#    taken for a model, and a pickle that outlives a change of directory.  Each test states
#    the right behaviour and xfails (strict) until its fix lands; then its marker goes. -------

from fractions import Fraction  # noqa: E402 - the block's own import, kept with it


def test_exact_mode_reads_a_models_float32s_as_written_and_means_them_exactly(
    tmp_path: Path,
) -> None:
    # A float32 is read as the shortest decimal that is that float32 (f32(0.1) is 1/10),
    # as a float64 is read as its repr: the rule "as written in decimal" at its own
    # precision.  The mean of a word's rows is then exact, never a float64 first.
    model = Model(words=("milk", "tea"), bucket=1, rows={0: [0.1, 0.7], 2: [0.2, 0.4]})
    n = len(FastTextVectors.subwords_of("milk", minn=3, maxn=4))  # 7, each in the one bucket
    with load_vectors(model.write(tmp_path / "m.bin")) as vectors:
        exact = SentenceEmbedder(vocab_embeddings=vectors, exact=True)
        assert exact.embed_word("milk") == [
            (Fraction(1, 10) + n * Fraction(2, 10)) / (n + 1),
            (Fraction(7, 10) + n * Fraction(4, 10)) / (n + 1),
        ]
        assert exact.embed_word("chai") == [Fraction(1, 5), Fraction(2, 5)]  # its n-grams' row
        assert exact.embed_word("MILK") == exact.embed_word("milk")  # the word, not its n-grams
        cased = SentenceEmbedder(vocab_embeddings=vectors, exact=True, fold_case=False)
        assert cased.embed_word("MILK") == [Fraction(1, 5), Fraction(2, 5)]
    alone = Model(words=("milk",), bucket=0, rows={0: [0.1, 0.7]})
    with load_vectors(alone.write(tmp_path / "alone.bin")) as vectors:
        exact = SentenceEmbedder(vocab_embeddings=vectors, exact=True)
        assert exact.embed_word("milk") == [Fraction(1, 10), Fraction(7, 10)]


def test_an_old_model_without_subwords_loads(tmp_path: Path) -> None:
    # fastText -maxn 0 writes bucket 0 and keeps minn (3 by default): minn > maxn.
    model = Model(words=("milk", "tea"), bucket=0, minn=3, maxn=0)
    with load_vectors(model.write(tmp_path / "old.bin", new=False)) as vectors:
        assert isinstance(vectors, FastTextVectors)
        assert {word: vectors[word] for word in vectors} == {
            word: model.vector(word) for word in ("milk", "tea")
        }
        assert "chai" not in vectors  # no subwords


@pytest.mark.parametrize(("minn", "maxn"), [(3, 3), (0, 2)])
def test_an_old_model_with_any_range_of_ngrams_loads(tmp_path: Path, minn: int, maxn: int) -> None:
    model = Model(words=("milk", "tea"), minn=minn, maxn=maxn)
    with load_vectors(model.write(tmp_path / "old.bin", new=False)) as vectors:
        assert isinstance(vectors, FastTextVectors)
        assert (vectors.minn, vectors.maxn) == (minn, maxn)


_TEXT_FILES = [
    "the 0.418 0.24968 -0.41242 0.1217 0.34527 -0.044457 -0.49688 -0.17862\n"
    ", 0.013441 0.23682 -0.16899 0.40951 0.63812 0.47709 -0.42852 -0.55641\n"
    ". 0.15164 0.30177 -0.16763 0.17684 0.31719 0.33973 -0.43478 -0.31086\n",
    "milk 1 2\n",
]


@pytest.mark.parametrize("text", _TEXT_FILES, ids=["glove", "short"])
def test_a_text_file_is_not_called_a_fasttext_model(tmp_path: Path, text: str) -> None:
    path = tmp_path / "glove.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EmbeddingError) as raised:
        FastTextVectors(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: not a fastText model"), message
    assert message.endswith(
        "nor an older model's arguments; load_vectors reads text and word2vec files)"
    )
    assert "supervised" not in message


def test_a_pickled_model_opens_its_file_again_from_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Model().write(tmp_path / "m.bin")
    monkeypatch.chdir(tmp_path)
    with load_vectors("m.bin") as vectors:
        data, want = pickle.dumps(vectors), vectors["tea"]
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # as a worker, or a later session, may be
    with pickle.loads(data) as again:
        assert again["tea"] == want


def test_exact_mode_gives_a_word_without_rows_the_oov_vector(tmp_path: Path) -> None:
    alone = Model(words=("milk",), bucket=0, rows={0: [0.1, 0.7]})
    with load_vectors(alone.write(tmp_path / "alone.bin")) as vectors:
        exact = SentenceEmbedder(vocab_embeddings=vectors, exact=True, oov="vector")
        assert exact.embed_word("chai") == [Fraction(-1), Fraction(-1)]  # no row, no n-gram
