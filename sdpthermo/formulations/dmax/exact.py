r"""``D_max(rho||sigma)`` (seed 002, Eq. (10)) as a verified closed form; bits.

No SDP is needed: ``t = 2^{D_max} = lambda_max(sigma^{-1/2} rho sigma^{-1/2})`` (on ``supp sigma``).  As an
SDP pair, ``min t s.t. t sigma - rho >= 0`` has dual ``max tr(Y rho) s.t. Y >= 0, tr(Y sigma) = 1``, attained
at ``Y = v v^†`` for the top generalized eigenvector ``v``; the certificate stores ``t`` and ``v``
(:func:`sdpthermo.certify.dmax.verify_dmax`).  ``supp(rho) ⊄ supp(sigma)`` raises a
:class:`~sdpthermo.errors.ValidationError` naming ``rho`` (the value would be ``+inf``).

Examples
--------
>>> import numpy as np
>>> out = solve_dmax(np.diag([0.5, 0.5]), np.diag([0.75, 0.25]))
>>> round(out.value, 12), out.verified
(1.0, True)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.certify.dmax import CONVENTION_DMAX
from sdpthermo.errors import ValidationError
from sdpthermo.info.dmax import dmax_ratio
from sdpthermo.linalg.validate import as_density_matrix
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions


def dmax_certificate(rho: Any, sigma: Any) -> tuple[Certificate, float]:
    """Validated ``dmax`` certificate and the closed-form value in bits."""
    rho = as_density_matrix(rho, "rho")
    sigma = as_density_matrix(sigma, "sigma")
    if rho.shape != sigma.shape:
        raise ValidationError("sigma", f"has shape {sigma.shape} but rho has shape {rho.shape}",
                              "pass two states of the same dimension")
    t, v = dmax_ratio(rho, sigma)
    cert = Certificate(kind=kinds.DMAX, sense="min", primal={"t": np.array(t)}, dual={"v": v},
                       problem={"rho": rho, "sigma": sigma}, convention=CONVENTION_DMAX, meta={})
    return cert, math.log2(t)


def solve_dmax(rho: Any, sigma: Any, opts: SolveOptions | None = None) -> Outcome:
    """Verified ``D_max(rho||sigma)`` in bits (module docstring)."""
    opts = opts or SolveOptions()
    cert, value = dmax_certificate(rho, sigma)
    ver = verify(cert, opts.tol)
    value = min(max(value, ver.lower), ver.upper)  # inside the certified interval (roundoff of log2)
    return Outcome(status=Status.CLOSED_FORM, value=value, certificate=cert, verification=ver,
                   data={"t": 2.0**value}, solver=SolverInfo(name="numpy.linalg.eigh", backend="none"))
