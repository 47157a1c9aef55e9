"""The pieces every part of the HTML report is made of: escaping, icons, badges, tables, links."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import quote

from ccg_rules._safe import html_text, unique_name
from ccg_rules.findings import Consequence
from ccg_rules.report import DomainResult
from ccg_rules.wave import WaveRow

OUTCOMES = (  # (row outcome, label, colour class, icon)
    ("authorised", "Authorised", "green", "met"),
    ("authorised_with_conditions", "Authorised with conditions", "amber", "cond"),
    (
        "authorised_with_conditions_and_directions",
        "Authorised with conditions and directions",
        "red",
        "notmet",
    ),
    ("established_not_authorised", "Established but not authorised", "red", "notmet"),
    (None, "Not assessed", "grey", "none"),
)
RAG = {"green": ("Met", "met"), "amber": ("Met with conditions", "cond"), "red": ("Not met", "notmet")}
_RISK = {"green": "Green", "amber": "Amber", "red": "Red"}
CONSEQUENCE = {
    Consequence.DIRECTIONS: "a condition backed by legal directions",
    Consequence.CONDITION: "a condition of authorisation",
    Consequence.ADVISORY: "advisory",
}
POPULATION_BANDS = (  # (upper bound, label)
    (50_000, "under 50,000"),
    (100_000, "50,000 to 99,999"),
    (250_000, "100,000 to 249,999"),
    (500_000, "250,000 to 499,999"),
    (None, "500,000 or more"),
)


def esc(text: object) -> str:
    return html_text(str(text))


def svg_icon(name: str, label: str | None = None) -> str:
    aria = f' role="img" aria-label="{esc(label)}"' if label else ' aria-hidden="true"'
    return f'<svg class="icon"{aria} focusable="false"><use href="#i-{name}"/></svg>'


def badge(colour: str, icon: str, label: str) -> str:
    return f'<span class="badge {colour}">{svg_icon(icon)}{esc(label)}</span>'


def _outcome(row: WaveRow) -> tuple[str, str, str]:
    for value, label, colour, icon in OUTCOMES:
        if value == row.outcome:
            return label, colour, icon
    return row.outcome or "Not assessed", "grey", "none"


def outcome_badge(row: WaveRow) -> str:
    label, colour, icon = _outcome(row)
    return badge(colour, icon, label)


def risk_badge(risk: str | None) -> str:
    if risk is None:
        return '<span class="muted">not rated</span>'
    icon = {"green": "met", "amber": "cond", "red": "notmet"}[risk]
    return badge(risk, icon, _RISK[risk])


def number(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def href(file: str, base: str | None, line: int | None = None) -> str:
    path = file
    if base is not None:
        try:
            path = os.path.relpath(os.path.abspath(file), os.path.abspath(base))
        except ValueError:  # another drive (Windows)
            path = os.path.abspath(file)
    uri = quote(path.replace(os.sep, "/"), safe="/", errors="surrogateescape")
    return uri + (f"#L{line}" if line is not None else "")


def anchor(row: WaveRow, taken: set[str]) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", row.file).strip("-").lower() or "document"
    return unique_name(stem, taken, prefix="ccg-")


def domain_title(d: DomainResult) -> str:
    return f"{d.number}. {d.title}" if d.number is not None else d.title


def row_name(row: WaveRow) -> str:
    return row.ccg or row.file


def html_table(
    caption: str, header: Sequence[str], rows: Iterable[str], numeric: Sequence[int] = (), cls: str = ""
) -> str:
    return "".join(html_table_pieces(caption, header, rows, numeric, cls))


def html_table_pieces(
    caption: str, header: Sequence[str], rows: Iterable[str], numeric: Sequence[int] = (), cls: str = ""
) -> Iterator[str]:
    """`html_table` piece by piece: its head, each row as ``rows`` gives it, its end."""
    heads = "".join(
        f'<th scope="col"{" class=num" if i in numeric else ""}>{h}</th>' for i, h in enumerate(header)
    )
    table = f'<table class="{cls}">' if cls else "<table>"
    yield f"{table}<caption>{caption}</caption><thead><tr>{heads}</tr></thead><tbody>"
    yield from rows
    yield "</tbody></table>"


def bar(parts: Sequence[tuple[str, int]], scale: int) -> str:
    spans = "".join(
        f'<span class="{colour}" style="width:{100 * n / scale:.1f}%"></span>' for colour, n in parts if n
    )
    return f'<td class="bar" aria-hidden="true">{spans}</td>'
