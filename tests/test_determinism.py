"""Reports are deterministic: across runs, processes, hash seeds, threads and line moves."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import ccg_rules
from ccg_rules import Report

Process = Callable[..., tuple[int, str, str, float]]
EXAMPLES = ("examples/ccg-compliant.yaml", "examples/ccg-noncompliant.yaml")
NONCOMPLIANT = EXAMPLES[1]


@pytest.fixture(autouse=True)
def _in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)


def test_checking_twice_gives_identical_json() -> None:
    first = ccg_rules.check(NONCOMPLIANT).model_dump_json(indent=2)
    second = ccg_rules.check(NONCOMPLIANT).model_dump_json(indent=2)
    assert first == second


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_fresh_processes_give_identical_bytes(run_process: Process, fmt: str) -> None:
    outputs = []
    for seed in ("0", "1", "12345"):  # different hash seeds expose any set or dict order leaking out
        code, out, err, _ = run_process("check", "--format", fmt, *EXAMPLES, env={"PYTHONHASHSEED": seed})
        assert (code, err) == (1, "")
        outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[2]


def test_subprocess_json_equals_in_process_json(run_process: Process) -> None:
    code, out, _, _ = run_process("check", "--format", "json", NONCOMPLIANT)
    assert code == 1
    (report,) = json.loads(out)["reports"]
    assert Report.model_validate(report) == ccg_rules.check(NONCOMPLIANT)


def test_findings_are_sorted_by_line_column_and_rule_id() -> None:
    report = ccg_rules.check(NONCOMPLIANT)
    keys = [(f.location.line, f.location.column, f.rule_id) for f in report.findings]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    # Several findings share a place, so the rule id really is the tie-breaker.
    assert [k[2] for k in keys if k[:2] == (187, 3)] == ["REG-11-01", "REG-11-06", "REG-11-09"]


def test_document_problems_are_sorted(tmp_path: Path) -> None:
    text = "format: ccg-document/1\nccg:\n  nme: x\n  odscode: 1\nextra: 1\n"
    report = ccg_rules.check_text(text.encode(), filename="x.yaml")
    keys = [(f.location.line, f.location.column, f.rule_id) for f in report.findings]
    assert keys == sorted(keys)
    assert len(keys) >= 4


def test_fingerprints_survive_a_comment_at_the_top(repo: Path) -> None:
    data = (repo / NONCOMPLIANT).read_bytes()
    before = ccg_rules.check_text(data, filename="x.yaml")
    after = ccg_rules.check_text(b"# an unrelated comment\n" + data, filename="x.yaml")
    assert len(before.findings) == 11
    assert [f.fingerprint for f in after.findings] == [f.fingerprint for f in before.findings]
    assert [f.rule_id for f in after.findings] == [f.rule_id for f in before.findings]
    assert [f.location.line for f in after.findings] == [f.location.line + 1 for f in before.findings]
    assert [f.location.column for f in after.findings] == [f.location.column for f in before.findings]
    assert len({f.fingerprint for f in before.findings}) == 11


def test_fingerprints_do_not_depend_on_the_order_of_people(repo: Path) -> None:
    # People are keyed by id, so moving a person's entry keeps the fingerprints.
    text = (repo / NONCOMPLIANT).read_text(encoding="utf-8")
    start = text.index("  - id: p-quinn\n")
    end = text.index("  - id: p-dobson\n")
    quinn = text[start:end]
    moved = text[:start] + text[end:]
    anchor = moved.index("  - id: p-garside\n")
    moved = moved[:anchor] + quinn + moved[anchor:]
    before = ccg_rules.check_text(text.encode(), filename="x.yaml")
    after = ccg_rules.check_text(moved.encode(), filename="x.yaml")
    assert after.valid is True
    assert sorted(f.fingerprint for f in after.findings) == sorted(f.fingerprint for f in before.findings)


def _serial() -> dict[str, str]:
    return {path: ccg_rules.check(path).model_dump_json() for path in EXAMPLES}


@pytest.mark.slow
def test_threads_give_the_same_reports_as_a_serial_run() -> None:
    serial = _serial()
    barrier = threading.Barrier(8)

    def worker(_: int) -> list[tuple[str, str]]:
        barrier.wait(timeout=30)
        return [(p, ccg_rules.check(p).model_dump_json()) for _ in range(20) for p in EXAMPLES]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = [item for batch in pool.map(worker, range(8)) for item in batch]
    assert len(results) == 8 * 20 * 2
    for path, text in results:
        assert text == serial[path]


@pytest.mark.slow
def test_threads_from_a_cold_start_give_the_same_reports(repo: Path) -> None:
    """In a fresh process the first checks race to load and compile the ruleset."""
    script = (
        "import threading, ccg_rules\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
        f"paths = {list(EXAMPLES)!r}\n"
        "barrier = threading.Barrier(8)\n"
        "def work(_):\n"
        "    barrier.wait(timeout=30)\n"
        "    return [(p, ccg_rules.check(p).model_dump_json()) for _ in range(20) for p in paths]\n"
        "with ThreadPoolExecutor(max_workers=8) as pool:\n"
        "    out = [x for batch in pool.map(work, range(8)) for x in batch]\n"
        "serial = {p: ccg_rules.check(p).model_dump_json() for p in paths}\n"
        "bad = sum(1 for p, t in out if t != serial[p])\n"
        "print(len(out), bad)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=repo, capture_output=True, text=True, timeout=120, check=False
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "320 0\n", "")
