"""Criteria compiled to Python closures (used by the Python engine and by derivation)."""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from ccg_rules.engines.base import Fact
from ccg_rules.rules.dates import add_period
from ccg_rules.rules.grammar import BY_OP, IS_OPS
from ccg_rules.rules.ir import AnyOf, Criterion, Op, Pattern, Ref, Shifted, Test
from ccg_rules.rules.patterns import compile_pattern

Env = Mapping[str, Fact]
Predicate = Callable[[Fact, Env], bool]

NO_ENV: Env = MappingProxyType({})
"""The environment of a local test, which reads no other fact (one shared, never written)."""


def _test(t: Test) -> Predicate:
    """One test as a closure: the evaluation is the grammar's (`ccg_rules.rules.grammar`)."""
    key, op, operand = t.field, t.op, t.operand
    spec = BY_OP[op]
    test, when_absent = spec.evaluate, spec.when_absent
    if isinstance(operand, Ref):
        alias, other = operand.alias, operand.field

        def ref(f: Fact, env: Env) -> bool:
            v, w = f.get(key), env[alias].get(other)
            return v is not None and w is not None and test(v, w)

        return ref
    if isinstance(operand, Shifted):
        return _shifted(key, op, operand)
    constant: object = compile_pattern(operand) if isinstance(operand, Pattern) else operand

    def const(f: Fact, env: Env) -> bool:
        v = f.get(key)
        return when_absent if v is None else test(v, constant)

    return const


def shifted_value(value: object, operand: Shifted) -> int | float | None:
    """``value`` moved by ``operand``'s offset, or None when it is not a number or date."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if operand.unit is None:
        return value + operand.amount
    if not isinstance(value, int):
        return None
    return add_period(value, operand.unit, int(operand.amount))


def _shifted(key: str, op: Op, operand: Shifted) -> Predicate:
    alias, other = operand.alias, operand.field

    def relate(f: Fact, env: Env) -> bool:
        v = f.get(key)
        w = shifted_value(env[alias].get(other), operand)
        if v is None or w is None or isinstance(v, bool):
            return False
        return holds(op, typing.cast(float, v), w)

    return relate


def _any(branches: list[Predicate]) -> Predicate:
    # two or three branches are spelt out: a generator per call costs more than the tests
    if len(branches) == 1:
        return branches[0]
    if len(branches) == 2:
        a, b = branches
        return lambda f, env: a(f, env) or b(f, env)
    if len(branches) == 3:
        a, b, c = branches
        return lambda f, env: a(f, env) or b(f, env) or c(f, env)
    return lambda f, env: any(b(f, env) for b in branches)


def _all(parts: list[Predicate]) -> Predicate:
    # as in `_any`: the common short conjunctions without a generator
    if not parts:
        return lambda f, env: True
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda f, env: a(f, env) and b(f, env)
    if len(parts) == 3:
        a, b, c = parts
        return lambda f, env: a(f, env) and b(f, env) and c(f, env)
    return lambda f, env: all(p(f, env) for p in parts)


def compile_criteria(criteria: Sequence[Criterion]) -> Predicate:
    """Return one predicate that holds when every criterion holds."""
    parts: list[Predicate] = []
    for c in criteria:
        parts.append(_any([compile_criteria(b) for b in c.branches]) if isinstance(c, AnyOf) else _test(c))
    return _all(parts)


def compile_tests(criteria: Sequence[Criterion]) -> Predicate | None:
    """The criteria as one predicate, or None when there are none (so that no call is made)."""
    return compile_criteria(criteria) if criteria else None


def holds(op: Op, value: float, threshold: float) -> bool:
    """Whether ``value <op> threshold`` for the comparison operators of ``is``."""
    if op not in IS_OPS:
        raise ValueError(op)
    return BY_OP[op].evaluate(value, threshold)
