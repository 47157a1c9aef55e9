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
    PostKind,
    QualificationKind,
    RegisterKind,
    RegistrationBody,
)


class Registration(_Model):
    """A professional registration (GMC, NMC, ...)."""

    body: RegistrationBody
    """The registering body: ``GMC`` (doctors), ``NMC`` (nurses and midwives), ``HCPC``, ``GDC``, ``GPhC``,
    ``GOC`` or ``other``."""
    kind: RegisterKind
    """The register or part of it: ``specialist`` (the GMC Specialist Register), ``specialist_eligible``
    (eligible for it under the Medical Act 1983 s.34D(2)(b) scheme), ``gp`` (the GMC General Practitioner
    Register), ``general``, ``nursing``, ``midwifery`` or ``other``."""
    number: Text | None = None
    """The registration number, e.g. a GMC or NMC PIN."""
    since: Day | None = None
    """The day the person's name was entered on the register; left out when not known."""
    until: Day | None = None
    """The day the entry ended; left out while the person is still registered. Reg 11(6) tests registrations
    against the 10 years ending with the seat's ``appointed`` date."""


class Qualification(_Model):
    """A qualification, e.g. a CCAB accountancy qualification."""

    kind: QualificationKind
    """What the qualification is in: ``accountancy`` (a CCAB body's, for the chief finance officer, reg
    11(3)(a)), ``audit``, ``legal``, ``clinical`` or ``other``."""
    body: Text
    """The awarding body, e.g. ``ICAEW`` or ``CIPFA``."""
    awarded: Day | None = None
    """The day it was awarded."""


class Post(_Model):
    """A post a person holds or held (reg 11(6)(b) of SI 2012/1631, for the secondary care specialist)."""

    kind: PostKind
    """The post: ``nhs_consultant`` (a consultant post in the NHS), ``armed_forces_specialty`` (a post in a
    medical specialty in the armed forces) or ``other``. Reg 11(6)(b) requires one of the first two."""
    organisation: Text | None = None
    """The employer, e.g. the trust that holds the consultant post."""
    since: Day | None = None
    """The day the person took up the post; left out when not known."""
    until: Day | None = None
    """The day the post ended; left out while it is held. REG-11-07D tests posts against the 10 years ending
    with the seat's ``appointed`` date."""


class Employer(_Model):
    """A person's main employer."""

    name: Text
    """The employer's name."""
    kind: EmployerKind
    """What kind of body the employer is, e.g. ``nhs_trust``, ``foundation_trust``, ``local_authority``,
    ``commissioning_support`` or ``university``; the Schedule 4 and 5 rules and reg 12(1) read it."""
    provides_services_to_population: Flag | None = None
    """Whether the employer provides services to the people the CCG is responsible for (reg 12(1): a
    registered nurse or secondary care specialist employed by such a provider may not fill those seats)."""


class Affiliation(_Model):
    """A role held in another body (tested by Schedules 4 and 5)."""

    organisation: Text
    """The other body's name."""
    kind: EmployerKind
    """What kind of body it is (the same choices as an employer's ``kind``)."""
    role: AffiliationRole
    """The role the person holds there: ``chair``, ``director``, ``governor``, ``member``, ``employee``,
    ``partner``, ``shareholder`` or ``contractor``."""
    provides_services_to_ccg: Flag | None = None
    """Whether the organisation provides services the CCG commissions (Schedule 4 para 8 of SI 2012/1631
    excludes its employees, members, shareholders and partners from lay seats)."""
    provides_commissioning_support_to_ccg: Flag | None = None
    """Whether the organisation supports the CCG in its commissioning functions (commissioning support, not
    the health services it commissions: Schedule 5 para 3 disqualifies)."""
    since: Day | None = None
    """The day the role began."""
    until: Day | None = None
    """The day the role ended; left out while it continues."""


class HistoryEvent(_Model):
    """An event in a person's history that may disqualify them (Schedule 5)."""

    kind: HistoryKind
    """What happened: ``conviction``, ``bankruptcy_restrictions`` (an order or interim order),
    ``dismissal``, ``removed_from_register``, ``removed_from_performers_list``,
    ``director_disqualification``, ``charity_trustee_removal`` or ``office_terminated`` (Schedule 5)."""
    date: Day
    """The day of the event: for a conviction, the day of the final outcome; for a dismissal, the day it
    took effect. Schedule 5 paras 4 and 6 count five years back from the seat's ``appointed`` date."""
    sentence_months: WholeNumber | None = None
    """For a ``conviction``: the sentence of imprisonment in months, suspended or not (Schedule 5 para 4
    disqualifies for three months or more without the option of a fine)."""
    redundancy: Flag | None = None
    """For a ``dismissal``: whether it was because of redundancy, which does not disqualify (Schedule 5 para
    6)."""
    dismissed_by_nhs_body: Flag | None = None
    """For a ``dismissal``: whether the employer that dismissed the person was one of the
    health bodies listed in Sch 5 para 6 of SI 2012/1631 (the Board, a CCG, an NHS trust
    or foundation trust, and the others listed). ``true`` makes rule SCH5-06 (or SCH5-06C,
    for a seat without an ``appointed`` date) an error, a statutory disqualification;
    ``false`` means the dismissal does not disqualify; left out, SCH5-06B (or SCH5-06D)
    warns that the employer must be checked. The five years count back from the seat's
    ``appointed`` date."""
    detail: Text | None = None
    """A short description, e.g. ``suspended sentence``."""


class Person(_Model):
    """A person, defined once and referred to by ``id``."""

    id: Id
    """The person's identifier, used to refer to them everywhere else in the document (e.g. ``p-dobson``)."""
    name: Text
    """The person's name as the constitution or register gives it."""
    category: PersonCategory | None = None
    """Which kind of member the person is, for the rules on lay members and on the chair: ``lay`` (neither a
    health professional nor a member practice's representative), ``gp``, ``clinician`` (another health
    professional), ``executive`` (an officer of the CCG) or ``other``. Left out, the lay rules rely on
    the seat's roles."""
    registrations: list[Registration] = []
    """Professional registrations (GMC, NMC, ...), with their dates."""
    qualifications: list[Qualification] = []
    """Qualifications, e.g. the chief finance officer's accountancy qualification."""
    expertise: list[Expertise] = []
    """Areas of expertise the person brings: ``financial_management_and_audit`` and ``knowledge_of_area``
    (the lay members of reg 12(3) and (4)), ``patient_and_public_involvement``, ``commissioning``,
    ``clinical`` or ``other``."""
    employer: Employer | None = None
    """The person's main employer."""
    ccg_employee: Flag | None = None
    """Whether the person is an employee of the CCG (the chief finance officer must be, reg 11(3)(a))."""
    member_practice_partner: Flag | None = None
    """Whether the person is a partner in, or a provider of, one of the CCG's member practices."""
    member_practice_employee: Flag | None = None
    """Whether the person is employed by one of the CCG's member practices."""
    local_authority_councillor: Flag | None = None
    """Whether the person is a member of a local authority (Schedule 5 para 2 disqualifies)."""
    parliament_member: Flag | None = None
    """Whether the person is a Member of Parliament, of the European Parliament or of the London Assembly
    (Schedule 5 para 1 disqualifies)."""
    posts: list[Post] = []
    """Posts held now or in the past: for the secondary care specialist, the NHS consultant or armed forces
    specialty post reg 11(6)(b) requires, with its dates."""
    affiliations: list[Affiliation] = []
    """Roles the person holds in other bodies (tested by Schedules 4 and 5)."""
    history: list[HistoryEvent] = []
    """Events that may disqualify the person under Schedule 5 (convictions, dismissals, orders)."""
