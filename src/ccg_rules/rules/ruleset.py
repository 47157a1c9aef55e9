"""Resolved ruleset versions: a `Ruleset` and its rules, as its version files give them.

A ruleset is a folder of YAML files, one per version. A version either stands alone or
``extends`` an earlier one and states only what changed::

    ruleset: ccg-authorisation
    version: "2016-06"
    extends: "2014-12"
    effective_from: 2016-06-28
    parameters: {register_review_months: {value: 6, description: ...}}
    rules: [...]          # rules added in this version
    change: [{id: X, severity: warning}]   # partial changes to inherited rules
    remove: [{id: Y, reason: ...}]         # inherited rules that no longer apply

Every file is validated (unknown keys, types, rule conditions, message templates) when
it loads; a problem raises `ccg_rules.errors.RulesetError` naming the file, line
and column. The format is `ccg_rules.rules.spec`; reading a file, `ccg_rules.rules.files`;
``extends``, `ccg_rules.rules.inheritance`; compiling, `ccg_rules.rules.loading`; and
reading only the headers, `ccg_rules.rules.headers`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr

from ccg_rules.findings import (
    Citation,
    Consequence,
    Criterion,
    Severity,
    ShortfallKind,
    SupportLevel,
)
from ccg_rules.model.kinds import DEFAULT_FORMAT
from ccg_rules.rules.ir import CompiledRule, RulePlan
from ccg_rules.rules.language import ParsedCondition, resolve
from ccg_rules.rules.templates import Template

MAX_PLANS = 64
"""How many as-of dates' compiled plans a ruleset version keeps (the least recently used go)."""


class Domain(BaseModel):
    """An authorisation domain of a ruleset."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    number: int | None = None
    title: str
    description: str | None = None


class Rule(BaseModel):
    """One rule of a resolved ruleset version.

    Attributes:
        id: Stable id, e.g. ``REG-11-01``.
        title: The requirement in one line.
        domain: Id of the authorisation domain it belongs to.
        severity: ``error``, ``warning`` or ``info``.
        consequence: ``condition``, ``directions`` or ``advisory``.
        support_level: The support the Board would attach (``I`` to ``IV``); ``None`` for
            an advisory rule.
        criterion: The Board's criterion it bears on, or our nearest one.
        citation: The source it enforces, with how sure that citation is.
        condition: The rule's condition as written (for display).
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    id: str
    title: str
    domain: str
    severity: Severity
    consequence: Consequence
    support_level: SupportLevel | None = None
    criterion: Criterion
    kind: ShortfallKind = "constitution"
    """``constitution`` or ``standing`` (see `ccg_rules.findings.ShortfallKind`)."""
    citation: Citation
    see_also: tuple[Citation, ...] = ()
    rationale: str
    message: str
    remediation: str
    expected: str | None = None
    actual: str | None = None
    tags: tuple[str, ...] = ()
    implements: tuple[str, ...] = ()
    """Catalogue items this rule encodes."""
    parameters: tuple[str, ...] = ()
    """Names of the ruleset parameters its condition and messages use."""
    condition: dict[str, Any]
    defined_in: str
    """The version file in which this rule was last added or changed."""

    _parsed: ParsedCondition = PrivateAttr()
    _templates: dict[str, Template] = PrivateAttr()


class Ruleset(BaseModel):
    """A resolved ruleset version: its own rules plus everything it inherits.

    Attributes:
        id: The ruleset id, e.g. ``ccg-authorisation``.
        version: The version, e.g. ``2012``.
        digest: ``sha256:`` digest of the resolved content; it changes when any rule,
            parameter or date changes.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    version: str
    title: str
    description: str | None = None
    effective_from: dt.date
    effective_to: dt.date | None = None
    end_reason: str | None = None
    extends: str | None = None
    document: str = DEFAULT_FORMAT
    """The document format this version judges."""
    authorisation: bool = True
    """Whether its findings roll up into the 2013 authorisation outcome."""
    domains: tuple[Domain, ...]
    parameters: dict[str, Any]
    rules: tuple[Rule, ...]
    removed: dict[str, str] = {}
    """Rules removed in this version or an ancestor, with the reason."""
    digest: str

    _plans: OrderedDict[dt.date, RulePlan] = PrivateAttr(default_factory=OrderedDict)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def ref(self) -> str:
        """``id@version``."""
        return f"{self.id}@{self.version}"

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with ``rule_id``.

        Raises:
            KeyError: No such rule in this version.
        """
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def plan(self, as_of: dt.date) -> RulePlan:
        """Return the rules compiled for ``as_of`` (the last `MAX_PLANS` dates are cached)."""
        with self._lock:
            plan = self._plans.get(as_of)
            if plan is None:
                rules = tuple(CompiledRule(r.id, resolve(r._parsed.condition, as_of)) for r in self.rules)
                plan = RulePlan(f"{self.digest}@{as_of.isoformat()}", rules)
                self._plans[as_of] = plan
                while len(self._plans) > MAX_PLANS:
                    self._plans.popitem(last=False)
            else:
                self._plans.move_to_end(as_of)
            return plan
