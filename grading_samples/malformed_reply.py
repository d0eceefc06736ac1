# expect: score=0 error=while running the file: what it reported cannot be read
"""At import, it rewrites the harness (the grader's code in its own process) so that the
description of its class is malformed: a method without its parameters.  This once stopped
the whole class run (a ValueError in the grader); every reply is now checked where it comes
in, and what cannot be read is this submission's error."""

import sys

_harness = sys.modules["__main__"]


def _described(self, cls, *rest):
    return {
        "name": cls.__name__,
        "variables": {},
        "instance_variables": {},
        "init": [],
        "methods": [["average", "instance"]],
    }


_harness.Session.describe_class = _described


class Malformed:
    def average(self, sentence):
        return [0, 0]
