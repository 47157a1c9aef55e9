"""``check`` writes text, GitHub and JSON Lines output document by document, as each report is made.

SARIF keeps each report's results in a temporary file until the log is written, and
``--statistics`` only counts (`tests/test_flat_memory.py` shows no report is kept).

The bytes are those of rendering every report at the end (the goldens hold them); what
changes is that no report is kept, so memory stays flat however many documents there are.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ccg_rules.cli import main
from ccg_rules.render import render
from ccg_rules.render.text import render_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ["ccg-noncompliant.yaml", "ccg-compliant.yaml", "ccg-2013-applicant.yaml"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in EXAMPLES:
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "github", "json-lines"])
def test_each_report_is_written_before_the_next_document_is_checked(
    folder: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    import ccg_rules.pipeline.check
    from ccg_rules.cli import _check, _fast

    events: list[str] = []
    real_check, real_render = ccg_rules.pipeline.check.check, _check._render_one

    def check(name: str, **kwargs: object) -> object:
        events.append(f"check {name}")
        return real_check(name, **kwargs)  # type: ignore[arg-type]

    def render_one(*args: object) -> str:
        events.append("write")
        return real_render(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(ccg_rules.pipeline.check, "check", check)
    monkeypatch.setattr(_check, "_render_one", render_one)
    monkeypatch.setattr(_fast, "try_fast", lambda args, full: None)  # the full path streams too
    assert main(["check", "--no-config", "--format", fmt, *EXAMPLES, "--output", "out.txt"]) == 1
    assert events == [e for name in EXAMPLES for e in (f"check {name}", "write")]


@pytest.mark.parametrize("fmt", ["text", "github", "json-lines", "sarif", "statistics"])
def test_streamed_output_is_the_output_of_every_report_at_once(
    folder: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import ccg_rules
    from ccg_rules.render.text import render_statistics

    (folder / "broken.yaml").write_text("as_of: [\n", encoding="utf-8")  # a report no ruleset judged
    names = ["broken.yaml", *EXAMPLES]
    reports = [ccg_rules.check(name) for name in names]
    if fmt == "statistics":
        whole, options = render_statistics(reports), ["--statistics"]
    else:
        whole = render_text(reports) if fmt == "text" else render(fmt, reports)
        options = ["--format", fmt]
    assert main(["check", "--no-config", *options, *names]) == 2
    assert capsys.readouterr().out == whole


def test_an_output_file_that_cannot_be_opened_is_said_after_every_document(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "bad.yaml").write_text("as_of: [\n", encoding="utf-8")
    code = main(["check", "--no-config", "bad.yaml", "ccg-compliant.yaml", "--output", "missing/out.txt"])
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err == "ccg-rules: error: cannot write missing/out.txt: No such file or directory\n"


def test_no_document_still_writes_an_empty_output_file(folder: Path) -> None:
    (folder / "empty").mkdir()
    assert main(["check", "--no-config", "empty", "--output", "out.txt"]) == 2
    assert (folder / "out.txt").read_bytes() == b""


def _full_path_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents the full path checks from now on (the fast path's are not among them)."""
    import ccg_rules.pipeline.check

    calls: list[str] = []
    real = ccg_rules.pipeline.check.check

    def check(name: str, **kwargs: object) -> object:
        calls.append(name)
        return real(name, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ccg_rules.pipeline.check, "check", check)
    return calls


def test_a_folder_to_an_output_file_takes_the_fast_path_and_writes_what_the_full_path_would(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ccg_rules

    (folder / "docs").mkdir()
    for name in EXAMPLES:
        shutil.copy(folder / name, folder / "docs" / name)
    names = [f"docs/{name}" for name in sorted(EXAMPLES)]  # a folder's documents, by name
    whole = render_text([ccg_rules.check(name) for name in names])
    calls = _full_path_calls(monkeypatch)
    assert main(["check", "--no-config", "docs", "--output", "out.txt"]) == 1
    assert calls == []  # every document on the fast path
    assert (folder / "out.txt").read_text(encoding="utf-8") == whole
    assert capsys.readouterr() == ("", "")


def test_the_full_path_goes_on_writing_the_fast_paths_output_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ccg_rules

    (folder / "docs").mkdir()
    shutil.copy(folder / "ccg-compliant.yaml", folder / "docs" / "a.yaml")
    (folder / "docs" / "b.yaml").write_text("as_of: [\n", encoding="utf-8")  # the fast path cannot vouch
    shutil.copy(folder / "ccg-noncompliant.yaml", folder / "docs" / "c.yaml")
    names = ["docs/a.yaml", "docs/b.yaml", "docs/c.yaml"]
    whole = render_text([ccg_rules.check(name) for name in names])
    calls = _full_path_calls(monkeypatch)
    assert main(["check", "--no-config", "docs", "--output", "out.txt"]) == 2
    assert calls == ["docs/b.yaml", "docs/c.yaml"]
    assert (folder / "out.txt").read_text(encoding="utf-8") == whole


def test_an_output_file_the_fast_path_cannot_open_is_said_after_every_document(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _full_path_calls(monkeypatch)
    code = main(["check", "--no-config", "ccg-compliant.yaml", "--output", "missing/out.txt"])
    captured = capsys.readouterr()
    assert (code, captured.out, calls) == (2, "", [])
    assert captured.err == "ccg-rules: error: cannot write missing/out.txt: No such file or directory\n"
