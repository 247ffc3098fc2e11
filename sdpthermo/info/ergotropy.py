r"""Ergotropy (passive state by sorting) and asymptotic ergotropy (seed 004, battery section).

Ergotropy (Allahverdyan–Balian–Nieuwenhuizen; seed 004, "Application: Battery Charging")::

    W(rho) = E(rho) - min_U E(U rho U^dag) = Tr H rho - sum_k r_k^down e_k^up

with ``r^down`` the eigenvalues of ``rho`` in decreasing and ``e^up`` those of ``H`` in increasing order
(von Neumann's trace inequality); the minimizing unitary ``U = sum_k |e_k><r_k|`` maps the ``k``-th
most populated eigenvector of ``rho`` to the ``k``-th lowest level, and ``U rho U^dag`` is the passive state.

Asymptotic (regularized) ergotropy [seed 004, ref. 75]::

    W_inf(rho) = lim_n W(rho^{⊗n}) / n = S(rho || omega^{beta*}) / beta* = E(rho) - E(omega^{beta*}),
    S(omega^{beta*}) = S(rho)                                         (equal-entropy Gibbs state)

The last equality holds because ``ln omega^b = -b H - ln Z_b``; both forms are returned.  ``beta*`` is
found by root finding on ``S(omega^b)``, which decreases from ``ln d`` (``b = 0``) to ``ln g_0``
(``b = inf``, ``g_0`` the ground degeneracy).  Entropies in nats, ``k_B = 1``.

Examples
--------
>>> import math
>>> import numpy as np
>>> H = np.diag([0.0, 1.0])
>>> round(ergotropy(np.diag([0.2, 0.8]), H).value, 12)
0.6
>>> a = asymptotic_ergotropy(np.diag([0.2, 0.8]), H)
>>> round(a.value, 12), abs(a.beta_star - math.log(4)) < 1e-12   # a qubit: W_inf = W
(0.6, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from sdpthermo.errors import ValidationError
from sdpthermo.info.entropy import relative_entropy, von_neumann_entropy
from sdpthermo.linalg.hermitian import herm, real_if_real

#: |S - ln d| or |S - ln g_0| (nats) below which beta* is taken at the end point 0 or inf.
TOL_ENTROPY_END: float = 1e-13

#: relative gap below which two energies count as the same level (ground degeneracy g_0).
TOL_LEVEL: float = 1e-12


@dataclass(frozen=True)
class Ergotropy:
    """Ergotropy ``value`` with the unitary ``U`` achieving it and the passive state ``U rho U^dag``."""

    value: float
    energy: float
    passive_energy: float
    unitary: np.ndarray
    passive: np.ndarray


@dataclass(frozen=True)
class AsymptoticErgotropy:
    """``value = S(rho||omega^{beta*})/beta*`` and ``value_energy_form = E(rho) - E(omega^{beta*})``.

    At the end points ``beta* = 0`` or ``inf`` the relative-entropy form is undefined (0/0 or inf/inf)
    and ``value`` is the energy form; ``form_difference`` is then ``None``.
    """

    value: float
    value_energy_form: float
    beta_star: float
    entropy: float
    form_difference: float | None


def ergotropy(rho: np.ndarray, H: np.ndarray) -> Ergotropy:
    r"""Ergotropy ``W = Tr H rho - sum_k r_k^down e_k^up`` and the unitary achieving it.

    Parameters
    ----------
    rho : ndarray
        A density matrix.
    H : ndarray
        The Hamiltonian (Hermitian, same size).

    Returns
    -------
    Ergotropy
        ``value`` (``>= 0``), ``energy = Tr H rho``, ``passive_energy``, ``unitary`` ``U`` and
        ``passive = U rho U^dag``.

    Examples
    --------
    >>> e = ergotropy(np.diag([0.1, 0.6, 0.3]), np.diag([0.0, 1.0, 2.0]))
    >>> round(e.value, 12), np.allclose(e.passive, np.diag([0.6, 0.3, 0.1]))
    (0.7, True)
    """
    rho = herm(np.asarray(rho))
    H = herm(np.asarray(H))
    r, rv = np.linalg.eigh(rho)
    e, ev = np.linalg.eigh(H)
    order = np.argsort(-r, kind="stable")
    u = real_if_real(ev @ rv[:, order].conj().T)
    passive = real_if_real(herm(u @ rho @ u.conj().T))
    energy = float(np.real(np.trace(H @ rho)))
    passive_energy = float(np.dot(r[order], e))
    return Ergotropy(value=max(0.0, energy - passive_energy), energy=energy, passive_energy=passive_energy,
                     unitary=u, passive=passive)


def _thermal(e: np.ndarray, beta: float) -> np.ndarray:
    """Gibbs populations of the ascending levels ``e`` (ground space uniform at ``beta = inf``)."""
    shifted = e - e[0]
    if math.isinf(beta):
        w = (shifted <= TOL_LEVEL * max(1.0, float(np.max(np.abs(e))))).astype(float)
    else:
        w = np.exp(-beta * shifted)
    return w / w.sum()


def thermal_entropy(energies: np.ndarray, beta: float) -> float:
    """``S(omega^beta)`` in nats for the levels ``energies`` (any order), ``beta in [0, inf]``.

    Examples
    --------
    >>> abs(thermal_entropy(np.array([0.0, 1.0]), 0.0) - math.log(2)) < 1e-15
    True
    """
    p = _thermal(np.sort(np.asarray(energies, dtype=float)), beta)
    p = p[p > 0]
    return float(np.sum(-p * np.log(p)))


def equal_entropy_beta(energies: np.ndarray, entropy: float) -> float:
    r"""The ``beta* in [0, inf]`` with ``S(omega^{beta*}) = entropy`` (nats), by Brent's method.

    Parameters
    ----------
    energies : array_like
        The levels of ``H``.
    entropy : float
        Target entropy in nats, in ``[ln g_0, ln d]``.

    Returns
    -------
    float
        ``beta*`` (``0`` at ``ln d``, ``inf`` at ``ln g_0``, within ``TOL_ENTROPY_END``).

    Raises
    ------
    ValidationError
        When ``entropy`` lies outside ``[ln g_0, ln d]``: no Gibbs state with ``beta >= 0`` has it.

    Examples
    --------
    >>> b = equal_entropy_beta(np.array([0.0, 1.0]), thermal_entropy(np.array([0.0, 1.0]), 2.0))
    >>> round(b, 10)
    2.0
    """
    e = np.sort(np.asarray(energies, dtype=float))
    d = e.size
    g0 = int(np.count_nonzero(e - e[0] <= TOL_LEVEL * max(1.0, float(np.max(np.abs(e))))))
    s_max, s_min = math.log(d), math.log(g0)
    if entropy > s_max + TOL_ENTROPY_END or entropy < s_min - TOL_ENTROPY_END:
        raise ValidationError("entropy", f"S = {entropy:.6g} nats lies outside [ln g_0, ln d] = "
                              f"[{s_min:.6g}, {s_max:.6g}], the entropies of Gibbs states with beta in [0, inf]",
                              "asymptotic ergotropy via S(omega^beta*) = S(rho) needs such an entropy")
    if entropy >= s_max - TOL_ENTROPY_END:
        return 0.0
    if entropy <= s_min + TOL_ENTROPY_END:
        return math.inf
    gap = float(np.min(np.diff(e)[np.diff(e) > TOL_LEVEL * max(1.0, float(np.max(np.abs(e))))]))
    hi = 1.0 / gap
    while thermal_entropy(e, hi) > entropy:
        hi *= 2.0
    return float(brentq(lambda b: thermal_entropy(e, b) - entropy, 0.0, hi, xtol=1e-300, rtol=1e-15,
                        maxiter=500))


def asymptotic_ergotropy(rho: np.ndarray, H: np.ndarray) -> AsymptoticErgotropy:
    r"""``W_inf(rho) = S(rho || omega^{beta*}) / beta*`` with ``S(omega^{beta*}) = S(rho)`` (seed 004).

    Parameters
    ----------
    rho : ndarray
        A density matrix.
    H : ndarray
        The Hamiltonian.

    Returns
    -------
    AsymptoticErgotropy
        Both forms, ``beta*``, ``S(rho)`` (nats) and their difference.

    Raises
    ------
    ValidationError
        When ``S(rho) < ln g_0`` (no equal-entropy Gibbs state with ``beta* >= 0``; see
        :func:`equal_entropy_beta`).

    Examples
    --------
    >>> a = asymptotic_ergotropy(np.diag([0.5, 0.1, 0.4]), np.diag([0.0, 1.0, 2.0]))
    >>> a.value > 0, a.form_difference < 1e-12
    (True, True)
    """
    rho = herm(np.asarray(rho))
    H = herm(np.asarray(H))
    e, ev = np.linalg.eigh(H)
    s = von_neumann_entropy(rho)
    beta = equal_entropy_beta(e, s)
    pop = _thermal(e, beta)
    omega = real_if_real(herm((ev * pop) @ ev.conj().T))
    energy = float(np.real(np.trace(H @ rho)))
    energy_form = energy - float(np.dot(pop, e))
    if beta == 0.0 or math.isinf(beta):
        return AsymptoticErgotropy(value=energy_form, value_energy_form=energy_form, beta_star=beta, entropy=s,
                                   form_difference=None)
    value = relative_entropy(rho, omega) / beta
    return AsymptoticErgotropy(value=value, value_energy_form=energy_form, beta_star=beta, entropy=s,
                               form_difference=abs(value - energy_form))
