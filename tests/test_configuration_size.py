"""Configuration risk by size and task: the 2010 listening events' thresholds, at their boundaries.

Under 50,000 red; under 100,000 amber whatever the severity; 100,000 to 150,000 amber unless
functions are shared; 500,000 or more amber without localities; 750,000 or more red; five
member practices or fewer amber. Each threshold is a parameter of the ruleset version.
"""

from __future__ import annotations

import pytest

from ccg_rules import check_text, load_ruleset

_HEAD = "format: ccg-document/1\nas_of: 2013-01-15\nccg: {name: NHS Example Clinical Commissioning Group}\n"
_PRACTICES = "practices:\n" + "".join(
    f"  - {{code: Z8400{i}, name: Practice {i}, signed_up: true}}\n" for i in range(1, 7)
)


def _risk(registered: int, extra: str = "", practices: str = _PRACTICES) -> tuple[str, set[str]]:
    text = _HEAD + practices + f"population:\n  registered: {registered}\n" + extra
    report = check_text(text, filename="size.yaml")
    assert report.configuration_risk is not None
    fired = {f.rule_id for f in report.findings if f.rule_id.startswith("CFG-")}
    return report.configuration_risk.rating.value, fired


SHARED = "shared_arrangements:\n  - {partners: [NHS Other CCG], functions: [acute contracting]}\n"
LOCALITIES = "localities:\n  - {name: North}\n  - {name: South}\n"


@pytest.mark.parametrize(
    ("registered", "extra", "rating", "rules"),
    [
        (49_999, "", "red", {"CFG-06-01"}),
        (50_000, "", "amber", {"CFG-06-02"}),
        (99_999, SHARED, "amber", {"CFG-06-02"}),  # under 100,000: amber even when sharing
        (100_000, "", "amber", {"CFG-06-03"}),
        (100_000, SHARED, "green", set()),
        (149_999, "", "amber", {"CFG-06-03"}),
        (150_000, "", "green", set()),
        (499_999, "", "green", set()),
        (500_000, "", "amber", {"CFG-09"}),
        (500_000, LOCALITIES, "green", set()),
        (749_999, LOCALITIES, "green", set()),
        (750_000, LOCALITIES, "red", {"CFG-10"}),
        (750_001, LOCALITIES, "red", {"CFG-10"}),
    ],
)
def test_the_rating_at_each_size_boundary(registered: int, extra: str, rating: str, rules: set[str]) -> None:
    got_rating, fired = _risk(registered, extra)
    assert (got_rating, fired) == (rating, rules)


def test_five_practices_are_too_few_and_six_are_enough() -> None:
    five = "practices:\n" + "".join(f"  - {{code: Z8400{i}, name: P{i}, signed_up: true}}\n" for i in range(1, 6))
    assert _risk(200_000, practices=five) == ("amber", {"CFG-11"})
    assert _risk(200_000) == ("green", set())


def test_the_reasons_name_the_thresholds() -> None:
    report = check_text(_HEAD + _PRACTICES + "population:\n  registered: 120000\n")
    assert report.configuration_risk is not None
    assert report.configuration_risk.reasons == (
        "The registered population is 120,000, below 150,000, and no shared arrangement with "
        "other CCGs is recorded.",
    )


def test_every_threshold_is_a_parameter_of_the_version_with_its_source() -> None:
    params = load_ruleset("ccg-authorisation@2012").parameters
    expected = {
        "shared_functions_population": 150_000,
        "locality_population": 500_000,
        "too_large_population": 750_000,
        "too_few_practices": 5,
        "high_risk_population": 50_000,
        "elevated_risk_population": 100_000,
    }
    assert {k: params[k] for k in expected} == expected


def test_an_undeclared_provider_company_of_a_practice_is_a_conflicts_condition() -> None:
    text = (
        _HEAD
        + "practices:\n  - code: Z84001\n    name: One\n    provider_links:\n"
        + "      - {organisation: Fenhollow GP Services Ltd, kind: provider_company}\n"
    )
    report = check_text(text)
    (condition,) = [c for c in report.conditions if c.rule_id == "COI-15-01"]
    assert (condition.domain, condition.kind, condition.support_level) == ("governance", "standing", "II")
    assert condition.pointers == ("/practices/0/provider_links/0",)
