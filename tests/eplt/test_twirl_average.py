"""Seed 000 App. D, Eq. (D2)-(D6): averages of the random-unitary twirl T_U^(N) over Haar draws."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.models.eplt.protocols import twirl_average
from sdpthermo.registry.core import solve


@pytest.mark.parametrize("n", [1, 3, 6])
def test_d6_identity_for_a_fixed_state(n):
    """<||(T - T_U^(N))(rho)||_2^2> = 2^-N (||rho||_2^2 - ||T(rho)||_2^2) (Eq. (D6), Ref. [33] Eq. (22))."""
    out = twirl_average(2, n, 400, np.random.default_rng([7, n]))
    # rho = |00><00|: T(rho) = F Psi+ + (1 - F)(I - Psi+)/3 with F = 1/2, so ||T(rho)||^2 = 1/4 + 1/12 = 1/3
    assert out["d6_exact"] == pytest.approx(2.0**-n * (1 - 1 / 3), abs=1e-14)
    assert abs(out["d6_mean"] - out["d6_exact"]) < 4 * out["d6_sem"]


def test_norm_bounds_are_ordered_and_n1_is_exact():
    """N = 1: T - T_U = (T - W)/2 restricted to range(I - T) has 2->2 norm 1 for every draw."""
    out = twirl_average(2, 1, 50, np.random.default_rng(1))
    assert out["mean_sq"] == pytest.approx(1.0, abs=1e-12) and out["std_sq"] < 1e-12
    assert out["inf_lower_mean_sq"] <= out["mean_sq"]


def test_d4_as_stated_fails_at_n6():
    """(D4) bounds <sup_rho ||(T - T_U^(N))(rho)||_inf^2> by 2^-N; a lower bound on the left side (explicit
    probe states, so below the supremum for every draw) exceeds 2^-6 by more than 3 standard errors."""
    out = twirl_average(2, 6, 200, np.random.default_rng([0, 6, 1]))
    assert out["inf_lower_mean_sq"] - out["bound_D4"] > 3 * out["inf_lower_sem_sq"]


def test_protocol_question_reports_the_averages():
    r = solve("eplt.protocol", protocol="random", energies=[0.0, 1.0], T=1.0, N=2, draws=20, store=None)
    assert r.verified and r.data["twirl_draws"] == 20
    assert r.data["twirl_inf_lower_mean_sq"] <= r.data["twirl_mean_sq"]
    assert r.data["twirl_d6_exact"] == pytest.approx(0.25 * 2 / 3, abs=1e-14)
