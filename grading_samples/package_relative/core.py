# expect: score=10 reading=tokens found=Embedder:average,skip_filler,weighted
"""The class, which imports its data relatively: graded as the package's module."""

import re

from . import data
from .data import FILLERS


class Embedder:
    vocab_embeddings = data.VOCAB
    filler_words = FILLERS
    attention_weights = data.WEIGHTS

    def tokens(self, sentence):
        return re.findall(r"\w+|[^\w\s]", sentence)

    def mean(self, tokens, weights):
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in tokens]
        total = sum(weights)
        return [sum(w * v[i] for w, v in zip(weights, vectors)) / total for i in range(2)]

    def average(self, sentence):
        tokens = self.tokens(sentence)
        return self.mean(tokens, [1] * len(tokens))

    def skip_filler(self, sentence):
        kept = [t for t in self.tokens(sentence) if t not in self.filler_words]
        return self.mean(kept, [1] * len(kept))

    def weighted(self, sentence):
        tokens = self.tokens(sentence)
        return self.mean(tokens, self.attention_weights[: len(tokens)])
