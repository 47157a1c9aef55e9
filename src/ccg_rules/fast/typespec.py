"""The document models as a small type spec, for the fast path's validator (build time only).

The pydantic models (`ccg_rules.model`) are the format of record: they publish the
schemas, serve the API and explain every error. The fast path (`ccg_rules.fast.validate`)
must accept exactly the documents they accept without importing pydantic, so this module
reads the models once and writes what a validator needs into ``typespec.json`` beside it:
for each model, its fields in order, each field's type as plain data, whether it is
required and its default.

Every annotation and constraint the models use is translated here. Anything it does not
know (a new validator function, a constraint, a union, a default) stops the build with
`TypeSpecError` instead of being dropped, so the spec can never be looser than the model.
``tests/test_fast_validate.py`` fails while the file is stale::

    python -m ccg_rules.fast.typespec --write    # write typespec.json
    python -m ccg_rules.fast.typespec            # exit 1 when it is stale

The spec's type forms:

* ``{"t": "str", "coerce": bool, "min": n, "max": n, "pattern": re, "blank": bool}``: a
  string; ``coerce`` when the model's text validator runs first (then any `str` is taken,
  and the value kept as written); ``blank`` whether only spaces are allowed;
* ``{"t": "int", "ge": n, "le": n}``, ``{"t": "float", "ge": x, "le": x}``,
  ``{"t": "bool"}``, ``{"t": "date"}``: whole numbers, amounts, flags and dates as
  `ccg_rules.model.types` reads them;
* ``{"t": "choice", "values": [...]}``: one of the listed words;
* ``{"t": "list", "of": spec, "min": n}``, ``{"t": "opt", "of": spec}``,
  ``{"t": "model", "name": name}``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import annotated_types as at
from pydantic import AfterValidator, BaseModel, BeforeValidator
from pydantic.fields import FieldInfo

from ccg_rules.model import types as t
from ccg_rules.model.kinds import KINDS

FORMAT = "ccg-rules-typespec/1"
"""The spec's own format; `ccg_rules.fast.validate` reads no other."""

TYPESPEC = Path(__file__).with_name("typespec.json")


class TypeSpecError(Exception):
    """A model uses a type or a constraint the spec cannot express."""


_BEFORE: dict[object, str] = {
    t._text: "text",
    t._whole_number: "int",
    t._amount: "float",
    t._flag: "bool",
    t._day: "date",
    t._as_str: "choice",
}
_AFTER: dict[object, str] = {t._not_blank: "not_blank"}
_BASES: dict[str, object] = {"int": int, "float": float, "bool": bool, "date": dt.date}


def _constraints(meta: Sequence[object]) -> tuple[list[str], list[str], dict[str, Any]]:
    before: list[str] = []
    after: list[str] = []
    limits: dict[str, Any] = {}
    for item in meta:
        if isinstance(item, FieldInfo):
            inner = list(item.metadata)
            if item.default is not FieldInfo().default or item.alias or item.default_factory:
                raise TypeSpecError(f"a Field() with a default or alias inside a type: {item!r}")
            b, a, more = _constraints(inner)
            before += b
            after += a
            limits.update(more)
        elif isinstance(item, BeforeValidator):
            if item.func not in _BEFORE:
                raise TypeSpecError(f"unknown before-validator {item.func!r}")
            before.append(_BEFORE[item.func])
        elif isinstance(item, AfterValidator):
            if item.func not in _AFTER:
                raise TypeSpecError(f"unknown after-validator {item.func!r}")
            after.append(_AFTER[item.func])
        elif isinstance(item, at.MinLen):
            limits["min"] = item.min_length
        elif isinstance(item, at.MaxLen):
            limits["max"] = item.max_length
        elif isinstance(item, at.Ge):
            limits["ge"] = item.ge
        elif isinstance(item, at.Le):
            limits["le"] = item.le
        elif type(item).__name__ == "AllowInfNan" and getattr(item, "allow_inf_nan", None) is False:
            continue  # the amount validator already refuses infinities and NaN
        elif isinstance(item, t.RefersTo):
            continue  # a marker for the fact layer; it does not validate
        elif type(item).__name__ == "_PydanticGeneralMetadata":
            extra = dict(vars(item))
            if "pattern" in extra:
                limits["pattern"] = extra.pop("pattern")
            if extra.pop("allow_inf_nan", False) is not False or extra:
                raise TypeSpecError(f"unknown constraint {item!r}")
        else:
            raise TypeSpecError(f"unknown constraint {item!r}")
    return before, after, limits


def _pattern(pattern: object) -> str:
    # Pydantic matches with Rust's regex, where ``$`` is the end of the text; the validator
    # uses re.fullmatch on the pattern without its anchors, which means the same thing.
    if not isinstance(pattern, str) or not (pattern.startswith("^") and pattern.endswith("$")):
        raise TypeSpecError(f"a pattern must be anchored at both ends: {pattern!r}")
    return pattern[1:-1]


def _annotated(base: object, meta: Sequence[object], models: dict[str, Any]) -> dict[str, Any]:
    before, after, limits = _constraints(meta)
    if len(before) > 1 or len(after) > 1:
        raise TypeSpecError(f"more than one validator on {base!r}")
    kind = before[0] if before else None
    if kind == "choice":
        if typing.get_origin(base) is not Literal or after or limits:
            raise TypeSpecError(f"Choice on {base!r}")
        values = list(typing.get_args(base))
        if not all(isinstance(v, str) for v in values):
            raise TypeSpecError(f"a choice of non-words: {values!r}")
        return {"t": "choice", "values": values}
    if kind in (None, "text") and base is str:
        spec = {"t": "str", "coerce": kind == "text", "blank": "not_blank" not in after}
        for key in ("min", "max"):
            if key in limits:
                spec[key] = limits.pop(key)
        if "pattern" in limits:
            spec["pattern"] = _pattern(limits.pop("pattern"))
        return _fail(base, limits) if limits else spec
    if kind is None and typing.get_origin(base) is list:
        if after or set(limits) - {"min"}:
            raise TypeSpecError(f"list constraints {limits!r}")
        return {"t": "list", "of": _spec(typing.get_args(base)[0], models), "min": limits.get("min", 0)}
    if kind in ("int", "float") and base is _BASES[kind] and not after:
        if set(limits) - {"ge", "le"}:
            return _fail(base, limits)
        return {"t": kind, **limits}
    if kind in ("bool", "date") and base is _BASES[kind] and not after and not limits:
        return {"t": kind}
    raise TypeSpecError(f"no spec for {base!r} with {meta!r}")


def _fail(tp: object, limits: dict[str, Any]) -> dict[str, Any]:
    raise TypeSpecError(f"{tp!r}: constraints {sorted(limits)} do not apply")


def _spec(tp: object, models: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin is Annotated:
        base, *meta = typing.get_args(tp)
        return _annotated(base, meta, models)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) != 1 or len(typing.get_args(tp)) != 2:
            raise TypeSpecError(f"a union other than X | None: {tp!r}")
        return {"t": "opt", "of": _spec(args[0], models)}
    if origin is list:
        return {"t": "list", "of": _spec(typing.get_args(tp)[0], models), "min": 0}
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return {"t": "model", "name": _model(tp, models)}
    raise TypeSpecError(f"no spec for {tp!r}")


def _model(model: type[BaseModel], models: dict[str, Any]) -> str:
    name = model.__name__
    known = models.get(name)
    if known is not None:
        if known["class"] != f"{model.__module__}:{model.__qualname__}":
            raise TypeSpecError(f"two models named {name}")
        return name
    config = model.model_config
    if config.get("extra") != "forbid" or config.get("strict") is not True:
        raise TypeSpecError(f"{name} is not strict with unknown keys refused")
    if model.__pydantic_decorators__.model_validators or model.__pydantic_decorators__.field_validators:
        raise TypeSpecError(f"{name} has its own validators")
    entry: dict[str, Any] = {"class": f"{model.__module__}:{model.__qualname__}", "fields": []}
    models[name] = entry
    hints = typing.get_type_hints(model, include_extras=True)
    for field_name, info in model.model_fields.items():
        if info.alias or info.default_factory is not None or info.validation_alias:
            raise TypeSpecError(f"{name}.{field_name}: aliases and default factories are not supported")
        required = info.is_required()
        default = None if required else info.default
        if default not in (None, []):
            raise TypeSpecError(f"{name}.{field_name}: default {default!r} is not null or []")
        entry["fields"].append([field_name, _spec(hints[field_name], models), required, default])
    return name


def build() -> dict[str, Any]:
    """Return the type spec of every document kind's model, as written to ``typespec.json``."""
    models: dict[str, Any] = {}
    formats = {fmt: _model(kind.model, models) for fmt, kind in sorted(KINDS.items())}
    return {"format": FORMAT, "formats": formats, "models": dict(sorted(models.items()))}


def spec_text() -> str:
    """Return the text of ``typespec.json`` as it should be now."""
    return json.dumps(build(), indent=1, sort_keys=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``typespec.json`` (``--write``), or exit 1 when it is stale."""
    args = list(sys.argv[1:] if argv is None else argv)
    wanted = spec_text()
    if args == ["--write"]:
        TYPESPEC.write_text(wanted, encoding="utf-8")
        return 0
    if args:
        sys.stderr.write("usage: python -m ccg_rules.fast.typespec [--write]\n")
        return 2
    current = TYPESPEC.read_text(encoding="utf-8") if TYPESPEC.is_file() else ""
    if current != wanted:
        sys.stderr.write(f"{TYPESPEC.name} is stale: run python -m ccg_rules.fast.typespec --write\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
