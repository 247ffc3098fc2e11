r"""The incident particles of seed 003: effusion distribution Eq. (40) and the mixed state Eq. (41).

.. math::

    \mu_{\rm eff}(p) = \frac{\beta p}{m}\, e^{-\beta p^2/(2m)} \quad (p \ge 0), \qquad
    \rho_U(p, p') = \mu_{\rm eff}\!\Big(\frac{p + p'}{2}\Big)\, e^{-(p - p')^2/(2\sigma_p^2)} .

``mu_eff`` is normalized, ``int_0^inf mu_eff = 1``.  The kernel ``rho_U`` of Eq. (41) is a Gaussian
Wigner-function construction and is *not* exactly positive semidefinite on ``p, p' > 0`` (on a grid,
``beta = m = 0.1``, ``sigma_p = 0.5``: lowest eigenvalue ``-4e-3`` against a largest ``0.56``), so the
exact collision map built from it is CP only approximately; :mod:`.maps` reports the lowest Choi
eigenvalue.

Examples
--------
>>> import numpy as np
>>> from scipy.integrate import quad
>>> round(quad(lambda p: float(effusion(p, 0.1, 0.1)), 0, np.inf)[0], 12)
1.0
>>> float(incident_kernel(1.0, 1.0, 0.1, 0.1, 0.5)) == float(effusion(1.0, 0.1, 0.1))
True
"""

from __future__ import annotations

import numpy as np


def effusion(p: np.ndarray | float, beta: float, m: float) -> np.ndarray:
    """``mu_eff(p)`` of Eq. (40) (zero for ``p < 0``)."""
    p = np.asarray(p, dtype=float)
    return np.where(p > 0, beta * p / m * np.exp(-beta * p * p / (2.0 * m)), 0.0)


def incident_kernel(p1: np.ndarray | float, p2: np.ndarray | float, beta: float, m: float,
                    sigma_p: float) -> np.ndarray:
    """``rho_U(p1, p2)`` of Eq. (41)."""
    p1, p2 = np.asarray(p1, dtype=float), np.asarray(p2, dtype=float)
    return effusion((p1 + p2) / 2.0, beta, m) * np.exp(-((p1 - p2) ** 2) / (2.0 * sigma_p**2))
