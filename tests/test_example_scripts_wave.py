"""``examples/assess_wave.py``: the assessor's wave script, run as a user would run it."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

import ccg_rules
from ccg_rules import assess_wave, board_paper, wave_csv
from scripts import ccg_rules_names_used, run_script

pytestmark = pytest.mark.slow  # runs the example wave script in fresh processes

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "examples" / "assess_wave.py"
WAVE = REPO / "examples" / "wave"
BUNDLED = ("ccg-compliant.yaml", "ccg-noncompliant.yaml")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_script(SCRIPT.name, *args, cwd=cwd)


def _has_wave() -> bool:
    return WAVE.is_dir() and any(WAVE.glob("*.yaml"))


def test_the_script_uses_only_the_public_api() -> None:
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    used = ccg_rules_names_used(tree)
    assert used == {"assess_wave", "wave_csv", "board_paper"}
    assert set(used) <= set(ccg_rules.__all__)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert not (node.module or "").startswith("ccg_rules"), node.module
        if isinstance(node, ast.Import):
            assert all(a.name == "ccg_rules" or not a.name.startswith("ccg_rules") for a in node.names)


def test_a_copied_wave_gives_the_library_s_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wave_dir = tmp_path / "wave"
    wave_dir.mkdir()
    for name in BUNDLED:
        shutil.copyfile(REPO / "examples" / name, wave_dir / name)
    proc = _run("wave", "--csv", "wave.csv", "--markdown", "out/wave.md", cwd=tmp_path)
    assert proc.returncode == 2  # out/ does not exist: the error is plain, not a traceback
    assert proc.stderr.startswith("assess_wave.py: cannot write out/wave.md: No such file or directory")
    (tmp_path / "out").mkdir()
    proc = _run("wave", "--csv", "wave.csv", "--markdown", "out/wave.md", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == (
        "NHS Eastmarsh Clinical Commissioning Group: authorised (0 conditions, risk green)\n"
        "NHS Fenhollow Clinical Commissioning Group: authorised with conditions (11 conditions, risk red)\n"
        "wrote wave.csv\n"
        "wrote out/wave.md\n"
    )
    monkeypatch.chdir(tmp_path)
    wave = assess_wave(["wave"])
    assert (tmp_path / "wave.csv").read_bytes() == wave_csv(wave).encode()
    assert (tmp_path / "out" / "wave.md").read_bytes() == board_paper(wave).encode()
    assert str(tmp_path) not in (tmp_path / "wave.csv").read_text(encoding="utf-8")


def test_a_file_that_cannot_be_assessed_is_reported_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("- not a mapping\n", encoding="utf-8")
    shutil.copyfile(REPO / "examples" / BUNDLED[0], tmp_path / BUNDLED[0])
    proc = _run(".", "--csv", "wave.csv", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == (
        "broken.yaml: not assessed (1:1 The top level of the document is a list, "
        "but it must be a mapping of keys to values (key: value).)"
    )
    rows = (tmp_path / "wave.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["broken.yaml", BUNDLED[0]]


def test_the_default_is_the_example_wave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not _has_wave():
        # Until examples/wave exists the default names a missing folder: a row, not a crash.
        proc = _run(cwd=REPO)
        assert (proc.returncode, proc.stderr) == (1, "")
        assert proc.stdout == "examples/wave: not assessed (no such file)\n"
        return
    proc = _run("--csv", str(tmp_path / "wave.csv"), cwd=REPO)
    assert proc.stderr == ""
    monkeypatch.chdir(REPO)
    wave = assess_wave(["examples/wave"])
    assert len(wave.rows) >= 12
    assert proc.returncode == (1 if any(row.error for row in wave.rows) else 0)
    assert len(proc.stdout.splitlines()) == len(wave.rows) + 1
    assert (tmp_path / "wave.csv").read_text(encoding="utf-8") == wave_csv(wave)
