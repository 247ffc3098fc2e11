r"""How much entanglement can any local thermalization keep?  The channel marginal problem of seed 000
(outlook), as a certified interval ``[LOSR lower, relaxation upper]``.

Relaxation SDP over Choi matrices ``J`` on ``A_in B_in A_out B_out`` (labels are those of the constraints)::

    max  tr(C J)
    s.t. [CP]      J >= 0
         [Def1-A]  tr_{B_out} J = I ⊗ gamma_A          (dual Y_A)
         [Def1-B]  tr_{A_out} J = I ⊗ gamma_B          (dual Y_B)
         [PPT]     J^{T_B} >= 0                        (dual Z; relaxation "ppt" only)

    dual: min tr(Y_A I⊗gamma_A) + tr(Y_B I⊗gamma_B)  s.t.  Y_A ⊗ I + Y_B ⊗ I - C - Z^{T_B} >= 0,  Z >= 0

with ``C = Psi+ ⊗ Psi+`` (objective ``"fef"``: ``F = <Psi+|Lambda(Psi+)|Psi+>``) or ``C = -(rho^T ⊗ W)``
(objective ``"witness"``: the largest violation ``-tr(W Lambda(rho))``).  LOSR ⊂ PPT ⊂ "nonsignalling"
(Definition 1's constant marginals already forbid signalling), so the dual bounds every local
thermalization.  For ``"nonsignalling"`` the optimum equals the *static bound*
``max {tr(C' sigma): sigma >= 0, tr_B sigma = gamma_A, tr_A sigma = gamma_B}`` (any feasible channel maps Psi+
to such a state; the constant channel onto the optimal state is feasible).

Lower bounds are explicit LOSR channels (:mod:`sdpthermo.formulations.channel_marginal.losr`).  cvxpy returns equality
duals with the sensitivity sign of a maximization (``y = d opt / d b``), so ``Y_A``, ``Y_B`` are the raw
duals (symmetrized), and ``Z`` is the dual of ``[PPT]``.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.states import gibbs_state
>>> from sdpthermo.models.channel_marginal.local_thermalization import fidelity_operator
>>> g = gibbs_state([0.0, 1.0], 1.0)
>>> out = solve_relaxation(g, g, fidelity_operator(2), "ppt")
>>> bool(round(out.value, 6) >= round(2 * g[1, 1] + (1 - 2 * g[1, 1]) / 2, 6))   # at least E^{eps*}
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sdpthermo.linalg.hermitian import herm
from sdpthermo.models.channel_marginal.local_thermalization import dims4, targets
from sdpthermo.results import SolverInfo, Status
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions

RELAXATIONS = ("nonsignalling", "ppt")


@dataclass(frozen=True)
class RelaxationPoint:
    """Primal ``J`` and the dual ``(Y_A, Y_B, Z)`` in the paper's layout, with the solver's claim."""

    value: float
    J: np.ndarray
    Y_A: np.ndarray
    Y_B: np.ndarray
    Z: np.ndarray
    status: Status
    solver: SolverInfo


def build_relaxation_cvxpy(gamma_a: np.ndarray, gamma_b: np.ndarray, c: np.ndarray,
                           relaxation: str) -> tuple[Any, dict[str, Any]]:
    """The full (unreduced) relaxation; real symmetric ``J`` when ``C`` is real."""
    import cvxpy as cp

    d = gamma_a.shape[0]
    n = d**4
    cplx = np.iscomplexobj(c)
    j = cp.Variable((n, n), hermitian=True) if cplx else cp.Variable((n, n), symmetric=True)
    ta, tb = targets(gamma_a, gamma_b)
    cons = {"CP": j >> 0,
            "Def1-A": cp.partial_trace(j, dims4(d), axis=3) == ta,
            "Def1-B": cp.partial_trace(j, dims4(d), axis=2) == tb}
    if relaxation == "ppt":
        jt = cp.partial_transpose(cp.partial_transpose(j, dims4(d), axis=1), dims4(d), axis=3)
        cons["PPT"] = jt >> 0
    obj = cp.trace(c @ j)
    prob = cp.Problem(cp.Maximize(cp.real(obj) if cplx else obj), list(cons.values()))
    return prob, {"J": j, "constraints": cons, "complex": cplx}


def solve_relaxation(gamma_a: np.ndarray, gamma_b: np.ndarray, c: np.ndarray, relaxation: str,
                     opts: SolveOptions | None = None) -> RelaxationPoint:
    """Solve the full relaxation and map its duals to ``(Y_A, Y_B, Z)``."""
    opts = opts or SolveOptions()
    d = gamma_a.shape[0]
    n = d**4
    prob, v = build_relaxation_cvxpy(gamma_a, gamma_b, c, relaxation)
    status, info = run_cvxpy(prob, opts, default_solver="clarabel" if d <= 2 else "scs")
    k = 2 if v["complex"] else 1  # cvxpy halves Hermitian PSD duals
    cons = v["constraints"]
    zero3 = np.zeros((d**3, d**3))
    ya = herm(np.asarray(cons["Def1-A"].dual_value)) if status.usable else zero3
    yb = herm(np.asarray(cons["Def1-B"].dual_value)) if status.usable else zero3
    z = (k * herm(np.asarray(cons["PPT"].dual_value)) if "PPT" in cons and status.usable else np.zeros((n, n)))
    jv = herm(np.asarray(v["J"].value)) if status.usable else np.zeros((n, n))
    val = float(prob.value) if status.usable else float("nan")
    return RelaxationPoint(val, jv, ya, yb, z, status, info)
