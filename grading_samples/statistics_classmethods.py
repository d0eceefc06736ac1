# expect: score=10 reading=tokens
"""Correct, with statistics.mean, class methods and Fractions."""

import statistics
from fractions import Fraction

WORDS = ["I", "lot", "love", "chocolate", "milk"]


class Sentences:
    embeddings = {w: (i - 1, i + 1) for i, w in enumerate(WORDS)}
    fillers = ("I", "and", "as", "for", "it", "or", "maybe")
    attention = (0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1)

    @classmethod
    def split(cls, sentence):
        out = []
        for word in sentence.split():
            core = word.rstrip("!.,?")
            out.append(core)
            out.extend(word[len(core) :])
        return out

    @classmethod
    def avg(cls, sentence):
        vectors = [cls.embeddings.get(w, (-1, -1)) for w in cls.split(sentence)]
        return tuple(statistics.mean(v[i] for v in vectors) for i in range(2))

    @classmethod
    def without_fillers(cls, sentence):
        vectors = [
            cls.embeddings.get(w, (-1, -1)) for w in cls.split(sentence) if w not in cls.fillers
        ]
        return tuple(statistics.mean(v[i] for v in vectors) for i in range(2))

    @classmethod
    def attention_pooling(cls, sentence):
        words = cls.split(sentence)
        weights = [Fraction(str(w)) for w in cls.attention[: len(words)]]
        vectors = [cls.embeddings.get(w, (-1, -1)) for w in words]
        total = sum(weights)
        return [sum(w * v[i] for w, v in zip(weights, vectors)) / total for i in range(2)]
