r"""Questions of seed 002 (bath size for thermalizing MBL regions): D_max, smooth D_max, ``n_eps`` bounds,
the ESC, the optimal energy-preserving channel, and the convex split lemma.

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
from sdpthermo.formulations.dmax.exact import solve_dmax
from sdpthermo.formulations.dmax.smooth import METHODS, METRICS, check_eps, prepare, radius, solve_dmax_smooth
from sdpthermo.formulations.bath.optimal_channel import solve_optimal_channel
from sdpthermo.info.dmax import dmax
from sdpthermo.linalg.validate import as_density_matrix, check_probability_vector
from sdpthermo.models.bath.esc import check_esc
from sdpthermo.models.states import check_energies, gibbs_populations
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry import guards
from sdpthermo.registry.params import Param, beta_from_T
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions

SEED = "002_97900ad14424775e.txt"
RHO = Param("rho", "array", "state rho (density matrix)")
SIGMA = Param("sigma", "array", "reference state sigma (density matrix)")



def _smooth_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """The prepared blocks (:func:`~sdpthermo.formulations.dmax.smooth.prepare`) a ``dmax.smooth`` certificate
    is about, rebuilt from its ``rho`` and ``sigma`` (store binding)."""
    blocks = prepare(p["rho"], p["sigma"]).blocks
    return {**{f"rho_{b}": rb for b, (rb, _) in enumerate(blocks)},
            **{f"sigma_{b}": sb for b, (_, sb) in enumerate(blocks)},
            "meta:radius": radius(p["eps"], p["metric"]), "meta:metric": p["metric"], "meta:eps": p["eps"]}


def _random_pair(d: int, seed: int) -> list[np.ndarray]:
    """The full-rank pair (rho, sigma) of ``bath.convex_split``: two Ginibre states from ``seed``."""
    rng = np.random.default_rng(seed)
    mats = []
    for _ in range(2):
        g = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
        m = g @ g.conj().T
        mats.append(m / np.trace(m).real)
    return mats


def _optimal_channel_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """The certificate problem arrays of ``bath.optimal_channel`` that its params determine (store binding)."""
    e = check_energies(p["energies"])
    return {"energies": e, "p": check_probability_vector(p["p"], "p", length=e.size),
            "q": gibbs_populations(e, beta_from_T(p["T"])), "meta:n": p["n"]}


OUTPUTS = {
    "dmax": Outputs(value="D_max(rho||sigma) = log2 min{t : rho <= t sigma} (Eq. 10)", unit="bits", role=Role.EXACT,
                    symbol=r"$D_{\max}$", data={"t": "2^{D_max}"}),
    "dmax.smooth": Outputs(
        value="D_max^eps(rho||sigma) (Eq. 11): the solver's value, or the verified lower end on the solver-free "
              "route", unit="bits", role=Role.CLAIM, symbol=r"$D_{\max}^{\epsilon}$",
        data={"candidate_psd": "the spectral candidate is a state", "commuting": "rho and sigma commute",
              "gap_bits": "upper - lower [bits]", "max_block": "largest common block", "metric": "smoothing ball",
              "nblocks": "number of common blocks", "radius": "ball radius in the trace norm",
              "route": "which route certified the interval", "t_interval": "[2^lower, 2^upper]",
              "t_lower": "2^lower"}),
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


@question("dmax", outputs=OUTPUTS["dmax"],
          title="Max-relative entropy D_max(rho||sigma) in bits", reference=f"{SEED} Eq. (10)",
          version="1", memory=guards.memory_dmax, params=[RHO, SIGMA])
def q_dmax(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """Eq. (10) by the generalized eigenvalue problem; supp(rho) ⊄ supp(sigma) is an error (D_max = +inf)."""
    return solve_dmax(params["rho"], params["sigma"], opts)


def _check_smooth(p: dict[str, Any]) -> dict[str, Any]:
    check_eps(p["eps"], p["metric"])
    return p


@question("dmax.smooth", outputs=OUTPUTS["dmax.smooth"],
          title="Smooth max-relative entropy D_max^eps(rho||sigma) in bits, certified interval",
          reference=f"{SEED} Eq. (11)", version="1", memory=guards.memory_dmax,
          params=[RHO, SIGMA, Param("eps", "float", "smoothing radius", low=0.0, high=2.0),
                  Param("metric", "str", "ball: trace-norm (seed), trace-distance, purified", default="trace-norm",
                        choices=METRICS),
                  Param("method", "str", "auto | fast (solver-free) | sdp", default="auto", choices=METHODS)],
          check=_check_smooth,
          problem_data=_smooth_problem)
def q_dmax_smooth(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """Eq. (11) over normalized states (see :mod:`sdpthermo.formulations.dmax.smooth`)."""
    return solve_dmax_smooth(params["rho"], params["sigma"], params["eps"], params["metric"], params["method"], opts)


def _region(p: dict[str, Any], need_p: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
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
          version="1", memory=guards.memory_bath, params=[Param("energies", "floats", "energy levels of H_R"),
                               Param("n_max", "int", "largest number of copies checked", low=1)],
          problem_data=lambda p: {"energies": check_energies(p["energies"])})
def q_bath_esc(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """value = the first violating n (inf when the ESC holds up to n_max); data.violation = (m, m')."""
    from sdpthermo.certify import verify

    e = check_energies(params["energies"])
    cert = Certificate(kind="esc", sense="min", primal={}, dual={}, problem={"energies": e},
                       convention="Definition 2 / 16", meta={"n_max": params["n_max"]})
    ver = verify(cert, opts.tol)
    r = check_esc(e, params["n_max"])
    viol = {"n": r.violation[0], "m": r.violation[1], "m_prime": r.violation[2]} if r.violation else None
    return Outcome(status=Status.CLOSED_FORM, value=ver.lower, certificate=cert, verification=ver,
                   data={"holds": r.holds, "violation": viol, "exact": r.exact, "tol": r.tol,
                         "esc_checked_up_to": params["n_max"]},
                   solver=SolverInfo(name="type enumeration", backend="none"))


@question("bath.optimal_channel", outputs=OUTPUTS["bath.optimal_channel"],
          title="Optimal energy-preserving random-unitary thermalization vs the swap channel",
          reference=f"{SEED} Eq. (17), Theorem 3, App. C.1", version="1", memory=guards.memory_bath,
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
          derive=lambda res, ver: {"holds": bool(ver.passed)},
          version="1", params=[Param("d", "int", "local dimension", default=2, low=2, high=4),
                               Param("n", "int", "number of copies", low=1, high=6),
                               Param("seed", "int", "random seed", default=0, low=0)],
          problem_data=lambda p: dict(zip(("rho", "sigma"), _random_pair(p["d"], p["seed"]))))
def q_convex_split(params: dict[str, Any], opts: SolveOptions) -> Outcome:
    """value = ||rho^(n) - sigma^n||_1^2 for random full-rank rho, sigma; data.bound = 2^{D_max}/n."""
    from sdpthermo.certify import verify

    d, n = params["d"], params["n"]
    if d**n > 4096:
        raise ValidationError("n", f"d^n = {d ** n} is too large for the dense check", "use d^n <= 4096")
    mats = _random_pair(d, params["seed"])
    cert = Certificate(kind="convex-split", sense="max", primal={}, dual={}, problem={"rho": mats[0], "sigma": mats[1]},
                       convention="Lemma 9, Eq. (B4)", meta={"n": n})
    ver = verify(cert, opts.tol)
    return Outcome(status=Status.CLOSED_FORM, value=ver.primal_objective, certificate=cert, verification=ver,
                   data={"bound": ver.dual_objective, "holds": bool(ver.passed), "dmax_bits": dmax(*mats)},
                   solver=SolverInfo(name="dense", backend="none"))
