"""The ``html`` format: one self-contained HTML page for an assessor, for one CCG or a wave.

The page needs nothing from the network: styles are inline, icons are an inline SVG
sprite, and the few lines of script only open a CCG's section when a link points at it
and before printing; without script every section still opens with a click. It holds a
wave overview (outcomes, conditions by domain, configuration risk, population sizes,
each chart with its numbers written out), a table of every CCG, and a section per CCG:
its outcome, the six domains as badges with a shape and a word as well as a colour, the
conditions with their citations and remediation, and the findings linked to their lines.
Every text taken from a document, a waiver file or a ruleset is escaped, with its
control characters shown (`ccg_rules._safe.html_text`); only ``http`` and ``https``
citation URLs become links; and the same wave gives the same bytes.
"""

from __future__ import annotations

import os
import re
import statistics
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from ccg_rules._safe import html_text, web_url
from ccg_rules.findings import Citation, Consequence, Finding
from ccg_rules.render._html_assets import CSS, SCRIPT, SPRITE
from ccg_rules.render._provenance import metadata_sentence
from ccg_rules.render._words import Bodies, bodies, criterion_text, plural, support_text
from ccg_rules.report import AuthorisationCondition, DomainResult, Report
from ccg_rules.wave import Wave, WaveRow, row_for

_OUTCOMES = (  # (row outcome, label, colour class, icon)
    ("authorised", "Authorised", "green", "met"),
    ("authorised_with_conditions", "Authorised with conditions", "amber", "cond"),
    (
        "authorised_with_conditions_and_directions",
        "Authorised with conditions and directions",
        "red",
        "notmet",
    ),
    ("established_not_authorised", "Established but not authorised", "red", "notmet"),
    (None, "Not assessed", "grey", "none"),
)
_RAG = {"green": ("Met", "met"), "amber": ("Met with conditions", "cond"), "red": ("Not met", "notmet")}
_RISK = {"green": "Green", "amber": "Amber", "red": "Red"}
_CONSEQUENCE = {
    Consequence.DIRECTIONS: "a condition backed by legal directions",
    Consequence.CONDITION: "a condition of authorisation",
    Consequence.ADVISORY: "advisory",
}
_POPULATION_BANDS = (  # (upper bound, label)
    (50_000, "under 50,000"),
    (100_000, "50,000 to 99,999"),
    (250_000, "100,000 to 249,999"),
    (500_000, "250,000 to 499,999"),
    (None, "500,000 or more"),
)


def _e(text: object) -> str:
    return html_text(str(text))


def _icon(name: str, label: str | None = None) -> str:
    aria = f' role="img" aria-label="{_e(label)}"' if label else ' aria-hidden="true"'
    return f'<svg class="icon"{aria} focusable="false"><use href="#i-{name}"/></svg>'


def _badge(colour: str, icon: str, label: str) -> str:
    return f'<span class="badge {colour}">{_icon(icon)}{_e(label)}</span>'


def _outcome(row: WaveRow) -> tuple[str, str, str]:
    for value, label, colour, icon in _OUTCOMES:
        if value == row.outcome:
            return label, colour, icon
    return row.outcome or "Not assessed", "grey", "none"


def _outcome_badge(row: WaveRow) -> str:
    label, colour, icon = _outcome(row)
    return _badge(colour, icon, label)


def _risk_badge(risk: str | None) -> str:
    if risk is None:
        return '<span class="muted">not rated</span>'
    icon = {"green": "met", "amber": "cond", "red": "notmet"}[risk]
    return _badge(risk, icon, _RISK[risk])


def _number(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def _href(file: str, base: str | None, line: int | None = None) -> str:
    path = file
    if base is not None:
        try:
            path = os.path.relpath(os.path.abspath(file), os.path.abspath(base))
        except ValueError:  # another drive (Windows)
            path = os.path.abspath(file)
    uri = quote(path.replace(os.sep, "/"), safe="/", errors="surrogateescape")
    return uri + (f"#L{line}" if line is not None else "")


def _anchor(row: WaveRow, taken: set[str]) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", row.file).strip("-").lower() or "document"
    anchor, n = f"ccg-{stem}", 2
    while anchor in taken:
        anchor, n = f"ccg-{stem}-{n}", n + 1
    taken.add(anchor)
    return anchor


def _domain_title(d: DomainResult) -> str:
    return f"{d.number}. {d.title}" if d.number is not None else d.title


def _name(row: WaveRow) -> str:
    return row.ccg or row.file


def _table(
    caption: str, header: Sequence[str], rows: Iterable[str], numeric: Sequence[int] = (), cls: str = ""
) -> str:
    heads = "".join(
        f'<th scope="col"{" class=num" if i in numeric else ""}>{h}</th>' for i, h in enumerate(header)
    )
    body = "".join(rows)
    table = f'<table class="{cls}">' if cls else "<table>"
    return f"{table}<caption>{caption}</caption><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>"


def _bar(parts: Sequence[tuple[str, int]], scale: int) -> str:
    spans = "".join(
        f'<span class="{colour}" style="width:{100 * n / scale:.1f}%"></span>' for colour, n in parts if n
    )
    return f'<td class="bar" aria-hidden="true">{spans}</td>'


# ------------------------------------------------------------------------------ overview


def _outcome_cards(rows: Sequence[WaveRow], who: Bodies) -> str:
    items = []
    for value, label, colour, icon in _OUTCOMES:
        n = sum(1 for r in rows if r.outcome == value)
        if value is None and n == 0:
            continue
        items.append(f'<li class="{colour}"><span class="n">{n}</span>{_icon(icon)} {_e(label)}</li>')
    return f'<ul class="cards" aria-label="{who.plural} by outcome">' + "".join(items) + "</ul>"


def _domains_seen(rows: Sequence[WaveRow]) -> list[tuple[str, str]]:
    """``(domain id, label)`` of every domain in the reports, by number then first seen."""
    seen: dict[str, tuple[int, str]] = {}
    for row in rows:
        for d in row.report.domains if row.report else ():
            if d.id not in seen:
                seen[d.id] = (d.number if d.number is not None else 99, _domain_title(d))
    return [(d, label) for d, (_, label) in sorted(seen.items(), key=lambda kv: kv[1][0])]


def _conditions_chart(rows: Sequence[WaveRow], who: Bodies) -> str:
    domains = _domains_seen(rows)
    tally: dict[str | None, list[int]] = {d: [0, 0] for d, _ in domains}
    for row in rows:
        for c in row.report.conditions if row.report else ():
            counts = tally.setdefault(c.domain, [0, 0])
            counts[0 if c.consequence is Consequence.DIRECTIONS else 1] += 1
    labels = dict(domains)
    scale = max([sum(v) for v in tally.values()] + [1])
    lines = []
    for domain, (directed, conds) in tally.items():
        label = labels.get(domain or "", domain or "no domain")
        lines.append(
            f'<tr><th scope="row">{_e(label)}</th><td class="num">{directed}</td><td class="num">{conds}</td>'
            f'<td class="num">{directed + conds}</td>'
            f'{_bar([("red", directed), ("amber", conds)], scale)}</tr>'
        )
    header = ["Domain", "With directions", "Conditions", "Total", '<span class="vh">Chart</span>']
    return _table(f"Conditions by domain, all {who.plural}", header, lines, numeric=(1, 2, 3))


def _risk_table(rows: Sequence[WaveRow], who: Bodies) -> str:
    counts = [(risk, sum(1 for r in rows if r.risk == risk)) for risk in ("red", "amber", "green")]
    unrated = sum(1 for r in rows if r.risk is None)
    scale = max([n for _, n in counts] + [unrated, 1])
    lines = [
        f'<tr><th scope="row">{_risk_badge(risk)}</th><td class="num">{n}</td>{_bar([(risk, n)], scale)}</tr>'
        for risk, n in counts
    ]
    if unrated:
        lines.append(
            f'<tr><th scope="row">Not rated</th><td class="num">{unrated}</td>'
            f"{_bar([('grey', unrated)], scale)}</tr>"
        )
    return _table("Configuration risk", ["Rating", who.heading, '<span class="vh">Chart</span>'], lines, (1,))


def _population_table(rows: Sequence[WaveRow], who: Bodies) -> str:
    sizes = [r.population for r in rows if r.population is not None]
    bands = [0] * len(_POPULATION_BANDS)
    for size in sizes:
        for i, (upper, _) in enumerate(_POPULATION_BANDS):
            if upper is None or size < upper:
                bands[i] += 1
                break
    scale = max([*bands, 1])
    lines = [
        f'<tr><th scope="row">{label}</th><td class="num">{n}</td>{_bar([("grey", n)], scale)}</tr>'
        for (_, label), n in zip(_POPULATION_BANDS, bands, strict=True)
    ]
    table = _table(
        "Registered population", ["Population", who.heading, '<span class="vh">Chart</span>'], lines, (1,)
    )
    if not sizes:
        return table + "<p>No document states its registered population.</p>"
    median = statistics.median(sizes)
    facts = (
        f"Total {sum(sizes):,}; median {median:,.0f}; smallest {min(sizes):,}; largest {max(sizes):,}"
        f" ({len(sizes)} of {len(rows)} documents state a population)."
    )
    return table + f"<p>{facts}</p>"


def _domain_icons(report: Report | None) -> str:
    if report is None or not report.domains:
        return '<span class="muted">none</span>'
    icons = []
    for d in report.domains:
        text, icon = _RAG[d.status.rag]
        label = f"{_domain_title(d)}: {text.lower()}"
        icons.append(f'<span class="{d.status.rag}" title="{_e(label)}">{_icon(icon, label)}</span>')
    return "".join(icons)


def _ccg_table(rows: Sequence[WaveRow], anchors: Sequence[str], who: Bodies) -> str:
    lines = []
    for row, anchor in zip(rows, anchors, strict=True):
        lines.append(
            f'<tr><th scope="row"><a href="#{anchor}">{_e(_name(row))}</a>'
            f'<span class="file">{_e(row.file)}</span></th>'
            f"<td>{_outcome_badge(row)}</td>"
            f'<td class="doms">{_domain_icons(row.report)}</td>'
            f'<td class="num">{row.conditions if row.error is None else "–"}</td>'
            f'<td class="num">{len(row.directions) if row.error is None else "–"}</td>'
            f"<td>{_risk_badge(row.risk)}</td>"
            f'<td class="num">{_number(row.population)}</td></tr>'
        )
    header = [f"{who.one} and file", "Outcome", "Domains 1–6", "Conditions", "Directions", "Risk"]
    header.append("Population")
    return _table(f"All {who.plural} ({len(rows)})", header, lines, numeric=(3, 4, 6), cls="all")


# ------------------------------------------------------------------------------ per CCG


def _citation(c: Citation | None) -> str:
    if c is None:
        return ""
    text = _e(f"{c.instrument}, {c.provision}")
    url = web_url(c.url)
    linked = f'<a href="{_e(url)}">{text}</a>' if url else text
    sure = (
        ""
        if c.confidence.value == "confirmed"
        else f' <span class="muted">(citation {c.confidence.value})</span>'
    )
    return f"<p>Source: {linked}{sure}</p>"


def _line_link(file: str, line: int, column: int | None, base: str | None) -> str:
    where = f"{file}:{line}" + (f":{column}" if column is not None else "")
    return f'<a href="{_e(_href(file, base, line))}"><code>{_e(where)}</code></a>'


def _domains(domains: Sequence[DomainResult]) -> str:
    lines = []
    for d in domains:
        text, icon = _RAG[d.status.rag]
        title = _domain_title(d)
        lines.append(
            f'<tr><th scope="row">{_e(title)}</th><td>{_badge(d.status.rag, icon, text)}</td>'
            f'<td class="num">{d.directions}</td><td class="num">{d.conditions}</td>'
            f'<td class="num">{d.advisory}</td></tr>'
        )
    header = ["Domain", "Status", "With directions", "Conditions", "Advisory"]
    return "<h4>Domains</h4>" + _table("Authorisation domains", header, lines, numeric=(2, 3, 4))


def _conditions(conditions: Sequence[AuthorisationCondition], file: str, base: str | None) -> str:
    if not conditions:
        return "<h4>Conditions</h4><p>None.</p>"
    items = []
    for c in conditions:
        where = ", ".join(_line_link(file, line, None, base) for line in c.lines)
        items.append(
            f"<li><p><strong><code>{_e(c.rule_id)}</code></strong> {_e(c.title)} "
            f'<span class="muted">({_CONSEQUENCE[c.consequence]})</span></p>'
            + _basis(c)
            + f"<p>What to do: {_e(c.text)}</p>{_citation(c.citation)}"
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
    return f"<p>{_e(text[0].upper() + text[1:])}</p>"


def _findings(findings: Sequence[Finding], file: str, base: str | None) -> str:
    if not findings:
        return "<h4>Findings</h4><p>No findings.</p>"
    lines = []
    for f in findings:
        at = f.location
        note = ""
        if f.waived is not None:
            why = f"waived: {f.waived.justification}, until {f.waived.expires}"
            note = f' <span class="muted">({_e(why)})</span>'
        lines.append(
            f"<tr><td>{_line_link(at.file or file, at.line, at.column, base)}</td><td>{f.severity.value}</td>"
            f'<td class="rule"><code>{_e(f.rule_id)}</code></td><td>{_e(f.message)}{note}</td></tr>'
        )
    header = ["Where", "Severity", "Rule", "Finding"]
    return "<h4>Findings</h4>" + _table(f"Findings for {_e(file)}", header, lines)


def _facts(row: WaveRow, base: str | None) -> str:
    facts = [("File", f'<a href="{_e(_href(row.file, base))}"><code>{_e(row.file)}</code></a>')]
    if row.as_of is not None:
        facts.append(("As of", str(row.as_of)))
    if row.ruleset is not None:
        facts.append(("Ruleset", f"<code>{_e(row.ruleset)}</code>"))
    report = row.report
    if report is not None and report.valid:
        c = report.counts
        counts = f"{plural(c.error, 'error')}, {plural(c.warning, 'warning')}, {c.info} info"
        facts.append(("Findings", counts + (f", {c.waived} waived" if c.waived else "")))
        risk = report.configuration_risk
        reasons = "".join(f"<br>{_e(r)}" for r in risk.reasons) if risk else ""
        facts.append(("Configuration risk", _risk_badge(row.risk) + reasons))
    if row.population is not None:
        facts.append(("Registered population", _number(row.population)))
    if report is not None:
        facts.append(("Report", _e(metadata_sentence(report))))
    return '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"


def _ccg_section(row: WaveRow, anchor: str, base: str | None) -> str:
    parts = [_facts(row, base)]
    report = row.report
    if row.error is not None:
        parts.append(f'<p class="error">Could not be assessed: {_e(row.error)}</p>')
    if report is not None and report.scope is not None:
        parts.append(f'<p class="scope">{_e(report.scope.statement)}</p>')
    if report is not None and report.valid:
        parts.append(_domains(report.domains))
        parts.append(_conditions(report.conditions, row.file, base))
    if report is not None:
        parts.append(_findings(report.findings, row.file, base))
    summary = f"<h3>{_e(_name(row))} {_outcome_badge(row)}</h3>"
    return (
        f'<details class="ccg" id="{anchor}"><summary>{summary}</summary>'
        f'<div class="body">{"".join(parts)}</div></details>\n'
    )


# ------------------------------------------------------------------------------ page


def render_wave(wave: Wave, *, base: str | os.PathLike[str] | None = None, title: str | None = None) -> str:
    """Render a wave as one self-contained HTML page.

    Args:
        wave: The wave, as `ccg_rules.assess_wave` gives it.
        base: The folder the page will be saved in, so that links to the documents'
            lines are relative to it; ``None`` leaves the file names as they are
            (right for a page saved in the current folder).
        title: The page title (default: ``CCG authorisation wave: N CCGs``, with the
            documents' kind in place of ``CCG``).

    Returns:
        The page. The same wave and base give the same bytes.
    """
    rows = wave.rows
    folder = os.fspath(base) if base is not None else None
    taken: set[str] = set()
    anchors = [_anchor(row, taken) for row in rows]
    who = bodies(r.report for r in rows)
    heading = title or f"{who.title} wave: {who.count(len(rows))}"
    rulesets = sorted({r.ruleset for r in rows if r.ruleset})
    dates = sorted({r.as_of for r in rows if r.as_of})
    lead = [plural(len(rows), "document")]
    if rulesets:
        lead.append("ruleset " + ", ".join(f"<code>{_e(r)}</code>" for r in rulesets))
    if dates:
        lead.append(f"as of {dates[0]}" if len(dates) == 1 else f"as of {dates[0]} to {dates[-1]}")
    overview = (
        '<section aria-labelledby="overview"><h2 id="overview">Overview</h2>'
        + _outcome_cards(rows, who)
        + _conditions_chart(rows, who)
        + '<div class="grid"><div>'
        + _risk_table(rows, who)
        + "</div><div>"
        + _population_table(rows, who)
        + "</div></div>"
        + _ccg_table(rows, anchors, who)
        + "</section>\n"
    )
    sections = "".join(_ccg_section(row, anchor, folder) for row, anchor in zip(rows, anchors, strict=True))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(heading)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{SPRITE}\n"
        f'<header><h1>{_e(heading)}</h1><p class="lead">{"; ".join(lead)}. Open {who.a} below for its '
        "domains, conditions and findings.</p></header>\n<main>\n"
        + overview
        + f'<section class="ccgs" aria-labelledby="ccgs"><h2 id="ccgs">{who.heading}</h2>\n'
        + sections
        + "</section>\n</main>\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def render_html(reports: Sequence[Report], *, base: str | os.PathLike[str] | None = None) -> str:
    """Render the reports of a check as one HTML page.

    Args:
        reports: The reports, one per document.
        base: The folder the page will be saved in (links to lines are relative to it);
            default: the current folder.
    """
    wave = Wave(rows=tuple(row_for(report) for report in reports))
    who = bodies(reports)
    title = f"{who.noun} assessment: {wave.rows[0].ccg or wave.rows[0].file}" if len(reports) == 1 else None
    return render_wave(wave, base=base, title=title)


render = render_html
