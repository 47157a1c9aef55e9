"""Benchmarks for ccg-rules: cold start, throughput, scaling and ruleset loading.

Run from the repository root, with the package and the ``bench`` tools installed
(``pip install -e ".[test]" yamllint check-jsonschema``)::

    python bench/bench.py            # everything (a few minutes)
    python bench/bench.py --quick    # fewer repetitions

It prints a table per section; bench/RESULTS.md records the figures of a run and the
machine it ran on. Nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from typical import typical_document  # noqa: E402


def _tool(name: str) -> str:
    """A command beside this interpreter (a virtual environment's bin), else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def _median_seconds(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))


def _table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n## {title}\n")
    print(_row(header, widths))
    print(_row(["-" * w for w in widths], widths))
    for r in rows:
        print(_row(r, widths))


def cold_start(runs: int) -> None:
    """Wall time of one CLI run on one typical document, beside yamllint and check-jsonschema."""
    doc = ROOT / "examples" / "ccg-compliant.yaml"
    tools = {
        "ccg-rules check": [sys.executable, "-m", "ccg_rules", "check", str(doc)],
        "ccg-rules check (console script)": [_tool("ccg-rules"), "check", str(doc)],
        "yamllint": [_tool("yamllint"), "-d", "relaxed", str(doc)],
        "check-jsonschema": [
            _tool("check-jsonschema"),
            "--schemafile",
            str(ROOT / "schemas" / "ccg-document.schema.json"),
            str(doc),
        ],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    results = {}
    for name, cmd in tools.items():
        if shutil.which(cmd[0]) is None and not Path(cmd[0]).exists():
            results[name] = None
            continue
        _median_seconds(cmd, 1)  # warm the file cache
        results[name] = _median_seconds(cmd, runs)
    ours = results["ccg-rules check (console script)"]
    rows = []
    for name, seconds in results.items():
        if seconds is None:
            rows.append([name, "not installed", "-"])
        else:
            ratio = f"{ours / seconds:.2f}x" if ours and name not in ("python -c pass",) else "-"
            rows.append([name, f"{seconds * 1000:.0f} ms", ratio])
    _table(
        f"Cold start (median of {runs} runs, one document)",
        ["command", "wall time", "ccg-rules / this"],
        rows,
    )


def _per_second(fn: Callable[[], object], seconds: float) -> tuple[float, float]:
    """Run ``fn`` repeatedly for about ``seconds``; return (calls per second, mean ms)."""
    fn()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn()
        count += 1
    elapsed = time.perf_counter() - start
    return count / elapsed, elapsed / count * 1000


def throughput(seconds: float) -> None:
    """Documents per second in one process for a typical document, per engine, against the parse floor."""
    import ccg_rules
    from ccg_rules._yaml import load_yaml
    from ccg_rules.documents import load_document

    data = yaml.safe_dump(typical_document(1), sort_keys=False).encode()
    text = data.decode()
    floor_rate, floor_ms = _per_second(lambda: yaml.load(text, Loader=yaml.CSafeLoader), seconds)
    ours_load_rate, ours_load_ms = _per_second(lambda: load_yaml(data), seconds)
    validate_rate, validate_ms = _per_second(lambda: load_document(data), seconds)
    rows = [
        ["yaml.load(CSafeLoader) (the floor)", f"{floor_rate:,.0f}", f"{floor_ms:.2f}", "1.00x"],
        [
            "positioned YAML load",
            f"{ours_load_rate:,.0f}",
            f"{ours_load_ms:.2f}",
            f"{ours_load_ms / floor_ms:.2f}x",
        ],
        [
            "load + validate (pydantic)",
            f"{validate_rate:,.0f}",
            f"{validate_ms:.2f}",
            f"{validate_ms / floor_ms:.2f}x",
        ],
    ]
    for engine in ("python", "durable"):
        rate, ms = _per_second(lambda e=engine: ccg_rules.check(data, engine=e), seconds)
        rows.append(
            [f"check, {engine} engine (end to end)", f"{rate:,.0f}", f"{ms:.2f}", f"{ms / floor_ms:.2f}x"]
        )
    report = ccg_rules.check(data)
    _table(
        f"Throughput: typical document ({len(text.splitlines())} lines, "
        f"{report.counts.total} findings, ruleset {report.ruleset.version if report.ruleset else '-'})",
        ["stage", "docs/s", "ms/doc", "x floor"],
        rows,
    )
    print(f"\nparse share of the python-engine check: {ours_load_ms / float(rows[3][2]) * 100:.0f} %")


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _scaled_in_subprocess(scale: int) -> tuple[float, float]:
    code = f"""
import sys, time, resource, yaml
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from typical import typical_document
import ccg_rules
data = yaml.safe_dump(typical_document({scale}), sort_keys=False).encode()
ccg_rules.check(yaml.safe_dump(typical_document(1), sort_keys=False).encode())
start = time.perf_counter(); r = ccg_rules.check(data); t = time.perf_counter() - start
print(t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(r.findings), len(data))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def scaling() -> None:
    """Time and peak memory at 1x, 10x and 100x the typical size; memory over 1,000 documents."""
    rows = []
    base = None
    for scale in (1, 10, 100):
        seconds, peak_mib = _scaled_in_subprocess(scale)
        base = base or seconds
        rows.append(
            [f"{scale}x", f"{seconds * 1000:,.0f} ms", f"{seconds / base:,.1f}x", f"{peak_mib:,.0f} MiB"]
        )
    _table(
        "Scaling: one document of growing size (separate processes)",
        ["size", "check", "vs 1x", "peak RSS"],
        rows,
    )

    import ccg_rules

    rows = []
    docs = [yaml.safe_dump(typical_document(1, seed=s), sort_keys=False).encode() for s in range(50)]
    gc.collect()
    start_rss = _rss_kib()
    for i in range(1000):
        ccg_rules.check(docs[i % 50])
        if (i + 1) % 250 == 0:
            gc.collect()
            rows.append(
                [str(i + 1), f"{_rss_kib() / 1024:,.1f} MiB", f"{(_rss_kib() - start_rss) / 1024:+.1f} MiB"]
            )
    _table("Memory over 1,000 documents in one process (python engine)", ["documents", "RSS", "growth"], rows)


def ruleset_load() -> None:
    """Time to load and compile every ruleset version, cold (new process) and cached."""
    code = """
import time
start = time.perf_counter()
from ccg_rules import available_rulesets, load_ruleset
imported = time.perf_counter()
versions = available_rulesets()
for v in versions:
    load_ruleset(v.ref)
cold = time.perf_counter()
for v in versions:
    load_ruleset(v.ref)
warm = time.perf_counter()
rules = sum(len(load_ruleset(v.ref).rules) for v in versions)
print(len(versions), rules, imported - start, cold - imported, warm - cold)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    n, rules, imp, cold, warm = int(out[0]), int(out[1]), float(out[2]), float(out[3]), float(out[4])
    _table(
        "Ruleset loading",
        ["what", "time"],
        [
            ["import the library", f"{imp * 1000:.0f} ms"],
            [f"load + compile {n} versions ({rules} rules in all)", f"{cold * 1000:.0f} ms"],
            ["the same again (cached in the process)", f"{warm * 1000:.2f} ms"],
        ],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", choices=("cold", "throughput", "scaling", "rulesets"))
    args = parser.parse_args()
    os.chdir(ROOT)
    print(
        f"# ccg-rules benchmarks\n\n{platform.python_implementation()} {platform.python_version()} on "
        f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"
    )
    with tempfile.TemporaryDirectory():
        if args.only in (None, "cold"):
            cold_start(5 if args.quick else 15)
        if args.only in (None, "throughput"):
            throughput(1.0 if args.quick else 3.0)
        if args.only in (None, "scaling"):
            scaling()
        if args.only in (None, "rulesets"):
            ruleset_load()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
