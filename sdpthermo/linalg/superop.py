r"""Superoperators: linear maps on ``d x d`` matrices as ``d^2 x d^2`` matrices on the row-major ``vec``.

Row-major vectorization ``vec(X)[i d + j] = X_ij`` gives ``vec(A X B) = (A ⊗ B^T) vec(X)``, hence

* conjugation ``X -> K X K^†``: ``K ⊗ K^*`` (:func:`kraus_superop` sums it over a Kraus family);
* commutator ``X -> -i [H, X]``: ``-i (H ⊗ I - I ⊗ H^T)`` (:func:`commutator_superop`);
* the GKSL generator ``L(X) = -i[H, X] + sum_k (L_k X L_k^† - {L_k^† L_k, X} / 2)``
  (:func:`lindblad_superop`: the strong-symmetry dynamics of seed 004; seed 003 Eq. (7) is the case
  ``L_k = sqrt(Gamma) K_k`` for the Kraus operators ``K_k`` of the collision map);
* from a Choi matrix ``J = sum_ij |i><j| ⊗ Phi(|i><j|)`` (input ⊗ output, :mod:`sdpthermo.linalg.choi`):
  ``S[(a b), (i j)] = J[(i a), (j b)]`` (:func:`superop_from_choi`).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.linalg.choi import choi_from_kraus
>>> k = [np.array([[1, 0], [0, np.sqrt(0.5)]]), np.array([[0, np.sqrt(0.5)], [0, 0]])]  # amplitude damping
>>> x = np.array([[0.3, 0.2 - 0.1j], [0.2 + 0.1j, 0.7]])
>>> s = kraus_superop(k)
>>> bool(np.allclose((s @ x.reshape(-1)).reshape(2, 2), sum(m @ x @ m.conj().T for m in k)))
True
>>> bool(np.allclose(superop_from_choi(choi_from_kraus(k)), s))
True
>>> h = np.diag([0.0, 1.0])
>>> bool(np.allclose((commutator_superop(h) @ x.reshape(-1)).reshape(2, 2), -1j * (h @ x - x @ h)))
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def kraus_superop(kraus: Sequence[np.ndarray]) -> np.ndarray:
    """``sum_k K_k ⊗ K_k^*``: the superoperator of ``X -> sum_k K_k X K_k^†``."""
    out = np.kron(kraus[0], np.conj(kraus[0]))
    for k in kraus[1:]:
        out = out + np.kron(k, np.conj(k))
    return out


def commutator_superop(hamiltonian: np.ndarray) -> np.ndarray:
    """``-i (H ⊗ I - I ⊗ H^T)``: the superoperator of ``X -> -i [H, X]``."""
    d = hamiltonian.shape[0]
    eye = np.eye(d)
    return -1j * (np.kron(hamiltonian, eye) - np.kron(eye, hamiltonian.T))


def lindblad_superop(hamiltonian: np.ndarray, jumps: Sequence[np.ndarray]) -> np.ndarray:
    r"""``-i[H, .] + sum_k (L_k . L_k^† - {L_k^† L_k, .}/2)`` with ``{A, .}`` as ``A ⊗ I + I ⊗ A^T``.

    >>> import numpy as np
    >>> lw = lindblad_superop(np.zeros((2, 2)), [np.array([[0.0, 1.0], [0.0, 0.0]])])     # decay |1> -> |0>
    >>> (lw @ np.diag([0.0, 1.0]).reshape(-1)).reshape(2, 2).real.tolist()
    [[1.0, 0.0], [0.0, -1.0]]
    """
    eye = np.eye(hamiltonian.shape[0])
    sup = commutator_superop(hamiltonian)
    for lk in jumps:
        ll = lk.conj().T @ lk
        sup += np.kron(lk, lk.conj()) - 0.5 * np.kron(ll, eye) - 0.5 * np.kron(eye, ll.T)
    return sup


def superop_from_choi(choi: np.ndarray) -> np.ndarray:
    """Row-major superoperator ``S[(a b), (i j)] = J[(i a), (j b)]`` of the map ``C^d -> C^d`` with Choi ``J``."""
    d = int(round(np.sqrt(choi.shape[0])))
    return choi.reshape(d, d, d, d).transpose(1, 3, 0, 2).reshape(d * d, d * d)
