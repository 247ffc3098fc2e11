"""The fast paths of the Liouvillian (71): Chebyshev propagation and the refined single-precision solve (issue 19).

Both are checked against the dense definitions on the complex ``L`` (``expm(L t) vec rho0`` and the
least-squares trace-one kernel vector) on random generators of Eq. (71) large enough (``d = 12``, ``d^2 = 144``)
for the cost model to pick them, and each fallback is exercised: a strongly damped generator goes to exact step
propagators, an ill-conditioned system to the double-precision LU.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg as sla

from sdpthermo.models.collision import lindblad
from sdpthermo.models.collision.lindblad import evolve, steady_state
from tests.collision.test_lindblad_real import lstsq_steady_state, random_liouvillian


def _random_liouvillian(d: int, rng: np.random.Generator, gamma: float) -> np.ndarray:
    """``L`` of Eq. (71): a random Hamiltonian of spectral radius ~ 1 and a random channel at rate ``gamma``."""
    return random_liouvillian(d, rng, gamma, ham_scale=1 / (8 * np.sqrt(d)))


def _spy(monkeypatch: pytest.MonkeyPatch, name: str) -> list[bool]:
    calls: list[bool] = []
    inner = getattr(lindblad, name)

    def wrapped(*args, **kwargs):
        out = inner(*args, **kwargs)
        calls.append(out is not None)
        return out

    monkeypatch.setattr(lindblad, name, wrapped)
    return calls


@pytest.mark.parametrize("gamma, expect_chebyshev", [(0.1, True), (3.0, False)])
def test_evolution_paths_equal_dense_expm(monkeypatch, gamma, expect_chebyshev):
    d = 12
    rng = np.random.default_rng(19)
    lv = _random_liouvillian(d, rng, gamma)
    x0 = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))            # non-Hermitian: X + i Y
    ground = np.zeros((d, d), complex)
    ground[0, 0] = 1.0
    times = np.linspace(0.0, 20.0, 21)
    used = _spy(monkeypatch, "_chebyshev_path")
    for rho0 in (ground, x0):
        out = evolve(lv, rho0, times)
        scale = max(1.0, float(np.linalg.norm(rho0)))
        for t, x in zip(times, out):
            ref = (sla.expm(lv * t) @ rho0.reshape(-1)).reshape(d, d)
            assert np.max(np.abs(x - ref)) < 1e-12 * scale
    assert (used == [True, True]) if expect_chebyshev else not used           # -c T = 0.1 * 20 vs 3 * 20


def test_chebyshev_equals_step_propagators_on_an_unsorted_grid():
    d = 12
    lv = _random_liouvillian(d, np.random.default_rng(5), 0.1)
    rho0 = np.diag(np.linspace(1.0, 2.0, d)).astype(complex) / np.linspace(1.0, 2.0, d).sum()
    times = [7.0, 0.0, 3.5, 20.0, 3.5, 11.25]                                  # repeated and unsorted
    out = evolve(lv, rho0, times)
    a = lindblad.real_liouvillian(lv)
    x0 = lindblad.hermitian_coordinates(rho0)[:, None]
    grid = np.unique(times)
    ref = lindblad._step_path(a, x0, grid)
    for t, x in zip(times, out):
        coords = lindblad.hermitian_coordinates(x)
        assert np.max(np.abs(coords - ref[np.searchsorted(grid, t), :, 0])) < 1e-13


def test_refined_steady_state_equals_least_squares():
    d = 12
    lv = _random_liouvillian(d, np.random.default_rng(8), 0.7)
    ss = steady_state(lv)
    assert np.max(np.abs(ss.rho - lstsq_steady_state(lv))) < 1e-12 and ss.residual < 1e-13


@pytest.mark.parametrize("cond, refined", [(1e3, True), (1e10, False)])           # u_32 cond < 1 / > 1
def test_refined_solve_falls_back_where_single_precision_cannot_converge(monkeypatch, cond, refined):
    n = lindblad.REFINE_MIN
    rng = np.random.default_rng(2)
    q = np.linalg.qr(rng.standard_normal((n, n)))[0]
    a = q @ np.diag(np.geomspace(1.0, 1.0 / cond, n)) @ q.T
    b = rng.standard_normal(n)
    calls: list[int] = []
    solve = np.linalg.solve
    monkeypatch.setattr(np.linalg, "solve", lambda *args: calls.append(1) or solve(*args))
    d, shift = 3, 0.25
    x = lindblad._refined_solve(a, d, shift, b)
    assert calls == ([] if refined else [1])
    full = a.copy()
    full[:d, :d] += shift
    assert np.max(np.abs(full @ x - b)) <= 8 * np.sqrt(n) * lindblad._U * np.linalg.norm(full) * np.max(np.abs(x))


@pytest.mark.parametrize("taus", [np.linspace(0.0, 330.0, 21), np.array([0.3, 2.0, 57.0, 330.0])])
def test_bessel_table_and_truncation_order_match_scipy(taus):
    from scipy.special import jv

    order = lindblad._chebyshev_order(float(taus[-1]), lindblad.CHEB_TAIL)
    table = lindblad._bessel_table(taus, order)                    # equispaced: products; otherwise: direct
    ref = jv(np.arange(order)[None, :], taus[:, None])
    assert np.max(np.abs(table - ref)) < 64 * lindblad._U * max(1.0, float(taus[-1]))   # ~ u tau (phase)
    for tau in (0.0, 1.0, 30.0, 330.0, 3300.0):
        k = lindblad._chebyshev_order(tau, 1e-17)
        assert abs(jv(k - 4, tau)) <= 1e-17                          # the dropped tail is below the tolerance
        assert tau < 2 or abs(jv(k - 40, tau)) > 1e-17               # and K is not far beyond it
