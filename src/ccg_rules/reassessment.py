"""Re-assessment results: where the Board's recorded conditions stand against those found today.

After authorisation the Board reviewed its conditions and removed each once it was met
(SI 2012/1631 reg 8(6) and (7)); a CCG "remains authorised with conditions" until then.
Given the decisions recorded in a document (``board_decisions``) and the conditions a
check found, `ccg_rules.pipeline.assess.reassess` says which recorded conditions are now
met (a rule checks them and no longer fires), which remain, which a machine cannot check,
and which conditions are new; these are the models it answers with.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ccg_rules.findings import SupportLevel

ReviewStatus = Literal["met", "remains", "unchecked", "removed", "new"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConditionReview(_Out):
    """One condition, recorded or found, and where it stands now.

    Attributes:
        status: ``met`` (recorded, and the rules that check it no longer fire),
            ``remains`` (recorded, and still found), ``unchecked`` (recorded, but no rule
            that ran checks it: an assessor must judge it), ``removed`` (the Board removed
            it on or before the as-of date) or ``new`` (found, but not recorded).
        criterion: The Board's criterion code, when known.
        rule_ids: The rules that match it.
        level: The support level recorded (or, for a new condition, proposed).
        removed: The day the Board removed it.
    """

    status: ReviewStatus
    criterion: str | None = None
    rule_ids: tuple[str, ...] = ()
    level: SupportLevel | None = None
    removed: dt.date | None = None
    text: str | None = None


class DirectionsReview(_Out):
    """Directions the Board gave, and whether they were revoked by the as-of date."""

    covers: str
    criterion: str | None = None
    in_force: bool


class Reassessment(_Out):
    """Where the Board's recorded conditions and directions stand today.

    Attributes:
        statement: One plain sentence with the counts.
        conditions: Every recorded condition with its status, then the new ones.
        directions: Every recorded set of directions.
    """

    statement: str
    conditions: tuple[ConditionReview, ...] = ()
    directions: tuple[DirectionsReview, ...] = ()

    def of(self, status: ReviewStatus) -> tuple[ConditionReview, ...]:
        """The conditions with ``status``."""
        return tuple(c for c in self.conditions if c.status == status)
