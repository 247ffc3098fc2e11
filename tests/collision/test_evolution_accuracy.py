"""Soundness of the ``collision-evolution`` certificate at large ``t`` against a 320-bit exponential (issue 21).

Ground truth: ``exp(A' t) x0`` for the real form ``A`` of the Liouvillian (71) of a 2-qubit chain (``d = 4``,
``16 x 16``), ``A'`` its exactly trace-preserving projection (column sums of the population rows removed in
rational arithmetic), by Taylor series and repeated squaring in 320-bit fixed point (Python integers): the
squarings amplify the 2^-320 truncation by at most ``2^s``, ``s <= 45`` here.  (Checked once against
``mpmath.expm`` at 80 digits: equal to the last float bit at ``t = 1e5`` and ``1e7``.)  The exact map at
``eps = 5e-5`` has a mode decaying at rate ``3.4e-7`` and a traceless gap of ``6.6e-7``: the hard case.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
import scipy.linalg as sla

from sdpthermo.certify import verify
from sdpthermo.formulations.collision.lindblad import solve_evolution
from sdpthermo.linalg.hermitian import trace_norm
from sdpthermo.models.collision.chain import chain_hamiltonian, chain_spectrum
from sdpthermo.models.collision.lindblad import (
    evolve,
    from_hermitian_coordinates,
    hermitian_coordinates,
    poisson_liouvillian,
    real_liouvillian,
)
from sdpthermo.models.collision.maps import collision_map
from sdpthermo.models.collision.observables import gibbs_pair

BITS = 320


def _fix(x: float) -> int:
    f = Fraction(float(x))
    return int(f * (1 << BITS))  # truncation toward zero, |error| < 2^-BITS


def _mul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.vectorize(lambda v: v >> BITS, otypes=[object])(a.dot(b))


def _exact_evolution(a: np.ndarray, d: int, x0: np.ndarray, t: float) -> np.ndarray:
    """``exp(A' t) x0`` to ~2^-(BITS - 50), ``A'`` = ``a`` with its trace defect removed exactly."""
    n = a.shape[0]
    af = np.array([[_fix(v) for v in row] for row in a], dtype=object)
    colsum = af[:d].sum(axis=0)
    af[:d] -= np.array([c // d for c in colsum], dtype=object)[None, :]
    af[0] -= af[:d].sum(axis=0)                              # column sums of the population rows now exactly 0
    assert not any(af[:d].sum(axis=0))
    tf = Fraction(t)
    at = np.vectorize(lambda v: v * tf.numerator // tf.denominator, otypes=[object])(af)
    norm = max(sum(abs(v) for v in row) for row in at) / 2.0**BITS
    s = max(0, int(np.ceil(np.log2(max(norm, 1e-300)))) + 12)  # ||A t / 2^s||_inf <= 2^-12
    m = np.vectorize(lambda v: v >> s, otypes=[object])(at)
    e = np.array([[(1 << BITS) if i == j else 0 for j in range(n)] for i in range(n)], dtype=object)
    term = e.copy()
    for k in range(1, 30):                                    # (2^-12)^30 / 30! < 2^-BITS
        term = np.vectorize(lambda v, k=k: v // k, otypes=[object])(_mul(term, m))
        e = e + term
    for _ in range(s):
        e = _mul(e, e)
    y = e.dot(np.array([_fix(v) for v in x0], dtype=object))
    return np.array([float(Fraction(int(v), 1 << (2 * BITS))) for v in y])


@pytest.fixture(scope="module")
def chains() -> dict[float, tuple]:
    out = {}
    for eps in (0.1, 5e-5):
        sp = chain_spectrum(2, 4.0, eps)
        cm = collision_map(2, 4.0, eps, g=50.0, m=0.1, beta=0.1, sigma_p=0.5, kind="exact")
        out[eps] = sp, cm, poisson_liouvillian(chain_hamiltonian(2, 4.0, eps), cm.channel.choi, 1.0)
    return out


def test_fixed_point_exponential_matches_scipy_at_moderate_t(chains) -> None:
    _, _, lv = chains[0.1]
    a = real_liouvillian(lv)
    x0 = np.eye(16)[0] + 0.3 * np.eye(16)[5]
    exact = _exact_evolution(a, 4, x0, 0.7)
    assert np.max(np.abs(exact - sla.expm(a * 0.7) @ x0)) < 1e-14


@pytest.mark.parametrize("eps", [0.1, 5e-5])
@pytest.mark.parametrize("t", [1e3, 1e5, 1e7, 1e9])
def test_certified_interval_contains_the_exact_distance(chains, eps: float, t: float) -> None:
    sp, cm, lv = chains[eps]
    out = solve_evolution(sp, cm, lv, 0.1, t)
    a = real_liouvillian(lv)
    rho0 = out.certificate.problem["rho0"]
    truth = from_hermitian_coordinates(_exact_evolution(a, 4, hermitian_coordinates(rho0), t), 4)
    gam = gibbs_pair(sp, 0.1)[0]
    dist = trace_norm(truth - gam) / 2
    ver = out.verification
    assert ver.passed
    assert ver.lower <= dist <= ver.upper
    err = float(np.linalg.norm(out.certificate.primal["rho_t"] - truth))
    assert err < {0.1: 1e-13, 5e-5: 2e-9}[eps]       # the computed state itself: no u ||L t|| growth
    assert ver.upper - ver.lower < {0.1: 1e-9, 5e-5: 1e-6}[eps]


def test_plain_scaling_and_squaring_drifts_at_large_t(chains) -> None:
    """The error the split removes: ``expm(A t) x0`` of the float matrix is off by ``~u ||A t||`` at ``t = 1e9``."""
    _, _, lv = chains[0.1]
    a = real_liouvillian(lv)
    x0 = np.eye(16)[0]
    exact = _exact_evolution(a, 4, x0, 1e9)
    assert np.linalg.norm(sla.expm(a * 1e9) @ x0 - exact) > 1e-8
    split = hermitian_coordinates(evolve(lv, from_hermitian_coordinates(x0, 4), [1e9])[0])
    assert np.linalg.norm(split - exact) < 1e-13


@pytest.mark.parametrize("eps", [0.1, 5e-5])
def test_state_moved_beyond_the_width_fails_or_widens(chains, eps: float) -> None:
    sp, cm, lv = chains[eps]
    out = solve_evolution(sp, cm, lv, 0.1, 1e7)
    cert, ver = out.certificate, out.verification
    width = ver.upper - ver.lower
    rng = np.random.default_rng(7)
    g = rng.standard_normal((4, 4)) + 1j * rng.standard_normal((4, 4))
    step = (g + g.conj().T) - np.trace(g + g.conj().T) * np.eye(4) / 4      # traceless Hermitian
    step *= 10 * width / np.linalg.norm(step)
    moved = replace(cert, primal={"rho_t": cert.primal["rho_t"] + step})
    v2 = verify(moved, 1e-9)
    a = real_liouvillian(lv)
    truth = from_hermitian_coordinates(_exact_evolution(a, 4, hermitian_coordinates(cert.problem["rho0"]), 1e7), 4)
    dist = trace_norm(truth - cert.problem["gamma"]) / 2
    assert (not v2.passed) or (v2.upper - v2.lower > width and v2.lower <= dist <= v2.upper)
    v3 = verify(replace(cert, primal={"rho_t": cert.primal["rho_t"] + step * (1e-6 / (10 * width))}), 1e-9)
    assert not v3.passed                                                     # moved by 1e-6 > tol: refused
