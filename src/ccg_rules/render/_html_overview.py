"""The overview of the HTML report: outcomes, conditions by domain, risk, population, every body."""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence

from ccg_rules.render._html_parts import (
    OUTCOMES,
    POPULATION_BANDS,
    bar,
    esc,
    html_table,
    html_table_pieces,
    number,
    outcome_badge,
    risk_badge,
    row_name,
    svg_icon,
)
from ccg_rules.render._wave_notes import WaveNotes
from ccg_rules.render._words import Bodies
from ccg_rules.wave import WaveRow


def outcome_cards(rows: Sequence[WaveRow], who: Bodies) -> str:
    items = []
    for value, label, colour, symbol in OUTCOMES:
        n = sum(1 for r in rows if r.outcome == value)
        if value is None and n == 0:
            continue
        items.append(f'<li class="{colour}"><span class="n">{n}</span>{svg_icon(symbol)} {esc(label)}</li>')
    return f'<ul class="cards" aria-label="{who.plural} by outcome">' + "".join(items) + "</ul>"


def conditions_chart(notes: WaveNotes, who: Bodies) -> str:
    domains = notes.domains_seen()
    tally: dict[str | None, list[int]] = {d: [0, 0] for d, _ in domains}
    for domain, (directed, conds) in notes.conditions.items():
        counts = tally.setdefault(domain, [0, 0])
        counts[0] += directed
        counts[1] += conds
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


def ccg_table_pieces(
    rows: Sequence[WaveRow], anchors: Sequence[str], icons: Sequence[str], who: Bodies
) -> Iterator[str]:
    """The table of every body, a row at a time (a wave's table is as long as the wave)."""
    lines = (
        f'<tr><th scope="row"><a href="#{anchor}">{esc(row_name(row))}</a>'
        f'<span class="file">{esc(row.file)}</span></th>'
        f"<td>{outcome_badge(row)}</td>"
        f'<td class="doms">{domains}</td>'
        f'<td class="num">{row.conditions if row.error is None else "–"}</td>'
        f'<td class="num">{len(row.directions) if row.error is None else "–"}</td>'
        f"<td>{risk_badge(row.risk)}</td>"
        f'<td class="num">{number(row.population)}</td></tr>'
        for row, anchor, domains in zip(rows, anchors, icons, strict=True)
    )
    header = [f"{who.one} and file", "Outcome", "Domains 1–6", "Conditions", "Directions", "Risk"]
    header.append("Population")
    caption = f"All {who.plural} ({len(rows)})"
    return html_table_pieces(caption, header, lines, numeric=(3, 4, 6), cls="all")
