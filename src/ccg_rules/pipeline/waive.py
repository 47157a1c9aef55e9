"""The waive stage: mark the findings that waivers accept, and report problems with the waivers.

What a waiver file holds, and the checks made of each waiver (``WAIVER-*``), are described
in `ccg_rules.waivers`, which reads the files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence

from ccg_rules.findings import Consequence, Evidence, Finding, Location, Severity, fingerprint
from ccg_rules.located import closest
from ccg_rules.waivers import EXPIRED, NO_TARGET, NOT_YET, UNUSED, WAIVER_CHECK_BY_ID, Waivers

__all__ = ["apply_waivers"]


def _finding(
    waivers: Waivers, index: int, check_id: str, field: str, message: str, evidence: Evidence | None = None
) -> Finding:
    check = WAIVER_CHECK_BY_ID[check_id]
    entry = waivers.entries[index]
    pointer = f"/waivers/{index}" + (f"/{field}" if field else "")
    located, pos = waivers.source_map.locate(pointer)
    return Finding(
        rule_id=check.id,
        severity=Severity.WARNING,
        consequence=Consequence.ADVISORY,
        title=check.title,
        message=message,
        pointer=pointer,
        location=Location(file=waivers.file, line=pos.line, column=pos.column),
        located_pointer=located,
        remediation=check.remediation,
        evidence=evidence,
        fingerprint=fingerprint(check.id, f"{entry.rule}\x00{entry.target}"),
    )


def _close(target: str, pointers: Collection[str]) -> str:
    close = closest(target, sorted(pointers))
    return f"; did you mean {close[0]}?" if close else ""


def apply_waivers(
    findings: Sequence[Finding],
    waivers: Waivers,
    *,
    as_of: dt.date,
    rules: Collection[str],
    ran: Collection[str],
    ruleset: str,
    exists: Callable[[str], bool],
) -> tuple[list[Finding], list[Finding]]:
    """Mark the findings that waivers accept, and report problems with the waivers.

    Args:
        findings: The findings of the rules that ran.
        waivers: The loaded waiver file.
        as_of: The check's as-of date, against which expiry is judged.
        rules: The ids of every rule of the ruleset version used.
        ran: The ids of the rules that ran; waivers of the other rules of the ruleset
            (left out by select or ignore) are skipped.
        ruleset: ``id@version`` of the ruleset used, for messages.
        exists: Whether a JSON Pointer names an element of the document.

    Returns:
        ``(findings, problems)``: the findings in the same order, waived ones with
        ``waived`` set; and a ``WAIVER-*`` finding for each waiver that expired,
        targets nothing, or accepts nothing.
    """
    out = list(findings)
    where = {(f.rule_id, f.pointer): i for i, f in enumerate(out)}
    failing: dict[str, set[str]] = {}
    for f in out:
        failing.setdefault(f.rule_id, set()).add(f.pointer)
    problems: list[Finding] = []
    for index, w in enumerate(waivers.entries):
        known = w.rule in rules
        if known and w.rule not in ran:
            continue
        label = f"The waiver for {w.rule} at {w.target}"
        if w.expires < as_of:
            problems.append(
                _finding(
                    waivers,
                    index,
                    EXPIRED,
                    "expires",
                    f"{label} expired on {w.expires}, before {as_of}, the date of the check; "
                    "a finding it accepted counts again.",
                    Evidence(expected=f"expires on or after {as_of}", actual=str(w.expires)),
                )
            )
            continue
        if w.approved_on > as_of:
            problems.append(
                _finding(
                    waivers,
                    index,
                    NOT_YET,
                    "approved_on",
                    f"{label} was approved on {w.approved_on}, after {as_of}, the date of the "
                    "check; it was not yet in force then, so a finding it would accept counts.",
                    Evidence(expected=f"approved on or before {as_of}", actual=str(w.approved_on)),
                )
            )
            continue
        hit = where.get((w.rule, w.target))
        if hit is not None:
            out[hit] = out[hit].model_copy(update={"waived": w})
        elif not known:
            problems.append(
                _finding(
                    waivers,
                    index,
                    UNUSED,
                    "rule",
                    f"{label} accepts nothing: {w.rule} is not a rule of {ruleset}.",
                )
            )
        elif not exists(w.target):
            problems.append(
                _finding(
                    waivers,
                    index,
                    NO_TARGET,
                    "target",
                    f"{label} targets an element that is not in the document"
                    f"{_close(w.target, failing.get(w.rule, ()))}",
                )
            )
        else:
            elsewhere = failing.get(w.rule, set())
            hint = f" (it fails at {', '.join(sorted(elsewhere))})" if elsewhere else ""
            problems.append(
                _finding(
                    waivers,
                    index,
                    UNUSED,
                    "",
                    f"{label} accepts nothing: {w.rule} does not fail there{hint}.",
                )
            )
    return out, problems
