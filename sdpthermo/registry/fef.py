r"""Question ``fef``: the fully entangled fraction of a given state (seed 000 Eq. (16), Prop. 5).

A certified interval (:mod:`sdpthermo.formulations.fef`): the see-saw's explicit unitary gives the lower
end, the verified dual of the SDP relaxation (optionally with PPT constraints) the upper end.

Examples
--------
>>> import sdpthermo
>>> from sdpthermo.models.states import isotropic
>>> r = sdpthermo.solve("fef", state=isotropic(0.4, 2), dims=[2, 2], store=None)
>>> round(r.lower, 7), round(r.upper, 7), r.verified
(0.55, 0.55, True)
"""

from __future__ import annotations

from typing import Any

from sdpthermo.formulations.fef import solve_fef
from sdpthermo.registry import guards
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.params import Param
from sdpthermo.registry.states import STATE_PARAMS, check_bipartite
from sdpthermo.results import Outcome
from sdpthermo.sdp.options import SolveOptions

OUTPUTS = Outputs(
    value="fully entangled fraction F = max_U <Psi+|(I x U)^dag rho (I x U)|Psi+> (Eq. 16)", unit="",
    role=Role.CLAIM, bracket="[see-saw lower (explicit unitary), relaxation upper (verified dual)] on F",
    symbol=r"$F$",
    data={"entangled": "F > 1/d proved by the certified lower bound", "explicit_fidelity":
          "fidelity of the explicit unitary found by the see-saw", "gap": "upper - lower",
          "ppt": "whether the PPT constraints were added to the relaxation", "relaxation": "relaxation's value"})


def _check(p: dict[str, Any]) -> dict[str, Any]:
    return check_bipartite(p, equal=True)


@question("fef", outputs=OUTPUTS,
          title="Fully entangled fraction: certified interval (see-saw lower, SDP-relaxation upper)",
          reference="seed 000 Eq. (16), Prop. 5", version="1", memory=guards.memory_fef, backends=("cvxpy",),
          problem_data=lambda p: {"rho": p["state"]},
          params=(*STATE_PARAMS,
                  Param("ppt", "bool", "add -I/d <= W^T_B <= I/d to the relaxation", default=True),
                  Param("starts", "int", "random see-saw starts (plus I and rho's eigenvectors)", default=20, low=0,
                        high=10_000),
                  Param("seed", "int", "seed of the see-saw starts", default=0, low=0)),
          check=_check)
def _fef(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    return solve_fef(p["state"], p["dims"], p["ppt"], p["starts"], p["seed"], opts)
