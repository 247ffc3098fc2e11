"""Seed 000 §III C: Prop. 5 (Eq. (17)), Eq. (18)-(19), Prop. 4 through ``eplt.fef``; seed 001's wrong bound."""

from __future__ import annotations

import math

import numpy as np
import pytest

import sdpthermo
from sdpthermo.formulations.fef import solve_fef
from sdpthermo.info.fef import fef_two_qubits
from sdpthermo.models.eplt.channels import eplt_map, eps_star
from sdpthermo.models.states import gibbs_state, max_entangled_vector
from tests.conftest import random_state


def _fid(rho, d):
    v = max_entangled_vector(d)
    return float(np.real(v @ rho @ v))


@pytest.mark.parametrize("d", [2, 3])
def test_prop5_eq17_on_random_inputs_and_the_summary_bound_fails(rng, d):
    """Eq. (17): F[E^eps(rho)] >= eps <Psi+|rho|Psi+> (certified upper >= bound); seed 001's F >= <Psi+|rho|Psi+>
    fails: the certified *upper* bound lies below it."""
    summary_failed = False
    for _ in range(3):
        g = gibbs_state(np.sort(rng.uniform(0, 2, d)), 1 / rng.uniform(0.3, 3))
        eps = eps_star(g, g) * rng.uniform(0.3, 1.0)
        rho = random_state(rng, d * d, complex_=False)
        out = solve_fef(eplt_map(rho, g, g, eps), [d, d], starts=4)
        assert out.verified
        assert out.verification.lower >= eps * _fid(rho, d) - 1e-9                  # Prop. 5
        summary_failed |= out.verification.upper < _fid(rho, d) - 1e-6             # seed 001's version
    pure = eplt_map(np.outer(max_entangled_vector(d), max_entangled_vector(d)), g, g, eps_star(g, g))
    out = solve_fef(pure, [d, d], starts=2)
    assert out.verification.upper < 1 - 1e-3 and (summary_failed or d == 3)


def test_qubit_fef_closed_form_and_prop4_through_eplt_fef():
    """Derived: F(E^{eps*}(rho)) = 1/2 - q + 2q max(F_in, (1-F_in)/3) for two qubits (gamma_A = gamma_B);
    Prop. 4: the output is entangled iff F_in > 1/2, and exactly then F > 1/2."""
    for T in (0.3, 1.0, 5.0):
        q = math.exp(-1 / T) / (1 + math.exp(-1 / T))
        for f_in in (0.0, 0.2, 0.45, 0.5, 0.55, 0.9, 1.0):
            r = sdpthermo.solve("eplt.fef", energies=[0, 1], T=T, F_in=f_in, store=None)
            closed = 0.5 - q + 2 * q * max(f_in, (1 - f_in) / 3)
            assert r.verified
            assert r.lower == pytest.approx(closed, abs=1e-8) and r.upper == pytest.approx(closed, abs=1e-6)
            assert r.data["fef_closed_form"] == pytest.approx(closed, abs=1e-12)
            assert r.data["entangled_by_fef"] == (f_in > 0.5) == (r.data["negativity"] > 1e-12)


def test_qubit_closed_form_matches_magic_basis_on_random_inputs(rng):
    g = gibbs_state([0.0, 1.0], 1.0)
    q = g[1, 1]
    for _ in range(5):
        rho = random_state(rng, 4)
        f_in = _fid(rho, 2)
        out = eplt_map(rho, g, g, eps_star(g, g))
        assert fef_two_qubits(out)[0] == pytest.approx(0.5 - q + 2 * q * max(f_in, (1 - f_in) / 3), abs=1e-10)


@pytest.mark.parametrize("energies", [[0.0, 1.0, 2.0], [0.0, 0.7, 1.9, 2.2]])
def test_eq18_is_tight_and_eq19_is_sufficient(energies):
    """Eq. (18) is attained (our closed form), and whenever Eq. (19) holds the certified FEF exceeds 1/d."""
    d = len(energies)
    for T in (0.5, 2.0, 20.0):
        r = sdpthermo.solve("eplt.fef", energies=energies, T=T, store=None)
        assert r.verified and r.lower == pytest.approx(r.data["eq18_value"], abs=1e-8)
        assert r.data["fef_closed_form"] == pytest.approx(r.data["eq18_value"], abs=1e-12)
        assert r.data["paper_bound"] <= r.lower + 1e-12
        if r.data["eq19"]:
            assert r.lower > 1 / d and r.data["negativity"] > 0
