r"""Compressed-SDP steps for ``D_max^eps`` at degenerate eigenvalue clusters (seed 002, Eq. (11)).

Where the low-rank search (:mod:`sdpthermo.info.dmax_smooth.lowrank`) and its SQP polish
(:mod:`sdpthermo.info.dmax_smooth.polish`) stop, both sides sit on **degenerate clusters**: the whitened
spectrum of ``rho~`` has its top eigenvalue ``t`` with multiplicity ``rank Y_b`` per block, and ``V = Y - Z``
has, besides 0, only the two eigenvalues ``lambda_max`` and ``lambda_min``, each of multiplicity several.
Per-eigenvalue constraints are not differentiable there.  Here each cluster is one small LMI of a
compressed SDP solved by an interior-point method (Clarabel, :func:`~sdpthermo.sdp.direct.solve_conic_pair`),
and the subspaces are updated between solves.  Nothing returned is trusted: the caller keeps a side only
when its exact value is better, and the verifier re-checks it.

**Dual step.**  For orthonormal ``Q_b`` (``n_b x k_b``) put ``Y_b = Q_b Y^_b Q_b^T``, ``Z_b = Q_b Z^_b Q_b^T``::

    max  sum_b tr((Y^_b - Z^_b) rho^_b) - (r/2)(s - m)
    s.t. m I <= Y^_b - Z^_b <= s I   [P^_b, N^_b],   Y^_b, Z^_b >= 0,   sum_b tr(Y^_b sigma^_b) = 1   [t],
         m <= 0 <= s   (when some block is compressed or left out)

with ``rho^_b = Q_b^T rho_b Q_b`` (likewise ``sigma^_b``).  A feasible point lifts to a dual point of Eq. (11)
(``V`` gains only zero eigenvalues, covered by ``m <= 0 <= s``; on the whole space it is that dual), valued exactly by
:func:`~sdpthermo.info.dmax_smooth.lowrank.dual_value`; the program equals the dual of Eq. (11) when
``range Q_b`` contains ``range Y*_b + range Z*_b``.  Its multipliers give ``t`` and a relaxed primal point
``rho~ = rho + Q (P^ - N^) Q^T``.  The subspaces follow one step of inverse iteration on complementary
slackness, ``(t sigma - rho~) Y = 0`` and ``rho~ Z = 0``::

    Q <- orth[A, B, (t sigma - rho~)^{-1} sigma A, rho~^{-1} rho B],   Y = A A^T,  Z = B B^T

(:func:`dual_steps`; the work ``sum_b k_b^6`` of the interior-point solves is budgeted, and blocks small
enough are taken whole, ``Q_b = I``, which is the exact dual in one solve).

**Primal step.**  For orthonormal ``F_b`` with complement ``F_p`` and ``rho~_b = rho_b + F_b M_b F_b^T`` the
two LMIs of Eq. (11) are equivalent to ``k_b x k_b`` ones (Schur complements; ``G = t sigma - rho`` with
``G_pp = F_p^T G F_p`` positive definite, ``rho > 0``)::

    t sigma - rho~ >= 0  <=>  S_G(t) - M >= 0,   S_G = L^T G L,   L = F - F_p G_pp^{-1} F_p^T G F
    rho~ >= 0          <=>  M + S_rho >= 0,    S_rho = (F^T rho^{-1} F)^{-1}

``S_G`` is concave in ``t`` with derivative ``S_G' = L^T sigma L``, so :func:`primal_program` solves
``min t`` s.t. ``S_G(t0) + (t - t0) S_G'(t0) - M >= 0``, ``M + S_rho >= 0``, ``sum_b tr M_b = 1 - tr rho``,
``sum_b tr(P_b + N_b) <= r`` (``M = P - N``, ``P, N >= 0``), at ``t0`` and again at its solution (Newton on
``t``).  It works in ``M' = T^T M T`` with ``T = S_G'^{-1/2}``, where ``t`` enters as ``t I``: the solver's
error in ``M'`` then moves the whitened spectrum by the same amount (in ``M`` it would be amplified by
``1 / lambda_min(sigma)``).  The whole top whitened cluster is the one LMI ``S_G - M >= 0``.  The point is
repaired exactly (:func:`~sdpthermo.info.dmax_smooth.hypothesis.pull_into_ball`) and valued by its exact
``2^{D_max(rho~||sigma)}``.  :func:`primal_step` takes ``F_b`` from the current point and the multipliers, or
the whole block when small enough.

**Alternating steps.**  :func:`alternate` reads each side's subspaces off the other by complementary slackness
(``Y* (t* sigma - rho~*) = 0``, ``Z* rho~* = 0``; ``P`` and ``N`` on the extreme eigenspaces of ``V*``):
the primal program on the extreme clusters of ``V``, ``range(rho~ - rho)`` and ``rho range Z``, the dual program
on the ranges of ``Y``, ``Z``, the bottom eigenvectors of ``t sigma - rho~`` and ``rho~`` and the range of the
cheapest cut of ``Y``.  The multiplier ``Z`` of ``rho~ >= 0`` has its range near the kernel of ``rho~``, i.e. on
the near-null eigenvectors of ``rho``, which no subspace built from ``Y``, ``Z`` and inverse iteration alone
tracks.  Two closed forms locate it.  For fixed ``Y`` and ``s`` the cheapest ``Z >= 0`` (least ``tr(Z rho)``)
with ``Y - Z <= s I`` is ``rho^{-1/2} (rho^{1/2} (Y - s I) rho^{1/2})_+ rho^{-1/2}`` (substitute
``Z~ = rho^{1/2} Z rho^{1/2}``: ``min tr Z~`` s.t. ``Z~ >= 0``, ``Z~ >= rho^{1/2} (Y - s I) rho^{1/2}``), so the
dual subspace takes its range.  On the primal side the extreme point ``M = -S_rho`` of ``M + S_rho >= 0`` gives
``rho~ = rho - F S_rho F^T`` with kernel ``rho^{-1} range F``, so ``Z rho~ = 0`` asks for ``rho range Z`` in
``range F``; the Schur complement ``S_rho`` accounts for the rest of the near-null space of ``rho`` exactly.

Examples
--------
>>> import numpy as np
>>> rho, sigma = np.diag([0.7, 0.2, 0.1]), np.diag([0.2, 0.3, 0.5])
>>> out = dual_program([(rho, sigma)], 0.2, {0: np.eye(3)})     # the whole space: the dual of Eq. (11)
>>> ys, zs, _, t = out
>>> from sdpthermo.info.dmax_smooth.lowrank import dual_value
>>> round(dual_value([(rho, sigma)], 0.2, ys, zs), 6), round(t, 6)   # t* = 3 (water filling)
(3.0, 3.0)
>>> t_up, xs = primal_program([(rho, sigma)], 0.2, {0: np.eye(3)}, 3.5)
>>> round(t_up, 6)
3.0
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from sdpthermo.info.dmax_smooth.hypothesis import Blocks, block_ratio, pull_into_ball
from sdpthermo.info.dmax_smooth.lowrank import dual_value
from sdpthermo.linalg.hermitian import herm, positive_part
from sdpthermo.sdp.direct import smat, solve_conic_pair, svec
from sdpthermo.sdp.options import SolveOptions

#: Clarabel's tolerances (gap and feasibility) for the compressed programs: these are small and well scaled.
CONIC_EPS = 1e-10
#: relative size (to the largest eigenvalue in modulus) below which a multiplier's eigenvalue is dropped
#: when its range seeds a subspace.
RANK_TOL = 1e-5
#: singular values below this fraction of the largest are dropped when a subspace basis is orthonormalized.
ORTH_TOL = 1e-10
#: interior-point work is ~ ``sum_b k_b^6`` per solve (dense ``svec`` blocks); the dual steps stop before the
#: next solve would push the running total past ``DUAL_WORK``, or after ``DUAL_MAX_STEPS`` solves, or after a
#: step that gains less than ``GAIN_RTOL`` (relative).
DUAL_WORK = 3e9
DUAL_MAX_STEPS = 8
GAIN_RTOL = 1e-12
#: the primal subspace keeps the multiplier ranges of ``Y``, ``Z`` down to this relative size; the program is
#: skipped when its work ``sum_b k_b^6`` exceeds ``PRIMAL_WORK``.
PRIMAL_RANK_TOL = 1e-2
PRIMAL_WORK = 1e9
#: Newton steps on ``t`` of :func:`primal_program` (quadratic convergence: the second one is a check).
NEWTON_STEPS = 2


#: alternating steps (:func:`alternate`): the dual subspace keeps ``Z`` down to this relative size (its
#: eigenvalues between this and ``RANK_TOL`` cancel ``Y`` on near-null directions of ``rho`` and carry value),
#: and adds this many eigenvectors beyond the rank of ``Y`` (resp. ``Z``) from the bottom of ``t sigma - rho~``
#: (resp. ``rho~``); the primal subspace takes the extreme clusters of ``V`` (within ``CLUSTER_RTOL`` of
#: ``s - m``), the range of ``rho~ - rho`` and ``rho`` times the range of ``Z`` down to ``ALT_Z_TOL``.
ALT_Z_TOL = 3e-3
ALT_KERNEL_EXTRA = 0
CLUSTER_RTOL = 1e-4
#: the alternating steps stop after ``ALT_MAX_STEPS`` rounds, when a round gains less than ``ALT_GAIN_RTOL``
#: (relative, on the width in ``t``) on both sides, when the width is at most the caller's ``target`` (relative,
#: in ``t``), or before the work ``sum_b k_b^6`` of all rounds passes ``ALT_WORK``.
ALT_MAX_STEPS = 12
ALT_GAIN_RTOL = 1e-2
ALT_WORK = 4e10


def _orth(m: np.ndarray) -> np.ndarray:
    """Orthonormal basis of the column span (singular values above ``ORTH_TOL`` of the largest)."""
    u, sv, _ = np.linalg.svd(m, full_matrices=False)
    return u[:, sv > ORTH_TOL * sv[0]] if sv.size and sv[0] > 0 else u[:, :0]


def _factor(m: np.ndarray, rel: float, sign: float = 1.0) -> np.ndarray:
    """``F`` with ``F F^T`` = the part of ``sign * m`` above ``rel`` times its largest eigenvalue modulus."""
    w, u = np.linalg.eigh(herm(sign * m))
    top = float(np.abs(w).max()) if w.size else 0.0
    keep = w > rel * top if top > 0 else np.zeros(len(w), dtype=bool)
    return u[:, keep] * np.sqrt(w[keep])


def _work(bases: dict[int, np.ndarray]) -> float:
    return float(sum(q.shape[1] ** 6 for q in bases.values()))


class _Program:
    """Rows of ``A x + s = b``, ``s`` in the listed cones (Clarabel's standard form), built cone by cone."""

    def __init__(self, nx: int) -> None:
        self.nx = nx
        self.rows: list[np.ndarray] = []
        self.rhs: list[np.ndarray] = []
        self.cones: list[tuple[str, int]] = []

    def add(self, kind: str, size: int, a: np.ndarray, b: np.ndarray | list[float]) -> None:
        self.rows.append(a)
        self.rhs.append(np.asarray(b, float))
        self.cones.append((kind, size))

    def solve(self, c: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        a = sp.csc_matrix(np.vstack(self.rows))
        _, _, x, z = solve_conic_pair(c, a, np.concatenate(self.rhs), self.cones,
                                           SolveOptions(eps=CONIC_EPS, max_iters=300), threads=1)
        return (x, z) if x is not None and z is not None else None


def _layout(bases: dict[int, np.ndarray], start: int) -> tuple[dict[int, int], dict[int, int], dict[int, int], int]:
    """Variable layout of a compressed program: per block ``b`` (sorted) the basis width ``k_b``, the ``svec``
    length ``k_b (k_b + 1) / 2`` and the offset of its two ``svec`` variables, which follow ``start`` scalars;
    and the total length."""
    ks = {i: bases[i].shape[1] for i in sorted(bases)}
    nv = {i: k * (k + 1) // 2 for i, k in ks.items()}
    off, pos = {}, start
    for i in ks:
        off[i] = pos
        pos += 2 * nv[i]
    return ks, nv, off, pos


def dual_program(blocks: Blocks, r: float, qs: dict[int, np.ndarray]) -> tuple[
        list[np.ndarray], list[np.ndarray], list[np.ndarray], float] | None:
    """The compressed dual (module docstring) on the bases ``qs`` (block index -> ``Q_b``).

    Returns the lifted ``(Y, Z)`` (PSD parts of the solver's point), the lifted relaxed primal
    ``Delta = Q (P^ - N^) Q^T`` and the normalization multiplier ``t``; ``None`` if the solver fails.
    """
    act = sorted(qs)
    if not act:
        return None
    ks, nv, off, pos = _layout(qs, 0)
    js, jm = pos, pos + 1
    prog = _Program(pos + 2)
    comp = {i: (herm(qs[i].T @ blocks[i][0] @ qs[i]), herm(qs[i].T @ blocks[i][1] @ qs[i])) for i in act}
    c = np.zeros(prog.nx)  # minimize minus the objective
    norm = np.zeros((1, prog.nx))
    for i in act:
        c[off[i]:off[i] + nv[i]] = -svec(comp[i][0])
        c[off[i] + nv[i]:off[i] + 2 * nv[i]] = svec(comp[i][0])
        norm[0, off[i]:off[i] + nv[i]] = svec(comp[i][1])
    c[js], c[jm] = r / 2, -r / 2
    prog.add("zero", 1, norm, [1.0])
    if len(act) < len(blocks) or any(q.shape[1] < q.shape[0] for q in qs.values()):  # the lift's zero eigenvalues
        signs = np.zeros((2, prog.nx))
        signs[0, js], signs[1, jm] = -1.0, 1.0  # s >= 0 >= m
        prog.add("nonneg", 2, signs, [0.0, 0.0])
    for i in act:
        n, e, eye = nv[i], svec(np.eye(ks[i])), np.eye(nv[i])
        y, z = slice(off[i], off[i] + n), slice(off[i] + n, off[i] + 2 * n)
        for sgn, col in ((1.0, js), (-1.0, jm)):  # s I - (Y - Z) >= 0 [P^], (Y - Z) - m I >= 0 [N^]
            a = np.zeros((n, prog.nx))
            a[:, col] = -sgn * e
            a[:, y], a[:, z] = sgn * eye, -sgn * eye
            prog.add("psd", ks[i], a, np.zeros(n))
        for part in (y, z):  # Y^ >= 0, Z^ >= 0
            a = np.zeros((n, prog.nx))
            a[:, part] = -eye
            prog.add("psd", ks[i], a, np.zeros(n))
    out = prog.solve(c)
    if out is None:
        return None
    x, zd = out
    ys = [np.zeros_like(rho) for rho, _ in blocks]
    zs = [np.zeros_like(rho) for rho, _ in blocks]
    deltas = [np.zeros_like(rho) for rho, _ in blocks]
    zp = sum(size for kind, size in prog.cones if kind != "psd")  # the PSD blocks follow the scalar rows
    for i in act:
        n, k, q = nv[i], ks[i], qs[i]
        ys[i] = herm(q @ positive_part(smat(x[off[i]:off[i] + n], k)) @ q.T)
        zs[i] = herm(q @ positive_part(smat(x[off[i] + n:off[i] + 2 * n], k)) @ q.T)
        p_hat, n_hat = smat(zd[zp:zp + n], k), smat(zd[zp + n:zp + 2 * n], k)
        deltas[i] = herm(q @ (p_hat - n_hat) @ q.T)
        zp += 4 * n
    return ys, zs, deltas, float(zd[0])


def _solve_or_lstsq(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(a, b, rcond=None)[0]


def dual_steps(blocks: Blocks, r: float, ys: list[np.ndarray],
               zs: list[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray] | None]:
    """Inverse-iteration subspace steps of the compressed dual from ``(Y, Z)`` (module docstring).

    The first subspace is ``range Y_b + range Z_b`` on the blocks where ``Y_b != 0``.  Returns the exactly
    best of the input and every step's point, with the relaxed primal ``Delta`` of that step (``None`` when
    the input is kept).
    """
    best, deltas_best = dual_value(blocks, r, ys, zs), None
    qs = {i: _orth(np.hstack([_factor(y, RANK_TOL), _factor(z, RANK_TOL)]))
          for i, (y, z) in enumerate(zip(ys, zs)) if np.abs(y).max() > 0}
    whole = {i: np.eye(len(blocks[i][0])) for i in qs}
    if _work(whole) <= DUAL_WORK / 2:  # small blocks: the exact dual on the active blocks, in one solve
        qs = whole
    work = 0.0
    for _ in range(DUAL_MAX_STEPS):
        work += _work(qs)
        if not qs or work > DUAL_WORK:
            break
        out = dual_program(blocks, r, qs)
        if out is None:
            break
        y_new, z_new, deltas, t = out
        val = dual_value(blocks, r, y_new, z_new)
        gain = val > best * (1 + GAIN_RTOL)
        if val > best:
            ys, zs, best, deltas_best = y_new, z_new, val, deltas
        if not gain or qs is whole:
            break
        nxt = {}
        for i in qs:
            rho, sig = blocks[i]
            a, b = _factor(y_new[i], RANK_TOL), _factor(z_new[i], RANK_TOL)
            relaxed = herm(rho + deltas[i])
            nxt[i] = _orth(np.hstack([a, b, _solve_or_lstsq(t * sig - relaxed, sig @ a),
                                      _solve_or_lstsq(relaxed, rho @ b)]))
        qs = {i: q for i, q in nxt.items() if q.shape[1]}
    return ys, zs, deltas_best


def _schur(g: np.ndarray, f: np.ndarray, fp: np.ndarray) -> np.ndarray | None:
    """``L = F - F_p G_pp^{-1} F_p^T G F`` (``None`` unless ``G_pp`` is positive definite)."""
    if not fp.shape[1]:
        return f
    gpp = herm(fp.T @ g @ fp)
    try:
        chol = np.linalg.cholesky(gpp)
    except np.linalg.LinAlgError:
        return None
    k = np.linalg.solve(chol.T, np.linalg.solve(chol, fp.T @ g @ f))
    return f - fp @ k


def _inv_sqrt(a: np.ndarray) -> np.ndarray | None:
    w, v = np.linalg.eigh(herm(a))
    if not (w.size and w[0] > 0):
        return None
    return (v / np.sqrt(w)) @ v.T


def _primal_once(blocks: Blocks, r: float, fs: dict[int, np.ndarray], t0: float,
                 floor: float) -> tuple[float, list[np.ndarray]] | None:
    """One solve of the linearized program at ``t0``: its ``t`` and the unrepaired point."""
    act = sorted(fs)
    data = {}
    for i in act:
        rho, sig = blocks[i]
        f = fs[i]
        fp = np.linalg.qr(f, mode="complete")[0][:, f.shape[1]:]
        ell = _schur(t0 * sig - rho, f, fp)
        w, v = np.linalg.eigh(herm(rho))
        if ell is None or not w[0] > 0:
            return None
        s_rho = np.linalg.inv(herm(f.T @ (v / w) @ (v.T @ f)))
        tt = _inv_sqrt(ell.T @ sig @ ell)
        if tt is None:
            return None
        data[i] = (herm(tt.T @ ell.T @ (t0 * sig - rho) @ ell @ tt), herm(tt.T @ s_rho @ tt), np.linalg.inv(tt))
    ks, nv, off, pos = _layout(fs, 1)
    prog = _Program(pos)
    trace, ball = np.zeros((1, prog.nx)), np.zeros((2, prog.nx))
    for i in act:
        uu = svec(data[i][2] @ data[i][2].T)  # tr M = tr(M' U U^T), U = T^{-1}
        trace[0, off[i]:off[i] + nv[i]] = uu
        ball[0, off[i]:off[i] + nv[i]] = -uu  # tr(P + N) = tr((2 P' - M') U U^T)
        ball[0, off[i] + nv[i]:off[i] + 2 * nv[i]] = 2 * uu
    ball[1, 0] = -1.0  # t >= floor (the blocks left alone)
    prog.add("zero", 1, trace, [1.0 - sum(float(np.trace(rho)) for rho, _ in blocks)])
    prog.add("nonneg", 2, ball, [r, -floor])
    for i in act:
        n, k, (s_g, s_r, _) = nv[i], ks[i], data[i]
        eye, e = np.eye(n), svec(np.eye(k))
        m, p = slice(off[i], off[i] + n), slice(off[i] + n, off[i] + 2 * n)
        a = np.zeros((n, prog.nx))  # S_G' + (t - t0) I - M' >= 0
        a[:, 0], a[:, m] = -e, eye
        prog.add("psd", k, a, svec(s_g - t0 * np.eye(k)))
        a = np.zeros((n, prog.nx))  # M' + S_rho' >= 0
        a[:, m] = -eye
        prog.add("psd", k, a, svec(s_r))
        a = np.zeros((n, prog.nx))  # P' >= 0
        a[:, p] = -eye
        prog.add("psd", k, a, np.zeros(n))
        a = np.zeros((n, prog.nx))  # P' - M' >= 0 (N = P - M)
        a[:, p], a[:, m] = -eye, eye
        prog.add("psd", k, a, np.zeros(n))
    c = np.zeros(prog.nx)
    c[0] = 1.0
    out = prog.solve(c)
    if out is None:
        return None
    x = out[0]
    xs = [rho for rho, _ in blocks]
    for i in act:
        u = data[i][2]
        xs[i] = herm(blocks[i][0] + fs[i] @ (u.T @ smat(x[off[i]:off[i] + nv[i]], ks[i]) @ u) @ fs[i].T)
    return float(x[0]), xs


def primal_program(blocks: Blocks, r: float, fs: dict[int, np.ndarray],
                   t0: float) -> tuple[float, list[np.ndarray]]:
    """Best repaired point of the Schur-compressed primal on the bases ``fs`` (module docstring), Newton on
    ``t`` from ``t0``; ``(inf, rho)`` when no solve succeeds.  The returned ``t`` is the point's exact ratio.
    """
    rest = [i for i in range(len(blocks)) if i not in fs]
    floor = block_ratio([blocks[i][0] for i in rest], [blocks[i] for i in rest]) if rest else 0.0
    best_t, best_xs = math.inf, [rho for rho, _ in blocks]
    for _ in range(NEWTON_STEPS):
        out = _primal_once(blocks, r, fs, t0, floor)
        if out is None:
            break
        t_lin, xs = out
        xs = pull_into_ball(xs, blocks, r)
        t_new = block_ratio(xs, blocks)
        if t_new < best_t:
            best_t, best_xs = t_new, xs
        t0 = t_lin
    return best_t, best_xs


def primal_step(blocks: Blocks, r: float, xs: list[np.ndarray], ys: list[np.ndarray], zs: list[np.ndarray],
                deltas: list[np.ndarray] | None, t0: float) -> tuple[float, list[np.ndarray]]:
    """:func:`primal_program` on ``F_b = orth[range(rho~_b - rho_b), range Y_b, range Z_b, range Delta_b]``
    over the blocks where ``Y_b != 0`` (``Y``, ``Z`` down to ``PRIMAL_RANK_TOL``; ``Delta``: the relaxed primal
    of :func:`dual_program`, if given), from the current point ``xs`` with ratio ``t0``; ``(inf, xs)`` when the
    program is too large (work above ``PRIMAL_WORK``) or fails."""
    whole = {i: np.eye(len(rho)) for i, ((rho, _), y) in enumerate(zip(blocks, ys)) if np.abs(y).max() > 0}
    if whole and _work(whole) <= PRIMAL_WORK / 2:  # small blocks: the exact primal on the active blocks
        return primal_program(blocks, r, whole, t0)
    fs = {}
    for i, ((rho, _), x, y, z) in enumerate(zip(blocks, xs, ys, zs)):
        if np.abs(y).max() > 0:
            cols = [_factor(x - rho, RANK_TOL), _factor(x - rho, RANK_TOL, -1.0), _factor(y, PRIMAL_RANK_TOL),
                    _factor(z, PRIMAL_RANK_TOL)]
            if deltas is not None:
                cols += [_factor(deltas[i], RANK_TOL), _factor(deltas[i], RANK_TOL, -1.0)]
            f = _orth(np.hstack(cols))
            if f.shape[1]:
                fs[i] = f
    if not fs or _work(fs) > PRIMAL_WORK:
        return math.inf, xs
    return primal_program(blocks, r, fs, t0)


def _bottom(m: np.ndarray, count: int) -> np.ndarray:
    """Eigenvectors of the ``count`` smallest eigenvalues of the symmetric ``m``."""
    return np.linalg.eigh(herm(m))[1][:, :count]


def _cap_range(rho: np.ndarray, y: np.ndarray, s: float) -> np.ndarray:
    """Range of the cheapest ``Z >= 0`` with ``Y - Z <= s I``: ``Z = rho^{-1/2} (rho^{1/2} (Y - s I) rho^{1/2})_+
    rho^{-1/2}`` minimizes ``tr(Z rho)`` (substitute ``Z~ = rho^{1/2} Z rho^{1/2}``: ``min tr Z~`` s.t. ``Z~ >= 0``,
    ``Z~ >= rho^{1/2} (Y - s I) rho^{1/2}``), so its range is ``rho^{-1/2}`` times the positive eigenvectors of
    ``rho^{1/2} (Y - s I) rho^{1/2}`` (empty unless ``rho > 0``)."""
    w, u = np.linalg.eigh(herm(rho))
    if not (w.size and w[0] > 0):
        return u[:, :0]
    half = (u * np.sqrt(w)) @ u.T
    wc, uc = np.linalg.eigh(herm(half @ (y - s * np.eye(len(rho))) @ half))
    return (u / np.sqrt(w)) @ (u.T @ uc[:, wc > 0])


def _primal_bases(blocks: Blocks, act: list[int], xs: list[np.ndarray], ys: list[np.ndarray],
                  zs: list[np.ndarray], deltas: list[np.ndarray] | None) -> dict[int, np.ndarray]:
    """``F_b = orth[top cluster of V_b, bottom cluster of V_b, range(rho~_b - rho_b), rho_b range Z_b, range Delta_b]``
    (``V = Y - Z``; the clusters within ``CLUSTER_RTOL (s - m)`` of the extremes ``s``, ``m`` over all blocks; ``Z``
    down to ``ALT_Z_TOL``; ``Delta``: the relaxed primal of the last :func:`dual_program`, if any): by complementary
    slackness ``P`` lives on the top and ``N`` on the bottom cluster of an optimal ``V``, and ``range Z`` in the
    kernel of ``rho~``, which is ``rho^{-1} range F`` at the extreme point ``M = -S_rho`` (module docstring)."""
    eig = {i: np.linalg.eigh(herm(ys[i] - zs[i])) for i in act}
    s, m = max(float(w[-1]) for w, _ in eig.values()), min(float(w[0]) for w, _ in eig.values())
    gap = CLUSTER_RTOL * (s - m)
    fs = {}
    for i in act:
        w, u = eig[i]
        d = xs[i] - blocks[i][0]
        cols = [u[:, w > s - gap], u[:, w < m + gap], _factor(d, RANK_TOL), _factor(d, RANK_TOL, -1.0),
                blocks[i][0] @ _factor(zs[i], ALT_Z_TOL)]
        if deltas is not None:
            cols += [_factor(deltas[i], RANK_TOL), _factor(deltas[i], RANK_TOL, -1.0)]
        f = _orth(np.hstack(cols))
        if f.shape[1]:
            fs[i] = f
    return fs


def _dual_bases(blocks: Blocks, act: list[int], t: float, xs: list[np.ndarray], ys: list[np.ndarray],
                zs: list[np.ndarray]) -> dict[int, np.ndarray]:
    """``Q_b = orth[range Y_b, range Z_b, bottom of t sigma_b - rho~_b, bottom of rho~_b, C_b]``: by complementary
    slackness an optimal ``Y`` lives on the kernel of ``t* sigma - rho~*`` and ``Z`` on that of ``rho~*``; the bottom
    eigenvectors of the current point span those kernels and the directions they move in; ``C_b`` is the range of
    the cheapest ``Z`` with ``Y - Z <= s I`` (:func:`_cap_range`, ``s = max_b lambda_max(V_b)``)."""
    s = max(float(np.linalg.eigvalsh(herm(ys[i] - zs[i]))[-1]) for i in act)
    qs = {}
    for i in act:
        rho, sig = blocks[i]
        a, b = _factor(ys[i], RANK_TOL), _factor(zs[i], ALT_Z_TOL)
        q = _orth(np.hstack([a, b, _bottom(t * sig - xs[i], a.shape[1] + ALT_KERNEL_EXTRA),
                             _bottom(xs[i], b.shape[1] + ALT_KERNEL_EXTRA), _cap_range(rho, ys[i], s)]))
        if q.shape[1]:
            qs[i] = q
    return qs


def alternate(blocks: Blocks, r: float, t: float, xs: list[np.ndarray], ys: list[np.ndarray],
              zs: list[np.ndarray], target: float = 0.0) -> tuple[float, list[np.ndarray], list[np.ndarray],
                                                                   list[np.ndarray]]:
    r"""Alternating compressed steps, each side's subspace read off the other side by complementary slackness.

    At an optimum of Eq. (11), ``Y* (t* sigma - rho~*) = 0``, ``Z* rho~* = 0`` and ``rho~* - rho = P - N`` with ``P``
    on the eigenspace of ``lambda_max(V*)`` and ``N`` on that of ``lambda_min(V*)``.  From a primal point
    ``(t, rho~)`` and a dual point ``(Y, Z)`` each round solves

    * :func:`primal_program` on ``F_b`` = the extreme clusters of ``V_b``, ``range(rho~_b - rho_b)``,
      ``rho_b range Z_b`` and the range of the last dual program's relaxed primal ``Delta_b``, then
    * :func:`dual_program` on ``Q_b`` = ``range Y_b``, ``range Z_b`` (down to ``ALT_Z_TOL``), the bottom
      eigenvectors of ``t sigma_b - rho~_b`` and of ``rho~_b`` and the range of the cheapest ``Z`` with
      ``Y - Z <= s I`` (module docstring),

    on the blocks where ``Y_b != 0``.  The primal program handles the near-null space of ``rho`` exactly through
    its Schur complements, and the subspaces stay small (about twice the cluster sizes plus the significant
    rank of ``Z``).  Each side is replaced only when its exact value improves (primal: the repaired point's exact
    ratio; dual: :func:`~sdpthermo.info.dmax_smooth.lowrank.dual_value`).  The rounds stop once
    ``t <= (1 + target) g(Y, Z)`` (``target = 0``: only the limits ``ALT_MAX_STEPS``, ``ALT_GAIN_RTOL``,
    ``ALT_WORK``).  Returns ``(t, rho~, Y, Z)``.

    Examples
    --------
    >>> import numpy as np
    >>> rho, sigma = np.diag([0.7, 0.2, 0.1]), np.diag([0.2, 0.3, 0.5])
    >>> xs = [np.diag([0.6, 0.25, 0.15])]           # feasible: ||rho~ - rho||_1 = 0.2, ratio 3
    >>> ys, zs = [np.diag([1 / 0.2, 0, 0])], [np.zeros((3, 3))]
    >>> t, xs, ys, zs = alternate([(rho, sigma)], 0.2, 3.0, xs, ys, zs)
    >>> round(t, 6), round(dual_value([(rho, sigma)], 0.2, ys, zs), 6)    # t* = 3 (water filling)
    (3.0, 3.0)
    """
    act = [i for i, y in enumerate(ys) if np.abs(y).max() > 0]
    if not act:
        return t, xs, ys, zs
    best = dual_value(blocks, r, ys, zs)
    work = 0.0
    deltas: list[np.ndarray] | None = None
    for _ in range(ALT_MAX_STEPS):
        width = t - best
        if width <= target * best:
            break
        fs = _primal_bases(blocks, act, xs, ys, zs, deltas)
        work += _work(fs)
        if not fs or work > ALT_WORK:
            break
        t_new, xs_new = primal_program(blocks, r, fs, t)
        if t_new < t:
            t, xs = t_new, xs_new
        qs = _dual_bases(blocks, act, t, xs, ys, zs)
        work += _work(qs)
        if not qs or work > ALT_WORK:
            break
        out = dual_program(blocks, r, qs)
        if out is not None:
            val = dual_value(blocks, r, out[0], out[1])
            if val > best:
                ys, zs, best, deltas = out[0], out[1], val, out[2]
        if t - best > width * (1 - ALT_GAIN_RTOL):
            break
    return t, xs, ys, zs
