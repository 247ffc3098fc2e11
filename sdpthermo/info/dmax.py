r"""Max-relative entropy by the generalized eigenvalue problem (seed 002, Eq. (10) = (B1)); bits.

.. math::

    D_{\max}(\rho\|\sigma) = \inf\{\lambda : \rho \le 2^\lambda \sigma\}
                           = \log_2 \lambda_{\max}(\sigma^{-1/2} \rho \sigma^{-1/2}),

with ``sigma^{-1/2}`` taken on ``supp(sigma)``.  The value is finite iff
``supp(rho) ⊆ supp(sigma)``; :func:`dmax` raises :class:`~sdpthermo.errors.ValidationError`
(naming ``rho``) when the weight of ``rho`` outside ``supp(sigma)`` exceeds ``TOL_VALIDATE``: the
true value is ``+inf``.  **Support tolerance** (:func:`support_threshold`): a diagonal ``sigma`` is
exact, every positive entry is in the support (``D_max(diag(.9, .1) || diag(1 - 1e-14, 1e-14)) =
log2(1e13)``, finite); otherwise an eigenvalue counts as zero below ``4 n^2 u ||sigma||_F`` (``u = 2^-52``), the
level below which ``eigh`` cannot resolve it from 0 well enough for the verifier's ``sigma^{-1/2}``
congruence (:func:`sdpthermo.certify.dmax.whiten`) to prove ``sigma > 0``.

The maximizing generalized eigenvector ``v`` certifies the lower side:
``rho <= t sigma`` implies ``<v|rho|v> <= t <v|sigma|v>``, so ``t >= <v|rho|v>/<v|sigma|v>``.

Examples
--------
>>> import numpy as np
>>> round(dmax(np.diag([0.5, 0.5]), np.diag([0.75, 0.25])), 12)   # log2(0.5/0.25)
1.0
>>> t, v = dmax_ratio(np.diag([0.5, 0.5]), np.diag([0.75, 0.25])); round(t, 12), np.abs(v).round(6).tolist()
(2.0, [0.0, 2.0])
"""

from __future__ import annotations

import math

import numpy as np

from sdpthermo.conventions import EPS_MACHINE, TOL_VALIDATE
from sdpthermo.errors import ValidationError
from sdpthermo.linalg.hermitian import herm


def support_threshold(sigma: np.ndarray) -> float:
    """Eigenvalues of ``sigma`` at or below this count as 0: ``0`` for a diagonal ``sigma`` (exact), else
    ``4 n^2 u ||sigma||_F`` (module docstring)."""
    if np.count_nonzero(sigma - np.diag(np.diag(sigma))) == 0:
        return 0.0
    n = sigma.shape[0]
    return 4 * n * n * EPS_MACHINE * float(np.linalg.norm(sigma))


def support_basis(sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(V_s, w_s, V_k)``: orthonormal bases of ``supp(sigma)`` (with its eigenvalues) and of its kernel."""
    w, v = np.linalg.eigh(herm(sigma))
    keep = w > support_threshold(sigma)
    return v[:, keep], w[keep], v[:, ~keep]


def support_leakage(rho: np.ndarray, sigma: np.ndarray) -> float:
    """``tr(P_ker(sigma) rho)``: the weight of ``rho`` outside ``supp(sigma)`` (0 iff the supports nest)."""
    _, _, vk = support_basis(sigma)
    return float(np.real(np.trace(vk.conj().T @ rho @ vk))) if vk.shape[1] else 0.0


def check_support(rho: np.ndarray, sigma: np.ndarray, name: str = "rho") -> None:
    """Raise :class:`ValidationError` unless ``supp(rho) ⊆ supp(sigma)`` (up to ``TOL_VALIDATE``)."""
    leak = support_leakage(rho, sigma)
    if leak > TOL_VALIDATE:
        raise ValidationError(name, f"supp({name}) is not contained in supp(sigma) (weight {leak:.3g} outside): "
                              "D_max = +inf", "give a sigma of full rank on the support of rho (e.g. T > 0)")


def dmax_ratio(rho: np.ndarray, sigma: np.ndarray) -> tuple[float, np.ndarray]:
    """``(t, v)``: ``t = 2^{D_max} = min{t : rho <= t sigma}`` and a vector with ``<v|rho|v> = t <v|sigma|v>``.

    ``v`` is normalized so that ``<v|sigma|v> = 1``.  Raises :class:`ValidationError` when the
    supports do not nest.
    """
    check_support(rho, sigma)
    vs, ws, _ = support_basis(sigma)
    s = vs / np.sqrt(ws)
    m = herm(s.conj().T @ rho @ s)
    lam, u = np.linalg.eigh(m)
    v = s @ u[:, -1]
    return float(lam[-1]), v


def dmax(rho: np.ndarray, sigma: np.ndarray) -> float:
    """``D_max(rho || sigma)`` in bits (Eq. (10)); see :func:`dmax_ratio`."""
    return math.log2(dmax_ratio(rho, sigma)[0])
