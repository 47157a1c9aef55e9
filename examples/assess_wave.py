"""Assess a wave of CCG documents and write a CSV table and a Markdown board paper.

An example for assessors, using only the public API of ``ccg_rules``::

    python examples/assess_wave.py examples/wave --csv wave.csv --markdown wave.md

With no folder or file it assesses ``examples/wave`` (beside this script); with no
``--csv`` or ``--markdown`` it only prints one line per CCG. The board paper gives each
CCG's outcome in the Board's words, its conditions (criterion, domain, support level,
remediation, source), the directions proposed and the configuration risk with its
reasons; ``ccg-rules assess --per-ccg DIR`` writes a printable page per CCG as well.
It exits 0 when every
document could be assessed, 1 when one could not (its row says why), and 2 when a table
cannot be written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import ccg_rules

DEFAULT_WAVE = Path(__file__).resolve().parent / "wave"


def main(argv: list[str] | None = None) -> int:
    """Assess the wave named on the command line and write the tables asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths", nargs="*", metavar="DIR|FILE", help="documents or folders (default: examples/wave)"
    )
    parser.add_argument("--csv", metavar="FILE", help="write one CSV row per CCG to FILE")
    parser.add_argument("--markdown", metavar="FILE", help="write the board paper as Markdown to FILE")
    args = parser.parse_args(argv)

    # A relative path keeps the rows (and the files written) free of this machine's folders.
    wave = ccg_rules.assess_wave(args.paths or [os.path.relpath(DEFAULT_WAVE)])
    for row in wave.rows:
        outcome = (row.outcome or "not assessed").replace("_", " ")
        detail = (
            f"{row.conditions} conditions, risk {row.risk or 'not rated'}" if row.error is None else row.error
        )
        print(f"{row.ccg or row.file}: {outcome} ({detail})")

    for target, text in ((args.csv, ccg_rules.wave_csv), (args.markdown, ccg_rules.board_paper)):
        if target:
            try:
                Path(target).write_text(text(wave), encoding="utf-8", newline="\n")
            except OSError as exc:
                print(f"assess_wave.py: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
                return 2
            print(f"wrote {target}")
    return 1 if any(row.error for row in wave.rows) else 0


if __name__ == "__main__":
    sys.exit(main())
