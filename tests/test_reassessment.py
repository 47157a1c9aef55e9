"""Re-assessment against the Board's recorded decisions: which conditions are met, remain, are new."""

from __future__ import annotations

import json
from pathlib import Path

from ccg_rules import check_text
from ccg_rules.render.json import render_json

REPO = Path(__file__).resolve().parents[1]
COMPLIANT = (REPO / "examples" / "ccg-compliant.yaml").read_text(encoding="utf-8")
DECISIONS = """
board_decisions:
  decided: 2012-12-20
  conditions:
    - {criterion: 1.3B, level: III, imposed: 2012-12-20, text: Appoint a nurse and a secondary care doctor}
    - {rule: CFG-02, level: I, imposed: 2012-12-20}
    - {criterion: 3.1.1B, level: II, imposed: 2012-12-20, text: A credible QIPP plan}
    - {criterion: 6.4F, level: II, imposed: 2012-12-20, removed: 2013-01-10}
  directions:
    - {covers: the acute hospital contract, given: 2012-12-20}
    - {covers: patient safety, given: 2012-12-20, revoked: 2013-01-14}
"""


def _review(text: str) -> dict[str, list[str]]:
    report = check_text(text + DECISIONS, filename="r.yaml")
    assert report.reassessment is not None
    out: dict[str, list[str]] = {}
    for c in report.reassessment.conditions:
        out.setdefault(c.status, []).append(c.criterion or ",".join(c.rule_ids))
    return out


def test_met_conditions_are_those_whose_rules_ran_and_no_longer_fire() -> None:
    # The compliant CCG has since appointed its nurse and specialist and every practice has
    # signed up: 1.3B and CFG-02 are met; 3.1.1B is a plan no rule checks; 6.4F was removed.
    assert _review(COMPLIANT) == {"met": ["1.3B", "CFG-02"], "unchecked": ["3.1.1B"], "removed": ["6.4F"]}


def test_a_condition_still_found_remains_and_an_unrecorded_one_is_new() -> None:
    text = COMPLIANT.replace("    signed_up: true\n", "    signed_up: false\n", 1)
    nurse = "      roles: [registered_nurse]\n"
    assert text.count(nurse) == 1
    text = text.replace(nurse, "      roles: [gp]\n")  # the nurse seat is lost again
    review = _review(text)
    assert review["remains"] == ["1.3B", "CFG-02"]
    assert "1.3B" not in review.get("met", [])
    report = check_text(text + DECISIONS)
    assert report.reassessment is not None
    (remains_13b, remains_cfg) = report.reassessment.of("remains")
    assert remains_13b.rule_ids == ("REG-11-05",)
    assert remains_cfg.rule_ids == ("CFG-02",)
    new = report.reassessment.of("new")
    assert all(c.rule_ids[0] not in {"REG-11-05", "CFG-02"} for c in new)


def test_removal_and_revocation_count_only_up_to_the_as_of_date() -> None:
    report = check_text(COMPLIANT + DECISIONS.replace("removed: 2013-01-10", "removed: 2013-01-16"))
    assert report.reassessment is not None
    assert str(report.document.as_of) == "2013-01-15"
    sixfour = [c for c in report.reassessment.conditions if c.criterion == "6.4F"]
    assert [c.status for c in sixfour] == ["met"]  # not yet removed on 15 January, and met
    assert [(d.covers, d.in_force) for d in report.reassessment.directions] == [
        ("the acute hospital contract", True),
        ("patient safety", False),
    ]
    assert report.reassessment.statement == (
        "Of the 4 conditions the Board recorded, 0 were removed, 3 are now met by every rule "
        "that checks them, 0 remain and 1 need an assessor's judgement; 0 conditions are new."
    )


def test_the_json_report_carries_the_reassessment_and_none_without_decisions() -> None:
    data = json.loads(render_json([check_text(COMPLIANT + DECISIONS, filename="r.yaml")]))["reports"][0]
    assert [c["status"] for c in data["reassessment"]["conditions"]] == ["met", "met", "unchecked", "removed"]
    assert check_text(COMPLIANT).reassessment is None


def test_a_recorded_condition_with_a_bad_code_is_refused_with_its_line() -> None:
    report = check_text(COMPLIANT + DECISIONS.replace("criterion: 3.1.1B", "criterion: plans"), filename="r.yaml")
    assert not report.valid
    (problem,) = report.findings
    assert problem.pointer == "/board_decisions/conditions/2/criterion"
    assert problem.location.line == COMPLIANT.count("\n") + 7
