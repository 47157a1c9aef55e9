"""The bundled rulesets: which exist, their versions, and which one is in force on a date."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from ccg_rules.errors import SelectionError
from ccg_rules.resources import data_root
from ccg_rules.rules.ruleset import _VERSION_FILE, Ruleset, VersionHeader, load_cached, read_header

DEFAULT_RULESET = "ccg-authorisation"


@dataclass(frozen=True, slots=True)
class RulesetVersion:
    """A bundled ruleset version and the period it is in force.

    Attributes:
        id: The ruleset id.
        version: The version.
        title: Its title.
        effective_from: First day in force.
        effective_to: Last day in force (``None``: open-ended).
    """

    id: str
    version: str
    title: str
    effective_from: dt.date
    effective_to: dt.date | None
    end_reason: str | None
    path: Path
    label: str

    @property
    def ref(self) -> str:
        """``id@version``."""
        return f"{self.id}@{self.version}"

    def in_force(self, day: dt.date) -> bool:
        """Whether this version is in force on ``day``."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@functools.cache
def _versions(ruleset_id: str) -> tuple[RulesetVersion, ...]:
    folder = Path(str(data_root("rulesets"))) / ruleset_id
    headers: list[VersionHeader] = [
        read_header(p, f"rulesets/{ruleset_id}/{p.name}")
        for p in sorted(folder.iterdir())
        if p.is_file() and _VERSION_FILE.fullmatch(p.name)
    ]
    headers.sort(key=lambda h: h.effective_from)
    out: list[RulesetVersion] = []
    for i, h in enumerate(headers):
        end = h.effective_to
        if end is None and i + 1 < len(headers):
            end = headers[i + 1].effective_from - dt.timedelta(days=1)
        out.append(
            RulesetVersion(
                h.ruleset, h.version, h.title, h.effective_from, end, h.end_reason, h.path, h.label
            )
        )
    return tuple(out)


def ruleset_ids() -> list[str]:
    """Return the ids of the bundled rulesets."""
    root = Path(str(data_root("rulesets")))
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def available_rulesets() -> list[RulesetVersion]:
    """Return every bundled ruleset version, by ruleset id then effective date."""
    return [v for rid in ruleset_ids() for v in _versions(rid)]


def _family(ruleset_id: str) -> tuple[RulesetVersion, ...]:
    if ruleset_id not in ruleset_ids():
        raise SelectionError(f"unknown ruleset {ruleset_id!r}; bundled rulesets: {', '.join(ruleset_ids())}")
    return _versions(ruleset_id)


@functools.cache
def _load(v: RulesetVersion) -> Ruleset:
    # The compiled file when it answers to today's YAML (see ccg_rules.rules.compiled),
    # else a compile from the YAML.
    from ccg_rules.rules.compiled import load_compiled

    return load_compiled(v) or load_cached(v.path, v.label, v.effective_to)


def select_ruleset(spec: str | None, as_of: dt.date) -> tuple[Ruleset, str]:
    """Choose the ruleset version to judge a document dated ``as_of``.

    Args:
        spec: ``None`` (the default ruleset), ``ID`` (its version in force on
            ``as_of``), ``ID@VERSION`` (exactly that version) or a path to a version file.
        as_of: The date the document speaks for.

    Returns:
        The ruleset and a sentence saying why it was chosen.

    Raises:
        SelectionError: Unknown ruleset or version, or no version in force on ``as_of``.
        RulesetError: The chosen version is broken.
    """
    if spec and (spec.endswith((".yaml", ".yml")) or "/" in spec):
        from ccg_rules.rules.ruleset import load_ruleset_file

        path = Path(spec)
        problem = ruleset_file_problem(spec)
        if problem is not None:
            raise SelectionError(problem)
        return load_ruleset_file(path, spec), f"loaded from the file {spec}"
    ruleset_id, _, version = (spec or DEFAULT_RULESET).partition("@")
    family = _family(ruleset_id)
    if version:
        for v in family:
            if v.version == version:
                return _load(v), f"{v.ref} was requested explicitly"
        known = ", ".join(v.version for v in family)
        raise SelectionError(f"{ruleset_id} has no version {version!r}; versions: {known}")
    for v in family:
        if v.in_force(as_of):
            period = f"{v.effective_from} to {v.effective_to or 'open'}"
            return _load(v), f"{v.ref} is in force on {as_of} (in force {period})"
    first, last = family[0], family[-1]
    if as_of < first.effective_from:
        raise SelectionError(
            f"no version of {ruleset_id} is in force on {as_of}: the earliest, {first.version}, "
            f"starts on {first.effective_from}"
        )
    reason = f": {last.end_reason}" if last.end_reason else ""
    raise SelectionError(
        f"no version of {ruleset_id} is in force on {as_of}; the last, {last.version}, "
        f"ended on {last.effective_to}{reason}"
    )


def ruleset_file_problem(spec: str) -> str | None:
    """Why ``spec`` cannot be read as a ruleset file, or ``None`` when it is a regular file."""
    path = Path(spec)
    if path.is_file():
        return None
    if path.exists():
        return f"ruleset file {spec} is not a file (a folder, device or pipe)"
    return f"ruleset file {spec} does not exist"
