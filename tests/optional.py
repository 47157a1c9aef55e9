"""The optional parts some tests need (durable-rules, headless Chromium, poppler), decided in one place.

A test that needs one says so with a marker, ``@pytest.mark.requires_durable``,
``@pytest.mark.requires_chromium`` or ``@pytest.mark.requires_poppler`` (``pdftotext`` and
``pdfinfo`` from poppler-utils, to read a printed PDF's pages) (a parametrised case with ``DURABLE`` below). The
``tests/conftest.py`` hook asks this module, once per run, whether the part is there:

* present: the test runs;
* absent: the test is skipped with a one-line reason (pytest's ``-ra`` summary lists them);
* absent under CI (the environment variable ``CI`` is ``true``): the test fails instead, so
  that CI cannot pass without running it. durable-rules is exempt on Python 3.13 and later,
  where it cannot be installed (the ``test`` extra leaves it out there by a marker).

Chromium is looked for as ``chromium`` or ``chromium-browser`` on ``PATH``, then at
``/usr/bin/chromium``. The environment variable ``CCG_TEST_CHROMIUM`` overrides the lookup
for the tests only: a path names the browser to use, and ``none`` makes the tests behave as
on a machine without one (how the suite tests its own skip and failure; the browser itself
is never touched). durable-rules is there when ``durable_rules_engine``, its C module, imports.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from functools import cache

import pytest

CHROMIUM_ENV = "CCG_TEST_CHROMIUM"
DURABLE_MIN_UNSUPPORTED = (3, 13)

# The engines, for tests parametrised over both; the durable case carries its marker.
PYTHON = pytest.param("python", id="python")
DURABLE = pytest.param("durable", id="durable", marks=pytest.mark.requires_durable)
ENGINES = (PYTHON, DURABLE)


def under_ci() -> bool:
    """True on CI, where a missing optional part fails its tests instead of skipping them."""
    return os.environ.get("CI", "").strip().lower() == "true"


@cache
def chromium() -> str | None:
    """The headless Chromium to use, or None when there is none."""
    override = os.environ.get(CHROMIUM_ENV)
    if override is not None and override.strip():
        return None if override.strip().lower() == "none" else override
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.access("/usr/bin/chromium", os.X_OK):
        found = "/usr/bin/chromium"
    return found


@cache
def missing(part: str) -> tuple[str, bool] | None:
    """Why ``part`` ("durable" or "chromium") is unavailable, and whether CI must have it.

    Returns None when it is available, else ``(one-line reason, required on CI)``.
    """
    if part == "chromium":
        if chromium() is not None:
            return None
        return (
            "no headless Chromium (chromium or chromium-browser on PATH); install it, "
            "e.g. `apt-get install chromium`, to run the browser tests",
            True,
        )
    if part == "durable":
        try:
            importlib.import_module("durable_rules_engine")
        except ImportError as exc:
            if sys.version_info >= DURABLE_MIN_UNSUPPORTED:
                return (
                    "durable-rules does not install on Python 3.13+ (the test extra leaves it out), "
                    "so the durable engine is not tested here",
                    False,
                )
            return (
                f"durable-rules does not import ({exc}); install ccg-rules[durable] "
                "(built from source: needs a C compiler) to test the durable engine",
                True,
            )
        return None
    if part == "poppler":
        if shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None:
            return None
        return (
            "no pdftotext and pdfinfo (poppler-utils); install them, e.g. `apt-get install "
            "poppler-utils`, to test the printed report's pages",
            True,
        )
    raise ValueError(f"unknown optional part {part!r}")


MARKERS = {"requires_durable": "durable", "requires_chromium": "chromium", "requires_poppler": "poppler"}
