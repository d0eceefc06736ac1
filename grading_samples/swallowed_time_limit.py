# expect: score=0 error=while running the file: did not finish within
"""A loop whose bare except swallows even the grader's time limit: the process is killed."""

import time

while True:
    try:
        time.sleep(0.05)
    except:  # noqa: E722
        pass
