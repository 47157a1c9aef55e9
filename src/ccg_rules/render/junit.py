r"""The ``junit`` format: JUnit XML, for CI systems that show test results.

Each document is a test suite and each rule a test case in it (one per document and
rule), passing rules included, so the report doubles as evidence of what was checked.
A finding in force at or above ``fail_on`` (the same threshold as the exit code) is a
``<failure>`` of its rule's case, one per finding, so the dashboard and the exit code
always agree. Findings below the threshold, and waived findings, are listed in the case's
``<system-out>`` and do not fail it. Rules left out by ``select`` / ``ignore`` are
``<skipped>``. A document that could not be read has a case per document check that
failed, and no rule cases (no rule ran).

The output fits the Jenkins xUnit plugin's ``junit-10.xsd`` (the schema pytest's
``xunit2`` family follows): test cases carry only ``name`` and ``classname``, and the
rest (the document's outcome, and for each rule with findings its file, line,
severity, consequence and help page) is in the suite's ``<properties>``. Text that
XML 1.0 cannot hold (most control characters, U+FFFE, U+FFFF, lone surrogates) is
written as a visible escape such as ``\x1b``, so every input gives well-formed XML; so
are the other unsafe characters of `ccg_rules._safe` (a line break in a name cannot add
a line to a case's output).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ccg_rules._safe import visible, web_url, xml_text
from ccg_rules.findings import Finding, Severity
from ccg_rules.render._words import RuleInfo, document_name
from ccg_rules.report import Report

__all__ = ["render", "render_junit", "xml_text"]


def _element(parent: ET.Element, tag: str, attrib: dict[str, str], text: str | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag, {k: visible(v) for k, v in attrib.items()})
    if text is not None:
        node.text = xml_text(text)
    return node


def _line(f: Finding, document: str) -> str:
    loc = f.location
    where = f"{loc.file or document}:{loc.line}:{loc.column}:"
    return visible(f"{where} {f.severity.value} {f.rule_id} {f.message}")


def _waiver_line(f: Finding, document: str) -> str:
    w = f.waived
    assert w is not None
    ref = f"; {w.reference}" if w.reference else ""
    return "waived: " + _line(f, document) + visible(
        f" Justification: {w.justification} (approved by {w.approved_by} "
        f"on {w.approved_on}, expires {w.expires}{ref})"
    )


def _rule_properties(rule: RuleInfo, findings: list[Finding], name: str) -> dict[str, str]:
    first = findings[0].location
    out = {
        "file": first.file or name,
        "line": str(first.line),
        "findings": str(len(findings)),
        "severity": rule.severity.value,
        "consequence": rule.consequence.value,
    }
    if rule.ruleset:
        out["ruleset"] = rule.ruleset
    help_uri = web_url(rule.help_uri)
    if help_uri:
        out["help"] = help_uri
    return {f"{rule.id}.{key}": value for key, value in out.items()}


def _case(
    suite: ET.Element, rule: RuleInfo, findings: list[Finding], name: str, ran: bool, threshold: Severity
) -> tuple[int, int]:
    case = _element(suite, "testcase", {"name": f"{rule.id} {rule.title}", "classname": name})
    if not ran:
        _element(case, "skipped", {"message": "not selected (select / ignore)"})
        return 0, 1
    failing = [f for f in findings if f.waived is None and f.severity.rank >= threshold.rank]
    for f in failing:
        _element(case, "failure", {"type": f.severity.value, "message": f.message}, _line(f, name))
    listed = [
        _waiver_line(f, name) if f.waived is not None else _line(f, name)
        for f in findings
        if f.waived is not None or f.severity.rank < threshold.rank
    ]
    if listed:
        _element(case, "system-out", {}, "\n".join(listed))
    return (1 if failing else 0), 0


def _suite(root: ET.Element, report: Report, threshold: Severity) -> tuple[int, int, int]:
    name = document_name(report)
    suite = _element(root, "testsuite", {"name": name})
    if report.document.file:
        suite.set("file", visible(report.document.file))
    props = _element(suite, "properties", {})
    values = {
        "outcome": report.outcome.value,
        "valid": "true" if report.valid else "false",
        "ruleset": f"{report.ruleset.id}@{report.ruleset.version}" if report.ruleset else None,
        "as_of": report.document.as_of.isoformat() if report.document.as_of else None,
        "waivers": report.waivers.file if report.waivers else None,
        "fail_on": threshold.value,
    }
    by_rule: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    rules = list(report.rules)
    properties = {k: v for k, v in values.items() if v is not None}
    for rule in rules:
        if rule.id in by_rule:
            properties.update(_rule_properties(rule, by_rule[rule.id], name))
    for key, value in properties.items():
        _element(props, "property", {"name": key, "value": value})
    ran = set(report.selection.rules) if report.selection is not None else None
    tests = failures = skipped = 0
    for rule in rules:
        selected = ran is None or rule.id in ran or rule.id in by_rule
        failed, skip = _case(suite, rule, by_rule.get(rule.id, []), name, selected, threshold)
        tests += 1
        failures += failed
        skipped += skip
    suite.attrib.update(
        {"tests": str(tests), "failures": str(failures), "errors": "0", "skipped": str(skipped)}
    )
    return tests, failures, skipped


def render_junit(reports: Sequence[Report], *, fail_on: str = "error") -> str:
    """Render ``reports`` as one JUnit XML document (one test suite per document).

    Args:
        reports: The reports.
        fail_on: The least severity that is a ``<failure>`` (``error``, ``warning`` or
            ``info``); give the one the exit code uses.

    Raises:
        ValueError: ``fail_on`` is not a severity.
    """
    threshold = Severity(fail_on)
    root = ET.Element("testsuites", {"name": "ccg-rules"})
    totals = [0, 0, 0]
    for report in reports:
        for i, n in enumerate(_suite(root, report, threshold)):
            totals[i] += n
    root.attrib.update({"tests": str(totals[0]), "failures": str(totals[1]), "errors": "0"})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


render = render_junit
