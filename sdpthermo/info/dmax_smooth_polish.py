r"""SQP polish of the low-rank bounds on ``D_max^eps`` (seed 002, Eq. (11)): exact constraints, no smoothing.

The local search of :mod:`sdpthermo.info.dmax_smooth_local` smooths the extreme eigenvalues and
penalizes ``rho~ >= 0``; it finds the right low-rank structure but stalls at ~1e-5 bits.  Here the
same two families are written as smooth nonlinear programs with **exact** constraints and solved by
SQP (``scipy.optimize.minimize(method="SLSQP")``) from the local-search output.  Each eigenvalue of
the small matrices below is its own constraint (clusters at the optimum are then resolved by the QP
model instead of zig-zagging on ``lambda_max``).  As before, nothing returned is trusted: the caller
keeps a side only when its exactly evaluated value improves, and the verifier re-checks it.

Dual (lower bound), variables ``A_b, B_b`` (columns = ranks found by the local search), ``s, m``:

.. math::

    \max\ \sum_b \mathrm{tr}\big((A_bA_b^T - B_bB_b^T)\rho_b\big) - \tfrac r2 (s - m)
    \quad\text{s.t.}\quad m \le \lambda_j(V_b) \le s\ \ \forall j,\ \ m \le 0 \le s,\ \
    \sum_b \mathrm{tr}(A_b^T\sigma_b A_b) = 1,

with ``V_b = A_bA_b^T - B_bB_b^T``; its nonzero eigenvalues are those of the small matrix
``R D R^T`` (``[A_b\ B_b] = Q R``, ``D = diag(I, -I)``).  Any feasible point is a dual point of
Eq. (11) (``Y = A A^T``, ``Z = B B^T``), so the value is checked with
:func:`~sdpthermo.info.dmax_smooth_local.dual_value`.

Primal (upper bound), variables ``A_b``, ``C_b``, ``t``:
``rho~_b = rho_b + A_b A_b^T - B_b B_b^T`` with ``B_b = [rho_b^{1/2}\ A_b]\, C_b``.  By Douglas' lemma
``B B^T <= rho + A A^T`` iff such a ``C`` with ``||C||_2 <= 1`` exists, so ``rho~ >= 0`` becomes the small
smooth constraint ``lambda_j(C^T C) <= 1``; this removes the sensitivity of the positivity constraint to
the near-null directions of ``rho`` (a removed direction's components there are scaled by
``rho^{1/2}`` automatically).  The other constraints: ``lambda_j(sigma_b^{-1/2} rho~_b sigma_b^{-1/2}) <= t``
for the top few ``j``, ``t >=`` the value of the untouched blocks, ``tr AA^T = tr BB^T`` (trace 1) and
``tr AA^T + tr BB^T <= r`` (so ``||rho~ - rho||_1 <= r``).  The result is repaired exactly
(:func:`~sdpthermo.info.dmax_smooth.pull_into_ball`) and its exact ``t`` returned.

Measured (6-spin Heisenberg pair of ``benchmarks/bench_dmax.py``, T = 1.5/2, eps = 0.1): from the local
search's ``[2.52852485, 2.52854240]`` both sides meet at ``2.5285254077`` to ~1e-14 bits in about 0.5 s
each (the blocked SDP with Clarabel at tolerance 1e-12 stops at ``[2.52852531, 2.52852592]``).  The dense
quasi-Newton model of SLSQP limits the size: the polish runs only up to :data:`MAX_VARS` variables
(8-spin pairs, ~1000 variables, gain ~4e-5 bits on the dual in 30 s and are skipped).

Examples
--------
>>> import numpy as np
>>> rho, sigma = np.diag([0.7, 0.2, 0.1]), np.diag([0.2, 0.3, 0.5])
>>> ys, zs = polish_dual([(rho, sigma)], 0.2, [np.diag([1 / 0.2, 0, 0])], [np.zeros((3, 3))])
>>> from sdpthermo.info.dmax_smooth_local import dual_value
>>> round(dual_value([(rho, sigma)], 0.2, ys, zs), 6)    # t* = 3 (water filling)
3.0
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize

from sdpthermo.info.dmax_smooth import Blocks, block_ratio, pull_into_ball
from sdpthermo.linalg.hermitian import herm

#: eigenvalues below this fraction of the largest (in modulus) are dropped when factoring the seeds.
RANK_TOL = 1e-5
#: the polish runs only when the nonlinear program has at most this many variables (SLSQP is dense).
MAX_VARS = 400
#: SLSQP iterations (each costs one ``eigh`` per active block and a dense QP in the variables).
MAX_ITERS = 300
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


class _Packer:
    """Per-active-block pairs of matrices plus trailing scalars, flattened into one SLSQP vector."""

    def __init__(self, active: list[int], first: dict[int, np.ndarray], second: dict[int, np.ndarray],
                 nscalar: int) -> None:
        self.active, self.nscalar = active, nscalar
        self.shapes = [(first[i].shape, second[i].shape) for i in active]
        self.nvars = sum(a[0] * a[1] + b[0] * b[1] for a, b in self.shapes) + nscalar

    def size(self) -> int:
        return self.nvars

    def unpack(self, x: np.ndarray) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray], np.ndarray]:
        f, g, k = {}, {}, 0
        for i, (sa, sb) in zip(self.active, self.shapes):
            f[i] = x[k:k + sa[0] * sa[1]].reshape(sa)
            k += sa[0] * sa[1]
            g[i] = x[k:k + sb[0] * sb[1]].reshape(sb)
            k += sb[0] * sb[1]
        return f, g, x[k:]

    def pack(self, f: dict[int, np.ndarray], g: dict[int, np.ndarray], scalars: list[float]) -> np.ndarray:
        parts = [np.concatenate([f[i].ravel(), g[i].ravel()]) if i in f or i in g
                 else np.zeros(0) for i in self.active]
        return np.concatenate(parts + [np.asarray(scalars, dtype=float)])

    def unit(self, i: int, f: np.ndarray | None, g: np.ndarray | None, scalars: list[float]) -> np.ndarray:
        """Vector that is ``f, g`` on block ``i``, zero on the other blocks."""
        out = np.zeros(self.size())
        k = 0
        for j, (sa, sb) in zip(self.active, self.shapes):
            na, nb = sa[0] * sa[1], sb[0] * sb[1]
            if j == i:
                if f is not None:
                    out[k:k + na] = f.ravel()
                if g is not None:
                    out[k + na:k + na + nb] = g.ravel()
            k += na + nb
        out[k:] = scalars
        return out


def _small_eig(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nonzero spectrum ``(w, U)`` of ``A A^T - B B^T`` via ``[A B] = Q R`` (``U = Q u``)."""
    q, rr = np.linalg.qr(np.hstack([a, b]))
    sign = np.r_[np.ones(a.shape[1]), -np.ones(b.shape[1])]
    w, u = np.linalg.eigh((rr * sign) @ rr.T)
    return w, q @ u


def _slsqp(fun: Callable[[np.ndarray], tuple[float, np.ndarray]], x0: np.ndarray,
           ineq: Callable[[np.ndarray, bool], np.ndarray], eq: Callable[[np.ndarray, bool], np.ndarray]) -> np.ndarray:
    res = minimize(fun, x0, jac=True, method="SLSQP",
                   constraints=[{"type": "ineq", "fun": ineq, "jac": lambda x: ineq(x, True)},
                                {"type": "eq", "fun": eq, "jac": lambda x: eq(x, True)}],
                   options={"maxiter": MAX_ITERS, "ftol": 1e-16})
    return res.x


def polish_dual(blocks: Blocks, r: float, ys: list[np.ndarray],
                zs: list[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """SQP from the dual point ``(Y, Z)`` (module docstring); returns it unchanged when too large or empty."""
    act = [i for i, y in enumerate(ys) if np.abs(y).max() > 0]
    a0 = {i: _columns(ys[i], 1.0) for i in act}
    b0 = {}
    for i in act:
        b = _columns(zs[i], 1.0)
        b0[i] = b if b.shape[1] else SEED_SCALE * np.sqrt(float(np.abs(ys[i]).max())) * np.ones((len(ys[i]), 1))
    pk = _Packer(act, a0, b0, 2)
    if not act or pk.size() > MAX_VARS:
        return ys, zs
    norm = math.sqrt(sum(float(np.sum(a0[i] * (blocks[i][1] @ a0[i]))) for i in act))
    a0 = {i: a0[i] / norm for i in act}
    b0 = {i: b0[i] / norm for i in act}
    lam = np.concatenate([_small_eig(a0[i], b0[i])[0] for i in act])
    x0 = pk.pack(a0, b0, [max(float(lam.max()), 0.0), min(float(lam.min()), 0.0)])

    def value(x: np.ndarray) -> tuple[float, np.ndarray]:
        a, b, (s, m) = pk.unpack(x)
        val = sum(float(np.sum(a[i] * (blocks[i][0] @ a[i])) - np.sum(b[i] * (blocks[i][0] @ b[i]))) for i in act)
        grad = pk.pack({i: 2 * blocks[i][0] @ a[i] for i in act}, {i: -2 * blocks[i][0] @ b[i] for i in act},
                       [-r / 2, r / 2])
        return val - r / 2 * (s - m), grad

    def fun(x: np.ndarray) -> tuple[float, np.ndarray]:
        val, grad = value(x)
        return -val, -grad

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

    a, b, _ = pk.unpack(_slsqp(fun, x0, ineq, eq))
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
    """SQP from the low-rank point ``xs`` (need not be feasible) over the ``active`` blocks (module docstring).

    Returns the repaired (exactly feasible) state and its exact ``2^{D_max(rho~||sigma)}``; ``(inf, xs)`` when
    the program is too large for the dense SQP or nothing is active.
    """
    a0, c0, data = {}, {}, {}
    active = [i for i in active if _columns(xs[i] - blocks[i][0], 1.0).shape[1] + _columns(xs[i] - blocks[i][0], -1.0).shape[1]]
    for i in active:
        rho, sig = blocks[i]
        a0[i] = _columns(xs[i] - rho, 1.0)
        b = _columns(xs[i] - rho, -1.0)
        w, v = np.linalg.eigh(rho)
        half = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
        u, sv, vt = np.linalg.svd(np.linalg.lstsq(np.hstack([half, a0[i]]), b, rcond=None)[0], full_matrices=False)
        c0[i] = (u * np.minimum(sv, 1.0)) @ vt  # nearest contraction: the seed's rho~ >= 0 restored
        ws, vs = np.linalg.eigh(sig)
        data[i] = (half, vs / np.sqrt(ws))
    pk = _Packer(active, a0, c0, 1)
    if not active or pk.size() > MAX_VARS:
        return math.inf, xs
    rest = [i for i in range(len(blocks)) if i not in active]
    floor = block_ratio([blocks[i][0] for i in rest], [blocks[i] for i in rest]) if rest else 0.0

    def factor_b(a: dict[int, np.ndarray], c: dict[int, np.ndarray], i: int) -> np.ndarray:
        n = blocks[i][0].shape[0]
        return data[i][0] @ c[i][:n] + a[i] @ c[i][n:]

    def states(x: np.ndarray) -> list[np.ndarray]:
        a, c, _ = pk.unpack(x)
        out = [rho for rho, _ in blocks]
        for i in active:
            b = factor_b(a, c, i)
            out[i] = blocks[i][0] + a[i] @ a[i].T - b @ b.T
        return out

    def fun(x: np.ndarray) -> tuple[float, np.ndarray]:
        return float(x[-1]), pk.unit(-1, None, None, [1.0])

    def ineq(x: np.ndarray, jac: bool = False) -> np.ndarray:
        a, c, (t,) = pk.unpack(x)  # t in units of the seed's value (SLSQP is not scale invariant)
        vals, rows = [t - floor / scale], [pk.unit(-1, None, None, [1.0])]
        ta = tb = 0.0
        ga, gc = {}, {}
        for i in active:
            n = blocks[i][0].shape[0]
            half, white = data[i]
            b = factor_b(a, c, i)
            x_i = blocks[i][0] + a[i] @ a[i].T - b @ b.T
            w, u = np.linalg.eigh(herm(white.T @ x_i @ white))
            top = min(n, a[i].shape[1] + b.shape[1] + TOP_EXTRA)
            vals += list(t - w[-top:] / scale)
            wc, uc = np.linalg.eigh(c[i].T @ c[i])
            vals += list(1 - wc)
            ta += float(np.sum(a[i] ** 2))
            tb += float(np.sum(b ** 2))
            if jac:
                for v in (white @ u[:, -top:]).T:  # t - v^T (dA A^T + A dA^T - dB B^T - B dB^T) v
                    vb = v @ b
                    g_a = 2 * np.outer(v, v @ a[i]) - 2 * np.outer(v, vb) @ c[i][n:].T
                    g_c = -2 * np.vstack([np.outer(half @ v, vb), np.outer(a[i].T @ v, vb)])
                    rows.append(pk.unit(i, -g_a / scale, -g_c / scale, [1.0]))
                rows += [pk.unit(i, None, -2 * np.outer(c[i] @ uu, uu), [0.0]) for uu in uc.T]
                ga[i], gc[i] = 2 * b @ c[i][n:].T, 2 * np.vstack([half @ b, a[i].T @ b])
        vals.append(r - ta - tb)
        if jac:
            rows.append(-pk.pack({i: 2 * a[i] + ga[i] for i in active}, gc, [0.0]))
            return np.array(rows)
        return np.array(vals)

    def eq(x: np.ndarray, jac: bool = False) -> np.ndarray:
        a, c, _ = pk.unpack(x)
        bs = {i: factor_b(a, c, i) for i in active}
        if jac:
            n = {i: blocks[i][0].shape[0] for i in active}
            return pk.pack({i: 2 * a[i] - 2 * bs[i] @ c[i][n[i]:].T for i in active},
                           {i: -2 * np.vstack([data[i][0] @ bs[i], a[i].T @ bs[i]]) for i in active}, [0.0])[None]
        return np.array([sum(float(np.sum(a[i] ** 2) - np.sum(bs[i] ** 2)) for i in active)])

    scale = max(block_ratio([herm(x) for x in xs], blocks), floor)
    x0 = pk.pack(a0, c0, [1.0])
    out = pull_into_ball(states(_slsqp(fun, x0, ineq, eq)), blocks, r)
    return block_ratio(out, blocks), out
