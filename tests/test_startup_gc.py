"""A command line run of its own process starts with the cyclic collector off.

It is turned back on, with everything alive frozen out of later collections, once the
first document is checked; a call of `ccg_rules.cli.main` from Python leaves it alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import gc, json, sys
import ccg_rules.PATH_MODULE as checking
from ccg_rules.cli import main
seen = []
real = checking.PATH_FUNCTION
def check(*args, **kwargs):
    seen.append(gc.isenabled())
    return real(*args, **kwargs)
checking.PATH_FUNCTION = check
sys.argv = ["ccg-rules", "check", "--no-config", "--exit-zero", *sys.argv[1:]]
code = main(None if ARGV_NONE else sys.argv[1:])
print(json.dumps([code, seen, gc.isenabled(), gc.get_freeze_count() > 0]))
"""


# The command line checks valid documents on the fast path, others on the full path: both count.
PATHS = {"fast": ("fast.check", "check_file"), "full": ("pipeline.check", "check")}


def _probe(argv_none: bool, *files: str, path: str = "fast") -> list[object]:
    module, function = PATHS[path]
    code = (
        _PROBE.replace("ARGV_NONE", str(argv_none))
        .replace("PATH_MODULE", module)
        .replace("PATH_FUNCTION", function)
    )
    if path == "full":  # an option the fast path does not serve
        code = code.replace('"--exit-zero",', '"--exit-zero", "--format", "github",')
    out = subprocess.run(
        [sys.executable, "-c", code, *files], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(PATHS))
def test_the_collector_is_off_for_the_first_document_then_on_and_the_rest_frozen(path: str) -> None:
    docs = [
        "examples/ccg-compliant.yaml",
        "examples/ccg-noncompliant.yaml",
        "examples/ccg-2013-applicant.yaml",
    ]
    assert _probe(True, *docs, path=path) == [0, [False, True, True], True, True]


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_call_from_python_leaves_the_collector_alone(path: str) -> None:
    assert _probe(False, "examples/ccg-compliant.yaml", path=path) == [0, [True], True, False]
