# expect: score=10 reading=tokens
"""A correct class that, at import, leaves files in every shared temporary folder it can
write: /tmp, /var/tmp, /dev/shm and its TMPDIR.  Under bubblewrap those are its own and end
with it; in the fallback (a uid of its own, as root) the grader removes every file that uid
made there, after the job."""

import os
import re
import tempfile

for _folder in {"/tmp", "/var/tmp", "/dev/shm", tempfile.gettempdir()}:
    for _number in range(50):
        try:
            with open(os.path.join(_folder, f"litter-{os.getpid()}-{_number}"), "w") as _file:
                _file.write("x" * 10_000)
        except OSError:
            pass


class Litter:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def _mean(self, tokens, weights=None):
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in tokens]
        weights = weights or [1] * len(vectors)
        total = sum(weights)
        return [sum(w * v[i] for w, v in zip(weights, vectors)) / total for i in range(2)]

    def average(self, sentence):
        return self._mean(re.findall(r"\w+|[^\w\s]", sentence))

    def skip_filler(self, sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        return self._mean([t for t in tokens if t not in self.filler_words])

    def weighted(self, sentence):
        return self._mean(re.findall(r"\w+|[^\w\s]", sentence), self.attention_weights)
