"""Adversarial checks of ``fef`` certificates (fully entangled fraction, seed 000 Eq. (16), Prop. 5).

Known values (closed forms): ``F = p + (1 - p)/4`` for the Werner state ``p Psi+ + (1 - p) I/4``
(``p >= -1/3``); ``F = (cos t + sin t)^2 / 2`` for ``cos t |00> + sin t |11>``, ``0 <= t <= pi/2``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import sdpthermo
from sdpthermo.certify import kinds, verify
from tests.adversarial.near_tol import check_claim, check_kind
from tests.adversarial.test_ppt import pure, random_pure_two_qutrit, werner


def cert_of(rho: np.ndarray, ppt: bool = True):
    return sdpthermo.solve("fef", state=rho, dims=[2, 2], ppt=ppt, starts=2, store=None).certificate


@pytest.mark.parametrize("ppt", [True, False])
@pytest.mark.parametrize("p", [0.1, 0.7])
def test_werner_fef_never_false(rng, p, ppt):
    check_kind(cert_of(werner(p), ppt), p + (1 - p) / 4, rng, slack=1e-8)


@settings(max_examples=6, deadline=None, derandomize=True)
@given(st.floats(0.05, 1.5))
def test_pure_state_fef_never_false(t):
    check_kind(cert_of(pure(t)), (np.cos(t) + np.sin(t)) ** 2 / 2, np.random.default_rng(int(t * 1e6)), slack=1e-8)


def test_unnormalized_or_nonpsd_input_is_not_entangled(rng):
    """``F > 1/2`` must be read on the normalized PSD part: the separable ``sigma = (|00><00| + |11><11|)/2``
    (``F = 1/2``) scaled by ``1 + 1e-9``, or carrying a ``-1e-9`` eigenvalue and renormalized to trace 1
    (``<Psi+|rho|Psi+> = 1/2 + 5e-10``), is not claimed entangled."""
    sigma = np.diag([0.5, 0, 0, 0.5])
    eps = 1e-9
    for rho in (sigma * (1 + eps), (sigma - eps * np.diag([0, 1.0, 0, 0])) / (1 - eps)):
        check_claim(cert_of(rho), "entangled", rng)
    check_claim(cert_of(werner(1 / 3)), "entangled", rng)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(8))
def test_random_pure_two_qutrit_states_never_false(seed):
    """FEF of a pure state from its Schmidt coefficients ``s_i``: ``(sum_i s_i)^2 / d``."""
    g, rho, s = random_pure_two_qutrit(seed)
    cert = sdpthermo.solve("fef", state=rho, dims=[3, 3], starts=4, seed=seed, store=None).certificate
    check_kind(cert, s.sum() ** 2 / 3, g, slack=1e-8)


def test_nonfinite_unitary_is_rejected_not_hung(rng):
    """LAPACK's SVD does not return on a 3x3 matrix holding inf: the verifier must not take the polar factor."""
    from sdpthermo.results import Certificate

    d = 3
    v = np.eye(d).reshape(-1) / np.sqrt(d)
    rho = np.outer(v, v)
    y, z = np.eye(d) / 2, np.zeros((d * d, d * d))
    cert = Certificate(kinds.FEF, "max", {"U": np.eye(d)}, {"Y_A": y, "Y_B": y, "Z_plus": z, "Z_minus": z},
                       {"rho": rho}, "seed 000 Eq. (16)", {"dims": [d, d], "ppt": False})
    check_kind(cert, 1.0, rng)
    bad = np.eye(d)
    bad[0, 0] = np.inf
    v_bad = verify(Certificate(kinds.FEF, "max", {"U": bad}, cert.dual, cert.problem, cert.convention, cert.meta), 1e-6)
    assert not v_bad.passed and v_bad.lower <= 1.0 <= v_bad.upper
