"""``ccg-rules check`` on the fast path, when the run allows it (`ccg_rules.fast.check`).

The fast path serves the run every commit makes: text output (to standard output or an
``--output`` file), the bundled rulesets, the Python engine, no selection, no waivers, no
configuration file, and files or folders of them. For any other run `try_fast` returns
``None`` and the full path does everything. Within a run, the documents are checked in
order; at the first one the fast path cannot vouch for, that one and every later one go to
the full path (which goes on writing the same output file), and the exit codes combine
(invalid input over findings over none), as if the full path had checked them all.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from ccg_rules.cli._exits import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK

# ``ID`` or ``ID@VERSION``, as the bundled rulesets are named (a path goes to the full path).
_NAMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:@[A-Za-z0-9][A-Za-z0-9._-]*)?")
_CONFIG_NAME = ".ccg-rules.yaml"  # `ccg_rules.config.YAML_NAME`; tests hold the two equal


def _no_config_file() -> bool:
    """Whether surely no configuration file applies here (`ccg_rules.config.find_config`, cautiously).

    Any doubt (a ``pyproject.toml`` that cannot be read or parsed, or one whose ``tool``
    table names ``ccg-rules``) leaves the run to the full path, which reads the file.
    """
    folder = Path.cwd().resolve()
    for here in (folder, *folder.parents):
        if (here / _CONFIG_NAME).exists():
            return False
        pyproject = here / "pyproject.toml"
        if pyproject.exists():
            import tomllib

            try:
                data = tomllib.loads(pyproject.read_bytes().decode("utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return False
            tool = data.get("tool")
            if isinstance(tool, dict) and "ccg-rules" in tool:
                return False
        if (here / ".git").exists():
            return True
    return True


def _epoch_readable() -> bool:
    """Whether ``SOURCE_DATE_EPOCH`` is unset or a day; the full path explains a bad one."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return True
    try:
        dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return False
    return True


def _eligible(args: argparse.Namespace) -> bool:
    """Whether the run's options are ones the fast path serves."""
    if getattr(args, "full_path_only", False) or not args.files:
        return False
    plain = (
        (args.ruleset is None or _NAMED.fullmatch(args.ruleset) is not None)
        and args.select is None
        and args.ignore is None
        and args.waivers is None
        and args.format in (None, "text")
        and args.engine in (None, "python")
        and not args.statistics
        and not args.show_settings
        and args.stdin_filename is None
        and not args.config
        and (args.as_of in (None, "document", "today") or isinstance(args.as_of, dt.date))
    )
    if not plain or not _epoch_readable() or "-" in args.files:
        return False
    return bool(args.no_config) or _no_config_file()


def _documents(args: argparse.Namespace) -> list[str] | None:
    """The files to check, each folder's documents in its place (`ccg_rules.discovery`).

    ``None`` when a folder cannot be read or holds no document: the full path says so.
    """
    names: list[str] = []
    for given in args.files:
        if not os.path.isdir(given):
            names.append(given)
            continue
        from ccg_rules.discovery import find_documents
        from ccg_rules.errors import DocumentError

        try:
            found = find_documents(given, args.exclude)
        except DocumentError:
            return None
        if not found:
            return None
        names.extend(found)
    return names


def _own_waivers(name: str) -> bool:
    path = Path(name)
    return path.with_name(path.stem + ".waivers.yaml").exists()


def _bundled(spec: str, day: dt.date | None) -> bool:
    """Whether ``spec`` names a bundled family and version (or a family in force on ``day``).

    Anything else (an unknown family or version, no version in force on the day) is for the
    full path, which says what is wrong before checking anything.
    """
    from ccg_rules.fast import bundle

    rid, _, wanted = spec.partition("@")
    document_format = bundle.format_judged_by(rid)
    versions = bundle.family(document_format) if document_format is not None else None
    if not versions:
        return False
    if wanted:
        return any(v.version == wanted for v in versions)
    return day is None or any(v.in_force(day) for v in versions)


def try_fast(args: argparse.Namespace, full: Callable[[argparse.Namespace], int]) -> int | None:
    """Check the run's documents on the fast path; ``None`` when the run must take the full path.

    Args:
        args: The parsed command line of ``check``.
        full: The full path's ``check`` command, for the documents the fast path leaves.
    """
    if not _eligible(args):
        return None
    from ccg_rules._vocab import SEVERITY_RANK
    from ccg_rules.cli._gc import settle_gc
    from ccg_rules.cli._output import _Sink, _use_colour
    from ccg_rules.fast import bundle
    from ccg_rules.fast.check import check_file
    from ccg_rules.fast.flat import validate_facts

    day = args.as_of if isinstance(args.as_of, dt.date) else None
    if args.as_of == "today":
        day = dt.date.today()
    if args.ruleset is not None and not _bundled(args.ruleset, day):
        return None
    if day is not None and bundle.any_in_force(day) is not True:
        return None
    names = _documents(args)
    if names is None:
        return None
    colour = _use_colour(args.color or "auto", None if args.output else sys.stdout)
    threshold = SEVERITY_RANK[args.fail_on or "error"]
    over = False
    stream = _Sink(args.output)
    for i, name in enumerate(names):
        result = None
        if args.no_waivers or not _own_waivers(name):
            result = check_file(
                name, validate_facts, as_of=day, ruleset=args.ruleset, colour=colour, summaries=not args.quiet
            )
        if result is None:
            if i == 0:
                return None
            stream.close()
            rest = copy.copy(args)
            rest.files = names[i:]
            rest.full_path_only = True
            rest.output_append = True  # after what this path wrote to an --output file
            code = full(rest)
            if code != EXIT_OK and code != EXIT_FINDINGS:
                return code
            return EXIT_FINDINGS if code == EXIT_FINDINGS or (over and not args.exit_zero) else EXIT_OK
        stream.write(result.text)
        over = over or result.worst >= threshold
        if i == 0:
            settle_gc()
    stream.close()
    if stream.error is not None:  # as the full path says it
        from ccg_rules._safe import shown

        message = stream.error.strerror or stream.error
        print(shown(f"ccg-rules: error: cannot write {args.output}: {message}"), file=sys.stderr)
        return EXIT_INVALID
    return EXIT_FINDINGS if over and not args.exit_zero else EXIT_OK
