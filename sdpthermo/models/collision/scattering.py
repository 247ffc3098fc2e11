r"""Scattering matrices of the contact interaction ``H_US = g sigma_x^(1) delta(x)`` (seed 003, App. C).

For a particle of mass ``m`` hitting a system with Hamiltonian ``H`` (eigen-energies ``epsilon_l``)
through ``g V delta(x)`` (``V = sigma_x^(1)`` in Eq. (65)), matching the wave function across ``x = 0``
gives, at total energy ``E`` and with ``hbar = 1`` (Eqs. (C1)–(C2)),

.. math::

    s^{(+)}(E) = \mathbb K^{1/2}\,\big[\mathbb K + i m g V\big]^{-1}\,\mathbb K^{1/2}
               = \mathbb K^{1/2}\big[\mathbb I + i m g\,\mathbb K^{-1} V\big]^{-1}\mathbb K^{-1/2},
    \qquad s^{(-)}(E) = s^{(+)}(E) - \mathbb I,
    \qquad \mathbb K = \sqrt{2m(E - H)} .

Channels ``l`` with ``E > epsilon_l`` are *open* (real ``k_l``); closed channels carry the decaying
branch ``k_l = i sqrt(2m(epsilon_l - E))`` (principal square root), enter the inverse, and are then
dropped: ``s^(+-)_{kj}`` is returned only between open channels (zero elsewhere), as in App. C
(Eqs. (C7)–(C8), (C26)–(C28)).  The symmetric form ``K^{1/2} (K + i m g V)^{-1} K^{1/2}`` makes
``s^(+-)`` symmetric (micro-reversibility, Sec. V B) whenever ``V`` is real symmetric, and the block
matrix ``[[s^+, s^-], [s^-, s^+]]`` is unitary on the open channels (flux conservation).

Examples
--------
>>> import numpy as np
>>> sp, sm, op = scattering_matrices(np.array([6.0]), np.array([0.0, 4.0]), np.array([[0, 1], [1, 0]]), 0.1, 50.0)
>>> c = 50.0 * np.sqrt(0.1 / 2) / (6.0 * 2.0) ** 0.25                       # Eq. (C6)
>>> bool(np.allclose(sp[0], np.array([[1, -1j * c], [-1j * c, 1]]) / (1 + c**2)))   # Eq. (C4)
True
>>> float(unitarity_error(sp, sm, op)) < 1e-14
True
"""

from __future__ import annotations

import numpy as np


def scattering_matrices(E: np.ndarray, energies: np.ndarray, coupling: np.ndarray, m: float,
                        g: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``s^(+)(E)``, ``s^(-)(E)`` (Eqs. C1–C2) and the open-channel mask, vectorized over ``E``.

    Parameters
    ----------
    E : ndarray
        Total energies, any shape ``S``.
    energies : ndarray
        ``epsilon_l`` of the system, shape ``(d,)``; ``coupling`` is ``V`` in the same (eigen)basis.
    m, g : float
        Particle mass and contact strength.

    Returns
    -------
    s_plus, s_minus : ndarray
        Shape ``S + (d, d)``; entries involving a closed channel are zero.
    open_ : ndarray of bool
        Shape ``S + (d,)``: ``E > epsilon_l``.
    """
    e = np.asarray(E, dtype=float)
    d = energies.size
    kin = e[..., None] - energies
    k = np.sqrt((2.0 * m * kin).astype(complex))
    a = k[..., :, None] * np.eye(d) + 1j * m * g * coupling
    green = np.linalg.inv(a)
    open_ = kin > 0
    both = open_[..., :, None] & open_[..., None, :]
    sk = np.sqrt(k)
    s_plus = np.where(both, sk[..., :, None] * green * sk[..., None, :], 0.0)
    s_minus = s_plus - np.where(both, np.eye(d), 0.0)
    return s_plus, s_minus, open_


def unitarity_error(s_plus: np.ndarray, s_minus: np.ndarray, open_: np.ndarray) -> float:
    """``max |S^dag S - I|`` of ``S = [[s^+, s^-], [s^-, s^+]]`` on the open channels (flux conservation)."""
    err = 0.0
    flat_p = s_plus.reshape(-1, *s_plus.shape[-2:])
    flat_m = s_minus.reshape(-1, *s_minus.shape[-2:])
    for sp, sm, op in zip(flat_p, flat_m, open_.reshape(-1, open_.shape[-1])):
        idx = np.flatnonzero(op)
        a, b = sp[np.ix_(idx, idx)], sm[np.ix_(idx, idx)]
        big = np.block([[a, b], [b, a]])
        err = max(err, float(np.max(np.abs(big.conj().T @ big - np.eye(2 * idx.size)), initial=0.0)))
    return err
