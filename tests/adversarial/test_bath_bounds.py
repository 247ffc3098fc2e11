"""Adversarial tests of ``bath-bounds`` (seed 002 Theorem 1 Eq. (12), Corollary 4) on qubits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sdpthermo.formulations.bath.bounds import solve_bath_bounds
from sdpthermo.models.states import gibbs_state
from tests.adversarial.perturb import assert_never_false


@pytest.mark.parametrize("beta, eps", [(1.0, 0.01), (5.0, 0.1), (30.0, 0.1)])
def test_qubit_bath_bounds_never_false(beta, eps):
    # rho = |0><0|, tau = Gibbs(beta) of energies [0, 1]: D_max = log2(1/q0); n_eps <= ceil(2^{D_max}/eps^2) (12),
    # and n_eps itself lies in any correct interval, as does this Theorem 1 value (an upper bound on n_eps)
    tau = gibbs_state([0.0, 1.0], beta)
    out = solve_bath_bounds(np.diag([1.0, 0.0]), tau, eps, energies=[0.0, 1.0])
    known = math.ceil(1 / tau[0, 0].real / eps**2)
    assert out.verified and out.verification.upper == known
    assert_never_false(out.certificate, known, np.random.default_rng(0))
