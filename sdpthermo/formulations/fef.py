r"""Fully entangled fraction (seed 000 Eq. (16)) as a certified interval ``[lower, upper]``.

* ``lower``: an explicit maximally entangled vector ``(I ⊗ U)|Psi+>`` from the see-saw of
  :func:`sdpthermo.info.fef.fef_seesaw` (seeded starts) — for two qubits started from the closed form.
* ``upper``: the relaxation (conv of maximally entangled projectors ⊂ feasible set)::

      R(rho) = max tr(rho W)  s.t.  W >= 0,  tr_B W = I/d,  tr_A W = I/d,  [ -I/d <= W^{T_B} <= I/d ]   (primal)
             = min (tr Y_A + tr Y_B + tr Z_+ + tr Z_-)/d
               s.t.  Y_A ⊗ I + I ⊗ Y_B + (Z_+ - Z_-)^{T_B} - rho >= 0,  Z_± >= 0                      (dual)

  solved in the dual form, whose variables are the certificate; the primal ``W`` is the dual of the slack's
  PSD constraint (kept for the record).  Real symmetric variables when ``rho`` is real (``W`` and its
  complex conjugate are both optimal).  The bracketed PPT condition (``ppt=True``) tightens it for ``d >= 3``.

For two qubits the interval closes: a two-qubit state with maximally mixed marginals is, after local
unitaries (``SO(3)`` rotations of its correlation matrix), Bell diagonal, i.e. a mixture of maximally
entangled states; so the feasible set *is* the convex hull of maximally entangled projectors and the
linear objective attains ``R = F``.  For ``d >= 3`` unital channels that are not mixtures of unitaries exist
(Landau–Streater), and the relaxation may be strict.

Examples
--------
>>> from sdpthermo.models.states import isotropic
>>> out = solve_fef(isotropic(0.4, 2), [2, 2])
>>> round(out.verification.lower, 7), round(out.verification.upper, 7), out.verified
(0.55, 0.55, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.errors import ValidationError
from sdpthermo.info.fef import fef_seesaw, fef_two_qubits
from sdpthermo.linalg.hermitian import herm, real_if_real
from sdpthermo.results import Certificate, Outcome, SolverInfo
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions

#: for complex states with d above this the default solver is SCS (Clarabel on the doubled Hermitian cone is
#: far slower than on real data; the comparison is in ``benchmarks/bench_eplt.py``'s docstring).
COMPLEX_SCS_ABOVE = 3

CONVENTION = ("F = max_U <Psi+|(I⊗U)^† rho (I⊗U)|Psi+> (Eq. 16); "
              "relaxation max tr(rho W), W >= 0, tr_B W = tr_A W = I/d, [-I/d <= W^T_B <= I/d]; "
              "dual min (trY_A + trY_B + trZ+ + trZ-)/d, Y_A⊗I + I⊗Y_B + (Z+ - Z-)^T_B >= rho")


def build_fef_dual_cvxpy(rho: np.ndarray, d: int, ppt: bool) -> tuple[Any, dict[str, Any]]:
    """cvxpy problem of the dual; ``S >= 0`` (the slack, equal to the affine expression) carries ``W``."""
    import cvxpy as cp

    cplx = np.iscomplexobj(rho)
    kw = {"hermitian": True} if cplx else {"symmetric": True}
    ya, yb = cp.Variable((d, d), **kw), cp.Variable((d, d), **kw)
    s = cp.Variable((d * d, d * d), **kw)
    eye = np.eye(d)
    expr = cp.kron(ya, eye) + cp.kron(eye, yb) - rho
    obj = cp.trace(ya) + cp.trace(yb)
    cons: dict[str, Any] = {}
    zs = []
    if ppt:
        zp, zm = cp.Variable((d * d, d * d), **kw), cp.Variable((d * d, d * d), **kw)
        expr = expr + cp.partial_transpose(zp - zm, [d, d], 1)
        obj = obj + cp.trace(zp) + cp.trace(zm)
        cons["Z+ >= 0"], cons["Z- >= 0"] = zp >> 0, zm >> 0
        zs = [zp, zm]
    iu = np.triu_indices(d * d)
    cons["S = Y_A⊗I + I⊗Y_B + (Z+ - Z-)^T_B - rho"] = s[iu] == expr[iu]
    cons["S >= 0"] = s >> 0
    prob = cp.Problem(cp.Minimize((cp.real(obj) if cplx else obj) / d), list(cons.values()))
    return prob, {"Y_A": ya, "Y_B": yb, "Z": zs, "S": s, "constraints": cons, "complex": cplx}


def solve_fef(rho: np.ndarray, dims: Sequence[int], ppt: bool = True, starts: int = 20, seed: int = 0,
              opts: SolveOptions | None = None) -> Outcome:
    """Certified FEF interval (see module docstring); ``value`` is the explicit lower bound's fidelity."""
    opts = opts or SolveOptions()
    d_a, d_b = (int(x) for x in dims)
    if d_a != d_b:
        raise ValidationError("dims", f"the fully entangled fraction needs d_A = d_B, got {[d_a, d_b]}",
                              "pass a state on C^d ⊗ C^d")
    if opts.backend == "picos":
        raise ValidationError("backend", "fef is implemented on the cvxpy backend only", "use backend='cvxpy'")
    d = d_a
    if d == 2:
        value, u = fef_two_qubits(rho)
        alt, u2 = fef_seesaw(rho, d, starts=2, seed=seed)
        if alt > value:
            value, u = alt, u2
    else:
        value, u = fef_seesaw(rho, d, starts=starts, seed=seed)
    prob, v = build_fef_dual_cvxpy(rho, d, ppt)
    status, info = run_cvxpy(prob, opts, default_solver="scs" if v["complex"] and d > COMPLEX_SCS_ABOVE else "clarabel")
    n = d * d
    if status.usable:
        ya, yb = np.asarray(v["Y_A"].value), np.asarray(v["Y_B"].value)
        zp, zm = (np.asarray(z.value) for z in v["Z"]) if ppt else (np.zeros((n, n)), np.zeros((n, n)))
        w = v["constraints"]["S >= 0"].dual_value
        w = np.zeros((n, n)) if w is None else np.asarray(w) * (2 if v["complex"] else 1)
        relax = float(prob.value)
    else:
        ya = yb = np.eye(d) * float(np.linalg.eigvalsh(herm(rho))[-1]) / 2
        zp = zm = np.zeros((n, n))
        w, relax = np.zeros((n, n)), float("nan")
    cert = Certificate(kind=kinds.FEF, sense="max", primal={"U": u, "W": real_if_real(herm(w))},
                       dual={"Y_A": real_if_real(herm(ya)), "Y_B": real_if_real(herm(yb)),
                             "Z_plus": real_if_real(herm(zp)), "Z_minus": real_if_real(herm(zm))},
                       problem={"rho": rho}, convention=CONVENTION, meta={"dims": [d, d], "ppt": bool(ppt)})
    ver = verify(cert, opts.tol)
    data = {"relaxation": relax, "explicit_fidelity": value, "ppt": bool(ppt),
            "entangled": bool(ver.passed and ver.conclusions["entangled"]),
            "gap": ver.upper - ver.lower}
    solver = info if status.usable else SolverInfo(name=info.name, backend=info.backend)
    return Outcome(status=status, value=value, certificate=cert, verification=ver, data=data, solver=solver)
