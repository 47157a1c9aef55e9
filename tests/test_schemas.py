"""The published JSON Schemas match the models, and the bundled files fit them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from ccg_rules import check
from ccg_rules.schemas import generate

REPO = Path(__file__).resolve().parents[1]


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _schema(name: str) -> dict[str, Any]:
    return json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(generate()))
@pytest.mark.slow
def test_checked_in_schema_is_up_to_date(name: str) -> None:
    path = REPO / "schemas" / name
    assert path.read_text(encoding="utf-8") == generate()[name], (
        f"schemas/{name} is stale: run python -m ccg_rules.schemas --write"
    )


@pytest.mark.parametrize("name", sorted(generate()))
@pytest.mark.slow
def test_schema_is_a_valid_2020_12_schema(name: str) -> None:
    Draft202012Validator.check_schema(_schema(name))


@pytest.mark.parametrize("path", sorted((REPO / "examples").glob("*.yaml")), ids=lambda p: p.name)
@pytest.mark.slow
def test_examples_fit_the_document_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/ccg-document.schema.json\n")
    validator = Draft202012Validator(
        _schema("ccg-document.schema.json"), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = [e.message for e in validator.iter_errors(_json_ready(yaml.safe_load(text)))]
    assert errors == []


@pytest.mark.parametrize(
    "path", sorted((REPO / "rulesets").glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
@pytest.mark.slow
def test_ruleset_files_fit_the_meta_schema(path: Path) -> None:
    validator = Draft202012Validator(_schema("ruleset.schema.json"))
    data = _json_ready(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)] == []


@pytest.mark.slow
def test_meta_schema_rejects_a_typo_in_a_rule() -> None:
    validator = Draft202012Validator(_schema("ruleset.schema.json"))
    path = REPO / "rulesets" / "ccg-authorisation" / "2012.yaml"
    data = _json_ready(yaml.safe_load(path.read_text(encoding="utf-8")))
    data["rules"][0]["severty"] = "error"
    data["rules"][1]["condition"]["match"]["seats"]["cuont"] = "people"
    messages = sorted(e.message for e in validator.iter_errors(data))
    assert len(messages) == 2
    assert "'severty' was unexpected" in messages[0] or "'severty' was unexpected" in messages[1]


@pytest.mark.parametrize("name", ["ccg-compliant.yaml", "ccg-noncompliant.yaml"])
def test_reports_fit_the_report_schema(name: str) -> None:
    report = check(REPO / "examples" / name)
    Draft202012Validator(_schema("report.schema.json")).validate(json.loads(report.model_dump_json()))


def test_document_schema_keeps_the_models_constraints() -> None:
    """Constraints must reach the published schema as JSON Schema keywords (a constraint
    written after a pydantic ``BeforeValidator`` is dropped or kept under its Python name)."""
    text = (REPO / "schemas" / "ccg-document.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    for word in ('"ge"', '"le"', '"gt"', '"lt"', '"min_length"', '"max_length"'):
        assert word + ":" not in text, f"{word} is not a JSON Schema keyword"
    people = schema["$defs"]["Person"]["properties"]["id"]
    assert people["pattern"] == "^[A-Za-z0-9][A-Za-z0-9._-]*$"
    wave = schema["$defs"]["Authorisation"]["properties"]["wave"]["anyOf"][0]
    assert (wave["minimum"], wave["maximum"]) == (1, 4)
