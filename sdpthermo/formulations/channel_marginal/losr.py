r"""Explicit LOSR local thermalizations: lower bounds for the channel marginal problem (seed 000, outlook).

Candidates, each an ensemble ``Lambda = sum_l p_l A_l ⊗ B_l`` that :mod:`sdpthermo.certify` recomposes:

* the paper's ``E^eps`` (Eq. (5)) optimized over ``eps in [0, eps*]`` and ``Lambda^(eps_A, eps_B)`` (Eq. (20))
  over ``eps_X in [0, d P_min^X]``, with the U⊗U* twirl realized by a finite real 1-design
  (:func:`~sdpthermo.models.channel_marginal.local_thermalization.real_twirl_unitaries`; same output on ``Psi+``);
* a see-saw over ensembles with ``m`` shared-randomness values: with Bob's maps fixed, the best
  ``(p_l, A_l)`` is an SDP in ``Ã_l = p_l A_l``::

      max sum_l tr(M_l J_{Ã_l})  s.t.  J_{Ã_l} >= 0,  tr_out J_{Ã_l} = p_l I,  sum_l J_{Ã_l} = I ⊗ gamma_A,
                                      sum_l p_l J_{B_l} = I ⊗ gamma_B,  p >= 0

  (``M_l`` contracts ``C`` with ``J_{B_l}``), then the mirror step for Bob; each step cannot decrease the
  objective.  The see-saw runs as :class:`~sdpthermo.formulations.channel_marginal.seesaw.SeesawProgram` (both SDPs
  assembled once per instance); starts are the paper's ensemble, split copies of it
  (:func:`split_start`), local maps read off a relaxation's optimal Choi matrix (:func:`relaxation_start`)
  and random ensembles (:func:`random_start`), all seeded by the instance (:func:`instance_seed`).
  The final ensemble is repaired to exact feasibility (:func:`repair_ensemble`).

Examples
--------
>>> from sdpthermo.models.states import gibbs_state
>>> from sdpthermo.models.channel_marginal.local_thermalization import fidelity_operator
>>> g = gibbs_state([0.0, 1.0], 1.0)
>>> val, ens, how = best_paper_ensemble(g, g, fidelity_operator(2))
>>> how, bool(round(val, 10) == round(2 * g[1, 1] + (1 - 2 * g[1, 1]) / 2, 10))
('E^eps (Eq. 5), eps = 0.537883', True)
"""

from __future__ import annotations

import hashlib

import numpy as np
from scipy.optimize import minimize, minimize_scalar

from sdpthermo.formulations.channel_marginal.seesaw import SeesawProgram, contract_other
from sdpthermo.linalg.choi import choi_from_kraus
from sdpthermo.linalg.hermitian import positive_part
from sdpthermo.linalg.tensor import permute_systems
from sdpthermo.models.channel_marginal.local_thermalization import (
    LOCAL_TO_CHOI,
    dims4,
    eplt_weyl_ensemble,
    orthogonal_haar,
    repair_ensemble,
)
from sdpthermo.models.eplt.channels import eps_limit, eps_star
from sdpthermo.models.eplt.protocols import LosrEnsemble
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions


def ensemble_value(ens: LosrEnsemble, c: np.ndarray) -> float:
    """``tr(C J_LOSR)`` of an ensemble, ``J_LOSR = sum_l p_l J^A_l ⊗ J^B_l`` (recomposed)."""
    return float(np.real(np.vdot(c, ens.choi())))


def best_paper_ensemble(ga: np.ndarray, gb: np.ndarray, c: np.ndarray) -> tuple[float, LosrEnsemble, str]:
    """The best of ``E^eps`` (1-D bounded search) and ``Lambda^(eps_A, eps_B)`` (2-D bounded search)."""
    es = eps_star(ga, gb)
    la, lb = eps_limit(ga), eps_limit(gb)
    cands: list[tuple[float, LosrEnsemble, str]] = []
    if es > 0:
        f = lambda e: -ensemble_value(eplt_weyl_ensemble(ga, gb, float(e)), c)  # noqa: E731
        r = minimize_scalar(f, bounds=(0.0, es), method="bounded", options={"xatol": 1e-10})
        for e in (es, float(r.x)):
            ens = eplt_weyl_ensemble(ga, gb, e)
            cands.append((ensemble_value(ens, c), ens, f"E^eps (Eq. 5), eps = {e:.6g}"))
    if la > 0 and lb > 0:
        g = lambda x: -ensemble_value(eplt_weyl_ensemble(ga, gb, float(x[0]), float(x[1])), c)  # noqa: E731
        r2 = minimize(g, x0=[la, lb], bounds=[(0.0, la), (0.0, lb)], method="L-BFGS-B")
        for ea, eb in ((la, lb), (float(r2.x[0]), float(r2.x[1]))):
            ens = eplt_weyl_ensemble(ga, gb, ea, eb)
            cands.append((ensemble_value(ens, c), ens, f"Lambda (Eq. 20), eps_A = {ea:.6g}, eps_B = {eb:.6g}"))
    const = eplt_weyl_ensemble(ga, gb, 0.0)
    cands.append((ensemble_value(const, c), const, "constant gamma_A ⊗ gamma_B (Prop. 1)"))
    return max(cands, key=lambda t: t[0])


def rebuilt_step(ens: LosrEnsemble, ga: np.ndarray, gb: np.ndarray, c: np.ndarray, side: str,
                 opts: SolveOptions) -> LosrEnsemble | None:
    """Reference see-saw step, modelled afresh in cvxpy at every call (Bob's step keeps ``p`` fixed).

    Kept as the baseline of :class:`~sdpthermo.formulations.channel_marginal.seesaw.SeesawProgram` (benchmark and
    tests: the compiled program must reach at least its value).
    """
    import cvxpy as cp

    d = ga.shape[0]
    m = len(ens.probs)
    fixed = ens.choi_b if side == "A" else ens.choi_a
    gam, gam_other = (ga, gb) if side == "A" else (gb, ga)
    mats = [contract_other(c, fixed[lam], d, side) for lam in range(m)]
    cplx = any(np.iscomplexobj(x) for x in mats) or np.iscomplexobj(fixed)
    kw = {"hermitian": True} if cplx else {"symmetric": True}
    js = [cp.Variable((d * d, d * d), **kw) for _ in range(m)]
    cons = [x >> 0 for x in js]
    if side == "A":
        p = cp.Variable(m, nonneg=True)
        cons += [cp.partial_trace(js[lam], [d, d], axis=1) == p[lam] * np.eye(d) for lam in range(m)]
        cons += [sum(p[lam] * fixed[lam] for lam in range(m)) == np.kron(np.eye(d), gam_other)]
    else:
        p = ens.probs
        cons += [cp.partial_trace(js[lam], [d, d], axis=1) == p[lam] * np.eye(d) for lam in range(m)]
    cons += [sum(js) == np.kron(np.eye(d), gam)]
    obj = sum(cp.real(cp.trace(mats[lam] @ js[lam])) if cplx else cp.trace(mats[lam] @ js[lam]) for lam in range(m))
    prob = cp.Problem(cp.Maximize(obj), cons)
    status, _ = run_cvxpy(prob, opts, default_solver="clarabel")
    if not status.usable:
        return None
    pv = np.clip(np.asarray(p.value if side == "A" else p, float), 0, None)
    new = np.array([x.value / max(pv[lam], 1e-300) for lam, x in enumerate(js)])
    keep = pv > 1e-12
    if side == "A":
        return LosrEnsemble.bipartite(pv[keep] / pv[keep].sum(), new[keep], ens.choi_b[keep])
    return LosrEnsemble.bipartite(pv[keep] / pv[keep].sum(), ens.choi_a[keep], new[keep])


def rebuilt_seesaw(start: LosrEnsemble, ga: np.ndarray, gb: np.ndarray, c: np.ndarray, *, iters: int = 20,
                   tol: float = 1e-9, opts: SolveOptions | None = None) -> tuple[float, LosrEnsemble]:
    """Alternate :func:`rebuilt_step` from ``start``; the best repaired ensemble and its value (reference)."""
    opts = opts or SolveOptions()
    best = repair_ensemble(start, ga, gb)
    best_val = ensemble_value(best, c)
    cur = start
    for it in range(iters):
        nxt = rebuilt_step(cur, ga, gb, c, "A" if it % 2 == 0 else "B", opts)
        if nxt is None:
            break
        cur = repair_ensemble(nxt, ga, gb)
        val = ensemble_value(cur, c)
        improved = val > best_val + tol
        if val > best_val:
            best, best_val = cur, val
        if not improved and it % 2 == 1:
            break
    return best_val, best


def split_start(ens: LosrEnsemble, ga: np.ndarray, gb: np.ndarray, rng: np.random.Generator,
                weight: float = 0.1) -> LosrEnsemble:
    """Duplicate every branch (half the weight each) and mix Bob's copies with random orthogonal channels.

    With identical copies the see-saw can only move ``p`` inside the null space of the fixed side's
    marginal constraint, which pins the paper's ensemble; split, perturbed copies let the two sides
    differentiate.  The start is repaired to an exact local thermalization.
    """
    d = ga.shape[0]
    p = np.concatenate([ens.probs / 2, ens.probs / 2])
    ja = np.concatenate([ens.choi_a, ens.choi_a])
    jb = np.concatenate([ens.choi_b, ens.choi_b]).astype(float)
    for k in range(len(jb)):
        jb[k] = (1 - weight) * jb[k] + weight * choi_from_kraus([orthogonal_haar(d, rng)])
    return repair_ensemble(LosrEnsemble.bipartite(p, ja, jb), ga, gb)


def instance_seed(ga: np.ndarray, gb: np.ndarray, seed: int) -> list[int]:
    """Seed sequence of an instance: a hash of the thermal spectra (rounded to 12 digits) and ``seed``.

    Every randomized start takes its generator from this, so the same instance gives the same
    ensemble on every run.
    """
    spectra = np.round(np.concatenate([np.real(np.diag(ga)), np.real(np.diag(gb))]), 12) + 0.0
    digest = hashlib.sha256(spectra.tobytes()).digest()
    return [int.from_bytes(digest[:8], "little"), int(seed)]


def _random_chois(m: int, d: int, rng: np.random.Generator, kraus: int = 2) -> np.ndarray:
    """``m`` random real CP maps (Gaussian Kraus operators; made trace preserving by the repair)."""
    ks = rng.normal(size=(m, kraus, d, d))
    return np.einsum("lki,lkj->lij", ks.reshape(m, kraus, d * d), ks.reshape(m, kraus, d * d))


def random_start(ga: np.ndarray, gb: np.ndarray, m: int, rng: np.random.Generator) -> LosrEnsemble:
    """``m`` equally weighted random local maps on each side, repaired to an exact local thermalization."""
    d = ga.shape[0]
    return repair_ensemble(LosrEnsemble.bipartite(np.full(m, 1 / m), _random_chois(m, d, rng),
                                                  _random_chois(m, d, rng)), ga, gb)


def relaxation_start(j: np.ndarray, ga: np.ndarray, gb: np.ndarray, m: int) -> LosrEnsemble:
    """Local maps read off a relaxation's optimal Choi matrix ``J``: the positive and negative parts of
    the leading operator-Schmidt components of ``J`` across Alice ``(A_in A_out)`` | Bob ``(B_in B_out)``,
    equally weighted and repaired to an exact local thermalization."""
    d = ga.shape[0]
    dd = d * d
    local = permute_systems(np.real(j), list(LOCAL_TO_CHOI), dims4(d))
    realigned = local.reshape(dd, dd, dd, dd).transpose(0, 2, 1, 3).reshape(dd * dd, dd * dd)
    u, _, vt = np.linalg.svd(realigned)
    fa: list[np.ndarray] = []
    fb: list[np.ndarray] = []
    for comp in range(dd * dd):
        e, f = u[:, comp].reshape(dd, dd), vt[comp].reshape(dd, dd)
        for sign in (1.0, -1.0):
            if len(fa) < m:
                fa.append(positive_part(sign * (e + e.T) / 2) + 1e-3 * np.eye(dd))
                fb.append(positive_part(sign * (f + f.T) / 2) + 1e-3 * np.eye(dd))
        if len(fa) == m:
            break
    return repair_ensemble(LosrEnsemble.bipartite(np.full(m, 1 / m), np.array(fa), np.array(fb)), ga, gb)


#: relative margin by which a later start must beat the best so far (:func:`improves`)
TIE = 1e-9


def start_kinds(starts: int, relaxation: bool) -> list[str]:
    """The kinds of the see-saw starts ``0 .. starts-1`` of :func:`best_losr`, in order.

    ``"paper"``, ``"split"``, ``"relaxation"`` (only when a relaxation's Choi matrix is given, else a random
    start takes its place), then ``"random"``; the record of a search names each start ``seesaw_{k}_{kind}``.

    >>> start_kinds(4, True), start_kinds(3, False)
    (['paper', 'split', 'relaxation', 'random'], ['paper', 'split', 'random'])
    """
    fixed = ["paper", "split", "relaxation" if relaxation else "random"]
    return (fixed + ["random"] * max(0, starts - len(fixed)))[:starts]


def improves(candidate: float, best: float) -> bool:
    """Does a later start's value beat the best so far by more than ``TIE`` (relative to ``max(1, |best|)``)?

    Values within the margin are a tie, resolved for the earlier start, so which start is reported does not
    hinge on the solvers' last digits (the see-saw steps converge to ``1e-9``).

    >>> improves(0.5 + 2e-9, 0.5), improves(0.5 + 1e-10, 0.5)
    (True, False)
    """
    return candidate > best + TIE * max(1.0, abs(best))


def best_losr(ga: np.ndarray, gb: np.ndarray, c: np.ndarray, *, starts: int = 3, seed: int = 0,
              iters: int = 30, terms: int | None = None, relaxation_choi: np.ndarray | None = None,
              opts: SolveOptions | None = None) -> tuple[float, LosrEnsemble, str, dict[str, float]]:
    """The best certified LOSR local thermalization found.

    The paper's families first; then ``starts`` see-saws (:class:`~sdpthermo.formulations.channel_marginal.seesaw.
    SeesawProgram`, compiled once per number of terms) of at most ``iters`` steps, in the order of
    :func:`start_kinds`: start 0 from the best paper ensemble; start 1 from :func:`split_start` of it; start 2
    from ``relaxation_choi`` (:func:`relaxation_start`) when given; the others from :func:`random_start`, with
    ``terms`` terms (default twice the paper ensemble's).  Start ``k`` draws from
    ``default_rng([*instance_seed(ga, gb, seed), k])``, and a start replaces the best so far only when it
    :func:`improves` on it, so the result depends on the instance alone (not on other instances, their order or
    the worker).  A real objective is required (the see-saw works in real arithmetic).
    """
    val, ens, how = best_paper_ensemble(ga, gb, c)
    record = {"paper_families": val}
    base = LosrEnsemble.bipartite(ens.probs, np.real(ens.choi_a), np.real(ens.choi_b))
    m = terms or 2 * len(base.probs)
    root = instance_seed(ga, gb, seed)
    programs: dict[int, SeesawProgram] = {}
    for k, kind in enumerate(start_kinds(starts, relaxation_choi is not None)):
        rng = np.random.default_rng([*root, k])
        if kind == "paper":
            st = base
        elif kind == "split":
            st = split_start(base, ga, gb, rng)
        elif kind == "relaxation" and relaxation_choi is not None:
            st = relaxation_start(relaxation_choi, ga, gb, m)
        else:
            st = random_start(ga, gb, m, rng)
        n = len(st.probs)
        if n not in programs:
            programs[n] = SeesawProgram(ga, gb, c, n)
        sv, sens = programs[n].run(st, iters=iters, opts=opts)
        record[f"seesaw_{k}_{kind}"] = sv
        if improves(sv, val):
            val, ens, how = sv, sens, f"see-saw over {n} LOSR terms (start {k}: {kind})"
    return val, ens, how, record
