"""The fast path's rules: each bundled version cut down to what a text check reads of it.

A compiled file (`ccg_rules.rules.compiled`) holds every field of every rule, so that the
full path can rebuild its pydantic models from it: citations, rationale, criteria, the
condition as written. A text check on the fast path reads only each rule's id, severity,
consequence, parsed condition and templates, and the ruleset's digest and parameters.
This module writes just those, for each bundled version, as one line of JSON (in the
compiled files' encoding; never pickle: nothing in the file is executed) at
``fast/rules/<ruleset id>/<version>.json``, about a third of the compiled file's size.

A file is trusted only by its SHA-256: `ccg_rules.fast.bundle` records each file's
digest beside the version, and the bundle itself is believed only while every version
file of the family hashes as when it was written. A file that is missing, damaged or
differs from its digest is not read (`read` returns ``None``, and the caller takes the
full path). ``python -m ccg_rules.fast.bundle --write`` writes these files with the bundle;
``tests/test_fast_rules.py`` fails while either is stale.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ccg_rules.errors import StaleError
from ccg_rules.rules.compiled import encode_value, object_hook
from ccg_rules.rules.ir import Condition
from ccg_rules.rules.templates import Template

if TYPE_CHECKING:
    from ccg_rules.rules.ruleset import Ruleset

FORMAT = "ccg-rules-fast-rules/1"
"""The format of a fast rules file; a file of another format is not read."""

FOLDER = Path(__file__).with_name("rules")


def path_of(ruleset_id: str, version: str) -> Path:
    """Where the fast rules file of one bundled version lives."""
    return FOLDER / ruleset_id / f"{version}.json"


def text_of(ruleset: Ruleset) -> str:
    """The fast rules file's text for a ruleset version loaded on the full path."""
    body = {
        "format": FORMAT,
        "id": ruleset.id,
        "version": ruleset.version,
        "digest": ruleset.digest,
        "parameters": encode_value(ruleset.model_dump(include={"parameters"})["parameters"]),
        "rules": [
            [
                rule.id,
                rule.severity.value,
                rule.consequence.value,
                encode_value(rule._parsed.condition),
                encode_value(dict(rule._templates)),
            ]
            for rule in ruleset.rules
        ],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n"


def digest_of(data: bytes) -> str:
    """The SHA-256 a fast rules file is recorded by."""
    return hashlib.sha256(data).hexdigest()


class Parsed:
    """A rule's condition, where matching and wording look for it (``rule._parsed.condition``)."""

    __slots__ = ("condition",)

    def __init__(self, condition: Condition) -> None:
        self.condition = condition


class FastRule:
    """What matching and wording read of a rule, and what the text needs (its severity and consequence)."""

    __slots__ = ("_parsed", "_templates", "consequence", "id", "severity")

    def __init__(
        self,
        rule_id: str,
        severity: str,
        consequence: str,
        condition: Condition,
        templates: Mapping[str, Template],
    ) -> None:
        self.id = rule_id
        self.severity = severity
        self.consequence = consequence
        self._parsed = Parsed(condition)
        self._templates = templates


class FastRules:
    """One bundled version's rules as the fast path runs them.

    Attributes:
        id: The ruleset id.
        version: The version.
        digest: The ruleset's digest (`ccg_rules.rules.ruleset.Ruleset.digest`).
        rules: The rules, in the ruleset's order.
        parameters: The ruleset's parameters, for ``{param.NAME}`` in messages.
    """

    __slots__ = ("digest", "id", "parameters", "rules", "version")

    def __init__(
        self,
        ruleset_id: str,
        version: str,
        digest: str,
        rules: tuple[FastRule, ...],
        parameters: Mapping[str, object],
    ) -> None:
        self.id = ruleset_id
        self.version = version
        self.digest = digest
        self.rules = rules
        self.parameters = parameters


def _no_facts(kind: str, name: str) -> object:
    raise KeyError(name)  # the file holds no fact types: one that does is not of this format


def read(path: Path, digest: str) -> FastRules | None:
    """The fast rules in ``path``, or ``None`` when it is missing, damaged or not the file of ``digest``."""
    try:
        raw = path.read_bytes()
        if digest_of(raw) != digest:
            return None
        data: Any = json.loads(raw, object_hook=object_hook(_no_facts))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        rules = tuple(FastRule(str(i), str(s), str(c), cond, tpl) for i, s, c, cond, tpl in data["rules"])
        if not all(isinstance(r._parsed.condition, Condition) for r in rules):
            return None
        head = (str(data["id"]), str(data["version"]), str(data["digest"]))
        return FastRules(*head, rules, dict(data["parameters"]))
    except (OSError, KeyError, TypeError, ValueError, StaleError):
        return None
