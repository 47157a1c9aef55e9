"""The plain words and orders in `ccg_rules._vocab` agree with the report models of record."""

from __future__ import annotations

import subprocess
import sys

from ccg_rules._vocab import OUTCOME_WORDS, SEVERITY_RANK
from ccg_rules.fact_types import schema_from_data, schema_to_data
from ccg_rules.facts import fact_schema
from ccg_rules.findings import Severity
from ccg_rules.model.kinds import KINDS
from ccg_rules.report import Outcome


def test_outcome_words_are_the_models() -> None:
    assert set(OUTCOME_WORDS) == {o.value for o in Outcome}
    assert {o.value: o.words for o in Outcome} == OUTCOME_WORDS


def test_severity_rank_is_the_models_order() -> None:
    ordered = sorted(Severity, key=lambda s: SEVERITY_RANK[s.value])
    assert [s.value for s in ordered] == ["info", "warning", "error"]
    assert all((a < b) == (SEVERITY_RANK[a.value] < SEVERITY_RANK[b.value]) for a in Severity for b in Severity)


def test_a_fact_schema_survives_json_for_every_kind() -> None:
    import json

    for kind in KINDS.values():
        schema = fact_schema(kind.model)
        back = schema_from_data(json.loads(json.dumps(schema_to_data(schema))))
        assert back == schema
        assert list(back) == list(schema)


def test_the_compiled_reader_and_the_wording_need_no_pydantic() -> None:
    code = (
        "import sys; import ccg_rules.rules.compiled, ccg_rules.pipeline.wording, ccg_rules.pipeline.flatten,"
        " ccg_rules.pipeline.match, ccg_rules.render._lines, ccg_rules.fact_types, ccg_rules._vocab;"
        " print(sorted(m for m in ('pydantic', 'pydantic_core', 'jsonschema', 'durable') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _plain(value: object) -> object:
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value.__dict__.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_flattening_plain_data_gives_the_models_facts() -> None:
    from pathlib import Path

    from ccg_rules.pipeline.flatten import flatten
    from ccg_rules.pipeline.load import load_document

    examples = sorted(Path("examples").rglob("*.yaml"))
    checked = 0
    for path in examples:
        loaded = load_document(path)
        if not loaded.valid or loaded.document is None:
            continue
        model = loaded.document
        plain = _plain(model)
        assert isinstance(plain, dict)
        a, b = flatten(model), flatten(plain, fact_schema(type(model)))
        assert a.facts == b.facts, path
        assert a.stable == b.stable, path
        checked += 1
    assert checked >= 15
