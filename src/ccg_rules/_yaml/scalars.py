"""Plain YAML scalars: kept as written (`Plain`), typed the YAML 1.2 way, or read as YAML 1.1 would."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Final

__all__ = ["NULLS", "Plain", "plain_key_issue", "resolve_plain", "yaml11_surprise"]

NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
"""The plain scalars YAML 1.2 reads as null."""
_NEED: Final = object()


class Plain(str):
    """A plain (unquoted, untagged) YAML scalar, kept as its exact source text.

    Typing is decided later by the schema of the field it lands in, so ``no``, ``on``, ``012``,
    ``1e3`` and ``2013-01-15`` stay exactly as written when a field wants a string.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Plain({str.__repr__(self)})"


_CORE_INT: Final = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_CORE_SPECIAL: Final[dict[str, object]] = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    **{
        s + inf: f
        for inf in (".inf", ".Inf", ".INF")
        for s, f in (("", math.inf), ("+", math.inf), ("-", -math.inf))
    },
    **{nan: math.nan for nan in (".nan", ".NaN", ".NAN")},
}


def resolve_plain(text: str) -> object:
    """Types a plain scalar by the YAML 1.2 core schema.

    Args:
        text: The scalar's source text.

    Returns:
        None, a bool, an int, a float, or ``text`` itself when it is a string. An integer with
        more digits than Python converts (4,300) is returned as ``text`` unchanged.
    """
    if text in NULLS:
        return None
    special = _CORE_SPECIAL.get(text, _NEED)
    if special is not _NEED:
        return special
    try:
        if _CORE_INT.fullmatch(text):
            base = {"0o": 8, "0x": 16}.get(text[:2], 10)
            return int(text[2:] if base != 10 else text, base)
        if _CORE_FLOAT.fullmatch(text):
            return float(text)
    except ValueError:
        pass
    return text


_Y11_BOOL: Final = re.compile(r"(?i:y|yes|on|true|n|no|off|false)")
_Y11_INT: Final = re.compile(
    r"[-+]?(?:0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+"
    r"|[1-9][0-9_]*(?::[0-5]?[0-9])+)"
)
_Y11_FLOAT: Final = re.compile(
    r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*"
    r"(?:[eE][-+][0-9]+)?|[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_EXPONENT: Final = re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+")
_Y11_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_Y11_TIMESTAMP: Final = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}"
    r":[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)


def _sexagesimal(text: str) -> float:
    sign = -1 if text.startswith("-") else 1
    total = 0.0
    for part in text.lstrip("+-").split(":"):
        total = total * 60 + float(part)
    return sign * total


def yaml11_surprise(text: str) -> str | None:
    """Says what a YAML 1.1 loader (such as PyYAML's default) would make of a plain scalar.

    Args:
        text: The plain scalar's source text.

    Returns:
        A short phrase such as ``"the boolean false"``, ``"the octal number 10"`` or
        ``"a date"`` when YAML 1.1 would not read ``text`` as a string, else None. Exponent
        forms without a dot (``1e3``), which YAML 1.1 tools disagree about and YAML 1.2 reads
        as numbers, are reported too.
    """
    if text in NULLS:
        return "null (no value)"
    if _Y11_BOOL.fullmatch(text):
        return "the boolean " + ("true" if text.lower() in ("y", "yes", "on", "true") else "false")
    if text == "<<":
        return "a merge key"
    if text == "=":
        return "a YAML 1.1 value key, which PyYAML refuses to load"
    digits = text.replace("_", "")
    try:
        if _Y11_INT.fullmatch(text):
            body = digits.lstrip("+-")
            sign = "-" if digits.startswith("-") else ""
            if ":" in digits:
                return f"the sexagesimal (base 60) number {int(_sexagesimal(digits))}"
            for prefix, base, name in (("0b", 2, "binary"), ("0x", 16, "hexadecimal")):
                if body.startswith(prefix):
                    return f"the {name} number {sign}{int(body[2:], base)}"
            if len(body) > 1 and body.startswith("0"):
                return f"the octal number {sign}{int(body, 8)}"
            return f"the integer {int(digits)}"
        if _Y11_FLOAT.fullmatch(text) or _EXPONENT.fullmatch(text):
            if "nan" in text.lower():
                return "not-a-number (NaN)"
            if "inf" in text.lower():
                return "minus infinity" if text.startswith("-") else "infinity"
            if ":" in digits:
                return f"the sexagesimal (base 60) number {_sexagesimal(digits)}"
            return f"the number {float(digits)}"
    except ValueError:
        return "a number"
    if _Y11_DATE.fullmatch(text):
        return "a date"
    if _Y11_TIMESTAMP.fullmatch(text):
        return "a timestamp"
    return None


@lru_cache(maxsize=4096)
def plain_key_issue(text: str) -> tuple[str, str] | None:
    """Returns ``(code, what it would be read as)`` for a plain key that is not a safe string."""
    if text == "<<":
        return "merge-key", ""
    if text in NULLS:
        return "non-string-key", "null"
    typed = resolve_plain(text)
    if isinstance(typed, bool):
        return "non-string-key", f"the boolean {str(typed).lower()}"
    if isinstance(typed, (int, float)):
        return "non-string-key", f"the number {typed}"
    surprise = yaml11_surprise(text)
    return None if surprise is None else ("non-string-key", f"{surprise} by YAML 1.1 tools")
