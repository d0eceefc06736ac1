# expect: score=10 reading=tokens found=Embedder:embed,embed,embed
"""One method for all three, chosen by a mode parameter with a default, and a sentence
parameter with a default too: each mode is tried, so one method fills every role."""

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

    def embed(self, sentence="I love chocolate milk as well!", method="average"):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        if method == "skip_filler":
            tokens = [t for t in tokens if t not in self.filler_words]
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in tokens]
        if method == "weighted":
            pairs = list(zip(self.attention_weights, vectors))
            total = sum(w for w, _ in pairs)
            return [sum(w * v[i] for w, v in pairs) / total for i in range(2)]
        if method not in ("average", "skip_filler"):
            raise ValueError(f"unknown method {method}")
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]
