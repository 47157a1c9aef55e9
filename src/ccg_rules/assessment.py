"""Roll findings up into an authorisation assessment: domains, conditions, risk.

The NHS Commissioning Board assessed applicants against criteria in six domains; each
unmet criterion became a condition, and serious ones stopped authorisation. Here a rule
is a criterion: its findings' consequences decide its domain's status, each rule that
fires becomes one condition, and rules tagged ``configuration`` feed a red/amber/green
configuration risk rating (red where a rule is tagged ``high-risk`` or fails at error
severity, amber for any other configuration finding, whatever its severity).
"""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules.findings import Consequence, Finding, Severity
from ccg_rules.report import (
    AuthorisationCondition,
    ConfigurationRisk,
    DomainResult,
    DomainStatus,
    RiskRating,
)
from ccg_rules.rules.ruleset import Ruleset

CONFIGURATION_TAG = "configuration"
HIGH_RISK_TAG = "high-risk"


def domain_results(findings: Sequence[Finding], ruleset: Ruleset) -> tuple[DomainResult, ...]:
    """Return every domain of ``ruleset`` with its status from ``findings``."""
    out = []
    for domain in ruleset.domains:
        mine = [f for f in findings if f.domain == domain.id]
        blocking = sum(f.consequence is Consequence.BLOCKS for f in mine)
        conditions = sum(f.consequence is Consequence.CONDITION for f in mine)
        advisory = sum(f.consequence is Consequence.ADVISORY for f in mine)
        if blocking:
            status = DomainStatus.NOT_MET
        elif conditions:
            status = DomainStatus.MET_WITH_CONDITIONS
        else:
            status = DomainStatus.MET
        out.append(
            DomainResult(
                id=domain.id,
                number=domain.number,
                title=domain.title,
                status=status,
                blocking=blocking,
                conditions=conditions,
                advisory=advisory,
            )
        )
    return tuple(out)


def conditions(findings: Sequence[Finding], ruleset: Ruleset) -> tuple[AuthorisationCondition, ...]:
    """Return one condition per rule that fired with a blocking or conditional consequence."""
    order = {d.id: i for i, d in enumerate(ruleset.domains)}
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        if f.consequence is not Consequence.ADVISORY:
            by_rule.setdefault(f.rule_id, []).append(f)
    out = []
    for rule_id, group in by_rule.items():
        first = group[0]
        try:
            text = ruleset.rule(rule_id).remediation
        except KeyError:  # a document problem, not a rule
            text = first.remediation or first.message
        out.append(
            AuthorisationCondition(
                rule_id=rule_id,
                domain=first.domain,
                title=first.title,
                consequence=first.consequence,
                text=text,
                citation=first.citation,
                pointers=tuple(f.pointer for f in group),
                lines=tuple(f.location.line for f in group),
            )
        )
    out.sort(
        key=lambda c: (c.consequence is not Consequence.BLOCKS, order.get(c.domain or "", 99), c.rule_id)
    )
    return tuple(out)


def configuration_risk(findings: Sequence[Finding], ruleset: Ruleset) -> ConfigurationRisk:
    """Rate configuration risk from the findings of rules tagged ``configuration``."""
    tags = {r.id: set(r.tags) for r in ruleset.rules}
    relevant = [f for f in findings if CONFIGURATION_TAG in tags.get(f.rule_id, set())]
    red = any(HIGH_RISK_TAG in tags[f.rule_id] or f.severity is Severity.ERROR for f in relevant)
    amber = bool(relevant)  # an advisory finding about the configuration is still a risk
    rating = RiskRating.RED if red else RiskRating.AMBER if amber else RiskRating.GREEN
    reasons = tuple(f.message for f in relevant)
    return ConfigurationRisk(rating=rating, reasons=reasons)
