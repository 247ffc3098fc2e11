"""Seed 002 §IV, Eq. (19): sector exact diagonalization of the disordered Heisenberg chain, the infinite-time
average of Eq. (5), beta matching, D_max(omega_R || tau) (Eq. (10)) and the slope of Fig. 2."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.info.dmax import dmax
from sdpthermo.linalg.tensor import site_operator
from sdpthermo.models.mbl.heisenberg import PAULI_Z, HeisenbergChain
from sdpthermo.models.mbl.pipeline import (
    Spectrum,
    dense_terms,
    fit_profile,
    gibbs_energy,
    gibbs_factors,
    initial_state,
    match_beta,
    realization_profile,
    reduce_terms,
    time_average,
)
from sdpthermo.models.mbl.sectors import SectorBasis, partial_trace_factors
from sdpthermo.registry.core import solve

CASES = [(L, dz) for L in (6, 8) for dz in (0.0, 0.7, 5.0)]
# odd L: half-integer magnetization sectors (seed 002 runs L = 15), checked against dense ED at L = 5, 7
ODD_CASES = [(L, dz) for L in (5, 7) for dz in (0.0, 0.7, 5.0)]


def _full_psi(L: int, initial: str) -> np.ndarray:
    out = np.zeros(2**L)
    for n, p in initial_state(L, initial).items():
        out[SectorBasis(L, n).states] += p
    return out


def _ptrace(m: np.ndarray, L: int, r: int) -> np.ndarray:
    return np.einsum("ajbj->ab", m.reshape(2**r, 2 ** (L - r), 2**r, 2 ** (L - r)))


@pytest.mark.parametrize("L,dz", CASES + ODD_CASES)
def test_sector_spectrum_equals_dense_full_space(L, dz):
    chain = HeisenbergChain.realization(L, dz, 3, 1)
    sec = np.sort(Spectrum.of(chain).energies())
    np.testing.assert_allclose(sec, np.linalg.eigvalsh(chain.dense()), atol=1e-10)


@pytest.mark.parametrize("L", [5, 6, 7, 8])
def test_hamiltonian_commutes_with_total_sz_and_sectors_embed(L):
    chain = HeisenbergChain.realization(L, 1.3, 0, 0)
    h = chain.dense()
    sz = sum(site_operator(PAULI_Z, i, L) for i in range(L)) / 2
    assert np.abs(h @ sz - sz @ h).max() < 1e-12
    for n in range(L + 1):
        b, hn = chain.sector(n)
        np.testing.assert_allclose(h[np.ix_(b.states, b.states)], hn, atol=1e-13)
        np.testing.assert_allclose(np.diag(sz)[b.states], b.magnetization)


@pytest.mark.parametrize("L,dz", CASES + ODD_CASES)
@pytest.mark.parametrize("initial", ["neel-sectors", "neel"])
def test_time_average_commutes_with_h_and_matches_dense_dephasing(L, dz, initial):
    """Eq. (5): omega = sum_E P_E psi psi^T P_E; dz = 0 is SU(2) symmetric (degeneracies across sectors)."""
    chain = HeisenbergChain.realization(L, dz, 2, 0)
    spec = Spectrum.of(chain)
    terms = time_average(spec, initial_state(L, initial))
    om = dense_terms(terms, L)
    h = chain.dense()
    assert np.abs(om @ h - h @ om).max() < 1e-12
    assert np.trace(om) == pytest.approx(1.0, abs=1e-12)
    w, v = np.linalg.eigh(h)
    psi = _full_psi(L, initial)
    ref = np.zeros_like(h)
    labels = np.concatenate([[0], np.cumsum(np.diff(w) > 1e-9)])
    for c in np.unique(labels):
        x = v[:, labels == c] @ (v[:, labels == c].T @ psi)
        ref += np.outer(x, x)
    assert np.abs(om - ref).max() < 1e-12
    for r in (1, 3, L - 1):
        assert np.abs(reduce_terms(terms, r) - _ptrace(ref, L, r)).max() < 1e-12


def test_partial_trace_factors_across_sectors():
    """Cross-sector terms x y^T reduce like their dense embedding."""
    rng = np.random.default_rng(5)
    bx, by = SectorBasis(6, 2), SectorBasis(6, 3)
    x, y = rng.normal(size=(bx.dim, 4)), rng.normal(size=(by.dim, 4))
    full = dense_terms([(bx, x, by, y)], 6)
    for r in (1, 2, 4, 6):
        np.testing.assert_allclose(partial_trace_factors(x, bx, y, by, r), _ptrace(full, 6, r), atol=1e-12)


@pytest.mark.parametrize("L,dz", [(6, 0.5), (8, 3.0), (8, 0.0)])
def test_beta_matching_hits_the_energy(L, dz):
    chain = HeisenbergChain.realization(L, dz, 0, 4)
    psi = _full_psi(L, "neel-sectors")
    e0 = psi @ chain.dense() @ psi
    spec = Spectrum.of(chain)
    beta = match_beta(spec.energies(), e0)
    assert abs(gibbs_energy(spec.energies(), beta) - e0) < 1e-10
    w, v = np.linalg.eigh(chain.dense())
    g = (v * np.exp(-beta * (w - w[0]))) @ v.T
    assert abs(np.trace(g @ chain.dense()) / np.trace(g) - e0) < 1e-10
    np.testing.assert_allclose(_ptrace(g / np.trace(g), L, 3), reduce_terms(gibbs_factors(spec, beta), 3),
                               atol=1e-13)


def test_beta_matching_fails_clearly_outside_the_spectrum():
    e = np.array([0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="initial"):
        match_beta(e, 0.0)  # ground energy: only beta = +inf
    assert match_beta(e, 1.0) == pytest.approx(0.0, abs=1e-12)
    assert match_beta(e, 1.5) < 0  # above the infinite-temperature energy


def test_dmax_nonnegative_and_zero_iff_equal():
    chain = HeisenbergChain.realization(8, 1.0, 0, 0)
    prof = realization_profile(chain, [1, 2, 3, 4], "neel-sectors", "reduced-gibbs")
    assert all(r.dmax >= -1e-12 for r in prof.regions)
    tau = prof.regions[1].tau
    assert abs(dmax(tau, tau)) < 1e-12
    assert dmax(prof.regions[1].rho, tau) > 1e-3  # omega_R differs from tau_R
    assert np.abs(prof.regions[1].rho - tau).max() > 1e-3


def test_reduced_thermal_states_coincide_without_boundary_terms():
    """App. D: tau_beta(H_R) and Tr_{R^c} tau_beta(H) agree when R is the whole chain."""
    chain = HeisenbergChain.realization(6, 2.0, 1, 0)
    a = realization_profile(chain, [6], "neel", "reduced-hamiltonian").regions[0]
    b = realization_profile(chain, [6], "neel", "reduced-gibbs").regions[0]
    np.testing.assert_allclose(a.tau, b.tau, atol=1e-12)
    assert a.dmax == pytest.approx(b.dmax, abs=1e-9)


def test_ergodic_slope_below_localized_slope():
    """Fig. 2 (bottom): the slope of D_max in |R| grows from the ergodic (small Delta) to the MBL (large Delta) side."""
    kw = dict(L=8, realizations=4, regions=[1, 2, 3, 4], seed=7, store=None)
    ergodic = solve("mbl.dmax_profile", disorder=1.0, **kw)
    localized = solve("mbl.dmax_profile", disorder=8.0, **kw)
    assert ergodic.verified and localized.verified
    assert ergodic.value + 2 * ergodic.data["slope_err"] < localized.value


def test_fit_profile_weighted_and_single_realization():
    d = np.array([[0.0, 1.0, 2.1], [0.2, 1.2, 1.9]])
    f = fit_profile(d, [1, 2, 3])
    assert f.weighted and f.slope_err is not None and f.slope == pytest.approx(0.95, abs=0.1)
    one = fit_profile(d[:1], [1, 2, 3])
    assert not one.weighted and one.slope == pytest.approx(1.05) and one.slope_err > 0
    assert fit_profile(d[:1, :2], [1, 2]).slope_err is None


@pytest.mark.parametrize("L", [5, 7])
def test_odd_L_initial_state_sits_in_half_integer_sectors(L):
    """Odd L: |N> has floor(L/2) down spins (M = 1/2); the flips give M = 3/2 and M = -1/2."""
    psi = initial_state(L, "neel-sectors")
    assert sorted(SectorBasis(L, n).magnetization for n in psi) == [-0.5, 0.5, 1.5]
    assert np.linalg.norm(_full_psi(L, "neel-sectors")) == pytest.approx(1.0, abs=1e-14)


@pytest.mark.parametrize("L,dz", [(5, 0.7), (7, 5.0)])
def test_odd_L_region_dmax_equals_dense_pipeline(L, dz):
    """D_max(omega_R || tau_beta(H_R)) from sector ED equals the dense 2^L pipeline (Eq. (5), (10), (19))."""
    from scipy.linalg import expm

    chain = HeisenbergChain.realization(L, dz, 4, 2)
    prof = realization_profile(chain, [1, 2, 3], "neel-sectors", "reduced-hamiltonian")
    h = chain.dense()
    w, v = np.linalg.eigh(h)
    psi = _full_psi(L, "neel-sectors")
    labels = np.concatenate([[0], np.cumsum(np.diff(w) > 1e-9)])
    om = sum(np.outer(x, x) for x in (v[:, labels == c] @ (v[:, labels == c].T @ psi) for c in np.unique(labels)))
    assert gibbs_energy(w, prof.beta) == pytest.approx(psi @ h @ psi, abs=1e-10)
    for reg in prof.regions:
        hr = chain.region_hamiltonian(reg.r)
        tau = expm(-prof.beta * hr)
        tau /= np.trace(tau)
        assert reg.dmax == pytest.approx(dmax(_ptrace(om, L, reg.r), tau), abs=1e-8)
