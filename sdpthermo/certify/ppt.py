r"""Verifiers for PPT certificates: negativity bounds and decomposable witnesses (seed 000, Theorem 3).

``ppt`` certificates (negativity as an SDP pair, DESIGN.md §3)::

    N(rho) = max  -tr(Pi rho^{T_B})   s.t. 0 <= Pi <= I                (primal)
           = min  tr Y                s.t. Y >= 0, Y + rho^{T_B} >= 0  (dual)

The primal point is stored as a decomposable witness ``W = P + Q^{T_B}`` with ``Q = Pi`` and
``P = 0`` (or any PSD ``P``: ``-tr(W rho) <= -tr(Q rho^{T_B}) <= N`` for ``rho >= 0``).  Bounds:
``lower = max(0, -tr(Q~ rho^{T_B}))`` with ``Q~`` the spectrum of ``Q`` clipped to ``[0, 1]`` (exactly
feasible) and ``upper = tr(Y_+) + max(0, -lambda_min(rho^{T_B} + Y_+)) * n`` (``tr Pi <= n``).
The witness is the exactly decomposable ``W' = P_+ + (Q_+)^{T_B}`` (the stored ``W`` must match ``P + Q^{T_B}``
within ``tol``: residual ``W_decomposition``).  It proves the PSD part ``rho_+`` of the input entangled when
``tr(W' rho) + ||W'||_op psd_deficit(rho) + roundoff < 0`` (:mod:`sdpthermo.certify.soundness`: the input's own
negative eigenvalues and roundoff are charged, so ``|00><00|`` carrying a ``-1e-10`` eigenvalue is not
"entangled").

``decomposable-witness`` certificates (the optimal normalized witness)::

    w* = min tr(W rho)  s.t. W = P + Q^{T_B}, P, Q >= 0, tr(P + Q) = 1     (primal)
       = max t          s.t. rho - t I >= 0, rho^{T_B} - t I >= 0           (dual)

so ``w* = min(lambda_min(rho), lambda_min(rho^{T_B}))``.  ``upper = tr(W~ rho)`` for the repaired
point (PSD parts, renormalized); ``lower = t + min(0, lmin(rho - tI), lmin(rho^{T_B} - tI))``
(valid since ``tr P + tr Q = 1``).  Entanglement of ``rho_+`` is concluded from the repaired normalized
witness only, charging the input's PSD deficit as for ``ppt`` (``w* < 0`` alone is also reached by a
non-PSD ``rho``).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> psi = np.array([1, 0, 0, 1]) / np.sqrt(2); rho = np.outer(psi, psi)
>>> q = np.zeros((4, 4)); q[1:3, 1:3] = [[.5, -.5], [-.5, .5]]    # negative eigenvector of rho^T_B
>>> from sdpthermo.linalg.tensor import partial_transpose
>>> cert = Certificate(kinds.PPT, "max", {"W": partial_transpose(q, None, [2, 2]), "P": np.zeros((4, 4)), "Q": q},
...                    {"Y": q / 2}, {"rho": rho}, "seed 000 Theorem 3", {"dims": [2, 2]})
>>> v = verify_ppt(cert, 1e-9); round(v.lower, 9), round(v.upper, 9), v.conclusions["entangled"]
(0.5, 0.5, True)
"""

from __future__ import annotations

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, inner, op_norm_safe, psd_violation, roundoff, verifier
from sdpthermo.certify.soundness import psd_deficit
from sdpthermo.linalg.hermitian import clip_spectrum, herm, positive_part
from sdpthermo.linalg.tensor import partial_transpose
from sdpthermo.results import Certificate, Verification


def _pt(x: np.ndarray, cert: Certificate) -> np.ndarray:
    return partial_transpose(x, None, cert.meta["dims"])


def witness_bound(p: np.ndarray, q: np.ndarray, rho: np.ndarray, dims: list[int]) -> float:
    """Rigorous upper bound on ``tr(W' rho_+)``, ``W' = P_+ + (Q_+)^{T_B}`` (< 0 => ``rho_+`` is entangled)."""
    p_fix, q_fix = positive_part(p), positive_part(q)
    w_fix = p_fix + partial_transpose(q_fix, None, dims)
    rpt = partial_transpose(rho, None, dims)
    return (inner(p_fix, rho) + inner(q_fix, rpt) + op_norm_safe(w_fix) * psd_deficit(rho)
            + roundoff(p_fix, rho) + roundoff(q_fix, rpt))


@verifier(kinds.PPT)
def verify_ppt(cert: Certificate, tol: float) -> Verification:
    """Negativity interval and witness check of a ``ppt`` certificate (see module docstring)."""
    rho = herm(cert.problem["rho"])
    dims = cert.meta["dims"]
    w, p, q = cert.primal["W"], cert.primal["P"], cert.primal["Q"]
    y = cert.dual["Y"]
    rpt = _pt(rho, cert)
    n = rho.shape[0]
    q_fix = clip_spectrum(q, 0.0, 1.0)
    primal_obj = -inner(q, rpt)
    lower = max(0.0, -inner(q_fix, rpt) - roundoff(q_fix, rpt))
    y_fix = positive_part(y)
    slack = psd_violation(rpt + y_fix)
    upper = float(np.trace(y_fix).real) + slack * n + roundoff(y_fix, rpt)
    wb = witness_bound(p, q, rho, dims)
    residuals = {
        "rho_psd": psd_violation(rho),
        "Q_psd": psd_violation(q),
        "Q_le_I": psd_violation(np.eye(n) - herm(q)),
        "P_psd": psd_violation(p),
        "W_decomposition": op_norm_safe(w - p - _pt(q, cert)),
        "Y_psd": psd_violation(y),
        "dual_slack_psd": slack,
    }
    return finish(primal_obj, float(np.trace(y).real), residuals, lower, upper, tol,
                  conclusions={"entangled": bool(wb < 0), "witness_bound": wb})


@verifier(kinds.DECOMPOSABLE_WITNESS)
def verify_decomposable_witness(cert: Certificate, tol: float) -> Verification:
    """Bounds on the optimal normalized decomposable witness value (see module docstring)."""
    rho = herm(cert.problem["rho"])
    dims = cert.meta["dims"]
    w, p, q = cert.primal["W"], cert.primal["P"], cert.primal["Q"]
    t = float(np.asarray(cert.dual["t"]).real.reshape(-1)[0])
    rpt = _pt(rho, cert)
    n = rho.shape[0]
    p_fix, q_fix = positive_part(p), positive_part(q)
    s = float(np.trace(p_fix + q_fix).real)
    residuals = {
        "P_psd": psd_violation(p),
        "Q_psd": psd_violation(q),
        "normalization": abs(float(np.trace(p + q).real) - 1.0),
        "W_decomposition": op_norm_safe(w - p - _pt(q, cert)),
    }
    if s > 0:
        p_fix, q_fix = p_fix / s, q_fix / s
        upper = inner(p_fix, rho) + inner(q_fix, rpt) + roundoff(p_fix, rho) + roundoff(q_fix, rpt)
    else:
        upper = float("inf")
    s1 = np.linalg.eigvalsh(rho - t * np.eye(n))[0]
    s2 = np.linalg.eigvalsh(herm(rpt) - t * np.eye(n))[0]
    residuals["dual_slack_rho"] = max(0.0, -float(s1))
    residuals["dual_slack_pt"] = max(0.0, -float(s2))
    lower = t + min(0.0, float(s1), float(s2)) - roundoff(rho)
    wb = witness_bound(p_fix, q_fix, rho, dims) if s > 0 else float("inf")
    return finish(inner(w, rho), t, residuals, lower, upper, tol,
                  conclusions={"entangled": bool(wb < 0), "witness_bound": wb})
