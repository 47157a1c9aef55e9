"""The pre-commit hook, run by the real ``pre-commit`` on a throwaway repository.

The hook repository is a fresh git repository holding a copy of this checkout's package
files (so uncommitted work is what gets tested, as ``pre-commit try-repo`` would do);
pre-commit builds its own virtual environment and installs ccg-rules into it from there,
which needs the package index. Building it takes a while, so the environment is made
once (``PRE_COMMIT_HOME`` in a temporary folder) and shared by the runs below.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from ccg_rules import check
from ccg_rules.render.text import render_text

pytestmark = pytest.mark.slow  # runs pre-commit in a fresh git repository

REPO = Path(__file__).resolve().parents[1]
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src", "rulesets", "schemas")
HOOK_FILES = re.compile(yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]["files"])
FINDING = re.compile(
    r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (error|warning|info) [A-Z][A-Z0-9-]+ .+$"
)
TIMEOUT = 600

Run = Callable[..., subprocess.CompletedProcess[str]]


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.run(
        ["git", "-c", "user.name=ccg-rules tests", "-c", "user.email=tests@example.invalid", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return proc.stdout.strip()


def _hook_repository(where: Path) -> tuple[Path, str]:
    """A git repository with this checkout's package files, committed; and its commit."""
    where.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache")
    for name in PACKAGE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, where / name, ignore=ignore)
        else:
            shutil.copy2(source, where / name)
    _git(where, "init", "--quiet")
    _git(where, "add", "--all")
    _git(where, "commit", "--quiet", "--no-verify", "-m", "snapshot of the checkout")
    return where, _git(where, "rev-parse", "HEAD")


WAIVERS = """\
format: ccg-waivers/1
waivers:
  - rule: REG-11-11
    target: /governing_body/members/2
    justification: The interim accountable officer also acts as chief finance officer until March.
    approved_by: Governing body
    approved_on: 2013-01-10
    expires: 2013-03-31
    reference: GB minute 2013/004
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """A repository that uses the hook, and a function running pre-commit in it."""
    base = tmp_path_factory.mktemp("precommit")
    hooks, rev = _hook_repository(base / "hooks")
    project = base / "project"
    project.mkdir()
    _git(project, "init", "--quiet")
    shutil.copy2(REPO / "examples" / "ccg-compliant.yaml", project / "ccg-pass.yaml")
    (project / "governance").mkdir()
    shutil.copy2(REPO / "examples" / "ccg-noncompliant.yaml", project / "governance" / "ccg-fail.yaml")
    (project / "governance" / "ccg-fail.waivers.yaml").write_text(WAIVERS, encoding="utf-8")
    (project / "notes.yaml").write_text("just: some other yaml\n", encoding="utf-8")
    config = {
        "repos": [
            {
                "repo": hooks.as_posix(),
                "rev": rev,
                "hooks": [{"id": "ccg-rules", "args": ["--ruleset", "ccg-authorisation@2012"]}],
            }
        ]
    }
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(project, "add", "--all")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "CCG_RULES", "GIT_"))}
    env["PRE_COMMIT_HOME"] = str(base / "cache")
    env["PRE_COMMIT_COLOR"] = "never"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--color", "never", *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )

    return project, run


def _finding_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if FINDING.match(line)]


def test_the_hook_runs_one_process_for_all_files() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["require_serial"] is True


def test_hook_pattern_picks_constitution_files() -> None:
    for name in ("ccg.yaml", "ccg-eastmarsh.yml", "governance/constitution-2013.yaml", "a/b/ccg_x.yaml"):
        assert HOOK_FILES.search(name), name
    for name in ("notes.yaml", "my-ccg.yaml", ".ccg-rules.yaml", "ccg.json", "ccg/other.yaml"):
        assert not HOOK_FILES.search(name), name


def test_passing_file_passes(project: tuple[Path, Run]) -> None:
    _, run = project
    proc = run("ccg-rules", "--files", "ccg-pass.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^ccg-rules \(CCG constitutions\)\.+Passed$", proc.stdout, re.M), proc.stdout


def test_failing_file_fails_with_the_same_lines_as_the_library(project: tuple[Path, Run]) -> None:
    root, run = project
    proc = run("ccg-rules", "--files", "governance/ccg-fail.yaml", "notes.yaml")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert re.search(r"^ccg-rules \(CCG constitutions\)\.+Failed$", proc.stdout, re.M), proc.stdout
    lines = _finding_lines(proc.stdout)
    assert lines, proc.stdout
    assert {FINDING.match(line)["file"] for line in lines} == {"governance/ccg-fail.yaml"}  # type: ignore[index]
    # The hook's own waiver file beside the document is applied, exactly as by the library.
    cwd = Path.cwd()
    os.chdir(root)
    try:
        report = check("governance/ccg-fail.yaml", ruleset="ccg-authorisation@2012")
    finally:
        os.chdir(cwd)
    assert report.counts.waived == 1
    expected = render_text([report]).splitlines()
    assert lines == expected[:-2]  # then the summary and the scope lines
    assert expected[-2] in proc.stdout.splitlines()
    assert expected[-1] in proc.stdout.splitlines()
    assert not any(" REG-11-11 " in line for line in lines)


def test_all_files_checks_constitutions_only(project: tuple[Path, Run]) -> None:
    _, run = project
    proc = run("--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    summaries = [line for line in proc.stdout.splitlines() if re.match(r"^\S+\.ya?ml: \d+ errors?, ", line)]
    assert sorted(s.split(":")[0] for s in summaries) == ["ccg-pass.yaml", "governance/ccg-fail.yaml"]


def test_the_readme_snippet_runs_once_its_rev_is_a_commit(project: tuple[Path, Run]) -> None:
    root, run = project
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (snippet,) = re.findall(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", readme, re.S)
    config = yaml.safe_load(snippet)
    (entry,) = config["repos"]
    assert entry["rev"] == "COMMIT"  # the placeholder the README tells the user to replace
    hooks = root.parent / "hooks"
    entry["repo"], entry["rev"] = hooks.as_posix(), _git(hooks, "rev-parse", "HEAD")
    (root / "readme-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(root, "add", "readme-config.yaml")
    proc = run("--config", "readme-config.yaml", "ccg-rules", "--files", "ccg-pass.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^ccg-rules \(CCG constitutions\)\.+Passed$", proc.stdout, re.M), proc.stdout
