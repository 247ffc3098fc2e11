r"""Verifier of ``channel-marginal-compatibility`` certificates (the quantum channel marginal problem).

Feasibility is posed as ``t* = max t`` s.t. ``J - tI >= 0`` (and ``J^{T_j} - tI >= 0`` for class ``"ppt"``),
``A vec(J) = b`` (:mod:`sdpthermo.models.channel_marginal.compatibility`); the marginals are compatible iff ``t* >= 0``.

* Compatible: the stored ``J`` is projected onto ``A vec(J) = b`` (least squares, residual recorded);
  ``lower = min(lambda_min(J'), lambda_min(J'^{T_j}))`` is a lower bound on ``t*`` of the system whose
  right-hand side is met to ``equality_after_projection`` (roundoff level, recorded; floating point cannot
  decide exact consistency of ``A vec(J) = b``, so this one residual is reported, not absorbed).
  Compatibility is a within-``tol`` finding: ``lower >= -tol`` and that residual ``<= tol``.
  The constraint matrix ``A`` depends on the parties only and is cached; ``b`` is rebuilt from the marginals.
* Incompatible: a dual point ``(y, Z_j)`` with ``W = herm(A^T y) - sum_j Z_j^{T_j}``.  For any feasible
  ``(J, t)``: ``tr(W'(J - tI)) >= 0`` and ``tr(Z'_j (J^{T_j} - tI)) >= 0`` with ``W' = W + v_W I``,
  ``Z'_j = Z_j + v_j I`` PSD, so ``t N' <= y.b + d_in (v_W + sum_j v_j)`` with ``N' = tr W' + sum_j tr Z'_j``
  (using ``tr J = d_in``).  ``upper = (y.b + d_in v + r) / N'`` with ``r`` the roundoff of ``y.b`` and of
  ``W = A^T y`` (charged into ``v``) plus the input's own PSD deficit, ``|y| . |b_+ - b|`` (``b_+`` built from
  the PSD parts of the given marginal Choi matrices, :mod:`sdpthermo.certify.soundness`): ``upper < 0``
  proves that no global channel of the class has these marginals, nor their PSD parts (a separating
  functional, verified without a solver; it takes precedence over ``compatible``, a within-``tol`` finding).

Examples
--------
>>> kinds.CHANNEL_MARGINAL_COMPATIBILITY in __import__("sdpthermo.certify", fromlist=["known_kinds"]).known_kinds()
True
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.linalg import lsqr

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, psd_violation, verifier
from sdpthermo.certify.soundness import eig_roundoff
from sdpthermo.conventions import EPS_MACHINE
from sdpthermo.linalg.choi import party_transpose
from sdpthermo.linalg.hermitian import herm, positive_part
from sdpthermo.models.channel_marginal.compatibility import constraint_matrix, target
from sdpthermo.results import Certificate, Verification


def _marginals(cert: Certificate) -> list[tuple[list[int], np.ndarray]]:
    return [(list(ps), cert.problem[f"choi_{i}"]) for i, ps in enumerate(cert.meta["parties"])]


def _rhs(d_in: list[int], d_out: list[int], marginals: list[tuple[list[int], np.ndarray]], size: int) -> np.ndarray:
    """The right-hand side ``b`` of :func:`~sdpthermo.models.channel_marginal.compatibility.constraint_matrix`
    (TP rows, then one block per marginal, then zero no-signalling rows)."""
    def upper(m: np.ndarray) -> np.ndarray:
        return m[np.triu_indices(m.shape[0])]

    head = [upper(np.eye(math.prod(d_in)))]
    rows = [upper(target(np.real(c), d_in, d_out, ps)) for ps, c in marginals]
    used = sum(len(x) for x in head + rows)
    return np.concatenate(head + rows + [np.zeros(size - used)])


@lru_cache(maxsize=16)
def _matrix(d_in: tuple[int, ...], d_out: tuple[int, ...], parties: tuple[tuple[int, ...], ...],
            cls: str) -> csr_matrix[Any]:
    """``A`` of the constraint system (it depends on the parties, not on the marginal values); cached."""
    sizes = [math.prod(d_in[i] * d_out[i] for i in ps) for ps in parties]
    zeros = [(list(ps), np.zeros((m, m))) for ps, m in zip(parties, sizes)]
    return constraint_matrix(list(d_in), list(d_out), zeros, cls)[0]


@verifier(kinds.CHANNEL_MARGINAL_COMPATIBILITY)
def verify_channel_compatibility(cert: Certificate, tol: float) -> Verification:
    """Re-verify a ``channel-compatibility`` certificate: ``lower`` from the projected ``J``, ``upper`` from the
    dual point ``(y, Z_j)`` (module docstring).
    """
    d_in, d_out, cls = cert.meta["dims_in"], cert.meta["dims_out"], cert.meta["cls"]
    k = len(d_in)
    marginals = _marginals(cert)
    a = _matrix(tuple(d_in), tuple(d_out), tuple(tuple(ps) for ps, _ in marginals), cls)
    b = _rhs(d_in, d_out, marginals, a.shape[0])
    n = math.prod(d_in) * math.prod(d_out)
    din = math.prod(d_in)
    residuals: dict[str, float] = {}
    # primal side
    j = herm(np.real(cert.primal["J"]))
    r = b - a @ j.reshape(-1)
    delta = lsqr(a, r, atol=1e-15, btol=1e-15, iter_lim=20 * n)[0].reshape(n, n)
    jp = j + (delta + delta.T) / 2
    residuals["equality_after_projection"] = float(np.max(np.abs(a @ jp.reshape(-1) - b)))
    eigs = [float(np.linalg.eigvalsh(jp)[0])]
    if cls == "ppt":
        eigs += [float(np.linalg.eigvalsh(herm(party_transpose(jp, d_in, d_out, p)))[0]) for p in range(k)]
    lower = min(eigs)
    # dual side
    y = np.real(cert.dual["y"])
    w = herm(np.asarray(a.T @ y).reshape(n, n).T)
    zs = [herm(np.real(cert.dual[f"Z_{p}"])) for p in range(k)] if cls == "ppt" else []
    for p, z in enumerate(zs):
        w = w - party_transpose(z, d_in, d_out, p)
    w_ro = 8 * a.shape[0] * EPS_MACHINE * float(np.linalg.norm(abs(a).T @ np.abs(y)))  # ||W_float - W||_F
    v = psd_violation(w) + eig_roundoff(w) + w_ro + sum(psd_violation(z) + eig_roundoff(z) for z in zs)
    norm = float(np.trace(w)) + sum(float(np.trace(z)) for z in zs) + n * v
    yb = float(y @ b)
    charge = (8 * len(b) * EPS_MACHINE * float(np.abs(y) @ np.abs(b))
              + float(np.abs(y) @ np.abs(_rhs(d_in, d_out, [(ps, positive_part(np.real(c))) for ps, c in marginals],
                                              len(b)) - b)))
    upper = (yb + din * v + charge) / norm if norm > 0 else float("inf")
    incompatible = upper < 0
    compatible = lower >= -tol and residuals["equality_after_projection"] <= tol and not incompatible
    conclusions = {"compatible": bool(compatible), "incompatible": bool(incompatible), "t_lower": lower,
                   "t_upper": upper, "farkas_value": yb}
    ok = compatible or incompatible
    return finish(lower, upper, residuals if compatible else {}, lower if compatible else -math.inf,
                  upper, tol, extra_ok=ok, conclusions=conclusions,
                  notes="compatible: projected global Choi matrix; incompatible: separating dual functional")
