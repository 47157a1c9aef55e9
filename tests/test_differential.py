"""The durable-rules engine and the Python engine give identical reports.

Generated documents (see ``docgen``) go through both engines; the reports, as JSON,
must be equal byte for byte apart from the engine's name. The 2012 version also judges
documents dated across the whole period of the bundled rulesets; every version judges
documents dated within its own period, half of them with the version named and half
with the version chosen by the document's ``as_of``.

The same documents must exercise every rule of every version, firing on some and
passing on others, or agreement would prove little.
"""

from __future__ import annotations

import collections
import datetime as dt
import json

import pytest

from ccg_rules import RulesetVersion, available_rulesets, check_text, load_ruleset
from docgen import END, START, document_bytes

FAMILY = "ccg-authorisation"
VERSIONS: list[RulesetVersion] = [v for v in available_rulesets() if v.id == FAMILY]
PINNED_2012 = 48
"""Documents dated anywhere from 2012-10-01 to 2022-06-30, judged by the 2012 version."""
PER_VERSION = 48
"""Documents dated within each version's period, judged by that version."""

# Rules that random generation is allowed never to fire, or to fire on every document,
# for one version, with the reason. Keep this short; prefer teaching docgen the case.
NEVER_FIRES: dict[str, dict[str, str]] = {
    "2012": {
        "SCH5-06B": "a seated member dismissed in the last five years is rare in generated"
        " documents, and its cases are shared with SCH5-06 (who dismissed recorded or not);"
        " its fixtures fire and pass it at the boundary days, on both engines",
    },
}
ALWAYS_FIRES: dict[str, dict[str, str]] = {}

_fired: dict[tuple[str, int], frozenset[str]] = {}
"""Rule ids found by the Python engine, per (version, document number)."""


def _seed(version: RulesetVersion, i: int) -> int:
    # different documents for each version, not one stream re-dated
    return 1_000 * (VERSIONS.index(version) + 1) + i


def _dates(first: dt.date, last: dt.date, n: int = 8) -> list[dt.date]:
    """``n`` days from ``first`` to ``last``: both ends, the days next to them, and some
    between. Each new date costs both engines a compiled plan, so documents share them."""
    span = (last - first).days
    days = {
        first,
        first + dt.timedelta(days=1),
        last - dt.timedelta(days=1),
        last,
        *(first + dt.timedelta(days=span * k // (n - 3)) for k in range(1, n - 3)),
    }
    leap = [dt.date(y, 2, 29) for y in range(first.year, last.year + 1) if y % 4 == 0]
    days.update(d for d in leap[:1] if first <= d <= last)  # months back from 29 February
    return sorted(days)


def _as_of(version: RulesetVersion, i: int) -> dt.date:
    assert version.effective_to is not None
    pool = _dates(version.effective_from, version.effective_to)
    return pool[i % len(pool)]


def _version_doc(version: RulesetVersion, i: int) -> bytes:
    day = _as_of(version, i)
    return document_bytes(_seed(version, i), day, day)


def _report_json(data: bytes, engine: str, ruleset: str, version: str) -> str:
    report = check_text(data, ruleset=ruleset, engine=engine, filename="generated.yaml")
    assert report.valid, [f.message for f in report.findings]
    assert report.ruleset is not None
    assert report.ruleset.version == version
    return report.model_copy(update={"engine": "-"}).model_dump_json()


def _agree(data: bytes, ruleset: str, version: str, what: str) -> str:
    python = _report_json(data, "python", ruleset, version)
    durable = _report_json(data, "durable", ruleset, version)
    assert python == durable, f"engines disagree on {what}"
    return python


@pytest.mark.requires_durable
@pytest.mark.parametrize("block", range(4))
def test_engines_agree_on_generated_documents(block: int) -> None:
    """The 2012 version, named, on documents of any date."""
    per_block = PINNED_2012 // 4
    fired: set[str] = set()
    days = [v.effective_from for v in VERSIONS] + [START + dt.timedelta(days=1), END]
    for seed in range(block * per_block, (block + 1) * per_block):
        day = days[seed % len(days)]
        data = document_bytes(seed, day, day)
        python = _agree(
            data, f"{FAMILY}@2012", "2012", f"docgen.document_bytes({seed}, {day!r}, {day!r}) under 2012"
        )
        fired.update(f["rule_id"] for f in json.loads(python)["findings"])
    assert len(fired) >= 80, sorted(fired)  # of the 111 rules of 2012


def _findings(version: RulesetVersion, i: int, *, durable: bool) -> frozenset[str]:
    data = _version_doc(version, i)
    # half the documents name the version; the rest leave it to the as_of date
    ruleset = version.ref if i % 2 else FAMILY
    day = _as_of(version, i)
    what = f"docgen.document_bytes({_seed(version, i)}, {day!r}, {day!r}) under {version.version}"
    if durable:
        python = _agree(data, ruleset, version.version, what)
        fired = frozenset(f["rule_id"] for f in json.loads(python)["findings"])
    else:
        report = check_text(data, ruleset=ruleset, filename="generated.yaml")
        assert report.valid, [f.message for f in report.findings]
        assert report.ruleset is not None
        assert report.ruleset.version == version.version
        fired = frozenset(f.rule_id for f in report.findings)
    _fired[(version.version, i)] = fired
    return fired


@pytest.mark.slow
@pytest.mark.requires_durable
@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.version)
def test_engines_agree_within_each_version(version: RulesetVersion) -> None:
    for i in range(PER_VERSION):
        _findings(version, i, durable=True)


@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.version)
def test_generated_documents_fire_every_rule_somewhere(version: RulesetVersion) -> None:
    """Every rule of every version fires on some of its documents and passes on others."""
    rules = {r.id for r in load_ruleset(version.ref).rules}
    counts: collections.Counter[str] = collections.Counter()
    for i in range(PER_VERSION):
        fired = _fired.get((version.version, i))
        counts.update(fired if fired is not None else _findings(version, i, durable=False))
    never = {r for r in rules if counts[r] == 0}
    always = {r for r in rules if counts[r] == PER_VERSION}
    allowed_never = NEVER_FIRES.get(version.version, {})
    allowed_always = ALWAYS_FIRES.get(version.version, {})
    assert never <= allowed_never.keys(), (
        f"rules the generator never fires: {sorted(never - allowed_never.keys())}"
    )
    assert always <= allowed_always.keys(), (
        f"rules that fire on every document: {sorted(always - allowed_always.keys())}"
    )
    stale = (allowed_never.keys() - never) | (allowed_always.keys() - always)
    assert not stale, f"allow-listed rules that no longer need it: {sorted(stale)}"
