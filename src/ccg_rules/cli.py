"""The ``ccg-rules`` command: argument parsing, output and exit codes only.

Exit codes (the one place they are defined):

* ``0`` no finding at or above the ``--fail-on`` severity (default ``error``);
* ``1`` at least one such finding;
* ``2`` a document could not be read or does not fit the document format, bad
  arguments, an unknown or broken ruleset, or no ruleset version in force on the date;
* ``3`` an unexpected internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ccg_rules.report import Report

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2
EXIT_INTERNAL = 3


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INVALID)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    from ccg_rules import __version__

    parser = _ArgumentParser(
        prog="ccg-rules",
        description="Check NHS CCG constitutions (YAML) against versioned rulesets.",
        epilog="Exit codes: 0 no findings at or above --fail-on; 1 such findings; "
        "2 invalid input, arguments or ruleset; 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser("check", help="check CCG documents", description="Check CCG documents.")
    check.add_argument("files", nargs="+", metavar="FILE", help="YAML documents to check")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    check.add_argument(
        "--ruleset",
        metavar="ID[@VERSION]",
        help="ruleset, optionally pinned to a version, or a ruleset file "
        "(default: the version of ccg-authorisation in force on the document's date)",
    )
    check.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="judge the documents as of this date instead of their own as_of",
    )
    check.add_argument(
        "--engine",
        choices=("python", "durable"),
        default="python",
        help="evaluation engine (default: python)",
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    check.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are findings (invalid input still exits 2)",
    )
    check.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")

    rulesets = sub.add_parser(
        "rulesets",
        help="list ruleset versions or compare two",
        description="List the bundled ruleset versions, or compare two.",
    )
    rsub = rulesets.add_subparsers(dest="action", metavar="ACTION", required=True)
    rsub.add_parser("list", help="list every version with its period in force")
    diff = rsub.add_parser("diff", help="rules added, removed and changed between two versions")
    diff.add_argument("old", metavar="A", help="ID@VERSION, or a VERSION of ccg-authorisation")
    diff.add_argument("new", metavar="B", help="ID@VERSION, or a VERSION of ccg-authorisation")

    explain = sub.add_parser(
        "explain",
        help="explain a rule: citation, rationale, history, examples",
        description="Explain a rule.",
    )
    explain.add_argument("rule", metavar="RULE-ID")
    explain.add_argument(
        "--ruleset", default="ccg-authorisation", metavar="ID", help="ruleset id (default: ccg-authorisation)"
    )
    return parser


def _check(args: argparse.Namespace) -> int:
    from ccg_rules import __version__
    from ccg_rules.checking import check
    from ccg_rules.errors import DocumentError, SelectionError
    from ccg_rules.render.text import render_text
    from ccg_rules.report import Results, Tool

    reports: list[Report] = []
    failed = False
    for name in args.files:
        try:
            reports.append(check(name, ruleset=args.ruleset, as_of=args.as_of, engine=args.engine))
        except DocumentError as exc:
            print(f"ccg-rules: error: {exc}", file=sys.stderr)
            failed = True
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
    try:
        with sink as out:
            if args.format == "json":
                results = Results(tool=Tool(version=__version__), reports=tuple(reports))
                out.write(results.model_dump_json(indent=2) + "\n")
            else:
                out.write(render_text(reports))
            out.flush()
    except BrokenPipeError:
        # The reader went away (e.g. piped into head); the verdict still stands.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


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
    from ccg_rules.rules.history import rule_story

    try:
        story = rule_story(args.rule, args.ruleset)
    except KeyError:
        print(f"ccg-rules: error: no rule {args.rule!r} in any version of {args.ruleset}", file=sys.stderr)
        return EXIT_INVALID
    sys.stdout.write(render_story(story))
    return EXIT_OK


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
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_INVALID
    from ccg_rules.errors import CcgRulesError

    command = {"check": _check, "rulesets": _rulesets, "explain": _explain}[args.command]
    try:
        return int(command(args))
    except CcgRulesError as exc:
        print(f"ccg-rules: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug: say so plainly, with the details only on request
        if os.environ.get("CCG_RULES_DEBUG"):
            traceback.print_exc()
        print(
            "ccg-rules: internal error: this is a bug in ccg-rules; "
            "run again with CCG_RULES_DEBUG=1 to see the details, and please report it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
