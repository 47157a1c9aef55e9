"""Match: the engine's matches, each turned into a firing that holds the facts it bound.

An engine returns which rules fire on which tuples of fact paths; here each path is
looked up once, the duplicates an engine may return for one reported place are reduced
to the first in reading order, and the result is all the findings stage needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from ccg_rules._record import Record
from ccg_rules.engines.base import Engine, Fact, Match
from ccg_rules.engines.derive import derive
from ccg_rules.pipeline.flatten import FactSet
from ccg_rules.rules.ir import Condition, RulePlan
from ccg_rules.rules.templates import Template

_set = object.__setattr__


class Parsed(Protocol):
    """What matching and wording read of a parsed condition (`ccg_rules.rules.language.ParsedCondition`)."""

    @property
    def condition(self) -> Condition:
        """The condition."""


class Matchable(Protocol):
    """What matching and wording read of a rule.

    A `ccg_rules.rules.ruleset.Rule`, or any record with the same three attributes.
    """

    @property
    def id(self) -> str:
        """The rule's id."""

    @property
    def _parsed(self) -> Parsed:
        """The rule's condition, parsed."""

    @property
    def _templates(self) -> Mapping[str, Template]:
        """The rule's message, expected and actual templates."""


class RuleSource(Protocol):
    """A ruleset version as matching reads it: its rules, in order."""

    @property
    def rules(self) -> Sequence[Matchable]:
        """The rules."""


_Key = tuple[tuple[int, int | str], ...]


class Firing(Record):
    """One rule firing at one reported place.

    Attributes:
        rule: The rule that fired.
        pointer: The JSON Pointer of the place the finding is reported at.
        facts: The fact bound to each alias of the rule's steps.
    """

    _fields = ("rule", "pointer", "facts")
    __slots__ = _fields

    rule: Matchable
    pointer: str
    facts: Mapping[str, Fact]

    def __init__(self, rule: Matchable, pointer: str, facts: Mapping[str, Fact]) -> None:
        _set(self, "rule", rule)
        _set(self, "pointer", pointer)
        _set(self, "facts", facts)


def _pointer_key(pointer: str) -> _Key:
    """Order pointers as a person reads them: list indexes numerically (2 before 10)."""
    return tuple((0, int(t)) if t.isascii() and t.isdigit() else (1, t) for t in pointer.split("/"))


def _order(match: Match) -> tuple[_Key, ...]:
    return tuple(_pointer_key(path) for _, path in match.bindings)


def _reported_at(rule: Matchable, match: Match) -> str:
    cond = rule._parsed.condition
    if cond.report is None:
        assert cond.report_pointer is not None
        return cond.report_pointer
    pointer = dict(match.bindings)[cond.report]
    if cond.report_field:
        pointer += "/" + cond.report_field.replace(".", "/")
    return pointer


def _first_per_place(rule: Matchable, matches: Sequence[Match]) -> dict[str, Match]:
    """The match of ``rule`` to report at each place: the one whose paths sort first.

    Places are in the order the engine first reported them; the sort key of a place's
    best match is kept, so each match's key is worked out at most once, and only when
    two matches meet at one place.
    """
    chosen: dict[str, Match] = {}
    orders: dict[str, tuple[_Key, ...]] = {}
    for m in matches:
        pointer = _reported_at(rule, m)
        best = chosen.get(pointer)
        if best is None:
            chosen[pointer] = m
            continue
        order = _order(m)
        best_order = orders.get(pointer)
        if best_order is None:
            best_order = orders[pointer] = _order(best)
        if order < best_order:
            chosen[pointer], orders[pointer] = m, order
    return chosen


def firings(ruleset: RuleSource, plan: RulePlan, facts: FactSet, engine: Engine) -> list[Firing]:
    """Match ``plan`` against the document's ``facts`` with ``engine``.

    Args:
        ruleset: The ruleset version the plan was made from.
        plan: The rules to evaluate (`ccg_rules.pipeline.plan.plan_for`).
        facts: The document's facts (`ccg_rules.pipeline.flatten.flatten`).
        engine: The matcher.

    Returns:
        One firing per rule and reported place, in rule order, then in the order the
        engine first reported each place.
    """
    extra = derive(plan, facts.facts, relations=not engine.relational)
    matches = engine.match(plan, [*facts.facts, *extra])
    by_path: dict[str, Fact] = {**facts.by_path, **{str(f["$path"]): f for f in extra}}
    by_rule: dict[str, list[Match]] = {}
    for m in matches:
        by_rule.setdefault(m.rule_id, []).append(m)
    out: list[Firing] = []
    for rule in ruleset.rules:
        found = by_rule.get(rule.id)
        if found is None:  # most rules do not fire
            continue
        for pointer, m in _first_per_place(rule, found).items():
            out.append(Firing(rule, pointer, {alias: by_path[path] for alias, path in m.bindings}))
    return out
