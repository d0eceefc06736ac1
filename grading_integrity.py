"""Honest solutions and copies of sentemb, generated: the sets that set the integrity
threshold (docs/grading.md) and that test_grade_integrity.py checks against it.

``honest()`` writes solutions of the exercise in many styles (tokenizers, lookups, means,
layouts, a cosine written as sentemb writes it, a docstring naming sentemb.py), none of them
a copy.  ``copies()`` takes sentemb's Part 1 and hides it as students do: every identifier,
attribute and string renamed, its functions reordered, or encoded (base64, base32, base85,
hex, zlib, bz2, lzma, rot13) and exec'd.  ``python3 grading_integrity.py`` prints the
measurement: the closest match of each sample, honest and copied.
"""

from __future__ import annotations

import ast
import base64
import builtins
import bz2
import codecs
import io
import itertools
import json
import keyword
import lzma
import random
import tokenize
import zlib
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Tuple

ROOT = Path(__file__).resolve().parent

TOKENIZERS = {
    "regex": "tokens = re.findall(r'\\w+|[^\\w\\s]', sentence)",
    "split": "tokens = sentence.replace('!', ' !').split()",
    "loop": (
        "tokens, word = [], ''\n"
        "        for ch in sentence:\n"
        "            if ch.isalnum():\n"
        "                word += ch\n"
        "            else:\n"
        "                if word:\n"
        "                    tokens.append(word)\n"
        "                word = ''\n"
        "                if not ch.isspace():\n"
        "                    tokens.append(ch)\n"
        "        if word:\n"
        "            tokens.append(word)"
    ),
}
LOOKUPS = {
    "get": "return self.vocab.get(token, [-1, -1])",
    "if": (
        "if token in self.vocab:\n            return self.vocab[token]\n        return [-1, -1]"
    ),
    "try": (
        "try:\n"
        "            return self.vocab[token]\n"
        "        except KeyError:\n"
        "            return [-1, -1]"
    ),
    "casefold": (
        "for word, vector in self.vocab.items():\n"
        "            if word.lower() == token.lower():\n"
        "                return vector\n"
        "        return [-1, -1]"
    ),
}
MEANS = {
    "zip": (
        "total = sum(weights)\n"
        "        return [sum(w * x for w, x in zip(weights, column)) / total "
        "for column in zip(*vectors)]"
    ),
    "loop": (
        "sums = [0.0, 0.0]\n"
        "        for w, v in zip(weights, vectors):\n"
        "            sums[0] += w * v[0]\n"
        "            sums[1] += w * v[1]\n"
        "        total = sum(weights)\n"
        "        return [sums[0] / total, sums[1] / total]"
    ),
    "index": (
        "total = 0\n"
        "        out = [0, 0]\n"
        "        for i in range(len(vectors)):\n"
        "            for d in range(2):\n"
        "                out[d] += weights[i] * vectors[i][d]\n"
        "            total += weights[i]\n"
        "        return [out[0] / total, out[1] / total]"
    ),
    "fractions": (
        "from fractions import Fraction\n"
        "        ws = [Fraction(str(w)) for w in weights]\n"
        "        dims = len(vectors[0])\n"
        "        return [float(sum(w * v[d] for w, v in zip(ws, vectors)) / sum(ws)) "
        "for d in range(dims)]"
    ),
}
COSINES = {
    "sentemb's idiom": (
        "dot = sum(a * b for a, b in zip(u, v))\n"
        "        return float(dot / math.sqrt(sum(a * a for a in u) * sum(b * b for b in v)))"
    ),
    "norms": (
        "norm = lambda x: math.sqrt(sum(t * t for t in x))\n"
        "        return sum(a * b for a, b in zip(u, v)) / (norm(u) * norm(v))"
    ),
}

HONEST = '''"""Sentence embeddings, the lecture exercise.{docstring}"""
import math
import re


class {name}:
    vocab = {{"I": [-1, 1], "lot": [0, 2], "love": [1, 3], "chocolate": [2, 4], "milk": [3, 5]}}
    fillers = ["I", "and", "as", "for", "it", "or", "maybe"]
    weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def split(self, sentence):
        {tokenizer}
        return tokens

    def lookup(self, token):
        {lookup}

    def mean(self, vectors, weights):
        {mean}

    def average(self, sentence):
        vectors = [self.lookup(t) for t in self.split(sentence)]
        return self.mean(vectors, [1] * len(vectors))

    def skip_filler(self, sentence):
        kept = [t for t in self.split(sentence) if t not in self.fillers]
        return self.mean([self.lookup(t) for t in kept], [1] * len(kept))

    def weighted(self, sentence):
        tokens = self.split(sentence)
        return self.mean([self.lookup(t) for t in tokens], self.weights[: len(tokens)])

    @staticmethod
    def cosine(u, v):
        {cosine}
'''

DOCSTRINGS = ("", " Checked against the course's sentemb.py: same answers.")


def honest() -> Iterator[Tuple[str, str]]:
    """(name, source) of every honest variant: each tokenizer, lookup, mean and cosine,
    with or without a docstring that names sentemb.py."""
    for number, (t, lookup, m, c) in enumerate(
        itertools.product(TOKENIZERS, LOOKUPS, MEANS, COSINES)
    ):
        docstring = DOCSTRINGS[number % 2]
        source = HONEST.format(
            name=("Embedder", "SentenceEmbedding", "ExerciseEmbedder")[number % 3],
            docstring=docstring,
            tokenizer=TOKENIZERS[t],
            lookup=LOOKUPS[lookup],
            mean=MEANS[m],
            cosine=COSINES[c],
        )
        yield f"honest {t}/{lookup}/{m}/{c}", source


def part_one() -> str:
    """sentemb.py up to its Part 2 banner: the exercise, which runs alone."""
    text = (ROOT / "sentemb.py").read_text(encoding="utf-8")
    return text[: text.index("# Part 2.")]


def renamed(source: str, seed: int = 0) -> str:
    """Every identifier and attribute that is not a keyword or a builtin renamed, every
    string changed, every comment dropped (with tokenize, so on every Python)."""
    rng = random.Random(seed)
    names: Dict[str, str] = {}
    kept = set(dir(builtins)) | {"self", "cls", "re", "math", "operator", "unicodedata"}
    out: List[Tuple[int, str]] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        kind, text = token.type, token.string
        conversion = bool(out) and out[-1] == (tokenize.OP, "!")  # f"{x!r}" on Python 3.12+
        renames = kind == tokenize.NAME and not keyword.iskeyword(text) and text not in kept
        if renames and not conversion:
            text = names.setdefault(text, f"v{rng.randrange(10**6)}_{len(names)}")
        elif kind == tokenize.STRING and not text.lstrip("rbuRBU").startswith(('"""', "'''")):
            text = repr(f"s{rng.randrange(10**6)}") if "{" not in text else text
        elif kind == tokenize.COMMENT:
            text = ""
        out.append((kind, text))
    return tokenize.untokenize(out)


def reordered(source: str, seed: int = 0) -> str:
    """The top-level statements in another order (each with its decorators and the
    comments above it), the imports and the module docstring first."""
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    blocks: List[str] = []
    start = 0
    for node in tree.body:
        end = getattr(node, "end_lineno", node.lineno)
        blocks.append("".join(lines[start:end]))
        start = end
    tail = "".join(lines[start:])
    head = [b for b, n in zip(blocks, tree.body) if isinstance(n, (ast.Import, ast.ImportFrom))
            or (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]  # fmt: skip
    rest = [b for b in blocks if b not in head]
    random.Random(seed).shuffle(rest)
    return "".join(head) + "\n".join(rest) + tail


def parts(source: str, names: Tuple[str, ...]) -> str:
    """Only the imports and the named top-level functions and classes of a source."""
    lines = source.splitlines(keepends=True)
    kept = []
    for node in ast.parse(source).body:
        wanted = (
            isinstance(node, (ast.Import, ast.ImportFrom)) or getattr(node, "name", "") in names
        )
        if wanted:
            first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
            kept.append("".join(lines[first - 1 : getattr(node, "end_lineno", node.lineno)]))
    return "\n\n".join(kept) + "\n"


ENCODINGS: Dict[str, Callable[[str], str]] = {
    "base64": lambda s: f"import base64\nexec(base64.b64decode({base64.b64encode(s.encode())!r}))",
    "zlib+base64": lambda s: (
        "import base64, zlib\nexec(zlib.decompress(base64.b64decode("
        f"{base64.b64encode(zlib.compress(s.encode()))!r})))"
    ),
    "bz2+base85": lambda s: (
        "import base64, bz2\nexec(bz2.decompress(base64.b85decode("
        f"{base64.b85encode(bz2.compress(s.encode()))!r})))"
    ),
    "lzma+base32": lambda s: (
        "import base64, lzma\nexec(lzma.decompress(base64.b32decode("
        f"{base64.b32encode(lzma.compress(s.encode()))!r})))"
    ),
    "hex": lambda s: f"exec(bytes.fromhex({s.encode().hex()!r}).decode())",
    "rot13": lambda s: (
        f"import codecs\nexec(codecs.decode({codecs.encode(s, 'rot13')!r}, 'rot13'))"
    ),
    "zlib bytes": lambda s: f"import zlib\nexec(zlib.decompress({zlib.compress(s.encode())!r}))",
}


def copies() -> Iterator[Tuple[str, str]]:
    """(name, source) of copies of sentemb's Part 1: as it is, renamed, reordered, both,
    and each of those encoded every way."""
    original = part_one()
    plain = {
        "as is": original,
        "renamed": renamed(original),
        "reordered": reordered(original),
        "renamed and reordered": reordered(renamed(original, 1), 1),
        "the class alone, renamed": renamed(parts(original, ("ExerciseEmbedder", "_mean")), 2),
        "tokenize alone, renamed": renamed(parts(original, ("tokenize",)), 3),
    }
    yield from plain.items()
    for (name, source), (how, encode) in itertools.product(plain.items(), ENCODINGS.items()):
        yield f"{name}, {how}", encode(source)


def closest(source: str) -> Tuple[float, str]:
    """How close a source comes to sentemb: the largest share of one compared unit's
    fingerprints that it holds, and that unit's name."""
    from sentemb_grade import analysis, integrity

    found = {digest for digest, _ in analysis.facts(source)["fingerprints"]}
    return max((len(u.fingerprints & found) / len(u.fingerprints), u.name)
               for u in integrity.reference_units())  # fmt: skip


def samples() -> Iterator[Tuple[str, str]]:
    """(name, source) of every sample in grading_samples/ that compiles, a notebook's
    code cells joined as the grader reads them."""
    from sentemb_grade import harness

    folder = ROOT / "grading_samples"
    for path in sorted([*folder.rglob("*.py"), *folder.rglob("*.ipynb")]):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            cells = json.loads(text)["cells"]
            code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
            yield path.name, "\n".join(harness.notebook_cells(code)[0])
        elif path.name != "syntax_error.py":
            yield path.name, text


def main() -> None:  # pragma: no cover - the measurement, printed
    from sentemb_grade import integrity

    print(f"threshold {integrity.THRESHOLD}, units of at least {integrity.UNIT_FINGERPRINTS} "
          "fingerprints")  # fmt: skip
    for group, items in (("grading_samples", samples), ("honest variants", honest),
                         ("copies", copies)):  # fmt: skip
        found = sorted((*closest(source), name) for name, source in items())
        flagged = sum(score >= integrity.THRESHOLD for score, _, _ in found)
        print(f"{group}: {len(found)}, flagged {flagged}; closest {found[-1]}; "
              f"least close {found[0]}")  # fmt: skip


if __name__ == "__main__":  # pragma: no cover
    main()
