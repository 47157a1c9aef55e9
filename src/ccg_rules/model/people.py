"""People in a document: who they are, their registrations, qualifications, work and history.

Defined once under ``people`` and referred to by ``id`` everywhere else; the CCG and ICB
models share these classes.
"""

from __future__ import annotations

from ccg_rules.model.types import Day, Flag, Id, Text, WholeNumber
from ccg_rules.model.types import DocumentModel as _Model
from ccg_rules.model.vocab import (
    AffiliationRole,
    EmployerKind,
    Expertise,
    HistoryKind,
    PersonCategory,
    QualificationKind,
    RegisterKind,
    RegistrationBody,
)


class Registration(_Model):
    """A professional registration (GMC, NMC, ...)."""

    body: RegistrationBody
    kind: RegisterKind
    number: Text | None = None
    since: Day | None = None
    until: Day | None = None


class Qualification(_Model):
    """A qualification, e.g. a CCAB accountancy qualification."""

    kind: QualificationKind
    body: Text
    awarded: Day | None = None


class Employer(_Model):
    """A person's main employer."""

    name: Text
    kind: EmployerKind
    provides_services_to_population: Flag | None = None


class Affiliation(_Model):
    """A role held in another body (tested by Schedules 4 and 5)."""

    organisation: Text
    kind: EmployerKind
    role: AffiliationRole
    provides_services_to_ccg: Flag | None = None
    provides_commissioning_support_to_ccg: Flag | None = None
    since: Day | None = None
    until: Day | None = None


class HistoryEvent(_Model):
    """An event in a person's history that may disqualify them (Schedule 5)."""

    kind: HistoryKind
    date: Day
    sentence_months: WholeNumber | None = None
    redundancy: Flag | None = None
    dismissed_by_nhs_body: Flag | None = None
    """For a ``dismissal``: whether the employer that dismissed the person was one of the
    health bodies listed in Sch 5 para 6 of SI 2012/1631 (the Board, a CCG, an NHS trust
    or foundation trust, and the others listed). ``true`` makes rule SCH5-06 (or SCH5-06C,
    for a seat without an ``appointed`` date) an error, a statutory disqualification;
    ``false`` means the dismissal does not disqualify; left out, SCH5-06B (or SCH5-06D)
    warns that the employer must be checked. The five years count back from the seat's
    ``appointed`` date."""
    detail: Text | None = None


class Person(_Model):
    """A person, defined once and referred to by ``id``."""

    id: Id
    name: Text
    category: PersonCategory | None = None
    registrations: list[Registration] = []
    qualifications: list[Qualification] = []
    expertise: list[Expertise] = []
    employer: Employer | None = None
    ccg_employee: Flag | None = None
    member_practice_partner: Flag | None = None
    member_practice_employee: Flag | None = None
    local_authority_councillor: Flag | None = None
    parliament_member: Flag | None = None
    affiliations: list[Affiliation] = []
    history: list[HistoryEvent] = []
