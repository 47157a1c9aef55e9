"""Random ICB documents for the differential test: every part the ICB rules look at varies."""

from __future__ import annotations

import datetime as dt
import random
from typing import get_args

import yaml

from ccg_rules.model.icb import BoardRole

# Every board role the format allows, in the order the model lists them.
ROLES = list(get_args(get_args(BoardRole)[0]))
APPOINTERS = ["nhs_england", "chair", "chief_executive", "board", "secretary_of_state", "other"]
NOMINATORS = ["nhs_trusts_and_foundation_trusts", "primary_medical_services", "local_authorities", "other"]
PROVISIONS = ["name", "area", "private_sector_independence_bar", "board_membership", "chair_removal"]
PROVISIONS += ["publication_and_transparency", "conflicts_of_interest_arrangements"]
COVERAGE = ["board_members", "committee_members", "employees"]


def _extras(rng: random.Random, doc: dict[str, object]) -> None:
    """Vary the fields added after the first ICB rules, from a second random stream.

    A stream of its own keeps the documents the older rules were tuned on as they were.
    """
    board = doc.get("board")
    for seat in board["members"] if isinstance(board, dict) else []:
        if "chair" in seat["roles"] or rng.random() < 0.1:
            if rng.random() < 0.6:
                seat["removable_by"] = rng.sample(["nhs_england"] * 3 + APPOINTERS, rng.randint(1, 2))
            if rng.random() < 0.6:
                seat["removal_approved_by"] = rng.sample(["secretary_of_state", "board"], rng.randint(0, 2))
        if rng.random() < 0.5:
            seat["mental_health_expertise"] = rng.random() < 0.5
    coi = doc["conflicts_of_interest"]
    assert isinstance(coi, dict)
    register = coi.get("interests_register")
    if isinstance(register, dict) and rng.random() < 0.6:
        register["covers"] = rng.sample(COVERAGE, rng.randint(1, 3))
    for declaration in coi["declarations"]:
        if rng.random() < 0.3:
            declared = declaration["declared"]
            aware = declared - dt.timedelta(days=rng.choice([0, 27, 28, 29, 60]))
            interest = {"kind": "financial", "organisation": "Example Ltd", "aware": aware}
            declaration.pop("nil_return")
            declaration["interests"] = [interest]
    constitution = doc.get("constitution")
    if isinstance(constitution, dict) and rng.random() < 0.8:
        constitution["published"] = rng.random() < 0.75


def _seat(rng: random.Random, person: str, first: str | None) -> dict[str, object]:
    roles = [first] if first else []
    roles += rng.sample(ROLES, rng.choice([0, 1, 1, 2]))
    seat: dict[str, object] = {"person": person, "roles": sorted(set(roles)) or ["other"]}
    if rng.random() < 0.8:
        seat["appointed_by"] = rng.choice(APPOINTERS[:2] * 3 + APPOINTERS)
    if rng.random() < 0.7:
        seat["approved_by"] = rng.sample(["nhs_england", "secretary_of_state"], rng.randint(0, 2))
    if "partner_member" in seat["roles"] or rng.random() < 0.2:  # type: ignore[operator]
        seat["nominated_by"] = rng.choice(NOMINATORS)
    if rng.random() < 0.75:
        seat["employment"] = rng.choice(["employee", "employee", "secondee", "not_employed"])
    return seat


def document(seed: int, as_of: dt.date) -> dict[str, object]:
    """A valid ``icb-document/1`` document, the same for the same seed and date."""
    rng = random.Random(seed)
    n = rng.randint(0, 12)
    people = [{"id": f"p-{i}", "name": f"Person {i}"} for i in range(n + 1)]
    firsts = ["chair", "chief_executive", "director_of_finance", "medical_director", "director_of_nursing"]
    firsts += ["non_executive", "non_executive", "partner_member", "partner_member", "partner_member"]
    seats = [
        _seat(rng, f"p-{i}", firsts[i] if i < len(firsts) and rng.random() < 0.85 else None) for i in range(n)
    ]
    doc: dict[str, object] = {
        "format": "icb-document/1",
        "as_of": as_of,
        "icb": {"name": f"NHS Test {seed} ICB"},
    }
    doc["people"] = people
    if seats or rng.random() < 0.5:
        doc["board"] = {"members": seats}
    committees = []
    for j, kind in enumerate(rng.sample(["audit", "remuneration", "quality", "finance"], rng.randint(0, 4))):
        committee: dict[str, object] = {"id": f"c-{j}", "name": f"Committee {j}", "kind": kind}
        deputies = [str(seat["person"]) for seat in seats if "deputy_chair" in seat["roles"]]  # type: ignore[operator]
        if deputies and rng.random() < 0.3:  # a deputy chair who also chairs a committee
            committee["chair"] = rng.choice(deputies)
        elif rng.random() < 0.85:
            committee["chair"] = f"p-{rng.randint(0, n)}"
        committees.append(committee)
    doc["committees"] = committees
    coi: dict[str, object] = {}
    if rng.random() < 0.8:
        coi["interests_register"] = {"published": rng.random() < 0.7} if rng.random() < 0.9 else {}
    coi["declarations"] = [
        {"person": f"p-{i}", "declared": as_of - dt.timedelta(days=rng.randint(0, 400)), "nil_return": True}
        for i in range(n + 1)
        if rng.random() < 0.85
    ]
    doc["conflicts_of_interest"] = coi
    if rng.random() < 0.9:
        doc["constitution"] = {"provisions": [p for p in PROVISIONS if rng.random() < 0.8]}
    _extras(random.Random(f"extras-{seed}"), doc)
    return doc


def document_bytes(seed: int, as_of: dt.date) -> bytes:
    """`document` as YAML bytes."""
    return yaml.safe_dump(document(seed, as_of), sort_keys=False).encode()
