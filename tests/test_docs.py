"""The documentation: docstrings of the public API, rule metadata and examples, the site build.

* every public name, and every public method of a public class, has a docstring;
* every rule of every bundled ruleset version has a title, a citation, a rationale, and
  fixture cases where it fires and where it passes (the rule pages show them);
* ``mkdocs build --strict`` succeeds, so there is no warning, broken link or missing page;
* the generated rule catalogue lists every rule id of every version, each with a page;
* the README links to the docs.

The generator (``docs/gen_pages.py``) needs only ``ccg_rules``; the build needs the docs
packages, which the ``test`` extra installs.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import itertools
import os
import re
import subprocess
import sys
import time
import typing
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import ccg_rules
from ccg_rules.rules.history import rule_story

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
BUILD_SECONDS = 60
RULE_PAGE_HEADINGS = (
    "## The requirement",
    "## Source",
    "## Examples",
    "### Fails:",
    "### Passes:",
    "## History",
)


def _public_names() -> list[str]:
    return [name for name in ccg_rules.__all__ if name != "__version__"]


def _docstring(obj: object, name: str | None = None) -> str:
    if name is not None and typing.get_origin(obj) is typing.Literal:
        return _alias_docstring(name)
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", None)
    return (doc or "").strip()


def _alias_docstring(name: str) -> str:
    """The docstring under a type alias's assignment in its module (what the API reference shows)."""
    module = importlib.import_module(ccg_rules._HOME[name])
    assert module.__file__ is not None
    body = ast.parse(Path(module.__file__).read_text(encoding="utf-8")).body
    for node, after in itertools.pairwise(body):
        targets = node.targets if isinstance(node, ast.Assign) else []
        named = any(isinstance(t, ast.Name) and t.id == name for t in targets)
        if named and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
            return str(after.value.value).strip()
    return ""


def _own_methods(cls: type) -> list[tuple[str, object]]:
    """Public functions, methods and properties defined by ``cls`` or its bases in this package."""
    found: dict[str, object] = {}
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("ccg_rules"):
            continue
        for attr, value in vars(klass).items():
            if attr.startswith("_"):
                continue
            func = value.__func__ if isinstance(value, staticmethod | classmethod) else value
            func = func.fget if isinstance(func, property) else func
            if inspect.isfunction(func) and func.__module__.startswith("ccg_rules"):
                found[attr] = func
    return sorted(found.items())


@cache
def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ccg_docs_gen_pages", DOCS / "gen_pages.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@cache
def _pages() -> dict[str, str]:
    pages: dict[str, str] = _generator().pages()
    return pages


def _all_rules() -> list[tuple[str, Any]]:
    """(ruleset ref, rule) for every rule of every bundled version."""
    return [
        (version.ref, rule)
        for version in ccg_rules.available_rulesets()
        for rule in ccg_rules.load_ruleset(version.ref).rules
    ]


# ------------------------------------------------------------------------------ docstrings


@pytest.mark.parametrize("name", _public_names())
def test_public_name_has_a_docstring(name: str) -> None:
    obj = getattr(ccg_rules, name)
    assert _docstring(obj, name), f"ccg_rules.{name} has no docstring (the API reference is built from it)"


@pytest.mark.parametrize("name", [n for n in _public_names() if inspect.isclass(getattr(ccg_rules, n))])
def test_public_methods_have_docstrings(name: str) -> None:
    cls = getattr(ccg_rules, name)
    missing = [attr for attr, func in _own_methods(cls) if not _docstring(func)]
    assert not missing, f"ccg_rules.{name} has public methods without a docstring: {', '.join(missing)}"


def test_api_page_documents_every_public_name() -> None:
    page = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"^::: ccg_rules\.(\w+)\s*$", page, flags=re.MULTILINE))
    missing = sorted(set(_public_names()) - shown)
    assert not missing, f"docs/reference/api.md has no '::: ccg_rules.NAME' for: {', '.join(missing)}"


# --------------------------------------------------------------------------- rule metadata


def test_there_are_rules() -> None:
    assert _all_rules(), "no bundled ruleset has any rule"


def test_every_rule_has_title_citation_and_rationale() -> None:
    problems = []
    for ref, rule in _all_rules():
        cite = rule.citation
        lacks = [
            what
            for what, value in (
                ("title", rule.title),
                ("rationale", rule.rationale),
                ("citation instrument", cite.instrument if cite else ""),
                ("citation provision", cite.provision if cite else ""),
            )
            if not (value or "").strip()
        ]
        if cite is None or cite.confidence is None:
            lacks.append("citation confidence")
        if lacks:
            problems.append(f"{ref} {rule.id}: no {', '.join(lacks)}")
    assert not problems, "rules without the metadata their pages need:\n" + "\n".join(problems)


@pytest.mark.slow
def test_every_rule_has_a_firing_and_a_passing_example() -> None:
    problems = []
    seen: set[tuple[str, str]] = set()
    for version in ccg_rules.available_rulesets():
        for rule in ccg_rules.load_ruleset(version.ref).rules:
            if (version.id, rule.id) in seen:
                continue
            seen.add((version.id, rule.id))
            examples = rule_story(rule.id, version.id).examples
            for kind in ("fires", "passes"):
                if not examples.get(kind):
                    problems.append(f"{version.id} {rule.id}: no fixture case where the rule {kind}")
    assert not problems, (
        "rules without examples (add cases to rulesets/<ruleset>/tests/<RULE-ID>.yaml):\n"
        + "\n".join(problems)
    )


# --------------------------------------------------------------------------- generated pages


@pytest.mark.slow
def test_rule_index_lists_every_rule_of_every_version() -> None:
    pages = _pages()
    index = pages["rules/index.md"]
    linked = set(re.findall(r"\[([A-Z][A-Z0-9-]+)\]\(\1\.md\)", index))
    missing = sorted({f"{ref} {rule.id}" for ref, rule in _all_rules() if rule.id not in linked})
    assert not missing, "rules missing from the generated rule index:\n" + "\n".join(missing)
    no_page = sorted(rule_id for rule_id in linked if f"rules/{rule_id}.md" not in pages)
    assert not no_page, f"rules in the index without a page: {', '.join(no_page)}"


@pytest.mark.slow
def test_rule_pages_show_both_examples_and_the_history() -> None:
    pages = _pages()
    problems = []
    for _, rule in _all_rules():
        page = pages[f"rules/{rule.id}.md"]
        for heading in RULE_PAGE_HEADINGS:
            if heading not in page:
                problems.append(f"rules/{rule.id}.md has no '{heading}'")
    assert not problems, "\n".join(sorted(set(problems)))


def test_versions_page_lists_every_version() -> None:
    page = _pages()["rules/versions.md"]
    missing = [v.ref for v in ccg_rules.available_rulesets() if f"### {v.version} {{#{v.id}-" not in page]
    assert not missing, f"rules/versions.md has no section for: {', '.join(missing)}"


def test_generated_pages_hold_no_machine_paths() -> None:
    bad = [path for path, text in _pages().items() if re.search(r"(^|[\s`(])/(work|root|tmp|home)/", text)]
    assert not bad, f"generated pages mention absolute paths: {', '.join(bad)}"


# ---------------------------------------------------------------------------------- README


def test_readme_links_to_the_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme)
    assert any(
        t.rstrip("/").startswith("docs") or "ccg-rules.readthedocs.io" in t or "/blob/main/docs/" in t
        for t in targets
    ), (
        "README.md should link to the documentation, e.g. [documentation](docs/index.md)"
    )


def _repository() -> str:
    import tomllib

    urls = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    return str(urls["Repository"]).rstrip("/")


def test_readme_links_work_outside_the_repository() -> None:
    """On a package index the README stands alone: every link is absolute, and each one into
    this repository (``<Repository>/blob/main/<file>`` or ``/tree/main/<folder>``) names
    something that exists in the checkout."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme) + re.findall(r'(?:href|src)="([^"]+)"', readme)
    assert targets
    relative = [t for t in targets if not re.match(r"https?://[^/\s]+/", t)]
    assert relative == [], f"README.md has links that break outside the repository: {relative}"
    base = _repository()
    ours = [t for t in targets if t.startswith(base + "/")]
    assert len(ours) >= 10
    broken = []
    for target in ours:
        m = re.fullmatch(re.escape(base) + r"/(blob|tree)/main/([^#?]+)(#[\w-]*)?", target)
        if m is None:
            broken.append(f"{target} (not {base}/blob/main/FILE or /tree/main/FOLDER)")
            continue
        path = REPO / m[2]
        if not (path.is_file() if m[1] == "blob" else path.is_dir()):
            broken.append(f"{target} ({m[2]} is not a {'file' if m[1] == 'blob' else 'folder'} here)")
    assert broken == [], broken


def test_the_hook_snippets_name_the_declared_repository() -> None:
    base = _repository()
    for page in ("README.md", "docs/pre-commit-and-ci.md"):
        text = (REPO / page).read_text(encoding="utf-8")
        assert re.findall(r"- repo: (\S+)", text) == [base], page
        assert re.findall(r"^ +rev: (\S+)", text, re.M) == ["COMMIT"], page
        assert "pre-commit autoupdate --freeze" in text, page


# ---------------------------------------------------------------------------------- the build


@pytest.mark.slow
def test_mkdocs_build_is_strict_and_clean(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_COLOR": "1"}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_SECONDS * 3,
        check=False,
    )
    elapsed = time.perf_counter() - start
    output = result.stdout + result.stderr
    warnings = [line for line in output.splitlines() if re.match(r"\s*(WARNING|ERROR)\s+-", line)]
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{output}"
    assert not warnings, f"mkdocs build --strict warned:\n{output}"
    assert elapsed < BUILD_SECONDS, f"the docs build took {elapsed:.0f} s; keep it under {BUILD_SECONDS} s"

    for page in ("index.html", "reference/api/index.html", "rules/index.html", "rules/versions/index.html"):
        assert (site / page).is_file(), f"the site has no {page}"
    api = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    undocumented = [name for name in _public_names() if f'id="ccg_rules.{name}"' not in api]
    assert not undocumented, f"the API reference has no entry for: {', '.join(undocumented)}"
    for _, rule in _all_rules():
        assert (site / "rules" / rule.id / "index.html").is_file(), f"the site has no page for {rule.id}"
