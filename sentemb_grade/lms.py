"""Students known by their LMS names: what each learning-management system's bulk download
calls a student's files, and a roster that names them.

- **Canvas** gives flat files, ``lastfirst_12345_67890_embedder.py`` (``lastfirst_LATE_...``
  when late; a file uploaded again is ``embedder-1.py``): the student's files, grouped, under
  the names they uploaded.
- **Moodle** gives a folder per student and kind, ``Full Name_12345_assignsubmission_file_``;
  its ``..._onlinetext_`` folder is an online text, not code: left out, and said so.
- **Blackboard** gives ``Assignment_username_attempt_2026-12-01-10-30-00_embedder.py``, with
  a ``.txt`` receipt per attempt (left out); the latest attempt is graded.
- **GitHub Classroom** gives a folder per student, ``assignment-username/``.

Anything else is one submission per top-level file or folder, as before.
"""

from __future__ import annotations

import csv
import re
from typing import Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from .text import printable

_CANVAS = re.compile(r"(?P<name>[^_/]+?)(?P<late>_late)?_(?P<id>\d+)_\d+_(?P<file>[^/]+)", re.I)
_MOODLE = re.compile(r"(?P<name>[^/]+)_(?P<id>\d+)_assignsubmission_(?P<kind>[a-z]+)_?/")
_BLACKBOARD = re.compile(
    r"(?P<assignment>[^/]+)_(?P<id>[^_/]+)_attempt_(?P<when>\d{4}(?:-\d\d){5})"
    r"(?:_(?P<file>[^/]+)|\.txt)"  # a student's file, or the attempt's receipt
)
_AGAIN = re.compile(r"(?P<stem>.+)-\d+(?P<suffix>\.[^.]+)")  # Canvas's embedder-1.py


class Group(NamedTuple):
    """One student's entries at the top of a class."""

    name: str  # the submission's name
    student: str  # as the LMS names them ("" when it does not)
    id: str  # the LMS's id or username ("" when it gives none)
    members: Dict[str, str]  # a top-level entry -> its name in the student's folder
    notes: List[str]


def students(tops: Sequence[str]) -> Tuple[List[Group], List[str]]:
    """The students among a class's top-level entries (folders end in ``/``), and the
    entries left out, with why.

    >>> groups, left_out = students(["smithjohn_LATE_12_345_embedder.py",
    ...                              "smithjohn_12_346_data.py", "readme.txt"])
    >>> [(g.name, g.student, g.id, g.members) for g in groups]
    [('readme.txt', '', '', {'readme.txt': 'readme.txt'}), ('smithjohn', 'smithjohn', '12', \
{'smithjohn_LATE_12_345_embedder.py': 'embedder.py', 'smithjohn_12_346_data.py': 'data.py'})]
    >>> groups[1].notes
    ['submitted late (Canvas)']
    """
    groups: Dict[str, Group] = {}
    left_out: List[str] = []
    classroom = _classroom_prefix(tops)
    attempts: Dict[str, str] = {}  # Blackboard: a username -> their latest attempt
    for top in tops:
        attempt = _BLACKBOARD.fullmatch(top)
        if attempt:
            attempts[attempt["id"]] = max(attempts.get(attempt["id"], ""), attempt["when"])
    receipts = 0

    def add(key: str, student: str, id: str, name: str = "") -> Group:
        return groups.setdefault(key, Group(name or key, student, id, {}, []))

    for top in tops:
        moodle, canvas, blackboard = (p.fullmatch(top) for p in (_MOODLE, _CANVAS, _BLACKBOARD))
        if moodle:
            group = add(moodle["name"], moodle["name"], moodle["id"])
            if moodle["kind"] == "file":
                group.members[top] = ""
            else:
                group.notes.append(f"left out Moodle's {moodle['kind']} folder (not code)")
        elif blackboard and blackboard["file"] is None:
            receipts += 1
        elif blackboard:
            group = add(blackboard["id"], blackboard["id"], blackboard["id"])
            if blackboard["when"] == attempts[blackboard["id"]]:
                group.members[top] = blackboard["file"]
            else:
                group.notes.append(f"left out {blackboard['file']}, of an earlier attempt")
        elif canvas and not top.endswith("/"):
            group = add(canvas["name"], canvas["name"], canvas["id"])
            group.members[top] = _uploaded(canvas["file"], group.members.values())
            if canvas["late"] and "submitted late (Canvas)" not in group.notes:
                group.notes.append("submitted late (Canvas)")
        elif classroom and top.endswith("/"):
            user = top[len(classroom) : -1]
            add(top[:-1], user, user).members[top] = ""
        else:
            add(top, "", "", top.rstrip("/")).members[top] = top  # a zip may hold x and x/
    if receipts:
        left_out.append(f"{receipts} Blackboard receipt(s) (.txt): no student's work")
    found = []
    for group in groups.values():
        notes = [printable(n) for n in group.notes]
        if group.members:
            found.append(group._replace(notes=notes))
        else:
            left_out.append(f"{printable(group.name)}: {'; '.join(notes)}, not graded")
    return sorted(found, key=lambda g: g.name), left_out


def _uploaded(name: str, taken: Iterable[str]) -> str:
    """The name a student gave a file, without Canvas's -1 for a file uploaded again (unless
    another of their files has that name)."""
    again = _AGAIN.fullmatch(name)
    if again and again["stem"] + again["suffix"] not in taken:
        return again["stem"] + again["suffix"]
    return name


def _classroom_prefix(tops: Sequence[str]) -> str:
    """GitHub Classroom's ``assignment-`` when every top-level folder starts with it (two or
    more folders, and no loose file beside them); else ""."""
    folders = [t for t in tops if t.endswith("/")]
    if len(folders) < 2 or len(folders) != len(tops):
        return ""
    dashes = [i + 1 for i, c in enumerate(folders[0]) if c == "-"]
    shared = [folders[0][:i] for i in dashes if all(f.startswith(folders[0][:i]) for f in folders)]
    prefix = max(shared, key=len, default="")
    return prefix if all(len(f) > len(prefix) + 1 for f in folders) else ""


# -- The roster -------------------------------------------------------------------------------


class Person(NamedTuple):
    id: str
    name: str
    email: str


def read_roster(path: str) -> List[Person]:
    """A roster: a CSV file of id, name and (optionally) email, one student a row, with or
    without a header row naming those columns (``ID``, ``Name`` or ``Student``, ``Email``)."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = [row for row in csv.reader(file) if any(cell.strip() for cell in row)]
    columns = {"id": 0, "name": 1, "email": 2}
    if rows and {c.strip().lower() for c in rows[0]} & {"id", "name", "student", "email"}:
        header = [cell.strip().lower() for cell in rows.pop(0)]
        columns = {}
        for field, names in (("id", ("id", "student id", "username")),
                             ("name", ("name", "student", "full name")),
                             ("email", ("email", "email address"))):  # fmt: skip
            for name in [n for n in names if n in header][:1]:
                columns[field] = header.index(name)
        if "id" not in columns or "name" not in columns:
            raise ValueError(f"{path}: line 1 names no id and name columns")
    people = []
    for number, row in enumerate(rows, 2 if columns != {"id": 0, "name": 1, "email": 2} else 1):
        cells = [cell.strip() for cell in row]
        if len(cells) <= max(columns["id"], columns["name"]) or not cells[columns["id"]]:
            raise ValueError(f"{path}: line {number} is not id, name[, email]")
        email = cells[columns["email"]] if len(cells) > columns.get("email", len(cells)) else ""
        people.append(Person(cells[columns["id"]], cells[columns["name"]], email))
    return people


def _plain(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _keys(person: Person) -> List[str]:
    """What an LMS may call a person: their id, name (first last and last first), email, the
    email's user part."""
    words = person.name.replace(",", " ").split()
    names = [person.name, " ".join(words[-1:] + words[:-1]), " ".join(words[1:] + words[:1])]
    return [person.id, *names, person.email, person.email.partition("@")[0]]


def match(student: str, id: str, roster: Sequence[Person]) -> Optional[Person]:
    """The roster's person whom an LMS calls ``student`` with ``id``, if exactly one is.

    >>> roster = [Person("s1", "John Smith", "jsmith@uni.edu"), Person("s2", "Ada Li", "")]
    >>> match("smithjohn", "12345", roster).id, match("jsmith", "jsmith", roster).id
    ('s1', 's1')
    >>> match("Ada Li", "77", roster).name, match("nobody", "", roster)
    ('Ada Li', None)
    """
    for wanted in (id, student):
        if not _plain(wanted):
            continue
        found = [p for p in roster if _plain(wanted) in {_plain(k) for k in _keys(p) if k}]
        if len(found) == 1:
            return found[0]
    return None
