r"""Thermalizing a region with ``n - 1`` bath copies (seed 002, §III and App. A–C).

Region state ``rho = diag(p)`` and Gibbs state ``tau = diag(q)`` in the energy eigenbasis; global
input ``rho ⊗ tau^{⊗ n-1}``, target ``tau^{⊗ n}``.  Basis strings ``i`` of ``n`` copies are grouped
by their type ``m`` (occupation numbers, Eq. (C5)); the total weight of a type class is

* target: ``W_tau(m) = C(n; m) prod_k q_k^{m_k}``;
* input:  ``W_in(m) = sum_k C(n-1; m - e_k) p_k prod_j q_j^{(m - e_k)_j}`` (the first copy in level ``k``).

**Swap channel** (Eqs. (15) = (B5)): ``E_n(X) = (1/n) sum_i U_swap^(1,i) X U_swap^(1,i)^†`` maps the input to
the convex-split state (B3) = (B9), uniform on every type class (Lemma 17, Eq. (C6)), so
``||E_n(in) - tau^n||_1 = sum_m |W_in(m) - W_tau(m)|``.

**Optimum over energy-preserving random-unitary channels** (Eq. (17)): every such channel keeps the
weight of each energy subspace (Lemma 14, Eq. (C1)), and ``tau^n`` is uniform on each energy subspace,
so ``||E(in) - tau^n||_1 >= |tr Pi_E (in - tau^n)|`` summed over energies, with equality for the
energy-block twirl (uniform mixture of block-diagonal Weyl unitaries, output uniform on each subspace;
Lemma 15): ``min = sum_E |sum_{m in E} (W_in(m) - W_tau(m))|``.  Under the ESC each energy holds one type
and the two coincide (Theorem 3 = Prop. 18).

**Collision model** (App. A): ``d rho/dt = sum_k lambda_k (U_k rho U_k^† - rho)`` (Eq. (A8)) is the
Poissonian collision equation of seed 003 with ``H = 0``:
:func:`sdpthermo.models.collision.lindblad.poisson_liouvillian` and its Poisson-mixture solution
:func:`sdpthermo.models.collision.lindblad.poisson_mixture` (Eqs. (A9)–(A10), Prop. 6).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.states import gibbs_populations
>>> q = gibbs_populations([0.0, 1.0], 1.0); p = np.array([1.0, 0.0])
>>> round(swap_value(p, q, 3), 12) == round(optimal_value(p, q, [0.0, 1.0], 3)[0], 12)   # ESC (qubit)
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import gammaln

from sdpthermo.linalg.tensor import kron_all, permute_systems
from sdpthermo.models.bath.esc import type_energy_labels, types


def _log_multinomial(ms: np.ndarray) -> np.ndarray:
    return gammaln(ms.sum(axis=1) + 1) - gammaln(ms + 1).sum(axis=1)


def _log_power(q: np.ndarray, ms: np.ndarray) -> np.ndarray:
    """``log prod_k q_k^{m_k}`` with ``0^0 = 1`` (``-inf`` where a zero probability is raised to m > 0)."""
    with np.errstate(divide="ignore"):
        lq = np.log(q)
    return np.where(ms > 0, ms * lq, 0.0).sum(axis=1)


def type_weights(p: np.ndarray, q: np.ndarray, n: int, ms: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray,
                                                                                          np.ndarray]:
    """``(types, W_in, W_tau)`` of the type classes at ``n`` copies (module docstring)."""
    d = len(p)
    ms = types(n, d) if ms is None else ms
    w_tau = np.exp(_log_multinomial(ms) + _log_power(q, ms))
    w_in = np.zeros(len(ms))
    for k in range(d):
        has = ms[:, k] > 0
        rest = ms[has].copy()
        rest[:, k] -= 1
        w_in[has] += p[k] * np.exp(_log_multinomial(rest) + _log_power(q, rest))
    return ms, w_in, w_tau


def swap_value(p: np.ndarray, q: np.ndarray, n: int) -> float:
    """``||E_n(rho ⊗ tau^{n-1}) - tau^n||_1`` for the swap channel of Eq. (15)."""
    _, w_in, w_tau = type_weights(np.asarray(p, float), np.asarray(q, float), n)
    return float(np.abs(w_in - w_tau).sum())


def energy_weights(p: np.ndarray, q: np.ndarray, energies: Sequence[float] | np.ndarray,
                   n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(labels, dW, dim)``: energy label per type, ``tr Pi_E (in - tau^n)`` and ``dim Pi_E`` per energy."""
    ms, labels, _, _ = type_energy_labels(energies, n)
    _, w_in, w_tau = type_weights(np.asarray(p, float), np.asarray(q, float), n, ms)
    ng = int(labels.max()) + 1
    dw = np.bincount(labels, weights=w_in - w_tau, minlength=ng)
    dims = np.bincount(labels, weights=np.exp(_log_multinomial(ms)), minlength=ng)
    return labels, dw, dims


def optimal_value(p: np.ndarray, q: np.ndarray, energies: Sequence[float] | np.ndarray,
                  n: int) -> tuple[float, np.ndarray]:
    """``(min_E ||E(in) - tau^n||_1, signs)``: the Eq. (17) optimum and the witness signs ``s_E`` (Lemmas 14–15)."""
    _, dw, _ = energy_weights(p, q, energies, n)
    return float(np.abs(dw).sum()), np.sign(dw)


def convex_split_state(rho: np.ndarray, sigma: np.ndarray, n: int) -> np.ndarray:
    """``rho^(n) = (1/n) sum_m sigma^{m-1} ⊗ rho ⊗ sigma^{n-m}`` (Eq. (B3)); dense, small ``d^n`` only."""
    return np.asarray(sum(kron_all(*([sigma] * m + [rho] + [sigma] * (n - 1 - m))) for m in range(n))) / n


def random_pair(d: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two full-rank ``d x d`` states ``(rho, sigma)``: normalized ``G G^†`` of complex Ginibre ``G`` drawn from
    ``seed``."""
    rng = np.random.default_rng(seed)
    mats = []
    for _ in range(2):
        g = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
        m = g @ g.conj().T
        mats.append(m / np.trace(m).real)
    return mats[0], mats[1]


def swap_channel(x: np.ndarray, d: int, n: int) -> np.ndarray:
    """Apply Eq. (15): ``(1/n) sum_i U_swap^(1,i) X U_swap^(1,i)^†`` on ``(C^d)^{⊗ n}`` (dense)."""
    out = np.zeros_like(x)
    for i in range(n):
        perm = list(range(n))
        perm[0], perm[i] = perm[i], perm[0]
        out = out + permute_systems(x, perm, [d] * n)
    return out / n


def energy_block_twirl(x: np.ndarray, energies_total: np.ndarray, tol: float) -> np.ndarray:
    """Dense energy-block twirl: ``sum_E tr(Pi_E X) Pi_E / dim Pi_E`` (basis diagonal in energy)."""
    out = np.zeros_like(x)
    order = np.argsort(energies_total)
    groups, cur = [], [order[0]]
    for a, b in zip(order[:-1], order[1:]):
        if energies_total[b] - energies_total[a] > tol:
            groups.append(cur)
            cur = []
        cur.append(b)
    groups.append(cur)
    for g in groups:
        idx = np.array(g)
        out[idx, idx] = np.trace(x[np.ix_(idx, idx)]) / len(idx)
    return out


def total_energies(energies: Sequence[float], n: int) -> np.ndarray:
    """Diagonal of ``H^(n) = sum_i H_i`` (Eq. (6)) on ``n`` copies, big-endian."""
    e = np.asarray(energies, float)
    tot = np.zeros(1)
    for _ in range(n):
        tot = (tot[:, None] + e[None, :]).ravel()
    return tot


def random_energy_preserving_unitary(energies_total: np.ndarray, rng: np.random.Generator, tol: float) -> np.ndarray:
    """Haar-random unitary on each (degenerate) energy subspace of a diagonal Hamiltonian."""
    dim = len(energies_total)
    u = np.zeros((dim, dim), dtype=complex)
    for val in np.unique(np.round(energies_total / tol) * tol):
        idx = np.flatnonzero(np.abs(energies_total - val) <= tol)
        k = len(idx)
        z = rng.normal(size=(k, k)) + 1j * rng.normal(size=(k, k))
        qm, rm = np.linalg.qr(z)
        u[np.ix_(idx, idx)] = qm * (np.diag(rm) / np.abs(np.diag(rm)))
    return u
