"""The ``json`` format: the run's results (``ccg-rules-results/1``).

``schemas/results.schema.json`` describes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules import __version__
from ccg_rules.report import Report, Results, Tool


def render_json(reports: Sequence[Report]) -> str:
    """Render every report, in order, as one JSON document."""
    results = Results(tool=Tool(version=__version__), reports=tuple(reports))
    return results.model_dump_json(indent=2) + "\n"


render = render_json
