# expect: score=7 average_hidden=hard-coded skip_filler_hidden=hard-coded weighted_hidden=hard-coded
"""Right answers for the exercise's sentence, typed in."""

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
        return [2 / 7, 10 / 7]

    def skip_filler(self, sentence):
        return [0.8, 2.0]

    def weighted_average(self, sentence):
        return [40 / 37, 102 / 37]
