"""The symmetric Gibbs-preserving charging SDP: certified, cross-checked by an LP, compared with rho_SS."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.optimize import linprog

from sdpthermo.certify import verify
from sdpthermo.formulations.sthermal.gp import repair, solve_gp_max_energy
from sdpthermo.models.states import gibbs_populations
from sdpthermo.models.sthermal.model import SymmetricSystem
from tests.conftest import random_state
from tests.sthermal.helpers import parity_battery

TOL_SDP = 1e-6


def lp_max_energy(sys: SymmetricSystem, beta: float, beta0: float) -> float:
    """Classical bound: per sector, column-stochastic G with G q = q (q = sector Gibbs), maximize E(G p)."""
    total = 0.0
    g0 = gibbs_populations(sys.energies, beta0)
    for i in range(sys.n_sectors):
        idx = sys.sector_indices(i)
        k = idx.size
        e, p, q = sys.energies[idx], g0[idx], gibbs_populations(sys.energies[idx], beta)
        c = -np.kron(e, p)                                    # G[a, b] at a*k + b: sum_ab E_a G_ab p_b
        a_eq = np.vstack([np.kron(np.ones(k), np.eye(k)),      # columns sum to 1
                          np.kron(np.eye(k), q)])              # G q = q
        res = linprog(c, A_eq=a_eq, b_eq=np.concatenate([np.ones(k), q]), bounds=(0, None), method="highs")
        total += -res.fun
    return total


@pytest.mark.parametrize("t0, t", [(0.05, 0.4), (0.05, 10.0), (5.0, 0.2), (0.3, 0.3), (1.0, 0.05)])
def test_parity_battery_sdp_matches_lp_and_bounds_rho_ss(t0, t):
    sys = parity_battery()
    out = solve_gp_max_energy(sys, 1 / t, sys.thermal_state(1 / t0))
    v = out.verification
    assert out.verified and v.tight
    assert v.lower == pytest.approx(lp_max_energy(sys, 1 / t, 1 / t0), abs=TOL_SDP)
    assert v.upper >= out.data["energy_sthermal"] - 1e-12           # s-thermalization is one such channel
    if t0 == t:
        assert v.upper == pytest.approx(out.data["energy_thermal"], abs=TOL_SDP)


def test_heating_bound_exceeds_thermalization():
    """From T0 = 0.05 to T = 0.4 s-thermalization mitigates (lambda < 1) but lambda = 1.14 is reachable."""
    sys = parity_battery()
    out = solve_gp_max_energy(sys, 1 / 0.4, sys.thermal_state(1 / 0.05))
    assert out.data["lambda_sthermal"] == pytest.approx(0.7421886156, abs=1e-9)
    assert out.data["lambda_max_energy"] == pytest.approx(1.1414358, abs=1e-5)
    assert out.data["gap"] > 0.039


def test_complex_initial_state_and_symmetry_operator(rng):
    swap = np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, -1.0]])
    sys = SymmetricSystem.from_symmetry([0.0, 0.0, 1.0, 1.5], swap)
    out = solve_gp_max_energy(sys, 1.0, random_state(rng, 4))
    assert out.verified and out.verification.tight
    assert out.verification.upper >= out.data["energy_sthermal"] - 1e-12


def test_zero_temperature_uses_an_exactly_feasible_channel():
    sys = parity_battery()
    out = solve_gp_max_energy(sys, np.inf, sys.thermal_state(1 / 0.3))
    assert out.verified
    assert out.verification.lower == pytest.approx(out.data["energy_initial"], abs=1e-12)   # identity channel


def test_repair_lands_in_the_feasible_set():
    omega = np.diag([0.7, 0.3])
    j = np.kron(np.eye(2), omega) + 1e-3 * np.diag([1.0, -2.0, 0.5, 3.0])
    jr = repair(j, omega)
    assert np.linalg.eigvalsh(jr)[0] >= -1e-15
    from sdpthermo.linalg.tensor import partial_trace

    assert np.allclose(partial_trace(jr, [1], [2, 2]), np.eye(2), atol=1e-15)
    assert np.allclose(partial_trace(np.kron(omega.T, np.eye(2)) @ jr, [0], [2, 2]), omega, atol=1e-15)


def test_tampered_certificate_fails():
    sys = parity_battery()
    out = solve_gp_max_energy(sys, 2.0, sys.thermal_state(20.0))
    cert = out.certificate
    bad_dual = {**cert.dual, "Y_0": cert.dual["Y_0"] - 0.05 * np.eye(2)}
    v = verify(dataclasses.replace(cert, dual=bad_dual), 1e-6)
    assert v.upper >= out.verification.upper - 1e-9            # a worse dual can only loosen the bound
    bad_primal = {**cert.primal, "J_1": cert.primal["J_1"] * 1.1}
    assert not verify(dataclasses.replace(cert, primal=bad_primal), 1e-6).passed


def test_picos_backend_is_refused_by_name():
    from sdpthermo.errors import ValidationError
    from sdpthermo.sdp.options import SolveOptions

    sys = parity_battery()
    with pytest.raises(ValidationError) as exc:
        solve_gp_max_energy(sys, 1.0, sys.thermal_state(2.0), SolveOptions(backend="picos"))
    assert exc.value.param == "backend"
