"""Command-line conventions users of ruff, yamllint and check-jsonschema expect.

Standard input, folders, colour, ``--quiet`` and ``--statistics``, ``explain ID@VERSION``,
"did you mean" for a misspelt option, per-run errors said once, exit codes in every
``--help``, and ``--show-settings``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

COMPLIANT = "examples/ccg-compliant.yaml"
NONCOMPLIANT = "examples/ccg-noncompliant.yaml"

Cli = Callable[..., tuple[int, str, str]]


def usage_then_error(err: str, prog: str) -> str:
    """The error line of a usage error: the usage comes first, one error line last."""
    lines = err.splitlines()
    assert lines[0].startswith(f"usage: {prog} "), err
    assert [line for line in lines if ": error: " in line] == [lines[-1]], err
    return lines[-1]


# --------------------------------------------------------------------------- argument errors


def test_a_bad_ruleset_is_said_once_not_once_per_file(run_cli: Cli) -> None:
    code, out, err = run_cli("check", "--ruleset", "nope", COMPLIANT, NONCOMPLIANT, COMPLIANT)
    assert (code, out) == (2, "")
    assert err.count("unknown ruleset 'nope'") == 1
    assert err.count("\n") == 1
    code, out, err = run_cli("check", "--as-of", "2001-01-01", COMPLIANT, NONCOMPLIANT)
    assert (code, out) == (2, "")
    assert err.count("is in force on 2001-01-01") == 1
    assert err.count("\n") == 1


def test_a_bad_ruleset_in_the_configuration_names_the_file(run_cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "strict.yaml"
    config.write_text("ruleset: ccg-authorisation@1999\n", encoding="utf-8")
    code, out, err = run_cli("check", "--config", str(config), COMPLIANT, NONCOMPLIANT)
    assert (code, out) == (2, "")
    assert err.startswith(f"ccg-rules: error: {config}: ruleset: ccg-authorisation has no version '1999'")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "prog", "message"),
    [
        (
            ("check", "--fromat", "json", COMPLIANT),
            "ccg-rules check",
            "unrecognized arguments: --fromat (did you mean --format?)",
        ),
        (
            ("check", "--exit-zeor", COMPLIANT),
            "ccg-rules check",
            "unrecognized arguments: --exit-zeor (did you mean --exit-zero?)",
        ),
        (
            ("check", "--fail_on=warning", COMPLIANT),
            "ccg-rules check",
            "unrecognized arguments: --fail_on=warning (did you mean --fail-on?)",
        ),
        (
            ("assess", "--raport", "x.html", "examples/wave"),
            "ccg-rules assess",
            "unrecognized arguments: --raport (did you mean --report?)",
        ),
        (
            ("explain", "REG-11-01", "--rulset=x"),
            "ccg-rules explain",
            "unrecognized arguments: --rulset=x (did you mean --ruleset?)",
        ),
        (
            ("rulesets", "diff", "2012", "2013", "--zzz"),
            "ccg-rules rulesets diff",
            "unrecognized arguments: --zzz",
        ),
    ],
)
def test_a_misspelt_option_gets_did_you_mean_from_its_own_command(
    run_cli: Cli, args: tuple[str, ...], prog: str, message: str
) -> None:
    code, out, err = run_cli(*args)
    assert (code, out) == (2, "")
    assert usage_then_error(err, prog) == f"{prog}: error: {message}"


@pytest.mark.parametrize(
    "command",
    [(), ("check",), ("assess",), ("rulesets",), ("rulesets", "list"), ("rulesets", "diff"), ("explain",)],
)
def test_every_help_lists_the_exit_codes(run_cli: Cli, command: tuple[str, ...]) -> None:
    from ccg_rules.cli import EXIT_CODES_HELP

    code, out, err = run_cli(*command, "--help")
    assert (code, err) == (0, "")
    assert " ".join(EXIT_CODES_HELP.split()) in " ".join(out.split())
    for n in "0123":
        assert f" {n} " in EXIT_CODES_HELP
