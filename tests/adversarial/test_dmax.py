"""Adversarial tests of the ``dmax`` verifier (seed 002 Eq. (10); issue 14 items 3, 4, 7)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sdpthermo.certify import kinds, verify
from sdpthermo.certify.dmax import CONVENTION_DMAX
from sdpthermo.formulations.dmax.exact import dmax_certificate, solve_dmax
from sdpthermo.results import Certificate
from tests.adversarial.info_cases import TINY_EIGS, assert_brackets, dmax_commuting, push_under_tol
from tests.adversarial.perturb import assert_never_false


@pytest.mark.parametrize("seed", range(4))
def test_commuting_pairs_never_false(seed):
    rng = np.random.default_rng(seed)
    p, q = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(4))
    cert, _ = dmax_certificate(np.diag(p), np.diag(q))
    assert_never_false(cert, dmax_commuting(p, q), rng)


@pytest.mark.parametrize("s", TINY_EIGS)
def test_near_singular_sigma_never_false(s):
    rng = np.random.default_rng(7)
    p, q = np.array([0.9, 0.1]), np.array([1 - s, s])
    cert, _ = dmax_certificate(np.diag(p), np.diag(q))
    known = dmax_commuting(p, q)
    v = verify(cert, 1e-6)
    assert v.passed and v.upper - v.lower < 1e-9  # a diagonal pair gives a tight interval
    assert_never_false(cert, known, rng)
    for f in (0.5, 0.9, 0.99):  # the claimed t just under tol below the true ratio
        assert_brackets(push_under_tol(cert, "primal", "t", -f), known)
        assert_brackets(push_under_tol(cert, "dual", "v", f), known)


def test_issue_case_sigma_1e11_is_tight():
    out = solve_dmax(np.diag([0.9, 0.1]), np.diag([1 - 1e-11, 1e-11]))
    exact = math.log2(0.1 / 1e-11)
    v = out.verification
    assert out.verified and v.lower <= exact <= v.upper and v.upper - v.lower < 1e-9
    assert v.lower <= out.value <= v.upper


def test_full_rank_sigma_gives_finite_dmax():
    out = solve_dmax(np.diag([0.9, 0.1]), np.diag([1 - 1e-14, 1e-14]))
    assert out.verified and out.value == pytest.approx(math.log2(1e13), abs=1e-9)


def test_leakage_into_near_kernel_is_charged():
    # t = 1 with v on the large eigenvector: "tolerating" 1e-7 of rho where sigma is 1e-14 used to certify ~0 bits
    true = math.log2(1e-7 / 1e-14)
    cert = Certificate(kinds.DMAX, "min", {"t": np.array(1.0)}, {"v": np.array([1.0, 0.0])},
                       {"rho": np.diag([1 - 1e-7, 1e-7]), "sigma": np.diag([1 - 1e-14, 1e-14])}, CONVENTION_DMAX)
    v = verify(cert, 1e-6)
    assert not v.passed and v.lower <= true <= v.upper and true > 23


def test_rotated_near_singular_pair_never_false():
    rng = np.random.default_rng(3)
    o, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    p, q = np.array([0.5, 0.3, 0.2]), np.array([0.7, 0.3 - 1e-8, 1e-8])  # rotated: eigh resolves ~1e-14 relative
    cert, _ = dmax_certificate(o @ np.diag(p) @ o.T, o @ np.diag(q) @ o.T)
    assert_never_false(cert, dmax_commuting(p, q), rng, slack=1e-6)  # rotation roundoff moves the data by 1e-16


def test_rank_deficient_rho_and_exact_kernel():
    rng = np.random.default_rng(5)
    cert, _ = dmax_certificate(np.diag([0.5, 0.5, 0.0]), np.diag([0.25, 0.25, 0.5]))
    assert_never_false(cert, 1.0, rng)
    bad = Certificate(kinds.DMAX, "min", {"t": np.array(2.0)}, {"v": np.array([0.0, 1.0])},
                      {"rho": np.diag([0.5, 0.5]), "sigma": np.diag([1.0, 0.0])}, CONVENTION_DMAX)
    v = verify(bad, 1e-6)
    assert v.lower == math.inf and not v.passed  # weight on an exact kernel vector: D_max = +inf
