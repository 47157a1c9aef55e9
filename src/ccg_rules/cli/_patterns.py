"""PyYAML's own regular expressions, compiled when first used instead of when it is imported.

Importing PyYAML compiles about a dozen patterns that only its pure-Python reader, resolver
and constructor use: the check for unprintable characters alone, a class of wide Unicode
ranges, costs more than the rest of PyYAML's import. The command line reads documents with
libyaml's parser (`ccg_rules._yaml`), which needs none of them, so in a process of its own
the command imports PyYAML with each of those patterns as a `LazyPattern`, compiled on
first use. PyYAML only ever calls their methods (``match``, ``search``), which behave as
the compiled pattern's. Patterns compiled by any other module are untouched, and so is a
PyYAML that is already imported (a program that calls `ccg_rules.cli.main` itself).
"""

from __future__ import annotations

import re
import sys
from typing import Any


class LazyPattern:
    """A pattern whose compilation waits until one of its attributes is first read."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str | bytes, flags: int) -> None:
        self._source, self._flags = source, flags
        self._compiled: re.Pattern[Any] | None = None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._source, self._flags)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r}, {self._flags})"


def import_yaml_lazily() -> None:
    """Import PyYAML with its own import-time patterns left to compile on first use."""
    if "yaml" in sys.modules:
        return
    real = re.compile

    def compile_later(pattern: Any, flags: int = 0) -> Any:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if isinstance(pattern, str | bytes) and (caller == "yaml" or caller.startswith("yaml.")):
            return LazyPattern(pattern, flags)
        return real(pattern, flags)

    re.compile = compile_later
    try:
        import yaml  # noqa: F401
    finally:
        re.compile = real
