"""The ICB document: an integrated care board's constitution and board, as of one date.

Integrated care boards (ICBs) replaced CCGs on 1 July 2022 (Health and Care Act 2022,
which inserted Chapter A3 of Part 2 and Schedule 1B into the NHS Act 2006). One YAML file
in the ``icb-document/1`` format describes one ICB as it stood on ``as_of``. As in the CCG
format, people are defined once under ``people`` and referred to by ``id``; the shared
parts (people, interests and declarations, committees, local authorities) are the CCG
model's own classes, imported from `ccg_rules.model.document` and
`ccg_rules.model.people`.

The model checks shape only; whether the board is composed as the law and NHS England's
guidance require is for the ``icb-constitution`` rulesets, which cite their sources.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ccg_rules.model.document import (
    Area,
    Committee,
    ConflictsPolicy,
    Declaration,
    GiftsRegister,
    PublicRegister,
)
from ccg_rules.model.people import Person
from ccg_rules.model.types import Choice, Day, Flag, PersonRef, Text

FORMAT = "icb-document/1"
"""The ICB document format this version of the library reads."""


class _Model(BaseModel):
    # As in the CCG model: strict, frozen, unknown keys refused; attribute docstrings
    # become the descriptions in the generated JSON Schema.
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, defer_build=True, use_attribute_docstrings=True
    )


BoardRole = Annotated[
    Literal[
        "chair",
        "chief_executive",
        "director_of_finance",
        "medical_director",
        "director_of_nursing",
        "other_executive",
        "non_executive",
        "partner_member",
        "deputy_chair",
        "senior_non_executive",
        "other",
    ],
    Choice,
]
AppointingBody = Annotated[
    Literal["nhs_england", "chair", "chief_executive", "board", "secretary_of_state", "other"], Choice
]
NominatingBody = Annotated[
    Literal["nhs_trusts_and_foundation_trusts", "primary_medical_services", "local_authorities", "other"],
    Choice,
]
Employment = Annotated[Literal["employee", "secondee", "not_employed"], Choice]
IcbRegisterCoverage = Annotated[Literal["board_members", "committee_members", "employees"], Choice]
IcbProvision = Annotated[
    Literal[
        "name",
        "area",
        "board_membership",
        "private_sector_independence_bar",
        "chair_appointment",
        "chair_removal",
        "chief_executive_appointment",
        "ordinary_member_appointment",
        "partner_member_nomination",
        "committees_and_delegation",
        "decision_making_procedure",
        "conflicts_of_interest_arrangements",
        "employee_terms_and_conditions",
        "publication_and_transparency",
        "public_involvement",
        "amendment_procedure",
    ],
    Choice,
]


class IcbIdentity(_Model):
    """Who the ICB is."""

    name: Text
    """The ICB's name as the constitution gives it (Sch 1B para 2(a))."""
    ods_code: Text | None = None
    """Its Organisation Data Service code, if known."""
    established: Day | None = None
    """The day it was established by NHS England's order (s.14Z25)."""
    predecessors: list[Text] = []
    """The CCGs or ICBs it replaced, by name (none given: not stated)."""


class BoardMember(_Model):
    """A seat on the board, held by a person in one or more roles."""

    person: PersonRef
    """The person holding the seat (an ``id`` under ``people``)."""
    roles: Annotated[list[BoardRole], Field(min_length=1)]
    """The seat's roles: ``chair``, ``chief_executive``, the three executive directors, ``non_executive``,
    ``partner_member``, ``deputy_chair``, ``senior_non_executive``, ``other_executive`` or ``other``."""
    appointed_by: AppointingBody | None = None
    """Who appoints the holder (Sch 1B paras 5, 7 and 8): ``nhs_england``, ``chair``, ..."""
    approved_by: list[AppointingBody] = []
    """Whose approval the appointment needs (the Secretary of State for the chair, NHS England for
    the chief executive)."""
    removable_by: list[AppointingBody] = []
    """Whom the constitution empowers to remove the holder from office; for the chair only
    ``nhs_england`` may be (Sch 1B para 6). Leave it out when the constitution confers no such
    power or the document does not say."""
    removal_approved_by: list[AppointingBody] = []
    """Whose approval such a removal is expressed to need; for the chair, the
    ``secretary_of_state`` (Sch 1B para 6)."""
    nominated_by: NominatingBody | None = None
    """For a partner member, the bodies that nominated them (Sch 1B para 8(2))."""
    employment: Employment | None = None
    """Whether the holder is an ``employee`` of the ICB, a ``secondee`` treated as one (Sch 1B
    para 19(4)), or ``not_employed`` by it; leave it out when the document does not say."""
    independent: Flag | None = None
    """Whether the holder is independent of the ICB's partner organisations (a non-executive)."""
    appointed: Day | None = None
    """The day the holder was appointed."""
    term_ends: Day | None = None
    """The day the holder's term ends."""
    voting: Flag | None = None
    """Whether the seat carries a vote."""
    mental_health_expertise: Flag | None = None
    """Whether the holder has knowledge and experience in connection with services relating to
    the prevention, diagnosis and treatment of mental illness (the Health and Care Act 2022
    requires at least one ordinary member who has)."""


class Board(_Model):
    """The board: the ICB's members (Sch 1B para 3)."""

    members: list[BoardMember] = []
    """Every seat on the board, the chair and chief executive included."""
    meets_in_public: Flag | None = None
    """Whether the board meets in public."""


class IcbInterestsRegister(_Model):
    """The ICB's register (or registers) of interests."""

    published: Flag | None = None
    """Whether the ICB publishes the register."""
    url: Text | None = None
    """Where the published register can be read."""
    last_reviewed: Day | None = None
    """The day the register as a whole was last reviewed."""
    covers: list[IcbRegisterCoverage] = []
    """Whose interests it records: ``board_members``, ``committee_members`` (of committees and
    sub-committees) and ``employees``; leave it out when the document does not say."""


class IcbConflictsOfInterest(_Model):
    """How the ICB manages conflicts of interest."""

    interests_register: IcbInterestsRegister | None = None
    """The register of interests."""
    policy: ConflictsPolicy | None = None
    """The conflicts of interest policy."""
    guardian: PersonRef | None = None
    """The conflicts of interest guardian, if one is named."""
    declarations: list[Declaration] = []
    """The declarations entered in the register, one per person."""
    gifts_and_hospitality_register: GiftsRegister | None = None
    """The register of gifts and hospitality."""
    procurement_register: PublicRegister | None = None
    """The register of procurement decisions."""


class IcbConstitution(_Model):
    """The constitution itself: its approval by NHS England and what it provides for."""

    adopted: Day | None = None
    """The day this version of the constitution took effect."""
    version: Text | None = None
    """The constitution's own version label."""
    approved_by_nhs_england: Day | None = None
    """The day NHS England approved this version (s.14Z25(5) and the amendment procedure)."""
    published: Flag | None = None
    """Whether the ICB publishes its constitution."""
    url: Text | None = None
    """Where the published constitution can be read."""
    provisions: list[IcbProvision] = []
    """The provisions it makes, from Schedule 1B Part 1 and NHS England's model constitution."""


class IcbDocument(_Model):
    """An ICB's constitution and board as they stood on ``as_of``."""

    format: Annotated[Literal["icb-document/1"], Choice]
    """The document format, ``icb-document/1``."""
    as_of: Day
    """The date the document speaks for; it selects the rules in force."""
    icb: IcbIdentity
    """Who the ICB is."""
    area: Area | None = None
    """The area the constitution specifies, with the local authorities in it (Sch 1B para 2(b))."""
    people: list[Person] = []
    """Everyone the document refers to, each once."""
    board: Board | None = None
    """The board."""
    committees: list[Committee] = []
    """The committees of the board."""
    conflicts_of_interest: IcbConflictsOfInterest | None = None
    """How conflicts of interest are managed."""
    constitution: IcbConstitution | None = None
    """The constitution itself."""
