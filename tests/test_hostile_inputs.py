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

Process = Callable[..., tuple[int, str, str, float]]
Builder = Callable[[bytes], bytes]

# A guard against hangs and blow-ups (work that grows with the hostile size), not a speed goal:
# the speed figures live in bench/bench.py.
CHECK_SECONDS = 5.0
CLI_SECONDS = 5.0


def billion_laughs(_: bytes) -> bytes:
    lines = [b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
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
    "nested-sequences": Case(lambda _: b"format: " + b"[" * 10_000 + b"\n", "DOC-TOO-DEEP", 1, 72,
                             "/format" + "/0" * 63),
    # 10,000 nested flow mappings; the root counts as the first level.
    "nested-mappings": Case(lambda _: b"".join(b"{k%d: " % i for i in range(10_000)) + b"x\n",
                            "DOC-TOO-DEEP", 1, 375, "".join(f"/k{i}" for i in range(64))),
    "fifty-megabytes": Case(lambda _: b"a: " + b"x" * (50 * 1024 * 1024) + b"\n", "DOC-FILE-TOO-LARGE", 1, 1),
    # A 200,000-character implicit key is past YAML's 1,024-character limit for simple keys.
    "long-plain-key": Case(lambda c: with_ccg_block(c, b"k" * 200_000 + b": " + b"v" * 200_000 + b"\n"),
                           "DOC-YAML-SYNTAX", 9, 200_001),
    # Written as an explicit key it parses, and is then an unknown key.
    "long-explicit-key": Case(
        lambda c: with_ccg_block(c, b"? " + b"k" * 200_000 + b"\n: " + b"v" * 200_000 + b"\n"),
        "DOC-UNKNOWN-KEY", 9, 3, "/" + "k" * 200_000),
    "invalid-utf8": Case(lambda _: b"format: ccg-document/1\nccg:\n  name: caf\xc3\xa9 \xff x\n", "DOC-ENCODING", 3, 14),
    "utf16-bom": Case(lambda c: c.decode("utf-8").encode("utf-16"), "DOC-ENCODING", 1, 1),
    "utf32-bom": Case(lambda c: c.decode("utf-8").encode("utf-32"), "DOC-ENCODING", 1, 1),
    "nul-byte": Case(lambda _: b"format: ccg-document/1\nccg:\n  na\x00me: x\n", "DOC-ENCODING", 3, 5),
    "duplicate-key-at-depth-3": Case(lambda _: b"a:\n  b:\n    c: 1\n    c: 2\n", "DOC-DUPLICATE-KEY", 4, 5, "/a/b/c"),
    "merge-key": Case(lambda _: b"base: &b {x: 1}\nother:\n  <<: *b\n  z: 2\n", "DOC-MERGE-KEY", 3, 3, "/other/<<"),
    "python-object-tag": Case(lambda _: b'format: !!python/object/apply:os.system ["touch marker"]\n',
                              "DOC-TAG-NOT-ALLOWED", 1, 9, "/format"),
    "python-object-tag-on-root": Case(lambda _: b'!!python/object/apply:os.system ["touch marker"]\n',
                                      "DOC-TAG-NOT-ALLOWED", 1, 1),
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
def test_cli_reports_a_located_message(hostile: tuple[str, Case], tmp_path: Path, run_process: Process) -> None:
    name, case = hostile
    code, out, err, seconds = run_process("check", name, cwd=tmp_path, timeout=30)
    assert seconds < CLI_SECONDS
    assert (code, err) == (2, "")
    lines = out.split("\n")
    assert len(lines) == 3 and lines[2] == ""
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


def test_utf8_bom_keeps_a_valid_document_valid(compliant: bytes, tmp_path: Path, run_process: Process) -> None:
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + compliant)
    report = ccg_rules.check(str(tmp_path / "bom.yaml"))
    assert report.valid is True
    assert report.outcome is Outcome.AUTHORISED
    assert report.findings == ()
    code, out, err, _ = run_process("check", "bom.yaml", cwd=tmp_path)
    assert (code, out, err) == (0, "bom.yaml: 0 errors, 0 warnings, 0 info; authorised [ccg-authorisation@2012]\n", "")


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
    assert [(f.rule_id, f.location.line, f.location.column) for f in report.findings] == [("DOC-ENCODING", 1, 3)]


def test_python_tag_never_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_process: Process) -> None:
    monkeypatch.chdir(tmp_path)
    for text in (
        b'!!python/object/apply:os.system ["touch marker"]\n',
        b'format: !!python/object/apply:os.system ["touch marker"]\n',
        b'format: !!python/object/new:os.system ["touch marker"]\n',
        b'? !!python/object/apply:os.system ["touch marker"]\n: 1\n',
        b'format: !!python/name:os.system\n',
    ):
        (tmp_path / "evil.yaml").write_bytes(text)
        report = ccg_rules.check("evil.yaml")
        assert report.valid is False
        assert {f.rule_id for f in report.findings} <= {"DOC-TAG-NOT-ALLOWED", "DOC-COMPLEX-KEY"}
        assert "DOC-TAG-NOT-ALLOWED" in {f.rule_id for f in report.findings}
        code, _, err, _ = run_process("check", "evil.yaml", cwd=tmp_path)
        assert (code, err) == (2, "")
        assert not (tmp_path / "marker").exists()
