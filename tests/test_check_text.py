"""One way to check a file, one to check text, and a raising twin of each.

``check(path)`` takes a path (or already-parsed data); ``check_text(text)`` takes YAML as
``str`` or ``bytes``. A string given where a path belongs fails with one short line that
says what to do; ``validate`` and ``validate_text`` raise ``FindingsError`` when findings
reach a threshold.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import ccg_rules
from ccg_rules import DocumentError, FindingsError, Outcome, Report, Severity

COMPLIANT = "examples/ccg-compliant.yaml"
NONCOMPLIANT = "examples/ccg-noncompliant.yaml"
CHECK_HINT = "; to check YAML text rather than a file, call ccg_rules.check_text(text)"
LOAD_HINT = "; to read YAML text rather than a file, pass its bytes: ccg_rules.load_document(text.encode())"


@pytest.fixture(autouse=True)
def _in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)


@pytest.fixture
def text(repo: Path) -> str:
    return (repo / NONCOMPLIANT).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- check_text()


def test_check_text_of_str_and_bytes_equals_check_of_the_file(text: str) -> None:
    from_file = ccg_rules.check(NONCOMPLIANT)
    assert ccg_rules.check_text(text, filename=NONCOMPLIANT) == from_file
    assert ccg_rules.check_text(text.encode(), filename=NONCOMPLIANT) == from_file
    unnamed = ccg_rules.check_text(text)
    assert unnamed.document.file is None
    assert {f.location.file for f in unnamed.findings} == {None}
    assert unnamed.document.digest == from_file.document.digest


def test_check_text_takes_the_same_options_as_check(text: str) -> None:
    options = {
        "ruleset": "ccg-authorisation@2013-03",
        "as_of": dt.date(2013, 6, 1),
        "engine": "python",
        "select": "REG-",
        "ignore": ["REG-11-06"],
    }
    from_text = ccg_rules.check_text(text, filename=NONCOMPLIANT, **options)  # type: ignore[arg-type]
    assert from_text == ccg_rules.check(NONCOMPLIANT, **options)  # type: ignore[arg-type]
    assert from_text.selection is not None
    assert "REG-11-06" not in {f.rule_id for f in from_text.findings}
    assert {f.rule_id[:4] for f in from_text.findings} == {"REG-"}


def test_check_text_locates_problems_in_the_named_file() -> None:
    report = ccg_rules.check_text("a: 1\na: 2\n", filename="inline.yaml")
    assert (report.valid, report.outcome) == (False, Outcome.NOT_ASSESSED)
    assert [(f.rule_id, f.location.file, f.location.line, f.location.column) for f in report.findings] == [
        ("DOC-DUPLICATE-KEY", "inline.yaml", 2, 1)
    ]
    assert report.document.file == "inline.yaml"


def test_check_text_names_no_file_that_it_reads(tmp_path: Path, repo: Path) -> None:
    # A waiver file beside the name is not looked for: the name is only a label.
    document = tmp_path / "ccg.yaml"
    waivers = tmp_path / "ccg.waivers.yaml"
    waivers.write_text("not: [a waiver file\n", encoding="utf-8")  # would raise if it were read
    data = (repo / NONCOMPLIANT).read_bytes()
    report = ccg_rules.check_text(data, filename=str(document))
    assert report.waivers is None
    assert report.document.file == str(document)
    assert not document.exists()


def test_check_text_reports_a_lone_surrogate_rather_than_dropping_it() -> None:
    report = ccg_rules.check_text("format: ccg-document/1\nname: a\udc80b\n", filename="x.yaml")
    assert [(f.rule_id, f.location.line) for f in report.findings] == [("DOC-ENCODING", 2)]


@pytest.mark.parametrize("bad", [Path(NONCOMPLIANT), 42, None, bytearray(b"a: 1")])
def test_check_text_refuses_what_is_not_text(bad: object) -> None:
    with pytest.raises(TypeError, match=rf"^text must be str or bytes, not {type(bad).__name__}; .*ccg_rules\.check\(path\)$"):
        ccg_rules.check_text(bad)  # type: ignore[arg-type]


def test_check_text_refuses_a_filename_that_is_not_a_string() -> None:
    with pytest.raises(TypeError, match=r"^filename must be str or None, not PosixPath$|^filename must be str or None, not WindowsPath$"):
        ccg_rules.check_text("a: 1", filename=Path("x.yaml"))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- check(): paths only


@pytest.mark.parametrize("data", [b"a: 1\n", bytearray(b"a: 1\n"), memoryview(b"a: 1\n")])
def test_check_refuses_bytes_and_names_check_text(data: object) -> None:
    kind = type(data).__name__
    with pytest.raises(TypeError) as info:
        ccg_rules.check(data)  # type: ignore[arg-type]
    assert str(info.value) == f"check() takes a path, not {kind}; to check YAML text, call ccg_rules.check_text(text)"


def test_yaml_text_given_to_check_gets_one_short_line(text: str) -> None:
    assert len(text) > 9_000  # the message this replaces quoted the whole text
    with pytest.raises(DocumentError) as info:
        ccg_rules.check(text)
    message = str(info.value)
    assert "\n" not in message
    assert len(message) < 300
    assert message.startswith("'# yaml-language-server: $schema=../schemas/ccg-document.sch…': ")
    assert message.endswith(
        f"…': no such file (a name of {len(text):,} characters is too long for a file){CHECK_HINT}"
    )
    assert "File name too long" not in message


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("a: 1", f"a: 1: no such file{CHECK_HINT}"),
        ("a: 1\nb: 2\n", f"'a: 1\\nb: 2\\n': no such file{CHECK_HINT}"),
        ("{a: 1}", f"{{a: 1}}: no such file{CHECK_HINT}"),
        ("- x", f"- x: no such file{CHECK_HINT}"),
        ("", f"'': no such file (the name is empty){CHECK_HINT}"),
        ("a\x00b", "'a\\x00b': no such file (a name cannot hold a NUL character)"),
        # Names that look like names get no hint: this is the message the CLI prints, too.
        ("no-such-file.yaml", "no-such-file.yaml: no such file"),
        ("evil\x1b[2J.yaml", "'evil\\x1b[2J.yaml': no such file"),
        ("forged.yaml: no such file\nccg-rules: error: x", "'forged.yaml: no such file\\nccg-rules: error: x': no such file" + CHECK_HINT),
        ("x" * 400 + ".yaml", "'" + "x" * 59 + "…': no such file (a name of 405 characters is too long for a file)" + CHECK_HINT),
    ],
)
def test_a_missing_path_gets_one_escaped_line(given: str, message: str) -> None:
    with pytest.raises(DocumentError) as info:
        ccg_rules.check(given)
    assert str(info.value) == message
    assert str(info.value).isprintable()


def test_a_missing_path_like_gets_no_text_hint() -> None:
    with pytest.raises(DocumentError) as info:
        ccg_rules.check(Path("a: 1"))
    assert str(info.value) == "a: 1: no such file"


def test_load_document_gives_its_own_hint(text: str) -> None:
    with pytest.raises(DocumentError) as info:
        ccg_rules.load_document("a: 1")
    assert str(info.value) == f"a: 1: no such file{LOAD_HINT}"
    with pytest.raises(DocumentError) as info:
        ccg_rules.load_document(text)
    message = str(info.value)
    assert "\n" not in message
    assert len(message) < 300
    assert message.endswith(LOAD_HINT)
    # As it says: bytes are read as the document.
    assert ccg_rules.load_document(text.encode()).valid is True
    with pytest.raises(TypeError, match=r"^a document is a path, bytes or a mapping, not int$"):
        ccg_rules.load_document(42)  # type: ignore[arg-type]


def test_a_loaded_document_takes_no_file_name() -> None:
    loaded = ccg_rules.load_document(NONCOMPLIANT)
    assert ccg_rules.check(loaded) == ccg_rules.check(NONCOMPLIANT, waivers=False)
    with pytest.raises(TypeError, match=r"^file= does not apply to a LoadedDocument: give file= to load_document\(\)$"):
        ccg_rules.check(loaded, file="other.yaml")


# --------------------------------------------------------------------------- validate()


def test_validate_returns_the_report_when_nothing_reaches_the_threshold() -> None:
    report = ccg_rules.validate(COMPLIANT)
    assert report == ccg_rules.check(COMPLIANT)
    assert report.outcome is Outcome.AUTHORISED


def test_validate_raises_with_the_report_and_the_findings() -> None:
    with pytest.raises(FindingsError) as info:
        ccg_rules.validate(NONCOMPLIANT)
    exc = info.value
    assert isinstance(exc, ccg_rules.CcgRulesError)
    assert isinstance(exc, ValueError)
    assert exc.report == ccg_rules.check(NONCOMPLIANT)
    assert exc.fail_on is Severity.ERROR
    assert exc.findings == exc.report.at_or_above(Severity.ERROR)
    assert len(exc.findings) == 9
    assert str(exc) == (
        "examples/ccg-noncompliant.yaml: authorised_with_conditions; 9 findings at or above error (9 errors)\n"
        "  examples/ccg-noncompliant.yaml:187:3: REG-11-01 The governing body has 5 members; at least 6 are required.\n"
        "  examples/ccg-noncompliant.yaml:187:3: REG-11-06 The governing body has no member in the role of secondary care specialist.\n"
        "  examples/ccg-noncompliant.yaml:187:3: REG-11-09 The governing body has no member in the role of lay member for patient and public involvement.\n"
        "  and 6 more (see .findings)"
    )


@pytest.mark.parametrize(("fail_on", "count"), [("warning", 11), (Severity.WARNING, 11), ("info", 11), ("error", 9)])
def test_validate_threshold(fail_on: Severity, count: int) -> None:
    with pytest.raises(FindingsError) as info:
        ccg_rules.validate(NONCOMPLIANT, fail_on=fail_on)
    assert len(info.value.findings) == count
    assert str(info.value).splitlines()[0].endswith(f"{count} findings at or above {Severity(fail_on).value} " + (
        "(9 errors, 2 warnings)" if count == 11 else "(9 errors)"))


def test_validate_below_the_threshold_passes(repo: Path) -> None:
    # Only the two warnings remain once the errors' rules are left out.
    warnings_only = {"ignore": [f.rule_id for f in ccg_rules.check(NONCOMPLIANT).at_or_above(Severity.ERROR)]}
    report = ccg_rules.validate(NONCOMPLIANT, **warnings_only)  # type: ignore[arg-type]
    assert (report.counts.error, report.counts.warning) == (0, 2)
    with pytest.raises(FindingsError) as info:
        ccg_rules.validate(NONCOMPLIANT, fail_on="warning", **warnings_only)  # type: ignore[arg-type]
    assert [f.severity for f in info.value.findings] == [Severity.WARNING, Severity.WARNING]
    assert str(info.value).splitlines()[0].endswith("2 findings at or above warning (2 warnings)")


def test_validate_counts_no_waived_finding(repo: Path, tmp_path: Path) -> None:
    report = ccg_rules.check(NONCOMPLIANT)
    lines = ["format: ccg-waivers/1", "waivers:"]
    for f in report.at_or_above(Severity.ERROR):
        lines += [
            f"  - rule: {f.rule_id}",
            f"    target: {f.pointer!r}",
            "    justification: Agreed with the assessor for the test.",
            "    approved_by: Test",
            "    approved_on: 2013-01-01",
            "    expires: 2099-01-01",
        ]
    waivers = tmp_path / "all.waivers.yaml"
    waivers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    passed = ccg_rules.validate(NONCOMPLIANT, waivers=str(waivers))
    assert (passed.counts.error, passed.counts.waived) == (0, 9)
    with pytest.raises(FindingsError):
        ccg_rules.validate(NONCOMPLIANT, waivers=str(waivers), fail_on="warning")


def test_validate_rejects_an_unknown_threshold_before_checking() -> None:
    with pytest.raises(ValueError, match=r"^fail_on must be one of 'error', 'warning', 'info', not 'eror'$"):
        ccg_rules.validate("no-such-file.yaml", fail_on="eror")  # type: ignore[arg-type]


def test_validate_passes_errors_that_stop_a_check_through() -> None:
    with pytest.raises(DocumentError, match=r"^no-such-file\.yaml: no such file$"):
        ccg_rules.validate("no-such-file.yaml")
    with pytest.raises(ccg_rules.SelectionError):
        ccg_rules.validate(COMPLIANT, ruleset="nope")


def test_validate_text_raises_for_a_broken_document_and_escapes_what_it_quotes() -> None:
    with pytest.raises(FindingsError) as info:
        ccg_rules.validate_text(b"a: 1\na: 2\n", filename="in\x1bline.yaml")
    assert info.value.report.valid is False
    assert str(info.value) == (
        "'in\\x1bline.yaml': not_assessed; 1 finding at or above error (1 error)\n"
        "  'in\\x1bline.yaml':2:1: DOC-DUPLICATE-KEY The key 'a' appears twice in the top-level mapping: "
        "first on line 1 and again on line 2; remove or rename one of them."
    )
    assert all(line.isprintable() for line in str(info.value).splitlines())


def test_validate_text_names_text_without_a_file() -> None:
    with pytest.raises(FindingsError) as info:
        ccg_rules.validate_text("- not a mapping\n")
    assert str(info.value).splitlines()[0] == "<text>: not_assessed; 1 finding at or above error (1 error)"
    assert str(info.value).splitlines()[1].startswith("  <text>:1:1: DOC-NOT-A-MAPPING ")


def test_validate_text_returns_the_report(repo: Path) -> None:
    data = (repo / COMPLIANT).read_bytes()
    report = ccg_rules.validate_text(data, filename=COMPLIANT)
    assert isinstance(report, Report)
    assert report == ccg_rules.check(COMPLIANT)


def test_findings_error_survives_pickling() -> None:
    import pickle

    with pytest.raises(FindingsError) as info:
        ccg_rules.validate(NONCOMPLIANT, fail_on="warning")
    again = pickle.loads(pickle.dumps(info.value))
    assert isinstance(again, FindingsError)
    assert (again.report, again.fail_on, again.findings, str(again)) == (
        info.value.report, Severity.WARNING, info.value.findings, str(info.value)
    )


def test_at_or_above_takes_a_severity_or_its_name() -> None:
    report = ccg_rules.check(NONCOMPLIANT)
    assert report.at_or_above("warning") == report.at_or_above(Severity.WARNING)
    assert len(report.at_or_above("error")) == 9
    with pytest.raises(ValueError, match="'eror' is not a valid Severity"):
        report.at_or_above("eror")  # type: ignore[arg-type]
