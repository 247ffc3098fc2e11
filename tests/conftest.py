"""Shared fixtures: seeded randomness, temporary stores, random states."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.store import Store


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261123)


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "store")


def random_state(rng: np.random.Generator, n: int, *, complex_: bool = True, rank: int | None = None) -> np.ndarray:
    """A random density matrix (Ginibre), optionally of given rank."""
    k = rank or n
    g = rng.normal(size=(n, k)) + (1j * rng.normal(size=(n, k)) if complex_ else 0)
    r = g @ g.conj().T
    return r / np.trace(r).real
