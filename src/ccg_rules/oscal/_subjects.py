"""What the assessment plan, results and POA&M share about each report: keys, rules, observations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ccg_rules.findings import Finding, Waiver
from ccg_rules.oscal._base import Json, line_ref, md, md_line, props, timestamp, uid
from ccg_rules.report import Report, RuleDescriptor


def report_key(report: Report) -> tuple[str, ...]:
    """What a report's UUIDs derive from: the document (name and digest) and the ruleset version.

    The generation date is left out, so the same document checked on another day keeps
    the same UUIDs (OSCAL asks that a UUID keep identifying the same subject).
    """
    rs = report.ruleset
    ruleset = (rs.id, rs.version, rs.digest) if rs is not None else ("", "", "")
    return (report.document.file or "", report.document.digest, *ruleset)


def day_of(reports: Sequence[Report]) -> dt.date:
    """The generation date of ``reports`` (the latest); 1970-01-01 when none has one."""
    days = [r.generated_on for r in reports if r.generated_on is not None]
    return max(days) if days else dt.date(1970, 1, 1)


def reviewed_rules(report: Report) -> list[RuleDescriptor]:
    """The rules that ran on the document, then the document and waiver checks the report names.

    No rule of the ruleset runs on a document that could not be read or does not fit the
    schema; the rules the caller left out (``select`` / ``ignore``) did not run either.
    """
    if not report.valid:
        ran: set[str] = set()
    elif report.selection is not None:
        ran = set(report.selection.rules)
    else:
        ran = {r.id for r in report.rules if r.ruleset is not None}
    return [r for r in report.rules if r.id in ran or r.ruleset is None]


def statement_id(rule_id: str) -> str:
    """The id of a rule's statement part in the catalog: what a finding targets."""
    return f"{rule_id}_smt"


def observation_uuid(report: Report, finding: Finding) -> str:
    """The UUID of the observation of ``finding``."""
    loc = finding.location
    return uid(
        *report_key(report),
        "observation",
        finding.rule_id,
        finding.fingerprint,
        finding.pointer,
        loc.line,
        loc.column,
    )


def document_observation_uuid(report: Report) -> str:
    """The UUID of the observation that the document was read and checked."""
    return uid(*report_key(report), "document")


def party_uuid(name: str) -> str:
    """The UUID of the party a waiver names as its approver."""
    return uid("party", name)


def waiver_risk_uuid(report: Report, waiver: Waiver) -> str:
    """The UUID of the accepted risk a waiver records."""
    return uid(*report_key(report), "waiver", waiver.rule, waiver.target)


def condition_risk_uuid(report: Report, rule_id: str) -> str:
    """The UUID of the risk a condition records."""
    return uid(*report_key(report), "risk", rule_id)


def observation(report: Report, finding: Finding) -> Json:
    """One finding as an observation: what was examined, where (``file#L<line>``), and what was found."""
    loc = finding.location
    evidence = finding.evidence
    return {
        "uuid": observation_uuid(report, finding),
        "title": md_line(f"{finding.rule_id} at {finding.pointer}"),
        "description": md(finding.message),
        "props": props(
            [
                ("rule-id", finding.rule_id),
                ("pointer", finding.pointer),
                ("located-pointer", finding.located_pointer),
                ("line", loc.line),
                ("column", loc.column),
                ("severity", finding.severity.value),
                ("consequence", finding.consequence.value),
                ("expected", evidence.expected if evidence else None),
                ("actual", evidence.actual if evidence else None),
                ("fingerprint", finding.fingerprint),
                ("waived", "true" if finding.waived is not None else None),
            ]
        ),
        "methods": ["TEST"],
        "types": ["finding"],
        "relevant-evidence": [
            {"href": line_ref(loc.file, loc.line), "description": md(finding.located_pointer)}
        ],
        "collected": timestamp(day_of([report])),
    }


def document_observation(report: Report) -> Json:
    """The observation that the document was read (and, when valid, checked by the rules)."""
    doc = report.document
    checked = len([r for r in reviewed_rules(report) if r.ruleset is not None])
    what = f"{checked} rules checked it" if report.valid else "it could not be checked: no rule ran"
    return {
        "uuid": document_observation_uuid(report),
        "title": md_line(f"Document {doc.file or 'document'}"),
        "description": md(f"The document {doc.file or '(no file name)'} ({doc.digest}) was read; {what}."),
        "props": props([("document-digest", doc.digest), ("as-of", doc.as_of)]),
        "methods": ["TEST"],
        "relevant-evidence": [{"href": line_ref(doc.file, None), "description": md(doc.digest)}],
        "collected": timestamp(day_of([report])),
    }
