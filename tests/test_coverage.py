"""The coverage matrix is complete, consistent with the rules, and its page is current."""

from __future__ import annotations

from pathlib import Path

from ccg_rules.rules.coverage import coverage_matrix, coverage_problems, render_coverage_markdown

REPO = Path(__file__).resolve().parents[1]


def test_coverage_files_and_rules_agree() -> None:
    assert coverage_problems("ccg-authorisation") == []


def test_every_catalogue_item_is_listed_once() -> None:
    rows = coverage_matrix("ccg-authorisation")
    ids = [r.id for r in rows]
    assert len(ids) == len(set(ids))
    # The catalogue numbers 149 items; each must appear.
    assert len(ids) >= 140


def test_most_items_are_encoded() -> None:
    rows = coverage_matrix("ccg-authorisation")
    encoded = [r for r in rows if r.status in ("encoded", "partly")]
    assert len(encoded) >= 90


def test_coverage_page_is_up_to_date() -> None:
    page = REPO / "docs" / "rules" / "coverage.md"
    assert page.read_text(encoding="utf-8") == render_coverage_markdown("ccg-authorisation"), (
        "docs/rules/coverage.md is stale: run python -m ccg_rules.rules.coverage --write"
    )
