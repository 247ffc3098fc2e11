r"""Verifiers of seed 003's closed-form dynamics: steady states and evolved states of Eq. (71).

``collision-steady-state``: problem ``L`` (row-major Liouvillian of Eq. 71), ``gamma`` (Gibbs state of
``H(eps)``), ``gamma_loc`` (``exp(-beta H(0))/Z_0``); primal ``rho``.  With ``rho^ = herm(rho)/tr``,
``r = ||L vec rho^||_2`` and ``sigma`` the smallest singular value of ``L`` on traceless matrices
(``sigma > 0``: unique steady state ``rho_ss``), ``||rho^ - rho_ss||_1 <= sqrt(d) r / sigma + |1 - tr rho^|``
because ``Delta_0 = rho^ - rho_ss - (tr rho^ - 1) rho_ss`` is traceless with ``L Delta_0 = L rho^``.
``r`` is rounded up (componentwise product bound), ``sigma`` down by the SVD backward error
``8 d^2 u ||L||_F`` and the trace distance is enclosed by its eigenvalue error
(:mod:`sdpthermo.certify.rounding`).  Hence the trace distance ``D(rho_ss, gamma) = ||rho_ss - gamma||_1 / 2``
lies in ``D(rho^, gamma) -+ sqrt(d) r / (2 sigma)``.

``collision-evolution``: problem ``L``, ``rho0``, ``t``, ``gamma``; primal ``rho_t``.  The verifier
recomputes ``exp(L t) rho0`` and bounds ``D(rho(t), gamma)`` by ``D(rho_t, gamma) -+ sqrt(d) ||rho_t -
exp(L t) rho0||_F / 2``; the recomputation is charged an a-priori error model of scaling and squaring,
``64 d^3 u (log2 ||L t||_F + 13) ||rho0||_F`` (one product error per squaring, ``log2 ||L t||`` squarings plus
the Padé step; the semigroup contracts the trace norm, so errors are not amplified beyond ``||e^{Ls}||_{F->F}
<= sqrt d``), and at least 100 times the trace drift of the recomputed state.  This is a model, not a
proof: a rigorous enclosure of ``expm`` is beyond float64 ``scipy``.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.collision.lindblad import poisson_liouvillian
>>> from sdpthermo.results import Certificate
>>> gam = np.diag([0.7, 0.3]); L = poisson_liouvillian(np.diag([0.0, 1.0]), np.kron(np.eye(2), gam), 1.0)
>>> cert = Certificate(kinds.COLLISION_STEADY_STATE, "min", {"rho": gam}, {}, {"L": L, "gamma": gam,
...                    "gamma_loc": np.diag([0.5, 0.5])}, "seed 003 Eq. (71)", {})
>>> v = verify_steady_state(cert, 1e-9); round(v.upper, 12), v.passed, round(v.conclusions["local_distance"], 12)
(0.0, True, 0.2)
"""

from __future__ import annotations

import math

import numpy as np
import scipy.linalg as sla

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, hermiticity_error, psd_violation, verifier
from sdpthermo.certify.rounding import U, eig_error, fro, gamma, product_error, trace_bounds
from sdpthermo.linalg.hermitian import herm, trace_norm
from sdpthermo.models.collision.lindblad import traceless_gap
from sdpthermo.results import Certificate, Verification


def _normalized(rho: np.ndarray) -> np.ndarray:
    r = herm(np.asarray(rho, dtype=complex))
    tr = float(np.trace(r).real)
    return r / tr if tr > 0 else r  # a zero trace is charged as |1 - tr| in the bound


@verifier(kinds.COLLISION_STEADY_STATE)
def verify_steady_state(cert: Certificate, tol: float) -> Verification:
    """Interval for the trace distance of the unique steady state of ``L`` from ``gamma`` (module docstring)."""
    lv = np.asarray(cert.problem["L"])
    rho_raw = np.asarray(cert.primal["rho"])
    rho = _normalized(rho_raw)
    gam = np.asarray(cert.problem["gamma"])
    d = rho.shape[0]
    vec = rho.reshape(d * d)
    res = float(np.linalg.norm(lv @ vec)) + fro(product_error(np.abs(lv), np.abs(vec)[:, None]))
    gap = traceless_gap(lv) - 8 * d * d * U * fro(lv)  # SVD backward error (a-priori constant)
    tr_lo, tr_hi = trace_bounds(rho)
    bound = np.sqrt(d) * res / gap + max(abs(1 - tr_lo), abs(1 - tr_hi)) if gap > 0 else np.inf
    diff = herm(rho - gam)
    dist = trace_norm(diff) / 2
    margin = bound / 2 + (d * eig_error(diff) + math.sqrt(d) * U * fro(diff)) / 2
    loc = trace_norm(rho - np.asarray(cert.problem["gamma_loc"])) / 2
    residuals = {
        "rho_hermitian": hermiticity_error(rho_raw),
        "rho_trace": abs(float(np.trace(rho_raw).real) - 1.0),
        "rho_psd": psd_violation(rho),
        "stationarity": res,
        "steady_state_error": bound,
    }
    return finish(dist, dist, residuals, max(0.0, dist - margin), dist + margin, tol,
                  notes="trace distance ||rho_ss - gamma||_1/2 of the unique steady state",
                  conclusions={"local_distance": loc, "traceless_gap": gap})


@verifier(kinds.COLLISION_EVOLUTION)
def verify_evolution(cert: Certificate, tol: float) -> Verification:
    """Interval for the trace distance of ``exp(L t) rho0`` from ``gamma`` (module docstring)."""
    lv = np.asarray(cert.problem["L"])
    rho0 = np.asarray(cert.problem["rho0"], dtype=complex)
    t = float(np.asarray(cert.problem["t"]).real.reshape(-1)[0])
    rho_t = np.asarray(cert.primal["rho_t"])
    d = rho0.shape[0]
    ref = (sla.expm(lv * t) @ rho0.reshape(d * d)).reshape(d, d)
    # a-priori error model of scaling-and-squaring expm for a trace-norm contracting semigroup (module docstring),
    # floored by 100x the trace drift of the recomputation (a measured lower bound on its error)
    drift = abs(complex(np.trace(ref)) - complex(np.trace(rho0)))
    expm_err = max(64 * d**3 * U * (math.log2(max(2.0, fro(lv) * abs(t))) + 13) * fro(rho0), 100 * drift)
    diff = float(np.linalg.norm(rho_t - ref)) * (1 + gamma(d * d))
    delta = herm(rho_t) - np.asarray(cert.problem["gamma"])
    dist = trace_norm(delta) / 2
    margin = np.sqrt(d) * (diff + expm_err) / 2 + (d * eig_error(delta) + math.sqrt(d) * U * fro(delta)) / 2
    residuals = {
        "recomputation": diff,
        "rho_hermitian": hermiticity_error(rho_t),
        "rho_trace": abs(float(np.trace(rho_t).real) - 1.0),
        "rho_psd": psd_violation(rho_t),
    }
    return finish(dist, dist, residuals, max(0.0, dist - margin), dist + margin, tol,
                  notes="trace distance ||rho(t) - gamma||_1/2")
