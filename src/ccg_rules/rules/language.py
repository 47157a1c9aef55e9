"""The condition language: a rule's ``condition`` in YAML, parsed into the IR.

A condition describes the situation in which the rule *fires* (a finding is made)::

    condition:
      match:                      # ordered; each step binds an alias
        m:                        # every governing body seat ...
          each: governing_body.members
          where: {roles: {contains: registered_nurse}}
        p:                        # ... held by a person (a same-person join) ...
          each: people
          where: {id: $m.person, employer.provides_services_to_population: true}
      absent:                     # ... and nothing of this kind exists
        d:
          each: conflicts_of_interest.declarations
          where: {person: $m.person, declared: {ge: {months_before: 12}}}
      report: m                   # the alias whose element is reported, or a /pointer

Steps: ``each`` (bind every matching fact), ``count`` (the number of matching facts,
with ``is: {lt: 6}``), ``compare`` (arithmetic on document fields, with
``is: {gt: {mul: [running_costs.allowance_per_head, population.registered]}}``).
Tests in ``where``: the operators of each field kind, as the grammar gives them
(`ccg_rules.rules.grammar`); a bare value means ``eq``; ``any: [...]`` is a disjunction
and ``all: [...]`` a conjunction (to combine several ``any``). Operands (constants,
``{param: name}``, ``$alias.field``, relative dates, arithmetic) are read by
`ccg_rules.rules.operands`.

Everything is checked against the fact schema, and against every engine's limits
(`ccg_rules.rules.limits`), when the ruleset loads; errors carry the JSON Pointer of the
offending node so the loader can give its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NoReturn

from ccg_rules._yaml import join_pointer, yaml11_surprise
from ccg_rules.errors import LanguageError
from ccg_rules.fact_types import BUILTIN, FactType, FieldSpec
from ccg_rules.rules import ir, limits
from ccg_rules.rules.grammar import ABSENT_STEP, BY_NAME, BY_OP, IS_OPS, JOIN_OPS, KIND_OPS, MATCH_STEPS
from ccg_rules.rules.ir import Absent, AnyOf, Binding, Compare, Condition, Count, Criterion, Op, Ref, Test
from ccg_rules.rules.operands import AliasInfo, Operands, ParsedCondition, quote
from ccg_rules.rules.patterns import parse_pattern
from ccg_rules.rules.resolve import resolve, shift_date

__all__ = ["AliasInfo", "LanguageError", "ParsedCondition", "parse_condition", "resolve", "shift_date"]

_ALIAS = re.compile(r"[a-z][a-z0-9_]{0,31}")
_RESERVED_ALIASES = frozenset({"param", "as_of", "document", "doc"})
_STEP_FORMS = {s.keyword: s for s in MATCH_STEPS}





def _suggest(word: str, choices: Iterable[str]) -> str:
    # Only a broken rule needs a suggestion: `located` (and pydantic) load then, not on every check.
    from ccg_rules.located import did_you_mean

    return did_you_mean(word, choices)


def _keys(raw: Mapping[str, object], allowed: Iterable[str], at: str, what: str) -> None:
    allowed = tuple(allowed)
    for key in raw:
        if key not in allowed:
            raise LanguageError(
                f"unknown key {key!r} in {what}{_suggest(key, allowed)} (allowed: {', '.join(allowed)})",
                join_pointer(at, key),
            )


def _mapping(raw: object, at: str, what: str) -> Mapping[str, object]:
    if not isinstance(raw, dict):
        raise LanguageError(f"{what} must be a mapping", at)
    return raw


class _Parser(Operands):
    def __init__(self, schema: Mapping[str, FactType], params: Mapping[str, object], at: str) -> None:
        self.schema = schema
        self.params = params
        self.at = at
        self.aliases: dict[str, AliasInfo] = {}
        self.current: tuple[str, FactType] | None = None  # the step whose 'where' is parsed
        self.test_at: dict[int, str] = {}  # id of each parsed `Test` -> its JSON Pointer

    def fail(self, message: str, at: str) -> NoReturn:
        raise LanguageError(message, at) from None

    def suggest(self, word: str, choices: Iterable[str]) -> str:
        return _suggest(word, choices)

    # -- structure -------------------------------------------------------------------
    def condition(self, raw: object) -> ParsedCondition:
        body = _mapping(raw, self.at, "a condition")
        _keys(body, ("match", "absent", "report"), self.at, "a condition")
        match_at = join_pointer(self.at, "match")
        if "match" not in body:
            raise LanguageError("a condition needs a 'match' section", self.at)
        steps = _mapping(body["match"], match_at, "'match'")
        if not steps:
            raise LanguageError("'match' needs at least one step", match_at)
        parsed: list[ir.Step] = [self.step(alias, spec, match_at) for alias, spec in steps.items()]
        free = [s.alias for s in parsed if isinstance(s, Binding) and not _joined(s)]
        if len(free) > MAX_UNJOINED_STEPS:
            raise LanguageError(
                f"step {free[MAX_UNJOINED_STEPS]!r} makes {len(free)} 'each' steps not joined to an"
                " earlier step (by a 'where' equality to $alias.field), and at most"
                f" {MAX_UNJOINED_STEPS} are allowed: each one multiplies the combinations to try",
                join_pointer(match_at, free[MAX_UNJOINED_STEPS]),
            )
        absent: list[Absent] = []
        if "absent" in body:
            absent_at = join_pointer(self.at, "absent")
            for alias, spec in _mapping(body["absent"], absent_at, "'absent'").items():
                absent.append(self.absent(alias, spec, absent_at))
        report, report_field, report_pointer = self.report(body.get("report"), parsed)
        cond = Condition(tuple(parsed), tuple(absent), report, report_pointer, report_field)
        problem = limits.exceeded(cond)
        if problem is not None:
            message, test = problem
            raise LanguageError(message, self.test_at.get(id(test), self.at))
        return ParsedCondition(cond, dict(self.aliases))

    def _alias(self, alias: str, at: str) -> None:
        if not _ALIAS.fullmatch(alias) or alias in _RESERVED_ALIASES:
            raise LanguageError(
                f"alias {alias!r} must be lower case letters, digits and _, start with a letter, "
                "and not be one of: " + ", ".join(sorted(_RESERVED_ALIASES)),
                at,
            )
        if alias in self.aliases:
            raise LanguageError(f"alias {alias!r} is used twice", at)
        if yaml11_surprise(alias):
            raise LanguageError(
                f"alias {alias!r} would be read as {yaml11_surprise(alias)} by YAML 1.1 tools; "
                "choose another name",
                at,
            )

    def step(self, alias: str, raw: object, at: str) -> ir.Step:
        at = join_pointer(at, alias)
        self._alias(alias, at)
        spec = _mapping(raw, at, f"step {alias!r}")
        kinds = [k for k in _STEP_FORMS if k in spec]
        if len(kinds) != 1:
            raise LanguageError(f"step {alias!r} needs exactly one of 'each', 'count' or 'compare'", at)
        if kinds[0] == "each":
            _keys(spec, _STEP_FORMS["each"].keys, at, f"step {alias!r}")
            ft = self.fact_type(spec["each"], join_pointer(at, "each"))
            crit = self.related_where(alias, ft, spec.get("where"), join_pointer(at, "where"))
            self.aliases[alias] = AliasInfo("binding", ft)
            return Binding(alias, ft.name, crit)
        if kinds[0] == "count":
            _keys(spec, _STEP_FORMS["count"].keys, at, f"step {alias!r}")
            ft = self.fact_type(spec["count"], join_pointer(at, "count"))
            crit = self.where(spec.get("where"), ft, join_pointer(at, "where"), refs={Op.EQ})
            outers = {t.operand.alias for t in _tests(crit) if isinstance(t.operand, Ref)}
            if len(outers) > 1:
                raise LanguageError(
                    "a count may refer to one earlier alias only, not " + " and ".join(sorted(outers)),
                    join_pointer(at, "where"),
                )
            op, threshold = self.count_is(spec.get("is"), join_pointer(at, "is"))
            self.aliases[alias] = AliasInfo("count")
            return Count(alias, ft.name, crit, op, threshold, next(iter(outers), None))
        _keys(spec, _STEP_FORMS["compare"].keys, at, f"step {alias!r}")
        left = self.expr(spec["compare"], join_pointer(at, "compare"))
        is_at = join_pointer(at, "is")
        if "is" not in spec:
            raise LanguageError("a compare needs 'is', e.g. is: {gt: 0}", at)
        is_ = _mapping(spec["is"], is_at, "'is'")
        if len(is_) != 1:
            raise LanguageError("'is' takes exactly one comparison, e.g. {gt: 0}", is_at)
        ((op_name, operand),) = is_.items()
        op = self.op(op_name, IS_OPS, join_pointer(is_at, op_name), "a compare")
        right = self.expr(operand, join_pointer(is_at, op_name))
        self.aliases[alias] = AliasInfo("compare")
        return Compare(alias, left, op, right)

    def absent(self, alias: str, raw: object, at: str) -> Absent:
        at = join_pointer(at, alias)
        self._alias(alias, at)
        spec = _mapping(raw, at, f"absent pattern {alias!r}")
        _keys(spec, ABSENT_STEP.keys, at, f"absent pattern {alias!r}")
        if "each" not in spec:
            raise LanguageError(f"absent pattern {alias!r} needs 'each'", at)
        ft = self.fact_type(spec["each"], join_pointer(at, "each"))
        crit = self.related_where(alias, ft, spec.get("where"), join_pointer(at, "where"))
        self.aliases[alias] = AliasInfo("absent", ft)
        return Absent(alias, ft.name, crit)

    def related_where(self, alias: str, ft: FactType, raw: object, at: str) -> tuple[Criterion, ...]:
        """An ``each`` or ``absent`` step's tests, which may compare fields relationally."""
        self.current = (alias, ft)
        try:
            crit = self.where(raw, ft, at, refs=set(JOIN_OPS))
        finally:
            self.current = None
        if any(isinstance(t.operand, ir.Shifted) for t in _tests(crit)):
            named = sorted(
                {t.operand.alias for t in _tests(crit) if isinstance(t.operand, Ref | ir.Shifted)} - {alias}
            )
            if len(named) > ir.MAX_RELATED:
                raise LanguageError(
                    f"a step that compares fields relationally may refer to {ir.MAX_RELATED} earlier steps"
                    f" at most, not {', '.join(named)}",
                    at,
                )
        return crit

    def report(self, raw: object, steps: list[ir.Step]) -> tuple[str | None, str | None, str | None]:
        at = join_pointer(self.at, "report")
        bindings = [s.alias for s in steps if isinstance(s, Binding)]
        if raw is None:
            if not bindings:
                raise LanguageError(
                    "a rule without an 'each' step must say where to report: report: /pointer",
                    self.at,
                )
            return bindings[0], None, None
        if not isinstance(raw, str):
            raise LanguageError(
                "'report' is an alias, alias.field, or a JSON Pointer such as /committees", at
            )
        if raw.startswith("/"):
            if not _pointer_in_schema(raw, self.schema):
                raise LanguageError(f"{quote(raw)} is not a place in the document model", at)
            return None, None, str(raw)
        alias, _, field = str(raw).partition(".")
        if alias not in bindings:
            raise LanguageError(
                f"'report' names {alias!r}, which is not an 'each' step{_suggest(alias, bindings)}",
                at,
            )
        if field:
            info = self.aliases[alias]
            assert info.fact_type is not None
            spec = self.field(info.fact_type, field, at)
            if spec.name in BUILTIN:
                raise LanguageError("report a field of the document model, not path/parent/index", at)
        return alias, field or None, None

    # -- pieces ----------------------------------------------------------------------
    def fact_type(self, raw: object, at: str) -> FactType:
        if not isinstance(raw, str) or raw not in self.schema:
            name = str(raw)
            raise LanguageError(
                f"{name!r} is not a collection of the document model{_suggest(name, self.schema)}",
                at,
            )
        return self.schema[raw]

    def where(
        self, raw: object, ft: FactType, at: str, refs: set[Op], in_any: bool = False
    ) -> tuple[Criterion, ...]:
        if raw is None:
            return ()
        body = _mapping(raw, at, "'where'")
        out: list[Criterion] = []
        for key, spec in body.items():
            key_at = join_pointer(at, key)
            if key == "all":
                if not isinstance(spec, list) or not spec:
                    raise LanguageError("'all' takes a list of conditions", key_at)
                for i, part in enumerate(spec):
                    out.extend(self.where(part, ft, join_pointer(key_at, i), refs, in_any))
                continue
            if key == "any":
                if in_any:
                    raise LanguageError("'any' cannot be nested inside 'any'", key_at)
                if not isinstance(spec, list) or len(spec) < 2:
                    raise LanguageError("'any' takes a list of at least two conditions", key_at)
                branches = tuple(
                    self.where(b, ft, join_pointer(key_at, i), set(), in_any=True) for i, b in enumerate(spec)
                )
                if any(not b for b in branches):
                    raise LanguageError("each branch of 'any' needs at least one test", key_at)
                out.append(AnyOf(branches))
                continue
            fs = self.field(ft, key, key_at)
            ops = spec if isinstance(spec, dict) else {"eq": spec}
            if not ops:
                raise LanguageError(f"no test given for {key!r}", key_at)
            for op_name, operand in ops.items():
                op_at = key_at if not isinstance(spec, dict) else join_pointer(key_at, op_name)
                out.append(self.test(fs, op_name, operand, op_at, refs, in_any))
        return tuple(out)

    def test(
        self, fs: FieldSpec, op_name: str, operand: object, at: str, refs: set[Op], in_any: bool
    ) -> Test:
        parsed = self._test(fs, op_name, operand, at, refs, in_any)
        self.test_at[id(parsed)] = at
        return parsed

    def _test(
        self, fs: FieldSpec, op_name: str, operand: object, at: str, refs: set[Op], in_any: bool
    ) -> Test:
        field_key = BUILTIN.get(fs.name, fs.name)
        if op_name in BY_NAME and BY_NAME[op_name].operand == "flag":
            flag = self.boolean(operand, at)
            return Test(field_key, Op.EXISTS if flag else Op.MISSING)
        op = self.op(op_name, KIND_OPS[fs.kind], at, f"{fs.kind} field {fs.name!r}")
        form = BY_OP[op].operand
        if in_any and op is Op.NOT_MATCHES:
            raise LanguageError("'not_matches' cannot be used inside 'any'", at)
        if isinstance(operand, str) and operand.startswith("$"):
            return Test(field_key, op, self.ref(fs, op, operand, at, refs))
        if form == "values":
            if not isinstance(operand, list) or not operand:
                raise LanguageError(f"'{op.value}' takes a non-empty list of values", at)
            values = tuple(self.constant(v, fs, join_pointer(at, i)) for i, v in enumerate(operand))
            return Test(field_key, op, values)  # type: ignore[arg-type]
        if form == "pattern":
            if not isinstance(operand, str):
                raise LanguageError("a pattern must be a string", at)
            try:
                return Test(field_key, op, parse_pattern(str(operand)))
            except ValueError as exc:
                raise LanguageError(f"bad pattern {quote(operand)}: {exc}", at) from None
        if form == "item":
            assert fs.item is not None
            item = FieldSpec(fs.name, fs.item.kind, fs.item.choices)
            return Test(field_key, op, self.constant(operand, item, at))
        return Test(field_key, op, self.constant(operand, fs, at))


MAX_UNJOINED_STEPS = 2
"""The most ``each`` steps of one condition that are not joined to an earlier step.

Each such step pairs every fact it matches with every combination before it, so the work
grows as the product of the collections' sizes; a join (``where`` holding an equality to
``$alias.field`` of an earlier step) keeps it to the matching facts.
"""


def _joined(step: Binding) -> bool:
    """Whether a step's own criteria (not inside ``any_of``) join it to an earlier step."""
    return any(isinstance(c, Test) and isinstance(c.operand, Ref) and c.op is Op.EQ for c in step.criteria)


def _tests(criteria: Iterable[Criterion]) -> Iterable[Test]:
    for c in criteria:
        if isinstance(c, Test):
            yield c
        else:
            for branch in c.branches:
                yield from _tests(branch)


def _pointer_in_schema(pointer: str, schema: Mapping[str, FactType]) -> bool:
    tokens = [t for t in pointer.split("/")[1:]]
    generic = "/" + "/".join("*" if t.isdigit() else t for t in tokens)
    for ft in schema.values():
        if ft.pointer == generic or ft.pointer.startswith(generic + "/"):
            return True
        for name in ft.fields:
            if f"{ft.pointer}/{name.replace('.', '/')}".startswith(generic):
                return True
    return False


def parse_condition(
    raw: object, schema: Mapping[str, FactType], params: Mapping[str, object], at: str
) -> ParsedCondition:
    """Parse a rule's condition and check it against the fact schema.

    Args:
        raw: The condition as loaded from YAML.
        schema: The fact schema (`ccg_rules.facts.fact_schema`).
        params: The ruleset version's parameters (raw YAML values).
        at: The JSON Pointer of the condition within its ruleset file.

    Raises:
        LanguageError: The condition is malformed; its pointer names the node.
    """
    return _Parser(schema, params, at).condition(raw)


