"""The CCG document: a clinical commissioning group's constitution and configuration.

One file describes one CCG on one date (``as_of``); the model checks its shape, the rulesets the law.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ccg_rules.model.decisions import BoardDecisions
from ccg_rules.model.people import Person
from ccg_rules.model.types import Amount, Choice, Day, Flag, Id, PersonRef, Text, WaveNumber, WholeNumber
from ccg_rules.model.types import DocumentModel as _Model
from ccg_rules.model.vocab import (
    ClinicalAdviceRoute,
    CoCommissioning,
    CommitteeKind,
    ContractType,
    EvidenceKind,
    GiftKind,
    GiftSource,
    InterestKind,
    LocalAuthorityKind,
    ProviderLinkKind,
    ProvisionKind,
    RecruitmentStatus,
    RegisterCoverage,
    Role,
    SectionKind,
)

FORMAT = "ccg-document/1"
"""The document format this version of the library reads."""


class Identity(_Model):
    """Who the CCG is."""

    name: Text
    """The CCG's name, e.g. ``NHS Fenhollow Clinical Commissioning Group`` (reg 5 sets its form)."""
    ods_code: Text | None = None
    """The CCG's organisation code."""
    established: Day | None = None
    """The day the CCG was established."""
    primary_care_commissioning: CoCommissioning | None = None
    """Its part in primary care commissioning (from 2014): ``none``, ``joint``, ``delegated``, ..."""


class LocalAuthority(_Model):
    """A local authority whose area the CCG's area overlaps."""

    name: Text
    """The authority's name."""
    kind: LocalAuthorityKind
    """``unitary``, ``county``, ``district``, ``metropolitan`` or ``london_borough`` (Sch 1 para 2(d))."""
    code: Text | None = None
    """The authority's ONS code."""


class Area(_Model):
    """The area the constitution specifies."""

    description: Text | None = None
    """The area the constitution specifies, in words."""
    local_authorities: list[LocalAuthority] = []
    """The local authorities whose areas the CCG's area overlaps."""
    boundary_justification: Text | None = None
    """Why the area crosses a local authority boundary, when it does (Schedule 1 para 2(d))."""
    map_included: Flag | None = None
    """Whether the constitution includes a map of the area."""


class ProviderLink(_Model):
    """A GP federation or provider company through which a member practice also provides services."""

    organisation: Text
    """The federation's or company's name, as it would appear on a declaration of interests."""
    kind: ProviderLinkKind
    """``gp_federation`` or ``provider_company``."""
    provides_services_to_ccg: Flag | None = None
    """Whether it provides, or bids to provide, services the CCG commissions."""


class Practice(_Model):
    """A member practice (a provider of primary medical services)."""

    code: Id
    """The practice's code (its ODS code), used to refer to it elsewhere."""
    name: Text
    """The practice's name."""
    list_size: WholeNumber | None = None
    """The number of patients registered with the practice."""
    contract: ContractType | None = None
    """The practice's contract: ``GMS``, ``PMS`` or ``APMS``."""
    signed_up: Flag | None = None
    """Whether the practice has agreed to the constitution; left out when not recorded."""
    in_area: Flag | None = None
    """Whether the practice lies in the area the constitution specifies."""
    provider_links: list[ProviderLink] = []
    """GP federations and provider companies through which the practice also provides services."""


class Population(_Model):
    """Population figures for the CCG."""

    registered: WholeNumber | None = None
    """Patients registered with the member practices."""
    resident: WholeNumber | None = None
    """People resident in the CCG's area."""
    registered_resident_in_area: WholeNumber | None = None
    """Registered patients who usually reside in the area (Sch 1 para 2(c): most of them should)."""
    resident_registered_with_members: WholeNumber | None = None
    """Residents of the area who are registered with a member practice."""


class GoverningBodyMember(_Model):
    """A seat on the governing body, held by a person in one or more roles."""

    person: PersonRef
    """The ``id`` of the person who holds the seat, from ``people``."""
    roles: Annotated[list[Role], Field(min_length=1)]
    """The roles it fills (one or more), e.g. ``chair``, ``deputy_chair``, ``lay_governance``, ``gp``."""
    appointed: Day | None = None
    """The day of appointment: reg 11(6)'s 10 years end with it; Sch 5 paras 4 and 6 count back from it."""
    term_ends: Day | None = None
    """The day the term of appointment ends (reg 11(4): the CCG sets the term)."""
    voting: Flag | None = None
    """``true`` for a voting member, ``false`` for one who attends without a vote; else left out."""


class Vacancy(_Model):
    """A governing-body seat the constitution provides for that nobody holds today."""

    role: Role
    """The seat's role, e.g. ``registered_nurse``."""
    since: Day | None = None
    """The day the seat fell vacant, or was created without a holder."""
    recruitment: RecruitmentStatus
    """``in_progress`` (an appointment is being sought) or ``not_started``."""
    expected: Day | None = None
    """The day an appointment is expected, when recruitment is in progress."""


class GoverningBody(_Model):
    """The governing body (NHS Act 2006 s.14L)."""

    members: list[GoverningBodyMember] = []
    """The seats on the governing body and who holds them."""
    meets_in_public: Flag | None = None
    """Whether the governing body meets in public."""
    vacancies: list[Vacancy] = []
    """Seats provided for but vacant today, with the state of recruitment to each."""


class Committee(_Model):
    """A committee of the CCG or of its governing body."""

    id: Id
    """The committee's identifier, used to refer to it elsewhere."""
    name: Text
    """The committee's name."""
    kind: CommitteeKind
    """``audit``, ``remuneration``, ``primary_care_commissioning``, ``joint``, ... or ``other``."""
    chair: PersonRef | None = None
    """The ``id`` of the person who chairs it."""
    members: list[PersonRef] = []
    """The ``id`` of each member, the chair included."""
    quorum: WholeNumber | None = None
    """The number of members needed for a quorum."""
    meets_in_public: Flag | None = None
    """Whether it meets in public."""
    publishes_minutes: Flag | None = None
    """Whether its minutes are published."""
    joint_with: list[Text] = []
    """The other bodies, by name, when it is a joint committee."""


class Interest(_Model):
    """One declared interest."""

    kind: InterestKind
    """``financial``, ``non_financial_professional``, ``non_financial_personal`` or ``indirect``."""
    organisation: Text
    """The organisation the interest is in."""
    description: Text | None = None
    """What the interest is, e.g. ``GP partner in a member practice``."""
    since: Day | None = None
    """The day the interest began."""
    until: Day | None = None
    """The day the interest ended; left out while it continues."""
    aware: Day | None = None
    """The day the person became aware of it; s.14O(3) allows 28 days from it to declare (ACT-14O-03)."""


class Declaration(_Model):
    """A person's declaration of interests, as entered in the register."""

    person: PersonRef
    """The ``id`` of the person declaring, from ``people``."""
    declared: Day
    """The day the declaration was made and entered in the register."""
    reviewed: Day | None = None
    """The day the person last confirmed the declaration still stands."""
    nil_return: Flag | None = None
    """Whether the declaration is a nil return (the person has no interests to declare)."""
    interests: list[Interest] = []
    """The interests declared; empty for a nil return."""


class InterestsRegister(_Model):
    """The register of interests (NHS Act 2006 s.14O)."""

    published: Flag | None = None
    """Whether the CCG publishes the register."""
    available_on_request: Flag | None = None
    """Whether the public can see the register on request (s.14O(2) accepts it instead of publishing)."""
    url: Text | None = None
    """Where the published register can be read."""
    last_reviewed: Day | None = None
    """The day the register as a whole was last reviewed."""
    covers: list[RegisterCoverage] = []
    """Whom it covers: ``members``, ``governing_body``, ``committees``, ``employees`` (s.14O(1) names all)."""


class PublicRegister(_Model):
    """A register the CCG keeps and may publish (procurement decisions)."""

    kept: Flag | None = None
    """Whether the CCG keeps the register."""
    published: Flag | None = None
    """Whether the CCG publishes it."""


class GiftEntry(_Model):
    """One gift or offer of hospitality entered in the register."""

    person: PersonRef
    """The ``id`` of the person offered the gift or hospitality."""
    kind: GiftKind
    """``gift`` or ``hospitality``."""
    source: GiftSource
    """Who offered it: ``supplier`` (a supplier or would-be supplier) or ``other``."""
    value: Amount
    """Its value, in pounds."""
    date: Day
    """The day it was offered."""
    accepted: Flag
    """Whether it was accepted."""
    approved_by: PersonRef | None = None
    """The ``id`` of the person who approved accepting it."""


class GiftsRegister(_Model):
    """The register of gifts and hospitality."""

    kept: Flag | None = None
    """Whether the CCG keeps the register."""
    published: Flag | None = None
    """Whether the CCG publishes it."""
    entries: list[GiftEntry] = []
    """The gifts and offers of hospitality entered in it."""


class Authorisation(_Model):
    """The CCG's application for authorisation."""

    wave: WaveNumber | None = None
    """The authorisation wave the CCG applied in, 1 to 4."""
    submitted: Day | None = None
    """The day the application was submitted."""
    evidence: list[EvidenceKind] = []
    """The evidence submitted with the application, e.g. ``constitution`` or ``register_of_interests``."""


class ConflictsPolicy(_Model):
    """The conflicts of interest policy."""

    adopted: Day | None = None
    """The day the policy was adopted."""
    breach_process: Flag | None = None
    """Whether the policy sets out how breaches are handled."""
    breaches_published: Flag | None = None
    """Whether breaches are published."""
    training_required: Flag | None = None
    """Whether conflicts of interest training is required."""
    annual_audit: Flag | None = None
    """Whether the management of conflicts of interest is audited every year."""


class ConflictsOfInterest(_Model):
    """How the CCG manages conflicts of interest."""

    interests_register: InterestsRegister | None = None
    """The register of interests (s.14O)."""
    policy: ConflictsPolicy | None = None
    """The conflicts of interest policy."""
    guardian: PersonRef | None = None
    """The ``id`` of the conflicts of interest guardian."""
    declarations: list[Declaration] = []
    """The declarations of interests entered in the register."""
    gifts_and_hospitality_register: GiftsRegister | None = None
    """The register of gifts and hospitality."""
    procurement_register: PublicRegister | None = None
    """The register of procurement decisions."""


class Constitution(_Model):
    """The constitution itself: when it was adopted and what it contains."""

    adopted: Day | None = None
    """The day the constitution was adopted."""
    version: Text | None = None
    """The constitution's own version label."""
    published: Flag | None = None
    """Whether the CCG publishes its constitution (s.14J(1)); left out when the document does not say."""
    url: Text | None = None
    """Where the published constitution can be read."""
    sections: list[SectionKind] = []
    """The sections it has, from the model constitution framework."""
    provisions: list[ProvisionKind] = []
    """The provisions it makes, from Schedule 1A and the general duties."""


class ClinicalAdvice(_Model):
    """A route by which the CCG obtains professional advice (s.14W prescribes none, so any counts)."""

    route: ClinicalAdviceRoute
    """``clinical_senate``, ``clinical_network``, ``named_adviser``, ``committee`` or ``other``."""
    description: Text | None = None
    """Who gives the advice and how, in a sentence."""


class RunningCosts(_Model):
    """Planned running costs against the running cost allowance."""

    financial_year: Text | None = None
    """The financial year, e.g. ``2013/14``."""
    planned: Amount | None = None
    """Planned running costs, in pounds."""
    allowance_per_head: Amount | None = None
    """The running cost allowance per head of population, in pounds."""


class SharedArrangement(_Model):
    """A function the CCG shares with other CCGs or has done for it, to gain scale."""

    partners: Annotated[list[Text], Field(min_length=1)]
    """The other bodies in the arrangement."""
    functions: Annotated[list[Text], Field(min_length=1)]
    """What is shared, e.g. ``acute contracting`` or ``risk pooling``."""


class Locality(_Model):
    """A locality of the CCG: a group of member practices with its own clinical lead."""

    name: Text
    """The locality's name."""
    practices: list[Text] = []
    """Codes of the member practices in it."""


class CcgDocument(_Model):
    """A CCG's constitution and configuration as it stood on ``as_of``."""

    format: Annotated[Literal["ccg-document/1"], Choice]
    """The document format, ``ccg-document/1``."""
    as_of: Day
    """The date the document speaks for; it selects the rules in force."""
    ccg: Identity
    """Who the CCG is: its name, organisation code and establishment."""
    area: Area | None = None
    """The area the constitution specifies."""
    practices: list[Practice] = []
    """The member practices."""
    population: Population | None = None
    """Population figures."""
    people: list[Person] = []
    """Everyone the document names, defined once and referred to by ``id``."""
    governing_body: GoverningBody | None = None
    """The governing body: its seats, who holds them, and vacancies."""
    committees: list[Committee] = []
    """The committees of the CCG and of its governing body."""
    conflicts_of_interest: ConflictsOfInterest | None = None
    """How the CCG manages conflicts of interest: registers, policy, declarations."""
    constitution: Constitution | None = None
    """The constitution itself."""
    clinical_advice: list[ClinicalAdvice] = []
    """Routes, other than the committees under ``committees``, for professional advice (s.14W)."""
    running_costs: RunningCosts | None = None
    """Planned running costs against the running cost allowance."""
    authorisation: Authorisation | None = None
    """The application for authorisation."""
    shared_arrangements: list[SharedArrangement] = []
    """Functions shared with other CCGs, which make a small CCG viable."""
    localities: list[Locality] = []
    """The CCG's localities, which keep a large CCG in touch with its practices."""
    board_decisions: BoardDecisions | None = None
    """For the assessor: the Board's decisions, so a re-assessment can say which conditions are met."""
