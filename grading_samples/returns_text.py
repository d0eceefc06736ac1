# expect: score=1 average=junk skip_filler=junk weighted=junk average_hidden=junk
"""Methods that return their answer as text, str(vector): a string is no vector, and the
feedback says that a string was returned."""

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

    def mean(self, tokens, weights):
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in tokens]
        return str(
            [sum(w * v[i] for w, v in zip(weights, vectors)) / sum(weights) for i in range(2)]
        )

    def average(self, sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        return self.mean(tokens, [1] * len(tokens))

    def skip_filler(self, sentence):
        kept = [t for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in self.filler_words]
        return self.mean(kept, [1] * len(kept))

    def weighted(self, sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        return self.mean(tokens, self.attention_weights[: len(tokens)])
