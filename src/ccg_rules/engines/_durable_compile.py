"""A rule plan compiled into durable-rules' JSON ruleset format, and the JSON durable reads.

`CompiledRuleset` maps the IR to durable's patterns, as ``docs/design/durable-engine.md``
describes, with the workarounds for durable's defects; the operators come from the
grammar (`ccg_rules.rules.grammar`) and its limits from `ccg_rules.rules.limits`.
`ccg_rules.engines.durable` runs what this builds.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

from ccg_rules.engines import _durable_regex as rx
from ccg_rules.engines.relations import named_aliases, shifted_tests
from ccg_rules.errors import DurableEngineError, PatternError
from ccg_rules.rules.grammar import OPERATORS
from ccg_rules.rules.ir import (
    AnyOf,
    Binding,
    Compare,
    CompiledRule,
    Count,
    Criterion,
    Op,
    Pattern,
    Ref,
    RulePlan,
    Shifted,
    Test,
)
from ccg_rules.rules.limits import DURABLE
from ccg_rules.rules.patterns import Matcher, compile_pattern

ANCHOR = "$eod"
"""Type and id of the end-of-document fact, asserted last."""
SENTINEL = "\ufffe"
"""The first item of every list, since `$iall` is false on an empty array."""
# The grammar's comparisons ("" is plain equality); `_test` compiles the others itself.
_CMP: dict[Op, str] = {o.op: o.durable for o in OPERATORS if o.durable is not None and o.operand == "value"}
_PRESENCE = {o.op: o.durable for o in OPERATORS if o.durable is not None and o.operand == "flag"}
_SURROGATE = re.compile("[\ud800-\udfff]")

Json = dict[str, Any]


def mangle(name: str) -> str:
    """Return durable's property name for a fact field (reversible, collision-free)."""
    if name in ("$type", "$path"):
        return "t" if name == "$type" else "id"
    return "f_" + "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in name)


def dump(value: object) -> str:
    """JSON as durable needs it: raw UTF-8, ints within 64 bits, no bare exponents."""
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not -(2**63) < value < 2**63:
            raise DurableEngineError(f"integer out of durable's 64-bit range: {value}")
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise DurableEngineError(f"durable-rules cannot hold the number {value!r}")
        if value.is_integer() and abs(value) < 2**63:
            return str(int(value))  # equality joins hash 2 and 2.0 apart
        mantissa, e, exponent = repr(value).partition("e")
        return f"{mantissa}.0e{exponent}" if e and "." not in mantissa else repr(value)  # "1e-07" crashes
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{encode_basestring(k)}:{dump(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple | list):
        return "[" + ",".join(dump(v) for v in value) + "]"
    raise DurableEngineError(f"unsupported value for durable-rules: {value!r}")


def escape_surrogates(text: str) -> str:
    """Write lone surrogates as JSON escapes (the C module takes UTF-8)."""
    if _SURROGATE.search(text):
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def _fnv(name: str) -> int:
    """The 32-bit FNV-1a hash by which alone durable looks a property up."""
    h = 0x811C9DC5
    for byte in name.encode():
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


def _sealed(fact_type: str, has_refs: bool) -> list[Json]:
    """An always-true `$or` that must end every pattern holding reference tests.

    When a reference test is false, durable skips to the end of its `$and` one element
    too far and reads past the expression array until some byte looks like an end
    marker (out-of-bounds reads, then crashes). A trailing group puts an end marker
    where that overshoot lands.
    """
    return [{"$or": [{"t": fact_type}]}] if has_refs else []


@dataclass
class RegexField:
    """How a regex-tested field is sent: a shadow value for `$mt`, and precomputed flags.

    Patterns durable compiles safely are matched by `$mt` against the shadow (see
    `._durable_regex`); the others are matched in Python when the fact is encoded,
    and the rule tests the flag.
    """

    shadow_key: str
    chars: frozenset[str]
    native: frozenset[Pattern]
    flags: dict[str, tuple[str, Matcher]] = field(default_factory=dict)
    shadow: Callable[[str], str] | None = None  # set once a `$mt` test uses it


@dataclass
class _Context:
    """Where a test is compiled: visible aliases, `!=` guards, and its own binding."""

    aliases: dict[str, str]
    missing: frozenset[tuple[str, str]]
    guards: set[tuple[str, str]]
    own: str | None = None
    fact_type: str = ""
    self_joins: list[Json] | None = None


class CompiledRuleset:
    """A plan compiled into durable's JSON ruleset format, and its C handle.

    In the compiling methods, ``None`` stands for a condition that can never hold.
    """

    handle: int

    def __init__(self, plan: RulePlan) -> None:
        self.fields = {"$type": "t", "$path": "id"}  # IR field -> durable property
        patterns: dict[str, list[Pattern]] = {}
        for test in _all_tests(plan.rules):
            if isinstance(test.operand, Pattern):
                patterns.setdefault(test.field, []).append(test.operand)
        self.regex: dict[str, RegexField] = {}
        for name, group in patterns.items():
            native = frozenset(p for p in group if rx.is_native(p.source, p.python))
            try:
                chars = rx.alphabet(p.source for p in native)
            except PatternError:  # too many characters: match them all in Python
                native, chars = frozenset(), frozenset()
            self.regex[name] = RegexField("s_" + mangle(name), chars, native)
        self.names: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}  # -> rule id, aliases
        rules: Json = {}
        for index, rule in enumerate(plan.rules):
            aliases = tuple((s.alias, f"s{i}") for i, s in enumerate(rule.condition.steps))
            for number, body in enumerate(self._variants(rule)):
                name = f"r{index}" + (f"_{number}" if number else "")
                rules[name] = body
                self.names[name] = (rule.rule_id, aliases)
        rules["$done"] = {"all": [{"e": {"t": ANCHOR}}], "dist": 0}  # see DurableEngine._run
        keys = {*self.fields.values(), "sid"}
        keys |= {
            k for spec in self.regex.values() for k in (spec.shadow_key, *(f for f, _ in spec.flags.values()))
        }
        if len({_fnv(k) for k in keys}) != len(keys):
            raise DurableEngineError("two field names collide in durable's property hash")
        self.json = escape_surrogates(dump(rules))

    def _key(self, name: str) -> str:
        return self.fields.setdefault(name, mangle(name))

    def _variants(self, rule: CompiledRule) -> Iterator[Json]:
        """One durable rule per presence pattern of the fields `!=` references read.

        durable fails the whole assert (error 311) when `$neq` reads a field that the
        other fact lacks, so each such (alias, field) is guarded by `$ex` or `$nex`, and
        a test reading a missing one is compiled as false.
        """
        guards: set[tuple[str, str]] = set()
        first = self._rule(rule, frozenset(), guards)
        if not guards:
            yield from ([{"all": first[0], "dist": 0}] if first else [])
            return
        if DURABLE.max_ne_guards is not None and len(guards) > DURABLE.max_ne_guards:
            # The parser refuses such a rule when it loads (`ccg_rules.rules.limits`).
            raise DurableEngineError(f"{rule.rule_id}: too many '!=' references for durable")
        ordered = sorted(guards)
        steps = {step.alias: i for i, step in enumerate(rule.condition.steps)}
        for bits in itertools.product((False, True), repeat=len(ordered)):
            missing = frozenset(g for g, gone in zip(ordered, bits, strict=True) if gone)
            compiled = self._rule(rule, missing, set())
            if compiled is None:
                continue
            patterns, anchored = compiled
            for alias, name in ordered:
                own = f"s{steps[alias]}"
                entry = patterns[anchored + steps[alias]]
                guard = {"$nex" if (alias, name) in missing else "$ex": {self._key(name): 1}}
                entry[own] = {"$and": [*entry[own].get("$and", [entry[own]]), guard]}
            yield {"all": patterns, "dist": 0}

    def _rule(
        self, rule: CompiledRule, missing: frozenset[tuple[str, str]], guards: set[tuple[str, str]]
    ) -> tuple[list[Json], int] | None:
        """The rule's durable patterns, and 1 if they start with the anchor (else 0)."""
        cond = rule.condition
        aliases: dict[str, str] = {}
        patterns: list[Json] = []
        self_joins: list[Json] = []
        for i, step in enumerate(cond.steps):
            own = f"s{i}"
            expr: Json | None
            if isinstance(step, Binding):
                ctx = _Context(aliases, missing, guards, own, step.fact_type, self_joins)
                expr = self._conjunction(step.fact_type, step.criteria, ctx)
                if shifted_tests(step.criteria):
                    self_joins.append(self._relation(rule.rule_id, step, own, aliases, len(self_joins)))
            elif isinstance(step, Count):
                expr = self._derived("$count", rule.rule_id, step.alias, "n", step.op, step.threshold)
                key = {aliases[step.outer]: "id"} if step.outer else ""
                expr["$and"][3:3] = [{self._key("key"): key}]
                expr["$and"] += _sealed("$count", bool(step.outer))
            elif isinstance(step, Compare):
                expr = self._derived("$value", rule.rule_id, step.alias, "diff", step.op, 0)
            else:  # pragma: no cover - the IR has no other step
                raise DurableEngineError(f"unknown step {step!r}")
            if expr is None:
                return None  # this rule (variant) can never fire
            aliases[step.alias] = own
            patterns.append({own: expr})
        for j, absent in enumerate(cond.absent):
            ctx = _Context(aliases, missing, guards, fact_type=absent.fact_type)
            if shifted_tests(absent.criteria):
                named = named_aliases(absent.alias, absent.criteria)
                expr = self._witness(rule.rule_id, absent.alias, named, aliases)
            else:
                expr = self._conjunction(absent.fact_type, absent.criteria, ctx)
            if expr is not None:  # a pattern nothing satisfies never blocks
                patterns.append({f"n{j}$not": expr})
        # A `$not` is judged once, when the tuple before it forms. The anchor, asserted
        # last, makes every tuple of such a rule form after the whole document is in.
        anchored = int(bool(cond.absent or self_joins))
        return [{"e": {"t": ANCHOR}}] * anchored + patterns + self_joins, anchored

    def _relation(
        self, rule: str, step: Binding, own: str, aliases: Mapping[str, str], n: int
    ) -> Json:
        """A join with the step's ``$rel`` facts: its `Shifted` tests, pre-computed."""
        named = named_aliases(step.alias, shifted_tests(step.criteria))
        tests: list[Json] = [{"t": "$rel"}, {self._key("rule"): rule}, {self._key("alias"): step.alias}]
        tests.append({self._key("left"): {own: "id"}})
        tests += [{self._key(f"with.{a}"): {aliases[a]: "id"}} for a in named]
        return {f"{own}x{n}": {"$and": tests + _sealed("$rel", True)}}

    def _witness(self, rule: str, alias: str, named: Sequence[str], aliases: Mapping[str, str]) -> Json:
        """An absent pattern with `Shifted` tests, as its pre-computed ``$some`` facts."""
        tests: list[Json] = [{"t": "$some"}, {self._key("rule"): rule}, {self._key("alias"): alias}]
        tests += [{self._key(f"key.{a}"): {aliases[a]: "id"}} for a in named]
        return {"$and": tests + _sealed("$some", bool(named))}

    def _derived(self, kind: str, rule: str, alias: str, name: str, op: Op, value: int) -> Json:
        tests = [{"t": kind}, {self._key("rule"): rule}, {self._key("alias"): alias}]
        return {"$and": tests + self._compare(self._key(name), op, value)}

    def _conjunction(self, fact_type: str, criteria: Sequence[Criterion], ctx: _Context) -> Json | None:
        refs: list[Json] = []
        others: list[Json] = []
        for crit in criteria:
            result = self._any_of(crit) if isinstance(crit, AnyOf) else self._test(crit, ctx)
            if result is None:
                return None
            is_ref = isinstance(crit, Test) and isinstance(crit.operand, Ref)
            (refs if is_ref else others).extend(result)
        # durable ignores every reference test that follows an `$or` in an `$and`.
        exprs = [{"t": fact_type}, *refs, *others, *_sealed(fact_type, bool(refs))]
        return exprs[0] if len(exprs) == 1 else {"$and": exprs}

    def _any_of(self, any_of: AnyOf) -> list[Json] | None:
        branches: list[Json] = []
        for branch in any_of.branches:
            exprs: list[Json] = []
            for crit in branch:
                ctx = _Context({}, frozenset(), set())
                result = self._any_of(crit) if isinstance(crit, AnyOf) else self._test(crit, ctx)
                if result is None:
                    break
                exprs.extend(result)
            else:
                if not exprs:
                    return []  # an empty branch always holds
                branches.append(exprs[0] if len(exprs) == 1 else {"$and": exprs})
        if not branches:
            return None
        return [branches[0] if len(branches) == 1 else {"$or": branches}]

    def _compare(self, key: str, op: Op, value: object) -> list[Json]:
        operator = _CMP[op]
        if not operator:
            return [{key: value}]
        prefixes = [value[:i] for i, ch in enumerate(value) if ch in " !"] if isinstance(value, str) else []
        if op == Op.NE or not prefixes:
            return [{operator: {key: value}}]
        # durable orders a stored string as if followed by '"', so a proper prefix of the
        # constant that the constant continues with ' ' or '!' sorts after it: fix those.
        if op in (Op.LT, Op.LE):
            return [{"$or": [{operator: {key: value}}, *({key: p} for p in prefixes)]}]
        return [{operator: {key: value}}, *({"$neq": {key: p}} for p in prefixes)]

    def _test(self, test: Test, ctx: _Context) -> list[Json] | None:
        key, op, operand = self._key(test.field), test.op, test.operand
        if op in (Op.EXISTS, Op.MISSING):
            return [{_PRESENCE[op]: {key: 1}}]
        if isinstance(operand, Shifted):
            return []  # pre-computed: see `_relation`
        if isinstance(operand, Ref):
            if op not in (Op.EQ, Op.NE) or operand.alias not in ctx.aliases:
                raise DurableEngineError(f"unsupported reference in {test!r}")
            if op == Op.NE:
                if (operand.alias, operand.field) in ctx.missing:
                    return None
                ctx.guards.add((operand.alias, operand.field))
            return self._compare(key, op, {ctx.aliases[operand.alias]: self._key(operand.field)})
        if isinstance(operand, Pattern):
            return self._regex(test.field, operand, op == Op.MATCHES, ctx)
        if op in _CMP:
            if not isinstance(operand, str | int | float):
                raise DurableEngineError(f"unsupported operand in {test!r}")
            return self._compare(key, op, operand)
        if op in (Op.CONTAINS, Op.NOT_CONTAINS):
            if operand == SENTINEL:
                raise DurableEngineError(f"unsupported operand in {test!r}")
            if op == Op.CONTAINS:
                return [{"$iany": {key: {"$i": operand}}}]
            return [{"$iall": {key: {"$neq": {"$i": operand}}}}]
        if not isinstance(operand, tuple) or op not in (Op.IN, Op.NOT_IN):
            raise DurableEngineError(f"unsupported test {test!r}")
        if op == Op.NOT_IN:
            return [{"$neq": {key: v}} for v in operand] or [{"$ex": {key: 1}}]
        if not operand:
            return None
        return [{key: operand[0]}] if len(operand) == 1 else [{"$or": [{key: v} for v in operand]}]

    def _regex(self, name: str, pattern: Pattern, positive: bool, ctx: _Context) -> list[Json]:
        spec = self.regex[name]
        # A negated `$mt` needs a self-join `$not`, which only a binding can hold.
        if pattern not in spec.native or not (positive or ctx.self_joins is not None):
            default = (f"m{len(spec.flags)}_{mangle(name)}", compile_pattern(pattern))
            return [{spec.flags.setdefault(pattern.python, default)[0]: positive}]
        spec.shadow = spec.shadow or rx.make_shadow(spec.chars)
        text = rx.translate_pattern(pattern.source, spec.chars)
        test = {"$mt": {spec.shadow_key: text}} if text else {spec.shadow_key: ""}
        if positive:
            return [test]
        assert ctx.own is not None
        assert ctx.self_joins is not None
        same = [{"t": ctx.fact_type}, {"id": {ctx.own: "id"}}, test, *_sealed(ctx.fact_type, True)]
        ctx.self_joins.append({f"{ctx.own}x{len(ctx.self_joins)}$not": {"$and": same}})
        return [{"$ex": {self._key(name): 1}}]


def _all_tests(rules: Sequence[CompiledRule]) -> Iterator[Test]:
    pending: list[Criterion] = []
    for rule in rules:
        pending += [c for s in rule.condition.steps if isinstance(s, Binding) for c in s.criteria]
        pending += [c for a in rule.condition.absent for c in a.criteria]
    while pending:
        crit = pending.pop()
        if isinstance(crit, AnyOf):
            pending += [c for branch in crit.branches for c in branch]
        else:
            yield crit
