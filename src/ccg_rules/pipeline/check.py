"""Check: a document and a ruleset version in, a report out; the stages run in order.

`check` is the one code path for selection (``select`` / ``ignore``) and waivers:
the command line and the pre-commit hook pass their options through to it, so every
output format and every way of running agrees. The stages, each a module of this
package: load, flatten, selection, plan, match, findings, waive, assess, describe.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pydantic import BaseModel

from ccg_rules._version import __version__
from ccg_rules.engines import EngineName, get_engine
from ccg_rules.findings import Finding
from ccg_rules.model.kinds import name_of, population_of
from ccg_rules.pipeline.assess import conditions, configuration_risk, domain_results, reassess, scope_of
from ccg_rules.pipeline.describe import descriptors
from ccg_rules.pipeline.findings import findings_of
from ccg_rules.pipeline.flatten import flatten
from ccg_rules.pipeline.load import LoadedDocument, Source, load_source
from ccg_rules.pipeline.match import firings
from ccg_rules.pipeline.plan import plan_for
from ccg_rules.pipeline.selection import select_rules, selectors
from ccg_rules.report import (
    Counts,
    DocumentInfo,
    Outcome,
    Report,
    RulesetInfo,
    SelectionInfo,
    Tool,
    WaiversInfo,
    generation_date,
    outcome_of,
)
from ccg_rules.rules.catalog import select_ruleset

if TYPE_CHECKING:
    # Imported when a waiver file is used: most checks have none (see `_waivers_for`).
    from ccg_rules.waivers import Waivers

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


def _resolves(value: object, pointer: str) -> bool:
    """Whether ``pointer`` names a value the document sets (a key given, not a default)."""
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(value, BaseModel) and token in value.model_fields_set:
            value = getattr(value, token)
        elif isinstance(value, list | tuple) and token.isascii() and token.isdigit():
            if int(token) >= len(value):
                return False
            value = value[int(token)]
        else:
            return False
    return True


def _exists(loaded: LoadedDocument) -> Callable[[str], bool]:
    """A waiver target's test: a place the source map knows, else one the validated model sets."""
    document = loaded.document

    def exists(pointer: str) -> bool:
        return pointer in loaded.source_map or _resolves(document, pointer)

    return exists


CHECK_TEXT_HINT = "; to check YAML text rather than a file, call ccg_rules.check_text(text)"


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
        UnknownRuleError: A ``select`` or ``ignore`` entry names no rule or domain
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
            rules=descriptors(None, loaded.problems, waivers=False),
        )
    day = as_of or loaded.document.as_of
    chosen, reason = select_ruleset(ruleset, day, document=loaded.document.format)
    chosen_select, chosen_ignore = selectors(select), selectors(ignore)
    ran = select_rules(chosen, chosen_select, chosen_ignore)
    facts = flatten(loaded.document)
    found = firings(chosen, plan_for(chosen, day, ran), facts, matcher)
    findings = findings_of(
        found,
        source_map=loaded.source_map,
        file=loaded.file,
        stable=facts.stable,
        as_of=day,
        params=chosen.parameters,
    )
    selection = None
    if chosen_select or chosen_ignore:
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
    conditions_found = conditions(counted, chosen) if chosen.authorisation else ()
    reassessment = None
    decisions = getattr(loaded.document, "board_decisions", None) if chosen.authorisation else None
    if decisions is not None:
        codes = {
            r.id: r.criterion.code if r.criterion is not None and r.criterion.basis == "board" else None
            for r in chosen.rules
        }
        reassessment = reassess(decisions, conditions_found, {r: codes[r] for r in ran}, day)
    report = Report(
        tool=tool,
        generated_on=stamped,
        document=DocumentInfo(
            file=loaded.file,
            digest=loaded.digest,
            name=doc_name,
            as_of=day,
            as_of_source="override" if as_of else "document",
            format=loaded.document.format,
            population=population_of(loaded.document),
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
        domains=domain_results(counted, chosen, ran),
        conditions=conditions_found,
        configuration_risk=configuration_risk(counted, chosen) if chosen.authorisation else None,
        scope=scope_of(chosen, len(ran), ran),
        reassessment=reassessment,
        selection=selection,
        waivers=waivers_info,
        findings=tuple(everything),
        rules=descriptors(chosen, everything, waivers=waiver_set is not None),
    )
    return report
