"""``ccg-rules rulesets`` and ``explain``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ccg_rules.rules.ruleset import Ruleset

from ccg_rules._safe import shown
from ccg_rules.cli._exits import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, exit_code
from ccg_rules.located import closest


def _rulesets(args: argparse.Namespace) -> int:
    from ccg_rules.api import load_ruleset
    from ccg_rules.render.rules import render_diff, render_versions
    from ccg_rules.rules.catalog import DEFAULT_RULESET, available_rulesets
    from ccg_rules.rules.history import diff_rulesets

    if args.action == "test":
        return _rulesets_test(args)
    if args.action == "list":
        sys.stdout.write(render_versions([(v, load_ruleset(v.ref)) for v in available_rulesets()]))
        return EXIT_OK

    def spec(text: str) -> str:
        return text if "@" in text else f"{DEFAULT_RULESET}@{text}"

    if args.action == "export":
        return _export(load_ruleset(spec(args.ref)), args.format, args.output)
    sys.stdout.write(render_diff(diff_rulesets(load_ruleset(spec(args.old)), load_ruleset(spec(args.new)))))
    return EXIT_OK


def _rulesets_test(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ccg_rules.engines import ENGINE_NAMES
    from ccg_rules.resources import data_root
    from ccg_rules.rule_tests import engine_problem, run_fixture
    from ccg_rules.rules.fixtures import (
        fixture_files,
        load_fixture,
        missing_cases,
        rules_without_fixture,
        ruleset_folders,
    )

    files: list[tuple[Path, str]] = []  # (path, name shown)
    folders: list[tuple[Path, str]] = []  # ruleset folders, whose every rule needs a fixture
    if args.paths:
        for given in args.paths:
            path = Path(given)
            if path.is_dir():
                found = fixture_files(path)
                if not found:
                    print(f"ccg-rules: error: no fixture files (*.yaml, *.yml) in {given}", file=sys.stderr)
                    return EXIT_INVALID
                files += [(p, p.as_posix()) for p in found]
                folders += [(f, f.as_posix()) for f in ruleset_folders(path)]
            elif path.is_file():
                files.append((path, given))
            else:
                print(f"ccg-rules: error: {given} does not exist", file=sys.stderr)
                return EXIT_INVALID
    else:
        root = Path(str(data_root("rulesets")))
        files = [(p, p.relative_to(root.parent).as_posix()) for p in fixture_files(root)]
        folders = [(f, f.relative_to(root.parent).as_posix()) for f in ruleset_folders(root)]
    wanted = list(dict.fromkeys(args.engine or ENGINE_NAMES))
    engines, notes = [], []
    for name in wanted:
        problem = engine_problem(name)
        if problem is None:
            engines.append(name)
        elif args.engine:  # asked for by name: it must run
            print(f"ccg-rules: error: argument --engine: {problem}", file=sys.stderr)
            return EXIT_INVALID
        else:
            notes.append(f"{name} skipped: {problem}")
    fixtures = [load_fixture(path, file=name) for path, name in files]  # a broken file: exit 2
    failures = [line for fx in fixtures for line in missing_cases(fx)]
    for folder, label in folders:
        mine = [fx for fx in fixtures if fx.path.parent == folder / "tests"]
        failures += rules_without_fixture(folder, mine, label)
    cases = 0
    for fx in fixtures:
        for engine in engines:
            for result in run_fixture(fx, engine):
                if not result.passed:
                    failures.append(result.describe())
        cases += len(fx.spec.cases)
    for line in failures:
        print(line)
    ran = ", ".join(engines) + "".join(f" ({n})" for n in notes)
    verdict = f"{len(failures)} failed" if failures else "all passed"
    counted = f"{len(fixtures)} fixture{'s' * (len(fixtures) != 1)}, {cases} case{'s' * (cases != 1)}"
    print(f"{counted}, engines: {ran}; {verdict}")
    return EXIT_FINDINGS if failures else EXIT_OK


def _export(ruleset: Ruleset, fmt: str, output: str | None) -> int:
    """``rulesets export``: the OSCAL catalog or profile of ``ruleset``, to ``output`` or standard output."""
    from ccg_rules.oscal._base import dumps
    from ccg_rules.oscal.catalog import catalog, profile
    from ccg_rules.report import generation_date

    day = generation_date()
    text = (
        dumps("catalog", catalog(ruleset, day))
        if fmt == "oscal-catalog"
        else dumps("profile", profile(ruleset, day))
    )
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except OSError as exc:
        print(f"ccg-rules: error: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return exit_code(exc)
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from ccg_rules.render.rules import render_story
    from ccg_rules.rules.catalog import family_versions
    from ccg_rules.rules.history import rule_story

    rule, _, rule_version = args.rule.partition("@")
    ruleset, _, ruleset_version = args.ruleset.partition("@")
    if rule_version and ruleset_version and rule_version != ruleset_version:
        args.subparser.error(
            f"argument RULE-ID: {args.rule} asks for version {rule_version}, "
            f"--ruleset {args.ruleset} for {ruleset_version}"
        )
    version = rule_version or ruleset_version or None
    family = family_versions(ruleset)  # an unknown ruleset is an error (exit 2)
    versions = [v.version for v in family]
    if version is not None and version not in versions:
        print(
            shown(f"ccg-rules: error: {ruleset} has no version {version!r}; versions: {', '.join(versions)}"),
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        story = rule_story(rule, ruleset, version)
    except KeyError:
        print(shown(f"ccg-rules: error: {_no_such_rule(rule, ruleset, version)}"), file=sys.stderr)
        return EXIT_INVALID
    sys.stdout.write(render_story(story))
    return EXIT_OK


def _no_such_rule(rule: str, ruleset: str, version: str | None) -> str:
    """Why ``rule`` cannot be explained, with the closest rule ids when some are close."""
    from ccg_rules.rules.catalog import family_versions, load_version

    known: dict[str, list[str]] = {}  # rule id -> versions that have it
    for v in family_versions(ruleset):
        for r in load_version(v).rules:
            known.setdefault(r.id, []).append(v.version)
    if version is not None and rule in known:
        return f"no rule {rule!r} in {ruleset}@{version}; it is in versions {', '.join(known[rule])}"
    folded = {r.casefold(): r for r in known}
    close = [folded[c] for c in closest(rule.casefold(), folded, n=3, cutoff=0.8)]
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"no rule {rule!r} in any version of {ruleset}{hint}"
