# expect: score=10 reading=tokens found=Embedder:average,skip_filler,weighted
"""Each method returns another finite iterable of numbers: a NamedTuple, a generator, a
map over an array.array; each is read as the vector it holds."""

import re
from array import array
from typing import NamedTuple


class Vector(NamedTuple):
    x: float
    y: float


class Embedder:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def vectors(self, tokens):
        return [self.vocab_embeddings.get(t, [-1, -1]) for t in tokens]

    def average(self, sentence):
        vectors = self.vectors(re.findall(r"\w+|[^\w\s]", sentence))
        return Vector(*(sum(v[i] for v in vectors) / len(vectors) for i in range(2)))

    def skip_filler(self, sentence):
        kept = [t for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in self.filler_words]
        vectors = self.vectors(kept)
        for i in range(2):
            yield sum(v[i] for v in vectors) / len(vectors)

    def weighted(self, sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        vectors, weights = self.vectors(tokens), self.attention_weights[: len(tokens)]
        column = lambda i: sum(w * v[i] for w, v in zip(weights, vectors)) / sum(weights)  # noqa: E731
        return map(column, array("i", [0, 1]))
