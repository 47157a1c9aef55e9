"""The ``text`` format: one ``FILE:LINE:COL: SEVERITY RULE-ID message`` line per finding.

Findings accepted by a waiver are not listed (they are counted in the summary line);
problems with the waivers themselves are, located in the waiver file.
"""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules.render._catalog import document_name, outcome_text, summary
from ccg_rules.report import Report


def render_text(reports: Sequence[Report]) -> str:
    """Render findings as editor-clickable lines, then a summary line per document."""
    lines: list[str] = []
    for report in reports:
        name = document_name(report)
        for f in report.in_force:
            loc = f.location
            lines.append(
                f"{loc.file or name}:{loc.line}:{loc.column}: {f.severity.value} {f.rule_id} {f.message}"
            )
        used = f" [{report.ruleset.id}@{report.ruleset.version}]" if report.ruleset else ""
        lines.append(f"{name}: {summary(report)}; {outcome_text(report)}{used}")
    return "".join(line + "\n" for line in lines)


render = render_text
