"""The durable-rules evaluation backend (optional: ``pip install ccg-rules[durable]``).

It drives durable's C module, ``durable_rules_engine``, directly and never imports
``durable.lang`` or ``durable.engine``. The plan is compiled into durable's JSON format by
`ccg_rules.engines._durable_compile`; ``docs/design/durable-engine.md`` describes the
mapping from the IR and the durable defects that each rule of the compiler works around.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from types import ModuleType
from typing import ClassVar

from ccg_rules.engines._durable_compile import (
    ANCHOR,
    SENTINEL,
    CompiledRuleset,
    dump,
    escape_surrogates,
)
from ccg_rules.engines.base import Fact, Match
from ccg_rules.errors import DurableEngineError
from ccg_rules.rules.grammar import BY_OP
from ccg_rules.rules.ir import Op, RulePlan
from ccg_rules.rules.limits import DURABLE, EngineLimits

__all__ = ["DurableEngine"]

_UNAVAILABLE = (
    "durable-rules backend unavailable: install ccg-rules[durable] (needs a C compiler and Python < 3.13)"
)
_MAX_PROPERTIES = 249  # durable silently drops facts with about 254 properties or more
_CACHE_SIZE = 32
_MATCH = BY_OP[Op.MATCHES].evaluate  # the Python engine's match, for the flags worked out in Python

_LOCK = threading.Lock()  # held around every C call and the ruleset cache
_SIDS = itertools.count()
_cache: OrderedDict[str, CompiledRuleset] = OrderedDict()
rulesets_created = 0  # C rulesets created by this process


def _project(ruleset: CompiledRuleset, fact: Fact, sid: str) -> tuple[dict[str, object], bool]:
    """A fact for durable: the fields the plan reads, plus regex shadows and flags.

    The flag says whether ``json.dumps`` writes it exactly as `dump` would.
    """
    out: dict[str, object] = {}
    exact = True
    fields, regex = ruleset.fields, ruleset.regex
    for name, value in fact.items():
        key = fields.get(name)  # the regex-tested fields are among them
        if key is None or value is None:
            continue
        if isinstance(value, str | bool) or (isinstance(value, int) and abs(value) < 2**63):
            out[key] = value
        elif isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
            out[key] = int(value)  # as dump writes it
        elif isinstance(value, tuple | list):
            out[key] = [SENTINEL, *value]
            exact = exact and all(isinstance(v, str) for v in value)
        else:
            out[key] = value
            exact = False
        spec = regex.get(name)
        if spec is not None:
            text = str(value)  # as the Python engine matches it
            if spec.shadow is not None:
                out[spec.shadow_key] = spec.shadow(text)
            for flag, compiled in spec.flags.values():
                out[flag] = _MATCH(text, compiled)
    if out.get("t") == ANCHOR or out.get("id") == ANCHOR or not isinstance(out.get("id"), str):
        raise DurableEngineError(f"a fact needs a string $path, and {ANCHOR!r} is reserved")
    out["sid"] = sid
    if len(out) > _MAX_PROPERTIES:
        raise DurableEngineError(f"fact {out['id']} has more than {_MAX_PROPERTIES} properties")
    return out, exact


class DurableEngine:
    """Matches compiled rules with durable-rules' Rete network, through its C core.

    Each plan is compiled once per process into one C ruleset, kept in a bounded LRU
    cache keyed by ``plan.key``. Each document is one durable session: all facts, then an
    end-of-document anchor, are asserted in one batch; the activations are drained and
    the session is deleted. One process-wide lock is held around all of it.

    Raises:
        DurableEngineError: On construction, when durable-rules cannot be imported. From
            `match`, when a plan or a fact is outside what durable evaluates
            faithfully, or when durable reports an error.
    """

    name: ClassVar[str] = "durable"
    relational: ClassVar[bool] = False
    limits: ClassVar[EngineLimits] = DURABLE

    def __init__(self) -> None:
        try:
            self._dre: ModuleType = importlib.import_module("durable_rules_engine")
        except ImportError as exc:
            raise DurableEngineError(_UNAVAILABLE) from exc

    def match(self, plan: RulePlan, facts: Sequence[Fact]) -> list[Match]:
        """Return every (rule, tuple) that fires on the document made of ``facts``."""
        paths = [f.get("$path") for f in facts]
        if len(set(paths)) != len(paths):
            raise DurableEngineError("two facts share a $path (a flattener bug)")
        with _LOCK:
            ruleset = self._ruleset(plan)
            sid = str(next(_SIDS))
            anchor = {"t": ANCHOR, "id": ANCHOR, "sid": sid}
            projected = [_project(ruleset, fact, sid) for fact in facts]
            payload = [p for p, _ in projected] + [anchor]
            if all(exact for _, exact in projected):  # the C encoder, if it writes alike
                text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), check_circular=False)
            else:
                text = dump(payload)
            return self._run(ruleset, escape_surrogates(text), dump(anchor), sid)

    def _ruleset(self, plan: RulePlan) -> CompiledRuleset:
        global rulesets_created
        ruleset = _cache.get(plan.key)
        if ruleset is not None:
            _cache.move_to_end(plan.key)
            return ruleset
        ruleset = CompiledRuleset(plan)
        try:
            ruleset.handle = self._dre.create_ruleset(f"ccg{rulesets_created}", ruleset.json)
        except (self._dre.error, MemoryError) as exc:
            raise DurableEngineError(f"durable rejected the compiled plan: {exc}") from exc
        rulesets_created += 1
        _cache[plan.key] = ruleset
        while len(_cache) > _CACHE_SIZE:  # deleting leaks a little; creating per document leaks a lot
            self._dre.delete_ruleset(_cache.popitem(last=False)[1].handle)
        return ruleset

    def _run(self, ruleset: CompiledRuleset, payload: str, anchor: str, sid: str) -> list[Match]:
        dre, handle = self._dre, ruleset.handle
        activations: list[str] = []
        started = False  # delete_state frees garbage unless an action ran: the $done rule
        try:
            try:
                code, offset = dre.assert_facts(handle, payload)
            except (dre.error, MemoryError) as exc:
                raise DurableEngineError(f"durable failed to assert the facts: {exc}") from exc
            if code == 2:
                raise DurableEngineError("durable saw two facts with one identity (a flattener bug)")
            if code not in (0, 1):  # 1: some fact matched no pattern, which is fine
                raise DurableEngineError(f"durable returned code {code} from assert_facts")
            started = self._drain(handle, offset, activations)
        finally:
            if not started:  # the batch failed before the anchor: assert it alone
                with contextlib.suppress(dre.error, MemoryError):
                    started = self._drain(handle, dre.assert_fact(handle, anchor)[1], [])
            if started:  # otherwise leak the session rather than risk the heap
                dre.delete_state(handle, sid)
        matches: set[Match] = set()
        for text in activations:
            for name, frames in json.loads(text).items():
                if name == "$done":
                    continue
                rule_id, aliases = ruleset.names[name]
                for frame in frames if isinstance(frames, list) else [frames]:
                    matches.add(Match(rule_id, tuple((a, frame[d]["id"]) for a, d in aliases)))
        return list(matches)

    def _drain(self, handle: int, offset: int, out: list[str]) -> bool:
        result = self._dre.start_action_for_state(handle, offset)
        if result is None:
            return False
        message: str | None = result[1]
        while message is not None:
            out.append(message)
            message = self._dre.complete_and_start_action(handle, offset)
        return True
