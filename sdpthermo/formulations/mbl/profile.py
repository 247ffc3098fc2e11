r"""``D_max(omega_R || tau)`` profiles of the disordered Heisenberg chain, certified (seed 002 §IV, App. D).

The physics (initial states, the time average of Eq. (5), ``beta`` matching, thermal references) is
:mod:`sdpthermo.models.mbl.pipeline`; each :class:`~sdpthermo.models.mbl.pipeline.RegionDmax` carries the
witnesses of ``D_max`` (Eq. (10), bits): ``t = 2^{D_max}`` with ``t tau - rho >= 0`` and a test vector ``v``.
The certificates (:mod:`sdpthermo.certify.mbl`):

* :func:`solve_dmax_realization` — ``mbl-dmax-regions``: every region's ``(rho, tau, t, v)`` of one realization;
* :func:`solve_dmax_profile` — ``mbl-dmax-profile``: the matrix ``D_max[k, j]`` (realization ``k``, region ``j``)
  and, per region, the witnesses of the realization with the largest ``D_max``; the verifier refits the slope;
* :func:`solve_transition` — ``mbl-transition``: the slope matrices per disorder strength; the verifier repeats
  the finite-difference peak search of Fig. 2's inset.

Examples
--------
>>> from sdpthermo.models.mbl.heisenberg import HeisenbergChain
>>> from sdpthermo.models.mbl.pipeline import realization_profile
>>> prof = realization_profile(HeisenbergChain.realization(6, 4.0, 0, 0), [1, 2], "neel-sectors",
...                            "reduced-hamiltonian")
>>> out = solve_dmax_realization(prof, [1, 2])
>>> out.verified, len(out.data["dmax"])
(True, 2)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.models.mbl.pipeline import RealizationProfile, fit_profile, n_eps_upper, transition_estimate
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions

SOLVER = SolverInfo(name="sector exact diagonalization + generalized eigenvalues", backend="numpy")
CONVENTION = "seed 002 §IV, Fig. 2 / App. D, Fig. 5; D_max in bits"


def region_certificate(kind: str, regions: list[int], d: np.ndarray, pick: list[RealizationProfile],
                       meta: dict[str, Any]) -> Certificate:
    """Certificate arrays: per region ``j`` the witnesses of ``D_max`` in the realization ``pick[j]``."""
    prob: dict[str, np.ndarray] = {"regions": np.array(regions), "dmax": d}
    primal: dict[str, np.ndarray] = {}
    dual: dict[str, np.ndarray] = {}
    for j, prof in enumerate(pick):
        reg = prof.regions[j]
        prob[f"rho_{j}"], prob[f"tau_{j}"] = reg.rho, reg.tau
        primal[f"t_{j}"], dual[f"v_{j}"] = np.array(reg.t), reg.v
    return Certificate(kind, "min", primal, dual, prob, CONVENTION, meta=meta)


def solve_dmax_realization(prof: RealizationProfile, regions: list[int], opts: SolveOptions | None = None) -> Outcome:
    """value = ``D_max`` at the largest region of one realization; ``data.dmax`` per region, ``beta``, ``energy``."""
    opts = opts or SolveOptions()
    cert = region_certificate(kinds.MBL_DMAX_REGIONS, regions, np.array([r.dmax for r in prof.regions]),
                              [prof] * len(prof.regions), {})
    ver = verify(cert, opts.tol)
    return Outcome(status=Status.CLOSED_FORM, value=prof.regions[-1].dmax, certificate=cert, verification=ver,
                   data={"regions": regions, "dmax": [r.dmax for r in prof.regions], "beta": prof.beta,
                         "energy": prof.energy},
                   solver=SOLVER)


def solve_dmax_profile(profs: list[RealizationProfile], regions: list[int], eps: float,
                       opts: SolveOptions | None = None) -> Outcome:
    """value = the weighted slope of the mean ``D_max`` in ``|R|``; data: means, standard errors, ``beta``, and the
    Theorem 1 bath sizes ``ceil(2^{D_max}/eps^2)`` from the mean and from the largest ``D_max``."""
    opts = opts or SolveOptions()
    d = np.array([[r.dmax for r in prof.regions] for prof in profs])
    fit = fit_profile(d, regions)
    spot = [int(k) for k in d.argmax(axis=0)]
    cert = region_certificate(kinds.MBL_DMAX_PROFILE, regions, d, [profs[k] for k in spot],
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


def solve_transition(disorders: list[float], mats: list[np.ndarray], regions: list[int], bootstrap: int,
                     seed: int, opts: SolveOptions | None = None) -> Outcome:
    """value = ``Delta*``, the peak of ``d(slope)/dDelta`` over the ``D_max`` matrices ``mats`` (one per disorder
    strength, realizations x regions); ``data``: slopes, derivative, bootstrap error of ``Delta*``."""
    opts = opts or SolveOptions()
    est = transition_estimate(disorders, mats, regions, bootstrap=bootstrap, seed=seed)
    prob = {"disorders": np.array(disorders), "regions": np.array(regions),
            **{f"dmax_{i}": m for i, m in enumerate(mats)}}
    cert = Certificate(kinds.MBL_TRANSITION, "max", {}, {}, prob, "seed 002 Fig. 2 inset: argmax d(slope)/dDelta",
                       meta={"delta_star": est.delta_star, "bootstrap": bootstrap, "seed": seed})
    ver = verify(cert, opts.tol)
    return Outcome(status=Status.CLOSED_FORM, value=est.delta_star, certificate=cert, verification=ver,
                   data={"delta_star_err": est.delta_star_err, "disorders": disorders, "slopes": est.slopes,
                         "derivative": est.derivative},
                   solver=SOLVER)
