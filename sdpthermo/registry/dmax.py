r"""Questions ``dmax`` and ``dmax.smooth``: the max-relative entropy and its smoothed version, in bits (seed 002).

* ``dmax`` — ``D_max(rho||sigma) = log2 min{t : rho <= t sigma}`` (Eq. (10)) by the generalized eigenvalue
  problem (:mod:`sdpthermo.formulations.dmax.exact`);
* ``dmax.smooth`` — ``D_max^eps`` (Eq. (11)) over normalized states in an ``eps``-ball, a certified interval
  (:mod:`sdpthermo.formulations.dmax.smooth`).

Examples
--------
>>> import numpy as np, sdpthermo
>>> r = sdpthermo.solve("dmax", rho=np.diag([0.5, 0.5]), sigma=np.diag([0.75, 0.25]), store=None)
>>> round(r.value, 12), r.verified
(1.0, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sdpthermo.formulations.dmax.exact import solve_dmax
from sdpthermo.formulations.dmax.smooth import METHODS, METRICS, check_smoothing_eps, prepare, radius, solve_dmax_smooth
from sdpthermo.registry import guards
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.params import Param
from sdpthermo.results import Outcome
from sdpthermo.sdp.options import SolveOptions

SEED = "002_97900ad14424775e.txt"
RHO = Param("rho", "array", "state rho (density matrix)")
SIGMA = Param("sigma", "array", "reference state sigma (density matrix)")

OUTPUTS = {
    "dmax": Outputs(value="D_max(rho||sigma) = log2 min{t : rho <= t sigma} (Eq. 10)", unit="bits", role=Role.EXACT,
                    symbol=r"$D_{\max}$", data={"t": "2^{D_max}"}),
    "dmax.smooth": Outputs(
        value="D_max^eps(rho||sigma) (Eq. 11): the solver's value, or the verified lower end on the fast "
              "route", unit="bits", role=Role.CLAIM, symbol=r"$D_{\max}^{\epsilon}$",
        data={"candidate_psd": "the spectral candidate is a state", "commuting": "rho and sigma commute",
              "gap_bits": "upper - lower [bits]", "max_block": "largest common block", "metric": "smoothing ball",
              "nblocks": "number of common blocks", "radius": "ball radius in the trace norm",
              "route": "which route certified the interval", "t_interval": "[2^lower, 2^upper]",
              "t_lower": "2^lower"}),
}


def _smooth_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """The prepared blocks (:func:`~sdpthermo.formulations.dmax.smooth.prepare`) a ``dmax.smooth`` certificate
    is about, rebuilt from its ``rho`` and ``sigma`` (store binding)."""
    blocks = prepare(p["rho"], p["sigma"]).blocks
    return {**{f"rho_{b}": rb for b, (rb, _) in enumerate(blocks)},
            **{f"sigma_{b}": sb for b, (_, sb) in enumerate(blocks)},
            "meta:radius": radius(p["eps"], p["metric"]), "meta:metric": p["metric"], "meta:eps": p["eps"]}


def _check_smooth(p: dict[str, Any]) -> dict[str, Any]:
    check_smoothing_eps(p["eps"], p["metric"])
    return p


@question("dmax", outputs=OUTPUTS["dmax"],
          title="Max-relative entropy D_max(rho||sigma) in bits", reference=f"{SEED} Eq. (10)",
          version="1", memory=guards.memory_dmax, backends=("none",), params=[RHO, SIGMA])
def q_dmax(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """Eq. (10) by the generalized eigenvalue problem; supp(rho) ⊄ supp(sigma) is an error (D_max = +inf)."""
    return solve_dmax(params["rho"], params["sigma"], opts)


@question("dmax.smooth", outputs=OUTPUTS["dmax.smooth"],
          title="Smooth max-relative entropy D_max^eps(rho||sigma) in bits, certified interval",
          reference=f"{SEED} Eq. (11)", version="1", memory=guards.memory_dmax,
          backends={"auto": ("cvxpy",), "fast": ("none",), "sdp": ("cvxpy",)},
          params=[RHO, SIGMA, Param("eps", "float", "smoothing radius", low=0.0, high=2.0),
                  Param("metric", "str", "ball: trace-norm (seed), trace-distance, purified", default="trace-norm",
                        choices=METRICS),
                  Param("method", "str", "auto | fast (no full-size SDP, no modelling layer) | sdp", default="auto",
                        choices=METHODS)],
          check=_check_smooth,
          problem_data=_smooth_problem)
def q_dmax_smooth(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """Eq. (11) over normalized states (see :mod:`sdpthermo.formulations.dmax.smooth`)."""
    return solve_dmax_smooth(params["rho"], params["sigma"], params["eps"], params["metric"], params["method"], opts)
