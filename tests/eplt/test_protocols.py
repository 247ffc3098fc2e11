"""Protocols as LOSR ensembles (Eq. (1)): Clifford 2-design, T_U^(N), Dür–Cirac T_GHZ, App. A, App. C."""

from __future__ import annotations

import numpy as np
import pytest

import sdpthermo
from sdpthermo.errors import ValidationError
from sdpthermo.linalg.tensor import kron_all
from sdpthermo.models.eplt.channels import eplt_channel, eps_star
from sdpthermo.models.eplt.multipartite import ghz_twirl_unitaries, t_ghz
from sdpthermo.models.eplt.protocols import (
    approx_twirl_ensemble,
    approx_twirl_superop,
    clifford_group,
    eplt_ensemble,
    haar_unitary,
    twirl_ensemble,
    twirl_superop,
)
from sdpthermo.models.states import gibbs_state
from sdpthermo.models.twirl import twirl, twirl_channel
from tests.conftest import random_state


@pytest.mark.parametrize("d", [2, 3])
def test_clifford_group_is_a_2_design_for_the_twirl(d):
    ens = twirl_ensemble(d)
    assert len(ens.probs) == d**3 * (d * d - 1)
    assert np.abs(ens.choi() - twirl_channel(d).choi).max() < 1e-12


def test_clifford_rejects_non_prime_d():
    with pytest.raises(ValidationError, match="prime"):
        clifford_group(4)


@pytest.mark.parametrize("d", [2, 3])
def test_eplt_ensemble_recomposes_eq5(rng, d):
    g = gibbs_state(np.sort(rng.uniform(0, 2, d)), 0.8)
    e = eps_star(g, g)
    assert np.abs(eplt_ensemble(g, g, e).choi() - eplt_channel(g, g, e).choi).max() < 1e-12


def test_approx_twirl_ensemble_matches_its_superoperator(rng):
    d, n = 2, 4
    us = [haar_unitary(d, rng) for _ in range(n)]
    s = approx_twirl_superop(us)
    rho = random_state(rng, d * d)
    out = approx_twirl_ensemble(us)
    from sdpthermo.linalg.choi import apply_choi

    assert np.allclose(apply_choi(out.choi(), rho, d * d, d * d), (s @ rho.reshape(-1)).reshape(d * d, d * d))
    assert np.allclose(twirl_superop(d) @ rho.reshape(-1), twirl(rho, d).reshape(-1))


def test_haar_average_identity_of_ref33_eq22(rng):
    """``<||(T - T_U^(N))(rho)||_2^2> = 2^-N (||rho||_2^2 - ||T(rho)||_2^2)`` (behind Eq. (D4), (D6)): 4 sigma."""
    d, n, samples = 2, 3, 400
    rho = random_state(rng, d * d, rank=1)
    vals = []
    for _ in range(samples):
        s = approx_twirl_superop([haar_unitary(d, rng) for _ in range(n)])
        diff = (s - twirl_superop(d)) @ rho.reshape(-1)
        vals.append(np.vdot(diff, diff).real)
    expect = 2.0**-n * (np.linalg.norm(rho) ** 2 - np.linalg.norm(twirl(rho, d)) ** 2)
    assert abs(np.mean(vals) - expect) < 4 * np.std(vals) / np.sqrt(samples)


@pytest.mark.parametrize("n", [3, 4])
def test_dur_cirac_ensemble_is_t_ghz(rng, n):
    rho = random_state(rng, 2**n)
    ens = ghz_twirl_unitaries(n)
    avg = sum(kron_all(*u) @ rho @ kron_all(*u).conj().T for u in ens) / len(ens)
    assert np.abs(avg - t_ghz(rho, n)).max() < 1e-12


def test_protocol_question_all_protocols_verify():
    cases = [dict(protocol="clifford", energies=[0, 1, 2], T=1.0), dict(protocol="random", energies=[0, 1], T=0.5, N=5),
             dict(protocol="ghz", n=3, energies=[[0, 1], [0, 2], [0, 1.5]], T=1.0),
             dict(protocol="zero-temperature", energies=[0, 0, 1])]
    for c in cases:
        r = sdpthermo.solve("eplt.protocol", store=None, **c)
        assert r.verified and r.value < 1e-12 and r.data["is_losr"], c
        if c["protocol"] != "random":
            assert r.data["locally_thermal_error"] < 1e-12


def test_protocol_bad_inputs():
    with pytest.raises(ValidationError, match="energies"):
        sdpthermo.solve("eplt.protocol", protocol="clifford", energies=[0, 1, 2, 3], T=1.0, store=None)
    with pytest.raises(ValidationError, match="energies_B"):
        sdpthermo.solve("eplt.protocol", protocol="zero-temperature", energies_A=[0, 0, 1], energies_B=[0, 1, 2],
                        store=None)
    with pytest.raises(ValidationError, match="protocol"):
        sdpthermo.solve("eplt.protocol", protocol="haar", store=None)
