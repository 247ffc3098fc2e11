"""Adversarial checks of ``ppt`` certificates (negativity SDP pair and its witness; seed 000 Theorem 3).

Known values, independent of the verifier's partial transposes: the negativity of a pure two-qubit state
``cos t |00> + sin t |11>`` is ``|cos t sin t|`` (Schmidt coefficients), of the Werner state
``p Psi+ + (1 - p) I/4`` it is ``max(0, (3p - 1)/4)``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import sdpthermo
from sdpthermo.certify import verify
from tests.adversarial.near_tol import check_claim, check_kind

BELL = np.outer([1, 0, 0, 1], [1, 0, 0, 1]) / 2


def werner(p: float) -> np.ndarray:
    return p * BELL + (1 - p) * np.eye(4) / 4


def pure(t: float) -> np.ndarray:
    v = np.array([np.cos(t), 0, 0, np.sin(t)])
    return np.outer(v, v)


def random_pure_two_qutrit(seed: int) -> tuple[np.random.Generator, np.ndarray, np.ndarray]:
    """``(rng, |psi><psi|, Schmidt coefficients)`` of a Gaussian random two-qutrit pure state."""
    g = np.random.default_rng(seed)
    m = g.normal(size=(3, 3)) + 1j * g.normal(size=(3, 3))
    m = m / np.linalg.norm(m)
    return g, np.outer(m.reshape(-1), m.reshape(-1).conj()), np.linalg.svd(m, compute_uv=False)


def cert_of(rho: np.ndarray, method: str = "closed-form"):
    return sdpthermo.solve("ppt", state=rho, dims=[2, 2], method=method, store=None).certificate


@pytest.mark.parametrize("method", ["closed-form", "sdp"])
@pytest.mark.parametrize("p", [0.2, 0.6, 0.9])
def test_werner_negativity_never_false(rng, p, method):
    check_kind(cert_of(werner(p), method), max(0.0, (3 * p - 1) / 4), rng)


@settings(max_examples=12, deadline=None, derandomize=True)
@given(st.floats(0.05, 1.5))
def test_pure_state_negativity_never_false(t):
    check_kind(cert_of(pure(t)), abs(np.cos(t) * np.sin(t)), np.random.default_rng(int(t * 1e6)))


@pytest.mark.parametrize("direction", ["11", "product", "01"])
def test_roundoff_eigenvalue_is_not_entanglement(rng, direction):
    """Issue 14 item 4: |00><00| carrying a -1e-10 roundoff eigenvalue (on a product vector) is not entangled."""
    if direction == "product":
        a, b = rng.normal(size=2), rng.normal(size=2)
        v = np.kron(a / np.linalg.norm(a), b / np.linalg.norm(b))
    else:
        v = np.zeros(4)
        v[int(direction, 2)] = 1.0
    rho = np.diag([1.0, 0, 0, 0]) - 1e-10 * np.outer(v, v)
    for method in ("closed-form", "sdp"):
        r = sdpthermo.solve("ppt", state=rho, dims=[2, 2], method=method, store=None)
        assert not r.data["entangled"], (method, r.data)
        assert r.lower <= 1e-10 + 1e-12 <= r.upper + 2e-12  # the negativity of the matrix as given is 1e-10
        check_claim(r.certificate, "entangled", rng)


def test_separable_state_with_noise_never_entangled(rng):
    """A separable state at the PPT boundary plus noise below its own PSD deficit: no witness may claim it."""
    rho = 0.5 * np.diag([1.0, 0, 0, 0]) + 0.5 * np.diag([0, 0, 0, 1.0]) - 1e-9 * np.diag([0, 1.0, 0, 0])
    check_claim(cert_of(rho), "entangled", rng)
    check_claim(cert_of(werner(1 / 3)), "entangled", rng)


def test_entangled_state_still_detected():
    v = verify(cert_of(werner(0.8)), 1e-6)
    assert v.passed and v.conclusions["entangled"] and v.conclusions["witness_bound"] < -0.34


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(20))
def test_random_pure_two_qutrit_states_never_false(seed):
    """Negativity of a pure state from its Schmidt coefficients ``s_i``: ``((sum_i s_i)^2 - 1)/2``."""
    g, rho, s = random_pure_two_qutrit(seed)
    cert = sdpthermo.solve("ppt", state=rho, dims=[3, 3], store=None).certificate
    check_kind(cert, (s.sum() ** 2 - 1) / 2, g)
