"""Stopping: SIGINT, SIGTERM and SIGHUP end a run within a second, at any stage.

The handler only sets ``STOP``; every loop that may run long (reading a class, waiting on a
child or a helper, trying calls, judging) calls ``check``, which raises ``Stopped``.  The
command line then writes the reports of the submissions graded so far.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from typing import Any, Iterator, List, Optional

STOP = threading.Event()
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(Exception):
    """The grader was told to stop (SIGINT, SIGTERM or SIGHUP)."""


class OutOfTime(Exception):
    """A submission's hard cap (--limit) ran out while the grader worked on it."""


def check(deadline: Optional[float] = None) -> None:
    """Raise Stopped when the run is told to stop, OutOfTime when ``deadline`` has passed.

    >>> check(deadline=time.monotonic() - 1)
    Traceback (most recent call last):
    sentemb_grade.signals.OutOfTime
    """
    if STOP.is_set():
        raise Stopped
    if deadline is not None and time.monotonic() > deadline:
        raise OutOfTime


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[List[int]]:
    """SIGINT, SIGTERM and SIGHUP set STOP (the signal's number is noted), where this is
    the main thread; the handlers before are put back after."""
    stopped: List[int] = []

    def handler(signum: int, frame: Any) -> None:
        stopped.append(signum)
        STOP.set()

    STOP.clear()
    saved = {}
    if threading.current_thread() is threading.main_thread():
        for number in SIGNALS:
            saved[number] = signal.signal(number, handler)
    try:
        yield stopped
    finally:
        for number, before in saved.items():
            signal.signal(number, before)
