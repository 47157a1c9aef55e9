"""The ``sarif`` format: SARIF 2.1.0, for code scanning and other SARIF viewers.

One run holds every document of the call. Its rule list has every rule of each ruleset
version used (passing rules too), with the rule's title, rationale, remediation and
citation, then the document and waiver checks. Each result gives its rule (``ruleId``
and ``ruleIndex``), level, message, the file position (a relative URI with forward
slashes), the finding's stable fingerprint under ``partialFingerprints``, and, for a
waived finding, a suppression carrying the waiver's justification and approval.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ccg_rules import __version__
from ccg_rules.findings import Finding, Location, Severity
from ccg_rules.render._catalog import RuleInfo, catalog, citation_text, relative_uri
from ccg_rules.report import Report

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://ccg-rules.readthedocs.io/"
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
        linked = f"[{citation_text(c)}]({c.url})" if c.url else citation_text(c)
        text.append(source + (f" {c.url}" if c.url else ""))
        markdown.append(f"**Source.** {linked} (citation confidence: {c.confidence.value})")
        if c.note:
            text.append(f"Note on the citation: {c.note}")
            markdown.append(f"*Note on the citation:* {c.note}")
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)}


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
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
    out: dict[str, Any] = {
        "id": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": _help(rule),
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": properties,
    }
    if rule.citation is not None and rule.citation.url:
        out["helpUri"] = rule.citation.url
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


def sarif_log(reports: Sequence[Report]) -> dict[str, Any]:
    """Return the SARIF log of ``reports`` as JSON-ready data."""
    rules = catalog(reports)
    index = {r.id: i for i, r in enumerate(rules)}
    results = [
        _result(f, index[f.rule_id], report.document.file) for report in reports for f in report.findings
    ]
    used = sorted({f"{r.ruleset.id}@{r.ruleset.version}" for r in reports if r.ruleset is not None})
    driver: dict[str, Any] = {
        "name": "ccg-rules",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(r) for r in rules],
        "properties": {"rulesets": used},
    }
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"documents": [_document(r) for r in reports]},
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(reports: Sequence[Report]) -> str:
    """Render ``reports`` as one SARIF 2.1.0 log (JSON text)."""
    return json.dumps(sarif_log(reports), indent=2, ensure_ascii=False) + "\n"


render = render_sarif
