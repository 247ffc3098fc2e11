r"""Von Neumann entropy, Shannon entropy and quantum relative entropy, in **nats** (layer 2).

Natural logarithms throughout (seed 004 writes ``S(rho) = -Tr rho ln rho``; divide by ``LN2`` for
bits)::

    S(rho)          = -Tr rho ln rho                         (seed 004, below Fig. 1 caption text)
    H(p)            = -sum_i p_i ln p_i                      (register entropy of the demon)
    S(rho || sigma) = Tr rho (ln rho - ln sigma)             (seed 004, Eq. (5))

with ``0 ln 0 = 0`` and ``S(rho || sigma) = +inf`` when the support of ``rho`` is not contained in
that of ``sigma``.  Diagonal inputs are handled without an eigendecomposition, so Gibbs states at
low temperature keep their tiny populations exactly.

Examples
--------
>>> import math
>>> import numpy as np
>>> round(von_neumann_entropy(np.eye(2) / 2) / math.log(2), 12)
1.0
>>> abs(relative_entropy(np.diag([1.0, 0.0]), np.eye(2) / 2) - math.log(2)) < 1e-15
True
>>> relative_entropy(np.eye(2) / 2, np.diag([1.0, 0.0]))
inf
"""

from __future__ import annotations

import math

import numpy as np

from sdpthermo.conventions import TOL_RANK
from sdpthermo.linalg.hermitian import herm

#: weight of ``rho`` outside ``supp(sigma)`` above which ``S(rho || sigma) = inf`` (relative to 1 = tr rho).
TOL_SUPPORT: float = 1e-14


def _is_diagonal(x: np.ndarray) -> bool:
    return x.ndim == 2 and not np.any(x - np.diag(np.diagonal(x)))


def _spectrum(rho: np.ndarray) -> np.ndarray:
    """Eigenvalues of a Hermitian matrix (the diagonal itself when it is diagonal)."""
    if _is_diagonal(rho):
        return np.real(np.diagonal(rho)).astype(float)
    return np.linalg.eigvalsh(herm(rho))


def shannon_entropy(p: np.ndarray) -> float:
    """``H(p) = -sum_i p_i ln p_i`` in nats (``0 ln 0 = 0``; negative round-off entries count as zero).

    Parameters
    ----------
    p : array_like
        Nonnegative weights (a probability vector; not renormalized).

    Returns
    -------
    float
        The entropy in nats.

    Examples
    --------
    >>> abs(shannon_entropy([0.5, 0.5, 0.0]) - math.log(2)) < 1e-15
    True
    """
    v = np.asarray(p, dtype=float).ravel()
    v = v[v > 0.0]
    return float(np.sum(-v * np.log(v)))


def von_neumann_entropy(rho: np.ndarray) -> float:
    """``S(rho) = -Tr rho ln rho`` in nats (the Shannon entropy of the spectrum).

    Parameters
    ----------
    rho : ndarray
        A density matrix (Hermitian, PSD, unit trace; not re-validated here).

    Returns
    -------
    float
        The entropy in nats.

    Examples
    --------
    >>> abs(von_neumann_entropy(np.diag([0.25] * 4)) - math.log(4)) < 1e-15
    True
    """
    return shannon_entropy(np.clip(_spectrum(np.asarray(rho)), 0.0, None))


def relative_entropy(rho: np.ndarray, sigma: np.ndarray) -> float:
    """``S(rho || sigma) = Tr rho ln rho - Tr rho ln sigma`` in nats (``inf`` outside the support).

    ``Tr rho ln sigma = sum_j <s_j|rho|s_j> ln s_j`` over the eigenpairs ``(s_j, |s_j>)`` of ``sigma``;
    a zero eigenvalue ``s_j`` (below ``TOL_RANK`` relative for a non-diagonal ``sigma``, exactly zero for a
    diagonal one) with ``<s_j|rho|s_j> > TOL_SUPPORT`` makes the result ``+inf``.

    Parameters
    ----------
    rho, sigma : ndarray
        Density matrices of equal size.

    Returns
    -------
    float
        The relative entropy in nats, ``>= 0`` (Klein's inequality), possibly ``inf``.

    Examples
    --------
    >>> round(relative_entropy(np.diag([0.5, 0.5]), np.diag([0.9, 0.1])), 12)
    0.510825623766
    """
    rho = np.asarray(rho)
    sigma = np.asarray(sigma)
    if _is_diagonal(rho) and _is_diagonal(sigma):
        s = np.real(np.diagonal(sigma)).astype(float)
        weights = np.clip(np.real(np.diagonal(rho)).astype(float), 0.0, None)
        positive = s > 0.0
    else:
        s, vecs = np.linalg.eigh(herm(sigma))
        weights = np.clip(np.real(np.einsum("ij,ik,kj->j", vecs.conj(), herm(rho), vecs)), 0.0, None)
        positive = s > TOL_RANK * max(1.0, float(s.max(initial=0.0)))
    if float(weights[~positive].sum()) > TOL_SUPPORT:
        return math.inf
    cross = float(np.sum(weights[positive] * np.log(s[positive])))
    return -von_neumann_entropy(rho) - cross
