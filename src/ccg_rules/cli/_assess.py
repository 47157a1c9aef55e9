"""``ccg-rules assess``: a wave's rows, streamed, with memory flat at any wave size.

Each row's report is used as soon as it is made and then dropped: what the whole-wave
parts need of it (the summary, the board paper's opening, the HTML overview) is noted
(`ccg_rules.render._wave_notes.WaveNotes`), and its own sections (of the HTML report, the
board paper, the per-CCG pages, the OSCAL files) are written to a temporary file. At the
end every output is written from the rows, the notes and those sections, in the order and
with the bytes of rendering the whole wave at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from typing import IO, TYPE_CHECKING

from ccg_rules._safe import shown
from ccg_rules.cli._exits import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, exit_code

if TYPE_CHECKING:
    from ccg_rules.render._wave_notes import WaveNotes
    from ccg_rules.wave import WaveRow


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\r\033[K")  # leave the line clean for the summary
    sys.stderr.flush()


class _Spool:
    """Texts kept in a temporary file as they are made, read back one by one, in order."""

    def __init__(self, stack: ExitStack) -> None:
        self.file: IO[bytes] = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        self.parts: list[tuple[str, int]] = []

    def add(self, text: str, name: str = "") -> None:
        data = text.encode("utf-8", "surrogatepass")  # back as it was, lone surrogates and all
        self.file.write(data)
        self.parts.append((name, len(data)))

    def texts(self) -> Iterator[tuple[str, str]]:
        self.file.seek(0)
        for name, size in self.parts:
            yield name, self.file.read(size).decode("utf-8", "surrogatepass")


def _write(target: str, pieces: Iterator[str]) -> None:
    with open(target, "w", encoding="utf-8", newline="\n") as out:
        for piece in pieces:
            out.write(piece)


def _assess(args: argparse.Namespace) -> int:
    from ccg_rules.errors import UnknownRuleError
    from ccg_rules.findings import Severity
    from ccg_rules.render._wave_notes import WaveNotes
    from ccg_rules.render.wave import summary_text
    from ccg_rules.wave import wave_rows

    day = args.as_of if isinstance(args.as_of, dt.date) else None
    if args.as_of == "today":
        day = dt.date.today()
    progress = _progress if sys.stderr.isatty() else None
    threshold = Severity(args.fail_on)
    with ExitStack() as stack:
        html = _Spool(stack) if args.report else None
        paper = _Spool(stack) if args.markdown else None
        pages = _Spool(stack) if args.per_ccg else None
        oscal = _Spool(stack) if args.oscal else None
        html_base = (os.path.dirname(args.report) or ".") if args.report else None
        anchors: list[str] = []
        taken: set[str] = set()
        page_names = {"index.html"}
        used: dict[str, int] = {}
        notes = WaveNotes(html=html is not None)
        rows: list[WaveRow] = []
        over = False
        try:
            total, made = wave_rows(
                args.paths,
                ruleset=args.ruleset,
                as_of=day,
                jobs=args.jobs,
                engine=args.engine or "python",
                select=args.select,
                ignore=args.ignore,
            )
            for row in made:
                notes.add(row)
                if html is not None:
                    from ccg_rules.render._html_parts import anchor
                    from ccg_rules.render.html import wave_section

                    anchors.append(anchor(row, taken))
                    html.add(wave_section(row, anchors[-1], html_base))
                if paper is not None:
                    from ccg_rules.render.board_paper import board_paper_section

                    paper.add(board_paper_section(row))
                if pages is not None:
                    from ccg_rules.render.per_ccg import ccg_page, page_name

                    pages.add(ccg_page(row, base=args.per_ccg), page_name(row.file, page_names))
                report = row.report
                if report is not None:
                    over = over or bool(report.at_or_above(threshold))
                    if oscal is not None:
                        from ccg_rules.oscal.files import oscal_pair

                        for name, text in oscal_pair(report, used):
                            oscal.add(text, name)
                rows.append(row.model_copy(update={"report": None}) if report is not None else row)
                del row, report
                if progress is not None:
                    progress(len(rows), total)
        except UnknownRuleError as exc:
            print(shown(f"ccg-rules assess: error: argument --{exc.option}: {exc}"), file=sys.stderr)
            return exit_code(exc)
        if not rows:
            where = ", ".join(args.paths)
            print(shown(f"ccg-rules: error: no CCG documents (*.yaml, *.yml) in {where}"), file=sys.stderr)
            return EXIT_INVALID
        written: list[str] = []
        outputs = ((args.report, html, "html"), (args.csv, None, "csv"), (args.markdown, paper, "md"))
        for target, spool, kind in outputs:
            if not target:
                continue
            try:
                _write(target, _pieces(kind, rows, notes, anchors, spool))
            except OSError as exc:
                message = exc.strerror or exc
                print(shown(f"ccg-rules: error: cannot write {target}: {message}"), file=sys.stderr)
                return exit_code(exc)
            written.append(target)
        for folder, spool, first in ((args.per_ccg, pages, True), (args.oscal, oscal, False)):
            if not folder or spool is None:
                continue
            if not _write_folder(folder, spool, _index(rows, notes, spool) if first else None):
                return EXIT_INVALID
            written.append(os.path.join(folder, ""))
    for row in rows:
        if row.error is not None:
            print(shown(f"ccg-rules: error: {row.file}: {row.error}"), file=sys.stderr)
    try:
        sys.stdout.write(summary_text(rows, notes) + "".join(f"wrote {t}\n" for t in written))
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if any(row.error is not None for row in rows):
        return EXIT_INVALID
    return EXIT_FINDINGS if over else EXIT_OK


def _pieces(
    kind: str, rows: list[WaveRow], notes: WaveNotes, anchors: list[str], spool: _Spool | None
) -> Iterator[str]:
    """The HTML report, CSV table or Markdown board paper of the wave, piece by piece."""
    if kind == "csv":
        from ccg_rules.render.wave import wave_csv
        from ccg_rules.wave import Wave

        yield wave_csv(Wave(rows=tuple(rows)))
        return
    sections = (text for _, text in spool.texts()) if spool is not None else iter(())
    if kind == "html":
        from ccg_rules.render.html import wave_page_parts

        head, foot = wave_page_parts(rows, anchors, notes)
        yield from head
        yield from sections
        yield foot
        return
    from ccg_rules.render.board_paper import board_paper_head

    last = board_paper_head(rows, notes)
    for section in sections:  # the paper's trailing line ends are made one
        yield last
        last = section
    yield last.rstrip("\n") + "\n"


def _index(rows: list[WaveRow], notes: WaveNotes, spool: _Spool) -> str:
    from ccg_rules.render.per_ccg import index_page

    return index_page(rows, [name for name, _ in spool.parts], notes.who)


def _write_folder(folder: str, spool: _Spool, index: str | None) -> bool:
    """Write the per-CCG pages (after their index) or the OSCAL files into ``folder``; say why not if not."""
    try:
        os.makedirs(folder, exist_ok=True)
        if index is not None:
            _write(os.path.join(folder, "index.html"), iter((index,)))
        for name, text in spool.texts():
            _write(os.path.join(folder, name), iter((text,)))
    except OSError as exc:
        print(shown(f"ccg-rules: error: cannot write {folder}: {exc.strerror or exc}"), file=sys.stderr)
        return False
    return True
