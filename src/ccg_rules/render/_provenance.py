"""What every report says about itself: its scope and how to reproduce it, in plain words.

Each output format a person reads (text, Markdown, HTML) states, for each document, the
scope sentence (the outcome covers only the machine-checkable rules, and how many of the
Board's criteria there are) and the metadata: the day the report was made, the tool and
its version, the ruleset's id, version and digest, and the as-of date with where it came
from. The sentences here are plain text; each format escapes them its own way.
"""

from __future__ import annotations

from collections.abc import Iterable

from ccg_rules.report import Report

AS_OF_SOURCE_WORDS = {"document": "the document's own date", "override": "given by the caller"}
"""Where an as-of date came from, in words (`ccg_rules.report.DocumentInfo.as_of_source`)."""


def as_of_text(report: Report) -> str:
    """``as of 2013-01-15 (the document's own date)``, or nothing when the report has no date."""
    doc = report.document
    if doc.as_of is None:
        return ""
    return f"as of {doc.as_of} ({AS_OF_SOURCE_WORDS.get(doc.as_of_source or '', 'given')})"


def made_text(report: Report) -> str:
    """``made by ccg-rules 0.9 on 2013-04-01``."""
    made = f"made by {report.tool.name} {report.tool.version}"
    return made + (f" on {report.generated_on}" if report.generated_on is not None else "")


def ruleset_text(report: Report) -> str:
    """``ruleset ccg-authorisation@2012 (digest sha256:…)``, or nothing when no ruleset was chosen."""
    if report.ruleset is None:
        return ""
    rs = report.ruleset
    return f"ruleset {rs.id}@{rs.version} (digest {rs.digest})"


def metadata_sentence(report: Report) -> str:
    """The report's metadata as one sentence: who made it and when, from what, as of when.

    Example: ``Made by ccg-rules 0.9 on 2013-04-01; ruleset ccg-authorisation@2012
    (digest sha256:…); as of 2013-01-15 (the document's own date).``
    """
    parts = [p for p in (made_text(report), ruleset_text(report), as_of_text(report)) if p]
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def scope_sentence(report: Report) -> str:
    """The report's scope sentence, or a plain one when the report carries none."""
    if report.scope is not None:
        return report.scope.statement
    return (
        "This outcome covers only the rules a machine can check; an assessor's judgement is needed as well."
    )


def distinct(lines: Iterable[str]) -> list[str]:
    """``lines`` each once, in first-seen order (a wave's reports mostly share them)."""
    return list(dict.fromkeys(lines))


def wave_lines(reports: Iterable[Report]) -> list[str]:
    """The scope and metadata sentences of a wave's reports, each distinct sentence once.

    The as-of dates, which differ from CCG to CCG, are left to each CCG's own lines; a wave
    judged on one ruleset version gives two sentences, one more for each other version.
    """
    reports = list(reports)
    made = distinct("; ".join(p for p in (made_text(r), ruleset_text(r)) if p) for r in reports)
    return distinct(scope_sentence(r) for r in reports) + [m[0].upper() + m[1:] + "." for m in made]
