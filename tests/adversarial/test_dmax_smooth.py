"""Adversarial tests of the ``dmax-smooth`` verifier (seed 002 Eq. (11); issue 14 items 3, 4, 7)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sdpthermo.certify import kinds, verify
from sdpthermo.certify.dmax import CONVENTION_SMOOTH
from sdpthermo.formulations.dmax.smooth import solve_dmax_smooth
from sdpthermo.results import Certificate
from tests.adversarial.info_cases import TINY_EIGS, assert_brackets, push_under_tol, smooth_commuting
from tests.adversarial.perturb import assert_never_false

RHO, R = np.array([0.9, 0.1]), 0.199998


def _issue_cert(x1: float, t: float, s: float = 1e-12) -> Certificate:
    blocks = {"rho_0": np.array([[0.9]]), "rho_1": np.array([[0.1]]),
              "sigma_0": np.array([[1 - s]]), "sigma_1": np.array([[s]])}
    return Certificate(kinds.DMAX_SMOOTH, "min",
                       {"X_0": np.array([[0.999999]]), "X_1": np.array([[x1]]), "t": np.array(t)},
                       {"Y_0": np.zeros((1, 1)), "Y_1": np.ones((1, 1)), "Z_0": np.zeros((1, 1)),
                        "Z_1": np.zeros((1, 1))}, blocks, CONVENTION_SMOOTH,
                       {"nblocks": 2, "metric": "trace-norm", "radius": R, "fidelity": 1.0, "eps": R, "off_block": 0.0})


def test_issue_hand_built_certificate_cannot_certify_8_97_bits():
    true = smooth_commuting(RHO, np.array([1 - 1e-12, 1e-12]), R)
    assert true == pytest.approx(math.log2(1e6), abs=1e-6)
    v = verify(_issue_cert(5e-10, 500.0), 1e-6)  # trace deficit 1e-6: used to certify upper = 8.97 bits
    assert v.lower <= true <= v.upper and v.upper > 19.9


def test_issue_solve_path_value_inside_interval():
    out = solve_dmax_smooth(np.diag(RHO), np.diag([1 - 1e-12, 1e-12]), R)
    v = out.verification
    true = smooth_commuting(RHO, np.array([1 - 1e-12, 1e-12]), R)
    assert out.verified and v.lower <= out.value <= v.upper and v.lower - 1e-9 <= true <= v.upper + 1e-9
    assert v.upper - v.lower < 1e-8
    sdp = solve_dmax_smooth(np.diag(RHO), np.diag([1 - 1e-12, 1e-12]), R, method="sdp")
    assert sdp.verification.lower <= sdp.value <= sdp.verification.upper
    assert sdp.verification.lower - 1e-9 <= true <= sdp.verification.upper + 1e-9


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("r", [0.0, 0.1, 0.5])
def test_commuting_pairs_never_false(seed, r):
    rng = np.random.default_rng(seed)
    p, q = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(4))
    out = solve_dmax_smooth(np.diag(p), np.diag(q), r)
    assert_never_false(out.certificate, smooth_commuting(p, q, r), rng)


@pytest.mark.parametrize("s", TINY_EIGS)
def test_near_singular_sigma_never_false(s):
    rng = np.random.default_rng(11)
    q = np.array([1 - s, s])
    known = smooth_commuting(RHO, q, R)
    out = solve_dmax_smooth(np.diag(RHO), np.diag(q), R)
    assert out.verified and out.verification.upper - out.verification.lower < 1e-8
    assert_never_false(out.certificate, known, rng)
    for f in (0.5, 0.9, 0.99):
        for name in ("X_1", "X_0", "Y_1"):
            sec = "dual" if name.startswith("Y") else "primal"
            assert_brackets(push_under_tol(out.certificate, sec, name, -f), known)
            assert_brackets(push_under_tol(out.certificate, sec, name, f), known)


def test_hand_built_residuals_just_under_tol():
    # trace / ball residuals just under 1e-6 in the near-kernel block: every passing variant brackets the value
    true = smooth_commuting(RHO, np.array([1 - 1e-12, 1e-12]), R)
    for x1 in (1e-6 * (1 - 0.99), 1e-6 * 0.5, 1e-6 * 0.999, 1e-6):
        for t in (1e6, 5e5, 500.0):
            assert_brackets(_issue_cert(x1, t), true)


def test_rank_deficient_rho_sdp_route_never_false():
    rng = np.random.default_rng(2)
    p, q = np.array([0.6, 0.4, 0.0]), np.array([0.2, 0.3, 0.5])
    out = solve_dmax_smooth(np.diag(p), np.diag(q), 0.1, method="sdp")
    assert out.verification.lower <= out.value <= out.verification.upper
    assert_never_false(out.certificate, smooth_commuting(p, q, 0.1), rng)
