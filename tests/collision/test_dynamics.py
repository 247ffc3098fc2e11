"""Poissonian Lindblad equation (71): steady states Eqs. (67)-(70), evolution, Liouvillian sanity."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.linalg.hermitian import trace_norm
from sdpthermo.models.collision.chain import chain_hamiltonian, chain_spectrum, excitation_numbers
from sdpthermo.models.collision.lindblad import evolve, poisson_liouvillian, steady_state
from sdpthermo.models.collision.maps import collision_map
from sdpthermo.models.states import gibbs_populations

PAPER = {"g": 50.0, "m": 0.1, "beta": 0.1, "sigma_p": 0.5}


def _ss(eps, kind, gamma, n=3):
    cm = collision_map(n, 4.0, eps, **PAPER, kind=kind)
    lv = poisson_liouvillian(chain_hamiltonian(n, 4.0, eps), cm.channel.choi, gamma)
    sp = chain_spectrum(n, 4.0, eps)
    gam = sp.to_local(np.diag(gibbs_populations(sp.energies, PAPER["beta"])))
    gam0 = np.diag(gibbs_populations(4.0 * excitation_numbers(n), PAPER["beta"]))
    return steady_state(lv), gam, gam0


@pytest.mark.parametrize("gamma", [0.1, 1.0, 10.0])
def test_narrow_map_steady_state_is_gibbs(gamma):
    ss, gam, _ = _ss(0.1, "narrow", gamma)
    assert trace_norm(ss.rho - gam) / 2 < 1e-12 and ss.gap > 1e-3


@pytest.mark.parametrize("gamma", [0.1, 1.0, 10.0])
def test_local_map_steady_state_is_local_gibbs_eq68(gamma):
    ss, gam, gam0 = _ss(0.1, "local", gamma)
    assert trace_norm(ss.rho - gam0) / 2 < 1e-12                        # Eq. (68), for every Gamma
    assert trace_norm(ss.rho - gam) / 2 > 1e-2                          # and not the Gibbs state of H(eps)


def test_exact_map_steady_state_approaches_gibbs_linearly_in_gamma_eq70():
    dist = [trace_norm(_ss(0.1, "exact", g)[0].rho - _ss(0.1, "exact", g)[1]) / 2 for g in (1e-1, 1e-2, 1e-3)]
    # measured: D = 9.06e-3 Gamma (+ O(Gamma^2)): the deviation is first order in Gamma
    assert dist[0] / dist[1] == pytest.approx(10.0, rel=1e-3) and dist[1] / dist[2] == pytest.approx(10.0, rel=1e-4)
    assert dist[2] / 1e-3 == pytest.approx(9.07e-3, rel=1e-2)


def test_evolution_preserves_trace_and_reaches_the_steady_state():
    cm = collision_map(2, 4.0, 0.1, **PAPER, kind="exact")
    lv = poisson_liouvillian(chain_hamiltonian(2, 4.0, 0.1), cm.channel.choi, 1.0)
    rho0 = np.zeros((4, 4), complex)
    rho0[0, 0] = 1
    traj = evolve(lv, rho0, [0.0, 1.0, 1e4])
    assert np.allclose([np.trace(r).real for r in traj], 1.0, atol=1e-12)
    assert np.allclose(traj[0], rho0)
    assert np.max(np.abs(traj[-1] - steady_state(lv).rho)) < 1e-10
