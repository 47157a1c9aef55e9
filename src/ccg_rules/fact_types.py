"""Fact types: the shapes of the flat records rules match, as plain data.

`ccg_rules.facts` derives them from a document model; this module holds only the
records themselves, and their conversion to and from JSON, so that a check that reads
a fact schema from a file needs neither pydantic nor the models.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

FieldKind = Literal["text", "choice", "int", "number", "bool", "date", "list"]

BUILTIN = {"path": "$path", "parent": "$parent", "index": "$index"}
"""Rule-language names of the fields every fact has, and their keys in a fact."""

NATURAL_KEYS = ("id", "code", "person", "name", "value")
"""The fields that identify a list element, in order of preference (for stable fingerprints)."""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a fact type."""

    name: str
    kind: FieldKind
    choices: tuple[str, ...] = ()
    item: FieldSpec | None = None  # for kind "list"


@dataclass(frozen=True, slots=True)
class FactType:
    """One kind of fact, e.g. ``governing_body.members``."""

    name: str
    pointer: str  # JSON Pointer pattern with ``*`` for list indexes
    fields: dict[str, FieldSpec]
    parent: str | None = None
    natural_key: str | None = None
    references: tuple[tuple[str, str, str], ...] = ()  # (field, target collection, prefix)


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
