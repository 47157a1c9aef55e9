"""The exit codes, and the one map from an exception that ends a command to its exit code."""

from __future__ import annotations

from ccg_rules.errors import CcgRulesError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C (128 + SIGINT, as shells report it)."""

EXIT_BY_ERROR: tuple[tuple[type[BaseException], int], ...] = (
    (KeyboardInterrupt, EXIT_INTERRUPTED),
    (CcgRulesError, EXIT_INVALID),  # a broken document, ruleset, configuration or waiver file
    (OSError, EXIT_INVALID),  # a file that cannot be read or written
    (Exception, EXIT_INTERNAL),  # a bug
)
"""Each kind of exception and its exit code; the first that fits wins."""


def exit_code(exc: BaseException) -> int:
    """Return the exit code of a command ended by ``exc``.

    A `SystemExit` (``--help``, a usage error) keeps its own code when it is a number;
    any other exception takes the code of the first entry of `EXIT_BY_ERROR` it is an
    instance of.
    """
    if isinstance(exc, SystemExit):
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_INVALID
    for kind, code in EXIT_BY_ERROR:
        if isinstance(exc, kind):
            return code
    return EXIT_INTERNAL
