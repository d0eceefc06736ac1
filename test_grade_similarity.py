"""--similarity: pairs of students whose normalised code overlaps, as MOSS finds them, with the
threshold measured on honest solutions and copies (grading_similarity.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List

import pytest

import grading_similarity
from conftest import run
from sentemb_grade import classpage, cli, report, similarity
from sentemb_grade.similarity import Prints, Where
from test_grade import FAST, SAMPLES
from test_grade_lms import tree, well_formed

HONEST = dict(grading_similarity.honest())
UNPARSE = pytest.mark.skipif(sys.version_info < (3, 9), reason="copies are made by ast.unparse")


def test_no_pair_of_grading_samples_is_flagged() -> None:
    found = grading_similarity.overlaps(paths=sorted(str(p) for p in SAMPLES.iterdir()))
    assert found, "no pair shares enough code to be compared: the test would pass on anything"
    assert max(overlap for overlap, *_ in found) < similarity.THRESHOLD


def test_no_pair_of_independently_written_honest_solutions_is_flagged() -> None:
    choices = [name.split()[1].split("/") for name in HONEST]
    for one in range(len(choices)):  # any two share at most one of their four choices
        for two in range(one):
            assert sum(a == b for a, b in zip(choices[one], choices[two])) <= 1
    found = grading_similarity.overlaps(HONEST)
    assert len(found) > 100  # most pairs share a choice, and were compared
    assert max(overlap for overlap, *_ in found) < similarity.THRESHOLD


@UNPARSE
@pytest.mark.slow
def test_every_renamed_reordered_or_recommented_copy_is_flagged() -> None:
    copies = list(grading_similarity.copies())
    assert len(copies) == 100
    for _, source, copy in copies:
        assert copy.split(": ", 1)[1] != source
        assert grading_similarity.copy_overlap(source, copy) >= similarity.THRESHOLD, copy[:60]


@UNPARSE
@pytest.mark.slow
def test_the_similarity_run_lists_the_copied_pair_side_by_side(tmp_path: Path) -> None:
    original, other = list(HONEST.values())[:2]
    copy = grading_similarity.recommented(grading_similarity.renamed(original))
    folder = tree(tmp_path / "class", {"ada.py": original, "bo.py": copy, "cy.py": other})
    summary, page = tmp_path / "summary.json", tmp_path / "class.html"
    done = run(str(folder), "--similarity", "--summary", str(summary), "--report", str(page),
               *FAST, main=cli.main)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("SIMILAR")]
    assert len(lines) == 1
    assert lines[0].startswith("SIMILAR ada.py and bo.py: ")
    (pair,) = json.loads(summary.read_text(encoding="utf-8"))["similar"]
    assert pair["first"] == "ada.py"
    assert pair["overlap"] >= similarity.THRESHOLD
    text = "".join(well_formed(page.read_text(encoding="utf-8")).text)
    assert "ada.py: ada.py, lines" in text
    assert "bo.py: bo.py, lines" in text
    assert "# step 1: what this line does" in text  # the copy's own lines, beside the original's
    starter = tmp_path / "starter.py"
    starter.write_text(original, encoding="utf-8")
    done = run(str(folder), "--similarity", "--starter", str(starter), *FAST, main=cli.main)
    assert "SIMILAR" not in done.stdout  # what they were given is no evidence


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "--starter: [Errno 2] No such file or directory"),
        (b"\xff\xfe\x00", "is not readable as Python text"),
        (b"def (:\n", "cannot be read (SyntaxError"),
    ],
)
def test_a_starter_that_cannot_be_read_is_bad_usage(
    tmp_path: Path, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    starter = tmp_path / "starter.py"
    if content is not None:
        starter.write_bytes(content)
    with pytest.raises(SystemExit) as raised:
        cli.main([str(SAMPLES / "hard_coded.py"), "--similarity", "--starter", str(starter)])
    assert raised.value.code == 2
    assert message in capsys.readouterr().err


def prints(number: int, name: str, lines: List[int], path: str = "a.py") -> Prints:
    return Prints(number, name, {1000 + line: [Where(path, line)] for line in lines})


def test_passages_are_runs_of_matched_lines_in_each_file() -> None:
    a = prints(0, "ada", [*range(1, 11), *range(30, 40)])
    b = prints(1, "bo", [*range(1, 11), *range(30, 40)], "b.py")
    shared = frozenset(a.where)
    assert similarity.passages(a, b, shared) == [
        ("a.py", (1, 10), "b.py", (1, 10)),
        ("a.py", (30, 39), "b.py", (30, 39)),
    ]


def test_small_common_and_unshared_code_is_no_evidence() -> None:
    small = [prints(0, "ada", list(range(20))), prints(1, "bo", list(range(20)))]
    assert similarity.pairs(small) == []  # fewer than PRINTS fingerprints each
    many = [prints(n, f"s{n}", list(range(40))) for n in range(12)]
    assert similarity.pairs(many) == []  # every fingerprint held by more than COMMON
    apart = [prints(0, "ada", list(range(40))), prints(1, "bo", list(range(100, 140)))]
    assert similarity.pairs(apart) == []


def test_excerpts_are_cut_and_escaped() -> None:
    lines = [f"line {n}\x1b[2J" for n in range(1, 101)]
    shown = similarity.excerpt("ada", "a\u202e.py", 5, 90, lines)
    assert shown["title"] == "ada: a\\u202e.py, lines 5-44"
    assert len(shown["lines"]) == similarity.EXCERPT
    assert shown["lines"][0] == "line 5\\x1b[2J"
    pair = {"first": "<a>", "second": "b", "overlap": 0.9,
            "matches": [{"left": shown, "right": shown}]}  # fmt: skip
    page = classpage.render([], report.summary([]), [pair])
    assert "&lt;a&gt; and b: 90%" in page
