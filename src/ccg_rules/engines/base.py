"""What every evaluation engine implements, and what it is given.

An engine only *matches*: given the compiled rules of one ruleset version (at one
as-of date) and the complete set of facts of one document, including the derived
``$count`` and ``$value`` facts, it returns which rules fire on which tuples of facts.
Messages, locations, de-duplication and ordering are done once, outside the engines,
so that two engines that match alike produce byte-identical reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, Protocol

from ccg_rules._record import Record
from ccg_rules.rules.ir import RulePlan
from ccg_rules.rules.limits import EngineLimits

_set = object.__setattr__

Fact = Mapping[str, object]
"""A flat fact: field name to scalar, or a tuple of str; see `ccg_rules.rules.ir`."""


class Match(Record):
    """One rule firing on one tuple of facts.

    ``bindings`` pairs each alias of the rule's steps (bindings, counts and compares, in
    the order the rule declares them) with the ``$path`` of the fact bound to it.
    """

    _fields = ("rule_id", "bindings")
    __slots__ = _fields

    rule_id: str
    bindings: tuple[tuple[str, str], ...]

    def __init__(self, rule_id: str, bindings: tuple[tuple[str, str], ...]) -> None:
        _set(self, "rule_id", rule_id)
        _set(self, "bindings", bindings)


class Engine(Protocol):
    """A matcher for compiled rules."""

    name: ClassVar[str]
    relational: ClassVar[bool]
    """Whether it compares the fields of two facts itself; if not, `ccg_rules.engines.derive`
    pre-computes those comparisons as ``$rel`` and ``$some`` facts for it."""
    limits: ClassVar[EngineLimits]
    """What it can evaluate; the parser refuses a rule beyond any engine's (`ccg_rules.rules.limits`)."""

    def match(self, plan: RulePlan, facts: Sequence[Fact]) -> list[Match]:
        """Return every (rule, tuple) that fires, in any order, duplicates allowed."""
        ...
