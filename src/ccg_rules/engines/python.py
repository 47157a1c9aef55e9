"""The default engine: the IR evaluated directly in Python.

Each step narrows a list of partial bindings. Steps, absent patterns and their tests are
compiled to closures once per plan, and a test that is not there costs no call; an
equality join with an earlier alias is answered from a hash index of the candidate facts,
so a join costs one lookup per partial binding, not a scan.
"""

from __future__ import annotations

import threading
import typing
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import ClassVar

from ccg_rules._record import Record
from ccg_rules.engines.base import Fact, Match
from ccg_rules.engines.predicates import NO_ENV, Env, Predicate, compile_tests, holds
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

_set = object.__setattr__


Envs = list[dict[str, Fact]]
"""Partial bindings: alias to fact, for the steps taken so far."""


class _Step(Record):
    """A binding step or an absent pattern, its tests split by what they read."""

    _fields = ("alias", "fact_type", "local", "joins", "rest", "kind", "index_key", "wanted")
    __slots__ = _fields

    alias: str
    fact_type: str
    local: Predicate | None  # tests without references; None when there are none
    joins: tuple[tuple[str, str, str], ...]  # (field, alias, other field) equality joins
    rest: Predicate | None  # tests with other references (ne, relational), may read the step's own fact
    kind: str  # the fact type and local tests as text: steps that share it share candidates
    index_key: tuple[str, tuple[str, ...]]  # the kind and the joined fields, which share an index
    wanted: Callable[[Env], object]  # the index key the joins ask for under a binding; None: no fact

    def __init__(
        self,
        alias: str,
        fact_type: str,
        local: Predicate | None,
        joins: tuple[tuple[str, str, str], ...],
        rest: Predicate | None,
        kind: str,
        index_key: tuple[str, tuple[str, ...]],
        wanted: Callable[[Env], object],
    ) -> None:
        _set(self, "alias", alias)
        _set(self, "fact_type", fact_type)
        _set(self, "local", local)
        _set(self, "joins", joins)
        _set(self, "rest", rest)
        _set(self, "kind", kind)
        _set(self, "index_key", index_key)
        _set(self, "wanted", wanted)


def _key_reader(pairs: Sequence[tuple[str, str]]) -> Callable[[Env], object]:
    """A reader of the join key: ``env[alias][field]`` for each pair, None if one is absent.

    One pair keys by the bare value, more by the tuple of values, as `_index` does; an
    index never holds None, so a key of None finds nothing.
    """
    if len(pairs) == 1:
        ((alias, field),) = pairs
        return lambda env: env[alias].get(field)

    def many(env: Env) -> object:
        values = tuple(env[alias].get(field) for alias, field in pairs)
        return None if None in values else values

    return many


def _index(facts: Sequence[Fact], fields: tuple[str, ...]) -> dict[object, list[Fact]]:
    """``facts`` by the values of ``fields`` (keyed as `_key_reader` reads), leaving out absent ones."""
    index: dict[object, list[Fact]] = defaultdict(list)
    if len(fields) == 1:
        (field,) = fields
        for f in facts:
            value = f.get(field)
            if value is not None:
                index[value].append(f)
        return index
    for f in facts:
        values = tuple(f.get(name) for name in fields)
        if None not in values:
            index[values].append(f)
    return index


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
    wanted = _key_reader([(other_alias, other) for _, other_alias, other in joins])
    return _Step(
        alias,
        fact_type,
        compile_tests(local),
        tuple(joins),
        compile_tests(rest),
        kind,
        index_key,
        wanted,
    )


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
        self._indexes: dict[tuple[str, tuple[str, ...]], dict[object, list[Fact]]] = {}
        self.derived: dict[tuple[str, str, str], Fact] = {}
        for kind in ("$count", "$value"):
            for f in self.by_type.get(kind, ()):
                self.derived[(str(f["rule"]), str(f["alias"]), str(f.get("key", "")))] = f

    def candidates(self, step: _Step) -> list[Fact]:
        """The facts of the step's type that pass its local tests (never to be changed)."""
        found = self._filtered.get(step.kind)
        if found is None:
            facts = self.by_type.get(step.fact_type, [])
            local = step.local
            found = facts if local is None else [f for f in facts if local(f, NO_ENV)]
            self._filtered[step.kind] = found
        return found

    def index(self, step: _Step) -> dict[object, list[Fact]]:
        """The step's candidates by the values of its joined fields (see `_index`)."""
        key = step.index_key
        found = self._indexes.get(key)
        if found is None:
            found = self._indexes[key] = _index(self.candidates(step), key[1])
        return found

    def lookup(self, step: _Step, env: Env) -> Sequence[Fact]:
        """The candidates of ``step`` that its joins let through under ``env``."""
        if not step.joins:
            return self.candidates(step)
        return self.index(step).get(step.wanted(env), ())


Extend = Callable[[Envs, _Facts], Envs]
"""One step compiled: from the partial bindings before it to those it lets through, in order."""
Blocks = Callable[[dict[str, Fact], _Facts], bool]
"""One absent pattern compiled: whether some fact matches it under a partial binding."""


def _extend_binding(step: _Step) -> Extend:
    """Bind ``step.alias`` to each fact the step's tests let through, for each partial binding."""
    alias, rest, wanted = step.alias, step.rest, step.wanted
    if not step.joins and rest is None:  # the common case: every candidate, for every binding

        def cross(envs: Envs, facts: _Facts) -> Envs:
            found = facts.candidates(step)
            return [{**env, alias: f} for env in envs for f in found]

        return cross

    def extend(envs: Envs, facts: _Facts) -> Envs:
        out: Envs = []
        index = facts.index(step) if step.joins else None
        for env in envs:
            found = facts.candidates(step) if index is None else index.get(wanted(env), ())
            for f in found:
                extended = {**env, alias: f}
                if rest is None or rest(f, extended):
                    out.append(extended)
        return out

    return extend


def _extend_derived(step: Count | Compare, rule_id: str) -> Extend:
    """Bind ``step.alias`` to the step's derived fact (`ccg_rules.engines.derive`) when its test holds."""
    alias, op = step.alias, step.op
    outer = step.outer if isinstance(step, Count) else None
    field, threshold = ("n", step.threshold) if isinstance(step, Count) else ("diff", 0)

    def extend(envs: Envs, facts: _Facts) -> Envs:
        out: Envs = []
        for env in envs:
            key = str(env[outer]["$path"]) if outer else ""
            derived = facts.derived.get((rule_id, alias, key))
            if derived is not None and holds(op, typing.cast(float, derived[field]), threshold):
                out.append({**env, alias: derived})
        return out

    return extend


def _blocks(absent: _Step) -> Blocks:
    """Whether some fact matches the absent pattern (its tests may read that fact itself)."""
    alias, rest = absent.alias, absent.rest
    if rest is None:
        return lambda env, facts: bool(facts.lookup(absent, env))
    return lambda env, facts: any(rest(f, {**env, alias: f}) for f in facts.lookup(absent, env))


class _Rule(Record):
    """A rule compiled for this engine."""

    _fields = ("rule_id", "steps", "absent", "aliases", "extend", "blocks", "opening")
    __slots__ = _fields

    rule_id: str
    steps: tuple[_Step | Count | Compare, ...]
    absent: tuple[_Step, ...]
    aliases: tuple[str, ...]
    extend: tuple[Extend, ...]  # the steps, compiled
    blocks: tuple[Blocks, ...]  # the absent patterns, compiled
    opening: _Step | None  # the first step when it binds facts: no candidates, no match

    def __init__(
        self,
        rule_id: str,
        steps: tuple[_Step | Count | Compare, ...],
        absent: tuple[_Step, ...],
        aliases: tuple[str, ...],
        extend: tuple[Extend, ...],
        blocks: tuple[Blocks, ...],
        opening: _Step | None,
    ) -> None:
        _set(self, "rule_id", rule_id)
        _set(self, "steps", steps)
        _set(self, "absent", absent)
        _set(self, "aliases", aliases)
        _set(self, "extend", extend)
        _set(self, "blocks", blocks)
        _set(self, "opening", opening)


def _compile(rule: CompiledRule) -> _Rule:
    steps: list[_Step | Count | Compare] = []
    extend: list[Extend] = []
    for s in rule.condition.steps:
        if isinstance(s, Binding):
            step = _split(s.alias, s.fact_type, s.criteria)
            steps.append(step)
            extend.append(_extend_binding(step))
        else:
            steps.append(s)
            extend.append(_extend_derived(s, rule.rule_id))
    absent = tuple(_split(a.alias, a.fact_type, a.criteria) for a in rule.condition.absent)
    aliases = tuple(s.alias for s in rule.condition.steps)
    blocks = tuple(_blocks(a) for a in absent)
    opening = steps[0] if steps and isinstance(steps[0], _Step) and not steps[0].joins else None
    return _Rule(rule.rule_id, tuple(steps), absent, aliases, tuple(extend), blocks, opening)


def _matches(rule: _Rule, envs: Envs, facts: _Facts) -> list[Match]:
    """The matches of ``rule``'s complete bindings ``envs`` that no absent pattern blocks."""
    rule_id, aliases, blocks = rule.rule_id, rule.aliases, rule.blocks
    return [
        Match(rule_id, tuple([(a, str(env[a]["$path"])) for a in aliases]))
        for env in envs
        if not (blocks and any(b(env, facts) for b in blocks))
    ]


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
            if rule.opening is not None and not indexed.candidates(rule.opening):
                continue  # most rules stop here, and this look-up is all they cost
            envs: Envs = [{}]
            for extend in rule.extend:
                envs = extend(envs, indexed)
                if not envs:
                    break
            else:
                out.extend(_matches(rule, envs, indexed))
        return out
