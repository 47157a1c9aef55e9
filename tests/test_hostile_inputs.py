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
from textscope import NO_RULE_RAN, scope_line, statement

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
    # The compliant example (555 lines) twice; the second starts with `---` on line 556.
    "two-documents": Case(lambda c: c + b"---\n" + c, "DOC-MULTIPLE-DOCUMENTS", 556, 1),
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
@pytest.mark.slow
def test_cli_reports_a_located_message(
    hostile: tuple[str, Case], tmp_path: Path, run_process: Process
) -> None:
    name, case = hostile
    code, out, err, seconds = run_process("check", name, cwd=tmp_path, timeout=30)
    assert seconds < CLI_SECONDS
    assert (code, err) == (2, "")
    lines = out.split("\n")
    assert len(lines) == 4
    assert lines[3] == ""
    assert lines[0].startswith(f"{name}:{case.line}:{case.column}: error {case.rule_id} ")
    assert lines[1] == f"{name}: 1 error, 0 warnings, 0 info; not assessed"
    assert lines[2] == f"{name}: {NO_RULE_RAN}"
    assert "Traceback" not in out
    assert not (tmp_path / "marker").exists()


@pytest.mark.slow
def test_bare_nested_sequences_report_both_problems(tmp_path: Path, run_process: Process) -> None:
    data = b"[" * 10_000
    start = time.perf_counter()
    report = ccg_rules.check_text(data, filename="deep.yaml")
    assert time.perf_counter() - start < CHECK_SECONDS
    assert [(f.rule_id, f.location.line, f.location.column) for f in report.findings] == [
        ("DOC-NOT-A-MAPPING", 1, 1),
        ("DOC-TOO-DEEP", 1, 65),
    ]
    (tmp_path / "deep.yaml").write_bytes(data)
    code, out, err, seconds = run_process("check", "deep.yaml", cwd=tmp_path)
    assert (code, err) == (2, "")
    assert seconds < CLI_SECONDS
    assert out.splitlines()[-2:] == ["deep.yaml: 2 errors, 0 warnings, 0 info; not assessed", f"deep.yaml: {NO_RULE_RAN}"]


def test_long_value_is_accepted(compliant: bytes) -> None:
    old = b"\nccg:\n  name: NHS Eastmarsh Clinical Commissioning Group\n"
    assert compliant.count(old) == 1
    start = time.perf_counter()
    report = ccg_rules.check_text(compliant.replace(old, b"\nccg:\n  name: " + b"v" * 200_000 + b"\n"))
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
        "bom.yaml: 0 errors, 0 warnings, 0 info; authorised [ccg-authorisation@2012]\n"
        + scope_line("bom.yaml", "examples/ccg-compliant.yaml"),
        "",
    )


def test_utf8_bom_does_not_shift_locations(repo: Path) -> None:
    data = (repo / "examples" / "ccg-noncompliant.yaml").read_bytes()
    plain = ccg_rules.check_text(data, filename="x.yaml")
    with_bom = ccg_rules.check_text(b"\xef\xbb\xbf" + data, filename="x.yaml")
    assert with_bom.findings == plain.findings
    assert len(plain.findings) == 11


def test_bom_and_a_problem_on_line_one(tmp_path: Path) -> None:
    report = ccg_rules.check_text(b"\xef\xbb\xbfa: 1\na: 2\n", filename="x.yaml")
    assert [(f.rule_id, f.location.line, f.location.column) for f in report.findings] == [
        ("DOC-DUPLICATE-KEY", 2, 1)
    ]
    report = ccg_rules.check_text(b"\xef\xbb\xbfab\xffc: 1\n", filename="x.yaml")
    assert [(f.rule_id, f.location.line, f.location.column) for f in report.findings] == [
        ("DOC-ENCODING", 1, 3)
    ]


@pytest.mark.slow
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
    consequence: condition
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
@pytest.mark.slow
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
    expected = ccg_rules.check_text(data, filename="x.yaml").model_dump_json()
    with ThreadPoolExecutor(8) as pool:
        got = list(
            pool.map(lambda _: ccg_rules.check_text(data, filename="x.yaml").model_dump_json(), range(32))
        )
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
    (finding,) = ccg_rules.check_text(data, filename="cut.yaml").findings
    assert (finding.rule_id, finding.location.line, finding.location.column) == (
        "DOC-YAML-SYNTAX",
        line,
        column,
    )
    assert finding.message.startswith(f"YAML syntax error at line {line}, column {column}: ")


# --------------------------------------------------------------------------------------
# Issue 14: crashes, lost work and denial of service. Each case ends in a documented exit
# code (0, 1 or 2) with a located message, on both engines where an engine runs.

ENGINES = ["python", "durable"]


def _needs(engine: str) -> None:
    if engine == "durable":
        pytest.importorskip("durable_rules_engine")


def _replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1, old
    return data.replace(old, new)


_NAME = b"\nccg:\n  name: NHS Eastmarsh Clinical Commissioning Group\n"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.slow
def test_a_string_past_the_text_limit_is_a_located_finding(
    engine: str, compliant: bytes, tmp_path: Path, run_process: Process
) -> None:
    # Regression: durable-rules crashed (signal 11, no message) on a string of about 5.6 MB.
    _needs(engine)
    from ccg_rules.model.types import MAX_TEXT

    (tmp_path / "long.yaml").write_bytes(
        _replace_once(compliant, _NAME, b"\nccg:\n  name: " + b"n" * 6_000_000 + b"\n")
    )
    code, out, err, seconds = run_process("check", "--engine", engine, "long.yaml", cwd=tmp_path)
    assert (code, err) == (2, "")
    assert seconds < CLI_SECONDS
    assert out.splitlines()[0] == (
        f"long.yaml:10:3: error DOC-INVALID-VALUE 'name': string should have at most {MAX_TEXT} characters"
    )
    # At the limit it is accepted.
    report = ccg_rules.check_text(
        _replace_once(compliant, _NAME, b"\nccg:\n  name: " + b"n" * MAX_TEXT + b"\n"), engine=engine
    )
    assert report.valid is True


_BIG = b"1" + b"0" * 400


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            b"  planned: 2497500 ",
            b"  planned: " + _BIG + b" ",
            549,
            "'planned': expected a number from 0 to 999,999,999,999, got a number with 401 digits"
            " before the point",
        ),
        (
            b"  registered: 101317\n",
            b"  registered: " + _BIG + b"\n",
            99,
            "'registered': expected a number from 0 to 999,999,999,999, got a number with 401 digits",
        ),
        (
            b"  registered: 101317\n",
            b"  registered: 1" + b"0" * 100 + b"\n",
            99,
            "'registered': expected a number from 0 to 999,999,999,999, got a number with 101 digits",
        ),
        (
            b"  registered: 101317\n",
            b"  registered: 1000000000000\n",
            99,
            "'registered': expected a number from 0 to 999,999,999,999, got 1,000,000,000,000",
        ),
    ],
)
@pytest.mark.slow
def test_huge_numbers_are_located_findings_on_both_engines(
    engine: str,
    old: bytes,
    new: bytes,
    line: int,
    message: str,
    compliant: bytes,
    tmp_path: Path,
    run_process: Process,
) -> None:
    _needs(engine)
    (tmp_path / "big.yaml").write_bytes(_replace_once(compliant, old, new))
    code, out, err, _ = run_process("check", "--engine", engine, "big.yaml", cwd=tmp_path)
    assert (code, err) == (2, "")
    assert out.splitlines() == [
        f"big.yaml:{line}:3: error DOC-INVALID-VALUE {message}",
        "big.yaml: 1 error, 0 warnings, 0 info; not assessed",
        f"big.yaml: {NO_RULE_RAN}",
    ]


def _typed(compliant: bytes) -> dict[str, object]:
    """The compliant example as a Python caller would pass it (numbers, flags and dates typed)."""
    import yaml

    data = yaml.safe_load(compliant)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("section", "field", "value", "message"),
    [
        ("population", "registered", float("inf"), "'registered': expected a whole number, got float inf"),
        ("population", "registered", float("nan"), "'registered': expected a whole number, got float nan"),
        (
            "population",
            "registered",
            10**5000,
            "'registered': expected a number from 0 to 999,999,999,999, got a number of about 5,001 digits",
        ),
        ("population", "registered", -(10**5000), "'registered': input should be greater than or equal to 0"),
        (
            "running_costs",
            "planned",
            float("inf"),
            "'planned': expected a number from 0 to 999,999,999,999, got infinity",
        ),
        ("running_costs", "planned", float("nan"), "'planned': expected an amount, got not-a-number (NaN)"),
        (
            "running_costs",
            "planned",
            10**5000,
            "'planned': expected a number from 0 to 999,999,999,999, got a number of about 5,001 digits",
        ),
        (
            "running_costs",
            "planned",
            -(10**5000),
            "'planned': expected a number from 0 to 999,999,999,999, got -a number of about 5,001 digits",
        ),
    ],
    ids=[f"{f}-{v}" for f in ("registered", "planned") for v in ("inf", "nan", "huge", "minus-huge")],
)
@pytest.mark.slow
def test_extreme_numbers_through_the_api_are_findings(
    engine: str, section: str, field: str, value: object, message: str, compliant: bytes
) -> None:
    _needs(engine)
    data = _typed(compliant)
    assert ccg_rules.check(data, engine=engine).outcome is Outcome.AUTHORISED
    data[section][field] = value  # type: ignore[index]
    report = ccg_rules.check(data, engine=engine)
    assert report.outcome is Outcome.NOT_ASSESSED
    assert [(f.rule_id, f.pointer, f.message) for f in report.findings] == [
        ("DOC-INVALID-VALUE", f"/{section}/{field}", message)
    ]


@pytest.mark.slow
def test_a_waiver_target_with_a_unicode_digit(compliant: bytes, tmp_path: Path, run_process: Process) -> None:
    # Regression: "²".isdigit() is true, but int("²") fails (exit 3, and assess lost the wave).
    (tmp_path / "ccg.yaml").write_bytes(compliant)
    (tmp_path / "ccg.waivers.yaml").write_text(
        "format: ccg-waivers/1\nwaivers:\n  - rule: REG-11-11\n    target: /people/²\n"
        "    justification: j\n    approved_by: Governing body\n    approved_on: 2013-01-01\n"
        "    expires: 2014-01-01\n",
        encoding="utf-8",
    )
    code, out, err, _ = run_process("check", "ccg.yaml", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        "ccg.waivers.yaml:4:5: warning WAIVER-NO-TARGET The waiver for REG-11-11 at /people/² targets an"
        " element that is not in the document"
    )
    code, out, err, _ = run_process("assess", ".", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out.splitlines()[-2] == "1 CCG: 1 authorised"  # then the scope line


def test_assess_keeps_the_wave_when_one_file_is_bad(
    compliant: bytes, tmp_path: Path, run_process: Process
) -> None:
    (tmp_path / "wave").mkdir()
    (tmp_path / "wave" / "a.yaml").write_bytes(compliant)
    (tmp_path / "wave" / "b.yaml").write_bytes(
        _replace_once(compliant, b"  planned: 2497500 ", b"  planned: " + _BIG + b" ")
    )
    (tmp_path / "wave" / "c.yaml").symlink_to("c.yaml")  # a symbolic link loop
    code, out, err, _ = run_process(
        "assess", "wave", "--csv", "wave.csv", "--report", "wave.html", cwd=tmp_path
    )
    assert code == 2
    assert err.splitlines() == [
        "ccg-rules: error: wave/b.yaml: 549:3 'planned': expected a number from 0 to 999,999,999,999,"
        " got a number with 401 digits before the point",
        "ccg-rules: error: wave/c.yaml: cannot read: Too many levels of symbolic links",
    ]
    assert "Traceback" not in out + err
    assert out.splitlines()[-5:] == [
        "3 CCGs: 1 authorised, 2 not assessed",
        statement("examples/ccg-compliant.yaml"),  # the scope sentences, each once
        NO_RULE_RAN,
        "wrote wave.html",
        "wrote wave.csv",
    ]
    csv = (tmp_path / "wave.csv").read_text(encoding="utf-8").splitlines()
    assert len(csv) == 4
    assert [line.split(",")[0] for line in csv[1:]] == [
        "wave/a.yaml",
        "wave/b.yaml",
        "wave/c.yaml",
    ]


def test_assess_wave_takes_one_path_as_a_string(compliant: bytes, tmp_path: Path) -> None:
    from ccg_rules.wave import assess_wave

    (tmp_path / "a.yaml").write_bytes(compliant)
    (tmp_path / "b.yaml").write_bytes(compliant)
    for given in (str(tmp_path), tmp_path):
        wave = assess_wave(given)
        assert [Path(row.file).name for row in wave.rows] == ["a.yaml", "b.yaml"]
        assert {row.outcome for row in wave.rows} == {"authorised"}


@pytest.mark.slow
def test_a_document_of_year_13_with_a_pinned_ruleset(
    compliant: bytes, tmp_path: Path, run_process: Process
) -> None:
    # Regression: "12 months before 0013-01-15" fell before year 1 (ValueError, exit 3).
    (tmp_path / "y13.yaml").write_bytes(_replace_once(compliant, b"as_of: 2013-01-15", b"as_of: 0013-01-15"))
    code, out, err, _ = run_process("check", "--ruleset", "ccg-authorisation@2012", "y13.yaml", cwd=tmp_path)
    assert (code, err) == (1, "")
    assert (
        "y13.yaml:383:5: warning DATE-02 The register of interests was last reviewed on 2012-12-05, after the document's date 0013-01-15."
        in out.splitlines()
    )
    code, out, err, _ = run_process("check", "y13.yaml", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err.startswith("y13.yaml: error: ")


def test_relative_dates_stop_at_the_first_day() -> None:
    import datetime as dt

    from ccg_rules.rules.ir import RelativeDate
    from ccg_rules.rules.language import shift_date

    day = dt.date(13, 1, 15)
    assert shift_date(day, RelativeDate("months", 12)) == dt.date(12, 1, 15)
    assert shift_date(day, RelativeDate("years", 13)) == dt.date.min
    assert shift_date(day, RelativeDate("days", 10**100)) == dt.date.min
    assert shift_date(day, RelativeDate("months", 10**100)) == dt.date.min


@pytest.mark.slow
def test_a_parent_pyproject_that_is_not_utf8(compliant: bytes, tmp_path: Path, run_process: Process) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ccg.yaml").write_bytes(compliant)
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\nname = "caf\xe9"\n')  # Latin-1: not ours
    code, out, err, _ = run_process("check", "ccg.yaml", cwd=tmp_path / "sub")
    assert (code, err) == (0, "")
    assert out == (
        "ccg.yaml: 0 errors, 0 warnings, 0 info; authorised [ccg-authorisation@2012]\n"
        + scope_line("ccg.yaml", "examples/ccg-compliant.yaml")
    )
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.ccg-rules]\nfail_on = "w\xe9"\n')
    code, out, err, _ = run_process("check", "ccg.yaml", cwd=tmp_path / "sub")
    assert (code, out) == (2, "")
    assert (
        err
        == f"ccg-rules: error: {tmp_path / 'pyproject.toml'}:1:1: not UTF-8 text: invalid continuation byte at byte 29\n"
    )


def test_an_extends_chain_of_a_thousand_versions(tmp_path: Path, repo: Path) -> None:
    from ccg_rules.rules.inheritance import MAX_EXTENDS

    (tmp_path / "2012.yaml").write_bytes((repo / "rulesets" / "ccg-authorisation" / "2012.yaml").read_bytes())
    previous = "2012"
    for n in range(1, 1001):
        version = f"3{n:04d}"
        (tmp_path / f"{version}.yaml").write_text(
            f'ruleset: ccg-authorisation\nversion: "{version}"\ntitle: Chain\n'
            f"effective_from: {2012 + n // 365 + 1}-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
            f'extends: "{previous}"\n',
            encoding="utf-8",
        )
        previous = version
    start = time.perf_counter()
    with pytest.raises(ccg_rules.RulesetError) as caught:
        ccg_rules.load_ruleset(str(tmp_path / f"{previous}.yaml"))
    assert time.perf_counter() - start < CHECK_SECONDS
    deepest = f"3{1000 - MAX_EXTENDS + 1:04d}"
    assert str(caught.value) == (
        f"{tmp_path / (deepest + '.yaml')}:5:1: 'extends' goes deeper than {MAX_EXTENDS} versions;"
        " build on a version nearer the first"
    )


@pytest.mark.slow
def test_output_that_cannot_be_written(compliant: bytes, tmp_path: Path, run_process: Process) -> None:
    import subprocess
    import sys

    (tmp_path / "ccg.yaml").write_bytes(compliant)
    if Path("/dev/full").exists():
        code, out, err, _ = run_process("check", "ccg.yaml", "--output", "/dev/full", cwd=tmp_path)
        assert (code, out) == (2, "")
        assert err == "ccg-rules: error: cannot write the output: No space left on device\n"
    closed = subprocess.run(
        [sys.executable, "-m", "ccg_rules", "check", "ccg.yaml"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        close_fds=True,
        preexec_fn=lambda: __import__("os").close(1),
    )
    assert (closed.returncode, closed.stderr) == (
        2,
        "ccg-rules: error: cannot write the output: standard output is closed\n",
    )
    # A broken waiver file exits 2 even when stderr is a pipe nobody reads.
    (tmp_path / "ccg.waivers.yaml").write_text("format: nope\n", encoding="utf-8")
    import os

    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "ccg_rules", "check", "ccg.yaml"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=write,
            check=False,
        )
    finally:
        os.close(write)
    assert (proc.returncode, proc.stdout) == (2, b"")


def test_aliases_of_a_long_string_count_their_length(
    compliant: bytes, tmp_path: Path, run_process: Process
) -> None:
    from ccg_rules._yaml import MAX_EXPANDED_CHARS

    name = b"n" * 200_000
    doc = _replace_once(compliant, _NAME, b"\nccg:\n  name: &n " + name + b"\n")
    doc += b"x-alias: [" + b", ".join([b"*n"] * 60) + b"]\n"
    assert len(doc) < 250_000
    (tmp_path / "amp.yaml").write_bytes(doc)
    start = time.perf_counter()
    report = ccg_rules.check(str(tmp_path / "amp.yaml"), file="amp.yaml")
    assert time.perf_counter() - start < CHECK_SECONDS
    assert [(f.rule_id, f.location.line, f.location.column, f.pointer) for f in report.findings] == [
        ("DOC-TOO-LARGE", 556, 171, "/x-alias/40")
    ]
    assert report.findings[0].message == (
        f"The document's text, with each alias counted as the text it repeats, is more than"
        f" {MAX_EXPANDED_CHARS:,} characters, reached at '/x-alias/40'; make it smaller or write fewer aliases."
    )
    code, out, err, _ = run_process("check", "amp.yaml", cwd=tmp_path)
    assert (code, err) == (2, "")
    assert out.startswith("amp.yaml:556:171: error DOC-TOO-LARGE ")


@pytest.mark.parametrize("option", ["file", "waivers", "ruleset"])
@pytest.mark.slow
def test_devices_are_refused_without_reading(
    option: str, compliant: bytes, tmp_path: Path, run_process: Process
) -> None:
    (tmp_path / "ccg.yaml").write_bytes(compliant)
    args = {
        "file": ["check", "/dev/zero"],
        "waivers": ["check", "--waivers", "/dev/zero", "ccg.yaml"],
        "ruleset": ["check", "--ruleset", "/dev/zero", "ccg.yaml"],
    }[option]
    code, out, err, seconds = run_process(*args, cwd=tmp_path, timeout=30)
    assert seconds < CLI_SECONDS
    assert (code, out) == (2, "")
    assert (
        err
        == {
            "file": "ccg-rules: error: /dev/zero: cannot read: a device, not a file\n",
            "waivers": "ccg-rules: error: /dev/zero:1:1: cannot read the waiver file: a device, not a file\n",
            "ruleset": "ccg-rules check: error: argument --ruleset: ruleset file /dev/zero is not a file (a folder, device or pipe)\n",
        }[option]
    )


def test_a_fifo_is_refused_without_waiting(tmp_path: Path, run_process: Process) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.yaml")
    code, out, err, seconds = run_process("check", "pipe.yaml", cwd=tmp_path, timeout=30)
    assert seconds < CLI_SECONDS
    assert (code, out, err) == (
        2,
        "",
        "ccg-rules: error: pipe.yaml: cannot read: a FIFO (named pipe), not a file\n",
    )


def test_a_sparse_gigabyte_is_refused_quickly(tmp_path: Path, run_process: Process) -> None:
    with open(tmp_path / "sparse.yaml", "wb") as f:
        f.truncate(1 << 30)
    import tracemalloc

    start = time.perf_counter()
    tracemalloc.start()
    try:
        report = ccg_rules.check(str(tmp_path / "sparse.yaml"), file="sparse.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < CHECK_SECONDS
    assert peak < 64 * 1024 * 1024  # the first 8 MiB are read, not the gigabyte
    assert [(f.rule_id, f.location.line, f.location.column, f.message) for f in report.findings] == [
        (
            "DOC-FILE-TOO-LARGE",
            1,
            1,
            "The file is 1,073,741,824 bytes, over the limit of 8,388,608 bytes; split it into smaller files.",
        )
    ]
    code, out, _, seconds = run_process("check", "sparse.yaml", cwd=tmp_path)
    assert code == 2
    assert seconds < CLI_SECONDS
    assert out.startswith("sparse.yaml:1:1: error DOC-FILE-TOO-LARGE The file is 1,073,741,824 bytes")


_HOSTILE_RULE = """rules:
  - id: EVIL-01
    title: A hostile rule
    domain: governance
    severity: error
    consequence: condition
    citation: {instrument: x, provision: y, confidence: confirmed}
    rationale: r
    message: "m"
    remediation: r
    condition:
      match:
%s
      report: /ccg/name
"""


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.slow
def test_a_backtracking_pattern_does_not_hang(
    engine: str, tmp_path: Path, repo: Path, compliant: bytes
) -> None:
    _needs(engine)
    (tmp_path / "2012.yaml").write_bytes((repo / "rulesets" / "ccg-authorisation" / "2012.yaml").read_bytes())
    steps = '        d:\n          each: document\n          where: {ccg.name: {matches: "%s"}}' % (
        ".*" * 12 + "!"
    )
    (tmp_path / "2099.yaml").write_text(
        _RULESET_HEAD + 'extends: "2012"\n' + _HOSTILE_RULE % steps, encoding="utf-8"
    )
    for name, fires in ((b"a" * 44, False), (b"a" * 44 + b"!", True), (b"ab" * 100_000, False)):
        doc = _replace_once(compliant, _NAME, b"\nccg:\n  name: " + name + b"\n")
        start = time.perf_counter()
        report = ccg_rules.check_text(doc, ruleset=str(tmp_path / "2099.yaml"), as_of=None, engine=engine)
        assert time.perf_counter() - start < CHECK_SECONDS
        assert ("EVIL-01" in {f.rule_id for f in report.findings}) is fires


@pytest.mark.slow
def test_linear_patterns_agree_with_python_re() -> None:
    import random
    import re

    from ccg_rules.rules.patterns import LinearPattern, compile_pattern, parse_pattern, tokenize

    rng = random.Random(14)
    pieces = ["a", "b", ".", "\\d", "\\s", "\\w", "[a-b]", "[ab1]", "1", "\\-", " ", "\\."]
    quantifiers = ["", "", "?", "*", "+", "{2}", "{1,3}", "{0,2}"]
    alphabet = "ab1 _\n-.é٣"
    checked = 0
    for _ in range(2000):
        source = "".join(rng.choice(pieces) + rng.choice(quantifiers) for _ in range(rng.randint(0, 6)))
        pattern = parse_pattern(source)
        linear, backtracking = LinearPattern(tokenize(source)), re.compile(pattern.python)
        for _ in range(10):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
            expected = backtracking.fullmatch(text) is not None
            assert linear.fullmatch(text) is expected, (source, text)
            assert compile_pattern(pattern).fullmatch(text) is expected, (source, text)
            checked += 1
    assert checked == 20_000


def test_patterns_have_a_size_limit() -> None:
    from ccg_rules.rules.patterns import parse_pattern

    with pytest.raises(ValueError, match="at most 1,000 characters"):
        parse_pattern("a" * 1001)
    with pytest.raises(ValueError, match="more than 1,000 items"):
        parse_pattern("a{99}" * 11)


def test_unjoined_steps_are_refused_at_load(tmp_path: Path, repo: Path) -> None:
    (tmp_path / "2012.yaml").write_bytes((repo / "rulesets" / "ccg-authorisation" / "2012.yaml").read_bytes())
    steps = "\n".join(f"        p{i}:\n          each: people" for i in range(7))
    (tmp_path / "2099.yaml").write_text(
        _RULESET_HEAD + 'extends: "2012"\n' + _HOSTILE_RULE % steps, encoding="utf-8"
    )
    start = time.perf_counter()
    with pytest.raises(ccg_rules.RulesetError) as caught:
        ccg_rules.load_ruleset(str(tmp_path / "2099.yaml"))
    assert time.perf_counter() - start < CHECK_SECONDS
    assert str(caught.value) == (
        f"{tmp_path / '2099.yaml'}:22:9: step 'p2' makes 7 'each' steps not joined to an earlier step"
        " (by a 'where' equality to $alias.field), and at most 2 are allowed: each one multiplies the"
        " combinations to try (rule EVIL-01)"
    )


@pytest.mark.slow
def test_the_plan_cache_keeps_a_bounded_number_of_dates() -> None:
    import datetime as dt

    from ccg_rules.rules.ruleset import MAX_PLANS

    ruleset = ccg_rules.load_ruleset("ccg-authorisation@2012")
    first = ruleset.plan(dt.date(2013, 1, 1))
    for n in range(300):
        ruleset.plan(dt.date(2013, 1, 1) + dt.timedelta(days=n + 1))
    assert len(ruleset._plans) == MAX_PLANS
    assert ruleset.plan(dt.date(2013, 1, 1)) is not first  # compiled again once it was dropped
    assert ruleset.plan(dt.date(2013, 1, 1)) == first


def test_a_ruleset_file_is_compiled_once_per_content(tmp_path: Path, repo: Path) -> None:
    from ccg_rules.rules.loading import MAX_COMPILED, _compiled

    path = tmp_path / "2012.yaml"
    path.write_bytes((repo / "rulesets" / "ccg-authorisation" / "2012.yaml").read_bytes())
    first = ccg_rules.load_ruleset(str(path))
    assert ccg_rules.load_ruleset(str(path)) is first
    path.write_bytes(path.read_bytes() + b"\n# edited\n")
    second = ccg_rules.load_ruleset(str(path))
    assert second is not first
    assert second.digest == first.digest
    assert len(_compiled) <= MAX_COMPILED


# --------------------------------------------------------------------------------------
# Governance: blank approvals and names, and waivers approved after the date of the check.


def _noncompliant(repo: Path, tmp_path: Path) -> tuple[Path, ccg_rules.Finding]:
    path = tmp_path / "ccg.yaml"
    path.write_bytes((repo / "examples" / "ccg-noncompliant.yaml").read_bytes())
    report = ccg_rules.check(path, waivers=False)
    target = next(f for f in report.findings if f.rule_id == "REG-11-01")
    return path, target


def _waiver(
    rule: str, target: str, *, by: str = "Governing body", why: str = "Accepted.", on: str = "2013-01-10"
) -> str:
    return (
        "format: ccg-waivers/1\nwaivers:\n"
        f"  - rule: {rule}\n    target: {target}\n    justification: {why}\n"
        f"    approved_by: {by}\n    approved_on: {on}\n    expires: 2013-03-31\n"
    )


@pytest.mark.slow
def test_a_waiver_needs_a_real_approver_and_justification(
    repo: Path, tmp_path: Path, run_process: Process
) -> None:
    path, target = _noncompliant(repo, tmp_path)
    (tmp_path / "ccg.waivers.yaml").write_text(
        _waiver("REG-11-01", target.pointer, by='"   "', why='"   "'), encoding="utf-8"
    )
    from ccg_rules.errors import WaiverFileError

    with pytest.raises(WaiverFileError) as caught:
        ccg_rules.check(path)
    assert caught.value.problems == (
        (5, 5, "'justification': must not be blank (it holds only spaces): say why the finding is accepted"),
        (6, 5, "'approved_by': must not be blank (it holds only spaces): say who approved the waiver"),
    )
    code, out, err, _ = run_process("check", "ccg.yaml", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == (
        "ccg-rules: error: ccg.waivers.yaml:5:5: 'justification': must not be blank (it holds only"
        " spaces): say why the finding is accepted"
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "pointer"),
    [
        (b"    name: Dr Nadia Ahmed\n", b'    name: "   "\n', 108, 5, "/people/0/name"),
        (b"    name: Audit Committee\n", b"    name: '\t '\n", 355, 5, "/committees/0/name"),
    ],
)
@pytest.mark.slow
def test_blank_names_are_located_findings(
    old: bytes,
    new: bytes,
    line: int,
    column: int,
    pointer: str,
    compliant: bytes,
    tmp_path: Path,
    run_process: Process,
) -> None:
    # Regression: a person or committee named with spaces only was accepted, and authorised.
    (tmp_path / "blank.yaml").write_bytes(_replace_once(compliant, old, new))
    report = ccg_rules.check(str(tmp_path / "blank.yaml"), file="blank.yaml")
    assert report.outcome is Outcome.NOT_ASSESSED
    assert [
        (f.rule_id, f.location.line, f.location.column, f.pointer, f.message) for f in report.findings
    ] == [("DOC-INVALID-VALUE", line, column, pointer, "'name': must not be blank (it holds only spaces)")]
    code, out, err, _ = run_process("check", "blank.yaml", cwd=tmp_path)
    assert (code, err) == (2, "")
    assert (
        out.splitlines()[0]
        == f"blank.yaml:{line}:{column}: error DOC-INVALID-VALUE 'name': must not be blank (it holds only spaces)"
    )


def test_a_waiver_approved_after_the_date_of_the_check_waives_nothing(
    repo: Path, tmp_path: Path, run_process: Process
) -> None:
    path, target = _noncompliant(repo, tmp_path)
    waivers = tmp_path / "ccg.waivers.yaml"
    waivers.write_text(_waiver("REG-11-01", target.pointer, on="2013-01-16"), encoding="utf-8")
    report = ccg_rules.check(path)  # as of the document's date, 2013-01-15
    assert report.counts.waived == 0
    (problem,) = [f for f in report.findings if f.rule_id == "WAIVER-NOT-YET-APPROVED"]
    assert problem.pointer == "/waivers/0/approved_on"
    assert (problem.location.line, problem.location.column) == (7, 5)
    assert problem.message == (
        f"The waiver for REG-11-01 at {target.pointer} was approved on 2013-01-16, after 2013-01-15, the"
        " date of the check; it was not yet in force then, so a finding it would accept counts."
    )
    code, out, err, _ = run_process("check", "ccg.yaml", cwd=tmp_path)
    assert (code, err) == (1, "")
    assert f"ccg.waivers.yaml:7:5: warning WAIVER-NOT-YET-APPROVED {problem.message}" in out.splitlines()
    # Approved on the date of the check, it applies; and judged as of a later date, too.
    waivers.write_text(_waiver("REG-11-01", target.pointer, on="2013-01-15"), encoding="utf-8")
    assert ccg_rules.check(path).counts.waived == 1
    waivers.write_text(_waiver("REG-11-01", target.pointer, on="2013-01-16"), encoding="utf-8")
    import datetime as dt

    assert ccg_rules.check(path, as_of=dt.date(2013, 1, 20)).counts.waived == 1


@pytest.mark.slow
def test_a_person_added_again_under_a_case_variant_id(
    compliant: bytes, tmp_path: Path, run_process: Process
) -> None:
    # Regression: "P-Ahmed" beside "p-ahmed" was a second person, free to fill a seat of its own.
    text = compliant.decode("utf-8")
    start, end = text.index("  - id: p-ahmed\n"), text.index("  - id: p-whitlock\n")
    again = text[start:end].replace("  - id: p-ahmed\n", "  - id: P-Ahmed\n", 1)
    doc = (text[:end] + again + text[end:]).encode("utf-8")
    line = doc[: doc.index(b"  - id: P-Ahmed\n")].count(b"\n") + 1
    (tmp_path / "twice.yaml").write_bytes(doc)
    report = ccg_rules.check(str(tmp_path / "twice.yaml"), file="twice.yaml")
    assert report.outcome is Outcome.NOT_ASSESSED
    message = (
        "the id 'P-Ahmed' differs from 'p-ahmed' (/people/0) only in letter case; ids that differ"
        " only in case name the same entry twice, so use one of them"
    )
    assert [
        (f.rule_id, f.location.line, f.location.column, f.pointer, f.message) for f in report.findings
    ] == [("DOC-DUPLICATE-ID", line, 5, "/people/1/id", message)]
    code, out, err, _ = run_process("check", "twice.yaml", cwd=tmp_path)
    assert (code, err) == (2, "")
    assert out.splitlines()[0] == f"twice.yaml:{line}:5: error DOC-DUPLICATE-ID {message}"


def test_a_seat_appointed_in_2099_on_a_2013_document(compliant: bytes) -> None:
    # Decided: the seat rules count the seats the document records; DATE-04 says that this
    # one is not filled on the document's date (advisory, like DATE-01..03).
    seat = b"      appointed: 2012-09-03\n"
    doc = compliant.replace(seat, b"      appointed: 2099-09-03\n", 1)  # the first of two such seats
    report = ccg_rules.check_text(doc, filename="x.yaml")
    (finding,) = [f for f in report.findings if f.rule_id == "DATE-04"]
    assert finding.consequence.value == "advisory"
    assert finding.message.endswith(
        "is appointed from 2099-09-03, after the document's date 2013-01-15; on that date it is not filled."
    )
    assert report.outcome is Outcome.AUTHORISED


def test_deeply_nested_data_through_the_api_is_a_finding() -> None:
    data: dict[str, object] = {}
    node = data
    for _ in range(10_000):
        node["a"] = {}
        node = node["a"]  # type: ignore[assignment]
    report = ccg_rules.check(data)
    assert report.outcome is Outcome.NOT_ASSESSED
    assert [(f.rule_id, f.pointer, f.message) for f in report.findings] == [
        (
            "DOC-TOO-DEEP",
            "/a" * 64,
            f"The nesting at '{'/a' * 64}' is deeper than 64 levels; flatten the structure.",
        )
    ]


# --------------------------------------------------------------------------- the configuration trust boundary

SHADOW = (
    "root:$6$abcdefgh$Q1w2E3r4T5y6U7i8O9p0hashhashhash:19000:0:99999:7:::\n"
    "daemon:*:19000:0:99999:7:::\n"
    "bob:$6$saltsalt$anotherhashanotherhash/xx:19000:0:99999:7:::\n"
)


@pytest.fixture
def project(tmp_path: Path, repo: Path) -> Path:
    """A project folder holding a document, beside a shadow-like file outside it."""
    (tmp_path / "shadow").write_text(SHADOW, encoding="utf-8")
    (tmp_path / "shadow.yaml").write_text(SHADOW, encoding="utf-8")
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / ".git").mkdir()
    (folder / "ccg.yaml").write_bytes((repo / "examples" / "ccg-compliant.yaml").read_bytes())
    return folder


@pytest.mark.parametrize(
    ("config", "name", "text", "where", "message"),
    [
        (
            ".ccg-rules.yaml",
            "waivers",
            "fail_on: warning\nwaivers: ../shadow\n",
            "2:1",
            "'waivers': '../shadow' is outside the project",
        ),
        (
            ".ccg-rules.yaml",
            "ruleset",
            "ruleset: ../shadow.yaml\n",
            "1:1",
            "'ruleset': '../shadow.yaml' is outside the project",
        ),
        (
            "pyproject.toml",
            "waivers",
            '[project]\nname = "x"\n\n[tool.ccg-rules]\nfail-on = "warning"\nwaivers = "{shadow}"\n',
            "6:1",
            "'waivers': '{shadow}' is outside the project",
        ),
        (
            ".ccg-rules.yaml",
            "waivers",
            "waivers: link.yaml\n",
            "1:1",
            "'waivers': 'link.yaml' is outside the project",
        ),
    ],
)
@pytest.mark.slow
def test_configuration_paths_stay_inside_the_project(
    project: Path,
    run_process: Process,
    config: str,
    name: str,
    text: str,
    where: str,
    message: str,
) -> None:
    shadow = str(project.parent / "shadow")
    (project / "link.yaml").symlink_to(project.parent / "shadow")
    (project / config).write_text(text.replace("{shadow}", shadow), encoding="utf-8")
    code, out, err, _ = run_process("check", "ccg.yaml", cwd=project)
    assert (code, out) == (2, "")
    assert err == (
        f"ccg-rules: error: {config}:{where}: {message.replace('{shadow}', shadow)} (the folder holding "
        "this file); a path given on the command line may be anywhere\n"
    )
    assert "$6$" not in err


def test_configuration_paths_inside_the_project_still_work(project: Path, run_process: Process) -> None:
    (project / "governance").mkdir()
    (project / "governance" / "waivers.yaml").write_text("waivers: []\n", encoding="utf-8")
    (project / ".ccg-rules.yaml").write_text(
        "waivers: governance/../governance/waivers.yaml\n", encoding="utf-8"
    )
    code, out, err, _ = run_process("check", "ccg.yaml", cwd=project)
    assert (code, err) == (0, "")
    assert out.startswith("ccg.yaml: 0 errors")


def test_a_path_on_the_command_line_may_be_anywhere(project: Path, run_process: Process) -> None:
    (project.parent / "w.yaml").write_text("waivers: []\n", encoding="utf-8")
    code, _, err, _ = run_process("check", "--waivers", "../w.yaml", "ccg.yaml", cwd=project)
    assert (code, err) == (0, "")


@pytest.mark.slow
def test_a_file_that_is_not_ours_is_not_echoed(project: Path, run_process: Process) -> None:
    code, _, err, _ = run_process("check", "--waivers", "../shadow", "ccg.yaml", cwd=project)
    assert code == 2
    assert err == (
        "ccg-rules: error: ../shadow:1:1: not a waiver file: it has no 'waivers' key, "
        "and 3 other top-level keys (not shown)\n"
    )
    code, _, err, _ = run_process("check", "--config", "../shadow", "ccg.yaml", cwd=project)
    assert code == 2
    assert err == (
        "ccg-rules: error: ../shadow:1:1: not a ccg-rules configuration: none of its 3 keys is a setting "
        "(settings: ruleset, as_of, fail_on, waivers, select, ignore, format, engine)\n"
    )


@pytest.mark.slow
def test_unknown_keys_are_named_only_when_they_are_words(project: Path, run_process: Process) -> None:
    (project / "w.yaml").write_text("waivers: []\nroot:$6$abc$hash: 1\nwaiver: 2\n", encoding="utf-8")
    code, _, err, _ = run_process("check", "--waivers", "w.yaml", "ccg.yaml", cwd=project)
    assert code == 2
    assert err == (
        "ccg-rules: error: w.yaml:2:1: an unknown key (not shown: it is not a word)\n"
        "ccg-rules: error: w.yaml:3:1: unknown key 'waiver'; did you mean 'waivers'?\n"
    )
    (project / ".ccg-rules.yaml").write_text(
        "fail_on: warning\n'token: $6$x': 1\nfial-on: info\n", encoding="utf-8"
    )
    code, _, err, _ = run_process("check", "ccg.yaml", cwd=project)
    assert code == 2
    assert "$6$" not in err
    assert err.splitlines() == [
        "ccg-rules: error: .ccg-rules.yaml:2:1: an unknown key (not shown: it is not a word) "
        "(keys: ruleset, as_of, fail_on, waivers, select, ignore, format, engine)",
        "ccg-rules: error: .ccg-rules.yaml:3:1: unknown key 'fial-on'; did you mean 'fail-on'? "
        "(keys: ruleset, as_of, fail_on, waivers, select, ignore, format, engine)",
    ]
