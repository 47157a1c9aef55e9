"""The fast path (`ccg_rules.fast`) says exactly what the full path says, or leaves the document to it.

For every example, wave document and rule-fixture document, and for mutants of them, the
text block `ccg_rules.fast.check.check_file` writes is byte-identical to the full path's
(`ccg_rules.check` then the text renderer), or the fast path returns ``None``. The bundle
it reads is drift-tested like the schemas and the compiled rulesets.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ccg_rules.fast import bundle
from ccg_rules.fast.check import FastResult, check_file
from ccg_rules.model.kinds import kind_of_data
from ccg_rules.pipeline.check import check
from ccg_rules.pipeline.flatten import FactSet, flatten
from ccg_rules.render.text import render_text
from ccg_rules.rules.fixtures import fixture_files, load_fixture

ROOT = Path(__file__).resolve().parents[1]


def _plain(value: object) -> object:
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value.__dict__.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def model_validator(value: object) -> dict[str, Any] | None:
    """The pydantic model as a validator of the fast path's shape (the model of record)."""
    from pydantic import ValidationError

    try:
        model = kind_of_data(value).model.model_validate(value)
    except ValidationError:
        return None
    plain = _plain(model)
    assert isinstance(plain, dict)
    return plain


def model_facts(value: object) -> FactSet | None:
    """The model's values, flattened: the facts the full path makes (the model of record)."""
    data = model_validator(value)
    if data is None:
        return None
    schema = bundle.fact_schema(str(data["format"]))
    assert schema is not None
    return flatten(data, schema)


def _validators() -> list[Any]:
    from ccg_rules.fast.flat import validate_facts

    return [model_facts, validate_facts]


def _full(path: str, *, as_of: dt.date | None = None, colour: bool = False, summaries: bool = True) -> str:
    report = check(path, as_of=as_of, waivers=False)
    return render_text([report], colour=colour, summaries=summaries)


def _documents(tmp: Path) -> Iterator[Path]:
    yield from sorted((ROOT / "examples").rglob("*.yaml"))
    n = 0
    for folder in sorted((ROOT / "rulesets").iterdir()):
        tests = folder / "tests"
        if not tests.is_dir():
            continue
        for file in fixture_files(tests):
            for case in load_fixture(file).spec.cases:
                n += 1
                path = tmp / f"case-{n:04d}.yaml"
                path.write_text(case.document, encoding="utf-8")
                yield path


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def test_the_bundle_is_current() -> None:
    assert bundle.BUNDLE.read_text(encoding="utf-8") == bundle.bundle_text(), (
        "run python -m ccg_rules.fast.bundle --write"
    )


def test_the_bundle_periods_are_the_catalogues() -> None:
    from ccg_rules.rules.catalog import available_rulesets, family_for

    for v in available_rulesets():
        versions = bundle.family(v.document)
        assert versions is not None
        assert family_for(v.document) == v.id
        mine = next(x for x in versions if x.version == v.version)
        assert (mine.effective_from, mine.effective_to, mine.path) == (v.effective_from, v.effective_to, v.path)


@pytest.mark.slow  # every fixture document through both paths: about 20 s
@pytest.mark.parametrize("validator", _validators(), ids=lambda f: f.__module__.rsplit(".", 1)[-1])
def test_the_fast_path_says_what_the_full_path_says(
    validator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    vouched = left = 0
    for path in _documents(tmp_path):
        name = _relative(path)
        fast = check_file(name, validator)
        if fast is None:
            left += 1
            continue
        report = check(name, waivers=False)
        assert report.valid, name
        assert fast.text == render_text([report]), name
        assert fast.text == _full(name)
        worst = max((("info", "warning", "error").index(f.severity.value) for f in report.in_force), default=-1)
        assert fast.worst == worst, name
        vouched += 1
    # Every valid example, wave document and fixture document on the model validator.
    assert vouched >= 300
    if validator is model_facts:
        assert left < vouched


@pytest.mark.parametrize("validator", _validators(), ids=lambda f: f.__module__.rsplit(".", 1)[-1])
def test_every_example_says_the_same_on_either_path(validator: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    names = [_relative(p) for p in sorted((ROOT / "examples").rglob("*.yaml"))]
    checked = [name for name in names if check_file(name, validator) is not None]
    for name in checked:
        fast = check_file(name, validator)
        assert fast is not None
        assert fast.text == _full(name), name
    valid = [name for name in names if _valid_now(name)]
    assert checked == valid


def _valid_now(name: str) -> bool:
    from ccg_rules.errors import SelectionError

    try:
        return check(name, waivers=False).valid
    except SelectionError:
        return False


def test_options_give_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    name = "examples/ccg-noncompliant.yaml"
    for colour in (False, True):
        for summaries in (False, True):
            fast = check_file(name, model_facts, colour=colour, summaries=summaries)
            assert isinstance(fast, FastResult)
            assert fast.text == _full(name, colour=colour, summaries=summaries)
    day = dt.date(2014, 11, 3)
    fast = check_file(name, model_facts, as_of=day)
    assert fast is not None
    assert fast.text == _full(name, as_of=day)
    assert "ccg-authorisation@2014-10" in fast.text
    for ruleset in ("ccg-authorisation@2022-04", "ccg-authorisation"):
        fast = check_file(name, model_facts, ruleset=ruleset)
        assert fast is not None
        assert fast.text == render_text([check(name, ruleset=ruleset, waivers=False)])
    assert check_file(name, model_facts, ruleset="icb-constitution") is None
    assert check_file(name, model_facts, ruleset="ccg-authorisation@1999") is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("format: ccg-document/1\nname: [\n", "the YAML is broken"),
        ("format: ccg-document/1\nname: x\n", "the document is invalid"),
        ("a: 1\na: 2\n", "a duplicate key"),
    ],
)
def test_what_the_fast_path_cannot_vouch_for_is_left(tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    assert check_file(str(path), model_facts) is None, why


def test_a_missing_file_and_a_folder_are_left(tmp_path: Path) -> None:
    assert check_file(str(tmp_path / "none.yaml"), model_facts) is None
    assert check_file(str(tmp_path), model_facts) is None


def test_no_version_in_force_is_left(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert check_file("examples/ccg-compliant.yaml", model_facts, as_of=dt.date(2005, 1, 1)) is None


def test_case_variant_ids_are_left(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "ccg-compliant.yaml").read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(text)
    first = data["people"][0]["id"]
    data["people"].append({**data["people"][0], "id": first.swapcase()})
    path = tmp_path / "doc.yaml"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    assert check_file(str(path), model_facts) is None
    assert not check(str(path), waivers=False).valid


def test_the_config_file_name_is_the_configs() -> None:
    from ccg_rules.cli._fast import _CONFIG_NAME
    from ccg_rules.config import YAML_NAME

    assert _CONFIG_NAME == YAML_NAME


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, True),
        ({".ccg-rules.yaml": "fail_on: warning\n"}, False),
        ({"pyproject.toml": "[tool.ccg-rules]\nfail_on = 'warning'\n"}, False),
        ({"pyproject.toml": "[tool.other]\nx = 1\n"}, True),
        ({"pyproject.toml": "not toml ["}, False),
    ],
)
def test_a_configuration_file_sends_the_run_to_the_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], expected: bool
) -> None:
    from ccg_rules.cli._fast import _no_config_file
    from ccg_rules.config import find_config

    (tmp_path / ".git").mkdir()
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _no_config_file() is expected
    if expected:
        assert find_config() is None


def test_options_the_fast_path_does_not_serve_send_the_run_to_the_full_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ccg_rules.cli._fast import _eligible
    from ccg_rules.cli._parser import _parser

    monkeypatch.chdir(ROOT)
    doc = "examples/ccg-compliant.yaml"

    def eligible(*argv: str) -> bool:
        return _eligible(_parser().parse_args(["check", *argv]))

    assert eligible(doc)
    assert eligible("--as-of", "today", "--quiet", "--fail-on", "info", doc)
    assert eligible("--ruleset", "ccg-authorisation@2012", doc)
    assert eligible("--ruleset", "icb-constitution", doc)  # the check leaves what it does not judge
    assert eligible("--output", "out.txt", doc)
    assert eligible("examples", "--exclude", "wave")  # a folder: its documents, each in turn
    for option in (
        ["--ruleset", "rulesets/ccg-authorisation/2012.yaml"],
        ["--ruleset", "mine.yaml"],
        ["--select", "REG-11-01"],
        ["--ignore", "REG-11-01"],
        ["--waivers", "w.yaml"],
        ["--format", "json"],
        ["--engine", "durable"],
        ["--statistics"],
        ["--show-settings"],
        ["--config", "c.yaml"],
    ):
        assert not eligible(*option, doc), option
    assert not eligible("-")


def test_a_stale_bundle_is_not_believed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A version file changed since the bundle was written: the family is not read from the bundle."""
    copy = tmp_path / "rulesets"
    shutil.copytree(ROOT / "rulesets", copy)
    target = copy / "ccg-authorisation" / "2012.yaml"
    target.write_bytes(target.read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(bundle, "data_root", lambda kind: copy)
    bundle.family.cache_clear()
    try:
        assert bundle.family("ccg-document/1") is None
        assert bundle.family("icb-document/1") is not None
    finally:
        bundle.family.cache_clear()


CLI_RUNS = [
    ["examples/ccg-compliant.yaml"],
    ["examples/ccg-noncompliant.yaml", "examples/ccg-compliant.yaml"],
    ["--quiet", "examples/ccg-noncompliant.yaml"],
    ["--color", "always", "examples/ccg-noncompliant.yaml"],
    ["--fail-on", "warning", "examples/icb/icb-2024-updated-guidance.yaml"],
    ["--exit-zero", "examples/ccg-noncompliant.yaml"],
    ["--as-of", "2014-11-03", "examples/ccg-noncompliant.yaml"],
    ["--no-waivers", "--no-config", "examples/ccg-2022-amended.yaml"],
    ["--ruleset", "ccg-authorisation@2014-10", "examples/ccg-compliant.yaml"],
    ["--ruleset", "ccg-authorisation", "--as-of", "2016-07-01", "examples/ccg-noncompliant.yaml"],
    # the second document is one the named ruleset does not judge: the full path says so
    ["--ruleset", "ccg-authorisation", "examples/ccg-noncompliant.yaml", "examples/icb/icb-compliant.yaml"],
    # a document the fast path leaves, then one it could check: both on the full path
    ["examples/ccg-compliant.yaml", "missing.yaml", "examples/ccg-noncompliant.yaml"],
    ["examples/ccg-compliant.yaml", "examples/wave/nhs-dunmere-ccg.yaml", "examples/icb/icb-compliant.yaml"],
]

# Runs the full path refuses before any document: the fast path is not tried for them.
CLI_RUNS_REFUSED = [
    # no version of the family in force on the day, a version that does not exist, no such family
    ["--ruleset", "ccg-authorisation", "--as-of", "2023-01-01", "examples/ccg-compliant.yaml"],
    ["--ruleset", "ccg-authorisation@1999", "examples/ccg-compliant.yaml"],
    ["--ruleset", "nonesuch", "examples/ccg-compliant.yaml"],
]


@pytest.mark.parametrize(
    ("argv", "tried"),
    [(a, True) for a in CLI_RUNS] + [(a, False) for a in CLI_RUNS_REFUSED],
    ids=lambda a: " ".join(a) if isinstance(a, list) else str(a),
)
def test_the_command_line_says_the_same_on_either_path(
    argv: list[str], tried: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ccg_rules.cli import _fast, main
    from ccg_rules.fast import check as fast_check

    monkeypatch.chdir(ROOT)
    used: list[bool] = []
    real = fast_check.check_file

    def spy(*args: Any, **kwargs: Any) -> FastResult | None:
        result = real(*args, **kwargs)
        used.append(result is not None)
        return result

    monkeypatch.setattr(fast_check, "check_file", spy)
    fast_code = main(["check", *argv])
    fast = capsys.readouterr()
    if tried:
        assert used, "the fast path was tried"
        assert used[0], "the fast path checked the first document"
    else:
        assert used == [], "a run the full path refuses is left to it"
    monkeypatch.setattr(_fast, "try_fast", lambda args, full: None)
    full_code = main(["check", *argv])
    full = capsys.readouterr()
    assert (fast_code, fast.out, fast.err) == (full_code, full.out, full.err)


def test_a_document_with_its_own_waiver_file_takes_the_full_path(tmp_path: Path) -> None:
    from ccg_rules.cli._fast import _own_waivers

    doc = tmp_path / "nhs-x.yaml"
    shutil.copy(ROOT / "examples" / "ccg-compliant.yaml", doc)
    assert not _own_waivers(str(doc))
    (tmp_path / "nhs-x.waivers.yaml").write_text("waivers: []\n", encoding="utf-8")
    assert _own_waivers(str(doc))
