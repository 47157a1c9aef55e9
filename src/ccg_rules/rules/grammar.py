"""The rule language's grammar as data: its steps, and its operators per field kind.

Each operator is given once, in `OPERATORS`: its YAML name, its `ccg_rules.rules.ir.Op`,
its Python evaluation, its durable-rules mapping, the "expected" phrase of a finding it
makes in a ``count`` or ``compare``, and the field kinds it applies to. The parser's
checks (`ccg_rules.rules.language`), both engines' comparisons, the ruleset JSON Schema
(`ccg_rules.schemas`) and the table in ``docs/writing-rules.md`` are all derived from it.
Rewrite that table with ``python -m ccg_rules.rules.grammar --write-docs``.

This module imports only the IR, so that ``import ccg_rules`` stays fast.
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from ccg_rules._record import Record
from ccg_rules.rules.ir import ArithOp, Op

_set = object.__setattr__

FIELD_KINDS = ("text", "choice", "int", "number", "date", "bool", "list")
"""The kinds of a fact field (`ccg_rules.facts.FieldKind`), in the order the docs list them."""

Operand = Literal["value", "values", "item", "pattern", "flag"]
"""What an operator takes: a value of the field's kind, a non-empty list of them, one item
of a list field, a pattern of the portable dialect, or ``true``/``false``."""

Join = Literal["none", "equality", "relational"]
"""How an operator may take ``$alias.field``: not at all, as an equality join (and, on
dates and numbers in ``each`` and ``absent``, relationally), or relationally only."""

DURABLE_SPECIAL = None
"""The `Operator.durable` of an operator the durable engine compiles by a rule of its own."""


class Operator(Record):
    """One operator of a field test (or of a ``count``'s or ``compare``'s ``is``).

    Attributes:
        name: Its YAML name; None for an operator written another way (``missing`` is
            ``exists: false``).
        op: Its IR operator.
        evaluate: ``value <op> operand`` for a present value; for ``matches`` the operand
            is the compiled pattern (`ccg_rules.rules.patterns.compile_pattern`).
        when_absent: The test's outcome when the field is absent or null.
        durable: The durable-rules operator written ``{durable: {field: operand}}`` (``""``:
            plain equality ``{field: operand}``), or `DURABLE_SPECIAL`.
        expected: What a finding of a ``count`` or ``compare`` that fired with this
            operator says was expected, with ``{}`` for the other side; None if the operator
            cannot be used there.
        kinds: The field kinds it applies to.
        operand: What it takes (`Operand`).
        join: Whether it takes references (`Join`).
        summary: When it holds, for the docs.
    """

    _fields = (
        "name",
        "op",
        "evaluate",
        "when_absent",
        "durable",
        "expected",
        "kinds",
        "operand",
        "join",
        "summary",
    )
    __slots__ = _fields

    name: str | None
    op: Op
    evaluate: Callable[[Any, Any], bool]
    when_absent: bool
    durable: str | None
    expected: str | None
    kinds: frozenset[str]
    operand: Operand
    join: Join
    summary: str

    def __init__(
        self,
        name: str | None,
        op: Op,
        evaluate: Callable[[Any, Any], bool],
        when_absent: bool,
        durable: str | None,
        expected: str | None,
        kinds: frozenset[str],
        operand: Operand,
        join: Join,
        summary: str,
    ) -> None:
        _set(self, "name", name)
        _set(self, "op", op)
        _set(self, "evaluate", evaluate)
        _set(self, "when_absent", when_absent)
        _set(self, "durable", durable)
        _set(self, "expected", expected)
        _set(self, "kinds", kinds)
        _set(self, "operand", operand)
        _set(self, "join", join)
        _set(self, "summary", summary)


_ORDERED = frozenset({"int", "number", "date"})
_TEXTUAL = frozenset({"text", "choice"})
_SCALAR = frozenset({"text", "choice", "int", "number", "date", "bool"})


def _matches(value: Any, matcher: Any) -> bool:
    return bool(matcher.fullmatch(str(value)))


def _present(value: Any, _: Any) -> bool:
    return True


def _absent(value: Any, _: Any) -> bool:
    return False


OPERATORS: tuple[Operator, ...] = (
    # name, op, evaluate, when absent, durable, expected (the rule fired, so the count or
    # compare was not what this says), kinds, operand, join, summary
    Operator("eq", Op.EQ, operator.eq, False, "", "not {}", _SCALAR, "value", "equality",
             "the field equals the operand (a bare value means `eq`)"),
    Operator("ne", Op.NE, operator.ne, False, "$neq", "exactly {}", _SCALAR, "value", "equality",
             "the field is present and differs from the operand"),
    Operator("lt", Op.LT, operator.lt, False, "$lt", "at least {}", _ORDERED, "value", "relational",
             "the field is less than the operand"),
    Operator("le", Op.LE, operator.le, False, "$lte", "more than {}", _ORDERED, "value", "relational",
             "the field is at most the operand"),
    Operator("gt", Op.GT, operator.gt, False, "$gt", "at most {}", _ORDERED, "value", "relational",
             "the field is greater than the operand"),
    Operator("ge", Op.GE, operator.ge, False, "$gte", "fewer than {}", _ORDERED, "value", "relational",
             "the field is at least the operand"),
    Operator("in", Op.IN, lambda v, c: v in c, False, DURABLE_SPECIAL, None,
             _TEXTUAL | {"int"}, "values", "none", "the field is one of the listed values"),
    Operator("not_in", Op.NOT_IN, lambda v, c: v not in c, False, DURABLE_SPECIAL, None,
             _TEXTUAL | {"int"}, "values", "none", "the field is present and none of the listed values"),
    Operator("contains", Op.CONTAINS, lambda v, c: c in v, False, DURABLE_SPECIAL, None,
             frozenset({"list"}), "item", "none", "the list holds the item"),
    Operator("not_contains", Op.NOT_CONTAINS, lambda v, c: c not in v, False, DURABLE_SPECIAL, None,
             frozenset({"list"}), "item", "none", "the list is present and does not hold the item"),
    Operator("matches", Op.MATCHES, _matches, False, DURABLE_SPECIAL, None,
             _TEXTUAL, "pattern", "none", "the whole field matches the pattern"),
    Operator("not_matches", Op.NOT_MATCHES, lambda v, m: not _matches(v, m), False, DURABLE_SPECIAL, None,
             _TEXTUAL, "pattern", "none",
             "the field is present and does not match the pattern (not in `any`)"),
    Operator("exists", Op.EXISTS, _present, False, "$ex", None,
             frozenset(FIELD_KINDS), "flag", "none", "the field is present and not null (`exists: true`)"),
    Operator(None, Op.MISSING, _absent, True, "$nex", None,
             frozenset(FIELD_KINDS), "flag", "none", "the field is absent or null"),
)
"""Every operator of the language, once."""

BY_OP: dict[Op, Operator] = {o.op: o for o in OPERATORS}
"""`OPERATORS` by IR operator."""

BY_NAME: dict[str, Operator] = {o.name: o for o in OPERATORS if o.name is not None}
"""`OPERATORS` by YAML name."""

KIND_OPS: dict[str, frozenset[Op]] = {
    kind: frozenset(o.op for o in OPERATORS if kind in o.kinds and o.operand != "flag")
    for kind in FIELD_KINDS
}
"""The operators of a field test on each kind of field, besides ``exists``."""

IS_OPS: frozenset[Op] = frozenset(o.op for o in OPERATORS if o.expected is not None)
"""The operators of a ``count``'s or a ``compare``'s ``is``."""

RELATIONAL_OPS: frozenset[Op] = frozenset(o.op for o in OPERATORS if o.join == "relational")
"""The operators that compare two facts' fields relationally, whatever the offset."""

JOIN_OPS: frozenset[Op] = frozenset(o.op for o in OPERATORS if o.join == "equality")
"""The operators that join a step to an earlier one by ``$alias.field`` (without an offset)."""


def evaluate(op: Op, value: object, operand: object) -> bool:
    """Return the outcome of ``value <op> operand`` (``value`` None: the field is absent)."""
    spec = BY_OP[op]
    return spec.when_absent if value is None else spec.evaluate(value, operand)


def expected(op: Op, other: str) -> str:
    """What a ``count`` or ``compare`` that fired with ``op`` expected, ``other`` the other side.

    Raises:
        KeyError: ``op`` cannot be used in ``is``.
    """
    phrase = BY_OP[op].expected
    if phrase is None:
        raise KeyError(op)
    return phrase.format(other)


class Arithmetic(Record):
    """One operator of a ``compare``'s expressions.

    Attributes:
        op: Its IR operator (its YAML name is ``op.value``).
        evaluate: ``a <op> b``, or None when the result is missing.
        summary: What it computes, for the docs.
    """

    _fields = ("op", "evaluate", "summary")
    __slots__ = _fields

    op: ArithOp
    evaluate: Callable[[float, float], float | None]
    summary: str

    def __init__(self, op: ArithOp, evaluate: Callable[[float, float], float | None], summary: str) -> None:
        _set(self, "op", op)
        _set(self, "evaluate", evaluate)
        _set(self, "summary", summary)


ARITHMETIC: tuple[Arithmetic, ...] = (
    Arithmetic(ArithOp.ADD, operator.add, "`a + b`"),
    Arithmetic(ArithOp.SUB, operator.sub, "`a - b`"),
    Arithmetic(ArithOp.MUL, operator.mul, "`a * b`"),
    Arithmetic(ArithOp.DIV, lambda a, b: a / b if b != 0 else None, "`a / b`, missing when `b` is 0"),
)
"""The arithmetic of ``compare``: ``{add: [a, b]}`` and so on; a missing operand makes it missing."""

BY_ARITH: dict[ArithOp, Arithmetic] = {a.op: a for a in ARITHMETIC}
"""`ARITHMETIC` by IR operator."""


class StepForm(Record):
    """One kind of step of a condition.

    Attributes:
        keyword: The key that names the step's kind.
        section: ``match`` or ``absent``.
        keys: The keys the step may have.
        required: The keys it must have.
        summary: What it does, for the docs.
    """

    _fields = ("keyword", "section", "keys", "required", "summary")
    __slots__ = _fields

    keyword: str
    section: Literal["match", "absent"]
    keys: tuple[str, ...]
    required: tuple[str, ...]
    summary: str

    def __init__(
        self,
        keyword: str,
        section: Literal["match", "absent"],
        keys: tuple[str, ...],
        required: tuple[str, ...],
        summary: str,
    ) -> None:
        _set(self, "keyword", keyword)
        _set(self, "section", section)
        _set(self, "keys", keys)
        _set(self, "required", required)
        _set(self, "summary", summary)


STEPS: tuple[StepForm, ...] = (
    StepForm("each", "match", ("each", "where"), ("each",),
             "binds each fact of a collection that passes `where`"),
    StepForm("count", "match", ("count", "where", "is"), ("count", "is"),
             "the number of facts that pass `where`, tested by `is` (e.g. `{lt: 6}`)"),
    StepForm("compare", "match", ("compare", "is"), ("compare", "is"),
             "arithmetic on document fields (`add sub mul div`), tested by `is`"),
    StepForm("each", "absent", ("each", "where"), ("each",),
             "fires only when no fact of the collection passes `where`"),
)
"""The steps of a condition: under ``match`` (in order), and under ``absent``."""

MATCH_STEPS = tuple(s for s in STEPS if s.section == "match")
"""The steps of ``match``."""

ABSENT_STEP = next(s for s in STEPS if s.section == "absent")
"""The form of an ``absent`` pattern."""

_OPERAND_TEXT = {
    "value": "a value",
    "values": "a list of values",
    "item": "an item",
    "pattern": "a pattern",
    "flag": "true or false",
}
_JOIN_TEXT = {"none": "no", "equality": "yes", "relational": "dates, numbers"}
DOCS_BEGIN = "<!-- grammar table: generated by python -m ccg_rules.rules.grammar --write-docs -->"
DOCS_END = "<!-- end of grammar table -->"
DOCS_PAGE = "writing-rules.md"


def docs_table() -> str:
    """The Markdown tables of the language's steps and operators, between the marker comments."""
    lines = [DOCS_BEGIN, "", "| Step | In | Keys | What it does |", "| --- | --- | --- | --- |"]
    for s in STEPS:
        keys = ", ".join(f"`{k}`" + ("" if k in s.required else " (optional)") for k in s.keys)
        lines.append(f"| `{s.keyword}` | `{s.section}` | {keys} | {s.summary} |")
    lines += [
        "",
        "| Operator | Field kinds | Takes | `$alias.field` | In `is` | Holds when |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for o in OPERATORS:
        name = f"`{o.name}`" if o.name else "`exists: false`"  # the one operator without a name
        every = o.kinds == frozenset(FIELD_KINDS)
        kinds = "all" if every else " ".join(k for k in FIELD_KINDS if k in o.kinds)
        cells = [name, kinds, _OPERAND_TEXT[o.operand], _JOIN_TEXT[o.join], "yes" if o.expected else "no"]
        lines.append("| " + " | ".join([*cells, o.summary]) + " |")
    lines += ["", "| Arithmetic (in `compare`) | Computes |", "| --- | --- |"]
    lines += [f"| `{a.op.value}: [a, b]` | {a.summary} |" for a in ARITHMETIC]
    return "\n".join([*lines, "", DOCS_END])


def with_docs_table(page: str) -> str:
    """Return ``page`` with the text between the marker comments replaced by `docs_table`.

    Raises:
        ValueError: The page lacks the markers.
    """
    start, end = page.find(DOCS_BEGIN), page.find(DOCS_END)
    if start < 0 or end < start:
        raise ValueError(f"the page lacks the markers {DOCS_BEGIN!r} and {DOCS_END!r}")
    return page[:start] + docs_table() + page[end + len(DOCS_END):]


def main(argv: list[str] | None = None) -> int:
    """Check (or with ``--write-docs`` rewrite) the grammar table in the docs; return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(__file__).resolve().parents[3] / "docs" / DOCS_PAGE
    if not path.is_file():
        sys.stderr.write(f"no docs/{DOCS_PAGE} here: run this from a source checkout\n")
        return 2
    page = path.read_text(encoding="utf-8")
    text = with_docs_table(page)
    if "--write-docs" in args:
        path.write_text(text, encoding="utf-8", newline="\n")
        return 0
    if text != page:
        hint = "python -m ccg_rules.rules.grammar --write-docs"
        sys.stderr.write(f"docs/{DOCS_PAGE} is out of date; run: {hint}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
