"""Adversarial checks of ``dps`` certificates (Doherty–Parrilo–Spedalieri symmetric extensions).

Known value: for two qubits PPT equals separable (Horodecki), and a separable operator has PPT symmetric
extensions of every level, so with the PPT conditions ``t*_k = t*_1 = min(lambda_min(rho),
lambda_min(rho^{T_B}))`` for every ``k``; for the Werner state ``p Psi+ + (1 - p) I/4`` that is
``(1 - 3p)/4`` (closed form).
"""

from __future__ import annotations

import numpy as np
import pytest

import sdpthermo
from tests.adversarial.near_tol import check_claim, check_kind
from tests.adversarial.test_ppt import werner


def cert_of(rho: np.ndarray, k: int):
    return sdpthermo.solve("separability.dps", state=rho, dims=[2, 2], k=k, ppt=True, store=None).certificate


@pytest.mark.parametrize("k", [1, 2])
@pytest.mark.parametrize("p", [0.2, 0.8])
def test_werner_extension_margin_never_false(rng, p, k):
    check_kind(cert_of(werner(p), k), (1 - 3 * p) / 4, rng, slack=1e-9)


def test_product_state_with_roundoff_eigenvalue_is_not_entangled(rng):
    rho = np.diag([1.0, 0, 0, -1e-10])
    r = sdpthermo.solve("separability.dps", state=rho, dims=[2, 2], k=2, store=None)
    assert not r.data["entangled"], r.data
    check_claim(r.certificate, "entangled", rng)


def test_separable_werner_never_entangled(rng):
    check_claim(cert_of(werner(0.3), 2), "entangled", rng)
