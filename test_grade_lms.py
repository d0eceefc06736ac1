"""From nothing to grades in the LMS: Gradescope's autograder and results.json, students by
their LMS names, every report in one run, feedback, the instructor's page, one student."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, Dict, List

import pytest

from conftest import run
from sentemb_grade import autograder, cli, report
from sentemb_grade.key import CHECKS
from test_grade import FAST, SAMPLES, grade_json

CORRECT = SAMPLES / "correct_lists.py"


def tree(root: Path, files: Dict[str, str]) -> Path:
    """Write files (relative path -> text) under root; root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# -- Gradescope: the autograder zip, and results.json ----------------------------------------


def gradescope_tree(tmp_path: Path, *options: str) -> Path:
    """A temporary tree laid out as Gradescope's, the autograder zip made with ``options``
    unpacked in source/ and its run_autograder at the root, as Gradescope places them."""
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    made = root / "autograder.zip"
    done = run("--autograder-zip", str(made), *options, main=cli.main)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"grade.py: wrote {made}: setup.sh, run_autograder, sentemb.py")
    with zipfile.ZipFile(made) as archive:
        names = archive.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in archive.infolist()}
        archive.extractall(root / "source")
    assert {"setup.sh", "run_autograder", "sentemb.py", "sentemb_grade/cli.py"} <= set(names)
    assert not any("__pycache__" in name for name in names)
    for script in ("setup.sh", "run_autograder"):
        assert modes[script] & stat.S_IXUSR
        (root / "source" / script).chmod(0o755)
    (root / "run_autograder").write_bytes((root / "source" / "run_autograder").read_bytes())
    (root / "run_autograder").chmod(0o755)
    return root


def run_autograder(root: Path, python: str = sys.executable) -> Dict[str, Any]:
    """Run run_autograder as Gradescope does, with ``python`` as its python3: results.json."""
    bin_folder = root.parent / "bin"
    bin_folder.mkdir(exist_ok=True)
    if (bin_folder / "python3").is_symlink():
        (bin_folder / "python3").unlink()
    (bin_folder / "python3").symlink_to(python)
    environment = {**os.environ, "AUTOGRADER_ROOT": str(root),
                   "PATH": f"{bin_folder}:{os.environ['PATH']}"}  # fmt: skip
    done = subprocess.run([str(root / "run_autograder")], env=environment, capture_output=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    found: Dict[str, Any] = json.loads((root / "results" / "results.json").read_text("utf-8"))
    return found


@pytest.mark.slow
def test_run_autograder_grades_a_gradescope_tree_as_one_submission(tmp_path: Path) -> None:
    root = gradescope_tree(tmp_path, *FAST, "--hidden-visibility", "after_due_date")
    text = (root / "run_autograder").read_text(encoding="utf-8")
    assert "--timeout 3.0 --memory 300MiB" in text  # the options, and not --jobs
    assert "--jobs" not in text
    submission = root / "submission"
    (submission / "embedder.py").write_bytes(CORRECT.read_bytes())
    (submission / "scratch.py").write_text("print('trying things out')\n", encoding="utf-8")
    results = run_autograder(root)
    assert results["score"] == 10
    assert results["output"].splitlines()[0] == "Score 10/10: every check passed."
    assert "graded embedder.py, the file that defines the most" in results["output"]
    assert isinstance(results["execution_time"], int)
    assert [t["name"] for t in results["tests"]] == [*CHECKS, "integrity"]
    visibility = {t["name"]: t["visibility"] for t in results["tests"]}
    assert visibility == {
        **dict.fromkeys(CHECKS[:4], "visible"),
        **dict.fromkeys(CHECKS[4:], "after_due_date"),
        "integrity": "hidden",
    }
    for test in results["tests"]:
        assert {"name", "score", "max_score", "output", "visibility"} <= set(test)
    assert sorted(os.listdir(root / "results")) == ["results.json"]


@pytest.mark.slow
def test_run_autograder_always_writes_results(tmp_path: Path) -> None:
    root = gradescope_tree(tmp_path)
    results = run_autograder(root)  # an empty submission folder: the grader says why
    assert results["score"] == 0
    assert results["output"].startswith("The autograder could not grade this submission")
    broken = tmp_path / "broken-python"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    (root / "results" / "results.json").unlink()
    results = run_autograder(root, str(broken))  # Python itself does not start
    assert results["score"] == 0
    assert "could not start (exit status 3)" in results["output"]


def test_the_autograder_zip_takes_only_grading_options(tmp_path: Path) -> None:
    made = tmp_path / "a.zip"
    done = run("--autograder-zip", str(made), "--jobs", "1", "--strict", "--method",
               "average=mean it", "--points", "average=3", main=cli.main)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(made) as archive:
        command = archive.read("run_autograder").decode()
    assert "--strict --method 'average=mean it' --points average=3\n" in command
    assert autograder.options_of([]) == ""
    done = run("--autograder-zip", str(made), "--points", "average=lots", main=cli.main)
    assert done.returncode == 2
    assert "--points: 'lots' is not a number" in done.stderr


def test_setup_sh_installs_bubblewrap_and_says_when_it_cannot() -> None:
    assert "apt-get install -y -qq bubblewrap" in autograder.SETUP
    assert "bubblewrap cannot run in this image" in autograder.SETUP
    done = subprocess.run(["bash", "-n"], input=autograder.SETUP.encode(), check=False)
    assert done.returncode == 0
    script = autograder.RUN.format(options=" --strict")
    assert subprocess.run(["bash", "-n"], input=script.encode(), check=False).returncode == 0


def test_a_submission_or_the_autograder_zip_is_needed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main([])
    assert "give a SUBMISSION" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main([str(CORRECT), str(CORRECT), "--one-submission"])
    assert "--one-submission grades one file or folder, not 2" in capsys.readouterr().err


def test_results_json_hides_what_students_should_not_see_yet() -> None:
    checks: List[Dict[str, Any]] = [
        {"name": name, "passed": name != "weighted_hidden", "points": 1.0, "max_points": 1.0,
         "feedback": "why", "mistake": None} for name in CHECKS
    ]  # fmt: skip
    found = {"score": 6.0, "max_score": 7.0, "checks": checks, "error": None,
             "notes": [f"note {i}" for i in range(8)], "integrity": ["a.py imports sentemb"],
             "seed": 5, "sandbox": None}  # fmt: skip
    document = report.gradescope(found, "", "hidden", 3.4)
    assert document["execution_time"] == 3
    assert document["output"].splitlines() == [
        "Score 6/7: 1 check(s) failed; each test says why.",
        *(f"note {i}" for i in range(5)),
        "... and 3 more notes.",
        "Hidden sentences drawn with seed 5.",
    ]
    hidden = [t for t in document["tests"] if t["visibility"] == "hidden"]
    assert [t["name"] for t in hidden] == [*CHECKS[4:], "integrity"]
    assert hidden[-1]["output"] == "a.py imports sentemb"
    assert hidden[-1]["status"] == "failed"


@pytest.mark.slow
def test_a_one_submission_folder_is_one_student_however_many_files(tmp_path: Path) -> None:
    folder = tree(tmp_path / "upload", {"a_scratch.py": "x = 1\n", "notes.py": "y = 2\n"})
    (folder / "embedder.py").write_bytes(CORRECT.read_bytes())
    (found,) = grade_json(str(folder), "--one-submission", *FAST)
    assert found["score"] == 10
