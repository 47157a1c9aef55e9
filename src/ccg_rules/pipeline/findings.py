"""Findings: each firing put into words, located to its line and column, and cited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from ccg_rules._yaml import SourceMap
from ccg_rules.engines.base import Fact
from ccg_rules.findings import Evidence, Finding, Location, fingerprint, sort_key
from ccg_rules.pipeline.match import Firing
from ccg_rules.rules import grammar
from ccg_rules.rules.ir import Compare, Count
from ccg_rules.rules.templates import Placeholder, format_value


def _finding(
    firing: Firing,
    source_map: SourceMap,
    file: str | None,
    stable: Mapping[str, str],
    as_of: dt.date,
    params: Mapping[str, object],
) -> Finding:
    rule, pointer, env = firing.rule, firing.pointer, firing.facts

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
    located, pos = source_map.locate(pointer)
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        consequence=rule.consequence,
        kind=rule.kind,
        domain=rule.domain,
        title=rule.title,
        message=templates["message"].render(lookup),
        pointer=pointer,
        location=Location(file=file, line=pos.line, column=pos.column),
        located_pointer=located,
        citation=rule.citation,
        remediation=rule.remediation,
        evidence=Evidence(expected=expected, actual=actual) if expected or actual else None,
        fingerprint=fingerprint(rule.id, stable.get(pointer, pointer)),
    )


def findings_of(
    found: Iterable[Firing],
    *,
    source_map: SourceMap,
    file: str | None,
    stable: Mapping[str, str],
    as_of: dt.date,
    params: Mapping[str, object],
) -> list[Finding]:
    """Return the findings of ``found``, sorted as reports list them.

    Args:
        found: The firings (`ccg_rules.pipeline.match.firings`).
        source_map: The document's source map, to locate each pointer.
        file: The file name to show in locations.
        stable: Each fact path's stable form, for fingerprints.
        as_of: The as-of date, for ``{as_of}`` in messages.
        params: The ruleset's parameters, for ``{param.NAME}`` in messages.
    """
    out = [_finding(f, source_map, file, stable, as_of, params) for f in found]
    out.sort(key=sort_key)
    return out
