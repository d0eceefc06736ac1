"""The grading kit: every sample submission gets the verdict it states, in every format."""

from __future__ import annotations

import ast
import csv
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any, Dict, Iterator, List, Set, Tuple

import pytest

import grade
import grade_harness
import sentemb
from conftest import run

SAMPLES = Path(__file__).resolve().parent / "grading_samples"
ROOT = os.geteuid() == 0


def child_python() -> List[str]:
    """The interpreter submissions run with.  As root, each runs under a uid of its own,
    which must be able to read the interpreter: this session's may live under /root."""
    if not ROOT:
        return ["--python", sys.executable]
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.path.exists(candidate):
            return ["--python", candidate]
    return ["--python", sys.executable, "--user", "none"]  # pragma: no cover


CHILD = child_python()
FAST = ["--timeout", "3", "--memory", "300MiB", "--jobs", "2", *CHILD]
HAVE_NUMPY = (
    subprocess.run([CHILD[1], "-c", "import numpy"], capture_output=True, check=False).returncode
    == 0
)
ONE = str(SAMPLES / "hard_coded.py")


def grade_json(*args: str) -> List[Dict[str, Any]]:
    """Run grade.py in this process with --json; its reports, one per submission."""
    done = run(*args, "--json", main=grade.main)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def expectations(path: Path, mode: str = "") -> Dict[str, str]:
    """What a sample says it must get, from its line `expect: key=value ...` (or
    `expect with --strict: ...`); an error= or note= takes the rest of the line."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        markdown = [c["source"] for c in json.loads(text)["cells"] if c["cell_type"] == "markdown"]
        text = "\n".join("# " + "".join(source) for source in markdown)
    if mode == "" and not HAVE_NUMPY and "expect without numpy:" in text:
        mode = " without numpy"
    if mode == "" and "expect as root:" in text:
        mode = " as root" if ROOT and "--user" not in CHILD else " not as root"
    for line in text.splitlines():
        head, colon, rest = line.lstrip("# ").partition(":")
        if colon and head == f"expect{mode}":
            rest, _, tail = rest.partition(" error=")
            rest, _, note = rest.partition(" note=")
            wanted = dict(item.split("=", 1) for item in rest.split())
            wanted.update({k: v.strip() for k, v in (("error", tail), ("note", note)) if v})
            return wanted
    return {}


def check(report: Dict[str, Any], wanted: Dict[str, str]) -> None:
    name = report["submission"]
    assert wanted, f"{name} states no verdict"
    assert f"{report['score']:g}" == wanted["score"], (name, report)
    assert report["max_score"] == 10
    if "reading" in wanted:
        assert report["reading"] == wanted["reading"], name
    checks = {c["name"]: c for c in report["checks"]}
    assert list(checks) == list(grade.CHECKS)
    for check_name in grade.CHECKS:
        if check_name in wanted:
            got = "pass" if checks[check_name]["passed"] else checks[check_name]["mistake"]
            assert got == wanted[check_name], (name, check_name, checks[check_name])
    if "error" in wanted:
        assert report["error"] is not None, name
        assert wanted["error"] in report["error"], (name, report["error"])
        assert report["reading"] is None
        assert all(not c["passed"] and c["feedback"] for c in report["checks"])
    else:
        assert report["error"] is None, (name, report["error"])
    if "note" in wanted:
        assert any(wanted["note"] in note for note in report["notes"]), (name, report["notes"])
    if "found" in wanted:
        cls, _, methods = wanted["found"].partition(":")
        found = {
            "class": None if cls == "None" else cls,
            **dict(zip(grade.ROLES, methods.split(","))),
        }
        assert report["found"] == found, (name, report["found"])
    assert report["seed"] == report["seed"] // 1 >= 0


@pytest.fixture(scope="module")
def class_reports() -> Dict[str, Dict[str, Any]]:
    return {r["submission"]: r for r in grade_json(str(SAMPLES), *FAST)}


def test_there_are_enough_samples() -> None:
    samples = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".py", ".ipynb"))
    assert len(samples) >= 15
    assert any(name.endswith(".ipynb") for name in samples)


@pytest.mark.parametrize(
    "sample", sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".py", ".ipynb"))
)
def test_every_sample_gets_the_verdict_it_states(
    sample: str, class_reports: Dict[str, Dict[str, Any]]
) -> None:
    check(class_reports[sample], expectations(SAMPLES / sample))


def test_strict_accepts_only_the_canonical_reading() -> None:
    path = SAMPLES / "words_only_reading.py"
    (report,) = grade_json(str(path), "--strict", *FAST)
    check({**report, "submission": path.name}, expectations(path, " with --strict"))
    (canonical,) = grade_json(str(SAMPLES / "correct_lists.py"), "--strict", *FAST)
    assert canonical["score"] == 10


def test_a_zip_of_a_class_skips_junk(tmp_path: Path) -> None:
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for name in ("correct_lists.py", "mistake_fillers_kept.py", "notebook.ipynb"):
            bundle.write(SAMPLES / name, f"ada/{name}")
        bundle.writestr("__MACOSX/ada/._correct_lists.py", b"\x00\x05\x16\x07 junk")
        bundle.writestr("ada/.hidden.py", "raise SystemExit")
        bundle.writestr("ada/readme.txt", "not python")
    reports = grade_json(str(archive), *FAST)
    assert [r["submission"] for r in reports] == [
        "ada/correct_lists.py",
        "ada/mistake_fillers_kept.py",
        "ada/notebook.ipynb",
        "ada/readme.txt",
    ]
    assert [r["score"] for r in reports] == [10, 7, 10, 0]
    assert reports[-1]["error"] == "not graded: not a .py, .ipynb, .zip or folder (readme.txt)"


def test_csv_and_gradescope(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "grades.csv"
    assert (
        grade.main([str(SAMPLES / "mistake_divided_by_count.py"), "--csv", str(table), *FAST]) == 0
    )
    rows = list(csv.reader(table.open(encoding="utf-8")))
    assert rows[0] == ["submission", *grade.CHECKS, "score", "max_score", "error", "seed"]
    assert rows[1][1:-1] == ["1", "2", "2", "0", "1", "1", "0", "7", "10", ""]
    assert int(rows[1][-1]) >= 0
    assert "mistake_divided_by_count.py" in capsys.readouterr().out  # the table, too
    results = tmp_path / "results.json"
    assert grade.main([str(SAMPLES / "syntax_error.py"), "--gradescope", str(results), *FAST]) == 0
    document = json.loads(results.read_text(encoding="utf-8"))
    assert document["score"] == 0
    assert document["output"].startswith("Error: the file does not compile")
    assert [t["name"] for t in document["tests"]] == list(grade.CHECKS)
    assert {t["status"] for t in document["tests"]} == {"failed"}
    assert all(t["max_score"] > 0 and t["output"] for t in document["tests"])


def test_the_table_names_what_failed(capsys: pytest.CaptureFixture[str]) -> None:
    assert grade.main([str(SAMPLES / "hard_coded.py"), *FAST]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["submission", "score", "reading", "what", "failed"]
    assert lines[1].split()[1:4] == ["7/10", "tokens", "average_hidden"]
    assert "(hard-coded)" in lines[1]


def test_points_class_and_method_can_be_set_by_hand() -> None:
    sample = str(SAMPLES / "odd_names_static.py")
    (report,) = grade_json(sample, "--points", "average=5", "--points", "class_variables=0", *FAST)
    assert (report["score"], report["max_score"]) == (12, 12)
    (report,) = grade_json(sample, "--method", "average=method2", *FAST)
    assert report["found"]["average"] == "method2"
    checks = {c["name"]: c for c in report["checks"]}
    assert not checks["average"]["passed"]
    assert checks["average"]["mistake"] == "wrong-answer"
    (report,) = grade_json(sample, "--class", "Helper", *FAST)
    assert report["found"]["class"] == "Helper"
    assert report["score"] == 0
    (report,) = grade_json(sample, "--class", "Nobody", *FAST)
    assert report["error"] == "no class named 'Nobody'"


def test_another_interpreter_runs_the_submissions() -> None:
    (report,) = grade_json(str(SAMPLES / "correct_lists.py"), "--python", sys.executable, *FAST)
    assert report["score"] == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/file.py"], "/no/such/file.py: no such file or directory"),
        (["README.md"], "README.md: not a .py, .ipynb, .zip or folder"),
        ([ONE, ONE, "--gradescope", "x.json"], "--gradescope grades one submission, not 2"),
        ([ONE, "--points", "average=lots"], "--points: 'lots' is not a number"),
        ([ONE, "--points", "bonus=1"], "--points: 'bonus=1' is not NAME=VALUE"),
        ([ONE, "--memory", "a lot"], "--memory: 'a lot' is not a size"),
        ([ONE, "--method", "mean=avg"], "--method: 'mean=avg' is not NAME=VALUE"),
        ([ONE, "--timeout", "0"], "--timeout must be a positive number"),
        ([ONE, "--jobs", "0"], "--jobs must be at least 1"),
        ([ONE, "--python", "/no/python"], "--python: '/no/python' is not an interpreter"),
    ],
)  # fmt: skip
def test_bad_usage_exits_2(
    args: List[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = [str(tmp_path / a) if a == "x.json" else a for a in args]  # it is written
    with pytest.raises(SystemExit) as raised:
        grade.main(args)
    assert raised.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith(f"grade.py: error: {message}")


def test_an_empty_directory_and_a_broken_zip_are_bad_usage(tmp_path: Path) -> None:
    broken = tmp_path / "class.zip"
    broken.write_bytes(b"PK not really")
    for args in ([str(tmp_path / "none")], [str(broken)]):
        (tmp_path / "none").mkdir(exist_ok=True)
        with pytest.raises(SystemExit):
            grade.main(args)


def test_a_broken_notebook_is_reported_not_fatal(tmp_path: Path) -> None:
    notebook = tmp_path / "broken.ipynb"
    notebook.write_text("{not json", encoding="utf-8")
    (report,) = grade_json(str(notebook), *FAST)
    assert report["error"] == "not a readable notebook"
    assert report["score"] == 0


def test_the_hidden_sentences_are_fair_and_reproducible() -> None:
    first, again, other = (grade.hidden_sentences(s) for s in (5, 5, 6))
    assert first == again
    assert first != other
    tokens = sentemb.SentenceEmbedder(exact=True)
    words_only = sentemb.SentenceEmbedder(exact=True, keep_punctuation=False)
    for sentence in first + other:
        words = sentence.split()
        assert len(words) == len(sentemb.ATTENTION_WEIGHTS)  # one word per weight
        assert tokenize_agrees(sentence)
        assert set(words) & set(sentemb.EXERCISE_VOCAB)
        assert set(words) & set(sentemb.FILLER_WORDS)
        assert set(words) - set(sentemb.EXERCISE_VOCAB) - set(sentemb.FILLER_WORDS)
        for role in grade.ROLES:
            assert getattr(tokens, role)(sentence) == getattr(words_only, role)(sentence)


def tokenize_agrees(sentence: str) -> bool:
    """split(), the regular expression students use, and sentemb all see the same words."""
    return sentence.split() == sentemb.tokenize(sentence) == sentemb.tokenize(sentence, False)


def test_the_catalogue_of_mistakes_comes_from_sentemb() -> None:
    key = grade.make_key(1)
    assert key.right["weighted", "tokens", 0] == tuple(
        sentemb.SentenceEmbedder(exact=True).weighted(sentemb.EXERCISE_SENTENCE)
    )
    assert key.wrong["weighted", "tokens", 0, "weights-not-normalised"] == (
        Fraction(40, 37) * Fraction(37, 10),
        Fraction(102, 37) * Fraction(37, 10),
    )
    mistakes = {m for (_, _, _, m) in key.wrong}
    assert mistakes == {"oov-skipped", "weights-not-normalised", "divided-by-count", "fillers-kept"}


def test_grading_leaves_no_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    grade_json(str(SAMPLES / "correct_lists.py"), *FAST)
    assert list(tmp_path.iterdir()) == []


def imported_modules(source: str) -> Set[str]:
    """The top-level names of the modules a piece of Python imports."""
    names: Set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def sample_sources() -> Iterator[Tuple[str, str]]:
    for path in sorted(SAMPLES.iterdir()):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            cells = json.loads(text)["cells"]
            code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
            text = "\n".join(grade_harness.notebook_cells(code)[0])
        if path.name != "syntax_error.py":
            yield path.name, text


@pytest.mark.skipif(sys.version_info < (3, 10), reason="sys.stdlib_module_names is 3.10+")
def test_samples_need_no_more_than_the_standard_library_but_numpy() -> None:
    allowed = set(sys.stdlib_module_names) | {"numpy"}  # type: ignore[attr-defined,unused-ignore]
    found = {name: imported_modules(source) for name, source in sample_sources()}
    assert len(found) >= 20
    assert {name: modules - allowed for name, modules in found.items() if modules - allowed} == {}
    assert any("numpy" in modules for modules in found.values())


def test_gradescope_always_gets_a_results_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = tmp_path / "results.json"
    results.write_text("stale")
    missing = tmp_path / "nothing-here"
    done = run(str(missing), "--gradescope", str(results), main=grade.main)
    assert done.returncode == 2
    written = json.loads(results.read_text(encoding="utf-8"))
    assert written["score"] == 0
    assert written["output"] == (
        f"The autograder could not grade this submission: {missing}: no such file or directory"
    )

    def broken(*args: Any) -> Any:
        raise RuntimeError("the grader broke")

    monkeypatch.setattr(grade, "grade_all", broken)
    with pytest.raises(RuntimeError):
        grade.main([str(SAMPLES / "correct_lists.py"), "--gradescope", str(results), *FAST])
    written = json.loads(results.read_text(encoding="utf-8"))
    assert written == {
        "score": 0,
        "output": "The autograder could not grade this submission: RuntimeError: the grader broke",
        "tests": [],
    }


def test_nothing_a_submission_starts_outlives_its_grading() -> None:
    def sleepers() -> List[str]:
        found = []
        for name in filter(str.isdigit, os.listdir("/proc")):
            try:
                found.append((Path("/proc", name, "cmdline")).read_bytes().decode())
            except OSError:
                continue
        return [line for line in found if line == "sleep\x0061.5\x00"]

    daemons = str(SAMPLES / "daemon_left_behind.py")
    reports = grade_json(daemons, str(SAMPLES / "correct_lists.py"), daemons, "--jobs", "2", *FAST)
    assert [r["score"] for r in reports] == [10, 10, 10]
    assert sleepers() == []
