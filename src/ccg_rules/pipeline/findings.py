"""Findings: each firing put into words, located to its line and column, and cited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, cast

from ccg_rules._yaml import SourceMap
from ccg_rules.findings import Evidence, Finding, Location, fingerprint, sort_key
from ccg_rules.pipeline.match import Firing
from ccg_rules.pipeline.wording import worded

if TYPE_CHECKING:
    from ccg_rules.rules.ruleset import Rule


def _finding(
    firing: Firing,
    source_map: SourceMap,
    file: str | None,
    stable: Mapping[str, str],
    as_of: dt.date,
    params: Mapping[str, object],
) -> Finding:
    rule = cast("Rule", firing.rule)
    pointer = firing.pointer
    message, expected, actual = worded(firing, as_of, params)
    located, pos = source_map.locate(pointer)
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        consequence=rule.consequence,
        kind=rule.kind,
        domain=rule.domain,
        title=rule.title,
        message=message,
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
