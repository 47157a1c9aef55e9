"""The command line imports PyYAML with its own patterns compiled on first use, and nothing changes.

Each test runs a fresh interpreter: in this one PyYAML is long imported, and then
`ccg_rules.cli._patterns.import_yaml_lazily` rightly does nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = r"""
import datetime, json, sys
lazy = sys.argv[1] == "lazy"
if lazy:
    from ccg_rules.cli._patterns import import_yaml_lazily
    import_yaml_lazily()
import re, yaml
from ccg_rules.cli._patterns import LazyPattern
patterns = [yaml.reader.Reader.NON_PRINTABLE, yaml.constructor.SafeConstructor.timestamp_regexp]
patterns += [r for v in yaml.resolver.Resolver.yaml_implicit_resolvers.values() for _, r in v]
kinds = sorted({type(p).__name__ for p in patterns})
compiled_at_first = sum(isinstance(p, LazyPattern) and p._compiled is not None for p in patterns)
text = sys.stdin.read()
def plain(value):
    return json.loads(json.dumps(value, default=repr))
loaded = [plain(yaml.load(text, Loader=loader)) for loader in (yaml.SafeLoader, yaml.CSafeLoader)]
try:
    yaml.load("a: \x07\n", Loader=yaml.SafeLoader)
    refused = None
except yaml.YAMLError as error:
    refused = str(error)
other = re.compile("x+")  # a pattern of anyone else's is compiled as ever
print(json.dumps({"kinds": kinds, "first": compiled_at_first, "loaded": loaded, "refused": refused,
                  "other": type(other).__name__, "count": len(patterns)}))
"""

_TEXT = (
    "a: 2013-01-15\nb: 2013-01-15 10:30:00\nc: yes\nd: 0x1f\ne: 1.5e+3\nf: ~\ng: .inf\n"
    "h: 1_000\ni: 0o17\nl: [on, off, Null, 12:30, 0b101, -.5, 190:20:30]\n"
)


def _probe(mode: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, mode], input=_TEXT, capture_output=True, text=True, check=True, cwd=ROOT
    )
    data: dict[str, object] = json.loads(done.stdout)
    return data


def test_pyyaml_reads_and_refuses_exactly_as_ever_with_its_patterns_compiled_late() -> None:
    lazy, eager = _probe("lazy"), _probe("eager")
    assert lazy["kinds"] == ["LazyPattern"]
    assert eager["kinds"] == ["Pattern"]
    assert lazy["first"] == 0
    assert lazy["count"] == eager["count"]
    assert lazy["other"] == "Pattern"
    assert lazy["loaded"] == eager["loaded"]
    assert lazy["refused"] == eager["refused"] is not None  # the reader's check still runs
    assert lazy["loaded"][0]["a"] == "datetime.date(2013, 1, 15)"  # the resolvers did resolve


def test_a_check_on_the_command_line_leaves_pyyamls_patterns_uncompiled(tmp_path: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "sys.argv = ['ccg-rules', 'check', '--no-config', sys.argv[1]]\n"
        "from ccg_rules.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(None)\n"
        "import yaml\n"
        "p = yaml.reader.Reader.NON_PRINTABLE\n"
        "print(type(p).__name__, p._compiled)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "examples/ccg-compliant.yaml"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout == "LazyPattern None\n"
