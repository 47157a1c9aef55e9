"""What each engine can evaluate, declared as data, so the parser refuses a rule beyond it.

The IR promises that a rule which loads runs on every engine. A limit that only one engine
has is declared here, read by the condition parser (`ccg_rules.rules.language`), which
refuses the rule at load time with the place of the offending test, and by the engine,
which keeps its own check as a defensive assertion.
"""

from __future__ import annotations

from collections.abc import Iterator

from ccg_rules._record import Record
from ccg_rules.rules.ir import Binding, Condition, Op, Ref, Shifted, Test

_set = object.__setattr__


class EngineLimits(Record):
    """The limits of one engine on a single rule.

    Attributes:
        engine: The engine's name (``Engine.name``).
        max_ne_guards: The most distinct ``$alias.field`` that ``ne`` references of one
            rule may read, or None for no limit.
        why: Why the limit exists, for the message.
    """

    _fields = ("engine", "max_ne_guards", "why")
    __slots__ = _fields

    engine: str
    max_ne_guards: int | None
    why: str

    def __init__(self, engine: str, max_ne_guards: int | None = None, why: str = "") -> None:
        _set(self, "engine", engine)
        _set(self, "max_ne_guards", max_ne_guards)
        _set(self, "why", why)


PYTHON = EngineLimits("python")
"""The Python engine evaluates the whole language."""

DURABLE = EngineLimits(
    "durable",
    max_ne_guards=4,
    why="each one doubles the number of durable rules the rule compiles to",
)
"""durable-rules guards each field an ``ne`` reference reads (`ccg_rules.engines.durable`)."""

LIMITS = (PYTHON, DURABLE)
"""Every engine's limits."""


def ne_guards(condition: Condition) -> Iterator[tuple[tuple[str, str], Test]]:
    """Each ``ne`` reference test of ``condition``, in order, with the (alias, field) it reads.

    These are the tests durable-rules compiles with a presence guard: those of ``each``
    steps and of ``absent`` patterns that hold no relational (`Shifted`) test, which are
    pre-computed instead. References cannot appear inside ``any``.
    """
    groups = [s.criteria for s in condition.steps if isinstance(s, Binding)]
    for a in condition.absent:
        if not any(isinstance(c, Test) and isinstance(c.operand, Shifted) for c in a.criteria):
            groups.append(a.criteria)
    for criteria in groups:
        for c in criteria:
            if isinstance(c, Test) and c.op is Op.NE and isinstance(c.operand, Ref):
                yield (c.operand.alias, c.operand.field), c


def exceeded(condition: Condition) -> tuple[str, Test] | None:
    """The first limit of any engine that ``condition`` exceeds: a message and the test at fault."""
    for limits in LIMITS:
        if limits.max_ne_guards is None:
            continue
        seen: set[tuple[str, str]] = set()
        for guard, test in ne_guards(condition):
            seen.add(guard)
            if len(seen) > limits.max_ne_guards:
                alias, field = guard
                return (
                    f"this rule's 'ne' references read {len(seen)} different fields, here"
                    f" ${alias}.{field.lstrip('$')}, and the {limits.engine} engine allows"
                    f" {limits.max_ne_guards} at most: {limits.why}",
                    test,
                )
    return None
