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

``collision-evolution``: problem ``L``, ``rho0``, ``t``, ``gamma``; primal ``rho_t``.  The certified state is
``rho(t) = exp(L' t) rho0`` for ``L' = L - |I/d><tr L(.)|``, the trace-preserving part of ``L`` (``L' = L`` for an
exactly trace-preserving ``L``; a float ``L`` misses by its *trace defect* ``||t^T A||``, a few rounding units,
and ``exp(L t)`` of the literal float matrix drifts in trace by ``t`` times that: at ``t = 10^7`` the drift is
``~1e-8``, an artefact of rounding, not of the model).  The verifier recomputes ``rho(t)`` in the real
coordinates of :func:`~sdpthermo.models.collision.lindblad.real_liouvillian` (``A``, trace row ``t``) with the
stationary part split off, ``ref = c s + e^{A t}(x0 - c s)`` (``s`` its own trace-one solve of ``A s = 0``,
``c = tr rho0``), and bounds ``D(rho(t), gamma)`` by ``D(rho_t, gamma) -+ sqrt(d) (||rho_t - ref||_F + E) / 2``,
``E`` the error of ``ref``:

* steady-state part: with ``sigma`` the traceless gap of ``L`` rounded down (as above, less ``||A' - A||``),
  ``r = ||A s|| + ||t^T A|| ||s|| / sqrt(d)`` (a residual of ``A'``, rounded up) and ``e_s = r / sigma +
  |1 - tr s|``, ``||s - s_ss||_F <= e_s``; ``ref`` carries ``(s - s_ss) - e^{A' t}(s - s_ss)``, at most
  ``(1 + sqrt d) e_s |c|`` (``e^{L' t}`` is trace-norm contracting on Hermitian matrices, and
  ``||X||_F <= ||X||_1 <= sqrt(d) ||X||_F``).
* propagator part, a model: scaling and squaring of ``A t`` with ``m = log2 ||A t||_F + 13`` squarings and Padé
  products, each with relative roundoff ``~ n u`` (``n = d^2``).  An error committed at time ``tau`` along an
  eigenvector with eigenvalue ``lambda`` is carried by ``e^{lambda (t - tau)}``: along the eigenvalue-0 direction
  it is never damped, which gives the ``u ||A t||`` growth of plain scaling and squaring; on the traceless
  input ``y = x0 - c s`` that direction carries nothing (``t^T y = 1 - tr s``, a rounding unit, charged with the
  full ``u ||A t||``), and the errors along the decaying modes accumulate over at most ``min(t, 1/alpha)``,
  ``alpha`` the slowest decay rate (``-max Re lambda`` over the eigenvalues of ``A`` other than the stationary
  one, less ``8 n u ||A||_F``; ``alpha = 0`` without a unique steady state).  Charged:
  ``E_prop = n u (m + ||A||_F min(t, 1/alpha)) ||y|| + n u ||A t||_F |t^T y| + ||t^T A|| sqrt(d) min(t,
  1/alpha) ||y||`` (the last term: the difference between ``e^{A t}`` and ``e^{A' t}`` on ``y``), ``n u`` the
  worst-case relative error of an inner product of length ``n`` per unit of ``||A||_F`` time and per step.
  Against a 320-bit fixed-point exponential (exact, narrow and local maps, ``d = 4`` and ``8``, ``eps = 0.1``
  and ``5e-5``, ``t = 0.1 .. 1e9``) the observed error of ``ref`` is at most ``0.11 u (m + ||A||_F min(t,
  1/alpha)) ||y||`` (plus the steady-state part), so the factor ``n >= 16`` leaves a margin above 100
  (tests/collision/test_evolution_accuracy.py).  The plain recomputation ``e^{A t} x0`` (``s = 0``, ``alpha = 0``:
  ``n u (m + ||A t||_F) ||x0|| + ||t^T A|| sqrt(d) t ||x0||``) is used instead where its charge is smaller (small
  ``t`` with an ill-conditioned steady state).  This is a model, not a
  proof: it neglects the transient growth ``sup_t ||e^{A t}|| e^{alpha t}`` of a non-normal ``A`` and the error of
  the computed eigenvalues; a rigorous enclosure of ``expm`` is beyond float64 ``scipy``.  Without a unique steady
  state (``sigma <= 0``) only the plain recomputation is available, and its charge grows like ``u ||A t||``.

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
from sdpthermo.models.collision.lindblad import (
    from_hermitian_coordinates,
    hermitian_coordinates,
    real_liouvillian,
    stationary_coordinates,
    traceless_gap,
)
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


def _evolution_reference(lv: np.ndarray, rho0: np.ndarray, t: float) -> tuple[np.ndarray, float]:
    """``(ref, E)``: the recomputed ``rho(t)`` and the bound ``E`` on ``||ref - rho(t)||_F`` (module docstring)."""
    d = rho0.shape[0]
    n = d * d
    a = real_liouvillian(lv)
    defect = float(np.linalg.norm(a[:d].sum(axis=0))) * (1 + gamma(n + d))       # ||t^T A||
    a_fro = fro(a)
    sigma = traceless_gap(lv) - 8 * n * U * fro(lv) - defect / math.sqrt(d)
    x0 = np.stack([hermitian_coordinates(herm(rho0)), hermitian_coordinates(herm(-1j * rho0))], axis=1)
    c = x0[:d].sum(axis=0)                                                       # (Re tr rho0, Im tr rho0)
    squarings = math.log2(max(2.0, a_fro * t)) + 13
    x_norm = fro(x0)
    s = np.zeros(n)
    e_total = n * U * (squarings + a_fro * t) * x_norm + defect * math.sqrt(d) * t * x_norm    # plain: alpha = 0
    s_try = stationary_coordinates(a, d) if sigma > 0 else None
    if s_try is not None:
        res = float(np.linalg.norm(a @ s_try)) + fro(product_error(np.abs(a), np.abs(s_try)[:, None]))
        tr_lo, tr_hi = trace_bounds(np.diag(s_try[:d]))
        e_s = (res + defect * fro(s_try) / math.sqrt(d)) / sigma + max(abs(1 - tr_lo), abs(1 - tr_hi))
        lam = np.linalg.eigvals(a)
        rest = np.delete(lam, np.argmin(np.abs(lam)))
        alpha = max(0.0, -float(np.max(rest.real)) - 8 * n * U * a_fro) if rest.size else math.inf
        span = t if alpha * t <= 1 else 1 / alpha                                # min(t, 1/alpha)
        y = x0 - np.outer(s_try, c)
        y_norm, y_tr = fro(y), float(np.abs(y[:d].sum(axis=0)).max()) + gamma(d) * float(np.abs(y[:d]).sum())
        e_split = ((1 + math.sqrt(d)) * e_s * float(np.abs(c).sum())
                   + n * U * ((squarings + a_fro * span) * y_norm + a_fro * t * y_tr)
                   + defect * math.sqrt(d) * span * y_norm)
        if e_split < e_total:
            s, e_total = s_try, e_split
    stat = np.outer(s, c)
    ref = stat + sla.expm(a * t) @ (x0 - stat)
    out = from_hermitian_coordinates(ref.T, d)
    return out[0] + 1j * out[1], e_total


@verifier(kinds.COLLISION_EVOLUTION)
def verify_evolution(cert: Certificate, tol: float) -> Verification:
    """Interval for the trace distance of ``exp(L' t) rho0`` from ``gamma`` (module docstring)."""
    lv = np.asarray(cert.problem["L"])
    rho0 = np.asarray(cert.problem["rho0"], dtype=complex)
    t = float(np.asarray(cert.problem["t"]).real.reshape(-1)[0])
    rho_t = np.asarray(cert.primal["rho_t"])
    d = rho0.shape[0]
    ref, expm_err = _evolution_reference(lv, rho0, t)
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
