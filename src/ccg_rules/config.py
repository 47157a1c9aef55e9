"""Project defaults for the command line: ``.ccg-rules.yaml`` or ``[tool.ccg-rules]``.

The command line looks for a configuration file in the current directory, then in each
parent in turn, and stops at the first folder that has one; it does not look above a
folder holding ``.git`` (the top of the repository). In any one folder ``.ccg-rules.yaml``
comes before ``pyproject.toml``, and a ``pyproject.toml`` counts only if it has a
``[tool.ccg-rules]`` table. ``--config FILE`` names the file instead; ``--no-config``
ignores every configuration file.

Keys (all optional)::

    ruleset: ccg-authorisation@2012   # ID, ID@VERSION, or a ruleset file
    as_of: document                   # document (default), today, or a date YYYY-MM-DD
    fail_on: error                    # error (default), warning or info
    waivers: governance/waivers.yaml  # a waiver file for every document
    select: [REG-, SCH5-]             # rule ids, id prefixes or domains (list or "a,b")
    ignore: [CFG-06-02]
    format: text                      # text, json, sarif, junit, github or markdown
    engine: python                    # python or durable

Every key may also be written in kebab case, as pyproject users (and ruff) write them:
``fail-on`` for ``fail_on``, ``as-of`` for ``as_of``. Giving both forms of one key is an
error naming the second.

A flag given on the command line wins over the file, and the file over the built-in
default (`ccg_rules.settings.resolve` says which gave each setting). Paths (``ruleset``
files, ``waivers``) are relative to the configuration file's folder, the project root, and must resolve
(symbolic links followed) inside it: a repository's configuration cannot make the tool
read a file elsewhere, such as ``/etc/shadow``; such a path is an error located at the
key (exit 2), and a path given on the command line may be anywhere. An unknown key or a
bad value is an error naming the file, line and column (for TOML, the line of the key in
``[tool.ccg-rules]``). A key is named in a message only when it is a short word, and a
file with no setting at all is refused in one message that shows none of its keys, so
that no message echoes the contents of a file that is not a configuration file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict

from ccg_rules._safe import excerpt, key_name
from ccg_rules._yaml import Plain, SourceMap, load_yaml, pointer_of
from ccg_rules.errors import ConfigError
from ccg_rules.located import Diagnostic, Issue, Phrase, closest, did_you_mean, load_model
from ccg_rules.model.types import Choice, Text

if TYPE_CHECKING:
    from ccg_rules.engines import EngineName

YAML_NAME = ".ccg-rules.yaml"
PYPROJECT_NAME = "pyproject.toml"
TOOL_TABLE = "ccg-rules"


def _as_of(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value in ("document", "today"):
        return str(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a real date") from None
    raise ValueError(f"expected document, today or a date written YYYY-MM-DD, got {str(value)!r}")


def _selectors(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(v) if isinstance(v, Plain) else v for v in value]
    return value


class ConfigSpec(BaseModel):
    """The keys of a configuration file."""

    # Built when a configuration file is first read, not at import (most runs have none).
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    ruleset: Text | None = None
    as_of: Annotated[dt.date | Literal["document", "today"], BeforeValidator(_as_of)] | None = None
    fail_on: Annotated[Literal["error", "warning", "info"], Choice] | None = None
    waivers: Text | None = None
    select: Annotated[list[Text], BeforeValidator(_selectors)] | None = None
    ignore: Annotated[list[Text], BeforeValidator(_selectors)] | None = None
    format: (
        Annotated[Literal["text", "json", "json-lines", "sarif", "junit", "github", "markdown"], Choice]
        | None
    ) = None
    engine: Annotated[Literal["python", "durable"], Choice] | None = None


@dataclass(frozen=True, slots=True)
class Config:
    """Project defaults read from a configuration file.

    Attributes:
        file: The file they came from (``None``: no file, all defaults).
        ruleset: Ruleset spec; a path is made relative to the current directory.
        as_of: ``document``, ``today`` or a date.
        fail_on: Lowest severity that fails the run.
        waivers: Waiver file, relative to the current directory.
        select: Rules to run.
        ignore: Rules to leave out.
        format: Output format.
        engine: Evaluation engine.
    """

    file: str | None = None
    ruleset: str | None = None
    as_of: dt.date | str | None = None
    fail_on: str | None = None
    waivers: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    format: str | None = None
    engine: EngineName | None = None
    where: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    """``(key, "file:line:column")`` for each key the file sets (the key in snake case)."""


def _snake(key: str) -> str:
    return key.replace("-", "_")


def _normalise(data: object, label: str, where: Any) -> tuple[object, dict[str, str]]:
    """Keys in snake case, and the key as written for each; both forms of one key is an error."""
    if not isinstance(data, dict):
        return data, {}
    out: dict[object, object] = {}
    written: dict[str, str] = {}
    for key, value in data.items():
        name = _snake(key) if isinstance(key, str) and _snake(key) in ConfigSpec.model_fields else key
        if name in out:
            raise ConfigError(
                label,
                [(where((str(key),)), f"{key!r} is also given as {written[str(name)]!r}; give one of them")],
            )
        out[name] = value
        written[str(name)] = str(key)
    return out, written


def _pyproject_table(path: Path) -> Mapping[str, Any] | None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:  # ours only if it names our table; TOML is UTF-8
        if f"[tool.{TOOL_TABLE}]".encode() in raw:
            raise ConfigError(
                str(path), [("1:1", f"not UTF-8 text: {exc.reason} at byte {exc.start}")]
            ) from None
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if f"[tool.{TOOL_TABLE}]" in text:
            raise ConfigError(str(path), [("1:1", f"not valid TOML: {exc}")]) from None
        return None
    tool = data.get("tool")
    table = tool.get(TOOL_TABLE) if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the configuration file that applies in ``start`` (default: the current directory).

    Looks in ``start`` and then each parent, up to the folder that holds ``.git`` or the
    filesystem root; in each folder ``.ccg-rules.yaml`` first, then a ``pyproject.toml``
    with a ``[tool.ccg-rules]`` table.
    """
    folder = Path(start if start is not None else Path.cwd()).resolve()
    for here in (folder, *folder.parents):
        candidate = here / YAML_NAME
        if candidate.is_file():
            return candidate
        candidate = here / PYPROJECT_NAME
        if candidate.is_file() and _pyproject_table(candidate) is not None:
            return candidate
        if (here / ".git").exists():
            return None
    return None


def _toml_where(text: str, key: str) -> str | None:
    """``line:column`` of ``key`` inside the ``[tool.ccg-rules]`` table, if it can be found."""
    header = re.compile(r'\s*\[\s*tool\s*\.\s*(?:ccg-rules|"ccg-rules")\s*\]\s*(?:#.*)?$')
    other = re.compile(r"\s*\[")
    item = re.compile(rf'(\s*)(?:{re.escape(key)}|"{re.escape(key)}")\s*=')
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        if header.match(line):
            inside = True
        elif inside and other.match(line):
            inside = False
        elif inside and (m := item.match(line)):
            return f"{number}:{len(m.group(1)) + 1}"
    return None


def _phrase(written: Mapping[str, str]) -> Phrase:
    """How a configuration file's validation errors are worded, keys as the file writes them."""

    def phrase(issue: Issue) -> Diagnostic:
        loc = issue.loc
        # Union members add their own names to the location; keep the key and list indexes.
        loc = tuple(t for t in loc if isinstance(t, int) or t in ConfigSpec.model_fields or t == loc[0])
        if loc:  # the key as the file writes it
            loc = (written.get(str(loc[0]), loc[0]), *loc[1:])
        key = str(loc[0]) if loc else ""
        pointer = pointer_of(loc)
        if issue.kind == "extra_forbidden":
            names = [n.replace("_", "-") if "-" in key else n for n in ConfigSpec.model_fields]
            hint = did_you_mean(key, names)
            known = ", ".join(ConfigSpec.model_fields)
            shown = key_name(key)
            named = f"unknown key {shown}" if shown else "an unknown key (not shown: it is not a word)"
            return Diagnostic("unknown-key", f"{named}{hint} (keys: {known})", pointer)
        text = issue.message
        if issue.kind == "value_error":  # the validator's own words, as pydantic gives them
            return Diagnostic("invalid-value", f"{key!r}: {text}", pointer)
        return Diagnostic("invalid-value", f"{key!r}: {text[0].lower()}{text[1:]}", pointer)

    return phrase


def _tokens(pointer: str) -> tuple[str, ...]:
    """The key path a JSON Pointer stands for."""
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:])


def _not_ours(data: object, label: str, where: Any) -> None:
    """Refuse, in one message that shows none of it, a mapping without a single setting in it.

    Such a file is not a configuration file (a ``--config`` or a found file pointing at
    something else), and its keys may be anything: they are counted, not echoed.
    """
    if not isinstance(data, dict) or not data:
        return
    names = [*ConfigSpec.model_fields, *(n.replace("_", "-") for n in ConfigSpec.model_fields)]
    keys = [str(k) for k in data]
    if any(k in names or closest(k, names) for k in keys):
        return
    first = next(iter(data))
    raise ConfigError(
        label,
        [
            (
                where((first,)),
                f"not a ccg-rules configuration: none of its {len(keys)} keys is a setting "
                f"(settings: {', '.join(ConfigSpec.model_fields)})",
            )
        ],
    )


def _validate(data: object, label: str, where: Any) -> tuple[ConfigSpec, dict[str, str]]:
    _not_ours(data, label, where)
    data, written = _normalise(data, label, where)
    spec, found = load_model(data, ConfigSpec, phrase=_phrase(written))
    if spec is not None:
        return spec, written
    # One message per key: a value that fits no member of a union gives one error per member.
    seen: set[str] = set()
    problems = []
    for d in found:
        if d.pointer not in seen:
            seen.add(d.pointer)
            problems.append((where(_tokens(d.pointer)), d.message))

    def order(problem: tuple[str, str]) -> tuple[int, ...]:
        numbers = problem[0].split(":")
        return tuple(int(n) for n in numbers) if all(n.isdigit() for n in numbers) else (1 << 30,)

    raise ConfigError(label, sorted(problems, key=order))


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read a configuration file: ``.ccg-rules.yaml`` (or any YAML file) or a ``pyproject.toml``.

    Raises:
        ConfigError: The file cannot be read, or has an unknown key or a bad value.
    """
    file = Path(path)
    label = os.fspath(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(label, [("1:1", f"cannot read the configuration file: {exc}")]) from None
    if file.suffix == ".toml":
        table = _pyproject_table(file)
        if table is None:
            raise ConfigError(label, [("1:1", f"there is no [tool.{TOOL_TABLE}] table")])

        def toml_where(loc: tuple[int | str, ...]) -> str:
            key = str(loc[0]) if loc else ""
            found = _toml_where(text, key)
            path_text = f"[tool.{TOOL_TABLE}] {key}" + "".join(f"[{t}]" for t in loc[1:])
            return found or path_text

        spec, written = _validate(dict(table), label, toml_where)
        where = toml_where
    else:
        doc = load_yaml(text)
        if doc.problems:
            raise ConfigError(label, [(f"{p.line}:{p.column}", p.message) for p in doc.problems])
        smap: SourceMap = doc.source_map

        def yaml_where(loc: tuple[int | str, ...]) -> str:
            _, pos = smap.locate(pointer_of(loc))
            return f"{pos.line}:{pos.column}"

        spec, written = _validate(doc.value, label, yaml_where)
        where = yaml_where
    base = file.parent
    root = os.path.realpath(base)

    def relative(value: str | None, name: str) -> str | None:
        if value is None:
            return value
        joined = base / value  # an absolute value stays as it is
        if not _inside(root, os.path.realpath(joined)):
            raise ConfigError(
                label,
                [
                    (
                        where((written.get(name, name),)),
                        f"{name!r}: {excerpt(value, 200)} is outside the project (the folder holding "
                        f"this file); a path given on the command line may be anywhere",
                    )
                ],
            )
        if Path(value).is_absolute():
            return value
        try:
            return os.path.relpath(joined)
        except ValueError:  # another drive on Windows
            return str(joined)

    ruleset = spec.ruleset
    if ruleset and (ruleset.endswith((".yaml", ".yml")) or "/" in ruleset):
        ruleset = relative(ruleset, "ruleset")
    return Config(
        file=label,
        ruleset=ruleset,
        as_of=spec.as_of,
        fail_on=spec.fail_on,
        waivers=relative(spec.waivers, "waivers"),
        select=tuple(spec.select) if spec.select is not None else None,
        ignore=tuple(spec.ignore) if spec.ignore is not None else None,
        format=spec.format,
        engine=spec.engine,
        where=tuple((name, f"{label}:{where((key,))}") for name, key in written.items()),
    )


def _inside(root: str, target: str) -> bool:
    """Whether the resolved path ``target`` is ``root`` or under it."""
    try:
        return os.path.commonpath([root, target]) == root
    except ValueError:  # another drive on Windows
        return False
