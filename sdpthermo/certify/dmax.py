r"""Verifiers for D_max (Eq. (10)) and smooth D_max (Eq. (11)) certificates (seed 002); numpy only, bits.

**Soundness at any tolerance.**  Tolerance decides ``passed`` and ``tight``, never the bound: both
bounds are proven from the stored arrays with explicit float64 error constants relative to the data
(:mod:`sdpthermo.certify.rounding`), valid for near-singular ``sigma``.  The central tool
(:func:`whiten`, :func:`ratio_bounds`): with ``C = V w^{-1/2}`` from ``eigh(sigma)``, ``A = C^† sigma C``
and ``B = C^† X C`` (enclosed componentwise), ``lambda_min(A) >= a > 0`` proves ``C`` invertible, and then

    X <= (lambda_max(B) / a) sigma,        X + (max(0, -lambda_min(B)) / a) sigma >= 0

(congruence by ``C^{-1}``): relative errors ``~ n^2 u ||sigma|| / lambda_min(sigma)`` instead of the
absolute ``n u ||t sigma||`` divided by ``lambda_min(sigma)``.

``dmax`` certificates: primal ``t`` (claimed ``rho <= t sigma``), dual ``v`` (a test vector).
``upper = log2 t_up`` with ``t_up`` the proven ratio of ``rho`` (on the coordinates where ``sigma`` is
not exactly zero; a sigma that is not proven positive definite there gives ``+inf``); the stored
``t`` only enters the residual ``t = max(0, t_up/t - 1)``.  ``lower = log2(<v|rho|v> / <v|sigma|v>)``
with both quadratic forms enclosed (``+inf`` when ``rho`` has weight on an exact kernel coordinate of
``sigma``).  Residual ``support_leakage``: the weight of ``rho`` on rows/columns where ``sigma`` is
exactly zero (then ``D_max = +inf`` and ``upper = +inf``).

``dmax-smooth`` certificates (blocks ``b`` of a common block structure, ``sigma_b > 0``, radius
``r`` of the trace-norm ball, or fidelity threshold ``f`` for the purified metric)::

    t* = min t     s.t. rho~ <= t sigma, rho~ >= 0, tr rho~ = 1, ||rho~ - rho||_1 <= r       (primal)
       = max tr(V rho) - (r/2)(lambda_max(V) - lambda_min(V))
                   s.t. V = Y - Z, Y >= 0, Z >= 0, tr(Y sigma) = 1                             (dual)

The dual is Lagrange's ``max z + tr(W rho) - r ||W||_op`` s.t. ``W <= Y - z I`` with the optimal
shift ``z`` eliminated (``W = V - zI``, ``z`` the midpoint of the spectrum of ``V``).  The verifier
repairs any stored ``(Y, Z)`` into an exactly feasible dual point (adds the proven PSD deficit to
each, divides by the enclosed ``tr(Y sigma)``; see :func:`_dual_trace_norm` for the inequality), and
``t* >= 1/tr sigma`` (``= 1`` for ``tr sigma <= 1``, summed exactly).
For the purified metric (``F(rho~, rho) >= f`` replaces the ball)::

    t* = max z - tr(M22 rho) + nu f   s.t. [[Y - zI, -nu/2 I], [-nu/2 I, M22]] >= 0, Y >= 0, tr(Y sigma) = 1, nu >= 0

stored as the solver's full block dual ``M`` (the ``-nu/2 I`` corner is read off ``M21``, its
deviation paid for as ``2 ||M21 + nu/2 I||_op``) with ``z`` found by bisection after repair, every
PSD test charged its eigenvalue error.  The upper side repairs the stored state ``rho~`` into an
exactly feasible one before its ratio counts (:func:`_primal_upper`: PSD shift, normalization, mixing
towards ``rho`` into the ball; the stored ``t`` is not used); residuals ``psd``, ``trace``, ``ball``
(distance excess, or fidelity deficit) decide ``passed`` only.  ``off_block`` is the largest entry of
``rho``/``sigma`` outside the blocks, recorded by the formulation (the blocks are the problem data).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> c = Certificate(kinds.DMAX, "min", {"t": np.array(2.0)}, {"v": np.array([0.0, 2.0])},
...                 {"rho": np.diag([.5, .5]), "sigma": np.diag([.75, .25])}, "Eq. (10)")
>>> v = verify_dmax(c, 1e-9); round(v.lower, 12), round(v.upper, 12), v.passed
(1.0, 1.0, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, verifier
from sdpthermo.certify.rounding import (
    TINY,
    U,
    congruence,
    eig_bounds,
    eig_error,
    fro,
    inner_bounds,
    psd_shift,
    quad_bounds,
    trace_bounds,
    trace_norm_upper,
)
from sdpthermo.info.fidelity import root_fidelity
from sdpthermo.linalg.hermitian import herm
from sdpthermo.results import Certificate, Verification

#: bisection steps for the purified-metric dual shift (halves the bracket each step; 2^-60 relative).
BISECT_STEPS = 60

CONVENTION_DMAX = "D_max = log2 min{t: rho <= t sigma} (seed 002 Eq. (10)); bits"
CONVENTION_SMOOTH = ("D_max^eps = log2 min t s.t. rho~ <= t sigma over normalized rho~ in the ball (seed 002 "
                     "Eq. (11)); dual max tr(V rho) - (r/2) spread(V), V = Y - Z; bits")


@dataclass(frozen=True)
class Whitened:
    """``C ~ sigma^{-1/2}`` with a proven ``lambda_min(C^† sigma C) >= lam_a > 0`` (so ``C`` is invertible)."""

    c: np.ndarray
    lam_a: float
    t_identity: float


def whiten(sigma: np.ndarray) -> Whitened | None:
    """``C = V diag(w)^{-1/2}`` from ``eigh(sigma)``; None unless ``C^† sigma C`` is proven positive definite."""
    w, v = np.linalg.eigh(sigma)
    if not (w.size and float(w[0]) > 0):
        return None
    c = v / np.sqrt(w)
    a, err = congruence(c, sigma)
    lam_a = eig_bounds(a)[0] - err
    if not lam_a > 0:
        return None
    ctc, err_i = congruence(c, np.eye(sigma.shape[0]))
    return Whitened(c, lam_a, max(0.0, eig_bounds(ctc)[1] + err_i) / lam_a * (1 + 4 * U))


def ratio_bounds(wh: Whitened, x: np.ndarray) -> tuple[float, float]:
    """``(t_x, kappa)``: ``X <= t_x sigma`` and ``X + kappa sigma >= 0``, both proven.

    With ``B = C^† X C`` and ``A = C^† sigma C >= lam_a I``: ``B <= lambda_max(B) I <= (lambda_max(B)/lam_a) A``
    and ``B >= lambda_min(B) I >= (lambda_min(B)/lam_a) A``; congruence by ``C^{-1}`` carries both back.
    """
    b, err = congruence(wh.c, x)
    lo, hi = eig_bounds(b)
    return max(0.0, hi + err) / wh.lam_a * (1 + 4 * U), max(0.0, -(lo - err)) / wh.lam_a * (1 + 4 * U)


def _log2_down(x: float) -> float:
    return math.log2(x) - 4 * U * abs(math.log2(x)) if 0 < x < math.inf else (math.inf if x > 0 else -math.inf)


def _log2_up(x: float) -> float:
    return math.log2(x) + 4 * U * abs(math.log2(x)) if 0 < x < math.inf else (math.inf if x > 0 else -math.inf)


def _exact_kernel(sigma: np.ndarray) -> np.ndarray:
    """Coordinates whose row and column of ``sigma`` vanish exactly (the only kernel known without roundoff)."""
    return np.flatnonzero(~(np.any(sigma != 0, axis=0) | np.any(sigma != 0, axis=1)))


@verifier(kinds.DMAX)
def verify_dmax(cert: Certificate, tol: float) -> Verification:
    """Re-check a ``dmax`` certificate (module docstring)."""
    rho, sigma = herm(np.asarray(cert.problem["rho"])), herm(np.asarray(cert.problem["sigma"]))
    t = float(np.asarray(cert.primal["t"]).real)
    v = np.asarray(cert.dual["v"]).reshape(-1)
    ker = _exact_kernel(sigma)
    keep = np.setdiff1d(np.arange(sigma.shape[0]), ker)
    leak = float(np.abs(rho[ker]).sum() + np.abs(rho[:, ker]).sum())
    t_up = math.inf
    wh = whiten(sigma[np.ix_(keep, keep)]) if leak == 0 and keep.size else None
    if wh is not None:
        t_up = ratio_bounds(wh, rho[np.ix_(keep, keep)])[0]
    num_lo = quad_bounds(v, rho)[0] if v.shape == (sigma.shape[0],) else 0.0
    den_hi = quad_bounds(v, sigma)[1] if v.shape == (sigma.shape[0],) else math.inf
    t_lo = 0.0 if not num_lo > 0 else (math.inf if den_hi <= 0 else num_lo / den_hi * (1 - 4 * U))
    if np.any(np.real(np.diag(rho))[ker] > 0):
        t_lo = math.inf  # rho has weight on an exact kernel vector e_i of sigma: no t works
    res = {"support_leakage": leak, "t": max(0.0, t_up / t - 1) if t > 0 else math.inf}
    lower, upper = _log2_down(t_lo), _log2_up(t_up)
    return finish(lower, upper, res, lower, upper, tol,
                  notes="upper from a proven sigma^{-1/2} congruence; lower from the test vector v")


def _blocks(cert: Certificate, key: str) -> list[np.ndarray]:
    nb = int(cert.meta["nblocks"])
    src = cert.problem if key in ("rho", "sigma") else (cert.primal if key == "X" else cert.dual)
    return [np.asarray(src[f"{key}_{b}"]) for b in range(nb)]


def _shift_psd(x: np.ndarray) -> np.ndarray:
    """``x + a I`` with ``a`` = the proven PSD deficit (:func:`~sdpthermo.certify.rounding.psd_shift`) plus
    the roundoff of adding it, so that the float result is PSD in exact arithmetic."""
    h = herm(x)
    a = psd_shift(h)
    return h + (a + (4 * U * (a + float(np.abs(np.diag(h)).max(initial=0.0))) if a > 0 else 0.0)) * np.eye(h.shape[0])


def _trace_floor(sigs: list[np.ndarray]) -> float:
    """``t* >= 1 / tr sigma`` (``1 = tr rho~ <= t tr sigma``), with ``tr sigma`` summed exactly (fractions): 1 for
    every sigma of trace at most 1."""
    tr = sum((Fraction(float(v)) for sg in sigs for v in np.real(np.diag(sg))), Fraction(0))
    if tr <= 0:
        return 0.0
    return 1.0 if tr <= 1 else float(1 / tr) * (1 - 4 * U)


def _dual_trace_norm(rhos: list[np.ndarray], sigs: list[np.ndarray], ys: list[np.ndarray], zs: list[np.ndarray],
                     r: float) -> float:
    r"""Proven lower bound on ``t*`` from any stored ``(Y_b, Z_b)`` (trace-norm ball of radius ``r``).

    ``Y' = Y + a_Y I``, ``Z' = Z + a_Z I`` per block, with the proven PSD deficits ``a``, are PSD;
    ``W' = Y' - Z'`` has its spectrum in ``[l, h]`` (enclosures from ``eigvalsh`` plus :func:`eig_error`),
    ``m = (l + h)/2``.  For every feasible ``rho~`` (``Delta = rho~ - rho``, ``||Delta||_1 <= r``,
    ``tr Delta = 1 - tr rho``)::

        t tr(Y' sigma) >= tr(Y' rho~) >= tr(W' rho~) = tr(W' rho) + tr((W' - mI) Delta) + m tr Delta
                       >= tr(W' rho) - (r/2)(h - l) - |m| |1 - tr rho| =: N

    so ``t* >= N / tr(Y' sigma)`` (numerator rounded down, denominator up); every inner product is
    enclosed with the componentwise bounds of :mod:`sdpthermo.certify.rounding` (relative to the data, so
    blocks with ``sigma_b ~ 1e-12`` lose nothing).  Also ``t* >= 1 / tr sigma`` (``1 = tr rho~ <= t tr sigma``).
    """
    num, den_lo, den_hi, tr_lo, tr_hi, lo, hi = 0.0, 0.0, 0.0, 0.0, 0.0, math.inf, -math.inf
    mag = 0.0  # sum of the magnitudes of every float64 term added below: charged 8 u mag (a few roundings each)
    for rho, sg, y, z in zip(rhos, sigs, ys, zs):
        y, z, rho, sg = herm(y), herm(z), herm(rho), herm(sg)
        ay, az = psd_shift(y), psd_shift(z)
        ysl, ysh = inner_bounds(y, sg)
        stl, sth = trace_bounds(sg)
        rtl, rth = trace_bounds(rho)
        den_lo += ysl + ay * stl
        den_hi += ysh + ay * sth
        yr, zr = inner_bounds(y, rho)[0], inner_bounds(z, rho)[1]
        sh = min((ay - az) * rtl, (ay - az) * rth)
        num += yr - zr + sh
        mag += abs(yr) + abs(zr) + abs(sh)
        tr_lo, tr_hi = tr_lo + rtl, tr_hi + rth
        w = y - z
        wl, wh = eig_bounds(w)
        e = U * fro(np.abs(w)) + TINY + 4 * U * (abs(wl) + abs(wh) + ay + az)
        lo, hi = min(lo, wl - e + ay - az), max(hi, wh + e + ay - az)
    floor = _trace_floor(sigs)
    den_lo, den_hi = den_lo * (1 - 8 * U) - TINY, den_hi * (1 + 8 * U) + TINY
    if not (den_lo > 0 and math.isfinite(num) and math.isfinite(hi - lo)):
        return floor
    m = max(abs(lo), abs(hi))
    spread = r / 2 * (hi - lo) * (1 + 4 * U)
    trace_term = m * max(abs(1 - tr_lo), abs(1 - tr_hi)) * (1 + 4 * U)
    num = num - spread - trace_term
    num -= 8 * U * (mag + spread + trace_term + abs(num)) + TINY
    val = num / den_hi * (1 - 4 * U) if num >= 0 else num / den_lo * (1 + 4 * U)
    return max(val, floor)


def _largest_shift(y: np.ndarray, m12: np.ndarray, m22: np.ndarray) -> float:
    """Largest ``z`` (bisection) with ``[[Y - zI, M12], [M12^†, M22]] >= 0`` proven (eigenvalue error charged)."""
    n = y.shape[0]
    big = np.block([[y, m12], [m12.conj().T, m22]])
    e = np.zeros(2 * n)
    e[:n] = 1.0

    def ok(z: float) -> bool:
        m = herm(big - z * np.diag(e))
        return eig_bounds(m)[0] - 4 * U * abs(z) >= 0

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
    enters as ``-2 max_b ||R_b||`` (``sum_b ||K_b||_1 <= 1`` for ``[[rho~, K], [K^†, rho]] >= 0``).
    ``Y``, ``M22`` are shifted by their proven PSD deficits, ``z`` is proven by :func:`_largest_shift`, and the
    inner products are charged :func:`inner_bounds` (``z`` multiplies ``tr rho~ = 1``, exact for every candidate)."""
    yp = [_shift_psd(y) for y in ys]
    s_lo = sum(inner_bounds(y, sg)[0] for y, sg in zip(yp, sigs))
    s_hi = sum(inner_bounds(y, sg)[1] for y, sg in zip(yp, sigs))
    if not s_lo > 0:
        return -math.inf
    ntot = sum(y.shape[0] for y in ys)
    m21s = [np.asarray(m)[y.shape[0]:, :y.shape[0]] / s_hi for m, y in zip(ms, ys)]
    nu = max(0.0, -2 * sum(float(np.real(np.trace(m21))) for m21 in m21s) / ntot)
    z, cost, pen = math.inf, 0.0, 0.0
    for y, m, m21, rho in zip(yp, ms, m21s, rhos):
        n = y.shape[0]
        m22 = _shift_psd(np.asarray(m)[n:, n:] / s_hi)
        pen = max(pen, fro(m21 + nu / 2 * np.eye(n)) * (1 + 4 * U))
        z = min(z, _largest_shift(y / s_hi, -nu / 2 * np.eye(n), m22))
        cost += inner_bounds(m22, rho)[1]
    # Y'/s_hi <= Y'/tr(Y' sigma) (Y' >= 0): the block proven PSD for the smaller matrix stays PSD
    return float(z - cost + nu * f - 2 * pen - 8 * U * (abs(z) + abs(cost) + nu))


def _sqrt_error(x: np.ndarray, tr_other: float) -> float:
    """Bound on ``|F(A', C) - F(A, C)|`` when ``sqrt A`` is computed from ``eigh`` (backward error ``delta``).

    ``|F(A', C) - F(A, C)| <= ||(sqrt A' - sqrt A) sqrt C||_1``, bounded by the smaller of
    ``sqrt(n delta tr C)`` (Powers–Størmer and Hölder) and ``delta / sqrt(a) * sqrt(n tr C)`` when
    ``lambda_min(A) >= a > 0`` (``||sqrt A' - sqrt A||_op <= ||A' - A||_op / (sqrt a' + sqrt a)``).
    """
    n = x.shape[0]
    delta = eig_error(x)
    a = eig_bounds(x)[0]
    ps = math.sqrt(n * delta * tr_other)
    return min(ps, delta / math.sqrt(a) * math.sqrt(n * tr_other)) if a > 0 else ps


def _fidelity_lower(xs: list[np.ndarray], rhos: list[np.ndarray], shift: float) -> float:
    """Proven lower bound on ``sum_b F(X_b + S_b, rho_b)`` for PSD shifts of total trace ``shift``.

    Roundoff of both square roots is charged by :func:`_sqrt_error`; the shift by
    ``sqrt(shift sum_b tr rho_b)`` (Powers–Størmer; ``F`` is monotone, so only for a lower bound on the
    unshifted point is it needed: it is charged for safety in both directions).
    """
    val, err = 0.0, 0.0
    for x, rho in zip(xs, rhos):
        n = x.shape[0]
        tr_c = max(abs(v) for v in trace_bounds(rho))
        tr_x = max(abs(v) for v in trace_bounds(x)) + shift
        val += root_fidelity(x, rho)
        err += _sqrt_error(x, tr_c) + _sqrt_error(rho, tr_x) + 8 * n * U * math.sqrt(tr_c * tr_x)
    return val - err - math.sqrt(shift * sum(max(abs(v) for v in trace_bounds(r)) for r in rhos))


def _primal_upper(rhos: list[np.ndarray], sigs: list[np.ndarray], xs: list[np.ndarray], metric: str, r: float,
                  f: float) -> tuple[float, dict[str, float]]:
    r"""Proven upper bound on ``t*`` from the stored point ``X`` after an explicit repair, and the residuals.

    The certified point is ``Y = (1 - mu) (X + S)/c + mu rho_s`` (mathematically exact; nothing is formed):

    * ``S = ⊕ s_b`` makes ``X + S >= 0``: per block either ``a_b I`` (``a_b`` = proven PSD deficit of
      ``X_b``) or ``kappa_b sigma_b`` (``kappa_b`` = proven deficit of ``sigma_b^{-1/2} X_b sigma_b^{-1/2}``),
      whichever raises ``t_b`` less (``a_b t_I`` vs ``kappa_b``);
    * ``c = tr(X + S)`` normalizes; ``||(X + S)/c - rho||_1 <= d + tr S + |1 - c| =: d'`` with ``d`` the
      proven ``||X - rho||_1``;
    * ``rho_s = (rho + a_rho I)/c_rho`` is a state at distance ``e_rho <= |1 - c_rho| + n a_rho`` from ``rho``;
      ``mu = (d' - r)/(d' - e_rho)`` when ``d' > r`` (else 0) puts ``Y`` in the ball (convexity); for the
      purified metric ``mu`` comes from the concavity of ``F(., rho)`` and the proven fidelities instead;
    * ``Y_b <= t_b sigma_b`` with ``t_b = (1 - mu)(t_{X_b} + cost_b)/c + mu (t_{rho_b} + a_rho t_I)/c_rho``, every
      ratio proven by :func:`ratio_bounds` (a ``sigma^{-1/2}`` congruence: valid for near-singular ``sigma``).

    At radius 0 (fidelity 1) the ball is ``{rho}`` and ``t*`` is the proven ``D_max(rho||sigma)`` ratio of
    ``rho`` itself (Eq. (10)).  Returns ``+inf`` when a ``sigma_b`` is not proven positive definite or no
    repair exists.
    """
    res: dict[str, float] = {}
    n_tot = sum(x.shape[0] for x in xs)
    if len(xs) != len(rhos) or any(x.shape != rho.shape for x, rho in zip(xs, rhos)):
        return math.inf, {"psd": math.inf, "trace": math.inf, "ball": math.inf}
    xs, rhos, sigs = [herm(x) for x in xs], [herm(x) for x in rhos], [herm(x) for x in sigs]
    whs_found = [whiten(sg) for sg in sigs]
    a_x = [psd_shift(x) for x in xs]
    a_r = [psd_shift(rho) for rho in rhos]
    tau = [sum(v) for v in zip(*(trace_bounds(x) for x in xs))]
    tau_r = [sum(v) for v in zip(*(trace_bounds(x) for x in rhos))]
    res["psd"] = max(a_x)
    res["trace"] = max(abs(1 - tau[0]), abs(1 - tau[1]))
    if metric == "purified":
        fid = _fidelity_lower(xs, rhos, 0.0)
        res["ball"] = max(0.0, f - fid)
    else:
        diffs = [x - rho for x, rho in zip(xs, rhos)]
        d = sum(trace_norm_upper(dd) + math.sqrt(dd.shape[0]) * U * fro(dd) for dd in diffs)
        res["ball"] = max(0.0, d - r)
    whs = [w for w in whs_found if w is not None]
    if len(whs) < len(whs_found):
        return math.inf, res
    trho = [ratio_bounds(w, rho)[0] for w, rho in zip(whs, rhos)]
    if (r == 0 if metric != "purified" else f >= 1):  # the ball is {rho}: D^0 = D_max(rho||sigma), Eq. (10)
        return max(trho), res
    tx = [ratio_bounds(w, x) for w, x in zip(whs, xs)]
    best = math.inf
    for per_block in (True, False):
        costs, mass = [], 0.0
        for (_t_b, kappa), a, w, sg, x in zip(tx, a_x, whs, sigs, xs):
            use_sigma = per_block and kappa < a * w.t_identity
            costs.append(kappa if use_sigma else a * w.t_identity)
            mass += kappa * trace_bounds(sg)[1] if use_sigma else a * x.shape[0]
        c_lo, c_hi = (tau[0] + mass * (1 - 4 * U)) * (1 - 4 * U), (tau[1] + mass * (1 + 4 * U)) * (1 + 4 * U)
        mass *= 1 + 4 * U
        a_rho = sum(a * rho.shape[0] for a, rho in zip(a_r, rhos))
        cr_lo, cr_hi = (tau_r[0] + a_rho * (1 - 4 * U)) * (1 - 4 * U), (tau_r[1] + a_rho * (1 + 4 * U)) * (1 + 4 * U)
        a_rho *= 1 + 4 * U
        if not (c_lo > 0 and cr_lo > 0):
            continue
        mu = _mixing(metric, r, f, mass, (c_lo, c_hi), (cr_lo, cr_hi), a_rho, res, xs, rhos)
        if not 0 <= mu <= 1:
            continue
        tb = [(1 - mu) * (t_b + cost) / c_lo + (mu * (t_r + a * w.t_identity) / cr_lo if mu > 0 else 0.0)
              for (t_b, _), cost, t_r, a, w in zip(tx, costs, trho, a_r, whs)]
        best = min(best, max(tb) * (1 + 16 * U * n_tot))
    return best, res


def _mixing(metric: str, r: float, f: float, mass: float, c: tuple[float, float], cr: tuple[float, float],
            a_rho: float, res: dict[str, float], xs: list[np.ndarray], rhos: list[np.ndarray]) -> float:
    """Weight ``mu`` of ``rho_s`` that puts the repaired point in the ball (:func:`_primal_upper`); 2 if none."""
    e_rho = (max(abs(1 - cr[0]), abs(1 - cr[1])) + a_rho) * (1 + 4 * U)
    dc = max(abs(1 - c[0]), abs(1 - c[1]))
    if metric == "purified":
        # F((X+S)/c, rho) >= F(X+S, rho)/sqrt(c_hi) ... enclosed by continuity; F(rho_s, rho) likewise
        fx = _fidelity_lower(xs, rhos, mass) / math.sqrt(c[1]) if c[1] > 0 else -math.inf
        fr = _fidelity_lower(rhos, rhos, a_rho) / math.sqrt(cr[1])
        if fx >= f:
            return 0.0
        return (f - fx) / (fr - fx) * (1 + 8 * U) if fr > f else 2.0
    d = r + res["ball"] + mass + dc
    if d <= r:
        return 0.0
    return (d - r) / (d - e_rho) * (1 + 8 * U) if e_rho < r else 2.0


@verifier(kinds.DMAX_SMOOTH)
def verify_dmax_smooth(cert: Certificate, tol: float) -> Verification:
    """Re-check a ``dmax-smooth`` certificate (module docstring)."""
    rhos, sigs = _blocks(cert, "rho"), _blocks(cert, "sigma")
    metric = str(cert.meta["metric"])
    r = float(cert.meta["radius"])
    f = float(cert.meta.get("fidelity", 1.0))
    res: dict[str, float] = {"off_block": float(cert.meta.get("off_block", 0.0))}
    floor = _trace_floor(sigs)
    if metric == "purified":
        lower_t = max(floor, _dual_purified(rhos, sigs, _blocks(cert, "Y"), _blocks(cert, "M"), f))
    else:
        lower_t = _dual_trace_norm(rhos, sigs, _blocks(cert, "Y"), _blocks(cert, "Z"), r)
    lower = _log2_down(lower_t)
    upper = math.inf
    if "t" in cert.primal:
        t_up, pres = _primal_upper(rhos, sigs, _blocks(cert, "X"), metric, r, f)
        res.update(pres)  # the stored ``t`` is the solver's claim: the bound is the repaired point's own ratio
        upper = _log2_up(t_up)
    return finish(lower, upper, res, lower, upper, tol,
                  notes=f"metric={metric}, radius={r}: dual and primal repaired to exact feasibility, roundoff charged")
