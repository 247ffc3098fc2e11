r"""EPLT questions (seed 000): ``eplt.ppt`` — entanglement of the output of an EPLT channel.

``eplt.ppt`` applies ``E^eps`` (Eq. (5), default ``eps = eps* = d P_min``, Lemma 2) or
``Lambda^(eps_A, eps_B)`` (Eq. (20), defaults ``eps_X = d P_min^X``) to the input (default
``Psi_d^+``) and certifies the output's negativity with a PPT witness (Theorem 3).

Examples
--------
>>> import sdpthermo
>>> r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=1.0, store=None)
>>> q = r.data["eps_star"] / 2          # excited population; N = q (qubit closed form)
>>> abs(r.value - q) < 1e-12, r.data["entangled"], r.data["locally_thermal_error"] < 1e-12
(True, True, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sdpthermo.formulations.negativity import METHODS, solve_negativity
from sdpthermo.linalg.validate import as_density_matrix
from sdpthermo.models.channels import locally_thermal_error
from sdpthermo.models.eplt.channels import (
    check_eps, eps_limit, eps_star, eplt_channel, eta, lambda_channel, negativity_eq10,
)
from sdpthermo.models.states import max_entangled, max_entangled_vector
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.guards import dense_bytes
from sdpthermo.registry.params import Param
from sdpthermo.errors import ValidationError
from sdpthermo.registry.thermal import ENERGY_PARAMS, TEMPERATURE_PARAMS, equal_side_gibbs
from sdpthermo.results import Outcome
from sdpthermo.sdp.options import SolveOptions

CHANNELS = ("E", "Lambda")


def resolve_channel_params(p: dict[str, Any]) -> dict[str, Any]:
    """Thermal states, channel parameters and input state; every check names its parameter."""
    ga, gb, d = equal_side_gibbs(p, "the U⊗U* twirl (Eq. 3) needs equal local dimensions")
    out: dict[str, Any] = {"gamma_A": ga, "gamma_B": gb, "d": d, "eps_star": eps_star(ga, gb)}
    if p["channel"] == "E":
        for k in ("eps_A", "eps_B"):
            if p.get(k) is not None:
                raise ValidationError(k, "is a parameter of channel='Lambda' (Eq. 20)", "use eps with channel='E'")
        out["eps"] = out["eps_star"] if p["eps"] is None else check_eps(p["eps"], out["eps_star"], "eps")
    else:
        if p.get("eps") is not None:
            raise ValidationError("eps", "is a parameter of channel='E' (Eq. 5)",
                                  "use eps_A and eps_B with channel='Lambda'")
        la, lb = eps_limit(ga), eps_limit(gb)
        out["eps_A"] = la if p["eps_A"] is None else check_eps(p["eps_A"], la, "eps_A")
        out["eps_B"] = lb if p["eps_B"] is None else check_eps(p["eps_B"], lb, "eps_B")
    inp = p["input"]
    if isinstance(inp, str):
        out["rho_in"] = max_entangled(d)
    else:
        out["rho_in"] = as_density_matrix(inp, "input", dims=[d, d])
    return out


def _check(p: dict[str, Any]) -> dict[str, Any]:
    r = resolve_channel_params(p)
    if not isinstance(p["input"], str):
        p = {**p, "input": r["rho_in"]}
    return p


def eplt_memory(p: dict[str, Any]) -> tuple[str, float]:
    """Peak memory of an EPLT instance: the channel's Choi matrix on AB, side d^4 (complex)."""
    names = [n for n in ("energies", "energies_A", "energies_B") if isinstance(p.get(n), list)]
    d = max([len(p[n]) for n in names], default=2)
    return (names[0] if names else "energies"), dense_bytes(d**4)


def _output_state(p: dict[str, Any]) -> tuple[dict[str, Any], Any, np.ndarray]:
    """Resolved parameters, the channel (Eq. 5 or Eq. 20) and its output on the input state."""
    r = resolve_channel_params(p)
    ga, gb = r["gamma_A"], r["gamma_B"]
    ch = eplt_channel(ga, gb, r["eps"]) if p["channel"] == "E" else lambda_channel(ga, gb, r["eps_A"], r["eps_B"])
    return r, ch, ch.apply(r["rho_in"])



OUTPUTS = {
    "eplt.ppt": Outputs(
        value="negativity of the EPLT output E^eps(rho) (Eq. 5) or Lambda(rho) (Eq. 20)", unit="", role=Role.CLAIM,
        symbol=r"$\mathcal{N}$",
        data={"entangled": "output entanglement proved by the verified PPT witness",
              "eps": "mixing parameter eps of E^eps (Eq. 5)", "eps_A": "Alice's eps of Lambda (Eq. 20)",
              "eps_B": "Bob's eps of Lambda (Eq. 20)", "eps_star": "eps* = d P_min (Lemma 2)",
              "P_min_A": "smallest thermal population of A", "P_min_B": "smallest thermal population of B",
              "cptp_error": "largest CPTP violation of the channel's Choi matrix",
              "locally_thermal_error": "largest deviation of the local outputs from the Gibbs states",
              "input_fidelity": "<Psi+|rho|Psi+> of the input", "output_fidelity": "<Psi+|output|Psi+>",
              "method": "closed-form (eigh) or sdp",
              "min_pt_eigenvalue": "lambda_min of the output's partial transpose",
              "negativity_eq10": "closed-form negativity of Prop. 4 for the maximally entangled input",
              "witness_bound": "certified upper bound on tr(W output)"}),
}


@question(
    "eplt.ppt", outputs=OUTPUTS["eplt.ppt"],
    title="Negativity of the output of an EPLT channel (E^eps Eq. 5 or Lambda Eq. 20)",
    reference="seed 000 Eq. (5), (20); Lemma 2; Theorem 3; Prop. 4", version="1",
    params=(*ENERGY_PARAMS, *TEMPERATURE_PARAMS,
            Param("channel", "str", "E (Eq. 5) or Lambda (Eq. 20)", default="E", choices=CHANNELS),
            Param("eps", "float", "mixing weight of E^eps (default eps* = d P_min, Lemma 2)", default=None, low=0.0,
                  high=1.0),
            Param("eps_A", "float", "eps_A of Lambda (default d P_min^A)", default=None, low=0.0, high=1.0),
            Param("eps_B", "float", "eps_B of Lambda (default d P_min^B)", default=None, low=0.0, high=1.0),
            Param("input", "any", "input state: max-entangled or a d^2 x d^2 density matrix",
                  default="max-entangled", choices=("max-entangled",)),
            Param("method", "str", "closed-form (eigh) or sdp (solver) for the negativity", default="closed-form",
                  choices=METHODS)),
    check=_check, memory=eplt_memory, problem_data=lambda p: {"rho": _output_state(p)[2]},
)
def _eplt_ppt(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    r, ch, rho_out = _output_state(p)
    ga, gb, d = r["gamma_A"], r["gamma_B"], r["d"]
    out = solve_negativity(rho_out, [d, d], p["method"], opts)
    v = max_entangled_vector(d)
    data = {
        **out.data,
        "eps_star": r["eps_star"],
        "locally_thermal_error": locally_thermal_error(ch, [ga, gb]),
        "cptp_error": max(ch.cptp_errors().values()),
        "input_fidelity": float(np.real(v @ r["rho_in"] @ v)),
        "output_fidelity": float(np.real(v @ rho_out @ v)),
        "P_min_A": float(np.diag(ga).min()), "P_min_B": float(np.diag(gb).min()),
    }
    if p["channel"] == "E":
        data["eps"] = r["eps"]
        if isinstance(p["input"], str) and r["eps"] < 1:
            data["negativity_eq10"] = negativity_eq10(np.diag(eta(ga, r["eps"])), np.diag(eta(gb, r["eps"])),
                                                      r["eps"])
    else:
        data["eps_A"], data["eps_B"] = r["eps_A"], r["eps_B"]
    return Outcome(status=out.status, value=out.value, certificate=out.certificate, verification=out.verification,
                   data=data, solver=out.solver, message=out.message)
