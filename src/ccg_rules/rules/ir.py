"""The engine-neutral intermediate form of a rule condition.

The YAML condition language (see `ccg_rules.rules.language`) is parsed and checked
against the fact schema into these frozen values. Both engines consume only this form:

* the Python engine evaluates it directly (nested-loop joins with hash indexes);
* the durable-rules engine translates it into durable's JSON ruleset format.

Everything here is chosen so that it stays inside durable-rules' safe subset (see the
project's durable-rules evaluation): equality joins only, relational comparisons only
against constants, dates as day ordinals with relative dates resolved to constants at
compile time, counts, arithmetic and comparisons between two facts' fields (`Shifted`) pre-computed
as derived facts, absence judged
against a complete fact set. The parser rejects anything outside it, so no rule can
load that one engine could evaluate and the other could not.

Semantics shared by both engines:

* A *fact* is a flat mapping of field name to scalar (str, int, float, bool), or a
  tuple of str for list-of-scalar fields. Dates are ``int`` day ordinals
  (`datetime.date.toordinal`). A missing or null field is absent from the fact.
* Every fact has ``$type``, ``$path`` (its RFC 6901 JSON Pointer), ``$parent`` (the
  pointer of the enclosing collection element, ``""`` at the top) and ``$index``.
* A `Test` on an absent field is false, whatever the operator, except
  ``Op.MISSING`` which is true exactly when the field is absent.
* A rule fires once per distinct tuple of facts, one per `Binding`, that satisfies
  every binding's tests and for which no `Absent` pattern has a matching fact.
  Findings are de-duplicated on (rule, reported pointer), keeping the tuple whose paths
  sort first.
"""

from __future__ import annotations

import enum

from ccg_rules._record import Record as Record
from ccg_rules._record import fields_of as fields_of
from ccg_rules._record import replace as replace

Scalar = str | int | float | bool

_set = object.__setattr__


class Op(enum.StrEnum):
    """Comparison operators of a field test (their kinds and meaning: `ccg_rules.rules.grammar`)."""

    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    IN = "in"  # operand: tuple of constants
    NOT_IN = "not_in"
    CONTAINS = "contains"  # list field contains a constant
    NOT_CONTAINS = "not_contains"
    MATCHES = "matches"  # whole-string match of a `Pattern`
    NOT_MATCHES = "not_matches"
    EXISTS = "exists"  # field present (operand None)
    MISSING = "missing"  # field absent (operand None)


class Ref(Record):
    """The value of ``field`` in the fact bound to an earlier ``alias`` (equality joins only)."""

    _fields = ("alias", "field")
    __slots__ = _fields

    alias: str
    field: str

    def __init__(self, alias: str, field: str) -> None:
        _set(self, "alias", alias)
        _set(self, "field", field)


class Shifted(Record):
    """``field`` of the fact bound to ``alias``, moved by ``amount`` (a relational join).

    ``alias`` is an earlier binding or the test's own fact. For a date, ``unit`` is
    ``"days"``, ``"months"`` or ``"years"`` and the value moves by calendar arithmetic
    (`ccg_rules.rules.dates.add_period`); for a number, ``unit`` is None and ``amount``
    is added. The test is false when either field is absent. durable-rules cannot compare
    two facts relationally, so for it these tests are pre-computed as ``$rel`` (a binding's
    pairs) and ``$some`` (an absent pattern's witnesses) facts; see
    `ccg_rules.engines.relations`.
    """

    _fields = ("alias", "field", "amount", "unit")
    __slots__ = _fields

    alias: str
    field: str
    amount: int | float
    unit: str | None

    def __init__(self, alias: str, field: str, amount: int | float = 0, unit: str | None = None) -> None:
        _set(self, "alias", alias)
        _set(self, "field", field)
        _set(self, "amount", amount)
        _set(self, "unit", unit)


MAX_RELATED = 2
"""The most other steps that one step or absent pattern with `Shifted` tests may name."""


class Pattern(Record):
    r"""A string pattern in the project's portable regex dialect.

    ``source`` is what the rule author wrote; ``python`` is an anchored Python regular
    expression equivalent to it. Engines translate ``source`` into their own dialect.
    The dialect: literal characters, ``.``, character classes ``[...]`` with ranges,
    ``\d``, ``\s``, ``\w``, quantifiers ``? * + {n} {n,m}`` applied to a single atom,
    and nothing else (no groups, no alternation). It always matches the whole string.
    """

    _fields = ("source", "python")
    __slots__ = _fields

    source: str
    python: str

    def __init__(self, source: str, python: str) -> None:
        _set(self, "source", source)
        _set(self, "python", python)


class RelativeDate(Record):
    """A date ``amount`` ``unit`` before the as-of date (calendar arithmetic).

    Only in parsed, unresolved conditions: `ccg_rules.rules.language.resolve`
    replaces it by the day ordinal for a given as-of date before any engine sees it.
    Months are calendar months; the 31st less one month is the last day of that month.
    """

    _fields = ("unit", "amount")
    __slots__ = _fields

    unit: str  # "days" | "months" | "years"
    amount: int

    def __init__(self, unit: str, amount: int) -> None:
        _set(self, "unit", unit)
        _set(self, "amount", amount)


Operand = Scalar | Ref | Shifted | tuple[Scalar, ...] | Pattern | RelativeDate | None


class Test(Record):
    """``fact[field] <op> operand``."""

    _fields = ("field", "op", "operand")
    __slots__ = _fields

    __test__ = False  # not a pytest test class

    field: str
    op: Op
    operand: Operand

    def __init__(self, field: str, op: Op, operand: Operand = None) -> None:
        _set(self, "field", field)
        _set(self, "op", op)
        _set(self, "operand", operand)


class AnyOf(Record):
    """A disjunction of conjunctions of tests: true when every test of some branch is.

    Branches may not contain ``NOT_MATCHES`` (durable-rules has no negated match inside
    an ``$or``) or references.
    """

    _fields = ("branches",)
    __slots__ = _fields

    branches: tuple[tuple[Criterion, ...], ...]

    def __init__(self, branches: tuple[tuple[Criterion, ...], ...]) -> None:
        _set(self, "branches", branches)


Criterion = Test | AnyOf


class Binding(Record):
    """Bind ``alias`` to each fact of ``fact_type`` satisfying every criterion."""

    _fields = ("alias", "fact_type", "criteria")
    __slots__ = _fields

    alias: str
    fact_type: str
    criteria: tuple[Criterion, ...]

    def __init__(self, alias: str, fact_type: str, criteria: tuple[Criterion, ...] = ()) -> None:
        _set(self, "alias", alias)
        _set(self, "fact_type", fact_type)
        _set(self, "criteria", criteria)


class Absent(Record):
    """No fact of ``fact_type`` satisfies every criterion (refs may name any binding)."""

    _fields = ("alias", "fact_type", "criteria")
    __slots__ = _fields

    alias: str
    fact_type: str
    criteria: tuple[Criterion, ...]

    def __init__(self, alias: str, fact_type: str, criteria: tuple[Criterion, ...] = ()) -> None:
        _set(self, "alias", alias)
        _set(self, "fact_type", fact_type)
        _set(self, "criteria", criteria)


class Count(Record):
    """Bind ``alias`` to the number of ``fact_type`` facts satisfying ``criteria``.

    ``criteria`` may hold equality references to *one* earlier binding, ``outer``; the
    count is then taken per fact of that binding (a correlated count). The binding holds
    when ``count <op> threshold``. It is pre-computed as a derived fact of type
    ``$count`` with fields ``rule``, ``alias``, ``key`` (the outer fact's path, or ``""``)
    and ``n``.
    """

    _fields = ("alias", "fact_type", "criteria", "op", "threshold", "outer")
    __slots__ = _fields

    alias: str
    fact_type: str
    criteria: tuple[Criterion, ...]
    op: Op
    threshold: int
    outer: str | None

    def __init__(
        self,
        alias: str,
        fact_type: str,
        criteria: tuple[Criterion, ...],
        op: Op,
        threshold: int,
        outer: str | None = None,
    ) -> None:
        _set(self, "alias", alias)
        _set(self, "fact_type", fact_type)
        _set(self, "criteria", criteria)
        _set(self, "op", op)
        _set(self, "threshold", threshold)
        _set(self, "outer", outer)


class ArithOp(enum.StrEnum):
    """Arithmetic operators of an expression."""

    ADD = "add"
    SUB = "sub"
    MUL = "mul"
    DIV = "div"


class Field(Record):
    """A scalar field of the document's root fact (a singleton value)."""

    _fields = ("name",)
    __slots__ = _fields

    name: str

    def __init__(self, name: str) -> None:
        _set(self, "name", name)


class Arith(Record):
    """``left <op> right``; missing operands or division by zero make the result missing."""

    _fields = ("op", "left", "right")
    __slots__ = _fields

    op: ArithOp
    left: Expr
    right: Expr

    def __init__(self, op: ArithOp, left: Expr, right: Expr) -> None:
        _set(self, "op", op)
        _set(self, "left", left)
        _set(self, "right", right)


Expr = int | float | Field | Arith


class Compare(Record):
    """Bind ``alias`` when ``left <op> right`` holds (both evaluated over the root fact).

    Pre-computed as a derived fact of type ``$value`` with fields ``rule``, ``alias``,
    ``left``, ``right`` and ``diff`` (``left - right``); it exists only when both sides
    are present, and the engines test ``diff <op> 0``.
    """

    _fields = ("alias", "left", "op", "right")
    __slots__ = _fields

    alias: str
    left: Expr
    op: Op
    right: Expr

    def __init__(self, alias: str, left: Expr, op: Op, right: Expr) -> None:
        _set(self, "alias", alias)
        _set(self, "left", left)
        _set(self, "op", op)
        _set(self, "right", right)


Step = Binding | Count | Compare


class Condition(Record):
    """The whole condition of one rule: when it holds, the rule fires."""

    _fields = ("steps", "absent", "report", "report_pointer", "report_field")
    __slots__ = _fields

    steps: tuple[Step, ...]
    absent: tuple[Absent, ...]
    report: str | None  # alias whose fact's pointer is reported
    report_pointer: str | None  # or a fixed pointer (nearest existing parent is used)
    report_field: str | None  # with ``report``: that fact's field (dotted name)

    def __init__(
        self,
        steps: tuple[Step, ...],
        absent: tuple[Absent, ...] = (),
        report: str | None = None,
        report_pointer: str | None = None,
        report_field: str | None = None,
    ) -> None:
        _set(self, "steps", steps)
        _set(self, "absent", absent)
        _set(self, "report", report)
        _set(self, "report_pointer", report_pointer)
        _set(self, "report_field", report_field)


class CompiledRule(Record):
    """A rule's identity and its condition, as the engines see it."""

    _fields = ("rule_id", "condition")
    __slots__ = _fields

    rule_id: str
    condition: Condition

    def __init__(self, rule_id: str, condition: Condition) -> None:
        _set(self, "rule_id", rule_id)
        _set(self, "condition", condition)


class RulePlan(Record):
    """The compiled rules of one ruleset version at one as-of date.

    ``key`` identifies the plan's content (ruleset digest and as-of date); engines may
    cache whatever they build from a plan under it for the life of the process.
    """

    _fields = ("key", "rules")
    __slots__ = _fields

    key: str
    rules: tuple[CompiledRule, ...]

    def __init__(self, key: str, rules: tuple[CompiledRule, ...]) -> None:
        _set(self, "key", key)
        _set(self, "rules", rules)
