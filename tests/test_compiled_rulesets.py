"""The compiled ruleset files: fresh, faithful to the YAML, and never used when stale.

A failure of `test_compiled_files_are_fresh` means a ruleset YAML (or the compiler) changed
since the files were written: run ``python -m ccg_rules.rules.precompile --write``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ccg_rules.rules import catalog, compiled, precompile
from ccg_rules.rules.catalog import available_rulesets
from ccg_rules.rules.loading import load_cached
from ccg_rules.rules.ruleset import Ruleset
from ccg_rules.rules.version import RulesetVersion

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = available_rulesets()


def _same(a: Ruleset, b: Ruleset) -> None:
    assert a.model_dump() == b.model_dump()
    assert a.digest == b.digest
    for x, y in zip(a.rules, b.rules, strict=True):
        assert x._parsed == y._parsed, x.id
        assert x._templates == y._templates, x.id
        # Same types, not merely equal values (a StrEnum equals its string).
        assert repr(x._parsed) == repr(y._parsed), x.id


@pytest.mark.slow
def test_compiled_files_are_fresh() -> None:
    stale = precompile.stale_files()
    assert stale == [], f"stale compiled rulesets {stale}: run python -m ccg_rules.rules.precompile --write"


def test_every_bundled_version_has_a_compiled_file() -> None:
    for v in VERSIONS:
        assert compiled.compiled_path(v).is_file(), v.ref


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.ref)
@pytest.mark.slow
def test_compiled_file_gives_the_ruleset_the_yaml_gives(version: RulesetVersion) -> None:
    from_file = compiled.load_compiled(version)
    assert from_file is not None, f"{version.ref}: compiled file missing or stale"
    _same(from_file, load_cached(version.path, version.label, version.effective_to))
    assert from_file.plan(version.effective_from) == load_cached(
        version.path, version.label, version.effective_to
    ).plan(version.effective_from)


def test_the_catalogue_loads_the_compiled_file() -> None:
    v = VERSIONS[0]
    loaded = catalog.load_version(v)
    assert loaded is not load_cached(v.path, v.label, v.effective_to)  # not compiled from YAML
    _same(loaded, load_cached(v.path, v.label, v.effective_to))


def _copy_family(tmp_path: Path, version: RulesetVersion) -> RulesetVersion:
    """The version's folder copied to ``tmp_path``, and the version as found there."""
    folder = tmp_path / version.id
    shutil.copytree(version.path.parent, folder)
    return RulesetVersion(
        version.id,
        version.version,
        version.title,
        version.effective_from,
        version.effective_to,
        version.end_reason,
        folder / version.path.name,
        version.label,
    )


def _last_with_parent() -> RulesetVersion:
    return next(v for v in reversed(VERSIONS) if v is not VERSIONS[0])


def test_an_edited_yaml_file_makes_the_compiled_file_stale(tmp_path: Path) -> None:
    v = _copy_family(tmp_path, VERSIONS[0])
    assert compiled.load_compiled(v) is not None
    v.path.write_bytes(v.path.read_bytes() + b"# an edit\n")
    assert compiled.load_compiled(v) is None


def test_an_edited_ancestor_makes_the_compiled_file_stale(tmp_path: Path) -> None:
    child = _last_with_parent()
    data = json.loads(compiled.compiled_path(child).read_text(encoding="utf-8").split("\n", 1)[0])
    assert len(data["sources"]) > 1, "the version must extend another for this test"
    v = _copy_family(tmp_path, child)
    assert compiled.load_compiled(v) is not None
    ancestor = next(name for name in data["sources"] if name != v.path.name)
    (v.path.parent / ancestor).write_bytes((v.path.parent / ancestor).read_bytes() + b"\n")
    assert compiled.load_compiled(v) is None


def test_another_period_makes_the_compiled_file_stale(tmp_path: Path) -> None:
    import datetime as dt

    v = _copy_family(tmp_path, VERSIONS[0])
    other = RulesetVersion(
        v.id, v.version, v.title, v.effective_from, dt.date(2099, 1, 1), v.end_reason, v.path, v.label
    )
    assert compiled.load_compiled(other) is None


def _rewrite(path: Path, header_change: object = None, body_change: object = None, rehash: bool = True) -> None:
    import hashlib

    first, body = path.read_text(encoding="utf-8").split("\n", 1)
    header, data = json.loads(first), json.loads(body)
    if header_change is not None:
        header_change(header)  # type: ignore[operator]
    if body_change is not None:
        body_change(data)  # type: ignore[operator]
    text = json.dumps(data)
    if rehash:
        header["body_sha256"] = hashlib.sha256(text.encode()).hexdigest()
    path.write_text(json.dumps(header) + "\n" + text + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("header_change", "body_change", "rehash"),
    [
        (lambda h: h.update(format="ccg-rules-compiled/0"), None, True),
        (lambda h: h["sources"].update({"../escape.yaml": "0" * 64}), None, True),
        (lambda h: h["sources"].clear(), None, True),
        (None, lambda d: d["rules"].pop(), False),
        (None, lambda d: d["rules"][0]["parsed"].update({"$": "NoSuchClass"}), True),
        (None, lambda d: d["rules"][0]["fields"].update(severity="catastrophic"), True),
    ],
    ids=["format", "escaping-source", "no-sources", "body-edited", "unknown-tag", "bad-field"],
)
@pytest.mark.slow
def test_a_damaged_compiled_file_is_not_used(
    tmp_path: Path, header_change: object, body_change: object, rehash: bool
) -> None:
    v = _copy_family(tmp_path, VERSIONS[0])
    assert compiled.load_compiled(v) is not None
    _rewrite(compiled.compiled_path(v), header_change, body_change, rehash)
    assert compiled.load_compiled(v) is None


def test_not_json_is_not_used(tmp_path: Path) -> None:
    v = _copy_family(tmp_path, VERSIONS[0])
    compiled.compiled_path(v).write_bytes(b"\x80not json")
    assert compiled.load_compiled(v) is None


def test_the_command_reports_stale_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    assert precompile.main([]) == 0
    assert precompile.main(["--bogus"]) == 2
    monkeypatch.setattr(precompile, "stale_files", lambda write=False: [tmp_path / "x" / "compiled" / "2012.json"])
    assert precompile.main([]) == 1
    assert "stale: 2012.json of x" in capsys.readouterr().out
