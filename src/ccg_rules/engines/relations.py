"""Comparisons between two facts' fields, pre-computed as facts for durable-rules.

durable-rules compares a field only with a constant or, for equality, with another
fact's field; a relational comparison between facts crashes it. So a `Shifted` test
(``declared <= $d.aware + 28 days``) is evaluated here, in Python, with the very
predicate the Python engine uses, and the outcome becomes a fact that durable joins on:

* for an ``each`` step, one ``$rel`` fact per tuple of the step's own fact (path in
  ``left``) and one fact of each step its `Shifted` tests name (path in ``with.<alias>``)
  for which every `Shifted` test of the step holds;
* for an ``absent`` pattern, one ``$some`` fact per tuple of facts of the steps its
  references name (paths in ``key.<alias>``; one fact with no keys when it names none)
  for which some fact satisfies every criterion of the pattern.

The parser lets such a step or pattern name at most `ccg_rules.rules.ir.MAX_RELATED` other steps, which
bounds the product.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

from ccg_rules.engines.base import Fact
from ccg_rules.engines.predicates import compile_criteria
from ccg_rules.rules.ir import Absent, Binding, CompiledRule, Criterion, Ref, Shifted, Test


def shifted_tests(criteria: Iterable[Criterion]) -> list[Test]:
    """The top-level tests of ``criteria`` whose operand is `Shifted`."""
    return [c for c in criteria if isinstance(c, Test) and isinstance(c.operand, Shifted)]


def named_aliases(own: str, criteria: Iterable[Criterion]) -> tuple[str, ...]:
    """The other aliases that the references of ``criteria`` name, sorted."""
    named = {
        c.operand.alias
        for c in criteria
        if isinstance(c, Test) and isinstance(c.operand, Ref | Shifted) and c.operand.alias != own
    }
    return tuple(sorted(named))


def _base(kind: str, rule: str, alias: str, n: int) -> dict[str, object]:
    return {
        "$type": kind,
        "$path": f"{kind}/{rule}/{alias}/{n}",
        "$parent": "",
        "$index": n,
        "rule": rule,
        "alias": alias,
    }


def _pairs(
    rule: str, step: Binding, types: Mapping[str, str], by_type: Mapping[str, Sequence[Fact]]
) -> list[Fact]:
    tests = shifted_tests(step.criteria)
    test = compile_criteria(tests)
    named = named_aliases(step.alias, tests)
    out: list[Fact] = []
    for t in by_type.get(step.fact_type, ()):
        for others in itertools.product(*(by_type.get(types[a], ()) for a in named)):
            env = {step.alias: t, **dict(zip(named, others, strict=True))}
            if test(t, env):
                fields = {f"with.{a}": u["$path"] for a, u in zip(named, others, strict=True)}
                out.append({**_base("$rel", rule, step.alias, len(out)), "left": t["$path"], **fields})
    return out


def _witnesses(
    rule: str, pattern: Absent, types: Mapping[str, str], by_type: Mapping[str, Sequence[Fact]]
) -> list[Fact]:
    test = compile_criteria(pattern.criteria)
    named = named_aliases(pattern.alias, pattern.criteria)
    candidates = by_type.get(pattern.fact_type, ())
    out: list[Fact] = []
    for others in itertools.product(*(by_type.get(types[a], ()) for a in named)):
        env = dict(zip(named, others, strict=True))
        if any(test(t, {**env, pattern.alias: t}) for t in candidates):
            fields = {f"key.{a}": u["$path"] for a, u in zip(named, others, strict=True)}
            out.append({**_base("$some", rule, pattern.alias, len(out)), **fields})
    return out


def relation_facts(rule: CompiledRule, by_type: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    """The ``$rel`` and ``$some`` facts ``rule`` needs for a document's facts."""
    types = {s.alias: s.fact_type for s in rule.condition.steps if isinstance(s, Binding)}
    out: list[Fact] = []
    for step in rule.condition.steps:
        if isinstance(step, Binding) and shifted_tests(step.criteria):
            out.extend(_pairs(rule.rule_id, step, types, by_type))
    for pattern in rule.condition.absent:
        if shifted_tests(pattern.criteria):
            out.extend(_witnesses(rule.rule_id, pattern, types, by_type))
    return out
