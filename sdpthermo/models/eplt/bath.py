r"""Thermodynamic (bath) form of a local thermalization (seed 000 Def. 2, Theorem 6, App. C).

From a finite product-channel decomposition ``E = sum_i p_i E_A^i ⊗ E_B^i`` (Carathéodory, App. C):

* Stinespring: for each ``i`` and ``X = A, B`` a unitary ``U^i_{XX'}`` on ``X ⊗ X'``, ``X' = C^{d^2}``, with
  ``E_X^i(.) = tr_{X'}[U^i (. ⊗ |0><0|_{X'}) U^{i†}]``; the isometry ``|psi>|0> -> sum_m K_m|psi>|m>`` of the
  Kraus operators (padded to ``d^2``) completed to a unitary;
* Eq. (C3): ``V_{XX'X''} = sum_i U^i_{XX'} ⊗ |i><i|_{X''}`` (block diagonal in the register ``X'' = C^D``);
* Eq. (C2): bath state ``|00><00|_{A'B'} ⊗ sum_i p_i |ii><ii|_{A''B''}`` — diagonal in a product basis, hence
  separable; ``tr_{A'B'A''B''}[(V_A ⊗ V_B)(rho ⊗ bath)(V_A ⊗ V_B)^†] = E(rho)``.

Remark on "thermal": ``sum_i p_i |ii><ii|`` has rank ``D`` on ``A''B''`` (dimension ``D^2``), so it is a Gibbs
state only of a Hamiltonian with infinite energy on ``|ij>, i != j`` (``H'' = -T ln p_i`` on ``|ii>``), and
``|00><00|_{A'B'}`` is a ``T = 0`` (ground) state; App. C's "full rank" holds on ``span{|ii>}`` only.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.eplt.protocols import twirl_ensemble
>>> ens = twirl_ensemble(2)
>>> ua, ub = dilation_blocks(ens)
>>> ua.shape
(24, 8, 8)
>>> float(np.abs(bath_channel_choi(ua, ub, ens.probs, 2, 2) - ens.choi()).max()) < 1e-12
True
"""

from __future__ import annotations

import numpy as np

from sdpthermo.linalg.choi import choi_from_kraus, kraus_from_choi
from sdpthermo.models.eplt.protocols import LosrEnsemble, recompose


def stinespring_unitary(choi: np.ndarray, d: int) -> np.ndarray:
    """Unitary ``U`` on ``C^d ⊗ C^{d^2}`` with ``tr_{X'}[U (. ⊗ |0><0|) U^†] = E`` for the channel of ``choi``."""
    kraus = kraus_from_choi(choi, d, d)
    e = d * d
    if len(kraus) > e:  # pragma: no cover - a d -> d channel has at most d^2 Kraus operators
        raise ValueError("more Kraus operators than the ancilla dimension")
    w = np.zeros((d * e, d), dtype=complex)          # isometry |psi> -> sum_m K_m |psi> ⊗ |m>
    for m, k in enumerate(kraus):
        w[m::e, :] = k
    u = np.zeros((d * e, d * e), dtype=complex)
    cols_in = [i * e for i in range(d)]              # input basis |i> ⊗ |0>_{X'}
    u[:, cols_in] = w
    q, _ = np.linalg.qr(np.hstack([w, np.eye(d * e)]))
    comp = q[:, d:]                                  # orthonormal complement of range(w)
    rest = [c for c in range(d * e) if c not in set(cols_in)]
    u[:, rest] = comp
    return u


def dilation_blocks(ens: LosrEnsemble) -> tuple[np.ndarray, np.ndarray]:
    """The blocks ``U^i_{AA'}`` and ``U^i_{BB'}`` of ``V_{AA'A''}``, ``V_{BB'B''}`` (Eq. (C3)), stacked over ``i``."""
    da, db = ens.dims_in
    ua = np.stack([stinespring_unitary(j, da) for j in ens.chois[0]])
    ub = np.stack([stinespring_unitary(j, db) for j in ens.chois[1]])
    return ua, ub


def reduced_choi(u: np.ndarray, d: int) -> np.ndarray:
    """Choi matrix of ``tr_{X'}[U (. ⊗ |0><0|_{X'}) U^†]``: Kraus ``K_m = (I ⊗ <m|) U (I ⊗ |0>)``."""
    e = u.shape[0] // d
    w = u[:, [i * e for i in range(d)]]
    return choi_from_kraus([w[m::e, :] for m in range(e)])


def bath_channel_choi(ua: np.ndarray, ub: np.ndarray, probs: np.ndarray, da: int, db: int) -> np.ndarray:
    """Choi matrix of Eq. (C2): trace out ``A'B'A''B''`` for the block unitaries and the classical bath ``p``."""
    ja = np.stack([reduced_choi(u, da) for u in ua]).astype(complex)
    jb = np.stack([reduced_choi(u, db) for u in ub]).astype(complex)
    return recompose(probs, (ja, jb), (da, db), (da, db))
