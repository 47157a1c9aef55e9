"""Exceptions: things that stop a check (a finding is never an exception)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ccg_rules.findings import Finding, Severity
    from ccg_rules.report import Report


class CcgRulesError(Exception):
    """Base class of every error this library raises on purpose."""


class DocumentError(CcgRulesError, OSError):
    """A document could not be read at all (missing file, permission, directory)."""


class RulesetError(CcgRulesError, ValueError):
    """A ruleset is broken: it failed to parse, to validate, or to compile.

    Attributes:
        file: The ruleset file, if known.
        line: 1-based line of the offending node, if known.
        column: 1-based column of the offending node, if known.
        pointer: JSON Pointer of the offending node within the ruleset file.
        rule_id: The rule concerned, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        pointer: str | None = None,
        rule_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.pointer = pointer
        self.rule_id = rule_id

    def __str__(self) -> str:
        where = self.file or "<ruleset>"
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        rule = f" (rule {self.rule_id})" if self.rule_id else ""
        from ccg_rules._safe import visible

        return visible(f"{where}: {self.message}{rule}")


class SelectionError(CcgRulesError, LookupError):
    """No ruleset or ruleset version fits what was asked for (unknown id, date out of range)."""


class EngineError(CcgRulesError, RuntimeError):
    """An evaluation engine failed or is unavailable."""


class FindingsError(CcgRulesError, ValueError):
    """A document has findings in force at or above the threshold (`ccg_rules.validate`).

    The message names the file, the outcome and the counts, then the first few findings,
    one a line (``file:line:col: RULE-ID message``), with anything from the document that
    does not print escaped.

    Attributes:
        report: The whole report, as `ccg_rules.check` returns it.
        fail_on: The threshold: the lowest severity that counts.
        findings: The findings in force (not waived) at or above ``fail_on``, in report
            order.
    """

    def __init__(self, report: Report, fail_on: Severity) -> None:
        self.report = report
        self.fail_on = fail_on
        self.findings = report.at_or_above(fail_on)
        super().__init__(_findings_message(report, fail_on, self.findings))

    def __reduce__(self) -> tuple[type[FindingsError], tuple[Report, Severity]]:
        # Rebuilt from the report, so it survives pickling (a process pool's worker raising it).
        return type(self), (self.report, self.fail_on)


_SHOWN_FINDINGS = 3


def _printable(text: str, limit: int = 120) -> str:
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _findings_message(report: Report, fail_on: Severity, findings: tuple[Finding, ...]) -> str:
    from ccg_rules.documents import shown_name

    file = shown_name(report.document.file) if report.document.file is not None else "<text>"
    tally = {s: sum(f.severity is s for f in findings) for s in type(fail_on)}
    counts = ", ".join(f"{n} {s.value}{'' if n == 1 else 's'}" for s, n in tally.items() if n)
    noun = "finding" if len(findings) == 1 else "findings"
    lines = [f"{file}: {report.outcome.value}; {len(findings)} {noun} at or above {fail_on.value} ({counts})"]
    for f in findings[:_SHOWN_FINDINGS]:
        where = shown_name(f.location.file) if f.location.file is not None else file
        lines.append(f"  {where}:{f.location.line}:{f.location.column}: {f.rule_id} {_printable(f.message)}")
    if len(findings) > _SHOWN_FINDINGS:
        lines.append(f"  and {len(findings) - _SHOWN_FINDINGS} more (see .findings)")
    return "\n".join(lines)
