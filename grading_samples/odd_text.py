# expect: score=7 average=error average_hidden=error
"""Method 1 raises an error whose message holds what no terminal, CSV or JSON file should get
raw: a byte that is not UTF-8 (as a lone surrogate), another lone surrogate, an escape that
clears the screen, and a right-to-left override that disguises a file name.  Every report
shows them escaped, under any locale; the other methods are right."""

import re


class OddText:
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
        raise ValueError("caf\udce9 \ud800 \x1b[2J \u202egnp.exe")

    def skip_filler(self, sentence):
        tokens = [t for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in self.filler_words]
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in tokens]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def weighted(self, sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        pairs = list(zip(self.attention_weights, tokens))
        total = sum(w for w, _ in pairs)
        return [
            sum(w * self.vocab_embeddings.get(t, [-1, -1])[i] for w, t in pairs) / total
            for i in range(2)
        ]
