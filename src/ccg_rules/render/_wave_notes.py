"""What a wave's whole-wave parts need of its reports, gathered one row at a time.

The summary, the board paper's opening and the HTML overview speak of every CCG of a
wave, but need only a little of each report: the documents' kinds, the distinct scope
and provenance sentences, each row's as-of words, and, for the HTML overview, the
domains seen, the conditions by domain and each row's domain icons. `WaveNotes` keeps
just that, so that ``ccg-rules assess`` can drop each report once its CCG's own sections
are written, and hold memory flat however large the wave. Made from every row of a
wave at once, the notes give the same parts, byte for byte, as the reports would.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ccg_rules.findings import Consequence
from ccg_rules.render._html_parts import RAG, domain_title, esc, svg_icon
from ccg_rules.render._provenance import as_of_text, made_text, ruleset_text, scope_sentence
from ccg_rules.render._words import Bodies, bodies_of
from ccg_rules.report import Report
from ccg_rules.wave import WaveRow


def domain_icons(report: Report | None) -> str:
    """The six domains of a report as icons for the HTML table of every CCG (``none`` if none)."""
    if report is None or not report.domains:
        return '<span class="muted">none</span>'
    icons = []
    for d in report.domains:
        text, icon = RAG[d.status.rag]
        label = f"{domain_title(d)}: {text.lower()}"
        icons.append(f'<span class="{d.status.rag}" title="{esc(label)}">{svg_icon(icon, label)}</span>')
    return "".join(icons)


@dataclass(slots=True)
class WaveNotes:
    """The little a wave's whole-wave parts need of its rows' reports, in row order.

    Attributes:
        html: Whether to gather what the HTML overview needs as well.
        formats: The documents' formats (what `bodies` names the CCGs by).
        scopes: The distinct scope sentences, first seen first.
        made: The distinct ``made by …; ruleset …`` texts, first seen first.
        as_of: Each row's ``as of …`` words (empty for a row with no report).
        icons: Each row's domain icons (HTML only).
        domains: Each domain seen: its number (99 if none) and title, first seen first (HTML only).
        conditions: Per domain, the conditions with directions and without (HTML only).
    """

    html: bool = False
    formats: set[str] = field(default_factory=set)
    scopes: dict[str, None] = field(default_factory=dict)
    made: dict[str, None] = field(default_factory=dict)
    as_of: list[str] = field(default_factory=list)
    icons: list[str] = field(default_factory=list)
    domains: dict[str, tuple[int, str]] = field(default_factory=dict)
    conditions: dict[str | None, list[int]] = field(default_factory=dict)
    _icons: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, rows: Iterable[WaveRow], *, html: bool = False) -> WaveNotes:
        """The notes of every row of a wave, at once."""
        notes = cls(html=html)
        for row in rows:
            notes.add(row)
        return notes

    def add(self, row: WaveRow) -> None:
        """Note the next row (with its report, which is not kept)."""
        report = row.report
        self.as_of.append(as_of_text(report) if report is not None else "")
        if self.html:
            icons = domain_icons(report)  # one string for each mix of domain ratings, not each row
            self.icons.append(self._icons.setdefault(icons, icons))
        if report is None:
            return
        if report.document.format:
            self.formats.add(report.document.format)
        self.scopes.setdefault(scope_sentence(report))
        self.made.setdefault("; ".join(p for p in (made_text(report), ruleset_text(report)) if p))
        if self.html:
            for d in report.domains:
                if d.id not in self.domains:
                    self.domains[d.id] = (d.number if d.number is not None else 99, domain_title(d))
            for c in report.conditions:
                counts = self.conditions.setdefault(c.domain, [0, 0])
                counts[0 if c.consequence is Consequence.DIRECTIONS else 1] += 1

    @property
    def who(self) -> Bodies:
        """What to call the wave's bodies (`bodies` of its reports)."""
        return bodies_of(self.formats)

    def wave_lines(self) -> list[str]:
        """As `ccg_rules.render._provenance.wave_lines` of the wave's reports."""
        return list(self.scopes) + [m[0].upper() + m[1:] + "." for m in self.made]

    def domains_seen(self) -> list[tuple[str, str]]:
        """``(domain id, label)`` of every domain in the reports, by number then first seen."""
        return [(d, label) for d, (_, label) in sorted(self.domains.items(), key=lambda kv: kv[1][0])]
