"""Every key of the document schemas carries a description, for editors to show on hover.

The descriptions come from the models' field docstrings (``use_attribute_docstrings``). A
property whose only content is a ``$ref`` is described by the definition it points at,
which is what editors show for it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"

NOT_YET: dict[str, str] = {}
"""Properties known to lack a description, with the reason; keep it empty when you can."""


def _described(node: dict[str, Any], defs: dict[str, Any]) -> bool:
    if "description" in node:
        return True
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return "description" in defs.get(ref.removeprefix("#/$defs/"), {})
    return False


def _undescribed(schema: dict[str, Any]) -> list[str]:
    defs: dict[str, Any] = schema.get("$defs", {})
    owners = [("<root>", schema), *defs.items()]
    return [
        f"{owner}.{key}"
        for owner, node in owners
        for key, prop in node.get("properties", {}).items()
        if not _described(prop, defs)
    ]


@pytest.mark.parametrize("name", ["ccg-document.schema.json", "icb-document.schema.json"])
def test_every_property_has_a_description(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    missing = [key for key in _undescribed(schema) if key not in NOT_YET]
    assert missing == [], f"{name}: properties without a description (write the field's docstring): {missing}"


def test_the_known_gaps_are_still_gaps() -> None:
    # an entry that has gained a description should leave NOT_YET
    found = set()
    for name in ("ccg-document.schema.json", "icb-document.schema.json"):
        found |= set(_undescribed(json.loads((SCHEMAS / name).read_text(encoding="utf-8"))))
    assert set(NOT_YET) <= found, sorted(set(NOT_YET) - found)


def test_the_fields_users_asked_about_are_explained() -> None:
    schema = json.loads((SCHEMAS / "ccg-document.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]
    for owner, key, phrase in [
        ("Person", "category", "lay"),
        ("GoverningBodyMember", "voting", "without a vote"),
        ("Affiliation", "provides_services_to_ccg", "Schedule 4"),
        ("HistoryEvent", "date", "appointed"),
        ("HistoryEvent", "dismissed_by_nhs_body", "Sch 5 para 6"),
        ("Registration", "until", "appointed"),
        ("Post", "kind", "armed_forces_specialty"),
        ("Interest", "aware", "28 days"),
    ]:
        assert phrase in defs[owner]["properties"][key]["description"], (owner, key)
