r"""``example.hmin``: the conditional min-entropy of a bipartite state, certified.

.. math:: 2^{-H_{\min}(A|B)_\rho} = \min \{ \operatorname{tr} \sigma_B : I_A \otimes \sigma_B \ge \rho_{AB} \}

(König, Renner, Schaffner, IEEE Trans. Inf. Theory 55, 4337 (2009), Eq. (8)); ``rho`` is first mixed
with white noise, ``(1 - noise) rho + noise I/d``.  For a Bell state ``H_min = -log2(2 - 3 noise/2)``.
"""

import numpy as np

import sdpthermo
from sdpthermo import Param, ValidationError


@sdpthermo.question(
    "example.hmin", title="Conditional min-entropy H_min(A|B) of a noisy bipartite state",
    reference="Koenig, Renner, Schaffner 2009, Eq. (8)", version="1",
    params=[Param("rho", "array", "bipartite density matrix on A (x) B"),
            Param("dims", "ints", "local dimensions [d_A, d_B]"),
            Param("noise", "float", "weight of white noise mixed in", default=0.0, low=0.0, high=1.0)],
    outputs=sdpthermo.Outputs(value="H_min(A|B) = -log2 of the optimal guessing probability", unit="bits",
                              role=sdpthermo.Role.CLAIM))
def hmin(p, opts):
    import cvxpy as cp  # imported when solved: listing or describing the question stays free of cvxpy

    d_a, d_b = p["dims"]
    rho = np.asarray(p["rho"])
    if rho.shape != (d_a * d_b, d_a * d_b):
        raise ValidationError("rho", f"has shape {rho.shape}, dims {p['dims']} need {d_a * d_b}x{d_a * d_b}")
    rho = (1 - p["noise"]) * rho + p["noise"] * np.eye(d_a * d_b) / (d_a * d_b)
    rho = (rho + rho.conj().T) / 2  # exactly Hermitian: cvxpy compares both triangles
    cplx = np.iscomplexobj(rho)
    sigma = cp.Variable((d_b, d_b), **({"hermitian": True} if cplx else {"symmetric": True}))
    objective = cp.real(cp.trace(sigma)) if cplx else cp.trace(sigma)
    problem = cp.Problem(cp.Minimize(objective), [cp.kron(np.eye(d_a), sigma) - rho >> 0])
    return sdpthermo.solve_sdp(problem, options=opts, store=None, transform="-log2")
