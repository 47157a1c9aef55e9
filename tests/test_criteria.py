"""Every authorisation rule names the Board's criterion it bears on, and how sure that mapping is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ccg_rules
from ccg_rules import load_ruleset
from ccg_rules.errors import RulesetError
from ccg_rules.findings import Confidence

ROOT = Path(__file__).resolve().parent.parent
AUTHORISATION = ROOT / "rulesets" / "ccg-authorisation"

# The codes the public record gives (HSJ reports of the Board's conditions, 2012-13).
ON_RECORD = {"1.3B", "3.1.1B", "3.1.1C", "4.2.1E", "4.2.3D", "5.3B", "5.3C", "6.4F", "6.4G"}


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
