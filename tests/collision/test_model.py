"""Chain Hamiltonian Eq. (64), scattering matrices Eqs. (C1)-(C8), incident state Eqs. (40)-(41)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad

from sdpthermo.errors import ValidationError
from sdpthermo.models.collision.chain import (
    SIGMA_MINUS,
    SIGMA_PLUS,
    SIGMA_X,
    SIGMA_Y,
    SIGMA_Z,
    chain_hamiltonian,
    chain_spectrum,
    probe_coupling,
)
from sdpthermo.models.collision.incident import effusion, incident_kernel
from sdpthermo.models.collision.scattering import scattering_matrices, unitarity_error

M, G, H = 0.1, 50.0, 4.0


def test_pauli_conventions_match_the_paper():
    # sigma_pm = sigma_x +- i sigma_y; sigma_+ raises |0> (ground) to |1> (excited); h(sigma_z+1)/2 = h s
    assert np.allclose(SIGMA_PLUS, [[0, 0], [2, 0]]) and np.allclose(SIGMA_MINUS, SIGMA_PLUS.conj().T)
    assert np.allclose(SIGMA_X @ SIGMA_Y, 1j * SIGMA_Z)
    assert np.allclose(H * (SIGMA_Z + np.eye(2)) / 2, np.diag([0, H]))


def test_chain_hamiltonian_hopping_and_bands():
    ham = chain_hamiltonian(2, H, 0.1)
    assert np.allclose(ham, ham.T)
    assert ham[1, 2] == pytest.approx(0.4)          # <01|H|10> = 4 eps (sigma_+ sigma_- has norm 4)
    sp = chain_spectrum(3, H, 0.1)
    assert sp.bands.tolist() == [0, 1, 1, 1, 2, 2, 2, 3]
    assert np.allclose(sp.vectors.T @ sp.vectors, np.eye(8), atol=1e-14)
    assert np.allclose(sp.to_eigenbasis(chain_hamiltonian(3, H, 0.1)), np.diag(sp.energies), atol=1e-13)
    assert np.allclose(sp.energies[1:4], H + 0.4 * np.sqrt(2) * np.array([-1, 0, 1]))
    assert np.allclose(sp.energies[4:7], 2 * H + 0.4 * np.sqrt(2) * np.array([-1, 0, 1]))   # Fig. 1 bands


@pytest.mark.parametrize("bad", [{"N": 0}, {"N": 1.5}, {"h": 0.0}, {"eps": -1.0}])
def test_chain_rejects_bad_input(bad):
    args = {"N": 3, "h": H, "eps": 0.1, **bad}
    with pytest.raises(ValidationError) as exc:
        chain_hamiltonian(args["N"], args["h"], args["eps"])
    assert next(iter(bad)) in str(exc.value)


def _c(e):                                          # Eq. (C6)
    return G * np.sqrt(M / 2) / (e * (e - H)) ** 0.25


@pytest.mark.parametrize("e", [4.5, 6.0, 40.0])
def test_one_qubit_open_closed_forms(e):
    sp, sm, op = scattering_matrices(np.array(e), np.array([0.0, H]), probe_coupling(1), M, G)
    c = _c(e)
    assert np.allclose(sp, np.array([[1, -1j * c], [-1j * c, 1]]) / (1 + c**2), atol=1e-12)      # Eq. (C4)
    assert np.allclose(sm, -c / (1 + c**2) * np.array([[c, 1j], [1j, c]]), atol=1e-12)            # Eq. (C5)
    assert op.tolist() == [True, True]


@pytest.mark.parametrize("e", [0.3, 2.0, 3.9])
def test_one_qubit_closed_channel(e):
    sp, sm, op = scattering_matrices(np.array(e), np.array([0.0, H]), probe_coupling(1), M, G)
    c2 = -1j * G**2 * M / (2 * np.sqrt(e * (H - e)))                                              # Eq. (C8)
    assert sp[0, 0] == pytest.approx(1 / (1 + c2), abs=1e-12)                                     # Eq. (C7)
    assert sm[0, 0] == pytest.approx(-c2 / (1 + c2), abs=1e-12)
    assert op.tolist() == [True, False] and sp[1, 1] == 0 and sp[0, 1] == 0
    assert abs(sp[0, 0]) ** 2 + abs(sm[0, 0]) ** 2 == pytest.approx(1.0, abs=1e-12)


def test_chain_scattering_is_unitary_and_symmetric():
    sp_ = chain_spectrum(3, H, 0.1)
    v = sp_.vectors.T @ probe_coupling(3) @ sp_.vectors
    energies = np.linspace(0.01, 20.0, 57)
    s_plus, s_minus, op = scattering_matrices(energies, sp_.energies, v, M, G)
    assert unitarity_error(s_plus, s_minus, op) < 1e-12                       # flux conservation
    assert np.max(np.abs(s_plus - np.swapaxes(s_plus, -1, -2))) < 1e-13      # micro-reversibility (Sec. V B)


def test_effusion_and_incident_state():
    assert quad(lambda p: float(effusion(p, 0.3, 0.7)), 0, np.inf)[0] == pytest.approx(1.0, abs=1e-10)  # Eq. (40)
    p = np.array([0.4, 1.3])
    assert np.allclose(incident_kernel(p, p, 0.1, 0.1, 0.5), effusion(p, 0.1, 0.1))                  # Eq. (41)
    assert incident_kernel(1.0, 2.0, 0.1, 0.1, 0.5) == pytest.approx(effusion(1.5, 0.1, 0.1) * np.exp(-2.0))
