"""Resolving a version's ``extends`` chain: inherited domains, parameters and rules, changed and removed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ccg_rules.model.kinds import DEFAULT_FORMAT, KINDS
from ccg_rules.rules.files import FileSource, read_file
from ccg_rules.rules.spec import DomainSpec, RulesetFile, RuleSpec


@dataclass
class RawRule:
    """A rule as its files give it: the raw entry, where each key was last set, and its spec."""

    spec: dict[str, Any]
    origin: dict[str, tuple[FileSource, str]] = field(default_factory=dict)  # key -> (source, pointer)
    defined_in: str = ""
    validated: RuleSpec | None = None  # the spec as validated with its file, until a 'change'


@dataclass
class Resolved:
    """A version with everything it inherits: header, domains, parameters, rules and removals."""

    header: RulesetFile
    domains: list[DomainSpec]
    params: dict[str, tuple[object, FileSource, str]]
    rules: dict[str, RawRule]
    removed: dict[str, str]
    files: list[str]


MAX_EXTENDS = 64
"""The longest chain of ``extends`` a version may have (versions it builds on, one by one)."""


def resolve_file(path: Path, label: str, seen: tuple[str, ...] = ()) -> Resolved:
    """Read a version file and, before it, the versions it extends, applying each in turn.

    Raises:
        RulesetError: A file is broken, or the chain is (a cycle, too deep, a missing file).
    """
    raw, src, header = read_file(path, label)
    if header.version in seen:
        raise src.error(f"'extends' makes a cycle: {' -> '.join((*seen, header.version))}", "/extends")
    if header.extends is not None and len(seen) + 1 >= MAX_EXTENDS:
        raise src.error(
            f"'extends' goes deeper than {MAX_EXTENDS} versions; build on a version nearer the first",
            "/extends",
        )
    if header.extends is None:
        base = Resolved(header, [], {}, {}, {}, [])
    else:
        base_path = path.with_name(f"{header.extends}.yaml")
        if not base_path.is_file():
            raise src.error(
                f"'extends' names version {header.extends!r}, which has no file {base_path.name}", "/extends"
            )
        base = resolve_file(base_path, str(Path(label).with_name(base_path.name)), (*seen, header.version))
        if base.header.ruleset != header.ruleset:
            raise src.error(f"extends a different ruleset ({base.header.ruleset!r})", "/extends")
        if base.header.effective_from >= header.effective_from:
            raise src.error(
                "effective_from must be later than that of the version it extends", "/effective_from"
            )
    known_domains = {d.id for d in base.domains}
    for i, d in enumerate(header.domains):
        if d.id in known_domains:
            raise src.error(f"domain {d.id!r} is already defined", f"/domains/{i}/id")
        known_domains.add(d.id)
        base.domains.append(d)
    for name in header.parameters:
        base.params[name] = (raw["parameters"][name]["value"], src, f"/parameters/{name}/value")
    for i, r in enumerate(header.rules):
        at = f"/rules/{i}"
        if r.id in base.rules:
            raise src.error(f"rule {r.id} already exists; to alter it use 'change'", f"{at}/id", r.id)
        if r.id in base.removed:
            raise src.error(f"rule id {r.id} was removed earlier; ids are never reused", f"{at}/id", r.id)
        rr = RawRule(dict(raw["rules"][i]), defined_in=header.version, validated=r)
        rr.origin = {k: (src, f"{at}/{k}") for k in rr.spec}
        base.rules[r.id] = rr
    for i, ch in enumerate(raw.get("change", [])):
        at = f"/change/{i}"
        rule_id = ch.get("id") if isinstance(ch, dict) else None
        if rule_id not in base.rules:
            raise src.error(f"'change' names {rule_id!r}, which is not an inherited rule", f"{at}/id")
        target = base.rules[rule_id]
        for key, value in ch.items():
            if key == "id":
                continue
            if key not in RuleSpec.model_fields:
                raise src.error(f"unknown key {key!r} in a rule change", f"{at}/{key}", rule_id)
            target.spec[key] = value
            target.origin[key] = (src, f"{at}/{key}")
            target.validated = None
        target.defined_in = header.version
    for i, rm in enumerate(header.remove):
        if rm.id not in base.rules:
            raise src.error(f"'remove' names {rm.id!r}, which is not an inherited rule", f"/remove/{i}/id")
        del base.rules[rm.id]
        base.removed[rm.id] = f"{rm.reason} (removed in {header.version})"
    if header.document is not None and header.document not in KINDS:
        raise src.error(
            f"unknown document format {header.document!r} (formats: {', '.join(KINDS)})", "/document"
        )
    inherited = base.header
    if header.extends is not None:
        if header.document is not None and header.document != (inherited.document or DEFAULT_FORMAT):
            raise src.error(
                "a version judges the same document format as the version it extends", "/document"
            )
        header = header.model_copy(
            update={
                "document": header.document or inherited.document,
                "authorisation": inherited.authorisation
                if header.authorisation is None
                else header.authorisation,
                "replaces": header.replaces or inherited.replaces,
            }
        )
    base.header = header
    base.files.append(label)
    return base
