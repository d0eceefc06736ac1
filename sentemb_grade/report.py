"""The reports: a table with the class summary, JSON lines, CSV, the summary as JSON, and
Gradescope's results.json.

Every text in a report is printable already (judge.py escapes what a submission or a file
name holds); what is written to a stream is further escaped for that stream's encoding, so
every format writes under any locale.  Each report says which sandbox graded it.
"""

from __future__ import annotations

import codecs
import csv
import json
from typing import IO, Any, Dict, List, Sequence

from .key import CHECKS
from .text import cut


def table(
    reports: List[Dict[str, Any]],
    about: str = "",
    skipped: Sequence[str] = (),
    missing: Sequence[str] = (),
    similar: Sequence[Dict[str, Any]] = (),
) -> str:
    """One line per submission, then the class summary, then the sandbox."""
    names = [_student(r) for r in reports]
    width = max([10, *map(len, names)])
    lines = [f"{'student':<{width}}  {'score':>9}  {'reading':<10}  what failed"]
    for name, report in zip(names, reports):
        failed = [f"{c['name']} ({c['mistake']})" for c in report["checks"] if not c["passed"]]
        why = f"error: {report['error']}" if report["error"] else ", ".join(failed) or "-"
        if report.get("integrity"):
            why = f"INTEGRITY ({len(report['integrity'])} flag(s), below); " + why
        score = f"{report['score']:g}/{report['max_score']:g}"
        lines.append(f"{name:<{width}}  {score:>9}  {report['reading'] or '-':<10}  {why}")
    return (
        "\n".join(lines) + "\n\n" + summary_text(summary(reports, about, skipped, missing, similar))
    )


def _student(report: Dict[str, Any]) -> str:
    """How the reports name a student: as the LMS or roster does, with the id, or by the
    submission's name."""
    name = report.get("student") or report["submission"]
    return f"{name} ({report['id']})" if report.get("id") else str(name)


def summary(
    reports: List[Dict[str, Any]],
    about: str = "",
    skipped: Sequence[str] = (),
    missing: Sequence[str] = (),
    similar: Sequence[Dict[str, Any]] = (),
) -> Dict[str, Any]:
    """The class at a glance: the seed, the scores, each mistake with who made it, the
    integrity flags, what was not graded or left out, the roster's students who submitted
    nothing, and the sandbox."""
    scores: Dict[str, int] = {}
    for report in sorted(reports, key=lambda r: -r["score"]):
        scores[f"{report['score']:g}"] = scores.get(f"{report['score']:g}", 0) + 1
    mistakes: Dict[str, List[str]] = {}
    for report in reports:
        for mistake in dict.fromkeys(c["mistake"] for c in report["checks"] if c["mistake"]):
            if mistake != "not-graded":
                mistakes.setdefault(mistake, []).append(_student(report))
    sandboxes: Dict[str, int] = {}
    for report in reports:
        if report.get("sandbox"):
            sandboxes[report["sandbox"]] = sandboxes.get(report["sandbox"], 0) + 1
    return {
        "seed": reports[0]["seed"] if reports else None,
        "submissions": len(reports),
        "mean": sum(r["score"] for r in reports) / len(reports) if reports else None,
        "scores": scores,
        "mistakes": dict(sorted(mistakes.items(), key=lambda m: (-len(m[1]), m[0]))),
        "integrity": {_student(r): r["integrity"] for r in reports if r.get("integrity")},
        "not_graded": {_student(r): r["error"] for r in reports if r["error"]},
        "skipped": list(skipped),
        "missing": list(missing),
        "similar": [{k: v for k, v in pair.items() if k != "matches"} for pair in similar],
        "sandbox": {"about": about, "submissions": sandboxes},
    }


def summary_text(found: Dict[str, Any]) -> str:
    lines = [f"{found['submissions']} submission(s), seed {found['seed']} "
             f"(--seed {found['seed']} grades them alike again)"]  # fmt: skip
    if found["submissions"]:
        lines.append(f"mean score {found['mean']:.2f}")
        most = max(found["scores"].values())
        for score, count in found["scores"].items():
            bar = "#" * max(1, round(30 * count / most))
            lines.append(f"  {score:>6}  {bar} {count}")
    for mistake, names in found["mistakes"].items():
        lines.append(f"{mistake}: {len(names)}: {', '.join(names)}"[:300])
    for name, flags in found["integrity"].items():
        lines.append(f"INTEGRITY {name}: {'; '.join(flags)}"[:300])
    for entry in found["skipped"]:
        lines.append(f"skipped {entry}"[:300])
    lines += [similarity_line(pair)[:300] for pair in found["similar"]]
    if found["missing"]:
        lines.append(f"submitted nothing ({len(found['missing'])}): "
                     + ", ".join(found["missing"]))  # fmt: skip
    sandbox = found["sandbox"]
    if sandbox["about"]:
        counted = sum(sandbox["submissions"].values())
        lines.append(f"sandbox {sandbox['about']}; {counted} submission(s) ran in it")
    return "\n".join(lines)


CSV_HEADER = ("submission", "student", "id", *CHECKS, "score", "max_score", "error", "seed",
              "sandbox", "integrity", "feedback")  # fmt: skip


def similarity_line(pair: Dict[str, Any]) -> str:
    """A pair of similar students as one line of the summary.

    >>> similarity_line({"first": "ada", "second": "bo", "overlap": 0.83, "shared": 41})
    'SIMILAR ada and bo: 83% of the smaller one (41 fingerprints in common)'
    """
    return (f"SIMILAR {pair['first']} and {pair['second']}: {pair['overlap']:.0%} of the smaller "
            f"one ({pair['shared']} fingerprints in common)")  # fmt: skip


def write_csv(reports: List[Dict[str, Any]], path: str) -> None:
    """One row per submission: who, each check's points, the score, and for the gradebook's
    comment, the integrity flags and a one-line feedback."""
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_HEADER)
        for report in reports:
            points = {c["name"]: c["points"] for c in report["checks"]}
            writer.writerow(
                [
                    _cell(report["submission"]),
                    _cell(report.get("student") or report["submission"]),
                    _cell(report.get("id") or ""),
                    *(f"{points[c]:g}" for c in CHECKS),
                    f"{report['score']:g}",
                    f"{report['max_score']:g}",
                    _cell(report["error"] or ""),
                    report["seed"],
                    report.get("sandbox") or "",
                    _cell("; ".join(report.get("integrity") or [])),
                    _cell(one_line(report)),
                ]
            )


def _cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text: one that would start a formula (``=``,
    ``+``, ``-``, ``@``) gets a leading apostrophe, as OWASP advises.

    >>> _cell("=HYPERLINK(0)"), _cell("ada")
    ("'=HYPERLINK(0)", 'ada')
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def one_line(report: Dict[str, Any]) -> str:
    """A submission's feedback in one line, as a gradebook's comment.

    >>> one_line({"score": 8, "max_score": 10, "error": None, "checks": [
    ...     {"name": "average", "passed": False, "mistake": "oov-skipped"},
    ...     {"name": "weighted", "passed": True, "mistake": None}]})
    '8/10: average failed (oov-skipped)'
    """
    head = f"{report['score']:g}/{report['max_score']:g}: "
    if report["error"]:
        return cut(head + f"not graded: {report['error']}")
    failed = [f"{c['name']} failed ({c['mistake']})" for c in report["checks"] if not c["passed"]]
    return cut(head + ("; ".join(failed) or "every check passed"))


VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")  # Gradescope's


def gradescope(
    report: Dict[str, Any],
    about: str = "",
    hidden_visibility: str = "after_published",
    execution_time: float = 0.0,
) -> Dict[str, Any]:
    """Gradescope's autograder results.json for one submission, as its specification has
    it: one test per check; the hidden sentences' checks shown as ``hidden_visibility``
    says; the integrity flags in a test only the instructor sees; a short output.

    >>> from sentemb_grade.key import RUBRIC
    >>> checks = [{"name": n, "passed": True, "points": p, "max_points": p, "feedback": "Right.",
    ...            "mistake": None} for n, p in RUBRIC.items()]
    >>> found = gradescope({"score": 10, "max_score": 10, "checks": checks, "error": None,
    ...                     "notes": [], "integrity": [], "seed": 7, "sandbox": "bwrap"})
    >>> [(t["name"], t["visibility"]) for t in found["tests"]][3:]
    [('weighted', 'visible'), ('average_hidden', 'after_published'), \
('skip_filler_hidden', 'after_published'), ('weighted_hidden', 'after_published'), \
('integrity', 'hidden')]
    >>> found["output"].splitlines()[-1]
    'Hidden sentences drawn with seed 7; graded in the sandbox bwrap.'
    """
    tests = [
        {
            "name": c["name"],
            "score": c["points"],
            "max_score": c["max_points"],
            "output": c["feedback"],
            "status": "passed" if c["passed"] else "failed",
            "visibility": hidden_visibility if c["name"].endswith("_hidden") else "visible",
        }
        for c in report["checks"]
    ]
    flags = report.get("integrity") or []  # the instructor's alone: hidden from the student
    tests.append({"name": "integrity", "score": 0, "max_score": 0, "visibility": "hidden",
                  "status": "failed" if flags else "passed",
                  "output": "\n".join(flags) or "No integrity flag."})  # fmt: skip
    failed = sum(not c["passed"] for c in report["checks"])
    lines = [f"Score {report['score']:g}/{report['max_score']:g}: "
             + (f"{failed} check(s) failed; each test says why." if failed else
                "every check passed.")]  # fmt: skip
    if report["error"]:
        lines.append(f"Error: {report['error']}")
    lines += report["notes"][:5]
    if len(report["notes"]) > 5:
        lines.append(f"... and {len(report['notes']) - 5} more notes.")
    sandbox = f"; graded in the sandbox {report['sandbox']}" if report.get("sandbox") else ""
    lines.append(f"Hidden sentences drawn with seed {report['seed']}{sandbox}.")
    return {
        "score": report["score"],
        "output": "\n".join(lines),
        "execution_time": round(execution_time),
        "tests": tests,
        "extra_data": {"sandbox": report.get("sandbox"), "about": about},
    }


def write(stream: IO[str], text: str) -> None:
    """Write to a text stream whatever its encoding: what it cannot encode is escaped."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def json_line(stream: IO[str], document: Dict[str, Any]) -> None:
    """One JSON document on a line: its non-ASCII text as it is where the stream is UTF-8,
    as \\u escapes elsewhere (still valid JSON)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    utf8 = codecs.lookup(encoding).name == "utf-8"
    write(stream, json.dumps(document, ensure_ascii=not utf8) + "\n")
