"""One bundled ruleset version: its id, version, file, the document kind it judges and when it is in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ccg_rules.model.kinds import DEFAULT_FORMAT


@dataclass(frozen=True, slots=True)
class RulesetVersion:
    """A bundled ruleset version and the period it is in force.

    Attributes:
        id: The ruleset id.
        version: The version.
        title: Its title.
        effective_from: First day in force.
        effective_to: Last day in force (``None``: open-ended).
    """

    id: str
    version: str
    title: str
    effective_from: dt.date
    effective_to: dt.date | None
    end_reason: str | None
    path: Path
    label: str
    document: str = DEFAULT_FORMAT
    """The document format the ruleset judges."""
    replaces: str | None = None
    """The ruleset this one succeeds, if any."""

    @property
    def ref(self) -> str:
        """``id@version``."""
        return f"{self.id}@{self.version}"

    def in_force(self, day: dt.date) -> bool:
        """Whether this version is in force on ``day``."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)
