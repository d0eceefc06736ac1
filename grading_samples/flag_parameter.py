# expect: score=10 reading=tokens found=Sentences:compute_average,compute_average,compute_weighted
"""Methods 1 and 2 as one method with a flag, as a real student wrote them:
compute_average(sentence, ignoreFiller=False)."""

import re


class Sentences:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def compute_average(self, sentence, ignoreFiller=False):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        if ignoreFiller:
            tokens = [t for t in tokens if t not in self.filler_words]
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in tokens]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def compute_weighted(self, sentence):
        vectors = [
            self.vocab_embeddings.get(t, [-1, -1]) for t in re.findall(r"\w+|[^\w\s]", sentence)
        ]
        pairs = list(zip(self.attention_weights, vectors))
        total = sum(w for w, _ in pairs)
        return [sum(w * v[i] for w, v in pairs) / total for i in range(2)]
