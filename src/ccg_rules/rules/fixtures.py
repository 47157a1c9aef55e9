"""Rule fixtures: the format of a rule's test cases, and loading them located.

A fixture file holds the cases of one rule: CCG documents written inline, each with the
exact findings that rule must give on it (JSON Pointer and line), so that a rule author
can prove a rule fires where it should and stays quiet where it should::

    rule: REG-11-01
    ruleset: ccg-authorisation@2012
    cases:
      - name: five seats is too few
        expect:
          - {pointer: /governing_body/members, line: 12}
        document: |
          format: ccg-document/1
          ...

`load_fixture` reads one file (every problem given with its line and column),
`fixture_files` finds the files of a ruleset folder, and `missing_cases` says which rule
lacks a case that fires or one that passes; `ccg_rules.rule_tests.run_fixture` runs the
cases on an engine.
``ccg-rules rulesets test`` is the command line over these; the guide is
docs/testing-rules.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from ccg_rules._files import read_bounded
from ccg_rules._yaml import SourceMap, file_too_large, load_yaml, pointer_of
from ccg_rules.errors import FixtureError
from ccg_rules.located import did_you_mean
from ccg_rules.model.types import MAX_WHOLE_NUMBER, Text, _text, _whole_number
from ccg_rules.waivers import _POINTER_SCHEMA, _RULE_ID, _pointer

MAX_FIXTURE_BYTES = 4 * 1024 * 1024
"""The largest fixture file read (4 MiB): room for hundreds of documents."""

_REF_SCHEMA = r"^(?:[A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9._-]*|.+\.ya?ml)$"


def _ruleset_ref(value: str) -> str:
    if not re.fullmatch(_REF_SCHEMA, value):
        raise PydanticCustomError(
            "ruleset_ref",
            "'{text}' does not name a ruleset version: write ID@VERSION (ccg-authorisation@2012) "
            "or the path of a version file ending in .yaml, relative to the fixture file",
            {"text": value},
        )
    return value


RulesetRef = Annotated[Text, AfterValidator(_ruleset_ref), Field(json_schema_extra={"pattern": _REF_SCHEMA})]
Line = Annotated[int, Field(ge=1, le=MAX_WHOLE_NUMBER), BeforeValidator(_whole_number)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)


class ExpectedFinding(_Spec):
    """One finding a case expects of the rule: where it is, as the report gives it."""

    pointer: Annotated[Text, AfterValidator(_pointer), Field(json_schema_extra={"pattern": _POINTER_SCHEMA})]
    """The finding's JSON Pointer, e.g. ``/governing_body/members``."""
    line: Line
    """The finding's line, 1-based within the case's ``document`` text."""


class FixtureCase(_Spec):
    """One case: a document and the exact findings the rule gives on it."""

    name: Text
    """What the case proves, e.g. ``five seats is too few``; unique in the file."""
    expect: list[ExpectedFinding]
    """The rule's findings on the document, in any order: all of them and no others.
    ``[]`` for a case where the rule passes. Other rules' findings are not compared."""
    document: Text
    """The CCG document, as YAML text (a ``|`` block keeps its lines as written). It must
    be a valid CCG document: a case whose document has ``DOC-*`` findings fails."""
    ruleset: RulesetRef | None = None
    """The ruleset version for this case, overriding the file's: how one file covers a
    rule whose behaviour changes in a later version."""


class RuleFixture(_Spec):
    """A fixture file: the cases of one rule (``rulesets/<id>/tests/<RULE-ID>.yaml``)."""

    rule: Annotated[
        str, BeforeValidator(_text), Field(pattern=_RULE_ID, json_schema_extra={"pattern": _RULE_ID})
    ]
    """The id of the rule under test, e.g. ``REG-11-01``."""
    ruleset: RulesetRef
    """The ruleset version the cases are checked against: ``ID@VERSION``, or a version
    file's path relative to the fixture file. A version of the ruleset folder the fixture
    is in (``<folder>/tests/``) is read from that folder; any other from the bundled ones."""
    cases: Annotated[list[FixtureCase], Field(min_length=1)]
    """The cases; at least one where the rule fires and one where it passes."""


@dataclass(frozen=True, slots=True)
class LoadedFixture:
    """A fixture file, read and validated.

    Attributes:
        file: The file as named in messages.
        path: The file on disk (rulesets it names by path are found from its folder).
        spec: Its content.
        case_lines: The line of each case in the file, in the order of ``spec.cases``.
        source_map: Positions of the file's nodes.
    """

    file: str
    path: Path
    spec: RuleFixture
    case_lines: tuple[int, ...]
    source_map: SourceMap

    @property
    def rule(self) -> str:
        """The id of the rule under test."""
        return self.spec.rule

    def ruleset_of(self, index: int) -> str:
        """The ruleset version case ``index`` runs on, as written."""
        return self.spec.cases[index].ruleset or self.spec.ruleset


def _problems(exc: ValidationError, smap: SourceMap) -> list[tuple[int, int, str]]:
    models: dict[int, type[BaseModel]] = {0: RuleFixture, 2: FixtureCase, 4: ExpectedFinding}
    out = []
    for err in exc.errors(include_url=False, include_context=False):
        loc = tuple(t for t in err["loc"] if isinstance(t, int | str))
        pointer = pointer_of(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            model = models.get(len(loc) - 1, RuleFixture)
            hint = did_you_mean(str(loc[-1]), model.model_fields)
            message = f"unknown key {str(loc[-1])!r}{hint}"
        elif kind == "missing":
            where = f" in {pointer.rsplit('/', 1)[0]}" if len(loc) > 1 else ""
            message = f"required key {str(loc[-1])!r} is missing{where}"
        else:
            keys = [t for t in loc if isinstance(t, str)]
            field = f"{keys[-1]!r}: " if loc and isinstance(loc[-1], str) else ""
            text = err["msg"]
            if kind == "string_pattern_mismatch" and keys[-1:] == ["rule"]:
                text = f"{str(err.get('input'))!r} is not a rule id such as REG-11-01"
            elif kind == "too_short" and keys[-1:] == ["cases"]:
                text = "must hold at least one case"
            elif kind == "string_too_short":
                text = "must not be empty"
            message = f"{field}{text[0].lower()}{text[1:]}"
        _, pos = smap.locate(pointer)
        out.append((pos.line, pos.column, message))
    return sorted(out)


def load_fixture(path: str | os.PathLike[str], *, file: str | None = None) -> LoadedFixture:
    """Read and validate one fixture file.

    Args:
        path: The fixture file.
        file: The name to show in messages (defaults to ``path`` as given).

    Returns:
        The fixture, with the line of each case.

    Raises:
        FixtureError: The file cannot be read, is not well-formed YAML, does not fit the
            format, or gives two cases the same name; every problem is located.
    """
    label = file or os.fspath(path)
    try:
        read = read_bounded(path, MAX_FIXTURE_BYTES)
    except OSError as exc:
        raise FixtureError(label, [(1, 1, f"cannot read the fixture file: {exc.strerror or exc}")]) from None
    if read.over(MAX_FIXTURE_BYTES):
        raise FixtureError(label, [(1, 1, file_too_large(read.size, MAX_FIXTURE_BYTES).message)])
    doc = load_yaml(read.data)
    smap = doc.source_map
    if doc.problems:
        raise FixtureError(label, [(p.line, p.column, p.message) for p in doc.problems])
    try:
        spec = RuleFixture.model_validate(doc.value)
    except ValidationError as exc:
        raise FixtureError(label, _problems(exc, smap)) from None
    lines = tuple(smap.locate(f"/cases/{i}")[1].line for i in range(len(spec.cases)))
    seen: dict[str, int] = {}
    twice = []
    for i, case in enumerate(spec.cases):
        if case.name in seen:
            pos = smap.locate(f"/cases/{i}/name")[1]
            twice.append(
                (pos.line, pos.column, f"case {case.name!r} is already named on line {seen[case.name]}")
            )
        seen.setdefault(case.name, lines[i])
    if twice:
        raise FixtureError(label, twice)
    return LoadedFixture(label, Path(path), spec, lines, smap)


def fixture_files(folder: Path) -> list[Path]:
    """The fixture files (``*.yaml``, ``*.yml``) a folder stands for, sorted.

    A ruleset folder stands for the files of its ``tests/`` subfolder; a folder with no
    ``tests/`` for its own files; a folder of ruleset folders (such as the bundled
    ``rulesets/``) for the ``tests/`` files of each. Hidden files are left out.
    """

    def own(d: Path) -> list[Path]:
        return sorted(
            p
            for p in d.iterdir()
            if p.is_file() and p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
        )

    if (folder / "tests").is_dir():
        return own(folder / "tests")
    files = own(folder)
    if files:
        return files
    return [
        p
        for sub in sorted(folder.iterdir())
        if sub.is_dir() and not sub.name.startswith((".", "_")) and (sub / "tests").is_dir()
        for p in own(sub / "tests")
    ]


def ruleset_folders(folder: Path) -> list[Path]:
    """The ruleset folders (those with a ``tests/`` subfolder) a folder stands for, sorted.

    The folder itself when it has ``tests/``; none when it holds fixture files of its own;
    else each of its subfolders that has ``tests/`` (see `fixture_files`).
    """
    if (folder / "tests").is_dir():
        return [folder]
    if any(p.is_file() and p.suffix in (".yaml", ".yml") for p in folder.iterdir()):
        return []
    return [
        sub
        for sub in sorted(folder.iterdir())
        if sub.is_dir() and not sub.name.startswith((".", "_")) and (sub / "tests").is_dir()
    ]


def rules_without_fixture(folder: Path, fixtures: Iterable[LoadedFixture], shown: str) -> list[str]:
    """The rules of a ruleset folder's version files that no fixture tests.

    Args:
        folder: A ruleset folder: version files (``2012.yaml``) and a ``tests/`` subfolder.
        fixtures: The fixtures loaded from it.
        shown: How to name the folder in messages.

    Returns:
        One ``FOLDER/VERSION.yaml: RULE has no fixture …`` sentence per rule, in file order.

    Raises:
        RulesetError: A version file is broken.
    """
    from ccg_rules.resources import VERSION_FILE
    from ccg_rules.rules.loading import load_ruleset_file

    tested = {fx.rule for fx in fixtures}
    out: list[str] = []
    seen: set[str] = set()
    for path in sorted(folder.iterdir()):
        if not (path.is_file() and VERSION_FILE.fullmatch(path.name)):
            continue
        label = f"{shown.rstrip('/')}/{path.name}"
        for rule in load_ruleset_file(path, label).rules:
            if rule.id not in tested and rule.id not in seen:
                seen.add(rule.id)
                out.append(
                    f"{label}: {rule.id} has no fixture (tests/{rule.id}.yaml), "
                    "so no case where it fires or passes"
                )
    return out


def _bundled_path(ref: str) -> Path | None:
    from ccg_rules.rules.catalog import available_rulesets

    for v in available_rulesets():
        if v.ref == ref:
            return v.path.resolve()
    return None


def resolve_ruleset(fixture: LoadedFixture, ref: str) -> str:
    """The ruleset spec (for `ccg_rules.check_text`) a fixture's ``ref`` stands for.

    A path is taken relative to the fixture file. ``ID@VERSION`` is the file
    ``<folder>/VERSION.yaml`` of the ruleset folder the fixture is in (its ``tests/``
    parent), when there is one and it is not the bundled version itself; otherwise the
    bundled version.
    """
    if ref.endswith((".yaml", ".yml")):
        return os.fspath(fixture.path.parent / ref)
    version = ref.partition("@")[2]
    home = fixture.path.parent.parent if fixture.path.parent.name == "tests" else fixture.path.parent
    for name in (f"{version}.yaml", f"{version}.yml"):
        local = home / name
        if local.is_file():
            if local.resolve() == _bundled_path(ref):
                return ref
            return os.fspath(local)
    return ref


def missing_cases(fixture: LoadedFixture) -> list[str]:
    """What the fixture lacks: a case where its rule fires, or one where it passes.

    Returns:
        One ``FILE:LINE: RULE has no case …`` sentence for each that is missing.
    """
    out = []
    line = fixture.source_map.locate("/cases")[1].line
    if not any(c.expect for c in fixture.spec.cases):
        out.append(f"{fixture.file}:{line}: {fixture.rule} has no case where it fires (a non-empty expect)")
    if all(c.expect for c in fixture.spec.cases):
        out.append(f"{fixture.file}:{line}: {fixture.rule} has no case where it passes (expect: [])")
    return out
