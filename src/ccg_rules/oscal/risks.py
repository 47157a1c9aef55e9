"""Conditions and waivers as OSCAL risks (shared by the assessment results and the POA&M)."""

from __future__ import annotations

from ccg_rules.findings import Finding
from ccg_rules.oscal._base import NS, Json, end_of, md, md_line, one_line, props, timestamp, uid
from ccg_rules.oscal._conditions import ConditionView, condition_view
from ccg_rules.oscal._subjects import (
    condition_risk_uuid,
    observation_uuid,
    party_uuid,
    report_key,
    waiver_risk_uuid,
)
from ccg_rules.report import Report

_STATEMENT = {
    "blocks": "The CCG cannot be authorised while this criterion is unmet.",
    "condition": "The CCG may be authorised, with a condition to put this right.",
}


def condition_risks(report: Report) -> list[tuple[ConditionView, Json]]:
    """One open risk per condition of ``report``, with its remediation."""
    rationale = {r.id: r.rationale for r in report.rules}
    out = []
    for condition in report.conditions:
        view = condition_view(report, condition)
        uuid = condition_risk_uuid(report, view.rule_id)
        observed = [
            {"observation-uuid": observation_uuid(report, f)}
            for f in report.findings
            if f.rule_id == view.rule_id and f.waived is None
        ]
        risk: Json = {
            "uuid": uuid,
            "title": md_line(view.title),
            "description": md(rationale.get(view.rule_id, view.title)),
            "statement": md(_STATEMENT.get(view.consequence, view.consequence)),
            "props": props(
                [
                    ("rule-id", view.rule_id),
                    ("consequence", view.consequence),
                    ("criterion", view.criterion),
                    ("support-level", view.support_level),
                ]
            ),
            "status": "open",
            "remediations": [
                {
                    "uuid": uid(*report_key(report), "remediation", view.rule_id),
                    "lifecycle": "recommendation",
                    "title": md_line(f"Put {view.rule_id} right"),
                    "description": md(view.remediation),
                }
            ],
        }
        if observed:
            risk["related-observations"] = observed
        out.append((view, risk))
    return out


def waiver_risks(report: Report) -> list[tuple[Finding, Json]]:
    """One deviation-approved risk per waived finding: who approved it, when, and until when."""
    out = []
    for finding in report.findings:
        waiver = finding.waived
        if waiver is None:
            continue
        party = party_uuid(waiver.approved_by)
        uuid = waiver_risk_uuid(report, waiver)
        risk: Json = {
            "uuid": uuid,
            "title": md_line(f"Waiver of {waiver.rule} at {waiver.target}"),
            "description": md(waiver.justification),
            "statement": md(
                f"Accepted by {waiver.approved_by} on {waiver.approved_on.isoformat()} until "
                f"{waiver.expires.isoformat()}: the finding does not count toward the outcome."
            ),
            "props": props(
                [
                    ("rule-id", waiver.rule),
                    ("target", waiver.target),
                    ("approved-by", waiver.approved_by),
                    ("approved-on", waiver.approved_on.isoformat()),
                    ("expires", waiver.expires.isoformat()),
                    ("reference", waiver.reference),
                ]
            ),
            "status": "deviation-approved",
            "characterizations": [
                {
                    "origin": {"actors": [{"type": "party", "actor-uuid": party}]},
                    "facets": [{"name": "risk-accepted", "system": NS, "value": "true"}],
                }
            ],
            "deadline": end_of(waiver.expires),
            "risk-log": {
                "entries": [
                    {
                        "uuid": uid(*report_key(report), "waiver-approved", waiver.rule, waiver.target),
                        "title": "Waiver approved",
                        "start": timestamp(waiver.approved_on),
                        "logged-by": [{"party-uuid": party}],
                        "status-change": "deviation-approved",
                    }
                ]
            },
            "related-observations": [{"observation-uuid": observation_uuid(report, finding)}],
        }
        out.append((finding, risk))
    return out


def approvers(reports: list[Report]) -> list[Json]:
    """The metadata parties: every waiver approver, once, in name order."""
    names = sorted({f.waived.approved_by for r in reports for f in r.findings if f.waived is not None})
    return [
        {
            "uuid": party_uuid(name),
            "type": "organization",
            "name": one_line(name),
            "remarks": "A waiver approver, named as the waiver file names it (a person, role or body).",
        }
        for name in names
    ]
