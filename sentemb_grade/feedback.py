"""Feedback a student can be sent: one Markdown file and one self-contained HTML page each.

Each check, its points, what the student's code gave and what was expected, and the notes.
The hidden sentences' checks say only whether they passed and the mistake, unless the
instructor reveals them (``--reveal``): their sentences and answers are the next run's test too
when ``--seed`` is kept.  Integrity flags are the instructor's: no feedback holds them.

Every text a submission or a file name holds is escaped for the format it goes into: a name
such as ``<script>`` or ``**0/10**`` is shown as written, never run or rendered.
"""

from __future__ import annotations

import html
import os
import re
from typing import Any, Dict, List, Sequence, Tuple

HIDDEN = "The hidden sentences and their answers are not shown."
_MARKDOWN = re.compile(r"([\\`*_\[\]#|~])|(?<=:)(/)(?=/)|(?<=www)(\.)", re.IGNORECASE)

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }
.passed { color: #116329; } .failed { color: #a40e26; }
pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; }
"""


def markdown_text(text: str) -> str:
    r"""Text shown as written in Markdown: its markup characters escaped, ``&``, ``<`` and
    ``>`` as entities (no HTML a renderer allows gets through), and no link made of it.

    >>> print(markdown_text("<b>*x*</b> & [y](https://www.x.org) | `z`"))
    &lt;b&gt;\*x\*&lt;/b&gt; &amp; \[y\](https:\//www\.x.org) \| \`z\`
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(lambda m: "\\" + m.group(0), escaped)


def checks_shown(report: Dict[str, Any], reveal: bool) -> List[Tuple[str, str, str, str]]:
    """Each check as a student sees it: name, points, passed or failed, and what it says."""
    rows = []
    for check in report["checks"]:
        said = check["feedback"]
        if check["name"].endswith("_hidden") and not reveal:
            said = "Right on every hidden sentence." if check["passed"] else (
                f"Wrong on a hidden sentence ({check['mistake']}). {HIDDEN}")  # fmt: skip
        points = f"{check['points']:g}/{check['max_points']:g}"
        rows.append((check["name"], points, "passed" if check["passed"] else "failed", said))
    return rows


def who(report: Dict[str, Any]) -> str:
    name = report.get("student") or report["submission"]
    return f"{name} ({report['id']})" if report.get("id") else str(name)


def markdown(report: Dict[str, Any], reveal: bool = False) -> str:
    """A student's feedback as Markdown."""
    lines = [f"# Feedback: {markdown_text(who(report))}", "",
             f"**Score: {report['score']:g}/{report['max_score']:g}**", ""]  # fmt: skip
    if report["error"]:
        lines += [f"Not graded: {markdown_text(report['error'])}", ""]
    lines += ["| check | points | result | feedback |", "|---|---|---|---|"]
    for name, points, result, said in checks_shown(report, reveal):
        lines.append(f"| {markdown_text(name)} | {points} | {result} | {markdown_text(said)} |")
    if report["notes"]:
        lines += ["", "## Notes", ""]
        lines += [f"- {markdown_text(note)}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def page(title: str, body: str, style: str = "") -> str:
    """A self-contained HTML page: ``title`` is escaped here, ``body`` must be already."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}{style}</style>\n</head>\n"
            f"<body>\n{body}</body>\n</html>\n")  # fmt: skip


def html_page(report: Dict[str, Any], reveal: bool = False) -> str:
    """A student's feedback as a self-contained HTML page."""
    e = html.escape
    score = f"{report['score']:g}/{report['max_score']:g}"
    parts = [f"<h1>Feedback: {e(who(report))}</h1>\n",
             f"<p><strong>Score: {score}</strong></p>\n"]  # fmt: skip
    if report["error"]:
        parts.append(f"<p>Not graded: {e(report['error'])}</p>\n")
    parts.append(
        "<table>\n<tr><th>check</th><th>points</th><th>result</th><th>feedback</th></tr>\n"
    )
    for name, points, result, said in checks_shown(report, reveal):
        parts.append(f'<tr><td>{e(name)}</td><td>{points}</td><td class="{result}">{result}</td>'
                     f"<td>{e(said)}</td></tr>\n")  # fmt: skip
    parts.append("</table>\n")
    if report["notes"]:
        items = "".join(f"<li>{e(note)}</li>\n" for note in report["notes"])
        parts.append(f"<h2>Notes</h2>\n<ul>\n{items}</ul>\n")
    return page(f"Feedback: {who(report)}", "".join(parts))


def file_stem(report: Dict[str, Any], taken: Sequence[str]) -> str:
    """A file name for a student's feedback: their name and id in letters, digits, ``.``,
    ``-`` and ``_``, unique among ``taken``.

    >>> file_stem({"student": "../Ada Li", "id": "7", "submission": "x"}, ["Ada_Li-7"])
    'Ada_Li-7-2'
    """
    name = str(report.get("student") or report["submission"])
    if report.get("id"):
        name += f"-{report['id']}"
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")[:80] or "student"
    unique, count = stem, 1
    while unique in taken:
        count += 1
        unique = f"{stem}-{count}"
    return unique


def write(reports: Sequence[Dict[str, Any]], folder: str, reveal: bool = False) -> None:
    """Write each student's feedback into ``folder`` (made if need be): NAME.md and NAME.html."""
    os.makedirs(folder, exist_ok=True)
    taken: List[str] = []
    for report in reports:
        stem = file_stem(report, taken)
        taken.append(stem)
        for suffix, text in (
            (".md", markdown(report, reveal)),
            (".html", html_page(report, reveal)),
        ):
            with open(os.path.join(folder, stem + suffix), "w", encoding="utf-8") as file:
                file.write(text)
