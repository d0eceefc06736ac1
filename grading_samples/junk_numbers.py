# expect: score=1 average=junk skip_filler=junk weighted=junk average_hidden=junk skip_filler_hidden=junk weighted_hidden=junk
"""Numbers no grader should try to read: a Decimal NaN, an int of 400 digits, a Decimal
with an exponent of ten million, and an int whose str() lies.  Each is junk, and the rest
of the class is graded."""

from decimal import Decimal


class Lie(int):
    def __str__(self):
        return "1/0"


class SentenceEmbedder:
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
        return [Decimal("NaN"), Decimal("NaN")]

    def skip_filler(self, sentence):
        return [10**400, Decimal("1E-10000000")]

    def weighted(self, sentence):
        return [Lie(1), Lie(2)]
