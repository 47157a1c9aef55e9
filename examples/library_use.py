"""Check a CCG document from Python: the short program a developer would write.

    python examples/library_use.py [FILE [JSON]]

FILE defaults to examples/ccg-noncompliant.yaml and JSON to report.json. It prints one
`file:line:col rule message` line per finding, writes the whole report as JSON, and exits
1 if a finding would be backed by legal directions, 2 if the document cannot be checked at all.
"""



import sys
from pathlib import Path

import ccg_rules

path = sys.argv[1] if len(sys.argv) > 1 else "examples/ccg-noncompliant.yaml"
json_path = Path(sys.argv[2] if len(sys.argv) > 2 else "report.json")

try:
    # Judged by the ruleset version in force on the document's own as_of date.
    report = ccg_rules.check(path)
except ccg_rules.CcgRulesError as error:  # no such file, bad YAML, no ruleset for the date
    print(f"error: {error}", file=sys.stderr)
    sys.exit(2)

for finding in report.findings:  # in file order; a waived finding is marked, not dropped
    loc = finding.location
    print(f"{loc.file}:{loc.line}:{loc.column}: {finding.rule_id} {finding.message}")

json_path.write_text(report.model_dump_json(indent=2), encoding="utf-8")  # the whole report
print(f"{report.outcome.value}; report written to {json_path}")

# Findings in force (not waived) that the Board would back with legal directions fail the run.
directed = [f for f in report.in_force if f.consequence is ccg_rules.Consequence.DIRECTIONS]
sys.exit(1 if directed else 0)
