"""The fuzzed surface: whatever goes in, only the documented exceptions come out.

Every public function and method, and the command line in-process, is driven with
arbitrary Unicode (emoji, combining marks, right-to-left text, zero-width characters,
strings of 100,000 characters), small arbitrary vocabularies and weights.  What may
escape: EmbeddingError, TypeError, and OutOfVocabularyError (an EmbeddingError that is
also a KeyError) where oov="error" (or ``embed_word`` under oov="skip").  Arbitrary bytes
as a vector file either load correctly or raise EmbeddingError naming a line.  The
command line exits 0 or 2: a bug is a traceback, which fails the test.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import math
import os
import re
import struct
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, List, Set, Tuple

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import sentemb
from conftest import Model, belongs_to_the_one_before, run
from sentemb import (
    OOV_POLICIES,
    SIF,
    USIF,
    EmbeddingError,
    FastTextVectors,
    OutOfVocabularyError,
    SentenceEmbedder,
    cosine_similarity,
    load_counts,
    load_vectors,
    tokenize,
)

# 300 cases a fuzz test; the matrix's older Pythons try 25 (its profile's number, conftest.py)
FUZZ = settings(
    max_examples=25 if os.environ.get("SENTEMB_HYPOTHESIS_PROFILE") == "matrix" else 300,
    suppress_health_check=list(HealthCheck),
)
LONG = settings(max_examples=15, suppress_health_check=list(HealthCheck))

# -- Strategies: hostile text, vocabularies, weights --------------------------------------

SPECIAL = [
    "😀",
    "👩\u200d👩\u200d👧",
    "🇫🇷",
    "👍🏽",  # emoji, a ZWJ sequence, a flag, a skin tone
    "e\u0301",
    "\u0301",
    "\u20dd",
    "ा",  # combining marks, on their own and after letters
    "שלום",
    "مرحبا",
    "\u200f",
    "\u202e",
    "\u061c",  # right-to-left text and marks
    "\u200b",
    "\u200c",
    "\u200d",
    "\ufeff",
    "\u2060",  # zero-width characters
    "\u00a0",
    "\u3000",
    "\t",
    "\n",
    "\r\n",
    " ",  # spaces of all kinds
    "I",
    "love",
    "milk",
    "chocolate",
    "as",
    "well",
    "!",
    "İ",
    "ß",
    "ǅ",
    "Σ",  # case folding
    "\x00",
    "\ud800",
    "\U0010ffff",  # a NUL, a lone surrogate, the last code point
]
texts = st.one_of(
    st.text(),
    st.text(st.characters(codec=None)),
    st.lists(st.sampled_from(SPECIAL), max_size=12).map("".join),
    st.lists(st.sampled_from(SPECIAL) | st.text(max_size=3), max_size=8).map(" ".join),
)
long_texts = st.builds(
    lambda piece, length: (piece * (length // len(piece) + 1))[:length],
    st.lists(st.sampled_from(SPECIAL), min_size=1, max_size=6).map("".join),
    st.integers(90_000, 100_000),
)
sentences = st.one_of(texts, st.lists(texts, max_size=6), st.none(), st.integers(), st.binary())
numbers = st.one_of(
    st.floats(),
    st.integers(-(10**400), 10**400),
    st.fractions(),
    st.decimals(),
    st.booleans(),
    st.text(max_size=2),
    st.none(),
)
vectors = st.one_of(
    st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=3),
    st.lists(numbers, max_size=3),
    st.text(max_size=3),
    numbers,
)
hostile_vocabularies = st.one_of(
    st.dictionaries(texts, st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=2), max_size=5),
    st.dictionaries(texts | st.integers(), vectors, max_size=4),
    st.none(),
    st.lists(texts, max_size=2),
)
weights = st.one_of(
    st.none(),
    st.lists(numbers, max_size=8),
    st.lists(st.floats(0, 1e300), max_size=8),
    st.dictionaries(texts, numbers, max_size=6),
    st.text(max_size=3),
    numbers,
)


def raised_by_sentemb(error: BaseException) -> bool:
    """True when a ``raise`` statement of sentemb's raised the error; False when
    Python raised it inside sentemb (``None + 1``) or anywhere else."""
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    if trace is None or trace.tb_frame.f_code.co_filename != sentemb.__file__:
        return False
    return linecache.getline(sentemb.__file__, trace.tb_lineno).lstrip().startswith("raise ")


def documented(error: BaseException, oov: str = "vector", call: str = "") -> bool:
    """Only what sentemb documents may escape: EmbeddingError, TypeError for a
    value of the wrong type, each raised by sentemb itself, and of the
    EmbeddingErrors an OutOfVocabularyError only where oov="error" (or
    ``embed_word`` under oov="skip")."""
    if isinstance(error, OutOfVocabularyError):
        return oov == "error" or (oov, call) == ("skip", "embed_word")
    if isinstance(error, EmbeddingError):
        return True
    return type(error) is TypeError and raised_by_sentemb(error)


def check_vector(result: Any, dimension: int) -> None:
    assert isinstance(result, list)
    assert len(result) == dimension
    assert all(isinstance(x, (float, Fraction)) for x in result)
    floats = [x for x in result if isinstance(x, float)]  # a Fraction of any size is finite
    assert all(math.isfinite(x) for x in floats), result  # never a NaN, never an inf


# -- Every public function and method ----------------------------------------------------


@FUZZ
@given(
    vocab=hostile_vocabularies,
    fillers=st.none() | st.lists(texts, max_size=3) | st.text(max_size=2),
    attention=st.none() | weights,
    oov_vector=st.none() | vectors,
    oov=st.sampled_from(OOV_POLICIES) | st.text(max_size=3),
    exact=st.booleans(),
    pre=st.booleans(),
    post=st.booleans(),
    keep=st.booleans(),
    sentence=sentences,
    other=sentences,
    given_weights=weights,
    k=st.none() | st.integers(-2, 5) | st.booleans() | st.text(max_size=1),
    method=st.sampled_from(["average", "skip_filler", "weighted", "max"]),
)
@example(
    vocab=None, fillers=None, attention=None, oov_vector=None, oov="vector", exact=True,
    pre=False, post=False, keep=True, sentence=sentemb.EXERCISE_SENTENCE, other="milk",
    given_weights=None, k=None, method="weighted",
)  # fmt: skip
def test_the_embedder_raises_only_documented_errors(
    vocab: Any, fillers: Any, attention: Any, oov_vector: Any, oov: Any, exact: bool,
    pre: bool, post: bool, keep: bool, sentence: Any, other: Any, given_weights: Any,
    k: Any, method: str,
) -> None:  # fmt: skip
    try:
        embedder = SentenceEmbedder(
            vocab_embeddings=vocab,
            filler_words=fillers,
            attention_weights=attention,
            oov_vector=oov_vector,
            oov=oov,
            pre_normalize=pre,
            post_normalize=post,
            keep_punctuation=keep,
            exact=exact,
        )
    except Exception as error:
        assert documented(error), repr(error)
        return
    dimension = embedder.dimension
    token = sentence if isinstance(sentence, str) else "milk"
    calls: List[Any] = [
        ("tokens", lambda: embedder.tokens(sentence), None),
        ("embed_word", lambda: embedder.embed_word(token), dimension),
        ("embed_word", lambda: embedder.embed_word(sentence), dimension),
        ("average", lambda: embedder.average(sentence), dimension),
        ("skip_filler", lambda: embedder.skip_filler(sentence), dimension),
        ("weighted", lambda: embedder.weighted(sentence), dimension),
        ("weighted", lambda: embedder.weighted(sentence, given_weights), dimension),
        ("similarity", lambda: embedder.similarity(sentence, other, method), -1),
        ("most_similar", lambda: embedder.most_similar(sentence, [other, token], k, method), 0),
        ("embed_many", lambda: list(embedder.embed_many([sentence, other], method)), -2),
    ]
    for name, call, shape in calls:
        try:
            result = call()
        except BaseException as error:
            assert documented(error, embedder.oov, name), f"{name}: {error!r}"
            continue
        if shape is None:
            assert all(isinstance(t, str) and t for t in result)
        elif shape == -1:
            assert -1.0 <= result <= 1.0
        elif shape == 0:
            assert all(-1.0 <= score <= 1.0 for _, score in result)
        elif shape == -2:
            assert len(result) == 2
            for vector in result:  # None: a sentence with no vector, which never stops it
                if vector is not None:
                    check_vector(vector, dimension)
        else:
            check_vector(result, shape)


@FUZZ
@given(st.lists(numbers, max_size=4) | numbers | texts, st.lists(numbers, max_size=4) | texts)
def test_cosine_similarity_raises_only_documented_errors(u: Any, v: Any) -> None:
    try:
        result = cosine_similarity(u, v)
    except Exception as error:
        assert documented(error), repr(error)
        return
    assert -1.0 <= result <= 1.0
    assert SentenceEmbedder.cosine(u, v) == result  # the embedder's cosine is this one


@FUZZ
@given(st.one_of(texts, st.none(), st.binary()), st.booleans())
def test_tokenize_raises_only_type_errors(sentence: Any, keep: bool) -> None:
    try:
        tokens = tokenize(sentence, keep)
    except Exception as error:
        assert documented(error), repr(error)
        assert not isinstance(sentence, str)
        return
    assert all(token and not any(c.isspace() for c in token) for token in tokens)
    assert not any(belongs_to_the_one_before(token[0]) for token in tokens)


@LONG
@given(long_texts, st.sampled_from(sentemb._METHODS), st.sampled_from(OOV_POLICIES))
def test_sentences_of_100000_characters(sentence: str, method: str, oov: str) -> None:
    embedder = SentenceEmbedder(oov=oov)
    try:
        result = getattr(embedder, method)(sentence)
    except BaseException as error:
        assert documented(error, oov, method), repr(error)
        return
    check_vector(result, 2)


# -- The command line, in-process ---------------------------------------------------------

OPTIONS = [
    "--words-only", "--exact", "--json", "--vectors", "--limit", "--oov", "--weights",
    "--compare", "--rank", "-k", "--method", "--help", "--version", "vector", "skip", "error",
    "average", "weighted", "2", "0", "-1", "0.5 1", "{vectors}", "{lines}", "/no/such/file",
    "--svg", "{svg}",
]  # fmt: skip


@FUZZ
@given(
    st.lists(st.sampled_from(OPTIONS) | texts, max_size=7),
    st.binary(max_size=200),
    st.lists(texts, max_size=4),
)
@example(["--vectors", "{vectors}", "--rank", "milk", "{lines}", "-k", "2"], b"milk 1 2\n", ["m"])
def test_the_command_line_exits_0_or_2(
    argv: List[str], vector_file: bytes, lines: List[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        vectors_path = os.path.join(folder, "vectors.txt")
        lines_path = os.path.join(folder, "lines.txt")
        with open(vectors_path, "wb") as file:
            file.write(vector_file)
        with open(lines_path, "w", encoding="utf-8", errors="surrogatepass") as file:
            file.write("\n".join(lines))
        svg_path = os.path.join(folder, "picture.svg")
        places = {"{vectors}": vectors_path, "{lines}": lines_path, "{svg}": svg_path}
        args = [places.get(a, a) for a in argv]
        here = os.getcwd()
        os.chdir(folder)  # what an option names (--svg TEXT) is written there, not here
        try:
            done = run(*args)
        finally:
            os.chdir(here)
        assert done.returncode in (0, 2)
        assert "Traceback" not in done.stderr
        if done.returncode == 2:
            assert "error" in done.stderr


# -- Arbitrary bytes as a vector file ------------------------------------------------------

FRAGMENTS = [
    b"milk", b"I", b"caf\xc3\xa9", b"\xff", b"\xef\xbb\xbf", b" ", b"  ", b"\t", b"\n", b"\r\n",
    b"0", b"1", b"-2.5", b"1e308", b"1e999", b"nan", b"-inf", b"0x1p3", b"1_0", b".5", b"3 2\n",
    b"2 1\n", b". . .", b"\x00", b"\xc3",
]  # fmt: skip
BOM = b"\xef\xbb\xbf"
files = st.one_of(st.binary(), st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(b"".join))


def expected_vector(content: bytes, word: str, dimension: int) -> List[float]:
    """The numbers of the first line for ``word``, read the documented way: a line ends at
    a newline, a lone CR, a vertical tab or a form feed; its last ``dimension`` fields,
    after any run of whitespace, are the numbers, and what comes before them is the word."""
    if content.startswith(BOM):  # only the file's first line may start with one
        content = content[len(BOM) :]
    for line in re.split(rb"\r\n|[\r\n\x0b\x0c]", content):
        fields = line.rstrip().rsplit(None, dimension)
        if len(fields) == dimension + 1 and fields[0] == word.encode("utf-8"):
            return [float(f) for f in fields[1:]]
    raise AssertionError(f"{word!r} is on no line")


def expected_binary_vector(content: bytes, word: str, dimension: int) -> List[float]:
    """The numbers of the first record for ``word`` in a word2vec binary file (after a
    header line): a word, a space, ``dimension`` float32s, perhaps a newline."""
    body, at = content.partition(b"\n")[2], 0
    while True:
        space = body.index(b" ", at)
        end = space + 1 + 4 * dimension
        if body[at:space].lstrip(b"\n").decode("utf-8") == word:
            return list(struct.unpack(f"<{dimension}f", body[space + 1 : end]))
        at = end


WHERE = (  # how an error names the place in the file
    r"fuzz\.txt(, line [1-9][0-9]*:|, vector [1-9][0-9]* \(byte offset [0-9]+\):"
    r"|: the file is empty|: looks like a binary file|: the header says [0-9,]+ vectors?, but)"
)


@FUZZ
@given(files)
@example(b"2 1\n\na \x00\x00\x80?b \x00\x00\x00@")
@example(b"2 1\n\x003 2\nmilk. . .I")  # binary, though a line of it reads like text
@example(b"\xef\xbb\xbf3 2\r\nmilk 1 2\r\n. . . 3 4\r\nmilk 5 6\n\n")
@example(b"milk 1e999 2\n")
def test_arbitrary_bytes_load_correctly_or_name_a_line(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "fuzz.txt")
        with open(path, "wb") as file:
            file.write(content)
        try:
            vectors = load_vectors(path)
        except EmbeddingError as error:
            assert re.search(WHERE, str(error)), str(error)
            return
    assert vectors.dimension is not None
    assert vectors.dimension >= 1
    for word in vectors:
        check_vector(vectors[word], vectors.dimension)
    # Which reading the loader chose is its own rule; whichever it was, every vector is
    # what that one reading of the bytes gives.
    assert any(
        all(vectors[word] == reading(content, word, vectors.dimension) for word in vectors)
        for reading in (or_none(expected_vector), or_none(expected_binary_vector))
    )


@FUZZ
@given(
    hostile_vocabularies,
    st.dictionaries(texts | st.integers(), numbers, max_size=5) | st.none() | texts,
    numbers,
    st.integers(-1, 3) | numbers,
    st.lists(sentences, max_size=5) | texts,
    sentences,
    st.booleans(),
)
def test_sif_and_usif_raise_only_documented_errors(
    vocab: Any, counts: Any, option: Any, components: Any, fit: Any, sentence: Any, usif: bool
) -> None:
    try:
        if usif:
            model: Any = USIF(vocab, counts, length=option, components=components)
        else:
            model = SIF(vocab, counts, a=option, components=components)
    except Exception as error:
        assert documented(error), repr(error)
        return
    calls: List[Callable[[], Any]] = [
        lambda: model.fit(fit), lambda: model.embed(sentence), lambda: model.weight("a"),
    ]  # fmt: skip
    for call in calls:
        try:
            result = call()
        except Exception as error:
            assert documented(error), repr(error)
            continue
        if isinstance(result, list):
            check_vector(result, len(result))
        elif isinstance(result, float):
            assert math.isfinite(result)
            assert result > 0


@FUZZ
@given(st.lists(texts | st.binary(max_size=20) | st.integers(), max_size=6))
@example(["milk 3", "tea 4\x00"])
@example(["milk " + "9" * 5000])
def test_load_counts_on_any_lines_gives_counts_or_names_the_line(lines: List[Any]) -> None:
    try:
        counts = load_counts(lines)
    except TypeError:
        assert any(not isinstance(line, (str, bytes)) for line in lines)
        return
    except EmbeddingError as error:
        assert re.match(r"<lines>(, line [1-9][0-9]*: |: no counts in it)", str(error)), str(error)
        return
    assert counts
    assert all(isinstance(count, int) and count >= 0 for count in counts.values())


MODEL = Model(words=("milk", "Tea", "é")).data()


@FUZZ
@given(st.integers(0, len(MODEL)), st.binary(min_size=1, max_size=9), st.booleans())
@example(12, b"\xff\xff\xff\x7f", False)  # a dimension of 2**31 - 1
@example(92, b"\xff" * 8, True)  # a word with no NUL
def test_a_model_with_any_bytes_changed_opens_or_says_what_is_wrong(
    at: int, junk: bytes, inserted: bool
) -> None:
    content = MODEL[:at] + junk + MODEL[at + (0 if inserted else len(junk)) :]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "model.bin")
        path.write_bytes(content)
        opened = []
        try:
            opened.append(load_vectors(path, errors="replace"))
            opened.append(FastTextVectors(path, limit=2))
        except EmbeddingError as error:
            for vectors in opened:  # the first, when only the second is refused
                if isinstance(vectors, FastTextVectors):
                    vectors.close()
            place = r"(: .*fastText|: looks like a binary file|, word [1-9][0-9]*( of [0-9,]+)?: )"
            assert re.match(re.escape(str(path)) + place, str(error)), str(error)
            return
        for vectors in opened:
            assert isinstance(vectors, FastTextVectors)
            with vectors:
                for word in [*vectors, "milk", "tea", "", "😀"]:
                    if word in vectors:
                        try:
                            check_vector(vectors[word], vectors.dimension or 0)
                        except EmbeddingError as error:  # a row changed to an inf or a nan
                            assert "is not finite" in str(error)
                    for ngram in FastTextVectors.subwords_of(word, vectors.minn, vectors.maxn):
                        assert ngram in "<" + word + ">"


def or_none(reading: Callable[[bytes, str, int], List[float]]) -> Callable[..., Any]:
    """The reading, or None where the bytes do not read that way."""

    def read(content: bytes, word: str, dimension: int) -> Any:
        try:
            return reading(content, word, dimension)
        except Exception:  # the bytes are not that format: no vector
            return None

    return read


@FUZZ
@given(st.lists(texts | st.binary(max_size=20) | st.integers(), max_size=6))
def test_arbitrary_lines_load_or_raise_documented_errors(lines: List[Any]) -> None:
    try:
        vectors = load_vectors(lines)
    except TypeError:
        assert any(not isinstance(line, (str, bytes)) for line in lines)
        return
    except EmbeddingError as error:
        assert re.search(r"<lines>(, line [1-9][0-9]*:|: the file is empty)", str(error))
        return
    for word in vectors:
        check_vector(vectors[word], vectors.dimension or 0)


@FUZZ
@given(hostile_vocabularies)
def test_vectors_raises_only_documented_errors(vocab: Any) -> None:
    try:
        vectors = sentemb.Vectors(vocab)
    except Exception as error:
        assert documented(error), repr(error)
        return
    for word in vectors:
        check_vector(vectors[word], vectors.dimension or 0)


@FUZZ
@given(
    rows=st.lists(st.none() | vectors, max_size=4) | texts | numbers,
    texts_given=st.lists(texts, max_size=4) | sentences,
    dtype=st.sampled_from(["float64", "float32", "f8"]),
    query=sentences,
    k=st.none() | st.integers(-2, 5) | st.text(max_size=1),
)
def test_arrays_out_and_an_index_raise_only_documented_errors(
    rows: Any, texts_given: Any, dtype: str, query: Any, k: Any
) -> None:
    folder = tempfile.mkdtemp()
    calls: List[Tuple[str, Callable[[], int]]] = [
        ("rows.npy", lambda: sentemb.save_npy(os.path.join(folder, "rows.npy"), rows, dtype=dtype)),
        ("rows.tsv", lambda: sentemb.save_tsv(os.path.join(folder, "rows.tsv"), rows, texts_given)),
    ]
    for written, call in calls:
        try:
            count = call()
        except BaseException as error:
            assert documented(error), f"{written}: {error!r}"
            assert not os.path.exists(os.path.join(folder, written))  # nothing half-written
        else:
            assert count == len(rows)
    try:
        index = sentemb.SentenceIndex(SentenceEmbedder(), texts_given)
        found = index.search(query, k)
    except BaseException as error:
        assert documented(error), repr(error)
    else:
        assert all(-1.0 <= score <= 1.0 for _, score, _ in found)
    assert [name for name in os.listdir(folder) if name.endswith(".partial")] == []


def names_called_by_fuzz_tests() -> Set[str]:
    """The names that the @given tests of this file call (``f(...)`` or ``x.f(...)``)."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    called: Set[str] = set()
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and any(
            isinstance(d, ast.Call) and getattr(d.func, "id", None) == "given"
            for d in function.decorator_list
        ):
            for node in ast.walk(function):
                if isinstance(node, ast.Call):
                    called.add(
                        str(getattr(node.func, "id", None) or getattr(node.func, "attr", ""))
                    )
    return called


def takes_input(thing: Any) -> bool:
    """A callable with something to fuzz: not an exception, not a function of no arguments."""
    if isinstance(thing, type) and issubclass(thing, BaseException):
        return False
    return not callable(thing) or bool(inspect.signature(thing).parameters)


def test_every_public_callable_is_called_by_a_fuzz_test() -> None:
    public = {name for name in sentemb.__all__ if callable(getattr(sentemb, name))}
    public |= {  # and the methods of SentenceEmbedder, its base class's among them
        name
        for name in dir(SentenceEmbedder)
        if not name.startswith("_")
        and "mutmut" not in name  # mutmut's copies of the methods, under `make mutation`
        and callable(getattr(SentenceEmbedder, name))
    }
    fuzzable = {
        name
        for name in public
        if takes_input(getattr(sentemb, name, None) or getattr(SentenceEmbedder, name))
    }
    assert fuzzable - names_called_by_fuzz_tests() == set()
    assert {"exercise_embeddings", "EmbeddingError", "OutOfVocabularyError"} == public - fuzzable
