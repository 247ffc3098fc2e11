r"""Linear constraints of the quantum channel marginal problem (seed 000, outlook).

Parties ``0..k-1`` with input/output dimensions ``d_in[i]``, ``d_out[i]``.  A global channel has the Choi
matrix ``J`` on ``in_0 ... in_{k-1} ⊗ out_0 ... out_{k-1}``.  Its reduction to a subset ``S`` is the channel
``Lambda_S`` (Choi ``J_S`` on ``in_S ⊗ out_S``, parties in increasing order) when

    tr_{out_{S^c}} J = J_S ⊗ I_{in_{S^c}}        (reordered to in_0..in_{k-1} ⊗ out_S)

which says both that the outputs in ``S`` depend only on the inputs in ``S`` and that this dependence is
``Lambda_S``.  Classes: ``"cptp"`` (``J >= 0``, ``tr_out J = I``), ``"nonsignalling"`` (also no party
signals to the others: ``tr_{out_j} J = I_{in_j} ⊗ X_j`` for every ``j``; by induction this gives
no-signalling for every subset), ``"ppt"`` (also ``J^{T_{in_j out_j}} >= 0`` for every party ``j``: every
LOSR channel is of this form).

:func:`constraint_matrix` returns the dense real matrix ``A`` and vector ``b`` with ``A vec(J) = b`` (row-major
``vec``) for real symmetric ``J``; the verifier rebuilds them from the problem data alone.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.linalg.choi import choi_from_kraus
>>> ident = choi_from_kraus([np.eye(2)])
>>> a, b = constraint_matrix([2, 2], [2, 2], [([0], ident)], "nonsignalling")
>>> j = choi_from_kraus([np.eye(4)])          # the global identity channel reduces to the identity on party 0
>>> a.shape, float(np.max(np.abs(a @ j.reshape(-1) - b)))
((118, 256), 0.0)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.choi import cptp_errors
from sdpthermo.linalg.tensor import partial_trace, permute_systems

CLASSES = ("cptp", "nonsignalling", "ppt")
MAX_CHOI_SIZE = 128  # global Choi matrices up to 128 x 128 (e.g. three qubit-to-qubit parties: 64)


def _layout(d_in: Sequence[int], d_out: Sequence[int]) -> list[int]:
    return list(d_in) + list(d_out)


def reduction(j: np.ndarray, d_in: Sequence[int], d_out: Sequence[int], subset: Sequence[int]) -> np.ndarray:
    """``tr_{out_{S^c}} J`` on ``in_0..in_{k-1} ⊗ out_S``."""
    k = len(d_in)
    traced = [k + i for i in range(k) if i not in set(subset)]
    return partial_trace(j, traced, _layout(d_in, d_out)) if traced else j


def target(j_s: np.ndarray, d_in: Sequence[int], d_out: Sequence[int], subset: Sequence[int]) -> np.ndarray:
    """``J_S ⊗ I_{in_{S^c}}`` reordered to ``in_0..in_{k-1} ⊗ out_S``."""
    k = len(d_in)
    s = sorted(subset)
    rest = [i for i in range(k) if i not in set(s)]
    # J_S on (in_S, out_S), then identities on in_rest
    full = np.kron(j_s, np.eye(math.prod(d_in[i] for i in rest))) if rest else j_s
    cur = [("in", i) for i in s] + [("out", i) for i in s]
    dims = [d_in[i] for i in s] + [d_out[i] for i in s]
    if rest:
        # np.kron with one block of identity: split it into the individual in_rest factors
        cur += [("in", i) for i in rest]
        dims += [d_in[i] for i in rest]
    want = [("in", i) for i in range(k)] + [("out", i) for i in s]
    perm = [cur.index(w) for w in want]
    return permute_systems(full, perm, dims)


def no_signalling_residual(j: np.ndarray, d_in: Sequence[int], d_out: Sequence[int], party: int) -> np.ndarray:
    """``tr_{out_j} J - I_{in_j}/d_{in_j} ⊗ tr_{in_j out_j} J`` (zero iff party ``j`` cannot signal)."""
    k = len(d_in)
    lay = _layout(d_in, d_out)
    r = partial_trace(j, [k + party], lay)
    lay_r = [d for i, d in enumerate(lay) if i != k + party]
    x = partial_trace(r, [party], lay_r)
    rest_dims = [d for i, d in enumerate(lay_r) if i != party]
    placed = np.kron(np.eye(d_in[party]) / d_in[party], x)
    order = [party] + [i for i in range(len(lay_r)) if i != party]
    inv = [order.index(i) for i in range(len(lay_r))]
    return r - permute_systems(placed, inv, [d_in[party]] + rest_dims)


def check_marginals(d_in: Sequence[int], d_out: Sequence[int],
                    marginals: Sequence[tuple[Sequence[int], np.ndarray]], tol: float = 1e-8) -> None:
    """Every marginal names distinct parties, has the right Choi size, and is CPTP (ValidationError otherwise)."""
    k = len(d_in)
    if len(d_out) != k:
        raise ValidationError("dims_out", f"lists {len(d_out)} parties but dims_in lists {k}",
                              "give one output dimension per party")
    n = math.prod(d_in) * math.prod(d_out)
    if n > MAX_CHOI_SIZE:
        raise ValidationError("dims_in", f"the global Choi matrix would be {n}x{n} (limit {MAX_CHOI_SIZE})",
                              "use fewer or smaller parties")
    for m, (parties, choi) in enumerate(marginals):
        ps = list(parties)
        if not ps or len(set(ps)) != len(ps) or any(not (0 <= p < k) for p in ps) or ps != sorted(ps):
            raise ValidationError("marginals", f"entry {m}: parties {ps} must be distinct, sorted, in 0..{k - 1}")
        di = math.prod(d_in[p] for p in ps)
        do = math.prod(d_out[p] for p in ps)
        if choi.shape != (di * do, di * do):
            raise ValidationError("marginals", f"entry {m}: Choi matrix is {choi.shape}, expected "
                                  f"{di * do}x{di * do} for parties {ps}", "order it in_S ⊗ out_S")
        if np.iscomplexobj(choi) and np.any(np.abs(choi.imag) > tol):
            raise ValidationError("marginals", f"entry {m}: complex Choi matrices are not supported",
                                  "pass real Choi matrices (a basis change often makes them real)")
        errs = cptp_errors(np.real(choi), di, do)
        if max(errs.values()) > tol:
            raise ValidationError("marginals", f"entry {m}: not a CPTP Choi matrix ({errs})",
                                  "pass the Choi matrix of a channel (PSD, tr_out J = I)")


def constraint_matrix(d_in: Sequence[int], d_out: Sequence[int],
                      marginals: Sequence[tuple[Sequence[int], np.ndarray]],
                      cls: str) -> tuple[sp.csr_matrix, np.ndarray]:
    """``(A, b)`` with ``A vec(J) = b`` collecting TP, every marginal, and (for NS/PPT) no-signalling rows."""
    if cls not in CLASSES:
        raise ValidationError("cls", f"unknown channel class {cls!r}", f"use one of {list(CLASSES)}")
    k = len(d_in)
    n = math.prod(d_in) * math.prod(d_out)
    lay = _layout(d_in, d_out)

    def maps(j: np.ndarray) -> list[np.ndarray]:
        out = [partial_trace(j, list(range(k, 2 * k)), lay)]
        out += [reduction(j, d_in, d_out, s) for s, _ in marginals]
        if cls in ("nonsignalling", "ppt"):
            out += [no_signalling_residual(j, d_in, d_out, p) for p in range(k)]
        return [o[np.triu_indices(o.shape[0])] for o in out]  # J symmetric: upper triangles suffice

    def upper(m: np.ndarray) -> np.ndarray:
        return m[np.triu_indices(m.shape[0])]

    b = np.concatenate([upper(np.eye(math.prod(d_in)))]
                       + [upper(target(np.real(c), d_in, d_out, s)) for s, c in marginals]
                       + ([np.zeros(len(x)) for x in maps(np.zeros((n, n)))[1 + len(marginals):]]
                          if cls != "cptp" else []))
    cols = []
    for r, s in itertools.product(range(n), repeat=2):
        e = np.zeros((n, n))
        e[r, s] = 1.0
        cols.append(sp.csc_matrix(np.concatenate(maps(e))[:, None]))
    return sp.hstack(cols).tocsr(), b
