r"""The ``json`` format: the run's results (``ccg-rules-results/1``).

``schemas/results.schema.json`` describes it. Characters that are unsafe to show raw
(C1 controls, separators, bidirectional controls) are written as ``\uXXXX`` escapes; the
data read back is the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules._safe import json_text
from ccg_rules._version import __version__
from ccg_rules.report import Report, Results, Tool


def render_json(reports: Sequence[Report]) -> str:
    """Render every report, in order, as one JSON document."""
    results = Results(tool=Tool(version=__version__), reports=tuple(reports))
    try:
        text = results.model_dump_json(indent=2)
    except ValueError:  # a file name that is not UTF-8 holds lone surrogates: write them escaped
        import json

        text = json.dumps(results.model_dump(mode="json"), indent=2, ensure_ascii=False)
    return json_text(text) + "\n"


render = render_json
