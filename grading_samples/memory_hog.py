# expect: score=7 skip_filler=memory skip_filler_hidden=memory
"""Method 2 grows a list until memory runs out."""

import re


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
        vectors = [
            self.vocab_embeddings.get(t, [-1, -1]) for t in re.findall(r"\w+|[^\w\s]", sentence)
        ]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def skip_filler(self, sentence):
        hoard = []
        while True:
            hoard.append(" " * 10**6)

    def weighted(self, sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        pairs = list(zip(self.attention_weights, tokens))
        total = sum(w for w, _ in pairs)
        return [
            sum(w * self.vocab_embeddings.get(t, [-1, -1])[i] for w, t in pairs) / total
            for i in range(2)
        ]
