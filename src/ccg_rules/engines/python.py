"""The default engine: the IR evaluated directly in Python.

Each step narrows a list of partial bindings. Constant tests are compiled to closures
once per plan; an equality join with an earlier alias is answered from a hash index of
the candidate facts, so a join costs one lookup per partial binding, not a scan.
"""

from __future__ import annotations

import threading
import typing
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from ccg_rules.engines.base import Fact, Match
from ccg_rules.engines.predicates import Env, Predicate, compile_criteria, holds
from ccg_rules.rules.ir import (
    Binding,
    Compare,
    CompiledRule,
    Count,
    Criterion,
    Op,
    Ref,
    RulePlan,
    Shifted,
    Test,
)
from ccg_rules.rules.limits import PYTHON, EngineLimits


@dataclass(frozen=True, slots=True)
class _Step:
    alias: str
    fact_type: str
    local: Predicate  # tests without references
    joins: tuple[tuple[str, str, str], ...]  # (field, alias, other field) equality joins
    rest: Predicate  # tests with other references (ne, relational); may read the step's own fact
    kind: str  # the fact type and local tests as text: steps that share it share candidates
    index_key: tuple[str, tuple[str, ...]]  # the kind and the joined fields, which share an index


def _split(alias: str, fact_type: str, criteria: Sequence[Criterion]) -> _Step:
    local: list[Criterion] = []
    joins: list[tuple[str, str, str]] = []
    rest: list[Criterion] = []
    for c in criteria:
        if isinstance(c, Test) and isinstance(c.operand, Shifted):
            rest.append(c)
        elif isinstance(c, Test) and isinstance(c.operand, Ref):
            if c.op is Op.EQ:
                joins.append((c.field, c.operand.alias, c.operand.field))
            else:
                rest.append(c)
        else:
            local.append(c)
    # repr, not the records themselves: records compare 1, 1.0 and True equal, tests do not
    kind = f"{fact_type}\x00{tuple(local)!r}"
    index_key = (kind, tuple(j[0] for j in joins))
    return _Step(
        alias, fact_type, compile_criteria(local), tuple(joins), compile_criteria(rest), kind, index_key
    )


@dataclass(frozen=True, slots=True)
class _Rule:
    rule_id: str
    steps: tuple[_Step | Count | Compare, ...]
    absent: tuple[_Step, ...]
    aliases: tuple[str, ...]


def _compile(rule: CompiledRule) -> _Rule:
    steps: list[_Step | Count | Compare] = []
    for s in rule.condition.steps:
        steps.append(_split(s.alias, s.fact_type, s.criteria) if isinstance(s, Binding) else s)
    absent = tuple(_split(a.alias, a.fact_type, a.criteria) for a in rule.condition.absent)
    return _Rule(rule.rule_id, tuple(steps), absent, tuple(s.alias for s in rule.condition.steps))


class _Facts:
    """The facts of one document, indexed on demand.

    Candidates and join indexes are kept by the step's kind, not by the step, so every
    rule that asks for the same facts under the same local tests shares one filtered list
    and one index.
    """

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.by_type: dict[str, list[Fact]] = defaultdict(list)
        for f in facts:
            self.by_type[str(f["$type"])].append(f)
        self._filtered: dict[str, list[Fact]] = {}
        self._indexes: dict[tuple[str, tuple[str, ...]], dict[tuple[object, ...], list[Fact]]] = {}
        self.derived: dict[tuple[str, str, str], Fact] = {}
        for kind in ("$count", "$value"):
            for f in self.by_type.get(kind, ()):
                self.derived[(str(f["rule"]), str(f["alias"]), str(f.get("key", "")))] = f

    def candidates(self, step: _Step) -> list[Fact]:
        found = self._filtered.get(step.kind)
        if found is None:
            found = [f for f in self.by_type.get(step.fact_type, ()) if step.local(f, {})]
            self._filtered[step.kind] = found
        return found

    def lookup(self, step: _Step, env: Env) -> list[Fact]:
        if not step.joins:
            return self.candidates(step)
        key = step.index_key
        index = self._indexes.get(key)
        if index is None:
            fields = key[1]
            index = defaultdict(list)
            for f in self.candidates(step):
                values = tuple(f.get(field) for field in fields)
                if None not in values:
                    index[values].append(f)
            self._indexes[key] = index
        wanted = tuple(env[alias].get(other) for _, alias, other in step.joins)
        return index.get(wanted, []) if None not in wanted else []


def _extend(
    step: _Step | Count | Compare, envs: list[dict[str, Fact]], facts: _Facts, rule_id: str
) -> list[dict[str, Fact]]:
    out: list[dict[str, Fact]] = []
    if isinstance(step, _Step):
        for env in envs:
            for f in facts.lookup(step, env):
                extended = {**env, step.alias: f}
                if step.rest(f, extended):
                    out.append(extended)
        return out
    for env in envs:
        key = str(env[step.outer]["$path"]) if isinstance(step, Count) and step.outer else ""
        derived = facts.derived.get((rule_id, step.alias, key))
        if derived is None:
            continue
        if isinstance(step, Count):
            ok = holds(step.op, typing.cast(float, derived["n"]), step.threshold)
        else:
            ok = holds(step.op, typing.cast(float, derived["diff"]), 0)
        if ok:
            out.append({**env, step.alias: derived})
    return out


def _blocks(absent: _Step, env: dict[str, Fact], facts: _Facts) -> bool:
    """Whether some fact matches the absent pattern (its tests may read that fact itself)."""
    return any(absent.rest(f, {**env, absent.alias: f}) for f in facts.lookup(absent, env))


class PythonEngine:
    """The default engine: portable, memory-safe and the reference for the others."""

    name: ClassVar[str] = "python"
    relational: ClassVar[bool] = True
    limits: ClassVar[EngineLimits] = PYTHON
    _cache: ClassVar[dict[str, tuple[_Rule, ...]]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def _compiled(self, plan: RulePlan) -> tuple[_Rule, ...]:
        with self._lock:
            rules = self._cache.get(plan.key)
            if rules is None:
                if len(self._cache) > 256:
                    self._cache.clear()
                rules = tuple(_compile(r) for r in plan.rules)
                self._cache[plan.key] = rules
            return rules

    def match(self, plan: RulePlan, facts: Sequence[Fact]) -> list[Match]:
        """Return every (rule, tuple) that fires."""
        indexed = _Facts(facts)
        out: list[Match] = []
        for rule in self._compiled(plan):
            envs: list[dict[str, Fact]] = [{}]
            for step in rule.steps:
                envs = _extend(step, envs, indexed, rule.rule_id)
                if not envs:
                    break
            for env in envs:
                if any(_blocks(a, env, indexed) for a in rule.absent):
                    continue
                out.append(Match(rule.rule_id, tuple((a, str(env[a]["$path"])) for a in rule.aliases)))
        return out
