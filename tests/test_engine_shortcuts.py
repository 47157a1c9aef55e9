"""The Python engine's and derivation's shortcuts never skip work that decides a match.

`ccg_rules.engines.python` leaves out calls it knows cannot matter: a step without tests
that read other facts calls no predicate for them, a rule whose first step finds no fact
is dropped at once, short conjunctions and disjunctions are spelt out, and derivation
prepares each plan once. Each test here is built so that a shortcut taken where it must
not be changes the outcome.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import pytest

from ccg_rules.engines.base import Fact, Match
from ccg_rules.engines.derive import derive
from ccg_rules.engines.predicates import compile_criteria
from ccg_rules.engines.python import PythonEngine, _compile, _Step
from ccg_rules.pipeline.match import _first_per_place
from ccg_rules.rules.ir import (
    Absent,
    AnyOf,
    Binding,
    CompiledRule,
    Condition,
    Count,
    Criterion,
    Op,
    Ref,
    RulePlan,
    Shifted,
    Test,
)


def _fact(kind: str, n: int, **fields: object) -> dict[str, object]:
    return {"$type": kind, "$path": f"/{kind}/{n}", "$parent": "", "$index": n, **fields}


def _rule(*steps: Binding | Count, absent: tuple[Absent, ...] = ()) -> CompiledRule:
    return CompiledRule("R", Condition(tuple(steps), absent, report=steps[0].alias))


def _match(rule: CompiledRule, facts: Sequence[Fact], key: str) -> list[tuple[tuple[str, str], ...]]:
    plan = RulePlan(f"shortcuts/{key}", (rule,))
    derived = derive(plan, facts, relations=False)
    return [m.bindings for m in PythonEngine().match(plan, [*facts, *derived])]


def test_a_join_step_with_a_rest_test_evaluates_it() -> None:
    step = Binding("b", "t", (Test("g", Op.EQ, Ref("a", "g")), Test("x", Op.NE, Ref("a", "x"))))
    rule = _rule(Binding("a", "t"), step)
    first, second = _compile(rule).steps
    assert isinstance(first, _Step)
    assert isinstance(second, _Step)
    assert first.rest is None  # no predicate is called for it
    assert second.rest is not None
    facts = [_fact("t", 0, g=1, x=1), _fact("t", 1, g=1, x=2), _fact("t", 2, g=1, x=1)]
    found = _match(rule, facts, "join-rest")
    # the join alone lets all nine pairs through; the ne test keeps those that differ
    assert found == [
        (("a", "/t/0"), ("b", "/t/1")),
        (("a", "/t/1"), ("b", "/t/0")),
        (("a", "/t/1"), ("b", "/t/2")),
        (("a", "/t/2"), ("b", "/t/1")),
    ]


def test_a_first_step_reading_its_own_fact_evaluates_that_test() -> None:
    rule = _rule(Binding("a", "t", (Test("until", Op.GE, Shifted("a", "since", 28)),)))
    facts = [_fact("t", 0, since=100, until=127), _fact("t", 1, since=100, until=128), _fact("t", 2, since=1)]
    assert _match(rule, facts, "own") == [(("a", "/t/1"),)]


def test_an_absent_pattern_with_a_rest_test_blocks_only_when_it_holds() -> None:
    pattern = Absent("z", "u", (Test("g", Op.EQ, Ref("a", "g")), Test("v", Op.GT, Shifted("a", "v"))))
    rule = _rule(Binding("a", "t"), absent=(pattern,))
    facts = [_fact("t", 0, g=1, v=5), _fact("t", 1, g=1, v=9), _fact("t", 2, g=2, v=0), _fact("u", 0, g=1, v=7)]
    # /t/0 is blocked (7 > 5); /t/1 is not (7 < 9), nor /t/2 (no u with g=2)
    assert _match(rule, facts, "absent-rest") == [(("a", "/t/1"),), (("a", "/t/2"),)]


def test_an_absent_pattern_without_a_rest_test_blocks_on_any_joined_fact() -> None:
    rule = _rule(Binding("a", "t"), absent=(Absent("z", "u", (Test("g", Op.EQ, Ref("a", "g")),)),))
    facts = [_fact("t", 0, g=1), _fact("t", 1, g=2), _fact("t", 2), _fact("u", 0, g=2), _fact("u", 1)]
    # an absent field joins nothing, on either side
    assert _match(rule, facts, "absent-join") == [(("a", "/t/0"),), (("a", "/t/2"),)]


def test_joins_on_two_fields_need_both_and_an_absent_field_joins_nothing() -> None:
    step = Binding("b", "u", (Test("g", Op.EQ, Ref("a", "g")), Test("h", Op.EQ, Ref("a", "h"))))
    rule = _rule(Binding("a", "t"), step)
    facts = [
        _fact("t", 0, g=1, h="x"),
        _fact("t", 1, g=1),
        _fact("u", 0, g=1, h="x"),
        _fact("u", 1, g=1, h="y"),
        _fact("u", 2, g=1),
        _fact("u", 3, g=True, h="x"),  # True equals 1, as the grammar's eq has it
    ]
    assert _match(rule, facts, "two-joins") == [
        (("a", "/t/0"), ("b", "/u/0")),
        (("a", "/t/0"), ("b", "/u/3")),
    ]


def test_a_rule_opening_with_a_count_fires_with_no_facts_at_all() -> None:
    """Only a first step that binds facts lets an empty candidate list drop the rule."""
    rule = _rule(Count("n", "t", (), Op.EQ, 0))
    assert _compile(rule).opening is None
    assert _match(rule, [], "count-first") == [(("n", "$count/R/n"),)]
    opened = _rule(Binding("a", "t", (Test("x", Op.EQ, 1),)))
    assert _compile(opened).opening is not None
    assert _match(opened, [_fact("t", 0, x=2)], "binding-first") == []


def _const(outcome: bool) -> Criterion:
    return Test("x", Op.EQ, 1) if outcome else Test("x", Op.EQ, 2)


@pytest.mark.parametrize("size", range(1, 6))
def test_every_part_of_a_conjunction_and_a_disjunction_counts(size: int) -> None:
    fact = {"x": 1}
    for outcomes in itertools.product((True, False), repeat=size):
        parts = [_const(o) for o in outcomes]
        assert compile_criteria(parts)(fact, {}) is all(outcomes)
        either = compile_criteria([AnyOf(tuple((p,) for p in parts))])
        assert bool(either(fact, {})) is any(outcomes)


def _count_plan(key: str, threshold: int) -> RulePlan:
    rule = CompiledRule("R", Condition((Count("n", "t", (Test("x", Op.EQ, 1),), Op.GE, threshold),)))
    return RulePlan(key, (rule,))


def test_derivation_prepares_a_plan_by_its_rules_not_by_its_key_alone() -> None:
    facts = [_fact("t", 0, x=1), _fact("t", 1, x=1), _fact("t", 2, x=2)]
    first, other = _count_plan("shared-key", 1), _count_plan("shared-key", 5)
    assert [f["n"] for f in derive(first, facts)] == [2]
    # the same key, other rule objects: derived again, from the other plan's rules
    other_rule = RulePlan("shared-key", (CompiledRule("S", other.rules[0].condition),))
    assert [f["rule"] for f in derive(other_rule, facts)] == ["S"]
    cut = RulePlan(first.key, first.rules)  # a plan made anew over the same rule objects
    assert derive(cut, facts) == derive(first, facts)


def _stub(report: str) -> Any:
    return SimpleNamespace(id="R", _parsed=SimpleNamespace(condition=Condition((), report=report)))


def test_the_first_match_per_place_is_the_one_whose_paths_sort_first() -> None:
    def m(*paths: str) -> Match:
        return Match("R", tuple(zip(("p", "q"), paths, strict=True)))

    found = [m("/a/0", "/b/10"), m("/a/1", "/b/0"), m("/a/0", "/b/2"), m("/a/0", "/b/9"), m("/a/0", "/b/2")]
    chosen = _first_per_place(_stub("p"), found)
    assert list(chosen) == ["/a/0", "/a/1"]  # places in the order first reported
    assert chosen["/a/0"] is found[2]  # 2 sorts before 9 and 10; of two equal, the first
    assert chosen["/a/1"] is found[1]
