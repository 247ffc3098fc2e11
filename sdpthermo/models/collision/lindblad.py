r"""The Poissonian Lindblad equation of seed 003, Eqs. (7) and (71), and the observables of Figs. 2–4.

.. math::

    \dot\rho = \mathcal L\rho = -i[H(\epsilon), \rho] + \Gamma\,(\mathbb S - \mathbb I)\rho ,

collisions at Poissonian times with rate ``Gamma`` and unitary evolution in between (Eq. 7).  With the
row-major ``vec`` (``vec(A X B) = (A ⊗ B^T) vec X``) the Liouvillian is ``L = -i (H ⊗ I - I ⊗ H^T) +
Gamma (S_hat - I)``, ``S_hat[(j'k'), (jk)] = S^{jk}_{j'k'}``.  The steady state solves ``L vec rho =
0``, ``tr rho = 1`` (least squares on the stacked system); its uniqueness is measured by the smallest
singular value of ``L`` on the traceless subspace.  Evolution uses exact matrix exponentials
``rho(t) = exp(L t) rho(0)``, stepping through the sorted times with one ``expm`` per distinct step.

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
from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla


def superoperator(choi: np.ndarray) -> np.ndarray:
    """Row-major superoperator ``S_hat`` of the map with Choi ``J`` (input ⊗ output)."""
    d = int(round(np.sqrt(choi.shape[0])))
    return choi.reshape(d, d, d, d).transpose(1, 3, 0, 2).reshape(d * d, d * d)


def commutator_superoperator(hamiltonian: np.ndarray) -> np.ndarray:
    """``-i [H, .]`` as a row-major superoperator."""
    d = hamiltonian.shape[0]
    eye = np.eye(d)
    return -1j * (np.kron(hamiltonian, eye) - np.kron(eye, hamiltonian.T))


def poisson_liouvillian(hamiltonian: np.ndarray, choi: np.ndarray, gamma: float) -> np.ndarray:
    """``L`` of Eq. (71) for the system Hamiltonian ``H`` and a collision map given by its Choi matrix."""
    d2 = choi.shape[0]
    return commutator_superoperator(hamiltonian) + gamma * (superoperator(choi) - np.eye(d2))


def traceless_gap(liouvillian: np.ndarray) -> float:
    """Smallest singular value of ``L`` restricted to traceless matrices (0 if the steady state is not unique)."""
    d2 = liouvillian.shape[0]
    d = int(round(np.sqrt(d2)))
    v = np.eye(d).reshape(d2) / np.sqrt(d)
    proj = np.eye(d2) - np.outer(v, v)
    sv = np.linalg.svd(liouvillian @ proj, compute_uv=False)
    return float(np.sort(sv)[1])


@dataclass(frozen=True)
class SteadyState:
    """``rho`` (unit trace, Hermitian part), ``residual = ||L vec rho||_2`` and the traceless ``gap``."""

    rho: np.ndarray
    residual: float
    gap: float


def steady_state(liouvillian: np.ndarray) -> SteadyState:
    """The trace-one solution of ``L vec rho = 0`` (least squares on ``[L; vec(I)^T]``)."""
    d2 = liouvillian.shape[0]
    d = int(round(np.sqrt(d2)))
    a = np.vstack([liouvillian, np.eye(d).reshape(1, d2)])
    b = np.zeros(d2 + 1, dtype=complex)
    b[-1] = 1.0
    x = np.linalg.lstsq(a, b, rcond=None)[0]
    rho = x.reshape(d, d)
    rho = (rho + rho.conj().T) / 2
    rho = rho / np.trace(rho).real
    res = float(np.linalg.norm(liouvillian @ rho.reshape(d2)))
    return SteadyState(rho=rho, residual=res, gap=traceless_gap(liouvillian))


def evolve(liouvillian: np.ndarray, rho0: np.ndarray, times: Sequence[float]) -> np.ndarray:
    """``rho(t) = exp(L t) rho0`` for each ``t`` in ``times`` (shape ``(len(times), d, d)``).

    The sorted times are reached by exact step propagators ``exp(L (t_k - t_{k-1}))``, one ``expm`` per
    distinct step (a uniform grid costs a single ``expm``).
    """
    d = rho0.shape[0]
    t = np.asarray(times, dtype=float)
    order = np.argsort(t, kind="stable")
    v = np.asarray(rho0, dtype=complex).reshape(d * d)
    props: dict[float, np.ndarray] = {}
    out = np.empty((t.size, d, d), dtype=complex)
    prev = 0.0
    for i in order:
        step = float(t[i]) - prev
        key = float(f"{step:.12e}")
        if step != 0.0:
            if key not in props:
                props[key] = sla.expm(liouvillian * step)
            v = props[key] @ v
        out[i] = v.reshape(d, d)
        prev = float(t[i])
    return out


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
