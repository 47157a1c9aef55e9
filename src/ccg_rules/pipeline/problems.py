"""Problems with a document as findings: the DOC-* rule ids, their titles and their messages."""

from __future__ import annotations

import typing
from typing import Literal

from pydantic import BaseModel, ValidationError

from ccg_rules._yaml import SourceMap, YamlProblem
from ccg_rules.findings import Consequence, Evidence, Finding, Location, Severity, fingerprint
from ccg_rules.located import (
    Diagnostic,
    Issue,
    Phrase,
    closest,
    diagnostics,
    did_you_mean,
    from_yaml,
    model_at,
    type_at,
)
from ccg_rules.model.kinds import KINDS

_TITLES = {
    "yaml-syntax": "The file is well-formed YAML",
    "duplicate-key": "No key appears twice in one mapping",
    "non-string-key": "Every key is a plain name",
    "complex-key": "Every key is a plain name",
    "merge-key": "Merge keys are not used",
    "tag-not-allowed": "No YAML tags are used",
    "alias-limit": "Anchors and aliases stay within bounds",
    "too-deep": "Nesting stays within bounds",
    "too-large": "The document stays within the size bounds",
    "file-too-large": "The file stays within the size limit",
    "encoding": "The file is UTF-8 text",
    "empty-document": "The document is not empty",
    "multiple-documents": "The file holds one document",
    "not-a-mapping": "The document is a mapping",
    "unknown-key": "Every key is one the document format defines",
    "missing-key": "Every required key is present",
    "invalid-value": "Every value has the type and form the document format requires",
    "duplicate-id": "No two ids differ only in letter case",
}


def short(value: object, limit: int = 60) -> str:
    """Quote ``value`` for a message, cut to ``limit`` characters."""
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def document_rule_id(code: str) -> str:
    """Return the finding rule id of a document problem code (``DOC-DUPLICATE-KEY``)."""
    return "DOC-" + code.upper()


def problem(
    code: str,
    message: str,
    pointer: str,
    smap: SourceMap,
    file: str | None,
    located: tuple[str, int, int] | None = None,
    evidence: Evidence | None = None,
) -> Finding:
    """A located finding for a problem with the document (rule ``DOC-<CODE>``)."""
    if located is None:
        at, pos = smap.locate(pointer)
        located = (at, pos.line, pos.column)
    rule_id = document_rule_id(code)
    return Finding(
        rule_id=rule_id,
        severity=Severity.ERROR,
        consequence=Consequence.CONDITION,
        title=_TITLES.get(code, "The document can be read"),
        message=message,
        pointer=pointer,
        location=Location(file=file, line=located[1], column=located[2]),
        located_pointer=located[0],
        evidence=evidence,
        fingerprint=fingerprint(rule_id, pointer),
    )


def yaml_finding(p: YamlProblem, file: str | None) -> Finding:
    """The finding of a problem found while reading the YAML."""
    return _finding(from_yaml(p, file))


def _choice_message(loc: tuple[int | str, ...], got: object, model: type[BaseModel]) -> str | None:
    tp = type_at(loc, model)
    if typing.get_origin(tp) is not Literal:
        return None
    # The document's own format names its kind, so every kind's format is allowed there.
    choices = list(KINDS) if loc == ("format",) else [str(a) for a in typing.get_args(tp)]
    hint = did_you_mean(str(got), choices)
    return f"{short(got)} is not an allowed value{hint} (allowed: {', '.join(choices)})"


def _actual(got: object) -> str | None:
    """The offending value for a finding's evidence (a huge number by its size, not in full)."""
    if isinstance(got, int) and not isinstance(got, bool) and abs(got).bit_length() > 100:
        from ccg_rules.model.types import _digits

        return ("-" if got < 0 else "") + _digits(abs(got))
    return str(got) if isinstance(got, str | int | float) else None


def _phrase(model: type[BaseModel]) -> Phrase:
    """How a document's validation errors are worded."""

    def phrase(issue: Issue) -> Diagnostic:
        loc, pointer, kind = issue.loc, issue.pointer, issue.kind
        if kind == "extra_forbidden":
            owner = model_at(loc, model)
            allowed = list(owner.model_fields) if owner else []
            hint = did_you_mean(str(loc[-1]), allowed)
            close = closest(str(loc[-1]), allowed)
            return Diagnostic(
                "unknown-key",
                f"unknown key {short(loc[-1])}{hint}",
                pointer,
                suggestion=close[0] if close else None,
            )
        if kind == "missing":
            where = f" in {pointer.rsplit('/', 1)[0] or 'the document'}" if len(loc) > 1 else ""
            return Diagnostic("missing-key", f"required key {short(loc[-1])} is missing{where}", pointer)
        got = issue.input
        names = [t for t in loc if isinstance(t, str)]
        field = f"{names[-1]!r}: " if names else ""
        message = issue.message
        if kind == "literal_error":
            message = f"{field}{_choice_message(loc, got, model) or message}"
        elif field:
            message = f"{field}{message[0].lower()}{message[1:]}"
        return Diagnostic("invalid-value", message, pointer, actual=_actual(got))

    return phrase


def _finding(d: Diagnostic) -> Finding:
    """A document problem's finding."""
    evidence = Evidence(actual=d.actual) if d.actual is not None else None
    located = (d.located_pointer or d.pointer, d.line or 1, d.column or 1)
    return problem(d.code, d.message, d.pointer, SourceMap(), d.file, located, evidence)


def schema_findings(
    exc: ValidationError, smap: SourceMap, file: str | None, model: type[BaseModel]
) -> list[Finding]:
    """The findings of every problem the document model found."""
    return [_finding(d) for d in diagnostics(exc, source_map=smap, file=file, phrase=_phrase(model))]
