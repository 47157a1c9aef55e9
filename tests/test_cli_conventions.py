"""Command-line conventions users of ruff, yamllint and check-jsonschema expect.

Standard input, folders, colour, ``--quiet`` and ``--statistics``, ``explain ID@VERSION``,
"did you mean" for a misspelt option, per-run errors said once, exit codes in every
``--help``, and ``--show-settings``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from textscope import is_scope_line

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


# --------------------------------------------------------------------------- standard input


def stdin_of(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_check_dash_reads_standard_input_as_bytes(
    run_cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (repo / NONCOMPLIANT).read_bytes()
    expected = run_cli("check", NONCOMPLIANT)
    stdin_of(monkeypatch, data)
    code, out, err = run_cli("check", "-", "--stdin-filename", NONCOMPLIANT)
    assert (code, out, err) == expected
    stdin_of(monkeypatch, data)
    code, out, _ = run_cli("check", "-")
    assert code == 1
    assert out == expected[1].replace(f"{NONCOMPLIANT}:", "<stdin>:")


@pytest.mark.parametrize("fmt", ["json", "json-lines", "sarif", "junit", "github", "markdown"])
def test_stdin_filename_is_used_in_every_format(
    run_cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    stdin_of(monkeypatch, (repo / NONCOMPLIANT).read_bytes())
    code, out, _ = run_cli("check", "--format", fmt, "-", "--stdin-filename", "governance/ccg-x.yaml")
    assert code == 1
    assert "governance/ccg-x.yaml" in out
    assert "<stdin>" not in out


def test_stdin_gets_no_waiver_file_unless_one_is_named(
    run_cli: Cli, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A waiver file beside the name given would be used for a file; for standard input it is not.
    doc = tmp_path / "ccg.yaml"
    doc.write_bytes((repo / NONCOMPLIANT).read_bytes())
    waivers = tmp_path / "ccg.waivers.yaml"
    waivers.write_text("format: ccg-waivers/1\nwaivers: []\n", encoding="utf-8")
    stdin_of(monkeypatch, doc.read_bytes())
    _, out, _ = run_cli("check", "--format", "json", "-", "--stdin-filename", str(doc))
    import json

    assert json.loads(out)["reports"][0]["waivers"] is None
    stdin_of(monkeypatch, doc.read_bytes())
    _, out, _ = run_cli("check", "--format", "json", "--waivers", str(waivers), "-")
    assert json.loads(out)["reports"][0]["waivers"]["file"] == str(waivers)


def test_stdin_in_a_subprocess_is_read_as_bytes(repo: Path) -> None:
    import subprocess
    import sys

    data = (repo / NONCOMPLIANT).read_bytes().replace(b"\n", b"\r\n")  # CRLF kept as given
    proc = subprocess.run(
        [sys.executable, "-m", "ccg_rules", "check", "-", "--stdin-filename", "x.yaml"],
        input=data,
        capture_output=True,
        cwd=repo,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.decode().splitlines()[-2].startswith("x.yaml: 9 errors, 2 warnings")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-", "-"), "argument FILE: - (standard input) can be given only once"),
        (("--stdin-filename", "x.yaml", COMPLIANT), "argument --stdin-filename: needs - (standard input)"),
    ],
)
def test_stdin_argument_errors(run_cli: Cli, args: tuple[str, ...], message: str) -> None:
    code, out, err = run_cli("check", *args)
    assert (code, out) == (2, "")
    assert usage_then_error(err, "ccg-rules check").startswith(f"ccg-rules check: error: {message}")


# --------------------------------------------------------------------------- folders


@pytest.fixture
def tree(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of documents with every kind of file a walk must leave out; the current directory."""
    good = (repo / COMPLIANT).read_bytes()
    for name in ("b.yaml", "a.yml", "sub/c.yaml", "sub/deeper/d.yaml", "drafts/e.yaml", "sub/drafts/f.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(good)
    for skipped in (".hidden.yaml", ".git/x.yaml", ".ccg-rules.yaml", "notes.txt", "b.waivers.yml"):
        (tmp_path / skipped).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / skipped).write_text("not: a document\n", encoding="utf-8")
    (tmp_path / "b.waivers.yml").unlink()  # a waiver file of b.yaml would apply to it
    (tmp_path / ".ccg-rules.yaml").write_text("fail_on: error\n", encoding="utf-8")
    (tmp_path / ".git" / "HEAD").write_text("", encoding="utf-8")  # the top of a repository
    (tmp_path / "x.waivers.yaml").write_text("format: ccg-waivers/1\nwaivers: []\n", encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to("..", target_is_directory=True)  # a loop, not followed
    (tmp_path / "sub" / "link.yaml").symlink_to("../b.yaml")  # a link to a file is
    (tmp_path / "sub" / "broken.yaml").symlink_to("nowhere.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def checked(out: str) -> list[str]:
    return [line.split(": ")[0] for line in out.splitlines() if not is_scope_line(line)]


def test_a_folder_is_walked_in_a_fixed_order(
    run_cli: Cli, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    code, out, err = run_cli("check", ".")
    assert (code, err) == (0, "")
    assert checked(out) == [
        "a.yml",
        "b.yaml",
        "drafts/e.yaml",
        "sub/c.yaml",
        "sub/link.yaml",
        "sub/deeper/d.yaml",
        "sub/drafts/f.yaml",
    ]
    monkeypatch.chdir(tree.parent)
    _, out, _ = run_cli("check", f"{tree.name}/sub")
    assert checked(out) == [
        f"{tree.name}/sub/{n}" for n in ("c.yaml", "link.yaml", "deeper/d.yaml", "drafts/f.yaml")
    ]


@pytest.mark.parametrize(
    ("globs", "left"),
    [
        (("drafts",), ["a.yml", "b.yaml", "sub/c.yaml", "sub/link.yaml", "sub/deeper/d.yaml"]),
        (("drafts/",), ["a.yml", "b.yaml", "sub/c.yaml", "sub/link.yaml", "sub/deeper/d.yaml"]),
        (
            ("sub/drafts",),
            ["a.yml", "b.yaml", "drafts/e.yaml", "sub/c.yaml", "sub/link.yaml", "sub/deeper/d.yaml"],
        ),
        (("*.yml", "sub/*"), ["b.yaml", "drafts/e.yaml"]),
        (("?.yaml",), ["a.yml", "sub/link.yaml"]),
        (
            ("SUB",),
            [
                "a.yml",
                "b.yaml",
                "drafts/e.yaml",
                "sub/c.yaml",
                "sub/link.yaml",
                "sub/deeper/d.yaml",
                "sub/drafts/f.yaml",
            ],
        ),
    ],
)
@pytest.mark.slow
def test_exclude_matches_the_relative_path_or_the_name(
    run_cli: Cli, tree: Path, globs: tuple[str, ...], left: list[str]
) -> None:
    args = [a for g in globs for a in ("--exclude", g)]
    code, out, err = run_cli("check", *args, ".")
    assert (code, err) == (0, "")
    assert checked(out) == left


def test_exclude_does_not_touch_a_file_named_on_the_command_line(run_cli: Cli, tree: Path) -> None:
    _, out, _ = run_cli("check", "--exclude", "*.yaml", "b.yaml")
    assert checked(out) == ["b.yaml"]


def test_a_folder_with_no_documents_is_an_error_and_the_others_still_run(run_cli: Cli, tree: Path) -> None:
    (tree / "empty").mkdir()
    code, out, err = run_cli("check", "empty", "sub/deeper")
    assert code == 2
    assert err == "ccg-rules: error: empty: no documents (*.yaml, *.yml) in the folder\n"
    assert checked(out) == ["sub/deeper/d.yaml"]


# --------------------------------------------------------------------------- colour, --quiet, --statistics

ESC = "\033["


@pytest.fixture
def no_colour_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_output_is_not_coloured_when_piped(
    run_cli: Cli, no_colour_env: pytest.MonkeyPatch, repo: Path
) -> None:
    code, out, _ = run_cli("check", NONCOMPLIANT)
    assert code == 1
    assert ESC not in out
    assert out == (repo / "tests" / "golden" / "ccg-noncompliant.txt").read_text(encoding="utf-8")


def test_force_color_colours_severity_and_location_only(
    run_cli: Cli, no_colour_env: pytest.MonkeyPatch
) -> None:
    plain = run_cli("check", NONCOMPLIANT)[1]
    no_colour_env.setenv("FORCE_COLOR", "1")
    code, out, _ = run_cli("check", NONCOMPLIANT)
    assert code == 1
    first = out.splitlines()[1]
    assert first == (
        f"{ESC}1m{NONCOMPLIANT}:187:3:{ESC}0m {ESC}31;1merror{ESC}0m REG-11-01 "
        "The governing body has 5 members; at least 6 are required."
    )
    assert f"{ESC}33mwarning{ESC}0m CFG-06-01" in out
    import re

    assert re.sub(r"\033\[[0-9;]*m", "", out) == plain
    assert ESC not in out.splitlines()[-2]  # the summary line is not coloured
    assert ESC not in out.splitlines()[-1]  # nor the scope line


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, (), False),  # NO_COLOR wins
        ({"NO_COLOR": ""}, ("--color", "always"), True),  # empty counts as unset
        ({"FORCE_COLOR": ""}, (), False),
        ({"FORCE_COLOR": "1"}, ("--color", "never"), False),  # the flag wins
        ({"NO_COLOR": "1"}, ("--colour", "always"), True),
        ({"FORCE_COLOR": "1"}, ("--format", "json"), False),  # the text format only
    ],
)
def test_colour_settings(
    run_cli: Cli,
    no_colour_env: pytest.MonkeyPatch,
    env: dict[str, str],
    args: tuple[str, ...],
    coloured: bool,
) -> None:
    for name, value in env.items():
        no_colour_env.setenv(name, value)
    out = run_cli("check", *args, NONCOMPLIANT)[1]
    assert (ESC in out) is coloured


def test_an_output_file_is_coloured_only_when_asked(
    run_cli: Cli, no_colour_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    no_colour_env.setenv("FORCE_COLOR", "1")
    target = tmp_path / "out.txt"
    run_cli("check", "--output", str(target), NONCOMPLIANT)
    assert ESC not in target.read_text(encoding="utf-8")
    run_cli("check", "--color", "always", "--output", str(target), NONCOMPLIANT)
    assert ESC in target.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_terminal_gets_colour_and_no_color_turns_it_off(repo: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    def on_a_terminal(extra: dict[str, str]) -> str:
        leader, follower = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        env.update(extra, TERM="xterm")
        proc = subprocess.run(
            [sys.executable, "-m", "ccg_rules", "check", NONCOMPLIANT],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            cwd=repo,
            env=env,
            check=False,
            timeout=60,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert proc.returncode == 1
        return b"".join(chunks).decode("utf-8")

    assert ESC in on_a_terminal({})
    assert ESC not in on_a_terminal({"NO_COLOR": "1"})


def test_colour_cannot_be_forged_by_the_document(
    run_cli: Cli, repo: Path, tmp_path: Path, no_colour_env: pytest.MonkeyPatch
) -> None:
    text = (repo / NONCOMPLIANT).read_text(encoding="utf-8")
    doc = tmp_path / "bad.yaml"
    doc.write_text(
        text.replace("format: ccg-document/1\n", 'format: "\\e[32mccg-document/1"\n', 1), encoding="utf-8"
    )
    no_colour_env.setenv("FORCE_COLOR", "1")
    out = run_cli("check", str(doc))[1]
    assert "\033[32m" not in out
    assert "\\x1b[32m" in out  # shown, escaped


def test_quiet_prints_the_findings_only(run_cli: Cli) -> None:
    full = run_cli("check", NONCOMPLIANT, COMPLIANT)
    code, out, err = run_cli("check", "--quiet", NONCOMPLIANT, COMPLIANT)
    assert (code, err) == (full[0], full[2])
    assert out == "".join(
        line + "\n"
        for line in full[1].splitlines()
        if not line.startswith((f"{NONCOMPLIANT}: ", f"{COMPLIANT}: "))
    )
    assert len(out.splitlines()) == 11
    assert run_cli("check", "-q", COMPLIANT)[1] == ""


def test_statistics_counts_each_rule_most_frequent_first(run_cli: Cli) -> None:
    code, out, err = run_cli(
        "check", "--statistics", NONCOMPLIANT, NONCOMPLIANT, "examples/wave/nhs-calderwick-ccg.yaml"
    )
    assert code == 1
    assert err == ""
    rows = [line.split(None, 3) for line in out.splitlines()]
    counts = [int(r[0]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    for a, b in itertools.pairwise(rows):
        if a[0] == b[0]:
            assert a[1] < b[1]
    by_rule = {r[1]: r for r in rows}
    assert by_rule["REG-11-01"] == ["2", "REG-11-01", "error", "The governing body has at least six members"]
    assert by_rule["CFG-06-01"][:3] == ["2", "CFG-06-01", "warning"]
    assert sum(counts) == 22 + len(
        run_cli("check", "-q", "examples/wave/nhs-calderwick-ccg.yaml")[1].splitlines()
    )
    assert run_cli("check", "--statistics", COMPLIANT) == (0, "", "")
    code, out, err = run_cli("check", "--statistics", "--format", "json", COMPLIANT)
    assert (code, out) == (2, "")
    assert (
        err.splitlines()[-1]
        == "ccg-rules check: error: argument --statistics: prints a table, not --format json"
    )


# --------------------------------------------------------------------------- explain


@pytest.mark.parametrize(
    "args",
    [
        ("REG-11-01@2012",),
        ("--ruleset", "ccg-authorisation@2012", "REG-11-01"),
        ("--ruleset", "ccg-authorisation@2012", "REG-11-01@2012"),
    ],
)
def test_explain_a_rule_as_it_stands_in_one_version(run_cli: Cli, args: tuple[str, ...]) -> None:
    code, out, err = run_cli("explain", *args)
    assert (code, err) == (0, "")
    assert out.startswith("REG-11-01: The governing body has at least six members\n")
    assert "History: 2012 added; 2022-04 changed\n" in out  # the whole history still
    assert "\nFails under ccg-authorisation@2012 (" in out
    latest = run_cli("explain", "REG-11-01@2022-04")[1]
    assert latest == run_cli("explain", "REG-11-01")[1]
    assert latest.startswith("REG-11-01: The governing body has at least four members\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("REG-11-1",),
            "no rule 'REG-11-1' in any version of ccg-authorisation; did you mean REG-11-11 or "
            "REG-11-10 or REG-11-01?",
        ),
        (("reg-11-01",), "no rule 'reg-11-01' in any version of ccg-authorisation; did you mean REG-11-01"),
        (("REG-11-01@1999",), "ccg-authorisation has no version '1999'; versions: 2012, 2013-03"),
        (("--ruleset", "nope", "REG-11-01"), "unknown ruleset 'nope'; bundled rulesets: ccg-authorisation"),
    ],
)
def test_explain_unknown_rules_and_versions(run_cli: Cli, args: tuple[str, ...], message: str) -> None:
    code, out, err = run_cli("explain", *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"ccg-rules: error: {message}")
    assert err.count("\n") == 1


def test_explain_a_rule_missing_from_the_version_says_where_it_is(run_cli: Cli) -> None:
    code, out, err = run_cli("explain", "COI-01-01@2012")  # added in 2013-03
    assert (code, out) == (2, "")
    assert err.startswith(
        "ccg-rules: error: no rule 'COI-01-01' in ccg-authorisation@2012; it is in versions 2013-03, "
    )


def test_explain_with_two_different_versions_is_a_usage_error(run_cli: Cli) -> None:
    code, out, err = run_cli("explain", "--ruleset", "ccg-authorisation@2022-04", "REG-11-01@2012")
    assert (code, out) == (2, "")
    assert usage_then_error(err, "ccg-rules explain") == (
        "ccg-rules explain: error: argument RULE-ID: REG-11-01@2012 asks for version 2012, "
        "--ruleset ccg-authorisation@2022-04 for 2022-04"
    )


def test_one_map_from_exceptions_to_exit_codes() -> None:
    from ccg_rules.cli._exits import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_INVALID, exit_code
    from ccg_rules.errors import ConfigError, DocumentError, RulesetError, UnknownRuleError, WaiverFileError

    assert exit_code(SystemExit(0)) == 0
    assert exit_code(SystemExit(2)) == EXIT_INVALID
    assert exit_code(SystemExit("usage")) == EXIT_INVALID
    assert exit_code(KeyboardInterrupt()) == EXIT_INTERRUPTED == 130
    for exc in (
        DocumentError("x"),
        RulesetError("x"),
        ConfigError("f", []),
        WaiverFileError("f", []),
        UnknownRuleError("select", "X", None, "r@1"),
        OSError("disk full"),
    ):
        assert exit_code(exc) == EXIT_INVALID, exc
    assert exit_code(ZeroDivisionError()) == EXIT_INTERNAL
