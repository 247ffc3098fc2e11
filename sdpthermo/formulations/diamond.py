r"""Diamond-norm distance of two channels by Watrous' SDP, with a verified certificate.

For ``Phi = Phi_a - Phi_b`` (Hermiticity preserving, trace annihilating) with Choi matrix ``J = J_a -
J_b`` (input ⊗ output, ``J = sum_ij |i><j| ⊗ Phi(|i><j|)``), Watrous' SDP pair is::

    (1/2) ||Phi||_diamond = max_{W, rho}  <J, W>
                            s.t.  W >= 0                       ["W >= 0"]
                                  rho ⊗ I_out - W >= 0         ["rho x I - W >= 0"   dual Z]
                                  tr rho = 1                   ["tr rho = 1"         dual lambda]
                          = min_{Z, lambda}  lambda
                            s.t.  Z >= 0,  Z - J >= 0,  lambda I_in - tr_out Z >= 0

(stationarity in ``W`` gives ``Z = J + (dual of W >= 0) >= J``).  **Normalization**: the value
returned is ``||Phi||_diamond`` *without* the 1/2, i.e. twice the SDP optimum, in ``[0, 2]`` for a
difference of channels.  The certificate (kind ``"diamond"``) stores ``J``, the primal ``W``, ``rho``
and the dual ``Z``; :func:`sdpthermo.certify.diamond.verify_diamond` turns them into a rigorous
interval.

Methods:

* ``"ascent"`` — exploits the structure of the primal: for fixed ``rho`` the inner maximum is
  ``g(rho) = tr[(J_rho)_+]`` with ``J_rho = (sqrt(rho) ⊗ I) J (sqrt(rho) ⊗ I)``, concave in ``rho``.
  ``g`` is maximized over ``rho = B B^dag / tr(B B^dag)`` by L-BFGS with the analytic gradient
  ``d tr(M_+) = tr(P_+ dM)``; the primal point ``W = (sqrt(rho) ⊗ I) P_+ (sqrt(rho) ⊗ I)`` is feasible
  by construction, and the dual point is built from complementary slackness: with ``S = supp rho``,
  ``A = sqrt(rho_S) ⊗ I``, ``X = A J_SS A`` (projector ``P_+`` onto ``X > 0``), and the Schur
  complement ``C = J_NN - J_NS A X^{-1} A J_SN``,

  .. math::  Z = \begin{pmatrix} A^{-1} X_+ A^{-1} & A^{-1} P_+ A J_{SN} \\
                 J_{NS} A P_+ A^{-1} & J_{NS} A X_+^{+} A J_{SN} + C_+ \end{pmatrix},

  which satisfies ``Z >= 0`` and ``Z >= J`` exactly (it is a congruence of
  ``L diag(X_+, C_+) L^dag >= L diag(X, C) L^dag``); it is optimal when ``tr_out Z`` is a multiple of
  ``I`` (the remaining KKT condition), which the ascent drives to.  A 64x64 Choi (3 qubits) takes
  well under a second, where Clarabel/SCS on the 128x128 real PSD blocks take minutes.
* ``"sdp"`` — the primal above with cvxpy (``build_diamond_cvxpy``; Clarabel by default), the dual
  ``Z`` read from the constraint ``"rho x I - W >= 0"`` (doubled: cvxpy returns half the dual of a
  Hermitian PSD constraint).  Used for small channels and to cross-check ``"ascent"``.
* ``"auto"`` — ``"ascent"``, falling back to ``"sdp"`` when its certificate is not tight and
  ``d_in d_out <= 16``.

Examples
--------
>>> import numpy as np
>>> j_id = np.zeros((4, 4)); j_id[0, 0] = j_id[0, 3] = j_id[3, 0] = j_id[3, 3] = 1.0   # identity on a qubit
>>> j_dep = np.eye(4) / 2                                                                 # full depolarizer
>>> out = solve_diamond(j_id - j_dep, 2, 2)
>>> round(out.value, 8), out.verified, round(out.verification.upper - out.verification.lower, 8) <= 1e-6
(1.5, True, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import minimize

import sdpthermo.certify.diamond  # noqa: F401  (registers the "diamond" verifier)
from sdpthermo.certify import verify
from sdpthermo.certify.diamond import trace_out
from sdpthermo.errors import ValidationError
from sdpthermo.linalg.hermitian import herm
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions

CONVENTION = ("||Phi||_diamond = 2 max <J,W>, 0 <= W <= rho x I_out, tr rho = 1; dual min ||tr_out Z||_op, "
              "Z >= 0, Z >= J (Watrous); J input x output; value without 1/2")
METHODS = ("auto", "ascent", "sdp")
#: eigenvalues of rho below SUPPORT_TOL * lambda_max(rho) are outside its support (ascent dual); several
#: cut-offs are tried and the smallest certified upper bound is kept.
SUPPORT_TOLS: tuple[float, ...] = (1e-4, 1e-6, 1e-8, 1e-10)
#: L-BFGS settings of the ascent (gradient and objective tolerances, iteration cap).
ASCENT_GTOL: float = 1e-12
ASCENT_MAXITER: int = 5000
#: "auto" falls back to the cvxpy SDP only up to this Choi size (d_in d_out).
SDP_FALLBACK_MAX: int = 16


def check_choi_difference(j: np.ndarray, d_in: int, d_out: int) -> np.ndarray:
    """``J`` as a Hermitian ``(d_in d_out)``-square array; raises :class:`ValidationError` otherwise."""
    j = np.asarray(j)
    n = d_in * d_out
    if j.shape != (n, n):
        raise ValidationError("J", f"shape {j.shape} does not match d_in*d_out = {n}", "pass a Choi-matrix difference")
    if not np.all(np.isfinite(j)):
        raise ValidationError("J", "has non-finite entries")
    if np.max(np.abs(j - j.conj().T), initial=0.0) > 1e-8 * max(1.0, float(np.max(np.abs(j)))):
        raise ValidationError("J", "is not Hermitian", "the maps must be Hermiticity preserving")
    return herm(j.astype(complex))


def build_diamond_cvxpy(j: np.ndarray, d_in: int, d_out: int) -> tuple[Any, dict[str, Any]]:
    """cvxpy problem of Watrous' primal; constraints labelled as in the module docstring."""
    import cvxpy as cp

    n = d_in * d_out
    w = cp.Variable((n, n), hermitian=True)
    rho = cp.Variable((d_in, d_in), hermitian=True)
    cons = {"W >= 0": w >> 0, "rho x I - W >= 0": cp.kron(rho, np.eye(d_out)) - w >> 0,
            "tr rho = 1": cp.real(cp.trace(rho)) == 1}
    prob = cp.Problem(cp.Maximize(cp.real(cp.trace(j @ w))), list(cons.values()))
    return prob, {"W": w, "rho": rho, "constraints": cons}


def _sdp(j: np.ndarray, d_in: int, d_out: int, opts: SolveOptions) -> tuple[dict[str, np.ndarray], float, Status,
                                                                            SolverInfo]:
    prob, v = build_diamond_cvxpy(j, d_in, d_out)
    status, info = run_cvxpy(prob, opts)
    n = d_in * d_out
    if not status.usable:
        return {"W": np.zeros((n, n)), "rho": np.eye(d_in) / d_in, "Z": np.zeros((n, n))}, float("nan"), status, info
    z = v["constraints"]["rho x I - W >= 0"].dual_value
    z = np.zeros((n, n)) if z is None else 2.0 * np.asarray(z)   # cvxpy halves Hermitian PSD duals
    pts = {"W": herm(np.asarray(v["W"].value)), "rho": herm(np.asarray(v["rho"].value)), "Z": herm(z)}
    return pts, 2.0 * float(prob.value), status, info


def _objective(x: np.ndarray, j: np.ndarray, d_in: int, d_out: int) -> tuple[float, np.ndarray]:
    """``-g`` and its gradient for ``rho = B B^dag / tr(B B^dag)``, ``x = (Re B, Im B)``."""
    k = d_in * d_in
    b = (x[:k] + 1j * x[k:]).reshape(d_in, d_in)
    bi = np.kron(b, np.eye(d_out))
    m = herm(bi.conj().T @ j @ bi)
    w, v = np.linalg.eigh(m)
    pos = w > 0
    phi = float(w[pos].sum())
    p = v[:, pos] @ v[:, pos].conj().T
    g = trace_out(p @ bi.conj().T @ j, d_in, d_out)
    nrm = float(np.vdot(b, b).real)
    gr = 2.0 * g.T.real / nrm - phi * 2.0 * b.real / nrm**2
    gi = -2.0 * g.T.imag / nrm - phi * 2.0 * b.imag / nrm**2
    return -phi / nrm, -np.concatenate([gr.ravel(), gi.ravel()])


def _psd_parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``X_+``, the projector on ``X > 0``, the pseudo-inverse of ``X_+`` and ``X^{-1}``."""
    w, v = np.linalg.eigh(herm(x))
    pos = w > 0
    vp = v[:, pos]
    return (vp * w[pos]) @ vp.conj().T, vp @ vp.conj().T, (vp / w[pos]) @ vp.conj().T, (v / w) @ v.conj().T


def ascent_dual(j: np.ndarray, rho: np.ndarray, d_in: int, d_out: int, support_tol: float) -> np.ndarray:
    """The dual point ``Z >= 0, Z >= J`` of the module docstring for the support cut-off ``support_tol``."""
    w, v = np.linalg.eigh(herm(rho))
    inside = w > support_tol * w[-1]
    order = np.concatenate([np.flatnonzero(inside), np.flatnonzero(~inside)])
    rot = np.kron(v[:, order], np.eye(d_out))
    jr = herm(rot.conj().T @ j @ rot)
    n = int(inside.sum()) * d_out
    j_ss, j_sn, j_nn = jr[:n, :n], jr[:n, n:], jr[n:, n:]
    a = np.sqrt(w[order][: int(inside.sum())])
    a_mat, a_inv = np.kron(np.diag(a), np.eye(d_out)), np.kron(np.diag(1.0 / a), np.eye(d_out))
    x_plus, p_plus, x_plus_pinv, x_inv = _psd_parts(a_mat @ j_ss @ a_mat)
    c = a_mat @ j_sn
    schur_plus = _psd_parts(j_nn - c.conj().T @ x_inv @ c)[0]
    z_sn = a_inv @ p_plus @ c
    zr = np.block([[a_inv @ x_plus @ a_inv, z_sn], [z_sn.conj().T, c.conj().T @ x_plus_pinv @ c + schur_plus]])
    return herm(rot @ zr @ rot.conj().T)


def _ascent(j: np.ndarray, d_in: int, d_out: int) -> tuple[dict[str, np.ndarray], float, SolverInfo]:
    import time

    t0 = time.perf_counter()
    x0 = np.concatenate([np.eye(d_in).ravel(), np.zeros(d_in * d_in)])
    res = minimize(_objective, x0, args=(j, d_in, d_out), jac=True, method="L-BFGS-B",
                   options={"maxiter": ASCENT_MAXITER, "gtol": ASCENT_GTOL, "ftol": 1e-16, "maxcor": 30})
    k = d_in * d_in
    b = (res.x[:k] + 1j * res.x[k:]).reshape(d_in, d_in)
    rho = herm(b @ b.conj().T)
    rho = rho / np.trace(rho).real
    wr, vr = np.linalg.eigh(rho)
    sq = np.kron((vr * np.sqrt(np.clip(wr, 0, None))) @ vr.conj().T, np.eye(d_out))
    proj = _psd_parts(sq @ j @ sq)[1]
    w = herm(sq @ proj @ sq)
    best_z, best_up = None, np.inf
    for tol in SUPPORT_TOLS:
        z = ascent_dual(j, rho, d_in, d_out, tol)
        shift = max(0.0, -float(np.linalg.eigvalsh(z)[0]), -float(np.linalg.eigvalsh(herm(z - j))[0]))
        up = float(np.linalg.eigvalsh(herm(trace_out(z, d_in, d_out)))[-1]) + shift * d_out
        if up < best_up:
            best_z, best_up = z, up
    info = SolverInfo(name="lbfgs-ascent", backend="scipy", seconds=time.perf_counter() - t0,
                      iterations=int(res.nit), options={"gtol": ASCENT_GTOL, "support_tols": list(SUPPORT_TOLS)})
    return {"W": w, "rho": rho, "Z": best_z}, -2.0 * float(res.fun), info


def solve_diamond(j: np.ndarray, d_in: int, d_out: int, method: str = "auto",
                  opts: SolveOptions | None = None) -> Outcome:
    """``||Phi||_diamond`` (no 1/2) of the map with Choi ``J``, with a verified Watrous certificate.

    Parameters
    ----------
    j : ndarray
        Choi matrix of ``Phi = Phi_a - Phi_b`` (input ⊗ output).
    d_in, d_out : int
        Input and output dimensions.
    method : str
        ``"auto"``, ``"ascent"`` or ``"sdp"`` (module docstring).
    opts : SolveOptions
        Solver options of the ``"sdp"`` method and the verification tolerance.
    """
    opts = opts or SolveOptions()
    if method not in METHODS:
        raise ValidationError("method", f"unknown method {method!r}", f"use one of {list(METHODS)}")
    j = check_choi_difference(j, d_in, d_out)

    def run(meth: str) -> Outcome:
        if meth == "sdp":
            pts, value, status, info = _sdp(j, d_in, d_out, opts)
        else:
            pts, value, info = _ascent(j, d_in, d_out)
            status = Status.OPTIMAL
        cert = Certificate(kind="diamond", sense="max", primal={"W": pts["W"], "rho": pts["rho"]},
                           dual={"Z": pts["Z"]}, problem={"J": j}, convention=CONVENTION,
                           meta={"d_in": d_in, "d_out": d_out, "method": meth})
        ver = verify(cert, opts.tol)
        return Outcome(status=status, value=value, certificate=cert, verification=ver,
                       data={"method": meth, "gap": ver.upper - ver.lower}, solver=info)

    if method == "sdp":
        return run("sdp")
    out = run("ascent")
    if method == "auto" and not out.verified and d_in * d_out <= SDP_FALLBACK_MAX:
        return run("sdp")
    return out
