r"""Question ``channel_marginal.compatible``: the quantum channel marginal problem (seed 000, outlook).

Is there a global channel (CPTP, no-signalling or PPT) on ``n`` parties whose marginals on the given subsets
are the given channels?  Answered by ``t* = max t`` with ``J - t I >= 0`` and the marginal constraints
(:mod:`sdpthermo.formulations.channel_marginal.compatibility`): compatible iff ``t* >= 0``.  The best local
thermalization (Definition 1) is ``eplt.channel_marginal`` (:mod:`sdpthermo.registry.eplt`).

Examples
--------
>>> import numpy as np, sdpthermo
>>> ident = np.eye(4).reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(4, 4)   # Choi of the identity
>>> r = sdpthermo.solve("channel_marginal.compatible", dims_in=[2, 2],
...                     marginals=[{"parties": [0], "choi": ident}, {"parties": [1], "choi": ident}], store=None)
>>> r.verified, r.data["compatible"]
(True, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.validate import as_finite_array, check_dims
from sdpthermo.models.channel_marginal.compatibility import check_marginals
from sdpthermo.registry import guards
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.params import Param
from sdpthermo.results import Outcome
from sdpthermo.sdp.options import SolveOptions

OUTPUTS = Outputs(
    value="t* = max t with J - t I >= 0 and the marginal constraints; compatible iff t* >= 0", unit="",
    role=Role.CLAIM, symbol=r"$t^*$",
    data={"compatible": "certified lower bound t* >= 0 (a global Choi matrix)",
          "incompatible": "certified upper bound t* < 0 (a separating functional)",
          "choi_size": "global Choi matrix size", "constraints": "constraint class", "t_lower": "certified lower",
          "t_upper": "certified upper"})


def _parse_marginals(raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, (list, tuple)) or not raw:
        raise ValidationError("marginals", "must be a non-empty list of {parties: [...], choi: matrix}",
                              'e.g. [{"parties": [0, 1], "choi": [[...]]}]')
    out = []
    for m, item in enumerate(raw):
        if isinstance(item, dict):
            parties, choi = item.get("parties"), item.get("choi")
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            parties, choi = item
        else:
            raise ValidationError("marginals", f"entry {m} is neither {{parties, choi}} nor a (parties, choi) pair")
        if parties is None or choi is None:
            raise ValidationError("marginals", f"entry {m} needs both 'parties' and 'choi'")
        arr = as_finite_array(choi, f"marginals[{m}].choi")
        out.append({"parties": [int(p) for p in parties], "choi": arr})
    return out


def _check(p: dict[str, Any]) -> dict[str, Any]:
    d_in = list(check_dims(p["dims_in"], "dims_in"))
    d_out = list(check_dims(p["dims_out"], "dims_out")) if p["dims_out"] is not None else d_in
    marg = _parse_marginals(p["marginals"])
    check_marginals(d_in, d_out, [(m["parties"], np.real(m["choi"])) for m in marg])
    return {**p, "dims_in": d_in, "dims_out": d_out, "marginals": marg}


@question(
    "channel_marginal.compatible",
    outputs=OUTPUTS,
    title="Channel marginal problem: is there a global channel (CPTP / no-signalling / PPT) with these marginals?",
    reference="seed 000 outlook (quantum channel marginal problem), Definition 1", version="1",
    memory=guards.memory_compatible, backends=("cvxpy",),
    params=(Param("dims_in", "ints", "input dimension of each party"),
            Param("dims_out", "ints", "output dimension of each party (default dims_in)", default=None),
            Param("marginals", "json", "list of {parties: sorted party indices, choi: Choi matrix in_S ⊗ out_S}"),
            Param("cls", "str", "class of the global channel", default="cptp",
                  choices=("cptp", "nonsignalling", "ppt"))),
    check=_check,
    problem_data=lambda p: {f"choi_{i}": np.real(np.asarray(m["choi"], dtype=complex)).astype(float)
                            for i, m in enumerate(p["marginals"])},
)
def _compatible(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    from sdpthermo.formulations.channel_marginal.compatibility import solve_compatibility

    return solve_compatibility(p["dims_in"], p["dims_out"], [(m["parties"], m["choi"]) for m in p["marginals"]],
                               p["cls"], opts)
