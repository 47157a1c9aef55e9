"""Words and orders the report models and the fast path share, as plain values.

`ccg_rules.report.Outcome.words` and `ccg_rules.findings.Severity` are the models of
record; a check path that must not import pydantic reads these instead, and
`tests/test_plain_path.py` holds the two to the same answers.
"""

from __future__ import annotations

OUTCOME_WORDS = {
    "authorised": "authorised",
    "authorised_with_conditions": "authorised with conditions",
    "authorised_with_conditions_and_directions": "authorised with conditions and directions",
    "established_not_authorised": "established but not authorised",
    "not_assessed": "not assessed",
}
"""Each outcome in the Board's words."""

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
"""The severities, least serious first."""
