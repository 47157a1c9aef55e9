"""Print the authorisation summary of one CCG document, as an assessor would read it.

An example for assessors, using only the public API of ``ccg_rules``. Run it from the
repository root::

    python examples/assess_one.py [FILE]

With no file it assesses ``examples/ccg-noncompliant.yaml``. It prints:

- the CCG and the date the document speaks for;
- the ruleset version used and why it was chosen;
- the outcome, and each of the six authorisation domains with its status;
- the conditions an assessor would set, each with its citation and what to do;
- the configuration risk rating, with the findings behind it.

The text is wrapped at 88 columns. The exit code is 0 when the CCG is authorised (with or
without conditions), 1 when conditions backed by legal directions are proposed, and 2
when the document cannot be assessed (a missing or unreadable file, a document that does
not fit the format, or a date no ruleset covers).
"""



from __future__ import annotations

import sys
import textwrap

import ccg_rules

DEFAULT = "examples/ccg-noncompliant.yaml"
WIDTH = 88

STATUS = {"met": "met", "met_with_conditions": "met with conditions", "not_met": "not met"}
CONSEQUENCE = {
    "directions": "condition backed by legal directions",
    "condition": "condition of authorisation",
}


def say(text: str, indent: int = 0, hang: int = 0) -> None:
    """Print ``text`` wrapped at WIDTH, indented; continuation lines indented ``hang`` more."""
    print(
        textwrap.fill(
            " ".join(text.split()),
            WIDTH,
            initial_indent=" " * indent,
            subsequent_indent=" " * (indent + hang),
            break_on_hyphens=False,
        )
    )


def cite(citation: ccg_rules.Citation | None) -> str:
    """One line for a citation: instrument, provision, and how sure it is."""
    if citation is None:
        return "none"
    text = f"{citation.instrument}, {citation.provision}"
    if citation.confidence.value != "confirmed":
        text += f" (citation {citation.confidence.value})"
    return text


def summary(report: ccg_rules.Report) -> None:
    """Print the assessor's summary of one report."""
    assert report.ruleset is not None
    assert report.configuration_risk is not None
    doc, ruleset, counts = report.document, report.ruleset, report.counts
    say(doc.name or "(no name)")
    say(f"File: {doc.file}", 2, 4)
    source = "its own as_of" if doc.as_of_source == "document" else "given by the caller"
    say(f"As of: {doc.as_of} ({source})", 2, 4)
    say(f"Ruleset: {ruleset.id}@{ruleset.version}, because {ruleset.selected_because}", 2, 4)
    print()
    say(f"Outcome: {report.outcome.words}")
    say(f"{counts.error} errors, {counts.warning} warnings, {counts.info} info", 2)
    print()
    print("Domains")
    for domain in report.domains:
        say(f"{domain.number}. {domain.title}: {STATUS[domain.status.value]}", 2, 3)
    print()
    print(f"Conditions ({len(report.conditions)})")
    for number, condition in enumerate(report.conditions, 1):
        lines = ", ".join(str(line) for line in condition.lines)
        label = f"{number}. "
        indent = 2 + len(label)
        say(f"{label}{condition.rule_id} {condition.title}", 2, len(label))
        say(f"Consequence: {CONSEQUENCE[condition.consequence.value]}", indent, 4)
        criterion = condition.criterion
        if criterion is not None and criterion.code:
            say(f"Criterion: {criterion.code} {criterion.text} (the Board's)", indent, 4)
        if condition.support_level is not None:
            say(f"Support level: {condition.support_level.value}", indent, 4)
        say(f"Citation: {cite(condition.citation)}", indent, 4)
        say(f"What to do: {condition.text}", indent, 4)
        say(f"Where: line {lines}" if len(condition.lines) == 1 else f"Where: lines {lines}", indent, 4)
    if not report.conditions:
        say("none", 2)
    print()
    risk = report.configuration_risk
    print(f"Configuration risk: {risk.rating.value}")
    for reason in risk.reasons:
        say(f"- {reason}", 2, 2)
    if not risk.reasons:
        say("- no configuration finding", 2, 2)


def main(argv: list[str]) -> int:
    """Assess the file named in ``argv`` (or the default) and print its summary."""
    path = argv[0] if argv else DEFAULT
    try:
        report = ccg_rules.check(path)
    except ccg_rules.CcgRulesError as error:  # no such file, unreadable YAML, no ruleset for the date
        message = str(error)
        print(message if message.startswith(path) else f"{path}: {message}", file=sys.stderr)
        return 2
    if not report.valid:
        print(f"{path}: cannot assess: the document does not fit the ccg-document/1 format", file=sys.stderr)
        for finding in report.findings:
            where = f"{finding.location.line}:{finding.location.column}"
            print(f"  {where} {finding.rule_id} {finding.message}", file=sys.stderr)
        return 2
    summary(report)
    return 1 if report.outcome is ccg_rules.Outcome.AUTHORISED_WITH_CONDITIONS_AND_DIRECTIONS else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
