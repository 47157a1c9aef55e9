"""Findings roll up into domain statuses, conditions and a configuration risk rating."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccg_rules import check, check_text, load_ruleset

REPO = Path(__file__).resolve().parents[1]
MINIMAL = """\
format: ccg-document/1
as_of: 2013-01-15
ccg: {name: NHS Example Clinical Commissioning Group}
population: {registered: %d}
"""


def test_noncompliant_example_domains_and_conditions() -> None:
    report = check(REPO / "examples" / "ccg-noncompliant.yaml")
    statuses = {d.id: d.status.value for d in report.domains}
    assert statuses == {
        "clinical-focus": "met_with_conditions",
        "engagement": "met_with_conditions",
        "plans": "met",
        "governance": "met_with_conditions",
        "collaboration": "met_with_conditions",
        "leadership": "met",
    }
    assert [d.number for d in report.domains] == [1, 2, 3, 4, 5, 6]
    # One condition per unmet rule; those backed by directions first.
    ids = [c.rule_id for c in report.conditions]
    assert len(ids) == len(set(ids)) == len({f.rule_id for f in report.findings if f.consequence != "advisory"})
    kinds = [c.consequence.value for c in report.conditions]
    assert kinds == sorted(kinds, key=lambda k: k != "directions")
    by_id = {c.rule_id: c for c in report.conditions}
    assert by_id["REG-11-01"].lines == (187,)
    assert by_id["REG-11-01"].text.startswith("Appoint further members")
    assert by_id["REG-11-01"].citation is not None
    assert by_id["REG-11-01"].citation.provision == "reg 11(1)"


def test_compliant_example_meets_every_domain_with_green_risk() -> None:
    report = check(REPO / "examples" / "ccg-compliant.yaml")
    assert {d.status.value for d in report.domains} == {"met"}
    assert report.conditions == ()
    assert report.configuration_risk is not None
    assert report.configuration_risk.rating == "green"


def test_small_population_gives_red_risk_with_reason() -> None:
    # CFG-06-01 is tagged high-risk: under 50,000 was seen as below the likely minimum.
    report = check_text((MINIMAL % 42_000).encode())
    risk = report.configuration_risk
    assert risk is not None
    assert risk.rating == "red"
    assert risk.reasons == ("The registered population is 42,000, below 50,000; configuration risk is high.",)


def test_a_configuration_warning_not_tagged_high_risk_gives_amber() -> None:
    text = (REPO / "examples" / "ccg-compliant.yaml").read_text(encoding="utf-8")
    assert text.count("    in_area: true\n") > 1
    report = check_text(text.replace("    in_area: true\n", "    in_area: false\n", 1).encode())
    assert {f.rule_id for f in report.findings} == {"CFG-03"}
    risk = report.configuration_risk
    assert risk is not None
    assert risk.rating == "amber"
    assert len(risk.reasons) == 1
    assert "outside the CCG's area" in risk.reasons[0]


def test_advisory_findings_attach_no_condition() -> None:
    report = check_text((MINIMAL % 80_000).encode())
    advisory = [f for f in report.findings if f.rule_id == "CFG-06-02"]
    assert len(advisory) == 1
    assert advisory[0].consequence == "advisory"
    assert "CFG-06-02" not in {c.rule_id for c in report.conditions}


@pytest.mark.parametrize(
    ("population", "rating"),
    # 100,000 to 149,999 is amber too when no shared arrangement is recorded (CFG-06-03;
    # see test_configuration_size.py for the rest of the size-by-task thresholds).
    [(49_999, "red"), (50_000, "amber"), (99_999, "amber"), (100_000, "amber"), (150_000, "green")],
)
def test_configuration_risk_by_size_at_the_boundaries(population: int, rating: str) -> None:
    # Under 100,000 is amber whatever the finding's severity (CFG-06-02 is only info);
    # under 50,000 is red. The thresholds are parameters of the ruleset version.
    report = check_text(MINIMAL % population)
    assert report.ruleset is not None
    params = load_ruleset(f"{report.ruleset.id}@{report.ruleset.version}").parameters
    assert (params["high_risk_population"], params["elevated_risk_population"]) == (50_000, 100_000)
    risk = report.configuration_risk
    assert risk is not None
    assert risk.rating == rating
    assert len(risk.reasons) == (0 if rating == "green" else 1)
