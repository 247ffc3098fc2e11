r"""Multipartite EPLT (seed 000, App. B): the GHZ twirl ``T_GHZ`` and the channel ``E^(eps,N)``.

GHZ basis (Eq. (B2)), ``j = 0 .. 2^{N-1}-1`` written with ``N-1`` bits and ``jbar = 2^{N-1}-1-j``::

    |Psi_j^±> = (|j>|0> ± |jbar>|1>)/sqrt(2),          |Psi_0^+> = |GHZ_N>.

``T_GHZ`` (Eq. (B1)) maps every ``N``-qubit state to
``sum_± l_0^± Psi_0^± + sum_{j>0} l_j (Psi_j^+ + Psi_j^-)`` with ``l_0^± = <Psi_0^±|rho|Psi_0^±>`` and
``l_j = (<Psi_j^+|rho|Psi_j^+> + <Psi_j^-|rho|Psi_j^->)/2``.  Hence Eq. (B3) holds exactly for ``j = 0``
and, for ``j > 0``, for the pair sums only (the form (B1) forces ``l_j^+ = l_j^-``).

It is an LOSR channel (Dür–Cirac, the paper's Ref. [44], Sec. IV B), realized here by a finite
ensemble: with shared randomness pick uniformly (i) local phases ``diag(1, i^{a_k})`` on qubit ``k``,
``a in Z_4^N`` with ``sum_k a_k = 0 mod 4`` (kills every coherence except ``|0..0><1..1|`` and,
through ``e^{2 i phi.x}``, the ``Psi_j^+/Psi_j^-`` coherences for ``j > 0``) and (ii) ``X^{⊗N}`` or
``I`` (equalizes ``p(x) = p(xbar)`` and makes the ``|0..0><1..1|`` coherence real).  Every element is a
product of single-qubit unitaries; ``|ensemble| = 2 * 4^{N-1}``.

``E^(eps,N)(rho) = (1-eps) ⊗_i eta_i + eps T_GHZ(rho)`` (Eq. (B5)), ``eta_i`` of Eq. (B6), a local
thermalization for ``0 <= eps <= 2 min_i P_1^i`` (Eq. (B7)), since every GHZ-basis state has maximally
mixed single-qubit marginals.

GME of noisy GHZ states ``x GHZ + (1-x) I/2^N`` (Eq. (B4)): App. B quotes ``x > 1/(1+2^{N-1})``; that is
Dür–Cirac's threshold for being NPT across *every* bipartition (hence not fully separable), not for
genuine multipartite entanglement.  The GME threshold is ``x* = (2^{N-1}-1)/(2^N-1)`` (3/7, 7/15 for
``N = 3, 4``): the fidelity witness ``I/2 - GHZ`` detects ``x > x*``, and at ``x <= x*`` the state is
biseparable (Gühne–Seevinck's criterion is exact for GHZ-diagonal states); the PPT-mixture SDP reproduces
it (tests/papers/test_seed000_gme.py).

Examples
--------
>>> import numpy as np
>>> rho = np.eye(8) / 8
>>> np.allclose(t_ghz(rho, 3), rho)
True
>>> ens = ghz_twirl_unitaries(3); len(ens)
32
>>> round(gme_threshold_noisy_ghz(3), 6), round(quoted_threshold_noisy_ghz(3), 6)
(0.428571, 0.2)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.tensor import kron_all
from sdpthermo.models.channels import Channel


def check_n(n: int, name: str = "n") -> int:
    """Number of qubits for the multipartite constructions: an integer ``>= 3`` (``N = 2`` is §III)."""
    if isinstance(n, bool) or int(n) != n or n < 3:
        raise ValidationError(name, f"must be an integer >= 3, got {n!r}",
                              "genuine multipartite entanglement needs N >= 3 parties; use eplt.ppt for N = 2")
    return int(n)


def ghz_basis(n: int) -> np.ndarray:
    """Columns ``[Psi_0^+, Psi_0^-, Psi_1^+, Psi_1^-, ...]`` of Eq. (B2) (real ``2^N x 2^N`` orthogonal)."""
    half = 2 ** (n - 1)
    b = np.zeros((2**n, 2**n))
    for j in range(half):
        jbar = half - 1 - j
        for s, sign in enumerate((1.0, -1.0)):
            b[2 * j, 2 * j + s] = 1 / math.sqrt(2)             # |j>|0>
            b[2 * jbar + 1, 2 * j + s] = sign / math.sqrt(2)   # |jbar>|1>
    return b


def t_ghz(x: np.ndarray, n: int) -> np.ndarray:
    """``T_GHZ(X)`` of Eq. (B1) in closed form (linear in ``X``)."""
    b = ghz_basis(n)
    lam = np.einsum("ai,ab,bi->i", b, x, b)
    pair = (lam[2::2] + lam[3::2]) / 2
    out = lam.copy()
    out[2::2] = pair
    out[3::2] = pair
    res = (b * out) @ b.T
    return res.real if np.iscomplexobj(res) and not np.any(res.imag) else res


def ghz_twirl_unitaries(n: int) -> list[list[np.ndarray]]:
    """The Dür–Cirac ensemble of ``T_GHZ``: ``2 * 4^{N-1}`` lists of ``N`` single-qubit unitaries (uniform)."""
    n = check_n(n)
    xgate = np.array([[0.0, 1.0], [1.0, 0.0]])
    out: list[list[np.ndarray]] = []
    for idx in range(4 ** (n - 1)):
        a = [(idx // 4**k) % 4 for k in range(n - 1)]
        a.append((-sum(a)) % 4)
        phases = [np.diag([1.0, 1j**ak]) for ak in a]
        out.append(phases)
        out.append([xgate @ p for p in phases])
    return out


def eta_qubit(gamma: np.ndarray, eps: float) -> np.ndarray:
    """``eta_i^eps = gamma_i + eps/(1-eps) (gamma_i - I/2)`` of Eq. (B6)."""
    if eps >= 1:
        raise ValidationError("eps", "eta^eps is undefined at eps = 1", "use eps < 1")
    out = gamma + eps / (1 - eps) * (gamma - np.eye(2) / 2)
    w, v = np.linalg.eigh(out)
    if w[0] < -1e-10:
        raise ValidationError("eps", f"eta^eps is not a state (min eigenvalue {w[0]:.3g})",
                              "use eps <= 2 min_i P_1^i (Eq. (B7))")
    return (v * np.clip(w, 0, None)) @ v.conj().T


def eta_qubit_safe(gamma: np.ndarray, eps: float) -> np.ndarray:
    """``eta`` of Eq. (B6), with ``gamma`` as a placeholder at ``eps = 1`` (where its weight ``1 - eps`` is 0)."""
    return gamma if eps >= 1 else eta_qubit(gamma, eps)


def eps_limit_n(gammas: Sequence[np.ndarray]) -> float:
    """``2 min_i P_1^i`` of Eq. (B7) (smallest eigenvalue of the single-qubit thermal states, times 2)."""
    return min(1.0, 2 * min(float(np.linalg.eigvalsh(g)[0]) for g in gammas))


def eplt_n_map(x: np.ndarray, gammas: Sequence[np.ndarray], eps: float) -> np.ndarray:
    """``E^(eps,N)(X) = (1-eps) tr(X) ⊗_i eta_i + eps T_GHZ(X)`` (Eq. (B5))."""
    n = len(gammas)
    out = eps * t_ghz(x, n)
    if eps < 1:
        out = out + (1 - eps) * np.trace(x) * kron_all(*[eta_qubit(g, eps) for g in gammas])
    return out


def eplt_n_channel(gammas: Sequence[np.ndarray], eps: float) -> Channel:
    """``E^(eps,N)`` of Eq. (B5) as a :class:`Channel` (Choi ``4^N x 4^N``)."""
    n = len(gammas)
    return Channel.from_map(lambda x: eplt_n_map(x, gammas, eps), [2] * n, [2] * n, name="E^(eps,N) (Eq. B5)")


def noisy_ghz(x: float, n: int) -> np.ndarray:
    """``x GHZ + (1-x) I/2^N`` (Eq. (B4))."""
    b = ghz_basis(n)
    g = np.outer(b[:, 0], b[:, 0])
    return x * g + (1 - x) * np.eye(2**n) / 2**n


def gme_threshold_noisy_ghz(n: int) -> float:
    """GME threshold of Eq. (B4): ``x* = (2^{N-1}-1)/(2^N-1)`` (fidelity ``> 1/2``; exact, see module doc)."""
    return (2 ** (n - 1) - 1) / (2**n - 1)


def quoted_threshold_noisy_ghz(n: int) -> float:
    """``1/(1+2^{N-1})``, the value App. B quotes (NPT across every bipartition; not the GME threshold)."""
    return 1 / (1 + 2 ** (n - 1))
