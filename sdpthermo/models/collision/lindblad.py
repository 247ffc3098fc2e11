r"""The Poissonian Lindblad equation of seed 003, Eqs. (7) and (71), and the observables of Figs. 2–4.

The same equation with ``H = 0`` and a random-unitary collision map is seed 002's collision master
equation, Eq. (A8); :func:`poisson_mixture` is its solution Eqs. (A9)–(A10).

.. math::

    \dot\rho = \mathcal L\rho = -i[H(\epsilon), \rho] + \Gamma\,(\mathbb S - \mathbb I)\rho ,

collisions at Poissonian times with rate ``Gamma`` and unitary evolution in between (Eq. 7).  With the
row-major ``vec`` (``vec(A X B) = (A ⊗ B^T) vec X``) the Liouvillian is ``L = -i (H ⊗ I - I ⊗ H^T) +
Gamma (S_hat - I)``, ``S_hat[(j'k'), (jk)] = S^{jk}_{j'k'}``.  The steady state solves ``L vec rho =
0``, ``tr rho = 1`` (one real linear solve with the trace condition, in the orthonormal real coordinates of
Hermitian matrices, :func:`real_liouvillian`); its uniqueness is measured by the smallest singular value
of ``L`` on the traceless subspace.  Evolution uses exact matrix exponentials ``rho(t) = exp(L t)
rho(0)`` of the real form, stepping through the sorted times with one ``expm`` per distinct step.

Observables (eigenbasis of ``H(eps)``, Figs. 2–4): populations ``rho_ii``; the band ratio
``rho_123 / rho_00`` (Eq. 74: band-1 population over ground population); the inter-band temperature
``beta_eff(j -> k) = log(rho_jj / rho_kk) / Delta_{kj}`` (Eq. 75); coherences ``rho_jk``.

Examples
--------
>>> import numpy as np
>>> ham = np.diag([0.0, 1.0]); gam = np.diag([0.7, 0.3])
>>> choi = np.kron(np.eye(2), gam)                              # replacement channel X -> tr(X) gam
>>> L = poisson_liouvillian(ham, choi, 0.5)
>>> ss = steady_state(L)
>>> bool(np.allclose(ss.rho, gam, atol=1e-14)), ss.gap > 0.1
(True, True)
>>> rho_t = evolve(L, np.diag([0.0, 1.0]), [0.0, 2.0])
>>> bool(abs(rho_t[1][1, 1] - (0.3 + 0.7 * np.exp(-1.0))) < 1e-13)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
import scipy.linalg as sla

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.superop import commutator_superop, superop_from_choi

#: L is taken to preserve Hermiticity when L(P), P a fixed generic Hermitian probe, is Hermitian to HP_TOL
#: relative to max(1, max|L(P)|) (entrywise).
HP_TOL: float = 1e-12


def poisson_liouvillian(hamiltonian: np.ndarray, choi: np.ndarray, gamma: float) -> np.ndarray:
    """``L`` of Eq. (71) for the system Hamiltonian ``H`` and a collision map given by its Choi matrix."""
    d2 = choi.shape[0]
    return commutator_superop(hamiltonian) + gamma * (superop_from_choi(choi) - np.eye(d2))


def poisson_mixture(rho0: np.ndarray, choi: np.ndarray, gamma: float, t: float, tail: float) -> np.ndarray:
    r"""``rho(t) = sum_m Poi(m; Gamma t) S^m(rho0)``: Eq. (7) with ``H = 0`` solved collision by collision.

    With no free evolution, ``exp(Gamma t (S - I)) = e^{-Gamma t} sum_m (Gamma t)^m S^m / m!``; the sum
    stops where the remaining Poisson mass is below ``tail``.  For a random-unitary map
    ``S = sum_k (lambda_k / lambda) U_k . U_k^†`` at ``Gamma = lambda = sum_k lambda_k`` this is seed 002's
    solution of the collision master equation, Eqs. (A8)–(A10) (Prop. 6).

    >>> import numpy as np
    >>> choi = np.kron(np.eye(2), np.diag([0.7, 0.3]))              # replacement channel X -> tr(X) gam
    >>> rho = poisson_mixture(np.diag([0.0, 1.0]), choi, 0.5, 2.0, tail=1e-16)
    >>> bool(abs(rho[1, 1] - (0.3 + 0.7 * np.exp(-1.0))) < 1e-15)
    True
    """
    from scipy.stats import poisson  # scipy.stats is slow to import; only this function needs it

    d = rho0.shape[0]
    s = superop_from_choi(choi)
    mean = gamma * t
    m_max = int(poisson.isf(tail, mean)) + 1
    out = np.zeros(d * d, dtype=complex)
    state = np.asarray(rho0, dtype=complex).reshape(-1)
    for m in range(m_max + 1):
        out += poisson.pmf(m, mean) * state
        state = s @ state
    return out.reshape(d, d)


@lru_cache(maxsize=8)
def _hermitian_index(d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Row-major ``vec`` positions of the diagonal, the upper and the lower triangle, and ``[diag, upper]``."""
    iu, ju = np.triu_indices(d, 1)
    diag = np.arange(d) * (d + 1)
    up, lo = iu * d + ju, ju * d + iu
    return diag, up, lo, np.concatenate([diag, up])


@lru_cache(maxsize=8)
def _probe(d: int) -> np.ndarray:
    """A fixed generic Hermitian ``d x d`` matrix (seeded Gaussian entries) probing Hermiticity preservation."""
    g = np.random.default_rng(0).standard_normal((2, d, d))
    z = g[0] + 1j * g[1]
    return z + z.conj().T


def _dim(liouvillian: np.ndarray) -> int:
    d2 = liouvillian.shape[0]
    d = int(round(np.sqrt(d2)))
    if liouvillian.shape != (d2, d2) or d * d != d2:
        raise ValidationError("liouvillian", f"must be a square d^2 x d^2 matrix, got shape {liouvillian.shape}",
                              "pass the row-major superoperator of poisson_liouvillian")
    return d


def real_liouvillian(liouvillian: np.ndarray) -> np.ndarray:
    r"""``L`` in the orthonormal real basis of Hermitian matrices (``A = [tr(E_k L(E_l))]``, real ``d^2 x d^2``).

    The basis is ``|i><i|``, ``(|i><j| + |j><i|)/sqrt2`` and ``i(|i><j| - |j><i|)/sqrt2`` (``i < j``), so the
    coordinates of a Hermitian ``X`` are ``X_ii``, ``sqrt2 Re X_ij``, ``sqrt2 Im X_ij``
    (:func:`hermitian_coordinates`).  For a Hermiticity-preserving ``L`` (every generator of Eq. (71):
    ``L(X)^dag = L(X^dag)``) the complex ``L`` acts as ``A`` on Hermitian and on anti-Hermitian matrices
    alike, so ``A`` has the singular values of ``L``.

    Raises
    ------
    ValidationError
        If ``L`` maps a fixed generic Hermitian matrix (:func:`_probe`) to a non-Hermitian one (beyond
        ``HP_TOL`` relative): then ``L`` does not preserve Hermiticity.

    Examples
    --------
    >>> L = poisson_liouvillian(np.diag([0.0, 1.0]), np.kron(np.eye(2), np.diag([0.7, 0.3])), 0.5)
    >>> A = real_liouvillian(L); A.shape
    (4, 4)
    >>> bool(np.allclose(np.linalg.svd(A, compute_uv=False), np.linalg.svd(L, compute_uv=False)))
    True
    """
    lv = np.asarray(liouvillian)
    d = _dim(lv)
    probe = _probe(d)
    y = (lv @ probe.reshape(d * d)).reshape(d, d)
    if np.max(np.abs(y - y.conj().T)) > HP_TOL * max(1.0, float(np.max(np.abs(y)))):
        raise ValidationError("liouvillian", "does not preserve Hermiticity: L(X)^dag != L(X^dag)",
                              "build it with poisson_liouvillian from a Hermitian H and a Hermitian Choi matrix")
    diag, up, lo, rows = _hermitian_index(d)
    m = up.size
    g = lv[rows[:, None], np.concatenate([diag, up, lo])[None, :]]   # rows [diag, upper]; cols [diag, up, lo]
    gr, gi = g.real, g.imag
    su_r, su_i = gr[:, d:d + m] + gr[:, d + m:], gi[:, d:d + m] + gi[:, d + m:]    # L(|i><j| + |j><i|)
    df_r, df_i = gr[:, d:d + m] - gr[:, d + m:], gi[:, d:d + m] - gi[:, d + m:]    # L(|i><j| - |j><i|)
    r2, s = np.sqrt(2.0), np.sqrt(0.5)
    a = np.empty((d * d, d * d))
    a[:d, :d], a[d:d + m, :d], a[d + m:, :d] = gr[:d, :d], r2 * gr[d:, :d], r2 * gi[d:, :d]
    a[:d, d:d + m], a[d:d + m, d:d + m], a[d + m:, d:d + m] = s * su_r[:d], su_r[d:], su_i[d:]
    a[:d, d + m:], a[d:d + m, d + m:], a[d + m:, d + m:] = -s * df_i[:d], -df_i[d:], df_r[d:]
    return a


def hermitian_coordinates(x: np.ndarray) -> np.ndarray:
    """Coordinates ``[X_ii, sqrt2 Re X_ij, sqrt2 Im X_ij]`` (``i < j``) of a Hermitian ``X``."""
    d = x.shape[0]
    iu, ju = np.triu_indices(d, 1)
    up = np.sqrt(2.0) * x[iu, ju]
    return np.concatenate([np.real(np.diagonal(x)), up.real, up.imag])


def from_hermitian_coordinates(r: np.ndarray, d: int) -> np.ndarray:
    """The Hermitian ``d x d`` matrices with coordinates ``r[..., :]`` (inverse of :func:`hermitian_coordinates`)."""
    r = np.asarray(r)
    iu, ju = np.triu_indices(d, 1)
    m = iu.size
    x = np.zeros((*r.shape[:-1], d, d), dtype=complex)
    x[..., np.arange(d), np.arange(d)] = r[..., :d]
    z = (r[..., d:d + m] + 1j * r[..., d + m:]) / np.sqrt(2.0)
    x[..., iu, ju] = z
    x[..., ju, iu] = z.conj()
    return x


def _trace_vector(d: int) -> np.ndarray:
    t = np.zeros(d * d)
    t[:d] = 1.0
    return t


def traceless_gap(liouvillian: np.ndarray) -> float:
    """Smallest singular value of ``L`` restricted to traceless matrices (0 if the steady state is not unique).

    Computed on :func:`real_liouvillian` (same singular values as ``L``): the second smallest singular
    value of ``A (I - t t^T / d)``, ``t`` the coordinates of the identity.
    """
    a = real_liouvillian(liouvillian)
    d = _dim(liouvillian)
    t = _trace_vector(d)
    sv = np.linalg.svd(a - np.outer(a @ t, t / d), compute_uv=False)
    return float(np.sort(sv)[1])


@dataclass(frozen=True)
class SteadyState:
    """``rho`` (unit trace, Hermitian), ``residual = ||L vec rho||_2`` and the traceless ``gap`` (on access)."""

    rho: np.ndarray
    residual: float
    liouvillian: np.ndarray = field(repr=False)

    @cached_property
    def gap(self) -> float:
        """:func:`traceless_gap` of the Liouvillian (an SVD, computed on first access)."""
        return traceless_gap(self.liouvillian)


def steady_state(liouvillian: np.ndarray) -> SteadyState:
    """The trace-one solution of ``L vec rho = 0``: one real LU solve with the trace condition.

    With ``A`` = :func:`real_liouvillian` and ``t`` the coordinates of the identity (``t^T x = tr X``;
    ``t^T A = 0`` by trace preservation), ``x`` solves ``(A + u t^T) x = u`` for ``u = s t``, ``s =
    max|A|``: applying ``t^T`` gives ``(t^T u)(t^T x) = t^T u``, so ``tr X = 1`` and ``A x = 0``.  The
    matrix is nonsingular exactly when the steady state is unique.
    """
    lv = np.asarray(liouvillian)
    a = real_liouvillian(lv)
    d = _dim(lv)
    scale = float(np.max(np.abs(a)))
    a[:d, :d] += scale
    b = np.zeros(d * d)
    b[:d] = scale
    rho = from_hermitian_coordinates(np.linalg.solve(a, b), d)
    rho = rho / np.trace(rho).real
    res = float(np.linalg.norm(lv @ rho.reshape(d * d)))
    return SteadyState(rho=rho, residual=res, liouvillian=lv)


def evolve(liouvillian: np.ndarray, rho0: np.ndarray, times: Sequence[float]) -> np.ndarray:
    """``rho(t) = exp(L t) rho0`` for each ``t`` in ``times`` (shape ``(len(times), d, d)``).

    ``rho0 = X + i Y`` (``X``, ``Y`` Hermitian) is propagated in the coordinates of
    :func:`real_liouvillian`; the sorted times are reached by exact real step propagators ``exp(A (t_k -
    t_{k-1}))``, one ``expm`` per distinct step (a uniform grid costs a single ``expm``) and matrix-vector
    products in between.
    """
    lv = np.asarray(liouvillian)
    a = real_liouvillian(lv)
    r0 = np.asarray(rho0, dtype=complex)
    d = r0.shape[0]
    t = np.asarray(times, dtype=float)
    order = np.argsort(t, kind="stable")
    v = np.stack([hermitian_coordinates((r0 + r0.conj().T) / 2), hermitian_coordinates((r0 - r0.conj().T) / 2j)],
                 axis=1)
    props: dict[float, np.ndarray] = {}
    coords = np.empty((t.size, 2, d * d))
    prev = 0.0
    for i in order:
        step = float(t[i]) - prev
        key = float(f"{step:.12e}")
        if step != 0.0:
            if key not in props:
                props[key] = sla.expm(a * step)
            v = props[key] @ v
        coords[i] = v.T
        prev = float(t[i])
    herm_parts = from_hermitian_coordinates(coords, d)
    return herm_parts[:, 0] + 1j * herm_parts[:, 1]


def populations(rho: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """``rho_ii = <i|rho|i>`` in the basis whose columns are ``basis``."""
    return np.real(np.einsum("ai,ab,bi->i", basis.conj(), rho, basis))


def band_ratio(pops: np.ndarray, bands: np.ndarray) -> float:
    """``rho_123 / rho_00``: band-1 over band-0 population (Eq. 74)."""
    return float(pops[bands == 1].sum() / pops[bands == 0].sum())


def beta_eff(pops: np.ndarray, energies: np.ndarray, j: int, k: int) -> float:
    """``beta_eff(j -> k) = log(rho_jj / rho_kk) / Delta_{kj}`` (Eq. 75); nan while a population is 0."""
    if pops[j] <= 0 or pops[k] <= 0:
        return float("nan")
    return float(np.log(pops[j] / pops[k]) / (energies[k] - energies[j]))
