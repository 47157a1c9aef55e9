"""ICB constitutions run on the same engine as CCGs: kinds, dates, examples and outputs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import ccg_rules
from ccg_rules import check
from ccg_rules.errors import SelectionError
from ccg_rules.render import FORMATS
from textscope import without_scope

REPO = Path(__file__).resolve().parents[1]
ICB = REPO / "examples" / "icb"
KIND_STRINGS = ("ccg-document/1", "icb-document/1")

EXPECTED = {  # file: (ruleset version, [(rule, pointer, line)])
    "icb-compliant.yaml": ("icb-constitution@2022-07", []),
    "icb-missing-partner.yaml": (
        "icb-constitution@2022-07",
        [("ICB-SCH1B-8C", "/board/members", 29), ("ICB-SCH1B-7B", "/board/members/1", 35)],
    ),
    "icb-2024-updated-guidance.yaml": (
        "icb-constitution@2024-02",
        [("ICB-NHSE-07", "/board/members", 29), ("ICB-NHSE-06B", "/board/members/5", 43)],
    ),
}


@pytest.mark.parametrize("engine", ["python", "durable"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_icb_examples_give_the_findings_the_readme_lists(name: str, engine: str) -> None:
    report = check(ICB / name, engine=engine)  # type: ignore[arg-type]
    ref, findings = EXPECTED[name]
    assert report.ruleset is not None
    assert f"{report.ruleset.id}@{report.ruleset.version}" == ref
    assert [(f.rule_id, f.pointer, f.location.line) for f in report.findings] == findings
    assert report.outcome is ccg_rules.Outcome.NOT_ASSESSED  # NHS England approves; no graded outcome
    assert report.conditions == ()
    assert report.configuration_risk is None
    assert report.scope is not None
    assert "NHS England" in report.scope.statement


def test_the_readme_lists_each_icb_example_with_its_findings() -> None:
    readme = (REPO / "examples" / "README.md").read_text(encoding="utf-8")
    for name, (_, findings) in EXPECTED.items():
        assert f"icb/{name}" in readme
        for rule, _, line in findings:
            assert f"{rule}" in readme
            assert f"line {line}" in readme


@pytest.mark.slow
def test_the_compliant_icb_exits_0_and_the_others_by_severity(run_process) -> None:  # type: ignore[no-untyped-def]
    code, out, err, _ = run_process("check", "examples/icb/icb-compliant.yaml")
    assert (code, err) == (0, "")
    assert "not assessed [icb-constitution@2022-07]" in out
    code, out, _, _ = run_process("check", "examples/icb/icb-missing-partner.yaml")
    assert code == 1
    assert "error ICB-SCH1B-7B Tom Brook, the chief executive, is not recorded as an employee" in out
    code, _, _, _ = run_process(
        "check", "--fail-on", "warning", "examples/icb/icb-2024-updated-guidance.yaml"
    )
    assert code == 1


def test_the_document_kind_selects_the_family_and_the_date_the_version() -> None:
    doc = ICB / "icb-compliant.yaml"
    for day, version in (
        (dt.date(2022, 7, 1), "2022-07"),
        (dt.date(2024, 1, 31), "2022-07"),
        (dt.date(2024, 2, 1), "2024-02"),
    ):
        report = check(doc, as_of=day)
        assert report.ruleset is not None
        assert (report.ruleset.id, report.ruleset.version) == ("icb-constitution", version)
    ccg = check(REPO / "examples" / "ccg-2022-amended.yaml", as_of=dt.date(2022, 6, 30))
    assert ccg.ruleset is not None
    assert ccg.ruleset.id == "ccg-authorisation"


def test_an_icb_document_before_1_july_2022_is_refused_and_pointed_to_the_ccg_format() -> None:
    with pytest.raises(SelectionError) as raised:
        check(ICB / "icb-compliant.yaml", as_of=dt.date(2022, 6, 30))
    message = str(raised.value)
    assert message.startswith("no version of icb-constitution is in force on 2022-06-30: the earliest")
    assert "ccg-document/1 format, which ccg-authorisation judges" in message


def test_a_ccg_document_after_30_june_2022_points_to_the_icb_format() -> None:
    with pytest.raises(SelectionError) as raised:
        check(REPO / "examples" / "ccg-2022-amended.yaml", as_of=dt.date(2022, 7, 1))
    assert "describe an integrated care board in the icb-document/1 format" in str(raised.value)


def test_a_ruleset_for_the_other_kind_is_refused() -> None:
    with pytest.raises(
        SelectionError, match="judges documents in the ccg-document/1 format, not icb-document/1"
    ):
        check(ICB / "icb-compliant.yaml", ruleset="ccg-authorisation@2022-04")
    with pytest.raises(SelectionError, match="judges documents in the icb-document/1 format"):
        check(REPO / "examples" / "ccg-compliant.yaml", ruleset="icb-constitution")


def test_an_icb_document_with_a_ccg_key_is_a_located_schema_problem() -> None:
    text = b"format: icb-document/1\nas_of: 2023-01-01\nicb: {name: X}\ngoverning_body: {}\n"
    report = ccg_rules.check_text(text, filename="bad.yaml")
    assert not report.valid
    assert [(f.rule_id, f.location.line) for f in report.findings] == [("DOC-UNKNOWN-KEY", 4)]


def test_an_unknown_format_lists_every_format() -> None:
    report = ccg_rules.check_text(b"format: icb-document/2\nas_of: 2023-01-01\n", filename="bad.yaml")
    messages = [f.message for f in report.findings if f.pointer == "/format"]
    assert messages
    assert "allowed: ccg-document/1, icb-document/1" in messages[0]


def test_a_waiver_accepts_an_icb_finding(tmp_path: Path) -> None:
    doc = tmp_path / "icb.yaml"
    doc.write_text((ICB / "icb-missing-partner.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "icb.waivers.yaml").write_text(
        "format: ccg-waivers/1\nwaivers:\n"
        "  - rule: ICB-SCH1B-8C\n    target: /board/members\n"
        "    justification: The councils' nominee is being confirmed.\n"
        "    approved_by: Board\n    approved_on: 2023-03-01\n    expires: 2023-06-30\n",
        encoding="utf-8",
    )
    report = check(doc)
    assert [f.rule_id for f in report.in_force] == ["ICB-SCH1B-7B"]
    assert [f.rule_id for f in report.waived] == ["ICB-SCH1B-8C"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_output_format_renders_an_icb_report(fmt: str) -> None:
    from ccg_rules.render import render

    text = render(fmt, [check(ICB / "icb-missing-partner.yaml")])
    if fmt == "oscal-poam":  # a plan lists authorisation conditions, and an ICB report has none
        assert "nothing to plan" in text
    else:
        assert "ICB-SCH1B-7B" in text


def test_no_module_outside_the_model_and_the_rules_names_a_document_kind() -> None:
    package = REPO / "src" / "ccg_rules"
    offenders = []
    for path in sorted(package.rglob("*.py")):
        part = path.relative_to(package).parts[0]
        if part in ("model", "rules"):
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [
            f"{path.relative_to(package)}: {k}" for k in KIND_STRINGS if re.search(re.escape(k), text)
        ]
    assert offenders == []


def test_the_icb_coverage_agrees_with_the_rules_and_its_page_is_current() -> None:
    from ccg_rules.rules.coverage import (
        coverage_matrix,
        coverage_page,
        coverage_problems,
        render_coverage_markdown,
    )

    assert coverage_problems("icb-constitution") == []
    ids = [row.id for row in coverage_matrix("icb-constitution")]
    # catalogue section 7, items 141-149, then the two duties section 7 does not list
    assert ids == [f"ICB-0{n}" for n in range(1, 10)] + ["ICB-COI", "ICB-CONST"]
    page = REPO / "docs" / coverage_page("icb-constitution")
    assert page.read_text(encoding="utf-8") == render_coverage_markdown("icb-constitution")
    ccg = {row.id for row in coverage_matrix("ccg-authorisation")}
    assert not {i for i in ccg if i.startswith("ICB-")}  # each item is covered by one family only


def test_a_ruleset_without_an_outcome_refuses_support_levels(tmp_path: Path) -> None:
    from ccg_rules.errors import RulesetError

    text = (REPO / "rulesets" / "icb-constitution" / "2022-07.yaml").read_text(encoding="utf-8")
    assert ccg_rules.load_ruleset("icb-constitution@2022-07").rule("ICB-SCH1B-3A").support_level is None
    broken = tmp_path / "2022-07.yaml"
    broken.write_text(
        text.replace(
            "    consequence: condition\n", "    consequence: condition\n    support_level: II\n", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(RulesetError, match=r"authorisation: false\), so its rules have no support_level"):
        ccg_rules.load_ruleset(str(broken))


def test_the_icb_guide_tables_every_rule_with_its_version_severity_and_confidence() -> None:
    from ccg_rules import available_rulesets, load_ruleset

    guide = (REPO / "docs" / "checking-an-icb-constitution.md").read_text(encoding="utf-8")
    table = guide.split("### Every ICB rule", 1)[1].split("\n### ", 1)[0]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("ICB-"):
            assert cells[0] not in rows, f"{cells[0]} is listed twice"
            rows[cells[0]] = (cells[1], cells[2], cells[5])
    expected = {}
    for version in available_rulesets():
        if version.id != "icb-constitution":
            continue
        for rule in load_ruleset(version.ref).rules:
            # a rule's row gives the version it first appears in, with that version's ratings
            expected.setdefault(rule.id, (version.version, rule.severity, rule.citation.confidence))
    assert rows == expected


def _visible(html: str) -> str:
    html = re.sub(r"<style>.*?</style>|<script>.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_a_wave_of_icbs_is_worded_for_icbs_in_every_view() -> None:
    from ccg_rules.render.html import render_wave
    from ccg_rules.render.per_ccg import per_ccg_pages
    from ccg_rules.render.wave import wave_summary

    wave = ccg_rules.assess_wave([str(REPO / "examples/icb")])
    assert without_scope(wave_summary(wave))[-1] == "3 ICBs: 3 not assessed"
    html = render_wave(wave)
    assert re.search(r"<h1>(.*?)</h1>", html).group(1) == "ICB constitution check wave: 3 ICBs"  # type: ignore[union-attr]
    assert "Open an ICB below" in html
    assert "CCG" not in _visible(html)
    paper = ccg_rules.board_paper(wave)
    assert paper.splitlines()[:3] == ["# ICB constitution check: board paper", "", "3 ICBs assessed: 3 not assessed."]
    assert "CCG" not in paper
    pages = per_ccg_pages(wave)
    assert all("CCG" not in _visible(page) for _, page in pages)
    single = ccg_rules.render.render("html", [wave.rows[0].report])  # type: ignore[list-item]
    assert "<title>ICB assessment: " in single


def test_a_mixed_wave_names_both_kinds() -> None:
    from ccg_rules.render.html import render_wave
    from ccg_rules.render.wave import wave_summary

    wave = ccg_rules.assess_wave([str(REPO / "examples/icb"), str(REPO / "examples/ccg-compliant.yaml")])
    assert without_scope(wave_summary(wave))[-1] == "4 bodies: 1 authorised, 3 not assessed"
    html = render_wave(wave)
    assert "<h1>CCG and ICB checks wave: 4 bodies</h1>" in html
    assert "All bodies (4)" in html
