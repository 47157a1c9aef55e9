"""The tree builder (`ccg_rules._yaml.events.build`) against its reference copy.

``tests/yaml_events_reference.py`` keeps the builder as it was before its fast paths. On every
input here, with the C parser and the pure-Python one and under many limits, both must give the
same root value (types, sharing and order included), the same source-map entries in the same
order and the same problems (code, message, pointer, position) in the same order.

The inputs: every YAML file of the repository, truncated at many points; hand-written hostile
snippets; and generated documents full of what takes the slow path (tags, anchors, aliases,
complex keys, YAML 1.1 keys, escapes, duplicates, several documents), some of them broken.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import yaml_events_reference as reference
from ccg_rules import _yaml
from ccg_rules._yaml import events, frames, load_yaml

REPO = Path(__file__).resolve().parents[1]
LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])
DEFAULTS = (64, 64, 1_000_000, _yaml.MAX_EXPANDED_CHARS)
Limits = tuple[int, int, int, int]  # max_depth, max_aliases, max_nodes, max_chars


def _shape(value: object, seen: dict[int, int]) -> object:
    """``value`` as nested tuples naming every type, each shared collection given by its first number."""
    if isinstance(value, dict | list):
        if id(value) in seen:
            return ("same-as", seen[id(value)])
        seen[id(value)] = len(seen)
        if isinstance(value, list):
            return ("list", [_shape(item, seen) for item in value])
        return ("dict", [(_key(key), _shape(item, seen)) for key, item in value.items()])
    return (type(value).__name__, value)


def _key(key: object) -> object:
    # A complex key stands in as each module's own sentinel object: compare what it is, not which.
    if key is frames.COMPLEX or key is reference._COMPLEX:
        return ("complex",)
    return (type(key).__name__, key)


def _at(mark: Any) -> object:
    """A report's mark as plain data: None, a (line, column) tuple, or a mark's line and column."""
    if mark is None or isinstance(mark, tuple):
        return mark
    return ("mark", mark.line, mark.column)


def outcome(builder: Callable[..., object], text: str, limits: Limits, loader: Any) -> object:
    """Everything ``builder`` gives for ``text``: its root's shape, both source maps, its reports."""
    reports: list[object] = []
    values: dict[str, tuple[int, int]] = {}
    keys: dict[str, tuple[int, int]] = {}

    def report(code: str, message: str, pointer: str, mark: Any) -> None:
        reports.append((code, message, pointer, _at(mark)))

    root = builder(text, *limits, report, values, keys, loader)
    return _shape(root, {}), list(values.items()), list(keys.items()), reports


def assert_same(text: str, limits: Limits = DEFAULTS) -> None:
    for loader in LOADERS:
        expected = outcome(reference.build, text, limits, loader)
        assert outcome(events.build, text, limits, loader) == expected, (loader.__name__, limits)


# ------------------------------------------------------------------------------- the corpus

def _repository_yaml() -> list[Path]:
    folders = ("examples", "rulesets", "tests", "src", "docs", "schemas", "bench")
    found = {path for folder in folders for path in (REPO / folder).rglob("*.y*ml")}
    return sorted(path for path in found if path.is_file())


REPOSITORY_YAML = _repository_yaml()

HOSTILE = [
    "", "~\n", "null\n", "---\n", "--- ~\n...\n", "- a\n- b\n", "hello\n", "'quoted'\n", "--- |\n  text\n",
    "a: 1\n---\nb: 2\n", "---\na: 1\n...\n---\nb: 2\n", "%YAML 1.2\n---\na: 1\n...\n",
    "a: 1\nb: 2\na: 3\n", "outer:\n  list:\n    - name: x\n      kind: y\n      name: z\n",
    "&k key: 1\n*k : 2\n", "1: x\n", "a:\n  on: x\n", "~: x\n", "null: x\n", "ok: 1\n? \n: x\n",
    "{a: 1, Off: 2}\n", "'1': x\n", "'<<': x\n", "'': x\n", "? [a, b]\n: x\n", "top:\n  ? {a: 1}\n  : x\n",
    "{[a]: 1}\n", "l: &l [1]\nm: {*l : 2}\n", "l: &l [1]\nm: {*l : 2, *l : 3}\n", "? - a\n  - b\n: c\n? x\n: y\n",
    "base: &b {x: 1}\nother:\n  <<: *b\n  z: 2\n", "z: !!int 1\non: 2\nz: 3\nlist: [1, !!bool yes]\n",
    "!!int 1: x\n", "a:\n  - ok\n  - !!float 2\n", "!!map {a: 1}\n", "!!seq [1]\n", "! {a: 1}\n",
    "a: ! 012\nb: !!str 012\n!!str c: 1\n! d: 2\n!x e: 3\n", "a: !!str [1]\nb: !!str {c: 1}\n",
    "a: !<tag:yaml.org,2002:str> x\nb: !<tag:example.com,2000:x> y\n",
    "a: &x 1\nb: *x\nc: *x\nd: [*x]\n", "a: *nope\n", "a: &x [1, *x]\n", "a: &x {b: *x}\n",
    "base: &b {x: [1, 2]}\ncopy: *b\n", "a: &x [1, 2, 3, 4]\nb: *x\nc: *x\n", "a: &s 'long text'\nb: *s\n",
    "&r {a: 1}\n", "&r [1]\n", "*x\n", "a: &n\nb: *n\n", "a: &q ''\nb: *q\nc: [*q, *q]\n",
    "a: b\nc\n", "a: [1, 2\nb: 3\n", "a:\n\tb: 1\n", "a: 'x\n", "top:\n  a: b: c\n", "a: 1\nb:\n  c: 2\n  d: [x\n",
    "a/b: 1\n'~': [x, 'y', {k: v}]\nm~/n:\n  - - deep\n", "a: [~, null, Null, NULL, '', \"\", '~']\n",
    "a: |\n  012\nb: >-\n  x\n  y\nc: \"on\"\n", "[a, b]: c\n", "{a: b}: c\n", "? a\n", "? a\n? a\n",
    "a: [" * 70 + "]" * 70 + "\n", "a: " + "{a: " * 70 + "1" + "}" * 70 + "\n", "x:\n" + "- " * 70 + "a\n",
    "".join(" " * i + f"k{i}:\n" for i in range(70)), "a: " + "[" * 300, "- " * 10 + "x\n",
    # A key is remembered as clean only if it is clean unquoted too.
    "a: {'no': 1}\nb: {no: 2}\n", "- 'on': 1\n- on: 2\n- \"1\": x\n- 1: x\n", "a: {x/y: 1}\nb: {x/y: 2}\n",
    "- k: 1\n- k: 2\n  k: 3\n", "a: {'~': 1}\nb: {~: 2}\n", "a: {'<<': 1}\nb: {<<: 2}\n",
]


def _limit_sets() -> list[Limits]:
    """The defaults and small limits of each kind, so each trips at many points of a short text."""
    sets = [DEFAULTS]
    for n in (0, 1, 2, 3, 5, 8, 13, 40):
        sets += [(n, 64, 10**6, 10**9), (64, n, 10**6, 10**9), (64, 64, n, 10**9), (64, 64, 10**6, n * 3)]
    sets += [(64, 64, 10**6, -1), (-1, -1, -1, -1)]
    return sets


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_snippets_build_the_same(text: str) -> None:
    for limits in _limit_sets():
        assert_same(text, limits)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_every_node_and_character_limit_trips_the_same(text: str) -> None:
    """Each limit at every value up to what the text needs, so each trips exactly at its boundary."""
    loader = LOADERS[-1]
    for n in range(-1, min(len(text), 150) + 2):
        sweep = [(64, 64, n, 10**9), (64, 64, 10**6, n)]
        sweep += [(n, 64, 10**6, 10**9)] * (n < 80) + [(64, n, 10**6, 10**9)] * (n < 12)
        for limits in sweep:
            expected = outcome(reference.build, text, limits, loader)
            assert outcome(events.build, text, limits, loader) == expected, limits


def _limits_for(text: str) -> list[Limits]:
    """The defaults, then limits that trip part way through: at the start, the middle, near the end."""
    lines = text.count("\n") + 1  # about one node a line
    return [DEFAULTS, (3, 64, 10**6, 10**9), (64, 64, lines // 2, 10**9), (64, 64, 10**6, len(text) // 3),
            (64, 1, 10**6, 10**9)]


EXAMPLES = [path for path in REPOSITORY_YAML if path.parts[len(REPO.parts)] == "examples"]


@pytest.mark.parametrize("path", EXAMPLES, ids=[str(p.relative_to(REPO)) for p in EXAMPLES])
def test_examples_build_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    for limits in _limits_for(text):
        assert_same(text, limits)


def test_examples_truncated_build_the_same() -> None:
    for path in EXAMPLES[:6]:
        text = path.read_text(encoding="utf-8", errors="replace")
        for end in range(0, len(text), max(1, len(text) // 8)):
            assert_same(text[:end])


@pytest.mark.slow
def test_repository_yaml_builds_the_same() -> None:
    assert len(REPOSITORY_YAML) > len(EXAMPLES)
    for path in REPOSITORY_YAML:
        text = path.read_text(encoding="utf-8", errors="replace")
        for limits in _limits_for(text):
            assert_same(text, limits)


@pytest.mark.slow
def test_repository_yaml_truncated_builds_the_same() -> None:
    for path in REPOSITORY_YAML:
        text = path.read_text(encoding="utf-8", errors="replace")
        if len(text) < 30_000:
            for end in range(0, len(text), max(1, len(text) // 25)):
                assert_same(text[:end])


def test_load_yaml_is_unchanged_end_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """`load_yaml` itself (sorting, the rerun past libyaml's nesting limit) on both builders."""
    texts = [*HOSTILE, "a: " + "[" * 1100 + "]" * 1100 + "\n"]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in EXAMPLES]
    current = [load_yaml(text) for text in texts]
    monkeypatch.setattr(_yaml, "build", reference.build)
    assert [load_yaml(text) for text in texts] == current


# ------------------------------------------------------------------------- generated documents

_NAMES = st.sampled_from(["a", "b", "x"])
_WORDS = st.sampled_from([
    "k", "key", "other", "no", "on", "y", "1", "012", "0x1F", "1e3", "1.5", "~", "null", "<<", "=", "a/b",
    "~0", "x~", "2013-01-15", "true", ".inf", "with space", "é", "''", '""', "'q'", '"d\\n"', "'no'", "-1",
])
_TAGS = st.sampled_from(["", "", "", "", "!!str ", "! ", "!!int ", "!x ", "!!map ", "!!seq "])


@st.composite
def _props(draw: st.DrawFn) -> str:
    anchor = draw(st.one_of(st.just(""), st.just(""), _NAMES.map(lambda n: f"&{n} ")))
    return draw(_TAGS) + anchor


@st.composite
def _flow(draw: st.DrawFn, depth: int) -> str:
    """A flow node: a scalar, an alias, or a flow list or mapping (whose keys may be anything)."""
    choice = draw(st.integers(0, 6 if depth < 4 else 2))
    if choice <= 1:
        return draw(_props()) + draw(_WORDS)
    if choice == 2:
        return "*" + draw(_NAMES)
    items = draw(st.lists(_flow(depth + 1), max_size=4))
    if choice <= 4:
        return draw(_props()) + "[" + ", ".join(items) + "]"
    pairs = [f"{key}: {draw(_flow(depth + 1))}" for key in items]
    return draw(_props()) + "{" + ", ".join(pairs) + "}"


@st.composite
def _block(draw: st.DrawFn, indent: int, depth: int) -> str:
    """Block lines at ``indent``: a mapping or a list whose values are flow nodes or nested blocks."""
    pad = " " * indent
    lines = []
    as_list = draw(st.booleans())
    for _ in range(draw(st.integers(1, 4))):
        if as_list:
            head = pad + "- "
        elif draw(st.integers(0, 9)) == 0:
            head = pad + "? " + draw(_flow(depth + 1)) + "\n" + pad + ": "
        else:
            key = draw(_props()) + draw(_WORDS) if draw(st.integers(0, 5)) else "*" + draw(_NAMES) + " "
            head = pad + key + ": "
        if depth < 4 and draw(st.integers(0, 2)) == 0:
            lines.append(head.rstrip() + " " + draw(_props()).rstrip() + "\n" + draw(_block(indent + 2, depth + 1)))
        else:
            lines.append(head + draw(_flow(depth + 1)) + "\n")
    return "".join(lines)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(["", "", "---\n", "%YAML 1.2\n---\n", "--- "])) + draw(_block(0, 0))
    if draw(st.integers(0, 9)) == 0:
        text += draw(st.sampled_from(["---\nb: 1\n", "...\n", "...\n---\n", "- z\n"]))
    mutation = draw(st.integers(0, 5))
    if mutation == 0 and text:
        text = text[: draw(st.integers(0, len(text) - 1))]
    elif mutation == 1:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(list(":-[]{}?*&!#'\"\t\n ,|>%@`"))) + text[at:]
    return text


_LIMITS = st.one_of(
    st.just(DEFAULTS),
    st.tuples(st.integers(-1, 8), st.integers(-1, 6), st.integers(-1, 60), st.integers(-1, 200)),
)


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_documents(), _LIMITS)
def test_generated_documents_build_the_same(text: str, limits: Limits) -> None:
    assert_same(text, limits)
    assert_same(text)


@pytest.mark.slow
@settings(max_examples=4000, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_documents(), _LIMITS)
def test_many_generated_documents_build_the_same(text: str, limits: Limits) -> None:
    assert_same(text, limits)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from(list("ab1~/ :-[]{}?*&!#'\"\n,|>")), max_size=80), _LIMITS)
def test_token_soup_builds_the_same(text: str, limits: Limits) -> None:
    assert_same(text, limits)

