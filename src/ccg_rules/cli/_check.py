"""``ccg-rules check``: settings, documents, output."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ccg_rules.config import Config
    from ccg_rules.engines import EngineName
    from ccg_rules.findings import Severity
    from ccg_rules.pipeline.check import WaiverSource
    from ccg_rules.report import Report

from ccg_rules._safe import shown
from ccg_rules.cli._exits import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, exit_code
from ccg_rules.cli._output import _Sink, _use_colour
from ccg_rules.cli._show import render_settings, run_options


def _settings(args: argparse.Namespace) -> Config:
    """The configuration file's settings (empty when there is none or --no-config)."""
    from ccg_rules.config import Config, find_config, load_config

    if args.no_config:
        return Config()
    if args.config:
        return load_config(args.config)
    found = find_config()
    return load_config(os.path.relpath(found)) if found else Config()


def _where(option: str, args: argparse.Namespace, config: Config) -> str:
    """Who to blame for a bad per-run setting: the command line or the configuration file."""
    if getattr(args, option, None) is not None:
        return f"ccg-rules check: error: argument --{option.replace('_', '-')}"
    return f"ccg-rules: error: {config.file}: {option}"


def _is_ruleset_file(spec: str) -> bool:
    return spec.endswith((".yaml", ".yml")) or "/" in spec


def _known_ruleset(spec: str | None) -> None:
    """Raise `SelectionError` unless ``spec`` names a bundled ruleset (and version) or a file.

    Cheap: a bundled version is only looked up (its rules are loaded by the first check,
    which caches them), and a file is only looked for (the check reads it).
    """
    from ccg_rules.rules.catalog import DEFAULT_RULESET, family_versions, ruleset_file_problem

    if spec and _is_ruleset_file(spec):
        problem = ruleset_file_problem(spec)
        if problem is not None:
            from ccg_rules.errors import SelectionError

            raise SelectionError(problem)
        return
    ruleset_id, _, version = (spec or DEFAULT_RULESET).partition("@")
    family = family_versions(ruleset_id)
    if version and version not in {v.version for v in family}:
        from ccg_rules.errors import SelectionError

        known = ", ".join(v.version for v in family)
        raise SelectionError(f"{ruleset_id} has no version {version!r}; versions: {known}")


def _in_force(spec: str | None, day: dt.date | None) -> None:
    """With one date for every document (``--as-of``), raise unless a version is in force then."""
    if day is None or (spec and (_is_ruleset_file(spec) or "@" in spec)):
        return
    from ccg_rules.rules.catalog import available_rulesets, select_ruleset

    if spec:
        select_ruleset(spec, day)  # loads (and caches) the version every check will use
        return
    # Each document's format picks its ruleset, so the day is a mistake only when no
    # bundled ruleset is in force on it; otherwise each document is refused on its own.
    if not any(v.in_force(day) for v in available_rulesets()):
        select_ruleset(None, day)  # raises, saying why


_CHECK_DEFAULTS: dict[str, object] = {
    "ruleset": None,
    "as_of": "document",
    "fail_on": "error",
    "waivers": None,
    "select": None,
    "ignore": None,
    "format": "text",
    "engine": "python",
    "exit_zero": False,
    "output": None,
    "quiet": False,
    "statistics": False,
    "color": "auto",
    "exclude": (),
    "stdin_filename": None,
}
"""The built-in default of every setting of ``check``."""


def _check(args: argparse.Namespace) -> int:
    from ccg_rules.cli._fast import try_fast

    fast = try_fast(args, _check)
    if fast is not None:
        return fast
    from ccg_rules.api import check_text
    from ccg_rules.cli._gc import settle_gc
    from ccg_rules.errors import DocumentError, SelectionError, UnknownRuleError, WaiverFileError
    from ccg_rules.pipeline.check import check
    from ccg_rules.render import render
    from ccg_rules.settings import resolve

    config = _settings(args)
    flags: dict[str, object] = {
        "ruleset": args.ruleset,
        "as_of": args.as_of,
        "fail_on": args.fail_on,
        "waivers": False if args.no_waivers else args.waivers,
        "select": tuple(args.select) if args.select is not None else None,
        "ignore": tuple(args.ignore) if args.ignore is not None else None,
        "format": args.format,
        "engine": args.engine,
        **{name: value if value != _CHECK_DEFAULTS.get(name) else None for name, value in run_options(args)},
    }
    settings = resolve(flags, config, _CHECK_DEFAULTS)
    if args.show_settings:
        sys.stdout.write(render_settings(settings, config))
        return EXIT_OK
    if not args.files:
        args.subparser.error("the following arguments are required: FILE")
    fmt = str(settings["format"].value)
    if args.statistics and args.format not in (None, "text"):
        args.subparser.error(f"argument --statistics: prints a table, not --format {args.format}")
    args.fail_on = settings["fail_on"].value
    as_of = cast("dt.date | str", settings["as_of"].value)
    day = as_of if isinstance(as_of, dt.date) else dt.date.today() if as_of == "today" else None
    waivers = cast("WaiverSource", settings["waivers"].value)
    if isinstance(waivers, str):  # one file for every document: read it once
        from ccg_rules.waivers import load_waivers

        waivers = load_waivers(waivers)
    select = cast("Sequence[str] | None", settings["select"].value)
    ignore = cast("Sequence[str] | None", settings["ignore"].value)
    ruleset = cast("str | None", settings["ruleset"].value)
    engine = cast("EngineName", settings["engine"].value)

    # Per-run options are checked once, before any document, so that a mistake is said once.
    from ccg_rules.errors import SelectionError as _SelectionError

    checks: list[tuple[str, Callable[[], None]]] = [
        ("ruleset", lambda: _known_ruleset(ruleset)),
        ("as_of", lambda: _in_force(ruleset, day)),
    ]
    for option, test in checks:
        try:
            test()
        except _SelectionError as exc:
            print(shown(f"{_where(option, args, config)}: {exc}"), file=sys.stderr)
            return exit_code(exc)

    if args.files.count("-") > 1:
        args.subparser.error("argument FILE: - (standard input) can be given only once")
    if args.stdin_filename is not None and "-" not in args.files:
        args.subparser.error("argument --stdin-filename: needs - (standard input) among the files")

    # Text, GitHub and JSON Lines output are one block per document: each is written as
    # its report is made, and only what the exit code needs is kept. SARIF keeps each
    # report's results in a temporary file until the log is written (`SarifStream`), and
    # --statistics only counts. The other formats need every report.
    streaming = args.statistics or fmt in ("text", "github", "json-lines", "sarif")
    stream = _Sink(args.output, append=getattr(args, "output_append", False))
    tally = sarif = None
    if args.statistics:
        from ccg_rules.render.text import Statistics

        tally = Statistics()
    elif fmt == "sarif":
        from ccg_rules.render.sarif import azure_pipeline
        from ccg_rules.render.sarif_stream import SarifStream

        sarif = SarifStream(pipeline=azure_pipeline(os.environ))
    reports: list[Report] = []
    invalid = over = False
    threshold = _threshold(args)
    failed = False
    names: list[str] = []
    for given in args.files:
        if given != "-" and os.path.isdir(given):
            from ccg_rules.discovery import find_documents

            try:
                found = find_documents(given, args.exclude)
            except DocumentError as exc:
                print(shown(f"ccg-rules: error: {exc}"), file=sys.stderr)
                failed = True
                continue
            if not found:
                print(
                    f"ccg-rules: error: {given}: no documents (*.yaml, *.yml) in the folder", file=sys.stderr
                )
                failed = True
            names.extend(found)
        else:
            names.append(given)
    for name in names:
        try:
            if name == "-":  # the bytes as read, so that locations and digests are exact
                report = check_text(
                    sys.stdin.buffer.read(),
                    filename=args.stdin_filename or "<stdin>",
                    ruleset=ruleset,
                    as_of=day,
                    engine=engine,
                    select=select,
                    ignore=ignore,
                    waivers=waivers or None,
                )
            else:
                report = check(
                    name,
                    ruleset=ruleset,
                    as_of=day,
                    engine=engine,
                    select=select,
                    ignore=ignore,
                    waivers=waivers,
                )
            settle_gc()
            if streaming:
                invalid = invalid or not report.valid
                over = over or bool(report.at_or_above(threshold))
                if tally is not None:
                    tally.add(report)
                elif sarif is not None:
                    sarif.add(report)
                else:
                    stream.write(_render_one(fmt, report, args))
            else:
                reports.append(report)
        except (DocumentError, WaiverFileError) as exc:
            for line in str(exc).split("\n"):
                print(shown(f"ccg-rules: error: {line}"), file=sys.stderr)
            failed = True
        except UnknownRuleError as exc:
            given = args.select if exc.option == "select" else args.ignore
            where = (
                f"ccg-rules check: error: argument --{exc.option}"
                if given
                else (f"ccg-rules: error: {config.file}: {exc.option}")
            )
            print(shown(f"{where}: {exc}"), file=sys.stderr)
            return exit_code(exc)
        except SelectionError as exc:
            print(shown(f"{name}: error: {exc}"), file=sys.stderr)
            failed = True
    if streaming:
        if tally is not None:
            stream.write(tally.text())
        elif sarif is not None:
            sarif.write(stream)
        stream.close()
        if stream.error is not None:
            message = stream.error.strerror or stream.error
            print(shown(f"ccg-rules: error: cannot write {args.output}: {message}"), file=sys.stderr)
            return EXIT_INVALID
        return _code(args, failed or invalid, over)
    code = _exit_code(args, reports, failed)
    try:
        # The file is closed by the with statement.
        sink = (
            open(args.output, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
            if args.output
            else nullcontext(sys.stdout)
        )
    except OSError as exc:
        print(shown(f"ccg-rules: error: cannot write {args.output}: {exc.strerror or exc}"), file=sys.stderr)
        return exit_code(exc)
    base = (os.path.dirname(args.output) or ".") if args.output else None  # where links start (html)
    try:
        with sink as out:
            out.write(render(fmt, reports, base=base, fail_on=args.fail_on, environ=os.environ))
            out.flush()
    except BrokenPipeError:
        # The reader went away (e.g. piped into head); the verdict still stands.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


def _threshold(args: argparse.Namespace) -> Severity:
    from ccg_rules.findings import Severity

    return Severity(args.fail_on)


def _code(args: argparse.Namespace, invalid: bool, over: bool) -> int:
    if invalid:
        return EXIT_INVALID
    if not args.exit_zero and over:
        return EXIT_FINDINGS
    return EXIT_OK


def _exit_code(args: argparse.Namespace, reports: Sequence[Report], failed: bool) -> int:
    threshold = _threshold(args)
    invalid = failed or any(not r.valid for r in reports)
    return _code(args, invalid, any(bool(r.at_or_above(threshold)) for r in reports))


def _render_one(fmt: str, report: Report, args: argparse.Namespace) -> str:
    """One document's block of text, GitHub or JSON Lines output (each format is such blocks)."""
    if fmt == "json-lines":
        from ccg_rules.render.json_lines import render_line

        return render_line(report)
    if fmt == "github":
        from ccg_rules.render.github import render_github

        return render_github([report])
    from ccg_rules.render.text import render_text

    colour = _use_colour(args.color, None if args.output else sys.stdout)
    return render_text([report], colour=colour, summaries=not args.quiet)
