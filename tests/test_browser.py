"""The HTML report in a real browser: headless Chromium renders it, runs its script, prints it.

The report of the example wave (``examples/wave`` when it holds at least 12 documents,
else the two bundled examples) is written to the artefact folder (``$CCG_ARTIFACTS``, or
``tests/artifacts``, which git ignores) with a screenshot of the page, so a person can look
at what the browser drew. Chromium is optional on a developer's machine: without it these
tests are skipped with the reason, and under ``CI=true`` they fail instead (``.ci/run``
installs it); ``optional.py`` finds the browser and makes that decision.

Headless Chromium cannot show the page with script switched off (``--blink-settings=
scriptEnabled=false`` stops ``--dump-dom`` and ``--screenshot`` altogether, and
``--disable-javascript`` does not switch it off), so that the page works without script
is checked on its markup in ``test_html_report.py``. The printed report (``wave.pdf``) is
saved beside the screenshot.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

import optional
from ccg_rules import Wave, assess_wave
from ccg_rules.render.html import render_wave
from htmltree import Node, parse

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)
pytestmark = [pytest.mark.requires_chromium, pytest.mark.slow]  # drives a headless Chromium

CONSOLE = re.compile(r'CONSOLE[:(]?\d*\)?\]? "(?P<message>.*)", source: (?P<source>\S+)')


def _chromium() -> str:
    found = optional.chromium()
    assert found is not None, "the requires_chromium marker lets this run only with a browser"
    return found


def _browse(url: str, *extra: str) -> tuple[str, str]:
    """Open ``url`` in a fresh headless Chromium profile; return its standard output and error."""
    with tempfile.TemporaryDirectory(prefix="ccg-chromium-") as profile:
        proc = subprocess.run(
            [_chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, url],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, proc.stderr


def _console(stderr: str, page: str) -> list[str]:
    """The page's console messages (errors and uncaught exceptions included) from the log."""
    return [m["message"] for m in CONSOLE.finditer(stderr) if m["source"].startswith(page)]


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = Path(os.environ.get("CCG_ARTIFACTS") or Path(__file__).resolve().parent / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def wave(repo_root: Path) -> Wave:
    wave_dir = repo_root / "examples" / "wave"
    documents = sorted(wave_dir.glob("*.yaml")) if wave_dir.is_dir() else []
    cwd = Path.cwd()
    os.chdir(repo_root)
    try:
        if len([d for d in documents if not d.name.endswith(".waivers.yaml")]) >= 12:
            return assess_wave(["examples/wave"])
        return assess_wave(["examples/ccg-compliant.yaml", "examples/ccg-noncompliant.yaml"])
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report(wave: Wave, artifacts: Path, repo_root: Path) -> Path:
    target = artifacts / "wave.html"
    cwd = Path.cwd()
    os.chdir(repo_root)  # the rows' paths are relative to the repository
    try:
        target.write_text(render_wave(wave, base=artifacts), encoding="utf-8", newline="\n")
    finally:
        os.chdir(cwd)
    return target


def _overview_names(dom: Node) -> list[str]:
    (table,) = [t for t in dom.iter("table") if t.iter("caption")[0].flat().startswith("All CCGs")]
    return [tr.iter("th")[0].iter("a")[0].flat() for tr in table.iter("tbody")[0].iter("tr")]


def test_chromium_draws_every_ccg_and_runs_the_script_without_errors(report: Path, wave: Wave) -> None:
    target = next(row for row in wave.rows if row.report is not None and row.report.valid and row.conditions)
    anchor = parse(report.read_text(encoding="utf-8"))
    (link,) = [a for a in anchor.iter("a") if a.flat() == target.ccg and a.attrs["href"].startswith("#")]
    url = report.as_uri()
    out, err = _browse(url + link.attrs["href"], "--dump-dom")
    dom = parse(out)
    assert _overview_names(dom) == [row.ccg or row.file for row in wave.rows]
    sections = {d.attrs["id"]: d for d in dom.iter("details")}
    assert len(sections) == len(wave.rows)
    opened = [key for key, d in sections.items() if "open" in d.attrs]
    assert opened == [link.attrs["href"][1:]]  # the script opened the section the link points at
    section = sections[opened[0]]
    (domains,) = [t for t in section.iter("table") if t.iter("caption")[0].flat() == "Authorisation domains"]
    statuses = [tr.iter("td")[0].flat() for tr in domains.iter("tbody")[0].iter("tr")]
    assert target.report is not None
    words = {"met": "Met", "met_with_conditions": "Met with conditions", "not_met": "Not met"}
    assert statuses == [words[d.status.value] for d in target.report.domains]
    assert _console(err, url) == []


def test_the_console_check_sees_a_broken_page(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!DOCTYPE html><html lang="en"><body><script>missing();</script></body></html>', encoding="utf-8"
    )
    _, err = _browse(broken.as_uri(), "--dump-dom")
    assert any("Uncaught ReferenceError: missing is not defined" in m for m in _console(err, broken.as_uri()))


def test_screenshot_of_the_report(report: Path, artifacts: Path) -> None:
    shot = artifacts / "wave.png"
    shot.unlink(missing_ok=True)
    _, err = _browse(report.as_uri(), f"--screenshot={shot}", "--window-size=1280,2000")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(data) > 20_000  # a drawn page, not a blank one
    assert _console(err, report.as_uri()) == []


def _pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_printing_opens_every_section(report: Path, artifacts: Path, tmp_path: Path, wave: Wave) -> None:
    printed = artifacts / "wave.pdf"
    printed.unlink(missing_ok=True)
    _browse(report.as_uri(), f"--print-to-pdf={printed}", "--no-pdf-header-footer")
    # the same page with every section left out: what the overview alone takes
    page = report.read_text(encoding="utf-8")
    start, end = page.index('<details class="ccg"'), page.rindex("</details>") + len("</details>")
    overview = tmp_path / "overview.html"
    overview.write_text(page[:start] + page[end:], encoding="utf-8")
    overview_pdf = tmp_path / "overview.pdf"
    _browse(overview.as_uri(), f"--print-to-pdf={overview_pdf}", "--no-pdf-header-footer")
    assert _pages(overview_pdf) >= 1
    # closed, the sections' headings would share one page; open, they take a page or more
    assert _pages(printed) >= _pages(overview_pdf) + len(wave.rows) // 2 + 1


def _pdf_page_texts(pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` (``pdftotext`` separates pages with a form feed)."""
    proc = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
    )
    return proc.stdout.split("\f")[:-1]


@pytest.mark.requires_poppler
def test_the_printed_report_is_a4_with_each_ccg_starting_a_page(
    report: Path, tmp_path: Path, wave: Wave
) -> None:
    printed = tmp_path / "wave.pdf"
    _browse(report.as_uri(), f"--print-to-pdf={printed}", "--no-pdf-header-footer")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", printed.read_bytes())
    assert boxes
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}  # A4 in points
    pages = _pdf_page_texts(printed)
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {len(pages)}" in info
    names = [row.ccg or row.file for row in wave.rows]
    first_lines = [next((line.strip() for line in page.splitlines() if line.strip()), "") for page in pages]
    starts = [i for i, line in enumerate(first_lines) if any(line.startswith(n) for n in names)]
    # every CCG's heading opens a page, in wave order, and no page holds the heading of another
    assert [next(n for n in names if first_lines[i].startswith(n)) for i in starts] == names
    for i, page in enumerate(pages[starts[0] :], start=starts[0]):
        headings = [
            n
            for n in names
            if any(line.strip().startswith(n + " ") or line.strip() == n for line in page.splitlines())
        ]
        assert len(headings) <= 1, (i, headings)
    assert starts[0] >= 1  # the overview comes first, on pages of its own


@pytest.mark.requires_poppler
def test_each_per_ccg_page_prints_on_a4(wave: Wave, tmp_path: Path) -> None:
    from ccg_rules.render.per_ccg import per_ccg_pages

    row = (
        next(r for r in wave.rows if r.directions) if any(r.directions for r in wave.rows) else wave.rows[-1]
    )
    pages = dict(per_ccg_pages(Wave(rows=(row,)), base=tmp_path))
    (name,) = [n for n in pages if n != "index.html"]
    page = tmp_path / name
    page.write_text(pages[name], encoding="utf-8")
    printed = tmp_path / "one.pdf"
    _browse(page.as_uri(), f"--print-to-pdf={printed}", "--no-pdf-header-footer")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", printed.read_bytes())
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}
    texts = _pdf_page_texts(printed)
    assert (row.ccg or row.file) in texts[0]  # the CCG starts on the first page: no overview before it
    assert "This outcome covers only the" in " ".join(" ".join(texts).split())
