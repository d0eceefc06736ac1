"""Collecting submissions: files, notebooks, folders and zips, as a class arrives.

A SUBMISSION on the command line is a ``.py`` file, a notebook, a student's folder, a class
folder or a ``.zip``.  Everything kept is copied into the stage, a folder that only the
grader's user can open, one folder per submission; jobs run from those copies, never from
the instructor's files.  What the grader does with a submission's files is bounded and
guarded:

- **No link is followed.**  Files are opened with ``O_NOFOLLOW`` and folders walked by file
  descriptor.  A link that stays inside the submission is kept as a link; any other link,
  and every FIFO, device or socket, is left out, with a note naming it.
- **Zips are read member by member**, with caps on each file, on the bytes taken from one
  archive, on its members, on the compression ratio and on the nesting (a class zip, and a
  student's zip in it); a zip of any size is opened where it lies, never read whole.
- **Notebooks lose their saved outputs first**: the caps apply to code.
- **Nothing is dropped in silence**: each top-level file or folder of a class is a
  submission, or a row that says why it is not graded; whatever is left out of a
  submission is in its notes.
- **Code is read statically in a helper process** (``analysis.py``): the parser never runs
  in the grader's own process, which deep code could crash.
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import select
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import time
import tokenize
import zipfile
import zlib
from typing import (
    IO,
    Any,
    Callable,
    Dict,
    FrozenSet,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Tuple,
    TypeVar,
)

from . import harness, lms, signals
from .text import printable

SOURCES = (".py", ".ipynb")
FILE_BYTES = 16 << 20  # a student's file larger than this (a notebook: without outputs) is left out
NOTEBOOK_BYTES = 64 << 20  # a notebook is read up to this size, to drop its outputs
STUDENT_ZIP_BYTES = 256 << 20  # a student's zip inside a class is read up to this size
TREE_BYTES = 1 << 30  # bytes kept from one folder or archive given on the command line
MEMBERS = 100_000  # files and members read from one folder or archive
RATIO = 200  # a member above RATIO_FLOOR compressed more than this is left out (a zip bomb)
RATIO_FLOOR = 1 << 20
NESTING = 2  # a class zip, and a student's zip in it; a zip deeper in stays a plain file
DEPTH = 32  # folders deeper than this are left out
NOTES = 20  # left-out entries named in a submission's notes; the rest are counted
ANALYSED_BYTES = 2 << 20  # code larger than this is graded, but not read statically
_CHUNK = 1 << 20


class UsageError(Exception):
    """Bad command-line use: exit status 2."""


class Facts(NamedTuple):
    """What the static reading of one Python file found (analysis.facts)."""

    imports: FrozenSet[str] = frozenset()
    methods: int = 0
    functions: int = 0
    fingerprints: Tuple[Tuple[int, int], ...] = ()  # (hash, line): analysis.fingerprints
    units: Tuple[Tuple[str, int, int], ...] = ()  # each function and class, and its lines
    payloads: int = 0  # sources recovered from its literals
    obfuscated: Tuple[int, ...] = ()  # lines that run what they decode
    error: Optional[str] = None  # why it could not be read statically


class Submission(NamedTuple):
    name: str  # printable: the path given, or relative to the class root
    folder: str  # its staged copy ("" when it cannot be graded)
    entry: str  # the file graded, relative to folder
    facts: Mapping[str, Facts]  # each of its Python files, read statically
    notes: Tuple[str, ...]  # what was done to it, such as a file left out
    error: Optional[str] = None  # why it cannot be graded at all
    student: str = ""  # the student, as the LMS or the roster names them ("": by name)
    id: str = ""  # the student's id in the LMS or the roster ("" when none is known)


class Collected(NamedTuple):
    submissions: List[Submission]
    skipped: List[str]  # top-level entries of a class that are no student's (__MACOSX, ...)


def _junk(name: str) -> bool:
    """Folders and files that no student wrote: __MACOSX, ._resource forks, caches."""
    return name in ("__MACOSX", "__pycache__") or name.startswith(".")  # .git, .DS_Store, ...


def collect(paths: List[str], stage: Stage, analyser: Analyser, one: bool = False) -> Collected:
    """Every submission in the given files, folders and zips, in order, each staged.

    A folder is one student's when its Python files form one program (each top-level file
    and folder with Python imports, or is imported by, another), or when ``one`` says so (as
    Gradescope's submission folder is); otherwise it is a class, and each top-level file or
    folder in it is one submission.  A zip is a class.
    """
    found: List[Submission] = []
    skipped: List[str] = []
    if one and len(paths) != 1:
        raise UsageError(f"--one-submission grades one file or folder, not {len(paths)}")
    for path in paths:
        try:
            status = os.lstat(path)
        except OSError:
            raise UsageError(f"{path}: no such file or directory") from None
        shown = printable(path)
        if stat.S_ISLNK(status.st_mode):
            raise UsageError(f"{shown}: a link, which the grader does not follow: give the path "
                             "it points to")  # fmt: skip
        if stat.S_ISDIR(status.st_mode):
            tree = _read_folder(path, stage)
            if one or _one_student(tree, analyser):
                found.append(_student(shown, tree, stage, analyser))
            else:
                found.extend(_class(tree, stage, analyser, skipped))
        elif stat.S_ISREG(status.st_mode) and path.lower().endswith(".zip"):
            try:
                with _open_file(path) as file:
                    tree = _read_zip(file, stage, 1)
            except _Unreadable as error:
                raise UsageError(f"{shown}: {error}") from None
            found.extend(_class(tree, stage, analyser, skipped))
        elif stat.S_ISREG(status.st_mode) and path.lower().endswith(SOURCES):
            tree = _Tree(stage)
            name = os.path.basename(path)
            with _open_file(path) as file:
                tree.add_file(name, file, _cap(name))
            found.append(_student(shown, tree, stage, analyser))
        else:
            raise UsageError(f"{shown}: not a .py, .ipynb, .zip or folder")
    seen: Dict[str, int] = {}
    for index, submission in enumerate(found):  # a name given twice, or in two class roots
        seen[submission.name] = seen.get(submission.name, 0) + 1
        if seen[submission.name] > 1:
            found[index] = submission._replace(name=f"{submission.name} ({seen[submission.name]})")
    return Collected(found, skipped)


def _open_file(path: str) -> IO[bytes]:
    """A regular file, opened without following a link or waiting on a FIFO."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    file = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else since lstat
        file.close()
        raise UsageError(f"{printable(path)}: not a .py, .ipynb, .zip or folder")
    return file


def _cap(name: str) -> int:
    return NOTEBOOK_BYTES if name.lower().endswith(".ipynb") else FILE_BYTES


# -- The stage: the grader's private copy of everything collected ----------------------------


class Stage:
    """A folder only the grader's user can open (mode 700), holding each submission's files
    (folders 755, files 644, so a sandbox can read the one it is given), removed at the end.
    """

    def __init__(self) -> None:
        self.root = tempfile.mkdtemp(prefix="sentemb-grade-")
        self.count = 0

    def blob(self) -> Tuple[str, IO[bytes]]:
        """A new file for one file's content: its path and the file, open to write."""
        self.count += 1
        path = os.path.join(self.root, f"b{self.count}")
        return path, os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), "wb")

    def folder(self) -> str:
        """A new, empty submission folder."""
        self.count += 1
        path = os.path.join(self.root, f"s{self.count}")
        os.mkdir(path)
        os.chmod(path, 0o755)
        return path

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


V = TypeVar("V")


def _under(entries: Mapping[str, V], prefix: str) -> Dict[str, V]:
    return {p[len(prefix) :]: v for p, v in entries.items() if p.startswith(prefix)}


def _renamed(entries: Mapping[str, V], top: str, new: str) -> Dict[str, V]:
    """The entries of a top-level file or folder, under its new name."""
    if top.endswith("/"):
        return {new + p: v for p, v in _under(entries, top).items()}
    return {new: entries[top]} if top in entries else {}


class _Item(NamedTuple):
    blob: Optional[str]  # a regular file's staged content
    link: Optional[str]  # or a link's target (a link that stays inside)
    size: int = 0


class _Budget:
    """What one command-line path may take, nested zips included: bytes and entries."""

    def __init__(self) -> None:
        self.bytes = TREE_BYTES
        self.entries = MEMBERS


class _Tree:
    """A folder or an archive as read: relative path -> item; what was left out, and why;
    notes on what was changed (a notebook's outputs dropped); entries named outside it."""

    def __init__(self, stage: Stage, budget: Optional[_Budget] = None) -> None:
        self.stage = stage
        self.budget = budget or _Budget()
        self.items: Dict[str, _Item] = {}
        self.left_out: Dict[str, str] = {}
        self.changed: Dict[str, str] = {}
        self.outside: List[str] = []

    def count(self, path: str) -> bool:
        """Count one more entry: False (and a note) once MEMBERS have been read."""
        signals.check()
        self.budget.entries -= 1
        if self.budget.entries < 0:
            self.left_out[path] = (
                f"more than {MEMBERS:,} files and members were read before it, which were the "
                "last read here"
            )
            return False
        return True

    def add_file(self, path: str, source: IO[bytes], cap: int) -> None:
        """Copy a file's content into the stage, at most ``cap`` bytes; a notebook without
        its saved outputs."""
        room = min(cap, self.budget.bytes)
        blob, target = self.stage.blob()
        size = 0
        try:
            with target:
                while size <= room:
                    chunk = source.read(min(_CHUNK, room + 1 - size))
                    if not chunk:
                        break
                    target.write(chunk)
                    size += len(chunk)
        except BaseException:
            os.unlink(blob)
            raise
        if size > room:
            os.unlink(blob)
            if room < cap:
                self.left_out[path] = (
                    f"the {TREE_BYTES >> 30} GiB that one folder or zip may take are used up"
                )
            else:
                self.left_out[path] = f"larger than {cap >> 20} MiB"
            return
        if path.lower().endswith(".ipynb"):
            stripped = _strip_notebook(blob, path, self)
            if stripped is None:
                return
            size = stripped
        self.budget.bytes -= size
        self.items[path] = _Item(blob, None, size)

    def add_link(self, path: str, target: str) -> None:
        """Keep a link that stays inside; leave out any other, naming where it points."""
        where = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        if target.startswith("/") or where == ".." or where.startswith("../") or not target:
            self.left_out[path] = f"a link to {printable(target)[:100]}, outside the submission"
        else:
            self.items[path] = _Item(None, target)

    def subtree(self, prefix: str) -> _Tree:
        """The entries under ``prefix`` (a folder's path and a slash), relative to it."""
        inner = _Tree(self.stage, self.budget)
        inner.items = _under(self.items, prefix)
        inner.left_out = _under(self.left_out, prefix)
        inner.changed = _under(self.changed, prefix)
        return inner

    def merged(self, members: Mapping[str, str]) -> _Tree:
        """The tree of one student's top-level entries, each under its new name (a folder's
        entries at the root when that name is "")."""
        inner = _Tree(self.stage, self.budget)
        for top, new in members.items():
            inner.items.update(_renamed(self.items, top, new))
            inner.left_out.update(_renamed(self.left_out, top, new))
            inner.changed.update(_renamed(self.changed, top, new))
        return inner

    def only(self, path: str) -> _Tree:
        """The tree of one top-level file."""
        inner = _Tree(self.stage, self.budget)
        inner.items = {path: self.items[path]}
        inner.changed = {p: v for p, v in self.changed.items() if p == path}
        return inner


def _strip_notebook(blob: str, path: str, tree: _Tree) -> Optional[int]:
    """Write a notebook's code cells alone over its staged copy: its size then, or None when
    it is left out.  An unreadable notebook is kept as it is (its submission says why)."""
    with open(blob, "rb") as file:
        content = file.read()
    cells = _notebook_sources(content)
    if cells is None and len(content) > FILE_BYTES:
        os.unlink(blob)
        tree.left_out[path] = f"not a readable notebook, and larger than {FILE_BYTES >> 20} MiB"
        return None
    if cells is None:  # kept as it is: its submission says it cannot be read
        return len(content)
    document = {
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                   "source": source} for source in cells],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip
    stripped = json.dumps(document, indent=1).encode("utf-8")
    del content
    if len(stripped) > FILE_BYTES:
        os.unlink(blob)
        tree.left_out[path] = f"its code is larger than {FILE_BYTES >> 20} MiB"
        return None
    before = os.path.getsize(blob)
    with open(blob, "wb") as file:
        file.write(stripped)
    if before - len(stripped) > 1 << 20:
        tree.changed[path] = (
            f"its saved outputs and markdown ({(before - len(stripped)) / 2**20:.1f} MiB) were "
            "dropped; its code cells are graded"
        )
    return len(stripped)


def _notebook_sources(content: bytes) -> Optional[List[str]]:
    """A notebook's code cells, or None when it cannot be read."""
    try:
        notebook = json.loads(content.decode("utf-8-sig"))
        cells = [c for c in notebook["cells"] if c.get("cell_type") == "code"]
        return [
            s if isinstance(s, str) else "".join(s) for s in (c.get("source", "") for c in cells)
        ]
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


# -- Folders, walked by file descriptor, never through a link ---------------------------------


def _read_folder(path: str, stage: Stage) -> _Tree:
    tree = _Tree(stage)
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        _walk(fd, "", tree, 0)
    finally:
        os.close(fd)
    return tree


_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device",
          stat.S_IFBLK: "a device"}  # fmt: skip


def _walk(folder: int, prefix: str, tree: _Tree, depth: int) -> None:
    with os.scandir(folder) as entries:
        names = sorted(entry.name for entry in entries)
    for name in names:
        path = prefix + name
        if _junk(name):
            tree.left_out[path] = "a hidden or cache file or folder, no student's work"
            continue
        if not tree.count(path):
            return
        try:
            mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                tree.add_link(path, os.readlink(name, dir_fd=folder))
            elif stat.S_ISDIR(mode) and depth >= DEPTH:
                tree.left_out[path] = f"a folder more than {DEPTH} deep"
            elif stat.S_ISDIR(mode):
                inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
                try:
                    _walk(inner, path + "/", tree, depth + 1)
                finally:
                    os.close(inner)
            elif stat.S_ISREG(mode):
                flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
                with os.fdopen(os.open(name, flags, dir_fd=folder), "rb") as file:
                    if stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                        tree.add_file(path, file, _cap(name))
                    else:  # swapped for something else since it was seen
                        tree.left_out[path] = "not a regular file"
            else:
                tree.left_out[path] = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        except OSError as error:
            tree.left_out[path] = f"unreadable ({printable(error.strerror or str(error))})"


# -- Zips, member by member -------------------------------------------------------------------


class _Unreadable(Exception):
    """A zip that cannot be read: why."""


def _read_zip(file: IO[bytes], stage: Stage, depth: int, budget: Optional[_Budget] = None) -> _Tree:
    """A zip's members, read one at a time from where the zip lies."""
    members = _member_count(file)
    if members > MEMBERS:
        raise _Unreadable(f"holds {members:,} members, more than the {MEMBERS:,} read")
    tree = _Tree(stage, budget)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise _Unreadable(f"not a readable zip file ({printable(str(error))})") from None
    with archive:
        for info in archive.infolist():
            _read_member(archive, info, tree, depth)
    return tree


def _member_count(file: IO[bytes]) -> int:
    """How many members a zip's end record says it holds (0 when there is none), read
    before zipfile builds a record for each."""
    size = file.seek(0, io.SEEK_END)
    file.seek(max(0, size - (1 << 16) - 22))
    tail = file.read()
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or len(tail) < end + 22:
        return 0
    count = struct.unpack("<H", tail[end + 10 : end + 12])[0]
    large = tail.rfind(b"PK\x06\x06", 0, end)
    if count == 0xFFFF and large >= 0 and len(tail) >= large + 40:  # zip64
        count = struct.unpack("<Q", tail[large + 32 : large + 40])[0]
    return int(count)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, tree: _Tree, depth: int) -> None:
    path = info.filename.replace("\\", "/")
    parts = path.rstrip("/").split("/")
    if path.startswith("/") or ".." in parts or "" in parts:
        tree.outside.append(f"{printable(path)[:200]}: a path outside the archive (zip slip)")
        return
    path = "/".join(parts)
    if any(map(_junk, parts)):
        top = "/".join(parts[: next(i for i, p in enumerate(parts) if _junk(p)) + 1])
        tree.left_out[top] = "a hidden or cache file or folder, no student's work"
        return
    if info.is_dir() or not tree.count(path):
        return
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        _read_link(archive, info, path, tree)
    elif kind not in (0, stat.S_IFREG):
        tree.left_out[path] = _KINDS.get(kind, "not a regular file")
    elif info.flag_bits & 1:
        tree.left_out[path] = "encrypted"
    else:
        cap = _cap(path)
        if depth < NESTING and "/" not in path and path.lower().endswith(".zip"):
            cap = STUDENT_ZIP_BYTES
        if info.file_size > RATIO_FLOOR and info.file_size > RATIO * max(1, info.compress_size):
            ratio = info.file_size // max(1, info.compress_size)
            tree.left_out[path] = f"compressed {ratio:,} times (a zip bomb?)"
        elif info.file_size > cap:
            tree.left_out[path] = f"larger than {cap >> 20} MiB"
        else:  # zipfile reads no more than the size it states; a lie fails its CRC
            try:
                with archive.open(info) as member:
                    tree.add_file(path, member, cap)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
                    NotImplementedError) as error:  # fmt: skip
                tree.left_out[path] = f"unreadable ({printable(str(error))[:100]})"


def _read_link(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, tree: _Tree) -> None:
    if info.file_size > 4096:
        tree.left_out[path] = "a link with a target longer than 4096 bytes"
        return
    target = archive.read(info).decode("utf-8", "surrogateescape")
    tree.add_link(path, target)


# -- Students and classes -------------------------------------------------------------------


def _class(tree: _Tree, stage: Stage, analyser: Analyser, skipped: List[str]) -> List[Submission]:
    """One submission per top-level file or folder; a single wrapping folder is opened."""
    skipped.extend(tree.outside)
    junk = [path for path in tree.left_out if "/" not in path and _junk(path)]
    skipped.extend(f"{printable(path)}: {tree.left_out.pop(path)}" for path in junk)
    tops = dict.fromkeys("".join(p.partition("/")[:2]) for p in [*tree.items, *tree.left_out])
    if len(tops) == 1 and next(iter(tops)).endswith("/"):
        (top,) = tops
        inner = tree.subtree(top)
        if not _one_student(inner, analyser):
            found = _class(inner, stage, analyser, skipped)
            return [s._replace(name=printable(top) + s.name) for s in found]
    groups, left_out = lms.students(sorted(tops))
    skipped.extend(left_out)
    found = []
    for group in groups:
        if group.student:
            found.append(_lms_student(group, tree, stage, analyser))
            continue
        (top,) = group.members
        name = printable(group.name)
        if top.endswith("/"):
            found.append(_student(name, tree.subtree(top), stage, analyser))
        elif top in tree.left_out:
            found.append(_not_graded(name, f"not graded: {tree.left_out[top]}"))
        elif tree.items[top].link is not None:
            target = printable(str(tree.items[top].link))
            found.append(_not_graded(name, f"not graded: a link to {target}, not followed"))
        elif top.lower().endswith(".zip"):
            found.append(_nested_zip(name, tree, top, stage, analyser))
        elif top.lower().endswith(SOURCES):
            found.append(_student(name, tree.only(top), stage, analyser))
        else:
            found.append(_not_graded(name, _why_not(name)))
    return found


def _lms_student(group: lms.Group, tree: _Tree, stage: Stage, analyser: Analyser) -> Submission:
    """One student's entries, as the LMS named them, graded together under the names they
    gave their files."""
    merged = tree.merged(group.members)
    name = printable(group.name)
    if list(merged.items) == [p for p in merged.items if p.lower().endswith(".zip")][:1]:
        submission = _nested_zip(name, merged, next(iter(merged.items)), stage, analyser)
    else:
        submission = _student(name, merged, stage, analyser)
    notes = (*group.notes, *submission.notes)
    return submission._replace(student=printable(group.student), id=printable(group.id),
                               notes=notes)  # fmt: skip


def _nested_zip(name: str, tree: _Tree, top: str, stage: Stage, analyser: Analyser) -> Submission:
    """A student's zip in a class: that student's submission."""
    item = tree.items[top]
    assert item.blob is not None
    try:
        with open(item.blob, "rb") as file:
            inner = _read_zip(file, stage, NESTING, tree.budget)
    except _Unreadable as error:
        return _not_graded(name, f"not graded: {error}")
    finally:
        os.unlink(item.blob)
        tree.budget.bytes += item.size
    return _student(name, inner, stage, analyser)


def _why_not(name: str) -> str:
    stem, _, extension = name.rpartition(".")
    if stem.lower().endswith(SOURCES):
        return f"not graded: a .{extension} file named like Python (rename it to {stem}?)"
    return f"not graded: not a .py, .ipynb, .zip or folder ({name})"


def _not_graded(name: str, reason: str, notes: Tuple[str, ...] = ()) -> Submission:
    return Submission(name, "", "", {}, notes, reason)


def _python_files(tree: _Tree) -> List[str]:
    return [p for p, item in tree.items.items() if item.blob and p.lower().endswith(SOURCES)]


def _one_student(tree: _Tree, analyser: Analyser) -> bool:
    """Whether a folder is one student's: it has top-level Python, and its top-level files
    and folders with Python are all joined by imports, one program."""
    files = _python_files(tree)
    if not any("/" not in p for p in files):
        return False
    tops: Dict[str, List[str]] = {}
    for path in files:
        tops.setdefault(path.partition("/")[0], []).append(path)
    names = {top: _module_name(top) for top in tops}
    joined = {top: {top} for top in tops}  # each top's group, merged as imports join them
    for top, paths in tops.items():
        imported = frozenset().union(*(analyser.facts_of(tree, p).imports for p in paths))
        for other, name in names.items():
            if name in imported and joined[top] is not joined[other]:
                merged = joined[top] | joined[other]
                for member in merged:
                    joined[member] = merged
    return len({id(group) for group in joined.values()}) == 1


def _module_name(top: str) -> str:
    """The name a top-level file or folder is imported by."""
    return top.rsplit(".", 1)[0] if top.lower().endswith(SOURCES) else top


def _student(name: str, tree: _Tree, stage: Stage, analyser: Analyser) -> Submission:
    """A student's folder (or one file): staged, with its entry point and its notes."""
    files = _python_files(tree)
    facts = {path: analyser.facts_of(tree, path) for path in files}
    notes = [*tree.outside, *_left_out_notes(tree.left_out)]
    notes += [f"{printable(path)}: {why}" for path, why in sorted(tree.changed.items())]
    notes += [f"{printable(p)} could not be read statically ({f.error})"
              for p, f in facts.items() if f.error]  # fmt: skip
    if not files:
        sources = [p for p in tree.left_out if p.lower().endswith(SOURCES)]
        reason = (
            f"{sources[0]}: {tree.left_out[sources[0]]}"
            if sources
            else "no .py or .ipynb file in it"
        )
        return _not_graded(name, f"not graded: {printable(reason)}", tuple(notes))
    depths = {p.count("/") for p in files}
    roots = {r for d in depths for r in _roots([p for p in files if p.count("/") == d], facts)}
    entry = max(files, key=lambda p: _entry_score(p, facts[p], files, p in roots))
    if len(files) > 1:
        notes.insert(0, f"graded {printable(entry)}, the file that defines the most")
    folder = stage.folder()
    for path, item in sorted(tree.items.items()):
        problem = _place(folder, path, item)
        if problem:
            notes.append(f"left out {printable(path)}: {problem}")
    submission = Submission(name, folder, entry, facts, tuple(notes))
    error = _unreadable(submission)
    return submission._replace(error=error) if error else submission


def _left_out_notes(left_out: Mapping[str, str]) -> List[str]:
    shown = [f"left out {printable(path)}: {why}" for path, why in sorted(left_out.items())]
    if len(shown) > NOTES:
        shown[NOTES:] = [f"left out {len(shown) - NOTES} more files (their reasons as above)"]
    return shown


def _place(folder: str, path: str, item: _Item) -> Optional[str]:
    """Put one file (moved from the stage) or link in a submission's folder: None, or why
    it could not be."""
    full = os.path.join(folder, path)
    try:
        os.makedirs(os.path.dirname(full), mode=0o755, exist_ok=True)
        if item.blob is not None:
            os.rename(item.blob, full)
        else:
            os.symlink(str(item.link), full)
    except (OSError, ValueError) as error:  # a name too long, or with a NUL, for this system
        if item.blob is not None:
            os.unlink(item.blob)
        return f"it cannot be written here ({printable(str(error))[:100]})"
    return None


def _roots(files: List[str], facts: Mapping[str, Facts]) -> List[str]:
    """The files that no sibling imports."""
    imported = frozenset().union(*(facts[p].imports for p in files))
    return [p for p in files if _module_name(p.split("/")[-1]) not in imported]


def _entry_score(path: str, facts: Facts, files: List[str], root: bool) -> Tuple[int, ...]:
    """Defining a class with methods beats defining functions; then being no sibling's
    import, lying near the top, and coming first by name."""
    order = -sorted(files).index(path)
    return (min(facts.methods, 3), min(facts.functions, 3), root, -path.count("/"), order)


def _unreadable(submission: Submission) -> Optional[str]:
    """Why the entry point cannot be run, if it cannot: read as the job will read it."""
    try:
        cells(submission)
    except ValueError as error:
        return str(error)
    return None


def cells(submission: Submission) -> Tuple[List[str], List[str]]:
    """The entry point's Python, read from the stage: one cell for a .py, the code cells of a
    notebook (magics handled as the harness says), and notes on what was left out.  A file
    that cannot be read raises ValueError, with the reason."""
    with open(os.path.join(submission.folder, submission.entry), "rb") as file:
        content = file.read()
    entry = printable(submission.entry)
    if submission.entry.lower().endswith(".ipynb"):
        sources = _notebook_sources(content)
        if sources is None:
            raise ValueError("not a readable notebook")
        return harness.notebook_cells(sources)
    text = _decoded(content)
    if text is None:
        raise ValueError(f"{entry} is not readable as Python text")
    return [text], []


def _decoded(content: bytes) -> Optional[str]:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(content).readline)
        return content.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return None


def source_lines(submission: Submission, path: str) -> List[str]:
    """The lines of a submission's staged file as read statically (a notebook's code cells,
    joined): the lines its fingerprints name; none when it cannot be read so."""
    with open(os.path.join(submission.folder, path), "rb") as file:
        source = source_text(path, file.read())
    return [] if source is None else source.splitlines()


def source_text(path: str, content: bytes) -> Optional[str]:
    """A file's Python as text, for reading it statically (a notebook's code cells, joined),
    or None when it cannot be read as such."""
    if path.lower().endswith(".ipynb"):
        found = _notebook_sources(content)
        return None if found is None else "\n".join(harness.notebook_cells(found)[0])
    return _decoded(content)


# -- Reading code statically, in a helper process ------------------------------------------


class Analyser:
    """The helper process that reads code statically (analysis.py): started when first asked,
    and again after it crashes, runs out of memory or takes too long."""

    def __init__(self, seconds: float = 20.0, memory: int = 1 << 30) -> None:
        self.seconds, self.memory = seconds, memory
        self.process: Optional[subprocess.Popen[bytes]] = None
        self.known: Dict[str, Facts] = {}  # a staged file -> its facts
        helper = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.py")
        self.command = [sys.executable, "-I", "-S", helper]

    def facts_of(self, tree: _Tree, path: str) -> Facts:
        """The facts of a file in a tree as read (its staged content)."""
        blob = tree.items[path].blob
        assert blob is not None
        if blob not in self.known:
            self.known[blob] = self._facts_of(path, blob, tree.items[path].size)
        return self.known[blob]

    def _facts_of(self, path: str, blob: str, size: int) -> Facts:
        if size > ANALYSED_BYTES:
            return Facts(error=f"larger than {ANALYSED_BYTES >> 20} MiB")
        with open(blob, "rb") as file:
            source = source_text(path, file.read())
        return Facts(error="not readable as Python text") if source is None else self.facts(source)

    def facts(self, source: str) -> Facts:
        """The facts of one source; on any failure, a Facts that says what failed."""
        if self.process is None:
            self.process = subprocess.Popen(
                [*self.command, str(self.memory)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        assert self.process.stdin is not None
        request = json.dumps({"source": source}).encode("ascii") + b"\n"
        try:
            self.process.stdin.write(request)
            self.process.stdin.flush()
            line = self._reply()
        except (OSError, TimeoutError) as error:
            self.close()
            why = "the parser took too long" if isinstance(error, TimeoutError) else \
                "the parser crashed"  # fmt: skip
            return Facts(error=why)
        return _facts(line)

    def _reply(self) -> bytes:
        assert self.process is not None
        assert self.process.stdout is not None
        pipe = self.process.stdout.fileno()
        end = time.monotonic() + self.seconds
        line = b""
        while not line.endswith(b"\n"):
            signals.check()
            if time.monotonic() > end:
                raise TimeoutError
            if select.select([pipe], [], [], 0.1)[0]:
                data = os.read(pipe, 1 << 16)
                if not data:  # the parser ended
                    raise OSError
                line += data
        return line

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                stream.close()  # type: ignore[union-attr]
            self.process = None

    def __enter__(self) -> Analyser:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def _facts(line: bytes) -> Facts:
    """The helper's reply, checked: anything else than what analysis.facts returns is an
    error."""
    try:
        found = json.loads(line)
    except ValueError:
        return Facts(error="the parser's reply cannot be read")
    if not isinstance(found, dict) or "error" in found:
        error = found.get("error") if isinstance(found, dict) else None
        return Facts(error=printable(str(error))[:60] if error else "unknown")
    imports, methods, functions = found.get("imports"), found.get("methods"), found.get("functions")
    prints, units = found.get("fingerprints"), found.get("units")
    payloads, obfuscated = found.get("payloads"), found.get("obfuscated")
    if (
        not isinstance(imports, list)
        or not all(isinstance(x, str) for x in imports)
        or not all(_count(x) for x in (methods, functions, payloads))
        or not _rows(prints, (_count, _count))
        or not _rows(units, (lambda x: isinstance(x, str), _count, _count))
        or not (isinstance(obfuscated, list) and all(_count(x) for x in obfuscated))
    ):
        return Facts(error="the parser's reply cannot be read")
    return Facts(frozenset(imports), int(methods), int(functions),  # type: ignore[arg-type]
                 tuple((h, line) for h, line in prints),  # type: ignore[union-attr]
                 tuple((n, a, b) for n, a, b in units),  # type: ignore[union-attr]
                 int(payloads), tuple(obfuscated))  # type: ignore[arg-type]  # fmt: skip


def _count(value: Any) -> bool:
    """A whole number, not below 0, of the exact type int."""
    return type(value) is int and value >= 0


def _rows(value: Any, checks: Tuple[Callable[[Any], bool], ...]) -> bool:
    """A list of lists, each of len(checks) fields that pass their check."""
    return isinstance(value, list) and all(
        isinstance(row, list) and len(row) == len(checks) and all(c(x) for c, x in zip(checks, row))
        for row in value
    )
