"""Where ``check`` writes: standard output or the ``--output`` file, and whether to colour it."""

from __future__ import annotations

import os
import sys
from typing import Literal, TextIO


def _use_colour(choice: str, stream: TextIO | None) -> bool:
    """Whether to colour: ``--color``, then NO_COLOR, then FORCE_COLOR, then a terminal.

    ``stream`` is ``None`` for an ``--output`` file, which only ``--color always`` colours.
    NO_COLOR (https://no-color.org) and FORCE_COLOR (https://force-color.org) count when
    set to anything but the empty string; NO_COLOR wins over FORCE_COLOR, as in CPython.
    """
    if choice != "auto":
        return choice == "always"
    if stream is None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


class _Sink:
    """Standard output or the ``--output`` file, opened at the first write (or at the close).

    A file that cannot be opened is said once, after every document (as when the whole
    output is written at the end); a reader that goes away (a closed pipe) ends the
    writing, not the checking, since the exit code still needs every document.
    """

    def __init__(self, path: str | None, *, append: bool = False) -> None:
        self.path = path
        self.append = append  # the fast path wrote the first documents' output to the file
        self.out: TextIO | None = None
        self.error: OSError | None = None
        self.broken = False

    def _open(self) -> TextIO | None:
        if self.out is None and self.error is None:
            if self.path is None:
                self.out = sys.stdout
            else:
                try:
                    mode: Literal["a", "w"] = "a" if self.append else "w"
                    self.out = open(self.path, mode, encoding="utf-8", newline="\n")  # noqa: SIM115
                except OSError as exc:
                    self.error = exc
        return self.out

    def write(self, text: str) -> None:
        out = self._open()
        if out is None or self.broken:
            return
        try:
            out.write(text)
        except BrokenPipeError:
            self._broke()

    def _broke(self) -> None:
        # The reader went away (e.g. piped into head); the verdict still stands.
        self.broken = True
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    def close(self) -> None:
        out = self._open()
        if out is None:
            return
        try:
            if not self.broken:
                out.flush()
        except BrokenPipeError:
            self._broke()
        finally:
            if out is not sys.stdout:
                out.close()
