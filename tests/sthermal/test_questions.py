"""Registered questions ``sthermal.state`` and ``sthermal.gp_max_energy``: schema, store, problems."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sdpthermo.certify import verify
from sdpthermo.errors import ValidationError
from sdpthermo.registry.core import solve
from sdpthermo.registry.problems import load_problem
from tests.conftest import random_state

BATTERY = {"energies": [0.0, 0.1, 0.2, 1.0], "sectors": [[0, 2], [1, 3]]}
PROBLEMS = Path(__file__).resolve().parents[2] / "problems" / "sthermal"


def test_state_question_data_and_json():
    r = solve("sthermal.state", store=None, T0=0.01, T=10.0, **BATTERY)
    assert r.verified and r.status.value == "closed_form"
    assert r.value == pytest.approx(0.049495397501004686, abs=1e-12)
    d = r.data
    assert {"asymptotic_ergotropy", "lambda", "verdict", "energy_excess", "erasure_entropy",
            "identity_errors"} <= set(d)
    assert d["verdict"] in ("amplification", "mitigation", "break-even")
    assert d["max_identity_error"] < 1e-12
    assert d["asymptotic_ergotropy"] >= r.value
    json.dumps(r.to_json(), allow_nan=False)


def test_state_question_round_trips_through_the_store(store):
    r = solve("sthermal.state", store=store, T0=10.0, T=0.3, **BATTERY)
    hit = solve("sthermal.state", store=store, T0=10.0, T=0.3, **BATTERY)
    assert hit.value == r.value and hit.verified
    back = store.load_entry(store.entry_path("sthermal.state", r.instance_id))
    v = verify(back.certificate, 1e-9)
    assert v.passed and v.lower <= r.value <= v.upper + 1e-15


def test_initial_state_and_symmetry_operator(rng):
    rho0 = random_state(rng, 4)
    r = solve("sthermal.state", store=None, energies=BATTERY["energies"], symmetry=np.diag([1.0, -1, 1, -1]),
              initial=rho0, T=0.5)
    assert r.verified and r.data["identity_errors"]["eq11"] is None
    g = solve("sthermal.gp_max_energy", store=None, initial=rho0, T=0.5, **BATTERY)
    assert g.verified and g.upper >= g.data["energy_sthermal"] - 1e-12


@pytest.mark.parametrize("bad, param", [
    ({"T": -1.0, "T0": 1.0}, "T"),
    ({"T": 1.0, "T0": -0.1}, "T0"),
    ({"T": 1.0, "T0": 1.0, "sectors": [[0, 1], [1, 2, 3]]}, "sectors"),
    ({"T": 1.0, "T0": 1.0, "sectors": [[0, 2], [1]]}, "sectors"),
    ({"T": 1.0, "T0": 1.0, "energies": [0.0, 0.1, 0.2]}, "sectors"),            # energies/sectors sizes differ
    ({"T": 1.0, "T0": 1.0, "symmetry": np.eye(4)}, "sectors"),                   # both sectors and symmetry
    ({"T": 1.0}, "T0"),                                                          # neither T0 nor initial
    ({"T": 1.0, "initial": np.eye(3) / 3}, "initial"),
    ({"T": 1.0, "initial": np.eye(4) / 4, "T0": 1.0}, "T0"),
    ({"T": 1.0, "T0": 1.0, "temperature": 2.0}, "temperature"),
])
def test_bad_input_names_the_parameter(bad, param):
    with pytest.raises(ValidationError) as exc:
        solve("sthermal.state", store=None, **{**BATTERY, **bad})
    assert exc.value.param == param


def test_problem_files_load_and_their_expected_values_hold():
    files = sorted(PROBLEMS.glob("*.toml"))
    assert len(files) >= 8
    for f in files:
        prob = load_problem(f)
        assert prob.question in ("sthermal.state", "sthermal.state_grid", "sthermal.gp_max_energy")
        assert prob.reference["seed"] == "004_32ffd863169c6b5f.txt"
        for ex in prob.expected:
            r = solve(prob.question, store=None, **prob.point_matching(ex["params"]))
            assert r.verified
            assert abs(r.value - ex["value"]) <= ex["atol"], (prob.id, ex)
