"""Batch assessment: `assess_wave`, its rows, and the CSV and Markdown tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import ccg_rules
from ccg_rules import SelectionError, Wave, WaveRow, assess_wave, wave_csv, wave_markdown
from ccg_rules.render.html import render_wave
from ccg_rules.render.wave import wave_summary
from ccg_rules.wave import COLUMNS, expand

COMPLIANT = "examples/ccg-compliant.yaml"
NONCOMPLIANT = "examples/ccg-noncompliant.yaml"
BUNDLED = [COMPLIANT, NONCOMPLIANT]
LOCATED = re.compile(r"^\d+:\d+ \S")


@pytest.fixture(autouse=True)
def _in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)


def _copy(repo: Path, target: Path, name: str, source: str = COMPLIANT) -> Path:
    path = target / name
    shutil.copyfile(repo / source, path)
    return path


# --------------------------------------------------------------------------- rows


def test_rows_of_the_bundled_examples_carry_the_headline_figures() -> None:
    wave = assess_wave([NONCOMPLIANT, COMPLIANT])
    assert [row.file for row in wave.rows] == [COMPLIANT, NONCOMPLIANT]
    good, bad = wave.rows
    assert good == WaveRow(
        file=COMPLIANT,
        ccg="NHS Eastmarsh Clinical Commissioning Group",
        as_of=dt.date(2013, 1, 15),
        ruleset="ccg-authorisation@2012",
        outcome="authorised",
        conditions=0,
        risk="green",
        population=101317,
        directions=(),
        error=None,
        report=good.report,
    )
    assert good.report == ccg_rules.check(COMPLIANT)
    assert bad.outcome == "authorised_with_conditions"
    assert bad.report == ccg_rules.check(NONCOMPLIANT)
    assert bad.conditions == len(bad.report.conditions) == 11
    assert (bad.risk, bad.population) == ("red", 42105)
    assert bad.directions == ()  # twelve conditions, none that the Board would back with directions
    assert {c.support_level for c in bad.report.conditions} == {"I", "II", "III"}
    assert wave.reports == (good.report, bad.report)


def test_rows_are_in_sorted_path_order_whatever_the_order_given(repo: Path, tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yaml", "c.yml"):
        _copy(repo, tmp_path, name)
    given = [
        str(tmp_path / "c.yml"),
        str(tmp_path / "a.yaml"),
        str(tmp_path / "b.yaml"),
        str(tmp_path / "a.yaml"),
    ]
    wave = assess_wave(given)
    assert [Path(row.file).name for row in wave.rows] == ["a.yaml", "b.yaml", "c.yml"]


@pytest.mark.slow
def test_a_process_pool_gives_the_same_rows_in_the_same_order(repo: Path, tmp_path: Path) -> None:
    for i in range(4):
        _copy(repo, tmp_path, f"n{i}.yaml", NONCOMPLIANT)
        _copy(repo, tmp_path, f"c{i}.yaml", COMPLIANT)
    (tmp_path / "broken.yaml").write_text("a: [\n", encoding="utf-8")
    serial = assess_wave([tmp_path])
    assert assess_wave([tmp_path], jobs=2) == serial
    assert assess_wave([tmp_path], jobs=0) == serial


def test_relative_paths_stay_relative(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "wave").mkdir()
    for name in ("b.yaml", "a.yaml"):
        _copy(repo, tmp_path / "wave", name)
    monkeypatch.chdir(tmp_path)
    assert [row.file for row in assess_wave(["wave"]).rows] == ["wave/a.yaml", "wave/b.yaml"]
    assert [row.file for row in assess_wave(["."]).rows] == []
    monkeypatch.chdir(tmp_path / "wave")
    assert [row.file for row in assess_wave(["."]).rows] == ["a.yaml", "b.yaml"]


def test_a_directory_gives_its_own_documents_only(repo: Path, tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yml", ".ccg-rules.yaml", "notes.txt"):
        _copy(repo, tmp_path, name)
    waivers = tmp_path / "other.waivers.yaml"
    waivers.write_text("format: ccg-waivers/1\nwaivers: []\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    _copy(repo, tmp_path / "sub", "deep.yaml")
    (tmp_path / "folder.yaml").mkdir()
    assert expand([tmp_path]) == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yml")]
    # a file named explicitly is never left out, even a waiver file: it becomes an error row
    (row,) = assess_wave([waivers]).rows
    assert row.error is not None
    assert row.error.startswith("1:1 ")


def test_an_empty_directory_gives_an_empty_wave(tmp_path: Path) -> None:
    assert assess_wave([tmp_path]) == Wave(rows=())


# --------------------------------------------------------------------------- error rows


@pytest.mark.parametrize(
    ("content", "rule", "message"),
    [
        (b"ccg: [\n", "DOC-YAML-SYNTAX", "YAML syntax error"),
        (b"- just\n- a list\n", "DOC-NOT-A-MAPPING", "top level of the document is a list"),
        (b"\xff\xfe\x00\x00", "DOC-ENCODING", "UTF-"),
        (b"format: ccg-document/1\nas_of: 2013-01-15\n", "DOC-MISSING-KEY", "ccg"),
        (b"", "DOC-EMPTY-DOCUMENT", ""),
    ],
    ids=["invalid-yaml", "non-mapping", "not-utf8", "schema", "empty"],
)
def test_an_unassessable_document_is_a_row_with_its_first_problem(
    tmp_path: Path, content: bytes, rule: str, message: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    (row,) = assess_wave([bad]).rows
    assert row.file == str(bad)
    assert row.outcome is None
    assert (row.ccg, row.ruleset, row.risk, row.population, row.conditions) == (None, None, None, None, 0)
    assert row.report is not None
    assert not row.report.valid
    first = row.report.findings[0]
    assert first.rule_id == rule
    assert row.error == f"{first.location.line}:{first.location.column} {first.message}"
    assert LOCATED.match(row.error)
    assert message in row.error


def test_a_missing_file_is_a_row_not_an_exception(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    wave = assess_wave([COMPLIANT, missing])
    assert [row.file for row in wave.rows] == sorted([COMPLIANT, str(missing)])
    (row,) = [r for r in wave.rows if r.file == str(missing)]
    assert row == WaveRow(file=str(missing), error="no such file")


def test_a_broken_waiver_file_makes_its_document_an_error_row(repo: Path, tmp_path: Path) -> None:
    doc = _copy(repo, tmp_path, "ccg.yaml")
    (tmp_path / "ccg.waivers.yaml").write_text("format: ccg-waivers/1\nwaivers: nope\n", encoding="utf-8")
    (row,) = assess_wave([tmp_path]).rows
    assert row.file == str(doc)
    assert row.report is None
    assert row.error is not None
    assert row.error.startswith("waiver file ")
    assert "ccg.waivers.yaml:2:" in row.error


def test_no_ruleset_in_force_is_that_rows_error() -> None:
    (row,) = assess_wave([COMPLIANT], as_of=dt.date(2001, 1, 1)).rows
    assert row.error is not None
    assert "no version of ccg-authorisation is in force on 2001-01-01" in row.error


def test_an_unknown_ruleset_stops_the_run() -> None:
    with pytest.raises(SelectionError, match="unknown ruleset 'nope'"):
        assess_wave([COMPLIANT], ruleset="nope")
    with pytest.raises(SelectionError, match="no version '1999'"):
        assess_wave([COMPLIANT], ruleset="ccg-authorisation@1999")


def test_ruleset_and_as_of_reach_every_check() -> None:
    (row,) = assess_wave([COMPLIANT], ruleset="ccg-authorisation@2012", as_of=dt.date(2013, 2, 1)).rows
    assert row.as_of == dt.date(2013, 2, 1)
    assert row.report == ccg_rules.check(
        COMPLIANT, ruleset="ccg-authorisation@2012", as_of=dt.date(2013, 2, 1)
    )


def test_a_negative_number_of_jobs_is_refused() -> None:
    with pytest.raises(ValueError, match="jobs must be 0 or more, not -1"):
        assess_wave([COMPLIANT], jobs=-1)


def test_progress_is_reported_after_each_file() -> None:
    calls: list[tuple[int, int]] = []
    assess_wave([COMPLIANT, NONCOMPLIANT], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


# --------------------------------------------------------------------------- tables


def test_csv_of_the_bundled_examples(golden: Callable[[str, str], None]) -> None:
    text = wave_csv(assess_wave(BUNDLED))
    golden("wave-examples.csv", text)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "\r" not in text


def test_markdown_of_the_bundled_examples(golden: Callable[[str, str], None]) -> None:
    golden("wave-examples.md", wave_markdown(assess_wave(BUNDLED)))


def test_csv_quotes_per_rfc_4180_and_round_trips(tmp_path: Path) -> None:
    bad = tmp_path / 'odd, "name".yaml'
    bad.write_text("- a\n", encoding="utf-8")
    wave = assess_wave([COMPLIANT, NONCOMPLIANT, bad])
    text = wave_csv(wave)
    assert f'"{tmp_path}/odd, ""name"".yaml"' in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(COLUMNS)
    by_file = {r[0]: r for r in rows[1:]}
    assert list(by_file) == [row.file for row in wave.rows]
    assert by_file[COMPLIANT][4:8] == ["authorised", "0", "green", "101317"]
    not_a_mapping = "The top level of the document is a list, but it must be a mapping of keys to values"
    assert by_file[str(bad)][9] == f"1:1 {not_a_mapping} (key: value)."
    assert by_file[NONCOMPLIANT][8].split() == list(assess_wave([NONCOMPLIANT]).rows[0].directions)


def test_markdown_escapes_pipes_and_keeps_one_line_per_row(tmp_path: Path) -> None:
    bad = tmp_path / "a|b.yaml"
    bad.write_text("- a\n", encoding="utf-8")
    lines = wave_markdown(assess_wave([bad])).splitlines()
    assert len(lines) == 3
    assert lines[0] == "| " + " | ".join(COLUMNS) + " |"
    assert "a\\|b.yaml" in lines[2]
    assert lines[2].count(" | ") == len(COLUMNS) - 1


def test_summary_lists_each_ccg_and_counts_outcomes() -> None:
    missing = "examples/missing.yaml"
    text = wave_summary(assess_wave([COMPLIANT, NONCOMPLIANT, missing]))
    lines = text.splitlines()
    assert lines[0].split() == ["outcome", "conditions", "risk", "file"]
    assert lines[1].split() == ["authorised", "0", "green", COMPLIANT]
    assert lines[2].split() == ["authorised", "with", "conditions", "11", "red", NONCOMPLIANT]
    assert lines[3].split() == ["not", "assessed", "-", "-", missing]  # the reason is in the row
    assert lines[4] == "3 CCGs: 1 authorised, 1 authorised with conditions, 1 not assessed"


def test_the_same_wave_gives_the_same_bytes() -> None:
    first, second = assess_wave(BUNDLED), assess_wave(BUNDLED)
    assert wave_csv(first) == wave_csv(second)
    assert wave_markdown(first) == wave_markdown(second)
    assert render_wave(first).encode() == render_wave(second).encode()


@pytest.mark.slow
def test_the_wave_module_is_imported_only_when_used() -> None:
    code = (
        "import sys, ccg_rules\n"
        "print('ccg_rules.wave' in sys.modules)\n"
        "ccg_rules.assess_wave\n"
        "print('ccg_rules.wave' in sys.modules, 'ccg_rules.render.html' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "False\nTrue False\n", "")
