"""``assess --per-ccg DIR``: one printable HTML page per CCG, named safely, and an index."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ccg_rules import Wave, assess_wave
from ccg_rules.render.per_ccg import INDEX, page_name, per_ccg_pages
from ccg_rules.wave import row_for

Cli = Callable[..., tuple[int, str, str]]
REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_one_page_per_ccg_and_an_index(run_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "pages"
    code, stdout, err = run_cli("assess", "examples/wave", "--per-ccg", str(out))
    assert (code, err) == (1, "")
    assert stdout.endswith(f"wrote {out}/\n")
    wave = assess_wave(["examples/wave"])
    stems = sorted(Path(r.file).stem for r in wave.rows)
    assert sorted(p.name for p in out.iterdir()) == sorted([INDEX, *(f"{s}.html" for s in stems)])
    index = (out / INDEX).read_text(encoding="utf-8")
    for stem, row in zip(sorted(Path(r.file).stem for r in wave.rows), wave.rows, strict=True):
        page = (out / f"{stem}.html").read_text(encoding="utf-8")
        assert page.count('<details class="ccg" open') == 1  # this CCG alone, open for the screen
        assert f"<h3>{row.ccg}" in page
        assert "This outcome covers only the" in page
        assert f'href="{stem}.html"' in index
    assert "authorised with conditions and directions" in index


@pytest.mark.slow
def test_the_pages_are_the_same_bytes_on_a_second_run(run_cli: Cli, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_cli("assess", "examples/wave", "--per-ccg", str(first))[0] == 1
    assert run_cli("assess", "examples/wave", "--per-ccg", str(second))[0] == 1
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes()


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("wave/NHS Foo CCG.yaml", "nhs-foo-ccg.html"),
        ("../../etc/passwd.yaml", "passwd.html"),
        ("..\\..\\windows\\x.yml", "x.html"),
        ("/abs/.hidden.yaml", "hidden.html"),
        ("a/<script>.yaml", "script.html"),
        ("a/..yaml", "document.html"),
        ("a/index.yaml", "index-2.html"),  # index.html is the index's
        ("a/\udcff\udcfe.yaml", "document.html"),  # bytes that are not UTF-8
        ("a/b\nc.yaml", "b-c.html"),
    ],
)
def test_page_names_are_safe_for_hostile_file_names(file: str, expected: str) -> None:
    name = page_name(file, {INDEX})
    assert name == expected
    assert "/" not in name
    assert "\\" not in name
    assert not name.startswith(".")


def test_colliding_names_get_numbers_in_row_order() -> None:
    taken = {INDEX}
    assert [page_name(f, taken) for f in ("a/x.yaml", "b/x.yaml", "c/X.yml", "x-2.yaml")] == [
        "x.html",
        "x-2.html",
        "x-3.html",
        "x-2-2.html",
    ]


def test_hostile_document_names_stay_inside_the_folder(run_cli: Cli, tmp_path: Path) -> None:
    wave_dir = tmp_path / "wave"
    wave_dir.mkdir()
    for name in ("(x).yaml", "index.yaml", "a b.yaml", "A-B.yaml"):
        shutil.copy(REPO / "examples" / "ccg-compliant.yaml", wave_dir / name)
    out = tmp_path / "out"
    code, _, err = run_cli("assess", str(wave_dir), "--per-ccg", str(out))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "wave"]
    assert sorted(p.name for p in out.iterdir()) == [
        "a-b-2.html",
        "a-b.html",
        "index-2.html",
        "index.html",
        "x.html",
    ]


def test_a_folder_that_cannot_be_written_exits_2(run_cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run_cli("assess", "examples/ccg-compliant.yaml", "--per-ccg", str(blocker / "pages"))
    assert code == 2
    assert err.startswith(f"ccg-rules: error: cannot write {blocker / 'pages'}: ")


def test_an_unassessable_document_gets_its_page_and_exits_2(run_cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, _ = run_cli("assess", str(bad), "--per-ccg", str(out))
    assert code == 2
    page = (out / "bad.html").read_text(encoding="utf-8")
    assert "Could not be assessed" in page
    assert "not assessed" in (out / INDEX).read_text(encoding="utf-8")


def test_text_in_the_index_is_escaped() -> None:
    report = assess_wave([str(REPO / "examples" / "ccg-compliant.yaml")]).rows[0].report
    assert report is not None
    hostile = report.model_copy(update={"document": report.document.model_copy(update={"name": "<b>x</b>"})})
    pages = dict(per_ccg_pages(Wave(rows=(row_for(hostile, file="a/<i>.yaml"),))))
    assert "<b>" not in pages[INDEX]
    assert "&lt;b&gt;x&lt;/b&gt;" in pages[INDEX]
    assert "<i>" not in pages["i.html"]
