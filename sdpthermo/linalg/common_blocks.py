r"""Common block-diagonal structure of several matrices (e.g. magnetization sectors).

Two basis indices ``i, j`` are linked when some matrix has ``|M_ij| > tol * max|M|``; the blocks
are the connected components of that graph, so every matrix is block diagonal in the returned
index sets (up to ``tol``).  States that commute with a conserved charge diagonal in the given
basis (total magnetization of a spin chain in the computational basis) split into its sectors or
finer.

Examples
--------
>>> import numpy as np
>>> a = np.array([[1., 0, 2], [0, 3, 0], [2, 0, 1]])
>>> [b.tolist() for b in common_blocks(a, np.diag([1., 2, 3]))]
[[0, 2], [1]]
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from sdpthermo.conventions import TOL_RANK


def common_blocks(*mats: np.ndarray, tol: float = TOL_RANK) -> list[np.ndarray]:
    """Index sets (sorted, ordered by their smallest index) of the common blocks of ``mats``."""
    n = mats[0].shape[0]
    link = np.zeros((n, n), dtype=bool)
    for m in mats:
        a = np.abs(m)
        link |= a > tol * max(float(a.max(initial=0.0)), 1e-300)
    _, labels = connected_components(csr_matrix(link), directed=False)
    blocks: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        blocks.setdefault(int(lab), []).append(i)
    return [np.array(b, dtype=int) for b in sorted(blocks.values(), key=lambda b: b[0])]


def off_block_norm(m: np.ndarray, blocks: list[np.ndarray]) -> float:
    """Largest ``|M_ij|`` with ``i, j`` in different blocks (0 when ``M`` is block diagonal)."""
    mask = np.ones(m.shape, dtype=bool)
    for b in blocks:
        mask[np.ix_(b, b)] = False
    return float(np.abs(m[mask]).max(initial=0.0))
