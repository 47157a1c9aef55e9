"""Every report says what its outcome covers and carries what is needed to reproduce it."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pytest

from ccg_rules import check, check_text, load_ruleset
from ccg_rules.render import render

REPO = Path(__file__).resolve().parents[1]
NONCOMPLIANT = REPO / "examples" / "ccg-noncompliant.yaml"


def test_a_report_carries_its_metadata_and_scope() -> None:
    report = check(NONCOMPLIANT, generated_on=dt.date(2013, 4, 1))
    assert report.generated_on == dt.date(2013, 4, 1)
    assert report.tool.version
    assert report.ruleset is not None
    assert report.ruleset.digest.startswith("sha256:")
    assert (report.document.as_of, report.document.as_of_source) == (dt.date(2013, 1, 15), "document")
    rules = len(load_ruleset("ccg-authorisation@2012").rules)
    scope = report.scope
    assert scope is not None
    assert (scope.rules_checked, scope.board_criteria) == (rules, 119)
    assert scope.statement.startswith(f"This outcome covers only the {rules} rules a machine can check")


def test_the_scope_counts_only_the_rules_that_ran() -> None:
    report = check(NONCOMPLIANT, select=["REG-11-01", "REG-11-02"])
    assert report.scope is not None
    assert report.scope.rules_checked == 2
    assert "only the 2 rules" in report.scope.statement


def test_an_invalid_document_says_no_rule_ran() -> None:
    report = check_text("format: ccg-document/1\nas_of: 2013-01-15\n")
    assert not report.valid
    assert report.scope is not None
    assert report.scope.rules_checked == 0
    assert report.scope.statement.startswith("No rule ran")


def test_the_generation_date_comes_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1364774400")  # 2013-04-01T00:00:00Z
    assert check(NONCOMPLIANT).generated_on == dt.date(2013, 4, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = dt.datetime.now(dt.UTC).date()
    made = check(NONCOMPLIANT).generated_on
    assert made is not None
    assert before <= made <= dt.datetime.now(dt.UTC).date()


def test_a_malformed_source_date_epoch_is_refused(monkeypatch: pytest.MonkeyPatch, run_cli) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    code, out, err = run_cli("check", "examples/ccg-compliant.yaml")
    assert code == 2
    assert out == ""
    assert err == (
        "ccg-rules: error: SOURCE_DATE_EPOCH is 'yesterday': it must be a whole number of seconds since 1970\n"
    )


@pytest.mark.parametrize("fmt", ["json", "markdown", "html"])
def test_every_assessor_format_states_scope_and_metadata(fmt: str) -> None:
    report = check(NONCOMPLIANT, generated_on=dt.date(2013, 4, 1))
    assert report.scope is not None
    assert report.ruleset is not None
    text = render(fmt, [report])
    if fmt == "html":
        text = html.unescape(text)
    if fmt == "json":
        data = json.loads(text)["reports"][0]
        assert data["scope"]["statement"] == report.scope.statement
        assert data["generated_on"] == "2013-04-01"
        assert data["ruleset"]["digest"] == report.ruleset.digest
        assert data["tool"]["version"] == report.tool.version
        assert data["document"]["as_of_source"] == "document"
        return
    assert report.scope.statement in text
    assert "2013-04-01" in text
    assert report.ruleset.digest in text
    assert f"ccg-rules {report.tool.version}" in text
    assert "the document's own date" in text
