r"""Verifier of ``channel-marginal-bound`` certificates: the best objective over local thermalizations
(Definition 1, seed 000) bracketed by an explicit LOSR channel (lower) and a dual-certified relaxation (upper).

Relaxation (``max tr(C J)`` over Choi matrices; ``T_B`` transposes Bob's input and output)::

    primal:  max tr(C J)   s.t.  J >= 0,  tr_{B_out} J = I ⊗ gamma_A  [Y_A],  tr_{A_out} J = I ⊗ gamma_B  [Y_B],
                                 J^{T_B} >= 0  [Z]   (relaxations "ppt", "dps"; absent for "nonsignalling")
                                 (``"dps"``: ``J = d^2 Phi(X)``, ``X >= 0`` a symmetric extension; the slack
                                 below becomes ``S_X = d^2 Phi*(S)`` with ``tr X = 1``)
    dual:    min tr(Y_A (I ⊗ gamma_A)) + tr(Y_B (I ⊗ gamma_B))
             s.t.  S = Y_A ⊗ I_{B_out} + Y_B ⊗_{A_out} I - C - Z^{T_B} >= 0,  Z >= 0.

Every LOSR local thermalization is feasible (its Choi matrix is separable across Alice|Bob), so for
it ``tr(C J) = <b, y> - tr(S J) - tr(Z J^{T_B}) <= <b, y> + d^2 [max(0, -lmin S) + max(0, -lmin Z)]``
using ``tr J = tr J^{T_B} = d^2``: that is ``upper``.  ``lower = tr(C J_LOSR)`` for the recomposed
ensemble ``J_LOSR = sum_l p_l J_{A_l} ⊗ J_{B_l}`` **after** the repair of
:func:`sdpthermo.models.channel_marginal.local_thermalization.repair_ensemble` (weights clipped and
renormalized, every local map made CPTP, the marginal defect of Definition 1 removed, PSD restored by
mixing with ``I ⊗ gamma``), so the ensemble whose objective counts is exactly (to roundoff, charged) a
probability mixture of CPTP product maps that thermalizes locally; the stored ensemble's residuals decide
``passed`` only.  When the repaired ensemble misses Definition 1 by more than roundoff (a singular
``gamma``), the product replacement channel ``I ⊗ gamma_A ⊗ gamma_B`` (always an LOSR local thermalization)
gives ``lower``.

The relaxation's own primal ``J`` (when stored) is repaired to exact feasibility — the marginal
defect is removed by ``J' = J + Δ_A ⊗ gamma_B + Δ_B ⊗ gamma_A - tr_{A_out}(Δ_A) ⊗ gamma_A ⊗ gamma_B``
and PSD is restored by mixing with the strictly feasible ``I ⊗ gamma_A ⊗ gamma_B`` — giving
``conclusions["relaxation_lower"]`` (a lower bound on the relaxation's value, not on LOSR).

Examples
--------
>>> # see sdpthermo.formulations.channel_marginal.bound for a solved example
>>> kinds.CHANNEL_MARGINAL_BOUND in __import__("sdpthermo.certify", fromlist=["known_kinds"]).known_kinds()
True
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, inner, psd_violation, roundoff, verifier
from sdpthermo.certify.soundness import eig_roundoff, probability_repair
from sdpthermo.linalg.choi import party_transpose
from sdpthermo.linalg.hermitian import herm
from sdpthermo.linalg.tensor import partial_trace, permute_systems
from sdpthermo.models.channel_marginal.local_thermalization import (
    embed_A,
    embed_B,
    local_marginal_errors,
    marginal_A,
    marginal_B,
    product_gibbs_choi,
    repair_ensemble,
    targets,
    thermality_error,
)
from sdpthermo.models.channel_marginal.symmetric_extension import extension_adjoint
from sdpthermo.models.eplt.protocols import LosrEnsemble
from sdpthermo.results import Certificate, Verification


def dual_upper(c: np.ndarray, ga: np.ndarray, gb: np.ndarray, ya: np.ndarray, yb: np.ndarray,
               z: np.ndarray | None, level: int | None = None) -> tuple[float, float, float, float]:
    """``(upper, dual objective, slack violation, violation of Z >= 0)`` (see module docstring).

    With ``level`` (DPS), the slack is ``S_X = d^2 Phi*(S)`` on the extension, whose trace is 1.
    """
    d = ga.shape[0]
    ta, tb = targets(ga, gb)
    ya, yb = herm(ya), herm(yb)
    obj = inner(ya, ta) + inner(yb, tb)
    s = embed_A(ya, d) + embed_B(yb, d) - c
    zv = 0.0
    if z is not None:
        z = herm(z)
        s = s - party_transpose(z, [d, d], [d, d], 1)
        zv = psd_violation(z)
    if level is not None:
        sx = extension_adjoint(s, d, level)
        sv = psd_violation(sx)
        return obj + sv + eig_roundoff(sx) + d * d * zv + roundoff(ya, ta), obj, sv, zv
    sv = psd_violation(s)
    return obj + d * d * (sv + eig_roundoff(s) + zv) + roundoff(ya, ta), obj, sv, zv


def repaired_relaxation_value(c: np.ndarray, ga: np.ndarray, gb: np.ndarray, j: np.ndarray, ppt: bool) -> float:
    """Objective of the relaxation's primal after the exact-feasibility repair (``-inf`` when impossible)."""
    d = ga.shape[0]
    ta, tb = targets(ga, gb)
    j = herm(j)
    da, db = ta - marginal_A(j, d), tb - marginal_B(j, d)
    corr = np.kron(da, gb) + _place_on_b(db, ga, d)  # Δ_A ⊗ gamma_B (on B_out) + Δ_B ⊗ gamma_A (on A_out)
    common = partial_trace(da, [2], [d, d, d])  # tr_{A_out} Δ_A on A_in B_in
    jp = j + corr - np.kron(common, np.kron(ga, gb))
    j0 = product_gibbs_choi(ga, gb)
    l0 = float(np.linalg.eigvalsh(j0)[0])
    viol = psd_violation(jp)
    if ppt:
        viol = max(viol, psd_violation(party_transpose(jp, [d, d], [d, d], 1)))
    if viol == 0.0:
        return inner(c, jp)
    if l0 <= 0:
        return float("-inf")
    mu = viol / (viol + l0)
    return inner(c, (1 - mu) * jp + mu * j0) - roundoff(c, jp)


def repaired_losr_value(c: np.ndarray, ga: np.ndarray, gb: np.ndarray, ens: LosrEnsemble) -> float:
    """``tr(C J)`` of the repaired ensemble (module docstring), roundoff and the repair's remainder charged."""
    d = int(ga.shape[0])
    pmin = min(float(np.linalg.eigvalsh(herm(ga))[0]), float(np.linalg.eigvalsh(herm(gb))[0]))
    j, remainder = None, 0.0
    if pmin > 0 and all(np.all(np.isfinite(x)) for x in (ens.probs, ens.choi_a, ens.choi_b)):
        fixed = repair_ensemble(replace(ens, probs=probability_repair(ens.probs)), ga, gb)
        j = fixed.choi()
        remainder = max(*local_marginal_errors(fixed).values(), thermality_error(j, ga, gb))
        if not remainder <= REPAIR_REMAINDER:
            j = None
    if j is None:
        j, remainder = product_gibbs_choi(ga, gb), 0.0
    # an entrywise defect e of the repaired J: its exactly feasible neighbour (the same repair in exact
    # arithmetic, mixing with I ⊗ gamma) lies within e (2 + d^2 / lambda_min(gamma)) entrywise
    return inner(c, j) - remainder * (2 + d * d / max(pmin, 1e-300)) * float(np.abs(c).sum()) - roundoff(c, j)


#: largest residual (entrywise) the repaired ensemble may keep; beyond it the repair failed (singular gamma)
REPAIR_REMAINDER = 1e-12


def _place_on_b(db: np.ndarray, ga: np.ndarray, d: int) -> np.ndarray:
    """``Δ_B`` (on A_in B_in B_out) ⊗ ``gamma_A`` on A_out, in Choi order."""
    return permute_systems(np.kron(db, ga), [0, 1, 3, 2], [d, d, d, d])


@verifier(kinds.CHANNEL_MARGINAL_BOUND)
def verify_local_thermalization_bound(cert: Certificate, tol: float) -> Verification:
    """``[lower, upper]`` on ``max tr(C J)`` over local thermalizations (see module docstring)."""
    ga, gb, c = cert.problem["gamma_A"], cert.problem["gamma_B"], cert.problem["C"]
    relaxation = cert.meta["relaxation"]
    z = cert.dual.get("Z") if relaxation != "nonsignalling" else None
    level = int(cert.meta["level"]) if relaxation == "dps" else None
    upper, dual_obj, sv, zv = dual_upper(c, ga, gb, cert.dual["Y_A"], cert.dual["Y_B"], z, level)
    ens = LosrEnsemble.bipartite(cert.primal["p"], cert.primal["choi_A"], cert.primal["choi_B"])
    errs = local_marginal_errors(ens)
    therm = thermality_error(ens.choi(), ga, gb)
    lower = repaired_losr_value(c, ga, gb, ens)
    residuals = {"dual_slack_S": sv, "dual_Z_psd": zv, "losr_thermality": therm, **errs}
    conclusions: dict[str, object] = {"losr_lower": lower, "relaxation_upper": upper}
    primal_obj = lower
    if "J" in cert.primal:
        rl = repaired_relaxation_value(c, ga, gb, cert.primal["J"], relaxation != "nonsignalling")
        conclusions["relaxation_lower"] = rl
        residuals["relaxation_primal_defect"] = thermality_error(herm(cert.primal["J"]), ga, gb)
    conclusions["gap"] = upper - lower
    return finish(primal_obj, dual_obj, residuals, lower, upper, tol, conclusions=conclusions,
                  notes="lower: explicit LOSR ensemble; upper: dual of the relaxation")
