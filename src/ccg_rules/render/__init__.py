"""Renderers: reports and ruleset information as text for people and tools.

Each output format is one module with a ``render(reports) -> str`` function; every
format is made from the same reports, so all of them agree.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ccg_rules.report import Report

FORMATS = (
    "text",
    "json",
    "json-lines",
    "sarif",
    "junit",
    "github",
    "markdown",
    "html",
    "oscal",
    "oscal-poam",
)
"""The output formats; each is the module of the same name in this package (``-`` written ``_``)."""


def render(
    fmt: str,
    reports: Sequence[Report],
    *,
    base: str | None = None,
    fail_on: str = "error",
    environ: Mapping[str, str] | None = None,
) -> str:
    """Render ``reports`` in the format ``fmt`` (one of `FORMATS`) as one document.

    Every format is made from the reports alone.

    Args:
        fmt: The format.
        reports: The reports, one per document.
        base: For ``html``, the folder the page will be saved in, so that its links to the
            documents' lines work from there (default: the current folder).
        fail_on: For ``junit``, the least severity that fails (``error``, ``warning`` or
            ``info``), as for the exit code; findings below it are listed, not failures.
        environ: For ``sarif``, the environment to look for an Azure Pipelines build in
            (see `ccg_rules.render.sarif.azure_pipeline`); ``None`` looks for none.

    Raises:
        ValueError: ``fmt`` or ``fail_on`` is not a known value.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    module = importlib.import_module(f"ccg_rules.render.{fmt.replace('-', '_')}")
    function = cast("Callable[..., str]", module.render)
    if fmt == "html":
        return function(reports, base=base)
    if fmt == "junit":
        return function(reports, fail_on=fail_on)
    if fmt == "sarif":
        return function(reports, pipeline=module.azure_pipeline(environ) if environ is not None else None)
    return function(reports)
