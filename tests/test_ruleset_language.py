"""Broken rulesets fail to load with the file, line and column of the offending node."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from ccg_rules import RulesetError, load_ruleset
from ccg_rules.rules.ir import Binding, Count, Op, RelativeDate, Test
from ccg_rules.rules.language import resolve, shift_date

HEADER = """\
ruleset: demo
version: "1"
title: Demo
effective_from: 2012-10-01
domains:
  - {id: governance, title: Governance}
parameters:
  minimum: {value: 6, description: Fewest members.}
rules:
"""

RULE = """\
  - id: DEMO-01
    title: Demo rule
    domain: governance
    severity: error
    consequence: condition
    citation: {instrument: SI 2012/1631, provision: reg 11(1), confidence: confirmed}
    rationale: Because.
    message: The governing body has {seats} members.
    remediation: Appoint more.
    condition:
      match:
        seats:
          count: governing_body.members
          is: {lt: {param: minimum}}
      report: /governing_body/members
"""
# Line numbers in RULE, counted in the whole file: HEADER has 9 lines, so RULE's first
# line is line 10 and its "condition:" line is 19.


def write(tmp_path: Path, text: str, name: str = "1.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> RulesetError:
    path = write(tmp_path, text)
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    return info.value


def test_valid_demo_ruleset_loads(tmp_path: Path) -> None:
    ruleset = load_ruleset(write(tmp_path, HEADER + RULE))
    rule = ruleset.rule("DEMO-01")
    step = rule._parsed.condition.steps[0]
    assert isinstance(step, Count)
    assert (step.fact_type, step.op, step.threshold) == ("governing_body.members", Op.LT, 6)
    assert ruleset.digest.startswith("sha256:")
    assert len(ruleset.digest) == 71


def cond(body: str) -> str:
    """A ruleset whose only rule has this condition (indented under 'condition:')."""
    head = RULE.split("    condition:\n")[0].replace(" {seats}", "")
    return HEADER + head + "    condition:\n" + textwrap.indent(textwrap.dedent(body), "      ")


# Each case: the condition body, the expected line and column, and a phrase of the message.
BROKEN_CONDITIONS = [
    ("match:\n  m:\n    each: governing_body.membrs\n", 22, 11, "did you mean 'governing_body.members'"),
    ("match:\n  m:\n    each: people\n    where: {nmae: x}\n", 23, 19, "did you mean 'name'"),
    ("match:\n  m:\n    each: people\n    where: {name: {lt: 3}}\n", 23, 26, "'lt' cannot be used on text field 'name'"),
    ("match:\n  m:\n    each: governing_body.members\n    where: {roles: {contains: chiar}}\n", 23, 27, "'chiar' is not a value of 'roles'; did you mean 'chair'"),
    ("match:\n  m:\n    each: people\n    wher: {}\n", 23, 11, "unknown key 'wher' in step 'm'; did you mean 'where'"),
    ("match:\n  m:\n    each: people\n    where: {id: $x.person}\n", 23, 19, "'$x.person' refers to 'x', which is not an earlier 'each' step"),
    # relational comparisons with an offset: the unit, the kind and the form are checked
    ("match:\n  d:\n    each: conflicts_of_interest.declarations\n    where: {declared: {le: '$d.reviewed + 28 weeks'}}\n", 23, 30, "a date offset is a whole number of days, months or years (got unit 'weeks'"),
    ("match:\n  d:\n    each: conflicts_of_interest.declarations\n    where: {declared: {le: '$d.reviewed + 2'}}\n", 23, 30, "(got no unit in '$d.reviewed + 2')"),
    ("match:\n  d:\n    each: conflicts_of_interest.declarations\n    where: {declared: {le: '$d.reviewed + 1.5 months'}}\n", 23, 30, "a date offset is a whole number"),
    ("match:\n  d:\n    each: conflicts_of_interest.declarations\n    where: {declared: {le: '$d.reviewed plus 3'}}\n", 23, 30, "optionally with an offset such as '+ 28 days'"),
    ("match:\n  d:\n    each: conflicts_of_interest.declarations\n    where: {declared: {le: '$d.nil_return + 3 days'}}\n", 23, 30, "cannot compare date field 'declared' with bool field 'nil_return'"),
    ("match:\n  d:\n    each: conflicts_of_interest.declarations\n    where: {declared: {le: '$d.reviwed + 3 days'}}\n", 23, 30, "did you mean 'reviewed'"),
    ("match:\n  m: {each: people}\n  p:\n    each: people\n    where: {index: {lt: '$m.index + 2 days'}}\n", 24, 27, "an offset to the int field 'index' is a plain number, not 'days'"),
    ("match:\n  m: {each: people}\n  p:\n    each: people\n    where: {name: {ne: '$m.name + 1'}}\n", 24, 26, "only dates and numbers can be compared with 'ne' or an offset, not the text field 'name'"),
    ("match:\n  m: {each: people}\n  p:\n    each: people\n    where: {name: {eq: $p.name}}\n", 24, 26, "only dates and numbers can be compared with its own fact's fields"),
    ("match:\n  m: {each: people}\n  k: {each: people}\n  j: {each: people, where: {id: $k.id}}\n  p:\n    each: people\n    where: {index: {lt: $m.index}, id: $k.id, name: $j.name}\n", 26, 11, "may refer to 2 earlier steps at most, not j, k, m"),
    ("match:\n  m: {each: people}\n  c:\n    count: people\n    where: {index: {lt: $m.index}}\n    is: {gt: 0}\n", 24, 27, "references can only be compared with eq here, not 'lt'"),
    ("match:\n  m:\n    each: people\n    where: {ccg_employee: yes}\n", 23, 19, "got 'yes' (a YAML 1.1 reader would take it as the boolean true)"),
    ("match:\n  m:\n    each: people\n    where: {name: {matches: 'a(b|c)'}}\n", 23, 26, "bad pattern 'a(b|c)'"),
    ("match:\n  seats:\n    count: people\n    is: {lt: {param: minimun}}\n", 23, 21, "unknown parameter 'minimun'; did you mean 'minimum'"),
    ("match:\n  seats:\n    count: people\n", 21, 9, "a count needs 'is'"),
    ("match: {}\n", 20, 7, "at least one step"),
    ("absent:\n  p: {each: people}\n", 19, 5, "needs a 'match' section"),
    ("match:\n  seats: {count: people, is: {lt: 1}}\n", 19, 5, "must say where to report"),
    ("match:\n  m: {each: people}\nreport: /governing_body/membres\n", 22, 7, "'/governing_body/membres' is not a place in the document model"),
    ("match:\n  'on': {each: people}\n", 21, 9, "alias 'on' would be read as the boolean true by YAML 1.1 tools"),
    ("match:\n  m: {each: people}\n  m2: {each: people, where: {any: [{name: a}]}}\n", 22, 36, "'any' takes a list of at least two"),
    ("match:\n  x:\n    compare: population.registerd\n    is: {gt: 1}\n", 22, 11, "did you mean 'population.registered'"),
    ("match:\n  x:\n    compare: ccg.name\n    is: {gt: 1}\n", 22, 11, "'ccg.name' is not a number field"),
    ("match:\n  m: {each: people, where: {registrations: {contains: x}}}\n", 21, 35, "is a collection of its own: match it with each: people.registrations"),
    ("match:\n  x:\n    compare: population.registered\n", 21, 9, "a compare needs 'is'"),
]


@pytest.mark.parametrize(("body", "line", "column", "phrase"), BROKEN_CONDITIONS,
                         ids=[c[3] for c in BROKEN_CONDITIONS])
def test_broken_condition_is_located(tmp_path: Path, body: str, line: int, column: int, phrase: str) -> None:
    err = load_error(tmp_path, cond(body))
    assert phrase in err.message, err.message
    assert (err.line, err.column) == (line, column), str(err)
    assert err.rule_id == "DEMO-01"
    assert str(err).startswith(f"{tmp_path / '1.yaml'}:{line}:{column}: ")


BROKEN_RULES = [
    # (replace this, with that, expected line, column, phrase)
    ("    severity: error\n", "    severity: eror\n", 13, 5, "Input should be"),
    ("    rationale: Because.\n", "    rationale: Because.\n    rationle: typo\n", 17, 5, "unknown key 'rationle'"),
    ("    domain: governance\n", "    domain: finance\n", 12, 5, "unknown domain 'finance'"),
    ("    message: The governing body has {seats} members.\n",
     "    message: The governing body has {sets} members.\n", 17, 5, "'sets' is not an alias"),
    ("  - id: DEMO-01\n", "  - id: demo-1\n", 10, 5, "should match pattern"),
    ("    citation: {instrument: SI 2012/1631, provision: reg 11(1), confidence: confirmed}\n",
     "    citation: {instrument: SI 2012/1631, provision: reg 11(1), confidence: sure}\n", 15, 64, "Input should be"),
    ("    remediation: Appoint more.\n", "", 10, 5, "missing key 'remediation'"),
]


@pytest.mark.parametrize(("old", "new", "line", "column", "phrase"), BROKEN_RULES,
                         ids=[c[4] for c in BROKEN_RULES])
def test_broken_rule_is_located(tmp_path: Path, old: str, new: str, line: int, column: int, phrase: str) -> None:
    text = HEADER + RULE
    assert old in text
    err = load_error(tmp_path, text.replace(old, new))
    assert phrase in err.message, err.message
    assert (err.line, err.column) == (line, column), str(err)


def test_unknown_top_level_key_is_located(tmp_path: Path) -> None:
    err = load_error(tmp_path, HEADER.replace("title: Demo\n", "title: Demo\ntitel: x\n") + RULE)
    assert (err.line, err.column, err.message) == (4, 1, "unknown key 'titel'")


def test_yaml_problem_in_ruleset_is_located(tmp_path: Path) -> None:
    err = load_error(tmp_path, HEADER + RULE + RULE.replace("DEMO-01", "DEMO-02") + "rules: []\n")
    assert "rules" in err.message
    assert "twice" in err.message
    assert (err.line, err.column) == (40, 1)


def test_duplicate_rule_id_is_refused(tmp_path: Path) -> None:
    err = load_error(tmp_path, HEADER + RULE + RULE)
    assert "DEMO-01" in str(err)


def test_version_must_match_file_name(tmp_path: Path) -> None:
    from ccg_rules.rules.headers import read_header

    path = write(tmp_path, HEADER + RULE, name="2.yaml")
    with pytest.raises(RulesetError) as info:
        read_header(path, "2.yaml")
    assert (info.value.line, info.value.column) == (2, 1)
    assert "must match the file name 2.yaml" in info.value.message


# ---------------------------------------------------------------------------- versions

EXTENDED = """\
ruleset: demo
version: "2"
title: Demo, second version
effective_from: 2014-10-01
extends: "1"
parameters:
  minimum: {value: 4, description: Fewer members from now on.}
change:
  - id: DEMO-01
    severity: warning
rules:
  - id: DEMO-02
    title: Second rule
    domain: governance
    severity: info
    consequence: advisory
    citation: {instrument: SI 2014/2436, provision: art 2, confidence: confirmed}
    rationale: Because.
    message: Person {p.name}.
    remediation: None needed.
    condition:
      match:
        p: {each: people}
"""


def test_extends_changes_parameters_and_rules(tmp_path: Path) -> None:
    write(tmp_path, HEADER + RULE)
    second = load_ruleset(write(tmp_path, EXTENDED, "2.yaml"))
    first = load_ruleset(tmp_path / "1.yaml")
    assert [r.id for r in second.rules] == ["DEMO-01", "DEMO-02"]
    assert second.rule("DEMO-01").severity == "warning"
    assert second.rule("DEMO-01").defined_in == "2"
    assert second.parameters["minimum"] == 4
    step = second.rule("DEMO-01")._parsed.condition.steps[0]
    assert isinstance(step, Count)
    assert step.threshold == 4
    assert first.digest != second.digest


def test_remove_drops_an_inherited_rule(tmp_path: Path) -> None:
    write(tmp_path, HEADER + RULE)
    text = EXTENDED.split("change:")[0] + "remove:\n  - {id: DEMO-01, reason: Repealed.}\n"
    second = load_ruleset(write(tmp_path, text, "2.yaml"))
    assert [r.id for r in second.rules] == []
    assert second.removed == {"DEMO-01": "Repealed. (removed in 2)"}


@pytest.mark.parametrize(
    ("old", "new", "phrase", "line"),
    [
        ('extends: "1"', 'extends: "0"', "no file 0.yaml", 5),
        ("effective_from: 2014-10-01", "effective_from: 2011-10-01", "must be later", 4),
        ("  - id: DEMO-01\n    severity: warning", "  - id: DEMO-09\n    severity: warning", "not an inherited rule", 9),
        ("    severity: warning\nrules", "    severty: warning\nrules", "unknown key 'severty'", 10),
        ("    severity: warning\nrules", "    severity: warning\n    condition: {match: {}}\nrules", "at least one step", 11),
    ],
)
def test_broken_extension_is_located(tmp_path: Path, old: str, new: str, phrase: str, line: int) -> None:
    write(tmp_path, HEADER + RULE)
    assert old in EXTENDED
    path = write(tmp_path, EXTENDED.replace(old, new), "2.yaml")
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    assert phrase in info.value.message, info.value.message
    assert info.value.line == line, str(info.value)
    assert info.value.file == str(path)


def test_relative_dates_resolve_per_as_of(tmp_path: Path) -> None:
    text = cond("match:\n  d:\n    each: conflicts_of_interest.declarations\n"
                "    where: {declared: {lt: {months_before: 12}}}\n")
    ruleset = load_ruleset(write(tmp_path, text))
    parsed = ruleset.rule("DEMO-01")._parsed.condition
    step = parsed.steps[0]
    assert isinstance(step, Binding)
    assert step.criteria == (
        Test("declared", Op.LT, RelativeDate("months", 12)),
    )
    resolved = resolve(parsed, dt.date(2013, 3, 31)).steps[0]
    assert isinstance(resolved, Binding)
    assert resolved.criteria == (Test("declared", Op.LT, dt.date(2012, 3, 31).toordinal()),)
    assert ruleset.plan(dt.date(2013, 3, 31)) is ruleset.plan(dt.date(2013, 3, 31))


@pytest.mark.parametrize(
    ("as_of", "unit", "amount", "expected"),
    [
        (dt.date(2013, 3, 31), "months", 1, dt.date(2013, 2, 28)),
        (dt.date(2012, 3, 31), "months", 1, dt.date(2012, 2, 29)),
        (dt.date(2013, 1, 15), "months", 12, dt.date(2012, 1, 15)),
        (dt.date(2016, 2, 29), "years", 1, dt.date(2015, 2, 28)),
        (dt.date(2013, 1, 15), "days", 28, dt.date(2012, 12, 18)),
        (dt.date(2013, 1, 15), "years", 10, dt.date(2003, 1, 15)),
    ],
)
def test_shift_date_is_calendar_arithmetic(as_of: dt.date, unit: str, amount: int, expected: dt.date) -> None:
    assert shift_date(as_of, RelativeDate(unit, amount)) == expected
