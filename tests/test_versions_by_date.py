"""The date a document is judged on picks the ruleset version, and so the findings.

The same constitution (examples/ccg-2017-delegated.yaml) is checked as if it had stood on
15 January 2013, when the 2012 rules applied, and on 1 September 2017, under NHS
England's conflicts of interest guidance of June 2017. The 2012 rules have nothing to say
about its governance. The 2017 rules find a register of interests not verified for over
a year, hospitality accepted without approval, and a guardian who does not chair the audit
committee. Judged as of 2013, the document's 2016-17 dates lie after the check date, which
the advisory DATE-* data checks point out (in every version); they do not change the
outcome, so the conflicts-of-interest rules are what separates the two judgements.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import ccg_rules
from ccg_rules import Outcome, SelectionError, check, check_text, load_ruleset

DOCUMENT = Path(__file__).resolve().parents[1] / "examples" / "ccg-2017-delegated.yaml"
JAN_2013 = dt.date(2013, 1, 15)
SEP_2017 = dt.date(2017, 9, 1)
CHANGED_COI_RULES = {"COI-04-01", "COI-06-04", "COI-07-02"}
DATE_RULES = {"DATE-01", "DATE-02", "DATE-03", "DATE-04"}  # advisory: dates after the check date


def _ids(report: ccg_rules.Report) -> set[str]:
    return {f.rule_id for f in report.findings}


def test_each_date_selects_its_version_and_says_why() -> None:
    early, late = check(DOCUMENT, as_of=JAN_2013), check(DOCUMENT, as_of=SEP_2017)
    assert early.ruleset is not None
    assert late.ruleset is not None
    assert (early.ruleset.id, early.ruleset.version) == ("ccg-authorisation", "2012")
    assert (late.ruleset.id, late.ruleset.version) == ("ccg-authorisation", "2017-06")
    assert early.ruleset.selected_because == (
        "ccg-authorisation@2012 is in force on 2013-01-15 (in force 2012-10-01 to 2013-03-27)"
    )
    assert late.ruleset.selected_because == (
        "ccg-authorisation@2017-06 is in force on 2017-09-01 (in force 2017-06-16 to 2022-04-13)"
    )
    assert (early.document.as_of, early.document.as_of_source) == (JAN_2013, "override")
    assert (late.document.as_of, late.document.as_of_source) == (SEP_2017, "override")


def test_the_findings_differ_exactly_by_the_conflicts_of_interest_rules_that_changed() -> None:
    early, late = check(DOCUMENT, as_of=JAN_2013), check(DOCUMENT, as_of=SEP_2017)
    assert _ids(early) == DATE_RULES
    assert {f.consequence.value for f in early.findings} == {"advisory"}
    assert early.outcome == Outcome.AUTHORISED
    assert early.conditions == ()
    assert _ids(late) == CHANGED_COI_RULES
    assert late.outcome == Outcome.AUTHORISED_WITH_CONDITIONS
    assert {c.rule_id for c in late.conditions} == CHANGED_COI_RULES - {"COI-07-02"}  # COI-07-02 advises
    assert _ids(late) ^ _ids(early) == CHANGED_COI_RULES | DATE_RULES

    # Each differing rule came in with the conflicts of interest guidance: absent in 2012.
    v2012, v2017 = load_ruleset("ccg-authorisation@2012"), load_ruleset("ccg-authorisation@2017-06")
    assert not CHANGED_COI_RULES & {r.id for r in v2012.rules}
    assert {r.id for r in v2017.rules} >= CHANGED_COI_RULES
    # ... and each rests on what the guidance changed: the review interval, the hospitality
    # threshold, the guardian.
    assert "register_review_months" not in v2012.parameters
    assert v2017.parameters["register_review_months"] == 12
    assert "hospitality_approval_above" not in v2012.parameters
    assert v2017.parameters["hospitality_approval_above"] == 75
    where = {f.rule_id: f.pointer for f in late.findings}
    assert where == {
        "COI-04-01": "/conflicts_of_interest/interests_register/last_reviewed",
        "COI-06-04": "/conflicts_of_interest/gifts_and_hospitality_register/entries/2",
        "COI-07-02": "/conflicts_of_interest/guardian",
    }
    by_rule = {f.rule_id: f for f in late.findings}
    assert "not been reviewed in the last 12 months" in by_rule["COI-04-01"].message
    assert "worth 95 pounds" in by_rule["COI-06-04"].message
    assert "above 75 pounds approval is needed" in by_rule["COI-06-04"].message
    assert "does not chair the audit committee" in by_rule["COI-07-02"].message


def test_the_document_own_date_is_the_default() -> None:
    report = check(DOCUMENT)
    assert report.document.as_of == SEP_2017
    assert report.document.as_of_source == "document"
    assert _ids(report) == CHANGED_COI_RULES


def test_the_last_day_before_abolition_is_still_judged() -> None:
    report = check(DOCUMENT, as_of=dt.date(2022, 6, 30))
    assert report.ruleset is not None
    assert report.ruleset.version == "2022-04"


@pytest.mark.parametrize("day", [dt.date(2022, 7, 1), dt.date(2023, 1, 1)])
def test_a_date_after_abolition_is_refused_by_the_api(day: dt.date) -> None:
    with pytest.raises(SelectionError) as raised:
        check(DOCUMENT, as_of=day)
    message = str(raised.value)
    assert message.startswith(f"no version of ccg-authorisation is in force on {day.isoformat()};")
    assert "the last, 2022-04, ended on 2022-06-30" in message
    assert "abolished on 1 July 2022" in message


@pytest.mark.slow
def test_a_date_after_abolition_is_refused_by_the_cli(run_process) -> None:  # type: ignore[no-untyped-def]
    code, out, err, _ = run_process("check", "--as-of", "2022-07-01", "examples/ccg-2017-delegated.yaml")
    assert code == 2
    assert out == ""
    # Since ICBs are judged from 1 July 2022 the day is no mistake for the run, only for
    # this CCG document, which is refused on its own, pointing to the ICB format.
    assert err.startswith(
        "examples/ccg-2017-delegated.yaml: error: no version of ccg-authorisation is in force on 2022-07-01;"
    )
    assert "abolished on 1 July 2022" in err
    assert err.rstrip().endswith(
        "from 2022-07-01, describe an integrated care board in the icb-document/1 format,"
        " which icb-constitution judges."
    )
    # --exit-zero does not hide it: no ruleset means no check at all.
    code, out, err, _ = run_process(
        "check", "--exit-zero", "--as-of", "2022-07-01", "examples/ccg-2017-delegated.yaml"
    )
    assert (code, out) == (2, "")
    assert "abolished on 1 July 2022" in err


JOINT = """\
format: ccg-document/1
as_of: {day}
ccg: {{name: NHS Example Clinical Commissioning Group}}
committees:
  - id: c-jsc
    name: Joint Strategic Commissioning Committee
    kind: joint
    joint_with: [NHS Nearby Clinical Commissioning Group]
"""


@pytest.mark.parametrize(
    ("day", "fires"),
    [("2012-10-01", True), ("2013-01-15", True), ("2014-09-30", True), ("2014-10-01", False)],
)
def test_the_bar_on_joint_committees_runs_from_2012_until_the_2014_order(day: str, fires: bool) -> None:
    # The bar predates the Legislative Reform (CCGs) Order 2014 (SI 2014/2436, in force
    # 1 October 2014): it belongs to the 2012 rules, not only to the 2013-03 version.
    report = check_text(JOINT.format(day=day))
    found = {f.rule_id for f in report.findings} & {"ACT-SCH1A-3B-JC1", "ACT-SCH1A-3B-JC2"}
    assert found == ({"ACT-SCH1A-3B-JC1"} if fires else set())
