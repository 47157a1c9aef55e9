"""A wave's rows as tables: CSV, Markdown and a plain-text summary for a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ccg_rules._safe import csv_field, markdown_text, visible
from ccg_rules.render._wave_notes import WaveNotes
from ccg_rules.render.markdown import table
from ccg_rules.report import Outcome
from ccg_rules.wave import COLUMNS, Wave, WaveRow

if TYPE_CHECKING:
    from collections.abc import Sequence


def _cells(row: WaveRow) -> tuple[str, ...]:
    return (
        row.file,
        row.ccg or "",
        row.as_of.isoformat() if row.as_of else "",
        row.ruleset or "",
        row.outcome or "",
        str(row.conditions),
        row.risk or "",
        "" if row.population is None else str(row.population),
        " ".join(row.directions),
        row.error or "",
    )


def wave_csv(wave: Wave) -> str:
    """Return the wave as CSV (RFC 4180, newline line ends): a header, then a row per file.

    The columns are `COLUMNS`; ``directions`` holds the rule ids separated by spaces, and
    empty fields stand for ``None``. A field that begins with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return is given a leading ``'`` so that a spreadsheet cannot run
    it as a formula (the OWASP rule for CSV injection).
    """
    lines = [COLUMNS, *(_cells(row) for row in wave.rows)]
    return "".join(",".join(csv_field(c) for c in line) + "\n" for line in lines)


def wave_markdown(wave: Wave) -> str:
    """Return the wave as a Markdown table with the columns of `wave_csv`."""
    rows = [[markdown_text(c) for c in _cells(row)] for row in wave.rows]
    return "\n".join(table(COLUMNS, rows)) + "\n"


def wave_summary(wave: Wave) -> str:
    r"""Return a plain-text table for a terminal: outcome, conditions, risk and file per CCG.

    A file that could not be assessed shows ``not assessed`` (its error is in its row);
    then a line counts the CCGs by outcome, and the scope sentence of the reports follows
    (each distinct sentence once, one line each: the outcomes cover only the rules a
    machine can check). Unsafe characters of a file name are shown
    escaped (``\n``, ``\x1b``), so that no name can forge a line or reach the terminal.
    """
    return summary_text(wave.rows, WaveNotes.of(wave.rows))


def summary_text(rows: Sequence[WaveRow], notes: WaveNotes) -> str:
    """`wave_summary` of a wave's rows, its reports known only by their notes (`WaveNotes`)."""
    header = ("outcome", "conditions", "risk", "file")
    cells = [
        (
            (row.outcome or "not assessed").replace("_", " "),
            str(row.conditions) if row.error is None else "-",
            row.risk or "-",
            visible(row.file),
        )
        for row in rows
    ]
    widths = [max(len(r[i]) for r in [header, *cells]) for i in range(3)]
    out = [f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}" for r in [header, *cells]]
    tally: dict[str, int] = {}
    for row in rows:
        key = Outcome(row.outcome or "not_assessed").words
        tally[key] = tally.get(key, 0) + 1
    counts = ", ".join(f"{n} {key}" for key, n in sorted(tally.items(), key=lambda kv: _ORDER.index(kv[0])))
    out.append(f"{notes.who.count(len(rows))}: {counts or 'none'}")
    out += [visible(line) for line in notes.scopes]
    return "".join(line.rstrip() + "\n" for line in out)


_ORDER = tuple(o.words for o in Outcome)
