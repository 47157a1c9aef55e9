"""Selection: which rules of a ruleset ``select`` and ``ignore`` leave to run.

The plan is filtered by the result (`ccg_rules.pipeline.plan`), so a rule left out is
never evaluated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ccg_rules.errors import UnknownRuleError
from ccg_rules.located import closest
from ccg_rules.rules.catalog import family_versions, load_version, ruleset_ids
from ccg_rules.rules.ruleset import Rule, Ruleset


def selectors(values: str | Iterable[str] | None) -> tuple[str, ...]:
    """Split ``select`` / ``ignore`` values: each may hold several entries separated by commas."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _matches(token: str, rule: Rule) -> bool:
    t = token.casefold()
    rid = rule.id.casefold()
    if t in (rid, rule.domain.casefold()):
        return True
    return rid.startswith(t) and (t.endswith("-") or rid[len(t)] == "-")


def _vocabulary(rulesets: Iterable[Ruleset]) -> dict[str, str]:
    """Every selector that names something: ids, dash-delimited id prefixes, domains."""
    words: dict[str, str] = {}
    for rs in rulesets:
        for d in rs.domains:
            words.setdefault(d.id.casefold(), d.id)
        for rule in rs.rules:
            words.setdefault(rule.id.casefold(), rule.id)
            parts = rule.id.split("-")
            for n in range(1, len(parts)):
                prefix = "-".join(parts[:n]) + "-"
                words.setdefault(prefix.casefold(), prefix)
                words.setdefault(prefix[:-1].casefold(), prefix[:-1])
        for removed in rs.removed:
            words.setdefault(removed.casefold(), removed)
    return words


def _family_of(ruleset: Ruleset) -> list[Ruleset]:
    if ruleset.id not in ruleset_ids():
        return [ruleset]
    return [load_version(v) for v in family_versions(ruleset.id)]


def select_rules(ruleset: Ruleset, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[str, ...]:
    """Return the ids of the rules of ``ruleset`` that ``select`` and ``ignore`` leave to run.

    An entry is a rule id (``REG-11-01``), a prefix of rule ids ending at a dash
    (``SCH5-`` or ``SCH5``), or a domain id (``governance``); case does not matter. With no
    ``select`` every rule is selected; ``ignore`` then removes rules. An entry that names
    a rule or domain of another version of the same ruleset is accepted and matches
    nothing here, so one configuration serves documents of different dates.

    Raises:
        UnknownRuleError: An entry names nothing in any version of the ruleset.
    """
    words: dict[str, str] | None = None
    for option, tokens in (("select", select), ("ignore", ignore)):
        for token in tokens:
            if any(_matches(token, r) for r in ruleset.rules) or token.casefold() in {
                d.id.casefold() for d in ruleset.domains
            }:
                continue
            if words is None:
                words = _vocabulary(_family_of(ruleset))
            if token.casefold() in words:
                continue
            close = closest(token.casefold(), words)
            raise UnknownRuleError(option, token, words[close[0]] if close else None, ruleset.ref)
    return tuple(
        r.id
        for r in ruleset.rules
        if (not select or any(_matches(t, r) for t in select)) and not any(_matches(t, r) for t in ignore)
    )
