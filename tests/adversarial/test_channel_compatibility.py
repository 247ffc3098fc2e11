"""Adversarial checks of ``channel-marginal-compatibility`` certificates (the quantum channel marginal problem).

Known values: two identity channels on disjoint qubits force the global channel ``id ⊗ id`` (an identity
marginal decouples its party), whose Choi matrix has rank 1, so ``t* = lambda_min = 0`` in every class.  A
global identity on ``{0, 1}`` contradicts a replacement channel on ``{0}``: no global channel (``t* = -inf``),
so ``compatible`` must never be concluded; for the compatible instances ``incompatible`` must never be, not
even when a marginal carries a ``-1e-10`` roundoff eigenvalue (charged as the input's PSD deficit).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import sdpthermo
from sdpthermo.linalg.choi import choi_from_kraus
from tests.adversarial.near_tol import check_claim, check_kind

ID2 = choi_from_kraus([np.eye(2)])
ID4 = choi_from_kraus([np.eye(4)])
REPLACE0 = np.kron(np.eye(2), np.diag([1.0, 0.0]))


def solve(marginals, cls):
    return sdpthermo.solve("channel_marginal.compatible", dims_in=[2, 2], marginals=marginals, cls=cls, store=None)


@pytest.fixture(scope="module")
def compatible_ppt():
    return solve([{"parties": [0], "choi": ID2}, {"parties": [1], "choi": ID2}], "ppt")


def test_compatible_identities_never_false(rng, compatible_ppt):
    assert compatible_ppt.verified and compatible_ppt.data["compatible"]
    check_kind(compatible_ppt.certificate, 0.0, rng)
    check_claim(compatible_ppt.certificate, "incompatible", rng)


def test_cptp_class_never_both_compatible_and_incompatible(rng):
    """The CPTP instance's Farkas value sits at -1e-17 (roundoff): not a separating functional."""
    r = solve([{"parties": [0], "choi": ID2}, {"parties": [1], "choi": ID2}], "cptp")
    assert r.data["compatible"] and not r.data["incompatible"]
    check_kind(r.certificate, 0.0, rng)
    check_claim(r.certificate, "incompatible", rng)


def test_marginal_roundoff_eigenvalue_is_not_incompatibility(rng, compatible_ppt):
    v = np.zeros(4)
    v[1] = 1.0
    cert = compatible_ppt.certificate
    forged = replace(cert, problem={**cert.problem, "choi_0": ID2 - 1e-10 * np.outer(v, v)})
    check_claim(forged, "incompatible", rng)


def test_contradictory_marginals_never_compatible(rng):
    r = solve([{"parties": [0, 1], "choi": ID4}, {"parties": [0], "choi": REPLACE0}], "cptp")
    assert r.data["incompatible"] and not r.data["compatible"]
    check_claim(r.certificate, "compatible", rng)


def test_cached_matrix_and_rhs_match_the_model(compatible_ppt):
    """The verifier's cached ``A`` and its ``b`` are the model's constraint system."""
    from sdpthermo.certify.channel_marginal.compatibility import _marginals, _matrix, _rhs
    from sdpthermo.models.channel_marginal.compatibility import constraint_matrix

    cert = compatible_ppt.certificate
    marg = _marginals(cert)
    a, b = constraint_matrix([2, 2], [2, 2], marg, "ppt")
    a2 = _matrix((2, 2), (2, 2), ((0,), (1,)), "ppt")
    assert (a != a2).nnz == 0 and np.array_equal(_rhs([2, 2], [2, 2], marg, a.shape[0]), b)
