"""OSCAL export, checked against real consumers: NIST's JSON Schema and compliance-trestle.

Every example and wave document gives assessment results (with the assessment plan they
import) and a POA&M, and every ruleset version a catalog and a profile; each must validate
against the vendored OSCAL 1.2.3 complete schema (``tests/schemas/README.md``) and load
into trestle's pydantic models. The findings read back from the assessment results must
match the JSON report's, rule for rule, and the bytes must not change between runs.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pydantic
import pytest
import regex
from jsonschema import validators
from trestle.oscal.assessment_plan import AssessmentPlan
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.catalog import Catalog
from trestle.oscal.poam import PlanOfActionAndMilestones
from trestle.oscal.profile import Profile

import ccg_rules
from ccg_rules import Report, check, load_ruleset
from ccg_rules.oscal._base import NS, OSCAL_VERSION, md, unmd
from ccg_rules.oscal.catalog import catalog, profile
from ccg_rules.render import render
from ccg_rules.rules.catalog import available_rulesets

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "tests" / "schemas" / "oscal_complete_schema.json"
SCHEMA_SHA256 = "384324105c7a817af0f65b120a963146caa0e0d55d969cf0daf60e063b87a206"
DAY = dt.date(2026, 1, 2)
EXAMPLES = sorted(
    p.relative_to(ROOT).as_posix()
    for p in [*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/wave/*.yaml")]
    if not p.name.endswith(".waivers.yaml")
)
MODELS: dict[str, Any] = {
    "assessment-results": AssessmentResults,
    "assessment-plan": AssessmentPlan,
    "plan-of-action-and-milestones": PlanOfActionAndMilestones,
    "catalog": Catalog,
    "profile": Profile,
}
WAIVERS = """\
waivers:
  - rule: REG-11-11
    target: /governing_body/members/2
    justification: The interim accountable officer also acts as chief finance officer until March.
    approved_by: Governing body
    approved_on: 2013-01-10
    expires: 2013-03-31
    reference: GB minute 2013/004
"""

Cli = Callable[..., tuple[int, str, str]]
Process = Callable[..., tuple[int, str, str, float]]


@pytest.fixture(autouse=True)
def _in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)


def _pattern(
    validator: Any, pattern: str, instance: Any, schema: Any
) -> Iterator[jsonschema.ValidationError]:
    # OSCAL's patterns use Unicode property escapes (\p{L}) that Python's re lacks.
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


OscalValidator = validators.extend(jsonschema.Draft7Validator, {"pattern": _pattern})


@pytest.fixture(scope="module")
def validator() -> Any:
    data = SCHEMA.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256
    schema = json.loads(data)
    assert schema["$id"] == "http://csrc.nist.gov/ns/oscal/1.0/1.2.3/oscal-complete-schema.json"
    return OscalValidator(schema)


def schema_errors(validator: Any, doc: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(doc)]


def valid(validator: Any, text: str) -> dict[str, Any]:
    """Parse ``text``; assert it validates against the schema and loads into trestle losslessly."""
    doc: dict[str, Any] = json.loads(text)
    assert schema_errors(validator, doc) == []
    ((model, body),) = doc.items()
    assert body["metadata"]["oscal-version"] == OSCAL_VERSION
    loaded = MODELS[model].model_validate(body)
    # trestle writes back exactly what it read: nothing it does not model is dropped.
    assert json.loads(loaded.oscal_serialize_json()) == doc
    return body


def embedded_plan(results: dict[str, Any]) -> str:
    """The assessment plan the results import (``import-ap`` points at a back-matter resource)."""
    href = results["import-ap"]["href"]
    assert href.startswith("#")
    (resource,) = [r for r in results["back-matter"]["resources"] if r["uuid"] == href[1:]]
    return base64.b64decode(resource["base64"]["value"]).decode("utf-8")


def uuids_and_references(body: Any) -> tuple[list[str], set[str]]:
    """Every ``uuid`` defined, and every UUID referred to (``*-uuid`` fields and ``#uuid`` links)."""
    defined: list[str] = []
    referred: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "uuid":
                    defined.append(value)
                elif key.endswith("-uuid") and isinstance(value, str):
                    referred.add(value)
                elif key == "href" and value.startswith("#") and len(value) > 1:
                    referred.add(value[1:])
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(body)
    return defined, referred


def assert_references_hold(body: dict[str, Any]) -> None:
    """What the JSON Schema cannot check (OSCAL's Metaschema constraints): unique UUIDs that resolve."""
    defined, referred = uuids_and_references(body)
    assert len(defined) == len(set(defined))
    assert referred <= set(defined)


def prop(obj: dict[str, Any], name: str) -> str | None:
    values = [p["value"] for p in obj.get("props", []) if p["name"] == name and p.get("ns") == NS]
    assert len(values) <= 1
    return values[0] if values else None


# --------------------------------------------------------------------------- every example


@pytest.mark.parametrize("path", EXAMPLES)
@pytest.mark.slow
def test_every_example_gives_valid_assessment_results_plan_and_poam(validator: Any, path: str) -> None:
    report = check(path, generated_on=DAY)
    results = valid(validator, render("oscal", [report]))
    assert_references_hold(results)
    plan = valid(validator, embedded_plan(results))
    assert_references_hold(plan)
    poam = valid(validator, render("oscal-poam", [report]))
    assert_references_hold(poam)
    (result,) = results["results"]
    assert results["metadata"]["last-modified"] == "2026-01-02T00:00:00+00:00"
    assert prop(result, "document-digest") == report.document.digest
    assert report.ruleset is not None
    assert prop(result, "ruleset-digest") == report.ruleset.digest
    # One item per condition (no example has a waiver), or the one item saying there are none.
    items = poam["poam-items"]
    if report.conditions:
        assert [prop(i, "rule-id") for i in items] == [c.rule_id for c in report.conditions]
        for item, condition in zip(items, report.conditions, strict=True):
            assert unmd(item["description"]) == condition.text
    else:
        assert [i["title"] for i in items] == ["No conditions"]


@pytest.mark.parametrize("ref", [v.ref for v in available_rulesets()])
@pytest.mark.slow
def test_every_ruleset_version_gives_a_valid_catalog_and_profile(validator: Any, ref: str) -> None:
    ruleset = load_ruleset(ref)
    cat = valid(validator, json.dumps({"catalog": catalog(ruleset, DAY)}))
    assert_references_hold(cat)
    assert [g["id"] for g in cat["groups"]] == [d.id for d in ruleset.domains]
    assert len(cat["groups"]) == {"ccg-authorisation": 6, "icb-constitution": 4}[ruleset.id]
    controls = {c["id"]: c for g in cat["groups"] for c in g.get("controls", [])}
    assert list(controls) == [
        r.id for r in sorted(ruleset.rules, key=lambda r: [d.id for d in ruleset.domains].index(r.domain))
    ]
    for rule in ruleset.rules:
        control = controls[rule.id]
        assert unmd(control["title"]) == rule.title
        assert prop(control, "severity") == rule.severity.value
        assert prop(control, "consequence") == rule.consequence.value
        assert prop(control, "citation-confidence") == rule.citation.confidence.value
        values = {p["id"]: p["values"] for p in control.get("params", [])}
        assert values == {f"{rule.id}_prm_{n}": [json.dumps(ruleset.parameters[n])] for n in rule.parameters}
        (reference,) = [link for link in control["links"] if link["rel"] == "reference"]
        (resource,) = [r for r in cat["back-matter"]["resources"] if f"#{r['uuid']}" == reference["href"]]
        assert unmd(resource["title"]) == f"{rule.citation.instrument}, {rule.citation.provision}"
        assert [link["href"] for link in resource.get("rlinks", [])] == (
            [rule.citation.url] if rule.citation.url else []
        )
    prof = valid(validator, json.dumps({"profile": profile(ruleset, DAY)}))
    assert_references_hold(prof)
    (imported,) = prof["imports"]
    assert imported["include-controls"] == [{"with-ids": [r.id for r in ruleset.rules]}]


def test_a_parameter_carries_its_value_for_the_version() -> None:
    def value(ref: str) -> list[str]:
        cat = catalog(load_ruleset(ref), DAY)
        (control,) = [c for g in cat["groups"] for c in g.get("controls", []) if c["id"] == "REG-11-01"]
        (param,) = control["params"]
        assert param["id"] == "REG-11-01_prm_governing_body_min"
        return list(param["values"])

    assert value("ccg-authorisation@2012") == ["6"]
    assert value("ccg-authorisation@2022-04") == ["4"]


# --------------------------------------------------------------------------- the round trip


def _from_results(result: dict[str, Any]) -> tuple[dict[str, str], dict[str, list[tuple[Any, ...]]]]:
    """Each reviewed rule's state, and the findings (from the observations) of those not satisfied."""
    observations = {o["uuid"]: o for o in result["observations"]}
    states: dict[str, str] = {}
    found: dict[str, list[tuple[Any, ...]]] = {}
    for finding in result.get("findings", []):
        target = finding["target"]
        rule = re.sub(r"_smt$", "", target["target-id"])
        assert prop(finding, "rule-id") == rule
        states[rule] = target["status"]["state"]
        if states[rule] == "not-satisfied":
            found[rule] = [
                (
                    prop(o, "pointer"),
                    int(prop(o, "line") or 0),
                    int(prop(o, "column") or 0),
                    unmd(o["description"]),
                    prop(o, "waived") == "true",
                    o["relevant-evidence"][0]["href"],
                )
                for o in (observations[r["observation-uuid"]] for r in finding["related-observations"])
            ]
    return states, found


def _from_json(report: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    found: dict[str, list[tuple[Any, ...]]] = {}
    for f in report["findings"]:
        loc = f["location"]
        href = f"{loc['file']}#L{loc['line']}"
        found.setdefault(f["rule_id"], []).append(
            (f["pointer"], loc["line"], loc["column"], f["message"], f["waived"] is not None, href)
        )
    return found


@pytest.fixture
def waived_document(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The non-compliant example with a waiver file beside it, in a folder of its own."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ccg.yaml").write_bytes((repo / "examples" / "ccg-noncompliant.yaml").read_bytes())
    (tmp_path / "ccg.waivers.yaml").write_text(WAIVERS, encoding="utf-8")
    return "ccg.yaml"


def _round_trip(run_cli: Cli, *files: str, options: tuple[str, ...] = ()) -> None:
    code, out, err = run_cli("check", "--format", "oscal", *options, *files)
    code_json, out_json, err_json = run_cli("check", "--format", "json", *options, *files)
    assert err == err_json
    assert code == code_json
    reports = json.loads(out_json)["reports"]
    results = json.loads(out)["assessment-results"]["results"]
    assert len(results) == len(reports) == len(files)
    for result, report in zip(results, reports, strict=True):
        states, found = _from_results(result)
        expected = _from_json(report)
        assert found == expected
        ran = {r["id"] for r in report["rules"] if r["ruleset"] is None}
        ran |= (
            set(report["selection"]["rules"])
            if report["selection"]
            else {r["id"] for r in report["rules"] if r["ruleset"] is not None and report["valid"]}
        )
        assert set(states) == ran
        assert {r for r, s in states.items() if s == "not-satisfied"} == set(expected)
        assert report["scope"] is None or report["scope"]["rules_checked"] == len(
            [r for r in ran if not r.startswith(("DOC-", "WAIVER-"))]
        )
        # Conditions are open risks; waivers are accepted (deviation-approved) risks.
        risks = result.get("risks", [])
        assert [prop(r, "rule-id") for r in risks if r["status"] == "open"] == [
            c["rule_id"] for c in report["conditions"]
        ]
        waived = [f for f in report["findings"] if f["waived"]]
        accepted = [r for r in risks if r["status"] == "deviation-approved"]
        assert [(prop(r, "rule-id"), prop(r, "target")) for r in accepted] == [
            (f["rule_id"], f["waived"]["target"]) for f in waived
        ]


@pytest.mark.slow
def test_findings_read_back_from_the_results_match_the_json_report(run_cli: Cli) -> None:
    _round_trip(run_cli, *EXAMPLES)


def test_round_trip_holds_with_a_selection(run_cli: Cli) -> None:
    _round_trip(run_cli, "examples/ccg-noncompliant.yaml", options=("--select", "REG-11"))


def test_round_trip_holds_with_waivers(run_cli: Cli, waived_document: str, validator: Any) -> None:
    _round_trip(run_cli, waived_document)
    _, out, _ = run_cli("check", "--format", "oscal", waived_document)
    results = valid(validator, out)
    (result,) = results["results"]
    (accepted,) = [r for r in result["risks"] if r["status"] == "deviation-approved"]
    assert accepted["deadline"] == "2013-03-31T23:59:59+00:00"
    (party,) = results["metadata"]["parties"]
    assert party["name"] == "Governing body"
    assert accepted["characterizations"][0]["origin"]["actors"] == [
        {"type": "party", "actor-uuid": party["uuid"]}
    ]
    assert accepted["risk-log"]["entries"][0]["start"] == "2013-01-10T00:00:00+00:00"
    (finding,) = [f for f in result["findings"] if prop(f, "rule-id") == "REG-11-11"]
    assert finding["target"]["status"]["state"] == "not-satisfied"
    assert {r["risk-uuid"] for r in finding["related-risks"]} == {accepted["uuid"]}
    # The POA&M gives the waiver an item whose milestone is the expiry.
    _, out, _ = run_cli("check", "--format", "oscal-poam", waived_document)
    poam = valid(validator, out)
    assert_references_hold(poam)
    (item,) = [i for i in poam["poam-items"] if "waived" in i["title"]]
    (risk,) = [r for r in poam["risks"] if r["uuid"] == item["related-risks"][0]["risk-uuid"]]
    (task,) = risk["remediations"][0]["tasks"]
    assert (task["type"], task["timing"]["on-date"]["date"]) == ("milestone", "2013-03-31T23:59:59+00:00")


def test_a_document_that_cannot_be_read_gives_results_with_no_rule_run(
    run_cli: Cli, tmp_path: Path, validator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = Path("bad.yaml")
    bad.write_text("format: ccg-document/1\nas_of: 2013-01-15\nccg: {name: x}\nccg: {}\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--format", "oscal", str(bad))
    assert code == 2
    (result,) = valid(validator, out)["results"]
    assert prop(result, "valid") == "false"
    assert [prop(f, "rule-id") for f in result["findings"]] == ["DOC-DUPLICATE-KEY"]
    _round_trip(run_cli, str(bad))


# --------------------------------------------------------------------------- determinism and safety


@pytest.mark.slow
def test_output_is_byte_identical_across_processes(run_process: Process) -> None:
    env = {"SOURCE_DATE_EPOCH": "1767312000"}  # 2026-01-02
    for args in (
        ("check", "--format", "oscal", "examples/ccg-noncompliant.yaml", "examples/ccg-compliant.yaml"),
        ("check", "--format", "oscal-poam", "examples/ccg-noncompliant.yaml"),
        ("rulesets", "export", "2012", "--format", "oscal-catalog"),
        ("rulesets", "export", "2012", "--format", "oscal-profile"),
    ):
        outputs = {run_process(*args, env={**env, "PYTHONHASHSEED": seed})[1] for seed in ("0", "1")}
        assert len(outputs) == 1
        assert "2026-01-02T00:00:00+00:00" in outputs.pop()


def test_uuids_are_name_based_and_follow_the_document() -> None:
    first = json.loads(render("oscal", [check("examples/ccg-noncompliant.yaml", generated_on=DAY)]))
    later = json.loads(
        render("oscal", [check("examples/ccg-noncompliant.yaml", generated_on=DAY + dt.timedelta(1))])
    )
    other = json.loads(render("oscal", [check("examples/ccg-compliant.yaml", generated_on=DAY)]))
    ids = uuids_and_references(first)[0]
    assert all(
        re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", u) for u in ids
    )
    assert uuids_and_references(later)[0] == ids  # another day, the same subjects
    assert not set(uuids_and_references(other)[0]) & set(ids)


MARKUP = ("title", "description", "statement", "prose", "remarks")


def markup_fields(node: Any) -> Iterator[str]:
    """Every value of an OSCAL markup (Markdown) field."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in MARKUP and isinstance(value, str):
                yield value
            else:
                yield from markup_fields(value)
    elif isinstance(node, list):
        for item in node:
            yield from markup_fields(item)


def test_markup_from_the_document_cannot_make_links_or_html(
    run_cli: Cli, tmp_path: Path, validator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / "examples" / "ccg-noncompliant.yaml").read_text(encoding="utf-8")
    forged = "[click](javascript:alert(1)) <img src=x onerror=alert(1)> *CCG* `x`"
    monkeypatch.chdir(tmp_path)
    path = Path(f"{forged}.yaml")
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("check", "--format", "oscal", str(path))
    assert code == 1
    body = valid(validator, out)
    seen = list(markup_fields(body))
    assert any(unmd(v) == f"Check of {path}" for v in seen)
    for value in seen:  # every Markdown character that came from the input is escaped
        assert md(unmd(value)) == value, value
    joined = "\n".join(seen)
    assert "javascript" in joined
    assert not re.search(r"(?<!\\)\]\(|(?<!\\)<", joined)  # no link, no tag


@pytest.mark.parametrize(
    ("where", "bad"),
    [
        (("results", 0, "findings", 0, "target", "status", "state"), "failed"),
        (("results", 0, "uuid"), "not-a-uuid"),
        (("metadata", "last-modified"), "2026-01-02T00:00:00"),
    ],
)
@pytest.mark.slow
def test_the_validators_reject_a_broken_document(validator: Any, where: tuple[Any, ...], bad: str) -> None:
    doc = json.loads(render("oscal", [check("examples/ccg-noncompliant.yaml", generated_on=DAY)]))
    node = doc["assessment-results"]
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = bad
    assert schema_errors(validator, doc) != []
    with pytest.raises(pydantic.ValidationError):
        AssessmentResults.model_validate(doc["assessment-results"])


# --------------------------------------------------------------------------- the command line


def test_rulesets_export_writes_the_catalog_to_a_file(run_cli: Cli, tmp_path: Path, validator: Any) -> None:
    target = tmp_path / "catalog.json"
    assert run_cli(
        "rulesets",
        "export",
        "ccg-authorisation@2013-03",
        "--format",
        "oscal-catalog",
        "--output",
        str(target),
    ) == (0, "", "")
    body = valid(validator, target.read_text(encoding="utf-8"))
    assert body["metadata"]["version"] == "2013-03"
    assert prop(body["metadata"], "ruleset-digest") == load_ruleset("ccg-authorisation@2013-03").digest


def test_rulesets_export_refuses_an_unknown_version(run_cli: Cli) -> None:
    code, out, err = run_cli("rulesets", "export", "2099", "--format", "oscal-catalog")
    assert (code, out) == (2, "")
    assert "ccg-authorisation has no version '2099'" in err


def test_rulesets_export_needs_a_format(run_cli: Cli) -> None:
    code, _, err = run_cli("rulesets", "export", "2012")
    assert code == 2
    assert "--format" in err


def test_the_report_stays_the_source(validator: Any) -> None:
    """Reports read back from JSON give the same OSCAL as the ones the checks returned."""
    report = check("examples/ccg-noncompliant.yaml", generated_on=DAY)
    again = Report.model_validate_json(report.model_dump_json())
    assert render("oscal", [again]) == render("oscal", [report])
    assert ccg_rules.__version__ in render("oscal", [report])


# --------------------------------------------------------------------------- the documentation page

PAGE = ROOT / "docs" / "oscal-export.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@pytest.mark.slow
def test_the_page_shows_real_output(run_process: Process) -> None:
    blocks = [(m.group(1), m.group(2)) for m in BLOCK.finditer(PAGE.read_text(encoding="utf-8"))]
    shown = [json.loads(body) for kind, body in blocks if kind == "json"]
    env = {"SOURCE_DATE_EPOCH": "1767312000"}
    _, out, _, _ = run_process("check", "--format", "oscal", "examples/ccg-noncompliant.yaml", env=env)
    (result,) = json.loads(out)["assessment-results"]["results"]
    real = {o["uuid"]: o for o in [*result["findings"], *result["observations"]]}
    assert len(shown) == 2
    for example in shown:
        actual = real[example["uuid"]]
        for key, value in example.items():
            if key == "props":  # shortened on the page
                assert all(p in actual["props"] for p in value)
            else:
                assert actual[key] == value, key


def test_the_page_loads_the_results_in_trestle(
    run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (code,) = [body for kind, body in BLOCK.findall(PAGE.read_text(encoding="utf-8")) if kind == "python"]
    target = tmp_path / "ar.json"
    assert (
        run_cli("check", "--format", "oscal", "--output", str(target), "examples/ccg-noncompliant.yaml")[0]
        == 1
    )
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(PAGE), "exec"), {})
    lines = printed.getvalue().splitlines()
    report = check(str(ROOT / "examples" / "ccg-noncompliant.yaml"))
    failing = {f.rule_id for f in report.findings}
    assert len(lines) == len(report.rules)
    assert {
        line.split()[0].removesuffix("_smt") for line in lines if line.endswith(" not-satisfied")
    } == failing


# --------------------------------------------------------------------------- assess --oscal DIR


@pytest.mark.slow
def test_assess_writes_each_documents_results_and_poam(run_cli: Cli, tmp_path: Path, validator: Any) -> None:
    folder = tmp_path / "oscal"
    code, out, err = run_cli("assess", "examples/wave", "--oscal", str(folder))
    assert (code, err) == (1, "")
    assert out.endswith(f"wrote {folder}/\n")
    wave = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("examples/wave/*.yaml"))
    names = sorted(p.name for p in folder.iterdir())
    stems = [Path(w).stem for w in wave]
    assert names == sorted(
        [f"{s}.assessment-results.json" for s in stems] + [f"{s}.poam.json" for s in stems]
    )
    for path, stem in zip(wave, stems, strict=True):
        # The same bytes as check gives for the document alone.
        for suffix, fmt in ((".assessment-results.json", "oscal"), (".poam.json", "oscal-poam")):
            text = (folder / f"{stem}{suffix}").read_text(encoding="utf-8")
            assert text == run_cli("check", "--format", fmt, path)[1]
    valid(validator, (folder / f"{stems[0]}.poam.json").read_text(encoding="utf-8"))


def test_assess_oscal_names_documents_with_the_same_stem_apart(run_cli: Cli, tmp_path: Path) -> None:
    twin = tmp_path / "ccg-compliant.yaml"
    twin.write_bytes((ROOT / "examples" / "ccg-compliant.yaml").read_bytes())
    folder = tmp_path / "out"
    assert run_cli("assess", "examples/ccg-compliant.yaml", str(twin), "--oscal", str(folder))[0] == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "ccg-compliant-2.assessment-results.json",
        "ccg-compliant-2.poam.json",
        "ccg-compliant.assessment-results.json",
        "ccg-compliant.poam.json",
    ]
    first = json.loads((folder / "ccg-compliant.assessment-results.json").read_text(encoding="utf-8"))
    second = json.loads((folder / "ccg-compliant-2.assessment-results.json").read_text(encoding="utf-8"))
    assert first["assessment-results"]["uuid"] != second["assessment-results"]["uuid"]


def test_assess_oscal_says_when_the_folder_cannot_be_written(run_cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, out, err = run_cli("assess", "examples/ccg-compliant.yaml", "--oscal", str(blocker))
    assert (code, out) == (2, "")
    assert err.startswith(f"ccg-rules: error: cannot write {blocker}: ")


@pytest.mark.parametrize("fmt", ["oscal", "oscal-poam"])
def test_a_run_with_no_report_still_gives_a_valid_document(run_cli: Cli, validator: Any, fmt: str) -> None:
    code, out, err = run_cli("check", "--format", fmt, "examples/no-such-file.yaml")
    assert code == 2
    assert "no-such-file.yaml" in err
    body = valid(validator, out)
    if fmt == "oscal":
        (result,) = body["results"]
        assert (result["title"], "findings" in result) == ("No documents", False)
    else:
        assert [i["title"] for i in body["poam-items"]] == ["No conditions"]
