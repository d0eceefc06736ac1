# expect: score=10 reading=tokens note=a result of shape (1, n) was flattened
"""Each answer as a 1 x 2 matrix, [[x, y]], as a row vector from a matrix library: flattened."""

import re


class RowVectors:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def _mean(self, vectors, weights=None):
        weights = weights or [1] * len(vectors)
        pairs = list(zip(weights, vectors))
        total = sum(w for w, _ in pairs)
        return [[sum(w * v[i] for w, v in pairs) / total for i in range(2)]]

    def average(self, sentence):
        return self._mean(
            [self.vocab_embeddings.get(t, [-1, -1]) for t in re.findall(r"\w+|[^\w\s]", sentence)]
        )

    def skip_filler(self, sentence):
        return self._mean(
            [
                self.vocab_embeddings.get(t, [-1, -1])
                for t in re.findall(r"\w+|[^\w\s]", sentence)
                if t not in self.filler_words
            ]
        )

    def weighted(self, sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        return self._mean(
            [self.vocab_embeddings.get(t, [-1, -1]) for t in tokens],
            self.attention_weights[: len(tokens)],
        )
