"""Adversarial tests of ``collision-evolution`` (seed 003 Eq. (71)): replacement-channel qubit, closed form
``rho(t) = e^{-t} rho0 + (1 - e^{-t}) gam``, so ``D(rho(t), gam) = e^{-t} D(rho0, gam)``."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sdpthermo.certify import kinds
from sdpthermo.models.collision.lindblad import poisson_liouvillian
from sdpthermo.results import Certificate
from tests.adversarial.info_cases import assert_brackets, push_under_tol
from tests.adversarial.perturb import assert_never_false


@pytest.mark.parametrize("t", [0.0, 0.5, 3.0, 20.0])
@pytest.mark.parametrize("g0", [0.7, 1 - 1e-12])
def test_evolution_never_false(t, g0):
    rng = np.random.default_rng(1)
    gam = np.diag([g0, 1 - g0])
    lv = poisson_liouvillian(np.diag([0.0, 1.0]), np.kron(np.eye(2), gam), 1.0)
    rho0 = np.diag([0.0, 1.0]).astype(complex)
    rho_t = math.exp(-t) * rho0 + (1 - math.exp(-t)) * gam
    cert = Certificate(kinds.COLLISION_EVOLUTION, "min", {"rho_t": rho_t}, {},
                       {"L": lv, "rho0": rho0, "t": np.array(t), "gamma": gam}, "seed 003 Eq. (71)", {})
    known = math.exp(-t) * g0
    assert_never_false(cert, known, rng)
    for f in (0.5, 0.99):
        assert_brackets(push_under_tol(cert, "primal", "rho_t", f), known)
