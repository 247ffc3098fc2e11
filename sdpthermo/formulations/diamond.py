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
  ``L diag(X_+, C_+) L^dag >= L diag(X, C) L^dag``; a kernel ``P_0`` of ``X`` is regularized as
  ``X + eta P_0``, ``eta`` chosen by a 1-D search); it is optimal when ``tr_out Z`` is a multiple of
  ``I`` (the remaining KKT condition), which the ascent drives to.  Cut-offs that give the same
  support and kernel are evaluated once, and ``eta`` is searched only when ``X`` has a kernel.
  This ``Z`` is ill-conditioned when ``rho`` has small but non-zero eigenvalues *and* ``X`` has a
  near-kernel (at ``N = 3`` a continuum of eigenvalues 1e-16 .. 1e-6, no clean cut between ``P_0`` and the
  rest): the inverse of ``X`` in the Schur complement blows up, and the trade-off ``eta`` between
  ``A^{-1} eta P_0 A^{-1}`` and ``J_NS A P_0 A J_SN / eta`` leaves a gap (e.g. 2.2e-6 for exact vs narrow,
  ``N = 2``, ``eps = 0.1``, ``sigma_p = 0.25``; 1.7e-6 .. 5.6e-4 at ``N = 3``), although the primal
  value is right to ~1e-8.  For ``d_in d_out <= SDP_FALLBACK_MAX`` the ascent then *polishes its dual*:
  Watrous' dual SDP alone is solved by Clarabel at tolerance ``DUAL_POLISH_EPS`` and
  its ``Z`` is kept if it certifies a smaller upper bound (the ascent's ``W, rho`` stay; gap 6e-8 there).
* ``"sdp"`` — the primal (``build_diamond_cvxpy``) and the dual (``build_diamond_dual_cvxpy``) as two
  cvxpy problems (Clarabel by default); the certificate takes ``W, rho`` and ``Z`` from the *variables*
  of each (the raw duals of the primal's Hermitian PSD constraints came back inconsistent on these
  problems).  Used for small channels and to cross-check ``"ascent"``.
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

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize, minimize_scalar

from sdpthermo.certify import kinds, verify
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
SUPPORT_TOLS: tuple[float, ...] = (1e-4, 1e-6, 1e-8)
#: eigenvalues of X = A J_SS A below ZERO_TOL * max|x| form its kernel (0: none), regularized by eta P_0.
ZERO_TOLS: tuple[float, ...] = (0.0, 1e-9, 1e-6)
#: log10 range searched for eta.
ETA_LOG_RANGE: tuple[float, float] = (-10.0, 2.0)
#: L-BFGS settings of the ascent (gradient and objective tolerances, iteration cap).
ASCENT_GTOL: float = 1e-12
ASCENT_MAXITER: int = 5000
#: "auto" falls back to the cvxpy SDP only up to this Choi size (d_in d_out); up to the same size the ascent
#: polishes its dual by Watrous' dual SDP alone when its own gap exceeds DUAL_POLISH_FRACTION * tol.
SDP_FALLBACK_MAX: int = 16
DUAL_POLISH_FRACTION: float = 0.1
#: Clarabel's gap/feasibility tolerances of the dual polish.
DUAL_POLISH_EPS: float = 1e-10


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


def build_diamond_dual_cvxpy(j: np.ndarray, d_in: int, d_out: int) -> tuple[Any, dict[str, Any]]:
    """cvxpy problem of Watrous' dual; constraints ``"Z >= 0"``, ``"Z - J >= 0"``, ``"lambda I - tr_out Z >= 0"``."""
    import cvxpy as cp

    n = d_in * d_out
    z = cp.Variable((n, n), hermitian=True)
    lam = cp.Variable()
    cons = {"Z >= 0": z >> 0, "Z - J >= 0": z - j >> 0,
            "lambda I - tr_out Z >= 0": lam * np.eye(d_in) - cp.partial_trace(z, [d_in, d_out], axis=1) >> 0}
    return cp.Problem(cp.Minimize(lam), list(cons.values())), {"Z": z, "lambda": lam, "constraints": cons}


def _sdp(j: np.ndarray, d_in: int, d_out: int, opts: SolveOptions) -> tuple[dict[str, np.ndarray], float, Status,
                                                                            SolverInfo]:
    """Primal and dual solved as two cvxpy problems; the certificate takes *variables* from each (no raw duals)."""
    prob, v = build_diamond_cvxpy(j, d_in, d_out)
    status, info = run_cvxpy(prob, opts)
    dual, dv = build_diamond_dual_cvxpy(j, d_in, d_out)
    status_d, info_d = run_cvxpy(dual, opts)
    n = d_in * d_out
    if not (status.usable and status_d.usable):
        bad = status if not status.usable else status_d
        return {"W": np.zeros((n, n)), "rho": np.eye(d_in) / d_in, "Z": np.zeros((n, n))}, float("nan"), bad, info
    pts = {"W": herm(np.asarray(v["W"].value)), "rho": herm(np.asarray(v["rho"].value)),
           "Z": herm(np.asarray(dv["Z"].value))}
    info = SolverInfo(name=info.name, backend=info.backend, versions=info.versions,
                      seconds=info.seconds + info_d.seconds, iterations=info.iterations, options=info.options)
    worst = status if status != Status.OPTIMAL else status_d
    return pts, 2.0 * float(prob.value), worst, info


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


def _psd_parts(x: np.ndarray, zero_tol: float) -> tuple[np.ndarray, ...]:
    """``X_+``, projector on ``X > 0``, pseudo-inverse of ``X_+``, inverse on ``|x| > zero_tol max|x|``, kernel
    projector."""
    w, v = np.linalg.eigh(herm(x))
    big = np.abs(w) > zero_tol * max(float(np.max(np.abs(w), initial=0.0)), 1e-300)
    pos = (w > 0) & big
    vp, vb, v0 = v[:, pos], v[:, big], v[:, ~big]
    return ((vp * w[pos]) @ vp.conj().T, vp @ vp.conj().T, (vp / w[pos]) @ vp.conj().T,
            (vb / w[big]) @ vb.conj().T, v0 @ v0.conj().T)


@dataclass(frozen=True)
class DualParts:
    """The ``eta``-independent pieces of the ascent dual (module docstring) for one support / kernel cut."""

    rot: np.ndarray          # eigenvectors of rho (support first) ⊗ I_out
    a_inv: np.ndarray        # diagonal of A^{-1} = sqrt(rho_S)^{-1} ⊗ I
    x_plus: np.ndarray
    p_plus: np.ndarray
    p_zero: np.ndarray
    c: np.ndarray            # A J_SN
    schur_base: np.ndarray   # J_NN - c^dag X^{-1} c
    c_zero: np.ndarray       # c^dag P_0 c
    z_nn_base: np.ndarray    # c^dag X_+^+ c

    @property
    def has_kernel(self) -> bool:
        """Whether ``X`` has a kernel ``P_0`` (otherwise ``Z`` does not depend on ``eta``)."""
        return bool(np.any(self.p_zero))


def dual_parts(j: np.ndarray, rho: np.ndarray, d_out: int, support_tol: float, zero_tol: float) -> DualParts:
    """The ``eta``-free parts of the dual point ``Z >= 0, Z >= J`` of the module docstring (:func:`assemble_dual`).

    ``support_tol`` cuts the support ``S`` of ``rho``; eigenvalues of ``X`` below ``zero_tol`` (relative)
    form its kernel ``P_0``, regularized as ``X + eta P_0`` (``Z`` stays exactly feasible for every
    ``eta > 0``; ``eta`` trades ``Z_SS`` against ``Z_NN``).
    """
    w, v = np.linalg.eigh(herm(rho))
    inside = w > support_tol * w[-1]
    order = np.concatenate([np.flatnonzero(inside), np.flatnonzero(~inside)])
    rot = np.kron(v[:, order], np.eye(d_out))
    jr = herm(rot.conj().T @ j @ rot)
    r = int(inside.sum())
    n = r * d_out
    j_ss, j_sn, j_nn = jr[:n, :n], jr[:n, n:], jr[n:, n:]
    a = np.repeat(np.sqrt(w[order][:r]), d_out)
    x_plus, p_plus, x_plus_pinv, x_inv, p_zero = _psd_parts(a[:, None] * j_ss * a[None, :], zero_tol)
    c = a[:, None] * j_sn
    return DualParts(rot=rot, a_inv=1.0 / a, x_plus=x_plus, p_plus=p_plus, p_zero=p_zero, c=c,
                     schur_base=j_nn - c.conj().T @ x_inv @ c, c_zero=c.conj().T @ p_zero @ c,
                     z_nn_base=c.conj().T @ x_plus_pinv @ c)


def assemble_dual(parts: DualParts, eta: float) -> np.ndarray:
    """``Z`` of the module docstring from :func:`dual_parts` and the regularization ``eta > 0``."""
    c0 = parts.c_zero / eta
    w_s, v_s = np.linalg.eigh(herm(parts.schur_base - c0))
    schur_plus = (v_s * np.clip(w_s, 0, None)) @ v_s.conj().T
    ai = parts.a_inv
    z_sn = ai[:, None] * ((parts.p_plus + parts.p_zero) @ parts.c)
    z_ss = ai[:, None] * (parts.x_plus + eta * parts.p_zero) * ai[None, :]
    zr = np.block([[z_ss, z_sn], [z_sn.conj().T, parts.z_nn_base + c0 + schur_plus]])
    return herm(parts.rot @ zr @ parts.rot.conj().T)


def _dual_value(z: np.ndarray, j: np.ndarray, d_in: int, d_out: int) -> float:
    """``lambda_max(tr_out Z~)`` after the verifier's feasibility shift (an upper bound on the SDP value)."""
    shift = max(0.0, -float(np.linalg.eigvalsh(z)[0]), -float(np.linalg.eigvalsh(herm(z - j))[0]))
    return float(np.linalg.eigvalsh(herm(trace_out(z, d_in, d_out)))[-1]) + shift * d_out


def best_ascent_dual(j: np.ndarray, rho: np.ndarray, d_in: int, d_out: int) -> np.ndarray:
    """The smallest certified dual value over the support / kernel cut-offs and ``eta`` (1-D search).

    Cut-offs that select the same support and the same kernel give the same ``Z`` and are evaluated once;
    without a kernel ``Z`` does not depend on ``eta`` and no search is run.
    """
    best_z: np.ndarray | None = None
    best_val = np.inf
    seen: set[tuple[int, int]] = set()
    for s_tol in SUPPORT_TOLS:
        for z_tol in ZERO_TOLS:
            parts = dual_parts(j, rho, d_out, s_tol, z_tol)
            key = (parts.a_inv.size, int(round(np.trace(parts.p_zero).real)))
            if key in seen:
                continue
            seen.add(key)
            if not parts.has_kernel:
                z = assemble_dual(parts, 1.0)
            else:
                def val(log_eta: float, parts: DualParts = parts) -> float:
                    return _dual_value(assemble_dual(parts, 10.0**log_eta), j, d_in, d_out)

                grid = np.linspace(*ETA_LOG_RANGE, 13)
                vals = [val(x) for x in grid]
                i = int(np.argmin(vals))
                lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
                res = minimize_scalar(val, bounds=(lo, hi), method="bounded", options={"xatol": 1e-3})
                log_eta = float(res.x) if res.fun < vals[i] else float(grid[i])
                z = assemble_dual(parts, 10.0**log_eta)
            v = _dual_value(z, j, d_in, d_out)
            if best_z is None or v < best_val:
                best_z, best_val = z, v
    assert best_z is not None, "SUPPORT_TOLS and ZERO_TOLS are not empty"
    return best_z


def _polish_dual(j: np.ndarray, d_in: int, d_out: int, z: np.ndarray) -> tuple[np.ndarray, dict[str, Any]]:
    """Dual polish of the ascent: Watrous' dual SDP alone (Clarabel, tight tolerances), kept if it certifies less.

    Only for ``d_in d_out <= SDP_FALLBACK_MAX``.  The ascent's primal point stays; only ``Z`` may be replaced,
    so the certificate is rigorous whatever the solver's status (the verifier repairs and bounds ``Z``).
    """
    prob, dv = build_diamond_dual_cvxpy(j, d_in, d_out)
    status, info = run_cvxpy(prob, SolveOptions(solver="clarabel", eps=DUAL_POLISH_EPS))
    meta: dict[str, Any] = {"dual_polish": "clarabel", "dual_polish_status": status.value}
    if dv["Z"].value is None:
        return z, meta
    z_sdp = herm(np.asarray(dv["Z"].value))
    before, after = _dual_value(z, j, d_in, d_out), _dual_value(z_sdp, j, d_in, d_out)
    meta["dual_polish_used"] = bool(after < before)
    return (z_sdp if after < before else z), meta


def _ascent(j: np.ndarray, d_in: int, d_out: int,
            opts: SolveOptions | None = None) -> tuple[dict[str, np.ndarray], float, SolverInfo]:
    import time

    opts = opts or SolveOptions()
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
    proj = _psd_parts(sq @ j @ sq, 0.0)[1]
    w = herm(sq @ proj @ sq)
    best_z = best_ascent_dual(j, rho, d_in, d_out)
    options: dict[str, Any] = {"gtol": ASCENT_GTOL, "support_tols": list(SUPPORT_TOLS)}
    gap = 2.0 * _dual_value(best_z, j, d_in, d_out) + 2.0 * float(res.fun)
    if gap > DUAL_POLISH_FRACTION * opts.tol and d_in * d_out <= SDP_FALLBACK_MAX:
        best_z, meta = _polish_dual(j, d_in, d_out, best_z)
        options.update(meta, ascent_gap=gap)
    info = SolverInfo(name="lbfgs-ascent", backend="scipy", seconds=time.perf_counter() - t0,
                      iterations=int(res.nit), options=options)
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
            pts, value, info = _ascent(j, d_in, d_out, opts)
            status = Status.OPTIMAL
        cert = Certificate(kind=kinds.DIAMOND, sense="max", primal={"W": pts["W"], "rho": pts["rho"]},
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
