r"""Output safety: text taken from documents, waiver files and rulesets, made safe for each sink.

Every renderer and every message passes such text through one of these functions, so that
no input can write a terminal escape, forge a ``file:line:col`` line, inject a GitHub
workflow command, a spreadsheet formula, Markdown or HTML structure, break XML 1.0, or
turn a ``javascript:`` URL into a link.

The characters treated as unsafe are a fixed list (not the Unicode database, which
changes between Python versions), so the same input gives the same bytes everywhere:
C0 and C1 control characters and DEL, lone surrogates, U+FFFE and U+FFFF, the line and
paragraph separators, the bidirectional and zero-width format characters, the
interlinear annotation characters and the invisible tag characters (U+E0000 to U+E007F).
`visible` writes each as a Python-style escape (``\x1b``, ``\n``, ``\u202e``), so it
stays visible and the text stays one line. A backslash is left as it is.
"""

from __future__ import annotations

import re

_UNSAFE = (
    "\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\ufffe\uffff\U000e0000-\U000e007f"
)
# Patterns are strings, compiled on first use (by the re module's cache), so that importing
# this module costs nothing on the start-up path of the command line.
_UNSAFE_RE = f"[{_UNSAFE}]"
_JSON_RAW_RE = f"[{_UNSAFE[len(chr(0) + '-' + chr(0x1F)) :]}]"
"""The unsafe characters but C0, which JSON escapes in strings (and its layout uses)."""
_NOT_XML_RE = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
"""What XML 1.0 does not allow in a document (and lone surrogates)."""


def _escape(match: re.Match[str]) -> str:
    return ascii(match.group())[1:-1]


def visible(text: str) -> str:
    r"""``text`` with every unsafe character written as an escape: one line, no terminal codes.

    >>> visible("a\nb\x1b[31m")
    'a\\nb\\x1b[31m'
    """
    return re.sub(_UNSAFE_RE, _escape, text)


def shown(text: str) -> str:
    """A message for a terminal: each of its lines made `visible` (its own line breaks kept)."""
    return "\n".join(visible(line) for line in text.split("\n"))


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character `visible` would escape."""
    return re.search(_UNSAFE_RE, text) is not None


def xml_text(text: str) -> str:
    r"""``text`` with every character XML 1.0 forbids written as a visible escape (``\x00``)."""
    return re.sub(_NOT_XML_RE, _escape, text)


def excerpt(text: str, limit: int = 40) -> str:
    """A short, quoted and escaped excerpt of ``text`` for a message (cut to ``limit`` characters)."""
    shown = visible(text)
    return "'" + (shown if len(shown) <= limit else shown[: limit - 1] + "…") + "'"


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(text: str) -> str:
    r"""JSON text with every unsafe character inside its strings written as ``\uXXXX``.

    The data is unchanged (a parser reads the same strings back); only the bytes differ,
    so that no C1 control, separator or bidirectional character is written raw.
    """
    return re.sub(_JSON_RAW_RE, _json_escape, text)


_KEY_LIKE_RE = r"[A-Za-z][A-Za-z0-9_-]{0,39}"


def key_name(key: object) -> str | None:
    """``key`` quoted for a message when it looks like the name of a key, else ``None``.

    A key from a file that may not be ours at all (a configuration file's ``waivers:``
    pointing elsewhere) is named only when it is a short word, so that a message never
    echoes a line of someone else's file (a password hash, a token).
    """
    text = str(key)
    return repr(text) if re.fullmatch(_KEY_LIKE_RE, text) else None


# ------------------------------------------------------------------------------ GitHub


def github_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped as the runner expects."""
    text = re.sub(_UNSAFE_RE, lambda m: m.group() if m.group() in "\r\n" else _escape(m), text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A workflow command's property value: as `github_data`, and ``:`` and ``,`` too."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(text: str) -> str:
    """A plain log line that the runner cannot take for a command (``::x::`` or ``##[x]``)."""
    text = visible(text).replace("##[", "##%5B")
    rest = text.lstrip()
    if rest.startswith("::"):
        text = text[: len(text) - len(rest)] + "%3A" + rest[1:]
    return text


# ------------------------------------------------------------------------------ CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_field(text: str) -> str:
    """One CSV field: a formula start guarded (OWASP), then quoted as RFC 4180 requires.

    A field that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
    given a leading single quote, so that a spreadsheet shows it as text. Unsafe
    characters are shown escaped, as everywhere else.
    """
    if text.startswith(_FORMULA_START):
        text = "'" + text
    text = visible(text)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


# ------------------------------------------------------------------------------ Markdown

_MD_ALWAYS = r"([\\`*\[\]<>|~#&])"


def markdown_text(text: str) -> str:
    """Text for a Markdown paragraph, heading or table cell: nothing in it is structure.

    Unsafe characters are shown escaped (so there is no line break), and every character
    Markdown (GitHub Flavored) gives a meaning inline is backslash-escaped; ``_`` is left
    alone between two letters or digits, where it cannot start emphasis.
    """
    text = re.sub(_MD_ALWAYS, r"\\\1", visible(text))
    if "_" not in text:
        return text
    out = []
    for i, ch in enumerate(text):
        if ch == "_" and not (0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()):
            out.append("\\_")
        else:
            out.append(ch)
    return "".join(out)


def markdown_code(text: str) -> str:
    """``text`` as a Markdown code span (fenced by enough backticks), safe in a table cell."""
    # A table cell ends at a pipe not escaped by a backslash, and a backslash escapes the
    # next character: so the backslashes before a pipe are doubled, then the pipe escaped.
    text = re.sub(r"(\\*)\|", lambda m: m.group(1) * 2 + "\\|", visible(text))
    longest = max((len(m) for m in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_link(label: str, url: str | None) -> str:
    """``[label](url)`` when `web_url` accepts ``url``, else the label alone (both escaped)."""
    from urllib.parse import quote

    safe = web_url(url)
    text = markdown_text(label)
    return f"[{text}]({quote(safe, safe=_URL_SAFE)})" if safe else text


# ------------------------------------------------------------------------------ HTML and URLs

_URL_SAFE = ":/?#[]@!$&'*+,;=%-._~"


def html_text(text: str) -> str:
    """Text for HTML content or a quoted attribute: escaped, unsafe characters shown."""
    from html import escape as _html_escape

    return _html_escape(visible(text), quote=True)


def web_url(url: str | None) -> str | None:
    """``url`` when it is an ``http`` or ``https`` URL with a host, else ``None``.

    Only such URLs ever become links (in HTML, Markdown and SARIF's ``helpUri``): a
    ``javascript:``, ``data:`` or ``file:`` URL from a ruleset is shown as text, if at all.
    """
    if not url or has_unsafe(url) or any(c.isspace() for c in url):
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def unique_name(stem: str, taken: set[str], *, prefix: str = "", suffix: str = "") -> str:
    """``prefix + stem + suffix``, else with ``-2``, ``-3``, ... after the stem: the first not in ``taken``.

    The name returned joins ``taken``, so that names made one after another never repeat
    (HTML anchors, the file names of per-document pages).
    """
    name, n = f"{prefix}{stem}{suffix}", 2
    while name in taken:
        name, n = f"{prefix}{stem}-{n}{suffix}", n + 1
    taken.add(name)
    return name
