"""Frozen records: values compared and hashed by their fields, defined without `dataclasses`.

The rule IR (`ccg_rules.rules.ir`) and the small values of the command line's fast path
(positions, problems, matches, firings, fact schemas, grammar tables) are defined on every
cold start. As ``@dataclass(frozen=True, slots=True)`` classes they cost that start a lot:
importing `dataclasses` (with `inspect`) alone is about 42 million instructions, and the
decorator compiles each class's methods from source text at import, about 2 million per
class. Written out here and in each class, they are compiled ahead with the module's
bytecode. Equality, hashing, ``repr``, immutability, copying and pattern matching behave as
the dataclasses' did (``tests/test_ir_records.py``); `replace` and `fields_of` stand in for
`dataclasses.replace` and `dataclasses.fields`.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, ClassVar, TypeVar

_set = object.__setattr__
_R = TypeVar("_R", bound="Record")


class Record:
    """A frozen value compared and hashed by its fields, named in order by ``_fields``.

    A subclass sets ``_fields`` and ``__slots__`` to the same names, and an ``__init__``
    that sets each with ``object.__setattr__``.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _key: ClassVar[Any]

    def __init_subclass__(cls) -> None:
        fields = cls._fields
        setattr(cls, "__match_args__", fields)  # noqa: B010 (pattern matching, as a dataclass has)
        getter: Any = attrgetter(*fields)
        cls._key = getter if len(fields) > 1 else staticmethod(lambda self: (getter(self),))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(self._key(self) == self._key(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key(self))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({inner})"

    def __setattr__(self, name: str, value: object) -> None:
        raise _frozen(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise _frozen(f"cannot delete field {name!r}")

    def __getstate__(self) -> list[object]:
        return list(self._key(self))

    def __setstate__(self, state: list[object]) -> None:
        for name, value in zip(self._fields, state, strict=True):
            _set(self, name, value)


def _frozen(message: str) -> AttributeError:
    """The dataclasses' error for changing a frozen value (imported only when it happens)."""
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(message)


def fields_of(record: Record) -> tuple[str, ...]:
    """The field names of a record, in order."""
    return record._fields


def replace(record: _R, **changes: object) -> _R:
    """A copy of a record with ``changes`` to some of its fields (as `dataclasses.replace`)."""
    values: dict[str, object] = {name: getattr(record, name) for name in record._fields}
    values.update(changes)
    return type(record)(**values)
