# expect: score=1|2 skip_filler=wrong-answer skip_filler_hidden=wrong-answer|pass average=not-found
"""Words only, lower-cased, with the vocabulary and the fillers as the slide writes them ("I"):
so "i" is unknown and no filler.  Only the words joined by spaces can be given to it; then
method 2 gives [0.8, 2.0], the canonical reading's answer, by coincidence ("i" stands in for
the missing "!").  Judged against the words-only reading, which that input asks for, it is
wrong, as it is on every hidden sentence that holds "I"; the hidden sentences a seed draws
without "I" it gets right, and earns their point (seeds 1, 7 and 8 of 1 to 16 draw none)."""


def _mean(vectors):
    return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]


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

    def words(self, sentence):
        if not sentence.replace(" ", "").isalnum():
            raise ValueError("give the words only, separated by spaces")
        return sentence.lower().split()

    def skip_filler(self, sentence):
        kept = [w for w in self.words(sentence) if w not in self.filler_words]
        return _mean([self.vocab_embeddings.get(w, [-1, -1]) for w in kept])
