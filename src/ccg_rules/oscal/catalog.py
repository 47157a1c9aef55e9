"""A ruleset version as an OSCAL catalog, and a profile that selects its rules.

The six authorisation domains are the catalog's groups and the rules its controls; each
rule's parameters carry their values for that version, its props its severity,
consequence and citation confidence, and the back matter holds the citations.
"""

from __future__ import annotations

import datetime as dt
import json

from ccg_rules.findings import Citation
from ccg_rules.oscal._base import NS, Json, md, md_line, metadata, prop, props, token, uid
from ccg_rules.oscal._subjects import statement_id
from ccg_rules.rules.ruleset import Rule, Ruleset


def catalog_uuid(ruleset: Ruleset) -> str:
    """The UUID of the catalog of ``ruleset`` (it changes when the version's content does)."""
    return uid("catalog", ruleset.id, ruleset.version, ruleset.digest)


def _citation_key(c: Citation) -> tuple[str, ...]:
    return (c.instrument, c.provision, c.url or "")


def citation_uuid(ruleset: Ruleset, c: Citation) -> str:
    """The UUID of the back-matter resource for citation ``c``."""
    return uid("citation", ruleset.id, ruleset.version, *_citation_key(c))


def _value(value: object) -> list[str]:
    """A parameter's value as OSCAL parameter values (text)."""
    if isinstance(value, list):
        return [v if isinstance(v, str) else json.dumps(v) for v in value] or ["[]"]
    return [value if isinstance(value, str) else json.dumps(value)]


def _control(ruleset: Ruleset, rule: Rule) -> Json:
    links = [{"href": f"#{citation_uuid(ruleset, rule.citation)}", "rel": "reference"}]
    links += [{"href": f"#{citation_uuid(ruleset, c)}", "rel": "related"} for c in rule.see_also]
    control: Json = {
        "id": rule.id,
        "title": md_line(rule.title),
    }
    if rule.parameters:
        control["params"] = [
            {
                "id": token(f"{rule.id}_prm_{name}"),
                "props": [prop("parameter", name)],
                "label": md_line(name),
                "values": _value(ruleset.parameters[name]),
            }
            for name in rule.parameters
        ]
    control["props"] = props(
        [
            ("severity", rule.severity.value),
            ("consequence", rule.consequence.value),
            ("citation-confidence", rule.citation.confidence.value),
            *[("implements", item) for item in rule.implements],
            *[("tag", tag) for tag in rule.tags],
            ("defined-in", rule.defined_in),
        ]
    )
    control["links"] = links
    parts: list[Json] = [
        {"id": statement_id(rule.id), "name": "statement", "prose": md(rule.title)},
        {"id": f"{rule.id}_gdn", "name": "guidance", "prose": md(rule.rationale)},
        {"id": f"{rule.id}_rem", "name": "remediation", "ns": NS, "prose": md(rule.remediation)},
    ]
    control["parts"] = parts
    return control


def _resource(ruleset: Ruleset, c: Citation) -> Json:
    out: Json = {
        "uuid": citation_uuid(ruleset, c),
        "title": md_line(f"{c.instrument}, {c.provision}"),
    }
    if c.note:
        out["description"] = md(c.note)
    out["props"] = props([("confidence", c.confidence.value)])
    out["citation"] = {"text": md(f"{c.instrument}, {c.provision}")}
    if c.url:
        out["rlinks"] = [{"href": c.url}]
    return out


def _metadata(ruleset: Ruleset, title: str, day: dt.date) -> Json:
    return metadata(
        title,
        day,
        ruleset.version,
        {
            "props": props(
                [
                    ("ruleset", ruleset.ref),
                    ("ruleset-digest", ruleset.digest),
                    ("effective-from", ruleset.effective_from.isoformat()),
                    ("effective-to", ruleset.effective_to.isoformat() if ruleset.effective_to else None),
                    ("extends", ruleset.extends),
                ]
            ),
            **({"remarks": md(ruleset.description)} if ruleset.description else {}),
        },
    )


def catalog(ruleset: Ruleset, day: dt.date) -> Json:
    """The OSCAL catalog of ``ruleset``, last modified on ``day``.

    Args:
        ruleset: The resolved ruleset version.
        day: The export date (see `ccg_rules.report.generation_date`).
    """
    groups = []
    for domain in ruleset.domains:
        rules = [r for r in ruleset.rules if r.domain == domain.id]
        group: Json = {"id": domain.id, "title": md_line(domain.title)}
        if domain.number is not None:
            group["props"] = [{"name": "label", "value": str(domain.number)}]
        if domain.description:
            group["parts"] = [{"id": f"{domain.id}_ovw", "name": "overview", "prose": md(domain.description)}]
        if rules:
            group["controls"] = [_control(ruleset, r) for r in rules]
        groups.append(group)
    citations: dict[tuple[str, ...], Citation] = {}
    for rule in ruleset.rules:
        for c in (rule.citation, *rule.see_also):
            citations.setdefault(_citation_key(c), c)
    out: Json = {"uuid": catalog_uuid(ruleset), "metadata": _metadata(ruleset, ruleset.title, day)}
    if groups:
        out["groups"] = groups
    if citations:
        out["back-matter"] = {"resources": [_resource(ruleset, c) for c in citations.values()]}
    return out


def catalog_file_name(ruleset: Ruleset) -> str:
    """The file name a profile expects its catalog under: ``<id>-<version>.catalog.json``."""
    return f"{ruleset.id}-{ruleset.version}.catalog.json"


def profile(ruleset: Ruleset, day: dt.date) -> Json:
    """An OSCAL profile that selects every rule of ``ruleset``, with its parameters' values.

    The profile imports the catalog from a back-matter resource whose link is the file
    name `catalog_file_name`: save the catalog beside the profile under that name.
    """
    resource = uid("catalog-resource", ruleset.id, ruleset.version, ruleset.digest)
    out: Json = {
        "uuid": uid("profile", ruleset.id, ruleset.version, ruleset.digest),
        "metadata": _metadata(ruleset, f"{ruleset.title} (profile)", day),
        "imports": [
            {
                "href": f"#{resource}",
                "include-controls": [{"with-ids": [r.id for r in ruleset.rules]}]
                if ruleset.rules
                else [{"with-ids": ["none"]}],
            }
        ],
    }
    settings = [
        {"param-id": token(f"{r.id}_prm_{name}"), "values": _value(ruleset.parameters[name])}
        for r in ruleset.rules
        for name in r.parameters
    ]
    out["merge"] = {"as-is": True}
    if settings:
        out["modify"] = {"set-parameters": settings}
    out["back-matter"] = {
        "resources": [
            {
                "uuid": resource,
                "title": md_line(f"The catalog of {ruleset.ref}"),
                "props": props([("ruleset-digest", ruleset.digest)]),
                "rlinks": [
                    {"href": catalog_file_name(ruleset), "media-type": "application/oscal.catalog+json"}
                ],
            }
        ]
    }
    return out
