"""Criteria compiled to Python closures (used by the Python engine and by derivation)."""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ccg_rules.engines.base import Fact
from ccg_rules.rules.dates import add_period
from ccg_rules.rules.ir import AnyOf, Criterion, Op, Pattern, Ref, Shifted, Test
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
    if isinstance(operand, Shifted):
        return _shifted(key, op, operand)
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
