"""The figures of issue 15, each in paired, interleaved runs against a named reference.

Imported by ``bench/bench.py`` (``--only table``). Every figure is a pair of commands run
in turn, A B A B ..., in fresh processes; each pair gives a ratio A/B, and the table
prints the median and minimum of each command and the median and minimum of the ratios.
Peak memory is the operating system's account of each finished child (``wait4``).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BATCH = int(os.environ.get("CCG_BENCH_BATCH", "2000"))


@dataclass
class Pair:
    """The samples of two commands run in turn."""

    a: list[float] = field(default_factory=list)
    b: list[float] = field(default_factory=list)
    a_rss: list[float] = field(default_factory=list)
    b_rss: list[float] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        """A / B, pair by pair (time)."""
        return [x / y for x, y in zip(self.a, self.b, strict=True)]

    @property
    def rss_ratios(self) -> list[float]:
        """A / B, pair by pair (peak memory)."""
        return [x / y for x, y in zip(self.a_rss, self.b_rss, strict=True)]


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = 0
    return wall, usage.ru_maxrss / 1024


def paired(a: list[str], b: list[str], runs: int, cwd: Path, env: dict[str, str]) -> Pair:
    """Run ``a`` and ``b`` in turn ``runs`` times each, after one warm-up run of each."""
    _run(a, cwd, env)
    _run(b, cwd, env)
    pair = Pair()
    for _ in range(runs):
        t, m = _run(a, cwd, env)
        pair.a.append(t)
        pair.a_rss.append(m)
        t, m = _run(b, cwd, env)
        pair.b.append(t)
        pair.b_rss.append(m)
    return pair


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _x(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}x (min {min(values):.2f}x)"


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


_FLOOR = """
import sys, yaml
for p in sys.argv[1:]:
    with open(p, 'rb') as f:
        yaml.load(f.read(), Loader=yaml.CSafeLoader)
"""

_API = """
import gc, pathlib, statistics, sys, time, yaml
import ccg_rules
texts = [p.read_bytes() for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml'))]
rounds = int(sys.argv[2])
def ours():
    for t in texts:
        ccg_rules.check_text(t)
def floor():
    for t in texts:
        yaml.load(t, Loader=yaml.CSafeLoader)
ours(); floor()
a, b = [], []
for _ in range(rounds):
    s = time.perf_counter(); ours(); a.append(time.perf_counter() - s)
    s = time.perf_counter(); floor(); b.append(time.perf_counter() - s)
print(' '.join(map(str, a)), '|', ' '.join(map(str, b)))
"""


def _corpus(folder: Path, name: str, sources: list[bytes], count: int = BATCH) -> Path:
    """A folder of ``count`` documents, the sources in turn."""
    out = folder / name
    out.mkdir()
    for i in range(count):
        (out / f"doc-{i:04d}.yaml").write_bytes(sources[i % len(sources)])
    return out


def examples() -> list[bytes]:
    """The example documents and the wave's, as bytes."""
    paths = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "examples" / "wave").glob("*.yaml"))
    return [p.read_bytes() for p in paths]


def table(runs: int, folder: Path, env: dict[str, str], typical: list[bytes]) -> None:
    """Print the table of issue 15: cold start, batch (CLI, API), peak memory, ``--ruleset FILE``."""
    ours = _tool("ccg-rules")
    assert ours, "ccg-rules is not installed beside this interpreter"
    py = sys.executable
    one = folder / "one"
    one.mkdir()
    example = ROOT / "examples" / "ccg-noncompliant.yaml"
    shutil.copy(example, one / example.name)
    print("\n## The figures of issue 15 (paired, interleaved runs; ratio = A / B pair by pair)\n")
    print("| figure | A: median (min) | B: median (min) | A / B: median (min) | goal |")
    print("|---|---|---|---:|---|", flush=True)

    def row(figure: str, pair: Pair, goal: str, a: str, b: str) -> None:
        cells = [
            figure,
            f"{a}: {_ms(statistics.median(pair.a))} (min {_ms(min(pair.a))})",
            f"{b}: {_ms(statistics.median(pair.b))} (min {_ms(min(pair.b))})",
            _x(pair.ratios),
            goal,
        ]
        print("| " + " | ".join(cells) + " |", flush=True)

    check_one = [ours, "check", "--no-config", example.name]
    if (yl := _tool("yamllint")) is not None:
        row(
            "cold start, one example, vs yamllint -d relaxed",
            paired(check_one, [yl, "-d", "relaxed", example.name], runs * 3, one, env),
            "<= 0.50x",
            "ccg-rules check",
            "yamllint",
        )
    if (cj := _tool("check-jsonschema")) is not None:
        schema = str(ROOT / "schemas" / "ccg-document.schema.json")
        row(
            "cold start, one example, vs check-jsonschema",
            paired(check_one, [cj, "--schemafile", schema, example.name], runs * 3, one, env),
            "-",
            "ccg-rules check",
            "check-jsonschema",
        )
    row(
        "cold start, one example, vs python -c pass",
        paired(check_one, [py, "-c", "pass"], runs * 3, one, env),
        "-",
        "ccg-rules check",
        "python -c pass",
    )
    for label, sources in (("examples", examples()), ("typical.py", typical)):
        corpus = _corpus(folder, f"batch-{label}", sources)
        files = sorted(str(p) for p in corpus.glob("*.yaml"))
        row(
            f"batch, {BATCH:,} {label} documents, one CLI call, vs yaml.load(CSafeLoader) of the same files",
            paired(
                [ours, "check", "--no-config", "-q", "--exit-zero", "--output", os.devnull, str(corpus)],
                [py, "-c", _FLOOR, *files],
                runs,
                folder,
                env,
            ),
            "<= 1.30x",
            "ccg-rules check",
            "yaml.load",
        )
        out = subprocess.run(
            [py, "-c", _API, str(corpus), str(runs)], capture_output=True, text=True, env=env, check=True
        ).stdout
        a_part, b_part = out.split("|")
        api = Pair(a=[float(v) for v in a_part.split()], b=[float(v) for v in b_part.split()])
        row(
            f"batch, {BATCH:,} {label} documents, API in one process (check_text), vs yaml.load",
            api,
            "<= 1.20x",
            "check_text",
            "yaml.load",
        )
    big = _corpus(folder, "memory", [example.read_bytes()])
    print("\n| figure | peak A (median) | peak B (median) | A / B: median (min) | goal |")
    print("|---|---:|---:|---:|---|", flush=True)
    for command in ("check", "assess"):
        extra = ["-q", "--exit-zero", "--output", os.devnull] if command == "check" else []
        pair = paired(
            [ours, command, "--no-config", *extra, str(big)],
            [ours, command, "--no-config", *extra, str(one / example.name)],
            max(2, runs // 2),
            folder,
            env,
        )
        cells = [
            f"peak RSS, `{command}`, {BATCH:,} copies of {example.name} vs one",
            f"{statistics.median(pair.a_rss):,.1f} MiB",
            f"{statistics.median(pair.b_rss):,.1f} MiB",
            _x(pair.rss_ratios),
            "<= 1.25x",
        ]
        print("| " + " | ".join(cells) + " |", flush=True)
    sub = _corpus(folder, "ruleset-file", examples(), 200)
    version = ROOT / "rulesets" / "ccg-authorisation" / "2012.yaml"
    pair = paired(
        [ours, "check", "--no-config", "-q", "--exit-zero", "--output", os.devnull,
         "--ruleset", str(version), str(sub)],
        [ours, "check", "--no-config", "-q", "--exit-zero", "--output", os.devnull,
         "--ruleset", "ccg-authorisation@2012", str(sub)],
        runs,
        folder,
        env,
    )
    row(
        "200 documents with `--ruleset FILE` vs the same version by name",
        pair,
        "~1.0x (compiled once)",
        "--ruleset FILE",
        "--ruleset ID@VERSION",
    )
