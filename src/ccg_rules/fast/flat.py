"""The fast path's validator that flattens as it walks: a valid document's facts in one pass.

`ccg_rules.fast.validate` checks a loaded document against the type spec and gives the
values the model would hold, and `ccg_rules.pipeline.flatten` turns such values into facts.
This module does both in one walk, compiled from the same type spec with the same scalar
checks: each field is checked and written straight into its fact, so no validated copy of
the document is built and walked again. `validate_facts` gives exactly the facts of
`flatten` on the model's values, or ``None`` whenever the model would refuse the document
(it never says why: the full path explains). ``tests/test_fast_flat.py`` holds it to the
model, flattened, on every example and fixture, on mutants and on generated documents.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, Final

from ccg_rules._yaml import escape_pointer_token
from ccg_rules.fact_types import NATURAL_KEYS
from ccg_rules.fast import bundle
from ccg_rules.fast.validate import BAD, LEAVES, TEXTUAL, TYPESPEC, Check, compile_formats, leaf, leaf_list
from ccg_rules.model.kinds import kind_of_data
from ccg_rules.pipeline.flatten import FactSet, list_fact_type, resolve_references, root_fact

Fact = dict[str, object]
Fill = Callable[[object, Fact, str, str, str, str, FactSet], bool]
"""A model's walk: (value, fact, prefix, pointer, stable, owner, facts) -> whether the value is valid.

The model's fields are written into ``fact`` under ``prefix``, and its lists add facts of
their own; ``pointer`` and ``stable`` are the paths of the model's place in the document.
"""
Put = Fill
"""A field's walk (the field's name is bound when it is compiled): the same arguments as `Fill`."""
_EMPTY: Final = ()


def _as_fact(value: object) -> object:
    """A checked scalar as facts hold it: a date as its day ordinal."""
    return value.toordinal() if type(value) is dt.date else value


def _section(field: str, fill: Fill) -> Put:
    """A field holding one model: its fields go into the same fact, under the field's name."""
    segment = "/" + escape_pointer_token(field)

    def put(
        value: object, fact: Fact, prefix: str, pointer: str, stable: str, owner: str, out: FactSet
    ) -> bool:
        return fill(value, fact, prefix + field + ".", pointer + segment, stable + segment, owner, out)

    return put


def _textual(spec: dict[str, Any]) -> bool:
    return spec["t"] in TEXTUAL or (spec["t"] == "opt" and spec["of"]["t"] in TEXTUAL)


def _token(fields: dict[str, dict[str, Any]]) -> Callable[[object, int], str]:
    """The stable token of a list entry of this model, as `ccg_rules.pipeline.flatten` makes it.

    It is read from the entry before it is checked: a textual field's value is the text as
    written, and an entry whose natural key is not text is refused by the check anyway.
    """
    keys = tuple(k for k in NATURAL_KEYS if k in fields and _textual(fields[k]))

    def token(entry: object, index: int) -> str:
        if isinstance(entry, dict):
            for key in keys:
                value = entry.get(key)
                if value is not None:
                    return escape_pointer_token(f"[{key}={value}]") if isinstance(value, str) else str(index)
        return str(index)

    return token


def _model_list(field: str, name: str, low: int, models: dict[str, Any]) -> Put:
    fill = _model(name, models)
    token = _token({str(f[0]): f[1] for f in models["specs"][name]["fields"]})
    segment = "/" + escape_pointer_token(field)

    def put(
        value: object, fact: Fact, prefix: str, pointer: str, stable: str, owner: str, out: FactSet
    ) -> bool:
        if not isinstance(value, list) or len(value) < low:
            return False
        dotted = prefix + field
        if not value:  # an empty list is a field, so that "does not contain" holds for it
            fact[dotted] = _EMPTY
        ptr, st = pointer + segment, stable + segment
        kind, parent = list_fact_type(owner, dotted), fact["$path"]
        for index, entry in enumerate(value):
            child_ptr = f"{ptr}/{index}"
            child_st = f"{st}/{token(entry, index)}"
            child: Fact = {"$type": kind, "$path": child_ptr, "$parent": parent, "$index": index}
            if not fill(entry, child, "", child_ptr, child_st, kind, out):
                return False
            out.add(child, child_st)
        return True

    return put


def _scalar_list(field: str, spec: dict[str, Any]) -> Put:
    check, textual = leaf_list(spec), spec["of"]["t"] in TEXTUAL
    segment = "/" + escape_pointer_token(field)

    def put(
        value: object, fact: Fact, prefix: str, pointer: str, stable: str, owner: str, out: FactSet
    ) -> bool:
        got = check(value)
        if not isinstance(got, list):
            return False
        items = [_as_fact(item) for item in got]
        dotted = prefix + field
        fact[dotted] = tuple(items)  # the whole list as a field, and each entry as a fact
        ptr, st = pointer + segment, stable + segment
        kind, parent = list_fact_type(owner, dotted), fact["$path"]
        for index, item in enumerate(items):
            child: Fact = {"$type": kind, "$path": f"{ptr}/{index}", "$parent": parent, "$index": index}
            child["value"] = item
            out.add(child, f"{st}/{escape_pointer_token(f'[{item}]') if textual else index}")
        return True

    return put


def _put(field: str, spec: dict[str, Any], models: dict[str, Any]) -> Put:
    """The walk of a field that is not a scalar: a model, or a list."""
    kind = spec["t"]
    if kind == "model":
        return _section(field, _model(str(spec["name"]), models))
    if kind == "list":
        item, low = spec["of"], int(spec["min"])
        if item["t"] == "model":
            return _model_list(field, str(item["name"]), low, models)
        if item["t"] in LEAVES:
            return _scalar_list(field, spec)
    raise ValueError(f"a field type {TYPESPEC.name} has that this walk does not: {spec!r:.80}")


def _field(field: str, spec: dict[str, Any], models: dict[str, Any]) -> tuple[Check | None, bool, Put | None]:
    """A field's plan: a scalar's check (else ``None``), whether null is allowed, and any other walk."""
    nullable = spec["t"] == "opt"
    inner = spec["of"] if nullable else spec
    if inner["t"] in LEAVES:
        return leaf(inner), nullable, None
    return None, nullable, _put(field, inner, models)


def _model(name: str, models: dict[str, Any]) -> Fill:
    compiled: dict[str, Fill] = models["compiled"]
    if name in compiled:
        return lambda *args: compiled[name](*args)
    compiled[name] = lambda *args: False  # replaced below; a cycle would loop through it
    plan = [
        (str(field), *_field(str(field), spec, models), bool(required), default == [])
        for field, spec, required, default in models["specs"][name]["fields"]
    ]
    known = frozenset(p[0] for p in plan)

    def fill(
        value: object, fact: Fact, prefix: str, pointer: str, stable: str, owner: str, out: FactSet
    ) -> bool:
        if not isinstance(value, dict):
            return False
        for key in value:
            if key not in known:
                return False
        for field, check, nullable, put, required, empty_list in plan:
            if field in value:
                got = value[field]
                if got is None and nullable:
                    continue  # as the model holds it: None, which facts leave out
                if check is not None:  # a scalar, the commonest field: checked here
                    got = check(got)
                    if got is BAD:
                        return False
                    fact[prefix + field] = got.toordinal() if type(got) is dt.date else got
                elif put is not None and not put(got, fact, prefix, pointer, stable, owner, out):
                    return False
            elif required:
                return False
            elif empty_list:  # the model's default, an empty list, is a field like any empty list
                fact[prefix + field] = _EMPTY
        return True

    compiled[name] = fill
    return fill


@functools.cache
def _walks() -> dict[str, Fill] | None:
    return compile_formats(_model)


def validate_facts(value: object) -> FactSet | None:
    """Return a loaded document's facts, as the model's values flattened give them, or ``None``.

    Args:
        value: The document as `ccg_rules._yaml.load_yaml` gives it (or plain Python data).

    Returns:
        The facts, with references resolved, or ``None`` when the document is not plainly
        valid (or the type spec or the bundle's fact schema cannot be read).
    """
    walks = _walks()
    if walks is None or not isinstance(value, dict):
        return None
    document_format = kind_of_data(value).format
    walk = walks.get(document_format)
    schema = bundle.fact_schema(document_format)
    if walk is None or schema is None:
        return None
    out = FactSet()
    root = root_fact()
    out.add(root, "")
    if not walk(value, root, "", "", "", "document", out):
        return None
    resolve_references(out, schema)
    return out
