# expect: score=0 error=did not finish within
"""An infinite loop at import time."""

while True:
    pass
