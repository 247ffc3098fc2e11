r"""A-priori float64 error bounds, relative to the scale of the data (layer 5: numpy only).

The verifiers turn computed numbers into rigorous bounds by charging these constants (``u`` = unit
roundoff, taken as :data:`~sdpthermo.conventions.EPS_MACHINE` = ``2^-52``, twice the true ``2^-53``;
``gamma_k = k u / (1 - k u)``; Higham, *Accuracy and Stability of Numerical Algorithms*, §3.1, §3.5):

* inner products and matrix products (componentwise):
  ``|fl(A B) - A B| <= gamma_k |A| |B|`` with ``k`` the inner dimension, so
  ``|fl(v^† M v) - v^† M v| <= gamma_{2n+2} |v|^† |M| |v|``;
* Hermitian eigenvalues (``eigh``/``eigvalsh``, backward stable): every computed eigenvalue is within
  ``8 n u ||M||_F`` of the exact one (:func:`eig_error`);
* an additive ``TINY`` per operation covers underflow of products of very small numbers.

Every bound scales with the data (no ``max(1, ||M||)``): a matrix of norm ``1e-12`` is charged
``~1e-28``, not ``1e-16``; that is what keeps intervals of near-singular pairs tight and sound.

Examples
--------
>>> import numpy as np
>>> m = np.diag([1e-12, 2e-12])
>>> eig_error(m) < 1e-25
True
>>> lo, hi = eig_bounds(np.diag([1.0, -1e-3]))
>>> bool(-1e-3 - 1e-14 < lo < -1e-3 < 1.0 < hi)
True
>>> quad_bounds(np.array([0.0, 1e6]), np.diag([1.0, 1e-12]))[0] > 0.99999999
True
"""

from __future__ import annotations

import numpy as np

from sdpthermo.conventions import EPS_MACHINE
from sdpthermo.linalg.hermitian import herm

#: unit roundoff used in every bound (machine epsilon ``2^-52``: a factor 2 of safety over ``2^-53``).
U = EPS_MACHINE
#: absolute floor per operation (underflow of products of numbers near the smallest normal float).
TINY = 1e-290


def gamma(k: int) -> float:
    """``gamma_k = k u / (1 - k u)``, the relative error of a sum or inner product of ``k`` terms."""
    return k * U / (1 - k * U)


def fro(x: np.ndarray) -> float:
    """Frobenius norm (an upper bound on the operator norm), rounded up by ``(1 + gamma_{n+2})``."""
    return float(np.linalg.norm(x)) * (1 + gamma(x.size + 2)) if x.size else 0.0


def eig_error(x: np.ndarray) -> float:
    """Bound on ``|lambda_i(fl) - lambda_i(X)|`` for ``eigvalsh`` of the Hermitian ``X``: ``8 n u ||X||_F``."""
    n = x.shape[0] if x.ndim == 2 else 1
    return 8 * n * U * fro(x) + n * TINY


def eig_bounds(x: np.ndarray) -> tuple[float, float]:
    """Rigorous ``(lower bound on lambda_min, upper bound on lambda_max)`` of the Hermitian matrix ``x``."""
    if x.size == 0:
        return 0.0, 0.0
    w = np.linalg.eigvalsh(x)
    e = eig_error(x)
    return float(w[0]) - e, float(w[-1]) + e


def psd_shift(x: np.ndarray) -> float:
    """Smallest ``a >= 0`` this module can prove makes ``x + a I >= 0`` (``x`` exactly Hermitian)."""
    return max(0.0, -eig_bounds(x)[0])


def product_error(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Componentwise bound on ``|fl(a @ b) - a @ b|``: ``gamma_{k+2} |a| |b|`` (``k`` inner dimension)."""
    k = a.shape[-1]
    return np.asarray(gamma(k + 2) * (np.abs(a) @ np.abs(b)) * (1 + gamma(k + 2)) + TINY)


def quad_bounds(v: np.ndarray, m: np.ndarray) -> tuple[float, float]:
    """Rigorous interval for ``Re v^† M v``."""
    val = float(np.real(v.conj() @ (m @ v)))
    n = v.shape[0]
    err = gamma(2 * n + 4) * float(np.abs(v) @ (np.abs(m) @ np.abs(v))) * (1 + gamma(2 * n + 4)) + TINY
    return val - err, val + err


def inner_bounds(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Rigorous interval for ``Re tr(A^† B)``."""
    val = float(np.real(np.vdot(a, b)))
    err = gamma(a.size + 2) * float(np.sum(np.abs(a) * np.abs(b))) * (1 + gamma(a.size + 2)) + TINY
    return val - err, val + err


def trace_bounds(x: np.ndarray) -> tuple[float, float]:
    """Rigorous interval for ``Re tr X``."""
    d = np.real(np.diag(x))
    val = float(d.sum())
    err = gamma(d.size + 1) * float(np.abs(d).sum()) + TINY
    return val - err, val + err


def congruence(c: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, float]:
    """``herm(fl(C^† M C))`` and a bound on the Frobenius norm of its difference from ``C^† M C``."""
    ch = c.conj().T
    inner = m @ c
    out = herm(ch @ inner)
    n = m.shape[0]
    err = gamma(2 * n + 4) * (np.abs(ch) @ (np.abs(m) @ np.abs(c))) * (1 + gamma(2 * n + 4))
    return out, fro(err) + out.size * TINY


def trace_norm_upper(x: np.ndarray) -> float:
    """Rigorous upper bound on ``||X||_1`` of the Hermitian ``x``: ``sum |lambda_i| + n eig_error``."""
    if x.size == 0:
        return 0.0
    w = np.linalg.eigvalsh(x)
    n = int(x.shape[0])
    return float(np.abs(w).sum()) * (1 + gamma(n + 1)) + n * eig_error(x)

