# expect: score=10 reading=tokens class_variables=pass
# expect without numpy: score=0 error=No module named 'numpy'
"""Class variables in another shape: a word -> index mapping with an embedding matrix, and
numpy float32 arrays (0.7 is 0.699999988 in float32)."""

import re

import numpy as np


class Embedder:
    word_to_index = {"I": 0, "lot": 1, "love": 2, "chocolate": 3, "milk": 4}
    embedding_matrix = np.array([[i - 1, i + 1] for i in range(5)], dtype=np.float32)
    filler_words = np.array(["I", "and", "as", "for", "it", "or", "maybe"])
    attention_weights = np.array([0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1], dtype=np.float32)
    oov = np.array([-1, -1], dtype=np.float32)

    def vectors(self, tokens):
        return np.array(
            [
                self.embedding_matrix[self.word_to_index[t]]
                if t in self.word_to_index
                else self.oov
                for t in tokens
            ]
        )

    def average(self, sentence):
        return self.vectors(re.findall(r"\w+|[^\w\s]", sentence)).mean(axis=0)

    def skip_filler(self, sentence):
        kept = [t for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in self.filler_words]
        return self.vectors(kept).mean(axis=0)

    def weighted(self, sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        weights = self.attention_weights[: len(tokens)]
        return weights @ self.vectors(tokens) / weights.sum()
