r"""The optimal normalized decomposable entanglement witness (seed 000, Theorem 3's PPT criterion).

Primal and dual::

    w*(rho) = min_{P,Q}  tr[(P + Q^{T_B}) rho]   s.t.  P >= 0, Q >= 0, tr(P + Q) = 1     (normalization)
            = max_t      t                        s.t.  rho - t I >= 0,  rho^{T_B} - t I >= 0

Closed form: ``w* = min(lambda_min(rho), lambda_min(rho^{T_B}))``, attained by the minimal
eigenvector witness ``W = (|v><v|)^{T_B}`` (``P = 0``, ``Q = |v><v|``) when ``rho`` is NPT.  Hence
``w* < 0`` iff ``rho`` is NPT.  The SDP exists to exercise the certified-SDP path end to end and is
cross-checked against this closed form in the tests.

The dual ``t`` is not read from the equality constraint, whose sign differs between modelling
layers (picos flips equality duals); stationarity gives ``Z_P = rho - t I`` for the dual ``Z_P`` of
``P >= 0``, so ``t = tr(rho - Z_P)/n``.  The verifier checks the dual slacks either way.

Examples
--------
>>> from sdpthermo.models.states import isotropic
>>> out = solve_decomposable_witness(isotropic(0.6, 2), [2, 2])
>>> round(out.value, 6), out.verified, out.data["entangled"]
(-0.2, True, True)
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

CONVENTION = "min tr[(P + Q^T_B) rho], P,Q >= 0, tr(P+Q) = 1; dual max t, rho >= tI, rho^T_B >= tI"
METHODS = ("sdp", "closed-form")
BACKENDS = {"sdp": ("cvxpy", "picos"), "closed-form": ("none",)}
"""Modelling backends of each method (``none``: numpy only)."""


def build_witness_cvxpy(rho: np.ndarray, dims: Sequence[int]) -> tuple[Any, dict[str, Any]]:
    """cvxpy problem; constraints labelled ``P >= 0``, ``Q >= 0``, ``tr(P+Q) = 1``."""
    import cvxpy as cp

    rpt = herm(partial_transpose(rho, None, dims))
    n = rho.shape[0]
    cplx = np.iscomplexobj(rho) or np.iscomplexobj(rpt)
    kw = {"hermitian": True} if cplx else {"symmetric": True}
    p, q = cp.Variable((n, n), **kw), cp.Variable((n, n), **kw)
    cons = {"P >= 0": p >> 0, "Q >= 0": q >> 0, "tr(P+Q) = 1": cp.real(cp.trace(p + q)) == 1 if cplx
            else cp.trace(p + q) == 1}
    obj = cp.trace(rho @ p) + cp.trace(rpt @ q)
    prob = cp.Problem(cp.Minimize(cp.real(obj) if cplx else obj), list(cons.values()))
    return prob, {"P": p, "Q": q, "constraints": cons, "complex": cplx}


def build_witness_picos(rho: np.ndarray, dims: Sequence[int]) -> tuple[Any, dict[str, Any]]:
    """picos problem of the same primal."""
    import picos

    rpt = herm(partial_transpose(rho, None, dims))
    n = rho.shape[0]
    cplx = np.iscomplexobj(rho) or np.iscomplexobj(rpt)
    var = picos.HermitianVariable if cplx else picos.SymmetricVariable
    p, q = var("P", n), var("Q", n)
    prob = picos.Problem()
    c1, c2 = prob.add_constraint(p >> 0), prob.add_constraint(q >> 0)
    c3 = prob.add_constraint(picos.trace(p + q) == 1)
    obj = (picos.Constant(rho) | p) + (picos.Constant(rpt) | q)
    prob.set_objective("min", obj.real if cplx else obj)
    return prob, {"P": p, "Q": q, "constraints": {"P >= 0": c1, "Q >= 0": c2, "tr(P+Q) = 1": c3}, "complex": cplx}


def closed_form_witness(rho: np.ndarray, dims: Sequence[int]) -> tuple[float, np.ndarray, np.ndarray]:
    """``(w*, P, Q)``: the minimal-eigenvector witness of ``rho`` or ``rho^{T_B}``."""
    n = rho.shape[0]
    rpt = herm(partial_transpose(rho, None, dims))
    w1, v1 = np.linalg.eigh(herm(rho))
    w2, v2 = np.linalg.eigh(rpt)
    zero = np.zeros((n, n))
    if w2[0] <= w1[0]:
        return float(w2[0]), zero, real_if_real(np.outer(v2[:, 0], v2[:, 0].conj()))
    return float(w1[0]), real_if_real(np.outer(v1[:, 0], v1[:, 0].conj())), zero


def solve_decomposable_witness(rho: np.ndarray, dims: Sequence[int], opts: SolveOptions | None = None,
                               method: str = "sdp") -> Outcome:
    """Optimal normalized decomposable witness with a verified certificate (see module docstring)."""
    opts = opts or SolveOptions()
    d = [int(x) for x in dims]
    n = rho.shape[0]
    if method == "closed-form":
        value, p, q = closed_form_witness(rho, d)
        t, status, info = value, Status.CLOSED_FORM, SolverInfo(name="numpy.linalg.eigh", backend="none")
    elif opts.backend == "picos":
        prob, v = build_witness_picos(rho, d)
        status, info = run_picos(prob, opts)
        p = np.array(v["P"].value) if status.usable else np.zeros((n, n))
        q = np.array(v["Q"].value) if status.usable else np.zeros((n, n))
        zp = v["constraints"]["P >= 0"].dual
        zp = np.array(zp).conj() if zp is not None else np.zeros((n, n))
        t = float(np.real(np.trace(herm(rho) - zp)) / n)  # Z_P = rho - t I
        value = float(np.real(prob.value)) if status.usable else float("nan")
    else:
        prob, v = build_witness_cvxpy(rho, d)
        status, info = run_cvxpy(prob, opts)
        p = v["P"].value if status.usable else np.zeros((n, n))
        q = v["Q"].value if status.usable else np.zeros((n, n))
        zp = v["constraints"]["P >= 0"].dual_value
        zp = np.zeros((n, n)) if zp is None else (2 * zp if v["complex"] else zp)
        t = float(np.real(np.trace(herm(rho) - zp)) / n)
        value = float(prob.value) if status.usable else float("nan")
    p, q = real_if_real(herm(np.asarray(p))), real_if_real(herm(np.asarray(q)))
    w = p + partial_transpose(q, None, d)
    cert = Certificate(kind=kinds.DECOMPOSABLE_WITNESS, sense="min", primal={"W": w, "P": p, "Q": q},
                       dual={"t": np.array([t])}, problem={"rho": rho}, convention=CONVENTION, meta={"dims": d})
    ver = verify(cert, opts.tol)
    data = {"entangled": bool(ver.passed and ver.conclusions.get("entangled", False)),
            "closed_form": closed_form_witness(rho, d)[0]}
    return Outcome(status=status, value=value, certificate=cert, verification=ver, data=data, solver=info)
