"""Renderers: reports and ruleset information as text for people and tools.

Each output format is one module with a ``render(reports) -> str`` function; every
format is made from the same reports, so all of them agree.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ccg_rules.report import Report

FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "html")
"""The output formats; each is the module of the same name in this package."""


def render(fmt: str, reports: Sequence[Report], *, base: str | None = None) -> str:
    """Render ``reports`` in the format ``fmt`` (one of `FORMATS`) as one document.

    Args:
        fmt: The format.
        reports: The reports, one per document.
        base: For ``html``, the folder the page will be saved in, so that its links to the
            documents' lines work from there (default: the current folder).

    Raises:
        ValueError: ``fmt`` is not a known format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    module = importlib.import_module(f"ccg_rules.render.{fmt}")
    if fmt == "html":
        return cast("Callable[..., str]", module.render)(reports, base=base)
    return cast("Callable[[Sequence[Report]], str]", module.render)(reports)
