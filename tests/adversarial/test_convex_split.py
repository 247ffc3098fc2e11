"""Adversarial tests of ``bath-convex-split`` (seed 002 Lemma 9, Eq. (B4)): commuting pairs computed classically."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sdpthermo.certify import kinds, verify
from sdpthermo.results import Certificate


def _classical(p: np.ndarray, q: np.ndarray, n: int) -> float:
    """``||P^(n) - Q^n||_1^2`` over strings (independent of the dense matrices)."""
    tot = 0.0
    for s in itertools.product(range(p.size), repeat=n):
        qs = np.prod([q[i] for i in s])
        ps = np.mean([p[s[m]] * np.prod([q[s[k]] for k in range(n) if k != m]) for m in range(n)])
        tot += abs(ps - qs)
    return tot**2


@pytest.mark.parametrize("q1", [0.3, 1e-10, 1e-13])
@pytest.mark.parametrize("n", [1, 2, 3])
def test_convex_split_brackets_classical_value(q1, n):
    p, q = np.array([0.6, 0.4]), np.array([1 - q1, q1])
    cert = Certificate(kinds.BATH_CONVEX_SPLIT, "min", {}, {}, {"rho": np.diag(p), "sigma": np.diag(q)}, "Lemma 9",
                       {"n": n})
    v = verify(cert, 1e-6)
    known = _classical(p, q, n)
    assert v.lower <= known <= v.upper and v.upper - v.lower < 1e-10
