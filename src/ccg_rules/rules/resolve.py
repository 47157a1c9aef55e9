"""Relative dates of a parsed condition resolved to day ordinals for one as-of date."""

from __future__ import annotations

import datetime as dt

from ccg_rules.rules import ir
from ccg_rules.rules.dates import add_period
from ccg_rules.rules.ir import AnyOf, Binding, Condition, Count, Criterion, RelativeDate, Test


def shift_date(as_of: dt.date, relative: RelativeDate) -> dt.date:
    """Return the date ``relative`` before ``as_of`` (calendar months and years), or 0001-01-01."""
    # A date before the first representable day is that first day (0001-01-01): nothing a
    # document holds is earlier, so every comparison keeps its meaning (a document dated in
    # year 13 with a ruleset pinned by the caller must not crash). The calendar rule is the
    # one both engines use for offsets (`ccg_rules.rules.dates.add_period`).
    return dt.date.fromordinal(add_period(as_of.toordinal(), relative.unit, -relative.amount))


def _resolve_criteria(criteria: tuple[Criterion, ...], as_of: dt.date) -> tuple[Criterion, ...]:
    out: list[Criterion] = []
    for c in criteria:
        if isinstance(c, Test):
            if isinstance(c.operand, RelativeDate):
                c = ir.replace(c, operand=shift_date(as_of, c.operand).toordinal())
            out.append(c)
        else:
            out.append(AnyOf(tuple(_resolve_criteria(b, as_of) for b in c.branches)))
    return tuple(out)


def resolve(condition: Condition, as_of: dt.date) -> Condition:
    """Replace every relative date in ``condition`` by its day ordinal for ``as_of``."""
    steps: list[ir.Step] = []
    for step in condition.steps:
        if isinstance(step, Binding | Count):
            step = ir.replace(step, criteria=_resolve_criteria(step.criteria, as_of))
        steps.append(step)
    absent = tuple(
        ir.replace(a, criteria=_resolve_criteria(a.criteria, as_of)) for a in condition.absent
    )
    return ir.replace(condition, steps=tuple(steps), absent=absent)
