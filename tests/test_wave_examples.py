"""The wave in examples/wave gives exactly the results its README's table promises."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from ccg_rules import Outcome, check

WAVE = Path(__file__).resolve().parents[1] / "examples" / "wave"
COLUMNS = ["file", "CCG", "as_of", "ruleset", "outcome", "risk", "conditions", "rules expected to fire"]


@dataclass(frozen=True)
class Row:
    file: str
    ccg: str
    as_of: str
    ruleset: str
    outcome: str
    risk: str
    conditions: int
    rules: frozenset[str]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table() -> list[Row]:
    lines = (WAVE / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| file |"))
    assert _cells(lines[start]) == COLUMNS
    assert set(lines[start + 1].replace("|", "").split()) == {"---"}
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        file, ccg, as_of, ruleset, outcome, risk, conditions, rules = _cells(line)
        rows.append(
            Row(
                file=file.strip("`"),
                ccg=ccg,
                as_of=as_of,
                ruleset=ruleset,
                outcome=outcome.replace(" ", "_"),
                risk=risk,
                conditions=int(conditions),
                rules=frozenset() if rules == "none" else frozenset(r.strip() for r in rules.split(",")),
            )
        )
    return rows


ROWS = _table()


def test_the_table_lists_every_document_in_the_folder_once() -> None:
    files = [row.file for row in ROWS]
    assert len(files) == len(set(files))
    assert sorted(files) == sorted(p.name for p in WAVE.glob("*.yaml"))
    # The folder holds the documents and this README only (assess globs *.yaml there).
    assert sorted(p.name for p in WAVE.iterdir()) == sorted([*files, "README.md"])


def test_the_wave_is_large_and_mixed() -> None:
    assert len(ROWS) >= 12
    outcomes = [row.outcome for row in ROWS]
    assert set(outcomes) == {
        "authorised",
        "authorised_with_conditions",
        "authorised_with_conditions_and_directions",
    }
    assert 2 <= outcomes.count("authorised") <= 3
    assert outcomes.count("authorised_with_conditions_and_directions") == 1
    assert {row.risk for row in ROWS} == {"green", "amber", "red"}
    assert {row.ruleset for row in ROWS} == {"2012", "2013-03"}


def test_the_rule_ids_are_written_sorted_and_well_formed() -> None:
    text = (WAVE / "README.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("| `nhs-"):
            written = _cells(line)[-1]
            if written != "none":
                ids = [r.strip() for r in written.split(",")]
                assert ids == sorted(ids), line
                assert all(re.fullmatch(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+", r) for r in ids), line


@pytest.mark.parametrize("row", ROWS, ids=[row.file for row in ROWS])
@pytest.mark.slow
def test_document_gives_the_expected_result(row: Row) -> None:
    report = check(WAVE / row.file)
    assert report.valid
    assert not [f.rule_id for f in report.findings if f.rule_id.startswith("DOC-")]
    assert report.document.name == row.ccg
    assert str(report.document.as_of) == row.as_of
    assert report.ruleset is not None
    assert report.ruleset.version == row.ruleset
    assert {f.rule_id for f in report.findings} == row.rules
    assert report.outcome == Outcome(row.outcome)
    assert report.configuration_risk is not None
    assert report.configuration_risk.rating.value == row.risk
    assert len(report.conditions) == row.conditions
    assert {c.rule_id for c in report.conditions} <= row.rules


@pytest.mark.requires_durable
@pytest.mark.parametrize("row", ROWS, ids=[row.file for row in ROWS])
@pytest.mark.slow
def test_durable_engine_fires_the_same_rules(row: Row) -> None:
    report = check(WAVE / row.file, engine="durable")
    assert report.engine == "durable"
    assert {f.rule_id for f in report.findings} == row.rules
    assert report.outcome == Outcome(row.outcome)


def test_each_yaml_file_points_editors_at_the_schema() -> None:
    for path in WAVE.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/ccg-document.schema.json", path.name
