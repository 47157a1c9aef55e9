"""Where the bundled rulesets and schemas are.

In an installed wheel they are package data (``ccg_rules/_data/``), read through
`importlib.resources`. In a source checkout (including an editable install, where
the build backend cannot map them into the package) they are the repository's own
``rulesets/`` and ``schemas/`` folders.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

VERSION_FILE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.-]*\.yaml")
"""The name of a ruleset version file in a family's folder (``2012.yaml``, ``2014-10.yaml``)."""


@functools.cache
def data_root(kind: str) -> Traversable:
    """Return the folder holding the bundled ``rulesets`` or ``schemas``."""
    # A package on the file system is its own folder, as `importlib.resources` would say;
    # importing that (and its zip reader) costs a one-shot run several milliseconds, so it
    # is asked only when the package is not a folder of files (a zip archive, say).
    here = Path(__file__)
    if here.is_file():
        if (here.parent / "_data" / kind).is_dir():
            return here.parent / "_data" / kind
    else:
        from importlib import resources

        packaged = resources.files("ccg_rules").joinpath("_data", kind)
        if packaged.is_dir():
            return packaged
    checkout = Path(__file__).resolve().parents[2] / kind
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the bundled {kind} are missing from this installation")
