"""Tensor operations and Choi conversions against independent constructions (1e-12)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from sdpthermo.linalg import (
    apply_choi,
    choi_from_kraus,
    choi_of_map,
    compose_choi,
    cptp_errors,
    is_cptp,
    kraus_from_choi,
    kron_all,
    partial_trace,
    partial_transpose,
    permute_systems,
    tensor_choi,
    trace_norm,
)
from tests.conftest import random_state

dims_strategy = st.lists(st.integers(1, 3), min_size=1, max_size=3)


def _rand(rng, n):
    return rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))


def _product(dims, seed):
    """Random complex factors ``ops`` on ``dims``, their product ``x = ⊗ ops`` and the generator."""
    rng = np.random.default_rng(seed)
    ops = [_rand(rng, d) for d in dims]
    return ops, kron_all(*ops), rng


@settings(max_examples=40, deadline=None)
@given(dims=dims_strategy, seed=st.integers(0, 2**31))
def test_partial_trace_of_products(dims, seed):
    ops, x, _ = _product(dims, seed)
    for k in range(len(dims)):
        keep = [ops[i] for i in range(len(dims)) if i != k]
        expect = np.trace(ops[k]) * (kron_all(*keep) if keep else np.eye(1))
        assert np.allclose(partial_trace(x, [k], dims), expect, atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(dims=dims_strategy, seed=st.integers(0, 2**31))
def test_partial_transpose_and_permutation_of_products(dims, seed):
    ops, x, rng = _product(dims, seed)
    for k in range(len(dims)):
        expect = kron_all(*[o.T if i == k else o for i, o in enumerate(ops)])
        assert np.allclose(partial_transpose(x, [k], dims), expect, atol=1e-12)
    perm = list(rng.permutation(len(dims)))
    assert np.allclose(permute_systems(x, perm, dims), kron_all(*[ops[i] for i in perm]), atol=1e-12)


def test_partial_transpose_default_is_last_factor(rng):
    x = random_state(rng, 6)
    assert np.allclose(partial_transpose(x, None, [2, 3]), partial_transpose(x, [1], [2, 3]))
    # full transpose = T_A T_B
    assert np.allclose(partial_transpose(partial_transpose(x, [0], [2, 3]), [1], [2, 3]), x.T)


def test_choi_kraus_round_trip_and_action(rng):
    kraus = [rng.normal(size=(3, 2)) + 1j * rng.normal(size=(3, 2)) for _ in range(3)]
    j = choi_from_kraus(kraus)
    x = _rand(rng, 2)
    direct = sum(k @ x @ k.conj().T for k in kraus)
    assert np.allclose(apply_choi(j, x, 2, 3), direct, atol=1e-12)
    assert np.allclose(choi_from_kraus(kraus_from_choi(j, 2, 3)), j, atol=1e-10)
    assert np.allclose(choi_of_map(lambda y: sum(k @ y @ k.conj().T for k in kraus), 2, 3), j, atol=1e-12)
    # DESIGN.md §7: J = sum_ij |i><j| ⊗ Phi(|i><j|), tr J = d_in for a TP map
    e01 = np.zeros((2, 2))
    e01[0, 1] = 1
    assert np.allclose(j[0:3, 3:6], sum(k @ e01 @ k.conj().T for k in kraus))


def test_cptp_detection(rng):
    u, _ = np.linalg.qr(_rand(rng, 3))
    j = choi_from_kraus([u])
    assert is_cptp(j, 3, 3)
    assert float(np.trace(j).real) == pytest.approx(3.0, abs=1e-12)
    errs = cptp_errors(2 * j, 3, 3)
    assert errs["tp"] == pytest.approx(1.0, abs=1e-12) and not is_cptp(2 * j, 3, 3)
    pt = partial_transpose(j, [1], [3, 3])  # the transpose map is positive but not CP
    assert cptp_errors(pt, 3, 3)["cp"] > 0.1


def test_compose_and_tensor(rng):
    k1 = [np.linalg.qr(_rand(rng, 2))[0]]
    k2 = [np.sqrt(0.3) * np.eye(2), np.sqrt(0.7) * np.diag([1, -1])]
    j1, j2 = choi_from_kraus(k1), choi_from_kraus(k2)
    x = random_state(rng, 2)
    both = compose_choi(j2, j1, 2, 2, 2)
    assert np.allclose(apply_choi(both, x, 2, 2), apply_choi(j2, apply_choi(j1, x, 2, 2), 2, 2), atol=1e-12)
    jt = tensor_choi(j1, j2, 2, 2, 2, 2)
    y = random_state(rng, 4)
    direct = sum(np.kron(a, b) @ y @ np.kron(a, b).conj().T for a in k1 for b in k2)
    assert np.allclose(apply_choi(jt, y, 4, 4), direct, atol=1e-12)


def test_trace_norm_closed_form():
    assert trace_norm(np.diag([0.5, -0.25, 0.0])) == pytest.approx(0.75, abs=1e-15)
    assert trace_norm(np.array([[0, 1], [0, 0]])) == pytest.approx(1.0, abs=1e-15)
