r"""Direct Clarabel calls for small conic programs solved many times (no modelling layer).

Standard form (Clarabel's)::

    min  q^T x   s.t.  A x + s = b,   s in K = {0}^{n_0} x R_+^{n_1} x S_+^{k_1} x S_+^{k_2} x ...

with each PSD cone stored as :func:`svec` (upper triangle, column-major, off-diagonals times ``sqrt(2)``,
so ``<svec X, svec Y> = tr(XY)``).  Used where a formulation re-solves the same structure with new data
many times (the LOSR see-saw), where a modelling layer's per-solve overhead would dominate.

Examples
--------
>>> import numpy as np, scipy.sparse as sp
>>> x = svec(np.array([[1.0, 2.0], [2.0, 3.0]]))
>>> np.round(x, 6).tolist(), float(x @ x) == 1 + 2 * 4 + 9
([1.0, 2.828427, 3.0], True)
>>> # min x s.t. x >= 1:  A = [-1], b = [-1], s = b - A x = x - 1 >= 0
>>> st, info, sol = solve_conic(np.array([1.0]), sp.csc_matrix([[-1.0]]), np.array([-1.0]), [("nonneg", 1)])
>>> st.value, round(float(sol[0]), 6)
('optimal', 1.0)
>>> _, _, x, z = solve_conic_pair(np.array([1.0]), sp.csc_matrix([[-1.0]]), np.array([-1.0]), [("nonneg", 1)])
>>> round(float(z[0]), 6)     # the multiplier of x >= 1
1.0
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from importlib.metadata import version

import numpy as np
import scipy.sparse as sp

from sdpthermo.results import SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions

_STATUS = {"Solved": Status.OPTIMAL, "AlmostSolved": Status.OPTIMAL_INACCURATE,
           "PrimalInfeasible": Status.INFEASIBLE, "AlmostPrimalInfeasible": Status.INFEASIBLE_INACCURATE,
           "DualInfeasible": Status.UNBOUNDED, "AlmostDualInfeasible": Status.UNBOUNDED_INACCURATE,
           "MaxIterations": Status.USER_LIMIT, "MaxTime": Status.USER_LIMIT}


def svec_index(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of each ``svec`` entry (upper triangle, column-major: ``(0,0), (0,1), (1,1), ...``)."""
    rows, cols = [], []
    for j in range(n):
        for i in range(j + 1):
            rows.append(i)
            cols.append(j)
    return np.array(rows), np.array(cols)


def svec(x: np.ndarray) -> np.ndarray:
    """Symmetric ``x`` -> its ``svec`` (isometric: ``<svec X, svec Y> = tr(XY)``)."""
    r, c = svec_index(x.shape[0])
    return np.where(r == c, 1.0, np.sqrt(2.0)) * x[r, c]


def smat(v: np.ndarray, n: int) -> np.ndarray:
    """Inverse of :func:`svec`."""
    r, c = svec_index(n)
    w = np.where(r == c, 1.0, 1 / np.sqrt(2.0)) * v
    out = np.zeros((n, n))
    out[r, c] = w
    out[c, r] = w
    return out


def solve_conic(q: np.ndarray, a: sp.spmatrix, b: np.ndarray, cones: Sequence[tuple[str, int]],
                opts: SolveOptions | None = None) -> tuple[Status, SolverInfo, np.ndarray | None]:
    """Solve the standard form above with Clarabel; ``cones`` lists ``("zero" | "nonneg" | "psd", size)``
    in row order (``size`` of a PSD cone is its matrix order).  Returns the status, the run's info and ``x``.
    """
    status, info, x, _ = solve_conic_pair(q, a, b, cones, opts)
    return status, info, x


def solve_conic_pair(q: np.ndarray, a: sp.spmatrix, b: np.ndarray, cones: Sequence[tuple[str, int]],
                     opts: SolveOptions | None = None, threads: int = 0) -> tuple[Status, SolverInfo,
                                                                             np.ndarray | None, np.ndarray | None]:
    """:func:`solve_conic` that also returns the dual point ``z`` (``max -b^T z`` s.t. ``A^T z + q = 0``,
    ``z in K*``; a PSD block of ``z`` is the ``svec`` of the multiplier of that cone).  ``threads``: Clarabel's
    ``max_threads`` (0: its default).
    """
    import clarabel

    opts = opts or SolveOptions()
    kinds = {"zero": clarabel.ZeroConeT, "nonneg": clarabel.NonnegativeConeT, "psd": clarabel.PSDTriangleConeT}
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.direct_solve_method = "faer"  # faster than qdldl on the see-saw steps: benchmarks/bench_losr_seesaw.py
    settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = opts.eps
    settings.max_iter = opts.max_iters or 500
    settings.max_threads = threads
    n = len(q)
    t0 = time.perf_counter()
    solver = clarabel.DefaultSolver(sp.csc_matrix((n, n)), np.asarray(q, float), sp.csc_matrix(a),
                                    np.asarray(b, float), [kinds[k](s) for k, s in cones], settings)
    sol = solver.solve()
    status = _STATUS.get(str(sol.status), Status.SOLVER_ERROR)
    info = SolverInfo(name="clarabel", backend="direct", versions={"clarabel": version("clarabel")},
                      seconds=time.perf_counter() - t0, iterations=int(sol.iterations),
                      options={"eps": opts.eps})
    if not status.usable:
        return status, info, None, None
    return status, info, np.array(sol.x), np.array(sol.z)
