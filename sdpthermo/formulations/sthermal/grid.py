r"""Seed 004's Fig. 2 maps as one certificate: the ergotropy of ``rho_SS`` over a grid of temperatures.

Every grid point is :func:`~sdpthermo.formulations.sthermal.state.solve_sthermal_state` (the ergotropy of
``rho_SS`` with its ``sthermal-ergotropy`` certificate, Fig. 2(a)); the points' certificates are stacked into one
``sthermal-ergotropy-grid`` certificate (:mod:`sdpthermo.certify.sthermal.grid`), whose verifier re-checks every
point.  ``value`` = the largest ergotropy on the grid; ``data`` holds flat lists in row-major order (initial
temperature slow, bath temperature fast):
``ergotropy`` (each point's certified lower bound, clipped at 0), ``asymptotic_ergotropy`` (Fig. 2(b)),
``excess_per_copy`` (Fig. 2(c)) and ``lambda`` (Eq. (11)).

Examples
--------
>>> from sdpthermo.models.sthermal.model import SymmetricSystem
>>> sys = SymmetricSystem.from_sectors([0.0, 0.1, 0.2, 1.0], [[0, 2], [1, 3]])
>>> out = solve_sthermal_grid(sys, [20.0], [2.5, 0.1])
>>> one = solve_sthermal_state(sys, 0.1, beta0=20.0)
>>> out.verified, len(out.data["ergotropy"]), abs(out.data["ergotropy"][1] - one.value) < 1e-12
(True, 2, True)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.formulations.sthermal.state import finite_or_none, solve_sthermal_state
from sdpthermo.models.sthermal.model import SymmetricSystem
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions


def solve_sthermal_grid(system: SymmetricSystem, beta0s: Sequence[float], betas: Sequence[float],
                        opts: SolveOptions | None = None) -> Outcome:
    """The ergotropy of ``rho_SS`` at every ``(beta0, beta)`` of ``beta0s x betas`` (initial Gibbs state, bath),
    certified as one stacked certificate; value = the largest ergotropy."""
    opts = opts or SolveOptions()
    points = [(b0, b) for b0 in beta0s for b in betas]
    outs = [solve_sthermal_state(system, beta, beta0=beta0, opts=opts) for beta0, beta in points]
    certs: list[Certificate] = []
    values: list[float] = []
    for o in outs:
        assert o.certificate is not None and o.value is not None, "the closed form always certifies"
        certs.append(o.certificate)
        values.append(o.value)
    first = certs[0].problem
    problem = {name: first[name] for name in ("H", "V", "energies", "labels")}
    problem["p"] = np.stack([c.problem["p"] for c in certs])
    problem["beta"] = np.array([float(c.problem["beta"]) for c in certs])
    problem["beta_star"] = np.array([float(c.problem.get("beta_star", np.nan)) for c in certs])
    primal = {name: np.stack([c.primal[name] for c in certs]) for name in ("rho_SS", "U", "passive")}
    cert = Certificate(kinds.STHERMAL_ERGOTROPY_GRID, "max", primal, {}, problem, certs[0].convention,
                       {"shape": [len(beta0s), len(betas)]})
    ver = verify(cert, opts.tol)
    data = {"ergotropy": [max(0.0, lo) for lo in ver.conclusions["ergotropy_lower"]],
            "asymptotic_ergotropy": [finite_or_none(o.data["asymptotic_ergotropy"]) for o in outs],
            "excess_per_copy": [finite_or_none(o.data["excess_per_copy"]) for o in outs],
            "lambda": [finite_or_none(o.data["lambda"]) for o in outs], "points": len(points)}
    return Outcome(status=Status.CLOSED_FORM, value=max(values), certificate=cert, verification=ver,
                   data=data, solver=SolverInfo(name="numpy.linalg.eigh", backend="none"))
