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


# --------------------------------------------------------------------------- every output, every command

# (id, command line, output file written or None for standard output). Each is run from the
# repository root on the two bundled examples (one document for ``check``'s single case).
_DOCS = ("examples/ccg-noncompliant.yaml", "examples/ccg-compliant.yaml")
_OUTPUTS = [
    ("check-json-single", ["check", "--format", "json", _DOCS[0]], None),
    ("check-json-wave", ["check", "--format", "json", *_DOCS], None),
    ("check-markdown-single", ["check", "--format", "markdown", _DOCS[0]], None),
    ("check-markdown-wave", ["check", "--format", "markdown", *_DOCS], None),
    ("check-html-single", ["check", "--format", "html", _DOCS[0]], None),
    ("check-html-wave", ["check", "--format", "html", *_DOCS], None),
    ("assess-html-single", ["assess", "--report", "{out}", _DOCS[0]], "{out}"),
    ("assess-html-wave", ["assess", "--report", "{out}", *_DOCS], "{out}"),
    ("assess-markdown-single", ["assess", "--markdown", "{out}", _DOCS[0]], "{out}"),
    ("assess-markdown-wave", ["assess", "--markdown", "{out}", *_DOCS], "{out}"),
]


@pytest.mark.parametrize(("args", "written"), [pytest.param(a, w, id=i) for i, a, w in _OUTPUTS])
@pytest.mark.slow
def test_every_output_of_every_command_states_scope_and_metadata(
    args: list[str],
    written: str | None,
    run_cli,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    out_file = tmp_path / "out"
    code, out, err = run_cli(*[a.replace("{out}", str(out_file)) for a in args])
    assert code in (0, 1), err
    text = out_file.read_text(encoding="utf-8") if written else out
    if "html" in args or "--report" in args:
        text = html.unescape(text)
    documents = [a for a in args if a.startswith("examples/")]
    reports = [check(REPO / d) for d in documents]
    if "json" in args:
        data = json.loads(text)["reports"]
        assert len(data) == len(documents)
        for got, report in zip(data, reports, strict=True):
            assert report.scope is not None
            assert report.ruleset is not None
            assert got["scope"]["statement"] == report.scope.statement
            assert got["scope"]["board_criteria"] == 119
            assert got["generated_on"] == "2026-01-01"  # SOURCE_DATE_EPOCH of the suite
            assert (got["ruleset"]["id"], got["ruleset"]["version"]) == ("ccg-authorisation", "2012")
            assert got["ruleset"]["digest"] == report.ruleset.digest
            assert got["tool"]["version"] == report.tool.version
            assert (got["document"]["as_of"], got["document"]["as_of_source"]) == ("2013-01-15", "document")
        return
    flat = " ".join(text.split())  # Markdown and HTML may wrap a sentence
    for report in reports:
        assert report.scope is not None
        assert report.ruleset is not None
        assert report.scope.statement in flat
        assert "of the Board's 119 authorisation criteria" in report.scope.statement
        assert f"ccg-rules {report.tool.version} on 2026-01-01" in flat
        assert "ccg-authorisation@2012" in flat
        assert report.ruleset.digest in flat
        assert "as of 2013-01-15 (the document's own date)" in flat


# --------------------------------------------------------------------------- the text outputs

_ICB = "examples/icb/icb-compliant.yaml"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["check", _DOCS[0]], id="check-text-single"),
        pytest.param(["check", "--format", "text", *_DOCS], id="check-text-wave"),
        pytest.param(["check", _ICB], id="check-text-icb"),
        pytest.param(["assess", *_DOCS], id="assess-summary-wave"),
        pytest.param(["assess", _ICB, _DOCS[1]], id="assess-summary-mixed"),
    ],
)
def test_every_text_report_states_its_scope_in_one_plain_line(args: list[str], run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli(*args)
    assert code in (0, 1), err
    lines = out.splitlines()
    for doc in (a for a in args if a.startswith("examples/")):
        scope = check(REPO / doc).scope
        assert scope is not None
        # ``check`` gives each document its own line after its summary; ``assess`` each
        # distinct sentence once, after the counts.
        assert (f"{doc}: {scope.statement}" if args[0] == "check" else scope.statement) in lines


def test_a_text_report_of_a_document_no_rule_ran_on_says_so() -> None:
    report = check_text("format: ccg-document/1\nas_of: 2013-01-15\n", filename="x.yaml")
    assert report.scope is not None
    lines = render("text", [report]).splitlines()
    assert lines[-1] == f"x.yaml: {report.scope.statement}"
    assert lines[-1].startswith("x.yaml: No rule ran")
