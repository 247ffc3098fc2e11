r"""Low-rank local refinement of both bounds on ``D_max^eps`` (seed 002, Eq. (11)) when ``rho~ >= 0`` binds.

When neither the spectral nor the Schur-complement point of :mod:`sdpthermo.info.dmax_smooth.hypothesis` is a
state, the hypothesis-testing bound can be far below the value and the cheap feasible points far above
it (e.g. low-temperature Heisenberg Gibbs pairs, where ``rho`` is numerically rank deficient).  At such
optima both sides are **low rank** on the few *active* blocks ``b`` (those where ``rho_b - t sigma_b``
has a positive part): for the 6-spin pair of ``benchmarks/bench_dmax.py`` the optimal ``rho~ - rho`` has
rank 2 per active block, the multiplier ``Y`` of ``t sigma - rho~ >= 0`` rank 1 and that of ``rho~ >= 0``
(``Z``) rank 2.
This module searches those low-rank families locally (L-BFGS on a softmax smoothing of the extreme
eigenvalues, the temperature lowered in stages).  It is a heuristic: **nothing it returns is trusted**;
the caller keeps a point only when its exact value is better, and the verifier re-checks it.

Dual (lower bound).  Any ``Y = ⊕ A_b A_b^T >= 0``, ``Z = ⊕ B_b B_b^T >= 0`` gives (module
:mod:`sdpthermo.certify.dmax`, dual of Eq. (11))

.. math::

    t^* \ge g(Y, Z) = \frac{\mathrm{tr}(V\rho) - \tfrac r2\,(\lambda_{\max}(V) - \lambda_{\min}(V))}
    {\mathrm{tr}(Y\sigma)},
    \qquad V = Y - Z,

with the extreme eigenvalues over all blocks (``0`` included whenever some block of ``V`` is singular,
as it is for low rank).  :func:`refine_dual` maximizes ``g`` from the hypothesis-testing dual
(``A_b`` = positive-part eigenvectors, ``B = 0`` up to a seed).

Primal (upper bound).  ``rho~ = rho + (r/2)(A A^T / ||A||_F^2 - B B^T / ||B||_F^2)`` (supported on the
active blocks) has trace 1 and ``||rho~ - rho||_1 <= r`` by construction; :func:`refine_primal`
minimizes the (smoothed) largest whitened eigenvalue ``lambda_max(sigma_b^{-1/2} rho~_b sigma_b^{-1/2})``
plus a quadratic penalty on negative eigenvalues of ``rho~``, and returns the exactly feasible repair
(positive part, renormalized, pulled into the ball) with its exact ``t = 2^{D_max(rho~||sigma)}``.

On its own the search narrows the interval between the hypothesis-testing bound and the best cheap point
but stalls short of the optimum (smoothing and penalty are never exact).  Its role is to find the
low-rank structure: the dual it returns seeds the SQP polish of :mod:`sdpthermo.info.dmax_smooth.polish`,
and the primal search runs only when that polish leaves a gap.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.info.dmax_smooth.hypothesis import hypothesis_lower, spectral_candidate
>>> rho, sigma = np.diag([0.7, 0.2, 0.1]), np.diag([0.2, 0.3, 0.5])
>>> t_low, vs = hypothesis_lower([(rho, sigma)], 0.2)
>>> ys, zs = refine_dual([(rho, sigma)], 0.2, vs, spectral_candidate([(rho, sigma)], t_low)[0])
>>> round(dual_value([(rho, sigma)], 0.2, ys, zs), 6)   # commuting: the hypothesis dual is optimal (t* = 3)
3.0
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize

from sdpthermo.info.dmax_smooth.factors import BlockFactors
from sdpthermo.info.dmax_smooth.hypothesis import Blocks, block_ratio, excess, pull_into_ball, schur_slack
from sdpthermo.linalg.hermitian import herm

#: smoothing temperatures (relative to the current objective) of the successive L-BFGS stages.
DUAL_TAUS = (3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 1e-5, 1e-6)
#: (temperature, penalty weight) of the primal stages, both relative to the current ``t``.
PRIMAL_STAGES = ((3e-2, 1e2), (1e-2, 1e3), (3e-3, 1e4), (1e-3, 1e5), (3e-4, 1e6), (1e-4, 1e7), (1e-5, 1e8))
#: L-BFGS iterations per stage (deterministic budgets; the dominant cost is one ``eigh`` per active block).
#: The dual only has to find the low-rank structure (the SQP polish of :mod:`sdpthermo.info.dmax_smooth.polish`
#: takes it from there): ``DUAL_WORK / sum_b n_b^3`` over the active blocks, clipped to this range
#: (8 spins: 1000; 10 spins: 150).
DUAL_STAGE_ITERS = (150, 1000)
DUAL_WORK = 7e8
#: primal iterations per stage: ``PRIMAL_WORK / sum_b n_b^3`` over the active blocks, clipped to this range
#: (8 spins: 1000; 10 spins, blocks of 210-252: 150).
PRIMAL_STAGE_ITERS = (150, 1000)
PRIMAL_WORK = 1e9
#: extra columns (beyond the positive-part rank) of the dual ``A_b`` and columns of ``B_b``, and of the primal factors.
EXTRA_RANK = 2
Z_RANK = 3
#: scale of the random seed columns (relative to the hypothesis-dual columns / the factor columns).
SEED_SCALE = 1e-4
#: whitened eigenvalues per active block entering the primal softmax (the others are far below).
TOP_EIGS = 3


def softmax(vals: np.ndarray, tau: float) -> tuple[float, np.ndarray]:
    """``tau log sum exp(vals / tau)`` (a smooth upper bound on ``max vals``) and its gradient weights."""
    z = vals / tau
    m = float(z.max())
    w = np.exp(z - m)
    return tau * (m + math.log(float(w.sum()))), w / w.sum()


def _staged(fun: Callable[[np.ndarray, float, float], tuple[float, np.ndarray]], exact: Callable[[np.ndarray], float],
            x0: np.ndarray, stages: tuple[tuple[float, float], ...], iters: int) -> tuple[float, np.ndarray]:
    """Minimize ``fun(x, tau * s, pen * s)`` stage by stage (``s`` = current exact value); keep the exact best."""
    best_x, best = x0, exact(x0)
    for tau, pen in stages:
        s = max(abs(best), 1e-300)
        res = minimize(fun, best_x, args=(tau * s, pen * s), jac=True, method="L-BFGS-B", options={"maxiter": iters})
        val = exact(res.x)
        if val < best:
            best_x, best = res.x, val
    return best, best_x


def dual_value(blocks: Blocks, r: float, ys: list[np.ndarray], zs: list[np.ndarray]) -> float:
    """Exact ``g(Y, Z)`` (module docstring; ``-inf`` when ``tr(Y sigma) = 0``)."""
    num = den = 0.0
    top, bot = -math.inf, math.inf
    for (rho, sig), y, z in zip(blocks, ys, zs):
        v = herm(y - z)
        w = np.linalg.eigvalsh(v)
        top, bot = max(top, float(w[-1])), min(bot, float(w[0]))
        num += float(np.vdot(rho, v).real)  # tr(V rho) for Hermitian rho
        den += float(np.vdot(sig, y).real)
    return (num - r / 2 * (top - bot)) / den if den > 0 else -math.inf


def refine_dual(blocks: Blocks, r: float, vs: list[np.ndarray],
                spectral: list[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Local maximum of ``g`` over ``Y = A A^T``, ``Z = B B^T`` on the blocks where ``vs`` is nonempty.

    ``vs`` are the positive-part bases of the hypothesis-testing bound; the negative eigenvectors of the
    ``spectral`` candidate (:func:`~sdpthermo.info.dmax_smooth.hypothesis.spectral_candidate`) seed ``B``.
    """
    rng = np.random.default_rng(0)
    qs = sum(float(np.sum(v * (sig @ v)).real) for (_, sig), v in zip(blocks, vs))
    a0, b0 = {}, {}
    for i, ((rho, _), v) in enumerate(zip(blocks, vs)):
        if v.shape[1]:
            n = rho.shape[0]
            a0[i] = np.hstack([v.real, SEED_SCALE * rng.standard_normal((n, EXTRA_RANK))]) / math.sqrt(qs)
            w, u = np.linalg.eigh(spectral[i])  # Z multiplies rho~ >= 0: seed it where the spectral point fails
            b0[i] = np.hstack([u[:, :Z_RANK] * np.sqrt(np.clip(-w[:Z_RANK], 0, None)),
                               SEED_SCALE * rng.standard_normal((n, 1))]) / math.sqrt(qs)
    if not a0:
        return [np.zeros_like(rho) for rho, _ in blocks], [np.zeros_like(rho) for rho, _ in blocks]
    fac = BlockFactors(sorted(a0), a0, b0, 0)
    x0 = fac.pack(a0, b0, [])

    def neg_g(x: np.ndarray, tau: float, _pen: float) -> tuple[float, np.ndarray]:
        a, b, _ = fac.unpack(x)
        num = den = 0.0
        # 0 is an eigenvalue of the (low-rank) V
        lams: list[float] = [0.0]
        vecs: list[np.ndarray | None] = [None]
        where: list[int | None] = [None]
        for i in fac.active:
            rho, sig = blocks[i]
            num += float(np.sum(a[i] * (rho @ a[i])) - np.sum(b[i] * (rho @ b[i])))
            den += float(np.sum(a[i] * (sig @ a[i])))
            q, rr = np.linalg.qr(np.hstack([a[i], b[i]]))
            sign = np.r_[np.ones(a[i].shape[1]), -np.ones(b[i].shape[1])]
            w, u = np.linalg.eigh((rr * sign) @ rr.T)
            lams += list(w)
            vecs += list((q @ u).T)
            where += [i] * len(w)
        lam = np.array(lams)
        top, wt = softmax(lam, tau)
        mbot, wb = softmax(-lam, tau)
        g = (num + r / 2 * (-top - mbot)) / den
        grad_v = {i: blocks[i][0] / den for i in fac.active}
        for c1, c2, vec, blk in zip(wt, wb, vecs, where):
            if blk is not None and vec is not None:
                grad_v[blk] = grad_v[blk] - r / 2 * (c1 - c2) / den * np.outer(vec, vec)
        ga = {i: 2 * grad_v[i] @ a[i] - 2 * g / den * blocks[i][1] @ a[i] for i in fac.active}
        gb = {i: -2 * grad_v[i] @ b[i] for i in fac.active}
        return -g, -fac.pack(ga, gb, [])

    def lift(x: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        a, b, _ = fac.unpack(x)
        ys = [a[i] @ a[i].T if i in a else np.zeros_like(rho) for i, (rho, _) in enumerate(blocks)]
        zs = [b[i] @ b[i].T if i in b else np.zeros_like(rho) for i, (rho, _) in enumerate(blocks)]
        return ys, zs

    stages = tuple((tau, 0.0) for tau in DUAL_TAUS)
    lo, hi = DUAL_STAGE_ITERS
    iters = int(min(hi, max(lo, DUAL_WORK / sum(blocks[i][0].shape[0] ** 3 for i in fac.active))))
    return lift(_staged(neg_g, lambda x: -dual_value(blocks, r, *lift(x)), x0, stages, iters)[1])


def refine_primal(blocks: Blocks, r: float, t: float) -> tuple[float, list[np.ndarray]]:
    """Local minimum of ``t`` over the low-rank family (module docstring), seeded at ``rho - t sigma = A_+ - A_-``.

    Returns the exactly feasible repaired state and its exact ``2^{D_max(rho~||sigma)}``.
    """
    rng = np.random.default_rng(0)
    _, _, eig = excess(blocks, t)
    a0, b0, whiten = {}, {}, {}
    for i, ((_, sig), (w, v)) in enumerate(zip(blocks, eig)):
        if (w > 0).any():
            n = len(w)
            b0[i] = np.hstack([v[:, w > 0] * np.sqrt(w[w > 0]), SEED_SCALE * rng.standard_normal((n, 1))])
            c, _, tt = schur_slack(sig, w, v, t)
            wp, vp = np.linalg.eigh(herm(c @ tt @ c.conj().T))
            m = int((w > 0).sum()) + EXTRA_RANK
            a0[i] = np.hstack([vp[:, -m:] * np.sqrt(np.clip(wp[-m:], 0, None)),
                               SEED_SCALE * rng.standard_normal((n, 1))])
            ws, vs = np.linalg.eigh(sig)
            whiten[i] = vs / np.sqrt(ws)
    rest = [i for i in range(len(blocks)) if i not in a0]
    floor = block_ratio([blocks[i][0] for i in rest], [blocks[i] for i in rest]) if rest else 0.0
    fac = BlockFactors(sorted(a0), a0, b0, 0)
    x0 = fac.pack(a0, b0, [])

    def states(x: np.ndarray) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray], float, float,
                                       dict[int, np.ndarray]]:
        a, b, _ = fac.unpack(x)
        na = sum(float(np.sum(m * m)) for m in a.values())
        nb = sum(float(np.sum(m * m)) for m in b.values())
        xs = {i: blocks[i][0] + r / 2 * (a[i] @ a[i].T / na - b[i] @ b[i].T / nb) for i in fac.active}
        return a, b, na, nb, xs

    def smooth_t(x: np.ndarray, tau: float, pen: float) -> tuple[float, np.ndarray]:
        a, b, na, nb, xs = states(x)
        lams: list[float] = [floor]
        vecs: list[np.ndarray | None] = [None]
        where: list[int | None] = [None]
        grad = {}
        obj = 0.0
        for i in fac.active:
            s = whiten[i]
            w, u = np.linalg.eigh(herm(s.T @ xs[i] @ s))
            lams += list(w[-TOP_EIGS:])
            vecs += list((s @ u[:, -TOP_EIGS:]).T)
            where += [i] * min(TOP_EIGS, len(w))
            wn, un = np.linalg.eigh(xs[i])
            neg = np.minimum(wn, 0.0)
            obj += pen * float(np.sum(neg**2))
            grad[i] = 2 * pen * (un * neg) @ un.T
        top, wt = softmax(np.array(lams), tau)
        obj += top
        for c, vec, blk in zip(wt, vecs, where):
            if blk is not None and vec is not None:
                grad[blk] = grad[blk] + c * np.outer(vec, vec)
        ta = sum(float(np.sum(grad[i] * (a[i] @ a[i].T))) for i in fac.active) / na
        tb = sum(float(np.sum(grad[i] * (b[i] @ b[i].T))) for i in fac.active) / nb
        ga = {i: r / na * (grad[i] @ a[i] - ta * a[i]) for i in fac.active}
        gb = {i: -r / nb * (grad[i] @ b[i] - tb * b[i]) for i in fac.active}
        return obj, fac.pack(ga, gb, [])

    def repaired(x: np.ndarray) -> list[np.ndarray]:
        xs = states(x)[4]
        return pull_into_ball([xs.get(i, rho) for i, (rho, _) in enumerate(blocks)], blocks, r)

    lo, hi = PRIMAL_STAGE_ITERS
    iters = int(min(hi, max(lo, PRIMAL_WORK / sum(blocks[i][0].shape[0] ** 3 for i in fac.active))))
    _, x = _staged(smooth_t, lambda x: block_ratio(repaired(x), blocks), x0, PRIMAL_STAGES, iters)
    xs = repaired(x)
    return block_ratio(xs, blocks), xs
