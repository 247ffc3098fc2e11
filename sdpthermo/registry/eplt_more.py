r"""EPLT questions, complete (seed 000): FEF, DPS, GME, protocols, speed-up, zero temperature, bath form.

* ``eplt.fef`` — certified FEF interval of ``E^eps(rho)`` (Eq. (5)) or ``Lambda(rho)`` (Eq. (20)), with
  ``data.paper_bound`` (Prop. 5, Eq. (17): ``eps <Psi+|rho|Psi+>``), ``data.summary_bound`` (seed 001's
  ``<Psi+|rho|Psi+>``, which drops ``eps`` and is false), ``data.eq19`` (Eq. (19) predicts entanglement) and
  ``data.fef_closed_form``: for ``E^eps``, ``F = (1-eps)<Psi+|eta_A⊗eta_B|Psi+> + eps max(F_in, (1-F_in)/(d^2-1))``
  (both terms are maximized by ``Psi+`` — or, when ``F_in < 1/d^2``, by ``(I ⊗ Z)Psi+``, ``Z`` the clock
  matrix — whenever the energy orders of ``eta_A`` and ``eta_B`` agree); two qubits at ``eps*``:
  ``F = 1/2 - q + 2q max(F_in, (1-F_in)/3)``.
* ``eplt.separability`` — DPS on the output (meaningful where the output is PPT).
* ``eplt.gme`` — PPT-mixture GME test of ``E^(eps,N)(input)`` (Eq. (B5)–(B7)).
* ``eplt.protocol`` — an explicit LOSR ensemble (Clifford twirl, ``T_U^(N)`` of Eq. (D2), Dür–Cirac GHZ twirl,
  App. A) recomposed and compared with the channel's Choi matrix.
* ``eplt.speedup`` — Eq. (D15)–(D17), (22).
* ``eplt.zero_temperature`` — App. A (degenerate ground space) and the non-degenerate case.
* ``eplt.bath`` — App. C: Stinespring blocks of ``V_{XX'X''}`` and the classical bath; trace out and compare.

Inputs of ``E^eps`` and ``Lambda`` enter only through ``F_in = <Psi+|rho|Psi+>`` (both apply ``T`` first),
so ``F_in`` may replace ``input`` (the isotropic state with that fidelity).

Examples
--------
>>> import sdpthermo
>>> r = sdpthermo.solve("eplt.fef", energies=[0, 1], T=1.0, store=None)
>>> q = r.data["eps"] / 2
>>> abs(r.lower - (0.5 + q)) < 1e-7, abs(r.upper - (0.5 + q)) < 1e-7, r.data["paper_bound"] <= r.lower
(True, True, True)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.formulations.dps import solve_dps
from sdpthermo.formulations.fef import solve_fef
from sdpthermo.formulations.gme import solve_gme
from sdpthermo.formulations.negativity import solve_negativity
from sdpthermo.info.negativity import min_pt_eigenvalue, negativity
from sdpthermo.linalg.choi import constant_channel_choi
from sdpthermo.linalg.validate import as_density_matrix
from sdpthermo.models.channels import Channel, locally_thermal_error
from sdpthermo.models.eplt.channels import eplt_channel, eta, lambda_channel
from sdpthermo.models.eplt.bath import dilation_blocks
from sdpthermo.models.eplt.multipartite import (
    check_n, eplt_n_channel, eplt_n_map, eps_limit_n, ghz_basis, ghz_twirl_unitaries, gme_threshold_noisy_ghz,
    noisy_ghz, quoted_threshold_noisy_ghz,
)
from sdpthermo.models.eplt.protocols import (
    EQ22_FACTOR, LosrEnsemble, approx_twirl_ensemble, approx_twirl_superop, eplt_ensemble, haar_unitary,
    twirl_average, twirl_superop, unitary_choi,
)
from sdpthermo.models.eplt.protocols import speedup as speedup_times
from sdpthermo.models.eplt.zero_temperature import (
    degeneracies, ground_max_entangled, zero_temperature_channel, zero_temperature_ensemble,
)
from sdpthermo.models.states import check_energies, gibbs_state, isotropic, max_entangled, max_entangled_vector
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry import guards
from sdpthermo.registry.eplt import CHANNELS, resolve_channel_params
from sdpthermo.registry.params import Param, beta_from_T
from sdpthermo.registry.thermal import ENERGY_PARAMS, TEMPERATURE_PARAMS, side_gibbs
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions

CHANNEL_PARAMS = (
    Param("channel", "str", "E (Eq. 5) or Lambda (Eq. 20)", default="E", choices=CHANNELS),
    Param("eps", "float", "mixing weight of E^eps (default eps* = d P_min, Lemma 2)", default=None, low=0.0, high=1.0),
    Param("eps_A", "float", "eps_A of Lambda (default d P_min^A)", default=None, low=0.0, high=1.0),
    Param("eps_B", "float", "eps_B of Lambda (default d P_min^B)", default=None, low=0.0, high=1.0),
    Param("input", "any", "input state: max-entangled or a d^2 x d^2 density matrix", default="max-entangled",
          choices=("max-entangled",)),
    Param("F_in", "float", "input fidelity <Psi+|rho|Psi+> (isotropic input; replaces input)", default=None,
          low=0.0, high=1.0),
)


def _bipartite(p: dict[str, Any]) -> dict[str, Any]:
    """Thermal states, channel, input and output of ``E^eps`` / ``Lambda`` (every check names its parameter)."""
    r = resolve_channel_params(p)
    d = r["d"]
    if p.get("F_in") is not None:
        if not isinstance(p["input"], str):
            raise ValidationError("F_in", "conflicts with an explicit input state", "give either input or F_in")
        f = p["F_in"]
        r["rho_in"] = isotropic((d * d * f - 1) / (d * d - 1), d)
    ga, gb = r["gamma_A"], r["gamma_B"]
    r["channel"] = eplt_channel(ga, gb, r["eps"]) if p["channel"] == "E" else \
        lambda_channel(ga, gb, r["eps_A"], r["eps_B"])
    r["rho_out"] = r["channel"].apply(r["rho_in"])
    v = max_entangled_vector(d)
    r["F_in"] = float(np.real(v @ r["rho_in"] @ v))
    return r


def _check_bipartite(p: dict[str, Any]) -> dict[str, Any]:
    r = _bipartite(p)
    return p if isinstance(p["input"], str) else {**p, "input": r["rho_in"]}


def fef_closed_form(r: dict[str, Any], channel: str) -> float | None:
    """The derived closed form of ``F(E^eps(rho))`` (module docstring); ``None`` where it does not apply."""
    if channel != "E":
        return None
    d, eps, f = r["d"], r["eps"], r["F_in"]
    twirl_part = eps * max(f, (1 - f) / (d * d - 1))
    if eps >= 1:
        return twirl_part
    qa, qb = np.diag(eta(r["gamma_A"], eps)), np.diag(eta(r["gamma_B"], eps))
    if float(qa @ qb) < float(np.sort(qa) @ np.sort(qb)) - 1e-15:
        return None
    return (1 - eps) * float(qa @ qb) / d + twirl_part



OUTPUTS = {
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
}


@question("eplt.fef", outputs=OUTPUTS["eplt.fef"],
          title="Fully entangled fraction of an EPLT output: certified interval vs Prop. 5",
          reference="seed 000 Eq. (16)-(19), Prop. 4, Prop. 5; seed 001 (summary bound)", version="1",
          memory=guards.memory_eplt,
          problem_data=lambda p: {"rho": _bipartite(p)["rho_out"]},
          derive=lambda res, ver: {"entangled_by_fef": bool(
              ver.passed and ver.lower > 1 / math.isqrt(res.certificate.problem["rho"].shape[0]))},
          params=(*ENERGY_PARAMS, *TEMPERATURE_PARAMS, *CHANNEL_PARAMS,
                  Param("ppt", "bool", "PPT condition in the relaxation", default=True),
                  Param("starts", "int", "random see-saw starts", default=8, low=0, high=10_000)),
          check=_check_bipartite)
def _eplt_fef(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    r = _bipartite(p)
    d, f = r["d"], r["F_in"]
    out = solve_fef(r["rho_out"], [d, d], p["ppt"], p["starts"], 0, opts)
    eps_eff = r["eps"] if p["channel"] == "E" else r["eps_A"] * r["eps_B"]
    p_min = min(float(np.diag(r["gamma_A"]).min()), float(np.diag(r["gamma_B"]).min()))
    v = max_entangled_vector(d)
    data = {**out.data, "d": d, "F_in": f, "paper_bound": eps_eff * f, "summary_bound": f,
            "eq18_value": float(np.real(v @ r["rho_out"] @ v)),
            "fef_closed_form": fef_closed_form(r, p["channel"]),
            "eq19": bool(f > 0 and p_min > 1 / (f * d * d)), "P_min": p_min,
            "entangled_by_fef": bool(out.verified and out.verification.lower > 1 / d),
            "negativity": negativity(r["rho_out"], [d, d])}
    if p["channel"] == "E":
        data["eps"], data["eps_star"] = r["eps"], r["eps_star"]
    else:
        data["eps_A"], data["eps_B"] = r["eps_A"], r["eps_B"]
    return Outcome(status=out.status, value=out.value, certificate=out.certificate, verification=out.verification,
                   data=data, solver=out.solver)


@question("eplt.separability", outputs=OUTPUTS["eplt.separability"],
          title="DPS extension test of an EPLT output (PPT-undecided outputs, d >= 3)",
          reference="seed 000 Eq. (5), (20); Theorem 3; DPS 2004", version="1", memory=guards.memory_eplt,
          problem_data=lambda p: {"rho": _bipartite(p)["rho_out"]},
          params=(*ENERGY_PARAMS, *TEMPERATURE_PARAMS, *CHANNEL_PARAMS,
                  Param("k", "int", "DPS level", default=2, low=1, high=6),
                  Param("ppt", "bool", "PPT conditions on every cut", default=True)),
          check=_check_bipartite)
def _eplt_dps(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    r = _bipartite(p)
    d = r["d"]
    out = solve_dps(r["rho_out"], [d, d], p["k"], p["ppt"], opts)
    lam = min_pt_eigenvalue(r["rho_out"], [d, d])
    data = {**out.data, "d": d, "F_in": r["F_in"], "min_pt_eigenvalue": lam, "output_ppt": bool(lam >= -1e-12),
            "negativity": negativity(r["rho_out"], [d, d])}
    return Outcome(status=out.status, value=out.value, certificate=out.certificate, verification=out.verification,
                   data=data, solver=out.solver)


# ------------------------------------------------------------------ multipartite

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
          memory=guards.memory_eplt_gme,
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
    return Outcome(status=out.status, value=out.value, certificate=out.certificate, verification=out.verification,
                   data=data, solver=out.solver)


# ------------------------------------------------------------------ protocols

PROTOCOLS = ("clifford", "random", "ghz", "zero-temperature")


def _losr_outcome(ens: LosrEnsemble, target: Channel, gammas: list[np.ndarray], extra: dict[str, Any],
                  opts: SolveOptions, label: str) -> Outcome:
    from sdpthermo.certify import verify

    primal = {"p": np.asarray(ens.probs, dtype=float),
              **{f"J_{i}": np.asarray(c) for i, c in enumerate(ens.chois)}}
    problem = {"J": target.choi, **{f"gamma_{i}": g for i, g in enumerate(gammas)}}
    cert = Certificate(kind="losr-ensemble", sense="min", primal=primal, dual={}, problem=problem,
                       convention=f"Eq. (1): sum_k p_k ⊗_i J_i^k = J ({label})", meta={"dims": list(ens.dims_in)})
    ver = verify(cert, opts.tol)
    data = {**extra, "ensemble_size": int(ens.probs.size), "recomposition_error": ver.upper,
            "is_losr": ver.conclusions["is_losr"], "locally_thermal_error": ver.conclusions["locally_thermal_error"],
            "cptp_error": max(target.cptp_errors().values())}
    return Outcome(status=Status.CLOSED_FORM, value=ver.upper, certificate=cert, verification=ver, data=data,
                   solver=SolverInfo(name="numpy", backend="none"))


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
        _qubit_gammas({"n": p["n"], "energies": p["energies"] or [0.0, 1.0], "T": p["T"]})
    else:
        degeneracies(*(_zero_t_energies(p)))
    return p


def _zero_t_energies(p: dict[str, Any]) -> tuple[list[float], list[float]]:
    if p.get("energies") is not None and (p.get("energies_A") is not None or p.get("energies_B") is not None):
        raise ValidationError("energies_A", "conflicts with 'energies'", "give energies or energies_A and energies_B")
    if p.get("energies") is not None:
        return list(p["energies"]), list(p["energies"])
    if p.get("energies_A") is None or p.get("energies_B") is None:
        raise ValidationError("energies", "is required", "pass energies (or energies_A and energies_B)")
    return list(p["energies_A"]), list(p["energies_B"])


@question("eplt.protocol", outputs=OUTPUTS["eplt.protocol"],
          title="EPLT protocols as explicit LOSR ensembles, recomposed against the channel",
          reference="seed 000 Eq. (1), (3), (5), (B5), (D2)-(D6), App. A", version="2", memory=guards.memory_eplt,
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
        r = _multipartite({"n": p["n"], "energies": p["energies"] or [0.0, 1.0], "T": p["T"], "eps": p["eps"],
                           "input": "ghz", "visibility": 1.0})
        n, eps = r["n"], r["eps"]
        us = ghz_twirl_unitaries(n)
        k = len(us)
        chois = []
        for i in range(n):
            prep = constant_channel_choi(eta_qubit_safe(r["gammas"][i], eps), 2).astype(complex)
            chois.append(np.stack([prep] + [unitary_choi(u[i]) for u in us]))
        ens = LosrEnsemble(np.concatenate([[1 - eps], np.full(k, eps / k)]), tuple(chois), (2,) * n, (2,) * n)
        return _losr_outcome(ens, eplt_n_channel(r["gammas"], eps), r["gammas"], {"eps": eps, "n": n}, opts,
                             "E^(eps,N), Dür-Cirac T_GHZ")
    if proto == "zero-temperature":
        ea, eb = _zero_t_energies(p)
        ens = zero_temperature_ensemble(ea, eb)
        gammas = [gibbs_state(ea, math.inf), gibbs_state(eb, math.inf)]
        return _losr_outcome(ens, zero_temperature_channel(ea, eb), gammas, {"g": int(degeneracies(ea, eb)[0])}, opts,
                             "App. A T^0 ∘ (L_A ⊗ L_B), Clifford on the ground space")
    ga, gb = side_gibbs(p)
    d = ga.shape[0]
    from sdpthermo.models.eplt.channels import eps_star

    es = eps_star(ga, gb)
    eps = es if p["eps"] is None else p["eps"]
    if eps > es + 1e-12:
        raise ValidationError("eps", f"must be <= eps* = {es:.10g} (Lemma 2)")
    if proto == "clifford":
        return _losr_outcome(eplt_ensemble(ga, gb, eps), eplt_channel(ga, gb, eps), [ga, gb], {"eps": eps, "d": d},
                             opts, "E^eps (Eq. 5), Clifford twirl")
    rng = np.random.default_rng(p["seed"])
    us = [haar_unitary(d, rng) for _ in range(p["N"])]
    tw = approx_twirl_ensemble(us)
    s_approx = approx_twirl_superop(us)
    target_tw = Channel.from_map(lambda x: (s_approx @ x.reshape(-1)).reshape(d * d, d * d), [d, d], [d, d])
    if eps < 1:
        prep = [constant_channel_choi(eta(g, eps), d)[None].astype(complex) for g in (ga, gb)]
        ens = LosrEnsemble(np.concatenate([[1 - eps], eps * tw.probs]),
                           tuple(np.concatenate([pp, c]) for pp, c in zip(prep, tw.chois)), (d, d), (d, d))
        const = constant_channel_choi(np.kron(eta(ga, eps), eta(gb, eps)), d * d)
        target = Channel((1 - eps) * const + eps * target_tw.choi, (d, d), (d, d))
    else:
        ens, target = tw, target_tw
    exact = eplt_channel(ga, gb, eps)
    dist = float(np.linalg.norm(twirl_superop(d) - s_approx, 2))
    avg = twirl_average(d, p["N"], p["draws"], np.random.default_rng([p["seed"], p["N"], 1]))
    extra = {"eps": eps, "d": d, "N": p["N"], "twirl_distance_2to2": dist, "bound_D4": 2.0 ** -p["N"],
             **{f"twirl_{k}": v for k, v in avg.items() if k != "bound_D4"},
             "choi_distance_to_exact": float(np.abs(target.choi - exact.choi).max())}
    return _losr_outcome(ens, target, [ga, gb], extra, opts, "E^eps with T_U^(N) (Eq. D2-D3)")


def eta_qubit_safe(gamma: np.ndarray, eps: float) -> np.ndarray:
    """``eta`` of Eq. (B6), the identity placeholder at ``eps = 1`` (weight ``1 - eps = 0`` there)."""
    from sdpthermo.models.eplt.multipartite import eta_qubit

    return gamma if eps >= 1 else eta_qubit(gamma, eps)


def _speedup_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """The inputs of Eq. (D15)-(D17) as certificate problem arrays (also the store binding of ``eplt.speedup``)."""
    d = p["d"]
    pmin = 2 / d**2 if p["P_min"] is None else p["P_min"]
    if pmin > 1 / d:
        raise ValidationError("P_min", f"must be <= 1/d = {1 / d:.6g} (the smallest of d populations)")
    tau_eta = p["tau_gamma"] if p["tau_eta"] is None else p["tau_eta"]
    return {k: np.array(float(v)) for k, v in
            {"d": d, "p_min": pmin, "delta": p["delta"], "tau_gamma": p["tau_gamma"], "tau_eta": tau_eta,
             "t_u": 1.0}.items()}


@question("eplt.speedup", outputs=OUTPUTS["eplt.speedup"],
          title="Speed-up of local thermalization with T_U^(N) (Theorem 7)",
          reference="seed 000 Eq. (22), (D15)-(D19)", version="2",
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
    from sdpthermo.certify import verify

    d = p["d"]
    problem = _speedup_problem(p)
    pmin, tau_eta = float(problem["p_min"]), float(problem["tau_eta"])
    s = speedup_times(d, pmin, p["delta"], p["tau_gamma"], tau_eta, 1.0, p["distance"])
    cert = Certificate(kind="eplt-speedup", sense="min", primal={"N": np.array(s["N"])}, dual={}, problem=problem,
                       convention="Eq. (D15)-(D17), (22); times in units of t_U", meta={})
    ver = verify(cert, opts.tol)
    data = {**s, "P_min": pmin, "tau_eta": tau_eta, "eq22_factor": EQ22_FACTOR,
            "distance_threshold_over_d": s["distance_threshold"] / d}
    return Outcome(status=Status.CLOSED_FORM, value=float(s["N"]), certificate=cert, verification=ver, data=data,
                   solver=SolverInfo(name="closed-form", backend="none"))


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
    return Outcome(status=out.status, value=out.value, certificate=out.certificate, verification=out.verification,
                   data=data, solver=out.solver)


def _bath_setup(p: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, int, float]:
    """``(gamma_A, gamma_B, d, eps)`` of ``eplt.bath`` (d_A = d_B <= 3; eps defaults to eps*)."""
    from sdpthermo.models.eplt.channels import check_eps, eps_star

    ga, gb = side_gibbs(p)
    if ga.shape != gb.shape or ga.shape[0] > 3:
        raise ValidationError("energies", f"needs d_A = d_B <= 3 (prime d: the Clifford decomposition), got "
                              f"{ga.shape[0]}, {gb.shape[0]}", "use 2 or 3 levels per side")
    es = eps_star(ga, gb)
    return ga, gb, ga.shape[0], es if p["eps"] is None else check_eps(p["eps"], es)


def _bath_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """The channel ``E^eps`` the dilation must reproduce (store binding of ``eplt.bath``)."""
    ga, gb, _, eps = _bath_setup(p)
    return {"J": eplt_channel(ga, gb, eps).choi}


@question("eplt.bath", outputs=OUTPUTS["eplt.bath"],
          title="Thermodynamic form (Def. 2): Stinespring blocks and a classical bath reproduce E^eps",
          reference="seed 000 Def. 2, Theorem 6, App. C Eq. (C1)-(C3)", version="1", memory=guards.memory_eplt,
          params=(*ENERGY_PARAMS, *TEMPERATURE_PARAMS,
                  Param("eps", "float", "mixing weight of E^eps (default eps*)", default=None, low=0.0, high=1.0)),
          problem_data=_bath_problem)
def _bath(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    from sdpthermo.certify import verify

    ga, gb, d, eps = _bath_setup(p)
    ens = eplt_ensemble(ga, gb, eps)
    ua, ub = dilation_blocks(ens)
    target = eplt_channel(ga, gb, eps)
    cert = Certificate(kind="bath-dilation", sense="min", primal={"U_A": ua, "U_B": ub, "p": ens.probs},
                       dual={}, problem={"J": target.choi}, meta={"dims": [d, d]},
                       convention="Eq. (C2)-(C3): V_XX'X'' = sum_i U^i_XX' ⊗ |i><i|, bath |00><00| ⊗ sum_i p_i|ii><ii|")
    ver = verify(cert, opts.tol)
    rho_out = target.apply(max_entangled(d))
    pos = ens.probs[ens.probs > 0]
    data = {"choi_error": ver.upper, "register_dim": int(ens.probs.size), "ancilla_dim": d * d, "eps": eps,
            "locally_thermal_error": locally_thermal_error(target, [ga, gb]),
            "output_negativity_psi_plus": negativity(rho_out, [d, d]),
            "bath_register_energy_spread_over_T": float(np.log(pos.max() / pos.min()))}
    return Outcome(status=Status.CLOSED_FORM, value=ver.upper, certificate=cert, verification=ver, data=data,
                   solver=SolverInfo(name="numpy", backend="none"))
