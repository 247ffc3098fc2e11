r"""Thermodynamic properties of collision tensors ``S^{jk}_{j'k'}`` (seed 003, Secs. III–V).

* detailed balance, Eq. (30)/(43): ``S^{jj}_{j'j'} = S^{j'j'}_{jj} e^{-beta Delta_{j'j}}``, measured as
  the largest net Gibbs-state flux ``max_{j,j'} |S^{jj}_{j'j'} gamma_j - S^{j'j'}_{jj} gamma_{j'}|``
  (``gamma`` the Gibbs populations of the energies the map was built with);
* TIO, Eq. (22): ``S^{jk}_{j'k'} != 0  =>  Delta_{kj} = Delta_{k'j'}``, measured as the largest
  ``|S^{jk}_{j'k'}|`` with ``|Delta_{kj} - Delta_{k'j'}| > BOHR_TOL max(1, max|epsilon|)``;
* the Gibbs fixed point, Eqs. (63), (66), (C39): ``sum_j S^{jj}_{j'k'} e^{-beta epsilon_j} / Z =
  delta_{j'k'} e^{-beta epsilon_{j'}} / Z``, measured as ``max |S(gamma) - gamma|``;
* Hermiticity preservation, Eq. (39): ``S^{jk}_{j'k'} = (S^{kj}_{k'j'})^*``.

Examples
--------
>>> import numpy as np
>>> s = np.zeros((2, 2, 2, 2)); s[0, 0, 0, 0] = s[1, 1, 1, 1] = 1.0     # the identity map on a qubit
>>> detailed_balance_error(s, np.array([0.0, 1.0]), 1.0), tio_error(s, np.array([0.0, 1.0]))
(0.0, 0.0)
"""

from __future__ import annotations

import numpy as np

from sdpthermo.models.collision.maps import bohr_equal
from sdpthermo.models.states import gibbs_populations


def transition_matrix(tensor: np.ndarray) -> np.ndarray:
    """``P[j', j] = S^{jj}_{j'j'}``: transition probabilities between basis states (Eq. 42)."""
    d = tensor.shape[0]
    idx = np.arange(d)
    return np.real(tensor[idx[None, :], idx[None, :], idx[:, None], idx[:, None]])


def detailed_balance_error(tensor: np.ndarray, energies: np.ndarray, beta: float) -> float:
    """Largest net flux ``|P[j',j] gamma_j - P[j,j'] gamma_j'|`` in the Gibbs state (Eqs. 30, 43)."""
    gam = gibbs_populations(energies, beta)
    flux = transition_matrix(tensor) * gam[None, :]
    return float(np.max(np.abs(flux - flux.T)))


def tio_error(tensor: np.ndarray, energies: np.ndarray) -> float:
    """Largest ``|S^{jk}_{j'k'}|`` violating Eq. (22) with respect to ``energies`` (the map's basis)."""
    same = bohr_equal(energies)                      # [j', j, k', k]: Delta_{j'j} = Delta_{k'k}
    allowed = same.transpose(1, 3, 0, 2)             # -> [j, k, j', k']
    return float(np.max(np.abs(np.where(allowed, 0.0, tensor)), initial=0.0))


def gibbs_fixed_point_error(tensor: np.ndarray, energies: np.ndarray, beta: float) -> float:
    """``max |S(gamma) - gamma|`` for ``gamma = diag(e^{-beta epsilon})/Z`` (Eqs. 63, 66, C39)."""
    gam = gibbs_populations(energies, beta)
    idx = np.arange(gam.size)
    out = np.einsum("jab,j->ab", tensor[idx, idx], gam)
    return float(np.max(np.abs(out - np.diag(gam))))


def hermiticity_error(tensor: np.ndarray) -> float:
    """``max |S^{jk}_{j'k'} - (S^{kj}_{k'j'})^*|`` (Eq. 39)."""
    return float(np.max(np.abs(tensor - tensor.transpose(1, 0, 3, 2).conj())))
