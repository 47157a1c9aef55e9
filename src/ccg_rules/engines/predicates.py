"""Criteria compiled to Python closures (used by the Python engine and by derivation)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ccg_rules.engines.base import Fact
from ccg_rules.rules.ir import AnyOf, Criterion, Op, Pattern, Ref, Test
from ccg_rules.rules.patterns import compile_pattern

Env = Mapping[str, Fact]
Predicate = Callable[[Fact, Env], bool]


def _test(t: Test) -> Predicate:
    key, op, operand = t.field, t.op, t.operand
    if op is Op.EXISTS:
        return lambda f, env: f.get(key) is not None
    if op is Op.MISSING:
        return lambda f, env: f.get(key) is None
    if isinstance(operand, Ref):
        alias, other = operand.alias, operand.field
        if op is Op.EQ:

            def eq_ref(f: Fact, env: Env) -> bool:
                v, w = f.get(key), env[alias].get(other)
                return v is not None and w is not None and v == w

            return eq_ref

        def ne_ref(f: Fact, env: Env) -> bool:
            v, w = f.get(key), env[alias].get(other)
            return v is not None and w is not None and v != w

        return ne_ref
    if isinstance(operand, Pattern):
        rx = compile_pattern(operand)
        want = op is Op.MATCHES

        def match(f: Fact, env: Env) -> bool:
            v = f.get(key)
            return v is not None and rx.fullmatch(str(v)) is want

        return match
    compare: Callable[[Any, Any], bool] = {
        Op.EQ: lambda v, c: v == c,
        Op.NE: lambda v, c: v != c,
        Op.LT: lambda v, c: v < c,
        Op.LE: lambda v, c: v <= c,
        Op.GT: lambda v, c: v > c,
        Op.GE: lambda v, c: v >= c,
        Op.IN: lambda v, c: v in c,
        Op.NOT_IN: lambda v, c: v not in c,
        Op.CONTAINS: lambda v, c: c in v,
        Op.NOT_CONTAINS: lambda v, c: c not in v,
    }[op]

    def const(f: Fact, env: Env) -> bool:
        v = f.get(key)
        return v is not None and compare(v, operand)

    return const


def _any(branches: list[Predicate]) -> Predicate:
    return lambda f, env: any(b(f, env) for b in branches)


def compile_criteria(criteria: Sequence[Criterion]) -> Predicate:
    """Return one predicate that holds when every criterion holds."""
    parts: list[Predicate] = []
    for c in criteria:
        parts.append(_any([compile_criteria(b) for b in c.branches]) if isinstance(c, AnyOf) else _test(c))
    if not parts:
        return lambda f, env: True
    if len(parts) == 1:
        return parts[0]
    return lambda f, env: all(p(f, env) for p in parts)


def holds(op: Op, value: float, threshold: float) -> bool:
    """Whether ``value <op> threshold`` for the comparison operators."""
    if op is Op.EQ:
        return value == threshold
    if op is Op.NE:
        return value != threshold
    if op is Op.LT:
        return value < threshold
    if op is Op.LE:
        return value <= threshold
    if op is Op.GT:
        return value > threshold
    if op is Op.GE:
        return value >= threshold
    raise ValueError(op)
