r"""Fully entangled fraction (seed 000 Eq. (16)): explicit lower bounds and the two-qubit closed form.

``F(rho) = max_U <Phi_U|rho|Phi_U>`` with ``|Phi_U> = (I ⊗ U)|Psi_d^+>``, whose coefficient matrix is
``U^T/sqrt(d)``; so ``<Phi_U|rho|Phi_U> = m^† rho m / d`` with ``m = vec(U^T)``.

* :func:`fef_seesaw` — monotone ascent: ``f(m) = m^† rho m`` is convex (``rho >= 0``), so
  ``f(m') >= f(m) + 2 Re<rho m, m' - m>``; maximizing the linearization over unitaries is the polar factor
  of ``G = mat(rho m)``.  Many seeded starts (random unitaries, ``I``, polar factors of ``rho``'s
  leading eigenvectors) give the best local optimum and its ``U``: a valid lower bound.
* :func:`fef_two_qubits` — closed form: in the magic basis the maximally entangled vectors are exactly the
  real unit vectors (up to a phase), so ``F = lambda_max(Re R)`` with ``R = B^† rho B`` (Badziag et al.,
  PRA 62, 012311 (2000)), attained by ``B x`` for the top eigenvector ``x``.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.states import isotropic
>>> round(fef_two_qubits(isotropic(0.5, 2))[0], 12)
0.625
>>> value, u = fef_seesaw(isotropic(0.5, 3), 3, starts=4, seed=0)
>>> round(value, 10)
0.5555555556
"""

from __future__ import annotations

import numpy as np

from sdpthermo.linalg.hermitian import herm

#: magic basis (columns): (|00>+|11>)/√2, i(|00>-|11>)/√2, i(|01>+|10>)/√2, (|01>-|10>)/√2
MAGIC = np.array([[1, 1j, 0, 0], [0, 0, 1j, 1], [0, 0, 1j, -1], [1, -1j, 0, 0]]) / np.sqrt(2)

#: see-saw stopping rule: improvement per step below this (absolute) ends a start.
SEESAW_TOL = 1e-14
#: at most this many see-saw steps per start.
SEESAW_STEPS = 2000


def fidelity_with_phi(rho: np.ndarray, u: np.ndarray) -> float:
    """``<Phi_U|rho|Phi_U>`` for ``|Phi_U> = (I ⊗ U)|Psi_d^+>``."""
    d = u.shape[0]
    m = u.T.reshape(-1)
    return float(np.real(m.conj() @ rho @ m)) / d


def _polar(g: np.ndarray) -> np.ndarray:
    w, _, vh = np.linalg.svd(g)
    return w @ vh


def _ascend(rho: np.ndarray, mt: np.ndarray, d: int) -> tuple[float, np.ndarray]:
    """See-saw from the coefficient matrix ``mt = U^T``; returns ``(value, U^T)``."""
    val = float(np.real(mt.reshape(-1).conj() @ rho @ mt.reshape(-1))) / d
    for _ in range(SEESAW_STEPS):
        g = (rho @ mt.reshape(-1)).reshape(d, d)
        nxt = _polar(g)
        new = float(np.real(nxt.reshape(-1).conj() @ rho @ nxt.reshape(-1))) / d
        mt = nxt
        if new - val <= SEESAW_TOL:
            val = max(val, new)
            break
        val = new
    return val, mt


def fef_seesaw(rho: np.ndarray, d: int, starts: int = 20, seed: int = 0) -> tuple[float, np.ndarray]:
    """Best ``(value, U)`` over seeded see-saw starts (see module docstring): ``value <= F(rho)``."""
    rho = herm(np.asarray(rho))
    rng = np.random.default_rng(seed)
    inits = [np.eye(d, dtype=complex)]
    w, v = np.linalg.eigh(rho)
    for i in range(1, min(4, d * d) + 1):
        inits.append(_polar(v[:, -i].reshape(d, d)))
    for _ in range(starts):
        z = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
        inits.append(_polar(z))
    best, best_mt = -np.inf, inits[0]
    for mt in inits:
        val, out = _ascend(rho, mt, d)
        if val > best:
            best, best_mt = val, out
    return best, best_mt.T


def fef_two_qubits(rho: np.ndarray) -> tuple[float, np.ndarray]:
    """``(F, U)``: ``F = lambda_max(Re(B^† rho B))`` (magic basis ``B``) and a maximizing unitary."""
    r = MAGIC.conj().T @ herm(np.asarray(rho)) @ MAGIC
    w, v = np.linalg.eigh(np.real(r))
    phi = MAGIC @ v[:, -1]
    mt = phi.reshape(2, 2) * np.sqrt(2)           # = U^T, unitary for a maximally entangled phi
    return float(w[-1]), _polar(mt).T
