"""Gradescope's autograder zip, made by one command: ``sentemb-grade --autograder-zip FILE``.

The zip holds, at its root, what Gradescope requires and what grading needs:

- ``setup.sh``, run once when the image is built: installs Python and bubblewrap where the
  image allows (apt-get), and says what it could not install and what grading does then;
- ``run_autograder``, run for each submission: grades everything in the submission folder as
  one submission, however many files it holds, with the options the zip was made with, and
  always leaves a results file (the grader writes one even when it fails; if Python itself
  cannot start, this script does);
- ``sentemb.py`` and the package ``sentemb_grade``: the grader, as this run has them.

``run_autograder`` takes its root from ``AUTOGRADER_ROOT`` (default ``/autograder``), so it can
be tried in a temporary tree laid out as Gradescope's (``source/``, ``submission/``,
``results/``).
"""

from __future__ import annotations

import os
import shlex
import zipfile
from typing import List, Sequence

import sentemb

SETUP = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image.
if command -v apt-get > /dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || echo "setup.sh: apt-get update failed: installing what is there"
    command -v python3 > /dev/null || apt-get install -y -qq python3 \\
        || echo "setup.sh: could not install python3"
    apt-get install -y -qq bubblewrap \\
        || echo "setup.sh: could not install bubblewrap: submissions will run under a uid" \\
                "of their own instead (the results say which sandbox graded them)"
else
    echo "setup.sh: no apt-get in this image: install python3 (3.8 or newer) and bubblewrap" \\
         "in it by hand"
fi
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 8))'; then
    echo "setup.sh: the grader needs python3, 3.8 or newer, which this image lacks"
    exit 1
fi
if command -v bwrap > /dev/null && bwrap --unshare-all --die-with-parent --ro-bind / / true; then
    echo "setup.sh: bubblewrap runs here: each submission runs in a sandbox of its own"
else
    echo "setup.sh: bubblewrap cannot run in this image: each submission will run under a" \\
         "uid of its own instead (the results say which sandbox graded it)"
fi
"""

RUN = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission, as root. AUTOGRADER_ROOT (default /autograder)
# lets it run in a temporary tree laid out as Gradescope's.
root="${{AUTOGRADER_ROOT:-/autograder}}"
results="$root/results/results.json"
mkdir -p "$root/results"
chmod -R go-rwx "$root/source"  # no job's uid can read the grader or sentemb
cd "$root/source" && python3 -m sentemb_grade "$root/submission" --one-submission \\
    --gradescope "$results"{options}
status=$?
if [ ! -s "$results" ]; then  # Python itself could not start: say so, as results
    printf '{{"score": 0, "output": "The autograder could not start (exit status %s): '\\
'please tell your instructor.", "tests": []}}\\n' "$status" > "$results"
fi
exit 0
"""


def options_of(arguments: Sequence[str]) -> str:
    """The grading options as they follow the command in run_autograder, each quoted.

    >>> options_of(["--timeout", "5", "--method", "average=mean it"])
    " --timeout 5 --method 'average=mean it'"
    """
    return "".join(" " + shlex.quote(argument) for argument in arguments)


def write(path: str, arguments: List[str]) -> List[str]:
    """Write the autograder zip to ``path``, its run_autograder grading with ``arguments``;
    the names of what it holds."""
    package = os.path.dirname(os.path.abspath(__file__))
    files = {"sentemb.py": os.path.abspath(sentemb.__file__)}
    modules = sorted(name for name in os.listdir(package) if name.endswith(".py"))
    files.update({f"sentemb_grade/{name}": os.path.join(package, name) for name in modules})
    scripts = {"setup.sh": SETUP, "run_autograder": RUN.format(options=options_of(arguments))}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in scripts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o100755 << 16  # a regular file, executable
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
        for name, source in files.items():
            archive.write(source, name)
    return [*scripts, *files]
