"""Static analysis of a submission's code, in a helper process of its own.

CPython 3.8 to 3.10 can crash the process that parses deeply nested code (a chain of
100,000 ``elif``s or ``+``s is enough), and on any version parsing a large file holds the
interpreter for seconds.  So the grader never parses a submission's code itself: this file
runs as a helper, ``python -I -S analysis.py``, that reads one JSON request per line (a
source) and answers each with one line, the source's facts.  A helper that crashes, runs out
of memory or takes too long costs only that file's facts; the grader starts another.
Standard library only, like the harness.

The facts of a source:

- ``imports``: the top-level names of the modules it imports, relative imports and
  ``import_module("name")`` too;
- ``methods``: how many methods its classes define, and ``functions``: how many functions
  it defines in all (both choose a folder's entry point);
- ``fingerprints``: MOSS's winnowing over the code's syntax tree with every identifier,
  attribute, string and number made alike (and docstrings and annotations left out), as
  ``[hash, line]`` pairs: integrity.py compares them with sentemb's;
- ``units``: each function and class, ``[qualified name, first line, last line]``, so that a
  fingerprint can be said to lie in one;
- ``payloads``: how many sources were recovered from its literals (base64, base32, base85,
  hex, zlib, bz2, lzma, rot13, in any chain), whose fingerprints are among its own, at the
  line of the literal;
- ``obfuscated``: the lines where it runs (``exec``, ``eval``, ``compile``) data it decodes.
"""

from __future__ import annotations

import ast
import base64
import binascii
import codecs
import hashlib
import importlib
import json
import re
import sys
import warnings
import zlib
from typing import Any, Callable, Dict, Iterator, List, Optional, Set, Tuple

REFERENCE = ("sentemb", "sentemb_grade", "grade", "grade_harness")  # the reference's modules
K = 16  # tokens in a k-gram of the normalised tree (MOSS's noise threshold)
WINDOW = 6  # k-grams in a winnowing window: a match of WINDOW + K - 1 tokens is always seen
FINGERPRINTS = 100_000  # kept per source, at most
UNITS = 2_000  # functions and classes named per source, at most
PAYLOADS = 20  # sources recovered from one source's literals, at most
PAYLOAD_BYTES = 4 << 20  # what one decoded literal may expand to
_LAYERS = 4  # decodings chained to reach a payload (base64 of zlib of ..., as deep)
_DECODERS = ("b64decode", "b32decode", "b16decode", "a85decode", "b85decode", "decodebytes",
             "urlsafe_b64decode", "decompress", "decode", "unhexlify", "fromhex", "loads",
             "a2b_base64", "a2b_hex")  # fmt: skip
_RUNNERS = ("exec", "eval", "compile")


def facts(source: str) -> Dict[str, Any]:
    """What the grader needs to know of a source, read without running it.

    >>> found = facts("import re\\nfrom .data import VOCAB\\nclass A:\\n    def f(self): pass")
    >>> found["imports"], found["methods"], found["functions"], found["units"]
    (['data', 're'], 1, 1, [['A', 3, 4], ['A.f', 4, 4]])
    """
    tree = ast.parse(source)
    imports: Set[str] = set()
    methods = functions = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imports.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.module:
                imports.add(node.module.split(".")[0])
            else:  # from . import data
                imports.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Call) and _imported_by_name(node):
            imports.add(node.args[0].value.split(".")[0])  # type: ignore[attr-defined]
        elif isinstance(node, ast.ClassDef):
            methods += sum(isinstance(inner, ast.FunctionDef) for inner in node.body)
        if isinstance(node, ast.FunctionDef):
            functions += 1
    prints = fingerprints(tree)
    payloads = 0
    for line, recovered in recover(tree):
        payloads += 1
        prints += [[h, line] for h, _ in fingerprints(recovered)]
    return {
        "imports": sorted(imports),
        "methods": methods,
        "functions": functions,
        "fingerprints": prints[:FINGERPRINTS],
        "units": units(tree)[:UNITS],
        "payloads": payloads,
        "obfuscated": obfuscated(tree),
    }


def _imported_by_name(node: ast.Call) -> bool:
    """``import_module("x")``, ``importlib.import_module("x")`` or ``__import__("x")``."""
    name = _called(node)
    return (
        name in ("import_module", "__import__")
        and len(node.args) >= 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def _called(node: ast.Call) -> str:
    function = node.func
    return function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")


# -- Fingerprints: the normalised tree, k-grams, winnowing -----------------------------------


def normalised(tree: ast.AST) -> Tuple[List[str], List[int]]:
    """The tree as a flat sequence of tokens, with the line of each: every node's type and
    a closing mark, with no identifier, attribute, string or number in it (they are fields,
    not nodes), no docstring, no annotation and no expression context.

    >>> normalised(ast.parse("x = y.upper()"))[0] == normalised(ast.parse("a = b.c()"))[0]
    True
    """
    tokens: List[str] = []
    lines: List[int] = []
    stack: List[Any] = [tree]
    line = 1
    while stack:
        node = stack.pop()
        if node is None:
            tokens.append(")")
            lines.append(line)
            continue
        line = getattr(node, "lineno", line)
        tokens.append(type(node).__name__)
        lines.append(line)
        stack.append(None)
        stack.extend(reversed(list(_children(node))))
    return tokens, lines


_SKIPPED = ("ctx", "annotation", "returns", "type_comment", "kind")


def _children(node: ast.AST) -> Iterator[ast.AST]:
    for field, value in ast.iter_fields(node):
        if field in _SKIPPED:
            continue
        items = value if isinstance(value, list) else [value]
        if field == "body" and items and _docstring(items[0]):
            items = items[1:]
        yield from (item for item in items if isinstance(item, ast.AST))


def _docstring(node: Any) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def fingerprints(tree: ast.AST) -> List[List[int]]:
    """MOSS's winnowing (Schleimer, Wilkerson and Aiken, 2003) of the normalised tree:
    of every WINDOW consecutive hashes of K-grams, the smallest (the rightmost of equals),
    each kept once, as [hash, line].

    >>> one = fingerprints(ast.parse("def f(a, b):\\n    return [x * a for x in b if x]\\n"))
    >>> two = fingerprints(ast.parse("def g(c, d):\\n    return [y * c for y in d if y]\\n"))
    >>> one == two and len(one) > 0
    True
    """
    tokens, lines = normalised(tree)
    hashes = [
        int.from_bytes(hashlib.blake2b(" ".join(tokens[i : i + K]).encode(), digest_size=6)
                       .digest(), "big")
        for i in range(len(tokens) - K + 1)
    ]  # fmt: skip
    chosen: List[List[int]] = []
    last = -1
    for start in range(max(0, len(hashes) - WINDOW + 1)):
        window = hashes[start : start + WINDOW]
        low = min(window)
        at = start + max(i for i, h in enumerate(window) if h == low)
        if at != last:
            chosen.append([low, lines[at]])
            last = at
    return chosen


def units(tree: ast.AST) -> List[List[Any]]:
    """Each function and class: its qualified name, first and last line."""
    found: List[List[Any]] = []
    stack: List[Tuple[ast.AST, str]] = [(tree, "")]
    while stack:
        node, prefix = stack.pop()
        for child in reversed(list(ast.iter_child_nodes(node))):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                last = getattr(child, "end_lineno", None) or child.lineno
                found.append([name, child.lineno, last])
                stack.append((child, name + "."))
            else:
                stack.append((child, prefix))
    return sorted(found, key=lambda u: (u[1], -u[2]))


# -- Payloads: source hidden in literals, and code that runs what it decodes -----------------


def recover(tree: ast.AST) -> Iterator[Tuple[int, ast.AST]]:
    """The Python sources that the literals of a tree hold, each with the line of its
    literal: as they are, or after any chain of at most _LAYERS decodings (base64, base32,
    base85, hex, zlib, gzip, bz2, lzma, rot13), code that defines a function or a class."""
    found = 0
    for node in ast.walk(tree):
        value = _literal(node)
        if value is None or len(value) < 16:
            continue
        for text in _decodings(value):
            if "def " not in text and "class " not in text and "lambda" not in text:
                continue
            try:
                with warnings.catch_warnings():  # what text that is no code makes Python say
                    warnings.simplefilter("ignore")
                    inner = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            if any(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for n in ast.walk(inner)):
                yield getattr(node, "lineno", 1), inner
                found += 1
                if found >= PAYLOADS:
                    return
                break


def _literal(node: ast.AST) -> Optional[bytes]:
    """A string or bytes literal, or a sum of them, as bytes."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        value = node.value
        return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        return None if left is None or right is None else left + right
    return None


def _decodings(data: bytes) -> Iterator[str]:
    """``data`` as text, then every text that a chain of decodings makes of it, the
    shortest chains first.  A step is tried only where its input can be what it decodes
    (the alphabet of an encoding, or a compressed stream's magic number), and a decoded
    value goes on only when it is text or a compressed stream: garbage stops there."""
    seen = {data}
    layer = [data]
    text = _utf8(data)
    if text is not None:
        yield text  # source written out as it is, such as a notebook's %%writefile
    for _ in range(_LAYERS):
        following: List[bytes] = []
        for value in layer:
            for fits, decode in _STEPS:
                if not fits(value):
                    continue
                try:
                    decoded = decode(value)
                except Exception:  # not this encoding after all: each raises its own errors
                    continue
                text = _utf8(decoded)
                if decoded in seen or not (text is not None or _compressed(decoded)):
                    continue
                seen.add(decoded)
                following.append(decoded)
                if text is not None:
                    yield text
        layer = following[:50]


def _utf8(data: bytes) -> Optional[str]:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _compressed(data: bytes) -> bool:
    """Whether data starts as a zlib, gzip, bz2 or xz stream does."""
    zlib_header = len(data) > 1 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
    return zlib_header or data.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"]\x00\x00"))


def _bounded(make: Callable[[], Any]) -> Callable[[bytes], bytes]:
    """A decompressor that gives up beyond PAYLOAD_BYTES (a bomb is not a payload)."""

    def decompress(data: bytes) -> bytes:
        engine = make()
        out = engine.decompress(data, PAYLOAD_BYTES + 1)
        if len(out) > PAYLOAD_BYTES:
            raise ValueError("too large")
        return bytes(out)

    return decompress


def _decompressors() -> List[Callable[[], Any]]:
    """bz2's and lzma's decompressors, where this Python was built with them."""
    found = []
    for module, engine in (("bz2", "BZ2Decompressor"), ("lzma", "LZMADecompressor")):
        try:
            found.append(getattr(importlib.import_module(module), engine))
        except ImportError:  # pragma: no cover - a Python built without the library
            continue
    return found


def _text(data: bytes) -> bytes:
    return b"".join(data.split())


def _alphabet(pattern: bytes) -> Callable[[bytes], bool]:
    compiled = re.compile(pattern)
    return lambda data: compiled.fullmatch(_text(data)) is not None


_STEPS: Tuple[Tuple[Callable[[bytes], bool], Callable[[bytes], bytes]], ...] = (
    (_alphabet(rb"[A-Za-z0-9+/]+={0,2}"), lambda d: base64.b64decode(_text(d), validate=True)),
    (_alphabet(rb"[A-Za-z0-9_-]+={0,2}"), lambda d: base64.urlsafe_b64decode(_text(d))),
    (_alphabet(rb"[A-Z2-7]+=*"), lambda d: base64.b32decode(_text(d))),
    (_alphabet(rb"[0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]+"), lambda d: base64.b85decode(_text(d))),
    (
        _alphabet(rb"(<~)?[!-uz]+(~>)?"),
        lambda d: base64.a85decode(_text(d), adobe=d.startswith(b"<~")),
    ),
    (_alphabet(rb"(?:[0-9a-fA-F]{2})+"), lambda d: binascii.unhexlify(_text(d))),
    (_compressed, _bounded(lambda: zlib.decompressobj(47))),  # zlib or gzip
    *((_compressed, _bounded(engine)) for engine in _decompressors()),
    (lambda d: _utf8(d) is not None, lambda d: codecs.encode(d.decode("utf-8"), "rot13").encode()),
)


def obfuscated(tree: ast.AST) -> List[int]:
    """The lines where ``exec``, ``eval`` or ``compile`` is given data that is decoded
    there, or a name bound to such data."""
    decoded: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _decodes(node.value, decoded):
            decoded.update(t.id for t in node.targets if isinstance(t, ast.Name))
    found = set()
    for node in ast.walk(tree):
        runs = isinstance(node, ast.Call) and _called(node) in _RUNNERS
        if runs and any(_decodes(argument, decoded) for argument in node.args):  # type: ignore[attr-defined]
            found.add(node.lineno)  # type: ignore[attr-defined]
    return sorted(found)


def _decodes(node: ast.AST, decoded: Set[str]) -> bool:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and _called(inner) in _DECODERS:
            return True
        if isinstance(inner, ast.Name) and inner.id in decoded:
            return True
    return False


def main() -> None:  # pragma: no cover - it runs in the helper process
    import resource

    memory = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    for line in sys.stdin.buffer:
        try:
            found: Dict[str, Any] = facts(json.loads(line)["source"])
        except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError) as error:
            found = {"error": type(error).__name__}
        sys.stdout.write(json.dumps(found) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":  # pragma: no cover
    main()
