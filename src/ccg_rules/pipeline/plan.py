"""Plan: the compiled rules of a ruleset version at one as-of date, cut to the selection."""

from __future__ import annotations

import datetime as dt
import hashlib

from ccg_rules.rules.ir import RulePlan
from ccg_rules.rules.ruleset import Ruleset


def plan_for(ruleset: Ruleset, as_of: dt.date, ran: tuple[str, ...]) -> RulePlan:
    """Return the plan of ``ruleset`` on ``as_of`` holding only the rules in ``ran``.

    Args:
        ruleset: The ruleset version.
        as_of: The date relative dates in rules count back from.
        ran: The ids of the selected rules (`ccg_rules.pipeline.selection.select_rules`);
            a rule not among them is never evaluated.
    """
    plan = ruleset.plan(as_of)
    if len(ran) == len(plan.rules):
        return plan
    keep = set(ran)
    # Engines cache what they build from a plan under its key: a cut plan has its own.
    cut = hashlib.sha256("\n".join(ran).encode()).hexdigest()[:16]
    return RulePlan(f"{plan.key}#{cut}", tuple(r for r in plan.rules if r.rule_id in keep))
