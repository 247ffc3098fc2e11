"""Adversarial checks of ``sthermal-gp-max-energy`` certificates (seed 004; symmetric Gibbs-preserving maps).

Known value (closed form, thermo-majorization of a qubit): a Gibbs-preserving map on a two-level sector with
gap ``E`` and (unnormalized) populations ``r_0, r_1`` reaches at most the excited population
``max(r_1, r_0 e^{-beta E})`` (the stochastic matrix ``[[1 - a, b], [a, 1 - b]]`` preserves the Gibbs
populations iff ``b = a e^{beta E}``, ``b <= 1``), and a degenerate sector keeps its energy.  Energies
``[0, 1, 1, 2]`` with sectors ``[[0, 3], [1, 2]]``: ``E_max = 2 max(r_3, r_0 e^{-2 beta}) + r_1 + r_2``.
"""

from __future__ import annotations

import numpy as np
import pytest

import sdpthermo
from tests.adversarial.near_tol import check_claim, check_kind

ENERGIES = np.array([0.0, 1.0, 1.0, 2.0])


def known(t0: float, t: float) -> float:
    r = np.exp(-ENERGIES / t0)
    r = r / r.sum()
    return 2 * max(r[3], r[0] * np.exp(-2 / t)) + r[1] + r[2]


@pytest.mark.parametrize("t0, t", [(0.5, 1.0), (2.0, 1.0), (1.0, 1.0)])
def test_gp_max_energy_never_false(rng, t0, t):
    r = sdpthermo.solve("sthermal.gp_max_energy", energies=ENERGIES.tolist(), sectors=[[0, 3], [1, 2]], T0=t0, T=t,
                        store=None)
    assert r.verified and r.lower - 1e-9 <= known(t0, t) <= r.upper + 1e-9
    check_kind(r.certificate, known(t0, t), rng)


def test_replacement_channel_is_not_claimed_optimal(rng):
    """Colder start (T0 = 0.5 < T = 1): GP maps beat the s-thermalized energy, so ``sthermal_optimal`` is false."""
    r = sdpthermo.solve("sthermal.gp_max_energy", energies=ENERGIES.tolist(), sectors=[[0, 3], [1, 2]], T0=0.5, T=1.0,
                        store=None)
    assert known(0.5, 1.0) - r.data["energy_sthermal"] > 1e-3
    check_claim(r.certificate, "sthermal_optimal", rng)
