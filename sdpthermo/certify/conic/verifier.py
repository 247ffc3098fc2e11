r"""Verifier for kind ``conic``: rigorous bounds on any LP/SOCP/SDP in cvxpy's conic standard form.

The certificate stores the standard form cvxpy builds (``problem``: ``c``, ``b``, ``A`` as COO
arrays ``A_row, A_col, A_val``; ``meta``: shape, cones, objective sign and offset) and the solver's
points in its coordinates (``primal``: ``x``, a strictly feasible ``x_slater``; ``dual``: ``y``,
a strictly feasible ``y_slater``)::

    (P)  p* = min c'x   s.t.  A x + s = b,  s in K          (D)  max -b'y  s.t.  A'y + c = 0,  y in K*

Bounds in the style of Jansson, Chaykin and Keil (SIAM J. Numer. Anal. 46, 180 (2007), Theorems
3.1-3.2; VSDP), with every residual charged, never trusted:

* **lower** (from ``y``): project ``y`` onto ``K*`` (``y~``) and let ``r = A'y~ + c``.  Every feasible
  ``x`` obeys ``c'x = -b'y~ + y~'s + r'x``, hence
  ``p* >= -b'y~ + sum_j min(0, lambda_min(y~_j)) T_j - ||r||_2 X`` with ``T_j`` an a-priori bound on
  ``tr s_j`` and ``X >= ||x||_2`` at an optimum (``X = (||b|| + sqrt2 sum_j T_j) / sigma_min(A)``).
* **upper** (from ``x``): ``s = b - A x`` is feasible for the right-hand side ``b - Delta`` with
  ``Delta = (s_zero, s_K - P_K(s_K))``; for an optimal dual ``y*``, ``p* <= c'x + |Delta'y*|``, hence
  ``p* <= c'x + sum_j max(0, -lambda_min(s_j)) T*_j + ||s_zero||_2 Y`` with ``T*_j >= tr y*_j`` and
  ``Y >= ||y*_zero||_2``.

The a-priori bounds come from ``meta["primal_bound"]`` / ``meta["dual_bound"]`` when the user gave
them, and otherwise from Slater points, checked here from scratch: a strictly feasible dual point
``y0`` (``lambda_min(y0_j) = nu_j > 0``) bounds every near-optimal primal point,
``sum_j nu_j tr s_j <= U0 + b'y0 + ||A'y0 + c|| ||x||``, with ``U0`` the objective of a strictly
feasible primal point ``x0``; ``x0`` (``lambda_min(s0_j) = mu_j > 0``) bounds every optimal dual,
``sum_j mu_j tr y*_j <= c'x0 - lower``.  Structure makes these points exist: a PSD block whose
trace an equality fixes (a density matrix, a Choi matrix with fixed partial trace) or a box gives
a strictly feasible dual.  Where neither is available the side is infinite and ``notes`` says why.
``meta["transform"] = "-log2"`` reports ``-log2`` of the optimum (e.g. a min-entropy, bits).

Infeasible (``meta["claim"] = "infeasible"``): ``y~ in K*`` with ``b'y~ < 0`` proves that no primal
point has ``||x||_2 < -b'y~ / ||A'y~||`` (Farkas); unbounded (``"unbounded"``): ``x`` with
``c'x < 0`` and ``-A x`` in ``K`` up to ``Delta`` proves that no dual point has
``||y||_2 < -c'x / ||Delta||``.  Both are reported as conclusions, the bounds stay infinite.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> # min x  s.t.  x >= 1, x <= 3   (A x + s = b with A = [-1, 1]', b = [-1, 3], K = R_+^2)
>>> prob = {"c": np.array([1.0]), "b": np.array([-1.0, 3.0]), "A_row": np.array([0, 1]),
...         "A_col": np.array([0, 0]), "A_val": np.array([-1.0, 1.0])}
>>> meta = {"shape": [2, 1], "cones": {"z": 0, "l": 2, "q": [], "s": [], "triangle": "upper"},
...         "sign": 1, "offset": 0.0, "claim": "optimal"}
>>> cert = Certificate(kind=kinds.CONIC, sense="min", primal={"x": np.array([1.0]), "x_slater": np.array([2.0])},
...                    dual={"y": np.array([1.0, 0.0]), "y_slater": np.array([2.0, 1.0])}, problem=prob,
...                    convention="cvxpy standard form", meta=meta)
>>> v = verify_conic(cert, 1e-6)
>>> v.passed, abs(v.lower - 1) < 1e-12, abs(v.upper - 1) < 1e-12
(True, True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, verifier
from sdpthermo.certify.conic.cones import SQRT2, Cones
from sdpthermo.conventions import EPS_MACHINE
from sdpthermo.results import Certificate, Verification

TRANSFORMS = (None, "-log2")
DEPENDENT = "the equality constraints are linearly dependent (beyond exact duplicates): remove redundant ones"
INCONSISTENT = ("the equality constraints are inconsistent (a Hermitian expression set equal to data that is not "
                "exactly Hermitian? symmetrize it: (M + M^H)/2)")


@dataclass(frozen=True)
class StandardForm:
    """``min c'x  s.t.  A x + s = b, s in K`` with ``A`` in COO form (numpy only)."""

    c: np.ndarray
    b: np.ndarray
    row: np.ndarray
    col: np.ndarray
    val: np.ndarray
    cones: Cones

    @property
    def m(self) -> int:
        """Number of rows of ``A`` (length of ``b`` and ``s``)."""
        return int(self.b.size)

    @property
    def n(self) -> int:
        """Number of columns of ``A`` (length of ``c`` and ``x``)."""
        return int(self.c.size)

    def Ax(self, x: np.ndarray) -> np.ndarray:
        """``A x``."""
        return np.bincount(self.row, weights=self.val * x[self.col], minlength=self.m)

    def ATy(self, y: np.ndarray) -> np.ndarray:
        """``A^T y``."""
        return np.bincount(self.col, weights=self.val * y[self.row], minlength=self.n)

    def absAx(self, x: np.ndarray) -> np.ndarray:
        """``|A| |x|`` entrywise sums (the scale of the roundoff of ``A x``)."""
        return np.bincount(self.row, weights=np.abs(self.val * x[self.col]), minlength=self.m)

    def absATy(self, y: np.ndarray) -> np.ndarray:
        """``|A|^T |y|`` entrywise sums (the scale of the roundoff of ``A^T y``)."""
        return np.bincount(self.col, weights=np.abs(self.val * y[self.row]), minlength=self.n)

    def dense(self) -> np.ndarray:
        """``A`` as a dense ``m x n`` array."""
        flat = np.bincount(self.row * self.n + self.col, weights=self.val, minlength=self.m * self.n)
        return flat.reshape(self.m, self.n)

    def gamma(self) -> float:
        """Relative roundoff of one inner product of this problem (a safe ``k eps`` with ``k`` the longest sum)."""
        k = max(self.m, self.n, 1)
        return 2.0 * (k + 2) * EPS_MACHINE


def standard_form(cert: Certificate) -> StandardForm:
    """The standard form ``min c'x  s.t.  A x + s = b, s in K`` stored in a ``conic`` certificate's problem data
    (shapes checked against ``meta``; a ``ValueError`` otherwise).
    """
    p, meta = cert.problem, cert.meta
    m, n = (int(d) for d in meta["shape"])
    sf = StandardForm(c=np.asarray(p["c"], float), b=np.asarray(p["b"], float),
                      row=np.asarray(p["A_row"], np.int64), col=np.asarray(p["A_col"], np.int64),
                      val=np.asarray(p["A_val"], float), cones=Cones.from_meta(meta["cones"]))
    if sf.c.shape != (n,) or sf.b.shape != (m,) or sf.cones.size != m:
        raise ValueError(f"conic certificate: shapes c {sf.c.shape}, b {sf.b.shape}, cones {sf.cones.size} "
                         f"do not match A {m}x{n}")
    if sf.row.size and (sf.row.min() < 0 or sf.row.max() >= m or sf.col.min() < 0 or sf.col.max() >= n):
        raise ValueError("conic certificate: A indices out of range")
    return sf


def sigma_min(a: np.ndarray) -> float:
    """A lower bound on ``min ||a x||_2`` over unit ``x``, covering roundoff (0 when ``a`` is wider than tall)."""
    if a.size == 0:
        return math.inf
    if a.shape[0] < a.shape[1]:
        return 0.0
    g = a.T @ a
    lam = float(np.linalg.eigvalsh(g)[0])
    err = 4 * (g.shape[0] + 2) * EPS_MACHINE * float(np.sum(a * a))
    return math.sqrt(lam - err) if lam > err else 0.0


def _vec(d: dict[str, np.ndarray], key: str, size: int) -> np.ndarray | None:
    v = d.get(key)
    if v is None:
        return None
    v = np.asarray(v)
    if v.shape != (size,) or v.dtype.kind not in "fi" or not np.all(np.isfinite(v)):
        return None
    return v.astype(float)


def _charge(lam: np.ndarray, bound: np.ndarray) -> float:
    """``sum_j max(0, -lam_j) * bound_j`` with ``0 * inf = 0``."""
    neg = np.maximum(0.0, -lam)
    hit = neg > 0
    return float(np.sum(neg[hit] * bound[hit])) if hit.any() else 0.0


def _distinct_equalities(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, bool]:
    """Rows of ``a x = b`` left after dropping ``0 = 0`` rows and exact duplicates up to sign (cvxpy emits
    both for Hermitian variables), and whether the dropped rows are exactly consistent with the kept ones."""
    if a.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), True
    nz = np.abs(a) > 0
    has = nz.any(axis=1)
    if np.any(b[~has] != 0):
        return np.zeros(0, dtype=np.int64), False
    first = np.where(has, a[np.arange(a.shape[0]), np.argmax(nz, axis=1)], 1.0)
    flip = np.where(first < 0, -1.0, 1.0)
    rows = np.hstack([a * flip[:, None], (b * flip)[:, None]])[has] + 0.0  # -0.0 -> 0.0: unique compares bytes
    idx = np.flatnonzero(has)
    _, keep = np.unique(rows, axis=0, return_index=True)
    _, keep_a = np.unique(rows[:, :-1], axis=0, return_index=True)
    return np.sort(idx[keep]), keep.size == keep_a.size


class _Ctx:
    """Quantities shared by both sides: norms and smallest singular values, computed once."""

    def __init__(self, sf: StandardForm) -> None:
        self.sf = sf
        z = sf.cones.z
        dense = sf.dense()
        self.sigma_A = sigma_min(dense)
        self.keep_z, self.consistent = np.arange(z), True
        self.sigma_z = sigma_min(dense[:z].T) if z else math.inf  # A_zero' injective: independent equalities
        if self.sigma_z == 0.0:  # dependent equalities: drop 0 = 0 rows and exact duplicates, then retry
            self.keep_z, self.consistent = _distinct_equalities(dense[:z], sf.b[:z])
            self.sigma_z = sigma_min(dense[self.keep_z].T) if self.keep_z.size else math.inf
            if not self.consistent:
                self.sigma_z = 0.0
        self.norm_AK = float(np.linalg.norm(dense[z:]))
        self.norm_b = float(np.linalg.norm(sf.b))
        self.norm_c = float(np.linalg.norm(sf.c))
        self.g = sf.gamma()


def _upper0(ctx: _Ctx, x0: np.ndarray | None) -> tuple[float, np.ndarray, float, str]:
    """From a strictly feasible primal point: ``(U0 >= p*, mu_j > 0, c'x0 + ||c|| delta, why-not)``."""
    sf, K = ctx.sf, ctx.sf.cones
    if x0 is None:
        return math.inf, np.zeros(0), math.inf, "no strictly feasible primal point in the certificate"
    s0 = sf.b - sf.Ax(x0)
    s0_err = ctx.g * (np.abs(sf.b) + sf.absAx(x0))
    z, kz = K.z, ctx.keep_z
    res_z = float(np.linalg.norm(s0[kz]) + np.linalg.norm(s0_err[kz]))
    if z and ctx.sigma_z == 0.0:
        return math.inf, np.zeros(0), math.inf, DEPENDENT if ctx.consistent else INCONSISTENT
    delta = res_z / ctx.sigma_z if z else 0.0
    lam, _ = K.lam_min(s0)
    mu = lam - ctx.norm_AK * delta - float(np.linalg.norm(s0_err[z:]))
    if K.n_blocks and mu.min() <= 0:
        return math.inf, mu, math.inf, "no strictly feasible primal point found (Slater)"
    cx0 = float(sf.c @ x0) + ctx.g * float(np.abs(sf.c) @ np.abs(x0)) + ctx.norm_c * delta
    return cx0, mu, cx0, ""


def _primal_bounds(ctx: _Ctx, cert: Certificate, U0: float, why_x0: str) -> tuple[np.ndarray, float, str]:
    """``T_j >= tr s_j`` and ``X >= ||x||_2`` at near-optimal primal points, and why they are infinite."""
    sf, K = ctx.sf, ctx.sf.cones
    nb = K.n_blocks
    user = cert.meta.get("primal_bound")
    if user is not None:
        T = np.full(nb, float(user))
        X = (ctx.norm_b + SQRT2 * float(T.sum())) / ctx.sigma_A if ctx.sigma_A > 0 else math.inf
        why = "" if math.isfinite(X) else "A is not injective: no bound on the free variables"
        return T, X, why
    inf = np.full(nb, math.inf)
    if ctx.sigma_A == 0.0:
        return inf, math.inf, "A is not injective (a free direction): pass primal_bound"
    if nb == 0:  # equalities only: x = A^+ b
        return np.zeros(0), ctx.norm_b / ctx.sigma_A, ""
    if not math.isfinite(U0):
        return inf, math.inf, f"{why_x0}: pass primal_bound"
    y0 = _vec(cert.dual, "y_slater", sf.m)
    if y0 is None:
        return inf, math.inf, "no strictly feasible dual point: pass primal_bound"
    nu, _ = K.lam_min(y0)
    r0 = sf.ATy(y0) + sf.c
    r0n = float(np.linalg.norm(r0)) + ctx.g * float(np.linalg.norm(sf.absATy(y0) + np.abs(sf.c)))
    nu_min = float(nu.min())
    if nu_min <= 0:
        return inf, math.inf, "no strictly feasible dual point found (Slater): pass primal_bound"
    by0 = float(sf.b @ y0) + ctx.g * float(np.abs(sf.b) @ np.abs(y0))
    den = 1.0 - SQRT2 * r0n / (nu_min * ctx.sigma_A)
    if den <= 0:
        return inf, math.inf, "the dual Slater point violates its equalities too much: pass primal_bound"
    W0 = max(0.0, U0 + by0)
    X = (ctx.norm_b + SQRT2 * W0 / nu_min) / ctx.sigma_A / den
    W = W0 + r0n * X
    return W / nu, X, ""


def _dual_bounds(ctx: _Ctx, cert: Certificate, mu: np.ndarray, cx0: float, lower: float, why_x0: str
                 ) -> tuple[np.ndarray, float, str]:
    """``T*_j >= tr y*_j`` and ``Y >= ||y*_zero||_2`` for some optimal dual ``y*``, and why they are infinite."""
    K = ctx.sf.cones
    nb = K.n_blocks
    user = cert.meta.get("dual_bound")
    if user is not None:
        return np.full(nb, float(user)), float(user), ""
    inf = np.full(nb, math.inf)
    if not math.isfinite(cx0):
        return inf, math.inf, f"{why_x0}: pass dual_bound"
    if not math.isfinite(lower):
        return inf, math.inf, "the lower bound is infinite, so the dual is not bounded: pass dual_bound"
    G = max(0.0, cx0 - lower)
    T = G / mu if nb else np.zeros(0)
    if ctx.keep_z.size:
        Y = (ctx.norm_c + ctx.norm_AK * SQRT2 * (G / float(mu.min()) if nb else 0.0)) / ctx.sigma_z
    else:
        Y = 0.0
    return T, Y, ""


def _infeasible(ctx: _Ctx, y: np.ndarray, tol: float) -> Verification:
    sf, K = ctx.sf, ctx.sf.cones
    yp = K.project(y)
    lam, _ = K.lam_min(yp)
    by = float(sf.b @ yp) + ctx.g * float(np.abs(sf.b) @ np.abs(yp))
    r = float(np.linalg.norm(sf.ATy(yp))) + ctx.g * float(np.linalg.norm(sf.absATy(yp)))
    ok = by < 0 and (lam.size == 0 or lam.min() >= 0)
    radius = (-by / r if r > 0 else math.inf) if ok else 0.0
    rel = r / -by if ok else math.inf
    return finish(math.nan, math.nan, {"farkas_residual": rel}, -math.inf, math.inf, tol,
                  notes=f"primal infeasible: no point with ||x||_2 < {radius:.3g}" if ok else
                  "the Farkas vector does not certify infeasibility",
                  extra_ok=ok, conclusions={"infeasible_within_radius": _json_num(radius)})


def _unbounded(ctx: _Ctx, x: np.ndarray, tol: float) -> Verification:
    sf, K = ctx.sf, ctx.sf.cones
    cx = float(sf.c @ x) + ctx.g * float(np.abs(sf.c) @ np.abs(x))
    sd = -sf.Ax(x)
    err = ctx.g * sf.absAx(x)
    lam, _ = K.lam_min(sd)
    # -c'x = y'A x <= ||y||_2 ||(sd_zero, ||P_K(-sd_j)||_2)||_2 for every dual feasible y (Cauchy-Schwarz)
    viol = math.hypot(float(np.linalg.norm(sd[:K.z])),
                      float(np.linalg.norm(np.maximum(0.0, -lam) * K.frobenius_factor()))) + float(np.linalg.norm(err))
    ok = cx < 0
    radius = (-cx / viol if viol > 0 else math.inf) if ok else 0.0
    return finish(math.nan, math.nan, {"ray_residual": viol / -cx if ok else math.inf}, -math.inf, math.inf,
                  tol, notes=f"dual infeasible: no dual point with ||y||_2 < {radius:.3g}" if ok else
                  "the ray does not certify unboundedness", extra_ok=ok,
                  conclusions={"dual_infeasible_within_radius": _json_num(radius)})


def _report(lo: float, hi: float, meta: dict[str, Any]) -> tuple[float, float]:
    """Map bounds on ``p*`` to the reported quantity: ``sign * (p* + offset)``, then the transform."""
    off = float(meta.get("offset", 0.0))
    pad = 2 * EPS_MACHINE * abs(off)
    lo, hi = lo + off - pad, hi + off + pad
    if int(meta.get("sign", 1)) < 0:
        lo, hi = -hi, -lo
    if meta.get("transform") == "-log2":
        if hi <= 0:
            return -math.inf, math.inf
        lo, hi = -math.log2(hi), (-math.log2(lo) if lo > 0 else math.inf)
    return lo, hi


def _json_num(v: float) -> float | str:
    return float(v) if math.isfinite(v) else str(v)


@verifier(kinds.CONIC)
def verify_conic(cert: Certificate, tol: float) -> Verification:
    """Verify a ``conic`` certificate (see the module docstring)."""
    sf = standard_form(cert)
    K = sf.cones
    if cert.meta.get("transform") not in TRANSFORMS:
        raise ValueError(f"conic certificate: unknown transform {cert.meta.get('transform')!r}")
    ctx = _Ctx(sf)
    claim = cert.meta.get("claim", "optimal")
    x = _vec(cert.primal, "x", sf.n)
    y = _vec(cert.dual, "y", sf.m)
    if claim == "infeasible":
        if y is None:
            raise ValueError("conic certificate: the infeasibility claim needs a dual ray y")
        return _infeasible(ctx, y, tol)
    if claim == "unbounded":
        if x is None:
            raise ValueError("conic certificate: the unboundedness claim needs a primal ray x")
        return _unbounded(ctx, x, tol)
    if x is None or y is None:
        raise ValueError("conic certificate: primal x and dual y must be finite vectors of the standard form's size")
    z = K.z
    U0, mu, cx0, why_x0 = _upper0(ctx, _vec(cert.primal, "x_slater", sf.n))

    # lower bound from the dual point
    yp = K.project(y)
    lam_y, _ = K.lam_min(yp)
    r = sf.ATy(yp) + sf.c
    rn = float(np.linalg.norm(r)) + ctx.g * float(np.linalg.norm(sf.absATy(yp) + np.abs(sf.c)))
    T, X, why_T = _primal_bounds(ctx, cert, U0, why_x0)
    by = float(sf.b @ yp)
    lower = -by - ctx.g * float(np.abs(sf.b) @ np.abs(yp)) - _charge(lam_y, T) - (rn * X if rn > 0 else 0.0)
    if not math.isfinite(lower):
        lower = -math.inf

    # upper bound from the primal point
    s = sf.b - sf.Ax(x)
    s_err = ctx.g * (np.abs(sf.b) + sf.absAx(x))
    lam_s, _ = K.lam_min(s)
    lam_s = lam_s - (float(np.linalg.norm(s_err[z:])) if K.n_blocks else 0.0)
    sz = float(np.linalg.norm(s[ctx.keep_z])) + float(np.linalg.norm(s_err[ctx.keep_z]))
    Tstar, Y, why_Y = _dual_bounds(ctx, cert, mu, cx0, lower, why_x0)
    cx = float(sf.c @ x)
    upper = cx + ctx.g * float(np.abs(sf.c) @ np.abs(x)) + _charge(lam_s, Tstar) + (sz * Y if sz > 0 else 0.0)
    if not math.isfinite(upper) or not ctx.consistent:  # inconsistent equalities: no feasible point at all
        upper = math.inf
        why_Y = why_Y or why_x0

    lam_raw, _ = K.lam_min(y)
    scale_b, scale_c = 1.0 + ctx.norm_b, 1.0 + ctx.norm_c
    residuals = {
        "primal_equality": float(np.linalg.norm(s[:z])) / scale_b,
        "primal_cone": float(max(0.0, -lam_s.min())) / scale_b if lam_s.size else 0.0,
        "dual_equality": float(np.linalg.norm(sf.ATy(y) + sf.c)) / scale_c,
        "dual_cone": float(max(0.0, -lam_raw.min())) / scale_c if lam_raw.size else 0.0,
    }
    if math.isfinite(lower) and math.isfinite(upper):
        residuals["gap"] = (upper - lower) / (1.0 + abs(lower) + abs(upper))
    sign = int(cert.meta.get("sign", 1))
    names = ("lower", "upper") if sign > 0 else ("upper", "lower")  # a max problem reports -(min-form bounds)
    notes = []
    if not math.isfinite(lower):
        notes.append(f"{names[0]} bound infinite: {why_T or 'the dual point is unusable'}")
    if not math.isfinite(upper):
        notes.append(f"{names[1]} bound infinite: {why_Y or 'the primal point is unusable'}")
    lo, hi = _report(lower, upper, cert.meta)
    off = float(cert.meta.get("offset", 0.0))
    return finish(sign * (cx + off), sign * (-by + off), residuals, lo, hi, tol, notes="; ".join(notes),
                  conclusions={"primal_trace_bound": _json_num(float(np.max(T)) if T.size else 0.0),
                               "x_norm_bound": _json_num(X),
                               "dual_trace_bound": _json_num(float(np.max(Tstar)) if Tstar.size else 0.0),
                               "y_zero_norm_bound": _json_num(Y)})
