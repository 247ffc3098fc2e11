r"""The symmetric subspace ``Sym^k(C^D)`` of ``(C^D)^{⊗k}``: a real isometry onto it.

Columns are the normalized symmetrizations of ``|i_1 ... i_k>`` over multisets ``i_1 <= ... <= i_k``;
``dim Sym^k(C^D) = C(D + k - 1, k)``.  Used by symmetric-extension (DPS) relaxations, which may restrict
extensions to the symmetric subspace without loss.

Examples
--------
>>> v = symmetric_isometry(2, 2)
>>> v.shape, bool(abs((v.T @ v - __import__("numpy").eye(3))).max() < 1e-15)
((4, 3), True)
"""

from __future__ import annotations

import itertools
import math

import numpy as np


def symmetric_isometry(dim: int, k: int) -> np.ndarray:
    """``V`` of shape ``(dim^k, C(dim+k-1, k))`` with ``V^T V = I`` and ``V V^T`` the symmetric projector."""
    combos = list(itertools.combinations_with_replacement(range(dim), k))
    v = np.zeros((dim**k, len(combos)))
    for col, combo in enumerate(combos):
        perms = set(itertools.permutations(combo))
        for p in perms:
            idx = 0
            for i in p:
                idx = idx * dim + i
            v[idx, col] = 1.0
        v[:, col] /= math.sqrt(len(perms))
    return v
