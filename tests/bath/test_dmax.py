"""D_max (seed 002 Eq. (10)) and smooth D_max (Eq. (11)): closed forms, SDP cross-checks, certificates."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from sdpthermo.certify import verify
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.dmax.exact import solve_dmax
from sdpthermo.formulations.dmax.smooth import LOCAL_SOLVER, solve_dmax_smooth
from sdpthermo.info.dmax import dmax
from sdpthermo.info.dmax_smooth.hypothesis import (
    excess,
    hypothesis_lower,
    right_point,
    schur_point,
    spectral_candidate,
    waterfill,
)
from sdpthermo.linalg.hermitian import trace_norm
from sdpthermo.models.mbl.heisenberg import dense_xxz
from sdpthermo.models.mbl.sectors import open_bonds
from sdpthermo.results import Status
from tests.conftest import random_state


def _width(out) -> float:
    return out.verification.upper - out.verification.lower


def test_dmax_closed_form_commuting():
    p, q = np.array([0.6, 0.3, 0.1]), np.array([0.2, 0.5, 0.3])
    out = solve_dmax(np.diag(p), np.diag(q))
    assert out.verified and out.value == pytest.approx(math.log2(3.0), abs=1e-12)
    assert out.verification.lower == pytest.approx(out.verification.upper, abs=1e-10)


def test_dmax_certificate_attains(rng):
    rho, sigma = random_state(rng, 5), random_state(rng, 5)
    out = solve_dmax(rho, sigma)
    t = 2.0**out.value
    assert np.linalg.eigvalsh(t * sigma - rho)[0] > -1e-9  # 2^lambda sigma - rho >= 0
    assert _width(out) < 1e-8 and out.verified


def test_dmax_rank_deficient_sigma_with_nested_support():
    rho = np.diag([0.5, 0.5, 0.0])
    sigma = np.diag([0.25, 0.25, 0.5])
    sig2 = np.diag([0.5, 0.5, 0.0])
    assert dmax(rho, sigma) == pytest.approx(1.0, abs=1e-12)
    assert dmax(rho, sig2) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("bad", [
    dict(rho=np.diag([0.5, 0.5]), sigma=np.diag([1.0, 0.0])),          # supp rho not in supp sigma
    dict(rho=np.eye(2) / 2, sigma=np.eye(3) / 3),                      # mismatched shapes
    dict(rho=np.eye(2), sigma=np.eye(2) / 2),                          # not normalized
])
def test_dmax_bad_input(bad):
    with pytest.raises(ValidationError):
        solve_dmax(**bad)


@pytest.mark.parametrize("eps", [-0.1, 2.5])
def test_smooth_bad_eps(eps):
    with pytest.raises(ValidationError, match="eps"):
        solve_dmax_smooth(np.eye(2) / 2, np.eye(2) / 2, eps)


def test_smooth_bad_metric_and_shape():
    with pytest.raises(ValidationError, match="metric"):
        solve_dmax_smooth(np.eye(2) / 2, np.eye(2) / 2, 0.1, metric="l2")
    with pytest.raises(ValidationError, match="eps"):
        solve_dmax_smooth(np.eye(2) / 2, np.eye(2) / 2, 1.5, metric="trace-distance")
    with pytest.raises(ValidationError, match="sigma"):
        solve_dmax_smooth(np.eye(2) / 2, np.eye(3) / 3, 0.1)
    with pytest.raises(ValidationError, match="rho"):
        solve_dmax_smooth(np.diag([0.5, 0.5]), np.diag([1.0, 0.0]), 0.1)


@pytest.mark.parametrize("r", [0.0, 0.05, 0.3, 1.0])
def test_commuting_waterfill_equals_sdp(rng, r):
    p, q = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))
    fast = solve_dmax_smooth(np.diag(p), np.diag(q), r, method="fast")
    sdp = solve_dmax_smooth(np.diag(p), np.diag(q), r, method="sdp")
    assert fast.verified and sdp.verified
    assert _width(fast) < 1e-9
    assert fast.verification.lower == pytest.approx(sdp.verification.lower, abs=1e-6)
    t, pt = waterfill(p, q, r)
    assert np.abs(pt - p).sum() <= r + 1e-12 and pt.sum() == pytest.approx(1) and np.all(pt <= t * q + 1e-15)


def test_eps_zero_is_dmax(rng):
    rho, sigma = random_state(rng, 4), random_state(rng, 4)
    out = solve_dmax_smooth(rho, sigma, 0.0)
    assert out.verified and _width(out) < 1e-8
    assert out.verification.lower == pytest.approx(dmax(rho, sigma), abs=1e-8)


def test_large_eps_gives_zero(rng):
    rho, sigma = random_state(rng, 3, complex_=False), random_state(rng, 3, complex_=False)
    dist = trace_norm(rho - sigma)
    for eps in (dist, 2.0):
        out = solve_dmax_smooth(rho, sigma, eps)
        assert out.verified and out.verification.lower == 0.0 and out.verification.upper < 1e-9
    just_below = solve_dmax_smooth(rho, sigma, 0.9 * dist)
    assert just_below.verification.lower > 0


def test_monotone_in_eps_and_matches_sdp(rng):
    rho, sigma = random_state(rng, 4, rank=2), random_state(rng, 4)
    vals = []
    for eps in (0.0, 0.05, 0.1, 0.2, 0.4):
        out = solve_dmax_smooth(rho, sigma, eps)
        assert out.verified and _width(out) < 1e-5, out.data
        vals.append(out.verification.lower)
    assert all(a >= b - 1e-7 for a, b in zip(vals, vals[1:]))


def test_data_processing_under_random_channel(rng):
    rho, sigma = random_state(rng, 4, complex_=False), random_state(rng, 4, complex_=False)
    k = rng.normal(size=(3, 3, 4))  # three Kraus operators C^4 -> C^3
    s = sum(a.T @ a for a in k)
    w, v = np.linalg.eigh(s)
    k = [a @ v @ np.diag(w**-0.5) @ v.T for a in k]  # sum K^T K = I
    ch = lambda x: sum(a @ x @ a.T for a in k)  # noqa: E731
    for eps in (0.0, 0.1):
        before = solve_dmax_smooth(rho, sigma, eps)
        after = solve_dmax_smooth(ch(rho), ch(sigma), eps)
        assert after.verification.lower <= before.verification.upper + 1e-7


def test_metrics_ordered(rng):
    rho, sigma = random_state(rng, 3), random_state(rng, 3)
    eps = 0.1
    tn = solve_dmax_smooth(rho, sigma, eps, "trace-norm")
    td = solve_dmax_smooth(rho, sigma, eps, "trace-distance")
    pu = solve_dmax_smooth(rho, sigma, eps, "purified")
    pu_half = solve_dmax_smooth(rho, sigma, eps / 2, "purified")
    for o in (tn, td, pu, pu_half):
        assert o.verified and _width(o) < 1e-5, o.data
    # trace-distance ball (T <= eps) contains the trace-norm ball (T <= eps/2) and the purified ball (T <= P <= eps)
    assert td.verification.lower <= tn.verification.upper + 1e-7
    assert td.verification.lower <= pu.verification.upper + 1e-7
    # purified ball of radius eps/2 lies inside the trace-norm ball of radius eps
    assert tn.verification.lower <= pu_half.verification.upper + 1e-7


def test_block_structured_magnetization_pair(rng):
    # two 3-spin states commuting with total S^z: random blocks per magnetization sector
    k = 3
    mag = np.array([bin(i).count("1") for i in range(2**k)])
    mats = []
    for _ in range(2):
        m = np.zeros((2**k, 2**k))
        for s in range(k + 1):
            idx = np.flatnonzero(mag == s)
            g = rng.normal(size=(len(idx), len(idx)))
            m[np.ix_(idx, idx)] = g @ g.T
        mats.append(m / np.trace(m))
    fast = solve_dmax_smooth(mats[0], mats[1], 0.1)
    assert fast.data["nblocks"] == k + 1 and fast.data["max_block"] == 3
    dense = solve_dmax_smooth(mats[0], mats[1], 0.1, method="sdp")
    assert fast.verified and dense.verified
    assert fast.verification.lower == pytest.approx(dense.verification.lower, abs=1e-5)


def _chain_gibbs(k: int, fields: np.ndarray, temp: float) -> np.ndarray:
    w, v = np.linalg.eigh(dense_xxz(k, open_bonds(k), fields))
    p = np.exp(-(w - w[0]) / temp)
    return (v * (p / p.sum())) @ v.T


def _spin_pair(k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Gibbs states (T = 3) of two differently disordered open Heisenberg chains: both conserve S^z, do not commute."""
    g = np.random.default_rng(seed)
    return _chain_gibbs(k, g.uniform(-3, 3, k), 3.0), _chain_gibbs(k, g.uniform(-1, 1, k), 3.0)


@pytest.mark.parametrize("seed", range(6))
def test_schur_point_is_an_exactly_feasible_state(rng, seed):
    # whenever schur_point returns a candidate it must be a state, below t sigma and inside the ball
    g = np.random.default_rng(seed)
    blocks = [(random_state(g, 4, complex_=bool(seed % 2)), random_state(g, 4, complex_=bool(seed % 2)))
              for _ in range(2)]
    blocks = [(r / 2, s / 2) for r, s in blocks]
    r = 0.2
    t_low, _ = hypothesis_lower(blocks, r)
    found = 0
    for t in t_low * np.array([1.0 + 1e-9, 1.01, 1.1, 1.5, 3.0]):
        xs = schur_point(blocks, float(t), r)
        if xs is None:
            continue
        found += 1
        tol = 1e-13 * t  # float64 cancellation in t sigma - C (Lambda - T) C^+
        assert sum(np.trace(x).real for x in xs) == pytest.approx(1.0, abs=10 * tol)
        for x, (_, sig) in zip(xs, blocks):
            assert np.linalg.eigvalsh(x)[0] >= -tol
            assert np.linalg.eigvalsh(t * sig - x)[0] >= -tol
        dist = sum(trace_norm(x - rho) for x, (rho, _) in zip(xs, blocks))
        assert dist <= r + 10 * tol
        assert dist == pytest.approx(2 * excess(blocks, float(t))[0], abs=10 * tol)  # ||rho~ - rho||_1 = 2 f(t)
    assert found >= 1


def test_schur_point_closes_pair_where_spectral_point_fails():
    # k = 6 spins (d = 64): the spectral point is not a state, the Schur-complement point certifies the
    # hypothesis-testing bound as the value; the blocked SDP (independent) lands inside the interval
    rho, sigma = _spin_pair(6, 11)
    fast = solve_dmax_smooth(rho, sigma, 0.1, method="fast")
    assert fast.verified and _width(fast) < 1e-8
    assert fast.data["route"] == "hypothesis-testing bound + Schur-complement point"
    assert fast.status is Status.CLOSED_FORM and fast.solver.name == "numpy.linalg.eigh"
    from sdpthermo.formulations.dmax.smooth import prepare
    blocks = prepare(rho, sigma).blocks
    t_low, _ = hypothesis_lower(blocks, 0.1)
    assert spectral_candidate(blocks, right_point(blocks, 0.1, t_low))[1] < -1e-6
    sdp = solve_dmax_smooth(rho, sigma, 0.1, method="sdp")
    assert sdp.verified
    assert fast.verification.lower - 1e-6 <= sdp.value <= fast.verification.upper + 1e-6


@pytest.mark.parametrize("k, block", [(8, 70), (10, 252)])
def test_spin_pairs_k8_k10_certified_solver_free(k, block):
    # d = 256, 1024 (blocks up to 70, 252; no SDP): certified to 1e-6 bits by the Schur-complement point
    rho, sigma = _spin_pair(k, 11)
    out = solve_dmax_smooth(rho, sigma, 0.1)
    assert out.verified and _width(out) < 1e-6 and out.data["max_block"] == block
    assert out.data["route"] == "hypothesis-testing bound + Schur-complement point"


def _low_temperature_pair(seed: int, k: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """rho: Gibbs state at T = 1.5 of a strongly disordered k-spin chain (numerically rank deficient); sigma: T = 2."""
    g = np.random.default_rng(seed)
    return _chain_gibbs(k, g.uniform(-3, 3, k), 1.5), _chain_gibbs(k, g.uniform(-1, 1, k), 2.0)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_low_rank_refinement_closes_the_binding_case(seed):
    # rho~ >= 0 binds: neither the spectral nor the Schur point is a state and the hypothesis-testing bound
    # is below the value; the low-rank local search (dual seeded at the spectral point's negative part,
    # primal at the Schur slack) and its SQP polish on exact constraints certify both sides without a
    # solver, far tighter than the blocked SDP
    rho, sigma = _low_temperature_pair(seed)
    fast = solve_dmax_smooth(rho, sigma, 0.1, method="fast")
    sdp = solve_dmax_smooth(rho, sigma, 0.1, method="sdp")  # independent formulation: blocked SDP (Clarabel)
    v, w = fast.verification, sdp.verification
    assert fast.verified and sdp.verified
    assert fast.data["route"] == "SQP-polished dual + SQP-polished point"
    assert fast.status is Status.LOCAL_SEARCH and fast.solver.name == LOCAL_SOLVER  # what ran, not a closed form
    assert v.upper - v.lower < 1e-8
    assert v.lower > math.log2(fast.data["t_lower"]) + 0.02  # strictly above the hypothesis-testing bound
    assert w.lower - 1e-9 <= v.lower and v.upper <= w.upper + 1e-9  # inside the (wider) certified SDP interval


def test_low_rank_refinement_at_8_spins():
    # d = 256, blocks up to 70 (beyond the blocked SDP of `auto`): the hypothesis-testing bound is 0.2 bits
    # below the value; both certified sides meet to < 1e-6 bits in seconds, with no solver
    rho, sigma = _low_temperature_pair(11, k=8)
    out = solve_dmax_smooth(rho, sigma, 0.1)
    v = out.verification
    assert out.verified and out.data["max_block"] == 70
    assert out.data["route"] == "SQP-polished dual + SQP-polished point"
    assert v.upper - v.lower < 1e-6
    assert v.lower > math.log2(out.data["t_lower"]) + 0.1


def test_rank_deficient_gap_is_closed_by_sdp(rng):
    rho, sigma = random_state(rng, 4, complex_=False, rank=1), random_state(rng, 4, complex_=False)
    fast = solve_dmax_smooth(rho, sigma, 0.1, method="fast")
    auto = solve_dmax_smooth(rho, sigma, 0.1, method="auto")
    assert fast.verified and auto.verified
    assert _width(auto) < 1e-5
    assert fast.verification.lower <= auto.verification.lower + 1e-9  # the hypothesis bound is a lower bound


def test_certificates_reverify_without_cvxpy(rng, tmp_path):
    rho, sigma = random_state(rng, 3), random_state(rng, 3)
    out = solve_dmax_smooth(rho, sigma, 0.1, method="sdp")
    arrays = out.certificate.arrays()
    np.savez(tmp_path / "c.npz", **arrays)
    import json

    (tmp_path / "c.json").write_text(json.dumps(out.certificate.to_json()))
    code = f"""
import sys, json, numpy as np
sys.modules['cvxpy'] = None; sys.modules['picos'] = None
from sdpthermo.results import Certificate
from sdpthermo.certify import verify
c = Certificate.from_json(json.load(open(r'{tmp_path / "c.json"}')), dict(np.load(r'{tmp_path / "c.npz"}')))
v = verify(c, 1e-6)
print(v.passed, v.lower, v.upper)
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    passed, lo, up = res.stdout.split()
    assert passed == "True" and float(lo) == pytest.approx(out.verification.lower)
    assert verify(out.certificate).passed


def test_dual_roundoff_charged_per_block():
    # 40 one-dimensional blocks, 7 of them active: the verifier's float64 error bound is summed per block
    # (it used to multiply the norms of all blocks, costing ~0.009 bits of the lower bound here)
    p = np.full(40, 1 / 40)
    q = np.geomspace(1, 1e-2, 40)
    q /= q.sum()
    out = solve_dmax_smooth(np.diag(p), np.diag(q), 0.1)
    t, _ = waterfill(p, q, 0.1)
    assert out.verified and _width(out) < 1e-9
    assert out.verification.lower == pytest.approx(math.log2(t), abs=1e-9)
