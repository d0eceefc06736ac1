# expect: score=10 reading=tokens note=within the tolerance
"""Method 1 rounds to 4 decimals, method 2 to 3, method 3 computes in float32 (array("f")):
all right within the default tolerance, 1e-3, with a note."""

import re
from array import array


class Rounded:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def _vectors(self, tokens):
        return [self.vocab_embeddings.get(t, [-1, -1]) for t in tokens]

    def average(self, sentence):
        vectors = self._vectors(re.findall(r"\w+|[^\w\s]", sentence))
        return [round(sum(v[i] for v in vectors) / len(vectors), 4) for i in range(2)]

    def skip_filler(self, sentence):
        vectors = self._vectors(
            [t for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in self.filler_words]
        )
        return [round(sum(v[i] for v in vectors) / len(vectors), 3) for i in range(2)]

    def weighted(self, sentence):
        pairs = list(
            zip(
                array("f", self.attention_weights),
                self._vectors(re.findall(r"\w+|[^\w\s]", sentence)),
            )
        )
        total = array("f", [sum(w for w, _ in pairs)])[0]
        return list(array("f", [sum(w * v[i] for w, v in pairs) / total for i in range(2)]))
