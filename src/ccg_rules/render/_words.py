"""The words renderers share: the rules a run used, citations, outcomes, plurals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ccg_rules.findings import Citation, Criterion
from ccg_rules.model.kinds import kind_of
from ccg_rules.render._lines import counts_text
from ccg_rules.report import DomainResult, Report, RuleDescriptor

RuleInfo = RuleDescriptor
"""A rule, a document check (``DOC-*``) or a waiver check (``WAIVER-*``), as a report lists it."""


def catalog(reports: Iterable[Report]) -> list[RuleDescriptor]:
    """The rules of every report, each id once (the first report to list it gives its text).

    They come from the reports alone (`Report.rules`), so reports read back from JSON
    give the same list as the ones the checks returned.
    """
    seen: dict[str, RuleDescriptor] = {}
    for report in reports:
        for rule in report.rules:
            seen.setdefault(rule.id, rule)
    return list(seen.values())


def citation_text(c: Citation) -> str:
    """``instrument, provision``."""
    return f"{c.instrument}, {c.provision}"


def summary(report: Report) -> str:
    """``10 errors, 2 warnings, 0 info`` and, when there are any, ``, 1 waived``."""
    c = report.counts
    return counts_text(c.error, c.warning, c.info, c.waived)


SUPPORT_WORDS = {
    "I": "a model document or toolkit",
    "II": "advice or expertise from the Board",
    "III": "the Board signs off or approves decisions",
    "IV": "a team or individual put in, backed by legal directions",
}
"""What each support level meant, as reported of the 2012-13 waves."""


def outcome_text(report: Report) -> str:
    """The outcome in words: ``authorised with conditions``."""
    return report.outcome.words


def criteria_checked_text(d: DomainResult) -> str:
    """The criteria a domain's rules check: ``1.3B and 4 of our nearest``, or ``none``."""
    codes = [c.code for c in d.criteria_checked if c.basis == "board" and c.code]
    ours = len(d.criteria_checked) - len(codes)
    parts = [", ".join(codes)] if codes else []
    if ours:
        parts.append(f"{ours} of our nearest")
    return " and ".join(parts) or "none"


def criteria_unchecked_text(d: DomainResult) -> str:
    """How many of the domain's Board criteria no rule checks, or ``not on record``."""
    return "not on record" if d.criteria_unchecked is None else str(d.criteria_unchecked)


def criteria_split_note(domains: Iterable[DomainResult]) -> str | None:
    """A sentence under a domain table whose split of the 119 criteria is not on record."""
    if all(d.criteria_unchecked is not None for d in domains):
        return None
    return (
        "Criteria checked are the Board's, by code, and our nearest ones in the domain. How many "
        "of each domain's criteria no rule checks is not on record: the public record gives the "
        "Board's 119 criteria in total, not how many each domain holds."
    )


def criterion_text(criterion: Criterion | None) -> str:
    """``criterion 1.3B: … (mapping secondary)`` for the Board's, ``our nearest criterion: …`` otherwise.

    The mapping's confidence says how sure the tie between the rule and the criterion is.
    """
    if criterion is None:
        return ""
    sure = f" (mapping {criterion.confidence.value})"
    if criterion.basis == "board" and criterion.code:
        return f"criterion {criterion.code}: {criterion.text}{sure}"
    return f"our nearest criterion: {criterion.text}{sure}"


def support_text(level: str | None) -> str:
    """``support level II (advice or expertise from the Board)``, or nothing."""
    return f"support level {level} ({SUPPORT_WORDS[level]})" if level else ""


def document_name(report: Report) -> str:
    """The document's file name, or ``<document>`` when it has none."""
    return report.document.file or "<document>"


@dataclass(frozen=True, slots=True)
class Bodies:
    """What to call the bodies a set of reports describes, in headings and tables.

    Attributes:
        noun: One of them: the kind's short name (``CCG``, ``ICB``), or ``body`` when the
            reports are of several kinds.
        plural: Several of them.
        title: What the check of them is called (``CCG authorisation``).
    """

    noun: str
    plural: str
    title: str

    @property
    def heading(self) -> str:
        """The plural at the start of a heading or a column (``CCGs``, ``Bodies``)."""
        return self.plural[:1].upper() + self.plural[1:]

    @property
    def one(self) -> str:
        """The noun at the start of a heading or a column (``CCG``, ``Body``)."""
        return self.noun[:1].upper() + self.noun[1:]

    @property
    def a(self) -> str:
        """The noun with its article (``a CCG``, ``an ICB``, ``a body``)."""
        # An initialism is said letter by letter: "an ICB" (eye), "a CCG" (see).
        vowel_sound = "AEFHILMNORSX" if self.noun.isupper() else "aeiou"
        return ("an " if self.noun[:1] in vowel_sound else "a ") + self.noun

    def count(self, n: int) -> str:
        """``1 CCG``, ``2 CCGs``."""
        return f"{n} {self.noun if n == 1 else self.plural}"


def bodies(reports: Iterable[Report | None]) -> Bodies:
    """Name the bodies of ``reports`` by their documents' kinds (the default kind if none is known)."""
    return bodies_of({r.document.format for r in reports if r is not None and r.document.format})


def bodies_of(formats: Iterable[str]) -> Bodies:
    """Name the bodies of documents of these formats (as `bodies` of their reports)."""
    kinds = [kind_of(f) for f in sorted(set(formats))] or [kind_of(None)]
    if len(kinds) == 1:
        (kind,) = kinds
        return Bodies(kind.noun, kind.plural, f"{kind.noun} {kind.assessment}")
    return Bodies("body", "bodies", " and ".join(k.noun for k in kinds) + " checks")
