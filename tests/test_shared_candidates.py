"""Rules that ask for the same facts share the Python engine's candidates and indexes.

`ccg_rules.engines.python` keeps each document's filtered candidates and join indexes by
the step's kind (fact type and local tests) rather than by the step, so one list and one
index serve every rule that asks for them. Sharing must never change a match: here each
plan met in a real check is matched whole and rule by rule, and the two must agree on
every example and on generated documents of every bundled version.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from ccg_rules import available_rulesets, check_text
from ccg_rules.engines.base import Fact, Match
from ccg_rules.engines.python import PythonEngine, _compile
from ccg_rules.rules.ir import Binding, RulePlan
from docgen import document_bytes

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _captured(data: bytes, monkeypatch: pytest.MonkeyPatch) -> list[tuple[RulePlan, list[Fact]]]:
    seen: list[tuple[RulePlan, list[Fact]]] = []
    original = PythonEngine.match

    def match(self: PythonEngine, plan: RulePlan, facts: Sequence[Fact]) -> list[Match]:
        seen.append((plan, list(facts)))
        return original(self, plan, facts)

    with monkeypatch.context() as m:
        m.setattr(PythonEngine, "match", match)
        check_text(data, engine="python", filename="doc.yaml")
    return seen


def _rule_by_rule(plan: RulePlan, facts: list[Fact]) -> set[Match]:
    out: set[Match] = set()
    for rule in plan.rules:
        out.update(PythonEngine().match(RulePlan(f"{plan.key}/{rule.rule_id}", (rule,)), facts))
    return out


def _documents() -> list[tuple[str, bytes]]:
    docs = [(p.name, p.read_bytes()) for p in EXAMPLES]
    versions = [v for v in available_rulesets() if v.id == "ccg-authorisation" and v.effective_to]
    for n, v in enumerate(versions):
        day = v.effective_from
        docs.extend(
            (f"{v.id}@{v.version}#{i}", document_bytes(7_000 + 10 * n + i, day, day)) for i in range(2)
        )
    return docs


@pytest.mark.parametrize(("name", "data"), _documents(), ids=lambda x: x if isinstance(x, str) else "")
def test_a_plan_matches_as_its_rules_do_one_by_one(
    name: str, data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    captured = _captured(data, monkeypatch)
    assert captured, f"{name}: no plan reached the Python engine"
    for plan, facts in captured:
        whole = PythonEngine().match(plan, facts)
        assert len(whole) == len(set(whole))
        assert set(whole) == _rule_by_rule(plan, facts)


def test_the_bundled_rules_do_share_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above is not vacuous: steps of different rules do share a kind."""
    ((plan, _), *_) = _captured((ROOT / "examples" / "ccg-noncompliant.yaml").read_bytes(), monkeypatch)
    kinds: dict[str, set[str]] = {}
    for rule, compiled in zip(plan.rules, (_compile(r) for r in plan.rules), strict=True):
        for step in compiled.steps:
            if hasattr(step, "kind"):
                kinds.setdefault(step.kind, set()).add(rule.rule_id)  # type: ignore[union-attr]
    shared = [k for k, rules in kinds.items() if len(rules) > 1]
    steps = sum(isinstance(s, Binding) for r in plan.rules for s in r.condition.steps)
    assert shared, "no two rules share a kind of candidate"
    assert len(kinds) < steps
