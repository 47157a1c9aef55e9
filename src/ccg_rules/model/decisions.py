"""The Board's recorded decisions on a CCG: conditions imposed, directions given, conditions removed.

An assessor records them in the document (``board_decisions``) so that a re-assessment can
say which conditions are now met, which remain and which are new (SI 2012/1631 reg 8(6)
and (7): the Board keeps its conditions and directions under review, and varies or
removes them).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ccg_rules.model.types import Choice, Day, Id, Text
from ccg_rules.model.types import DocumentModel as _Model

Level = Annotated[Literal["I", "II", "III", "IV"], Choice]
CriterionCode = Annotated[str, Field(pattern=r"^[1-6](?:\.[0-9]+)+[A-Z]$")]


class RecordedCondition(_Model):
    """A condition the Board imposed on the CCG's authorisation."""

    criterion: CriterionCode | None = None
    """The Board's criterion code, e.g. ``1.3B``."""
    rule: Id | None = None
    """The rule of this tool that checks the same shortfall, when the assessor knows it."""
    level: Level
    """The level of support that came with it, ``I`` to ``IV``."""
    imposed: Day | None = None
    """The day the Board imposed it."""
    removed: Day | None = None
    """The day the Board removed it, once met."""
    text: Text | None = None
    """The condition in the Board's words."""


class RecordedDirection(_Model):
    """Legal directions the Board gave the CCG (reg 8(5))."""

    covers: Text
    """What the directions cover, e.g. ``the acute hospital contract``."""
    criterion: CriterionCode | None = None
    """The criterion they back, when one is recorded."""
    given: Day | None = None
    """The day they were given."""
    revoked: Day | None = None
    """The day they were revoked."""


class BoardDecisions(_Model):
    """What the Board decided on the CCG's application, and later on review."""

    decided: Day | None = None
    """The day of the authorisation decision."""
    conditions: list[RecordedCondition] = []
    """The conditions imposed, removed ones included (with ``removed`` set)."""
    directions: list[RecordedDirection] = []
    """The directions given."""
