r"""Bipartite channels as Choi matrices, the local-thermalization constraints of Definition 1 (seed 000),
and LOSR ensembles.

Choi layout (DESIGN.md §7): ``J`` acts on ``A_in ⊗ B_in ⊗ A_out ⊗ B_out`` (input ⊗ output), each of
dimension ``d``; ``tr J = d^2``.  Definition 1, condition 2 (both marginal maps constant) reads

    tr_{B_out} J = I_{A_in B_in} ⊗ gamma_A,        tr_{A_out} J = I_{A_in B_in} ⊗ gamma_B,

which also implies trace preservation.  An LOSR channel ``sum_l p_l A_l ⊗ B_l`` has the Choi matrix
``sum_l p_l P(J_{A_l} ⊗ J_{B_l}) P^†`` (``P`` reorders ``A_in A_out B_in B_out -> A_in B_in A_out B_out``),
separable across ``(A_in A_out) | (B_in B_out)``: hence PPT under the transpose of ``B_in B_out``.

The entanglement fidelity objective is ``F(Lambda) = <Psi+|Lambda(Psi+)|Psi+> = tr[(Psi+ ⊗ Psi+) J]``.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.states import gibbs_state
>>> g = gibbs_state([0.0, 1.0], 1.0)
>>> ens = eplt_weyl_ensemble(g, g, 2 * g[1, 1])
>>> j = ens.choi()
>>> bool(thermality_error(j, g, g) < 1e-12)
True
>>> round(fidelity_objective(j, 2), 12) == round(paper_fef(g, g, 2 * g[1, 1]), 12)
True
"""

from __future__ import annotations

import numpy as np

from sdpthermo.linalg.choi import choi_from_kraus, constant_channel_choi
from sdpthermo.linalg.hermitian import positive_part
from sdpthermo.linalg.tensor import partial_trace, permute_systems
from sdpthermo.models.eplt.channels import eta
from sdpthermo.models.eplt.protocols import LosrEnsemble
from sdpthermo.models.states import max_entangled

#: reorder (A_in A_out B_in B_out) -> (A_in B_in A_out B_out)
LOCAL_TO_CHOI = (0, 2, 1, 3)


def dims4(d: int) -> list[int]:
    """``[d, d, d, d]``: the factors ``A_in B_in A_out B_out`` of a bipartite Choi matrix."""
    return [d, d, d, d]


def marginal_A(j: np.ndarray, d: int) -> np.ndarray:
    """``tr_{B_out} J`` on ``A_in B_in A_out``."""
    return partial_trace(j, [3], dims4(d))


def marginal_B(j: np.ndarray, d: int) -> np.ndarray:
    """``tr_{A_out} J`` on ``A_in B_in B_out``."""
    return partial_trace(j, [2], dims4(d))


def embed_A(y: np.ndarray, d: int) -> np.ndarray:
    """Adjoint of :func:`marginal_A`: ``Y ⊗ I_{B_out}``."""
    return np.kron(y, np.eye(d))


def embed_B(y: np.ndarray, d: int) -> np.ndarray:
    """Adjoint of :func:`marginal_B`: ``Y`` on ``A_in B_in B_out`` with ``I_{A_out}`` inserted."""
    return permute_systems(np.kron(y, np.eye(d)), [0, 1, 3, 2], dims4(d))


def targets(gamma_a: np.ndarray, gamma_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(I ⊗ gamma_A, I ⊗ gamma_B)``: the right-hand sides of Definition 1, condition 2."""
    d = gamma_a.shape[0]
    return np.kron(np.eye(d * d), gamma_a), np.kron(np.eye(d * d), gamma_b)


def thermality_error(j: np.ndarray, gamma_a: np.ndarray, gamma_b: np.ndarray) -> float:
    """Max entrywise violation of Definition 1, condition 2."""
    d = gamma_a.shape[0]
    ta, tb = targets(gamma_a, gamma_b)
    return max(float(np.max(np.abs(marginal_A(j, d) - ta))), float(np.max(np.abs(marginal_B(j, d) - tb))))


def fidelity_operator(d: int) -> np.ndarray:
    """``C = Psi+ ⊗ Psi+`` with ``tr(C J) = <Psi+|Lambda(Psi+)|Psi+>``."""
    p = max_entangled(d)
    return np.kron(p, p)


def fidelity_objective(j: np.ndarray, d: int) -> float:
    """``tr(C J)`` with ``C`` of :func:`fidelity_operator`: the fidelity of ``Lambda(Psi+)`` with ``Psi+``."""
    return float(np.real(np.vdot(fidelity_operator(d), j)))


def witness_operator(witness: np.ndarray, rho_in: np.ndarray) -> np.ndarray:
    """``C = rho_in^T ⊗ W`` with ``tr(C J) = tr(W Lambda(rho_in))``."""
    return np.kron(rho_in.T, witness)


def real_twirl_unitaries(d: int) -> list[np.ndarray]:
    """A real orthogonal unitary 1-design: cyclic shifts ``X^a`` times sign patterns ``diag(h_k)``.

    ``h_k`` are the first ``d`` entries of the rows of a Sylvester–Hadamard matrix of order ``K >= d``
    (``K^{-1} sum_k h_k[a] h_k[b] = delta_ab``), so ``avg U X U^T = tr(X) I/d``; every ``U`` is real
    orthogonal, hence ``(U ⊗ U^*) Psi+ = Psi+``.  ``d K`` elements, all real: the twirl used by the LOSR
    ensembles (real arithmetic throughout).
    """
    k = 1
    while k < d:
        k *= 2
    h = np.array([[1.0]])
    while h.shape[0] < k:
        h = np.block([[h, h], [h, -h]])
    x = np.roll(np.eye(d), 1, axis=0)
    shifts = [np.linalg.matrix_power(x, a) for a in range(d)]
    return [s @ np.diag(row[:d]) for s in shifts for row in h]


def _depolarized_unitary_choi(u: np.ndarray, gamma: np.ndarray, eps: float) -> np.ndarray:
    """Choi of ``D^{1-eps}_{eta^eps} ∘ U(.)U^†``."""
    d = u.shape[0]
    ju = choi_from_kraus([u])
    if eps >= 1:
        return ju
    return eps * ju + (1 - eps) * constant_channel_choi(eta(gamma, eps), d)


def eplt_weyl_ensemble(gamma_a: np.ndarray, gamma_b: np.ndarray, eps: float,
                       eps_b: float | None = None, conjugate_by: np.ndarray | None = None) -> LosrEnsemble:
    """An explicit finite LOSR ensemble for ``E^eps`` (Eq. (5); ``eps_b=None``) or ``Lambda^(eps, eps_b)``
    (Eq. (20)), with the U⊗U* twirl replaced by the finite real twirl of :func:`real_twirl_unitaries`
    (optionally conjugated by an orthogonal ``V``).

    Both twirls fix ``Psi+`` and send every marginal to ``I/d``, so the ensemble is a local thermalization
    (Lemma 2) with the same output on ``Psi+``, hence the same fidelity: ``n + 1`` terms for ``E``
    (``n`` twirl terms with weight ``eps/n``, one constant term ``eta_A ⊗ eta_B`` with weight ``1 - eps``),
    ``n`` terms for ``Lambda``.
    """
    d = gamma_a.shape[0]
    v = np.eye(d) if conjugate_by is None else conjugate_by
    us = [v @ w @ v.conj().T for w in real_twirl_unitaries(d)]
    n = len(us)
    if eps_b is None:
        p = [eps / n] * n
        ja = [choi_from_kraus([u]) for u in us]
        jb = [choi_from_kraus([u.conj()]) for u in us]
        if eps < 1:
            p.append(1 - eps)
            ja.append(constant_channel_choi(eta(gamma_a, eps), d))
            jb.append(constant_channel_choi(eta(gamma_b, eps), d))
    else:
        p = [1 / n] * n
        ja = [_depolarized_unitary_choi(u, gamma_a, eps) for u in us]
        jb = [_depolarized_unitary_choi(u.conj(), gamma_b, eps_b) for u in us]
    return LosrEnsemble.bipartite(np.array(p), np.array(ja), np.array(jb))


def paper_fef(gamma_a: np.ndarray, gamma_b: np.ndarray, eps: float) -> float:
    """``F[E^eps(Psi+)] = eps + (1 - eps) sum_n Q_n^A Q_n^B / d`` (Eq. (5), (8); cf. Prop. 5, Eq. (18))."""
    d = gamma_a.shape[0]
    if eps >= 1:
        return 1.0
    qa, qb = np.diag(eta(gamma_a, eps)), np.diag(eta(gamma_b, eps))
    return float(eps + (1 - eps) * np.dot(qa, qb) / d)


def lambda_fef(gamma_a: np.ndarray, gamma_b: np.ndarray, eps_a: float, eps_b: float) -> float:
    """``F[Lambda^(eps_A, eps_B)(Psi+)]`` (Eq. (20)), expanding ``D_A ⊗ D_B`` on ``T(Psi+) = Psi+``:
    ``eps_A eps_B + (1-eps_A)(1-eps_B) sum_n Q_n^A Q_n^B / d + [(1-eps_A) eps_B + eps_A (1-eps_B)] / d^2``,
    using ``<Psi+|eta ⊗ eta'|Psi+> = sum_n Q_n Q'_n / d`` and ``<Psi+|eta ⊗ I/d|Psi+> = 1/d^2``.
    """
    d = gamma_a.shape[0]
    qa = np.diag(eta(gamma_a, eps_a)) if eps_a < 1 else np.full(d, 1 / d)
    qb = np.diag(eta(gamma_b, eps_b)) if eps_b < 1 else np.full(d, 1 / d)
    cross = ((1 - eps_a) * eps_b + eps_a * (1 - eps_b)) / d**2
    return float(eps_a * eps_b + (1 - eps_a) * (1 - eps_b) * np.dot(qa, qb) / d + cross)


def product_gibbs_choi(gamma_a: np.ndarray, gamma_b: np.ndarray) -> np.ndarray:
    """Choi of the constant channel ``X -> tr(X) gamma_A ⊗ gamma_B`` (Prop. 1): strictly feasible when full rank."""
    d = gamma_a.shape[0]
    return constant_channel_choi(np.kron(gamma_a, gamma_b), d * d)


def local_marginal_errors(ens: LosrEnsemble) -> dict[str, float]:
    """CPTP residuals of every local map and of the weights."""
    err = {"p_nonneg": float(max(0.0, -np.min(ens.probs))), "p_sum": abs(float(np.sum(ens.probs)) - 1.0)}
    cp, tp = 0.0, 0.0
    for chois, d_in, d_out in zip(ens.chois, ens.dims_in, ens.dims_out):
        for jx in chois:
            h = (jx + jx.conj().T) / 2
            cp = max(cp, max(0.0, -float(np.linalg.eigvalsh(h)[0])))
            tp = max(tp, float(np.max(np.abs(partial_trace(jx, [1], [d_in, d_out]) - np.eye(d_in)))))
    err["local_cp"], err["local_tp"] = cp, tp
    return err


def orthogonal_haar(d: int, rng: np.random.Generator) -> np.ndarray:
    """A Haar-random real orthogonal matrix (QR of a Gaussian matrix with sign fix)."""
    q, r = np.linalg.qr(rng.normal(size=(d, d)))
    return q * np.sign(np.diag(r))


def repair_ensemble(ens: LosrEnsemble, gamma_a: np.ndarray, gamma_b: np.ndarray) -> LosrEnsemble:
    """Make a nearly feasible LOSR ensemble exactly a local thermalization (to roundoff).

    Per side: clip each local Choi to PSD and make it trace preserving by the congruence
    ``(X^{-1/2} ⊗ I) J (X^{-1/2} ⊗ I)``, ``X = tr_out J``; then with the defect ``D = I ⊗ gamma - sum_l p_l J_l``
    (``tr_out D = 0``) set ``J_l <- (1 - mu)(J_l + D) + mu I ⊗ gamma`` with the smallest ``mu`` keeping every
    ``J_l`` PSD.  Then ``sum_l p_l J_l = I ⊗ gamma`` exactly and every ``J_l`` stays CPTP.
    """
    d = gamma_a.shape[0]
    p = np.clip(np.asarray(ens.probs, float), 0, None)
    p = p / p.sum()

    def side(chois: np.ndarray, gamma: np.ndarray) -> np.ndarray:
        out = []
        for j in chois:
            j = positive_part(j)
            x = partial_trace(j, [1], [d, d])
            xw, xv = np.linalg.eigh((x + x.conj().T) / 2)
            s = np.kron((xv / np.sqrt(np.clip(xw, 1e-300, None))) @ xv.conj().T, np.eye(d))
            out.append(s @ j @ s.conj().T)
        arr = np.array(out)
        target = np.kron(np.eye(d), gamma)
        defect = target - np.einsum("l,lij->ij", p, arr)
        defect = (defect + defect.conj().T) / 2
        lmin = min(float(np.linalg.eigvalsh(a + defect)[0]) for a in arr)
        if lmin >= 0:
            return arr + defect
        pmin = float(np.linalg.eigvalsh(gamma)[0])
        mu = -lmin / (pmin - lmin) if pmin > 0 else 1.0
        return (1 - mu) * (arr + defect) + mu * target

    return LosrEnsemble.bipartite(p, side(ens.choi_a, gamma_a), side(ens.choi_b, gamma_b))

