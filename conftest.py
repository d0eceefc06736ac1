"""Test helpers, one per job: the command-line runner, the terminal stand-in, "close
enough" and the norm of a vector, the Unicode classes the tokenizer's laws name, and a
fastText model writer.  Hypothesis profiles: random locally, derandomized (repeatable)
under CI=true, short under SENTEMB_HYPOTHESIS_PROFILE=mutation or =matrix (the older
Pythons of `make matrix`: the same laws, fewer cases), and only the pinned
@example cases under ...=explicit (`make coverage`: no branch is covered by luck)."""

import contextlib
import io
import math
import os
import struct
import subprocess
import sys
import unicodedata
from contextlib import nullcontext
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple, Union
from unittest import mock

import pytest
from hypothesis import HealthCheck, Phase, settings

import sentemb

# The Dask recipe imports dask, which only `make bench`'s venv has; test_scaling.py runs it.
collect_ignore = ["docs/scaling_recipe.py"]

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(  # `make mutation`: many runs, each short and repeatable
    "mutation",
    derandomize=True,
    deadline=None,
    max_examples=40,
    suppress_health_check=list(HealthCheck),
    database=None,
)
settings.register_profile(  # `make matrix` on the older Pythons: every law, a few cases each
    "matrix",
    derandomize=True,
    deadline=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("explicit", phases=[Phase.explicit], database=None)
default = "ci" if os.environ.get("CI", "").lower() == "true" else "dev"
settings.load_profile(os.environ.get("SENTEMB_HYPOTHESIS_PROFILE", default))


class Done(NamedTuple):
    """What a command-line run gives back, named like subprocess.CompletedProcess."""

    returncode: int
    stdout: str
    stderr: str


def run(
    *args: str,
    main: Callable[[List[str]], int] = sentemb.main,
    stdin: Union[bytes, str, None] = None,
    separate: bool = False,
    env: Optional[Dict[str, str]] = None,
) -> Done:
    """Run a command line, ``sentemb.py ARGS`` unless ``main`` is another module's
    (grade.main): in this process, so coverage sees every branch, or with
    ``separate=True`` as a program of its own, as a student runs it.  ``stdin``
    is what standard input holds (bytes, or text without a .buffer); ``env`` is
    added to a separate program's environment."""
    if separate:
        script = sys.modules[main.__module__].__file__
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        environment = {**os.environ, **(env or {})}
        done = subprocess.run(
            [sys.executable, str(script), *args],
            input=data,
            capture_output=True,
            check=False,
            env=environment,
        )
        return Done(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))
    out, err = io.StringIO(), io.StringIO()
    given: Any = io.StringIO(stdin) if isinstance(stdin, str) else stdin
    if isinstance(stdin, bytes):
        given = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    replaced = nullcontext() if given is None else mock.patch.object(sys, "stdin", given)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), replaced:
        try:
            code = main(list(args))
        except SystemExit as exit:  # argparse: --help, --version, a usage error
            code = exit.code if isinstance(exit.code, int) else 2
    return Done(code, out.getvalue(), err.getvalue())


class Terminal(io.StringIO):
    """A stand-in for stderr on a terminal: progress is shown only there."""

    def isatty(self) -> bool:
        return True


# -- Numbers: close enough, and a vector's length ----------------------------------------


def record_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> List[Tuple[Any, ...]]:
    """Wrap ``owner.name`` so that each call's arguments are recorded, then passed on."""
    calls: List[Tuple[Any, ...]] = []
    real = getattr(owner, name)

    def recorded(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(owner, name, recorded)
    return calls


def ulp(x: float) -> float:
    """math.ulp, which Python 3.8 lacks."""
    exponent = math.frexp(abs(x))[1]
    return math.ldexp(1.0, max(exponent - 53, -1074))


def close(
    got: Sequence[Any],
    want: Sequence[Any],
    *,
    rel_tol: float = 0.0,
    abs_tol: float = 0.0,
    ulps: int = 0,
) -> bool:
    """Close enough, component by component and measured exactly: each number differs
    from the one wanted by at most abs_tol + rel_tol * |wanted| + ulps units in the last
    place of the wanted number as a float; and there are as many of them."""
    return len(got) == len(want) and all(
        abs(Fraction(g) - Fraction(w))
        <= Fraction(abs_tol) + Fraction(rel_tol) * abs(Fraction(w)) + ulps * Fraction(ulp(float(w)))
        for g, w in zip(got, want)
    )


def norm(vector: Sequence[Any]) -> float:
    """The Euclidean length of a vector, summed exactly."""
    return math.sqrt(math.fsum(x * x for x in vector))


# -- Unicode: the characters the tokenizer's rules name -----------------------------------


def belongs_to_the_one_before(char: str) -> bool:
    """Combining marks (variation selectors among them), skin-tone modifiers, the
    tags of flag sequences and zero-width joiners, by their Unicode names."""
    name = unicodedata.name(char, "")
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or name.startswith(("EMOJI MODIFIER FITZPATRICK", "TAG ", "CANCEL TAG"))
        or name in ("ZERO WIDTH JOINER", "ZERO WIDTH NON-JOINER", "WORD JOINER", "SOFT HYPHEN")
        or name == "ZERO WIDTH NO-BREAK SPACE"
    )


# -- fastText models: the rules as fastText's C++ states them, and a writer -----------


def reference_hash(ngram: bytes) -> int:
    """fastText's Dictionary::hash, as its C++ reads: h ^= uint32_t(int8_t(byte))."""
    h = 2166136261
    for (signed,) in struct.iter_unpack("b", ngram):
        h = ((h ^ (signed % 2**32)) * 16777619) % 2**32
    return h


def reference_ngrams(word: str, minn: int, maxn: int) -> List[str]:
    """The n-grams of <word> by characters (a character is what UTF-8 encodes as one
    sequence), minn to maxn long, in order of start and length; the first and the
    last character alone are not n-grams."""
    characters = ["<", *word, ">"]
    last = len(characters) - 1
    return [
        "".join(characters[start : start + n])
        for start in range(len(characters))
        for n in range(max(minn, 1), maxn + 1)
        if start + n <= len(characters) and not (n == 1 and start in (0, last))
    ]


class Model:
    """A fastText model to write: its words, and rows that say where they are (row r
    is [r, 1, ...] unless given), so a mean of rows is known by hand."""

    def __init__(
        self,
        words: Sequence[str] = ("milk", "chocolate", "the"),
        dim: int = 2,
        bucket: int = 11,
        minn: int = 3,
        maxn: int = 4,
        rows: Optional[Dict[int, List[float]]] = None,
    ) -> None:
        self.words, self.dim, self.bucket, self.minn, self.maxn = words, dim, bucket, minn, maxn
        self.rows = rows or {}

    def row(self, r: int) -> List[float]:
        return self.rows.get(r, [float(r)] + [1.0] * (self.dim - 1))

    def vector(self, word: str, known: bool = True) -> Optional[List[float]]:
        """What the model gives a word, by the reference rules (``known``: its own row
        counts, if it has one)."""
        rows = [self.words.index(word)] if known and word in self.words else []
        if self.bucket:
            grams = reference_ngrams(word, self.minn, self.maxn)
            hashes = [reference_hash(g.encode("utf-8")) for g in grams]
            rows += [len(self.words) + h % self.bucket for h in hashes]
        if not rows:
            return None
        return [math.fsum(column) / len(rows) for column in zip(*map(self.row, rows))]

    def write(self, path: Path, **options: Any) -> Path:
        """Write the model to ``path``, with the options of ``data``."""
        path.write_bytes(self.data(**options))
        return path

    def data(
        self,
        *,
        new: bool = True,
        encoding: str = "utf-8",
        labels: int = 0,
        model: int = 2,
        quantized: bool = False,
        shape: Optional[Sequence[int]] = None,
    ) -> bytes:
        """The model's bytes, as fastText writes them (``new``: with the magic number)."""
        nwords, n = len(self.words), len(self.words) + self.bucket
        args = (self.dim, 5, 5, 1, 5, 1, 2, model, self.bucket, self.minn, self.maxn, 100, 1e-4)
        data = struct.pack("<2i", 793712314, 12) if new else b""
        data += struct.pack("<12id", *args)
        data += struct.pack("<3iq", nwords + labels, nwords, labels, 1000)
        data += struct.pack("<q", -1) if new else b""
        for count, word in enumerate(self.words):
            data += word.encode(encoding) + b"\0" + struct.pack("<qb", 100 - count, 0)
        data += b"".join(b"__label__%d\0" % i + struct.pack("<qb", 1, 1) for i in range(labels))
        data += struct.pack("<?", quantized) if new else b""
        data += struct.pack("<2q", *(shape or (n, self.dim)))
        data += b"".join(struct.pack(f"<{self.dim}f", *self.row(r)) for r in range(n))
        data += struct.pack("<?", False) if new else b""
        return data + struct.pack("<2q", nwords, self.dim) + bytes(4 * nwords * self.dim)


def private_grader(root: Path) -> Path:
    """A copy of the grader (sentemb.py, grade.py, sentemb_grade) in ``root``, which only its
    owner may open, as docs/grading.md asks of the uid fallback: its grade.py."""
    import shutil

    here = Path(__file__).resolve().parent
    root.mkdir(mode=0o700, exist_ok=True)
    root.chmod(0o700)
    shutil.copy(here / "sentemb.py", root / "sentemb.py")
    shutil.copy(here / "grade.py", root / "grade.py")
    shutil.copytree(here / "sentemb_grade", root / "sentemb_grade",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    return root / "grade.py"


@pytest.fixture
def private_reference(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The uid fallback refuses to run while a job could read the grader's files, as a clone's
    often are: a test that grades under it in this process checks a private copy's files
    instead (test_grade_sandbox tests the refusal itself).  The private copy's grade.py."""
    from sentemb_grade import sandbox

    grade = private_grader(tmp_path_factory.mktemp("private"))
    files = tuple(str(p) for p in sorted(grade.parent.rglob("*")) if p.is_file())
    monkeypatch.setattr(sandbox, "reference_files", lambda: files)
    return grade
