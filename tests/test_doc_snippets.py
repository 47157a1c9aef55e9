"""The Python examples of the developer guide run and print what the guide says they print.

Each ```python block of docs/for-developers.md runs in turn in one namespace (later blocks
use names earlier ones made), from the repository root. Where a ```text block follows, the
block's output must be exactly that text.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "for-developers.md"

_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _examples() -> list[tuple[str, str | None]]:
    """(code, expected output or None) for each Python block, in order."""
    blocks = [(m.group(1), m.group(2), m.end()) for m in _BLOCK.finditer(GUIDE.read_text(encoding="utf-8"))]
    text = GUIDE.read_text(encoding="utf-8")
    out: list[tuple[str, str | None]] = []
    for i, (kind, body, end) in enumerate(blocks):
        if kind != "python":
            continue
        expected = None
        if i + 1 < len(blocks) and blocks[i + 1][0] == "text":
            between = text[end : text.index("```text", end)]
            if not between.strip():
                expected = blocks[i + 1][1]
        out.append((body, expected))
    return out


def test_the_guide_has_examples_with_output() -> None:
    examples = _examples()
    assert len(examples) >= 8
    assert sum(expected is not None for _, expected in examples) >= 7


def test_every_example_prints_what_the_guide_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    namespace: dict[str, object] = {"__name__": "guide"}
    for number, (code, expected) in enumerate(_examples(), start=1):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, f"{GUIDE.name}, example {number}", "exec"), namespace)
        if expected is not None:
            assert buffer.getvalue() == expected, f"example {number}:\n{code}"
