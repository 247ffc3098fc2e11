"""The real form of the Liouvillian (71) used by the steady state and the evolution (issue 19).

Checked against the complex definitions: ``A[k, l] = tr(E_k L(E_l))`` in the orthonormal Hermitian basis,
the singular values of ``L``, the least-squares steady state and ``expm(L t)`` on a non-Hermitian input.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg as sla

from sdpthermo.errors import ValidationError
from sdpthermo.models.collision.lindblad import (
    evolve,
    from_hermitian_coordinates,
    hermitian_coordinates,
    poisson_liouvillian,
    real_liouvillian,
    steady_state,
    traceless_gap,
)


def random_liouvillian(d: int, rng: np.random.Generator, gamma: float = 0.7, ham_scale: float = 0.5) -> np.ndarray:
    """``L`` of Eq. (71) for a random Hamiltonian ``ham_scale (G + G^dag)`` and a random channel (Kraus operators of
    an isometry) at rate ``gamma``."""
    g = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    ham = ham_scale * (g + g.conj().T)
    k = np.linalg.qr(rng.standard_normal((3 * d, d)) + 1j * rng.standard_normal((3 * d, d)))[0].reshape(3, d, d)
    v = np.einsum("kai->ika", k).reshape(d * d, 3)               # Choi (input ⊗ output) = V V^dag
    return poisson_liouvillian(ham, v @ v.conj().T, gamma)


def lstsq_steady_state(lv: np.ndarray) -> np.ndarray:
    """The trace-one solution of ``L vec rho = 0`` by least squares on ``L`` stacked with the trace row."""
    d = int(round(np.sqrt(lv.shape[0])))
    a = np.vstack([lv, np.eye(d).reshape(1, -1)])
    b = np.zeros(d * d + 1, complex)
    b[-1] = 1
    return np.linalg.lstsq(a, b, rcond=None)[0].reshape(d, d)


def _hermitian_basis(d: int) -> list[np.ndarray]:
    basis = []
    for i in range(d):
        e = np.zeros((d, d), complex)
        e[i, i] = 1
        basis.append(e)
    iu, ju = np.triu_indices(d, 1)
    for kind in (0, 1):
        for i, j in zip(iu, ju):
            e = np.zeros((d, d), complex)
            e[i, j], e[j, i] = (1, 1) if kind == 0 else (1j, -1j)
            basis.append(e / np.sqrt(2))
    return basis


@pytest.mark.parametrize("d", [2, 3, 4])
def test_real_form_is_l_in_the_orthonormal_hermitian_basis(d):
    lv = random_liouvillian(d, np.random.default_rng(d))
    basis = _hermitian_basis(d)
    images = [(lv @ e.reshape(-1)).reshape(d, d) for e in basis]
    explicit = np.array([[np.trace(ek @ img).real for img in images] for ek in basis])
    assert np.max(np.abs(real_liouvillian(lv) - explicit)) < 1e-13
    sv_complex = np.sort(np.linalg.svd(lv, compute_uv=False))
    assert np.max(np.abs(np.sort(np.linalg.svd(real_liouvillian(lv), compute_uv=False)) - sv_complex)) < 1e-12


def test_hermitian_coordinates_round_trip_and_batch():
    rng = np.random.default_rng(1)
    g = rng.standard_normal((2, 4, 4)) + 1j * rng.standard_normal((2, 4, 4))
    xs = g + g.conj().transpose(0, 2, 1)
    coords = np.stack([hermitian_coordinates(x) for x in xs])
    assert np.max(np.abs(from_hermitian_coordinates(coords, 4) - xs)) < 1e-15
    assert np.linalg.norm(coords[0]) == pytest.approx(np.linalg.norm(xs[0]), rel=1e-14)   # orthonormal basis


@pytest.mark.parametrize("d", [2, 3, 5])
def test_steady_state_and_gap_match_the_complex_definitions(d):
    lv = random_liouvillian(d, np.random.default_rng(10 + d))
    ss = steady_state(lv)
    assert np.max(np.abs(ss.rho - lstsq_steady_state(lv))) < 1e-12 and ss.residual < 1e-12
    v = np.eye(d).reshape(-1) / np.sqrt(d)
    sv = np.sort(np.linalg.svd(lv @ (np.eye(d * d) - np.outer(v, v)), compute_uv=False))
    assert traceless_gap(lv) == pytest.approx(sv[1], rel=1e-12) and ss.gap == traceless_gap(lv)


def test_evolve_matches_expm_on_a_non_hermitian_input():
    d = 3
    lv = random_liouvillian(d, np.random.default_rng(5))
    rng = np.random.default_rng(6)
    x0 = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    times = [2.0, 0.0, 0.5, 1.0, 3.5]
    out = evolve(lv, x0, times)
    for t, x in zip(times, out):
        assert np.max(np.abs(x - (sla.expm(lv * t) @ x0.reshape(-1)).reshape(d, d))) < 1e-12


def test_a_non_hermiticity_preserving_map_is_rejected():
    lv = random_liouvillian(2, np.random.default_rng(7))
    lv[0, 1] += 0.3j
    with pytest.raises(ValidationError, match="liouvillian"):
        steady_state(lv)
    with pytest.raises(ValidationError, match="liouvillian"):
        real_liouvillian(np.zeros((3, 3)))
