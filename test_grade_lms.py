"""From nothing to grades in the LMS: Gradescope's autograder and results.json, students by
their LMS names, every report in one run, feedback, the instructor's page, one student."""

from __future__ import annotations

import csv
import html
import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import grading_integrity
import sentemb
import sentemb_grade
from conftest import run
from sentemb_grade import autograder, classpage, cli, feedback, lms, report
from sentemb_grade import key as answers
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
    assert done.stdout.startswith(
        f"sentemb-grade: wrote {made}: setup.sh, run_autograder, sentemb.py"
    )
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


# -- Students by their LMS names, and a roster -----------------------------------------------

DATA = (
    'VOCAB = {"I": [-1, 1], "lot": [0, 2], "love": [1, 3], "chocolate": [2, 4], "milk": [3, 5]}\n'
)


def module_and_data() -> Dict[str, str]:
    """A correct student's work in two files: embedder.py imports its data from data.py."""
    source = CORRECT.read_text(encoding="utf-8")
    start = source.index("    vocab_embeddings = {")
    end = source.index("    }\n", start) + len("    }\n")
    source = source[:start] + "    vocab_embeddings = VOCAB\n" + source[end:]
    return {"embedder.py": source.replace("import re\n", "import re\n\nfrom data import VOCAB\n"),
            "data.py": DATA}  # fmt: skip


def lms_class(root: Path) -> Path:
    """One class as four LMSs would hand it over, each student's work in two files."""
    work = module_and_data()
    tree(root / "canvas", {"smithjohn_LATE_12345_67890_embedder.py": work["embedder.py"],
                           "smithjohn_12345_67891_data.py": work["data.py"],
                           "lovelaceada_222_333_embedder-1.py": work["embedder.py"],
                           "lovelaceada_222_334_data.py": work["data.py"]})  # fmt: skip
    moodle = "moodle/Grace Hopper_555_assignsubmission_"
    tree(root, {f"{moodle}file_/{n}": t for n, t in work.items()})
    tree(
        root,
        {
            f"{moodle}onlinetext_/onlinetext.html": "<p>see my files</p>",
            "moodle/Alan Turing_556_assignsubmission_onlinetext_/onlinetext.html": "<p>hi",
        },
    )
    for when in ("2026-12-01-10-00-00", "2026-12-02-09-30-00"):
        stem = f"blackboard/HW 1_kjohnson_attempt_{when}"
        tree(root, {f"{stem}.txt": "Name: Katherine Johnson\n",
                    **{f"{stem}_{n}": t for n, t in work.items()}})  # fmt: skip
    for user in ("mhamilton", "dknuth"):
        tree(root, {f"classroom/hw1-{user}/{n}": t for n, t in work.items()})
    return root


@pytest.mark.slow
def test_students_are_known_by_their_lms_names_and_graded_whole(tmp_path: Path) -> None:
    root = lms_class(tmp_path)
    roster = tree(tmp_path, {"roster.csv": "ID,Name,Email\n12345,John Smith,js@uni.edu\n"
                             "s2,Katherine Johnson,kjohnson@uni.edu\n"
                             "s3,Grace Hopper,\ns4,Barbara Liskov,bl@uni.edu\n"})  # fmt: skip
    summary = tmp_path / "summary.json"
    done = run(*(str(root / lms) for lms in ("canvas", "moodle", "blackboard", "classroom")),
               "--json", "--roster", str(roster / "roster.csv"), "--summary", str(summary),
               *FAST, main=cli.main)  # fmt: skip
    assert done.returncode == 0, done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    rows = [(r["student"], r["id"], r["score"]) for r in reports]
    assert rows == [
        ("lovelaceada", "222", 10), ("John Smith", "12345", 10),
        ("Grace Hopper", "s3", 10), ("Katherine Johnson", "s2", 10),
        ("dknuth", "dknuth", 10), ("mhamilton", "mhamilton", 10),
    ]  # fmt: skip
    notes = {r["student"]: r["notes"] for r in reports}
    assert "submitted late (Canvas)" in notes["John Smith"]
    assert "left out Moodle's onlinetext folder (not code)" in notes["Grace Hopper"]
    assert "left out embedder.py, of an earlier attempt" in notes["Katherine Johnson"]
    found = json.loads(summary.read_text(encoding="utf-8"))
    assert found["submissions"] == 6
    assert found["mean"] == 10  # the online text alone is no row, and not in the mean
    assert (
        "Alan Turing: left out Moodle's onlinetext folder (not code), not graded"
        in (found["skipped"])
    )
    assert "2 Blackboard receipt(s) (.txt): no student's work" in found["skipped"]
    assert found["missing"] == ["Barbara Liskov (s4)"]


def test_lms_names_are_read_from_what_each_lms_calls_a_file() -> None:
    groups, left_out = lms.students(
        ["ada/", "hw1-x.py", "Bo Li_7_assignsubmission_file_/", "Bo Li_7_assignsubmission_file_/"]
    )
    assert [(g.name, g.student, g.members) for g in groups] == [
        ("Bo Li", "Bo Li", {"Bo Li_7_assignsubmission_file_/": ""}),
        ("ada", "", {"ada/": "ada/"}),
        ("hw1-x.py", "", {"hw1-x.py": "hw1-x.py"}),
    ]  # GitHub Classroom's prefix needs only folders, two or more
    assert left_out == []
    groups, _ = lms.students(["hw1-ada/", "hw1-bob/"])
    assert [(g.student, g.id) for g in groups] == [("ada", "ada"), ("bob", "bob")]
    assert lms.students(["hw-1/", "hw-2/", "hw-/"])[0][0].student == ""  # no user after it
    groups, _ = lms.students(["x_1_2_embedder.py", "x_1_3_embedder-1.py"])
    assert groups[0].members == {"x_1_2_embedder.py": "embedder.py",
                                 "x_1_3_embedder-1.py": "embedder-1.py"}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("1,Ada Li\n2,Bo Li,bo@x\n\n", [("1", "Ada Li", ""), ("2", "Bo Li", "bo@x")]),
        ("Student,ID,Email\nAda Li,1,a@x\n", [("1", "Ada Li", "a@x")]),
        ("\ufeffname,username\nAda Li,ali\n", [("ali", "Ada Li", "")]),
    ],
)
def test_a_roster_is_read_with_or_without_a_header(
    tmp_path: Path, text: str, people: List[Any]
) -> None:
    (tmp_path / "r.csv").write_text(text, encoding="utf-8")
    assert [tuple(p) for p in lms.read_roster(str(tmp_path / "r.csv"))] == people


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Name,Email\nAda,a@x\n", "r.csv: line 1 names no id and name columns"),
        ("1,Ada\n2\n", "r.csv: line 2 is not id, name[, email]"),
        ("id,name\n,Ada\n", "r.csv: line 2 is not id, name[, email]"),
    ],
)
def test_a_bad_roster_is_bad_usage_naming_the_line(
    tmp_path: Path, text: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "r.csv").write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit) as raised:
        cli.main([str(CORRECT), "--roster", str(tmp_path / "r.csv")])
    assert raised.value.code == 2
    assert message in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main([str(CORRECT), "--roster", str(tmp_path / "missing.csv")])
    assert "--roster: [Errno 2] No such file or directory" in capsys.readouterr().err


def test_a_roster_names_only_those_it_names_once() -> None:
    roster = [lms.Person("1", "Ada Li", ""), lms.Person("2", "Ada Li", "")]
    assert lms.match("Ada Li", "", roster) is None  # two of them: neither
    assert lms.match("lovelaceada", "", [lms.Person("9", "Ada Lovelace", "")]) is not None


# -- Every report in one run -------------------------------------------------------------------


@pytest.mark.slow
def test_every_report_comes_from_one_run(tmp_path: Path) -> None:
    paths = {name: tmp_path / name for name in ("g.csv", "s.json", "results.json")}
    done = run(str(SAMPLES / "hard_coded.py"), "--json", "--csv", str(paths["g.csv"]),
               "--summary", str(paths["s.json"]), "--gradescope", str(paths["results.json"]),
               *FAST, main=cli.main)  # fmt: skip
    assert done.returncode == 0, done.stderr
    (found,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert found["score"] == 7
    assert json.loads(paths["s.json"].read_text(encoding="utf-8"))["mean"] == 7
    assert json.loads(paths["results.json"].read_text(encoding="utf-8"))["score"] == 7
    rows = paths["g.csv"].read_text(encoding="utf-8").splitlines()
    assert rows[1].endswith(",7/10: average_hidden failed (hard-coded); skip_filler_hidden failed "
                            "(hard-coded); weighted_hidden failed (hard-coded)")  # fmt: skip


def test_the_csv_names_the_student_their_flags_and_why_not_graded(tmp_path: Path) -> None:
    found = {"submission": "x/ada", "student": "Ada Li", "id": "7", "score": 0.0,
             "max_score": 10.0, "checks": [{"name": n, "points": 0.0, "passed": False,
                                            "mistake": "not-graded"} for n in CHECKS],
             "error": "no .py or .ipynb file in it", "seed": 1, "sandbox": None,
             "integrity": ["a.py imports sentemb", "b.py names sentemb's file"]}  # fmt: skip
    report.write_csv([found], str(tmp_path / "g.csv"))
    row = (tmp_path / "g.csv").read_text(encoding="utf-8").splitlines()[1]
    assert row.startswith("x/ada,Ada Li,7,0,")
    assert row.endswith(",a.py imports sentemb; b.py names sentemb's file,"
                        "0/10: not graded: no .py or .ipynb file in it")  # fmt: skip


# -- Feedback for each student ---------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}
HOSTILE = "<script>alert(1)</script> **0/10** [x](https://evil.example) | `rm` & &amp;"


class WellFormed(HTMLParser):
    """An HTML page's well-formedness, as html.parser reads it: every element closed in order,
    no script, and the text it shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: List[str] = []
        self.tags: List[str] = []
        self.text: List[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append(tag)
        assert not any(name.startswith("on") for name, _ in attrs), attrs
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open[-1:] == [tag], (self.open, tag)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def well_formed(page: str) -> WellFormed:
    """The page read, after checking it is well-formed, self-contained and runs nothing."""
    parser = WellFormed()
    parser.feed(page)
    parser.close()
    assert parser.doctype
    assert parser.open == []
    assert parser.tags[:4] == ["html", "head", "meta", "title"]
    assert "script" not in parser.tags
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched
    return parser


def hostile_report(**changes: Any) -> Dict[str, Any]:
    checks = [{"name": name, "passed": name == "average", "points": 0.0, "max_points": 1.0,
               "feedback": f"{HOSTILE} secret{index}", "mistake": "wrong-answer"}
              for index, name in enumerate(CHECKS)]  # fmt: skip
    found = {"submission": HOSTILE, "student": HOSTILE, "id": "../../etc/x", "score": 0.0,
             "max_score": 10.0, "checks": checks, "error": HOSTILE, "notes": [HOSTILE],
             "integrity": ["a.py contains 3 of sentemb's functions"], "seed": 1,
             "sandbox": "bwrap", "reading": None}  # fmt: skip
    return {**found, **changes}


def test_feedback_shows_hostile_text_as_written_and_hides_the_hidden_answers() -> None:
    found = hostile_report()
    page = feedback.html_page(found)
    parser = well_formed(page)
    assert HOSTILE in "".join(parser.text)  # shown as written, never run
    text = feedback.markdown(found)
    assert "<" not in text
    assert HOSTILE not in text
    assert text.count(feedback.markdown_text(HOSTILE)) == 7  # name, error, 4 checks, a note
    for shown in (page, text):
        assert "secret1" in shown  # average's feedback
        assert "secret4" not in shown  # average_hidden's: hidden unless revealed
        assert feedback.HIDDEN in shown
        assert "sentemb's functions" not in shown  # integrity is the instructor's
    assert "secret6" in feedback.markdown(found, reveal=True)
    assert "secret6" in feedback.html_page(found, reveal=True)
    passed = hostile_report(checks=[{**c, "passed": True} for c in found["checks"]], notes=[],
                            error=None)  # fmt: skip
    assert "Right on every hidden sentence." in feedback.markdown(passed)
    assert "Notes" not in feedback.markdown(passed) + feedback.html_page(passed)


def test_feedback_files_are_named_safely_once_each(tmp_path: Path) -> None:
    reports = [hostile_report(), hostile_report(), hostile_report(student="", id="")]
    feedback.write(reports, str(tmp_path / "out"))
    names = sorted(os.listdir(tmp_path / "out"))
    assert len(names) == 6
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+\.(md|html)", n) for n in names), names
    assert feedback.file_stem({"student": "***", "submission": "x"}, []) == "student"


@pytest.mark.slow
def test_feedback_for_a_class_leaves_the_hidden_sentences_out(tmp_path: Path) -> None:
    sample = str(SAMPLES / "mistake_fillers_kept.py")
    hidden = answers.make_key(5).sentences[1:]
    for reveal in ([], ["--reveal"]):
        folder = tmp_path / f"out{len(reveal)}"
        done = run(sample, "--seed", "5", "--feedback", str(folder), *reveal, *FAST,
                   main=cli.main)  # fmt: skip
        assert done.returncode == 0, done.stderr
        (markdown,) = folder.glob("*.md")
        (page,) = folder.glob("*.html")
        text = markdown.read_text(encoding="utf-8")
        assert "**Score: 7/10**" in text
        assert "skip\\_filler\\(\\) gives" not in text  # only what needs escaping is
        assert "skip_filler() gives [0.285714, 1.42857]" in page.read_text(encoding="utf-8")
        shown = any(sentence in page.read_text(encoding="utf-8") for sentence in hidden)
        assert shown == bool(reveal)


# -- The instructor's page -------------------------------------------------------------------


def test_the_instructors_page_is_valid_html_with_every_text_escaped() -> None:
    excerpt = {"title": HOSTILE, "first": 3, "lines": [HOSTILE, "  return x"]}
    flagged = hostile_report(evidence=[{"excerpt": excerpt, "reference_excerpt": excerpt},
                                       {"file": "a.py"}])  # fmt: skip
    graded = hostile_report(error=None, score=7.0, integrity=[])
    reports = [flagged, graded]
    summary = report.summary(reports, HOSTILE, [HOSTILE], [HOSTILE])
    pair = {"first": HOSTILE, "second": "bo", "overlap": 0.8,
            "matches": [{"left": excerpt, "right": excerpt}]}  # fmt: skip
    page = classpage.render(reports, summary, [pair])
    parser = well_formed(page)
    text = "".join(parser.text)
    assert text.count(HOSTILE) >= 12
    for heading in ("Scores", "Checks", "Mistakes", "Not graded", "Integrity", "Similar code"):
        assert f"<h2>{heading}</h2>" in page
    assert parser.tags.count("svg") == 1
    assert page.count('<div class="side">') == 2  # the evidence and the pair, side by side
    assert "   3 <script>" in html.unescape(page)  # numbered lines, escaped
    assert "passed by (of 1 graded)" in page


def test_an_empty_or_ungraded_class_has_a_page_too() -> None:
    page = classpage.render([], report.summary([]))
    assert "0 submission(s), mean score -" in "".join(well_formed(page).text)
    assert classpage.pass_rates([hostile_report()]) == dict.fromkeys(CHECKS, 0.0)


@pytest.mark.slow
def test_the_report_comes_with_every_other_report(tmp_path: Path) -> None:
    page, results = tmp_path / "class.html", tmp_path / "feedback"
    done = run(str(SAMPLES / "hard_coded.py"), str(SAMPLES / "syntax_error.py"), "--report",
               str(page), "--feedback", str(results), "--csv", str(tmp_path / "g.csv"),
               *FAST, main=cli.main)  # fmt: skip
    assert done.returncode == 0, done.stderr
    parser = well_formed(page.read_text(encoding="utf-8"))
    assert "hard-coded (1)" in parser.text
    assert len(list(results.iterdir())) == 4


# -- One student -----------------------------------------------------------------------------


@pytest.mark.slow
def test_only_grades_one_student_of_a_class_zip(tmp_path: Path) -> None:
    root = lms_class(tmp_path)
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted((root / "canvas").iterdir()):
            out.write(path, path.name)
    for name in ("smithjohn", "12345", "SMITHJOHN"):
        (found,) = grade_json(str(archive), "--only", name, *FAST)
        assert (found["student"], found["score"]) == ("smithjohn", 10)
    (found,) = grade_json(str(SAMPLES), "--only", "hard_coded", *FAST)
    assert found["submission"].endswith("hard_coded.py")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("smithjon", "--only: no student named 'smithjon' among 2; the closest: smithjohn"),
        ("zzzz", "--only: no student named 'zzzz' among 2\n"),
        ("ada", "--only: 2 students are named 'ada': "),
    ],
)
def test_only_says_whom_it_could_not_tell(
    tmp_path: Path, name: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    classes = {"canvas": {"smithjohn_1_2_embedder.py": "x = 1\n", "lia_3_4_e.py": "y = 2\n"},
               "twins": {"ada.py": "x = 1\n", "ada/embedder.py": "x = 2\n"}}  # fmt: skip
    folder = tree(tmp_path / "c", classes["twins" if name == "ada" else "canvas"])
    with pytest.raises(SystemExit):
        cli.main([str(folder), "--only", name])
    assert message in capsys.readouterr().err + "\n"


# -- Each command names itself as it was run -------------------------------------------------


@pytest.mark.parametrize(
    ("argv0", "name"),
    [
        ("/usr/local/bin/sentemb-grade", "sentemb-grade"),
        ("grade.py", "grade.py"),
        ("/x/sentemb_grade/__main__.py", "python3 -m sentemb_grade"),
        ("/x/pytest/__main__.py", "sentemb-grade"),
        ("-c", "sentemb-grade"),
    ],
)
def test_the_grader_names_itself_as_it_was_run(
    argv0: str, name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", [argv0])
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert capsys.readouterr().out == f"{name} {sentemb_grade.__version__}\n"
    with pytest.raises(SystemExit):
        cli.main([])
    assert capsys.readouterr().err.startswith(f"usage: {name} [-h]")


@pytest.mark.parametrize(("argv0", "name"), [("/venv/bin/sentemb", "sentemb"),
                                             ("sentemb.py", "sentemb.py")])  # fmt: skip
def test_sentemb_names_itself_as_it_was_run(
    argv0: str, name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", [argv0])
    with pytest.raises(SystemExit):
        sentemb.main(["--version"])
    assert capsys.readouterr().out == f"{name} {sentemb.__version__}\n"
    assert sentemb.main(["--oov", "error", "tea"]) == 2
    assert capsys.readouterr().err == f"{name}: error: 'tea' is out of vocabulary\n"


def test_the_programs_say_their_names_when_run() -> None:
    for command, name in (([str(Path(__file__).parent / "grade.py")], "grade.py"),
                          (["-m", "sentemb_grade"], "python3 -m sentemb_grade")):  # fmt: skip
        done = subprocess.run([sys.executable, *command, "--version"], capture_output=True,
                              check=False, cwd=Path(__file__).parent)  # fmt: skip
        assert done.stdout.decode() == f"{name} {sentemb_grade.__version__}\n"


# -- What the other tests leave out ----------------------------------------------------------


def test_the_table_lists_who_submitted_nothing_and_csv_cells_stay_text(tmp_path: Path) -> None:
    found = hostile_report(student='=HYPERLINK("http://x")', error="-1+1", integrity=[])
    text = report.table([found], "", [], ["Ada Li (7)", "Bo Li (8)"])
    assert "submitted nothing (2): Ada Li (7), Bo Li (8)" in text
    report.write_csv([found], str(tmp_path / "g.csv"))
    row = next(csv.reader((tmp_path / "g.csv").read_text(encoding="utf-8").splitlines()[1:]))
    assert row[1] == '\'=HYPERLINK("http://x")'
    assert row[12] == "'-1+1"


@pytest.mark.slow
def test_a_moodle_folder_holding_a_zip_is_that_students_work(tmp_path: Path) -> None:
    folder = tmp_path / "moodle" / "Ada Li_7_assignsubmission_file_"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(folder / "work.zip", "w") as archive:
        for name, text in module_and_data().items():
            archive.writestr(name, text)
    tree(tmp_path / "moodle", {"Bo Li_8_assignsubmission_file_/embedder.py": "x = 1\n"})
    (found,) = grade_json(str(tmp_path / "moodle"), "--only", "Ada Li", *FAST)
    assert (found["student"], found["id"], found["score"]) == ("Ada Li", "7", 10)


@pytest.mark.slow
def test_a_copy_of_sentemb_shows_its_lines_beside_sentembs(tmp_path: Path) -> None:
    copy = tmp_path / "copy.py"
    copy.write_text(grading_integrity.renamed(grading_integrity.part_one()), encoding="utf-8")
    page = tmp_path / "class.html"
    made = tmp_path / "autograder.zip"
    done = run(str(copy), "--report", str(page), "--autograder-zip", str(made), *FAST,
               main=cli.main)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert made.exists()  # the zip, and the submission graded with the same options
    text = page.read_text(encoding="utf-8")
    well_formed(text)
    assert '<div class="side">' in text
    assert "sentemb: sentemb.py, lines " in text
    assert "copy.py: copy.py, lines " in html.unescape(text)


@pytest.mark.slow
def test_a_zip_holding_a_file_and_a_folder_of_one_name_grades_both(tmp_path: Path) -> None:
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("ada", "not python\n")
        out.writestr("ada/embedder.py", CORRECT.read_text(encoding="utf-8"))
        out.writestr("bo.py", CORRECT.read_text(encoding="utf-8"))
    reports = grade_json(str(archive), *FAST)
    assert [(r["submission"], r["score"]) for r in reports] == [("ada", 0), ("ada (2)", 10),
                                                                ("bo.py", 10)]  # fmt: skip
