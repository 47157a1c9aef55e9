"""The ``oscal`` format: OSCAL assessment results, one result per document (see `ccg_rules.oscal`)."""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules.oscal._base import dumps
from ccg_rules.oscal.results import assessment_results
from ccg_rules.report import Report


def render_oscal(reports: Sequence[Report]) -> str:
    """Render ``reports`` as one OSCAL assessment-results document (JSON)."""
    return dumps("assessment-results", assessment_results(reports))


render = render_oscal
