"""The report of one check: findings plus everything needed to trust and reproduce them."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from ccg_rules._vocab import OUTCOME_WORDS
from ccg_rules.findings import (
    Citation,
    Consequence,
    Criterion,
    Finding,
    RankedStrEnum,
    Severity,
    SeverityName,
    ShortfallKind,
    SupportLevel,
    UnorderedStrEnum,
    ranked,
)
from ccg_rules.reassessment import Reassessment
from ccg_rules.report_domains import DomainResult as DomainResult
from ccg_rules.report_domains import DomainStatus as DomainStatus

REPORT_FORMAT = "ccg-rules-report/1"
RESULTS_FORMAT = "ccg-rules-results/1"


class Outcome(UnorderedStrEnum):
    """The authorisation outcome the findings point to."""

    # Not a scale: ``not_assessed`` is not a point on that of the other three, so the
    # values compare with ``==`` only (see `UnorderedStrEnum`).

    AUTHORISED = "authorised"
    """Fully authorised: no condition (the Board's "fully authorised")."""
    AUTHORISED_WITH_CONDITIONS = "authorised_with_conditions"
    """Authorised, with a condition for each unmet criterion (SI 2012/1631 reg 8(3))."""
    AUTHORISED_WITH_CONDITIONS_AND_DIRECTIONS = "authorised_with_conditions_and_directions"
    """Authorised with conditions, some backed by legal directions and level IV support
    (reg 8(5)); the record speaks of CCGs with "legal directions as well as conditions"."""
    ESTABLISHED_NOT_AUTHORISED = "established_not_authorised"
    """Established but not authorised: the CCG exists in shadow form and others exercise
    its functions (reg 8(5)(a) and (8)). The Board never used it in 2012-13 and the law
    lets it grant despite any shortfall (reg 8(2)), so no check proposes it."""
    NOT_ASSESSED = "not_assessed"
    """The document could not be read or does not fit the schema, so no rule ran; or the
    ruleset gives no outcome (its ``authorisation`` is false), and the findings are the result."""

    @property
    def words(self) -> str:
        """The outcome in the Board's words, e.g. ``established but not authorised``."""
        return OUTCOME_WORDS[self.value]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tool(_Out):
    """The program that made the report."""

    name: str = "ccg-rules"
    version: str


class DocumentInfo(_Out):
    """The document checked."""

    file: str | None = None
    digest: str
    """``sha256:`` and the hex digest of the document's bytes."""
    name: str | None = None
    as_of: dt.date | None = None
    as_of_source: str | None = None
    """``document`` (its own ``as_of``) or ``override`` (given by the caller)."""
    format: str | None = None
    """The document's format (its ``format`` key, which names its kind), when it could be read."""
    population: int | None = None
    """The registered population the document states, if it states one."""


class RulesetInfo(_Out):
    """The ruleset version used, and why."""

    id: str
    version: str
    digest: str
    """``sha256:`` and the hex digest of the resolved ruleset's canonical JSON."""
    effective_from: dt.date
    effective_to: dt.date | None = None
    selected_because: str


class Counts(_Out):
    """How many findings of each severity.

    Attributes:
        error: Findings in force (not waived) at ``error`` severity.
        warning: Findings in force at ``warning`` severity.
        info: Findings in force at ``info`` severity.
        waived: Findings accepted by a waiver, whatever their severity.
        total: Every finding in the report, waived ones included.
    """

    error: int = 0
    warning: int = 0
    info: int = 0
    waived: int = 0
    total: int = 0

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Counts:
        """Count ``findings``: those in force by severity, and those waived."""
        tally = {s: 0 for s in Severity}
        waived = 0
        for finding in findings:
            if finding.waived is None:
                tally[finding.severity] += 1
            else:
                waived += 1
        return cls(
            error=tally[Severity.ERROR],
            warning=tally[Severity.WARNING],
            info=tally[Severity.INFO],
            waived=waived,
            total=sum(tally.values()) + waived,
        )


class AuthorisationCondition(_Out):
    """A condition an assessor would set: one per unmet criterion (rule).

    Attributes:
        rule_id: The rule not met.
        consequence: ``condition`` (authorisation with a condition to put it right) or
            ``directions`` (a condition the Board would back with legal directions).
        support_level: The support proposed with it, ``I`` to ``IV``.
        criterion: The Board's criterion it bears on (code and text where the record
            gives one), or our nearest one, marked ``ours``.
        text: What the CCG must do (the rule's remediation).
        pointers: Where in the document the criterion fails.
    """

    rule_id: str
    domain: str | None = None
    title: str
    consequence: Consequence
    kind: ShortfallKind | None = None
    """``constitution`` or ``standing``: whether the constitution must change or only how
    the CCG stands today."""
    support_level: SupportLevel | None = None
    criterion: Criterion | None = None
    text: str
    citation: Citation | None = None
    pointers: tuple[str, ...] = ()
    lines: tuple[int, ...] = ()


@ranked("green", "amber", "red")
class RiskRating(RankedStrEnum):
    """A configuration risk rating."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class ConfigurationRisk(_Out):
    """The configuration risk rating and the findings behind it."""

    rating: RiskRating
    reasons: tuple[str, ...] = ()


class Scope(_Out):
    """What the outcome covers: the machine-checkable rules only, never the whole assessment.

    Attributes:
        statement: One plain sentence saying so, for a reader.
        rules_checked: How many rules ran (after any selection); 0 when none could.
        board_criteria: How many criteria the NHS Commissioning Board assessed CCGs
            against (119 in the 2012-13 authorisation); 0 for a ruleset that gives no outcome.
    """

    statement: str
    rules_checked: int
    board_criteria: int
    criteria_checked: int = 0
    """How many distinct criteria the rules that ran bear on, the Board's and our nearest ones."""
    board_codes_checked: tuple[str, ...] = ()
    """The Board's criterion codes among them, e.g. ``1.3B``."""


class WaiversInfo(_Out):
    """The waiver file applied to a check."""

    file: str
    digest: str
    """``sha256:`` and the hex digest of the file's bytes."""
    entries: int
    """How many waivers the file holds."""


class SelectionInfo(_Out):
    """Which rules the caller chose to run (``select``) or leave out (``ignore``)."""

    select: tuple[str, ...] = ()
    """Rule ids, id prefixes or domain ids; empty means every rule."""
    ignore: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    """The ids of the rules that ran."""


class RuleDescriptor(_Out):
    """A rule, document check (``DOC-*``) or waiver check (``WAIVER-*``) a report used.

    The report carries these so that every output format can describe its rules from the
    report alone, exactly as the ruleset version that judged the document wrote them.

    Attributes:
        id: The rule id.
        ruleset: ``id@version`` of the ruleset version the rule comes from; ``None`` for a
            document or waiver check.
        title: The requirement, in one line.
        rationale: Why the rule exists.
        remediation: What to do when it fails.
        severity: Its severity.
        consequence: What it means for authorisation.
        support_level: The support the Board would attach to its condition, if any.
        criterion: The Board's criterion it bears on, if it is a rule.
        domain: The authorisation domain it belongs to, if any.
        citation: The source it enforces, if any.
        help_uri: An ``http`` or ``https`` page about the rule: its citation when that is a
            web page, otherwise its page in the documentation; ``None`` when there is none.
    """

    id: str
    ruleset: str | None = None
    title: str
    rationale: str
    remediation: str | None = None
    severity: Severity
    consequence: Consequence
    kind: ShortfallKind | None = None
    """``constitution`` or ``standing`` for a rule; ``None`` for a document or waiver check."""
    support_level: SupportLevel | None = None
    criterion: Criterion | None = None
    domain: str | None = None
    citation: Citation | None = None
    help_uri: str | None = None


class Report(_Out):
    """Everything one check of one document found.

    Attributes:
        format: ``ccg-rules-report/1``.
        valid: Whether the document could be read and fits the document schema. When
            it is not valid, ``findings`` holds the document problems and no rule ran.
        outcome: The authorisation outcome derived from the consequences of the
            findings in force (waived findings do not count).
        findings: Every finding, waived ones included (their ``waived`` is set). Problems
            with the waivers themselves (``WAIVER-*``) come last and are located in the
            waiver file.
    """

    format: str = REPORT_FORMAT
    tool: Tool
    generated_on: dt.date | None = None
    """The day the report was made (see `ccg_rules.check`'s ``generated_on``)."""
    document: DocumentInfo
    ruleset: RulesetInfo | None = None
    engine: str
    valid: bool
    outcome: Outcome
    counts: Counts
    domains: tuple[DomainResult, ...] = ()
    """Each authorisation domain of the ruleset, with its status."""
    conditions: tuple[AuthorisationCondition, ...] = ()
    """One per unmet criterion, in domain order."""
    configuration_risk: ConfigurationRisk | None = None
    scope: Scope | None = None
    """What the outcome covers: only the rules a machine can check."""
    reassessment: Reassessment | None = None
    """Where the Board's recorded conditions stand, when the document records them
    (``board_decisions``)."""
    selection: SelectionInfo | None = None
    """The rule selection, when the caller narrowed the rules; ``None`` means all ran."""
    waivers: WaiversInfo | None = None
    """The waiver file applied, if any."""
    findings: tuple[Finding, ...] = ()
    rules: tuple[RuleDescriptor, ...] = ()
    """Every rule of the ruleset version (selected or not), then the waiver checks when a
    waiver file was applied, then any other check a finding names (``DOC-*``)."""

    def at_or_above(self, severity: Severity | SeverityName) -> tuple[Finding, ...]:
        """Return the findings in force (not waived) at ``severity`` or more serious.

        Args:
            severity: A `Severity`, or its name: ``"error"``, ``"warning"`` or ``"info"``.

        Raises:
            ValueError: ``severity`` is not a severity.
        """
        threshold = Severity(severity)
        return tuple(f for f in self.findings if f.waived is None and f.severity >= threshold)

    @property
    def in_force(self) -> tuple[Finding, ...]:
        """The findings that count: every finding not waived."""
        return tuple(f for f in self.findings if f.waived is None)

    @property
    def waived(self) -> tuple[Finding, ...]:
        """The findings accepted by a waiver."""
        return tuple(f for f in self.findings if f.waived is not None)


class Results(_Out):
    """The reports of one run over several documents (the CLI's JSON output)."""

    format: str = RESULTS_FORMAT
    tool: Tool
    reports: tuple[Report, ...]


def outcome_of(findings: Iterable[Finding]) -> Outcome:
    """Derive the authorisation outcome from the consequences of ``findings`` in force.

    Any shortfall backed by directions gives authorised with conditions and directions;
    any other condition, authorised with conditions; none, authorised.
    """
    consequences = {f.consequence for f in findings if f.waived is None}
    if Consequence.DIRECTIONS in consequences:
        return Outcome.AUTHORISED_WITH_CONDITIONS_AND_DIRECTIONS
    if Consequence.CONDITION in consequences:
        return Outcome.AUTHORISED_WITH_CONDITIONS
    return Outcome.AUTHORISED


def generation_date(given: dt.date | None = None) -> dt.date:
    """Return the day to stamp on a report: ``given``, else ``SOURCE_DATE_EPOCH``'s, else today.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC; see reproducible-builds.org) makes
    output reproducible byte for byte on any day.

    Raises:
        CcgRulesError: ``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds.
    """
    if given is not None:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            from ccg_rules.errors import CcgRulesError

            raise CcgRulesError(
                f"SOURCE_DATE_EPOCH is {epoch[:40]!r}: it must be a whole number of seconds since 1970"
            ) from None
    return dt.datetime.now(dt.UTC).date()
