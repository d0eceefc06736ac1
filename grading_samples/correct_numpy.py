# expect: score=10 reading=tokens
# expect without numpy: score=0 error=No module named 'numpy'
"""A correct answer with numpy arrays, as many students write it."""

import re

import numpy as np


class Embedder:
    vocab = {
        "I": np.array([-1, 1]),
        "lot": np.array([0, 2]),
        "love": np.array([1, 3]),
        "chocolate": np.array([2, 4]),
        "milk": np.array([3, 5]),
    }
    fillers = {"I", "and", "as", "for", "it", "or", "maybe"}
    weights = np.array([0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1])

    def _vectors(self, words):
        return np.array([self.vocab.get(w, np.array([-1, -1])) for w in words])

    def simple_average(self, sentence):
        return self._vectors(re.findall(r"\w+|[^\w\s]", sentence)).mean(axis=0)

    def skip_fillers(self, sentence):
        words = [w for w in re.findall(r"\w+|[^\w\s]", sentence) if w not in self.fillers]
        return self._vectors(words).mean(axis=0)

    def weighted_average(self, sentence):
        vectors = self._vectors(re.findall(r"\w+|[^\w\s]", sentence))
        return np.average(vectors, axis=0, weights=self.weights[: len(vectors)])
