"""``check`` and ``assess`` keep no report: memory stays flat however many documents there are.

Every report the checks make is watched through a weak reference. When the next document
is checked, at most one earlier report may still be alive (the one just written, whose
name the loop has not yet given to the next), and none once the command is done. The
formats that need every report at once (``json``, say) and the wave API (`assess_wave`,
which returns them) keep them all, which shows the count sees what it should. The slow
test measures the peak memory (maximum resident set) of whole runs in fresh processes.
"""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

import ccg_rules.pipeline.check
import ccg_rules.wave
from ccg_rules.cli import main
from ccg_rules.report import Report

ROOT = Path(__file__).resolve().parents[1]
COPIES = 12


@pytest.fixture
def wave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Twelve copies of the noncompliant example (11 findings each), one unreadable document."""
    folder = tmp_path / "wave"
    folder.mkdir()
    for i in range(COPIES):
        shutil.copy(ROOT / "examples" / "ccg-noncompliant.yaml", folder / f"ccg-{i:02}.yaml")
    (folder / "ccg-zz-broken.yaml").write_text("ccg: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


class Watch:
    """The reports made so far, by weak reference, and how many were alive as each check began."""

    def __init__(self) -> None:
        self.refs: list[weakref.ref[object]] = []
        self.alive_at_start: list[int] = []

    def alive(self) -> int:
        return sum(ref() is not None for ref in self.refs)

    def wrap(self, real: Callable[..., object]) -> Callable[..., object]:
        def check(*args: object, **kwargs: object) -> object:
            self.alive_at_start.append(self.alive())
            report = real(*args, **kwargs)
            self.refs.append(weakref.ref(report))
            return report

        return check


def watch(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> Watch:
    w = Watch()
    monkeypatch.setattr(module, "check", w.wrap(module.check))
    return w


CHECK_RUNS = {
    "text": ["--format", "text"],
    "github": ["--format", "github"],
    "json-lines": ["--format", "json-lines"],
    "sarif": ["--format", "sarif"],
    "statistics": ["--statistics"],
}


@pytest.mark.parametrize("run", sorted(CHECK_RUNS))
def test_check_holds_at_most_one_report_at_a_time(
    wave: Path, monkeypatch: pytest.MonkeyPatch, run: str
) -> None:
    from ccg_rules.cli import _fast

    w = watch(monkeypatch, ccg_rules.pipeline.check)
    # The full path, which makes reports (the fast path makes none: it writes text lines).
    monkeypatch.setattr(_fast, "try_fast", lambda args, full: None)
    assert main(["check", "--no-config", *CHECK_RUNS[run], "wave", "--output", "out.txt"]) == 2
    assert len(w.refs) == COPIES + 1  # the broken document's report holds its problem
    assert max(w.alive_at_start) <= 1
    assert w.alive() == 0
    assert Path("out.txt").stat().st_size > 0


def test_json_keeps_every_report_which_the_count_sees(wave: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    w = watch(monkeypatch, ccg_rules.pipeline.check)
    assert main(["check", "--no-config", "--format", "json", "wave", "--output", "out.json"]) == 2
    assert w.alive_at_start == list(range(COPIES + 1))


def test_assess_holds_at_most_one_report_at_a_time_with_every_output(
    wave: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    w = watch(monkeypatch, ccg_rules.wave)
    outputs = ["--report", "r.html", "--csv", "t.csv", "--markdown", "p.md", "--per-ccg", "pages"]
    assert main(["assess", "wave", *outputs, "--oscal", "oscal"]) == 2
    assert len(w.refs) == COPIES + 1
    assert max(w.alive_at_start) <= 1
    gc.collect()  # nothing but the collector's own timing may hold one
    assert w.alive() == 0
    out = capsys.readouterr().out
    assert f"{COPIES + 1} CCGs: {COPIES} authorised with conditions, 1 not assessed" in out
    assert len(list(Path("pages").iterdir())) == COPIES + 2  # the broken one and the index
    assert len(list(Path("oscal").iterdir())) == 2 * (COPIES + 1)


def test_the_wave_api_keeps_every_report_which_the_count_sees(
    wave: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = watch(monkeypatch, ccg_rules.wave)
    result = ccg_rules.wave.assess_wave("wave")
    assert w.alive_at_start == list(range(len(w.refs)))
    assert len(result.reports) == COPIES + 1


def test_streamed_assess_outputs_are_those_of_the_whole_wave(
    wave: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ccg_rules.oscal.files import oscal_files
    from ccg_rules.render.board_paper import board_paper
    from ccg_rules.render.html import render_wave
    from ccg_rules.render.per_ccg import per_ccg_pages
    from ccg_rules.render.wave import wave_csv, wave_summary

    shutil.copy(ROOT / "examples" / "ccg-compliant.yaml", wave / "ccg-compliant.yaml")
    shutil.copy(ROOT / "examples" / "ccg-2017-delegated.yaml", wave / "ccg-2017.yaml")
    outputs = ["--report", "r.html", "--csv", "t.csv", "--markdown", "p.md", "--per-ccg", "pages"]
    assert main(["assess", "wave", *outputs, "--oscal", "oscal"]) == 2
    out = capsys.readouterr().out
    whole = ccg_rules.wave.assess_wave("wave")
    assert out.startswith(wave_summary(whole))
    assert Path("r.html").read_text(encoding="utf-8") == render_wave(whole, base=".")
    assert Path("t.csv").read_text(encoding="utf-8") == wave_csv(whole)
    assert Path("p.md").read_text(encoding="utf-8") == board_paper(whole)
    for folder, files in (
        ("pages", per_ccg_pages(whole, base="pages")),
        ("oscal", oscal_files(whole.reports)),
    ):
        assert sorted(p.name for p in Path(folder).iterdir()) == sorted(name for name, _ in files)
        for name, text in files:
            assert (Path(folder) / name).read_text(encoding="utf-8") == text


# Peak memory of whole runs, each in a fresh process: many documents within 1.25 times one.
_PEAK = """
import os, resource, sys
from ccg_rules.cli import main
from ccg_rules.report import Report
sys.stdout = open(os.devnull, "w")
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _peak_kib(args: list[str], cwd: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    return int(done.stderr.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
@pytest.mark.parametrize(
    "args",
    [
        ["check", "--no-config", "--format", "text"],
        ["check", "--no-config", "--format", "sarif"],
        ["check", "--no-config", "--statistics"],
        ["assess"],
    ],
    ids=["text", "sarif", "statistics", "assess"],
)
def test_peak_memory_of_many_documents_is_within_a_quarter_of_one(tmp_path: Path, args: list[str]) -> None:
    one, many = tmp_path / "one", tmp_path / "many"
    one.mkdir()
    many.mkdir()
    example = ROOT / "examples" / "ccg-noncompliant.yaml"
    shutil.copy(example, one / "ccg.yaml")
    for i in range(400):
        shutil.copy(example, many / f"ccg-{i:03}.yaml")
    single = _peak_kib([*args, "one"], tmp_path)
    several = _peak_kib([*args, "many"], tmp_path)
    assert several <= 1.25 * single, f"{several} KiB for 400 documents, {single} KiB for one"


def _sarif_cases() -> list[list[Report]]:
    """Reports of every example (several ruleset versions) and two no version judged, in several orders."""
    import random

    import ccg_rules
    from ccg_rules.api import check_text

    reports = [ccg_rules.check(path) for path in sorted((ROOT / "examples").rglob("*.yaml"))]
    reports += [check_text(b"as_of: [\n", filename="broken.yaml"), check_text(b"- 1\n", filename="list.yaml")]
    draw = random.Random(15)
    cases = [[], reports, reports[::-1], [r for r in reports if r.ruleset is None]]
    cases += [draw.sample(reports, draw.randint(1, len(reports))) for _ in range(12)]
    return cases


AZURE = {
    "TF_BUILD": "True",
    "SYSTEM_COLLECTIONURI": "https://dev.azure.com/nhs-ccg/",
    "SYSTEM_TEAMPROJECT": "constitutions",
    "SYSTEM_DEFINITIONID": "7",
    "BUILD_DEFINITIONNAME": "check",
    "SYSTEM_PHASEID": "a1",
    "SYSTEM_PHASENAME": "Job",
    "BUILD_SOURCEBRANCH": "refs/heads/main",
    "BUILD_BUILDID": "42",
}


@pytest.mark.parametrize("environ", [{}, AZURE], ids=["plain", "azure"])
def test_the_streamed_sarif_log_is_the_log_of_every_report_at_once(environ: dict[str, str]) -> None:
    import io

    from ccg_rules.render.sarif import azure_pipeline, render_sarif
    from ccg_rules.render.sarif_stream import SarifStream

    build = azure_pipeline(environ)
    assert (build is not None) == bool(environ)
    cases = _sarif_cases()
    assert [r.document.file for r in cases[3]] == ["broken.yaml", "list.yaml"]
    assert len({r.ruleset.digest for r in cases[1] if r.ruleset is not None}) > 2
    for reports in cases:
        stream = SarifStream(pipeline=build)
        for report in reports:
            stream.add(report)
        out = io.StringIO()
        stream.write(out)
        assert out.getvalue() == render_sarif(reports, pipeline=build)
