"""Flatten: a validated document into facts, one flat record per addressable element.

See `ccg_rules.facts` for the fact schema the records follow: dotted names for nested
objects, a fact type per list of objects, ``$path``/``$parent``/``$index`` on every
fact, and references to people resolved.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass, field

from pydantic import BaseModel

from ccg_rules._yaml import join_pointer
from ccg_rules.facts import NATURAL_KEYS, fact_schema


@dataclass(slots=True)
class FactSet:
    """The facts of one document."""

    facts: list[dict[str, object]] = field(default_factory=list)
    by_path: dict[str, dict[str, object]] = field(default_factory=dict)
    stable: dict[str, str] = field(default_factory=dict)

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


def _stable_token(item: BaseModel | object, index: int) -> str:
    if isinstance(item, BaseModel):
        values = item.__dict__
        for key in NATURAL_KEYS:
            value = values.get(key)
            if isinstance(value, str):
                return f"[{key}={value}]"
        return str(index)
    return f"[{item}]" if isinstance(item, str) else str(index)


def _fill(
    fact: dict[str, object],
    model: BaseModel,
    owner: str,
    prefix: str,
    pointer: str,
    stable: str,
    out: FactSet,
) -> None:
    # __dict__ holds the validated field values; reading it directly avoids pydantic's
    # attribute machinery, which dominated flattening time.
    for name, value in model.__dict__.items():
        if value is None:
            continue
        dotted = prefix + name
        ptr = join_pointer(pointer, name)
        st = join_pointer(stable, name)
        if isinstance(value, BaseModel):
            _fill(fact, value, owner, dotted + ".", ptr, st, out)
        elif isinstance(value, list):
            type_name = dotted if owner == "document" else f"{owner}.{dotted}"
            if not value or not isinstance(value[0], BaseModel):
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
                if isinstance(item, BaseModel):
                    _fill(child, item, type_name, "", child_ptr, child_st, out)
                else:
                    child["value"] = _scalar(item)
                out.add(child, child_st)
        else:
            fact[dotted] = _scalar(value)


def flatten(document: BaseModel) -> FactSet:
    """Flatten a validated document of any kind into facts, with references to people resolved."""
    out = FactSet()
    root: dict[str, object] = {"$type": "document", "$path": "", "$parent": "", "$index": 0}
    out.add(root, "")
    _fill(root, document, "document", "", "", "", out)
    schema = fact_schema(type(document))
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
    return out
