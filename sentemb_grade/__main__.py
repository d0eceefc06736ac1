"""``python -m sentemb_grade``: the grader's command line."""

import sys

from .cli import main

sys.exit(main())
