r"""Choi matrices of linear maps (input ⊗ output, ``J = sum_ij |i><j| ⊗ Phi(|i><j|)``, ``tr J = d_in``).

Action: ``Phi(X) = tr_in[(X^T ⊗ I) J]``.  CP  <=>  ``J >= 0``; TP  <=>  ``tr_out J = I_in``.

Examples
--------
>>> import numpy as np
>>> k = [np.array([[1, 0], [0, np.sqrt(0.5)]]), np.array([[0, np.sqrt(0.5)], [0, 0]])]  # amplitude damping
>>> J = choi_from_kraus(k)
>>> float(np.trace(J)), cptp_errors(J, 2, 2)["tp"] < 1e-12
(2.0, True)
>>> np.allclose(apply_choi(J, np.diag([0.0, 1.0]), 2, 2), np.diag([0.5, 0.5]))
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from sdpthermo.conventions import TOL_RANK
from sdpthermo.errors import ValidationError
from sdpthermo.linalg.hermitian import herm, lambda_min, real_if_real
from sdpthermo.linalg.tensor import partial_trace, partial_transpose, permute_systems


def _dims_ok(j: np.ndarray, d_in: int, d_out: int) -> None:
    if j.shape != (d_in * d_out, d_in * d_out):
        raise ValidationError("choi", f"shape {j.shape} does not match d_in*d_out = {d_in}*{d_out}",
                              "pass a (d_in*d_out) x (d_in*d_out) Choi matrix")


def choi_of_map(phi: Callable[[np.ndarray], np.ndarray], d_in: int, d_out: int) -> np.ndarray:
    """Choi matrix of the linear map ``phi`` by evaluating it on the matrix units ``|i><j|``."""
    blocks = np.zeros((d_in, d_in, d_out, d_out), dtype=complex)
    for i in range(d_in):
        for k in range(d_in):
            e = np.zeros((d_in, d_in))
            e[i, k] = 1.0
            blocks[i, k] = phi(e)
    j = blocks.transpose(0, 2, 1, 3).reshape(d_in * d_out, d_in * d_out)
    return real_if_real(j)


def choi_from_kraus(kraus: Sequence[np.ndarray]) -> np.ndarray:
    """``J = sum_k vec(K_k) vec(K_k)^†`` with row-major vec over (input, output)."""
    ks = [np.asarray(k) for k in kraus]
    d_out, d_in = ks[0].shape
    j = np.zeros((d_in * d_out, d_in * d_out), dtype=complex)
    for k in ks:
        v = k.T.reshape(-1)  # index (i, a) -> K[a, i]
        j += np.outer(v, v.conj())
    return real_if_real(j)


def kraus_from_choi(j: np.ndarray, d_in: int, d_out: int, *, tol: float = TOL_RANK) -> list[np.ndarray]:
    """Kraus operators (``d_out x d_in``) from a PSD Choi matrix, by its eigendecomposition."""
    _dims_ok(j, d_in, d_out)
    w, v = np.linalg.eigh(herm(j))
    if w[0] < -1e-8 * max(1.0, abs(w[-1])):
        raise ValidationError("choi", f"is not positive semidefinite (min eigenvalue {w[0]:.3g})",
                              "only completely positive maps have Kraus operators")
    out = []
    for lam, vec in zip(w, v.T):
        if lam > tol * max(1.0, w[-1]):
            out.append(real_if_real(np.sqrt(lam) * vec.reshape(d_in, d_out).T))
    return out


def apply_choi(j: np.ndarray, x: np.ndarray, d_in: int, d_out: int) -> np.ndarray:
    """``Phi(X) = tr_in[(X^T ⊗ I) J]``."""
    _dims_ok(j, d_in, d_out)
    t = j.reshape(d_in, d_out, d_in, d_out)
    return real_if_real(np.einsum("ik,iakb->ab", x, t))


def compose_choi(j2: np.ndarray, j1: np.ndarray, d_in: int, d_mid: int, d_out: int) -> np.ndarray:
    """Choi matrix of ``Phi2 ∘ Phi1`` (Phi1: d_in -> d_mid, Phi2: d_mid -> d_out)."""
    t1 = j1.reshape(d_in, d_mid, d_in, d_mid)
    t2 = j2.reshape(d_mid, d_out, d_mid, d_out)
    t = np.einsum("iakb,acbd->ickd", t1, t2)
    return real_if_real(t.reshape(d_in * d_out, d_in * d_out))


def tensor_choi(ja: np.ndarray, jb: np.ndarray, da_in: int, da_out: int, db_in: int, db_out: int) -> np.ndarray:
    """Choi matrix of ``Phi_A ⊗ Phi_B`` ordered (A_in B_in) ⊗ (A_out B_out)."""
    j = np.kron(ja, jb)  # order A_in A_out B_in B_out
    return permute_systems(j, [0, 2, 1, 3], [da_in, da_out, db_in, db_out])


def party_transpose(j: np.ndarray, d_in: Sequence[int], d_out: Sequence[int], party: int) -> np.ndarray:
    """``J^{T_{in_j out_j}}``: transpose of party ``j``'s input and output in the Choi matrix of a ``k``-party
    channel ordered ``in_0 .. in_{k-1} ⊗ out_0 .. out_{k-1}`` (the PPT test of LOSR channels).

    >>> import numpy as np
    >>> local, swap = np.eye(4), np.eye(4)[[0, 2, 1, 3]]          # id ⊗ id (LOSR) and the swap (not LOSR)
    >>> [round(float(np.linalg.eigvalsh(party_transpose(choi_from_kraus([u]), [2, 2], [2, 2], 1))[0]), 9) + 0.0
    ...  for u in (local, swap)]
    [0.0, -1.0]
    """
    k = len(d_in)
    return partial_transpose(j, [party, k + party], list(d_in) + list(d_out))


def cptp_errors(j: np.ndarray, d_in: int, d_out: int) -> dict[str, float]:
    """``{"cp": max(0, -lambda_min(J)), "tp": ||tr_out J - I||_max, "herm": ||J - J^†||_max}``."""
    _dims_ok(j, d_in, d_out)
    herm_err = float(np.max(np.abs(j - j.conj().T)))
    tp = float(np.max(np.abs(partial_trace(j, [1], [d_in, d_out]) - np.eye(d_in))))
    return {"cp": max(0.0, -lambda_min(j)), "tp": tp, "herm": herm_err}


def is_cptp(j: np.ndarray, d_in: int, d_out: int, *, tol: float = 1e-9) -> bool:
    """True when ``J`` is Hermitian, PSD and trace preserving up to ``tol``."""
    return all(v <= tol for v in cptp_errors(j, d_in, d_out).values())


def constant_channel_choi(sigma: np.ndarray, d_in: int) -> np.ndarray:
    """Choi matrix ``I_in ⊗ sigma`` of the replacement channel ``X -> tr(X) sigma``."""
    return real_if_real(np.kron(np.eye(d_in), sigma))
