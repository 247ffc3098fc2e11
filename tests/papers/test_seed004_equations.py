"""Seed 004, Eqs. (1)-(3), (9), (11) and the demon bookkeeping of Fig. 1 on the parity battery."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.info.entropy import shannon_entropy, von_neumann_entropy
from sdpthermo.models.sthermal.demon import run_demon
from sdpthermo.models.sthermal.lindblad import check_steady_state
from sdpthermo.models.sthermal.thermo import s_thermalize
from tests.sthermal.helpers import parity_battery

CASES = [(0.05, 0.4), (0.4, 0.05), (10.0, 0.3), (0.01, 10.0), (1.0, 2.0)]


@pytest.mark.parametrize("t0, t", CASES)
def test_eq1_to_eq11_hold_to_1e12(t0, t):
    r = s_thermalize(parity_battery(), 1 / t, beta0=1 / t0)
    for key in ("eq1", "eq2_9_vs_eq7_8", "eq2_grouping_Hp", "eq3", "eq5", "eq11"):
        assert r.identity_errors[key] < 1e-12, key


def test_eq3_break_even_reads_as_balanced_erasure():
    """Eq. (3): E(rho_SS) - E(omega^beta) = (ΔS(Φ_LE) - ΔS_sys)/beta; zero excess <=> balanced erasure."""
    same = s_thermalize(parity_battery(), 2.0, beta0=2.0)
    assert same.erasure_entropy == pytest.approx(same.delta_s_sys, abs=1e-13)
    assert same.verdict == "break-even"
    heat = s_thermalize(parity_battery(), 1 / 0.4, beta0=1 / 0.05)
    assert heat.erasure_entropy < heat.delta_s_sys and heat.verdict == "mitigation"     # ΔS_bath < 0, lambda < 1


def test_appendix_c_parity_battery_mitigates_everywhere_off_the_diagonal():
    """Observation (not stated in seed 004): for the Fig. 2 battery lambda < 1 on the whole sampled grid."""
    grid = np.geomspace(0.01, 10.0, 13)
    lams = [s_thermalize(parity_battery(), 1 / t, beta0=1 / t0).lam for t0 in grid for t in grid if t0 != t]
    assert max(lams) < 1.0 and min(lams) >= 0.0


def test_demon_register_entropy_is_h_of_p_and_reset_gives_rho_ss():
    """Fig. 1: the measured register holds H(p^beta0) = S(omega^beta0) - sum_i p_i S(omega_i^beta0)."""
    sys = parity_battery()
    beta0, beta = 1 / 0.7, 2.5
    w0 = sys.thermal_state(beta0)
    p = sys.thermal_sector_weights(beta0)
    mean = sum(p[i] * von_neumann_entropy(sys.sector_gibbs_state(i, beta0)) for i in range(2))
    assert von_neumann_entropy(w0) - mean == pytest.approx(shannon_entropy(p), abs=1e-14)
    run = run_demon(sys, beta, w0)
    assert run.entropies["register_after_measurement"] == pytest.approx(shannon_entropy(p), abs=1e-14)
    assert np.allclose(run.system["reset"], sys.s_thermalized_state(p, beta), atol=1e-15)


def test_strong_symmetry_dynamics_reaches_rho_ss():
    sys = parity_battery()
    chk = check_steady_state(sys, 1 / 0.3, sys.thermal_state(1 / 10.0))
    assert chk["steady_state_error"] < 1e-10 and chk["kernel_dimension"] == 2
