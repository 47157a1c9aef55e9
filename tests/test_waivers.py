"""Waivers, end to end through the command line: valid, expired, orphaned, targetless, malformed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from ccg_rules import check, check_text
from ccg_rules.errors import WaiverFileError
from ccg_rules.findings import Finding, Severity
from ccg_rules.waivers import beside, load_waivers
from textscope import scope_line, without_scope

NONCOMPLIANT = "examples/ccg-noncompliant.yaml"
COMPLIANT = "examples/ccg-compliant.yaml"

Cli = Callable[..., tuple[int, str, str]]


def entry(
    rule: str,
    target: str,
    *,
    expires: str = "2013-03-31",
    approved_on: str = "2013-01-10",
    reference: str | None = "GB minute 2013/004",
) -> str:
    text = (
        f"  - rule: {rule}\n"
        f"    target: {target}\n"
        "    justification: Accepted for now while the governing body recruits.\n"
        "    approved_by: Governing body\n"
        f"    approved_on: {approved_on}\n"
        f"    expires: {expires}\n"
    )
    return text + (f"    reference: {reference}\n" if reference else "")


def waiver_file(entries: Iterable[str]) -> str:
    return "format: ccg-waivers/1\nwaivers:\n" + "".join(entries)


def entries_for(findings: Iterable[Finding], **kwargs: Any) -> list[str]:
    return [entry(f.rule_id, f.pointer, **kwargs) for f in findings]


@pytest.fixture
def document(repo: Path, tmp_path: Path) -> Path:
    """A copy of the non-compliant example in a folder of its own."""
    path = tmp_path / "ccg-fenhollow.yaml"
    shutil.copy2(repo / NONCOMPLIANT, path)
    return path


@pytest.fixture(scope="module")
def baseline() -> tuple[Finding, ...]:
    """The non-compliant example's findings with no waivers."""
    return check(NONCOMPLIANT, waivers=False).findings


def errors_of(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def json_report(run_cli: Cli, *args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run_cli("check", "--format", "json", *args)
    (report,) = json.loads(out)["reports"]
    return code, report, err


# --------------------------------------------------------------------------- valid waivers


def test_waiving_every_error_drops_the_exit_code_to_what_remains(
    run_cli: Cli, document: Path, baseline: tuple[Finding, ...]
) -> None:
    errors = errors_of(baseline)
    assert errors
    beside(document).write_text(waiver_file(entries_for(errors)), encoding="utf-8")
    code, out, err = run_cli("check", str(document))
    assert (code, err) == (0, "")
    warnings = [f for f in baseline if f.severity is Severity.WARNING]
    assert without_scope(out)[-1] == (
        f"{document}: 0 errors, {len(warnings)} warning{'s' * (len(warnings) != 1)}, 0 info, "
        f"{len(errors)} waived; authorised with conditions [ccg-authorisation@2012]"
    )
    assert not any(" error " in line for line in out.splitlines())
    assert run_cli("check", "--fail-on", "warning", str(document))[0] == 1


def test_a_waived_finding_stays_in_the_report_with_its_record(
    run_cli: Cli, document: Path, baseline: tuple[Finding, ...], repo: Path
) -> None:
    target = next(f for f in baseline if f.rule_id == "REG-11-01")
    waivers = beside(document)
    waivers.write_text(waiver_file([entry(target.rule_id, target.pointer)]), encoding="utf-8")
    code, report, err = json_report(run_cli, str(document))
    assert (code, err) == (1, "")
    schema = json.loads((repo / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
    waived = [f for f in report["findings"] if f["waived"] is not None]
    assert [(f["rule_id"], f["pointer"]) for f in waived] == [("REG-11-01", target.pointer)]
    assert waived[0]["waived"] == {
        "rule": "REG-11-01",
        "target": target.pointer,
        "justification": "Accepted for now while the governing body recruits.",
        "approved_by": "Governing body",
        "approved_on": "2013-01-10",
        "expires": "2013-03-31",
        "reference": "GB minute 2013/004",
        "location": {"file": str(waivers), "line": 3, "column": 5},
    }
    assert report["counts"]["waived"] == 1
    assert report["counts"]["error"] == len(errors_of(baseline)) - 1
    assert report["counts"]["total"] == len(baseline)
    assert report["waivers"]["file"] == str(waivers)
    assert report["waivers"]["entries"] == 1
    assert "REG-11-01" not in {c["rule_id"] for c in report["conditions"]}


def test_waivers_leave_the_roll_up(document: Path, baseline: tuple[Finding, ...]) -> None:
    governance = [f for f in baseline if f.domain == "governance"]
    beside(document).write_text(waiver_file(entries_for(governance)), encoding="utf-8")
    report = check(document)
    (domain,) = [d for d in report.domains if d.id == "governance"]
    assert (domain.status.value, domain.directions, domain.conditions) == ("met", 0, 0)
    assert not any(c.domain == "governance" for c in report.conditions)
    assert report.counts.waived == len(governance)
    assert len(report.waived) == len(governance)


def test_explicit_waiver_file_and_no_waivers(
    run_cli: Cli, document: Path, tmp_path: Path, baseline: tuple[Finding, ...]
) -> None:
    errors = errors_of(baseline)
    elsewhere = tmp_path / "elsewhere" / "waivers.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(waiver_file(entries_for(errors)), encoding="utf-8")
    assert run_cli("check", str(document))[0] == 1
    assert run_cli("check", "--waivers", str(elsewhere), str(document))[0] == 0
    beside(document).write_text(waiver_file(entries_for(errors)), encoding="utf-8")
    assert run_cli("check", str(document))[0] == 0
    assert run_cli("check", "--no-waivers", str(document))[0] == 1


def test_library_and_cli_agree(run_cli: Cli, document: Path, baseline: tuple[Finding, ...]) -> None:
    beside(document).write_text(waiver_file(entries_for(errors_of(baseline)[:3])), encoding="utf-8")
    _, report, _ = json_report(run_cli, str(document))
    assert report == json.loads(check(str(document)).model_dump_json())
    assert check_text(document.read_bytes(), filename=str(document)).counts.waived == 0  # text: nothing beside


def test_expiry_is_judged_by_the_as_of_date(
    run_cli: Cli, document: Path, baseline: tuple[Finding, ...]
) -> None:
    # The document speaks for 2013-01-15; the waiver runs to 2013-03-31, long past today.
    beside(document).write_text(waiver_file(entries_for(errors_of(baseline))), encoding="utf-8")
    assert run_cli("check", str(document))[0] == 0
    assert dt.date.today() > dt.date(2013, 3, 31)
    code, report, _ = json_report(
        run_cli, "--as-of", "today", "--ruleset", "ccg-authorisation@2012", str(document)
    )
    assert code == 1
    assert {f["rule_id"] for f in report["findings"] if f["waived"] is None} >= {"WAIVER-EXPIRED"}


# --------------------------------------------------------------------------- problems with waivers


def test_expired_waiver(run_cli: Cli, document: Path, baseline: tuple[Finding, ...]) -> None:
    target = next(f for f in baseline if f.rule_id == "REG-11-01")
    waivers = beside(document)
    waivers.write_text(
        waiver_file([entry("REG-11-01", target.pointer, expires="2013-01-14")]), encoding="utf-8"
    )
    code, out, err = run_cli("check", str(document))
    assert (code, err) == (1, "")
    lines = without_scope(out)
    assert any(line.endswith(f"REG-11-01 {target.message}") for line in lines)
    assert lines[-2] == (
        f"{waivers}:8:5: warning WAIVER-EXPIRED The waiver for REG-11-01 at {target.pointer} expired on "
        "2013-01-14, before 2013-01-15, the date of the check; a finding it accepted counts again."
    )
    assert ", 0 info; " in lines[-1]  # nothing waived
    code, report, _ = json_report(run_cli, str(document))
    (problem,) = [f for f in report["findings"] if f["rule_id"] == "WAIVER-EXPIRED"]
    assert problem["location"] == {"file": str(waivers), "line": 8, "column": 5}
    assert problem["pointer"] == "/waivers/0/expires"
    assert problem["evidence"] == {"expected": "expires on or after 2013-01-15", "actual": "2013-01-14"}
    # The day it expires is still covered.
    waivers.write_text(
        waiver_file([entry("REG-11-01", target.pointer, expires="2013-01-15")]), encoding="utf-8"
    )
    assert check(document).counts.waived == 1


def test_orphaned_waiver(run_cli: Cli, document: Path, baseline: tuple[Finding, ...]) -> None:
    failing = sorted(f.pointer for f in baseline if f.rule_id == "REG-12-01")
    waivers = beside(document)
    waivers.write_text(
        waiver_file([entry("REG-12-01", "/governing_body/members/0"), entry("NOPE-01", "/ccg/name")]),
        encoding="utf-8",
    )
    code, out, err = run_cli("check", str(document))
    assert (code, err) == (1, "")
    assert (
        f"{waivers}:3:5: warning WAIVER-UNUSED The waiver for REG-12-01 at /governing_body/members/0 "
        f"accepts nothing: REG-12-01 does not fail there (it fails at {', '.join(failing)})."
    ) in out.splitlines()
    assert (
        f"{waivers}:10:5: warning WAIVER-UNUSED The waiver for NOPE-01 at /ccg/name accepts nothing: "
        "NOPE-01 is not a rule of ccg-authorisation@2012."
    ) in out.splitlines()


def test_orphaned_waiver_on_a_passing_document(run_cli: Cli, repo: Path, tmp_path: Path) -> None:
    document = tmp_path / "ccg.yaml"
    shutil.copy2(repo / COMPLIANT, document)
    beside(document).write_text(
        waiver_file([entry("REG-11-01", "/governing_body/members")]), encoding="utf-8"
    )
    code, out, _ = run_cli("check", str(document))
    assert code == 0  # a waiver problem is a warning
    assert "WAIVER-UNUSED" in out
    assert run_cli("check", "--fail-on", "warning", str(document))[0] == 1


def test_waiver_whose_target_does_not_exist(run_cli: Cli, document: Path) -> None:
    waivers = beside(document)
    waivers.write_text(waiver_file([entry("REG-11-01", "/governing_body/membrs")]), encoding="utf-8")
    code, out, _ = run_cli("check", str(document))
    assert code == 1
    assert (
        f"{waivers}:4:5: warning WAIVER-NO-TARGET The waiver for REG-11-01 at /governing_body/membrs "
        "targets an element that is not in the document; did you mean /governing_body/members?"
    ) in out.splitlines()


def test_waivers_of_rules_left_out_are_not_checked(run_cli: Cli, document: Path) -> None:
    beside(document).write_text(waiver_file([entry("REG-12-01", "/nowhere")]), encoding="utf-8")
    assert "WAIVER-" in run_cli("check", str(document))[1]
    assert "WAIVER-" not in run_cli("check", "--ignore", "REG-12-01", str(document))[1]
    assert "WAIVER-" not in run_cli("check", "--select", "SCH5-", str(document))[1]


# --------------------------------------------------------------------------- malformed waiver files

MALFORMED = {
    "unknown-key": (
        waiver_file([entry("REG-11-01", "/governing_body/members")]).replace("approved_by", "aproved_by"),
        [
            "6:5: unknown key 'aproved_by'; did you mean 'approved_by'?",
            "3:5: required key 'approved_by' is missing",
        ],
    ),
    "bad-date": (
        waiver_file([entry("REG-11-01", "/governing_body/members", expires="2013-02-30")]),
        ["8:5: 'expires': '2013-02-30' is not a real date"],
    ),
    "not-a-pointer": (
        waiver_file([entry("REG-11-01", "governing_body/members")]),
        ["4:5: 'target': 'governing_body/members' is not a JSON Pointer"],
    ),
    "bad-rule-id": (
        waiver_file([entry("reg-11-01", "/governing_body/members")]),
        ["3:5: 'rule': 'reg-11-01' is not a rule id such as REG-11-01"],
    ),
    "expires-before-approval": (
        waiver_file([entry("REG-11-01", "/governing_body/members", approved_on="2013-04-01")]),
        ["8:5: expires (2013-03-31) is before approved_on (2013-04-01)"],
    ),
    "duplicate": (
        waiver_file([entry("REG-11-01", "/governing_body/members")] * 2),
        ["10:5: a waiver for REG-11-01 at /governing_body/members is already given on line 3"],
    ),
    "yaml-syntax": ("waivers:\n  - rule: [REG-11-01\n", ["3:1: "]),
    "duplicate-key": ("waivers: []\nwaivers: []\n", ["2:1: The key 'waivers' appears twice"]),
    "wrong-format": ("format: ccg-waivers/2\nwaivers: []\n", ["1:1: 'format': "]),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_waiver_file_exits_2_with_locations(run_cli: Cli, document: Path, case: str) -> None:
    text, expected = MALFORMED[case]
    waivers = beside(document)
    waivers.write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", str(document), "examples/ccg-compliant.yaml")
    assert code == 2
    lines = err.splitlines()
    assert len(lines) >= len(expected)
    for want in expected:
        assert any(line.startswith(f"ccg-rules: error: {waivers}:{want}") for line in lines), (want, lines)
    # The other document is still reported.
    assert (
        out
        == "examples/ccg-compliant.yaml: 0 errors, 0 warnings, 0 info; authorised [ccg-authorisation@2012]\n"
        + scope_line("examples/ccg-compliant.yaml")
    )
    with pytest.raises(WaiverFileError) as info:
        load_waivers(waivers)
    assert info.value.file == str(waivers)
    assert info.value.problems


def test_missing_explicit_waiver_file_exits_2(run_cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "none.yaml"
    code, out, err = run_cli("check", "--waivers", str(missing), COMPLIANT)
    assert (code, out) == (2, "")
    assert err.startswith(f"ccg-rules: error: {missing}:1:1: cannot read the waiver file: ")


def test_empty_waiver_list_is_fine(run_cli: Cli, document: Path) -> None:
    beside(document).write_text("waivers: []\n", encoding="utf-8")
    code, report, _ = json_report(run_cli, str(document))
    assert code == 1
    assert report["waivers"]["entries"] == 0


def test_waiver_file_schema_accepts_the_documented_example(repo: Path) -> None:
    schema = json.loads((repo / "schemas" / "waivers.schema.json").read_text(encoding="utf-8"))
    guide = (repo / "docs" / "pre-commit-and-ci.md").read_text(encoding="utf-8")
    example = guide.split("```yaml\nformat: ccg-waivers/1\n", 1)[1].split("```", 1)[0]
    data = yaml.safe_load("format: ccg-waivers/1\n" + example)
    data = json.loads(json.dumps(data, default=str))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    bad = {"waivers": [{**data["waivers"][0], "owner": "x"}]}
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)


def test_a_waiver_target_in_data_from_python_is_tested_against_the_model(repo: Path, tmp_path: Path) -> None:
    """A mapping has no source map: the target must be a place the validated document sets."""
    data = yaml.safe_load((repo / COMPLIANT).read_text(encoding="utf-8"))
    waivers = tmp_path / "w.waivers.yaml"
    waivers.write_text(
        waiver_file(
            [
                entry("REG-12-01", "/governing_body/members/0"),  # set: unused, not targetless
                entry("REG-12-01", "/governing_body/members/99"),  # past the end of the list
                entry("REG-12-01", "/governing_body/vacancies"),  # a field the document leaves unset
            ]
        ),
        encoding="utf-8",
    )
    set_fields = data["governing_body"]
    assert "vacancies" not in set_fields
    report = check(data, waivers=str(waivers), as_of=dt.date(2013, 1, 15))
    problems = sorted((f.rule_id, f.location.line) for f in report.findings if f.rule_id.startswith("WAIVER-"))
    assert problems == [("WAIVER-NO-TARGET", 11), ("WAIVER-NO-TARGET", 18), ("WAIVER-UNUSED", 3)]
