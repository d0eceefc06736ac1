# expect: score=1 reading=tokens average=returned-none skip_filler=returned-none weighted=returned-none average_hidden=returned-none
"""Each method prints its answer instead of returning it."""

import re


class SentenceEmbedding:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def tokens(self, sentence):
        return re.findall(r"\w+|[^\w\s]", sentence)

    def vector(self, token):
        return self.vocab_embeddings.get(token, [-1, -1])

    def simple_average(self, sentence):
        vectors = [self.vector(t) for t in self.tokens(sentence)]
        print([sum(v[i] for v in vectors) / len(vectors) for i in range(2)])

    def skip_filler(self, sentence):
        vectors = [self.vector(t) for t in self.tokens(sentence) if t not in self.filler_words]
        print([sum(v[i] for v in vectors) / len(vectors) for i in range(2)])

    def weighted_average(self, sentence):
        pairs = list(zip(self.attention_weights, self.tokens(sentence)))
        total = sum(w for w, _ in pairs)
        print([sum(w * self.vector(t)[i] for w, t in pairs) / total for i in range(2)])
