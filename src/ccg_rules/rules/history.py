"""How rulesets change between versions, and the story of one rule across them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ccg_rules.rules.catalog import family_versions, load_version
from ccg_rules.rules.ruleset import Rule, Ruleset
from ccg_rules.rules.version import RulesetVersion

_IGNORED = {"defined_in"}


@dataclass(frozen=True, slots=True)
class RuleChange:
    """A rule present in both versions whose content differs."""

    rule_id: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RulesetDiff:
    """What changed from ``old`` to ``new``."""

    old: str
    new: str
    added: tuple[str, ...] = ()
    removed: tuple[tuple[str, str], ...] = ()  # (rule id, reason)
    changed: tuple[RuleChange, ...] = ()
    parameters: tuple[tuple[str, object, object], ...] = ()  # (name, old value, new value)

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        return not (self.added or self.removed or self.changed or self.parameters)

    def causes(self, rule: Rule) -> tuple[str, ...]:
        """The changes in this diff that bear on ``rule``, one sentence each.

        Args:
            rule: The rule as it stands in either version (its ``parameters`` decide which
                parameter changes bear on it).

        Returns:
            The rule's addition or removal, the fields of it that changed, and the changed
            parameters it uses; empty when the rule is the same and so is every parameter
            it uses (the document's data then decides).
        """
        if rule.id in self.added:
            return (
                f"{rule.id} is not in {self.old}; "
                f"it is in {self.new}, as defined in version {rule.defined_in}",
            )
        reasons = [f"{rule.id} is not in {self.new}: {why}" for rid, why in self.removed if rid == rule.id]
        reasons += [
            f"{rule.id} changed ({', '.join(c.fields)})" for c in self.changed if c.rule_id == rule.id
        ]
        reasons += [
            f"parameter {name} changed from {old} to {new}"
            for name, old, new in self.parameters
            if name in rule.parameters
        ]
        return tuple(reasons)


def _content(rule: Rule) -> dict[str, Any]:
    return {k: v for k, v in rule.model_dump(mode="json").items() if k not in _IGNORED}


def diff_rulesets(old: Ruleset, new: Ruleset) -> RulesetDiff:
    """Compare two ruleset versions rule by rule and parameter by parameter.

    Args:
        old: The earlier version (any two versions may be compared, in either order).
        new: The later version.

    Returns:
        The rules added, removed (with the reason the newer version gives) and changed
        (with the fields that differ), and the parameters whose values differ.

    Examples:
        >>> import ccg_rules
        >>> diff = ccg_rules.diff_rulesets(
        ...     ccg_rules.load_ruleset("ccg-authorisation@2017-06"),
        ...     ccg_rules.load_ruleset("ccg-authorisation@2022-04"),
        ... )  # doctest: +SKIP
        >>> diff.parameters  # doctest: +SKIP
        (('governing_body_min', 6, 4),)
    """
    before = {r.id: r for r in old.rules}
    after = {r.id: r for r in new.rules}
    changed = []
    for rule_id in sorted(before.keys() & after.keys()):
        a, b = _content(before[rule_id]), _content(after[rule_id])
        fields = tuple(sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k)))
        if fields:
            changed.append(RuleChange(rule_id, fields))
    params = tuple(
        (name, old.parameters.get(name), new.parameters.get(name))
        for name in sorted(old.parameters.keys() | new.parameters.keys())
        if old.parameters.get(name) != new.parameters.get(name)
    )
    removed = tuple(
        (rule_id, new.removed.get(rule_id, "not in the newer version"))
        for rule_id in sorted(before.keys() - after.keys())
    )
    return RulesetDiff(
        old=old.ref,
        new=new.ref,
        added=tuple(sorted(after.keys() - before.keys())),
        removed=removed,
        changed=tuple(changed),
        parameters=params,
    )


@dataclass(frozen=True, slots=True)
class RuleStory:
    """A rule across every version of its ruleset."""

    rule: Rule
    ruleset: str
    events: tuple[tuple[str, str], ...]  # (version, "added" | "changed" | "removed: reason")
    versions: tuple[str, ...]  # versions that contain the rule
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # "fires"/"passes"


def _examples(version: RulesetVersion, latest: Rule) -> dict[str, list[dict[str, Any]]]:
    """The rule's fixture cases, split into "fires" and "passes".

    Each case carries the ruleset version it is checked against under ``"ruleset"`` (its own,
    or the fixture file's). Cases checked against a version where the rule behaves as it does
    now come first, so the first example of each kind shows the rule as it stands.
    """
    path = Path(version.path).parent / "tests" / f"{latest.id}.yaml"
    out: dict[str, list[dict[str, Any]]] = {"fires": [], "passes": []}
    if not path.is_file():
        return out
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    current = repr(latest._parsed)  # the condition with this version's parameters filled in
    behaves: dict[str, bool] = {}
    for case in data.get("cases", []):
        ref = str(case.get("ruleset", data.get("ruleset", "")))
        if ref not in behaves:
            behaves[ref] = _behaves_as(ref, latest.id, current)
        out["fires" if case.get("expect") else "passes"].append({**case, "ruleset": ref})
    for cases in out.values():
        cases.sort(key=lambda c: not behaves[c["ruleset"]])  # stable: file order otherwise
    return out


def _behaves_as(ref: str, rule_id: str, parsed: str) -> bool:
    family, _, number = ref.partition("@")
    version = next((v for v in family_versions(family) if v.version == number), None)
    if version is None:
        return False
    rule = next((r for r in load_version(version).rules if r.id == rule_id), None)
    return rule is not None and repr(rule._parsed) == parsed


def rule_story(rule_id: str, ruleset_id: str, version: str | None = None) -> RuleStory:
    """Return ``rule_id`` as it stands in the latest version that has it, with its history.

    Args:
        rule_id: The rule.
        ruleset_id: The ruleset.
        version: Show the rule as it stands in this version instead (the history is
            still that of every version).

    Raises:
        KeyError: No version of the ruleset has the rule (or ``version`` does not).
    """
    family = family_versions(ruleset_id)
    events: list[tuple[str, str]] = []
    versions: list[str] = []
    latest: Rule | None = None
    previous: Rule | None = None
    home: RulesetVersion | None = None
    for v in family:
        ruleset = load_version(v)
        rule = next((r for r in ruleset.rules if r.id == rule_id), None)
        if rule is None:
            if previous is not None:
                events.append((v.version, f"removed: {ruleset.removed.get(rule_id, '')}".rstrip(": ")))
            previous = None
            continue
        versions.append(v.version)
        if previous is None:
            events.append((v.version, "added"))
        elif _content(previous) != _content(rule):
            events.append((v.version, "changed"))
        previous = rule
        if version is None or v.version == version:
            latest, home = rule, v
    if latest is None or home is None:
        raise KeyError(rule_id)
    return RuleStory(latest, ruleset_id, tuple(events), tuple(versions), _examples(home, latest))
