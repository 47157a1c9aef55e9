"""What the formats that list rules (SARIF, JUnit) need to know about each rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from urllib.parse import quote

from ccg_rules.checking import ruleset_for
from ccg_rules.findings import Citation, Consequence, Finding, Severity
from ccg_rules.report import Report
from ccg_rules.rules.ruleset import Ruleset

# ccg_rules.waivers is imported where it is needed: the text format, on the path of every
# pre-commit run, uses none of it.

_DOCUMENT_RATIONALE = (
    "A document must be well-formed YAML in the ccg-document/1 format before any rule can "
    "be applied to it; until it is, the CCG cannot be assessed."
)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule, a document check (``DOC-*``) or a waiver check (``WAIVER-*``)."""

    id: str
    title: str
    rationale: str
    remediation: str | None
    severity: Severity
    consequence: Consequence
    domain: str | None = None
    citation: Citation | None = None


def ruleset_of(report: Report) -> Ruleset | None:
    """The ruleset version a report was made with, if it can be had (see `ruleset_for`)."""
    return ruleset_for(report.ruleset) if report.ruleset is not None else None


def _waiver_check(check_id: str) -> RuleInfo:
    from ccg_rules.waivers import WAIVER_CHECK_BY_ID

    check = WAIVER_CHECK_BY_ID[check_id]
    return RuleInfo(
        check.id, check.title, check.rationale, check.remediation, Severity.WARNING, Consequence.ADVISORY
    )


def _from_finding(f: Finding) -> RuleInfo:
    from ccg_rules.waivers import WAIVER_CHECK_BY_ID

    if f.rule_id in WAIVER_CHECK_BY_ID:
        return _waiver_check(f.rule_id)
    rationale = _DOCUMENT_RATIONALE if f.rule_id.startswith("DOC-") else f.title
    return RuleInfo(
        f.rule_id, f.title, rationale, f.remediation, f.severity, f.consequence, f.domain, f.citation
    )


def rules_of(report: Report) -> list[RuleInfo]:
    """Every rule of the report's ruleset version, then its other checks.

    The other checks are the document checks that failed and, when a waiver file was
    applied, the three waiver checks.
    """
    out: list[RuleInfo] = []
    ruleset = ruleset_of(report) if report.valid else None
    if ruleset is not None:
        out.extend(
            RuleInfo(
                r.id, r.title, r.rationale, r.remediation, r.severity, r.consequence, r.domain, r.citation
            )
            for r in ruleset.rules
        )
    known = {r.id for r in out}
    if report.waivers is not None:
        from ccg_rules.waivers import WAIVER_CHECKS

        for check in WAIVER_CHECKS:
            if check.id not in known:
                out.append(_waiver_check(check.id))
                known.add(check.id)
    for f in report.findings:
        if f.rule_id not in known:
            out.append(_from_finding(f))
            known.add(f.rule_id)
    return out


def catalog(reports: Iterable[Report]) -> list[RuleInfo]:
    """The rules of every report, each id once (the first report to list it gives its text)."""
    seen: dict[str, RuleInfo] = {}
    for report in reports:
        for rule in rules_of(report):
            seen.setdefault(rule.id, rule)
    return list(seen.values())


def citation_text(c: Citation) -> str:
    """``instrument, provision``."""
    return f"{c.instrument}, {c.provision}"


def relative_uri(file: str) -> tuple[str, bool]:
    """A file name as a URI reference: relative with forward slashes where possible.

    Returns:
        ``(uri, relative)``. A relative path stays relative; an absolute path under the
        current directory is made relative to it; any other absolute path becomes a
        ``file:`` URI.
    """
    path = PurePath(file)
    if path.is_absolute():
        try:
            path = Path(file).relative_to(Path.cwd())
        except ValueError:
            return Path(file).as_uri(), False
    return quote(path.as_posix(), safe="/"), True


def plural(n: int, word: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(report: Report) -> str:
    """``10 errors, 2 warnings, 0 info`` and, when there are any, ``, 1 waived``."""
    c = report.counts
    text = f"{plural(c.error, 'error')}, {plural(c.warning, 'warning')}, {c.info} info"
    return text + (f", {c.waived} waived" if c.waived else "")


def outcome_text(report: Report) -> str:
    """The outcome in words: ``not authorisable``."""
    return report.outcome.value.replace("_", " ")


def document_name(report: Report) -> str:
    """The document's file name, or ``<document>`` when it has none."""
    return report.document.file or "<document>"
