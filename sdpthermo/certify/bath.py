r"""Verifiers for the bath-size questions of seed 002 (numpy + models only; no solver).

``bath-optimal-channel`` (Eq. (17)): problem ``p, q, energies, n``; dual ``S`` (one sign per energy
level of ``H^(n)``, ``|S_E| <= 1``).  For every energy-preserving random-unitary channel ``E``,
``E^†(Pi_E) = Pi_E`` (Lemma 14), so with ``W = sum_E S_E Pi_E`` (``||W||_op <= 1``)
``||E(in) - tau^n||_1 >= tr W (E(in) - tau^n) = tr W (in - tau^n) = sum_E S_E dW_E =: lower``, evaluated
with ``S`` clipped to ``[-1, 1]`` (the accepted ``sign_bound`` residual never enters the bound).
``upper`` is the value of the explicit energy-block twirl, ``sum_E |dW_E|`` (Lemma 15); the weights
``dW_E`` are recomputed here from ``p, q`` and the energies.

``bath-convex-split`` (Lemma 9): recomputes both sides of Eq. (B4) densely; residual ``violation``.  The
interval encloses ``||rho^(n) - sigma^n||_1^2`` with the float64 error of building the ``d^n``-dimensional
products (relative ``gamma_{3n+4}`` per entry) and of the eigenvalues (:mod:`sdpthermo.certify.rounding`).

``bath-esc`` (Definition 2): recomputed exactly (rational input) or at the stated tolerance; ``lower = upper``
is the first violating ``n`` (``inf`` when none up to ``n_max``).

``bath-bounds`` (Theorem 1, Corollary 4): carries a ``dmax`` certificate (keys ``dmax.*``) and a
``dmax-smooth`` certificate at radius ``min(2, 2 sqrt(eps))`` (keys ``smooth.*``), verifies both, and sets
``upper = ceil(2^{upper D_max} / eps^2)`` (the float quotient rounded up by ``8 u``) and, when the ESC holds
up to that ``upper``, ``lower = ceil(2^{lower D_max^{2 sqrt eps}})`` (else the trivial ``lower = 1``).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> c = Certificate(kinds.BATH_ESC, "min", {}, {}, {"energies": np.array([0., 1., 2.])}, "Def. 2", {"n_max": 3})
>>> v = verify_esc(c, 1e-9); v.lower, v.conclusions["violation"]
(2.0, [2, [1, 0, 1], [0, 2, 0]])
"""

from __future__ import annotations

import math

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, verifier, verify
from sdpthermo.certify.rounding import U, eig_error, fro, gamma
from sdpthermo.conventions import EPS_MACHINE
from sdpthermo.info.dmax import dmax
from sdpthermo.linalg.hermitian import trace_norm
from sdpthermo.linalg.tensor import kron_all
from sdpthermo.models.bath.copies import convex_split_state, energy_weights
from sdpthermo.models.bath.esc import check_esc, esc_holds_at
from sdpthermo.results import Certificate, Verification


@verifier(kinds.BATH_OPTIMAL_CHANNEL)
def verify_optimal_channel(cert: Certificate, tol: float) -> Verification:
    """Re-check an Eq. (17) certificate (module docstring)."""
    pb = cert.problem
    p, q, energies = np.asarray(pb["p"], float), np.asarray(pb["q"], float), np.asarray(pb["energies"], float)
    n = int(cert.meta["n"])
    _, dw, _ = energy_weights(p, q, energies, n)
    s = np.asarray(cert.dual["S"], float)
    res = {"sign_bound": float(max(0.0, np.abs(s).max(initial=0.0) - 1.0)),
           "levels": float(abs(len(s) - len(dw)))}
    ro = 8 * len(dw) * EPS_MACHINE * n
    lower = float(np.clip(s, -1.0, 1.0) @ dw) - ro if len(s) == len(dw) and np.all(np.isfinite(s)) else -math.inf
    upper = float(np.abs(dw).sum()) + ro
    return finish(lower, upper, res, lower, upper, tol, notes="Lemma 14 witness vs energy-block twirl")


@verifier(kinds.BATH_ESC)
def verify_esc(cert: Certificate, tol: float) -> Verification:
    """Recompute the ESC decision (module docstring)."""
    r = check_esc(np.asarray(cert.problem["energies"], float), int(cert.meta["n_max"]))
    first = float(r.violation[0]) if r.violation else math.inf
    viol = [r.violation[0], r.violation[1], r.violation[2]] if r.violation else None
    return finish(first, first, {}, first, first, tol, notes="exact" if r.exact else f"tolerance {r.tol:g}",
                  conclusions={"holds": r.holds, "violation": viol, "exact": r.exact})


def sub_certificate(cert: Certificate, prefix: str) -> Certificate:
    """The certificate stored under ``prefix.`` keys of a composite certificate."""
    cut = len(prefix) + 1

    def sec(d: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {k[cut:]: v for k, v in d.items() if k.startswith(prefix + ".")}

    m = cert.meta[prefix]
    return Certificate(kind=m["kind"], sense=m["sense"], primal=sec(cert.primal), dual=sec(cert.dual),
                       problem=sec(cert.problem), convention=m["convention"], meta=m["meta"])


def theorem1_upper(dmax_upper_bits: float, eps: float) -> float:
    """``ceil(2^{D_max} / eps^2)`` (Eq. (12)) from a certified upper bound on ``D_max``, the quotient rounded up."""
    if not math.isfinite(dmax_upper_bits):
        return math.inf
    return float(math.ceil(2.0**dmax_upper_bits / eps**2 * (1 + 8 * EPS_MACHINE)))


@verifier(kinds.BATH_BOUNDS)
def verify_bath_bounds(cert: Certificate, tol: float) -> Verification:
    """Re-check Theorem 1 / Corollary 4 bounds on ``n_eps`` (module docstring)."""
    eps = float(cert.meta["eps"])
    vd = verify(sub_certificate(cert, "dmax"), tol)
    vs = verify(sub_certificate(cert, "smooth"), tol)
    upper = theorem1_upper(vd.upper, eps)
    lower_c4 = float(max(1, math.ceil(2.0 ** vs.lower * (1 - 4 * EPS_MACHINE))))
    esc_ok = False
    if "energies" in cert.problem and math.isfinite(upper):
        esc_ok = int(cert.meta["esc_n"]) >= upper and \
            esc_holds_at(np.asarray(cert.problem["energies"], float), int(cert.meta["esc_n"]))
    lower = lower_c4 if esc_ok else 1.0
    res = {f"dmax.{k}": v for k, v in vd.residuals.items()}
    res.update({f"smooth.{k}": v for k, v in vs.residuals.items()})
    return finish(lower, upper, res, lower, upper, tol, extra_ok=vd.passed and vs.passed,
                  notes="Theorem 1 upper; Corollary 4 lower " + ("(ESC verified up to the upper bound)" if esc_ok
                                                                 else "not applied: ESC not verified"),
                  conclusions={"lower_corollary4": lower_c4, "esc_verified": esc_ok,
                               "dmax_bits": [vd.lower, vd.upper], "dmax_smooth_bits": [vs.lower, vs.upper]})


@verifier(kinds.BATH_CONVEX_SPLIT)
def verify_convex_split(cert: Certificate, tol: float) -> Verification:
    """Lemma 9, Eq. (B4): recompute ``||rho^(n) - sigma^n||_1^2`` and ``2^{D_max}/n``; residual = violation."""
    rho, sigma = np.asarray(cert.problem["rho"]), np.asarray(cert.problem["sigma"])
    n = int(cert.meta["n"])
    m = convex_split_state(rho, sigma, n) - kron_all(*([sigma] * n))
    tn = trace_norm(m)
    lhs = tn**2
    big = m.shape[0]
    fr, fs = float(np.linalg.norm(rho)), float(np.linalg.norm(sigma))
    # entries of the n-fold products carry relative error gamma_{3n+2}; Frobenius norms of |rho^(n)|, |sigma^n|
    build = gamma(3 * n + 4) * (fr * fs ** (n - 1) + fs**n)
    err_tn = big * eig_error(m) + math.sqrt(big) * (build + U * fro(m))
    ro = 2 * tn * err_tn + err_tn**2 + 4 * EPS_MACHINE * lhs
    bound = 2.0 ** dmax(rho, sigma) / n
    return finish(lhs, bound, {"violation": max(0.0, lhs - bound - ro)}, max(0.0, lhs - ro), lhs + ro, tol,
                  notes="Lemma 9 (convex split): value = ||rho^(n) - sigma^n||_1^2", conclusions={"bound": bound})
