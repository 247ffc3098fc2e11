r"""Certified smooth max-relative entropy ``D_max^eps(rho||sigma)`` (seed 002, Eq. (11) = (B2)); bits.

Candidates ``rho~`` are **normalized** states (``tr rho~ = 1``) for every metric; subnormalized
candidates are not admitted (they would make ``rho~ = (1 - eps/2) rho``-type points feasible and
lower the value by up to ``log2(1/(1 - eps/2))``).  Metrics (``r`` = trace-norm radius):

* ``"trace-norm"`` (default, the seed's ball): ``||rho~ - rho||_1 <= eps``, ``r = eps``, ``eps in [0, 2]``;
* ``"trace-distance"``: ``||rho~ - rho||_1 / 2 <= eps``, ``r = 2 eps``, ``eps in [0, 1]``;
* ``"purified"``: ``P(rho~, rho) = sqrt(1 - F^2) <= eps`` with ``F = ||sqrt(rho~) sqrt(rho)||_1``,
  i.e. ``F >= f := sqrt(1 - eps^2)``, ``eps in [0, 1]``.

SDP pair (trace-norm ball, blocks ``b`` of the common block structure, ``rho~ = rho + P - N``)::

    t* = min  t    s.t.  t sigma_b - rho~_b >= 0            [Y_b]   (Eq. (10) inside Eq. (11))
                         rho~_b >= 0                          [Z_b]
                         sum_b tr(P_b - N_b) = 0              (tr rho~ = 1)
                         sum_b tr(P_b + N_b) <= r,  P_b, N_b >= 0   (ball)
       = max  tr(V rho) - (r/2)(lambda_max(V) - lambda_min(V))   s.t. V = Y - Z, Y, Z >= 0, tr(Y sigma) = 1

and for the purified metric ``[[rho~_b, K_b], [K_b^†, rho_b]] >= 0 [M_b]``, ``sum_b Re tr K_b >= f [nu]``
replaces the ball, with dual ``max z - tr(M_22 rho) + nu f`` s.t.
``[[Y - zI, -nu/2 I], [-nu/2 I, M_22]] >= 0``, ``Y >= 0``, ``tr(Y sigma) = 1`` (see
:mod:`sdpthermo.certify.dmax`).  ``D_max^eps = log2 t*``.

Methods: ``"fast"`` needs no full-size SDP (:mod:`sdpthermo.info.dmax_smooth.hypothesis`): water filling
for commuting pairs (exact), otherwise the hypothesis-testing lower bound ``f(t*) = r/2`` with its spectral
feasible point (tight whenever that point is PSD), else the Schur-complement point (tight whenever
``tr (Lambda - t* sigma~)_+ <= r/2``, e.g. Heisenberg-chain Gibbs pairs at equal temperatures), else the
best of the cheap feasible points and a low-rank local search on both sides
(:mod:`sdpthermo.info.dmax_smooth.lowrank`: the case where ``rho~ >= 0`` binds, e.g. low-temperature
``rho``) followed by an SQP polish on exact constraints (:mod:`sdpthermo.info.dmax_smooth.polish`: dual
first, primal seeded from it by complementary slackness) and, where a gap remains, compressed-SDP steps
that treat each degenerate eigenvalue cluster as one small LMI (:mod:`sdpthermo.formulations.dmax.compressed`,
Clarabel on programs of a few dozen rows), last alternating between the two sides with each side's subspaces
read off the other by complementary slackness (:func:`~sdpthermo.formulations.dmax.compressed.alternate`).
These are heuristics whose output is verified like any other certificate, reported with status
``local_search`` and the solvers that ran; the widths and times they reach on Heisenberg pairs of 6, 8 and
10 spins are the output of ``benchmarks/bench_dmax.py`` (``benchmarks/results/latest.md``).  ``"sdp"`` solves the
blocked SDP above (real variables for real data).  ``"auto"`` (default) runs ``"fast"`` and falls back to
the SDP when the interval is wider than ``tol`` and the largest block is at most ``AUTO_SDP_MAX_DIM``; the
purified metric always uses the SDP.  Pairs are split into common blocks (e.g. magnetization sectors)
automatically; a commuting pair is first rotated to a common eigenbasis.
``eps = 0`` gives ``D_max`` (Eq. (10)); ``eps >= dist(rho, sigma)`` (the largest meaningful radius;
any ``eps = 2`` for the trace norm) gives ``0``, attained by ``rho~ = sigma``.

Examples
--------
>>> import numpy as np
>>> out = solve_dmax_smooth(np.diag([0.7, 0.2, 0.1]), np.diag([0.2, 0.3, 0.5]), 0.2)
>>> round(out.verification.lower, 9), round(out.verification.upper, 9), out.verified   # log2(3)
(1.584962501, 1.584962501, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from sdpthermo.certify import kinds, verify
from sdpthermo.certify.dmax import CONVENTION_SMOOTH
from sdpthermo.conventions import EPS_MACHINE, TOL_VALIDATE
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.dmax.compressed import alternate, dual_steps, primal_step
from sdpthermo.info.dmax import check_support, dmax_ratio, support_threshold
from sdpthermo.info.dmax_smooth.hypothesis import (
    Blocks,
    block_ratio,
    hypothesis_lower,
    mixed_candidates,
    pull_into_ball,
    right_point,
    schur_point,
    spectral_candidate,
    waterfill,
)
from sdpthermo.info.dmax_smooth.lowrank import dual_value, refine_dual, refine_primal
from sdpthermo.info.dmax_smooth.polish import polish_dual, polish_primal, primal_seed
from sdpthermo.linalg.common_blocks import common_blocks, off_block_norm
from sdpthermo.linalg.hermitian import herm, real_if_real
from sdpthermo.linalg.validate import as_density_matrix
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions

METRICS = ("trace-norm", "trace-distance", "purified")
METHODS = ("auto", "fast", "sdp")
#: ``method="auto"`` solves the SDP only when the largest common block is at most this size
#: (Clarabel's cost grows roughly with the sixth power of the block size).
AUTO_SDP_MAX_DIM = 48
#: a spectral candidate with ``lambda_min >= -PSD_SLACK`` counts as a state (roundoff of ``eigh``).
PSD_SLACK = 1e-13
#: bisection steps (in ``log t``) for the smallest ``t`` with a feasible Schur-complement point.
SCHUR_BISECTIONS = 40
#: the local search and its polish (many ``eigh`` of blocks of a few hundred) run with one BLAS thread when
#: every block is at most this size (faster than two threads on these blocks: ``benchmarks/bench_dmax.py``).
BLAS_SERIAL_MAX_DIM = 512
#: the smoothed low-rank primal search runs only when the polished and compressed-SDP primal stays this far
#: (relative, in ``t``) above the best dual value (it is the costliest step on large blocks).
LOCAL_PRIMAL_RGAP = 1e-4
#: the reported solver of the solver-free route when the low-rank local search runs (L-BFGS-B on a smoothing,
#: SLSQP polish): a local search whose points count only through the numpy verifier.
LOCAL_SOLVER = "scipy L-BFGS-B + SLSQP (local search), numpy verifier"
#: ... when the compressed-SDP steps at the degenerate clusters run as well (Clarabel on small programs).
COMPRESSED_SOLVER = "scipy L-BFGS-B + SLSQP (local search) + clarabel (compressed SDP), numpy verifier"
#: the compressed-SDP steps run when the polished interval is wider than this (relative, in ``t``).
COMPRESSED_RGAP = 1e-8
#: the alternating compressed steps stop once the interval is at most this wide (relative, in ``t``;
#: ``log2(1 + 5e-7)`` = 7.2e-7 bits).
ALT_TARGET_RGAP = 5e-7
#: relative margin kept inside the ball when a repaired point is mixed towards ``rho`` (absorbs roundoff),
#: and the relative tie tolerance between blocks attaining ``D_max`` at ``eps = 0``.
BALL_MARGIN = 1e-12


@dataclass(frozen=True)
class Prepared:
    """A validated pair split into common blocks and compressed to ``supp(sigma)``."""

    blocks: Blocks
    off_block: float
    commuting: bool
    dim: int

    @property
    def max_block(self) -> int:
        """Size of the largest common block."""
        return max(r.shape[0] for r, _ in self.blocks)

    @property
    def diagonal(self) -> bool:
        """Every block is ``1 x 1`` (a commuting pair)."""
        return self.max_block == 1


def check_smoothing_eps(eps: float, metric: str) -> float:
    """The smoothing radius ``eps`` in ``[0, 2]`` (trace norm) or ``[0, 1]`` (trace distance, purified distance)."""
    if metric not in METRICS:
        raise ValidationError("metric", f"unknown metric {metric!r}", f"use one of {list(METRICS)}")
    top = 2.0 if metric == "trace-norm" else 1.0
    if not (isinstance(eps, (int, float, np.floating)) and 0 <= float(eps) <= top):
        raise ValidationError("eps", f"must lie in [0, {top:g}] for metric {metric!r}, got {eps!r}",
                              f"pass 0 <= eps <= {top:g} (the largest distance between two states)")
    return float(eps)




def radius(eps: float, metric: str) -> float:
    """Trace-norm radius ``r`` of the ball (for ``purified``, of the trace-norm ball containing it: ``2 eps``)."""
    return eps if metric == "trace-norm" else 2 * eps


def _common_eigenbasis(rho: np.ndarray, sigma: np.ndarray) -> np.ndarray | None:
    """Unitary diagonalizing both (None when they do not commute or a generic combination is degenerate)."""
    scale = max(1.0, float(np.abs(rho).max()), float(np.abs(sigma).max()))
    if float(np.abs(rho @ sigma - sigma @ rho).max()) > TOL_VALIDATE * scale:
        return None
    golden = (1 + math.sqrt(5)) / 2
    _, u = np.linalg.eigh(herm(rho + golden * sigma))
    for m in (rho, sigma):
        d = u.conj().T @ m @ u
        if float(np.abs(d - np.diag(np.diag(d))).max()) > TOL_VALIDATE * scale:
            return None
    return u


def real_embedding(x: np.ndarray) -> np.ndarray:
    """``[[Re X, -Im X], [Im X, Re X]] / 2``: trace-, order- and (trace-norm, fidelity)-preserving on Hermitian ``X``.

    The optimum of Eq. (11) for embedded data is attained at an embedded point (average any
    feasible point with its conjugate by ``J = [[0, -I], [I, 0]]``), so the value is unchanged.
    """
    x = np.asarray(x, dtype=complex)
    return np.block([[x.real, -x.imag], [x.imag, x.real]]) / 2


def prepare(rho: Any, sigma: Any) -> Prepared:
    """Validate (density matrices, shapes, ``supp rho ⊆ supp sigma``), split into blocks, compress, make real.

    Each block is compressed to the eigenvalues of ``sigma_b`` above
    :func:`~sdpthermo.info.dmax.support_threshold` (exact for diagonal blocks), and ``sigma`` is scaled by
    ``1 - u`` until its trace, summed exactly, is at most 1 (a change of a few ulps that lets the
    verifier prove ``D_max^eps >= 0``).  The certificate's problem data are these blocks.
    """
    rho = as_density_matrix(rho, "rho")
    sigma = as_density_matrix(sigma, "sigma")
    if rho.shape != sigma.shape:
        raise ValidationError("sigma", f"has shape {sigma.shape} but rho has shape {rho.shape}",
                              "pass two states of the same dimension")
    check_support(rho, sigma)
    commuting = False
    if not (np.allclose(rho, np.diag(np.diag(rho))) and np.allclose(sigma, np.diag(np.diag(sigma)))):
        u = _common_eigenbasis(rho, sigma)
        if u is not None:
            rho, sigma, commuting = real_if_real(u.conj().T @ rho @ u), real_if_real(u.conj().T @ sigma @ u), True
    else:
        commuting = True
    idx = common_blocks(rho, sigma)
    off = max(off_block_norm(rho, idx), off_block_norm(sigma, idx))
    blocks = []
    for b in idx:
        rb, sb = rho[np.ix_(b, b)], sigma[np.ix_(b, b)]
        w, v = np.linalg.eigh(sb)
        keep = w > support_threshold(sb)
        if not keep.any():
            continue
        if not keep.all():
            v = v[:, keep]
            rb, sb = real_if_real(herm(v.conj().T @ rb @ v)), real_if_real(herm(v.conj().T @ sb @ v))
        if np.iscomplexobj(rb) or np.iscomplexobj(sb):
            rb, sb = real_embedding(rb), real_embedding(sb)
        blocks.append((rb, sb))
    while sum((Fraction(float(v)) for _, sb in blocks for v in np.diag(sb).real), Fraction(0)) > 1:
        blocks = [(rb, sb * (1 - EPS_MACHINE)) for rb, sb in blocks]  # tr sigma <= 1 exactly: D^eps >= 0 provable
    return Prepared(blocks=blocks, off_block=off, commuting=commuting, dim=rho.shape[0])


def build_dmax_smooth(blocks: Blocks, r: float, metric: str = "trace-norm",
                      fidelity: float = 1.0) -> tuple[Any, dict[str, Any]]:
    """cvxpy problem of the blocked primal; constraints labelled by equation (module docstring)."""
    import cvxpy as cp

    cplx = any(np.iscomplexobj(x) for pair in blocks for x in pair)  # False after :func:`prepare`
    t = cp.Variable(name="t")
    cons: dict[str, Any] = {}

    def re(e: Any) -> Any:
        return cp.real(e) if cplx else e

    def herm_var(n: int) -> Any:
        return cp.Variable((n, n), hermitian=True) if cplx else cp.Variable((n, n), symmetric=True)

    xs, extra = [], []
    if metric == "purified":
        ks = []
        for b, (rho, sig) in enumerate(blocks):
            n = rho.shape[0]
            big = herm_var(2 * n)
            x = big[:n, :n]
            cons[f"(F) [[rho~, K], [K^+, rho]] >= 0 [{b}]"] = big >> 0
            extra.append(big[n:, n:] == rho)
            cons[f"Eq. (10): t sigma - rho~ >= 0 [{b}]"] = t * sig - x >> 0
            xs.append(x)
            ks.append(big[:n, n:])
        cons["tr rho~ = 1"] = sum(re(cp.trace(x)) for x in xs) == 1
        cons["(F) Re tr K >= f"] = sum(re(cp.trace(k)) for k in ks) >= fidelity
    else:
        ps, ns = [], []
        for b, (rho, sig) in enumerate(blocks):
            n = rho.shape[0]
            p, m = herm_var(n), herm_var(n)
            x = rho + p - m
            extra += [p >> 0, m >> 0]
            cons[f"Eq. (11): rho~ >= 0 [{b}]"] = x >> 0
            cons[f"Eq. (10): t sigma - rho~ >= 0 [{b}]"] = t * sig - x >> 0
            xs.append(x)
            ps.append(p)
            ns.append(m)
        cons["tr rho~ = 1"] = sum(re(cp.trace(p - m)) for p, m in zip(ps, ns)) == 0
        cons["Eq. (11): ||rho~ - rho||_1 <= r"] = sum(re(cp.trace(p + m)) for p, m in zip(ps, ns)) <= r
    prob = cp.Problem(cp.Minimize(t), list(cons.values()) + extra)
    return prob, {"t": t, "X": xs, "constraints": cons, "complex": cplx}


def _solve_sdp(prep: Prepared, r: float, metric: str, fidelity: float,
               opts: SolveOptions) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], Status, SolverInfo, float]:
    prob, v = build_dmax_smooth(prep.blocks, r, metric, fidelity)
    solver = opts.solver or ("clarabel" if prep.max_block <= AUTO_SDP_MAX_DIM else "scs")
    status, info = run_cvxpy(prob, SolveOptions(backend=opts.backend, solver=solver, eps=opts.eps, tol=opts.tol,
                                                max_iters=opts.max_iters, extra=opts.extra))
    primal: dict[str, np.ndarray] = {}
    dual: dict[str, np.ndarray] = {}
    if not status.usable:
        return primal, dual, status, info, math.nan
    c = v["constraints"]
    k = 2.0 if v["complex"] else 1.0  # cvxpy halves the duals of Hermitian PSD constraints
    nb = len(prep.blocks)
    xs = pull_into_ball([np.asarray(x.value) for x in v["X"]], prep.blocks, r, margin=BALL_MARGIN,
                        fidelity=fidelity if metric == "purified" else None)
    primal = {f"X_{b}": real_if_real(x) for b, x in enumerate(xs)}
    primal["t"] = np.array(block_ratio(xs, prep.blocks))
    for b in range(nb):
        dual[f"Y_{b}"] = real_if_real(herm(k * np.asarray(c[f"Eq. (10): t sigma - rho~ >= 0 [{b}]"].dual_value)))
        if metric == "purified":
            m = k * np.asarray(c[f"(F) [[rho~, K], [K^+, rho]] >= 0 [{b}]"].dual_value)
            dual[f"M_{b}"] = real_if_real(herm(m))
        else:
            dual[f"Z_{b}"] = real_if_real(herm(k * np.asarray(c[f"Eq. (11): rho~ >= 0 [{b}]"].dual_value)))
    return primal, dual, status, info, float(v["t"].value)


def _fast(prep: Prepared, r: float) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, Any], Status,
                                              SolverInfo]:
    """Solver-free route (module docstring): primal, dual, data, and the status and solver of what ran.

    Closed forms and the Newton iteration of the hypothesis-testing bound are ``closed_form`` with
    ``numpy.linalg.eigh``; when the low-rank local search runs (:func:`_refined`), ``local_search`` with
    :data:`LOCAL_SOLVER` (or :data:`COMPRESSED_SOLVER`).
    """
    blocks = prep.blocks
    eigh_info = SolverInfo(name="numpy.linalg.eigh", backend="none")
    if r == 0:
        xs = [rho for rho, _ in blocks]
        t = block_ratio(xs, blocks)
        ys = []
        for rho, sig in blocks:  # the generalized eigenvector of the block attaining t
            tb, vb = dmax_ratio(rho, sig)
            ys.append(np.outer(vb, vb.conj()) if tb >= t * (1 - BALL_MARGIN) else np.zeros_like(rho))
        return (*_pack(xs, t, ys), {"route": "eps=0: generalized eigenvalue (Eq. (10))", "candidate_psd": True},
                Status.CLOSED_FORM, eigh_info)
    if prep.diagonal:
        p = np.array([float(rho[0, 0].real) for rho, _ in blocks])
        q = np.array([float(sig[0, 0].real) for _, sig in blocks])
        t, pt = waterfill(p, q, r)
        active = (p > t * q).astype(float) if t > 1 else np.ones_like(p)
        xs = [np.array([[x]]) for x in pt]
        return (*_pack(xs, t, [np.array([[a]]) for a in active]), {"route": "commuting: water filling (exact)",
                                                                 "candidate_psd": True}, Status.CLOSED_FORM, eigh_info)
    t_low, vs = hypothesis_lower(blocks, r)
    ys = [np.eye(rho.shape[0]) for rho, _ in blocks] if vs is None else [v @ v.conj().T for v in vs]
    t_right = 1.0 if vs is None else right_point(blocks, r, t_low)
    xs, lmin = spectral_candidate(blocks, t_right) if math.isfinite(t_right) else ([], -math.inf)
    psd = lmin >= -PSD_SLACK
    xs_s = None if psd or not math.isfinite(t_right) else schur_point(blocks, t_right, r)
    if psd:
        t_up, point = t_right, "spectral point"
    elif xs_s is not None:  # tight: no need for the mixed points
        t_up, xs, point = t_right, xs_s, "Schur-complement point"
    else:
        spectral = xs
        t_up, xs = mixed_candidates(blocks, r, t_low)
        point = "mixed point"
        t_s, xs_s = _schur_search(blocks, r, t_right, t_up)
        if xs_s is not None:
            t_up, xs, point = t_s, xs_s, "Schur-complement point"
        if vs is not None and math.isfinite(t_right):
            serial = max(rho.shape[0] for rho, _ in blocks) <= BLAS_SERIAL_MAX_DIM
            with threadpool_limits(1 if serial else None, user_api="blas"):
                primal, dual, info, name = _refined(blocks, r, t_low, t_right, (t_up, xs, point), vs, ys, spectral)
            return primal, dual, info, Status.LOCAL_SEARCH, SolverInfo(name=name, backend="none")
    return (*_pack(xs, t_up, ys), {"route": f"hypothesis-testing bound + {point}", "candidate_psd": bool(psd),
                                   "t_lower": t_low}, Status.CLOSED_FORM, eigh_info)


def _refined(blocks: Blocks, r: float, t_low: float, t_right: float, upper: tuple[float, list[np.ndarray], str],
             vs: list[np.ndarray], ys: list[np.ndarray],
             spectral: list[np.ndarray]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, Any], str]:
    """Both sides improved by the low-rank local search (:mod:`sdpthermo.info.dmax_smooth.lowrank`), its SQP
    polish (:mod:`sdpthermo.info.dmax_smooth.polish`), then, where a gap of more than ``COMPRESSED_RGAP``
    remains, the compressed-SDP steps at the degenerate clusters (:mod:`sdpthermo.formulations.dmax.compressed`)
    and the alternating compressed steps (:func:`~sdpthermo.formulations.dmax.compressed.alternate`),
    and last, where more than ``LOCAL_PRIMAL_RGAP`` remains, the smoothed low-rank primal search; each side is
    kept only when its exact value is better.  Returns the certificate parts, the data and the name
    of what ran.

    ``vs``/``ys``: the hypothesis-testing bases and projectors; ``spectral``: the spectral candidate at ``t_right``.
    """
    t_up, xs, point = upper
    zs = [np.zeros_like(y) for y in ys]
    y_loc, z_loc = refine_dual(blocks, r, vs, spectral)
    y_pol, z_pol = polish_dual(blocks, r, y_loc, z_loc)
    lower, best = "hypothesis-testing bound", dual_value(blocks, r, ys, zs)
    for y_new, z_new, name in ((y_loc, z_loc, "low-rank local dual"), (y_pol, z_pol, "SQP-polished dual")):
        val = dual_value(blocks, r, y_new, z_new)
        if val > best:
            ys, zs, lower, best = y_new, z_new, name, val
    active = [i for i, v in enumerate(vs) if v.shape[1]]
    t_pol, xs_pol = polish_primal(blocks, r, primal_seed(blocks, ys, zs), active)
    if t_pol < t_up:
        t_up, xs, point = t_pol, xs_pol, "SQP-polished point"
    solver = LOCAL_SOLVER
    if t_up > best * (1 + COMPRESSED_RGAP):
        solver = COMPRESSED_SOLVER
        duals: list[tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray] | None]] = [(ys, zs, None)]
        y_c, z_c, deltas = dual_steps(blocks, r, ys, zs)
        val = dual_value(blocks, r, y_c, z_c)
        if val > best:
            ys, zs, lower, best = y_c, z_c, "compressed-SDP dual", val
            duals.append((ys, zs, deltas))
        for y_d, z_d, d_d in duals:  # the primal subspace from each dual in turn (the second is larger)
            t_c, xs_c = primal_step(blocks, r, xs, y_d, z_d, d_d, t_up)
            if t_c < t_up:
                t_up, xs, point = t_c, xs_c, "compressed-SDP point"
        if t_up > best * (1 + COMPRESSED_RGAP):  # each side's subspace from the other (complementary slackness)
            t_a, xs_a, y_a, z_a = alternate(blocks, r, t_up, xs, ys, zs, ALT_TARGET_RGAP)
            if t_a < t_up:
                t_up, xs, point = t_a, xs_a, "compressed-SDP point"
            val = dual_value(blocks, r, y_a, z_a)
            if val > best:
                ys, zs, lower, best = y_a, z_a, "compressed-SDP dual", val
    if t_up > best * (1 + LOCAL_PRIMAL_RGAP):  # still a gap: the smoothed local search
        t_loc, xs_loc = refine_primal(blocks, r, t_right)
        if t_loc < t_up:
            t_up, xs, point = t_loc, xs_loc, "low-rank local point"
    primal, dual = _pack(xs, t_up, ys, zs)
    return primal, dual, {"route": f"{lower} + {point}", "candidate_psd": False, "t_lower": t_low}, solver


def _schur_search(blocks: Blocks, r: float, t_lo: float, t_hi: float) -> tuple[float, list[np.ndarray] | None]:
    """Smallest ``t`` in ``(t_lo, t_hi]`` (bisection in ``log t``) where :func:`schur_point` is feasible,
    given that it is not feasible at ``t_lo``."""
    if not (math.isfinite(t_lo) and t_lo < t_hi):
        return math.inf, None
    best_t, best = t_hi, schur_point(blocks, t_hi, r)
    if best is None:
        return math.inf, None
    lo, hi = math.log(t_lo), math.log(t_hi)
    for _ in range(SCHUR_BISECTIONS):
        mid = (lo + hi) / 2
        xm = schur_point(blocks, math.exp(mid), r)
        if xm is None:
            lo = mid
        else:
            hi, best_t, best = mid, math.exp(mid), xm
    return best_t, best


def _pack(xs: list[np.ndarray], t: float, ys: list[np.ndarray],
          zs: list[np.ndarray] | None = None) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    primal = {f"X_{b}": real_if_real(herm(x)) for b, x in enumerate(xs)}
    primal["t"] = np.array(float(t))
    dual = {f"Y_{b}": real_if_real(herm(y)) for b, y in enumerate(ys)}
    dual.update({f"Z_{b}": np.zeros_like(dual[f"Y_{b}"]) if zs is None else real_if_real(herm(zs[b]))
                 for b in range(len(ys))})
    return primal, dual


def solve_dmax_smooth(rho: Any, sigma: Any, eps: float, metric: str = "trace-norm", method: str = "auto",
                      opts: SolveOptions | None = None) -> Outcome:
    """Certified ``D_max^eps(rho||sigma)`` in bits as ``[lower, upper]`` (module docstring)."""
    opts = opts or SolveOptions()
    eps = check_smoothing_eps(eps, metric)
    if method not in METHODS:
        raise ValidationError("method", f"unknown method {method!r}", f"use one of {list(METHODS)}")
    prep = prepare(rho, sigma)
    r = radius(eps, metric)
    fidelity = math.sqrt(max(0.0, 1 - eps**2)) if metric == "purified" else 1.0
    problem = {f"rho_{b}": rb for b, (rb, _) in enumerate(prep.blocks)}
    problem.update({f"sigma_{b}": sb for b, (_, sb) in enumerate(prep.blocks)})
    meta = {"nblocks": len(prep.blocks), "metric": metric, "radius": r, "fidelity": fidelity, "eps": eps,
            "off_block": prep.off_block, "block_sizes": [int(rb.shape[0]) for rb, _ in prep.blocks]}

    def certify(primal: dict[str, np.ndarray], dual: dict[str, np.ndarray]) -> tuple[Certificate, Any]:
        cert = Certificate(kind=kinds.DMAX_SMOOTH, sense="min", primal=primal, dual=dual, problem=problem,
                           convention=CONVENTION_SMOOTH, meta=meta)
        return cert, verify(cert, opts.tol)

    data: dict[str, Any] = {"metric": metric, "radius": r, "nblocks": len(prep.blocks),
                            "max_block": prep.max_block, "commuting": prep.commuting}
    cert = ver = None
    if metric != "purified" and method in ("auto", "fast"):
        primal, dual, info, status, solver = _fast(prep, r)
        cert, ver = certify(primal, dual)
        data.update(info)
        value = ver.lower
    use_sdp = method == "sdp" or metric == "purified" or (
        method == "auto" and ver is not None and not ver.tight and prep.max_block <= AUTO_SDP_MAX_DIM)
    if metric == "purified" and method == "fast":
        raise ValidationError("method", "the purified metric has no solver-free route", "use method='auto' or 'sdp'")
    if use_sdp:
        primal2, dual2, status2, solver, val = _solve_sdp(prep, r, metric, fidelity, opts)
        if status2.usable:
            cert2, ver2 = certify(primal2, dual2)
            if ver is not None and cert is not None:  # keep the better side of each: any primal pairs with any dual
                best_p = primal2 if ver2.upper < ver.upper else cert.primal
                best_d = dual2 if ver2.lower > ver.lower else cert.dual
                cert2, ver2 = certify(best_p, best_d)
            cert, ver, status, value = cert2, ver2, status2, math.log2(max(val, 1.0))
            data["route"] = "blocked SDP" if "route" not in data else data["route"] + " + blocked SDP"
        elif ver is None:
            return Outcome(status=status2, value=None, certificate=None, verification=None, data=data,
                           solver=solver, message="SDP solver returned no usable point")
    assert ver is not None and cert is not None
    data.update({"gap_bits": ver.upper - ver.lower, "t_interval": [2.0**ver.lower, 2.0**ver.upper]})
    value = min(max(value, ver.lower), ver.upper)  # the solver's claim, clipped into the certified interval
    msg = "" if ver.tight else f"interval width {ver.upper - ver.lower:.3g} bits (hypothesis-testing bound not tight)"
    return Outcome(status=status, value=value, certificate=cert, verification=ver, data=data, solver=solver,
                   message=msg)
