"""Test helpers.  Hypothesis profiles: random locally, derandomized (repeatable) under
CI=true, short under SENTEMB_HYPOTHESIS_PROFILE=mutation, and only the pinned
@example cases under ...=explicit (`make coverage`: no branch is covered by luck)."""

import contextlib
import io
import os
import subprocess
import sys
from contextlib import nullcontext
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Union
from unittest import mock

from hypothesis import HealthCheck, Phase, settings

import sentemb

# The Dask recipe imports dask, which only `make bench`'s venv has; test_scaling.py runs it.
collect_ignore = ["docs/scaling_recipe.py"]

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


def run(
    *args: str,
    main: Callable[[List[str]], int] = sentemb.main,
    stdin: Union[bytes, str, None] = None,
    separate: bool = False,
    env: Optional[Dict[str, str]] = None,
) -> Done:
    """Run a command line, ``sentemb.py ARGS`` unless ``main`` is another module's
    (grade.main): in this process, so coverage sees every branch, or with
    ``separate=True`` as a program of its own, as a student runs it.  ``stdin``
    is what standard input holds (bytes, or text without a .buffer); ``env`` is
    added to a separate program's environment."""
    if separate:
        script = sys.modules[main.__module__].__file__
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        environment = {**os.environ, **(env or {})}
        done = subprocess.run(
            [sys.executable, str(script), *args],
            input=data,
            capture_output=True,
            check=False,
            env=environment,
        )
        return Done(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))
    out, err = io.StringIO(), io.StringIO()
    given: Any = io.StringIO(stdin) if isinstance(stdin, str) else stdin
    if isinstance(stdin, bytes):
        given = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    replaced = nullcontext() if given is None else mock.patch.object(sys, "stdin", given)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), replaced:
        try:
            code = main(list(args))
        except SystemExit as exit:  # argparse: --help, --version, a usage error
            code = exit.code if isinstance(exit.code, int) else 2
    return Done(code, out.getvalue(), err.getvalue())


class Terminal(io.StringIO):
    """A stand-in for stderr on a terminal: progress is shown only there."""

    def isatty(self) -> bool:
        return True
