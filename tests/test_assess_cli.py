"""The ``ccg-rules assess`` command: summary, output files, exit codes, quiet when piped."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ccg_rules import assess_wave, board_paper, wave_csv
from ccg_rules.render.html import render_wave
from textscope import statement, without_scope

Cli = Callable[..., tuple[int, str, str]]
Process = Callable[..., tuple[int, str, str, float]]

COMPLIANT = "examples/ccg-compliant.yaml"
NONCOMPLIANT = "examples/ccg-noncompliant.yaml"
BUNDLED = [COMPLIANT, NONCOMPLIANT]
SUMMARY = (
    "outcome                     conditions  risk   file\n"
    "authorised                           0  green  examples/ccg-compliant.yaml\n"
    "authorised with conditions          11  red    examples/ccg-noncompliant.yaml\n"
    "2 CCGs: 1 authorised, 1 authorised with conditions\n"
    + statement(COMPLIANT)  # both judged on ccg-authorisation@2012: one scope sentence
    + "\n"
)


def _warning_only(repo: Path, tmp_path: Path) -> str:
    """A copy of the compliant example whose one finding is a warning (no map of the area)."""
    text = (repo / COMPLIANT).read_text(encoding="utf-8").replace("map_included: true", "map_included: false")
    path = tmp_path / "ccg-no-map.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_compliant_document_exits_0(run_cli: Cli) -> None:
    code, out, err = run_cli("assess", COMPLIANT)
    assert (code, err) == (0, "")
    assert out.splitlines()[1].split() == ["authorised", "0", "green", COMPLIANT]


def test_findings_exit_1_and_the_summary_lists_each_ccg(run_cli: Cli) -> None:
    assert run_cli("assess", *BUNDLED) == (1, SUMMARY, "")


def test_fail_on_sets_the_lowest_severity_that_fails(run_cli: Cli, repo: Path, tmp_path: Path) -> None:
    doc = _warning_only(repo, tmp_path)
    code, out, _ = run_cli("assess", doc)
    assert code == 0
    assert out.splitlines()[1].split() == ["authorised", "with", "conditions", "1", "green", doc]
    assert run_cli("assess", "--fail-on", "warning", doc)[0] == 1
    assert run_cli("assess", "--fail-on", "info", COMPLIANT)[0] == 0


def test_an_unreadable_document_exits_2_and_is_still_in_every_output(run_cli: Cli, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("ccg: [\n", encoding="utf-8")
    report, table = tmp_path / "wave.html", tmp_path / "wave.csv"
    code, out, err = run_cli(
        "assess", COMPLIANT, missing, str(broken), "--report", str(report), "--csv", str(table)
    )
    assert code == 2
    assert err.splitlines() == [
        f"ccg-rules: error: {broken}: 2:1 YAML syntax error at line 2, column 1: did not find expected node "
        "content (while parsing a flow node at line 2, column 1); check indentation, colons and quotes here.",
        f"ccg-rules: error: {missing}: no such file",
    ]
    assert out.endswith(f"\nwrote {report}\nwrote {table}\n")
    assert without_scope(out)[-3] == "3 CCGs: 1 authorised, 2 not assessed"
    assert statement(COMPLIANT) in out.splitlines()  # the scope, after the counts
    csv_rows = table.read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[0] for row in csv_rows[1:]] == sorted([COMPLIANT, missing, str(broken)])
    assert f"{missing},,,,,0,,,,no such file" in csv_rows
    html = report.read_text(encoding="utf-8")
    assert "no such file" in html
    assert "YAML syntax error at line 2, column 1" in html


def test_output_files_are_exactly_the_library_s(run_cli: Cli, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    html, table, md = out_dir / "wave.html", out_dir / "wave.csv", out_dir / "wave.md"
    code, out, err = run_cli(
        "assess", *BUNDLED, "--report", str(html), "--csv", str(table), "--markdown", str(md), "--jobs", "1"
    )
    assert (code, err) == (1, "")
    assert out == SUMMARY + f"wrote {html}\nwrote {table}\nwrote {md}\n"
    wave = assess_wave(BUNDLED)
    assert table.read_bytes() == wave_csv(wave).encode()
    assert md.read_bytes() == board_paper(wave).encode()
    assert html.read_bytes() == render_wave(wave, base=out_dir).encode()


def test_report_links_are_relative_to_the_report_s_folder(run_cli: Cli, repo: Path, tmp_path: Path) -> None:
    html = tmp_path / "deep" / "er" / "wave.html"
    html.parent.mkdir(parents=True)
    assert run_cli("assess", NONCOMPLIANT, "--report", str(html))[0] == 1
    hrefs = set(re.findall(r'href="([^"#:]+)#L(\d+)"', html.read_text(encoding="utf-8")))
    assert hrefs
    for target, line in hrefs:
        assert not target.startswith("/")
        assert (html.parent / target).resolve() == (repo / NONCOMPLIANT).resolve()
        assert int(line) >= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "the following arguments are required: DIR|FILE"),
        (("--jobs", "-1", COMPLIANT), "argument --jobs: '-1' is not a number of processes (0 or more)"),
        (("--jobs", "two", COMPLIANT), "argument --jobs: 'two' is not a number of processes (0 or more)"),
        (
            ("--as-of", "15/01/2013", COMPLIANT),
            "argument --as-of: '15/01/2013' is not a date written YYYY-MM-DD",
        ),
        (("--fail-on", "fatal", COMPLIANT), "argument --fail-on: invalid choice: 'fatal'"),
        (("--ruleset", "nope", COMPLIANT), "unknown ruleset 'nope'"),
        (("--ruleset", "ccg-authorisation@1999", COMPLIANT), "ccg-authorisation has no version '1999'"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(run_cli: Cli, args: tuple[str, ...], message: str) -> None:
    code, out, err = run_cli("assess", *args)
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_no_documents_exits_2(run_cli: Cli, tmp_path: Path) -> None:
    assert run_cli("assess", str(tmp_path)) == (
        2,
        "",
        f"ccg-rules: error: no CCG documents (*.yaml, *.yml) in {tmp_path}\n",
    )


def test_an_unwritable_output_exits_2(run_cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder.html"
    code, _, err = run_cli("assess", COMPLIANT, "--report", str(target))
    assert code == 2
    assert err == f"ccg-rules: error: cannot write {target}: No such file or directory\n"


def test_as_of_and_ruleset_reach_the_checks(run_cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "wave.csv"
    args = (
        "assess",
        COMPLIANT,
        "--as-of",
        "2013-02-01",
        "--ruleset",
        "ccg-authorisation@2012",
        "--csv",
        str(table),
    )
    assert run_cli(*args)[0] == 0
    assert table.read_text(encoding="utf-8").splitlines()[1].split(",")[2:4] == [
        "2013-02-01",
        "ccg-authorisation@2012",
    ]


def test_help_documents_the_exit_codes(run_cli: Cli) -> None:
    code, out, _ = run_cli("assess", "--help")
    assert code == 0
    text = " ".join(out.split())
    for part in (
        "Exit codes: 0 no findings at or above --fail-on",
        "1 such findings",
        "A document that cannot be read or assessed exits 2",
        "3 internal error",
    ):
        assert part in text
    for option in (
        "--report FILE",
        "--csv FILE",
        "--markdown FILE",
        "--ruleset",
        "--as-of",
        "--jobs N",
        "--fail-on",
    ):
        assert option in out


@pytest.mark.slow
def test_quiet_on_stderr_when_it_is_not_a_terminal(run_process: Process) -> None:
    code, out, err, _ = run_process("assess", *BUNDLED)
    assert (code, out, err) == (1, SUMMARY, "")


def test_a_progress_bar_on_stderr_when_it_is_a_terminal(repo: Path) -> None:
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "ccg_rules", "assess", *BUNDLED],
            cwd=repo,
            stdout=subprocess.PIPE,
            stderr=terminal,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        os.close(terminal)
        terminal = -1
        seen = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO once the terminal side is closed and drained
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if terminal != -1:
            os.close(terminal)
        os.close(controller)
    assert proc.returncode == 1
    assert proc.stdout.decode() == SUMMARY  # the bar never reaches standard output
    assert b"] 1/2" in seen
    assert b"] 2/2" in seen


@pytest.mark.slow
def test_check_does_not_import_the_html_renderer_or_the_wave(repo: Path) -> None:
    code = (
        "import sys\n"
        "from ccg_rules import cli\n"
        f"cli.main(['check', {COMPLIANT!r}])\n"
        "print(sorted(m for m in ('ccg_rules.render.html', 'ccg_rules.wave') if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.endswith("[]\n")


def test_check_can_write_the_html_report_too(run_cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert run_cli("check", "--format", "html", "--output", str(target), NONCOMPLIANT) == (1, "", "")
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>CCG assessment: NHS Fenhollow Clinical Commissioning Group</title>" in html


@pytest.mark.slow
def test_the_progress_bar_is_absent_from_a_piped_run_of_a_copied_wave(
    run_process: Process, repo: Path, tmp_path: Path
) -> None:
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        shutil.copyfile(repo / COMPLIANT, tmp_path / name)
    code, out, err, _ = run_process("assess", ".", "--jobs", "2", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert [line.split()[-1] for line in out.splitlines()[1:4]] == ["a.yaml", "b.yaml", "c.yaml"]


@pytest.mark.slow
def test_select_ignore_and_engine_apply_to_every_document(run_cli) -> None:  # type: ignore[no-untyped-def]
    import ccg_rules

    wave = "examples/wave"
    code, out, err = run_cli("assess", wave, "--ignore", "CFG-")
    assert err == ""
    expected = ccg_rules.assess_wave([wave], ignore=["CFG-"])
    assert all(not r.startswith("CFG-") for row in expected.rows for r in row.directions)
    assert without_scope(out)[-1] == (
        f"{len(expected.rows)} CCGs: "
        + ", ".join(
            f"{sum(1 for r in expected.rows if r.outcome == o)} {o.replace('_', ' ')}"
            for o in ("authorised", "authorised_with_conditions")
        )
    )
    reports = [row.report for row in expected.rows if row.report is not None]
    assert reports
    assert all(not f.rule_id.startswith("CFG-") for r in reports for f in r.findings)
    assert code == (1 if any(r.counts.error for r in reports) else 0)


@pytest.mark.requires_durable
@pytest.mark.slow
def test_the_durable_engine_assesses_the_wave_alike() -> None:
    import ccg_rules

    wave = "examples/wave"
    expected = ccg_rules.assess_wave([wave], ignore=["CFG-"])
    durable = ccg_rules.assess_wave([wave], ignore=["CFG-"], engine="durable")
    assert [(r.file, r.outcome, r.directions) for r in durable.rows] == [
        (r.file, r.outcome, r.directions) for r in expected.rows
    ]


def test_an_unknown_select_entry_stops_the_run(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("assess", "examples/wave", "--select", "nonsense")
    assert (code, out) == (2, "")
    assert err == (
        "ccg-rules assess: error: argument --select: 'nonsense' is not a rule, rule-id prefix "
        "or domain of ccg-authorisation@2012\n"
    )
