"""Symmetry blocks from abelian charges: basis vectors with equal charge span the invariant blocks.

A matrix commuting with a diagonal unitary representation ``U_theta = diag(exp(i <theta, q(x)>))`` has
nonzero entries only between basis vectors ``x, y`` with ``q(x) = q(y)``; grouping the basis by charge
block-diagonalizes it.

Examples
--------
>>> blocks = group_by_charge([(0,), (1,), (0,), (1,)])
>>> [b.tolist() for b in blocks]
[[0, 2], [1, 3]]
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np


def group_by_charge(charges: Sequence[Hashable]) -> list[np.ndarray]:
    """Index arrays of the basis vectors sharing each charge, ordered by first occurrence."""
    groups: dict[Hashable, list[int]] = {}
    for i, q in enumerate(charges):
        groups.setdefault(q, []).append(i)
    return [np.array(v, dtype=int) for v in groups.values()]


def block_position(blocks: Sequence[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(block_of, index_in_block)`` for every basis index ``0..n-1``."""
    block_of = np.full(n, -1, dtype=int)
    pos = np.full(n, -1, dtype=int)
    for k, idx in enumerate(blocks):
        block_of[idx] = k
        pos[idx] = np.arange(len(idx))
    return block_of, pos
