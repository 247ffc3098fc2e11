"""Compressed-SDP steps for D_max^eps (seed 002, Eq. (11)): both sides valid on any subspace, equal to the
blocked SDP on the whole space, and closing a degenerate-cluster gap that the SQP polish leaves."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sdpthermo.formulations.dmax.compressed import (
    alternate,
    dual_program,
    dual_steps,
    primal_program,
    primal_step,
)
from sdpthermo.formulations.dmax.smooth import (
    build_dmax_smooth,
    prepare,
    solve_dmax_smooth,
)
from sdpthermo.info.dmax_smooth.hypothesis import (
    block_ratio,
    hypothesis_lower,
    right_point,
    spectral_candidate,
)
from sdpthermo.info.dmax_smooth.lowrank import dual_value, refine_dual, refine_primal
from sdpthermo.linalg.hermitian import trace_norm
from tests.bath.test_dmax import _low_temperature_pair
from tests.conftest import random_state

R = 0.1


def _sdp_t(blocks, r: float) -> float:
    """Independent reference: the blocked SDP of Eq. (11) through cvxpy and Clarabel."""
    prob, v = build_dmax_smooth(blocks, r)
    prob.solve(solver="CLARABEL", tol_gap_abs=1e-10, tol_gap_rel=1e-10, tol_feas=1e-10)
    return float(v["t"].value)


def _assert_state_in_ball(xs, blocks, r: float) -> None:
    assert sum(np.trace(x) for x in xs) == pytest.approx(1.0, abs=1e-12)
    assert min(np.linalg.eigvalsh(x)[0] for x in xs) >= 0.0
    assert sum(trace_norm(x - rho) for x, (rho, _) in zip(xs, blocks)) <= r


@pytest.fixture(scope="module")
def random_pair():
    g = np.random.default_rng(5)
    blocks = [(random_state(g, 4, complex_=False) / 2, random_state(g, 4, complex_=False) / 2) for _ in range(2)]
    return blocks, _sdp_t(blocks, 0.3)


def test_whole_space_is_the_blocked_sdp(random_pair):
    blocks, t_sdp = random_pair
    whole = {i: np.eye(len(rho)) for i, (rho, _) in enumerate(blocks)}
    ys, zs, _, t = dual_program(blocks, 0.3, whole)
    assert dual_value(blocks, 0.3, ys, zs) == pytest.approx(t_sdp, rel=1e-7) and t == pytest.approx(t_sdp, rel=1e-7)
    t_up, xs = primal_program(blocks, 0.3, whole, 1.5 * t_sdp)  # Newton on t from far above
    assert t_up == pytest.approx(t_sdp, rel=1e-7) and t_up == block_ratio(xs, blocks)
    _assert_state_in_ball(xs, blocks, 0.3)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_any_subspace_gives_valid_bounds(random_pair, k):
    # a random k-dimensional subspace per block: the lifted dual point is a lower bound, the repaired
    # primal point an exactly feasible state (an upper bound), both against the blocked SDP
    blocks, t_sdp = random_pair
    g = np.random.default_rng(k)
    qs = {i: np.linalg.qr(g.standard_normal((len(rho), k)))[0] for i, (rho, _) in enumerate(blocks)}
    ys, zs, _, _ = dual_program(blocks, 0.3, qs)
    for y, z in zip(ys, zs):
        assert np.linalg.eigvalsh(y)[0] >= -1e-12 and np.linalg.eigvalsh(z)[0] >= -1e-12
    assert dual_value(blocks, 0.3, ys, zs) <= t_sdp * (1 + 1e-8)
    t_up, xs = primal_program(blocks, 0.3, qs, 2 * t_sdp)
    if math.isfinite(t_up):
        assert t_up >= t_sdp * (1 - 1e-8) and t_up == block_ratio(xs, blocks)
        _assert_state_in_ball(xs, blocks, 0.3)


def _duplicated(rho: np.ndarray, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``rho ⊕ rho / 2`` and ``sigma ⊕ sigma / 2``: every block appears twice, so every eigenvalue cluster of an
    optimum (top whitened eigenvalue, extreme eigenvalues of ``V``) has even multiplicity."""
    z = np.zeros_like(rho)
    return np.block([[rho, z], [z, rho]]) / 2, np.block([[sigma, z], [z, sigma]]) / 2


def _local_search(pair):
    """The blocks of ``pair``, the blocked SDP's verification (independent), and the smoothed local search's
    dual ``(Y, Z)``, primal value and states, and dual value: the start of the compressed steps."""
    blocks = prepare(*pair).blocks
    sdp = solve_dmax_smooth(*pair, R, method="sdp").verification
    t_low, vs = hypothesis_lower(blocks, R)
    t_right = right_point(blocks, R, t_low)
    ys, zs = refine_dual(blocks, R, vs, spectral_candidate(blocks, t_right)[0])
    t_loc, xs = refine_primal(blocks, R, t_right)
    return blocks, sdp, ys, zs, t_loc, xs, dual_value(blocks, R, ys, zs)


def test_degenerate_clusters_closed_from_the_local_search():
    # 6-spin low-temperature pair, doubled (blocks <= 20: the compressed programs take them whole): the local
    # search leaves ~1e-5 bits; the compressed steps, with every cluster one LMI, close it to ~1e-8 bits
    # (the interior-point tolerance), inside the certified interval of the blocked SDP (independent)
    pair = _duplicated(*_low_temperature_pair(12))
    blocks, sdp, ys, zs, t_loc, xs, lo0 = _local_search(pair)
    y2, z2, deltas = dual_steps(blocks, R, ys, zs)
    lo = dual_value(blocks, R, y2, z2)
    t_up, x2 = primal_step(blocks, R, xs, y2, z2, deltas, t_loc)
    assert lo0 < lo <= 2**sdp.upper and 2**sdp.lower <= t_up < t_loc
    _assert_state_in_ball(x2, blocks, R)
    assert math.log2(t_up / lo) < 1e-7 < math.log2(t_loc / lo0)


def test_alternating_steps_close_the_gap_from_the_local_search():
    # 6-spin low-temperature pair, doubled (every cluster of an optimum has even multiplicity; blocks of up to 20,
    # so the subspaces of 4-16 columns are proper): from the smoothed local search (~7e-3 bits, no SQP polish) the
    # alternating compressed steps certify below 1e-7 bits, each side never worse than its input, and the
    # interval lies inside that of the blocked SDP of Eq. (11) solved by cvxpy and Clarabel (independent)
    pair = _duplicated(*_low_temperature_pair(14))
    blocks, sdp, ys, zs, t_loc, xs, lo0 = _local_search(pair)
    t_up, x2, y2, z2 = alternate(blocks, R, t_loc, xs, ys, zs)
    lo = dual_value(blocks, R, y2, z2)
    assert math.log2(t_loc / lo0) > 1e-3 and math.log2(t_up / lo) < 1e-7
    assert 2**sdp.lower <= t_up <= t_loc and lo0 <= lo <= 2**sdp.upper
    assert t_up == block_ratio(x2, blocks)
    _assert_state_in_ball(x2, blocks, R)
    for y, z in zip(y2, z2):
        assert np.linalg.eigvalsh(y)[0] >= -1e-12 and np.linalg.eigvalsh(z)[0] >= -1e-12


@pytest.mark.slow
@pytest.mark.parametrize(("spins", "width"), [(8, 1e-6), (10, 2e-6)])
def test_benchmark_low_temperature_pairs_beyond_the_polish(spins, width):
    # the T = 1.5/2 pairs of benchmarks/bench_dmax.py: the SQP polish alone leaves ~8e-4 (8 spins) and ~1e-4
    # (10 spins) bits at the degenerate clusters; the compressed-SDP steps take them to ~2e-5 and ~5e-5 bits,
    # the alternating steps below 1e-6 and 2e-6 bits
    from benchmarks.bench_dmax import spin_pair

    g = np.random.default_rng(7)
    g.dirichlet(np.ones(64)), g.dirichlet(np.ones(64))  # the benchmark's draws before the spin pairs
    for k, t_rho, t_sigma in ((6, 3.0, 3.0), (6, 1.5, 2.0), (8, 3.0, 3.0), (8, 1.5, 2.0), (10, 3.0, 3.0)):
        pair = spin_pair(k, t_rho, t_sigma, g)
        if k == spins and t_rho == 1.5:
            break
    else:
        pair = spin_pair(10, 1.5, 2.0, g)
    out = solve_dmax_smooth(*pair, R)
    v = out.verification
    assert out.verified and out.data["route"] == "compressed-SDP dual + compressed-SDP point"
    assert v.upper - v.lower < width
