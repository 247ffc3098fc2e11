"""Adversarial checks of ``channel-marginal-bound`` certificates (``eplt.channel_marginal``).

Known value (closed form): for two qubits with gaps 1 at temperature ``T`` the best local thermalization
keeps ``<Psi+|Lambda(Psi+)|Psi+> = 1/2 + q_1``, ``q_1 = e^{-1/T} / (1 + e^{-1/T})``: the paper's ``E^{eps*}``
(Eq. (5), ``eps* = 2 q_1``, ``eta = |0><0|``) attains it and the PPT relaxation meets it (problem
``channel-marginal-qubit``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import sdpthermo
from sdpthermo.certify import verify
from tests.adversarial.near_tol import check_kind, check_variants


def known_value(t: float) -> float:
    q1 = np.exp(-1 / t) / (1 + np.exp(-1 / t))
    return 0.5 + q1


def cert_of(t: float, relaxation: str = "ppt"):
    return sdpthermo.solve("eplt.channel_marginal", energies=[0, 1], T=t, relaxation=relaxation, starts=0,
                           store=None).certificate


@pytest.fixture(scope="module")
def cert_t1():
    return cert_of(1.0)


def test_scaled_losr_ensemble_is_not_a_better_channel(cert_t1):
    """Issue 14 item 3: the LOSR ensemble scaled by 1 + 9e-7 must not lift the lower bound above the optimum."""
    known = known_value(1.0)
    for key in ("p", "choi_A", "choi_B"):
        primal = {**cert_t1.primal, key: cert_t1.primal[key] * (1 + 9e-7)}
        v = verify(replace(cert_t1, primal=primal), 1e-6)
        assert v.passed and v.lower <= known + 1e-12, (key, v.lower - known)
    variants = [(f"{k}*(1+{s:g})", replace(cert_t1, primal={**cert_t1.primal, k: cert_t1.primal[k] * (1 + s)}))
                for k in ("p", "choi_A", "choi_B") for s in (9e-7, 5e-7, -9e-7)]
    check_variants(variants, cert_t1.kind, known)


def test_losr_and_dual_perturbations_never_false(rng, cert_t1):
    check_kind(cert_t1, known_value(1.0), rng)


def test_nonsignalling_relaxation_never_false(rng):
    check_kind(cert_of(0.5, "nonsignalling"), known_value(0.5), rng)
