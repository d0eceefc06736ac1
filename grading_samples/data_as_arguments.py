# expect: score=10 reading=tokens note=skip_filler() was called with the sentence and the exercise's vocabulary, filler words
"""Methods that take the data with the sentence, (sentence, vocab_embeddings[, stopwords or
attention]): the grader passes the exercise's, by the parameters' names."""

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

    @staticmethod
    def average(sentence, vocab_embeddings):
        vectors = [vocab_embeddings.get(t, [-1, -1]) for t in re.findall(r"\w+|[^\w\s]", sentence)]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    @classmethod
    def skip_filler(cls, sentence, vocab_embeddings, stopwords):
        tokens = [t for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in stopwords]
        vectors = [vocab_embeddings.get(t, [-1, -1]) for t in tokens]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def weighted(self, sentence, vocab_embeddings, attention):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        vectors = [vocab_embeddings.get(t, [-1, -1]) for t in tokens]
        weights = attention[: len(tokens)]
        return [sum(w * v[i] for w, v in zip(weights, vectors)) / sum(weights) for i in range(2)]
