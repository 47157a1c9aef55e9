"""The ``ccg-rules`` command: argument parsing, output and exit codes only.

Exit codes (the one place they are defined):

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

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING, TextIO, cast

if TYPE_CHECKING:
    from ccg_rules.checking import WaiverSource
    from ccg_rules.config import Config, Setting
    from ccg_rules.report import Report
    from ccg_rules.waivers import WaiverFileError
    from ccg_rules.wave import Wave

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2
EXIT_INTERNAL = 3


EXIT_CODES_HELP = (
    "Exit codes: 0 no findings at or above --fail-on; 1 such findings; 2 invalid input, arguments, "
    "configuration, waivers or ruleset, or an unknown rule; 3 internal error (a bug: please report it). "
    "explain and rulesets exit 0 or 2, never 1."
)
"""The exit codes, as every command's ``--help`` states them (one text for all)."""


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INVALID)

    def unrecognised(self, extras: Sequence[str]) -> None:
        """Stop on arguments this (sub)command does not take, suggesting the closest option."""
        import difflib

        options = [o for a in self._actions for o in a.option_strings if o.startswith("--")]
        hints = []
        for extra in extras:
            name = extra.partition("=")[0]
            if name.startswith("-"):
                close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
                if close:
                    hints.append(f"did you mean {close[0]}?")
        hint = f" ({'; '.join(hints)})" if hints else ""
        self.error(f"unrecognized arguments: {' '.join(extras)}{hint}")


def _date(text: str) -> dt.date | str:
    if text in ("document", "today"):
        return text
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (0 or more)")
    return n


def _add_ruleset_options(parser: argparse.ArgumentParser, whose_date: str) -> None:
    """``--ruleset`` and ``--as-of``, the same for every command that checks documents."""
    parser.add_argument(
        "--ruleset",
        metavar="ID[@VERSION]",
        help="ruleset, optionally pinned to a version, or a ruleset file "
        f"(default: the version of ccg-authorisation in force on {whose_date})",
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="judge the documents as of this date (YYYY-MM-DD), 'today', or 'document' "
        "for each document's own as_of (the default)",
    )


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    """``--engine``, ``--select`` and ``--ignore``, the same for ``check`` and ``assess``."""
    parser.add_argument("--engine", choices=("python", "durable"), help="evaluation engine (default: python)")
    parser.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="run only these rules: rule ids, id prefixes (SCH5-) or domain ids, comma-separated or repeated",
    )
    parser.add_argument(
        "--ignore", action="append", metavar="RULES", help="leave out these rules (same forms as --select)"
    )


def _parser() -> _ArgumentParser:
    from ccg_rules import __version__
    from ccg_rules.render import FORMATS

    parser = _ArgumentParser(
        prog="ccg-rules",
        description="Check NHS CCG constitutions (YAML) against versioned rulesets.",
        epilog=EXIT_CODES_HELP,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser(
        "check",
        help="check CCG documents",
        description="Check CCG documents. Options not given here come from the configuration "
        "file (.ccg-rules.yaml or [tool.ccg-rules] in pyproject.toml), else from the defaults.",
        epilog=EXIT_CODES_HELP,
    )
    check.set_defaults(subparser=check)
    check.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="YAML documents to check; a folder stands for its *.yaml and *.yml files and those of "
        "its subfolders (not waiver files, hidden files or folders); - reads standard input",
    )
    check.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out files and folders found in a folder whose path (relative to that folder) "
        "or name matches GLOB; repeatable",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name to show in locations for the document read from standard input "
        "(default: <stdin>); no waiver file is looked for beside it (use --waivers)",
    )
    check.add_argument("--format", choices=FORMATS, help="output format (default: text)")
    check.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument(
        "-q", "--quiet", action="store_true", help="text format: print the findings only, no summary lines"
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="instead of the findings, print how many there are of each rule: count, rule id, "
        "severity and title, the most frequent first",
    )
    check.add_argument(
        "--color",
        "--colour",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text format: auto (the default) colours standard output when it is a "
        "terminal, unless NO_COLOR is set; FORCE_COLOR colours it even when piped",
    )
    _add_ruleset_options(check, "the document's date")
    _add_rule_options(check)
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    check.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are findings (invalid input still exits 2)",
    )
    waivers = check.add_mutually_exclusive_group()
    waivers.add_argument(
        "--waivers",
        metavar="FILE",
        help="waiver file for every document (default: each document's own <stem>.waivers.yaml, if any)",
    )
    waivers.add_argument("--no-waivers", action="store_true", help="apply no waivers")
    config = check.add_mutually_exclusive_group()
    config.add_argument(
        "--config", metavar="FILE", help="read settings from FILE (YAML, or a pyproject.toml)"
    )
    config.add_argument("--no-config", action="store_true", help="ignore configuration files")
    check.add_argument(
        "--show-settings",
        action="store_true",
        help="print every setting as resolved, with where it came from (command line, configuration "
        "file and line, or default), and exit 0 without checking anything",
    )

    rulesets = sub.add_parser(
        "rulesets",
        help="list ruleset versions or compare two",
        description="List the bundled ruleset versions, or compare two.",
        epilog=EXIT_CODES_HELP,
    )
    rulesets.set_defaults(subparser=rulesets)
    rsub = rulesets.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = rsub.add_parser(
        "list", help="list every version with its period in force", epilog=EXIT_CODES_HELP
    )
    listing.set_defaults(subparser=listing)
    diff = rsub.add_parser(
        "diff", help="rules added, removed and changed between two versions", epilog=EXIT_CODES_HELP
    )
    diff.set_defaults(subparser=diff)
    diff.add_argument("old", metavar="A", help="ID@VERSION, or a VERSION of ccg-authorisation")
    diff.add_argument("new", metavar="B", help="ID@VERSION, or a VERSION of ccg-authorisation")

    assess = sub.add_parser(
        "assess",
        help="assess a wave of CCG documents: a summary, an HTML report, CSV and Markdown tables",
        description="Assess every CCG document given and print one line per CCG (outcome, "
        "conditions, configuration risk, file). A directory stands for its own *.yaml and *.yml "
        "files (not those of its subdirectories), leaving out waiver files (*.waivers.yaml) and "
        "hidden files. Each document's own waiver file applies; no configuration file is read. "
        "A progress bar is shown on standard error only when it is a terminal. A document that "
        "cannot be read or assessed exits 2, and the report, CSV and Markdown still list it, "
        "with its error; so do no documents at all.",
        epilog=EXIT_CODES_HELP,
    )
    assess.set_defaults(subparser=assess)
    assess.add_argument("paths", nargs="+", metavar="DIR|FILE", help="directories and YAML documents")
    assess.add_argument("--report", metavar="FILE", help="write the HTML report to FILE")
    assess.add_argument("--csv", metavar="FILE", help="write one CSV row per CCG to FILE")
    assess.add_argument("--markdown", metavar="FILE", help="write the same table as Markdown to FILE")
    _add_ruleset_options(assess, "each document's date")
    _add_rule_options(assess)
    assess.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="worker processes (default 1; 0 for one per CPU); worth it only for large waves",
    )
    assess.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )

    explain = sub.add_parser(
        "explain",
        help="explain a rule: citation, rationale, history, examples",
        description="Explain a rule.",
        epilog=EXIT_CODES_HELP,
    )
    explain.set_defaults(subparser=explain)
    explain.add_argument(
        "rule",
        metavar="RULE-ID[@VERSION]",
        help="the rule, as it stands in the latest version that has it, or in VERSION (REG-11-01@2012)",
    )
    explain.add_argument(
        "--ruleset",
        default="ccg-authorisation",
        metavar="ID[@VERSION]",
        help="the ruleset, optionally with the version to show the rule in (default: ccg-authorisation)",
    )
    return parser


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
    from ccg_rules.rules.catalog import DEFAULT_RULESET, _family

    if spec and _is_ruleset_file(spec):
        if not os.path.isfile(spec):
            from ccg_rules.errors import SelectionError

            raise SelectionError(f"ruleset file {spec} does not exist")
        return
    ruleset_id, _, version = (spec or DEFAULT_RULESET).partition("@")
    family = _family(ruleset_id)
    if version and version not in {v.version for v in family}:
        from ccg_rules.errors import SelectionError

        known = ", ".join(v.version for v in family)
        raise SelectionError(f"{ruleset_id} has no version {version!r}; versions: {known}")


def _in_force(spec: str | None, day: dt.date | None) -> None:
    """With one date for every document (``--as-of``), raise unless a version is in force then."""
    if day is None or (spec and (_is_ruleset_file(spec) or "@" in spec)):
        return
    from ccg_rules.rules.catalog import select_ruleset

    select_ruleset(spec, day)  # loads (and caches) the version every check will use


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

_MEANING = {  # what a default of None means, for --show-settings
    "ruleset": "ccg-authorisation, the version in force on each document's date",
    "waivers": "each document's own <stem>.waivers.yaml, if any",
    "select": "every rule",
    "ignore": "no rule",
    "output": "standard output",
    "stdin_filename": "<stdin>",
}


def _run_options(args: argparse.Namespace) -> list[tuple[str, object]]:
    """The options of ``check`` that only the command line gives."""
    names = ("exit_zero", "output", "quiet", "statistics", "color", "exclude", "stdin_filename")
    return [(n, tuple(args.exclude) if n == "exclude" else getattr(args, n)) for n in names]


def _render_settings(settings: dict[str, Setting], config: Config) -> str:
    """Every resolved setting with where it came from, as ``ruff --show-settings`` does."""

    def shown(name: str, value: object) -> str:
        if value is None:
            return f"({_MEANING.get(name, 'none')})"
        if value is False and name == "waivers":
            return "(none: --no-waivers)"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, tuple):
            return ", ".join(str(v) for v in value) or "(none)"
        return str(value)

    rows = [("SETTING", "VALUE", "FROM")]
    rows += [(s.name, shown(s.name, s.value), s.source) for s in settings.values()]
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = [f"configuration file: {config.file or '(none)'}"]
    lines += [f"{a.ljust(widths[0])}  {b.ljust(widths[1])}  {c}" for a, b, c in rows]
    return "".join(line + "\n" for line in lines)


def _use_colour(choice: str, stream: TextIO | None) -> bool:
    """Whether to colour: ``--color``, then NO_COLOR, then FORCE_COLOR, then a terminal.

    ``stream`` is ``None`` for an ``--output`` file, which only ``--color always`` colours.
    NO_COLOR (https://no-color.org) and FORCE_COLOR (https://force-color.org) count when
    set to anything but the empty string; NO_COLOR wins over FORCE_COLOR, as in CPython.
    """
    if choice != "auto":
        return choice == "always"
    if stream is None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


def _waiver_file_error() -> type[WaiverFileError]:
    # Evaluated only when an exception reaches the except clause that names it, so a
    # run without waiver files never imports ccg_rules.waivers.
    from ccg_rules.waivers import WaiverFileError

    return WaiverFileError


def _check(args: argparse.Namespace) -> int:
    from ccg_rules.checking import SelectorError, check
    from ccg_rules.config import resolve
    from ccg_rules.errors import DocumentError, SelectionError
    from ccg_rules.render import render

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
        **{name: value if value != _CHECK_DEFAULTS.get(name) else None for name, value in _run_options(args)},
    }
    settings = resolve(flags, config, _CHECK_DEFAULTS)
    if args.show_settings:
        sys.stdout.write(_render_settings(settings, config))
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
    engine = str(settings["engine"].value)

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
            print(f"{_where(option, args, config)}: {exc}", file=sys.stderr)
            return EXIT_INVALID

    if args.files.count("-") > 1:
        args.subparser.error("argument FILE: - (standard input) can be given only once")
    if args.stdin_filename is not None and "-" not in args.files:
        args.subparser.error("argument --stdin-filename: needs - (standard input) among the files")

    reports: list[Report] = []
    failed = False
    names: list[str] = []
    for given in args.files:
        if given != "-" and os.path.isdir(given):
            from ccg_rules.discovery import find_documents

            try:
                found = find_documents(given, args.exclude)
            except DocumentError as exc:
                print(f"ccg-rules: error: {exc}", file=sys.stderr)
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
        source: str | bytes = name
        file = None
        if name == "-":  # the bytes as read, so that locations and digests are exact
            source, file = sys.stdin.buffer.read(), args.stdin_filename or "<stdin>"
        try:
            reports.append(
                check(
                    source,
                    file=file,
                    ruleset=ruleset,
                    as_of=day,
                    engine=engine,
                    select=select,
                    ignore=ignore,
                    waivers=waivers,
                )
            )
        except (DocumentError, _waiver_file_error()) as exc:
            for line in str(exc).splitlines():
                print(f"ccg-rules: error: {line}", file=sys.stderr)
            failed = True
        except SelectorError as exc:
            given = args.select if exc.option == "select" else args.ignore
            where = (
                f"ccg-rules check: error: argument --{exc.option}"
                if given
                else (f"ccg-rules: error: {config.file}: {exc.option}")
            )
            print(f"{where}: {exc}", file=sys.stderr)
            return EXIT_INVALID
        except SelectionError as exc:
            print(f"{name}: error: {exc}", file=sys.stderr)
            failed = True
    code = _exit_code(args, reports, failed)
    try:
        # The file is closed by the with statement.
        sink = (
            open(args.output, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
            if args.output
            else nullcontext(sys.stdout)
        )
    except OSError as exc:
        print(f"ccg-rules: error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    base = (os.path.dirname(args.output) or ".") if args.output else None  # where links start (html)
    try:
        with sink as out:
            if args.statistics:
                from ccg_rules.render.text import render_statistics

                out.write(render_statistics(reports))
            elif fmt == "text":
                from ccg_rules.render.text import render_text

                colour = _use_colour(args.color, None if args.output else sys.stdout)
                out.write(render_text(reports, colour=colour, summaries=not args.quiet))
            else:
                out.write(render(fmt, reports, base=base))
            out.flush()
    except BrokenPipeError:
        # The reader went away (e.g. piped into head); the verdict still stands.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\r\033[K")  # leave the line clean for the summary
    sys.stderr.flush()


def _assess(args: argparse.Namespace) -> int:
    from ccg_rules.checking import SelectorError
    from ccg_rules.findings import Severity
    from ccg_rules.wave import assess_wave, wave_summary

    day = args.as_of if isinstance(args.as_of, dt.date) else None
    if args.as_of == "today":
        day = dt.date.today()
    progress = _progress if sys.stderr.isatty() else None
    try:
        wave = assess_wave(
            args.paths,
            ruleset=args.ruleset,
            as_of=day,
            jobs=args.jobs,
            progress=progress,
            engine=args.engine or "python",
            select=args.select,
            ignore=args.ignore,
        )
    except SelectorError as exc:
        print(f"ccg-rules assess: error: argument --{exc.option}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if not wave.rows:
        where = ", ".join(args.paths)
        print(f"ccg-rules: error: no CCG documents (*.yaml, *.yml) in {where}", file=sys.stderr)
        return EXIT_INVALID
    written: list[str] = []
    for target, kind in ((args.report, "html"), (args.csv, "csv"), (args.markdown, "markdown")):
        if not target:
            continue
        try:
            with open(target, "w", encoding="utf-8", newline="\n") as out:
                out.write(_wave_text(kind, wave, os.path.dirname(target) or "."))
        except OSError as exc:
            print(f"ccg-rules: error: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_INVALID
        written.append(target)
    for row in wave.rows:
        if row.error is not None:
            print(f"ccg-rules: error: {row.file}: {row.error}", file=sys.stderr)
    try:
        sys.stdout.write(wave_summary(wave) + "".join(f"wrote {t}\n" for t in written))
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if any(row.error is not None for row in wave.rows):
        return EXIT_INVALID
    threshold = Severity(args.fail_on)
    return EXIT_FINDINGS if any(r.at_or_above(threshold) for r in wave.reports) else EXIT_OK


def _wave_text(kind: str, wave: Wave, folder: str) -> str:
    """The HTML report (links relative to ``folder``), CSV or Markdown table of a wave."""
    from ccg_rules.wave import wave_csv, wave_markdown

    if kind == "html":
        from ccg_rules.render.html import render_wave  # only when asked: it is the largest renderer

        return render_wave(wave, base=folder)
    return wave_csv(wave) if kind == "csv" else wave_markdown(wave)


def _rulesets(args: argparse.Namespace) -> int:
    from ccg_rules.api import load_ruleset
    from ccg_rules.render.rules import render_diff, render_versions
    from ccg_rules.rules.catalog import DEFAULT_RULESET, available_rulesets
    from ccg_rules.rules.history import diff_rulesets

    if args.action == "list":
        sys.stdout.write(render_versions([(v, load_ruleset(v.ref)) for v in available_rulesets()]))
        return EXIT_OK

    def spec(text: str) -> str:
        return text if "@" in text else f"{DEFAULT_RULESET}@{text}"

    sys.stdout.write(render_diff(diff_rulesets(load_ruleset(spec(args.old)), load_ruleset(spec(args.new)))))
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from ccg_rules.render.rules import render_story
    from ccg_rules.rules.catalog import _family
    from ccg_rules.rules.history import rule_story

    rule, _, rule_version = args.rule.partition("@")
    ruleset, _, ruleset_version = args.ruleset.partition("@")
    if rule_version and ruleset_version and rule_version != ruleset_version:
        args.subparser.error(
            f"argument RULE-ID: {args.rule} asks for version {rule_version}, "
            f"--ruleset {args.ruleset} for {ruleset_version}"
        )
    version = rule_version or ruleset_version or None
    family = _family(ruleset)  # an unknown ruleset is an error (exit 2)
    versions = [v.version for v in family]
    if version is not None and version not in versions:
        print(
            f"ccg-rules: error: {ruleset} has no version {version!r}; versions: {', '.join(versions)}",
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        story = rule_story(rule, ruleset, version)
    except KeyError:
        print(f"ccg-rules: error: {_no_such_rule(rule, ruleset, version)}", file=sys.stderr)
        return EXIT_INVALID
    sys.stdout.write(render_story(story))
    return EXIT_OK


def _no_such_rule(rule: str, ruleset: str, version: str | None) -> str:
    """Why ``rule`` cannot be explained, with the closest rule ids (difflib) when some are close."""
    import difflib

    from ccg_rules.rules.catalog import _family, _load

    known: dict[str, list[str]] = {}  # rule id -> versions that have it
    for v in _family(ruleset):
        for r in _load(v).rules:
            known.setdefault(r.id, []).append(v.version)
    if version is not None and rule in known:
        return f"no rule {rule!r} in {ruleset}@{version}; it is in versions {', '.join(known[rule])}"
    folded = {r.casefold(): r for r in known}
    close = [folded[c] for c in difflib.get_close_matches(rule.casefold(), list(folded), n=3, cutoff=0.8)]
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"no rule {rule!r} in any version of {ruleset}{hint}"


def _exit_code(args: argparse.Namespace, reports: Sequence[Report], failed: bool) -> int:
    from ccg_rules.findings import Severity

    if failed or any(not r.valid for r in reports):
        return EXIT_INVALID
    threshold = Severity(args.fail_on)
    if not args.exit_zero and any(r.at_or_above(threshold) for r in reports):
        return EXIT_FINDINGS
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code (it never raises)."""
    try:
        parser = _parser()
        args, extras = parser.parse_known_args(argv)
        if extras:  # named by the (sub)command that was given, with a suggestion
            getattr(args, "subparser", parser).unrecognised(extras)
    except SystemExit as exc:  # --help, --version, or a usage error
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_INVALID
    from ccg_rules.errors import CcgRulesError

    command = {"check": _check, "assess": _assess, "rulesets": _rulesets, "explain": _explain}[args.command]
    try:
        return int(command(args))
    except CcgRulesError as exc:
        for line in str(exc).splitlines() or [""]:
            print(f"ccg-rules: error: {line}", file=sys.stderr)
        return EXIT_INVALID
    except SystemExit as exc:  # a usage error found by the command itself
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug: say so plainly, with the details only on request
        if os.environ.get("CCG_RULES_DEBUG"):
            import traceback

            traceback.print_exc()
        print(
            "ccg-rules: internal error: this is a bug in ccg-rules; "
            "run again with CCG_RULES_DEBUG=1 to see the details, and please report it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
