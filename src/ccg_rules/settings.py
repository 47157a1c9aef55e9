"""Resolving each setting: from the command line, else the configuration file, else its default."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ccg_rules.config import Config


SETTINGS = ("ruleset", "as_of", "fail_on", "waivers", "select", "ignore", "format", "engine")
"""The settings a configuration file may give, in the order they are shown."""


@dataclass(frozen=True, slots=True)
class Setting:
    """One resolved setting.

    Attributes:
        name: The setting (snake case, as in `SETTINGS`).
        value: Its value.
        source: ``command line``, ``FILE:LINE:COLUMN`` of the configuration file, or ``default``.
    """

    name: str
    value: object
    source: str


def resolve(
    given: Mapping[str, object], config: Config, defaults: Mapping[str, object]
) -> dict[str, Setting]:
    """Each setting from the command line, else from the configuration file, else its default.

    Args:
        given: Values from the command line; ``None`` means not given.
        config: The configuration file's settings.
        defaults: The built-in default of each setting.
    """
    where = dict(config.where)
    out: dict[str, Setting] = {}
    for name in (*SETTINGS, *(k for k in given if k not in SETTINGS)):
        value = given.get(name)
        if value is not None:
            out[name] = Setting(name, value, "command line")
        elif name in SETTINGS and getattr(config, name) is not None:
            out[name] = Setting(name, getattr(config, name), where.get(name, config.file or "configuration"))
        else:
            out[name] = Setting(name, defaults.get(name), "default")
    return out
