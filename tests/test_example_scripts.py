"""The example scripts run with one command from the repository root and print what the API computes."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import ccg_rules
from scripts import ccg_rules_names_used, run_script

pytestmark = pytest.mark.slow  # runs the example scripts in fresh processes

REPO = Path(__file__).resolve().parents[1]
NONCOMPLIANT = "examples/ccg-noncompliant.yaml"
AMENDED = "examples/ccg-2022-amended.yaml"
DELEGATED = "examples/ccg-2017-delegated.yaml"
STATUS = {"met": "met", "met_with_conditions": "met with conditions", "not_met": "not met"}


def run(script: str, *args: str) -> tuple[int, str, str]:
    proc = run_script(script, *args)
    return proc.returncode, proc.stdout, proc.stderr


def test_scripts_use_only_the_public_api_and_say_how_to_run_them() -> None:
    for name in ("assess_one.py", "reassess.py", "library_use.py"):
        tree = ast.parse((REPO / "examples" / name).read_text(encoding="utf-8"))
        docstring = ast.get_docstring(tree)
        assert docstring is not None
        assert f"python examples/{name}" in docstring, name
        imported = [
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        ]
        assert "ccg_rules" in imported, name
        assert not [n for n in imported if n.startswith("ccg_rules.")], name
        assert not [
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ccg_rules")
        ], name
        used = ccg_rules_names_used(tree)
        assert used, name
        assert used <= set(ccg_rules.__all__), (name, used - set(ccg_rules.__all__))


# ---------------------------------------------------------------- assess_one.py


def test_assess_one_prints_the_summary_the_api_computes() -> None:
    code, out, err = run("assess_one.py")
    report = ccg_rules.check(NONCOMPLIANT)
    assert report.ruleset is not None
    assert report.configuration_risk is not None
    assert (code, err) == (0, "")  # authorised with conditions, none backed by directions
    lines = out.splitlines()
    assert lines[0] == "NHS Fenhollow Clinical Commissioning Group"
    assert lines[1] == f"  File: {NONCOMPLIANT}"
    assert lines[2] == "  As of: 2013-01-15 (its own as_of)"
    unwrapped = " ".join(out.split())
    assert f"Ruleset: ccg-authorisation@2012, because {report.ruleset.selected_because}" in unwrapped
    assert "Outcome: authorised with conditions" in lines
    assert "  9 errors, 2 warnings, 0 info" in lines
    start = lines.index("Domains") + 1
    domains = lines[start : lines.index("", start)]
    assert domains == [f"  {d.number}. {d.title}: {STATUS[d.status.value]}" for d in report.domains]
    assert "  5. Collaborative arrangements for commissioning: met with conditions" in domains
    start = lines.index(f"Conditions ({len(report.conditions)})") + 1
    section = lines[start : lines.index("", start)]
    headings = [line.split()[:2] for line in section if line[2].isdigit()]
    assert headings == [[f"{n}.", c.rule_id] for n, c in enumerate(report.conditions, 1)]
    assert "     Citation: SI 2012/1631, reg 11(3)(c)" in lines
    assert "     What to do: Appoint a secondary care specialist (role secondary_care_specialist)." in lines
    assert "Configuration risk: red" in lines
    assert lines[-1] == f"  - {report.configuration_risk.reasons[0]}"
    assert max(len(line) for line in lines) <= 88


def test_assess_one_exit_codes_follow_the_outcome() -> None:
    code, out, _ = run("assess_one.py", "examples/wave/nhs-kelverton-ccg.yaml")
    assert code == 0
    lines = out.splitlines()
    assert "Outcome: authorised" in lines
    assert lines[lines.index("Conditions (0)") + 1] == "  none"
    assert "Configuration risk: amber" in lines

    code, out, _ = run("assess_one.py", "examples/wave/nhs-lindmouth-ccg.yaml")
    assert code == 0
    assert "Outcome: authorised with conditions" in out.splitlines()
    assert "Conditions (3)" in out.splitlines()

    code, out, err = run("assess_one.py", "examples/no-such-ccg.yaml")
    assert (code, out) == (2, "")
    assert err == "examples/no-such-ccg.yaml: no such file\n"


# ---------------------------------------------------------------- reassess.py


def _fingerprints(path: str, version: str) -> set[str]:
    return {f.fingerprint for f in ccg_rules.check(path, ruleset=f"ccg-authorisation@{version}").in_force}


def _counts(path: str, old: str, new: str) -> str:
    before, after = _fingerprints(path, old), _fingerprints(path, new)
    return f"{len(after - before)} new, {len(before - after)} resolved, {len(before & after)} unchanged"


def test_reassess_defaults_compare_the_2013_applicant_with_2017() -> None:
    code, out, err = run("reassess.py")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[-1] == _counts("examples/ccg-2013-applicant.yaml", "2013-03", "2017-06")
    assert lines[-1] == "1 new, 1 resolved, 2 unchanged"
    assert "  ccg-authorisation@2013-03: authorised with conditions, 3 findings" in lines
    assert "  ccg-authorisation@2017-06: authorised with conditions, 3 findings" in lines
    for title, count in (("New", 1), ("Resolved", 1), ("Unchanged", 2)):
        assert f"{title} findings ({count})" in lines
    assert any(line.startswith("  + COI-08-01 (line ") for line in lines)
    assert any(line.startswith("  - ACT-SCH1A-3B-JC1 (line ") for line in lines)
    assert any(line.startswith("  = COI-01-01 (line ") for line in lines)
    assert any(line.startswith("  = CFG-06-03 (line ") for line in lines)  # 139,620 patients, nothing shared
    assert "The Board's recorded conditions" not in lines  # the document records no decisions
    unwrapped = " ".join(out.split())
    assert "because COI-08-01 is not in ccg-authorisation@2013-03; it is in ccg-authorisation@2017-06, as defined in version 2016-06" in unwrapped
    assert "because ACT-SCH1A-3B-JC1 is not in ccg-authorisation@2017-06: From 1 October 2014" in unwrapped
    assert max(len(line) for line in lines) <= 88


@pytest.mark.parametrize(
    ("path", "old", "new", "counts", "reasons"),
    [
        (
            AMENDED,
            "2017-06",
            "2022-04",
            "0 new, 3 resolved, 1 unchanged",
            [
                "because parameter governing_body_min changed from 6 to 4",
                "because REG-11-06 is not in ccg-authorisation@2022-04: SI 2022/316",
            ],
        ),
        (
            DELEGATED,
            "2016-06",
            "2017-06",
            "0 new, 2 resolved, 3 unchanged",
            [
                "because parameter supplier_gift_max changed from 0 to 6",
                "because parameter hospitality_approval_above changed from 25 to 75",
            ],
        ),
    ],
)
def test_reassess_names_the_changes_behind_resolved_findings(
    path: str, old: str, new: str, counts: str, reasons: list[str]
) -> None:
    code, out, _ = run("reassess.py", path, "--from", old, "--to", new)
    assert code == 0
    assert out.splitlines()[-1] == _counts(path, old, new)
    assert out.splitlines()[-1] == counts
    unwrapped = " ".join(out.split())
    for reason in reasons:
        assert reason in unwrapped


def test_reassess_refuses_an_unknown_version() -> None:
    code, out, err = run("reassess.py", "--to", "2099")
    assert (code, out) == (2, "")
    assert "ccg-authorisation has no version '2099'" in err


# ---------------------------------------------------------------- library_use.py


def test_library_use_prints_locations_writes_json_and_exits_0_on_conditions(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, err = run("library_use.py", NONCOMPLIANT, str(target))
    report = ccg_rules.check(NONCOMPLIANT)
    assert (code, err) == (0, "")  # conditions, none backed by directions
    expected = [
        f"{f.location.file}:{f.location.line}:{f.location.column}: {f.rule_id} {f.message}"
        for f in report.findings
    ]
    assert out.splitlines() == [*expected, f"authorised_with_conditions; report written to {target}"]
    assert "examples/ccg-noncompliant.yaml:187:3: REG-11-01 " in out
    dumped = json.loads(target.read_text(encoding="utf-8"))
    assert dumped["outcome"] == "authorised_with_conditions"
    assert [f["rule_id"] for f in dumped["findings"]] == [f.rule_id for f in report.findings]


def test_library_use_exits_zero_on_conditions_and_two_when_it_cannot_check(tmp_path: Path) -> None:
    code, out, _ = run("library_use.py", DELEGATED, str(tmp_path / "r.json"))
    assert code == 0  # findings, but only conditions and advice
    assert out.splitlines()[-1] == f"authorised_with_conditions; report written to {tmp_path / 'r.json'}"
    assert len(out.splitlines()) == 4
    code, out, err = run("library_use.py", "examples/no-such-ccg.yaml", str(tmp_path / "x.json"))
    assert (code, out, err) == (2, "", "error: examples/no-such-ccg.yaml: no such file\n")
    assert not (tmp_path / "x.json").exists()


def test_library_use_is_short() -> None:
    assert len((REPO / "examples" / "library_use.py").read_text(encoding="utf-8").splitlines()) <= 40


WYVERN = "examples/wave/nhs-wyvern-vale-ccg.yaml"


def test_scripts_fail_when_directions_are_proposed(tmp_path: Path) -> None:
    # Wyvern Vale plans running costs above the allowance (CFG-08): a condition on its
    # financial plan that the Board would back with directions and level IV support.
    report = ccg_rules.check(WYVERN)
    assert report.outcome is ccg_rules.Outcome.AUTHORISED_WITH_CONDITIONS_AND_DIRECTIONS
    code, out, err = run("assess_one.py", WYVERN)
    assert (code, err) == (1, "")
    assert "Outcome: authorised with conditions and directions" in out.splitlines()
    assert "     Support level: IV" in out.splitlines()
    code, _, err = run("library_use.py", WYVERN, str(tmp_path / "report.json"))
    assert (code, err) == (1, "")


def test_reassess_reviews_the_boards_recorded_conditions(tmp_path: Path) -> None:
    decisions = (
        "\nboard_decisions:\n  conditions:\n"
        "    - {criterion: 1.3B, level: III}\n"
        "    - {criterion: 2.1A, level: II}\n"
    )
    path = tmp_path / "decided.yaml"
    path.write_text((REPO / "examples" / "ccg-compliant.yaml").read_text(encoding="utf-8") + decisions)
    code, out, err = run("reassess.py", str(path), "--from", "2012", "--to", "2013-03")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "The Board's recorded conditions" in lines
    assert lines[-2:] == ["    met: 1.3B (level III)", "    unchecked: 2.1A (level II)"]
