"""The only code that calls a solver: cvxpy (primary) and picos (cross-check) backends.

Formulations build a ``cvxpy.Problem`` (or a ``picos.Problem``) and call :func:`run_cvxpy` /
:func:`run_picos`, which pick the solver, pass accuracy options, time the run, and return the
mapped :class:`~sdpthermo.results.Status` with a :class:`~sdpthermo.results.SolverInfo`.  Raw
duals are read by the formulation, which maps them to the paper's symbols (DESIGN.md §3).

Examples
--------
>>> import cvxpy as cp
>>> x = cp.Variable()
>>> st, info = run_cvxpy(cp.Problem(cp.Minimize(x), [x >= 1]), SolveOptions())
>>> st.value, info.name
('optimal', 'clarabel')
"""

from __future__ import annotations

import time
import warnings
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from sdpthermo.errors import SolverFailure, ValidationError
from sdpthermo.results import SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions
from sdpthermo.sdp.status import from_cvxpy, from_picos

__all__ = ["SolveOptions", "require_usable", "run_cvxpy", "run_picos"]


def _versions(*pkgs: str) -> dict[str, str]:
    out = {}
    for p in pkgs:
        try:
            out[p] = version(p)
        except PackageNotFoundError:  # pragma: no cover
            out[p] = "missing"
    return out


def _cvxpy_kwargs(solver: str, opts: SolveOptions) -> dict[str, Any]:
    if solver == "scs":
        kw: dict[str, Any] = {"eps_abs": opts.eps, "eps_rel": opts.eps, "max_iters": opts.max_iters or 100_000}
    else:
        kw = {"tol_gap_abs": opts.eps, "tol_gap_rel": opts.eps, "tol_feas": opts.eps,
              "max_iter": opts.max_iters or 500}
    kw.update(opts.extra)
    return kw


def require_cvxpy(opts: SolveOptions) -> None:
    """Refuse a request for another backend than cvxpy (a :class:`ValidationError` naming ``backend``).

    :func:`run_cvxpy` calls it; a formulation that does other work before its solve calls it first, so that
    the refusal comes before that work.
    """
    if opts.backend != "cvxpy":
        raise ValidationError("backend", f"this formulation is modelled in cvxpy only, not {opts.backend!r}",
                              "use backend='cvxpy'")


def run_cvxpy(problem: Any, opts: SolveOptions, default_solver: str = "clarabel") -> tuple[Status, SolverInfo]:
    """Solve a ``cvxpy.Problem`` with Clarabel or SCS; never raises on solver trouble (status says it).

    ``opts.backend`` must be ``"cvxpy"`` (:func:`require_cvxpy`): a formulation without a picos path reaches
    here with the options it was given, and a request for another backend is refused rather than silently
    answered by cvxpy.
    """
    require_cvxpy(opts)
    import cvxpy as cp

    solver = opts.solver or default_solver
    kw = _cvxpy_kwargs(solver, opts)
    t0 = time.perf_counter()
    try:
        with warnings.catch_warnings():  # "may be inaccurate": the status says so and verification decides
            warnings.simplefilter("ignore", UserWarning)
            problem.solve(solver={"clarabel": cp.CLARABEL, "scs": cp.SCS}[solver], **kw)
        status = from_cvxpy(problem.status)
    except cp.error.SolverError as exc:
        status = Status.SOLVER_ERROR
        kw["error"] = str(exc)[:200]
    seconds = time.perf_counter() - t0
    stats = problem.solver_stats
    iters = getattr(stats, "num_iters", None) if stats is not None else None
    return status, SolverInfo(name=solver, backend="cvxpy", versions=_versions("cvxpy", solver, "numpy"),
                              seconds=seconds, iterations=iters, options={k: v for k, v in kw.items()})


def run_picos(problem: Any, opts: SolveOptions) -> tuple[Status, SolverInfo]:
    """Solve a ``picos.Problem`` with CVXOPT (picos' own interior-point path: an independent check)."""
    import picos

    t0 = time.perf_counter()
    try:
        sol = problem.solve(solver="cvxopt", abs_prim_fsb_tol=opts.eps, abs_dual_fsb_tol=opts.eps,
                            rel_ipm_opt_tol=opts.eps, primals=True, duals=True, verbosity=0)
        status = from_picos(sol.primalStatus, sol.dualStatus)
    except picos.SolutionFailure as exc:
        status = Status.SOLVER_ERROR
        if "infeasible" in str(exc).lower():
            status = Status.INFEASIBLE
    seconds = time.perf_counter() - t0
    return status, SolverInfo(name="cvxopt", backend="picos", versions=_versions("picos", "cvxopt", "numpy"),
                              seconds=seconds, iterations=None, options={"eps": opts.eps})


def require_usable(status: Status, what: str) -> None:
    """Raise :class:`SolverFailure` when no point came back."""
    if not status.usable:
        raise SolverFailure(f"{what}: solver returned {status.value}")
