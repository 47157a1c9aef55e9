"""The rule grammar is one table: the parser, both engines, the JSON Schema and the docs follow it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import ccg_rules
from ccg_rules.engines.predicates import compile_criteria, holds
from ccg_rules.errors import LanguageError
from ccg_rules.facts import FieldSpec, fact_schema, iter_fields
from ccg_rules.rules import grammar, limits
from ccg_rules.rules.grammar import FIELD_KINDS, IS_OPS, OPERATORS, Operator
from ccg_rules.rules.ir import ArithOp, Binding, Count, Op, Pattern, Test
from ccg_rules.rules.language import parse_condition
from ccg_rules.rules.patterns import compile_pattern, parse_pattern
from ccg_rules.schemas import generate

REPO = Path(__file__).resolve().parents[1]
SCHEMA = fact_schema()
NAMED = [o for o in OPERATORS if o.name]
AT = "/rules/0/condition"


def _field(kind: str) -> FieldSpec:
    return next(f for f in iter_fields(SCHEMA["document"]) if f.kind == kind)


def _value(fs: FieldSpec) -> object:
    return {
        "text": "x",
        "choice": fs.choices[0] if fs.choices else "x",
        "int": 3,
        "number": 2.5,
        "date": "2020-01-01",
        "bool": True,
    }.get(fs.kind, "x")


def _operand(o: Operator, fs: FieldSpec) -> object:
    if o.operand == "values":
        return [_value(fs)]
    if o.operand == "item":
        return _value(fs.item) if fs.item else "x"
    if o.operand == "pattern":
        return "x.*"
    if o.operand == "flag":
        return True
    return _value(fs)


def _parse(where: dict[str, Any]) -> Test:
    parsed = parse_condition({"match": {"d": {"each": "document", "where": where}}}, SCHEMA, {}, AT)
    step = parsed.condition.steps[0]
    assert isinstance(step, Binding)
    (test,) = step.criteria
    assert isinstance(test, Test)
    return test


@pytest.mark.parametrize("kind", FIELD_KINDS)
@pytest.mark.parametrize("o", NAMED, ids=lambda o: o.name)
def test_the_parser_accepts_each_operator_on_exactly_its_kinds(o: Operator, kind: str) -> None:
    assert o.name is not None
    fs = _field(kind)
    where = {fs.name: {o.name: _operand(o, fs)}}
    if kind in o.kinds:
        assert _parse(where).op is o.op
    else:
        with pytest.raises(LanguageError, match="cannot be used on") as caught:
            _parse(where)
        assert caught.value.pointer == f"{AT}/match/d/where/{fs.name}/{o.name}"


def test_exists_false_is_the_missing_operator() -> None:
    assert _parse({"ccg.name": {"exists": False}}).op is Op.MISSING
    assert grammar.BY_OP[Op.MISSING].name is None


@pytest.mark.parametrize("o", NAMED, ids=lambda o: o.name)
def test_a_count_takes_exactly_the_operators_with_an_expected_phrase(o: Operator) -> None:
    assert o.name is not None
    raw = {"match": {"seats": {"count": "people", "is": {o.name: 1}}}, "report": "/people"}
    if o.expected is not None:
        step = parse_condition(raw, SCHEMA, {}, AT).condition.steps[0]
        assert isinstance(step, Count)
        assert step.op is o.op
    else:
        with pytest.raises(LanguageError, match="cannot be used on a count"):
            parse_condition(raw, SCHEMA, {}, AT)


def test_the_expected_phrases_are_those_findings_have_always_shown() -> None:
    shown = {Op.LT: "at least 6", Op.LE: "more than 6", Op.GT: "at most 6", Op.GE: "fewer than 6",
             Op.EQ: "not 6", Op.NE: "exactly 6"}
    assert {op: grammar.expected(op, "6") for op in IS_OPS} == shown


def _ruleset_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(generate()["ruleset.schema.json"])
    return schema


@pytest.mark.parametrize("kind", FIELD_KINDS)
def test_the_schema_lists_the_operators_of_each_kind(kind: str) -> None:
    test = _ruleset_schema()["$defs"][f"Test.{kind}"]
    mapping = test["anyOf"][-1]
    assert set(mapping["properties"]) == {o.name for o in NAMED if kind in o.kinds}
    assert mapping["additionalProperties"] is False


def test_the_schema_of_is_lists_the_comparisons() -> None:
    step = _ruleset_schema()["$defs"]["Step"]["oneOf"]
    for form in step[1:]:
        assert set(form["properties"]["is"]["properties"]) == {grammar.BY_OP[op].name for op in IS_OPS}


@pytest.mark.parametrize(
    ("compare", "valid"),
    [
        ("running_costs.planned", True),
        ({"mul": ["running_costs.allowance_per_head", {"param": "p"}]}, True),
        ({"add": [1, {"sub": [2, 3]}]}, True),
        ({"pow": [1, 2]}, False),
        ({"add": [1]}, False),
        ({"add": [1, 2], "sub": [1, 2]}, False),
        ([1, 2], False),
    ],
)
def test_the_schema_of_compare_is_an_expression(compare: object, valid: bool) -> None:
    schema = _ruleset_schema()
    validator = Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/Condition"})
    condition = {"match": {"c": {"compare": compare, "is": {"gt": 0}}}, "report": "/running_costs"}
    assert validator.is_valid(condition) is valid


_SAMPLES: dict[str, tuple[object, list[object]]] = {  # operand, and field values to try
    "value": (2, [None, 1, 2, 3, 2.0]),
    "values": (("a", "b"), [None, "a", "c"]),
    "item": ("a", [None, ("a", "b"), ("c",), ()]),
    "pattern": (parse_pattern("a.+"), [None, "ab", "a", "b"]),
    "flag": (None, [None, 0, "x", False]),
}


@pytest.mark.parametrize("o", OPERATORS, ids=lambda o: o.op.value)
def test_the_python_engine_evaluates_each_operator_as_the_grammar_declares(o: Operator) -> None:
    operand, values = _SAMPLES[o.operand]
    predicate = compile_criteria([Test("f", o.op, operand)])  # type: ignore[arg-type]
    declared = compile_pattern(operand) if isinstance(operand, Pattern) else operand
    for value in values:
        fact = {} if value is None else {"f": value}
        assert predicate(fact, {}) is grammar.evaluate(o.op, value, declared), value
    if o.op in IS_OPS:
        for value in (1, 2, 3):
            assert holds(o.op, value, 2) is o.evaluate(value, 2)


def test_the_durable_mapping_covers_the_operators_not_marked_special() -> None:
    pytest.importorskip("durable_rules_engine")
    from ccg_rules.engines import _durable_compile

    assert {
        o.op: o.durable for o in OPERATORS if o.durable is not None and o.operand == "value"
    } == _durable_compile._CMP
    assert {o.op for o in OPERATORS if o.durable is grammar.DURABLE_SPECIAL} == {
        Op.IN, Op.NOT_IN, Op.CONTAINS, Op.NOT_CONTAINS, Op.MATCHES, Op.NOT_MATCHES
    }


def test_the_docs_hold_the_generated_table() -> None:
    page = (REPO / "docs" / grammar.DOCS_PAGE).read_text(encoding="utf-8")
    assert grammar.with_docs_table(page) == page, "run: python -m ccg_rules.rules.grammar --write-docs"
    assert grammar.main([]) == 0
    for o in NAMED:
        assert f"| `{o.name}` |" in page


# -- engine limits, at load time ---------------------------------------------------------

_RULESET = """\
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
    severity: error
    consequence: condition
    citation: {instrument: SI 2012/1631, provision: reg 11(1), confidence: confirmed}
    rationale: Because.
    message: Two people differ.
    remediation: None.
    condition:
      match:
        a:
          each: people
        b:
          each: people
          where:
"""
_GUARDS = [
    "id: {ne: $a.id}",
    "name: {ne: $a.name}",
    "path: {ne: $a.path}",
    "index: {ne: $a.index}",
    "employer.kind: {ne: $a.employer.kind}",
]
_FIRST_GUARD_LINE = _RULESET.count("\n") + 1
_PLACE = f"bad.yaml:{_FIRST_GUARD_LINE + 4}:{13 + len('employer.kind: {')}: "  # the fifth 'ne'


def _write(tmp_path: Path, guards: int) -> Path:
    lines = "".join(f"            {g}\n" for g in _GUARDS[:guards])
    path = tmp_path / "bad.yaml"
    path.write_text(_RULESET + lines, encoding="utf-8")
    return path


def test_the_durable_limit_is_declared_as_data() -> None:
    assert limits.DURABLE.max_ne_guards == 4
    assert limits.DURABLE in limits.LIMITS
    assert limits.PYTHON.max_ne_guards is None


def test_a_rule_beyond_durables_guard_limit_is_refused_when_it_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, 5)
    doc = REPO / "examples" / "ccg-compliant.yaml"
    with pytest.raises(ccg_rules.RulesetError) as caught:
        ccg_rules.check(doc, ruleset="bad.yaml")
    assert str(caught.value).startswith(_PLACE)
    assert "$a.employer.kind" in str(caught.value)
    assert "durable engine allows 4 at most" in str(caught.value)


def test_a_rule_at_durables_guard_limit_loads_and_runs_alike_on_both_engines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("durable_rules_engine")
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, 4)
    doc = REPO / "examples" / "ccg-compliant.yaml"
    python = ccg_rules.check(doc, ruleset="bad.yaml", engine="python")
    durable = ccg_rules.check(doc, ruleset="bad.yaml", engine="durable")
    assert python.findings
    assert python.findings == durable.findings


def test_durable_still_refuses_a_plan_beyond_its_limit_built_by_hand() -> None:
    pytest.importorskip("durable_rules_engine")
    from ccg_rules.engines.durable import DurableEngine
    from ccg_rules.errors import DurableEngineError
    from ccg_rules.rules.ir import CompiledRule, Condition, Ref, RulePlan

    fields = ["id", "name", "employer.name", "category", "employer.kind"]
    tests = tuple(Test(f, Op.NE, Ref("a", f)) for f in fields)
    condition = Condition((Binding("a", "people"), Binding("b", "people", tests)))
    assert limits.exceeded(condition) is not None
    plan = RulePlan("test-grammar-too-many-guards", (CompiledRule("X-01", condition),))
    with pytest.raises(DurableEngineError, match="too many"):
        DurableEngine().match(plan, [])


def test_the_cli_refuses_a_rule_beyond_the_limit_with_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Any
) -> None:
    path = _write(tmp_path, 5)
    code, out, err = run_cli("check", "--ruleset", str(path), str(REPO / "examples" / "ccg-compliant.yaml"))
    assert (code, out) == (2, "")
    assert _PLACE in err


def test_no_bundled_rule_is_beyond_an_engines_limits() -> None:
    from ccg_rules.rules.catalog import available_rulesets

    checked = 0
    for version in available_rulesets():
        for rule in ccg_rules.load_ruleset(version.path).plan(version.effective_from).rules:
            assert limits.exceeded(rule.condition) is None, rule.rule_id
            checked += 1
    assert checked > 100


def test_the_limit_counts_distinct_fields() -> None:
    text = textwrap.dedent(
        """\
        match:
          a: {each: people}
          b:
            each: people
            where: {id: {ne: $a.id}, name: {ne: $a.id}, employer.name: {ne: $a.id},
                    category: {ne: $a.id}, employer.kind: {ne: $a.id}}
        """
    )
    import yaml

    parse_condition(yaml.safe_load(text), SCHEMA, {}, AT)  # one field read five times


def test_every_engine_declares_its_limits() -> None:
    from ccg_rules.engines import ENGINE_NAMES
    from ccg_rules.engines.python import PythonEngine

    assert {lim.engine for lim in limits.LIMITS} == set(ENGINE_NAMES)
    assert PythonEngine.limits is limits.PYTHON
    pytest.importorskip("durable_rules_engine")
    from ccg_rules.engines.durable import DurableEngine

    assert DurableEngine.limits is limits.DURABLE


@pytest.mark.parametrize("a", grammar.ARITHMETIC, ids=lambda a: a.op.value)
def test_each_arithmetic_operator_parses_derives_and_is_in_the_schema(a: grammar.Arithmetic) -> None:
    from ccg_rules.engines.derive import derive
    from ccg_rules.rules.ir import CompiledRule, RulePlan

    raw = {
        "match": {"c": {"compare": {a.op.value: ["running_costs.planned", 4]}, "is": {"gt": 0}}},
        "report": "/running_costs",
    }
    condition = parse_condition(raw, SCHEMA, {}, AT).condition
    root = {"$type": "document", "$path": "", "running_costs.planned": 10}
    (value,) = derive(RulePlan("k", (CompiledRule("X-01", condition),)), [root])
    assert value["left"] == a.evaluate(10, 4)
    expr = _ruleset_schema()["$defs"]["Expr"]["anyOf"][-1]
    assert set(expr["properties"]) == {x.op.value for x in grammar.ARITHMETIC}


def test_division_by_zero_is_missing() -> None:
    assert grammar.BY_ARITH[ArithOp.DIV].evaluate(1, 0) is None
