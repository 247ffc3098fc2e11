r"""Questions of seed 002 §IV (Fig. 2) and App. D (Fig. 5): D_max profiles of the disordered Heisenberg chain.

``mbl.dmax_profile`` averages ``D_max(omega_R || tau)`` (bits) over ``realizations`` disorder realizations
of Eq. (19) and returns the slope in ``|R|`` (the order parameter of Fig. 2, bottom); ``mbl.dmax_realization``
is one realization (the unit of work that :func:`sdpthermo.sweeps.run_dmax_profiles` distributes).
The pipeline (initial states, Eq. (5), ``beta`` matching, thermal references) is
:mod:`sdpthermo.models.mbl.pipeline`; regions are ``R = {0..|R|-1}`` of the periodic chain.

Examples
--------
>>> from sdpthermo.registry.core import solve
>>> r = solve("mbl.dmax_profile", L=6, disorder=4.0, realizations=2, regions=[1, 2, 3], store=None)
>>> r.verified, r.data["regions"], len(r.data["mean"]), r.value > 0
(True, [1, 2, 3], 3, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sdpthermo.certify import verify
from sdpthermo.errors import ValidationError
from sdpthermo.models.mbl.heisenberg import HeisenbergChain
from sdpthermo.models.mbl.pipeline import (INITIAL_STATES, THERMAL_STATES, RealizationProfile, fit_profile, n_eps_upper,
                                  realization_profile, transition_estimate)
from sdpthermo.models.mbl.sectors import MAX_DENSE_SITES
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry import guards
from sdpthermo.registry.params import Param
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions

SEED = "002_97900ad14424775e.txt"
MAX_L = 16

COMMON = [
    Param("L", "int", "number of sites of the periodic chain (odd L: half-integer magnetization sectors)", low=4,
          high=MAX_L),
    Param("disorder", "float", "disorder strength Delta of Eq. (19)", low=0.0),
    Param("seed", "int", "seed of the field realizations (np.random.default_rng([seed, k]))", default=0, low=0),
    Param("regions", "ints", "region sizes |R| (R = sites 0..|R|-1), strictly increasing"),
    Param("initial", "str", "neel-sectors: (|N> + |N_+> + |N_->)/sqrt 3 on M = 0, +1, -1; neel: |N>",
          default="neel-sectors", choices=INITIAL_STATES),
    Param("thermal", "str", "reduced-hamiltonian: tau_beta(H_R) (Fig. 2); reduced-gibbs: Tr_{R^c} tau_beta(H) "
          "(App. D)", default="reduced-hamiltonian", choices=THERMAL_STATES),
]


def _check(p: dict[str, Any], min_regions: int) -> dict[str, Any]:
    L, regions = p["L"], p["regions"]
    if any(r < 1 or r > L for r in regions):
        raise ValidationError("regions", f"sizes must lie in [1, L = {L}], got {regions}", "drop the larger regions")
    if max(regions) > MAX_DENSE_SITES:
        raise ValidationError("regions", f"|R| = {max(regions)} exceeds {MAX_DENSE_SITES} (dense 2^|R| states)",
                              f"use |R| <= {MAX_DENSE_SITES}")
    if any(b <= a for a, b in zip(regions, regions[1:])):
        raise ValidationError("regions", f"must be strictly increasing, got {regions}", "sort and deduplicate")
    if len(regions) < min_regions:
        raise ValidationError("regions", f"a slope needs at least {min_regions} region sizes, got {regions}",
                              "give two or more sizes")
    return p


def _region_certificate(kind: str, regions: list[int], d: np.ndarray, pick: list[RealizationProfile],
                        meta: dict[str, Any]) -> Certificate:
    """Certificate arrays: per region ``j`` the witnesses of ``D_max`` in the realization ``pick[j]``."""
    prob: dict[str, np.ndarray] = {"regions": np.array(regions), "dmax": d}
    primal: dict[str, np.ndarray] = {}
    dual: dict[str, np.ndarray] = {}
    for j, prof in enumerate(pick):
        reg = prof.regions[j]
        prob[f"rho_{j}"], prob[f"tau_{j}"] = reg.rho, reg.tau
        primal[f"t_{j}"], dual[f"v_{j}"] = np.array(reg.t), reg.v
    return Certificate(kind, "min", primal, dual, prob, "seed 002 §IV, Fig. 2 / App. D, Fig. 5; D_max in bits",
                       meta=meta)


def _profile(p: dict[str, Any], k: int) -> RealizationProfile:
    chain = HeisenbergChain.realization(p["L"], p["disorder"], p["seed"], k)
    return realization_profile(chain, p["regions"], p["initial"], p["thermal"])


SOLVER = SolverInfo(name="sector exact diagonalization + generalized eigenvalues", backend="numpy")



OUTPUTS = {
    "mbl.dmax_realization": Outputs(
        value="D_max(omega_R||tau) at the largest region of one disorder realization", unit="bits", role=Role.EXACT,
        symbol=r"$D_{\max}$",
        data={"regions": "region sizes |R|", "dmax": "D_max per region [bits]", "beta": "fitted inverse temperature",
              "energy": "energy of the initial state"}),
    "mbl.dmax_profile": Outputs(
        value="slope of the disorder-averaged D_max(omega_R||tau) in |R| (Fig. 2)", unit="bits/site",
        role=Role.ESTIMATE, symbol=r"$\partial \overline{D}_{\max}/\partial |R|$",
        data={"regions": "region sizes", "mean": "mean D_max per region [bits]", "sem": "standard error per region",
              "slope_err": "standard error of the slope", "intercept": "fit intercept",
              "weighted_fit": "fit weighted by the standard errors", "beta": "inverse temperature per realization",
              "beta_mean": "mean inverse temperature", "energy": "initial energy", "eps": "smoothing parameter",
              "n_eps_upper": "Theorem 1 bath size from the mean D_max", "n_eps_upper_max":
              "Theorem 1 bath size from the largest D_max"}),
    "mbl.transition": Outputs(
        value="Delta*, the disorder strength at the peak of d(slope)/dDelta (Fig. 2 inset)", unit="",
        role=Role.ESTIMATE, symbol=r"$\Delta^*$",
        data={"delta_star_err": "bootstrap standard error of Delta*", "derivative": "d(slope)/dDelta",
              "disorders": "disorder grid", "slopes": "slope per disorder", "realizations": "realizations per point",
              "L": "chain length"}),
}


@question("mbl.dmax_realization", outputs=OUTPUTS["mbl.dmax_realization"],
          title="D_max(omega_R || tau) per region for one disorder realization (bits)",
          reference=f"{SEED} §IV Eqs. (5), (10), (19); App. D", version="1", memory=guards.memory_mbl,
          params=[*COMMON, Param("realization", "int", "realization index k", default=0, low=0)],
          check=lambda p: _check(p, 1))
def q_dmax_realization(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """value = D_max at the largest region; data.dmax per region, beta, energy of the initial state."""
    prof = _profile(params, params["realization"])
    cert = _region_certificate("dmax-regions", params["regions"], np.array([r.dmax for r in prof.regions]),
                               [prof] * len(prof.regions), {})
    ver = verify(cert, opts.tol)
    return Outcome(status=Status.CLOSED_FORM, value=prof.regions[-1].dmax, certificate=cert, verification=ver,
                   data={"regions": params["regions"], "dmax": [r.dmax for r in prof.regions], "beta": prof.beta,
                         "energy": prof.energy},
                   solver=SOLVER)


@question("mbl.dmax_profile", outputs=OUTPUTS["mbl.dmax_profile"],
          title="Slope of the disorder-averaged D_max(omega_R || tau) in |R| (bits per site)",
          reference=f"{SEED} §IV Eqs. (5), (19), Fig. 2; App. D Fig. 5; Theorem 1", version="1",
          memory=guards.memory_mbl,
          params=[*COMMON, Param("realizations", "int", "number of disorder realizations k = 0..n-1", low=1),
                  Param("eps", "float", "accuracy for the Theorem 1 bound n_eps <= ceil(2^D_max/eps^2)",
                        default=0.1, low=0.0, low_open=True, high=2.0)],
          check=lambda p: _check(p, 2))
def q_dmax_profile(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """value = slope of mean D_max vs |R| (weighted least squares); data: means, SEs, beta, n_eps bounds."""
    regions, eps = params["regions"], params["eps"]
    profs = [_profile(params, k) for k in range(params["realizations"])]
    d = np.array([[r.dmax for r in prof.regions] for prof in profs])
    fit = fit_profile(d, regions)
    spot = [int(k) for k in d.argmax(axis=0)]
    cert = _region_certificate("mbl-dmax-profile", regions, d, [profs[k] for k in spot],
                               {"spot": spot, "slope": fit.slope})
    ver = verify(cert, opts.tol)
    betas = [p.beta for p in profs]
    return Outcome(status=Status.CLOSED_FORM, value=fit.slope, certificate=cert, verification=ver,
                   data={"regions": regions, "mean": fit.mean, "sem": fit.sem, "slope_err": fit.slope_err,
                         "intercept": fit.intercept, "weighted_fit": fit.weighted, "beta": betas,
                         "beta_mean": float(np.mean(betas)), "energy": [p.energy for p in profs], "eps": eps,
                         "n_eps_upper": [n_eps_upper(m, eps) for m in fit.mean],
                         "n_eps_upper_max": [n_eps_upper(float(m), eps) for m in d.max(axis=0)]},
                   solver=SOLVER)


@question("mbl.transition", outputs=OUTPUTS["mbl.transition"],
          title="Finite-size MBL transition estimate: peak of d(slope)/dDelta (seed 002 Fig. 2 inset)",
          reference=f"{SEED} §IV Fig. 2 (bottom, inset); Eq. (19)", version="1", memory=guards.memory_mbl,
          params=[*[c for c in COMMON if c.name != "disorder"],
                  Param("disorders", "floats", "disorder strengths Delta (increasing, at least 3)"),
                  Param("realizations", "int", "number of disorder realizations per Delta", low=2),
                  Param("bootstrap", "int", "bootstrap resamplings for the uncertainty of Delta*", default=200,
                        low=2),
                  Param("bootstrap_seed", "int", "seed of the bootstrap", default=0, low=0)],
          check=lambda p: _check_transition(p))
def q_transition(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """value = Delta* (peak of the slope's derivative); data: slopes, derivative, bootstrap error."""
    regions, xs = params["regions"], params["disorders"]
    mats = [np.array([[r.dmax for r in _profile({**params, "disorder": x}, k).regions]
                      for k in range(params["realizations"])]) for x in xs]
    est = transition_estimate(xs, mats, regions, bootstrap=params["bootstrap"], seed=params["bootstrap_seed"])
    prob = {"disorders": np.array(xs), "regions": np.array(regions), **{f"dmax_{i}": m for i, m in enumerate(mats)}}
    cert = Certificate("mbl-transition", "max", {}, {}, prob, "seed 002 Fig. 2 inset: argmax d(slope)/dDelta",
                       meta={"delta_star": est.delta_star, "bootstrap": params["bootstrap"],
                             "seed": params["bootstrap_seed"]})
    ver = verify(cert, opts.tol)
    return Outcome(status=Status.CLOSED_FORM, value=est.delta_star, certificate=cert, verification=ver,
                   data={"delta_star_err": est.delta_star_err, "disorders": xs, "slopes": est.slopes,
                         "derivative": est.derivative, "L": params["L"], "realizations": params["realizations"]},
                   solver=SOLVER)


def _check_transition(p: dict[str, Any]) -> dict[str, Any]:
    xs = p["disorders"]
    if len(xs) < 3 or any(b <= a for a, b in zip(xs, xs[1:])) or xs[0] < 0:
        raise ValidationError("disorders", f"need >= 3 increasing values >= 0, got {xs}", "e.g. [1, 2, 3, 4, 6]")
    return _check(p, 2)
