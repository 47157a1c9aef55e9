"""Check an NHS Clinical Commissioning Group's constitution against versioned rulesets.

The public API is what ``__all__`` lists. Names are imported lazily, so that
``import ccg_rules`` stays cheap for a pre-commit hook.

Examples:
    >>> import ccg_rules
    >>> report = ccg_rules.check("examples/ccg-noncompliant.yaml")  # doctest: +SKIP
    >>> report.outcome, report.counts.error  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "CcgDocument",
    "CcgRulesError",
    "Citation",
    "Consequence",
    "DocumentError",
    "EngineError",
    "Finding",
    "LoadedDocument",
    "Outcome",
    "Report",
    "Rule",
    "Ruleset",
    "RulesetDiff",
    "RulesetError",
    "RulesetVersion",
    "SelectionError",
    "Severity",
    "Wave",
    "WaveRow",
    "__version__",
    "assess_wave",
    "available_rulesets",
    "check",
    "diff_rulesets",
    "load_document",
    "load_ruleset",
    "wave_csv",
    "wave_markdown",
]

_HOME = {
    "CcgDocument": "ccg_rules.model.document",
    "CcgRulesError": "ccg_rules.errors",
    "Citation": "ccg_rules.findings",
    "Consequence": "ccg_rules.findings",
    "DocumentError": "ccg_rules.errors",
    "EngineError": "ccg_rules.errors",
    "Finding": "ccg_rules.findings",
    "LoadedDocument": "ccg_rules.documents",
    "Outcome": "ccg_rules.report",
    "Report": "ccg_rules.report",
    "Rule": "ccg_rules.rules.ruleset",
    "Ruleset": "ccg_rules.rules.ruleset",
    "RulesetDiff": "ccg_rules.rules.history",
    "RulesetError": "ccg_rules.errors",
    "RulesetVersion": "ccg_rules.rules.catalog",
    "SelectionError": "ccg_rules.errors",
    "Severity": "ccg_rules.findings",
    "Wave": "ccg_rules.wave",
    "WaveRow": "ccg_rules.wave",
    "assess_wave": "ccg_rules.wave",
    "available_rulesets": "ccg_rules.rules.catalog",
    "check": "ccg_rules.checking",
    "diff_rulesets": "ccg_rules.rules.history",
    "load_document": "ccg_rules.documents",
    "load_ruleset": "ccg_rules.api",
    "wave_csv": "ccg_rules.wave",
    "wave_markdown": "ccg_rules.wave",
}

if TYPE_CHECKING:
    from ccg_rules.api import load_ruleset
    from ccg_rules.checking import check
    from ccg_rules.documents import LoadedDocument, load_document
    from ccg_rules.errors import (
        CcgRulesError,
        DocumentError,
        EngineError,
        RulesetError,
        SelectionError,
    )
    from ccg_rules.findings import Citation, Consequence, Finding, Severity
    from ccg_rules.model.document import CcgDocument
    from ccg_rules.report import Outcome, Report
    from ccg_rules.rules.catalog import RulesetVersion, available_rulesets
    from ccg_rules.rules.history import RulesetDiff, diff_rulesets
    from ccg_rules.rules.ruleset import Rule, Ruleset
    from ccg_rules.wave import Wave, WaveRow, assess_wave, wave_csv, wave_markdown


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'ccg_rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
