r"""The ``github`` format: GitHub Actions workflow commands, shown as annotations on the files.

One line per finding in force::

    ::error file=ccg.yaml,line=187,col=3,title=REG-11-01::The governing body has 5 members; ...

``warning`` findings become ``::warning`` and ``info`` findings ``::notice``. A plain
summary line per document follows, for the job log. Values are escaped as the runner
expects (as ``escapeData`` and ``escapeProperty`` of GitHub's actions toolkit do):
``%``, carriage return and line feed everywhere, and also ``:`` and ``,`` in the
properties (``file``, ``title``); other control characters are shown escaped
(``\x1b``). The summary line is escaped so that the runner cannot take it for a
command: a file named ``::stop-commands::x.yaml`` can neither forge an annotation nor
silence the real ones (see `ccg_rules._safe.github_line`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules._safe import github_data, github_line, github_property
from ccg_rules.findings import Severity
from ccg_rules.render._words import document_name, outcome_text, summary
from ccg_rules.report import Report

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


escape_data = github_data
"""Escape a workflow command's message."""

escape_property = github_property
"""Escape a workflow command property value."""


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
        lines.append(github_line(f"{name}: {summary(report)}; {outcome_text(report)}{used}"))
    return "".join(line + "\n" for line in lines)


render = render_github
