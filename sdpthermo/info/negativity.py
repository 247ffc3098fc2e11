r"""Negativity and the partial-transpose spectrum (closed forms, layer 2).

``N(rho) = (||rho^{T_B}||_1 - 1) / 2`` = the sum of the moduli of the negative eigenvalues of
``rho^{T_B}`` (DESIGN.md §7); ``N > 0`` is the PPT criterion seed 000 uses to certify EPLT outputs (proof of
Theorem 3).  Partial transpose on the last factor unless ``system`` is named.

Examples
--------
>>> import numpy as np
>>> psi = np.array([1, 0, 0, 1]) / np.sqrt(2)
>>> round(negativity(np.outer(psi, psi), [2, 2]), 12)
0.5
>>> round(min_pt_eigenvalue(np.eye(4) / 4, [2, 2]), 12)
0.25
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sdpthermo.linalg.hermitian import herm
from sdpthermo.linalg.tensor import partial_transpose


def pt_spectrum(rho: np.ndarray, dims: Sequence[int], system: int | None = None) -> np.ndarray:
    """Ascending eigenvalues of ``rho^{T_system}``."""
    pt = partial_transpose(rho, None if system is None else [system], dims)
    return np.linalg.eigvalsh(herm(pt))


def negativity(rho: np.ndarray, dims: Sequence[int], system: int | None = None) -> float:
    """``N = sum |negative eigenvalues of rho^{T_B}|`` (= ``(||rho^{T_B}||_1 - tr rho)/2``)."""
    w = pt_spectrum(rho, dims, system)
    return float(-np.sum(w[w < 0]))


def min_pt_eigenvalue(rho: np.ndarray, dims: Sequence[int], system: int | None = None) -> float:
    """``lambda_min(rho^{T_B})``: negative iff ``rho`` is NPT (then entangled)."""
    return float(pt_spectrum(rho, dims, system)[0])
