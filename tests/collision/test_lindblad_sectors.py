"""Sectors of the Liouvillian (71): covariant maps split by ``n_i - n_j`` (issue 19).

The sector path is checked against the dense definitions on the full ``L``: ``expm(L t) vec rho0`` and the
least-squares trace-one kernel vector.  The structure itself is checked against seed 003: the narrow map
(Eq. 45) is a TIO of ``H(eps)`` (Eq. 22) and the local map (Eqs. 54-56) one of ``H(0)``, both conserving
the excitation number; the exact map (Eq. 38) is not covariant, except at ``eps = 0`` where it acts on
qubit 1 alone.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg as sla

from sdpthermo.models.collision import lindblad
from sdpthermo.models.collision.chain import chain_hamiltonian, excitation_numbers
from sdpthermo.models.collision.lindblad import evolve, liouvillian_sectors, poisson_liouvillian, steady_state
from sdpthermo.models.collision.maps import collision_map

PAPER = {"g": 50.0, "m": 0.1, "beta": 0.1, "sigma_p": 0.5}


def _lv(n: int, eps: float, kind: str, gamma: float = 1.0) -> np.ndarray:
    cm = collision_map(n, 4.0, eps, **PAPER, kind=kind)
    return poisson_liouvillian(chain_hamiltonian(n, 4.0, eps), cm.channel.choi, gamma)


def _dense_steady(lv: np.ndarray) -> np.ndarray:
    d = round(math.sqrt(lv.shape[0]))
    a = np.vstack([lv, np.eye(d).reshape(1, -1)])
    b = np.zeros(d * d + 1, complex)
    b[-1] = 1
    return np.linalg.lstsq(a, b, rcond=None)[0].reshape(d, d)


def _sector_sizes(n: int) -> dict[int, int]:
    """Number of ``vec`` positions ``(i, j)`` with ``n_i - n_j = q``: ``sum_k binom(n, k) binom(n, k + q)``."""
    return {q: sum(math.comb(n, k) * math.comb(n, k + q) for k in range(n + 1) if 0 <= k + q <= n)
            for q in range(-n, n + 1)}


@pytest.mark.parametrize("kind", ["narrow", "local"])
@pytest.mark.parametrize("n", [3, pytest.param(4, marks=pytest.mark.slow)])     # N = 4 maps take ~10 s
def test_covariant_maps_split_by_excitation_difference(kind, n):
    lv = _lv(n, 0.1, kind)
    sec = liouvillian_sectors(lv)
    sizes = _sector_sizes(n)
    assert sec.off_block == 0.0                                           # exactly block diagonal
    assert sec.trace_block == 0 and sec.sizes[0] == sizes[0]              # populations: n_i = n_j (70 at N = 4)
    assert sec.sizes[1] == 2 * sizes[1]                                   # the pair q = +-1 (real coordinates)
    assert sum(sec.sizes) == 4**n
    nums = excitation_numbers(n)
    q = (nums[:, None] - nums[None, :]).ravel()
    assert set(np.abs(q[sec.blocks[0].diag]).tolist()) == {0}
    assert set(np.abs(q[sec.blocks[1].up]).tolist()) == {1}


def test_the_exact_map_is_one_sector_but_splits_at_zero_coupling():
    sec = liouvillian_sectors(_lv(3, 0.1, "exact"))
    assert sec.sizes == [64] and sec.off_block == 0.0
    sec0 = liouvillian_sectors(_lv(3, 0.0, "exact"))
    # at eps = 0 the collision acts on qubit 1 only: populations of qubits 2, 3 never mix, the diagonal splits
    assert len(sec0.sizes) > 1 and sec0.trace_block is None and sec0.off_block == 0.0


@pytest.mark.parametrize("kind, eps", [("narrow", 0.1), ("local", 0.003), ("narrow", 0.0), ("exact", 0.0)])
def test_sector_results_equal_the_dense_definitions(kind, eps):
    lv = _lv(3, eps, kind, gamma=10.0 if kind == "local" else 1.0)
    d = 8
    rng = np.random.default_rng(3)
    x0 = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))    # every sector populated
    ground = np.zeros((d, d), complex)
    ground[0, 0] = 1.0                                                   # only the population sector
    times = [0.0, 0.7, 2.0, 5.0]
    for rho0 in (x0, ground):
        out = evolve(lv, rho0, times)
        for t, x in zip(times, out):
            ref = (sla.expm(lv * t) @ rho0.reshape(-1)).reshape(d, d)
            assert np.max(np.abs(x - ref)) < 1e-12
    if liouvillian_sectors(lv).trace_block is not None:
        ss = steady_state(lv)
        assert np.max(np.abs(ss.rho - _dense_steady(lv))) < 1e-10 and ss.residual < 1e-12


def _twirled_liouvillian(charges: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``L`` of a random channel twirled over ``e^{-iKs}`` (``K = diag(charges)``, integers): covariant under K.

    The average over ``M = 2 max|K_i - K_j| + 1`` equally spaced angles removes every ``e^{iqs}``, ``q != 0``.
    """
    d = charges.size
    k = np.linalg.qr(rng.standard_normal((3 * d, d)) + 1j * rng.standard_normal((3 * d, d)))[0].reshape(3, d, d)
    m = 2 * int(np.ptp(charges)) + 1
    kraus = [np.diag(np.exp(-1j * charges * s)) @ kk @ np.diag(np.exp(1j * charges * s)) / np.sqrt(m)
             for s in 2 * np.pi * np.arange(m) / m for kk in k]
    choi = sum(np.einsum("ai,bj->iajb", kk, kk.conj()).reshape(d * d, d * d) for kk in kraus)
    ham = np.diag(rng.standard_normal(d))
    return poisson_liouvillian(ham, choi, 0.5)


def test_a_planted_covariance_is_found_and_only_roundoff_is_dropped():
    rng = np.random.default_rng(11)
    charges = np.array([1, 0, 2, 1])                 # sectors K_i - K_j: 0 (6 positions), +-1 (4 each), +-2 (1 each)
    lv = _twirled_liouvillian(charges, rng)
    sec = liouvillian_sectors(lv)
    assert sec.trace_block == 0 and sec.sizes == [6, 10]                 # +-1 and +-2 packed together
    assert sec.off_block <= lindblad.SECTOR_TOL * np.max(np.abs(lv))
    rho0 = np.diag([0.1, 0.2, 0.3, 0.4]).astype(complex)
    rho0[0, 2] = rho0[2, 0] = 0.05
    for t, x in zip([0.5, 3.0], evolve(lv, rho0, [0.5, 3.0])):
        assert np.max(np.abs(x - (sla.expm(lv * t) @ rho0.reshape(-1)).reshape(4, 4))) < 1e-12
    assert np.max(np.abs(steady_state(lv).rho - _dense_steady(lv))) < 1e-11
    a, b = 0 * 4 + 0, 0 * 4 + 1                     # couple the population |0><0| to the coherence |0><1|
    for size, merged in ((1e3, True), (1e-1, False)):
        weak = lv.copy()
        weak[b, a] = size * lindblad.SECTOR_TOL * np.max(np.abs(lv))
        weak[4 * 1 + 0, a] = np.conj(weak[b, a])                         # L(X^dag) = L(X)^dag
        sec_w = liouvillian_sectors(weak)
        assert (sec_w.sizes[0] > 6) == merged
        assert merged or sec_w.off_block == pytest.approx(size * lindblad.SECTOR_TOL * np.max(np.abs(lv)))


def test_two_equal_dense_sectors_are_not_taken_for_one():
    """``S(X) = p X + (1 - p) sigma_x X sigma_x``: populations and coherences are two sectors of two positions,
    each fully coupled inside (every position has as many links as the one-sector shortcut asks for when its own
    diagonal entry is counted)."""
    sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    kraus = [np.sqrt(0.7) * np.eye(2), np.sqrt(0.3) * sx]
    choi = sum(np.einsum("ai,bj->iajb", k, k.conj()).reshape(4, 4) for k in kraus)
    lv = poisson_liouvillian(np.diag([0.0, 1.3]), choi.astype(complex), 0.8)
    sec = liouvillian_sectors(lv)
    assert sec.sizes == [2, 2] and sec.trace_block == 0 and sec.off_block == 0.0
    rho0 = np.array([[0.6, 0.2 - 0.1j], [0.2 + 0.1j, 0.4]])
    for t, x in zip([0.4, 2.5], evolve(lv, rho0, [0.4, 2.5])):
        assert np.max(np.abs(x - (sla.expm(lv * t) @ rho0.reshape(-1)).reshape(2, 2))) < 1e-13
