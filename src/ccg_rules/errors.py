"""Exceptions: things that stop a check (a finding is never an exception)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from ccg_rules.findings import Finding, Severity
    from ccg_rules.located import Diagnostic


class CcgRulesError(Exception):
    """Base class of every error this library raises on purpose."""


class DocumentError(CcgRulesError, OSError):
    """A document could not be read at all (missing file, permission, directory)."""


class RulesetError(CcgRulesError, ValueError):
    """A ruleset is broken: it failed to parse, to validate, or to compile.

    Every problem found in one pass is given (``problems``); the other attributes are
    those of the first, and the message has one ``file:line:column: message`` line for each.

    Attributes:
        file: The ruleset file, if known.
        line: 1-based line of the offending node, if known.
        column: 1-based column of the offending node, if known.
        pointer: JSON Pointer of the offending node within the ruleset file.
        rule_id: The rule concerned, if any.
        problems: Every problem, the first included, each with its file, position and
            pointer (just the one above, when the error was raised for a single problem).
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
        problems: Sequence[Diagnostic] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.pointer = pointer
        self.rule_id = rule_id
        if not problems:
            from ccg_rules.located import Diagnostic

            problems = (Diagnostic("invalid-ruleset", message, pointer or "", line, column, file=file),)
        self.problems: tuple[Diagnostic, ...] = tuple(problems)

    @classmethod
    def from_diagnostics(
        cls, file: str | None, problems: Sequence[Diagnostic], rule_id: str | None = None
    ) -> RulesetError:
        """Return the error for every problem of ``problems`` (at least one), the first in front."""
        first = problems[0]
        return cls(
            first.message,
            file=first.file or file,
            line=first.line,
            column=first.column,
            pointer=first.pointer,
            rule_id=rule_id,
            problems=problems,
        )

    def _line(self, file: str | None, line: int | None, column: int | None, message: str) -> str:
        where = file or "<ruleset>"
        if line is not None:
            where += f":{line}:{column or 1}"
        rule = f" (rule {self.rule_id})" if self.rule_id else ""
        return f"{where}: {message}{rule}"

    def __str__(self) -> str:
        from ccg_rules._safe import visible

        if len(self.problems) < 2:
            return visible(self._line(self.file, self.line, self.column, self.message))
        return "\n".join(
            visible(self._line(p.file or self.file, p.line, p.column, p.message)) for p in self.problems
        )


class SelectionError(CcgRulesError, LookupError):
    """No ruleset or ruleset version fits what was asked for (unknown id, date out of range)."""


class UnknownRuleError(SelectionError):
    """A ``select`` or ``ignore`` entry names no rule, rule-id prefix or domain.

    Attributes:
        option: ``select`` or ``ignore``.
        token: The entry as given.
        suggestion: The closest known rule id, prefix or domain, if any is close.
    """

    def __init__(self, option: str, token: str, suggestion: str | None, ruleset: str) -> None:
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        super().__init__(f"{token!r} is not a rule, rule-id prefix or domain of {ruleset}{hint}")
        self.option = option
        self.token = token
        self.suggestion = suggestion


class EngineError(CcgRulesError, RuntimeError):
    """An evaluation engine failed or is unavailable."""


class DurableEngineError(EngineError):
    """The durable backend cannot evaluate a plan or a document, or durable failed."""


class ConfigError(CcgRulesError, ValueError):
    """A configuration file cannot be read, or has an unknown key or a bad value.

    Attributes:
        file: The configuration file.
        problems: ``(where, message)`` pairs; ``where`` is ``line:column`` when known,
            else the key path (``[tool.ccg-rules] fail_on``).
    """

    def __init__(self, file: str, problems: list[tuple[str, str]]) -> None:
        self.file = file
        self.problems = tuple(problems)
        super().__init__(str(self))

    @classmethod
    def from_diagnostics(cls, file: str | None, problems: Sequence[Diagnostic]) -> ConfigError:
        """Return the error for ``problems``, each placed at its ``line:column``, in file order."""
        ordered = sorted(problems, key=lambda p: (p.line or 1, p.column or 1))
        placed = [(f"{p.line or 1}:{p.column or 1}", p.message) for p in ordered]
        return cls(file or "<configuration>", placed)

    def __str__(self) -> str:
        from ccg_rules._safe import visible

        file = visible(self.file)
        return "\n".join(f"{file}:{where}: {visible(message)}" for where, message in self.problems)


class _LocatedFileError(CcgRulesError, ValueError):
    """A file with problems, each at a line and column (the shape waiver and fixture files share)."""

    _UNNAMED = "<file>"

    def __init__(self, file: str, problems: Sequence[tuple[int, int, str]]) -> None:
        self.file = file
        self.problems = tuple(problems)
        super().__init__(str(self))

    @classmethod
    def from_diagnostics(cls, file: str | None, problems: Sequence[Diagnostic]) -> Self:
        """Return the error for ``problems``, in file order."""
        return cls(file or cls._UNNAMED, sorted((p.line or 1, p.column or 1, p.message) for p in problems))


class WaiverFileError(_LocatedFileError):
    """A waiver file cannot be read or does not fit the ``ccg-waivers/1`` format.

    Attributes:
        file: The waiver file.
        problems: ``(line, column, message)`` for every problem found, in file order.
    """

    _UNNAMED = "<waivers>"

    def __str__(self) -> str:
        from ccg_rules._safe import visible

        file = visible(self.file)
        return "\n".join(f"{file}:{line}:{column}: {visible(text)}" for line, column, text in self.problems)


class FixtureError(_LocatedFileError):
    """A fixture file cannot be read, does not fit the format, or names no usable ruleset.

    Attributes:
        file: The fixture file, as named in messages.
        problems: ``(line, column, message)`` for every problem found, in file order.
    """

    _UNNAMED = "<fixture>"

    def __str__(self) -> str:
        return "\n".join(f"{self.file}:{line}:{column}: {message}" for line, column, message in self.problems)


class NotAFile(OSError):
    """The path names something other than a regular file (a device, a FIFO, a socket)."""


class StaleError(Exception):
    """The compiled file does not answer to today's YAML (or cannot be decoded)."""


class _Report(Protocol):
    """What `FindingsError` needs of a `ccg_rules.report.Report`."""

    def at_or_above(self, severity: Severity) -> tuple[Finding, ...]: ...


class FindingsError(CcgRulesError, ValueError):
    """A document has findings in force at or above the threshold (`ccg_rules.validate`).

    The message names the file, the outcome and the counts, then the first few findings,
    one a line (``file:line:col: RULE-ID message``), with anything from the document that
    does not print escaped.

    Attributes:
        report: The whole report (a `ccg_rules.report.Report`), as `ccg_rules.check` returns it.
        fail_on: The threshold: the lowest severity that counts.
        findings: The findings in force (not waived) at or above ``fail_on``, in report
            order.
    """

    def __init__(self, report: _Report, fail_on: Severity, message: str) -> None:
        self.report = report
        self.fail_on = fail_on
        self.findings = report.at_or_above(fail_on)
        super().__init__(message)

    def __reduce__(self) -> tuple[type[FindingsError], tuple[_Report, Severity, str]]:
        # Rebuilt from the report, so it survives pickling (a process pool's worker raising it).
        return type(self), (self.report, self.fail_on, str(self))


# Internal: caught inside the package and turned into the errors above.


class LanguageError(Exception):
    """A condition is malformed; ``pointer`` names the offending node in the ruleset file."""

    def __init__(self, message: str, pointer: str) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


class PatternError(ValueError):
    """The pattern is outside the portable dialect, or too large for durable-rules."""
