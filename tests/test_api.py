"""The public Python API: ``ccg_rules.__all__``, ``check()``, reports, documents, rulesets."""

from __future__ import annotations

import datetime as dt
import inspect
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml

import ccg_rules
from ccg_rules import (
    CcgRulesError,
    DocumentError,
    EngineError,
    LoadedDocument,
    Outcome,
    Report,
    Rule,
    Ruleset,
    RulesetError,
    RulesetVersion,
    SelectionError,
    Severity,
)

PUBLIC_NAMES = [
    "CcgDocument",
    "CcgRulesError",
    "Citation",
    "Consequence",
    "Criterion",
    "DocumentError",
    "EngineError",
    "EngineName",
    "Finding",
    "FindingsError",
    "IcbDocument",
    "LoadedDocument",
    "Outcome",
    "Report",
    "Rule",
    "Ruleset",
    "RulesetDiff",
    "RulesetError",
    "RulesetVersion",
    "SelectionError",
    "Severity",
    "SeverityName",
    "SupportLevel",
    "UnknownRuleError",
    "WaiverFileError",
    "Wave",
    "WaveRow",
    "__version__",
    "assess_wave",
    "available_rulesets",
    "board_paper",
    "check",
    "check_text",
    "diff_rulesets",
    "load_document",
    "load_ruleset",
    "validate",
    "validate_text",
    "wave_csv",
    "wave_markdown",
]

TYPE_ALIASES = {"EngineName": ("python", "durable"), "SeverityName": ("error", "warning", "info")}
"""Public names that are `Literal` type aliases, with their choices, rather than classes or functions."""

COMPLIANT = "examples/ccg-compliant.yaml"
NONCOMPLIANT = "examples/ccg-noncompliant.yaml"


@pytest.fixture(autouse=True)
def _in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)


# --------------------------------------------------------------------------- the namespace


def test_all_is_pinned() -> None:
    assert sorted(PUBLIC_NAMES) == PUBLIC_NAMES
    assert ccg_rules.__all__ == PUBLIC_NAMES


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_every_public_name_resolves_and_is_documented(name: str) -> None:
    value = getattr(ccg_rules, name)
    if name == "__version__":
        assert isinstance(value, str)
        return
    if name in TYPE_ALIASES:
        assert typing.get_origin(value) is typing.Literal
        assert typing.get_args(value) == TYPE_ALIASES[name]
        return
    assert inspect.isclass(value) or inspect.isfunction(value), name
    assert value.__name__ == name
    doc = value.__doc__
    assert isinstance(doc, str), name
    assert doc.strip(), name


def test_dir_lists_exactly_the_public_names() -> None:
    assert dir(ccg_rules) == sorted(ccg_rules.__all__)


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"^module 'ccg_rules' has no attribute 'no_such_name'$"):
        ccg_rules.no_such_name  # noqa: B018
    assert not hasattr(ccg_rules, "_HOME_nope")


def test_star_import_gives_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from ccg_rules import *", namespace)
    assert sorted(k for k in namespace if k != "__builtins__") == PUBLIC_NAMES


def test_import_is_lazy() -> None:
    code = (
        "import sys, ccg_rules\n"
        "heavy = sorted(m for m in ('pydantic', 'yaml', 'ccg_rules.pipeline.check') if m in sys.modules)\n"
        "print(heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "[]\n", "")


def test_error_hierarchy() -> None:
    for exc in (DocumentError, RulesetError, SelectionError, EngineError):
        assert issubclass(exc, CcgRulesError)
    assert issubclass(DocumentError, OSError)
    assert issubclass(RulesetError, ValueError)
    assert issubclass(SelectionError, LookupError)
    assert issubclass(EngineError, RuntimeError)


# --------------------------------------------------------------------------- check()


def test_check_accepts_str_and_path_and_check_text_accepts_bytes(repo: Path) -> None:
    by_str = ccg_rules.check(NONCOMPLIANT)
    by_path = ccg_rules.check(Path(NONCOMPLIANT))
    data = (repo / NONCOMPLIANT).read_bytes()
    by_bytes_named = ccg_rules.check_text(data, filename=NONCOMPLIANT)
    by_bytes = ccg_rules.check_text(data)
    assert isinstance(by_str, Report)
    assert len(by_str.findings) == 11
    assert by_str == by_path == by_bytes_named
    assert by_str.document.file == NONCOMPLIANT
    # Bytes without a name: the same findings, with no file in their locations.
    assert by_bytes.document.file is None
    assert [f.location.file for f in by_bytes.findings] == [None] * 11
    unnamed = [f.model_copy(update={"location": f.location.model_copy(update={"file": NONCOMPLIANT})})
               for f in by_bytes.findings]
    assert tuple(unnamed) == by_str.findings
    assert by_bytes.document.digest == by_str.document.digest


def test_check_accepts_a_path_like_and_file_override() -> None:
    report = ccg_rules.check(Path(NONCOMPLIANT), file="shown.yaml")
    assert report.document.file == "shown.yaml"
    assert {f.location.file for f in report.findings} == {"shown.yaml"}


@pytest.mark.parametrize("example", [COMPLIANT, NONCOMPLIANT])
def test_check_accepts_a_mapping(repo: Path, example: str) -> None:
    data = yaml.safe_load((repo / example).read_text(encoding="utf-8"))
    assert isinstance(data["as_of"], dt.date)
    from_mapping = ccg_rules.check(data)
    from_file = ccg_rules.check(example)
    assert from_mapping.valid is True
    assert from_mapping.outcome == from_file.outcome
    assert from_mapping.counts == from_file.counts
    assert from_mapping.document.file is None
    assert from_mapping.document.as_of == from_file.document.as_of
    # A mapping has no positions: every location is 1:1, so only the order may differ.
    assert all((f.location.line, f.location.column) == (1, 1) for f in from_mapping.findings)

    def key(f: ccg_rules.Finding) -> tuple[str, str]:
        return f.rule_id, f.pointer

    without_location = sorted(
        (f.model_dump(mode="json", exclude={"location", "located_pointer"}) for f in from_file.findings),
        key=lambda d: (str(d["rule_id"]), str(d["pointer"])),
    )
    assert sorted(
        (f.model_dump(mode="json", exclude={"location", "located_pointer"}) for f in from_mapping.findings),
        key=lambda d: (str(d["rule_id"]), str(d["pointer"])),
    ) == without_location
    assert sorted(map(key, from_mapping.findings)) == sorted(map(key, from_file.findings))


def test_compliant_example_has_no_findings() -> None:
    report = ccg_rules.check(COMPLIANT)
    assert report.valid is True
    assert report.outcome is Outcome.AUTHORISED
    assert report.findings == ()
    assert report.counts.total == 0
    assert report.ruleset is not None
    assert (report.ruleset.id, report.ruleset.version) == ("ccg-authorisation", "2012")
    assert report.engine == "python"


def test_noncompliant_example_counts_and_outcome() -> None:
    report = ccg_rules.check(NONCOMPLIANT)
    assert report.outcome is Outcome.AUTHORISED_WITH_CONDITIONS
    assert (report.counts.error, report.counts.warning, report.counts.info, report.counts.total) == (9, 2, 0, 11)
    assert len(report.at_or_above(Severity.ERROR)) == 9
    assert len(report.at_or_above(Severity.WARNING)) == 11
    assert len(report.at_or_above(Severity.INFO)) == 11


def test_check_errors() -> None:
    with pytest.raises(DocumentError, match=r"^no-such-file\.yaml: no such file$"):
        ccg_rules.check("no-such-file.yaml")
    with pytest.raises(DocumentError, match=r"^examples: is a directory, not a document$"):
        ccg_rules.check("examples")
    with pytest.raises(SelectionError, match=r"^unknown ruleset 'nope'; bundled rulesets: "):
        ccg_rules.check(COMPLIANT, ruleset="nope")
    with pytest.raises(EngineError, match=r"^unknown engine 'nope'; choose one of: python, durable$"):
        ccg_rules.check(COMPLIANT, engine="nope")


def test_report_json_round_trip() -> None:
    for example in (COMPLIANT, NONCOMPLIANT):
        report = ccg_rules.check(example)
        text = report.model_dump_json()
        again = Report.model_validate_json(text)
        assert again == report
        assert again.model_dump_json() == text


def test_invalid_report_json_round_trip() -> None:
    report = ccg_rules.check_text(b"- not a mapping\n", filename="x.yaml")
    assert Report.model_validate_json(report.model_dump_json()) == report


def test_as_of_override() -> None:
    day = dt.date(2013, 6, 1)
    report = ccg_rules.check(NONCOMPLIANT, as_of=day)
    assert report.document.as_of == day
    assert report.document.as_of_source == "override"
    assert report.ruleset is not None
    assert report.ruleset.selected_because == (
        "ccg-authorisation@2013-03 is in force on 2013-06-01 (in force 2013-03-28 to 2014-09-30)"
    )
    default = ccg_rules.check(NONCOMPLIANT)
    assert default.document.as_of == dt.date(2013, 1, 15)
    assert default.document.as_of_source == "document"


def test_as_of_override_changes_relative_dates() -> None:
    # On 2012-11-01 Martin Quinn's declaration of 2011-11-21 is under 12 months old; on 2013-01-15 it is not.
    # ACT-14O-02 comes with the March 2013 guidance, so the version is pinned to 2013-03.
    early = ccg_rules.check(NONCOMPLIANT, ruleset="ccg-authorisation@2013-03", as_of=dt.date(2012, 11, 1))
    late = ccg_rules.check(NONCOMPLIANT, ruleset="ccg-authorisation@2013-03", as_of=dt.date(2013, 1, 15))
    assert "ACT-14O-02" not in {f.rule_id for f in early.findings}
    assert "ACT-14O-02" in {f.rule_id for f in late.findings}


def test_as_of_before_any_ruleset() -> None:
    with pytest.raises(SelectionError, match=r"^no version of ccg-authorisation is in force on 2001-01-01"):
        ccg_rules.check(COMPLIANT, as_of=dt.date(2001, 1, 1))


# --------------------------------------------------------------------------- load_document()


@pytest.mark.parametrize(
    ("data", "rule_id", "line", "column"),
    [
        (b"\xff\xfe\x00\x00", "DOC-ENCODING", 1, 1),
        (b"a: [1, 2\n", "DOC-YAML-SYNTAX", 2, 1),
        (b"a: 1\na: 2\n", "DOC-DUPLICATE-KEY", 2, 1),
        (b"", "DOC-EMPTY-DOCUMENT", 1, 1),
        (b"ok: \xc3\x28\n", "DOC-ENCODING", 1, 5),
    ],
)
def test_load_document_reports_problems_without_raising(
    data: bytes, rule_id: str, line: int, column: int
) -> None:
    loaded = ccg_rules.load_document(data)
    assert isinstance(loaded, LoadedDocument)
    assert loaded.valid is False
    assert loaded.document is None
    assert [(p.rule_id, p.location.line, p.location.column) for p in loaded.problems] == [(rule_id, line, column)]
    assert loaded.problems[0].citation is None
    assert loaded.digest.startswith("sha256:")


def test_load_document_of_a_valid_file() -> None:
    loaded = ccg_rules.load_document(COMPLIANT)
    assert loaded.valid is True
    assert loaded.problems == ()
    assert isinstance(loaded.document, ccg_rules.CcgDocument)
    assert loaded.document.ccg.name == "NHS Eastmarsh Clinical Commissioning Group"
    assert loaded.file == COMPLIANT


# --------------------------------------------------------------------------- rulesets


def test_load_ruleset_2012() -> None:
    ruleset = ccg_rules.load_ruleset("ccg-authorisation@2012")
    assert isinstance(ruleset, Ruleset)
    assert (ruleset.id, ruleset.version, ruleset.effective_from) == ("ccg-authorisation", "2012", dt.date(2012, 10, 1))
    assert len(ruleset.rules) >= 30
    assert len({r.id for r in ruleset.rules}) == len(ruleset.rules)
    for rule in ruleset.rules:
        assert isinstance(rule, Rule)
        assert rule.citation.instrument, rule.id
        assert rule.citation.provision, rule.id
        assert rule.citation.confidence.value in {"confirmed", "secondary", "unconfirmed"}, rule.id
    assert ruleset.digest.startswith("sha256:")
    assert ruleset.rule("REG-11-01").citation.provision == "reg 11(1)"
    with pytest.raises(KeyError):
        ruleset.rule("NOPE-01")


def test_load_ruleset_by_id_and_by_file(repo: Path) -> None:
    pinned = ccg_rules.load_ruleset("ccg-authorisation@2012")
    latest = [v for v in ccg_rules.available_rulesets() if v.id == "ccg-authorisation"][-1]
    assert latest.ref == "ccg-authorisation@2022-04"
    assert ccg_rules.load_ruleset().digest == ccg_rules.load_ruleset(latest.ref).digest
    assert ccg_rules.load_ruleset(as_of=dt.date(2013, 1, 15)).digest == pinned.digest
    from_file = ccg_rules.load_ruleset(str(repo / "rulesets" / "ccg-authorisation" / "2012.yaml"))
    assert [r.id for r in from_file.rules] == [r.id for r in pinned.rules]


def test_load_ruleset_errors(tmp_path: Path) -> None:
    with pytest.raises(SelectionError):
        ccg_rules.load_ruleset("nope")
    with pytest.raises(SelectionError):
        ccg_rules.load_ruleset("ccg-authorisation@1999")
    with pytest.raises(SelectionError, match="does not exist"):
        ccg_rules.load_ruleset(str(tmp_path / "absent.yaml"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("ruleset: x\nversion: '1'\n", encoding="utf-8")
    with pytest.raises(RulesetError) as info:
        ccg_rules.load_ruleset(str(broken))
    assert info.value.file == str(broken)
    assert (info.value.line, info.value.column) == (1, 1)
    # Every problem is reported (issue 11), not only the first; the attributes are the first's.
    assert info.value.message == "missing key 'title'"
    assert str(info.value) == f"{broken}:1:1: missing key 'title'\n{broken}:1:1: missing key 'effective_from'"
    assert [p.message for p in info.value.problems] == ["missing key 'title'", "missing key 'effective_from'"]


def test_available_rulesets() -> None:
    versions = ccg_rules.available_rulesets()
    assert all(isinstance(v, RulesetVersion) for v in versions)
    found = [v for v in versions if (v.id, v.version) == ("ccg-authorisation", "2012")]
    assert len(found) == 1
    (v2012,) = found
    assert v2012.effective_from == dt.date(2012, 10, 1)
    assert v2012.ref == "ccg-authorisation@2012"
    assert v2012.in_force(dt.date(2013, 1, 15))
    assert not v2012.in_force(dt.date(2012, 9, 30))


def test_diff_rulesets_and_the_causes_of_a_rule_change() -> None:
    old = ccg_rules.load_ruleset("ccg-authorisation@2017-06")
    new = ccg_rules.load_ruleset("ccg-authorisation@2022-04")
    diff = ccg_rules.diff_rulesets(old, new)
    assert isinstance(diff, ccg_rules.RulesetDiff)
    assert diff.parameters == (("governing_body_min", 6, 4),)
    assert new.rule("REG-11-01").parameters == ("governing_body_min",)
    assert "parameter governing_body_min changed from 6 to 4" in diff.causes(new.rule("REG-11-01"))
    removed = dict(diff.removed)
    assert removed
    gone = next(r for r in old.rules if r.id in removed)
    assert diff.causes(gone) == (f"{gone.id} is not in ccg-authorisation@2022-04: {removed[gone.id]}",)
    # A rule that is the same, and uses no changed parameter, has no cause to show.
    assert diff.causes(new.rule("REG-12-01B")) == ()
    assert ccg_rules.diff_rulesets(old, old).empty
