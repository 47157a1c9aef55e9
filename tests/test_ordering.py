"""Ranked vocabularies compare by rank, not alphabetically; unranked ones do not compare at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ccg_rules
from ccg_rules import Consequence, Outcome, Severity
from ccg_rules.findings import Confidence, RankedStrEnum, SupportLevel
from ccg_rules.report import DomainStatus, RiskRating

NONCOMPLIANT = "examples/ccg-noncompliant.yaml"

SCALES: list[tuple[type[RankedStrEnum], list[str]]] = [
    (Severity, ["info", "warning", "error"]),
    (Consequence, ["advisory", "condition", "directions"]),
    (SupportLevel, ["I", "II", "III", "IV"]),
    (Confidence, ["unconfirmed", "secondary", "confirmed"]),
    (DomainStatus, ["met", "met_with_conditions", "not_met"]),
    (RiskRating, ["green", "amber", "red"]),
]


@pytest.fixture(autouse=True)
def _in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)


def test_severity_is_ordered_by_rank() -> None:
    assert Severity.ERROR > Severity.WARNING > Severity.INFO
    assert Severity.INFO < Severity.WARNING < Severity.ERROR
    assert Severity.WARNING >= Severity.WARNING
    assert Severity.WARNING <= Severity.WARNING
    assert not Severity.WARNING >= Severity.ERROR
    assert not Severity.ERROR < Severity.INFO
    assert sorted([Severity.WARNING, Severity.ERROR, Severity.INFO]) == [Severity.INFO, Severity.WARNING, Severity.ERROR]
    assert max(Severity) is Severity.ERROR
    assert min(Severity) is Severity.INFO
    assert [s.rank for s in (Severity.INFO, Severity.WARNING, Severity.ERROR)] == [0, 1, 2]


@pytest.mark.parametrize(("enum", "scale"), SCALES, ids=[e.__name__ for e, _ in SCALES])
def test_every_ranked_vocabulary_is_totally_ordered(enum: type[RankedStrEnum], scale: list[str]) -> None:
    members = [enum(v) for v in scale]
    # Alphabetical order differs from the scale for each of these; sorting any shuffle gives the scale.
    assert sorted(scale) != scale or enum in (DomainStatus, Consequence, SupportLevel)
    assert sorted(reversed(members)) == members
    assert sorted(members, reverse=True) == members[::-1]
    assert max(reversed(members)) is members[-1]
    assert min(members[::-1]) is members[0]
    for i, low in enumerate(members):
        for j, high in enumerate(members):
            assert (low < high) is (i < j)
            assert (low <= high) is (i <= j)
            assert (low > high) is (i > j)
            assert (low >= high) is (i >= j)
            # A plain string value compares on the same scale, from either side.
            assert (low < scale[j]) is (i < j)
            assert (scale[i] < high) is (i < j)
            assert (scale[i] >= high) is (i >= j)


@pytest.mark.parametrize(("enum", "scale"), SCALES, ids=[e.__name__ for e, _ in SCALES])
def test_ranked_members_are_still_their_strings(enum: type[RankedStrEnum], scale: list[str]) -> None:
    for value in scale:
        member = enum(value)
        assert member == value
        assert isinstance(member, str)
        assert hash(member) == hash(value)
        assert {value: 1}[member] == 1
        assert json.dumps(member) == json.dumps(value)
        assert str(member) == value
        assert f"{member}" == value


def test_comparing_with_something_off_the_scale_raises() -> None:
    with pytest.raises(TypeError, match=r"^'<' is not supported between Severity and <Consequence.DIRECTIONS: 'directions'> \(allowed: 'info', 'warning', 'error'\)$"):
        Severity.ERROR < Consequence.DIRECTIONS  # noqa: B015
    with pytest.raises(TypeError, match=r"^'>=' is not supported between Severity and 'warn' "):
        Severity.ERROR >= "warn"  # noqa: B015
    with pytest.raises(TypeError):
        Severity.ERROR < 2  # noqa: B015
    with pytest.raises(TypeError):
        sorted([Severity.ERROR, Consequence.DIRECTIONS])


def test_outcome_has_no_order() -> None:
    assert Outcome.AUTHORISED == "authorised"
    for op in ("<", "<=", ">", ">="):
        with pytest.raises(TypeError, match=rf"^Outcome values have no order \('{op}'\); compare them with == instead$"):
            eval(f"Outcome.NOT_ASSESSED {op} Outcome.AUTHORISED", {"Outcome": Outcome})
    with pytest.raises(TypeError):
        sorted(Outcome)


def test_the_readme_style_filter_keeps_warnings_and_errors() -> None:
    report = ccg_rules.check(NONCOMPLIANT)
    assert len(report.findings) == 11
    at_least_warning = [f for f in report.findings if f.severity >= Severity.WARNING]
    assert len(at_least_warning) == 11
    errors = [f for f in report.findings if f.severity >= Severity.ERROR]
    assert len(errors) == report.counts.error == 9
    assert [f for f in report.findings if f.severity > Severity.WARNING] == errors
    assert tuple(at_least_warning) == report.at_or_above(Severity.WARNING)
    assert max(f.severity for f in report.findings) is Severity.ERROR
    assert min(f.severity for f in report.findings) is Severity.WARNING
    assert max(f.consequence for f in report.findings) is Consequence.CONDITION
    worst_first = sorted(report.findings, key=lambda f: f.severity, reverse=True)
    assert [f.severity for f in worst_first] == [Severity.ERROR] * 9 + [Severity.WARNING] * 2
    assert max(d.status for d in report.domains) is DomainStatus.MET_WITH_CONDITIONS
