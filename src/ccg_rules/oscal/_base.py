"""What every OSCAL model here shares: version, namespace, UUIDs, dates, props, JSON text."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

OSCAL_VERSION = "1.2.3"
"""The OSCAL version written, and whose NIST JSON Schema the tests validate against."""

NS = "https://github.com/ccg-rules/ccg-rules/ns/oscal"
"""The namespace of every prop and part name ccg-rules defines (OSCAL's own names have none)."""

_UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, NS)

Json = dict[str, Any]


def uid(*parts: object) -> str:
    """A name-based UUID (version 5) of ``parts``: the same parts give the same UUID.

    The parts are joined with a character no part contains (NUL), so ``("a", "bc")`` and
    ``("ab", "c")`` differ.
    """
    name = "\x00".join(str(p) for p in parts)
    if not name.isascii():  # a file name that is not UTF-8 holds lone surrogates: name them escaped
        name = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return str(uuid.uuid5(_UUID_NAMESPACE, name))


def timestamp(day: dt.date) -> str:
    """Midnight UTC of ``day``, written ``+00:00`` as compliance-trestle writes it."""
    return f"{day.isoformat()}T00:00:00+00:00"


def end_of(day: dt.date) -> str:
    """The last second of ``day`` in UTC: when a waiver that expires on ``day`` stops applying."""
    return f"{day.isoformat()}T23:59:59+00:00"


def one_line(text: object) -> str:
    """``text`` on one line: every run of whitespace made one space, none at either end."""
    return " ".join(str(text).split())


def prop(name: str, value: object) -> Json:
    """A prop in the ccg-rules namespace (``value`` as text on one line, as OSCAL requires)."""
    return {"name": name, "ns": NS, "value": one_line(value)}


def props(pairs: Sequence[tuple[str, object | None]]) -> list[Json]:
    """The props of ``pairs`` whose value is not ``None`` or blank."""
    return [prop(name, value) for name, value in pairs if value is not None and one_line(value)]


def metadata(title: str, day: dt.date, version: str, extra: Mapping[str, Any] | None = None) -> Json:
    """OSCAL metadata: title (plain text), last-modified (``day``), version, OSCAL version."""
    out: Json = {
        "title": md_line(title),
        "last-modified": timestamp(day),
        "version": version,
        "oscal-version": OSCAL_VERSION,
    }
    out.update(extra or {})
    return out


def token(text: str) -> str:
    """``text`` as an OSCAL token (letters, digits, ``.``, ``-``, ``_``; a letter or ``_`` first)."""
    out = "".join(c if c.isalnum() or c in ".-_" else "_" for c in text)
    return out if out[:1].isalpha() or out[:1] == "_" else f"_{out}"


def line_ref(file: str | None, line: int | None) -> str:
    """A URI reference to ``file`` (relative where possible), at ``#L<line>`` when given."""
    from ccg_rules._files import relative_uri

    base = relative_uri(file)[0] if file else "document"
    return f"{base}#L{line}" if line is not None else base


def dumps(model: str, body: Json) -> str:
    r"""The OSCAL JSON document ``{model: body}``, indented, ending in a newline.

    Unsafe characters inside its strings (controls, separators, lone surrogates from a file
    name that is not UTF-8) are written as ``\uXXXX``, as in every JSON format here.
    """
    from ccg_rules._safe import json_text

    return json_text(json.dumps({model: body}, indent=2, ensure_ascii=False)) + "\n"


_MARKDOWN = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>"})


def md(text: str) -> str:
    """``text`` for an OSCAL markup field (Markdown), read as the same plain text.

    The characters that would make emphasis, code, links or HTML are escaped.
    """
    return text.translate(_MARKDOWN)


def md_line(text: str) -> str:
    """``text`` for an OSCAL one-line markup field (a title): `md` of `one_line`."""
    return md(one_line(text)) or "-"


def unmd(text: str) -> str:
    """Undo `md`: the plain text an OSCAL markup field written by `md` holds."""
    out, escaped = [], False
    for c in text:
        if escaped or c != "\\":
            out.append(c)
            escaped = False
        else:
            escaped = True
    return "".join(out)
