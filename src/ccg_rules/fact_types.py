"""Fact types: the shapes of the flat records rules match, as plain data.

`ccg_rules.facts` derives them from a document model; this module holds only the
records themselves, and their conversion to and from JSON, so that a check that reads
a fact schema from a file needs neither pydantic nor the models.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal, cast

from ccg_rules._record import Record

_set = object.__setattr__

FieldKind = Literal["text", "choice", "int", "number", "bool", "date", "list"]

BUILTIN = {"path": "$path", "parent": "$parent", "index": "$index"}
"""Rule-language names of the fields every fact has, and their keys in a fact."""

NATURAL_KEYS = ("id", "code", "person", "name", "value")
"""The fields that identify a list element, in order of preference (for stable fingerprints)."""


class FieldSpec(Record):
    """One field of a fact type."""

    _fields = ("name", "kind", "choices", "item")
    __slots__ = _fields

    name: str
    kind: FieldKind
    choices: tuple[str, ...]
    item: FieldSpec | None  # for kind "list"

    def __init__(
        self,
        name: str,
        kind: FieldKind,
        choices: tuple[str, ...] = (),
        item: FieldSpec | None = None,
    ) -> None:
        _set(self, "name", name)
        _set(self, "kind", kind)
        _set(self, "choices", choices)
        _set(self, "item", item)


class FactType(Record):
    """One kind of fact, e.g. ``governing_body.members``."""

    _fields = ("name", "pointer", "fields", "parent", "natural_key", "references")
    __slots__ = _fields

    name: str
    pointer: str  # JSON Pointer pattern with ``*`` for list indexes
    fields: dict[str, FieldSpec]
    parent: str | None
    natural_key: str | None
    references: tuple[tuple[str, str, str], ...]  # (field, target collection, prefix)

    def __init__(
        self,
        name: str,
        pointer: str,
        fields: dict[str, FieldSpec],
        parent: str | None = None,
        natural_key: str | None = None,
        references: tuple[tuple[str, str, str], ...] = (),
    ) -> None:
        _set(self, "name", name)
        _set(self, "pointer", pointer)
        _set(self, "fields", fields)
        _set(self, "parent", parent)
        _set(self, "natural_key", natural_key)
        _set(self, "references", references)


SPECIALIST_WINDOW = "derived.specialist_window"
"""The derived fact type of reg 11(6): one fact per secondary care specialist seat with an
``appointed`` date, its ``parent`` the seat (``governing_body.members``). Its fields:

* ``person``: the seat's person id; ``appointed``: the seat's appointment date, the last day
  of the window; ``window_from``: the day 10 years before it (the calendar rule), the first;
* ``dated``: every GMC specialist, specialist-eligible and GP registration, and every NHS
  consultant and armed forces specialty post, of the person has a ``since`` date;
* ``specialist``, ``post`` and ``not_gp``: on some day of the window the person was on the
  specialist register (or eligible for it), held such a post, and was not on the GP
  register, each on its own;
* ``together``: on some day of the window all three held at once; ``first_day``: the first
  such day (only when ``together``).

A registration or post holds on every day from its ``since`` to its ``until``, both
included (one shared day is enough); with no ``until`` it still holds; with no ``since``
it is taken to have held from before the window (and ``dated`` is false).
"""

SPECIALIST_WINDOW_FIELDS = (
    FieldSpec("person", "text"),
    FieldSpec("appointed", "date"),
    FieldSpec("window_from", "date"),
    FieldSpec("dated", "bool"),
    FieldSpec("specialist", "bool"),
    FieldSpec("post", "bool"),
    FieldSpec("not_gp", "bool"),
    FieldSpec("together", "bool"),
    FieldSpec("first_day", "date"),
)
"""The fields of `SPECIALIST_WINDOW` facts."""


def iter_fields(fact_type: FactType) -> Iterator[FieldSpec]:
    """Yield a fact type's own fields, then the built-in ones."""
    yield from fact_type.fields.values()
    yield FieldSpec("path", "text")
    yield FieldSpec("parent", "text")
    yield FieldSpec("index", "int")


def schema_to_data(schema: Mapping[str, FactType]) -> dict[str, Any]:
    """A fact schema as JSON-ready data (`schema_from_data` reads it back, equal)."""

    def spec(f: FieldSpec) -> dict[str, Any]:
        out: dict[str, Any] = {"name": f.name, "kind": f.kind}
        if f.choices:
            out["choices"] = list(f.choices)
        if f.item is not None:
            out["item"] = spec(f.item)
        return out

    return {
        name: {
            "pointer": ft.pointer,
            "fields": [spec(f) for f in ft.fields.values()],
            "parent": ft.parent,
            "natural_key": ft.natural_key,
            "references": [list(r) for r in ft.references],
        }
        for name, ft in schema.items()
    }


def schema_from_data(data: Mapping[str, Any]) -> dict[str, FactType]:
    """The fact schema `schema_to_data` wrote."""

    def spec(d: Mapping[str, Any]) -> FieldSpec:
        item = d.get("item")
        kind = cast("FieldKind", d["kind"])
        return FieldSpec(d["name"], kind, tuple(d.get("choices", ())), spec(item) if item else None)

    return {
        name: FactType(
            name,
            d["pointer"],
            {f["name"]: spec(f) for f in d["fields"]},
            d["parent"],
            d["natural_key"],
            tuple((r[0], r[1], r[2]) for r in d["references"]),
        )
        for name, d in data.items()
    }
