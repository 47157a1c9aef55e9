"""JSON Pointers (RFC 6901): escaping a token, joining a path, a pydantic ``loc`` as a pointer."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["escape_pointer_token", "join_pointer", "pointer_of"]


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
