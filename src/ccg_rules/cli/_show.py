"""``ccg-rules check --show-settings``: every resolved setting, its value and where it came from."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ccg_rules._safe import visible

if TYPE_CHECKING:
    from ccg_rules.config import Config
    from ccg_rules.settings import Setting

MEANING = {  # what a default of None means, for --show-settings
    "ruleset": "the ruleset for each document's format, the version in force on its date",
    "waivers": "each document's own <stem>.waivers.yaml, if any",
    "select": "every rule",
    "ignore": "no rule",
    "output": "standard output",
    "stdin_filename": "<stdin>",
}


def run_options(args: argparse.Namespace) -> list[tuple[str, object]]:
    """The options of ``check`` that only the command line gives."""
    names = ("exit_zero", "output", "quiet", "statistics", "color", "exclude", "stdin_filename")
    return [(n, tuple(args.exclude) if n == "exclude" else getattr(args, n)) for n in names]


def render_settings(settings: dict[str, Setting], config: Config) -> str:
    """Every resolved setting with where it came from, as ``ruff --show-settings`` does."""

    def shown(name: str, value: object) -> str:
        if value is None:
            return f"({MEANING.get(name, 'none')})"
        if value is False and name == "waivers":
            return "(none: --no-waivers)"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, tuple):
            return ", ".join(str(v) for v in value) or "(none)"
        return str(value)

    rows = [("SETTING", "VALUE", "FROM")]
    rows += [(s.name, visible(shown(s.name, s.value)), visible(s.source)) for s in settings.values()]
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = [f"configuration file: {visible(config.file or '(none)')}"]
    lines += [f"{a.ljust(widths[0])}  {b.ljust(widths[1])}  {c}" for a, b, c in rows]
    return "".join(line + "\n" for line in lines)
