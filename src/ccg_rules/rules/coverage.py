"""The coverage matrix: every catalogue item, and the rules that implement it.

A ruleset folder may hold ``coverage/*.yaml`` files listing the items of the source
catalogue (the law and guidance the ruleset encodes), each with a status: ``encoded``,
``partly``, ``not-checkable`` or ``not-encoded``, and a reason unless it is encoded.
Rules name the items they implement (``implements``). `coverage_matrix` joins the
two across every version of the ruleset, and `coverage_problems` lists anything
inconsistent (an encoded item no rule implements, a rule naming an unknown item).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ccg_rules._yaml import load_yaml
from ccg_rules.errors import RulesetError
from ccg_rules.rules.catalog import DEFAULT_RULESET, family_versions, load_version, ruleset_ids

Status = Literal["encoded", "partly", "not-checkable", "not-encoded"]


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    summary: str
    status: Status
    reason: str | None = None


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    items: list[_Item]


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One catalogue item and what implements it."""

    id: str
    summary: str
    status: Status
    reason: str | None
    rules: tuple[tuple[str, tuple[str, ...]], ...]  # (rule id, versions containing it)
    source: str


def _read_items(folder: Path) -> list[tuple[_Item, str]]:
    out: list[tuple[_Item, str]] = []
    for path in sorted((folder / "coverage").glob("*.yaml")):
        doc = load_yaml(path.read_bytes())
        label = f"{folder.name}/coverage/{path.name}"
        if doc.problems:
            p = doc.problems[0]
            raise RulesetError(p.message, file=label, line=p.line, column=p.column)
        try:
            parsed = _File.model_validate({"items": [dict(i) for i in doc.value["items"]]})  # type: ignore[index]
        except (ValidationError, KeyError, TypeError) as exc:
            raise RulesetError(f"malformed coverage file: {exc}", file=label) from None
        out.extend((item, label) for item in parsed.items)
    return out


def coverage_matrix(ruleset_id: str) -> list[CoverageRow]:
    """Return the coverage rows of ``ruleset_id``, in the coverage files' order."""
    family = family_versions(ruleset_id)
    implements: dict[str, dict[str, list[str]]] = {}
    for v in family:
        for rule in load_version(v).rules:
            for item_id in rule.implements:
                implements.setdefault(item_id, {}).setdefault(rule.id, []).append(v.version)
    rows = []
    for item, label in _read_items(Path(family[0].path).parent):
        rules = tuple((rid, tuple(vs)) for rid, vs in sorted(implements.get(item.id, {}).items()))
        rows.append(
            CoverageRow(item.id, " ".join(item.summary.split()), item.status, item.reason, rules, label)
        )
    return rows


def coverage_problems(ruleset_id: str) -> list[str]:
    """Return every inconsistency between the coverage files and the rules."""
    rows = coverage_matrix(ruleset_id)
    problems: list[str] = []
    seen: set[str] = set()
    for row in rows:
        if row.id in seen:
            problems.append(f"{row.source}: item {row.id} is listed twice")
        seen.add(row.id)
        if row.status in ("encoded", "partly") and not row.rules:
            problems.append(f"{row.source}: item {row.id} is marked {row.status} but no rule implements it")
        if row.status != "encoded" and not row.reason:
            problems.append(f"{row.source}: item {row.id} is {row.status} and needs a reason")
        if row.status in ("not-checkable", "not-encoded") and row.rules:
            names = ", ".join(r for r, _ in row.rules)
            problems.append(f"{row.source}: item {row.id} is marked {row.status} but {names} implement it")
    family = family_versions(ruleset_id)
    for v in family:
        for rule in load_version(v).rules:
            for item in rule.implements:
                if item not in seen:
                    problems.append(f"{v.label}: rule {rule.id} implements unknown catalogue item {item}")
    return sorted(set(problems))


def render_coverage_markdown(ruleset_id: str) -> str:
    """The coverage matrix as a Markdown page (generated; do not edit by hand)."""
    rows = coverage_matrix(ruleset_id)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    summary = ", ".join(
        f"{counts.get(s, 0)} {s}" for s in ("encoded", "partly", "not-checkable", "not-encoded")
    )
    lines = [
        f"# Coverage of `{ruleset_id}`",
        "",
        "<!-- Generated from the rulesets by `python -m ccg_rules.rules.coverage --write`; do not edit. -->",
        "",
        f"Every item of the source catalogue and the rules that implement it: {len(rows)} items ({summary}).",
        "",
        "| Item | Requirement | Status | Rules (versions) | Why not, or what is partial |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        rules = "<br>".join(f"`{rid}` ({', '.join(vs)})" for rid, vs in row.rules) or "—"
        reason = (row.reason or "").replace("|", "\\|").replace("\n", " ")
        summary_cell = row.summary.replace("|", "\\|")
        lines.append(f"| {row.id} | {summary_cell} | {row.status} | {rules} | {reason} |")
    return "\n".join(lines) + "\n"


def coverage_page(ruleset_id: str) -> str:
    """The page, under ``docs/``, of a ruleset's coverage matrix."""
    return "rules/coverage.md" if ruleset_id == DEFAULT_RULESET else f"rules/coverage-{ruleset_id}.md"


def covered_rulesets() -> list[str]:
    """The bundled rulesets that have coverage files."""
    return [
        rid
        for rid in ruleset_ids()
        if any((Path(family_versions(rid)[0].path).parent / "coverage").glob("*.yaml"))
    ]


def main(argv: list[str] | None = None) -> int:
    """Write (``--write``) or check each ruleset's coverage page under ``docs/rules/``."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    docs = Path(__file__).resolve().parents[3] / "docs"
    stale = []
    for ruleset_id in covered_rulesets():
        name = coverage_page(ruleset_id)
        path = docs / name
        text = render_coverage_markdown(ruleset_id)
        if "--write" in args:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        elif not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    for name in stale:
        sys.stderr.write(f"docs/{name} is out of date; run: python -m ccg_rules.rules.coverage --write\n")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
