"""Shared parameter handling for thermal questions: energies and temperatures per side.

A question with two local systems accepts ``energies`` (both sides) or ``energies_A`` and
``energies_B``; and ``T`` (both sides), ``T_A`` and ``T_B``, or the same with ``beta``.  Library
code takes ``beta``; the conversion ``T -> beta`` happens here (DESIGN.md §4).

Examples
--------
>>> ga, gb = side_gibbs({"energies": [0.0, 1.0], "T": float("inf")})
>>> ga.tolist()
[[0.5, 0.0], [0.0, 0.5]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.models.states import check_energies, gibbs_state
from sdpthermo.registry.params import Param, beta_from_T

ENERGY_PARAMS = (
    Param("energies", "floats", "energy levels of both local Hamiltonians", default=None),
    Param("energies_A", "floats", "energy levels of A (with energies_B)", default=None),
    Param("energies_B", "floats", "energy levels of B (with energies_A)", default=None),
)
TEMPERATURE_PARAMS = (
    Param("T", "float", "temperature of both sides (0 = ground space, inf = maximally mixed)", default=None,
          low=0.0, allow_inf=True),
    Param("T_A", "float", "temperature of A (with T_B)", default=None, low=0.0, allow_inf=True),
    Param("T_B", "float", "temperature of B (with T_A)", default=None, low=0.0, allow_inf=True),
    Param("beta", "float", "inverse temperature of both sides (alternative to T)", default=None, low=0.0,
          allow_inf=True),
    Param("beta_A", "float", "inverse temperature of A (with beta_B)", default=None, low=0.0, allow_inf=True),
    Param("beta_B", "float", "inverse temperature of B (with beta_A)", default=None, low=0.0, allow_inf=True),
)


def _pair(params: dict[str, Any], both: str, a: str, b: str) -> tuple[Any, Any, str]:
    given_both = params.get(both) is not None
    given_a, given_b = params.get(a) is not None, params.get(b) is not None
    if given_both and (given_a or given_b):
        raise ValidationError(a if given_a else b, f"conflicts with {both!r}", f"give either {both} or {a} and {b}")
    if given_both:
        return params[both], params[both], both
    if given_a and given_b:
        return params[a], params[b], a
    if given_a or given_b:
        missing = b if given_a else a
        raise ValidationError(missing, f"is required together with {a if given_a else b!r}",
                              f"give both {a} and {b}, or {both}")
    return None, None, ""


def side_betas(params: dict[str, Any]) -> tuple[float, float]:
    """``(beta_A, beta_B)`` from exactly one of the T / beta parameter styles."""
    ta, tb, by_t = _pair(params, "T", "T_A", "T_B")
    ba, bb, by_b = _pair(params, "beta", "beta_A", "beta_B")
    if by_t and by_b:
        raise ValidationError("beta", "conflicts with the temperature T", "give temperatures either as T or as beta")
    if by_t:
        return beta_from_T(ta), beta_from_T(tb)
    if by_b:
        return float(ba), float(bb)
    raise ValidationError("T", "a temperature is required", "pass T (or T_A and T_B, or beta)")


def side_energies(params: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """``(energies_A, energies_B)`` from ``energies`` or the per-side pair."""
    ea, eb, by = _pair(params, "energies", "energies_A", "energies_B")
    if not by:
        raise ValidationError("energies", "is required", "pass energies=[E0, E1, ...] (or energies_A and energies_B)")
    return check_energies(ea, by), check_energies(eb, "energies_B" if by != "energies" else by)


def side_gibbs(params: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Local thermal states ``(gamma_A, gamma_B)``."""
    ea, eb = side_energies(params)
    ba, bb = side_betas(params)
    return gibbs_state(ea, ba), gibbs_state(eb, bb)


def equal_side_gibbs(params: dict[str, Any], why: str) -> tuple[np.ndarray, np.ndarray, int]:
    """``(gamma_A, gamma_B, d)`` for questions that need equal local dimensions ``d >= 2`` (``why`` says which)."""
    ga, gb = side_gibbs(params)
    if ga.shape != gb.shape:
        raise ValidationError("energies_B", f"has {gb.shape[0]} levels but energies_A has {ga.shape[0]}", why)
    if ga.shape[0] < 2:
        raise ValidationError("energies", "needs at least 2 levels", "pass a qubit or larger")
    return ga, gb, ga.shape[0]
