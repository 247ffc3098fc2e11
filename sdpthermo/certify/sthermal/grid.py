r"""Verifier ``sthermal-ergotropy-grid``: the ``sthermal-ergotropy`` certificate at every point of a grid.

Problem arrays shared by the grid: ``H``, ``V``, ``energies``, ``labels``; per point ``k`` (leading axis):
``beta[k]``, sector weights ``p[k]``, ``beta_star[k]`` (NaN where the asymptotic ergotropy is undefined);
primal per point: ``rho_SS[k]``, ``U[k]``, ``passive[k]``.  Each point is checked by
:func:`sdpthermo.certify.sthermal.state.verify_ergotropy`; residuals are the worst over the grid, and the
certified quantity is the largest ergotropy on the grid: ``lower = max_k lower_k``, ``upper = max_k upper_k``.
``conclusions`` holds every point's ``[lower_k, upper_k]`` (``ergotropy_lower``, ``ergotropy_upper``).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> rho = np.stack([np.diag([0.3, 0.7]), np.diag([0.6, 0.4])]); U = np.stack([np.eye(2)[::-1], np.eye(2)])
>>> passive = np.einsum("kab,kbc,kdc->kad", U, rho, U)
>>> cert = Certificate(kinds.STHERMAL_ERGOTROPY_GRID, "max", {"rho_SS": rho, "U": U, "passive": passive}, {},
...     {"H": np.diag([0.0, 1.0]), "V": np.eye(2), "energies": np.array([0.0, 1.0]), "labels": np.array([0.0, 1.0]),
...      "p": np.array([[0.3, 0.7], [0.6, 0.4]]), "beta": np.array([1.0, 1.0]), "beta_star": np.full(2, np.nan)},
...     "seed 004", {})
>>> v = verify_ergotropy_grid(cert, 1e-9)
>>> round(v.upper, 12), v.passed, [round(x, 12) for x in v.conclusions["ergotropy_upper"]]
(0.4, True, [0.4, 0.0])
"""

from __future__ import annotations

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, verifier
from sdpthermo.certify.sthermal.state import verify_ergotropy
from sdpthermo.results import Certificate, Verification

SHARED = ("H", "V", "energies", "labels")


def point_certificate(cert: Certificate, k: int) -> Certificate:
    """The single-point ``sthermal-ergotropy`` certificate of grid point ``k``."""
    prob = {name: np.asarray(cert.problem[name]) for name in SHARED}
    prob["p"] = np.asarray(cert.problem["p"])[k]
    prob["beta"] = np.array(float(np.asarray(cert.problem["beta"])[k]))
    b_star = float(np.asarray(cert.problem["beta_star"])[k])
    if np.isfinite(b_star):
        prob["beta_star"] = np.array(b_star)
    primal = {name: np.asarray(cert.primal[name])[k] for name in ("rho_SS", "U", "passive")}
    return Certificate(kinds.STHERMAL_ERGOTROPY, "max", primal, {}, prob, cert.convention, {})


@verifier(kinds.STHERMAL_ERGOTROPY_GRID)
def verify_ergotropy_grid(cert: Certificate, tol: float) -> Verification:
    """Every grid point's ergotropy interval; the grid's maximum as the certified value (module docstring)."""
    n = int(np.asarray(cert.problem["beta"]).size)
    if n == 0 or any(np.asarray(cert.primal[a]).shape[0] != n for a in ("rho_SS", "U", "passive")) \
            or np.asarray(cert.problem["p"]).shape[0] != n or np.asarray(cert.problem["beta_star"]).size != n:
        return finish(-np.inf, np.inf, {"shape": np.inf}, -np.inf, np.inf, tol, notes="grid arrays disagree")
    vers = [verify_ergotropy(point_certificate(cert, k), tol) for k in range(n)]
    residuals: dict[str, float] = {}
    for v in vers:
        for name, r in v.residuals.items():
            residuals[name] = max(residuals.get(name, 0.0), float(r))
    lows = [v.lower for v in vers]
    ups = [v.upper for v in vers]
    asym = [v.conclusions.get("asymptotic_ergotropy") for v in vers]
    return finish(max(lows), max(ups), residuals, max(lows), max(ups), tol, extra_ok=all(v.passed for v in vers),
                  notes=f"{n} grid points, each by the passive-state argument",
                  conclusions={"ergotropy_lower": lows, "ergotropy_upper": ups, "asymptotic_ergotropy": asym})
