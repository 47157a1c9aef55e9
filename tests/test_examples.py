"""The bundled examples give the outcomes their README describes."""

from __future__ import annotations

import re
from pathlib import Path

from ccg_rules import check

REPO = Path(__file__).resolve().parents[1]


def test_compliant_example_is_authorised_without_findings() -> None:
    report = check(REPO / "examples" / "ccg-compliant.yaml")
    assert report.valid
    assert report.outcome == "authorised"
    assert [f.rule_id for f in report.findings] == []


def test_noncompliant_example_matches_its_readme() -> None:
    readme = (REPO / "examples" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `ccg-noncompliant.yaml`", 1)[1]
    described = set(re.findall(r"\b(?:REG|SCH[45]|ACT|CFG|REF|AUTH)-[A-Z0-9-]*[0-9A-Z]\b", section))
    report = check(REPO / "examples" / "ccg-noncompliant.yaml")
    assert report.outcome == "not_authorisable"
    assert {f.rule_id for f in report.findings} == described

