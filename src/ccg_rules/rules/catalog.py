"""The bundled rulesets: which exist, their versions, and which one is in force on a date."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from ccg_rules.errors import SelectionError
from ccg_rules.model.kinds import DEFAULT_FORMAT, kind_of
from ccg_rules.resources import VERSION_FILE, data_root
from ccg_rules.rules.headers import VersionHeader, read_header
from ccg_rules.rules.loading import load_cached
from ccg_rules.rules.ruleset import Ruleset
from ccg_rules.rules.version import RulesetVersion

DEFAULT_RULESET = "ccg-authorisation"


@functools.cache
def _versions(ruleset_id: str) -> tuple[RulesetVersion, ...]:
    folder = Path(str(data_root("rulesets"))) / ruleset_id
    headers: list[VersionHeader] = [
        read_header(p, f"rulesets/{ruleset_id}/{p.name}")
        for p in sorted(folder.iterdir())
        if p.is_file() and VERSION_FILE.fullmatch(p.name)
    ]
    headers.sort(key=lambda h: h.effective_from)
    out: list[RulesetVersion] = []
    # A version inherits these from the one it extends, so the family's first says them.
    document = next((h.document for h in headers if h.document), DEFAULT_FORMAT)
    replaces = next((h.replaces for h in headers if h.replaces), None)
    for i, h in enumerate(headers):
        end = h.effective_to
        if end is None and i + 1 < len(headers):
            end = headers[i + 1].effective_from - dt.timedelta(days=1)
        out.append(
            RulesetVersion(
                h.ruleset,
                h.version,
                h.title,
                h.effective_from,
                end,
                h.end_reason,
                h.path,
                h.label,
                document,
                replaces,
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


def family_versions(ruleset_id: str) -> tuple[RulesetVersion, ...]:
    """Return the versions of the bundled ruleset ``ruleset_id``, by effective date.

    Raises:
        SelectionError: No bundled ruleset has that id.
    """
    if ruleset_id not in ruleset_ids():
        raise SelectionError(f"unknown ruleset {ruleset_id!r}; bundled rulesets: {', '.join(ruleset_ids())}")
    return _versions(ruleset_id)


@functools.cache
def load_version(v: RulesetVersion) -> Ruleset:
    """Return a bundled version, cached: from its compiled file when that is current, else its YAML.

    The compiled file is current when it answers to today's YAML (`ccg_rules.rules.compiled`).
    """
    from ccg_rules.rules.compiled import load_compiled

    return load_compiled(v) or load_cached(v.path, v.label, v.effective_to)


def family_for(document: str | None) -> str:
    """Return the id of the bundled ruleset that judges documents of format ``document``.

    Raises:
        SelectionError: No bundled ruleset judges that format.
    """
    wanted = document or DEFAULT_FORMAT
    for rid in ruleset_ids():
        family = _versions(rid)
        if family and family[0].document == wanted:
            return rid
    raise SelectionError(f"no bundled ruleset judges {wanted} documents")


def _judges(ruleset_id: str, judged: str, document: str | None) -> None:
    """Raise unless a ruleset judging ``judged`` documents may judge one of format ``document``."""
    if document is not None and judged != document:
        raise SelectionError(
            f"{ruleset_id} judges documents in the {judged} format, not {document}; "
            f"leave out the ruleset to use {family_for(document)}"
        )


def _elsewhere(ruleset_id: str, later: bool) -> str:
    """A hint naming the ruleset and format for a date this family does not cover, or ``""``."""
    ids = ruleset_ids()
    if later:
        others = [rid for rid in ids if _versions(rid) and _versions(rid)[0].replaces == ruleset_id]
    else:
        own = _versions(ruleset_id)
        others = [own[0].replaces] if own and own[0].replaces in ids else []
    if not others:
        return ""
    other = _versions(str(others[0]))[0]
    kind = kind_of(other.document)
    when = f"from {other.effective_from}" if later else "for earlier dates"
    return f"; {when}, describe {kind.subject} in the {other.document} format, which {other.id} judges"


def select_ruleset(spec: str | None, as_of: dt.date, document: str | None = None) -> tuple[Ruleset, str]:
    """Choose the ruleset version to judge a document dated ``as_of``.

    Args:
        spec: ``None`` (the bundled ruleset that judges the document's format), ``ID``
            (its version in force on ``as_of``), ``ID@VERSION`` (exactly that version) or a
            path to a version file.
        as_of: The date the document speaks for.
        document: The document's format; ``None`` for the default format when ``spec``
            is ``None``, and no check that ``spec`` judges it otherwise.

    Returns:
        The ruleset and a sentence saying why it was chosen.

    Raises:
        SelectionError: Unknown ruleset or version, a ruleset for another document
            format, or no version in force on ``as_of`` (the message then names the
            format and ruleset for that date, when the library has one).
        RulesetError: The chosen version is broken.
    """
    if spec and (spec.endswith((".yaml", ".yml")) or "/" in spec):
        from ccg_rules.rules.loading import load_ruleset_file

        path = Path(spec)
        problem = ruleset_file_problem(spec)
        if problem is not None:
            raise SelectionError(problem)
        loaded = load_ruleset_file(path, spec)
        _judges(loaded.id, loaded.document, document)
        return loaded, f"loaded from the file {spec}"
    ruleset_id, _, version = (spec or family_for(document)).partition("@")
    family = family_versions(ruleset_id)
    if family:
        _judges(ruleset_id, family[0].document, document)
    if version:
        for v in family:
            if v.version == version:
                return load_version(v), f"{v.ref} was requested explicitly"
        known = ", ".join(v.version for v in family)
        raise SelectionError(f"{ruleset_id} has no version {version!r}; versions: {known}")
    for v in family:
        if v.in_force(as_of):
            period = f"{v.effective_from} to {v.effective_to or 'open'}"
            return load_version(v), f"{v.ref} is in force on {as_of} (in force {period})"
    first, last = family[0], family[-1]
    if as_of < first.effective_from:
        raise SelectionError(
            f"no version of {ruleset_id} is in force on {as_of}: the earliest, {first.version}, "
            f"starts on {first.effective_from}{_elsewhere(ruleset_id, later=False)}"
        )
    reason = f": {last.end_reason}" if last.end_reason else ""
    hint = _elsewhere(ruleset_id, later=True)
    if hint:
        reason = reason.rstrip(".") + hint + "."
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
