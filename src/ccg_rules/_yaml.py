"""Safe YAML loading: plain data, a source map and located problems, never an exception.

The tree is built from PyYAML's event stream with an explicit stack (no recursion, no
``yaml.load``), so tags, scalar styles and positions stay visible and deep nesting is harmless.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

__all__ = [
    "Plain",
    "Position",
    "SourceMap",
    "YamlDocument",
    "YamlProblem",
    "escape_pointer_token",
    "file_too_large",
    "join_pointer",
    "load_yaml",
    "resolve_plain",
    "yaml11_surprise",
]

_LOADER: Final[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_EXPANDED_CHARS: Final = 8 * 1024 * 1024
"""The most characters of text a document may hold once its aliases are expanded (8 Mi)."""
_NESTING_LIMIT: Final = "exceeded maximum nesting depth"
_STR_TAG: Final = "tag:yaml.org,2002:str"
_NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_BAD_CHAR: Final = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BREAK: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_NEED: Final = object()  # a mapping frame waiting for its next key
_COMPLEX: Final = object()  # stands in for a key that was a collection
_EMPTY: Final = "The document is empty; it must be a mapping of keys to values (key: value)."
_Report = Callable[[str, str, str, Any], None]


class Plain(str):
    """A plain (unquoted, untagged) YAML scalar, kept as its exact source text.

    Typing is decided later by the schema of the field it lands in, so ``no``, ``on``, ``012``,
    ``1e3`` and ``2013-01-15`` stay exactly as written when a field wants a string.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Plain({str.__repr__(self)})"


@dataclass(frozen=True, slots=True)
class Position:
    """A place in the source text; ``line`` and ``column`` are both 1-based."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """One problem found while loading, with the JSON Pointer and position it concerns.

    Attributes:
        code: Kebab-case problem code, e.g. ``duplicate-key``.
        message: A full sentence saying what is wrong, where, and what to do.
        pointer: RFC 6901 JSON Pointer of the node concerned (``""`` for the root or whole file).
        line: 1-based line.
        column: 1-based column.
    """

    code: str
    message: str
    pointer: str
    line: int
    column: int


def _position(pos: tuple[int, int] | None) -> Position | None:
    return None if pos is None else Position(pos[0] + 1, pos[1] + 1)


class SourceMap:
    """Maps JSON Pointers of physically present nodes to their source positions."""

    __slots__ = ("_keys", "_values")

    def __init__(
        self, values: dict[str, tuple[int, int]] | None = None, keys: dict[str, tuple[int, int]] | None = None
    ) -> None:
        # Positions are stored 0-based (as the parser reports them) and converted on query.
        self._values: dict[str, tuple[int, int]] = {} if values is None else values
        self._keys: dict[str, tuple[int, int]] = {} if keys is None else keys

    def value_position(self, pointer: str) -> Position | None:
        """Returns the start of the value node at ``pointer``, or None if there is none."""
        return _position(self._values.get(pointer))

    def key_position(self, pointer: str) -> Position | None:
        """Returns the start of the mapping key whose value is at ``pointer`` (None for items/root)."""
        return _position(self._keys.get(pointer))

    def locate(self, pointer: str) -> tuple[str, Position]:
        """Finds where an editor should jump for ``pointer``.

        Args:
            pointer: A JSON Pointer, which need not exist (e.g. a missing required key).

        Returns:
            ``(pointer, position)`` for the pointer itself if known (its key position when it is a
            mapping member, else its value position), otherwise for its nearest known ancestor.
            The root ``""`` always resolves, to 1:1 for an empty document.
        """
        while True:
            pos = _position(self._keys.get(pointer) or self._values.get(pointer))
            if pos is not None:
                return pointer, pos
            if not pointer:
                return "", Position(1, 1)
            cut = pointer.rfind("/")
            pointer = pointer[:cut] if cut > 0 else ""

    def __contains__(self, pointer: object) -> bool:
        return pointer in self._values or pointer in self._keys

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceMap):
            return NotImplemented
        return self._values == other._values and self._keys == other._keys

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SourceMap({len(self._values)} values, {len(self._keys)} keys)"


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """The result of `load_yaml`.

    Attributes:
        value: A ``dict`` of the document, or None whenever there is any problem.
        source_map: Positions of every node that was read, even when ``value`` is None.
        problems: Every problem found, sorted by ``(line, column, code)``.
    """

    value: object | None
    source_map: SourceMap
    problems: tuple[YamlProblem, ...]

    @property
    def ok(self) -> bool:
        """True when there are no problems."""
        return not self.problems


def escape_pointer_token(token: str) -> str:
    """Escapes one JSON Pointer reference token (RFC 6901: ``~`` -> ``~0``, ``/`` -> ``~1``)."""
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


def join_pointer(parent: str, token: str | int) -> str:
    """Appends a mapping key or list index to a JSON Pointer, escaping it as needed."""
    return f"{parent}/{token}" if isinstance(token, int) else f"{parent}/{escape_pointer_token(token)}"


def pointer_of(tokens: Iterable[object], base: str = "") -> str:
    """The JSON Pointer below ``base`` for a path of keys and indexes (a pydantic ``loc``).

    Tokens that are neither text nor whole numbers (pydantic's tagged-union markers) are skipped.
    """
    pointer = base
    for token in tokens:
        if isinstance(token, int | str):
            pointer = join_pointer(pointer, token)
    return pointer


_CORE_INT: Final = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_CORE_SPECIAL: Final[dict[str, object]] = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    **{
        s + inf: f
        for inf in (".inf", ".Inf", ".INF")
        for s, f in (("", math.inf), ("+", math.inf), ("-", -math.inf))
    },
    **{nan: math.nan for nan in (".nan", ".NaN", ".NAN")},
}


def resolve_plain(text: str) -> object:
    """Types a plain scalar by the YAML 1.2 core schema.

    Args:
        text: The scalar's source text.

    Returns:
        None, a bool, an int, a float, or ``text`` itself when it is a string. An integer with
        more digits than Python converts (4,300) is returned as ``text`` unchanged.
    """
    if text in _NULLS:
        return None
    special = _CORE_SPECIAL.get(text, _NEED)
    if special is not _NEED:
        return special
    try:
        if _CORE_INT.fullmatch(text):
            base = {"0o": 8, "0x": 16}.get(text[:2], 10)
            return int(text[2:] if base != 10 else text, base)
        if _CORE_FLOAT.fullmatch(text):
            return float(text)
    except ValueError:
        pass
    return text


_Y11_BOOL: Final = re.compile(r"(?i:y|yes|on|true|n|no|off|false)")
_Y11_INT: Final = re.compile(
    r"[-+]?(?:0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+"
    r"|[1-9][0-9_]*(?::[0-5]?[0-9])+)"
)
_Y11_FLOAT: Final = re.compile(
    r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*"
    r"(?:[eE][-+][0-9]+)?|[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_EXPONENT: Final = re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+")
_Y11_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_Y11_TIMESTAMP: Final = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}"
    r":[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)


def _sexagesimal(text: str) -> float:
    sign = -1 if text.startswith("-") else 1
    total = 0.0
    for part in text.lstrip("+-").split(":"):
        total = total * 60 + float(part)
    return sign * total


def yaml11_surprise(text: str) -> str | None:
    """Says what a YAML 1.1 loader (such as PyYAML's default) would make of a plain scalar.

    Args:
        text: The plain scalar's source text.

    Returns:
        A short phrase such as ``"the boolean false"``, ``"the octal number 10"`` or
        ``"a date"`` when YAML 1.1 would not read ``text`` as a string, else None. Exponent
        forms without a dot (``1e3``), which YAML 1.1 tools disagree about and YAML 1.2 reads
        as numbers, are reported too.
    """
    if text in _NULLS:
        return "null (no value)"
    if _Y11_BOOL.fullmatch(text):
        return "the boolean " + ("true" if text.lower() in ("y", "yes", "on", "true") else "false")
    if text == "<<":
        return "a merge key"
    if text == "=":
        return "a YAML 1.1 value key, which PyYAML refuses to load"
    digits = text.replace("_", "")
    try:
        if _Y11_INT.fullmatch(text):
            body = digits.lstrip("+-")
            sign = "-" if digits.startswith("-") else ""
            if ":" in digits:
                return f"the sexagesimal (base 60) number {int(_sexagesimal(digits))}"
            for prefix, base, name in (("0b", 2, "binary"), ("0x", 16, "hexadecimal")):
                if body.startswith(prefix):
                    return f"the {name} number {sign}{int(body[2:], base)}"
            if len(body) > 1 and body.startswith("0"):
                return f"the octal number {sign}{int(body, 8)}"
            return f"the integer {int(digits)}"
        if _Y11_FLOAT.fullmatch(text) or _EXPONENT.fullmatch(text):
            if "nan" in text.lower():
                return "not-a-number (NaN)"
            if "inf" in text.lower():
                return "minus infinity" if text.startswith("-") else "infinity"
            if ":" in digits:
                return f"the sexagesimal (base 60) number {_sexagesimal(digits)}"
            return f"the number {float(digits)}"
    except ValueError:
        return "a number"
    if _Y11_DATE.fullmatch(text):
        return "a date"
    if _Y11_TIMESTAMP.fullmatch(text):
        return "a timestamp"
    return None


@lru_cache(maxsize=4096)
def _plain_key_issue(text: str) -> tuple[str, str] | None:
    """Returns ``(code, what it would be read as)`` for a plain key that is not a safe string."""
    if text == "<<":
        return "merge-key", ""
    if text in _NULLS:
        return "non-string-key", "null"
    typed = resolve_plain(text)
    if isinstance(typed, bool):
        return "non-string-key", f"the boolean {str(typed).lower()}"
    if isinstance(typed, (int, float)):
        return "non-string-key", f"the number {typed}"
    surprise = yaml11_surprise(text)
    return None if surprise is None else ("non-string-key", f"{surprise} by YAML 1.1 tools")


def _text_position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``, counting line breaks the way libyaml does."""
    line, start = 1, 0
    for match in _BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def _where(pointer: str) -> str:
    return f"the mapping at '{pointer}'" if pointer else "the top-level mapping"


def _quote(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


class _Frame:
    """One open collection on the build stack."""

    __slots__ = (
        "anchor",
        "chars",
        "child",
        "child_record",
        "container",
        "index",
        "is_key",
        "is_map",
        "key",
        "pointer",
        "record",
        "start",
    )

    def __init__(
        self,
        container: Any,
        pointer: str,
        record: bool,
        is_key: bool,
        start: int,
        anchor: str | None,
        chars: int,
    ) -> None:
        self.chars = chars  # characters of text read before this collection opened
        self.container, self.is_map, self.pointer, self.record = (
            container,
            isinstance(container, dict),
            pointer,
            record,
        )
        self.is_key, self.start, self.anchor = is_key, start, anchor
        self.key: object = _NEED
        self.child, self.child_record, self.index = "", record, 0


def _build(
    text: str,
    max_depth: int,
    max_aliases: int,
    max_nodes: int,
    max_chars: int,
    report: _Report,
    values: dict[str, tuple[int, int]],
    keys: dict[str, tuple[int, int]],
    loader_class: Any,
) -> object:
    """Walks the event stream of ``text``, filling the source map; returns the root value."""
    loader = loader_class(text)
    get_event: Callable[[], Any] = loader.get_event
    stack: list[_Frame] = []
    # anchor -> (value, nodes, characters of text) once the anchored node is closed; None while open
    anchors: dict[str, tuple[object, int, int] | None] = {}
    nodes = aliases = documents = chars = 0
    mark: Any = None
    root: object = None
    ptr = ""
    try:
        while True:
            event = get_event()
            kind = type(event)
            mark = event.start_mark
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                if frame.anchor is not None:
                    anchors[frame.anchor] = (frame.container, nodes - frame.start + 1, chars - frame.chars)
                if frame.is_key:
                    parent = stack[-1]
                    parent.key, parent.child, parent.child_record = _COMPLEX, parent.pointer + "/?", False
                continue
            if not (
                kind is ScalarEvent
                or kind is AliasEvent
                or kind is MappingStartEvent
                or kind is SequenceStartEvent
            ):
                if kind is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        report(
                            "multiple-documents",
                            "The file holds more than one YAML document (the next"
                            f" starts on line {mark.line + 1}); keep exactly one document per file.",
                            "",
                            mark,
                        )
                        return root
                elif kind is StreamEndEvent:
                    if not documents:
                        report("empty-document", _EMPTY, "", None)
                    return root
                continue
            top = stack[-1] if stack else None
            as_key = top is not None and top.key is _NEED and top.is_map
            if top is None:
                ptr, record = "", True
            elif as_key:
                ptr, record = top.pointer, False
            elif top.is_map:
                ptr, record = top.child, top.child_record
            else:
                ptr, record = top.pointer + "/" + str(top.index), top.record
            tag = None
            if kind is ScalarEvent:
                nodes += 1
                scalar, tag = event.value, event.tag
                chars += len(scalar)
                if tag is None:
                    plain = not event.style  # "" from libyaml, None from the pure-Python parser
                    value: Any = (None if scalar in _NULLS else Plain(scalar)) if plain else scalar
                else:
                    plain, value = False, scalar if (tag == "!" or tag == _STR_TAG) else None
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1, len(scalar))
            elif kind is AliasEvent:
                aliases += 1
                name = event.anchor
                if aliases > max_aliases:
                    report(
                        "alias-limit",
                        f"The document uses more than {max_aliases} aliases (*{name} at"
                        f" '{ptr}' is one too many); write the values out instead.",
                        ptr,
                        mark,
                    )
                    return root
                entry = anchors.get(name)
                if entry is None:
                    why = "inside the node it names" if name in anchors else "used before any anchor &" + name
                    report(
                        "yaml-syntax",
                        f"The alias *{name} at '{ptr}' is {why}; define the anchor earlier"
                        " or write the value out.",
                        ptr,
                        mark,
                    )
                    value, count, scalar, plain = None, 1, "*" + name, False
                else:
                    value, count, size = entry
                    chars += size
                    scalar, plain = (
                        value if isinstance(value, str) else "",
                        value is None or isinstance(value, Plain),
                    )
                nodes += count
            else:
                nodes += 1
                tag, value = event.tag, {} if kind is MappingStartEvent else []
            if nodes > max_nodes:
                report(
                    "too-large",
                    f"The document has more than {max_nodes:,} nodes (an alias counts as the"
                    f" whole node it names), reached at '{ptr}'; make it smaller.",
                    ptr,
                    mark,
                )
                return root
            if chars > max_chars:
                report(
                    "too-large",
                    f"The document's text, with each alias counted as the text it repeats, is more"
                    f" than {max_chars:,} characters, reached at '{ptr}'; make it smaller or write"
                    " fewer aliases.",
                    ptr,
                    mark,
                )
                return root
            if as_key and top is not None:
                if isinstance(value, (dict, list)):
                    what = "mapping" if isinstance(value, dict) else "list"
                    report(
                        "complex-key",
                        f"A key in {_where(ptr)} is a {what}; keys must be strings, so"
                        " write the key as one string.",
                        ptr,
                        mark,
                    )
                    if kind is AliasEvent:
                        top.key, top.child, top.child_record = _COMPLEX, ptr + "/?", False
                        continue
                    ptr += "/?"
                else:
                    _take_key(top, scalar, plain, tag, mark, keys, report)
                    continue
            elif record:
                values[ptr] = (mark.line, mark.column)
            if tag is not None and tag != "!" and (tag != _STR_TAG or kind is not ScalarEvent):
                shown = "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag
                report(
                    "tag-not-allowed",
                    f"The tag {shown} at '{ptr}' is not allowed; remove it and write"
                    " plain data (quote the value if it must stay text).",
                    ptr,
                    mark,
                )
            elif top is None:
                if kind is ScalarEvent and value is None:
                    report("empty-document", _EMPTY, "", None)
                elif kind is ScalarEvent or kind is SequenceStartEvent:
                    what = "a list" if kind is SequenceStartEvent else "a single value"
                    report(
                        "not-a-mapping",
                        f"The top level of the document is {what}, but it must be a"
                        " mapping of keys to values (key: value).",
                        "",
                        mark,
                    )
            if top is None:
                root = value
            elif not as_key:
                if top.is_map:
                    top.container[top.key] = value
                    top.key = _NEED
                else:
                    top.container.append(value)
                    top.index += 1
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                if len(stack) >= max_depth:
                    report(
                        "too-deep",
                        f"The nesting at '{ptr}' is deeper than {max_depth} levels; flatten the structure.",
                        ptr,
                        mark,
                    )
                    return root
                if event.anchor is not None:
                    anchors[event.anchor] = None
                stack.append(_Frame(value, ptr, record, as_key, nodes, event.anchor, chars))
    except yaml.MarkedYAMLError as error:
        at = _in_text(text, error.problem_mark or error.context_mark)
        top = stack[-1] if stack else None
        report(
            "yaml-syntax",
            _syntax_message(error, at),
            "" if top is None else top.child if top.is_map and top.key is not _NEED else top.pointer,
            at,
        )
    except Exception as error:
        code = {RecursionError: "too-deep", MemoryError: "too-large"}.get(type(error), "yaml-syntax")
        report(
            code,
            f"The YAML could not be read ({' '.join(str(error).split()) or type(error).__name__});"
            " check the file around this point.",
            stack[-1].pointer if stack else "",
            mark,
        )
    finally:
        loader.dispose()
    return root


def _take_key(
    top: _Frame,
    key: str,
    plain: bool,
    tag: str | None,
    mark: Any,
    keys: dict[str, tuple[int, int]],
    report: _Report,
) -> None:
    """Checks a scalar mapping key, records its position and makes it the frame's pending key."""
    ptr = top.pointer + "/" + (key if "~" not in key and "/" not in key else escape_pointer_token(key))
    first = keys.get(ptr)
    duplicate = key in top.container
    if tag is not None and tag != "!" and tag != _STR_TAG:
        shown = "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag
        report(
            "tag-not-allowed",
            f"The tag {shown} on the key {_quote(key)} in {_where(top.pointer)} is not"
            " allowed; write the key as a plain string.",
            ptr,
            mark,
        )
    elif plain and (issue := _plain_key_issue(key)) is not None:
        if issue[0] == "merge-key":
            report(
                "merge-key",
                f"The merge key '<<' in {_where(top.pointer)} is not supported; write the"
                " merged keys out in full.",
                ptr,
                mark,
            )
        else:
            report(
                "non-string-key",
                f"The key {_quote(key)} in {_where(top.pointer)} would be read as"
                f" {issue[1]}, not a string; put it in quotes if a string was meant.",
                ptr,
                mark,
            )
    if duplicate:
        seen = f"first on line {first[0] + 1} and again" if first is not None else "again"
        report(
            "duplicate-key",
            f"The key {_quote(key)} appears twice in {_where(top.pointer)}: {seen} on line"
            f" {mark.line + 1}; remove or rename one of them.",
            ptr,
            mark,
        )
    record = top.record and not duplicate
    if record:
        keys[ptr] = (mark.line, mark.column)
    top.container[key] = None
    top.key, top.child, top.child_record = key, ptr, record


@dataclass(frozen=True, slots=True)
class _Mark:
    line: int  # 0-based, like the parser's marks
    column: int


def _in_text(text: str, mark: Any) -> Any:
    """``mark``, or the end of the last line when ``mark`` is on the line after it.

    At the end of a text with no final line break, the parser marks the end of the stream
    at the start of the line after the last one, which the file does not have.
    """
    if mark is None or not text or _BREAK.match(text[-1]):
        return mark
    line, column = _text_position(text, len(text))
    return _Mark(line - 1, column - 1) if mark.line >= line else mark


def _syntax_message(error: yaml.MarkedYAMLError, at: Any) -> str:
    problem = " ".join(str(error.problem or "invalid YAML").split())
    context = ""
    if error.context:
        context = " (" + " ".join(str(error.context).split())
        if error.context_mark is not None:
            context += f" at line {error.context_mark.line + 1}, column {error.context_mark.column + 1}"
        context += ")"
    where = f" at line {at.line + 1}, column {at.column + 1}" if at is not None else ""
    return f"YAML syntax error{where}: {problem}{context}; check indentation, colons and quotes here."


def file_too_large(size: int, max_bytes: int) -> YamlProblem:
    """The problem of a file of ``size`` bytes, over the limit of ``max_bytes``."""
    return YamlProblem(
        "file-too-large",
        f"The file is {size:,} bytes, over the limit of {max_bytes:,} bytes; split it into smaller files.",
        "",
        1,
        1,
    )


def _prepare(data: bytes | str, max_bytes: int, report: _Report) -> str | None:
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
            line, column = _text_position(prefix := raw[: error.start].decode("utf-8"), len(prefix))
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
        line, column = _text_position(text, bad.start())
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
    root = None if text is None else _build(text, *limits, report, values, keys, _LOADER)
    if _LOADER is not yaml.SafeLoader and any(_NESTING_LIMIT in p.message for p in problems):
        # Newer libyaml stops at its own nesting limit (1000 levels) while scanning ahead, before
        # this loader's smaller limit is reached. The pure-Python parser reads lazily, so it
        # reports the first level that is too deep, exactly as for any other input.
        problems.clear()
        values.clear()
        keys.clear()
        root = None if text is None else _build(text, *limits, report, values, keys, yaml.SafeLoader)
    problems.sort(key=lambda p: (p.line, p.column, p.code))
    return YamlDocument(None if problems else root, SourceMap(values, keys), tuple(problems))
