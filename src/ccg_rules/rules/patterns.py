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

from ccg_rules._record import Record
from ccg_rules.rules.ir import Pattern

_set = object.__setattr__

_SPECIAL = set(".[]{}?*+\\()|^$")
_SHORTHANDS = {"d": r"\d", "s": r"\s", "w": r"\w"}


class Atom(Record):
    """One pattern item: ``kind`` is ``literal``, ``any``, ``class`` or ``shorthand``."""

    _fields = ("kind", "value", "low", "high")
    __slots__ = _fields

    kind: str
    value: str  # the literal char, the class body (ranges expanded as written), or d/s/w
    low: int
    high: int | None  # None means unbounded

    def __init__(self, kind: str, value: str, low: int = 1, high: int | None = 1) -> None:
        _set(self, "kind", kind)
        _set(self, "value", value)
        _set(self, "low", low)
        _set(self, "high", high)


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
    if len(source) > MAX_PATTERN_CHARS:
        raise ValueError(f"a pattern may be at most {MAX_PATTERN_CHARS:,} characters long")
    atoms = tokenize(source)
    items = sum(a.low if a.high is None else a.high for a in atoms) + sum(1 for a in atoms if a.high is None)
    if items > MAX_PATTERN_ITEMS:
        raise ValueError(f"the pattern repeats too much: it stands for more than {MAX_PATTERN_ITEMS:,} items")
    # ASCII semantics: \d is 0-9, \w is A-Za-z0-9_, as in every engine's dialect.
    python = "(?a)" + "".join(_python_atom(a) for a in atoms)
    re.compile(python)
    return Pattern(source=source, python=python)


# --------------------------------------------------------------------------------------
# Matching in linear time

MAX_PATTERN_CHARS = 1_000
"""The longest pattern source accepted, in characters."""

MAX_PATTERN_ITEMS = 1_000
"""The most items a pattern may expand to (``a{3,5}`` is five), so matching stays cheap."""

_DFA_STATES = 4_096  # states a LinearPattern remembers before it starts afresh


class Matcher:
    """What `compile_pattern` returns."""

    def fullmatch(self, text: str) -> bool:  # pragma: no cover - an interface
        """Whether the whole of ``text`` matches."""
        raise NotImplementedError


class LinearPattern(Matcher):
    """A dialect pattern matched by simulating its automaton: time linear in the text.

    Python's backtracking ``re`` can take exponential time on a pattern with several
    variable-width items (twelve ``.*`` and then ``!``, on a string without ``!``). A
    pattern of the dialect has no groups or alternation, so it is a sequence of items each
    matched once, optionally, or any number of times; the set of items that may come next
    is tracked over the text, one step per character, and the steps are remembered as they
    are met (a lazy DFA over the classes of characters the items tell apart). Each item
    tests a character with Python's own ``re`` for that item alone, so the meaning is
    exactly that of `Pattern.python` under ``re.fullmatch``.
    """

    __slots__ = ("_accept", "_cache", "_chars", "_closures", "_cores", "_item_core", "_kinds", "_start")

    def __init__(self, atoms: list[Atom]) -> None:
        cores: list[str] = []
        item_core: list[int] = []  # each item's index in cores
        kinds: list[str] = []  # one, opt (may be skipped) or star (may repeat, may be skipped)
        for atom in atoms:
            core = _python_atom(Atom(atom.kind, atom.value))
            if core not in cores:
                cores.append(core)
            n = cores.index(core)
            extra = 1 if atom.high is None else atom.high - atom.low
            item_core += [n] * (atom.low + extra)
            kinds += ["one"] * atom.low + ["star" if atom.high is None else "opt"] * extra
        self._cores = [re.compile("(?a)" + c).fullmatch for c in cores]
        self._item_core = item_core
        self._kinds = kinds
        self._accept = len(kinds)
        closures: list[frozenset[int]] = []
        for i in range(len(kinds) + 1):
            j = i
            while j < len(kinds) and kinds[j] != "one":
                j += 1
            closures.append(frozenset(range(i, j + 1)))
        self._closures = closures
        self._start = closures[0]
        self._chars: dict[str, frozenset[int]] = {}  # character -> the cores it matches
        self._cache: dict[tuple[frozenset[int], frozenset[int]], frozenset[int]] = {}

    def _step(self, state: frozenset[int], hits: frozenset[int]) -> frozenset[int]:
        out: set[int] = set()
        for i in state:
            if i < self._accept and self._item_core[i] in hits:
                out |= self._closures[i] if self._kinds[i] == "star" else self._closures[i + 1]
        return frozenset(out)

    def fullmatch(self, text: str) -> bool:
        """Whether the whole of ``text`` matches."""
        state = self._start
        cache, chars = self._cache, self._chars
        for ch in text:
            hits = chars.get(ch)
            if hits is None:
                if len(chars) >= _DFA_STATES:
                    chars.clear()
                hits = chars[ch] = frozenset(n for n, test in enumerate(self._cores) if test(ch))
            key = (state, hits)
            nxt = cache.get(key)
            if nxt is None:
                if len(cache) >= _DFA_STATES:
                    cache.clear()
                nxt = cache[key] = self._step(state, hits)
            if not nxt:
                return False
            state = nxt
        return self._accept in state


class _Backtracking(Matcher):
    __slots__ = ("_rx",)

    def __init__(self, python: str) -> None:
        self._rx = re.compile(python)

    def fullmatch(self, text: str) -> bool:
        return self._rx.fullmatch(text) is not None


def compile_pattern(pattern: Pattern) -> Matcher:
    """Compile a pattern for matching whole strings, in time linear in the string.

    A pattern with at most one variable-width item (``*``, ``+``, ``?``, ``{n,m}``) cannot
    make Python's ``re`` backtrack more than linearly, and is compiled by ``re``; any other
    is a `LinearPattern`. Both give exactly the answer of ``re.fullmatch(pattern.python)``.
    """
    try:
        atoms = tokenize(pattern.source)
    except ValueError:  # not from parse_pattern: taken as the Python expression it holds
        return _Backtracking(pattern.python)
    if sum(1 for a in atoms if a.low != a.high) <= 1:
        return _Backtracking(pattern.python)
    return LinearPattern(atoms)
