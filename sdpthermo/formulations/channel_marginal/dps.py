r"""DPS relaxation of the channel marginal problem: symmetric extensions of Bob's half of the Choi matrix.

    max  tr(C J)
    s.t. [EXT]     X >= 0 on A ⊗ Sym^k(B),   J = d^2 Phi(X)        (models.channel_marginal.symmetric_extension)
         [Def1-A]  tr_{B_out} J = I ⊗ gamma_A                        (dual Y_A)
         [Def1-B]  tr_{A_out} J = I ⊗ gamma_B                        (dual Y_B)
         [PPT]     J^{T_B} >= 0                                      (dual Z)

    dual: min tr(Y_A I⊗gamma_A) + tr(Y_B I⊗gamma_B)
          s.t. S_X = d^2 Phi*(Y_A ⊗ I + Y_B ⊗ I - C - Z^{T_B}) >= 0,  Z >= 0

Level ``k = 1`` is the PPT relaxation; every level contains all LOSR channels (their normalized Choi
matrices are separable across Alice|Bob), and the levels decrease with ``k``.  The verifier bounds
``tr(C J) <= <b, y> + max(0, -lmin S_X) + d^2 max(0, -lmin Z)`` (``tr X = 1``).  Dense and real;
qubit channels up to ``k = 4`` (``MAX_EXTENSION_SIZE``).

Examples
--------
>>> from sdpthermo.models.states import gibbs_state
>>> from sdpthermo.models.channel_marginal.local_thermalization import fidelity_operator
>>> g = gibbs_state([0.0, 1.0], 1.0)
>>> r = solve_relaxation_dps(g, g, fidelity_operator(2), 2)
>>> round(r.value, 6)
0.768941
"""

from __future__ import annotations

import numpy as np

from sdpthermo.formulations.channel_marginal.bound import RelaxationPoint
from sdpthermo.linalg.hermitian import herm
from sdpthermo.models.channel_marginal.local_thermalization import dims4, targets
from sdpthermo.models.channel_marginal.symmetric_extension import check_extension, extension_map
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions


def solve_relaxation_dps(gamma_a: np.ndarray, gamma_b: np.ndarray, c: np.ndarray, level: int,
                         opts: SolveOptions | None = None) -> RelaxationPoint:
    """Solve the level-``k`` DPS relaxation (real ``C`` only)."""
    import cvxpy as cp

    opts = opts or SolveOptions()
    d = gamma_a.shape[0]
    check_extension(d, level)
    t = extension_map(d, level)
    size = int(round(np.sqrt(t.shape[1])))
    n = d**4
    x = cp.Variable((size, size), symmetric=True)
    j = cp.reshape(t @ cp.vec(x, order="C"), (n, n), order="C")
    ta, tb = targets(gamma_a, gamma_b)
    ca = cp.partial_trace(j, dims4(d), axis=3) == ta
    cb = cp.partial_trace(j, dims4(d), axis=2) == tb
    jt = cp.partial_transpose(cp.partial_transpose(j, dims4(d), axis=1), dims4(d), axis=3)
    cz = jt >> 0
    prob = cp.Problem(cp.Maximize(cp.trace(np.real(c) @ j)), [x >> 0, ca, cb, cz])
    status, info = run_cvxpy(prob, opts, default_solver="clarabel")
    zero3 = np.zeros((d**3, d**3))
    if not status.usable:
        return RelaxationPoint(float("nan"), np.zeros((n, n)), zero3, zero3, np.zeros((n, n)), status, info)
    jv = herm(np.asarray(t @ x.value.reshape(-1)).reshape(n, n))
    return RelaxationPoint(float(prob.value), jv, herm(np.asarray(ca.dual_value)), herm(np.asarray(cb.dual_value)),
                           herm(np.asarray(cz.dual_value)), status, info)
