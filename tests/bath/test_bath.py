"""Bath-size questions of seed 002: ESC (Def. 2), Eq. (17) optimum vs swap channel (Thm 3, App. C.1),
Theorem 1 / Corollary 4 bracketing a brute-force n_eps, convex split lemma (Lemma 9), collision model (Prop. 6)."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from sdpthermo.errors import ValidationError
from sdpthermo.formulations.bath.bounds import solve_bath_bounds
from sdpthermo.formulations.bath.optimal_channel import solve_optimal_channel
from sdpthermo.linalg.choi import choi_from_kraus
from sdpthermo.linalg.hermitian import trace_norm
from sdpthermo.linalg.tensor import kron_all
from sdpthermo.models.bath.copies import (
    convex_split_state,
    energy_block_twirl,
    random_energy_preserving_unitary,
    swap_channel,
    swap_value,
    total_energies,
)
from sdpthermo.models.bath.esc import check_esc
from sdpthermo.models.collision.lindblad import evolve, poisson_liouvillian, poisson_mixture
from sdpthermo.models.states import gibbs_populations
from sdpthermo.registry.core import solve
from tests.conftest import random_state

FOUR = [0.0, 1.0, 2.5, 3.5]  # E2 - E1 = E4 - E3 = 1, otherwise generic (App. C.1)


def test_esc_examples():
    r = check_esc([0, 1, 2], 5)
    assert not r.holds and r.exact and r.violation[0] == 2
    assert check_esc([0, 1], 40).holds                      # a non-degenerate qubit always satisfies it
    assert check_esc([0, 0, 1], 3).violation[0] == 1        # degenerate levels fail at n = 1
    assert check_esc([0, 1, math.sqrt(2)], 6).holds          # irrational gap ratio: no coincidence (tolerance)
    assert not check_esc([0, 0.1, 0.3], 4).holds             # 3 E_2 = 2 E_1 + E_3, exact decimal arithmetic
    assert check_esc([0, 0.1, 0.3], 2).holds
    r = check_esc(FOUR, 2)
    assert r.violation == (2, [1, 0, 0, 1], [0, 1, 1, 0])   # E1 + E4 = E2 + E3, Eq. (C9)


def test_esc_question_and_bad_input():
    r = solve("bath.esc", energies=[0, 1, 2], n_max=3, store=None)
    assert r.verified and r.value == 2 and r.data["violation"]["m"] == [1, 0, 1]
    r = solve("bath.esc", energies=[0, 1], n_max=5, store=None)
    assert r.value == math.inf and r.data["holds"]
    with pytest.raises(ValidationError, match="n_max"):
        solve("bath.esc", energies=[0, 1], n_max=0, store=None)


def test_swap_and_twirl_match_dense_channels():
    q = gibbs_populations(FOUR, 1 / 3)
    p = np.array([0.1, 0.2, 0.3, 0.4])
    x = np.kron(np.diag(p), np.diag(q))
    tgt = np.kron(np.diag(q), np.diag(q))
    assert trace_norm(swap_channel(x, 4, 2) - tgt) == pytest.approx(swap_value(p, q, 2), abs=1e-12)
    out = solve_optimal_channel(FOUR, p, 2, 1 / 3)
    tw = energy_block_twirl(x, total_energies(FOUR, 2), 1e-9)
    assert trace_norm(tw - tgt) == pytest.approx(out.value, abs=1e-12)
    assert out.verified and out.verification.upper - out.verification.lower < 1e-12


@pytest.mark.parametrize("energies", [[0.0, 1.0], [0.0, 1.0, math.sqrt(2)]])
def test_theorem3_swap_optimal_under_esc(rng, energies):
    for n in (1, 2, 3, 4):
        p = rng.dirichlet(np.ones(len(energies)))
        out = solve_optimal_channel(energies, p, n, 0.7)
        assert out.verified and out.data["esc"]
        assert out.data["swap_value"] == pytest.approx(out.value, abs=1e-12) and out.data["swap_optimal"]


def test_qutrit_four_copies_is_fast():
    t0 = time.perf_counter()
    out = solve_optimal_channel([0.0, 1.0, math.sqrt(3)], [1.0, 0.0, 0.0], 4, 1.0)
    assert out.verified and time.perf_counter() - t0 < 5


@pytest.mark.parametrize("T,worse", [(0.3, False), (1.0, False), (3.0, True), (10.0, True)])
def test_app_c1_counterexample(T, worse):
    """Ground-state input: (C12) holds iff p_1 < 1/2, and then the swap channel is strictly suboptimal."""
    p_in = np.array([1.0, 0.0, 0.0, 0.0])
    out = solve_optimal_channel(FOUR, p_in, 2, 1 / T)
    q = gibbs_populations(FOUR, 1 / T)
    assert out.verified and not out.data["esc"]
    assert out.data["c12"] == (q[0] < 0.5) == worse
    assert (out.data["swap_excess"] > 1e-9) == worse
    assert out.data["swap_optimal"] == (not worse)
    if worse:  # the E_t block: 2|a - p1 p4| + 2|b - p1 p4| - |2a + 2b - 4 p1 p4| with a = p4/2, b = 0
        a, mid = q[3] / 2, q[0] * q[3]
        assert out.data["swap_excess"] == pytest.approx(2 * abs(a - mid) + 2 * mid - abs(2 * a - 4 * mid), abs=1e-12)


def test_optimal_channel_bad_input():
    with pytest.raises(ValidationError, match="'p'"):
        solve_optimal_channel([0, 1], [0.5, 0.6], 2, 1.0)
    with pytest.raises(ValidationError, match="'p'"):
        solve_optimal_channel([0, 1], [1.0], 2, 1.0)
    with pytest.raises(ValidationError, match="'n'"):
        solve_optimal_channel([0, 1], [1.0, 0.0], 0, 1.0)
    with pytest.raises(ValidationError):
        solve("bath.optimal_channel", energies=[0, 1], T=1, p=[1, 0], n=0, store=None)


def _brute_n_eps(p, energies, beta, eps, n_max=400):
    for n in range(1, n_max):
        if solve_optimal_channel(energies, p, n, beta).verification.upper <= eps:
            return n
    raise AssertionError("n_eps not found")


@pytest.mark.parametrize("T,eps", [(1.0, 0.1), (0.5, 0.2), (2.0, 0.2), (1.0, 0.3)])
def test_theorem1_corollary4_bracket_brute_force_qubit(T, eps):
    energies, p = [0.0, 1.0], np.array([0.0, 1.0])  # excited-state region
    n_eps = _brute_n_eps(p, energies, 1 / T, eps)
    q = gibbs_populations(energies, 1 / T)
    out = solve_bath_bounds(np.diag(p), np.diag(q), eps, energies=energies)
    assert out.verified and out.data["esc"]
    assert out.verification.lower <= n_eps <= out.verification.upper


def test_bath_bounds_esc_note_and_inputs():
    r = solve("bath.bounds", energies=[0, 1, 2], T=1.0, p=[0, 0, 1], eps=0.1, store=None)
    assert r.verified and r.lower == 1 and not r.data["esc"] and "ESC" in r.message
    assert r.data["lower_corollary4"] >= 1 and r.data["esc_checked_up_to"] >= 2
    with pytest.raises(ValidationError, match="'p'"):
        solve("bath.bounds", energies=[0, 1], T=1.0, p=[0.5, 0.2], eps=0.1, store=None)
    with pytest.raises(ValidationError, match="'p'"):
        solve("bath.bounds", energies=[0, 1], T=1.0, p=[0.5, 0.25, 0.25], eps=0.1, store=None)
    with pytest.raises(ValidationError, match="eps"):
        solve("bath.bounds", energies=[0, 1], T=1.0, p=[1, 0], eps=0.0, store=None)


def test_convex_split_lemma_random(rng):
    for _ in range(5):
        rho, sigma = random_state(rng, 2), random_state(rng, 2)
        for n in (1, 2, 3, 4):
            lhs = trace_norm(convex_split_state(rho, sigma, n) - kron_all(*([sigma] * n))) ** 2
            from sdpthermo.info.dmax import dmax

            assert lhs <= 2 ** dmax(rho, sigma) / n + 1e-12
    r = solve("bath.convex_split", d=3, n=3, seed=1, store=None)
    assert r.verified and r.data["holds"] and r.value <= r.data["bound"]


def test_swap_channel_output_is_convex_split_state(rng):
    rho, sigma = random_state(rng, 2), random_state(rng, 2)
    x = kron_all(rho, sigma, sigma)
    assert np.allclose(swap_channel(x, 2, 3), convex_split_state(rho, sigma, 3))  # Eq. (B9)


def test_prop6_poisson_mixture_solves_master_equation(rng):
    energies = total_energies([0.0, 1.0], 3)
    us = [random_energy_preserving_unitary(energies, rng, 1e-9) for _ in range(3)]
    rates = [0.3, 1.1, 0.7]
    rho0 = random_state(rng, 8)
    lam = sum(rates)
    choi = choi_from_kraus([math.sqrt(r / lam) * u for u, r in zip(us, rates)])  # Lambda of Eq. (A10)
    liou = poisson_liouvillian(np.zeros((8, 8)), choi, lam)                      # Eq. (A8)
    for t in (0.2, 1.5):
        ode = evolve(liou, rho0, [t])[0]
        mix = poisson_mixture(rho0, choi, lam, t, tail=1e-15)
        assert np.allclose(ode, mix, atol=1e-12)
        for e in np.unique(energies):  # Lemma 14: weights of energy subspaces preserved
            idx = energies == e
            assert np.trace(ode[np.ix_(idx, idx)]).real == pytest.approx(np.trace(rho0[np.ix_(idx, idx)]).real)
