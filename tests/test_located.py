"""The one located loader: every problem a Diagnostic, located, with one "did you mean"."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from ccg_rules import RulesetError, load_ruleset
from ccg_rules._yaml import load_yaml
from ccg_rules.errors import ConfigError, FixtureError, WaiverFileError
from ccg_rules.located import (
    Diagnostic,
    Issue,
    did_you_mean,
    load_model,
    load_model_or_raise,
    model_at,
)
from ccg_rules.waivers import load_waivers


class _Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")

    severity: str
    count: int


class _Outer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    items: list[_Inner] = []


TEXT = """\
name: demo
items:
  - severity: error
    count: many
  - severty: error
    count: 2
titel: x
"""


def _load(text: str = TEXT) -> tuple[_Outer | None, list[Diagnostic]]:
    doc = load_yaml(text)
    return load_model(doc.value, _Outer, source_map=doc.source_map, file="demo.yaml")


def test_valid_data_gives_the_model_and_no_problems() -> None:
    value, problems = load_model({"name": "x", "items": [{"severity": "e", "count": 1}]}, _Outer)
    assert problems == []
    assert value is not None
    assert value.items[0].count == 1


def test_every_problem_is_reported_not_only_the_first() -> None:
    value, problems = _load()
    assert value is None
    assert [(p.code, p.pointer) for p in problems] == [
        ("invalid-value", "/items/0/count"),
        ("missing-key", "/items/1/severity"),
        ("unknown-key", "/items/1/severty"),
        ("unknown-key", "/titel"),
    ]


def test_each_problem_is_located_through_the_source_map() -> None:
    _, problems = _load()
    where = {p.pointer: (p.line, p.column, p.located_pointer) for p in problems}
    assert where["/items/0/count"] == (4, 5, "/items/0/count")
    assert where["/items/1/severty"] == (5, 5, "/items/1/severty")
    # a missing key is placed at its nearest ancestor that is in the file
    assert where["/items/1/severity"] == (5, 5, "/items/1")
    assert where["/titel"] == (7, 1, "/titel")
    assert all(p.file == "demo.yaml" for p in problems)
    assert str(problems[-1]) == "demo.yaml:7:1: unknown key 'titel'"


def test_without_a_source_map_problems_are_at_the_start() -> None:
    _, problems = load_model({"titel": 1}, _Outer)
    assert {(p.line, p.column) for p in problems} == {(1, 1)}


def test_a_phrase_words_problems_and_gives_suggestions() -> None:
    def phrase(issue: Issue) -> Diagnostic | None:
        if issue.kind != "extra_forbidden":
            return None  # left out
        owner = model_at(issue.loc, _Outer)
        assert owner is not None
        word = str(issue.loc[-1])
        return Diagnostic(
            "unknown-key",
            f"no key {word}{did_you_mean(word, owner.model_fields)}",
            issue.pointer,
            suggestion="x",
        )

    doc = load_yaml(TEXT)
    _, problems = load_model(doc.value, _Outer, source_map=doc.source_map, phrase=phrase)
    assert [p.message for p in problems] == [
        "no key severty; did you mean 'severity'?",
        "no key titel; did you mean 'items'?",
    ]
    assert problems[0].line == 5


def test_did_you_mean() -> None:
    assert did_you_mean("severty", ["title", "severity"]) == "; did you mean 'severity'?"
    assert did_you_mean("zzzz", ["title", "severity"]) == ""


def test_model_at_finds_the_owner_of_a_key() -> None:
    assert model_at(("items", 3, "severty"), _Outer) is _Inner
    assert model_at(("titel",), _Outer) is _Outer
    assert model_at(("name", "x"), _Outer) is None


def test_the_raising_twin_lists_every_problem_one_a_line() -> None:
    doc = load_yaml(TEXT)
    with pytest.raises(RulesetError) as info:
        load_model_or_raise(
            doc.value, _Outer, error=RulesetError, source_map=doc.source_map, file="demo.yaml"
        )
    err = info.value
    assert len(err.problems) == 4
    assert (err.line, err.column, err.pointer) == (4, 5, "/items/0/count")
    lines = str(err).split("\n")
    assert lines[1:] == [
        "demo.yaml:5:5: missing key 'severity'",
        "demo.yaml:5:5: unknown key 'severty'",
        "demo.yaml:7:1: unknown key 'titel'",
    ]
    assert lines[0].startswith("demo.yaml:4:5: ")


def test_the_raising_twin_returns_the_model() -> None:
    value = load_model_or_raise({"name": "x"}, _Outer, error=RulesetError)
    assert value.name == "x"


RULESET = """\
ruleset: demo
version: "1"
title: Demo
effective_from: 2012-10-01
domains:
  - {id: governance, title: Governance}
rules:
  - id: DEMO-01
    title: Demo rule
    domain: governance
    severity: eror
    consequence: condition
    citation: {instrument: SI 2012/1631, provision: reg 11(1), confidence: confirmed}
    rationale: Because.
    message: Too few.
    remediation: Appoint more.
    condition: {match: {m: {each: people}}, report: /people}
  - id: DEMO-02
    title: Demo rule
    domain: governance
    severity: error
    consequence: condition
    citation: {instrument: SI 2012/1631, provision: reg 11(1), confidence: confirmed}
    rationale: Because.
    message: Too few.
    remedation: Appoint more.
    condition: {match: {m: {each: people}}, report: /people}
"""


def test_a_ruleset_reports_every_problem_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "1.yaml"
    path.write_text(RULESET, encoding="utf-8")
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    err = info.value
    assert (err.line, err.column) == (11, 5)  # the first problem's attributes, as before
    assert [(p.line, p.column) for p in err.problems] == [(11, 5), (18, 5), (26, 5)]
    lines = str(err).split("\n")
    assert len(lines) == 3
    assert all(line.startswith(f"{path}:") for line in lines)
    assert "missing key 'remediation'" in lines[1]
    assert lines[2] == f"{path}:26:5: unknown key 'remedation'"


def test_a_ruleset_with_one_problem_keeps_its_one_line_message(tmp_path: Path) -> None:
    path = tmp_path / "1.yaml"
    path.write_text(RULESET.replace("eror", "error").replace("remedation", "remediation"), encoding="utf-8")
    load_ruleset(path)
    path.write_text(RULESET.replace("eror", "error"), encoding="utf-8")
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    assert len(info.value.problems) == 2
    path.write_text(RULESET.replace("remedation", "remediation"), encoding="utf-8")
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(f"{path}:11:5: ")


def test_a_waiver_file_reports_every_problem_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "w.waivers.yaml"
    path.write_text(
        "waivers:\n"
        "  - rule: REG-11-11\n"
        "    target: /a\n"
        "    justifcation: x\n"
        "    approved_by: GB\n"
        "    approved_on: 2013-01-10\n"
        "    expires: 2013-03-31\n"
        "extra: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(WaiverFileError) as info:
        load_waivers(path, file="w.waivers.yaml")
    assert [p[:2] for p in info.value.problems] == [(2, 5), (4, 5), (8, 1)]
    assert "did you mean 'justification'?" in str(info.value)


def test_a_ruleset_error_always_lists_its_problems(tmp_path: Path) -> None:
    text = RULESET.replace("remedation", "remediation")
    path = tmp_path / "1.yaml"
    path.write_text(
        text.replace("domain: governance\n    severity: eror", "domain: finance\n    severity: error")
    )
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    err = info.value
    assert err.rule_id == "DEMO-01"
    (problem,) = err.problems
    assert (problem.line, problem.column, problem.pointer) == (err.line, err.column, err.pointer)
    assert (err.line, err.column, err.pointer) == (10, 5, "/rules/0/domain")
    assert problem.message == err.message
    assert str(err) == f"{path}:10:5: {err.message} (rule DEMO-01)"
    assert RulesetError("plain").problems[0].message == "plain"


@pytest.mark.parametrize("error", [ConfigError, FixtureError, RulesetError, WaiverFileError])
def test_every_file_error_can_be_raised_by_the_twin(error: type[Exception]) -> None:
    doc = load_yaml(TEXT)
    with pytest.raises(error) as info:
        load_model_or_raise(doc.value, _Outer, error=error, source_map=doc.source_map, file="demo.yaml")  # type: ignore[arg-type]
    lines = str(info.value).split("\n")
    assert len(lines) == 4
    assert lines[-1].startswith("demo.yaml:7:1: unknown key 'titel'")
