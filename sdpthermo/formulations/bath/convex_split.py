r"""The convex split lemma (seed 002 Lemma 9, Eq. (B4)) checked on a pair of states.

``rho^(n) = (1/n) sum_m sigma^{⊗m-1} ⊗ rho ⊗ sigma^{⊗n-m}`` (Eq. (B3)) satisfies
``||rho^(n) - sigma^{⊗n}||_1^2 <= 2^{D_max(rho||sigma)} / n``.  The ``bath-convex-split`` certificate stores
``rho``, ``sigma`` and ``n``; its verifier recomputes both sides densely (``d^n <= 4096``) with the roundoff of
the trace norm charged, so ``[lower, upper]`` brackets the left side and the residual is the violation.

Examples
--------
>>> from sdpthermo.models.bath.copies import random_pair
>>> out = solve_convex_split(*random_pair(2, 0), 3)
>>> out.verified, out.value <= out.data["bound"]
(True, True)
"""

from __future__ import annotations

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.errors import ValidationError
from sdpthermo.info.dmax import dmax
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions

MAX_DIM = 4096


def solve_convex_split(rho: np.ndarray, sigma: np.ndarray, n: int, opts: SolveOptions | None = None) -> Outcome:
    """value = ``||rho^(n) - sigma^n||_1^2``; ``data.bound`` = ``2^{D_max}/n``, ``data.holds`` = the lemma verified."""
    opts = opts or SolveOptions()
    d = rho.shape[0]
    if d**n > MAX_DIM:
        raise ValidationError("n", f"d^n = {d ** n} is too large for the dense check", f"use d^n <= {MAX_DIM}")
    cert = Certificate(kind=kinds.BATH_CONVEX_SPLIT, sense="max", primal={}, dual={},
                       problem={"rho": rho, "sigma": sigma}, convention="Lemma 9, Eq. (B4)", meta={"n": n})
    ver = verify(cert, opts.tol)
    return Outcome(status=Status.CLOSED_FORM, value=ver.primal_objective, certificate=cert, verification=ver,
                   data={"bound": ver.dual_objective, "holds": bool(ver.passed), "dmax_bits": dmax(rho, sigma)},
                   solver=SolverInfo(name="dense", backend="none"))
