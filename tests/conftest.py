"""Shared fixtures (the repository root, the CLI in-process and as a subprocess, goldens) and the
skip-or-fail decision for tests that need an optional part (see ``optional.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

import optional

# Reports carry the day they were made; the suite fixes it (reproducible-builds.org's
# SOURCE_DATE_EPOCH, inherited by every subprocess) so goldens hold on any day.
TEST_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
os.environ["SOURCE_DATE_EPOCH"] = TEST_EPOCH

# Property tests draw fresh examples on a developer's machine, where a new counterexample is a
# find to keep (as an @example); under CI=true they draw the same examples on every run, so that
# a landing is never turned red by the luck of the draw.
# Neither has a deadline: a test asserts behaviour, not speed (the benchmark measures that),
# and an example that is slow only because the machine is busy is not a failure.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")

REPO = Path(__file__).resolve().parents[1]
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
UPDATE_GOLDENS_ENV = "CCG_UPDATE_GOLDENS"

CliResult = tuple[int, str, str]
ProcessResult = tuple[int, str, str, float]


@pytest.fixture
def repo() -> Path:
    """The repository root (the folder holding ``pyproject.toml``)."""
    assert (REPO / "pyproject.toml").is_file()
    return REPO


@pytest.fixture
def run_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., CliResult]:
    """Run ``ccg_rules.cli.main`` in-process from the repository root.

    Returns a function ``run_cli(*args) -> (exit_code, stdout, stderr)``; the output of
    each call is only what that call printed.
    """
    from ccg_rules import cli

    monkeypatch.chdir(REPO)

    def run(*args: str) -> CliResult:
        capsys.readouterr()  # drop anything printed before this call
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def run_process() -> Callable[..., ProcessResult]:
    """Run ``python -m ccg_rules`` in a subprocess.

    Returns a function ``run_process(*args, cwd=REPO, env=None, timeout=60)`` giving
    ``(exit_code, stdout, stderr, wall_seconds)``. Output is decoded from UTF-8 without
    newline translation, so it is exactly the bytes the program wrote.
    """

    def run(
        *args: str,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> ProcessResult:
        full_env = dict(os.environ)
        full_env.pop("CCG_RULES_DEBUG", None)
        if env:
            full_env.update(env)
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "ccg_rules", *args],
            cwd=cwd or REPO,
            env=full_env,
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        seconds = time.perf_counter() - start
        return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"), seconds

    return run


def _check_golden(name: str, actual: str) -> None:
    path = GOLDEN_DIR / name
    data = actual.encode("utf-8")
    if os.environ.get(UPDATE_GOLDENS_ENV) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.is_file(), f"golden file tests/golden/{name} is missing; run with {UPDATE_GOLDENS_ENV}=1"
    expected = path.read_bytes()
    assert data == expected, (
        f"output differs from tests/golden/{name}; if the change is intended, "
        f"rerun with {UPDATE_GOLDENS_ENV}=1 and review the diff"
    )


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """``golden(name, text)``: compare ``text`` byte for byte with ``tests/golden/<name>``.

    With the environment variable ``CCG_UPDATE_GOLDENS=1`` the golden file is rewritten
    from ``text`` instead.
    """
    return _check_golden


_MUST_FAIL = pytest.StashKey[str]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip, with the reason, each test whose optional part is missing; on CI, mark it to fail."""
    for item in items:
        for marker, part in optional.MARKERS.items():
            if item.get_closest_marker(marker) is None:
                continue
            gap = optional.missing(part)
            if gap is None:
                continue
            reason, required_on_ci = gap
            if required_on_ci and optional.under_ci():
                item.stash[_MUST_FAIL] = f"CI=true and {reason}"
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = item.stash.get(_MUST_FAIL, None)
    if reason is not None:
        pytest.fail(reason, pytrace=False)
