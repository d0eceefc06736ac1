# expect: score=9 class_variables=class-variables-missing found=None:average,skip_filler,weighted
"""No class at all: three module-level functions.  They are graded; class_variables fails
and says why."""

import re

VOCAB = {"I": [-1, 1], "lot": [0, 2], "love": [1, 3], "chocolate": [2, 4], "milk": [3, 5]}
FILLERS = ["I", "and", "as", "for", "it", "or", "maybe"]
WEIGHTS = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]


def _mean(vectors):
    return [sum(v[i] for v in vectors) / len(vectors) for i in range(2)]


def average(sentence):
    return _mean([VOCAB.get(t, [-1, -1]) for t in re.findall(r"\w+|[^\w\s]", sentence)])


def skip_filler(sentence):
    return _mean(
        [VOCAB.get(t, [-1, -1]) for t in re.findall(r"\w+|[^\w\s]", sentence) if t not in FILLERS]
    )


def weighted(sentence):
    pairs = list(zip(WEIGHTS, re.findall(r"\w+|[^\w\s]", sentence)))
    total = sum(w for w, _ in pairs)
    return [sum(w * VOCAB.get(t, [-1, -1])[i] for w, t in pairs) / total for i in range(2)]
