"""The argument parser of every command, and the exit codes its help states."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ccg_rules._safe import shown

if TYPE_CHECKING:
    pass

from ccg_rules.cli._exits import EXIT_INVALID

EXIT_CODES_HELP = (
    "Exit codes: 0 no findings at or above --fail-on; 1 such findings; 2 invalid input, arguments, "
    "configuration, waivers or ruleset, or an unknown rule; 3 internal error (a bug: please report it). "
    "explain, rulesets list and rulesets diff exit 0 or 2, never 1; rulesets test exits 1 when a "
    "rule's case fails or a rule lacks a case that fires or one that passes."
)
"""The exit codes, as every command's ``--help`` states them (one text for all)."""


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(shown(f"{self.prog}: error: {message}"), file=sys.stderr)
        raise SystemExit(EXIT_INVALID)

    def unrecognised(self, extras: Sequence[str]) -> None:
        """Stop on arguments this (sub)command does not take, suggesting the closest option."""
        from ccg_rules.located import closest

        options = [o for a in self._actions for o in a.option_strings if o.startswith("--")]
        hints = []
        for extra in extras:
            name = extra.partition("=")[0]
            if name.startswith("-"):
                close = closest(name, options)
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
        f"(default: the ruleset for the document's format, in the version in force on {whose_date})",
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
    from ccg_rules._version import __version__
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
        help="list ruleset versions, compare two, run rule fixtures, or export one as OSCAL",
        description="List the bundled ruleset versions, compare two, run the rules' fixtures, "
        "or export a version as OSCAL.",
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
    test = rsub.add_parser(
        "test",
        help="run rule fixtures: each rule's cases, with their exact expected findings",
        description="Run the fixture cases of a ruleset's rules and compare each rule's findings with "
        "the exact (pointer, line) pairs expected. A DIR is a ruleset folder with a tests/ subfolder, "
        "a folder of fixture files, or a folder of ruleset folders; a FILE is one fixture file. "
        "Without DIR or FILE, the bundled rulesets' fixtures run. Each case runs on the python "
        "engine and, when durable-rules imports, on the durable engine too (the summary says when "
        "it is skipped). See the guide 'Testing rules'.",
        epilog=EXIT_CODES_HELP,
    )
    test.set_defaults(subparser=test)
    test.add_argument(
        "paths", nargs="*", metavar="DIR|FILE", help="ruleset folders, folders of fixtures, fixture files"
    )
    test.add_argument(
        "--engine",
        choices=("python", "durable"),
        action="append",
        help="run on this engine only (repeatable; default: python, and durable when it imports)",
    )
    export = rsub.add_parser(
        "export",
        help="write a version as an OSCAL catalog or profile",
        description="Write a ruleset version as an OSCAL catalog (groups are the domains, controls "
        "the rules) or as an OSCAL profile selecting its rules. The date written is today's, or "
        "SOURCE_DATE_EPOCH's when that is set.",
        epilog=EXIT_CODES_HELP,
    )
    export.set_defaults(subparser=export)
    export.add_argument("ref", metavar="ID@VERSION", help="ID@VERSION, or a VERSION of ccg-authorisation")
    export.add_argument(
        "--format", required=True, choices=("oscal-catalog", "oscal-profile"), help="what to write"
    )
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")

    assess = sub.add_parser(
        "assess",
        help="assess a wave of CCG documents: a summary, an HTML report, CSV and a Markdown board paper",
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
    assess.add_argument(
        "--markdown",
        metavar="FILE",
        help="write the board paper (each CCG's outcome, conditions and directions, in words) "
        "as Markdown to FILE",
    )
    assess.add_argument(
        "--per-ccg",
        metavar="DIR",
        help="write one printable HTML page per CCG to DIR (named from each document's file name) "
        "and an index.html",
    )
    assess.add_argument(
        "--oscal",
        metavar="DIR",
        help="write each document's OSCAL assessment results and POA&M to DIR "
        "(<stem>.assessment-results.json, <stem>.poam.json)",
    )
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
