"""Seed 000 (Hsieh, Lostaglio, Acín): Lemma 2, Theorem 3, Prop. 4, Eq. (3)-(5), (9)-(13), (20)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import sdpthermo
from sdpthermo.errors import ValidationError
from sdpthermo.info.negativity import negativity
from sdpthermo.models.channels import Channel, locally_thermal_error
from sdpthermo.models.eplt.channels import (
    eplt_channel,
    eplt_map,
    eps_limit,
    eps_star,
    eta,
    lambda_channel,
    negativity_eq10,
    qubit_negativity_closed_form,
)
from sdpthermo.models.states import gibbs_state, isotropic, max_entangled, max_entangled_vector
from sdpthermo.models.twirl import twirl, twirl_channel
from tests.conftest import random_state


def _random_gibbs(rng, d):
    e = np.sort(rng.uniform(0, 3, size=d))
    return gibbs_state(e, 1 / rng.uniform(0.1, 5))


def test_eq3_eq4_twirl_is_haar_average_and_gives_isotropic(rng):
    """Eq. (3)-(4): the closed-form twirl equals a Monte-Carlo-free exact check: invariance + isotropic output."""
    d = 3
    rho = random_state(rng, d * d)
    out = twirl(rho, d)
    f = max_entangled_vector(d) @ rho @ max_entangled_vector(d)
    p = (d * d * f.real - 1) / (d * d - 1)
    assert np.allclose(out, isotropic(p, d), atol=1e-12)
    # U ⊗ U* invariance for a random unitary
    u, _ = np.linalg.qr(rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)))
    uu = np.kron(u, u.conj())
    assert np.allclose(uu @ out @ uu.conj().T, out, atol=1e-12)
    # T is a channel and idempotent
    ch = twirl_channel(d)
    assert ch.is_cptp()
    assert np.allclose(ch.then(ch).choi, ch.choi, atol=1e-12)


@pytest.mark.parametrize("d", [2, 3, 4, 5])
def test_lemma2_marginals_are_constant_channels(rng, d):
    """Lemma 2 / Eq. (7): for eps <= eps* the marginal maps of E^eps are the constant channels (1e-12)."""
    for _ in range(3):
        ga, gb = _random_gibbs(rng, d), _random_gibbs(rng, d)  # T_A != T_B
        es = eps_star(ga, gb)
        assert es == pytest.approx(d * min(ga.diagonal().min(), gb.diagonal().min()), abs=1e-15)
        for eps in (0.0, es / 2, es):
            ch = eplt_channel(ga, gb, eps)
            assert ch.is_cptp(1e-12)
            assert locally_thermal_error(ch, [ga, gb]) < 1e-12
        lam = lambda_channel(ga, gb, eps_limit(ga), eps_limit(gb))
        assert lam.is_cptp(1e-12) and locally_thermal_error(lam, [ga, gb]) < 1e-12


def test_lemma2_eps_above_eps_star_is_rejected(rng):
    ga = _random_gibbs(rng, 3)
    es = eps_star(ga, ga)
    with pytest.raises(ValidationError, match="eps"):
        eta(ga, min(1 - 1e-9, es * 1.5))
    with pytest.raises(ValidationError, match=r"Lemma 2: eps <= d\*P_min") as exc:
        sdpthermo.solve("eplt.ppt", energies=[0, 1, 2], T=1.0, eps=0.5, store=None)  # eps* = 0.27
    assert exc.value.param == "eps"


@pytest.mark.parametrize("d", [2, 3, 4, 5])
def test_theorem3_output_npt_with_verified_witness(rng, d):
    """Theorem 3: E^{eps*}(Psi+) is NPT at every T > 0 (d = 2..5), certified by a verified witness."""
    for T in (0.2, 0.7, 2.0, 15.0):
        e = list(np.sort(rng.uniform(0, 2, size=d)))
        r = sdpthermo.solve("eplt.ppt", energies=e, T=T, store=None)
        assert r.verified and r.data["entangled"], (d, T)
        assert r.lower > 0 and r.data["witness_bound"] < 0
        # Eq. (10)-(12): the 2x2 blocks give the negativity in closed form
        assert r.value == pytest.approx(r.data["negativity_eq10"], abs=1e-12)


def test_eq13_block_has_negative_eigenvalue():
    """Eq. (13): Q_{d-1}^A = 0 at eps*, so M_{d-1,m} has eigenvalue < 0 iff eps* > 0."""
    g = gibbs_state([0.0, 0.4, 1.1], 1.0)
    es = eps_star(g, g)
    q = np.diag(eta(g, es))
    assert q[-1] == pytest.approx(0.0, abs=1e-15)
    m = np.array([[0.0, es / 3], [es / 3, (1 - es) * q[0] * q[2]]])
    assert np.linalg.eigvalsh(m)[0] < 0


@pytest.mark.parametrize("fidelity", [0.3, 0.49, 0.5, 0.51, 0.8, 1.0])
def test_prop4_qubits_entangled_iff_fidelity_above_half(fidelity):
    """Prop. 4: gamma_A = gamma_B, E^{eps*}(rho) entangled iff <Psi+|rho|Psi+> > 1/2."""
    p = (4 * fidelity - 1) / 3
    rho = isotropic(p, 2)
    for T in (0.5, 3.0):
        r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=T, input=rho, store=None)
        assert r.verified
        assert r.data["entangled"] == (fidelity > 0.5)
        q = r.data["eps_star"] / 2
        # Eq. (14)-(15): the PT block {01,10} is [[C, D], [D, C]] with C = q(1-p)/2, D = qp
        assert r.value == pytest.approx(max(0.0, q * p - q * (1 - p) / 2), abs=1e-12)


def test_prop4_with_non_isotropic_inputs(rng):
    """Prop. 4 holds for any input, through Eq. (4): only <Psi+|rho|Psi+> matters."""
    for _ in range(10):
        rho = random_state(rng, 4)
        f = float(np.real(max_entangled_vector(2) @ rho @ max_entangled_vector(2)))
        r = sdpthermo.solve("eplt.ppt", energies=[0, 0.7], T=1.3, input=rho, store=None)
        assert r.data["entangled"] == (f > 0.5)


def test_qubit_closed_form_over_temperature_grid():
    """Derived closed forms: N[E^{eps*}(Psi+)] = q and N[Lambda^{(2q,2q)}(Psi+)] = max(0, q(4q-1))."""
    for T in np.geomspace(0.05, 20, 15):
        q = math.exp(-1 / T) / (1 + math.exp(-1 / T))
        g = gibbs_state([0, 1], 1 / T)
        assert negativity(eplt_map(max_entangled(2), g, g, 2 * q), [2, 2]) == pytest.approx(q, abs=1e-12)
        for ch in ("E", "Lambda"):
            r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=float(T), channel=ch, store=None)
            assert r.value == pytest.approx(qubit_negativity_closed_form(q, ch), abs=1e-12)
            assert r.lower <= qubit_negativity_closed_form(q, ch) + 1e-12 <= r.upper + 2e-12


def test_high_temperature_limit_is_the_twirl():
    """Below Theorem 3: T -> inf gives eps* -> 1 and E^{eps*} -> T (Eq. 3)."""
    g = gibbs_state([0, 1, 2], 0.0)
    assert eps_star(g, g) == pytest.approx(1.0, abs=1e-15)
    assert np.allclose(eplt_channel(g, g, 1.0).choi, twirl_channel(3).choi, atol=1e-12)
    r = sdpthermo.solve("eplt.ppt", energies=[0, 1, 2], T=float("inf"), store=None)
    assert r.value == pytest.approx(1.0, abs=1e-12)  # N(Psi_3^+) = (d - 1)/2


def test_zero_temperature_nondegenerate_preserves_nothing():
    """§III.A: at T = 0 without degeneracy eps* = 0 and the output is the product of ground states."""
    r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=0.0, store=None)
    assert r.data["eps_star"] == 0.0 and r.value == 0.0 and not r.data["entangled"] and r.verified


def test_prop1_product_local_thermalization_is_constant(rng):
    """Prop. 1: the only product local thermalization is gamma_A ⊗ gamma_B (constant channel)."""
    g = _random_gibbs(rng, 2)
    const = Channel.constant(np.kron(g, g), [2, 2], [2, 2])
    assert locally_thermal_error(const, [g, g]) < 1e-15
    assert negativity(const.apply(max_entangled(2)), [2, 2]) == 0.0
    ident = Channel.from_map(lambda x: x, [2, 2], [2, 2])
    assert locally_thermal_error(ident, [g, g]) > 0.1


def test_negativity_eq10_matches_eigendecomposition_random(rng):
    for d in (2, 3, 4):
        ga, gb = _random_gibbs(rng, d), _random_gibbs(rng, d)
        for eps in (0.3 * eps_star(ga, gb), eps_star(ga, gb)):
            out = eplt_map(max_entangled(d), ga, gb, eps)
            n_eq10 = negativity_eq10(np.diag(eta(ga, eps)), np.diag(eta(gb, eps)), eps)
            assert negativity(out, [d, d]) == pytest.approx(n_eq10, abs=1e-12)
