"""Adversarial checks of ``bath-optimal-channel`` certificates (seed 002 Eq. (17), Lemmas 14-15).

Known value, computed densely and independently of the verifier's type enumeration: the best
energy-preserving random-unitary channel is the energy-block twirl, so
``min_E ||E(rho ⊗ tau^{n-1}) - tau^n||_1 = sum_E |tr Pi_E (rho ⊗ tau^{n-1} - tau^n)|``, with ``Pi_E`` the
eigenprojections of ``H^(n)`` found by enumerating the ``d^n`` product basis states.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import sdpthermo
from tests.adversarial.near_tol import check_kind


def dense_optimum(energies: list[float], t: float, p: list[float], n: int) -> float:
    e = np.asarray(energies, float)
    q = np.exp(-e / t) / np.exp(-e / t).sum()
    weights: dict[float, float] = {}
    for idx in itertools.product(range(len(e)), repeat=n):
        w_in = p[idx[0]] * np.prod([q[i] for i in idx[1:]])
        w_tau = np.prod([q[i] for i in idx])
        key = round(float(sum(e[list(idx)])), 9)
        weights[key] = weights.get(key, 0.0) + w_in - w_tau
    return float(sum(abs(w) for w in weights.values()))


@pytest.mark.parametrize("energies, p, n", [([0, 1, 2], [0.2, 0.3, 0.5], 2), ([0, 1, 3], [0.6, 0.1, 0.3], 3),
                                            ([0, 1, 2.5, 3.5], [0.1, 0.2, 0.3, 0.4], 2)])
def test_optimal_channel_never_false(rng, energies, p, n):
    r = sdpthermo.solve("bath.optimal_channel", energies=energies, T=1.0, p=p, n=n, store=None)
    known = dense_optimum(energies, 1.0, p, n)
    assert r.verified and r.lower - 1e-12 <= known <= r.upper + 1e-12
    check_kind(r.certificate, known, rng, slack=1e-12)
