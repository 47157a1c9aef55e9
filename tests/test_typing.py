"""A type checker catches misuse of the API: a misspelt engine or threshold, bytes given to
``check``, an optional field used as if it were always there. The README's Python snippet
passes ``mypy --strict`` and runs.

mypy runs once, in a fresh folder with no configuration but ``--strict``, over every
snippet below; each snippet's expected errors are its ``# E: code`` comments.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ccg_rules

pytestmark = pytest.mark.slow  # runs mypy --strict on the snippets in a subprocess

REPO = Path(__file__).resolve().parents[1]
MYPY_SECONDS = 300

SNIPPETS = {
    "good": """
import datetime as dt
import ccg_rules
from ccg_rules import EngineName, Severity, SeverityName

def run(path: str, engine: EngineName = "python", fail_on: SeverityName = "warning") -> int:
    report = ccg_rules.check(path, engine=engine, as_of=dt.date(2013, 1, 15))
    text = ccg_rules.check_text(b"a: 1\\n", filename="x.yaml", engine="durable")
    ccg_rules.validate(path, fail_on=fail_on)
    ccg_rules.validate_text("a: 1\\n", fail_on=Severity.INFO)
    worst = max((f.severity for f in report.findings), default=Severity.INFO)
    serious = [f for f in report.findings if f.severity >= Severity.WARNING]
    assert report.at_or_above("warning") == report.at_or_above(Severity.WARNING)
    return len(serious) + len(text.findings) + worst.rank
""",
    "bad_engine": """
import ccg_rules

ccg_rules.check("x.yaml", engine="pyhton")  # E: arg-type
ccg_rules.check_text("a: 1", engine="Python")  # E: arg-type
""",
    "bad_fail_on": """
import ccg_rules

ccg_rules.validate("x.yaml", fail_on="eror")  # E: arg-type
ccg_rules.validate_text("a: 1", fail_on="errors")  # E: arg-type
""",
    "bad_source": """
import ccg_rules
from pathlib import Path

ccg_rules.check(b"a: 1")  # E: arg-type
ccg_rules.check_text(Path("x.yaml"))  # E: arg-type
""",
    "bad_optional": """
import ccg_rules

report = ccg_rules.check("x.yaml")
print(report.ruleset.version)  # E: union-attr
print(report.findings[0].citation.provision)  # E: union-attr
""",
}


def _readme_snippet() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("From Python:") :]
    match = re.search(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert match, "README.md has no ```python block after 'From Python:'"
    return match.group(1)


def _expected(code: str) -> list[tuple[int, str]]:
    return [
        (number, m.group(1))
        for number, line in enumerate(code.splitlines(), start=1)
        if (m := re.search(r"# E: ([\w-]+)$", line))
    ]


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[int, str]]]:
    """Run mypy --strict once over every snippet; return each one's (line, error code)."""
    folder = tmp_path_factory.mktemp("typing")
    (folder / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    files = {"readme": _readme_snippet(), **SNIPPETS}
    for name, code in files.items():
        (folder / f"{name}.py").write_text(code.lstrip("\n"), encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--strict", "--config-file", "mypy.ini",
            "--cache-dir", str(folder / ".cache"), "--no-pretty", "--show-error-codes",
            "--no-error-summary", *(f"{name}.py" for name in files),
        ],
        cwd=folder, capture_output=True, text=True, timeout=MYPY_SECONDS, check=False,
    )
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    found: dict[str, list[tuple[int, str]]] = {name: [] for name in files}
    for line in proc.stdout.splitlines():
        m = re.match(r"^(\w+)\.py:(\d+): error: .* \[([\w-]+)\]$", line)
        if m is None:
            assert ": note: " in line, f"unexpected mypy output: {line}"
            continue
        found[m.group(1)].append((int(m.group(2)), m.group(3)))
    return found


def test_mypy_is_installed_with_the_test_extra() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("mypy ")


def test_the_readme_snippet_passes_mypy_strict(mypy_errors: dict[str, list[tuple[int, str]]]) -> None:
    assert mypy_errors["readme"] == []


def test_good_use_of_the_typed_api_passes(mypy_errors: dict[str, list[tuple[int, str]]]) -> None:
    assert mypy_errors["good"] == []


@pytest.mark.parametrize("name", [n for n in SNIPPETS if n.startswith("bad_")])
def test_misuse_is_caught_where_it_is(name: str, mypy_errors: dict[str, list[tuple[int, str]]]) -> None:
    expected = _expected(SNIPPETS[name].lstrip("\n"))
    assert expected, name
    assert mypy_errors[name] == expected


def test_the_readme_snippet_runs_and_prints_the_report(tmp_path: Path) -> None:
    script = tmp_path / "readme.py"
    script.write_text(_readme_snippet(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    lines = proc.stdout.splitlines()
    report = ccg_rules.check(REPO / "examples" / "ccg-noncompliant.yaml", file="examples/ccg-noncompliant.yaml")
    assert lines[0] == "authorised_with_conditions 2012 9"
    assert len(report.findings) == 11
    shown = lines[1:12]
    assert [line.split(" ", 2)[1] for line in shown] == [f.rule_id for f in report.findings]
    assert shown[0] == (
        "65 CFG-06-01 configuration risk assessment (2011) "
        "The registered population is 42,105, below 50,000; configuration risk is high."
    )
    assert json.loads("\n".join(lines[12:])) == json.loads(report.model_dump_json())
