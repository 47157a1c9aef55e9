"""Output safety: no document, waiver file or ruleset text can forge, inject or escape in any format.

Each sink has exact-output tests of the layer (``ccg_rules._safe``) and of the renderers,
then one property test pushes arbitrary Unicode through every format and every ``assess``
output. Configuration paths and messages about files that are not ours are at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ccg_rules import check
from ccg_rules._safe import (
    csv_field,
    excerpt,
    github_data,
    github_line,
    github_property,
    html_text,
    json_text,
    markdown_code,
    markdown_link,
    markdown_text,
    shown,
    visible,
    web_url,
)
from ccg_rules.findings import Waiver
from ccg_rules.render import FORMATS, render
from ccg_rules.render.board_paper import board_paper
from ccg_rules.render.html import render_wave
from ccg_rules.render.wave import wave_csv, wave_markdown, wave_summary
from ccg_rules.report import Report
from ccg_rules.wave import Wave, row_for
from textscope import statement

NONCOMPLIANT = "examples/ccg-noncompliant.yaml"
REPO = Path(__file__).resolve().parents[1]
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\ufffe\uffff\U000e0000-\U000e007f]"
)
"""Every unsafe character but the line feed that ends each line."""


# --------------------------------------------------------------------------- the layer


def test_visible_escapes_controls_escapes_and_separators() -> None:
    text = (
        "a\nb\rc\x1b[31mred\x1b]8;;https://x.example\x07link\x1b]8;;\x07\x9b2J\u2028\u202e\U000e0041\x00\x7f"
    )
    assert visible(text) == (
        "a\\nb\\rc\\x1b[31mred\\x1b]8;;https://x.example\\x07link\\x1b]8;;\\x07\\x9b2J"
        "\\u2028\\u202e\\U000e0041\\x00\\x7f"
    )
    ordinary = "NHS Fenhollow CCG — Père’s «board» 100% \\ tab-free, emoji 😀, NBSP\xa0kept"
    assert visible(ordinary) == ordinary


def test_shown_keeps_the_message_lines_and_escapes_the_rest() -> None:
    assert shown("first\nsecond\x1b[2J\rthird") == "first\nsecond\\x1b[2J\\rthird"


def test_excerpt_is_short_quoted_and_escaped() -> None:
    assert excerpt("a\nb") == "'a\\nb'"
    assert excerpt("x" * 100) == "'" + "x" * 39 + "…'"


def test_github_escapes_as_the_toolkit_does() -> None:
    assert github_data("100% a\r\nb: c, d\x1b") == "100%25 a%0D%0Ab: c, d\\x1b"
    assert github_property("a\n::error ,x:y%") == "a%0A%3A%3Aerror %2Cx%3Ay%25"
    assert github_line("::stop-commands::x.yaml: 1 error") == "%3A:stop-commands::x.yaml: 1 error"
    assert github_line("  ::error::x") == "  %3A:error::x"
    assert github_line("a ##[error]x\nb") == "a ##%5Berror]x\\nb"
    assert github_line("ccg.yaml: 1 error, 0 warnings, 0 info") == "ccg.yaml: 1 error, 0 warnings, 0 info"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\\tx"),
        ("\rx", "'\\rx"),
        ("a,b", '"a,b"'),
        ('say "hi"', '"say ""hi"""'),
        ("a\nb", "a\\nb"),
        ("NHS A-B CCG", "NHS A-B CCG"),
        ("", ""),
    ],
)
def test_csv_fields_guard_formulas_and_quote(text: str, field: str) -> None:
    assert csv_field(text) == field


def test_markdown_text_has_no_structure() -> None:
    # the escape's backslash is itself escaped, so that the page shows \n
    assert markdown_text("x\n# Injected") == "x\\\\n\\# Injected"
    assert markdown_text('<img src=x onerror="alert(1)">') == '\\<img src=x onerror="alert(1)"\\>'
    assert markdown_text("a | b") == "a \\| b"
    assert markdown_text("*b* _i_ [l](javascript:x) `c` ~s~ &amp;") == (
        "\\*b\\* \\_i\\_ \\[l\\](javascript:x) \\`c\\` \\~s\\~ \\&amp;"
    )
    assert markdown_text("role secondary_care_specialist") == "role secondary_care_specialist"
    assert markdown_text("back\\slash") == "back\\\\slash"


def test_markdown_code_spans_cannot_be_closed_early() -> None:
    assert markdown_code("/ccg/name") == "`/ccg/name`"
    assert markdown_code("a`b|c") == "``a`b\\|c``"
    assert markdown_code("`x`") == "`` `x` ``"
    assert markdown_code("a\nb") == "`a\\nb`"


def test_only_http_and_https_urls_become_links() -> None:
    assert (
        web_url("https://www.legislation.gov.uk/uksi/2012/1631")
        == "https://www.legislation.gov.uk/uksi/2012/1631"
    )
    assert web_url("HTTP://example.org/") == "HTTP://example.org/"
    for bad in (
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "//example.org/x",
        "https:///nohost",
        "https://x.example/a b",
        "https://x.example/\x1b",
        " javascript:alert(1)",
        "",
        None,
    ):
        assert web_url(bad) is None, bad
    assert markdown_link("SI 2012/1631, reg 11", "javascript:alert(1)") == "SI 2012/1631, reg 11"
    assert markdown_link("reg 11", "https://x.example/a(b)") == "[reg 11](https://x.example/a%28b%29)"


def test_html_text_and_json_text() -> None:
    assert html_text('<img src=x onerror="a">\n') == "&lt;img src=x onerror=&quot;a&quot;&gt;\\n"
    raw = json.dumps({"k": "a\x85\u2028\u202e\U000e0041"}, ensure_ascii=False)
    assert json_text(raw) == '{"k": "a\\u0085\\u2028\\u202e\\udb40\\udc41"}'
    assert json.loads(json_text(raw)) == json.loads(raw)


# --------------------------------------------------------------------------- renderers


@functools.cache
def _base() -> Report:
    return check(REPO / NONCOMPLIANT, file=NONCOMPLIANT)


def _hostile(name: str, file: str, message: str, url: str, text: str = "x") -> Report:
    """The noncompliant example's report with hostile strings wherever a document or ruleset puts text."""
    base = _base()
    findings = [
        f.model_copy(
            update={
                "message": f"{message} ({i})",
                "location": f.location.model_copy(update={"file": file}),
                "pointer": f"/{text}",
            }
        )
        for i, f in enumerate(base.findings)
    ]
    waiver = Waiver(
        rule=findings[0].rule_id,
        target=findings[0].pointer,
        justification=text,
        approved_by=name,
        approved_on=dt.date(2013, 1, 1),
        expires=dt.date(2014, 1, 1),
        reference=text,
        location=findings[0].location,
    )
    findings[0] = findings[0].model_copy(update={"waived": waiver})
    rules = [
        r.model_copy(
            update={
                "title": f"{text} {r.title}",
                "help_uri": url,
                "citation": r.citation.model_copy(update={"url": url}) if r.citation else None,
            }
        )
        for r in base.rules
    ]
    conditions = [
        c.model_copy(
            update={
                "title": text,
                "text": message,
                "citation": c.citation.model_copy(update={"url": url}) if c.citation else None,
            }
        )
        for c in base.conditions
    ]
    domains = [d.model_copy(update={"title": text}) for d in base.domains]
    document = base.document.model_copy(update={"file": file, "name": name})
    return base.model_copy(
        update={
            "document": document,
            "findings": tuple(findings),
            "rules": tuple(rules),
            "conditions": tuple(conditions),
            "domains": tuple(domains),
        }
    )


FORGE = "a.yaml\n::error file=x,line=1::forged\nb.yaml:1:1: error REG-00 forged"
STOP = "::stop-commands::x.yaml"


def test_text_never_forges_a_line_or_writes_an_escape() -> None:
    report = _hostile("N\x1b]8;;javascript:x\x07", FORGE, "msg\r\x1b[2Jgone", "javascript:x")
    out = render("text", [report])
    lines = out.split("\n")[:-1]
    assert len(lines) == len(report.in_force) + 2  # the findings, the summary and the scope line
    first = report.in_force[0]
    prefix = "a.yaml\\n::error file=x,line=1::forged\\nb.yaml:1:1: error REG-00 forged"
    assert lines[0] == f"{prefix}:{first.location.line}:{first.location.column}: error {first.rule_id} " + (
        f"msg\\r\\x1b[2Jgone ({report.findings.index(first)})"
    )
    assert lines[-1].startswith(f"{prefix}: ")
    assert not UNSAFE.search(out)
    coloured = render_text_coloured(report)
    assert coloured.count("\n") == len(lines)
    assert "\\x1b[2J" in coloured
    assert "\x1b[2J" not in coloured


def render_text_coloured(report: Report) -> str:
    from ccg_rules.render.text import render_text

    return render_text([report], colour=True)


def test_github_annotations_cannot_be_forged_or_stopped() -> None:
    for file in (FORGE, STOP, "##[error]x.yaml", " ::warning::x.yaml"):
        report = _hostile("n", file, "m\n::error::forged%0A", "javascript:x")
        out = render("github", [report])
        lines = out.split("\n")[:-1]
        assert len(lines) == len(report.in_force) + 1
        for line in lines[:-1]:
            assert re.match(r"::(error|warning|notice) file=[^,:]*,line=\d+,col=\d+,title=[^,:]+::", line), (
                line
            )
            props = line.split("::")[1]
            assert github_property(file) in props
            assert "m%0A::error::forged%250A" in line
        summary = lines[-1]
        assert not summary.lstrip().startswith("::")
        assert "##[" not in summary
        assert not UNSAFE.search(out)
    assert render("github", [_hostile("n", STOP, "m", "x")]).split("\n")[-2].startswith("%3A:stop-commands")


def test_markdown_names_cannot_add_headings_tables_or_html() -> None:
    report = _hostile(
        "Evil\n# Injected\n<img src=x onerror=alert(1)>", "f.yaml", "a | b\n| c |", "javascript:x"
    )
    out = render("markdown", [report])
    assert "## Evil\\\\n\\# Injected\\\\n\\<img src=x onerror=alert(1)\\> (`f.yaml`)" in out
    headings = [line for line in out.split("\n") if line.startswith("#")]
    assert headings[0] == "# ccg-rules report"
    assert all(h.startswith("## Evil") or h.startswith("### ") for h in headings[1:])
    assert "<img" not in out.replace("\\<img", "")
    assert "javascript:" not in out
    for line in out.split("\n"):
        if line.startswith("| ") and line.endswith(" |"):
            assert len(_cells(line)) in (5, 6, 8), line  # findings; waivers; domains


def test_html_links_only_http_and_https() -> None:
    report = _hostile(
        "<script>alert(1)</script>", "f.yaml", "<img src=x onerror=alert(1)>", "javascript:alert(1)"
    )
    out = render("html", [report])
    assert "javascript:" not in out
    assert "<img src=x" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert out.count("<script>") == 1  # the page's own
    good = render("html", [_hostile("n", "f.yaml", "m", "https://www.legislation.gov.uk/uksi/2012/1631")])
    assert '<a href="https://www.legislation.gov.uk/uksi/2012/1631">' in good


def test_sarif_help_uri_only_http_and_https() -> None:
    bad = json.loads(render("sarif", [_hostile("n", "f.yaml", "m", "javascript:alert(1)")]))
    rules = bad["runs"][0]["tool"]["driver"]["rules"]
    assert rules
    assert all("helpUri" not in r for r in rules)
    assert all("javascript:" not in r["help"]["markdown"] for r in rules)
    good = json.loads(render("sarif", [_hostile("n", "f.yaml", "m", "https://x.example/r")]))
    assert {r.get("helpUri") for r in good["runs"][0]["tool"]["driver"]["rules"]} == {"https://x.example/r"}


def test_junit_help_only_http_and_https() -> None:
    out = render("junit", [_hostile("n", "f.yaml", "m", "javascript:alert(1)")])
    assert "javascript:" not in out
    ET.fromstring(out)


def test_csv_guards_formulas_in_names_and_file_names() -> None:
    report = _hostile('=HYPERLINK("http://evil","x")', "@SUM(1+1).yaml", "m", "x")
    wave = Wave(rows=(row_for(report), row_for(report, file="-2+3.yaml"), row_for(report, file="\tx.yaml")))
    rows = list(csv.reader(io.StringIO(wave_csv(wave))))
    assert [r[:2] for r in rows[1:]] == [
        ["'@SUM(1+1).yaml", '\'=HYPERLINK("http://evil","x")'],
        ["'-2+3.yaml", '\'=HYPERLINK("http://evil","x")'],
        ["'\\tx.yaml", '\'=HYPERLINK("http://evil","x")'],
    ]


def test_assess_summary_escapes_file_names() -> None:
    wave = Wave(rows=(row_for(_hostile("n", FORGE, "m", "x")),))
    lines = wave_summary(wave).split("\n")[:-1]
    assert len(lines) == 3 + 1  # the scope line
    assert lines[1].endswith("a.yaml\\n::error file=x,line=1::forged\\nb.yaml:1:1: error REG-00 forged")


# --------------------------------------------------------------------------- every format, any text


def _cells(row: str) -> list[str]:
    """A Markdown table row's cells, split as GitHub's table extension does (``\\x`` escapes x)."""
    cells, current, i = [], "", 0
    while i < len(row):
        if row[i] == "\\":
            current += row[i : i + 2]
            i += 2
            continue
        if row[i] == "|":
            cells.append(current)
            current = ""
        else:
            current += row[i]
        i += 1
    cells.append(current)
    return cells[1:-1]


def _check_output(fmt: str, out: str, report: Report) -> None:
    assert not UNSAFE.search(out), (fmt, UNSAFE.search(out))
    out.encode("utf-8")
    lines = out.split("\n")
    assert lines[-1] == ""
    if fmt == "text":
        assert len(lines) - 1 == len(report.in_force) + 2  # the summary and the scope line
    elif fmt == "github":
        assert len(lines) - 1 == len(report.in_force) + 1
        assert all(
            re.match(r"::(error|warning|notice) file=[^,:]*,line=\d+,col=\d+,title=[^,:]+::", x)
            for x in lines[:-2]
        )
        assert not lines[-2].lstrip().startswith("::")
        assert "##[" not in lines[-2]
    elif fmt == "json-lines":
        assert len(lines) == 2  # one report, one line
        data = json.loads(lines[0])
        assert (data["document"]["file"], data["document"]["name"]) == (
            report.document.file,
            report.document.name,
        )
        assert [f["message"] for f in data["findings"]] == [f.message for f in report.findings]
    elif fmt in ("json", "sarif"):
        data = json.loads(out)
        if fmt == "json":
            assert data["reports"][0]["document"]["file"] == report.document.file
            assert data["reports"][0]["document"]["name"] == report.document.name
        else:
            for rule in data["runs"][0]["tool"]["driver"]["rules"]:
                assert "helpUri" not in rule or web_url(rule["helpUri"])
    elif fmt == "junit":
        ET.fromstring(out)
    elif fmt == "markdown":
        headings = [x for x in lines if x.startswith("#")]
        assert headings[0] == "# ccg-rules report"
        assert all(h.startswith("## ") or h in MARKDOWN_SUBHEADINGS for h in headings[1:])
        assert len([h for h in headings if h.startswith("## ")]) == 1
        # Code spans show raw text; an escaped backtick (\`) opens none.
        prose = re.sub(r"(?<![`\\])(`+)(?!`).*?(?<!`)\1(?!`)", "", out)
        assert not re.search(r"(?<!\\)<", prose)
        for row in (x for x in lines if x.startswith("| ")):
            assert len(_cells(row)) in (5, 6, 8), row  # findings; waivers; domains
        for target in re.findall(r"\]\(([^)]*)\)", out):
            assert (
                re.match(r"https?://", target)
                or not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", target)
                or (target.startswith("file:") and Path(report.document.file or "").is_absolute())
            ), target
    elif fmt == "html":
        _check_html(out)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _check_html(out: str) -> None:
    parser = _Tags()
    parser.feed(out)
    assert sum(1 for tag, _ in parser.tags if tag == "script") == 1
    for tag, attrs in parser.tags:
        assert tag not in ("img", "iframe", "object", "embed"), tag
        for key, value in attrs:
            assert not key.startswith("on"), (tag, key)
            if key == "href" and value and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
                assert re.match(r"(https?|file):", value), value


hostile_text = st.text(max_size=40)

MARKDOWN_SUBHEADINGS = {
    "### Domains",
    "### Conditions proposed (11)",  # the noncompliant example's
    "### Directions",
    "### Configuration risk",
    "### Findings",
    "### Waived",
    "### Waiver problems",
    "### Scope and metadata",
}
"""The only headings below a document's own that the Markdown and the board paper write."""


def _check_board_paper(paper: str, rows: int) -> None:
    """The board paper of hostile reports keeps its shape: our headings, one per CCG, no raw HTML."""
    lines = paper.split("\n")
    headings = [x for x in lines if x.startswith("#")]
    assert headings[0] == "# CCG authorisation: board paper"
    assert all(h.startswith("## ") or h in MARKDOWN_SUBHEADINGS for h in headings[1:]), headings
    assert len([h for h in headings if h.startswith("## ")]) == rows
    prose = re.sub(r"(?<![`\\])(`+)(?!`).*?(?<!`)\1(?!`)", "", paper)
    assert not re.search(r"(?<!\\)<", prose)
    assert not UNSAFE.search(paper)
    for row in (x for x in lines if x.startswith("| ")):
        assert len(_cells(row)) == 6, row
    items = [x for x in lines if re.match(r"\d+\. \*\*", x)]
    assert len(items) == 11 * rows  # one numbered item per condition: none forged, none lost
    for target in re.findall(r"\]\(([^)]*)\)", paper):
        assert target.startswith(("http://", "https://")), target


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=hostile_text,
    file=st.text(min_size=1, max_size=40),
    message=hostile_text,
    url=hostile_text,
    text=hostile_text,
)
@example(name="`", file="0<", message="", url="", text="")  # an escaped backtick before a code span
@pytest.mark.slow
def test_every_format_stays_well_formed_for_any_text(
    name: str, file: str, message: str, url: str, text: str
) -> None:
    report = _hostile(name, file, message, url, text)
    for fmt in FORMATS:
        _check_output(fmt, render(fmt, [report]), report)
    wave = Wave(rows=(row_for(report), row_for(report, file=name or "x")))
    table = wave_csv(wave)
    assert not UNSAFE.search(table)
    rows = list(csv.reader(io.StringIO(table)))
    assert len(rows) == 3
    assert all(len(r) == 10 for r in rows)
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)
    summary = wave_summary(wave)
    assert not UNSAFE.search(summary)
    assert summary.count("\n") == 4 + 1  # the scope line, once for both rows
    _check_board_paper(board_paper(wave), 2)
    md = wave_markdown(wave)
    assert not UNSAFE.search(md)
    assert md.count("\n") == 4
    assert all(len(_cells(x)) == 10 for x in md.split("\n")[:-1])
    _check_html(render_wave(wave))


# --------------------------------------------------------------------------- through the command line


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    target.write_bytes((REPO / NONCOMPLIANT).read_bytes())
    return target


@pytest.mark.slow
def test_a_file_name_cannot_forge_lines_on_stdout(tmp_path: Path, run_process: Callable[..., Any]) -> None:
    name = "a\n::error file=x,line=1::forged\x1b[2J.yaml"
    _copy(tmp_path, name)
    code, out, err, _ = run_process("check", "--no-config", name, cwd=tmp_path)
    assert code == 1, err
    shown_name = "a\\n::error file=x,line=1::forged\\x1b[2J.yaml"
    assert all(line.startswith(f"{shown_name}:") for line in out.splitlines())
    assert not UNSAFE.search(out)
    code, out, err, _ = run_process("check", "--no-config", "--format", "github", name, cwd=tmp_path)
    lines = out.splitlines()
    prop = "file=a%0A%3A%3Aerror file=x%2Cline=1%3A%3Aforged\\x1b[2J.yaml,"
    assert all(re.match(r"::(error|warning) ", line) and prop in line for line in lines[:-1])
    assert lines[-1].startswith(f"{shown_name}: 9 errors")


@pytest.mark.slow
def test_stop_commands_in_a_file_name_cannot_silence_annotations(
    tmp_path: Path, run_process: Callable[..., Any]
) -> None:
    (tmp_path / "x").mkdir()
    name = "::stop-commands::x.yaml"
    _copy(tmp_path, name)
    code, out, _, _ = run_process("check", "--no-config", "--format", "github", name, cwd=tmp_path)
    assert code == 1
    summary = out.splitlines()[-1]
    assert summary.startswith(
        "%3A:stop-commands::x.yaml: 9 errors, 2 warnings, 0 info; authorised with conditions"
    )


def test_messages_on_stderr_are_escaped(tmp_path: Path, run_process: Callable[..., Any]) -> None:
    code, _, err, _ = run_process("check", "--no-config", "gone\x1b]8;;http://x\x07.yaml", cwd=tmp_path)
    assert code == 2
    assert not UNSAFE.search(err)
    assert err.startswith("ccg-rules: error: 'gone\\x1b]8;;http://x\\x07.yaml': no such file")


@pytest.mark.slow
def test_assess_outputs_guard_names(tmp_path: Path, run_process: Callable[..., Any]) -> None:
    wave = tmp_path / "wave"
    wave.mkdir()
    _copy(wave, "=cmd|' -C calc'!A0.yaml")
    _copy(wave, "b\n0 CCGs: none.yaml")
    code, out, err, _ = run_process("assess", "wave", "--csv", "w.csv", cwd=tmp_path)
    assert code == 1, err
    assert out.splitlines() == [
        "outcome                     conditions  risk  file",
        "authorised with conditions          11  red   wave/=cmd|' -C calc'!A0.yaml",
        "authorised with conditions          11  red   wave/b\\n0 CCGs: none.yaml",
        "2 CCGs: 2 authorised with conditions",
        statement(NONCOMPLIANT),
        "wrote w.csv",
    ]
    rows = list(csv.reader(io.StringIO((tmp_path / "w.csv").read_text(encoding="utf-8"))))
    assert [r[0] for r in rows[1:]] == ["wave/=cmd|' -C calc'!A0.yaml", "wave/b\\n0 CCGs: none.yaml"]


def test_a_file_name_that_is_not_utf8_in_every_format() -> None:
    report = _hostile("n", "\udcff\udcfe.yaml", "m", "https://x.example/r")
    for fmt in FORMATS:
        _check_output(fmt, render(fmt, [report]), report)
    assert "[65:3](%FF%FE.yaml#L65)" in render("markdown", [report])
    wave = Wave(rows=(row_for(report),))
    for text in (wave_csv(wave), wave_summary(wave), wave_markdown(wave), render_wave(wave)):
        assert not UNSAFE.search(text)
        text.encode("utf-8")


@pytest.mark.slow
def test_a_file_name_that_is_not_utf8_on_the_command_line(
    tmp_path: Path, run_process: Callable[..., Any]
) -> None:
    name = "\udcff\udcfe.yaml"  # the bytes FF FE, as os.fsdecode gives them
    _copy(tmp_path, name)
    for fmt in FORMATS:
        code, out, err, _ = run_process("check", "--no-config", "--format", fmt, name, cwd=tmp_path)
        assert (code, err) == (1, ""), fmt
        assert "\\udcff\\udcfe.yaml" in out or "%FF%FE.yaml" in out, fmt
    code, out, err, _ = run_process("assess", ".", "--csv", "w.csv", "--report", "w.html", cwd=tmp_path)
    assert (code, err) == (1, "")
    assert "\\udcff\\udcfe.yaml" in out


def test_show_settings_escapes_values_from_the_file(tmp_path: Path, run_process: Callable[..., Any]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".ccg-rules.yaml").write_text('ignore: "A\\e[31mB"\n', encoding="utf-8")
    code, out, err, _ = run_process("check", "--show-settings", cwd=tmp_path)
    assert (code, err) == (0, "")
    (row,) = [line for line in out.splitlines() if line.startswith("ignore ")]
    assert row.split() == ["ignore", "A\\x1b[31mB", ".ccg-rules.yaml:1:1"]
