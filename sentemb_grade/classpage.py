"""The instructor's page (``--report FILE.html``): the class on one self-contained page.

The scores as a histogram (an inline SVG), each check's pass rate, each mistake with who made
it, the students not graded and why, each integrity case with its evidence (the student's
lines beside sentemb's, where the evidence has them), and the pairs of students whose code is
alike (``--similarity``), their matching lines side by side.  No script, nothing fetched:
the page opens anywhere, offline, and every text a submission holds is escaped.
"""

from __future__ import annotations

import html
import math
from typing import Any, Dict, Sequence

from .feedback import page, who
from .key import CHECKS

STYLE = """
.bar { fill: #4c72b0; } .axis { stroke: #333; } svg text { font: 12px system-ui, sans-serif; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; }
.case { border-top: 1px solid #ccc; margin-top: 1rem; }
meter { width: 10rem; }
"""


def histogram(scores: Sequence[float], maximum: float) -> str:
    """The scores as an SVG bar chart, one bar per whole point from 0 to ``maximum``.

    >>> svg = histogram([10, 10, 7], 10)
    >>> svg.count("<rect"), 'aria-label="7 to 8: 1 student(s)"' in svg
    (11, True)
    """
    bins = [0] * (int(maximum) + 1)
    for score in scores:
        bins[min(math.floor(score), len(bins) - 1)] += 1
    width, height, step = 40 + 28 * len(bins), 180, 28
    top = max(bins) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 50}" '
             f'role="img" aria-label="the scores">']  # fmt: skip
    for index, count in enumerate(bins):
        tall = round(height * count / top)
        x = 30 + step * index
        label = f"{index} to {index + 1}: {count} student(s)"
        parts.append(f'<rect class="bar" x="{x}" y="{height - tall + 20}" width="{step - 4}" '
                     f'height="{tall}" aria-label="{label}"><title>{label}</title>'
                     "</rect>")  # fmt: skip
        parts.append(f'<text x="{x + 4}" y="{height + 38}">{index}</text>')
        if count:
            parts.append(f'<text x="{x + 4}" y="{height - tall + 16}">{count}</text>')
    parts.append(f'<line class="axis" x1="28" y1="{height + 20}" x2="{width}" '
                 f'y2="{height + 20}"></line></svg>')  # fmt: skip
    return "".join(parts)


def pass_rates(reports: Sequence[Dict[str, Any]]) -> Dict[str, float]:
    """Each check's share of the graded submissions that passed it.

    >>> pass_rates([{"error": None, "checks": [{"name": "average", "passed": True}]},
    ...             {"error": None, "checks": [{"name": "average", "passed": False}]}])
    {'average': 0.5}
    """
    graded = [r for r in reports if not r["error"]]
    rates = {}
    for name in [c["name"] for c in graded[0]["checks"]] if graded else CHECKS:
        passed = sum(c["passed"] for r in graded for c in r["checks"] if c["name"] == name)
        rates[name] = passed / len(graded) if graded else 0.0
    return rates


def _code(lines: Sequence[str], first: int) -> str:
    numbered = "\n".join(f"{first + i:4} {line}" for i, line in enumerate(lines))
    return f"<pre>{html.escape(numbered)}</pre>"


def _side_by_side(left: str, right: str, evidence: Dict[str, Any]) -> str:
    """Two columns of code: ``evidence`` has ``left`` and ``right`` excerpts, each a dict of
    ``title``, ``first`` (a line number) and ``lines``."""
    columns = []
    for side in (left, right):
        excerpt = evidence[side]
        columns.append(f"<div><p>{html.escape(excerpt['title'])}</p>"
                       f"{_code(excerpt['lines'], excerpt['first'])}</div>")  # fmt: skip
    return f'<div class="side">{"".join(columns)}</div>\n'


def render(
    reports: Sequence[Dict[str, Any]],
    summary: Dict[str, Any],
    similar: Sequence[Dict[str, Any]] = (),
) -> str:
    """The page, from the reports, the class summary (report.summary) and the pairs of
    similar code (similarity.pairs)."""
    e = html.escape
    body = ["<h1>Class report</h1>\n"]
    mean = "-" if summary["mean"] is None else f"{summary['mean']:.2f}"
    body.append(f"<p>{summary['submissions']} submission(s), mean score {mean}, seed "
                f"{summary['seed']} (<code>--seed {summary['seed']}</code> grades them alike "
                f"again). Sandbox: {e(summary['sandbox']['about'] or '-')}.</p>\n")  # fmt: skip
    maximum = max([r["max_score"] for r in reports] or [10])
    body.append("<h2>Scores</h2>\n" + histogram([r["score"] for r in reports], maximum) + "\n")
    graded = sum(not r["error"] for r in reports)
    body.append(f"<h2>Checks</h2>\n<table>\n<tr><th>check</th><th>passed by (of {graded} "
                "graded)</th></tr>\n")  # fmt: skip
    for name, rate in pass_rates(reports).items():
        body.append(f'<tr><td>{e(name)}</td><td><meter value="{rate:.3f}"></meter> '
                    f"{rate:.0%}</td></tr>\n")  # fmt: skip
    body.append("</table>\n")
    if summary["mistakes"]:
        body.append("<h2>Mistakes</h2>\n<table>\n<tr><th>mistake</th><th>students</th></tr>\n")
        for mistake, names in summary["mistakes"].items():
            shown = ", ".join(map(e, names))
            body.append(f"<tr><td>{e(mistake)} ({len(names)})</td><td>{shown}</td></tr>\n")
        body.append("</table>\n")
    if summary["not_graded"] or summary["skipped"] or summary.get("missing"):
        body.append("<h2>Not graded</h2>\n<ul>\n")
        body += [f"<li>{e(name)}: {e(why)}</li>\n" for name, why in summary["not_graded"].items()]
        body += [f"<li>skipped {e(entry)}</li>\n" for entry in summary["skipped"]]
        body += [f"<li>submitted nothing: {e(name)}</li>\n" for name in summary.get("missing", [])]
        body.append("</ul>\n")
    cases = [r for r in reports if r.get("integrity")]
    if cases:
        body.append("<h2>Integrity</h2>\n<p>Evidence for you to weigh, not a verdict: the "
                    "score is what the answers earn.</p>\n")  # fmt: skip
        for report in cases:
            body.append(f'<div class="case"><h3>{e(who(report))}</h3>\n<ul>\n')
            body += [f"<li>{e(flag)}</li>\n" for flag in report["integrity"]]
            body.append("</ul>\n")
            for evidence in report.get("evidence") or []:
                if "excerpt" in evidence and "reference_excerpt" in evidence:
                    body.append(_side_by_side("excerpt", "reference_excerpt", evidence))
            body.append("</div>\n")
    if similar:
        body.append("<h2>Similar code</h2>\n<p>Pairs of students whose code, with names, "
                    "strings and numbers made alike, overlaps: evidence to read, not a "
                    "verdict.</p>\n")  # fmt: skip
        for pair in similar:
            body.append(f'<div class="case"><h3>{e(pair["first"])} and {e(pair["second"])}: '
                        f"{pair['overlap']:.0%}</h3>\n")  # fmt: skip
            for match in pair["matches"]:
                body.append(_side_by_side("left", "right", match))
            body.append("</div>\n")
    return page("Class report", "".join(body), STYLE)
