"""The overview of the HTML report: outcomes, conditions by domain, risk, population, every body."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from ccg_rules.findings import Consequence
from ccg_rules.render._html_parts import (
    OUTCOMES,
    POPULATION_BANDS,
    RAG,
    bar,
    domain_title,
    esc,
    html_table,
    number,
    outcome_badge,
    risk_badge,
    row_name,
    svg_icon,
)
from ccg_rules.render._words import Bodies
from ccg_rules.report import Report
from ccg_rules.wave import WaveRow


def outcome_cards(rows: Sequence[WaveRow], who: Bodies) -> str:
    items = []
    for value, label, colour, symbol in OUTCOMES:
        n = sum(1 for r in rows if r.outcome == value)
        if value is None and n == 0:
            continue
        items.append(f'<li class="{colour}"><span class="n">{n}</span>{svg_icon(symbol)} {esc(label)}</li>')
    return f'<ul class="cards" aria-label="{who.plural} by outcome">' + "".join(items) + "</ul>"


def _domains_seen(rows: Sequence[WaveRow]) -> list[tuple[str, str]]:
    """``(domain id, label)`` of every domain in the reports, by number then first seen."""
    seen: dict[str, tuple[int, str]] = {}
    for row in rows:
        for d in row.report.domains if row.report else ():
            if d.id not in seen:
                seen[d.id] = (d.number if d.number is not None else 99, domain_title(d))
    return [(d, label) for d, (_, label) in sorted(seen.items(), key=lambda kv: kv[1][0])]


def conditions_chart(rows: Sequence[WaveRow], who: Bodies) -> str:
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
            f'<tr><th scope="row">{esc(label)}</th><td class="num">{directed}</td>'
            f'<td class="num">{conds}</td>'
            f'<td class="num">{directed + conds}</td>'
            f"{bar([('red', directed), ('amber', conds)], scale)}</tr>"
        )
    header = ["Domain", "With directions", "Conditions", "Total", '<span class="vh">Chart</span>']
    return html_table(f"Conditions by domain, all {who.plural}", header, lines, numeric=(1, 2, 3))


def risk_table(rows: Sequence[WaveRow], who: Bodies) -> str:
    counts = [(risk, sum(1 for r in rows if r.risk == risk)) for risk in ("red", "amber", "green")]
    unrated = sum(1 for r in rows if r.risk is None)
    scale = max([n for _, n in counts] + [unrated, 1])
    lines = [
        f'<tr><th scope="row">{risk_badge(risk)}</th><td class="num">{n}</td>{bar([(risk, n)], scale)}</tr>'
        for risk, n in counts
    ]
    if unrated:
        lines.append(
            f'<tr><th scope="row">Not rated</th><td class="num">{unrated}</td>'
            f"{bar([('grey', unrated)], scale)}</tr>"
        )
    return html_table(
        "Configuration risk", ["Rating", who.heading, '<span class="vh">Chart</span>'], lines, (1,)
    )


def population_table(rows: Sequence[WaveRow], who: Bodies) -> str:
    sizes = [r.population for r in rows if r.population is not None]
    bands = [0] * len(POPULATION_BANDS)
    for size in sizes:
        for i, (upper, _) in enumerate(POPULATION_BANDS):
            if upper is None or size < upper:
                bands[i] += 1
                break
    scale = max([*bands, 1])
    lines = [
        f'<tr><th scope="row">{label}</th><td class="num">{n}</td>{bar([("grey", n)], scale)}</tr>'
        for (_, label), n in zip(POPULATION_BANDS, bands, strict=True)
    ]
    shown = html_table(
        "Registered population", ["Population", who.heading, '<span class="vh">Chart</span>'], lines, (1,)
    )
    if not sizes:
        return shown + "<p>No document states its registered population.</p>"
    median = statistics.median(sizes)
    facts = (
        f"Total {sum(sizes):,}; median {median:,.0f}; smallest {min(sizes):,}; largest {max(sizes):,}"
        f" ({len(sizes)} of {len(rows)} documents state a population)."
    )
    return shown + f"<p>{facts}</p>"


def _domain_icons(report: Report | None) -> str:
    if report is None or not report.domains:
        return '<span class="muted">none</span>'
    icons = []
    for d in report.domains:
        text, icon = RAG[d.status.rag]
        label = f"{domain_title(d)}: {text.lower()}"
        icons.append(f'<span class="{d.status.rag}" title="{esc(label)}">{svg_icon(icon, label)}</span>')
    return "".join(icons)


def ccg_table(rows: Sequence[WaveRow], anchors: Sequence[str], who: Bodies) -> str:
    lines = []
    for row, anchor in zip(rows, anchors, strict=True):
        lines.append(
            f'<tr><th scope="row"><a href="#{anchor}">{esc(row_name(row))}</a>'
            f'<span class="file">{esc(row.file)}</span></th>'
            f"<td>{outcome_badge(row)}</td>"
            f'<td class="doms">{_domain_icons(row.report)}</td>'
            f'<td class="num">{row.conditions if row.error is None else "–"}</td>'
            f'<td class="num">{len(row.directions) if row.error is None else "–"}</td>'
            f"<td>{risk_badge(row.risk)}</td>"
            f'<td class="num">{number(row.population)}</td></tr>'
        )
    header = [f"{who.one} and file", "Outcome", "Domains 1–6", "Conditions", "Directions", "Risk"]
    header.append("Population")
    return html_table(f"All {who.plural} ({len(rows)})", header, lines, numeric=(3, 4, 6), cls="all")
