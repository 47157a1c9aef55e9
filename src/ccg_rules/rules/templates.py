"""Message templates: ``{alias.field}``, ``{alias}``, ``{param.name}`` and ``{as_of}``.

Templates are checked when the ruleset loads (every placeholder must name something the
rule binds) and rendered with plain string substitution: no format specs, no attribute
access, nothing evaluated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from ccg_rules._record import Record
from ccg_rules.errors import LanguageError
from ccg_rules.fact_types import BUILTIN, iter_fields
from ccg_rules.rules.language import AliasInfo

_set = object.__setattr__

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z][a-z0-9_]*(?:\.[A-Za-z0-9_.]+)?")


class Placeholder(Record):
    """``{alias}`` or ``{alias.field}``; ``alias`` may be ``param`` or ``as_of``."""

    _fields = ("alias", "field", "kind")
    __slots__ = _fields

    alias: str
    field: str | None
    kind: str  # the field kind, for formatting ("count", "compare", "param", "date", ...)

    def __init__(self, alias: str, field: str | None, kind: str) -> None:
        _set(self, "alias", alias)
        _set(self, "field", field)
        _set(self, "kind", kind)


Part = str | Placeholder


class Template(Record):
    """A parsed template."""

    _fields = ("source", "parts")
    __slots__ = _fields

    source: str
    parts: tuple[Part, ...]

    def __init__(self, source: str, parts: tuple[Part, ...]) -> None:
        _set(self, "source", source)
        _set(self, "parts", parts)

    def render(self, lookup: Callable[[Placeholder], object]) -> str:
        """Substitute every placeholder with ``format_value`` of ``lookup(placeholder)``."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                out.append(format_value(lookup(part), part.kind))
        return "".join(out)


def format_value(value: object, kind: str) -> str:
    """Render a fact value for a person to read."""
    if value is None:
        return "(not given)"
    if kind == "date" and isinstance(value, int):
        return dt.date.fromordinal(value).isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(format_value(v, "text") for v in value) or "(none)"
    if isinstance(value, float):
        return f"{value:,.2f}" if value != int(value) else f"{int(value):,}"
    if isinstance(value, int) and kind in ("count", "int", "compare", "param"):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


def parse_template(
    source: str, aliases: Mapping[str, AliasInfo], params: Mapping[str, object], at: str
) -> Template:
    """Parse ``source`` and check each placeholder against the rule's aliases.

    Raises:
        LanguageError: A placeholder names nothing the rule binds, or braces are unbalanced.
    """
    parts: list[Part] = []
    pos = 0
    for m in _TOKEN.finditer(source):
        if m.start() > pos:
            parts.append(source[pos : m.start()])
        pos = m.end()
        token = m.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
            continue
        if m.group(1) is None:
            raise LanguageError(f"unbalanced {token!r} in template (write {token * 2} for a brace)", at)
        parts.append(_placeholder(m.group(1).strip(), aliases, params, at))
    if pos < len(source):
        parts.append(source[pos:])
    return Template(source, tuple(parts))


def _placeholder(
    name: str, aliases: Mapping[str, AliasInfo], params: Mapping[str, object], at: str
) -> Placeholder:
    if not _NAME.fullmatch(name):
        raise LanguageError(f"bad placeholder {{{name}}}", at)
    alias, _, field = name.partition(".")
    if alias == "as_of" and not field:
        return Placeholder("as_of", None, "date")
    if alias == "param":
        if field not in params:
            raise LanguageError(f"{{{name}}}: unknown parameter {field!r}", at)
        return Placeholder("param", field, "param")
    info = aliases.get(alias)
    if info is None:
        known = ", ".join(sorted(aliases)) or "none"
        raise LanguageError(f"{{{name}}}: {alias!r} is not an alias of this rule (aliases: {known})", at)
    if info.kind == "count":
        if field:
            raise LanguageError(f"{{{name}}}: a count is written {{{alias}}}", at)
        return Placeholder(alias, None, "count")
    if info.kind == "compare":
        if field not in ("", "right"):
            raise LanguageError(f"{{{name}}}: a compare is written {{{alias}}} or {{{alias}.right}}", at)
        return Placeholder(alias, field or None, "compare")
    if info.kind == "absent":
        raise LanguageError(f"{{{name}}}: an absent pattern binds nothing to show", at)
    assert info.fact_type is not None
    specs = {f.name: f for f in iter_fields(info.fact_type)}
    if not field or field not in specs:
        raise LanguageError(f"{{{name}}}: {info.fact_type.name!r} has no field {field!r}", at)
    return Placeholder(alias, BUILTIN.get(field, field), specs[field].kind)
