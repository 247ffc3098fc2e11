r"""Two-copy symmetric extensions of an LOSR channel's Choi matrix with the channel (trace-preservation) constraints
on every copy: the DPS hierarchy for local thermalizations (seed 000, Definition 1 and outlook).

For ``Lambda = sum_l p_l A_l ⊗ B_l`` with local Choi matrices ``J_{A_l}`` (``A = A_in A_out``) and
``J_{B_l}`` (``B = B_in B_out``), each of dimension ``D = d^2`` and trace ``d``, the operator

    R = sum_l p_l (J_{A_l}/d) ⊗ (J_{B_l}/d)^{⊗k}          on  F = A ⊗ B_1 ⊗ ... ⊗ B_k

is a state on ``F`` invariant under swapping the ``B`` copies (it is *not* supported on ``Sym^k(B)`` unless
every ``J_{B_l}`` has rank one, so the Bose-symmetric DPS extension cannot carry the channel constraints
below).  Swap invariance makes ``R`` block-diagonal in the swap-adapted basis,
for ``k = 2`` (the level implemented) ``R = W_S X_S W_S^T + W_A X_A W_A^T`` (``W_S``, ``W_A``:
``A ⊗ Sym^2(B)``, ``A ⊗ Anti^2(B)``;
``X = X_S ⊕ X_A >= 0``, ``tr X = 1``), and

* [marginal]  ``J = d^2 P tr_{B_2..B_k}(R) P^T``  (``P``: ``A_in A_out B_in B_out -> A_in B_in A_out B_out``);
* [PPT]       ``R^{Γ_c} >= 0`` for the cuts ``c = {B_2}`` (``A B_1 | B_2``) and ``c = {B_1, B_2}``
  (``A | B_1 B_2``), ``Γ_c`` the transpose of the copies in ``c``;
* [chan-A]    ``L_A(R) = tr_{A_out} R - (I_{A_in}/d) ⊗ tr_A R = 0``     (every ``A_l`` is trace preserving);
* [chan-B]    ``L_B(R) = tr_{B_k,out} R - (tr_{B_k} R) ⊗ I_{B_k,in}/d = 0``  (every ``B_l`` is, on each copy).

The channel constraints are what separates LOSR from "separable Choi matrix + constant marginals" (which
contains classical PR-box-like channels); without them the hierarchy could not converge to LOSR.

This module holds the index structure (phase charges) used by the reduced solver and the full-space
adjoints used by the solver-free verifier.  Layout of ``F``: systems ``(a_in, a_out, b1_in, b1_out, ...)``,
each of dimension ``d``; ``f = alpha D^k + sum_i beta_i D^{k-i}``.

Examples
--------
>>> st = extension_structure(2)
>>> st.n_full, sum(len(b) for b in st.blocks), sum(len(b) ** 2 for b in st.blocks) < st.n_full ** 2
(64, 64, True)
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.charge_blocks import block_position, group_by_charge
from sdpthermo.linalg.tensor import partial_transpose, permute_systems


def _charge_a(alpha: int, d: int) -> np.ndarray:
    """``-e_{a_in} + e_{a_out}`` for Alice's pair ``alpha = a_in d + a_out``."""
    q = np.zeros(d, dtype=int)
    q[alpha // d] -= 1
    q[alpha % d] += 1
    return q


def _charge_b(beta: int, d: int) -> np.ndarray:
    """``e_{b_in} - e_{b_out}`` for Bob's pair ``beta = b_in d + b_out``."""
    return -_charge_a(beta, d)


@dataclass(frozen=True)
class ExtensionStructure:
    """Basis of ``F = A ⊗ B^{⊗2}`` adapted to the copy swap (``A ⊗ Sym^2(B)`` then ``A ⊗ Anti^2(B)``),
    its charge blocks, and, for each PPT cut, the flipped-charge blocks of ``F``'s product basis."""

    d: int
    k: int
    pairs: list[tuple[int, int]]      # symmetric basis: beta <= beta'; antisymmetric: beta < beta'
    anti_pairs: list[tuple[int, int]]
    blocks: list[np.ndarray]          # blocks of the adapted basis (sector, charge)
    offsets: np.ndarray               # start of each block's row-major vec in x
    block_of: np.ndarray
    pos: np.ndarray
    sym_of_full: np.ndarray           # F index -> symmetric basis index
    sym_weight: np.ndarray            # <f|sym basis vector>
    anti_of_full: np.ndarray          # F index -> antisymmetric basis index (-1: none)
    anti_weight: np.ndarray
    cuts: list[tuple[int, ...]]       # transposed copies (1-based) of each PPT cut
    cut_blocks: list[list[np.ndarray]]

    @property
    def n_full(self) -> int:
        """Order ``(d^2)^{k+1}`` of the unreduced extension."""
        return (self.d**2) ** (self.k + 1)

    @property
    def size(self) -> int:
        """Number of entries of the reduced variable ``x``."""
        return int(self.offsets[-1])

    def x_index(self, r: np.ndarray, s: np.ndarray) -> np.ndarray:
        """Positions in ``x`` of ``X[r, s]`` for adapted-basis indices (``-1`` when structurally zero)."""
        br, bs = self.block_of[r], self.block_of[s]
        n = np.array([len(b) for b in self.blocks])[br]
        out = self.offsets[br] + self.pos[r] * n + self.pos[s]
        return np.where((br == bs) & (r >= 0) & (s >= 0), out, -1)

    def full_entries(self, f: np.ndarray, g: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """``R[f, g] = sum coef * x[idx]`` over the two sectors (``idx = -1``: no term)."""
        return [(self.x_index(self.sym_of_full[f], self.sym_of_full[g]), self.sym_weight[f] * self.sym_weight[g]),
                (self.x_index(self.anti_of_full[f], self.anti_of_full[g]),
                 self.anti_weight[f] * self.anti_weight[g])]


def full_digits(d: int, k: int) -> np.ndarray:
    """Rows ``(alpha, beta_1, ..., beta_k)`` of every ``F`` index."""
    dd = d * d
    return np.array(list(itertools.product(range(dd), repeat=k + 1)))


@lru_cache(maxsize=8)
def extension_structure(d: int, k: int = 2) -> ExtensionStructure:
    """Index structure of the level-2 extension (``k = 2``: the swap-adapted basis is explicit)."""
    if k != 2:
        raise ValidationError("level", f"the channel-constrained extension is implemented for k = 2, got {k}",
                              "use level 2 (level 1 is the PPT relaxation)")
    dd = d * d
    pairs = list(itertools.combinations_with_replacement(range(dd), 2))
    anti_pairs = list(itertools.combinations(range(dd), 2))
    p_index = {m: i for i, m in enumerate(pairs)}
    a_index = {m: i for i, m in enumerate(anti_pairs)}
    n_s, n_a = dd * len(pairs), dd * len(anti_pairs)
    charges = []
    for sector, plist in (("S", pairs), ("A", anti_pairs)):
        for alpha in range(dd):
            for b1, b2 in plist:
                charges.append((sector, *(_charge_a(alpha, d) + _charge_b(b1, d) + _charge_b(b2, d))))
    blocks = group_by_charge(charges)
    offsets = np.concatenate([[0], np.cumsum([len(b) ** 2 for b in blocks])]).astype(int)
    block_of, pos = block_position(blocks, n_s + n_a)
    digits = full_digits(d, k)
    al, b, c = digits[:, 0], digits[:, 1], digits[:, 2]
    lo, hi = np.minimum(b, c), np.maximum(b, c)
    sym_of_full = al * len(pairs) + np.array([p_index[(x, y)] for x, y in zip(lo, hi)])
    sym_weight = np.where(b == c, 1.0, 1 / math.sqrt(2))
    anti_of_full = np.array([n_s + a * len(anti_pairs) + a_index[(x, y)] if x != y else -1
                             for a, x, y in zip(al, lo, hi)])
    anti_weight = np.where(b == c, 0.0, np.where(b < c, 1.0, -1.0) / math.sqrt(2))
    cuts = [(2,), (1, 2)]
    cut_blocks = []
    for cut in cuts:
        qc = [tuple(_charge_a(row[0], d) + sum((-1 if i in cut else 1) * _charge_b(x, d)
                                               for i, x in enumerate(row[1:], start=1))) for row in digits]
        cut_blocks.append(group_by_charge(qc))
    return ExtensionStructure(d, k, pairs, anti_pairs, blocks, offsets, block_of, pos, sym_of_full, sym_weight,
                              anti_of_full, anti_weight, cuts, cut_blocks)


def extension_isometry(d: int, k: int = 2) -> sp.csr_matrix:
    """``W``: the adapted basis (symmetric then antisymmetric sector) -> ``F``; an orthogonal matrix."""
    st = extension_structure(d, k)
    n = st.n_full
    has_a = st.anti_of_full >= 0
    rows = np.concatenate([np.arange(n), np.arange(n)[has_a]])
    cols = np.concatenate([st.sym_of_full, st.anti_of_full[has_a]])
    vals = np.concatenate([st.sym_weight, st.anti_weight[has_a]])
    return sp.csr_matrix((vals, (rows, cols)), shape=(n, n))


def swap_symmetrize(s: np.ndarray, d: int) -> np.ndarray:
    """``(S + F S F)/2`` with ``F`` the swap of the two ``B`` copies of ``A ⊗ B ⊗ B``."""
    dd = d * d
    t = s.reshape(dd, dd, dd, dd, dd, dd)
    return (s + t.transpose(0, 2, 1, 3, 5, 4).reshape(s.shape)) / 2


def lift_choi_operator(m: np.ndarray, d: int, k: int) -> np.ndarray:
    """``d^2 (P^T M P ⊗ I_{B_2..B_k})``: ``tr(M J) = tr(lift(M) R)`` for ``J = d^2 P tr_{B_2..B_k}(R) P^T``."""
    local = permute_systems(m, [0, 2, 1, 3], [d, d, d, d])
    return d * d * np.kron(local, np.eye((d * d) ** (k - 1)))


def channel_adjoint_a(g: np.ndarray, d: int, k: int) -> np.ndarray:
    """``L_A^*(G)`` on ``F`` for ``G`` on ``A_in ⊗ B^k``: ``G ⊗_{A_out} I - (1/d) I_A ⊗ tr_{A_in} G``."""
    nb = (d * d) ** k
    g4 = g.reshape(d, nb, d, nb)
    out = np.einsum("ibjc,uv->iubjvc", g4, np.eye(d))
    out -= np.einsum("ij,uv,bc->iubjvc", np.eye(d), np.eye(d), np.einsum("ibic->bc", g4)) / d
    n = d * d * nb
    return out.reshape(n, n)


def channel_adjoint_b(g: np.ndarray, d: int, k: int) -> np.ndarray:
    """``L_B^*(G)`` on ``F`` for ``G`` on ``A ⊗ B^{k-1} ⊗ B_{k,in}``:
    ``G ⊗_{B_k,out} I - (1/d) (tr_{B_k,in} G) ⊗ I_{B_k}``."""
    nr = (d * d) ** k
    g4 = g.reshape(nr, d, nr, d)
    out = np.einsum("risj,uv->riusjv", g4, np.eye(d))
    out -= np.einsum("rs,ij,uv->riusjv", np.einsum("risi->rs", g4), np.eye(d), np.eye(d)) / d
    n = nr * d * d
    return out.reshape(n, n)


def dual_slack(c: np.ndarray, d: int, duals: dict[str, np.ndarray], k: int = 2) -> np.ndarray:
    """Swap-averaged slack ``S = lift(Y_A ⊗ I + Y_B ⊗ I - C) + L_A^*(G_A) + L_B^*(G_B) - sum_c Z_c^{Γ_c}``
    on ``F`` (see :mod:`sdpthermo.certify.channel_marginal.channel_dps`); multipliers symmetrized."""
    from sdpthermo.linalg.hermitian import herm
    from sdpthermo.models.channel_marginal.local_thermalization import embed_A, embed_B

    s = lift_choi_operator(embed_A(herm(duals["Y_A"]), d) + embed_B(herm(duals["Y_B"]), d) - c, d, k)
    s += channel_adjoint_a(herm(duals["G_A"]), d, k) + channel_adjoint_b(herm(duals["G_B"]), d, k)
    for j, cut in enumerate(extension_structure(d, k).cuts, start=1):
        s -= cut_transpose(herm(duals[f"Z_{j}"]), d, k, cut)
    return herm(swap_symmetrize(s, d))


def cut_transpose(z: np.ndarray, d: int, k: int, cut: tuple[int, ...]) -> np.ndarray:
    """``Z^{Γ_c}``: transpose of the copies in ``cut`` (1-based ``B`` copies) on ``F``."""
    return partial_transpose(z, list(cut), [d * d] * (k + 1))
