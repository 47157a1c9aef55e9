"""The OSCAL assessment plan the assessment results import: the method and the scope."""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules._version import __version__
from ccg_rules.oscal._base import NS, Json, line_ref, md, md_line, metadata, props, uid
from ccg_rules.oscal._subjects import day_of, report_key, reviewed_rules
from ccg_rules.report import Report

METHOD = (
    "Automated test of the constitution document: ccg-rules reads the YAML document, checks "
    "that it fits the document schema, and evaluates every rule of the ruleset version in force "
    "on the document's date against the facts it states. Each finding is located to a line of "
    "the document. The rules cover only what a machine can check; the judgements an assessor "
    "makes on evidence are outside this plan."
)


def plan_uuid(reports: Sequence[Report]) -> str:
    """The UUID of the assessment plan for ``reports``."""
    return uid("assessment-plan", *(k for r in reports for k in report_key(r)))


def documents_uuid(reports: Sequence[Report]) -> str:
    """The UUID of the back-matter resource listing the documents (in place of a system security plan)."""
    return uid("documents", *(k for r in reports for k in report_key(r)))


def planned_controls(reports: Sequence[Report]) -> list[str]:
    """Every rule and check reviewed in any of ``reports``, each once, in first-seen order."""
    seen: dict[str, None] = {}
    for report in reports:
        for rule in reviewed_rules(report):
            seen.setdefault(rule.id, None)
    return list(seen)


def _scope(reports: Sequence[Report]) -> str:
    lines = []
    for report in reports:
        rs = report.ruleset
        version = f"{rs.id}@{rs.version} ({rs.digest})" if rs else "no ruleset version (not checked)"
        lines.append(f"- {md(report.document.file or 'document')} ({report.document.digest}): {md(version)}")
    return "The documents checked, each against the ruleset version in force on its date:\n\n" + "\n".join(
        lines
    )


def assessment_plan(reports: Sequence[Report]) -> Json:
    """The assessment plan for the checks of ``reports``: method, scope and the rules planned.

    There is no system security plan: ``import-ssp`` points at a back-matter resource that
    names the documents checked instead.
    """
    controls = planned_controls(reports)
    selections: list[Json] = (
        [{"include-controls": [{"control-id": c} for c in controls]}]
        if controls
        else [{"description": "No rule could run.", "include-all": {}}]
    )
    resources: list[Json] = [
        {
            "uuid": documents_uuid(reports),
            "title": "The documents checked (there is no system security plan)",
            "description": _scope(reports),
            "rlinks": [{"href": line_ref(r.document.file, None)} for r in reports] or [{"href": "#"}],
        }
    ]
    return {
        "uuid": plan_uuid(reports),
        "metadata": metadata(
            "ccg-rules assessment plan",
            day_of(reports),
            __version__,
            {"props": props([("tool", "ccg-rules"), ("tool-version", __version__)])},
        ),
        "import-ssp": {"href": f"#{documents_uuid(reports)}"},
        "local-definitions": {
            "activities": [
                {
                    "uuid": uid("activity", "automated-check"),
                    "title": "Automated check of the constitution document",
                    "description": md(METHOD),
                    "props": [{"name": "method", "value": "TEST"}],
                }
            ]
        },
        "terms-and-conditions": {
            "parts": [
                {"name": "method", "ns": NS, "title": "Method", "prose": md(METHOD)},
                {"name": "scope", "ns": NS, "title": "Scope", "prose": _scope(reports)},
            ]
        },
        "reviewed-controls": {
            "description": md_line("The rules of the ruleset version in force on each document's date."),
            "control-selections": selections,
        },
        "back-matter": {"resources": resources},
    }
