"""The wheel: it carries the typed package, the rulesets and schemas, and works on its own."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import optional
from textscope import scope_line

pytestmark = pytest.mark.slow  # builds, unpacks and runs the wheel and the sdist

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
        "ccg_rules/fast/bundle.json",
        "ccg_rules/fast/typespec.json",
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
        "ccg.yaml: 0 errors, 0 warnings, 0 info; authorised [ccg-authorisation@2012]\n"
        + scope_line("ccg.yaml", "examples/ccg-compliant.yaml"),
        "",
    )
    proc = _run_unpacked(unpacked, tmp_path, "-m", "ccg_rules", "check", "bad.yaml")
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout.splitlines()[-2] == (
        "bad.yaml: 9 errors, 2 warnings, 0 info; authorised with conditions [ccg-authorisation@2012]"
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


def test_unpacked_wheel_checks_a_valid_document_on_the_fast_path(unpacked: Path, tmp_path: Path, repo: Path) -> None:
    # The wheel's bundle and type spec match its own data, so pydantic is never imported.
    shutil.copyfile(repo / "examples" / "ccg-compliant.yaml", tmp_path / "ccg.yaml")
    code = (
        "import sys; from ccg_rules.cli import main; code = main(['check', '-q', 'ccg.yaml']); "
        "print(code, 'pydantic' in sys.modules, 'ccg_rules.fast.check' in sys.modules)"
    )
    proc = _run_unpacked(unpacked, tmp_path, "-c", code)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "0 False True\n", "")


def test_schemas_help_works_outside_a_checkout(unpacked: Path, tmp_path: Path) -> None:
    proc = _run_unpacked(unpacked, tmp_path, "-m", "ccg_rules.schemas", "--help")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("usage: python -m ccg_rules.schemas [-h] [--write] [--folder DIR]\n")
    assert "exit codes: 0 up to date or written, 1 out of date" in " ".join(proc.stdout.split())


def test_schemas_outside_a_checkout_says_it_needs_one(unpacked: Path, tmp_path: Path) -> None:
    proc = _run_unpacked(unpacked, tmp_path, "-m", "ccg_rules.schemas")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "out of date" not in proc.stderr
    assert proc.stderr.startswith("python -m ccg_rules.schemas: error: ccg_rules runs from ")
    assert proc.stderr.endswith(
        "not from a source checkout, so there is no schemas/ folder to check; run it from a checkout, "
        "or give --folder DIR to check or write the schemas there\n"
    )
    assert len(proc.stderr.splitlines()) == 1


def test_schemas_write_and_check_a_given_folder(unpacked: Path, tmp_path: Path, repo: Path) -> None:
    out = tmp_path / "out"
    proc = _run_unpacked(unpacked, tmp_path, "-m", "ccg_rules.schemas", "--write", "--folder", "out")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.name for p in (repo / "schemas").glob("*.schema.json"))
    for name in written:
        assert (out / name).read_bytes() == (repo / "schemas" / name).read_bytes()
    proc = _run_unpacked(unpacked, tmp_path, "-m", "ccg_rules.schemas", "--folder", "out")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    (out / "report.schema.json").write_text("{}\n", encoding="utf-8")
    proc = _run_unpacked(unpacked, tmp_path, "-m", "ccg_rules.schemas", "--folder", "out")
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout == (
        "out/report.schema.json is out of date; run: python -m ccg_rules.schemas --write --folder out\n"
    )
    proc = _run_unpacked(unpacked, tmp_path, "-m", "ccg_rules.schemas", "--folder", "missing")
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2,
        "",
        "python -m ccg_rules.schemas: error: missing is not a folder\n",
    )


def test_schemas_in_the_checkout_are_up_to_date(repo: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ccg_rules.schemas"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


# ---------------------------------------------------------------------------------- the sdist

# Tracked files the sdist leaves out on purpose: the CI script and git's own settings.
NOT_IN_SDIST = (".ci/", ".gitignore")
# Test files run from the unpacked sdist (with the collection of the whole suite): they read
# mkdocs.yml, .pre-commit-hooks.yaml, the docs, schemas, rulesets and examples.
SDIST_TESTS = (
    "tests/test_docs.py",
    "tests/test_schemas.py",
    "tests/test_examples.py",
    "tests/test_ruleset_headers.py",
    "tests/test_precommit.py::test_the_hook_runs_one_process_for_all_files",
    "tests/test_precommit.py::test_hook_pattern_picks_constitution_files",
    "tests/test_packaging.py::test_schemas_in_the_checkout_are_up_to_date",
)


def _tracked(repo: Path) -> list[str]:
    if shutil.which("git") is None or not (repo / ".git").exists():
        pytest.skip("not a git checkout (e.g. this is the unpacked sdist): no tracked files to compare")
    proc = subprocess.run(
        ["git", "ls-files", "-z"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return sorted(name for name in proc.stdout.split("\0") if name and (repo / name).is_file())


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("sdist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(repo)],
        capture_output=True,
        text=True,
        timeout=BUILD_SECONDS * 3,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (built,) = out.glob("ccg_rules-*.tar.gz")
    return built


def _members(sdist: Path) -> tuple[str, set[str]]:
    with tarfile.open(sdist) as tf:
        names = [m.name for m in tf.getmembers() if m.isfile()]
    top = {name.split("/", 1)[0] for name in names}
    assert len(top) == 1, top
    (prefix,) = top
    return prefix, {name.split("/", 1)[1] for name in names}


def test_sdist_holds_every_tracked_file_but_the_ci_script(sdist: Path, repo: Path) -> None:
    _, members = _members(sdist)
    wanted = [n for n in _tracked(repo) if not n.startswith(NOT_IN_SDIST)]
    missing = [n for n in wanted if n not in members]
    assert missing == [], f"the sdist lacks {missing}"
    for name in ("LICENSE", "mkdocs.yml", ".pre-commit-hooks.yaml", "PKG-INFO", "pyproject.toml"):
        assert name in members
    assert not any(n.startswith((".ci/", "tests/artifacts/")) or "__pycache__" in n for n in members)


def test_sdist_metadata_has_the_license_urls_and_classifiers(sdist: Path) -> None:
    prefix, _ = _members(sdist)
    with tarfile.open(sdist) as tf:
        handle = tf.extractfile(f"{prefix}/PKG-INFO")
        assert handle is not None
        info = handle.read().decode("utf-8")
    for line in (
        "License-Expression: MIT",
        "License-File: LICENSE",
        "Project-URL: Repository, https://github.com/ccg-rules/ccg-rules",
        "Project-URL: Documentation, https://github.com/ccg-rules/ccg-rules/tree/main/docs",
        "Classifier: Programming Language :: Python :: 3.11",
        "Classifier: Programming Language :: Python :: 3.12",
        "Classifier: Programming Language :: Python :: 3.13",
    ):
        assert line in info.splitlines(), line


def test_the_unpacked_sdist_collects_the_whole_suite_and_passes_its_tests(
    sdist: Path, repo: Path, tmp_path: Path
) -> None:
    with tarfile.open(sdist) as tf:
        tf.extractall(tmp_path, filter="data")
    (root,) = tmp_path.iterdir()
    env = {k: v for k, v in os.environ.items() if k not in {"CCG_RULES_DEBUG", "PYTHONPATH"}}
    env["PYTHONPATH"] = str(root / "src")  # the sdist's own package, not the checkout's

    def pytest_in(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
            stdin=subprocess.DEVNULL,
        )

    proc = subprocess.run(
        [sys.executable, "-c", "import ccg_rules; print(ccg_rules.__file__)"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(proc.stdout.strip()).resolve().is_relative_to(root.resolve())
    unpacked = pytest_in(root, "--collect-only")
    checkout = pytest_in(repo, "--collect-only")
    assert unpacked.returncode == 0, unpacked.stdout[-3000:] + unpacked.stderr[-3000:]
    counted = unpacked.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d{4,} tests collected in [\d.]+s(?: \(\d+:\d\d:\d\d\))?", counted), counted
    assert counted.split(" in ")[0] == checkout.stdout.strip().splitlines()[-1].split(" in ")[0]
    run = pytest_in(root, *SDIST_TESTS)
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-3000:]
    tally = run.stdout.strip().splitlines()[-1]
    # Only test_examples.py's durable cases may be skipped, and only where durable is missing.
    skipped = ", 5 skipped" if optional.missing("durable") else ""
    # pytest adds the duration as h:mm:ss past a minute (a loaded machine).
    assert re.fullmatch(rf"\d{{2,}} passed{skipped} in [\d.]+s(?: \(\d+:\d\d:\d\d\))?", tally), tally
