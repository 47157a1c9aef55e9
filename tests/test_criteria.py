"""Every authorisation rule names the Board's criterion it bears on, and how sure that mapping is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import ccg_rules
from ccg_rules import load_ruleset
from ccg_rules.errors import RulesetError
from ccg_rules.findings import Confidence

ROOT = Path(__file__).resolve().parent.parent
AUTHORISATION = ROOT / "rulesets" / "ccg-authorisation"

# The codes the public record gives (HSJ reports of the Board's conditions, 2012-13), as the
# research notes list them with their reported text and source.
ON_RECORD = {
    "1.1D", "1.3B", "1.4.2B",
    "2.2B", "2.4.1B", "2.4.2A", "2.4.2B", "2.4.2C",
    "3.1.1B", "3.1.1C", "3.1.1D", "3.1.1E", "3.1.1F", "3.1.4B",
    "4.2.1A", "4.2.1B", "4.2.1E", "4.2.3D",
    "5.1A", "5.3B", "5.3C",
    "6.4F", "6.4G",
}  # fmt: skip
RESEARCH_NOTES = ROOT / "docs" / "design" / "research-board-and-law.md"


def _versions() -> list[str]:
    return [v.ref for v in ccg_rules.available_rulesets() if v.ref.startswith("ccg-authorisation@")]


def test_every_rule_file_entry_writes_a_criterion_with_its_confidence() -> None:
    # Not the default: each rule of every version says which criterion and how sure.
    for path in sorted(AUTHORISATION.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        rules = text.split("\nrules:\n", 1)[1] if "\nrules:\n" in text else ""
        for entry in re.split(r"\n  - id: ", rules)[1:]:
            rule_id = entry.split("\n", 1)[0]
            body = entry.split("\n  - ", 1)[0]
            assert "\n    criterion:\n" in body, f"{path.name}: {rule_id}"
            assert re.search(r"\n      confidence: (confirmed|secondary|unconfirmed)\n", body), rule_id


@pytest.mark.parametrize("ref", _versions())
def test_board_codes_are_on_record_and_texts_are_consistent(ref: str) -> None:
    texts: dict[str, str] = {}
    for rule in load_ruleset(ref).rules:
        crit = rule.criterion
        if crit.basis == "board":
            assert crit.code in ON_RECORD, rule.id
            assert crit.confidence is not Confidence.CONFIRMED, rule.id  # no primary text was read
        else:
            assert crit.code is None, rule.id
        assert crit.source is not None, rule.id
        key = crit.code or crit.text
        assert texts.setdefault(key, crit.text) == crit.text, rule.id  # one wording per criterion


def test_the_codes_on_record_are_the_research_notes_table() -> None:
    # One list of the Board's codes seen in the record: the notes' table, with a source per row.
    rows = re.findall(
        r"^\| (\d\.[\d.]*[A-Z]) \| (.+) \| (.+) \| (.+) \|$", RESEARCH_NOTES.read_text("utf-8"), re.M
    )
    assert {code for code, *_ in rows} == ON_RECORD
    assert len(rows) == len(ON_RECORD)  # each code once
    for code, text, _level, source in rows:
        assert text.strip(), code
        assert source.strip(), code
        # The first digit names the domain; there are six.
        assert 1 <= int(code.split(".")[0]) <= 6, code


def test_a_criterion_block_without_confidence_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "1.yaml"
    path.write_text(
        'ruleset: mine\nversion: "1"\ntitle: Mine\neffective_from: 2012-10-01\n'
        "domains:\n  - {id: clinical-focus, number: 1, title: Clinical}\n"
        "rules:\n  - id: MY-01\n    title: t\n    domain: clinical-focus\n    severity: error\n"
        "    consequence: condition\n"
        "    criterion: {code: 1.3B, text: t, basis: board, source: 'https://example.org/'}\n"
        "    citation: {instrument: x, provision: y, confidence: confirmed}\n"
        "    rationale: r\n    message: m\n    remediation: r\n"
        "    condition:\n      match:\n        seats:\n          count: governing_body.members\n"
        "          is: {lt: 6}\n      report: /governing_body/members\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset(str(path))
    assert "confidence" in caught.value.message


def test_the_nurse_and_specialist_rules_map_to_1_3b_and_say_how_sure() -> None:
    rules = {r.id: r for r in load_ruleset("ccg-authorisation@2012").rules}
    for rule_id in ("REG-11-05", "REG-11-06", "VAC-01", "VAC-02"):
        crit = rules[rule_id].criterion
        assert (crit.code, crit.basis, crit.confidence) == ("1.3B", "board", Confidence.SECONDARY)
    # An eligibility detail bears on 1.3B only in part.
    assert rules["REG-11-07"].criterion.confidence is Confidence.UNCONFIRMED


NONCOMPLIANT = ROOT / "examples" / "ccg-noncompliant.yaml"


def test_each_domain_lists_the_criteria_its_rules_check_and_says_the_split_is_not_on_record() -> None:
    report = ccg_rules.check(NONCOMPLIANT)
    by_number = {d.number: d for d in report.domains}
    assert [c.code for c in by_number[1].criteria_checked if c.basis == "board"] == ["1.3B"]
    assert [c.code for c in by_number[3].criteria_checked] == ["3.1.1C"]
    # The chair and finance officer rules sit in governance but bear on 6.4F: the code's first
    # digit names the domain the criterion is counted in.
    assert "6.4F" in [c.code for c in by_number[6].criteria_checked]
    assert all(c.code is None for c in by_number[4].criteria_checked)
    for d in report.domains:
        assert d.criteria_checked, d.id
        assert len({c.code or c.text for c in d.criteria_checked}) == len(d.criteria_checked), d.id
        assert (d.criteria_in_domain, d.criteria_unchecked) == (None, None), d.id


def test_the_scope_counts_the_criteria_the_rules_that_ran_bear_on() -> None:
    whole = ccg_rules.check(NONCOMPLIANT).scope
    assert whole is not None
    assert whole.board_codes_checked == ("1.3B", "3.1.1C", "6.4F")
    assert f"which bear on {whole.criteria_checked} criteria (3 with the Board's code" in whole.statement
    some = ccg_rules.check(NONCOMPLIANT, select=["REG-11-05", "REG-11-06", "ACT-14Z2-01"]).scope
    assert some is not None
    assert (some.criteria_checked, some.board_codes_checked) == (2, ("1.3B",))
    assert "bear on 2 criteria (1 with the Board's code, 1 our nearest in their domains)" in some.statement


def test_a_ruleset_without_an_outcome_lists_no_board_criteria() -> None:
    report = ccg_rules.check(ROOT / "examples" / "icb" / "icb-compliant.yaml")
    assert report.scope is not None
    assert (report.scope.criteria_checked, report.scope.board_codes_checked) == (0, ())
    assert all(d.criteria_checked == () for d in report.domains)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_domain_tables_show_the_criteria_checked_and_the_missing_split(fmt: str) -> None:
    from ccg_rules.render import render

    out = render(fmt, [ccg_rules.check(NONCOMPLIANT)])
    assert "Criteria checked" in out
    assert "Board criteria not checked" in out
    assert "1.3B and 4 of our nearest" in out
    assert "is not on record: the public record gives the Board" in " ".join(
        out.replace("&#x27;", "'").split()
    )


def test_json_carries_the_domain_criteria() -> None:
    from ccg_rules.render import render

    got = json.loads(render("json", [ccg_rules.check(NONCOMPLIANT)]))
    (report,) = got["reports"]
    first = report["domains"][0]
    assert first["criteria_in_domain"] is None
    assert first["criteria_checked"][0]["code"] == "1.3B"
    assert first["criteria_checked"][0]["confidence"] == "secondary"
    assert report["scope"]["board_codes_checked"] == ["1.3B", "3.1.1C", "6.4F"]


def test_the_assessors_guide_counts_the_mappings_by_confidence() -> None:
    rules = load_ruleset("ccg-authorisation@2012").rules
    by = {c: sum(r.criterion.confidence is c for r in rules) for c in Confidence}
    guide = (ROOT / "docs" / "for-assessors.md").read_text(encoding="utf-8")
    assert by[Confidence.CONFIRMED] == 0
    assert f"| {by[Confidence.SECONDARY]}: the nurse and specialist seats" in guide
    assert f"| the other {by[Confidence.UNCONFIRMED]} |" in guide
