# expect: score=10 reading=tokens note=the sentence's tokens as a list
"""Every method takes a list of tokens, not a sentence: it is called with each reading's."""


class TokenEmbedder:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def average(self, tokens):
        assert isinstance(tokens, list)
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in tokens]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def skip_filler(self, tokens):
        assert isinstance(tokens, list)
        return self.average([t for t in tokens if t not in self.filler_words])

    def weighted(self, tokens):
        assert isinstance(tokens, list)
        pairs = list(zip(self.attention_weights, tokens))
        total = sum(w for w, _ in pairs)
        return [
            sum(w * self.vocab_embeddings.get(t, [-1, -1])[i] for w, t in pairs) / total
            for i in range(2)
        ]
