"""The HTML report: structure, accessibility, escaping and links, read with the stdlib parser."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ccg_rules import Wave, WaveRow, assess_wave
from ccg_rules.render._html_assets import CSS
from ccg_rules.render.html import render_wave
from htmltree import Node, parse

COMPLIANT = "examples/ccg-compliant.yaml"
NONCOMPLIANT = "examples/ccg-noncompliant.yaml"
STATUS_ICON = {"Met": "#i-met", "Met with conditions": "#i-cond", "Not met": "#i-notmet"}


@pytest.fixture(autouse=True)
def _in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)


@pytest.fixture(scope="module")
def wave() -> Wave:
    return assess_wave([COMPLIANT, NONCOMPLIANT])


@pytest.fixture(scope="module")
def page(wave: Wave) -> Node:
    return parse(render_wave(wave))


def _section(page: Node, anchor: str) -> Node:
    (details,) = [d for d in page.iter("details") if d.attrs.get("id") == anchor]
    return details


def _anchor_of(page: Node, name: str) -> str:
    links = [a for a in page.iter("a") if a.flat() == name and a.attrs.get("href", "").startswith("#")]
    assert len(links) == 1, name
    return links[0].attrs["href"][1:]


def _noncompliant(page: Node, wave: Wave) -> tuple[WaveRow, Node]:
    """The row of the noncompliant example, with a report, and its section of the page."""
    bad = wave.rows[1]
    assert bad.report is not None
    assert bad.ccg == "NHS Fenhollow Clinical Commissioning Group"
    return bad, _section(page, _anchor_of(page, bad.ccg))


# --------------------------------------------------------------------------- structure


def test_page_is_english_titled_and_well_nested(page: Node, wave: Wave) -> None:
    (html,) = page.iter("html")
    assert html.attrs["lang"] == "en"
    assert [t.flat() for t in page.iter("title")] == ["CCG authorisation wave: 2 CCGs"]
    assert [h.flat() for h in page.iter("h1")] == ["CCG authorisation wave: 2 CCGs"]
    assert [h.flat() for h in page.iter("h2")] == ["Overview", "CCGs"]
    assert len(page.iter("details")) == len(wave.rows)


def test_every_table_header_has_a_scope(page: Node) -> None:
    headers = page.iter("th")
    assert headers
    for th in headers:
        assert th.attrs.get("scope") in ("col", "row"), th.flat()
    for table in page.iter("table"):
        assert len(table.iter("caption")) == 1


def test_every_ccg_is_in_the_overview_table_and_has_a_section(page: Node, wave: Wave) -> None:
    (table,) = [t for t in page.iter("table") if t.iter("caption")[0].flat().startswith("All CCGs")]
    rows = table.iter("tbody")[0].iter("tr")
    names = [r.iter("th")[0].iter("a")[0].flat() for r in rows]
    assert names == [row.ccg for row in wave.rows]
    files = [s.flat() for r in rows for s in r.iter("th")[0].iter("span") if "file" in s.classes()]
    assert files == [row.file for row in wave.rows]
    for row in wave.rows:
        assert row.ccg is not None
        section = _section(page, _anchor_of(page, row.ccg))
        summary = section.iter("summary")[0].flat()
        assert summary.startswith(row.ccg)
    outcomes = [r.iter("td")[0].flat() for r in rows]
    assert outcomes == ["Authorised", "Authorised with conditions"]


def test_outcome_cards_count_the_ccgs(page: Node) -> None:
    (cards,) = [u for u in page.iter("ul") if "cards" in u.classes()]
    assert [li.flat() for li in cards.iter("li")] == [
        "1 Authorised",
        "1 Authorised with conditions",
        "0 Authorised with conditions and directions",
        "0 Established but not authorised",
    ]


def test_conditions_by_domain_are_written_as_numbers(page: Node, wave: Wave) -> None:
    (chart,) = [
        t for t in page.iter("table") if t.iter("caption")[0].flat() == "Conditions by domain, all CCGs"
    ]
    body = chart.iter("tbody")[0].iter("tr")
    assert len(body) == 6
    totals = {r.iter("th")[0].flat(): int(r.iter("td")[2].flat()) for r in body}
    expected: dict[str, int] = {}
    for row in wave.rows:
        assert row.report is not None
        for c in row.report.conditions:
            expected[c.domain or ""] = expected.get(c.domain or "", 0) + 1
    assert sum(totals.values()) == sum(expected.values()) == 11
    assert totals["4. Proper constitutional and governance arrangements"] == expected["governance"]
    for r in body:  # the bars are decoration: hidden from assistive technology
        assert r.iter("td")[-1].attrs.get("aria-hidden") == "true"


def test_domain_badges_carry_a_word_and_a_shape_as_well_as_a_colour(page: Node, wave: Wave) -> None:
    bad, section = _noncompliant(page, wave)
    (domains,) = [t for t in section.iter("table") if t.iter("caption")[0].flat() == "Authorisation domains"]
    rows = domains.iter("tbody")[0].iter("tr")
    assert len(rows) == len(bad.report.domains) == 6
    for tr, domain in zip(rows, bad.report.domains, strict=True):
        (badge,) = [s for s in tr.iter("span") if "badge" in s.classes()]
        label = badge.flat()
        assert (
            label
            == {"met": "Met", "met_with_conditions": "Met with conditions", "not_met": "Not met"}[
                domain.status.value
            ]
        )
        assert domain.status.rag in badge.classes()
        (use,) = badge.iter("use")
        assert use.attrs["href"] == STATUS_ICON[label]
        assert tr.iter("th")[0].flat() == f"{domain.number}. {domain.title}"
    assert {r.iter("span")[0].flat() for r in rows} == {"Met", "Met with conditions"}


def test_the_overview_table_gives_each_domain_an_accessible_label(page: Node) -> None:
    icons = [s for s in page.iter("svg") if s.attrs.get("role") == "img"]
    labels = [s.attrs["aria-label"] for s in icons]
    assert len(labels) == 12
    assert "1. A strong clinical and multi-professional focus: met with conditions" in labels
    assert "5. Collaborative arrangements for commissioning: met with conditions" in labels
    assert labels.count("6. Great leaders who individually and collectively make a difference: met") == 2


def test_conditions_give_citation_remediation_and_line(page: Node, wave: Wave) -> None:
    bad, section = _noncompliant(page, wave)
    (ol,) = [o for o in section.iter("ol") if "conditions" in o.classes()]
    items = ol.iter("li")
    assert len(items) == len(bad.report.conditions)
    for li, condition in zip(items, bad.report.conditions, strict=True):
        text = li.flat()
        assert text.startswith(f"{condition.rule_id} ")
        assert f"What to do: {' '.join(condition.text.split())}" in text
        assert condition.citation is not None
        cited = f"{condition.citation.instrument}, {condition.citation.provision}"
        assert f"Source: {cited}" in text
        source = [a.attrs["href"] for a in li.iter("a") if a.flat() == cited]
        assert source == ([condition.citation.url] if condition.citation.url else [])
        lines = [a.attrs["href"] for a in li.iter("a") if "#L" in a.attrs.get("href", "")]
        assert lines == [f"{NONCOMPLIANT}#L{n}" for n in condition.lines]


def test_findings_link_to_their_lines(page: Node, wave: Wave) -> None:
    bad, section = _noncompliant(page, wave)
    (table,) = [t for t in section.iter("table") if t.iter("caption")[0].flat().startswith("Findings for")]
    rows = table.iter("tbody")[0].iter("tr")
    assert len(rows) == len(bad.report.findings) == 11
    for tr, finding in zip(rows, bad.report.findings, strict=True):
        where, severity, rule, message = (td.flat() for td in tr.iter("td"))
        loc = finding.location
        assert where == f"{loc.file}:{loc.line}:{loc.column}"
        assert tr.iter("a")[0].attrs["href"] == f"{loc.file}#L{loc.line}"
        assert (severity, rule, message) == (finding.severity.value, finding.rule_id, finding.message)


def test_links_are_relative_to_the_folder_the_page_is_saved_in(wave: Wave, repo: Path) -> None:
    page = parse(render_wave(wave, base="docs/reports"))
    hrefs = {a.attrs["href"] for a in page.iter("a") if "#L" in a.attrs.get("href", "")}
    assert hrefs
    for href in hrefs:
        target = href.split("#", 1)[0]
        assert target.startswith("../../examples/")
        assert (repo / "docs" / "reports" / target).resolve().is_file()


# --------------------------------------------------------------------------- safety


def test_document_text_is_escaped(repo: Path, tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script> & <b>Co</b>'
    text = (repo / COMPLIANT).read_text(encoding="utf-8")
    text = text.replace("name: NHS Eastmarsh Clinical Commissioning Group", f"name: '{hostile}'")
    doc = tmp_path / "<img src=x onerror=alert(1)>.yaml"
    doc.write_text(text, encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("ccg: '<script>bad()</script>\n", encoding="utf-8")
    wave = assess_wave([doc, broken])
    assert [row.ccg for row in wave.rows if row.file == str(doc)] == [hostile]
    out = render_wave(wave)
    assert "<script>alert" not in out
    assert "<script>bad" not in out
    assert "<img src=x" not in out
    assert "<b>Co</b>" not in out
    page = parse(out)
    assert len(page.iter("script")) == 1  # only the page's own
    assert page.iter("img") == []
    assert page.iter("b") == []
    assert any(a.flat() == hostile for a in page.iter("a"))
    assert any(hostile in h.flat() for h in page.iter("h3"))


def test_the_page_loads_nothing_from_elsewhere(page: Node, wave: Wave) -> None:
    out = render_wave(wave)
    assert page.iter("link") == []
    assert page.iter("img") == []
    assert page.iter("iframe") == []
    for node in page.iter():
        assert "src" not in node.attrs, node.tag
    (script,) = page.iter("script")
    assert "fetch" not in script.text()
    assert "XMLHttpRequest" not in script.text()
    assert "url(" not in out
    assert "@import" not in out
    for use in page.iter("use"):
        assert use.attrs["href"].startswith("#i-")


def test_the_script_only_opens_sections_so_the_page_works_without_it(page: Node, wave: Wave) -> None:
    (script,) = page.iter("script")
    code = script.text()
    for writes in (
        "innerHTML",
        "outerHTML",
        "createElement",
        "appendChild",
        "insertAdjacent",
        "document.write",
    ):
        assert writes not in code
    assert re.findall(r"\.(\w+)=(?!=)", code) == ["open", "open", "open"]  # the only property it sets
    # every section is in the markup, closed, and opens with a click on its summary
    for details in page.iter("details"):
        assert "open" not in details.attrs
        assert details.children[0].tag == "summary"  # type: ignore[union-attr]
        assert details.iter("dl")
    assert len(page.iter("details")) == len(wave.rows)


@pytest.mark.slow
def test_no_per_ccg_script_so_200_ccgs_stay_light(wave: Wave) -> None:
    rows = tuple(
        row.model_copy(update={"file": f"wave/{i:03d}-{Path(row.file).name}"})
        for i in range(100)
        for row in wave.rows
    )
    big = render_wave(Wave(rows=rows))
    page = parse(big)
    assert len(page.iter("details")) == 200
    assert len(page.iter("script")) == 1
    assert len({d.attrs["id"] for d in page.iter("details")}) == 200
    assert len(big.encode()) < 200 * 16_000


# --------------------------------------------------------------------------- contrast


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(
    ("text", "background", "minimum"),
    [
        ("ink", "bg", 4.5),
        ("ink", "soft", 4.5),
        ("muted", "bg", 4.5),
        ("muted", "soft", 4.5),
        ("link", "bg", 4.5),
        ("link", "soft", 4.5),
        ("g", "gbg", 4.5),
        ("a", "abg", 4.5),
        ("r", "rbg", 4.5),
        ("n", "nbg", 4.5),
        # icons and bars are graphics: 3:1 against the page (WCAG 1.4.11)
        ("gb", "bg", 3.0),
        ("ab", "bg", 3.0),
        ("rb", "bg", 3.0),
        ("nb", "bg", 3.0),
    ],
)
def test_colours_meet_wcag_aa(text: str, background: str, minimum: float) -> None:
    colours = dict(re.findall(r"--(\w+):(#[0-9a-f]{6})", CSS))
    assert _contrast(colours[text], colours[background]) >= minimum


def test_check_format_html_links_from_the_folder_of_its_output(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "reports" / "ccg.html"
    out.parent.mkdir()
    code, stdout, err = run_cli(
        "check", "--exit-zero", "--format", "html", "--output", str(out), "examples/ccg-noncompliant.yaml"
    )
    assert (code, stdout, err) == (0, "", "")
    html = out.read_text(encoding="utf-8")
    document = Path("examples/ccg-noncompliant.yaml").resolve()
    expected = Path(os.path.relpath(document, out.parent)).as_posix()
    assert f'href="{expected}#L187"' in html
    _, to_stdout, _ = run_cli("check", "--exit-zero", "--format", "html", "examples/ccg-noncompliant.yaml")
    assert 'href="examples/ccg-noncompliant.yaml#L187"' in to_stdout
