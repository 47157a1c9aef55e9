"""The ``oscal-poam`` format: the conditions and waivers as an OSCAL POA&M (see `ccg_rules.oscal`)."""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules.oscal._base import dumps
from ccg_rules.oscal.poam import poam
from ccg_rules.report import Report


def render_oscal_poam(reports: Sequence[Report]) -> str:
    """Render ``reports`` as one OSCAL plan-of-action-and-milestones document (JSON)."""
    return dumps("plan-of-action-and-milestones", poam(reports))


render = render_oscal_poam
