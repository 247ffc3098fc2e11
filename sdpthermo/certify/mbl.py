r"""Verifiers for the MBL D_max profiles of seed 002 §IV (Fig. 2) and App. D (Fig. 5); numpy only, bits.

``mbl-dmax-regions`` (one disorder realization): per region ``j`` the reduced state ``rho_j = omega_R``, the
thermal state ``tau_j``, ``t_j = 2^{D_max}`` and the test vector ``v_j``, and the claimed values
``dmax[j]``.  Each pair is re-checked by the ``dmax`` verifier (:func:`sdpthermo.certify.dmax.verify_dmax`:
``upper`` from ``t tau - rho >= 0`` on ``supp(tau)``, ``lower`` from ``v``); residual ``claim`` is how far
a claimed value lies outside its certified interval, ``support_leakage`` the largest weight of a
``rho_j`` outside ``supp(tau_j)``.  ``lower``/``upper`` are those of the largest region.

``mbl-dmax-profile`` (realizations averaged): the matrix ``dmax[k, j]`` (realization ``k``, region ``j``),
and, per region, the ``mbl-dmax-regions`` arrays of the realization with the largest ``D_max`` there
(``meta["spot"]``), which are re-checked against ``dmax[spot_j, j]``.  The verifier recomputes the means,
standard errors and the weighted slope (:func:`sdpthermo.models.mbl.pipeline.fit_profile`) from the matrix; residual
``slope`` is the distance to the claimed slope and ``lower = upper`` = the recomputed slope.  The other
matrix entries are not re-derived (that needs the exact diagonalization); the spot checks bound the
entries that set the worst-case bath size ``ceil(2^{max_k D_max}/eps^2)``.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.certify import verify
>>> from sdpthermo.results import Certificate
>>> c = Certificate(kinds.MBL_DMAX_REGIONS, "min", {"t_0": np.array(2.0)}, {"v_0": np.array([0.0, 2.0])},
...                 {"rho_0": np.diag([.5, .5]), "tau_0": np.diag([.75, .25]), "dmax": np.array([1.0]),
...                  "regions": np.array([1])}, "Eq. (10)")
>>> v = verify(c, 1e-9); round(v.lower, 12), round(v.upper, 12), v.passed
(1.0, 1.0, True)
"""

from __future__ import annotations

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, verifier
from sdpthermo.certify.dmax import CONVENTION_DMAX, verify_dmax
from sdpthermo.models.mbl.pipeline import fit_profile
from sdpthermo.results import Certificate, Verification


def _check_regions(cert: Certificate, claimed: np.ndarray, tol: float) -> tuple[list[Verification], dict[str, float]]:
    """Re-check each stored ``(rho_j, tau_j, t_j, v_j)`` and the claimed ``D_max`` values."""
    vers, claim, leak = [], 0.0, 0.0
    for j, c in enumerate(claimed):
        sub = Certificate(kinds.DMAX, "min", {"t": cert.primal[f"t_{j}"]}, {"v": cert.dual[f"v_{j}"]},
                          {"rho": cert.problem[f"rho_{j}"], "sigma": cert.problem[f"tau_{j}"]}, CONVENTION_DMAX)
        ver = verify_dmax(sub, tol)
        vers.append(ver)
        claim = max(claim, ver.lower - float(c), float(c) - ver.upper, 0.0 if ver.passed else np.inf)
        leak = max(leak, ver.residuals["support_leakage"])
    return vers, {"claim": claim, "support_leakage": leak}


@verifier(kinds.MBL_DMAX_REGIONS)
def verify_dmax_regions(cert: Certificate, tol: float) -> Verification:
    """Re-check a ``mbl-dmax-regions`` certificate (module docstring)."""
    claimed = np.asarray(cert.problem["dmax"], dtype=float)
    vers, res = _check_regions(cert, claimed, tol)
    last = int(np.argmax(np.asarray(cert.problem["regions"])))
    return finish(vers[last].lower, vers[last].upper, res, vers[last].lower, vers[last].upper, tol,
                  notes="each region re-checked by the dmax verifier; bounds of the largest region")


@verifier(kinds.MBL_DMAX_PROFILE)
def verify_mbl_profile(cert: Certificate, tol: float) -> Verification:
    """Re-check a ``mbl-dmax-profile`` certificate (module docstring)."""
    d = np.asarray(cert.problem["dmax"], dtype=float)
    regions = [int(r) for r in np.asarray(cert.problem["regions"])]
    spot = [int(k) for k in cert.meta["spot"]]
    _, res = _check_regions(cert, d[spot, np.arange(len(regions))], tol)
    slope = fit_profile(d, regions).slope
    res["slope"] = abs(slope - float(cert.meta["slope"]))
    return finish(slope, slope, res, slope, slope, tol,
                  notes="slope recomputed from the stored D_max matrix; per region the largest entry re-checked")



@verifier(kinds.MBL_TRANSITION)
def verify_mbl_transition(cert: Certificate, tol: float) -> Verification:
    """Recompute the slopes, their derivative in Delta and ``Delta*`` from the stored ``D_max`` matrices.

    Problem arrays: ``disorders``, ``regions``, ``dmax_<i>`` (realizations x regions per disorder); meta:
    the claimed ``delta_star`` and the bootstrap settings.  ``lower = upper`` = the recomputed ``Delta*``;
    the ``D_max`` entries themselves are certified by ``mbl.dmax_profile`` (this is an estimate, not a bound).
    """
    from sdpthermo.models.mbl.pipeline import transition_estimate

    x = [float(v) for v in cert.problem["disorders"]]
    regions = [int(r) for r in cert.problem["regions"]]
    mats = [np.asarray(cert.problem[f"dmax_{i}"]) for i in range(len(x))]
    est = transition_estimate(x, mats, regions, bootstrap=int(cert.meta["bootstrap"]), seed=int(cert.meta["seed"]))
    res = {"delta_star": abs(est.delta_star - float(cert.meta["delta_star"])),
           "negative_dmax": max(0.0, -min(float(m.min()) for m in mats))}
    return finish(est.delta_star, est.delta_star, res, est.delta_star, est.delta_star, tol,
                  conclusions={"delta_star_err": est.delta_star_err},
                  notes="recomputed from the stored D_max matrices (seed 002 Fig. 2 inset)")
