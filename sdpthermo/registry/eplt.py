r"""EPLT questions (seed 000): every ``eplt.*`` question, one module.

* ``eplt.ppt`` — negativity of the output of ``E^eps`` (Eq. (5), default ``eps = eps* = d P_min``, Lemma 2) or
  ``Lambda^(eps_A, eps_B)`` (Eq. (20), defaults ``eps_X = d P_min^X``) on the input (default ``Psi_d^+``), with a
  verified PPT witness (Theorem 3).
* ``eplt.fef`` — certified FEF interval of the output, with ``data.paper_bound`` (Prop. 5, Eq. (17):
  ``eps <Psi+|rho|Psi+>``), ``data.summary_bound`` (seed 001's ``<Psi+|rho|Psi+>``, which drops ``eps`` and is
  false), ``data.eq19`` (Eq. (19) predicts entanglement) and ``data.fef_closed_form``
  (:func:`~sdpthermo.models.eplt.channels.fef_closed_form`).
* ``eplt.separability`` — DPS on the output (meaningful where the output is PPT).
* ``eplt.gme`` — PPT-mixture GME test of ``E^(eps,N)(input)`` (Eq. (B5)–(B7)).
* ``eplt.protocol`` — an explicit LOSR ensemble (Clifford twirl, ``T_U^(N)`` of Eq. (D2), Dür–Cirac GHZ twirl,
  App. A) recomposed and compared with the channel's Choi matrix (:mod:`sdpthermo.formulations.eplt.protocol`).
* ``eplt.speedup`` — Eq. (D15)–(D17), (22) (:mod:`sdpthermo.formulations.eplt.speedup`).
* ``eplt.zero_temperature`` — App. A (degenerate ground space) and the non-degenerate case.
* ``eplt.bath`` — App. C: Stinespring blocks and the classical bath (:mod:`sdpthermo.formulations.eplt.bath`).
* ``eplt.channel_marginal`` — the best local thermalization (Definition 1) as a certified
  ``[LOSR lower, relaxation upper]`` (the quantum channel marginal problem of the outlook;
  :mod:`sdpthermo.formulations.channel_marginal.interval`).

Inputs of ``E^eps`` and ``Lambda`` enter only through ``F_in = <Psi+|rho|Psi+>`` (both apply ``T`` first),
so ``F_in`` may replace ``input`` (the isotropic state with that fidelity).

Examples
--------
>>> import sdpthermo
>>> r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=1.0, store=None)
>>> q = r.data["eps_star"] / 2          # excited population; N = q (qubit closed form)
>>> abs(r.value - q) < 1e-12, r.data["entangled"], r.data["locally_thermal_error"] < 1e-12
(True, True, True)
>>> r = sdpthermo.solve("eplt.fef", energies=[0, 1], T=1.0, store=None)
>>> abs(r.lower - (0.5 + q)) < 1e-7, abs(r.upper - (0.5 + q)) < 1e-7, r.data["paper_bound"] <= r.lower
(True, True, True)
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.formulations.channel_marginal.bound import RELAXATIONS
from sdpthermo.formulations.channel_marginal.interval import (
    LosrSearch,
    solve_channel_marginal,
    solve_channel_marginal_dps,
)
from sdpthermo.formulations.dps import solve_dps
from sdpthermo.formulations.eplt.bath import solve_bath_dilation
from sdpthermo.formulations.eplt.protocol import (
    solve_clifford_protocol,
    solve_ghz_protocol,
    solve_random_protocol,
    solve_zero_temperature_protocol,
)
from sdpthermo.formulations.eplt.speedup import solve_speedup, speedup_problem
from sdpthermo.formulations.fef import solve_fef
from sdpthermo.formulations.gme import solve_gme
from sdpthermo.formulations.negativity import BACKENDS as NEGATIVITY_BACKENDS, METHODS, solve_negativity
from sdpthermo.info.negativity import min_pt_eigenvalue, negativity
from sdpthermo.linalg.choi import constant_channel_choi
from sdpthermo.linalg.validate import as_density_matrix, as_hermitian
from sdpthermo.models.channel_marginal.local_thermalization import fidelity_operator, witness_operator
from sdpthermo.models.channel_marginal.symmetric_extension import check_extension
from sdpthermo.models.channels import Channel, locally_thermal_error
from sdpthermo.models.eplt.channels import (
    check_eps_limit,
    eplt_channel,
    eps_limit,
    eps_star,
    eta,
    fef_closed_form,
    lambda_channel,
    negativity_eq10,
)
from sdpthermo.models.eplt.multipartite import (
    check_n,
    eplt_n_channel,
    eplt_n_map,
    eps_limit_n,
    ghz_basis,
    gme_threshold_noisy_ghz,
    noisy_ghz,
    quoted_threshold_noisy_ghz,
)
from sdpthermo.models.eplt.zero_temperature import (
    degeneracies,
    ground_max_entangled,
    zero_temperature_channel,
    zero_temperature_ensemble,
)
from sdpthermo.models.states import check_energies, gibbs_state, isotropic, max_entangled, max_entangled_vector
from sdpthermo.registry import guards
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.params import Param, beta_from_T
from sdpthermo.registry.thermal import ENERGY_PARAMS, TEMPERATURE_PARAMS, equal_side_gibbs, side_gibbs
from sdpthermo.results import Outcome
from sdpthermo.sdp.options import SolveOptions

CHANNELS = ("E", "Lambda")
CHANNEL_PARAMS = (
    Param("channel", "str", "E (Eq. 5) or Lambda (Eq. 20)", default="E", choices=CHANNELS),
    Param("eps", "float", "mixing weight of E^eps (default eps* = d P_min, Lemma 2)", default=None, low=0.0, high=1.0),
    Param("eps_A", "float", "eps_A of Lambda (default d P_min^A)", default=None, low=0.0, high=1.0),
    Param("eps_B", "float", "eps_B of Lambda (default d P_min^B)", default=None, low=0.0, high=1.0),
    Param("input", "any", "input state: max-entangled or a d^2 x d^2 density matrix", default="max-entangled",
          choices=("max-entangled",)),
)
"""The channel (Eq. (5) or Eq. (20)) and its input: shared by ``eplt.ppt``, ``eplt.fef``, ``eplt.separability``."""
F_IN = Param("F_in", "float", "input fidelity <Psi+|rho|Psi+> (isotropic input; replaces input)", default=None,
             low=0.0, high=1.0)


# ------------------------------------------------------------------ two parties: E^eps (Eq. 5), Lambda (Eq. 20)

def resolve_channel_params(p: dict[str, Any]) -> dict[str, Any]:
    """Thermal states, channel parameters and input state; every check names its parameter."""
    ga, gb, d = equal_side_gibbs(p, "the U⊗U* twirl (Eq. 3) needs equal local dimensions")
    out: dict[str, Any] = {"gamma_A": ga, "gamma_B": gb, "d": d, "eps_star": eps_star(ga, gb)}
    if p["channel"] == "E":
        for k in ("eps_A", "eps_B"):
            if p.get(k) is not None:
                raise ValidationError(k, "is a parameter of channel='Lambda' (Eq. 20)", "use eps with channel='E'")
        out["eps"] = out["eps_star"] if p["eps"] is None else check_eps_limit(p["eps"], out["eps_star"], "eps")
    else:
        if p.get("eps") is not None:
            raise ValidationError("eps", "is a parameter of channel='E' (Eq. 5)",
                                  "use eps_A and eps_B with channel='Lambda'")
        la, lb = eps_limit(ga), eps_limit(gb)
        out["eps_A"] = la if p["eps_A"] is None else check_eps_limit(p["eps_A"], la, "eps_A")
        out["eps_B"] = lb if p["eps_B"] is None else check_eps_limit(p["eps_B"], lb, "eps_B")
    inp = p["input"]
    if isinstance(inp, str):
        out["rho_in"] = max_entangled(d)
    else:
        out["rho_in"] = as_density_matrix(inp, "input", dims=[d, d])
    if p.get("F_in") is not None:
        if not isinstance(inp, str):
            raise ValidationError("F_in", "conflicts with an explicit input state", "give either input or F_in")
        f = p["F_in"]
        out["rho_in"] = isotropic((d * d * f - 1) / (d * d - 1), d)
    out["channel"] = eplt_channel(ga, gb, out["eps"]) if p["channel"] == "E" else \
        lambda_channel(ga, gb, out["eps_A"], out["eps_B"])
    out["rho_out"] = out["channel"].apply(out["rho_in"])
    v = max_entangled_vector(d)
    out["F_in"] = float(np.real(v @ out["rho_in"] @ v))
    return out


def _check_channel(p: dict[str, Any]) -> dict[str, Any]:
    r = resolve_channel_params(p)
    return p if isinstance(p["input"], str) else {**p, "input": r["rho_in"]}


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
    "eplt.fef": Outputs(
        value="fully entangled fraction of the EPLT output (Eq. 16)", unit="", role=Role.CLAIM,
        bracket="[see-saw lower, relaxation upper] on F", symbol=r"$F$",
        data={"entangled": "output entanglement proved (F > 1/d or the PPT witness)",
              "entangled_by_fef": "F > 1/d proved by the certified lower bound",
              "eps": "mixing parameter eps of E^eps (Eq. 5)", "eps_A": "Alice's eps of Lambda (Eq. 20)",
              "eps_B": "Bob's eps of Lambda (Eq. 20)", "eps_star": "eps* = d P_min (Lemma 2)",
              "explicit_fidelity": "fidelity of the explicit see-saw unitary", "gap": "upper - lower",
              "ppt": "PPT constraints in the relaxation", "relaxation": "relaxation's value", "d": "local dimension",
              "F_in": "input fidelity <Psi+|rho_in|Psi+>", "P_min": "smallest thermal population",
              "paper_bound": "Prop. 5's lower bound eps F_in", "summary_bound": "seed 001's claimed bound F_in",
              "eq18_value": "<Psi+|output|Psi+> (Eq. 18)", "eq19": "Eq. (19)'s sufficient condition holds",
              "fef_closed_form": "closed-form FEF where one exists", "negativity": "output negativity"}),
    "eplt.separability": Outputs(
        value="t* of the DPS test on the EPLT output (as separability.dps)", unit="", role=Role.CLAIM,
        symbol=r"$t^*$",
        data={"entangled": "DPS witness proves entanglement", "has_extension": "k-extension certified",
              "extension_dim": "dimension of the extension's space", "extension_margin": "certified lower bound on t*",
              "k": "hierarchy level", "ppt": "PPT constraints on the extension", "d": "local dimension",
              "F_in": "input fidelity", "min_pt_eigenvalue": "lambda_min of the output's partial transpose",
              "negativity": "output negativity", "output_ppt": "the output is PPT (lambda_min >= -1e-12)"}),
    "eplt.gme": Outputs(
        value="min tr(W rho) of the PPT-mixture GME witness on the N-qubit EPLT output (App. B)", unit="",
        role=Role.CLAIM, symbol=r"$\mathrm{tr}(W\rho)$",
        data={"gme": "genuine multipartite entanglement proved", "witness_bound": "certified upper bound on tr(W rho)",
              "bipartitions": "number of bipartitions", "parties": "number of parties", "n": "number of qubits",
              "eps": "mixing parameter of E^(eps,N)", "eps_limit": "largest admissible eps",
              "P1_min": "smallest qubit thermal population", "ghz_fidelity_in": "GHZ fidelity of the input",
              "ghz_fidelity_out": "GHZ fidelity of the output", "fidelity_bound": "eps times the input fidelity",
              "fidelity_witness": "GHZ fidelity > 1/2 (the fidelity witness detects GME)",
              "locally_thermal_error": "largest local deviation from the Gibbs states",
              "threshold_gme": "PPT-mixture threshold (2^{N-1}-1)/(2^N-1) of noisy GHZ states",
              "threshold_quoted_B4": "threshold quoted in App. B, 1/(1+2^{N-1})"}),
    "eplt.protocol": Outputs(
        value="recomposition error max |sum_k p_k (x)_i J_i^k - J| of the LOSR ensemble against the channel",
        unit="", role=Role.EXACT,
        data={"ensemble_size": "number of LOSR terms", "recomposition_error": "as value", "is_losr":
              "every term is a product of local channels with a probability weight",
              "locally_thermal_error": "largest local deviation from the Gibbs states",
              "cptp_error": "largest CPTP violation of the target channel", "eps": "mixing parameter",
              "d": "local dimension", "N": "twirl size", "n": "number of parties", "g": "ground-space degeneracy",
              "twirl_distance_2to2": "distance of the finite twirl from the full twirl (2-design check)",
              "bound_D4": "2^-N, the bound of Eq. (D4)", "samples": "random draws averaged",
              "twirl_mean_sq": "average over Haar draws of the squared distance of T_U^(N) from T (Eq. D4)",
              "twirl_std_sq": "its standard deviation over draws", "twirl_sem_sq": "its standard error",
              "twirl_draws": "Haar draws averaged", "twirl_inf_lower_mean_sq": "average of the lower estimate",
              "twirl_inf_lower_sem_sq": "its standard error", "twirl_d6_mean": "average of the (D6) identity's side",
              "twirl_d6_sem": "its standard error", "twirl_d6_exact": "the (D6) identity's exact value",
              "choi_distance_to_exact": "max |J_twirl - J_exact|"}),
    "eplt.speedup": Outputs(
        value="N_delta, the number of twirl unitaries of Theorem 7", unit="count", role=Role.EXACT,
        data={"N": "as value", "P_min": "smallest thermal population", "tau_eta": "thermalization time scale",
              "distance_threshold": "delta threshold of (D15)", "distance_threshold_over_d": "the threshold / d",
              "eq22": "Eq. (22) holds", "eq22_factor": "the constant of Eq. (22)", "speedup": "t_1 / t_2",
              "success_probability": "success probability of the finite twirl",
              "success_probability_D13": "success probability by (D13)",
              "failure_probability": "1 - success probability, computed without cancellation",
              "failure_probability_D13": "1 - success probability by (D13)", "t1": "time without twirl [t_U]",
              "t2": "time with twirl [t_U]"}),
    "eplt.zero_temperature": Outputs(
        value="negativity of the T = 0 output (App. A)", unit="", role=Role.CLAIM, symbol=r"$\mathcal{N}$",
        data={"entangled": "output entanglement proved by the verified witness", "degenerate":
              "the ground space is degenerate", "g": "ground-space degeneracy",
              "preserves_entanglement": "the T = 0 channel keeps entanglement",
              "distance_to_constant_channel": "distance to the constant (ground-state) channel",
              "cptp_error": "largest CPTP violation", "locally_thermal_error": "largest local deviation",
              "input_invariant_error": "deviation of the input from invariance",
              "losr_recomposition_error": "LOSR recomposition error", "method": "closed-form or sdp",
              "min_pt_eigenvalue": "lambda_min of the output's partial transpose",
              "witness_bound": "certified upper bound on tr(W output)"}),
    "eplt.bath": Outputs(
        value="max |J_dilation - J| between the channel from the Stinespring form (Eq. C2-C3) and E^eps", unit="",
        role=Role.EXACT,
        data={"choi_error": "as value", "register_dim": "classical register dimension",
              "ancilla_dim": "ancilla dimension", "eps": "mixing parameter",
              "locally_thermal_error": "largest local deviation from the Gibbs states",
              "output_negativity_psi_plus": "negativity of the output on Psi+",
              "bath_register_energy_spread_over_T": "log(max p / min p) of the register (energy spread / T)"}),
    "eplt.channel_marginal": Outputs(
        value="the relaxation's claim for max <Psi+|Lambda(Psi+)|Psi+> (or the witness objective)", unit="",
        role=Role.CLAIM,
        bracket="[LOSR lower (explicit verified ensemble), relaxation upper (verified dual)] on the optimum over "
                "local thermalizations (Def. 1)", symbol=r"$F$",
        data={"relaxation_value": "relaxation's claim", "relaxation_upper": "certified upper bound of the relaxation",
              "relaxation_lower": "certified lower bound of the relaxation", "losr_lower": "verified LOSR value",
              "losr_channel": "how the LOSR lower bound was found", "losr_terms": "number of LOSR terms",
              "gap": "upper - lower", "eps_star": "eps* = d P_min", "reduction": "covariant block form or full",
              "seesaw": "see-saw record", "level": "relaxation level",
              "ppt_value": "the PPT (level 1) relaxation's claim (channel-dps)",
              "level1_upper": "certified upper bound of the PPT relaxation (channel-dps)",
              "level2_upper": "certified upper bound of the level-2 DPS relaxation with channel constraints",
              "paper_value": "value of the paper's E^{eps*}",
              "lambda_value": "value of Lambda at the limiting eps (Eq. 20)",
              "static_bound": "best <Psi+|sigma|Psi+> over states with thermal marginals",
              "static_bound_upper": "certified upper end of the static bound",
              "entanglement_certified": "certified lower bound > 1/d"}),
}


@question(
    "eplt.ppt", outputs=OUTPUTS["eplt.ppt"],
    title="Negativity of the output of an EPLT channel (E^eps Eq. 5 or Lambda Eq. 20)",
    reference="seed 000 Eq. (5), (20); Lemma 2; Theorem 3; Prop. 4", version="1", backends=NEGATIVITY_BACKENDS,
    params=(*ENERGY_PARAMS, *TEMPERATURE_PARAMS, *CHANNEL_PARAMS,
            Param("method", "str", "closed-form (eigh) or sdp (solver) for the negativity", default="closed-form",
                  choices=METHODS)),
    check=_check_channel, memory=guards.memory_eplt,
    problem_data=lambda p: {"rho": resolve_channel_params(p)["rho_out"]},
)
def _eplt_ppt(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    r = resolve_channel_params(p)
    ga, gb, d, ch, rho_out = r["gamma_A"], r["gamma_B"], r["d"], r["channel"], r["rho_out"]
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
    return replace(out, data=data)


@question("eplt.fef", outputs=OUTPUTS["eplt.fef"],
          title="Fully entangled fraction of an EPLT output: certified interval vs Prop. 5",
          reference="seed 000 Eq. (16)-(19), Prop. 4, Prop. 5; seed 001 (summary bound)", version="1",
          memory=guards.memory_eplt, backends=("cvxpy",),
          problem_data=lambda p: {"rho": resolve_channel_params(p)["rho_out"]},
          derive=lambda res, ver: {"entangled_by_fef": bool(
              ver.passed and res.certificate is not None
              and ver.lower > 1 / math.isqrt(res.certificate.problem["rho"].shape[0]))},
          params=(*ENERGY_PARAMS, *TEMPERATURE_PARAMS, *CHANNEL_PARAMS, F_IN,
                  Param("ppt", "bool", "PPT condition in the relaxation", default=True),
                  Param("starts", "int", "random see-saw starts", default=8, low=0, high=10_000)),
          check=_check_channel)
def _eplt_fef(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    r = resolve_channel_params(p)
    d, f = r["d"], r["F_in"]
    out = solve_fef(r["rho_out"], [d, d], p["ppt"], p["starts"], 0, opts)
    eps_eff = r["eps"] if p["channel"] == "E" else r["eps_A"] * r["eps_B"]
    p_min = min(float(np.diag(r["gamma_A"]).min()), float(np.diag(r["gamma_B"]).min()))
    v = max_entangled_vector(d)
    data = {**out.data, "d": d, "F_in": f, "paper_bound": eps_eff * f, "summary_bound": f,
            "eq18_value": float(np.real(v @ r["rho_out"] @ v)),
            "fef_closed_form": fef_closed_form(r["gamma_A"], r["gamma_B"], r["eps"], f) if p["channel"] == "E"
            else None,
            "eq19": bool(f > 0 and p_min > 1 / (f * d * d)), "P_min": p_min,
            "entangled_by_fef": bool(out.verification is not None and out.verified and out.verification.lower > 1 / d),
            "negativity": negativity(r["rho_out"], [d, d])}
    if p["channel"] == "E":
        data["eps"], data["eps_star"] = r["eps"], r["eps_star"]
    else:
        data["eps_A"], data["eps_B"] = r["eps_A"], r["eps_B"]
    return replace(out, data=data)


@question("eplt.separability", outputs=OUTPUTS["eplt.separability"],
          title="DPS extension test of an EPLT output (PPT-undecided outputs, d >= 3)",
          reference="seed 000 Eq. (5), (20); Theorem 3; DPS 2004", version="1", memory=guards.memory_eplt,
          backends=("cvxpy",),
          problem_data=lambda p: {"rho": resolve_channel_params(p)["rho_out"]},
          params=(*ENERGY_PARAMS, *TEMPERATURE_PARAMS, *CHANNEL_PARAMS, F_IN,
                  Param("k", "int", "DPS level", default=2, low=1, high=6),
                  Param("ppt", "bool", "PPT conditions on every cut", default=True)),
          check=_check_channel)
def _eplt_dps(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    r = resolve_channel_params(p)
    d = r["d"]
    out = solve_dps(r["rho_out"], [d, d], p["k"], p["ppt"], opts)
    lam = min_pt_eigenvalue(r["rho_out"], [d, d])
    data = {**out.data, "d": d, "F_in": r["F_in"], "min_pt_eigenvalue": lam, "output_ppt": bool(lam >= -1e-12),
            "negativity": negativity(r["rho_out"], [d, d])}
    return replace(out, data=data)


# ------------------------------------------------------------------ N qubits: E^(eps,N) (App. B)

def _qubit_gammas(p: dict[str, Any]) -> list[np.ndarray]:
    n = check_n(p["n"])
    e = p["energies"]
    if not isinstance(e, list) or not e:
        raise ValidationError("energies", f"must be [E0, E1] or one [E0, E1] per qubit, got {e!r}")
    per = [e] * n if not isinstance(e[0], list) else e
    if len(per) != n:
        raise ValidationError("energies", f"lists {len(per)} qubits but n = {n}", "give one [E0, E1] per qubit")
    beta = beta_from_T(p["T"])
    out = []
    for i, ei in enumerate(per):
        arr = check_energies(ei, "energies")
        if arr.size != 2:
            raise ValidationError("energies", f"qubit {i} has {arr.size} levels", "App. B is for qubits: [E0, E1]")
        out.append(gibbs_state(arr, beta))
    return out


def _multipartite(p: dict[str, Any]) -> dict[str, Any]:
    gammas = _qubit_gammas(p)
    n = len(gammas)
    lim = eps_limit_n(gammas)
    eps = lim if p["eps"] is None else p["eps"]
    if eps > lim + 1e-12:
        raise ValidationError("eps", f"must be <= 2 min_i P_1^i = {lim:.10g} (Eq. (B7)), got {eps}",
                              "leave eps out for the maximal value")
    eps = min(eps, lim)
    inp = p["input"]
    x = p["visibility"]
    rho_in = noisy_ghz(x, n) if isinstance(inp, str) else as_density_matrix(inp, "input", dims=[2] * n)
    if not isinstance(inp, str) and x != 1.0:
        raise ValidationError("visibility", "applies to the GHZ input only", "drop visibility or use input='ghz'")
    return {"gammas": gammas, "n": n, "eps": eps, "eps_limit": lim, "rho_in": rho_in,
            "rho_out": eplt_n_map(rho_in, gammas, eps)}


def _check_multi(p: dict[str, Any]) -> dict[str, Any]:
    r = _multipartite(p)
    return p if isinstance(p["input"], str) else {**p, "input": r["rho_in"]}


@question("eplt.gme", outputs=OUTPUTS["eplt.gme"],
          title="GME of the N-qubit EPLT output E^(eps,N)(input) by PPT mixtures (App. B)",
          reference="seed 000 App. B Eq. (B1)-(B7); Dür-Cirac twirl; JMG 2011", version="1",
          memory=guards.memory_eplt_gme, backends=("cvxpy",),
          problem_data=lambda p: {"rho": _multipartite(p)["rho_out"]},
          params=(Param("n", "int", "number of qubits N >= 3", default=3, low=1, high=6),
                  Param("energies", "json", "[E0, E1] for every qubit, or one [E0, E1] per qubit", default=[0.0, 1.0]),
                  Param("T", "float", "temperature of every qubit (0 = ground state, inf = maximally mixed)",
                        low=0.0, allow_inf=True),
                  Param("eps", "float", "mixing weight (default 2 min_i P_1^i, Eq. (B7))", default=None, low=0.0,
                        high=1.0),
                  Param("input", "any", "ghz or a 2^N x 2^N density matrix", default="ghz", choices=("ghz",)),
                  Param("visibility", "float", "x of the input x GHZ + (1-x) I/2^N (Eq. (B4))", default=1.0,
                        low=0.0, high=1.0)),
          check=_check_multi)
def _eplt_gme(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    r = _multipartite(p)
    n, rho_out = r["n"], r["rho_out"]
    out = solve_gme(rho_out, [2] * n, opts)
    ghz = ghz_basis(n)[:, 0]
    f_in, f_out = float(ghz @ r["rho_in"] @ ghz), float(ghz @ rho_out @ ghz)
    data = {**out.data, "n": n, "eps": r["eps"], "eps_limit": r["eps_limit"], "ghz_fidelity_in": f_in,
            "ghz_fidelity_out": f_out, "fidelity_bound": r["eps"] * f_in, "fidelity_witness": bool(f_out > 0.5),
            "threshold_gme": gme_threshold_noisy_ghz(n), "threshold_quoted_B4": quoted_threshold_noisy_ghz(n),
            "P1_min": r["eps_limit"] / 2}
    if n <= 4:
        data["locally_thermal_error"] = locally_thermal_error(eplt_n_channel(r["gammas"], r["eps"]), r["gammas"])
    return replace(out, data=data)


# ------------------------------------------------------------------ protocols as LOSR ensembles

PROTOCOLS = ("clifford", "random", "ghz", "zero-temperature")


def _zero_t_energies(p: dict[str, Any]) -> tuple[list[float], list[float]]:
    if p.get("energies") is not None and (p.get("energies_A") is not None or p.get("energies_B") is not None):
        raise ValidationError("energies_A", "conflicts with 'energies'", "give energies or energies_A and energies_B")
    if p.get("energies") is not None:
        return list(p["energies"]), list(p["energies"])
    if p.get("energies_A") is None or p.get("energies_B") is None:
        raise ValidationError("energies", "is required", "pass energies (or energies_A and energies_B)")
    return list(p["energies_A"]), list(p["energies_B"])


def _ghz_params(p: dict[str, Any]) -> dict[str, Any]:
    return {"n": p["n"], "energies": p["energies"] or [0.0, 1.0], "T": p["T"], "eps": p["eps"], "input": "ghz",
            "visibility": 1.0}


def _check_protocol(p: dict[str, Any]) -> dict[str, Any]:
    proto = p["protocol"]
    if proto in ("clifford", "random"):
        ga, gb = side_gibbs(p)
        if ga.shape != gb.shape:
            raise ValidationError("energies_B", "needs as many levels as energies_A", "the twirl needs d_A = d_B")
        if proto == "clifford" and ga.shape[0] > 3:
            raise ValidationError("energies", f"the Clifford ensemble is stored for d <= 3 (got d = {ga.shape[0]})",
                                  "use protocol='random' for larger d")
    elif proto == "ghz":
        _qubit_gammas(_ghz_params(p))
    else:
        degeneracies(*(_zero_t_energies(p)))
    return p


@question("eplt.protocol", outputs=OUTPUTS["eplt.protocol"],
          title="EPLT protocols as explicit LOSR ensembles, recomposed against the channel",
          reference="seed 000 Eq. (1), (3), (5), (B5), (D2)-(D6), App. A", version="2", memory=guards.memory_eplt,
          backends=("none",),
          params=(Param("protocol", "str", "clifford (exact twirl, prime d), random (T_U^(N)), ghz (Dür-Cirac), "
                        "zero-temperature (App. A)", choices=PROTOCOLS),
                  Param("energies", "json", "energy levels (both sides; per qubit for ghz)", default=None),
                  Param("energies_A", "floats", "energy levels of A", default=None),
                  Param("energies_B", "floats", "energy levels of B", default=None),
                  Param("T", "float", "temperature", default=1.0, low=0.0, allow_inf=True),
                  Param("eps", "float", "mixing weight (default maximal)", default=None, low=0.0, high=1.0),
                  Param("n", "int", "qubits (ghz)", default=3, low=3, high=4),
                  Param("N", "int", "random unitaries in T_U^(N) (random)", default=6, low=1, high=10),
                  Param("seed", "int", "seed of the random unitaries", default=0, low=0),
                  Param("draws", "int", "random: Haar draws of U for the averages of Eq. (D4), (D6)", default=200,
                        low=2, high=100_000)),
          check=_check_protocol)
def _protocol(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    proto = p["protocol"]
    if proto == "ghz":
        r = _multipartite(_ghz_params(p))
        return solve_ghz_protocol(r["gammas"], r["eps"], opts)
    if proto == "zero-temperature":
        return solve_zero_temperature_protocol(*_zero_t_energies(p), opts)
    ga, gb = side_gibbs(p)
    es = eps_star(ga, gb)
    eps = es if p["eps"] is None else p["eps"]
    if eps > es + 1e-12:
        raise ValidationError("eps", f"must be <= eps* = {es:.10g} (Lemma 2)")
    if proto == "clifford":
        return solve_clifford_protocol(ga, gb, eps, opts)
    return solve_random_protocol(ga, gb, eps, p["N"], p["seed"], p["draws"], opts)


# ------------------------------------------------------------------ speed-up (Theorem 7)

def _speedup_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """The inputs of Eq. (D15)-(D17) as certificate problem arrays (also the store binding of ``eplt.speedup``)."""
    d = p["d"]
    pmin = 2 / d**2 if p["P_min"] is None else p["P_min"]
    if pmin > 1 / d:
        raise ValidationError("P_min", f"must be <= 1/d = {1 / d:.6g} (the smallest of d populations)")
    tau_eta = p["tau_gamma"] if p["tau_eta"] is None else p["tau_eta"]
    return speedup_problem(d, pmin, p["delta"], p["tau_gamma"], tau_eta)


@question("eplt.speedup", outputs=OUTPUTS["eplt.speedup"],
          title="Speed-up of local thermalization with T_U^(N) (Theorem 7)",
          reference="seed 000 Eq. (22), (D15)-(D19)", version="2", backends=("none",),
          params=(Param("d", "int", "local dimension", default=2, low=2),
                  Param("P_min", "float", "smallest thermal population (default 2/d^2, the paper's example)",
                        default=None, low=0.0, low_open=True, high=1.0),
                  Param("delta", "float", "precision of delta-thermalization", default=1e-3, low=0.0, low_open=True,
                        high=1.0),
                  Param("tau_gamma", "float", "thermalization time of gamma, in units of t_U", default=100.0, low=0.0,
                        low_open=True),
                  Param("tau_eta", "float", "thermalization time of eta (default tau_gamma)", default=None, low=0.0,
                        low_open=True),
                  Param("distance", "float", "||rho - gamma||_inf of the input (gives t_2)", default=None, low=0.0,
                        low_open=True)),
          problem_data=_speedup_problem)
def _speedup(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    return solve_speedup(_speedup_problem(p), p["distance"], opts)


# ------------------------------------------------------------------ zero temperature (App. A)

def _zero_t_setup(p: dict[str, Any]) -> dict[str, Any]:
    """The App. A channel (or the constant channel), its input and output, and the ground degeneracies."""
    ea, eb = _zero_t_energies(p)
    ga, gb = gibbs_state(ea, math.inf), gibbs_state(eb, math.inf)
    da, db = len(ea), len(eb)
    g_a, g_b = degeneracies(ea, eb)
    degenerate = g_a == g_b and g_a >= 2
    if not degenerate and (g_a >= 2 or g_b >= 2):
        raise ValidationError("energies_B", f"ground degeneracies differ ({g_a} vs {g_b})",
                              "App. A twirls G_A ⊗ G_B with U ⊗ U^*: give equal degeneracies")
    ch = zero_temperature_channel(ea, eb) if degenerate else Channel.constant(np.kron(ga, gb), [da, db], [da, db])
    inp = p["input"]
    if isinstance(inp, str):
        if inp == "auto" and degenerate:
            rho_in = ground_max_entangled(ea, eb)
        else:
            if da != db:
                raise ValidationError("input", "max-entangled needs d_A = d_B", "pass a density matrix")
            rho_in = max_entangled(da)
    else:
        rho_in = as_density_matrix(inp, "input", dims=[da, db])
    rho_out = ch.apply(rho_in)
    return {"ea": ea, "eb": eb, "ga": ga, "gb": gb, "da": da, "db": db, "g_a": g_a, "degenerate": degenerate,
            "ch": ch, "rho_in": rho_in, "rho_out": rho_out}


@question("eplt.zero_temperature", outputs=OUTPUTS["eplt.zero_temperature"],
          title="T = 0: App. A's EPLT (degenerate ground space) vs the constant channel",
          reference="seed 000 §III A, App. A Eq. (A1)-(A2)", version="1", memory=guards.memory_eplt,
          backends=("none",),
          derive=lambda res, ver: {"preserves_entanglement": bool(ver.conclusions["entangled"])},
          params=(Param("energies", "floats", "energy levels (both sides)", default=None),
                  Param("energies_A", "floats", "energy levels of A", default=None),
                  Param("energies_B", "floats", "energy levels of B", default=None),
                  Param("input", "any", "auto (Phi_g on the ground spaces, or Psi+ if non-degenerate), "
                        "max-entangled, or a density matrix", default="auto", choices=("auto", "max-entangled"))),
          problem_data=lambda p: {"rho": _zero_t_setup(p)["rho_out"]})
def _zero_t(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    r = _zero_t_setup(p)
    ea, eb, ga, gb, da, db = r["ea"], r["eb"], r["ga"], r["gb"], r["da"], r["db"]
    g_a, degenerate, ch, rho_in, rho_out = r["g_a"], r["degenerate"], r["ch"], r["rho_in"], r["rho_out"]
    out = solve_negativity(rho_out, [da, db], "closed-form", opts)
    const = constant_channel_choi(np.kron(ga, gb), da * db)
    data = {**out.data, "degenerate": bool(degenerate), "g": int(g_a), "locally_thermal_error":
            locally_thermal_error(ch, [ga, gb]), "cptp_error": max(ch.cptp_errors().values()),
            "input_invariant_error": float(np.abs(rho_out - rho_in).max()),
            "distance_to_constant_channel": float(np.abs(ch.choi - const).max()),
            "preserves_entanglement": bool(out.data["entangled"])}
    if degenerate and all(g_a % q for q in range(2, int(math.isqrt(g_a)) + 1)):
        data["losr_recomposition_error"] = float(np.abs(zero_temperature_ensemble(ea, eb).choi() - ch.choi).max())
    return replace(out, data=data)


# ------------------------------------------------------------------ thermodynamic form (App. C)

def _bath_setup(p: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, float]:
    """``(gamma_A, gamma_B, eps)`` of ``eplt.bath`` (d_A = d_B <= 3; eps defaults to eps*)."""
    ga, gb = side_gibbs(p)
    if ga.shape != gb.shape or ga.shape[0] > 3:
        raise ValidationError("energies", f"needs d_A = d_B <= 3 (prime d: the Clifford decomposition), got "
                              f"{ga.shape[0]}, {gb.shape[0]}", "use 2 or 3 levels per side")
    es = eps_star(ga, gb)
    return ga, gb, es if p["eps"] is None else check_eps_limit(p["eps"], es)


@question("eplt.bath", outputs=OUTPUTS["eplt.bath"],
          title="Thermodynamic form (Def. 2): Stinespring blocks and a classical bath reproduce E^eps",
          reference="seed 000 Def. 2, Theorem 6, App. C Eq. (C1)-(C3)", version="1", memory=guards.memory_eplt,
          backends=("none",),
          params=(*ENERGY_PARAMS, *TEMPERATURE_PARAMS,
                  Param("eps", "float", "mixing weight of E^eps (default eps*)", default=None, low=0.0, high=1.0)),
          problem_data=lambda p: {"J": eplt_channel(*_bath_setup(p)).choi})
def _bath(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    return solve_bath_dilation(*_bath_setup(p), opts)


# ------------------------------------------------------------------ the channel marginal problem (outlook)

REDUCTIONS = ("auto", "full", "covariant")


def _marginal_setup(p: dict[str, Any]) -> dict[str, Any]:
    """Thermal states, the objective operator ``C`` and whether the covariant reduction applies."""
    ga, gb, d = equal_side_gibbs(p, "give both sides the same dimension (Psi+ needs d_A = d_B)")
    if p["objective"] == "fef":
        if p.get("witness") is not None:
            raise ValidationError("witness", "is only used with objective='witness'", "pass objective='witness'")
        c = fidelity_operator(d)
        covariant_ok = True
    else:
        if p.get("witness") is None:
            raise ValidationError("witness", "is required with objective='witness'",
                                  "pass a Hermitian d^2 x d^2 operator (e.g. @W.npy)")
        w = as_hermitian(p["witness"], "witness")
        if w.shape != (d * d, d * d):
            raise ValidationError("witness", f"must be {d*d}x{d*d} for local dimension {d}, got {w.shape}")
        rho = max_entangled(d) if isinstance(p["input"], str) else as_density_matrix(p["input"], "input",
                                                                                     dims=[d, d])
        c = -witness_operator(w, rho)
        covariant_ok = False
    if p["relaxation"] == "channel-dps":
        if p["objective"] != "fef":
            raise ValidationError("relaxation", "'channel-dps' is reduced by the phase symmetry of objective 'fef'",
                                  "use objective='fef' or relaxation='dps'")
        if p["level"] not in (None, 2):
            raise ValidationError("level", f"'channel-dps' is implemented at level 2, got {p['level']}",
                                  "use level=2 (level 1 is relaxation='ppt')")
        covariant_ok = False
    elif p["relaxation"] == "dps":
        check_extension(d, 2 if p["level"] is None else p["level"])
        if np.iscomplexobj(c):
            raise ValidationError("witness", "the DPS relaxation needs a real objective", "pass a real witness")
        covariant_ok = False
    elif p.get("level") is not None:
        raise ValidationError("level", "is only used with relaxation='dps' or 'channel-dps'",
                              "pass relaxation='dps'")
    if p["reduce"] == "covariant" and not covariant_ok:
        raise ValidationError("reduce", "the covariant reduction needs the phase-invariant objective 'fef'",
                              "use reduce='full' or 'auto'")
    return {"gamma_A": ga, "gamma_B": gb, "C": c, "covariant": covariant_ok and p["reduce"] != "full"}


def _check_marginal(p: dict[str, Any]) -> dict[str, Any]:
    _marginal_setup(p)
    return p


@question(
    "eplt.channel_marginal",
    outputs=OUTPUTS["eplt.channel_marginal"],
    title="Best local thermalization: certified [LOSR lower, relaxation upper] on <Psi+|Lambda(Psi+)|Psi+>",
    reference="seed 000 Definition 1, Theorem 6, outlook (quantum channel marginal problem); Eq. (5), (20)",
    version="3", memory=guards.memory_eplt,  # 3: compiled see-saw, seeded starts; relaxation channel-dps
    backends=("cvxpy",),
    derive=lambda res, ver: (
        {"entanglement_certified": bool(ver.passed and res.certificate is not None
                                        and ver.lower > 1 / res.certificate.problem["gamma_A"].shape[0])}
        if "entanglement_certified" in res.data else {}),
    params=(*ENERGY_PARAMS, *TEMPERATURE_PARAMS,
            Param("relaxation", "str", "outer approximation of LOSR", default="ppt",
                  choices=(*RELAXATIONS, "dps", "channel-dps")),
            Param("level", "int", "DPS level k (relaxation='dps'; 'channel-dps': 2)", default=None, low=1),
            Param("objective", "str", "fef: <Psi+|Lambda(Psi+)|Psi+>; witness: max -tr(W Lambda(input))",
                  default="fef", choices=("fef", "witness")),
            Param("witness", "array", "Hermitian witness W on the output (objective='witness')", default=None),
            Param("input", "any", "input state for objective='witness'", default="max-entangled",
                  choices=("max-entangled",)),
            Param("reduce", "str", "symmetry reduction: auto (covariant when valid), full, covariant",
                  default="auto", choices=REDUCTIONS),
            Param("starts", "int", "see-saw starts for the LOSR lower bound", default=2, low=0, high=50),
            Param("seed", "int", "seed of the see-saw starts (mixed with a hash of the instance)", default=0, low=0),
            Param("iters", "int", "see-saw steps per start", default=30, low=1, high=1000),
            Param("terms", "int", "LOSR terms of the relaxation and random starts (default: twice the paper "
                  "ensemble's)", default=None, low=2, high=400)),
    check=_check_marginal,
)
def _channel_marginal(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    s = _marginal_setup(p)
    search = LosrSearch(starts=p["starts"], seed=p["seed"], iters=p["iters"], terms=p["terms"])
    if p["relaxation"] == "channel-dps":
        return solve_channel_marginal_dps(s["gamma_A"], s["gamma_B"], s["C"], search, opts)
    return solve_channel_marginal(s["gamma_A"], s["gamma_B"], s["C"], p["objective"], p["relaxation"], p["level"],
                                  s["covariant"], search, opts)
