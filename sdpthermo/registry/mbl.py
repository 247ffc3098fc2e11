r"""Questions of seed 002 §IV (Fig. 2) and App. D (Fig. 5): D_max profiles of the disordered Heisenberg chain.

``mbl.dmax_profile`` averages ``D_max(omega_R || tau)`` (bits) over ``realizations`` disorder realizations
of Eq. (19) and returns the slope in ``|R|`` (the order parameter of Fig. 2, bottom); ``mbl.dmax_realization``
is one realization (the unit of work that :func:`sdpthermo.sweeps.run_dmax_profiles` distributes).
The pipeline (initial states, Eq. (5), ``beta`` matching, thermal references) is
:mod:`sdpthermo.models.mbl.pipeline`, the certificates :mod:`sdpthermo.formulations.mbl.profile`; regions are
``R = {0..|R|-1}`` of the periodic chain.

Examples
--------
>>> from sdpthermo.registry.core import solve
>>> r = solve("mbl.dmax_profile", L=6, disorder=4.0, realizations=2, regions=[1, 2, 3], store=None)
>>> r.verified, r.data["regions"], len(r.data["mean"]), r.value > 0
(True, [1, 2, 3], 3, True)
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.formulations.mbl.profile import solve_dmax_profile, solve_dmax_realization, solve_transition
from sdpthermo.models.mbl.heisenberg import HeisenbergChain
from sdpthermo.models.mbl.pipeline import INITIAL_STATES, THERMAL_STATES, RealizationProfile, realization_profile
from sdpthermo.models.mbl.sectors import MAX_DENSE_SITES
from sdpthermo.registry import guards
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.params import Param
from sdpthermo.results import Outcome
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


def _profile(p: dict[str, Any], k: int) -> RealizationProfile:
    chain = HeisenbergChain.realization(p["L"], p["disorder"], p["seed"], k)
    return realization_profile(chain, p["regions"], p["initial"], p["thermal"])


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
          backends=("none",),
          params=[*COMMON, Param("realization", "int", "realization index k", default=0, low=0)],
          check=lambda p: _check(p, 1))
def q_dmax_realization(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """value = D_max at the largest region; data.dmax per region, beta, energy of the initial state."""
    return solve_dmax_realization(_profile(params, params["realization"]), params["regions"], opts)


@question("mbl.dmax_profile", outputs=OUTPUTS["mbl.dmax_profile"],
          title="Slope of the disorder-averaged D_max(omega_R || tau) in |R| (bits per site)",
          reference=f"{SEED} §IV Eqs. (5), (19), Fig. 2; App. D Fig. 5; Theorem 1", version="1",
          memory=guards.memory_mbl, backends=("none",),
          params=[*COMMON, Param("realizations", "int", "number of disorder realizations k = 0..n-1", low=1),
                  Param("eps", "float", "accuracy for the Theorem 1 bound n_eps <= ceil(2^D_max/eps^2)",
                        default=0.1, low=0.0, low_open=True, high=2.0)],
          check=lambda p: _check(p, 2))
def q_dmax_profile(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """value = slope of mean D_max vs |R| (weighted least squares); data: means, SEs, beta, n_eps bounds."""
    profs = [_profile(params, k) for k in range(params["realizations"])]
    return solve_dmax_profile(profs, params["regions"], params["eps"], opts)


@question("mbl.transition", outputs=OUTPUTS["mbl.transition"],
          title="Finite-size MBL transition estimate: peak of d(slope)/dDelta (seed 002 Fig. 2 inset)",
          reference=f"{SEED} §IV Fig. 2 (bottom, inset); Eq. (19)", version="1", memory=guards.memory_mbl,
          backends=("none",),
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
    out = solve_transition(xs, mats, regions, params["bootstrap"], params["bootstrap_seed"], opts)
    return replace(out, data={**out.data, "L": params["L"], "realizations": params["realizations"]})


def _check_transition(p: dict[str, Any]) -> dict[str, Any]:
    xs = p["disorders"]
    if len(xs) < 3 or any(b <= a for a, b in zip(xs, xs[1:])) or xs[0] < 0:
        raise ValidationError("disorders", f"need >= 3 increasing values >= 0, got {xs}", "e.g. [1, 2, 3, 4, 6]")
    return _check(p, 2)
