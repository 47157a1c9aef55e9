"""Comparisons between two facts' fields, with an offset, on both engines.

``declared: {le: '$d.aware + 28 days'}`` compares a field with a field of the same or
a joined fact, moved by days, months or years. The calendar rule (documented in
docs/writing-rules.md) is checked first against a table of month ends and 29 February;
then rules written in the YAML language run on hand-made facts through the Python
engine, the durable engine and a plain oracle written here from that rule, which must
all agree, firing and passing on the day before, the day of and the day after each
boundary.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence

import pytest

from ccg_rules.engines.base import Match
from ccg_rules.engines.derive import derive
from ccg_rules.engines.python import PythonEngine
from ccg_rules.facts import fact_schema
from ccg_rules.rules.dates import add_period
from ccg_rules.rules.ir import CompiledRule, RulePlan, Shifted, Test
from ccg_rules.rules.language import parse_condition, resolve

D = dt.date
Fact = Mapping[str, object]

# (start, unit, amount, expected): the calendar rule, written out.
CALENDAR = [
    (D(2024, 2, 29), "years", -10, D(2014, 2, 28)),  # 10 years before 29 Feb 2024
    (D(2024, 2, 29), "years", 10, D(2034, 2, 28)),
    (D(2024, 2, 29), "years", -4, D(2020, 2, 29)),  # a leap year keeps the 29th
    (D(2023, 1, 31), "months", 1, D(2023, 2, 28)),  # the 31st plus a month: month end
    (D(2024, 1, 31), "months", 1, D(2024, 2, 29)),
    (D(2024, 3, 31), "months", -1, D(2024, 2, 29)),
    (D(2024, 3, 31), "months", -13, D(2023, 2, 28)),
    (D(2023, 3, 30), "months", 1, D(2023, 4, 30)),
    (D(2012, 12, 31), "months", 2, D(2013, 2, 28)),
    (D(2013, 1, 1), "months", -1, D(2012, 12, 1)),
    (D(2024, 2, 1), "days", 28, D(2024, 2, 29)),
    (D(2023, 2, 1), "days", 28, D(2023, 3, 1)),
    (D(2024, 3, 1), "days", -1, D(2024, 2, 29)),
    (D(1, 1, 5), "days", -10, D(1, 1, 1)),  # clamped to the first representable day
    (D(5, 6, 1), "years", -10, D(1, 1, 1)),
    (D(9999, 12, 1), "months", 2, D(9999, 12, 31)),  # and to the last
]


@pytest.mark.parametrize(("start", "unit", "amount", "expected"), CALENDAR, ids=lambda v: str(v))
def test_calendar_rule(start: dt.date, unit: str, amount: int, expected: dt.date) -> None:
    assert add_period(start.toordinal(), unit, amount) == expected.toordinal()


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown unit 'weeks'"):
        add_period(1, "weeks", 1)


# --- the oracle: the calendar rule again, from first principles -----------------------


def _month_end(year: int, month: int) -> int:
    nxt = D(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def oracle_shift(day: dt.date, unit: str, amount: int) -> dt.date:
    if unit == "days":
        return day + dt.timedelta(days=amount)
    months = amount * (12 if unit == "years" else 1)
    total = day.year * 12 + day.month - 1 + months
    year, month = total // 12, total % 12 + 1
    return D(year, month, min(day.day, _month_end(year, month)))


# --- rules in the YAML language -------------------------------------------------------

LATE = {  # a declaration reviewed more than a month after it was made
    "match": {
        "d": {
            "each": "conflicts_of_interest.declarations",
            "where": {"reviewed": {"gt": "$d.declared + 1 month"}},
        }
    }
}
PROMPT = {  # reviewed within 28 days (on or before the 28th day after declaring)
    "match": {
        "d": {
            "each": "conflicts_of_interest.declarations",
            "where": {"reviewed": {"le": "$d.declared + 28 days"}},
        }
    }
}
SPECIALIST = {  # a member with no registration current within 10 years ending with appointment
    "match": {
        "m": {"each": "governing_body.members"},
        "p": {"each": "people", "where": {"id": "$m.person"}},
    },
    "absent": {
        "r": {
            "each": "people.registrations",
            "where": {
                "parent": "$p.path",
                "since": {"le": "$m.appointed"},
                "until": {"ge": "$m.appointed - 10 years"},
            },
        }
    },
}
JOINED = {  # a registration that ended more than 10 years before its holder's appointment
    "match": {
        "m": {"each": "governing_body.members"},
        "p": {"each": "people", "where": {"id": "$m.person"}},
        "r": {
            "each": "people.registrations",
            "where": {"parent": "$p.path", "until": {"lt": "$m.appointed - 10 years"}},
        },
    }
}
NUMBERS = {  # a later seat whose index exceeds an earlier one's by more than 1 (a number offset)
    "match": {
        "a": {"each": "governing_body.members"},
        "b": {"each": "governing_body.members", "where": {"index": {"gt": "$a.index + 1"}}},
    }
}
RULES = {"LATE": LATE, "PROMPT": PROMPT, "SPECIALIST": SPECIALIST, "JOINED": JOINED, "NUMBERS": NUMBERS}


def plan() -> RulePlan:
    schema = fact_schema()
    rules = []
    for rule_id, raw in RULES.items():
        parsed = parse_condition(raw, schema, {}, f"/rules/{rule_id}")
        rules.append(CompiledRule(rule_id, resolve(parsed.condition, D(2024, 1, 1))))
    return RulePlan("relational-dates", tuple(rules))


def test_offsets_parse_to_shifted_operands() -> None:
    rules = {r.rule_id: r for r in plan().rules}
    (late,) = rules["LATE"].condition.steps[0].criteria  # type: ignore[union-attr]
    assert late == Test("reviewed", late.op, Shifted("d", "declared", 1, "months"))
    until = rules["SPECIALIST"].condition.absent[0].criteria[2]
    assert until == Test("until", until.op, Shifted("m", "appointed", -10, "years"))  # type: ignore[union-attr]
    (index,) = rules["NUMBERS"].condition.steps[1].criteria  # type: ignore[union-attr]
    assert index == Test("$index", index.op, Shifted("a", "$index", 1, None))


# --- documents at the boundaries ------------------------------------------------------

STARTS = [D(2023, 1, 31), D(2024, 1, 31), D(2024, 2, 29), D(2023, 3, 31), D(2012, 12, 31), D(2024, 2, 1)]


def _fact(fact_type: str, path: str, parent: str = "", index: int = 0, **fields: object) -> dict[str, object]:
    out: dict[str, object] = {"$type": fact_type, "$path": path, "$parent": parent, "$index": index}
    out.update({k: v.toordinal() if isinstance(v, D) else v for k, v in fields.items() if v is not None})
    return out


def documents() -> list[list[dict[str, object]]]:
    docs: list[list[dict[str, object]]] = []
    for n, start in enumerate(STARTS):
        facts = [_fact("document", "")]
        month, days28 = oracle_shift(start, "months", 1), oracle_shift(start, "days", 28)
        # declarations reviewed on the day before, of and after each boundary; one not reviewed
        for i, reviewed in enumerate(
            [
                *(month + dt.timedelta(days=k) for k in (-1, 0, 1)),
                *(days28 + dt.timedelta(days=k) for k in (-1, 0, 1)),
                None,
            ]
        ):
            facts.append(
                _fact(
                    "conflicts_of_interest.declarations",
                    f"/conflicts_of_interest/declarations/{i}",
                    index=i,
                    person="p0",
                    declared=start,
                    reviewed=reviewed,
                )
            )
        # people whose registrations end the day before, of and after 10 years before appointment
        appointed = start
        edge = oracle_shift(appointed, "years", -10)
        ends = [edge - dt.timedelta(days=1), edge, edge + dt.timedelta(days=1), None]
        for i, until in enumerate(ends):
            person = f"/people/{i}"
            facts.append(_fact("people", person, index=i, id=f"p{i}"))
            since = D(1990, 1, 1) if n % 2 else appointed + dt.timedelta(days=i % 2)  # some start too late
            facts.append(
                _fact(
                    "people.registrations",
                    f"{person}/registrations/0",
                    person,
                    0,
                    kind="specialist",
                    since=since,
                    until=until,
                )
            )
            facts.append(
                _fact(
                    "governing_body.members",
                    f"/governing_body/members/{i}",
                    index=i * (n % 3),
                    person=f"p{i}",
                    appointed=appointed if i < 3 else None,
                )
            )
        facts.append(_fact("people", "/people/9", index=9, id="p9"))  # holds no registration
        facts.append(
            _fact(
                "governing_body.members",
                "/governing_body/members/9",
                index=9,
                person="p9",
                appointed=appointed,
            )
        )
        docs.append(facts)
    return docs


def oracle(facts: Sequence[Fact]) -> set[Match]:
    by: dict[str, list[Fact]] = {}
    for f in facts:
        by.setdefault(str(f["$type"]), []).append(f)

    def day(f: Fact, key: str) -> dt.date | None:
        v = f.get(key)
        return D.fromordinal(v) if isinstance(v, int) else None

    out: set[Match] = set()
    for d in by.get("conflicts_of_interest.declarations", []):
        declared, reviewed = day(d, "declared"), day(d, "reviewed")
        if declared and reviewed and reviewed > oracle_shift(declared, "months", 1):
            out.add(Match("LATE", (("d", str(d["$path"])),)))
        if declared and reviewed and reviewed <= oracle_shift(declared, "days", 28):
            out.add(Match("PROMPT", (("d", str(d["$path"])),)))
    for m, p in itertools.product(by.get("governing_body.members", []), by.get("people", [])):
        if m.get("person") != p.get("id"):
            continue
        appointed = day(m, "appointed")
        regs = [r for r in by.get("people.registrations", []) if r["$parent"] == p["$path"]]
        current = [
            r
            for r in regs
            if appointed
            and day(r, "since")
            and day(r, "until")
            and day(r, "since") <= appointed  # type: ignore[operator]
            and day(r, "until") >= oracle_shift(appointed, "years", -10)  # type: ignore[operator]
        ]
        pair = (("m", str(m["$path"])), ("p", str(p["$path"])))
        if not current:
            out.add(Match("SPECIALIST", pair))
        for r in regs:
            until = day(r, "until")
            if appointed and until and until < oracle_shift(appointed, "years", -10):
                out.add(Match("JOINED", (*pair, ("r", str(r["$path"])))))
    for a, b in itertools.product(by.get("governing_body.members", []), repeat=2):
        if int(b["$index"]) > int(a["$index"]) + 1:  # type: ignore[call-overload]
            out.add(Match("NUMBERS", (("a", str(a["$path"])), ("b", str(b["$path"])))))
    return out


def _run(engine: object, the_plan: RulePlan, facts: list[dict[str, object]]) -> set[Match]:
    extra = derive(the_plan, facts)
    return set(engine.match(the_plan, [*facts, *extra]))  # type: ignore[attr-defined]


def test_python_engine_matches_the_oracle_at_every_boundary() -> None:
    the_plan = plan()
    fired: set[str] = set()
    for facts in documents():
        expected = oracle(facts)
        assert _run(PythonEngine(), the_plan, facts) == expected
        fired |= {m.rule_id for m in expected}
    assert fired == set(RULES)  # every rule fires somewhere ...
    per_doc = [{m.rule_id for m in oracle(f)} for f in documents()]
    # ... and the boundary documents hold both outcomes for the same start date
    for facts in documents():
        late = {dict(m.bindings)["d"][-1] for m in oracle(facts) if m.rule_id == "LATE"}
        prompt = {dict(m.bindings)["d"][-1] for m in oracle(facts) if m.rule_id == "PROMPT"}
        # reviewed the day before / of / after one month, then of 28 days, then never
        assert {"0", "1"}.isdisjoint(late), late
        assert "2" in late, late
        assert {"3", "4"} <= prompt, prompt
        assert "5" not in prompt, prompt
        assert "6" not in prompt | late
    assert all("SPECIALIST" in rules for rules in per_doc)  # the person with no registration


def test_boundary_day_outcomes_are_exact() -> None:
    """29 Feb 2024: 10 years back is 28 Feb 2014, so a registration ending that day counts."""
    facts = documents()[STARTS.index(D(2024, 2, 29))]
    found = _run(PythonEngine(), plan(), facts)
    joined = {dict(m.bindings)["r"] for m in found if m.rule_id == "JOINED"}
    assert joined == {"/people/0/registrations/0"}  # ended 27 Feb 2014, the day before
    declarations = {dict(m.bindings)["d"] for m in found if m.rule_id == "LATE"}
    assert declarations == {"/conflicts_of_interest/declarations/2"}  # 30 Mar, after 29 Mar 2024


@pytest.mark.requires_durable
def test_durable_engine_agrees() -> None:
    from ccg_rules.engines.durable import DurableEngine

    the_plan = plan()
    durable = DurableEngine()
    for facts in documents():
        assert _run(durable, the_plan, facts) == oracle(facts)
