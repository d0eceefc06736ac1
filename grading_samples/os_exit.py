# expect: score=0 error=while running the file: ended the process (exit status 3)
"""The file ends the process at once."""

import os

os._exit(3)
