"""The CCG document: a clinical commissioning group's constitution and configuration.

One YAML file describes one CCG as it stood on one date (``as_of``). People are defined
once under ``people`` and referred to by ``id`` everywhere else (governing body seats,
committees, declarations of interests, the conflicts of interest guardian).

The model checks *shape*: types, allowed values, unknown keys. Whether the content meets
the law (a governing body of at least six, a registered nurse, current declarations, ...)
is for the rulesets, which cite their sources; so almost every section is optional here,
and a missing section is a finding of a rule rather than a schema error.
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
    ods_code: Text | None = None
    established: Day | None = None
    primary_care_commissioning: CoCommissioning | None = None


class LocalAuthority(_Model):
    """A local authority whose area the CCG's area overlaps."""

    name: Text
    kind: LocalAuthorityKind
    code: Text | None = None


class Area(_Model):
    """The area the constitution specifies."""

    description: Text | None = None
    local_authorities: list[LocalAuthority] = []
    boundary_justification: Text | None = None
    map_included: Flag | None = None


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
    name: Text
    list_size: WholeNumber | None = None
    contract: ContractType | None = None
    signed_up: Flag | None = None
    in_area: Flag | None = None
    provider_links: list[ProviderLink] = []
    """GP federations and provider companies through which the practice also provides services."""


class Population(_Model):
    """Population figures for the CCG."""

    registered: WholeNumber | None = None
    resident: WholeNumber | None = None
    registered_resident_in_area: WholeNumber | None = None
    resident_registered_with_members: WholeNumber | None = None


class GoverningBodyMember(_Model):
    """A seat on the governing body, held by a person in one or more roles."""

    person: PersonRef
    roles: Annotated[list[Role], Field(min_length=1)]
    appointed: Day | None = None
    term_ends: Day | None = None
    voting: Flag | None = None


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
    meets_in_public: Flag | None = None
    vacancies: list[Vacancy] = []
    """Seats provided for but vacant today, with the state of recruitment to each."""


class Committee(_Model):
    """A committee of the CCG or of its governing body."""

    id: Id
    name: Text
    kind: CommitteeKind
    chair: PersonRef | None = None
    members: list[PersonRef] = []
    quorum: WholeNumber | None = None
    meets_in_public: Flag | None = None
    publishes_minutes: Flag | None = None
    joint_with: list[Text] = []


class Interest(_Model):
    """One declared interest."""

    kind: InterestKind
    organisation: Text
    description: Text | None = None
    since: Day | None = None
    until: Day | None = None
    aware: Day | None = None
    """The day the person became aware of the interest (s.14O(3) NHS Act 2006: it must be
    declared as soon as they are aware and in any event within 28 days). Rule ACT-14O-03
    compares the declaration's ``declared`` date with it; when it is not recorded the
    rule cannot check the 28 days and ACT-14O-03B says so."""


class Declaration(_Model):
    """A person's declaration of interests, as entered in the register."""

    person: PersonRef
    declared: Day
    reviewed: Day | None = None
    nil_return: Flag | None = None
    interests: list[Interest] = []


class InterestsRegister(_Model):
    """The register of interests (NHS Act 2006 s.14O).

    Attributes:
        published: Whether the CCG publishes the register.
        available_on_request: Whether the CCG has arranged for members of the public to
            see the register on request; s.14O lets a CCG do this instead of publishing.
        url: Where the published register can be read.
        last_reviewed: The day the register as a whole was last reviewed.
        covers: Whose interests the register records: ``members`` (the member practices
            and those who act for them), ``governing_body``, ``committees`` (members of
            committees and sub-committees) and ``employees``. Leave it out when the
            document does not say.
    """

    published: Flag | None = None
    available_on_request: Flag | None = None
    url: Text | None = None
    last_reviewed: Day | None = None
    covers: list[RegisterCoverage] = []


class PublicRegister(_Model):
    """A register the CCG keeps and may publish (procurement decisions)."""

    kept: Flag | None = None
    published: Flag | None = None


class GiftEntry(_Model):
    """One gift or offer of hospitality entered in the register."""

    person: PersonRef
    kind: GiftKind
    source: GiftSource
    value: Amount
    date: Day
    accepted: Flag
    approved_by: PersonRef | None = None


class GiftsRegister(_Model):
    """The register of gifts and hospitality."""

    kept: Flag | None = None
    published: Flag | None = None
    entries: list[GiftEntry] = []


class Authorisation(_Model):
    """The CCG's application for authorisation."""

    wave: WaveNumber | None = None
    submitted: Day | None = None
    evidence: list[EvidenceKind] = []


class ConflictsPolicy(_Model):
    """The conflicts of interest policy."""

    adopted: Day | None = None
    breach_process: Flag | None = None
    breaches_published: Flag | None = None
    training_required: Flag | None = None
    annual_audit: Flag | None = None


class ConflictsOfInterest(_Model):
    """How the CCG manages conflicts of interest."""

    interests_register: InterestsRegister | None = None
    policy: ConflictsPolicy | None = None
    guardian: PersonRef | None = None
    declarations: list[Declaration] = []
    gifts_and_hospitality_register: GiftsRegister | None = None
    procurement_register: PublicRegister | None = None


class Constitution(_Model):
    """The constitution itself: when it was adopted and what it contains.

    Attributes:
        adopted: The day the constitution was adopted.
        version: The constitution's own version label.
        published: Whether the CCG publishes its constitution (NHS Act 2006 s.14J(1));
            leave it out when the document does not say.
        url: Where the published constitution can be read.
        sections: The sections it has, from the model constitution framework.
        provisions: The provisions it makes, from Schedule 1A and the general duties.
    """

    adopted: Day | None = None
    version: Text | None = None
    published: Flag | None = None
    url: Text | None = None
    sections: list[SectionKind] = []
    provisions: list[ProvisionKind] = []


class ClinicalAdvice(_Model):
    """A route by which the CCG obtains professional advice (NHS Act 2006 s.14W).

    s.14W(1) requires advice from people with a broad range of professional expertise in
    illness and in public health, but prescribes no mechanism, so any route counts.

    Attributes:
        route: How the advice is obtained: ``clinical_senate`` (the clinical senate for
            the area), ``clinical_network`` (a strategic clinical or operational network),
            ``named_adviser`` (a named person or body, such as the director of public
            health), ``committee`` (a committee not listed under ``committees``) or
            ``other``.
        description: Who gives the advice and how, in a sentence.
    """

    route: ClinicalAdviceRoute
    description: Text | None = None


class RunningCosts(_Model):
    """Planned running costs against the running cost allowance."""

    financial_year: Text | None = None
    planned: Amount | None = None
    allowance_per_head: Amount | None = None


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
    """A CCG's constitution and configuration as it stood on ``as_of``.

    Attributes:
        format: The document format, ``ccg-document/1``.
        as_of: The date the document speaks for; it selects the rules in force.
        clinical_advice: Routes, other than the committees listed under ``committees``,
            by which the CCG obtains professional advice (s.14W).
    """

    format: Annotated[Literal["ccg-document/1"], Choice]
    as_of: Day
    ccg: Identity
    area: Area | None = None
    practices: list[Practice] = []
    population: Population | None = None
    people: list[Person] = []
    governing_body: GoverningBody | None = None
    committees: list[Committee] = []
    conflicts_of_interest: ConflictsOfInterest | None = None
    constitution: Constitution | None = None
    clinical_advice: list[ClinicalAdvice] = []
    running_costs: RunningCosts | None = None
    authorisation: Authorisation | None = None
    shared_arrangements: list[SharedArrangement] = []
    """Functions shared with other CCGs, which make a small CCG viable."""
    localities: list[Locality] = []
    """The CCG's localities, which keep a large CCG in touch with its practices."""
    board_decisions: BoardDecisions | None = None
    """For the assessor: what the Board decided, so that a re-assessment can say which
    recorded conditions are now met."""
