"""Questions ``ppt`` and ``ppt.witness``: the PPT criterion on a given bipartite state (seed 000 Theorem 3).

* ``ppt`` — the negativity ``N = (||rho^T_B||_1 - 1)/2`` with a verified PPT witness
  (:mod:`sdpthermo.formulations.negativity`);
* ``ppt.witness`` — the optimal normalized decomposable witness ``W = P + Q^T_B``, ``tr(P + Q) = 1``
  (:mod:`sdpthermo.formulations.decomposable_witness`).

Examples
--------
>>> import numpy as np, sdpthermo
>>> psi = np.array([1, 0, 0, 1]) / np.sqrt(2)
>>> r = sdpthermo.solve("ppt", state=np.outer(psi, psi), dims=[2, 2], store=None)
>>> round(r.value, 12), r.verified, r.data["entangled"]
(0.5, True, True)
"""

from __future__ import annotations

from typing import Any

from sdpthermo.formulations import decomposable_witness, negativity
from sdpthermo.registry import guards
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.params import Param
from sdpthermo.registry.states import STATE_PARAMS, check_bipartite
from sdpthermo.results import Outcome
from sdpthermo.sdp.options import SolveOptions

OUTPUTS = {
    "ppt": Outputs(
        value="negativity N = (||rho^T_B||_1 - 1)/2 of the state", unit="", role=Role.CLAIM, symbol=r"$\mathcal{N}$",
        data={"entangled": "proved by the verified PPT witness W = P + Q^T_B (tr(W rho) < 0 after charges)",
              "method": "closed-form (eigh) or sdp", "min_pt_eigenvalue": "lambda_min(rho^T_B)",
              "witness_bound": "certified upper bound on tr(W rho) (negative proves entanglement)"}),
    "ppt.witness": Outputs(
        value="min tr(W rho) over normalized decomposable witnesses W = P + Q^T_B, tr(P + Q) = 1", unit="",
        role=Role.CLAIM, symbol=r"$\mathrm{tr}(W\rho)$",
        data={"entangled": "the certified upper bound on min tr(W rho) is negative",
              "closed_form": "value of the minimal-eigenvector witness (closed form)"}),
}


@question("ppt", outputs=OUTPUTS["ppt"],
          title="Negativity and PPT witness of a bipartite state",
          reference="seed 000 Theorem 3 (PPT criterion); DESIGN.md §7 negativity", version="1",
          memory=guards.memory_state, backends=negativity.BACKENDS,
          problem_data=lambda p: {"rho": p["state"]},
          params=(*STATE_PARAMS, Param("method", "str", "closed-form (eigh) or sdp (solver)", default="closed-form",
                                       choices=negativity.METHODS)),
          check=check_bipartite)
def _ppt(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    return negativity.solve_negativity(p["state"], p["dims"], p["method"], opts)


@question("ppt.witness", outputs=OUTPUTS["ppt.witness"],
          title="Optimal normalized decomposable witness W = P + Q^T_B, tr(P+Q) = 1",
          reference="seed 000 Theorem 3 (PPT criterion)", version="1", memory=guards.memory_state,
          backends=decomposable_witness.BACKENDS,
          problem_data=lambda p: {"rho": p["state"]},
          params=(*STATE_PARAMS, Param("method", "str", "sdp (solver) or closed-form (minimal eigenvector)",
                                       default="sdp", choices=decomposable_witness.METHODS)),
          check=check_bipartite)
def _ppt_witness(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    return decomposable_witness.solve_decomposable_witness(p["state"], p["dims"], opts, p["method"])
