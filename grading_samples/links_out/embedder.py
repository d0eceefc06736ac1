# expect: score=10 reading=tokens note=left out config.txt: a link to /proc/self/environ, outside the submission
"""A student's folder, as a clone of their repository gives it, with links to what the
instructor must never see: config.txt -> /proc/self/environ (the grader's environment, a
token included), shadow.txt -> /etc/shadow (a file only root can read), stdin.txt ->
/dev/stdin (which once stalled the run) and a venv whose python is a dangling link.  The
grader follows no link out of a submission: each is left out, with a note, and the class
is graded.  Method 1 would raise with what it read, had it read anything."""

_read = []
for _name in ("config.txt", "shadow.txt", "stdin.txt"):
    try:
        with open(_name, encoding="utf-8", errors="replace") as _file:
            _read.append(_file.read(3000))
    except OSError:
        pass

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

    def tokens(self, sentence):
        return re.findall(r"\w+|[^\w\s]", sentence)

    def embed(self, word):
        return self.vocab_embeddings.get(word, [-1, -1])

    def average_embedding(self, sentence):
        if _read:
            raise ValueError(" | ".join(_read))
        vectors = [self.embed(t) for t in self.tokens(sentence)]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def skip_filler_embedding(self, sentence):
        vectors = [self.embed(t) for t in self.tokens(sentence) if t not in self.filler_words]
        return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]

    def learned_embedding(self, sentence):
        pairs = list(zip(self.attention_weights, self.tokens(sentence)))
        total = sum(w for w, _ in pairs)
        return [sum(w * self.embed(t)[i] for w, t in pairs) / total for i in range(2)]


if __name__ == "__main__":
    e = SentenceEmbedder()
    print(e.average_embedding("I love chocolate milk as well!"))
