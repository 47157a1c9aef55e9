"""Random but schema-valid CCG documents, for differential and property tests.

The generator aims at the rules' boundaries: governing bodies of 4 to 8 seats, roles
that overlap or go missing, people with and without registrations, employers that do
and do not serve the population, declarations on either side of the 12-month line,
dangling references, councillors, foundation trust roles, populations around 50,000
and 100,000.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import yaml

ROLES = [
    "chair", "deputy_chair", "accountable_officer", "chief_finance_officer", "lay_governance",
    "lay_ppi", "lay_other", "registered_nurse", "secondary_care_specialist", "gp",
    "other_clinician", "other",
]
EXPERTISE = ["financial_management_and_audit", "knowledge_of_area", "patient_and_public_involvement"]
COMMITTEE_KINDS = ["audit", "remuneration", "quality", "primary_care_commissioning", "other"]


def _date_near(rng: random.Random, as_of: dt.date, months: int) -> dt.date:
    """A date about ``months`` before ``as_of``, within a few days either side."""
    base = as_of - dt.timedelta(days=round(months * 30.44))
    return base + dt.timedelta(days=rng.randint(-8, 8))


def _person(rng: random.Random, pid: str, as_of: dt.date) -> dict[str, Any]:
    person: dict[str, Any] = {"id": pid, "name": f"Person {pid}"}
    regs = []
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        body = rng.choice(["GMC", "GMC", "NMC", "HCPC"])
        kind = {"GMC": rng.choice(["gp", "specialist", "specialist_eligible", "general"]),
                "NMC": "nursing", "HCPC": "other"}[body]
        reg: dict[str, Any] = {"body": body, "kind": kind}
        if rng.random() < 0.3:
            reg["until"] = _date_near(rng, as_of, rng.choice([12, 119, 121, 130]))
        regs.append(reg)
    if regs:
        person["registrations"] = regs
    if rng.random() < 0.4:
        person["qualifications"] = [{"kind": rng.choice(["accountancy", "audit", "other"]), "body": "CIPFA"}]
    person["expertise"] = rng.sample(EXPERTISE, rng.randint(0, 2))
    if rng.random() < 0.7:
        person["employer"] = {
            "name": f"Employer of {pid}",
            "kind": rng.choice(["ccg", "nhs_trust", "foundation_trust", "university", "member_practice"]),
            "provides_services_to_population": rng.random() < 0.3,
        }
    for flag in ("ccg_employee", "local_authority_councillor"):
        roll = rng.random()
        if roll < 0.25:
            person[flag] = True
        elif roll < 0.6:
            person[flag] = False
    if rng.random() < 0.15:
        aff: dict[str, Any] = {
            "organisation": "Example NHS Foundation Trust",
            "kind": rng.choice(["foundation_trust", "nhs_trust", "local_authority"]),
            "role": rng.choice(["governor", "member", "employee", "director"]),
        }
        if rng.random() < 0.3:
            aff["until"] = _date_near(rng, as_of, 6)
        person["affiliations"] = [aff]
    return person


def document(seed: int) -> dict[str, Any]:
    """Return a random valid CCG document (as plain data) for ``seed``."""
    rng = random.Random(seed)
    as_of = dt.date(2013, 1, 15) + dt.timedelta(days=rng.randint(0, 600))
    n_people = rng.randint(3, 10)
    ids = [f"p{i}" for i in range(n_people)]
    people = [_person(rng, pid, as_of) for pid in ids]
    if rng.random() < 0.1:
        people.append(_person(rng, ids[0], as_of))  # a duplicate id
    seats = []
    for _ in range(rng.randint(3, 8)):
        person = rng.choice(ids) if rng.random() > 0.05 else "ghost"
        roles = rng.sample(ROLES, rng.choice([1, 1, 1, 2, 2, 3]))
        seats.append({"person": person, "roles": roles})
    decls = []
    for pid in ids + (["ghost2"] if rng.random() < 0.1 else []):
        for _ in range(rng.choice([0, 1, 1, 2])):
            decl: dict[str, Any] = {"person": pid, "declared": _date_near(rng, as_of, rng.choice([1, 11, 12, 13, 24]))}
            if rng.random() < 0.3:
                decl["reviewed"] = _date_near(rng, as_of, rng.choice([1, 12, 14]))
            decls.append(decl)
    committees = []
    for i in range(rng.randint(0, 4)):
        members = rng.sample(ids, rng.randint(0, min(4, n_people)))
        if rng.random() < 0.1:
            members.append("nobody")
        committee: dict[str, Any] = {"id": f"c{i}", "name": f"Committee {i}",
                                     "kind": rng.choice(COMMITTEE_KINDS), "members": members}
        if rng.random() < 0.8:
            committee["chair"] = rng.choice(ids + ["stranger"])
        committees.append(committee)
    doc: dict[str, Any] = {
        "format": "ccg-document/1",
        "as_of": as_of,
        "ccg": {"name": f"NHS Sample {seed} Clinical Commissioning Group"},
        "people": people,
        "governing_body": {"members": seats},
        "committees": committees,
        "conflicts_of_interest": {"declarations": decls},
    }
    if rng.random() < 0.9:
        doc["population"] = {"registered": rng.choice([30_000, 49_999, 50_000, 75_000, 99_999, 100_000, 250_000])}
    return doc


def document_bytes(seed: int) -> bytes:
    """The document for ``seed`` as YAML bytes (block style, so lines are meaningful)."""
    return yaml.safe_dump(document(seed), sort_keys=False, default_flow_style=False).encode()
