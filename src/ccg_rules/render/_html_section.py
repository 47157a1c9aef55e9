"""One body's section of the HTML report: outcome, domains, conditions and findings, linked to lines."""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules._safe import web_url
from ccg_rules.findings import Citation, Finding
from ccg_rules.render._html_parts import (
    CONSEQUENCE,
    RAG,
    badge,
    domain_title,
    esc,
    href,
    html_table,
    number,
    outcome_badge,
    risk_badge,
    row_name,
)
from ccg_rules.render._lines import plural
from ccg_rules.render._provenance import metadata_sentence
from ccg_rules.render._words import (
    criteria_checked_text,
    criteria_split_note,
    criteria_unchecked_text,
    criterion_text,
    support_text,
)
from ccg_rules.report import AuthorisationCondition, DomainResult
from ccg_rules.wave import WaveRow


def _citation(c: Citation | None) -> str:
    if c is None:
        return ""
    text = esc(f"{c.instrument}, {c.provision}")
    url = web_url(c.url)
    linked = f'<a href="{esc(url)}">{text}</a>' if url else text
    sure = (
        ""
        if c.confidence.value == "confirmed"
        else f' <span class="muted">(citation {c.confidence.value})</span>'
    )
    return f"<p>Source: {linked}{sure}</p>"


def _line_link(file: str, line: int, column: int | None, base: str | None) -> str:
    where = f"{file}:{line}" + (f":{column}" if column is not None else "")
    return f'<a href="{esc(href(file, base, line))}"><code>{esc(where)}</code></a>'


def _domains(domains: Sequence[DomainResult]) -> str:
    lines = []
    for d in domains:
        text, icon = RAG[d.status.rag]
        title = domain_title(d)
        lines.append(
            f'<tr><th scope="row">{esc(title)}</th><td>{badge(d.status.rag, icon, text)}</td>'
            f'<td class="num">{d.directions}</td><td class="num">{d.conditions}</td>'
            f'<td class="num">{d.advisory}</td><td>{esc(criteria_checked_text(d))}</td>'
            f"<td>{esc(criteria_unchecked_text(d))}</td></tr>"
        )
    header = ["Domain", "Status", "With directions", "Conditions", "Advisory", "Criteria checked"]
    header.append("Board criteria not checked")
    note = criteria_split_note(domains)
    table = html_table("Authorisation domains", header, lines, numeric=(2, 3, 4))
    return "<h4>Domains</h4>" + table + (f'<p class="muted">{esc(note)}</p>' if note else "")


def _conditions(conditions: Sequence[AuthorisationCondition], file: str, base: str | None) -> str:
    if not conditions:
        return "<h4>Conditions</h4><p>None.</p>"
    items = []
    for c in conditions:
        where = ", ".join(_line_link(file, line, None, base) for line in c.lines)
        items.append(
            f"<li><p><strong><code>{esc(c.rule_id)}</code></strong> {esc(c.title)} "
            f'<span class="muted">({CONSEQUENCE[c.consequence]})</span></p>'
            + _basis(c)
            + f"<p>What to do: {esc(c.text)}</p>{_citation(c.citation)}"
            + (f"<p>Where: {where}</p>" if where else "")
            + "</li>"
        )
    return f"<h4>Conditions ({len(conditions)})</h4><ol class=conditions>" + "".join(items) + "</ol>"


def _basis(c: AuthorisationCondition) -> str:
    """The condition's criterion and support level, as a sentence."""
    parts = [p for p in (criterion_text(c.criterion), support_text(c.support_level)) if p]
    if not parts:
        return ""
    text = "; ".join(parts)
    return f"<p>{esc(text[0].upper() + text[1:])}</p>"


def _findings(findings: Sequence[Finding], file: str, base: str | None) -> str:
    if not findings:
        return "<h4>Findings</h4><p>No findings.</p>"
    lines = []
    for f in findings:
        at = f.location
        note = ""
        if f.waived is not None:
            why = f"waived: {f.waived.justification}, until {f.waived.expires}"
            note = f' <span class="muted">({esc(why)})</span>'
        lines.append(
            f"<tr><td>{_line_link(at.file or file, at.line, at.column, base)}</td><td>{f.severity.value}</td>"
            f'<td class="rule"><code>{esc(f.rule_id)}</code></td><td>{esc(f.message)}{note}</td></tr>'
        )
    header = ["Where", "Severity", "Rule", "Finding"]
    return "<h4>Findings</h4>" + html_table(f"Findings for {esc(file)}", header, lines)


def _facts(row: WaveRow, base: str | None) -> str:
    facts = [("File", f'<a href="{esc(href(row.file, base))}"><code>{esc(row.file)}</code></a>')]
    if row.as_of is not None:
        facts.append(("As of", str(row.as_of)))
    if row.ruleset is not None:
        facts.append(("Ruleset", f"<code>{esc(row.ruleset)}</code>"))
    report = row.report
    if report is not None and report.valid:
        c = report.counts
        counts = f"{plural(c.error, 'error')}, {plural(c.warning, 'warning')}, {c.info} info"
        facts.append(("Findings", counts + (f", {c.waived} waived" if c.waived else "")))
        risk = report.configuration_risk
        reasons = "".join(f"<br>{esc(r)}" for r in risk.reasons) if risk else ""
        facts.append(("Configuration risk", risk_badge(row.risk) + reasons))
    if row.population is not None:
        facts.append(("Registered population", number(row.population)))
    if report is not None:
        facts.append(("Report", esc(metadata_sentence(report))))
    return '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"


def ccg_section(row: WaveRow, anchor: str, base: str | None) -> str:
    parts = [_facts(row, base)]
    report = row.report
    if row.error is not None:
        parts.append(f'<p class="error">Could not be assessed: {esc(row.error)}</p>')
    if report is not None and report.scope is not None:
        parts.append(f'<p class="scope">{esc(report.scope.statement)}</p>')
    if report is not None and report.valid:
        parts.append(_domains(report.domains))
        parts.append(_conditions(report.conditions, row.file, base))
    if report is not None:
        parts.append(_findings(report.findings, row.file, base))
    summary = f"<h3>{esc(row_name(row))} {outcome_badge(row)}</h3>"
    return (
        f'<details class="ccg" id="{anchor}"><summary>{summary}</summary>'
        f'<div class="body">{"".join(parts)}</div></details>\n'
    )
