r"""The quantum fidelity ``F(rho, sigma) = ||sqrt(rho) sqrt(sigma)||_1`` (seed 002, below Eq. (B13)).

For states ``F`` lies in ``[0, 1]``, ``1 - F <= ||rho - sigma||_1 / 2 <= sqrt(1 - F^2)`` (Eq. (B14)), and
``F`` is jointly concave; it is additive over the blocks of block-diagonal pairs,
``F(⊕_b A_b, ⊕_b B_b) = sum_b F(A_b, B_b)``: the purified-distance ball ``sqrt(1 - F^2) <= eps`` of the
smooth ``D_max`` formulations is ``sum_b F(rho~_b, rho_b) >= sqrt(1 - eps^2)``.

Examples
--------
>>> import numpy as np
>>> round(root_fidelity(np.diag([0.5, 0.5]), np.diag([1.0, 0.0])) ** 2, 12)      # F^2 = <0|rho|0> for a pure state
0.5
>>> plus = np.full((2, 2), 0.5)
>>> round(root_fidelity(plus, plus), 12)
1.0
"""

from __future__ import annotations

import numpy as np

from sdpthermo.linalg.hermitian import psd_sqrt


def root_fidelity(a: np.ndarray, b: np.ndarray) -> float:
    """``||sqrt(A) sqrt(B)||_1`` (square roots of the PSD parts; sum of singular values)."""
    return float(np.linalg.svd(psd_sqrt(a) @ psd_sqrt(b), compute_uv=False).sum())
