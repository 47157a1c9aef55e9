"""Both engines agree on generated ICB documents, and the documents exercise every ICB rule.

The ICB counterpart of test_differential.py: documents from ``icbgen`` dated on the
boundary days of each icb-constitution version go through both engines, and the reports,
as JSON, must be equal apart from the engine's name.
"""

from __future__ import annotations

import collections
import datetime as dt

import pytest

from ccg_rules import available_rulesets, check_text, load_ruleset
from icbgen import document_bytes

FAMILY = "icb-constitution"
VERSIONS = [v for v in available_rulesets() if v.id == FAMILY]
DAYS = [
    dt.date(2022, 7, 1),
    dt.date(2022, 7, 2),
    dt.date(2024, 1, 31),
    dt.date(2024, 2, 1),
    dt.date(2026, 12, 1),
]
DOCUMENTS = 60


def _json(data: bytes, engine: str) -> tuple[str, str, frozenset[str]]:
    report = check_text(data, engine=engine, filename="generated.yaml")  # type: ignore[arg-type]
    assert report.valid, [f.message for f in report.findings]
    assert report.ruleset is not None
    fired = frozenset(f.rule_id for f in report.findings)
    return report.ruleset.version, report.model_copy(update={"engine": "-"}).model_dump_json(), fired


@pytest.mark.requires_durable
def test_engines_agree_on_generated_icb_documents_and_every_rule_fires_and_passes() -> None:
    fired: dict[str, collections.Counter[str]] = {v.version: collections.Counter() for v in VERSIONS}
    judged: collections.Counter[str] = collections.Counter()
    for seed in range(DOCUMENTS):
        day = DAYS[seed % len(DAYS)]
        data = document_bytes(seed, day)
        version, python, rules = _json(data, "python")
        _, durable, _ = _json(data, "durable")
        assert python == durable, f"engines disagree on icbgen.document_bytes({seed}, {day!r})"
        fired[version].update(rules)
        judged[version] += 1
    for v in VERSIONS:
        ids = {r.id for r in load_ruleset(v.ref).rules}
        assert judged[v.version] >= 20
        never = sorted(r for r in ids if fired[v.version][r] == 0)
        always = sorted(r for r in ids if fired[v.version][r] == judged[v.version])
        assert never == [], f"{v.ref}: never fired"
        assert always == [], f"{v.ref}: fired on every document"
