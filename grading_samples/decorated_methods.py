# expect: score=10 reading=tokens found=Embedder:average,skip_filler,weighted
"""Methods found through their decorators: lru_cache, a decorator of the student's own made
with functools.wraps, and a static method of an lru_cache."""

import functools
import re


def logged(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        return method(*args, **kwargs)

    return wrapper


def _mean(vectors, weights):
    return [sum(w * v[i] for w, v in zip(weights, vectors)) / sum(weights) for i in range(2)]


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

    @functools.lru_cache(maxsize=None)
    def average(self, sentence):
        vectors = [
            self.vocab_embeddings.get(t, [-1, -1]) for t in re.findall(r"\w+|[^\w\s]", sentence)
        ]
        return _mean(vectors, [1] * len(vectors))

    @logged
    def skip_filler(self, sentence):
        tokens = [t for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in self.filler_words]
        return _mean([self.vocab_embeddings.get(t, [-1, -1]) for t in tokens], [1] * len(tokens))

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def weighted(sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        vectors = [Embedder.vocab_embeddings.get(t, [-1, -1]) for t in tokens]
        return _mean(vectors, Embedder.attention_weights[: len(tokens)])
