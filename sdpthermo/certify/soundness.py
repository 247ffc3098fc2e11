r"""Helpers that keep verified conclusions sound at any tolerance (DESIGN.md §3; layer 5, numpy only).

* :func:`eig_roundoff` — a bound on the absolute error of ``eigvalsh`` on a Hermitian ``X`` (backward
  stable: every computed eigenvalue is within ``c n eps ||X||_F`` of an exact one; ``c = 8``).
* :func:`psd_deficit` — ``||X_-||_1``, the trace norm of the negative part of ``herm(X)`` plus the eigenvalue
  roundoff of every eigenvalue: how far the input is from its PSD part ``X_+``.  A witness ``W`` with
  ``tr(W sigma) >= 0`` on a convex cone of PSD operators proves ``X_+`` outside the cone when
  ``tr(W X) + ||W||_op psd_deficit(X) + roundoff < 0``, since ``tr(W X_+) = tr(W X) + tr(W X_-)``.
  Support and rank decisions are never taken: the deficit is charged, whatever its size.
* :func:`probability_repair` and :func:`cptp_repair` — the exact-feasibility repairs of a probability
  vector (clip, renormalize) and of a Choi matrix (``J_+`` plus a tiny multiple of the identity when
  ``tr_out J_+`` is singular, then the congruence ``(X^{-1/2} ⊗ I) J (X^{-1/2} ⊗ I)`` with
  ``X = tr_out J``), so that an LOSR ensemble is a probability mixture of CPTP maps before its objective
  counts.

Examples
--------
>>> import numpy as np
>>> round(psd_deficit(np.diag([1.0, -1e-10])) / 1e-10, 3)
1.0
>>> j = cptp_repair(np.eye(4) * (1 + 1e-7), 2, 2)
>>> float(np.abs(np.einsum("aibi->ab", j.reshape(2, 2, 2, 2)) - np.eye(2)).max()) < 1e-15
True
>>> probability_repair(np.array([0.5, 0.5 + 1e-7, -1e-9])).sum()
np.float64(1.0)
"""

from __future__ import annotations

import numpy as np

from sdpthermo.conventions import EPS_MACHINE
from sdpthermo.linalg.hermitian import herm, positive_part


def eig_roundoff(x: np.ndarray) -> float:
    """Bound on the absolute error of one computed eigenvalue of ``herm(X)``: ``8 n eps max(1, ||X||_F)``."""
    if x.size == 0:
        return 0.0
    return 8 * int(x.shape[0]) * EPS_MACHINE * max(1.0, float(np.linalg.norm(x)))


def psd_deficit(x: np.ndarray) -> float:
    """``||X_-||_1`` of ``herm(X)`` plus ``n`` eigenvalue roundoffs (an upper bound on the distance to ``X_+``)."""
    if x.size == 0:
        return 0.0
    w = np.linalg.eigvalsh(herm(x))
    return float(np.sum(np.clip(-w, 0, None))) + int(x.shape[0]) * eig_roundoff(x)


def probability_repair(p: np.ndarray) -> np.ndarray:
    """``p_+ / sum(p_+)``: the nearest-by-clipping probability vector (uniform when nothing is positive)."""
    q = np.clip(np.asarray(p, dtype=float).reshape(-1), 0.0, None)
    s = float(q.sum())
    return q / s if s > 0 and np.isfinite(s) else np.full(q.size, 1.0 / max(q.size, 1))


def cptp_repair(j: np.ndarray, d_in: int, d_out: int) -> np.ndarray:
    """An exactly (to roundoff) CPTP Choi matrix near ``J`` (input ⊗ output, ``tr_out J = I``; see module docstring)."""
    jp = positive_part(herm(np.asarray(j)))
    x = np.einsum("aibi->ab", jp.reshape(d_in, d_out, d_in, d_out))
    floor = 1e-12 * max(1.0, float(np.trace(x).real) / d_in)
    lx = float(np.linalg.eigvalsh(herm(x))[0])
    if lx < floor:  # a singular input marginal: add a little of the identity so that X^{-1/2} exists
        jp = jp + (floor - lx) / d_out * np.eye(d_in * d_out)
        x = np.einsum("aibi->ab", jp.reshape(d_in, d_out, d_in, d_out))
    xw, xv = np.linalg.eigh(herm(x))
    s = np.kron((xv / np.sqrt(xw)) @ xv.conj().T, np.eye(d_out))
    out = herm(s @ jp @ s.conj().T)
    return out.real if np.isrealobj(j) else out
