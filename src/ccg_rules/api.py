"""Small public helpers above `ccg_rules.check`: text, the raising twins, rulesets."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ccg_rules.engines import EngineName
from ccg_rules.errors import FindingsError, SelectionError
from ccg_rules.findings import Severity, SeverityName
from ccg_rules.pipeline.check import WaiverSource, check
from ccg_rules.pipeline.load import LoadedDocument, load_source, shown_name
from ccg_rules.report import Report
from ccg_rules.rules.catalog import DEFAULT_RULESET, family_versions, load_version, select_ruleset
from ccg_rules.rules.loading import load_ruleset_file
from ccg_rules.rules.ruleset import Ruleset

_LOAD_TEXT_HINT = (
    "; check_text() takes YAML text as str or bytes; to check a file, call ccg_rules.check(path)"
)


def check_text(
    text: str | bytes,
    *,
    filename: str | None = None,
    ruleset: str | None = None,
    as_of: dt.date | None = None,
    engine: EngineName = "python",
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    waivers: WaiverSource = None,
    generated_on: dt.date | None = None,
) -> Report:
    r"""Check one CCG document given as YAML text and return its report.

    The twin of `ccg_rules.check` for text rather than a file: the same options, the
    same report. Nothing is read from disk except the ruleset and a waiver file you name.

    Args:
        text: The document's YAML, as ``str`` or as the file's bytes (UTF-8; a byte
            order mark is allowed). A ``str`` is encoded as UTF-8; one holding a lone
            surrogate gives a ``DOC-ENCODING`` finding, as bad bytes would.
        filename: The file name to show in locations and in the report (``None``: no
            file). It is only a label: the file is neither read nor looked for.
        ruleset: As for `ccg_rules.check`.
        as_of: As for `ccg_rules.check`.
        engine: ``"python"`` (default) or ``"durable"``.
        select: As for `ccg_rules.check`.
        ignore: As for `ccg_rules.check`.
        waivers: A waiver file (or loaded `ccg_rules.waivers.Waivers`) to apply.
            Text has no waiver file of its own, so ``None`` (the default) and ``False``
            both apply none.
        generated_on: As for `ccg_rules.check`.

    Returns:
        The report, exactly as `ccg_rules.check` gives for a file with these bytes and
        this name (less the waiver file beside it).

    Raises:
        TypeError: ``text`` is neither ``str`` nor ``bytes`` (a path: use
            `ccg_rules.check`).
        SelectionError: As for `ccg_rules.check`.
        RulesetError: As for `ccg_rules.check`.
        EngineError: As for `ccg_rules.check`.
        WaiverFileError: As for `ccg_rules.check`.

    Examples:
        >>> import ccg_rules
        >>> report = ccg_rules.check_text("a: 1\na: 2\n", filename="inline.yaml")
        >>> report.valid, [(f.rule_id, str(f.location.file), f.location.line) for f in report.findings]
        (False, [('DOC-DUPLICATE-KEY', 'inline.yaml', 2)])
    """
    return check(
        _load_text(text, filename),
        ruleset=ruleset,
        as_of=as_of,
        engine=engine,
        select=select,
        ignore=ignore,
        waivers=waivers,
        generated_on=generated_on,
    )


def _load_text(text: str | bytes, filename: str | None) -> LoadedDocument:
    if isinstance(text, str):
        data = text.encode("utf-8", "surrogatepass")  # a lone surrogate: reported, not dropped
    elif isinstance(text, bytes):
        data = text
    else:
        raise TypeError(f"text must be str or bytes, not {type(text).__name__}{_LOAD_TEXT_HINT}")
    if filename is not None and not isinstance(filename, str):
        raise TypeError(f"filename must be str or None, not {type(filename).__name__}")
    return load_source(data, file=filename)


def validate(
    source: str | os.PathLike[str] | Mapping[str, Any] | LoadedDocument,
    *,
    fail_on: Severity | SeverityName = "error",
    ruleset: str | None = None,
    as_of: dt.date | None = None,
    engine: EngineName = "python",
    file: str | None = None,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    waivers: WaiverSource = None,
    generated_on: dt.date | None = None,
) -> Report:
    """Check one CCG document, and raise if any finding in force is at or above ``fail_on``.

    The raising twin of `ccg_rules.check`, as ``jsonschema.validate`` sits beside
    ``iter_errors``: for a script or a test that should stop on findings. The threshold
    means what ``ccg-rules check --fail-on`` means, so `validate` raises exactly when the
    command would exit 1 or, for a document that cannot be read as a CCG document
    (``DOC-*`` findings, at error severity), 2. Waived findings never count.

    Args:
        source: As for `ccg_rules.check`: a path, a mapping, or a `LoadedDocument`.
        fail_on: The lowest severity that fails: ``"error"`` (default), ``"warning"``
            or ``"info"``, or a `Severity`.
        ruleset: As for `ccg_rules.check`.
        as_of: As for `ccg_rules.check`.
        engine: As for `ccg_rules.check`.
        file: As for `ccg_rules.check`.
        select: As for `ccg_rules.check`.
        ignore: As for `ccg_rules.check`.
        waivers: As for `ccg_rules.check`.
        generated_on: As for `ccg_rules.check`.

    Returns:
        The report, when no finding in force is at or above ``fail_on`` (it may still
        hold findings below the threshold, and waived ones).

    Raises:
        FindingsError: Some finding in force is at or above ``fail_on``; the error
            carries the ``report`` and those ``findings``.
        ValueError: ``fail_on`` is not a severity.
        DocumentError: As for `ccg_rules.check`.
        TypeError: As for `ccg_rules.check`.
        SelectionError: As for `ccg_rules.check`.
        RulesetError: As for `ccg_rules.check`.
        EngineError: As for `ccg_rules.check`.
        WaiverFileError: As for `ccg_rules.check`.

    Examples:
        >>> import ccg_rules
        >>> ccg_rules.validate("examples/ccg-compliant.yaml").outcome  # doctest: +SKIP
        <Outcome.AUTHORISED: 'authorised'>
        >>> ccg_rules.validate("examples/ccg-noncompliant.yaml")  # doctest: +SKIP
        Traceback (most recent call last):
        ccg_rules.errors.FindingsError: examples/ccg-noncompliant.yaml: authorised_with_conditions; ...
    """
    threshold = _threshold(fail_on)
    report = check(
        source,
        ruleset=ruleset,
        as_of=as_of,
        engine=engine,
        file=file,
        select=select,
        ignore=ignore,
        waivers=waivers,
        generated_on=generated_on,
    )
    return _raise_for(report, threshold)


def validate_text(
    text: str | bytes,
    *,
    fail_on: Severity | SeverityName = "error",
    filename: str | None = None,
    ruleset: str | None = None,
    as_of: dt.date | None = None,
    engine: EngineName = "python",
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    waivers: WaiverSource = None,
    generated_on: dt.date | None = None,
) -> Report:
    r"""Check YAML text as `ccg_rules.check_text` does, and raise as `ccg_rules.validate` does.

    Args:
        text: As for `ccg_rules.check_text`.
        fail_on: As for `ccg_rules.validate`.
        filename: As for `ccg_rules.check_text`.
        ruleset: As for `ccg_rules.check`.
        as_of: As for `ccg_rules.check`.
        engine: As for `ccg_rules.check`.
        select: As for `ccg_rules.check`.
        ignore: As for `ccg_rules.check`.
        waivers: As for `ccg_rules.check_text`.
        generated_on: As for `ccg_rules.check`.

    Returns:
        The report, when no finding in force is at or above ``fail_on``.

    Raises:
        FindingsError: Some finding in force is at or above ``fail_on``.
        ValueError: ``fail_on`` is not a severity.
        TypeError: As for `ccg_rules.check_text`.
        SelectionError: As for `ccg_rules.check`.
        RulesetError: As for `ccg_rules.check`.
        EngineError: As for `ccg_rules.check`.
        WaiverFileError: As for `ccg_rules.check`.

    Examples:
        >>> import ccg_rules
        >>> try:
        ...     ccg_rules.validate_text("a: 1\na: 2\n", filename="inline.yaml")
        ... except ccg_rules.FindingsError as exc:
        ...     print(exc)  # doctest: +ELLIPSIS
        inline.yaml: not_assessed; 1 finding at or above error (1 error)
          inline.yaml:2:1: DOC-DUPLICATE-KEY The key 'a' appears twice in the top-level mapping: ...
    """
    threshold = _threshold(fail_on)
    report = check_text(
        text,
        filename=filename,
        ruleset=ruleset,
        as_of=as_of,
        engine=engine,
        select=select,
        ignore=ignore,
        waivers=waivers,
        generated_on=generated_on,
    )
    return _raise_for(report, threshold)


def _threshold(fail_on: Severity | SeverityName) -> Severity:
    try:
        return Severity(fail_on)
    except ValueError:
        choices = ", ".join(repr(s.value) for s in Severity)
        raise ValueError(f"fail_on must be one of {choices}, not {fail_on!r}") from None


def _raise_for(report: Report, threshold: Severity) -> Report:
    if report.at_or_above(threshold):
        raise FindingsError(report, threshold, _findings_message(report, threshold))
    return report


_SHOWN_FINDINGS = 3


def _printable(text: str, limit: int = 120) -> str:
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _findings_message(report: Report, fail_on: Severity) -> str:
    """`FindingsError`'s message: the file, outcome and counts, then the first few findings."""
    findings = report.at_or_above(fail_on)
    file = shown_name(report.document.file) if report.document.file is not None else "<text>"
    tally = {s: sum(f.severity is s for f in findings) for s in Severity}
    counts = ", ".join(f"{n} {s.value}{'' if n == 1 else 's'}" for s, n in tally.items() if n)
    noun = "finding" if len(findings) == 1 else "findings"
    lines = [f"{file}: {report.outcome.value}; {len(findings)} {noun} at or above {fail_on.value} ({counts})"]
    for f in findings[:_SHOWN_FINDINGS]:
        where = shown_name(f.location.file) if f.location.file is not None else file
        lines.append(f"  {where}:{f.location.line}:{f.location.column}: {f.rule_id} {_printable(f.message)}")
    if len(findings) > _SHOWN_FINDINGS:
        lines.append(f"  and {len(findings) - _SHOWN_FINDINGS} more (see .findings)")
    return "\n".join(lines)


def load_ruleset(spec: str | os.PathLike[str] = DEFAULT_RULESET, as_of: dt.date | None = None) -> Ruleset:
    """Load a ruleset version, compiled and checked.

    Args:
        spec: ``ID`` (the bundled ruleset: the version in force on ``as_of``, or the
            latest when ``as_of`` is not given), ``ID@VERSION``, or a path to a
            version file (any file it ``extends`` is read from the same folder).
        as_of: The date that picks the version when ``spec`` names no version.

    Returns:
        The resolved ruleset: its rules, parameters, domains and digest.

    Raises:
        SelectionError: Unknown ruleset or version, or none in force on ``as_of``.
        RulesetError: The ruleset is broken; the error names file, line and column.
    """
    text = os.fspath(spec)
    if text.endswith((".yaml", ".yml")) or os.sep in text or "/" in text:
        path = Path(text)
        if not path.is_file():
            raise SelectionError(f"ruleset file {text} does not exist")
        return load_ruleset_file(path, text)
    if as_of is None and "@" not in text:
        family = family_versions(text)
        return load_version(family[-1])
    return select_ruleset(text, as_of or dt.date.today())[0]
