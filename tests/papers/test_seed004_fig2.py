"""Seed 004, Fig. 2: the 4-level parity battery {0, 0.1, 0.2, 1}, sectors {E0, E2} and {E1, E3}.

(a) single-copy ergotropy of rho_SS has two disconnected islands: T0 << T (inversion between E1
and E2) and T0 >> T (inversion between E0 and E1); (b) the asymptotic ergotropy
S(rho_SS||omega^beta*)/beta* vanishes only at T0 = T; (c) the excess per copy is >= 0.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from sdpthermo.models.sthermal.thermo import s_thermalize
from tests.sthermal.helpers import parity_battery

GRID = np.geomspace(0.01, 10.0, 25)        # the grid of problems/sthermal/sthermal-parity-fig2*.toml
ISLAND_LOW_T0 = [(0.01, 10.0), (0.1, 1.0), (0.03, 0.3)]       # T0 << T
ISLAND_HIGH_T0 = [(10.0, 0.3), (3.162, 0.2371), (10.0, 0.1)]  # T0 >> T
PASSIVE = [(1.0, 0.1), (0.3, 0.3), (0.01, 0.01), (10.0, 0.01), (0.5, 0.3), (10.0, 10.0)]


def _report(t0: float, t: float):
    return s_thermalize(parity_battery(), 1 / t, beta0=1 / t0)


def _populations(t0: float, t: float) -> np.ndarray:
    return np.diag(_report(t0, t).rho_ss)


@pytest.fixture(scope="module")
def maps():
    sys = parity_battery()
    reps = [[s_thermalize(sys, 1 / t, beta0=1 / t0) for t in GRID] for t0 in GRID]
    w = np.array([[r.ergotropy.value for r in row] for row in reps])
    a = np.array([[r.asymptotic.value for r in row] for row in reps])
    return w, a


@pytest.mark.parametrize("t0, t", ISLAND_LOW_T0)
def test_fig2a_island_t0_below_t_is_an_e1_e2_inversion(t0, t):
    p = _populations(t0, t)
    assert _report(t0, t).ergotropy.value > 1e-3
    assert p[2] > p[1]                       # P(E2) > P(E1)


@pytest.mark.parametrize("t0, t", ISLAND_HIGH_T0)
def test_fig2a_island_t0_above_t_is_an_e0_e1_inversion(t0, t):
    p = _populations(t0, t)
    assert _report(t0, t).ergotropy.value > 1e-3
    assert p[1] > p[0] and p[1] > p[3]       # P(E1) > P(E0), P(E1) > P(E3)


@pytest.mark.parametrize("t0, t", PASSIVE)
def test_fig2a_outside_the_islands_rho_ss_is_passive(t0, t):
    assert _report(t0, t).ergotropy.value < 1e-15


def test_fig2a_exactly_two_disconnected_islands(maps):
    w, _ = maps
    labels, n = ndimage.label(w > 1e-12)
    assert n == 2
    lo = labels[np.argmin(abs(GRID - 0.01)), np.argmin(abs(GRID - 10.0))]
    hi = labels[np.argmin(abs(GRID - 10.0)), np.argmin(abs(GRID - 0.3162))]
    assert lo != hi and lo > 0 and hi > 0


def test_fig2b_asymptotic_ergotropy_vanishes_only_on_the_diagonal(maps):
    _, a = maps
    off = ~np.eye(GRID.size, dtype=bool)
    assert np.max(np.abs(np.diag(a))) < 1e-13
    assert np.min(a[off]) > 1e-9


def test_fig2c_excess_per_copy_is_nonnegative(maps):
    w, a = maps
    assert np.min(a - w) > -1e-13
    assert np.max(a - w) > 0.01
