# expect: score=0 error=ZeroDivisionError: division by zero (line 4)
"""The file fails before it defines anything."""

ratio = 1 / 0


class SentenceEmbedder:
    pass
