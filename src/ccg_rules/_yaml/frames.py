"""The build stack's frames, one open collection each, and the checks a mapping key passes to join one.

`ccg_rules._yaml.events.build` keeps a stack of `Frame`; this module holds what a frame is and
how a scalar key is checked, recorded and made a frame's pending key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from ccg_rules._yaml.pointers import escape_pointer_token
from ccg_rules._yaml.scalars import plain_key_issue

__all__ = ["COMPLEX", "NEED", "STR_TAG", "Frame", "Report", "is_clean_key", "take_key", "where"]

STR_TAG: Final = "tag:yaml.org,2002:str"
NEED: Final = object()  # a mapping frame waiting for its next key
COMPLEX: Final = object()  # stands in for a key that was a collection
Report = Callable[[str, str, str, Any], None]
"""Records one problem: code, message, pointer, and a mark, a (line, column) or None."""


def where(pointer: str) -> str:
    """The mapping at ``pointer``, named for a message."""
    return f"the mapping at '{pointer}'" if pointer else "the top-level mapping"


def _quote(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


class Frame:
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
        "prefix",
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
        self.container = container
        self.is_map = type(container) is dict
        self.pointer = pointer
        self.prefix = pointer + "/"  # what every child's pointer starts with, joined once
        self.record = record
        self.is_key = is_key
        self.start = start
        self.anchor = anchor
        self.key: object = NEED
        self.child = ""
        self.child_record = record
        self.index = 0


def is_clean_key(key: str, plain: bool, clean: set[str]) -> bool:
    """Whether ``key`` needs no escaping in a pointer and no problem as a key (`take_key`'s checks).

    A key fine in any style is remembered in ``clean``, so that its next use costs one lookup. A
    key fine only quoted is not: a quoted ``'no'`` is a fine key, but a later plain ``no`` is not.
    """
    if "~" in key or "/" in key:
        return False
    if plain_key_issue(key) is None:
        clean.add(key)
        return True
    return not plain


def take_key(
    top: Frame,
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
    if tag is not None and tag != "!" and tag != STR_TAG:
        shown = "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag
        report(
            "tag-not-allowed",
            f"The tag {shown} on the key {_quote(key)} in {where(top.pointer)} is not"
            " allowed; write the key as a plain string.",
            ptr,
            mark,
        )
    elif plain and (issue := plain_key_issue(key)) is not None:
        if issue[0] == "merge-key":
            report(
                "merge-key",
                f"The merge key '<<' in {where(top.pointer)} is not supported; write the"
                " merged keys out in full.",
                ptr,
                mark,
            )
        else:
            report(
                "non-string-key",
                f"The key {_quote(key)} in {where(top.pointer)} would be read as"
                f" {issue[1]}, not a string; put it in quotes if a string was meant.",
                ptr,
                mark,
            )
    if duplicate:
        seen = f"first on line {first[0] + 1} and again" if first is not None else "again"
        report(
            "duplicate-key",
            f"The key {_quote(key)} appears twice in {where(top.pointer)}: {seen} on line"
            f" {mark.line + 1}; remove or rename one of them.",
            ptr,
            mark,
        )
    record = top.record and not duplicate
    if record:
        keys[ptr] = (mark.line, mark.column)
    top.container[key] = None
    top.key, top.child, top.child_record = key, ptr, record
