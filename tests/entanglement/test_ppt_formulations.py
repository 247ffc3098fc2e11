"""The negativity and decomposable-witness SDPs against their closed forms and across backends (~1e-6)."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.certify import verify
from sdpthermo.formulations.decomposable_witness import closed_form_witness, solve_decomposable_witness
from sdpthermo.formulations.negativity import solve_negativity
from sdpthermo.info.negativity import min_pt_eigenvalue, negativity
from sdpthermo.models.eplt.channels import eplt_map, eps_star
from sdpthermo.models.states import gibbs_state, isotropic, max_entangled
from sdpthermo.sdp.options import SolveOptions
from tests.conftest import random_state

BACKENDS = [SolveOptions(), SolveOptions(solver="scs"), SolveOptions(backend="picos")]
IDS = ["cvxpy-clarabel", "cvxpy-scs", "picos-cvxopt"]


def _states(rng):
    g = gibbs_state([0.0, 0.8, 1.7], 0.9)
    yield "eplt-qutrit", eplt_map(max_entangled(3), g, g, eps_star(g, g)), [3, 3]
    yield "random-real-2x3", random_state(rng, 6, complex_=False), [2, 3]
    yield "random-complex-2x2", random_state(rng, 4), [2, 2]
    yield "separable-isotropic", isotropic(0.2, 2), [2, 2]


@pytest.mark.parametrize("opts", BACKENDS, ids=IDS)
def test_negativity_sdp_matches_closed_form(rng, opts):
    for name, rho, dims in _states(rng):
        out = solve_negativity(rho, dims, "sdp", opts)
        exact = negativity(rho, dims)
        assert out.verified, (name, out.verification)
        assert out.value == pytest.approx(exact, abs=1e-6), name
        v = out.verification
        assert v.lower - 1e-12 <= exact <= v.upper + 1e-12, name   # rigorous bounds bracket the truth
        assert v.upper - v.lower < 1e-5, name
        assert out.data["entangled"] == (exact > 1e-6), name


@pytest.mark.parametrize("opts", BACKENDS, ids=IDS)
def test_witness_sdp_matches_minimal_eigenvector(rng, opts):
    for name, rho, dims in _states(rng):
        out = solve_decomposable_witness(rho, dims, opts)
        exact = min(float(np.linalg.eigvalsh(rho)[0]), min_pt_eigenvalue(rho, dims))
        assert exact == pytest.approx(closed_form_witness(rho, dims)[0], abs=1e-14)
        assert out.verified, (name, out.verification)
        assert out.value == pytest.approx(exact, abs=1e-6), name
        v = out.verification
        assert v.lower - 1e-12 <= exact <= v.upper + 1e-12, name
        assert out.data["entangled"] == (exact < -1e-6), name


def test_closed_form_certificates_are_tight(rng):
    for _, rho, dims in _states(rng):
        out = solve_negativity(rho, dims)
        assert out.verified and out.verification.tight
        assert out.verification.upper - out.verification.lower < 1e-12


def test_tampered_certificate_fails_or_loosens(rng):
    rho = isotropic(0.9, 2)
    out = solve_negativity(rho, [2, 2])
    cert = out.certificate
    bad_dual = type(cert)(**{**cert.__dict__, "dual": {"Y": 0 * cert.dual["Y"]}})
    v = verify(bad_dual, 1e-6)
    assert not v.passed and v.residuals["dual_slack_psd"] > 0.1
    bad_primal = type(cert)(**{**cert.__dict__, "primal": {**cert.primal, "Q": 2 * cert.primal["Q"]}})
    v2 = verify(bad_primal, 1e-6)
    assert not v2.passed and v2.residuals["Q_le_I"] > 0.5
    # a witness on a separable state can never verify as entangled
    sep = isotropic(0.1, 2)
    forged = type(cert)(**{**cert.__dict__, "problem": {"rho": sep}})
    assert not verify(forged, 1e-6).conclusions["entangled"]
