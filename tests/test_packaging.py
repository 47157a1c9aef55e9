"""The wheel: it carries the typed package, the rulesets and schemas, and works on its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

BUILD_SECONDS = 60


def _pip_wheel(repo: Path, out: Path, isolated: bool) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(repo)]
    if not isolated:
        args.insert(5, "--no-build-isolation")
    return subprocess.run(
        args, capture_output=True, text=True, timeout=BUILD_SECONDS, check=False, stdin=subprocess.DEVNULL
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the project's wheel once (without build isolation when hatchling is installed)."""
    repo = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("wheelhouse")
    proc = _pip_wheel(repo, out, isolated=False)
    if proc.returncode != 0:  # the backend (hatchling) is not installed here: let pip fetch it
        proc = _pip_wheel(repo, out, isolated=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wheels = sorted(out.glob("ccg_rules-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


@pytest.fixture(scope="module")
def unpacked(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(root)
    return root


def test_wheel_name_matches_the_version(wheel: Path) -> None:
    import ccg_rules

    assert wheel.name == f"ccg_rules-{ccg_rules.__version__}-py3-none-any.whl"


@pytest.mark.parametrize(
    "name",
    [
        "ccg_rules/__init__.py",
        "ccg_rules/__main__.py",
        "ccg_rules/py.typed",
        "ccg_rules/_data/rulesets/ccg-authorisation/2012.yaml",
        "ccg_rules/_data/schemas/ccg-document.schema.json",
        "ccg_rules/_data/schemas/results.schema.json",
        "ccg_rules/_data/schemas/report.schema.json",
        "ccg_rules/_data/schemas/ruleset.schema.json",
    ],
)
def test_wheel_contains(wheel_names: set[str], name: str) -> None:
    assert name in wheel_names


def test_wheel_holds_every_source_module(wheel_names: set[str]) -> None:
    src = Path(__file__).resolve().parents[1] / "src"
    modules = {p.relative_to(src).as_posix() for p in (src / "ccg_rules").rglob("*.py")}
    assert modules <= wheel_names


def test_wheel_bundles_the_same_ruleset_bytes(wheel: Path, repo: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        packaged = zf.read("ccg_rules/_data/rulesets/ccg-authorisation/2012.yaml")
    assert packaged == (repo / "rulesets" / "ccg-authorisation" / "2012.yaml").read_bytes()


def test_wheel_declares_the_console_script(wheel: Path) -> None:
    import ccg_rules

    with zipfile.ZipFile(wheel) as zf:
        entry_points = zf.read(f"ccg_rules-{ccg_rules.__version__}.dist-info/entry_points.txt").decode()
    assert "[console_scripts]\nccg-rules = ccg_rules.cli:main\n" in entry_points


def _run_unpacked(unpacked: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(unpacked)
    env.pop("CCG_RULES_DEBUG", None)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_unpacked_wheel_uses_its_own_data(unpacked: Path, tmp_path: Path) -> None:
    proc = _run_unpacked(
        unpacked,
        tmp_path,
        "-c",
        "import ccg_rules, ccg_rules.resources as r; "
        "print(ccg_rules.__file__); print(r.data_root('rulesets')); print(r.data_root('schemas'))",
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    module_file, rulesets, schemas = (Path(line) for line in proc.stdout.splitlines())
    assert module_file.resolve() == (unpacked / "ccg_rules" / "__init__.py").resolve()
    assert rulesets.resolve() == (unpacked / "ccg_rules" / "_data" / "rulesets").resolve()
    assert schemas.resolve() == (unpacked / "ccg_rules" / "_data" / "schemas").resolve()
    assert rulesets.resolve().is_relative_to(unpacked.resolve())


def test_unpacked_wheel_checks_a_document(unpacked: Path, tmp_path: Path, repo: Path) -> None:
    shutil.copyfile(repo / "examples" / "ccg-compliant.yaml", tmp_path / "ccg.yaml")
    shutil.copyfile(repo / "examples" / "ccg-noncompliant.yaml", tmp_path / "bad.yaml")
    proc = _run_unpacked(unpacked, tmp_path, "-m", "ccg_rules", "check", "ccg.yaml")
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0,
        "ccg.yaml: 0 errors, 0 warnings, 0 info; authorised [ccg-authorisation@2012]\n",
        "",
    )
    proc = _run_unpacked(unpacked, tmp_path, "-m", "ccg_rules", "check", "bad.yaml")
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout.splitlines()[-1] == (
        "bad.yaml: 10 errors, 2 warnings, 0 info; not authorisable [ccg-authorisation@2012]"
    )
    proc = _run_unpacked(
        unpacked,
        tmp_path,
        "-c",
        "import ccg_rules; r = ccg_rules.check('ccg.yaml'); "
        "print(r.outcome.value, r.ruleset.id, r.ruleset.version, ccg_rules.__file__)",
    )
    assert proc.returncode == 0, proc.stderr
    outcome, ruleset_id, version, module_file = proc.stdout.split()
    assert (outcome, ruleset_id, version) == ("authorised", "ccg-authorisation", "2012")
    assert Path(module_file).resolve().is_relative_to(unpacked.resolve())
