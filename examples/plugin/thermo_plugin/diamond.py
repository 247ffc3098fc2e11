r"""``example.diamond_distance``: half the diamond norm of the difference of two channels, certified.

.. math:: \tfrac12 \|\Phi_1 - \Phi_2\|_\diamond = \max \{ \langle J_1 - J_2, W \rangle :
          0 \le W \le \rho \otimes I_{out},\ \operatorname{tr} \rho = 1 \}

(Watrous, Theory of Computing 5, 217 (2009), Theorem 6), with Choi matrices
``J = sum_ij |i><j| (x) Phi(|i><j|)`` (input (x) output).  For the identity and the phase gate
``diag(1, e^{i theta})`` the distance is ``sin(theta/2)``.
"""

import numpy as np

import sdpthermo
from sdpthermo import Param, ValidationError


@sdpthermo.question(
    "example.diamond_distance", title="Diamond distance (1/2)||Phi_1 - Phi_2|| of two channels from Choi matrices",
    reference="Watrous 2009, Theorem 6", version="1",
    params=[Param("J1", "array", "Choi matrix of the first channel (input (x) output)"),
            Param("J2", "array", "Choi matrix of the second channel"),
            Param("dims", "ints", "[d_in, d_out]")],
    outputs={"value": "(1/2) ||Phi_1 - Phi_2||_diamond, in [0, 1]", "unit": "", "role": "claim"})
def diamond_distance(p, opts):
    import cvxpy as cp  # imported when solved: listing or describing the question stays free of cvxpy

    d_in, d_out = p["dims"]
    n = d_in * d_out
    for name in ("J1", "J2"):
        if np.shape(p[name]) != (n, n):
            raise ValidationError(name, f"has shape {np.shape(p[name])}, dims {p['dims']} need {n}x{n}")
    j = np.asarray(p["J1"]) - np.asarray(p["J2"])
    j = (j + j.conj().T) / 2
    w = cp.Variable((n, n), hermitian=True)
    rho = cp.Variable((d_in, d_in), hermitian=True)
    constraints = [w >> 0, cp.kron(rho, np.eye(d_out)) - w >> 0, cp.real(cp.trace(rho)) == 1]
    problem = cp.Problem(cp.Maximize(cp.real(cp.trace(j.conj().T @ w))), constraints)
    return sdpthermo.solve_sdp(problem, options=opts, store=None)
