"""Ruleset information as text: the versions, a diff between two, one rule explained."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from ccg_rules.rules.history import RulesetDiff, RuleStory
from ccg_rules.rules.ruleset import Rule, Ruleset
from ccg_rules.rules.version import RulesetVersion


def render_versions(versions: Sequence[tuple[RulesetVersion, Ruleset]]) -> str:
    """A table of ruleset versions with their periods in force and rule counts."""
    rows = [("RULESET", "IN FORCE FROM", "TO", "RULES", "TITLE")]
    for v, ruleset in versions:
        rows.append(
            (v.ref, str(v.effective_from), str(v.effective_to or "-"), str(len(ruleset.rules)), v.title)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    out = []
    for row in rows:
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    return "\n".join(out) + "\n"


def render_diff(diff: RulesetDiff) -> str:
    """What changed between two versions, section by section."""
    out = [f"{diff.old} -> {diff.new}"]
    if diff.empty:
        return out[0] + "\nno changes\n"
    if diff.added:
        out.append(f"\nadded ({len(diff.added)}):")
        out.extend(f"  + {rule_id}" for rule_id in diff.added)
    if diff.removed:
        out.append(f"\nremoved ({len(diff.removed)}):")
        out.extend(f"  - {rule_id}: {reason}" for rule_id, reason in diff.removed)
    if diff.changed:
        out.append(f"\nchanged ({len(diff.changed)}):")
        out.extend(f"  ~ {c.rule_id}: {', '.join(c.fields)}" for c in diff.changed)
    if diff.parameters:
        out.append(f"\nparameters ({len(diff.parameters)}):")
        out.extend(f"  {name}: {old} -> {new}" for name, old, new in diff.parameters)
    return "\n".join(out) + "\n"


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(text.split()), width=88, initial_indent=indent, subsequent_indent=indent)


def _criterion_lines(r: Rule) -> list[str]:
    """The criterion a rule bears on and how sure the mapping is; none for the default one."""
    crit = r.criterion
    sure = f"mapping confidence: {crit.confidence.value}"
    if crit.basis == "board" and crit.code:
        return [_wrap(f"criterion {crit.code}: {crit.text} (the Board's; {sure})")]
    if crit.source is None:  # no criterion written: the rule's own title stands for it
        return []
    return [_wrap(f"our nearest criterion: {crit.text} ({sure})")]


def render_story(story: RuleStory) -> str:
    """One rule explained: requirement, citation, rationale, history and examples."""
    r = story.rule
    c = r.citation
    out = [
        f"{r.id}: {r.title}",
        "",
        f"  domain {r.domain} · severity {r.severity.value} · consequence {r.consequence.value}"
        + (f" · support level {r.support_level.value}" if r.support_level else ""),
        *_criterion_lines(r),
        "",
        "Citation:",
        _wrap(f"{c.instrument}, {c.provision} (confidence: {c.confidence.value})"),
    ]
    if c.url:
        out.append(f"  {c.url}")
    if c.note:
        out.append(_wrap(c.note))
    for extra in r.see_also:
        out.append(_wrap(f"see also: {extra.instrument}, {extra.provision} ({extra.confidence.value})"))
    out += ["", "Why:", _wrap(r.rationale), "", "What to do:", _wrap(r.remediation), ""]
    out.append("History: " + "; ".join(f"{version} {event}" for version, event in story.events))
    out.append(f"In versions: {', '.join(story.versions)} of {story.ruleset}")
    for kind, label in (("fires", "Fails"), ("passes", "Passes")):
        cases = story.examples.get(kind, [])
        if cases:
            case = cases[0]
            out += ["", f"{label} under {case['ruleset']} ({case['name']}):"]
            out.append(textwrap.indent(case["document"].rstrip("\n"), "    "))
    return "\n".join(out) + "\n"
