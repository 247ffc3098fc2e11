"""Adversarial tests of ``eplt-bath-dilation`` (seed 000 Def. 2, Eq. (C2)-(C3)): the distance to a dilated channel
is 0."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo import solve
from tests.adversarial.perturb import assert_never_false


@pytest.mark.parametrize("T", [1.0])
def test_bath_dilation_never_false(T):
    out = solve("eplt.bath", energies=[0.0, 1.0], T=T, store=None)
    assert_never_false(out.certificate, 0.0, np.random.default_rng(0))
