"""Property-based fuzzing of the public API with hypothesis.

Documents are generated from the document format's JSON Schema
(``schemas/ccg-document.schema.json``, itself generated from the pydantic model and
kept in step by tests/test_schemas.py), so a new field is fuzzed without touching this
file. Mutations then break them: keys dropped or duplicated, values of the wrong type,
YAML 1.1 surprises written unquoted (``no``, ``012``, ``0x1F``, ``1e3``, ``~``), tags,
anchors and aliases, random bytes, truncation.

Properties:

* nothing escapes `ccg_rules.check` on bytes but the documented errors
  (`ccg_rules.SelectionError` when no ruleset version is in force on the document's
  date; `ccg_rules.EngineError` where durable cannot evaluate a fact); every problem
  with the document is a ``DOC-*`` finding;
* on valid documents the python and durable engines give the same report (apart from
  the engine's name);
* the same input gives the same bytes (JSON and text renderings) twice;
* every finding's line and column lie within the document.

Budgets (hypothesis profiles, chosen by the environment variable ``CCG_FUZZ``):

* default (CI): a fixed example count per test, ``derandomize=True`` (the same examples
  every run, so a failure reproduces), no example database, no deadline. The whole file
  takes well under a minute on two cores.
* ``CCG_FUZZ=long``: 25 times as many examples, randomised, with the example database,
  for a run on demand::

      CCG_FUZZ=long python -m pytest -p no:cacheprovider tests/test_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import ccg_rules
from ccg_rules.render import render

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schemas" / "ccg-document.schema.json"

LONG = os.environ.get("CCG_FUZZ", "").lower() == "long"
_SCALE = 25 if LONG else 1


def budget(examples: int) -> settings:
    """Settings for one property: ``examples`` in CI, 25 times as many with CCG_FUZZ=long."""
    return settings(
        max_examples=examples * _SCALE,
        deadline=None,
        derandomize=not LONG,
        database=settings.default.database if LONG else None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=True,
    )


# --------------------------------------------------------------------------------------
# Valid documents, from the JSON Schema

_SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
# Fits the model's identifiers (letters and digits first, then also ``._-``), which the
# JSON Schema does not state.
_WORD = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", max_size=9),
)
_TEXT = st.one_of(
    _WORD,
    # Anything printable, quoted by the dumper where YAML would read it otherwise.
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
        min_size=1,
        max_size=20,
    ).filter(lambda s: s.strip() != ""),
)
_DATES = st.dates(min_value=dt.date(2012, 10, 1), max_value=dt.date(2022, 6, 30))


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    assert ref.startswith("#/$defs/"), ref
    return dict(_SCHEMA["$defs"][ref.removeprefix("#/$defs/")])


@functools.cache
def _for_def(name: str) -> st.SearchStrategy[Any]:
    return st.deferred(lambda: _strategy(_SCHEMA["$defs"][name], depth=1))


def _strategy(node: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """A strategy for values that fit one JSON Schema node of the document format."""
    if "$ref" in node:
        return _for_def(node["$ref"].removeprefix("#/$defs/"))
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node:
        return st.one_of([_strategy(branch, depth) for branch in node["anyOf"]])
    kind = node.get("type")
    if kind == "object":
        props: dict[str, Any] = node.get("properties", {})
        required = set(node.get("required", ()))
        fields = {k: _strategy(v, depth + 1) for k, v in props.items()}
        optional = sorted(set(props) - required)

        @st.composite
        def obj(draw: st.DrawFn) -> dict[str, Any]:
            out = {k: draw(fields[k]) for k in props if k in required}
            for k in optional:
                if draw(st.booleans()):
                    out[k] = draw(fields[k])
            return out

        return obj()
    if kind == "array":
        items = _strategy(node.get("items", {}), depth + 1)
        least = node.get("minItems", 0)
        return st.lists(items, min_size=least, max_size=max(least, min(node.get("maxItems", 3), 3)))
    if kind == "string":
        if node.get("format") == "date":
            return _DATES
        if str(node.get("pattern", "")).startswith("^[1-6]"):  # a Board criterion code, e.g. 1.3B
            return st.sampled_from(["1.3B", "3.1.1C", "6.4F"])
        base = _TEXT
        if "maxLength" in node or "minLength" in node or "pattern" in node:
            base = _WORD
        return base
    if kind == "integer":
        return st.integers(min_value=node.get("minimum", 0), max_value=node.get("maximum", 500_000))
    if kind == "number":
        return st.one_of(
            st.integers(min_value=0, max_value=10_000_000),
            st.decimals(min_value=0, max_value=10_000_000, places=2).map(float),
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    raise AssertionError(f"the fuzzer does not know the schema node {node}")


def _dump(doc: object) -> bytes:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1_000_000).encode("utf-8")


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A document that fits the format; some person references resolve, some do not."""
    doc: dict[str, Any] = draw(_strategy(_SCHEMA))
    people = [p["id"] for p in doc.get("people", [])]
    if people:
        # Point references at people who exist, so rules that join on them have work to do.
        gb = doc.get("governing_body") or {}
        for seat in gb.get("members", []):
            if draw(st.booleans()):
                seat["person"] = draw(st.sampled_from(people))
    return doc


valid_bytes = documents().map(_dump)


# --------------------------------------------------------------------------------------
# Mutations

_SURPRISES = [
    "no",
    "yes",
    "on",
    "off",
    "y",
    "n",
    "NO",
    "True",
    "~",
    "null",
    "012",
    "0o17",
    "0x1F",
    "1e3",
    "1_000",
    "12:30",
    ".inf",
    "-.nan",
    "2013-1-5",
    "2013-02-30",
    "2013-01-15T10:00:00Z",
    "<<",
    "=",
    "''",
    "[]",
    "{}",
    "-",
    "?",
    "|",
    ">",
    "&a",
    "*a",
    "!!str",
    "!!int 3",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    "!tag x",
    "'unterminated",
    '"esc \\x41"',
    "@",
    "`",
    "%",
    "# comment",
    "a: b",
    "[1, [2, [3]]]",
    "{x: {y: z}}",
]
_LINE_BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028"]


def _wrong_value(draw: st.DrawFn) -> object:
    return draw(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(min_value=-(10**30), max_value=10**30),
            st.floats(allow_nan=True, allow_infinity=True),
            _TEXT,
            st.dates(),
            st.lists(_WORD, max_size=2),
            st.dictionaries(_WORD, _WORD, max_size=2),
        )
    )


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _parent(doc: Any, path: tuple[object, ...]) -> Any:
    for token in path[:-1]:
        doc = doc[token]
    return doc


@st.composite
def tree_mutations(draw: st.DrawFn) -> bytes:
    """Change the data: drop a key or item, or put a value of the wrong type somewhere."""
    doc = draw(documents())
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(doc, path)
        op = draw(st.sampled_from(["drop", "wrong-type", "rename"]))
        if op == "drop":
            del parent[path[-1]]
        elif op == "wrong-type":
            parent[path[-1]] = _wrong_value(draw)
        elif isinstance(parent, dict):
            parent[draw(_TEXT)] = parent.pop(path[-1])
    return _dump(doc)


_VALUE_LINE = re.compile(rb"^(\s*(?:- )?[^\s:#][^:#]*: )(.+)$", re.MULTILINE)


@st.composite
def text_mutations(draw: st.DrawFn) -> bytes:
    """Change the text: unquoted surprises, duplicated lines, tags, breaks, bytes, cuts."""
    data = draw(valid_bytes)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        op = draw(
            st.sampled_from(
                [
                    "surprise",
                    "duplicate-line",
                    "line-breaks",
                    "insert-bytes",
                    "flip-byte",
                    "truncate",
                    "bom",
                    "indent",
                ]
            )
        )
        if op == "surprise":
            spots = list(_VALUE_LINE.finditer(data))
            if spots:
                m = draw(st.sampled_from(spots))
                token = draw(st.sampled_from(_SURPRISES)).encode()
                data = data[: m.start(2)] + token + data[m.end(2) :]
        elif op == "duplicate-line":
            lines = data.split(b"\n")
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines.insert(i, lines[i])
            data = b"\n".join(lines)
        elif op == "line-breaks":
            data = data.replace(b"\n", draw(st.sampled_from(_LINE_BREAKS)).encode())
        elif op == "insert-bytes":
            at = draw(st.integers(min_value=0, max_value=len(data)))
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif op == "flip-byte" and data:
            at = draw(st.integers(min_value=0, max_value=len(data) - 1))
            data = (
                data[:at] + bytes([data[at] ^ draw(st.integers(min_value=1, max_value=255))]) + data[at + 1 :]
            )
        elif op == "truncate":
            data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
        elif op == "bom":
            data = (
                draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"])) + data
            )
        elif op == "indent":
            lines = data.split(b"\n")
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i] = draw(st.sampled_from([b" ", b"\t", b"  ", b""])) + lines[i].lstrip(b" ")
            data = b"\n".join(lines)
    return data


anchors_and_aliases = st.builds(
    lambda doc, n: (
        b"base: &b " + doc.split(b"\n", 1)[0] + b"\n" + b"".join(b"k%d: *b\n" % i for i in range(n)) + doc
    ),
    valid_bytes,
    st.integers(min_value=0, max_value=80),
)

hostile_bytes = st.one_of(
    tree_mutations(),
    text_mutations(),
    anchors_and_aliases,
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
)


# --------------------------------------------------------------------------------------
# Properties

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _check(data: bytes, engine: str = "python") -> ccg_rules.Report | None:
    """`ccg_rules.check`, with the documented errors turned into None."""
    try:
        return ccg_rules.check_text(data, filename="fuzz.yaml", engine=engine)
    except ccg_rules.SelectionError as exc:  # no ruleset version in force on the date
        event("SelectionError")
        if "in force" not in str(exc):
            raise
        return None


def _assert_well_formed(report: ccg_rules.Report, data: bytes) -> None:
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    lines = _BREAK.split(text)
    if not report.valid:
        assert report.outcome is ccg_rules.Outcome.NOT_ASSESSED
        assert report.findings, "an invalid document must say why"
        assert all(f.rule_id.startswith("DOC-") for f in report.findings), report.findings
    for f in report.findings:
        assert f.location.file == "fuzz.yaml"
        line, column = f.location.line, f.location.column
        assert 1 <= line <= len(lines), (f.rule_id, line, len(lines))
        assert 1 <= column <= len(lines[line - 1]) + 1, (f.rule_id, line, column, lines[line - 1][:80])
        assert f.message
        assert f.fingerprint


def _renderings(report: ccg_rules.Report) -> tuple[str, str]:
    return render("json", [report]), render("text", [report])


@pytest.mark.slow
@budget(150)
@given(valid_bytes)
def test_valid_documents_check_cleanly(data: bytes) -> None:
    report = _check(data)
    if report is None:
        return
    event(f"valid={report.valid}")
    _assert_well_formed(report, data)
    assert all(not f.rule_id.startswith("DOC-") for f in report.findings) or not report.valid


@pytest.mark.slow
@budget(300)
@given(hostile_bytes)
def test_hostile_bytes_become_findings(data: bytes) -> None:
    report = _check(data)
    if report is None:
        return
    event(f"valid={report.valid}")
    _assert_well_formed(report, data)


@pytest.mark.slow
@budget(100)
@given(st.one_of(valid_bytes, hostile_bytes))
def test_output_is_deterministic(data: bytes) -> None:
    first = _check(data)
    second = _check(data)
    if first is None or second is None:
        assert first is second is None
        return
    assert _renderings(first) == _renderings(second)


@pytest.mark.slow
@pytest.mark.requires_durable
@budget(100)
@given(valid_bytes)
def test_engines_agree(data: bytes) -> None:
    python = _check(data, "python")
    assume(python is not None)
    assert python is not None
    assert python.valid
    try:
        other = ccg_rules.check_text(data, filename="fuzz.yaml", engine="durable")
    except ccg_rules.EngineError as exc:  # documented: facts outside what durable evaluates
        event(f"durable refused: {str(exc)[:40]}")
        return
    event(f"findings={min(len(python.findings), 5)}")
    assert other.engine == "durable"
    assert other.model_dump(exclude={"engine"}) == python.model_dump(exclude={"engine"})


def test_strategies_cover_the_schema() -> None:
    # Every definition of the schema is reachable from the root, so each is fuzzed.
    seen: set[str] = set()
    todo: list[Any] = [_SCHEMA]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref not in seen:
                seen.add(ref)
                todo.append(_resolve(node))
            todo.extend(v for k, v in node.items() if k != "$defs")
        elif isinstance(node, list):
            todo.extend(node)
    assert {r.removeprefix("#/$defs/") for r in seen} == set(_SCHEMA["$defs"])
