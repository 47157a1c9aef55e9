"""Wording: a firing put into words, its message and the expected and actual values.

Apart from `ccg_rules.pipeline.findings`, which makes the findings, so that a check that
never builds a `ccg_rules.findings.Finding` (one without pydantic) words them the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ccg_rules.engines.base import Fact
from ccg_rules.pipeline.match import Firing
from ccg_rules.rules import grammar
from ccg_rules.rules.ir import Compare, Count
from ccg_rules.rules.templates import Placeholder, format_value


def worded(
    firing: Firing, as_of: dt.date, params: Mapping[str, object]
) -> tuple[str, str | None, str | None]:
    """Return the message of ``firing`` and its expected and actual values (``None`` when none).

    Args:
        firing: The rule firing.
        as_of: The as-of date, for ``{as_of}`` in messages.
        params: The ruleset's parameters, for ``{param.NAME}`` in messages.
    """
    rule, env = firing.rule, firing.facts

    def lookup(ph: Placeholder) -> object:
        if ph.alias == "as_of":
            return as_of.toordinal()
        if ph.alias == "param":
            return params.get(ph.field or "")
        fact: Fact = env[ph.alias]
        if ph.kind == "count":
            return fact["n"]
        if ph.kind == "compare":
            return fact["right" if ph.field == "right" else "left"]
        return fact.get(ph.field or "")

    templates = rule._templates
    expected = templates["expected"].render(lookup) if "expected" in templates else None
    actual = templates["actual"].render(lookup) if "actual" in templates else None
    for step in rule._parsed.condition.steps:
        if isinstance(step, Count) and expected is None:
            expected = grammar.expected(step.op, str(step.threshold))
            actual = actual or format_value(env[step.alias]["n"], "count")
        elif isinstance(step, Compare) and expected is None:
            fact = env[step.alias]
            expected = grammar.expected(step.op, format_value(fact["right"], "compare"))
            actual = actual or format_value(fact["left"], "compare")
    return templates["message"].render(lookup), expected, actual
