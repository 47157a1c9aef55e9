"""A typical CCG document for benchmarks, and scaled-up versions of it.

At scale 1: 40 member practices, 15 governing body members, 60 declarations of
interests, 6 committees. Scale N multiplies every collection by N, so joins and counts
grow with it (a quadratic join would show as a 100x document taking ~10,000x as long).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

_ROLES = [
    ["chair", "gp"],
    ["deputy_chair", "lay_ppi"],
    ["accountable_officer"],
    ["chief_finance_officer"],
    ["lay_governance"],
    ["registered_nurse"],
    ["secondary_care_specialist"],
    ["gp"],
    ["gp"],
    ["gp"],
    ["gp"],
    ["other_clinician"],
    ["lay_other"],
    ["practice_representative"],
    ["other"],
]


def typical_document(scale: int = 1, seed: int = 0) -> dict[str, Any]:
    """Return a mostly compliant document with its collections multiplied by ``scale``."""
    rng = random.Random(seed)
    as_of = dt.date(2013, 1, 15)
    practices = [
        {
            "code": f"Z{80000 + i}",
            "name": f"Practice {i}",
            "list_size": rng.randint(2500, 14000),
            "contract": rng.choice(["GMS", "PMS", "APMS"]),
            "signed_up": True,
            "in_area": True,
        }
        for i in range(40 * scale)
    ]
    registered = sum(p["list_size"] for p in practices)
    people: list[dict[str, Any]] = []
    seats = []
    for i in range(15 * scale):
        roles = _ROLES[i % len(_ROLES)] if i < len(_ROLES) else ["gp"]
        person: dict[str, Any] = {"id": f"p{i}", "name": f"Member {i}", "expertise": []}
        if "gp" in roles or "chair" in roles:
            person["registrations"] = [{"body": "GMC", "kind": "gp", "since": dt.date(2001, 8, 1)}]
        if "registered_nurse" in roles:
            person["registrations"] = [{"body": "NMC", "kind": "nursing"}]
            person["employer"] = {
                "name": "University",
                "kind": "university",
                "provides_services_to_population": False,
            }
        if "secondary_care_specialist" in roles:
            person["registrations"] = [{"body": "GMC", "kind": "specialist"}]
            person["employer"] = {
                "name": "Far Trust",
                "kind": "foundation_trust",
                "provides_services_to_population": False,
            }
        if "chief_finance_officer" in roles:
            person["qualifications"] = [{"kind": "accountancy", "body": "CIPFA"}]
            person["ccg_employee"] = True
        if "accountable_officer" in roles:
            person["ccg_employee"] = True
        if "lay_governance" in roles:
            person["expertise"] = ["financial_management_and_audit"]
            person["category"] = "lay"
        if "lay_ppi" in roles:
            person["expertise"] = ["knowledge_of_area", "patient_and_public_involvement"]
            person["category"] = "lay"
        people.append(person)
        seats.append(
            {
                "person": person["id"],
                "roles": roles,
                "appointed": dt.date(2012, 10, 1),
                "term_ends": dt.date(2015, 9, 30),
            }
        )
    for i in range(15 * scale, 20 * scale):
        people.append({"id": f"p{i}", "name": f"Committee member {i}"})
    ids = [p["id"] for p in people]
    declarations = []
    for i in range(60 * scale):
        pid = ids[i % len(ids)]
        declarations.append(
            {
                "person": pid,
                "declared": as_of - dt.timedelta(days=rng.randint(10, 300)),
                "interests": [{"kind": "financial", "organisation": f"Org {i}"}] if i % 3 else [],
                "nil_return": i % 3 == 0,
            }
        )
    committees = [
        {
            "id": f"c{i}",
            "name": f"Committee {i}",
            "kind": kind,
            "chair": ids[i % len(ids)],
            "members": rng.sample(ids, min(5, len(ids))),
        }
        for i, kind in enumerate(["audit", "remuneration", "quality", "finance", "other", "other"] * scale)
    ]
    return {
        "format": "ccg-document/1",
        "as_of": as_of,
        "ccg": {
            "name": "NHS Benchmark Clinical Commissioning Group",
            "ods_code": "99B",
            "established": dt.date(2012, 4, 1),
        },
        "area": {
            "description": "A unitary authority",
            "map_included": True,
            "local_authorities": [{"name": "Benchmark Council", "kind": "unitary"}],
        },
        "practices": practices,
        "population": {
            "registered": registered,
            "resident": registered,
            "registered_resident_in_area": int(registered * 0.93),
            "resident_registered_with_members": int(registered * 0.94),
        },
        "people": people,
        "governing_body": {"members": seats},
        "committees": committees,
        "conflicts_of_interest": {
            "interests_register": {"published": True, "last_reviewed": as_of - dt.timedelta(days=40)},
            "policy": {"adopted": dt.date(2012, 9, 1)},
            "declarations": declarations,
        },
        "running_costs": {
            "financial_year": "2013/14",
            "planned": registered * 24.0,
            "allowance_per_head": 25,
        },
    }
