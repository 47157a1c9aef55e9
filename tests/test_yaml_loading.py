"""Tests for ccg_rules._yaml: safe loading, the source map and located problems."""

from __future__ import annotations

import math
import os
import subprocess
import time
from collections.abc import Iterator

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ccg_rules import _yaml
from ccg_rules._yaml import (
    Plain,
    Position,
    SourceMap,
    YamlDocument,
    YamlProblem,
    escape_pointer_token,
    join_pointer,
    load_yaml,
    resolve_plain,
    yaml11_surprise,
)

Located = tuple[str, str, int, int]


# A guard against hangs and blow-ups (work that grows with the hostile size), not a speed goal:
# the speed figures live in bench/bench.py.
HANG_SECONDS = 5.0

def located(doc: YamlDocument) -> list[Located]:
    """The problems of ``doc`` as (code, pointer, line, column)."""
    return [(p.code, p.pointer, p.line, p.column) for p in doc.problems]


def only_problem(doc: YamlDocument) -> YamlProblem:
    assert len(doc.problems) == 1, located(doc)
    assert doc.value is None
    assert not doc.ok
    return doc.problems[0]


def value_of(source: str | bytes) -> dict[str, object]:
    doc = load_yaml(source)
    assert doc.ok, located(doc)
    assert isinstance(doc.value, dict)
    return doc.value


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Runs a test with the C parser (when present) and with PyYAML's pure-Python parser."""
    if request.param == "pure-python":
        monkeypatch.setattr(_yaml, "_LOADER", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("libyaml bindings are not installed")
    return str(request.param)


# --- scalars -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "kind", "expected"),
    [
        ("a: no\n", Plain, "no"),
        ("a: on\n", Plain, "on"),
        ("a: 012\n", Plain, "012"),
        ("a: 1e3\n", Plain, "1e3"),
        ("a: 2013-01-15\n", Plain, "2013-01-15"),
        ("a: 1:20\n", Plain, "1:20"),
        ("a: 0x1F\n", Plain, "0x1F"),
        ("a: 1_000\n", Plain, "1_000"),
        ("a: true\n", Plain, "true"),
        ("a: 1.50\n", Plain, "1.50"),
        ("a: .inf\n", Plain, ".inf"),
        ("a: nULL\n", Plain, "nULL"),
        ("a: two words  # comment\n", Plain, "two words"),
        ("a: 'no'\n", str, "no"),
        ('a: "on"\n', str, "on"),
        ("a: '012'\n", str, "012"),
        ("a: ''\n", str, ""),
        ("a: 'null'\n", str, "null"),
        ("a: |\n  012\n", str, "012\n"),
        ("a: >-\n  x\n  y\n", str, "x y"),
        ("a: !!str 012\n", str, "012"),
        ("a: ! 012\n", str, "012"),
    ],
)
def test_scalar_types_keep_source_text(parser: str, source: str, kind: type, expected: str) -> None:
    value = value_of(source)["a"]
    assert type(value) is kind
    assert value == expected


@pytest.mark.parametrize("source", ["a:\n", "a: ~\n", "a: null\n", "a: Null\n", "a: NULL\n", "a:   # c\n"])
def test_null_forms(parser: str, source: str) -> None:
    assert value_of(source) == {"a": None}


def test_plain_repr_and_equality() -> None:
    assert repr(Plain("no")) == "Plain('no')"
    assert Plain("no") == "no"
    assert not hasattr(Plain("x"), "__dict__")


def test_nested_structure_and_source_order(parser: str) -> None:
    value = value_of("b: [1, {c: d}]\na:\n  - x\n  - 'y'\n")
    assert value == {"b": ["1", {"c": "d"}], "a": ["x", "y"]}
    assert list(value) == ["b", "a"]
    assert type(value["a"][1]) is str  # type: ignore[index]
    assert type(value["a"][0]) is Plain  # type: ignore[index]


# --- pointers and the source map -----------------------------------------------------------

@pytest.mark.parametrize(
    ("parent", "token", "expected"),
    [("", "a", "/a"), ("/a", 0, "/a/0"), ("", "a/b", "/a~1b"), ("", "~", "/~0"),
     ("/x", "~/", "/x/~0~1"), ("", "", "/"), ("/a", "~1", "/a/~01")],
)
def test_join_pointer(parent: str, token: str | int, expected: str) -> None:
    assert join_pointer(parent, token) == expected


@pytest.mark.parametrize(("token", "expected"), [("plain", "plain"), ("a/b", "a~1b"), ("~", "~0"),
                                                 ("~1", "~01"), ("/~", "~1~0")])
def test_escape_pointer_token(token: str, expected: str) -> None:
    assert escape_pointer_token(token) == expected


NESTED = """\
# head
top:
  a/b: 1
  "~": [x, 'y', {k: v}]
  m~/n:
    - - deep
list:
  - one
  - two: 2
    three: 3
"""


@pytest.mark.parametrize(
    ("pointer", "key", "value"),
    [
        ("", None, (2, 1)),
        ("/top", (2, 1), (3, 3)),
        ("/top/a~1b", (3, 3), (3, 8)),
        ("/top/~0", (4, 3), (4, 8)),
        ("/top/~0/0", None, (4, 9)),
        ("/top/~0/1", None, (4, 12)),
        ("/top/~0/2", None, (4, 17)),
        ("/top/~0/2/k", (4, 18), (4, 21)),
        ("/top/m~0~1n", (5, 3), (6, 5)),
        ("/top/m~0~1n/0", None, (6, 7)),
        ("/top/m~0~1n/0/0", None, (6, 9)),
        ("/list/0", None, (8, 5)),
        ("/list/1", None, (9, 5)),
        ("/list/1/two", (9, 5), (9, 10)),
        ("/list/1/three", (10, 5), (10, 12)),
    ],
)
def test_key_and_value_positions(parser: str, pointer: str, key: tuple[int, int] | None,
                                 value: tuple[int, int]) -> None:
    doc = load_yaml(NESTED)
    assert doc.ok
    smap = doc.source_map
    assert pointer in smap
    assert smap.value_position(pointer) == Position(*value)
    assert smap.key_position(pointer) == (None if key is None else Position(*key))
    assert smap.locate(pointer) == (pointer, Position(*(key or value)))


def test_escaped_keys_in_value(parser: str) -> None:
    value = value_of(NESTED)
    assert value["top"] == {"a/b": "1", "~": ["x", "y", {"k": "v"}], "m~/n": [["deep"]]}


@pytest.mark.parametrize(
    ("pointer", "found", "position"),
    [
        ("/top/missing", "/top", (2, 1)),
        ("/top/a~1b/deeper/still", "/top/a~1b", (3, 3)),
        ("/list/7", "/list", (7, 1)),
        ("/list/1/four", "/list/1", (9, 5)),
        ("/nothing/here", "", (2, 1)),
        ("", "", (2, 1)),
        ("no-leading-slash", "", (2, 1)),
    ],
)
def test_locate_falls_back_to_nearest_ancestor(pointer: str, found: str, position: tuple[int, int]) -> None:
    smap = load_yaml(NESTED).source_map
    assert pointer not in smap or pointer == found
    assert smap.locate(pointer) == (found, Position(*position))


def test_locate_on_empty_document_is_line_one() -> None:
    smap = load_yaml(b"").source_map
    assert smap.locate("") == ("", Position(1, 1))
    assert smap.locate("/a/b") == ("", Position(1, 1))
    assert "" not in smap
    assert smap.value_position("") is None


def test_source_map_bom_and_str_input_agree() -> None:
    as_bytes = load_yaml(NESTED.encode())
    with_bom = load_yaml(b"\xef\xbb\xbf" + NESTED.encode())
    as_str = load_yaml(NESTED)
    assert as_bytes == with_bom == as_str
    assert load_yaml("\ufeffa: 1\n").source_map.value_position("/a") == Position(1, 4)


def test_aliased_subtree_is_not_rewalked(parser: str) -> None:
    doc = load_yaml("base: &b {x: [1, 2]}\ncopy: *b\n")
    assert doc.ok
    assert isinstance(doc.value, dict)
    assert doc.value["copy"] is doc.value["base"]
    assert doc.source_map.value_position("/copy") == Position(2, 7)
    assert "/copy/x" not in doc.source_map
    assert doc.source_map.locate("/copy/x/1") == ("/copy", Position(2, 1))


# --- keys ------------------------------------------------------------------------------------

def test_duplicate_key_top_level(parser: str) -> None:
    problem = only_problem(load_yaml("a: 1\nb: 2\na: 3\n"))
    assert (problem.code, problem.pointer, problem.line, problem.column) == ("duplicate-key", "/a", 3, 1)
    assert "'a'" in problem.message
    assert "line 1" in problem.message
    assert "line 3" in problem.message


def test_duplicate_key_nested_keeps_first_position(parser: str) -> None:
    doc = load_yaml("outer:\n  list:\n    - name: x\n      kind: y\n      name: z\n")
    assert located(doc) == [("duplicate-key", "/outer/list/0/name", 5, 7)]
    assert "line 3" in doc.problems[0].message
    assert "line 5" in doc.problems[0].message
    assert doc.source_map.key_position("/outer/list/0/name") == Position(3, 7)
    assert doc.source_map.value_position("/outer/list/0/name") == Position(3, 13)


def test_duplicate_key_through_anchor(parser: str) -> None:
    assert located(load_yaml("&k key: 1\n*k : 2\n")) == [("duplicate-key", "/key", 2, 1)]


@pytest.mark.parametrize(
    ("source", "pointer", "line", "column"),
    [
        ("1: x\n", "/1", 1, 1),
        ("a:\n  on: x\n", "/a/on", 2, 3),
        ("no: x\n", "/no", 1, 1),
        ("yes: x\n", "/yes", 1, 1),
        ("y: x\n", "/y", 1, 1),
        ("true: x\n", "/true", 1, 1),
        ("1.5: x\n", "/1.5", 1, 1),
        ("0x10: x\n", "/0x10", 1, 1),
        ("012: x\n", "/012", 1, 1),
        ("2013-01-15: x\n", "/2013-01-15", 1, 1),
        ("~: x\n", "/~0", 1, 1),
        ("null: x\n", "/null", 1, 1),
        ("ok: 1\n? \n: x\n", "/", 2, 2),
        ("{a: 1, Off: 2}\n", "/Off", 1, 8),
    ],
)
def test_non_string_keys(parser: str, source: str, pointer: str, line: int, column: int) -> None:
    problem = only_problem(load_yaml(source))
    assert (problem.code, problem.pointer, problem.line, problem.column) == ("non-string-key", pointer, line, column)
    assert "quote" in problem.message


@pytest.mark.parametrize("source", ["'1': x\n", '"on": x\n', "'~': x\n", "'': x\n", "'<<': x\n", "one: x\n"])
def test_quoted_keys_are_fine(parser: str, source: str) -> None:
    assert load_yaml(source).ok


def test_non_string_key_message_says_what_it_would_be() -> None:
    assert "boolean true" in only_problem(load_yaml("on: x\n")).message
    assert "number 1" in only_problem(load_yaml("1: x\n")).message
    assert "null" in only_problem(load_yaml("~: x\n")).message


@pytest.mark.parametrize(
    ("source", "pointer", "line", "column"),
    [
        ("? [a, b]\n: x\n", "", 1, 3),
        ("top:\n  ? {a: 1}\n  : x\n", "/top", 2, 5),
        ("{[a]: 1}\n", "", 1, 2),
        ("l: &l [1]\nm: {*l : 2}\n", "/m", 2, 5),
    ],
)
def test_complex_keys(parser: str, source: str, pointer: str, line: int, column: int) -> None:
    assert located(load_yaml(source)) == [("complex-key", pointer, line, column)]


def test_merge_key(parser: str) -> None:
    doc = load_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  z: 2\n")
    assert located(doc) == [("merge-key", "/other/<<", 3, 3)]
    assert "<<" in doc.problems[0].message


# --- tags ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "tagged",
    [
        "!!int 5", "!!bool yes", "!!float 1", "!!null ~", "!!binary aGk=", "!!timestamp 2001-01-01",
        "!custom x", "!!map {b: 1}", "!!seq [1]", "!!set {x}", "!!omap [{a: 1}]", "!custom [1]",
        "!<tag:example.com,2000:x> y", "!!python/object/apply:os.system ['echo hi']",
        "!!python/name:os.system ''",
    ],
)
def test_disallowed_tags(parser: str, tagged: str) -> None:
    problem = only_problem(load_yaml(f"first: 1\na: {tagged}\n"))
    assert (problem.code, problem.pointer, problem.line, problem.column) == ("tag-not-allowed", "/a", 2, 4)


def test_tag_on_key_list_item_and_root(parser: str) -> None:
    assert located(load_yaml("!!int 1: x\n")) == [("tag-not-allowed", "/1", 1, 1)]
    assert located(load_yaml("a:\n  - ok\n  - !!float 2\n")) == [("tag-not-allowed", "/a/1", 3, 5)]
    assert located(load_yaml("!!map {a: 1}\n")) == [("tag-not-allowed", "", 1, 1)]


def test_python_object_tag_executes_nothing(parser: str, monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: os.PathLike[str]) -> None:
    marker = os.path.join(os.fspath(tmp_path), "executed")
    calls: list[object] = []

    def record(*args: object, **kwargs: object) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(os, "system", record)
    monkeypatch.setattr(subprocess, "Popen", record)
    source = f"x: 1\nrun: !!python/object/apply:os.system ['touch {marker}']\n"
    problem = only_problem(load_yaml(source))
    assert (problem.code, problem.pointer, problem.line, problem.column) == ("tag-not-allowed", "/run", 2, 6)
    assert "!!python/object/apply:os.system" in problem.message
    assert calls == []
    assert not os.path.exists(marker)


# --- resource limits -------------------------------------------------------------------------

def billion_laughs() -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("limits", [{}, {"max_nodes": 10**15}, {"max_aliases": 10**6}])
def test_billion_laughs_is_cut_short(parser: str, limits: dict[str, int]) -> None:
    start = time.perf_counter()
    doc = load_yaml(billion_laughs(), **limits)
    assert time.perf_counter() - start < HANG_SECONDS
    assert doc.value is None
    assert [p.code for p in doc.problems] in (["alias-limit"], ["too-large"])


def test_alias_limit_points_at_the_alias_that_exceeds_it(parser: str) -> None:
    doc = load_yaml("a: &x 1\nb: *x\nc: *x\nd: [*x]\n", max_aliases=2)
    assert located(doc) == [("alias-limit", "/d/0", 4, 5)]


def test_too_large_counts_aliases_at_full_size(parser: str) -> None:
    # root + key a + list of 4 = 7; key b + *x (5) = 13; key c + *x (5) = 19.
    source = "a: &x [1, 2, 3, 4]\nb: *x\nc: *x\n"
    assert load_yaml(source, max_nodes=19).ok
    assert located(load_yaml(source, max_nodes=18)) == [("too-large", "/c", 3, 4)]


@pytest.mark.parametrize(
    ("source", "why"),
    [("a: *nope\n", "before any anchor"), ("a: &x [1, *x]\n", "inside the node")],
)
def test_bad_aliases_are_syntax_problems(parser: str, source: str, why: str) -> None:
    problem = only_problem(load_yaml(source))
    assert problem.code == "yaml-syntax"
    assert why in problem.message


@pytest.mark.slow
def test_deep_flow_sequences(parser: str) -> None:
    start = time.perf_counter()
    doc = load_yaml(b"a: " + b"[" * 10_000)
    assert time.perf_counter() - start < HANG_SECONDS
    # The root mapping is level 1, so the 64th "[" (column 4 + 63) is the first too deep.
    assert located(doc) == [("too-deep", "/a" + "/0" * 63, 1, 67)]


@pytest.mark.parametrize(
    "source",
    [
        b"a: " + b"{a: " * 10_000,
        b"".join(b" " * i + b"k%d:\n" % i for i in range(10_000)),
        b"x:\n" + b"- " * 10_000 + b"a\n",
        b"a: " + b"[" * 10_000 + b"]" * 10_000,
    ],
    ids=["flow-mappings", "block-mappings", "block-sequences", "balanced-flow"],
)
@pytest.mark.slow
def test_ten_thousand_levels_return_quickly(parser: str, source: bytes) -> None:
    start = time.perf_counter()
    doc = load_yaml(source, max_bytes=len(source))
    assert time.perf_counter() - start < HANG_SECONDS
    assert doc.value is None
    assert doc.problems[-1].code in ("too-deep", "yaml-syntax")


def test_max_depth_is_inclusive(parser: str) -> None:
    assert load_yaml("a: [[1]]\n", max_depth=3).ok
    assert located(load_yaml("a: [[1]]\n", max_depth=2)) == [("too-deep", "/a/0", 1, 5)]


def test_file_too_large_is_not_decoded() -> None:
    problem = only_problem(load_yaml(b"a: \xff\x00 junks", max_bytes=10))
    assert (problem.code, problem.pointer, problem.line, problem.column) == ("file-too-large", "", 1, 1)
    assert "11" in problem.message
    assert "10" in problem.message
    assert load_yaml(b"a: 1234567", max_bytes=10).ok
    assert located(load_yaml("a: é" * 3, max_bytes=14)) == [("file-too-large", "", 1, 1)]


def test_fifty_megabytes_return_at_once() -> None:
    data = b"a: " + b"x" * (50 * 1024 * 1024)
    start = time.perf_counter()
    doc = load_yaml(data)
    assert time.perf_counter() - start < HANG_SECONDS
    assert located(doc) == [("file-too-large", "", 1, 1)]


# --- encoding --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"a: 1\nb: 2\nc: xyz\xffq\n", 3, 7),
        (b"a: 1\r\nb: 2\r\nc: \xc3\xa9\xc3\xa9z\xc3\n", 3, 7),
        (b"\xef\xbb\xbfa: \x80\n", 1, 4),
        (b"\xc0\xaf: 1\n", 1, 1),
    ],
)
def test_invalid_utf8_is_located(data: bytes, line: int, column: int) -> None:
    problem = only_problem(load_yaml(data))
    assert (problem.code, problem.pointer, problem.line, problem.column) == ("encoding", "", line, column)
    assert f"line {line}, column {column}" in problem.message


def test_utf8_bom_is_accepted(parser: str) -> None:
    doc = load_yaml(b"\xef\xbb\xbfname: caf\xc3\xa9\nnext: 1\n")
    assert doc.ok
    assert doc.value == {"name": "café", "next": "1"}
    assert doc.source_map.key_position("/name") == Position(1, 1)
    assert doc.source_map.value_position("/name") == Position(1, 7)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_other_unicode_encodings_are_rejected(codec: str) -> None:
    data = "a: 1\n".encode(codec)
    if codec in ("utf-16-le", "utf-16-be", "utf-32-be"):
        data = "\ufeffa: 1\n".encode(codec)
    problem = only_problem(load_yaml(data))
    assert (problem.code, problem.line, problem.column) == ("encoding", 1, 1)
    assert "UTF-8" in problem.message


@pytest.mark.parametrize(
    ("data", "line", "column", "needle"),
    [
        (b"a: 1\nb: x\x00y\n", 2, 5, "NUL"),
        (b"\x00", 1, 1, "NUL"),
        (b"a: 1\n\nc: \x07\n", 3, 4, "U+0007"),
        ("a: \ud800\n", 1, 4, "U+D800"),
    ],
)
def test_disallowed_characters_are_located(data: bytes | str, line: int, column: int, needle: str) -> None:
    problem = only_problem(load_yaml(data))
    assert (problem.code, problem.pointer, problem.line, problem.column) == ("encoding", "", line, column)
    assert needle in problem.message


# --- document shape --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "source",
    [b"", b"   \n\n  \n", b"# only\n# comments\n", b"~\n", b"null\n", b"---\n", b"--- ~\n...\n", "\ufeff"],
)
def test_empty_documents(parser: str, source: bytes | str) -> None:
    assert located(load_yaml(source)) == [("empty-document", "", 1, 1)]


@pytest.mark.parametrize(
    ("source", "line"),
    [("a: 1\n---\nb: 2\n", 2), ("---\na: 1\n...\n---\nb: 2\n", 4)],
)
def test_multiple_documents(parser: str, source: str, line: int) -> None:
    doc = load_yaml(source)
    assert located(doc) == [("multiple-documents", "", line, 1)]
    assert doc.source_map.value_position("/a") == Position(line - 1 if line == 2 else 2, 4)


@pytest.mark.parametrize(
    ("source", "line", "column", "what"),
    [("- a\n- b\n", 1, 1, "a list"), ("# c\n  [1, 2]\n", 2, 3, "a list"),
     ("hello\n", 1, 1, "a single value"), ("'quoted'\n", 1, 1, "a single value"),
     ("--- |\n  text\n", 1, 5, "a single value")],
)
def test_not_a_mapping(parser: str, source: str, line: int, column: int, what: str) -> None:
    problem = only_problem(load_yaml(source))
    assert (problem.code, problem.pointer, problem.line, problem.column) == ("not-a-mapping", "", line, column)
    assert what in problem.message


def test_explicit_document_markers_are_fine(parser: str) -> None:
    assert value_of("%YAML 1.2\n---\na: 1\n...\n# trailing comment\n") == {"a": "1"}


# --- syntax errors ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "pointer", "line", "column"),
    [
        ("a: b\nc\n", "", 3, 1),
        ("a: [1, 2\nb: 3\n", "/a", 2, 2),
        ("a:\n\tb: 1\n", "/a", 2, 1),
        ("a: 'x\n", "/a", 2, 1),
        ("top:\n  a: b: c\n", "/top", 2, 7),
    ],
)
def test_syntax_errors_are_located(parser: str, source: str, pointer: str, line: int, column: int) -> None:
    doc = load_yaml(source)
    assert located(doc)[-1] == ("yaml-syntax", pointer, line, column)
    message = doc.problems[-1].message
    assert "\n" not in message
    assert message.startswith(f"YAML syntax error at line {line}, column {column}: ")


def test_syntax_message_includes_context() -> None:
    message = only_problem(load_yaml("a: b\nc\n")).message
    assert "could not find expected ':' (while scanning a simple key at line 2, column 1)" in message


def test_partial_source_map_survives_errors() -> None:
    doc = load_yaml("a: 1\nb:\n  c: 2\n  d: [x\n")
    assert doc.value is None
    assert doc.source_map.key_position("/b/c") == Position(3, 3)
    assert doc.source_map.value_position("/b/d/0") == Position(4, 7)
    assert doc.source_map.locate("/b/d/1") == ("/b/d", Position(4, 3))


def test_problems_are_sorted_and_all_reported(parser: str) -> None:
    doc = load_yaml("z: !!int 1\non: 2\nz: 3\nlist: [1, !!bool yes]\n")
    assert located(doc) == [("tag-not-allowed", "/z", 1, 4), ("non-string-key", "/on", 2, 1),
                            ("duplicate-key", "/z", 3, 1), ("tag-not-allowed", "/list/1", 4, 11)]
    keys = [(p.line, p.column, p.code) for p in doc.problems]
    assert keys == sorted(keys)


def test_internal_failure_becomes_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    class Exploding(yaml.SafeLoader):
        def get_event(self) -> yaml.Event:
            raise MemoryError

    monkeypatch.setattr(_yaml, "_LOADER", Exploding)
    assert [p.code for p in load_yaml("a: 1\n").problems] == ["too-large"]


def test_wrong_argument_type_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        load_yaml(123)  # type: ignore[arg-type]


# --- typing helpers --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None), ("null", None), ("Null", None), ("NULL", None), ("~", None),
        ("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False),
        ("0", 0), ("-12", -12), ("+7", 7), ("012", 12), ("0o17", 15), ("0x1F", 31), ("0xff", 255),
        ("1.5", 1.5), ("-.5", -0.5), ("1.", 1.0), ("1e3", 1000.0), ("+1.5E-2", 0.015),
        (".inf", math.inf), ("-.Inf", -math.inf), ("+.INF", math.inf),
        ("yes", "yes"), ("no", "no"), ("on", "on"), ("nULL", "nULL"), ("tRUE", "tRUE"),
        ("1_000", "1_000"), ("1:20", "1:20"), ("2013-01-15", "2013-01-15"), ("0b101", "0b101"),
        ("0o8", "0o8"), ("-0x1", "-0x1"), (".", "."), ("1e", "1e"), ("inf", "inf"), ("abc", "abc"),
    ],
)
def test_resolve_plain(text: str, expected: object) -> None:
    result = resolve_plain(text)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize("text", [".nan", ".NaN", ".NAN"])
def test_resolve_plain_nan(text: str) -> None:
    result = resolve_plain(text)
    assert isinstance(result, float)
    assert math.isnan(result)


def test_resolve_plain_huge_integer_stays_text() -> None:
    digits = "9" * 5000
    assert resolve_plain(digits) == digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "the boolean true"), ("No", "the boolean false"), ("ON", "the boolean true"),
        ("off", "the boolean false"), ("y", "the boolean true"), ("N", "the boolean false"),
        ("yEs", "the boolean true"), ("true", "the boolean true"),
        ("012", "the octal number 10"), ("-012", "the octal number -10"), ("0x1F", "the hexadecimal number 31"),
        ("0b101", "the binary number 5"), ("12", "the integer 12"), ("1_000", "the integer 1000"),
        ("1:20", "the sexagesimal (base 60) number 80"), ("1:20.5", "the sexagesimal (base 60) number 80.5"),
        ("1.5", "the number 1.5"), ("1e3", "the number 1000.0"), ("1.0e+3", "the number 1000.0"),
        (".inf", "infinity"), ("-.inf", "minus infinity"), (".NaN", "not-a-number (NaN)"),
        ("2013-01-15", "a date"), ("2001-12-14t21:59:43.10-05:00", "a timestamp"),
        ("2001-12-14 21:59:43.10 -5", "a timestamp"), ("~", "null (no value)"), ("", "null (no value)"),
        ("<<", "a merge key"),
    ],
)
def test_yaml11_surprise(text: str, expected: str) -> None:
    assert yaml11_surprise(text) == expected


@pytest.mark.parametrize("text", ["hello", "nope", "yess", "2013-1-5", "1:2:", "0o17", "v1.2", "12a", "ok"])
def test_yaml11_surprise_none(text: str) -> None:
    assert yaml11_surprise(text) is None


def test_yaml11_surprise_agrees_with_pyyaml_where_pyyaml_types() -> None:
    for text in ["yes", "No", "012", "0x1F", "1:20", "1_000", "1.5", "2013-01-15", "~", "0b101", ".inf"]:
        assert not isinstance(yaml.safe_load(f"v: {text}")["v"], str), text
        assert yaml11_surprise(text) is not None


# --- determinism and properties --------------------------------------------------------------

def test_determinism() -> None:
    source = NESTED + "bad: !!int 1\nNo: x\n"
    first, second = load_yaml(source), load_yaml(source)
    assert first == second
    assert first.problems == second.problems
    assert first.source_map == second.source_map
    assert load_yaml(NESTED) == load_yaml(NESTED)
    assert load_yaml(NESTED) != load_yaml(NESTED + "extra: 1\n")


def test_result_types_are_frozen() -> None:
    doc = load_yaml("a: 1\n")
    with pytest.raises(AttributeError):
        doc.value = None  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Position(1, 1).line = 2  # type: ignore[misc]
    assert isinstance(doc.source_map, SourceMap)


keys_st = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)
leaf_st = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=10)
tree_st = st.recursive(leaf_st, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(keys_st, inner, max_size=4), max_leaves=20)


def pointers(value: object, base: str = "") -> Iterator[str]:
    yield base
    if isinstance(value, dict):
        for key, child in value.items():
            yield from pointers(child, join_pointer(base, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from pointers(child, join_pointer(base, index))


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys_st, tree_st, min_size=1, max_size=5), st.booleans())
def test_round_trip_of_quoted_documents(data: dict[str, object], flow: bool) -> None:
    text = yaml.safe_dump(data, default_style='"', default_flow_style=flow, allow_unicode=True)
    doc = load_yaml(text.encode("utf-8"))
    assert doc.ok, located(doc)
    assert doc.value == data
    for pointer in pointers(data):
        assert doc.source_map.value_position(pointer) is not None, pointer


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200))
@pytest.mark.slow
def test_arbitrary_input_never_raises(data: bytes | str) -> None:
    doc = load_yaml(data)
    assert (doc.value is None) == bool(doc.problems)
    assert all(p.line >= 1 and p.column >= 1 and p.message for p in doc.problems)
    order = [(p.line, p.column, p.code) for p in doc.problems]
    assert order == sorted(order)
    assert doc == load_yaml(data)


def test_the_characters_refused_are_exactly_those_outside_yamls_printable_set() -> None:
    """YAML 1.2 c-printable: tab, line feed, carriage return, x20-x7E, x85, xA0-xD7FF, xE000-xFFFD, astral."""
    from ccg_rules._yaml import _BAD_CHAR

    printable = [(0x09, 0x0A), (0x0A, 0x0A), (0x0D, 0x0D), (0x20, 0x7E), (0x85, 0x85)]
    printable += [(0xA0, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF)]
    every = "".join(map(chr, range(0x110000)))
    refused = {m.start() for m in _BAD_CHAR.finditer(every)}
    allowed = {c for low, high in printable for c in range(low, high + 1)}
    assert refused == set(range(0x110000)) - allowed
