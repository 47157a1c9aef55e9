"""The fast path's bundle: what a check needs to know about the bundled rulesets, without pydantic.

A check of a valid document needs, besides each version's rules (`ccg_rules.fast.slim`,
written with the bundle and recorded in it by digest), which version of which family is in
force on a day, whether its findings roll up into an authorisation outcome, its scope
sentence, and each document kind's fact schema. The full path works them out from the
pydantic models and the rulesets' YAML; this module writes them once into ``bundle.json``
beside it, and reads them back.

The bundle records the SHA-256 of every version file of every family. At load, the family's
folder is listed and each file hashed again: if a file was added, removed or changed since
the bundle was written, the family is not read from the bundle (the full path is used), so
a stale bundle is never believed. ``tests/test_fast_path.py`` fails until it is rewritten::

    python -m ccg_rules.fast.bundle --write    # write bundle.json and the fast rules files
    python -m ccg_rules.fast.bundle            # exit 1 when any of them is stale
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ccg_rules._record import Record
from ccg_rules.fact_types import FactType, schema_from_data
from ccg_rules.resources import VERSION_FILE, data_root

_set = object.__setattr__

FORMAT = "ccg-rules-fast-bundle/1"
"""The bundle's format; a file of another format is not read."""

BUNDLE = Path(__file__).with_name("bundle.json")


class FastVersion(Record):
    """One bundled ruleset version, as the fast path reads it.

    Attributes:
        id: The ruleset id.
        version: The version.
        effective_from: First day in force.
        effective_to: Last day in force (``None``: open-ended).
        path: Its YAML file (the compiled file is checked against it).
        authorisation: Whether its findings roll up into the authorisation outcome.
        scope: Its scope sentence when every rule runs.
        rules: How many rules it has.
        fast_rules: The SHA-256 of its fast rules file (`ccg_rules.fast.slim`).
    """

    _fields = (
        "id",
        "version",
        "effective_from",
        "effective_to",
        "path",
        "authorisation",
        "scope",
        "rules",
        "fast_rules",
    )
    __slots__ = _fields

    id: str
    version: str
    effective_from: dt.date
    effective_to: dt.date | None
    path: Path
    authorisation: bool
    scope: str
    rules: int
    fast_rules: str

    def __init__(
        self,
        id: str,
        version: str,
        effective_from: dt.date,
        effective_to: dt.date | None,
        path: Path,
        authorisation: bool,
        scope: str,
        rules: int,
        fast_rules: str,
    ) -> None:
        _set(self, "id", id)
        _set(self, "version", version)
        _set(self, "effective_from", effective_from)
        _set(self, "effective_to", effective_to)
        _set(self, "path", path)
        _set(self, "authorisation", authorisation)
        _set(self, "scope", scope)
        _set(self, "rules", rules)
        _set(self, "fast_rules", fast_rules)

    def in_force(self, day: dt.date) -> bool:
        """Whether this version is in force on ``day``."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _version_files(folder: Path) -> dict[str, Path]:
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_file() and VERSION_FILE.fullmatch(p.name)}


# --------------------------------------------------------------------------------------
# Writing (imports the whole library)


def _build() -> tuple[dict[str, Any], dict[Path, str]]:
    from ccg_rules.fact_types import schema_to_data
    from ccg_rules.facts import fact_schema
    from ccg_rules.fast import slim
    from ccg_rules.model.kinds import KINDS
    from ccg_rules.pipeline.assess import scope_of
    from ccg_rules.rules.catalog import family_for, family_versions, load_version, ruleset_ids

    root = Path(str(data_root("rulesets")))
    families: dict[str, Any] = {}
    texts: dict[Path, str] = {}
    for rid in ruleset_ids():
        folder = root / rid
        versions = []
        for v in family_versions(rid):
            ruleset = load_version(v)
            ids = tuple(r.id for r in ruleset.rules)
            text = slim.text_of(ruleset)
            texts[slim.path_of(rid, v.version)] = text
            versions.append(
                {
                    "version": v.version,
                    "file": v.path.name,
                    "effective_from": v.effective_from.isoformat(),
                    "effective_to": v.effective_to.isoformat() if v.effective_to else None,
                    "authorisation": ruleset.authorisation,
                    "scope": scope_of(ruleset, len(ids), ids).statement,
                    "rules": len(ids),
                    "fast_rules": slim.digest_of(text.encode()),
                }
            )
        files = {name: _digest(path) for name, path in _version_files(folder).items()}
        families[rid] = {"files": files, "versions": versions}
    formats = {fmt: family_for(fmt) for fmt in KINDS}
    facts = {fmt: schema_to_data(fact_schema(kind.model)) for fmt, kind in KINDS.items()}
    return {"format": FORMAT, "families": families, "formats": formats, "facts": facts}, texts


def build() -> dict[str, Any]:
    """The bundle's content, worked out from the bundled rulesets and the document models."""
    return _build()[0]


def bundle_text() -> str:
    """The text of ``bundle.json`` as it should be now."""
    return json.dumps(build(), indent=1, ensure_ascii=False) + "\n"


def fast_rules_texts() -> dict[Path, str]:
    """The text of every fast rules file (`ccg_rules.fast.slim`) as it should be now, by path."""
    return _build()[1]


def _written(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def stale() -> list[Path]:
    """The bundle and fast rules files that differ from what they should be now, or should not be there."""
    from ccg_rules.fast import slim

    content, texts = _build()
    wanted = {BUNDLE: json.dumps(content, indent=1, ensure_ascii=False) + "\n", **texts}
    extra = sorted(p for p in slim.FOLDER.rglob("*.json") if p not in wanted) if slim.FOLDER.is_dir() else []
    return [p for p, text in wanted.items() if _written(p) != text] + extra


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ccg_rules.fast.bundle [--write]``: write the bundle and fast rules, or exit 1 if stale."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--write"]:
        from ccg_rules.fast import slim

        content, texts = _build()
        if slim.FOLDER.is_dir():
            for old in slim.FOLDER.rglob("*.json"):
                if old not in texts:
                    old.unlink()
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        text = json.dumps(content, indent=1, ensure_ascii=False) + "\n"
        BUNDLE.write_text(text, encoding="utf-8", newline="\n")
        return 0
    if args:
        sys.stderr.write("usage: python -m ccg_rules.fast.bundle [--write]\n")
        return 2
    for path in stale():
        sys.stderr.write(f"{path.name} is stale: run python -m ccg_rules.fast.bundle --write\n")
        return 1
    return 0


# --------------------------------------------------------------------------------------
# Reading (no pydantic)


@functools.cache
def _bundle() -> Mapping[str, Any] | None:
    try:
        data = json.loads(BUNDLE.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


@functools.cache
def family(document_format: str) -> tuple[FastVersion, ...] | None:
    """The versions of the family that judges ``document_format``, or ``None``.

    ``None`` when there is no bundle, no family judges the format, or any of the family's
    version files differs from what the bundle was written from.
    """
    data = _bundle()
    if data is None:
        return None
    try:
        rid = data["formats"].get(document_format)
        if rid is None:
            return None
        entry = data["families"][rid]
        folder = Path(str(data_root("rulesets"))) / rid
        files = _version_files(folder)
        if sorted(files) != sorted(entry["files"]):
            return None
        if any(_digest(path) != entry["files"][name] for name, path in files.items()):
            return None
        return tuple(
            FastVersion(
                rid,
                v["version"],
                dt.date.fromisoformat(v["effective_from"]),
                dt.date.fromisoformat(v["effective_to"]) if v["effective_to"] else None,
                folder / v["file"],
                bool(v["authorisation"]),
                str(v["scope"]),
                int(v["rules"]),
                str(v["fast_rules"]),
            )
            for v in entry["versions"]
        )
    except (OSError, KeyError, TypeError, ValueError, AttributeError):
        return None


def format_judged_by(ruleset_id: str) -> str | None:
    """The document format the bundled family ``ruleset_id`` judges, or ``None``."""
    data = _bundle()
    try:
        formats = data["formats"] if data is not None else {}
        return next((str(fmt) for fmt, rid in formats.items() if rid == ruleset_id), None)
    except (KeyError, TypeError, AttributeError):
        return None


@functools.cache
def fact_schema(document_format: str) -> dict[str, FactType] | None:
    """The fact schema of the document kind of ``document_format``, or ``None``."""
    data = _bundle()
    try:
        return schema_from_data(data["facts"][document_format]) if data is not None else None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def any_in_force(day: dt.date) -> bool | None:
    """Whether any bundled family has a version in force on ``day`` (``None``: no bundle)."""
    data = _bundle()
    if data is None:
        return None
    try:
        formats = data["formats"]
    except (KeyError, TypeError):
        return None
    for fmt in formats:
        versions = family(fmt)
        if versions is None:
            return None
        if any(v.in_force(day) for v in versions):
            return True
    return False


if __name__ == "__main__":
    raise SystemExit(main())
