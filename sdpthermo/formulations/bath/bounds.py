r"""Bounds on the bath size ``n_eps`` (seed 002, Eq. (9)): Theorem 1 (= Theorem 10) and Corollary 4 (= Theorem 13).

.. math::

    \Big\lceil 2^{D_{\max}^{2\sqrt\epsilon}(\omega_R\|\tau)} \Big\rceil \;\le\; n_\epsilon \;\le\;
    \Big\lceil 2^{D_{\max}(\omega_R\|\tau)} / \epsilon^2 \Big\rceil ,\qquad (12),\ (18)

the left side only when ``H_R`` satisfies the ESC (Definition 2) up to ``n_eps``; since ``n_eps`` is at
most the right side, the ESC is checked exactly up to the right side (``data.esc_checked_up_to``)
and otherwise the certified lower bound is the trivial ``1`` (``data.lower_corollary4`` still shows
the Corollary 4 number, with a note).  The upper side uses the certified upper bound on ``D_max``;
the lower side the certified lower bound on ``D_max^{2 sqrt eps}`` (trace-norm ball, radius capped at 2,
where the smooth entropy is 0).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.states import gibbs_state
>>> out = solve_bath_bounds(np.diag([1.0, 0.0]), gibbs_state([0.0, 1.0], 1.0), 0.01, energies=[0.0, 1.0])
>>> out.verification.lower, out.verification.upper, out.verified
(2.0, 13679.0, True)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.certify.bath import theorem1_upper
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.dmax.exact import dmax_certificate
from sdpthermo.formulations.dmax.smooth import solve_dmax_smooth
from sdpthermo.models.bath.esc import MAX_TYPES, n_types
from sdpthermo.results import Certificate, Outcome, Status
from sdpthermo.sdp.options import SolveOptions

CONVENTION = "ceil(2^{D_max^{2 sqrt eps}}) <= n_eps <= ceil(2^{D_max}/eps^2) (seed 002 Thm 1, Cor 4; bits)"
#: the ESC is checked up to ``n`` only while the number of occupation types stays below this.
ESC_MAX_TYPES = MAX_TYPES


def _prefixed(cert: Certificate, prefix: str) -> tuple[dict[str, dict[str, np.ndarray]], dict[str, Any]]:
    secs = {s: {f"{prefix}.{k}": v for k, v in getattr(cert, s).items()} for s in ("primal", "dual", "problem")}
    return secs, {"kind": cert.kind, "sense": cert.sense, "convention": cert.convention, "meta": cert.meta}


def solve_bath_bounds(rho: Any, sigma: Any, eps: float, energies: Any = None,
                      opts: SolveOptions | None = None) -> Outcome:
    """Certified ``[lower, upper]`` on ``n_eps`` (module docstring); ``energies`` enable the ESC check."""
    opts = opts or SolveOptions()
    if not (isinstance(eps, (int, float, np.floating)) and 0 < float(eps) <= 2):
        raise ValidationError("eps", f"must lie in (0, 2], got {eps!r}", "pass the thermalization accuracy of Eq. (2)")
    eps = float(eps)
    dcert, dval = dmax_certificate(rho, sigma)
    radius = min(2.0, 2 * math.sqrt(eps))
    smooth = solve_dmax_smooth(rho, sigma, radius, "trace-norm", "auto", opts)
    assert smooth.certificate is not None
    primal, dual, problem = {}, {}, {}
    meta: dict[str, Any] = {"eps": eps, "radius": radius}
    for sub, prefix in ((dcert, "dmax"), (smooth.certificate, "smooth")):
        secs, meta[prefix] = _prefixed(sub, prefix)
        primal.update(secs["primal"])
        dual.update(secs["dual"])
        problem.update(secs["problem"])
    certified = theorem1_upper(verify(dcert, opts.tol).upper, eps)  # what the verifier will certify
    upper_guess = int(certified) if math.isfinite(certified) else math.ceil(2.0**dval / eps**2)
    data: dict[str, Any] = {"dmax_bits": dval, "radius": radius, "esc_checked_up_to": None}
    if energies is not None:
        e = np.asarray(energies, float)
        n_chk = upper_guess
        if e.size > 2:
            n_chk = 1
            while n_chk < upper_guess and n_types(n_chk + 1, e.size) <= ESC_MAX_TYPES:
                n_chk += 1
        problem["energies"] = e
        meta["esc_n"] = int(n_chk)
        data["esc_checked_up_to"] = int(n_chk)
    cert = Certificate(kind=kinds.BATH_BOUNDS, sense="min", primal=primal, dual=dual, problem=problem,
                       convention=CONVENTION, meta=meta)
    ver = verify(cert, opts.tol)
    data.update({"n_lower": ver.lower, "n_upper": ver.upper, "lower_corollary4": ver.conclusions["lower_corollary4"],
                 "esc": ver.conclusions["esc_verified"], "dmax_smooth_bits": ver.conclusions["dmax_smooth_bits"]})
    msg = "" if ver.conclusions["esc_verified"] else (
        "ESC not verified up to the upper bound: the Corollary 4 lower bound (data.lower_corollary4) assumes it; "
        "certified lower bound is 1")
    return Outcome(status=Status.CLOSED_FORM if smooth.status == Status.CLOSED_FORM else smooth.status,
                   value=ver.lower, certificate=cert, verification=ver, data=data, solver=smooth.solver, message=msg)
