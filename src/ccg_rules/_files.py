"""Files: read with a bound (never more than the limit, never a device or a FIFO), and named as URIs."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePath
from urllib.parse import quote

from ccg_rules._record import Record
from ccg_rules.errors import NotAFile

_set = object.__setattr__

__all__ = ["MAX_FILE_BYTES", "Read", "read_bounded", "relative_uri"]

MAX_FILE_BYTES = 8 * 1024 * 1024
"""The largest document, waiver or ruleset file read (8 MiB)."""


class Read(Record):
    """What `read_bounded` read.

    Attributes:
        data: The bytes read: the whole file, or the first ``limit + 1`` bytes when it is larger.
        size: The file's size when known (a regular file), else ``len(data)``.
    """

    _fields = ("data", "size")
    __slots__ = _fields

    data: bytes
    size: int

    def __init__(self, data: bytes, size: int) -> None:
        _set(self, "data", data)
        _set(self, "size", size)

    def over(self, limit: int) -> bool:
        """Whether the file is larger than ``limit`` bytes."""
        return self.size > limit


def _is_standard_input(info: os.stat_result) -> bool:
    try:
        own = os.fstat(0)
    except OSError:
        return False
    return (own.st_dev, own.st_ino) == (info.st_dev, info.st_ino)


def read_bounded(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> Read:
    """Read at most ``limit + 1`` bytes of a regular file (or of standard input).

    A device (``/dev/zero``), a FIFO or a socket is refused before it is opened, so that
    neither an endless stream nor a FIFO with no writer can stall a run; the path of the
    process's own standard input (``/dev/stdin``) is read like a file, up to the bound.
    A large regular file (even a sparse one) is refused from its size, reading only the
    first ``limit + 1`` bytes.

    Raises:
        NotAFile: The path is not a regular file (nor standard input).
        IsADirectoryError: The path is a directory.
        OSError: The file cannot be opened or read.
    """
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "is a directory", os.fspath(path))
    regular = stat.S_ISREG(info.st_mode)
    if not regular and not _is_standard_input(info):
        kind = (
            "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a FIFO (named pipe)"
            if stat.S_ISFIFO(info.st_mode)
            else "not a regular file"
        )
        raise NotAFile(0, f"{kind}, not a file", os.fspath(path))
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size if regular else -1
        data = stream.read(limit + 1)
    return Read(data, max(size, len(data)))


def relative_uri(file: str) -> tuple[str, bool]:
    """A file name as a URI reference: relative with forward slashes where possible.

    Returns:
        ``(uri, relative)``. A relative path stays relative; an absolute path under the
        current directory is made relative to it; any other absolute path becomes a
        ``file:`` URI.
    """
    path = PurePath(file)
    if path.is_absolute():
        try:
            path = Path(file).relative_to(Path.cwd())
        except ValueError:
            return Path(file).as_uri(), False
    # A name that is not UTF-8 (its bytes kept as surrogates) is quoted as those bytes.
    return quote(path.as_posix(), safe="/", errors="surrogateescape"), True
