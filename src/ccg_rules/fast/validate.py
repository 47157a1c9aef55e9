"""The fast path's document validator: the pydantic models' verdict on a valid document, without pydantic.

It reads ``typespec.json`` (written from the models by `ccg_rules.fast.typespec`) and walks
a loaded document against it, reading each scalar exactly as `ccg_rules.model.types` does.
`validate` returns the document as plain data, in the shape and field order the validated
model holds (a ``dict`` per model with every field, defaults filled in; `str`, `int`,
`float`, `bool`, `datetime.date`, lists), or ``None`` whenever the document is not plainly
valid. It never explains why: a document it refuses goes to the full path, where pydantic
gives the real error. ``tests/test_fast_validate.py`` holds it to the model's verdict and
values on every example and fixture, on mutants of them and on generated documents.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeVar

from ccg_rules._scalars import DATE as _DATE
from ccg_rules._scalars import DECIMAL as _DECIMAL
from ccg_rules._scalars import FALSE as _FALSE
from ccg_rules._scalars import INT as _INT
from ccg_rules._scalars import MAX_DIGITS as _MAX_DIGITS
from ccg_rules._scalars import TRUE as _TRUE
from ccg_rules._yaml import Plain
from ccg_rules.model.kinds import kind_of_data

FORMAT: Final = "ccg-rules-typespec/1"
TYPESPEC: Final = Path(__file__).with_name("typespec.json")


_T = TypeVar("_T")
Check = Callable[[object], object]
"""A compiled field type: the value as the model holds it, or `BAD`."""


class _Bad:
    __slots__ = ()


BAD: Final = _Bad()
"""What a check returns for a value the model would refuse."""


def _utf8(value: str) -> bool:
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: leave it to pydantic
        return False
    return True


def _str(spec: dict[str, Any]) -> Check:
    coerce = bool(spec["coerce"])
    low = int(spec.get("min", 0))
    high = spec.get("max")
    blank_ok = bool(spec["blank"])
    pattern = re.compile(spec["pattern"]) if "pattern" in spec else None

    def check(value: object) -> object:
        if not isinstance(value, str) or (not coerce and type(value) not in (str, Plain)):
            return BAD
        text = str(value)
        size = len(text)
        if size < low or (high is not None and size > high) or not _utf8(text):
            return BAD
        if pattern is not None and pattern.fullmatch(text) is None:
            return BAD
        if not blank_ok and not text.strip():
            return BAD
        return text

    return check


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Plain) and _INT.fullmatch(value) and len(value.lstrip("+-")) <= _MAX_DIGITS:
        return int(value)
    return None


def _amount(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value) if abs(value) <= 10**_MAX_DIGITS else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Plain) and _DECIMAL.fullmatch(value):
        whole = value.lstrip("+-").split(".", 1)[0].lstrip("0")
        number = float(value)
        return number if len(whole) <= _MAX_DIGITS and math.isfinite(number) else None
    return None


def _number(read: Callable[[object], float | None], spec: dict[str, Any]) -> Check:
    """A whole-number or amount field: ``read`` gives the number (``None``: not one), then its bounds."""
    low, high = spec.get("ge"), spec.get("le")

    def check(value: object) -> object:
        number = read(value)
        if number is None or (low is not None and number < low) or (high is not None and number > high):
            return BAD
        return number

    return check


def _flag(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, Plain):
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return BAD


def _day(value: object) -> object:
    if isinstance(value, dt.datetime):
        return BAD
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return BAD
    return BAD


def _choice(spec: dict[str, Any]) -> Check:
    values = {str(v): str(v) for v in spec["values"]}

    def check(value: object) -> object:
        if not isinstance(value, str) or (type(value) is not str and not isinstance(value, Plain)):
            return BAD
        return values.get(str(value), BAD)

    return check


def _list(spec: dict[str, Any], models: dict[str, Any]) -> Check:
    item = _compile(spec["of"], models)
    low = int(spec["min"])

    def check(value: object) -> object:
        if not isinstance(value, list) or len(value) < low:
            return BAD
        out = []
        for entry in value:
            got = item(entry)
            if got is BAD:
                return BAD
            out.append(got)
        return out

    return check


def leaf_list(spec: dict[str, Any]) -> Check:
    """The check of a list of scalars (``{"t": "list", "of": <one of LEAVES>}``): a list, or `BAD`."""
    return _list(spec, {})


def _optional(spec: dict[str, Any], models: dict[str, Any]) -> Check:
    inner = _compile(spec["of"], models)
    return lambda value: None if value is None else inner(value)


def _model(name: str, models: dict[str, Any]) -> Check:
    compiled: dict[str, Check] = models["compiled"]
    if name in compiled:
        return lambda value: compiled[name](value)
    compiled[name] = lambda value: BAD  # replaced below; a cycle would loop through it
    fields = models["specs"][name]["fields"]
    plan: list[tuple[str, Check, bool, object]] = []
    for field_name, spec, required, default in fields:
        plan.append((str(field_name), _compile(spec, models), bool(required), default))
    known = frozenset(p[0] for p in plan)

    def check(value: object) -> object:
        if not isinstance(value, dict):
            return BAD
        for key in value:
            if key not in known:
                return BAD
        out: dict[str, object] = {}
        for field_name, field_check, required, default in plan:
            if field_name in value:
                got = field_check(value[field_name])
                if got is BAD:
                    return BAD
                out[field_name] = got
            elif required:
                return BAD
            else:
                out[field_name] = [] if default == [] else None
        return out

    compiled[name] = check
    return check


LEAVES: Final = frozenset({"str", "int", "float", "bool", "date", "choice"})
"""The type spec's scalar types (`leaf` compiles them)."""
TEXTUAL: Final = frozenset({"str", "choice"})
"""The scalar types whose value is the text as written (`str` of the loaded scalar)."""


def leaf(spec: dict[str, Any]) -> Check:
    """The check of a scalar field type (one of `LEAVES`): the value as the model holds it, or `BAD`."""
    kind = spec["t"]
    if kind == "str":
        return _str(spec)
    if kind == "int":
        return _number(_whole, spec)
    if kind == "float":
        return _number(_amount, spec)
    if kind == "bool":
        return _flag
    if kind == "date":
        return _day
    if kind == "choice":
        return _choice(spec)
    raise ValueError(f"unknown type {kind!r} in {TYPESPEC.name}")


def _compile(spec: dict[str, Any], models: dict[str, Any]) -> Check:
    kind = spec["t"]
    if kind in LEAVES:
        return leaf(spec)
    if kind == "list":
        return _list(spec, models)
    if kind == "opt":
        return _optional(spec, models)
    if kind == "model":
        return _model(str(spec["name"]), models)
    raise ValueError(f"unknown type {kind!r} in {TYPESPEC.name}")


def compile_formats(model: Callable[[str, dict[str, Any]], _T]) -> dict[str, _T] | None:
    """Each format's root model in the type spec, compiled by ``model``; ``None`` if the spec is unreadable.

    Args:
        model: Compiles a model by name, given ``{"specs": the spec's models, "compiled": {}}``
            (the compiled models so far, by name, shared by every format).
    """
    try:
        data = json.loads(TYPESPEC.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        models: dict[str, Any] = {"specs": data["models"], "compiled": {}}
        return {str(fmt): model(str(name), models) for fmt, name in data["formats"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return None


@functools.cache
def _validators() -> dict[str, Check] | None:
    return compile_formats(_model)


def validate(value: object) -> dict[str, Any] | None:
    """Return a loaded document as the model would hold it, or ``None`` to leave it to pydantic.

    Args:
        value: The document as `ccg_rules._yaml.load_yaml` gives it (or plain Python data).

    Returns:
        The document as plain data in the model's field order, or ``None`` when it is not
        plainly valid (or the type spec cannot be read).
    """
    validators = _validators()
    if validators is None or not isinstance(value, dict):
        return None
    check = validators.get(kind_of_data(value).format)
    got = check(value) if check is not None else BAD
    return got if isinstance(got, dict) else None
