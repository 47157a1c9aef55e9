"""Exceptions: things that stop a check (a finding is never an exception)."""

from __future__ import annotations


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
        return f"{where}: {self.message}{rule}"


class SelectionError(CcgRulesError, LookupError):
    """No ruleset or ruleset version fits what was asked for (unknown id, date out of range)."""


class EngineError(CcgRulesError, RuntimeError):
    """An evaluation engine failed or is unavailable."""
