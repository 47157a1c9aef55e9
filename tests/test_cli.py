"""The ``ccg-rules`` command line: exit codes, output formats, goldens and error paths."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

import ccg_rules
from ccg_rules.rules.catalog import available_rulesets
from textscope import no_rule_line, scope_line

COMPLIANT = "examples/ccg-compliant.yaml"
NONCOMPLIANT = "examples/ccg-noncompliant.yaml"
FINDING_LINE = re.compile(r"^[^:]+:\d+:\d+: (error|warning|info) [A-Z][A-Z0-9-]+ .+$")
INTERNAL_ERROR = (
    "ccg-rules: internal error: this is a bug in ccg-rules; run again with "
    "CCG_RULES_DEBUG=1 to see the details, and please report it\n"
)

Cli = Callable[..., tuple[int, str, str]]
Process = Callable[..., tuple[int, str, str, float]]


def compliant_text(repo: Path) -> str:
    return (repo / COMPLIANT).read_text(encoding="utf-8")


def edited(repo: Path, old: str, new: str, count: int = 1) -> str:
    """The compliant example with the first ``count`` occurrences of ``old`` replaced."""
    text = compliant_text(repo)
    assert text.count(old) >= count, old
    return text.replace(old, new, count)


def smaller(repo: Path, registered: int) -> str:
    """The compliant example with a smaller registered population and running costs to match."""
    text = edited(repo, "  registered: 101317\n", f"  registered: {registered}\n")
    old = "  planned: 2497500"
    assert old in text
    return text.replace(old, f"  planned: {registered * 24}", 1)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="\n")
    return str(path)


# --------------------------------------------------------------------------- exit codes


def test_compliant_example_exits_0_and_is_authorised(run_cli: Cli) -> None:
    code, out, err = run_cli("check", COMPLIANT)
    assert (code, err) == (0, "")
    assert out == (
        "examples/ccg-compliant.yaml: 0 errors, 0 warnings, 0 info; authorised [ccg-authorisation@2012]\n"
    ) + scope_line(COMPLIANT)


def test_noncompliant_example_exits_1(run_cli: Cli) -> None:
    code, out, err = run_cli("check", NONCOMPLIANT)
    assert (code, err) == (1, "")
    assert out.splitlines()[-2] == (
        "examples/ccg-noncompliant.yaml: 9 errors, 2 warnings, 0 info; "
        "authorised with conditions [ccg-authorisation@2012]"
    )
    assert out.splitlines()[-1] + "\n" == scope_line(NONCOMPLIANT)  # the scope, in one plain line


def test_exit_zero_turns_findings_into_exit_0(run_cli: Cli) -> None:
    code, out, err = run_cli("check", "--exit-zero", NONCOMPLIANT)
    assert (code, err) == (0, "")
    assert out == run_cli("check", NONCOMPLIANT)[1]


def test_exit_zero_does_not_hide_invalid_input(run_cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "list.yaml", "- a\n- b\n")
    assert run_cli("check", "--exit-zero", path)[0] == 2


@pytest.fixture
def warning_only(repo: Path, tmp_path: Path) -> str:
    """The compliant example with a registered population under 50,000 (CFG-06-01, a warning).

    Planned running costs come down with the population, so they stay within the allowance.
    """
    return write(tmp_path, "warning-only.yaml", smaller(repo, 42105))


@pytest.fixture
def info_only(repo: Path, tmp_path: Path) -> str:
    """The compliant example with a registered population under 100,000 (CFG-06-02, info)."""
    return write(tmp_path, "info-only.yaml", smaller(repo, 82105))


def test_warning_only_document_passes_by_default(run_cli: Cli, warning_only: str) -> None:
    code, out, err = run_cli("check", warning_only)
    assert (code, err) == (0, "")
    assert out == (
        f"{warning_only}:99:3: warning CFG-06-01 The registered population is 42,105, below 50,000; "
        "configuration risk is high.\n"
        f"{warning_only}: 0 errors, 1 warning, 0 info; authorised with conditions [ccg-authorisation@2012]\n"
    ) + scope_line(warning_only)


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on_with_a_warning(run_cli: Cli, warning_only: str, fail_on: str, expected: int) -> None:
    assert run_cli("check", "--fail-on", fail_on, warning_only)[0] == expected


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 0), ("info", 1)])
def test_fail_on_with_an_info(run_cli: Cli, info_only: str, fail_on: str, expected: int) -> None:
    code, out, _ = run_cli("check", "--fail-on", fail_on, info_only)
    assert code == expected
    assert out.splitlines()[0] == (
        f"{info_only}:99:3: info CFG-06-02 The registered population is 82,105, below 100,000; "
        "the CCG may be too small to act entirely alone."
    )


def test_exit_zero_beats_fail_on(run_cli: Cli, warning_only: str) -> None:
    assert run_cli("check", "--fail-on", "warning", "--exit-zero", warning_only)[0] == 0


# --------------------------------------------------------------------------- goldens


def test_text_output_matches_golden(run_cli: Cli, golden: Callable[[str, str], None]) -> None:
    code, out, err = run_cli("check", NONCOMPLIANT)
    assert (code, err) == (1, "")
    golden("ccg-noncompliant.txt", out)


def test_json_output_matches_golden(run_cli: Cli, golden: Callable[[str, str], None]) -> None:
    code, out, err = run_cli("check", "--format", "json", NONCOMPLIANT)
    assert (code, err) == (1, "")
    golden("ccg-noncompliant.json", out)


def test_json_lines_output_matches_golden(run_cli: Cli, golden: Callable[[str, str], None]) -> None:
    code, out, err = run_cli("check", "--format", "json-lines", NONCOMPLIANT)
    assert (code, err) == (1, "")
    golden("ccg-noncompliant.jsonl", out)


def test_text_golden_lines_have_the_documented_shape(repo: Path) -> None:
    lines = (repo / "tests" / "golden" / "ccg-noncompliant.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 13
    for line in lines[:-2]:
        assert FINDING_LINE.match(line), line
        assert line.startswith("examples/ccg-noncompliant.yaml:")
    assert not FINDING_LINE.match(lines[-2])  # the summary line
    assert not FINDING_LINE.match(lines[-1])  # the scope line


# --------------------------------------------------------------------------- JSON output


@pytest.fixture(scope="module")
def results_validator() -> jsonschema.Draft202012Validator:
    schema_path = Path(__file__).resolve().parents[1] / "schemas" / "results.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_errors(validator: jsonschema.Draft202012Validator, data: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_each_json_line_is_one_report_of_the_json_output_and_fits_the_report_schema(
    run_cli: Cli, repo: Path, tmp_path: Path
) -> None:
    schema = json.loads((repo / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    # A name with a line separator and a newline must stay inside its line.
    odd = tmp_path / "odd\u2028name.yaml"
    text = (repo / NONCOMPLIANT).read_text(encoding="utf-8")
    odd.write_text(
        text.replace("name: NHS Fenhollow", 'name: "NHS\\u2028\\nFenhollow', 1).replace(
            "Commissioning Group\n", 'Commissioning Group"\n', 1
        ),
        encoding="utf-8",
    )
    files = [NONCOMPLIANT, COMPLIANT, str(odd)]
    code, out, _ = run_cli("check", "--format", "json-lines", *files)
    _, whole, _ = run_cli("check", "--format", "json", *files)
    assert code == 1
    lines = out.split("\n")
    assert lines[-1] == ""  # every line ends with a line feed, and there is nothing after the last
    assert len(lines) == len(files) + 1
    assert "\u2028" not in out
    read = [json.loads(line) for line in lines[:-1]]
    for report in read:
        assert schema_errors(validator, report) == []
    assert read == json.loads(whole)["reports"]
    assert [r["document"]["file"] for r in read] == files
    assert read[2]["document"]["name"] == "NHS\u2028\nFenhollow Clinical Commissioning Group"


def test_json_lines_for_no_document_is_empty(run_cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, _ = run_cli("check", "--format", "json-lines", str(tmp_path / "empty"))
    assert (code, out) == (2, "")


def test_json_output_validates_and_every_finding_is_located_and_cited(
    run_cli: Cli, results_validator: jsonschema.Draft202012Validator, repo: Path
) -> None:
    code, out, _ = run_cli("check", "--format", "json", NONCOMPLIANT, COMPLIANT)
    assert code == 1
    data = json.loads(out)
    assert schema_errors(results_validator, data) == []
    assert data["format"] == "ccg-rules-results/1"
    assert data["tool"] == {"name": "ccg-rules", "version": ccg_rules.__version__}
    assert [r["document"]["file"] for r in data["reports"]] == [NONCOMPLIANT, COMPLIANT]
    noncompliant, compliant = data["reports"]
    assert compliant["findings"] == []
    assert compliant["outcome"] == "authorised"
    assert noncompliant["counts"] == {"error": 9, "warning": 2, "info": 0, "waived": 0, "total": 11}
    source_lines = (repo / NONCOMPLIANT).read_text(encoding="utf-8").splitlines()
    for f in noncompliant["findings"]:
        assert f["pointer"].startswith("/")
        assert f["location"]["file"] == NONCOMPLIANT
        line, column = f["location"]["line"], f["location"]["column"]
        assert 1 <= line <= len(source_lines)
        assert 1 <= column <= len(source_lines[line - 1])
        assert source_lines[line - 1][column - 1] != " "
        assert f["citation"]["instrument"]
        assert f["citation"]["provision"]
        assert f["citation"]["confidence"] in {"confirmed", "secondary", "unconfirmed"}
        assert re.fullmatch(r"[0-9a-f]{16}", f["fingerprint"])


def test_json_document_findings_have_no_citation(
    run_cli: Cli, results_validator: jsonschema.Draft202012Validator, repo: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, "bad.yaml", edited(repo, "  ods_code: 99Y\n", "  ods_cdoe: 99Y\n"))
    code, out, _ = run_cli("check", "--format", "json", path)
    assert code == 2
    data = json.loads(out)
    assert schema_errors(results_validator, data) == []
    (report,) = data["reports"]
    assert report["valid"] is False
    assert report["outcome"] == "not_assessed"
    assert report["ruleset"] is None
    (finding,) = report["findings"]
    assert finding["rule_id"] == "DOC-UNKNOWN-KEY"
    assert finding["pointer"] == "/ccg/ods_cdoe"
    assert finding["location"] == {"file": path, "line": 11, "column": 3}
    assert finding["citation"] is None


# --------------------------------------------------------------------------- --output


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.slow
def test_output_file_has_the_same_bytes_as_stdout(run_process: Process, tmp_path: Path, fmt: str) -> None:
    code, out, err, _ = run_process("check", "--format", fmt, NONCOMPLIANT)
    assert (code, err) == (1, "")
    target = tmp_path / f"report.{fmt}"
    code2, out2, err2, _ = run_process("check", "--format", fmt, "--output", str(target), NONCOMPLIANT)
    assert (code2, out2, err2) == (1, "", "")
    assert target.read_bytes() == out.encode("utf-8")


def test_output_file_in_process(run_cli: Cli, tmp_path: Path) -> None:
    _, out, _ = run_cli("check", "--format", "json", NONCOMPLIANT)
    target = tmp_path / "report.json"
    code, out2, err = run_cli("check", "--format", "json", "--output", str(target), NONCOMPLIANT)
    assert (code, out2, err) == (1, "", "")
    assert target.read_bytes() == out.encode("utf-8")


# --------------------------------------------------------------------------- text format


def test_every_text_finding_line_matches_the_format(run_cli: Cli, warning_only: str, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", "format: ccg-document/1\nccg:\n  nme: x\n")  # three problems
    _, out, _ = run_cli("check", NONCOMPLIANT, COMPLIANT, warning_only, bad)
    summaries = {f"{name}: " for name in (NONCOMPLIANT, COMPLIANT, warning_only, bad)}
    findings = [line for line in out.splitlines() if not any(line.startswith(s) for s in summaries)]
    assert len(findings) == 11 + 0 + 1 + 3
    for line in findings:
        assert FINDING_LINE.match(line), line
    # A summary and a scope line each.
    assert sum(1 for line in out.splitlines() if any(line.startswith(s) for s in summaries)) == 4 * 2


# --------------------------------------------------------------------------- invalid documents


def _missing_ccg(repo: Path) -> str:
    text = compliant_text(repo)
    block = (
        "ccg:\n  name: NHS Eastmarsh Clinical Commissioning Group\n  ods_code: 99Y\n"
        "  established: 2012-04-01   # began working in shadow form under the PCT cluster\n"
    )
    assert block in text
    return text.replace(block, "")


BAD_DOCUMENTS: dict[str, tuple[Callable[[Path], str], str, int, int, str]] = {
    "duplicate-key": (
        lambda repo: edited(repo, "format: ccg-document/1\n", "format: ccg-document/1\nformat: ccg-document/1\n"),
        "DOC-DUPLICATE-KEY", 7, 1,
        "The key 'format' appears twice in the top-level mapping: first on line 6 and again on line 7; "
        "remove or rename one of them.",
    ),
    "unknown-key": (
        lambda repo: edited(repo, "  ods_code: 99Y\n", "  ods_code: 99Y\n  ods_cdoe: 99Y\n"),
        "DOC-UNKNOWN-KEY", 12, 3, "unknown key 'ods_cdoe'; did you mean 'ods_code'?",
    ),
    "yes-for-boolean": (
        lambda repo: edited(repo, "    signed_up: true\n", "    signed_up: yes\n"),
        "DOC-INVALID-VALUE", 29, 5,
        "'signed_up': expected true or false, got 'yes' (a YAML 1.1 reader would take it as the "
        "boolean true); write true or false",
    ),
    "bad-enum": (
        lambda repo: edited(repo, "    contract: GMS\n", "    contract: GSM\n"),
        "DOC-INVALID-VALUE", 28, 5,
        "'contract': 'GSM' is not an allowed value; did you mean 'GMS'? (allowed: GMS, PMS, APMS)",
    ),
    "missing-ccg": (
        _missing_ccg, "DOC-MISSING-KEY", 6, 1, "required key 'ccg' is missing",
    ),
    "top-level-list": (
        lambda repo: "- format: ccg-document/1\n- as_of: 2013-01-15\n",
        "DOC-NOT-A-MAPPING", 1, 1,
        "The top level of the document is a list, but it must be a mapping of keys to values (key: value).",
    ),
    "empty-file": (
        lambda repo: "",
        "DOC-EMPTY-DOCUMENT", 1, 1,
        "The document is empty; it must be a mapping of keys to values (key: value).",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_invalid_document_exits_2_with_a_located_message(
    run_cli: Cli, repo: Path, tmp_path: Path, case: str
) -> None:
    make, rule_id, line, column, message = BAD_DOCUMENTS[case]
    path = write(tmp_path, f"{case}.yaml", make(repo))
    code, out, err = run_cli("check", path)
    assert (code, err) == (2, "")
    assert out == (
        f"{path}:{line}:{column}: error {rule_id} {message}\n"
        f"{path}: 1 error, 0 warnings, 0 info; not assessed\n"
    ) + no_rule_line(path)


def test_leading_zero_number_is_refused(run_cli: Cli, repo: Path, tmp_path: Path) -> None:
    # ``population: {registered: 012}``: YAML 1.1 reads 012 as octal 10, YAML 1.2 as 12.
    text = edited(
        repo,
        "population:\n  registered: 101317\n  resident: 99862\n",
        "population: {registered: 012, resident: 99862,\n",
    )
    text = text.replace(
        "  registered_resident_in_area: 95406\n  resident_registered_with_members: 95406\n",
        "  registered_resident_in_area: 95406, resident_registered_with_members: 95406}\n",
    )
    path = write(tmp_path, "octal.yaml", text)
    code, out, err = run_cli("check", path)
    assert (code, err) == (2, "")
    assert out == (
        f"{path}:98:14: error DOC-INVALID-VALUE 'registered': '012' has a leading zero, which YAML 1.1 "
        "reads as an octal number; write it without the leading zero\n"
        f"{path}: 1 error, 0 warnings, 0 info; not assessed\n"
    ) + no_rule_line(path)


def test_leading_zero_number_in_block_style(run_cli: Cli, repo: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "octal.yaml", edited(repo, "  registered: 101317\n", "  registered: 012\n"))
    code, out, err = run_cli("check", path)
    assert (code, err) == (2, "")
    assert out.splitlines()[0] == (
        f"{path}:99:3: error DOC-INVALID-VALUE 'registered': '012' has a leading zero, which YAML 1.1 "
        "reads as an octal number; write it without the leading zero"
    )


# --------------------------------------------------------------------------- unreadable inputs


def assert_one_line_error(err: str, expected: str) -> None:
    assert "Traceback" not in err
    assert err == expected + "\n"


def assert_usage_error(err: str, usage_prog: str, error_start: str) -> None:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[0].startswith(f"usage: {usage_prog} ")
    errors = [line for line in lines if ": error: " in line]
    assert errors == [lines[-1]]
    assert lines[-1].startswith(error_start), lines[-1]


def test_missing_file(run_cli: Cli, tmp_path: Path) -> None:
    path = str(tmp_path / "nope.yaml")
    code, out, err = run_cli("check", path)
    assert (code, out) == (2, "")
    assert_one_line_error(err, f"ccg-rules: error: {path}: no such file")


def test_directory_without_documents(run_cli: Cli, tmp_path: Path) -> None:
    code, out, err = run_cli("check", str(tmp_path))
    assert (code, out) == (2, "")
    assert_one_line_error(err, f"ccg-rules: error: {tmp_path}: no documents (*.yaml, *.yml) in the folder")


def test_unknown_ruleset(run_cli: Cli) -> None:
    code, out, err = run_cli("check", "--ruleset", "nope", COMPLIANT)
    assert (code, out) == (2, "")
    ids = ", ".join(sorted({v.id for v in available_rulesets()}))
    assert_one_line_error(
        err, f"ccg-rules check: error: argument --ruleset: unknown ruleset 'nope'; bundled rulesets: {ids}"
    )


def test_unknown_version(run_cli: Cli) -> None:
    code, out, err = run_cli("check", "--ruleset", "ccg-authorisation@1999", COMPLIANT)
    assert (code, out) == (2, "")
    versions = ", ".join(v.version for v in available_rulesets() if v.id == "ccg-authorisation")
    assert_one_line_error(
        err,
        "ccg-rules check: error: argument --ruleset: ccg-authorisation has no version '1999'; "
        f"versions: {versions}",
    )


def test_no_version_in_force(run_cli: Cli) -> None:
    code, out, err = run_cli("check", "--as-of", "2001-01-01", COMPLIANT)
    assert (code, out) == (2, "")
    assert_one_line_error(
        err,
        "ccg-rules check: error: argument --as-of: no version of ccg-authorisation is in force on "
        "2001-01-01: "
        "the earliest, 2012, starts on 2012-10-01",
    )


def test_bad_date_is_a_usage_error(run_cli: Cli) -> None:
    code, out, err = run_cli("check", "--as-of", "2013-13-01", COMPLIANT)
    assert (code, out) == (2, "")
    assert_usage_error(err, "ccg-rules check", "ccg-rules check: error: argument --as-of: ")
    assert err.splitlines()[-1] == (
        "ccg-rules check: error: argument --as-of: '2013-13-01' is not a date written YYYY-MM-DD"
    )


def test_unknown_engine(run_cli: Cli) -> None:
    code, out, err = run_cli("check", "--engine", "nope", COMPLIANT)
    assert (code, out) == (2, "")
    assert_usage_error(
        err, "ccg-rules check", "ccg-rules check: error: argument --engine: invalid choice: 'nope' "
    )


def test_unknown_subcommand(run_cli: Cli) -> None:
    code, out, err = run_cli("frob")
    assert (code, out) == (2, "")
    assert_usage_error(err, "ccg-rules", "ccg-rules: error: argument COMMAND: invalid choice: 'frob' ")


def test_no_arguments(run_cli: Cli) -> None:
    code, out, err = run_cli()
    assert (code, out) == (2, "")
    assert_usage_error(err, "ccg-rules", "ccg-rules: error: the following arguments are required: COMMAND")
    assert err.splitlines()[-1] == "ccg-rules: error: the following arguments are required: COMMAND"


def test_check_without_files(run_cli: Cli) -> None:
    code, out, err = run_cli("check")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "ccg-rules check: error: the following arguments are required: FILE"


@pytest.mark.slow
def test_unreadable_inputs_in_a_subprocess_show_no_traceback(run_process: Process, tmp_path: Path) -> None:
    for args in (
        ("check", str(tmp_path / "nope.yaml")),
        ("check", str(tmp_path)),
        ("check", "--ruleset", "nope", COMPLIANT),
        ("check", "--as-of", "2013-13-01", COMPLIANT),
        ("frob",),
        (),
    ):
        code, out, err, _ = run_process(*args)
        assert (code, out) == (2, ""), args
        assert "Traceback" not in err
        assert err.splitlines()[-1].startswith(("ccg-rules: error: ", "ccg-rules check: error: ", COMPLIANT))


# --------------------------------------------------------------------------- several files


def test_several_files_are_all_reported(run_cli: Cli, repo: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", edited(repo, "    contract: GMS\n", "    contract: GSM\n"))
    missing = str(tmp_path / "missing.yaml")
    code, out, err = run_cli("check", COMPLIANT, bad, missing)
    assert code == 2
    assert out == (
        f"{COMPLIANT}: 0 errors, 0 warnings, 0 info; authorised [ccg-authorisation@2012]\n"
        + scope_line(COMPLIANT)
        + f"{bad}:28:5: error DOC-INVALID-VALUE 'contract': 'GSM' is not an allowed value; "
        "did you mean 'GMS'? (allowed: GMS, PMS, APMS)\n"
        f"{bad}: 1 error, 0 warnings, 0 info; not assessed\n"
        + no_rule_line(bad)
    )
    assert err == f"ccg-rules: error: {missing}: no such file\n"


def test_several_files_json_has_one_report_per_readable_file(
    run_cli: Cli, repo: Path, tmp_path: Path, results_validator: jsonschema.Draft202012Validator
) -> None:
    bad = write(tmp_path, "bad.yaml", edited(repo, "    contract: GMS\n", "    contract: GSM\n"))
    missing = str(tmp_path / "missing.yaml")
    code, out, err = run_cli("check", "--format", "json", missing, NONCOMPLIANT, bad, COMPLIANT)
    assert code == 2
    assert err == f"ccg-rules: error: {missing}: no such file\n"
    data = json.loads(out)
    assert schema_errors(results_validator, data) == []
    assert [(r["document"]["file"], r["valid"], r["outcome"]) for r in data["reports"]] == [
        (NONCOMPLIANT, True, "authorised_with_conditions"),
        (bad, False, "not_assessed"),
        (COMPLIANT, True, "authorised"),
    ]


def test_invalid_file_beats_findings_for_the_exit_code(run_cli: Cli, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", "")
    assert run_cli("check", NONCOMPLIANT, bad)[0] == 2
    assert run_cli("check", "--exit-zero", NONCOMPLIANT, bad)[0] == 2


# --------------------------------------------------------------------------- version and help


def test_version(run_process: Process, repo: Path) -> None:
    with (repo / "pyproject.toml").open("rb") as fh:
        project_version = tomllib.load(fh)["project"]["version"]
    assert ccg_rules.__version__ == project_version
    code, out, err, _ = run_process("--version")
    assert (code, out, err) == (0, f"ccg-rules {project_version}\n", "")


def test_help(run_process: Process) -> None:
    code, out, err, _ = run_process("--help")
    assert (code, err) == (0, "")
    assert out.startswith("usage: ccg-rules [-h] [--version] COMMAND ...\n")
    assert "Exit codes: 0 no findings at or above --fail-on; 1 such findings; 2 invalid" in " ".join(out.split())


def test_check_help(run_cli: Cli) -> None:
    code, out, err = run_cli("check", "--help")
    assert (code, err) == (0, "")
    assert out.startswith("usage: ccg-rules check [-h]")
    for option in ("--format", "--ruleset", "--as-of", "--engine", "--fail-on", "--exit-zero", "--output"):
        assert option in out


def test_module_entry_point_matches_main(run_process: Process, run_cli: Cli) -> None:
    code, out, err, _ = run_process("check", NONCOMPLIANT)
    assert (code, out, err) == run_cli("check", NONCOMPLIANT)


# --------------------------------------------------------------------------- broken rulesets

RULESET_HEAD = """\
ruleset: custom
version: "1"
title: A small test ruleset
effective_from: 2012-10-01
domains:
  - id: governance
    title: Governance
rules:
  - id: GB-01
    title: The governing body has at least six members
    domain: governance
    severity: error
    consequence: condition
    citation:
      instrument: SI 2012/1631
      provision: reg 11(1)
      confidence: confirmed
    rationale: The regulations fix the smallest governing body.
    message: The governing body has {seats} members.
    remediation: Appoint more members.
"""

RULESET_CONDITION = """\
    condition:
      match:
        seats:
          count: %s
          is: {lt: 6}
      report: /governing_body/members
"""


def test_a_good_ruleset_file_is_used(run_cli: Cli, tmp_path: Path) -> None:
    rs = write(tmp_path, "good.yaml", RULESET_HEAD + RULESET_CONDITION % "governing_body.members")
    code, out, err = run_cli("check", "--ruleset", rs, NONCOMPLIANT)
    assert (code, err) == (1, "")
    assert out == (
        f"{NONCOMPLIANT}:187:3: error GB-01 The governing body has 5 members.\n"
        f"{NONCOMPLIANT}: 1 error, 0 warnings, 0 info; authorised with conditions [custom@1]\n"
    ) + scope_line(NONCOMPLIANT, ruleset=rs)


def test_ruleset_with_an_unknown_key_in_a_rule(run_cli: Cli, tmp_path: Path) -> None:
    text = RULESET_HEAD + "    owner: governance team\n" + RULESET_CONDITION % "governing_body.members"
    rs = write(tmp_path, "unknown-key.yaml", text)
    assert text.splitlines()[20] == "    owner: governance team"  # line 21, column 5
    code, out, err = run_cli("check", "--ruleset", rs, NONCOMPLIANT)
    assert (code, out) == (2, "")
    assert_one_line_error(err, f"ccg-rules: error: {rs}:21:5: unknown key 'owner'")


def test_ruleset_with_an_unknown_key_in_a_citation(run_cli: Cli, tmp_path: Path) -> None:
    text = RULESET_HEAD.replace("      confidence: confirmed\n", "      confidence: confirmed\n      pages: 3\n")
    text += RULESET_CONDITION % "governing_body.members"
    rs = write(tmp_path, "unknown-citation-key.yaml", text)
    assert text.splitlines()[17] == "      pages: 3"  # line 18, column 7
    code, out, err = run_cli("check", "--ruleset", rs, NONCOMPLIANT)
    assert (code, out) == (2, "")
    assert_one_line_error(err, f"ccg-rules: error: {rs}:18:7: unknown key 'pages'")


def test_ruleset_with_an_unknown_field(run_cli: Cli, tmp_path: Path) -> None:
    text = RULESET_HEAD + RULESET_CONDITION % "governing_body.membrs"
    rs = write(tmp_path, "unknown-field.yaml", text)
    assert text.splitlines()[23] == "          count: governing_body.membrs"  # line 24; `count` at column 11
    code, out, err = run_cli("check", "--ruleset", rs, NONCOMPLIANT)
    assert (code, out) == (2, "")
    assert_one_line_error(
        err,
        f"ccg-rules: error: {rs}:24:11: 'governing_body.membrs' is not a collection of the document "
        "model; did you mean 'governing_body.members'? (rule GB-01)",
    )


def test_ruleset_file_that_does_not_exist(run_cli: Cli, tmp_path: Path) -> None:
    rs = str(tmp_path / "absent.yaml")
    code, out, err = run_cli("check", "--ruleset", rs, COMPLIANT)
    assert (code, out) == (2, "")
    assert_one_line_error(err, f"ccg-rules check: error: argument --ruleset: ruleset file {rs} does not exist")


def test_broken_ruleset_in_a_subprocess(run_process: Process, tmp_path: Path) -> None:
    text = RULESET_HEAD + RULESET_CONDITION % "governing_body.membrs"
    rs = write(tmp_path, "unknown-field.yaml", text)
    code, out, err, _ = run_process("check", "--ruleset", rs, NONCOMPLIANT)
    assert (code, out) == (2, "")
    assert err.startswith(f"ccg-rules: error: {rs}:24:11: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


# --------------------------------------------------------------------------- internal errors


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_internal_error_exits_3_without_a_traceback(run_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import ccg_rules.fast.check
    import ccg_rules.pipeline.check

    monkeypatch.delenv("CCG_RULES_DEBUG", raising=False)
    monkeypatch.setattr(ccg_rules.pipeline.check, "check", _boom)  # the full path
    monkeypatch.setattr(ccg_rules.fast.check, "check_file", _boom)  # the fast path
    code, out, err = run_cli("check", COMPLIANT)
    assert (code, out) == (3, "")
    assert err == INTERNAL_ERROR
    assert "Traceback" not in err


def test_internal_error_with_debug_shows_the_traceback(run_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import ccg_rules.fast.check
    import ccg_rules.pipeline.check

    monkeypatch.setenv("CCG_RULES_DEBUG", "1")
    monkeypatch.setattr(ccg_rules.pipeline.check, "check", _boom)  # the full path
    monkeypatch.setattr(ccg_rules.fast.check, "check_file", _boom)  # the fast path
    code, out, err = run_cli("check", COMPLIANT)
    assert (code, out) == (3, "")
    assert err.startswith("Traceback (most recent call last):\n")
    assert "RuntimeError: boom\n" in err
    assert err.endswith(INTERNAL_ERROR)


def test_main_defaults_to_sys_argv(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from ccg_rules import cli

    monkeypatch.setattr(sys, "argv", ["ccg-rules", "--version"])
    assert cli.main() == 0
    assert capsys.readouterr().out == f"ccg-rules {ccg_rules.__version__}\n"


# --------------------------------------------------------------------------- rulesets / explain


def test_rulesets_list_shows_each_version_with_dates_and_counts(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("rulesets", "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["RULESET", "IN", "FORCE", "FROM", "TO", "RULES", "TITLE"]
    assert lines[1].split()[:3] == ["ccg-authorisation@2012", "2012-10-01", "2013-03-27"]
    assert lines[-3].split()[:3] == ["ccg-authorisation@2022-04", "2022-04-14", "2022-06-30"]
    assert lines[-2].split()[:3] == ["icb-constitution@2022-07", "2022-07-01", "2024-01-31"]
    assert lines[-1].split()[:3] == ["icb-constitution@2024-02", "2024-02-01", "-"]
    from ccg_rules import available_rulesets, load_ruleset

    assert len(lines) == 1 + len(available_rulesets())
    for line, version in zip(lines[1:], available_rulesets(), strict=True):
        assert line.split()[0] == version.ref
        assert line.split()[3] == str(len(load_ruleset(version.ref).rules))


def test_rulesets_diff_of_a_version_with_itself_is_empty(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("rulesets", "diff", "2012", "ccg-authorisation@2012")
    assert code == 0
    assert out == "ccg-authorisation@2012 -> ccg-authorisation@2012\nno changes\n"


def test_rulesets_diff_of_an_unknown_version_exits_2(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("rulesets", "diff", "2012", "1999")
    assert code == 2
    assert out == ""
    assert "has no version '1999'" in err


def test_explain_shows_citation_history_and_both_examples(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("explain", "REG-11-01")
    assert (code, err) == (0, "")
    # The rule as it stands in the latest version that has it, with examples of that behaviour.
    assert out.startswith("REG-11-01: The governing body has at least four members\n")
    assert "SI 2022/316, reg 2(2)(a) (reg 11(1) of SI 2012/1631" in " ".join(out.split())
    assert "(confidence: confirmed)" in " ".join(out.split())
    assert "History: 2012 added; 2022-04 changed\n" in out
    assert "\nFails under ccg-authorisation@2022-04 (from April 2022 three seats are still too few):\n" in out
    assert "\nPasses under ccg-authorisation@2022-04 (from April 2022 four seats are enough):\n" in out


def test_explain_of_an_unchanged_rule_uses_its_fixture_version(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("explain", "REG-11-02")
    assert code == 0
    assert "\nFails under ccg-authorisation@2012 (" in out
    assert "\nPasses under ccg-authorisation@2012 (" in out


def test_explain_unknown_rule_exits_2(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("explain", "NOPE-01")
    assert (code, out) == (2, "")
    assert err == "ccg-rules: error: no rule 'NOPE-01' in any version of ccg-authorisation\n"


# --------------------------------------------------------------------------- --select / --ignore


def _rules_in(out: str) -> set[str]:
    return {line.split()[2] for line in out.splitlines() if FINDING_LINE.match(line)}


def test_select_by_prefix_id_and_domain(run_cli: Cli) -> None:
    everything = _rules_in(run_cli("check", NONCOMPLIANT)[1])
    assert _rules_in(run_cli("check", "--select", "SCH5-", NONCOMPLIANT)[1]) == {
        r for r in everything if r.startswith("SCH5-")
    }
    assert _rules_in(run_cli("check", "--select", "sch5", NONCOMPLIANT)[1]) == {
        r for r in everything if r.startswith("SCH5-")
    }
    both = _rules_in(run_cli("check", "--select", "SCH5-02,REG-11-01", NONCOMPLIANT)[1])
    repeated = run_cli("check", "--select", "SCH5-02", "--select", "REG-11-01", NONCOMPLIANT)[1]
    assert both == _rules_in(repeated)
    assert both == {"SCH5-02", "REG-11-01"}
    report = ccg_rules.check(NONCOMPLIANT)
    governance = {f.rule_id for f in report.findings if f.domain == "governance"}
    assert _rules_in(run_cli("check", "--select", "governance", NONCOMPLIANT)[1]) == governance
    assert _rules_in(run_cli("check", "--ignore", "governance", NONCOMPLIANT)[1]) == everything - governance
    assert _rules_in(run_cli("check", "--select", "governance", "--ignore", "REG-", NONCOMPLIANT)[1]) == {
        r for r in governance if not r.startswith("REG-")
    }


def test_ignoring_every_error_changes_the_exit_code(run_cli: Cli) -> None:
    report = ccg_rules.check(NONCOMPLIANT)
    errors = sorted({f.rule_id for f in report.findings if f.severity.value == "error"})
    code, out, err = run_cli("check", "--ignore", ",".join(errors), NONCOMPLIANT)
    assert (code, err) == (0, "")
    assert out.splitlines()[-2].startswith(f"{NONCOMPLIANT}: 0 errors, ")


def test_selection_is_the_same_in_every_format(run_cli: Cli) -> None:
    args = ("--select", "governance", "--ignore", "REG-11-01", NONCOMPLIANT)
    text = _rules_in(run_cli("check", *args)[1])
    data = json.loads(run_cli("check", "--format", "json", *args)[1])
    (report,) = data["reports"]
    assert {f["rule_id"] for f in report["findings"]} == text
    assert report["selection"]["select"] == ["governance"]
    assert report["selection"]["ignore"] == ["REG-11-01"]
    sarif = json.loads(run_cli("check", "--format", "sarif", *args)[1])
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == text
    github = run_cli("check", "--format", "github", *args)[1]
    titles = {line.split("title=")[1].split("::")[0] for line in github.splitlines() if "title=" in line}
    assert titles == text


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--select", "SCH9-", "'SCH9-' is not a rule, rule-id prefix or domain of ccg-authorisation@2012; "
         "did you mean 'SCH5-'?"),
        ("--ignore", "REG11-01", "'REG11-01' is not a rule, rule-id prefix or domain of "
         "ccg-authorisation@2012; did you mean 'REG-11-01'?"),
        ("--select", "goverance", "'goverance' is not a rule, rule-id prefix or domain of "
         "ccg-authorisation@2012; did you mean 'governance'?"),
    ],
)
def test_unknown_selector_is_a_usage_error(run_cli: Cli, option: str, value: str, message: str) -> None:
    code, out, err = run_cli("check", option, value, NONCOMPLIANT, COMPLIANT)
    assert (code, out) == (2, "")
    assert err == f"ccg-rules check: error: argument {option}: {message}\n"


def test_check_help_lists_the_integration_options(run_cli: Cli) -> None:
    code, out, _ = run_cli("check", "--help")
    assert code == 0
    for option in ("--select", "--ignore", "--waivers", "--no-waivers", "--config", "--no-config"):
        assert option in out
    for fmt in ("json-lines", "sarif", "junit", "github", "markdown"):
        assert fmt in out
