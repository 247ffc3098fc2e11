"""``fef``: certified interval of the fully entangled fraction (Eq. (16)); the two-qubit closed form."""

from __future__ import annotations

import numpy as np
import pytest

import sdpthermo
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.fef import solve_fef
from sdpthermo.info.fef import fef_seesaw, fef_two_qubits, fidelity_with_phi
from sdpthermo.models.states import isotropic
from tests.conftest import random_state


def test_two_qubit_interval_closes_and_matches_magic_basis(rng):
    """d = 2: the relaxation is exact (mixed-marginal states = conv of maximally entangled), interval closes."""
    for cplx in (False, True):
        for _ in range(3):
            rho = random_state(rng, 4, complex_=cplx)
            out = solve_fef(rho, [2, 2], ppt=False)
            v = out.verification
            assert out.verified
            closed, _ = fef_two_qubits(rho)
            assert v.lower <= closed + 1e-10 and closed <= v.upper + 1e-10
            assert v.upper - v.lower < 1e-6


def test_seesaw_lower_bound_is_attained_by_its_unitary(rng):
    rho = random_state(rng, 9)
    val, u = fef_seesaw(rho, 3, starts=5, seed=1)
    assert np.allclose(u.conj().T @ u, np.eye(3), atol=1e-12)
    assert fidelity_with_phi(rho, u) == pytest.approx(val, abs=1e-12)


@pytest.mark.parametrize("d", [3, 4])
def test_qudit_interval_is_valid_and_ppt_tightens(rng, d):
    rho = random_state(rng, d * d, complex_=False)
    loose = solve_fef(rho, [d, d], ppt=False, starts=4)
    tight = solve_fef(rho, [d, d], ppt=True, starts=4)
    assert loose.verified and tight.verified
    assert tight.verification.upper <= loose.verification.upper + 1e-7
    assert tight.verification.lower <= tight.verification.upper


@pytest.mark.parametrize("d", [2, 3])
def test_isotropic_fef_is_its_fidelity(d):
    """``F(rho_iso(p)) = <Psi+|rho|Psi+> = p + (1-p)/d^2`` for ``p >= 0`` (Eq. (4))."""
    p = 0.3
    out = sdpthermo.solve("fef", state=isotropic(p, d), dims=[d, d], store=None)
    f = p + (1 - p) / d**2
    assert out.verified and out.lower == pytest.approx(f, abs=1e-8) and out.upper == pytest.approx(f, abs=1e-6)
    assert out.data["entangled"] == (f > 1 / d)


def test_fef_bad_inputs():
    with pytest.raises(ValidationError, match="dims"):
        sdpthermo.solve("fef", state=np.eye(6) / 6, dims=[2, 3], store=None)
    with pytest.raises(ValidationError, match="dims"):
        sdpthermo.solve("fef", state=np.eye(8) / 8, dims=[2, 2, 2], store=None)
    with pytest.raises(ValidationError, match="state"):
        sdpthermo.solve("fef", state=np.eye(4), dims=[2, 2], store=None)
