"""Building plain data from PyYAML's event stream, with an explicit stack, recording positions and problems.

No recursion and no ``yaml.load``: tags, scalar styles and positions stay visible, and deep
nesting is harmless. `ccg_rules._yaml.load_yaml` is the entry point.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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

from ccg_rules._record import Record
from ccg_rules._yaml.frames import COMPLEX, NEED, STR_TAG, Frame, Report, is_clean_key, take_key, where
from ccg_rules._yaml.scalars import NULLS, Plain

_set = object.__setattr__

NESTING_LIMIT: Final = "exceeded maximum nesting depth"
"""What libyaml says when it stops at its own nesting limit."""
BREAK: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""A line break, as libyaml counts them."""
_EMPTY: Final = "The document is empty; it must be a mapping of keys to values (key: value)."


def text_position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``, counting line breaks the way libyaml does."""
    line, start = 1, 0
    for match in BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1



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
    """Walks the event stream of ``text``, filling the source map; returns the root value.

    Nearly every event of a real document is an untagged, unanchored scalar or collection inside
    a collection, far from any limit: two fast paths at the top of the loop handle exactly those,
    doing only what the general path below would do for them, in the same order. Everything else
    (the root, tags, anchors, aliases, complex keys, keys that need checking, a limit about to be
    reached, documents, the end of the stream) takes the general path.
    """
    loader = loader_class(text)
    get_event: Callable[[], Any] = loader.get_event
    stack: list[Frame] = []
    top: Frame | None = None  # stack[-1], kept in step with the stack, or None while it is empty
    # anchor -> (value, nodes, characters of text) once the anchored node is closed; None while open
    anchors: dict[str, tuple[object, int, int] | None] = {}
    clean: set[str] = set()  # keys seen to need no escaping and no problem, written in any style
    nodes = aliases = documents = chars = 0
    mark: Any = None
    root: object = None
    ptr = ""
    try:
        while True:
            event = get_event()
            kind = type(event)
            mark = event.start_mark
            if kind is ScalarEvent and top is not None and event.tag is None and event.anchor is None:
                scalar = event.value
                # Fast path 1: a plain or quoted scalar, as a list item, a mapping value or a key.
                # The limit checks are the general path's, before counting this node.
                size = chars + len(scalar)
                if nodes < max_nodes and size <= max_chars:
                    nodes += 1
                    chars = size
                    plain = not event.style  # "" from libyaml, None from the pure-Python parser
                    container = top.container
                    if not top.is_map:
                        if top.record:
                            values[top.prefix + str(top.index)] = (mark.line, mark.column)
                        container.append((None if scalar in NULLS else Plain(scalar)) if plain else scalar)
                        top.index += 1
                    elif top.key is not NEED:
                        if top.child_record:
                            values[top.child] = (mark.line, mark.column)
                        container[top.key] = (None if scalar in NULLS else Plain(scalar)) if plain else scalar
                        top.key = NEED
                    elif scalar in container or not (scalar in clean or is_clean_key(scalar, plain, clean)):
                        take_key(top, scalar, plain, None, mark, keys, report)  # a key with a problem
                    else:
                        # A new key that needs no escaping and no problem: what `take_key` does for it.
                        ptr = top.prefix + scalar
                        if top.record:
                            keys[ptr] = (mark.line, mark.column)
                        container[scalar] = None
                        top.key, top.child, top.child_record = scalar, ptr, top.record
                    continue
            elif (
                (kind is MappingStartEvent or kind is SequenceStartEvent)
                and top is not None
                and event.tag is None
                and event.anchor is None
                and (top.key is not NEED or not top.is_map)
                and nodes < max_nodes
                and chars <= max_chars
                and len(stack) < max_depth
            ):
                # Fast path 2: a collection opening as a list item or a mapping value (not a key).
                collection: Any = {} if kind is MappingStartEvent else []
                nodes += 1
                if top.is_map:
                    ptr, record = top.child, top.child_record
                    top.container[top.key] = collection
                    top.key = NEED
                else:
                    ptr, record = top.prefix + str(top.index), top.record
                    top.container.append(collection)
                    top.index += 1
                if record:
                    values[ptr] = (mark.line, mark.column)
                top = Frame(collection, ptr, record, False, nodes, None, chars)
                stack.append(top)
                continue
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                top = stack[-1] if stack else None
                if frame.anchor is not None:
                    anchors[frame.anchor] = (frame.container, nodes - frame.start + 1, chars - frame.chars)
                if frame.is_key and top is not None:
                    top.key, top.child, top.child_record = COMPLEX, top.pointer + "/?", False
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
            as_key = top is not None and top.key is NEED and top.is_map
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
                    plain, value = False, scalar if (tag == "!" or tag == STR_TAG) else None
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
                        f"A key in {where(ptr)} is a {what}; keys must be strings, so"
                        " write the key as one string.",
                        ptr,
                        mark,
                    )
                    if kind is AliasEvent:
                        top.key, top.child, top.child_record = COMPLEX, ptr + "/?", False
                        continue
                    ptr += "/?"
                else:
                    take_key(top, scalar, plain, tag, mark, keys, report)
                    continue
            elif record:
                values[ptr] = (mark.line, mark.column)
            if tag is not None and tag != "!" and (tag != STR_TAG or kind is not ScalarEvent):
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
                    top.key = NEED
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
                top = Frame(value, ptr, record, as_key, nodes, event.anchor, chars)
                stack.append(top)
    except yaml.MarkedYAMLError as error:
        at = _in_text(text, error.problem_mark or error.context_mark)
        top = stack[-1] if stack else None
        report(
            "yaml-syntax",
            _syntax_message(error, at),
            "" if top is None else top.child if top.is_map and top.key is not NEED else top.pointer,
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


class _Mark(Record):
    """A position in the parser's own terms, for a problem at the end of the text."""

    _fields = ("line", "column")
    __slots__ = _fields

    line: int  # 0-based, like the parser's marks
    column: int

    def __init__(self, line: int, column: int) -> None:
        _set(self, "line", line)
        _set(self, "column", column)


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
