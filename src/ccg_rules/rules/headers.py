"""Version file headers, read without compiling the rules (and, where the layout allows, unparsed)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ccg_rules._yaml import load_yaml
from ccg_rules.rules.files import parse_file, plain_to_json, read_bytes
from ccg_rules.rules.spec import RulesetFile


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
        return RulesetFile.model_validate(plain_to_json(doc.value))
    except ValidationError:
        return None


def read_header(path: Path, label: str) -> VersionHeader:
    """Read the header fields of a version file.

    Only the header is parsed when the file's layout allows it (see `_header_prefix`);
    otherwise, and whenever the header has a problem, the whole file is read so that the
    error has its position.
    """
    data = read_bytes(path, label)
    prefix = _header_prefix(data)
    header = None if prefix is None else _parse_header(prefix)
    if header is None or path.stem != header.version:
        _, src, header = parse_file(data, label)
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
