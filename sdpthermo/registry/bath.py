r"""Questions of seed 002 (bath size for thermalizing MBL regions): ``n_eps`` bounds, the ESC, the optimal
energy-preserving channel, and the convex split lemma.

* ``bath.bounds`` — Theorem 1 upper and Corollary 4 lower bounds on the bath size ``n_eps``
  (:mod:`sdpthermo.formulations.bath.bounds`);
* ``bath.esc`` — the energy subspace condition up to ``n_max`` copies (:mod:`sdpthermo.formulations.bath.esc`);
* ``bath.optimal_channel`` — Eq. (17) vs the swap channel (:mod:`sdpthermo.formulations.bath.optimal_channel`);
* ``bath.convex_split`` — Lemma 9 on a random full-rank pair (:mod:`sdpthermo.formulations.bath.convex_split`).

``D_max`` and ``D_max^eps`` themselves are the questions ``dmax`` and ``dmax.smooth`` (:mod:`sdpthermo.registry.dmax`).

Examples
--------
>>> from sdpthermo.registry.core import solve
>>> r = solve("bath.esc", energies=[0, 1, 2], n_max=3, store=None)
>>> r.value, r.data["violation"]
(2.0, {'n': 2, 'm': [1, 0, 1], 'm_prime': [0, 2, 0]})
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.formulations.bath.bounds import solve_bath_bounds
from sdpthermo.formulations.bath.convex_split import solve_convex_split
from sdpthermo.formulations.bath.esc import solve_esc
from sdpthermo.formulations.bath.optimal_channel import solve_optimal_channel
from sdpthermo.linalg.validate import as_density_matrix, check_probability_vector
from sdpthermo.models.bath.copies import random_pair
from sdpthermo.models.states import check_energies, gibbs_populations
from sdpthermo.registry import guards
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.params import Param, beta_from_T
from sdpthermo.results import Outcome
from sdpthermo.sdp.options import SolveOptions

SEED = "002_97900ad14424775e.txt"


def _optimal_channel_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """The certificate problem arrays of ``bath.optimal_channel`` that its params determine (store binding)."""
    e = check_energies(p["energies"])
    return {"energies": e, "p": check_probability_vector(p["p"], "p", length=e.size),
            "q": gibbs_populations(e, beta_from_T(p["T"])), "meta:n": p["n"]}


OUTPUTS = {
    "bath.bounds": Outputs(
        value="Corollary 4 lower bound on the bath size n_eps", unit="count", role=Role.LOWER_BOUND,
        bracket="[Corollary 4 lower, Theorem 1 upper] on n_eps (Eq. 9)", symbol=r"$n_\epsilon$",
        data={"dmax_bits": "D_max(rho||tau) [bits]", "dmax_smooth_bits": "D_max^{2 sqrt eps} [bits]",
              "esc": "the energy subspace condition holds", "esc_checked_up_to": "largest n checked",
              "lower_corollary4": "Corollary 4's bound", "n_lower": "certified lower", "n_upper": "certified upper",
              "radius": "smoothing radius"}),
    "bath.esc": Outputs(
        value="first number of copies n violating the ESC (inf when it holds up to n_max)", unit="count",
        role=Role.EXACT,
        data={"holds": "the ESC holds up to n_max", "violation": "the first violation (n, m, m')",
              "exact": "checked in exact rational arithmetic", "tol": "tolerance of a float check",
              "esc_checked_up_to": "n_max"}),
    "bath.optimal_channel": Outputs(
        value="min over energy-preserving random-unitary channels of ||E(rho x tau^{n-1}) - tau^n||_1 (Eq. 17, no 1/2)",
        unit="", role=Role.CLAIM,
        data={"optimal_value": "as value", "swap_value": "the swap channel's value",
              "swap_excess": "swap value - optimum", "swap_optimal": "the swap channel is optimal",
              "esc": "the ESC holds", "esc_violation": "the first ESC violation", "c12": "App. C.1 condition (C12)",
              "c13": "App. C.1 condition (C13)"}),
    "bath.convex_split": Outputs(
        value="||rho^(n) - sigma^{x n}||_1^2 of Lemma 9 for a random full-rank pair", unit="", role=Role.EXACT,
        data={"bound": "2^{D_max}/n, Lemma 9's bound", "holds": "value <= bound", "dmax_bits": "D_max [bits]"}),
}


def _region(p: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(rho, sigma, energies) from (rho, sigma[, energies]) or (energies, T, p | rho)."""
    if p.get("energies") is not None:
        e = check_energies(p["energies"])
        if p.get("T") is None:
            raise ValidationError("T", "is required with energies", "pass a temperature T >= 0 (inf allowed)")
        q = gibbs_populations(e, beta_from_T(p["T"]))
        if p.get("sigma") is not None:
            raise ValidationError("sigma", "is set by energies and T", "pass either sigma or (energies, T)")
        if p.get("p") is not None:
            if p.get("rho") is not None:
                raise ValidationError("p", "and rho are both given", "pass either diagonal populations p or rho")
            rho = np.diag(check_probability_vector(p["p"], "p", length=e.size))
        elif p.get("rho") is not None:
            rho = as_density_matrix(p["rho"], "rho")
            if rho.shape[0] != e.size:
                raise ValidationError("rho", f"is {rho.shape[0]}x{rho.shape[0]} but there are {e.size} energies",
                                      "give one energy per basis state")
        else:
            raise ValidationError("p", "is required with energies", "pass populations p (or rho)")
        return rho, np.diag(q), e
    if p.get("rho") is None or p.get("sigma") is None:
        raise ValidationError("rho", "the region state is missing", "pass (rho, sigma) or (energies, T, p)")
    return p["rho"], p["sigma"], None


@question("bath.bounds", outputs=OUTPUTS["bath.bounds"],
          title="Bath size n_eps: Theorem 1 upper and Corollary 4 lower bounds",
          reference=f"{SEED} Eqs. (12), (18); Theorems 10, 13", version="1", memory=guards.memory_dmax,
          backends=("cvxpy",),
          params=[Param("eps", "float", "thermalization accuracy of Eq. (2)", low=0.0, low_open=True, high=2.0),
                  Param("rho", "array", "region state omega_R", default=None),
                  Param("sigma", "array", "thermal state tau (instead of energies, T)", default=None),
                  Param("energies", "floats", "energy levels of H_R (enable the ESC check)", default=None),
                  Param("T", "float", "temperature (with energies)", default=None, low=0.0, allow_inf=True),
                  Param("p", "floats", "diagonal populations of omega_R in the energy basis", default=None)])
def q_bath_bounds(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """``ceil(2^{D_max^{2 sqrt eps}}) <= n_eps <= ceil(2^{D_max}/eps^2)`` (lower only under the ESC)."""
    rho, sigma, e = _region(params)
    return solve_bath_bounds(rho, sigma, params["eps"], e, opts)


@question("bath.esc", outputs=OUTPUTS["bath.esc"],
          title="Energy subspace condition up to n_max", reference=f"{SEED} Definition 2 (16), Def. 16",
          version="1", memory=guards.memory_bath, backends=("none",),
          params=[Param("energies", "floats", "energy levels of H_R"),
                  Param("n_max", "int", "largest number of copies checked", low=1)],
          problem_data=lambda p: {"energies": check_energies(p["energies"])})
def q_bath_esc(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """value = the first violating n (inf when the ESC holds up to n_max); data.violation = (m, m')."""
    return solve_esc(params["energies"], params["n_max"], opts)


@question("bath.optimal_channel", outputs=OUTPUTS["bath.optimal_channel"],
          title="Optimal energy-preserving random-unitary thermalization vs the swap channel",
          reference=f"{SEED} Eq. (17), Theorem 3, App. C.1", version="1", memory=guards.memory_bath,
          backends=("none",),
          params=[Param("energies", "floats", "energy levels of H_R"),
                  Param("T", "float", "temperature", low=0.0, allow_inf=True),
                  Param("p", "floats", "diagonal populations of the region state"),
                  Param("n", "int", "number of copies (region + n - 1 bath copies)", low=1)],
          problem_data=_optimal_channel_problem)
def q_optimal_channel(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """Eq. (17) optimum (certified) with data.swap_value, data.esc, data.swap_optimal."""
    return solve_optimal_channel(params["energies"], params["p"], params["n"], beta_from_T(params["T"]), opts)


@question("bath.convex_split", outputs=OUTPUTS["bath.convex_split"],
          title="Convex split lemma check on a random pair", reference=f"{SEED} Lemma 9, Eq. (B4)",
          derive=lambda res, ver: {"holds": bool(ver.passed)}, version="1", backends=("none",),
          params=[Param("d", "int", "local dimension", default=2, low=2, high=4),
                  Param("n", "int", "number of copies", low=1, high=6),
                  Param("seed", "int", "random seed", default=0, low=0)],
          problem_data=lambda p: dict(zip(("rho", "sigma"), random_pair(p["d"], p["seed"]))))
def q_convex_split(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """value = ||rho^(n) - sigma^n||_1^2 for random full-rank rho, sigma; data.bound = 2^{D_max}/n."""
    return solve_convex_split(*random_pair(params["d"], params["seed"]), params["n"], opts)
