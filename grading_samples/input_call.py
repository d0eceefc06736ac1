# expect: score=0 error=EOFError
"""input() at import time: standard input is closed."""

name = input("Your name: ")
