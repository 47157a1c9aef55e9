"""Benchmarks for ccg-rules: cold start, throughput, scaling and ruleset loading.

Run from the repository root with any Python 3.11+ that has PyYAML and ``build``::

    python bench/bench.py                # everything (several minutes)
    python bench/bench.py --quick        # fewer repetitions
    python bench/bench.py --only table   # the figures of issue 15 only
    python bench/bench.py --venv DIR     # keep (and reuse) the scratch environment in DIR

The script first builds a wheel of this checkout and installs it, with the ``bench``
extra (yamllint, check-jsonschema), into a scratch virtual environment, so that the
package runs as users get it, with compiled bytecode; then it runs itself again with
that environment's interpreter.

It prints Markdown tables; bench/RESULTS.md records the figures of a run and the machine
it ran on. Nothing here runs in the test suite.

Every subprocess runs with bytecode caching on, in a private cache folder
(``PYTHONPYCACHEPREFIX``), whatever ``PYTHONDONTWRITEBYTECODE`` says: an installed
package has compiled bytecode, and a cold start without it measures the compiler.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import re
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
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from typical import typical_document  # noqa: E402

SCHEMA = ROOT / "schemas" / "ccg-document.schema.json"
_ENV: dict[str, str] = {}


def _env() -> dict[str, str]:
    """The environment for subprocesses: bytecode cached in a private folder."""
    return _ENV


def _tool(name: str) -> str | None:
    """A command beside this interpreter (a virtual environment's bin), else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def _times(cmd: list[str], runs: int, cwd: Path) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            cmd, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        out.append(time.perf_counter() - start)
    return out


def _table(title: str, header: list[str], rows: list[list[str]], note: str = "") -> None:
    print(f"\n## {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    if note:
        print(f"\n{note}")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _typical_file(folder: Path) -> Path:
    path = folder / "typical.yaml"
    path.write_text(yaml.safe_dump(typical_document(1), sort_keys=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------
# Cold start


_FLOOR = "import yaml\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM(x=1)"


def cold_start(runs: int, folder: Path) -> None:
    """Wall time of one run on the typical document, beside yamllint and check-jsonschema.

    The commands are interleaved (one run of each in turn), so load from elsewhere on the
    machine falls on all of them alike; median and minimum are both given.
    """
    doc = _typical_file(folder)
    ours = _tool("ccg-rules")
    tools: dict[str, list[str] | None] = {
        "ccg-rules check": [ours, "check", doc.name] if ours else None,
        "yamllint": [y, "-d", "relaxed", doc.name] if (y := _tool("yamllint")) else None,
        "check-jsonschema": (
            [c, "--schemafile", str(SCHEMA), doc.name] if (c := _tool("check-jsonschema")) else None
        ),
        "python -c pass": [sys.executable, "-c", "pass"],
        # The floor of this design: the two libraries a check cannot do without, with one
        # model built (pydantic's package import alone is lazy and nearly free).
        "python: pydantic + PyYAML, one model": [sys.executable, "-c", _FLOOR],
    }
    present = {k: v for k, v in tools.items() if v is not None}
    for cmd in present.values():
        _times(cmd, 2, folder)  # compile bytecode, warm the file cache
    samples: dict[str, list[float]] = {k: [] for k in present}
    for _ in range(runs):
        for name, cmd in present.items():
            samples[name] += _times(cmd, 1, folder)
    med = {k: statistics.median(v) for k, v in samples.items()}
    low = {k: min(v) for k, v in samples.items()}
    rows = []
    base = "ccg-rules check"
    for name in tools:
        if name not in present:
            rows.append([name, "not installed", "-", "-", "-"])
            continue
        ratio = (
            f"{med[base] / med[name]:.2f}x" if base in med and name != base and "python" not in name else "-"
        )
        ratio_min = (
            f"{low[base] / low[name]:.2f}x" if base in low and name != base and "python" not in name else "-"
        )
        rows.append([name, _ms(med[name]), _ms(low[name]), ratio, ratio_min])
    _table(
        f"Cold start: one typical document ({len(doc.read_text().splitlines())} lines), {runs} runs each",
        ["command", "median", "min", "ccg-rules / this (median)", "ccg-rules / this (min)"],
        rows,
        "Targets: ccg-rules <= 1.00x yamllint; <= 0.50x check-jsonschema.",
    )


_ANATOMY = r"""
import time
t0 = time.perf_counter()
from ccg_rules.cli import _parser
t1 = time.perf_counter()
args = _parser().parse_args(["check", DOC])
import ccg_rules.pipeline.check, ccg_rules.pipeline.load
t2 = time.perf_counter()
from ccg_rules.rules.catalog import family_versions
family = family_versions("ccg-authorisation")
t3 = time.perf_counter()
from ccg_rules.pipeline.load import load_document
loaded = load_document(DOC)
t4 = time.perf_counter()
from ccg_rules.rules.catalog import select_ruleset
ruleset, _ = select_ruleset(None, loaded.document.as_of)
t5 = time.perf_counter()
from ccg_rules.pipeline.check import check
report = check(DOC)
t6 = time.perf_counter()
from ccg_rules.render import render
text = render("text", [report])
t7 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6)
"""


def anatomy(runs: int, folder: Path) -> None:
    """Where a cold ``ccg-rules check`` spends its time, phase by phase (fresh processes)."""
    doc = _typical_file(folder)
    code = _ANATOMY.replace("DOC", repr(doc.name))
    phases = [
        "import the CLI, parse arguments",
        "import the check path (pydantic, models, PyYAML)",
        "read the 7 version headers",
        "read + validate the document (first model build)",
        "load + compile the version in force",
        "check() again, now warm (load, flatten, match, report)",
        "render text",
    ]
    samples: list[list[float]] = [[] for _ in phases]
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=folder, env=_env(), capture_output=True, text=True, check=True
        ).stdout.split()
        for i, value in enumerate(out):
            samples[i].append(float(value))
    rows = [[p, _ms(min(s)), _ms(statistics.median(s))] for p, s in zip(phases, samples, strict=True)]
    rows.append(["total", _ms(sum(min(s) for s in samples)), _ms(sum(statistics.median(s) for s in samples))])
    _table(
        f"Cold start anatomy: phases of one check in a fresh process ({runs} runs)",
        ["phase", "min", "median"],
        rows,
        "The interpreter's own start-up (`python -c pass`) comes on top of these.",
    )
    _import_profile(runs, folder, doc)


def _import_profile(runs: int, folder: Path, doc: Path) -> None:
    """The modules with the most import time of their own in a cold ``check`` run."""
    code = f"from ccg_rules.cli import main; main(['check', {doc.name!r}])"
    self_us: dict[str, list[int]] = {}
    cumulative: dict[str, list[int]] = {}
    for _ in range(runs):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code],
            cwd=folder,
            env=_env(),
            capture_output=True,
            text=True,
            check=False,
        ).stderr
        for line in err.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
            if m:
                self_us.setdefault(m.group(4), []).append(int(m.group(1)))
                cumulative.setdefault(m.group(4), []).append(int(m.group(2)))
    groups: dict[str, int] = {}
    for name, values in self_us.items():
        top = name.split(".")[0]
        key = name if top == "ccg_rules" else top
        groups[key] = groups.get(key, 0) + min(values)
    total = sum(groups.values())
    rows = [
        [name, f"{us / 1000:.1f} ms", f"{us / total * 100:.0f} %"]
        for name, us in sorted(groups.items(), key=lambda kv: -kv[1])[:14]
    ]
    rows.append(["all imports", f"{total / 1000:.1f} ms", "100 %"])
    _table(
        "Import profile of a cold check (`-X importtime`, own time, min of the runs; "
        "third-party packages summed per package)",
        ["module or package", "own import time", "share"],
        rows,
    )


# --------------------------------------------------------------------------------------
# Throughput


def _per_second(fn: Callable[[], object], seconds: float) -> tuple[float, float]:
    """Run ``fn`` repeatedly for about ``seconds``; return (calls per second, best ms per call)."""
    fn()
    best, count, start = float("inf"), 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
        count += 1
    elapsed = time.perf_counter() - start
    return count / elapsed, best * 1000


def throughput(seconds: float) -> None:
    """Documents per second in one process for the typical document, against the parse floor."""
    import ccg_rules
    from ccg_rules._yaml import load_yaml
    from ccg_rules.pipeline.load import load_document

    data = yaml.safe_dump(typical_document(1), sort_keys=False).encode()
    text = data.decode()
    stages: list[tuple[str, Callable[[], object]]] = [
        (
            "yaml.load(text, Loader=yaml.CSafeLoader): the floor",
            lambda: yaml.load(text, Loader=yaml.CSafeLoader),
        ),
        ("positioned YAML load (ccg_rules._yaml)", lambda: load_yaml(data)),
        ("load + validate (pydantic)", lambda: load_document(data)),
        ("check, python engine (end to end)", lambda: ccg_rules.check_text(data, engine="python")),
        ("check, durable engine (end to end)", lambda: ccg_rules.check_text(data, engine="durable")),
    ]
    results: dict[str, tuple[float, float]] = {}
    for name, fn in stages:
        try:
            results[name] = _per_second(fn, seconds)
        except ccg_rules.EngineError as exc:
            print(f"\n({name}: skipped, {exc})")
    floor = results[stages[0][0]][1]
    rows = [[name, f"{rate:,.0f}", f"{ms:.2f}", f"{ms / floor:.2f}x"] for name, (rate, ms) in results.items()]
    report = ccg_rules.check_text(data)
    parse_ms = results[stages[1][0]][1]
    check_ms = results[stages[3][0]][1]
    _table(
        f"Throughput: the typical document ({len(text.splitlines())} lines, {len(data):,} bytes, "
        f"{report.counts.total} findings, ruleset {report.ruleset.version if report.ruleset else '-'}), "
        f"one process",
        ["stage", "docs/s", "ms/doc (best)", "x floor"],
        rows,
        f"Share of the python-engine check spent parsing YAML (positioned load): "
        f"{parse_ms / check_ms * 100:.0f} %. Target: end to end <= 1.3x the floor (python engine).",
    )


# --------------------------------------------------------------------------------------
# Scaling


def _scaled_in_subprocess(scale: int) -> tuple[float, float, int, int]:
    code = f"""
import sys, time, resource, yaml
sys.path.insert(0, {str(BENCH)!r})
from typical import typical_document
import ccg_rules
data = yaml.safe_dump(typical_document({scale}), sort_keys=False).encode()
ccg_rules.check_text(yaml.safe_dump(typical_document(1), sort_keys=False).encode())
start = time.perf_counter(); r = ccg_rules.check_text(data); t = time.perf_counter() - start
print(t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(r.findings), len(data))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_env()
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2]), int(out[3])


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def scaling() -> None:
    """Time and peak memory at 1x, 10x and 100x the typical size; memory over 1,000 documents."""
    rows = []
    base = None
    for scale in (1, 10, 100):
        seconds, peak_mib, findings, size = _scaled_in_subprocess(scale)
        base = base or seconds
        rows.append(
            [
                f"{scale}x ({size / 1024:,.0f} KiB)",
                _ms(seconds),
                f"{seconds / base:,.1f}x",
                f"{findings:,}",
                f"{peak_mib:,.0f} MiB",
            ]
        )
    _table(
        "Scaling: one document of growing size (separate processes, check after warm-up)",
        ["size", "check", "vs 1x", "findings", "peak RSS of the process"],
        rows,
    )

    import ccg_rules

    rows = []
    docs = [yaml.safe_dump(typical_document(1, seed=s), sort_keys=False).encode() for s in range(50)]
    ccg_rules.check_text(docs[0])
    gc.collect()
    start_rss = _rss_kib()
    start = time.perf_counter()
    for i in range(1000):
        ccg_rules.check_text(docs[i % 50])
        if (i + 1) % 250 == 0:
            gc.collect()
            rows.append(
                [str(i + 1), f"{_rss_kib() / 1024:,.1f} MiB", f"{(_rss_kib() - start_rss) / 1024:+.1f} MiB"]
            )
    elapsed = time.perf_counter() - start
    _table(
        "Memory over 1,000 documents in one process (python engine, 50 distinct documents in turn)",
        ["documents", "RSS", "growth since the first"],
        rows,
        f"1,000 checks took {elapsed:.1f} s ({1000 / elapsed:,.0f} docs/s).",
    )


# --------------------------------------------------------------------------------------
# Rulesets


def ruleset_load(runs: int) -> None:
    """Time to load and compile every ruleset version, cold (new process) and cached."""
    code = """
import time
start = time.perf_counter()
from ccg_rules import available_rulesets, load_ruleset
imported = time.perf_counter()
versions = available_rulesets()
headers = time.perf_counter()
for v in versions:
    load_ruleset(v.ref)
cold = time.perf_counter()
for v in versions:
    load_ruleset(v.ref)
warm = time.perf_counter()
rules = sum(len(load_ruleset(v.ref).rules) for v in versions)
print(len(versions), rules, imported - start, headers - imported, cold - headers, warm - cold)
"""
    samples: list[list[float]] = [[], [], [], []]
    n = rules = 0
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_env()
        ).stdout.split()
        n, rules = int(out[0]), int(out[1])
        for i in range(4):
            samples[i].append(float(out[2 + i]))
    low = [min(s) for s in samples]
    med = [statistics.median(s) for s in samples]
    _table(
        f"Ruleset loading (fresh processes, {runs} runs)",
        ["what", "min", "median"],
        [
            ["import the library's ruleset API", _ms(low[0]), _ms(med[0])],
            [f"read the {n} version headers (the catalogue)", _ms(low[1]), _ms(med[1])],
            [f"load + compile all {n} versions ({rules} rules in all), cold", _ms(low[2]), _ms(med[2])],
            [
                f"the {n} versions again (cached in the process)",
                f"{low[3] * 1000:.2f} ms",
                f"{med[3] * 1000:.2f} ms",
            ],
        ],
    )


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            kib = int(f.readline().split()[1])
            mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def _wheel_venv(venv: Path, checkout: Path = ROOT) -> Path:
    """Build a wheel of ``checkout`` and install it with the bench extra into ``venv``."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    with tempfile.TemporaryDirectory() as dist:
        subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--outdir", dist, str(checkout)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        wheel = next(Path(dist).glob("*.whl"))
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--force-reinstall", f"{wheel}[bench]"], check=True
        )
        if not (venv / "bin" / "yamllint").exists():  # a checkout from before the bench extra
            tools = ["yamllint>=1.35", "check-jsonschema>=0.29"]
            subprocess.run([str(python), "-m", "pip", "install", "-q", *tools], check=True)
    return python


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", choices=("table", "cold", "anatomy", "throughput", "scaling", "rulesets"))
    parser.add_argument("--venv", type=Path, help="the scratch environment (default: a temporary one)")
    parser.add_argument(
        "--checkout",
        type=Path,
        default=ROOT,
        help="build the wheel from this checkout instead (e.g. the main branch, for figures before "
        "a change); the documents and references are this checkout's",
    )
    parser.add_argument("--batch", type=int, default=2000, help="documents in a batch (default 2,000)")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["CCG_BENCH_BATCH"] = str(args.batch)
    if not args.inside:
        rest = [a for a in sys.argv[1:] if a != "--inside"]
        if args.venv is not None:
            python = _wheel_venv(args.venv.resolve(), args.checkout.resolve())
            return subprocess.run([str(python), __file__, "--inside", *rest], check=False).returncode
        with tempfile.TemporaryDirectory() as venv:
            python = _wheel_venv(Path(venv), args.checkout.resolve())
            return subprocess.run([str(python), __file__, "--inside", *rest], check=False).returncode
    os.chdir(ROOT)
    print(f"# ccg-rules benchmarks\n\n{_machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _ENV.update({k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})
        _ENV["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        (folder / "docs").mkdir()
        docs = folder / "docs"
        if args.only in (None, "table"):
            from issue15 import table

            typical = [
                yaml.safe_dump(typical_document(1, seed=s), sort_keys=False).encode() for s in range(50)
            ]
            table(2 if args.quick else 7, folder, _ENV, typical)
        if args.only in (None, "cold"):
            cold_start(7 if args.quick else 25, docs)
        if args.only in (None, "anatomy", "cold"):
            anatomy(5 if args.quick else 15, docs)
        if args.only in (None, "throughput"):
            throughput(1.0 if args.quick else 3.0)
        if args.only in (None, "scaling"):
            scaling()
        if args.only in (None, "rulesets"):
            ruleset_load(3 if args.quick else 9)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
