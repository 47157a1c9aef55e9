"""The OSCAL files of a wave: the assessment results and the POA&M of each document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from ccg_rules.oscal._base import dumps
from ccg_rules.oscal.poam import poam
from ccg_rules.oscal.results import assessment_results
from ccg_rules.report import Report


def oscal_files(reports: Sequence[Report]) -> list[tuple[str, str]]:
    """``(file name, text)`` of each document's assessment results and POA&M, in order.

    The names are ``<stem>.assessment-results.json`` and ``<stem>.poam.json``, from the
    document's file name; a stem met again gets ``-2``, ``-3`` and so on, in the order of
    ``reports``.
    """
    used: dict[str, int] = {}
    return [file for report in reports for file in oscal_pair(report, used)]


def oscal_pair(report: Report, used: dict[str, int]) -> list[tuple[str, str]]:
    """``(file name, text)`` of one document's assessment results and POA&M (see `oscal_files`).

    Args:
        report: The document's report.
        used: How often each stem has been given so far; updated (the same dict for every
            report of a run, in order, gives the names `oscal_files` gives).
    """
    stem = PurePath(report.document.file or "document").stem or "document"
    used[stem] = used.get(stem, 0) + 1
    name = stem if used[stem] == 1 else f"{stem}-{used[stem]}"
    return [
        (f"{name}.assessment-results.json", dumps("assessment-results", assessment_results([report]))),
        (f"{name}.poam.json", dumps("plan-of-action-and-milestones", poam([report]))),
    ]
