"""Findings: what a check reports about one place in one document."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib

from pydantic import BaseModel, ConfigDict


class Severity(enum.StrEnum):
    """How serious a finding is, for linters and exit codes."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


class Consequence(enum.StrEnum):
    """What an unmet rule means for authorisation."""

    BLOCKS = "blocks"
    """The CCG cannot be authorised while this stands (a statutory requirement)."""
    CONDITION = "condition"
    """The CCG may be authorised, with a condition to put this right."""
    ADVISORY = "advisory"
    """Advice only; no effect on the outcome."""


class Confidence(enum.StrEnum):
    """How sure the citation is."""

    CONFIRMED = "confirmed"
    """Checked against the primary text (legislation or the guidance itself)."""
    SECONDARY = "secondary"
    """Rests on a reliable secondary source (a law firm's briefing, a CCG's published text)."""
    UNCONFIRMED = "unconfirmed"
    """The provision is believed to exist but its wording could not be verified."""


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Out):
    """The source a rule enforces."""

    instrument: str
    """The instrument or document, e.g. ``SI 2012/1631``."""
    provision: str
    """The provision within it, e.g. ``reg 11(1)``."""
    url: str | None = None
    confidence: Confidence = Confidence.CONFIRMED
    note: str | None = None
    """What is uncertain, or where the wording was checked."""


class Location(_Out):
    """Where a finding points: a file position, 1-based."""

    file: str | None = None
    line: int
    column: int


class Evidence(_Out):
    """What the rule expected and what the document has."""

    expected: str | None = None
    actual: str | None = None


class Waiver(_Out):
    """An approved, time-limited decision to accept one finding (one entry of a waiver file).

    Attributes:
        rule: The rule whose finding is accepted.
        target: The exact JSON Pointer the finding concerns.
        justification: Why the finding is accepted.
        approved_by: Who approved the waiver (a person, role or body).
        approved_on: When it was approved.
        expires: The last day it applies: it waives findings of checks as of this date
            or earlier.
        reference: A decision reference, e.g. a board minute or ticket.
        location: Where the entry is in the waiver file.
    """

    rule: str
    target: str
    justification: str
    approved_by: str
    approved_on: dt.date
    expires: dt.date
    reference: str | None = None
    location: Location


class Finding(_Out):
    """One rule unmet at one place in a document.

    Attributes:
        rule_id: The stable id of the rule (``REG-11-01``) or of a document problem
            (``DOC-DUPLICATE-KEY``).
        severity: ``error``, ``warning`` or ``info``.
        consequence: What it means for authorisation.
        domain: The authorisation domain the rule belongs to, if any.
        title: The rule's title: the requirement, in one line.
        message: What is wrong here, in one sentence.
        pointer: RFC 6901 JSON Pointer of the element concerned.
        location: File, line and column; for a missing element, those of the
            nearest element that exists (see ``located_pointer``).
        located_pointer: The pointer whose position ``location`` gives.
        citation: The source the rule enforces.
        remediation: What to do about it.
        evidence: Expected and actual values.
        fingerprint: A stable id of this finding: the same rule failing on the same
            element gives the same fingerprint even when lines move.
        waived: The waiver that accepts this finding, if one does. A waived finding
            stays in the report but counts toward neither the outcome nor the exit code.
    """

    rule_id: str
    severity: Severity
    consequence: Consequence
    domain: str | None = None
    title: str
    message: str
    pointer: str
    location: Location
    located_pointer: str
    citation: Citation | None = None
    remediation: str | None = None
    evidence: Evidence | None = None
    fingerprint: str
    waived: Waiver | None = None

    @property
    def in_force(self) -> bool:
        """Whether the finding counts (it is not waived)."""
        return self.waived is None


def fingerprint(rule_id: str, stable_pointer: str) -> str:
    """Return a short stable hash for a rule failing at an element.

    Args:
        rule_id: The rule's id.
        stable_pointer: The element's pointer with list indexes replaced by the
            elements' natural keys where they have one (see ``ccg_rules.facts``).

    Returns:
        16 hex characters.
    """
    digest = hashlib.sha256(f"{rule_id}\x00{stable_pointer}".encode()).hexdigest()
    return digest[:16]


def sort_key(finding: Finding) -> tuple[object, ...]:
    """Order findings by file position, then rule id, then pointer."""
    loc = finding.location
    return (loc.file or "", loc.line, loc.column, finding.rule_id, finding.pointer)
