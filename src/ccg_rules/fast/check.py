"""The fast path: a valid document checked, and its text block written, without pydantic.

``ccg-rules check`` runs on every commit, and importing pydantic alone costs more than the
whole run may. So for the common case (text output, the bundled rulesets, the Python engine,
no selection and no waivers) the command line first tries this path. It reads the document
with positions, validates and flattens it in one pass with the generated validator
(`ccg_rules.fast.flat`), picks the version in force from the bundle (`ccg_rules.fast.bundle`),
reads that version's rules (`ccg_rules.fast.slim`), and runs the same matching, wording and
text lines as the full path (`ccg_rules.pipeline`, `ccg_rules.render._lines`).

Whenever it cannot vouch for a document (the file cannot be read, the YAML has a problem,
the validator does not accept it, no version is in force, the bundle or a fast rules file
is stale) it returns ``None``, and the caller checks that document on the full path, which
explains the problem. ``tests/test_fast_path.py`` holds the two paths to byte-identical
output on every example, wave document, fixture document and mutant.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from ccg_rules._files import MAX_FILE_BYTES, read_bounded
from ccg_rules._record import Record
from ccg_rules._vocab import OUTCOME_WORDS, SEVERITY_RANK
from ccg_rules._yaml import load_yaml
from ccg_rules.engines import get_engine
from ccg_rules.errors import CcgRulesError
from ccg_rules.fast import bundle, slim
from ccg_rules.fast.bundle import FastVersion
from ccg_rules.fast.slim import FastRule, FastRules
from ccg_rules.pipeline.flatten import FactSet
from ccg_rules.pipeline.match import firings
from ccg_rules.pipeline.wording import worded
from ccg_rules.render._lines import counts_text, finding_line, summary_lines
from ccg_rules.rules.ir import CompiledRule, RulePlan
from ccg_rules.rules.resolve import resolve

_set = object.__setattr__

FactReader = Callable[[object], "FactSet | None"]
"""The document validator: a valid document's facts, or ``None`` (`ccg_rules.fast.flat.validate_facts`)."""


@functools.cache
def _compiled(version: FastVersion) -> FastRules | None:
    found = slim.read(slim.path_of(version.id, version.version), version.fast_rules)
    if found is None or (found.id, found.version, len(found.rules)) != (
        version.id,
        version.version,
        version.rules,
    ):
        return None
    return found


@functools.lru_cache(maxsize=64)  # as the full path keeps (`ccg_rules.pipeline.plan`)
def _plan(compiled: FastRules, day: dt.date) -> RulePlan:
    rules = tuple(CompiledRule(r.id, resolve(r._parsed.condition, day)) for r in compiled.rules)
    return RulePlan(f"{compiled.digest}@{day.isoformat()}", rules)


def _case_clash(facts: FactSet) -> bool:
    """Whether two people or two committees have ids that differ only in letter case."""
    for collection in ("people", "committees"):
        ids = [str(f.get("id")) for f in facts.facts if f["$type"] == collection]
        if len({i.casefold() for i in ids}) != len(set(ids)):
            return True
    return False


class FastResult(Record):
    """One document checked on the fast path.

    Attributes:
        text: Its block of the text format.
        worst: The rank of its most serious finding (`ccg_rules._vocab.SEVERITY_RANK`), or -1.
    """

    _fields = ("text", "worst")
    __slots__ = _fields

    text: str
    worst: int

    def __init__(self, text: str, worst: int) -> None:
        _set(self, "text", text)
        _set(self, "worst", worst)


def check_file(
    name: str,
    read_facts: FactReader,
    *,
    as_of: dt.date | None = None,
    ruleset: str | None = None,
    colour: bool = False,
    summaries: bool = True,
) -> FastResult | None:
    """Check the file ``name`` as ``ccg-rules check`` would, or return ``None`` to leave it to the full path.

    Args:
        name: The path, shown as given in locations.
        read_facts: The document validator (`FactReader`).
        as_of: Judge the document as of this date instead of its own ``as_of``.
        ruleset: ``ID`` or ``ID@VERSION`` of the bundled family that judges the document's
            format (``None``: that family); any other leaves the document to the full path.
        colour: Colour the text as for a terminal.
        summaries: Add the summary and scope lines.
    """
    try:
        read = read_bounded(name, MAX_FILE_BYTES)
    except (OSError, ValueError, CcgRulesError):
        return None
    if read.size > MAX_FILE_BYTES:
        return None
    loaded = load_yaml(read.data)
    if loaded.problems:
        return None
    facts = read_facts(loaded.value)
    if facts is None or _case_clash(facts):
        return None
    root = facts.facts[0]
    document_format = str(root["format"])
    written = root.get("as_of")  # a day ordinal, as facts hold dates
    day = as_of or (dt.date.fromordinal(written) if type(written) is int and written > 0 else None)
    versions = bundle.family(document_format)
    if not isinstance(day, dt.date) or versions is None:
        return None
    rid, _, wanted = (ruleset or versions[0].id).partition("@")
    if rid != versions[0].id:
        return None
    if wanted:
        version = next((v for v in versions if v.version == wanted), None)
    else:
        version = next((v for v in versions if v.in_force(day)), None)
    if version is None:
        return None
    compiled = _compiled(version)
    if compiled is None:
        return None
    found = firings(compiled, _plan(compiled, day), facts, get_engine("python"))
    rows: list[tuple[int, int, str, str, str, str, str]] = []
    for firing in found:
        rule = firing.rule
        assert isinstance(rule, FastRule)
        message = worded(firing, day, compiled.parameters)[0]
        pos = loaded.source_map.locate(firing.pointer)[1]
        rows.append((pos.line, pos.column, rule.id, firing.pointer, rule.severity, message, rule.consequence))
    rows.sort(key=lambda r: r[:4])
    lines = [finding_line(name, r[0], r[1], r[4], r[2], r[5], colour=colour) for r in rows]
    if summaries:
        tally = dict.fromkeys(SEVERITY_RANK, 0)
        for row in rows:
            tally[row[4]] += 1
        consequences = {row[6] for row in rows}
        if not version.authorisation:
            outcome = "not_assessed"
        elif "directions" in consequences:
            outcome = "authorised_with_conditions_and_directions"
        elif "condition" in consequences:
            outcome = "authorised_with_conditions"
        else:
            outcome = "authorised"
        counts = counts_text(tally["error"], tally["warning"], tally["info"], 0)
        ref = f"{version.id}@{version.version}"
        lines.extend(summary_lines(name, counts, OUTCOME_WORDS[outcome], ref, version.scope))
    worst = max((SEVERITY_RANK[row[4]] for row in rows), default=-1)
    return FastResult("".join(line + "\n" for line in lines), worst)
