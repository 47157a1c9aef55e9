"""A report is all a renderer needs: one read back from JSON renders byte-identical output.

Every format is rendered from the reports a check returned and from the same reports after
a JSON round trip, singly and together, for CCG and ICB documents, a custom ruleset (whose
rules have no pages in the documentation), a document with problems, a waiver file and a
selection of rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ccg_rules import Report, check
from ccg_rules.render import FORMATS, render

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[Report]:
    tmp = tmp_path_factory.mktemp("round-trip")
    custom = tmp / "my-rules.yaml"
    text = (REPO / "rulesets/ccg-authorisation/2012.yaml").read_text(encoding="utf-8")
    custom.write_text(text.replace("ruleset: ccg-authorisation", "ruleset: my-rules", 1), encoding="utf-8")
    bad = tmp / "bad.yaml"
    bad.write_text("format: ccg-document/1\nccg:\n  nme: x\n", encoding="utf-8")
    noncompliant = str(REPO / "examples/ccg-noncompliant.yaml")
    return [
        check(noncompliant),
        check(noncompliant, ruleset=str(custom)),
        check(noncompliant, select="SCH5,REG-11", ignore="REG-11-06"),
        check(str(REPO / "examples/ccg-2022-amended.yaml")),
        check(str(REPO / "examples/icb/icb-missing-partner.yaml")),
        check(str(REPO / "examples/wave/nhs-dunmere-ccg.yaml")),
        check(bad),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_the_same_from_a_report_read_back_from_json(
    reports: list[Report], fmt: str
) -> None:
    again = [Report.model_validate_json(r.model_dump_json()) for r in reports]
    assert again == reports
    assert render(fmt, again) == render(fmt, reports)
    for one, back in zip(reports, again, strict=True):
        assert render(fmt, [back]) == render(fmt, [one])


def test_the_report_carries_what_the_assessor_views_need(reports: list[Report]) -> None:
    ccg, custom, selected, _, icb, _, bad = reports
    assert (ccg.document.format, ccg.document.population) == ("ccg-document/1", 42105)
    assert icb.document.format == "icb-document/1"
    assert icb.document.population is None
    assert bad.document.format is None
    # A custom ruleset's report describes its own rules, with no documentation pages.
    assert custom.ruleset is not None
    assert custom.ruleset.id == "my-rules"
    assert len(custom.rules) == len(ccg.rules) > 100
    assert all(d.help_uri is None or "readthedocs" not in d.help_uri for d in custom.rules)
    # A selection is in the report, and only the selected rules ran.
    assert selected.selection is not None
    assert "REG-11-06" not in selected.selection.rules
    assert {f.rule_id for f in selected.findings} <= set(selected.selection.rules)


def test_a_deselected_rule_is_never_evaluated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Selection cuts the plan the engine gets, not the findings it returns."""
    from ccg_rules.engines.python import PythonEngine

    planned: list[set[str]] = []
    real = PythonEngine.match

    def match(self: PythonEngine, plan: object, facts: object) -> object:
        planned.append({r.rule_id for r in plan.rules})  # type: ignore[attr-defined]
        return real(self, plan, facts)  # type: ignore[arg-type]

    monkeypatch.setattr(PythonEngine, "match", match)
    noncompliant = str(REPO / "examples/ccg-noncompliant.yaml")
    report = check(noncompliant, select="REG-11", ignore="REG-11-06")
    assert report.selection is not None
    assert planned == [set(report.selection.rules)]
    assert planned[0]
    assert all(r.startswith("REG-11-") for r in planned[0])
    assert "REG-11-06" not in planned[0]
    # The same rules, unselected, give the same findings for them.
    full = check(noncompliant)
    keep = set(report.selection.rules)
    assert [f for f in full.findings if f.rule_id in keep] == list(report.findings)
