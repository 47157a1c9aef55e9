"""Checks as OSCAL assessment results: one result per document checked."""

from __future__ import annotations

import base64
from collections.abc import Sequence

from ccg_rules._version import __version__
from ccg_rules.oscal._base import Json, dumps, md, md_line, metadata, props, timestamp, uid
from ccg_rules.oscal._subjects import (
    day_of,
    document_observation,
    document_observation_uuid,
    observation,
    observation_uuid,
    report_key,
    reviewed_rules,
    statement_id,
)
from ccg_rules.oscal.plan import assessment_plan
from ccg_rules.oscal.risks import approvers, condition_risks, waiver_risks
from ccg_rules.report import Report, RuleDescriptor


def _finding(report: Report, rule: RuleDescriptor, risks: dict[str, list[str]]) -> Json:
    """The finding for one reviewed rule: satisfied when it found nothing, else not-satisfied."""
    mine = [f for f in report.findings if f.rule_id == rule.id]
    state = "not-satisfied" if mine else "satisfied"
    if mine:
        description = "\n\n".join(md(f.message) for f in mine)
        observed = [{"observation-uuid": observation_uuid(report, f)} for f in mine]
    else:
        description = md(f"No finding: {rule.title}")
        observed = [{"observation-uuid": document_observation_uuid(report)}]
    out: Json = {
        "uuid": uid(*report_key(report), "finding", rule.id),
        "title": md_line(rule.title),
        "description": description,
        "props": props(
            [
                ("rule-id", rule.id),
                ("ruleset", rule.ruleset),
                ("domain", rule.domain),
                ("severity", rule.severity.value),
                ("consequence", rule.consequence.value),
                ("findings", len(mine)),
                ("waived", sum(f.waived is not None for f in mine) or None),
            ]
        ),
        "target": {"type": "statement-id", "target-id": statement_id(rule.id), "status": {"state": state}},
        "related-observations": observed,
    }
    if risks.get(rule.id):
        out["related-risks"] = [{"risk-uuid": u} for u in risks[rule.id]]
    return out


def result(report: Report) -> Json:
    """The OSCAL result of one check: reviewed rules, observations, findings and risks."""
    reviewed = reviewed_rules(report)
    doc, rs = report.document, report.ruleset
    conditions = condition_risks(report)
    waivers = waiver_risks(report)
    risks: dict[str, list[str]] = {}
    for view, risk in conditions:
        risks.setdefault(view.rule_id, []).append(risk["uuid"])
    for finding, risk in waivers:
        risks.setdefault(finding.rule_id, []).append(risk["uuid"])
    when = timestamp(day_of([report]))
    description = report.scope.statement if report.scope else f"Outcome: {report.outcome.value}."
    selections: list[Json] = (
        [{"include-controls": [{"control-id": r.id} for r in reviewed]}]
        if reviewed
        else [{"description": "No rule could run.", "include-all": {}}]
    )
    out: Json = {
        "uuid": uid(*report_key(report), "result"),
        "title": md_line(f"Check of {doc.file or 'the document'}"),
        "description": md(description),
        "start": when,
        "end": when,
        "props": props(
            [
                ("document-file", doc.file),
                ("document-name", doc.name),
                ("document-digest", doc.digest),
                ("as-of", doc.as_of),
                ("as-of-source", doc.as_of_source),
                ("ruleset", f"{rs.id}@{rs.version}" if rs else None),
                ("ruleset-digest", rs.digest if rs else None),
                ("ruleset-selected-because", rs.selected_because if rs else None),
                ("engine", report.engine),
                ("valid", "true" if report.valid else "false"),
                ("outcome", report.outcome.value),
                (
                    "configuration-risk",
                    report.configuration_risk.rating.value if report.configuration_risk else None,
                ),
                ("waiver-file", report.waivers.file if report.waivers else None),
                ("waiver-file-digest", report.waivers.digest if report.waivers else None),
            ]
        ),
        "reviewed-controls": {"control-selections": selections},
        "observations": [document_observation(report)] + [observation(report, f) for f in report.findings],
        "findings": [_finding(report, rule, risks) for rule in reviewed],
    }
    if not out["findings"]:
        del out["findings"]
    all_risks = [risk for _, risk in conditions] + [risk for _, risk in waivers]
    if all_risks:
        out["risks"] = all_risks
    return out


def assessment_results(reports: Sequence[Report]) -> Json:
    """The assessment results of ``reports``: one result per document, in order.

    The assessment plan they import travels with them, in the back matter, so the output
    is one self-contained document.
    """
    plan = assessment_plan(reports)
    plan_text = dumps("assessment-plan", plan)
    plan_resource = uid("assessment-plan-resource", plan["uuid"])
    files = [r.document.file or "the document" for r in reports]
    title = (
        f"ccg-rules check of {files[0]}" if len(files) == 1 else f"ccg-rules check of {len(files)} documents"
    )
    rulesets: dict[str, str] = {}
    for report in reports:
        if report.ruleset is not None:
            rulesets.setdefault(f"{report.ruleset.id}@{report.ruleset.version}", report.ruleset.digest)
    pairs: list[tuple[str, object | None]] = [("tool", "ccg-rules"), ("tool-version", __version__)]
    for ref, digest in rulesets.items():
        pairs += [("ruleset", ref), ("ruleset-digest", digest)]
    meta = metadata(title, day_of(reports), __version__, {"props": props(pairs)})
    parties = approvers(list(reports))
    if parties:
        meta["parties"] = parties
    return {
        "uuid": uid("assessment-results", *(k for r in reports for k in report_key(r))),
        "metadata": meta,
        "import-ap": {"href": f"#{plan_resource}"},
        "results": [result(r) for r in reports]
        or [
            {
                "uuid": uid("no-documents"),
                "title": "No documents",
                "description": "No document was checked.",
                "start": meta["last-modified"],
                "reviewed-controls": {
                    "control-selections": [{"description": "No rule ran.", "include-all": {}}]
                },
            }
        ],
        "back-matter": {
            "resources": [
                {
                    "uuid": plan_resource,
                    "title": "The assessment plan these results import",
                    "base64": {
                        "filename": "assessment-plan.json",
                        "media-type": "application/json",
                        "value": base64.b64encode(plan_text.encode("utf-8")).decode("ascii"),
                    },
                }
            ]
        },
    }
