"""The strongly symmetric model: sectors, s-thermalized state, bad input (seed 004, main text)."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.errors import ValidationError
from sdpthermo.models.sthermal.model import SymmetricSystem
from sdpthermo.models.sthermal.thermo import s_thermalize
from tests.conftest import random_state
from tests.sthermal.helpers import PARITY_ENERGIES, parity_battery, random_system


def test_projectors_partition_identity_and_commute_with_h(rng):
    for _ in range(5):
        sys = random_system(rng)
        ps = sys.projectors()
        assert np.allclose(sum(ps), np.eye(sys.dim))
        for p in ps:
            assert np.allclose(p @ p, p)
            assert np.allclose(p @ sys.hamiltonian, sys.hamiltonian @ p)


def test_rho_ss_is_direct_sum_of_sector_gibbs_states():
    """rho_SS = ⊕ p_i omega_i^beta with omega_i^beta = e^{-beta P_i H P_i}/Tr(P_i e^{-beta H})."""
    sys = parity_battery()
    p = np.array([0.7, 0.3])
    beta = 1.3
    rho = sys.s_thermalized_state(p, beta)
    e = np.array(PARITY_ENERGIES)
    for i, idx in enumerate([[0, 2], [1, 3]]):
        w = np.exp(-beta * e[idx])
        assert np.allclose(np.diag(rho)[idx], p[i] * w / w.sum(), atol=1e-15)
    assert np.allclose(rho, np.diag(np.diag(rho)))
    assert sys.sector_weights(rho) == pytest.approx(p, abs=1e-15)


def test_t0_equal_t_leaves_the_gibbs_state_with_zero_ergotropies(rng):
    for _ in range(5):
        sys = random_system(rng)
        beta = float(rng.uniform(0.2, 5.0))
        r = s_thermalize(sys, beta, beta0=beta)
        assert np.allclose(r.rho_ss, r.omega, atol=1e-14)
        assert r.ergotropy.value < 1e-14
        assert abs(r.asymptotic.value) < 1e-12
        assert r.verdict == "break-even"


def test_one_sector_is_generic_thermalization(rng):
    for _ in range(5):
        d = int(rng.integers(2, 6))
        sys = SymmetricSystem.from_sectors(rng.uniform(0, 2, d), [list(range(d))])
        rho0 = random_state(rng, d)
        for beta in (0.0, 0.7, np.inf):
            assert np.allclose(sys.s_thermalized_state(sys.sector_weights(rho0), beta), sys.thermal_state(beta),
                               atol=1e-15)
        r = s_thermalize(sys, 0.9, beta0=0.2)
        assert r.energy_excess == pytest.approx(0.0, abs=1e-15) and r.verdict == "break-even"


def test_symmetry_operator_gives_the_same_state_as_sectors():
    parity = np.diag([1.0, -1.0, 1.0, -1.0])
    a = SymmetricSystem.from_symmetry(PARITY_ENERGIES, parity)
    b = parity_battery()
    for beta0, beta in [(20.0, 2.5), (0.1, 5.0)]:
        ra, rb = s_thermalize(a, beta, beta0=beta0), s_thermalize(b, beta, beta0=beta0)
        assert np.allclose(ra.rho_ss, rb.rho_ss, atol=1e-15)
        assert ra.ergotropy.value == pytest.approx(rb.ergotropy.value, abs=1e-15)


def test_unitary_symmetry_with_degenerate_levels_mixes_them():
    """A swap of two degenerate levels: sectors are the (anti)symmetric combinations, not index sets."""
    swap = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1.0]])
    sys = SymmetricSystem.from_symmetry([0.0, 0.0, 1.0], swap)
    assert sys.n_sectors == 2
    minus = np.array([1, -1, 0]) / np.sqrt(2)
    assert np.allclose(sys.projectors()[0], np.outer(minus, minus))
    rho0 = np.diag([1.0, 0.0, 0.0])          # |0> = (|+> + |->)/sqrt 2: weight 1/2 in each sector
    assert sys.sector_weights(rho0) == pytest.approx([0.5, 0.5], abs=1e-15)
    z3 = np.diag([1.0, np.exp(2j * np.pi / 3), np.exp(-2j * np.pi / 3)])    # complex eigenvalues (unitary)
    assert SymmetricSystem.from_symmetry([0.0, 0.5, 1.0], z3).n_sectors == 3


@pytest.mark.parametrize("sectors, match", [
    ([[0, 1], [1, 2, 3]], "overlap"),
    ([[0, 2], [1]], r"levels \[3\] are in no sector"),
    ([[0, 2], [1, 3, 4]], "out of range"),
    ([[0, 2], []], "non-empty"),
    ([], "non-empty"),
    ([[0, 2], [1, 3.5]], "not a level index"),
])
def test_bad_sectors_name_the_parameter(sectors, match):
    with pytest.raises(ValidationError, match=match) as exc:
        SymmetricSystem.from_sectors(PARITY_ENERGIES, sectors)
    assert exc.value.param == "sectors"


def test_bad_symmetry_and_temperatures():
    with pytest.raises(ValidationError, match="does not commute") as exc:
        SymmetricSystem.from_symmetry([0.0, 1.0], np.array([[0, 1], [1, 0.0]]))
    assert exc.value.param == "symmetry"
    with pytest.raises(ValidationError, match="3 levels"):
        SymmetricSystem.from_symmetry([0.0, 1.0, 2.0], np.eye(2))
    with pytest.raises(ValidationError, match="normal"):
        SymmetricSystem.from_symmetry([0.0, 0.0], np.array([[0, 1], [0, 0.0]]))
    sys = parity_battery()
    with pytest.raises(ValidationError, match="negative temperatures") as exc:
        sys.s_thermalized_state(np.array([0.5, 0.5]), -1.0)
    assert exc.value.param == "beta"
    with pytest.raises(ValidationError) as exc:
        sys.thermal_sector_weights(-0.5)
    assert exc.value.param == "beta0"
    with pytest.raises(ValidationError, match="4 levels"):
        sys.sector_weights(np.eye(3) / 3)
