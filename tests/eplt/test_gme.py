"""``gme.ppt_mixture`` and ``eplt.gme``: PPT-mixture witnesses, normalization, closed-form value, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import sdpthermo
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.gme import solve_gme
from sdpthermo.models.eplt.multipartite import gme_threshold_noisy_ghz, noisy_ghz
from sdpthermo.models.states import ghz


@pytest.mark.parametrize("x", [0.2, 0.5, 0.9])
def test_noisy_ghz_value_is_the_fidelity_witness(x):
    """For noisy GHZ the optimum is ``min(0, tr((I/2 - GHZ) rho)) = -(1 - 2^-N)(x - x*)_+`` (N = 3)."""
    n = 3
    out = solve_gme(noisy_ghz(x, n), [2] * n)
    expect = min(0.0, -(1 - 2.0**-n) * (x - gme_threshold_noisy_ghz(n)))
    assert out.verified
    assert out.verification.lower - 1e-7 <= expect <= out.verification.upper + 1e-7
    assert out.data["gme"] == (expect < 0)


def test_biseparable_and_product_states_are_not_gme(rng):
    bell = np.zeros(4)
    bell[[0, 3]] = 1 / np.sqrt(2)
    bisep = np.kron(np.outer(bell, bell), np.diag([1.0, 0.0]))
    for rho in (bisep, np.eye(8) / 8, np.kron(np.kron(np.diag([1.0, 0]), np.eye(2) / 2), np.diag([0.3, 0.7]))):
        r = sdpthermo.solve("gme.ppt_mixture", state=rho, n=3, store=None)
        assert r.verified and not r.data["gme"]


def test_gme_accepts_dims_and_n_consistently():
    a = sdpthermo.solve("gme.ppt_mixture", state=ghz(3), n=3, store=None)
    b = sdpthermo.solve("gme.ppt_mixture", state=ghz(3), dims=[2, 2, 2], store=None)
    assert a.instance_id == b.instance_id and a.data["gme"] and b.data["gme"]


def test_gme_bad_inputs():
    with pytest.raises(ValidationError, match="'n'"):
        sdpthermo.solve("gme.ppt_mixture", state=np.eye(4) / 4, n=2, store=None)
    with pytest.raises(ValidationError, match="dims"):
        sdpthermo.solve("gme.ppt_mixture", state=np.eye(4) / 4, dims=[2, 2], store=None)
    with pytest.raises(ValidationError, match="'n'"):
        sdpthermo.solve("gme.ppt_mixture", state=np.eye(8) / 8, n=3, dims=[2, 2, 2], store=None)
    with pytest.raises(ValidationError, match="dims"):
        sdpthermo.solve("gme.ppt_mixture", state=np.eye(8) / 8, n=4, store=None)
    with pytest.raises(ValidationError, match="'n'"):
        sdpthermo.solve("eplt.gme", n=2, T=1.0, store=None)
    with pytest.raises(ValidationError, match="energies"):
        sdpthermo.solve("eplt.gme", n=3, energies=[[0, 1], [0, 2]], T=1.0, store=None)
    with pytest.raises(ValidationError, match="eps"):
        sdpthermo.solve("eplt.gme", n=3, T=1.0, eps=0.9, store=None)
