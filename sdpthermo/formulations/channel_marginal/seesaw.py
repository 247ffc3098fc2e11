r"""The LOSR see-saw compiled once per instance: both one-sided SDPs as parametrized cvxpy problems.

With Bob's local Choi matrices ``J_{B_l}`` fixed, the best weights and Alice maps solve, in
``Ã_l = p_l J_{A_l}`` (seed 000, Definition 1 for ``Lambda = sum_l p_l A_l ⊗ B_l``)::

    max  sum_l tr(M_l Ã_l)
    s.t. Ã_l >= 0,  tr_out Ã_l = p_l I,  sum_l Ã_l = I ⊗ gamma_A,  sum_l p_l J_{B_l} = I ⊗ gamma_B,  p >= 0

with ``M_l`` the objective contracted with ``J_{B_l}``; Bob's step is the mirror image (his weights are
free too, subject to Alice's marginal).  Only ``M_l`` and the fixed side's Choi stack change between
steps, so both problems are built once with ``cvxpy.Parameter`` objects (DPP) and every step only
re-applies parameters: no re-canonicalization.  The number of terms ``m`` is fixed; a term whose weight
drops to zero keeps its previous map (any CPTP map will do) and may be revived later.

Each step cannot decrease the objective (the current ensemble is feasible); the result is repaired to an
exact local thermalization (:func:`~sdpthermo.models.channel_marginal.local_thermalization.repair_ensemble`).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.states import gibbs_state
>>> from sdpthermo.models.channel_marginal.local_thermalization import eplt_weyl_ensemble, fidelity_operator
>>> g = gibbs_state([0.0, 1.0], 1.0)
>>> start = eplt_weyl_ensemble(g, g, 2 * g[1, 1])
>>> prog = SeesawProgram(g, g, fidelity_operator(2), len(start.probs))
>>> val, ens = prog.run(start, iters=4)
>>> round(val, 9)      # qubits: E^{eps*} is optimal (the PPT bound meets it)
0.768941421
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from sdpthermo.models.channel_marginal.local_thermalization import repair_ensemble
from sdpthermo.models.eplt.protocols import LosrEnsemble
from sdpthermo.sdp.direct import smat, solve_conic, svec, svec_index
from sdpthermo.sdp.options import SolveOptions


def contract_other(c: np.ndarray, j_other: np.ndarray, d: int, side: str) -> np.ndarray:
    """``M`` with ``tr(C P(J_A ⊗ J_B)P^†) = tr(M J_side)`` for the other side's Choi matrix fixed.

    ``tr(C J) = sum C[r, s] J[s, r]``; with ``C`` indexed ``(ai bi ao bo),(ai' bi' ao' bo')``, Alice's
    ``M[(ai ao),(ai' ao')] = sum C[...] J_B[(bi' bo'),(bi bo)]`` and symmetrically for Bob.
    """
    t = c.reshape([d] * 8)
    o = j_other.reshape(d, d, d, d)
    if side == "A":
        m = np.einsum("abcdefgh,fhbd->aceg", t, o)
    else:
        m = np.einsum("abcdefgh,egac->bdfh", t, o)
    return m.reshape(d * d, d * d)


class _SideProblem:
    """One side's step in Clarabel's standard form; ``x = [svec Ã_1, ..., svec Ã_m, p]``.

    Rows: ``tr_out Ã_l = p_l I`` and ``sum_l Ã_l = I ⊗ gamma`` (fixed), the other side's marginal
    ``sum_l p_l svec J_l = svec(I ⊗ gamma_other)`` (rebuilt each step), ``p >= 0``, ``Ã_l >= 0``.
    """

    def __init__(self, gamma: np.ndarray, gamma_other: np.ndarray, m: int) -> None:
        d = gamma.shape[0]
        dd = d * d
        ns = dd * (dd + 1) // 2
        self.d, self.m, self.ns = d, m, ns
        r, c = svec_index(dd)
        scale = np.where(r == c, 1.0, 1 / np.sqrt(2.0))  # matrix entry = scale * svec entry
        rows, cols, vals = [], [], []
        row = 0
        for lam in range(m):  # tr_out Ã_l - p_l I = 0 on the upper triangle of d x d
            for i in range(d):
                for j in range(i, d):
                    for k in np.nonzero((r // d == i) & (c // d == j) & (r % d == c % d))[0]:
                        rows.append(row)
                        cols.append(lam * ns + k)
                        vals.append(scale[k])
                    if i == j:
                        rows.append(row)
                        cols.append(m * ns + lam)
                        vals.append(-1.0)
                    row += 1
        trace_rows = row
        for lam in range(m):  # sum_l svec Ã_l = svec(I ⊗ gamma)
            rows += list(range(row, row + ns))
            cols += list(range(lam * ns, (lam + 1) * ns))
            vals += [1.0] * ns
        self.static = sp.csr_matrix((vals, (rows, cols)), shape=(trace_rows + ns, m * ns + m))
        self.b_static = np.concatenate([np.zeros(trace_rows), svec(np.kron(np.eye(d), gamma))])
        self.b_other = svec(np.kron(np.eye(d), gamma_other))
        self.cones = [("zero", trace_rows + 2 * ns), ("nonneg", m)] + [("psd", dd)] * m
        n = m * ns + m
        cone_rows = -sp.identity(n, format="csr")
        self.tail = sp.vstack([cone_rows[m * ns:], cone_rows[:m * ns]])  # p >= 0 first, then the blocks

    def solve(self, mats: list[np.ndarray], other: np.ndarray,
              opts: SolveOptions) -> tuple[np.ndarray, np.ndarray] | None:
        """``(Ã stack, p)`` for objective matrices ``mats`` and the other side's Choi stack ``other``."""
        m, ns = self.m, self.ns
        q = np.concatenate([-svec(x) for x in mats] + [np.zeros(m)])
        fixed = sp.hstack([sp.csr_matrix((ns, m * ns)), sp.csr_matrix(np.array([svec(j) for j in other]).T)])
        a = sp.vstack([self.static, fixed, self.tail], format="csc")
        b = np.concatenate([self.b_static, self.b_other, np.zeros(m + m * ns)])
        status, _, x = solve_conic(q, a, b, self.cones, opts)
        if x is None:
            return None
        dd = self.d * self.d
        return np.array([smat(x[lam * ns:(lam + 1) * ns], dd) for lam in range(m)]), x[m * ns:]


class SeesawProgram:
    """Alice's and Bob's see-saw SDPs for one instance and ``m`` terms (real objective ``C``)."""

    def __init__(self, gamma_a: np.ndarray, gamma_b: np.ndarray, c: np.ndarray, m: int) -> None:
        self.d = gamma_a.shape[0]
        self.gamma_a, self.gamma_b, self.m = gamma_a, gamma_b, m
        self.c = np.real(c)
        self.sides = {"A": _SideProblem(gamma_a, gamma_b, m), "B": _SideProblem(gamma_b, gamma_a, m)}

    def value(self, ens: LosrEnsemble) -> float:
        """``tr(C J_LOSR)`` of an ensemble."""
        return float(np.vdot(self.c, ens.choi()))

    def step(self, ens: LosrEnsemble, side: str, opts: SolveOptions | None = None) -> LosrEnsemble | None:
        """Optimize ``side``'s maps and all weights with the other side fixed (``None`` on solver trouble)."""
        opts = opts or SolveOptions()
        prob = self.sides[side]
        own, other = (ens.choi_a, ens.choi_b) if side == "A" else (ens.choi_b, ens.choi_a)
        out = prob.solve([contract_other(self.c, np.real(jo), self.d, side) for jo in other], np.real(other), opts)
        if out is None:
            return None
        jt, pv = out
        pv = np.clip(pv, 0, None)
        new = np.array([jt[lam] / pv[lam] if pv[lam] > 1e-12 else np.real(own[lam]) for lam in range(self.m)])
        p = pv / pv.sum()
        if side == "A":
            return LosrEnsemble.bipartite(p, new, np.real(ens.choi_b))
        return LosrEnsemble.bipartite(p, np.real(ens.choi_a), new)

    def run(self, start: LosrEnsemble, *, iters: int = 20, tol: float = 1e-9, first: str = "A",
            opts: SolveOptions | None = None) -> tuple[float, LosrEnsemble]:
        """Alternate steps from ``start`` (``m`` terms); the best repaired ensemble and its value.

        Stops after ``iters`` steps or when a full Alice+Bob round gains less than ``tol``.
        """
        if len(start.probs) != self.m:
            raise ValueError(f"start has {len(start.probs)} terms, the program {self.m}")
        ga, gb = self.gamma_a, self.gamma_b
        with threadpool_limits(1):
            best = repair_ensemble(start, ga, gb)
            best_val = self.value(best)
            cur, round_start = best, best_val
            sides = ("A", "B") if first == "A" else ("B", "A")
            for it in range(iters):
                nxt = self.step(cur, sides[it % 2], opts)
                if nxt is None:
                    break
                cur = repair_ensemble(nxt, ga, gb)
                val = self.value(cur)
                if val > best_val:
                    best, best_val = cur, val
                if it % 2 == 1:
                    if best_val < round_start + tol:
                        break
                    round_start = best_val
        return best_val, best
