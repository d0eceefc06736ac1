# expect: score=0 error=while running the file: it wrote more than the grader reads
"""At import, it writes without end to every file descriptor it has, the grader's reply
pipe among them: the grader reads at most 4 MiB for a reply, calls it junk, and stops it."""

import os

_chunk = b"x" * 65536
_open = [fd for fd in range(3, 64) if not os.isatty(fd)]
while _open:
    for _fd in list(_open):
        try:
            os.write(_fd, _chunk)
        except OSError:
            _open.remove(_fd)
