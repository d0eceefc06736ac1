# expect: score=10 reading=tokens
"""The sentence goes to the constructor; the methods take nothing (method 3 the weights)."""

import re


class SentenceEmbedding:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def __init__(self, sentence):
        self.vectors = [
            self.vocab_embeddings.get(t, [-1, -1]) for t in re.findall(r"\w+|[^\w\s]", sentence)
        ]
        self.tokens = re.findall(r"\w+|[^\w\s]", sentence)

    def average(self):
        return [sum(v[i] for v in self.vectors) / len(self.vectors) for i in range(2)]

    def skip_filler(self):
        kept = [
            self.vocab_embeddings.get(t, [-1, -1])
            for t in self.tokens
            if t not in self.filler_words
        ]
        return [sum(v[i] for v in kept) / len(kept) for i in range(2)]

    def weighted(self, weights):
        pairs = list(zip(weights, self.vectors))
        total = sum(w for w, _ in pairs)
        return [sum(w * v[i] for w, v in pairs) / total for i in range(2)]
