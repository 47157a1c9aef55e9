"""One authorisation domain of a report: its status, its findings by consequence, the criteria it checks."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ccg_rules.findings import Criterion, RankedStrEnum, ranked


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@ranked("met", "met_with_conditions", "not_met")
class DomainStatus(RankedStrEnum):
    """How an authorisation domain stands."""

    MET = "met"
    MET_WITH_CONDITIONS = "met_with_conditions"
    NOT_MET = "not_met"

    @property
    def rag(self) -> str:
        """``green``, ``amber`` or ``red``."""
        return {"met": "green", "met_with_conditions": "amber", "not_met": "red"}[self.value]


class DomainResult(_Out):
    """One authorisation domain's status, from the findings of its rules."""

    id: str
    number: int | None = None
    title: str
    status: DomainStatus
    directions: int = 0
    """Findings that would attach a condition backed by directions (level IV)."""
    conditions: int = 0
    """Findings that would attach a condition (levels I to III)."""
    advisory: int = 0
    criteria_checked: tuple[Criterion, ...] = ()
    """The distinct criteria of this domain that the rules which ran bear on, each once: the
    Board's by its code (whose first digit is the domain), then our nearest ones (placed by
    their rule's domain). Empty for a ruleset that gives no outcome."""
    criteria_in_domain: int | None = None
    """How many of the Board's 119 criteria the domain holds; ``None`` because the per-domain
    split is not on record (the public reports give the total and codes, not the split)."""
    criteria_unchecked: int | None = None
    """How many of the domain's Board criteria no rule checks; ``None`` while
    ``criteria_in_domain`` is not known."""
