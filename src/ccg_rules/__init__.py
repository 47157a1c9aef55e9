"""Check an NHS Clinical Commissioning Group's constitution against versioned rulesets.

The public API is what ``__all__`` lists. Names are imported lazily, so that
``import ccg_rules`` stays cheap for a pre-commit hook.

Check a file with `check`, YAML text with `check_text`; `validate` and `validate_text`
do the same and raise `FindingsError` when findings reach a threshold.

Examples:
    >>> import ccg_rules
    >>> report = ccg_rules.check("examples/ccg-noncompliant.yaml")  # doctest: +SKIP
    >>> report.outcome, report.counts.error  # doctest: +SKIP
    >>> ccg_rules.check_text("a: 1", filename="new.yaml").valid  # doctest: +SKIP
    False
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "CcgDocument",
    "CcgRulesError",
    "Citation",
    "Consequence",
    "Criterion",
    "DocumentError",
    "EngineError",
    "EngineName",
    "Finding",
    "FindingsError",
    "IcbDocument",
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
    "SeverityName",
    "SupportLevel",
    "UnknownRuleError",
    "WaiverFileError",
    "Wave",
    "WaveRow",
    "__version__",
    "assess_wave",
    "available_rulesets",
    "board_paper",
    "check",
    "check_text",
    "diff_rulesets",
    "load_document",
    "load_ruleset",
    "validate",
    "validate_text",
    "wave_csv",
    "wave_markdown",
]

_HOME = {
    "__version__": "ccg_rules._version",
    "CcgDocument": "ccg_rules.model.document",
    "IcbDocument": "ccg_rules.model.icb",
    "CcgRulesError": "ccg_rules.errors",
    "Citation": "ccg_rules.findings",
    "Consequence": "ccg_rules.findings",
    "Criterion": "ccg_rules.findings",
    "DocumentError": "ccg_rules.errors",
    "EngineError": "ccg_rules.errors",
    "EngineName": "ccg_rules.engines",
    "Finding": "ccg_rules.findings",
    "FindingsError": "ccg_rules.errors",
    "LoadedDocument": "ccg_rules.pipeline.load",
    "Outcome": "ccg_rules.report",
    "Report": "ccg_rules.report",
    "Rule": "ccg_rules.rules.ruleset",
    "Ruleset": "ccg_rules.rules.ruleset",
    "RulesetDiff": "ccg_rules.rules.history",
    "RulesetError": "ccg_rules.errors",
    "RulesetVersion": "ccg_rules.rules.version",
    "SelectionError": "ccg_rules.errors",
    "UnknownRuleError": "ccg_rules.errors",
    "Severity": "ccg_rules.findings",
    "SupportLevel": "ccg_rules.findings",
    "SeverityName": "ccg_rules.findings",
    "WaiverFileError": "ccg_rules.errors",
    "Wave": "ccg_rules.wave",
    "WaveRow": "ccg_rules.wave",
    "assess_wave": "ccg_rules.wave",
    "available_rulesets": "ccg_rules.rules.catalog",
    "board_paper": "ccg_rules.render.board_paper",
    "check": "ccg_rules.pipeline.check",
    "check_text": "ccg_rules.api",
    "diff_rulesets": "ccg_rules.rules.history",
    "load_document": "ccg_rules.pipeline.load",
    "load_ruleset": "ccg_rules.api",
    "validate": "ccg_rules.api",
    "validate_text": "ccg_rules.api",
    "wave_csv": "ccg_rules.render.wave",
    "wave_markdown": "ccg_rules.render.wave",
}

if TYPE_CHECKING:
    from ccg_rules._version import __version__
    from ccg_rules.api import check_text, load_ruleset, validate, validate_text
    from ccg_rules.engines import EngineName
    from ccg_rules.errors import (
        CcgRulesError,
        DocumentError,
        EngineError,
        FindingsError,
        RulesetError,
        SelectionError,
        UnknownRuleError,
        WaiverFileError,
    )
    from ccg_rules.findings import (
        Citation,
        Consequence,
        Criterion,
        Finding,
        Severity,
        SeverityName,
        SupportLevel,
    )
    from ccg_rules.model.document import CcgDocument
    from ccg_rules.model.icb import IcbDocument
    from ccg_rules.pipeline.check import check
    from ccg_rules.pipeline.load import LoadedDocument, load_document
    from ccg_rules.render.board_paper import board_paper
    from ccg_rules.render.wave import wave_csv, wave_markdown
    from ccg_rules.report import Outcome, Report
    from ccg_rules.rules.catalog import available_rulesets
    from ccg_rules.rules.history import RulesetDiff, diff_rulesets
    from ccg_rules.rules.ruleset import Rule, Ruleset
    from ccg_rules.rules.version import RulesetVersion
    from ccg_rules.wave import Wave, WaveRow, assess_wave


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'ccg_rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
