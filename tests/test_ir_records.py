"""The rule IR's records (`ccg_rules._record`) behave as the frozen dataclasses they replace."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from ccg_rules.rules import ir


def test_equality_and_hashing_are_by_fields_and_class() -> None:
    a = ir.Test("name", ir.Op.EQ, "x")
    assert a == ir.Test("name", ir.Op.EQ, "x")
    assert hash(a) == hash(ir.Test("name", ir.Op.EQ, "x"))
    assert a != ir.Test("name", ir.Op.EQ, "y")
    assert ir.Ref("a", "b") != ir.Shifted("a", "b")  # same leading fields, another class
    assert ir.Field("n") == ir.Field("n")
    assert ir.Field("n") != ir.Field("m")
    assert hash(ir.Field("n")) == hash(("n",))
    assert a.__eq__(3) is NotImplemented
    assert len({ir.Binding("p", "people"), ir.Binding("p", "people"), ir.Binding("p", "people", (a,))}) == 2


def test_repr_defaults_and_field_order_are_the_dataclasses() -> None:
    assert repr(ir.Shifted("p", "start")) == "Shifted(alias='p', field='start', amount=0, unit=None)"
    assert repr(ir.Field("n")) == "Field(name='n')"
    assert ir.fields_of(ir.Count("c", "people", (), ir.Op.LT, 2)) == (
        "alias", "fact_type", "criteria", "op", "threshold", "outer",
    )
    assert ir.Condition((ir.Binding("p", "people"),)).absent == ()


def test_records_are_frozen() -> None:
    a = ir.Ref("a", "b")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.alias = "c"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del a.alias  # type: ignore[misc]
    with pytest.raises(AttributeError):
        a.other = 1  # type: ignore[attr-defined]


def test_replace_copy_pickle_and_match() -> None:
    t = ir.Test("d", ir.Op.LT, ir.RelativeDate("months", 6))
    r = ir.replace(t, operand=7)
    assert (r, t.operand) == (ir.Test("d", ir.Op.LT, 7), ir.RelativeDate("months", 6))
    with pytest.raises(TypeError):
        ir.replace(t, nope=1)
    cond = ir.Condition((ir.Binding("p", "people", (t,)),), report="p")
    assert copy.copy(cond) == cond
    assert copy.deepcopy(cond) == cond
    assert pickle.loads(pickle.dumps(cond)) == cond
    match t:
        case ir.Test(field, op, ir.RelativeDate(unit, amount)):
            assert (field, op, unit, amount) == ("d", ir.Op.LT, "months", 6)
        case _:
            pytest.fail("no match")
