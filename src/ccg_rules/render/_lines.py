r"""The lines of the ``text`` format, from plain values: one per finding, then the summary and scope.

`ccg_rules.render.text` makes them from reports, and a check without pydantic from the plain
findings of a check that builds no report; both say exactly the same bytes.
"""

from __future__ import annotations

from ccg_rules._safe import visible

_SGR = {"error": "31;1", "warning": "33", "info": "36", "location": "1"}


def _paint(text: str, kind: str) -> str:
    return f"\033[{_SGR[kind]}m{text}\033[0m"


def plural(n: int, word: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def counts_text(error: int, warning: int, info: int, waived: int) -> str:
    """``10 errors, 2 warnings, 0 info`` and, when there are any, ``, 1 waived``."""
    text = f"{plural(error, 'error')}, {plural(warning, 'warning')}, {info} info"
    return text + (f", {waived} waived" if waived else "")


def finding_line(
    file: str, line: int, column: int, severity: str, rule_id: str, message: str, *, colour: bool
) -> str:
    """``FILE:LINE:COL: SEVERITY RULE-ID message``, every part of the input shown escaped."""
    where, rule, text = visible(f"{file}:{line}:{column}:"), visible(rule_id), visible(message)
    if colour:
        where, severity = _paint(where, "location"), _paint(severity, severity)
    return f"{where} {severity} {rule} {text}"


def summary_lines(name: str, counts: str, outcome: str, ruleset: str | None, scope: str) -> list[str]:
    """A document's summary line (counts, outcome, ``[ruleset@version]``) and its scope line."""
    used = f" [{ruleset}]" if ruleset else ""
    return [visible(f"{name}: {counts}; {outcome}{used}"), visible(f"{name}: {scope}")]
