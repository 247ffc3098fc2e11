r"""Compatibility of channel marginals: is there a global channel (CPTP / no-signalling / PPT) whose
reductions are the given channels?  (Seed 000, outlook: the quantum channel marginal problem.)

Primal and dual (``A vec(J) = b`` collects TP, the marginals and, for NS/PPT, no-signalling)::

    t* = max t   s.t.  J - t I >= 0,  [ppt] J^{T_j} - t I >= 0 for every party j,  A vec(J) = b   (dual y)
       = min b.y s.t.  W = herm(A^T y) - sum_j Z_j^{T_j} >= 0,  Z_j >= 0,  tr W + sum_j tr Z_j = 1

Compatible iff ``t* >= 0``.  The verifier (:mod:`sdpthermo.certify.channel_marginal.compatibility`) certifies either
answer from the arrays.  cvxpy's equality dual has the sensitivity sign of a maximization, which is the
``y`` above; ``Z_j`` are the duals of the PPT constraints.  Real Choi matrices only (real symmetric ``J``).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.linalg.choi import choi_from_kraus
>>> ident = choi_from_kraus([np.eye(2)])
>>> out = solve_compatibility([2, 2, 2], [2, 2, 2], [([0, 1], choi_from_kraus([np.kron(np.eye(2), np.eye(2))]))],
...                           "cptp")
>>> out.data["compatible"]
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.models.channel_marginal.compatibility import check_marginals, constraint_matrix
from sdpthermo.results import Certificate, Outcome
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions

CONVENTION = "t* = max t, J - tI >= 0 [, J^T_j - tI >= 0], A vec(J) = b; compatible iff t* >= 0 (seed 000 outlook)"


def solve_compatibility(d_in: Sequence[int], d_out: Sequence[int],
                        marginals: Sequence[tuple[Sequence[int], np.ndarray]], cls: str,
                        opts: SolveOptions | None = None) -> Outcome:
    """Decide compatibility with a verified certificate either way."""
    import cvxpy as cp

    opts = opts or SolveOptions()
    d_in, d_out = list(d_in), list(d_out)
    marg = [(list(s), np.real(np.asarray(c, dtype=complex)).astype(float)) for s, c in marginals]
    check_marginals(d_in, d_out, marg)
    k = len(d_in)
    n = math.prod(d_in) * math.prod(d_out)
    a, b = constraint_matrix(d_in, d_out, marg, cls)
    j = cp.Variable((n, n), symmetric=True)
    t = cp.Variable()
    eq = a @ cp.vec(j, order="C") == b
    cons = [j - t * np.eye(n) >> 0, eq]
    pt = []
    if cls == "ppt":
        for p in range(k):
            jt = cp.partial_transpose(cp.partial_transpose(j, d_in + d_out, axis=p), d_in + d_out, axis=k + p)
            pt.append(jt - t * np.eye(n) >> 0)
        cons += pt
    prob = cp.Problem(cp.Maximize(t), cons)
    status, info = run_cvxpy(prob, opts, default_solver="scs" if n > 32 else "clarabel")
    jv = np.asarray(j.value) if j.value is not None else np.zeros((n, n))
    y = np.asarray(eq.dual_value) if eq.dual_value is not None else np.zeros(len(b))
    dual = {"y": y}
    for p, c in enumerate(pt):
        dual[f"Z_{p}"] = np.asarray(c.dual_value) if c.dual_value is not None else np.zeros((n, n))
    problem = {f"choi_{i}": c for i, (_, c) in enumerate(marg)}
    cert = Certificate(kind=kinds.CHANNEL_MARGINAL_COMPATIBILITY, sense="max", primal={"J": (jv + jv.T) / 2}, dual=dual,
                       problem=problem, convention=CONVENTION,
                       meta={"dims_in": d_in, "dims_out": d_out, "cls": cls, "parties": [s for s, _ in marg]})
    ver = verify(cert, opts.tol)
    value = float(t.value) if t.value is not None else float("nan")
    data = {"compatible": bool(ver.conclusions["compatible"]), "incompatible": bool(ver.conclusions["incompatible"]),
            "t_lower": ver.conclusions["t_lower"], "t_upper": ver.conclusions["t_upper"],
            "constraints": int(a.shape[0]), "choi_size": n}
    return Outcome(status=status, value=value, certificate=cert, verification=ver, data=data, solver=info,
                   message="" if ver.passed else "neither compatibility nor incompatibility could be certified")

