# expect: score=10 reading=tokens
"""Correct work that, at import, leaves three processes behind: a plain fork, a fork that
calls setsid, and a double-forked daemon.  The grade is the work's; after it, none of the
three is running (a test looks for them by the 61.5 seconds they sleep)."""

import os
import re
import time


def _leave(how):
    if os.fork():
        return
    if how != "fork":
        os.setsid()
    if how == "double" and os.fork():
        os._exit(0)
    os.execvp("sleep", ["sleep", "61.5"])


for _how in ("fork", "setsid", "double"):
    _leave(_how)
time.sleep(0.05)


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

    def tokens(self, sentence):
        return re.findall(r"\w+|[^\w\s]", sentence)

    def vector(self, token):
        return self.vocab_embeddings.get(token, [-1, -1])

    def average(self, sentence):
        vectors = [self.vector(t) for t in self.tokens(sentence)]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def skip_filler(self, sentence):
        fillers = {w.lower() for w in self.filler_words}
        kept = [t for t in self.tokens(sentence) if t.lower() not in fillers]
        vectors = [self.vector(t) for t in kept]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def weighted(self, sentence, weights=None):
        weights = self.attention_weights if weights is None else weights
        vectors = [self.vector(t) for t in self.tokens(sentence)]
        total = sum(weights)
        return [sum(w * v[i] for w, v in zip(weights, vectors)) / total for i in range(2)]
