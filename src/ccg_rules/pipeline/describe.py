"""Describe: the rules a report names, each with its title, version, citation and help page.

A report carries the descriptors of the rules it used, so that every renderer (SARIF's
rule list above all) needs nothing but the report.
"""

from __future__ import annotations

from collections.abc import Sequence

from ccg_rules.findings import Consequence, Finding, Severity
from ccg_rules.model.kinds import DEFAULT_FORMAT
from ccg_rules.report import RuleDescriptor
from ccg_rules.rules.catalog import family_versions, load_version, ruleset_ids
from ccg_rules.rules.ruleset import Ruleset

DOCS_URL = "https://ccg-rules.readthedocs.io/"
"""The documentation site: rule pages are ``rules/<RULE-ID>/`` under it."""

_DOCUMENT_CHECK = (
    f"A document must be well-formed YAML in the {DEFAULT_FORMAT} format before any rule can "
    "be applied to it; until it is, the CCG cannot be assessed."
)
_DOCUMENT_HELP = DOCS_URL + "writing-a-constitution-file/#how-problems-with-the-document-are-reported"
_WAIVER_HELP = DOCS_URL + "pre-commit-and-ci/#waivers"


def _web(url: str | None) -> str | None:
    return url if url is not None and url.lower().startswith(("https://", "http://")) else None


def _is_bundled(ruleset: Ruleset) -> bool:
    if ruleset.id not in ruleset_ids():
        return False
    versions = family_versions(ruleset.id)
    return any(v.version == ruleset.version and load_version(v).digest == ruleset.digest for v in versions)


_OF_RULESET: dict[int, tuple[Ruleset, tuple[RuleDescriptor, ...]]] = {}
_OF_RULESET_LIMIT = 64


def _of_ruleset(ruleset: Ruleset) -> tuple[RuleDescriptor, ...]:
    """The descriptors of a ruleset's rules, made once per ruleset, not once per report.

    They are frozen, so every report of the version shares them. The cache is keyed by
    the ruleset's identity and holds the ruleset, so an id reused by another object can
    never return another ruleset's rules.
    """
    cached = _OF_RULESET.get(id(ruleset))
    if cached is not None and cached[0] is ruleset:
        return cached[1]
    ref = ruleset.ref
    bundled = _is_bundled(ruleset)  # then each of its rules has a page in the documentation
    made = tuple(
        RuleDescriptor(
            id=r.id,
            ruleset=ref,
            title=r.title,
            rationale=r.rationale,
            remediation=r.remediation,
            severity=r.severity,
            consequence=r.consequence,
            kind=r.kind,
            support_level=r.support_level,
            criterion=r.criterion,
            domain=r.domain,
            citation=r.citation,
            help_uri=_web(r.citation.url) or (DOCS_URL + f"rules/{r.id}/" if bundled else None),
        )
        for r in ruleset.rules
    )
    if len(_OF_RULESET) >= _OF_RULESET_LIMIT:
        _OF_RULESET.clear()
    _OF_RULESET[id(ruleset)] = (ruleset, made)
    return made


def descriptors(
    ruleset: Ruleset | None, findings: Sequence[Finding], waivers: bool
) -> tuple[RuleDescriptor, ...]:
    """The rules of ``ruleset``, the waiver checks if ``waivers``, then the other checks named."""
    out: list[RuleDescriptor] = list(_of_ruleset(ruleset)) if ruleset is not None else []
    known = {d.id for d in out}
    if waivers:  # a waiver file was applied: its three checks ran, whether or not they fired
        from ccg_rules.waivers import WAIVER_CHECKS

        for c in WAIVER_CHECKS:
            if c.id not in known:
                out.append(_waiver_descriptor(c.id, c.title, c.rationale, c.remediation))
                known.add(c.id)
    for f in findings:
        if f.rule_id in known:
            continue
        known.add(f.rule_id)
        document = f.rule_id.startswith("DOC-")
        help_page = _DOCUMENT_HELP if document else None
        out.append(
            RuleDescriptor(
                id=f.rule_id,
                title=f.title,
                rationale=_DOCUMENT_CHECK if document else f.title,
                remediation=f.remediation,
                severity=f.severity,
                consequence=f.consequence,
                domain=f.domain,
                citation=f.citation,
                help_uri=_web(f.citation.url if f.citation else None) or help_page,
            )
        )
    return tuple(out)


def _waiver_descriptor(rule_id: str, title: str, rationale: str, remediation: str | None) -> RuleDescriptor:
    return RuleDescriptor(
        id=rule_id,
        title=title,
        rationale=rationale,
        remediation=remediation,
        severity=Severity.WARNING,
        consequence=Consequence.ADVISORY,
        help_uri=_WAIVER_HELP,
    )
