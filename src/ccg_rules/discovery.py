"""Finding the documents in a folder, for ``ccg-rules check DIR``.

A folder stands for every ``*.yaml`` and ``*.yml`` file in it and in its subfolders,
leaving out waiver files (``*.waivers.yaml``, ``*.waivers.yml``), the configuration file
(``.ccg-rules.yaml``) and every hidden file or folder (a name starting with ``.``).
Symbolic links to files are followed; symbolic links to folders are not, so a link loop
cannot make the walk endless. The order is fixed: a folder's own files first, by name,
then each subfolder, by name (names compare by code point, whatever the locale).

An exclusion is a glob (``*``, ``?``, ``[...]``; ``*`` also crosses ``/``), matched case
sensitively against both the path relative to the folder given (with ``/`` between names)
and the base name. A folder that matches is not entered. Only files found in folders are
excluded: a file named on the command line is always checked.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from fnmatch import fnmatchcase

from ccg_rules.errors import DocumentError

DOCUMENT_SUFFIXES = (".yaml", ".yml")
WAIVER_SUFFIXES = (".waivers.yaml", ".waivers.yml")
CONFIG_NAME = ".ccg-rules.yaml"


def is_document_name(name: str) -> bool:
    """Whether a file found in a folder is taken for a document, by its name alone."""
    return (
        name.endswith(DOCUMENT_SUFFIXES)
        and not name.endswith(WAIVER_SUFFIXES)
        and not name.startswith(".")
        and name != CONFIG_NAME
    )


def _excluded(relative: str, name: str, exclude: Sequence[str]) -> bool:
    return any(fnmatchcase(relative, g) or fnmatchcase(name, g) for g in exclude)


def find_documents(folder: str, exclude: Sequence[str] = ()) -> list[str]:
    """Return the documents in ``folder`` and its subfolders, in a fixed order.

    Args:
        folder: The folder, as given; the paths returned start with it (``.`` gives
            ``a.yaml``, not ``./a.yaml``).
        exclude: Globs of files and folders to leave out (see the module's description).

    Raises:
        DocumentError: A folder cannot be read.
    """
    patterns = [g.rstrip("/") for g in exclude if g.rstrip("/")]
    found: list[str] = []
    top = "" if os.path.normpath(folder) == "." else folder

    def walk(path: str, relative: str) -> None:
        try:
            with os.scandir(path or ".") as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            raise DocumentError(f"{path or '.'}: cannot read the folder: {exc.strerror or exc}") from None
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{relative}/{entry.name}" if relative else entry.name
            if _excluded(rel, entry.name, patterns):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append((os.path.join(path, entry.name), rel))
            elif is_document_name(entry.name) and entry.is_file():
                found.append(os.path.join(path, entry.name))
        for sub, rel in folders:
            walk(sub, rel)

    walk(top, "")
    return found
