"""Choosing a version by date reads only the headers of the version files, safely."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccg_rules.rules.files import parse_file
from ccg_rules.rules.headers import _header_prefix, read_header
from ccg_rules.rules.spec import RulesetFile

REPO = Path(__file__).resolve().parents[1]
FAMILY = REPO / "rulesets" / "ccg-authorisation"

HEADER = b"""\
# a comment
ruleset: demo
version: "2014-10"
title: A title
description: >-
  folded text: with a colon
effective_from: 2014-10-01
"""


def test_the_prefix_stops_at_the_first_body_key() -> None:
    data = HEADER + b"rules:\n- id: A\n  title: x\nremove:\n  - id: B\n"
    assert _header_prefix(data) == HEADER


@pytest.mark.parametrize(
    "body",
    [
        b"rules: []\neffective_to: 2015-01-01\n",  # a header key after the rules
        b'rules: []\n"effective_to": 2015-01-01\n',  # a quoted key
        b"rules: []\n---\nruleset: other\n",  # a second document
        b"rules: []\n{effective_to: 2015-01-01}\n",  # flow style at column 0
    ],
)
def test_any_doubt_means_reading_the_whole_file(body: bytes) -> None:
    assert _header_prefix(HEADER + body) is None


def test_a_file_with_no_body_is_read_whole() -> None:
    assert _header_prefix(HEADER) is None


@pytest.mark.parametrize("path", sorted(FAMILY.glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_headers_equal_those_of_a_full_read(path: Path) -> None:
    data = path.read_bytes()
    assert _header_prefix(data) is not None, "the bundled files keep the plain layout"
    _, _, full = parse_file(data, path.name)
    fields = ("ruleset", "version", "title", "effective_from", "effective_to", "end_reason")
    header = read_header(path, path.name)
    assert tuple(getattr(header, f) for f in fields) == tuple(getattr(full, f) for f in fields)
    assert isinstance(full, RulesetFile)


def test_a_header_problem_is_reported_with_its_position(tmp_path: Path) -> None:
    from ccg_rules.errors import RulesetError

    path = tmp_path / "2014-10.yaml"
    path.write_bytes(HEADER.replace(b"effective_from: 2014-10-01", b"effective_from: soon") + b"rules: []\n")
    with pytest.raises(RulesetError) as info:
        read_header(path, "2014-10.yaml")
    assert "2014-10.yaml:7:" in str(info.value)
