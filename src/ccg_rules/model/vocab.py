"""The closed vocabularies of the CCG document: every choice a field allows, as a type."""

from __future__ import annotations

from typing import Annotated, Literal

from ccg_rules.model.types import Choice

LocalAuthorityKind = Annotated[
    Literal["unitary", "county", "district", "metropolitan", "london_borough"], Choice
]
ContractType = Annotated[Literal["GMS", "PMS", "APMS"], Choice]
Role = Annotated[
    Literal[
        "chair",
        "deputy_chair",
        "accountable_officer",
        "chief_finance_officer",
        "lay_governance",
        "lay_ppi",
        "lay_other",
        "registered_nurse",
        "secondary_care_specialist",
        "gp",
        "other_clinician",
        "practice_representative",
        "other",
    ],
    Choice,
]
RecruitmentStatus = Annotated[Literal["in_progress", "not_started"], Choice]
ProviderLinkKind = Annotated[Literal["gp_federation", "provider_company"], Choice]
RegistrationBody = Annotated[Literal["GMC", "NMC", "HCPC", "GDC", "GPhC", "GOC", "other"], Choice]
RegisterKind = Annotated[
    Literal["general", "specialist", "gp", "specialist_eligible", "nursing", "midwifery", "other"],
    Choice,
]
PostKind = Annotated[Literal["nhs_consultant", "armed_forces_specialty", "other"], Choice]
QualificationKind = Annotated[Literal["accountancy", "audit", "legal", "clinical", "other"], Choice]
Expertise = Annotated[
    Literal[
        "financial_management_and_audit",
        "knowledge_of_area",
        "patient_and_public_involvement",
        "commissioning",
        "clinical",
        "other",
    ],
    Choice,
]
EmployerKind = Annotated[
    Literal[
        "ccg",
        "member_practice",
        "nhs_trust",
        "foundation_trust",
        "local_authority",
        "department_of_health",
        "nhs_body",
        "primary_care_trust",
        "care_quality_commission",
        "monitor",
        "commissioning_support",
        "social_services_contractor",
        "primary_care_contractor",
        "independent_provider",
        "voluntary_sector",
        "university",
        "armed_forces",
        "self_employed",
        "other",
    ],
    Choice,
]
AffiliationRole = Annotated[
    Literal["chair", "director", "governor", "member", "employee", "partner", "shareholder", "contractor"],
    Choice,
]
HistoryKind = Annotated[
    Literal[
        "conviction",
        "bankruptcy_restrictions",
        "dismissal",
        "removed_from_register",
        "removed_from_performers_list",
        "director_disqualification",
        "charity_trustee_removal",
        "office_terminated",
    ],
    Choice,
]
CommitteeKind = Annotated[
    Literal[
        "audit",
        "remuneration",
        "primary_care_commissioning",
        "quality",
        "finance",
        "clinical_advisory",
        "joint",
        "other",
    ],
    Choice,
]
ClinicalAdviceRoute = Annotated[
    Literal["clinical_senate", "clinical_network", "named_adviser", "committee", "other"], Choice
]
RegisterCoverage = Annotated[Literal["members", "governing_body", "committees", "employees"], Choice]
InterestKind = Annotated[
    Literal["financial", "non_financial_professional", "non_financial_personal", "indirect"],
    Choice,
]
PersonCategory = Annotated[Literal["lay", "gp", "clinician", "executive", "other"], Choice]
CoCommissioning = Annotated[Literal["none", "greater_involvement", "joint", "delegated"], Choice]
GiftKind = Annotated[Literal["gift", "hospitality"], Choice]
GiftSource = Annotated[Literal["supplier", "other"], Choice]
EvidenceKind = Annotated[
    Literal[
        "constitution",
        "complaints_policy",
        "safeguarding_policy",
        "patient_feedback_arrangements",
        "register_of_interests",
        "conflicts_of_interest_policy",
        "information_governance_assessment",
        "quality_reports",
        "configuration_assessment",
        "local_authority_support_letter",
        "financial_plan",
        "commissioning_plan",
        "commissioning_support_arrangements",
    ],
    Choice,
]
SectionKind = Annotated[
    Literal[
        "introduction",
        "area",
        "membership",
        "mission_values_aims",
        "functions_and_duties",
        "decision_making",
        "roles_and_responsibilities",
        "conduct_and_conflicts",
        "group_as_employer",
        "transparency_and_standing_orders",
        "definitions",
        "member_practice_list",
        "standing_orders",
        "scheme_of_reservation_and_delegation",
        "prime_financial_policies",
        "nolan_principles",
        "nhs_constitution_principles",
        "committee_terms_of_reference",
    ],
    Choice,
]
ProvisionKind = Annotated[
    Literal[
        "name",
        "members",
        "area",
        "arrangements_for_functions",
        "employee_terms_and_conditions",
        "decision_making_procedure",
        "transparency_of_decisions",
        "conflicts_of_interest_arrangements",
        "effective_member_participation",
        "public_involvement_arrangements",
        "public_involvement_principles",
        "governing_body_functions",
        "general_duties",
        "amendment_procedure",
    ],
    Choice,
]
