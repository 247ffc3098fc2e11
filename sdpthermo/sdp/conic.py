r"""Solve a ``cvxpy.Problem`` through its conic standard form and keep the solver's points in it.

cvxpy reduces an LP/SOCP/SDP (real, or complex Hermitian through its real embedding) to
``minimize c'x  s.t.  A x + s = b,  s in K`` (:mod:`sdpthermo.certify.conic.cones`).
:func:`solve_standard` builds that form once (``problem.get_problem_data``), hands it to Clarabel or
SCS through cvxpy's own solving chain, fills the problem's variables as ``problem.solve`` would,
and returns the raw ``x`` and ``y`` of the standard form (no reduction in between, so no sign or
scaling convention of cvxpy's dual recovery enters the certificate), plus strictly feasible
primal and dual points found by :func:`slater_points`.

Examples
--------
>>> import cvxpy as cp
>>> x = cp.Variable(2)
>>> cs = solve_standard(cp.Problem(cp.Maximize(cp.sum(x)), [x >= 0, x <= 1]), SolveOptions())
>>> cs.status.value, cs.sign, cs.cones.l, round(float(x.value.sum()), 6)
('optimal', -1, 4, 2.0)
"""

from __future__ import annotations

import functools
import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from sdpthermo.certify.conic.cones import Cones
from sdpthermo.errors import ValidationError
from sdpthermo.results import SolverInfo, Status
from sdpthermo.sdp.backend import _cvxpy_kwargs, _versions
from sdpthermo.sdp.options import SolveOptions
from sdpthermo.sdp.status import from_cvxpy

#: the trial scales of the cone unit that :func:`slater_points` pushes the points towards.
SLATER_SCALES = (1e-3, 1e-2, 1e-1, 1.0, 1e1, 1e2, 1e3)

#: KKT systems up to this many unknowns are solved densely.
DENSE_KKT = 400


@functools.lru_cache(maxsize=4)
def _solver_versions(solver: str) -> dict[str, str]:
    """Package versions recorded in :class:`SolverInfo` (looked up once per process)."""
    return _versions("cvxpy", solver, "numpy")


@dataclass(frozen=True)
class ConicSolve:
    """The standard form, the solver's claim and points, and strictly feasible points (or ``None``)."""

    c: np.ndarray
    A: Any  # scipy.sparse CSC
    b: np.ndarray
    cones: Cones
    offset: float
    sign: int
    status: Status
    x: np.ndarray | None
    y: np.ndarray | None
    x_slater: np.ndarray | None
    y_slater: np.ndarray | None
    solver: SolverInfo


def _cones(dims: Any, triangle: str) -> Cones:
    bad = [name for name, v in (("exponential", dims.exp), ("power", len(dims.p3d)),
                                ("power (n-d)", len(getattr(dims, "pnd", []) or []))) if v]
    if bad:
        raise ValidationError("problem", f"has {', '.join(bad)} cone constraints",
                              "solve_sdp certifies LP, SOCP and SDP only (no log, exp, entropy or power atoms)")
    return Cones(z=int(dims.zero), l=int(dims.nonneg), q=[int(d) for d in dims.soc],
                 s=[int(k) for k in dims.psd], triangle=triangle)


def _raw_points(solver: str, raw: Any) -> tuple[np.ndarray | None, np.ndarray | None]:
    if solver == "scs":
        x, y = raw.get("x"), raw.get("y")
    else:
        x, y = getattr(raw, "x", None), getattr(raw, "z", None)
    as_vec = (lambda v: None if v is None or len(v) == 0 else np.asarray(v, dtype=float))  # noqa: E731
    return as_vec(x), as_vec(y)


def solve_standard(problem: Any, opts: SolveOptions, default_solver: str = "clarabel") -> ConicSolve:
    """Canonicalize, solve and unpack ``problem``; see the module docstring."""
    import cvxpy as cp
    from cvxpy.reductions.flip_objective import FlipObjective

    if not isinstance(problem, cp.Problem):
        raise ValidationError("problem", f"must be a cvxpy.Problem, got {type(problem).__name__}")
    if not problem.is_dcp():
        raise ValidationError("problem", "is not DCP", "rewrite it with cvxpy's DCP atoms")
    solver = opts.solver or default_solver
    kw = _cvxpy_kwargs(solver, opts)
    handle = {"clarabel": cp.CLARABEL, "scs": cp.SCS}[solver]
    t0 = time.perf_counter()
    try:
        data, chain, inverse = problem.get_problem_data(handle, solver_opts={**kw, "use_quad_obj": False})
    except (cp.error.SolverError, cp.error.DCPError, ValueError) as exc:  # integer variables, bad parameters...
        raise ValidationError("problem", f"cvxpy cannot reduce it to a conic problem for {solver} ({exc})",
                              "pass a continuous LP/SOCP/SDP with every parameter set") from None
    triangle = "upper" if solver == "clarabel" else "lower"
    cones = _cones(data["dims"], triangle)
    if data.get("P") is not None:
        raise ValidationError("problem", "has a quadratic objective left after canonicalization",
                              "write the objective as a conic expression")
    sign = -1 if any(isinstance(r, FlipObjective) for r in chain.reductions) else 1
    offset = float(inverse[-1]["offset"])
    status = Status.SOLVER_ERROR
    x = y = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            raw = chain.solve_via_data(problem, data, False, False, kw)
            x, y = _raw_points(solver, raw)
            problem.unpack_results(raw, chain, inverse)
        status = from_cvxpy(problem.status)
    except cp.error.SolverError as exc:
        kw["error"] = str(exc)[:200]
    seconds = time.perf_counter() - t0
    stats = problem.solver_stats
    info = SolverInfo(name=solver, backend="cvxpy", versions=dict(_solver_versions(solver)), seconds=seconds,
                      iterations=getattr(stats, "num_iters", None) if stats is not None else None, options=kw)
    A = data["A"].tocsc()
    c, b = np.asarray(data["c"], float), np.asarray(data["b"], float)
    x0 = y0 = None
    if status.usable and x is not None and y is not None:
        x0, y0 = slater_points(c, A, b, cones, x, y)
    return ConicSolve(c=c, A=A, b=b, cones=cones, offset=offset, sign=sign, status=status, x=x, y=y,
                      x_slater=x0, y_slater=y0, solver=info)


def _solve_kkt(K: Any, rhs: np.ndarray) -> np.ndarray | None:
    """Dense LU below :data:`DENSE_KKT` unknowns (scipy's sparse overhead dominates there), sparse LU above."""
    try:
        if K.shape[0] <= DENSE_KKT:
            return np.linalg.solve(K.toarray(), rhs)
        from scipy.sparse.linalg import splu

        return splu(K.tocsc()).solve(rhs)
    except (RuntimeError, np.linalg.LinAlgError):  # singular even with the regularization
        return None


def _blocks(rows: list[list[Any]], shape: tuple[int, int]) -> Any:
    """A sparse block matrix from a grid of sparse blocks or ``None`` (COO concatenation; ``sp.bmat`` is slow)."""
    import scipy.sparse as sp

    r, c, v = [], [], []
    r0 = 0
    for row in rows:
        c0, height = 0, next(b.shape[0] for b in row if b is not None)
        for blk in row:
            if blk is not None:
                coo = sp.coo_array(blk)
                r.append(coo.row + r0)
                c.append(coo.col + c0)
                v.append(coo.data)
                c0 += blk.shape[1]
        r0 += height
    return sp.csc_array((np.concatenate(v), (np.concatenate(r), np.concatenate(c))), shape=shape)


def _best(points: list[np.ndarray], score: Any) -> np.ndarray | None:
    scored = [(score(p), i) for i, p in enumerate(points)]
    scored = [(s, i) for s, i in scored if np.isfinite(s) and s > 0]
    return points[max(scored)[1]] if scored else None


def slater_points(c: np.ndarray, A: Any, b: np.ndarray, cones: Cones, x: np.ndarray, y: np.ndarray
                  ) -> tuple[np.ndarray | None, np.ndarray | None]:
    r"""Strictly feasible primal and dual points, or ``None`` where this heuristic finds none.

    Primal: ``x0 = argmin ||A_K x - (b_K - alpha e)||`` subject to ``A_0 x = b_0`` (the cone's unit ``e``
    pushed through the equalities: ``I / d`` for a density matrix, the centre of a box); dual:
    ``y0 = argmin ||y_K - beta e||`` subject to ``A'y = -c``.  Both are affine in the scale, so two
    sparse KKT solves serve every trial scale of :data:`SLATER_SCALES`; the scale kept maximizes the
    smallest cone eigenvalue per unit of objective gap to the solver's point.  The verifier
    re-checks both points from scratch; they only have to be good, not trusted.
    """
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla

    z, m, n = cones.z, b.size, c.size
    e = cones.identity()
    rho = 1e-12 * (1.0 + float(spla.norm(A)) ** 2)
    scale = max(1.0, float(np.max(np.abs(b), initial=0.0)), float(np.max(np.abs(c), initial=0.0)))
    A_z, A_K = A[:z], A[z:]
    # primal: [[A_K'A_K + rho I, A_z'], [A_z, -rho I]] [x; lam] = [A_K' t; b_z]
    kkt = _blocks([[A_K.T @ A_K + rho * sp.eye(n), A_z.T], [A_z, -rho * sp.eye(z)]], (n + z, n + z)) if z else \
        (A_K.T @ A_K + rho * sp.eye(n)).tocsc()
    rhs = np.zeros((n + z, 2))
    rhs[:n, 0] = A_K.T @ b[z:]
    rhs[n:, 0] = b[:z]
    rhs[:n, 1] = -(A_K.T @ e[z:])
    sol = _solve_kkt(kkt, rhs)
    x0 = None
    if sol is not None:
        xa, xb = sol[:n, 0], sol[:n, 1]
        cands = [xa + a * scale * xb for a in SLATER_SCALES]
        if z:
            gram = (A_z @ A_z.T + rho * sp.eye(z)).tocsc()
            corr = _solve_kkt(gram, np.stack([b[:z] - A_z @ p for p in cands], axis=1))
            if corr is not None:
                cands = [p + A_z.T @ corr[:, i] for i, p in enumerate(cands)]
        cx = float(c @ x)
        x0 = _best(cands, lambda p: float(cones.lam_min(b - A @ p)[0].min(initial=1.0))
                   / (1.0 + abs(float(c @ p) - cx)))
    # dual: [[D, A], [A', -rho I]] [y; mu] = [beta e; -c],  D = rho on the zero rows, 1 elsewhere
    d = np.ones(m)
    d[:z] = rho
    kkt = _blocks([[sp.diags(d), A], [A.T, -rho * sp.eye(n)]], (m + n, m + n))
    rhs = np.zeros((m + n, 2))
    rhs[:m, 0] = e
    rhs[m:, 1] = -c
    sol = _solve_kkt(kkt, rhs)
    y0 = None
    if sol is not None:
        ye, yc = sol[:m, 0], sol[:m, 1]
        by = float(b @ y)
        y0 = _best([yc + s * scale * ye for s in SLATER_SCALES],
                   lambda p: float(cones.lam_min(p)[0].min(initial=1.0)) / (1.0 + abs(float(b @ p) - by)))
    return x0, y0
