"""Seed 002 (Sparaciari et al., bath size for thermalizing MBL regions): the paper's statements, by equation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sdpthermo.formulations.bath.bounds import solve_bath_bounds
from sdpthermo.formulations.bath.optimal_channel import solve_optimal_channel
from sdpthermo.info.dmax import dmax
from sdpthermo.linalg.hermitian import trace_norm
from sdpthermo.models.bath.copies import swap_channel
from sdpthermo.models.bath.esc import check_esc
from sdpthermo.models.states import gibbs_populations

FOUR = [0.0, 1.0, 2.5, 3.5]


def test_eq_c10_thermal_weights_uniform_on_degenerate_block():
    """Eq. (C10): E2 - E1 = E4 - E3 makes p2 p3 = p1 p4 for any Gibbs state."""
    for T in (0.3, 1.0, 5.0):
        q = gibbs_populations(FOUR, 1 / T)
        assert q[1] * q[2] == pytest.approx(q[0] * q[3], rel=1e-12)


@pytest.mark.parametrize("T", [3.0, 10.0])
def test_app_c1_rho_star_improvement(T):
    """App. C.1, below Fig. 4: d(rho*, tau^2) = d(rho^(2), tau^2) + p4 (2 p1 - 1) (d = half trace norm),
    and rho* attains the Eq. (17) optimum for the ground-state input."""
    q = gibbs_populations(FOUR, 1 / T)
    x = np.kron(np.diag([1.0, 0, 0, 0]), np.diag(q))
    r2, tgt = swap_channel(x, 4, 2), np.kron(np.diag(q), np.diag(q))
    proj = np.zeros(16)
    for i, j in [(0, 3), (3, 0), (1, 2), (2, 1)]:
        proj[4 * i + j] = 1
    pe = np.diag(proj)
    rho_star = r2 - pe @ r2 @ pe + q[3] / 4 * pe
    d2, ds = trace_norm(r2 - tgt) / 2, trace_norm(rho_star - tgt) / 2
    assert ds == pytest.approx(d2 + q[3] * (2 * q[0] - 1), abs=1e-12)
    out = solve_optimal_channel(FOUR, [1.0, 0, 0, 0], 2, 1 / T)
    assert 2 * ds == pytest.approx(out.value, abs=1e-12) and out.data["swap_value"] == pytest.approx(2 * d2)


def test_definition2_qubit_always_and_integer_multiples_fail():
    """Below Definition 2: non-degenerate qubits always satisfy the ESC; integer-multiple levels do not."""
    assert check_esc([0.0, 0.37], 60).holds
    assert not check_esc([0.0, 1.0, 2.0], 2).holds


def test_remark19_trivial_hamiltonian_needs_no_bath():
    """Remark 19: for H ∝ I random unitaries alone thermalize (n = 1 suffices, error 0)."""
    out = solve_optimal_channel([0.0, 0.0, 0.0], [1.0, 0.0, 0.0], 1, 1.0)
    assert out.verified and out.value == pytest.approx(0.0, abs=1e-15)
    assert out.data["swap_value"] == pytest.approx(4 / 3)  # ||diag(1,0,0) - I/3||_1: the swap channel does nothing


def test_lemma9_eq_b4_and_theorem10_eq_b11():
    """Eq. (B4) for the region state, and Theorem 10: n = ceil(2^{D_max}/eps^2) copies suffice (Eq. (B10))."""
    q = gibbs_populations([0.0, 1.0], 1.0)
    p = np.array([0.0, 1.0])
    eps = 0.2
    n = math.ceil(2 ** dmax(np.diag(p), np.diag(q)) / eps**2)
    out = solve_optimal_channel([0.0, 1.0], p, n, 1.0)
    assert out.data["swap_value"] ** 2 <= 2 ** dmax(np.diag(p), np.diag(q)) / n + 1e-12
    assert out.data["swap_value"] <= eps
    b = solve_bath_bounds(np.diag(p), np.diag(q), eps, energies=[0.0, 1.0])
    assert b.verification.upper == n


def test_corollary4_eq18_lower_bound_qubit():
    """Eq. (18) = (B24): 2^{D_max^{2 sqrt eps}} <= n_eps for a qubit (ESC holds), with n_eps by brute force."""
    q = gibbs_populations([0.0, 1.0], 1.0)
    p = np.array([0.0, 1.0])
    eps = 0.05
    n_eps = next(n for n in range(1, 2000) if solve_optimal_channel([0.0, 1.0], p, n, 1.0).value <= eps)
    b = solve_bath_bounds(np.diag(p), np.diag(q), eps, energies=[0.0, 1.0])
    assert b.verified and b.data["esc"] and b.verification.lower >= 2
    assert b.verification.lower <= n_eps <= b.verification.upper
