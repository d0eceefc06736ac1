# expect: score=10 reading=tokens found=Embedder:average,skip_filler,weighted
"""A helper set_weights(self, w) that takes one argument, as the methods do: called with a
sentence it would corrupt a shared instance.  Each call gets a fresh instance, and a
method that returns None is never chosen over one that returns right numbers."""

import re


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

    def set_weights(self, w):
        self.attention_weights = w

    def average(self, sentence):
        vectors = [
            self.vocab_embeddings.get(t, [-1, -1]) for t in re.findall(r"\w+|[^\w\s]", sentence)
        ]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def skip_filler(self, sentence):
        kept = [t for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in self.filler_words]
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in kept]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def weighted(self, sentence):
        pairs = list(zip(self.attention_weights, re.findall(r"\w+|[^\w\s]", sentence)))
        total = sum(w for w, _ in pairs)
        return [
            sum(w * self.vocab_embeddings.get(t, [-1, -1])[i] for w, t in pairs) / total
            for i in range(2)
        ]
