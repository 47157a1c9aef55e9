"""The document kinds the library reads: each format's model, and how to tell one from another.

This is the one place that knows the format names. Everything else (reading, checking,
choosing a ruleset) asks it: a document's ``format`` picks its kind, the kind's model
validates it, and the rulesets say which kind they judge.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeAlias

from ccg_rules._record import Record

_set = object.__setattr__

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ccg_rules.model.document import CcgDocument
    from ccg_rules.model.icb import IcbDocument

    Document: TypeAlias = CcgDocument | IcbDocument
    """A validated document of any kind."""


class DocumentKind(Record):
    """One document format the library reads.

    Attributes:
        format: The value of the document's ``format`` key, e.g. ``icb-document/1``.
        subject: Who such a document describes, in a few words.
        name_key: The top-level key whose ``name`` names the body.
        model_path: ``module:Class`` of the format's pydantic model.
        noun: The short name of one such body (``CCG``), for headings and tables.
        plural: The short name of several.
        assessment: What a check of such a body's document is called (``authorisation``).
        population_path: Dotted path of the registered population, if the format has one.
    """

    _fields = (
        "format",
        "subject",
        "name_key",
        "model_path",
        "noun",
        "plural",
        "assessment",
        "population_path",
    )
    __slots__ = _fields

    format: str
    subject: str
    name_key: str
    model_path: str
    noun: str
    plural: str
    assessment: str
    population_path: str | None

    def __init__(
        self,
        format: str,
        subject: str,
        name_key: str,
        model_path: str,
        noun: str,
        plural: str,
        assessment: str,
        population_path: str | None = None,
    ) -> None:
        _set(self, "format", format)
        _set(self, "subject", subject)
        _set(self, "name_key", name_key)
        _set(self, "model_path", model_path)
        _set(self, "noun", noun)
        _set(self, "plural", plural)
        _set(self, "assessment", assessment)
        _set(self, "population_path", population_path)

    @property
    def model(self) -> type[BaseModel]:
        """The pydantic model of the format (imported on first use)."""
        module, _, name = self.model_path.partition(":")
        found: type[BaseModel] = getattr(importlib.import_module(module), name)
        return found


CCG_FORMAT = "ccg-document/1"
ICB_FORMAT = "icb-document/1"

KINDS: dict[str, DocumentKind] = {
    CCG_FORMAT: DocumentKind(
        CCG_FORMAT,
        "a clinical commissioning group",
        "ccg",
        "ccg_rules.model.document:CcgDocument",
        "CCG",
        "CCGs",
        "authorisation",
        "population.registered",
    ),
    ICB_FORMAT: DocumentKind(
        ICB_FORMAT,
        "an integrated care board",
        "icb",
        "ccg_rules.model.icb:IcbDocument",
        "ICB",
        "ICBs",
        "constitution check",
    ),
}
"""Every document kind, by format."""

DEFAULT_FORMAT = CCG_FORMAT
"""The kind assumed where none is named: a ruleset that names no ``document``, or a
document whose ``format`` is missing or unknown (its schema errors then list the formats)."""


def kind_of(format_name: str | None) -> DocumentKind:
    """Return the kind of a format name, or the default kind when it names none."""
    return KINDS.get(format_name or "", KINDS[DEFAULT_FORMAT])


def kind_of_data(value: object) -> DocumentKind:
    """Return the kind that already-parsed document data claims by its ``format`` key."""
    claimed = value.get("format") if isinstance(value, Mapping) else None
    return kind_of(claimed if isinstance(claimed, str) else None)


def kind_of_document(document: BaseModel) -> DocumentKind:
    """Return the kind of a validated document."""
    return kind_of(getattr(document, "format", None))


def name_of(document: BaseModel) -> str | None:
    """Return the name of the body a validated document describes."""
    identity = getattr(document, kind_of_document(document).name_key, None)
    name = getattr(identity, "name", None)
    return name if isinstance(name, str) else None


def population_of(document: BaseModel) -> int | None:
    """Return the registered population a validated document states, if its kind has one."""
    path = kind_of_document(document).population_path
    value: object = document
    for part in (path or "").split(".") if path else ():
        value = getattr(value, part, None)
    return value if path and isinstance(value, int) and not isinstance(value, bool) else None
