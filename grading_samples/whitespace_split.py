# expect: score=10 reading=words-only note=the tokens joined by spaces
"""A real student's style: split() on whitespace, and method 3 insists on one token per
weight, so the raw sentence (6 words) fails; the tokens joined by spaces pass."""


class Embedding:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def average(self, sentence):
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in sentence.split()]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def skip_filler(self, sentence):
        kept = [t for t in sentence.split() if t not in self.filler_words]
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in kept]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def weighted(self, sentence):
        tokens = sentence.split()
        if len(tokens) != len(self.attention_weights):
            raise ValueError("need 7 space-separated tokens, one per weight")
        total = sum(self.attention_weights)
        return [
            sum(
                w * self.vocab_embeddings.get(t, [-1, -1])[i]
                for w, t in zip(self.attention_weights, tokens)
            )
            / total
            for i in range(2)
        ]
