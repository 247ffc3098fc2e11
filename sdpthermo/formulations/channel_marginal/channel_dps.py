r"""The DPS hierarchy with channel constraints for the channel marginal problem, reduced by phase charges.

Level ``k`` (seed 000, Definition 1; notation of :mod:`sdpthermo.models.channel_marginal.two_copy_extension`)::

    max  tr(C J),   J = d^2 P tr_{B_2..B_k}(R) P^T,   R = W X W^T
    s.t. [EXT]     X >= 0 on A ⊗ Sym^k(B)
         [Def1-A]  tr_{B_out} J = I ⊗ gamma_A          (dual Y_A)
         [Def1-B]  tr_{A_out} J = I ⊗ gamma_B          (dual Y_B)
         [chan-A]  L_A(R) = 0                          (dual G_A)
         [chan-B]  L_B(R) = 0                          (dual G_B)
         [PPT-c]   R^{Γ_c} >= 0 for every cut c          (dual Z_c)

Every LOSR local thermalization gives a feasible ``X`` (its normalized product extension), so the optimum
bounds the channel marginal problem from above; the levels decrease with ``k``, and ``k = 1`` is the PPT
relaxation.  Reduction: conjugating every Alice pair by ``U^* ⊗ U`` and every Bob copy by ``U ⊗ U^*``
(diagonal ``U``; seed 000's thermal states are diagonal) maps the feasible set to itself and fixes
``C = Psi+ ⊗ Psi+``, so an optimal ``X`` is charge-block-diagonal, and ``R^{Γ_c}`` is block-diagonal in the
charge with the transposed copies' charges flipped.  Real arithmetic (complex conjugation is a symmetry).
The duals are returned in the full space and verified there
(:mod:`sdpthermo.certify.channel_marginal.channel_dps`), independently of the reduction.

Examples
--------
>>> from sdpthermo.models.states import gibbs_state
>>> g = gibbs_state([0.0, 1.0], 1.0)
>>> r = solve_channel_dps(g, g, 2)
>>> r.status.usable, abs(r.value - 0.7689414214) < 1e-6    # qubits: E^{eps*} = eps* + (1 - eps*)/2
(True, True)
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from sdpthermo.formulations.channel_marginal.reduced import dual_matrix
from sdpthermo.linalg.hermitian import herm, positive_part
from sdpthermo.models.channel_marginal.local_thermalization import fidelity_operator, targets
from sdpthermo.models.channel_marginal.two_copy_extension import (
    ExtensionStructure,
    dual_slack,
    extension_structure,
    full_digits,
)
from sdpthermo.results import SolverInfo, Status
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions

SCS_EPS = 1e-5  # SCS accuracy; polish_duals turns the dual residual left into a bound increase of the same size


@dataclass(frozen=True)
class ChannelDpsPoint:
    """Value, the solver's claim and the full-space duals ``Y_A, Y_B, G_A, G_B, Z_c``."""

    value: float
    level: int
    duals: dict[str, np.ndarray]
    status: Status
    solver: SolverInfo


def _flat(digits: np.ndarray, base: int) -> np.ndarray:
    out = np.zeros(len(digits), dtype=np.int64)
    for col in range(digits.shape[1]):
        out = out * base + digits[:, col]
    return out


def _rows(st: ExtensionStructure, tgt: np.ndarray, f: np.ndarray, g: np.ndarray, coef: np.ndarray,
          n_tgt: int) -> sp.csr_matrix:
    """Sparse ``x -> sum coef R[f, g]`` accumulated into target rows ``tgt``."""
    rows, cols, vals = [], [], []
    for idx, w in st.full_entries(f, g):
        keep = (idx >= 0) & (w != 0)
        rows.append(tgt[keep])
        cols.append(idx[keep])
        vals.append(coef[keep] * w[keep])
    return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                         shape=(n_tgt, st.size))


def _pair_grid(na: int, nb: int) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.meshgrid(np.arange(na), np.arange(nb), indexing="ij")
    return a.ravel(), b.ravel()


def _choi_map(st: ExtensionStructure) -> sp.csr_matrix:
    """``x -> vec(J)`` (row-major, ``J`` on ``A_in B_in A_out B_out``)."""
    d, k = st.d, st.k
    dd = d * d
    tail = (dd ** (k - 1))
    lead = np.arange(dd * dd)  # (alpha, beta)
    r, c, t = [x.ravel() for x in np.meshgrid(lead, lead, np.arange(tail), indexing="ij")]
    f, g = r * tail + t, c * tail + t
    def choi_index(ab: np.ndarray) -> np.ndarray:
        ai, ao, bi, bo = ab // dd // d, ab // dd % d, ab % dd // d, ab % dd % d
        return ((ai * d + bi) * d + ao) * d + bo
    n4 = dd * dd
    tgt = choi_index(r) * n4 + choi_index(c)
    return _rows(st, tgt, f, g, np.full(len(f), float(dd)), n4 * n4)


def _partial_trace_rows(d: int, side: str) -> tuple[sp.csr_matrix, np.ndarray]:
    """``vec(J) -> vec(M)`` for ``M = tr_{B_out} J`` (side A) or ``tr_{A_out} J`` (side B) on ``d^3``."""
    n4, n3 = d**4, d**3
    m3 = np.array(list(itertools.product(range(d), repeat=3)))
    i, j, t = [x.ravel() for x in np.meshgrid(np.arange(n3), np.arange(n3), np.arange(d), indexing="ij")]
    def full(row: np.ndarray, tt: np.ndarray) -> np.ndarray:
        a, b, c = m3[row, 0], m3[row, 1], m3[row, 2]
        return ((a * d + b) * d + c) * d + tt if side == "A" else ((a * d + b) * d + tt) * d + c
    src = full(i, t) * n4 + full(j, t)
    return sp.csr_matrix((np.ones(len(src)), (i * n3 + j, src)), shape=(n3 * n3, n4 * n4)), m3


def _marginal_rows(st: ExtensionStructure, pre: int, post: int) -> tuple[sp.csr_matrix, int]:
    """``x -> vec L(R)`` with ``L(R) = tr_out R - (1/d) I_in ⊗ tr_{in out} R`` for one party's ``(in, out)``
    pair of dimension ``d`` sitting between ``pre`` and ``post`` (``R`` on ``pre ⊗ in ⊗ out ⊗ post``,
    ``L(R)`` on ``pre ⊗ in ⊗ post``)."""
    d = st.d
    n = pre * d * post
    p, i, q, p2, i2, q2, t = [x.ravel() for x in np.meshgrid(
        np.arange(pre), np.arange(d), np.arange(post), np.arange(pre), np.arange(d), np.arange(post), np.arange(d),
        indexing="ij")]

    def src(pp: np.ndarray, ii: np.ndarray, qq: np.ndarray) -> np.ndarray:
        return ((pp * d + ii) * d + t) * post + qq

    def tgt(pp: np.ndarray, ii: np.ndarray, qq: np.ndarray, pp2: np.ndarray, ii2: np.ndarray,
            qq2: np.ndarray) -> np.ndarray:
        return ((pp * d + ii) * post + qq) * n + ((pp2 * d + ii2) * post + qq2)

    m1 = _rows(st, tgt(p, i, q, p2, i2, q2), src(p, i, q), src(p2, i2, q2), np.ones(len(p)), n * n)
    # - (1/d) delta_{in in'} sum_{a, t} R[(p a t q), (p' a t q')]: the grid's diagonal i == i' runs over a
    sel = i == i2
    f2, g2 = src(p, i, q)[sel], src(p2, i, q2)[sel]
    corr = sum((_rows(st, tgt(p, np.full_like(p, a_in), q, p2, np.full_like(p, a_in), q2)[sel], f2, g2,
                      np.full(int(sel.sum()), -1.0 / d), n * n) for a_in in range(d)), sp.csr_matrix((n * n, st.size)))
    return (m1 + corr).tocsr(), n


def _channel_a_rows(st: ExtensionStructure) -> tuple[sp.csr_matrix, int]:
    """``x -> vec L_A(R)`` on ``A_in ⊗ B^k`` (see models.channel_marginal.two_copy_extension)."""
    return _marginal_rows(st, 1, (st.d * st.d) ** st.k)


def _channel_b_rows(st: ExtensionStructure) -> tuple[sp.csr_matrix, int]:
    """``x -> vec L_B(R)`` on ``A ⊗ B^{k-1} ⊗ B_{k,in}``."""
    return _marginal_rows(st, (st.d * st.d) ** st.k, 1)


def _upper_rows(mat: sp.csr_matrix, n: int, rhs: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray, list]:
    """Rows ``(i, j)``, ``i <= j``, that are not identically zero, without exact duplicates."""
    mat = mat.tocsr()
    seen: dict[tuple, int] = {}
    keep, entries = [], []
    for row in range(mat.shape[0]):
        i, j = divmod(row, n)
        lo, hi = mat.indptr[row], mat.indptr[row + 1]
        if i > j or hi == lo:
            continue
        data = mat.data[lo:hi]
        if np.max(np.abs(data)) < 1e-14:
            continue
        key = (tuple(mat.indices[lo:hi]), tuple(np.round(data, 12)), round(float(rhs[row]), 12))
        if key in seen:
            continue
        seen[key] = row
        keep.append(row)
        entries.append((i, j))
    return mat[keep], rhs[keep], entries


def _cut_rows(st: ExtensionStructure, cut: tuple[int, ...], block: np.ndarray) -> sp.csr_matrix:
    """``x -> vec(R^{Γ_c}[block, block])`` (row-major)."""
    dd = st.d**2
    digits = full_digits(st.d, st.k)[block]
    n = len(block)
    u, v = _pair_grid(n, n)
    du, dv = digits[u].copy(), digits[v].copy()
    cols = list(cut)
    du[:, cols], dv[:, cols] = digits[v][:, cols], digits[u][:, cols]
    return _rows(st, u * n + v, _flat(du, dd), _flat(dv, dd), np.ones(len(u)), n * n)


def polish_duals(duals: dict[str, np.ndarray], d: int, level: int) -> dict[str, np.ndarray]:
    """Exactly dual-feasible multipliers with the same certified bound (``Z_c`` already PSD, block by block):
    ``Y_A += (delta / d^2) I`` with ``delta`` the deficit of the slack (``+ 1e-10``).

    ``Y_A ⊗ I`` lifts to ``d^2 I`` on ``F`` times the shift and costs ``tr(I ⊗ gamma_A) = d^2`` times it in
    the objective, so the shift raises ``<b, y>`` by exactly the deficit the verifier would charge.
    """
    out = dict(duals)
    lmin = float(np.linalg.eigvalsh(dual_slack(fidelity_operator(d), d, out, level))[0])
    if lmin < 0:
        out["Y_A"] = out["Y_A"] + (-lmin + 1e-10) / d**2 * np.eye(len(out["Y_A"]))
    return out


def solve_channel_dps(gamma_a: np.ndarray, gamma_b: np.ndarray, level: int,
                      opts: SolveOptions | None = None) -> ChannelDpsPoint:
    """Solve the reduced level-``k`` problem for ``C = Psi+ ⊗ Psi+``; duals in the full space."""
    import cvxpy as cp

    opts = opts or SolveOptions()
    d = gamma_a.shape[0]
    st = extension_structure(d, level)
    xs = [cp.Variable((len(b), len(b)), symmetric=True) for b in st.blocks]
    x = cp.hstack([cp.vec(v, order="C") for v in xs])
    mj = _choi_map(st)
    n3 = d**3
    ta, tb = targets(gamma_a, gamma_b)
    cons = [v >> 0 for v in xs]
    eq = {}
    for name, side, t in (("Y_A", "A", ta), ("Y_B", "B", tb)):
        pt, _ = _partial_trace_rows(d, side)
        eq[name] = (*_upper_rows(pt @ mj, n3, t.reshape(-1)), n3)
    for name, (mat, n) in (("G_A", _channel_a_rows(st)), ("G_B", _channel_b_rows(st))):
        eq[name] = (*_upper_rows(mat, n, np.zeros(mat.shape[0])), n)
    eq_cons = {name: (a @ x == b) for name, (a, b, _, _) in eq.items()}
    cons += list(eq_cons.values())
    cut_cons = []
    for cut, blocks in zip(st.cuts, st.cut_blocks):
        cc = []
        for blk in blocks:
            n = len(blk)
            cc.append(cp.reshape(_cut_rows(st, cut, blk) @ x, (n, n), order="C") >> 0)
        cut_cons.append(cc)
        cons += cc
    cvec = np.asarray(mj.T @ fidelity_operator(d).reshape(-1)).ravel()
    prob = cp.Problem(cp.Maximize(cvec @ x), cons)
    solver = opts.solver or ("clarabel" if d == 2 else "scs")  # interior point: dense blocks of order 93 at d = 3
    if solver == "scs":  # first-order: polish_duals turns what the looser eps leaves into bound
        opts = dataclasses.replace(opts, eps=max(opts.eps, SCS_EPS))
    status, info = run_cvxpy(prob, opts, default_solver=solver)
    duals: dict[str, np.ndarray] = {}
    val = float("nan")
    if status.usable:
        val = float(prob.value)
        for name, (_, _, entries, n) in eq.items():
            duals[name] = dual_matrix(np.asarray(eq_cons[name].dual_value, float), entries, n)
        for c, (blocks, cc) in enumerate(zip(st.cut_blocks, cut_cons), start=1):
            z = np.zeros((st.n_full, st.n_full))
            for blk, con in zip(blocks, cc):
                z[np.ix_(blk, blk)] = positive_part(herm(np.asarray(con.dual_value, float)))
            duals[f"Z_{c}"] = z
        duals = polish_duals(duals, d, level)
    info = type(info)(**{**info.__dict__, "options": {**info.options, "reduction": "charge",
                                                      "blocks": len(st.blocks), "x_size": st.size,
                                                      "largest_cut_block": max(max(len(b) for b in bl)
                                                                               for bl in st.cut_blocks)}})
    return ChannelDpsPoint(val, level, duals, status, info)
