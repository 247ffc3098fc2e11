"""The Maxwell-demon circuit (Fig. 1) and the strongly symmetric Lindbladian both reproduce rho_SS."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sdpthermo.errors import ValidationError
from sdpthermo.models.sthermal.demon import correlating_unitary, run_demon
from sdpthermo.models.sthermal.lindblad import check_steady_state, jump_operators
from sdpthermo.models.sthermal.thermo import s_thermalize
from tests.conftest import random_state
from tests.sthermal.helpers import parity_battery, random_system, random_temperatures


def test_demon_circuit_reproduces_rho_ss_and_bookkeeping(rng):
    """Fig. 1(a)+(b): U, measurement, conditional thermalization, U_R give rho_SS ⊗ |0><0|."""
    for _ in range(6):
        sys = random_system(rng, d_max=5)
        beta0, beta = random_temperatures(rng)
        rho0 = sys.thermal_state(beta0)
        run = run_demon(sys, beta, rho0)
        rep = s_thermalize(sys, beta, beta0=beta0)
        m = sys.n_sectors
        ref = np.zeros((m, m))
        ref[0, 0] = 1.0
        assert np.allclose(run.joint["reset"], np.kron(rep.rho_ss, ref), atol=1e-14)
        assert np.allclose(run.system["register_reset"], rep.omega, atol=1e-14)      # Fig. 1(c): omega^beta
        assert np.allclose(run.register["register_reset"], ref, atol=1e-14)
        assert max(run.tp_errors.values()) < 1e-13
        s = run.entropies
        hp = s["H(p)"]
        assert hp == pytest.approx(rep.register_entropy, abs=1e-13)
        assert s["register_after_measurement"] == pytest.approx(hp, abs=1e-13)
        # the system's (conditional) entropy drops by H(p) on measurement: S(omega^b0) - sum p_i S(omega_i^b0)
        assert s["system_before_measurement"] - s["conditional_after_measurement"] == pytest.approx(hp, abs=1e-12)
        # U_R: total entropy conserved, I(S:R) = H(p) destroyed, H(p) moved to the system
        assert s["total_after_reset"] == pytest.approx(s["total_before_reset"], abs=1e-12)
        assert s["mutual_information_before_reset"] == pytest.approx(hp, abs=1e-12)
        assert abs(s["mutual_information_after_reset"]) < 1e-12
        assert s["system_after_reset"] - s["conditional_before_erasure"] == pytest.approx(hp, abs=1e-12)
        # Landauer erasure raises the conditional system entropy by ΔS_sys (Eq. (7))
        assert s["conditional_after_erasure"] - s["conditional_before_erasure"] == pytest.approx(
            rep.delta_s_sys, abs=1e-12)


def test_register_unitary_is_an_involution():
    u = correlating_unitary(parity_battery())
    assert np.allclose(u @ u, np.eye(8)) and np.allclose(u, u.T)


def test_demon_with_coherent_initial_state_still_gives_rho_ss(rng):
    sys = parity_battery()
    rho0 = random_state(rng, 4)
    run = run_demon(sys, 1.5, rho0)
    rho_ss = sys.s_thermalized_state(sys.sector_weights(rho0), 1.5)
    assert np.allclose(run.system["reset"], rho_ss, atol=1e-14)


def test_lindblad_steady_state_is_rho_ss(rng):
    """exp(L t) rho_0 -> ⊕ p_i omega_i^beta for a generator with a strong symmetry."""
    for _ in range(4):
        sys = random_system(rng, d_max=5)
        beta0, beta = random_temperatures(rng)
        for rho0 in (sys.thermal_state(beta0), random_state(rng, sys.dim)):
            chk = check_steady_state(sys, beta, rho0)
            assert chk["steady_state_error"] < 1e-10
            assert chk["generator_residual"] < 1e-13
            assert chk["kernel_dimension"] == sys.n_sectors
            assert chk["conserved_charge_error"] < 1e-13
            assert chk["symmetry_error"] < 1e-15


def test_lindblad_detailed_balance_and_t0_rejected():
    sys = parity_battery()
    beta = 2.0
    ops = jump_operators(sys, beta, dephasing=1.0)
    up = next(o for o in ops if abs(o[2, 0]) > 0)        # |E2><E0|
    down = next(o for o in ops if abs(o[0, 2]) > 0)      # |E0><E2|
    assert up[2, 0] ** 2 / down[0, 2] ** 2 == pytest.approx(math.exp(-beta * 0.2), rel=1e-14)
    with pytest.raises(ValidationError) as exc:
        check_steady_state(sys, math.inf, sys.thermal_state(1.0))
    assert exc.value.param == "T"
