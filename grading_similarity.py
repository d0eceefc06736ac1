"""Honest solutions written independently, and copies of them: the sets that set
--similarity's threshold (docs/grading.md) and that test_grade_similarity.py checks against it.

``honest()`` writes 25 solutions of the exercise from four choices of five (a tokenizer, a
layout of the data and its lookup, a mean, a skeleton of the class), chosen as the rows of
an orthogonal array: any two solutions share at most one of the four choices, as two students
who wrote theirs apart might.  ``copies()`` hides each one as students do: every identifier
renamed, its functions and methods reordered, its comments and docstrings rewritten, and all
three.  ``python3 grading_similarity.py`` prints the measurement: the closest pair of honest
solutions (and of grading_samples/), the least close copy, and the time to compare a class
of 300.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent

TOKENIZERS = [
    "def tokens(sentence):\n    return re.findall(r'\\w+|[^\\w\\s]', sentence)\n",
    (
        "def tokens(sentence):\n"
        "    found = []\n"
        "    for piece in sentence.split():\n"
        "        word = piece.rstrip('!?.,')\n"
        "        if word:\n"
        "            found.append(word)\n"
        "        found.extend(piece[len(word):])\n"
        "    return found\n"
    ),
    (
        "def tokens(sentence):\n"
        "    out, current = [], ''\n"
        "    for ch in sentence:\n"
        "        if ch.isalnum():\n"
        "            current += ch\n"
        "            continue\n"
        "        if current:\n"
        "            out.append(current)\n"
        "            current = ''\n"
        "        if not ch.isspace():\n"
        "            out.append(ch)\n"
        "    return out + ([current] if current else [])\n"
    ),
    ("def tokens(sentence):\n    return [t for t in re.split(r'(\\W)', sentence) if t.strip()]\n"),
    (
        "def tokens(sentence):\n"
        "    spaced = ''.join(c if c.isalnum() or c.isspace() else f' {c} ' for c in sentence)\n"
        "    return spaced.split()\n"
    ),
]
LAYOUTS = [
    (
        "VOCAB = {'I': [-1, 1], 'lot': [0, 2], 'love': [1, 3], 'chocolate': [2, 4], "
        "'milk': [3, 5]}\n\n\ndef lookup(token):\n    return VOCAB.get(token, [-1, -1])\n"
    ),
    (
        "WORDS = ['I', 'lot', 'love', 'chocolate', 'milk']\n\n\n"
        "def lookup(token):\n"
        "    if token in WORDS:\n"
        "        i = WORDS.index(token)\n"
        "        return [i - 1, i + 1]\n"
        "    return [-1, -1]\n"
    ),
    (
        "PAIRS = [('I', (-1, 1)), ('lot', (0, 2)), ('love', (1, 3)), ('chocolate', (2, 4)), "
        "('milk', (3, 5))]\n\n\n"
        "def lookup(token):\n"
        "    for word, vector in PAIRS:\n"
        "        if word == token:\n"
        "            return list(vector)\n"
        "    return [-1, -1]\n"
    ),
    (
        "TABLE = {w: (i - 1, i + 1) for i, w in enumerate('I lot love chocolate milk'.split())}\n"
        "\n\ndef lookup(token):\n"
        "    try:\n"
        "        x, y = TABLE[token]\n"
        "    except KeyError:\n"
        "        x = y = -1\n"
        "    return [x, y]\n"
    ),
    (
        "XS = {'I': -1, 'lot': 0, 'love': 1, 'chocolate': 2, 'milk': 3}\n"
        "YS = {'I': 1, 'lot': 2, 'love': 3, 'chocolate': 4, 'milk': 5}\n\n\n"
        "def lookup(token):\n"
        "    return [XS.get(token, -1), YS.get(token, -1)]\n"
    ),
]
MEANS = [
    (
        "def pool(vectors, weights):\n"
        "    total = sum(weights)\n"
        "    return [sum(w * v[k] for w, v in zip(weights, vectors)) / total for k in range(2)]\n"
    ),
    (
        "def pool(vectors, weights):\n"
        "    sx = sy = sw = 0.0\n"
        "    for i in range(len(vectors)):\n"
        "        sx += weights[i] * vectors[i][0]\n"
        "        sy += weights[i] * vectors[i][1]\n"
        "        sw += weights[i]\n"
        "    return [sx / sw, sy / sw]\n"
    ),
    (
        "def pool(vectors, weights):\n"
        "    acc = functools.reduce(lambda a, b: [a[0] + b[0], a[1] + b[1]],\n"
        "                           [[w * v[0], w * v[1]] for v, w in zip(vectors, weights)])\n"
        "    return [a / math.fsum(weights) for a in acc]\n"
    ),
    (
        "def pool(vectors, weights):\n"
        "    result = []\n"
        "    for column in zip(*vectors):\n"
        "        products = map(lambda pair: pair[0] * pair[1], zip(column, weights))\n"
        "        result.append(math.fsum(products) / math.fsum(weights))\n"
        "    return result\n"
    ),
    (
        "def pool(vectors, weights):\n"
        "    scaled = [[w * x for x in v] for v, w in zip(vectors, weights)]\n"
        "    n = sum(weights)\n"
        "    out = [0, 0]\n"
        "    while scaled:\n"
        "        row = scaled.pop()\n"
        "        out = [out[0] + row[0], out[1] + row[1]]\n"
        "    return [out[0] / n, out[1] / n]\n"
    ),
]
FILLERS = "['I', 'and', 'as', 'for', 'it', 'or', 'maybe']"
WEIGHTS = "[0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]"
SKELETONS = [
    (
        "class SentenceEmbedder:\n"
        f"    filler_words = {FILLERS}\n"
        f"    attention_weights = {WEIGHTS}\n\n"
        "    def average(self, sentence):\n"
        "        toks = tokens(sentence)\n"
        "        return pool([lookup(t) for t in toks], [1] * len(toks))\n\n"
        "    def skip_filler(self, sentence):\n"
        "        toks = [t for t in tokens(sentence) if t not in self.filler_words]\n"
        "        return pool([lookup(t) for t in toks], [1] * len(toks))\n\n"
        "    def weighted(self, sentence):\n"
        "        toks = tokens(sentence)\n"
        "        return pool([lookup(t) for t in toks], self.attention_weights[:len(toks)])\n"
    ),
    (
        "class Embeddings:\n"
        f"    fillers = set({FILLERS})\n"
        f"    attention = {WEIGHTS}\n\n"
        "    def _embed(self, sentence, drop_fillers=False, weighted=False):\n"
        "        vectors, weights = [], []\n"
        "        for i, t in enumerate(tokens(sentence)):\n"
        "            if drop_fillers and t in self.fillers:\n"
        "                continue\n"
        "            vectors.append(lookup(t))\n"
        "            weights.append(self.attention[i] if weighted else 1)\n"
        "        return pool(vectors, weights)\n\n"
        "    def method1(self, sentence):\n"
        "        return self._embed(sentence)\n\n"
        "    def method2(self, sentence):\n"
        "        return self._embed(sentence, drop_fillers=True)\n\n"
        "    def method3(self, sentence):\n"
        "        return self._embed(sentence, weighted=True)\n"
    ),
    (
        "class Model:\n"
        f"    STOP = {FILLERS}\n"
        f"    W = {WEIGHTS}\n\n"
        "    @staticmethod\n"
        "    def simple_average(sentence):\n"
        "        vs = list(map(lookup, tokens(sentence)))\n"
        "        return pool(vs, [1 for _ in vs])\n\n"
        "    @classmethod\n"
        "    def skip_filler_words(cls, sentence):\n"
        "        kept = list(filter(lambda t: t not in cls.STOP, tokens(sentence)))\n"
        "        return pool(list(map(lookup, kept)), [1 for _ in kept])\n\n"
        "    @classmethod\n"
        "    def learned(cls, sentence):\n"
        "        vs = list(map(lookup, tokens(sentence)))\n"
        "        return pool(vs, cls.W[: len(vs)])\n"
    ),
    (
        "def embed(sentence, mode):\n"
        "    toks = tokens(sentence)\n"
        "    if mode == 'skip':\n"
        f"        toks = [t for t in toks if t not in {FILLERS}]\n"
        f"    weights = {WEIGHTS}[: len(toks)] if mode == 'weighted' else [1] * len(toks)\n"
        "    return pool([lookup(t) for t in toks], weights)\n\n\n"
        "class Sentences:\n"
        f"    filler_words = {FILLERS}\n"
        f"    attention_weights = {WEIGHTS}\n\n"
        "    def mean(self, sentence):\n"
        "        return embed(sentence, 'mean')\n\n"
        "    def skip(self, sentence):\n"
        "        return embed(sentence, 'skip')\n\n"
        "    def attend(self, sentence):\n"
        "        return embed(sentence, 'weighted')\n"
    ),
    (
        "class Pooler:\n"
        "    def __init__(self):\n"
        f"        self.fillers = {FILLERS}\n"
        f"        self.weights = {WEIGHTS}\n"
        "        self.cache = {}\n\n"
        "    def run(self, sentence, keep, weigh):\n"
        "        key = (sentence, keep, weigh)\n"
        "        if key not in self.cache:\n"
        "            pairs = [(t, w) for t, w in zip(tokens(sentence), self.weights) if keep(t)]\n"
        "            self.cache[key] = pool([lookup(t) for t, _ in pairs],\n"
        "                                   [w if weigh else 1 for _, w in pairs])\n"
        "        return self.cache[key]\n\n"
        "    def average_embedding(self, sentence):\n"
        "        return self.run(sentence, lambda t: True, False)\n\n"
        "    def no_filler_embedding(self, sentence):\n"
        "        return self.run(sentence, lambda t: t not in self.fillers, False)\n\n"
        "    def attention_embedding(self, sentence):\n"
        "        return self.run(sentence, lambda t: True, True)\n"
    ),
]
HEADER = "import functools\nimport math\nimport re\n\n\n"


def honest() -> Iterator[Tuple[str, str]]:
    """25 solutions, any two sharing at most one of their four choices: the rows (a, b) of
    the orthogonal array whose choices are a, b, a + b and a + 2b, modulo 5."""
    for a in range(5):
        for b in range(5):
            choice = (a, b, (a + b) % 5, (a + 2 * b) % 5)
            parts = [TOKENIZERS[choice[0]], LAYOUTS[choice[1]], MEANS[choice[2]],
                     SKELETONS[choice[3]]]  # fmt: skip
            yield f"honest {'/'.join(map(str, choice))}", HEADER + "\n\n".join(parts)


def renamed(source: str, seed: int = 1) -> str:
    """Every identifier the source defines, its attributes and parameters renamed."""
    tree = ast.parse(source)
    keep = set(dir(builtins)) | {"self", "cls", "re", "math", "functools"}
    names: Dict[str, str] = {}
    rng = random.Random(seed)

    def new(name: str) -> str:
        if name in keep or keyword.iskeyword(name) or name.startswith("__"):
            return name
        return names.setdefault(name, f"v{rng.randrange(10**6)}_{len(names)}")

    module_attrs = {"findall", "split", "rstrip", "isalnum", "isspace", "strip", "append",
                    "extend", "index", "get", "reduce", "fsum", "pop"}  # fmt: skip
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            node.id = new(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            node.name = new(node.name)
        elif isinstance(node, ast.arg):
            node.arg = new(node.arg)
        elif isinstance(node, ast.Attribute) and node.attr not in module_attrs:
            node.attr = new(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            node.arg = new(node.arg)
    return ast.unparse(tree)


def reordered(source: str, seed: int = 1) -> str:
    """The module's statements after its imports, and each class's methods, shuffled."""
    tree = ast.parse(source)
    rng = random.Random(seed)
    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    rest = [n for n in tree.body if n not in imports]
    rng.shuffle(rest)
    for node in rest:
        if isinstance(node, ast.ClassDef):
            rng.shuffle(node.body)
    tree.body = imports + rest
    return ast.unparse(tree)


def recommented(source: str) -> str:
    """A comment above every other line and a docstring in every function."""
    lines = []
    for number, line in enumerate(source.splitlines()):
        indent = line[: len(line) - len(line.lstrip())]
        if number % 2 and line.strip():
            lines.append(f"{indent}# step {number}: what this line does, in my own words")
        lines.append(line)
        if line.lstrip().startswith("def ") and line.rstrip().endswith(":"):
            lines.append(f'{indent}    """My own docstring for this function."""')
    return "\n".join(lines) + "\n"


def copies() -> Iterator[Tuple[str, str, str]]:
    """Each honest solution (its name and source) with each way of hiding a copy of it."""
    for name, source in honest():
        for kind, copy in (
            ("renamed", renamed(source)),
            ("reordered", reordered(source)),
            ("re-commented", recommented(source)),
            ("all three", recommented(renamed(reordered(source)))),
        ):
            yield name, source, f"{name}, {kind}: {copy}"


# -- The measurement ---------------------------------------------------------------------------


def copy_overlap(source: str, copy: str) -> float:
    """The overlap of a solution and a copy of it, compared as a class of two."""
    found = overlaps({"original.py": source, "copy.py": copy.split(": ", 1)[1]})
    return found[0][0] if found else 0.0


def _class_of(folder: Path, sources: Dict[str, str]) -> None:
    for name, text in sources.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def overlaps(
    sources: Optional[Dict[str, str]] = None, paths: Sequence[str] = ()
) -> List[Tuple[float, str, str]]:
    """Every pair's overlap in a class (sources by name, and the files or folders given), as
    --similarity measures it, the closest first."""
    from sentemb_grade import similarity
    from sentemb_grade.collect import Analyser, Stage, Submission, collect

    with Stage() as stage, Analyser() as analyser:
        submissions = collect(list(paths), stage, analyser).submissions if paths else []
        for name, text in (sources or {}).items():
            submissions.append(Submission(name, "", name, {name: analyser.facts(text)}, ()))
        data = analyser.facts(similarity.EXERCISE_DATA)
    prints = similarity.prints_of(submissions, frozenset(h for h, _ in data.fingerprints))
    found = [(overlap, a.name, b.name) for overlap, a, b, _ in similarity.pairs(prints, 0.0)]
    return sorted(found, reverse=True)


def measure() -> None:  # pragma: no cover - run by hand: python3 grading_similarity.py
    from sentemb_grade import similarity

    print(f"threshold {similarity.THRESHOLD}, at least {similarity.SHARED} fingerprints shared")
    samples = sorted(str(p) for p in (ROOT / "grading_samples").iterdir())
    found = overlaps(paths=samples)
    print(f"grading_samples: {len(samples)} submissions, {len(found)} pairs sharing "
          f"{similarity.SHARED}+; closest {found[:3]}")  # fmt: skip
    found = overlaps(dict(honest()))
    flagged = [f for f in found if f[0] >= similarity.THRESHOLD]
    print(f"honest: 25 solutions, 300 pairs, {len(found)} sharing {similarity.SHARED}+, "
          f"flagged {len(flagged)}; closest {found[:3]}")  # fmt: skip
    closeness = [copy_overlap(source, copy) for _, source, copy in copies()]
    caught = sum(c >= similarity.THRESHOLD for c in closeness)
    print(f"copies: {len(closeness)}, flagged {caught}; least close {min(closeness)}")
    with tempfile.TemporaryDirectory() as folder:
        big = {}
        for number in range(300):
            a, b = divmod(number, 25)
            choice = (a % 5, b % 5, (a + b + number // 125) % 5, (a + 2 * b) % 5)
            parts = [TOKENIZERS[choice[0]], LAYOUTS[choice[1]], MEANS[choice[2]],
                     SKELETONS[choice[3]]]  # fmt: skip
            big[f"student{number:03}.py"] = renamed(HEADER + "\n\n".join(parts), number)
        _class_of(Path(folder) / "big", big)
        start = time.perf_counter()
        overlaps(paths=[str(Path(folder) / "big")])
        print(f"300 students: read, fingerprinted and compared in "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, str(ROOT))
    measure()
