r"""Symmetric extensions of a bipartite Choi matrix (the DPS hierarchy applied to channels, seed 000 outlook).

The normalized Choi matrix ``J/d^2`` of an LOSR channel is a separable state of Alice ``(A_in A_out)`` and
Bob ``(B_in B_out)``, each of dimension ``D = d^2``; so it has, for every ``k``, an extension ``X`` on
``A ⊗ Sym^k(B)`` whose one-copy marginal is ``J/d^2`` (Doherty–Parrilo–Spedalieri).  With the isometry
``V`` onto ``Sym^k(C^D)``:

    J = d^2 Phi(X),   Phi(X) = P [tr_{B_2..B_k} (I ⊗ V) X (I ⊗ V)^T] P^T

(``P`` reorders ``A_in A_out B_in B_out -> A_in B_in A_out B_out``), and the adjoint used by the verifier
is ``Phi*(M) = (I ⊗ V)^T (P^T M P ⊗ I_{D^{k-1}}) (I ⊗ V)``.

Examples
--------
>>> import numpy as np
>>> t = extension_map(2, 1)          # k = 1: X is J/d^2 up to the reordering
>>> t.shape
(256, 256)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.symmetric import sym_isometry
from sdpthermo.linalg.tensor import permute_systems

MAX_EXTENSION_SIZE = 160  # D * dim Sym^k(C^D): qubit channels up to k = 4


def extension_size(d: int, k: int) -> int:
    """Order ``d^2 dim Sym^k(C^{d^2})`` of the level-``k`` extension variable."""
    return d * d * sym_isometry(d * d, k).shape[1]


def check_extension(d: int, k: int) -> None:
    """A :class:`ValidationError` naming ``level`` when ``k < 1`` or the extension exceeds :data:`MAX_EXTENSION_SIZE`.
    """
    if k < 1:
        raise ValidationError("level", f"must be >= 1, got {k}", "use level 1, 2, 3, ...")
    size = extension_size(d, k)
    if size > MAX_EXTENSION_SIZE:
        raise ValidationError("level", f"the level-{k} extension for d = {d} is {size}-dimensional "
                              f"(limit {MAX_EXTENSION_SIZE})", "use a lower level or relaxation='ppt'")


def extension_map(d: int, k: int) -> Any:
    """Sparse ``T`` (``scipy.sparse.csr_matrix``) with ``vec(J) = T vec(X)`` (row-major), i.e. ``J = d^2 Phi(X)``."""
    import scipy.sparse as sp  # only the solve path needs it: questions load without scipy

    dd = d * d
    v = sym_isometry(dd, k)
    s = v.shape[1]
    v3 = v.reshape(dd, dd ** (k - 1), s)
    kk = np.einsum("brs,cru->bcsu", v3, v3)  # K[b, b', s, s']
    b, bp, s1, s2 = np.nonzero(np.abs(kk) > 1e-15)
    vals = kk[b, bp, s1, s2] * dd
    a, ap = np.meshgrid(np.arange(dd), np.arange(dd), indexing="ij")
    a, ap = a.reshape(-1, 1), ap.reshape(-1, 1)
    ai, ao = a // d, a % d
    api, apo = ap // d, ap % d
    bi, bo = b // d, b % d
    bpi, bpo = bp // d, bp % d
    n = d**4
    row = (((ai * d + bi) * d + ao) * d + bo) * n + (((api * d + bpi) * d + apo) * d + bpo)
    col = (a * s + s1) * (dd * s) + (ap * s + s2)
    data = np.broadcast_to(vals, row.shape)
    return sp.csr_matrix((data.ravel(), (row.ravel(), col.ravel())), shape=(n * n, (dd * s) ** 2))


def extension_adjoint(m: np.ndarray, d: int, k: int) -> np.ndarray:
    """``d^2 Phi*(M)``: the operator on ``A ⊗ Sym^k(B)`` with ``tr(M J) = tr(d^2 Phi*(M) X)``."""
    dd = d * d
    v = sym_isometry(dd, k)
    local = permute_systems(m, [0, 2, 1, 3], [d, d, d, d])  # -> A_in A_out B_in B_out
    big = np.kron(local, np.eye(dd ** (k - 1)))
    iv = np.kron(np.eye(dd), v)
    return dd * (iv.T @ big @ iv)
