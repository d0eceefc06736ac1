# expect: score=10 reading=tokens
"""Correct work that, at import, starts 20 forks and a Popen(start_new_session=True), all
sleeping 61.5 seconds: none is running after its grading (a test looks for them)."""

import os
import re
import subprocess

for _ in range(20):
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "61.5"])
subprocess.Popen(["sleep", "61.5"], start_new_session=True)


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

    def average(self, sentence):
        vectors = [
            self.vocab_embeddings.get(t, [-1, -1]) for t in re.findall(r"\w+|[^\w\s]", sentence)
        ]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def skip_filler(self, sentence):
        kept = [t for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in self.filler_words]
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in kept]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def weighted(self, sentence):
        pairs = list(zip(self.attention_weights, re.findall(r"\w+|[^\w\s]", sentence)))
        total = sum(w for w, _ in pairs)
        return [
            sum(w * self.vocab_embeddings.get(t, [-1, -1])[i] for w, t in pairs) / total
            for i in range(2)
        ]
