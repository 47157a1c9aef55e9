"""The check: a document and a ruleset version in, a report out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ccg_rules import __version__
from ccg_rules.assessment import conditions, configuration_risk, domain_results
from ccg_rules.documents import LoadedDocument, Source, load_document
from ccg_rules.engines import get_engine
from ccg_rules.engines.base import Engine, Fact, Match
from ccg_rules.engines.derive import derive
from ccg_rules.facts import FactSet, flatten
from ccg_rules.findings import Evidence, Finding, Location, fingerprint, sort_key
from ccg_rules.report import Counts, DocumentInfo, Outcome, Report, RulesetInfo, Tool, outcome_of
from ccg_rules.rules.catalog import select_ruleset
from ccg_rules.rules.ir import Compare, Count, Op
from ccg_rules.rules.ruleset import Rule, Ruleset
from ccg_rules.rules.templates import Placeholder, format_value

_EXPECTED = {  # the rule fires when the count is <op> n; what was expected instead
    Op.LT: "at least {}",
    Op.LE: "more than {}",
    Op.GT: "at most {}",
    Op.GE: "fewer than {}",
    Op.EQ: "not {}",
    Op.NE: "exactly {}",
}


def _pointer_key(pointer: str) -> tuple[tuple[int, int | str], ...]:
    """Order pointers as a person reads them: list indexes numerically (2 before 10)."""
    return tuple((0, int(t)) if t.isdigit() else (1, t) for t in pointer.split("/"))


def _order(match: Match) -> tuple[tuple[tuple[int, int | str], ...], ...]:
    return tuple(_pointer_key(path) for _, path in match.bindings)


def _findings_for(
    rule: Rule,
    matches: Sequence[Match],
    facts: FactSet,
    derived: dict[str, Fact],
    loaded: LoadedDocument,
    as_of: dt.date,
    params: dict[str, object],
) -> list[Finding]:
    cond = rule._parsed.condition
    chosen: dict[str, Match] = {}
    for m in matches:
        paths = dict(m.bindings)
        if cond.report is None:
            assert cond.report_pointer is not None
            pointer = cond.report_pointer
        else:
            pointer = paths[cond.report]
            if cond.report_field:
                pointer += "/" + cond.report_field.replace(".", "/")
        best = chosen.get(pointer)
        if best is None or _order(m) < _order(best):
            chosen[pointer] = m
    out: list[Finding] = []
    for pointer, m in chosen.items():
        env = {alias: facts.by_path.get(path) or derived[path] for alias, path in m.bindings}

        def lookup(ph: Placeholder, env: dict[str, Fact] = env) -> object:
            if ph.alias == "as_of":
                return as_of.toordinal()
            if ph.alias == "param":
                return params.get(ph.field or "")
            fact = env[ph.alias]
            if ph.kind == "count":
                return fact["n"]
            if ph.kind == "compare":
                return fact["right" if ph.field == "right" else "left"]
            return fact.get(ph.field or "")

        templates = rule._templates
        expected = templates["expected"].render(lookup) if "expected" in templates else None
        actual = templates["actual"].render(lookup) if "actual" in templates else None
        for step in cond.steps:
            if isinstance(step, Count) and expected is None:
                expected = _EXPECTED[step.op].format(step.threshold)
                actual = actual or format_value(env[step.alias]["n"], "count")
            elif isinstance(step, Compare) and expected is None:
                fact = env[step.alias]
                expected = _EXPECTED[step.op].format(format_value(fact["right"], "compare"))
                actual = actual or format_value(fact["left"], "compare")
        located, pos = loaded.source_map.locate(pointer)
        out.append(
            Finding(
                rule_id=rule.id,
                severity=rule.severity,
                consequence=rule.consequence,
                domain=rule.domain,
                title=rule.title,
                message=templates["message"].render(lookup),
                pointer=pointer,
                location=Location(file=loaded.file, line=pos.line, column=pos.column),
                located_pointer=located,
                citation=rule.citation,
                remediation=rule.remediation,
                evidence=Evidence(expected=expected, actual=actual) if expected or actual else None,
                fingerprint=fingerprint(rule.id, facts.stable.get(pointer, pointer)),
            )
        )
    return out


def evaluate(loaded: LoadedDocument, ruleset: Ruleset, as_of: dt.date, engine: Engine) -> list[Finding]:
    """Run ``ruleset`` on a valid loaded document and return its findings, sorted.

    Args:
        loaded: A document whose ``valid`` is true.
        ruleset: The ruleset version to apply.
        as_of: The date relative dates in rules count back from.
        engine: The matcher to use.
    """
    assert loaded.document is not None
    facts = flatten(loaded.document)
    plan = ruleset.plan(as_of)
    extra = derive(plan, facts.facts)
    matches = engine.match(plan, [*facts.facts, *extra])
    derived = {str(f["$path"]): f for f in extra}
    by_rule: dict[str, list[Match]] = {}
    for m in matches:
        by_rule.setdefault(m.rule_id, []).append(m)
    findings: list[Finding] = []
    for rule in ruleset.rules:
        if rule.id in by_rule:
            findings.extend(
                _findings_for(rule, by_rule[rule.id], facts, derived, loaded, as_of, ruleset.parameters)
            )
    findings.sort(key=sort_key)
    return findings


def check(
    source: Source,
    *,
    ruleset: str | None = None,
    as_of: dt.date | None = None,
    engine: str = "python",
    file: str | None = None,
) -> Report:
    """Check one CCG document and return its report.

    Args:
        source: A path to a YAML file, the file's bytes, or a mapping of data.
        ruleset: ``None`` for the default ruleset, ``ID``, ``ID@VERSION``, or a path
            to a ruleset version file. With no version, the one in force on the
            as-of date is used.
        as_of: Judge the document as of this date instead of its own ``as_of``.
        engine: ``python`` (default) or ``durable``.
        file: The file name to show in locations (defaults to the path given).

    Returns:
        The report. Problems with the document itself are findings in the report
        (with ``valid`` false), never exceptions.

    Raises:
        DocumentError: The path cannot be read at all.
        SelectionError: No such ruleset or version, or none in force on the date.
        RulesetError: The ruleset is broken.
        EngineError: The engine is unknown or unavailable.

    Example:
        >>> report = check("examples/ccg-compliant.yaml")  # doctest: +SKIP
        >>> report.outcome
        <Outcome.AUTHORISED: 'authorised'>
    """
    matcher = get_engine(engine)
    loaded = load_document(source, file=file)
    tool = Tool(version=__version__)
    doc_name = loaded.document.ccg.name if loaded.document else None
    if loaded.document is None or loaded.problems:
        info = DocumentInfo(
            file=loaded.file, digest=loaded.digest, as_of=as_of, as_of_source="override" if as_of else None
        )
        return Report(
            tool=tool,
            document=info,
            engine=matcher.name,
            valid=False,
            outcome=Outcome.NOT_ASSESSED,
            counts=Counts.of(loaded.problems),
            findings=loaded.problems,
        )
    day = as_of or loaded.document.as_of
    chosen, reason = select_ruleset(ruleset, day)
    findings = evaluate(loaded, chosen, day, matcher)
    return Report(
        tool=tool,
        document=DocumentInfo(
            file=loaded.file,
            digest=loaded.digest,
            name=doc_name,
            as_of=day,
            as_of_source="override" if as_of else "document",
        ),
        ruleset=RulesetInfo(
            id=chosen.id,
            version=chosen.version,
            digest=chosen.digest,
            effective_from=chosen.effective_from,
            effective_to=chosen.effective_to,
            selected_because=reason,
        ),
        engine=matcher.name,
        valid=True,
        outcome=outcome_of(findings),
        counts=Counts.of(findings),
        domains=domain_results(findings, chosen),
        conditions=conditions(findings, chosen),
        configuration_risk=configuration_risk(findings, chosen),
        findings=tuple(findings),
    )
