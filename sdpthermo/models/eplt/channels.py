r"""Entanglement-preserving local thermalizations (seed 000 §III–IV).

* ``E^eps = D^{1-eps}_{eta_A ⊗ eta_B} ∘ T``  (Eq. (5)), i.e. ``E^eps(X) = (1-eps) tr(X) eta_A⊗eta_B + eps T(X)``,
  with ``D^p_sigma(X) = p tr(X) sigma + (1-p) X`` (Eq. (6)) and
  ``eta_X^eps = gamma_X + eps/(1-eps) (gamma_X - I/d)`` (below Eq. (6)).
* Lemma 2: ``E^eps`` is a local thermalization for ``0 <= eps <= eps* = d P_min`` (``P_min`` the smallest
  eigenvalue of ``gamma_A`` and ``gamma_B``), since ``eta^eps >= 0`` exactly there (Eq. (8)).
* ``Lambda^(eps_A, eps_B) = [D^{1-eps_A}_{eta_A} ⊗ D^{1-eps_B}_{eta_B}] ∘ T`` (Eq. (20)), local thermalization
  for ``0 <= eps_X <= d P_min^X``.
* Eq. (9)–(13): with input ``Psi+`` the output's partial transpose is ``(⊕_{n≠m} M_nm) ⊕ D``; the
  negativity is therefore ``sum_{n<m} max(0, -lambda_min(M_nm))`` (:func:`negativity_eq10`).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.states import gibbs_state, max_entangled
>>> g = gibbs_state([0.0, 1.0], 1.0)
>>> e = eps_star(g, g); bool(abs(e - 2 * g[1, 1]) < 1e-12)
True
>>> ch = eplt_channel(g, g, e)
>>> from sdpthermo.models.channels import locally_thermal_error
>>> locally_thermal_error(ch, [g, g]) < 1e-12
True
"""

from __future__ import annotations

import numpy as np

from sdpthermo.conventions import TOL_CLOSED
from sdpthermo.errors import ValidationError
from sdpthermo.models.channels import Channel
from sdpthermo.models.twirl import twirl


def eps_star(gamma_a: np.ndarray, gamma_b: np.ndarray) -> float:
    """``eps* = d P_min`` of Lemma 2 (``P_min`` the smallest eigenvalue of ``gamma_A`` and ``gamma_B``)."""
    d = _same_dim(gamma_a, gamma_b)
    pmin = min(float(np.linalg.eigvalsh(gamma_a)[0]), float(np.linalg.eigvalsh(gamma_b)[0]))
    return min(1.0, max(0.0, d * pmin))


def eps_limit(gamma: np.ndarray) -> float:
    """``d P_min^X`` for one side (the limit of ``eps_X`` in Eq. (20))."""
    d = gamma.shape[0]
    return min(1.0, max(0.0, d * float(np.linalg.eigvalsh(gamma)[0])))


def _same_dim(gamma_a: np.ndarray, gamma_b: np.ndarray) -> int:
    if gamma_a.shape != gamma_b.shape:
        raise ValidationError("energies_B", f"local dimensions differ ({gamma_a.shape[0]} vs {gamma_b.shape[0]})",
                              "the U⊗U* twirl of Eq. (3) needs equal local dimensions d_A = d_B")
    return gamma_a.shape[0]


def eta(gamma: np.ndarray, eps: float) -> np.ndarray:
    """``eta^eps = gamma + eps/(1-eps) (gamma - I/d)`` (below Eq. (6)); diagonal ``Q_n`` of Eq. (8).

    Defined for ``eps < 1``; a state iff ``eps <= d P_min`` (Lemma 2).  Tiny negative entries from
    roundoff at ``eps = eps*`` are set to 0 (they are below ``TOL_CLOSED``).
    """
    d = gamma.shape[0]
    if eps >= 1:
        raise ValidationError("eps", "eta^eps is undefined at eps = 1", "use eps < 1 (at eps = 1 it has weight 0)")
    out = gamma + eps / (1 - eps) * (gamma - np.eye(d) / d)
    w, v = np.linalg.eigh(out)
    if w[0] < -TOL_CLOSED:
        raise ValidationError("eps", f"eta^eps is not a state (min eigenvalue {w[0]:.3g})",
                              "use eps <= eps* = d P_min (Lemma 2)")
    return (v * np.clip(w, 0, None)) @ v.conj().T


def check_eps_limit(eps: float, limit: float, name: str = "eps") -> float:
    """The EPLT weight ``0 <= eps <= limit`` (Lemma 2), clipped to ``limit``; the message names the limit."""
    if not (0.0 <= eps <= limit + TOL_CLOSED):
        raise ValidationError(name, f"must lie in [0, {limit:.10g}] (Lemma 2: eps <= d*P_min), got {eps}",
                              f"pass {name} <= {limit:.10g} or leave it out for the maximal value")
    return min(eps, limit)




def _mix_with_eta(x: np.ndarray, gamma_a: np.ndarray, gamma_b: np.ndarray, eps: float) -> np.ndarray:
    d = gamma_a.shape[0]
    out = eps * twirl(x, d)
    if eps < 1:
        out = out + (1 - eps) * np.trace(x) * np.kron(eta(gamma_a, eps), eta(gamma_b, eps))
    return out


def eplt_map(x: np.ndarray, gamma_a: np.ndarray, gamma_b: np.ndarray, eps: float) -> np.ndarray:
    """``E^eps(X)`` of Eq. (5) (linear in ``X``)."""
    _same_dim(gamma_a, gamma_b)
    return _mix_with_eta(x, gamma_a, gamma_b, eps)


def _depolarize_one(x: np.ndarray, gamma: np.ndarray, eps: float, side: int, d: int) -> np.ndarray:
    """``(D^{1-eps}_eta ⊗ id)`` (side 0) or ``(id ⊗ D^{1-eps}_eta)`` (side 1) applied to ``X``."""
    if eps >= 1:
        return x
    t = x.reshape(d, d, d, d)
    if side == 0:
        rest = np.einsum("ajak->jk", t)
        replaced = np.kron(eta(gamma, eps), rest)
    else:
        rest = np.einsum("iaja->ij", t)
        replaced = np.kron(rest, eta(gamma, eps))
    return (1 - eps) * replaced + eps * x


def lambda_map(x: np.ndarray, gamma_a: np.ndarray, gamma_b: np.ndarray, eps_a: float, eps_b: float) -> np.ndarray:
    """``Lambda^(eps_A, eps_B)(X)`` of Eq. (20)."""
    d = _same_dim(gamma_a, gamma_b)
    y = twirl(x, d)
    y = _depolarize_one(y, gamma_a, eps_a, 0, d)
    return _depolarize_one(y, gamma_b, eps_b, 1, d)


def eplt_channel(gamma_a: np.ndarray, gamma_b: np.ndarray, eps: float) -> Channel:
    """``E^eps`` of Eq. (5) as a :class:`Channel`."""
    d = _same_dim(gamma_a, gamma_b)
    return Channel.from_map(lambda x: eplt_map(x, gamma_a, gamma_b, eps), [d, d], [d, d], name="E^eps (Eq. 5)")


def lambda_channel(gamma_a: np.ndarray, gamma_b: np.ndarray, eps_a: float, eps_b: float) -> Channel:
    """``Lambda^(eps_A, eps_B)`` of Eq. (20) as a :class:`Channel`."""
    d = _same_dim(gamma_a, gamma_b)
    return Channel.from_map(lambda x: lambda_map(x, gamma_a, gamma_b, eps_a, eps_b), [d, d], [d, d],
                            name="Lambda^(eps_A,eps_B) (Eq. 20)")


def negativity_eq10(q_a: np.ndarray, q_b: np.ndarray, eps: float) -> float:
    """Negativity of ``E^eps(Psi+)`` from the 2x2 blocks ``M_nm`` of Eq. (10)–(11).

    ``M_nm = [[(1-eps) Q_n^A Q_m^B, eps/d], [eps/d, (1-eps) Q_m^A Q_n^B]]`` for ``n < m``; the diagonal
    block ``D`` of Eq. (12) is nonnegative.  ``N = sum_{n<m} max(0, sqrt(((a-b)/2)^2 + c^2) - (a+b)/2)``.
    ``q_a``, ``q_b`` are the eigenvalues of ``eta_A^eps``, ``eta_B^eps`` (Eq. (8)) in the energy basis.
    """
    d = len(q_a)
    c = eps / d
    total = 0.0
    for n in range(d):
        for m in range(n + 1, d):
            a = (1 - eps) * q_a[n] * q_b[m]
            b = (1 - eps) * q_a[m] * q_b[n]
            total += max(0.0, float(np.hypot((a - b) / 2, c) - (a + b) / 2))
    return total


def qubit_negativity_closed_form(q: float, channel: str = "E") -> float:
    """Negativity of the output for input ``Psi+``, two qubits with ``gamma_A = gamma_B = diag(1-q, q)``.

    With ``eps = eps* = 2q``, ``eta = |0><0|`` and (Prop. 4, Eq. (14)–(15) at ``p = 1``)
    ``E^{eps*}(Psi+) = (1-2q)|00><00| + 2q Psi+``: the block on ``{|01>, |10>}`` of the partial transpose
    is ``[[0, q], [q, 0]]``, so ``N = q`` for every ``T > 0``.  For ``Lambda^(eps*, eps*)`` (Eq. (20)),
    the same block is ``[[eps(1-eps)/2, eps^2/2], [eps^2/2, eps(1-eps)/2]]``, so
    ``N = max(0, eps(2 eps - 1)/2) = max(0, q(4q - 1))``: entangled iff ``q > 1/4``.
    """
    if channel == "E":
        return q
    return max(0.0, q * (4 * q - 1))


def fef_closed_form(gamma_a: np.ndarray, gamma_b: np.ndarray, eps: float, f_in: float) -> float | None:
    r"""Fully entangled fraction of ``E^eps(rho)`` (Eq. (5), (16)) for an input with ``F_in = <Psi+|rho|Psi+>``.

    ``E^eps = (1 - eps) eta_A ⊗ eta_B + eps T``; the twirl ``T`` maps ``rho`` to the isotropic state of fidelity
    ``F_in``, so ``F = (1-eps) <Psi+|eta_A ⊗ eta_B|Psi+> + eps max(F_in, (1-F_in)/(d^2-1))`` whenever one maximally
    entangled vector maximizes both terms: ``Psi+`` (or, when ``F_in < 1/d^2``, ``(I ⊗ Z) Psi+`` with ``Z`` the
    clock matrix) does when the energy orders of ``eta_A`` and ``eta_B`` agree (rearrangement inequality).
    ``None`` when they do not.  Two qubits at ``eps*``: ``F = 1/2 - q + 2q max(F_in, (1-F_in)/3)``.

    >>> from sdpthermo.models.states import gibbs_state
    >>> g = gibbs_state([0.0, 1.0], 1.0); q = float(g[1, 1])
    >>> abs(fef_closed_form(g, g, eps_star(g, g), 1.0) - (0.5 + q)) < 1e-12
    True
    """
    d = gamma_a.shape[0]
    twirl_part = eps * max(f_in, (1 - f_in) / (d * d - 1))
    if eps >= 1:
        return twirl_part
    qa, qb = np.diag(eta(gamma_a, eps)), np.diag(eta(gamma_b, eps))
    if float(qa @ qb) < float(np.sort(qa) @ np.sort(qb)) - 1e-15:
        return None
    return (1 - eps) * float(qa @ qb) / d + twirl_part
