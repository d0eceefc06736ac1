# expect: score=9 reading=tokens class_variables=class-variables-missing note=given to the constructor
"""A constructor that requires the data, __init__(self, embeddings, fillers, weights), as a
reusable class would: the grader gives it the exercise's, by the parameters' names."""

import re


class Embedder:
    def __init__(self, embeddings, fillers, weights):
        self.embeddings, self.fillers, self.weights = embeddings, fillers, weights

    def mean(self, tokens, weights):
        vectors = [self.embeddings.get(t, [-1, -1]) for t in tokens]
        return [sum(w * v[i] for w, v in zip(weights, vectors)) / sum(weights) for i in range(2)]

    def average(self, sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        return self.mean(tokens, [1] * len(tokens))

    def skip_filler(self, sentence):
        kept = [t for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in self.fillers]
        return self.mean(kept, [1] * len(kept))

    def weighted(self, sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        return self.mean(tokens, self.weights[: len(tokens)])
