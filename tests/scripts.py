"""Running the example scripts in ``examples/`` the way a user does, for the tests."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_script(name: str, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run ``python examples/<name> ARGS...`` from ``cwd`` with this interpreter; never raises on failure."""
    return subprocess.run(
        [sys.executable, str(REPO / "examples" / name), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def ccg_rules_names_used(tree: ast.AST) -> set[str]:
    """The names a script reads from the package as ``ccg_rules.<name>``."""
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "ccg_rules"
    }
