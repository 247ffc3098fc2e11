"""Adversarial checks of ``diamond`` certificates (Watrous' SDP; seed 003's ``collision.map_distance``).

Known value (closed form): for unitary channels ``||U.U^† - V.V^†||_diamond = 2 sqrt(1 - nu^2)`` with
``nu`` the distance from 0 to the convex hull of the eigenvalues of ``U^† V``; for
``U^† V = diag(1, e^{i theta_1}, ...)`` with all ``theta_k`` in ``[0, theta_max]``, ``theta_max <= pi``,
``nu = cos(theta_max / 2)`` and the norm is ``2 sin(theta_max / 2)``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from sdpthermo.formulations.diamond import solve_diamond
from sdpthermo.linalg.choi import choi_from_kraus
from tests.adversarial.near_tol import check_kind


def phase_difference(thetas: list[float], basis_seed: int | None = None) -> tuple[np.ndarray, float]:
    """Choi matrix of ``U.U^† - V.V^†`` with ``U^† V = diag(1, e^{i theta})`` (in a random basis) and its norm."""
    d = len(thetas) + 1
    u = np.eye(d, dtype=complex)
    if basis_seed is not None:
        g = np.random.default_rng(basis_seed)
        u, _ = np.linalg.qr(g.normal(size=(d, d)) + 1j * g.normal(size=(d, d)))
    v = u @ np.diag(np.exp(1j * np.array([0.0, *thetas])))
    return choi_from_kraus([u]) - choi_from_kraus([v]), 2 * np.sin(max(thetas) / 2)


@pytest.mark.parametrize("method", ["ascent", "sdp"])
@pytest.mark.parametrize("thetas", [[0.3], [2.0], [0.5, 1.2]])
def test_unitary_difference_never_false(rng, thetas, method):
    j, known = phase_difference(thetas, basis_seed=1)
    d = len(thetas) + 1
    out = solve_diamond(j, d, d, method=method)
    check_kind(out.certificate, known, rng, slack=1e-9)


@settings(max_examples=5, deadline=None, derandomize=True)
@given(st.floats(0.05, 3.0))
def test_random_phase_never_false(theta):
    j, known = phase_difference([theta])
    out = solve_diamond(j, 2, 2, method="ascent")
    check_kind(out.certificate, known, np.random.default_rng(int(theta * 1e6)))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_random_qutrit_phases_never_false(seed):
    g = np.random.default_rng(seed)
    thetas = sorted(g.uniform(0.1, 3.0, size=2).tolist())
    j, known = phase_difference(thetas, basis_seed=seed)
    for method in ("ascent", "sdp"):
        check_kind(solve_diamond(j, 3, 3, method=method).certificate, known, g)
