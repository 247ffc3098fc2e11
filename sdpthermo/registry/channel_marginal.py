r"""The quantum channel marginal problem (seed 000, outlook): ``eplt.channel_marginal``.

How large can ``<Psi+|Lambda(Psi+)|Psi+>`` (or a witness violation) be for a local thermalization
``Lambda`` (Definition 1)?  Answered by a certified interval: ``lower`` from an explicit LOSR channel
(recomposed and checked by the verifier), ``upper`` from the dual of a relaxation of LOSR
(``"nonsignalling"`` or ``"ppt"``).

Examples
--------
>>> import sdpthermo
>>> r = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1], T=1.0, store=None)
>>> r.verified, r.upper - r.lower < 1e-6        # qubits: the paper's E^{eps*} is optimal
(True, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sdpthermo.certify import verify
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.channel_marginal.bound import RELAXATIONS, solve_relaxation
from sdpthermo.formulations.channel_marginal.channel_dps import solve_channel_dps
from sdpthermo.formulations.channel_marginal.dps import solve_relaxation_dps
from sdpthermo.formulations.channel_marginal.reduced import solve_relaxation_covariant
from sdpthermo.formulations.channel_marginal.losr import best_losr
from sdpthermo.formulations.eplt.static_bound import static_bound
from sdpthermo.linalg.validate import as_density_matrix, as_hermitian
from sdpthermo.models.channel_marginal.symmetric_extension import check_extension
from sdpthermo.models.eplt.channels import eps_limit, eps_star
from sdpthermo.models.channel_marginal.local_thermalization import (
    fidelity_operator, lambda_fef, paper_fef, witness_operator,
)
from sdpthermo.models.states import max_entangled
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry import guards
from sdpthermo.registry.params import Param
from sdpthermo.registry.thermal import ENERGY_PARAMS, TEMPERATURE_PARAMS, equal_side_gibbs
from sdpthermo.results import Certificate, Outcome
from sdpthermo.sdp.options import SolveOptions

CONVENTION = ("max tr(C J) over Choi J (A_in B_in A_out B_out) of local thermalizations, Def. 1 of seed 000; "
              "lower: LOSR ensemble (p, choi_A, choi_B); upper: dual (Y_A, Y_B, Z) of the relaxation")
REDUCTIONS = ("auto", "full", "covariant")


def _setup(p: dict[str, Any]) -> dict[str, Any]:
    ga, gb, d = equal_side_gibbs(p, "give both sides the same dimension (Psi+ needs d_A = d_B)")
    if p["objective"] == "fef":
        for k in ("witness",):
            if p.get(k) is not None:
                raise ValidationError(k, "is only used with objective='witness'", "pass objective='witness'")
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
    return {"gamma_A": ga, "gamma_B": gb, "d": d, "C": c, "covariant": covariant_ok and p["reduce"] != "full"}


def _check(p: dict[str, Any]) -> dict[str, Any]:
    _setup(p)
    return p



OUTPUTS = {
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
    "channel_marginal.compatible": Outputs(
        value="t* = max t with J - t I >= 0 and the marginal constraints; compatible iff t* >= 0", unit="",
        role=Role.CLAIM, symbol=r"$t^*$",
        data={"compatible": "certified lower bound t* >= 0 (a global Choi matrix)",
              "incompatible": "certified upper bound t* < 0 (a separating functional)",
              "choi_size": "global Choi matrix size", "constraints": "constraint class", "t_lower": "certified lower",
              "t_upper": "certified upper"}),
}


@question(
    "eplt.channel_marginal",
    outputs=OUTPUTS["eplt.channel_marginal"],
    title="Best local thermalization: certified [LOSR lower, relaxation upper] on <Psi+|Lambda(Psi+)|Psi+>",
    reference="seed 000 Definition 1, Theorem 6, outlook (quantum channel marginal problem); Eq. (5), (20)",
    version="3", memory=guards.memory_eplt,  # 3: compiled see-saw, seeded starts; relaxation channel-dps
    derive=lambda res, ver: {"entanglement_certified": bool(ver.passed and ver.lower > 1 / res.certificate.problem[
        "gamma_A"].shape[0])} if "entanglement_certified" in res.data else {},
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
    check=_check,
)
def _channel_marginal(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    s = _setup(p)
    ga, gb, d, c = s["gamma_A"], s["gamma_B"], s["d"], s["C"]
    level = None
    if p["relaxation"] == "channel-dps":
        return _channel_dps_outcome(p, s, opts)
    if p["relaxation"] == "dps":
        level = 2 if p["level"] is None else p["level"]
        rel = solve_relaxation_dps(ga, gb, c, level, opts)
    elif s["covariant"]:
        rel = solve_relaxation_covariant(ga, gb, p["relaxation"], opts)
    else:
        rel = solve_relaxation(ga, gb, c, p["relaxation"], opts)
    lval, ens, how, record = _search(p, ga, gb, c, rel.J if rel.status.usable else None, opts)
    cert = Certificate(
        kind="local-thermalization-bound", sense="max",
        primal={"p": ens.p, "choi_A": ens.choi_a, "choi_B": ens.choi_b, "J": rel.J},
        dual={"Y_A": rel.Y_A, "Y_B": rel.Y_B, "Z": rel.Z},
        problem={"gamma_A": ga, "gamma_B": gb, "C": c}, convention=CONVENTION,
        meta={"relaxation": p["relaxation"], "d": d, "objective": p["objective"], "level": level})
    ver = verify(cert, opts.tol)
    data: dict[str, Any] = {
        "relaxation_value": rel.value, "relaxation_upper": ver.conclusions.get("relaxation_upper"),
        "relaxation_lower": ver.conclusions.get("relaxation_lower"), "reduction": "covariant" if s["covariant"]
        else "full", "level": level, **_lower_data(p, ga, gb, d, lval, ens, how, record, ver, opts)}
    return Outcome(status=rel.status, value=rel.value, certificate=cert, verification=ver, data=data,
                   solver=rel.solver)


def _search(p: dict[str, Any], ga: np.ndarray, gb: np.ndarray, c: np.ndarray, j: np.ndarray | None,
            opts: SolveOptions) -> tuple[float, Any, str, dict[str, float]]:
    if np.iscomplexobj(c) and np.max(np.abs(np.imag(c))) > 0:  # the see-saw is real: paper families only
        return best_losr(ga, gb, c, starts=0, seed=p["seed"], opts=opts)
    return best_losr(ga, gb, np.real(c), starts=p["starts"], seed=p["seed"], iters=p["iters"], terms=p["terms"],
                     relaxation_choi=j, opts=opts)


def _lower_data(p: dict[str, Any], ga: np.ndarray, gb: np.ndarray, d: int, lval: float, ens: Any, how: str,
                record: dict[str, float], ver: Any, opts: SolveOptions) -> dict[str, Any]:
    es = eps_star(ga, gb)
    data: dict[str, Any] = {"losr_lower": lval, "losr_channel": how, "losr_terms": int(len(ens.p)),
                            "gap": ver.upper - ver.lower, "eps_star": es, "seesaw": record}
    if p["objective"] == "fef":
        data["paper_value"] = paper_fef(ga, gb, es)
        data["lambda_value"] = lambda_fef(ga, gb, eps_limit(ga), eps_limit(gb))
        data["static_bound"], data["static_bound_upper"] = static_bound(ga, gb, max_entangled(d), opts)
        data["entanglement_certified"] = bool(ver.passed and ver.lower > 1 / d)
    return data


def _channel_dps_outcome(p: dict[str, Any], s: dict[str, Any], opts: SolveOptions) -> Outcome:
    """Level-2 DPS with channel constraints (reduced), verified in the full space."""
    ga, gb, d, c = s["gamma_A"], s["gamma_B"], s["d"], s["C"]
    ppt = solve_relaxation_covariant(ga, gb, "ppt", opts)
    rel = solve_channel_dps(ga, gb, 2, opts)
    lval, ens, how, record = _search(p, ga, gb, c, ppt.J if ppt.status.usable else None, opts)
    n3, nf = d**3, d**6
    duals = rel.duals or {"Y_A": np.zeros((n3, n3)), "Y_B": np.zeros((n3, n3)), "G_A": np.zeros((d**5, d**5)),
                          "G_B": np.zeros((d**5, d**5)), "Z_1": np.zeros((nf, nf)), "Z_2": np.zeros((nf, nf))}
    cert = Certificate(
        kind="local-thermalization-channel-dps", sense="max",
        primal={"p": ens.p, "choi_A": ens.choi_a, "choi_B": ens.choi_b},
        dual={**duals, "ppt_Y_A": ppt.Y_A, "ppt_Y_B": ppt.Y_B, "ppt_Z": ppt.Z},
        problem={"gamma_A": ga, "gamma_B": gb, "C": c}, convention=CONVENTION,
        meta={"relaxation": "channel-dps", "d": d, "objective": "fef", "level": 2})
    ver = verify(cert, opts.tol)
    data: dict[str, Any] = {"relaxation_value": rel.value, "relaxation_upper": ver.conclusions.get("relaxation_upper"),
                            "ppt_value": ppt.value, "level1_upper": ver.conclusions.get("level1_upper"),
                            "level2_upper": ver.conclusions.get("level2_upper"), "reduction": "charge", "level": 2,
                            **_lower_data(p, ga, gb, d, lval, ens, how, record, ver, opts)}
    return Outcome(status=rel.status, value=rel.value, certificate=cert, verification=ver, data=data,
                   solver=rel.solver)


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
        from sdpthermo.linalg.validate import as_finite_array

        arr = as_finite_array(choi, f"marginals[{m}].choi")
        out.append({"parties": [int(p) for p in parties], "choi": arr})
    return out


def _check_compat(p: dict[str, Any]) -> dict[str, Any]:
    from sdpthermo.linalg.validate import check_dims
    from sdpthermo.models.channel_marginal.compatibility import check_marginals

    d_in = list(check_dims(p["dims_in"], "dims_in"))
    d_out = list(check_dims(p["dims_out"], "dims_out")) if p["dims_out"] is not None else d_in
    marg = _parse_marginals(p["marginals"])
    check_marginals(d_in, d_out, [(m["parties"], np.real(m["choi"])) for m in marg])
    return {**p, "dims_in": d_in, "dims_out": d_out, "marginals": marg}


@question(
    "channel_marginal.compatible",
    outputs=OUTPUTS["channel_marginal.compatible"],
    title="Channel marginal problem: is there a global channel (CPTP / no-signalling / PPT) with these marginals?",
    reference="seed 000 outlook (quantum channel marginal problem), Definition 1", version="1",
    memory=guards.memory_compatible,
    params=(Param("dims_in", "ints", "input dimension of each party"),
            Param("dims_out", "ints", "output dimension of each party (default dims_in)", default=None),
            Param("marginals", "json", "list of {parties: sorted party indices, choi: Choi matrix in_S ⊗ out_S}"),
            Param("cls", "str", "class of the global channel", default="cptp",
                  choices=("cptp", "nonsignalling", "ppt"))),
    check=_check_compat,
    problem_data=lambda p: {f"choi_{i}": np.real(np.asarray(m["choi"], dtype=complex)).astype(float)
                            for i, m in enumerate(p["marginals"])},
)
def _compatible(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    from sdpthermo.formulations.channel_marginal.compatibility import solve_compatibility

    return solve_compatibility(p["dims_in"], p["dims_out"], [(m["parties"], m["choi"]) for m in p["marginals"]],
                               p["cls"], opts)
