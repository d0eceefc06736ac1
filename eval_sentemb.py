"""How well each way of pooling word vectors agrees with people: the Lee corpus.

    make eval            # in .venv-bench: gensim ships the corpus, and trains the vectors

gensim's wheel carries the Lee corpus (Lee, Pincombe and Welsh, 2005): lee.cor, 50 news
documents, and similarities0-1.txt, the mean of human ratings for each of their 1,225
pairs; and lee_background.cor, 300 other documents.  A 100-dimensional Word2Vec is trained
with a fixed seed on the background documents; SIF and uSIF are fitted on their sentences
(with the counts of the training vocabulary); then each of the 50 documents is embedded by
each method, and the cosine of each pair is correlated with the human score.  Printed:
Pearson and Spearman for average, skip_filler (gensim's English stop words as the filler
words), SIF, uSIF, and uSIF with its author's removal (each component's share applied
once, where fse applies its square).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from typing import Callable, Dict, List, Sequence

import gensim
from gensim.models import Word2Vec
from gensim.parsing.preprocessing import STOPWORDS
from scipy.stats import pearsonr, spearmanr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from sentemb import SIF, USIF, SentenceEmbedder, Vectors, cosine_similarity, tokenize  # noqa: E402

DATA = os.path.join(os.path.dirname(gensim.__file__), "test", "test_data")
SEED = 20261203
TARGET = 0.15  # SIF's Pearson must beat the average's by this much


def documents(name: str) -> List[str]:
    with open(os.path.join(DATA, name), encoding="latin-1") as file:  # as gensim reads it
        return [line.strip() for line in file if line.strip()]


def human_scores() -> List[float]:
    """The upper triangle of the 50 x 50 matrix of mean human ratings, row by row."""
    with open(os.path.join(DATA, "similarities0-1.txt"), encoding="ascii") as file:
        rows = [[float(x) for x in line.split()] for line in file if line.strip()]
    return [rows[i][j] for i in range(len(rows)) for j in range(i + 1, len(rows))]


def cosines(vectors: Sequence[Sequence[float]]) -> List[float]:
    n = len(vectors)
    return [cosine_similarity(vectors[i], vectors[j]) for i in range(n) for j in range(i + 1, n)]


def main() -> None:
    logging.disable(logging.WARNING)
    background = documents("lee_background.cor")
    lee = documents("lee.cor")
    words = [tokenize(d.lower(), keep_punctuation=False) for d in background]
    model = Word2Vec(
        words, vector_size=100, window=5, min_count=5, sg=0, epochs=20, seed=SEED, workers=1
    )
    vectors = Vectors({w: model.wv[w].tolist() for w in model.wv.index_to_key})
    counts = {w: model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key}
    sentences = [s for d in background for s in re.split(r"(?<=[.!?])\s+", d) if s.strip()]
    tokens = [tokenize(d.lower(), keep_punctuation=False) for d in lee]

    plain = SentenceEmbedder(vocab_embeddings=vectors, oov="skip")
    fillers = SentenceEmbedder(vocab_embeddings=vectors, oov="skip", filler_words=STOPWORDS)
    sif = SIF(vectors, counts).fit(sentences)
    usif = USIF(vectors, counts).fit(sentences)
    means = USIF(vectors, counts, length=usif.length, components=0).fit(sentences)
    energy = [s * s for s in usif.singular_values]
    shares = [e / sum(energy) for e in energy]

    def usif_once(document: List[str]) -> List[float]:  # the author's removal
        v = means.embed(document)
        for share, u in zip(shares, usif.components):
            p = share * sum(a * b for a, b in zip(v, u))
            v = [a - p * b for a, b in zip(v, u)]
        return v

    methods: Dict[str, Callable[[List[str]], List[float]]] = {
        "average": plain.average,
        "skip_filler (stop words)": fillers.skip_filler,
        "SIF (a = 1e-3, 1 component)": sif.embed,
        f"uSIF (n = {usif.length}, 5 components)": usif.embed,
        "uSIF, each share applied once": usif_once,
    }
    scores = human_scores()
    print(f"Lee corpus: {len(lee)} documents, {len(scores):,} pairs rated by people")
    print(f"vectors: Word2Vec, {len(vectors):,} words x 100, trained on lee_background.cor")
    print(f"SIF and uSIF fitted on its {len(sentences):,} sentences\n")
    print(f"| {'method':<34} | Pearson | Spearman |")
    print(f"|{'-' * 36}|---------|----------|")
    pearson = {}
    for name, embed in methods.items():
        similarities = cosines([embed(t) for t in tokens])
        pearson[name] = pearsonr(similarities, scores)[0]
        rho = spearmanr(similarities, scores)[0]
        print(f"| {name:<34} | {pearson[name]:7.3f} | {rho:8.3f} |")
    names = list(methods)
    gain = pearson[names[2]] - pearson[names[0]]
    verdict = "met" if gain >= TARGET else "MISSED"
    print(f"\nSIF's Pearson less the average's: {gain:.3f}, target >= {TARGET}: {verdict}")
    once = [usif_once(t) for t in tokens]
    squared = [usif.embed(t) for t in tokens]
    agreement = min(cosine_similarity(a, b) for a, b in zip(once, squared))
    print(
        f"uSIF with shares once against squared: the least cosine of a document's two "
        f"vectors is {agreement:.4f}"
    )


if __name__ == "__main__":
    main()
