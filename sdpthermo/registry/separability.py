r"""Question ``separability.dps``: the DPS hierarchy on a given bipartite state (Doherty, Parrilo, Spedalieri 2004).

Level ``k``: a Bose-symmetric extension on ``k`` copies of ``B``, optionally PPT on every cut
(:mod:`sdpthermo.formulations.dps`).  ``data.entangled`` only with a verified witness; otherwise the
extension certifies "inconclusive at level k".

Examples
--------
>>> import numpy as np, sdpthermo
>>> r = sdpthermo.solve("separability.dps", state=np.eye(4) / 4, dims=[2, 2], k=2, store=None)
>>> r.verified, r.data["entangled"], r.data["has_extension"]
(True, False, True)
"""

from __future__ import annotations

from typing import Any

from sdpthermo.formulations.dps import solve_dps
from sdpthermo.registry import guards
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.params import Param
from sdpthermo.registry.states import STATE_PARAMS, check_bipartite
from sdpthermo.results import Outcome
from sdpthermo.sdp.options import SolveOptions

OUTPUTS = Outputs(
    value="t* = max t such that rho - t I has a (PPT) Bose-symmetric k-extension", unit="", role=Role.CLAIM,
    symbol=r"$t^*$",
    data={"entangled": "the certified upper bound on t* is negative (a DPS witness)",
          "has_extension": "the certified lower bound on t* is >= 0 (rho + tol I is k-extendible)",
          "extension_dim": "dimension of the extension's space", "extension_margin": "certified lower bound on t*",
          "k": "hierarchy level", "ppt": "PPT constraints on the extension"})


@question("separability.dps", outputs=OUTPUTS,
          title="DPS hierarchy: Bose-symmetric (PPT) extension of level k on B",
          reference="Doherty, Parrilo, Spedalieri PRA 69, 022308 (2004); seed 000 §III (PPT-undecided outputs)",
          version="1", memory=guards.memory_dps, backends=("cvxpy",),
          problem_data=lambda p: {"rho": p["state"]},
          params=(*STATE_PARAMS,
                  Param("k", "int", "level: number of copies of B (k = 1 is the PPT test)", default=2, low=1, high=6),
                  Param("ppt", "bool", "PPT conditions on every cut of the extension", default=True)),
          check=check_bipartite)
def _dps(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    return solve_dps(p["state"], p["dims"], p["k"], p["ppt"], opts)
