r"""Speed-up of local thermalization with the random-unitary twirl ``T_U^(N)`` (seed 000 §V B, Theorem 7, App. D).

``N_delta = ceil(8 log2(d^2 P_min sqrt 2 / delta))`` unitaries (Eq. (D15)) give the times
``t_1 = tau_eta ln(1/(d P_min)) + N_delta t_U`` (Eq. (D16)) and ``t_2 = tau_gamma ln(||rho - gamma||_inf / delta)``
(Eq. (D17)); Eq. (22) is the condition ``tau_gamma > 8 t_U / ln 2`` (:func:`~sdpthermo.models.eplt.protocols.speedup`).
The ``eplt-speedup`` certificate stores the inputs and ``N_delta``; its verifier recomputes Eq. (D15) with the
rounding of ``log2`` charged.  Times are in units of ``t_U``.

Examples
--------
>>> out = solve_speedup(speedup_problem(4, 2 / 16, 1e-3, 100.0, 100.0))
>>> out.value, out.verified                     # the paper's example below Eq. (22)
(92.0, True)
"""

from __future__ import annotations

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.models.eplt.protocols import EQ22_FACTOR, speedup
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions


def speedup_problem(d: int, p_min: float, delta: float, tau_gamma: float, tau_eta: float) -> dict[str, np.ndarray]:
    """The inputs of Eq. (D15)–(D17) as certificate ``problem`` arrays (``t_U = 1``)."""
    return {k: np.array(float(v)) for k, v in
            {"d": d, "p_min": p_min, "delta": delta, "tau_gamma": tau_gamma, "tau_eta": tau_eta, "t_u": 1.0}.items()}


def solve_speedup(problem: dict[str, np.ndarray], distance: float | None = None,
                  opts: SolveOptions | None = None) -> Outcome:
    """``N_delta`` (value), ``t_1``, ``t_2`` and the Eq. (22) check for the inputs of :func:`speedup_problem`;
    ``distance`` is ``||rho - gamma||_inf`` of the input (it gives ``t_2``; ``None`` leaves it out)."""
    opts = opts or SolveOptions()
    d = int(problem["d"])
    pmin, tau_eta = float(problem["p_min"]), float(problem["tau_eta"])
    s = speedup(d, pmin, float(problem["delta"]), float(problem["tau_gamma"]), tau_eta, 1.0, distance)
    cert = Certificate(kind=kinds.EPLT_SPEEDUP, sense="min", primal={"N": np.array(s["N"])}, dual={}, problem=problem,
                       convention="Eq. (D15)-(D17), (22); times in units of t_U", meta={})
    ver = verify(cert, opts.tol)
    data = {**s, "P_min": pmin, "tau_eta": tau_eta, "eq22_factor": EQ22_FACTOR,
            "distance_threshold_over_d": s["distance_threshold"] / d}
    return Outcome(status=Status.CLOSED_FORM, value=float(s["N"]), certificate=cert, verification=ver, data=data,
                   solver=SolverInfo(name="closed-form", backend="none"))
