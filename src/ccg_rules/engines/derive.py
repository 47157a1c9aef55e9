"""Derived facts: counts, arithmetic and relations, computed once in Python for every engine.

durable-rules has no aggregation and crashes on relational comparisons between facts, so
``count`` and ``compare`` steps are pre-computed here as ``$count`` and ``$value`` facts
(see `ccg_rules.rules.ir`), and comparisons between two facts as ``$rel`` and ``$some``
facts (`ccg_rules.engines.relations`). Both engines then only test them against constants.
The derived fact types of the schema (`ccg_rules.fact_types.SPECIALIST_WINDOW`) are made here
too, when some rule of the plan names one (`ccg_rules.engines.windows`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from ccg_rules._record import Record
from ccg_rules.engines.base import Fact
from ccg_rules.engines.predicates import NO_ENV, Predicate, compile_tests
from ccg_rules.engines.relations import relation_facts
from ccg_rules.engines.windows import specialist_windows
from ccg_rules.fact_types import SPECIALIST_WINDOW
from ccg_rules.rules.grammar import BY_ARITH
from ccg_rules.rules.ir import (
    Absent,
    Arith,
    Binding,
    Compare,
    CompiledRule,
    Count,
    Expr,
    Field,
    Ref,
    RulePlan,
    Test,
)

_set = object.__setattr__


def _expr(e: Expr, root: Fact) -> float | None:
    if isinstance(e, Field):
        v = root.get(e.name)
        return v if isinstance(v, int | float) and not isinstance(v, bool) else None
    if isinstance(e, Arith):
        a, b = _expr(e.left, root), _expr(e.right, root)
        if a is None or b is None:
            return None
        return BY_ARITH[e.op].evaluate(a, b)
    return e



_LOCAL: dict[int, tuple[Count, list[tuple[str, str]], Predicate | None]] = {}
"""A count step's joins and compiled local tests (None: there are none), by the step's identity.

The step itself is kept in the entry and checked, so a reused id never finds another step's
tests; records are not used as keys because they compare 1, 1.0 and True equal.
"""
_LOCAL_LIMIT = 4096


def _compiled(step: Count) -> tuple[list[tuple[str, str]], Predicate | None]:
    entry = _LOCAL.get(id(step))
    if entry is not None and entry[0] is step:
        return entry[1], entry[2]
    joins = [
        (t.field, t.operand.field)
        for t in step.criteria
        if isinstance(t, Test) and isinstance(t.operand, Ref)
    ]
    tests = [c for c in step.criteria if not (isinstance(c, Test) and isinstance(c.operand, Ref))]
    local = compile_tests(tests)
    if len(_LOCAL) >= _LOCAL_LIMIT:
        _LOCAL.clear()
    _LOCAL[id(step)] = (step, joins, local)
    return joins, local


def _count_facts(
    rule_id: str, step: Count, by_type: Mapping[str, Sequence[Fact]], outer_type: str | None
) -> list[Fact]:
    joins, local = _compiled(step)
    facts = by_type.get(step.fact_type, ())
    inner = facts if local is None else [f for f in facts if local(f, NO_ENV)]
    base = {"$type": "$count", "$parent": "", "$index": 0, "rule": rule_id, "alias": step.alias}
    if step.outer is None or outer_type is None:
        path = f"$count/{rule_id}/{step.alias}"
        return [{**base, "$path": path, "key": "", "n": len(inner)}]
    groups: dict[tuple[object, ...], int] = defaultdict(int)
    for f in inner:
        values = tuple(f.get(field) for field, _ in joins)
        if None not in values:
            groups[values] += 1
    out: list[Fact] = []
    for o in by_type.get(outer_type, ()):
        values = tuple(o.get(other) for _, other in joins)
        n = 0 if None in values else groups.get(values, 0)
        key = o["$path"]
        out.append({**base, "$path": f"$count/{rule_id}/{step.alias}{key}", "key": key, "n": n})
    return out


class _Prepared(Record):
    """What derivation reads of a plan, worked out once rather than once per document.

    Attributes:
        plan: The plan (kept, so that its identity stays its own while cached).
        windows: Whether some rule names the derived specialist windows.
        rules: Each rule, with its count and compare steps and the fact type of each
            count's outer binding (None: no outer binding).
        deriving: Those of ``rules`` with a count or compare step, in the same order.
    """

    _fields = ("plan", "windows", "rules", "deriving")
    __slots__ = _fields

    plan: RulePlan
    windows: bool
    rules: tuple[tuple[CompiledRule, tuple[tuple[Count | Compare, str | None], ...]], ...]
    deriving: tuple[tuple[CompiledRule, tuple[tuple[Count | Compare, str | None], ...]], ...]

    def __init__(
        self,
        plan: RulePlan,
        windows: bool,
        rules: tuple[tuple[CompiledRule, tuple[tuple[Count | Compare, str | None], ...]], ...],
        deriving: tuple[tuple[CompiledRule, tuple[tuple[Count | Compare, str | None], ...]], ...],
    ) -> None:
        _set(self, "plan", plan)
        _set(self, "windows", windows)
        _set(self, "rules", rules)
        _set(self, "deriving", deriving)


_PREPARED: dict[str, _Prepared] = {}
"""Plans prepared for derivation, by key; an entry serves a plan of the very same rules."""
_PREPARED_LIMIT = 64


def _same_rules(a: RulePlan, b: RulePlan) -> bool:
    # identity, not equality: records compare 1, 1.0 and True equal; a cut plan is made
    # anew for each document but holds the rule objects of the plan it was cut from
    if a is b:
        return True
    return len(a.rules) == len(b.rules) and all(x is y for x, y in zip(a.rules, b.rules, strict=True))


def _prepare(plan: RulePlan) -> _Prepared:
    found = _PREPARED.get(plan.key)
    if found is not None and _same_rules(found.plan, plan):
        return found
    named = {
        s.fact_type
        for rule in plan.rules
        for s in (*rule.condition.steps, *rule.condition.absent)
        if isinstance(s, Binding | Absent | Count)
    }
    rules: list[tuple[CompiledRule, tuple[tuple[Count | Compare, str | None], ...]]] = []
    for rule in plan.rules:
        types = {s.alias: s.fact_type for s in rule.condition.steps if isinstance(s, Binding)}
        steps = tuple(
            (s, types.get(s.outer) if isinstance(s, Count) and s.outer else None)
            for s in rule.condition.steps
            if isinstance(s, Count | Compare)
        )
        rules.append((rule, steps))
    found = _Prepared(plan, SPECIALIST_WINDOW in named, tuple(rules), tuple(r for r in rules if r[1]))
    if len(_PREPARED) >= _PREPARED_LIMIT:
        _PREPARED.clear()
    _PREPARED[plan.key] = found
    return found


def _value_fact(rule_id: str, step: Compare, root: Fact) -> Fact | None:
    left, right = _expr(step.left, root), _expr(step.right, root)
    if left is None or right is None:
        return None
    return {
        "$type": "$value",
        "$path": f"$value/{rule_id}/{step.alias}",
        "$parent": "",
        "$index": 0,
        "rule": rule_id,
        "alias": step.alias,
        "left": left,
        "right": right,
        "diff": left - right,
    }


def derive(plan: RulePlan, facts: Sequence[Fact], *, relations: bool = True) -> list[Fact]:
    """Return the derived facts ``plan`` needs for ``facts``: counts, values, relations, windows.

    ``relations=False`` leaves out the ``$rel`` and ``$some`` facts, for an engine that
    compares the fields of two facts itself (`ccg_rules.engines.base.Engine.relational`).
    """
    prepared = _prepare(plan)
    by_type: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_type[str(f["$type"])].append(f)
    root = by_type["document"][0] if by_type.get("document") else {}
    out: list[Fact] = []
    if prepared.windows:
        out.extend(specialist_windows(by_type))
        by_type[SPECIALIST_WINDOW] = list(out)
    # without relations only the rules with a count or compare have anything to derive
    for rule, steps in prepared.rules if relations else prepared.deriving:
        if relations:
            out.extend(relation_facts(rule, by_type))
        for step, outer_type in steps:
            if isinstance(step, Count):
                out.extend(_count_facts(rule.rule_id, step, by_type, outer_type))
            else:
                value = _value_fact(rule.rule_id, step, root)
                if value is not None:
                    out.append(value)
    return out
