"""Safe YAML loading: plain data, a source map and located problems, never an exception.

The package's modules, one job each: `pointers` (JSON Pointers), `scalars` (plain scalars and
their typing), `source_map` (positions), `events` (the tree builder) and `frames` (its stack's
frames and the checks on keys); this module checks the bytes and loads. The tree is built from
PyYAML's event stream with an explicit stack (no recursion, no ``yaml.load``), so tags, scalar
styles and positions stay visible and deep nesting is harmless.
"""

from __future__ import annotations

import re
from typing import Any, Final

import yaml

from ccg_rules._record import Record
from ccg_rules._yaml.events import NESTING_LIMIT, build, text_position
from ccg_rules._yaml.frames import Report
from ccg_rules._yaml.pointers import escape_pointer_token, join_pointer, pointer_of
from ccg_rules._yaml.scalars import Plain, resolve_plain, yaml11_surprise
from ccg_rules._yaml.source_map import Position, SourceMap

_set = object.__setattr__

# The package's API: loading here, the parts it is made of in their own modules.
__all__ = [
    "MAX_EXPANDED_CHARS",
    "Plain",
    "Position",
    "SourceMap",
    "YamlDocument",
    "YamlProblem",
    "escape_pointer_token",
    "file_too_large",
    "join_pointer",
    "load_yaml",
    "pointer_of",
    "resolve_plain",
    "yaml11_surprise",
]

_LOADER: Final[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_EXPANDED_CHARS: Final = 8 * 1024 * 1024
"""The most characters of text a document may hold once its aliases are expanded (8 Mi)."""
_BAD_CHAR: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""A character YAML does not allow in a stream: any outside its printable set (``c-printable``).

The set is written as what it leaves out, not as the negation of the ranges it allows: the
two match the same characters (a test tries every code point), but the negation of wide
Unicode ranges takes the regular expression compiler twenty times as long.
"""


class YamlProblem(Record):
    """One problem found while loading, with the JSON Pointer and position it concerns.

    Attributes:
        code: Kebab-case problem code, e.g. ``duplicate-key``.
        message: A full sentence saying what is wrong, where, and what to do.
        pointer: RFC 6901 JSON Pointer of the node concerned (``""`` for the root or whole file).
        line: 1-based line.
        column: 1-based column.
    """

    _fields = ("code", "message", "pointer", "line", "column")
    __slots__ = _fields

    code: str
    message: str
    pointer: str
    line: int
    column: int

    def __init__(self, code: str, message: str, pointer: str, line: int, column: int) -> None:
        _set(self, "code", code)
        _set(self, "message", message)
        _set(self, "pointer", pointer)
        _set(self, "line", line)
        _set(self, "column", column)


class YamlDocument(Record):
    """The result of `load_yaml`.

    Attributes:
        value: A ``dict`` of the document, or None whenever there is any problem.
        source_map: Positions of every node that was read, even when ``value`` is None.
        problems: Every problem found, sorted by ``(line, column, code)``.
    """

    _fields = ("value", "source_map", "problems")
    __slots__ = _fields

    value: object | None
    source_map: SourceMap
    problems: tuple[YamlProblem, ...]

    def __init__(
        self,
        value: object | None,
        source_map: SourceMap,
        problems: tuple[YamlProblem, ...],
    ) -> None:
        _set(self, "value", value)
        _set(self, "source_map", source_map)
        _set(self, "problems", problems)

    @property
    def ok(self) -> bool:
        """True when there are no problems."""
        return not self.problems


def file_too_large(size: int, max_bytes: int) -> YamlProblem:
    """The problem of a file of ``size`` bytes, over the limit of ``max_bytes``."""
    return YamlProblem(
        "file-too-large",
        f"The file is {size:,} bytes, over the limit of {max_bytes:,} bytes; split it into smaller files.",
        "",
        1,
        1,
    )


def _prepare(data: bytes | str, max_bytes: int, report: Report) -> str | None:
    """Checks size and encoding before parsing; returns the text to parse or None."""
    if isinstance(data, str):
        size = len(data)
        if size <= max_bytes < size * 4:
            size = len(data.encode("utf-8", "surrogatepass"))
    elif isinstance(data, (bytes, bytearray, memoryview)):
        size = len(data) if not isinstance(data, memoryview) else data.nbytes
    else:
        raise TypeError(f"load_yaml() needs bytes or str, not {type(data).__name__}")
    if size > max_bytes:
        p = file_too_large(size, max_bytes)
        report(p.code, p.message, p.pointer, None)
        return None
    if isinstance(data, str):
        text = data[1:] if data.startswith("\ufeff") else data
    else:
        raw = bytes(data)
        for bom, name in (
            (b"\x00\x00\xfe\xff", "UTF-32"),
            (b"\xff\xfe\x00\x00", "UTF-32"),
            (b"\xfe\xff", "UTF-16"),
            (b"\xff\xfe", "UTF-16"),
        ):
            if raw.startswith(bom):
                report(
                    "encoding",
                    f"The file is encoded as {name} (it starts with a {name} byte-order"
                    " mark); save it as UTF-8.",
                    "",
                    None,
                )
                return None
        raw = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line, column = text_position(prefix := raw[: error.start].decode("utf-8"), len(prefix))
            report(
                "encoding",
                f"The file is not valid UTF-8: the byte 0x{raw[error.start]:02X} at line"
                f" {line}, column {column} cannot be decoded; save the file as UTF-8.",
                "",
                (line, column),
            )
            return None
    bad = _BAD_CHAR.search(text)
    if bad is not None:
        line, column = text_position(text, bad.start())
        what = "a NUL byte" if bad.group() == "\0" else f"the character U+{ord(bad.group()):04X}"
        report(
            "encoding",
            f"The file contains {what} at line {line}, column {column}, which YAML does not"
            " allow; remove it (a NUL often means the file is not UTF-8 text).",
            "",
            (line, column),
        )
        return None
    return text


def load_yaml(
    data: bytes | str,
    *,
    max_bytes: int = 8 * 1024 * 1024,
    max_depth: int = 64,
    max_aliases: int = 64,
    max_nodes: int = 1_000_000,
    max_chars: int = MAX_EXPANDED_CHARS,
) -> YamlDocument:
    """Loads one YAML document into plain data plus a source map, reporting problems as data.

    Args:
        data: The file's bytes (UTF-8, optional BOM) or already-decoded text.
        max_bytes: Largest input accepted, in bytes; larger input is not even decoded.
        max_depth: Deepest nesting of collections accepted.
        max_aliases: Most alias (``*name``) uses accepted.
        max_nodes: Most nodes accepted, counting each alias as the full size of its target.
        max_chars: Most characters of scalar text (keys and values) accepted, counting each
            alias as all the text of its target, so that aliases cannot multiply a long string.

    Returns:
        A `YamlDocument`; its ``value`` is a dict when there are no problems, else None.

    Raises:
        TypeError: Only if ``data`` is not bytes or str (a programming error, not bad input).
    """
    problems: list[YamlProblem] = []
    values: dict[str, tuple[int, int]] = {}
    keys: dict[str, tuple[int, int]] = {}

    def report(code: str, message: str, pointer: str, at: Any) -> None:
        if at is None:
            line, column = 1, 1
        elif isinstance(at, tuple):
            line, column = at
        else:
            line, column = at.line + 1, at.column + 1
        problems.append(YamlProblem(code, message, pointer, line, column))

    text = _prepare(data, max_bytes, report)
    limits = (max_depth, max_aliases, max_nodes, max_chars)
    root = None if text is None else build(text, *limits, report, values, keys, _LOADER)
    if _LOADER is not yaml.SafeLoader and any(NESTING_LIMIT in p.message for p in problems):
        # Newer libyaml stops at its own nesting limit (1000 levels) while scanning ahead, before
        # this loader's smaller limit is reached. The pure-Python parser reads lazily, so it
        # reports the first level that is too deep, exactly as for any other input.
        problems.clear()
        values.clear()
        keys.clear()
        root = None if text is None else build(text, *limits, report, values, keys, yaml.SafeLoader)
    problems.sort(key=lambda p: (p.line, p.column, p.code))
    return YamlDocument(None if problems else root, SourceMap(values, keys), tuple(problems))
