"""The fast path's rules files (`ccg_rules.fast.slim`): current, believed only by digest, the full path's rules.

Each bundled version is also written cut down to what a text check reads of it. These
tests hold the files to what ``python -m ccg_rules.fast.bundle --write`` would write now,
show that a file that differs from the digest the bundle records is never read, that what
is read is the full path's rules field for field, and that a check of a valid document on
the fast path imports no pydantic.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ccg_rules.fast import bundle, slim
from ccg_rules.rules.catalog import available_rulesets, load_version

ROOT = Path(__file__).resolve().parents[1]


def test_the_fast_rules_files_are_current() -> None:
    assert bundle.stale() == [], "run python -m ccg_rules.fast.bundle --write"
    assert bundle.main([]) == 0


def test_a_stray_fast_rules_file_is_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(slim.FOLDER, folder)
    (folder / "ccg-authorisation" / "1999.json").write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(slim, "FOLDER", folder)
    assert bundle.stale() == [folder / "ccg-authorisation" / "1999.json"]


@pytest.mark.parametrize("version", available_rulesets(), ids=lambda v: v.label)
def test_the_fast_rules_are_the_full_paths(version: object) -> None:
    from ccg_rules.rules.version import RulesetVersion

    assert isinstance(version, RulesetVersion)
    versions = bundle.family(version.document)
    assert versions is not None
    mine = next(v for v in versions if v.version == version.version)
    fast = slim.read(slim.path_of(version.id, version.version), mine.fast_rules)
    assert fast is not None
    full = load_version(version)
    assert (fast.id, fast.version, fast.digest) == (full.id, full.version, full.digest)
    assert fast.parameters == full.model_dump(include={"parameters"})["parameters"]
    assert len(fast.rules) == len(full.rules) == mine.rules
    for f, r in zip(fast.rules, full.rules, strict=True):
        assert (f.id, f.severity, f.consequence) == (r.id, r.severity.value, r.consequence.value)
        assert f._parsed.condition == r._parsed.condition
        assert dict(f._templates) == dict(r._templates)


def _first() -> tuple[Path, str]:
    version = available_rulesets()[0]
    versions = bundle.family(version.document)
    assert versions is not None
    mine = next(v for v in versions if v.version == version.version)
    return slim.path_of(version.id, version.version), mine.fast_rules


def test_a_file_that_differs_from_its_digest_is_not_read(tmp_path: Path) -> None:
    path, digest = _first()
    copy = tmp_path / "fast.json"
    shutil.copy(path, copy)
    assert slim.read(copy, digest) is not None
    text = copy.read_bytes()
    copy.write_bytes(text.replace(b'"error"', b'"info"', 1))
    assert slim.read(copy, digest) is None, "an edited file"
    copy.write_bytes(text[:-200])
    assert slim.read(copy, digest) is None, "a cut file"
    assert slim.read(tmp_path / "none.json", digest) is None, "a missing file"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (b"not json\n", "not JSON"),
        (b'{"format": "ccg-rules-fast-rules/0", "rules": []}\n', "another format"),
        (b"[1, 2]\n", "not an object"),
        (
            b'{"format": "ccg-rules-fast-rules/1", "id": "x", "version": "1", "digest": "d",'
            b' "parameters": {}, "rules": [["R", "error", "condition", 3, {}]]}\n',
            "a condition that is not one",
        ),
        (b'{"format": "ccg-rules-fast-rules/1", "rules": [{"$": "Nope"}]}\n', "an unknown tag"),
        (
            b'{"format": "ccg-rules-fast-rules/1", "rules": [{"$": "fact", "v": "people", "k": "x"}]}\n',
            "a fact type",
        ),
    ],
)
def test_a_file_of_the_right_digest_but_wrong_content_is_not_read(
    tmp_path: Path, text: bytes, why: str
) -> None:
    path = tmp_path / "fast.json"
    path.write_bytes(text)
    assert slim.read(path, slim.digest_of(text)) is None, why


def test_a_bundle_that_records_another_digest_sends_the_check_to_the_full_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ccg_rules._record import replace
    from ccg_rules.fast import check

    monkeypatch.chdir(ROOT)
    versions = bundle.family("ccg-document/1")
    assert versions is not None
    wrong = tuple(replace(v, fast_rules="0" * 64) for v in versions)
    monkeypatch.setattr(bundle, "family", lambda fmt: wrong)
    check._compiled.cache_clear()
    try:
        assert all(check._compiled(v) is None for v in wrong)
    finally:
        check._compiled.cache_clear()


_RUN = """
import sys, types
sys.path.insert(0, sys.argv[1])
from plain_data import PLAIN
stand_in = types.ModuleType("ccg_rules.fast.flat")


def validate_facts(value):
    from ccg_rules.fast import bundle
    from ccg_rules.pipeline.flatten import flatten

    return flatten(PLAIN, bundle.fact_schema(PLAIN["format"]))


stand_in.validate_facts = validate_facts
sys.modules["ccg_rules.fast.flat"] = stand_in
from ccg_rules.cli import main
code = main(["check", sys.argv[2]])
assert "pydantic" not in sys.modules, sorted(m for m in sys.modules if m.startswith("pydantic"))
sys.exit(code)
"""


@pytest.mark.parametrize("name", ["examples/ccg-compliant.yaml", "examples/ccg-noncompliant.yaml"])
def test_a_valid_check_on_the_fast_path_imports_no_pydantic(name: str, tmp_path: Path) -> None:
    from ccg_rules._yaml import load_yaml
    from test_fast_path import model_validator

    plain = model_validator(load_yaml((ROOT / name).read_bytes()).value)
    assert plain is not None
    (tmp_path / "plain_data.py").write_text(f"import datetime\nPLAIN = {plain!r}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(tmp_path), name],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr == ""
    assert f"{name}: " in done.stdout
