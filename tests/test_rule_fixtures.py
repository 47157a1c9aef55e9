"""Self-tests of the bundled rulesets: every rule's fixture cases, run on every engine.

Each rule of a bundled ruleset has a fixture file ``rulesets/<ruleset>/tests/<RULE-ID>.yaml``::

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

``line`` is 1-based within the ``document`` text. A case checks that the document is
valid and that this rule's findings are exactly the expected (pointer, line) pairs;
other rules' findings are ignored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

import ccg_rules

REPO = Path(__file__).resolve().parents[1]
RULESETS = REPO / "rulesets"
ENGINES = ("python", "durable")
FIXTURE_KEYS = {"rule", "ruleset", "cases"}
CASE_KEYS = {"name", "expect", "document"}
CASE_OPTIONAL_KEYS = {"ruleset"}
EXPECT_KEYS = {"pointer", "line"}


@dataclass(frozen=True)
class Fixture:
    path: Path
    data: Any  # as loaded; its shape is checked by the suite-level tests
    error: str | None = None

    @property
    def label(self) -> str:
        return self.path.relative_to(REPO).as_posix()

    @property
    def rule(self) -> str:
        rule = self.data.get("rule") if isinstance(self.data, dict) else None
        return rule if isinstance(rule, str) else self.path.stem

    @property
    def cases(self) -> list[Any]:
        cases = self.data.get("cases") if isinstance(self.data, dict) else None
        return cases if isinstance(cases, list) else []


def _load(path: Path) -> Fixture:
    try:
        return Fixture(path, yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return Fixture(path, None, f"{type(exc).__name__}: {exc}")


FIXTURES = [_load(p) for p in sorted(RULESETS.glob("*/tests/*.yaml"))]


def _case_name(case: Any, index: int) -> str:
    name = case.get("name") if isinstance(case, dict) else None
    return name if isinstance(name, str) and name else f"case {index}"


def _case_params() -> list[Any]:
    params = []
    for fx in FIXTURES:
        for i, case in enumerate(fx.cases):
            for engine in ENGINES:
                params.append(
                    pytest.param(
                        fx,
                        i,
                        engine,
                        id=f"{fx.rule}/{_case_name(case, i)}/{engine}",
                        marks=[pytest.mark.requires_durable] if engine == "durable" else [],
                    )
                )
    return params


@cache
def _ruleset_rules(ref: str) -> frozenset[str]:
    return frozenset(r.id for r in ccg_rules.load_ruleset(ref).rules)


def _describe(findings: Any) -> str:
    return "\n".join(
        f"  {f.rule_id} {f.pointer} line {f.location.line} col {f.location.column}: {f.message}"
        for f in findings
    ) or "  (none)"


def _expected(case: dict[str, Any]) -> list[tuple[str, int]]:
    expect = case.get("expect")
    assert isinstance(expect, list), "'expect' must be a list (use [] for a passing case)"
    out = []
    for e in expect:
        assert isinstance(e, dict), f"bad expect entry {e!r}"
        assert set(e) == EXPECT_KEYS, f"an expect entry has exactly 'pointer' and 'line': {e!r}"
        assert isinstance(e["pointer"], str), f"bad pointer in expect entry {e!r}"
        assert isinstance(e["line"], int), f"bad line in expect entry {e!r}"
        out.append((e["pointer"], e["line"]))
    return sorted(out)


@pytest.mark.parametrize(("fixture", "index", "engine"), _case_params())
def test_case(fixture: Fixture, index: int, engine: str) -> None:
    case = fixture.cases[index]
    assert isinstance(case, dict), f"{fixture.label}: case {index} is not a mapping"
    assert isinstance(case.get("document"), str), f"{fixture.label}: case {index} has no document text"
    expected = _expected(case)
    rule, ruleset = fixture.rule, case.get("ruleset", fixture.data.get("ruleset"))
    assert isinstance(ruleset, str), f"{fixture.label}: 'ruleset' must name a ruleset version"
    report = ccg_rules.check_text(case["document"].encode(), ruleset=ruleset, engine=engine)
    assert report.valid, f"{fixture.label}: the document is not valid:\n{_describe(report.findings)}"
    mine = [f for f in report.findings if f.rule_id == rule]
    actual = sorted((f.pointer, f.location.line) for f in mine)
    assert actual == expected, (
        f"{fixture.label}, case {_case_name(case, index)!r} on {engine}: "
        f"{rule} found\n{_describe(mine)}\nexpected\n"
        + ("\n".join(f"  {p} line {n}" for p, n in expected) or "  (none)")
    )


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


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda fx: fx.label)
def test_fixture_shape(fixture: Fixture) -> None:
    assert fixture.error is None, f"{fixture.label} cannot be read: {fixture.error}"
    data = fixture.data
    assert isinstance(data, dict), f"{fixture.label} is not a mapping"
    assert set(data) == FIXTURE_KEYS, (
        f"{fixture.label}: keys must be exactly {sorted(FIXTURE_KEYS)}, got {sorted(data)}"
    )
    cases = data["cases"]
    assert isinstance(cases, list), f"{fixture.label}: 'cases' must be a list"
    assert cases, f"{fixture.label}: 'cases' is empty"
    for i, case in enumerate(cases):
        assert isinstance(case, dict), f"{fixture.label}: case {i} is not a mapping"
        assert CASE_KEYS <= set(case) <= CASE_KEYS | CASE_OPTIONAL_KEYS, (
            f"{fixture.label}: case {i} ({_case_name(case, i)!r}) keys must be "
            f"{sorted(CASE_KEYS)} and optionally {sorted(CASE_OPTIONAL_KEYS)}, got {sorted(case)}"
        )
        assert isinstance(case["name"], str), f"{fixture.label}: case {i} name must be text"
        assert case["name"].strip(), f"{fixture.label}: case {i} needs a name"
        assert isinstance(case["document"], str), f"{fixture.label}: case {i} document must be text"
        _expected(case)
    names = Counter(case["name"] for case in cases)
    twice = sorted(n for n, k in names.items() if k > 1)
    assert not twice, f"{fixture.label}: case names used more than once: {twice}"
    firing = [c for c in cases if c["expect"]]
    passing = [c for c in cases if not c["expect"]]
    assert firing, f"{fixture.label}: no case where the rule fires (non-empty expect)"
    assert passing, f"{fixture.label}: no case where the rule passes (expect: [])"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda fx: fx.label)
def test_fixture_names_a_rule_of_its_ruleset(fixture: Fixture) -> None:
    assert isinstance(fixture.data, dict), f"{fixture.label} is not a mapping"
    rule, ref = fixture.data.get("rule"), fixture.data.get("ruleset")
    assert isinstance(rule, str), f"{fixture.label}: 'rule' must be a rule id"
    assert isinstance(ref, str), f"{fixture.label}: 'ruleset' must be text"
    assert "@" in ref, f"{fixture.label}: 'ruleset' must name a version, e.g. ccg-authorisation@2012"
    assert fixture.path.stem == rule, f"{fixture.label}: the file name must be {rule}.yaml"
    family = fixture.path.parent.parent.name
    assert ref.partition("@")[0] == family, (
        f"{fixture.label}: 'ruleset' {ref!r} is not a version of {family}"
    )
    known = {v.ref for v in ccg_rules.available_rulesets()}
    refs = [ref] + [c["ruleset"] for c in fixture.cases if isinstance(c, dict) and "ruleset" in c]
    for ref in refs:
        assert isinstance(ref, str), f"{fixture.label}: 'ruleset' must be text"
        assert ref.partition("@")[0] == family, f"{fixture.label}: 'ruleset' {ref!r} is not a version of {family}"
        assert ref in known, f"{fixture.label}: no bundled ruleset version {ref!r} (have {sorted(known)})"
        assert rule in _ruleset_rules(ref), f"{fixture.label}: {ref} has no rule {rule}"


def test_every_behaviour_of_every_rule_has_cases_that_fire_and_pass() -> None:
    """A rule can behave differently in different versions (a parameter changes, or its
    condition is rewritten); each distinct behaviour needs its own firing and passing cases."""
    behaviours: dict[tuple[str, str], list[str]] = {}  # (rule, condition) -> versions
    for version in ccg_rules.available_rulesets():
        for rule in ccg_rules.load_ruleset(version.ref).rules:
            behaviours.setdefault((rule.id, repr(rule._parsed)), []).append(version.ref)
    tested: dict[str, dict[str, set[bool]]] = {}  # rule -> ruleset ref -> {fires?}
    for fx in FIXTURES:
        if not isinstance(fx.data, dict):
            continue
        for case in fx.cases:
            if isinstance(case, dict):
                ref = case.get("ruleset", fx.data.get("ruleset"))
                tested.setdefault(fx.rule, {}).setdefault(str(ref), set()).add(bool(case.get("expect")))
    missing = []
    for (rule_id, _), refs in sorted(behaviours.items()):
        kinds = set().union(*(tested.get(rule_id, {}).get(ref, set()) for ref in refs))
        for kind, word in ((True, "fires"), (False, "passes")):
            if kind not in kinds:
                missing.append(f"{rule_id} as in {', '.join(refs)}: no case where it {word}")
    assert not missing, "untested behaviours (give a case its own 'ruleset'):\n" + "\n".join(missing)
