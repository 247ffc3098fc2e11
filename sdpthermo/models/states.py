r"""Standard states: Gibbs (thermal) states, maximally entangled, isotropic, GHZ.

Gibbs state of energies ``E_n`` at inverse temperature ``beta`` (k_B = 1):
``gamma = exp(-beta H)/Z``, diagonal in the energy basis.  ``beta = inf`` (T = 0) gives the
uniform mixture over the ground space (degenerate levels within ``TOL_DEGENERATE`` relative),
``beta = 0`` (T = inf) the maximally mixed state.

Examples
--------
>>> import numpy as np
>>> np.round(gibbs_populations([0.0, 1.0], 0.0), 12)
array([0.5, 0.5])
>>> gibbs_populations([0.0, 0.0, 1.0], float("inf"))
array([0.5, 0.5, 0. ])
>>> psi = max_entangled_vector(2); round(float(psi @ psi), 12)
1.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from sdpthermo.conventions import TOL_DEGENERATE
from sdpthermo.errors import ValidationError
from sdpthermo.linalg.validate import as_finite_array


def check_energies(energies: object, name: str = "energies") -> np.ndarray:
    """A real, finite, non-empty 1-D array of energy levels."""
    e = as_finite_array(energies, name, ndim=1)
    if np.iscomplexobj(e):
        raise ValidationError(name, "must be real", "pass real energy levels")
    if e.size == 0:
        raise ValidationError(name, "must not be empty", "pass at least one energy level")
    return e


def gibbs_populations(energies: Sequence[float] | np.ndarray, beta: float) -> np.ndarray:
    """Populations ``P_n = exp(-beta E_n)/Z`` (ground-space uniform at ``beta = inf``)."""
    e = check_energies(energies)
    if math.isnan(beta) or beta < 0:
        raise ValidationError("beta", f"must be >= 0 (got {beta})", "pass T >= 0 or beta >= 0")
    shifted = e - e.min()
    if math.isinf(beta):
        scale = max(1.0, float(np.max(np.abs(e))))
        w = (shifted <= TOL_DEGENERATE * scale).astype(float)
    else:
        w = np.exp(-beta * shifted)
    return w / w.sum()


def gibbs_state(energies: Sequence[float] | np.ndarray, beta: float) -> np.ndarray:
    """``gamma = diag(P_n)`` in the energy eigenbasis."""
    return np.diag(gibbs_populations(energies, beta))


def max_entangled_vector(d: int) -> np.ndarray:
    """``|Psi_d^+> = d^{-1/2} sum_n |n>|n>`` (seed 000, below Eq. (4))."""
    v = np.zeros(d * d)
    v[:: d + 1] = 1.0
    return v / math.sqrt(d)


def max_entangled(d: int) -> np.ndarray:
    """``|Psi_d^+><Psi_d^+|``."""
    v = max_entangled_vector(d)
    return np.outer(v, v)


def isotropic(p: float, d: int) -> np.ndarray:
    """``rho_iso(p) = p Psi_d^+ + (1 - p) I/d^2``, ``p in [-1/(d^2-1), 1]`` (seed 000, Eq. (4))."""
    if not (-1.0 / (d * d - 1) - 1e-15 <= p <= 1.0 + 1e-15):
        raise ValidationError("p", f"must lie in [-1/(d^2-1), 1] = [{-1 / (d * d - 1):.4g}, 1], got {p}")
    return p * max_entangled(d) + (1 - p) * np.eye(d * d) / (d * d)


def ghz(n: int) -> np.ndarray:
    """``|GHZ_n><GHZ_n|`` with ``|GHZ_n> = (|0..0> + |1..1>)/sqrt(2)``."""
    v = np.zeros(2**n)
    v[0] = v[-1] = 1 / math.sqrt(2)
    return np.outer(v, v)
