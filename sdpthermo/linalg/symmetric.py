r"""The symmetric subspace ``Sym^k(C^d)`` and its isometry into ``(C^d)^{⊗k}`` (real, orthonormal columns).

The column for a multiset ``m = (m_1 <= ... <= m_k)`` is the normalized sum of ``|m_pi(1) ... m_pi(k)>``
over the distinct permutations; ``dim Sym^k(C^d) = C(d+k-1, k)``.  The projector ``V V^T`` is
``(1/k!) sum_pi P_pi``.  Used by the DPS hierarchy (extensions on ``A ⊗ Sym^k(B)``).

Examples
--------
>>> import numpy as np
>>> v = sym_isometry(3, 2)
>>> v.shape, np.allclose(v.T @ v, np.eye(6))
((9, 6), True)
>>> swap = np.eye(9)[[3 * (i % 3) + i // 3 for i in range(9)]]
>>> np.allclose(v @ v.T, (np.eye(9) + swap) / 2)
True
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache

import numpy as np

from sdpthermo.errors import ValidationError


@lru_cache(maxsize=64)
def _sym_isometry(d: int, k: int) -> np.ndarray:
    if k == 0:
        return np.ones((1, 1))
    combos = list(itertools.combinations_with_replacement(range(d), k))
    v = np.zeros((d**k, len(combos)))
    weights = d ** np.arange(k - 1, -1, -1)
    for col, m in enumerate(combos):
        perms = set(itertools.permutations(m))
        idx = [int(np.dot(p, weights)) for p in perms]
        v[idx, col] = 1.0 / math.sqrt(len(perms))
    v.flags.writeable = False
    return v


def sym_isometry(d: int, k: int) -> np.ndarray:
    """``V: Sym^k(C^d) -> (C^d)^{⊗k}`` with orthonormal real columns (see module docstring)."""
    if d < 1 or k < 0:
        raise ValidationError("k", f"need d >= 1 and k >= 0, got d={d}, k={k}")
    return _sym_isometry(int(d), int(k))
