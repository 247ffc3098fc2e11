"""Shared instances of the information-theoretic adversarial tests (trust-verify2): closed forms (seed 002)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from sdpthermo.certify import verify
from sdpthermo.results import Certificate

#: near-singular eigenvalues of sigma tried by every D_max test (issue 14)
TINY_EIGS = (1e-10, 1e-11, 1e-12, 1e-13, 1e-14)


def dmax_commuting(p: np.ndarray, q: np.ndarray) -> float:
    """``D_max(diag p || diag q) = log2 max_i p_i / q_i`` (seed 002 Eq. (10)), bits."""
    return math.log2(max(pi / qi for pi, qi in zip(p, q) if pi > 0))


def smooth_commuting(p: np.ndarray, q: np.ndarray, r: float) -> float:
    """``D_max^eps`` of a commuting pair (trace-norm radius ``r``): the root of ``sum_i (p_i - t q_i)_+ = r/2``
    (at most ``t = 1``), found by bisection in ``log t`` — independent of
    :func:`sdpthermo.info.dmax_smooth.hypothesis.waterfill`."""
    def f(t: float) -> float:
        return float(np.maximum(p - t * q, 0).sum())
    if f(1.0) <= r / 2:
        return 0.0
    lo, hi = 0.0, math.log(max(p / q)) + 1
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if f(math.exp(mid)) <= r / 2 else (mid, hi)
    return hi / math.log(2)


def push_under_tol(cert: Certificate, section: str, name: str, factor: float, tol: float = 1e-6) -> Certificate:
    """``cert`` with ``section[name]`` scaled by ``1 + factor * tol`` (a residual just under ``tol``)."""
    arrays = dict(getattr(cert, section))
    arrays[name] = np.asarray(arrays[name]) * (1 + factor * tol)
    return replace(cert, **{section: arrays})


def assert_brackets(cert: Certificate, known: float, tol: float = 1e-6, slack: float = 1e-9) -> None:
    """A certificate that passes must bracket ``known``."""
    v = verify(cert, tol)
    if v.passed:
        assert v.lower - slack <= known <= v.upper + slack, (v.lower, known, v.upper)
