"""Seed 000 §V and App. A, C, D: speed-up (N = 92), Lemma D.1 by Monte Carlo, zero temperature, bath form."""

from __future__ import annotations

import math

import numpy as np
import pytest

import sdpthermo
from sdpthermo.info.negativity import negativity
from sdpthermo.models.channels import locally_thermal_error
from sdpthermo.models.eplt.bath import bath_channel_choi, dilation_blocks
from sdpthermo.models.eplt.channels import eplt_channel, eps_star
from sdpthermo.models.eplt.protocols import EQ22_FACTOR, eplt_ensemble, lemma_d1_monte_carlo, n_delta, speedup
from sdpthermo.models.eplt.zero_temperature import ground_max_entangled, zero_temperature_channel
from sdpthermo.models.states import gibbs_state
from tests.conftest import random_state


def test_paper_example_n_92_and_eq22():
    """Below Eq. (22): tau = 100 t_U, P_min = 2/d^2, delta = 1e-3 -> N = 92 (Eq. (D15)); speed-up for
    ||rho - gamma||_inf > d * 0.00126 (we find d * 0.0012546); success probability > 1 - 1e-13."""
    for d in (2, 3, 4, 7):
        s = speedup(d, 2 / d**2, 1e-3, 100.0, 100.0)
        assert s["N"] == n_delta(d, 2 / d**2, 1e-3) == 92
        assert s["distance_threshold"] / d == pytest.approx(1e-3 / 2 * math.exp(0.92), rel=1e-12)
        assert s["distance_threshold"] / d < 0.00126 and s["success_probability"] > 1 - 1e-13 and s["eq22"]
    assert EQ22_FACTOR == pytest.approx(11.5416, abs=1e-4)
    r = sdpthermo.solve("eplt.speedup", d=4, distance=0.01, store=None)
    assert r.verified and r.value == 92 and r.data["speedup"] and r.data["t1"] < r.data["t2"]


def test_lemma_d1_monte_carlo():
    """Eq. (D5) with lambda = 2^{-N/4} (as in Theorem 7's proof): empirical frequency below 1/(lambda^2 2^N)."""
    for n in (6, 8):
        mc = lemma_d1_monte_carlo(2, n, 2.0 ** (-n / 4), samples=150, seed=n)
        assert mc["frequency"] <= mc["bound_D5"]


@pytest.mark.parametrize("energies", [[0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 2.0, 3.0]])
def test_app_a_degenerate_zero_temperature_is_an_eplt(energies):
    ch = zero_temperature_channel(energies, energies)
    g = gibbs_state(energies, math.inf)
    assert ch.is_cptp(1e-12) and locally_thermal_error(ch, [g, g]) < 1e-12
    phi = ground_max_entangled(energies, energies)
    gdeg = int(round(1 / g[0, 0]))
    d = len(energies)
    assert np.allclose(ch.apply(phi), phi, atol=1e-12)
    assert negativity(ch.apply(phi), [d, d]) == pytest.approx((gdeg - 1) / 2, abs=1e-10)
    r = sdpthermo.solve("eplt.zero_temperature", energies=energies, store=None)
    assert r.verified and r.data["preserves_entanglement"] and r.data["losr_recomposition_error"] < 1e-12


def test_non_degenerate_zero_temperature_preserves_nothing(rng):
    e = [0.0, 1.0, 2.5]
    r = sdpthermo.solve("eplt.zero_temperature", energies=e, store=None)
    assert r.verified and not r.data["preserves_entanglement"] and r.upper < 1e-12
    assert r.data["distance_to_constant_channel"] == 0.0
    g = gibbs_state(e, math.inf)
    assert eps_star(g, g) == 0.0
    assert np.allclose(eplt_channel(g, g, 0.0).apply(random_state(rng, 9)), np.kron(g, g), atol=1e-14)


@pytest.mark.parametrize("d", [2, 3])
def test_app_c_bath_form_reproduces_the_channel(rng, d):
    """Eq. (C2)-(C3): tracing out A'B'A''B'' reproduces E^{eps*} to 1e-10 (Theorem 6)."""
    g = gibbs_state(np.sort(rng.uniform(0, 2, d)), 1.0)
    e = eps_star(g, g)
    ens = eplt_ensemble(g, g, e)
    ua, ub = dilation_blocks(ens)
    assert max(np.abs(u.conj().T @ u - np.eye(d**3)).max() for u in ua) < 1e-12
    assert np.abs(bath_channel_choi(ua, ub, ens.probs, d, d) - eplt_channel(g, g, e).choi).max() < 1e-10
    if d == 2:
        r = sdpthermo.solve("eplt.bath", energies=[0.0, 1.0], T=1.0, store=None)
        assert r.verified and r.value < 1e-10 and r.data["output_negativity_psi_plus"] > 0
