r"""Thermodynamic form of ``E^eps`` (seed 000 Def. 2, Theorem 6, App. C): a Stinespring dilation with a classical bath.

The Clifford ensemble of ``E^eps`` (:func:`~sdpthermo.models.eplt.protocols.eplt_ensemble`, prime ``d``) gives
Stinespring blocks ``U^i_{XX'}`` (:func:`~sdpthermo.models.eplt.bath.dilation_blocks`); Eq. (C3) stacks them as
``V_{XX'X''} = sum_i U^i_{XX'} ⊗ |i><i|_{X''}`` and Eq. (C2) prepares the bath ``|00><00| ⊗ sum_i p_i |ii><ii|``.
The ``eplt-bath-dilation`` certificate holds ``(U_A, U_B, p)`` and the target ``J`` of ``E^eps``; its verifier
traces the bath out and bounds ``max |J_dilation - J|`` with non-unitarity and roundoff charged.

Examples
--------
>>> from sdpthermo.models.states import gibbs_state
>>> g = gibbs_state([0.0, 1.0], 1.0)
>>> out = solve_bath_dilation(g, g, 0.4)
>>> out.verified, out.value < 1e-10, out.data["register_dim"]
(True, True, 25)
"""

from __future__ import annotations

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.info.negativity import negativity
from sdpthermo.models.channels import locally_thermal_error
from sdpthermo.models.eplt.bath import dilation_blocks
from sdpthermo.models.eplt.channels import eplt_channel
from sdpthermo.models.eplt.protocols import eplt_ensemble
from sdpthermo.models.states import max_entangled
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions


def solve_bath_dilation(gamma_a: np.ndarray, gamma_b: np.ndarray, eps: float,
                        opts: SolveOptions | None = None) -> Outcome:
    """The dilation of ``E^eps`` (Eq. (C2)–(C3)) checked against the channel; value = the verified Choi error."""
    opts = opts or SolveOptions()
    d = gamma_a.shape[0]
    ens = eplt_ensemble(gamma_a, gamma_b, eps)
    ua, ub = dilation_blocks(ens)
    target = eplt_channel(gamma_a, gamma_b, eps)
    cert = Certificate(kind=kinds.EPLT_BATH_DILATION, sense="min", primal={"U_A": ua, "U_B": ub, "p": ens.probs},
                       dual={}, problem={"J": target.choi}, meta={"dims": [d, d]},
                       convention="Eq. (C2)-(C3): V_XX'X'' = sum_i U^i_XX' ⊗ |i><i|, bath |00><00| ⊗ sum_i p_i|ii><ii|")
    ver = verify(cert, opts.tol)
    rho_out = target.apply(max_entangled(d))
    pos = ens.probs[ens.probs > 0]
    data = {"choi_error": ver.upper, "register_dim": int(ens.probs.size), "ancilla_dim": d * d, "eps": eps,
            "locally_thermal_error": locally_thermal_error(target, [gamma_a, gamma_b]),
            "output_negativity_psi_plus": negativity(rho_out, [d, d]),
            "bath_register_energy_spread_over_T": float(np.log(pos.max() / pos.min()))}
    return Outcome(status=Status.CLOSED_FORM, value=ver.upper, certificate=cert, verification=ver, data=data,
                   solver=SolverInfo(name="numpy", backend="none"))
