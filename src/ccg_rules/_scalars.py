"""How a plain YAML scalar reads as each field type: the words and patterns, as plain data.

The document models (`ccg_rules.model.types`) and the fast path's validator
(`ccg_rules.fast.validate`, which must not import pydantic) read scalars the same way; both
take these definitions from here, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from typing import Final

INT: Final = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
"""A whole number as written: an optional sign, no leading zero."""

LEADING_ZERO: Final = re.compile(r"[-+]?0[0-9]+")
"""A number with a leading zero, which YAML 1.1 reads as octal."""

DECIMAL: Final = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
"""An amount as written: digits with an optional point, no exponent."""

DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A date as written, ``YYYY-MM-DD`` (whether it is a real day is checked apart)."""

TRUE: Final = frozenset({"true", "True", "TRUE"})
"""The words a yes/no field reads as true."""

FALSE: Final = frozenset({"false", "False", "FALSE"})
"""The words a yes/no field reads as false."""

MAX_DIGITS: Final = 30
"""The most digits a number may be written with before it is refused as too big, unread."""
