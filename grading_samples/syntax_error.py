# expect: score=0 error=does not compile: SyntaxError
"""A missing colon."""


class SentenceEmbedder
    pass
