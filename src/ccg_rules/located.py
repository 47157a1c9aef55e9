"""Validating plain data against a pydantic model, every problem a located `Diagnostic`.

Documents, rulesets, waiver files, fixtures and configuration files are all read the same
way: YAML to plain data (`ccg_rules._yaml`), plain data to a model, and each validation
error to a message at a line and column. `load_model` does the last two steps and returns
every problem, never only the first; `load_model_or_raise` is its raising twin. Each caller
keeps its own phrasing (``phrase``), so its messages stay as they were, and "did you mean"
is worked out in one place, `did_you_mean`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from ccg_rules._yaml import SourceMap, YamlProblem

__all__ = [
    "Diagnostic",
    "FromDiagnostics",
    "Issue",
    "Phrase",
    "closest",
    "default_phrase",
    "diagnostics",
    "did_you_mean",
    "from_yaml",
    "issues",
    "load_model",
    "load_model_or_raise",
    "locate",
    "model_at",
    "type_at",
    "unwrap",
]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem with a file, located in it.

    Attributes:
        code: Kebab-case problem code, e.g. ``unknown-key``.
        message: What is wrong, in words (no file or position).
        pointer: JSON Pointer of the node concerned (``""`` for the whole file).
        line: 1-based line, if known.
        column: 1-based column, if known.
        suggestion: The name the writer probably meant, if there is one.
        file: The file concerned, if known.
        located_pointer: The pointer actually found in the file: ``pointer`` itself, or its
            nearest ancestor when ``pointer`` is not there (a missing key).
        actual: The offending value as text, when the caller shows it.
    """

    code: str
    message: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    suggestion: str | None = None
    file: str | None = None
    located_pointer: str | None = None
    actual: str | None = None

    @property
    def where(self) -> str:
        """``file:line:column`` (``<input>`` for no file, ``1:1`` when no position is known)."""
        return f"{self.file or '<input>'}:{self.line or 1}:{self.column or 1}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Issue:
    """One validation error as pydantic reports it, before it is phrased.

    Attributes:
        kind: Pydantic's error type, e.g. ``extra_forbidden`` or ``missing``.
        loc: The path to the value, keys and list indexes.
        pointer: ``loc`` as a JSON Pointer (under the ``base`` given to `load_model`).
        message: Pydantic's message.
        input: The offending value.
        ctx: Pydantic's context for the error, if any.
    """

    kind: str
    loc: tuple[int | str, ...]
    pointer: str
    message: str
    input: object
    ctx: dict[str, Any] | None = None


Phrase = Callable[[Issue], "Diagnostic | Sequence[Diagnostic] | None"]
"""Turns an `Issue` into a caller's own diagnostic(s), unlocated; ``None`` leaves it out."""


def closest(word: str, choices: Iterable[str], *, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """Return the choices most like ``word``, best first (at most ``n``; none if nothing is close)."""
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the choice most like ``word``, or ``""`` if none is close.

    Examples:
        >>> did_you_mean("severty", ["severity", "title"])
        "; did you mean 'severity'?"
        >>> did_you_mean("zzz", ["severity"])
        ''
    """
    close = closest(word, choices)
    return f"; did you mean {close[0]!r}?" if close else ""


def type_at(loc: Sequence[int | str], model: type[BaseModel]) -> Any:
    """Return the type the value at ``loc`` must have, if known.

    List indexes are stepped over, and lists, optionals and annotations unwrapped.
    """
    import typing

    tp: Any = model
    for token in loc:
        if isinstance(token, int):
            continue
        field = tp.model_fields.get(token) if isinstance(tp, type) and issubclass(tp, BaseModel) else None
        if field is None:
            return None
        tp = unwrap(field.annotation)
        while typing.get_origin(tp) is list:
            tp = unwrap(typing.get_args(tp)[0])
    return tp


def model_at(loc: Sequence[int | str], model: type[BaseModel]) -> type[BaseModel] | None:
    """Return the model class whose field the last token of ``loc`` names, if known."""
    tp = type_at(loc[:-1], model)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def unwrap(tp: Any) -> Any:
    """Return ``X`` from ``X | None`` and ``Annotated[X, ...]``."""
    import types
    import typing

    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def default_phrase(issue: Issue) -> Diagnostic:
    """The plain phrasing of an issue: ``unknown key 'x'``, ``missing key 'x'``, or pydantic's words."""
    last = issue.loc[-1] if issue.loc else ""
    if issue.kind == "extra_forbidden":
        return Diagnostic("unknown-key", f"unknown key {last!r}", issue.pointer)
    if issue.kind == "missing":
        return Diagnostic("missing-key", f"missing key {last!r}", issue.pointer)
    return Diagnostic("invalid-value", issue.message, issue.pointer)


def issues(exc: ValidationError, base: str = "") -> list[Issue]:
    """Return every error of a pydantic `ValidationError` as an `Issue`, in pydantic's order."""
    from ccg_rules._yaml import pointer_of

    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(t for t in err["loc"] if isinstance(t, int | str))
        ctx = err.get("ctx")
        context = dict(ctx) if ctx else None
        out.append(Issue(err["type"], loc, pointer_of(loc, base), err["msg"], err.get("input"), context))
    return out


def from_yaml(problem: YamlProblem, file: str | None = None) -> Diagnostic:
    """Return a YAML loading problem as a diagnostic."""
    return Diagnostic(
        problem.code,
        problem.message,
        problem.pointer,
        problem.line,
        problem.column,
        file=file,
        located_pointer=problem.pointer,
    )


def locate(diagnostic: Diagnostic, source_map: SourceMap | None, file: str | None = None) -> Diagnostic:
    """Return ``diagnostic`` with its position (and file, if it has none) filled in from a source map."""
    if source_map is None:
        from ccg_rules._yaml import SourceMap

        source_map = SourceMap()
    found, pos = source_map.locate(diagnostic.pointer)
    return replace(
        diagnostic,
        line=pos.line if diagnostic.line is None else diagnostic.line,
        column=pos.column if diagnostic.column is None else diagnostic.column,
        file=diagnostic.file if diagnostic.file is not None else file,
        located_pointer=found if diagnostic.located_pointer is None else diagnostic.located_pointer,
    )


def diagnostics(
    exc: ValidationError,
    *,
    source_map: SourceMap | None = None,
    file: str | None = None,
    base: str = "",
    phrase: Phrase = default_phrase,
) -> list[Diagnostic]:
    """Return every problem of a `ValidationError`, phrased by ``phrase`` and located."""
    out: list[Diagnostic] = []
    for issue in issues(exc, base):
        said = phrase(issue)
        if said is None:
            continue
        for d in (said,) if isinstance(said, Diagnostic) else said:
            out.append(locate(d, source_map, file))
    return out


def load_model(
    data: object,
    model: type[M],
    *,
    source_map: SourceMap | None = None,
    file: str | None = None,
    base: str = "",
    phrase: Phrase = default_phrase,
) -> tuple[M | None, list[Diagnostic]]:
    """Validate plain data against a pydantic model, reporting every problem.

    Args:
        data: Plain data (as `ccg_rules._yaml.load_yaml` gives it, or JSON values).
        model: The pydantic model to validate against.
        source_map: Positions of the file's nodes (default: none, so every problem is at 1:1).
        file: The file name to put in each diagnostic.
        base: JSON Pointer of ``data`` within the file.
        phrase: Turns each validation error into the caller's diagnostic(s).

    Returns:
        ``(model, [])`` when the data is valid, else ``(None, diagnostics)`` with every
        problem located, in pydantic's order.

    Examples:
        >>> from pydantic import BaseModel, ConfigDict
        >>> class Point(BaseModel):
        ...     model_config = ConfigDict(extra="forbid")
        ...     x: int
        >>> value, problems = load_model({"y": 1}, Point)
        >>> value, [p.message for p in problems]
        (None, ["missing key 'x'", "unknown key 'y'"])
    """
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, diagnostics(exc, source_map=source_map, file=file, base=base, phrase=phrase)


class FromDiagnostics(Protocol):
    """An exception class that can be built from diagnostics (see `load_model_or_raise`)."""

    @classmethod
    def from_diagnostics(cls, file: str | None, problems: Sequence[Diagnostic]) -> Exception:
        """Return the exception for ``problems`` (at least one) found in ``file``."""
        ...


def load_model_or_raise(
    data: object,
    model: type[M],
    *,
    error: type[FromDiagnostics],
    source_map: SourceMap | None = None,
    file: str | None = None,
    base: str = "",
    phrase: Phrase = default_phrase,
) -> M:
    """`load_model`, raising one ``error`` that lists every problem, one ``file:line:col: message`` a line.

    Raises:
        Exception: ``error``, built by its ``from_diagnostics``, when the data does not fit.
    """
    value, problems = load_model(data, model, source_map=source_map, file=file, base=base, phrase=phrase)
    if value is None:
        raise error.from_diagnostics(file, problems)
    return value
