r"""SQP polish of the low-rank bounds on ``D_max^eps`` (seed 002, Eq. (11)): exact constraints, no smoothing.

The local search of :mod:`sdpthermo.info.dmax_smooth.lowrank` smooths the extreme eigenvalues and
penalizes ``rho~ >= 0``; it finds the right low-rank structure but stalls short of the optimum.  Here
the same two families are written as smooth nonlinear programs with **exact** constraints and solved
by SQP (``scipy.optimize.minimize(method="SLSQP")``): first the dual from the local search's dual, then
the primal from a point read off that dual by complementary slackness (:func:`primal_seed`).  Each
eigenvalue of the constrained spectra is its own constraint.  Blocks too large for SLSQP's dense
quasi-Newton model (more than :data:`MAX_VARS` variables) are handled by **subspace steps**: the factors
are restricted to small bases that contain the current factors, the gradients of every constraint and
(for the dual) the previous step's factors (LOBPCG-like), and the bases are rebuilt after each step.  Nothing
returned is trusted: the caller keeps a side only when its exactly evaluated value improves, and
the verifier re-checks it.

Dual (lower bound), variables ``A_b, B_b`` (columns = ranks found by the local search), ``s, m``:

.. math::

    \max\ \sum_b \mathrm{tr}\big((A_bA_b^T - B_bB_b^T)\rho_b\big) - \tfrac r2 (s - m)
    \quad\text{s.t.}\quad m \le \lambda_j(V_b) \le s\ \ \forall j,\ \ m \le 0 \le s,\ \
    \sum_b \mathrm{tr}(A_b^T\sigma_b A_b) = 1,

with ``V_b = A_bA_b^T - B_bB_b^T``; its nonzero eigenvalues are those of the small matrix
``R D R^T`` (``[A_b\ B_b] = Q R``, ``D = diag(I, -I)``).  Any feasible point is a dual point of
Eq. (11) (``Y = A A^T``, ``Z = B B^T``), so the value is checked with
:func:`~sdpthermo.info.dmax_smooth.lowrank.dual_value`.

Primal (upper bound), variables ``A_b``, ``C_b``, ``t``:
``rho~_b = rho_b + A_b A_b^T - B_b B_b^T`` with ``B_b = [rho_b^{1/2}\ A_b]\, C_b``.  By Douglas' lemma
``B B^T <= rho + A A^T`` iff such a ``C`` with ``||C||_2 <= 1`` exists, so ``rho~ >= 0`` becomes the small
smooth constraint ``lambda_j(C^T C) <= 1``; this removes the sensitivity of the positivity constraint to
the near-null directions of ``rho`` (a removed direction's components there are scaled by
``rho^{1/2}`` automatically).  The other constraints: ``lambda_j(sigma_b^{-1/2} rho~_b sigma_b^{-1/2}) <= t``
for the top few ``j``, ``t >=`` the value of the untouched blocks, ``tr AA^T = tr BB^T`` (trace 1) and
``tr AA^T + tr BB^T <= r`` (so ``||rho~ - rho||_1 <= r``).  The result is repaired exactly
(:func:`~sdpthermo.info.dmax_smooth.hypothesis.pull_into_ball`) and its exact ``t`` returned.

The widths this route reaches (with and without the polish) on the Heisenberg pairs of
``benchmarks/bench_dmax.py`` are that benchmark's output (``benchmarks/results/latest.md``); SLSQP is not
invariant under the choice of basis, so the result can depend on the path.

**Known limitation**: when the top whitened eigenvalue of a block is degenerate at the optimum (as in the
8-spin pair of the benchmark, where ``Y_b`` has rank 4), the separate eigenvalue constraints are not
differentiable there, SLSQP ends infeasible and the repaired point is discarded.  The compressed-SDP steps
of :mod:`sdpthermo.formulations.dmax.compressed` (each cluster one small LMI) take over from this polish
where it leaves a gap.

Examples
--------
>>> import numpy as np
>>> rho, sigma = np.diag([0.7, 0.2, 0.1]), np.diag([0.2, 0.3, 0.5])
>>> ys, zs = polish_dual([(rho, sigma)], 0.2, [np.diag([1 / 0.2, 0, 0])], [np.zeros((3, 3))])
>>> from sdpthermo.info.dmax_smooth.lowrank import dual_value
>>> round(dual_value([(rho, sigma)], 0.2, ys, zs), 6)    # t* = 3 (water filling)
3.0
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.linalg import eigh
from scipy.optimize import minimize

from sdpthermo.info.dmax_smooth.factors import BlockFactors
from sdpthermo.info.dmax_smooth.hypothesis import Blocks, block_ratio, pull_into_ball
from sdpthermo.info.dmax_smooth.lowrank import dual_value
from sdpthermo.linalg.hermitian import herm

#: eigenvalues below this fraction of the largest (in modulus) are dropped when factoring the seeds.
RANK_TOL = 1e-5
#: one SQP on the whole blocks when the program has at most this many variables, else subspace steps
#: (SLSQP keeps a dense quasi-Newton model; a compressed program larger than this is not attempted).
MAX_VARS = 400
#: SLSQP iterations per subspace step (each costs one ``eigh`` per active block and a dense QP in the
#: variables), and for the single solve made when the subspaces are the whole blocks.
MAX_ITERS = 100
FULL_ITERS = 300
#: outer subspace steps of :func:`polish_dual`: ``DUAL_WORK`` / (variables of the compressed program)^3 (SLSQP's
#: dense least-squares subproblem), clipped to ``DUAL_STEPS`` (10 spins, 87 variables: 114 steps; 8 spins with
#: ranks up to 7, 279 variables: the lower clip, where the compressed-SDP steps of
#: :mod:`sdpthermo.formulations.dmax.compressed` take over).
DUAL_STEPS = (10, 160)
DUAL_WORK = 7.52e7
#: outer steps of :func:`polish_primal` (one partial ``eigh`` of every active block per SQP iteration):
#: ``PRIMAL_WORK / sum_b n_b^3`` over the active blocks, clipped to ``PRIMAL_STEPS`` (8 spins: 30 steps;
#: 10 spins, blocks 210-252: 8 steps).
PRIMAL_STEPS = (8, 30)
PRIMAL_WORK = 2.8e8
#: both stop early after ``STALL`` steps that gain less than ``GAIN_RTOL`` (relative).
STALL = 2
GAIN_RTOL = 1e-10
#: scale of the seed column given to an empty ``B_b`` (a zero column is a stationary point).
SEED_SCALE = 1e-4
#: extra whitened eigenvalues (beyond the factor ranks) constrained ``<= t`` per active block.
TOP_EXTRA = 2


def _columns(m: np.ndarray, sign: float) -> np.ndarray:
    """Factor ``F`` with ``F F^T`` = the part of ``sign * m`` above ``RANK_TOL`` (relative to ``max |eig|``)."""
    w, u = np.linalg.eigh(herm(m))
    scale = float(np.abs(w).max()) if w.size else 0.0
    keep = sign * w > RANK_TOL * scale if scale > 0 else np.zeros(len(w), dtype=bool)
    return u[:, keep] * np.sqrt(sign * w[keep])


def _small_eig(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nonzero spectrum ``(w, U)`` of ``A A^T - B B^T`` via ``[A B] = Q R`` (``U = Q u``)."""
    q, rr = np.linalg.qr(np.hstack([a, b]))
    sign = np.r_[np.ones(a.shape[1]), -np.ones(b.shape[1])]
    w, u = np.linalg.eigh((rr * sign) @ rr.T)
    return w, q @ u


def _slsqp(fun: Callable[[np.ndarray], tuple[float, np.ndarray]], x0: np.ndarray,
           ineq: Callable[[np.ndarray, bool], np.ndarray], eq: Callable[[np.ndarray, bool], np.ndarray],
           full: bool) -> np.ndarray:
    """SLSQP with analytic Jacobians (``ineq(x, True)``, ``eq(x, True)``); the last iterate, feasible or not."""
    # scipy-stubs types a constraint dict's "fun" as scalar-valued; SLSQP takes vector-valued ones
    res = minimize(fun, x0, jac=True, method="SLSQP",  # type: ignore[call-overload]
                   constraints=[{"type": "ineq", "fun": ineq, "jac": lambda x: ineq(x, True)},
                                {"type": "eq", "fun": eq, "jac": lambda x: eq(x, True)}],
                   options={"maxiter": FULL_ITERS if full else MAX_ITERS, "ftol": 1e-16})
    return res.x


def _orth(m: np.ndarray) -> np.ndarray:
    """Orthonormal basis of the column span (singular values above ``1e-10`` of the largest)."""
    u, sv, _ = np.linalg.svd(m, full_matrices=False)
    return u[:, sv > 1e-10 * sv[0]] if sv.size and sv[0] > 0 else u[:, :0]


def polish_dual(blocks: Blocks, r: float, ys: list[np.ndarray],
                zs: list[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    r"""Subspace SQP from the dual point ``(Y, Z)`` (module docstring); the exactly better of input and output.

    Each outer step compresses every active block to ``Q_b = orth[F, rho F, sigma F, F']`` (``F = [A B]``
    the current factors, ``F'`` those of the previous step) and solves the dual of the compressed pair
    ``(Q^T rho Q, Q^T sigma Q)`` by SQP; lifted back (``Y = Q Y^ Q^T``) it is a dual point of the full problem
    (``V`` gains only zero eigenvalues, and ``m <= 0 <= s``).  The gradient of the Lagrangian in the factors
    lies in ``span[F, rho F, sigma F]``, so each step is at least a projected-gradient step, with the SQP's
    curvature model inside the subspace (LOBPCG-like when ``F'`` is added).  Stops after
    :data:`DUAL_WORK`-based budget of steps or :data:`STALL` steps without gain.
    """
    best = dual_value(blocks, r, ys, zs)
    prev: dict[int, np.ndarray] = {}
    stall, step, budget = 0, 0, DUAL_STEPS[1]
    while step < budget:
        step += 1
        qs, fs, nfull = {}, {}, 2
        for i, (rho, sig) in enumerate(blocks):
            if np.abs(ys[i]).max() > 0:
                fs[i] = f = np.hstack([_columns(ys[i], 1.0), _columns(zs[i], 1.0)])
                qs[i] = _orth(np.hstack([f, rho @ f, sig @ f, prev.get(i, f[:, :0])]))
                nfull += len(f) * max(f.shape[1], 2)
        if not qs:
            break
        if nfull <= MAX_VARS:  # small enough for one SQP on the whole blocks
            qs = {i: np.eye(len(q)) for i, q in qs.items()}
        if step == 1:  # the budget: DUAL_WORK / (variables of the first compressed program)^3
            nvars = sum(q.shape[1] * fs[i].shape[1] for i, q in qs.items())
            budget = int(min(DUAL_STEPS[1], max(DUAL_STEPS[0], DUAL_WORK / max(nvars, 1) ** 3)))
        comp = [(q.T @ blocks[i][0] @ q, q.T @ blocks[i][1] @ q) for i, q in qs.items()]
        full = all(q.shape[0] == q.shape[1] for q in qs.values())  # nothing left outside: one solve suffices
        out = _sqp_dual(comp, r, [q.T @ ys[i] @ q for i, q in qs.items()], [q.T @ zs[i] @ q for i, q in qs.items()],
                        full)
        if out is None:
            break
        y_new, z_new = ([np.zeros_like(y) for y in ys], [np.zeros_like(z) for z in zs])
        for (i, q), y, z in zip(qs.items(), *out):
            y_new[i], z_new[i] = herm(q @ y @ q.T), herm(q @ z @ q.T)
            prev[i] = fs[i]  # the step's start: momentum
        val = dual_value(blocks, r, y_new, z_new)
        if full:
            return (y_new, z_new) if val > best else (ys, zs)
        if val > best * (1 + GAIN_RTOL):
            ys, zs, best, stall = y_new, z_new, val, 0
        else:
            if val > best:
                ys, zs, best = y_new, z_new, val
            stall += 1
            if stall >= STALL:
                break
    return ys, zs


def _sqp_dual(blocks: Blocks, r: float, ys: list[np.ndarray], zs: list[np.ndarray],
              full: bool) -> tuple[list[np.ndarray], list[np.ndarray]] | None:
    """One SQP solve of the dual NLP from ``(Y, Z)`` (module docstring); ``None`` when too large or empty."""
    act = [i for i, y in enumerate(ys) if np.abs(y).max() > 0]
    a0 = {i: _columns(ys[i], 1.0) for i in act}
    b0 = {}
    for i in act:
        cols = _columns(zs[i], 1.0)
        b0[i] = cols if cols.shape[1] else SEED_SCALE * np.sqrt(float(np.abs(ys[i]).max())) * np.ones((len(ys[i]), 1))
    pk = BlockFactors(act, a0, b0, 2)
    if not act or pk.size() > MAX_VARS:
        return None
    norm = math.sqrt(sum(float(np.sum(a0[i] * (blocks[i][1] @ a0[i]))) for i in act))
    a0 = {i: a0[i] / norm for i in act}
    b0 = {i: b0[i] / norm for i in act}
    lam = np.concatenate([_small_eig(a0[i], b0[i])[0] for i in act])
    x0 = pk.pack(a0, b0, [max(float(lam.max()), 0.0), min(float(lam.min()), 0.0)])

    def fun(x: np.ndarray) -> tuple[float, np.ndarray]:  # minus the dual objective
        a, b, (s, m) = pk.unpack(x)
        val = sum(float(np.sum(a[i] * (blocks[i][0] @ a[i])) - np.sum(b[i] * (blocks[i][0] @ b[i]))) for i in act)
        grad = pk.pack({i: 2 * blocks[i][0] @ a[i] for i in act}, {i: -2 * blocks[i][0] @ b[i] for i in act},
                       [-r / 2, r / 2])
        return -(val - r / 2 * (s - m)), -grad

    def ineq(x: np.ndarray, jac: bool = False) -> np.ndarray:
        a, b, (s, m) = pk.unpack(x)
        vals, rows = [s, -m], [pk.unit(-1, None, None, [1.0, 0.0]), pk.unit(-1, None, None, [0.0, -1.0])]
        for i in act:
            w, u = _small_eig(a[i], b[i])
            vals += list(s - w) + list(w - m)
            if jac:  # d lambda_j = 2 u^T dA A^T u - 2 u^T dB B^T u
                grads = [(2 * np.outer(v, v @ a[i]), -2 * np.outer(v, v @ b[i])) for v in u.T]
                rows += [pk.unit(i, -ga, -gb, [1.0, 0.0]) for ga, gb in grads]
                rows += [pk.unit(i, ga, gb, [0.0, -1.0]) for ga, gb in grads]
        return np.array(rows) if jac else np.array(vals)

    def eq(x: np.ndarray, jac: bool = False) -> np.ndarray:
        a, b, _ = pk.unpack(x)
        if jac:
            return pk.pack({i: 2 * blocks[i][1] @ a[i] for i in act}, {i: 0 * b[i] for i in act}, [0.0, 0.0])[None]
        return np.array([sum(float(np.sum(a[i] * (blocks[i][1] @ a[i]))) for i in act) - 1.0])

    a, b, _ = pk.unpack(_slsqp(fun, x0, ineq, eq, full))
    lift = [(a[i] @ a[i].T, b[i] @ b[i].T) if i in a else (np.zeros_like(y), np.zeros_like(y))
            for i, y in enumerate(ys)]
    return [y for y, _ in lift], [z for _, z in lift]


def primal_seed(blocks: Blocks, ys: list[np.ndarray], zs: list[np.ndarray]) -> list[np.ndarray]:
    r"""Low-rank point read off a dual point by complementary slackness (a seed for :func:`polish_primal`).

    At an optimum, ``rho~ - rho`` lives in the top and bottom eigenspaces of ``V = Y - Z``, hence in
    ``F = span[A B]`` (``Y = A A^T``, ``Z = B B^T``), and ``(t sigma - rho~) A = 0``, ``rho~ B = 0``.  With
    ``rho~ = rho + F M F^T`` these are linear in the small symmetric ``M`` and ``t``, solved by least squares
    per block.  The point need not be feasible; blocks where ``Y_b = 0`` keep ``rho_b``.
    """
    xs = [rho.copy() for rho, _ in blocks]
    for i, ((rho, sig), y, z) in enumerate(zip(blocks, ys, zs)):
        a, b = _columns(y, 1.0), _columns(z, 1.0)
        if not a.shape[1]:
            continue
        a, b = a / np.linalg.norm(a, axis=0), b / np.linalg.norm(b, axis=0)
        f = np.linalg.qr(np.hstack([a, b]))[0]
        fa, fb, k = f.T @ a, f.T @ b, f.shape[1]
        pairs = [(p, q) for p in range(k) for q in range(p, k)]
        cols = []
        for p, q in pairs:  # (t sigma - rho - F M F^T) A = 0 and (rho + F M F^T) B = 0, M = sum m_pq E_pq
            e = np.zeros((k, k))
            e[p, q] = e[q, p] = 1.0
            cols.append(np.concatenate([(-f @ e @ fa).ravel(), (f @ e @ fb).ravel()]))
        cols.append(np.concatenate([(sig @ a).ravel(), np.zeros(b.size)]))  # the unknown t
        rhs = np.concatenate([(rho @ a).ravel(), (-rho @ b).ravel()])
        sol = np.linalg.lstsq(np.array(cols).T, rhs, rcond=None)[0]
        m = np.zeros((k, k))
        for (p, q), v in zip(pairs, sol[:-1]):
            m[p, q] = m[q, p] = v
        xs[i] = rho + f @ m @ f.T
    return xs


def polish_primal(blocks: Blocks, r: float, xs: list[np.ndarray],
                  active: list[int]) -> tuple[float, list[np.ndarray]]:
    r"""Subspace SQP from the low-rank point ``xs`` (need not be feasible) over the ``active`` blocks.

    Returns the best repaired (exactly feasible) state met and its exact ``2^{D_max(rho~||sigma)}``;
    ``(inf, xs)`` when nothing is active.  Each outer step restricts ``A_b = Q_b A^_b`` and
    ``C_b = [P_b C^1_b; C^2_b]`` (module docstring) to ``Q = orth[A, B, W]`` and
    ``P = orth[C^1, rho^{1/2} W, rho^{1/2} B]`` with ``W`` the top whitened eigenvectors (mapped back): these
    contain the gradients of every constraint (adding the previous step's factors, as the dual does,
    measured worse here).  The contraction
    ``||[C^1; C^2]|| <= 1`` (hence ``rho~ >= 0``) is exact in the subspace since ``P`` is orthonormal.
    """
    fac, data = {}, {}
    for i in active:
        rho, sig = blocks[i]
        a, b = _columns(xs[i] - rho, 1.0), _columns(xs[i] - rho, -1.0)
        if a.shape[1] + b.shape[1] == 0:
            continue
        w, v = np.linalg.eigh(rho)
        half = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
        u, sv, vt = np.linalg.svd(np.linalg.lstsq(np.hstack([half, a]), b, rcond=None)[0], full_matrices=False)
        c = (u * np.minimum(sv, 1.0)) @ vt  # nearest contraction: the seed's rho~ >= 0 restored
        n = rho.shape[0]
        fac[i] = (a, c[:n], c[n:])
        ws, vs = np.linalg.eigh(sig)
        data[i] = (half, vs / np.sqrt(ws))
    if not fac:
        return math.inf, xs
    rest = [i for i in range(len(blocks)) if i not in fac]
    floor = block_ratio([blocks[i][0] for i in rest], [blocks[i] for i in rest]) if rest else 0.0

    def state(f: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        out = [rho for rho, _ in blocks]
        for i, (a, c1, c2) in f.items():
            b = data[i][0] @ c1 + a @ c2
            out[i] = blocks[i][0] + a @ a.T - b @ b.T
        return out

    best_t, best_xs, stall = math.inf, xs, 0
    lo, hi = PRIMAL_STEPS
    for _ in range(int(min(hi, max(lo, PRIMAL_WORK / sum(len(a) ** 3 for a, _, _ in fac.values()))))):
        bases, nfull = {}, 1
        for i, (a, c1, c2) in fac.items():
            half, white = data[i]
            b = half @ c1 + a @ c2
            x_i = blocks[i][0] + a @ a.T - b @ b.T
            top = min(len(x_i), a.shape[1] + b.shape[1] + TOP_EXTRA)
            w = white @ np.linalg.eigh(herm(white.T @ x_i @ white))[1][:, -top:]
            bases[i] = (_orth(np.hstack([a, b, w])), _orth(np.hstack([c1, half @ w, half @ b])))
            nfull += len(a) * a.shape[1] + (len(a) + a.shape[1]) * c2.shape[1]
        if nfull <= MAX_VARS:  # small enough for one SQP on the whole blocks
            bases = {i: (np.eye(len(q)), np.eye(len(q))) for i, (q, _) in bases.items()}
        scale = max(block_ratio(state(fac), blocks), floor)
        full = all(q.shape[1] == len(q) and p.shape[1] == len(p) for q, p in bases.values())
        out = _sqp_primal(blocks, r, fac, bases, data, floor, scale, full)
        if out is None:
            break
        repaired = pull_into_ball(state(out), blocks, r)
        t_new = block_ratio(repaired, blocks)
        gain = t_new < best_t * (1 - GAIN_RTOL)
        if t_new < best_t:
            best_t, best_xs = t_new, repaired
        fac = out
        stall = 0 if gain else stall + 1
        if full or stall >= STALL:
            break
    return best_t, best_xs


def _sqp_primal(blocks: Blocks, r: float, fac: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]],
                bases: dict[int, tuple[np.ndarray, np.ndarray]], data: dict[int, tuple[np.ndarray, np.ndarray]],
                floor: float, scale: float, full: bool) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] | None:
    """One SQP solve of the primal NLP restricted to ``bases`` (see :func:`polish_primal`); ``None`` if too large.

    ``fac``: full-space factors ``(A, C^1, C^2)`` per active block; ``data``: ``(rho^{1/2}, sigma^{-1/2})``;
    ``t`` is measured in units of ``scale`` (SLSQP is not scale invariant).
    """
    active = list(fac)
    h = {i: data[i][0] @ bases[i][1] for i in active}  # rho^{1/2} P
    a0 = {i: bases[i][0].T @ fac[i][0] for i in active}
    c0 = {i: np.vstack([bases[i][1].T @ fac[i][1], fac[i][2]]) for i in active}
    pk = BlockFactors(active, a0, c0, 1)
    if pk.size() > MAX_VARS:
        return None

    def parts(x: np.ndarray) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray], dict[int, np.ndarray], float]:
        ah, c, (t,) = pk.unpack(x)
        a = {i: bases[i][0] @ ah[i] for i in active}
        b = {i: h[i] @ c[i][:h[i].shape[1]] + a[i] @ c[i][h[i].shape[1]:] for i in active}
        return a, b, c, float(t)

    def fun(x: np.ndarray) -> tuple[float, np.ndarray]:
        return float(x[-1]), pk.unit(-1, None, None, [1.0])

    memo: dict[bytes, dict[int, tuple[np.ndarray, np.ndarray]]] = {}

    def top_eigs(x: np.ndarray, a: dict[int, np.ndarray],
                 b: dict[int, np.ndarray]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Top whitened eigenpairs per block (SLSQP asks for values and Jacobian at the same point: memoized)."""
        key = x.tobytes()
        if key not in memo:
            memo.clear()
            memo[key] = {}
            for i in active:
                white, n = data[i][1], len(a[i])
                top = min(n, a[i].shape[1] + b[i].shape[1] + TOP_EXTRA)
                x_i = blocks[i][0] + a[i] @ a[i].T - b[i] @ b[i].T
                memo[key][i] = eigh(herm(white.T @ x_i @ white), subset_by_index=[n - top, n - 1])
        return memo[key]

    def ineq(x: np.ndarray, jac: bool = False) -> np.ndarray:
        a, b, c, t = parts(x)
        vals, rows = [t - floor / scale], [pk.unit(-1, None, None, [1.0])]
        ga, gc = {}, {}
        eigs = top_eigs(x, a, b)
        for i in active:
            q, white, m = bases[i][0], data[i][1], h[i].shape[1]
            c2 = c[i][m:]
            w, u = eigs[i]
            vals += list(t - w / scale)
            wc, uc = np.linalg.eigh(c[i].T @ c[i])
            vals += list(1 - wc)
            if jac:
                for v in (white @ u).T:  # t - v^T (dA A^T + A dA^T - dB B^T - B dB^T) v / scale
                    vb = v @ b[i]
                    g_a = q.T @ (2 * np.outer(v, v @ a[i]) - 2 * np.outer(v, vb) @ c2.T)
                    g_c = -2 * np.vstack([np.outer(h[i].T @ v, vb), np.outer(a[i].T @ v, vb)])
                    rows.append(pk.unit(i, -g_a / scale, -g_c / scale, [1.0]))
                rows += [pk.unit(i, None, -2 * np.outer(c[i] @ uu, uu), [0.0]) for uu in uc.T]
                ga[i] = q.T @ (2 * a[i] + 2 * b[i] @ c2.T)
                gc[i] = 2 * np.vstack([h[i].T @ b[i], a[i].T @ b[i]])
        vals.append(r - sum(float(np.sum(a[i] ** 2) + np.sum(b[i] ** 2)) for i in active))
        if jac:
            rows.append(-pk.pack(ga, gc, [0.0]))
            return np.array(rows)
        return np.array(vals)

    def eq(x: np.ndarray, jac: bool = False) -> np.ndarray:
        a, b, c, _ = parts(x)
        if jac:
            m = {i: h[i].shape[1] for i in active}
            return pk.pack({i: bases[i][0].T @ (2 * a[i] - 2 * b[i] @ c[i][m[i]:].T) for i in active},
                           {i: -2 * np.vstack([h[i].T @ b[i], a[i].T @ b[i]]) for i in active}, [0.0])[None]
        return np.array([sum(float(np.sum(a[i] ** 2) - np.sum(b[i] ** 2)) for i in active)])

    x0 = pk.pack(a0, c0, [1.0])
    a, _, c, _ = parts(_slsqp(fun, x0, ineq, eq, full))
    return {i: (a[i], bases[i][1] @ c[i][:h[i].shape[1]], c[i][h[i].shape[1]:]) for i in active}
