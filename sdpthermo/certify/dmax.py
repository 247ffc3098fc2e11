r"""Verifiers for D_max (Eq. (10)) and smooth D_max (Eq. (11)) certificates (seed 002); numpy only, bits.

``dmax`` certificates: primal ``t`` (claimed ``rho <= t sigma``), dual ``v`` (a test vector).
With ``sigma_s``, ``rho_s`` the compressions to ``supp(sigma)`` and ``delta = max(0, -lambda_min(t sigma_s - rho_s))``,
``rho_s <= (t + delta / lambda_min(sigma_s)) sigma_s``, so ``upper = log2(t + delta/lambda_min(sigma_s))``;
``lower = log2(<v|rho|v> / <v|sigma|v>)`` (any ``v``).  Residual ``support_leakage = tr(P_ker(sigma) rho)``.

``dmax-smooth`` certificates (blocks ``b`` of a common block structure, ``sigma_b > 0``, radius
``r`` of the trace-norm ball, or fidelity threshold ``f`` for the purified metric)::

    t* = min t     s.t. rho~ <= t sigma, rho~ >= 0, tr rho~ = 1, ||rho~ - rho||_1 <= r       (primal)
       = max tr(V rho) - (r/2)(lambda_max(V) - lambda_min(V))
                   s.t. V = Y - Z, Y >= 0, Z >= 0, tr(Y sigma) = 1                             (dual)

The dual is Lagrange's ``max z + tr(W rho) - r ||W||_op`` s.t. ``W <= Y - z I`` with the optimal
shift ``z`` eliminated (``W = V - zI``, ``z`` the midpoint of the spectrum of ``V``).  The verifier
repairs any stored ``(Y, Z)`` into an exactly feasible dual point (adds ``max(0, -lambda_min)`` plus a
roundoff margin to each, divides by ``tr(Y sigma)``) and charges float64 error per block, so
``lower = log2 max(1, value)`` is rigorous; ``t >= 1`` always holds.
For the purified metric (``F(rho~, rho) >= f`` replaces the ball)::

    t* = max z - tr(M22 rho) + nu f   s.t. [[Y - zI, -nu/2 I], [-nu/2 I, M22]] >= 0, Y >= 0, tr(Y sigma) = 1, nu >= 0

stored as the solver's full block dual ``M`` (the ``-nu/2 I`` corner is read off ``M21``, its
deviation paid for as ``2 ||M21 + nu/2 I||_op``) with ``z`` found by bisection after repair.  The upper side takes the stored state
``rho~`` and ``t``; residuals ``psd`` (``-lambda_min rho~``), ``trace`` (``|tr rho~ - 1|``),
``ball`` (distance excess, or fidelity deficit) must vanish up to ``tol``, and
``upper = log2(t + max_b delta_b / lambda_min(sigma_b))`` with ``delta_b`` the PSD violation of
``t sigma_b - rho~_b``.  ``off_block`` is the largest entry of ``rho``/``sigma`` outside the blocks.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> c = Certificate("dmax", "min", {"t": np.array(2.0)}, {"v": np.array([0.0, 2.0])},
...                 {"rho": np.diag([.5, .5]), "sigma": np.diag([.75, .25])}, "Eq. (10)")
>>> v = verify_dmax(c, 1e-9); round(v.lower, 12), round(v.upper, 12), v.passed
(1.0, 1.0, True)
"""

from __future__ import annotations

import math

import numpy as np

from sdpthermo.certify.base import finish, herm, psd_violation, roundoff, verifier
from sdpthermo.conventions import EPS_MACHINE, TOL_RANK
from sdpthermo.results import Certificate, Verification

#: bisection steps for the purified-metric dual shift (halves the bracket each step; 2^-60 relative).
BISECT_STEPS = 60

CONVENTION_DMAX = "D_max = log2 min{t: rho <= t sigma} (seed 002 Eq. (10)); bits"
CONVENTION_SMOOTH = ("D_max^eps = log2 min t s.t. rho~ <= t sigma over normalized rho~ in the ball (seed 002 "
                     "Eq. (11)); dual max tr(V rho) - (r/2) spread(V), V = Y - Z; bits")


def _log2(x: float) -> float:
    return math.log2(x) if x > 0 else -math.inf


def _support(sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w, v = np.linalg.eigh(herm(sigma))
    keep = w > TOL_RANK * max(float(w[-1]), 0.0)
    return v[:, keep], w[keep], v[:, ~keep]


@verifier("dmax")
def verify_dmax(cert: Certificate, tol: float) -> Verification:
    """Re-check a ``dmax`` certificate (module docstring)."""
    rho, sigma = np.asarray(cert.problem["rho"]), np.asarray(cert.problem["sigma"])
    t = float(cert.primal["t"])
    v = np.asarray(cert.dual["v"])
    vs, ws, vk = _support(sigma)
    leak = float(np.real(np.trace(vk.conj().T @ rho @ vk))) if vk.shape[1] else 0.0
    rho_s, sig_s = vs.conj().T @ rho @ vs, vs.conj().T @ sigma @ vs
    ro = roundoff(rho, sigma) * max(1.0, t)
    delta = psd_violation(t * sig_s - rho_s) + ro
    upper = _log2(t + delta / float(ws[0]))
    num, den = float(np.real(v.conj() @ rho @ v)), float(np.real(v.conj() @ sigma @ v))
    scale = float(np.vdot(v, v).real)
    lower = _log2((num - ro * scale) / (den + ro * scale)) if den > 0 else -math.inf
    return finish(lower, upper, {"support_leakage": leak}, lower, upper, tol,
                  notes="upper from t sigma - rho >= 0 on supp(sigma); lower from the test vector v")


def _blocks(cert: Certificate, key: str) -> list[np.ndarray]:
    nb = int(cert.meta["nblocks"])
    src = cert.problem if key in ("rho", "sigma") else (cert.primal if key == "X" else cert.dual)
    return [np.asarray(src[f"{key}_{b}"]) for b in range(nb)]


def _shift_psd(x: np.ndarray) -> np.ndarray:
    return herm(x) + psd_violation(x) * np.eye(x.shape[0])


def _dual_trace_norm(rhos: list[np.ndarray], sigs: list[np.ndarray], ys: list[np.ndarray], zs: list[np.ndarray],
                     r: float) -> float:
    """Repaired trace-norm dual value, minus a float64 error bound assembled **per block**.

    ``Y_b, Z_b`` are shifted by ``max(0, -lambda_min) + roundoff`` (exactly PSD despite ``eigh`` error);
    with ``s = sum_b tr(Y_b sigma_b)`` (error ``ds``) the certified point is ``V'_b = (Y_b - Z_b)/s``
    rescaled by ``c = tr(Y' sigma) in [1 - ds/s, 1 + ds/s]`` (the objective is 1-homogeneous).  The
    inner products and eigenvalues are charged :func:`roundoff` per block (``sum_b`` for ``tr(V rho)``,
    ``r max_b`` for the spread, each doubled to cover forming ``V``); the former bound multiplied the
    norms of all blocks together and grew with the number of blocks.
    """
    yp = [_shift_psd(y) + roundoff(y) * np.eye(y.shape[0]) for y in ys]
    zp = [_shift_psd(z) + roundoff(z) * np.eye(z.shape[0]) for z in zs]
    s = sum(float(np.real(np.vdot(y, sg))) for y, sg in zip(yp, sigs))
    ds = sum(roundoff(y, sg) for y, sg in zip(yp, sigs))
    if not s > ds:
        return -math.inf
    vs = [(y - z) / s for y, z in zip(yp, zp)]
    eigs = np.concatenate([np.linalg.eigvalsh(herm(v)) for v in vs])
    val = sum(float(np.real(np.vdot(v, rho))) for v, rho in zip(vs, rhos)) - r / 2 * float(eigs.max() - eigs.min())
    err = 2 * sum(roundoff(v, rho) for v, rho in zip(vs, rhos)) + 2 * r * max(roundoff(v) for v in vs)
    err += len(vs) * EPS_MACHINE * (abs(val) + 1.0)
    val -= err
    return val / (1 + ds / s) if val >= 0 else val / (1 - ds / s)


def _largest_shift(y: np.ndarray, m12: np.ndarray, m22: np.ndarray) -> float:
    """Largest ``z`` with ``[[Y - zI, M12], [M12^†, M22]] >= 0`` (bisection on ``lambda_min``)."""
    n = y.shape[0]
    big = np.block([[y, m12], [m12.conj().T, m22]])
    e = np.zeros(2 * n)
    e[:n] = 1.0

    def ok(z: float) -> bool:
        return float(np.linalg.eigvalsh(herm(big - z * np.diag(e)))[0]) >= 0

    hi = float(np.linalg.eigvalsh(herm(y))[0])
    lo = hi - 1.0
    for _ in range(BISECT_STEPS):
        if ok(lo):
            break
        lo = hi - 2 * (hi - lo)
    else:
        return -math.inf
    for _ in range(BISECT_STEPS):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if ok(mid) else (lo, mid)
    return lo


def _dual_purified(rhos: list[np.ndarray], sigs: list[np.ndarray], ys: list[np.ndarray], ms: list[np.ndarray],
                   f: float) -> float:
    """Repaired purified-metric dual: ``nu = -2 Re tr M21 / n``; stationarity residual ``R = M21 + nu/2 I``
    enters as ``-2 max_b ||R_b||`` (``sum_b ||K_b||_1 <= 1`` for ``[[rho~, K], [K^†, rho]] >= 0``)."""
    yp = [_shift_psd(y) for y in ys]
    s = sum(float(np.real(np.vdot(y, sg))) for y, sg in zip(yp, sigs))
    if not s > 0:
        return -math.inf
    ntot = sum(y.shape[0] for y in ys)
    m21s = [np.asarray(m)[y.shape[0]:, :y.shape[0]] / s for m, y in zip(ms, ys)]
    nu = max(0.0, -2 * sum(float(np.real(np.trace(m21))) for m21 in m21s) / ntot)
    z, cost, pen = math.inf, 0.0, 0.0
    for y, m, m21, rho in zip(yp, ms, m21s, rhos):
        n = y.shape[0]
        m22 = _shift_psd(np.asarray(m)[n:, n:] / s)
        pen = max(pen, float(np.linalg.norm(m21 + nu / 2 * np.eye(n), 2)))
        z = min(z, _largest_shift(y / s, -nu / 2 * np.eye(n), m22))
        cost += float(np.real(np.vdot(m22, rho)))
    return z - cost + nu * f - 2 * pen - roundoff(*yp, *rhos) * max(1.0, nu)


def _fidelity(a: np.ndarray, b: np.ndarray) -> float:
    def sqrtm(x: np.ndarray) -> np.ndarray:
        w, v = np.linalg.eigh(herm(x))
        return (v * np.sqrt(np.clip(w, 0, None))) @ v.conj().T
    return float(np.linalg.svd(sqrtm(a) @ sqrtm(b), compute_uv=False).sum())


@verifier("dmax-smooth")
def verify_dmax_smooth(cert: Certificate, tol: float) -> Verification:
    """Re-check a ``dmax-smooth`` certificate (module docstring)."""
    rhos, sigs = _blocks(cert, "rho"), _blocks(cert, "sigma")
    metric = str(cert.meta["metric"])
    r = float(cert.meta["radius"])
    res: dict[str, float] = {"off_block": float(cert.meta.get("off_block", 0.0))}
    if metric == "purified":
        f = float(cert.meta["fidelity"])
        lower_t = _dual_purified(rhos, sigs, _blocks(cert, "Y"), _blocks(cert, "M"), f)
    else:
        lower_t = _dual_trace_norm(rhos, sigs, _blocks(cert, "Y"), _blocks(cert, "Z"), r)
    lower = _log2(max(1.0, lower_t))
    upper = math.inf
    if "t" in cert.primal:
        xs = _blocks(cert, "X")
        t = float(cert.primal["t"])
        res["psd"] = max(psd_violation(x) for x in xs)
        res["trace"] = abs(sum(float(np.real(np.trace(x))) for x in xs) - 1.0)
        if metric == "purified":
            fid = sum(_fidelity(x, rho) for x, rho in zip(xs, rhos))
            res["ball"] = max(0.0, f - fid)
        else:
            dist = sum(float(np.abs(np.linalg.eigvalsh(herm(x - rho))).sum()) for x, rho in zip(xs, rhos))
            res["ball"] = max(0.0, dist - r)
        slack = max((psd_violation(t * sg - x) + roundoff(sg, x) * t) / float(np.linalg.eigvalsh(herm(sg))[0])
                    for x, sg in zip(xs, sigs))
        upper = _log2(t + slack) + 4 * EPS_MACHINE
    return finish(lower, upper, res, lower, upper, tol,
                  notes=f"metric={metric}, radius={r}: dual repaired to exact feasibility; primal residuals listed")
