"""Re-assessment: compare the Board's recorded conditions with the conditions found today.

After authorisation the Board reviewed its conditions and removed each once it was met
(SI 2012/1631 reg 8(6) and (7)); a CCG "remains authorised with conditions" until then.
Given the decisions recorded in a document (``board_decisions``) and the conditions a check
found, `reassess` says which recorded conditions are now met (a rule checks them and no
longer fires), which remain, which a machine cannot check, and which conditions are new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from ccg_rules.findings import SupportLevel

if TYPE_CHECKING:
    from ccg_rules.model.decisions import BoardDecisions, RecordedCondition
    from ccg_rules.report import AuthorisationCondition

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


def _matches(recorded: RecordedCondition, found: AuthorisationCondition) -> bool:
    if recorded.rule is not None:
        return recorded.rule == found.rule_id
    crit = found.criterion
    return crit is not None and crit.basis == "board" and crit.code == recorded.criterion


def reassess(
    decisions: BoardDecisions,
    found: Sequence[AuthorisationCondition],
    checked: Mapping[str, str | None],
    as_of: dt.date,
) -> Reassessment:
    """Compare ``decisions`` with the conditions ``found`` on ``as_of``.

    Args:
        decisions: The Board's decisions recorded in the document.
        found: The conditions the check found.
        checked: The rules that ran, each with the Board's criterion code it bears on
            (``None`` when it has none).
        as_of: The day the document speaks for; a removal or revocation after it has
            not happened yet.
    """
    out: list[ConditionReview] = []
    claimed: set[str] = set()
    for rec in decisions.conditions:
        level = SupportLevel(rec.level)
        if rec.removed is not None and rec.removed <= as_of:
            out.append(
                ConditionReview(
                    status="removed", criterion=rec.criterion, level=level, removed=rec.removed, text=rec.text
                )
            )
            continue
        hits = tuple(f.rule_id for f in found if _matches(rec, f))
        claimed.update(hits)
        if hits:
            status: ReviewStatus = "remains"
            rules = hits
        elif rec.rule is not None:
            rules = (rec.rule,) if rec.rule in checked else ()
            status = "met" if rules else "unchecked"
        else:
            rules = tuple(
                sorted(r for r, code in checked.items() if code is not None and code == rec.criterion)
            )
            status = "met" if rules else "unchecked"
        out.append(
            ConditionReview(
                status=status, criterion=rec.criterion, rule_ids=rules, level=level, text=rec.text
            )
        )
    for f in found:
        if f.rule_id not in claimed:
            code = f.criterion.code if f.criterion is not None and f.criterion.basis == "board" else None
            out.append(
                ConditionReview(
                    status="new", criterion=code, rule_ids=(f.rule_id,), level=f.support_level, text=f.text
                )
            )
    directions = tuple(
        DirectionsReview(
            covers=d.covers, criterion=d.criterion, in_force=d.revoked is None or d.revoked > as_of
        )
        for d in decisions.directions
    )
    counts = {s: sum(c.status == s for c in out) for s in ("met", "remains", "unchecked", "removed", "new")}
    recorded = len(decisions.conditions)
    statement = (
        f"Of the {recorded} conditions the Board recorded, {counts['removed']} were removed, "
        f"{counts['met']} are now met by every rule that checks them, {counts['remains']} remain "
        f"and {counts['unchecked']} need an assessor's judgement; {counts['new']} conditions are new."
    )
    return Reassessment(statement=statement, conditions=tuple(out), directions=directions)
