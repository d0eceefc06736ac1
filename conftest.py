"""Test helpers.  Hypothesis profiles: random locally, derandomized (repeatable) under
CI=true, short under SENTEMB_HYPOTHESIS_PROFILE=mutation, and only the pinned
@example cases under ...=explicit (`make coverage`: no branch is covered by luck)."""

import contextlib
import io
import os
from typing import NamedTuple

from hypothesis import HealthCheck, Phase, settings

import sentemb

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(  # `make mutation`: many runs, each short and repeatable
    "mutation",
    derandomize=True,
    deadline=None,
    max_examples=40,
    suppress_health_check=list(HealthCheck),
    database=None,
)
settings.register_profile("explicit", phases=[Phase.explicit], database=None)
default = "ci" if os.environ.get("CI", "").lower() == "true" else "dev"
settings.load_profile(os.environ.get("SENTEMB_HYPOTHESIS_PROFILE", default))


class Done(NamedTuple):
    """What a command-line run gives back, named like subprocess.CompletedProcess."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str) -> Done:
    """Run ``sentemb.py ARGS`` in this process, so coverage sees every branch."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = sentemb.main(list(args))
        except SystemExit as exit:  # argparse: --help, --version, a usage error
            code = exit.code if isinstance(exit.code, int) else 2
    return Done(code, out.getvalue(), err.getvalue())


class Terminal(io.StringIO):
    """A stand-in for stderr on a terminal: progress is shown only there."""

    def isatty(self) -> bool:
        return True
