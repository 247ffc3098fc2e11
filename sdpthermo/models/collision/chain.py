r"""The bombarded qubit chain of seed 003, Eq. (64): Hamiltonian, eigenbasis, bands, Bohr frequencies.

.. math::

    H(\epsilon) = \sum_{i=1}^N h\,\frac{\sigma_z^{(i)} + 1}{2}
                 + \epsilon \sum_{i=1}^{N-1} \big[\sigma_+^{(i)}\sigma_-^{(i+1)} + \mathrm{h.c.}\big],
    \qquad \sigma_\pm = \sigma_x \pm i\sigma_y  \quad \text{(the paper's ladder operators, norm 2).}

Local basis (big-endian, qubit 1 first): ``|s>`` with ``s = 0`` the ground state (``sigma_z = -1``) and
``s = 1`` the excited state (``sigma_z = +1``), so ``h (sigma_z + 1)/2 = h s`` and ``|00..0>`` is the
ground state as in the paper.  In the ordering ``(|0>, |1>)`` the Pauli matrices are ``sigma_x =
[[0, 1], [1, 0]]``, ``sigma_y = [[0, i], [-i, 0]]``, ``sigma_z = diag(-1, 1)`` (the standard algebra,
``sigma_x sigma_y = i sigma_z``), hence ``sigma_+ = 2|1><0|`` raises and the hopping amplitude between
``|..10..>`` and ``|..01..>`` is ``4 eps``.

``H`` conserves the excitation number ``n = sum_i s_i``; its spectrum splits into bands ``n = 0..N``
of ``binom(N, n)`` levels ``n h + O(eps)`` (Fig. 1).  The eigenbasis is ordered by band, then energy
(``|0> = |0..0>``, ``|2^N - 1> = |1..1>``, as in Fig. 2); eigenvectors are real, and the first
component (in local-basis order) above ``1e-8`` in magnitude is made positive.

Examples
--------
>>> sp = chain_spectrum(3, h=4.0, eps=0.1)
>>> sp.bands.tolist()
[0, 1, 1, 1, 2, 2, 2, 3]
>>> [round(float(e), 6) for e in sp.energies[1:4]]        # h + 4 eps {-sqrt 2, 0, sqrt 2}
[3.434315, 4.0, 4.565685]
>>> bool(abs(sp.vectors[:, 0] @ chain_hamiltonian(3, 4.0, 0.1) @ sp.vectors[:, 0]) < 1e-15)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.tensor import site_operator

#: Pauli matrices in the paper's local ordering (|0> ground, |1> excited): sigma_z = diag(-1, 1).
SIGMA_X = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=complex)
SIGMA_Y = np.array([[0.0, 1.0j], [-1.0j, 0.0]], dtype=complex)
SIGMA_Z = np.array([[-1.0, 0.0], [0.0, 1.0]], dtype=complex)
#: sigma_+- = sigma_x +- i sigma_y (seed 003 below Eq. (64)): sigma_+ = 2|1><0|, sigma_- = 2|0><1|.
SIGMA_PLUS = SIGMA_X + 1j * SIGMA_Y
SIGMA_MINUS = SIGMA_X - 1j * SIGMA_Y

#: components smaller than this are skipped when fixing the sign of an eigenvector.
SIGN_FIX_TOL: float = 1e-8


def check_chain(N: int, h: float, eps: float) -> None:
    """Validate chain parameters: ``N >= 1`` integer, ``h > 0`` and ``eps >= 0`` finite."""
    if isinstance(N, bool) or not isinstance(N, (int, np.integer)) or N < 1:
        raise ValidationError("N", f"must be an integer >= 1, got {N!r}", "pass the number of qubits N >= 1")
    if not (np.isfinite(h) and h > 0):
        raise ValidationError("h", f"must be a finite positive level spacing, got {h!r}", "pass h > 0")
    if not (np.isfinite(eps) and eps >= 0):
        raise ValidationError("eps", f"must be finite and >= 0, got {eps!r}", "pass the inter-qubit coupling eps >= 0")


def excitation_numbers(N: int) -> np.ndarray:
    """``n(s) = sum_i s_i`` for every local basis index (big-endian)."""
    idx = np.arange(2**N)
    return np.array([bin(int(i)).count("1") for i in idx])


def chain_hamiltonian(N: int, h: float, eps: float) -> np.ndarray:
    """``H(eps)`` of Eq. (64) in the local basis (a real symmetric ``2^N x 2^N`` array)."""
    check_chain(N, h, eps)
    d = 2**N
    ham = np.diag(h * excitation_numbers(N).astype(float)).astype(complex)
    for i in range(N - 1):
        hop = site_operator(SIGMA_PLUS, i, N) @ site_operator(SIGMA_MINUS, i + 1, N)
        ham = ham + eps * (hop + hop.conj().T)
    assert np.allclose(ham.imag, 0.0)
    return np.ascontiguousarray(ham.real.reshape(d, d))


def probe_coupling(N: int) -> np.ndarray:
    """``sigma_x^(1)``: the system operator of the contact interaction ``g sigma_x delta(x)``, Eq. (65)."""
    return site_operator(SIGMA_X, 0, N).real


@dataclass(frozen=True)
class ChainSpectrum:
    """Eigen-decomposition of ``H(eps)`` ordered by band then energy.

    Attributes
    ----------
    N, h, eps : int, float, float
        Chain parameters.
    energies : ndarray
        ``epsilon_j`` (Eq. 9), shape ``(2^N,)``.
    vectors : ndarray
        Real orthogonal matrix whose column ``j`` is ``|j>`` in the local basis.
    bands : ndarray
        Excitation number ``n_j`` of each eigenstate (Fig. 1).
    """

    N: int
    h: float
    eps: float
    energies: np.ndarray
    vectors: np.ndarray
    bands: np.ndarray

    @property
    def dim(self) -> int:
        """Hilbert-space dimension ``2^N``."""
        return 2**self.N

    @property
    def bohr(self) -> np.ndarray:
        """``Delta[k, j] = epsilon_k - epsilon_j`` (the paper's ``Delta_{kj}``)."""
        return self.energies[:, None] - self.energies[None, :]

    def to_eigenbasis(self, x: np.ndarray) -> np.ndarray:
        """``<j|X|k>`` from a local-basis matrix ``X``."""
        return self.vectors.T @ x @ self.vectors

    def to_local(self, x: np.ndarray) -> np.ndarray:
        """Local-basis matrix from eigenbasis entries ``<j|X|k>``."""
        return self.vectors @ x @ self.vectors.T


def chain_spectrum(N: int, h: float, eps: float) -> ChainSpectrum:
    """Diagonalize ``H(eps)`` sector by sector (``[H, n] = 0``); see the module docstring for the order.

    Cached per ``(N, h, eps)`` (the points of a sweep share it); the arrays are read-only.
    """
    check_chain(N, h, eps)
    return _chain_spectrum(int(N), float(h), float(eps))


@lru_cache(maxsize=64)
def _chain_spectrum(N: int, h: float, eps: float) -> ChainSpectrum:
    ham = chain_hamiltonian(N, h, eps)
    nums = excitation_numbers(N)
    d = 2**N
    energies = np.empty(d)
    vectors = np.zeros((d, d))
    bands = np.empty(d, dtype=int)
    col = 0
    for n in range(N + 1):
        idx = np.flatnonzero(nums == n)
        w, v = np.linalg.eigh(ham[np.ix_(idx, idx)])
        for k in range(w.size):
            vec = np.zeros(d)
            vec[idx] = v[:, k]
            lead = np.flatnonzero(np.abs(vec) > SIGN_FIX_TOL)[0]
            vectors[:, col] = vec if vec[lead] > 0 else -vec
            energies[col], bands[col] = w[k], n
            col += 1
    assert col == d and math.comb(N, N // 2) == int(np.sum(bands == N // 2))
    for arr in (energies, vectors, bands):
        arr.setflags(write=False)
    return ChainSpectrum(N=N, h=h, eps=eps, energies=energies, vectors=vectors, bands=bands)
