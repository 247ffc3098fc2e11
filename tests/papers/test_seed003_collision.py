"""Seed 003 (Tabanera-Bravo, Esposito, Barra, Parrondo): numbers of Sec. VI E, Figs. 2-4, Eqs. (66)-(75).

Paper parameters: beta = m = 0.1, g = 50, Gamma = 1, sigma_p = 0.5, h = 4, N = 3, initial state |000>.
"""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.registry.core import solve

P = {"N": 3, "h": 4.0, "g": 50.0, "m": 0.1, "beta": 0.1, "sigma_p": 0.5, "Gamma": 1.0}


def _evo(eps, t, kind="exact"):
    return solve("collision.evolution", store=None, **P, eps=eps, t=t, map=kind)


def test_fig2d_local_plateau_then_thermalization():
    """Fig. 2(d): for eps = 5e-5 rho_123/rho_00 first approaches the local ratio e^{-beta h} (Eq. 73) and only
    much later the thermal one; up to t ~ 1e3 the curves hardly depend on eps."""
    loc = np.exp(-0.1 * 4.0)
    early = _evo(5e-5, 1e3).data["band_ratio"]
    assert early == pytest.approx(loc, rel=0.01)                         # measured 0.6713 vs 0.6703
    assert _evo(3e-3, 10.0).data["band_ratio"] == pytest.approx(_evo(5e-5, 10.0).data["band_ratio"], rel=0.01)
    late = _evo(5e-5, 1e8)
    assert late.data["band_ratio"] == pytest.approx(late.data["band_ratio_therm"], rel=1e-2)
    assert _evo(0.1, 1e3).data["band_ratio"] == pytest.approx(_evo(0.1, 1e3).data["band_ratio_therm"], rel=1e-3)


@pytest.mark.parametrize("kind", ["exact", "narrow", "local"])
def test_fig3_bands_thermalize_under_all_three_maps(kind):
    """Fig. 3: beta_eff(0 -> 2) (Eq. 75) -> beta = 0.1 at long times for eps = 0.1 with all three maps."""
    r = solve("collision.steady_state", store=None, **P, eps=0.1, map=kind)
    assert r.data["beta_eff_02"] == pytest.approx(0.1, abs=2e-3)


def test_fig3_global_equation_creates_no_intraband_coherence():
    """Fig. 3 insets: the narrow (global) equation never creates rho_23 from |000>; exact and local do."""
    assert _evo(0.1, 10.0, "narrow").data["rho23_abs"] < 1e-12
    assert _evo(0.1, 10.0, "exact").data["rho23_abs"] > 1e-3
    assert _evo(0.1, 10.0, "local").data["rho23_abs"] > 1e-3


def test_fig4_local_limit_fails_intraband_thermalization():
    """Fig. 4: local map -> equal populations inside a band (Eq. 68); exact map -> Boltzmann ratios (Eq. 70)."""
    loc = solve("collision.steady_state", store=None, **P, eps=0.1, map="local").data
    ex = solve("collision.steady_state", store=None, **P, eps=0.1, map="exact").data
    assert loc["p1"] == pytest.approx(loc["p2"], rel=1e-10) == pytest.approx(loc["p3"], rel=1e-10)
    de = 0.4 * np.sqrt(2)                                                # splitting 4 eps sqrt(2) of band 1
    assert ex["p1"] / ex["p2"] == pytest.approx(np.exp(0.1 * de), rel=1e-3)


def test_eq70_exact_steady_state_is_gibbs_to_first_order_in_gamma():
    d = [solve("collision.steady_state", store=None, **{**P, "Gamma": g}, eps=0.1).value for g in (1.0, 0.1, 0.01)]
    assert d[0] == pytest.approx(9.06e-3, rel=1e-2) and d[1] / d[2] == pytest.approx(10.0, rel=1e-3)


def test_eq68_local_steady_state_for_any_gamma():
    for g in (0.3, 3.0):
        assert solve("collision.steady_state", store=None, **{**P, "Gamma": g}, eps=3e-3,
                     map="local").data["local_distance"] < 1e-10
