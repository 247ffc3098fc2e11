r"""DPS hierarchy (Doherty, Parrilo, Spedalieri 2004) at level ``k``: Bose-symmetric extensions on ``B``.

Seed 000 certifies EPLT outputs with the PPT criterion (proof of Theorem 3); beyond two qubits PPT is not
sufficient for separability, and each level of this hierarchy can certify the entanglement of PPT states
the criterion misses (or, at that level, find none).

The SDP pair (:mod:`sdpthermo.certify.dps`)::

    t* = max t  s.t.  tr_{B_2..B_k}(V X V^†) = rho - t I,  X >= 0 on A ⊗ Sym^k(B),  [G_j(X) >= 0, j = 1..k]
       = min tr(W rho)  s.t.  tr W = 1,  V^†(W ⊗ I)V - sum_j G_j^*(Q_j) >= 0,  Q_j >= 0

is solved in its *witness* (second) form: the variables are the certificate ``(W, Q_j)``, and the extension
``X`` is read from the dual of the PSD constraint on ``P = V^†(W ⊗ I)V - sum_j G_j^*(Q_j)`` (a PSD dual:
cvxpy halves it only for complex data, which is doubled back).  ``t = (1 - tr X)/n``.

Size: the extension lives on ``A ⊗ Sym^k(B)`` (dimension ``d_A C(d_B+k-1, k)``) and each PPT block on
``A ⊗ Sym^j(B) ⊗ Sym^{k-j}(B)`` — for ``3 x 3`` at ``k = 2``: blocks 18, 27, 18 instead of 27 on the full
space; real variables when ``rho`` is real (an optimal point can be averaged with its complex conjugate).
The linear maps are assembled once per ``(d_A, d_B, k)`` as sparse matrices acting on ``vec(X)``.

``data["entangled"]`` is true only when the verifier's rigorous ``upper < 0`` (a witness).  Otherwise
``data["has_extension"]`` (``lower >= -tol``) certifies that ``rho + tol I`` has a (PPT) ``k``-extension: the
test is inconclusive at level ``k``.  Solver: Clarabel for blocks up to ``SCS_ABOVE``, SCS above.

Examples
--------
>>> from sdpthermo.models.states import isotropic
>>> out = solve_dps(isotropic(0.2, 3), [3, 3], k=2)           # separable isotropic (p <= 1/(d+1))
>>> out.verified, out.data["entangled"], out.data["has_extension"]
(True, False, True)
>>> out = solve_dps(tiles_state(), [3, 3], k=2)               # PPT entangled (UPB "Tiles")
>>> out.verified, out.data["entangled"]
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.certify.dps import DpsMaps, dps_maps
from sdpthermo.errors import ValidationError
from sdpthermo.linalg.hermitian import herm, real_if_real
from sdpthermo.linalg.symmetric import sym_isometry
from sdpthermo.linalg.tensor import partial_transpose
from sdpthermo.results import Certificate, Outcome
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions

#: largest PSD block (real) up to which Clarabel is the default; SCS above (Clarabel's cost grows roughly with the
#: sixth power of the block size; the comparison is in ``benchmarks/bench_eplt.py``'s docstring).
SCS_ABOVE = 20

CONVENTION = ("DPS: t* = max t, tr_{B2..Bk}(V X V^T) = rho - tI, X >= 0, G_j(X) >= 0; "
              "dual min tr(W rho), tr W = 1, V^T(W⊗I)V - sum_j G_j^*(Q_j) >= 0, Q_j >= 0")


def tiles_state() -> np.ndarray:
    """The ``3 x 3`` PPT entangled state from the "Tiles" UPB (Bennett et al. 1999): ``(I - sum_i psi_i)/4``."""
    e = np.eye(3)
    s = 1 / np.sqrt(2)
    vecs = [np.kron(e[0], (e[0] - e[1]) * s), np.kron(e[2], (e[1] - e[2]) * s),
            np.kron((e[0] - e[1]) * s, e[2]), np.kron((e[1] - e[2]) * s, e[0])]
    tile = (e[0] + e[1] + e[2]) / np.sqrt(3)
    vecs.append(np.kron(tile, tile))
    proj = sum(np.outer(v, v) for v in vecs)
    return (np.eye(9) - proj) / 4


def _b_tensor(fn: Any, d_out: int, d_in: int) -> np.ndarray:
    """4-tensor ``F[r, c, a, b]`` of a linear map on ``d_in x d_in`` matrices (evaluated on matrix units)."""
    f = np.zeros((d_out, d_out, d_in, d_in))
    for a in range(d_in):
        for b in range(d_in):
            e = np.zeros((d_in, d_in))
            e[a, b] = 1.0
            f[:, :, a, b] = fn(e)
    return f


def _lift(f: np.ndarray, da: int) -> Any:
    """Sparse matrix (``scipy.sparse.csr_matrix``) of ``id_A ⊗ F`` acting on row-major ``vec`` of
    ``(d_A r) x (d_A r)`` matrices."""
    import scipy.sparse as sp  # only the solve path needs it: questions load without scipy

    r, _, a, _ = f.shape
    idx = np.nonzero(np.abs(f) > 1e-15)
    vals = f[idx]
    rr, cc, aa, bb = idx
    i = np.arange(da)[:, None, None]
    ip = np.arange(da)[None, :, None]
    rows = ((i * r + rr) * (da * r) + ip * r + cc).reshape(-1)
    cols = ((i * a + aa) * (da * a) + ip * a + bb).reshape(-1)
    data = np.broadcast_to(vals, (da, da, vals.size)).reshape(-1)
    return sp.csr_matrix((data, (rows, cols)), shape=((da * r) ** 2, (da * a) ** 2))


@lru_cache(maxsize=16)
def _adjoint_matrices(da: int, db: int, k: int, ppt: bool) -> tuple[Any, tuple[Any, ...]]:
    """Sparse matrices of ``W -> V^†(W ⊗ I)V`` and ``Q -> G_j^*(Q)`` on row-major vecs."""
    vk = sym_isometry(db, k)
    dk = vk.shape[1]
    eye_rest = np.eye(db ** (k - 1))
    mar_adj = _b_tensor(lambda w: vk.T @ np.kron(w, eye_rest) @ vk, dk, db)
    mats = []
    if ppt:
        dims = [db] * k
        for j in range(1, k + 1):
            cj = np.kron(sym_isometry(db, j), sym_isometry(db, k - j))

            def fn(q: np.ndarray, cj: np.ndarray = cj, j: int = j) -> np.ndarray:
                return vk.T @ partial_transpose(cj @ q @ cj.T, list(range(j)), dims) @ vk

            mats.append(_lift(_b_tensor(fn, dk, cj.shape[1]), da))
    return _lift(mar_adj, da), tuple(mats)


def build_dps_cvxpy(rho: np.ndarray, dims: Sequence[int], k: int, ppt: bool) -> tuple[Any, dict[str, Any]]:
    """cvxpy problem of the witness form; constraint ``P >= 0`` carries the extension ``X`` as its dual."""
    import cvxpy as cp

    da, db = (int(x) for x in dims)
    n = da * db
    mar_adj, g_adj = _adjoint_matrices(da, db, k, ppt)
    mp: DpsMaps = dps_maps(da, db, k)
    m = mp.v.shape[1]
    cplx = np.iscomplexobj(rho)
    kw = {"hermitian": True} if cplx else {"symmetric": True}
    w = cp.Variable((n, n), **kw)
    p = cp.Variable((m, m), **kw)
    qs = [cp.Variable((c.shape[1], c.shape[1]), **kw) for c in mp.c] if ppt else []
    expr = mar_adj @ cp.vec(w, order="C")
    for g, q in zip(g_adj, qs):
        expr = expr - g @ cp.vec(q, order="C")
    iu = np.triu_indices(m)
    sel = iu[0] * m + iu[1]
    cons = {"P = mar*(W) - sum G*(Q)": cp.vec(p, order="C")[sel] == expr[sel], "P >= 0": p >> 0,
            "tr W = 1": cp.real(cp.trace(w)) == 1 if cplx else cp.trace(w) == 1}
    for j, q in enumerate(qs, start=1):
        cons[f"Q_{j} >= 0"] = q >> 0
    obj = cp.trace(rho @ w)
    prob = cp.Problem(cp.Minimize(cp.real(obj) if cplx else obj), list(cons.values()))
    return prob, {"W": w, "P": p, "Q": qs, "constraints": cons, "complex": cplx, "n": n, "m": m}


def solve_dps(rho: np.ndarray, dims: Sequence[int], k: int = 2, ppt: bool = True,
              opts: SolveOptions | None = None) -> Outcome:
    """DPS level ``k`` with a verified certificate (see module docstring)."""
    opts = opts or SolveOptions()
    if k < 1:
        raise ValidationError("k", f"the DPS level must be >= 1, got {k}",
                              "k = 1 is the PPT test, k = 2 the first extension")
    d = [int(x) for x in dims]
    if opts.backend == "picos":
        raise ValidationError("backend", "separability.dps is implemented on the cvxpy backend only",
                              "use backend='cvxpy'")
    prob, v = build_dps_cvxpy(rho, d, k, ppt)
    blocks = [v["m"]] + [q.shape[0] for q in v["Q"]]
    status, info = run_cvxpy(prob, opts, default_solver="scs" if max(blocks) > SCS_ABOVE else "clarabel")
    n, m = v["n"], v["m"]
    if status.usable:
        w = np.asarray(v["W"].value)
        qs = [np.asarray(q.value) for q in v["Q"]]
        x = v["constraints"]["P >= 0"].dual_value
        x = np.zeros((m, m)) if x is None else np.asarray(x) * (2 if v["complex"] else 1)
        value = float(prob.value)
    else:
        w, x, value = np.eye(n) / n, np.zeros((m, m)), float("nan")
        qs = [np.zeros((c.shape[1], c.shape[1])) for c in dps_maps(d[0], d[1], k).c] if ppt else []
    x = real_if_real(herm(x))
    t = (1 - float(np.trace(x).real)) / n
    dual = {"W": real_if_real(herm(w))}
    dual.update({f"Q_{j}": real_if_real(herm(q)) for j, q in enumerate(qs, start=1)})
    cert = Certificate(kind=kinds.DPS, sense="max", primal={"X": x, "t": np.array([t])}, dual=dual,
                       problem={"rho": rho}, convention=CONVENTION, meta={"dims": d, "k": int(k), "ppt": bool(ppt)})
    ver = verify(cert, opts.tol)
    ok = ver.passed and status.usable
    data = {"entangled": bool(ok and ver.conclusions["entangled"]),
            "has_extension": bool(ok and ver.conclusions["has_extension"]),
            "extension_margin": ver.conclusions["extension_margin"], "k": int(k), "ppt": bool(ppt),
            "extension_dim": int(m)}
    return Outcome(status=status, value=value, certificate=cert,
                   verification=ver, data=data, solver=info)
