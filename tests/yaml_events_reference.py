"""The tree builder of `ccg_rules._yaml.events` as it was before its fast paths, kept verbatim as
the reference that tests/test_yaml_events_differential.py holds the current builder to.

Do not edit it to follow the current builder: its job is to stay the behaviour to match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
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

from ccg_rules._yaml.pointers import escape_pointer_token
from ccg_rules._yaml.scalars import NULLS, Plain, plain_key_issue

NESTING_LIMIT: Final = "exceeded maximum nesting depth"
"""What libyaml says when it stops at its own nesting limit."""
_STR_TAG: Final = "tag:yaml.org,2002:str"
BREAK: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""A line break, as libyaml counts them."""
_NEED: Final = object()  # a mapping frame waiting for its next key
_COMPLEX: Final = object()  # stands in for a key that was a collection
_EMPTY: Final = "The document is empty; it must be a mapping of keys to values (key: value)."
Report = Callable[[str, str, str, Any], None]
"""Records one problem: code, message, pointer, and a mark, a (line, column) or None."""


def text_position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``, counting line breaks the way libyaml does."""
    line, start = 1, 0
    for match in BREAK.finditer(text, 0, index):
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


def build(
    text: str,
    max_depth: int,
    max_aliases: int,
    max_nodes: int,
    max_chars: int,
    report: Report,
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
                    value: Any = (None if scalar in NULLS else Plain(scalar)) if plain else scalar
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
    report: Report,
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
    elif plain and (issue := plain_key_issue(key)) is not None:
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
    if mark is None or not text or BREAK.match(text[-1]):
        return mark
    line, column = text_position(text, len(text))
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
