"""The ``sarif`` format made report by report, so that a check of many documents keeps none.

`SarifStream` takes the reports one at a time, as ``ccg-rules check`` makes them, and
writes each one's results and document properties, as JSON text, to a temporary file of
its run (one run per ruleset version, as `ccg_rules.render.sarif` has it). All it keeps
is each run's rule list, the ruleset versions used, and what a document no version
judged needs (such documents join the first run after every judged one, so their
results wait for the end). `SarifStream.write` then writes the log: the same bytes as
`ccg_rules.render.sarif.render_sarif` of every report at once.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from ccg_rules._safe import json_text
from ccg_rules.render._words import RuleInfo
from ccg_rules.render.sarif import (
    SARIF_SCHEMA,
    SARIF_VERSION,
    _document,
    _result,
    category_of,
    run_object,
)
from ccg_rules.report import Report, RulesetInfo


class Writer(Protocol):
    """Where the log goes: anything with ``write(text)`` (a text file, standard output)."""

    def write(self, text: str, /) -> object:
        """Write ``text``."""


_RESULTS = "\x00results\x00"  # what stands for a run's results in the log's outline
_DOCUMENTS = "\x00documents\x00"


def _dumps(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


class _Items:
    """A JSON list's items, as text, in a temporary file (how many there are is counted)."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `close`)
        self.count = 0

    def add(self, item: object) -> None:
        data = _dumps(item).encode("utf-8", "surrogatepass")
        self.file.write(len(data).to_bytes(8, "big") + data)
        self.count += 1

    def write(self, out: Writer, pad: str) -> None:
        """Write the list as `json.dumps` with ``indent=2`` writes it, its line starting with ``pad``."""
        if not self.count:
            out.write("[]")
            return
        out.write("[")
        self.file.seek(0)
        inner = "\n" + pad + "  "
        for i in range(self.count):
            size = int.from_bytes(self.file.read(8), "big")
            text = self.file.read(size).decode("utf-8", "surrogatepass")
            out.write(("," if i else "") + inner + json_text(text.replace("\n", inner)))
        out.write("\n" + pad + "]")

    def close(self) -> None:
        self.file.close()


@dataclass
class _Run:
    """One run of the log, as its reports come."""

    judged: RulesetInfo | None
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    results: _Items = field(default_factory=_Items)
    documents: _Items = field(default_factory=_Items)

    def add(self, report: Report) -> None:
        for rule in report.rules:
            self.rules.setdefault(rule.id, rule)
        index = {rule_id: i for i, rule_id in enumerate(self.rules)}
        for f in report.findings:
            self.results.add(_result(f, index[f.rule_id], report.document.file))
        if report.ruleset is not None:
            self.used.add(f"{report.ruleset.id}@{report.ruleset.version}")
        self.documents.add(_document(report))


@dataclass
class _Unjudged:
    """What a report no ruleset version judged needs, until the first run has every judged one."""

    rules: tuple[RuleInfo, ...]
    results: list[tuple[str, dict[str, Any]]]
    document: dict[str, Any]


class SarifStream:
    """A SARIF log made one report at a time (see the module's description).

    Args:
        pipeline: The Azure Pipelines build making the log, as for `render_sarif`.
    """

    def __init__(self, *, pipeline: Mapping[str, str] | None = None) -> None:
        self.pipeline = pipeline
        self._runs: dict[str, _Run] = {}
        self._unjudged: list[_Unjudged] = []

    def add(self, report: Report) -> None:
        """Take the next report; nothing of it is kept but its run's rules and ruleset."""
        if report.ruleset is None:
            results = [(f.rule_id, _result(f, 0, report.document.file)) for f in report.findings]
            self._unjudged.append(_Unjudged(report.rules, results, _document(report)))
            return
        run = self._runs.get(report.ruleset.digest)
        if run is None:
            run = self._runs[report.ruleset.digest] = _Run(report.ruleset)
        run.add(report)

    def _finish(self) -> list[_Run]:
        runs = list(self._runs.values())
        if self._unjudged:
            if not runs:
                runs.append(_Run(None))
            first = runs[0]
            for doc in self._unjudged:
                for rule in doc.rules:
                    first.rules.setdefault(rule.id, rule)
                index = {rule_id: i for i, rule_id in enumerate(first.rules)}
                for rule_id, result in doc.results:
                    result["ruleIndex"] = index[rule_id]
                    first.results.add(result)
                first.documents.add(doc.document)
            self._unjudged = []
        return runs or [_Run(None)]

    def write(self, out: Writer) -> None:
        """Write the log of every report taken, as `render_sarif` of them all writes it."""
        runs = self._finish()
        try:
            taken: set[str] = set()
            outline = []
            for run in runs:
                category = category_of(run.judged, taken)
                taken.add(category)
                rules = list(run.rules.values())
                used = sorted(run.used)
                outline.append(run_object(rules, used, _RESULTS, _DOCUMENTS, category, self.pipeline))
            text = json_text(_dumps({"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": outline}))
            for run in runs:
                for mark, items in ((_RESULTS, run.results), (_DOCUMENTS, run.documents)):
                    before, _, text = text.partition(_dumps(mark))
                    out.write(before)
                    line = before[before.rfind("\n") + 1 :]
                    items.write(out, line[: len(line) - len(line.lstrip(" "))])
            out.write(text + "\n")
        finally:
            for run in runs:
                run.results.close()
                run.documents.close()
