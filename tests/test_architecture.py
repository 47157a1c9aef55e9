"""The package's structure: layers that imports only run down, no import circles, a module
map in the developers' guide that matches the code, and modules that say their one job.

Imports are read from the source with `ast`, every one of them: at module level, inside
functions and under ``TYPE_CHECKING`` alike, since a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "ccg_rules"
GUIDE = REPO / "docs" / "for-developers.md"
UPDATE = os.environ.get("CCG_UPDATE_GOLDENS") == "1"

# The layers, from the bottom up. A module may import from its own layer or any below it,
# never from above. The first prefix that a module's dotted name starts with decides.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "ccg_rules._version",
        "ccg_rules._record",
        "ccg_rules._files",
        "ccg_rules._safe",
        "ccg_rules._scalars",
        "ccg_rules._vocab",
        "ccg_rules._yaml",
        "ccg_rules.fact_types",
        "ccg_rules.resources",
        "ccg_rules.errors",
        "ccg_rules.located",
        "ccg_rules.findings",
    ),
    ("ccg_rules.model", "ccg_rules.report", "ccg_rules.report_domains", "ccg_rules.reassessment"),
    ("ccg_rules.facts",),
    ("ccg_rules.discovery", "ccg_rules.waivers"),
    ("ccg_rules.rules",),
    ("ccg_rules.engines",),
    ("ccg_rules.pipeline", "ccg_rules.schemas"),
    ("ccg_rules.config", "ccg_rules.settings", "ccg_rules.wave", "ccg_rules.api", "ccg_rules.rule_tests"),
    ("ccg_rules.oscal",),
    ("ccg_rules.render",),
    ("ccg_rules.fast",),
    ("ccg_rules.__init__",),
    ("ccg_rules.cli", "ccg_rules.__main__"),
)

# Imports that still run up the layers: none; a new one fails the test.
KNOWN_UPWARD: set[tuple[str, str]] = set()

# No module is longer than this; a longer one fails the test (split it by job).
MAX_LINES = 400
KNOWN_LONG: set[str] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 2 else parts)
        out[name] = path
    return out


MODULES = _modules()


def _resolve(name: str, module: str, level: int, is_package: bool) -> str:
    if level == 0:
        return name
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _imports(module: str) -> set[str]:
    """The modules of this package that ``module`` imports (a name imported from a package
    counts as that package's submodule when there is one of that name)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", module, node.level, path.name == "__init__.py")
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != module and target.startswith("ccg_rules"):
                found.add(target)
    return found


GRAPH = {m: _imports(m) for m in MODULES}


def _layer(module: str) -> int:
    key = "ccg_rules.__init__" if module == "ccg_rules" else module
    for n, prefixes in enumerate(LAYERS):
        if any(key == p or key.startswith(p + ".") for p in prefixes):
            return n
    raise AssertionError(f"{module} is in no layer of tests/test_architecture.py: add it to LAYERS")


def test_every_module_is_in_a_layer() -> None:
    for module in MODULES:
        _layer(module)


def test_no_import_runs_back_up_the_layers() -> None:
    upward = {(m, t) for m, targets in GRAPH.items() for t in targets if _layer(t) > _layer(m)}
    new = sorted(upward - KNOWN_UPWARD)
    assert new == [], f"imports that run up the layers: {new}"
    gone = sorted(KNOWN_UPWARD - upward)
    assert gone == [], f"remove these from KNOWN_UPWARD, they are fixed: {gone}"


def _circles() -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(sorted(part))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return sorted(out)


KNOWN_CIRCLES: list[list[str]] = []  # none; a new one fails the test


def test_no_import_circles() -> None:
    assert _circles() == KNOWN_CIRCLES


def _job(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc, f"{path.relative_to(REPO)} has no docstring saying its job"
    return doc.strip().splitlines()[0].strip()


def test_every_module_says_its_job_in_its_first_line() -> None:
    for module, path in MODULES.items():
        job = _job(path)
        assert job.endswith((".", ":")) or job.endswith("``"), f"{module}: {job!r} is not a sentence"


def test_modules_are_short() -> None:
    long = {m for m, p in MODULES.items() if len(p.read_text(encoding="utf-8").splitlines()) > MAX_LINES}
    assert sorted(long - KNOWN_LONG) == [], f"modules over {MAX_LINES} lines"
    assert sorted(KNOWN_LONG - long) == [], "remove these from KNOWN_LONG, they are short now"


START, END = "<!-- module-map:start -->", "<!-- module-map:end -->"


def module_map() -> str:
    """The module map of the developers' guide: one line per module, its first docstring line."""
    lines = []
    for path in MODULES.values():
        shown = path.relative_to(PACKAGE.parent).as_posix()
        lines.append(f"- `{shown}`: {_job(path)}")
    return "\n".join(lines)


def test_the_guide_has_the_module_map_of_the_code() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(re.escape(START) + r"\n(.*?)\n" + re.escape(END), text, re.S)
    assert block, f"docs/for-developers.md has no {START} ... {END} block"
    expected = module_map()
    if UPDATE and block.group(1) != expected:
        GUIDE.write_text(text[: block.start(1)] + expected + text[block.end(1) :], encoding="utf-8")
        return
    assert block.group(1) == expected, "the module map is stale: rerun with CCG_UPDATE_GOLDENS=1"
