"""Tests of ``mbl-transition`` (seed 002 Fig. 2 inset): ``Delta*`` recomputed from the stored D_max matrices.

The slopes ``s(Delta) = -(Delta - 2)^3 / 3`` have ``ds/dDelta = -(Delta - 2)^2``, maximal at ``Delta* = 2``
(the central difference on a symmetric uniform grid keeps the symmetry, so the refinement lands on 2).
"""

from __future__ import annotations

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.results import Certificate


def _cert(claim: float) -> Certificate:
    disorders = [0.0, 1.0, 2.0, 3.0, 4.0]
    regions = [1, 2, 3]
    problem = {"disorders": np.array(disorders), "regions": np.array(regions)}
    for i, x in enumerate(disorders):
        s = -((x - 2) ** 3) / 3
        problem[f"dmax_{i}"] = np.array([[10 + s * r + 0.01 * k for r in regions] for k in range(3)])
    return Certificate(kinds.MBL_TRANSITION, "min", {}, {}, problem, "Fig. 2", {"delta_star": claim, "bootstrap": 20,
                                                                           "seed": 0})


def test_transition_recomputed_and_tamper_detected():
    v = verify(_cert(2.0), 1e-6)
    assert v.passed and abs(v.lower - 2.0) < 1e-9 and v.lower == v.upper
    assert not verify(_cert(2.0 + 1e-5), 1e-6).passed
