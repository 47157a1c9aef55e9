"""The board paper (``assess --markdown``): each CCG's outcome, conditions and directions in words."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from ccg_rules import assess_wave
from ccg_rules.render.board_paper import board_paper

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def paper() -> str:
    cwd = Path.cwd()
    import os

    os.chdir(REPO)
    try:
        return board_paper(assess_wave(["examples/wave"]))
    finally:
        os.chdir(cwd)


def _section(paper: str, ccg: str) -> str:
    start = paper.index(f"## {ccg}\n")
    end = paper.find("\n## ", start + 1)
    return paper[start : end if end != -1 else len(paper)]


@pytest.mark.slow
def test_the_board_paper_of_the_example_wave_matches_golden(
    paper: str, golden: Callable[[str, str], None]
) -> None:
    golden("board-paper-wave.md", paper)


def test_the_wave_summary_counts_outcomes_in_the_boards_words(paper: str) -> None:
    head = paper[: paper.index("\n## ")]
    assert "14 CCGs assessed: 3 authorised, 10 authorised with conditions, " in head
    assert "- Authorised with conditions and directions: 1\n" in head
    assert "_" not in re.sub(
        r"`[^`]*`", "", head.replace("sha256:", "")
    )  # no enum values such as not_assessed
    rows = [line for line in head.splitlines() if line.startswith("| NHS ")]
    assert len(rows) == 14
    assert (
        "| NHS Wyvern Vale Clinical Commissioning Group | 2012-11-05 (the document's own date) "
        "| authorised with conditions and directions | 2 | 1 | green (low) |" in rows
    )


def test_a_condition_gives_criterion_domain_level_remediation_and_source(paper: str) -> None:
    wyvern = _section(paper, "NHS Wyvern Vale Clinical Commissioning Group")
    assert (
        "**Outcome: authorised with conditions and directions.** The checks propose 2 conditions." in wyvern
    )
    first = wyvern[wyvern.index("1. **") : wyvern.index("2. **")].splitlines()
    assert first[0].startswith("1. **Criterion 3.1.1C: A detailed financial plan")
    assert first[0].endswith("** Backed by legal directions.  ")
    assert first[1:5] == [
        "   Domain 3: Clear and credible plans delivered within financial resources  ",
        "   Support: Level IV: a team or individual put in, backed by legal directions  ",
        "   Kind: standing  ",
        "   What the CCG must do: Bring planned running costs within the allowance, or explain the agreed allowance.  ",
    ]
    assert first[5].startswith("   Source: [NHS Commissioning Board, CCG running costs allowances")
    assert first[-1] == "   Rule: `CFG-08` (Planned running costs are within the running cost allowance)"
    assert (
        "Directions are proposed (1 condition backed by them). They would cover:\n\n- Criterion 3.1.1C:"
        in wyvern
    )
    assert (
        "2. **Our nearest criterion (the record gives no Board code): The chair or the accountable" in wyvern
    )


def test_configuration_risk_comes_with_its_reasons(paper: str) -> None:
    calderwick = _section(paper, "NHS Calderwick Clinical Commissioning Group")
    assert "Configuration risk: amber (some risk), because:\n\n- The area overlaps 2 unitary" in calderwick
    brackenford = _section(paper, "NHS Brackenford Clinical Commissioning Group")
    assert "**Outcome: authorised.** The checks propose no condition." in brackenford
    assert "No directions are proposed." in brackenford
    assert "Configuration risk: green (low); no configuration finding." in brackenford


def test_every_ccg_section_ends_with_its_scope_and_metadata(paper: str) -> None:
    sections = paper.split("\n## ")[1:]
    assert len(sections) == 14
    for section in sections:
        tail = section[section.index("### Scope and metadata") :]
        assert "most of the Board's 119 authorisation criteria" in tail
        assert re.search(
            r"Made by ccg-rules \S+ on 2026-01-01; ruleset ccg-authorisation@\S+ \(digest sha256:[0-9a-f]{64}\); as of \d{4}-\d\d-\d\d \(the document's own date\)\.",
            tail,
        )


def test_an_unassessable_document_is_in_the_paper_as_not_assessed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a\n", encoding="utf-8")
    text = board_paper(assess_wave([bad]))
    assert "1 CCG assessed: 1 not assessed." in text
    assert "**Outcome: not assessed.** The document could not be assessed, so no rule ran." in text
    assert "Why: 1:1 The top level of the document is a list" in text


def test_assess_markdown_writes_the_board_paper(run_cli, tmp_path: Path, paper: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "paper.md"
    code, _, err = run_cli("assess", "examples/wave", "--markdown", str(target))
    assert (code, err) == (1, "")
    assert target.read_text(encoding="utf-8") == paper
