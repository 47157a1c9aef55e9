"""Regenerating the compiled rulesets: which bundled versions' compiled files are stale, and writing them.

``python -m ccg_rules.rules.precompile`` lists the stale files (exit 1 if any);
``--write`` rewrites them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ccg_rules.rules.catalog import available_rulesets
from ccg_rules.rules.compiled import compiled_path, encode
from ccg_rules.rules.loading import load_cached


def stale_files(write: bool = False) -> list[Path]:
    """The compiled files that are missing or differ from a fresh compile (written if ``write``)."""
    out: list[Path] = []
    for version in available_rulesets():
        text = encode(version, load_cached(version.path, version.label, version.effective_to))
        path = compiled_path(version)
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            out.append(path)
            if write:
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m ccg_rules.rules.precompile [--write]``: report (or rewrite) stale compiled files."""
    args = sys.argv[1:] if argv is None else argv
    write = args == ["--write"]
    if args and not write:
        print("usage: python -m ccg_rules.rules.precompile [--write]", file=sys.stderr)  # noqa: T201
        return 2
    stale = stale_files(write=write)
    for path in stale:
        print(f"{'wrote' if write else 'stale'}: {path.name} of {path.parent.parent.name}")  # noqa: T201
    return 0 if write or not stale else 1


if __name__ == "__main__":
    raise SystemExit(main())
