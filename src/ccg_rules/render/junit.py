"""The ``junit`` format: JUnit XML, for CI systems that show test results.

Each document is a test suite and each rule a test case in it, passing rules included, so
the report doubles as evidence of what was checked. A rule that fails has one
``<failure>`` whose message is the first finding's message and whose text lists every
finding as ``file:line:col: severity RULE-ID message``. A rule whose findings are all
waived passes, with the waivers in ``<system-out>``. Rules left out by ``select`` /
``ignore`` are ``<skipped>``. A document that could not be read has a test case per
document check that failed, and no rule cases (no rule ran).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ccg_rules.findings import Finding
from ccg_rules.render._catalog import RuleInfo, document_name, rules_of
from ccg_rules.report import Report


def _line(f: Finding, document: str) -> str:
    loc = f.location
    return f"{loc.file or document}:{loc.line}:{loc.column}: {f.severity.value} {f.rule_id} {f.message}"


def _waiver_line(f: Finding, document: str) -> str:
    w = f.waived
    assert w is not None
    ref = f"; {w.reference}" if w.reference else ""
    return (
        f"waived: {_line(f, document)} Justification: {w.justification} (approved by {w.approved_by} "
        f"on {w.approved_on}, expires {w.expires}{ref})"
    )


def _case(
    suite: ET.Element, rule: RuleInfo, findings: list[Finding], name: str, ran: bool
) -> tuple[int, int]:
    case = ET.SubElement(
        suite, "testcase", {"name": f"{rule.id} {rule.title}", "classname": name, "file": name}
    )
    if not ran:
        ET.SubElement(case, "skipped", {"message": "not selected (select / ignore)"})
        return 0, 1
    failing = [f for f in findings if f.waived is None]
    waived = [f for f in findings if f.waived is not None]
    if failing:
        first = failing[0]
        case.set("file", first.location.file or name)
        case.set("line", str(first.location.line))
        worst = max(failing, key=lambda f: f.severity.rank)
        more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
        failure = ET.SubElement(
            case, "failure", {"type": worst.severity.value, "message": first.message + more}
        )
        failure.text = "\n".join(_line(f, name) for f in failing)
    if waived:
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(_waiver_line(f, name) for f in waived)
    return (1 if failing else 0), 0


def _suite(root: ET.Element, report: Report) -> tuple[int, int, int]:
    name = document_name(report)
    suite = ET.SubElement(root, "testsuite", {"name": name})
    props = ET.SubElement(suite, "properties")
    values = {
        "outcome": report.outcome.value,
        "valid": "true" if report.valid else "false",
        "ruleset": f"{report.ruleset.id}@{report.ruleset.version}" if report.ruleset else None,
        "as_of": report.document.as_of.isoformat() if report.document.as_of else None,
        "waivers": report.waivers.file if report.waivers else None,
    }
    for key, value in values.items():
        if value is not None:
            ET.SubElement(props, "property", {"name": key, "value": value})
    by_rule: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    ran = set(report.selection.rules) if report.selection is not None else None
    tests = failures = skipped = 0
    for rule in rules_of(report):
        selected = ran is None or rule.id in ran or rule.id in by_rule
        failed, skip = _case(suite, rule, by_rule.get(rule.id, []), name, selected)
        tests += 1
        failures += failed
        skipped += skip
    suite.attrib.update(
        {"tests": str(tests), "failures": str(failures), "errors": "0", "skipped": str(skipped)}
    )
    return tests, failures, skipped


def render_junit(reports: Sequence[Report], *, fail_on: str = "error") -> str:
    """Render ``reports`` as one JUnit XML document (one test suite per document)."""
    root = ET.Element("testsuites", {"name": "ccg-rules"})
    totals = [0, 0, 0]
    for report in reports:
        for i, n in enumerate(_suite(root, report)):
            totals[i] += n
    root.attrib.update(
        {"tests": str(totals[0]), "failures": str(totals[1]), "errors": "0", "skipped": str(totals[2])}
    )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


render = render_junit
