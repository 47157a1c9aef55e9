r"""Regex support for the durable-rules backend: dialect translation and shadow strings.

durable's ``$mt`` (``src/rules/regex.c``) compiles its own dialect to a DFA and matches
the whole string. It understands literal characters, ``.``, ``[...]`` and ``[^...]``
with ranges, ``%`` escapes (``%d %s %w %a %l %u %x %p %c %g``, and ``%`` before one of
``.|?*+()[]{}%``), ``? * +``, ``{n}``, ``{n,m}`` and ``{n,}`` (counts up to 100), groups
and ``|``. Measured against Python's ``re.fullmatch``, only a subset is dependable:

* JSON escapes are never decoded, so ``"``, ``\`` and control characters in a value
  are seen as two (or six) characters;
* ``.`` also matches a newline, and ``%w`` is ``[A-Za-z0-9]`` (no underscore);
* inside ``[...]`` a ``%d``-style escape discards the items before it, ``-`` may not come
  first and ``]`` must be written ``%]``; ``%$`` is a parse error;
* negated classes compile to "reject" states that conflict (error 507) or corrupt the
  heap in ordinary shapes such as ``[^a]?[^a]?``;
* the subset construction does not merge state sets properly: when one character can be
  consumed by two atoms at the same point (``a+[ab]``, ``x?x?``, ``.+ C``), it runs out
  of states (error 503) or corrupts the heap.

So durable only gets *deterministic* patterns (`is_deterministic`), written with
literals and *positive* classes under ``? * +`` and nested optional groups, and matched
against a *shadow* copy of the field. A field's alphabet is every character its patterns
name (literals, class members, ``\d \s \w`` in their ASCII meaning, and the newline that
``.`` excludes). The shadow keeps each alphabet character (those JSON escapes become
noncharacters) and turns every other character into `OTHER`. Characters outside
the alphabet are alike to every pattern of the field, so ``.`` and ``[^...]`` become
positive classes over the alphabet plus `OTHER`, and matching the shadow equals
matching the value. ``{n,m}`` becomes ``n`` copies then ``m - n`` nested optional ones
(``a{1,3}`` becomes ``a(a(a)?)?``), which keeps the pattern deterministic. The caller
evaluates the other patterns in Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ccg_rules.errors import PatternError

#: Stands for every character outside a field's alphabet in its shadow value.
OTHER = "\uffff"
_ESCAPED: dict[int, str] = {c: chr(0xFDD0 + c) for c in range(0x20)}
_ESCAPED[0x22] = "\U0001fffe"  # "
_ESCAPED[0x5C] = "\U0001ffff"  # backslash
_RESERVED = (
    set(range(0xD800, 0xE000)) | set(range(0xFDD0, 0xFDF0)) | {0xFFFE, 0xFFFF, 0x1FFFE, 0x1FFFF, 0x10FFFF}
)
_NEVER = "\U0010ffff"  # reserved, so never in a shadow value
_TOP_SPECIAL = frozenset(".|?*+()[]{}%")
_MAX_ALPHABET = 2000  # durable allows 4096 transitions per DFA state
_MAX_COPIES = 100
_SHORTHAND: dict[str, str] = {
    "d": "0123456789",
    "s": " \t\n\r\f\v",
    "w": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz",
}
_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}
_SIMPLE_QUANT: dict[str, tuple[int, int | None]] = {"?": (0, 1), "*": (0, None), "+": (1, None)}
_QUANT = re.compile(r"\?|\*|\+|\{(\d+)\}|\{(\d*),(\d*)\}")





# An atom: (negated, characters). Negated atoms match every character not listed.
_Atom = tuple[bool, frozenset[str]]


def _escape(source: str, i: int) -> tuple[str, int]:
    r"""Parse ``\x`` at ``source[i]``; return the characters it stands for."""
    if i + 1 >= len(source):
        raise PatternError(f"dangling backslash in {source!r}")
    ch = source[i + 1]
    if ch in _SHORTHAND:
        return _SHORTHAND[ch], i + 2
    if ch in _CONTROL:
        return _CONTROL[ch], i + 2
    if ch.isascii() and ch.isalnum():
        raise PatternError(f"unsupported escape \\{ch} in {source!r}")
    return ch, i + 2


def _class(source: str, i: int) -> tuple[_Atom, int]:
    """Parse ``[...]`` starting at ``source[i]``, following Python's rules."""
    i += 1
    negated = source.startswith("^", i)
    i += negated
    chars: set[str] = set()
    first = True
    while True:
        if i >= len(source):
            raise PatternError(f"unterminated character class in {source!r}")
        if source[i] == "]" and not first:
            return (negated, frozenset(chars)), i + 1
        first = False
        item, i = _escape(source, i) if source[i] == "\\" else (source[i], i + 1)
        if len(item) == 1 and source.startswith("-", i) and i + 1 < len(source) and source[i + 1] != "]":
            end, i = _escape(source, i + 1) if source[i + 1] == "\\" else (source[i + 1], i + 2)
            if len(end) != 1 or end < item:
                raise PatternError(f"bad character range in {source!r}")
            if ord(end) - ord(item) >= _MAX_ALPHABET:
                raise PatternError(f"character range too large for durable-rules in {source!r}")
            item = "".join(chr(c) for c in range(ord(item), ord(end) + 1))
        chars.update(item)


def parse(source: str) -> list[tuple[_Atom, int, int | None]]:
    """Split a portable-dialect pattern into (atom, min, max) triples (max None: unbounded)."""
    out: list[tuple[_Atom, int, int | None]] = []
    i = 0
    while i < len(source):
        ch = source[i]
        atom: _Atom
        if ch == "[":
            atom, i = _class(source, i)
        elif ch == ".":
            atom, i = (True, frozenset("\n")), i + 1
        elif ch == "\\":
            text, i = _escape(source, i)
            atom = (False, frozenset(text))
        elif ch in "?*+" or (ch == "{" and _QUANT.match(source, i)):
            raise PatternError(f"nothing to repeat at position {i} in {source!r}")
        elif ch in "()|^$":
            raise PatternError(f"{ch!r} is not part of the portable dialect: {source!r}")
        else:
            atom, i = (False, frozenset(ch)), i + 1
        low: int = 1
        high: int | None = 1
        m = _QUANT.match(source, i)
        if m:
            if m.group(0) in ("?", "*", "+"):
                low, high = _SIMPLE_QUANT[m.group(0)]
            elif m.group(1) is not None:
                low = high = int(m.group(1))
            else:
                low = int(m.group(2) or 0)
                high = int(m.group(3)) if m.group(3) else None
            if (high is not None and high < low) or max(low, high or 0) > _MAX_COPIES:
                raise PatternError(f"unsupported repetition {m.group(0)} in {source!r}")
            i = m.end()
            if _QUANT.match(source, i):
                raise PatternError(f"multiple repeat at position {i} in {source!r}")
        out.append((atom, low, high))
    return out


def alphabet(sources: Iterable[str]) -> frozenset[str]:
    """Every character the given patterns name; see the module docstring."""
    chars: set[str] = set()
    for source in sources:
        for (_, atom_chars), _, _ in parse(source):
            chars |= atom_chars
    if len(chars) > _MAX_ALPHABET or any(ord(c) in _RESERVED for c in chars):
        raise PatternError("patterns name too many (or reserved) characters for durable-rules")
    return frozenset(chars)


def _overlap(a: _Atom, b: _Atom) -> bool:
    (neg_a, chars_a), (neg_b, chars_b) = a, b
    if neg_a and neg_b:
        return True
    if neg_a or neg_b:
        positive, excluded = (chars_b, chars_a) if neg_a else (chars_a, chars_b)
        return not positive <= excluded
    return bool(chars_a & chars_b)


def _expand(source: str) -> list[tuple[_Atom, str, int]]:
    """The atoms as translated: (atom, "req" | "loop" | "chain", low or chain length)."""
    out: list[tuple[_Atom, str, int]] = []
    for atom, low, high in parse(source):
        if high is None:
            out += [(atom, "req", 1)] * max(low - 1, 0) + [(atom, "loop", min(low, 1))]
        else:
            out += [(atom, "req", 1)] * low + ([(atom, "chain", high - low)] if high > low else [])
    return out


def is_native(source: str, python: str) -> bool:
    r"""Whether ``$mt`` evaluates ``source`` exactly as ``re.fullmatch(python)`` does.

    The translation gives ``\d \s \w`` their ASCII meaning and ``.`` Python's default
    one; other Python semantics, and patterns durable cannot compile safely, are not.
    """
    try:
        flags = re.compile(python).flags
        if flags & (re.IGNORECASE | re.DOTALL | re.MULTILINE | re.VERBOSE):
            return False
        if re.search(r"\\[dsw]", source) and not flags & re.ASCII:
            return False
        return is_deterministic(source)
    except (re.error, PatternError):
        return False


def is_deterministic(source: str) -> bool:
    r"""Whether no character can be consumed by two atoms at one point (as translated).

    This is the Glushkov-automaton test over the atoms as `translate_pattern`
    emits them; durable-rules compiles exactly such patterns without merging states.
    """
    positions: list[_Atom] = []
    follow: list[set[int]] = []
    start: set[int] = set()
    last: set[int] = set()  # positions a match of the prefix can end on
    nullable = True  # the prefix can match the empty string
    for atom, kind, count in _expand(source):
        first = len(positions)
        copies = count if kind == "chain" else 1
        for k in range(copies):
            positions.append(atom)
            follow.append({first} if kind == "loop" else set())
            if k:
                follow[first + k - 1].add(first + k)  # nested: only after the previous copy
        for p in last:
            follow[p].add(first)
        if nullable:
            start.add(first)
        mine = set(range(first, first + copies))
        skippable = kind == "chain" or (kind == "loop" and count == 0)
        last = (last | mine) if skippable else mine
        nullable = nullable and skippable
    for group in [start, *follow]:
        members = sorted(group)
        for i, p in enumerate(members):
            if any(_overlap(positions[p], positions[q]) for q in members[i + 1 :]):
                return False
    return True


def _symbol(ch: str) -> str:
    return _ESCAPED.get(ord(ch), ch)


def make_shadow(chars: frozenset[str]) -> Callable[[str], str]:
    """Return the function that maps a value to its shadow for the alphabet ``chars``."""
    others = (
        re.compile("[^" + "".join(re.escape(c) for c in sorted(chars)) + "]")
        if chars
        else re.compile(".", re.S)
    )
    table = {ord(c): _symbol(c) for c in chars if ord(c) in _ESCAPED}

    def shadow(value: str) -> str:
        return others.sub(OTHER, value).translate(table)

    return shadow


def _class_items(symbols: list[str]) -> str:
    """Render sorted symbols as the inside of a durable ``[...]`` class."""
    parts: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 3:
            parts.append(f"{run[0]}-{run[-1]}")
        else:
            parts.extend(run)
        run.clear()

    for sym in symbols:
        if sym in "]%-":
            flush()
            if sym != "-":
                parts.append("%" + sym)
            continue
        if run and ord(sym) != ord(run[-1]) + 1:
            flush()
        run.append(sym)
    flush()
    items = "".join(parts)
    if items.startswith("^"):  # '^' may not open a class
        items = _NEVER + items
    return items + ("-" if "-" in symbols else "")


def _render(atom: _Atom, chars: frozenset[str]) -> str:
    negated, atom_chars = atom
    members = (chars - atom_chars) if negated else (atom_chars & chars)
    symbols = sorted({_symbol(c) for c in members} | ({OTHER} if negated else set()), key=ord)
    if not symbols:
        raise PatternError("an atom matches nothing over its alphabet")  # pragma: no cover
    if len(symbols) == 1:
        return "%" + symbols[0] if symbols[0] in _TOP_SPECIAL else symbols[0]
    return "[" + _class_items(symbols) + "]"


def translate_pattern(source: str, chars: frozenset[str] | None = None) -> str:
    """Translate a portable-dialect pattern into durable's ``$mt`` dialect.

    The result matches the shadow (`make_shadow`) of a value for the alphabet
    ``chars``, which must include `alphabet` of ``source`` (the default).

    Raises:
        PatternError: ``source`` is outside the dialect or too large for durable.
    """
    if chars is None:
        chars = alphabet([source])
    out: list[str] = []
    for atom, kind, count in _expand(source):
        text = _render(atom, chars)
        if kind == "req":
            out.append(text)
        elif kind == "loop":
            out.append(text + ("+" if count else "*"))
        elif count == 1:
            out.append(text + "?")
        else:  # nested optional copies: a{0,2} -> (a(a)?)?
            out.append("(" + "(".join([text] * count) + ")?" * count)
    return "".join(out)
