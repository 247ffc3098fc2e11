"""Map solver status strings (cvxpy, picos) onto :class:`~sdpthermo.results.Status`.

Examples
--------
>>> from_cvxpy("optimal_inaccurate").value
'optimal_inaccurate'
>>> from_picos("optimal", "optimal").value
'optimal'
"""

from __future__ import annotations

from sdpthermo.results import Status

_CVXPY = {
    "optimal": Status.OPTIMAL,
    "optimal_inaccurate": Status.OPTIMAL_INACCURATE,
    "infeasible": Status.INFEASIBLE,
    "infeasible_inaccurate": Status.INFEASIBLE_INACCURATE,
    "unbounded": Status.UNBOUNDED,
    "unbounded_inaccurate": Status.UNBOUNDED_INACCURATE,
    "user_limit": Status.USER_LIMIT,
}


def from_cvxpy(status: str | None) -> Status:
    """cvxpy's ``problem.status`` -> :class:`Status` (anything unknown is a solver error)."""
    return _CVXPY.get(str(status), Status.SOLVER_ERROR)


def from_picos(claimed_primal: str, claimed_dual: str) -> Status:
    """picos' ``solution.primalStatus`` / ``dualStatus`` -> :class:`Status`."""
    p, d = str(claimed_primal).lower(), str(claimed_dual).lower()
    if "infeasible" in p:
        return Status.INFEASIBLE
    if "unbounded" in p:
        return Status.UNBOUNDED
    if p == "optimal" and d == "optimal":
        return Status.OPTIMAL
    if p in ("optimal", "feasible") or d in ("optimal", "feasible"):
        return Status.OPTIMAL_INACCURATE
    return Status.SOLVER_ERROR
