"""Tests that need an optional part are skipped with the reason where it is missing, and fail on CI.

Each case runs pytest on real test files in a subprocess, with the part made unavailable:
Chromium by ``CCG_TEST_CHROMIUM=none`` (the browser is not touched), durable-rules by a
``durable_rules_engine`` module on ``PYTHONPATH`` that raises ImportError, so that the
engine itself cannot load it either.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import optional

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_REASON = (
    "no headless Chromium (chromium or chromium-browser on PATH); install it, "
    "e.g. `apt-get install chromium`, to run the browser tests"
)


def _pytest(*args: str, env: dict[str, str]) -> tuple[int, str]:
    full = {k: v for k, v in os.environ.items() if k not in {"CI", optional.CHROMIUM_ENV, "PYTHONPATH"}}
    full.update(env)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *args],
        cwd=REPO,
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return proc.returncode, proc.stdout + proc.stderr


def _tally(output: str) -> dict[str, int]:
    last = output.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|skipped|failed|errors?)", last)}


@pytest.mark.slow
def test_without_chromium_the_browser_tests_are_skipped_with_the_reason() -> None:
    code, out = _pytest("tests/test_browser.py", env={optional.CHROMIUM_ENV: "none"})
    assert code == 0, out
    assert _tally(out) == {"skipped": 6}
    skipped = re.findall(r"SKIPPED \[(\d+)\] tests/test_browser.py(?::\d+)?: " + re.escape(CHROMIUM_REASON), out)
    assert sum(int(n) for n in skipped) == 6, out


@pytest.mark.slow
def test_without_chromium_on_ci_the_browser_tests_fail() -> None:
    code, out = _pytest("tests/test_browser.py", env={optional.CHROMIUM_ENV: "none", "CI": "true"})
    assert code == 1, out
    assert _tally(out) == {"errors": 6}
    assert out.count(f"Failed: CI=true and {CHROMIUM_REASON}") == 6
    assert "SKIPPED" not in out


def _hide_durable(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "durable_rules_engine.py").write_text(
        'raise ImportError("hidden by test_optional")\n', encoding="utf-8"
    )
    return {"PYTHONPATH": str(tmp_path)}


@pytest.mark.slow
def test_without_durable_its_tests_are_skipped_and_the_rest_run(tmp_path: Path) -> None:
    code, out = _pytest("tests/test_examples.py", "-k", "matches_the_table", env=_hide_durable(tmp_path))
    assert code == 0, out
    assert _tally(out) == {"passed": 5, "skipped": 5}
    if sys.version_info >= optional.DURABLE_MIN_UNSUPPORTED:
        reason = "durable-rules does not install on Python 3.13+"
    else:
        reason = "durable-rules does not import (hidden by test_optional); install ccg-rules[durable]"
    assert re.search(rf"SKIPPED \[5\] tests/test_examples\.py:\d+: {re.escape(reason)}", out), out


@pytest.mark.slow
def test_without_durable_on_ci_its_tests_fail_where_it_can_be_installed(tmp_path: Path) -> None:
    env = {**_hide_durable(tmp_path), "CI": "true"}
    code, out = _pytest("tests/test_examples.py", "-k", "matches_the_table", env=env)
    if sys.version_info >= optional.DURABLE_MIN_UNSUPPORTED:
        assert (code, _tally(out)) == (0, {"passed": 5, "skipped": 5}), out
    else:
        assert (code, _tally(out)) == (1, {"passed": 5, "errors": 5}), out
        assert out.count("Failed: CI=true and durable-rules does not import (hidden by test_optional)") == 5


def test_a_named_browser_overrides_the_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    optional.chromium.cache_clear()
    try:
        monkeypatch.setenv(optional.CHROMIUM_ENV, "/opt/some/chromium")
        assert optional.chromium() == "/opt/some/chromium"
        optional.chromium.cache_clear()
        monkeypatch.setenv(optional.CHROMIUM_ENV, "None")
        assert optional.chromium() is None
    finally:
        optional.chromium.cache_clear()


def test_the_test_extra_leaves_durable_out_exactly_where_its_tests_are_excused() -> None:
    import tomllib

    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    markers = {
        req.split(";", 1)[1].strip()
        for name in ("durable", "test")
        for req in extras["optional-dependencies"][name]
        if req.startswith("durable-rules")
    }
    major, minor = optional.DURABLE_MIN_UNSUPPORTED
    assert markers == {f"python_version < '{major}.{minor}'"}
