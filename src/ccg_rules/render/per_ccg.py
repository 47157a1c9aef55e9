"""One printable HTML page per CCG of a wave, and an index page that links to them.

`per_ccg_pages` gives the files ``assess --per-ccg DIR`` writes: ``index.html``, then one
page per row of the wave, each that CCG's section of the HTML report
(`ccg_rules.render.html`), open, so it prints on A4 as the wave report does. A page's file name comes from the
document's file name: its stem, with every character other than ASCII letters, digits,
``-`` and ``_`` replaced by ``-``, lower-cased, ``.html`` added. It never holds a folder
separator or starts with a dot, so every page lands in DIR; ``index`` and names already
taken get ``-2``, ``-3``, ... in the wave's (sorted) row order, so the same wave gives the
same names and bytes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from ccg_rules._safe import html_text, unique_name
from ccg_rules.render._html_assets import CSS, SPRITE
from ccg_rules.render._words import Bodies, bodies
from ccg_rules.report import Outcome
from ccg_rules.wave import Wave, WaveRow

INDEX = "index.html"
"""The index page's file name."""

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def page_name(file: str, taken: set[str]) -> str:
    """The page file name for a document ``file``, not in ``taken`` (which it joins).

    Args:
        file: The document's file name as the wave row gives it (any folder is dropped).
        taken: The names already given, ``index.html`` among them.
    """
    base = re.split(r"[\\/]", file)[-1]
    for suffix in (".yaml", ".yml"):
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
            break
    stem = _UNSAFE_NAME.sub("-", base).strip("-_").lower()[:80] or "document"
    return unique_name(stem, taken, suffix=".html")


def _outcome_words(row: WaveRow) -> str:
    if row.error is not None or row.outcome is None:
        return "not assessed"
    return Outcome(row.outcome).words


def _index(rows: Sequence[WaveRow], names: Sequence[str], title: str, who: Bodies) -> str:
    items = "".join(
        f'<tr><th scope="row"><a href="{html_text(name)}">{html_text(row.ccg or row.file)}</a></th>'
        f"<td><code>{html_text(row.file)}</code></td><td>{html_text(_outcome_words(row))}</td>"
        f'<td class="num">{row.conditions if row.error is None else "–"}</td></tr>'
        for row, name in zip(rows, names, strict=True)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{html_text(title)}</h1><p class="lead">{who.count(len(rows))}, '
        "one printable page each.</p></header>\n<main>\n"
        f'<table><caption>{who.heading}</caption><thead><tr><th scope="col">{who.one}</th>'
        '<th scope="col">Document</th>'
        f'<th scope="col">Outcome</th><th scope="col" class="num">Conditions</th></tr></thead>'
        f"<tbody>{items}</tbody></table>\n</main>\n</body>\n</html>\n"
    )


def ccg_page(row: WaveRow, *, base: str | os.PathLike[str] | None = None) -> str:
    """One CCG's printable page: its section of the HTML report alone, open, with a link to the index.

    Args:
        row: The CCG's wave row.
        base: The folder the page will be saved in (links to the document's lines start there).
    """
    from ccg_rules.render._html_parts import anchor
    from ccg_rules.render._html_section import ccg_section

    folder = os.fspath(base) if base is not None else None
    section = ccg_section(row, anchor(row, set()), folder).replace(
        '<details class="ccg"', '<details class="ccg" open', 1
    )
    who = bodies([row.report])
    title = f"{who.noun} assessment: {row.ccg or row.file}"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(title)}</title>\n<style>{CSS}details.ccg{{break-before:auto}}</style>\n"
        f"</head>\n<body>\n{SPRITE}\n<main>\n"
        f'<p class="muted"><a href="{INDEX}">All {who.plural} of the wave</a></p>\n'
        f"{section}</main>\n</body>\n</html>\n"
    )


def per_ccg_pages(wave: Wave, *, base: str | os.PathLike[str] | None = None) -> list[tuple[str, str]]:
    """Return ``(file name, page)`` for the index and for each CCG of ``wave``, index first.

    Args:
        wave: The wave, as `ccg_rules.assess_wave` gives it.
        base: The folder the pages will be saved in (links to documents' lines start there).
    """
    taken = {INDEX}
    names = [page_name(row.file, taken) for row in wave.rows]
    pages = [(INDEX, index_page(wave.rows, names, bodies(row.report for row in wave.rows)))]
    pages += [(name, ccg_page(row, base=base)) for row, name in zip(wave.rows, names, strict=True)]
    return pages


def index_page(rows: Sequence[WaveRow], names: Sequence[str], who: Bodies) -> str:
    """The index page of `per_ccg_pages`, from the rows alone (their reports are not read).

    Args:
        rows: The wave's rows.
        names: Their pages' file names (`page_name`, in row order, ``index.html`` taken first).
        who: What to call the wave's bodies (`ccg_rules.render._words.bodies` of its reports).
    """
    title = f"{who.title} wave: {who.count(len(rows))}, a page each"
    return _index(rows, names, title, who)
