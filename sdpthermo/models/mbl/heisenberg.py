r"""The disordered Heisenberg chain of seed 002, Eq. (19), periodic boundary.

.. math::

    H_V = \sum_{i=0}^{L-1} (\sigma^x_i\sigma^x_{i+1} + \sigma^y_i\sigma^y_{i+1} + \sigma^z_i\sigma^z_{i+1})
          + \Delta \sum_{i=0}^{L-1} h_i \sigma^z_i,\qquad \sigma_{L} \equiv \sigma_0,

with ``h_i`` uniform in ``[-1, 1]`` and disorder strength ``Delta >= 0``.  Realization ``k`` of
seed ``s`` draws its fields from ``np.random.default_rng([s, k])``, so a realization is the same
field pattern for every ``Delta`` (common random numbers along a disorder sweep).  ``H_V`` conserves
``S^z`` and is real; it is diagonalized per sector (:mod:`sdpthermo.models.mbl.sectors`).

``H_R`` (seed 002, §IV) keeps the terms of ``H_V`` with full support on the region ``R = {0..r-1}``:
the bonds ``(i, i+1)``, ``i < r - 1`` (plus the closing bond when ``r = L``) and the fields on ``R``.

Examples
--------
>>> chain = HeisenbergChain(4, 0.0, np.zeros(4))
>>> [round(float(e), 10) for e in np.linalg.eigvalsh(chain.sector(2)[1])][:2]
[-8.0, -4.0]
>>> np.allclose(np.linalg.eigvalsh(chain.dense())[0], -8.0)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sdpthermo.linalg.tensor import site_operator
from sdpthermo.models.mbl.sectors import SectorBasis, open_bonds, ring_bonds, sector_matrix

PAULI_X = np.array([[0.0, 1.0], [1.0, 0.0]])
PAULI_Y_IMAG = np.array([[0.0, -1.0], [1.0, 0.0]])  # sigma^y = i * PAULI_Y_IMAG
PAULI_Z = np.array([[1.0, 0.0], [0.0, -1.0]])


def random_fields(L: int, seed: int, realization: int) -> np.ndarray:
    """``h_i`` uniform in ``[-1, 1]`` for realization ``realization`` of ``seed`` (Eq. (19))."""
    return np.random.default_rng([seed, realization]).uniform(-1.0, 1.0, L)


def dense_xxz(n: int, bonds: list[tuple[int, int]], fields: np.ndarray) -> np.ndarray:
    """Full ``2^n x 2^n`` real matrix of ``sum_bonds (XX + YY + ZZ) + sum_i f_i Z_i`` by Kronecker products.

    Independent of the sector code (used for cross-checks and ``H_R``); ``YY = -(iY)(iY)`` is real.
    """
    h = sum((fields[i] * site_operator(PAULI_Z, i, n) for i in range(n)), np.zeros((2**n, 2**n)))
    for i, j in bonds:
        for op, sign in ((PAULI_X, 1.0), (PAULI_Y_IMAG, -1.0), (PAULI_Z, 1.0)):
            h = h + sign * site_operator(op, i, n) @ site_operator(op, j, n)
    return h


@dataclass(frozen=True)
class HeisenbergChain:
    """One disorder realization of Eq. (19): ``L`` sites, strength ``disorder``, fields ``h`` in ``[-1, 1]``."""

    L: int
    disorder: float
    h: np.ndarray

    @classmethod
    def realization(cls, L: int, disorder: float, seed: int, realization: int) -> HeisenbergChain:
        """The chain with the seeded random fields of one disorder realization."""
        return cls(L, disorder, random_fields(L, seed, realization))

    @property
    def bonds(self) -> list[tuple[int, int]]:
        """Nearest-neighbour bonds of the ring."""
        return ring_bonds(self.L)

    def sector(self, n: int) -> tuple[SectorBasis, np.ndarray]:
        """Basis and real block of ``H_V`` with ``n`` down spins (``S^z = L/2 - n``)."""
        b = SectorBasis(self.L, n)
        return b, sector_matrix(b, self.bonds, jxy=1.0, jz=1.0, fields=self.disorder * self.h)

    def dense(self) -> np.ndarray:
        """``H_V`` on the full ``2^L`` space (reference only: exponential memory)."""
        return dense_xxz(self.L, self.bonds, self.disorder * self.h)

    def region_hamiltonian(self, r: int) -> np.ndarray:
        """``H_R`` on ``R = {0..r-1}``: the terms of Eq. (19) fully supported on ``R`` (dense ``2^r``)."""
        bonds = self.bonds if r == self.L else open_bonds(r)
        return dense_xxz(r, bonds, self.disorder * self.h[:r])
