r"""Negativity with a PPT witness certificate (seed 000, Theorem 3; DESIGN.md §7).

Primal and dual (both attained in closed form by the spectral split ``rho^{T_B} = R_+ - R_-``)::

    N(rho) = max_Pi  -tr(Pi rho^{T_B})   s.t.  Pi >= 0,  I - Pi >= 0         [Pi* = projector on supp R_-]
           = min_Y   tr Y                s.t.  Y >= 0,   Y + rho^{T_B} >= 0   [Y* = R_-]

``method="closed-form"`` (default) builds ``Pi*``, ``Y*`` from one ``eigh`` of ``rho^{T_B}``;
``method="sdp"`` solves the primal with cvxpy (or picos) and maps the dual of ``I - Pi >= 0`` to
``Y`` (cvxpy returns half the dual of a Hermitian PSD constraint, so it is doubled for complex
data; picos returns its complex conjugate, which is conjugated back).  Either way the certificate is the
decomposable witness ``W = Pi^{T_B}`` (``P = 0``, ``Q = Pi``) with dual ``Y``, verified by
:func:`sdpthermo.certify.ppt.verify_ppt`.

Examples
--------
>>> from sdpthermo.models.states import isotropic
>>> out = solve_negativity(isotropic(0.6, 2), [2, 2])
>>> round(out.value, 10), out.verified, out.data["entangled"]
(0.2, True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.linalg.hermitian import herm, real_if_real
from sdpthermo.linalg.tensor import partial_transpose
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.backend import run_cvxpy, run_picos
from sdpthermo.sdp.options import SolveOptions

CONVENTION = "N = max -tr(Pi rho^T_B), 0<=Pi<=I; dual min tr Y, Y>=0, Y+rho^T_B>=0; W = P + Q^T_B (seed 000 Thm 3)"
METHODS = ("closed-form", "sdp")
BACKENDS = {"closed-form": ("none",), "sdp": ("cvxpy", "picos")}
"""Modelling backends of each method (``none``: numpy only)."""


def build_negativity_cvxpy(rho: np.ndarray, dims: Sequence[int]) -> tuple[Any, dict[str, Any]]:
    """cvxpy problem of the primal; constraints labelled ``Pi >= 0`` and ``I - Pi >= 0`` (dual ``Y``)."""
    import cvxpy as cp

    rpt = herm(partial_transpose(rho, None, dims))
    n = rho.shape[0]
    cplx = np.iscomplexobj(rpt)
    pi = cp.Variable((n, n), hermitian=True) if cplx else cp.Variable((n, n), symmetric=True)
    cons = {"Pi >= 0": pi >> 0, "I - Pi >= 0": np.eye(n) - pi >> 0}
    tr = cp.trace(rpt @ pi)
    obj = cp.Maximize(-(cp.real(tr) if cplx else tr))
    return cp.Problem(obj, list(cons.values())), {"Pi": pi, "constraints": cons, "complex": cplx}


def build_negativity_picos(rho: np.ndarray, dims: Sequence[int]) -> tuple[Any, dict[str, Any]]:
    """picos problem of the same primal (independent modelling layer)."""
    import picos

    rpt = herm(partial_transpose(rho, None, dims))
    n = rho.shape[0]
    cplx = np.iscomplexobj(rpt)
    prob = picos.Problem()
    pi = picos.HermitianVariable("Pi", n) if cplx else picos.SymmetricVariable("Pi", n)
    c1 = prob.add_constraint(pi >> 0)
    c2 = prob.add_constraint(picos.Constant(np.eye(n)) - pi >> 0)
    prob.set_objective("max", -(picos.Constant(rpt) | pi).real if cplx else -(picos.Constant(rpt) | pi))
    return prob, {"Pi": pi, "constraints": {"Pi >= 0": c1, "I - Pi >= 0": c2}, "complex": cplx}


def _closed_form(rho: np.ndarray, dims: Sequence[int]) -> tuple[np.ndarray, np.ndarray, float]:
    rpt = herm(partial_transpose(rho, None, dims))
    w, v = np.linalg.eigh(rpt)
    neg = w < 0
    vn = v[:, neg]
    pi = real_if_real(vn @ vn.conj().T)
    y = real_if_real((vn * (-w[neg])) @ vn.conj().T)
    return pi, y, float(-np.sum(w[neg]))


def _sdp(rho: np.ndarray, dims: Sequence[int], opts: SolveOptions) -> tuple[np.ndarray, np.ndarray, float, Status,
                                                                            SolverInfo]:
    if opts.backend == "picos":
        prob, v = build_negativity_picos(rho, dims)
        status, info = run_picos(prob, opts)
        pi = np.array(v["Pi"].value) if status.usable else np.zeros_like(rho)
        y_raw = v["constraints"]["I - Pi >= 0"].dual
        # picos returns the complex conjugate (= transpose) of the Hermitian dual
        y = np.array(y_raw).conj() if y_raw is not None else np.zeros_like(rho)
        val = float(prob.value.real if hasattr(prob.value, "real") else prob.value) if status.usable else np.nan
    else:
        prob, v = build_negativity_cvxpy(rho, dims)
        status, info = run_cvxpy(prob, opts)
        pi = v["Pi"].value if status.usable else np.zeros_like(rho)
        y = v["constraints"]["I - Pi >= 0"].dual_value
        y = np.zeros_like(rho) if y is None else (2 * y if v["complex"] else y)  # cvxpy halves Hermitian duals
        val = float(prob.value) if status.usable else np.nan
    return real_if_real(herm(np.asarray(pi))), real_if_real(herm(np.asarray(y))), val, status, info


def solve_negativity(rho: np.ndarray, dims: Sequence[int], method: str = "closed-form",
                     opts: SolveOptions | None = None) -> Outcome:
    """Negativity of ``rho`` with a verified witness certificate (see module docstring)."""
    opts = opts or SolveOptions()
    d = [int(x) for x in dims]
    if method == "closed-form":
        pi, y, value = _closed_form(rho, d)
        status, info = Status.CLOSED_FORM, SolverInfo(name="numpy.linalg.eigh", backend="none")
    else:
        pi, y, value, status, info = _sdp(rho, d, opts)
    w = partial_transpose(pi, None, d)
    cert = Certificate(kind=kinds.PPT, sense="max", primal={"W": w, "P": np.zeros_like(pi), "Q": pi}, dual={"Y": y},
                       problem={"rho": rho}, convention=CONVENTION, meta={"dims": d})
    ver = verify(cert, opts.tol)
    lam = float(np.linalg.eigvalsh(herm(partial_transpose(rho, None, d)))[0])
    data = {"min_pt_eigenvalue": lam, "entangled": bool(ver.passed and ver.conclusions.get("entangled", False)),
            "witness_bound": ver.conclusions.get("witness_bound"), "method": method}
    return Outcome(status=status, value=value, certificate=cert, verification=ver, data=data, solver=info)
