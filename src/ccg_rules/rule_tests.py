"""Rule tests: each fixture case checked on an engine, its findings held to the ones it expects.

The fixture format and its loading are `ccg_rules.rules.fixtures`; ``ccg-rules rulesets
test`` and the bundled rulesets' own tests run the cases through this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ccg_rules.errors import EngineError, FixtureError, RulesetError, SelectionError
from ccg_rules.rules.fixtures import LoadedFixture, resolve_ruleset


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The outcome of one case on one engine.

    Attributes:
        fixture: The fixture file, as named in messages.
        line: The line of the case in that file.
        rule: The rule under test.
        case: The case's name.
        engine: The engine it ran on.
        expected: The expected ``(pointer, line)`` pairs, sorted.
        actual: The rule's ``(pointer, line)`` pairs, sorted (empty when ``problem``).
        problem: Why the case could not be compared (an invalid document), else None.
    """

    fixture: str
    line: int
    rule: str
    case: str
    engine: str
    expected: tuple[tuple[str, int], ...]
    actual: tuple[tuple[str, int], ...]
    problem: str | None = None

    @property
    def passed(self) -> bool:
        """True when the rule gave exactly the expected findings."""
        return self.problem is None and self.actual == self.expected

    def describe(self) -> str:
        """``FILE:LINE: RULE case 'NAME' (engine): expected … got …``."""
        got = self.problem if self.problem is not None else _pairs(self.actual)
        return (
            f"{self.fixture}:{self.line}: {self.rule} case {self.case!r} ({self.engine}): "
            f"expected {_pairs(self.expected)}, got {got}"
        )


def _pairs(pairs: Iterable[tuple[str, int]]) -> str:
    shown = [f"{pointer} line {line}" for pointer, line in pairs]
    return "; ".join(shown) if shown else "no findings"


def _locate(fixture: LoadedFixture, index: int) -> tuple[int, int]:
    pointer = f"/cases/{index}/ruleset" if fixture.spec.cases[index].ruleset else "/ruleset"
    pos = fixture.source_map.locate(pointer)[1]
    return pos.line, pos.column


def _check_ruleset(fixture: LoadedFixture, index: int, spec: str) -> None:
    from ccg_rules.api import load_ruleset

    ref = fixture.ruleset_of(index)
    try:
        ruleset = load_ruleset(spec)
    except (SelectionError, RulesetError) as exc:
        raise FixtureError(fixture.file, [(*_locate(fixture, index), f"ruleset {ref!r}: {exc}")]) from None
    problem = None
    if "@" in ref and not ref.endswith((".yaml", ".yml")) and ruleset.ref != ref:
        problem = f"ruleset {ref!r}: the file {spec} holds {ruleset.ref}"
    elif fixture.rule not in {r.id for r in ruleset.rules}:
        problem = f"ruleset {ruleset.ref} has no rule {fixture.rule}"
    if problem is not None:
        raise FixtureError(fixture.file, [(*_locate(fixture, index), problem)])


def run_fixture(fixture: LoadedFixture, engine: str = "python") -> list[CaseResult]:
    """Run every case of a fixture on one engine.

    Args:
        fixture: The fixture, from `load_fixture`.
        engine: ``"python"`` or ``"durable"``.

    Returns:
        One result per case, in file order.

    Raises:
        FixtureError: A case names a ruleset that cannot be loaded, or one without the
            rule; located at its ``ruleset`` key.
        EngineError: The engine cannot run here (see `engine_problem`).
    """
    return [run_case(fixture, i, engine) for i in range(len(fixture.spec.cases))]


def run_case(fixture: LoadedFixture, index: int, engine: str = "python") -> CaseResult:
    """Run case ``index`` of a fixture on one engine (see `run_fixture`)."""
    from ccg_rules.api import check_text

    case = fixture.spec.cases[index]
    spec = resolve_ruleset(fixture, fixture.ruleset_of(index))
    _check_ruleset(fixture, index, spec)
    report = check_text(case.document, ruleset=spec, engine=engine)  # type: ignore[arg-type]
    expected = tuple(sorted((e.pointer, e.line) for e in case.expect))
    result = CaseResult(
        fixture.file, fixture.case_lines[index], fixture.rule, case.name, engine, expected, ()
    )
    if not report.valid:
        problems = "; ".join(f"{f.rule_id} line {f.location.line}: {f.message}" for f in report.findings)
        return _replace(result, problem=f"a document that is not valid ({problems})")
    actual = tuple(sorted((f.pointer, f.location.line) for f in report.findings if f.rule_id == fixture.rule))
    return _replace(result, actual=actual)


def _replace(result: CaseResult, **changes: object) -> CaseResult:
    import dataclasses

    return dataclasses.replace(result, **changes)  # type: ignore[arg-type]



def engine_problem(engine: str) -> str | None:
    """Why ``engine`` cannot run here, or None when it can."""
    from ccg_rules.engines import get_engine

    try:
        get_engine(engine)
    except EngineError as exc:
        return str(exc)
    return None
