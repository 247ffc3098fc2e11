"""Closed forms of seed 004 in nats: entropies, relative entropy, ergotropy, asymptotic ergotropy."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from sdpthermo.errors import ValidationError
from sdpthermo.info.entropy import relative_entropy, shannon_entropy, von_neumann_entropy
from sdpthermo.info.ergotropy import asymptotic_ergotropy, equal_entropy_beta, ergotropy, thermal_entropy
from tests.conftest import random_state


def test_entropies_in_nats(rng):
    rho = random_state(rng, 4)
    w = np.linalg.eigvalsh(rho)
    assert von_neumann_entropy(rho) == pytest.approx(-np.sum(w * np.log(w)), abs=1e-13)
    assert shannon_entropy([0.25] * 4) == pytest.approx(math.log(4), abs=1e-15)
    assert shannon_entropy([1.0, 0.0]) == 0.0


def test_relative_entropy_matches_matrix_logs_and_support(rng):
    from scipy.linalg import logm

    rho, sigma = random_state(rng, 3), random_state(rng, 3)
    direct = float(np.real(np.trace(rho @ (logm(rho) - logm(sigma)))))
    assert relative_entropy(rho, sigma) == pytest.approx(direct, abs=1e-10)
    assert relative_entropy(rho, rho) == pytest.approx(0.0, abs=1e-12)
    assert relative_entropy(np.diag([0.5, 0.5]), np.diag([1.0, 0.0])) == math.inf
    assert relative_entropy(np.diag([1.0, 0.0]), np.diag([0.3, 0.7])) == pytest.approx(-math.log(0.3), abs=1e-15)


def test_ergotropy_equals_minimum_over_permutations(rng):
    """For diagonal states the passive energy is the minimum over level permutations (sorting)."""
    e = np.array([0.0, 0.3, 0.5, 1.2])
    p = rng.dirichlet(np.ones(4))
    best = min(float(np.dot(p[list(s)], e)) for s in itertools.permutations(range(4)))
    erg = ergotropy(np.diag(p), np.diag(e))
    assert erg.value == pytest.approx(float(np.dot(p, e)) - best, abs=1e-15)
    u = erg.unitary
    assert np.allclose(u @ u.T, np.eye(4))
    assert np.allclose(np.diag(erg.passive), np.sort(p)[::-1])


def test_ergotropy_of_coherent_state_beats_every_sampled_unitary(rng):
    from scipy.stats import unitary_group

    rho = random_state(rng, 3)
    h = np.diag([0.0, 1.0, 1.7])
    erg = ergotropy(rho, h)
    u = erg.unitary
    assert np.real(np.trace(h @ (rho - u @ rho @ u.conj().T))) == pytest.approx(erg.value, abs=1e-13)
    for _ in range(50):
        v = unitary_group.rvs(3, random_state=rng)
        assert np.real(np.trace(h @ (rho - v @ rho @ v.conj().T))) <= erg.value + 1e-12


def test_asymptotic_ergotropy_both_forms_and_bounds(rng):
    h = np.diag([0.0, 0.4, 1.0])
    for _ in range(10):
        rho = np.diag(rng.dirichlet(np.ones(3)))
        a = asymptotic_ergotropy(rho, h)
        assert a.form_difference < 1e-12
        assert thermal_entropy(np.diag(h), a.beta_star) == pytest.approx(a.entropy, abs=1e-13)
        assert -1e-14 <= ergotropy(rho, h).value <= a.value + 1e-13      # W <= W_inf


def test_asymptotic_ergotropy_vanishes_on_gibbs_states():
    e = np.array([0.0, 0.4, 1.0])
    g = np.exp(-2.0 * e) / np.exp(-2.0 * e).sum()
    a = asymptotic_ergotropy(np.diag(g), np.diag(e))
    assert a.beta_star == pytest.approx(2.0, rel=1e-12)
    assert abs(a.value) < 1e-14


def test_equal_entropy_beta_end_points_and_out_of_range():
    e = np.array([0.0, 0.0, 1.0])               # ground degeneracy 2: S(omega^inf) = ln 2
    assert equal_entropy_beta(e, math.log(3)) == 0.0
    assert equal_entropy_beta(e, math.log(2)) == math.inf
    with pytest.raises(ValidationError, match="outside"):
        equal_entropy_beta(e, 0.5)               # below ln g_0
    with pytest.raises(ValidationError) as exc:
        asymptotic_ergotropy(np.diag([1.0, 0.0, 0.0]), np.diag(e))    # pure state in a degenerate ground space
    assert exc.value.param == "entropy"
