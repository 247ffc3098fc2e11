r"""Verifier of ``channel-marginal-channel-dps`` certificates: the best objective over local
thermalizations (seed 000, Definition 1) bracketed by an explicit LOSR ensemble (lower) and the dual of the
level-``k`` DPS relaxation with channel constraints (upper;
:mod:`sdpthermo.models.channel_marginal.two_copy_extension`).

Dual check, in the full space (``F = A ⊗ B^k``, ``W`` the isometry from ``A ⊗ Sym^k(B)``)::

    S_F = lift(Y_A ⊗ I + Y_B ⊗ I - C) + L_A^*(G_A) + L_B^*(G_B) - sum_c Z_c^{Γ_c},     S_X = W^T S_F W.

For every LOSR local thermalization the normalized product extension ``X`` is feasible with ``tr X = 1`` and
``R^{Γ_c} >= 0``, ``tr R^{Γ_c} = 1``, so (Lagrangian identity, the equality constraints holding exactly)

    tr(C J) = <b, y> - tr(S_X X) - sum_c tr(Z_c R^{Γ_c}) <= <b, y> + max(0, -lmin S_X) + sum_c max(0, -lmin Z_c)

with ``<b, y> = tr(Y_A (I ⊗ gamma_A)) + tr(Y_B (I ⊗ gamma_B))``, whatever the multipliers.  A certificate
may also carry a dual ``(ppt_Y_A, ppt_Y_B, ppt_Z)`` of the PPT relaxation (level 1), checked by
:func:`sdpthermo.certify.channel_marginal.bound.dual_upper`; ``upper`` is the smaller of the two bounds.
``lower = tr(C J_LOSR)`` for the recomposed ensemble, accepted when every local map is CPTP, the weights
are a distribution and Definition 1 holds, each within ``tol``.

Examples
--------
>>> kinds.CHANNEL_MARGINAL_CHANNEL_DPS in __import__("sdpthermo.certify", fromlist=["known_kinds"]).known_kinds()
True
"""

from __future__ import annotations

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, inner, psd_violation, roundoff, verifier
from sdpthermo.certify.channel_marginal.bound import dual_upper
from sdpthermo.linalg.hermitian import herm
from sdpthermo.models.channel_marginal.local_thermalization import (
    local_marginal_errors,
    targets,
    thermality_error,
)
from sdpthermo.models.channel_marginal.two_copy_extension import dual_slack, extension_structure
from sdpthermo.models.eplt.protocols import LosrEnsemble
from sdpthermo.results import Certificate, Verification


def channel_dps_upper(c: np.ndarray, ga: np.ndarray, gb: np.ndarray, duals: dict[str, np.ndarray],
                      level: int) -> tuple[float, float, float, float]:
    """``(upper, <b, y>, violation of S_X >= 0, total violation of Z_c >= 0)`` (module docstring)."""
    ta, tb = targets(ga, gb)
    ya, yb = herm(duals["Y_A"]), herm(duals["Y_B"])
    obj = inner(ya, ta) + inner(yb, tb)
    cuts = len(extension_structure(ga.shape[0], level).cuts)
    zv = sum(psd_violation(herm(duals[f"Z_{j}"])) for j in range(1, cuts + 1))
    sv = psd_violation(dual_slack(c, ga.shape[0], duals, level))
    return obj + sv + zv + roundoff(ya, ta) + roundoff(yb, tb), obj, sv, zv


@verifier(kinds.CHANNEL_MARGINAL_CHANNEL_DPS)
def verify_local_thermalization_channel_dps(cert: Certificate, tol: float) -> Verification:
    """``[lower, upper]`` on ``max tr(C J)`` over local thermalizations (see module docstring)."""
    ga, gb, c = cert.problem["gamma_A"], cert.problem["gamma_B"], cert.problem["C"]
    level = int(cert.meta["level"])
    upper, dual_obj, sv, zv = channel_dps_upper(c, ga, gb, cert.dual, level)
    conclusions: dict[str, object] = {"level2_upper": upper}
    if "ppt_Y_A" in cert.dual:
        ppt = dual_upper(c, ga, gb, cert.dual["ppt_Y_A"], cert.dual["ppt_Y_B"], cert.dual["ppt_Z"])[0]
        conclusions["level1_upper"] = ppt
        upper = min(upper, ppt)
    ens = LosrEnsemble.bipartite(cert.primal["p"], cert.primal["choi_A"], cert.primal["choi_B"])
    j_losr = ens.choi()
    errs = local_marginal_errors(ens)
    therm = thermality_error(j_losr, ga, gb)
    lower = inner(c, j_losr) - roundoff(c, j_losr)
    residuals = {"dual_slack_S_X": sv, "dual_Z_psd": zv, "losr_thermality": therm, **errs}
    conclusions.update({"losr_lower": lower, "relaxation_upper": upper, "gap": upper - lower})
    return finish(lower, dual_obj, residuals, lower, upper, tol, conclusions=conclusions,
                  notes="lower: explicit LOSR ensemble; upper: dual of the DPS relaxation with channel constraints")
