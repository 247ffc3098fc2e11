r"""Verifiers of the EPLT protocol constructions (seed 000 Eq. (1), App. A, App. C, App. D).

``eplt-losr-ensemble`` (Eq. (1)): primal ``p`` (``K``) and per party ``J_i`` (``K x d_i^2 x d_i^2`` local Choi
matrices); problem ``J`` (the target channel) and ``gammas_i`` (the thermal states).  The quantity is the
distance ``min ||Lambda - J||_max`` from ``J`` to the LOSR channels (0 when ``J`` is LOSR).  The ensemble is
first repaired to an exact probability mixture of exactly CPTP product maps (weights clipped and
renormalized, every local Choi matrix made CPTP: :func:`sdpthermo.certify.soundness.cptp_repair`), so
``upper = ||sum_k p~_k ⊗_i J~_i^k - J||_max`` plus roundoff is a bound at any tolerance; ``lower = 0``.
Residuals (``passed``): ``p`` a probability vector, every stored local Choi matrix CPTP, and the stored
ensemble's recomposition error.  Conclusions: ``is_losr`` (``upper <= tol``: ``J`` lies within ``tol`` of an
exactly LOSR channel) and ``J``'s local-thermalization error (Def. 1 cond. 2).

``eplt-bath-dilation`` (Def. 2 / Theorem 6, Eq. (C2)–(C3)): primal blocks ``U_A``, ``U_B`` (``K`` unitaries on
``X ⊗ X'``, the diagonal blocks of ``V_{XX'X''}``) and the classical bath weights ``p`` (the bath state
``|00><00|_{A'B'} ⊗ sum_k p_k |kk><kk|_{A''B''}``, diagonal in a product basis, hence separable).  The
verifier traces out the bath from the blocks alone and compares with ``J``; ``[0, upper]`` brackets the
distance (largest entry) from ``J`` to the nearest such channel, ``upper`` = the deviation plus the
charges for non-unitarity, the probabilities and roundoff (see :func:`verify_bath`).

``eplt-speedup`` (Eq. (D15)–(D17), (22)): the inputs ``d, P_min, delta, tau_gamma, tau_eta, t_U`` and the
claimed ``N``; the verifier recomputes ``N_delta``, ``t_1``, the distance threshold and Eq. (22).
``N_delta = floor(x) + 1`` with ``x = 8 log2(d^2 P_min sqrt2 / delta)``: when ``x`` lies within its float
roundoff of an integer both candidates are kept, ``[lower, upper] = [floor(x - e) + 1, floor(x + e) + 1]``, and
the claimed ``N`` passes when it lies in that bracket.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.linalg.choi import choi_from_kraus
>>> from sdpthermo.results import Certificate
>>> ident = choi_from_kraus([np.eye(2)])           # the identity channel on each qubit: not thermalizing
>>> cert = Certificate(kinds.EPLT_LOSR_ENSEMBLE, "min", {"p": np.array([1.0]), "J_0": ident[None],
...                    "J_1": ident[None]}, {}, {"J": choi_from_kraus([np.eye(4)]), "gamma_0": np.eye(2) / 2,
...                     "gamma_1": np.eye(2) / 2}, "Eq. (1)", {"dims": [2, 2]})
>>> v = verify_losr(cert, 1e-9)
>>> v.passed, v.lower == 0 and v.upper < 1e-14, v.conclusions["locally_thermal_error"] > 0.1
(True, True, True)
"""

from __future__ import annotations

import math

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, verifier
from sdpthermo.certify.soundness import cptp_repair, probability_repair
from sdpthermo.conventions import EPS_MACHINE
from sdpthermo.linalg.choi import constant_channel_choi, cptp_errors
from sdpthermo.linalg.tensor import partial_trace
from sdpthermo.models.eplt.bath import bath_channel_choi
from sdpthermo.models.eplt.protocols import n_delta, recompose, speedup
from sdpthermo.results import Certificate, Verification


def local_thermal_error(j: np.ndarray, dims: list[int], gammas: list[np.ndarray]) -> float:
    """``max_i ||J_i - I ⊗ gamma_i||_max`` of the output-marginal maps (Def. 1 / B.1, condition 2)."""
    n = len(dims)
    d_in = math.prod(dims)
    err = 0.0
    for i, g in enumerate(gammas):
        traced = [n + k for k in range(n) if k != i]
        ji = partial_trace(j, traced, [*dims, *dims])
        ji = ji.reshape(d_in, dims[i], d_in, dims[i]).reshape(d_in * dims[i], d_in * dims[i])
        err = max(err, float(np.abs(ji - constant_channel_choi(g, d_in)).max()))
    return err


def _prob_error(p: np.ndarray) -> float:
    return max(0.0, -float(p.min())) + abs(float(p.sum()) - 1.0)


def _repaired_distance(p: np.ndarray, locs: list[np.ndarray], dims: list[int], j: np.ndarray) -> float:
    """``||Lambda~ - J||_max`` for the repaired ensemble ``Lambda~`` (module docstring), plus roundoff."""
    if not all(np.all(np.isfinite(x)) for x in (p, *locs)):
        return float("inf")
    fixed = [np.array([cptp_repair(jk, d, d) for jk in jl]) for jl, d in zip(locs, dims)]
    q = probability_repair(p)
    rec = recompose(q, fixed, dims, dims)
    # forward error of a sum of K products of len(dims) factors: gamma_{K + len(dims)} sum |terms|
    size = float(np.abs(recompose(q, [np.abs(f) for f in fixed], dims, dims)).max())
    ro = 2 * (q.size + len(dims) + 2) * EPS_MACHINE * size + EPS_MACHINE * float(np.abs(j).max())
    return float(np.abs(rec - j).max()) + ro


@verifier(kinds.EPLT_LOSR_ENSEMBLE)
def verify_losr(cert: Certificate, tol: float) -> Verification:
    """Recomposition of a finite LOSR ensemble (see module docstring)."""
    dims = [int(x) for x in cert.meta["dims"]]
    p = np.asarray(cert.primal["p"], dtype=float)
    locs = [np.asarray(cert.primal[f"J_{i}"]) for i in range(len(dims))]
    j = np.asarray(cert.problem["J"])
    local_cptp = max(max(cptp_errors(jk, d, d).values()) for jl, d in zip(locs, dims) for jk in jl)
    dev = float(np.abs(recompose(p, locs, dims, dims) - j).max())
    gammas = [np.asarray(cert.problem[f"gamma_{i}"]) for i in range(len(dims))]
    residuals = {"probabilities": _prob_error(p), "local_cptp": local_cptp, "recomposition": dev}
    upper = _repaired_distance(p, locs, dims, j)
    return finish(dev, upper, residuals, 0.0, upper, tol,
                  conclusions={"is_losr": bool(upper <= tol),
                               "locally_thermal_error": local_thermal_error(j, dims, gammas),
                               "ensemble_size": int(p.size)})


@verifier(kinds.EPLT_BATH_DILATION)
def verify_bath(cert: Certificate, tol: float) -> Verification:
    """Trace out the classically correlated bath of Eq. (C2) and compare with the channel (module docstring)."""
    da, db = (int(x) for x in cert.meta["dims"])
    ua, ub = np.asarray(cert.primal["U_A"]), np.asarray(cert.primal["U_B"])
    p = np.asarray(cert.primal["p"], dtype=float)
    j = np.asarray(cert.problem["J"])
    unit = max(float(np.abs(u.conj().T @ u - np.eye(u.shape[0])).max()) for u in [*ua, *ub])
    dev = float(np.abs(bath_channel_choi(ua, ub, p, da, db) - j).max())
    residuals = {"unitarity": unit, "bath_probabilities": _prob_error(p), "choi_equality": dev}
    # value: distance (max entry) from J to the nearest channel with this kind of dilation.  The stored blocks
    # realize it up to: non-unitarity (polar factor W, ||U - W||_op <= e = n max|U^dag U - I|, so each local
    # Choi matrix moves by <= (2e + e^2) d_in in max entry), the probabilities (normalizing p moves the
    # mixture by <= perr d_in) and float64 roundoff of the recomposition
    d_in = da * db
    e = max(u.shape[0] for u in [*ua, *ub]) * unit
    upper = dev + 2 * (2 * e + e * e) * d_in + _prob_error(p) * d_in + 64 * d_in * d_in * EPS_MACHINE * max(1.0, dev)
    return finish(dev, dev, residuals, 0.0, upper, tol,
                  conclusions={"bath_separable": True, "register_dim": int(p.size), "ancilla_dim": da * da})


@verifier(kinds.EPLT_SPEEDUP)
def verify_speedup(cert: Certificate, tol: float) -> Verification:
    """Recompute Eq. (D15)–(D17) and (22) from the stored inputs."""
    x = {k: float(np.asarray(v).reshape(-1)[0]) for k, v in cert.problem.items()}
    claimed = float(np.asarray(cert.primal["N"]).reshape(-1)[0])
    d = int(x["d"])
    n = n_delta(d, x["p_min"], x["delta"])
    arg = 8 * math.log2(d * d * x["p_min"] * math.sqrt(2) / x["delta"])
    err = 64 * EPS_MACHINE * max(1.0, abs(arg))
    lower, upper = (max(0, math.floor(arg + sgn * err) + 1) for sgn in (-1, 1))
    mismatch = 0.0 if lower <= claimed <= upper and claimed == round(claimed) else max(1.0, abs(claimed - n))
    s = speedup(d, x["p_min"], x["delta"], x["tau_gamma"], x["tau_eta"], x["t_u"])
    return finish(claimed, n, {"N_mismatch": mismatch}, lower, upper, tol,
                  conclusions={"eq22": bool(s["eq22"]), "t1": s["t1"], "distance_threshold": s["distance_threshold"]})
