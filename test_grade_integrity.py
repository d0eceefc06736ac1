"""Integrity, judged from outside the submission: honest work is never flagged, every copy
of sentemb is, however hidden, and a flag is evidence for the instructor, not a zero.

The sets are grading_integrity.py's (honest variants in many styles, copies renamed,
reordered, re-stringed and encoded), and grading_samples/; the threshold they set is
integrity.THRESHOLD, over units of at least integrity.UNIT_FINGERPRINTS fingerprints.
"""

from __future__ import annotations

import ast
import base64
import json
import zlib
from pathlib import Path
from typing import Any, Dict, List

import pytest

import grading_integrity
import sentemb
from conftest import run
from sentemb_grade import analysis, cli, harness, integrity
from sentemb_grade.collect import Facts, Submission
from test_grade import FAST, VOCAB, correct_source, grade_json

HERE = Path(__file__).resolve().parent


def submission_of(source: str, name: str = "ada.py") -> Submission:
    """A submission of one file, its facts read here (our own test code, not a student's)."""
    found = analysis.facts(source)
    facts = Facts(
        frozenset(found["imports"]),
        found["methods"],
        found["functions"],
        tuple((h, line) for h, line in found["fingerprints"]),
        tuple((n, a, b) for n, a, b in found["units"]),
        found["payloads"],
        tuple(found["obfuscated"]),
    )
    return Submission(name, "", name, {name: facts}, ())


def honest_sources() -> List[Any]:
    both = [*grading_integrity.samples(), *grading_integrity.honest()]
    return [pytest.param(source, id=name) for name, source in both]


@pytest.mark.parametrize("source", honest_sources())
def test_no_honest_solution_is_flagged(source: str) -> None:
    assert integrity.flags(submission_of(source)) == ([], [])


@pytest.mark.parametrize("source", [pytest.param(s, id=n) for n, s in grading_integrity.copies()])
def test_every_copy_is_flagged_however_hidden(source: str) -> None:
    flags, evidence = integrity.flags(submission_of(source))
    matched = [e for e in evidence if "reference" in e]
    assert matched, flags
    assert matched[0]["closeness"] >= 0.9
    part_two = grading_integrity.part_one().count("\n") + 1  # the Part 2 banner's line
    assert matched[0]["reference_lines"][1] < part_two  # a unit of the exercise: Part 1


def test_the_measurement_leaves_a_margin_on_both_sides() -> None:
    """The threshold lies between the closest honest solution and the least close copy,
    with room on both sides (the figures are in docs/grading.md)."""

    closest = grading_integrity.closest
    honest = max(closest(s.values[0])[0] for s in honest_sources())
    copied = min(closest(s)[0] for _, s in grading_integrity.copies())
    assert honest < integrity.THRESHOLD - 0.25 < integrity.THRESHOLD + 0.25 < copied


def test_a_two_line_idiom_a_name_or_a_docstring_is_not_evidence() -> None:
    source = (
        '"""Checked against the course\'s sentemb.py and sentemb_grade."""\n'
        "import math\n\n\ndef cosine(u, v):\n"
        "    dot = sum(a * b for a, b in zip(u, v))\n"
        "    return float(dot / math.sqrt(sum(a * a for a in u) * sum(b * b for b in v)))\n"
        "\n\nclass ExerciseEmbedder:\n    sentemb = 'sentemb.py'\n"
    )
    assert integrity.flags(submission_of(source)) == ([], [])
    units = integrity.reference_units()
    assert all(len(u.fingerprints) >= integrity.UNIT_FINGERPRINTS for u in units)
    assert "ExerciseEmbedder.cosine" not in {u.name for u in integrity.reference_units()}


def test_the_evidence_names_the_functions_lines_and_closeness() -> None:
    part = grading_integrity.renamed(grading_integrity.part_one())
    flags, evidence = integrity.flags(submission_of("x = 1\n\n" + part, "hw/ada.py"))
    at = [e["reference"] for e in evidence].index("ExerciseEmbedder")
    first = evidence[at]
    assert first["file"] == "hw/ada.py"
    # Not quite 1: the reference's last k-grams run on past the class into Part 2's code.
    assert first["closeness"] >= 0.95
    low, high = first["reference_lines"]
    assert sentemb.ExerciseEmbedder.__init__.__code__.co_firstlineno in range(low, high)
    assert first["lines"][0] > 2
    # the renamed class is among the units holding the lines matched (fingerprints that
    # Part 1 repeats, such as the mean's loop, are found in _mean's copy too)
    assert first["within"] in (first["functions"][0], "(module)")
    assert flags[at].startswith(f"hw/ada.py: {first['within']} (lines ")
    assert "matches sentemb's ExerciseEmbedder" in flags[at]
    assert flags[at].endswith(f"{first['closeness']:.0%} of it")


def test_code_that_runs_what_it_decodes_is_obfuscated_for_review() -> None:
    hidden = base64.b64encode(zlib.compress(b"print('hello')")).decode()
    source = (
        f"import base64, zlib\ncode = zlib.decompress(base64.b64decode({hidden!r}))\nexec(code)\n"
    )
    flags, evidence = integrity.flags(submission_of(source))
    assert evidence == [{"file": "ada.py", "obfuscated": [3], "payloads": 0}]
    assert flags == ["ada.py: runs code it decodes (line 3; payloads recovered: 0): obfuscated, "
                     "for review"]  # fmt: skip
    assert analysis.obfuscated(ast.parse("exec(open('x').read())\neval('1')")) == []


def test_payloads_are_recovered_from_literals_of_any_encoding() -> None:
    inner = "def f(a):\n    return a\n"
    for _, encode in grading_integrity.ENCODINGS.items():
        found = analysis.facts(encode(inner))
        assert found["payloads"] == 1, encode(inner)[:80]
    assert analysis.facts("x = 'not a payload, just a long string'")["payloads"] == 0
    assert analysis.facts("x = 'square = lambda x: x * x'")["payloads"] == 0  # code, no function
    bomb = base64.b64encode(zlib.compress(b"#" * (analysis.PAYLOAD_BYTES + 10))).decode()
    assert analysis.facts(f"x = {bomb!r}")["payloads"] == 0
    split = b"def f(a):\n    return a\n".hex()
    assert analysis.facts(f"x = {split[:20]!r} + {split[20:]!r}")["payloads"] == 1
    many = "\n".join(f"x{i} = {base64.b64encode(inner.encode())!r}" for i in range(30))
    assert analysis.facts(many)["payloads"] == analysis.PAYLOADS


# -- Graded for real: a flag is evidence, not a zero --------------------------------------------


@pytest.mark.slow
def test_a_copy_earns_what_its_answers_earn_and_is_flagged(tmp_path: Path) -> None:
    copy = tmp_path / "my_embedder.py"
    copy.write_text(Path(sentemb.__file__).read_text(encoding="utf-8"))
    csv_file = tmp_path / "grades.csv"
    (report,) = grade_json(str(copy), *FAST)
    assert report["score"] == 10
    assert any("matches sentemb's ExerciseEmbedder" in flag for flag in report["integrity"])
    assert report["evidence"][0]["closeness"] == 1.0
    (zero,) = grade_json(str(copy), *FAST, "--integrity", "zero")
    assert zero["score"] == 1
    done = run(str(copy), *FAST, "--csv", str(csv_file), main=cli.main)
    assert done.returncode == 0
    header, row = csv_file.read_text(encoding="utf-8").splitlines()
    assert header.endswith(",integrity,feedback")
    assert "matches sentemb's" in row
    assert "INTEGRITY (" in run(str(copy), *FAST, main=cli.main).stdout


@pytest.mark.slow
def test_a_students_own_module_named_sentemb_is_theirs(tmp_path: Path) -> None:
    folder = tmp_path / "ada"
    folder.mkdir()
    (folder / "sentemb.py").write_text(VOCAB + correct_source())
    (folder / "run.py").write_text("from sentemb import Embedder\n\nprint(Embedder().average('x'))")
    (report,) = grade_json(str(folder), *FAST)
    assert (report["score"], report["integrity"]) == (10, []), report


CHEATS: Dict[str, str] = {
    "the grader's byte-code, found through the parent's command line": """
import glob, marshal, os
line = open(f"/proc/{os.getppid()}/cmdline", "rb").read().split(b"\\0")
roots = {os.path.dirname(os.path.abspath(p.decode())) for p in line if p}
roots |= {os.path.dirname(r) for r in roots}
for root in roots:
    for pyc in glob.glob(os.path.join(root, "__pycache__", "sentemb*.pyc")):
        exec(marshal.loads(open(pyc, "rb").read()[16:]))
Embedder = ExerciseEmbedder
""",
    "import_module with a name made at run time": """
import importlib
Embedder = importlib.import_module("sent" + "emb").ExerciseEmbedder
""",
    "the harness rewritten, then sentemb imported": """
import sys
harness = sys.modules["__main__"]
harness.Session.answer = harness.Session.answer
from sentemb import ExerciseEmbedder as Embedder
""",
}


@pytest.mark.slow
def test_a_cheat_that_reaches_for_sentemb_finds_nothing(tmp_path: Path) -> None:
    for number, source in enumerate(CHEATS.values()):
        (tmp_path / f"cheat{number}.py").write_text(source)
    for report in grade_json(str(tmp_path), *FAST):
        assert report["score"] == 0, report
        assert "Error" in (report["error"] or ""), report["error"]


def test_the_reports_evidence_is_json() -> None:
    submission = submission_of(grading_integrity.part_one())
    flags, evidence = integrity.flags(submission)
    assert json.loads(json.dumps(evidence)) == evidence
    assert all(isinstance(flag, str) and flag.isprintable() for flag in flags)


def test_a_copy_written_out_by_a_notebooks_writefile_is_flagged() -> None:
    cells = ["%%writefile helper.py\n" + grading_integrity.renamed(grading_integrity.part_one()),
             "from helper import *"]  # fmt: skip
    source = "\n".join(harness.notebook_cells(cells)[0])
    flags, evidence = integrity.flags(submission_of(source, "hw.ipynb"))
    assert evidence[0]["closeness"] == 1.0, flags
    assert analysis.facts(source)["payloads"] == 1


def test_a_file_that_could_not_be_read_is_said_for_review() -> None:
    submission = Submission(
        "ada", "", "a.py", {"a.py": Facts(error="the parser took too long")}, ()
    )
    assert integrity.flags(submission) == (
        ["a.py: could not be read statically (the parser took too long), so it was not compared "
         "with sentemb: for review"],
        [{"file": "a.py", "unread": "the parser took too long"}],
    )  # fmt: skip
