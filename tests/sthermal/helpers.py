"""Random strongly symmetric instances shared by the s-thermalization tests (seed 004)."""

from __future__ import annotations

import numpy as np

from sdpthermo.models.sthermal.model import SymmetricSystem

PARITY_ENERGIES = [0.0, 0.1, 0.2, 1.0]
PARITY_SECTORS = [[0, 2], [1, 3]]


def parity_battery() -> SymmetricSystem:
    """The 4-level battery of seed 004, Fig. 2."""
    return SymmetricSystem.from_sectors(PARITY_ENERGIES, PARITY_SECTORS)


def random_system(rng: np.random.Generator, d_max: int = 6) -> SymmetricSystem:
    """Random levels in [0, 2] split into 1..d random non-empty sectors."""
    d = int(rng.integers(2, d_max + 1))
    energies = np.sort(rng.uniform(0.0, 2.0, size=d))
    n = int(rng.integers(1, d + 1))
    labels = np.concatenate([np.arange(n), rng.integers(0, n, size=d - n)])
    rng.shuffle(labels)
    return SymmetricSystem.from_sectors(energies, [np.flatnonzero(labels == i).tolist() for i in range(n)])


def random_temperatures(rng: np.random.Generator) -> tuple[float, float]:
    """``(beta0, beta)`` with temperatures log-uniform in [0.2, 5], not equal."""
    t0, t = np.exp(rng.uniform(np.log(0.2), np.log(5.0), size=2))
    return 1.0 / t0, 1.0 / t
