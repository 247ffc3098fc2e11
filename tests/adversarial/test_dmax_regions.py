"""Adversarial tests of ``mbl-dmax-regions`` and ``mbl-dmax-profile`` (seed 002 §IV, Fig. 2): commuting regions."""

from __future__ import annotations

import math

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.results import Certificate
from tests.adversarial.perturb import assert_never_false


def _region(d: float, s: float = 0.5) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
    """rho = diag(x, 1 - x), tau = diag(1 - s, s) with D_max = d bits (the ratio at the second level)."""
    x1 = 2.0**d * s
    rho, tau = np.diag([1 - x1, x1]), np.diag([1 - s, s])
    return rho, tau, 2.0**d, np.array([0.0, 1 / math.sqrt(s)])


def _arrays(values: list[float], s: float) -> tuple[dict, dict, dict]:
    primal, dual, problem = {}, {}, {}
    for j, d in enumerate(values):
        rho, tau, t, v = _region(d, s)
        primal[f"t_{j}"], dual[f"v_{j}"], problem[f"rho_{j}"], problem[f"tau_{j}"] = np.array(t), v, rho, tau
    return primal, dual, problem


def test_regions_never_false():
    for s in (0.3, 1e-6, 1e-12):
        vals = [0.2, 0.3 + 0 * s]
        primal, dual, problem = _arrays(vals, s)
        problem.update({"dmax": np.array(vals), "regions": np.array([1, 2])})
        cert = Certificate(kinds.MBL_DMAX_REGIONS, "min", primal, dual, problem, "Eq. (10)")
        assert_never_false(cert, vals[-1], np.random.default_rng(0))


def test_profile_slope_never_false():
    regions, a, b = [1, 2, 3], 0.1, 0.2
    mat = np.array([[a + b * r + 0.01 * k * (-1) ** r for r in regions] for k in range(4)])
    spot = [int(np.argmax(mat[:, j])) for j in range(3)]
    primal, dual, problem = _arrays([float(mat[spot[j], j]) for j in range(3)], 0.25)
    problem.update({"dmax": mat, "regions": np.array(regions)})
    slope = float(np.polyfit(regions, mat.mean(axis=0), 1, w=1 / mat.std(axis=0, ddof=1) * 2)[0])
    cert = Certificate(kinds.MBL_DMAX_PROFILE, "min", primal, dual, problem, "Fig. 2", {"spot": spot, "slope": slope})
    v = verify(cert, 1e-6)
    assert v.passed and v.lower == v.upper == slope or abs(v.lower - slope) < 1e-12
    assert_never_false(cert, v.lower, np.random.default_rng(1))
