"""Load: a document of any kind read, from bytes to a validated model, every problem a located finding.

The document's ``format`` picks its kind (`ccg_rules.model.kinds`), and the kind's model
validates it; a missing or unknown format is judged by the default kind's model, whose
error then lists every format the library reads.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ccg_rules._files import MAX_FILE_BYTES, read_bounded
from ccg_rules._yaml import Plain, SourceMap, file_too_large, join_pointer, load_yaml
from ccg_rules.errors import DocumentError, NotAFile
from ccg_rules.findings import Finding, sort_key
from ccg_rules.model.kinds import kind_of_data
from ccg_rules.pipeline.problems import problem, schema_findings, short, yaml_finding

if TYPE_CHECKING:
    from ccg_rules.model.kinds import Document

Source = str | os.PathLike[str] | bytes | Mapping[str, Any]
"""A document to check: a file path, the file's bytes, or already-parsed data."""


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """A document as read: the model if it is valid, and its problems as findings.

    Attributes:
        document: The validated model, or ``None`` when the document has problems.
        source_map: JSON Pointer to line and column for every node read.
        problems: Findings for everything wrong with the file or its shape.
        file: The file name used in locations, if any.
        digest: ``sha256:`` digest of the bytes read.
    """

    document: Document | None
    source_map: SourceMap
    problems: tuple[Finding, ...]
    file: str | None
    digest: str

    @property
    def valid(self) -> bool:
        """Whether the document was read and fits the schema."""
        return self.document is not None and not self.problems


_TEXT_HINT = "; to read YAML text rather than a file, pass its bytes: ccg_rules.load_document(text.encode())"

_NAME_LIMIT = 300
"""Longer names, and names with characters that do not print, are quoted and cut."""


def shown_name(name: str) -> str:
    r"""Return a file name as it may appear in a one-line message.

    A printable name of sensible length is shown as it is; any other is quoted, escaped
    (a line break shows as ``\n``) and cut, so that no name can break a message into
    lines, forge one, or fill a screen.
    """
    if name and name == name.strip() and name.isprintable() and len(name) <= _NAME_LIMIT:
        return name
    return short(name)


def _looks_like_text(name: str) -> bool:
    """Whether a "file name" is more likely YAML text given where a path belongs."""
    return (
        not name.strip()
        or any(c in name for c in "\n\r")
        or ": " in name
        or name.lstrip().startswith(("{", "[", "- ", "---"))
        or len(name) > 255  # longer than any file name a common file system allows
    )


def _read(
    source: Source, file: str | None, text_hint: str = _TEXT_HINT
) -> tuple[bytes | None, Mapping[str, Any] | None, str | None, int]:
    """The bytes (or mapping) of a source, its file name, and its size in bytes."""
    if isinstance(source, bytes):
        return source, None, file, len(source)
    if isinstance(source, Mapping):
        return None, source, file, 0
    if not isinstance(source, str | os.PathLike):
        raise TypeError(f"a document is a path, bytes or a mapping, not {type(source).__name__}")
    raw = os.fspath(source)
    name = raw if isinstance(raw, str) else os.fsdecode(raw)
    shown = shown_name(name)
    hint = text_hint if isinstance(source, str) and _looks_like_text(name) else ""
    if not name:
        raise DocumentError(f"{shown}: no such file (the name is empty){hint}")
    try:
        read = read_bounded(name, MAX_FILE_BYTES)
    except IsADirectoryError:
        raise DocumentError(f"{shown}: is a directory, not a document") from None
    except FileNotFoundError:
        raise DocumentError(f"{shown}: no such file{hint}") from None
    except ValueError:  # a NUL character: no file system allows one in a name
        raise DocumentError(f"{shown}: no such file (a name cannot hold a NUL character){hint}") from None
    except NotAFile as exc:
        raise DocumentError(f"{shown}: cannot read: {exc.strerror}") from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            why = f" (a name of {len(name):,} characters is too long for a file)"
            raise DocumentError(f"{shown}: no such file{why}{hint}") from None
        raise DocumentError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    return read.data, None, file or name, read.size


def load_document(source: Source, *, file: str | None = None) -> LoadedDocument:
    """Read a document and validate it against the document model.

    A ``str`` is always a path. To read YAML text, pass its bytes (``text.encode()``), or
    check it at once with `ccg_rules.check_text`.

    Args:
        source: A path (``str`` or path-like), the file's bytes, or a mapping of
            already-parsed data (positions then default to 1:1).
        file: The name to show in locations (defaults to the path, if one was given).

    Returns:
        The loaded document. Problems with the file or its shape are findings in
        ``problems`` (never exceptions).

    Raises:
        DocumentError: The path cannot be read at all. The message is one line and
            names the file (quoted and cut if it is long or does not print); when the
            "path" looks like YAML text, it says how to read text instead.
        TypeError: ``source`` is none of the types above.

    Examples:
        >>> loaded = load_document("examples/ccg-compliant.yaml")  # doctest: +SKIP
        >>> loaded.valid, loaded.file  # doctest: +SKIP
        (True, 'examples/ccg-compliant.yaml')
        >>> load_document(b"a: 1", file="inline.yaml").valid
        False
    """
    return load_source(source, file=file)


def load_source(source: Source, *, file: str | None = None, text_hint: str = _TEXT_HINT) -> LoadedDocument:
    """`load_document`, with the hint its errors give for text passed as a path."""
    data, mapping, file, size = _read(source, file, text_hint)
    if data is not None:
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        if size > MAX_FILE_BYTES:  # only the first bytes were read
            smap = SourceMap()
            big = yaml_finding(file_too_large(size, MAX_FILE_BYTES), file)
            return LoadedDocument(None, smap, (big,), file, digest)
        doc = load_yaml(data)
        smap = doc.source_map
        if doc.problems:
            problems = tuple(sorted((yaml_finding(p, file) for p in doc.problems), key=sort_key))
            return LoadedDocument(None, smap, problems, file, digest)
        value: object = doc.value
    else:
        assert mapping is not None
        smap = SourceMap()
        deep = _too_deep(mapping)
        if deep is not None:
            too_deep = problem(
                "too-deep",
                f"The nesting at '{deep}' is deeper than {MAX_DEPTH} levels; flatten the structure.",
                deep,
                smap,
                file,
            )
            return LoadedDocument(None, smap, (too_deep,), file, "sha256:" + hashlib.sha256(b"").hexdigest())
        value = _plainify(mapping)
        digest = "sha256:" + hashlib.sha256(_canonical(mapping).encode()).hexdigest()
    kind_model = kind_of_data(value).model
    try:
        model: Document = kind_model.model_validate(value)  # type: ignore[assignment]
    except ValidationError as exc:
        problems = tuple(sorted(schema_findings(exc, smap, file, kind_model), key=sort_key))
        return LoadedDocument(None, smap, problems, file, digest)
    clashes = tuple(
        problem("duplicate-id", message, pointer, smap, file) for pointer, message in _case_variants(model)
    )
    if clashes:
        return LoadedDocument(None, smap, clashes, file, digest)
    return LoadedDocument(model, smap, (), file, digest)


def _case_variants(model: Document) -> list[tuple[str, str]]:
    """Ids of people or committees that differ from an earlier one only in letter case.

    ``P-Garside`` beside ``p-garside`` is one person entered twice to any reader, but two ids
    to a program: the second would fill a seat of its own. The document is refused until one
    id is used.
    """
    out: list[tuple[str, str]] = []
    collections = (("people", [p.id for p in model.people]), ("committees", [c.id for c in model.committees]))
    for name, ids in collections:
        first: dict[str, tuple[int, str]] = {}
        for i, given in enumerate(ids):
            seen = first.setdefault(given.casefold(), (i, given))
            if seen[1] != given:
                out.append(
                    (
                        f"/{name}/{i}/id",
                        f"the id {short(given)} differs from {short(seen[1])} (/{name}/{seen[0]}) only"
                        " in letter case; ids that differ only in case name the same entry twice, so use"
                        " one of them",
                    )
                )
    return out


MAX_DEPTH = 64
"""The deepest nesting of mappings and lists accepted in already-parsed data (as in YAML)."""


def _too_deep(value: object) -> str | None:
    """The pointer of the first collection nested deeper than `MAX_DEPTH`, or None."""
    stack: list[tuple[object, str, int]] = [(value, "", 1)]
    while stack:
        node, pointer, depth = stack.pop()
        if isinstance(node, Mapping):
            children: list[tuple[object, str]] = [(v, join_pointer(pointer, str(k))) for k, v in node.items()]
        elif isinstance(node, list | tuple):
            children = [(v, join_pointer(pointer, i)) for i, v in enumerate(node)]
        else:
            continue
        if depth > MAX_DEPTH:
            return pointer
        stack.extend((child, at, depth + 1) for child, at in reversed(children))
    return None


def _canonical(mapping: Mapping[str, Any]) -> str:
    """A stable text of already-parsed data to digest (a huge integer is written in hex)."""

    def fix(value: object) -> object:
        if isinstance(value, Mapping):
            return {k: fix(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [fix(v) for v in value]
        if isinstance(value, int) and not isinstance(value, bool) and abs(value).bit_length() > 4000:
            return f"int:{value:#x}"
        return value

    fixed = fix(mapping)
    assert isinstance(fixed, dict)
    return repr(sorted(fixed.items(), key=str))


def _plainify(value: object) -> object:
    # Python callers pass typed values; strings stay strings (never Plain), so a string
    # where a number belongs is reported rather than converted.
    if isinstance(value, Mapping):
        return {k: _plainify(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plainify(v) for v in value]
    if isinstance(value, Plain):
        return str(value)
    return value
