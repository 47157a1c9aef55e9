"""Flatten: a validated document into facts, one flat record per addressable element.

See `ccg_rules.facts` for the fact schema the records follow: dotted names for nested
objects, a fact type per list of objects, ``$path``/``$parent``/``$index`` on every
fact, and references to people resolved.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ccg_rules._yaml import join_pointer
from ccg_rules.fact_types import NATURAL_KEYS, FactType

if TYPE_CHECKING:
    from pydantic import BaseModel


class FactSet:
    """The facts of one document: in order, by ``$path``, and the stable path of each.

    A plain slotted class, not a dataclass, so that the command line's fast path does not
    import `dataclasses` (see `ccg_rules._record`).
    """

    __slots__ = ("by_path", "facts", "stable")

    def __init__(
        self,
        facts: list[dict[str, object]] | None = None,
        by_path: dict[str, dict[str, object]] | None = None,
        stable: dict[str, str] | None = None,
    ) -> None:
        self.facts: list[dict[str, object]] = [] if facts is None else facts
        self.by_path: dict[str, dict[str, object]] = {} if by_path is None else by_path
        self.stable: dict[str, str] = {} if stable is None else stable

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, FactSet)
        return (self.facts, self.by_path, self.stable) == (other.facts, other.by_path, other.stable)

    __hash__ = None  # type: ignore[assignment]  # it changes as facts are added

    def __repr__(self) -> str:
        return f"FactSet(facts={self.facts!r}, by_path={self.by_path!r}, stable={self.stable!r})"

    def add(self, fact: dict[str, object], stable: str) -> None:
        """Add ``fact`` under its ``$path``."""
        self.facts.append(fact)
        path = typing.cast(str, fact["$path"])
        self.by_path[path] = fact
        self.stable[path] = stable


def _scalar(value: object) -> object:
    if isinstance(value, dt.date):
        return value.toordinal()
    return value


_SCALARS = frozenset({str, int, float, bool, dt.date})


def _record(value: object) -> dict[str, object] | None:
    """The fields of a section of a document, as a validated model's or as plain data, else None.

    A validated model's ``__dict__`` holds its field values in definition order; the fast
    path's validator (without pydantic) gives the same values as plain dicts.
    """
    kind = type(value)
    if kind is dict:
        return value  # type: ignore[return-value]
    if kind in _SCALARS or kind is list:
        return None
    if getattr(value, "__pydantic_fields__", None) is not None:
        fields: dict[str, object] = value.__dict__
        return fields
    return None


def _stable_token(item: object, index: int) -> str:
    values = _record(item)
    if values is not None:
        for key in NATURAL_KEYS:
            value = values.get(key)
            if isinstance(value, str):
                return f"[{key}={value}]"
        return str(index)
    return f"[{item}]" if isinstance(item, str) else str(index)


def _fill(
    fact: dict[str, object],
    values: dict[str, object],
    owner: str,
    prefix: str,
    pointer: str,
    stable: str,
    out: FactSet,
) -> None:
    # A model's __dict__ holds the validated field values; reading it directly avoids
    # pydantic's attribute machinery, which dominated flattening time.
    for name, value in values.items():
        if value is None:
            continue
        dotted = prefix + name
        if type(value) in _SCALARS:  # most fields: no pointers to make
            fact[dotted] = _scalar(value)
            continue
        ptr = join_pointer(pointer, name)
        st = join_pointer(stable, name)
        section = _record(value)
        if section is not None:
            _fill(fact, section, owner, dotted + ".", ptr, st, out)
        elif isinstance(value, list):
            type_name = list_fact_type(owner, dotted)
            if not value or _record(value[0]) is None:
                # Lists of scalars are always present, empty or not, so that
                # "does not contain" holds for an empty list.
                fact[dotted] = tuple(_scalar(v) for v in value)
            for index, item in enumerate(value):
                child_ptr = join_pointer(ptr, index)
                child_st = join_pointer(st, _stable_token(item, index))
                child: dict[str, object] = {
                    "$type": type_name,
                    "$path": child_ptr,
                    "$parent": fact["$path"],
                    "$index": index,
                }
                fields = _record(item)
                if fields is not None:
                    _fill(child, fields, type_name, "", child_ptr, child_st, out)
                else:
                    child["value"] = _scalar(item)
                out.add(child, child_st)
        else:
            fact[dotted] = _scalar(value)


def flatten(document: BaseModel | dict[str, object], schema: Mapping[str, FactType] | None = None) -> FactSet:
    """Flatten a validated document of any kind into facts, with references to people resolved.

    Args:
        document: The validated model, or the same values as plain data (dicts in the
            model's field order, as a validator without pydantic gives them).
        schema: The kind's fact schema; by default derived from the model's class.
    """
    values = _record(document)
    if values is None:
        raise TypeError(f"cannot flatten a {type(document).__name__}")
    if schema is None:
        from ccg_rules.facts import fact_schema

        schema = fact_schema(type(document))  # type: ignore[arg-type]
    out = FactSet()
    root = root_fact()
    out.add(root, "")
    _fill(root, values, "document", "", "", "", out)
    resolve_references(out, schema)
    return out


def root_fact() -> dict[str, object]:
    """The document's own fact, before its fields are filled in."""
    return {"$type": "document", "$path": "", "$parent": "", "$index": 0}


def list_fact_type(owner: str, dotted: str) -> str:
    """The fact type of the entries of the list ``dotted`` in a fact of type ``owner``."""
    return dotted if owner == "document" else f"{owner}.{dotted}"


def resolve_references(out: FactSet, schema: Mapping[str, FactType]) -> None:
    """Give each fact that refers to another (a person, by id) the scalar fields of the one it names."""
    targets: dict[str, dict[object, dict[str, object]]] = {}
    for fact in out.facts:
        ft = schema[str(fact["$type"])]
        for field_name, target, prefix in ft.references:
            ref = fact.get(field_name)
            if ref is None:
                continue
            index = targets.get(target)
            if index is None:
                index = {}
                for t in out.facts:
                    if t["$type"] == target:
                        index.setdefault(t.get("id"), t)
                targets[target] = index
            found = index.get(ref)
            if found is None:
                continue
            for key, value in found.items():
                if not key.startswith("$") and not isinstance(value, tuple):
                    fact[f"{prefix}.{key}"] = value
