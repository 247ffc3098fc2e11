"""Adversarial checks of ``eplt-losr-ensemble`` certificates (seed 000 Eq. (1); ``eplt.protocol``).

Known value: the quantity is the distance ``min ||Lambda - J||_max`` from the target ``J`` to the LOSR
channels; the targets of ``eplt.protocol`` (Eq. (5) by the exact Clifford twirl, App. A at ``T = 0``, the
Dür–Cirac ensemble of Eq. (B5)) are LOSR by construction, so it is 0.  A signalling target (the two-qubit
SWAP channel) is not LOSR: no perturbed ensemble may make ``is_losr`` true for it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import sdpthermo
from sdpthermo.certify import verify
from sdpthermo.linalg.choi import choi_from_kraus
from tests.adversarial.near_tol import check_claim, check_kind

CASES = [dict(protocol="clifford", energies=[0, 1], T=1.0),
         dict(protocol="zero-temperature", energies=[0, 0, 1]),
         dict(protocol="ghz", n=3, energies=[0, 1], T=1.0)]


@pytest.mark.parametrize("case", CASES, ids=[c["protocol"] for c in CASES])
def test_protocol_ensembles_never_false(rng, case):
    r = sdpthermo.solve("eplt.protocol", store=None, **case)
    assert r.verified and r.lower == 0.0 and r.upper < 1e-12
    check_kind(r.certificate, 0.0, rng)


def test_scaled_ensemble_stays_a_bound():
    """Weights scaled by 1 + 9e-7 pass (residual below tol) and the repaired ensemble still recomposes J."""
    cert = sdpthermo.solve("eplt.protocol", store=None, **CASES[0]).certificate
    v = verify(replace(cert, primal={**cert.primal, "p": cert.primal["p"] * (1 + 9e-7)}), 1e-6)
    assert v.passed and v.lower <= 0.0 <= v.upper < 1e-12


def test_signalling_target_is_never_losr(rng):
    cert = sdpthermo.solve("eplt.protocol", store=None, **CASES[0]).certificate
    swap = np.eye(4)[[0, 2, 1, 3]]
    forged = replace(cert, problem={**cert.problem, "J": choi_from_kraus([swap])})
    check_claim(forged, "is_losr", rng)
