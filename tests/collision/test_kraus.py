"""Kraus operators Eq. (46) of the narrow map Eq. (45): reproduce the map, TIO structure Eq. (22)/(23), TP."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.errors import ValidationError
from sdpthermo.models.collision.maps import collision_map, narrow_kraus, tensor_from_kraus

PAPER = {"g": 50.0, "m": 0.1, "beta": 0.1}
#: fixed 48-node composite rule: measured max-norm errors ~5e-15 (tensor) and ~5e-15 (TP); see narrow_kraus.
KRAUS_TOL = 1e-13


@pytest.mark.parametrize("n, eps", [(1, 0.1), (2, 0.0), (2, 1e-3), (2, 0.1)])
def test_kraus_family_reproduces_narrow_map(n, eps):
    kr = narrow_kraus(n, 4.0, eps, **PAPER)
    ref = collision_map(n, 4.0, eps, **PAPER, sigma_p=0.5, kind="narrow")
    assert np.abs(tensor_from_kraus(kr) - ref.tensor).max() < KRAUS_TOL
    # the same as maps on a random state
    rng = np.random.default_rng(3)
    a = rng.normal(size=(2**n, 2**n)) + 1j * rng.normal(size=(2**n, 2**n))
    rho = a @ a.conj().T / np.trace(a @ a.conj().T)
    out = np.einsum("kab,bc,kdc->ad", kr, rho, kr.conj())
    ref_out = np.einsum("jkab,jk->ab", ref.tensor, rho)
    assert np.abs(out - ref_out).max() < KRAUS_TOL


@pytest.mark.parametrize("n, eps", [(1, 0.1), (2, 0.0), (2, 0.1)])
def test_kraus_operators_are_tio_and_trace_preserving(n, eps):
    kr, om = narrow_kraus(n, 4.0, eps, **PAPER, with_omega=True)
    energies = collision_map(n, 4.0, eps, **PAPER, sigma_p=0.5, kind="narrow").energies
    h = np.diag(energies)
    comm = np.einsum("ij,kjl->kil", h, kr) - np.einsum("kij,jl->kil", kr, h) - om[:, None, None] * kr
    assert np.abs(comm).max() < 1e-12 * max(1.0, np.abs(energies).max())         # [H, M] = omega M
    delta = energies[:, None] - energies[None, :]
    for m, w in zip(kr, om):                                        # M only connects Delta_{j'j} = omega
        assert np.all(m[np.abs(delta - w) > 1e-9] == 0)
    assert np.abs(np.einsum("kij,kil->jl", kr.conj(), kr) - np.eye(2**n)).max() < KRAUS_TOL
    assert np.all(np.abs(kr).max(axis=(1, 2)) > 0)                  # vanishing operators were dropped


def test_kraus_count_and_convergence_in_nodes():
    kr16 = narrow_kraus(2, 4.0, 0.1, **PAPER, nodes_per_panel=16)
    kr = narrow_kraus(2, 4.0, 0.1, **PAPER)
    ref = collision_map(2, 4.0, 0.1, **PAPER, sigma_p=0.5, kind="narrow").tensor
    e16, e48 = (np.abs(tensor_from_kraus(k) - ref).max() for k in (kr16, kr))
    assert e48 < 1e-3 * e16 and kr.shape == (3360, 4, 4)


def test_kraus_limits():
    with pytest.raises(ValidationError):
        narrow_kraus(3, 4.0, 0.1, **PAPER)
    with pytest.raises(ValidationError):
        narrow_kraus(1, 4.0, 0.1, **PAPER, nodes_per_panel=0)
