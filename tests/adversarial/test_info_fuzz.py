"""Randomized sweep (hypothesis) of the D_max verifiers on commuting pairs with near-singular sigma (issue 14)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from sdpthermo.formulations.dmax.exact import dmax_certificate
from sdpthermo.formulations.dmax.smooth import solve_dmax_smooth
from tests.adversarial.info_cases import dmax_commuting, smooth_commuting
from tests.adversarial.perturb import assert_never_false

pairs = st.tuples(st.integers(2, 5), st.integers(0, 2**31 - 1), st.sampled_from([0.0, 1e-14, 1e-12, 1e-10, 1e-6]))


def _pair(n: int, seed: int, tiny: float) -> tuple[np.ndarray, np.ndarray, np.random.Generator]:
    rng = np.random.default_rng(seed)
    p, q = rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))
    if tiny:
        q[-1] = tiny
        q /= q.sum()
    return p, q, rng


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(pairs)
def test_dmax_fuzz(case):
    p, q, rng = _pair(*case)
    cert, _ = dmax_certificate(np.diag(p), np.diag(q))
    assert_never_false(cert, dmax_commuting(p, q), rng)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(pairs, st.sampled_from([0.0, 0.01, 0.2, 1.0]))
def test_dmax_smooth_fuzz(case, r):
    p, q, rng = _pair(*case)
    out = solve_dmax_smooth(np.diag(p), np.diag(q), r)
    assert out.verification.lower <= out.value <= out.verification.upper
    assert_never_false(out.certificate, smooth_commuting(p, q, r), rng)
