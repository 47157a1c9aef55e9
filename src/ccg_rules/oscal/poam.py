"""The conditions and waivers as an OSCAL plan of action and milestones (POA&M).

One POA&M item per condition (an open risk with its remediation) and per waiver (a
deviation-approved risk whose milestone is the day the waiver expires, when the accepted
finding comes back for review). The document format records no review date for a
condition, so a condition's remediation has no milestone.
"""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules._version import __version__
from ccg_rules.oscal._base import Json, end_of, md, md_line, metadata, props, uid
from ccg_rules.oscal._subjects import day_of, observation, report_key
from ccg_rules.oscal.risks import approvers, condition_risks, waiver_risks
from ccg_rules.report import Report


def poam(reports: Sequence[Report]) -> Json:
    """The POA&M of ``reports``: the conditions and waivers of every document, in order.

    OSCAL requires at least one item: when no document has a condition or a waiver, the
    one item says so.
    """
    observations: list[Json] = []
    risks: list[Json] = []
    items: list[Json] = []
    for report in reports:
        file = report.document.file or "the document"
        by_id = {f.rule_id: f for f in report.findings}
        for view, risk in condition_risks(report):
            mine = [f for f in report.findings if f.rule_id == view.rule_id and f.waived is None]
            observations += [observation(report, f) for f in mine]
            risks.append(risk)
            item: Json = {
                "uuid": uid(*report_key(report), "poam-item", view.rule_id),
                "title": md_line(f"{view.rule_id}: {view.title}"),
                "description": md(view.remediation),
                "props": props(
                    [
                        ("rule-id", view.rule_id),
                        ("criterion", view.criterion),
                        ("consequence", view.consequence),
                        ("support-level", view.support_level),
                        ("document-file", report.document.file),
                        ("document-digest", report.document.digest),
                    ]
                ),
                "related-risks": [{"risk-uuid": risk["uuid"]}],
            }
            if mine:
                item["related-observations"] = [
                    {"observation-uuid": o["uuid"]} for o in observations[-len(mine) :]
                ]
            items.append(item)
        for finding, risk in waiver_risks(report):
            waiver = finding.waived
            assert waiver is not None
            observations.append(observation(report, finding))
            risk["remediations"] = [
                {
                    "uuid": uid(*report_key(report), "waiver-review", waiver.rule, waiver.target),
                    "lifecycle": "planned",
                    "title": md_line(f"Review the waiver of {waiver.rule}"),
                    "description": md(finding.remediation or by_id[finding.rule_id].message),
                    "tasks": [
                        {
                            "uuid": uid(*report_key(report), "waiver-expires", waiver.rule, waiver.target),
                            "type": "milestone",
                            "title": md_line(f"The waiver expires on {waiver.expires.isoformat()}"),
                            "timing": {"on-date": {"date": end_of(waiver.expires)}},
                        }
                    ],
                }
            ]
            risks.append(risk)
            items.append(
                {
                    "uuid": uid(*report_key(report), "poam-waiver", waiver.rule, waiver.target),
                    "title": md_line(f"{waiver.rule}: waived at {waiver.target} in {file}"),
                    "description": md(waiver.justification),
                    "props": props(
                        [
                            ("rule-id", waiver.rule),
                            ("consequence", finding.consequence.value),
                            ("document-file", report.document.file),
                            ("document-digest", report.document.digest),
                        ]
                    ),
                    "related-observations": [{"observation-uuid": observations[-1]["uuid"]}],
                    "related-risks": [{"risk-uuid": risk["uuid"]}],
                }
            )
    if not items:
        items.append(
            {
                "uuid": uid("poam-none", *(k for r in reports for k in report_key(r))),
                "title": "No conditions",
                "description": "No document checked has a condition or a waiver: there is nothing to plan.",
            }
        )
    files = [r.document.file or "the document" for r in reports]
    title = (
        f"ccg-rules conditions of {files[0]}"
        if len(files) == 1
        else f"ccg-rules conditions of {len(files)} documents"
    )
    meta = metadata(
        title,
        day_of(reports),
        __version__,
        {"props": props([("tool", "ccg-rules"), ("tool-version", __version__)])},
    )
    parties = approvers(list(reports))
    if parties:
        meta["parties"] = parties
    out: Json = {"uuid": uid("poam", *(k for r in reports for k in report_key(r))), "metadata": meta}
    if observations:
        out["observations"] = observations
    if risks:
        out["risks"] = risks
    out["poam-items"] = items
    return out
