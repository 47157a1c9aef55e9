"""Reg 11(6) of SI 2012/1631: whether the secondary care specialist's three conditions held on one day.

A secondary care specialist must, at some time in the 10 years ending with the date of
appointment, have been (a) on the GMC Specialist Register (or eligible for it), (b) in a
post as an NHS consultant or in a medical specialty in the armed forces and (c) not on the
GP Register, all at once. That is a question about intervals no rule step can ask, so it
is answered here, once, in Python, as facts of the derived type
`ccg_rules.fact_types.SPECIALIST_WINDOW` that every engine then matches like any other (see
that constant for the fields and the day-counting rule).

The window runs from ``appointed - 10 years`` to ``appointed``, both included, the
project's reading of "the period of 10 years ending with" a day (docs/writing-rules.md,
the calendar rule), the same window as REG-11-07, REG-11-07B and REG-11-07D.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from ccg_rules.engines.base import Fact
from ccg_rules.fact_types import SPECIALIST_WINDOW
from ccg_rules.rules.dates import add_period

SPECIALIST_KINDS = frozenset({"specialist", "specialist_eligible"})
"""GMC register kinds that meet reg 11(6)(a)."""
POST_KINDS = frozenset({"nhs_consultant", "armed_forces_specialty"})
"""Post kinds that meet reg 11(6)(b)."""

Span = tuple[int, int]  # first and last day held, both included


def _span(fact: Fact, first: int, last: int) -> Span:
    since, until = fact.get("since"), fact.get("until")
    return (since if isinstance(since, int) else first, until if isinstance(until, int) else last)


def _on(spans: Sequence[Span], day: int) -> bool:
    return any(a <= day <= b for a, b in spans)


def _window(seat: Fact, person: Fact, regs: Sequence[Fact], posts: Sequence[Fact]) -> Fact:
    last = seat["appointed"]
    assert isinstance(last, int)
    first = add_period(last, "years", -10)
    gmc = [r for r in regs if r.get("body") == "GMC"]
    spec_facts = [r for r in gmc if r.get("kind") in SPECIALIST_KINDS]
    gp_facts = [r for r in gmc if r.get("kind") == "gp"]
    post_facts = [p for p in posts if p.get("kind") in POST_KINDS]
    spec = [_span(f, first, last) for f in spec_facts]
    gp = [_span(f, first, last) for f in gp_facts]
    held = [_span(f, first, last) for f in post_facts]
    # Each condition changes only on a since day or the day after an until day, so the
    # window's first day and those days are the only ones to look at.
    days = {first} | {d for a, b in (*spec, *gp, *held) for d in (a, b + 1) if first <= d <= last}
    specialist = post = not_gp = False
    first_day: int | None = None
    for day in sorted(days):
        s, p, g = _on(spec, day), _on(held, day), not _on(gp, day)
        specialist, post, not_gp = specialist or s, post or p, not_gp or g
        if s and p and g and first_day is None:
            first_day = day
    out: dict[str, object] = {
        "$type": SPECIALIST_WINDOW,
        "$path": f"$derived/specialist_window{seat['$path']}",
        "$parent": seat["$path"],
        "$index": 0,
        "person": person["id"],
        "appointed": last,
        "window_from": first,
        "dated": all("since" in f for f in (*spec_facts, *gp_facts, *post_facts)),
        "specialist": specialist,
        "post": post,
        "not_gp": not_gp,
        "together": first_day is not None,
    }
    if first_day is not None:
        out["first_day"] = first_day
    return out


def specialist_windows(by_type: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    """One `ccg_rules.fact_types.SPECIALIST_WINDOW` fact per secondary care specialist seat.

    Args:
        by_type: A document's facts by ``$type``.

    Returns:
        A fact for each ``governing_body.members`` seat with the role
        ``secondary_care_specialist``, an ``appointed`` date and a person the document
        defines, in the seats' order.
    """
    people: dict[object, Fact] = {}
    for f in by_type.get("people", ()):
        people.setdefault(f.get("id"), f)  # the first of a repeated id, as references resolve
    children: dict[tuple[str, object], list[Fact]] = defaultdict(list)
    for name in ("people.registrations", "people.posts"):
        for f in by_type.get(name, ()):
            children[(name, f["$parent"])].append(f)
    out: list[Fact] = []
    for seat in by_type.get("governing_body.members", ()):
        roles = seat.get("roles")
        person = people.get(seat.get("person"))
        specialist = isinstance(roles, tuple) and "secondary_care_specialist" in roles
        if not specialist or "appointed" not in seat or person is None:
            continue
        path = person["$path"]
        regs, posts = children[("people.registrations", path)], children[("people.posts", path)]
        out.append(_window(seat, person, regs, posts))
    return out
