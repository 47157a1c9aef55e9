"""Reading one ruleset version file: its bounded bytes, YAML tree, positions and header model."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccg_rules._yaml import Plain, SourceMap, load_yaml, resolve_plain
from ccg_rules.errors import RulesetError
from ccg_rules.located import (
    Diagnostic,
    from_yaml,
    load_model_or_raise,
    locate,
)
from ccg_rules.rules.spec import RulesetFile


@dataclass
class FileSource:
    """A version file as read: its name in messages and the positions of its nodes."""

    file: str
    source_map: SourceMap

    def error(self, message: str, pointer: str, rule_id: str | None = None) -> RulesetError:
        """Return the error for a problem at ``pointer`` in this file, located."""
        problem = locate(Diagnostic("invalid-ruleset", message, pointer), self.source_map, self.file)
        return RulesetError.from_diagnostics(self.file, [problem], rule_id=rule_id)


def plain_to_json(value: object) -> object:
    """Turn a loaded YAML tree into JSON values, typing plain scalars the YAML 1.2 way."""
    if isinstance(value, dict):
        return {k: plain_to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_to_json(v) for v in value]
    if isinstance(value, Plain):
        return resolve_plain(value)
    return value


def read_bytes(path: Path, label: str) -> bytes:
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


def read_file(path: Path, label: str) -> tuple[dict[str, Any], FileSource, RulesetFile]:
    """Read and validate one version file: its raw tree, positions and header model.

    The file is read every time; parsing and validating are cached by its bytes (and
    label), so the catalogue's header pass and the version's resolution share one parse
    and an edited file is never served stale. Callers must not mutate what is returned.
    """
    data = read_bytes(path, label)
    return parse_file(data, label)


@functools.lru_cache(maxsize=32)
def parse_file(data: bytes, label: str) -> tuple[dict[str, Any], FileSource, RulesetFile]:
    """Parse and validate a version file's bytes: its raw tree, positions and header model.

    Raises:
        RulesetError: The YAML or the format has problems; every one is listed.
    """
    doc = load_yaml(data)
    src = FileSource(label, doc.source_map)
    if doc.problems:
        raise RulesetError.from_diagnostics(label, [from_yaml(p, label) for p in doc.problems])
    assert isinstance(doc.value, dict)
    header = load_model_or_raise(
        plain_to_json(doc.value), RulesetFile, error=RulesetError, source_map=doc.source_map, file=label
    )
    return doc.value, src, header
