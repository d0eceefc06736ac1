"""Real word vectors: loading GloVe and word2vec files, any vocabulary, OOV policies,
normalisation, retrieval and the command-line options for them."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import math
import multiprocessing
import os
import pickle
import random
import signal
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
from array import array
from fractions import Fraction as F
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import sentemb
from conftest import Terminal, close, norm, record_calls, run
from sentemb import EmbeddingError, SentenceEmbedder, Vectors, load_vectors

# -- Helpers ----------------------------------------------------------------------------


GLOVE = "the 0.1 0.2 0.3\nmilk 3 5 0.5\nchocolate -1.5 2e-3 4\n"


WORD2VEC = "3 3\n" + GLOVE


READS_IT = " (errors='replace' or 'ignore' reads it)"


def write(tmp_path: Path, text: str, name: str = "vectors.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


BAD_FILES: List[Any] = [
    ("milk 1 2\ntea 1 two\n", "line 2: number 2 is not a number: 'two'"),
    ("milk 1 2\ntea 1 nan\n", "line 2: number 2 is not a finite float64: it reads as nan"),
    (
        "milk 1 2\nx 1e308 1e308\ntea -inf 1\n",
        "line 3: number 1 is not a finite float64: it reads as -inf",
    ),
    ("milk 1 2\ntea 1 1e999\n", "line 2: number 2 is not a finite float64: it reads as inf"),
    ("milk 1 2\ntea -inf 1\n", "line 2: number 1 is not a finite float64: it reads as -inf"),
    ("milk 1 2\ntea 1\n", "line 2: expected a word and 2 numbers, found 1 number"),
    ("milk 1 2\ntea\n", "line 2: expected a word and 2 numbers, found 0 numbers"),
    ("milk 1 2\ntea 1 2 3\n", "line 2: expected a word and 2 numbers, found 3 numbers"),
    ("milk\n", "line 1: expected a word and numbers, found 'milk'"),
    ("3 2\nmilk 1 2\ntea 1 2\n", "line 1: the header says 3 vectors, the file has 2"),
    ("1 2\nmilk 1 2\ntea 1 2\n", "line 1: the header says 1 vector, the file has 2"),
    ("2 3\nmilk 1 2\ntea 1 2\n", "line 2: expected a word and 3 numbers, found 2 numbers"),
    ("2 0\n", "line 1: the header gives dimension 0"),
    ("0 5\n", "line 1: the header says 0 vectors: none to load"),
    ("", ": the file is empty"),
    ("\n\n  \n", "line 3: no vectors by the end of the file"),
]


class Lookup:
    """Stands in for gensim's KeyedVectors: supports only `in` and `[]`."""

    def __init__(self, table: Dict[str, Any]) -> None:
        self.table = table
        self.asked: List[str] = []

    def __contains__(self, word: object) -> bool:
        return word in self.table

    def __getitem__(self, word: str) -> Any:
        self.asked.append(word)
        return self.table[word]


def test_an_exact_embedder_over_a_lookup_folds_case_as_a_float_one_does() -> None:
    lookup = Lookup({"milk": [0.1, 2]})
    exact = SentenceEmbedder(vocab_embeddings=lookup, exact=True, oov_vector=[0, 0])
    assert exact.embed_word("MILK") == [F(1, 10), 2]
    floats = SentenceEmbedder(vocab_embeddings=lookup, oov_vector=[0, 0])
    assert floats.embed_word("MILK") == [0.1, 2.0]


class Array:
    """Stands in for a numpy array: has tolist()."""

    def __init__(self, values: List[float]) -> None:
        self.values = values

    def tolist(self) -> List[float]:
        return list(self.values)


small_vocabularies = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d"]),
    st.lists(st.floats(-1e6, 1e6).filter(lambda x: abs(x) > 1e-6), min_size=3, max_size=3),
    min_size=1,
)


@pytest.fixture
def glove(tmp_path: Path) -> str:
    return str(write(tmp_path, "milk 3 5\nchocolate 2 4\nlove 1 3\ntea 0 1\n"))


FIVE_D = "milk 3 5 1 0 0\nchocolate 2 4 0 1 0\nlove 1 3 0 0 1\ntea 0 1 0 0 0\n"


def write_binary(
    path: Path,
    vectors: Dict[bytes, List[float]],
    newline: bool = False,
    header: Optional[bytes] = None,
) -> Path:
    """A word2vec binary file as gensim's save_word2vec_format(binary=True) writes it
    (with newline=True, as the word2vec C tool does)."""
    dimension = len(next(iter(vectors.values())))
    body = b"".join(
        word + b" " + struct.pack(f"<{dimension}f", *vector) + (b"\n" if newline else b"")
        for word, vector in vectors.items()
    )
    path.write_bytes((header or b"%d %d\n" % (len(vectors), dimension)) + body)
    return path


BINARY: Dict[bytes, List[float]] = {
    b"milk": [0.1, -2.5, 3.0],
    b"Tea": [1.0, 0.0, 1e-3],
    "caf\u00e9".encode(): [7, 8, 9],
}


def float32(values: List[float]) -> List[float]:
    return list(struct.unpack(f"<{len(values)}f", struct.pack(f"<{len(values)}f", *values)))


class ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


# -- Text files: GloVe, word2vec and fastText .vec ---------------------------------------


@pytest.mark.parametrize("text", [GLOVE, WORD2VEC])
def test_both_formats_load_the_same_vectors(tmp_path: Path, text: str) -> None:
    vectors = load_vectors(write(tmp_path, text))
    assert dict(vectors) == {
        "the": [0.1, 0.2, 0.3],
        "milk": [3.0, 5.0, 0.5],
        "chocolate": [-1.5, 0.002, 4.0],
    }
    assert vectors.dimension == 3
    assert list(vectors) == ["the", "milk", "chocolate"]


def test_round_trip_is_exact(tmp_path: Path) -> None:
    table = {f"w{i}": [i / 7, -(i**0.5), 1e-300 * i, 1e300] for i in range(50)}
    lines = [f"{w} " + " ".join(map(repr, v)) for w, v in table.items()]
    path = write(tmp_path, "\n".join(lines))
    assert dict(load_vectors(path)) == table
    assert dict(load_vectors(str(path))) == table


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffthe 0.1 0.2 0.3\r\nmilk 3 5 0.5  \r\nchocolate -1.5 2e-3 4\r\n\r\n\n",
        "\n\nthe 0.1 0.2 0.3   \n\nmilk 3 5 0.5\nchocolate -1.5 2e-3 4",
        "\ufeff3 3\r\n" + GLOVE.replace("\n", " \r\n") + "\n \n",
    ],
)
def test_messy_files_load(tmp_path: Path, text: str) -> None:
    vectors = load_vectors(write(tmp_path, text))
    assert vectors["milk"] == [3.0, 5.0, 0.5]
    assert vectors["chocolate"] == [-1.5, 0.002, 4.0]
    assert len(vectors) == 3


def test_words_may_contain_spaces() -> None:
    vectors = load_vectors([". . . 1 2", "at name@example.com 3 4", "\u00a0 5 6", "x 7 8"])
    assert dict(vectors) == {
        ". . .": [1.0, 2.0],
        "at name@example.com": [3.0, 4.0],
        "\u00a0": [5.0, 6.0],
        "x": [7.0, 8.0],
    }
    first_has_spaces = load_vectors([". . . 1 2", "x 7 8"])
    assert first_has_spaces.dimension == 2


def test_numeric_words_and_a_one_dimensional_file() -> None:
    assert dict(load_vectors(["1 0.5 0.25", "2 1 1"])) == {"1": [0.5, 0.25], "2": [1.0, 1.0]}
    assert dict(load_vectors(["a 1", "b -2"])) == {"a": [1.0], "b": [-2.0]}


def test_the_first_of_duplicate_words_wins() -> None:
    vectors = load_vectors(["milk 1 1", "tea 2 2", "milk 3 3"])
    assert vectors["milk"] == [1.0, 1.0]
    assert len(vectors) == 2


def test_lines_may_be_bytes_or_an_open_file(tmp_path: Path) -> None:
    assert load_vectors([b"milk 1 2"])["milk"] == [1.0, 2.0]
    path = write(tmp_path, GLOVE)
    with open(path, encoding="utf-8") as file:
        assert len(load_vectors(file)) == 3
    with pytest.raises(EmbeddingError, match="<lines>, line 2: number 2 is not a number: 'five'"):
        load_vectors(line.replace("5", "five") for line in GLOVE.splitlines())
    bad = write(tmp_path, GLOVE.replace("5", "five"), "bad.txt")
    with open(bad, encoding="utf-8") as file, pytest.raises(
        EmbeddingError, match=r"bad\.txt, line 2"
    ):
        load_vectors(file)
    latin = load_vectors(["café 1 2".encode("latin-1")], encoding="latin-1")
    assert "café" in latin


def test_other_encodings(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(("café 1 2\nthé 3 4\n").encode("utf-16"))
    assert dict(load_vectors(path, encoding="utf-16")) == {"café": [1.0, 2.0], "thé": [3.0, 4.0]}
    with pytest.raises(EmbeddingError, match="cannot decode it as utf-16"):
        load_vectors(write(tmp_path, "odd 1 2\n", "odd.txt"), encoding="utf-16")
    with pytest.raises(EmbeddingError, match="lines of text cannot be read as utf-16"):
        load_vectors(["a 1"], encoding="utf-16")
    with pytest.raises(EmbeddingError, match="unknown encoding 'klingon'"):
        load_vectors(["a 1"], encoding="klingon")
    with pytest.raises(EmbeddingError, match=r"line 2: cannot encode '\\ud800' as utf-8"):
        load_vectors(["a 1", "\ud800 2"])
    with pytest.raises(EmbeddingError, match=r"line 1: cannot decode byte 0xff as utf-8"):
        load_vectors([b"a 1 \xff"])
    with pytest.raises(EmbeddingError, match=r"line 1: expected a word and numbers, found 'a b'"):
        load_vectors([b"a b"])


def test_limit_keeps_the_first_vectors_and_reads_no_further() -> None:
    lines = ["a 1 1", "b 2 2", "c 3 3", "this line is never read"]
    assert list(load_vectors(lines, limit=3)) == ["a", "b", "c"]
    assert list(load_vectors(["3 2", *lines[:3], "d 4 4"], limit=2)) == ["a", "b"]
    assert list(load_vectors(lines[:3], limit=10)) == ["a", "b", "c"]
    with pytest.raises(EmbeddingError, match="limit must be a whole number >= 1"):
        load_vectors(lines, limit=0)


def test_words_keeps_what_those_words_can_look_up() -> None:
    lines = ["the 1 1", "Paris 2 2", "milk 3 3", "MILK 4 4", "tea 5 5"]
    vectors = load_vectors(lines, words=["paris", "Milk", "coffee"])
    assert list(vectors) == ["Paris", "milk", "MILK"]
    full = SentenceEmbedder(vocab_embeddings=load_vectors(lines), oov="vector")
    part = SentenceEmbedder(vocab_embeddings=vectors, oov="vector")
    for token in ["paris", "Milk", "MILK", "milk", "coffee"]:
        assert part.embed_word(token) == full.embed_word(token)


def test_a_file_where_words_matches_nothing_still_knows_its_dimension() -> None:
    vectors = load_vectors(["a 1 2 3"], words=["b"])
    assert len(vectors) == 0
    assert SentenceEmbedder(vocab_embeddings=vectors, oov="vector").embed_word("b") == [-1.0] * 3


def test_words_skips_the_numbers_of_lines_it_leaves_out() -> None:
    assert list(load_vectors(["a 1 2", "b x y", "c 3 4"], words=["a", "c"])) == ["a", "c"]
    with pytest.raises(EmbeddingError, match="line 2: expected a word and 2 numbers"):
        load_vectors(["a 1 2", "b 1", "c 3 4"], words=["a"])
    assert list(load_vectors(["a 1 2", "b 1 1", "c 3 4"], words=iter(["a", "c"]))) == ["a", "c"]
    with pytest.raises(TypeError, match="words: 3 is not a string"):
        load_vectors(["a 1 2"], words=["a", 3])  # type: ignore[list-item]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_bad_files_name_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(EmbeddingError, match=f"vectors.txt.*{message}"):
        load_vectors(path)


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "vectors.txt"
    path.write_bytes(b"milk 1 2\ntea 1 2\ncaf\xe9 1 2\n")
    with pytest.raises(EmbeddingError, match=r"line 3: cannot decode byte 0xe9 as utf-8"):
        load_vectors(path)


def test_a_missing_file_is_reported_by_the_os() -> None:
    with pytest.raises(FileNotFoundError, match=r"file\.txt"):
        load_vectors("/no/such/file.txt")


def test_limit_one_reads_one_vector() -> None:
    assert list(load_vectors(["a 1", "b 2"], limit=1)) == ["a"]


def test_words_applies_to_paths_too(tmp_path: Path) -> None:
    assert list(load_vectors(write(tmp_path, GLOVE), words=["MILK"])) == ["milk"]


def test_a_byte_order_mark_is_utf8s_only(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"\xef\xbb\xbfa 1\n")
    assert list(load_vectors(path, encoding="latin-1")) == ["ï»¿a"]
    assert list(load_vectors([b"\xef\xbb\xbfa\tb 1 2"])) == ["a\tb"]


@pytest.mark.parametrize("header", ["2\t3", "2  3", " 2 3 ", "2 \t 3\r"])
def test_a_header_may_be_separated_by_any_whitespace(header: str) -> None:
    vectors = load_vectors([header, "milk 1 2 3", "tea 4 5 6"])
    assert vectors.dimension == 3
    assert list(vectors) == ["milk", "tea"]


def test_errors_name_where_the_dimension_was_guessed() -> None:
    assert load_vectors(["milk 0,5 2"]).keys() == {"milk 0,5"}  # a word with a space
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(["milk \u0661 2", "tea 3 4"])
    assert str(raised.value) == (
        "<lines>, line 2: expected a word and 1 number, found 2 numbers "
        "(line 1 has 1: 'milk \u0661 2')"
    )
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(["2 3", "milk 1 2 3", "tea 1 2"])
    assert str(raised.value) == (
        "<lines>, line 3: expected a word and 3 numbers, found 2 numbers "
        "(the header on line 1 says so)"
    )


def test_a_bad_line_is_quoted_short() -> None:
    line = "x" * 1_000_000
    with pytest.raises(EmbeddingError) as raised:
        load_vectors([line])
    assert len(str(raised.value)) < 200
    assert str(raised.value).endswith("... (1,000,002 chars)")


def test_text_files_with_errors_replace(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_bytes(b"caf\xe9 1 2\nmilk 1 \xff\n")
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path, errors="replace")
    assert str(raised.value) == f"{path}, line 2: number 2 is not a number: '\ufffd'"
    path.write_bytes(b"caf\xe9 1 2\n")
    assert list(load_vectors(path, errors="replace")) == ["caf\ufffd"]


def test_a_first_line_with_a_bom_and_trailing_spaces(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_bytes(b"\xef\xbb\xbfmilk 1 2   \ntea 3 4\n")
    assert load_vectors(path)["milk"] == [1.0, 2.0]


def test_an_infinity_after_the_first_block_is_found(tmp_path: Path) -> None:
    vectors = {b"w%d" % i: [1.0] for i in range(70_000)}
    vectors[b"last"] = [math.inf]
    path = write_binary(tmp_path / "v.bin", vectors)
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == (
        f"{path}, vector 70001: number 1 is not a finite float32: it reads as inf"
    )


def test_bad_errors_and_an_empty_standard_input_are_named(
    glove: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(["a 1"], errors="surrogateescape")
    assert str(raised.value) == (
        "errors must be one of strict, replace, ignore, not 'surrogateescape'"
    )
    done = run("--vectors", glove, "-", stdin=b"\n\n")
    assert done.stderr == "sentemb.py: error: <stdin>: no sentences in it (one per line)\n"


def test_utf16_with_broken_bytes_and_errors_replace(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_bytes("milk 1 2\n".encode("utf-16-le") + b"\x00\xd8" + " 3 4\n".encode("utf-16-le"))
    vectors = load_vectors(path, encoding="utf-16-le", errors="replace")
    assert list(vectors) == ["milk", "\ufffd"]


def test_text_or_binary_is_told_from_whole_lines_wherever_64_kib_falls(tmp_path: Path) -> None:
    long_line = write(tmp_path, "1 16400\nw " + "1e1 " * 16400 + "\n", "long.txt")
    assert load_vectors(long_line)["w"] == [10.0] * 16400
    two = write(tmp_path, "2 6000\n" + "a " + "0.5 " * 6000 + "\nb " + "2 " * 6000 + "\n")
    assert load_vectors(two)["b"] == [2.0] * 6000
    glove = write(tmp_path, "w " + "0.25 " * 20000 + "\nv " + "1 " * 20000 + "\n", "g.txt")
    assert load_vectors(glove).dimension == 20000


def test_word2vec_text_is_told_from_binary_at_its_edges(tmp_path: Path) -> None:
    one = write(tmp_path, "2 1\nmilk 3\ntea 0.5\n", "one.txt")  # one number a line
    assert dict(load_vectors(one)) == {"milk": [3.0], "tea": [0.5]}
    last = write(tmp_path, "1 3\nmilk 0.1234567 0.2345678 0.3456789", "last.txt")  # no \n
    assert load_vectors(last)["milk"] == [0.1234567, 0.2345678, 0.3456789]
    endless = write(tmp_path, "1 1\nw" + " 1" * 40_000, "endless.txt")  # no text line so long
    with pytest.raises(EmbeddingError, match="the header says 1 vector, but more follows"):
        load_vectors(endless)


def test_a_control_byte_two_lines_down_does_not_make_text_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "2 2\nmilk 1 2\n\x01x 3 4\n", "control.txt")
    assert dict(load_vectors(path)) == {"milk": [1.0, 2.0], "\x01x": [3.0, 4.0]}


def test_a_fifo_is_read_without_seeking(tmp_path: Path) -> None:
    fifo = tmp_path / "vectors.fifo"
    os.mkfifo(fifo)
    for content, expected in [(GLOVE.encode(), [3.0, 5.0, 0.5])]:
        writer = threading.Thread(target=fifo.write_bytes, args=(content,))
        writer.start()
        assert load_vectors(fifo)["milk"] == expected
        writer.join()
    binary = write_binary(tmp_path / "b.bin", BINARY).read_bytes()
    writer = threading.Thread(target=fifo.write_bytes, args=(binary,))
    writer.start()
    assert load_vectors(fifo)["milk"] == float32(BINARY[b"milk"])
    writer.join()


# -- Binary word2vec, compressed files, and files that are not vectors -------------------


def test_gzip_files_are_read_transparently(tmp_path: Path) -> None:
    path = tmp_path / "vectors.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as file:
        file.write(WORD2VEC)
    assert load_vectors(path)["milk"] == [3.0, 5.0, 0.5]


def test_a_broken_gzip_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.gz"
    path.write_bytes(gzip.compress(GLOVE.encode())[:-12])
    with pytest.raises(EmbeddingError, match=r"broken\.gz: not a readable gzip file"):
        load_vectors(path)
    path.write_bytes(b"not gzip at all")
    with pytest.raises(EmbeddingError, match="not a readable gzip file"):
        load_vectors(path)


def test_utf16_files_gzipped_limited_and_named(tmp_path: Path) -> None:
    path = tmp_path / "v16.txt.gz"
    with gzip.open(path, "wt", encoding="utf-16") as file:
        file.write("café 1 2\nthé 3 4\nlait 5 6\n")
    assert list(load_vectors(path, encoding="utf-16", limit=2)) == ["café", "thé"]
    assert list(load_vectors(path, encoding="utf-16", words=["LAIT"])) == ["lait"]
    bad = tmp_path / "bad16.txt"
    bad.write_bytes("café 1 2\nthé 3 x\n".encode("utf-16"))
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(bad, encoding="utf-16")
    assert str(raised.value) == f"{bad}, line 2: number 2 is not a number: 'x'"


@pytest.mark.parametrize("newline", [False, True])
@pytest.mark.parametrize("suffix", ["", ".gz", ".bz2", ".xz"])
def test_binary_word2vec_is_detected_and_kept_as_float32(
    tmp_path: Path, newline: bool, suffix: str
) -> None:
    plain = write_binary(tmp_path / "v.bin", BINARY, newline)
    path = tmp_path / f"vectors.bin{suffix}"
    openers: Dict[str, Callable[..., Any]] = {
        "": open, ".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open,
    }  # fmt: skip
    with openers[suffix](path, "wb") as file:
        file.write(plain.read_bytes())
    vectors = load_vectors(path)
    assert list(vectors) == ["milk", "Tea", "café"]
    assert vectors["milk"] == float32([0.1, -2.5, 3.0])
    assert vectors["café"] == [7.0, 8.0, 9.0]
    assert SentenceEmbedder(vocab_embeddings=vectors).embed_word("tea") == float32([1, 0, 1e-3])
    assert load_vectors(path, limit=2, words=["TEA", "café"]).keys() == {"Tea"}


def test_binary_word2vec_takes_half_the_memory_of_text() -> None:
    assert array("f").itemsize * 2 == array("d").itemsize  # what the storage choice rests on


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (-1, r"vector 3 \(byte offset 37\): the file ends inside it; the header says 3 vectors"),
        (22, r"vector 2 \(byte offset 21\): the file ends inside it; the header says 3 vectors"),
        (
            8,
            r"line 1: the header says vectors of 3 numbers, each of them 14 bytes at least, "
            r"and the file has 4 after the header",
        ),
    ],
)
def test_a_truncated_binary_file_names_the_vector_and_offset(
    tmp_path: Path, cut: int, message: str
) -> None:
    path = write_binary(tmp_path / "v.bin", BINARY)
    path.write_bytes(path.read_bytes()[:cut])
    with pytest.raises(EmbeddingError, match=message):
        load_vectors(path)


def test_a_binary_header_that_disagrees_with_the_body(tmp_path: Path) -> None:
    path = write_binary(tmp_path / "v.bin", BINARY, header=b"2 3\n")
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == f"{path}: the header says 2 vectors, but more follows vector 2"
    assert len(load_vectors(path, limit=2)) == 2
    path = write_binary(tmp_path / "v.bin", BINARY, header=b"4 3\n")
    with pytest.raises(EmbeddingError, match=r"vector 4 .* the file ends inside it"):
        load_vectors(path)
    path = write_binary(tmp_path / "v.bin", BINARY, newline=True, header=b"3 3\n")
    path.write_bytes(path.read_bytes() + b"\n\n")  # trailing newlines are fine
    assert len(load_vectors(path)) == 3


def test_float32_keeps_a_text_files_numbers_in_half_the_memory(tmp_path: Path) -> None:
    path = write(tmp_path, GLOVE)
    vectors = load_vectors(path, dtype="float32")
    assert vectors["the"] == [struct.unpack("<f", struct.pack("<f", x))[0] for x in (0.1, 0.2, 0.3)]
    data, default = vectors._data, load_vectors(path)._data
    assert isinstance(data, array)
    assert data.typecode == "f"  # 4 bytes a number
    assert isinstance(default, array)
    assert default.typecode == "d"
    assert load_vectors(GLOVE.splitlines(), dtype="float32")["milk"] == [3.0, 5.0, 0.5]
    path = write(tmp_path, "milk 1 2\ntea 1 1e39\n")
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path, dtype="float32")
    assert str(raised.value) == (
        f"{path}, line 2: number 2 is not a finite float32: it reads as inf"
    )
    assert load_vectors(path)["tea"] == [1.0, 1e39]
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path, dtype="float16")
    assert str(raised.value) == "dtype must be one of float64, float32, not 'float16'"


def test_cli_float32(tmp_path: Path) -> None:
    path = write(tmp_path, GLOVE)
    done = run("--vectors", str(path), "--float32", "--json", "the")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["average"][0] == struct.unpack("<f", struct.pack("<f", 0.1))[0]
    done = run("--float32", "the")
    assert (done.returncode, done.stderr.splitlines()[-1]) == (
        2, "sentemb.py: error: --float32 goes with --vectors or --output"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"0 0\nmilk", "line 1: the header gives dimension 0"),  # found by Hypothesis
        (
            b"0 2\nmilk \x00\x00\x80?\x00\x00\x00@",
            "line 1: the header says 0 vectors: none to load",
        ),
    ],
)
def test_a_binary_header_of_nothing_is_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "v.bin"
    path.write_bytes(content)
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == f"{path}, {message}"


def test_a_binary_file_with_an_infinity_names_the_vector(tmp_path: Path) -> None:
    path = write_binary(tmp_path / "v.bin", {b"a": [1.0, 2.0], b"b": [1.0, math.inf]})
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == (
        f"{path}, vector 2: number 2 is not a finite float32: it reads as inf"
    )


def test_a_binary_word_cut_inside_a_character_needs_errors(tmp_path: Path) -> None:
    path = write_binary(tmp_path / "v.bin", {b"caf\xc3": [1.0], b"tea": [2.0]})
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == (
        f"{path}, vector 1 (byte offset 4): cannot decode byte 0xc3 as utf-8" + READS_IT
    )
    assert list(load_vectors(path, errors="replace")) == ["caf\ufffd", "tea"]
    assert list(load_vectors(path, errors="ignore")) == ["caf", "tea"]
    text = write(tmp_path, "caf\udce9 1\n".encode("utf-8", "surrogateescape").decode("latin-1"))
    assert list(load_vectors(text, encoding="latin-1")) == ["caf\u00c3\u00a9"]
    with pytest.raises(EmbeddingError, match="errors must be one of strict, replace, ignore"):
        load_vectors(path, errors="surrogateescape")


def test_a_binary_word_that_never_ends(tmp_path: Path) -> None:
    path = tmp_path / "v.bin"
    path.write_bytes(b"1 2\n" + b"x" * 70_000)
    with pytest.raises(EmbeddingError, match=r"vector 1 \(byte offset 4\): no space after a word"):
        load_vectors(path)


def test_a_file_that_is_not_text_is_called_binary(tmp_path: Path) -> None:
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == (
        f"{path}: looks like a binary file (byte 0x1a at offset 6), "
        "not word vectors as text or word2vec binary"
    )


@pytest.mark.parametrize("suffix", [".bz2", ".xz"])
def test_bz2_and_xz_text_files(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"glove.txt{suffix}"
    opener = bz2.open if suffix == ".bz2" else lzma.open
    with opener(path, "wt", encoding="utf-8") as file:
        file.write("milk 1 2\ntea 3 4\n")
    assert load_vectors(path)["tea"] == [3.0, 4.0]
    path.write_bytes(b"not compressed at all")
    with pytest.raises(EmbeddingError, match=f"not a readable {opener.__module__} file"):
        load_vectors(path)


def test_a_limit_stops_a_long_binary_file_early(tmp_path: Path) -> None:
    vectors = {b"w%d" % i: [float(i)] * 100 for i in range(3_000)}  # 1.2 MB: several reads
    path = write_binary(tmp_path / "v.bin", vectors)
    assert list(load_vectors(path, limit=5)) == ["w0", "w1", "w2", "w3", "w4"]
    loaded = load_vectors(path)
    assert len(loaded) == 3_000
    assert loaded["w2999"] == [2999.0] * 100


def test_a_binary_file_with_junk_after_good_vectors(tmp_path: Path) -> None:
    path = write_binary(tmp_path / "v.bin", {b"a": [1.0], b"b": [2.0]}, header=b"3 1\n")
    path.write_bytes(path.read_bytes() + b"x" * 70_000)
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value) == (
        f"{path}, vector 3 (byte offset 16): no space after a word in 65,536 bytes"
    )


def test_a_binary_header_is_checked_against_the_files_size(tmp_path: Path) -> None:
    for dimension in (3_000_000_000, 700_000_000, 400_000_000):
        path = tmp_path / "huge.bin"
        path.write_bytes(b"1 %d\nw \x00\x00\x80?\x00\x00" % dimension)
        with pytest.raises(EmbeddingError, match=r"huge\.bin, line 1: the header says vectors of"):
            load_vectors(path)


def test_a_compressed_binary_file_grows_its_buffer_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.bin.gz"
    path.write_bytes(gzip.compress(b"1 400000000\nw \x00\x00\x80?\x00\x00"))
    tracemalloc.start()
    try:
        with pytest.raises(EmbeddingError, match="the file ends inside it"):
            load_vectors(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


def test_a_binary_vector_longer_than_the_buffer_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sentemb, "_CHUNK", 1024)  # bytes read at a time: a small buffer
    dimension = 30_000  # 120 kB a vector: more than the buffer holds
    path = write_binary(tmp_path / "wide.bin", {b"a": [0.5] * dimension, b"b": [2.0] * dimension})
    vectors = load_vectors(path)
    assert vectors["b"] == [2.0] * dimension
    assert vectors["a"][-1] == 0.5


def test_a_binary_file_just_large_enough_for_its_header_loads(tmp_path: Path) -> None:
    path = write_binary(tmp_path / "one.bin", {b"w": [0.5]})  # "1 1\n", "w ", four bytes
    assert load_vectors(path)["w"] == [0.5]
    short = tmp_path / "short.bin"
    short.write_bytes(b"1 3\nw " + bytes(10))  # 12 bytes after the header: 14 at least
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(short)
    assert str(raised.value) == (
        f"{short}, line 1: the header says vectors of 3 numbers, each of them 14 bytes at least, "
        "and the file has 12 after the header"
    )
    huge = tmp_path / "huge.bin.gz"  # a stream: its size is not known, its dimension too large
    huge.write_bytes(gzip.compress(b"1 3000000000\nw \x00\x00\x80?"))
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(huge)
    assert str(raised.value) == (
        f"{huge}, line 1: the header says vectors of 3,000,000,000 numbers, "
        "each of them 12,000,000,002 bytes at least"
    )


def test_a_binary_decode_error_names_the_vectors_byte_offset(tmp_path: Path) -> None:
    path = write_binary(tmp_path / "v.bin", {b"milk": [1.0], b"caf\xc3": [2.0]})
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(path)
    assert str(raised.value).startswith(f"{path}, vector 2 (byte offset 13): cannot decode")


def test_a_worker_gives_back_each_outcome_and_leaves_ctrl_c_to_its_parent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sentemb, "_worker_task", None)
    previous = signal.getsignal(signal.SIGINT)
    try:  # what a worker process does when it starts, and with each batch
        sentemb._start_worker(SentenceEmbedder(oov="error").average)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        outcomes = sentemb._worker_batch(["love milk", "zzz"])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert outcomes[0] == (True, [2.0, 4.0])
    assert outcomes[1][0] is False
    assert isinstance(outcomes[1][1], KeyError)


def test_a_corpus_streams_a_few_batches_ahead_of_its_output() -> None:
    read = 0

    def sentences() -> Iterator[str]:
        nonlocal read
        for _ in range(20_000):
            read += 1
            yield "milk"

    embedded = SentenceEmbedder().embed_many(sentences(), jobs=2)
    next(embedded)
    assert read <= (4 * 2 + 2) * sentemb._BATCH  # not the whole corpus
    embedded.close()


def test_the_batches_a_worker_takes() -> None:
    assert [len(b) for b in sentemb._batches(iter(range(600)))] == [256, 256, 88]
    assert [len(b) for b in sentemb._batches(iter(range(512)))] == [256, 256]


def old_fasttext_arguments(**changed: float) -> bytes:
    """The start of a fastText model from before the magic number: dim, ws, epoch,
    minCount, neg, wordNgrams, loss, model, bucket, minn, maxn, lrUpdateRate, t."""
    arguments: Dict[str, float] = {
        "dim": 100, "ws": 5, "epoch": 5, "min_count": 5, "neg": 5, "ngrams": 1, "loss": 2,
        "model": 1, "bucket": 2_000_000, "minn": 3, "maxn": 6, "rate": 100, "t": 1e-4,
    }  # fmt: skip
    arguments.update(changed)
    *ints, t = arguments.values()
    return struct.pack("<12id", *map(int, ints), t)


@pytest.mark.parametrize(
    "changed",
    [{}, {"dim": 1}, {"loss": 1}, {"loss": 4}, {"model": 3}, {"minn": 0, "maxn": 0}, {"t": 1e-300}],
)
def test_an_old_fasttext_model_without_the_magic_number_is_read_as_one(
    tmp_path: Path, changed: Dict[str, float]
) -> None:
    path = tmp_path / "lee_fasttext.bin"
    path.write_bytes(old_fasttext_arguments(**changed) + bytes(200))
    with pytest.raises(EmbeddingError, match="fastText model"):
        load_vectors(path)  # test_fasttext.py reads whole models


@pytest.mark.parametrize(
    "changed",
    [{"dim": 0}, {"dim": -1}, {"loss": 0}, {"loss": 5}, {"model": 0}, {"model": 4}, {"minn": -1},
     {"minn": 7}, {"t": 0.0}, {"t": 1.0}],
)  # fmt: skip
def test_bytes_that_are_not_fasttext_arguments_are_not_taken_for_them(
    tmp_path: Path, changed: Dict[str, float]
) -> None:
    path = tmp_path / "other.bin"
    path.write_bytes(old_fasttext_arguments(**changed) + bytes(200))
    with pytest.raises(EmbeddingError, match="looks like a binary file"):
        load_vectors(path)


# -- The progress line -------------------------------------------------------------------


def test_progress_is_shown_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(10**6))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    path = write(tmp_path, "".join(f"w{i} 1\n" for i in range(70_000)))
    assert len(load_vectors(path)) == 70_000
    assert terminal.getvalue().startswith("\rsentemb: 65,536 vectors (")
    assert terminal.getvalue().endswith("/s)\n")


def test_progress_is_not_shown_more_often_than_twice_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "monotonic", lambda: 100.0)  # a clock that stands still
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert len(load_vectors(write(tmp_path, "".join(f"w{i} 1\n" for i in range(70_000))))) > 0
    assert terminal.getvalue() == ""


def test_no_progress_when_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_vectors(write(tmp_path, "".join(f"w{i} 1\n" for i in range(70_000))))
    assert capsys.readouterr().err == ""


def test_progress_shows_the_rate_and_keeps_reporting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = iter([10.0, 12.0, 12.5, 14.0])  # start, then three progress checks
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    path = write(tmp_path, "".join(f"w{i} 1\n" for i in range(200_000)))
    assert len(load_vectors(path)) == 200_000
    assert terminal.getvalue() == (
        "\rsentemb: 65,536 vectors (32,768/s)"  # 2 s after the start
        # 0.5 s later: not yet
        "\rsentemb: 196,608 vectors (49,152/s)\n"
    )


def test_no_progress_for_lines_given_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(10**6))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert len(load_vectors([f"w{i} 1" for i in range(70_000)])) == 70_000
    assert terminal.getvalue() == ""


def test_the_progress_line_ends_before_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = iter(range(10**6))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    path = write(tmp_path, "".join(f"w{i} 1\n" for i in range(70_000)) + "bad line\n")
    with pytest.raises(EmbeddingError):
        load_vectors(path)
    assert terminal.getvalue().startswith("\rsentemb: 65,536 vectors (")
    assert terminal.getvalue().endswith("/s)\n")


def test_progress_of_a_binary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(10**6))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    path = write_binary(tmp_path / "v.bin", {b"w%d" % i: [1.0] for i in range(70_000)})
    assert len(load_vectors(path)) == 70_000
    assert terminal.getvalue() == "\rsentemb: 65,536 vectors (65,536/s)\n"


@pytest.mark.parametrize("kind", ["text", "utf-16", "binary"])
def test_progress_false_shows_nothing_even_on_a_terminal(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = iter(range(10**6))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    text = "".join(f"w{i} 1\n" for i in range(70_000))
    if kind == "binary":
        path = write_binary(tmp_path / "v.bin", {b"w%d" % i: [1.0] for i in range(70_000)})
    else:
        path = tmp_path / "v.txt"
        path.write_bytes(text.encode("utf-8" if kind == "text" else kind))
    encoding = "utf-8" if kind != "utf-16" else kind
    assert len(load_vectors(path, encoding=encoding, progress=False)) == 70_000
    assert terminal.getvalue() == ""


def test_a_number_that_is_not_finite_is_found_past_the_first_block(tmp_path: Path) -> None:
    lines = "".join(f"w{i} 1 2 3 4\n" for i in range(40_000))  # 160,000 numbers: 3 blocks
    path = write(tmp_path, lines + "bad 1 2 3 inf\n")
    with pytest.raises(EmbeddingError, match="line 40001: number 4 is not a finite float64"):
        load_vectors(path)


def test_the_command_line_shows_a_loads_progress_unless_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = iter(range(10**6))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    path = str(write(tmp_path, "".join(f"w{i} 1\n" for i in range(70_000))))
    assert sentemb.main(["--vectors", path, "--quiet", "w1"]) == 0
    assert terminal.getvalue() == ""
    assert sentemb.main(["--vectors", path, "w1"]) == 0
    assert terminal.getvalue().startswith("\rsentemb: 65,536 vectors (")


# -- The Vectors mapping and lookups -----------------------------------------------------


def test_vectors_is_a_read_only_mapping_of_fresh_lists() -> None:
    vectors = Vectors({"milk": [3, 5], "tea": (1, 0)})
    assert vectors["milk"] == [3.0, 5.0]
    vectors["milk"][0] = 99.0
    assert vectors["milk"] == [3.0, 5.0]
    assert "tea" in vectors
    assert "coffee" not in vectors
    assert vectors.get("coffee") is None
    assert repr(vectors) == "<Vectors: 2 words, dimension 2>"
    with pytest.raises(TypeError):
        vectors["coffee"] = [1, 1]  # type: ignore[index]
    with pytest.raises(KeyError):
        vectors["coffee"]


def test_large_finite_vectors_are_fine() -> None:
    assert Vectors({"a": [1e308, 1e308]})["a"] == [1e308, 1e308]


def test_loaded_vectors_are_shared_not_copied() -> None:
    vectors = load_vectors(["milk 3 5", "tea 1 0"])
    embedder = SentenceEmbedder(vocab_embeddings=vectors)
    assert embedder.vocab_embeddings is vectors
    assert embedder.average("milk tea") == [2.0, 2.5]


def test_exact_mode_reads_a_files_numbers_as_written() -> None:
    vectors = load_vectors(["a 0.1 0.7", "b 0.2 0.3"])
    exact = SentenceEmbedder(vocab_embeddings=vectors, exact=True)
    assert exact.average("a b") == [F(3, 20), F(1, 2)]
    assert exact.embed_word("a") == [F(1, 10), F(7, 10)]


@pytest.mark.parametrize(
    ("lines", "first"), [(["milk 2", "Milk 1"], [2.0]), (["Milk 1", "milk 2"], [1.0])]
)
def test_a_loaded_file_keeps_the_first_case_insensitive_match(
    lines: List[str], first: List[float]
) -> None:
    embedder = SentenceEmbedder(vocab_embeddings=load_vectors(lines))
    assert embedder.embed_word("MILK") == first


def test_fold_case_false_turns_the_case_insensitive_step_off_everywhere() -> None:
    vocab = {"our": [1.0, 2.0], "Paris": [3.0, 4.0]}
    folding = SentenceEmbedder(vocab_embeddings=vocab, filler_words=["the"], oov="vector")
    exact = SentenceEmbedder(
        vocab_embeddings=vocab, filler_words=["the"], fold_case=False, oov="vector"
    )
    assert folding.embed_word("Our") == [1.0, 2.0]
    assert exact.embed_word("Our") == [-1.0, -1.0]
    assert exact.embed_word("our") == [1.0, 2.0]
    assert exact.embed_word("paris") == [-1.0, -1.0]
    assert folding.skip_filler("The our") == [1.0, 2.0]
    assert exact.skip_filler("The our") == [0.0, 0.5]
    weights = {"our": 1, "Paris": 3}
    assert folding.weighted("OUR paris", weights) == [2.5, 3.5]
    with pytest.raises(EmbeddingError, match="no weight for the word 'OUR'"):
        exact.weighted("OUR paris", weights)
    lookup = Lookup({"our": [1, 2]})
    assert SentenceEmbedder(vocab_embeddings=lookup, oov_vector=[0, 0]).embed_word("Our") == [
        1.0,
        2.0,
    ]
    strict = SentenceEmbedder(vocab_embeddings=lookup, oov_vector=[0, 0], fold_case=False)
    assert strict.embed_word("Our") == [0.0, 0.0]


def test_vectors_key_errors_name_the_word() -> None:
    with pytest.raises(KeyError) as raised:
        Vectors({"a": [1]})["b"]
    assert raised.value.args == ("b",)


def test_a_float_embedder_keeps_a_dict_as_floats() -> None:
    embedder = SentenceEmbedder(vocab_embeddings={"a": [1, 2]})
    assert all(type(x) is float for x in embedder.vocab_embeddings["a"])


# -- Any object with `in` and `[]` -------------------------------------------------------


def test_a_lookup_object_is_asked_not_copied() -> None:
    lookup = Lookup({"milk": [3, 5], "tea": Array([1, 0])})
    embedder = SentenceEmbedder(vocab_embeddings=lookup, oov_vector=[0, 0])
    assert lookup.asked == []
    assert embedder.vocab_embeddings is lookup
    assert embedder.average("Milk tea coffee") == [4 / 3, 5 / 3]
    assert lookup.asked == ["milk", "tea"]
    assert repr(embedder) == "SentenceEmbedder(? words, dimension=2, exact=False)"


def test_a_lookup_object_with_vector_size_needs_no_oov_vector() -> None:
    lookup = Lookup({"milk": [3, 5, 1]})
    lookup.vector_size = 3  # type: ignore[attr-defined]
    assert SentenceEmbedder(vocab_embeddings=lookup, oov="vector").average("x") == [-1.0] * 3
    exact = SentenceEmbedder(vocab_embeddings=lookup, exact=True, oov="vector")
    assert exact.average("milk x") == [F(1), F(2), F(0)]


def test_a_lookup_objects_vectors_are_checked_when_read() -> None:
    lookup = Lookup({"ok": [1, 2], "short": [1], "bad": [1, float("nan")], "text": ["a", "b"]})
    embedder = SentenceEmbedder(vocab_embeddings=lookup, oov_vector=[0, 0])
    with pytest.raises(EmbeddingError, match="'short' has 1 components, expected 2"):
        embedder.average("ok short")
    with pytest.raises(EmbeddingError, match="component 1 of the vector of 'bad'"):
        embedder.embed_word("bad")
    with pytest.raises(TypeError, match="component 0 of the vector of 'text'"):
        embedder.embed_word("text")


def test_a_lookup_object_without_a_dimension_needs_an_oov_vector() -> None:
    with pytest.raises(EmbeddingError, match="cannot tell the dimension of Lookup"):
        SentenceEmbedder(vocab_embeddings=Lookup({}))
    with pytest.raises(TypeError, match="must map words to vectors, not int"):
        SentenceEmbedder(vocab_embeddings=3)
    with pytest.raises(TypeError, match="must map words to vectors, not list"):
        SentenceEmbedder(vocab_embeddings=[["a", 1]])


def test_exact_mode_over_a_lookup_object_gives_fractions() -> None:
    lookup = Lookup({"milk": [0.1, 5]})
    exact = SentenceEmbedder(vocab_embeddings=lookup, oov_vector=[0, 0], exact=True)
    assert exact.embed_word("milk") == [F(1, 10), F(5)]
    assert all(type(x) is F for x in exact.average("milk"))


# -- OOV policies ------------------------------------------------------------------------


def test_oov_vector_is_the_exercise_rule() -> None:
    assert SentenceEmbedder(oov="vector").average("milk well") == [1.0, 2.0]


def test_oov_skip_drops_unknown_tokens_and_their_weights() -> None:
    embedder = SentenceEmbedder(oov="skip", exact=True)
    assert embedder.average("milk well !") == [F(3), F(5)]
    assert embedder.weighted("love well milk", [1, 100, 3]) == [F(5, 2), F(9, 2)]
    assert embedder.skip_filler("I love as well") == [F(1), F(3)]
    with pytest.raises(EmbeddingError, match="every token of 'as well !' is out of vocabulary"):
        embedder.average("as well !")
    with pytest.raises(EmbeddingError, match=r"the known tokens of .* weigh zero"):
        embedder.weighted("love well", [0, 1])
    with pytest.raises(KeyError, match="'well' is out of vocabulary"):
        embedder.embed_word("well")
    with pytest.raises(EmbeddingError, match="3 weights for 2 tokens"):
        embedder.weighted("love well", [1, 1, 1])


def test_oov_error_raises_key_error_naming_the_token() -> None:
    embedder = SentenceEmbedder(oov="error")
    assert embedder.average("I love milk") == [1.0, 3.0]
    with pytest.raises(KeyError, match="'chocolat' is out of vocabulary"):
        embedder.average("I love chocolat milk")


def test_an_unknown_oov_policy_is_an_error() -> None:
    with pytest.raises(EmbeddingError, match="oov must be one of vector, skip, error"):
        SentenceEmbedder(oov="zero")


# -- Normalisation -----------------------------------------------------------------------


@given(small_vocabularies, st.lists(st.sampled_from(["a", "b", "c", "d", "zz"]), min_size=1))
@example({"milk": [3.0, 5.0, 0.0]}, ["milk", "milk"])
def test_post_normalised_results_have_unit_norm(vocab: Any, tokens: List[str]) -> None:
    embedder = SentenceEmbedder(vocab_embeddings=vocab, post_normalize=True, oov="vector")
    result = embedder.average(tokens)
    assert math.isclose(norm(result), 1.0, rel_tol=1e-15) or not any(result)


@given(
    small_vocabularies,
    st.lists(st.sampled_from(["a", "b", "c", "d", "zz"]), min_size=1),
    st.floats(1e-3, 1e3),
)
@example({"milk": [3.0, 5.0, 1.0], "tea": [1.0, 0.0, 0.0]}, ["milk", "tea"], 10.0)
def test_pre_normalisation_ignores_each_word_vectors_length(
    vocab: Any, tokens: List[str], c: float
) -> None:
    longer = {w: [c * x for x in v] for w, v in vocab.items()}
    unit = SentenceEmbedder(vocab_embeddings=vocab, pre_normalize=True, oov="vector")
    unit_longer = SentenceEmbedder(vocab_embeddings=longer, pre_normalize=True, oov="vector")
    one, other = unit.average(tokens), unit_longer.average(tokens)
    assert close(one, other, rel_tol=1e-12, abs_tol=1e-15)


def test_normalising_matches_gensim_meaning() -> None:
    vocab = {"a": [3, 4], "b": [0, 2]}
    pre = SentenceEmbedder(vocab_embeddings=vocab, pre_normalize=True)
    assert pre.average("a b") == [0.3, 0.9]  # mean of [0.6, 0.8] and [0, 1]
    post = SentenceEmbedder(vocab_embeddings=vocab, post_normalize=True)
    assert post.average("a b") == pytest.approx([1 / 5**0.5, 2 / 5**0.5])  # [1.5, 3] scaled
    zero = SentenceEmbedder(vocab_embeddings={"z": [0, 0]}, pre_normalize=True)
    assert zero.average("z") == [0.0, 0.0]


def test_a_words_unit_vector_is_made_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # For Vectors, which never change; a live lookup is asked every time (issue 25, below).
    made: List[List[float]] = []
    unit = sentemb._unit

    def counted(vector: Any) -> Any:
        made.append(list(vector))
        return unit(vector)

    monkeypatch.setattr(sentemb, "_unit", counted)
    vectors = Vectors({"milk": [3.0, 4.0], "tea": [0.0, 2.0]})
    embedder = SentenceEmbedder(vocab_embeddings=vectors, oov_vector=[1, 1], pre_normalize=True)
    assert made == [[1.0, 1.0]]  # the OOV vector, once
    assert embedder.average("milk milk tea") == pytest.approx([0.4, (0.8 + 0.8 + 1) / 3])
    assert embedder.average("tea milk") == pytest.approx([0.3, 0.9])
    assert made == [[1.0, 1.0], [3.0, 4.0], [0.0, 2.0]]
    assert embedder.embed_word("zz") == [1 / math.hypot(1, 1)] * 2  # the OOV vector too
    monkeypatch.setattr(sentemb, "_UNITS", 3)  # the unit vectors kept are bounded: 1 of 2 numbers
    small = SentenceEmbedder(vocab_embeddings=vectors, oov_vector=[1, 1], pre_normalize=True)
    del made[:]
    small.average("milk tea milk")
    assert made == [[3.0, 4.0], [0.0, 2.0], [3.0, 4.0]]


def test_an_embedder_that_normalises_pickles() -> None:
    embedder = SentenceEmbedder(vocab_embeddings={"a": [3, 4]}, pre_normalize=True, oov="vector")
    again = pickle.loads(pickle.dumps(embedder))
    assert again.average("a b") == embedder.average("a b")
    assert again.average("a b") == pytest.approx([(0.6 - 2**-0.5) / 2, (0.8 - 2**-0.5) / 2])


def test_normalising_cannot_be_exact() -> None:
    with pytest.raises(EmbeddingError, match="cannot be exact"):
        SentenceEmbedder(exact=True, post_normalize=True)


# -- most_similar ------------------------------------------------------------------------


def test_most_similar_is_best_first_with_ties_in_input_order() -> None:
    embedder = SentenceEmbedder()
    candidates = ["lot", "chocolate milk", "milk chocolate", "love", "I"]
    ranked = embedder.most_similar("chocolate milk", candidates)
    assert [text for text, _ in ranked] == [
        "chocolate milk",
        "milk chocolate",
        "love",
        "lot",
        "I",
    ]
    assert ranked[0][1] == ranked[1][1] == 1.0
    assert [score for _, score in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert embedder.most_similar("chocolate milk", candidates, k=1) == ranked[:1]
    assert embedder.most_similar("milk", candidates, k=0) == []
    assert embedder.most_similar("milk", [["love", "milk"]]) == [
        (["love", "milk"], embedder.similarity("milk", "love milk"))
    ]


def test_most_similar_names_a_bad_candidate() -> None:
    embedder = SentenceEmbedder(vocab_embeddings={"a": [1, 0], "z": [0, 0]}, oov="error")
    with pytest.raises(EmbeddingError, match=r"candidate 1 \('b'\): 'b' is out of vocabulary"):
        embedder.most_similar("a", ["a", "b"])
    assert embedder.most_similar("a", ["a", "z"]) == [("a", 1.0)]  # z has no cosine: left out
    with pytest.raises(EmbeddingError, match="k must be"):
        embedder.most_similar("a", ["a"], k=-1)
    with pytest.raises(EmbeddingError, match="unknown method"):
        embedder.most_similar("a", ["a"], method="median")


# -- The law that ties files to dicts ----------------------------------------------------


@given(
    st.dictionaries(
        st.text(st.characters(blacklist_categories=("Z", "C")), min_size=1).filter(
            lambda w: w.split(" ") == [w]
        ),
        st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=2, max_size=2),
        min_size=1,
    ),
    st.lists(st.text(min_size=1), min_size=1, max_size=5),
)
@example(sentemb.exercise_embeddings(), sentemb.tokenize(sentemb.EXERCISE_SENTENCE))
def test_a_loaded_file_embeds_exactly_as_the_dict_it_was_written_from(
    table: Dict[str, List[float]], sentence: List[str]
) -> None:
    lines = [f"{w} " + " ".join(repr(float(x)) for x in v) for w, v in table.items()]
    from_file = SentenceEmbedder(vocab_embeddings=load_vectors(lines), oov="vector")
    from_dict = SentenceEmbedder(vocab_embeddings=table, oov="vector")
    tokens = sentence + list(table)[:3]
    assert from_file.average(tokens) == from_dict.average(tokens)
    assert from_file.embed_word(tokens[0]) == from_dict.embed_word(tokens[0])


# -- The command line with vectors: reports, --compare, --rank, a corpus, output ---------


def test_cli_embeds_sentences_with_a_vector_file(glove: str) -> None:
    done = run("--vectors", glove, "--oov", "vector", "I love milk", "chocolate milk!")
    assert done.returncode == 0, done.stderr
    assert "1. simple average      [1.0, 2.3333333333333335]" in done.stdout
    assert "2. skip filler words   [2.0, 4.0]" in done.stdout
    assert "3. weighted average    does not apply: give --weights" in done.stdout
    assert "tokens (3): chocolate | milk | !" in done.stdout
    assert "out of vocabulary, embedded as [-1, -1]: I" in done.stdout
    skipping = run("--vectors", glove, "I love milk").stdout  # the default with --vectors
    assert "out of vocabulary, skipped: I" in skipping
    assert "1. simple average      [2.0, 4.0]" in skipping


def test_cli_weights_limit_and_oov(glove: str) -> None:
    done = run(
        "--vectors", glove, "--limit", "2", "--oov", "skip", "--weights", "1, 3", "love milk"
    )
    assert done.returncode == 0, done.stderr
    assert "out of vocabulary, skipped: love" in done.stdout
    assert "3. weighted average    [3.0, 5.0]" in done.stdout
    assert "attention weights (method 3): 1 3" in done.stdout


def test_cli_json_with_vectors(glove: str) -> None:
    done = run("--vectors", glove, "--json", "--exact", "--weights", "0.1 0.3", "tea milk", "tea")
    documents = [json.loads(line) for line in done.stdout.splitlines()]
    assert documents[0]["weighted"] == ["9/4", "4"]
    assert documents[0]["average"] == ["3/2", "3"]
    assert documents[1]["weighted"] is None
    assert "2 weights for 1 token" in documents[1]["error"]["weighted"]


def test_cli_compare(glove: str) -> None:
    done = run("--vectors", glove, "--compare", "chocolate milk", "milk chocolate")
    assert done.stdout.strip().endswith(": 1.0")
    document = json.loads(run("--compare", "lot", "I", "--json").stdout)
    assert document == {"a": "lot", "b": "I", "method": "average", "similarity": 0.7071067811865476}


def test_cli_rank(glove: str, tmp_path: Path) -> None:
    lines = write(tmp_path, "tea\n\nchocolate milk\nlove\n", "lines.txt")
    done = run("--vectors", glove, "--rank", "milk", str(lines), "-k", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["0.999445  chocolate milk", "0.976187  love"]
    records = [
        json.loads(line) for line in run("--rank", "milk", str(lines), "--json").stdout.splitlines()
    ]
    assert [r["sentence"] for r in records] == ["chocolate milk", "love", "tea"]
    assert [r["line"] for r in records] == [3, 4, 1]
    assert all("average" in r for r in records)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vectors", "/no/such/file"], "No such file"),
        (["--vectors", "{glove}"], "nothing to embed"),
        (["--weights", "1 x", "milk"], "--weights: 'x' is not a number"),
        (["--oov", "error", "milk well"], "'well' is out of vocabulary"),
        (["-k", "2", "milk"], "-k goes with --rank"),
        (["--compare", "a", "b", "milk"], "give sentences, --input, --compare or --rank"),
        (["--rank", "milk", "/no/such/lines"], "No such file"),
        (["--compare", "a", "b", "--method", "weighted"], "7 weights for 1 token"),
    ],
)
def test_cli_bad_input_exits_2(glove: str, args: List[str], message: str) -> None:
    done = run(*[a.format(glove=glove) for a in args])
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_bad_vector_file_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "milk 1 2\ntea 1 x\n")
    done = run("--vectors", str(path), "milk")
    assert done.returncode == 2
    assert "vectors.txt, line 2: number 2 is not a number: 'x'" in done.stderr


def test_cli_vectors_report_to_the_letter(tmp_path: Path) -> None:
    path = str(write(tmp_path, FIVE_D))
    done = run("--vectors", path, "--oov", "skip", "I love milk", "tea")
    assert done.stdout == (
        "sentence: I love milk\n"
        "tokens (3): I | love | milk\n"
        "reading: punctuation marks are tokens (the default; --words-only drops them)\n"
        "out of vocabulary, skipped: I\n"
        "filler words skipped by method 2: I\n"
        "attention weights (method 3): none given (--weights)\n"
        "\n"
        "1. simple average      [2.0, 4.0, 0.5, 0.0, 0.5]\n"
        "2. skip filler words   [2.0, 4.0, 0.5, 0.0, 0.5]\n"
        "3. weighted average    does not apply: give --weights, one weight per token\n"
        "\n"
        "sentence: tea\n"
        "tokens (1): tea\n"
        "reading: punctuation marks are tokens (the default; --words-only drops them)\n"
        "out of vocabulary, skipped: -\n"
        "filler words skipped by method 2: -\n"
        "attention weights (method 3): none given (--weights)\n"
        "\n"
        "1. simple average      [0.0, 1.0, 0.0, 0.0, 0.0]\n"
        "2. skip filler words   [0.0, 1.0, 0.0, 0.0, 0.0]\n"
        "3. weighted average    does not apply: give --weights, one weight per token\n"
    )
    wide = run("--vectors", path, "--words-only", "--oov", "vector", "x").stdout.splitlines()
    assert wide[2] == "reading: words only (punctuation dropped)"
    assert wide[3] == "out of vocabulary, embedded as -1 everywhere: x"
    strict = run("--vectors", path, "--oov", "error", "--exact", "tea").stdout.splitlines()
    assert strict[3] == "out of vocabulary, not allowed: -"
    assert strict[-3] == "1. simple average      [0, 1, 0, 0, 0]"
    four_d = str(write(tmp_path, "a 1 2 3 4\n", "four.txt"))
    four = run("--vectors", four_d, "--oov", "vector", "b").stdout
    assert "out of vocabulary, embedded as [-1, -1, -1, -1]: b\n" in four


def test_cli_json_with_vectors_and_no_weights(glove: str) -> None:
    document = json.loads(run("--vectors", glove, "--json", "tea").stdout)
    assert document["error"] == {"weighted": "give --weights, one weight per token"}


def test_cli_rank_json_to_the_letter_and_by_method(glove: str, tmp_path: Path) -> None:
    lines = str(write(tmp_path, "I tea\nlove\n", "lines.txt"))
    done = run("--vectors", glove, "--rank", "milk", lines, "--json", "--oov", "vector")
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [list(r) for r in records] == [["line", "sentence", "average", "similarity"]] * 2
    vector = ["--oov", "vector"]  # "I" is a filler word, and out of vocabulary
    by_average = run("--vectors", glove, "--rank", "milk", lines, *vector).stdout
    by_filler = run(
        "--vectors", glove, "--rank", "milk", lines, "--method", "skip_filler", *vector
    ).stdout
    assert by_average.splitlines()[0].endswith("love")
    assert by_filler != by_average


def test_cli_nothing_to_embed_is_exact(glove: str) -> None:
    assert run("--vectors", glove).stderr == (
        "sentemb.py: error: nothing to embed: give a SENTENCE, --input, --compare A B or --rank\n"
    )


def test_cli_embeds_sentences_from_standard_input(
    glove: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = run("--vectors", glove, "--json", "-", stdin=b"\xef\xbb\xbfmilk\n\nchocolate milk\n")
    assert done.returncode == 0, done.stderr
    documents = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(d["line"], d["sentence"]) for d in documents] == [(1, "milk"), (3, "chocolate milk")]
    assert documents[1]["average"] == [2.5, 4.5]


def test_cli_embeds_the_lines_of_a_file(glove: str, tmp_path: Path) -> None:
    corpus = write(tmp_path, "milk\ntea !\n", "corpus.txt")
    done = run("--vectors", glove, "--input", str(corpus), "--oov", "skip")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("sentence: ") == 2
    assert "\n\nsentence: tea !\n" in done.stdout
    bad = write(tmp_path, "milk\n!!!\n", "bad.txt")
    done = run("--vectors", glove, "--input", str(bad), "--words-only", "--strict")
    assert done.returncode == 2
    assert done.stderr == f"sentemb.py: error: {bad}, line 2: the sentence '!!!' has no tokens\n"


def test_cli_ranks_candidates_from_standard_input(
    glove: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = run("--vectors", glove, "--rank", "milk", "-", stdin=b"tea\nchocolate milk\n")
    assert done.stdout.splitlines()[0] == "0.999445  chocolate milk"
    text = "tea\nchocolate milk\n"  # standard input as text, with no .buffer
    assert run("--vectors", glove, "--rank", "milk", "-", stdin=text).stdout == done.stdout


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        (["-", "milk"], "a lone - reads the sentences from standard input: give it alone"),
        (["--input", "x", "milk"], "give sentences or --input: one of them"),
        (["--input", "x", "--compare", "a", "b"], "--input, --compare or --rank: one of them"),
    ],
)
def test_cli_one_source_of_sentences(args: List[str], last_line: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].endswith(last_line)


def test_cli_weights_reach_compare_and_rank(glove: str, tmp_path: Path) -> None:
    args = ["--vectors", glove, "--method", "weighted", "--weights", "1 0"]
    done = run(*args, "--compare", "milk tea", "milk chocolate")
    assert done.stdout.strip().endswith(": 1.0")  # only milk counts on either side
    lines = write(tmp_path, "tea milk\nmilk tea\n", "lines.txt")
    assert run(*args, "--rank", "milk love", str(lines)).stdout.splitlines() == [
        "1.000000  milk tea",
        "0.857493  tea milk",
    ]
    done = run(*args, "--compare", "milk tea", "milk")
    assert done.returncode == 2
    assert "2 weights for 1 token" in done.stderr


def test_cli_rank_files_bom_encoding_and_emptiness(glove: str, tmp_path: Path) -> None:
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(b"\xef\xbb\xbfmilk\ntea\n")
    assert run("--vectors", glove, "--rank", "milk", str(with_bom)).stdout.splitlines()[0] == (
        "1.000000  milk"
    )
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"milk\ncaf\xe9\n")
    done = run("--vectors", glove, "--rank", "milk", str(latin))
    assert done.returncode == 2
    assert done.stderr == (
        f"sentemb.py: error: {latin}, line 2: cannot decode byte 0xe9 as utf-8"
        " (sentences are read as UTF-8 text)\n"
    )
    empty = write(tmp_path, "\n  \n", "empty.txt")
    done = run("--vectors", glove, "--rank", "milk", str(empty))
    assert done.stderr == f"sentemb.py: error: {empty}: no candidates in it (one per line)\n"


def test_cli_exits_quietly_when_the_reader_goes(
    glove: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert sentemb.main(["--vectors", glove, "milk"]) == 0


class _GoneReader:
    """A standard output whose reader has gone (as with `| head -1`), with no fileno()."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        pass


class _GoneReaderWithFileno(_GoneReader):
    def __init__(self, fileno: Any) -> None:
        self._fileno = fileno

    def fileno(self) -> int:
        if isinstance(self._fileno, Exception):
            raise self._fileno
        return int(self._fileno)


@pytest.mark.parametrize("kind", ["no fileno", "closed", "not a file", "a file"])
def test_cli_exits_quietly_when_the_reader_goes_whatever_stdout_is(
    kind: str, glove: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    descriptor = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT)
    stdout = {
        "no fileno": _GoneReader(),
        "closed": _GoneReaderWithFileno(ValueError("I/O operation on closed file")),
        "not a file": _GoneReaderWithFileno(OSError("not a file")),
        "a file": _GoneReaderWithFileno(descriptor),  # then /dev/null takes its place
    }[kind]
    monkeypatch.setattr(sys, "stdout", stdout)
    try:
        assert sentemb.main(["--vectors", glove, "milk"]) == 0
    finally:
        os.close(descriptor)


def test_cli_piped_into_head_prints_no_traceback(tmp_path: Path) -> None:
    lines = write(tmp_path, "".join(f"milk {i}\n" for i in range(50_000)), "big.txt")
    script = sentemb.__file__
    with subprocess.Popen(
        [sys.executable, script, "--rank", "milk", str(lines)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        errors = process.stderr.read()
    assert first.endswith(b"  milk 0\n")
    assert errors == b""
    assert process.returncode == 0


@pytest.mark.parametrize(
    ("encoding", "args", "expected"),
    [
        ("cp1252", ["--json", "--compare", "milk \U0001f95b", "milk"],
         '{"a": "milk \\ud83e\\udd5b", "b": "milk", "method": "average", '),
        ("utf-8", ["I \udcff"], "sentence: I \\udcff\n"),
    ],
)  # fmt: skip
def test_cli_output_the_terminal_cannot_show_is_escaped(
    monkeypatch: pytest.MonkeyPatch, encoding: str, args: List[str], expected: str
) -> None:
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding=encoding))
    assert sentemb.main(args) == 0
    assert buffer.getvalue().decode(encoding).startswith(expected)


def test_cli_ctrl_c_prints_one_line(monkeypatch: pytest.MonkeyPatch, glove: str) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sentemb, "load_vectors", interrupted)
    done = run("--vectors", glove, "milk")
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "sentemb.py: interrupted\n")


def test_cli_progress_ends_before_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = iter(range(10**6))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    path = write(tmp_path, "".join(f"w{i} 1\n" for i in range(70_000)) + "bad line\n")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert sentemb.main(["--vectors", str(path), "w1"]) == 2
    progress, error = terminal.getvalue().split("\n")[:2]
    assert progress.startswith("\rsentemb: 65,536 vectors (")
    assert error.startswith("sentemb.py: error: ")


def test_cli_errors_quote_input_short(glove: str, tmp_path: Path) -> None:
    huge = "x" * 1_000_000
    lines = write(tmp_path, f"milk\n{huge} {huge}\n", "lines.txt")
    done = run("--vectors", glove, "--strict", "--rank", "milk", str(lines))
    assert done.returncode == 2
    assert len(done.stderr) < 400, done.stderr[:400]
    done = run("--vectors", glove, "--rank", "milk", str(lines))  # the note is short too
    assert (done.returncode, done.stdout) == (0, "1.000000  milk\n")
    assert len(done.stderr) < 400, done.stderr[:400]
    done = run("--weights", huge)
    assert len(done.stderr) < 200


def test_cli_reads_a_cp1252_file_and_broken_bytes(tmp_path: Path) -> None:
    path = tmp_path / "cc.fr.vec"
    path.write_bytes("2 2\ncafé 1 2\nthé 3 4\n".encode("cp1252"))
    done = run("--vectors", str(path), "--encoding", "cp1252", "--json", "café thé")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["average"] == [2.0, 3.0]
    assert "café" in done.stdout  # JSON keeps what the terminal can show as it is
    assert run("--vectors", str(path), "--json", "café").returncode == 2  # not UTF-8
    done = run("--vectors", str(path), "--errors", "replace", "--json", "thé")
    assert done.returncode == 0, done.stderr


def test_cli_case_sensitive(glove: str) -> None:
    folded = json.loads(run("--vectors", glove, "--json", "Milk").stdout)
    case_sensitive = ["--vectors", glove, "--json", "--case-sensitive", "--oov", "vector", "Milk"]
    exact = json.loads(run(*case_sensitive).stdout)
    assert (folded["average"], exact["average"]) == ([3.0, 5.0], [-1.0, -1.0])


def test_cli_json_of_compare_and_rank_keeps_unicode(glove: str, tmp_path: Path) -> None:
    lines = write(tmp_path, "thé milk\n", "lines.txt")
    done = run("--vectors", glove, "--json", "--compare", "thé milk", "milk")
    assert '"a": "thé milk"' in done.stdout
    done = run("--vectors", glove, "--json", "--rank", "thé", str(lines), "--oov", "vector")
    assert '"sentence": "thé milk"' in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--json", "--compare", "milk \U0001f95b", "milk"],
        ["--json", "--rank", "milk \U0001f95b", "{lines}"],
        ["--json", "milk \U0001f95b"],
    ],
)
def test_cli_json_the_terminal_cannot_show_stays_json(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: List[str]
) -> None:
    lines = str(write(tmp_path, "milk \U0001f95b\n", "lines.txt"))
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="cp1252"))
    assert sentemb.main([lines if a == "{lines}" else a for a in args]) == 0
    sys.stdout.flush()
    text = buffer.getvalue().decode("cp1252")
    assert "\\ud83e\\udd5b" in text
    json.loads(text)


def test_cli_text_the_terminal_cannot_show_is_escaped_and_the_rest_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="cp1252"))
    assert sentemb.main(["café \U0001f95b"]) == 0
    sys.stdout.flush()
    assert buffer.getvalue().decode("cp1252").startswith("sentence: café \\U0001f95b\n")


@pytest.mark.parametrize(
    "mode",
    [
        ["milk \U0001f95b"],
        ["--input", "{lines}"],
        ["--rank", "milk \U0001f95b", "{lines}"],
        ["--rank", "milk \U0001f95b", "{lines}", "--index", "{index}"],
        ["--compare", "milk \U0001f95b", "tea \U0001f375"],
        ["--method", "sif", "--counts", "{counts}", "--input", "{lines}"],
        ["--method", "sif", "--counts", "{counts}", "--compare", "milk \U0001f95b", "tea",
         "--input", "{lines}"],
    ],
)  # fmt: skip
def test_cli_json_stays_json_on_an_output_that_cannot_show_the_text(
    mode: List[str], glove: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "{lines}": write(tmp_path, "milk \U0001f95b\ntea \U0001f375\nzz \U0001f95b\n", "s.txt"),
        "{counts}": write(tmp_path, "milk 5\ntea 3\nchocolate 2\n", "counts.txt"),
        "{index}": tmp_path / "index",
    }
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="cp1252"))
    assert sentemb.main(["--vectors", glove, "--json", *[str(files.get(a, a)) for a in mode]]) == 0
    sys.stdout.flush()
    lines = buffer.getvalue().decode("cp1252").splitlines()
    documents = [json.loads(line) for line in lines]  # \u escapes, not Python's \U
    assert "milk \U0001f95b" in json.dumps(documents, ensure_ascii=False)


def test_cli_input_errors_name_the_file_and_line(
    glove: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = write(tmp_path, "\n", "empty.txt")
    done = run("--vectors", glove, "--input", str(empty))
    assert done.stderr == f"sentemb.py: error: {empty}: no sentences in it (one per line)\n"
    done = run("--vectors", glove, "-", stdin=b"milk\ncaf\xff\n")
    assert done.stderr == (
        "sentemb.py: error: <stdin>, line 2: cannot decode byte 0xff as utf-8"
        " (sentences are read as UTF-8 text)\n"
    )
    done = run("--vectors", glove, "--json", "-", stdin=b"\xef\xbb\xbfXmilk\n")
    assert json.loads(done.stdout)["sentence"] == "Xmilk"


def test_cli_method_3_on_real_vectors_needs_weights_everywhere(glove: str, tmp_path: Path) -> None:
    lines = write(tmp_path, "chocolate milk\n", "lines.txt")
    for args in (["--compare", "milk", "tea"], ["--rank", "milk", str(lines)]):
        done = run("--vectors", glove, *args, "--method", "weighted")
        assert done.returncode == 2
        assert done.stderr == (
            "sentemb.py: error: --method weighted with --vectors needs --weights, one per token\n"
        )


def test_cli_errors_name_the_file_and_its_line(glove: str, tmp_path: Path) -> None:
    lines = write(tmp_path, "tea\n\n\nchocolate zzz\n", "lines.txt")
    done = run("--vectors", glove, "--rank", "milk", str(lines), "--oov", "error")
    assert (
        done.stderr
        == f"sentemb.py: error: {lines}, line 4 ('chocolate zzz'): 'zzz' is out of vocabulary\n"
    )
    lines = write(tmp_path, "tea\n\nzzz qqq\n", "lines.txt")
    done = run("--vectors", glove, "--rank", "milk", str(lines), "--strict")
    assert done.stderr == (
        f"sentemb.py: error: {lines}, line 3 ('zzz qqq'): every token of 'zzz qqq' is out of "
        "vocabulary\n"
    )
    done = run("--vectors", glove, "--oov", "error", "-", stdin=b"milk\n\nzzz\n")
    assert done.stderr == "sentemb.py: error: <stdin>, line 3: 'zzz' is out of vocabulary\n"


def test_cli_closed_standard_input_and_output_end_with_a_message(glove: str) -> None:
    script = sentemb.__file__
    for command, message in [
        (f'"{sys.executable}" "{script}" --json - <&-', "standard input is closed"),
        (f'"{sys.executable}" "{script}" --rank q - <&-', "standard input is closed"),
        (f'"{sys.executable}" "{script}" milk >&-', "standard output is closed"),
    ]:
        done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=False)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        assert message in done.stderr


def test_cli_closed_standard_streams_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert sentemb.main(["--json", "-"]) == 2
    assert capsys.readouterr().err == (
        "sentemb.py: error: standard input is closed: give the file instead of -\n"
    )
    monkeypatch.setattr(sys, "stdout", None)
    assert sentemb.main(["milk"]) == 2
    assert capsys.readouterr().err == "sentemb.py: error: standard output is closed\n"
    monkeypatch.setattr(sys, "stderr", None)
    assert sentemb.main(["milk"]) == 2  # and nowhere to say so


def test_cli_options_without_what_they_modify_are_refused() -> None:
    for args, message in [
        (["--encoding", "latin-1", "milk"], "--encoding goes with --vectors"),
        (["--errors", "replace", "milk"], "--errors goes with --vectors"),
        (
            ["--method", "weighted"],
            "--method goes with sentences, -, --input, --compare, --rank, --output or a map "
            "(--svg)",
        ),
    ]:
        done = run(*args)
        assert done.returncode == 2
        assert done.stderr.splitlines()[-1] == f"sentemb.py: error: {message}"


def test_cli_k_is_checked_as_most_similar_checks_it(glove: str, tmp_path: Path) -> None:
    lines = write(tmp_path, "tea\nchocolate milk\n", "lines.txt")
    done = run("--vectors", glove, "--rank", "milk", str(lines), "-k", "-1")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "sentemb.py: error: k must be a whole number >= 0, not -1\n"


def test_cli_usage_errors_do_not_echo_long_input() -> None:
    long = "x" * 100_000
    for args in (["--oov", long], ["--method", long], ["--limit", long], [f"--{long}"]):
        done = run(*args)
        assert done.returncode == 2
        assert len(done.stderr) < 1500
        assert "(100,0" in done.stderr  # the length of what was cut


def test_cli_json_stays_json_under_the_c_locale() -> None:
    for locale in ("C", "C.UTF-8"):
        done = run("--json", "milk \udcff", separate=True, env={"LC_ALL": locale})
        assert done.returncode == 0
        assert json.loads(done.stdout)["sentence"] == "milk \udcff"


def test_cli_weights_are_shown_as_given_and_finite_ones_accepted() -> None:
    done = run("--weights", "1e400 1", "love milk")
    assert done.returncode == 0, done.stderr
    assert "attention weights (method 3): 1e400 1\n" in done.stdout
    assert "3. weighted average    [1.0, 3.0]  = [" in done.stdout
    done = run("--weights", "1e-400,3e-400", "love milk")
    assert "attention weights (method 3): 1e-400 3e-400\n" in done.stdout
    assert run("--weights", "-1", "milk").stderr == (
        "sentemb.py: error: weight 0 is negative: -1\n"
    )


def test_cli_json_errors_quote_the_sentence() -> None:
    document = json.loads(run("--json", "--words-only", "I love milk!").stdout)
    assert document["error"] == {"weighted": "7 weights for 3 tokens: give one weight per token"}
    document = json.loads(run("--json", "--oov", "skip", "I as!").stdout)
    assert document["error"]["skip_filler"] == "every token of 'I as!' is out of vocabulary"


# -- A corpus on every core: embed_many and --jobs -----------------------------------------


def many_sentences(count: int) -> List[str]:
    rng = random.Random(7)
    words = ["milk", "chocolate", "the", "zzz", "!", "Milk", "tea"]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(1, 6))) for _ in range(count)]


@pytest.mark.parametrize("method", ["average", "skip_filler"])
def test_embed_many_gives_each_sentence_in_order_in_any_number_of_processes(method: str) -> None:
    embedder = SentenceEmbedder(vocab_embeddings=load_vectors(GLOVE.splitlines()), oov="skip")
    known = {"milk", "chocolate", "the"}
    sentences = [s for s in many_sentences(3000) if known & set(s.lower().split())]
    one_by_one = [getattr(embedder, method)(s) for s in sentences]
    assert list(embedder.embed_many(sentences, method)) == one_by_one
    assert list(embedder.embed_many(iter(sentences), method, jobs=2)) == one_by_one
    assert multiprocessing.active_children() == []


def test_embed_many_names_the_sentence_an_error_is_about() -> None:
    embedder = SentenceEmbedder(oov="error")
    sentences = ["milk"] * 700 + ["love zzz"]
    for jobs in (1, 2):
        with pytest.raises(KeyError) as raised:
            list(embedder.embed_many(sentences, jobs=jobs))
        assert raised.value.args[0] == "sentence 700 ('love zzz'): 'zzz' is out of vocabulary"
    with pytest.raises(EmbeddingError, match=r"^sentence 0 \('milk'\): 7 weights for 1 token"):
        list(SentenceEmbedder().embed_many(["milk", "milk"], "weighted", jobs=2))
    assert multiprocessing.active_children() == []


def test_embed_many_checks_its_arguments_at_once() -> None:
    embedder = SentenceEmbedder()
    for jobs in (0, True, 1.5):
        with pytest.raises(EmbeddingError, match="jobs must be a whole number >= 1"):
            embedder.embed_many(["milk"], jobs=jobs)  # type: ignore[arg-type]
    with pytest.raises(EmbeddingError, match="unknown method 'max'"):
        embedder.embed_many(["milk"], "max")
    with pytest.raises(TypeError, match="not a string"):
        embedder.embed_many("milk")


def test_interrupting_a_corpus_ends_every_worker() -> None:
    def sentences() -> Iterator[str]:
        yield from ["milk"] * 2000
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        list(SentenceEmbedder().embed_many(sentences(), jobs=2))
    assert multiprocessing.active_children() == []
    stopped = SentenceEmbedder().embed_many(["milk"] * 5000, jobs=2)
    next(stopped)
    stopped.close()  # a reader that stops early, as `| head -1` does
    assert multiprocessing.active_children() == []


def test_a_corpus_left_unfinished_and_collected_in_another_thread_ends_its_workers() -> None:
    # The garbage collector finalises an abandoned generator in whatever thread it runs in,
    # the pool's own result handler among them, which must not join itself ("cannot join
    # current thread" was seen there): from another thread the pool is closed, not joined.
    stopped = SentenceEmbedder().embed_many(["milk"] * 5000, jobs=2)
    next(stopped)
    closer = threading.Thread(target=stopped.close)
    closer.start()
    closer.join()
    deadline = time.monotonic() + 60
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []


def test_cli_jobs_give_the_same_output_and_messages(glove: str, tmp_path: Path) -> None:
    corpus = write(tmp_path, "\n".join(many_sentences(1500)) + "\n", "corpus.txt")
    for args in (["--json", "--input", str(corpus)], ["--input", str(corpus)]):
        one = run("--vectors", glove, *args)
        assert one.returncode == 0, one.stderr
        assert run("--vectors", glove, *args, "--jobs", "2") == one
    ranked = ["--rank", "milk", str(corpus), "--oov", "skip", "-k", "20"]
    bad = write(tmp_path, "milk\n" * 900 + "\nzzz\n", "bad.txt")
    assert run("--vectors", glove, *ranked, "--jobs", "2") == run("--vectors", glove, *ranked)
    done = run("--vectors", glove, "--oov", "error", "--input", str(bad), "--jobs", "2")
    assert done.stderr == f"sentemb.py: error: {bad}, line 902: 'zzz' is out of vocabulary\n"
    done = run("--vectors", glove, "--rank", "milk", str(bad), "--strict", "--jobs", "2")
    assert done.stderr == (
        f"sentemb.py: error: {bad}, line 902 ('zzz'): every token of 'zzz' is out of vocabulary\n"
    )


class Writer:
    """A standard output with nothing but write and flush: no encoding attribute."""

    def __init__(self) -> None:
        self.parts: List[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_cli_one_job_uses_no_processes_and_any_writer_will_do(
    glove: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_processes(*args: Any) -> None:
        raise AssertionError("a process was started")

    monkeypatch.setattr(multiprocessing, "get_context", no_processes)
    assert SentenceEmbedder().most_similar("milk", ["lot", "love"]) != []  # one process too
    corpus = write(tmp_path, "milk\nchocolate milk\n", "corpus.txt")
    writer = Writer()
    monkeypatch.setattr(sys, "stdout", writer)
    for args in (["--jobs", "1"], []):
        writer.parts.clear()
        assert sentemb.main(["--vectors", glove, "--json", "--input", str(corpus), *args]) == 0
        records = [json.loads(line) for line in "".join(writer.parts).splitlines()]
        assert [record["sentence"] for record in records] == ["milk", "chocolate milk"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "2", "milk"], "--jobs goes with -, --input or --rank"),
        (["--jobs", "0", "-"], "--jobs must be 1 or more, not 0"),
    ],
)
def test_cli_jobs_are_checked(args: List[str], message: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == f"sentemb.py: error: {message}"


# -- Found after the mutation run of issue 24 ------------------------------------------------


def test_a_binary_file_of_many_chunks_is_read_record_by_record(tmp_path: Path) -> None:
    rng = random.Random(24)
    vectors = {  # 4 MB: records cross the 1 MiB chunks the reader takes, and the buffer is reused
        b"w%d" % i + b"x" * rng.randrange(20): [float(rng.randrange(-99, 99)) for _ in range(300)]
        for i in range(3500)
    }
    path = write_binary(tmp_path / "big.bin", vectors, newline=True)
    loaded = load_vectors(path)
    assert list(loaded) == [word.decode() for word in vectors]
    assert all(loaded[word.decode()] == vector for word, vector in vectors.items())


def test_a_vectors_mapping_is_exact_as_a_mapping_and_the_embedder_folds_case() -> None:
    vectors = sentemb.Vectors({"Milk": [1, 2]})
    assert "milk" not in vectors
    with pytest.raises(KeyError):
        vectors["milk"]
    assert vectors.get("milk") is None
    assert SentenceEmbedder(vocab_embeddings=vectors).embed_word("milk") == [1.0, 2.0]


def test_pre_normalize_folds_case_and_checks_numbers_that_are_not_floats() -> None:
    embedder = SentenceEmbedder(pre_normalize=True)
    assert (embedder.pre_normalize, SentenceEmbedder().pre_normalize) == (True, False)
    assert embedder.embed_word("MILK") == embedder.embed_word("milk") != [-1.0, -1.0]
    as_given = SentenceEmbedder(exact=True, vocab_embeddings={"a": [10**400, 1]})
    normalising = SentenceEmbedder(vocab_embeddings=as_given.vocab_embeddings, pre_normalize=True)
    with pytest.raises(EmbeddingError) as raised:
        normalising.embed_word("a")
    assert str(raised.value).startswith("a number is too large for a float: 1000")


def test_exact_mode_reaches_the_cosines_of_compare_and_rank(tmp_path: Path) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text("I milk\n")
    options = ["--method", "weighted", "--weights", "0.1 0.7"]
    for exact, score in (([], "0.2747211278973782"), (["--exact"], "0.27472112789737807")):
        done = run(*exact, *options, "--compare", "I I", "I milk")
        assert done.stdout.endswith(f": {score}\n"), done.stdout
        done = run(*exact, *options, "--json", "--rank", "I I", str(lines))
        record = json.loads(done.stdout)
        assert (record["sentence"], record["similarity"]) == ("I milk", float(score))


# -- issue 25: float32 vectors in exact mode, irregular whitespace in text files, tiny
#    vectors normalised, and a live lookup with pre_normalize.  Each test states the right
#    behaviour and xfails (strict) until its fix lands; then its marker goes. ----------------


def _word2vec_binary(path: Path, vectors: Dict[bytes, List[float]]) -> Path:
    """A word2vec binary file of two-dimensional float32 vectors."""
    body = b"".join(word + b" " + struct.pack("<2f", *vector) for word, vector in vectors.items())
    path.write_bytes(b"%d 2\n" % len(vectors) + body)
    return path


def test_exact_mode_reads_float32_vectors_as_written(tmp_path: Path) -> None:
    # A float32 is read as the shortest decimal that is that float32: f32(0.1) is 1/10,
    # as the float64 0.1 is (not 13421773/134217728, nor the float64's 0.10000000149011612).
    text = load_vectors(["milk 0.1 0.7", "tea 0.2 0.4"], dtype="float32")
    binary = load_vectors(_word2vec_binary(tmp_path / "v.bin", {b"milk": [0.1, 0.7],
                                                                b"tea": [0.2, 0.4]}))  # fmt: skip
    for vectors in (text, binary):
        exact = SentenceEmbedder(vocab_embeddings=vectors, exact=True)
        assert exact.embed_word("milk") == [F(1, 10), F(7, 10)]
        assert exact.average("milk tea") == [F(3, 20), F(11, 20)]


def _loaded_or_refused(source: Any) -> Any:
    """The vectors loaded, as a dict, or the message of the EmbeddingError that refused them."""
    try:
        return dict(load_vectors(source))
    except EmbeddingError as error:
        return str(error)


# Lines whose whitespace is not one space between fields, each with the one right reading.
# Loading one gives that reading or an error naming the line it is about: never a word with
# whitespace at its end, a word that swallowed a number, or two lines read as one.
_IRREGULAR = [
    (b"milk  1 2\ntea  3 4\n", 1),  # two spaces after the word: not the word "milk "
    (b"milk 1  2\ntea 3  4\n", 1),  # two spaces between numbers: not "milk 1 " and [2.0]
    (b"milk\t1 2\ntea\t3 4\n", 1),  # a tab after the word: not "milk\t1" and [2.0]
    (b"2 2\nmilk  1 2\ntea 3 4\n", 2),  # after a header
    (b"milk 1 2\rtea 3 4\r", 1),  # a classic Mac file: CR alone ends each line
    (b"milk 1 2\rtea 3 4", 1),  # and its last line, with nothing after it
    (b"milk 1 2\x0ctea 3 4\n", 1),  # a form feed
    (b"milk 1 2\x0btea 3 4\n", 1),  # a vertical tab
]


@pytest.mark.parametrize(("content", "line"), _IRREGULAR)
def test_irregular_whitespace_is_read_right_or_refused_naming_its_line(
    tmp_path: Path, content: bytes, line: int
) -> None:
    for source in (write(tmp_path, content.decode()), content.decode().splitlines(True)):
        outcome = _loaded_or_refused(source)
        assert outcome == {"milk": [1.0, 2.0], "tea": [3.0, 4.0]} or (
            isinstance(outcome, str) and f", line {line}: " in outcome
        ), outcome


def test_a_given_line_with_a_line_break_inside_is_not_one_vector() -> None:
    outcome = _loaded_or_refused(["milk 1 2\ntea 3 4\n"])  # a whole file as one "line"
    assert outcome == {"milk": [1.0, 2.0], "tea": [3.0, 4.0]} or (
        isinstance(outcome, str) and outcome.startswith("<lines>, line 1: ")
    ), outcome


def test_a_number_written_with_an_underscore_is_not_a_number() -> None:
    # Python's float() takes "1_0" as 10; no vector file writes it so, and a field that
    # is not a number is named, as "1,5" or "two" is.
    with pytest.raises(EmbeddingError) as raised:
        load_vectors(["milk 1_0 2"])
    assert str(raised.value) == "<lines>, line 1: number 1 is not a number: '1_0'"


@pytest.mark.parametrize("option", ["pre_normalize", "post_normalize"])
def test_a_tiny_vector_normalises_as_a_large_one_does(option: str) -> None:
    options: Dict[str, Any] = {option: True}
    tiny = SentenceEmbedder(vocab_embeddings={"a": [1e-323, 1e-323]}, **options)
    large = SentenceEmbedder(vocab_embeddings={"a": [1.0, 1.0]}, **options)
    assert tiny.average("a") == large.average("a")  # not [2/3, 2/3]: hypot of subnormals


def test_post_normalize_gives_the_direction_of_a_mean_too_small_for_a_float() -> None:
    # The mean [2.5e-324, 2.5e-324] rounds to [0.0, 0.0]; its direction is [1, 1]/sqrt(2).
    tiny = SentenceEmbedder(vocab_embeddings={"a": [5e-324, 0.0], "b": [0.0, 5e-324]},
                            post_normalize=True)  # fmt: skip
    large = SentenceEmbedder(vocab_embeddings={"a": [1.0, 0.0], "b": [0.0, 1.0]},
                             post_normalize=True)  # fmt: skip
    assert tiny.average("a b") == large.average("a b")


class _LiveLookup:
    """An object with `in` and `[]` whose vectors change, as a model being trained does."""

    vector_size = 2

    def __init__(self) -> None:
        self.vectors: Dict[str, List[Any]] = {"milk": [3.0, 4.0]}

    def __contains__(self, word: object) -> bool:
        return word in self.vectors

    def __getitem__(self, word: str) -> List[float]:
        return self.vectors[word]


def test_a_live_lookup_is_asked_on_every_lookup_with_pre_normalize_too() -> None:
    live = _LiveLookup()
    embedder = SentenceEmbedder(vocab_embeddings=live, pre_normalize=True)
    assert embedder.embed_word("milk") == [0.6, 0.8]
    live.vectors["milk"] = [0.0, 2.0]
    assert embedder.embed_word("milk") == [0.0, 1.0]  # as without pre_normalize


def test_exact_mode_takes_a_live_lookups_numbers_as_given() -> None:
    live = _LiveLookup()
    live.vectors = {"a": [F(1, 3), 2**53 + 1], "b": [10**400, 0.1]}
    exact = SentenceEmbedder(vocab_embeddings=live, exact=True)
    assert exact.embed_word("a") == [F(1, 3), F(2**53 + 1)]  # not 3333333333333333/10**16, 2**53
    assert exact.embed_word("b") == [F(10**400), F(1, 10)]  # not "too large for a float"


# -- Plain lines at C speed, any other line read with care -------------------------------------


def test_tabs_and_runs_of_spaces_separate_fields_as_one_space_does(tmp_path: Path) -> None:
    path = write(tmp_path, "milk\t1.0\t2.0\ntea  3.0 4.0\nhot\t5.0 6.0\n")
    assert dict(load_vectors(path)) == {"milk": [1.0, 2.0], "tea": [3.0, 4.0], "hot": [5.0, 6.0]}
    path = write(tmp_path, "milk 1.0 2.0\ntea\t1.0 2.0 3.0\n")  # one field too many
    with pytest.raises(EmbeddingError, match="line 2: expected a word and 2 numbers, found 3 "):
        load_vectors(path)


def test_plain_lines_are_split_once_and_never_parsed_with_care(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A word and its numbers, each after one space (as GloVe and word2vec write them), are
    # split once; only another line goes where the word is found among any whitespace.
    careful = record_calls(monkeypatch, sentemb, "_word_and_numbers")
    looked_at_first = record_calls(monkeypatch, sentemb._TextLayout, "fields")
    for text, looked_at in [("milk 1.0 2.0\ntea 3 4\n", [1]), ("2 2\nmilk 1 2\ntea 3 4\n", [1])]:
        looked_at_first.clear()
        assert dict(load_vectors(write(tmp_path, text))) == {"milk": [1, 2], "tea": [3, 4]}
        assert [n for _, n, *_ in looked_at_first] == looked_at  # the line that sets the dimension
    assert careful == []
