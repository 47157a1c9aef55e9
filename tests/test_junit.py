"""JUnit output against its consumers: a published XSD, the exit code, and any text at all."""

from __future__ import annotations

import datetime as dt
import functools
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ccg_rules import check
from ccg_rules._safe import visible
from ccg_rules.findings import Consequence, Finding, Location, Severity
from ccg_rules.render import render
from ccg_rules.render.junit import xml_text
from ccg_rules.report import Counts, DocumentInfo, Outcome, Report, RuleDescriptor, Tool

XSD = Path(__file__).resolve().parent / "schemas" / "junit-10.xsd"
REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples").glob("**/*.yaml"))
EXAMPLES = [p.relative_to(REPO).as_posix() for p in EXAMPLES]
REPEATED = "examples/wave/nhs-fernley-ccg.yaml"  # ACT-14O-02 fails twice there as of REPEATED_AS_OF
REPEATED_AS_OF = "2013-06-01"  # the rule comes with the March 2013 guidance (version 2013-03)
NONCOMPLIANT = "examples/ccg-noncompliant.yaml"

Cli = Callable[..., tuple[int, str, str]]


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.fixture(scope="module")
def junit_schema() -> etree.XMLSchema:
    """The Jenkins xUnit plugin's junit-10.xsd (see tests/schemas/README.md)."""
    return _schema()


def _valid(schema: etree.XMLSchema, text: str) -> ET.Element:
    document = etree.fromstring(text.encode("utf-8"))
    schema.assertValid(document)
    return ET.fromstring(text)


@pytest.mark.slow
def test_the_examples_fit_the_published_xsd(run_cli: Cli, junit_schema: etree.XMLSchema) -> None:
    assert len(EXAMPLES) >= 19
    for fail_on in ("error", "warning", "info"):
        _, out, _ = run_cli("check", "--format", "junit", "--fail-on", fail_on, *EXAMPLES)
        root = _valid(junit_schema, out)
        assert len(root.findall("testsuite")) == len(EXAMPLES)


def test_invalid_documents_waivers_and_selections_fit_the_xsd(
    run_cli: Cli, junit_schema: etree.XMLSchema, tmp_path: Path, repo: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: ccg-document/1\nccg:\n  nme: x\n", encoding="utf-8")
    doc = tmp_path / "ccg.yaml"
    doc.write_text((repo / NONCOMPLIANT).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "ccg.waivers.yaml").write_text(
        "waivers:\n  - rule: REG-11-01\n    target: /governing_body/members/0\n    justification: x\n"
        "    approved_by: Chair\n    approved_on: 2013-01-10\n    expires: 2013-03-31\n",
        encoding="utf-8",
    )
    _, out, _ = run_cli("check", "--format", "junit", "--select", "SCH5-,REG-", str(bad), str(doc))
    root = _valid(junit_schema, out)
    assert root.find("testsuite/testcase/skipped") is not None


@pytest.mark.slow
@pytest.mark.parametrize("fail_on", ["error", "warning", "info"])
def test_a_failure_exactly_when_the_exit_code_fails(run_cli: Cli, fail_on: str) -> None:
    """For each document and threshold: red in the dashboard if and only if the exit code is 1."""
    for path in EXAMPLES:
        code, out, _ = run_cli("check", "--format", "junit", "--fail-on", fail_on, path)
        root = ET.fromstring(out)
        failures = int(root.get("failures", "-1"))
        assert failures == sum(1 for c in root.iter("testcase") if c.find("failure") is not None)
        assert (failures > 0) == (code == 1), (path, fail_on, code)
        report = check(path)
        threshold = Severity(fail_on)
        expected = sorted({f.rule_id for f in report.at_or_above(threshold)})
        failed = sorted(
            c.get("name", "").split(" ")[0] for c in root.iter("testcase") if c.find("failure") is not None
        )
        assert failed == expected
        # the findings below the threshold are still there, in system-out
        below = [f for f in report.in_force if f.severity.rank < threshold.rank]
        listed = "\n".join(c.findtext("system-out") or "" for c in root.iter("testcase"))
        for f in below:
            assert (
                f"{f.location.line}:{f.location.column}: {f.severity.value} {f.rule_id} {f.message}" in listed
            )


def test_repeated_findings_of_a_rule_are_each_a_failure(run_cli: Cli) -> None:
    report = check(REPEATED, as_of=dt.date.fromisoformat(REPEATED_AS_OF))
    repeated = [f for f in report.findings if f.rule_id == "ACT-14O-02"]
    assert len(repeated) == 2
    assert {f.severity for f in repeated} == {Severity.WARNING}
    _, out, _ = run_cli("check", "--format", "junit", "--fail-on", "warning", "--as-of", REPEATED_AS_OF, REPEATED)
    (case,) = [c for c in ET.fromstring(out).iter("testcase") if c.get("name", "").startswith("ACT-14O-02 ")]
    failures = case.findall("failure")
    assert [f.get("message") for f in failures] == [f.message for f in repeated]
    assert [f.text for f in failures] == [
        f"{REPEATED}:{f.location.line}:{f.location.column}: warning ACT-14O-02 {f.message}" for f in repeated
    ]
    assert "more)" not in out


def test_render_refuses_an_unknown_threshold() -> None:
    with pytest.raises(ValueError, match="'fatal'"):
        render("junit", [check(NONCOMPLIANT)], fail_on="fatal")


# --------------------------------------------------------------------------- any text at all


def test_xml_text_escapes_what_xml_forbids() -> None:
    assert xml_text("a\x00b\x1bc\x0bd\ufffe\uffff\ud800e") == "a\\x00b\\x1bc\\x0bd\\ufffe\\uffff\\ud800e"
    kept = "tab\there\nnew line\r\u00e9\u2028\U0001f600\x7f\x85"
    assert xml_text(kept) == kept


def _report(name: str, message: str, title: str, file: str) -> Report:
    finding = Finding(
        rule_id="X-01",
        severity=Severity.ERROR,
        consequence=Consequence.CONDITION,
        title=title,
        message=message,
        pointer="/ccg/name",
        location=Location(file=file, line=3, column=7),
        located_pointer="/ccg/name",
        fingerprint="0123456789abcdef",
    )
    low = finding.model_copy(update={"rule_id": "X-02", "severity": Severity.INFO, "message": name})
    rules = tuple(
        RuleDescriptor(
            id=f.rule_id, title=title, rationale=name, severity=f.severity, consequence=f.consequence
        )
        for f in (finding, low)
    )
    return Report(
        tool=Tool(version="0"),
        document=DocumentInfo(file=file, digest="sha256:0", name=name, as_of=dt.date(2013, 1, 1)),
        engine="python",
        valid=True,
        outcome=Outcome.AUTHORISED_WITH_CONDITIONS,
        counts=Counts.of([finding, low]),
        findings=(finding, low),
        rules=rules,
    )


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(),
    message=st.text(),
    title=st.text(),
    file=st.text(min_size=1),
)
def test_junit_is_well_formed_and_valid_for_any_text(name: str, message: str, title: str, file: str) -> None:
    text = render("junit", [_report(name, message, title, file)])
    text.encode("utf-8")  # no lone surrogate survives
    root = _valid(_schema(), text)
    (case,) = [c for c in root.iter("testcase") if c.get("name", "").startswith("X-01 ")]
    failure = case.find("failure")
    assert failure is not None
    # ordinary text comes back as written; unsafe characters as visible escapes
    assert failure.get("message") == visible(message)
    assert case.get("name") == visible(f"X-01 {title}")
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["X-01.file"] == visible(file)
