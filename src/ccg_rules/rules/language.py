"""The condition language: a rule's ``condition`` in YAML, parsed into the IR.

A condition describes the situation in which the rule *fires* (a finding is made)::

    condition:
      match:                      # ordered; each step binds an alias
        m:                        # every governing body seat ...
          each: governing_body.members
          where: {roles: {contains: registered_nurse}}
        p:                        # ... held by a person (a same-person join) ...
          each: people
          where: {id: $m.person, employer.provides_services_to_population: true}
      absent:                     # ... and nothing of this kind exists
        d:
          each: conflicts_of_interest.declarations
          where: {person: $m.person, declared: {ge: {months_before: 12}}}
      report: m                   # the alias whose element is reported, or a /pointer

Steps: ``each`` (bind every matching fact), ``count`` (the number of matching facts,
with ``is: {lt: 6}``), ``compare`` (arithmetic on document fields, with
``is: {gt: {mul: [running_costs.allowance_per_head, population.registered]}}``).
Tests in ``where``: ``eq ne lt le gt ge in not_in contains not_contains matches
not_matches exists``; a bare value means ``eq``; ``any: [...]`` is a disjunction and
``all: [...]`` a conjunction (to combine several ``any``).
Operands: constants, ``{param: name}``, ``$alias.field`` (equality joins only), and for
dates ``YYYY-MM-DD`` or ``{days_before|months_before|years_before: N}`` (before the
as-of date).

Everything is checked against the fact schema when the ruleset loads; errors carry the
JSON Pointer of the offending node so the loader can give its line and column.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ccg_rules._yaml import Plain, join_pointer, resolve_plain, yaml11_surprise
from ccg_rules.facts import BUILTIN, FactType, FieldSpec, iter_fields
from ccg_rules.located import did_you_mean
from ccg_rules.rules import ir
from ccg_rules.rules.ir import (
    Absent,
    AnyOf,
    Arith,
    ArithOp,
    Binding,
    Compare,
    Condition,
    Count,
    Criterion,
    Op,
    Ref,
    RelativeDate,
    Test,
)
from ccg_rules.rules.patterns import parse_pattern

_ALIAS = re.compile(r"[a-z][a-z0-9_]{0,31}")
_RESERVED_ALIASES = frozenset({"param", "as_of", "document", "doc"})
_REF = re.compile(r"\$([a-z][a-z0-9_]*)\.([A-Za-z0-9_.]+)")
_OFFSET = re.compile(r"\s*([+-])\s*([0-9]+(?:\.[0-9]+)?)(?:\s+([a-z]+))?\s*")
_UNIT_NAMES = {"day": "days", "days": "days", "month": "months", "months": "months",
               "year": "years", "years": "years"}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RELATIVE_UNITS = {"days_before": "days", "months_before": "months", "years_before": "years"}
_KIND_OPS: dict[str, frozenset[Op]] = {
    "text": frozenset({Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.MATCHES, Op.NOT_MATCHES}),
    "choice": frozenset({Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.MATCHES, Op.NOT_MATCHES}),
    "int": frozenset({Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.IN, Op.NOT_IN}),
    "number": frozenset({Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE}),
    "date": frozenset({Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE}),
    "bool": frozenset({Op.EQ, Op.NE}),
    "list": frozenset({Op.CONTAINS, Op.NOT_CONTAINS}),
}
_COMPARE_OPS = frozenset({Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE})


class LanguageError(Exception):
    """A condition is malformed; ``pointer`` names the offending node in the ruleset file."""

    def __init__(self, message: str, pointer: str) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


@dataclass(frozen=True, slots=True)
class AliasInfo:
    """What an alias of a parsed condition stands for (used to check message templates)."""

    kind: str  # "binding" | "count" | "compare"
    fact_type: FactType | None = None


@dataclass(frozen=True, slots=True)
class ParsedCondition:
    """A condition as parsed: relative dates are not yet resolved to an as-of date."""

    condition: Condition
    aliases: dict[str, AliasInfo]


def _q(value: object) -> str:
    """Quote a value for a message (a plain YAML scalar shows as the text written)."""
    return repr(str(value)) if isinstance(value, str) else repr(value)


def _suggest(word: str, choices: Iterable[str]) -> str:
    return did_you_mean(word, choices)


def _keys(raw: Mapping[str, object], allowed: Iterable[str], at: str, what: str) -> None:
    allowed = tuple(allowed)
    for key in raw:
        if key not in allowed:
            raise LanguageError(
                f"unknown key {key!r} in {what}{_suggest(key, allowed)} (allowed: {', '.join(allowed)})",
                join_pointer(at, key),
            )


def _mapping(raw: object, at: str, what: str) -> Mapping[str, object]:
    if not isinstance(raw, dict):
        raise LanguageError(f"{what} must be a mapping", at)
    return raw


class _Parser:
    def __init__(self, schema: Mapping[str, FactType], params: Mapping[str, object], at: str) -> None:
        self.schema = schema
        self.params = params
        self.at = at
        self.aliases: dict[str, AliasInfo] = {}
        self.current: tuple[str, FactType] | None = None  # the step whose 'where' is parsed

    # -- structure -------------------------------------------------------------------
    def condition(self, raw: object) -> ParsedCondition:
        body = _mapping(raw, self.at, "a condition")
        _keys(body, ("match", "absent", "report"), self.at, "a condition")
        match_at = join_pointer(self.at, "match")
        if "match" not in body:
            raise LanguageError("a condition needs a 'match' section", self.at)
        steps = _mapping(body["match"], match_at, "'match'")
        if not steps:
            raise LanguageError("'match' needs at least one step", match_at)
        parsed: list[ir.Step] = [self.step(alias, spec, match_at) for alias, spec in steps.items()]
        free = [s.alias for s in parsed if isinstance(s, Binding) and not _joined(s)]
        if len(free) > MAX_UNJOINED_STEPS:
            raise LanguageError(
                f"step {free[MAX_UNJOINED_STEPS]!r} makes {len(free)} 'each' steps not joined to an"
                " earlier step (by a 'where' equality to $alias.field), and at most"
                f" {MAX_UNJOINED_STEPS} are allowed: each one multiplies the combinations to try",
                join_pointer(match_at, free[MAX_UNJOINED_STEPS]),
            )
        absent: list[Absent] = []
        if "absent" in body:
            absent_at = join_pointer(self.at, "absent")
            for alias, spec in _mapping(body["absent"], absent_at, "'absent'").items():
                absent.append(self.absent(alias, spec, absent_at))
        report, report_field, report_pointer = self.report(body.get("report"), parsed)
        cond = Condition(tuple(parsed), tuple(absent), report, report_pointer, report_field)
        return ParsedCondition(cond, dict(self.aliases))

    def _alias(self, alias: str, at: str) -> None:
        if not _ALIAS.fullmatch(alias) or alias in _RESERVED_ALIASES:
            raise LanguageError(
                f"alias {alias!r} must be lower case letters, digits and _, start with a letter, "
                "and not be one of: " + ", ".join(sorted(_RESERVED_ALIASES)),
                at,
            )
        if alias in self.aliases:
            raise LanguageError(f"alias {alias!r} is used twice", at)
        if yaml11_surprise(alias):
            raise LanguageError(
                f"alias {alias!r} would be read as {yaml11_surprise(alias)} by YAML 1.1 tools; "
                "choose another name",
                at,
            )

    def step(self, alias: str, raw: object, at: str) -> ir.Step:
        at = join_pointer(at, alias)
        self._alias(alias, at)
        spec = _mapping(raw, at, f"step {alias!r}")
        kinds = [k for k in ("each", "count", "compare") if k in spec]
        if len(kinds) != 1:
            raise LanguageError(f"step {alias!r} needs exactly one of 'each', 'count' or 'compare'", at)
        if kinds[0] == "each":
            _keys(spec, ("each", "where"), at, f"step {alias!r}")
            ft = self.fact_type(spec["each"], join_pointer(at, "each"))
            crit = self.related_where(alias, ft, spec.get("where"), join_pointer(at, "where"))
            self.aliases[alias] = AliasInfo("binding", ft)
            return Binding(alias, ft.name, crit)
        if kinds[0] == "count":
            _keys(spec, ("count", "where", "is"), at, f"step {alias!r}")
            ft = self.fact_type(spec["count"], join_pointer(at, "count"))
            crit = self.where(spec.get("where"), ft, join_pointer(at, "where"), refs={Op.EQ})
            outers = {t.operand.alias for t in _tests(crit) if isinstance(t.operand, Ref)}
            if len(outers) > 1:
                raise LanguageError(
                    "a count may refer to one earlier alias only, not " + " and ".join(sorted(outers)),
                    join_pointer(at, "where"),
                )
            op, threshold = self.count_is(spec.get("is"), join_pointer(at, "is"))
            self.aliases[alias] = AliasInfo("count")
            return Count(alias, ft.name, crit, op, threshold, next(iter(outers), None))
        _keys(spec, ("compare", "is"), at, f"step {alias!r}")
        left = self.expr(spec["compare"], join_pointer(at, "compare"))
        is_at = join_pointer(at, "is")
        if "is" not in spec:
            raise LanguageError("a compare needs 'is', e.g. is: {gt: 0}", at)
        is_ = _mapping(spec["is"], is_at, "'is'")
        if len(is_) != 1:
            raise LanguageError("'is' takes exactly one comparison, e.g. {gt: 0}", is_at)
        ((op_name, operand),) = is_.items()
        op = self.op(op_name, _COMPARE_OPS, join_pointer(is_at, op_name), "a compare")
        right = self.expr(operand, join_pointer(is_at, op_name))
        self.aliases[alias] = AliasInfo("compare")
        return Compare(alias, left, op, right)

    def absent(self, alias: str, raw: object, at: str) -> Absent:
        at = join_pointer(at, alias)
        self._alias(alias, at)
        spec = _mapping(raw, at, f"absent pattern {alias!r}")
        _keys(spec, ("each", "where"), at, f"absent pattern {alias!r}")
        if "each" not in spec:
            raise LanguageError(f"absent pattern {alias!r} needs 'each'", at)
        ft = self.fact_type(spec["each"], join_pointer(at, "each"))
        crit = self.related_where(alias, ft, spec.get("where"), join_pointer(at, "where"))
        self.aliases[alias] = AliasInfo("absent", ft)
        return Absent(alias, ft.name, crit)

    def related_where(self, alias: str, ft: FactType, raw: object, at: str) -> tuple[Criterion, ...]:
        """An ``each`` or ``absent`` step's tests, which may compare fields relationally."""
        self.current = (alias, ft)
        try:
            crit = self.where(raw, ft, at, refs={Op.EQ, Op.NE})
        finally:
            self.current = None
        if any(isinstance(t.operand, ir.Shifted) for t in _tests(crit)):
            named = sorted(
                {t.operand.alias for t in _tests(crit) if isinstance(t.operand, Ref | ir.Shifted)} - {alias}
            )
            if len(named) > ir.MAX_RELATED:
                raise LanguageError(
                    f"a step that compares fields relationally may refer to {ir.MAX_RELATED} earlier steps"
                    f" at most, not {', '.join(named)}",
                    at,
                )
        return crit

    def report(self, raw: object, steps: list[ir.Step]) -> tuple[str | None, str | None, str | None]:
        at = join_pointer(self.at, "report")
        bindings = [s.alias for s in steps if isinstance(s, Binding)]
        if raw is None:
            if not bindings:
                raise LanguageError(
                    "a rule without an 'each' step must say where to report: report: /pointer",
                    self.at,
                )
            return bindings[0], None, None
        if not isinstance(raw, str):
            raise LanguageError(
                "'report' is an alias, alias.field, or a JSON Pointer such as /committees", at
            )
        if raw.startswith("/"):
            if not _pointer_in_schema(raw, self.schema):
                raise LanguageError(f"{_q(raw)} is not a place in the document model", at)
            return None, None, str(raw)
        alias, _, field = str(raw).partition(".")
        if alias not in bindings:
            raise LanguageError(
                f"'report' names {alias!r}, which is not an 'each' step{_suggest(alias, bindings)}",
                at,
            )
        if field:
            info = self.aliases[alias]
            assert info.fact_type is not None
            spec = self.field(info.fact_type, field, at)
            if spec.name in BUILTIN:
                raise LanguageError("report a field of the document model, not path/parent/index", at)
        return alias, field or None, None

    # -- pieces ----------------------------------------------------------------------
    def fact_type(self, raw: object, at: str) -> FactType:
        if not isinstance(raw, str) or raw not in self.schema:
            name = str(raw)
            raise LanguageError(
                f"{name!r} is not a collection of the document model{_suggest(name, self.schema)}",
                at,
            )
        return self.schema[raw]

    def op(self, name: str, allowed: Iterable[Op], at: str, what: str) -> Op:
        names = [o.value for o in allowed]
        if name not in names:
            raise LanguageError(
                f"{name!r} cannot be used on {what}{_suggest(name, names)} "
                f"(allowed: {', '.join(sorted(names))})",
                at,
            )
        return Op(name)

    def field(self, ft: FactType, name: str, at: str) -> FieldSpec:
        name = str(name)
        specs = {f.name: f for f in iter_fields(ft)}
        if name not in specs:
            nested = f"{ft.name}.{name}" if ft.name != "document" else name
            hint = (
                f" ({nested!r} is a collection of its own: match it with each: {nested})"
                if nested in self.schema
                else _suggest(name, specs)
            )
            raise LanguageError(f"{ft.name!r} has no field {name!r}{hint}", at)
        return specs[name]

    def where(
        self, raw: object, ft: FactType, at: str, refs: set[Op], in_any: bool = False
    ) -> tuple[Criterion, ...]:
        if raw is None:
            return ()
        body = _mapping(raw, at, "'where'")
        out: list[Criterion] = []
        for key, spec in body.items():
            key_at = join_pointer(at, key)
            if key == "all":
                if not isinstance(spec, list) or not spec:
                    raise LanguageError("'all' takes a list of conditions", key_at)
                for i, part in enumerate(spec):
                    out.extend(self.where(part, ft, join_pointer(key_at, i), refs, in_any))
                continue
            if key == "any":
                if in_any:
                    raise LanguageError("'any' cannot be nested inside 'any'", key_at)
                if not isinstance(spec, list) or len(spec) < 2:
                    raise LanguageError("'any' takes a list of at least two conditions", key_at)
                branches = tuple(
                    self.where(b, ft, join_pointer(key_at, i), set(), in_any=True) for i, b in enumerate(spec)
                )
                if any(not b for b in branches):
                    raise LanguageError("each branch of 'any' needs at least one test", key_at)
                out.append(AnyOf(branches))
                continue
            fs = self.field(ft, key, key_at)
            ops = spec if isinstance(spec, dict) else {"eq": spec}
            if not ops:
                raise LanguageError(f"no test given for {key!r}", key_at)
            for op_name, operand in ops.items():
                op_at = key_at if not isinstance(spec, dict) else join_pointer(key_at, op_name)
                out.append(self.test(fs, op_name, operand, op_at, refs, in_any))
        return tuple(out)

    def test(
        self, fs: FieldSpec, op_name: str, operand: object, at: str, refs: set[Op], in_any: bool
    ) -> Test:
        field_key = BUILTIN.get(fs.name, fs.name)
        if op_name == "exists":
            flag = self.boolean(operand, at)
            return Test(field_key, Op.EXISTS if flag else Op.MISSING)
        allowed = _KIND_OPS[fs.kind]
        op = self.op(op_name, allowed, at, f"{fs.kind} field {fs.name!r}")
        if in_any and op is Op.NOT_MATCHES:
            raise LanguageError("'not_matches' cannot be used inside 'any'", at)
        if isinstance(operand, str) and operand.startswith("$"):
            return Test(field_key, op, self.ref(fs, op, operand, at, refs))
        if op in (Op.IN, Op.NOT_IN):
            if not isinstance(operand, list) or not operand:
                raise LanguageError(f"'{op.value}' takes a non-empty list of values", at)
            values = tuple(self.constant(v, fs, join_pointer(at, i)) for i, v in enumerate(operand))
            return Test(field_key, op, values)  # type: ignore[arg-type]
        if op in (Op.MATCHES, Op.NOT_MATCHES):
            if not isinstance(operand, str):
                raise LanguageError("a pattern must be a string", at)
            try:
                return Test(field_key, op, parse_pattern(str(operand)))
            except ValueError as exc:
                raise LanguageError(f"bad pattern {_q(operand)}: {exc}", at) from None
        if op in (Op.CONTAINS, Op.NOT_CONTAINS):
            assert fs.item is not None
            item = FieldSpec(fs.name, fs.item.kind, fs.item.choices)
            return Test(field_key, op, self.constant(operand, item, at))
        return Test(field_key, op, self.constant(operand, fs, at))

    def ref(
        self, fs: FieldSpec, op: Op, text: str, at: str, allowed_ops: set[Op]
    ) -> Ref | ir.Shifted:
        m = _REF.match(text)
        if not m:
            raise LanguageError(f"{_q(text)} is not a reference; write $alias.field", at)
        alias, name = m.groups()
        rest = text[m.end():]
        offset = _OFFSET.fullmatch(rest) if rest else None
        if rest and offset is None:
            raise LanguageError(
                f"{_q(text)} is not a reference; write $alias.field, optionally with an offset"
                " such as '+ 28 days', '- 10 years' or '+ 3'",
                at,
            )
        own = self.current is not None and alias == self.current[0]
        info = AliasInfo("binding", self.current[1]) if own and self.current else self.aliases.get(alias)
        if info is None or info.kind != "binding" or info.fact_type is None:
            bound = [a for a, i in self.aliases.items() if i.kind == "binding"]
            raise LanguageError(
                f"{_q(text)} refers to {alias!r}, which is not an earlier 'each' step"
                f"{_suggest(alias, bound)}",
                at,
            )
        target = self.field(info.fact_type, name, at)
        textual = {"text", "choice"}
        if not (target.kind == fs.kind or {target.kind, fs.kind} <= textual):
            raise LanguageError(
                f"cannot compare {fs.kind} field {fs.name!r} with {target.kind} field {name!r}", at
            )
        relational = bool(allowed_ops) and self.current is not None and (
            op in ir.RELATIONAL or offset is not None or own
        )
        if not allowed_ops:
            raise LanguageError("references cannot be used inside 'any'", at)
        if not relational:
            if op not in allowed_ops:
                raise LanguageError(
                    "references can only be compared with "
                    f"{' or '.join(sorted(o.value for o in allowed_ops))} here, not '{op.value}'",
                    at,
                )
            return Ref(alias, BUILTIN.get(name, name))
        if fs.kind not in ("date", "int", "number"):
            what = "with its own fact's fields" if own else f"with '{op.value}' or an offset"
            raise LanguageError(
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
                    raise LanguageError(
                        f"a date offset is a whole number of days, months or years (got {got} in {_q(text)})",
                        at,
                    )
                unit = _UNIT_NAMES[unit_name]
                amount = int(digits)
            else:
                if unit_name is not None:
                    raise LanguageError(
                        f"an offset to the {fs.kind} field {fs.name!r} is a plain number, not {unit_name!r}",
                        at,
                    )
                if fs.kind == "int" and "." in digits:
                    raise LanguageError(
                        f"an offset to the whole-number field {fs.name!r} is a whole number", at
                    )
                amount = float(digits) if "." in digits else int(digits)
            amount = -amount if sign == "-" else amount
        elif fs.kind == "date":
            unit = "days"
        return ir.Shifted(alias, BUILTIN.get(name, name), amount, unit)

    def param(self, raw: object, at: str) -> object:
        if isinstance(raw, dict) and set(raw) == {"param"}:
            name = raw["param"]
            if not isinstance(name, str) or name not in self.params:
                raise LanguageError(
                    f"unknown parameter {_q(name)}{_suggest(str(name), self.params)}",
                    join_pointer(at, "param"),
                )
            return self.params[name]
        return raw

    def boolean(self, raw: object, at: str) -> bool:
        raw = self.param(raw, at)
        value = resolve_plain(raw) if isinstance(raw, Plain) else raw
        if isinstance(value, bool):
            return value
        note = yaml11_surprise(str(raw)) if isinstance(raw, str) else None
        hint = f" (a YAML 1.1 reader would take it as {note})" if note else ""
        raise LanguageError(f"expected true or false, got {_q(raw)}{hint}", at)

    def constant(self, raw: object, fs: FieldSpec, at: str) -> ir.Scalar | RelativeDate:
        raw = self.param(raw, at)
        kind = fs.kind
        if kind == "bool":
            return self.boolean(raw, at)
        if kind in ("text", "choice"):
            if not isinstance(raw, str):
                raise LanguageError(f"expected text for {fs.name!r}, got {_q(raw)}", at)
            if kind == "choice" and raw not in fs.choices:
                raise LanguageError(
                    f"{_q(raw)} is not a value of {fs.name!r}{_suggest(raw, fs.choices)} "
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
                    raise LanguageError(f"{unit} takes a whole number, got {_q(amount)}", at)
            if isinstance(raw, dt.date):
                return raw.toordinal()
            if isinstance(raw, str) and _DATE.fullmatch(raw):
                try:
                    return dt.date.fromisoformat(raw).toordinal()
                except ValueError:
                    pass
            raise LanguageError(
                f"expected a date (YYYY-MM-DD) or {{months_before: N}} for {fs.name!r}, got {_q(raw)}",
                at,
            )
        value = resolve_plain(raw) if isinstance(raw, Plain) else raw
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise LanguageError(f"expected a number for {fs.name!r}, got {_q(raw)}", at)
        if kind == "int" and not isinstance(value, int):
            raise LanguageError(f"expected a whole number for {fs.name!r}, got {_q(raw)}", at)
        return value

    def count_is(self, raw: object, at: str) -> tuple[Op, int]:
        if raw is None:
            raise LanguageError("a count needs 'is', e.g. is: {lt: 6}", at.rsplit("/", 1)[0])
        body = _mapping(raw, at, "a count's 'is'")
        if len(body) != 1:
            raise LanguageError("'is' takes exactly one comparison, e.g. {lt: 6}", at)
        ((name, operand),) = body.items()
        op = self.op(name, _COMPARE_OPS, join_pointer(at, name), "a count")
        value = self.constant(operand, FieldSpec("count", "int"), join_pointer(at, name))
        assert isinstance(value, int)
        return op, value

    def expr(self, raw: object, at: str) -> ir.Expr:
        raw = self.param(raw, at)
        if isinstance(raw, dict):
            if len(raw) != 1:
                raise LanguageError("an expression is {add|sub|mul|div: [a, b]}", at)
            ((name, args),) = raw.items()
            names = [o.value for o in ArithOp]
            if name not in names:
                raise LanguageError(
                    f"unknown operator {name!r}{_suggest(str(name), names)}", join_pointer(at, name)
                )
            if not isinstance(args, list) or len(args) != 2:
                raise LanguageError(f"'{name}' takes a list of two operands", join_pointer(at, name))
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
                raise LanguageError(f"{_q(value)} is not a number field of the document", at)
            return ir.Field(value)
        raise LanguageError(f"expected a number, a document field or an expression, got {_q(raw)}", at)


MAX_UNJOINED_STEPS = 2
"""The most ``each`` steps of one condition that are not joined to an earlier step.

Each such step pairs every fact it matches with every combination before it, so the work
grows as the product of the collections' sizes; a join (``where`` holding an equality to
``$alias.field`` of an earlier step) keeps it to the matching facts.
"""


def _joined(step: Binding) -> bool:
    """Whether a step's own criteria (not inside ``any_of``) join it to an earlier step."""
    return any(isinstance(c, Test) and isinstance(c.operand, Ref) and c.op is Op.EQ for c in step.criteria)


def _tests(criteria: Iterable[Criterion]) -> Iterable[Test]:
    for c in criteria:
        if isinstance(c, Test):
            yield c
        else:
            for branch in c.branches:
                yield from _tests(branch)


def _pointer_in_schema(pointer: str, schema: Mapping[str, FactType]) -> bool:
    tokens = [t for t in pointer.split("/")[1:]]
    generic = "/" + "/".join("*" if t.isdigit() else t for t in tokens)
    for ft in schema.values():
        if ft.pointer == generic or ft.pointer.startswith(generic + "/"):
            return True
        for name in ft.fields:
            if f"{ft.pointer}/{name.replace('.', '/')}".startswith(generic):
                return True
    return False


def parse_condition(
    raw: object, schema: Mapping[str, FactType], params: Mapping[str, object], at: str
) -> ParsedCondition:
    """Parse a rule's condition and check it against the fact schema.

    Args:
        raw: The condition as loaded from YAML.
        schema: The fact schema (`ccg_rules.facts.fact_schema`).
        params: The ruleset version's parameters (raw YAML values).
        at: The JSON Pointer of the condition within its ruleset file.

    Raises:
        LanguageError: The condition is malformed; its pointer names the node.
    """
    return _Parser(schema, params, at).condition(raw)


def shift_date(as_of: dt.date, relative: RelativeDate) -> dt.date:
    """Return the date ``relative`` before ``as_of`` (calendar months and years), or 0001-01-01."""
    # A date before the first representable day is that first day (0001-01-01): nothing a
    # document holds is earlier, so every comparison keeps its meaning (a document dated in
    # year 13 with a ruleset pinned by the caller must not crash).
    if relative.unit == "days":
        if as_of.toordinal() - relative.amount < 1:
            return dt.date.min
        return as_of - dt.timedelta(days=relative.amount)
    months = relative.amount * (12 if relative.unit == "years" else 1)
    index = as_of.year * 12 + (as_of.month - 1) - months
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    day = min(as_of.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def _resolve_criteria(criteria: tuple[Criterion, ...], as_of: dt.date) -> tuple[Criterion, ...]:
    out: list[Criterion] = []
    for c in criteria:
        if isinstance(c, Test):
            if isinstance(c.operand, RelativeDate):
                c = dataclasses.replace(c, operand=shift_date(as_of, c.operand).toordinal())
            out.append(c)
        else:
            out.append(AnyOf(tuple(_resolve_criteria(b, as_of) for b in c.branches)))
    return tuple(out)


def resolve(condition: Condition, as_of: dt.date) -> Condition:
    """Replace every relative date in ``condition`` by its day ordinal for ``as_of``."""
    steps: list[ir.Step] = []
    for step in condition.steps:
        if isinstance(step, Binding | Count):
            step = dataclasses.replace(step, criteria=_resolve_criteria(step.criteria, as_of))
        steps.append(step)
    absent = tuple(
        dataclasses.replace(a, criteria=_resolve_criteria(a.criteria, as_of)) for a in condition.absent
    )
    return dataclasses.replace(condition, steps=tuple(steps), absent=absent)
