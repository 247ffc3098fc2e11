r"""The channel-marginal relaxation reduced by phase covariance (seed 000, outlook).

The objective ``C = Psi+ ⊗ Psi+`` and the constraints of
:mod:`~sdpthermo.formulations.channel_marginal.bound` are invariant under conjugating the channel by
``V_theta = U_theta ⊗ U_theta^*`` with diagonal ``U_theta`` (the thermal states are diagonal; ``Psi+`` is
``U ⊗ U^*``-invariant; LOSR, PPT and the marginal conditions are preserved by local unitaries).  Averaging
a feasible point over the group keeps it feasible with the same value, so the optimum is attained by a
covariant ``J``, which commutes with ``V̄_theta ⊗ V_theta``: on ``|a b a' b'>`` (A_in B_in A_out B_out) the
charge ``q = -e_a + e_b + e_a' - e_b'`` is conserved, and ``J = ⊕_q J_q``.  The partial transpose on Bob
maps charges to ``q' = -e_a - e_b + e_a' + e_b'``, so ``J^{T_B} = ⊕_{q'} (J^{T_B})_{q'}``.  Complex
conjugation is a symmetry too, so ``J`` is real.  The largest block has ``2 d^2 - d`` rows (``d^4`` unreduced).

The reduced SDP has one real symmetric variable per ``q``-block, PSD constraints on every ``q``-block and
(for ``"ppt"``) every ``q'``-block assembled from the same entries, and the marginal equalities of
Definition 1 on the covariant entries.  Duals are mapped back to full ``(Y_A, Y_B, Z)``, so the
certificate is verified in the full space, independently of the reduction.

Examples
--------
>>> from sdpthermo.models.states import gibbs_state
>>> g = gibbs_state([0.0, 1.0, 2.0], 1.0)
>>> r = solve_relaxation_covariant(g, g, "ppt")
>>> r.status.value, round(r.value, 5)
('optimal', 0.72237)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from sdpthermo.formulations.channel_marginal.bound import RelaxationPoint
from sdpthermo.linalg.charge_blocks import block_position, group_by_charge
from sdpthermo.models.channel_marginal.local_thermalization import targets
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions


@dataclass(frozen=True)
class CovariantStructure:
    """Index bookkeeping of the covariant Choi matrix for local dimension ``d``."""

    d: int
    blocks: list[np.ndarray]  # q-blocks of J (indices into 0..d^4-1)
    pt_blocks: list[np.ndarray]  # q'-blocks of J^{T_B}
    offsets: np.ndarray  # start of each block's vec in x
    block_of: np.ndarray
    pos: np.ndarray

    @property
    def size(self) -> int:
        """Length of ``x``: the number of entries of all ``q``-blocks."""
        return int(self.offsets[-1])

    def x_index(self, r: int, s: int) -> int:
        """Position in ``x`` of ``J[r, s]`` (``-1`` when structurally zero)."""
        k = self.block_of[r]
        if k != self.block_of[s]:
            return -1
        n = len(self.blocks[k])
        return int(self.offsets[k] + self.pos[r] * n + self.pos[s])


def _unravel(d: int) -> np.ndarray:
    return np.array(list(itertools.product(range(d), repeat=4)))  # rows (a, b, a', b')


def covariant_structure(d: int) -> CovariantStructure:
    """The ``q``-blocks of ``J`` and ``q'``-blocks of ``J^{T_B}`` for local dimension ``d`` (module docstring)."""
    idx = _unravel(d)
    eye = np.eye(d, dtype=int)
    q = [tuple(-eye[a] + eye[b] + eye[ap] - eye[bp]) for a, b, ap, bp in idx]
    qp = [tuple(-eye[a] - eye[b] + eye[ap] + eye[bp]) for a, b, ap, bp in idx]
    blocks, pt_blocks = group_by_charge(q), group_by_charge(qp)
    offsets = np.concatenate([[0], np.cumsum([len(b) ** 2 for b in blocks])])
    block_of, pos = block_position(blocks, d**4)
    return CovariantStructure(d, blocks, pt_blocks, offsets, block_of, pos)


def _flat(a: int, b: int, ap: int, bp: int, d: int) -> int:
    return ((a * d + b) * d + ap) * d + bp


def _marginal_rows(st: CovariantStructure, side: str) -> tuple[sp.csr_matrix, list[tuple[int, int]]]:
    """Sparse map ``x -> [M(J)]_{rs}`` for the covariant entries ``r <= s`` of the marginal on ``side``."""
    d = st.d
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    entries: list[tuple[int, int]] = []
    m3 = list(itertools.product(range(d), repeat=3))
    for i, (a, b, c) in enumerate(m3):
        for j in range(i, len(m3)):
            a2, b2, c2 = m3[j]
            terms = []
            for t in range(d):
                if side == "A":  # trace B_out: (a b c=a_out t), (a2 b2 c2 t)
                    r, s = _flat(a, b, c, t, d), _flat(a2, b2, c2, t, d)
                else:  # trace A_out: (a b t c=b_out)
                    r, s = _flat(a, b, t, c, d), _flat(a2, b2, t, c2, d)
                xi = st.x_index(r, s)
                if xi >= 0:
                    terms.append(xi)
            if terms:
                row = len(entries)
                entries.append((i, j))
                rows += [row] * len(terms)
                cols += terms
                vals += [1.0] * len(terms)
    mat = sp.csr_matrix((vals, (rows, cols)), shape=(len(entries), st.size))
    return mat, entries


def _pt_selection(st: CovariantStructure, block: np.ndarray) -> sp.csr_matrix:
    """Sparse map ``x -> vec(J^{T_B}[block, block])`` (row-major)."""
    d = st.d
    idx = _unravel(d)
    n = len(block)
    rows, cols = [], []
    for u in range(n):
        a, b, ap, bp = idx[block[u]]
        for v in range(n):
            c, e, cp_, ep = idx[block[v]]
            xi = st.x_index(_flat(a, e, ap, ep, d), _flat(c, b, cp_, bp, d))
            if xi >= 0:
                rows.append(u * n + v)
                cols.append(xi)
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n * n, st.size))


def _objective(st: CovariantStructure) -> np.ndarray:
    """``c`` with ``c @ x = tr[(Psi+ ⊗ Psi+) J]``."""
    d = st.d
    c = np.zeros(st.size)
    diag = [(a, a) for a in range(d)]
    for (a, _), (ap, _) in itertools.product(diag, diag):
        for (cc, _), (cp_, _) in itertools.product(diag, diag):
            xi = st.x_index(_flat(cc, cc, cp_, cp_, d), _flat(a, a, ap, ap, d))
            if xi >= 0:
                c[xi] += 1.0 / d**2
    return c


def dual_matrix(vals: np.ndarray, entries: list[tuple[int, int]], n: int) -> np.ndarray:
    """Dual vector of the ``r <= s`` equalities -> symmetric ``Y`` with ``sum_{r<=s} y b = tr(Y B)``."""
    y = np.zeros((n, n))
    for v, (i, j) in zip(vals, entries):
        if i == j:
            y[i, i] = v
        else:
            y[i, j] = y[j, i] = v / 2
    return y


def solve_relaxation_covariant(gamma_a: np.ndarray, gamma_b: np.ndarray, relaxation: str,
                               opts: SolveOptions | None = None) -> RelaxationPoint:
    """The reduced relaxation for the objective ``F = <Psi+|Lambda(Psi+)|Psi+>``; duals in the full layout."""
    import cvxpy as cp

    opts = opts or SolveOptions()
    d = gamma_a.shape[0]
    st = covariant_structure(d)
    xs = [cp.Variable((len(b), len(b)), symmetric=True) for b in st.blocks]
    x = cp.hstack([cp.vec(v, order="C") for v in xs])
    cons = [v >> 0 for v in xs]
    ta, tb = targets(gamma_a, gamma_b)
    ma, ea = _marginal_rows(st, "A")
    mb, eb = _marginal_rows(st, "B")
    ca = ma @ x == np.array([ta[i, j] for i, j in ea])
    cb = mb @ x == np.array([tb[i, j] for i, j in eb])
    cons += [ca, cb]
    pt_cons = []
    if relaxation == "ppt":
        for blk in st.pt_blocks:
            n = len(blk)
            expr = cp.reshape(_pt_selection(st, blk) @ x, (n, n), order="C")
            pt_cons.append(expr >> 0)
        cons += pt_cons
    prob = cp.Problem(cp.Maximize(_objective(st) @ x), cons)
    # Clarabel up to d = 4 (largest block 28), SCS from d = 5 on (benchmarks/bench_channel_marginal.py's docstring)
    status, info = run_cvxpy(prob, opts, default_solver="clarabel" if d <= 4 else "scs")
    n4, n3 = d**4, d**3
    j = np.zeros((n4, n4))
    z = np.zeros((n4, n4))
    ya, yb = np.zeros((n3, n3)), np.zeros((n3, n3))
    val = float("nan")
    if status.usable:
        for blk, v in zip(st.blocks, xs):
            j[np.ix_(blk, blk)] = (v.value + v.value.T) / 2
        ya = dual_matrix(np.asarray(ca.dual_value), ea, n3)
        yb = dual_matrix(np.asarray(cb.dual_value), eb, n3)
        for blk, c in zip(st.pt_blocks, pt_cons):
            zm = np.asarray(c.dual_value)
            z[np.ix_(blk, blk)] = (zm + zm.T) / 2
        val = float(prob.value)
    info = type(info)(**{**info.__dict__, "options": {**info.options, "reduction": "covariant",
                                                      "blocks": len(st.blocks),
                                                      "largest_block": max(len(b) for b in st.blocks)}})
    return RelaxationPoint(val, j, ya, yb, z, status, info)
