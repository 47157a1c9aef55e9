"""Assess: roll findings up into the Board's authorisation assessment: domains, conditions, risk.

The NHS Commissioning Board assessed applicants against 119 criteria in six domains; each
unmet criterion became a condition with a level of support, and the gravest were backed by
legal directions (SI 2012/1631 reg 8). Here each rule that fires becomes one condition,
with the rule's support level and criterion; its findings' consequences decide its
domain's status (red where directions are proposed), and rules tagged ``configuration`` feed a red/amber/green
configuration risk rating (red where a rule is tagged ``high-risk`` or fails at error
severity, amber for any other configuration finding, whatever its severity).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from ccg_rules.findings import Consequence, Criterion, Finding, Severity, SupportLevel
from ccg_rules.model.decisions import BoardDecisions, RecordedCondition
from ccg_rules.reassessment import ConditionReview, DirectionsReview, Reassessment, ReviewStatus
from ccg_rules.report import (
    AuthorisationCondition,
    ConfigurationRisk,
    DomainResult,
    DomainStatus,
    RiskRating,
    Scope,
)
from ccg_rules.rules.ruleset import Ruleset

BOARD_CRITERIA = 119
"""The criteria the NHS Commissioning Board assessed every applicant CCG against in 2012-13
(HSJ, "Exclusive: CCG authorisation requirements and timetable revealed", 2012; 118 in the
March 2012 draft). Most are judgements on evidence that no rule can make."""

BOARD_CRITERIA_BY_DOMAIN: Mapping[int, int] = {}
"""How many of the 119 criteria each domain held, by domain number. Empty: the public record
gives the total and criterion codes whose first digit is the domain, not the split by domain
(the Board's guide for applicants, which lists the criteria, could not be read), so reports
say the split is not on record rather than give a number."""

CONFIGURATION_TAG = "configuration"
HIGH_RISK_TAG = "high-risk"


_BY_DOMAIN: dict[tuple[int, frozenset[str] | None], tuple[Ruleset, dict[str, tuple[Criterion, ...]]]] = {}
_BY_DOMAIN_LIMIT = 256


def criteria_by_domain(
    ruleset: Ruleset, ran: Collection[str] | None = None
) -> dict[str, tuple[Criterion, ...]]:
    """Return, by domain id, the distinct criteria the rules in ``ran`` bear on.

    A Board criterion goes to the domain its code's first digit names (the chair and chief
    finance officer rules sit in the governance domain but bear on 6.4F); our nearest
    criterion goes to its rule's domain. The Board's come first, by code, then ours, in rule
    order. A ruleset that gives no outcome has no Board criteria, so the result is empty.

    Args:
        ruleset: The ruleset version that ran.
        ran: The ids of the rules that ran; ``None`` means every rule.
    """
    # Worked out once per ruleset and selection, not once per report (keyed by the ruleset's
    # identity, and checked against it, as `ccg_rules.pipeline.describe` keeps descriptors).
    key = (id(ruleset), None if ran is None else frozenset(ran))
    cached = _BY_DOMAIN.get(key)
    if cached is None or cached[0] is not ruleset:
        if len(_BY_DOMAIN) >= _BY_DOMAIN_LIMIT:
            _BY_DOMAIN.clear()
        cached = _BY_DOMAIN[key] = (ruleset, _criteria_by_domain(ruleset, ran))
    return dict(cached[1])


def _criteria_by_domain(ruleset: Ruleset, ran: Collection[str] | None) -> dict[str, tuple[Criterion, ...]]:
    if not ruleset.authorisation:
        return {}
    by_number = {d.number: d.id for d in ruleset.domains if d.number is not None}
    board: dict[str, dict[str, Criterion]] = {}
    ours: dict[str, dict[str, Criterion]] = {}
    for rule in ruleset.rules:
        if ran is not None and rule.id not in ran:
            continue
        crit = rule.criterion
        if crit.basis == "board" and crit.code:
            home = by_number.get(int(crit.code.split(".")[0]), rule.domain)
            board.setdefault(home, {}).setdefault(crit.code, crit)
        else:
            ours.setdefault(rule.domain, {}).setdefault(crit.text, crit)
    out: dict[str, tuple[Criterion, ...]] = {}
    for domain in ruleset.domains:
        coded = board.get(domain.id, {})
        out[domain.id] = (*(coded[k] for k in sorted(coded)), *ours.get(domain.id, {}).values())
    return out


def domain_results(
    findings: Sequence[Finding], ruleset: Ruleset, ran: Collection[str] | None = None
) -> tuple[DomainResult, ...]:
    """Return every domain of ``ruleset`` with its status from ``findings``.

    Args:
        findings: The findings in force.
        ruleset: The ruleset version that ran.
        ran: The ids of the rules that ran (for the criteria each domain checks); ``None``
            means every rule.
    """
    criteria = criteria_by_domain(ruleset, ran)
    out = []
    for domain in ruleset.domains:
        checked = criteria.get(domain.id, ())
        in_domain = BOARD_CRITERIA_BY_DOMAIN.get(domain.number) if domain.number is not None else None
        coded = sum(c.basis == "board" for c in checked)
        mine = [f for f in findings if f.domain == domain.id]
        directions = sum(f.consequence is Consequence.DIRECTIONS for f in mine)
        conditions = sum(f.consequence is Consequence.CONDITION for f in mine)
        advisory = sum(f.consequence is Consequence.ADVISORY for f in mine)
        if directions:
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
                directions=directions,
                conditions=conditions,
                advisory=advisory,
                criteria_checked=checked,
                criteria_in_domain=in_domain,
                criteria_unchecked=None if in_domain is None else max(in_domain - coded, 0),
            )
        )
    return tuple(out)


def conditions(findings: Sequence[Finding], ruleset: Ruleset) -> tuple[AuthorisationCondition, ...]:
    """Return one condition per rule that fired with a consequence for authorisation.

    Each carries the rule's support level and criterion; those backed by directions come
    first, then the rest in domain order.
    """
    order = {d.id: i for i, d in enumerate(ruleset.domains)}
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        if f.consequence is not Consequence.ADVISORY:
            by_rule.setdefault(f.rule_id, []).append(f)
    out = []
    for rule_id, group in by_rule.items():
        first = group[0]
        try:
            rule = ruleset.rule(rule_id)
        except KeyError:  # a document problem, not a rule
            text, level, criterion = first.remediation or first.message, None, None
        else:
            text, level, criterion = rule.remediation, rule.support_level, rule.criterion
        out.append(
            AuthorisationCondition(
                rule_id=rule_id,
                domain=first.domain,
                title=first.title,
                consequence=first.consequence,
                kind=first.kind,
                support_level=level,
                criterion=criterion,
                text=text,
                citation=first.citation,
                pointers=tuple(f.pointer for f in group),
                lines=tuple(f.location.line for f in group),
            )
        )
    out.sort(
        key=lambda c: (c.consequence is not Consequence.DIRECTIONS, order.get(c.domain or "", 99), c.rule_id)
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


def scope_of(ruleset: Ruleset | None, rules_checked: int, ran: Collection[str] | None = None) -> Scope:
    """Say, in one sentence, what an outcome from ``rules_checked`` rules covers.

    Args:
        ruleset: The ruleset version that ran, or ``None`` when no rule could run.
        rules_checked: How many of its rules ran.
        ran: Their ids, for the criteria they bear on; ``None`` means every rule.
    """
    if ruleset is None or rules_checked == 0:
        statement = (
            "No rule ran, so there is no outcome: the document must be put right before it can be "
            "checked, and an assessor's judgement is needed as well."
        )
    elif not ruleset.authorisation:
        statement = (
            f"These findings cover only the {rules_checked} rules a machine can check "
            f"({ruleset.id}@{ruleset.version}). They give no outcome: NHS England approves the "
            "constitution and each amendment as a whole, with no graded outcome like the 2013 "
            "authorisation's, and that judgement is NHS England's to make."
        )
        return Scope(statement=statement, rules_checked=rules_checked, board_criteria=0)
    else:
        criteria = [c for cs in criteria_by_domain(ruleset, ran).values() for c in cs]
        codes = tuple(c.code for c in criteria if c.basis == "board" and c.code)
        statement = (
            f"This outcome covers only the {rules_checked} rules a machine can check "
            f"({ruleset.id}@{ruleset.version}), which bear on {len(criteria)} criteria ({len(codes)} "
            f"with the Board's code, {len(criteria) - len(codes)} our nearest in their domains); "
            f"most of the Board's {BOARD_CRITERIA} "
            "authorisation criteria, such as plans, engagement, leadership capability and "
            "safeguarding systems, are judgements on evidence that an assessor must make."
        )
        return Scope(
            statement=statement,
            rules_checked=rules_checked,
            board_criteria=BOARD_CRITERIA,
            criteria_checked=len(criteria),
            board_codes_checked=codes,
        )
    return Scope(statement=statement, rules_checked=rules_checked, board_criteria=BOARD_CRITERIA)


# --------------------------------------------------------------------------------------
# Re-assessment against the Board's recorded decisions


def _matches(recorded: RecordedCondition, found: AuthorisationCondition) -> bool:
    if recorded.rule is not None:
        return recorded.rule == found.rule_id
    crit = found.criterion
    return crit is not None and crit.basis == "board" and crit.code == recorded.criterion


def reassess(
    decisions: BoardDecisions,
    found: Sequence[AuthorisationCondition],
    checked: Mapping[str, str | None],
    as_of: dt.date,
) -> Reassessment:
    """Compare ``decisions`` with the conditions ``found`` on ``as_of``.

    Args:
        decisions: The Board's decisions recorded in the document.
        found: The conditions the check found.
        checked: The rules that ran, each with the Board's criterion code it bears on
            (``None`` when it has none).
        as_of: The day the document speaks for; a removal or revocation after it has
            not happened yet.
    """
    out: list[ConditionReview] = []
    claimed: set[str] = set()
    for rec in decisions.conditions:
        level = SupportLevel(rec.level)
        if rec.removed is not None and rec.removed <= as_of:
            out.append(
                ConditionReview(
                    status="removed", criterion=rec.criterion, level=level, removed=rec.removed, text=rec.text
                )
            )
            continue
        hits = tuple(f.rule_id for f in found if _matches(rec, f))
        claimed.update(hits)
        if hits:
            status: ReviewStatus = "remains"
            rules = hits
        elif rec.rule is not None:
            rules = (rec.rule,) if rec.rule in checked else ()
            status = "met" if rules else "unchecked"
        else:
            rules = tuple(
                sorted(r for r, code in checked.items() if code is not None and code == rec.criterion)
            )
            status = "met" if rules else "unchecked"
        out.append(
            ConditionReview(
                status=status, criterion=rec.criterion, rule_ids=rules, level=level, text=rec.text
            )
        )
    for f in found:
        if f.rule_id not in claimed:
            code = f.criterion.code if f.criterion is not None and f.criterion.basis == "board" else None
            out.append(
                ConditionReview(
                    status="new", criterion=code, rule_ids=(f.rule_id,), level=f.support_level, text=f.text
                )
            )
    directions = tuple(
        DirectionsReview(
            covers=d.covers, criterion=d.criterion, in_force=d.revoked is None or d.revoked > as_of
        )
        for d in decisions.directions
    )
    counts = {s: sum(c.status == s for c in out) for s in ("met", "remains", "unchecked", "removed", "new")}
    recorded = len(decisions.conditions)
    statement = (
        f"Of the {recorded} conditions the Board recorded, {counts['removed']} were removed, "
        f"{counts['met']} are now met by every rule that checks them, {counts['remains']} remain "
        f"and {counts['unchecked']} need an assessor's judgement; {counts['new']} conditions are new."
    )
    return Reassessment(statement=statement, conditions=tuple(out), directions=directions)
