r"""Observables of the chain's state along the collision dynamics (seed 003 Eqs. (68), (72)–(75), Figs. 2–4).

* :func:`gibbs_pair` — the Gibbs state of ``H(eps)`` (Eq. (72)) and the local state
  ``rho_loc = exp(-beta H(0)) / Z_0`` (Eq. (68)), both in the local basis;
* :func:`state_observables` — eigenbasis populations ``p_i``, the band ratio (Eq. (74)) with its thermal and
  local references, ``beta_eff`` between levels 0 and 2 (Eq. (75)) and ``|rho_23|`` (Figs. 2–4);
* :func:`map_diagnostics` — the collision map's smallest Choi eigenvalue, trace-preservation error, detailed
  balance (Eqs. (29)–(30)) and thermal-operation (Eq. (22)) errors, and its quadrature error bound.

Examples
--------
>>> from sdpthermo.models.collision.chain import chain_spectrum
>>> sp = chain_spectrum(2, 4.0, 0.1)
>>> gam, loc = gibbs_pair(sp, 0.1)
>>> obs = state_observables(gam, sp, 0.1)
>>> abs(obs["band_ratio"] - obs["band_ratio_therm"]) < 1e-12, round(float(np.trace(loc).real), 12)
(True, 1.0)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sdpthermo.models.collision.chain import ChainSpectrum, excitation_numbers
from sdpthermo.models.collision.lindblad import band_ratio, beta_eff, populations
from sdpthermo.models.collision.maps import CollisionMap
from sdpthermo.models.collision.properties import detailed_balance_error, tio_error
from sdpthermo.models.states import gibbs_populations


def gibbs_pair(sp: ChainSpectrum, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """Gibbs state of ``H(eps)`` (Eq. (72)) and ``exp(-beta H(0)) / Z_0`` (Eq. (68)), local basis."""
    gam = sp.to_local(np.diag(gibbs_populations(sp.energies, beta)))
    gam0 = np.diag(gibbs_populations(sp.h * excitation_numbers(sp.N).astype(float), beta))
    return gam, gam0


def ground_state(dim: int) -> np.ndarray:
    """``|0..0><0..0|`` (all qubits in their ground state), the initial state of Figs. 2–4."""
    rho0 = np.zeros((dim, dim), dtype=complex)
    rho0[0, 0] = 1.0
    return rho0


def state_observables(rho: np.ndarray, sp: ChainSpectrum, beta: float) -> dict[str, Any]:
    """Figs. 2–4: eigenbasis populations ``p0..``, band ratio (Eq. (74)), ``beta_eff_02`` (Eq. (75)), ``|rho_23|``."""
    pops = populations(rho, sp.vectors)
    therm = gibbs_populations(sp.energies, beta)
    out: dict[str, Any] = {f"p{i}": float(x) for i, x in enumerate(pops)}
    out["band_ratio"] = band_ratio(pops, sp.bands)
    out["band_ratio_therm"] = band_ratio(therm, sp.bands)
    out["band_ratio_loc"] = float(np.exp(-beta * sp.h))        # rho_loc of Eq. (73)
    if sp.dim >= 4:
        out["beta_eff_02"] = beta_eff(pops, sp.energies, 0, 2)
        out["rho23_abs"] = float(abs(sp.to_eigenbasis(rho)[2, 3]))
    return out


def map_diagnostics(cm: CollisionMap, sp: ChainSpectrum, beta: float) -> dict[str, Any]:
    """Complete positivity, trace preservation, detailed balance and thermal-operation errors of ``cm``."""
    errs = cm.channel.cptp_errors()
    return {"min_choi_eigenvalue": float(np.linalg.eigvalsh(cm.channel.choi)[0]), "tp_error": errs["tp"],
            "detailed_balance_error": detailed_balance_error(cm.tensor, cm.energies, beta),
            "tio_error": tio_error(cm.tensor_in(sp.vectors), sp.energies), "quad_error": cm.quad_error}
