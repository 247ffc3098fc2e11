r"""Verifier of diamond-norm certificates (Watrous' SDP; used by seed 003's ``collision.map_distance``).

For a Hermiticity-preserving, trace-annihilating map ``Phi`` with Choi matrix ``J`` (input ⊗ output,
DESIGN.md §7) Watrous' SDP pair is::

    (1/2) ||Phi||_diamond = max <J, W>       s.t.  W >= 0,  rho ⊗ I_out - W >= 0,  tr rho = 1   (primal)
                          = min ||tr_out Z||_op  s.t.  Z >= 0,  Z - J >= 0                        (dual)

and the reported norm is ``||Phi||_diamond`` **without** the 1/2 (in ``[0, 2]`` for a difference of
channels).  Certificate arrays: problem ``J``; primal ``W``, ``rho``; dual ``Z``.

Bounds (``t = ||tr_out J||_op`` accounts for ``J`` being trace-annihilating only to round-off:
``||J_rho||_1 = 2 tr (J_rho)_+ - tr J_rho`` and ``|tr J_rho| <= t``):

* lower: ``W+``, ``rho+`` = PSD parts (``rho+`` normalized); ``v = max(0, -lambda_min(rho+ ⊗ I - W+))``;
  mixing ``rho^ = (1 - theta) rho+ + theta I/d_in``, ``W~ = (1 - theta) W+`` with ``theta = v d_in /
  (1 + v d_in)`` is exactly feasible, so ``||Phi||_diamond >= 2 <J, W~> - t``;
* upper: ``s = max(0, -lambda_min(Z), -lambda_min(Z - J))``; ``Z~ = Z + s I`` is dual feasible, so
  ``||Phi||_diamond <= 2 lambda_max(tr_out Z~) + t``.

Both include a round-off margin.  The certificate passes when every residual (including the duality
gap ``upper - lower``) is within ``tol``.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> j = np.kron(np.eye(2), np.diag([1.0, -1.0]))       # |0><0| tr(.) - |1><1| tr(.): norm 2
>>> w = np.kron(np.diag([1.0, 0.0]), np.diag([1.0, 0.0])); rho = np.diag([1.0, 0.0])
>>> cert = Certificate(kinds.DIAMOND, "max", {"W": w, "rho": rho}, {"Z": np.kron(np.eye(2), np.diag([1.0, 0.0]))},
...                    {"J": j}, "Watrous", {"d_in": 2, "d_out": 2})
>>> v = verify_diamond(cert, 1e-9); round(v.lower, 12), round(v.upper, 12), v.passed
(2.0, 2.0, True)
"""

from __future__ import annotations

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, hermiticity_error, inner, op_norm_safe, psd_violation, roundoff, verifier
from sdpthermo.linalg.hermitian import herm, lambda_max, positive_part
from sdpthermo.results import Certificate, Verification


def trace_out(x: np.ndarray, d_in: int, d_out: int) -> np.ndarray:
    """``tr_out X`` for ``X`` on input ⊗ output."""
    return np.asarray(np.einsum("aibi->ab", x.reshape(d_in, d_out, d_in, d_out)))


@verifier(kinds.DIAMOND)
def verify_diamond(cert: Certificate, tol: float) -> Verification:
    """Rigorous interval for ``||Phi||_diamond`` (no 1/2) from a Watrous certificate (module docstring)."""
    d_in, d_out = int(cert.meta["d_in"]), int(cert.meta["d_out"])
    j_raw = np.asarray(cert.problem["J"])
    j = herm(j_raw)
    w, rho, z = herm(cert.primal["W"]), herm(cert.primal["rho"]), herm(cert.dual["Z"])
    eye_out = np.eye(d_out)
    t_annih = op_norm_safe(trace_out(j, d_in, d_out))
    w_plus = positive_part(w)
    rho_plus = positive_part(rho)
    tr_rho = float(np.trace(rho_plus).real)
    if tr_rho > 0:
        rho_plus = rho_plus / tr_rho
        v = psd_violation(np.kron(rho_plus, eye_out) - w_plus)
        theta = v * d_in / (1.0 + v * d_in)
        primal = inner(j, w_plus)
        lower = max(0.0, 2.0 * (1.0 - theta) * primal - t_annih - roundoff(j, w_plus))
    else:
        primal, lower = float("nan"), 0.0
    s = max(0.0, psd_violation(z), psd_violation(z - j))
    z_fix = z + s * np.eye(z.shape[0])
    dual = lambda_max(trace_out(z, d_in, d_out))
    upper = 2.0 * lambda_max(trace_out(z_fix, d_in, d_out)) + t_annih + roundoff(z_fix, j)
    residuals = {
        "J_hermitian": hermiticity_error(j_raw),
        "trace_annihilating": t_annih,
        "W_psd": psd_violation(w),
        "rho_psd": psd_violation(rho),
        "rho_trace": abs(float(np.trace(rho).real) - 1.0),
        "rho_x_I_minus_W_psd": psd_violation(np.kron(rho, eye_out) - w),
        "Z_psd": psd_violation(z),
        "Z_minus_J_psd": psd_violation(z - j),
        "duality_gap": max(0.0, upper - lower),
    }
    return finish(2.0 * primal, 2.0 * dual, residuals, lower, upper, tol,
                  notes="||Phi||_diamond without 1/2 (Watrous SDP value x 2)")
