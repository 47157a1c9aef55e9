"""Check one CCG document under two ruleset versions and explain what changed.

An example for assessors, using only the public API of ``ccg_rules``. Run it from the
repository root::

    python examples/reassess.py [FILE] [--from VERSION] [--to VERSION]

The defaults are ``examples/ccg-2013-applicant.yaml``, ``--from 2013-03`` and
``--to 2017-06``. The versions are those of ``ccg-rules rulesets list``. The script
checks the document as of its own date under each version. It matches the two sets of
findings by fingerprint (the same rule failing on the same element), and prints:

- the findings that are new under the second version;
- those that are resolved (fire under the first version but not the second);
- those that are unchanged;
- for each new or resolved finding, the change between the versions behind it:
  - a rule added or removed (with the reason for the removal);
  - a rule whose content changed;
  - a parameter that changed.

The last line gives the three counts. When the document records the Board's decisions
(``board_decisions``), the script then says, from ``Report.reassessment`` under the second
version, which recorded conditions are now met, which remain, which an assessor must
judge, and which conditions are new. The exit code is 0 when both checks ran, and 2 when
the document or a version cannot be used.
"""



from __future__ import annotations

import argparse
import sys
import textwrap

import ccg_rules

RULESET = "ccg-authorisation"
WIDTH = 88


def say(text: str, indent: int = 0) -> None:
    """Print ``text`` wrapped at WIDTH, every line indented by ``indent``."""
    pad = " " * indent
    lines = textwrap.fill(
        " ".join(text.split()),
        WIDTH,
        initial_indent=pad,
        subsequent_indent=pad + "  ",
        break_on_hyphens=False,  # keep "ccg-authorisation@2017-06" whole
    )
    print(lines)


def show(sign: str, finding: ccg_rules.Finding) -> None:
    """One finding: sign, rule, line and message."""
    say(f"{sign} {finding.rule_id} (line {finding.location.line}): {finding.message}", 2)


def main(argv: list[str] | None = None) -> int:
    """Compare the findings of one document under two ruleset versions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default="examples/ccg-2013-applicant.yaml")
    parser.add_argument("--from", dest="old", default="2013-03", metavar="VERSION")
    parser.add_argument("--to", dest="new", default="2017-06", metavar="VERSION")
    args = parser.parse_args(argv)
    try:
        old = ccg_rules.load_ruleset(f"{RULESET}@{args.old}")
        new = ccg_rules.load_ruleset(f"{RULESET}@{args.new}")
        before = ccg_rules.check(args.file, ruleset=old.ref)
        after = ccg_rules.check(args.file, ruleset=new.ref)
    except ccg_rules.CcgRulesError as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 2
    if not (before.valid and after.valid):
        print(f"{args.file}: the document does not fit the ccg-document/1 format", file=sys.stderr)
        return 2

    changes = ccg_rules.diff_rulesets(old, new)
    rules = {r.id: r for r in old.rules} | {r.id: r for r in new.rules}
    was = {f.fingerprint: f for f in before.in_force}
    now = {f.fingerprint: f for f in after.in_force}
    new_findings = [f for key, f in now.items() if key not in was]
    resolved = [f for key, f in was.items() if key not in now]
    unchanged = [f for key, f in now.items() if key in was]

    say(f"{after.document.name} ({args.file}, as of {after.document.as_of})")
    for report in (before, after):
        assert report.ruleset is not None
        outcome = report.outcome.value.replace("_", " ")
        count = len(report.in_force)
        plural = "finding" if count == 1 else "findings"
        say(f"{report.ruleset.id}@{report.ruleset.version}: {outcome}, {count} {plural}", 2)
    for title, sign, findings in (
        ("New", "+", new_findings),
        ("Resolved", "-", resolved),
        ("Unchanged", "=", unchanged),
    ):
        print()
        print(f"{title} findings ({len(findings)})")
        for finding in findings:
            show(sign, finding)
            if sign != "=":
                rule = rules.get(finding.rule_id)
                reasons = changes.causes(rule) if rule else ()
                same = "the rule is the same in both versions; the document's data decides"
                for reason in reasons or (same,):
                    say(f"because {reason}", 4)
    print()
    print(f"{len(new_findings)} new, {len(resolved)} resolved, {len(unchanged)} unchanged")
    if after.reassessment is not None:  # the document records the Board's decisions
        print()
        print("The Board's recorded conditions")
        say(after.reassessment.statement, 2)
        for review in after.reassessment.conditions:
            what = review.criterion or ", ".join(review.rule_ids)
            level = f" (level {review.level.value})" if review.level else ""
            say(f"{review.status}: {what}{level}", 4)
    return 0


if __name__ == "__main__":
    sys.exit(main())
