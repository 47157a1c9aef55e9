"""Batch assessment: a wave of CCG documents in, one row per CCG out.

The NHS Commissioning Board assessed applicant CCGs in waves. `assess_wave` checks every
document of a wave with `ccg_rules.check` and gives a `Wave`: one `WaveRow` per file, in
sorted path order, each with the headline figures an assessor compares across CCGs and
the full report. A file that cannot be assessed (missing, not UTF-8, not YAML, not a CCG
document, a broken waiver file) is a row with its ``error``, never an exception, so one
bad file never hides the others. `ccg_rules.render.wave` gives the rows as tables and
`ccg_rules.render.html` the assessor's HTML report.

Examples:
    >>> from ccg_rules import assess_wave, wave_csv
    >>> wave = assess_wave(["examples"])  # doctest: +SKIP
    >>> print(wave_csv(wave))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from ccg_rules.engines import EngineName
from ccg_rules.errors import CcgRulesError
from ccg_rules.findings import Consequence
from ccg_rules.pipeline.check import check
from ccg_rules.pipeline.load import load_document
from ccg_rules.report import Report
from ccg_rules.waivers import SUFFIX, beside

DOCUMENT_SUFFIXES = (".yaml", ".yml")
"""The file name endings of the documents a directory is expanded to."""

WAIVER_SUFFIXES = (SUFFIX, ".waivers.yml")
"""Waiver files (``<stem>.waivers.yaml``) found in a directory are applied, not assessed."""

COLUMNS = (
    "file",
    "ccg",
    "as_of",
    "ruleset",
    "outcome",
    "conditions",
    "risk",
    "population",
    "directions",
    "error",
)
"""The columns of the wave tables (`ccg_rules.render.wave`), in order."""


class WaveRow(BaseModel):
    """One file of a wave: its headline figures and its report.

    Attributes:
        file: The file as given (a relative path stays relative).
        ccg: The CCG's name (``ccg.name``), when the document could be read.
        as_of: The date the document was judged as of.
        ruleset: The ruleset version used, ``ID@VERSION`` (``ccg-authorisation@2012``).
        outcome: The report's outcome (``authorised``, ``authorised_with_conditions``,
            ``authorised_with_conditions_and_directions``); ``None`` when the file could not
            be assessed.
        conditions: How many authorisation conditions the report sets.
        risk: The configuration risk rating (``red``, ``amber``, ``green``), if rated.
        population: The registered population the document states, if any.
        directions: The ids of the rules whose findings in force propose conditions backed
            by legal directions (level IV support), sorted, each once.
        error: Why the file could not be assessed: its first problem as
            ``line:col message``, or just the message when the file could not be read at
            all (``no such file``); ``None`` when it was assessed.
        report: The full report; ``None`` when no check could run (the file is missing
            or unreadable, its waiver file is broken, no ruleset is in force on its date).
            A document that is not valid has a report holding its problems.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    ccg: str | None = None
    as_of: dt.date | None = None
    ruleset: str | None = None
    outcome: str | None = None
    conditions: int = 0
    risk: str | None = None
    population: int | None = None
    directions: tuple[str, ...] = ()
    error: str | None = None
    report: Report | None = None


class Wave(BaseModel):
    """The rows of a wave, one per file, in sorted path order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rows: tuple[WaveRow, ...]

    @property
    def reports(self) -> tuple[Report, ...]:
        """The reports of the rows that have one, in row order."""
        return tuple(row.report for row in self.rows if row.report is not None)


def _is_document_name(name: str) -> bool:
    return (
        name.endswith(DOCUMENT_SUFFIXES) and not name.endswith(WAIVER_SUFFIXES) and not name.startswith(".")
    )


def expand(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """Return the files to assess: files as given, directories expanded, sorted, each once.

    A directory stands for its own ``*.yaml`` and ``*.yml`` files (not those of its
    subdirectories), leaving out waiver files (``*.waivers.yaml``) and hidden files such
    as ``.ccg-rules.yaml``. A path that is neither a directory nor an existing file is
    kept, so that it becomes an error row. Paths keep the form given: ``wave`` gives
    ``wave/a.yaml`` (and ``.`` gives ``a.yaml``).
    """
    files: set[str] = set()
    for given in [paths] if isinstance(paths, str | os.PathLike) else paths:
        path = os.fspath(given)
        if os.path.isdir(path):
            folder = "" if os.path.normpath(path) == "." else path  # "." gives "a.yaml", not "./a.yaml"
            try:
                with os.scandir(path) as entries:
                    files.update(
                        os.path.join(folder, e.name)
                        for e in entries
                        if _is_document_name(e.name) and _listed(e)
                    )
            except OSError:
                files.add(path)  # an unreadable folder is an error row of its own
        else:
            files.add(path)
    return sorted(files)


def _listed(entry: os.DirEntry[str]) -> bool:
    """Whether a folder entry is a file to assess.

    An entry that cannot be examined (a symbolic link loop, say) is kept, so that it becomes
    an error row rather than stopping the wave.
    """
    try:
        return entry.is_file()
    except OSError:
        return True


def _first_problem(report: Report) -> str:
    first = report.findings[0]
    return f"{first.location.line}:{first.location.column} {first.message}"


def row_for(report: Report, *, file: str | None = None, population: int | None = None) -> WaveRow:
    """Return the wave row of a report made by `ccg_rules.check`.

    Args:
        report: The report.
        file: The file name for the row (default: the report's own, else ``<document>``).
        population: The registered population (default: the report's own).
    """
    doc = report.document
    error = None if report.valid else _first_problem(report) if report.findings else "not assessed"
    directions = sorted({f.rule_id for f in report.in_force if f.consequence is Consequence.DIRECTIONS})
    risk = report.configuration_risk
    return WaveRow(
        file=file or doc.file or "<document>",
        ccg=doc.name,
        as_of=doc.as_of,
        ruleset=f"{report.ruleset.id}@{report.ruleset.version}" if report.ruleset else None,
        outcome=None if error else report.outcome.value,
        conditions=len(report.conditions),
        risk=risk.rating.value if risk is not None else None,
        population=population if population is not None else doc.population,
        directions=tuple(directions),
        error=error,
        report=report,
    )


def _message(file: str, exc: CcgRulesError) -> str:
    """The error's text without a leading ``file: `` (the row already names the file)."""
    text = " ".join(str(exc).split("\n", 1)[0].split())
    return text.removeprefix(f"{file}: ")


class _Options(NamedTuple):
    """How every document of a wave is checked (the arguments of `ccg_rules.check`)."""

    ruleset: str | None = None
    as_of: dt.date | None = None
    engine: EngineName = "python"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def assess_one(
    file: str,
    ruleset: str | None = None,
    as_of: dt.date | None = None,
    *,
    engine: EngineName = "python",
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
) -> WaveRow:
    """Assess one file of a wave: a row, never an exception for a bad file.

    Args:
        file: The document's path, as it should appear in the row and in locations.
        ruleset: As for `ccg_rules.check`.
        as_of: As for `ccg_rules.check`.
        engine: As for `ccg_rules.check`.
        select: As for `ccg_rules.check`.
        ignore: As for `ccg_rules.check`.

    Raises:
        RulesetError: The ruleset is broken (a problem with the run, not the file).
        EngineError: The engine is unavailable.
        UnknownRuleError: A ``select`` or ``ignore`` entry names nothing in the ruleset.
    """
    from ccg_rules.errors import (
        DocumentError,
        EngineError,
        RulesetError,
        SelectionError,
        UnknownRuleError,
        WaiverFileError,
    )

    try:
        loaded = load_document(file)
        own = beside(file)
        report = check(
            loaded,
            ruleset=ruleset,
            as_of=as_of,
            engine=engine,
            select=select,
            ignore=ignore,
            waivers=own if own.is_file() else False,
        )
    except WaiverFileError as exc:
        return WaveRow(file=file, error=f"waiver file {_message(file, exc)}")
    except UnknownRuleError:
        raise  # the same for every file: a problem with the run
    except (DocumentError, SelectionError) as exc:
        return WaveRow(file=file, error=_message(file, exc))
    except (RulesetError, EngineError):
        raise  # the same for every file
    except Exception as exc:  # a bug: this file's row says so, and the rest of the wave goes on
        return WaveRow(
            file=file, error=f"internal error (a bug in ccg-rules; please report it): {type(exc).__name__}"
        )
    return row_for(report, file=file)


def _entries(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """``select``/``ignore`` as a tuple (picklable for worker processes)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _known(ruleset: str) -> None:
    """Raise `SelectionError` unless ``ruleset`` names a bundled ruleset (and version) or a file."""
    from ccg_rules.rules.catalog import family_versions, select_ruleset

    if ruleset.endswith(DOCUMENT_SUFFIXES) or "/" in ruleset or "@" in ruleset:
        select_ruleset(ruleset, dt.date.today())  # the date matters only for an unpinned id
    else:
        family_versions(ruleset)


def _assess_task(task: tuple[str, _Options]) -> WaveRow:
    file, options = task
    return assess_one(
        file,
        options.ruleset,
        options.as_of,
        engine=options.engine,
        select=options.select,
        ignore=options.ignore,
    )


def _serial(tasks: list[tuple[str, _Options]]) -> Iterator[WaveRow]:
    for task in tasks:
        yield _assess_task(task)


def _parallel(tasks: list[tuple[str, _Options]], jobs: int) -> Iterator[WaveRow]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Workers are started fresh ("spawn"), the same on every platform: forking a process
    # that may have threads is unsafe (Python 3.12 warns about it). Each worker reads the
    # rulesets once; that start-up cost is why a pool pays off only for large waves.
    yield _assess_task(tasks[0])
    rest = tasks[1:]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(_assess_task, rest, chunksize=max(1, len(rest) // (jobs * 4)))


def wave_rows(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    ruleset: str | None = None,
    as_of: dt.date | None = None,
    jobs: int | None = None,
    engine: EngineName = "python",
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
) -> tuple[int, Iterator[WaveRow]]:
    """Assess every document of a wave one at a time: the rows as they are made.

    The arguments are those of `assess_wave` (without ``progress``), checked at once. The
    rows come in sorted path order, each with its report, and nothing here keeps them: a
    caller that keeps only what it needs of each (as ``ccg-rules assess`` does) holds one
    report at a time, however large the wave.

    Returns:
        How many files there are, and their rows, to be taken one by one.

    Raises:
        As `assess_wave`: ``ValueError`` and a bad ``ruleset`` at once, the other errors
        of the run (not of one file) while the rows are taken.
    """
    if jobs is not None and jobs < 0:
        raise ValueError(f"jobs must be 0 or more, not {jobs}")
    if ruleset is not None:
        _known(ruleset)
    files = expand([paths] if isinstance(paths, str | os.PathLike) else paths)
    options = _Options(ruleset, as_of, engine, _entries(select), _entries(ignore))
    tasks = [(file, options) for file in files]
    workers = (os.cpu_count() or 1) if jobs == 0 else (jobs or 1)
    rows = _parallel(tasks, workers) if workers > 1 and len(tasks) > 1 else _serial(tasks)
    return len(tasks), rows


def assess_wave(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    ruleset: str | None = None,
    as_of: dt.date | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    engine: EngineName = "python",
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
) -> Wave:
    """Assess every CCG document of a wave.

    Args:
        paths: Documents and directories (one path alone may be given as it is). A
            directory stands for its own ``*.yaml`` and ``*.yml`` files, not those of
            its subdirectories, leaving out waiver files (``*.waivers.yaml``) and hidden
            files (see `expand`). The same path given twice is assessed once.
        ruleset: As for `ccg_rules.check`: ``None`` for the version of the default
            ruleset in force on each document's date, ``ID``, ``ID@VERSION`` or a file.
        as_of: Judge every document as of this date instead of its own ``as_of``.
        jobs: How many worker processes to use. ``None`` or ``1`` checks the documents
            one after another in this process; more uses a process pool of that size
            (``0`` for one per CPU). Each worker pays the start-up cost of reading the
            rulesets, so a pool pays off only for large waves; the rows are the same.
        progress: Called as ``progress(done, total)`` after each file.
        engine: ``python`` (default) or ``durable``, as for `ccg_rules.check`.
        select: Run only these rules (rule ids, id prefixes or domains), as for
            `ccg_rules.check`.
        ignore: Leave out these rules (same forms as ``select``).

    Returns:
        One row per file, in sorted path order. Each document's own waiver file
        (``<stem>.waivers.yaml``) applies, as with `ccg_rules.check`.

    Raises:
        SelectionError: ``ruleset`` names no bundled ruleset, version or file (a
            ruleset with no version in force on a document's date is that row's error).
        RulesetError: The ruleset is broken.
        EngineError: The evaluation engine is unavailable.
        UnknownRuleError: A ``select`` or ``ignore`` entry names nothing in the ruleset.
        ValueError: ``jobs`` is negative.
    """
    total, rows = wave_rows(
        paths, ruleset=ruleset, as_of=as_of, jobs=jobs, engine=engine, select=select, ignore=ignore
    )
    done: list[WaveRow] = []
    for row in rows:
        done.append(row)
        if progress is not None:
            progress(len(done), total)
    return Wave(rows=tuple(sorted(done, key=lambda row: row.file)))
