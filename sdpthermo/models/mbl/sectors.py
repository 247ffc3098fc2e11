r"""Spin-1/2 chains in fixed-magnetization sectors: basis, indexing, sector matrices, partial traces.

Conventions (DESIGN.md §7, big-endian): a basis state of ``L`` spins is the integer
``s = sum_i b_i 2^{L-1-i}`` (site 0 is the most significant bit), with ``b_i = 0`` spin up
(``sigma^z_i = +1``) and ``b_i = 1`` spin down, matching ``kron`` of single-site factors with
``sigma^z = diag(1, -1)``.  The sector with ``n`` down spins (``n = sum_i b_i``) has total
magnetization ``M = S^z = L/2 - n`` and dimension ``C(L, n)``; its basis is the sorted list of
such integers.

Any Hamiltonian of the XXZ form

.. math::

    H = \sum_{(i,j)} \big[ J_{xy} (\sigma^x_i\sigma^x_j + \sigma^y_i\sigma^y_j) + J_z \sigma^z_i\sigma^z_j \big]
        + \sum_i f_i \sigma^z_i

conserves ``n``; ``sigma^x sigma^x + sigma^y sigma^y = 2 (sigma^+ sigma^- + sigma^- sigma^+)`` flips an
antiparallel pair with amplitude ``2 J_xy``.  :func:`sector_matrix` builds its real block.

Reduced states of the first ``r`` sites (``R = {0, ..., r-1}``): the state ``s = a 2^{L-r} + e`` splits
into a region configuration ``a`` and an environment configuration ``e``.  Inside a sector, the states
with ``popcount(a) = m`` form the full product of ``C(r, m)`` region and ``C(L-r, n-m)`` environment
configurations, so ``Tr_env`` of ``sum_k x_k y_k^T`` is a dense matrix product per ``m``
(:func:`partial_trace_factors`) and never touches the ``2^L`` space.

Examples
--------
>>> b = SectorBasis(4, 2)
>>> b.dim, b.states.tolist()
(6, [3, 5, 6, 9, 10, 12])
>>> b.index(np.array([9, 3])).tolist()
[3, 0]
>>> h = sector_matrix(b, ring_bonds(4), jxy=1.0, jz=1.0, fields=np.zeros(4))
>>> np.allclose(h, h.T), round(float(np.linalg.eigvalsh(h)[0]), 10)   # Heisenberg ring ground energy
(True, -8.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from math import comb

import numpy as np

#: dense region states are built for regions of at most this many sites (2^12 = 4096).
MAX_DENSE_SITES = 12


def ring_bonds(L: int) -> list[tuple[int, int]]:
    """Nearest-neighbour bonds ``(i, i+1 mod L)`` of a periodic chain (``L >= 3``)."""
    return [(i, (i + 1) % L) for i in range(L)]


def open_bonds(r: int) -> list[tuple[int, int]]:
    """Nearest-neighbour bonds ``(i, i+1)``, ``i < r - 1``, of an open chain of ``r`` sites."""
    return [(i, i + 1) for i in range(r - 1)]


def configurations(nbits: int, ones: int) -> np.ndarray:
    """Sorted integers below ``2^nbits`` with ``ones`` set bits (``C(nbits, ones)`` of them)."""
    if ones < 0 or ones > nbits:
        return np.zeros(0, dtype=np.int64)
    vals = [sum(1 << (nbits - 1 - i) for i in c) for c in combinations(range(nbits), ones)]
    return np.sort(np.array(vals, dtype=np.int64))


@dataclass(frozen=True)
class SectorBasis:
    """Basis of the sector of ``L`` spins with ``n`` down spins (magnetization ``L/2 - n``)."""

    L: int
    n: int

    @cached_property
    def states(self) -> np.ndarray:
        """The sorted basis integers (see the module docstring for the bit convention)."""
        return configurations(self.L, self.n)

    @property
    def dim(self) -> int:
        """Sector dimension ``binom(L, n)``."""
        return comb(self.L, self.n)

    @property
    def magnetization(self) -> float:
        """``M = S^z = L/2 - n``."""
        return self.L / 2 - self.n

    def index(self, states: np.ndarray) -> np.ndarray:
        """Positions of ``states`` (which must lie in the sector) in :attr:`states`."""
        return np.searchsorted(self.states, states)

    def bits(self) -> np.ndarray:
        """``b[k, i]`` = bit of site ``i`` in basis state ``k`` (1 = down)."""
        shifts = np.arange(self.L - 1, -1, -1, dtype=np.int64)
        return ((self.states[:, None] >> shifts[None, :]) & 1).astype(np.int8)

    def region_tables(self, r: int) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """For the region ``{0..r-1}``: ``(m, a, I)`` per region down-count ``m``, with ``a`` the region
        configurations (indices in ``2^r``) and ``I[p, q]`` the sector index of ``a[p] 2^{L-r} + e_q``,
        ``e_q`` the environment configurations with ``n - m`` down spins in increasing order."""
        out = []
        for m in range(max(0, self.n - (self.L - r)), min(r, self.n) + 1):
            a = configurations(r, m)
            e = configurations(self.L - r, self.n - m)
            out.append((m, a, self.index((a[:, None] << (self.L - r)) | e[None, :])))
        return out


def sector_matrix(basis: SectorBasis, bonds: list[tuple[int, int]], jxy: float, jz: float,
                  fields: np.ndarray) -> np.ndarray:
    """Dense real block of the XXZ Hamiltonian (module docstring) on ``basis``."""
    z = 1.0 - 2.0 * basis.bits()  # sigma^z eigenvalues, shape (dim, L)
    diag = z @ np.asarray(fields, dtype=float)
    for i, j in bonds:
        diag += jz * z[:, i] * z[:, j]
    h = np.diag(diag)
    s = basis.states
    for i, j in bonds:
        mask = (1 << (basis.L - 1 - i)) | (1 << (basis.L - 1 - j))
        anti = np.nonzero(z[:, i] != z[:, j])[0]
        h[basis.index(s[anti] ^ mask), anti] += 2.0 * jxy
    return h


def partial_trace_factors(x: np.ndarray, bx: SectorBasis, y: np.ndarray, by: SectorBasis, r: int) -> np.ndarray:
    r"""``Tr_{R^c} sum_k x_k y_k^T`` on the region ``{0..r-1}`` (a ``2^r x 2^r`` matrix).

    ``x`` (``bx.dim x K``) and ``y`` (``by.dim x K``) hold the sector components of ``K`` vectors
    (columns); the sum pairs column ``k`` of ``x`` with column ``k`` of ``y``.  Entries between region
    configurations ``a``, ``a'`` collect environment configurations ``e`` common to both sectors, so the
    environment down-count is ``n_x - m = n_y - m'``.

    Examples
    --------
    >>> b = SectorBasis(2, 1)                      # states |01>, |10> (up-down, down-up)
    >>> psi = np.array([[1.0], [1.0]]) / np.sqrt(2)
    >>> partial_trace_factors(psi, b, psi, b, 1).round(3).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    out = np.zeros((2**r, 2**r), dtype=np.result_type(x, y))
    ty = {by.n - m: (a, idx) for m, a, idx in by.region_tables(r)}  # keyed by environment down-count
    for m, a, idx in bx.region_tables(r):
        env = bx.n - m
        if env not in ty:
            continue
        a2, idx2 = ty[env]
        xg = x[idx].reshape(len(a), -1)
        yg = y[idx2].reshape(len(a2), -1)
        out[np.ix_(a, a2)] += xg @ yg.T
    return out
