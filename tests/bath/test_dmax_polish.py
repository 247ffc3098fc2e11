"""SQP polish of the low-rank D_max^eps bounds (seed 002, Eq. (11)): validity of both sides, and tightness."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sdpthermo.formulations.dmax.smooth import prepare
from sdpthermo.info.dmax_smooth.hypothesis import block_ratio, hypothesis_lower, right_point, spectral_candidate
from sdpthermo.info.dmax_smooth.lowrank import dual_value, refine_dual, refine_primal
from sdpthermo.info.dmax_smooth.polish import polish_dual, polish_primal, primal_seed
from sdpthermo.linalg.hermitian import trace_norm
from tests.bath.test_dmax import _low_temperature_pair

R = 0.1


@pytest.fixture(scope="module")
def binding_case():
    """A 6-spin low-temperature pair where rho~ >= 0 binds, with the local search's output on both sides."""
    blocks = prepare(*_low_temperature_pair(12)).blocks
    t_low, vs = hypothesis_lower(blocks, R)
    t_right = right_point(blocks, R, t_low)
    ys, zs = refine_dual(blocks, R, vs, spectral_candidate(blocks, t_right)[0])
    t_loc, _ = refine_primal(blocks, R, t_right)
    active = [i for i, v in enumerate(vs) if v.shape[1]]
    return blocks, t_low, ys, zs, t_loc, active


def test_polished_dual_is_a_valid_better_dual_point(binding_case):
    blocks, t_low, ys, zs, *_ = binding_case
    y2, z2 = polish_dual(blocks, R, ys, zs)
    for y, z in zip(y2, z2):  # Y, Z >= 0 exactly as built (factors), so g(Y, Z) is a lower bound
        assert np.linalg.eigvalsh(y)[0] > -1e-12 * max(1.0, np.abs(y).max())
        assert np.linalg.eigvalsh(z)[0] > -1e-12 * max(1.0, np.abs(z).max())
    assert dual_value(blocks, R, y2, z2) >= dual_value(blocks, R, ys, zs) > t_low


def test_polished_primal_is_an_exactly_feasible_state(binding_case):
    blocks, _, ys, zs, t_loc, active = binding_case
    # seeds from the rough (local) and the polished dual: neither need be feasible, the result always is
    for seed in (primal_seed(blocks, ys, zs), primal_seed(blocks, *polish_dual(blocks, R, ys, zs))):
        t, xs = polish_primal(blocks, R, seed, active)
        assert t == pytest.approx(block_ratio(xs, blocks), rel=1e-14)  # the returned t is the exact D_max
        assert sum(np.trace(x) for x in xs) == pytest.approx(1.0, abs=1e-12)
        assert min(np.linalg.eigvalsh(x)[0] for x in xs) >= 0.0
        assert sum(trace_norm(x - rho) for x, (rho, _) in zip(xs, blocks)) <= R
        assert t <= t_loc * (1 + 1e-12)


def test_polish_closes_the_interval(binding_case):
    # primal seeded by complementary slackness from the polished dual: both sides meet to ~1e-9 bits
    # (the local search alone leaves ~1e-5; the blocked SDP with Clarabel ~1e-7)
    blocks, _, ys, zs, _, active = binding_case
    y2, z2 = polish_dual(blocks, R, ys, zs)
    t_up, _ = polish_primal(blocks, R, primal_seed(blocks, y2, z2), active)
    assert math.log2(t_up) - math.log2(dual_value(blocks, R, y2, z2)) < 1e-8


def test_nothing_active_is_a_no_op():
    blocks = prepare(np.diag([0.5, 0.5]), np.diag([0.5, 0.5])).blocks
    zeros = [np.zeros_like(rho) for rho, _ in blocks]
    assert polish_dual(blocks, R, zeros, zeros) == (zeros, zeros)
    assert polish_primal(blocks, R, [rho for rho, _ in blocks], []) == (math.inf, [rho for rho, _ in blocks])
