"""The one place that reads an authorisation condition for OSCAL (risks and POA&M items)."""

from __future__ import annotations

from dataclasses import dataclass

from ccg_rules.report import AuthorisationCondition, Report


@dataclass(frozen=True, slots=True)
class ConditionView:
    """What the OSCAL models need to know about one condition.

    Attributes:
        rule_id: The rule (criterion) not met.
        title: The requirement, in one line.
        consequence: ``blocks`` or ``condition``.
        remediation: What the CCG must do.
        criterion: The Board's criterion code, where known (else ``None``).
        support_level: How much support the CCG needs to meet it, where known (else ``None``).
        pointers: Where in the document the criterion fails.
        lines: The lines of those places.
    """

    rule_id: str
    title: str
    consequence: str
    remediation: str
    criterion: str | None
    support_level: str | None
    pointers: tuple[str, ...]
    lines: tuple[int, ...]


def condition_view(report: Report, condition: AuthorisationCondition) -> ConditionView:
    """Read ``condition`` of ``report`` as the OSCAL models use it.

    Conditions carry no criterion code or support level yet; when they do, this is the
    only function to change.
    """
    return ConditionView(
        rule_id=condition.rule_id,
        title=condition.title,
        consequence=condition.consequence.value,
        remediation=condition.text,
        criterion=getattr(condition, "criterion", None),
        support_level=getattr(condition, "support_level", None),
        pointers=condition.pointers,
        lines=condition.lines,
    )
