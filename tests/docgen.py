"""Random but schema-valid CCG documents, for differential and property tests.

Every section of the model is generated, and the values aim at the rules' boundaries:

* a governing body built from the statutory roles, then mutated: roles dropped, doubled,
  or merged onto one seat (AO and CFO, the two lay members, a lay chair), seats held by
  the same person or by nobody defined ("ghost"), governing bodies of 1 to 14 seats;
* people fitted to their seat (a nurse with a current NMC registration, a CFO with an
  accountancy qualification) most of the time, and unfitted otherwise: registrations that
  start tomorrow or ended yesterday, specialist status lapsed about ten years ago,
  employers that serve the population, disqualifying affiliations, history and offices;
* declarations, register reviews and policy dates on either side of the 6- and
  12-month lines, on the line itself and one day either side;
* committees of every kind (audit, remuneration, quality, primary care commissioning,
  joint committees and their partners), with chairs and members that do and do not sit
  on the governing body, do and do not exist;
* gifts and hospitality around the 2016 and 2017 thresholds (0, 6, 6.5, 25, 75, 75.01),
  dated either side of 28 June 2016;
* member practices, area and local authorities, populations around 50,000, 100,000 and
  900,000 and shares around one half and three quarters, running costs either side of
  the allowance, constitution sections and provisions present or missing, authorisation
  evidence complete or not;
* routes for clinical advice other than a committee (s.14W), or none; a constitution
  recorded as published or not; a register available on request or not, covering
  members and employees or not; a chair who is also the deputy chair, in one seat or two;
* CCG names and joint committee partners that do and do not fit the name patterns,
  including awkward strings (newlines, tabs, quotes, backslashes, NUL, U+2028, U+FFFE,
  non-ASCII digits and letters, characters outside the Basic Multilingual Plane).

``as_of`` is drawn from ``start``..``end`` (by default every day on which some ruleset
version is in force), so callers can aim documents at one version's period.

Dangling references are produced on purpose only where a rule reports them (``REF-*``);
they are findings, never schema errors, so every document is valid.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import random
from typing import Any, get_args

import yaml

from ccg_rules.model import vocab as model


def choices(annotated: Any) -> list[str]:
    """The values of a model choice, ``Annotated[Literal[...], Choice]``, in their order."""
    return list(get_args(get_args(annotated)[0]))


START = dt.date(2012, 10, 1)
"""The first day on which a bundled ruleset version is in force."""
END = dt.date(2022, 6, 30)
"""The last day on which a bundled ruleset version is in force."""

ROLES = choices(model.Role)
EXPERTISE = choices(model.Expertise)
EMPLOYER_KINDS = choices(model.EmployerKind)
AFFILIATION_ROLES = choices(model.AffiliationRole)
# (kind, role, extra flags): each line makes one Schedule 4 or 5 rule fire when current
# and held by a lay member (or, for commissioning support, by any member).
AFFILIATIONS: list[tuple[str, str, dict[str, bool]]] = [
    ("local_authority", "employee", {}),  # SCH4-01
    ("department_of_health", "employee", {}),  # SCH4-02
    ("department_of_health", "director", {}),
    ("nhs_trust", "director", {}),  # SCH4-03
    ("nhs_body", "member", {}),
    ("foundation_trust", "governor", {}),  # SCH4-04
    ("foundation_trust", "member", {}),
    ("primary_care_trust", "employee", {}),  # SCH4-05
    ("care_quality_commission", "member", {}),  # SCH4-06
    ("monitor", "employee", {}),  # SCH4-07
    ("independent_provider", "contractor", {"provides_services_to_ccg": True}),  # SCH4-08
    ("voluntary_sector", "member", {"provides_services_to_ccg": True}),
    ("primary_care_contractor", "partner", {}),  # SCH4-09
    ("member_practice", "shareholder", {}),
    ("social_services_contractor", "contractor", {}),  # SCH4-10
    ("commissioning_support", "employee", {"provides_commissioning_support_to_ccg": True}),  # SCH5-03
    # near misses: the right body but not a disqualifying role, or flags false
    ("local_authority", "member", {}),
    ("primary_care_trust", "director", {}),
    ("independent_provider", "director", {"provides_services_to_ccg": True}),
    ("independent_provider", "employee", {"provides_services_to_ccg": False}),
    ("commissioning_support", "director", {"provides_commissioning_support_to_ccg": True}),
]
HISTORY_OTHER = [
    "removed_from_register",
    "removed_from_performers_list",
    "director_disqualification",
    "charity_trustee_removal",
    "office_terminated",
]
COMMITTEE_KINDS = choices(model.CommitteeKind)
SECTIONS = choices(model.SectionKind)
PROVISIONS = choices(model.ProvisionKind)
EVIDENCE_REQUIRED = [
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
]
EVIDENCE_OTHER = ["financial_plan", "commissioning_plan", "commissioning_support_arrangements"]
PLACES = ["Eastmarsh", "Northshire", "West Vale", "St Albans and Harpenden", "Kernow", "Bury"]
ODD_NAMES = [
    "NHS\nEastmarsh Clinical Commissioning Group",
    "NHS Eastmarsh Clinical Commissioning Group ",
    "nhs Eastmarsh Clinical Commissioning Group",
    "NHS  Clinical Commissioning Group",
    'NHS "Quay" Clinical Commissioning Group',
    "NHS Back\\slash Clinical Commissioning Group",
    "NHS Évreux Clinical Commissioning Group",
    "NHS Ward \u0663 Clinical Commissioning Group",
    "NHS Clinical Commissioning Group Clinical Commissioning Group",
    "NHS Tab\tClinical Commissioning Group",
    "NHS X Clinical Commissioning Group\n",
    "NHS ",
    "NHS  ",
    "NHS \u2028 Clinical Commissioning Group",
    "NHS Eastmarsh\nClinical Commissioning Group",
    "NHS \x00 Clinical Commissioning Group",
    "NHS \ufffe Clinical Commissioning Group",
    "NHS\xa0X Clinical Commissioning Group",
    "NHS \U0001f600 Clinical Commissioning Group",
]
PARTNERS = [
    "NHS England",
    "NHS Commissioning Board",
    "NHS Northshire Clinical Commissioning Group",
    "NHS West Vale Clinical Commissioning Group",
    "Northshire County Council",
    "NHS Northshire CCG",
    "nhs england",
    "NHS  Clinical Commissioning Group",
    "NHS England\n",
    'NHS "Q" Clinical Commissioning Group',
    "NHS Év Clinical Commissioning Group",
    "Public Health England",
    "NHS England\x00",
    "\ufffe",
]
GIFT_VALUES = {  # around the supplier gift limits (0 in 2016, 6 in 2017) and hospitality (25, 75)
    "gift": [0, 0, 5.99, 6, 6, 6.5, 6.5, 25, 75.01],
    "hospitality": [0, 24.99, 25, 25, 25.01, 50, 75, 75, 75.01, 75.01, 80, 120],
}
SHARES = [0.3, 0.5, 0.5, 0.6, 0.74, 0.75, 0.75, 0.76, 0.9, 1.0]
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # same text, several times faster


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months (the day clamped to the month's end)."""
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def _near(rng: random.Random, as_of: dt.date, months: int, spread: int = 8) -> dt.date:
    """A date about ``months`` before ``as_of`` (negative: after): often exactly on the
    calendar line or one day either side of it, otherwise within ``spread`` days."""
    base = _add_months(as_of, -months)
    return base + dt.timedelta(days=rng.choice([0, -1, 1, rng.randint(-spread, spread)]))


def _maybe_flag(rng: random.Random, p_true: float = 0.7) -> bool | None:
    """True with probability ``p_true``; otherwise false or absent (None) alike."""
    roll = rng.random()
    if roll < p_true:
        return True
    return False if roll < p_true + (1 - p_true) / 2 else None


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        target[key] = value


class _Gen:
    """One document's worth of random state."""

    def __init__(self, seed: int, start: dt.date, end: dt.date) -> None:
        self.rng = random.Random(seed)
        self.as_of = start + dt.timedelta(days=self.rng.randint(0, (end - start).days))
        self.people: list[dict[str, Any]] = []
        self.kinds: dict[str, str] = {}

    # ------------------------------------------------------------------ people
    def _registration(self, body: str, kind: str, current: bool) -> dict[str, Any]:
        rng, as_of = self.rng, self.as_of
        reg: dict[str, Any] = {"body": body, "kind": kind}
        if rng.random() < 0.2:
            reg["number"] = str(rng.randint(1_000_000, 9_999_999))
        if current:
            if rng.random() < 0.5:
                reg["since"] = rng.choice([as_of, _near(rng, as_of, rng.choice([1, 24, 120, 240]))])
            if rng.random() < 0.25:
                reg["until"] = rng.choice([as_of, _near(rng, as_of, rng.choice([-1, -12, -36]))])
            if reg.get("since", as_of) > as_of:
                reg["since"] = as_of
            if reg.get("until", as_of) < as_of:
                reg["until"] = as_of
        elif rng.random() < 0.5:  # not yet registered
            reg["since"] = as_of + dt.timedelta(days=rng.choice([1, 1, 30]))
        else:  # lapsed
            reg["until"] = as_of - dt.timedelta(days=rng.choice([1, 1, 200]))
        return reg

    def _affiliation(self, any_kind: bool = False) -> dict[str, Any]:
        rng, as_of = self.rng, self.as_of
        if any_kind:
            kind, role, flags = rng.choice(EMPLOYER_KINDS), rng.choice(AFFILIATION_ROLES), {}
        else:
            kind, role, flags = rng.choice(AFFILIATIONS)
        aff: dict[str, Any] = {
            "organisation": f"{kind.replace('_', ' ').title()} {rng.randint(1, 9)}",
            "kind": kind,
            "role": role,
            **flags,
        }
        for flag in ("provides_services_to_ccg", "provides_commissioning_support_to_ccg"):
            if flag not in aff and rng.random() < 0.3:
                aff[flag] = rng.random() < 0.3
        if rng.random() < 0.3:
            aff["since"] = _near(rng, as_of, rng.choice([6, 36]))
        roll = rng.random()
        if roll < 0.15:
            aff["until"] = rng.choice([as_of, _near(rng, as_of, -6)])  # still current
        elif roll < 0.35:
            aff["until"] = rng.choice([as_of - dt.timedelta(days=1), _near(rng, as_of, 6)])  # ended
        return aff

    def _history(self) -> dict[str, Any]:
        rng, as_of = self.rng, self.as_of
        roll = rng.random()
        if roll < 0.35:
            event: dict[str, Any] = {
                "kind": "conviction",
                "date": _near(rng, as_of, rng.choice([12, 59, 60, 61, 90])),
            }
            _put(event, "sentence_months", rng.choice([None, 0, 2, 3, 3, 4, 12]))
        elif roll < 0.6:
            event = {"kind": "dismissal", "date": _near(rng, as_of, rng.choice([12, 59, 60, 61, 90]))}
            _put(event, "redundancy", _maybe_flag(rng, 0.3))
            # a side stream, so that the documents made before this field existed stay the same
            side = random.Random(event["date"].toordinal())
            _put(event, "dismissed_by_nhs_body", side.choice([True, None]))
        elif roll < 0.8:
            event = {
                "kind": "bankruptcy_restrictions",
                "date": _near(rng, as_of, rng.choice([24, 179, 180, 181, 200])),
            }
        else:
            event = {"kind": rng.choice(HISTORY_OTHER), "date": _near(rng, as_of, rng.choice([6, 120]))}
        if rng.random() < 0.2:
            event["detail"] = "Recorded in the fit and proper person check"
        return event

    def person(self, kind: str, fitted: bool | None = None) -> str:
        """Add a person of ``kind`` (fitted to it, or deliberately not) and return the id."""
        rng, as_of = self.rng, self.as_of
        if fitted is None:
            fitted = rng.random() < 0.75
        pid = f"p{len(self.people)}"
        self.kinds[pid] = kind
        person: dict[str, Any] = {"id": pid, "name": f"Person {pid}"}
        regs: list[dict[str, Any]] = []
        quals: list[dict[str, Any]] = []
        expertise: set[str] = set()
        employer: dict[str, Any] | None = None
        category: str | None = None
        if kind == "gp":
            regs.append(self._registration("GMC", "gp", current=fitted or rng.random() < 0.5))
            employer = {
                "name": "A member practice",
                "kind": "member_practice",
                "provides_services_to_population": True,
            }
            person[rng.choice(["member_practice_partner", "member_practice_employee"])] = True
            category = "gp"
            expertise.add("clinical")
        elif kind == "nurse":
            if fitted:
                regs.append(self._registration("NMC", "nursing", current=True))
            else:
                regs.append(
                    rng.choice(
                        [
                            self._registration("NMC", "nursing", current=False),
                            self._registration("NMC", "midwifery", current=True),
                            self._registration("HCPC", "nursing", current=True),
                        ]
                    )
                )
            employer = {
                "name": "Nurse's employer",
                "kind": rng.choice(["nhs_trust", "university", "ccg", "foundation_trust"]),
                "provides_services_to_population": not fitted and rng.random() < 0.7,
            }
            category = "clinician"
        elif kind == "specialist":
            reg = self._registration("GMC", rng.choice(["specialist", "specialist_eligible"]), current=True)
            if not fitted:
                roll = rng.random()
                if roll < 0.3:  # specialist status lapsed around ten years ago
                    reg.pop("since", None)
                    reg["until"] = _near(rng, as_of, rng.choice([119, 120, 121, 130]), spread=2)
                elif roll < 0.5:
                    reg["kind"] = "general"
                elif roll < 0.8:
                    regs.append(self._registration("GMC", "gp", current=True))
            regs.append(reg)
            # reg 11(6)(b): posts from a side stream, so that documents made before the field
            # existed stay the same: none recorded, a consultant post (current, or ended about
            # ten years ago), or only another post
            side = random.Random(f"{pid}/{as_of.isoformat()}")
            roll = side.random()
            if roll < 0.35:
                post: dict[str, Any] = {"kind": side.choice(["nhs_consultant", "armed_forces_specialty"])}
                if side.random() < 0.7:
                    post["since"] = _near(side, as_of, side.choice([60, 150]))
                if not fitted and side.random() < 0.7:
                    post["until"] = _near(side, as_of, side.choice([119, 120, 121, 130]), spread=2)
                person["posts"] = [post]
            elif roll < 0.5:
                person["posts"] = [{"kind": "other", "since": _near(side, as_of, 60)}]
            # reg 11(6), all three at once: when not fitted, sometimes a specialist registration
            # that ended about five years ago and a consultant post taken up on its last day
            # (together for one day) or a day or two after (never together); another stream
            together = random.Random(f"{pid}/together/{as_of.isoformat()}")
            if not fitted and together.random() < 0.5:
                ended = _near(together, as_of, 60)
                reg["since"], reg["until"] = _add_months(ended, -100), ended
                later = dt.timedelta(days=together.choice([0, 1, 2]))
                person["posts"] = [{"kind": "nhs_consultant", "since": ended + later}]
            employer = {
                "name": "Hospital",
                "kind": rng.choice(["foundation_trust", "nhs_trust", "independent_provider"]),
                "provides_services_to_population": not fitted and rng.random() < 0.7,
            }
            category = "clinician"
        elif kind == "cfo":
            if fitted or rng.random() < 0.5:
                quals.append({"kind": "accountancy", "body": rng.choice(["CIPFA", "ICAEW", "ACCA"])})
            else:
                quals.append({"kind": rng.choice(["audit", "legal", "other"]), "body": "Other body"})
            _put(person, "ccg_employee", True if fitted else _maybe_flag(rng, 0.3))
            employer = {"name": "The CCG", "kind": "ccg"}
            category = "executive"
            expertise.add("financial_management_and_audit")
        elif kind == "ao":
            _put(person, "ccg_employee", _maybe_flag(rng, 0.8))
            if rng.random() < 0.4:
                regs.append(
                    self._registration(
                        rng.choice(["GMC", "NMC"]), rng.choice(["gp", "nursing"]), rng.random() < 0.7
                    )
                )
            employer = {"name": "The CCG", "kind": "ccg"}
            category = "executive"
        elif kind == "lay":
            if not fitted and rng.random() < 0.4:
                regs.append(
                    self._registration(
                        rng.choice(["GMC", "NMC", "HCPC", "GDC", "GPhC", "GOC", "other"]),
                        "other",
                        current=rng.random() < 0.7,
                    )
                )
            if not fitted and rng.random() < 0.3:
                person[rng.choice(["member_practice_partner", "member_practice_employee"])] = True
            if fitted or rng.random() < 0.3:
                kind_ = rng.choice(
                    ["self_employed", "voluntary_sector", "university", "other", "armed_forces"]
                )
            else:
                kind_ = rng.choice(["foundation_trust"] * 3 + ["independent_provider"] * 2 + EMPLOYER_KINDS)
            if rng.random() < 0.08:  # employed by a foundation trust, whether or not it serves the area
                kind_ = "foundation_trust"
            employer = {"name": "Lay employer", "kind": kind_}
            category = "lay"
        else:  # clinician, manager, other
            if rng.random() < 0.5:
                regs.append(
                    self._registration(
                        rng.choice(["GMC", "NMC", "HCPC", "GPhC"]),
                        rng.choice(["general", "other", "gp", "nursing"]),
                        rng.random() < 0.8,
                    )
                )
            if rng.random() < 0.6:
                employer = {
                    "name": "Somewhere",
                    "kind": rng.choice(["commissioning_support", *EMPLOYER_KINDS]),
                }
            category = rng.choice(["clinician", "executive", "other", "gp", "lay"])
        if rng.random() < 0.15:
            regs.append(
                self._registration("GMC", rng.choice(["gp", "specialist", "general"]), rng.random() < 0.7)
            )
        if rng.random() < 0.025:
            employer = {"name": "A commissioning support unit", "kind": "commissioning_support"}
        if regs:
            person["registrations"] = regs
        if rng.random() < 0.15:
            quals.append(
                {"kind": rng.choice(["accountancy", "audit", "legal", "clinical", "other"]), "body": "CIPFA"}
            )
        if quals:
            person["qualifications"] = quals
        # lay members are usually picked for their expertise; others sometimes have it too
        n_exp = rng.choice([0, 1, 1, 2, 3]) if kind != "lay" or not fitted else rng.choice([1, 2, 3])
        expertise.update(rng.sample(EXPERTISE, n_exp))
        person["expertise"] = sorted(expertise)
        if employer is not None and rng.random() < 0.9:
            if "provides_services_to_population" not in employer and rng.random() < 0.5:
                employer["provides_services_to_population"] = rng.random() < 0.3
            person["employer"] = employer
        if rng.random() < 0.7:
            person["category"] = (
                category
                if rng.random() < 0.85
                else rng.choice(["lay", "gp", "clinician", "executive", "other"])
            )
        for flag, p in (
            ("ccg_employee", 0.1),
            ("local_authority_councillor", 0.04),
            ("parliament_member", 0.03),
        ):
            if flag in person:
                continue
            roll = rng.random()
            if roll < p:
                person[flag] = True
            elif roll < 0.5:
                person[flag] = False
        affs: list[dict[str, Any]] = []
        if kind == "lay" and rng.random() < 0.8:
            affs = [self._affiliation() for _ in range(rng.choice([1, 2, 2, 3]))]
        elif rng.random() < 0.2:
            affs = [self._affiliation(any_kind=rng.random() < 0.5)]
        if affs:
            person["affiliations"] = affs
        if rng.random() < 0.15:
            person["history"] = [self._history() for _ in range(rng.choice([1, 1, 2]))]
        self.people.append(person)
        return pid

    # ------------------------------------------------------------------ governing body
    def governing_body(self) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        rng, as_of = self.rng, self.as_of
        if rng.random() < 0.03:
            return None, []
        chair_extra = rng.choice(
            [
                ["gp"],
                ["gp"],
                ["gp"],
                ["lay_other"],
                ["lay_other"],
                ["lay_governance"],
                ["lay_governance"],
                [],
                ["other_clinician"],
            ]
        )
        deputy_extra = rng.choice([["lay_other"], ["lay_other"], ["lay_ppi"], ["gp"], ["gp"], []])
        plan: list[tuple[list[str], str]] = [
            (
                ["chair", *chair_extra],
                "gp"
                if "gp" in chair_extra
                else "lay"
                if chair_extra[:1] in (["lay_other"], ["lay_governance"])
                else "other",
            ),
            (
                ["deputy_chair", *deputy_extra],
                "gp" if "gp" in deputy_extra else "lay" if deputy_extra else "other",
            ),
            (["accountable_officer"], "ao"),
            (["chief_finance_officer"], "cfo"),
            (["lay_governance"], "lay"),
            (["lay_ppi"], "lay"),
            (["registered_nurse"], "nurse"),
            (["secondary_care_specialist"], "specialist"),
        ]
        plan += [(["gp"], "gp") for _ in range(rng.choice([0, 1, 1, 2, 3]))]
        plan += [
            ([rng.choice(["other_clinician", "practice_representative", "other", "lay_other"])], "other")
            for _ in range(rng.choice([0, 0, 0, 1]))
        ]
        # roles that must be held by different people, held by one
        if rng.random() < 0.1:
            plan[2] = (["accountable_officer", "chief_finance_officer"], "cfo")
            plan[3] = (["other"], "other")
        if rng.random() < 0.1:
            plan[4] = (["lay_governance", "lay_ppi"], "lay")
            plan[5] = (["lay_other"], "lay")
        # mutations: a role dropped, held twice, or merged onto another seat
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(8)
                what = rng.random()
                if what < 0.4 and len(plan[i][0]) == 1:
                    plan[i] = ([rng.choice(["other", "gp", "other_clinician"])], plan[i][1])
                elif what < 0.65:
                    plan.append((list(plan[i][0][:1]), plan[i][1]))
                else:
                    j = rng.randrange(len(plan))
                    if j != i:
                        plan[j] = (sorted(set(plan[j][0]) | {plan[i][0][0]}), plan[j][1])
        if rng.random() < 0.1:  # any role at all added to some seat
            k = rng.randrange(len(plan))
            plan[k] = (sorted(set(plan[k][0]) | {rng.choice(ROLES)}), plan[k][1])
        if rng.random() < 0.15:  # a small governing body
            plan = rng.sample(plan, rng.randint(1, min(6, len(plan))))
        rng.shuffle(plan)
        seats: list[dict[str, Any]] = []
        holders: list[str] = []
        lapsed = rng.random() < 0.3
        for roles, kind in plan:
            roll = rng.random()
            if roll < 0.03:
                pid = rng.choice(["ghost", "p-missing"])
            elif roll < 0.08 and holders:
                pid = rng.choice(holders)  # one person, two seats
            else:
                pid = self.person(kind)
            holders.append(pid)
            seat: dict[str, Any] = {"person": pid, "roles": roles}
            if rng.random() < 0.85:
                seat["appointed"] = _near(rng, as_of, rng.choice([1, 6, 30]))
            else:
                self._history_for_unappointed(pid)
            if rng.random() < (0.9 if "accountable_officer" not in roles else 0.3):
                if lapsed and rng.random() < 0.3:  # a term that ended yesterday or earlier
                    seat["term_ends"] = rng.choice([as_of - dt.timedelta(days=1), _near(rng, as_of, 2)])
                else:
                    seat["term_ends"] = rng.choice([as_of, _near(rng, as_of, rng.choice([-1, -6, -24, -36]))])
            _put(seat, "voting", _maybe_flag(rng, 0.8))
            seats.append(seat)
        gb: dict[str, Any] = {"members": seats}
        _put(gb, "meets_in_public", _maybe_flag(rng, 0.8))
        return gb, seats

    def _history_for_unappointed(self, pid: str) -> None:
        """Sometimes give the holder of a seat without an appointment date a conviction or a
        dismissal near the five-year line, which Schedule 5 then counts from the document's
        date (SCH5-04B, SCH5-06C, SCH5-06D). A side stream keeps the main one unchanged."""
        as_of = self.as_of
        side = random.Random(f"{pid}/unappointed/{as_of.isoformat()}")
        person = next((p for p in self.people if p["id"] == pid), None)
        if person is None or side.random() < 0.5:
            return
        months = side.choice([12, 59, 60, 61])
        if side.random() < 0.5:
            event: dict[str, Any] = {"kind": "conviction", "date": _near(side, as_of, months)}
            event["sentence_months"] = side.choice([2, 3, 12])
        else:
            event = {"kind": "dismissal", "date": _near(side, as_of, months)}
            _put(event, "redundancy", side.choice([False, None, True]))
            _put(event, "dismissed_by_nhs_body", side.choice([True, None, False]))
        person.setdefault("history", []).append(event)

    # ------------------------------------------------------------------ committees
    def committees(self, seats: list[dict[str, Any]], pcc_mode: str | None) -> list[dict[str, Any]]:
        rng = self.rng
        gb_people = [s["person"] for s in seats if s["person"] in self.kinds]

        def by_role(role: str) -> list[str]:
            return [s["person"] for s in seats if role in s["roles"] and s["person"] in self.kinds]

        lay = [p for p in gb_people if self.kinds[p] == "lay"]
        outsiders = [
            self.person(rng.choice(["lay", "other", "nurse", "gp"])) for _ in range(rng.choice([0, 0, 1, 2]))
        ]
        pool = gb_people + outsiders
        specs: list[str] = []
        if rng.random() < 0.85:
            specs.append("audit")
        if rng.random() < 0.8:
            specs.append("remuneration")
        if rng.random() < 0.6:
            specs.append(rng.choice(["quality", "quality", "clinical_advisory"]))
        if rng.random() < (0.75 if pcc_mode in ("joint", "delegated") else 0.15):
            specs.append("primary_care_commissioning")
        for kind, p in (("finance", 0.15), ("other", 0.15), ("joint", 0.3)):
            if rng.random() < p:
                specs.append(kind)
        if rng.random() < 0.08:
            specs.append(rng.choice(COMMITTEE_KINDS))  # a second committee of some kind
        out = []
        for i, kind in enumerate(specs):
            committee: dict[str, Any] = {
                "id": f"c{i}",
                "name": f"{kind.replace('_', ' ').title()} Committee",
                "kind": kind,
            }
            chair: str | None = None
            members: list[str] = []
            if kind == "audit":
                chair = rng.choice(
                    [
                        *(by_role("lay_governance") or [None]),
                        *(by_role("lay_governance") or [None]),
                        *(lay or [None]),
                        rng.choice(pool) if pool else None,
                    ]
                )
                n = rng.choice([1, 2, 2, 3, 3, 3, 4, 5])
                members = rng.sample(lay + outsiders, min(n, len(lay + outsiders)))
                if chair and rng.random() < 0.8 and chair not in members:
                    members.insert(0, chair)
                if rng.random() < 0.12:
                    members += by_role("chair")[:1]
            elif kind == "remuneration":
                members = rng.sample(gb_people, min(rng.randint(1, 4), len(gb_people)))
                if outsiders and rng.random() < 0.3:
                    members.append(rng.choice(outsiders))
                chair = members[0] if members and rng.random() < 0.8 else None
            elif kind == "primary_care_commissioning":
                chair = rng.choice(
                    [*(lay or [None]), *(lay or [None]), rng.choice(pool) if pool else None, None]
                )
                members = rng.sample(pool, min(rng.randint(0, 5), len(pool)))
                committee["meets_in_public"] = _maybe_flag(rng, 0.7)
                committee["publishes_minutes"] = _maybe_flag(rng, 0.7)
            else:
                members = rng.sample(pool, min(rng.randint(0, 4), len(pool)))
                chair = rng.choice(members) if members and rng.random() < 0.7 else None
            if kind == "joint":  # usually with partners, sometimes with none named
                committee["joint_with"] = rng.sample(PARTNERS, rng.choice([0, 0, 1, 2, 3]))
            elif rng.random() < 0.06:  # partners named on a committee that is not joint
                committee["joint_with"] = rng.sample(PARTNERS, rng.randint(1, 2))
            if rng.random() < 0.04:
                members.append("nobody")
            if rng.random() < 0.05:
                chair = "stranger"
            _put(committee, "chair", chair)
            committee["members"] = members
            for flag in ("meets_in_public", "publishes_minutes"):
                if committee.get(flag, 0) is None:
                    del committee[flag]
                elif flag not in committee and rng.random() < 0.3:
                    committee[flag] = rng.random() < 0.5
            if rng.random() < 0.5:
                committee["quorum"] = rng.randint(0, 4)
            out.append(committee)
        return out

    # ------------------------------------------------------------------ conflicts of interest
    def declarations(self, referenced: list[str], seated: set[str]) -> list[dict[str, Any]]:
        rng, as_of = self.rng, self.as_of
        decls = []
        ids = list(dict.fromkeys(referenced + [p["id"] for p in self.people]))
        if rng.random() < 0.05:
            ids.append("ghost2")
        careful = rng.random() < 0.4  # every governing body member has declared within the year
        for pid in ids:
            sure = careful and pid in seated
            for _ in range(rng.choice([1, 1, 1, 2] if sure else [0, 0, 1, 1, 1, 1, 2])):
                months = rng.choice([1, 6, 11] if sure else [1, 6, 11, 12, 12, 13, 24])
                decl: dict[str, Any] = {"person": pid, "declared": _near(rng, as_of, months)}
                if rng.random() < 0.35:
                    decl["reviewed"] = _near(rng, as_of, rng.choice([1, 11, 12, 13]))
                if rng.random() < 0.3:
                    decl["nil_return"] = rng.random() < 0.8
                if not decl.get("nil_return") and rng.random() < 0.4:
                    decl["interests"] = [
                        {
                            "kind": rng.choice(
                                [
                                    "financial",
                                    "non_financial_professional",
                                    "non_financial_personal",
                                    "indirect",
                                ]
                            ),
                            "organisation": "Some organisation",
                        }
                        for _ in range(rng.choice([1, 1, 2]))
                    ]
                    # when the person became aware: on a side stream, around the 28-day limit
                    side = random.Random(decl["declared"].toordinal() * 31 + len(decls))
                    for interest in decl["interests"]:
                        days = side.choice([None, 0, 27, 28, 29, 90])
                        if days is not None:
                            interest["aware"] = decl["declared"] - dt.timedelta(days=days)
                    # when an interest began (ACT-14O-03B, -03C): another side stream
                    began = random.Random(decl["declared"].toordinal() * 37 + len(decls) + 1)
                    for interest in decl["interests"]:
                        if began.random() < 0.45:
                            continue  # not recorded
                        days = began.choice([28, 29, 60, 90, 400])
                        interest["since"] = decl["declared"] - dt.timedelta(days=days)
                decls.append(decl)
        rng.shuffle(decls)
        return decls

    def conflicts(
        self, committees: list[dict[str, Any]], referenced: list[str], seated: set[str]
    ) -> dict[str, Any]:
        rng, as_of = self.rng, self.as_of
        coi: dict[str, Any] = {}
        if rng.random() < 0.85:
            reg: dict[str, Any] = {}
            _put(reg, "published", _maybe_flag(rng, 0.75))
            if rng.random() < 0.5:
                reg["url"] = "https://example.nhs.uk/register"
            if rng.random() < 0.85:
                reg["last_reviewed"] = _near(rng, as_of, rng.choice([1, 5, 6, 6, 7, 11, 12, 12, 13, 24]))
            coi["interests_register"] = reg
        if rng.random() < 0.8:
            policy: dict[str, Any] = {}
            roll = rng.random()
            if roll < 0.7:
                policy["adopted"] = _near(rng, as_of, rng.choice([1, 12, 30]))
            elif roll < 0.8:
                policy["adopted"] = as_of + dt.timedelta(days=rng.choice([1, 1, 20]))
            elif roll < 0.9:
                policy["adopted"] = as_of
            for flag in ("breach_process", "breaches_published", "training_required", "annual_audit"):
                _put(policy, flag, _maybe_flag(rng, 0.75))
            coi["policy"] = policy
        if rng.random() < 0.65 and self.people:
            audit_chairs = [
                c["chair"] for c in committees if c["kind"] == "audit" and c.get("chair") in self.kinds
            ]
            coi["guardian"] = (
                rng.choice(audit_chairs)
                if audit_chairs and rng.random() < 0.5
                else rng.choice(self.people)["id"]
            )
        coi["declarations"] = self.declarations(referenced, seated)
        if rng.random() < 0.75:
            gifts: dict[str, Any] = {}
            _put(gifts, "kept", _maybe_flag(rng, 0.8))
            _put(gifts, "published", _maybe_flag(rng, 0.7))
            entries = []
            for _ in range(rng.choice([0, 1, 2, 3, 4, 4]) if self.people else 0):
                if rng.random() < 0.12:
                    day = rng.choice([dt.date(2016, 6, 27), dt.date(2016, 6, 28)])
                else:
                    day = as_of - dt.timedelta(
                        days=rng.choice([0, 1, rng.randint(0, 200), rng.randint(0, 400)])
                    )
                kind = rng.choice(["gift", "hospitality"])
                entry: dict[str, Any] = {
                    "person": rng.choice(self.people)["id"],
                    "kind": kind,
                    "source": rng.choice(["supplier", "supplier", "other"]),
                    "value": rng.choice(GIFT_VALUES[kind]),
                    "date": day,
                    "accepted": rng.random() < 0.75,
                }
                if rng.random() < 0.3:
                    entry["approved_by"] = rng.choice(self.people)["id"]
                entries.append(entry)
            if entries or rng.random() < 0.5:
                gifts["entries"] = entries
            coi["gifts_and_hospitality_register"] = gifts
        if rng.random() < 0.75:
            proc: dict[str, Any] = {}
            _put(proc, "kept", _maybe_flag(rng, 0.75))
            _put(proc, "published", _maybe_flag(rng, 0.7))
            coi["procurement_register"] = proc
        return coi

    # ------------------------------------------------------------------ the rest
    def name(self) -> str:
        rng = self.rng
        place = rng.choice(PLACES)
        roll = rng.random()
        if roll < 0.63:
            return f"NHS {place} Clinical Commissioning Group"
        if roll < 0.7:
            return f"{place} Clinical Commissioning Group"
        if roll < 0.79:
            return f"NHS {place} CCG"
        if roll < 0.8:
            return "NHS Clinical Commissioning Group"
        if roll < 0.88:
            word = rng.choice(["Healthcare", "Consortium", "Partnership", "Federation"])
            return f"NHS {place} {word} Clinical Commissioning Group"
        if roll < 0.92:
            return f"NHS {place} {rng.randint(1, 9)} Clinical Commissioning Group"
        return rng.choice(ODD_NAMES)

    def practices(self) -> list[dict[str, Any]]:
        rng = self.rng
        out = []
        for i in range(rng.choice([0, 1, 2, 2, 3, 4, 6])):
            practice: dict[str, Any] = {"code": f"Z{84001 + i}", "name": f"Practice {i}"}
            if rng.random() < 0.9:
                practice["list_size"] = rng.randint(1_500, 20_000)
            if rng.random() < 0.92:
                practice["contract"] = rng.choice(["GMS", "GMS", "PMS", "APMS"])
            _put(practice, "signed_up", _maybe_flag(rng, 0.93))
            roll = rng.random()
            if roll < 0.8:
                practice["in_area"] = True
            elif roll < 0.86:
                practice["in_area"] = False
            out.append(practice)
        return out

    def population(self, practices: list[dict[str, Any]]) -> dict[str, Any]:
        rng = self.rng
        pop: dict[str, Any] = {}
        if rng.random() < 0.92:
            sizes = [p["list_size"] for p in practices if "list_size" in p]
            if sizes and rng.random() < 0.2:
                pop["registered"] = sum(sizes)
            else:
                pop["registered"] = rng.choice(
                    [
                        0,
                        30_000,
                        49_999,
                        50_000,
                        50_001,
                        75_000,
                        99_999,
                        100_000,
                        100_001,
                        250_000,
                        900_000,
                        900_001,
                        1_200_000,
                    ]
                )
        if rng.random() < 0.8:
            pop["resident"] = rng.choice([0, 40_000, 99_862, 100_000, 400_000])
        for key, base in (
            ("registered_resident_in_area", "registered"),
            ("resident_registered_with_members", "resident"),
        ):
            if base in pop and rng.random() < 0.75:
                share = rng.choice(SHARES)
                pop[key] = round(pop[base] * share) + rng.choice([0, 0, 0, 1, -1]) * (
                    0 < pop[base] * share < pop[base]
                )
        return pop

    def area(self) -> dict[str, Any]:
        rng = self.rng
        area: dict[str, Any] = {}
        if rng.random() < 0.7:
            area["description"] = "The borough and the villages of the Marsh Levels."
        kinds = ["unitary", "county", "district", "metropolitan", "london_borough"]
        las = [
            {"name": f"Council {i}", "kind": rng.choice(kinds)}
            for i in range(rng.choice([0, 1, 1, 2, 2, 3, 4]))
        ]
        for la in las:
            if rng.random() < 0.5:
                la["code"] = f"E0{rng.randint(6, 9)}000{rng.randint(100, 999)}"
        area["local_authorities"] = las
        if rng.random() < 0.35:
            area["boundary_justification"] = "Follows the hospital catchment."
        _put(area, "map_included", _maybe_flag(rng, 0.75))
        return area

    def constitution(self) -> dict[str, Any]:
        rng, as_of = self.rng, self.as_of
        cons: dict[str, Any] = {}
        if rng.random() < 0.88:
            cons["adopted"] = _near(rng, as_of, rng.choice([1, 6, 24]))
        if rng.random() < 0.5:
            cons["version"] = rng.choice(["1.0", "2.3"])
        for key, items in (("sections", SECTIONS), ("provisions", PROVISIONS)):
            if rng.random() < 0.25:
                cons[key] = list(items)
            else:
                p_drop = rng.choice([0.15, 0.3, 0.5, 1.0])  # 1.0: an empty list
                cons[key] = [i for i in items if rng.random() > p_drop]
        return cons

    def running_costs(self, registered: int | None) -> dict[str, Any]:
        rng = self.rng
        costs: dict[str, Any] = {}
        if rng.random() < 0.6:
            costs["financial_year"] = f"{self.as_of.year}/{(self.as_of.year + 1) % 100:02d}"
        allowance = rng.choice([20, 24.5, 25, 25, 25.01, 26.5])
        if rng.random() < 0.9:
            costs["allowance_per_head"] = allowance
        if rng.random() < 0.9:
            if registered is None:
                costs["planned"] = rng.choice([0, 2_500_000])
            else:
                costs["planned"] = round(
                    allowance * registered * rng.choice([0.8, 0.95, 1.0, 1.0, 1.01, 1.2]), 2
                )
        return costs

    def authorisation(self) -> dict[str, Any]:
        rng, as_of = self.rng, self.as_of
        auth: dict[str, Any] = {}
        if rng.random() < 0.7:
            auth["wave"] = rng.randint(1, 4)
        if rng.random() < 0.8:
            auth["submitted"] = _near(rng, as_of, rng.choice([1, 3, 12]))
        if rng.random() < 0.5:
            evidence = list(EVIDENCE_REQUIRED)
        else:
            evidence = [e for e in EVIDENCE_REQUIRED if rng.random() > 0.12]
            if rng.random() < 0.2 and evidence:
                evidence.append(evidence[0])  # a repeated item is not a missing one
        evidence += [e for e in EVIDENCE_OTHER if rng.random() < 0.4]
        rng.shuffle(evidence)
        auth["evidence"] = evidence
        return auth

    def document(self) -> dict[str, Any]:
        rng, as_of = self.rng, self.as_of
        ccg: dict[str, Any] = {"name": self.name()}
        if rng.random() < 0.6:
            ccg["ods_code"] = f"0{rng.randint(1, 9)}{rng.choice('ABCDEFGHJ')}"
        if rng.random() < 0.5:
            ccg["established"] = _near(rng, as_of, 12)
        pcc = rng.choice([None, "none", "greater_involvement", "joint", "joint", "delegated", "delegated"])
        _put(ccg, "primary_care_commissioning", pcc)
        gb, seats = self.governing_body()
        committees = self.committees(seats, pcc)
        referenced = [s["person"] for s in seats] + [m for c in committees for m in c["members"]]
        if rng.random() < 0.12 and self.people:
            self.people.append(
                {**copy.deepcopy(rng.choice(self.people)), "name": "A namesake"}
            )  # a duplicate id
        doc: dict[str, Any] = {"format": "ccg-document/1", "as_of": as_of, "ccg": ccg}
        if rng.random() < 0.85:
            doc["area"] = self.area()
        practices = self.practices()
        if practices or rng.random() < 0.5:
            doc["practices"] = practices
        if rng.random() < 0.92:
            doc["population"] = self.population(practices)
        if rng.random() < 0.97:
            # the conflicts section is built before people are written out, since it
            # refers to them (guardian, gifts); it goes after committees in the file
            coi = self.conflicts(committees, referenced, {s["person"] for s in seats})
        else:
            coi = None
        doc["people"] = self.people
        if gb is not None:
            doc["governing_body"] = gb
        doc["committees"] = committees
        if coi is not None:
            doc["conflicts_of_interest"] = coi
        if rng.random() < 0.9:
            doc["constitution"] = self.constitution()
        if rng.random() < 0.8:
            doc["running_costs"] = self.running_costs(doc.get("population", {}).get("registered"))
        if rng.random() < 0.6:
            doc["authorisation"] = self.authorisation()
        _size_and_task(doc, random.Random(f"{as_of}|{ccg['name']}"))
        return doc


def document(seed: int, start: dt.date = START, end: dt.date = END) -> dict[str, Any]:
    """Return a random valid CCG document (as plain data) for ``seed``, dated ``start``..``end``."""
    doc = _Gen(seed, start, end).document()
    _date_slips(doc, random.Random(f"slips-{seed}"))
    _law_extras(doc, random.Random(f"law-{seed}"))
    return doc


ADVICE_ROUTES = choices(model.ClinicalAdviceRoute)


def _law_extras(doc: dict[str, Any], rng: random.Random) -> None:
    """The facts added for the law's requirements that had no field before (issue 13).

    A separate random stream, so the rest of each document stays as it was.
    """
    roll = rng.random()
    if roll < 0.25:
        doc["clinical_advice"] = [
            {"route": rng.choice(ADVICE_ROUTES), "description": "Advice on service changes."}
            for _ in range(rng.randint(1, 3))
        ]
    elif roll < 0.3:
        doc["clinical_advice"] = []
    register = (doc.get("conflicts_of_interest") or {}).get("interests_register")
    if register is not None and rng.random() < 0.4:
        register["available_on_request"] = rng.random() < 0.6
    if register is not None and rng.random() < 0.4:
        scope = ["members", "governing_body", "committees", "employees"]
        register["covers"] = scope if rng.random() < 0.5 else [c for c in scope if rng.random() < 0.6]
    constitution = doc.get("constitution")
    if constitution is not None and rng.random() < 0.6:
        constitution["published"] = rng.random() < 0.75
        if constitution["published"] and rng.random() < 0.7:
            constitution["url"] = "https://example.nhs.uk/constitution"
    seats = (doc.get("governing_body") or {}).get("members") or []
    chairs = [s for s in seats if "chair" in s["roles"]]
    if chairs and rng.random() < 0.15:
        chair = rng.choice(chairs)
        if rng.random() < 0.5:
            if "deputy_chair" not in chair["roles"]:
                chair["roles"].append("deputy_chair")  # one seat holds both offices
        else:
            deputies = [s for s in seats if "deputy_chair" in s["roles"] and s is not chair]
            if deputies:
                rng.choice(deputies)["person"] = chair["person"]  # the chair again, in the deputy's seat


def _date_slips(doc: dict[str, Any], rng: random.Random) -> None:
    """Now and then a date after the document's own (the DATE-* rules).

    A separate random stream, so the rest of each document stays as it was.
    """
    coi = doc.get("conflicts_of_interest")
    if not coi:
        return
    as_of: dt.date = doc["as_of"]
    declarations = coi.get("declarations") or []
    if declarations and rng.random() < 0.15:
        slip = rng.choice(declarations)
        slip[rng.choice(["declared", "reviewed"])] = as_of + dt.timedelta(days=rng.choice([1, 1, 30]))
    register = coi.get("interests_register")
    if register is not None and rng.random() < 0.15:
        register["last_reviewed"] = as_of + dt.timedelta(days=rng.choice([1, 45]))
    entries = (coi.get("gifts_and_hospitality_register") or {}).get("entries") or []
    if entries and rng.random() < 0.15:
        rng.choice(entries)["date"] = as_of + dt.timedelta(days=rng.choice([1, 20]))
    seats = [s for s in (doc.get("governing_body") or {}).get("members") or [] if "appointed" in s]
    if seats and rng.random() < 0.15:
        seat = rng.choice(seats)
        seat["appointed"] = as_of + dt.timedelta(days=rng.choice([1, 90]))
        if seat.get("term_ends") is not None and seat["term_ends"] < seat["appointed"]:
            seat["term_ends"] = seat["appointed"] + dt.timedelta(days=365 * 3)


def document_bytes(seed: int, start: dt.date = START, end: dt.date = END) -> bytes:
    """The document for ``seed`` as YAML bytes (block style, so lines are meaningful)."""
    return yaml.dump(
        document(seed, start, end),
        Dumper=_DUMPER,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
    ).encode()



def _size_and_task(doc: dict[str, Any], extra: random.Random) -> None:
    """Vacancies, shared arrangements, localities and provider links, from their own stream.

    A separate generator, seeded from the document, keeps every other value as it was.
    """
    gb = doc.get("governing_body")
    if gb is not None and extra.random() < 0.35:
        gb["vacancies"] = [
            {
                "role": extra.choice(["registered_nurse", "secondary_care_specialist", "lay_ppi"]),
                "recruitment": extra.choice(["in_progress", "not_started"]),
            }
            for _ in range(extra.randint(1, 2))
        ]
    pop = doc.get("population")
    if pop is not None and extra.random() < 0.3:
        pop["registered"] = extra.choice([100_000, 149_999, 150_000, 499_999, 500_000, 749_999, 750_000, 750_001])
    if extra.random() < 0.4:
        doc["shared_arrangements"] = [{"partners": ["NHS Neighbour CCG"], "functions": ["acute contracting"]}]
    if extra.random() < 0.4:
        doc["localities"] = [{"name": "North"}, {"name": "South"}]
    for practice in doc.get("practices") or []:
        if extra.random() < 0.15:
            practice["provider_links"] = [
                {"organisation": extra.choice(["Vale GP Federation", "Harbour Health Ltd"]), "kind": "gp_federation"}
            ]
