"""The ``text`` format: one ``FILE:LINE:COL: SEVERITY RULE-ID message`` line per finding."""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules.report import Report


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render_text(reports: Sequence[Report]) -> str:
    """Render findings as editor-clickable lines, then a summary line per document."""
    lines: list[str] = []
    for report in reports:
        name = report.document.file or "<document>"
        for f in report.findings:
            loc = f.location
            lines.append(
                f"{loc.file or name}:{loc.line}:{loc.column}: {f.severity.value} {f.rule_id} {f.message}"
            )
        counts = report.counts
        used = f" [{report.ruleset.id}@{report.ruleset.version}]" if report.ruleset else ""
        outcome = report.outcome.value.replace("_", " ")
        lines.append(
            f"{name}: {_plural(counts.error, 'error')}, {_plural(counts.warning, 'warning')}, "
            f"{counts.info} info; {outcome}{used}"
        )
    return "".join(line + "\n" for line in lines)
