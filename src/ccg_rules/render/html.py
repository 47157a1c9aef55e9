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

import itertools
import os
from collections.abc import Iterator, Sequence

from ccg_rules.render._html_assets import CSS, SCRIPT, SPRITE
from ccg_rules.render._html_overview import (
    ccg_table_pieces,
    conditions_chart,
    outcome_cards,
    population_table,
    risk_table,
)
from ccg_rules.render._html_parts import (
    anchor,
    esc,
)
from ccg_rules.render._html_section import (
    ccg_section,
)
from ccg_rules.render._lines import plural
from ccg_rules.render._wave_notes import WaveNotes
from ccg_rules.render._words import bodies
from ccg_rules.report import Report
from ccg_rules.wave import Wave, WaveRow, row_for


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
    taken: set[str] = set()
    anchors = [anchor(row, taken) for row in rows]
    head, foot = wave_page_parts(rows, anchors, WaveNotes.of(rows, html=True), title=title)
    sections = "".join(wave_section(row, a, base) for row, a in zip(rows, anchors, strict=True))
    return "".join(head) + sections + foot


def wave_section(row: WaveRow, anchor: str, base: str | os.PathLike[str] | None = None) -> str:
    """One CCG's section of the wave page (`render_wave`), its anchor given by `anchor` in row order."""
    return ccg_section(row, anchor, os.fspath(base) if base is not None else None)


def wave_page_parts(
    rows: Sequence[WaveRow], anchors: Sequence[str], notes: WaveNotes, *, title: str | None = None
) -> tuple[Iterator[str], str]:
    """The wave page before its CCGs' sections (title, overview), in pieces, and after them.

    The pieces before come from the rows and their notes; the table of every CCG is a
    piece per row, so that a large wave's page is written without being held whole.

    Args:
        rows: The wave's rows (their reports are not read).
        anchors: The rows' anchors (`anchor`, in row order).
        notes: The notes of the rows' reports, with what the overview needs (``html=True``).
        title: As for `render_wave`.
    """
    who = notes.who
    heading = title or f"{who.title} wave: {who.count(len(rows))}"
    rulesets = sorted({r.ruleset for r in rows if r.ruleset})
    dates = sorted({r.as_of for r in rows if r.as_of})
    lead = [plural(len(rows), "document")]
    if rulesets:
        lead.append("ruleset " + ", ".join(f"<code>{esc(r)}</code>" for r in rulesets))
    if dates:
        lead.append(f"as of {dates[0]}" if len(dates) == 1 else f"as of {dates[0]} to {dates[-1]}")
    overview = (
        '<section aria-labelledby="overview"><h2 id="overview">Overview</h2>'
        + outcome_cards(rows, who)
        + conditions_chart(notes, who)
        + '<div class="grid"><div>'
        + risk_table(rows, who)
        + "</div><div>"
        + population_table(rows, who)
        + "</div></div>"
    )
    start = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(heading)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{SPRITE}\n"
        f'<header><h1>{esc(heading)}</h1><p class="lead">{"; ".join(lead)}. Open {who.a} below for its '
        "domains, conditions and findings.</p></header>\n<main>\n" + overview
    )
    after = (
        "</section>\n" + f'<section class="ccgs" aria-labelledby="ccgs"><h2 id="ccgs">{who.heading}</h2>\n'
    )
    head = itertools.chain((start,), ccg_table_pieces(rows, anchors, notes.icons, who), (after,))
    return head, f"</section>\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"


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
