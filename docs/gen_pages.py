"""Generate the documentation pages that come from the rulesets and the code.

mkdocs-gen-files runs this script on every build (see ``mkdocs.yml``). It writes:

* ``rules/index.md``: the rule catalogue, one row per rule id of every ruleset version;
* ``rules/<RULE-ID>.md``: one page per rule id, with its requirement, citation,
  remediation, consequence, a failing and a passing example from the rule's own
  fixtures, and its history across versions;
* ``rules/versions.md``: every ruleset version, its period in force and what it changed;
* ``rules/coverage.md``, only when the checked-in page is missing (it is normally
  written by ``python -m ccg_rules.rules.coverage --write``);
* ``reference/cli.md``: the ``--help`` text of every command;
* ``reference/document.md``: every key of the document format, from its JSON Schema;
* ``reference/schemas.md`` and ``schemas/*.json``: the published JSON Schemas, listed and
  copied so that the site serves them.

Nothing here is copied by hand: add a rule or a version file and the pages follow. The
page texts come from :func:`pages`, which needs only ``ccg_rules``, so the tests can
check them without building the site.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import ccg_rules
except ImportError:  # building from a checkout that was not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import ccg_rules

import yaml

from ccg_rules.rules.history import RuleChange, RulesetDiff, RuleStory, diff_rulesets, rule_story

DOCS = Path(__file__).resolve().parent

SEVERITY_MEANING = {
    "error": "a breach of a requirement; fails a check at the default `--fail-on error`",
    "warning": "a risk or a likely condition; fails a check only with `--fail-on warning`",
    "info": "context only; fails a check only with `--fail-on info`",
}
CONSEQUENCE_MEANING = {
    "blocks": "the CCG cannot be authorised while this stands",
    "condition": "the CCG may be authorised, with a condition to put this right",
    "advisory": "advice only; it does not change the authorisation outcome",
}
CONFIDENCE_MEANING = {
    "confirmed": "checked against the primary text (the legislation or the guidance itself)",
    "secondary": "rests on a reliable secondary source, such as a law firm's briefing or a CCG's "
    "published text",
    "unconfirmed": "the provision is believed to exist, but its wording could not be verified",
}


# ------------------------------------------------------------------------------- collecting


@dataclass
class Family:
    """One ruleset and everything the pages say about it."""

    id: str
    versions: list[tuple[Any, Any]]  # (RulesetVersion, Ruleset), by effective date
    stories: dict[str, RuleStory] = field(default_factory=dict)
    diffs: dict[str, RulesetDiff] = field(default_factory=dict)  # version -> diff from the previous
    fixtures: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule id -> fixture file data

    @property
    def latest(self) -> Any:
        """The newest version's resolved ruleset."""
        return self.versions[-1][1]

    def ruleset(self, version: str) -> Any:
        """The resolved ruleset of ``version``."""
        return next(rs for v, rs in self.versions if v.version == version)

    def changed_fields(self, rule_id: str, version: str) -> tuple[str, ...]:
        """The fields of ``rule_id`` that ``version`` changed from the version before it."""
        diff = self.diffs.get(version)
        if diff is None:
            return ()
        change: RuleChange | None = next((c for c in diff.changed if c.rule_id == rule_id), None)
        return change.fields if change else ()


def collect() -> list[Family]:
    """Load every bundled ruleset version, each rule's story and each version's diff."""
    families: dict[str, Family] = {}
    for version in ccg_rules.available_rulesets():
        family = families.setdefault(version.id, Family(version.id, []))
        family.versions.append((version, ccg_rules.load_ruleset(version.ref)))
    seen: dict[str, str] = {}
    for family in families.values():
        for (_, old), (new_v, new) in zip(family.versions, family.versions[1:], strict=False):
            family.diffs[new_v.version] = diff_rulesets(old, new)
        ids = sorted({rule.id for _, ruleset in family.versions for rule in ruleset.rules})
        for rule_id in ids:
            if rule_id in seen:
                raise SystemExit(
                    f"rule id {rule_id} is in both {seen[rule_id]} and {family.id}; "
                    "the catalogue needs one page per id"
                )
            seen[rule_id] = family.id
            family.stories[rule_id] = rule_story(rule_id, family.id)
            folder = Path(family.versions[0][0].path).parent
            fixture = folder / "tests" / f"{rule_id}.yaml"
            if fixture.is_file():
                family.fixtures[rule_id] = yaml.safe_load(fixture.read_text(encoding="utf-8")) or {}
    return list(families.values())


# -------------------------------------------------------------------------------- helpers


def text(value: object) -> str:
    """Make free text safe to put in Markdown: no HTML, no accidental emphasis or links."""
    out = html.escape(" ".join(str(value).split()), quote=False)
    return re.sub(r"([\\`*_\[\]])", r"\\\1", out)


def cell(value: object) -> str:
    """Like :func:`text`, for a table cell."""
    return text(value).replace("|", "\\|")


def code(value: object) -> str:
    """An inline code span that survives any backticks in ``value``."""
    body = " ".join(str(value).split())
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", body)), default=0) + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{ticks}{pad}{body}{pad}{ticks}"


def fence(body: str, lang: str = "yaml") -> str:
    """A fenced code block that survives any backtick runs in ``body``."""
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", body)), default=0) + 1)
    return f"{ticks}{lang}\n{body.rstrip()}\n{ticks}"


def period(version: Any) -> str:
    """``from 2012-10-01 to 2014-09-30``, or ``from ... (open-ended)``."""
    if version.effective_to is None:
        return f"from {version.effective_from} (open-ended)"
    return f"from {version.effective_from} to {version.effective_to}"


def domain_label(ruleset: Any, domain_id: str) -> str:
    """``4. Proper constitutional and governance arrangements``, or the id if unknown."""
    for domain in ruleset.domains:
        if domain.id == domain_id:
            number = f"{domain.number}. " if domain.number is not None else ""
            return f"{number}{domain.title}"
    return domain_id


def version_runs(versions: tuple[str, ...] | list[str], order: list[str]) -> str:
    """``2012–2016-06`` for consecutive versions of ``order``; runs joined by commas."""
    runs: list[list[str]] = []
    for version in versions:
        if runs and order.index(version) == order.index(runs[-1][-1]) + 1:
            runs[-1].append(version)
        else:
            runs.append([version])
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def removal_reason(reason: str) -> str:
    """A removal reason without the loader's "(removed in VERSION)" suffix; the page says it."""
    return re.sub(r"\s*\(removed in [^()]*\)\s*$", "", reason)


def nowrap(value: object) -> str:
    """Text that a table must not break across lines (a date)."""
    return f'<span class="nowrap">{html.escape(str(value))}</span>'


def rule_link(rule_id: str, prefix: str = "") -> str:
    """A link to a rule's page."""
    return f"[{rule_id}]({prefix}{rule_id}.md)"


class _Dumper(yaml.SafeDumper):
    """Writes a rule condition back as compact YAML, plain scalars exactly as written."""


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # A plain scalar from the ruleset file (a str subclass) is written back as its source
    # text, tagged as a YAML reader would resolve it, so it stays unquoted.
    source = str(data)
    tag = dumper.resolve(yaml.ScalarNode, source, (True, False))  # type: ignore[no-untyped-call]
    return dumper.represent_scalar(tag, source)


def _represent_mapping(dumper: yaml.SafeDumper, data: Mapping[str, Any]) -> yaml.MappingNode:
    leaf = all(not isinstance(v, dict | list) for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", list(data.items()), flow_style=leaf)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    leaf = all(not isinstance(v, dict | list) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=leaf)


_Dumper.add_multi_representer(str, _represent_text)
_Dumper.add_representer(dict, _represent_mapping)
_Dumper.add_representer(list, _represent_list)


def condition_yaml(condition: Mapping[str, Any]) -> str:
    """A rule's condition as YAML, in the compact style the ruleset files use."""
    dumped = yaml.dump({"condition": dict(condition)}, Dumper=_Dumper, sort_keys=False, width=100)
    return str(dumped)


def params_used(rule: Any) -> list[str]:
    """The parameters a rule reads, in its condition or its message templates."""
    names: list[str] = []

    def walk(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            if set(node) == {"param"}:
                yield str(node["param"])
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    found = list(walk(rule.condition))
    for template in (rule.message, rule.expected or "", rule.actual or ""):
        found += re.findall(r"\{param\.([A-Za-z0-9_]+)\}", template)
    for name in found:
        if name not in names:
            names.append(name)
    return names


# ------------------------------------------------------------------------------- the index


def render_index(families: list[Family]) -> str:
    """The rule catalogue: one table per ruleset, one row per rule id."""
    out = [
        "# Rule catalogue",
        "",
        "<!-- Generated from the rulesets by docs/gen_pages.py at build time; do not edit. -->",
        "",
        "Every rule of every bundled ruleset version, with a page of its own. A rule's id never",
        "changes and is never reused; the *versions* column lists the ruleset versions that",
        "contain it (see [ruleset versions](versions.md) for what each version changed, and the",
        "[coverage matrix](coverage.md) for which catalogue items the rules implement).",
        "",
        "A range such as 2012–2014-10 means every version from the first to the last listed.",
        "",
        "*Severity* is how serious a finding is for tools and exit codes; *consequence* is what",
        "it means for authorisation: `blocks` (not authorisable while it stands), `condition`",
        "(authorisation with a condition) or `advisory`.",
    ]
    for family in families:
        latest = family.latest
        versions = ", ".join(v.version for v, _ in family.versions)
        out += [
            "",
            f"## {code(family.id)}",
            "",
            f"{len(family.stories)} rules across {len(family.versions)} "
            f"version{'s' if len(family.versions) != 1 else ''} ({versions}); "
            f"the latest version, {code(latest.version)}, has {len(latest.rules)}.",
            "",
            "Domains (from the latest version):",
            "",
        ]
        for domain in latest.domains:
            number = f"{domain.number}. " if domain.number is not None else ""
            out.append(f"- {code(domain.id)}: {number}{text(domain.title)}")
        out += [
            "",
            "| Rule | Title | Domain | Severity | Consequence | Versions |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        order = [v.version for v, _ in family.versions]
        for rule_id, story in sorted(family.stories.items()):
            rule = story.rule
            in_versions = version_runs(story.versions, order)
            removed = [v for v, event in story.events if event.startswith("removed")]
            if removed and story.versions[-1] != latest.version:
                in_versions += f" (removed in {removed[-1]})"
            out.append(
                f"| {rule_link(rule_id)} | {cell(rule.title)} | {cell(rule.domain)} "
                f"| {rule.severity.value} | {rule.consequence.value} | {in_versions} |"
            )
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------- a rule's page


def _line_of(document: str, line: int) -> str:
    lines = document.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _example(kind: str, case: Mapping[str, Any]) -> list[str]:
    document = str(case.get("document", ""))
    heading = "Fails" if kind == "fires" else "Passes"
    out = [f"### {heading}: {text(case.get('name', 'unnamed case'))}", "", fence(document), ""]
    expect = case.get("expect") or []
    if not expect:
        out.append("The rule makes no finding on this document.")
    else:
        out.append("The rule makes these findings (JSON Pointer, and line within the document above):")
        out.append("")
        for item in expect:
            pointer, line = item.get("pointer", ""), item.get("line", 0)
            source = _line_of(document, int(line))
            shown = f": {code(source)}" if source else ""
            out.append(f"- {code(pointer or '/')} at line {line}{shown}")
    return [*out, ""]


def render_rule(family: Family, story: RuleStory) -> str:
    """One rule's page."""
    rule = story.rule
    home = family.ruleset(story.versions[-1])
    cite = rule.citation
    out = [
        f"# {rule.id}: {text(rule.title)}",
        "",
        "<!-- Generated from the rulesets by docs/gen_pages.py at build time; do not edit. -->",
        "",
        f"- **Ruleset:** {code(family.id)}, in version{'s' if len(story.versions) != 1 else ''} "
        + ", ".join(f"[{v}](versions.md#{family.id}-{_anchor(v)})" for v in story.versions),
        f"- **Domain:** {text(domain_label(home, rule.domain))} ({code(rule.domain)})",
        f"- **Severity:** `{rule.severity.value}`, {SEVERITY_MEANING.get(rule.severity.value, '')}",
        f"- **Consequence:** `{rule.consequence.value}`, "
        f"{CONSEQUENCE_MEANING.get(rule.consequence.value, '')}",
    ]
    removal = _removal(family, story)
    if rule.tags:
        out.append(f"- **Tags:** {', '.join(code(t) for t in rule.tags)}")
    if tuple(rule.implements) != (rule.id,):
        out.append(f"- **Implements catalogue items:** {', '.join(code(i) for i in rule.implements)}")
    if removal:
        version, reason = removal
        out += ["", f'!!! warning "Removed in {version}"', f"    {text(reason) or 'No longer applies.'}"]
        out += ["", "    The rest of this page describes the rule as it last stood."]
    out += ["", "## The requirement", "", f"{text(rule.title)}.", "", text(rule.rationale), ""]

    out += ["## Source", ""]
    where = f"**{text(cite.instrument)}**, {text(cite.provision)}"
    out.append(f"{where} ([source]({cite.url}))." if cite.url else f"{where}.")
    out += [
        "",
        f"Confidence: **{cite.confidence.value}**: {CONFIDENCE_MEANING.get(cite.confidence.value, '')}.",
    ]
    if cite.note:
        out += ["", f"Note: {text(cite.note)}"]
    if rule.see_also:
        out += ["", "See also:", ""]
        for extra in rule.see_also:
            link = f" ([source]({extra.url}))" if extra.url else ""
            note = f" {text(extra.note)}" if extra.note else ""
            out.append(
                f"- **{text(extra.instrument)}**, {text(extra.provision)}{link}; "
                f"confidence {extra.confidence.value}.{note}"
            )
    out += ["", "## What to do", "", text(rule.remediation), ""]

    out += ["## What a finding says", "", f"Message: {code(rule.message)}", ""]
    if rule.expected or rule.actual:
        if rule.expected:
            out.append(f"- Expected: {code(rule.expected)}")
        if rule.actual:
            out.append(f"- Actual: {code(rule.actual)}")
        out.append("")
    used = params_used(rule)
    if used:
        out += ["Parameters it uses (values as of the latest version containing the rule):", ""]
        for name in used:
            value = home.parameters.get(name)
            out.append(f"- {code(name)} = {code(value)}")
        out.append("")

    out += ["## Examples", ""]
    fixture = family.fixtures.get(rule.id, {})
    fires, passes = story.examples.get("fires", []), story.examples.get("passes", [])
    folder = Path(family.versions[0][0].label).parent.as_posix()
    total = len(fires) + len(passes)
    refs = sorted({str(case["ruleset"]) for case in fires + passes})
    if total:
        out += [
            f"Taken from the rule's fixtures, {code(f'{folder}/tests/{rule.id}.yaml')} "
            f"({total} case{'s' if total != 1 else ''}: {len(fires)} where it fires and "
            f"{len(passes)} where it passes), checked against "
            f"{' and '.join(code(ref) for ref in refs)} on both engines by the test suite.",
            "",
        ]
    shown = (fires or passes or [{"ruleset": fixture.get("ruleset", "")}])[0]
    pinned = str(shown["ruleset"]).partition("@")[2]
    order = [v.version for v, _ in family.versions]
    later = [
        v
        for v, event in story.events
        if event == "changed" and pinned in order and v in order and order.index(v) > order.index(pinned)
    ]
    if later:
        out += [
            f"The rule changed in {', '.join(later)}, after the version these cases are checked "
            f"against, so they show it as it stood in {code(pinned)}; the sections above describe "
            "it as it stands now (see the history below).",
            "",
        ]
    if fires:
        out += _example("fires", fires[0])
    else:
        out += ["This rule has no case where it fires yet.", ""]
    if passes:
        out += _example("passes", passes[0])
    else:
        out += ["This rule has no case where it passes yet.", ""]

    out += [
        "## How it is checked",
        "",
        "The condition describes when the rule fires (see [writing rules](../writing-rules.md)):",
        "",
        fence(condition_yaml(rule.condition)),
        "",
        "## History",
        "",
        "| Version | In force | Change |",
        "| --- | --- | --- |",
    ]
    periods = {v.version: period(v) for v, _ in family.versions}
    for version, event in story.events:
        change = text(removal_reason(event))
        if event == "changed":
            fields = family.changed_fields(rule.id, version)
            change = f"changed: {', '.join(fields)}" if fields else "changed"
        out.append(f"| {nowrap(version)} | {periods.get(version, '')} | {change} |")
    where = "Last defined" if removal else "Defined"
    out += [
        "",
        f"{where} in version {code(rule.defined_in)} of {code(family.id)}. "
        f"In a terminal, {code(f'ccg-rules explain {rule.id}')} prints the same essentials.",
        "",
        "Back to the [rule catalogue](index.md).",
    ]
    return "\n".join(out) + "\n"


def _removal(family: Family, story: RuleStory) -> tuple[str, str] | None:
    """(version, reason) if the rule is not in the latest version of its ruleset."""
    if story.versions[-1] == family.latest.version:
        return None
    for version, event in reversed(story.events):
        if event.startswith("removed"):
            return version, removal_reason(event.partition(":")[2].strip())
    return None


def _anchor(version: str) -> str:
    """The heading id Python-Markdown's toc gives a version heading."""
    return re.sub(r"[^a-z0-9_-]+", "", version.lower().replace(" ", "-"))


# -------------------------------------------------------------------------- the versions page


def render_versions(families: list[Family]) -> str:
    """Every ruleset version, its period in force and what it changed."""
    out = [
        "# Ruleset versions",
        "",
        "<!-- Generated from the rulesets by docs/gen_pages.py at build time; do not edit. -->",
        "",
        "A ruleset has one file per version, each with the dates it is in force. A check uses",
        "the version in force on the document's `as_of` date unless a version is pinned with",
        "`--ruleset ID@VERSION`. A version with no end date runs until the next one starts.",
        "The same lists come from `ccg-rules rulesets list` and `ccg-rules rulesets diff A B`.",
    ]
    for family in families:
        out += [
            "",
            f"## {code(family.id)}",
            "",
            "| Version | In force from | In force to | Rules | Title |",
            "| --- | --- | --- | --- | --- |",
        ]
        for version, ruleset in family.versions:
            out.append(
                f"| [{version.version}](#{family.id}-{_anchor(version.version)}) "
                f"| {nowrap(version.effective_from)} | {nowrap(version.effective_to or 'open-ended')} "
                f"| {len(ruleset.rules)} | {cell(version.title)} |"
            )
        previous: Any = None
        for version, ruleset in family.versions:
            out += ["", f"### {version.version} {{#{family.id}-{_anchor(version.version)}}}", ""]
            out.append(f"**{text(version.title)}**, in force {period(version)}.")
            if ruleset.description:
                out += ["", text(ruleset.description)]
            if version.end_reason:
                out += ["", f"Ended because: {text(version.end_reason)}"]
            out += ["", f"File: {code(version.label)}"]
            if ruleset.extends:
                out[-1] += f", which extends {code(ruleset.extends)} and states only what changed."
            out.append("")
            if previous is None:
                out.append(f"The first version: {len(ruleset.rules)} rules.")
                links = ", ".join(rule_link(r.id) for r in ruleset.rules) or "(no rules)"
                out += ["", links, "{: .rule-list }"]
            else:
                out += _diff_lines(family.diffs[version.version], previous.version)
            if ruleset.parameters and not ruleset.extends:
                out += ["", "Parameters:", "", "| Name | Value |", "| --- | --- |"]
                for name, value in sorted(ruleset.parameters.items()):
                    out.append(f"| {code(name)} | {code(value)} |")
            previous = version
    return "\n".join(out) + "\n"


def _diff_lines(diff: RulesetDiff, old: str) -> list[str]:
    if diff.empty:
        return [f"No rule or parameter changed from {code(old)}."]
    out = [f"Changes from {code(old)}:", ""]
    if diff.added:
        out.append(f"- Added ({len(diff.added)}): " + ", ".join(rule_link(r) for r in diff.added))
        out.append("{: .rule-list }")
    if diff.removed:
        out.append(f"- Removed ({len(diff.removed)}):")
        out += [f"    - {rule_link(r)}: {text(removal_reason(reason))}" for r, reason in diff.removed]
    if diff.changed:
        out.append(f"- Changed ({len(diff.changed)}):")
        out += [f"    - {rule_link(c.rule_id)}: {', '.join(c.fields)}" for c in diff.changed]
    if diff.parameters:
        out.append(f"- Parameters ({len(diff.parameters)}):")
        for name, a, b in diff.parameters:
            if a is None:
                out.append(f"    - {code(name)}: new, {code(b)}")
            elif b is None:
                out.append(f"    - {code(name)}: removed (was {code(a)})")
            else:
                out.append(f"    - {code(name)}: {code(a)} to {code(b)}")
    return out


# ------------------------------------------------------------------------- the CLI reference


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _parsers(sub)


def render_cli() -> str:
    """The help text of the ``ccg-rules`` command and each subcommand."""
    from ccg_rules import cli

    out = [
        "# Command line",
        "",
        "<!-- Generated from the argument parser by docs/gen_pages.py at build time; do not edit. -->",
        "",
        "The `ccg-rules` command (also `python -m ccg_rules`). The text below is its own",
        "`--help` output. Exit codes are described in",
        "[for developers](../for-developers.md#errors-and-exit-codes).",
    ]
    for parser in _parsers(cli._parser()):
        parser.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=88)
        out += ["", f"## `{parser.prog}`", "", fence(parser.format_help(), "text")]
    return "\n".join(out) + "\n"


# -------------------------------------------------------------------- the document reference


def _schema_type(node: Mapping[str, Any], links: dict[str, str]) -> tuple[str, list[str]]:
    """Describe a JSON Schema node: its type in words, and its allowed values if a choice."""
    if "anyOf" in node:
        kinds = [k for k in node["anyOf"] if k.get("type") != "null"]
        if len(kinds) == 1:
            return _schema_type(kinds[0], links)
        described = [_schema_type(k, links) for k in kinds]
        return " or ".join(d for d, _ in described), [v for _, vs in described for v in vs]
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        target = links.get(name)
        return (f"[mapping](#{target})" if target else "mapping"), []
    if "const" in node:
        return f"exactly {code(node['const'])}", []
    kind = node.get("type")
    if kind == "array":
        inner, values = _schema_type(node.get("items", {}), links)
        at_least = f" (at least {node['minItems']})" if node.get("minItems") else ""
        return f"list of {inner}{at_least}", values
    if "enum" in node:
        return "choice", [str(v) for v in node["enum"]]
    if kind == "string":
        if node.get("format") == "date":
            return "date, `YYYY-MM-DD`", []
        if "pattern" in node:
            return "id (letters, digits, `.`, `_`, `-`)", []
        return "text", []
    if kind == "integer":
        bounds = []
        if "minimum" in node:
            bounds.append(f"at least {node['minimum']}")
        if "maximum" in node:
            bounds.append(f"at most {node['maximum']}")
        return "whole number" + (f" ({', '.join(bounds)})" if bounds else ""), []
    if kind == "number":
        return "amount", []
    if kind == "boolean":
        return "`true` or `false`", []
    return str(kind or "any"), []


def render_document_reference() -> str:
    """Every key of the ``ccg-document/1`` format, from its published JSON Schema."""
    import json

    from ccg_rules.resources import data_root

    schema = json.loads(data_root("schemas").joinpath("ccg-document.schema.json").read_text("utf-8"))
    defs: dict[str, Any] = schema.get("$defs", {})
    order: list[tuple[str, str, Mapping[str, Any]]] = []  # (path, def name, object schema)
    links: dict[str, str] = {}

    def visit(path: str, name: str, obj: Mapping[str, Any]) -> None:
        if name in links:
            return
        links[name] = "key-" + (re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "document")
        order.append((path, name, obj))
        for key, prop in obj.get("properties", {}).items():
            for ref, suffix in _refs(prop):
                child = f"{path}.{key}{suffix}" if path else f"{key}{suffix}"
                visit(child, ref, defs[ref])

    visit("", "", schema)
    out = [
        "# Document format reference",
        "",
        "<!-- Generated from schemas/ccg-document.schema.json by docs/gen_pages.py; do not edit. -->",
        "",
        "Every key of the `ccg-document/1` format, generated from its published",
        "[JSON Schema](schemas.md). [Writing a constitution file](../writing-a-constitution-file.md)",
        "explains what the sections are for and how values are read. `[]` marks a list: for",
        "example `people[]` is one entry of the `people` list. Keys not marked required may be",
        "left out; a missing section is then a finding of the rules that need it, not a format",
        "error. No other keys are allowed.",
    ]
    for path, name, obj in order:
        title = f"`{path}`" if path else "The document"
        out += ["", f"## {title} {{#{links[name]}}}", ""]
        description = str(obj.get("description", "")).split("\n\n")[0]
        if description:
            out += [text(description.replace("``", "`").replace("`", "")), ""]
        out += ["| Key | Type | Required | Allowed values |", "| --- | --- | --- | --- |"]
        required = set(obj.get("required", []))
        for key, prop in obj.get("properties", {}).items():
            kind, values = _schema_type(prop, links)
            allowed = ", ".join(code(v) for v in values)
            out.append(f"| `{key}` | {kind} | {'yes' if key in required else ''} | {allowed} |")
    return "\n".join(out) + "\n"


def _refs(prop: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """The ``$defs`` a property refers to, with ``[]`` when it is a list of them."""
    if "$ref" in prop:
        yield prop["$ref"].rsplit("/", 1)[-1], ""
    for option in prop.get("anyOf", []):
        yield from _refs(option)
    if prop.get("type") == "array" and "$ref" in prop.get("items", {}):
        yield prop["items"]["$ref"].rsplit("/", 1)[-1], "[]"


# ---------------------------------------------------------------------------- the schemas page


def render_schemas() -> str:
    """The published JSON Schemas, each with its title, address and copy on this site."""
    import json

    out = [
        "# JSON Schemas",
        "",
        "<!-- Generated from schemas/ by docs/gen_pages.py at build time; do not edit. -->",
        "",
        "ccg-rules publishes a JSON Schema for each of its file formats. They are generated",
        "from the models in the code (`python -m ccg_rules.schemas --write`), checked in under",
        "`schemas/`, shipped inside the package, and copied to this site. A test fails if they",
        "drift from the models. `python -m ccg_rules.schemas` checks them in a source checkout;",
        "from an installed copy, `--folder DIR` writes (with `--write`) or checks them in `DIR`.",
        "",
        "| Schema | What it describes | `$id` |",
        "| --- | --- | --- |",
    ]
    for path, data in schemas().items():
        schema = json.loads(data)
        name = path.rsplit("/", 1)[-1]
        out.append(
            f"| [{name}](../{path}) | {cell(schema.get('title', ''))} | {code(schema.get('$id', ''))} |"
        )
    out += [
        "",
        "To have an editor complete and check a CCG document, start the file with a comment",
        "naming the schema, relative to the file (see",
        "[writing a constitution file](../writing-a-constitution-file.md#editor-autocompletion)):",
        "",
        fence("# yaml-language-server: $schema=../schemas/ccg-document.schema.json"),
        "",
        "Ruleset files do the same with `ruleset.schema.json`. The schemas describe shape only;",
        "`ccg-rules` reads values more strictly and applies the rules.",
    ]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------- pages


def pages() -> dict[str, str]:
    """Every generated Markdown page, by its path under ``docs/``."""
    families = collect()
    out = {"rules/index.md": render_index(families), "rules/versions.md": render_versions(families)}
    for family in families:
        for rule_id, story in family.stories.items():
            out[f"rules/{rule_id}.md"] = render_rule(family, story)
    out["reference/cli.md"] = render_cli()
    out["reference/document.md"] = render_document_reference()
    out["reference/schemas.md"] = render_schemas()
    from ccg_rules.rules.coverage import coverage_page, covered_rulesets, render_coverage_markdown

    for ruleset_id in covered_rulesets():
        page = coverage_page(ruleset_id)
        if not (DOCS / page).is_file():
            out[page] = render_coverage_markdown(ruleset_id)
    return out


def schemas() -> dict[str, bytes]:
    """The published JSON Schemas, by their path under ``docs/``."""
    from ccg_rules.resources import data_root

    root = data_root("schemas")
    return {
        f"schemas/{item.name}": item.read_bytes()
        for item in sorted(root.iterdir(), key=lambda i: i.name)
        if item.name.endswith(".json")
    }


def main() -> None:
    """Write the pages through mkdocs-gen-files."""
    import mkdocs_gen_files

    for path, content in pages().items():
        with mkdocs_gen_files.open(path, "w", encoding="utf-8") as f:
            f.write(content)
    for path, data in schemas().items():
        with mkdocs_gen_files.open(path, "wb") as f:
            f.write(data)


if __name__ in {"__main__", "<run_path>"}:
    main()
