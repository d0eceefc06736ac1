"""The command line: ``sentemb-grade`` (or ``python3 grade.py`` from a clone).

    sentemb-grade SUBMISSION...                    # a table, then the class summary
    sentemb-grade SUBMISSION... --json             # one JSON object per submission, per line
    sentemb-grade SUBMISSION... --csv grades.csv   # one row per submission
    sentemb-grade student.py --gradescope results.json
    sentemb-grade --autograder-zip autograder.zip  # Gradescope's autograder, these options in it

Collects the submissions (collect.py), chooses the sandbox (sandbox.py), grades them
``--jobs`` at a time (run.py, then judge.py, against key.py's answers), and writes the
reports (report.py).  SIGINT, SIGTERM and SIGHUP stop it within a second, with the reports
of the submissions graded so far.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import math
import os
import queue
import re
import secrets
import shutil
import signal
import sys
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Dict, FrozenSet, Iterator, List, Optional, Sequence, Tuple

from . import (
    __version__,
    autograder,
    classpage,
    feedback,
    integrity,
    lms,
    report,
    signals,
    similarity,
)
from .collect import Analyser, Stage, Submission, UsageError, collect, source_lines, source_text
from .judge import judge, ungraded
from .key import CHECKS, ROLES, RUBRIC, TOLERANCE, Key, make_key
from .report import VISIBILITIES
from .run import Options, run_submission
from .sandbox import FIRST_UID, SANDBOXES, become_subreaper, choose, release_claims
from .text import printable

GRACE = 2.0  # seconds judging may take past a submission's hard cap, for the answers in
# The options an autograder zip grades with, when given: how each submission is graded.
GRADING = ("timeout", "limit", "memory", "seed", "tolerance", "strict", "integrity", "class_name",
           "method", "points", "python", "sandbox", "user", "hidden_visibility")  # fmt: skip


def program() -> str:
    """The name this command was run by: ``sentemb-grade`` installed, ``grade.py`` from a
    clone, ``python3 -m sentemb_grade``; ``sentemb-grade`` when called from other code."""
    path = sys.argv[0] if sys.argv else ""
    name = os.path.basename(path)
    if name == "__main__.py" and os.path.basename(os.path.dirname(path)) == "sentemb_grade":
        return "python3 -m sentemb_grade"
    return name if name in ("sentemb-grade", "grade.py") else "sentemb-grade"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program(),
        description="Grade submissions of the sentence-embedding exercise against sentemb.",
        epilog="Exit status 0 when every submission was graded (whatever the scores), 1 when "
        "the grader itself failed on one (the others are graded; the traceback is on stderr), "
        "2 on bad usage, 128 + the signal's number when stopped by SIGINT, SIGTERM or SIGHUP "
        "(the reports of those graded are still written). Where bubblewrap runs, each "
        "submission runs in a sandbox of its own (new namespaces, the system read-only, no "
        "network); as root without it, under a uid of its own; otherwise it can do what you "
        "can.",
    )
    add = parser.add_argument
    add("submissions", nargs="*", metavar="SUBMISSION",
        help="a .py file, a .ipynb notebook, a folder or a .zip")  # fmt: skip
    add("--one-submission", action="store_true",
        help="the folder given is one student's work, however many files it holds (as "
        "Gradescope's submission folder is)")  # fmt: skip
    add("--json", action="store_true",
        help="print one JSON object per submission, instead of the table")  # fmt: skip
    add("--csv", metavar="FILE", help="write one row per submission to FILE")
    add("--gradescope", metavar="FILE", help="write Gradescope's results.json for one submission")
    add("--summary", metavar="FILE", help="write the class summary to FILE, as JSON")
    add("--feedback", metavar="DIR",
        help="write each student's feedback into DIR, as Markdown and as HTML")  # fmt: skip
    add(
        "--report",
        metavar="FILE",
        help="write the instructor's page to FILE: the class on one self-contained HTML page",
    )
    add("--reveal", action="store_true",
        help="show the hidden sentences and their answers in the feedback")  # fmt: skip
    add(
        "--only",
        metavar="NAME",
        help="grade only this student of the class: their name, id or submission's name",
    )
    add("--similarity", action="store_true",
        help="list the pairs of students whose code, names, strings and numbers made alike, "
        "overlaps (MOSS's winnowing), with the matching lines")  # fmt: skip
    add(
        "--starter",
        action="append",
        default=[],
        metavar="FILE",
        help="code given to the students, which --similarity leaves out (repeatable)",
    )
    add("--roster", metavar="FILE",
        help="a CSV file of the class (id, name, optionally email): names each student so, and "
        "lists who submitted nothing")  # fmt: skip
    add("--hidden-visibility", choices=VISIBILITIES, default="after_published",
        help="when Gradescope shows students the hidden sentences' checks (default "
        "after_published)")  # fmt: skip
    add(
        "--autograder-zip",
        metavar="FILE",
        help="write Gradescope's autograder zip to FILE, grading with the options given here",
    )
    add("--timeout", type=float, default=10.0, metavar="SECONDS",
        help="seconds each call, and each notebook cell, may take (default 10)")  # fmt: skip
    add("--limit", type=float, default=120.0, metavar="SECONDS",
        help="the hard wall-clock cap of a submission, running and judging, whatever it does "
        "(default 120)")  # fmt: skip
    add("--memory", default="1GiB", metavar="SIZE",
        help="memory cap of each submission, such as 512MiB (default 1GiB)")  # fmt: skip
    add("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
        help="submissions graded at once (default: the CPU count)")  # fmt: skip
    add("--seed", type=int, default=None,
        help="chooses the hidden sentences (default: a new seed each run, printed)")  # fmt: skip
    add("--tolerance", type=float, default=TOLERANCE, metavar="TOL",
        help=f"right if |got - want| <= TOL * max(1, |want|) (default {TOLERANCE:g})")  # fmt: skip
    add("--strict", action="store_true", help="accept only the canonical reading ('!' is a token)")
    add("--integrity", choices=("flag", "zero"), default="flag",
        help="what an integrity flag does: flag, evidence in the instructor's views only, the "
        "score what the answers earn (the default); zero, the method checks earn nothing "
        "too")  # fmt: skip
    add("--class", dest="class_name", metavar="NAME",
        help="the student's class, when discovery picks the wrong one")  # fmt: skip
    add("--method", action="append", default=[], metavar="ROLE=NAME",
        help="the student's method for average, skip_filler or weighted")  # fmt: skip
    add("--points", action="append", default=[], metavar="CHECK=N",
        help="the points of a check, such as average=3 (default rubric: "
        + ", ".join(f"{k}={v}" for k, v in RUBRIC.items()) + ")")  # fmt: skip
    add("--python", default=sys.executable, metavar="PATH",
        help="run submissions with this interpreter (default: this one)")  # fmt: skip
    add("--sandbox", choices=SANDBOXES, default="auto",
        help="bwrap (bubblewrap), uid (as root: a uid per job), none, or auto: bwrap where it "
        "runs, else uid as root, else none (default auto)")  # fmt: skip
    add("--user", default=None, metavar="UIDS",
        help=f"as root: the uids submissions run as, FIRST or FIRST-LAST, one per job "
        f"(default {FIRST_UID}-{FIRST_UID + 999}), or none to run them as root "
        "(--sandbox none)")  # fmt: skip
    add("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _size(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(i?B)?\s*", text, re.IGNORECASE)
    if not match:
        raise UsageError(f"--memory: {text!r} is not a size such as 512MiB or 1GiB")
    power = " KMGT".index(match.group(2).upper() or " ")
    return int(float(match.group(1)) * 1024**power)


def _pairs(items: List[str], what: str, allowed: Sequence[str]) -> Dict[str, str]:
    pairs = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or name not in allowed or not value:
            raise UsageError(
                f"{what}: {item!r} is not NAME=VALUE with NAME one of {', '.join(allowed)}"
            )
        pairs[name] = value
    return pairs


def _checked(args: argparse.Namespace) -> Tuple[Dict[str, float], Dict[str, str], int, str]:
    """The grading options, each checked: points, methods, memory and the interpreter."""
    points: Dict[str, float] = dict(RUBRIC)
    for name, value in _pairs(args.points, "--points", CHECKS).items():
        try:
            points[name] = float(value)
        except ValueError:
            raise UsageError(f"--points: {value!r} is not a number") from None
        if not math.isfinite(points[name]) or points[name] < 0:
            raise UsageError(f"--points: {value!r} is not a number of points")
    for name in ("timeout", "limit"):
        if not getattr(args, name) > 0 or not math.isfinite(getattr(args, name)):
            raise UsageError(f"--{name} must be a positive number of seconds")
    if not 0 <= args.tolerance < 1:
        raise UsageError("--tolerance must be at least 0 and below 1")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    python = shutil.which(args.python)
    if python is None:
        raise UsageError(f"--python: {args.python!r} is not an interpreter")
    return points, _pairs(args.method, "--method", ROLES), _size(args.memory), python


def options_from(args: argparse.Namespace) -> Options:
    """The options of a run, each checked, and the sandbox chosen and started once."""
    points, methods, memory, python = _checked(args)
    sandbox = choose(args.sandbox, os.path.abspath(python), args.user, args.jobs)
    return Options(
        sandbox=sandbox,
        timeout=args.timeout,
        limit=args.limit,
        memory=memory,
        seed=args.seed,
        tolerance=args.tolerance,
        strict=args.strict,
        class_name=args.class_name,
        methods=methods,
        points=points,
        integrity=args.integrity,
    )


def grade(
    submission: Submission, key: Key, options: Options, uid: Optional[int] = None
) -> Dict[str, Any]:
    """Run and judge one submission: the report that --json prints.  Whatever the
    submission reported is untrusted, checked where it comes in; what cannot be judged is
    junk, and the class run goes on."""
    if submission.error is not None:
        found = {**ungraded(submission, submission.error, options, key), "sandbox": None}
        return _named(submission, found)
    deadline = time.monotonic() + options.limit
    flags, evidence = integrity.flags(submission)
    try:
        run = run_submission(submission, key, options, uid, deadline)
        found = judge(submission, run, key, options, flags, deadline + GRACE)
    except signals.OutOfTime:
        reason = f"the submission's {options.limit:g} s ran out while it was judged"
        found = ungraded(submission, reason, options, key)
    found["integrity"], found["evidence"] = flags, evidence
    found["sandbox"] = options.sandbox.name
    return _named(submission, found)


def _named(submission: Submission, found: Dict[str, Any]) -> Dict[str, Any]:
    """A report with the student's name and id after the submission's."""
    student = {"student": submission.student or submission.name, "id": submission.id}
    return {"submission": found.pop("submission"), **student, **found}


class _Failed:
    """Whether the grader itself failed on a submission in this run (exit status 1)."""

    def __init__(self) -> None:
        self.count = 0


def grade_all(
    submissions: List[Submission], options: Options, jobs: int, failed: _Failed
) -> Iterator[Dict[str, Any]]:
    """Each submission's report, in order, graded ``jobs`` at a time, each job under a uid
    of its own when the sandbox gives them."""
    seed = options.seed if options.seed is not None else secrets.randbelow(2**32)
    key = make_key(seed)
    integrity.reference_units()  # sentemb's own file, parsed here, before the threads start
    become_subreaper()
    uids: queue.Queue[Optional[int]] = queue.Queue()
    for index in range(jobs):
        uids.put(None if options.sandbox.uids is None else options.sandbox.uids[index])

    def one(submission: Submission) -> Dict[str, Any]:
        uid = uids.get()
        try:
            return grade(submission, key, options, uid)
        except signals.Stopped:
            raise
        except Exception as error:  # a bug in the grader: visible, and the class run goes on
            traceback.print_exc()
            failed.count += 1
            reason = f"the grader failed on it ({type(error).__name__}): a bug, please report it"
            return _named(
                submission, {**ungraded(submission, reason, options, key), "sandbox": None}
            )
        finally:
            uids.put(uid)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures: List[Future[Dict[str, Any]]] = [pool.submit(one, s) for s in submissions]
        try:
            for future in futures:
                while not wait([future], timeout=0.1, return_when=FIRST_COMPLETED).done:
                    signals.check()
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Grade the submissions; the exit status is 0 when all were graded, 1 when the grader
    failed on one, 2 on bad usage, 128 + the signal's number when stopped by one."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    args = parser.parse_args(arguments)
    args.written = False  # whether this run has written the --gradescope results
    args.prog = parser.prog
    args.started = time.monotonic()
    if args.autograder_zip:
        try:
            _checked(args)
        except UsageError as error:
            parser.error(str(error))
        held = autograder.write(args.autograder_zip, _grading_options(parser, args))
        print(f"{parser.prog}: wrote {args.autograder_zip}: {', '.join(held)}")
        if not args.submissions:
            return 0
    if not args.submissions:
        parser.error("give a SUBMISSION (a file, a folder or a zip), or --autograder-zip FILE")
    with signals.stopped_by_signals() as stopped, Stage() as stage:
        try:
            try:
                with Analyser() as analyser:
                    collected = collect(args.submissions, stage, analyser, args.one_submission)
                    ignored = _starter(args.starter, analyser) if args.similarity else frozenset()
                if not collected.submissions:
                    raise UsageError("no .py or .ipynb submissions found")
                submissions, missing = _by_roster(collected.submissions, args.roster)
                if args.only is not None:
                    submissions, missing = _only(submissions, args.only), []
                if args.gradescope and len(submissions) != 1:
                    raise UsageError(f"--gradescope grades one submission, not {len(submissions)}")
                options = options_from(args)
            except UsageError as error:
                release_claims()
                _gradescope_failed(args, str(error))
                parser.error(str(error))
            except signals.Stopped:
                return _stopped(args, stopped)
            if options.sandbox.name != "bwrap":
                report.write(
                    sys.stderr, f"{parser.prog}: warning: sandbox {options.sandbox.about}\n"
                )
            similar = []
            if args.similarity:
                similar = similarity.report(submissions, source_lines, ignored)
            return _grade_and_report(args, submissions, collected.skipped, missing, similar,
                                     options, stopped)  # fmt: skip
        except BaseException as error:  # the grader itself failed, or was interrupted
            _gradescope_failed(args, f"{type(error).__name__}: {error}")
            raise
        finally:
            release_claims()


def _grading_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> List[str]:
    """The grading options this run was given, as a command line (those left at their
    default are left out, so the zip grades as the grader's defaults say)."""
    given: List[str] = []
    for action in parser._actions:
        if action.dest not in GRADING or getattr(args, action.dest) == action.default:
            continue
        value = getattr(args, action.dest)
        option = action.option_strings[0]
        if isinstance(value, bool):
            given.append(option)
        else:
            for item in value if isinstance(value, list) else [value]:
                given += [option, str(item)]
    return given


def _by_roster(
    submissions: List[Submission], roster: Optional[str]
) -> Tuple[List[Submission], List[str]]:
    """The submissions, each student named and numbered as the roster has them, and the
    roster's students who submitted nothing."""
    if roster is None:
        return submissions, []
    try:
        people = lms.read_roster(roster)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise UsageError(f"--roster: {printable(str(error))}") from None
    named, found = [], set()
    for submission in submissions:
        student = submission.student or os.path.splitext(os.path.basename(submission.name))[0]
        person = lms.match(student, submission.id, people)
        if person is not None:
            found.add(person)
            submission = submission._replace(student=printable(person.name),
                                             id=printable(person.id))  # fmt: skip
        named.append(submission)
    missing = [f"{printable(p.name)} ({printable(p.id)})" for p in people if p not in found]
    return named, missing


def _starter(paths: List[str], analyser: Analyser) -> FrozenSet[int]:
    """The fingerprints of code the students were given: the exercise's data as most write
    it, and each --starter file."""
    sources = [similarity.EXERCISE_DATA]
    for path in paths:
        try:
            with open(path, "rb") as file:
                text = source_text(path, file.read())
        except OSError as error:
            raise UsageError(f"--starter: {printable(str(error))}") from None
        if text is None:
            raise UsageError(f"--starter: {printable(path)} is not readable as Python text")
        sources.append(text)
    found = [analyser.facts(text) for text in sources]
    for path, facts in zip(["", *paths], found):
        if facts.error:
            raise UsageError(f"--starter: {printable(path)} cannot be read ({facts.error})")
    return frozenset(h for facts in found for h, _ in facts.fingerprints)


def _with_excerpts(submission: Submission, found: Dict[str, Any]) -> Dict[str, Any]:
    """A report whose evidence of copying shows the submission's lines and sentemb's, for
    the instructor's page."""
    files = {printable(path): path for path in submission.facts}
    evidence = []
    for item in found.get("evidence") or []:
        if "lines" in item and item["file"] in files:
            path = files[item["file"]]
            (first, last), (low, high) = item["lines"], item["reference_lines"]
            mine = similarity.excerpt(str(found["student"]), path, first, last,
                                      source_lines(submission, path))  # fmt: skip
            theirs = similarity.excerpt("sentemb", "sentemb.py", low, high,
                                        integrity.reference_lines())  # fmt: skip
            item = {**item, "excerpt": mine, "reference_excerpt": theirs}
        evidence.append(item)
    return {**found, "evidence": evidence}


def _only(submissions: List[Submission], name: str) -> List[Submission]:
    """The one submission that ``name`` names: its student, id, name or the last part of its
    name, whatever the case; else a usage error that names the closest."""
    wanted = name.casefold()
    found = [s for s in submissions if wanted in
             {n.casefold() for n in (s.student, s.id, s.name, _last(s.name))}]  # fmt: skip
    if len(found) == 1:
        return found
    if found:
        raise UsageError(f"--only: {len(found)} students are named {printable(name)!r}: "
                         + ", ".join(_shown(s) for s in found[:10]))  # fmt: skip
    names = [n for s in submissions for n in (s.student, _last(s.name)) if n]
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.5)
    hint = f"; the closest: {', '.join(close)}" if close else ""
    raise UsageError(f"--only: no student named {printable(name)!r} among {len(submissions)}{hint}")


def _last(name: str) -> str:
    return os.path.splitext(name.rstrip("/").rsplit("/", 1)[-1])[0]


def _shown(submission: Submission) -> str:
    name = submission.student or submission.name
    return f"{name} ({submission.id})" if submission.id else name


def _gradescope_failed(args: argparse.Namespace, reason: str) -> None:
    """A results.json that Gradescope can show, when the grader could not grade (unless
    the grading wrote one before it failed)."""
    if args.gradescope and not args.written:
        with open(args.gradescope, "w", encoding="utf-8") as file:
            output = f"The autograder could not grade this submission: {reason}"
            json.dump({"score": 0, "output": output, "tests": []}, file, indent=2)
        args.written = True


def _stopped(
    args: argparse.Namespace, stopped: List[int], graded: int = 0, count: Optional[int] = None
) -> int:
    """Say that a signal stopped the run (before grading began when ``count`` is None): the
    exit status, 128 + the signal's number."""
    name = signal.Signals(stopped[0]).name
    if count is None:
        message = f"stopped by {name} while the submissions were read; none was graded"
    else:
        message = (f"stopped by {name} after {graded} of {count} submissions; their reports "
                   "are written")  # fmt: skip
    report.write(sys.stderr, f"{args.prog}: {message}\n")
    _gradescope_failed(args, f"stopped by {name}")
    return 128 + stopped[0]


def _grade_and_report(
    args: argparse.Namespace,
    submissions: List[Submission],
    skipped: List[str],
    missing: List[str],
    similar: List[Dict[str, Any]],
    options: Options,
    stopped: List[int],
) -> int:
    reports: List[Dict[str, Any]] = []
    shown = sys.stderr.isatty()
    step = max(10, len(submissions) // 10)
    failed = _Failed()
    with contextlib.suppress(signals.Stopped):
        for count, found in enumerate(grade_all(submissions, options, args.jobs, failed), 1):
            reports.append(found)
            if args.json:
                report.json_line(sys.stdout, found)
                sys.stdout.flush()
            if shown:
                print(f"\r{args.prog}: {count}/{len(submissions)} graded", end="", file=sys.stderr)
            elif count % step == 0 and len(submissions) >= 20:
                print(f"{args.prog}: {count}/{len(submissions)} graded", file=sys.stderr)
    if shown:
        print(file=sys.stderr)
    about = options.sandbox.about
    if args.csv:
        report.write_csv(reports, args.csv)
    summary = report.summary(reports, about, skipped, missing, similar)
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as file:
            json.dump(summary, file, indent=2, ensure_ascii=False)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as file:
            shown = [_with_excerpts(s, r) for s, r in zip(submissions, reports)]
            file.write(classpage.render(shown, summary, similar))
    if args.feedback:
        feedback.write(reports, args.feedback, args.reveal)
    if args.gradescope and reports:
        with open(args.gradescope, "w", encoding="utf-8") as file:
            elapsed = time.monotonic() - args.started
            document = report.gradescope(reports[0], about, args.hidden_visibility, elapsed)
            json.dump(document, file, indent=2)
        args.written = True
    if not args.json:
        report.write(sys.stdout, report.table(reports, about, skipped, missing, similar) + "\n")
    if stopped:
        return _stopped(args, stopped, len(reports), len(submissions))
    return 1 if failed.count else 0
