"""Ruleset files: their format, versions by effective date, inheritance and compilation.

A ruleset is a folder of YAML files, one per version. A version either stands alone or
``extends`` an earlier one and states only what changed::

    ruleset: ccg-authorisation
    version: "2016-06"
    extends: "2014-12"
    effective_from: 2016-06-28
    parameters: {register_review_months: {value: 6, description: ...}}
    rules: [...]          # rules added in this version
    change: [{id: X, severity: warning}]   # partial changes to inherited rules
    remove: [{id: Y, reason: ...}]         # inherited rules that no longer apply

Every file is validated (unknown keys, types, rule conditions, message templates) when
it loads; a problem raises `ccg_rules.errors.RulesetError` naming the file, line
and column.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from ccg_rules._yaml import Plain, SourceMap, load_yaml, pointer_of, resolve_plain
from ccg_rules.engines.base import RulePlan
from ccg_rules.errors import RulesetError
from ccg_rules.facts import FactType, fact_schema
from ccg_rules.findings import (
    Citation,
    Confidence,
    Consequence,
    Criterion,
    Severity,
    ShortfallKind,
    SupportLevel,
)
from ccg_rules.model.kinds import DEFAULT_FORMAT, KINDS, kind_of
from ccg_rules.model.types import Day, Id, Text
from ccg_rules.rules.ir import CompiledRule
from ccg_rules.rules.language import LanguageError, ParsedCondition, parse_condition, resolve
from ccg_rules.rules.templates import Template, parse_template

RULE_ID = r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$"
VERSION = r"^[0-9A-Za-z][0-9A-Za-z.-]*$"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CitationSpec(_Spec):
    """A citation as written in a ruleset file."""

    instrument: Text
    provision: Text
    url: Text | None = None
    confidence: Confidence
    note: Text | None = None


class DomainSpec(_Spec):
    """An authorisation domain."""

    id: Id
    number: int | None = None
    title: Text
    description: Text | None = None


class ParameterSpec(_Spec):
    """A named value rules can use with ``{param: name}``."""

    value: Any
    description: Text
    source: Text | None = None
    """Where the value comes from: a document and, where it has one, its address."""


class CriterionSpec(_Spec):
    """The Board's authorisation criterion a rule bears on, as written in a ruleset file."""

    code: Annotated[str, Field(pattern=r"^[1-6](?:\.[0-9]+)+[A-Z]$")] | None = None
    """The Board's code, e.g. ``1.3B`` (the first digit is the domain)."""
    text: Text
    basis: Literal["board", "ours"]
    """``board``: the code and text are on record; ``ours``: our nearest criterion."""
    source: Text | None = None
    """Where the code and text were found (a URL)."""
    confidence: Confidence
    """How sure the mapping is (see `ccg_rules.findings.Criterion`)."""


class RuleSpec(_Spec):
    """A rule as written in a ruleset file."""

    id: Annotated[str, Field(pattern=RULE_ID)]
    title: Text
    domain: Id
    severity: Severity
    consequence: Consequence
    support_level: SupportLevel | None = None
    """The support the Board would attach to the condition: I to III for ``condition``
    (default II), IV for ``directions`` (the default there); none for ``advisory``."""
    criterion: CriterionSpec | None = None
    """The Board's criterion the rule bears on (default: the rule's own requirement, marked
    as ours)."""
    kind: ShortfallKind = "constitution"
    """``constitution`` (what the law requires the constitution to say) or ``standing`` (how
    the CCG stands today)."""
    citation: CitationSpec
    see_also: list[CitationSpec] = []
    rationale: Text
    message: Text
    remediation: Text
    expected: Text | None = None
    actual: Text | None = None
    tags: list[Id] = []
    implements: list[Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9+]+)+$")]] = []
    """Catalogue items this rule encodes (default: the rule id itself)."""
    condition: dict[str, Any]


class RemovalSpec(_Spec):
    """An inherited rule that no longer applies."""

    id: Annotated[str, Field(pattern=RULE_ID)]
    reason: Text


class RulesetFile(_Spec):
    """One version file of a ruleset."""

    ruleset: Id
    version: Annotated[str, Field(pattern=VERSION)]
    title: Text
    description: Text | None = None
    effective_from: Day
    effective_to: Day | None = None
    end_reason: Text | None = None
    extends: Annotated[str, Field(pattern=VERSION)] | None = None
    document: Text | None = None
    """The document format the ruleset judges (default: the CCG format); inherited."""
    authorisation: bool | None = None
    """Whether findings roll up into the 2013 authorisation outcome (default true); inherited.
    False for bodies that were never authorised that way: their reports give no outcome."""
    replaces: Id | None = None
    """The ruleset this one succeeds (a body that replaced another's), for date refusals."""
    domains: list[DomainSpec] = []
    parameters: dict[str, ParameterSpec] = {}
    rules: list[RuleSpec] = []
    change: list[dict[str, Any]] = []
    remove: list[RemovalSpec] = []


class Domain(_Spec):
    """An authorisation domain of a ruleset."""

    id: str
    number: int | None = None
    title: str
    description: str | None = None


class Rule(BaseModel):
    """One rule of a resolved ruleset version.

    Attributes:
        id: Stable id, e.g. ``REG-11-01``.
        title: The requirement in one line.
        domain: Id of the authorisation domain it belongs to.
        severity: ``error``, ``warning`` or ``info``.
        consequence: ``condition``, ``directions`` or ``advisory``.
        support_level: The support the Board would attach (``I`` to ``IV``); ``None`` for
            an advisory rule.
        criterion: The Board's criterion it bears on, or our nearest one.
        citation: The source it enforces, with how sure that citation is.
        condition: The rule's condition as written (for display).
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    id: str
    title: str
    domain: str
    severity: Severity
    consequence: Consequence
    support_level: SupportLevel | None = None
    criterion: Criterion
    kind: ShortfallKind = "constitution"
    """``constitution`` or ``standing`` (see `ccg_rules.findings.ShortfallKind`)."""
    citation: Citation
    see_also: tuple[Citation, ...] = ()
    rationale: str
    message: str
    remediation: str
    expected: str | None = None
    actual: str | None = None
    tags: tuple[str, ...] = ()
    implements: tuple[str, ...] = ()
    """Catalogue items this rule encodes."""
    parameters: tuple[str, ...] = ()
    """Names of the ruleset parameters its condition and messages use."""
    condition: dict[str, Any]
    defined_in: str
    """The version file in which this rule was last added or changed."""

    _parsed: ParsedCondition = PrivateAttr()
    _templates: dict[str, Template] = PrivateAttr()


class Ruleset(BaseModel):
    """A resolved ruleset version: its own rules plus everything it inherits.

    Attributes:
        id: The ruleset id, e.g. ``ccg-authorisation``.
        version: The version, e.g. ``2012``.
        digest: ``sha256:`` digest of the resolved content; it changes when any rule,
            parameter or date changes.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    version: str
    title: str
    description: str | None = None
    effective_from: dt.date
    effective_to: dt.date | None = None
    end_reason: str | None = None
    extends: str | None = None
    document: str = DEFAULT_FORMAT
    """The document format this version judges."""
    authorisation: bool = True
    """Whether its findings roll up into the 2013 authorisation outcome."""
    domains: tuple[Domain, ...]
    parameters: dict[str, Any]
    rules: tuple[Rule, ...]
    removed: dict[str, str] = {}
    """Rules removed in this version or an ancestor, with the reason."""
    digest: str

    _plans: OrderedDict[dt.date, RulePlan] = PrivateAttr(default_factory=OrderedDict)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def ref(self) -> str:
        """``id@version``."""
        return f"{self.id}@{self.version}"

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with ``rule_id``.

        Raises:
            KeyError: No such rule in this version.
        """
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def plan(self, as_of: dt.date) -> RulePlan:
        """Return the rules compiled for ``as_of`` (the last `MAX_PLANS` dates are cached)."""
        with self._lock:
            plan = self._plans.get(as_of)
            if plan is None:
                rules = tuple(CompiledRule(r.id, resolve(r._parsed.condition, as_of)) for r in self.rules)
                plan = RulePlan(f"{self.digest}@{as_of.isoformat()}", rules)
                self._plans[as_of] = plan
                while len(self._plans) > MAX_PLANS:
                    self._plans.popitem(last=False)
            else:
                self._plans.move_to_end(as_of)
            return plan


# --------------------------------------------------------------------------------------
# Reading files


@dataclass
class _Source:
    file: str
    source_map: SourceMap

    def error(self, message: str, pointer: str, rule_id: str | None = None) -> RulesetError:
        _, pos = self.source_map.locate(pointer)
        return RulesetError(
            message, file=self.file, line=pos.line, column=pos.column, pointer=pointer, rule_id=rule_id
        )


def _plain_to_json(value: object) -> object:
    """Turn a loaded YAML tree into JSON values, typing plain scalars the YAML 1.2 way."""
    if isinstance(value, dict):
        return {k: _plain_to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_to_json(v) for v in value]
    if isinstance(value, Plain):
        return resolve_plain(value)
    return value


def _read_bytes(path: Path, label: str) -> bytes:
    """The bytes of a version file, read with a bound (never a device or a FIFO)."""
    from ccg_rules._files import MAX_FILE_BYTES, read_bounded
    from ccg_rules._yaml import file_too_large

    try:
        read = read_bounded(path, MAX_FILE_BYTES)
    except OSError as exc:
        raise RulesetError(f"cannot read ruleset file: {exc.strerror or exc}", file=label) from None
    if read.over(MAX_FILE_BYTES):
        raise RulesetError(file_too_large(read.size, MAX_FILE_BYTES).message, file=label, line=1, column=1)
    return read.data


def _read(path: Path, label: str) -> tuple[dict[str, Any], _Source, RulesetFile]:
    """Read and validate one version file: its raw tree, positions and header model.

    The file is read every time; parsing and validating are cached by its bytes (and
    label), so the catalogue's header pass and the version's resolution share one parse
    and an edited file is never served stale. Callers must not mutate what is returned.
    """
    data = _read_bytes(path, label)
    return _parse(data, label)


@functools.lru_cache(maxsize=32)
def _parse(data: bytes, label: str) -> tuple[dict[str, Any], _Source, RulesetFile]:
    doc = load_yaml(data)
    src = _Source(label, doc.source_map)
    if doc.problems:
        p = doc.problems[0]
        raise RulesetError(p.message, file=label, line=p.line, column=p.column, pointer=p.pointer)
    assert isinstance(doc.value, dict)
    try:
        header = RulesetFile.model_validate(_plain_to_json(doc.value))
    except ValidationError as exc:
        raise _validation_error(exc, src, "") from None
    return doc.value, src, header


def _validation_error(exc: ValidationError, src: _Source, base: str) -> RulesetError:
    err = exc.errors(include_url=False)[0]
    pointer = pointer_of(err["loc"], base)
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        message = f"unknown key {err['loc'][-1]!r}"
    elif err["type"] == "missing":
        message = f"missing key {err['loc'][-1]!r}"
    rule_id = None
    return src.error(message, pointer, rule_id)


# --------------------------------------------------------------------------------------
# Resolving versions


@dataclass
class _RawRule:
    spec: dict[str, Any]
    origin: dict[str, tuple[_Source, str]] = field(default_factory=dict)  # key -> (source, pointer)
    defined_in: str = ""
    validated: RuleSpec | None = None  # the spec as validated with its file, until a 'change'


@dataclass
class _Resolved:
    header: RulesetFile
    domains: list[DomainSpec]
    params: dict[str, tuple[object, _Source, str]]
    rules: dict[str, _RawRule]
    removed: dict[str, str]
    files: list[str]


MAX_EXTENDS = 64
"""The longest chain of ``extends`` a version may have (versions it builds on, one by one)."""

MAX_PLANS = 64
"""How many as-of dates' compiled plans a ruleset version keeps (the least recently used go)."""

MAX_COMPILED = 16
"""How many ruleset files given by path stay compiled, by the digest of their bytes."""


def _resolve_file(path: Path, label: str, seen: tuple[str, ...] = ()) -> _Resolved:
    raw, src, header = _read(path, label)
    if header.version in seen:
        raise src.error(f"'extends' makes a cycle: {' -> '.join((*seen, header.version))}", "/extends")
    if header.extends is not None and len(seen) + 1 >= MAX_EXTENDS:
        raise src.error(
            f"'extends' goes deeper than {MAX_EXTENDS} versions; build on a version nearer the first",
            "/extends",
        )
    if header.extends is None:
        base = _Resolved(header, [], {}, {}, {}, [])
    else:
        base_path = path.with_name(f"{header.extends}.yaml")
        if not base_path.is_file():
            raise src.error(
                f"'extends' names version {header.extends!r}, which has no file {base_path.name}", "/extends"
            )
        base = _resolve_file(base_path, str(Path(label).with_name(base_path.name)), (*seen, header.version))
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
        rr = _RawRule(dict(raw["rules"][i]), defined_in=header.version, validated=r)
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
    raw: _RawRule,
    all_params: Mapping[str, object],
    domains: set[str],
    schema: dict[str, FactType],
    authorisation: bool = True,
) -> Rule:
    first_src, first_at = next(iter(raw.origin.values()))
    rule_at = first_at.rsplit("/", 1)[0]
    try:
        spec = raw.validated
        if spec is None:
            spec = RuleSpec.model_validate(_plain_to_json(raw.spec))
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        key = str(err["loc"][0]) if err["loc"] else ""
        src, at = raw.origin.get(key, (first_src, rule_at))
        rest = "".join(f"/{t}" for t in err["loc"][1:])
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = f"unknown key {err['loc'][-1]!r}"
        elif err["type"] == "missing":
            message = f"missing key {err['loc'][-1]!r}"
            at = rule_at if not err["loc"][1:] else at
        raise src.error(message, at + rest, str(raw.spec.get("id"))) from None
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


def _support_level(spec: RuleSpec, raw: _RawRule, authorisation: bool = True) -> SupportLevel | None:
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
        data = _read_bytes(path, label)
        header = _parse(data, label)[2]
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
    res = _resolve_file(path, label)
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
        "parameters": _plain_to_json(params),
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
        parameters=dict(_plain_to_json(params)),  # type: ignore[call-overload]
        rules=rules,
        removed=dict(res.removed),
        digest=_digest(content),
    )


_VERSION_FILE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.-]*\.yaml")


@dataclass(frozen=True, slots=True)
class VersionHeader:
    """What a version file says about itself, read without compiling its rules."""

    ruleset: str
    version: str
    title: str
    effective_from: dt.date
    effective_to: dt.date | None
    end_reason: str | None
    path: Path
    label: str
    document: str | None = None
    replaces: str | None = None


_TOP_KEY = re.compile(rb"([A-Za-z_][A-Za-z0-9_]*)[ \t]*:(?:[ \t]|$)")
_HEADER_KEYS = frozenset(
    {
        b"ruleset",
        b"version",
        b"title",
        b"description",
        b"effective_from",
        b"effective_to",
        b"end_reason",
        b"extends",
        b"document",
        b"authorisation",
        b"replaces",
    }
)


def _header_prefix(data: bytes) -> bytes | None:
    """The part of a version file before its first body key, when that part holds the whole header.

    Choosing a version by date needs only the headers, and the rules are most of each
    file. The shortcut is taken only for plain block style: every line at column 0 after
    the cut must be a comment, a sequence item or a body key; anything else (a header key
    after the rules, a quoted key, flow style, a second document) means reading it all.
    """
    cut: int | None = None
    offset = 0
    for line in data.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        if not line.strip() or line[:1] in (b" ", b"\t", b"#"):
            continue
        key = _TOP_KEY.match(line)
        if cut is None:
            if key is None:
                return None
            if key.group(1) not in _HEADER_KEYS:
                cut = start
        elif line.startswith(b"---") or line.startswith(b"..."):
            return None
        elif line[:1] == b"-":
            continue
        elif key is None or key.group(1) in _HEADER_KEYS:
            return None
    return None if cut is None else data[:cut]


@functools.lru_cache(maxsize=32)
def _parse_header(prefix: bytes) -> RulesetFile | None:
    doc = load_yaml(prefix)
    if doc.problems or not isinstance(doc.value, dict):
        return None
    try:
        return RulesetFile.model_validate(_plain_to_json(doc.value))
    except ValidationError:
        return None


def read_header(path: Path, label: str) -> VersionHeader:
    """Read the header fields of a version file.

    Only the header is parsed when the file's layout allows it (see `_header_prefix`);
    otherwise, and whenever the header has a problem, the whole file is read so that the
    error has its position.
    """
    data = _read_bytes(path, label)
    prefix = _header_prefix(data)
    header = None if prefix is None else _parse_header(prefix)
    if header is None or path.stem != header.version:
        _, src, header = _parse(data, label)
        if path.stem != header.version:
            raise src.error(f"version {header.version!r} must match the file name {path.name}", "/version")
    return VersionHeader(
        header.ruleset,
        header.version,
        header.title,
        header.effective_from,
        header.effective_to,
        header.end_reason,
        path,
        label,
        header.document,
        header.replaces,
    )


@functools.cache
def _cached_version(path: Path, label: str, effective_to: dt.date | None) -> Ruleset:
    return load_ruleset_file(path, label, effective_to)


def load_cached(path: Path, label: str, effective_to: dt.date | None) -> Ruleset:
    """Like `load_ruleset_file`, cached for the life of the process."""
    return _cached_version(path, label, effective_to)
