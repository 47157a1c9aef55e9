"""Hostile and malformed files: each is a located DOC-* finding, fast, never an exception.

Every case goes through both ``ccg_rules.check()`` in-process and the CLI in a subprocess.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import ccg_rules
from ccg_rules import Outcome
from optional import ENGINES

Process = Callable[..., tuple[int, str, str, float]]
Builder = Callable[[bytes], bytes]

# A guard against hangs and blow-ups (work that grows with the hostile size), not a speed goal:
# the speed figures live in bench/bench.py.
CHECK_SECONDS = 5.0
CLI_SECONDS = 5.0


def billion_laughs(_: bytes) -> bytes:
    lines = [b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        aliases = b",".join([b"*" + prev.encode()] * 9)
        lines.append(b"%s: &%s [%s]" % (name.encode(), name.encode(), aliases))
    return b"\n".join(lines) + b"\n"


def with_ccg_block(compliant: bytes, new: bytes) -> bytes:
    assert compliant.count(b"\nccg:\n") == 1
    return compliant.replace(b"\nccg:\n", b"\n" + new + b"ccg:\n")


@dataclass(frozen=True)
class Case:
    build: Builder
    rule_id: str
    line: int
    column: int
    pointer: str = ""


CASES: dict[str, Case] = {
    # 9 levels of 9 aliases: about 4e8 nodes once expanded; stopped at the node limit.
    "billion-laughs": Case(billion_laughs, "DOC-TOO-LARGE", 7, 8, "/g/0"),
    # 10,000 nested flow sequences under a key; the 64th level of nesting is refused.
    "nested-sequences": Case(
        lambda _: b"format: " + b"[" * 10_000 + b"\n", "DOC-TOO-DEEP", 1, 72, "/format" + "/0" * 63
    ),
    # 10,000 nested flow mappings; the root counts as the first level.
    "nested-mappings": Case(
        lambda _: b"".join(b"{k%d: " % i for i in range(10_000)) + b"x\n",
        "DOC-TOO-DEEP",
        1,
        375,
        "".join(f"/k{i}" for i in range(64)),
    ),
    "fifty-megabytes": Case(lambda _: b"a: " + b"x" * (50 * 1024 * 1024) + b"\n", "DOC-FILE-TOO-LARGE", 1, 1),
    # A 200,000-character implicit key is past YAML's 1,024-character limit for simple keys.
    "long-plain-key": Case(
        lambda c: with_ccg_block(c, b"k" * 200_000 + b": " + b"v" * 200_000 + b"\n"),
        "DOC-YAML-SYNTAX",
        9,
        200_001,
    ),
    # Written as an explicit key it parses, and is then an unknown key.
    "long-explicit-key": Case(
        lambda c: with_ccg_block(c, b"? " + b"k" * 200_000 + b"\n: " + b"v" * 200_000 + b"\n"),
        "DOC-UNKNOWN-KEY",
        9,
        3,
        "/" + "k" * 200_000,
    ),
    "invalid-utf8": Case(
        lambda _: b"format: ccg-document/1\nccg:\n  name: caf\xc3\xa9 \xff x\n", "DOC-ENCODING", 3, 14
    ),
    "utf16-bom": Case(lambda c: c.decode("utf-8").encode("utf-16"), "DOC-ENCODING", 1, 1),
    "utf32-bom": Case(lambda c: c.decode("utf-8").encode("utf-32"), "DOC-ENCODING", 1, 1),
    "nul-byte": Case(lambda _: b"format: ccg-document/1\nccg:\n  na\x00me: x\n", "DOC-ENCODING", 3, 5),
    "duplicate-key-at-depth-3": Case(
        lambda _: b"a:\n  b:\n    c: 1\n    c: 2\n", "DOC-DUPLICATE-KEY", 4, 5, "/a/b/c"
    ),
    "merge-key": Case(
        lambda _: b"base: &b {x: 1}\nother:\n  <<: *b\n  z: 2\n", "DOC-MERGE-KEY", 3, 3, "/other/<<"
    ),
    "python-object-tag": Case(
        lambda _: b'format: !!python/object/apply:os.system ["touch marker"]\n',
        "DOC-TAG-NOT-ALLOWED",
        1,
        9,
        "/format",
    ),
    "python-object-tag-on-root": Case(
        lambda _: b'!!python/object/apply:os.system ["touch marker"]\n', "DOC-TAG-NOT-ALLOWED", 1, 1
    ),
    "binary-tag": Case(lambda _: b"format: !!binary aGVsbG8=\n", "DOC-TAG-NOT-ALLOWED", 1, 9, "/format"),
    # The compliant example (549 lines) twice; the second starts with `---` on line 550.
    "two-documents": Case(lambda c: c + b"---\n" + c, "DOC-MULTIPLE-DOCUMENTS", 550, 1),
}


@pytest.fixture(scope="module")
def compliant() -> bytes:
    return (Path(__file__).resolve().parents[1] / "examples" / "ccg-compliant.yaml").read_bytes()


@pytest.fixture
def hostile(request: pytest.FixtureRequest, compliant: bytes, tmp_path: Path) -> tuple[str, Case]:
    case = CASES[request.param]
    name = f"{request.param}.yaml"
    (tmp_path / name).write_bytes(case.build(compliant))
    return name, case


@pytest.mark.parametrize("hostile", sorted(CASES), indirect=True)
def test_check_reports_a_located_document_finding(
    hostile: tuple[str, Case], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, case = hostile
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    report = ccg_rules.check(name)
    seconds = time.perf_counter() - start
    assert seconds < CHECK_SECONDS
    assert report.valid is False
    assert report.outcome is Outcome.NOT_ASSESSED
    assert report.ruleset is None
    assert [(f.rule_id, f.location.line, f.location.column) for f in report.findings] == [
        (case.rule_id, case.line, case.column)
    ]
    (finding,) = report.findings
    assert finding.location.file == name
    assert finding.pointer == case.pointer
    assert finding.citation is None
    assert finding.severity.value == "error"
    assert not (tmp_path / "marker").exists()


@pytest.mark.parametrize("hostile", sorted(CASES), indirect=True)
def test_cli_reports_a_located_message(
    hostile: tuple[str, Case], tmp_path: Path, run_process: Process
) -> None:
    name, case = hostile
    code, out, err, seconds = run_process("check", name, cwd=tmp_path, timeout=30)
    assert seconds < CLI_SECONDS
    assert (code, err) == (2, "")
    lines = out.split("\n")
    assert len(lines) == 3
    assert lines[2] == ""
    assert lines[0].startswith(f"{name}:{case.line}:{case.column}: error {case.rule_id} ")
    assert lines[1] == f"{name}: 1 error, 0 warnings, 0 info; not assessed"
    assert "Traceback" not in out
    assert not (tmp_path / "marker").exists()


def test_bare_nested_sequences_report_both_problems(tmp_path: Path, run_process: Process) -> None:
    data = b"[" * 10_000
    start = time.perf_counter()
    report = ccg_rules.check(data, file="deep.yaml")
    assert time.perf_counter() - start < CHECK_SECONDS
    assert [(f.rule_id, f.location.line, f.location.column) for f in report.findings] == [
        ("DOC-NOT-A-MAPPING", 1, 1),
        ("DOC-TOO-DEEP", 1, 65),
    ]
    (tmp_path / "deep.yaml").write_bytes(data)
    code, out, err, seconds = run_process("check", "deep.yaml", cwd=tmp_path)
    assert (code, err) == (2, "")
    assert seconds < CLI_SECONDS
    assert out.splitlines()[-1] == "deep.yaml: 2 errors, 0 warnings, 0 info; not assessed"


def test_long_value_is_accepted(compliant: bytes) -> None:
    old = b"\nccg:\n  name: NHS Eastmarsh Clinical Commissioning Group\n"
    assert compliant.count(old) == 1
    start = time.perf_counter()
    report = ccg_rules.check(compliant.replace(old, b"\nccg:\n  name: " + b"v" * 200_000 + b"\n"))
    assert time.perf_counter() - start < CHECK_SECONDS
    assert report.valid is True
    assert report.document.name == "v" * 200_000


def test_utf8_bom_keeps_a_valid_document_valid(
    compliant: bytes, tmp_path: Path, run_process: Process
) -> None:
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + compliant)
    report = ccg_rules.check(str(tmp_path / "bom.yaml"))
    assert report.valid is True
    assert report.outcome is Outcome.AUTHORISED
    assert report.findings == ()
    code, out, err, _ = run_process("check", "bom.yaml", cwd=tmp_path)
    assert (code, out, err) == (
        0,
        "bom.yaml: 0 errors, 0 warnings, 0 info; authorised [ccg-authorisation@2012]\n",
        "",
    )


def test_utf8_bom_does_not_shift_locations(repo: Path) -> None:
    data = (repo / "examples" / "ccg-noncompliant.yaml").read_bytes()
    plain = ccg_rules.check(data, file="x.yaml")
    with_bom = ccg_rules.check(b"\xef\xbb\xbf" + data, file="x.yaml")
    assert with_bom.findings == plain.findings
    assert len(plain.findings) == 12


def test_bom_and_a_problem_on_line_one(tmp_path: Path) -> None:
    report = ccg_rules.check(b"\xef\xbb\xbfa: 1\na: 2\n", file="x.yaml")
    assert [(f.rule_id, f.location.line, f.location.column) for f in report.findings] == [
        ("DOC-DUPLICATE-KEY", 2, 1)
    ]
    report = ccg_rules.check(b"\xef\xbb\xbfab\xffc: 1\n", file="x.yaml")
    assert [(f.rule_id, f.location.line, f.location.column) for f in report.findings] == [
        ("DOC-ENCODING", 1, 3)
    ]


def test_python_tag_never_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_process: Process) -> None:
    monkeypatch.chdir(tmp_path)
    for text in (
        b'!!python/object/apply:os.system ["touch marker"]\n',
        b'format: !!python/object/apply:os.system ["touch marker"]\n',
        b'format: !!python/object/new:os.system ["touch marker"]\n',
        b'? !!python/object/apply:os.system ["touch marker"]\n: 1\n',
        b"format: !!python/name:os.system\n",
    ):
        (tmp_path / "evil.yaml").write_bytes(text)
        report = ccg_rules.check("evil.yaml")
        assert report.valid is False
        assert {f.rule_id for f in report.findings} <= {"DOC-TAG-NOT-ALLOWED", "DOC-COMPLEX-KEY"}
        assert "DOC-TAG-NOT-ALLOWED" in {f.rule_id for f in report.findings}
        code, _, err, _ = run_process("check", "evil.yaml", cwd=tmp_path)
        assert (code, err) == (2, "")
        assert not (tmp_path / "marker").exists()


def test_fifty_megabyte_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_bytes(b"a: " + b"x" * (50 * 1024 * 1024) + b"\n")
    start = time.perf_counter()
    report = ccg_rules.check(str(tmp_path / "big.yaml"))
    assert time.perf_counter() - start < CHECK_SECONDS
    (finding,) = report.findings
    assert finding.rule_id == "DOC-FILE-TOO-LARGE"
    assert finding.message == (
        "The file is 52,428,804 bytes, over the limit of 8,388,608 bytes; split it into smaller files."
    )


# --------------------------------------------------------------------------------------
# Rulesets that try to reach files or run code. A ruleset is data: `extends` names a
# version in the same folder, conditions and templates are a small language of their own
# (nothing is evaluated as Python), and the YAML loader refuses every tag.

_RULESET_HEAD = 'ruleset: ccg-authorisation\nversion: "2099"\ntitle: Hostile\neffective_from: 2099-01-01\n'
_RULE = """rules:
  - id: EVIL-01
    title: A hostile rule
    domain: governance
    severity: error
    consequence: blocks
    citation: {instrument: x, provision: y, confidence: confirmed}
    rationale: r
    message: "%s"
    remediation: r
    condition:
      match:
        seats:
          count: %s
          is: {lt: 6}
      report: /governing_body/members
"""
_TOUCH = "__import__('os').system('touch marker')"

RULESET_CASES: dict[str, tuple[str, int, str]] = {
    # name: (version file, line of the error, start of the message)
    "extends-relative-path": (
        _RULESET_HEAD + 'extends: "../../etc/passwd"\n',
        5,
        "String should match pattern",
    ),
    "extends-absolute-path": (_RULESET_HEAD + 'extends: "/etc/passwd"\n', 5, "String should match pattern"),
    "extends-parent-folder": (_RULESET_HEAD + 'extends: ".."\n', 5, "String should match pattern"),
    "extends-absent-version": (_RULESET_HEAD + 'extends: "passwd"\n', 5, "'extends' names version 'passwd'"),
    "python-tag-in-ruleset": (
        _RULESET_HEAD + 'extends: "2012"\ndescription: !!python/object/apply:os.system ["touch marker"]\n',
        6,
        "The tag !!python/object/apply:os.system",
    ),
    "python-tag-in-condition": (
        _RULESET_HEAD + 'extends: "2012"\n' + _RULE % ("{seats}", '!!python/name:os.system ""'),
        19,
        "The tag !!python/name:os.system",
    ),
    "import-in-condition": (
        _RULESET_HEAD + 'extends: "2012"\n' + _RULE % ("{seats}", f'"{_TOUCH}"'),
        19,
        f'"{_TOUCH}" is not a collection of the document model',
    ),
    "import-in-template": (
        _RULESET_HEAD + 'extends: "2012"\n' + _RULE % ("{" + _TOUCH + "}", "governing_body.members"),
        14,
        "bad placeholder {__import__",
    ),
    "dunder-attribute-in-template": (
        _RULESET_HEAD
        + 'extends: "2012"\n'
        + _RULE % ("{seats.__class__.__init__.__globals__}", "governing_body.members"),
        14,
        "{seats.__class__.__init__.__globals__}",
    ),
}


@pytest.mark.parametrize("case", sorted(RULESET_CASES))
def test_hostile_ruleset_is_refused(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo: Path
) -> None:
    text, line, message = RULESET_CASES[case]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "2012.yaml").write_bytes((repo / "rulesets" / "ccg-authorisation" / "2012.yaml").read_bytes())
    (tmp_path / "2099.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ccg_rules.RulesetError) as caught:
        ccg_rules.load_ruleset("2099.yaml")
    assert (caught.value.file, caught.value.line) == ("2099.yaml", line)
    assert str(caught.value).startswith(f"2099.yaml:{line}:")
    assert message in str(caught.value)
    with pytest.raises(ccg_rules.RulesetError):
        ccg_rules.check(repo / "examples" / "ccg-compliant.yaml", ruleset="2099.yaml")
    assert not (tmp_path / "marker").exists()


def test_cli_refuses_a_hostile_ruleset(tmp_path: Path, repo: Path, run_process: Process) -> None:
    (tmp_path / "2099.yaml").write_text(_RULESET_HEAD + 'extends: "../../etc/passwd"\n', encoding="utf-8")
    doc = repo / "examples" / "ccg-compliant.yaml"
    code, out, err, _ = run_process("check", "--ruleset", "2099.yaml", str(doc), cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err.startswith("ccg-rules: error: 2099.yaml:5:1: String should match pattern")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "spec",
    ["ccg-authorisation@../../etc/passwd", "ccg-authorisation@/etc/passwd", "..", "../ccg-authorisation"],
)
def test_ruleset_names_do_not_reach_files(spec: str, repo: Path) -> None:
    # A version or ruleset id only ever names a bundled file. (A path given as the
    # ruleset is read as a version file: that is the caller's own choice of file.)
    with pytest.raises(ccg_rules.SelectionError):
        ccg_rules.check(repo / "examples" / "ccg-compliant.yaml", ruleset=spec)


# --------------------------------------------------------------------------------------
# Concurrency: the caches behind `check` (ruleset versions, compiled plans) are filled by
# whichever thread gets there first; every thread must see the same result.

_CONCURRENT = """
import sys, threading
import ccg_rules
docs = sys.argv[1:]
barrier = threading.Barrier(8)
results = [None] * 8
def work(i):
    barrier.wait()
    results[i] = ccg_rules.check(docs[i % len(docs)], engine=ENGINE).model_dump_json()
threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
serial = [ccg_rules.check(docs[i % len(docs)], engine=ENGINE).model_dump_json() for i in range(8)]
assert None not in results
assert results == serial, "threads disagree with a serial run"
print(len(set(results)))
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_eight_threads_from_a_cold_start_agree(engine: str, repo: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    docs = [str(repo / "examples" / n) for n in ("ccg-compliant.yaml", "ccg-noncompliant.yaml")]
    proc = subprocess.run(
        [sys.executable, "-c", _CONCURRENT.replace("ENGINE", repr(engine)), *docs],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout == "2\n"  # two documents, one report each, whichever thread made it


def test_eight_threads_in_a_warm_process_agree(repo: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    data = (repo / "examples" / "ccg-noncompliant.yaml").read_bytes()
    expected = ccg_rules.check(data, file="x.yaml").model_dump_json()
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda _: ccg_rules.check(data, file="x.yaml").model_dump_json(), range(32)))
    assert set(got) == {expected}


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"format: ccg-document/1\nccg", 2, 4),  # a key cut short: no ':' before the end
        (b"format: ccg-document/1\npractices: [1, 2", 2, 17),  # an unclosed flow sequence
        (b"format: ccg-document/1\r\nccg: {name", 2, 11),
        (b"format: ccg-document/1\nccg\n", 3, 1),  # with a final line break, the empty last line
    ],
)
def test_truncated_file_is_located_on_a_line_it_has(data: bytes, line: int, column: int) -> None:
    # Regression: libyaml marks the end of a stream with no final line break on the line
    # after the last one; the finding (and its message) named a line the file lacks.
    (finding,) = ccg_rules.check(data, file="cut.yaml").findings
    assert (finding.rule_id, finding.location.line, finding.location.column) == (
        "DOC-YAML-SYNTAX",
        line,
        column,
    )
    assert finding.message.startswith(f"YAML syntax error at line {line}, column {column}: ")
