"""The ``markdown`` format: an assessor's summary of each document.

For each document: the outcome and what it rests on (ruleset version, as-of date,
counts, configuration risk), a table of the authorisation domains, the conditions an
assessor would set (with citation and remediation), the findings with links to
``file#Lline``, the findings accepted by waivers (with who approved them and until
when), and the problems with the document or the waivers themselves.

Text from documents, waiver files and rulesets is escaped (`ccg_rules._safe`): it cannot
start a heading, break a table, open emphasis or a link, or carry raw HTML; a citation
becomes a link only when its URL is ``http`` or ``https``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules._files import relative_uri
from ccg_rules._safe import markdown_code, markdown_link, markdown_text
from ccg_rules.findings import Citation, Consequence, Finding
from ccg_rules.render._words import (
    citation_text,
    criteria_checked_text,
    criteria_split_note,
    criteria_unchecked_text,
    document_name,
    outcome_text,
    summary,
)
from ccg_rules.render.board_paper import condition_lines, directions_lines, risk_lines
from ccg_rules.report import Report
from ccg_rules.waivers import WAIVER_CHECK_BY_ID

_CONSEQUENCE = {
    Consequence.DIRECTIONS: "a condition backed by legal directions",
    Consequence.CONDITION: "a condition of authorisation",
    Consequence.ADVISORY: "advisory",
}


_cell = markdown_text
_code = markdown_code


def _link(file: str | None, line: int, column: int | None = None) -> str:
    if not file:
        return f"{line}" if column is None else f"{line}:{column}"
    uri, _ = relative_uri(file)
    label = f"{line}" if column is None else f"{line}:{column}"
    return f"[{label}]({uri}#L{line})"


def _citation(c: Citation | None) -> str:
    if c is None:
        return ""
    linked = markdown_link(citation_text(c), c.url)
    return linked if c.confidence.value == "confirmed" else f"{linked} (citation {c.confidence.value})"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return the lines of a Markdown table; the cells must already be escaped."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out.extend("| " + " | ".join(row) + " |" for row in rows)
    return out


def _finding_rows(findings: Sequence[Finding], document: str | None) -> list[list[str]]:
    return [
        [
            _link(f.location.file or document, f.location.line, f.location.column),
            f.severity.value,
            _code(f.rule_id),
            _cell(f.message),
            _code(f.pointer),
        ]
        for f in findings
    ]


def _provenance(report: Report) -> str:
    """Who made the report and when, from which ruleset, as of which day: to reproduce it."""
    parts = [f"Made by {_cell(report.tool.name)} {_cell(report.tool.version)}"]
    if report.generated_on is not None:
        parts[0] += f" on {report.generated_on}"
    if report.ruleset is not None:
        parts.append(f"ruleset digest {_code(report.ruleset.digest)}")
    doc = report.document
    if doc.as_of is not None:
        where = {"document": "the document's own date", "override": "given by the caller"}
        parts.append(f"as of {doc.as_of} ({where.get(doc.as_of_source or '', 'given')})")
    parts.append(f"document digest {_code(doc.digest)}")
    return "; ".join(parts) + "."


def _document(report: Report) -> list[str]:
    name = document_name(report)
    doc = report.document
    title = f"{_cell(doc.name)} ({_code(name)})" if doc.name else _code(name)
    out = [f"## {title}", ""]
    facts = [f"**Outcome: {outcome_text(report)}**"]
    if report.ruleset is not None:
        facts.append(f"ruleset {_code(f'{report.ruleset.id}@{report.ruleset.version}')}")
    if doc.as_of is not None:
        facts.append(f"as of {doc.as_of}")
    facts.append(summary(report))
    if report.configuration_risk is not None:
        facts.append(f"configuration risk {report.configuration_risk.rating.value}")
    out += [" · ".join(facts), ""]
    if report.scope is not None:
        out += [_cell(report.scope.statement), ""]
    if report.ruleset is not None:
        out += [f"Ruleset chosen because {_cell(report.ruleset.selected_because)}.", ""]
    out += [_provenance(report), ""]
    if report.selection is not None:
        sel = report.selection
        parts = []
        if sel.select:
            parts.append("selected " + ", ".join(_code(t) for t in sel.select))
        if sel.ignore:
            parts.append("ignored " + ", ".join(_code(t) for t in sel.ignore))
        out += [f"Only some rules ran ({'; '.join(parts)}): {len(sel.rules)} rules.", ""]
    if not report.valid:
        out += ["The document could not be assessed: it must be fixed before any rule can run.", ""]
    if report.domains:
        rows = [
            [
                str(d.number) if d.number is not None else "",
                _cell(d.title),
                f"{d.status.value.replace('_', ' ')} ({d.status.rag})",
                str(d.directions),
                str(d.conditions),
                str(d.advisory),
                _cell(criteria_checked_text(d)),
                _cell(criteria_unchecked_text(d)),
            ]
            for d in report.domains
        ]
        out += ["### Domains", ""]
        header = ["#", "Domain", "Status", "With directions", "Conditions", "Advisory"]
        out += table([*header, "Criteria checked", "Board criteria not checked"], rows)
        note = criteria_split_note(report.domains)
        out += ["", note] if note else []
        out.append("")
    if report.conditions:
        out += [f"### Conditions proposed ({len(report.conditions)})", ""]
        for i, c in enumerate(report.conditions, start=1):
            out += condition_lines(i, c, report, links=[_link(doc.file, line) for line in c.lines])
        out.append("")
        out += ["### Directions", "", *directions_lines(report), ""]
    if report.configuration_risk is not None and report.configuration_risk.reasons:
        out += ["### Configuration risk", "", *risk_lines(report), ""]
    rule_findings = [f for f in report.in_force if f.rule_id not in WAIVER_CHECK_BY_ID]
    header = ["Where", "Severity", "Rule", "Finding", "Pointer"]
    if rule_findings:
        out += ["### Findings", ""]
        out += table(header, _finding_rows(rule_findings, doc.file))
        out.append("")
    if report.waived:
        out += ["### Waived", ""]
        rows = []
        for f in report.waived:
            w = f.waived
            assert w is not None
            ref = f" ({_cell(w.reference)})" if w.reference else ""
            rows.append(
                [
                    _link(f.location.file or doc.file, f.location.line, f.location.column),
                    _code(f.rule_id),
                    _cell(f.message),
                    _cell(w.justification) + ref,
                    f"{_cell(w.approved_by)}, {w.approved_on}",
                    str(w.expires),
                ]
            )
        out += table(["Where", "Rule", "Finding", "Justification", "Approved", "Expires"], rows)
        out.append("")
    waiver_problems = [f for f in report.in_force if f.rule_id in WAIVER_CHECK_BY_ID]
    if waiver_problems:
        out += ["### Waiver problems", ""]
        out += table(header, _finding_rows(waiver_problems, doc.file))
        out.append("")
    if report.valid and not report.findings:
        out += ["No findings.", ""]
    return out


def render_markdown(reports: Sequence[Report]) -> str:
    """Render ``reports`` as one Markdown document, a section per document."""
    out = ["# ccg-rules report", ""]
    for report in reports:
        out += _document(report)
    return "\n".join(out).rstrip("\n") + "\n"


render = render_markdown
