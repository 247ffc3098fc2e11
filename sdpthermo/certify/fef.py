r"""Verifier of fully-entangled-fraction certificates (seed 000 Eq. (16), Prop. 5).

``F(rho) = max_U <Phi_U|rho|Phi_U>``, ``|Phi_U> = (I ⊗ U)|Psi_d^+>`` (every maximally entangled vector).

* Lower bound: the stored ``U`` (primal), made exactly unitary by its polar factor; ``lower = <Phi_U|rho|Phi_U>``
  minus roundoff.
* Upper bound: the dual of the relaxation ``R(rho) = max tr(rho W)`` over ``W >= 0``, ``tr_B W = tr_A W = I/d``
  (so ``tr W = 1``) and, with ``ppt``, ``-I/d <= W^{T_B} <= I/d`` (every ``|Phi_U><Phi_U|`` is feasible: its
  partial transpose is a unitary over ``d``)::

      R(rho) = min (tr Y_A + tr Y_B + tr Z_+ + tr Z_-)/d
               s.t. S = Y_A ⊗ I + I ⊗ Y_B + (Z_+ - Z_-)^{T_B} - rho >= 0,  Z_± >= 0.

  ``upper = (tr Y_A + tr Y_B + tr Z~_+ + tr Z~_-)/d + max(0, -lambda_min S~) * 1`` with ``Z~ = (Z)_+`` and ``S~``
  recomputed from them (``tr W = 1`` on the feasible set).  ``F <= R <= upper``.

``conclusions["entangled"]``: separable states have ``F <= 1/d``; the PSD part ``rho_+`` of the input, normalized,
has ``F >= lower / (tr rho + psd_deficit(rho))`` (``<Phi|rho_+|Phi> >= <Phi|rho|Phi>``,
:mod:`sdpthermo.certify.soundness`), so ``rho_+`` is entangled when that exceeds ``1/d``.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> psi = np.array([1, 0, 0, 1]) / np.sqrt(2); rho = np.outer(psi, psi)
>>> y = np.eye(2) / 2; z = np.zeros((4, 4))
>>> cert = Certificate(kinds.FEF, "max", {"U": np.eye(2)}, {"Y_A": y, "Y_B": y, "Z_plus": z, "Z_minus": z},
...                    {"rho": rho}, "seed 000 Eq. (16)", {"dims": [2, 2], "ppt": False})
>>> v = verify_fef(cert, 1e-9); round(v.lower, 9), round(v.upper, 9), v.conclusions["entangled"]
(1.0, 1.0, True)
"""

from __future__ import annotations

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, hermiticity_error, psd_violation, roundoff, verifier
from sdpthermo.certify.soundness import psd_deficit
from sdpthermo.linalg.hermitian import herm, positive_part
from sdpthermo.linalg.tensor import partial_transpose
from sdpthermo.results import Certificate, Verification


def polar_unitary(u: np.ndarray) -> np.ndarray:
    """The unitary polar factor of ``u`` (closest unitary)."""
    w, _, vh = np.linalg.svd(u)
    return np.asarray(w @ vh)


def phi_vector(u: np.ndarray) -> np.ndarray:
    """``(I ⊗ U)|Psi_d^+>`` as a vector (row-major, A ⊗ B)."""
    d = u.shape[0]
    return np.asarray(u.T.reshape(-1) / np.sqrt(d))


def fef_upper(rho: np.ndarray, ya: np.ndarray, yb: np.ndarray, zp: np.ndarray, zm: np.ndarray,
              d: int) -> tuple[float, float, float]:
    """``(upper, dual objective, slack violation)`` of the relaxation's dual (module docstring)."""
    zp_f, zm_f = positive_part(zp), positive_part(zm)
    eye = np.eye(d)
    s = np.kron(herm(ya), eye) + np.kron(eye, herm(yb)) + partial_transpose(zp_f - zm_f, None, [d, d]) - rho
    obj = float(np.real(np.trace(ya) + np.trace(yb) + np.trace(zp_f) + np.trace(zm_f))) / d
    viol = psd_violation(s)
    return obj + viol + roundoff(s, ya, yb, zp_f, zm_f), obj, viol


@verifier(kinds.FEF)
def verify_fef(cert: Certificate, tol: float) -> Verification:
    """Interval ``[lower, upper]`` on the fully entangled fraction (see module docstring)."""
    rho = herm(np.asarray(cert.problem["rho"]))
    d = int(cert.meta["dims"][0])
    u = np.asarray(cert.primal["U"])
    finite = bool(np.all(np.isfinite(u)))
    # LAPACK's SVD may not return on inf; any unitary (here I) still gives a valid lower bound
    u_fix = polar_unitary(u) if finite else np.eye(d)
    phi = phi_vector(u_fix)
    primal = float(np.real(phi.conj() @ rho @ phi))
    lower = primal - roundoff(rho)
    ya, yb = np.asarray(cert.dual["Y_A"]), np.asarray(cert.dual["Y_B"])
    zp, zm = np.asarray(cert.dual["Z_plus"]), np.asarray(cert.dual["Z_minus"])
    if not cert.meta.get("ppt", False) and (np.any(zp) or np.any(zm)):
        return finish(primal, float("nan"), {"Z_without_ppt": 1.0}, lower, float("inf"), tol,
                      notes="Z arrays must vanish when the PPT constraints are off", extra_ok=False)
    upper, dual_obj, viol = fef_upper(rho, ya, yb, zp, zm, d)
    residuals = {
        "rho_psd": psd_violation(rho),
        "U_unitary": float(np.abs(u.conj().T @ u - np.eye(d)).max()) if finite else float("inf"),
        "Y_hermitian": max(hermiticity_error(ya), hermiticity_error(yb)),
        "Z_psd": max(psd_violation(zp), psd_violation(zm)),
        "dual_slack_psd": viol,
    }
    return finish(primal, dual_obj, residuals, lower, upper, tol,
                  conclusions={"entangled": bool(_normalized_lower(lower, rho) > 1 / d), "fef_lower": lower,
                               "fef_upper": upper})


def _normalized_lower(lower: float, rho: np.ndarray) -> float:
    """Lower bound on ``F(rho_+ / tr rho_+)`` from ``lower <= <Phi|rho|Phi>`` (module docstring)."""
    norm = float(np.trace(rho).real) + psd_deficit(rho)
    return lower / norm if lower > 0 and norm > 0 else float("-inf")
