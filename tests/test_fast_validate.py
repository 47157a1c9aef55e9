"""The fast path's validator gives the pydantic models' verdict, values and facts.

Both of its walks are held to the model: `ccg_rules.fast.validate` to the values it holds,
and `ccg_rules.fast.flat`, which validates and flattens in one pass, to the facts
`ccg_rules.pipeline.flatten` makes of those values (every fact, field by field in order,
with its stable path).

For every example, wave document and rule-fixture document, for mutants of each (every
scalar replaced by values the models read in surprising ways, keys dropped and added), and
for documents hypothesis draws (valid ones from the schema, hostile ones by mutation), the
validator either returns exactly what the model holds (the same values of the same types,
field by field) or ``None``; and it returns ``None`` exactly when the model refuses the
document. The type spec it reads is drift-tested like the schemas, and its generator
refuses any type or constraint it cannot express.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from ccg_rules._yaml import Plain, load_yaml
from ccg_rules.fast import typespec
from ccg_rules.fast.flat import validate_facts
from ccg_rules.fast.validate import validate
from ccg_rules.pipeline.flatten import FactSet
from ccg_rules.rules.fixtures import fixture_files, load_fixture
from icbgen import document_bytes
from test_fast_path import model_facts, model_validator
from test_fuzz import budget, hostile_bytes, valid_bytes

ROOT = Path(__file__).resolve().parents[1]


def _typed(value: object) -> object:
    """The value with every leaf's exact type, so that 1 and 1.0 and True differ, and str and Plain."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


def _facts_typed(facts: FactSet | None) -> object:
    """Every fact with each field's exact type, in order, and the stable path of each."""
    if facts is None:
        return None
    return [_typed(f) for f in facts.facts], list(facts.stable.items()), list(facts.by_path)


def _agree(value: object) -> bool:
    """Assert the validators agree with the model on ``value``; return whether it was valid."""
    fast = validate(value)
    model = model_validator(value)
    assert (fast is None) == (model is None), (
        f"fast {'refused' if fast is None else 'accepted'}: {value!r:.300}"
    )
    flat = validate_facts(value)
    assert (flat is None) == (model is None), (
        f"one pass {'refused' if flat is None else 'accepted'}: {value!r:.300}"
    )
    if model is not None:
        assert _typed(fast) == _typed(model)
        assert _facts_typed(flat) == _facts_typed(model_facts(value))
    return model is not None


def _texts() -> Iterator[tuple[str, bytes]]:
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        yield str(path.relative_to(ROOT)), path.read_bytes()
    for folder in sorted((ROOT / "rulesets").iterdir()):
        if (folder / "tests").is_dir():
            for file in fixture_files(folder / "tests"):
                for n, case in enumerate(load_fixture(file).spec.cases):
                    yield f"{file.relative_to(ROOT)}#{n}", case.document.encode("utf-8")


TEXTS = list(_texts())


def test_the_type_spec_is_current() -> None:
    assert typespec.TYPESPEC.read_text(encoding="utf-8") == typespec.spec_text(), (
        "run: python -m ccg_rules.fast.typespec --write"
    )
    assert typespec.main([]) == 0


def test_examples_and_fixtures_get_the_models_verdict() -> None:
    valid = sum(_agree(load_yaml(text).value) for _, text in TEXTS)
    # Most examples and fixture documents are valid: the comparison is of values, not only of refusals.
    assert len(TEXTS) > 900
    assert valid > len(TEXTS) * 0.8


# Values the scalar types read in surprising ways: octal-looking, signed, exponent,
# YAML 1.1 words, quoted words, blanks, impossible dates, long and odd text.
_ODD: list[object] = [
    Plain("012"),
    Plain("+5"),
    Plain("-1"),
    Plain("0"),
    Plain("1e3"),
    Plain("4.5"),
    Plain(".5"),
    Plain("-0.0"),
    Plain("1" * 31),
    Plain("999999999999"),
    Plain("1000000000000"),
    Plain("yes"),
    Plain("True"),
    "true",
    Plain("FALSE"),
    Plain(""),
    Plain("   "),
    None,
    Plain("2013-02-30"),
    "2013-02-28",
    Plain("2013-2-28"),
    dt.date(2013, 2, 28),
    dt.datetime(2013, 2, 28, 12, 0),
    [],
    {},
    [Plain("x")],
    Plain("x" * 65),
    Plain("1.3B"),
    Plain("1.3B\n"),
    Plain("a\n"),
    Plain("\u0663"),
    Plain("chair"),
    "chair",
    Plain("I"),
    Plain("gp"),
    Plain("\ud800"),
    7,
    True,
    2.5,
    float("nan"),
]


def _leaves(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    yield path


def _replaced(value: object, path: tuple[object, ...], new: object) -> object:
    if not path:
        return new
    head, *rest = path
    if isinstance(value, dict):
        return {k: (_replaced(v, tuple(rest), new) if k == head else v) for k, v in value.items()}
    assert isinstance(value, list)
    return [_replaced(v, tuple(rest), new) if i == head else v for i, v in enumerate(value)]


def _dropped(value: object, path: tuple[object, ...]) -> object:
    head, *rest = path
    if not rest:
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if k != head}
        assert isinstance(value, list)
        return [v for i, v in enumerate(value) if i != head]
    if isinstance(value, dict):
        return {k: (_dropped(v, tuple(rest)) if k == head else v) for k, v in value.items()}
    assert isinstance(value, list)
    return [_dropped(v, tuple(rest)) if i == head else v for i, v in enumerate(value)]


def _mutants(value: object, share: int) -> Iterator[object]:
    """Mutants of ``value``: each place replaced by some of the odd values, dropped, or given an extra key.

    ``share`` of 1 tries every odd value at every place; a larger one a rotating subset
    (the same subset every run), so the fast suite stays fast.
    """
    for n, path in enumerate(_leaves(value)):
        for k, odd in enumerate(_ODD):
            if (n + k) % share == 0:
                yield _replaced(value, path, odd)
        if path:
            yield _dropped(value, path)
    for path in _leaves(value):
        container = value
        for step in path:
            container = container[step]  # type: ignore[index]
        if isinstance(container, dict):
            yield _replaced(value, path, {**container, Plain("unknown_key"): Plain("x")})


_MUTATED = [
    "examples/ccg-compliant.yaml",
    "examples/ccg-noncompliant.yaml",
    "examples/icb/icb-compliant.yaml",
]


@pytest.mark.parametrize("name", _MUTATED)
def test_mutants_get_the_models_verdict(name: str) -> None:
    value = load_yaml((ROOT / name).read_bytes()).value
    outcomes = [_agree(m) for m in _mutants(value, share=12)]
    assert len(outcomes) > 500
    assert 0 < sum(outcomes) < len(outcomes)  # both verdicts are exercised


@pytest.mark.slow
@pytest.mark.parametrize("name", _MUTATED)
def test_half_the_odd_values_at_every_place_get_the_models_verdict(name: str) -> None:
    value = load_yaml((ROOT / name).read_bytes()).value
    for mutant in _mutants(value, share=2):
        _agree(mutant)


@budget(150)
@given(
    st.one_of(
        valid_bytes,
        hostile_bytes,
        st.builds(
            document_bytes, st.integers(0, 10**6), st.dates(dt.date(2022, 7, 1), dt.date(2026, 12, 31))
        ),
    )
)
def test_generated_documents_get_the_models_verdict(data: bytes) -> None:
    loaded = load_yaml(data)
    _agree(loaded.value)


def test_python_values_get_the_models_verdict() -> None:
    base = load_yaml((ROOT / "examples" / "ccg-compliant.yaml").read_bytes()).value
    assert isinstance(base, dict)
    for as_of in (dt.date(2013, 1, 15), "2013-01-15", dt.datetime(2013, 1, 15), 20130115, None):
        _agree({**base, "as_of": as_of})
    population = dict(base["population"])
    for registered in (250000, 250000.0, True, -1, 10**12, 10**40):
        _agree({**base, "population": {**population, "registered": registered}})


def test_the_validator_needs_no_pydantic() -> None:
    code = (
        "import sys\n"
        "from ccg_rules._yaml import load_yaml\n"
        "from ccg_rules.fast.validate import validate\n"
        f"data = load_yaml(open({str(ROOT / 'examples' / 'ccg-compliant.yaml')!r}, 'rb').read()).value\n"
        "assert validate(data) is not None\n"
        "assert validate({**data, 'as_of': 'soon'}) is None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_unreadable_type_spec_leaves_everything_to_pydantic(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ccg_rules.fast import flat
    from ccg_rules.fast import validate as module

    data = load_yaml((ROOT / "examples" / "ccg-compliant.yaml").read_bytes()).value
    assert flat.validate_facts(data) is not None
    for text in ("", "{}", '{"format": "ccg-rules-typespec/0"}', "[1, 2]"):
        spec = tmp_path / f"spec-{hashlib.sha256(text.encode()).hexdigest()[:8]}.json"
        spec.write_text(text, encoding="utf-8")
        monkeypatch.setattr(module, "TYPESPEC", spec)
        module._validators.cache_clear()
        flat._walks.cache_clear()
        assert module.validate(data) is None
        assert flat.validate_facts(data) is None
    module._validators.cache_clear()
    flat._walks.cache_clear()


def _strict(**fields: Any) -> type[BaseModel]:
    return type(
        "Probe",
        (BaseModel,),
        {"__annotations__": fields, "model_config": ConfigDict(extra="forbid", strict=True)},
    )


def _upper(value: object) -> object:
    return value


class _WithValidator(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: str

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return value


@pytest.mark.parametrize(
    ("model", "why"),
    [
        (_strict(value=int | str), "a union other than X | None"),
        (_strict(value=Annotated[str, BeforeValidator(_upper)]), "unknown before-validator"),
        (_strict(value=Annotated[str, Field(pattern="[a-z]+")]), "anchored at both ends"),
        (_strict(value=Annotated[str, Field(multiple_of=2)]), "multiple_of"),
        (_strict(value=dict[str, str]), "no spec for"),
        (_WithValidator, "its own validators"),
        (type("Loose", (BaseModel,), {"__annotations__": {"value": str}}), "not strict"),
    ],
)
def test_the_generator_refuses_what_it_cannot_express(model: type[BaseModel], why: str) -> None:
    with pytest.raises(typespec.TypeSpecError, match=why):
        typespec._model(model, {})
