"""The bundled examples give the outcomes their README describes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ccg_rules import Outcome, check
from optional import ENGINES

REPO = Path(__file__).resolve().parents[1]
README = REPO / "examples" / "README.md"


def _section(heading: str) -> str:
    """The text of the README section whose heading starts with ``heading``, up to the next one."""
    text = README.read_text(encoding="utf-8")
    body = text.split(f"\n{heading}", 1)[1]
    return body.split("\n## ", 1)[0]


def _expected() -> list[tuple[str, str, str, str, frozenset[str]]]:
    """Rows of the README's table: file, as_of, ruleset version, outcome, rule ids."""
    lines = _section("## Expected results").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| file |"))
    assert lines[start] == "| file | as_of | ruleset version | outcome | rules that fire |"
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        file, as_of, version, outcome, rules = (c.strip() for c in line.strip().strip("|").split("|"))
        ids = frozenset() if rules == "none" else frozenset(r.strip() for r in rules.split(","))
        rows.append((file.strip("`"), as_of, version, outcome.replace(" ", "_"), ids))
    return rows


EXPECTED = _expected()


def test_compliant_example_is_authorised_without_findings() -> None:
    report = check(REPO / "examples" / "ccg-compliant.yaml")
    assert report.valid
    assert report.outcome == "authorised"
    assert [f.rule_id for f in report.findings] == []


def test_noncompliant_example_matches_its_readme() -> None:
    section = _section("## `ccg-noncompliant.yaml`")
    described = set(re.findall(r"\b(?:REG|SCH[45]|ACT|CFG|REF|AUTH)-[A-Z0-9-]*[0-9A-Z]\b", section))
    report = check(REPO / "examples" / "ccg-noncompliant.yaml")
    assert report.outcome == "authorised_with_conditions"
    assert {f.rule_id for f in report.findings} == described


def test_the_table_covers_every_example_document() -> None:
    files = sorted(row[0] for row in EXPECTED)
    assert files == sorted(p.name for p in (REPO / "examples").glob("*.yaml"))
    assert {row[2] for row in EXPECTED} == {"2012", "2013-03", "2017-06", "2022-04"}


@pytest.mark.parametrize(
    ("file", "as_of", "version", "outcome", "rules"), EXPECTED, ids=[r[0] for r in EXPECTED]
)
@pytest.mark.parametrize("engine", ENGINES)
def test_example_matches_the_table(
    file: str, as_of: str, version: str, outcome: str, rules: frozenset[str], engine: str
) -> None:
    report = check(REPO / "examples" / file, engine=engine)
    assert report.valid
    assert str(report.document.as_of) == as_of
    assert report.ruleset is not None
    assert (report.ruleset.id, report.ruleset.version) == ("ccg-authorisation", version)
    assert report.outcome == Outcome(outcome)
    assert {f.rule_id for f in report.findings} == rules


@pytest.mark.parametrize(
    ("file", "section"),
    [
        ("ccg-2013-applicant.yaml", "## `ccg-2013-applicant.yaml`"),
        ("ccg-2017-delegated.yaml", "## `ccg-2017-delegated.yaml`"),
        ("ccg-2022-amended.yaml", "## `ccg-2022-amended.yaml`"),
    ],
)
def test_each_later_example_names_the_rules_that_fire_in_its_section(file: str, section: str) -> None:
    text = _section(section)
    report = check(REPO / "examples" / file)
    for rule_id in {f.rule_id for f in report.findings}:
        assert f"({rule_id}" in text, rule_id
    assert report.ruleset is not None
    assert f"ruleset version `{report.ruleset.version}` applies" in " ".join(text.split())


def _conditions_table() -> list[tuple[str, str, list[tuple[str, str, str, str]], str]]:
    """Rows of the README's conditions table: file, outcome, conditions, risk."""
    lines = _section("## Conditions of every example").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| file |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        file, outcome, conds, risk, _rests = (c.strip() for c in line.strip().strip("|").split("|"))
        parsed = []
        if conds != "none":
            for item in conds.split("; "):
                rule, rest = item.split(": ", 1)
                code, level, kind = rest.split(", ")
                parsed.append((rule, code, level, kind))
        rows.append((file.strip("`"), outcome, parsed, risk))
    return rows


CONDITIONS = _conditions_table()


def test_the_conditions_table_covers_every_example_and_wave_document() -> None:
    files = sorted(row[0] for row in CONDITIONS)
    documents = [*(REPO / "examples").glob("*.yaml"), *(REPO / "examples" / "wave").glob("*.yaml")]
    assert files == sorted(p.name for p in documents)


@pytest.mark.parametrize(("file", "outcome", "conds", "risk"), CONDITIONS, ids=[r[0] for r in CONDITIONS])
def test_each_example_sets_the_conditions_its_table_states(
    file: str, outcome: str, conds: list[tuple[str, str, str, str]], risk: str
) -> None:
    path = REPO / "examples" / file
    report = check(path if path.exists() else REPO / "examples" / "wave" / file)
    assert report.outcome.words == outcome
    got = [
        (
            c.rule_id,
            c.criterion.code if c.criterion is not None and c.criterion.basis == "board" else "ours",
            c.support_level.value if c.support_level else "-",
            c.kind,
        )
        for c in report.conditions
    ]
    assert got == conds
    assert report.configuration_risk is not None
    assert report.configuration_risk.rating.value == risk
