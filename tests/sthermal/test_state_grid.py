"""sthermal.state_grid (seed 004 Fig. 2(a)-(c), Eq. (11)): one certified call over a (T0, T) grid equals the
single-point sthermal.state at every point; the grid certificate detects tampering."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sdpthermo.certify import verify
from sdpthermo.errors import ValidationError
from sdpthermo.registry.core import solve

SYSTEM = {"energies": [0.0, 0.1, 0.2, 1.0], "sectors": [[0, 2], [1, 3]]}
T0S, TS = [0.01, 0.3, 10.0], [0.05, 1.0, 10.0]


@pytest.fixture(scope="module")
def grid():
    return solve("sthermal.state_grid", T0s=T0S, Ts=TS, store=None, **SYSTEM)


def test_grid_equals_single_points(grid):
    assert grid.verified and grid.data["points"] == 9
    k = 0
    for t0 in T0S:
        for t in TS:
            one = solve("sthermal.state", T0=t0, T=t, store=None, **SYSTEM)
            assert (grid.data["T0"][k], grid.data["T"][k]) == (t0, t)
            assert grid.data["ergotropy"][k] == pytest.approx(max(0.0, one.lower), abs=1e-15)
            for key in ("asymptotic_ergotropy", "excess_per_copy", "lambda"):
                a, b = grid.data[key][k], one.data[key]
                assert (a is None and b is None) or a == pytest.approx(b, abs=1e-14), key
            k += 1
    assert grid.lower == pytest.approx(max(grid.data["ergotropy"]), abs=1e-15)
    assert grid.lower <= grid.value <= grid.upper


def test_grid_certificate_detects_tampering(grid):
    cert = grid.certificate
    assert verify(cert, 1e-9).passed
    rho = cert.primal["rho_SS"].copy()
    rho[4, 0, 0] += 1e-3
    assert not verify(replace(cert, primal={**cert.primal, "rho_SS": rho}), 1e-9).passed
    short = {**cert.problem, "beta": cert.problem["beta"][:-1]}
    assert not verify(replace(cert, problem=short), 1e-9).passed


@pytest.mark.parametrize("bad,param", [({"T0s": []}, "T0s"), ({"Ts": [-1.0]}, "Ts"),
                                       ({"sectors": None}, "sectors")])
def test_bad_input_names_the_parameter(bad, param):
    kw = {**SYSTEM, "T0s": T0S, "Ts": TS, **bad}
    with pytest.raises(ValidationError) as exc:
        solve("sthermal.state_grid", store=None, **kw)
    assert exc.value.param == param
