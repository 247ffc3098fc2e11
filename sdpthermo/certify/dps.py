r"""Verifier of Doherty–Parrilo–Spedalieri (DPS) certificates: Bose-symmetric (PPT) extensions of level ``k``.

Let ``V = I_A ⊗ V_k`` embed ``A ⊗ Sym^k(B)`` into ``A ⊗ B^{⊗k}``, ``ext(X) = V X V^†``,
``mar(X) = tr_{B_2..B_k} ext(X)``, and for ``j = 1..k`` (PPT on every cut ``A B_{j+1}..B_k | B_1..B_j``)
``G_j(X) = C_j^† ext(X)^{T_{B_1..B_j}} C_j`` with ``C_j = I_A ⊗ V_j ⊗ V_{k-j}`` (the partial transpose of a
Bose-symmetric operator lives on ``A ⊗ Sym^j ⊗ Sym^{k-j}``).  With ``n = d_A d_B``::

    t* = max t       s.t.  mar(X) = rho - t I,  X >= 0,  [G_j(X) >= 0, j = 1..k]            (primal)
       = min tr(W rho)  s.t.  tr W = 1,  P = mar^*(W) - sum_j G_j^*(Q_j) >= 0,  Q_j >= 0      (dual)

``mar^*(W) = V^†(W ⊗ I)V``; ``G_j^*(Q) = V^† (C_j Q C_j^†)^{T_{B_1..B_j}} V``.  ``t* >= 0`` iff ``rho`` has a
(PPT) symmetric extension; ``t* < 0`` proves entanglement.

* ``upper`` (dual point ``W, Q_j``): with ``W~ = W + (1 - tr W) I/n``, ``Q~_j = (Q_j)_+``, ``P`` recomputed and
  ``v = max(0, -lambda_min P)``: every primal point has ``t <= tr(W~ rho) + v tr X`` and ``tr X = 1 - t n``,
  so ``t* <= (tr(W~ rho) + v tr rho)/(1 + v n)``.  The same bound for the PSD part ``rho_+`` of the input, with
  ``tr(W~ rho_+) <= tr(W~ rho) + ||W~||_op psd_deficit(rho)`` (:mod:`sdpthermo.certify.soundness`), is the
  ``witness_value``; ``witness_value < 0`` => ``rho_+`` is entangled (a verified witness ``W``, charged with the
  input's own negative eigenvalues and roundoff).
* ``lower`` (primal point ``X, t``): ``X_+``, plus ``alpha (I_A ⊗ Pi_sym)`` with
  ``alpha = max_j viol_j / lambda_min G_j(I)`` restores the PPT conditions; the remaining marginal error ``E``
  is absorbed by ``Delta = E + c I``, separable (hence PPT-``k``-extendible) when
  ``tr Delta >= ||E_0||_2 sqrt(n(n-1))`` (Gurvits–Barnum ball), i.e. ``c = max(0, (||E_0||_2 sqrt(n(n-1)) - tr E)/n)``;
  then ``rho - (t - c) I`` has an extension and ``lower = t - c``.  ``has_extension`` (``lower >= -tol``):
  ``rho + tol I`` is ``k``-extendible (the test is inconclusive at this level, certified).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> rho = np.eye(4) / 4
>>> x = np.zeros((6, 6))                          # the zero extension of rho - I/4 (t = 1/4)
>>> w = np.eye(4) / 4
>>> cert = Certificate(kinds.DPS, "max", {"X": x, "t": np.array([0.25])}, {"W": w}, {"rho": rho}, "DPS",
...                    {"dims": [2, 2], "k": 2, "ppt": False})
>>> v = verify_dps(cert, 1e-9); round(v.lower, 9), round(v.upper, 9), v.conclusions["entangled"]
(0.25, 0.25, False)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, hermiticity_error, inner, op_norm_safe, psd_violation, roundoff, verifier
from sdpthermo.certify.soundness import psd_deficit
from sdpthermo.linalg.hermitian import herm, positive_part
from sdpthermo.linalg.symmetric import sym_isometry
from sdpthermo.linalg.tensor import partial_trace, partial_transpose
from sdpthermo.results import Certificate, Verification


@dataclass(frozen=True)
class DpsMaps:
    """The isometries of a DPS level: ``V = I_A ⊗ V_k`` and ``C_j`` (``j = 1..k``), on ``A ⊗ B^{⊗k}``."""

    da: int
    db: int
    k: int
    v: np.ndarray
    c: tuple[np.ndarray, ...]

    @property
    def full_dims(self) -> list[int]:
        """``[d_A, d_B, ..., d_B]`` (``k`` copies of ``B``)."""
        return [self.da] + [self.db] * self.k

    def ext(self, x: np.ndarray) -> np.ndarray:
        """``ext(X) = V X V^†`` on ``A ⊗ B^{⊗k}``."""
        return np.asarray(self.v @ x @ self.v.T)

    def mar(self, x: np.ndarray) -> np.ndarray:
        """``mar(X) = tr_{B_2..B_k} ext(X)``, the marginal on ``A B_1``."""
        if self.k == 1:
            return self.ext(x)
        return partial_trace(self.ext(x), list(range(2, self.k + 1)), self.full_dims)

    def mar_adj(self, w: np.ndarray) -> np.ndarray:
        """``mar^*(W) = V^†(W ⊗ I)V``."""
        return np.asarray(self.v.T @ np.kron(w, np.eye(self.db ** (self.k - 1))) @ self.v)

    def _pt(self, y: np.ndarray, j: int) -> np.ndarray:
        return partial_transpose(y, list(range(1, j + 1)), self.full_dims)

    def g(self, x: np.ndarray, j: int) -> np.ndarray:
        """``G_j(X) = C_j^† ext(X)^{T_{B_1..B_j}} C_j``."""
        c = self.c[j - 1]
        return np.asarray(c.T @ self._pt(self.ext(x), j) @ c)

    def g_adj(self, q: np.ndarray, j: int) -> np.ndarray:
        """``G_j^*(Q) = V^† (C_j Q C_j^†)^{T_{B_1..B_j}} V``."""
        c = self.c[j - 1]
        return np.asarray(self.v.T @ self._pt(c @ q @ c.T, j) @ self.v)

    def off_block(self, x: np.ndarray, j: int) -> float:
        """``||ext(X)^{T_j} - C_j C_j^† ext(X)^{T_j} C_j C_j^†||_op`` (zero up to roundoff)."""
        y = self._pt(self.ext(x), j)
        p = self.c[j - 1] @ self.c[j - 1].T
        return op_norm_safe(y - p @ y @ p)


@lru_cache(maxsize=32)
def dps_maps(da: int, db: int, k: int) -> DpsMaps:
    """The :class:`DpsMaps` of level ``k`` for ``C^{d_A} ⊗ C^{d_B}`` (cached)."""
    eye = np.eye(da)
    v = np.kron(eye, sym_isometry(db, k))
    c = tuple(np.kron(eye, np.kron(sym_isometry(db, j), sym_isometry(db, k - j))) for j in range(1, k + 1))
    return DpsMaps(da, db, k, v, c)


def _arr(cert: Certificate, sec: str, key: str) -> np.ndarray:
    return np.asarray(getattr(cert, sec)[key])


@verifier(kinds.DPS)
def verify_dps(cert: Certificate, tol: float) -> Verification:
    """Bounds on ``t*`` and the entanglement / extendibility conclusions (see module docstring)."""
    rho = herm(_arr(cert, "problem", "rho"))
    da, db = (int(x) for x in cert.meta["dims"])
    k, ppt = int(cert.meta["k"]), bool(cert.meta["ppt"])
    mp = dps_maps(da, db, k)
    n = da * db
    js = range(1, k + 1) if ppt else range(0)
    # ---- dual side: the witness W
    w = herm(_arr(cert, "dual", "W"))
    w_fix = w + (1 - float(np.trace(w).real)) * np.eye(n) / n
    qs = {j: _arr(cert, "dual", f"Q_{j}") for j in js}
    p = mp.mar_adj(w_fix)
    for j in js:
        p = p - mp.g_adj(positive_part(qs[j]), j)
    v = psd_violation(p) + roundoff(p, w_fix, rho)
    a = inner(w_fix, rho)
    tr_rho = float(np.trace(rho).real)
    upper = (a + v * tr_rho) / (1 + v * n) + roundoff(w_fix, rho)
    a_plus = a + op_norm_safe(w_fix) * psd_deficit(rho)
    witness_value = (a_plus + v * (tr_rho + psd_deficit(rho))) / (1 + v * n) + roundoff(w_fix, rho)
    # ---- primal side: the extension X of rho - t I
    x = herm(_arr(cert, "primal", "X"))
    t = float(np.asarray(cert.primal["t"]).real.reshape(-1)[0])
    x_fix = positive_part(x)
    alpha, ppt_viol, off = 0.0, 0.0, 0.0
    eye_sym = np.eye(x.shape[0])
    for j in js:
        vj = psd_violation(mp.g(x_fix, j)) + roundoff(x_fix)
        mu = float(np.linalg.eigvalsh(mp.g(eye_sym, j))[0])
        alpha = max(alpha, vj / mu)
        ppt_viol = max(ppt_viol, psd_violation(mp.g(x, j)))
        off = max(off, mp.off_block(x, j))
    x1 = x_fix + alpha * eye_sym
    e = rho - t * np.eye(n) - mp.mar(x1)
    tr_e = float(np.trace(e).real)
    e0 = e - tr_e * np.eye(n) / n
    c = max(0.0, (float(np.linalg.norm(e0)) * math.sqrt(n * (n - 1)) - tr_e) / n)
    lower = t - c - roundoff(x1, rho)
    residuals = {
        "rho_psd": psd_violation(rho),
        "X_psd": psd_violation(x),
        "marginal": float(np.abs(rho - t * np.eye(n) - mp.mar(x)).max()),
        "ppt_extension": ppt_viol,
        "ppt_off_block": off,
        "W_hermitian": hermiticity_error(_arr(cert, "dual", "W")),
        "W_trace": abs(float(np.trace(w).real) - 1.0),
        "Q_psd": max((psd_violation(q) for q in qs.values()), default=0.0),
        "dual_slack_psd": psd_violation(p),
    }
    return finish(t, a, residuals, lower, upper, tol,
                  conclusions={"entangled": bool(witness_value < 0), "has_extension": bool(lower >= -tol),
                               "extension_margin": lower, "witness_value": witness_value})
