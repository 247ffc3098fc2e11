"""Adversarial checks of ``decomposable-witness`` certificates (optimal normalized decomposable witness).

Known value: ``w* = min(lambda_min(rho), lambda_min(rho^{T_B}))``; for the Werner state
``p Psi+ + (1 - p) I/4`` the spectra are ``(1 - p)/4`` and ``(1 - 3p)/4`` (closed form), so ``w* = (1 - 3p)/4``.
"""

from __future__ import annotations

import numpy as np
import pytest

import sdpthermo
from tests.adversarial.near_tol import check_claim, check_kind
from tests.adversarial.test_ppt import werner


def cert_of(rho: np.ndarray, method: str = "sdp"):
    return sdpthermo.solve("ppt.witness", state=rho, dims=[2, 2], method=method, store=None).certificate


@pytest.mark.parametrize("method", ["sdp", "closed-form"])
@pytest.mark.parametrize("p", [0.2, 0.8])
def test_werner_witness_value_never_false(rng, p, method):
    check_kind(cert_of(werner(p), method), (1 - 3 * p) / 4, rng)


def test_product_state_with_roundoff_eigenvalue_is_not_entangled(rng):
    """A negative eigenvalue of rho itself makes w* < 0; it must not be read as entanglement."""
    rho = np.diag([1.0, 0, 0, -1e-10])
    for method in ("sdp", "closed-form"):
        r = sdpthermo.solve("ppt.witness", state=rho, dims=[2, 2], method=method, store=None)
        assert not r.data["entangled"] and r.lower <= -1e-10 <= r.upper + 1e-12, (method, r.data)
        check_claim(r.certificate, "entangled", rng)


def test_separable_werner_never_entangled(rng):
    check_claim(cert_of(werner(0.3)), "entangled", rng)
