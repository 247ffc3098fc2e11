r"""The Poissonian Lindblad equation of seed 003, Eqs. (7) and (71), and the observables of Figs. 2–4.

The same equation with ``H = 0`` and a random-unitary collision map is seed 002's collision master
equation, Eq. (A8); :func:`poisson_mixture` is its solution Eqs. (A9)–(A10).

.. math::

    \dot\rho = \mathcal L\rho = -i[H(\epsilon), \rho] + \Gamma\,(\mathbb S - \mathbb I)\rho ,

collisions at Poissonian times with rate ``Gamma`` and unitary evolution in between (Eq. 7).  With the
row-major ``vec`` (``vec(A X B) = (A ⊗ B^T) vec X``) the Liouvillian is ``L = -i (H ⊗ I - I ⊗ H^T) +
Gamma (S_hat - I)``, ``S_hat[(j'k'), (jk)] = S^{jk}_{j'k'}``.  The steady state solves ``L vec rho =
0``, ``tr rho = 1`` (one real linear solve with the trace condition, in the orthonormal real coordinates of
Hermitian matrices, :func:`real_liouvillian`; a single-precision LU refined in double precision); its
uniqueness is measured by the smallest singular value of ``L`` on the traceless subspace.  Evolution propagates
the traceless part in the real form, ``rho(t) = c rho_ss + exp(L t)(rho(0) - c rho_ss)`` (``c = tr rho(0)``),
stepping through the sorted times with one ``expm`` per distinct step, or, for large weakly damped blocks, by
one Chebyshev expansion of ``exp(L t) x`` shared by all the times (:func:`evolve`).

Sectors.  A map covariant under a time translation, ``S(e^{-iKs} X e^{iKs}) = e^{-iKs} S(X) e^{iKs}``
for a ``K`` diagonal in the ``vec`` basis with ``[K, H] = 0``, sends ``|i><j|`` only to operators
``|k><l|`` with ``K_k - K_l = K_i - K_j`` (Eq. 22 for ``K = H(eps)``: a TIO).  Then ``L`` is block
diagonal over the sectors of equal ``K_i - K_j``.  In the local basis the local map (Eqs. 54–56, a TIO of
``H(0) = h n``) and the narrow map (Eq. 45, a TIO of ``H(eps)``; ``H(eps)`` conserves the excitation number
``n``, which is a function of ``H(eps)`` while the bands ``n h + O(eps)`` do not overlap) are covariant under
``K = n``: ``L`` splits by ``n_i - n_j`` (``N = 4``: sectors of 1, 8, 28, 56, 70, 56, 28, 8, 1 entries).
The exact map (Eq. 38) is not covariant (its incident packets carry momentum coherence, Eq. 37, so it
couples every ``n_i - n_j``) except at ``eps = 0``, where it acts on qubit 1 only.
:func:`liouvillian_sectors` reads the sectors off the entries of ``L`` (the connected components of its
coupling graph, closed under ``X -> X^dag``; couplings below ``SECTOR_TOL max|L|``, a few rounding units,
count as zero), so no symmetry is assumed: an ``L`` without one is a single sector and takes the dense path.
The steady state is then the solve on the sector holding the diagonal (the populations), zero elsewhere;
evolution exponentiates each sector that ``rho0`` meets.

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
>>> [b.coords.size for b in liouvillian_sectors(L).blocks]    # populations | the coherence pair
[2, 2]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
import scipy.linalg as sla
from scipy.linalg.lapack import sgetrf as _sgetrf, sgetrs as _sgetrs

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.superop import commutator_superop, superop_from_choi

#: L is taken to preserve Hermiticity when L(P), P a fixed generic Hermitian probe, is Hermitian to HP_TOL
#: relative to max(1, max|L(P)|) (entrywise).
HP_TOL: float = 1e-12
#: entries |L_ab| <= SECTOR_TOL * max|L| (a few rounding units of the largest entry) do not couple sectors.
SECTOR_TOL: float = 1e-15
#: sectors smaller than this (real coordinates) are packed together into blocks of at most this size.
BLOCK_PACK: int = 32
#: refinement steps of the single-precision LU solve before the double-precision solve takes over.
REFINE_STEPS: int = 8
#: systems smaller than this are solved by the double-precision LU alone (the refinement steps would cost more).
REFINE_MIN: int = 128
#: Chebyshev coefficients ``|J_k(rho t)|`` below this are dropped (:func:`_chebyshev_path`).
CHEB_TAIL: float = 1e-17
#: largest accepted ``sum_k |c_k| ||Q_k v|| / ||v||`` of a Chebyshev propagation; beyond it the block falls back
#: to exact step propagators.
CHEB_GROWTH: float = 16.0
#: largest mean decay ``-c T`` (``c = tr(A) / n``, the mean real part of the spectrum; ``T`` the last time) at which
#: the Chebyshev expansion is used: the real spread of the spectrum about the segment ``c + i[-rho, rho]`` amplifies
#: roundoff and truncation by about ``e^{-c T}`` (measured against ``expm``: at the reference roundoff up to
#: ``-c T = 4`` for the exact, narrow and local maps at ``N = 2..4``, ``Gamma = 1..10``; ``1e-10`` at ``7.6``).
CHEB_DAMPING: float = 4.0
#: smallest block (real coordinates) propagated by the Chebyshev expansion.
CHEB_MIN: int = 128
#: vectors ``Q_k v`` held at once before they are combined into the outputs.
CHEB_CHUNK: int = 64
#: cost model of :func:`_propagate` in multiply-adds: one ``expm`` of an ``n x n`` matrix ~ EXPM_COST n^3, the
#: fixed cost of one library call ~ CALL_COST, one sample of the Bessel table ~ SAMPLE_COST.
EXPM_COST: float = 7.5
CALL_COST: float = 12800.0
SAMPLE_COST: float = 300.0

_R2, _S = np.sqrt(2.0), np.sqrt(0.5)
_U = float(np.finfo(float).eps) / 2

#: sectors found by breadth-first sweeps before the remaining nodes are labelled all at once.
SWEEPS: int = 8


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


@dataclass(frozen=True)
class _Index:
    """``vec`` bookkeeping of ``d x d`` matrices: diagonal, upper and lower positions (``triu_indices`` order),
    their rows/columns, the transposed position of each position and its coordinate of
    :func:`hermitian_coordinates` (the ``Re`` one for a pair)."""

    diag: np.ndarray
    up: np.ndarray
    lo: np.ndarray
    iu: np.ndarray
    ju: np.ndarray
    partner: np.ndarray
    coord: np.ndarray


@lru_cache(maxsize=8)
def _index(d: int) -> _Index:
    iu, ju = np.triu_indices(d, 1)
    pos = np.arange(d * d)
    diag, up, lo = pos[:: d + 1], iu * d + ju, ju * d + iu
    coord = np.empty(d * d, dtype=int)
    coord[diag] = np.arange(d)
    coord[up] = coord[lo] = d + np.arange(iu.size)
    return _Index(diag=diag, up=up, lo=lo, iu=iu, ju=ju, partner=(pos % d) * d + pos // d, coord=coord)


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


def _check_hermiticity_preserving(lv: np.ndarray, d: int) -> None:
    """Raise unless ``L`` maps the probe :func:`_probe` to a Hermitian matrix (to ``HP_TOL`` relative)."""
    y = (lv @ _probe(d).reshape(d * d)).reshape(d, d)
    if np.max(np.abs(y - y.conj().T)) > HP_TOL * max(1.0, float(np.max(np.abs(y)))):
        raise ValidationError("liouvillian", "does not preserve Hermiticity: L(X)^dag != L(X^dag)",
                              "build it with poisson_liouvillian from a Hermitian H and a Hermitian Choi matrix")


def _gather(n: int, diag: np.ndarray, up: np.ndarray, lo: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat indices into an ``n x n`` ``L`` of the rows ``[diag, up]`` and the columns ``diag``, ``up``, ``lo``."""
    rows = np.concatenate([diag, up])[:, None] * n
    return rows + diag[None, :], rows + up[None, :], rows + lo[None, :]


def _real_form(lv: np.ndarray, diag: np.ndarray, up: np.ndarray, lo: np.ndarray,
               gather: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """``A[k, l] = tr(E_k L(E_l))`` on the basis elements ``E`` of the positions ``diag`` and pairs ``(up, lo)``.

    Coordinates ``[X_ii (diag), sqrt2 Re X_ij, sqrt2 Im X_ij (up)]``; ``lo`` are the transposed positions of
    ``up``.  Exact for a Hermiticity-preserving ``L`` on a span that ``L`` leaves invariant.  Only the rows
    ``[diag, up]`` of ``L`` are read (the rows ``lo`` are their conjugates); the columns of a pair are combined
    as ``L(|i><j| + |j><i|)`` (``Re``) and ``L(|i><j| - |j><i|)`` (``Im``, times ``i``); ``gather`` are the flat
    indices of :func:`_gather` if already at hand.
    """
    k, m = diag.size, up.size
    flat = lv.reshape(-1)
    index = _gather(lv.shape[1], diag, up, lo) if gather is None else gather
    g_diag, g_up, g_lo = (np.take(flat, idx) for idx in index)          # rows [diag, up]
    a = np.empty((k + 2 * m, k + 2 * m))
    a[:k + m, :k] = g_diag.real
    a[k + m:, :k] = g_diag.imag[k:]
    np.add(g_up.real, g_lo.real, out=a[:k + m, k:k + m])                     # L(|i><j| + |j><i|)
    np.add(g_up.imag[k:], g_lo.imag[k:], out=a[k + m:, k:k + m])
    np.subtract(g_lo.imag, g_up.imag, out=a[:k + m, k + m:])                 # L(|i><j| - |j><i|), times i
    np.subtract(g_up.real[k:], g_lo.real[k:], out=a[k + m:, k + m:])
    a[:k, k:] *= _S
    a[k:, :k] *= _R2
    return a


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
    _check_hermiticity_preserving(lv, d)
    return _full_block(d).real_form(lv)


@dataclass(frozen=True)
class Block:
    """An ``L``-invariant span: its real coordinates and the ``vec`` positions that :func:`_real_form` reads.

    ``coords`` index the coordinates of :func:`hermitian_coordinates` in the order ``[diag, Re, Im]``;
    ``diag``, ``up``, ``lo`` are the ``vec`` positions of its diagonal entries and of its pairs ``(i < j)``;
    ``gather`` optionally holds their flat indices into ``L`` (:func:`_gather`; kept for the block of all
    coordinates).
    """

    coords: np.ndarray
    diag: np.ndarray
    up: np.ndarray
    lo: np.ndarray
    gather: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(default=None, repr=False, compare=False)

    def real_form(self, liouvillian: np.ndarray) -> np.ndarray:
        """``L`` restricted to this span, in its real coordinates."""
        return _real_form(liouvillian, self.diag, self.up, self.lo, self.gather)


@dataclass(frozen=True)
class Sectors:
    """Invariant blocks of ``L`` (:func:`liouvillian_sectors`).

    Attributes
    ----------
    blocks : tuple of Block
        Disjoint spans covering every coordinate of the sectors found; ``L`` maps each into itself.
    trace_block : int or None
        ``0`` when one sector holds every diagonal position (the populations; it is ``blocks[0]`` and holds
        nothing else), ``None`` when the diagonal is split over several sectors (then ``L`` has several
        stationary states, one per sector holding diagonal entries).
    liouvillian, block_of : ndarray
        ``L`` and the block of each ``vec`` position, ``-1`` outside the sectors found (for :attr:`off_block`).
    """

    blocks: tuple[Block, ...]
    trace_block: int | None
    liouvillian: np.ndarray = field(repr=False)
    block_of: np.ndarray = field(repr=False)

    @property
    def sizes(self) -> list[int]:
        """Number of real coordinates of each block."""
        return [b.coords.size for b in self.blocks]

    @cached_property
    def off_block(self) -> float:
        """``max |L_ab|`` over positions ``a``, ``b`` in different blocks or one outside them (at most
        ``SECTOR_TOL max|L|``)."""
        split = self.block_of[:, None] != self.block_of[None, :]
        return float(np.max(np.abs(self.liouvillian), where=split, initial=0.0))


def _block(positions: np.ndarray, d: int) -> Block:
    """The :class:`Block` of a set of ``vec`` positions closed under transposition ``(i, j) -> (j, i)``."""
    ix = _index(d)
    pos = np.sort(positions)
    diag, up = pos[pos % (d + 1) == 0], pos[pos // d < pos % d]
    pair = ix.coord[up]
    return Block(coords=np.concatenate([ix.coord[diag], pair, pair + d * (d - 1) // 2]), diag=diag, up=up,
                 lo=ix.partner[up])


@lru_cache(maxsize=8)
def _full_block(d: int) -> Block:
    """The :class:`Block` of all ``d^2`` coordinates (in the order of :func:`hermitian_coordinates`)."""
    ix = _index(d)
    return Block(np.arange(d * d), ix.diag, ix.up, ix.lo, _gather(d * d, ix.diag, ix.up, ix.lo))


def _reach(link: np.ndarray, partner: np.ndarray, seed: int) -> np.ndarray:
    """Boolean mask of the nodes connected to ``seed`` in ``link`` (symmetric boolean) plus the edges
    ``a - partner[a]``."""
    seen = np.zeros(link.shape[0], dtype=bool)
    frontier = np.unique([seed, partner[seed]])
    seen[frontier] = True
    while frontier.size:
        new = link[frontier].any(axis=0)
        new |= new[partner]
        new &= ~seen
        seen |= new
        frontier = np.flatnonzero(new)
    return seen


def _components(link: np.ndarray, partner: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """Connected components of ``link`` (symmetric boolean) plus the edges ``a - partner[a]`` that meet ``seeds``.

    Returns a label per node (the seed or node the component was found from), ``-1`` outside those components.
    Breadth-first sweeps find the first ``SWEEPS`` components (the sector of ``rho0`` or of the diagonal, and
    the few others of a covariant map); if seeds are left over, the remaining nodes take the smallest label
    among themselves, their neighbours and their partner, with pointer jumping, until nothing changes.
    """
    n = link.shape[0]
    label = np.full(n, -1)
    sweeps = 0
    for seed in seeds.tolist():
        if label[seed] >= 0:
            continue
        if sweeps == SWEEPS:
            break
        label[_reach(link, partner, seed)] = seed
        sweeps += 1
    left = seeds[label[seeds] < 0]
    if not left.size:
        return label
    rest = np.flatnonzero(label < 0)
    local = np.full(n, -1)
    local[rest] = np.arange(rest.size)
    sub, mate = link[np.ix_(rest, rest)], local[partner[rest]]
    low = np.arange(rest.size)
    while True:
        new = np.minimum(np.where(sub, low[None, :], rest.size).min(axis=1), low)
        new = np.minimum(new, new[mate])
        new = new[new]
        if np.array_equal(new, low):
            break
        low = new
    label[rest] = np.where(np.isin(low, low[local[left]]), rest[low], -1)
    return label


def liouvillian_sectors(liouvillian: np.ndarray, support: np.ndarray | None = None) -> Sectors:
    r"""Invariant blocks of ``L`` that meet the ``vec`` positions ``support`` (all of them if ``None``).

    Positions ``a``, ``b`` of ``vec`` are linked when ``|L_ab|`` or ``|L_ba|`` exceeds ``SECTOR_TOL max|L|``, and
    ``(i, j)`` is linked to ``(j, i)`` (so each sector is closed under ``X -> X^dag`` and has real coordinates);
    the connected components are invariant spans of ``L`` up to the dropped entries (``off_block``); those that
    meet ``support`` span the smallest such invariant subspace containing it (module docstring, *Sectors*).
    The sector holding the whole diagonal comes first, alone; the other sectors with fewer than ``BLOCK_PACK``
    coordinates are packed together (a union of invariant spans is invariant).  Without structure the result
    is one block of all ``d^2`` coordinates.

    Examples
    --------
    >>> from sdpthermo.models.collision.chain import chain_hamiltonian
    >>> from sdpthermo.models.collision.maps import collision_map
    >>> kw = dict(g=50.0, m=0.1, beta=0.1, sigma_p=0.5)
    >>> narrow = collision_map(3, 4.0, 0.1, kind="narrow", **kw).channel.choi      # a TIO (Eq. 22)
    >>> L = poisson_liouvillian(chain_hamiltonian(3, 4.0, 0.1), narrow, 1.0)
    >>> sec = liouvillian_sectors(L)
    >>> sec.sizes, sec.trace_block, sec.off_block                # n_i - n_j = 0 | +-1 | +-2, +-3 (packed)
    ([20, 30, 14], 0, 0.0)
    >>> liouvillian_sectors(L, support=np.array([0])).sizes      # the sector of |000><000|
    [20]
    """
    lv = np.asarray(liouvillian)
    d = _dim(lv)
    mag = np.abs(lv)
    link = mag > SECTOR_TOL * float(np.max(mag))
    degree = np.add.reduce(link, axis=1, dtype=np.int32) - np.diagonal(link)  # neighbours other than itself
    if 2 * int(degree.min()) >= d * d - 1:              # any two nodes adjacent or a common neighbour: one sector
        return Sectors(blocks=(_full_block(d),), trace_block=0, liouvillian=lv, block_of=np.zeros(d * d, dtype=int))
    link |= link.T
    seeds = np.arange(d * d) if support is None else np.unique(np.asarray(support, dtype=int))
    label = _components(link, _index(d).partner, seeds)               # partner: (i, j) -> (j, i)
    if label[0] >= 0 and np.all(label == label[0]):
        return Sectors(blocks=(_full_block(d),), trace_block=0, liouvillian=lv, block_of=np.zeros(d * d, dtype=int))
    comps = {c: np.flatnonzero(label == c) for c in dict.fromkeys(label[seeds].tolist()) if c >= 0}
    trace = int(label[0]) if label[0] >= 0 and np.all(label[:: d + 1] == label[0]) else None
    groups = [[comps.pop(trace)]] if trace is not None else []
    bins: list[list[np.ndarray]] = []
    for comp in sorted(comps.values(), key=lambda x: -x.size):
        if comp.size >= BLOCK_PACK:
            groups.append([comp])
        elif bins and sum(c.size for c in bins[-1]) + comp.size <= BLOCK_PACK:
            bins[-1].append(comp)
        else:
            bins.append([comp])
    members = [np.concatenate(g) for g in groups + bins]
    which = np.full(d * d, -1)
    for k, mem in enumerate(members):
        which[mem] = k
    return Sectors(blocks=tuple(_block(mem, d) for mem in members), trace_block=0 if trace is not None else None,
                   liouvillian=lv, block_of=which)


def hermitian_coordinates(x: np.ndarray) -> np.ndarray:
    """Coordinates ``[X_ii, sqrt2 Re X_ij, sqrt2 Im X_ij]`` (``i < j``) of a Hermitian ``X``."""
    ix = _index(x.shape[0])
    up = np.sqrt(2.0) * x[ix.iu, ix.ju]
    return np.concatenate([np.real(np.diagonal(x)), up.real, up.imag])


def from_hermitian_coordinates(r: np.ndarray, d: int) -> np.ndarray:
    """The Hermitian ``d x d`` matrices with coordinates ``r[..., :]`` (inverse of :func:`hermitian_coordinates`)."""
    r = np.asarray(r)
    ix = _index(d)
    m = ix.iu.size
    x = np.zeros((*r.shape[:-1], d * d), dtype=complex)
    x[..., ix.diag] = r[..., :d]
    z = (r[..., d:d + m] + 1j * r[..., d + m:]) / np.sqrt(2.0)
    x[..., ix.up] = z
    x[..., ix.lo] = z.conj()
    return x.reshape(*r.shape[:-1], d, d)


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
    """``rho`` (unit trace, Hermitian); ``residual = ||L vec rho||_2`` and the traceless ``gap`` on access."""

    rho: np.ndarray
    liouvillian: np.ndarray = field(repr=False)

    @cached_property
    def residual(self) -> float:
        """``||L vec rho||_2`` (computed on first access)."""
        return float(np.linalg.norm(self.liouvillian @ self.rho.reshape(-1)))

    @cached_property
    def gap(self) -> float:
        """:func:`traceless_gap` of the Liouvillian (an SVD, computed on first access)."""
        return traceless_gap(self.liouvillian)


def _refined_solve(a: np.ndarray, d: int, shift: float, b: np.ndarray) -> np.ndarray:
    """``x`` with ``(a + shift e e^T) x = b`` (``e`` the indicator of the first ``d`` coordinates): a
    single-precision LU refined in double precision (as LAPACK ``dsgesv``), the shifted matrix never formed in
    double precision.

    Each step solves ``dx`` with the single-precision factors for the double-precision residual
    ``r = b - a x - shift e (e^T x)`` (systems of at least ``REFINE_MIN`` unknowns; smaller ones take the
    double-precision LU directly); while ``u_32 cond < 1`` every step shrinks the error by about that factor.  The
    iteration stops at the backward-error test of ``dsgesv`` with the Frobenius norm, ``||r||_inf <= sqrt(n) u
    (||a||_F + d |shift|) ||x||_inf`` (the accuracy of a double-precision LU solve).  If the factorization breaks
    down (singular or overflowing in single precision) or a step fails to halve the residual within
    ``REFINE_STEPS`` steps, the double-precision LU solve runs instead.

    Raises
    ------
    numpy.linalg.LinAlgError
        If the shifted matrix is singular in double precision.
    """
    n = a.shape[0]
    if n >= REFINE_MIN:
        a32 = a.astype(np.float32)
        a32[:d, :d] += np.float32(shift)
        lu, piv, info = _sgetrf(a32, overwrite_a=True)
        if info == 0 and np.isfinite(lu[-1, -1]):
            tol = np.sqrt(n) * _U * (float(np.linalg.norm(a)) + d * abs(shift))
            x = np.zeros_like(b)
            r, last = b, np.inf
            for _ in range(REFINE_STEPS):
                x += _sgetrs(lu, piv, r.astype(np.float32), overwrite_b=True)[0]
                r = b - a @ x
                r[:d] -= shift * float(np.sum(x[:d]))
                size = float(np.max(np.abs(r)))
                if size <= tol * float(np.max(np.abs(x))):
                    return x
                if not size <= 0.5 * last:
                    break
                last = size
    full = a.copy()
    full[:d, :d] += shift
    return np.linalg.solve(full, b)


def stationary_coordinates(a: np.ndarray, d: int) -> np.ndarray | None:
    """Coordinates of the trace-one solution of ``A x = 0``; ``None`` if singular.

    With ``A`` the real form of ``L`` on a block whose first ``d`` coordinates are the diagonal and ``t`` the
    coordinates of the identity (``t^T x = tr X``; ``t^T A = 0`` by trace preservation), ``x`` solves
    ``(A + u t^T) x = u`` for ``u = s t``, ``s = max|A|``: applying ``t^T`` gives ``(t^T u)(t^T x) = t^T u``,
    so ``tr X = 1`` and ``A x = 0``.  The matrix is nonsingular exactly when the steady state is unique.  The
    solve is a single-precision LU with double-precision refinement (:func:`_refined_solve`).

    >>> gam = np.diag([0.7, 0.3])
    >>> lv = poisson_liouvillian(np.diag([0.0, 1.0]), np.kron(np.eye(2), gam), 1.0)   # relaxes to gam
    >>> np.round(stationary_coordinates(real_liouvillian(lv), 2), 12)[:2]
    array([0.7, 0.3])
    """
    scale = max(float(np.max(a)), -float(np.min(a)))
    b = np.zeros(a.shape[0])
    b[:d] = scale
    try:
        return _refined_solve(a, d, scale, b)
    except np.linalg.LinAlgError:
        return None


def steady_state(liouvillian: np.ndarray) -> SteadyState:
    """The trace-one solution of ``L vec rho = 0``: one real LU solve (:func:`stationary_coordinates`).

    The solve runs on the sector of :func:`liouvillian_sectors` that holds the diagonal (a unique steady state
    vanishes on the others: each sector's component of a stationary state is stationary by itself, and only the
    diagonal carries trace); when the diagonal is split over several sectors the solve runs on all of ``A``.

    Raises
    ------
    ValidationError
        If the solve is singular (the steady state is not unique).
    """
    lv = np.asarray(liouvillian)
    d = _dim(lv)
    _check_hermiticity_preserving(lv, d)
    sec = liouvillian_sectors(lv, support=_index(d).diag)
    blk = sec.blocks[0] if sec.trace_block is not None else _full_block(d)
    sol = stationary_coordinates(blk.real_form(lv), d)
    if sol is None:
        raise ValidationError("liouvillian", "has no unique steady state (the trace-one solve is singular)",
                              "pass a Liouvillian with one stationary state, or use evolve at large t")
    x = np.zeros(d * d)
    x[blk.coords] = sol
    rho = from_hermitian_coordinates(x, d)
    rho = rho / np.trace(rho).real
    return SteadyState(rho=rho, liouvillian=lv)


@lru_cache(maxsize=8)
def _unit_sines(size: int) -> np.ndarray:
    """``sin theta_j`` on the ``size`` equispaced angles ``theta_j = 2 pi j / size``."""
    return np.sin(2 * np.pi * np.arange(size) / size)


def _bessel_table(taus: np.ndarray, order: int) -> np.ndarray:
    """``J_k(tau)`` for ``k < order`` and each ``tau`` (rows), from the discrete Fourier transform of
    ``cos(tau sin theta) + sin(tau sin theta)`` on ``N >= 2 order + 16`` equispaced angles: by Jacobi–Anger the
    cosine carries ``J_k e^{ik theta}`` for even ``k`` and the sine ``-i J_k e^{ik theta}`` for odd ``k`` (the
    aliased terms ``J_{N - k}`` lie below the dropped tail).  On an equispaced grid ``tau_j = tau_0 + j delta``
    the samples ``e^{i tau_j sin theta}`` are successive products with ``e^{i delta sin theta}``;
    otherwise ``sqrt2 sin(tau sin theta + pi/4)`` is evaluated directly."""
    size = 64 * -(-(2 * order + 16) // 64)
    sines = _unit_sines(size)
    gaps = np.diff(taus)
    if gaps.size >= 2 and float(np.max(np.abs(gaps - gaps[0]))) <= 8 * _U * float(taus[-1]):
        z = np.empty((taus.size, size), dtype=complex)
        z[0] = np.exp(1j * taus[0] * sines)
        step = np.exp(1j * gaps[0] * sines)
        for j in range(1, taus.size):
            np.multiply(z[j - 1], step, out=z[j])
        samples = z.real + z.imag
    else:
        samples = np.sqrt(2.0) * np.sin(np.multiply.outer(taus, sines) + np.pi / 4)
    spec = np.fft.rfft(samples, axis=1)[:, :order]
    out = spec.real / size
    out[:, 1::2] = spec.imag[:, 1::2] / -size
    return out


def _chebyshev_order(tau: float, tail: float) -> int:
    """Smallest ``K`` with ``|J_k(tau)| <= tail`` for every ``k >= K`` by Debye's form
    ``J_k(k sech b) ~ e^{-k (b - tanh b)} / sqrt(2 pi k tanh b)`` (``k > tau``; decreasing in ``k``), plus 4
    terms of margin."""
    ks = np.floor(tau) + np.arange(2.0, 12 * np.cbrt(tau + 1) + 64)
    b = np.arccosh(ks / max(tau, 1e-300))
    log_j = -ks * (b - np.tanh(b)) - 0.5 * np.log(2 * np.pi * ks * np.tanh(b))
    below = np.flatnonzero(log_j <= np.log(tail))
    return int(ks[below[0]] if below.size else ks[-1]) + 4


def _chebyshev_path(a: np.ndarray, v: np.ndarray, times: np.ndarray, rho: float, order: int) -> np.ndarray | None:
    r"""``e^{A t} v`` at the sorted times ``t >= 0`` by the Jacobi–Anger (Chebyshev) expansion; ``None`` when
    the a-posteriori growth test fails.

    With ``c = tr(A) / n`` and ``M = (A - c) / rho`` (``rho`` at least the imaginary extent of the spectrum),
    ``e^{i tau z} = sum_k (2 - delta_k0) i^k J_k(tau) T_k(z)`` at ``z = -i M``, ``tau = rho t``, gives

    .. math::

        e^{A t} v = e^{c t} \sum_{k < K} (2 - \delta_{k0}) J_k(\rho t)\, Q_k v, \qquad
        Q_0 = I,\ Q_1 = M,\ Q_{k+1} = 2 M Q_k + Q_{k-1},

    ``Q_k = i^k T_k(-i M)`` (real), one sequence ``Q_k v`` for all the times.  ``K`` drops the terms with
    ``|J_k(rho T)| <= CHEB_TAIL``, which bounds the truncation for a spectrum on the segment ``[-i, i]`` (where
    ``|T_k| <= 1``); off the segment ``|T_k|`` grows, so the caller restricts the expansion to weak damping
    (``CHEB_DAMPING``).  The test ``max_t sum_k |c_k(t)| ||Q_k v|| <= CHEB_GROWTH ||v||`` bounds the cancellation
    among the terms kept (roundoff below ``~ CHEB_GROWTH K u ||v||``).
    """
    n, p = v.shape
    shift = float(np.trace(a)) / n
    m2 = a * (2.0 / rho)
    m2.flat[:: n + 1] -= 2.0 * shift / rho
    coef = _bessel_table(rho * times, order) * (2.0 * np.exp(shift * times))[:, None]
    coef[:, 0] *= 0.5
    out = np.zeros((times.size, n * p))
    norms = np.empty(order)
    buf = np.empty((CHEB_CHUNK + 2, n, p))
    rows = list(buf)
    buf[0] = v
    np.dot(m2, v, out=rows[1])
    rows[1] *= 0.5
    base, fill = 0, 2
    while True:
        while fill < CHEB_CHUNK + 2 and base + fill < order:
            np.dot(m2, rows[fill - 1], out=rows[fill])
            rows[fill] += rows[fill - 2]
            fill += 1
        done = base + fill >= order
        use = fill if done else fill - 2
        flat = buf[:use].reshape(use, n * p)
        out += coef[:, base:base + use] @ flat
        norms[base:base + use] = np.linalg.norm(flat, axis=1)
        if done:
            break
        buf[:2] = buf[use:use + 2]
        base, fill = base + use, 2
    if float(np.max(np.abs(coef) @ norms)) > CHEB_GROWTH * float(np.linalg.norm(v)):
        return None
    return out.reshape(times.size, n, p)


def _step_keys(times: np.ndarray) -> list[float]:
    """The steps ``t_k - t_{k-1}`` (``t_{-1} = 0``) of the sorted times rounded to 40 significant bits (about 12
    digits), so that a grid such as ``linspace`` shares one propagator per step length."""
    mant, expo = np.frexp(np.diff(times, prepend=0.0))
    return np.ldexp(np.round(mant * 2.0**40), expo - 40).tolist()


def _step_path(a: np.ndarray, v: np.ndarray, times: np.ndarray, keys: list[float] | None = None) -> np.ndarray:
    """``e^{A t} v`` at the sorted times by exact step propagators ``expm(A (t_k - t_{k-1}))`` (one per distinct
    step, :func:`_step_keys`) and matrix-vector products."""
    props: dict[float, np.ndarray] = {}
    out = np.empty((times.size, *v.shape))
    rows = list(out)
    prev = v
    for i, key in enumerate(_step_keys(times) if keys is None else keys):
        if key == 0.0:
            rows[i][...] = prev
        else:
            prop = props.get(key)
            if prop is None:
                prop = props[key] = sla.expm(a * (times[i] - (times[i - 1] if i else 0.0)))
            np.matmul(prop, prev, out=rows[i])
        prev = rows[i]
    return out


def _propagate(a: np.ndarray, v: np.ndarray, times: np.ndarray) -> np.ndarray:
    """``e^{A t} v`` at the sorted distinct ``times``: Chebyshev (:func:`_chebyshev_path`) where the cost model
    favours it and its growth test passes, exact step propagators (:func:`_step_path`) otherwise.

    The expansion is considered only for blocks of at least ``CHEB_MIN`` coordinates (below, one ``expm`` costs
    about as much as its set-up) and a mean decay ``-c T <= CHEB_DAMPING``.  Cost model in multiply-adds
    (``n x n`` block, ``p`` vectors, ``m`` times, ``s`` distinct steps, ``K``
    Chebyshev terms): steps ``s (EXPM_COST n^3 + 30 CALL_COST) + m (n^2 p + 2 CALL_COST)``; Chebyshev
    ``K (n^2 p + 2 CALL_COST + 2 m SAMPLE_COST) + 40 CALL_COST`` (recurrence, coefficient table, set-up).  The
    expansion is taken only at half the cost of the exact step propagators or less.
    """
    n, p = v.shape
    if n < CHEB_MIN or not (times.size and times[0] >= 0.0):
        return _step_path(a, v, times)
    keys = _step_keys(times)
    steps = len(set(keys) - {0.0})
    m = times.size
    step_cost = steps * (EXPM_COST * n**3 + 30 * CALL_COST) + m * (n * n * p + 2 * CALL_COST)
    budget = (step_cost / 2 - 40 * CALL_COST) / (n * n * p + 2 * CALL_COST + 2 * m * SAMPLE_COST)   # affordable K
    damping = -float(np.trace(a)) / n * times[-1]                             # -c T
    if not 0.0 <= damping <= CHEB_DAMPING or float(np.linalg.norm(a)) / np.sqrt(n) * times[-1] >= budget:
        return _step_path(a, v, times, keys)                                  # ||A||_F / sqrt(n) <= ||A||_1
    rho = max(float(np.max(np.add.reduce(np.abs(a), axis=0))), 1e-300)       # ||A||_1 >= spectral radius
    if rho * times[-1] < budget:                                              # K > rho t
        order = _chebyshev_order(rho * times[-1], CHEB_TAIL)
        if order < budget:
            out = _chebyshev_path(a, v, times, rho, order)
            if out is not None:
                return out
    return _step_path(a, v, times, keys)


def evolve(liouvillian: np.ndarray, rho0: np.ndarray, times: Sequence[float]) -> np.ndarray:
    r"""``rho(t) = exp(L t) rho0`` for each ``t`` in ``times`` (shape ``(len(times), d, d)``).

    ``rho0 = X + i Y`` (``X``, ``Y`` Hermitian) is propagated in the coordinates of :func:`real_liouvillian`,
    block by block of the sectors of :func:`liouvillian_sectors` that ``rho0`` or the diagonal meets (the others
    stay zero).  The stationary part is split off exactly: with ``rho_ss`` the unique steady state
    (:func:`stationary_coordinates` on the trace sector) and ``c = tr rho0``,

    .. math::

        e^{L t}\rho_0 = c\,\rho_{ss} + e^{L t}(\rho_0 - c\,\rho_{ss}),

    and only the traceless remainder is propagated.  Scaling and squaring doubles any roundoff along the
    eigenvalue-0 direction at every squaring (an error ``~ u ||L t||``); on a traceless input that direction
    carries nothing, so the error stays at the roundoff of the decaying modes (the ``collision-evolution``
    verifier, :mod:`sdpthermo.certify.collision`).  Without a unique steady state the plain propagation runs.
    Each block ``A_b`` reaches the sorted times in one of two ways (:func:`_propagate`, by a cost model):
    exact real step propagators ``exp(A_b (t_k - t_{k-1}))``, one ``expm`` per distinct step (a uniform grid
    costs one), and matrix-vector products in between; or, for a large block (at least ``CHEB_MIN``
    coordinates) with a weakly damped spectrum (mean decay ``-tr(A_b) T / n <= CHEB_DAMPING`` up to the last
    time ``T``), one Chebyshev (Jacobi–Anger) sequence of about ``||A_b||_1 T`` matrix-vector products shared
    by all the times (:func:`_chebyshev_path`), which falls back to step propagators when its growth test
    fails.
    """
    lv = np.asarray(liouvillian)
    d = _dim(lv)
    _check_hermiticity_preserving(lv, d)
    r0 = np.asarray(rho0, dtype=complex)
    t = np.asarray(times, dtype=float)
    ix = _index(d)
    sec = liouvillian_sectors(lv, support=np.union1d(np.flatnonzero(r0.reshape(-1)), ix.diag))
    blocks = sec.blocks
    perm = np.concatenate([b.coords for b in blocks])
    gens = [b.real_form(lv) for b in blocks]
    skew = (r0 - r0.conj().T) / 2j
    parts = [(r0 + r0.conj().T) / 2] + ([skew] if np.any(skew) else [])      # X, and Y only where nonzero
    v = np.stack([hermitian_coordinates(x) for x in parts], axis=1)[perm]
    stat = np.zeros((perm.size, 1))
    sol = stationary_coordinates(gens[0], d) if sec.trace_block is not None else None
    if sol is not None:
        stat[:sol.size, 0] = sol
    stat = stat * np.array([[np.trace(r0).real, np.trace(r0).imag][:len(parts)]])   # c rho_ss (Re, Im parts)
    v = v - stat
    ordered = t.size < 2 or bool(np.all(t[1:] > t[:-1]))
    uniq, where = (t, None) if ordered else np.unique(t, return_inverse=True)
    path = np.empty((uniq.size, perm.size, len(parts)))
    k = 0
    for g in gens:
        path[:, k:k + g.shape[0]] = _propagate(g, v[k:k + g.shape[0]], uniq)
        k += g.shape[0]
    if where is not None:
        path = path[where.reshape(-1)]
    path += stat
    coords = np.zeros((t.size, len(parts), d * d))
    coords[:, :, perm] = path.transpose(0, 2, 1)
    herm_parts = from_hermitian_coordinates(coords, d)
    return herm_parts[:, 0] + 1j * herm_parts[:, 1] if len(parts) == 2 else herm_parts[:, 0]


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
