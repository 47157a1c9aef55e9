"""Configuration files: where they are found, what they may say, and that flags win."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ccg_rules import check, cli
from ccg_rules.config import Config, find_config, load_config
from ccg_rules.errors import ConfigError
from ccg_rules.findings import Severity
from textscope import without_scope

Cli = Callable[..., tuple[int, str, str]]

WARNING_ONLY = "ccg-small.yaml"  # warnings (CFG-06-01: a small population) but no error


@pytest.fixture
def project(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository root (it has .git) with a document that has warnings only; the current directory."""
    (tmp_path / ".git").mkdir()
    text = (repo / "examples" / "ccg-compliant.yaml").read_text(encoding="utf-8")
    assert "  registered: 101317\n" in text
    (tmp_path / WARNING_ONLY).write_text(text.replace("  registered: 101317\n", "  registered: 42105\n", 1))
    shutil.copy2(repo / "examples" / "ccg-noncompliant.yaml", tmp_path / "ccg-fenhollow.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Cli:
    def call(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return call


def pyproject(folder: Path, table: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text('[project]\nname = "demo"\n\n[tool.ccg-rules]\n' + table, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- discovery


def test_no_configuration_file(project: Path) -> None:
    assert find_config() is None


def test_yaml_comes_before_pyproject_in_one_folder(project: Path) -> None:
    pyproject(project, 'fail_on = "info"\n')
    assert find_config() == project / "pyproject.toml"
    (project / ".ccg-rules.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    assert find_config() == project / ".ccg-rules.yaml"


def test_found_walking_up_and_nearest_wins(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject(project, 'fail_on = "info"\n')
    deep = project / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == project / "pyproject.toml"
    (project / "a" / ".ccg-rules.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    monkeypatch.chdir(deep)
    assert find_config() == project / "a" / ".ccg-rules.yaml"


def test_pyproject_without_the_table_is_passed_over(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "demo"\n', encoding="utf-8")
    inner = project / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    assert find_config(inner) is None


def test_search_stops_at_the_repository_root(project: Path) -> None:
    (project.parent / ".ccg-rules.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    try:
        assert find_config(project) is None
    finally:
        (project.parent / ".ccg-rules.yaml").unlink()


# --------------------------------------------------------------------------- values


def test_every_key_from_yaml(project: Path) -> None:
    (project / "governance").mkdir()
    path = project / "governance" / ".ccg-rules.yaml"
    path.write_text(
        "ruleset: ccg-authorisation@2012\n"
        "as_of: 2013-02-01\n"
        "fail_on: warning\n"
        "waivers: waivers.yaml\n"
        "select: REG-, SCH5-\n"
        "ignore: [CFG-06-02]\n"
        "format: sarif\n"
        "engine: python\n",
        encoding="utf-8",
    )
    assert load_config(path) == Config(
        file=str(path),
        ruleset="ccg-authorisation@2012",
        as_of=dt.date(2013, 2, 1),
        fail_on="warning",
        waivers="governance/waivers.yaml",
        select=("REG-", "SCH5-"),
        ignore=("CFG-06-02",),
        format="sarif",
        engine="python",
    )


def test_every_key_from_toml(project: Path) -> None:
    path = pyproject(
        project,
        'ruleset = "rules/custom.yaml"\nas_of = 2013-02-01\nfail_on = "info"\nwaivers = "w.yaml"\n'
        'select = ["governance"]\nignore = "REG-11-01, REG-11-06"\nformat = "junit"\nengine = "python"\n',
    )
    assert load_config(path) == Config(
        file=str(path),
        ruleset="rules/custom.yaml",
        as_of=dt.date(2013, 2, 1),
        fail_on="info",
        waivers="w.yaml",
        select=("governance",),
        ignore=("REG-11-01", "REG-11-06"),
        format="junit",
        engine="python",
    )
    pyproject(project, 'as_of = "today"\n')
    assert load_config(path).as_of == "today"


def test_unknown_key_in_yaml_is_located(project: Path, run: Cli) -> None:
    (project / ".ccg-rules.yaml").write_text("fail_on: warning\nrulset: x\n", encoding="utf-8")
    code, out, err = run("check", WARNING_ONLY)
    assert (code, out) == (2, "")
    assert err == (
        "ccg-rules: error: .ccg-rules.yaml:2:1: unknown key 'rulset'; did you mean 'ruleset'? "
        "(keys: ruleset, as_of, fail_on, waivers, select, ignore, format, engine)\n"
    )


def test_unknown_key_in_toml_is_located(project: Path, run: Cli) -> None:
    pyproject(project, 'fail_on = "warning"\n"fail-onn" = "info"\n')
    code, out, err = run("check", WARNING_ONLY)
    assert (code, out) == (2, "")
    assert err.startswith(
        "ccg-rules: error: pyproject.toml:6:1: unknown key 'fail-onn'; did you mean 'fail-on'?"
    )


@pytest.mark.parametrize(
    ("kind", "text", "where"),
    [
        ("toml", 'fail_on = "warning"\n"fail-on" = "info"\n', "pyproject.toml:6:1"),
        ("yaml", "as-of: today\nfail_on: info\nas_of: document\n", ".ccg-rules.yaml:3:1"),
    ],
)
def test_both_forms_of_one_key_is_an_error_at_the_second(
    project: Path, run: Cli, kind: str, text: str, where: str
) -> None:
    if kind == "toml":
        pyproject(project, text)
    else:
        (project / ".ccg-rules.yaml").write_text(text, encoding="utf-8")
    code, out, err = run("check", WARNING_ONLY)
    assert (code, out) == (2, "")
    first, second = ("fail_on", "fail-on") if kind == "toml" else ("as-of", "as_of")
    assert err == f"ccg-rules: error: {where}: {second!r} is also given as {first!r}; give one of them\n"


def test_kebab_case_keys_in_toml_and_yaml(project: Path, run: Cli) -> None:
    path = pyproject(project, 'fail-on = "warning"\nas-of = 2013-02-01\n')
    config = load_config(path)
    assert (config.fail_on, config.as_of) == ("warning", dt.date(2013, 2, 1))
    assert dict(config.where) == {"fail_on": f"{path}:5:1", "as_of": f"{path}:6:1"}
    assert run("check", WARNING_ONLY)[0] == 1  # the warning now fails the run
    (project / ".ccg-rules.yaml").write_text("fail-on: info\nas-of: 2013-13-01\n", encoding="utf-8")
    code, _, err = run("check", WARNING_ONLY)
    assert code == 2
    assert err.startswith("ccg-rules: error: .ccg-rules.yaml:2:1: 'as-of': ")  # named as written


def test_show_settings_says_where_each_setting_came_from(project: Path, run: Cli) -> None:
    (project / ".ccg-rules.yaml").write_text(
        "# defaults\nfail-on: warning\nselect: [REG-, SCH5-]\n", encoding="utf-8"
    )
    code, out, err = run("check", "--show-settings", "--engine", "python", "--quiet")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "configuration file: .ccg-rules.yaml"
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert rows["fail_on"] == ["fail_on", "warning", ".ccg-rules.yaml:2:1"]
    assert rows["select"] == ["select", "REG-,", "SCH5-", ".ccg-rules.yaml:3:1"]
    assert rows["engine"] == ["engine", "python", "command", "line"]
    assert rows["quiet"] == ["quiet", "true", "command", "line"]
    assert rows["format"] == ["format", "text", "default"]
    assert rows["as_of"] == ["as_of", "document", "default"]
    from ccg_rules.settings import SETTINGS

    assert set(SETTINGS) <= set(rows)
    code, out, _ = run("check", "--show-settings", "--fail-on", "error", "--no-waivers", WARNING_ONLY)
    rows = {line.split()[0]: line for line in out.splitlines()[2:]}
    assert rows["fail_on"].split()[1:] == ["error", "command", "line"]
    assert "(none: --no-waivers)" in rows["waivers"]
    code, out, _ = run("check", "--show-settings", "--no-config")
    assert out.splitlines()[0] == "configuration file: (none)"
    assert all(line.endswith("default") for line in out.splitlines()[2:])


def test_bad_values_are_reported_with_their_places(project: Path) -> None:
    path = project / ".ccg-rules.yaml"
    path.write_text("fail_on: fatal\nas_of: 2013-02-30\nformat: xml\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert [where for where, _ in info.value.problems] == ["1:1", "2:1", "3:1"]
    text = str(info.value)
    assert "'2013-02-30' is not a real date" in text
    assert f"{path}:1:1: 'fail_on': input should be 'error', 'warning' or 'info'" in text
    toml = pyproject(project, "engine = 3\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml:5:1: 'engine': "):
        load_config(toml)


def test_broken_yaml_and_toml(project: Path) -> None:
    (project / ".ccg-rules.yaml").write_text("fail_on: [warning\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.ccg-rules\.yaml:2:1: YAML syntax error"):
        load_config(project / ".ccg-rules.yaml")
    path = project / "pyproject.toml"
    path.write_text("[tool.ccg-rules]\nfail_on = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


# --------------------------------------------------------------------------- precedence


def test_config_sets_defaults_and_flags_win(project: Path, run: Cli) -> None:
    assert run("check", WARNING_ONLY)[0] == 0
    (project / ".ccg-rules.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    assert run("check", WARNING_ONLY)[0] == 1
    assert run("check", "--fail-on", "error", WARNING_ONLY)[0] == 0
    assert run("check", "--no-config", WARNING_ONLY)[0] == 0


def test_format_from_config_and_flag(project: Path, run: Cli) -> None:
    (project / ".ccg-rules.yaml").write_text("format: json\n", encoding="utf-8")
    _, out, _ = run("check", WARNING_ONLY)
    assert json.loads(out)["format"] == "ccg-rules-results/1"
    _, out, _ = run("check", "--format", "text", WARNING_ONLY)
    assert out.startswith(f"{WARNING_ONLY}:")


def test_select_and_ignore_from_config_and_flags(project: Path, run: Cli) -> None:
    doc = "ccg-fenhollow.yaml"
    (project / ".ccg-rules.yaml").write_text("select: [SCH5-]\n", encoding="utf-8")
    _, out, _ = run("check", doc)
    rules = {line.split()[2] for line in without_scope(out)[:-1]}
    assert rules == {"SCH5-02"}
    _, out, _ = run("check", "--select", "REG-11-01", doc)
    assert {line.split()[2] for line in without_scope(out)[:-1]} == {"REG-11-01"}
    (project / ".ccg-rules.yaml").write_text("ignore: governance\n", encoding="utf-8")
    _, out, _ = run("check", "--format", "json", doc)
    findings = json.loads(out)["reports"][0]["findings"]
    assert findings
    assert all(f["domain"] != "governance" for f in findings)


def test_unknown_selector_in_config_names_the_file(project: Path, run: Cli) -> None:
    (project / ".ccg-rules.yaml").write_text("ignore: [governanse]\n", encoding="utf-8")
    code, out, err = run("check", WARNING_ONLY)
    assert (code, out) == (2, "")
    assert err == (
        "ccg-rules: error: .ccg-rules.yaml: ignore: 'governanse' is not a rule, rule-id prefix or domain "
        "of ccg-authorisation@2012; did you mean 'governance'?\n"
    )


def test_waivers_path_is_relative_to_the_config_file(project: Path, run: Cli) -> None:
    findings = check(WARNING_ONLY, waivers=False).findings
    assert findings
    assert all(f.severity is Severity.WARNING for f in findings)
    (project / "governance").mkdir()
    entries = "".join(
        f"  - rule: {f.rule_id}\n"
        f"    target: {f.pointer}\n"
        "    justification: A small CCG by design; it shares a commissioning support unit.\n"
        "    approved_by: Governing body\n"
        "    approved_on: 2013-01-10\n"
        "    expires: 2013-12-31\n"
        for f in findings
    )
    (project / "governance" / "waivers.yaml").write_text("waivers:\n" + entries, encoding="utf-8")
    pyproject(project, 'fail_on = "warning"\nwaivers = "governance/waivers.yaml"\n')
    code, out, _ = run("check", WARNING_ONLY)
    assert code == 0
    assert without_scope(out)[-1].endswith(f", 0 info, {len(findings)} waived; authorised [ccg-authorisation@2012]")
    sub = project / "sub"
    sub.mkdir()
    shutil.copy2(project / WARNING_ONLY, sub / WARNING_ONLY)
    assert run("check", "--config", "pyproject.toml", f"sub/{WARNING_ONLY}")[0] == 0
    assert run("check", "--no-waivers", WARNING_ONLY)[0] == 1


def test_as_of_from_config(project: Path, run: Cli) -> None:
    (project / ".ccg-rules.yaml").write_text("as_of: 2013-06-01\nformat: json\n", encoding="utf-8")
    _, out, _ = run("check", WARNING_ONLY)
    document = json.loads(out)["reports"][0]["document"]
    assert (document["as_of"], document["as_of_source"]) == ("2013-06-01", "override")
    _, out, _ = run("check", "--as-of", "document", WARNING_ONLY)
    document = json.loads(out)["reports"][0]["document"]
    assert (document["as_of"], document["as_of_source"]) == ("2013-01-15", "document")


def test_explicit_config_file(project: Path, run: Cli) -> None:
    other = project / "strict.yaml"
    other.write_text("fail_on: warning\n", encoding="utf-8")
    assert run("check", "--config", str(other), WARNING_ONLY)[0] == 1
    code, _, err = run("check", "--config", str(project / "absent.yaml"), WARNING_ONLY)
    assert code == 2
    assert "cannot read the configuration file" in err
