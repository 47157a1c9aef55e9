"""The durable-rules engine and the Python engine give identical reports.

Many generated documents (see ``docgen``) go through both engines; the reports, as JSON,
must be equal byte for byte apart from the engine's name.
"""

from __future__ import annotations

import pytest

from ccg_rules import check
from docgen import document_bytes

DOCUMENTS = 400


def _report_json(data: bytes, engine: str) -> str:
    report = check(data, ruleset="ccg-authorisation@2012", engine=engine, file="generated.yaml")
    assert report.valid, [f.message for f in report.findings]
    return report.model_copy(update={"engine": "-"}).model_dump_json()


@pytest.mark.parametrize("block", range(8))
def test_engines_agree_on_generated_documents(block: int) -> None:
    per_block = DOCUMENTS // 8
    fired: set[str] = set()
    for seed in range(block * per_block, (block + 1) * per_block):
        data = document_bytes(seed)
        python = _report_json(data, "python")
        durable = _report_json(data, "durable")
        assert python == durable, f"engines disagree on document seed {seed}"
        fired.update(f.rule_id for f in check(data, ruleset="ccg-authorisation@2012").findings)
    # The generator must actually exercise the rules, or agreement proves little.
    assert len(fired) >= 15, sorted(fired)


def test_generated_documents_fire_every_rule_somewhere() -> None:
    from ccg_rules import load_ruleset

    rules = {r.id for r in load_ruleset("ccg-authorisation@2012").rules}
    fired: set[str] = set()
    for seed in range(DOCUMENTS):
        fired.update(f.rule_id for f in check(document_bytes(seed), ruleset="ccg-authorisation@2012").findings)
    never = sorted(rules - fired)
    assert len(never) <= 4, f"rules the generator never fires: {never}"
