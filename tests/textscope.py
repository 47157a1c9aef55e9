"""The scope line the text format writes after each document's summary line, for tests of exact output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ccg_rules import check
from ccg_rules.pipeline.assess import scope_of

REPO = Path(__file__).resolve().parents[1]
NO_RULE_RAN = scope_of(None, 0).statement
"""The scope sentence of a document no rule could run on."""


def statement(path: str | Path, **check_args: Any) -> str:
    """The scope sentence `ccg_rules.check` gives the document at ``path`` with ``check_args``.

    Tests take it from here so as not to repeat the rule and criteria counts of a version.
    """
    where = Path(path)
    report = check(where if where.is_absolute() else REPO / where, **check_args)
    assert report.scope is not None
    return report.scope.statement


def scope_line(name: str | Path, path: str | Path | None = None, **check_args: Any) -> str:
    """``NAME: <scope sentence>`` and a newline, for the document at ``path`` (default ``name``)."""
    return f"{name}: {statement(path if path is not None else name, **check_args)}\n"


def no_rule_line(name: str | Path) -> str:
    """``NAME: <the no-rule-ran sentence>`` and a newline."""
    return f"{name}: {NO_RULE_RAN}\n"


SCOPE_STARTS = ("This outcome covers only", "These findings cover only", "No rule ran")
"""How every scope sentence begins (`ccg_rules.pipeline.assess.scope_of`)."""


def is_scope_line(line: str) -> bool:
    """Whether ``line`` of text output is a scope line: ``NAME: <scope sentence>``, or the
    sentence alone (as the ``assess`` summary writes it)."""
    return line.startswith(SCOPE_STARTS) or any(f": {start}" in line for start in SCOPE_STARTS)


def without_scope(text: str) -> list[str]:
    """The lines of ``text`` that are not scope lines."""
    return [line for line in text.splitlines() if not is_scope_line(line)]
