"""Per-block factor pairs and trailing scalars flattened into one optimizer vector.

The low-rank searches on ``D_max^eps`` (:mod:`sdpthermo.info.dmax_smooth.lowrank`,
:mod:`sdpthermo.info.dmax_smooth.polish`) optimize, on each active block ``b``, a pair of matrices
(``A_b, B_b``) plus a few global scalars (``s, m`` or ``t``); scipy's optimizers want one flat vector.

Examples
--------
>>> import numpy as np
>>> fac = BlockFactors([0, 2], {0: np.ones((2, 1)), 2: np.zeros((3, 1))}, {0: np.zeros((2, 2)), 2: np.ones((3, 1))}, 1)
>>> x = fac.pack({0: np.ones((2, 1)), 2: np.zeros((3, 1))}, {0: np.zeros((2, 2)), 2: np.ones((3, 1))}, [7.0])
>>> fac.size(), x.tolist()
(13, [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 7.0])
>>> a, b, s = fac.unpack(x); a[0].shape, b[2].ravel().tolist(), s.tolist()
((2, 1), [1.0, 1.0, 1.0], [7.0])
"""

from __future__ import annotations

import numpy as np


class BlockFactors:
    """Layout of ``(first_b, second_b)`` for ``b`` in ``active`` (shapes as given), then ``nscalar`` scalars."""

    def __init__(self, active: list[int], first: dict[int, np.ndarray], second: dict[int, np.ndarray],
                 nscalar: int) -> None:
        self.active, self.nscalar = active, nscalar
        self.shapes = [(first[i].shape, second[i].shape) for i in active]
        self.nvars = sum(a[0] * a[1] + b[0] * b[1] for a, b in self.shapes) + nscalar

    def size(self) -> int:
        """Number of real variables of the packed vector."""
        return self.nvars

    def unpack(self, x: np.ndarray) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray], np.ndarray]:
        """Split a packed vector into the pairs ``(first_b, second_b)`` per active block and the scalars."""
        f, g, k = {}, {}, 0
        for i, (sa, sb) in zip(self.active, self.shapes):
            f[i] = x[k:k + sa[0] * sa[1]].reshape(sa)
            k += sa[0] * sa[1]
            g[i] = x[k:k + sb[0] * sb[1]].reshape(sb)
            k += sb[0] * sb[1]
        return f, g, x[k:]

    def pack(self, f: dict[int, np.ndarray], g: dict[int, np.ndarray], scalars: list[float]) -> np.ndarray:
        """Inverse of :meth:`unpack`."""
        parts = [np.concatenate([f[i].ravel(), g[i].ravel()]) for i in self.active]
        return np.concatenate(parts + [np.asarray(scalars, dtype=float)])

    def unit(self, i: int, f: np.ndarray | None, g: np.ndarray | None, scalars: list[float]) -> np.ndarray:
        """Vector that is ``f, g`` on block ``i`` (zero where ``None``), zero on the other blocks."""
        out = np.zeros(self.size())
        k = 0
        for j, (sa, sb) in zip(self.active, self.shapes):
            na, nb = sa[0] * sa[1], sb[0] * sb[1]
            if j == i:
                if f is not None:
                    out[k:k + na] = f.ravel()
                if g is not None:
                    out[k + na:k + na + nb] = g.ravel()
            k += na + nb
        out[k:] = scalars
        return out
