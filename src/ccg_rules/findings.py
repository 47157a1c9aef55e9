"""Findings: what a check reports about one place in one document."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Callable
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict


class RankedStrEnum(enum.StrEnum):
    """A string enum whose members are ordered by rank, not alphabetically.

    A member is still its string (``Severity.ERROR == "error"``, same hash, same JSON),
    but ``<``, ``<=``, ``>`` and ``>=`` compare ranks, so ``sorted()``, ``min()`` and
    ``max()`` follow the scale. The other side may be a member of the same enum or one of
    its values as a plain string (``Severity.ERROR > "warning"``); anything else, including
    a member of another enum, raises `TypeError` rather than comparing letters.

    The ranked vocabularies, lowest first:

    - `Severity`: ``info < warning < error``;
    - `Consequence`: ``advisory < condition < blocks``;
    - `Confidence` (of a citation): ``unconfirmed < secondary < confirmed``;
    - `ccg_rules.report.DomainStatus`: ``met < met_with_conditions < not_met``;
    - `ccg_rules.report.RiskRating`: ``green < amber < red``.

    `ccg_rules.Outcome` is not a scale (see `UnorderedStrEnum`).

    Examples:
        >>> Severity.ERROR > Severity.WARNING
        True
        >>> sorted([Severity.ERROR, Severity.INFO, Severity.WARNING])
        [<Severity.INFO: 'info'>, <Severity.WARNING: 'warning'>, <Severity.ERROR: 'error'>]
    """

    @property
    def rank(self) -> int:
        """The member's place on its scale: 0 for the lowest."""
        return _RANKS[type(self)][self.value]

    def _rank_of(self, other: object, op: str) -> int:
        cls = type(self)
        if isinstance(other, cls):
            return other.rank
        if isinstance(other, str) and not isinstance(other, enum.Enum) and other in _RANKS[cls]:
            return _RANKS[cls][other]
        shown = repr(other) if len(repr(other)) <= 40 else repr(other)[:39] + "…"
        allowed = ", ".join(repr(v) for v in _RANKS[cls])
        raise TypeError(f"{op!r} is not supported between {cls.__name__} and {shown} (allowed: {allowed})")

    def __lt__(self, other: object) -> bool:
        return self.rank < self._rank_of(other, "<")

    def __le__(self, other: object) -> bool:
        return self.rank <= self._rank_of(other, "<=")

    def __gt__(self, other: object) -> bool:
        return self.rank > self._rank_of(other, ">")

    def __ge__(self, other: object) -> bool:
        return self.rank >= self._rank_of(other, ">=")


_RANKS: dict[type[RankedStrEnum], dict[str, int]] = {}
_E = TypeVar("_E", bound=RankedStrEnum)


def ranked(*lowest_first: str) -> Callable[[type[_E]], type[_E]]:
    """Give a `RankedStrEnum` its scale: its values, lowest first.

    The order members are defined in is kept (it is the order of iteration and of the
    JSON Schemas' ``enum`` lists); only comparisons use the scale.
    """

    def apply(cls: type[_E]) -> type[_E]:
        values = [m.value for m in cls]
        if sorted(values) != sorted(lowest_first):
            raise TypeError(f"the scale of {cls.__name__} must name each of its values once")
        _RANKS[cls] = {value: rank for rank, value in enumerate(lowest_first)}
        return cls

    return apply


class UnorderedStrEnum(enum.StrEnum):
    """A string enum with no order: ``<``, ``<=``, ``>`` and ``>=`` raise `TypeError`.

    For a vocabulary that is not a scale, where comparing letters would give a
    plausible-looking but meaningless answer. Equality and hashing are those of the string.
    """

    def _no_order(self, op: str) -> TypeError:
        return TypeError(f"{type(self).__name__} values have no order ({op!r}); compare them with == instead")

    def __lt__(self, other: object) -> bool:
        raise self._no_order("<")

    def __le__(self, other: object) -> bool:
        raise self._no_order("<=")

    def __gt__(self, other: object) -> bool:
        raise self._no_order(">")

    def __ge__(self, other: object) -> bool:
        raise self._no_order(">=")


@ranked("info", "warning", "error")
class Severity(RankedStrEnum):
    """How serious a finding is, for linters and exit codes."""

    # The docstrings of these enums are the descriptions in the published JSON Schemas;
    # their scales are given by `ranked` and documented in `RankedStrEnum`.

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SeverityName = Literal["error", "warning", "info"]
"""A `Severity` by its value, where a plain string is accepted (``fail_on="warning"``)."""


@ranked("advisory", "condition", "directions")
class Consequence(RankedStrEnum):
    """What an unmet rule means for authorisation.

    The NHS Commissioning Board could grant an application even where it was not
    satisfied, imposing conditions and giving directions (SI 2012/1631 reg 8(2)-(5)), and
    every one of the 211 applicants was authorised in 2012-13; so no shortfall blocks
    authorisation outright.
    """

    CONDITION = "condition"
    """The CCG is authorised with a condition to put this right (reg 8(3)), with support
    at level I to III."""
    DIRECTIONS = "directions"
    """The shortfall is grave enough that the Board would back the condition with legal
    directions (reg 8(5)) and level IV support (a team or person put in)."""
    ADVISORY = "advisory"
    """Advice only; no effect on the outcome."""


@ranked("I", "II", "III", "IV")
class SupportLevel(RankedStrEnum):
    """The support the Board attached to a condition, from the lightest to the heaviest.

    The levels as reported of the 2012-13 waves (HSJ, December 2012 and January 2013);
    level II is inferred from the Board's "advice or expertise".
    """

    I = "I"  # noqa: E741
    """A model document or toolkit."""
    II = "II"
    """Advice or expertise from the Board."""
    III = "III"
    """The Board signs off or approves the CCG's decisions."""
    IV = "IV"
    """A team or individual put in by the Board or a neighbouring CCG, underpinned by
    legal directions."""


@ranked("unconfirmed", "secondary", "confirmed")
class Confidence(RankedStrEnum):
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


ShortfallKind = Literal["constitution", "standing"]
"""What a rule or finding is about: ``constitution``, what the law requires the constitution
to say (the contents Schedule 1A to the NHS Act 2006 requires and the governing body the 2012
regulations require it to provide for); or ``standing``, how the CCG stands today (a seat
provided for but vacant, a register not yet published, a practice not signed up)."""


class Criterion(_Out):
    """The authorisation criterion a rule bears on.

    Attributes:
        code: The Board's criterion code (``1.3B``; the first digit is the domain), when
            the public record gives one.
        text: The criterion in words.
        basis: ``board`` when the code and text are the Board's, as reported in its
            published outcomes; ``ours`` when no code is on record and this is the
            nearest criterion we could name in the rule's domain.
        source: Where the Board's code and text were found.
        confidence: How sure the mapping of the rule to this criterion is, in the
            citations' vocabulary: ``confirmed``, checked against the Board's own list of
            criteria (its guide for applicants), and the rule tests what the criterion
            says; ``secondary``, the criterion's code or wording as a reliable report of the
            Board's decisions gives it, and the rule tests what that wording says;
            ``unconfirmed``, the nearest criterion we could name, or a reported one the rule
            bears on only in part.
    """

    code: str | None = None
    text: str
    basis: Literal["board", "ours"]
    source: str | None = None
    confidence: Confidence = Confidence.UNCONFIRMED


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
    kind: ShortfallKind | None = None
    """``constitution`` or ``standing`` (see `ShortfallKind`); ``None`` for a document or
    waiver problem, which is neither."""
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
