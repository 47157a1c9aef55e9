"""The ``sarif`` format: SARIF 2.1.0, for code scanning and other SARIF viewers.

There is one run per ruleset version that judged a document of the call (documents that
could not be read, so no version judged them, join the first run). A run's rule list is
that version's rules as the reports carry them (passing rules too), with each rule's
title, a PascalCase ``name`` made from it, rationale, remediation, citation and a help
page, then the document and waiver checks. Its ``automationDetails.id`` is
``ccg-rules/<ruleset>@<version>/``, so code scanning keeps each version's results in a
category of its own (it refuses two runs of one tool in one category). Each result gives
its rule (``ruleId`` and ``ruleIndex``), level, message, the file position (a relative
URI with forward slashes), the finding's stable fingerprint under
``partialFingerprints``, and, for a waived finding, a suppression carrying the waiver's
justification and approval. Everything comes from the reports alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ccg_rules._files import relative_uri
from ccg_rules._safe import json_text, markdown_link, web_url
from ccg_rules._version import __version__
from ccg_rules.findings import Finding, Location, Severity
from ccg_rules.render._words import RuleInfo, catalog, citation_text
from ccg_rules.report import Report, RulesetInfo

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://ccg-rules.readthedocs.io/"
CATEGORY = "ccg-rules"
"""The start of every run's ``automationDetails.id``: ``ccg-rules/<ruleset>@<version>/``."""
UNASSESSED = "unassessed"
"""The category's second part for a run of documents no ruleset version judged."""
_NAME_LIMIT = 255  # GitHub code scanning's limit on a rule's name
FINGERPRINT_KEY = "ccgRulesFingerprint/v1"
"""The ``partialFingerprints`` key of the finding's fingerprint (rule and element, not line)."""

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _help(rule: RuleInfo) -> dict[str, str]:
    text = [rule.rationale]
    markdown = [f"**Why.** {rule.rationale}"]
    if rule.remediation:
        text.append(f"What to do: {rule.remediation}")
        markdown.append(f"**What to do.** {rule.remediation}")
    c = rule.citation
    if c is not None:
        source = f"Source: {citation_text(c)} (citation confidence: {c.confidence.value})"
        linked = markdown_link(citation_text(c), c.url)
        text.append(source + (f" {c.url}" if c.url else ""))
        markdown.append(f"**Source.** {linked} (citation confidence: {c.confidence.value})")
        if c.note:
            text.append(f"Note on the citation: {c.note}")
            markdown.append(f"*Note on the citation:* {c.note}")
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)}


_ARTICLES = {"a", "an", "the"}


def rule_name(title: str) -> str:
    """A rule's SARIF ``name``: its title as one PascalCase word (``GoverningBodyHasAtLeastSixMembers``).

    Apostrophes and the articles (a, an, the) are dropped, and every other character that
    is not a letter or digit separates words; each word starts with a capital and goes on in small letters
    (``CCG`` becomes ``Ccg``), as SARIF's guidance has it. At most 255 characters.
    """
    words = "".join(c if c.isalnum() else " " for c in title.replace("'", "").replace("\u2019", "")).split()
    kept = [w for w in words if w.lower() not in _ARTICLES] or words
    return "".join(w[0].upper() + w[1:].lower() for w in kept)[:_NAME_LIMIT]


def _names(rules: Sequence[RuleInfo]) -> list[str]:
    """One ``name`` per rule, distinct within the run and never the same as an id."""
    out: list[str] = []
    taken: set[str] = set()
    for rule in rules:
        name = rule_name(rule.title) or "Rule"
        if name in taken or name == rule.id:
            name = f"{name[: _NAME_LIMIT - len(rule.id) - 1]}_{rule.id.replace('-', '_')}"
        taken.add(name)
        out.append(name)
    return out


def _descriptor(rule: RuleInfo, name: str) -> dict[str, Any]:
    properties: dict[str, Any] = {"severity": rule.severity.value, "consequence": rule.consequence.value}
    if rule.domain:
        properties["domain"] = rule.domain
    tags = ["ccg-rules", rule.consequence.value]
    if rule.domain:
        tags.insert(1, rule.domain)
    if rule.citation is not None:
        properties["citation"] = citation_text(rule.citation)
        properties["citationUrl"] = rule.citation.url
        properties["confidence"] = rule.citation.confidence.value
    properties["tags"] = tags
    if rule.ruleset is not None:
        properties["ruleset"] = rule.ruleset
    out: dict[str, Any] = {
        "id": rule.id,
        "name": name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": _help(rule),
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": properties,
    }
    if web_url(rule.help_uri) is not None:  # only http and https pages (a report read back may hold any)
        out["helpUri"] = rule.help_uri
    return out


def _physical(location: Location) -> dict[str, Any]:
    artifact: dict[str, Any] = {}
    if location.file:
        uri, relative = relative_uri(location.file)
        artifact["uri"] = uri
        if relative:
            artifact["uriBaseId"] = "%SRCROOT%"
    return {
        "artifactLocation": artifact,
        "region": {"startLine": location.line, "startColumn": location.column},
    }


def _result(f: Finding, index: int, document: str | None) -> dict[str, Any]:
    location = f.location if f.location.file else f.location.model_copy(update={"file": document})
    properties: dict[str, Any] = {"pointer": f.pointer, "consequence": f.consequence.value}
    if f.domain:
        properties["domain"] = f.domain
    if f.evidence is not None:
        properties.update({k: v for k, v in f.evidence.model_dump().items() if v is not None})
    out: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": _physical(location)}],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": properties,
    }
    w = f.waived
    if w is not None:
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": w.justification,
                "location": {"physicalLocation": _physical(w.location)},
                "properties": {
                    "approvedBy": w.approved_by,
                    "approvedOn": w.approved_on.isoformat(),
                    "expires": w.expires.isoformat(),
                    **({"reference": w.reference} if w.reference else {}),
                },
            }
        ]
    return out


def _document(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {
        "file": report.document.file,
        "digest": report.document.digest,
        "asOf": report.document.as_of.isoformat() if report.document.as_of else None,
        "valid": report.valid,
        "outcome": report.outcome.value,
        "counts": report.counts.model_dump(),
    }
    if report.ruleset is not None:
        out["ruleset"] = f"{report.ruleset.id}@{report.ruleset.version}"
        out["rulesetDigest"] = report.ruleset.digest
    if report.waivers is not None:
        out["waivers"] = report.waivers.file
        out["waiversDigest"] = report.waivers.digest
    return out


def _runs(reports: Sequence[Report]) -> list[list[Report]]:
    """The reports grouped by the ruleset version that judged them, in order of first use.

    Reports no version judged (unreadable documents) join the first group.
    """
    groups: dict[str, list[Report]] = {}
    unjudged: list[Report] = []
    for report in reports:
        if report.ruleset is None:
            unjudged.append(report)
        else:
            groups.setdefault(report.ruleset.digest, []).append(report)
    runs = list(groups.values())
    if unjudged:
        if runs:
            runs[0].extend(unjudged)
        else:
            runs.append(unjudged)
    return runs


AZURE_PREFIX = "azuredevops/pipeline/build/"

_AZURE_VARIABLES = {  # the Azure Pipelines predefined variables, as the agent puts them in the environment
    "org": "SYSTEM_COLLECTIONURI",
    "project": "SYSTEM_TEAMPROJECT",
    "buildDefinitionId": "SYSTEM_DEFINITIONID",
    "buildDefinitionName": "BUILD_DEFINITIONNAME",
    "phaseId": "SYSTEM_PHASEID",
    "phaseName": "SYSTEM_PHASENAME",
    "branch": "BUILD_SOURCEBRANCH",
    "buildId": "BUILD_BUILDID",
}


_AZURE_PROPERTIES = ("buildDefinitionId", "buildDefinitionName", "phaseId", "phaseName")


def azure_pipeline(environ: Mapping[str, str]) -> dict[str, str] | None:
    """The Azure Pipelines build that is running, from its predefined variables, if any.

    GitHub Advanced Security for Azure DevOps identifies a run by its pipeline build, so
    inside Azure Pipelines (``TF_BUILD`` is ``True`` and every variable is set) the SARIF
    runs say which build made them. Elsewhere this is ``None``.
    """
    if environ.get("TF_BUILD", "").lower() != "true":
        return None
    values = {key: environ.get(name, "") for key, name in _AZURE_VARIABLES.items()}
    if not all(values.values()):
        return None
    values["org"] = values["org"].rstrip("/").rpartition("/")[2]  # https://dev.azure.com/<org>/
    return values


def _automation(category: str, pipeline: Mapping[str, str] | None) -> dict[str, Any]:
    if pipeline is None:
        return {"id": f"{CATEGORY}/{category}/"}
    p = pipeline
    parts = (p["org"], p["project"], p["buildDefinitionId"], p["phaseId"], p["branch"], p["buildId"])
    return {
        "id": AZURE_PREFIX + "/".join(parts),
        "properties": {
            AZURE_PREFIX + key: p[key]
            for key in ("buildDefinitionId", "buildDefinitionName", "phaseId", "phaseName")
        }
        | {"category": f"{CATEGORY}/{category}"},
    }


def _run(reports: Sequence[Report], category: str, pipeline: Mapping[str, str] | None) -> dict[str, Any]:
    rules = catalog(reports)
    index = {r.id: i for i, r in enumerate(rules)}
    results = [
        _result(f, index[f.rule_id], report.document.file) for report in reports for f in report.findings
    ]
    used = sorted({f"{r.ruleset.id}@{r.ruleset.version}" for r in reports if r.ruleset is not None})
    documents = [_document(r) for r in reports]
    return run_object(rules, used, results, documents, category, pipeline)


def run_object(
    rules: Sequence[RuleInfo],
    used: Sequence[str],
    results: object,
    documents: object,
    category: str,
    pipeline: Mapping[str, str] | None,
) -> dict[str, Any]:
    """One run of the log, from its parts (the streamed log, `ccg_rules.render.sarif_stream`, makes them).

    Args:
        rules: The run's rules (`catalog` of its reports).
        used: The ruleset versions that judged its documents, ``ID@VERSION``, sorted.
        results: Its results (or what stands for them).
        documents: Its documents' properties (or what stands for them).
        category: Its category (``automationDetails``).
        pipeline: The Azure Pipelines build, if any (`azure_pipeline`).
    """
    full_name = f"ccg-rules {__version__}" + (f" with {', '.join(used)}" if used else "")
    driver: dict[str, Any] = {
        "name": "ccg-rules",
        "fullName": full_name,
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(r, n) for r, n in zip(rules, _names(rules), strict=True)],
        "properties": {"rulesets": used},
    }
    return {
        "tool": {"driver": driver},
        "automationDetails": _automation(category, pipeline),
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"documents": documents},
    }


def _category(reports: Sequence[Report], taken: set[str]) -> str:
    return category_of(next((r.ruleset for r in reports if r.ruleset is not None), None), taken)


def category_of(judged: RulesetInfo | None, taken: set[str]) -> str:
    """The category of a run whose documents ``judged`` judged (``None``: none was judged).

    Args:
        judged: The ruleset version of the run.
        taken: The categories of the runs before it (a clash gets the digest added).
    """
    if judged is None:
        return UNASSESSED
    category = f"{judged.id}@{judged.version}"
    if category in taken:  # two different rulesets with one id and version (a custom file)
        category += "+" + judged.digest.removeprefix("sha256:")[:12]
    return category


def sarif_log(reports: Sequence[Report], *, pipeline: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the SARIF log of ``reports`` as JSON-ready data: one run per ruleset version.

    Args:
        reports: The reports.
        pipeline: The Azure Pipelines build making the log (see `azure_pipeline`); its
            runs are then identified as GitHub Advanced Security for Azure DevOps expects.
    """
    runs: list[dict[str, Any]] = []
    taken: set[str] = set()
    for group in _runs(reports) or [[]]:
        category = _category(group, taken)
        taken.add(category)
        runs.append(_run(group, category, pipeline))
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": runs}


def render_sarif(reports: Sequence[Report], *, pipeline: Mapping[str, str] | None = None) -> str:
    """Render ``reports`` as one SARIF 2.1.0 log (JSON text); see `sarif_log`."""
    return json_text(json.dumps(sarif_log(reports, pipeline=pipeline), indent=2, ensure_ascii=False)) + "\n"


render = render_sarif
