"""The exercise's data, in a module of its own."""

VOCAB = {"I": [-1, 1], "lot": [0, 2], "love": [1, 3], "chocolate": [2, 4], "milk": [3, 5]}
FILLERS = ["I", "and", "as", "for", "it", "or", "maybe"]
WEIGHTS = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]
