"""Adversarial tests of ``collision-steady-state`` (seed 003 Eq. (71)): replacement-channel qubit, closed form."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.certify import kinds
from sdpthermo.models.collision.lindblad import poisson_liouvillian
from sdpthermo.results import Certificate
from tests.adversarial.info_cases import assert_brackets, push_under_tol
from tests.adversarial.perturb import assert_never_false


def _cert(g0: float, ref: float) -> Certificate:
    # L = Gamma (Phi - id) - i[H, .] with Phi the replacement channel onto gam: unique steady state gam
    gam = np.diag([g0, 1 - g0])
    lv = poisson_liouvillian(np.diag([0.0, 1.0]), np.kron(np.eye(2), gam), 1.0)
    return Certificate(kinds.COLLISION_STEADY_STATE, "min", {"rho": gam.astype(complex)}, {},
                       {"L": lv, "gamma": np.diag([ref, 1 - ref]), "gamma_loc": np.eye(2) / 2}, "seed 003 Eq. (71)", {})


@pytest.mark.parametrize("g0, ref", [(0.7, 0.7), (0.7, 0.6), (1 - 1e-12, 0.5), (1 - 1e-14, 1 - 1e-14)])
def test_steady_state_never_false(g0, ref):
    rng = np.random.default_rng(0)
    cert = _cert(g0, ref)
    known = abs(g0 - ref)  # D(gam, ref) of two commuting qubit states
    assert_never_false(cert, known, rng)
    for f in (0.5, 0.99):
        assert_brackets(push_under_tol(cert, "primal", "rho", f), known)
        assert_brackets(push_under_tol(cert, "primal", "rho", -f), known)
