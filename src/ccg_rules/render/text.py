r"""The ``text`` format: one ``FILE:LINE:COL: SEVERITY RULE-ID message`` line per finding.

Findings accepted by a waiver are not listed (they are counted in the summary line);
problems with the waivers themselves are, located in the waiver file. After each
document's summary line comes its scope sentence, as ``FILE: This outcome covers only…``
(`ccg_rules.report.Scope`): the outcome covers only the rules a machine can check.

With ``colour`` the severity word and the ``file:line:col`` are wrapped in ANSI SGR codes
(error red, warning yellow, info cyan; the location bold); nothing else changes, and
without it the output has no escape codes at all. Control characters and other unsafe
characters of the text itself (file names, messages) are always shown escaped
(``\x1b``, ``\n``; see `ccg_rules._safe`), so that a document can neither write codes of
its own to the terminal nor forge a ``file:line:col`` line.
"""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules._safe import visible
from ccg_rules.render._lines import finding_line, summary_lines
from ccg_rules.render._provenance import scope_sentence
from ccg_rules.render._words import document_name, outcome_text, summary
from ccg_rules.report import Report


def render_text(reports: Sequence[Report], *, colour: bool = False, summaries: bool = True) -> str:
    """Render findings as editor-clickable lines, then a summary and a scope line per document.

    Args:
        reports: The reports.
        colour: Colour the severity words and locations (for a terminal).
        summaries: Add the summary and scope lines of each document (``--quiet`` leaves
            them out).
    """
    lines: list[str] = []
    for report in reports:
        name = document_name(report)
        for f in report.in_force:
            loc = f.location
            lines.append(
                finding_line(
                    loc.file or name,
                    loc.line,
                    loc.column,
                    f.severity.value,
                    f.rule_id,
                    f.message,
                    colour=colour,
                )
            )
        if summaries:
            used = f"{report.ruleset.id}@{report.ruleset.version}" if report.ruleset else None
            lines.extend(
                summary_lines(name, summary(report), outcome_text(report), used, scope_sentence(report))
            )
    return "".join(line + "\n" for line in lines)


class Statistics:
    """The findings in force counted per rule, one report at a time (see `statistics`)."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._about: dict[str, tuple[str, str]] = {}

    def add(self, report: Report) -> None:
        """Count the findings in force of one more report."""
        for f in report.in_force:
            self._counts[f.rule_id] = self._counts.get(f.rule_id, 0) + 1
            self._about.setdefault(f.rule_id, (f.severity.value, f.title))

    def rows(self) -> list[tuple[int, str, str, str]]:
        """As `statistics` of every report added."""
        rows = [(n, rule, *self._about[rule]) for rule, n in self._counts.items()]
        return sorted(rows, key=lambda row: (-row[0], row[1]))

    def text(self) -> str:
        """As `render_statistics` of every report added."""
        rows = self.rows()
        if not rows:
            return ""
        width = [
            max(len(str(r[0])) for r in rows),
            max(len(r[1]) for r in rows),
            max(len(r[2]) for r in rows),
        ]
        return "".join(
            f"{str(n).rjust(width[0])}  {rule.ljust(width[1])}  {sev.ljust(width[2])}  {visible(title)}\n"
            for n, rule, sev, title in rows
        )


def statistics(reports: Sequence[Report]) -> list[tuple[int, str, str, str]]:
    """Count the findings in force per rule, as ``ruff --statistics`` does.

    Returns:
        ``(count, rule id, severity, title)`` rows, the most frequent first, then by rule id.
    """
    tally = Statistics()
    for report in reports:
        tally.add(report)
    return tally.rows()


def render_statistics(reports: Sequence[Report]) -> str:
    """The `statistics` as aligned columns: count, rule id, severity, title (nothing if none)."""
    tally = Statistics()
    for report in reports:
        tally.add(report)
    return tally.text()


render = render_text
