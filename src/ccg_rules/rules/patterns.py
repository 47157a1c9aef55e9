r"""The portable string-pattern dialect of the rule language.

A pattern always matches the *whole* string. It may use:

* literal characters (escape ``. [ ] { } ? * + \ ( ) | ^ $`` with a backslash);
* ``.`` for any character;
* ``\d`` (digit), ``\s`` (space), ``\w`` (letter, digit or ``_``);
* classes such as ``[A-Z]``, ``[0-9A-F]`` or ``[a-z ]`` (ranges and literals; no negation);
* a quantifier after any single item: ``?``, ``*``, ``+``, ``{n}`` or ``{n,m}``.

Groups, alternation and anchors are not part of it, so that every engine can
implement it exactly. `parse_pattern` turns the source into tokens and an
equivalent Python expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ccg_rules.rules.ir import Pattern

_SPECIAL = set(".[]{}?*+\\()|^$")
_SHORTHANDS = {"d": r"\d", "s": r"\s", "w": r"\w"}


@dataclass(frozen=True, slots=True)
class Atom:
    """One pattern item: ``kind`` is ``literal``, ``any``, ``class`` or ``shorthand``."""

    kind: str
    value: str  # the literal char, the class body (ranges expanded as written), or d/s/w
    low: int = 1
    high: int | None = 1  # None means unbounded


def tokenize(source: str) -> list[Atom]:
    """Split ``source`` into atoms with their repetition bounds.

    Raises:
        ValueError: The pattern uses something outside the dialect.
    """
    atoms: list[Atom] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            if i + 1 >= len(source):
                raise ValueError("pattern ends with a lone backslash")
            nxt = source[i + 1]
            if nxt in _SHORTHANDS:
                atoms.append(Atom("shorthand", nxt))
            elif nxt in _SPECIAL or nxt in "-/ ":
                atoms.append(Atom("literal", nxt))
            else:
                raise ValueError(f"unknown escape \\{nxt}")
            i += 2
        elif ch == "[":
            end = source.find("]", i + 1)
            if end == -1:
                raise ValueError("unclosed [ in pattern")
            body = source[i + 1 : end]
            if not body or body.startswith("^"):
                raise ValueError("character classes must be non-empty and cannot be negated")
            _check_class(body)
            atoms.append(Atom("class", body))
            i = end + 1
        elif ch == ".":
            atoms.append(Atom("any", "."))
            i += 1
        elif ch in "?*+{":
            if not atoms or atoms[-1].low != 1 or atoms[-1].high != 1:
                raise ValueError(f"quantifier {ch!r} must follow a single item")
            i = _quantify(source, i, atoms)
        elif ch in _SPECIAL:
            raise ValueError(f"{ch!r} is not part of the pattern dialect (escape it with \\)")
        else:
            atoms.append(Atom("literal", ch))
            i += 1
    return atoms


def _check_class(body: str) -> None:
    j = 0
    while j < len(body):
        if body[j] == "\\":
            if j + 1 >= len(body) or (body[j + 1] not in _SHORTHANDS and body[j + 1] not in "]-\\"):
                raise ValueError(f"unknown escape in class [{body}]")
            j += 2
        elif j + 2 < len(body) and body[j + 1] == "-":
            if body[j] > body[j + 2]:
                raise ValueError(f"bad range {body[j : j + 3]} in class [{body}]")
            j += 3
        else:
            j += 1


def _quantify(source: str, i: int, atoms: list[Atom]) -> int:
    ch = source[i]
    last = atoms.pop()
    if ch == "?":
        low, high, i = 0, 1, i + 1
    elif ch == "*":
        low, high, i = 0, None, i + 1
    elif ch == "+":
        low, high, i = 1, None, i + 1
    else:
        m = re.match(r"\{(\d{1,2})(?:,(\d{1,2}))?\}", source[i:])
        if not m:
            raise ValueError("write counted repetition as {n} or {n,m} (up to 99)")
        low = int(m.group(1))
        high = int(m.group(2)) if m.group(2) is not None else low
        if high < low or high == 0:
            raise ValueError(f"bad repetition {m.group(0)}")
        i += m.end()
    atoms.append(Atom(last.kind, last.value, low, high))
    return i


def _python_atom(atom: Atom) -> str:
    if atom.kind == "literal":
        core = re.escape(atom.value)
    elif atom.kind == "any":
        core = "."
    elif atom.kind == "shorthand":
        core = _SHORTHANDS[atom.value]
    else:
        core = f"[{atom.value}]"
    if (atom.low, atom.high) == (1, 1):
        return core
    if atom.high is None:
        return core + ("*" if atom.low == 0 else "+" if atom.low == 1 else f"{{{atom.low},}}")
    if atom.low == atom.high:
        return f"{core}{{{atom.low}}}"
    return f"{core}{{{atom.low},{atom.high}}}"


def parse_pattern(source: str) -> Pattern:
    """Check ``source`` against the dialect and return it with its Python equivalent.

    Raises:
        ValueError: The pattern uses something outside the dialect.
    """
    atoms = tokenize(source)
    # ASCII semantics: \d is 0-9, \w is A-Za-z0-9_, as in every engine's dialect.
    python = "(?a)" + "".join(_python_atom(a) for a in atoms)
    re.compile(python)
    return Pattern(source=source, python=python)
