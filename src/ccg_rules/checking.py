"""The check: a document and a ruleset version in, a report out.

`check` is the one code path for selection (``select`` / ``ignore``) and waivers:
the command line and the pre-commit hook pass their options through to it, so every
output format and every way of running agrees.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ccg_rules import __version__
from ccg_rules.assessment import conditions, configuration_risk, domain_results, scope_of
from ccg_rules.documents import LoadedDocument, Source, load_source
from ccg_rules.engines import EngineName, get_engine
from ccg_rules.engines.base import Engine, Fact, Match
from ccg_rules.engines.derive import derive
from ccg_rules.errors import SelectorError
from ccg_rules.facts import FactSet, flatten
from ccg_rules.findings import Consequence, Evidence, Finding, Location, Severity, fingerprint, sort_key
from ccg_rules.located import closest
from ccg_rules.model.kinds import DEFAULT_FORMAT, name_of
from ccg_rules.report import (
    Counts,
    DocumentInfo,
    Outcome,
    Report,
    RuleDescriptor,
    RulesetInfo,
    SelectionInfo,
    Tool,
    WaiversInfo,
    generation_date,
    outcome_of,
)
from ccg_rules.rules.catalog import _family, _load, ruleset_ids, select_ruleset
from ccg_rules.rules.ir import Compare, Count, Op
from ccg_rules.rules.ruleset import Rule, Ruleset
from ccg_rules.rules.templates import Placeholder, format_value

if TYPE_CHECKING:
    # Imported when a waiver file is used: most checks have none (see `_waivers_for`).
    from ccg_rules.waivers import Waivers

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
    return tuple((0, int(t)) if t.isascii() and t.isdigit() else (1, t) for t in pointer.split("/"))


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
                kind=rule.kind,
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


# --------------------------------------------------------------------------------------
# Selection


def selectors(values: str | Iterable[str] | None) -> tuple[str, ...]:
    """Split ``select`` / ``ignore`` values: each may hold several entries separated by commas."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _matches(token: str, rule: Rule) -> bool:
    t = token.casefold()
    rid = rule.id.casefold()
    if t in (rid, rule.domain.casefold()):
        return True
    return rid.startswith(t) and (t.endswith("-") or rid[len(t)] == "-")


def _vocabulary(rulesets: Iterable[Ruleset]) -> dict[str, str]:
    """Every selector that names something: ids, dash-delimited id prefixes, domains."""
    words: dict[str, str] = {}
    for rs in rulesets:
        for d in rs.domains:
            words.setdefault(d.id.casefold(), d.id)
        for rule in rs.rules:
            words.setdefault(rule.id.casefold(), rule.id)
            parts = rule.id.split("-")
            for n in range(1, len(parts)):
                prefix = "-".join(parts[:n]) + "-"
                words.setdefault(prefix.casefold(), prefix)
                words.setdefault(prefix[:-1].casefold(), prefix[:-1])
        for removed in rs.removed:
            words.setdefault(removed.casefold(), removed)
    return words


def _family_of(ruleset: Ruleset) -> list[Ruleset]:
    if ruleset.id not in ruleset_ids():
        return [ruleset]
    return [_load(v) for v in _family(ruleset.id)]


def select_rules(ruleset: Ruleset, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[str, ...]:
    """Return the ids of the rules of ``ruleset`` that ``select`` and ``ignore`` leave to run.

    An entry is a rule id (``REG-11-01``), a prefix of rule ids ending at a dash
    (``SCH5-`` or ``SCH5``), or a domain id (``governance``); case does not matter. With no
    ``select`` every rule is selected; ``ignore`` then removes rules. An entry that names
    a rule or domain of another version of the same ruleset is accepted and matches
    nothing here, so one configuration serves documents of different dates.

    Raises:
        SelectorError: An entry names nothing in any version of the ruleset.
    """
    words: dict[str, str] | None = None
    for option, tokens in (("select", select), ("ignore", ignore)):
        for token in tokens:
            if any(_matches(token, r) for r in ruleset.rules) or token.casefold() in {
                d.id.casefold() for d in ruleset.domains
            }:
                continue
            if words is None:
                words = _vocabulary(_family_of(ruleset))
            if token.casefold() in words:
                continue
            close = closest(token.casefold(), words)
            raise SelectorError(option, token, words[close[0]] if close else None, ruleset.ref)
    return tuple(
        r.id
        for r in ruleset.rules
        if (not select or any(_matches(t, r) for t in select)) and not any(_matches(t, r) for t in ignore)
    )


# --------------------------------------------------------------------------------------
# Waivers

WaiverSource: TypeAlias = "str | os.PathLike[str] | Waivers | Literal[False] | None"
"""Which waivers apply: a waiver file, waivers already loaded, ``None`` for the
document's own waiver file if it has one (``<stem>.waivers.yaml`` beside it), or ``False``
for none."""


def _own_waiver_file(source: str | os.PathLike[str]) -> Path:
    # `ccg_rules.waivers.beside`, without importing that module when there is no such
    # file (tests/test_lazy_imports.py holds the two to the same answer).
    path = Path(source)
    return path.with_name(path.stem + ".waivers.yaml")


def _waivers_for(source: Source | LoadedDocument, waivers: WaiverSource) -> Waivers | None:
    if waivers is False:
        return None
    if waivers is None:  # the document's own waiver file, if it is a file and has one
        if not isinstance(source, str | os.PathLike):
            return None
        own = _own_waiver_file(source)
        if not own.is_file():
            return None
        waivers = own
    from ccg_rules.waivers import Waivers, load_waivers

    return waivers if isinstance(waivers, Waivers) else load_waivers(waivers)


def _resolves(data: object, pointer: str) -> bool:
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(data, dict) and token in data:
            data = data[token]
        elif isinstance(data, list) and token.isascii() and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return False
    return True


def _exists(loaded: LoadedDocument) -> Callable[[str], bool]:
    dumped: list[object] = []

    def exists(pointer: str) -> bool:
        if pointer in loaded.source_map:
            return True
        if not dumped:
            assert loaded.document is not None
            dumped.append(loaded.document.model_dump(mode="json", exclude_unset=True))
        return _resolves(dumped[0], pointer)

    return exists


CHECK_TEXT_HINT = "; to check YAML text rather than a file, call ccg_rules.check_text(text)"


# --------------------------------------------------------------------------------------
# The rules a report describes

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
    versions = _family(ruleset.id)
    return any(v.version == ruleset.version and _load(v).digest == ruleset.digest for v in versions)


def _descriptors(
    ruleset: Ruleset | None, findings: Sequence[Finding], waivers: bool
) -> tuple[RuleDescriptor, ...]:
    """The rules of ``ruleset``, the waiver checks if ``waivers``, then the other checks named."""
    out: list[RuleDescriptor] = []
    if ruleset is not None:
        ref = ruleset.ref
        bundled = _is_bundled(ruleset)  # then each of its rules has a page in the documentation
        for r in ruleset.rules:
            page = DOCS_URL + f"rules/{r.id}/" if bundled else None
            out.append(
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
                    help_uri=_web(r.citation.url) or page,
                )
            )
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


def check(
    source: str | os.PathLike[str] | Mapping[str, Any] | LoadedDocument,
    *,
    ruleset: str | None = None,
    as_of: dt.date | None = None,
    engine: EngineName = "python",
    file: str | None = None,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    waivers: WaiverSource = None,
    generated_on: dt.date | None = None,
) -> Report:
    """Check one CCG document and return its report.

    A ``str`` is always a path. To check YAML text (a string or bytes), use
    `ccg_rules.check_text`; to get an exception when there are findings, use
    `ccg_rules.validate`.

    Args:
        source: A path to a YAML file (``str`` or path-like), a mapping of
            already-parsed data, or a document already read with `load_document` (its
            own waiver file is then not looked for: pass ``waivers``).
        ruleset: ``None`` for the default ruleset, ``ID``, ``ID@VERSION``, or a path
            to a ruleset version file. With no version, the one in force on the
            as-of date is used.
        as_of: Judge the document as of this date instead of its own ``as_of``.
        engine: ``"python"`` (default) or ``"durable"``.
        file: The file name to show in locations (defaults to the path given). Not
            for a `LoadedDocument`, whose locations are already made: give ``file``
            to `load_document`.
        select: Run only these rules: rule ids, rule-id prefixes (``SCH5-``) or domain
            ids, as a list or comma-separated (see `select_rules`).
        ignore: Leave out these rules (same forms as ``select``).
        waivers: A waiver file (or loaded `ccg_rules.waivers.Waivers`) whose
            entries accept findings; ``None`` (the default) uses the document's own
            waiver file, ``<stem>.waivers.yaml`` beside it, when there is one; ``False``
            applies none. See `ccg_rules.waivers`.
        generated_on: The day to stamp on the report as its generation date; by default
            the day given by the ``SOURCE_DATE_EPOCH`` environment variable when it is
            set (for reproducible output), else today (UTC).

    Returns:
        The report. Problems with the document itself are findings in the report
        (with ``valid`` false), never exceptions; so are expired, unused and
        targetless waivers (``WAIVER-*``, located in the waiver file).

    Raises:
        DocumentError: The path cannot be read at all. The message is one line; when
            the "path" looks like YAML text, it says to call `ccg_rules.check_text`.
        TypeError: ``source`` is bytes (use `ccg_rules.check_text`) or another type
            not listed above, or ``file`` is given with a `LoadedDocument`.
        SelectionError: No such ruleset or version, or none in force on the date.
        SelectorError: A ``select`` or ``ignore`` entry names no rule or domain
            (a `SelectionError`).
        RulesetError: The ruleset is broken.
        EngineError: The engine is unknown or unavailable.
        WaiverFileError: The waiver file cannot be read or does not fit its format.

    Examples:
        >>> report = check("examples/ccg-compliant.yaml")  # doctest: +SKIP
        >>> report.outcome
        <Outcome.AUTHORISED: 'authorised'>
    """
    if isinstance(source, bytes | bytearray | memoryview):
        kind = type(source).__name__
        raise TypeError(
            f"check() takes a path, not {kind}; to check YAML text, call ccg_rules.check_text(text)"
        )
    if isinstance(source, LoadedDocument) and file is not None:
        raise TypeError("file= does not apply to a LoadedDocument: give file= to load_document()")
    matcher = get_engine(engine)
    if isinstance(source, LoadedDocument):
        loaded = source
    else:
        loaded = load_source(source, file=file, text_hint=CHECK_TEXT_HINT)
    waiver_set = _waivers_for(source, waivers)
    tool = Tool(version=__version__)
    stamped = generation_date(generated_on)
    doc_name = name_of(loaded.document) if loaded.document else None
    if loaded.document is None or loaded.problems:
        info = DocumentInfo(
            file=loaded.file, digest=loaded.digest, as_of=as_of, as_of_source="override" if as_of else None
        )
        return Report(
            tool=tool,
            generated_on=stamped,
            document=info,
            engine=matcher.name,
            valid=False,
            outcome=Outcome.NOT_ASSESSED,
            counts=Counts.of(loaded.problems),
            scope=scope_of(None, 0),
            findings=loaded.problems,
            rules=_descriptors(None, loaded.problems, waivers=False),
        )
    day = as_of or loaded.document.as_of
    chosen, reason = select_ruleset(ruleset, day, document=loaded.document.format)
    chosen_select, chosen_ignore = selectors(select), selectors(ignore)
    ran = select_rules(chosen, chosen_select, chosen_ignore)
    findings = evaluate(loaded, chosen, day, matcher)
    selection = None
    if chosen_select or chosen_ignore:
        keep = set(ran)
        findings = [f for f in findings if f.rule_id in keep]
        selection = SelectionInfo(select=chosen_select, ignore=chosen_ignore, rules=ran)
    problems: list[Finding] = []
    waivers_info = None
    if waiver_set is not None:
        from ccg_rules.pipeline.waive import apply_waivers

        findings, problems = apply_waivers(
            findings,
            waiver_set,
            as_of=day,
            rules={r.id for r in chosen.rules},
            ran=set(ran),
            ruleset=chosen.ref,
            exists=_exists(loaded),
        )
        waivers_info = WaiversInfo(
            file=waiver_set.file, digest=waiver_set.digest, entries=len(waiver_set.entries)
        )
    everything = [*findings, *problems]
    counted = [f for f in everything if f.waived is None]
    found = conditions(counted, chosen) if chosen.authorisation else ()
    reassessment = None
    decisions = getattr(loaded.document, "board_decisions", None) if chosen.authorisation else None
    if decisions is not None:
        from ccg_rules.reassessment import reassess

        codes = {
            r.id: r.criterion.code if r.criterion is not None and r.criterion.basis == "board" else None
            for r in chosen.rules
        }
        reassessment = reassess(decisions, found, {r: codes[r] for r in ran}, day)
    report = Report(
        tool=tool,
        generated_on=stamped,
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
        outcome=outcome_of(counted) if chosen.authorisation else Outcome.NOT_ASSESSED,
        counts=Counts.of(everything),
        domains=domain_results(counted, chosen),
        conditions=found,
        configuration_risk=configuration_risk(counted, chosen) if chosen.authorisation else None,
        scope=scope_of(chosen, len(ran)),
        reassessment=reassessment,
        selection=selection,
        waivers=waivers_info,
        findings=tuple(everything),
        rules=_descriptors(chosen, everything, waivers=waiver_set is not None),
    )
    return report
