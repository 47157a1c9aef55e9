"""Self-tests of the bundled rulesets: every rule's fixture cases, run on every engine.

Each rule of a bundled ruleset has a fixture file ``rulesets/<ruleset>/tests/<RULE-ID>.yaml``
in the format of `ccg_rules.rules.fixtures` (docs/testing-rules.md, published as
``schemas/rule-fixture.schema.json``)::

    rule: REG-11-01
    ruleset: ccg-authorisation@2012     # the version the cases are checked against
    cases:
      - name: five seats is too few     # says what it proves
        expect:                         # the exact findings of this rule, in any order
          - {pointer: /governing_body/members, line: 12}
        document: |
          format: ccg-document/1
          ...

A case may name its own ``ruleset`` version, which overrides the file's: a rule whose
behaviour changes in a later version (a new parameter value, say) keeps its cases in one
file, and every behaviour needs a case where it fires and one where it passes.

The cases run through the same library module as ``ccg-rules rulesets test``, one test per
case and engine here so that a failure names its case; the command itself is tested at
the end of this file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

import ccg_rules
from ccg_rules.errors import FixtureError
from ccg_rules.rule_tests import run_case
from ccg_rules.rules.fixtures import LoadedFixture, load_fixture, missing_cases

REPO = Path(__file__).resolve().parents[1]
RULESETS = REPO / "rulesets"
ENGINES = ("python", "durable")


@dataclass(frozen=True)
class Fixture:
    path: Path
    loaded: LoadedFixture | None
    error: str | None = None

    @property
    def label(self) -> str:
        return self.path.relative_to(REPO).as_posix()

    @property
    def rule(self) -> str:
        return self.loaded.rule if self.loaded else self.path.stem

    def need(self) -> LoadedFixture:
        assert self.loaded is not None, f"{self.label} is broken:\n{self.error}"
        return self.loaded


def _load(path: Path) -> Fixture:
    label = path.relative_to(REPO).as_posix()
    try:
        return Fixture(path, load_fixture(path, file=label))
    except FixtureError as exc:
        return Fixture(path, None, str(exc))


FIXTURES = [_load(p) for p in sorted(RULESETS.glob("*/tests/*.yaml"))]


def _case_params() -> list[Any]:
    params = []
    for fx in FIXTURES:
        for i, case in enumerate(fx.loaded.spec.cases if fx.loaded else []):
            for engine in ENGINES:
                params.append(
                    pytest.param(
                        fx,
                        i,
                        engine,
                        id=f"{fx.rule}/{case.name}/{engine}",
                        marks=[pytest.mark.requires_durable] if engine == "durable" else [],
                    )
                )
    return params


@cache
def _ruleset_rules(ref: str) -> frozenset[str]:
    return frozenset(r.id for r in ccg_rules.load_ruleset(ref).rules)


@pytest.mark.parametrize(("fixture", "index", "engine"), _case_params())
def test_case(fixture: Fixture, index: int, engine: str) -> None:
    result = run_case(fixture.need(), index, engine)
    assert result.engine == engine
    assert result.expected == tuple(
        sorted((e.pointer, e.line) for e in fixture.need().spec.cases[index].expect)
    )
    assert result.passed, result.describe()


# ------------------------------------------------------------------------ suite-level checks


def test_fixtures_are_found() -> None:
    assert FIXTURES, f"no fixture files under {RULESETS.relative_to(REPO)}/*/tests/"


def test_every_rule_has_a_fixture() -> None:
    missing = []
    for version in ccg_rules.available_rulesets():
        for rule in ccg_rules.load_ruleset(version.ref).rules:
            path = RULESETS / version.id / "tests" / f"{rule.id}.yaml"
            if not path.is_file():
                missing.append(f"{version.ref} {rule.id}: {path.relative_to(REPO).as_posix()}")
    assert not missing, "rules without a fixture file:\n" + "\n".join(missing)


@cache
def _fixture_schema() -> Draft202012Validator:
    return Draft202012Validator(
        json.loads((REPO / "schemas" / "rule-fixture.schema.json").read_text(encoding="utf-8"))
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda fx: fx.label)
@pytest.mark.slow
def test_fixture_shape(fixture: Fixture) -> None:
    assert fixture.error is None, f"{fixture.label} cannot be read:\n{fixture.error}"
    assert missing_cases(fixture.need()) == []
    data = yaml.safe_load(fixture.path.read_text(encoding="utf-8"))
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in _fixture_schema().iter_errors(data)]
    assert problems == [], f"{fixture.label} does not fit schemas/rule-fixture.schema.json"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda fx: fx.label)
def test_fixture_names_a_rule_of_its_ruleset(fixture: Fixture) -> None:
    loaded = fixture.need()
    rule, ref = loaded.rule, loaded.spec.ruleset
    assert "@" in ref, f"{fixture.label}: 'ruleset' must name a version, e.g. ccg-authorisation@2012"
    assert fixture.path.stem == rule, f"{fixture.label}: the file name must be {rule}.yaml"
    family = fixture.path.parent.parent.name
    known = {v.ref for v in ccg_rules.available_rulesets()}
    for each in [ref] + [c.ruleset for c in loaded.spec.cases if c.ruleset is not None]:
        assert each.partition("@")[0] == family, f"{fixture.label}: {each!r} is not a version of {family}"
        assert each in known, f"{fixture.label}: no bundled ruleset version {each!r} (have {sorted(known)})"
        assert rule in _ruleset_rules(each), f"{fixture.label}: {each} has no rule {rule}"


def test_every_behaviour_of_every_rule_has_cases_that_fire_and_pass() -> None:
    """A rule can behave differently in different versions (a parameter changes, or its
    condition is rewritten); each distinct behaviour needs its own firing and passing cases."""
    behaviours: dict[tuple[str, str], list[str]] = {}  # (rule, condition) -> versions
    for version in ccg_rules.available_rulesets():
        for rule in ccg_rules.load_ruleset(version.ref).rules:
            behaviours.setdefault((rule.id, repr(rule._parsed)), []).append(version.ref)
    tested: dict[str, dict[str, set[bool]]] = {}  # rule -> ruleset ref -> {fires?}
    for fx in FIXTURES:
        if fx.loaded is None:
            continue
        for i, case in enumerate(fx.loaded.spec.cases):
            ref = fx.loaded.ruleset_of(i)
            tested.setdefault(fx.rule, {}).setdefault(ref, set()).add(bool(case.expect))
    missing = []
    for (rule_id, _), refs in sorted(behaviours.items()):
        kinds = set().union(*(tested.get(rule_id, {}).get(ref, set()) for ref in refs))
        for kind, word in ((True, "fires"), (False, "passes")):
            if kind not in kinds:
                missing.append(f"{rule_id} as in {', '.join(refs)}: no case where it {word}")
    assert not missing, "untested behaviours (give a case its own 'ruleset'):\n" + "\n".join(missing)


# ------------------------------------------------------------------------ the library on other fixtures

SAMPLE = RULESETS / "ccg-authorisation" / "tests" / "ACT-14B-01.yaml"
SAMPLE_FAILING_CASE_LINE = 14  # "a single member practice", expecting /practices line 4


def _sample(folder: Path, old: str = "", new: str = "") -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = folder / "tests" / "ACT-14B-01.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_wrong_expectation_fails_its_case_with_its_line(tmp_path: Path) -> None:
    path = _sample(tmp_path, "{pointer: /practices, line: 4}", "{pointer: /practices, line: 5}")
    fixture = load_fixture(path, file="ACT-14B-01.yaml")
    assert fixture.case_lines[1] == SAMPLE_FAILING_CASE_LINE
    results = [run_case(fixture, i, "python") for i in range(len(fixture.spec.cases))]
    assert [r.passed for r in results] == [True, False, True]
    assert results[1].describe() == (
        f"ACT-14B-01.yaml:{SAMPLE_FAILING_CASE_LINE}: ACT-14B-01 case 'a single member practice' "
        "(python): expected /practices line 5, got /practices line 4"
    )


def test_an_invalid_document_fails_its_case(tmp_path: Path) -> None:
    path = _sample(tmp_path, "format: ccg-document/1\n", "format: ccg-document/9\n")
    result = run_case(load_fixture(path), 0, "python")
    assert not result.passed
    assert result.problem is not None
    assert result.problem.startswith("a document that is not valid (DOC-")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "    expect: []\n",
            "    expct: []\n",
            "4:5: required key 'expect' is missing in /cases/0\nf.yaml:5:5: unknown key 'expct'; did you mean 'expect'?",
        ),
        ("rule: ACT-14B-01", "rule: act-14b", "1:1: 'rule': 'act-14b' is not a rule id such as REG-11-01"),
        (
            "  - {pointer: /practices, line: 4}",
            "  - {pointer: /practices, line: 0}",
            "16:31: 'line': input should be greater than or equal to 1",
        ),
        (
            "  - {pointer: /practices, line: 4}",
            "  - {pointer: practices, line: 4}",
            "16:10: 'pointer': 'practices' is not a JSON Pointer",
        ),
        (
            "name: no member practices at all",
            "name: a single member practice",
            "24:5: case 'a single member practice' is already named on line 14",
        ),
        (
            "ruleset: ccg-authorisation@2012",
            "ruleset: ccg-authorisation",
            "2:1: 'ruleset': 'ccg-authorisation' does not name a ruleset version",
        ),
    ],
)
def test_a_broken_fixture_file_is_refused_with_every_problem_located(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    path = _sample(tmp_path, old, new)
    with pytest.raises(FixtureError) as caught:
        load_fixture(path, file="f.yaml")
    assert str(caught.value).startswith(f"f.yaml:{problem}")


def test_a_ruleset_the_fixture_cannot_use_is_located(tmp_path: Path) -> None:
    path = _sample(tmp_path, "ruleset: ccg-authorisation@2012", "ruleset: ccg-authorisation@1999")
    with pytest.raises(FixtureError, match=r"^f\.yaml:2:1: ruleset 'ccg-authorisation@1999': .*no version"):
        run_case(load_fixture(path, file="f.yaml"), 0, "python")
    path = _sample(tmp_path, "rule: ACT-14B-01", "rule: ACT-14B-99")
    with pytest.raises(
        FixtureError, match=r"^f\.yaml:2:1: ruleset ccg-authorisation@2012 has no rule ACT-14B-99$"
    ):
        run_case(load_fixture(path, file="f.yaml"), 0, "python")


@pytest.mark.slow
def test_a_version_in_the_fixtures_own_ruleset_folder_is_read_from_there(tmp_path: Path) -> None:
    data = yaml.safe_load((RULESETS / "ccg-authorisation" / "2012.yaml").read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] != "ACT-14B-01"]
    (tmp_path / "2012.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    fixture = load_fixture(_sample(tmp_path), file="f.yaml")
    with pytest.raises(FixtureError, match=r"ccg-authorisation@2012 has no rule ACT-14B-01$"):
        run_case(fixture, 0, "python")
    (tmp_path / "2012.yaml").unlink()  # then the bundled version is used
    assert run_case(fixture, 0, "python").passed


def test_missing_cases_names_the_rule(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "only-passing.yaml"
    path.write_text(text[: text.index("  - name: a single member practice")], encoding="utf-8")
    assert missing_cases(load_fixture(path, file="p.yaml")) == [
        "p.yaml:3: ACT-14B-01 has no case where it fires (a non-empty expect)"
    ]


# ------------------------------------------------------------------------ ccg-rules rulesets test


@pytest.mark.slow
def test_the_command_passes_on_the_bundled_rulesets(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("rulesets", "test")
    cases = sum(len(fx.need().spec.cases) for fx in FIXTURES)
    assert (code, err) == (0, "")
    assert out.startswith(f"{len(FIXTURES)} fixtures, {cases} cases, engines: python")
    assert out.endswith("; all passed\n")
    assert out.count("\n") == 1


def test_the_command_reports_a_failing_case_with_file_and_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _sample(tmp_path, "{pointer: /practices, line: 4}", "{pointer: /practices, line: 5}")
    code, out, err = run_cli("rulesets", "test", str(tmp_path), "--engine", "python")
    assert (code, err) == (1, "")
    assert out == (
        f"{path.as_posix()}:{SAMPLE_FAILING_CASE_LINE}: ACT-14B-01 case 'a single member practice' (python): "
        "expected /practices line 5, got /practices line 4\n"
        "1 fixture, 3 cases, engines: python; 1 failed\n"
    )


def test_the_command_says_when_the_durable_engine_is_skipped(  # type: ignore[no-untyped-def]
    run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ccg_rules import rule_tests

    monkeypatch.setattr(rule_tests, "engine_problem", lambda name: "not here" if name == "durable" else None)
    code, out, err = run_cli("rulesets", "test", str(SAMPLE))
    assert (code, err) == (0, "")
    assert out == "1 fixture, 3 cases, engines: python (durable skipped: not here); all passed\n"
    code, out, err = run_cli("rulesets", "test", str(SAMPLE), "--engine", "durable")
    assert (code, out) == (2, "")
    assert err == "ccg-rules: error: argument --engine: not here\n"


def test_the_command_refuses_a_rule_without_a_passing_case(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "ACT-14B-01.yaml"
    path.write_text(text.replace("expect: []", "expect: [{pointer: /practices, line: 4}]"), encoding="utf-8")
    code, out, _ = run_cli("rulesets", "test", str(path), "--engine", "python")
    assert code == 1
    assert out.splitlines()[0] == f"{path}:3: ACT-14B-01 has no case where it passes (expect: [])"


def test_the_command_exits_2_on_a_broken_fixture_file_or_path(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _sample(tmp_path, "    expect: []\n", "    expct: []\n")
    code, out, err = run_cli("rulesets", "test", str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"ccg-rules: error: {path}:4:5: required key 'expect' is missing in /cases/0\n"
        f"ccg-rules: error: {path}:5:5: unknown key 'expct'; did you mean 'expect'?\n"
    )
    code, out, err = run_cli("rulesets", "test", str(tmp_path / "nowhere"))
    assert (code, out, err) == (2, "", f"ccg-rules: error: {tmp_path / 'nowhere'} does not exist\n")
    (tmp_path / "empty").mkdir()
    code, out, err = run_cli("rulesets", "test", str(tmp_path / "empty"))
    assert (code, out) == (2, "")
    assert err == f"ccg-rules: error: no fixture files (*.yaml, *.yml) in {tmp_path / 'empty'}\n"


def test_the_command_help_gives_the_exit_codes(run_cli) -> None:  # type: ignore[no-untyped-def]
    from ccg_rules.cli import EXIT_CODES_HELP

    code, out, _ = run_cli("rulesets", "test", "--help")
    assert code == 0
    assert " ".join(EXIT_CODES_HELP.split()) in " ".join(out.split())


def test_the_guides_example_is_true(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    guide = (REPO / "docs" / "testing-rules.md").read_text(encoding="utf-8")
    example = guide.split("```yaml\n", 1)[1].split("```\n", 1)[0]
    output = guide.split("```text\n")[2].split("```\n", 1)[0]
    path = tmp_path / "my-rules" / "tests" / "ACT-14B-01.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(example, encoding="utf-8")
    fixture = load_fixture(path)
    assert [run_case(fixture, i, "python").passed for i in range(2)] == [True, True]
    path.write_text(example.replace("line: 4}", "line: 5}"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_cli("rulesets", "test", "my-rules/", "--engine", "python") == (1, output, "")


@pytest.mark.slow
def test_the_command_refuses_a_rule_of_a_ruleset_folder_without_a_fixture(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "2012.yaml").write_bytes((RULESETS / "ccg-authorisation" / "2012.yaml").read_bytes())
    _sample(tmp_path)
    code, out, err = run_cli("rulesets", "test", str(tmp_path), "--engine", "python")
    assert (code, err) == (1, "")
    rules = [r.id for r in ccg_rules.load_ruleset("ccg-authorisation@2012").rules if r.id != "ACT-14B-01"]
    version_file = (tmp_path / "2012.yaml").as_posix()
    assert out.splitlines() == [
        *(
            f"{version_file}: {r} has no fixture (tests/{r}.yaml), so no case where it fires or passes"
            for r in rules
        ),
        f"1 fixture, 3 cases, engines: python; {len(rules)} failed",
    ]
