"""Small public helpers that sit above the ruleset catalogue."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ccg_rules.errors import SelectionError
from ccg_rules.rules.catalog import DEFAULT_RULESET, _family, _load, select_ruleset
from ccg_rules.rules.ruleset import Ruleset, load_ruleset_file


def load_ruleset(spec: str | os.PathLike[str] = DEFAULT_RULESET, as_of: dt.date | None = None) -> Ruleset:
    """Load a ruleset version, compiled and checked.

    Args:
        spec: ``ID`` (the bundled ruleset: the version in force on ``as_of``, or the
            latest when ``as_of`` is not given), ``ID@VERSION``, or a path to a
            version file (any file it ``extends`` is read from the same folder).
        as_of: The date that picks the version when ``spec`` names no version.

    Returns:
        The resolved ruleset: its rules, parameters, domains and digest.

    Raises:
        SelectionError: Unknown ruleset or version, or none in force on ``as_of``.
        RulesetError: The ruleset is broken; the error names file, line and column.
    """
    text = os.fspath(spec)
    if text.endswith((".yaml", ".yml")) or os.sep in text or "/" in text:
        path = Path(text)
        if not path.is_file():
            raise SelectionError(f"ruleset file {text} does not exist")
        return load_ruleset_file(path, text)
    if as_of is None and "@" not in text:
        family = _family(text)
        return _load(family[-1])
    return select_ruleset(text, as_of or dt.date.today())[0]
