"""The durable-rules backend must match exactly what the IR semantics say.

Every check compares the engine with `reference`, a deliberately naive matcher written
straight from the semantics in :mod:`ccg_rules.rules.ir` (nested loops, closed-world
absence). Plans are few and shared: durable leaks memory on ruleset deletion, so the
tests create C rulesets sparingly, as production code must.
"""

from __future__ import annotations

import itertools
import operator
import random
import re
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from ccg_rules.engines import _durable_regex as rx
from ccg_rules.engines import durable
from ccg_rules.engines.base import Match
from ccg_rules.errors import DurableEngineError, PatternError
from ccg_rules.rules.ir import (
    Absent,
    AnyOf,
    Binding,
    Compare,
    CompiledRule,
    Condition,
    Count,
    Criterion,
    Op,
    Operand,
    Pattern,
    Ref,
    RulePlan,
    Step,
    Test,
)

Fact = Mapping[str, object]
FactsByType = dict[object, list[Fact]]
RELATIONAL_OPS = {Op.LT: operator.lt, Op.LE: operator.le, Op.GT: operator.gt, Op.GE: operator.ge}
_keys = itertools.count()


# --- the reference matcher ---------------------------------------------------------


def _holds(value: Any, op: Op, operand: Any) -> bool:
    if op == Op.EQ:
        return bool(value == operand)
    if op == Op.NE:
        return bool(value != operand)
    if op in RELATIONAL_OPS:
        return bool(RELATIONAL_OPS[op](value, operand))
    if op == Op.IN:
        return value in operand
    if op == Op.NOT_IN:
        return value not in operand
    if op == Op.CONTAINS:
        return operand in value
    if op == Op.NOT_CONTAINS:
        return operand not in value
    assert isinstance(operand, Pattern)
    found = re.fullmatch(operand.python, str(value)) is not None  # as the Python engine does
    return found if op == Op.MATCHES else not found


def _test(test: Test, fact: Fact, env: Mapping[str, Fact]) -> bool:
    value = fact.get(test.field)
    if test.op == Op.MISSING:
        return value is None
    if value is None:
        return False
    if test.op == Op.EXISTS:
        return True
    operand: Any = test.operand
    if isinstance(operand, Ref):
        operand = env[operand.alias].get(operand.field)
        if operand is None:
            return False
    return _holds(value, test.op, operand)


def _criterion(crit: Criterion, fact: Fact, env: Mapping[str, Fact]) -> bool:
    if isinstance(crit, AnyOf):
        return any(all(_criterion(c, fact, env) for c in branch) for branch in crit.branches)
    return _test(crit, fact, env)


def _candidates(rule_id: str, step: Step, env: Mapping[str, Fact], by_type: FactsByType) -> list[Fact]:
    if isinstance(step, Binding):
        return [f for f in by_type[step.fact_type] if all(_criterion(c, f, env) for c in step.criteria)]
    out = []
    for f in by_type["$count" if isinstance(step, Count) else "$value"]:
        if f["rule"] != rule_id or f["alias"] != step.alias:
            continue
        if isinstance(step, Count):
            key = env[step.outer]["$path"] if step.outer else ""
            if f["key"] == key and _holds(f["n"], step.op, step.threshold):
                out.append(f)
        elif _holds(f["diff"], step.op, 0):
            out.append(f)
    return out


def _walk(rule: CompiledRule, env: dict[str, Fact], by_type: FactsByType, found: set[Match]) -> None:
    cond = rule.condition
    if len(env) == len(cond.steps):
        for absent in cond.absent:
            for f in by_type[absent.fact_type]:
                if all(_criterion(c, f, env) for c in absent.criteria):
                    return
        found.add(Match(rule.rule_id, tuple((s.alias, str(env[s.alias]["$path"])) for s in cond.steps)))
        return
    step = cond.steps[len(env)]
    for fact in _candidates(rule.rule_id, step, env, by_type):
        _walk(rule, {**env, step.alias: fact}, by_type, found)


def reference(plan: RulePlan, facts: Sequence[Fact]) -> set[Match]:
    """Every (rule, tuple) that fires, by nested loops straight from the IR semantics."""
    by_type: FactsByType = defaultdict(list)
    for fact in facts:
        by_type[fact["$type"]].append(fact)
    found: set[Match] = set()
    for rule in plan.rules:
        _walk(rule, {}, by_type, found)
    return found


# --- helpers ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine() -> durable.DurableEngine:
    return durable.DurableEngine()


def plan_of(*rules: CompiledRule) -> RulePlan:
    return RulePlan(f"test-{next(_keys)}", tuple(rules))


def rule(rule_id: str, *steps: Step, absent: tuple[Absent, ...] = ()) -> CompiledRule:
    return CompiledRule(rule_id, Condition(steps=tuple(steps), absent=absent))


def fact(fact_type: str, path: str, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {"$type": fact_type, "$path": path, "$parent": "", "$index": 0}
    base.update({k.replace("__", "."): v for k, v in fields.items() if v is not None})
    return base


def pat(source: str) -> Pattern:
    return Pattern(source, "(?a)" + source)


def check(engine: durable.DurableEngine, plan: RulePlan, facts: Sequence[Fact]) -> set[Match]:
    got = engine.match(plan, facts)
    expected = reference(plan, facts)
    assert set(got) == expected
    return expected


def ids(matches: set[Match], rule_id: str) -> set[str]:
    return {m.bindings[0][1] for m in matches if m.rule_id == rule_id}


# --- operators, absent fields and value types -------------------------------------------

M = "member"
OPERATOR_CASES: list[tuple[str, Op, Operand]] = [
    ("age", Op.EQ, 40),
    ("age", Op.NE, 40),
    ("age", Op.LT, 40),
    ("age", Op.LE, 40),
    ("age", Op.GT, 40),
    ("age", Op.GE, 40),
    ("age", Op.EQ, 40.0),
    ("age", Op.LT, 39.5),
    ("score", Op.EQ, 2),
    ("score", Op.GT, 1.25),
    ("score", Op.LE, -0.5),
    ("name", Op.EQ, "Ann"),
    ("name", Op.NE, "Ann"),
    ("name", Op.LT, "Ann B"),
    ("name", Op.LE, "Ann"),
    ("name", Op.GT, "Ann"),
    ("name", Op.GE, "Ann!"),
    ("name", Op.LT, "b"),
    ("name", Op.IN, ("Ann", "Bo")),
    ("name", Op.NOT_IN, ("Ann", "Bo")),
    ("name", Op.IN, ("Bo",)),
    ("name", Op.IN, ()),
    ("name", Op.NOT_IN, ()),
    ("age", Op.IN, (40, 41.0)),
    ("roles", Op.CONTAINS, "chair"),
    ("roles", Op.NOT_CONTAINS, "chair"),
    ("name", Op.MATCHES, pat("[A-Z][a-z]+")),
    ("name", Op.NOT_MATCHES, pat("[A-Z][a-z]+")),
    ("name", Op.MATCHES, pat(".+ .+")),
    ("name", Op.NOT_MATCHES, pat(".+ .+")),
    ("name", Op.EXISTS, None),
    ("name", Op.MISSING, None),
    ("roles", Op.EXISTS, None),
    ("lay", Op.EQ, True),
    ("lay", Op.EQ, False),
    ("lay", Op.NE, True),
    ("lay", Op.MISSING, None),
    ("employer.provides_services", Op.EQ, True),
    ("id", Op.EQ, "M1"),
    ("id", Op.NE, "M1"),
]


@pytest.mark.requires_durable
def test_every_operator_and_absent_fields(engine: durable.DurableEngine) -> None:
    rules = [
        rule(f"op{i}", Binding("m", M, (Test(f, op, v),))) for i, (f, op, v) in enumerate(OPERATOR_CASES)
    ]
    facts = [
        fact(M, "/m/0", id="M1", name="Ann", age=40, score=2.0, roles=("chair", "lay"), lay=True),
        fact(M, "/m/1", id="M2", name="Ann B", age=39, score=1.25, roles=(), lay=False),
        fact(
            M,
            "/m/2",
            id="M3",
            name="Bo",
            age=41,
            score=-0.5,
            roles=("lay",),
            employer__provides_services=True,
        ),
        fact(
            M, "/m/3", name="Ann!", age=39.5, score=2.5, roles=("chair",), employer__provides_services=False
        ),
        fact(M, "/m/4", name="ann lee", age=0, score=0.0),
        fact(M, "/m/5", name="", lay=True),
        fact(M, "/m/empty"),  # every domain field absent
    ]
    found = check(engine, plan_of(*rules), facts)
    for i, (_, op, _) in enumerate(OPERATOR_CASES):
        assert ("/m/empty" in ids(found, f"op{i}")) == (op == Op.MISSING), OPERATOR_CASES[i]
    assert ids(found, "op0") == ids(found, "op6") == {"/m/0"}  # 40 == 40.0
    lay_true = OPERATOR_CASES.index(("lay", Op.EQ, True))
    assert ids(found, f"op{lay_true}") == {"/m/0", "/m/5"}  # bools compare as bools
    assert ids(found, f"op{lay_true + 1}") == {"/m/1"}


@pytest.mark.requires_durable
def test_strings_with_quotes_backslashes_and_unicode_round_trip(engine: durable.DurableEngine) -> None:
    values = [
        'say "hi"',
        "back\\slash",
        "Zoë Ñuñez",
        "日本",
        "emoji 😀",
        "line\nbreak",
        "tab\tnul\x00",
        "lone \ud800",
    ]
    rules = [rule(f"eq{i}", Binding("m", M, (Test("name", Op.EQ, v),))) for i, v in enumerate(values)]
    rules.append(rule("dot", Binding("m", M, (Test("name", Op.MATCHES, pat(".+ .+")),))))
    rules.append(rule("word", Binding("m", M, (Test("name", Op.MATCHES, pat("[^ ]+ [^ ]+")),))))
    facts = [fact(M, f"/m/{i}", name=v) for i, v in enumerate(values)]
    facts.append(fact(M, '/m/"quoted\\path"', name="x y"))
    found = check(engine, plan_of(*rules), facts)
    for i in range(len(values)):
        assert ids(found, f"eq{i}") == {f"/m/{i}"}
    assert '/m/"quoted\\path"' in ids(found, "word")


# --- joins, absence, derived facts ---------------------------------------------------------


@pytest.mark.requires_durable
def test_same_person_join_cfo_is_ao(engine: durable.DurableEngine) -> None:
    ao_cfo = rule(
        "GB-AO-CFO",
        Binding("ao", "post", (Test("post", Op.EQ, "accountable_officer"),)),
        Binding(
            "cfo",
            "post",
            (Test("post", Op.EQ, "chief_finance_officer"), Test("person", Op.EQ, Ref("ao", "person"))),
        ),
    )
    facts = [
        fact("post", "/p/0", post="accountable_officer", person="P2"),
        fact("post", "/p/1", post="chief_finance_officer", person="P2"),
        fact("post", "/p/2", post="chief_finance_officer", person="P3"),
        fact("post", "/p/3", post="chief_finance_officer"),
        fact("post", "/p/4", post="accountable_officer"),
    ]
    found = check(engine, plan_of(ao_cfo), facts)
    assert found == {Match("GB-AO-CFO", (("ao", "/p/0"), ("cfo", "/p/1")))}


@pytest.mark.requires_durable
def test_absent_with_references_member_without_recent_declaration(engine: durable.DurableEngine) -> None:
    no_declaration = rule(
        "DOI-001",
        Binding("m", M, (Test("lay", Op.EQ, True),)),
        absent=(
            Absent(
                "d",
                "declaration",
                (Test("member_id", Op.EQ, Ref("m", "id")), Test("declared_on", Op.GE, 738_000)),
            ),
        ),
    )
    child = rule(  # a member with no child declaration at all ($parent join on $path)
        "DOI-002",
        Binding("m", M),
        absent=(Absent("d", "declaration", (Test("$parent", Op.EQ, Ref("m", "$path")),)),),
    )
    facts = [
        fact(M, "/m/0", id="gb01", lay=True),
        fact(M, "/m/1", id="gb02", lay=True),
        fact(M, "/m/2", lay=True),  # no id: the reference is absent, nothing can block
        fact(M, "/m/3", id="gb04", lay=False),
        fact("declaration", "/d/0", member_id="gb01", declared_on=738_100),
        fact("declaration", "/d/1", member_id="gb02", declared_on=737_000),
        {**fact("declaration", "/m/3/d/0"), "$parent": "/m/3"},
    ]
    found = check(engine, plan_of(no_declaration, child), facts)
    assert ids(found, "DOI-001") == {"/m/1", "/m/2"}
    assert ids(found, "DOI-002") == {"/m/0", "/m/1", "/m/2"}


@pytest.mark.requires_durable
def test_not_equal_references_to_missing_fields(engine: durable.DurableEngine) -> None:
    # durable fails the whole assert (error 311) if `$neq` reads a missing field of the
    # other fact; the compiler splits such rules on the field's presence.
    in_binding = rule(
        "NE-B", Binding("a", M), Binding("b", "post", (Test("member_id", Op.NE, Ref("a", "id")),))
    )
    in_absent = rule(
        "NE-A", Binding("a", M), absent=(Absent("p", "post", (Test("member_id", Op.NE, Ref("a", "id")),)),)
    )
    facts = [
        fact(M, "/m/0", id="M1"),
        fact(M, "/m/1"),
        fact("post", "/p/0", member_id="M1"),
        fact("post", "/p/1"),
    ]
    found = check(engine, plan_of(in_binding, in_absent), facts)
    assert ids(found, "NE-A") == {"/m/0", "/m/1"}


@pytest.mark.requires_durable
def test_correlated_counts_and_value_compares(engine: durable.DurableEngine) -> None:
    lay_members = rule("GB-LAY", Count("n", M, (Test("lay", Op.EQ, True),), Op.LT, 2))
    seats = rule(
        "PANEL",
        Binding("p", "panel"),
        Count("s", "seat", (Test("panel", Op.EQ, Ref("p", "id")),), Op.GE, 2, outer="p"),
    )
    budget = rule("BUDGET", Binding("c", "ccg"), Compare("v", 1, Op.GT, 2))
    facts = [
        fact("ccg", "/", name="x"),
        fact("panel", "/pp/0", id="A"),
        fact("panel", "/pp/1", id="B"),
        fact("$count", "/$c/0", rule="GB-LAY", alias="n", key="", n=1),
        fact("$count", "/$c/1", rule="PANEL", alias="s", key="/pp/0", n=3),
        fact("$count", "/$c/2", rule="PANEL", alias="s", key="/pp/1", n=1),
        fact("$count", "/$c/3", rule="OTHER", alias="s", key="/pp/1", n=5),
        fact("$value", "/$v/0", rule="BUDGET", alias="v", left=5, right=3, diff=2),
        fact("$value", "/$v/1", rule="BUDGET", alias="v", left=1, right=3, diff=-2),
    ]
    found = check(engine, plan_of(lay_members, seats, budget), facts)
    assert Match("PANEL", (("p", "/pp/0"), ("s", "/$c/1"))) in found
    assert Match("BUDGET", (("c", "/"), ("v", "/$v/0"))) in found
    assert len(found) == 3


@pytest.mark.requires_durable
def test_any_of_contains_and_not_matches(engine: durable.DurableEngine) -> None:
    either = AnyOf(
        (
            (Test("lay", Op.EQ, True), Test("name", Op.MATCHES, pat("Dr .+"))),
            (Test("roles", Op.CONTAINS, "chair"),),
            (Test("age", Op.IN, (70, 71)),),
        )
    )
    rules = [
        rule("ANY", Binding("m", M, (either,))),
        rule(
            "CHAIR",
            Binding("m", M, (Test("roles", Op.CONTAINS, "chair"), Test("roles", Op.NOT_CONTAINS, "lay"))),
        ),
        rule(
            "NM",
            Binding(
                "m",
                M,
                (
                    Test("name", Op.NOT_MATCHES, pat("[A-Z][a-z]*")),
                    Test("code", Op.NOT_MATCHES, pat("\\d{3}")),
                ),
            ),
        ),
        rule("NM-NONDET", Binding("m", M, (Test("name", Op.NOT_MATCHES, pat("[a-z ]*e")),))),
    ]
    facts = [
        fact(M, "/m/0", name="Dr Who", lay=True, roles=("chair",), code="123"),
        fact(M, "/m/1", name="dr who", lay=True, roles=("chair", "lay"), code="12"),
        fact(M, "/m/2", name="Ann", age=70, roles=(), code="1234"),
        fact(M, "/m/3", name="anne", lay=False),
        fact(M, "/m/4", code="x"),
    ]
    found = check(engine, plan_of(*rules), facts)
    assert ids(found, "ANY") == {"/m/0", "/m/1", "/m/2"}
    assert ids(found, "CHAIR") == {"/m/0"}
    assert ids(found, "NM") == {"/m/1"}
    assert ids(found, "NM-NONDET") == {"/m/0", "/m/1", "/m/2"}


@pytest.mark.requires_durable
def test_wide_fact_and_property_limit(engine: durable.DurableEngine) -> None:
    wide = fact("org", "/o", **{f"field_{i}": i for i in range(200)})
    rules = [rule(f"w{i}", Binding("o", "org", (Test(f"field_{i}", Op.EQ, i),))) for i in range(0, 200, 7)]
    assert len(check(engine, plan_of(*rules), [wide])) == len(rules)
    every = [rule("all", Binding("o", "org", tuple(Test(f"field_{i}", Op.EXISTS) for i in range(260))))]
    widest = fact("org", "/o", **{f"field_{i}": i for i in range(260)})
    with pytest.raises(DurableEngineError, match="properties"):
        engine.match(plan_of(*every), [widest])


@pytest.mark.requires_durable
def test_bad_documents_raise(engine: durable.DurableEngine) -> None:
    plan = plan_of(rule("A", Binding("m", M)))
    with pytest.raises(DurableEngineError, match="share a \\$path"):
        engine.match(plan, [fact(M, "/m/0"), fact(M, "/m/0", name="x")])
    with pytest.raises(DurableEngineError, match="number"):
        engine.match(
            plan_of(rule("B", Binding("m", M, (Test("age", Op.GT, 1),)))), [fact(M, "/m/0", age=float("nan"))]
        )
    assert engine.match(plan, [fact(M, "/m/0")]) == [Match("A", (("m", "/m/0"),))]  # still usable


# --- the regex dialect ---------------------------------------------------------------------

REGEX_TABLE: list[tuple[str, list[str]]] = [
    ("abc", ["abc", "ab", "abcd", "ABC"]),
    ("a.c", ["abc", "a c", "a\nc", 'a"c', "a\\c", "aéc", "ac", "abbc"]),
    ("[a-c]+", ["abc", "cab", "", "abd", "a-c"]),
    ("[^a-c]*", ["", "xyz", "xaz", "\n", "é😀"]),
    ("[-a]", ["-", "a", "b"]),
    ("[a-]", ["-", "a"]),
    ("[]a]", ["]", "a"]),
    ("[\\^x]", ["^", "x"]),
    ("[%.]+", ["%.", "%", "a"]),
    ("\\.\\*\\+\\?\\[\\]\\{\\}", [".*+?[]{}", "a"]),
    ("%d", ["%d", "1"]),
    ("a$b^c|d", []),  # not in the dialect: rejected by the translator
    ("\\d{3}", ["123", "12", "1234", "abc", "١٢٣"]),
    ("\\d{1,3}", ["1", "12", "123", "1234", ""]),
    ("\\d{0,2}x", ["x", "1x", "12x", "123x"]),
    ("a{2,}", ["a", "aa", "aaaa"]),
    ("a{0}b", ["b", "ab"]),
    ("\\s+", [" ", "\t\n", "\r\x0b\x0c", "", "a", "\xa0"]),
    ("\\w+", ["a_Z9", "é", "a-b", ""]),
    ("[\\w.-]+@[a-z]+\\.org", ["a.b-c@x.org", "@x.org", "a@x.orgg"]),
    ("x?y*z+", ["z", "xyyzz", "xx", "y"]),
    ("colou?r", ["color", "colour", "colouur"]),
    ("[A-Z]{3}", ["ABC", "AB", "abc", "ABCD"]),
    ("[0-9A-Z]{3}", ["08X", "0 X"]),
    (
        "NHS .+ Clinical Commissioning Group",
        [
            "NHS Leeds Clinical Commissioning Group",
            "NHS  Clinical Commissioning Group",
            "NHS A B Clinical Commissioning Group",
        ],
    ),
    ("[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", ["LS1 4AP", "SW1A 1AA", "W1 1AA", "LS14AP", "1AA"]),
    ('".*"', ['"quoted"', '"', 'x"y"']),
    ("\\\\[a-z]", ["\\n", "\\", "n"]),
    ("\\t\\n", ["\t\n", "tn"]),
]


def test_translation_forms() -> None:
    assert rx.translate_pattern("a{1,3}") == "a(a(a)?)?"
    assert rx.translate_pattern("\\d{2}") == "[0-9][0-9]"
    assert rx.translate_pattern("a.c") == "a[ac\uffff]c"  # '.' over the alphabet plus "other"
    assert rx.translate_pattern("[%.]") == "[%%.]"
    assert rx.is_deterministic("[A-Z]{3}\\d{1,2}")
    assert not rx.is_deterministic(".+ x")
    with pytest.raises(PatternError):
        rx.translate_pattern("(a|b)")


@pytest.mark.requires_durable
def test_regex_table_through_the_engine(engine: durable.DurableEngine) -> None:
    rules, strings = [], sorted({s for _, ss in REGEX_TABLE for s in ss} | {""})
    for i, (source, _) in enumerate(REGEX_TABLE):
        rules.append(rule(f"rx{i}", Binding("v", "text", (Test("s", Op.MATCHES, pat(source)),))))
        rules.append(rule(f"nx{i}", Binding("v", "text", (Test("s", Op.NOT_MATCHES, pat(source)),))))
    rules.append(rule("unicode", Binding("v", "text", (Test("s", Op.MATCHES, Pattern("\\d+", "\\d+")),))))
    facts = [fact("text", f"/t/{i}", s=s) for i, s in enumerate(strings)]
    found = check(engine, plan_of(*rules), facts)
    assert f"/t/{strings.index('١٢٣')}" in ids(found, "unicode")  # Unicode \d: evaluated in Python
    for i, (source, examples) in enumerate(REGEX_TABLE):
        for s in examples:
            assert (f"/t/{strings.index(s)}" in ids(found, f"rx{i}")) == bool(
                re.fullmatch("(?a)" + source, s)
            )


# --- randomised differential test ------------------------------------------------------------

NAMES = ["Ann Lee", "ann lee", "Bo", "Zoë", 'Al"x', "a\\b", "", "Dr Who", "X1", "NHS A"]
ORGS = ["NHS", "NHS A", "NHS!", "nhs", "A B", "B"]
ROLES = ["chair", "ao", "cfo", "lay"]
PATTERNS = [
    pat(s)
    for s in [
        "[A-Z][a-z]+",
        "[a-z ]*",
        "\\w+",
        ".*",
        "A.*",
        "[^ ]+",
        "\\d{1,2}",
        "[A-Z]\\w{0,3}",
        ".+ .+",
        "[a-z]*e",
        "Dr .+",
        ".*e.*",
    ]
]
FIELDS: dict[str, dict[str, list[Any]]] = {
    M: {
        "id": ["M1", "M2", "M3", "M4"],
        "name": NAMES,
        "lay": [True, False],
        "joined": list(range(8)),
        "score": [0.5, 1.0, 2.25, -1.5, 2],
        "org": ORGS,
    },
    "post": {
        "post": ["ao", "cfo", "chair"],
        "person": ["P1", "P2", "P3"],
        "member_id": ["M1", "M2", "M3", "M5"],
    },
    "declaration": {"member_id": ["M1", "M2", "M3"], "declared_on": list(range(8))},
}
JOINS = {
    ("post", M): [("member_id", "id")],
    ("declaration", M): [("member_id", "id"), ("$parent", "$path")],
    ("post", "post"): [("person", "person")],
    (M, M): [("id", "id"), ("org", "org")],
}


def random_test(r: random.Random, fact_type: str, refs: dict[str, str], in_any_of: bool = False) -> Test:
    if refs and not in_any_of and r.random() < 0.35:
        alias = r.choice(sorted(refs))
        pairs = JOINS.get((fact_type, refs[alias]))
        if pairs:
            own, other = r.choice(pairs)
            return Test(own, r.choice([Op.EQ, Op.EQ, Op.NE]), Ref(alias, other))
    name = r.choice(sorted(FIELDS[fact_type]) + (["roles", "name", "name"] if fact_type == M else []))
    if name == "roles":
        return Test(name, r.choice([Op.CONTAINS, Op.NOT_CONTAINS, Op.EXISTS]), r.choice(ROLES))
    values = FIELDS[fact_type][name]
    kinds = [Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.EXISTS, Op.MISSING]
    if not isinstance(values[0], bool):
        kinds += [Op.LT, Op.LE, Op.GT, Op.GE]
    if name == "name":
        kinds += [Op.MATCHES] * 4 + ([] if in_any_of else [Op.NOT_MATCHES] * 3)
    op = r.choice(kinds)
    if op in (Op.EXISTS, Op.MISSING):
        return Test(name, op)
    if op in (Op.MATCHES, Op.NOT_MATCHES):
        return Test(name, op, r.choice(PATTERNS))
    if op in (Op.IN, Op.NOT_IN):
        return Test(name, op, tuple(r.sample(values, r.randint(1, min(3, len(values))))))
    return Test(name, op, r.choice(values))


def random_rule(r: random.Random, index: int) -> CompiledRule:
    steps: list[Step] = []
    refs: dict[str, str] = {}
    for i in range(r.choice([1, 1, 2, 2, 3])):
        fact_type = r.choice([M, M, "post", "declaration"])
        criteria: list[Criterion] = [random_test(r, fact_type, refs) for _ in range(r.randint(0, 2))]
        if r.random() < 0.15:
            criteria.append(
                AnyOf(
                    tuple(
                        tuple(random_test(r, fact_type, {}, True) for _ in range(r.randint(1, 2)))
                        for _ in range(r.randint(1, 3))
                    )
                )
            )
        steps.append(Binding(f"b{i}", fact_type, tuple(criteria)))
        refs[f"b{i}"] = fact_type
    if r.random() < 0.2:
        outer = r.choice([None, "b0"])
        steps.append(
            Count("c", "declaration", (), r.choice([Op.LT, Op.GE, Op.EQ]), r.randint(0, 2), outer=outer)
        )
    if r.random() < 0.15:
        steps.append(Compare("v", 1, r.choice([Op.GT, Op.LE, Op.NE]), 0))
    absent: list[Absent] = []
    if r.random() < 0.35:
        fact_type = r.choice([M, "post", "declaration"])
        absent.append(
            Absent("x", fact_type, tuple(random_test(r, fact_type, refs) for _ in range(r.randint(1, 2))))
        )
    return rule(f"R{index}", *steps, absent=tuple(absent))


def random_document(r: random.Random, rules: Sequence[CompiledRule], number: int) -> list[dict[str, object]]:
    facts: list[dict[str, object]] = []
    for fact_type, count in (
        (M, r.randint(0, 4)),
        ("post", r.randint(0, 3)),
        ("declaration", r.randint(0, 3)),
    ):
        for i in range(count):
            fields = {k: r.choice(v) for k, v in FIELDS[fact_type].items() if r.random() < 0.8}
            if fact_type == M and r.random() < 0.8:
                fields["roles"] = tuple(r.sample(ROLES, r.randint(0, 2)))
            facts.append(fact(fact_type, f"/{number}/{fact_type}/{i}", **fields))
    members = [f for f in facts if f["$type"] == M]
    for f in facts:
        if f["$type"] == "declaration" and members and r.random() < 0.5:
            f["$parent"] = r.choice(members)["$path"]
    for rl in rules:
        for step in rl.condition.steps:
            if isinstance(step, Count):
                keys = [str(f["$path"]) for f in facts if f["$type"] == M] if step.outer else [""]
                for k, key in enumerate(keys):
                    facts.append(
                        fact(
                            "$count",
                            f"/$c/{rl.rule_id}/{k}",
                            rule=rl.rule_id,
                            alias=step.alias,
                            key=key,
                            n=r.randint(0, 3),
                        )
                    )
            elif isinstance(step, Compare) and r.random() < 0.8:
                facts.append(
                    fact(
                        "$value",
                        f"/$v/{rl.rule_id}",
                        rule=rl.rule_id,
                        alias=step.alias,
                        left=1,
                        right=0,
                        diff=r.choice([-1, 0, 1.5]),
                    )
                )
    r.shuffle(facts)
    return facts


@pytest.mark.slow
@pytest.mark.requires_durable
def test_randomised_differential(engine: durable.DurableEngine) -> None:
    # 2,400 documents; six plans of 30 random rules each, for variety of rule shapes.
    r = random.Random(20240607)
    total = 0
    for round_ in range(6):
        rules = [random_rule(r, i) for i in range(30)]
        plan = plan_of(*rules)
        for number in range(400):
            facts = random_document(r, rules, number)
            expected = reference(plan, facts)
            assert set(engine.match(plan, facts)) == expected, (round_, number)
            total += len(expected)
    assert total > 20_000  # the rules do fire


# --- lifecycle, caching, threads ---------------------------------------------------------------

LIFECYCLE_RULES = (
    rule(
        "L1",
        Binding("m", M, (Test("lay", Op.EQ, True),)),
        absent=(Absent("d", "declaration", (Test("member_id", Op.EQ, Ref("m", "id")),)),),
    ),
    rule("L2", Binding("m", M), Binding("p", "post", (Test("member_id", Op.EQ, Ref("m", "id")),))),
    rule("L3", Binding("m", M, (Test("name", Op.NOT_MATCHES, pat("[A-Z][a-z]+")),))),
)


def lifecycle_documents(n: int) -> list[list[dict[str, object]]]:
    r = random.Random(n)
    return [random_document(r, LIFECYCLE_RULES, i) for i in range(n)]


@pytest.mark.requires_durable
def test_one_c_ruleset_per_plan_and_many_documents(engine: durable.DurableEngine) -> None:
    plan = RulePlan("lifecycle", LIFECYCLE_RULES)
    before = durable.rulesets_created
    documents = lifecycle_documents(1200)  # more than durable's 1,024 live sessions
    first = [sorted(engine.match(plan, doc), key=repr) for doc in documents]
    again = [
        sorted(engine.match(RulePlan("lifecycle", LIFECYCLE_RULES), doc), key=repr) for doc in documents[:100]
    ]
    assert again == first[:100]
    assert durable.rulesets_created == before + 1
    assert all(set(got) == reference(plan, doc) for got, doc in zip(first, documents, strict=True))


@pytest.mark.requires_durable
def test_threads_match_a_serial_run(engine: durable.DurableEngine) -> None:
    plan = RulePlan("threads", LIFECYCLE_RULES)
    documents = lifecycle_documents(400)
    serial = [sorted(engine.match(plan, doc), key=repr) for doc in documents]
    results: dict[int, list[Match]] = {}
    errors: list[BaseException] = []

    def work(start: int) -> None:
        try:
            for i in range(start, len(documents), 8):
                results[i] = sorted(engine.match(plan, documents[i]), key=repr)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert [results[i] for i in range(len(documents))] == serial


@pytest.mark.requires_durable
def test_cache_is_bounded(engine: durable.DurableEngine) -> None:
    doc = [fact(M, "/m/0", lay=True)]
    for i in range(durable._CACHE_SIZE + 3):
        plan = RulePlan(f"lru-{i}", (rule("A", Binding("m", M, (Test("joined", Op.NE, i),))),))
        assert engine.match(plan, doc) == []
    assert len(durable._cache) == durable._CACHE_SIZE


def test_missing_backend_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(name: str) -> None:
        raise ImportError(name)

    monkeypatch.setattr("importlib.import_module", fail)
    with pytest.raises(DurableEngineError, match=r"install ccg-rules\[durable\]"):
        durable.DurableEngine()


def test_importing_the_module_does_not_load_durable() -> None:
    code = "import sys, ccg_rules.engines.durable; print('durable_rules_engine' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
