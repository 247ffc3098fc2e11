r"""The static bound: the largest overlap with ``Psi+`` of any state with thermal marginals (seed 000, §II).

    max  tr(C sigma)  s.t.  sigma >= 0,  tr_B sigma = gamma_A [Y_A],  tr_A sigma = gamma_B [Y_B]
    dual: min tr(Y_A gamma_A) + tr(Y_B gamma_B)  s.t.  Y_A ⊗ I + I ⊗ Y_B - C >= 0

Dropping Definition 1's channel condition leaves this state marginal problem; it equals the
``"nonsignalling"`` relaxation of the channel problem (the constant channel onto the optimal state is
feasible there, and every feasible channel maps ``Psi+`` to a feasible state).  For equal diagonal
marginals ``gamma_A = gamma_B = diag(P)``, ``sigma = |psi><psi|`` with ``psi = sum_n sqrt(P_n) |nn>`` gives
``(sum_n sqrt(P_n))^2 / d``; the tests check that this is the certified optimum for d = 2..5.  The upper
bound is certified from the dual with ``upper = <b, y> + max(0, -lambda_min(S))`` (``tr sigma = 1``).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.states import gibbs_state, max_entangled
>>> g = gibbs_state([0.0, 1.0], 1.0)
>>> val, upper = static_bound(g, g, max_entangled(2))
>>> bool(abs(val - (np.sqrt(g[0, 0]) + np.sqrt(g[1, 1]))**2 / 2) < 1e-7), upper >= val - 1e-9
(True, True)
"""

from __future__ import annotations

import numpy as np

from sdpthermo.linalg.hermitian import herm
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions


def static_bound(gamma_a: np.ndarray, gamma_b: np.ndarray, c_state: np.ndarray,
                 opts: SolveOptions | None = None) -> tuple[float, float]:
    """``(solver value, certified upper bound)`` of the state marginal problem above."""
    import cvxpy as cp

    d = gamma_a.shape[0]
    sig = cp.Variable((d * d, d * d), symmetric=True)
    ca = cp.partial_trace(sig, [d, d], axis=1) == gamma_a
    cb = cp.partial_trace(sig, [d, d], axis=0) == gamma_b
    prob = cp.Problem(cp.Maximize(cp.trace(c_state @ sig)), [sig >> 0, ca, cb])
    status, _ = run_cvxpy(prob, opts or SolveOptions())
    if not status.usable:
        return float("nan"), float("inf")
    ya, yb = herm(np.asarray(ca.dual_value)), herm(np.asarray(cb.dual_value))
    s = np.kron(ya, np.eye(d)) + np.kron(np.eye(d), yb) - c_state
    viol = max(0.0, -float(np.linalg.eigvalsh(herm(s))[0]))
    upper = float(np.sum(ya * gamma_a) + np.sum(yb * gamma_b)) + viol
    return float(prob.value), upper
