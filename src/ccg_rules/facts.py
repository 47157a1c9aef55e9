"""Facts: the schema of the flat records a document becomes, one per addressable element.

`ccg_rules.pipeline.flatten` makes the records. The fact schema is derived from the
document model, so the rule language can only name fields the model has:

* the root is one fact of type ``document``; nested objects are flattened into it with
  dotted names (``ccg.name``, ``population.registered``, ``conflicts_of_interest.register.published``);
* every list of objects is a fact type named by its path without indexes
  (``people``, ``people.registrations``, ``governing_body.members``, ``committees``);
* a list of scalars is a tuple-valued field of its owner (tested with ``contains``) *and*
  a fact type of its own whose facts have a single field ``value`` (``committees.members``),
  so that list entries can be joined on;
* every fact also has ``path`` (its JSON Pointer), ``parent`` (the pointer of the list
  element that encloses it, ``""`` at the top) and ``index``;
* a reference to a person (a field typed `ccg_rules.model.types.PersonRef`) is
  resolved: the fact also gets that person's scalar fields under the reference's name
  (``person.name``, ``person.category``; ``chair.category`` for a committee's chair;
  ``person.*`` for an entry of a list of references). An unknown id resolves to nothing.

Dates become day ordinals; absent and null values are left out.

One fact type is *derived*, not flattened: `SPECIALIST_WINDOW` (``derived.specialist_window``),
one fact per secondary care specialist seat with an appointment date, saying on which days
of the 10 years ending with that date the three conditions of reg 11(6) of SI 2012/1631
held, apart and together. `ccg_rules.engines.windows` computes it from the seat, the
person's registrations and posts, for every engine alike.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel

from ccg_rules.fact_types import (
    BUILTIN,
    NATURAL_KEYS,
    SPECIALIST_WINDOW,
    SPECIALIST_WINDOW_FIELDS,
    FactType,
    FieldKind,
    FieldSpec,
    iter_fields,
)
from ccg_rules.model.document import CcgDocument
from ccg_rules.model.types import RefersTo

__all__ = [
    "BUILTIN",
    "NATURAL_KEYS",
    "SPECIALIST_WINDOW",
    "FactType",
    "FieldKind",
    "FieldSpec",
    "fact_schema",
    "iter_fields",
]

_WINDOW_SOURCES = ("governing_body.members", "people.registrations", "people.posts")


def _unwrap(annotation: object) -> object:
    """Strip ``Annotated`` and ``| None`` from a type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                raise TypeError(f"unsupported union {annotation!r}")
            annotation = args[0]
        else:
            return annotation


def _refers(annotation: object, metadata: Iterable[object] = ()) -> RefersTo | None:
    """The reference marker on a field's type, if it has one."""
    for m in metadata:
        if isinstance(m, RefersTo):
            return m
    stack = [annotation]
    while stack:
        tp = stack.pop()
        if typing.get_origin(tp) is typing.Annotated:
            args = typing.get_args(tp)
            found = next((a for a in args[1:] if isinstance(a, RefersTo)), None)
            if found:
                return found
            stack.append(args[0])
        elif typing.get_origin(tp) in (typing.Union, types.UnionType):
            stack.extend(typing.get_args(tp))
    return None


def _scalar_spec(name: str, annotation: object) -> FieldSpec:
    tp = _unwrap(annotation)
    if typing.get_origin(tp) is Literal:
        return FieldSpec(name, "choice", tuple(str(a) for a in typing.get_args(tp)))
    kinds: dict[object, FieldKind] = {
        str: "text",
        bool: "bool",
        int: "int",
        float: "number",
        dt.date: "date",
    }
    if tp in kinds:
        return FieldSpec(name, kinds[tp])
    raise TypeError(f"unsupported field type {tp!r} for {name}")


def _is_model(tp: object) -> typing.TypeGuard[type[BaseModel]]:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _walk_schema(
    model: type[BaseModel],
    owner: str,
    prefix: str,
    pointer: str,
    types_out: dict[str, FactType],
    fields_out: dict[str, FieldSpec],
    refs_out: list[tuple[str, str, str]],
) -> None:
    for name, info in model.model_fields.items():
        if name in BUILTIN:
            raise TypeError(f"model field {name!r} clashes with a built-in fact field")
        tp = _unwrap(info.annotation)
        dotted = prefix + name
        ptr = f"{pointer}/{name}"
        if _is_model(tp):
            _walk_schema(tp, owner, dotted + ".", ptr, types_out, fields_out, refs_out)
        elif typing.get_origin(tp) is list:
            raw_item = typing.get_args(tp)[0]
            item = _unwrap(raw_item)
            type_name = dotted if owner == "document" else f"{owner}.{dotted}"
            if _is_model(item):
                _add_type(item, type_name, f"{ptr}/*", owner, types_out)
            else:
                spec = _scalar_spec("value", item)
                fields_out[dotted] = FieldSpec(dotted, "list", item=spec)
                ref = _refers(raw_item)
                item_refs = (("value", ref.collection, ref.item_prefix),) if ref else ()
                types_out[type_name] = FactType(
                    type_name, f"{ptr}/*", {"value": spec}, owner, "value", item_refs
                )
        else:
            fields_out[dotted] = _scalar_spec(dotted, info.annotation)
            ref = _refers(info.annotation, info.metadata)
            if ref:
                refs_out.append((dotted, ref.collection, dotted))


def _add_type(
    model: type[BaseModel], name: str, pointer: str, parent: str | None, out: dict[str, FactType]
) -> None:
    fields: dict[str, FieldSpec] = {}
    refs: list[tuple[str, str, str]] = []
    # Reserve the slot first so that parents are listed before their children.
    out[name] = FactType(name, pointer, fields, parent)
    _walk_schema(model, name, "", pointer, out, fields, refs)
    key = next((k for k in NATURAL_KEYS if k in fields), None)
    out[name] = FactType(name, pointer, fields, parent, key, tuple(refs))


def _resolve_references(types_: dict[str, FactType]) -> None:
    """Add the referenced collection's scalar fields under each reference's prefix."""
    for name, ft in list(types_.items()):
        refs = ft.references or types_[name].references
        if not refs:
            continue
        fields = dict(ft.fields)
        for _field, target, prefix in refs:
            for spec in types_[target].fields.values():
                if spec.kind != "list":
                    key = f"{prefix}.{spec.name}"
                    fields[key] = FieldSpec(key, spec.kind, spec.choices)
        types_[name] = FactType(ft.name, ft.pointer, fields, ft.parent, ft.natural_key, ft.references)


def fact_schema(model: type[BaseModel] | None = None) -> dict[str, FactType]:
    """Return every fact type of a document model, by name (cached per model).

    Args:
        model: The document model (`ccg_rules.model.kinds.DocumentKind.model`); by default
            that of the CCG format.
    """
    return _fact_schema(model or CcgDocument)


@functools.cache
def _fact_schema(model: type[BaseModel]) -> dict[str, FactType]:
    out: dict[str, FactType] = {}
    _add_type(model, "document", "", None, out)
    _resolve_references(out)
    if all(name in out for name in _WINDOW_SOURCES):
        out[SPECIALIST_WINDOW] = FactType(
            SPECIALIST_WINDOW,
            "$derived/specialist_window/*",
            {f.name: f for f in SPECIALIST_WINDOW_FIELDS},
            "governing_body.members",
            "person",
        )
    return out
