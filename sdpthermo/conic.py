r"""``solve_sdp``: verified bounds for any LP/SOCP/SDP a researcher writes in cvxpy.

The problem is solved through its conic standard form (:mod:`sdpthermo.sdp.conic`); the result's
certificate (kind ``conic``) stores that form and the solver's points in its coordinates, and the
solver-free verifier :mod:`sdpthermo.certify.conic.verifier` turns them into a rigorous ``[lower, upper]``
(Jansson, Chaykin, Keil, SIAM J. Numer. Anal. 46, 180 (2007)).  The instance id is the sha256 of the
standard form (and of the bounds passed), so the store caches these results like any question's.

Examples
--------
The largest eigenvalue as an SDP, ``lambda_max(M) = max {tr(M X) : tr X = 1, X >= 0}``; the trace
equality bounds the primal, so both sides are finite:

>>> import cvxpy as cp, numpy as np
>>> M = np.diag([1.0, 2.0, 3.0])
>>> X = cp.Variable((3, 3), symmetric=True)
>>> r = solve_sdp(cp.Problem(cp.Maximize(cp.trace(M @ X)), [cp.trace(X) == 1, X >> 0]), store=None)
>>> r.verified, r.lower <= 3.0 <= r.upper, r.upper - r.lower < 1e-6
(True, True, True)
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import time
from typing import Any

import numpy as np

from sdpthermo import __version__
from sdpthermo.certify import kinds
from sdpthermo.certify.conic.verifier import TRANSFORMS, verify_conic
from sdpthermo.errors import ValidationError
from sdpthermo.results import Certificate, Result, Status
from sdpthermo.sdp.conic import ConicSolve, solve_standard
from sdpthermo.sdp.options import SolveOptions
from sdpthermo.store.keys import canonical_params, instance_id

QUESTION = "conic"
VERSION = "1"


def _bound(name: str, v: float | None) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)) or not (0 < float(v) < math.inf):
        raise ValidationError(name, f"must be a positive finite number, got {v!r}",
                              f"pass an a-priori bound on the trace of every cone block, or leave {name}=None")
    return float(v)


def _coo(cs: ConicSolve) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    A = cs.A.tocoo()
    order = np.lexsort((A.col, A.row))
    return A.row[order].astype(np.int64), A.col[order].astype(np.int64), np.asarray(A.data[order], float)


def standard_form_id(cs: ConicSolve, extra: dict[str, Any]) -> tuple[str, str]:
    """``(instance id, standard-form digest)``: the digest is sha256 over the standard form's bytes
    (:func:`standard_form_digest`); the id is the store's content address
    (:func:`sdpthermo.store.keys.instance_id`) of the params ``{standard_form: digest, **extra}``, so that a
    stored entry binds to its key like any other."""
    digest = standard_form_digest(_certificate(cs, {}))
    canon, _ = canonical_params({"standard_form": digest, **extra})
    return instance_id(QUESTION, canon, VERSION), digest


def standard_form_digest(cert: Certificate) -> str:
    """The digest of a ``conic`` certificate's own standard form (what :func:`standard_form_id` hashes)."""
    h = hashlib.sha256()
    p = cert.problem
    for arr in (p["c"], p["b"], p["A_row"], p["A_col"], p["A_val"]):
        a = np.asarray(arr)
        h.update(np.ascontiguousarray(a).tobytes())
        h.update(str(a.shape).encode())
    meta = {"cones": cert.meta["cones"], "offset": repr(float(cert.meta["offset"])), "sign": int(cert.meta["sign"])}
    h.update(json.dumps(meta, sort_keys=True, default=float).encode())
    return h.hexdigest()


def _certificate(cs: ConicSolve, meta: dict[str, Any]) -> Certificate:
    row, col, val = _coo(cs)
    claim = {Status.INFEASIBLE: "infeasible", Status.INFEASIBLE_INACCURATE: "infeasible",
             Status.UNBOUNDED: "unbounded", Status.UNBOUNDED_INACCURATE: "unbounded"}.get(cs.status, "optimal")
    primal = {k: v for k, v in (("x", cs.x), ("x_slater", cs.x_slater)) if v is not None}
    dual = {k: v for k, v in (("y", cs.y), ("y_slater", cs.y_slater)) if v is not None}
    return Certificate(kind=kinds.CONIC, sense="min" if cs.sign > 0 else "max", primal=primal, dual=dual,
                       problem={"c": cs.c, "b": cs.b, "A_row": row, "A_col": col, "A_val": val},
                       convention="cvxpy conic standard form: min c'x s.t. Ax + s = b, s in K; "
                                  "reported sign*(c'x + offset)",
                       meta={**meta, "shape": [int(cs.b.size), int(cs.c.size)], "cones": cs.cones.to_meta(),
                             "sign": cs.sign, "offset": cs.offset, "claim": claim})


def solve_sdp(problem: Any, *, primal_bound: float | None = None, dual_bound: float | None = None,
              options: SolveOptions | None = None, store: Any = "default", transform: str | None = None,
              use_cache: bool = True) -> Result:
    r"""Solve a cvxpy LP/SOCP/SDP and return a :class:`~sdpthermo.results.Result` with verified bounds.

    Parameters
    ----------
    problem : cvxpy.Problem
        Any DCP problem whose canonicalization has only zero, nonnegative, second-order and PSD cones
        (real or complex Hermitian variables).  Its variables are filled as by ``problem.solve``
        (not on a cache hit).
    primal_bound : float, optional
        A bound ``T`` on the trace of every cone block of the primal at an optimum (``tr`` of each
        PSD-constrained expression, each nonnegative expression, the ``t`` of each ``||v|| <= t``).
        Needed only where no strictly feasible dual point exists.
    dual_bound : float, optional
        The same for an optimal dual (traces of the dual blocks, norm of the equality multipliers).
        Needed only where no strictly feasible primal point exists.
    options : SolveOptions, optional
        Solver (``clarabel`` default, ``scs``), accuracy and verification tolerance.
    store : Store, str or None
        Where results are cached (``"default"``: ``$SDPTHERMO_STORE`` or ``results/certificates``).
        Inside a registered question pass ``None``: the registry caches the question's result.
    transform : {None, "-log2"}
        Report ``-log2`` of the optimum (a min-entropy in bits from a guessing probability).
    use_cache : bool
        Read the store before solving.

    Returns
    -------
    Result
        ``question = "conic"``; ``lower``/``upper`` rigorous; ``verification.notes`` says why a side is
        infinite; ``status`` is the solver's claim (``infeasible``/``unbounded`` come with a verified
        Farkas radius in ``verification.conclusions``).
    """
    from sdpthermo.store import open_store

    opts = options or SolveOptions()
    if opts.backend != "cvxpy":
        raise ValidationError("backend", f"solve_sdp solves cvxpy problems, not backend {opts.backend!r}",
                              "use backend='cvxpy' (solver 'clarabel' or 'scs')")
    if transform not in TRANSFORMS:
        raise ValidationError("transform", f"unknown transform {transform!r}", f"use one of {list(TRANSFORMS)}")
    meta = {"primal_bound": _bound("primal_bound", primal_bound), "dual_bound": _bound("dual_bound", dual_bound),
            "transform": transform}
    t0 = time.perf_counter()
    cs = solve_standard(problem, opts)
    params = {**meta, "shape": [int(cs.b.size), int(cs.c.size)], "cones": cs.cones.to_meta(), "solver": cs.solver.name}
    iid, digest = standard_form_id(cs, params)
    st = open_store(store)
    if st is not None and use_cache:
        hit = st.get(QUESTION, iid, tol=opts.tol)
        # served only when the stored standard form is this problem's (its arrays re-hashed, not its params)
        if hit is not None and hit.certificate is not None and \
                standard_form_digest(hit.certificate) == digest:
            return hit
    cert = _certificate(cs, meta)
    ver = verify_conic(cert, opts.tol)
    value = problem.value if cs.status.usable and problem.value is not None else None
    if value is not None and transform == "-log2":
        value = -math.log2(value) if value > 0 else math.inf
    verified = bool(ver.passed and cs.status.usable)
    message = ver.notes or ("" if verified else f"solver status {cs.status.value}; verification did not pass")
    res = Result(
        question=QUESTION, instance_id=iid,
        params=canonical_params({"standard_form": digest, **params})[0],
        status=cs.status, value=None if value is None else float(value), lower=ver.lower, upper=ver.upper,
        verified=verified, certificate=cert, verification=ver, data={}, solver=cs.solver,
        provenance={"package": __version__, "formulation_version": VERSION,
                    "utc": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                    "seconds": time.perf_counter() - t0, "options": opts.to_json()},
        message=message)
    if st is not None:
        st.put(res)
    return res
