r"""The ``json-lines`` format: one report per line, each written as soon as it is made.

Each line is one compact JSON object that ``schemas/report.schema.json`` describes, the
same report the ``json`` format lists under ``reports`` (``jq -s .`` reads the lines back
as that list). Nothing else is written: no header and no summary, so a reader needs no
state and a run of any size needs the memory of one report. As in ``json``, characters
that are unsafe to show raw (C1 controls, separators, bidirectional controls) are written
as ``\uXXXX`` escapes, so no line break from a document can split a line.
"""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules._safe import json_text
from ccg_rules.report import Report


def render_line(report: Report) -> str:
    """One report as one line of JSON, ending with a line feed."""
    try:
        text = report.model_dump_json()
    except ValueError:  # a file name that is not UTF-8 holds lone surrogates: write them escaped
        import json

        text = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
    return json_text(text) + "\n"


def render_json_lines(reports: Sequence[Report]) -> str:
    """Render every report, in order, one per line (nothing at all for no report)."""
    return "".join(render_line(report) for report in reports)


render = render_json_lines
