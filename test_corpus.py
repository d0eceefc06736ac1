"""Real vectors, real work (issue 26): unknown words skipped where gensim skips them,
a sentence with no vector that never stops a corpus, and embeddings out as NumPy's
.npy (read back here by a reader of our own, on the standard library) or the
projector's TSV."""

from __future__ import annotations

import ast
import json
import math
import os
import re
import struct
import sys
import time
from array import array
from fractions import Fraction
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import sentemb
from conftest import Terminal, record_calls, run
from sentemb import EmbeddingError, SentenceEmbedder, save_npy, save_tsv

# A GloVe file in which "a hot drink" shares no word with "hot chocolate in winter"
# but its unknown ones: the exercise's rule ranks that line first, gensim's does not.
GLOVE = (
    "cup 0.3 0.1 0.2\nhot 0.9 0.1 0.1\ncoffee 0.8 0.2 0.1\nchocolate 0.1 0.9 0.1\n"
    "iced 0.1 0.9 0.1\ntea 0.2 0.8 0.3\n"
)
LINES = "a cup of hot coffee\nhot chocolate in winter sunshine\nzzz qqq\niced tea\n"


@pytest.fixture
def files(tmp_path: Path) -> Tuple[str, str]:
    (tmp_path / "glove.txt").write_text(GLOVE, encoding="utf-8")
    (tmp_path / "lines.txt").write_text(LINES, encoding="utf-8")
    return str(tmp_path / "glove.txt"), str(tmp_path / "lines.txt")


def read_npy(path: Path) -> Tuple[Tuple[int, ...], str, List[float]]:
    """NumPy's .npy format 1.0, read by the standard library: shape, descr, numbers."""
    data = path.read_bytes()
    assert data[:8] == b"\x93NUMPY\x01\x00"
    (size,) = struct.unpack("<H", data[8:10])
    assert (10 + size) % 64 == 0  # numpy aligns the numbers
    header = ast.literal_eval(data[10 : 10 + size].decode("latin-1"))
    assert header["fortran_order"] is False
    numbers: array[float] = array({"<f8": "d", "<f4": "f"}[header["descr"]])
    numbers.frombytes(data[10 + size :])  # this machine is little-endian, as the test says
    assert len(numbers) == math.prod(header["shape"])
    shape: Tuple[int, ...] = header["shape"]
    return shape, str(header["descr"]), numbers.tolist()


# -- Unknown words: the exercise's rule for the exercise, gensim's for real vectors -----------


def test_the_exercise_keeps_its_rule_and_any_other_vocabulary_skips() -> None:
    assert SentenceEmbedder().oov == "vector"
    assert SentenceEmbedder().average("love tea") == [0.0, 1.0]  # tea is [-1, -1]
    given = SentenceEmbedder(vocab_embeddings=sentemb.exercise_embeddings())
    assert given.oov == "skip"
    assert given.average("love tea") == [1.0, 3.0]


def test_oov_vector_or_oov_vector_given_brings_the_exercises_rule_back() -> None:
    vocab = {"milk": [1, 3], "tea": [3, 1]}
    asked = SentenceEmbedder(vocab_embeddings=vocab, oov="vector")
    assert asked.average("milk zzz") == [0.0, 1.0]
    given = SentenceEmbedder(vocab_embeddings=vocab, oov_vector=[3, 3])
    assert given.oov == "vector"
    assert given.average("milk zzz") == [2.0, 3.0]

    class Mine(SentenceEmbedder):
        vocab_embeddings = vocab  # a subclass's own vocabulary is one given

    assert Mine().oov == "skip"


def test_a_ranking_with_unknown_words_skips_them(files: Tuple[str, str]) -> None:
    glove, lines = files
    done = run("--vectors", glove, "--rank", "a hot drink", lines, "-k", "1")
    assert done.returncode == 0
    assert done.stdout.split("  ", 1)[1] == "a cup of hot coffee\n"
    old = run("--vectors", glove, "--oov", "vector", "--rank", "a hot drink", lines, "-k", "1")
    assert old.stdout.split("  ", 1)[1] == "hot chocolate in winter sunshine\n"


def test_a_line_of_unknown_words_leaves_a_ranking_complete_with_a_note(
    files: Tuple[str, str],
) -> None:
    glove, lines = files
    done = run("--vectors", glove, "--rank", "a hot drink", lines)
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 3
    assert done.stderr == (
        f"sentemb.py: not ranked: {lines}, line 3: every token of 'zzz qqq' is out of vocabulary\n"
    )
    done = run("--vectors", glove, "--json", "--rank", "hot", lines)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["line"] for r in records][-1] == 3  # ranked, then those with no vector
    assert records[-1] == {
        "line": 3,
        "sentence": "zzz qqq",
        "average": None,
        "error": {"average": "every token of 'zzz qqq' is out of vocabulary"},
    }
    assert [r["similarity"] for r in records[:3]] == sorted(
        (r["similarity"] for r in records[:3]), reverse=True
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_line_of_unknown_words_never_stops_a_corpus(files: Tuple[str, str], jobs: str) -> None:
    glove, lines = files
    done = run("--vectors", glove, "--json", "--input", lines, "--jobs", jobs)
    assert done.returncode == 0
    documents = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(documents) == 4
    assert documents[2]["average"] is None
    assert documents[2]["error"]["average"] == "every token of 'zzz qqq' is out of vocabulary"
    assert [d["line"] for d in documents] == [1, 2, 3, 4]


def test_a_line_with_no_token_never_stops_a_corpus(tmp_path: Path) -> None:
    (tmp_path / "lines.txt").write_text("love milk\n!!!\n", encoding="utf-8")
    done = run("--words-only", "--json", "--input", str(tmp_path / "lines.txt"))
    assert done.returncode == 0
    second = json.loads(done.stdout.splitlines()[1])
    assert (second["line"], second["sentence"], second["average"]) == (2, "!!!", None)
    assert second["error"]["average"] == "the sentence '!!!' has no tokens"
    report = run("--words-only", "--input", str(tmp_path / "lines.txt"))
    assert (
        "1. simple average      does not apply: the sentence '!!!' has no tokens" in report.stdout
    )


def test_a_line_that_embeds_as_the_zero_vector_is_left_out_of_a_ranking_and_named(
    tmp_path: Path,
) -> None:
    (tmp_path / "v.txt").write_text("milk 1 2\nnil 0 0\n", encoding="utf-8")
    (tmp_path / "lines.txt").write_text("milk\nnil\n", encoding="utf-8")
    done = run("--vectors", str(tmp_path / "v.txt"), "--rank", "milk", str(tmp_path / "lines.txt"))
    assert done.stdout == "1.000000  milk\n"
    assert done.stderr == (
        f"sentemb.py: not ranked: {tmp_path / 'lines.txt'}, line 2: 'nil' embeds as the zero "
        "vector: no cosine\n"
    )


def test_a_json_ranking_keeps_each_sentence_as_written(files: Tuple[str, str]) -> None:
    glove, lines = files
    Path(lines).write_text("hot caf\u00e9 tea\nzz caf\u00e9\n", encoding="utf-8")
    done = run("--vectors", glove, "--rank", "tea", lines, "--json")
    assert '"sentence": "hot caf\u00e9 tea"' in done.stdout  # ranked
    assert '"sentence": "zz caf\u00e9"' in done.stdout  # and not ranked: not \u-escaped


@pytest.mark.parametrize(
    "mode",
    [
        ["--json", "--input"],
        ["--output", "{tmp}/out.npy", "--input"],
        ["--rank", "a hot drink"],
    ],
)
def test_strict_stops_at_the_first_sentence_with_no_known_token(
    files: Tuple[str, str], mode: List[str], tmp_path: Path
) -> None:
    glove, lines = files
    mode = [option.format(tmp=tmp_path) for option in mode]
    done = run("--vectors", glove, "--strict", *mode, lines)
    assert done.returncode == 2
    assert f"{lines}, line 3" in done.stderr
    assert "every token of 'zzz qqq' is out of vocabulary" in done.stderr
    assert not (tmp_path / "out.npy").exists()


def test_strict_stops_at_a_line_with_no_token(tmp_path: Path) -> None:
    (tmp_path / "lines.txt").write_text("love milk\n!!!\n", encoding="utf-8")
    done = run("--words-only", "--strict", "--json", "--input", str(tmp_path / "lines.txt"))
    assert done.returncode == 2
    assert done.stderr.endswith("lines.txt, line 2: the sentence '!!!' has no tokens\n")


def test_embed_many_gives_none_for_a_sentence_with_no_vector() -> None:
    embedder = SentenceEmbedder(vocab_embeddings={"milk": [1.0, 2.0]}, filler_words=["milk"])
    sentences = ["milk", "zzz", "", ["milk", "zzz"]]
    assert list(embedder.embed_many(sentences)) == [[1.0, 2.0], None, None, [1.0, 2.0]]
    assert list(embedder.embed_many(sentences, "skip_filler", jobs=2)) == [None] * 4
    with pytest.raises(EmbeddingError, match=r"^sentence 0 \('milk zzz'\): 7 weights for 2"):
        list(embedder.embed_many(["milk zzz"], "weighted"))  # a mistake still stops it


def test_most_similar_leaves_out_a_candidate_with_no_vector() -> None:
    embedder = SentenceEmbedder(vocab_embeddings={"milk": [1.0, 2.0], "tea": [2.0, 1.0]})
    ranked = embedder.most_similar("milk", ["tea", "zzz", "milk milk"])
    assert [text for text, _ in ranked] == ["milk milk", "tea"]
    zero = SentenceEmbedder(vocab_embeddings={"milk": [1.0, 2.0], "nil": [0.0, 0.0]})
    assert [text for text, _ in zero.most_similar("milk", ["nil", "milk"])] == ["milk"]


def test_a_query_with_no_vector_is_still_an_error() -> None:
    embedder = SentenceEmbedder(vocab_embeddings={"milk": [1.0, 2.0]})
    with pytest.raises(EmbeddingError, match="every token of 'zzz' is out of vocabulary"):
        embedder.most_similar("zzz", ["milk"])


def test_oov_error_still_stops_a_corpus(files: Tuple[str, str]) -> None:
    glove, lines = files
    done = run("--vectors", glove, "--oov", "error", "--json", "--input", lines)
    assert done.returncode == 2
    assert done.stderr == f"sentemb.py: error: {lines}, line 1: 'a' is out of vocabulary\n"


def test_sif_gives_a_sentence_with_no_token_no_vector() -> None:
    sif = sentemb.SIF({"milk": [1.0, 0.0], "tea": [0.0, 1.0]}, {"milk": 1, "tea": 3})
    assert sif.fit(["milk tea", "", "tea"]).embeddings[1] is None
    assert sif.skipped == 1


# -- Arrays out: NumPy's .npy and the projector's TSV -------------------------------------


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(
    rows=st.integers(1, 5).flatmap(
        lambda d: st.lists(st.lists(finite, min_size=d, max_size=d), min_size=1, max_size=9)
    )
)
@example(rows=[[2 / 7, 10 / 7], [-0.0, 5e-324]])
def test_npy_holds_the_rows_bit_for_bit(tmp_path_factory: Any, rows: List[List[float]]) -> None:
    path = tmp_path_factory.mktemp("npy") / "rows.npy"
    assert save_npy(path, iter(rows)) == len(rows)
    shape, descr, numbers = read_npy(path)
    assert (shape, descr) == ((len(rows), len(rows[0])), "<f8")
    assert [struct.pack("<d", x) for x in numbers] == [
        struct.pack("<d", x) for r in rows for x in r
    ]


def test_rows_may_be_iterators_the_first_too(tmp_path: Path) -> None:
    rows = [[1.0, 2.0], [3.0, 4.5]]
    assert save_npy(tmp_path / "a.npy", (iter(row) for row in rows)) == 2
    assert read_npy(tmp_path / "a.npy") == ((2, 2), "<f8", [1.0, 2.0, 3.0, 4.5])
    assert save_tsv(tmp_path / "a.tsv", [map(float, row) for row in rows], ["milk", "tea"]) == 2
    assert (tmp_path / "a.tsv").read_text(encoding="ascii") == "1.0\t2.0\n3.0\t4.5\n"


def test_npy_float32_rounds_each_number_to_nearest(tmp_path: Path) -> None:
    rows = [[0.1, 1 / 3], [3.4028235e38, -1e-46]]
    save_npy(tmp_path / "rows.npy", rows, dtype="float32")
    shape, descr, numbers = read_npy(tmp_path / "rows.npy")
    assert (shape, descr) == ((2, 2), "<f4")
    assert numbers == [struct.unpack("<f", struct.pack("<f", x))[0] for r in rows for x in r]


def test_npy_streams_more_rows_than_one_chunk(tmp_path: Path) -> None:
    rows = ([float(i), -float(i)] for i in range(sentemb._ROWS_AT_ONCE * 2 + 3))
    assert save_npy(tmp_path / "rows.npy", rows) == 8195
    shape, _, numbers = read_npy(tmp_path / "rows.npy")
    assert shape == (8195, 2)
    assert numbers[-2:] == [8194.0, -8194.0]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([[1.0, 2.0], None], "row 1 has no vector: leave such rows out first"),
        ([[1.0, 2.0], [1.0]], "row 1 has 1 components, expected 2"),
        ([[1.0, 2.0], [1.0, math.nan]], "component 1 of row 1 is not a finite number: nan"),
        ([[1.0, 10**400]], "component 1 of row 0 is too large for a float: 1000"),
        ([[1.0, 1e39]], "row 0 has a number too large for a float32"),
        ([], "no rows to write: an array needs at least one"),
        ([None], "row 0 has no vector"),
    ],
)
def test_npy_refuses_bad_rows_and_leaves_nothing(tmp_path: Path, rows: Any, message: str) -> None:
    dtype = "float32" if "float32" in message else "float64"
    with pytest.raises(EmbeddingError, match="^" + message.replace("(", r"\(")):
        save_npy(tmp_path / "rows.npy", rows, dtype=dtype)
    assert list(tmp_path.iterdir()) == []


def test_npy_refuses_what_is_not_rows(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="rows must be an iterable of vectors, not str"):
        save_npy(tmp_path / "rows.npy", "1 2")
    with pytest.raises(TypeError, match="component 0 of row 0 is not a number: 'a'"):
        save_npy(tmp_path / "rows.npy", [["a"]])
    with pytest.raises(EmbeddingError, match="dtype must be one of float64, float32, not 'f8'"):
        save_npy(tmp_path / "rows.npy", [[1.0]], dtype="f8")


def test_npy_takes_exact_rows(tmp_path: Path) -> None:
    rows = SentenceEmbedder(exact=True).embed_many(["I love chocolate milk as well!"], "weighted")
    save_npy(tmp_path / "rows.npy", [row for row in rows if row is not None])
    assert read_npy(tmp_path / "rows.npy")[2] == [40 / 37, 102 / 37]  # correctly rounded


def test_rows_of_floats_are_packed_at_once_and_any_other_chunk_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = record_calls(monkeypatch, sentemb, "_float_row")
    save_npy(tmp_path / "a.npy", [[1.0, 2.0], [3.0, 4.5]])
    save_tsv(tmp_path / "a.tsv", [[1.0, 2.0], [3.0, 4.5]], ["milk", "tea"])
    assert checked == []
    save_npy(tmp_path / "b.npy", [[1.0, 2.0], (3.0, 4.5)])  # a tuple: its chunk is checked
    assert [row for row, *_ in checked] == [[1.0, 2.0], (3.0, 4.5)]
    assert read_npy(tmp_path / "a.npy") == read_npy(tmp_path / "b.npy")


def test_tsv_metadata_goes_beside_the_vectors_whatever_their_name(tmp_path: Path) -> None:
    save_tsv(tmp_path / "v.txt", [[1.0]], ["milk"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.txt", "v.txt.metadata.tsv"]


def test_tsv_is_the_projectors_vectors_and_metadata(tmp_path: Path) -> None:
    rows = [[0.1, -2.0], [1e-300, 3.0]]
    assert save_tsv(tmp_path / "v.tsv", rows, ["milk\ttea", "hot\nchocolate"]) == 2
    vectors = (tmp_path / "v.tsv").read_text(encoding="ascii").splitlines()
    assert [[float(x) for x in line.split("\t")] for line in vectors] == rows
    metadata = (tmp_path / "v.metadata.tsv").read_text(encoding="utf-8")
    assert metadata == "milk tea\nhot chocolate\n"


@pytest.mark.parametrize(
    ("rows", "sentences", "message"),
    [
        ([[1.0]], ["a", "b"], "1 row for 2 sentences: give one sentence per row"),
        ([[1.0], None], ["a", "b"], "row 1 has no vector"),
        ([], [], "no rows to write: the projector needs at least one"),
    ],
)
def test_tsv_refuses_bad_rows_and_leaves_nothing(
    tmp_path: Path, rows: Any, sentences: Any, message: str
) -> None:
    with pytest.raises(EmbeddingError, match="^" + message):
        save_tsv(tmp_path / "v.tsv", rows, sentences)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(TypeError, match="sentence 0 is not a string: 1"):
        save_tsv(tmp_path / "v.tsv", [[1.0]], [1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"^rows must be a collection of vectors, not a string$"):
        save_tsv(tmp_path / "v.tsv", "1.0", ["a"])
    with pytest.raises(
        TypeError, match=r"^sentences must be a collection of strings, not a string$"
    ):
        save_tsv(tmp_path / "v.tsv", [[1.0]], "a")
    assert list(tmp_path.iterdir()) == []


def test_cli_output_npy_leaves_out_lines_with_no_vector(
    files: Tuple[str, str], tmp_path: Path
) -> None:
    glove, lines = files
    out = tmp_path / "out.npy"
    done = run("--vectors", glove, "--input", lines, "--output", str(out))
    assert done.returncode == 0
    assert done.stdout == f"wrote 3 embeddings (average) to {out}, float64\n"
    assert done.stderr == (
        f"sentemb.py: not written: {lines}, line 3: every token of 'zzz qqq' is out of vocabulary\n"
    )
    embedder = SentenceEmbedder(vocab_embeddings=sentemb.load_vectors(glove))
    expected = [
        x for line in LINES.splitlines() if line != "zzz qqq" for x in embedder.average(line)
    ]
    assert read_npy(out) == ((3, 3), "<f8", expected)


def test_cli_output_tsv_float32_by_method_and_jobs(files: Tuple[str, str], tmp_path: Path) -> None:
    glove, lines = files
    out = tmp_path / "out.tsv"
    args = ["--vectors", glove, "--input", lines, "--method", "skip_filler", "--jobs", "2"]
    done = run(*args, "--output", str(out), "--float32")
    assert (
        done.stdout
        == f"wrote 3 embeddings (skip_filler) to {out} and {tmp_path}/out.metadata.tsv\n"
    )
    assert (tmp_path / "out.metadata.tsv").read_text().splitlines() == [
        "a cup of hot coffee",
        "hot chocolate in winter sunshine",
        "iced tea",
    ]
    npy = run(*args, "--output", str(tmp_path / "out.npy"), "--float32")
    assert npy.returncode == 0
    assert read_npy(tmp_path / "out.npy")[1] == "<f4"


def test_cli_output_of_sif(tmp_path: Path, files: Tuple[str, str]) -> None:
    glove, lines = files
    (tmp_path / "counts.txt").write_text("a 50\nof 40\ncup 3\nhot 5\ncoffee 2\ntea 4\niced 1\n")
    common = [
        "--vectors",
        glove,
        "--input",
        lines,
        "--method",
        "sif",
        "--counts",
        str(tmp_path / "counts.txt"),
    ]
    done = run(*common, "--output", str(tmp_path / "sif.npy"))
    assert done.returncode == 0
    assert "line 3" in done.stderr
    assert read_npy(tmp_path / "sif.npy")[0] == (3, 3)
    report = run(*common, "--json")
    assert json.loads(report.stdout.splitlines()[2])["sif"] is None
    strict = run(*common, "--json", "--strict")
    assert strict.returncode == 2
    assert f"{lines}, line 3: every token of 'zzz qqq'" in strict.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "out.txt", "-"], "--output out.txt: give a name ending in .npy or .tsv"),
        (
            ["--output", "o.npy", "--rank", "a", "-"],
            "--output writes the embeddings of sentences, - or --input, not a score",
        ),
        (
            ["--output", "o.npy", "--json", "-"],
            "--output writes the embeddings to a file: --json does not apply",
        ),
        (["--float32", "-"], "--float32 goes with --vectors or --output"),
        (["--method", "average"], "--method goes with sentences, -, --input, --compare, --rank"),
    ],
)
def test_cli_output_usage_errors(args: List[str], message: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert f"error: {message}" in done.stderr


# -- A corpus embedded once, searched many times -------------------------------------------


small_vectors = st.dictionaries(
    st.sampled_from(["milk", "tea", "hot", "iced", "cup", "of"]),
    st.lists(st.integers(-3, 3), min_size=2, max_size=2),  # whole numbers: ties happen
    min_size=1,
)
corpora = st.lists(
    st.lists(st.sampled_from(["milk", "tea", "hot", "iced", "cup", "of", "zzz"]), min_size=1),
    min_size=1,
    max_size=12,
)


def brute_force(embedder: SentenceEmbedder, query: str, sentences: List[str]) -> List[Any]:
    """Every sentence with a vector and a cosine, best first, ties by index."""
    target = embedder.average(query)
    if not any(target):
        raise EmbeddingError("the zero vector is similar to nothing")
    scored = []
    for i, sentence in enumerate(sentences):
        vector = next(embedder.embed_many([sentence]))
        if vector is not None and any(vector):
            scored.append((i, sentemb.cosine_similarity(target, vector), sentence))
    return sorted(scored, key=lambda hit: (-hit[1], hit[0]))


@given(small_vectors, corpora, st.sampled_from(["milk", "tea", "hot cup", "iced tea of"]))
@example({"milk": [1, 2], "tea": [2, 4]}, [["tea"], ["milk"], ["milk", "tea"]], "milk")
def test_a_search_is_a_brute_force_ranking(
    vectors: Dict[str, List[int]], corpus: List[List[str]], query: str
) -> None:
    embedder = SentenceEmbedder(vocab_embeddings=vectors)
    sentences = [" ".join(words) for words in corpus]
    try:
        expected = brute_force(embedder, query, sentences)
    except EmbeddingError:  # a query with no vector, or the zero vector: no ranking
        return
    index = sentemb.SentenceIndex(embedder, sentences)
    assert index.search(query, k=None) == expected
    for k in (0, 1, 3):
        assert index.search(query, k=k) == expected[:k]


def test_a_search_of_a_query_with_no_vector_is_an_error() -> None:
    index = sentemb.SentenceIndex(SentenceEmbedder(vocab_embeddings={"a": [1.0]}), ["a"])
    with pytest.raises(EmbeddingError, match="every token of 'b' is out of vocabulary"):
        index.search("b")
    zero = sentemb.SentenceIndex(SentenceEmbedder(vocab_embeddings={"a": [0.0]}), ["a"])
    with pytest.raises(EmbeddingError, match="the query 'a' embeds as the zero vector"):
        zero.search("a")
    with pytest.raises(EmbeddingError, match="k must be a whole number >= 0, not -1"):
        index.search("a", k=-1)


def test_an_index_says_which_sentences_have_no_vector() -> None:
    embedder = SentenceEmbedder(vocab_embeddings={"milk": [1.0, 2.0], "nil": [0.0, 0.0]})
    index = sentemb.SentenceIndex(embedder, ["milk", "zzz", "nil", "milk milk"])
    assert index.missing == {
        1: "every token of 'zzz' is out of vocabulary",
        2: "'nil' embeds as the zero vector",
    }
    assert [i for i, _, _ in index.search("milk")] == [0, 3]
    assert (len(index), index.dimension) == (4, 2)
    assert repr(index) == "<SentenceIndex: 4 sentences, average, dimension 2>"
    nothing = sentemb.SentenceIndex(embedder, ["zzz"])
    assert (len(nothing), nothing.dimension, nothing.missing) == (1, 0, {0: index.missing[1]})


def test_an_index_is_made_by_a_method_in_processes() -> None:
    embedder = SentenceEmbedder()
    sentences = ["I love milk", "lot", "milk", "I"] * 100
    one = sentemb.SentenceIndex(embedder, sentences, method="skip_filler")
    two = sentemb.SentenceIndex(embedder, sentences, method="skip_filler", jobs=2)
    assert one.search("love", k=None) == two.search("love", k=None)
    assert 3 in one.missing  # "I" is a filler word: nothing left
    with pytest.raises(
        TypeError, match=r"^embedder must be a SentenceEmbedder, SIF or USIF, not dict$"
    ):
        sentemb.SentenceIndex({"milk": [1.0]}, ["milk"])
    with pytest.raises(
        TypeError, match=r"^sentences must be a collection of sentences, not a string$"
    ):
        sentemb.SentenceIndex(embedder, "milk")
    with pytest.raises(EmbeddingError, match=r"^jobs must be a whole number >= 1, not 0$"):
        sentemb.SentenceIndex(embedder, ["milk"], jobs=0)
    with pytest.raises(EmbeddingError, match="unknown method 'median'"):
        sentemb.SentenceIndex(embedder, ["milk"], method="median")


def test_an_index_saved_and_loaded_searches_the_same_bit_for_bit(tmp_path: Path) -> None:
    embedder = SentenceEmbedder(vocab_embeddings={"milk": [0.1, 0.7], "tea": [1 / 3, 0.2]})
    sentences = ["milk tea", "zzz", "tea", "milk", "tea tea milk"]
    index = sentemb.SentenceIndex(embedder, sentences)
    index.save(tmp_path / "corpus.npy")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.json", "corpus.npy"]
    shape, _, numbers = read_npy(tmp_path / "corpus.npy")
    assert shape == (4, 2)
    assert numbers == [x for s in sentences if s != "zzz" for x in embedder.average(s)]
    document = json.loads((tmp_path / "corpus.json").read_text(encoding="utf-8"))
    assert document["made with"] == {}  # only the command line records what it used
    again = sentemb.SentenceIndex.load(tmp_path / "corpus", embedder)
    assert again.search("milk", k=None) == index.search("milk", k=None)
    assert again.missing == index.missing
    assert again.sentences == tuple(sentences)
    again.save(tmp_path / "again")  # a loaded index saves as it was saved
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "corpus.json").read_bytes()


def test_an_index_keeps_its_sentences_as_written_in_utf_8(tmp_path: Path) -> None:
    embedder = SentenceEmbedder(vocab_embeddings={"caf\u00e9": [1.0, 2.0], "tea": [2.0, 1.0]})
    sentemb.SentenceIndex(embedder, ["caf\u00e9", "tea \U0001f375"]).save(tmp_path / "i")
    text = (tmp_path / "i.json").read_bytes().decode("utf-8")
    assert '"caf\u00e9", "tea \U0001f375"' in text  # readable, not \u-escaped


def test_loading_an_index_checks_what_it_is_given(tmp_path: Path) -> None:
    embedder = SentenceEmbedder(vocab_embeddings={"milk": [0.1, 0.7], "tea": [1 / 3, 0.2]})
    sentemb.SentenceIndex(embedder, ["milk", "tea"]).save(tmp_path / "i")
    with pytest.raises(
        EmbeddingError, match=r"i\.npy holds vectors of dimension 2, the embedder makes 3"
    ):
        sentemb.SentenceIndex.load(
            tmp_path / "i", SentenceEmbedder(vocab_embeddings={"a": [1, 2, 3]})
        )
    with pytest.raises(EmbeddingError, match="was made by average: give what made it"):
        sentemb.SentenceIndex.load(tmp_path / "i", {"milk": [1.0]})
    (tmp_path / "i.json").write_text("[1, 2]")
    with pytest.raises(EmbeddingError, match=r"i.json: not the sentences of a SentenceIndex"):
        sentemb.SentenceIndex.load(tmp_path / "i", embedder)
    (tmp_path / "i.json").write_bytes(b"\xff")
    with pytest.raises(EmbeddingError, match=r"i.json: not the sentences of a SentenceIndex"):
        sentemb.SentenceIndex.load(tmp_path / "i", embedder)
    sentemb.SentenceIndex(embedder, ["milk", "tea"]).save(tmp_path / "i")
    (tmp_path / "i.npy").write_bytes(b"\x93NUMPY\x01\x00" + b"\x00" * 100)
    with pytest.raises(EmbeddingError, match=r"i\.npy: not a 2-D float64 or float32 array"):
        sentemb.SentenceIndex.load(tmp_path / "i", embedder)
    (tmp_path / "i.npy").write_bytes(b"\x93NUMPY\x01")  # cut short, before the header's size
    with pytest.raises(EmbeddingError, match=r"i\.npy: not a 2-D float64 or float32 array"):
        sentemb.SentenceIndex.load(tmp_path / "i", embedder)
    save_npy(tmp_path / "i.npy", [[1.0, 2.0]] * 3)
    with pytest.raises(EmbeddingError, match=r"i\.npy: 3 rows for 2 sentences"):
        sentemb.SentenceIndex.load(tmp_path / "i", embedder)
    with pytest.raises(FileNotFoundError):
        sentemb.SentenceIndex.load(tmp_path / "none", embedder)


def test_an_index_loads_embeddings_numpy_saved_as_float32(tmp_path: Path) -> None:
    embedder = SentenceEmbedder(vocab_embeddings={"milk": [0.1, 0.7], "tea": [1 / 3, 0.2]})
    sentemb.SentenceIndex(embedder, ["milk", "tea"]).save(tmp_path / "i")
    save_npy(tmp_path / "i.npy", [[0.1, 0.7], [1 / 3, 0.2]], dtype="float32")
    sentemb.SentenceIndex.load(tmp_path / "i", embedder).save(tmp_path / "again")
    float32 = [struct.unpack("<f", struct.pack("<f", x))[0] for x in [0.1, 0.7, 1 / 3, 0.2]]
    assert read_npy(tmp_path / "again.npy") == ((2, 2), "<f8", float32)


def test_cli_rank_with_an_index_makes_it_then_reuses_it(
    files: Tuple[str, str], tmp_path: Path
) -> None:
    glove, lines = files
    index = str(tmp_path / "idx")
    plain = run("--vectors", glove, "--rank", "a hot drink", lines)
    made = run("--vectors", glove, "--rank", "a hot drink", lines, "--index", index)
    assert made.stdout == plain.stdout
    assert made.stderr == f"sentemb.py: indexed 4 lines in {index}.npy\n" + plain.stderr
    before = (tmp_path / "idx.npy").stat().st_mtime_ns
    reused = run("--vectors", glove, "--rank", "a hot drink", lines, "--index", index, "-k", "1")
    assert reused.stdout == plain.stdout.splitlines(keepends=True)[0]
    assert reused.stderr == plain.stderr  # the note of line 3, and no new index
    assert (tmp_path / "idx.npy").stat().st_mtime_ns == before
    other = run(
        "--vectors", glove, "--rank", "tea", lines, "--index", index, "--method", "skip_filler"
    )
    assert "indexed 4 lines" in other.stderr  # another method: made again
    Path(lines).write_text(LINES + "hot tea\n", encoding="utf-8")
    ranked_by_fillers = ["--vectors", glove, "--rank", "tea", lines, "--index", index]
    ranked_by_fillers += ["--method", "skip_filler"]
    grown = run(*ranked_by_fillers, "--json")
    assert "indexed 5 lines" in grown.stderr
    assert json.loads(grown.stdout.splitlines()[-1])["line"] == 3
    unindexed = run("--vectors", glove, "--rank", "tea", lines, "--method", "skip_filler", "--json")
    assert grown.stdout == unindexed.stdout  # each line's vector too, from the index
    strict = run(*ranked_by_fillers, "--strict")
    assert strict.returncode == 2
    unknown = "every token of 'zzz qqq' is out of vocabulary"
    assert strict.stderr == f"sentemb.py: error: {lines}, line 3 ('zzz qqq'): {unknown}\n"
    assert run("--index", index, "milk").stderr.endswith("--index goes with --rank\n")


def test_an_index_remembers_its_options_and_files_and_is_made_again_when_they_change(
    files: Tuple[str, str], tmp_path: Path
) -> None:
    glove, lines = files
    index = str(tmp_path / "idx")
    ranked = ["--vectors", glove, "--rank", "a hot drink", lines, "--index", index]
    assert "indexed 4 lines" in run(*ranked).stderr
    status = os.stat(glove)
    made_with = json.loads((tmp_path / "idx.json").read_text(encoding="utf-8"))["made with"]
    assert made_with == {
        "method": "average", "words_only": False, "case_sensitive": False, "weights": None,
        "exact": False, "limit": None, "float32": None, "oov": "skip",
        "vectors": [os.path.abspath(glove), status.st_size, status.st_mtime_ns], "counts": None,
    }  # fmt: skip
    assert "indexed" not in run(*ranked).stderr
    assert "indexed 4 lines" in run(*ranked, "--oov", "vector").stderr
    assert "indexed" not in run(*ranked, "--oov", "vector").stderr
    os.utime(glove, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))  # the file changed
    assert "indexed 4 lines" in run(*ranked, "--oov", "vector").stderr
    counts = tmp_path / "counts.txt"
    counts.write_text("hot 5\ntea 3\ncup 2\n", encoding="utf-8")
    by_sif = [*ranked, "--method", "sif", "--counts", str(counts)]
    assert "indexed 4 lines" in run(*by_sif).stderr
    made_with = json.loads((tmp_path / "idx.json").read_text(encoding="utf-8"))["made with"]
    status = os.stat(counts)
    assert made_with["counts"] == [os.path.abspath(counts), status.st_size, status.st_mtime_ns]
    assert "indexed" not in run(*by_sif).stderr
    counts.write_text("hot 5\ntea 3\ncup 20\n", encoding="utf-8")  # other counts: made again
    assert "indexed 4 lines" in run(*by_sif).stderr


def test_the_dask_install_line_names_an_extra_a_clone_has() -> None:
    root = Path(sentemb.__file__).parent
    page = (root / "docs" / "scaling.md").read_text(encoding="utf-8")
    assert 'pip install ".[dask]"' in page
    assert "sentemb[dask]" not in page  # sentemb is not on PyPI
    assert 'dask = { file = ["requirements/dask.txt"] }' in (root / "pyproject.toml").read_text()


# -- SIF and uSIF wherever averaging goes ---------------------------------------------------

LEE = Path(__file__).parent / "fixtures" / "lee"


@pytest.fixture(scope="module")
def lee() -> Dict[str, Any]:
    read = (LEE / "fit.txt").read_text(encoding="utf-8").splitlines()
    return {
        "vectors": sentemb.load_vectors(LEE / "vectors.bin"),
        "counts": sentemb.load_counts(LEE / "counts.txt"),
        "fit": [line for line in read if line][:300],
        "unseen": [line for line in (LEE / "unseen.txt").read_text().splitlines() if line][:40],
    }


@pytest.mark.parametrize("kind", [sentemb.SIF, sentemb.USIF])
def test_a_saved_model_embeds_the_same_bit_for_bit(
    kind: Any, lee: Dict[str, Any], tmp_path: Path
) -> None:
    model = kind(lee["vectors"], lee["counts"]).fit(lee["fit"])
    model.save(tmp_path / "model.json")
    assert b"pickle" not in (tmp_path / "model.json").read_bytes()
    again = kind.load(tmp_path / "model.json", lee["vectors"])
    assert (again.components, again.singular_values) == (model.components, model.singular_values)
    for sentence in lee["unseen"] + lee["fit"][:20]:
        assert again.embed(sentence) == model.embed(sentence)
    assert getattr(again, "length", None) == getattr(model, "length", None)


def test_a_model_with_a_length_and_no_components_is_saved_too(tmp_path: Path) -> None:
    model = sentemb.USIF({"milk": [1.0]}, {"milk": 1, "tea": 9}, length=1, components=0)
    model.fit(["milk"]).save(tmp_path / "usif.json")
    again = sentemb.USIF.load(tmp_path / "usif.json", {"milk": [1.0]})
    assert again.embed("milk") == model.embed("milk")
    assert again.length == 1
    document = json.loads((tmp_path / "usif.json").read_text(encoding="utf-8"))
    (tmp_path / "usif.json").write_text(json.dumps({**document, "length": 0}), encoding="utf-8")
    with pytest.raises(
        EmbeddingError, match=r"usif\.json: length must be a whole number >= 1, not 0$"
    ):
        sentemb.USIF.load(tmp_path / "usif.json", {"milk": [1.0]})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "not a fitted SIF that sentemb saved"),
        ('{"sentemb": "USIF"}', "not a fitted SIF that sentemb saved"),
        ("\xff", "not a fitted SIF that sentemb saved"),
        ('{"sentemb": "SIF", "counts": {"milk": 1}}', "not a fitted SIF that sentemb saved ("),
        (
            '{"sentemb": "SIF", "parameters": {"a": 0.001, "components": 1}, "dimension": 3,'
            ' "counts": {"milk": 1}, "components": [[1.0, 0.0]], "singular_values": [1.0],'
            ' "length": null}',
            "1 component of dimension 3, for vectors of dimension 2",
        ),
        (
            '{"sentemb": "SIF", "parameters": {"a": 0.001, "components": 1}, "dimension": 2,'
            ' "counts": {"milk": -1}, "components": [[1.0, 0.0]], "singular_values": [1.0],'
            ' "length": null}',
            "the count of 'milk' is negative: -1",
        ),
        (
            '{"sentemb": "SIF", "parameters": {"a": 0.001, "components": 1}, "dimension": 2,'
            ' "counts": {"milk": 1}, "components": [[1.0, "x"]], "singular_values": [1.0],'
            ' "length": null}',
            "{path}: not a fitted SIF that sentemb saved (component 1 of {path}: component 0 is "
            "not a number: 'x')",
        ),
        (
            '{"sentemb": "SIF", "parameters": {"a": 0.001, "components": 1}, "dimension": 2,'
            ' "counts": {"milk": 1}, "components": [[1.0, 0.0]], "singular_values": [NaN],'
            ' "length": null}',
            "m.json: a singular value is not a finite number: nan",
        ),
        (
            '{"sentemb": "SIF", "parameters": {"a": 0.001, "components": 1}, "dimension": 2,'
            ' "counts": {"milk": 1}, "components": [[1.0, 0.0, 0.0]], "singular_values": [1.0],'
            ' "length": null}',
            "m.json: component 0 has 3 components, expected 2",
        ),
    ],
)
def test_loading_a_model_names_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "m.json").write_text(text, encoding="latin-1")
    path = str(tmp_path / "m.json")
    with pytest.raises((EmbeddingError, TypeError), match=re.escape(message.format(path=path))):
        sentemb.SIF.load(path, {"milk": [1.0, 0.0]})


def test_saving_needs_a_fit_and_counts_json_keeps() -> None:
    sif = sentemb.SIF({"milk": [1.0, 0.0]}, {"milk": 1, "tea": 3})
    with pytest.raises(EmbeddingError, match="SIF is not fitted: call fit"):
        sif.save("never.json")
    odd = sentemb.SIF({"milk": [1.0, 0.0]}, {"milk": Fraction(1, 3)}).fit(["milk"])
    with pytest.raises(EmbeddingError, match="the count of 'milk' is a Fraction: JSON keeps"):
        odd.save("never.json")
    assert not Path("never.json").exists()


def test_a_model_embeds_many_in_processes_and_fits_in_them(lee: Dict[str, Any]) -> None:
    one = sentemb.SIF(lee["vectors"], lee["counts"]).fit(lee["fit"])
    two = sentemb.SIF(lee["vectors"], lee["counts"]).fit(lee["fit"], jobs=2)
    assert two.embeddings == one.embeddings
    sentences = [*lee["unseen"], "zzzz qqqq", ""]
    embedded = list(one.embed_many(sentences, jobs=2))
    assert embedded[:-2] == [one.embed(s) for s in lee["unseen"]]
    assert embedded[-2:] == [None, None]
    with pytest.raises(EmbeddingError, match="USIF is not fitted"):
        next(sentemb.USIF(lee["vectors"], lee["counts"]).embed_many(["a"]))
    with pytest.raises(
        TypeError, match=r"^sentences must be a collection of sentences, not a string$"
    ):
        one.embed_many("a sentence")
    with pytest.raises(EmbeddingError, match=r"^jobs must be a whole number >= 1, not 0$"):
        next(one.embed_many(["a sentence"], jobs=0))


def test_an_index_by_sif_searches_with_the_model_and_loads_with_the_vectors(
    lee: Dict[str, Any], tmp_path: Path
) -> None:
    model = sentemb.USIF(lee["vectors"], lee["counts"])
    index = sentemb.SentenceIndex(model, [*lee["fit"], "zzzz"])
    assert index.method == "usif"
    assert index.missing == {300: "every token of 'zzzz' is out of vocabulary"}
    query = lee["unseen"][0]
    target = model.embed(query)
    expected = sorted(
        (
            (i, sentemb.cosine_similarity(target, v), s)
            for i, (v, s) in enumerate(zip(model.embeddings, lee["fit"]))
            if v is not None
        ),
        key=lambda hit: (-hit[1], hit[0]),
    )
    assert index.search(query, k=None) == expected
    index.save(tmp_path / "lee")
    by_vectors = sentemb.SentenceIndex.load(tmp_path / "lee", lee["vectors"])
    by_model = sentemb.SentenceIndex.load(tmp_path / "lee", model)
    assert by_vectors.search(query) == by_model.search(query) == index.search(query)
    by_vectors.save(tmp_path / "again")  # with the model it was loaded with
    again = sentemb.SentenceIndex.load(tmp_path / "again", lee["vectors"])
    assert again.search(query) == index.search(query)
    with pytest.raises(EmbeddingError, match="was made by usif: give what made it"):
        sentemb.SentenceIndex.load(tmp_path / "lee", SentenceEmbedder())
    document = json.loads((tmp_path / "lee.json").read_text(encoding="utf-8"))
    document["model"]["singular_values"] = ["x"]
    (tmp_path / "lee.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(EmbeddingError, match=r"lee\.json: not a fitted USIF that sentemb saved"):
        sentemb.SentenceIndex.load(tmp_path / "lee", lee["vectors"])


def test_cli_sif_ranks_compares_and_embeds_with_jobs(lee: Dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "fit.txt").write_text(
        "\n".join([*lee["fit"][:200], "zzzz"]) + "\n", encoding="utf-8"
    )
    common = ["--vectors", str(LEE / "vectors.bin"), "--counts", str(LEE / "counts.txt")]
    query = lee["unseen"][0]
    model = sentemb.SIF(lee["vectors"], lee["counts"]).fit(lee["fit"][:200])
    ranked = run(*common, "--method", "sif", "--rank", query, str(tmp_path / "fit.txt"), "-k", "3")
    expected = sentemb.SentenceIndex(sentemb.SIF(lee["vectors"], lee["counts"]), lee["fit"][:200])
    assert ranked.stdout == "".join(f"{s:.6f}  {t}\n" for _, s, t in expected.search(query, k=3))
    assert ranked.stderr.endswith("line 201: every token of 'zzzz' is out of vocabulary\n")
    indexed = [*common, "--method", "sif", "--rank", query, str(tmp_path / "fit.txt"), "-k", "3"]
    made = run(*indexed, "--index", str(tmp_path / "idx"))
    reused = run(*indexed, "--index", str(tmp_path / "idx"))
    assert made.stdout == reused.stdout == ranked.stdout
    assert "indexed 201 lines" in made.stderr
    assert "indexed" not in reused.stderr
    a, b = lee["unseen"][1], lee["unseen"][2]
    compared = run(
        *common,
        "--method",
        "sif",
        "--compare",
        a,
        b,
        "--input",
        str(tmp_path / "fit.txt"),
        "--json",
    )
    score = json.loads(compared.stdout)["similarity"]
    assert score == sentemb.cosine_similarity(model.embed(a), model.embed(b))
    one = run(*common, "--method", "sif", "--json", "--input", str(tmp_path / "fit.txt"))
    two = run(
        *common, "--method", "sif", "--json", "--input", str(tmp_path / "fit.txt"), "--jobs", "2"
    )
    assert one == two
    assert one.returncode == 0


def test_cli_usif_is_the_models_defaults_and_reads_counts_in_the_encoding_given(
    lee: Dict[str, Any], tmp_path: Path
) -> None:
    # uSIF's 5 components (the vectors have 50 dimensions), case folded, as the API gives.
    fit = lee["fit"][:60]
    (tmp_path / "fit.txt").write_text("\n".join(fit) + "\n", encoding="utf-8")
    counts = (LEE / "counts.txt").read_text(encoding="utf-8")
    (tmp_path / "counts.txt").write_text(counts, encoding="utf-16")
    vectors = "".join(f"{w} {' '.join(map(repr, v))}\n" for w, v in lee["vectors"].items())
    (tmp_path / "vectors.txt").write_text(vectors, encoding="utf-16")
    args = ["--vectors", str(tmp_path / "vectors.txt"), "--counts", str(tmp_path / "counts.txt"),
            "--encoding", "utf-16", "--method", "usif", "--json", "--input",
            str(tmp_path / "fit.txt")]  # fmt: skip
    done = run(*args)
    assert done.returncode == 0, done.stderr
    model = sentemb.USIF(lee["vectors"], lee["counts"]).fit(fit)
    assert [json.loads(line)["usif"] for line in done.stdout.splitlines()] == model.embeddings
    cased = run(*args, "--case-sensitive")
    model = sentemb.USIF(lee["vectors"], lee["counts"], fold_case=False).fit(fit)
    assert [json.loads(line)["usif"] for line in cased.stdout.splitlines()] == model.embeddings


# -- Word neighbours -----------------------------------------------------------------------


def brute_force_words(vectors: Any, word: str) -> List[Tuple[str, float]]:
    target = vectors[word]
    scored = [
        (other, sentemb.cosine_similarity(target, vectors[other]))
        for other in vectors
        if other != word and any(vectors[other])
    ]
    return sorted(scored, key=lambda pair: -pair[1])  # stable: ties in vocabulary order


@given(
    st.dictionaries(
        st.sampled_from(["milk", "tea", "Tea", "hot", "iced", "cup", "of", "x"]),
        st.lists(st.integers(-3, 3), min_size=2, max_size=2),
        min_size=1,
    ),
    st.data(),
)
def test_word_neighbours_are_a_brute_force_ranking(vocab: Dict[str, List[int]], data: Any) -> None:
    vectors = sentemb.Vectors(vocab)
    word = data.draw(st.sampled_from(sorted(vocab)))
    if not any(vocab[word]):
        with pytest.raises(EmbeddingError, match="has the zero vector: it is similar to nothing"):
            vectors.most_similar(word)
        return
    expected = brute_force_words(vectors, word)
    assert vectors.most_similar(word, k=None) == expected
    assert vectors.most_similar(word) == expected[:10]
    assert vectors.most_similar(word, k=1) == expected[:1]


def test_word_neighbours_of_a_loaded_file_as_gensim_leaves_the_word_out() -> None:
    vectors = sentemb.load_vectors(GLOVE.splitlines())
    neighbours = vectors.most_similar("hot", k=2)
    assert [w for w, _ in neighbours] == ["coffee", "cup"]
    assert "hot" not in dict(vectors.most_similar("hot", k=None))
    twelve = sentemb.Vectors({f"w{i}": [1.0, float(i)] for i in range(12)})
    assert len(twelve.most_similar("w0")) == 10  # gensim's topn
    with pytest.raises(sentemb.OutOfVocabularyError, match="'fire' is not in the vectors"):
        vectors.most_similar("fire")
    with pytest.raises(KeyError):
        vectors.most_similar("Hot")  # exact, as gensim's keys are
    with pytest.raises(EmbeddingError, match="k must be a whole number >= 0, not -1"):
        vectors.most_similar("hot", k=-1)
    with pytest.raises(TypeError, match="a word is a string, not int"):
        vectors.most_similar(3)  # type: ignore[arg-type]
    assert vectors.most_similar("hot", k=0) == []


def test_word_neighbours_of_a_fasttext_model_known_or_not(tmp_path: Path) -> None:
    from conftest import Model

    model = Model(words=("milk", "chocolate", "the", "tea"))
    with sentemb.load_vectors(model.write(tmp_path / "m.bin")) as vectors:
        known = vectors.most_similar("milk", k=None)
        assert [w for w, _ in known] == [w for w, _ in brute_force_words(vectors, "milk")]
        assert "milk" not in dict(known)
        unknown = vectors.most_similar("milky", k=None)  # its n-grams' vector, nothing left out
        assert sorted(w for w, _ in unknown) == sorted(model.words)
        assert unknown == brute_force_words(vectors, "milky")


# -- One JSON shape for every mode ------------------------------------------------------------


def test_every_mode_writes_the_one_json_shape(files: Tuple[str, str], tmp_path: Path) -> None:
    glove, lines = files
    (tmp_path / "counts.txt").write_text("cup 3\nhot 5\ncoffee 2\ntea 4\niced 1\nchocolate 2\n")
    counts = ["--counts", str(tmp_path / "counts.txt")]
    modes = {
        ("average", "skip_filler", "weighted"): [["--input", lines], ["-"], ["hot tea", "zzz"]],
        ("average",): [["--method", "average", "--input", lines], ["--rank", "hot tea", lines]],
        ("skip_filler",): [["--method", "skip_filler", "-"]],
        ("sif",): [["--method", "sif", *counts, "--input", lines]],
    }
    for methods, runs in modes.items():
        for args in runs:
            done = run("--vectors", glove, "--json", *args, stdin=LINES)
            assert done.returncode == 0, (args, done.stderr)
            for text in done.stdout.splitlines():
                record = json.loads(text)
                keys = list(record)
                assert keys[:2] == ["line", "sentence"]
                assert keys[2 : 2 + len(methods)] == list(methods)
                missing = [m for m in methods if record[m] is None]
                assert ("error" in record) == bool(missing), record
                assert sorted(record.get("error", {})) == missing
                extra = set(keys[2 + len(methods) :]) - {"error"}
                ranked = "--rank" in args and not missing  # those with no vector: no score
                assert extra == ({"similarity"} if ranked else set()), args
    exercise = json.loads(run("--json").stdout)
    assert list(exercise) == ["line", "sentence", "average", "skip_filler", "weighted"]


# -- Progress on stderr, when it is a terminal --------------------------------------------------


def ticking(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """A terminal on stderr, and a clock that moves a second each time it is read (set
    in the test itself: pytest puts its own stderr back after the fixtures)."""
    clock = iter(range(10**6))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    return terminal


def test_a_corpus_shows_its_count_rate_and_time_left(
    files: Tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    glove, lines = files
    terminal = ticking(monkeypatch)
    assert sentemb.main(["--vectors", glove, "--json", "--input", lines, "--quiet"]) == 0
    assert terminal.getvalue() == ""
    assert sentemb.main(["--vectors", glove, "--json", "--input", lines]) == 0
    shown = terminal.getvalue()
    assert "\rsentemb: 1 of 4 lines (1/s, 0:03 left)" in shown
    assert "\rsentemb: 4 of 4 lines (" in shown
    assert shown.endswith(")\n") or shown.endswith("vocabulary\n")


def test_a_corpus_counts_its_progress_in_lines_blank_ones_too(
    files: Tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    glove, _ = files
    (tmp_path / "gaps.txt").write_text("hot tea\n\n\niced tea\n", encoding="utf-8")
    terminal = ticking(monkeypatch)
    assert sentemb.main(["--vectors", glove, "--json", "--input", str(tmp_path / "gaps.txt")]) == 0
    assert "\rsentemb: 4 of 4 lines (" in terminal.getvalue()  # the last sentence is on line 4
    (tmp_path / "gaps.txt").write_text("hot tea\n\niced tea", encoding="utf-8")  # no line end
    assert sentemb.main(["--vectors", glove, "--json", "--input", str(tmp_path / "gaps.txt")]) == 0
    assert terminal.getvalue().endswith("\rsentemb: 3 of 3 lines (2/s, 0:00 left)\n")


def test_an_index_and_a_fit_show_progress(
    monkeypatch: pytest.MonkeyPatch, lee: Dict[str, Any]
) -> None:
    terminal = ticking(monkeypatch)
    sentemb.SentenceIndex(SentenceEmbedder(), ["lot", "milk", "love milk"])
    assert "\rsentemb: 1 of 3 sentences indexed (" in terminal.getvalue()
    assert terminal.getvalue().endswith(" left)\n")
    terminal.truncate(0)
    terminal.seek(0)
    sentemb.SIF(lee["vectors"], lee["counts"]).fit(lee["fit"][:5])
    assert "\rsentemb: 1 of 5 sentences weighed (" in terminal.getvalue()
    terminal.truncate(0)
    terminal.seek(0)
    sentemb.SentenceIndex(SentenceEmbedder(), ["lot", "milk"], progress=False)
    sentemb.SentenceIndex(
        sentemb.SIF(lee["vectors"], lee["counts"]), lee["fit"][:5], progress=False
    )
    assert terminal.getvalue() == ""


def test_a_ranking_and_a_fit_on_the_command_line_show_progress_unless_quiet(
    files: Tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    glove, lines = files
    terminal = ticking(monkeypatch)
    (tmp_path / "counts.txt").write_text("milk 10\nhot 5\ntea 3\n", encoding="utf-8")
    sif = ["--vectors", glove, "--method", "sif", "--counts", str(tmp_path / "counts.txt")]
    runs = [
        (["--vectors", glove, "--rank", "hot milk", lines, "--index"], "indexed"),
        ([*sif, "--rank", "hot milk", lines], "weighed"),  # the fit before its index
        ([*sif, "--compare", "hot milk", "tea", "--input", lines], "weighed"),
        ([*sif, "--json", "--input", lines], "weighed"),  # the fit before the embeddings
    ]
    for n, (args, what) in enumerate(runs):
        for quiet in (["--quiet"], []):
            terminal.truncate(0)
            terminal.seek(0)
            index = [str(tmp_path / f"index{n}{len(quiet)}")] if args[-1] == "--index" else []
            assert sentemb.main([*args, *index, *quiet]) == 0
            shown = f" sentences {what} (" in terminal.getvalue()
            assert shown != bool(quiet), (args, quiet, terminal.getvalue())


def test_no_progress_when_stderr_is_not_a_terminal(
    files: Tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    glove, lines = files
    sentemb.main(["--vectors", glove, "--json", "--input", lines])
    sentemb.SentenceIndex(SentenceEmbedder(), ["lot", "milk"])
    assert "sentemb: " not in capsys.readouterr().err


def test_durations_read_as_a_clock() -> None:
    assert [sentemb._duration(s) for s in (0, 4.4, 65, 3725, -1)] == [
        "0:00",
        "0:04",
        "1:05",
        "1:02:05",
        "0:00",
    ]


# -- gensim's own files ------------------------------------------------------------------------


class Trap:
    """A pickle that makes a folder when it is loaded: it must never be."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __reduce__(self) -> Any:
        import os

        return os.mkdir, (str(self.folder),)


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
@pytest.mark.parametrize("name", ["glove.kv", "word2vec.model"])
def test_gensims_pickles_are_named_with_how_to_convert_them(
    tmp_path: Path, protocol: int, name: str
) -> None:
    import pickle

    path = tmp_path / name
    path.write_bytes(pickle.dumps(Trap(tmp_path / "unpickled"), protocol=protocol))
    with pytest.raises(EmbeddingError) as raised:
        sentemb.load_vectors(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: a pickle, as gensim saves a KeyedVectors (.kv)")
    assert "KeyedVectors.load(path).save_word2vec_format('vectors.bin', binary=True)" in message
    assert not (tmp_path / "unpickled").exists()
    done = run("--vectors", str(path), "milk")
    assert done.returncode == 2
    assert "sentemb never unpickles" in done.stderr


def test_what_the_hypothesis_runs_reach_is_reached_by_examples_too(
    tmp_path: Path, files: Tuple[str, str]
) -> None:
    zero = sentemb.Vectors({"nil": [0.0, 0.0], "milk": [1.0, 0.0]})
    with pytest.raises(EmbeddingError, match="'nil' has the zero vector: it is similar to nothing"):
        zero.most_similar("nil")
    assert zero.most_similar("milk") == []  # a zero vector has no cosine: left out
    embedder = SentenceEmbedder(vocab_embeddings={"milk": [1.0, 2.0]})
    sentemb.SentenceIndex(embedder, ["milk"]).save(tmp_path / "i")
    data = (tmp_path / "i.npy").read_bytes()
    (tmp_path / "i.npy").write_bytes(data[:-8])  # a number short of its shape
    with pytest.raises(EmbeddingError, match=r"i\.npy: 1 number for shape \(1, 2\)"):
        sentemb.SentenceIndex.load(tmp_path / "i", embedder)
    (tmp_path / "i.json").write_text('{"sentemb": "SentenceIndex", "sentences": ["milk"]}')
    with pytest.raises(EmbeddingError, match=r"i\.json: not a SentenceIndex sentemb saved \("):
        sentemb.SentenceIndex.load(tmp_path / "i", embedder)
    glove, lines = files
    done = run("--vectors", glove, "--oov", "error", "--input", lines, "--output", "o.npy")
    assert done.returncode == 2
    assert done.stderr == f"sentemb.py: error: {lines}, line 1: 'a' is out of vocabulary\n"


@pytest.mark.parametrize("name", ["a\0b", "\ud800"])
@pytest.mark.parametrize("option", ["--svg", "--output"])
def test_a_file_to_write_that_no_file_can_be_named_is_refused(option: str, name: str) -> None:
    # found by test_fuzz: --svg with a NUL or a lone surrogate was a traceback
    done = run(option, name + (".npy" if option == "--output" else ""), "milk")
    assert done.returncode == 2, done.stderr
    assert "not a file name" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("option", ["--svg", "--output"])
def test_a_file_that_cannot_be_written_is_named_as_given(option: str, tmp_path: Path) -> None:
    target = str(tmp_path / "missing" / "out.npy")
    done = run(option, target, "milk")
    assert done.returncode == 2
    assert f"No such file or directory: '{target}'" in done.stderr  # not its .partial
    assert list(tmp_path.iterdir()) == []
