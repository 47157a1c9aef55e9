"""Loading a ruleset version file: its chain resolved, each rule checked and compiled, the whole digested.

Compiled versions are kept, keyed by the bytes of their files, so an edited file is
compiled afresh and an unchanged one only once.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from ccg_rules.errors import LanguageError, RulesetError
from ccg_rules.facts import FactType, fact_schema
from ccg_rules.findings import (
    Citation,
    Consequence,
    Criterion,
    SupportLevel,
)
from ccg_rules.located import (
    Diagnostic,
    Issue,
    default_phrase,
    load_model,
    locate,
)
from ccg_rules.model.kinds import DEFAULT_FORMAT, kind_of
from ccg_rules.rules.files import parse_file, plain_to_json, read_bytes
from ccg_rules.rules.inheritance import MAX_EXTENDS, RawRule, resolve_file
from ccg_rules.rules.language import parse_condition
from ccg_rules.rules.ruleset import Domain, Rule, Ruleset
from ccg_rules.rules.spec import RuleSpec
from ccg_rules.rules.templates import Template, parse_template

MAX_COMPILED = 16
"""How many ruleset files given by path stay compiled, by the digest of their bytes."""


class _UsedParameters(Mapping[str, object]):
    """The version's parameters, noting each name a rule looks up."""

    def __init__(self, params: Mapping[str, object]) -> None:
        self._params = params
        self.used: set[str] = set()

    def __getitem__(self, name: str) -> object:
        self.used.add(name)
        return self._params[name]

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str) and name in self._params:
            self.used.add(name)
            return True
        return False

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)


def _compile_rule(
    raw: RawRule,
    all_params: Mapping[str, object],
    domains: set[str],
    schema: dict[str, FactType],
    authorisation: bool = True,
) -> Rule:
    first_src, first_at = next(iter(raw.origin.values()))
    rule_at = first_at.rsplit("/", 1)[0]
    spec = raw.validated
    if spec is None:

        def phrase(issue: Issue) -> Diagnostic:
            # Each key of a changed rule is located in the file that last set it.
            key = str(issue.loc[0]) if issue.loc else ""
            src, at = raw.origin.get(key, (first_src, rule_at))
            if issue.kind == "missing" and not issue.loc[1:]:
                at = rule_at
            pointer = at + "".join(f"/{t}" for t in issue.loc[1:])
            return locate(replace(default_phrase(issue), pointer=pointer), src.source_map, src.file)

        spec, problems = load_model(plain_to_json(raw.spec), RuleSpec, phrase=phrase)
        if spec is None:
            raise RulesetError.from_diagnostics(None, problems, rule_id=str(raw.spec.get("id")))
    if spec.domain not in domains:
        src, at = raw.origin["domain"]
        raise src.error(
            f"unknown domain {spec.domain!r} (domains: {', '.join(sorted(domains))})", at, spec.id
        )
    level = _support_level(spec, raw, authorisation)
    cond_src, cond_at = raw.origin["condition"]
    params = _UsedParameters(all_params)
    try:
        parsed = parse_condition(raw.spec["condition"], schema, params, cond_at)
    except LanguageError as exc:
        raise cond_src.error(exc.message, exc.pointer, spec.id) from None
    templates: dict[str, Template] = {}
    for key in ("message", "expected", "actual"):
        text = getattr(spec, key)
        if text is None:
            continue
        src, at = raw.origin[key]
        try:
            templates[key] = parse_template(text, parsed.aliases, params, at)
        except LanguageError as exc:
            raise src.error(exc.message, exc.pointer, spec.id) from None
    data = spec.model_dump(
        exclude={"citation", "see_also", "tags", "implements", "support_level", "criterion"}
    )
    criterion = (
        Criterion(**spec.criterion.model_dump())
        if spec.criterion is not None
        else Criterion(text=spec.title, basis="ours")
    )
    rule = Rule(
        **data,
        support_level=level,
        criterion=criterion,
        citation=Citation(**spec.citation.model_dump()),
        see_also=tuple(Citation(**c.model_dump()) for c in spec.see_also),
        tags=tuple(spec.tags),
        implements=tuple(spec.implements) or (spec.id,),
        parameters=tuple(sorted(params.used)),
        defined_in=raw.defined_in,
    )
    rule._parsed = parsed
    rule._templates = templates
    return rule


def _support_level(spec: RuleSpec, raw: RawRule, authorisation: bool = True) -> SupportLevel | None:
    """The rule's support level: the one given, or the default for its consequence.

    A ruleset that gives no authorisation outcome has no support levels: the Board's
    levels of support belong to the 2013 authorisation.
    """
    level = spec.support_level
    src, at = raw.origin.get("support_level") or raw.origin["consequence"]
    if not authorisation:
        if level is not None or spec.consequence is Consequence.DIRECTIONS:
            raise src.error(
                "this ruleset gives no authorisation outcome (authorisation: false), so its rules "
                "have no support_level and no directions",
                at,
                spec.id,
            )
        return None
    if spec.consequence is Consequence.ADVISORY:
        if level is not None:
            raise src.error("an advisory rule sets no condition, so it has no support_level", at, spec.id)
        return None
    if spec.consequence is Consequence.DIRECTIONS:
        if level not in (None, SupportLevel.IV):
            raise src.error("directions come with level IV support: support_level must be IV", at, spec.id)
        return SupportLevel.IV
    if level is SupportLevel.IV:
        raise src.error("level IV support is backed by directions: use consequence: directions", at, spec.id)
    return level or SupportLevel.II


def _digest(content: object) -> str:
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


_compiled: OrderedDict[tuple[object, ...], Ruleset] = OrderedDict()
_compiled_lock = threading.Lock()


def _chain_key(path: Path, label: str) -> tuple[object, ...] | None:
    """The labels and byte digests of a version file and those it extends, or None if broken."""
    key: list[object] = []
    seen: set[str] = set()
    while len(key) < 2 * MAX_EXTENDS:
        data = read_bytes(path, label)
        header = parse_file(data, label)[2]
        key += [label, hashlib.sha256(data).digest()]
        if header.extends is None:
            return tuple(key)
        if header.version in seen:
            return None
        seen.add(header.version)
        path = path.with_name(f"{header.extends}.yaml")
        label = str(Path(label).with_name(path.name))
        if not path.is_file():
            return None
    return None


def load_ruleset_file(path: Path, label: str | None = None, effective_to: dt.date | None = None) -> Ruleset:
    """Load and compile one version file, with everything it extends.

    The compiled version is kept (the `MAX_COMPILED` most recently used), keyed by the
    bytes of the file and of every file it extends, so an edited file is compiled afresh
    and an unchanged one only once.

    Args:
        path: The version file.
        label: How to name the file in messages (default: the path as given).
        effective_to: The end of the version's period if the file does not state one
            (the day before the next version starts).

    Raises:
        RulesetError: The file or one it extends is broken.
    """
    label = label or str(path)
    chain = _chain_key(path, label)
    key = None if chain is None else (*chain, effective_to)
    if key is not None:
        with _compiled_lock:
            hit = _compiled.get(key)
            if hit is not None:
                _compiled.move_to_end(key)
                return hit
    ruleset = _compile_file(path, label, effective_to)
    if key is not None:
        with _compiled_lock:
            _compiled[key] = ruleset
            while len(_compiled) > MAX_COMPILED:
                _compiled.popitem(last=False)
    return ruleset


def _compile_file(path: Path, label: str, effective_to: dt.date | None) -> Ruleset:
    res = resolve_file(path, label)
    params = {name: value for name, (value, _, _) in res.params.items()}
    domain_ids = {d.id for d in res.domains}
    header = res.header
    document = header.document or DEFAULT_FORMAT
    schema = fact_schema(kind_of(document).model)
    rules = tuple(
        _compile_rule(raw, params, domain_ids, schema, header.authorisation is not False)
        for raw in sorted(res.rules.values(), key=lambda r: r.spec["id"])
    )
    content: dict[str, object] = {
        "id": header.ruleset,
        "version": header.version,
        "effective_from": header.effective_from,
        "effective_to": header.effective_to or effective_to,
        "domains": [d.model_dump() for d in res.domains],
        "parameters": plain_to_json(params),
        "rules": [r.model_dump(exclude={"defined_in"}) for r in rules],
    }
    if document != DEFAULT_FORMAT:  # so that the digests of the CCG rulesets stay as they were
        content["document"] = document
    authorisation = header.authorisation is not False
    if not authorisation:
        content["authorisation"] = False
    return Ruleset(
        id=header.ruleset,
        version=header.version,
        title=header.title,
        description=header.description,
        effective_from=header.effective_from,
        effective_to=header.effective_to or effective_to,
        end_reason=header.end_reason,
        extends=header.extends,
        document=document,
        authorisation=authorisation,
        domains=tuple(Domain(**d.model_dump()) for d in res.domains),
        parameters=dict(plain_to_json(params)),  # type: ignore[call-overload]
        rules=rules,
        removed=dict(res.removed),
        digest=_digest(content),
    )


@functools.cache
def _cached_version(path: Path, label: str, effective_to: dt.date | None) -> Ruleset:
    return load_ruleset_file(path, label, effective_to)


def load_cached(path: Path, label: str, effective_to: dt.date | None) -> Ruleset:
    """Like `load_ruleset_file`, cached for the life of the process."""
    return _cached_version(path, label, effective_to)
