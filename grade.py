#!/usr/bin/env python3
"""Grade a class from a clone: ``python3 grade.py SUBMISSION...`` (``sentemb-grade`` once
installed).  The grader is the package sentemb_grade; this file only starts it, and is not
installed."""

import sys

from sentemb_grade.cli import main

if __name__ == "__main__":
    sys.exit(main())
