"""The reg 11(6) window facts (``derived.specialist_window``) against a day-by-day oracle.

`ccg_rules.engines.windows` looks only at the days on which some condition can change.
Here an oracle written from the text walks every day of the 10 years ending with the
appointment and asks of each whether the person was on the specialist register, in a
qualifying post and off the GP register; the two must agree on every generated history,
and on the hand-made boundary cases below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from ccg_rules.engines.base import Fact
from ccg_rules.engines.windows import specialist_windows
from ccg_rules.fact_types import SPECIALIST_WINDOW
from ccg_rules.rules.dates import add_period

APPOINTED = dt.date(2012, 10, 1).toordinal()
FIRST = dt.date(2002, 10, 1).toordinal()  # ten years before, the window's first day
PERSON = "/people/0"
SEAT = "/governing_body/members/0"


def _facts(regs: Sequence[dict[str, object]], posts: Sequence[dict[str, object]], appointed: int) -> dict[str, list[Fact]]:
    def child(kind: str, i: int, fields: dict[str, object]) -> Fact:
        return {"$type": kind, "$path": f"{PERSON}/{kind.split('.')[1]}/{i}", "$parent": PERSON, "$index": i, **fields}

    return {
        "people": [{"$type": "people", "$path": PERSON, "$parent": "", "$index": 0, "id": "p-a"}],
        "people.registrations": [child("people.registrations", i, r) for i, r in enumerate(regs)],
        "people.posts": [child("people.posts", i, p) for i, p in enumerate(posts)],
        "governing_body.members": [
            {
                "$type": "governing_body.members",
                "$path": SEAT,
                "$parent": "",
                "$index": 0,
                "person": "p-a",
                "roles": ("secondary_care_specialist",),
                "appointed": appointed,
            }
        ],
    }


def _holds(entry: dict[str, object], day: int) -> bool:
    since, until = entry.get("since"), entry.get("until")
    return (not isinstance(since, int) or since <= day) and (not isinstance(until, int) or day <= until)


def _oracle(regs: Sequence[dict[str, object]], posts: Sequence[dict[str, object]], appointed: int) -> dict[str, object]:
    first = add_period(appointed, "years", -10)
    spec = [r for r in regs if r["body"] == "GMC" and r["kind"] in ("specialist", "specialist_eligible")]
    gp = [r for r in regs if r["body"] == "GMC" and r["kind"] == "gp"]
    held = [p for p in posts if p["kind"] in ("nhs_consultant", "armed_forces_specialty")]
    days = [
        (any(_holds(r, d) for r in spec), any(_holds(p, d) for p in held), not any(_holds(r, d) for r in gp), d)
        for d in range(first, appointed + 1)
    ]
    together = [d for s, p, g, d in days if s and p and g]
    return {
        "specialist": any(s for s, _, _, _ in days),
        "post": any(p for _, p, _, _ in days),
        "not_gp": any(g for _, _, g, _ in days),
        "together": bool(together),
        "first_day": together[0] if together else None,
        "window_from": first,
    }


def _window(regs: Sequence[dict[str, object]], posts: Sequence[dict[str, object]], appointed: int = APPOINTED) -> Fact:
    (fact,) = specialist_windows(_facts(regs, posts, appointed))
    return fact


def test_the_fact_names_its_seat_and_window() -> None:
    fact = _window([{"body": "GMC", "kind": "specialist", "since": FIRST}], [{"kind": "nhs_consultant", "since": FIRST}])
    assert fact["$type"] == SPECIALIST_WINDOW
    assert fact["$parent"] == SEAT
    assert (fact["person"], fact["appointed"], fact["window_from"]) == ("p-a", APPOINTED, FIRST)
    assert (fact["dated"], fact["together"], fact["first_day"]) == (True, True, FIRST)


def test_one_shared_day_is_enough_and_the_day_before_the_window_is_not() -> None:
    reg = {"body": "GMC", "kind": "specialist", "since": FIRST - 900, "until": FIRST}
    assert _window([reg], [{"kind": "nhs_consultant", "since": FIRST}])["first_day"] == FIRST
    early = {**reg, "until": FIRST - 1}
    fact = _window([early], [{"kind": "nhs_consultant", "since": FIRST - 1}])
    assert (fact["specialist"], fact["post"], fact["together"]) == (False, True, False)
    assert "first_day" not in fact


def test_29_february_counts_back_to_28_february() -> None:
    appointed = dt.date(2024, 2, 29).toordinal()
    first = dt.date(2014, 2, 28).toordinal()
    reg = {"body": "GMC", "kind": "specialist", "until": first}
    fact = _window([reg], [{"kind": "armed_forces_specialty", "since": first - 10, "until": first}], appointed)
    assert (fact["window_from"], fact["first_day"], fact["dated"]) == (first, first, False)


def test_only_specialist_seats_with_an_appointment_and_a_person_get_a_fact() -> None:
    facts = _facts([], [], APPOINTED)
    seat = facts["governing_body.members"][0]
    facts["governing_body.members"] = [
        {**seat, "$path": "/governing_body/members/0", "roles": ("registered_nurse",)},
        {**seat, "$path": "/governing_body/members/1", "appointed": None},
        {**seat, "$path": "/governing_body/members/2", "person": "p-nobody"},
        {**seat, "$path": "/governing_body/members/3"},
    ]
    del facts["governing_body.members"][1]["appointed"]
    assert [f["$parent"] for f in specialist_windows(facts)] == ["/governing_body/members/3"]


_day = st.integers(FIRST - 400, APPOINTED + 400)


@st.composite
def _entry(draw: st.DrawFn, kinds: Sequence[tuple[str | None, str]]) -> dict[str, object]:
    body, kind = draw(st.sampled_from(kinds))
    out: dict[str, object] = {"kind": kind} if body is None else {"body": body, "kind": kind}
    since, until = draw(st.one_of(st.none(), _day)), draw(st.one_of(st.none(), _day))
    if since is not None:
        out["since"] = since
    if until is not None:
        out["until"] = until
    return out


_REGS = [("GMC", "specialist"), ("GMC", "specialist_eligible"), ("GMC", "gp"), ("GMC", "general"), ("NMC", "gp")]
_POSTS = [(None, "nhs_consultant"), (None, "armed_forces_specialty"), (None, "other")]


@given(st.lists(_entry(_REGS), max_size=4), st.lists(_entry(_POSTS), max_size=3))
def test_agrees_with_a_day_by_day_oracle(regs: list[dict[str, object]], posts: list[dict[str, object]]) -> None:
    fact = _window(regs, posts)
    expected = _oracle(regs, posts, APPOINTED)
    got = {k: fact.get(k) for k in expected}
    assert got == expected
    relevant = [r for r in regs if r["body"] == "GMC" and r["kind"] != "general"]
    relevant += [p for p in posts if p["kind"] != "other"]
    assert fact["dated"] == all("since" in e for e in relevant)
