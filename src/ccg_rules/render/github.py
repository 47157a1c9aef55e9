"""The ``github`` format: GitHub Actions workflow commands, shown as annotations on the files.

One line per finding in force::

    ::error file=ccg.yaml,line=187,col=3,title=REG-11-01::The governing body has 5 members; ...

``warning`` findings become ``::warning`` and ``info`` findings ``::notice``. A plain
summary line per document follows, for the job log. Values are escaped as the runner
expects: ``%``, carriage return and line feed everywhere, and also ``:`` and ``,`` in
the properties (``file``, ``title``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules.findings import Severity
from ccg_rules.render._catalog import document_name, outcome_text, summary
from ccg_rules.report import Report

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence[Report]) -> str:
    """Render findings as annotations, then a summary line per document."""
    lines: list[str] = []
    for report in reports:
        name = document_name(report)
        for f in report.in_force:
            loc = f.location
            props = ",".join(
                (
                    f"file={escape_property(loc.file or name)}",
                    f"line={loc.line}",
                    f"col={loc.column}",
                    f"title={escape_property(f.rule_id)}",
                )
            )
            lines.append(f"::{COMMAND[f.severity]} {props}::{escape_data(f.message)}")
        used = f" [{report.ruleset.id}@{report.ruleset.version}]" if report.ruleset else ""
        lines.append(f"{name}: {summary(report)}; {outcome_text(report)}{used}")
    return "".join(line + "\n" for line in lines)


render = render_github
