"""Adversarial tests of ``sthermal-ergotropy`` (seed 004): qubit ergotropy in closed form,
``max(0, p1 - p0) (E1 - E0)``."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.certify import kinds
from sdpthermo.results import Certificate
from tests.adversarial.info_cases import assert_brackets, push_under_tol
from tests.adversarial.perturb import assert_never_false


@pytest.mark.parametrize("p1", [0.7, 0.3, 1 - 1e-12, 1.0])
def test_qubit_ergotropy_never_false(p1):
    rng = np.random.default_rng(2)
    h = np.diag([0.0, 1.0])
    rho = np.diag([1 - p1, p1])
    u = np.array([[0.0, 1.0], [1.0, 0.0]]) if p1 > 0.5 else np.eye(2)
    cert = Certificate(kinds.STHERMAL_ERGOTROPY, "max", {"rho_SS": rho, "U": u, "passive": u @ rho @ u.T}, {},
                       {"H": h, "V": np.eye(2), "energies": np.array([0.0, 1.0]), "labels": np.array([0.0, 1.0]),
                        "p": np.array([1 - p1, p1]), "beta": np.array(1.0)}, "seed 004", {})
    known = max(0.0, p1 - (1 - p1))
    assert_never_false(cert, known, rng)
    for f in (0.5, 0.99):
        assert_brackets(push_under_tol(cert, "primal", "rho_SS", f), known)
        assert_brackets(push_under_tol(cert, "primal", "U", f), known)
