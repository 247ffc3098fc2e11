"""Adversarial tests of ``bath-esc`` (seed 002 Definition 2): first violating ``n`` in closed form."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sdpthermo.certify import kinds, verify
from sdpthermo.results import Certificate


@pytest.mark.parametrize("energies, first", [([0.0, 1.0, 2.0], 2.0), ([0.0, 1.0], math.inf),
                                             ([0.0, 1.0, 3.0], 3.0), ([0.0, 1.0, math.sqrt(2)], math.inf)])
def test_esc_first_violation(energies, first):
    # [0, 1, 2]: (1,0,1) and (0,2,0) share energy 2 at n = 2; [0, 1, 3]: (2,0,1) and (0,3,0) at n = 3
    cert = Certificate(kinds.BATH_ESC, "min", {}, {}, {"energies": np.array(energies)}, "Def. 2", {"n_max": 4})
    v = verify(cert, 1e-6)
    assert v.lower == v.upper == first
