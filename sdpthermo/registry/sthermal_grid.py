r"""``sthermal.state_grid``: seed 004's Fig. 2 maps in one certified call over a ``T0 x T`` grid.

Every grid point is :func:`~sdpthermo.formulations.sthermal.state.solve_sthermal_state` (the ergotropy of
``rho_SS`` with the ``sthermal.ergotropy`` certificate, Fig. 2(a)); the points' certificates are stacked into
one ``sthermal.ergotropy-grid`` certificate, so a map of ``80 x 80`` points is one store entry instead of
6400.  ``value`` = the largest ergotropy on the grid (certified interval); ``data`` holds flat lists in
row-major order (``T0`` slow, ``T`` fast): ``T0``, ``T``, ``ergotropy`` (each point's certified lower bound,
clipped at 0), ``asymptotic_ergotropy`` (Fig. 2(b)), ``excess_per_copy`` (Fig. 2(c)) and ``lambda`` (Eq. (11)).

Examples
--------
>>> import sdpthermo
>>> r = sdpthermo.solve("sthermal.state_grid", energies=[0, 0.1, 0.2, 1], sectors=[[0, 2], [1, 3]],
...                     T0s=[0.05, 1.0], Ts=[0.4, 10.0], store=None)
>>> one = sdpthermo.solve("sthermal.state", energies=[0, 0.1, 0.2, 1], sectors=[[0, 2], [1, 3]], T0=0.05, T=10.0,
...                       store=None)
>>> r.verified, len(r.data["ergotropy"]), abs(r.data["ergotropy"][1] - one.value) < 1e-12
(True, 4, True)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sdpthermo.certify import verify
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.sthermal.state import solve_sthermal_state
from sdpthermo.registry import guards
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.params import Param, beta_from_T
from sdpthermo.registry.sthermal import PARAMS, _system
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions

MAX_POINTS = 40_000


def _check(p: dict[str, Any]) -> dict[str, Any]:
    _system(p)
    for name in ("T0s", "Ts"):
        vals = p[name]
        if not vals or any(not (v >= 0) for v in vals):
            raise ValidationError(name, f"needs a non-empty list of temperatures >= 0, got {vals}",
                                  "e.g. [0.01, 0.1, 1, 10]")
    if len(p["T0s"]) * len(p["Ts"]) > MAX_POINTS:
        raise ValidationError("Ts", f"{len(p['T0s'])} x {len(p['Ts'])} points exceed {MAX_POINTS}",
                              "use a coarser grid")
    return p


def _num(x: Any) -> float | None:
    return float(x) if x is not None and math.isfinite(x) else None


OUTPUTS = Outputs(
    value="the largest ergotropy W(rho_SS) on the grid", unit="energy", role=Role.CLAIM, symbol=r"$W$",
    data={"T0": "initial temperature of each point (row-major, T0 slow)", "T": "bath temperature of each point",
          "ergotropy": "each point's certified lower bound on W(rho_SS), clipped at 0 (Fig. 2(a))",
          "asymptotic_ergotropy": "asymptotic ergotropy per point (Fig. 2(b))",
          "excess_per_copy": "asymptotic minus one-shot ergotropy per point (Fig. 2(c))",
          "lambda": "amplification ratio of Eq. (11) per point", "points": "number of grid points"})


def _grid_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """The grid certificate's problem arrays its params determine (store binding)."""
    system = _system(p)
    return {"H": system.hamiltonian, "energies": system.energies, "labels": system.labels.astype(float),
            "beta": np.array([float(beta_from_T(t)) for _ in p["T0s"] for t in p["Ts"]])}


@question("sthermal.state_grid", outputs=OUTPUTS,
          title="Seed 004 Fig. 2 maps: ergotropy of rho_SS over a (T0, T) grid",
          reference="seed 004 Fig. 2(a)-(c), Eq. (11)", version="1", memory=guards.memory_sthermal,
          params=(*[q for q in PARAMS if q.name in ("energies", "sectors", "symmetry")],
                  Param("T0s", "floats", "initial temperatures (rows of the map)"),
                  Param("Ts", "floats", "bath temperatures (columns of the map)")),
          check=_check, problem_data=_grid_problem)
def _state_grid(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    system = _system(p)
    pts = [(t0, t) for t0 in p["T0s"] for t in p["Ts"]]
    outs = [solve_sthermal_state(system, beta_from_T(t), beta0=beta_from_T(t0), opts=opts) for t0, t in pts]
    certs = [o.certificate for o in outs]
    first = certs[0].problem
    problem = {name: first[name] for name in ("H", "V", "energies", "labels")}
    problem["p"] = np.stack([c.problem["p"] for c in certs])
    problem["beta"] = np.array([float(c.problem["beta"]) for c in certs])
    problem["beta_star"] = np.array([float(c.problem.get("beta_star", np.nan)) for c in certs])
    primal = {name: np.stack([c.primal[name] for c in certs]) for name in ("rho_SS", "U", "passive")}
    cert = Certificate("sthermal.ergotropy-grid", "max", primal, {}, problem, certs[0].convention,
                       {"shape": [len(p["T0s"]), len(p["Ts"])]})
    ver = verify(cert, opts.tol)
    data = {"T0": [t0 for t0, _ in pts], "T": [t for _, t in pts],
            "ergotropy": [max(0.0, lo) for lo in ver.conclusions["ergotropy_lower"]],
            "asymptotic_ergotropy": [_num(o.data["asymptotic_ergotropy"]) for o in outs],
            "excess_per_copy": [_num(o.data["excess_per_copy"]) for o in outs],
            "lambda": [_num(o.data["lambda"]) for o in outs], "points": len(pts)}
    return Outcome(status=Status.CLOSED_FORM, value=max(o.value for o in outs), certificate=cert, verification=ver,
                   data=data, solver=SolverInfo(name="numpy.linalg.eigh", backend="none"))
