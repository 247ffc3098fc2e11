r"""The best local thermalization as a certified interval ``[LOSR lower, relaxation upper]`` (seed 000, outlook).

``max tr(C J)`` over Choi matrices ``J`` (``A_in B_in A_out B_out``) of local thermalizations (Definition 1),
``C`` the objective operator (``Psi+ ⊗ Psi+`` for the FEF ``<Psi+|Lambda(Psi+)|Psi+>``, or a witness objective):

* upper: a relaxation of LOSR (:mod:`.bound` — ``"ppt"`` or ``"nonsignalling"``, :mod:`.reduced` — its
  phase-covariant block form, :mod:`.dps` — a DPS level ``k``), certified from its dual;
* lower: the best explicit LOSR ensemble (:func:`~sdpthermo.formulations.channel_marginal.losr.best_losr`:
  the paper's families and a see-saw), recomposed by the verifier.

:func:`solve_channel_marginal` stores both in a ``channel-marginal-bound`` certificate;
:func:`solve_channel_marginal_dps` the level-2 DPS relaxation with channel constraints (:mod:`.channel_dps`) and
the PPT relaxation in a ``channel-marginal-channel-dps`` certificate (:mod:`sdpthermo.certify.channel_marginal`).
``value`` is the relaxation's claim; ``[lower, upper]`` the verified interval on the optimum.

Examples
--------
>>> from sdpthermo.models.channel_marginal.local_thermalization import fidelity_operator
>>> from sdpthermo.models.states import gibbs_state
>>> g = gibbs_state([0.0, 1.0], 1.0)
>>> out = solve_channel_marginal(g, g, fidelity_operator(2), "fef", "ppt", covariant=True,
...                              search=LosrSearch(starts=0))
>>> out.verified, out.verification.upper - out.verification.lower < 1e-6    # qubits: E^{eps*} is optimal
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.formulations.channel_marginal.bound import solve_relaxation
from sdpthermo.formulations.eplt.static_bound import static_bound
from sdpthermo.models.channel_marginal.local_thermalization import lambda_fef, paper_fef
from sdpthermo.models.eplt.channels import eps_limit, eps_star
from sdpthermo.models.states import max_entangled
from sdpthermo.results import Certificate, Outcome, Verification
from sdpthermo.sdp.options import SolveOptions

CONVENTION = ("max tr(C J) over Choi J (A_in B_in A_out B_out) of local thermalizations, Def. 1 of seed 000; "
              "lower: LOSR ensemble (p, choi_A, choi_B); upper: dual (Y_A, Y_B, Z) of the relaxation")


@dataclass(frozen=True)
class LosrSearch:
    """Settings of the LOSR lower-bound search (:func:`~sdpthermo.formulations.channel_marginal.losr.best_losr`):
    see-saw starts, seed (mixed with a hash of the instance), steps per start and number of terms."""

    starts: int = 2
    seed: int = 0
    iters: int = 30
    terms: int | None = None


def _search(ga: np.ndarray, gb: np.ndarray, c: np.ndarray, j: np.ndarray | None, search: LosrSearch,
            opts: SolveOptions) -> tuple[float, Any, str, dict[str, float]]:
    from sdpthermo.formulations.channel_marginal.losr import best_losr  # scipy.optimize: solve paths only

    if np.iscomplexobj(c) and np.max(np.abs(np.imag(c))) > 0:  # the see-saw is real: paper families only
        return best_losr(ga, gb, c, starts=0, seed=search.seed, opts=opts)
    return best_losr(ga, gb, np.real(c), starts=search.starts, seed=search.seed, iters=search.iters,
                     terms=search.terms, relaxation_choi=j, opts=opts)


def _lower_data(objective: str, ga: np.ndarray, gb: np.ndarray, lval: float, ens: Any, how: str,
                record: dict[str, float], ver: Verification, opts: SolveOptions) -> dict[str, Any]:
    d = ga.shape[0]
    es = eps_star(ga, gb)
    data: dict[str, Any] = {"losr_lower": lval, "losr_channel": how, "losr_terms": int(len(ens.probs)),
                            "gap": ver.upper - ver.lower, "eps_star": es, "seesaw": record}
    if objective == "fef":
        data["paper_value"] = paper_fef(ga, gb, es)
        data["lambda_value"] = lambda_fef(ga, gb, eps_limit(ga), eps_limit(gb))
        data["static_bound"], data["static_bound_upper"] = static_bound(ga, gb, max_entangled(d), opts)
        data["entanglement_certified"] = bool(ver.passed and ver.lower > 1 / d)
    return data


def solve_channel_marginal(ga: np.ndarray, gb: np.ndarray, c: np.ndarray, objective: str, relaxation: str,
                           level: int | None = None, covariant: bool = False, search: LosrSearch | None = None,
                           opts: SolveOptions | None = None) -> Outcome:
    """``[LOSR lower, relaxation upper]`` on ``max tr(C J)`` over local thermalizations of ``(ga, gb)``.

    ``relaxation`` is ``"ppt"``, ``"nonsignalling"`` or ``"dps"`` (level ``level``, default 2); ``covariant``
    solves the ``"ppt"``/``"nonsignalling"`` relaxation in its phase-covariant block form (valid for the
    FEF objective only); ``objective`` (``"fef"`` or ``"witness"``) labels ``C`` and adds the FEF references
    (paper families, static bound) to ``data``.
    """
    from sdpthermo.formulations.channel_marginal.dps import solve_relaxation_dps  # scipy.sparse: solve paths
    from sdpthermo.formulations.channel_marginal.reduced import solve_relaxation_covariant  # only (not reads)

    opts = opts or SolveOptions()
    search = search or LosrSearch()
    d = ga.shape[0]
    if relaxation == "dps":
        level = 2 if level is None else level
        rel = solve_relaxation_dps(ga, gb, c, level, opts)
    elif covariant:
        rel = solve_relaxation_covariant(ga, gb, relaxation, opts)
    else:
        rel = solve_relaxation(ga, gb, c, relaxation, opts)
    lval, ens, how, record = _search(ga, gb, c, rel.J if rel.status.usable else None, search, opts)
    cert = Certificate(
        kind=kinds.CHANNEL_MARGINAL_BOUND, sense="max",
        primal={"p": ens.probs, "choi_A": ens.choi_a, "choi_B": ens.choi_b, "J": rel.J},
        dual={"Y_A": rel.Y_A, "Y_B": rel.Y_B, "Z": rel.Z},
        problem={"gamma_A": ga, "gamma_B": gb, "C": c}, convention=CONVENTION,
        meta={"relaxation": relaxation, "d": d, "objective": objective, "level": level})
    ver = verify(cert, opts.tol)
    data: dict[str, Any] = {
        "relaxation_value": rel.value, "relaxation_upper": ver.conclusions.get("relaxation_upper"),
        "relaxation_lower": ver.conclusions.get("relaxation_lower"), "reduction": "covariant" if covariant
        else "full", "level": level, **_lower_data(objective, ga, gb, lval, ens, how, record, ver, opts)}
    return Outcome(status=rel.status, value=rel.value, certificate=cert, verification=ver, data=data,
                   solver=rel.solver)


def solve_channel_marginal_dps(ga: np.ndarray, gb: np.ndarray, c: np.ndarray, search: LosrSearch | None = None,
                               opts: SolveOptions | None = None) -> Outcome:
    """Level-2 DPS with channel constraints (charge-reduced) and the PPT relaxation, verified in the full space,
    against the best LOSR lower bound; FEF objective ``C`` only (the reduction uses its phase symmetry)."""
    from sdpthermo.formulations.channel_marginal.channel_dps import solve_channel_dps  # scipy.sparse: solve
    from sdpthermo.formulations.channel_marginal.reduced import solve_relaxation_covariant  # paths only

    opts = opts or SolveOptions()
    search = search or LosrSearch()
    d = ga.shape[0]
    ppt = solve_relaxation_covariant(ga, gb, "ppt", opts)
    rel = solve_channel_dps(ga, gb, 2, opts)
    lval, ens, how, record = _search(ga, gb, c, ppt.J if ppt.status.usable else None, search, opts)
    n3, nf = d**3, d**6
    duals = rel.duals or {"Y_A": np.zeros((n3, n3)), "Y_B": np.zeros((n3, n3)), "G_A": np.zeros((d**5, d**5)),
                          "G_B": np.zeros((d**5, d**5)), "Z_1": np.zeros((nf, nf)), "Z_2": np.zeros((nf, nf))}
    cert = Certificate(
        kind=kinds.CHANNEL_MARGINAL_CHANNEL_DPS, sense="max",
        primal={"p": ens.probs, "choi_A": ens.choi_a, "choi_B": ens.choi_b},
        dual={**duals, "ppt_Y_A": ppt.Y_A, "ppt_Y_B": ppt.Y_B, "ppt_Z": ppt.Z},
        problem={"gamma_A": ga, "gamma_B": gb, "C": c}, convention=CONVENTION,
        meta={"relaxation": "channel-dps", "d": d, "objective": "fef", "level": 2})
    ver = verify(cert, opts.tol)
    data: dict[str, Any] = {"relaxation_value": rel.value, "relaxation_upper": ver.conclusions.get("relaxation_upper"),
                            "ppt_value": ppt.value, "level1_upper": ver.conclusions.get("level1_upper"),
                            "level2_upper": ver.conclusions.get("level2_upper"), "reduction": "charge", "level": 2,
                            **_lower_data("fef", ga, gb, lval, ens, how, record, ver, opts)}
    return Outcome(status=rel.status, value=rel.value, certificate=cert, verification=ver, data=data,
                   solver=rel.solver)
