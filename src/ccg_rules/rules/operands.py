"""The operands of the condition language: fields, constants, parameters, references, expressions.

`Operands` is the half of the condition parser (`ccg_rules.rules.language`) that reads
what a test compares with: a constant of the field's kind, ``{param: name}``,
``$alias.field`` (with an offset, a relational join), a date relative to the as-of date,
and the arithmetic of a ``compare``. It raises through `Operands.fail`, which the parser
defines, so that this module does not depend on the parser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import NoReturn

from ccg_rules._record import Record
from ccg_rules._yaml import Plain, join_pointer, resolve_plain, yaml11_surprise
from ccg_rules.fact_types import BUILTIN, FactType, FieldSpec, iter_fields
from ccg_rules.rules import ir
from ccg_rules.rules.grammar import ARITHMETIC, IS_OPS, RELATIONAL_OPS
from ccg_rules.rules.ir import Arith, ArithOp, Op, Ref, RelativeDate

_set = object.__setattr__

_REF = re.compile(r"\$([a-z][a-z0-9_]*)\.([A-Za-z0-9_.]+)")
_OFFSET = re.compile(r"\s*([+-])\s*([0-9]+(?:\.[0-9]+)?)(?:\s+([a-z]+))?\s*")
_UNIT_NAMES = {"day": "days", "days": "days", "month": "months", "months": "months",
               "year": "years", "years": "years"}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RELATIVE_UNITS = {"days_before": "days", "months_before": "months", "years_before": "years"}


class AliasInfo(Record):
    """What an alias of a parsed condition stands for (used to check message templates)."""

    _fields = ("kind", "fact_type")
    __slots__ = _fields

    kind: str  # "binding" | "count" | "compare"
    fact_type: FactType | None

    def __init__(self, kind: str, fact_type: FactType | None = None) -> None:
        _set(self, "kind", kind)
        _set(self, "fact_type", fact_type)


class ParsedCondition(Record):
    """A condition as parsed: relative dates are not yet resolved to an as-of date."""

    _fields = ("condition", "aliases")
    __slots__ = _fields

    condition: ir.Condition
    aliases: dict[str, AliasInfo]

    def __init__(self, condition: ir.Condition, aliases: dict[str, AliasInfo]) -> None:
        _set(self, "condition", condition)
        _set(self, "aliases", aliases)


def quote(value: object) -> str:
    """Quote a value for a message (a plain YAML scalar shows as the text written)."""
    return repr(str(value)) if isinstance(value, str) else repr(value)


class Operands:
    """Parse operands against the fact schema, the parameters and the aliases bound so far."""

    schema: Mapping[str, FactType]
    params: Mapping[str, object]
    aliases: dict[str, AliasInfo]
    current: tuple[str, FactType] | None  # the step whose 'where' is parsed

    def fail(self, message: str, at: str) -> NoReturn:
        """Raise the parser's error for the node at JSON Pointer ``at``."""
        raise NotImplementedError

    def suggest(self, word: str, choices: Iterable[str]) -> str:
        """A "did you mean" hint for ``word`` among ``choices`` (or "")."""
        raise NotImplementedError

    def op(self, name: str, allowed: Iterable[Op], at: str, what: str) -> Op:
        """The operator named ``name``, which must be one of ``allowed`` on ``what``."""
        names = [o.value for o in allowed]
        if name not in names:
            self.fail(
                f"{name!r} cannot be used on {what}{self.suggest(name, names)} "
                f"(allowed: {', '.join(sorted(names))})",
                at,
            )
        return Op(name)

    def field(self, ft: FactType, name: str, at: str) -> FieldSpec:
        """The field ``name`` of fact type ``ft``."""
        name = str(name)
        specs = {f.name: f for f in iter_fields(ft)}
        if name not in specs:
            nested = f"{ft.name}.{name}" if ft.name != "document" else name
            hint = (
                f" ({nested!r} is a collection of its own: match it with each: {nested})"
                if nested in self.schema
                else self.suggest(name, specs)
            )
            self.fail(f"{ft.name!r} has no field {name!r}{hint}", at)
        return specs[name]

    def ref(
        self, fs: FieldSpec, op: Op, text: str, at: str, allowed_ops: set[Op]
    ) -> Ref | ir.Shifted:
        """The reference ``text`` (``$alias.field``, with an optional offset) compared by ``op``."""
        m = _REF.match(text)
        if not m:
            self.fail(f"{quote(text)} is not a reference; write $alias.field", at)
        alias, name = m.groups()
        rest = text[m.end():]
        offset = _OFFSET.fullmatch(rest) if rest else None
        if rest and offset is None:
            self.fail(
                f"{quote(text)} is not a reference; write $alias.field, optionally with an offset"
                " such as '+ 28 days', '- 10 years' or '+ 3'",
                at,
            )
        own = self.current is not None and alias == self.current[0]
        info = AliasInfo("binding", self.current[1]) if own and self.current else self.aliases.get(alias)
        if info is None or info.kind != "binding" or info.fact_type is None:
            bound = [a for a, i in self.aliases.items() if i.kind == "binding"]
            self.fail(
                f"{quote(text)} refers to {alias!r}, which is not an earlier 'each' step"
                f"{self.suggest(alias, bound)}",
                at,
            )
        target = self.field(info.fact_type, name, at)
        textual = {"text", "choice"}
        if not (target.kind == fs.kind or {target.kind, fs.kind} <= textual):
            self.fail(
                f"cannot compare {fs.kind} field {fs.name!r} with {target.kind} field {name!r}", at
            )
        relational = bool(allowed_ops) and self.current is not None and (
            op in RELATIONAL_OPS or offset is not None or own
        )
        if not allowed_ops:
            self.fail("references cannot be used inside 'any'", at)
        if not relational:
            if op not in allowed_ops:
                self.fail(
                    "references can only be compared with "
                    f"{' or '.join(sorted(o.value for o in allowed_ops))} here, not '{op.value}'",
                    at,
                )
            return Ref(alias, BUILTIN.get(name, name))
        if fs.kind not in ("date", "int", "number"):
            what = "with its own fact's fields" if own else f"with '{op.value}' or an offset"
            self.fail(
                f"only dates and numbers can be compared {what}, not the {fs.kind} field {fs.name!r}",
                at,
            )
        amount: int | float = 0
        unit: str | None = None
        if offset is not None:
            sign, digits, unit_name = offset.groups()
            if fs.kind == "date":
                if unit_name is None or unit_name not in _UNIT_NAMES or "." in digits:
                    got = f"unit {unit_name!r}" if unit_name else "no unit"
                    self.fail(
                        "a date offset is a whole number of days, months or years"
                        f" (got {got} in {quote(text)})",
                        at,
                    )
                unit = _UNIT_NAMES[unit_name]
                amount = int(digits)
            else:
                if unit_name is not None:
                    self.fail(
                        f"an offset to the {fs.kind} field {fs.name!r} is a plain number, not {unit_name!r}",
                        at,
                    )
                if fs.kind == "int" and "." in digits:
                    self.fail(
                        f"an offset to the whole-number field {fs.name!r} is a whole number", at
                    )
                amount = float(digits) if "." in digits else int(digits)
            amount = -amount if sign == "-" else amount
        elif fs.kind == "date":
            unit = "days"
        return ir.Shifted(alias, BUILTIN.get(name, name), amount, unit)

    def param(self, raw: object, at: str) -> object:
        """``raw``, or the value of the parameter when it is ``{param: name}``."""
        if isinstance(raw, dict) and set(raw) == {"param"}:
            name = raw["param"]
            if not isinstance(name, str) or name not in self.params:
                self.fail(
                    f"unknown parameter {quote(name)}{self.suggest(str(name), self.params)}",
                    join_pointer(at, "param"),
                )
            return self.params[name]
        return raw

    def boolean(self, raw: object, at: str) -> bool:
        """``raw`` as true or false."""
        raw = self.param(raw, at)
        value = resolve_plain(raw) if isinstance(raw, Plain) else raw
        if isinstance(value, bool):
            return value
        note = yaml11_surprise(str(raw)) if isinstance(raw, str) else None
        hint = f" (a YAML 1.1 reader would take it as {note})" if note else ""
        self.fail(f"expected true or false, got {quote(raw)}{hint}", at)

    def constant(self, raw: object, fs: FieldSpec, at: str) -> ir.Scalar | RelativeDate:
        """``raw`` as a constant of the kind of field ``fs`` (a date may be relative)."""
        raw = self.param(raw, at)
        kind = fs.kind
        if kind == "bool":
            return self.boolean(raw, at)
        if kind in ("text", "choice"):
            if not isinstance(raw, str):
                self.fail(f"expected text for {fs.name!r}, got {quote(raw)}", at)
            if kind == "choice" and raw not in fs.choices:
                self.fail(
                    f"{quote(raw)} is not a value of {fs.name!r}{self.suggest(raw, fs.choices)} "
                    f"(values: {', '.join(fs.choices)})",
                    at,
                )
            return str(raw)
        if kind == "date":
            if isinstance(raw, dict) and len(raw) == 1:
                ((unit, amount),) = raw.items()
                if unit in _RELATIVE_UNITS:
                    amount = self.param(amount, join_pointer(at, str(unit)))
                    value = resolve_plain(amount) if isinstance(amount, Plain) else amount
                    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                        return RelativeDate(_RELATIVE_UNITS[unit], value)
                    self.fail(f"{unit} takes a whole number, got {quote(amount)}", at)
            if isinstance(raw, dt.date):
                return raw.toordinal()
            if isinstance(raw, str) and _DATE.fullmatch(raw):
                try:
                    return dt.date.fromisoformat(raw).toordinal()
                except ValueError:
                    pass
            self.fail(
                f"expected a date (YYYY-MM-DD) or {{months_before: N}} for {fs.name!r}, got {quote(raw)}",
                at,
            )
        value = resolve_plain(raw) if isinstance(raw, Plain) else raw
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"expected a number for {fs.name!r}, got {quote(raw)}", at)
        if kind == "int" and not isinstance(value, int):
            self.fail(f"expected a whole number for {fs.name!r}, got {quote(raw)}", at)
        return value

    def count_is(self, raw: object, at: str) -> tuple[Op, int]:
        """A count's ``is``: its operator and threshold."""
        if raw is None:
            self.fail("a count needs 'is', e.g. is: {lt: 6}", at.rsplit("/", 1)[0])
        if not isinstance(raw, dict):
            self.fail("a count's 'is' must be a mapping", at)
        body: Mapping[str, object] = raw
        if len(body) != 1:
            self.fail("'is' takes exactly one comparison, e.g. {lt: 6}", at)
        ((name, operand),) = body.items()
        op = self.op(name, IS_OPS, join_pointer(at, name), "a count")
        value = self.constant(operand, FieldSpec("count", "int"), join_pointer(at, name))
        assert isinstance(value, int)
        return op, value

    def expr(self, raw: object, at: str) -> ir.Expr:
        """An arithmetic expression of a ``compare`` over the document's number fields."""
        raw = self.param(raw, at)
        if isinstance(raw, dict):
            if len(raw) != 1:
                self.fail("an expression is {add|sub|mul|div: [a, b]}", at)
            ((name, args),) = raw.items()
            names = [a.op.value for a in ARITHMETIC]
            if name not in names:
                self.fail(
                    f"unknown operator {name!r}{self.suggest(str(name), names)}", join_pointer(at, name)
                )
            if not isinstance(args, list) or len(args) != 2:
                self.fail(f"'{name}' takes a list of two operands", join_pointer(at, name))
            return Arith(
                ArithOp(name),
                self.expr(args[0], join_pointer(at, f"{name}/0")),
                self.expr(args[1], join_pointer(at, f"{name}/1")),
            )
        value = resolve_plain(raw) if isinstance(raw, Plain) else raw
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            fs = self.field(self.schema["document"], value, at)
            if fs.kind not in ("int", "number"):
                self.fail(f"{quote(value)} is not a number field of the document", at)
            return ir.Field(value)
        self.fail(f"expected a number, a document field or an expression, got {quote(raw)}", at)
