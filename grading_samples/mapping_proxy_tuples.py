# expect: score=10 reading=tokens class_variables=pass
"""Class variables held as sentemb holds them: a MappingProxyType of tuples, a frozenset
and a tuple."""

import re
from types import MappingProxyType


class Frozen:
    vocab_embeddings = MappingProxyType(
        {"I": (-1, 1), "lot": (0, 2), "love": (1, 3), "chocolate": (2, 4), "milk": (3, 5)}
    )
    filler_words = frozenset({"I", "and", "as", "for", "it", "or", "maybe"})
    attention_weights = (0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1)

    def _vectors(self, tokens):
        return [self.vocab_embeddings.get(t, (-1, -1)) for t in tokens]

    def average(self, sentence):
        vectors = self._vectors(re.findall(r"\w+|[^\w\s]", sentence))
        return tuple(sum(v[i] for v in vectors) / len(vectors) for i in range(2))

    def skip_filler(self, sentence):
        vectors = self._vectors(
            [t for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in self.filler_words]
        )
        return tuple(sum(v[i] for v in vectors) / len(vectors) for i in range(2))

    def weighted(self, sentence):
        pairs = list(
            zip(self.attention_weights, self._vectors(re.findall(r"\w+|[^\w\s]", sentence)))
        )
        total = sum(w for w, _ in pairs)
        return tuple(sum(w * v[i] for w, v in pairs) / total for i in range(2))
