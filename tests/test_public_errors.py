"""Every exception a public function documents (its "Raises:" section) is importable from the package."""

from __future__ import annotations

import builtins
import inspect
import re
from collections.abc import Iterator

import ccg_rules

_SECTION = re.compile(r"^(\s*)Raises:\s*$")
_ENTRY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*:")


def _raised(doc: str) -> Iterator[str]:
    """The exception names listed in a Google-style docstring's "Raises:" section."""
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        m = _SECTION.match(line)
        if not m:
            continue
        indent = len(m.group(1))
        entry_indent: int | None = None
        for item in lines[i + 1 :]:
            if not item.strip():
                continue
            here = len(item) - len(item.lstrip())
            if here <= indent:
                break
            if entry_indent is None:
                entry_indent = here
            if here == entry_indent and (e := _ENTRY.match(item)):
                yield e.group(1)


def _public() -> Iterator[tuple[str, object]]:
    for name in ccg_rules.__all__:
        value = getattr(ccg_rules, name)
        yield name, value
        if inspect.isclass(value):
            for attr, member in vars(value).items():
                if not attr.startswith("_") and (inspect.isfunction(member) or isinstance(member, property)):
                    yield f"{name}.{attr}", member.fget if isinstance(member, property) else member


def test_raises_sections_are_read() -> None:
    doc = inspect.getdoc(ccg_rules.load_document) or ""
    assert list(_raised(doc)) == ["DocumentError", "TypeError"]


def test_every_documented_exception_is_importable_from_the_package() -> None:
    missing = []
    for where, value in _public():
        doc = inspect.getdoc(value) or ""
        for name in _raised(doc):
            short = name.rsplit(".", 1)[-1]
            if not (short in ccg_rules.__all__ or isinstance(getattr(builtins, short, None), type)):
                missing.append(f"{where}: {name}")
    assert not missing, missing


def test_every_exported_exception_is_a_library_error() -> None:
    for name in ccg_rules.__all__:
        value = getattr(ccg_rules, name)
        if inspect.isclass(value) and issubclass(value, BaseException):
            assert issubclass(value, ccg_rules.CcgRulesError), name
