"""What a ruleset version file may say: the pydantic models of its format."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ccg_rules.findings import (
    Confidence,
    Consequence,
    Severity,
    ShortfallKind,
    SupportLevel,
)
from ccg_rules.model.types import Day, Id, Text

RULE_ID = r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$"
VERSION = r"^[0-9A-Za-z][0-9A-Za-z.-]*$"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CitationSpec(_Spec):
    """A citation as written in a ruleset file."""

    instrument: Text
    provision: Text
    url: Text | None = None
    confidence: Confidence
    note: Text | None = None


class DomainSpec(_Spec):
    """An authorisation domain."""

    id: Id
    number: int | None = None
    title: Text
    description: Text | None = None


class ParameterSpec(_Spec):
    """A named value rules can use with ``{param: name}``."""

    value: Any
    description: Text
    source: Text | None = None
    """Where the value comes from: a document and, where it has one, its address."""


class CriterionSpec(_Spec):
    """The Board's authorisation criterion a rule bears on, as written in a ruleset file."""

    code: Annotated[str, Field(pattern=r"^[1-6](?:\.[0-9]+)+[A-Z]$")] | None = None
    """The Board's code, e.g. ``1.3B`` (the first digit is the domain)."""
    text: Text
    basis: Literal["board", "ours"]
    """``board``: the code and text are on record; ``ours``: our nearest criterion."""
    source: Text | None = None
    """Where the code and text were found (a URL)."""
    confidence: Confidence
    """How sure the mapping is (see `ccg_rules.findings.Criterion`)."""


class RuleSpec(_Spec):
    """A rule as written in a ruleset file."""

    id: Annotated[str, Field(pattern=RULE_ID)]
    title: Text
    domain: Id
    severity: Severity
    consequence: Consequence
    support_level: SupportLevel | None = None
    """The support the Board would attach to the condition: I to III for ``condition``
    (default II), IV for ``directions`` (the default there); none for ``advisory``."""
    criterion: CriterionSpec | None = None
    """The Board's criterion the rule bears on (default: the rule's own requirement, marked
    as ours)."""
    kind: ShortfallKind = "constitution"
    """``constitution`` (what the law requires the constitution to say) or ``standing`` (how
    the CCG stands today)."""
    citation: CitationSpec
    see_also: list[CitationSpec] = []
    rationale: Text
    message: Text
    remediation: Text
    expected: Text | None = None
    actual: Text | None = None
    tags: list[Id] = []
    implements: list[Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9+]+)+$")]] = []
    """Catalogue items this rule encodes (default: the rule id itself)."""
    condition: dict[str, Any]


class RemovalSpec(_Spec):
    """An inherited rule that no longer applies."""

    id: Annotated[str, Field(pattern=RULE_ID)]
    reason: Text


class RulesetFile(_Spec):
    """One version file of a ruleset."""

    ruleset: Id
    version: Annotated[str, Field(pattern=VERSION)]
    title: Text
    description: Text | None = None
    effective_from: Day
    effective_to: Day | None = None
    end_reason: Text | None = None
    extends: Annotated[str, Field(pattern=VERSION)] | None = None
    document: Text | None = None
    """The document format the ruleset judges (default: the CCG format); inherited."""
    authorisation: bool | None = None
    """Whether findings roll up into the 2013 authorisation outcome (default true); inherited.
    False for bodies that were never authorised that way: their reports give no outcome."""
    replaces: Id | None = None
    """The ruleset this one succeeds (a body that replaced another's), for date refusals."""
    domains: list[DomainSpec] = []
    parameters: dict[str, ParameterSpec] = {}
    rules: list[RuleSpec] = []
    change: list[dict[str, Any]] = []
    remove: list[RemovalSpec] = []
