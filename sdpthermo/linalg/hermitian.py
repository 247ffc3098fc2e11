"""Hermitian helpers: symmetrize, eigen-split, norms, and realness detection.

Examples
--------
>>> import numpy as np
>>> x = np.diag([2.0, -1.0])
>>> float(trace_norm(x)), float(lambda_min(x))
(3.0, -1.0)
>>> np.allclose(positive_part(x) - negative_part(x), x)
True
"""

from __future__ import annotations

import numpy as np


def herm(x: np.ndarray) -> np.ndarray:
    """``(X + X^†) / 2``."""
    return (x + x.conj().T) / 2


def real_if_real(x: np.ndarray) -> np.ndarray:
    """Drop a zero imaginary part (exactly zero only)."""
    if np.iscomplexobj(x) and not np.any(x.imag):
        return x.real.copy()
    return x


def lambda_min(x: np.ndarray) -> float:
    """Smallest eigenvalue of the Hermitian part of ``x``."""
    return float(np.linalg.eigvalsh(herm(x))[0])


def lambda_max(x: np.ndarray) -> float:
    """Largest eigenvalue of the Hermitian part of ``x``."""
    return float(np.linalg.eigvalsh(herm(x))[-1])


def positive_part(x: np.ndarray) -> np.ndarray:
    """``X_+`` with ``X = X_+ - X_-``, both PSD with orthogonal supports."""
    w, v = np.linalg.eigh(herm(x))
    return real_if_real((v * np.clip(w, 0, None)) @ v.conj().T)


def psd_sqrt(x: np.ndarray) -> np.ndarray:
    """``(X_+)^{1/2}``: the square root of the positive part of the Hermitian part of ``x`` (dtype kept).

    >>> import numpy as np
    >>> psd_sqrt(np.diag([4.0, -1.0])).tolist()
    [[2.0, 0.0], [0.0, 0.0]]
    """
    w, v = np.linalg.eigh(herm(x))
    return (v * np.sqrt(np.clip(w, 0, None))) @ v.conj().T


def negative_part(x: np.ndarray) -> np.ndarray:
    """``X_-`` with ``X = X_+ - X_-``."""
    w, v = np.linalg.eigh(herm(x))
    return real_if_real((v * np.clip(-w, 0, None)) @ v.conj().T)


def clip_spectrum(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """Hermitian ``x`` with its eigenvalues clipped to ``[low, high]``."""
    w, v = np.linalg.eigh(herm(x))
    return real_if_real((v * np.clip(w, low, high)) @ v.conj().T)


def trace_norm(x: np.ndarray) -> float:
    """``||X||_1`` (sum of singular values; eigenvalues for Hermitian X)."""
    return float(np.sum(np.abs(np.linalg.eigvalsh(herm(x))))) if np.allclose(x, x.conj().T) \
        else float(np.sum(np.linalg.svd(x, compute_uv=False)))


def op_norm(x: np.ndarray) -> float:
    """``||X||_inf`` (largest singular value)."""
    if x.size == 0:
        return 0.0
    return float(np.linalg.norm(x, 2))
