"""Parameter kinds are a closed set, checked where the parameter is declared (issue 15, item 4)."""

from __future__ import annotations

import json
import math

import pytest

import sdpthermo
from sdpthermo.errors import ValidationError
from sdpthermo.registry import load_all
from sdpthermo.registry.core import list_questions
from sdpthermo.registry.params import Param, ParamKind


def test_a_typo_kind_raises_at_declaration_naming_the_parameter_and_the_kinds():
    with pytest.raises(ValidationError) as err:
        Param("T", "flaot", "temperature")
    msg = str(err.value)
    assert err.value.param == "kind" and "'T'" in msg and "'flaot'" in msg and "float" in msg


@pytest.mark.parametrize("kind", [k.value for k in ParamKind])
def test_plain_strings_and_members_declare_the_same_parameter(kind):
    a, b = Param("x", kind, "doc"), Param("x", ParamKind(kind), "doc")
    assert a == b and a.kind is ParamKind(kind) and a.kind == kind
    assert json.dumps({"kind": a.kind}) == json.dumps({"kind": kind})     # JSON output unchanged
    assert a.describe().startswith(f"x: {kind}")


def test_coercion_follows_the_enum_kind():
    assert math.isinf(Param("T", "float", "t", allow_inf=True).coerce("inf"))
    assert Param("n", ParamKind.INT, "n").coerce(3.0) == 3
    with pytest.raises(ValidationError, match="must be an integer"):
        Param("n", "int", "n").coerce(2.5)


def test_every_registered_question_declares_known_kinds():
    load_all()
    kinds = {p.kind for q in list_questions() for p in q.params}
    assert kinds and all(isinstance(k, ParamKind) for k in kinds)
    assert sdpthermo.ParamKind is ParamKind
