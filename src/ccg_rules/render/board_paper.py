"""The board paper: a wave's assessment in Markdown, written in words a Board meeting can use.

`board_paper` gives, first, a summary of the wave (how many CCGs came out with each outcome,
in the NHS Commissioning Board's words), then for each CCG: its outcome in words, the
conditions proposed (each with its criterion's code and text, its domain, its support level
in words, the remediation and the source), the directions proposed and what they cover, the
configuration risk with its reasons, and what the outcome covers and how the report was
made. `condition_lines` is the same account of one condition, for the per-document
Markdown format (`ccg_rules.render.markdown`).

Every text taken from a document, a waiver file or a ruleset is escaped
(`ccg_rules._safe`): it cannot start a heading, break a list, open a link or carry raw HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ccg_rules._safe import markdown_code, markdown_link, markdown_text
from ccg_rules.findings import Citation, Consequence
from ccg_rules.render._lines import plural
from ccg_rules.render._provenance import metadata_sentence, scope_sentence
from ccg_rules.render._words import SUPPORT_WORDS, bodies, citation_text
from ccg_rules.report import AuthorisationCondition, Outcome, Report

if TYPE_CHECKING:
    from ccg_rules.render._wave_notes import WaveNotes
    from ccg_rules.wave import Wave, WaveRow

_t = markdown_text
_c = markdown_code

_RISK_WORDS = {"green": "green (low)", "amber": "amber (some risk)", "red": "red (high)"}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _criterion(c: AuthorisationCondition) -> str:
    """``Criterion 1.3B: text`` (the Board's) or ``Our nearest criterion (no Board code): text``."""
    crit = c.criterion
    if crit is None:
        return f"No criterion recorded; the rule: {_t(c.title)}"
    sure = f" (how sure the mapping is: {crit.confidence.value})"
    if crit.basis == "board" and crit.code:
        return f"Criterion {_t(crit.code)}: {_t(crit.text)}{sure}"
    return f"Our nearest criterion (the record gives no Board code): {_t(crit.text)}{sure}"


def _domain(c: AuthorisationCondition, report: Report) -> str:
    for d in report.domains:
        if d.id == c.domain:
            return f"Domain {d.number}: {_t(d.title)}" if d.number is not None else _t(d.title)
    return _t(c.domain) if c.domain else "No domain"


def _support(c: AuthorisationCondition) -> str:
    if c.support_level is None:
        return "Support level: none proposed"
    level = c.support_level.value
    return f"Support: Level {level}: {SUPPORT_WORDS[level]}"


def _source(citation: Citation | None) -> str:
    if citation is None:
        return "Source: none recorded"
    linked = markdown_link(citation_text(citation), citation.url)
    sure = citation.confidence.value
    return f"Source: {linked}" + ("" if sure == "confirmed" else f" (citation {_t(sure)})")


def _where(c: AuthorisationCondition, links: Sequence[str] | None) -> str:
    if not c.lines:
        return ""
    lines = ", ".join(links if links is not None else [str(n) for n in c.lines])
    return (
        f"Where in the document: line {lines}"
        if len(c.lines) == 1
        else f"Where in the document: lines {lines}"
    )


def condition_lines(
    number: int, c: AuthorisationCondition, report: Report, *, links: Sequence[str] | None = None
) -> list[str]:
    """One condition as a numbered Markdown list item, its facts one per line.

    Args:
        number: Its number in the list.
        c: The condition.
        report: The report it belongs to (for its domain's title).
        links: Markdown links to the condition's lines, one per line (default: the numbers).
    """
    backed = " Backed by legal directions." if c.consequence is Consequence.DIRECTIONS else ""
    facts = [_domain(c, report), _support(c)]
    kind = getattr(c, "kind", None)  # a finding's kind (constitution or standing), where the model has it
    if kind:
        facts.append(f"Kind: {_t(str(getattr(kind, 'value', kind)))}")
    facts += [f"What the {bodies([report]).noun} must do: {_t(c.text)}", _source(c.citation)]
    where = _where(c, links)
    if where:
        facts.append(where)
    facts.append(f"Rule: {_c(c.rule_id)} ({_t(c.title)})")
    out = [f"{number}. **{_criterion(c)}**{backed}  "]
    out += [f"   {fact}  " for fact in facts[:-1]]
    out.append(f"   {facts[-1]}")
    return out


def directions_lines(report: Report) -> list[str]:
    """Whether directions are proposed and, if so, what each would cover, as Markdown lines."""
    directed = [c for c in report.conditions if c.consequence is Consequence.DIRECTIONS]
    if not directed:
        return ["No directions are proposed."]
    out = [
        f"Directions are proposed ({plural(len(directed), 'condition')} backed by them). They would cover:",
        "",
    ]
    for c in directed:
        out.append(f"- {_criterion(c)}: {_t(c.text)}")
    return out


def risk_lines(report: Report) -> list[str]:
    """The configuration risk rating in words, with its reasons, as Markdown lines."""
    risk = report.configuration_risk
    if risk is None:
        return ["Configuration risk: not rated."]
    rating = risk.rating.value
    if not risk.reasons:
        return [f"Configuration risk: {_RISK_WORDS[rating]}; no configuration finding."]
    out = [f"Configuration risk: {_RISK_WORDS[rating]}, because:", ""]
    out += [f"- {_t(reason)}" for reason in risk.reasons]
    return out


def _outcome_sentence(row: WaveRow, report: Report | None) -> str:
    if row.error is not None or report is None or not report.valid:
        return "**Outcome: not assessed.** The document could not be assessed, so no rule ran."
    words = report.outcome.words
    n = len(report.conditions)
    if report.outcome is Outcome.AUTHORISED:
        return f"**Outcome: {words}.** The checks propose no condition."
    return f"**Outcome: {words}.** The checks propose {plural(n, 'condition')}."


def ccg_lines(row: WaveRow) -> list[str]:
    """The board paper's section on one CCG (a row of a wave), as Markdown lines."""
    report = row.report
    name = _t(row.ccg) if row.ccg else _c(row.file)
    out = [f"## {name}", "", f"Document {_c(row.file)}.", "", _outcome_sentence(row, report), ""]
    if row.error is not None:
        out += [f"Why: {_t(row.error)}", ""]
    if report is not None and report.valid:
        if report.conditions:
            out += [f"### Conditions proposed ({len(report.conditions)})", ""]
            for i, c in enumerate(report.conditions, start=1):
                out += condition_lines(i, c, report)
            out.append("")
        out += ["### Directions", "", *directions_lines(report), ""]
        out += ["### Configuration risk", "", *risk_lines(report), ""]
    if report is not None:
        out += [
            "### Scope and metadata",
            "",
            _t(scope_sentence(report)),
            "",
            _t(metadata_sentence(report)),
            "",
        ]
    return out


def _tally(rows: Sequence[WaveRow]) -> list[tuple[str, int]]:
    counts: dict[Outcome, int] = {}
    for row in rows:
        outcome = (
            Outcome.NOT_ASSESSED if row.error is not None or row.outcome is None else Outcome(row.outcome)
        )
        counts[outcome] = counts.get(outcome, 0) + 1
    return [(o.words, counts[o]) for o in Outcome if o in counts]


def board_paper(wave: Wave, *, title: str | None = None) -> str:
    """Return the wave as a board paper in Markdown.

    Args:
        wave: The wave, as `ccg_rules.assess_wave` gives it.
        title: The heading (default: ``CCG authorisation: board paper``, with the
            documents' kind in place of ``CCG``).

    Returns:
        The paper. The same wave gives the same bytes.
    """
    from ccg_rules.render._wave_notes import WaveNotes

    text = board_paper_head(wave.rows, WaveNotes.of(wave.rows), title=title)
    text += "".join(board_paper_section(row) for row in wave.rows)
    return text.rstrip("\n") + "\n"


def board_paper_section(row: WaveRow) -> str:
    """One CCG's part of the board paper, to follow the head (`board_paper_head`) and those before it.

    The paper is the head, then every row's section, in order, with its trailing line
    ends made one.
    """
    return "\n" + "\n".join(ccg_lines(row))


def board_paper_head(rows: Sequence[WaveRow], notes: WaveNotes, *, title: str | None = None) -> str:
    """The board paper's opening: the wave's summary and its table, from the rows and their notes.

    Args:
        rows: The wave's rows (their reports are not read).
        notes: The notes of the rows' reports (`ccg_rules.render._wave_notes.WaveNotes`).
        title: As for `board_paper`.
    """
    who = notes.who
    out = [f"# {_t(title or who.title + ': board paper')}", ""]
    total = len(rows)
    tally = _tally(rows)
    out += [
        f"{who.count(total)} assessed: "
        + (", ".join(f"{n} {words}" for words, n in tally) if tally else "none")
        + ".",
        "",
    ]
    if tally:
        out += [f"- {_sentence(words)}: {n}" for words, n in tally]
        out.append("")
    for line in notes.wave_lines():
        out += [_t(line), ""]
    if rows:
        out += [f"| {who.one} | As of | Outcome | Conditions | Directions | Configuration risk |"]
        out += ["| --- | --- | --- | --- | --- | --- |"]
        for row, as_of_words in zip(rows, notes.as_of, strict=True):
            name = _t(row.ccg) if row.ccg else _c(row.file)
            assessed = row.error is None and row.outcome is not None
            outcome = Outcome(row.outcome).words if assessed and row.outcome else "not assessed"
            conditions = str(row.conditions) if assessed else "-"
            directions = str(len(row.directions)) if assessed else "-"
            risk = _RISK_WORDS.get(row.risk or "", "not rated")
            as_of = as_of_words.removeprefix("as of ")
            out.append(f"| {name} | {as_of} | {outcome} | {conditions} | {directions} | {risk} |")
        out.append("")
    return "\n".join(out)


def render_board_paper(reports: Sequence[Report]) -> str:
    """Return the board paper of the reports of a check, one section per document."""
    from ccg_rules.wave import Wave, row_for

    return board_paper(Wave(rows=tuple(row_for(r) for r in reports)))
