"""Waivers: approved, time-limited decisions to accept particular findings.

A waiver file is YAML (``ccg-waivers/1``)::

    format: ccg-waivers/1
    waivers:
      - rule: REG-11-11
        target: /governing_body/members/2
        justification: The interim accountable officer also acts as CFO until the
          substantive appointment in March.
        approved_by: Governing body
        approved_on: 2013-01-10
        expires: 2013-03-31
        reference: GB minute 2013/004

A waiver accepts the finding of ``rule`` whose pointer is exactly ``target``. The finding
stays in the report with ``waived`` set, but counts toward neither the outcome, the
domain and condition roll-up, nor the exit code.

A waiver applies while the check's as-of date (the document's own ``as_of``, or the date
the caller gives) is on or before ``expires``; judging expiry by the as-of date rather
than the clock keeps a check reproducible. Three things about a waiver are findings of
their own, located at its entry in the waiver file:

* ``WAIVER-EXPIRED``: it expired before the as-of date (and so waives nothing);
* ``WAIVER-NOT-YET-APPROVED``: it was approved after the as-of date (and so waives nothing
  as of that date: a waiver is in force from ``approved_on`` to ``expires``, both included);
* ``WAIVER-NO-TARGET``: its target is not an element of the document;
* ``WAIVER-UNUSED``: its target exists, but the rule does not fail there (or is not a
  rule of the ruleset version used).

Waivers of rules left out by ``select`` / ``ignore`` are neither applied nor reported.
This module reads and validates waiver files; `ccg_rules.pipeline.waive` applies them.
The library's `ccg_rules.check` applies waivers; the command line and the
pre-commit hook only say which file to use, so all three behave the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ccg_rules._files import MAX_FILE_BYTES, read_bounded
from ccg_rules._safe import key_name
from ccg_rules._yaml import SourceMap, file_too_large, join_pointer, load_yaml, pointer_of
from ccg_rules.errors import WaiverFileError
from ccg_rules.findings import Location, Waiver
from ccg_rules.located import Diagnostic, Issue, did_you_mean, load_model, locate
from ccg_rules.model.types import Choice, Day, Text, _text

FORMAT = "ccg-waivers/1"
"""The waiver file format this version of the library reads."""

SUFFIX = ".waivers.yaml"
"""A document's own waiver file is its name with this suffix: ``ccg.yaml`` → ``ccg.waivers.yaml``."""

EXPIRED = "WAIVER-EXPIRED"
NOT_YET = "WAIVER-NOT-YET-APPROVED"
UNUSED = "WAIVER-UNUSED"
NO_TARGET = "WAIVER-NO-TARGET"

_RULE_ID = r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$"
_POINTER = re.compile(r"(?:/(?:[^~/]|~[01])*)*")
_POINTER_SCHEMA = "^(/([^~/]|~[01])*)+$"


@dataclass(frozen=True, slots=True)
class WaiverCheck:
    """What one of the waiver checks (``WAIVER-*``) requires, for reports that list rules."""

    id: str
    title: str
    rationale: str
    remediation: str


WAIVER_CHECKS: tuple[WaiverCheck, ...] = (
    WaiverCheck(
        EXPIRED,
        "Every waiver is in force on the date of the check",
        "A waiver is a time-limited governance decision; once it expires, the finding it "
        "accepted counts again until the waiver is renewed.",
        "Renew the waiver with a fresh approval and a later expiry date, or put the finding "
        "right and remove the waiver.",
    ),
    WaiverCheck(
        NOT_YET,
        "Every waiver was approved by the date of the check",
        "A check speaks for its as-of date; a waiver approved after that date records a "
        "decision that had not been taken then, so it cannot accept a finding as of that date "
        "(just as one that has expired cannot).",
        "Check the document as of a date on or after the approval, or correct approved_on.",
    ),
    WaiverCheck(
        UNUSED,
        "Every waiver accepts a finding",
        "A waiver whose rule no longer fails at its target is out of date: keeping it would "
        "silently accept a future, unrelated failure at the same place.",
        "Remove the waiver, or correct its rule or target to the finding it was meant for.",
    ),
    WaiverCheck(
        NO_TARGET,
        "Every waiver targets an element of the document",
        "A waiver's target is the exact JSON Pointer of the element a finding concerns; a "
        "pointer that is not in the document usually means a typo or a document that has "
        "moved on.",
        "Set the target to the pointer the finding reports, or remove the waiver.",
    ),
)
"""The checks made of every waiver, in the order they are tried."""

WAIVER_CHECK_BY_ID = {c.id: c for c in WAIVER_CHECKS}


# --------------------------------------------------------------------------------------
# The file format


def _pointer(value: str) -> str:
    if not _POINTER.fullmatch(value):
        raise PydanticCustomError(
            "pointer",
            "'{text}' is not a JSON Pointer: write it as the findings show it, e.g. "
            "/governing_body/members/2 (with ~0 for '~' and ~1 for '/' inside a key)",
            {"text": value},
        )
    return value


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)


class WaiverSpec(_Spec):
    """One waiver as written in a waiver file."""

    rule: Annotated[
        str, BeforeValidator(_text), Field(pattern=_RULE_ID, json_schema_extra={"pattern": _RULE_ID})
    ]
    """The id of the rule whose finding is accepted, e.g. ``REG-11-11``."""
    target: Annotated[Text, AfterValidator(_pointer), Field(json_schema_extra={"pattern": _POINTER_SCHEMA})]
    """The exact JSON Pointer of the finding, as the report gives it."""
    justification: Text
    """Why the finding is accepted."""
    approved_by: Text
    """Who approved it: a person, role or body."""
    approved_on: Day
    """The date it was approved."""
    expires: Day
    """The last day it applies (compared with the check's as-of date)."""
    reference: Text | None = None
    """A decision reference, e.g. a board minute or a ticket."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> WaiverSpec:
        if self.expires < self.approved_on:
            raise PydanticCustomError(
                "expires_before_approval",
                "expires ({expires}) is before approved_on ({approved_on})",
                {"expires": str(self.expires), "approved_on": str(self.approved_on)},
            )
        return self


class WaiverFileSpec(_Spec):
    """A waiver file: the waivers that apply to a document (``ccg-waivers/1``)."""

    format: Annotated[Literal["ccg-waivers/1"], Choice] = "ccg-waivers/1"
    """The file format; optional."""
    waivers: list[WaiverSpec]
    """The waivers; an empty list is allowed."""


@dataclass(frozen=True, slots=True)
class Waivers:
    """A loaded waiver file.

    Attributes:
        file: The file name used in locations.
        digest: ``sha256:`` digest of the bytes read.
        entries: The waivers, in file order, each with its location.
        source_map: Positions of the file's nodes.
    """

    file: str
    digest: str
    entries: tuple[Waiver, ...]
    source_map: SourceMap = dataclasses.field(repr=False, compare=False)

    def locate(self, pointer: str) -> Location:
        """Return the file position of ``pointer`` (or of its nearest existing ancestor)."""
        _, pos = self.source_map.locate(pointer)
        return Location(file=self.file, line=pos.line, column=pos.column)


def beside(document: str | os.PathLike[str]) -> Path:
    """Return the path of a document's own waiver file: ``<stem>.waivers.yaml`` beside it."""
    path = Path(document)
    return path.with_name(path.stem + SUFFIX)


_SAY = {
    "approved_by": ": say who approved the waiver",
    "justification": ": say why the finding is accepted",
}


def _not_a_waiver_file(data: object, smap: SourceMap) -> Diagnostic | None:
    """The one problem of a mapping with no ``waivers`` key: not a waiver file at all."""
    if not (isinstance(data, dict) and data and "waivers" not in data):
        return None
    # Its keys may be anything (a password hash), so none is shown.
    others = len([k for k in data if k not in WaiverFileSpec.model_fields])
    return locate(
        Diagnostic(
            "not-a-waiver-file",
            f"not a waiver file: it has no 'waivers' key, and {others} other top-level "
            f"{'key' if others == 1 else 'keys'} (not shown)",
            pointer_of((next(iter(data)),)),
        ),
        smap,
    )


def _phrase(issue: Issue) -> Diagnostic:
    """How a waiver file's validation errors are worded."""
    loc, pointer, kind = issue.loc, issue.pointer, issue.kind
    if kind == "extra_forbidden":
        model = WaiverSpec if len(loc) > 2 else WaiverFileSpec
        hint = did_you_mean(str(loc[-1]), model.model_fields)
        shown = key_name(loc[-1])
        named = f"unknown key {shown}" if shown else "an unknown key (not shown: it is not a word)"
        return Diagnostic("unknown-key", named + hint, pointer)
    if kind == "missing":
        where = f" in {pointer.rsplit('/', 1)[0]}" if len(loc) > 1 else ""
        return Diagnostic("missing-key", f"required key {str(loc[-1])!r} is missing{where}", pointer)
    if kind == "expires_before_approval":
        return Diagnostic("invalid-value", issue.message, join_pointer(pointer, "expires"))
    keys = [t for t in loc if isinstance(t, str)]
    field = f"{keys[-1]!r}: " if loc and isinstance(loc[-1], str) else ""
    text = issue.message
    if kind == "string_pattern_mismatch" and keys[-1:] == ["rule"]:
        text = f"{str(issue.input)!r} is not a rule id such as REG-11-01"
    elif kind in ("string_too_short", "too_short"):
        text = "must not be empty"
    elif kind == "text_blank":
        text = "must not be blank (it holds only spaces)" + _SAY.get(keys[-1] if keys else "", "")
    return Diagnostic("invalid-value", f"{field}{text[0].lower()}{text[1:]}", pointer)


def load_waivers(path: str | os.PathLike[str], *, file: str | None = None) -> Waivers:
    """Read and validate a waiver file.

    Args:
        path: The waiver file.
        file: The name to show in locations (defaults to ``path`` as given).

    Returns:
        The waivers, each with its position in the file.

    Raises:
        WaiverFileError: The file cannot be read, is not well-formed YAML, does not fit
            the format, or holds two waivers for the same rule and target; every problem
            is given with its line and column.
    """
    label = file or os.fspath(path)
    try:
        read = read_bounded(path, MAX_FILE_BYTES)
    except OSError as exc:
        raise WaiverFileError(
            label, [(1, 1, f"cannot read the waiver file: {exc.strerror or exc}")]
        ) from None
    data = read.data
    if read.over(MAX_FILE_BYTES):
        raise WaiverFileError(label, [(1, 1, file_too_large(read.size, MAX_FILE_BYTES).message)])
    doc = load_yaml(data)
    smap = doc.source_map
    if doc.problems:
        raise WaiverFileError(label, [(p.line, p.column, p.message) for p in doc.problems])
    spec, problems = load_model(doc.value, WaiverFileSpec, source_map=smap, file=label, phrase=_phrase)
    if spec is None:
        not_ours = _not_a_waiver_file(doc.value, smap)
        raise WaiverFileError.from_diagnostics(label, [not_ours] if not_ours else problems)
    entries: list[Waiver] = []
    seen: dict[tuple[str, str], int] = {}
    duplicates: list[tuple[int, int, str]] = []
    for i, w in enumerate(spec.waivers):
        _, pos = smap.locate(f"/waivers/{i}")
        key = (w.rule, w.target)
        if key in seen:
            duplicates.append(
                (
                    pos.line,
                    pos.column,
                    f"a waiver for {w.rule} at {w.target} is already given on line {seen[key]}",
                )
            )
        seen.setdefault(key, pos.line)
        entries.append(
            Waiver(
                rule=w.rule,
                target=w.target,
                justification=w.justification,
                approved_by=w.approved_by,
                approved_on=w.approved_on,
                expires=w.expires,
                reference=w.reference,
                location=Location(file=label, line=pos.line, column=pos.column),
            )
        )
    if duplicates:
        raise WaiverFileError(label, duplicates)
    return Waivers(label, "sha256:" + hashlib.sha256(data).hexdigest(), tuple(entries), smap)
