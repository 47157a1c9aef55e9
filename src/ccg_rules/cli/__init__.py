"""The ``ccg-rules`` command: argument parsing, output and exit codes only.

Exit codes (the one place they are described; `ccg_rules.cli._exits` maps exceptions to them):

* ``0`` no finding in force (not waived) at or above the ``--fail-on`` severity
  (default ``error``);
* ``1`` at least one such finding;
* ``2`` a document could not be read or does not fit the document format; bad
  arguments, including a ``--select`` / ``--ignore`` entry that names no rule or domain;
  a broken configuration or waiver file; an unknown or broken ruleset, or no ruleset
  version in force on the date;
* ``3`` an unexpected internal error (a bug: please report it).

Settings come from the command line, else from the configuration file (see
`ccg_rules.config`), else from the built-in defaults.
"""

from __future__ import annotations

import errno
import gc
import io
import os
import sys
from collections.abc import Sequence
from contextlib import suppress

from ccg_rules._safe import shown
from ccg_rules.cli._exits import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, exit_code
from ccg_rules.cli._gc import settle_gc
from ccg_rules.cli._parser import EXIT_CODES_HELP
from ccg_rules.cli._parser import _parser as _parser  # the docs and the benchmark read it

__all__ = ["EXIT_CODES_HELP", "EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "main"]


class _Closed(io.TextIOBase):
    """Stands in for a standard stream that was closed when the process started."""

    def __init__(self, name: str) -> None:
        self._name = name

    def write(self, text: str) -> int:
        raise OSError(
            errno.EBADF, "standard output is closed" if self._name == "stdout" else "standard error is closed"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code (it never raises)."""
    if argv is None:  # a process of its own (not a call from Python): see `settle_gc`
        gc.disable()
        from ccg_rules.cli._patterns import import_yaml_lazily

        import_yaml_lazily()
    try:
        return _main(argv)
    finally:
        settle_gc()


def _main(argv: Sequence[str] | None) -> int:
    try:
        parser = _parser()
        args, extras = parser.parse_known_args(argv)
        if extras:  # named by the (sub)command that was given, with a suggestion
            getattr(args, "subparser", parser).unrecognised(extras)
    except SystemExit as exc:  # --help, --version, or a usage error
        return exit_code(exc)
    from ccg_rules.errors import CcgRulesError

    for name in ("stdout", "stderr"):  # a stream closed at start-up is None: writing to it fails
        if getattr(sys, name) is None:
            setattr(sys, name, _Closed(name))
    if args.command == "check":
        from ccg_rules.cli._check import _check as command
    else:
        settle_gc()  # only check settles it after its first document
        from ccg_rules.cli import _assess, _commands

        command = {
            "assess": _assess._assess,
            "rulesets": _commands._rulesets,
            "explain": _commands._explain,
        }[args.command]
    try:
        return int(command(args))
    except CcgRulesError as exc:
        for line in str(exc).split("\n"):
            print(shown(f"ccg-rules: error: {line}"), file=sys.stderr)
        return exit_code(exc)
    except SystemExit as exc:  # a usage error found by the command itself
        return exit_code(exc)
    except KeyboardInterrupt as exc:
        return exit_code(exc)
    except OSError as exc:  # writing failed: a full disk, a closed stdout or stderr
        with suppress(OSError, AttributeError, ValueError):
            print(shown(f"ccg-rules: error: cannot write the output: {exc.strerror or exc}"), file=sys.stderr)
        return exit_code(exc)
    except Exception as exc:  # a bug: say so plainly, with the details only on request
        if os.environ.get("CCG_RULES_DEBUG"):
            import traceback

            traceback.print_exc()
        print(
            "ccg-rules: internal error: this is a bug in ccg-rules; "
            "run again with CCG_RULES_DEBUG=1 to see the details, and please report it",
            file=sys.stderr,
        )
        return exit_code(exc)
