"""Scalar types of the document models, and the base class every model section shares.

YAML loading keeps every plain (unquoted) scalar as its exact source text, marked with
`ccg_rules._yaml.Plain`. The type of the field a value lands in decides what it
means, so nothing is guessed the YAML 1.1 way:

* a text field keeps ``no``, ``on``, ``012``, ``1e3`` or ``2013-01-15`` exactly as written;
* a whole-number field accepts ``250000`` but refuses ``012`` (YAML 1.1 would read it as
  octal 10), ``"250000"`` (quoted: a string) and ``250,000``;
* a yes/no field accepts ``true`` and ``false`` only, and says what YAML 1.1 would have
  made of ``yes``, ``no``, ``on`` or ``off``;
* a date field accepts ``YYYY-MM-DD`` only.

Values passed from Python (``dict`` input) must already have the right type: ``int`` for
numbers, ``bool`` for flags, `datetime.date` (or an ISO string) for dates.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from ccg_rules._scalars import DATE as _DATE
from ccg_rules._scalars import DECIMAL as _DECIMAL
from ccg_rules._scalars import FALSE as _FALSE
from ccg_rules._scalars import INT as _INT
from ccg_rules._scalars import LEADING_ZERO as _LEADING_ZERO
from ccg_rules._scalars import MAX_DIGITS as _MAX_DIGITS
from ccg_rules._scalars import TRUE as _TRUE
from ccg_rules._yaml import Plain, yaml11_surprise

_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

MAX_WHOLE_NUMBER = 999_999_999_999
"""The largest whole number a document may hold (just under a million million).

Far above any population, list size, count or term in months a CCG could have, and well
inside the 64-bit integers of the durable engine, so both engines see the same numbers.
"""

MAX_AMOUNT = 999_999_999_999.0
"""The largest amount of money (in pounds) a document may hold; amounts are finite."""

MAX_TEXT = 262_144
"""The most characters one text value may hold (256 Ki): far more than any name or note
needs, and far below the length at which an evaluation engine runs short of memory."""


def _fail(kind: str, message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, context)


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Plain):
        return f"'{value}'"
    if isinstance(value, str):
        return f"the quoted string '{value}'"
    if value is None:
        return "nothing (null)"
    if isinstance(value, int):
        return f"int {_digits(abs(value))}" if value >= 0 else f"int -{_digits(-value)}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _surprise_note(value: str) -> str:
    what = yaml11_surprise(value)
    return f" (a YAML 1.1 reader would take it as {what})" if what else ""


def _text(value: object) -> str:
    if isinstance(value, str):
        return str(value)
    raise _fail("text_type", "expected text, got {got}", got=_describe(value))


def _whole_number(value: object) -> int:
    if isinstance(value, bool):
        raise _fail("int_type", "expected a whole number, got {got}", got=_describe(value))
    if isinstance(value, int):
        return _in_range(value)
    if isinstance(value, Plain):
        if _INT.fullmatch(value):
            if len(value.lstrip("+-")) > _MAX_DIGITS:
                raise _too_big(f"a number with {len(value.lstrip('+-')):,} digits")
            return _in_range(int(value))
        if _LEADING_ZERO.fullmatch(value):
            raise _fail(
                "int_leading_zero",
                "'{text}' has a leading zero, which YAML 1.1 reads as an octal number; "
                "write it without the leading zero",
                text=str(value),
            )
        raise _fail(
            "int_parsing",
            "expected a whole number such as 250000 (no separators), got '{text}'{note}",
            text=str(value),
            note=_surprise_note(value),
        )
    if isinstance(value, str):
        raise _fail(
            "int_quoted",
            "expected a whole number, got {got}; remove the quotes",
            got=_describe(value),
        )
    raise _fail("int_type", "expected a whole number, got {got}", got=_describe(value))


def _too_big(got: str, limit: str = f"{MAX_WHOLE_NUMBER:,}") -> PydanticCustomError:
    return _fail("number_range", "expected a number from 0 to {limit}, got {got}", limit=limit, got=got)


def _digits(value: int) -> str:
    """``value`` for a message: in full when short, else by its number of digits."""
    size = value.bit_length() * 30103 // 100000 + 1  # about log10(2) digits per bit
    return f"{value:,}" if size <= 30 else f"a number of about {size:,} digits"


def _in_range(value: int) -> int:
    if value > MAX_WHOLE_NUMBER:
        raise _too_big(_digits(value))
    return value


def _finite_amount(value: float) -> float:
    if math.isnan(value):
        raise _fail("amount_not_finite", "expected an amount, got not-a-number (NaN)")
    if abs(value) > MAX_AMOUNT:
        shown = ("minus " if value < 0 else "") + "infinity" if math.isinf(value) else f"{value:,.0f}"
        raise _too_big(shown, f"{MAX_AMOUNT:,.0f}")
    return value


def _amount(value: object) -> float:
    if isinstance(value, bool):
        raise _fail("amount_type", "expected an amount, got {got}", got=_describe(value))
    if isinstance(value, int):
        if abs(value) > MAX_AMOUNT:
            shown = _digits(abs(value)) if value > 0 else f"-{_digits(-value)}"
            raise _too_big(shown, f"{MAX_AMOUNT:,.0f}")
        return float(value)
    if isinstance(value, float):
        return _finite_amount(value)
    if isinstance(value, Plain):
        if _DECIMAL.fullmatch(value):
            whole = value.lstrip("+-").split(".", 1)[0].lstrip("0")
            if len(whole) > _MAX_DIGITS:
                raise _too_big(f"a number with {len(whole):,} digits before the point", f"{MAX_AMOUNT:,.0f}")
            return _finite_amount(float(value))
        raise _fail(
            "amount_parsing",
            "expected an amount such as 4250000 or 25.50 (no currency sign or separators), "
            "got '{text}'{note}",
            text=str(value),
            note=_surprise_note(value),
        )
    if isinstance(value, str):
        raise _fail("amount_quoted", "expected an amount, got {got}; remove the quotes", got=_describe(value))
    raise _fail("amount_type", "expected an amount, got {got}", got=_describe(value))


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, Plain):
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise _fail(
            "bool_parsing",
            "expected true or false, got '{text}'{note}; write true or false",
            text=str(value),
            note=_surprise_note(value),
        )
    raise _fail("bool_type", "expected true or false, got {got}", got=_describe(value))


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _fail("date_type", "expected a date, got a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if _DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise _fail("date_invalid", "'{text}' is not a real date", text=str(value)) from None
        raise _fail("date_parsing", "expected a date written YYYY-MM-DD, got '{text}'", text=str(value))
    raise _fail("date_type", "expected a date written YYYY-MM-DD, got {got}", got=_describe(value))


def _as_str(value: object) -> object:
    # Choices (Literal fields) compare by value; a Plain is passed on as a plain str.
    if isinstance(value, Plain):
        return str(value)
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise _fail("text_blank", "must not be blank (it holds only spaces)")
    return value


Text = Annotated[
    str, Field(min_length=1, max_length=MAX_TEXT), BeforeValidator(_text), AfterValidator(_not_blank)
]
"""Free text, kept exactly as written (at most `MAX_TEXT` characters, not only spaces)."""

Id = Annotated[str, Field(pattern=_ID, max_length=64), BeforeValidator(_text)]
"""An identifier defined once and referenced elsewhere (letters, digits, ``.``, ``_``, ``-``)."""

WholeNumber = Annotated[int, Field(ge=0, le=MAX_WHOLE_NUMBER), BeforeValidator(_whole_number)]
"""A whole number from 0 to `MAX_WHOLE_NUMBER`."""

WaveNumber = Annotated[int, Field(ge=1, le=4), BeforeValidator(_whole_number)]
"""An authorisation wave, 1 to 4 (constraints go before the validator, or the schema loses them)."""


class RefersTo:
    """Marks an identifier field as a reference to the ``id`` of another collection.

    The fact layer resolves such references: a fact gets the referenced element's
    fields under the reference's name (``person.name``, ``person.category``), so rules
    can test them without a join (see `ccg_rules.facts`).
    """

    __slots__ = ("collection", "item_prefix")

    def __init__(self, collection: str, item_prefix: str) -> None:
        self.collection = collection
        self.item_prefix = item_prefix  # the prefix when the reference is a list entry

    def __repr__(self) -> str:
        return f"RefersTo({self.collection!r})"


PersonRef = Annotated[
    str, Field(pattern=_ID, max_length=64), BeforeValidator(_text), RefersTo("people", "person")
]
"""The ``id`` of a person defined under ``people``."""

Amount = Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False), BeforeValidator(_amount)]
"""An amount of money in pounds sterling, from 0 to `MAX_AMOUNT` (finite)."""

Flag = Annotated[bool, BeforeValidator(_flag)]
"""``true`` or ``false``."""

Day = Annotated[dt.date, BeforeValidator(_day)]
"""A calendar date, ``YYYY-MM-DD``."""

Choice = BeforeValidator(_as_str)
"""Attach to ``Literal[...]`` fields: ``Annotated[Literal['a', 'b'], Choice]``."""


class DocumentModel(BaseModel):
    """The base of every section of the document models: strict, frozen, no unknown keys."""

    # defer_build: the validator is built once, for the document class, when the first
    # document is validated, instead of once per class at import (a cold-start cost).
    # use_attribute_docstrings: a field's docstring becomes its description in the JSON
    # Schema, which editors show on hover.
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, defer_build=True, use_attribute_docstrings=True
    )
