"""The source map: where each JSON Pointer of a loaded document sits in its text."""

from __future__ import annotations

from ccg_rules._record import Record

_set = object.__setattr__


__all__ = ["Position", "SourceMap"]


class Position(Record):
    """A place in the source text; ``line`` and ``column`` are both 1-based."""

    _fields = ("line", "column")
    __slots__ = _fields

    line: int
    column: int

    def __init__(self, line: int, column: int) -> None:
        _set(self, "line", line)
        _set(self, "column", column)


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
