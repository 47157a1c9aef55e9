"""Bundled ruleset versions compiled ahead into JSON, read back in a few milliseconds.

Compiling a version from its YAML (parse with positions, validate, resolve ``extends``,
parse every condition and template) costs tens of milliseconds, on every cold start. Each
bundled version is therefore also stored compiled, as plain JSON (never pickle: the file
is data, nothing in it is executed), at ``rulesets/<id>/compiled/<version>.json``.

The file records the SHA-256 of every YAML file the version is built from (itself and
each file it extends). At load the YAML files are read and hashed again; if any digest
differs, a file is missing, or the compiled file cannot be read or decoded, the version
is compiled from its YAML as before. A stale compiled file is never used, and
``tests/test_compiled_rulesets.py`` fails until it is written afresh::

    python -m ccg_rules.rules.precompile --write    # write every version's file
    python -m ccg_rules.rules.precompile            # exit 1 and name the stale files
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ccg_rules._yaml import Plain
from ccg_rules.errors import StaleError
from ccg_rules.rules import ir, language, templates

if TYPE_CHECKING:
    from ccg_rules.rules.ruleset import Ruleset
    from ccg_rules.rules.version import RulesetVersion


class VersionFile(Protocol):
    """What reading a compiled file needs of a bundled version: where its YAML is, and its period.

    A `ccg_rules.rules.version.RulesetVersion`, or the fast path's own record of one.
    """

    @property
    def version(self) -> str:
        """The version."""

    @property
    def path(self) -> Path:
        """Its YAML file."""

    @property
    def effective_to(self) -> dt.date | None:
        """Its last day in force."""


FORMAT = "ccg-rules-compiled/1"
"""The format of a compiled file; a file of another format is not read (compiled from YAML)."""

COMPILED_FOLDER = "compiled"

_RECORDS: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        ir.Ref,
        ir.Pattern,
        ir.RelativeDate,
        ir.Shifted,
        ir.Test,
        ir.AnyOf,
        ir.Binding,
        ir.Absent,
        ir.Count,
        ir.Field,
        ir.Arith,
        ir.Compare,
        ir.Condition,
        language.AliasInfo,
        language.ParsedCondition,
        templates.Placeholder,
        templates.Template,
    )
}
_ENUMS: dict[str, type[enum.Enum]] = {cls.__name__: cls for cls in (ir.Op, ir.ArithOp)}
_MEMBERS: dict[str, dict[object, enum.Enum]] = {
    name: {m.value: m for m in cls} for name, cls in _ENUMS.items()
}


# --------------------------------------------------------------------------------------
# Encoding: Python values to JSON values, every non-JSON value an object tagged under "$"
#
# Tuples and lists are both JSON arrays: pydantic fields take a tuple from an array, and a
# record of the rule IR (frozen, compared by value) gets every array as a tuple again.
# Decoding is `json.loads` with an object hook, so the walk over the tree happens in C.


def _encode(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        if isinstance(value, enum.Enum):
            name = type(value).__name__
            return {"$": name, "v": value.value} if name in _ENUMS else value.value
        if type(value) is Plain:  # a plain scalar's text, kept as such in the rule IR
            return {"$": "plain", "v": str(value)}
        if isinstance(value, str) and type(value) is not str:
            raise TypeError(f"cannot encode a {type(value).__name__} in a compiled ruleset")
        return value
    if isinstance(value, enum.Enum):
        raise TypeError(f"cannot encode the enum {type(value).__name__} in a compiled ruleset")
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("compiled rulesets hold mappings with string keys only")
        if "$" in value:
            return {"$": "dict", "v": [[k, _encode(v)] for k, v in value.items()]}
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, ir.Record):
        name = type(value).__name__
        if name == "FactType":
            return {"$": "fact", "v": getattr(value, "name"), "k": _kind_of_fact(value)}  # noqa: B009
        if _RECORDS.get(name) is not type(value):
            raise TypeError(f"cannot encode a {name} in a compiled ruleset")
        names: Sequence[str] = ir.fields_of(value)
        out: dict[str, object] = {"$": name}
        for field_name in names:
            item = getattr(value, field_name)
            if isinstance(item, list):
                raise TypeError(f"{name}.{field_name} is a list; the rule IR holds tuples")
            out[field_name] = _encode(item)
        return out
    raise TypeError(f"cannot encode a {type(value).__name__} in a compiled ruleset")


def _kind_of_fact(fact: object) -> str:
    """The format of the document kind whose fact schema holds this very fact type."""
    from ccg_rules.facts import fact_schema
    from ccg_rules.model.kinds import KINDS

    for fmt, kind in KINDS.items():
        if any(known is fact for known in fact_schema(kind.model).values()):
            return fmt
    raise TypeError(f"the fact type {getattr(fact, 'name', fact)!r} belongs to no document kind")


def _tuples(value: object) -> object:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


FactLookup = Callable[[str, str], object]
"""The fact type named ``name`` of the document kind of format ``kind``: ``(kind, name)``."""


def model_facts(kind_format: str, name: str) -> object:
    """The fact type from the document kind's pydantic model (`ccg_rules.facts.fact_schema`)."""
    from ccg_rules.facts import fact_schema
    from ccg_rules.model.kinds import KINDS

    kind = KINDS.get(kind_format)
    if kind is None:
        raise StaleError(f"unknown document kind {kind_format!r}")
    return fact_schema(kind.model)[name]


def _hook_for(facts: FactLookup) -> Callable[[dict[str, Any]], object]:
    def hook(obj: dict[str, Any]) -> object:
        tag = obj.get("$")
        if tag is None:
            return obj
        cls = _RECORDS.get(tag)
        if cls is not None:
            del obj["$"]
            return cls(**{k: _tuples(v) for k, v in obj.items()})
        body = obj["v"]
        members = _MEMBERS.get(tag)
        if members is not None:
            return members[body]
        if tag == "plain":
            return Plain(body)
        if tag == "date":
            return dt.date.fromisoformat(body)
        if tag == "fact":
            return facts(str(obj.get("k", "")), body)
        if tag == "dict":
            return {k: v for k, v in body}
        raise StaleError(f"unknown tag {tag!r}")

    return hook


_hook = _hook_for(model_facts)


def encode_value(value: object) -> object:
    """A value of the rule IR (or plain data holding it) as the JSON value compiled files hold.

    Raises:
        TypeError: The value holds something a compiled file cannot (see `_encode`).
    """
    return _encode(value)


def object_hook(facts: FactLookup = model_facts) -> Callable[[dict[str, Any]], object]:
    """The ``json.loads`` object hook that decodes what `encode_value` gives, fact types from ``facts``."""
    return _hook_for(facts)


# --------------------------------------------------------------------------------------
# Sources and their digests


def _chain(version: RulesetVersion) -> list[tuple[str, Path]]:
    """The version file and every file it extends (its siblings), with the names they are recorded by."""
    from ccg_rules.rules.files import parse_file, read_bytes

    folder, label_folder = version.path.parent, version.label.rpartition("/")[0]
    out: list[tuple[str, Path]] = []
    current: str | None = version.version
    while current is not None:
        name = f"{current}.yaml"
        path = folder / name
        out.append((name, path))
        current = parse_file(read_bytes(path, f"{label_folder}/{name}"), f"{label_folder}/{name}")[2].extends
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compiled_path(version: VersionFile) -> Path:
    """Where the compiled file of a bundled version lives."""
    return version.path.parent / COMPILED_FOLDER / f"{version.version}.json"


def encode(version: RulesetVersion, ruleset: Ruleset) -> str:
    """The compiled file's text for ``ruleset``, the bundled ``version`` compiled from YAML."""
    rules = []
    for rule in ruleset.rules:
        rules.append(
            {
                "fields": _encode(rule.model_dump()),
                "parsed": _encode(rule._parsed),
                "templates": _encode(rule._templates),
            }
        )
    body = {"ruleset": _encode(ruleset.model_dump(exclude={"rules"})), "rules": rules}
    body_text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    header = {
        "format": FORMAT,
        "sources": {name: _sha256(path) for name, path in _chain(version)},
        "effective_to": _encode(version.effective_to),
        "body_sha256": hashlib.sha256(body_text.encode()).hexdigest(),
    }
    return json.dumps(header, separators=(",", ":")) + "\n" + body_text + "\n"


def decode(version: RulesetVersion, text: str | bytes) -> Ruleset:
    """The ruleset a compiled file holds, after checking it against today's YAML.

    The file's first line is its header: the format, the SHA-256 of each YAML source, the
    version's period and the SHA-256 of the second line, the body, which is parsed only
    when all of them hold.

    Raises:
        StaleError: The file is of another format, was compiled from other YAML bytes or
            for another period, is damaged, or cannot be decoded.
    """
    from pydantic import ValidationError

    from ccg_rules.rules.ruleset import Ruleset

    data = read_body(version, text)
    try:
        fields = data["ruleset"]
        fields["rules"] = [entry["fields"] for entry in data["rules"]]
        ruleset = Ruleset.model_validate(fields)
        for rule, entry in zip(ruleset.rules, data["rules"], strict=True):
            rule._parsed = entry["parsed"]
            rule._templates = entry["templates"]
        return ruleset
    except (KeyError, TypeError, ValueError, ValidationError) as exc:
        raise StaleError(f"cannot decode: {exc}") from None


def read_body(version: VersionFile, text: str | bytes, facts: FactLookup = model_facts) -> dict[str, Any]:
    """The body of a compiled file, as data, after checking it against today's YAML.

    The rule IR comes back as its records, and each fact type from ``facts``; the
    ruleset's and the rules' own fields stay plain data (what `decode` validates).

    Raises:
        StaleError: As for `decode`.
    """
    try:
        raw = text.encode() if isinstance(text, str) else text
        first, _, body_bytes = raw.partition(b"\n")
        header = json.loads(first, object_hook=_hook)
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise StaleError("not a compiled ruleset of this format")
        if hashlib.sha256(body_bytes.rstrip(b"\n")).hexdigest() != header["body_sha256"]:
            raise StaleError("the body does not match its digest (a damaged file)")
        sources = header["sources"]
        folder = version.path.parent
        if not isinstance(sources, dict) or f"{version.version}.yaml" not in sources:
            raise StaleError("the version's own file is not among its sources")
        for name, digest in sources.items():
            path = folder / name
            if "/" in name or "\\" in name or not path.is_file() or _sha256(path) != digest:
                raise StaleError(f"{name} has changed since it was compiled")
        if header["effective_to"] != version.effective_to:
            raise StaleError("the version's period has changed since it was compiled")
        data = json.loads(body_bytes, object_hook=_hook_for(facts))
        if not isinstance(data, dict):
            raise StaleError("the body is not an object")
        return data
    except (KeyError, TypeError, ValueError) as exc:
        raise StaleError(f"cannot decode: {exc}") from None


def load_compiled(version: RulesetVersion) -> Ruleset | None:
    """The bundled version from its compiled file, or ``None`` when there is none or it is stale."""
    try:
        text = compiled_path(version).read_bytes()
    except OSError:
        return None
    try:
        return decode(version, text)
    except StaleError:
        return None
