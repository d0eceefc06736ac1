"""Text from submissions and file names, made safe to print anywhere.

A file name may hold bytes that are not UTF-8 (a folder named in Latin-1 arrives as lone
surrogates), and a submission's error message anything at all: control characters that
clear a terminal, right-to-left overrides that disguise a name, lone surrogates that no
encoder accepts.  Everything a submission or a file name says goes through ``printable``
before any report holds it, so every format can write it under any locale.
"""

from __future__ import annotations

from typing import Any


def printable(text: str) -> str:
    """``text`` with every character that ``str.isprintable`` refuses (control characters,
    line and paragraph separators, bidirectional overrides, lone surrogates) escaped as
    Python writes it; a byte that was not UTF-8 in a file name (a surrogate between U+DC80
    and U+DCFF) shows as that byte.

    >>> printable("caf\\udce9 \\x1b[2J\\u202egnp.exe\\n")
    'caf\\\\xe9 \\\\x1b[2J\\\\u202egnp.exe\\\\n'
    """
    if text.isprintable():
        return text
    return "".join(map(_escaped, text))


def _escaped(character: str) -> str:
    if character.isprintable():
        return character
    if "\udc80" <= character <= "\udcff":  # a byte that os.fsdecode could not decode
        return f"\\x{ord(character) - 0xDC00:02x}"
    return repr(character)[1:-1]


def cut(value: Any, length: int = 300) -> str:
    """A printable string of at most ``length`` characters.

    >>> cut("x" * 400, 10)
    'xxxxxxx...'
    """
    text = printable(str(value))
    return text if len(text) <= length else text[: length - 3] + "..."
