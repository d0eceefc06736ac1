# expect: score=10 reading=tokens found=Homework:method1,method2,method3
"""Correct, with static methods called method1, method2 and method3."""

import re


class Helper:
    """Not the answer: a class with no exercise data."""

    def run(self, sentence):
        return sentence.upper()


class Homework:
    E = {"I": [-1, 1], "lot": [0, 2], "love": [1, 3], "chocolate": [2, 4], "milk": [3, 5]}
    F = ["I", "and", "as", "for", "it", "or", "maybe"]
    W = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    @staticmethod
    def method1(s):
        v = [Homework.E.get(t, [-1, -1]) for t in re.findall(r"\w+|[^\w\s]", s)]
        return [sum(x[0] for x in v) / len(v), sum(x[1] for x in v) / len(v)]

    @staticmethod
    def method2(s):
        v = [
            Homework.E.get(t, [-1, -1])
            for t in re.findall(r"\w+|[^\w\s]", s)
            if t not in Homework.F
        ]
        return [sum(x[0] for x in v) / len(v), sum(x[1] for x in v) / len(v)]

    @staticmethod
    def method3(s):
        t = re.findall(r"\w+|[^\w\s]", s)
        v = [Homework.E.get(x, [-1, -1]) for x in t]
        w = Homework.W[: len(t)]
        return [
            sum(a * b[0] for a, b in zip(w, v)) / sum(w),
            sum(a * b[1] for a, b in zip(w, v)) / sum(w),
        ]
