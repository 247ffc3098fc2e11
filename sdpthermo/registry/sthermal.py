r"""S-thermalization questions (seed 004): ``sthermal.state``, ``sthermal.state_grid``, ``sthermal.gp_max_energy``.

Both take a Hamiltonian ``H = diag(energies)`` with a strong symmetry (``sectors``: index sets
partitioning the levels, or ``symmetry``: a normal operator commuting with ``H``), an initial state
(``T0``: the Gibbs state at that temperature, or ``initial``: a density matrix) and the bath
temperature ``T`` (``T = 0`` ground space, ``T = inf`` maximally mixed; converted to ``beta`` here).

``sthermal.state`` -> value = ergotropy of ``rho_SS = ⊕_i p_i omega_i^beta`` (closed form, certified),
with the asymptotic ergotropy, ``lambda`` and verdict of Eq. (11), the excess energy of Eqs. (1)/(3),
the erasure entropy of Eqs. (2)/(9) and every identity's error in ``data``.

``sthermal.state_grid`` -> the same over a ``T0 x T`` grid in one certified call (seed 004's Fig. 2 maps; a map
of ``80 x 80`` points is one store entry): value = the largest ergotropy on the grid; ``data`` holds flat lists
in row-major order (``T0`` slow, ``T`` fast) of the points' certified ergotropies, asymptotic ergotropies,
excess per copy and ``lambda`` (:mod:`sdpthermo.formulations.sthermal.grid`).

``sthermal.gp_max_energy`` -> value = the maximal energy reachable from the initial state by channels
that respect the symmetry and preserve ``omega^beta`` (certified SDP), compared with ``E(rho_SS)``.

Examples
--------
>>> import sdpthermo
>>> r = sdpthermo.solve("sthermal.state", energies=[0, 0.1, 0.2, 1], sectors=[[0, 2], [1, 3]], T0=0.05, T=0.4,
...                     store=None)
>>> r.verified, round(r.value, 6), r.data["verdict"]
(True, 0.022713, 'mitigation')
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.formulations.sthermal.gp import sector_blocks, solve_gp_max_energy
from sdpthermo.formulations.sthermal.grid import solve_sthermal_grid
from sdpthermo.formulations.sthermal.state import solve_sthermal_state
from sdpthermo.linalg.validate import as_density_matrix
from sdpthermo.models.sthermal.model import SymmetricSystem
from sdpthermo.registry import guards
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.params import Param, beta_from_T
from sdpthermo.results import Outcome
from sdpthermo.sdp.options import SolveOptions

PARAMS = (
    Param("energies", "floats", "energy levels E_n of H = diag(E_n)"),
    Param("sectors", "json", "symmetry sectors: lists of level indices partitioning the levels, e.g. [[0, 2], [1, 3]]",
          default=None),
    Param("symmetry", "array", "symmetry operator (normal, commuting with H); its eigenspaces are the sectors",
          default=None),
    Param("T0", "float", "temperature of the initial Gibbs state (alternative to initial)", default=None, low=0.0,
          allow_inf=True),
    Param("initial", "array", "initial density matrix (alternative to T0)", default=None),
    Param("T", "float", "bath temperature (0 = ground space, inf = maximally mixed)", low=0.0, allow_inf=True),
)


def _system(p: dict[str, Any]) -> SymmetricSystem:
    if (p["sectors"] is None) == (p["symmetry"] is None):
        raise ValidationError("sectors", "give exactly one of sectors and symmetry",
                              "pass sectors=[[...], ...] (level indices) or a symmetry operator")
    if p["sectors"] is not None:
        return SymmetricSystem.from_sectors(p["energies"], p["sectors"])
    return SymmetricSystem.from_symmetry(p["energies"], p["symmetry"])


def _check(p: dict[str, Any]) -> dict[str, Any]:
    """Build the model once (every error names its parameter) and validate the initial state."""
    system = _system(p)
    if (p["T0"] is None) == (p["initial"] is None):
        raise ValidationError("T0", "give exactly one of T0 and initial",
                              "pass T0 for a thermal initial state or initial for a density matrix")
    if p["initial"] is not None:
        rho = as_density_matrix(p["initial"], "initial")
        if rho.shape[0] != system.dim:
            raise ValidationError("initial", f"is {rho.shape[0]}x{rho.shape[0]} but energies has {system.dim} levels",
                                  "pass a d x d density matrix on the same levels")
        p = {**p, "initial": rho}
    return p


def _initial(p: dict[str, Any]) -> dict[str, Any]:
    if p["initial"] is not None:
        return {"rho0": p["initial"]}
    return {"beta0": beta_from_T(p["T0"])}



OUTPUTS = {
    "sthermal.state": Outputs(
        value="ergotropy W(rho_SS) of the s-thermalized state", unit="energy", role=Role.CLAIM, symbol=r"$W$",
        data={"asymptotic_ergotropy": "asymptotic ergotropy of rho_SS", "beta_star": "its passive temperature",
              "delta_s_bath": "bath entropy change [nats]", "delta_s_sys": "system entropy change [nats]",
              "energy_excess": "E(rho_SS) - E(gamma) (Eq. 1/3)", "energy_initial": "E(rho_0)",
              "energy_sthermal": "E(rho_SS)", "energy_thermal": "E(gamma)", "entropy_sthermal": "S(rho_SS) [nats]",
              "erasure_entropy": "erasure entropy (Eq. 2/9) [nats]", "excess_per_copy": "asymptotic - one-shot",
              "identity_errors": "each identity computed two ways: differences", "lambda":
              "amplification ratio (Eq. 11)", "max_identity_error": "largest identity error",
              "register_entropy": "register entropy [nats]", "relative_entropy_sthermal":
              "D(rho_SS||gamma) [nats]", "sector_weights": "sector weights p_i", "verdict":
              "amplification / mitigation verdict of Eq. (11)"}),
    "sthermal.state_grid": Outputs(
        value="the largest ergotropy W(rho_SS) on the grid", unit="energy", role=Role.CLAIM, symbol=r"$W$",
        data={"T0": "initial temperature of each point (row-major, T0 slow)", "T": "bath temperature of each point",
              "ergotropy": "each point's certified lower bound on W(rho_SS), clipped at 0 (Fig. 2(a))",
              "asymptotic_ergotropy": "asymptotic ergotropy per point (Fig. 2(b))",
              "excess_per_copy": "asymptotic minus one-shot ergotropy per point (Fig. 2(c))",
              "lambda": "amplification ratio of Eq. (11) per point", "points": "number of grid points"}),
    "sthermal.gp_max_energy": Outputs(
        value="max energy reachable by symmetry-respecting Gibbs-preserving channels", unit="energy",
        role=Role.CLAIM, symbol=r"$E_{\max}$",
        data={"energy_initial": "E(rho_0)", "energy_sthermal": "E(rho_SS)", "energy_thermal": "E(gamma)",
              "gap": "certified lower - E(rho_SS)", "lambda_max_energy": "amplification ratio at the maximum",
              "lambda_sthermal": "amplification ratio of rho_SS", "sthermal_optimal":
              "s-thermalization attains the maximum"}),
}


def _system_and_initial(p: dict[str, Any]) -> tuple[SymmetricSystem, np.ndarray]:
    """The system and its initial density matrix (``initial``, or the Gibbs state at ``T0``)."""
    system = _system(p)
    init = _initial(p)
    rho0 = init.get("rho0")
    return system, system.thermal_state(init["beta0"]) if rho0 is None else rho0


def _state_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """The certificate problem arrays of ``sthermal.state`` that its params determine (store binding)."""
    system = _system(p)
    return {"H": system.hamiltonian, "energies": system.energies, "labels": system.labels.astype(float),
            "beta": np.array(float(beta_from_T(p["T"])))}


def _gp_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """The certificate problem arrays of ``sthermal.gp_max_energy`` (store binding)."""
    system, rho0 = _system_and_initial(p)
    beta = beta_from_T(p["T"])
    out = {"beta": np.array(float(beta))}
    for i, b in enumerate(sector_blocks(system, rho0, beta)):
        out[f"energies_{i}"], out[f"rho_{i}"] = b["energies"], b["rho"]
    return out


@question("sthermal.state", outputs=OUTPUTS["sthermal.state"],
          title="Ergotropy and erasure bookkeeping of the s-thermalized state rho_SS",
          reference="seed 004 Eq. (1)-(3), (9), (11); Fig. 2", version="1",
          memory=guards.memory_sthermal, backends=("none",), params=PARAMS, check=_check,
          problem_data=_state_problem)
def _sthermal_state(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    system = _system(p)
    return solve_sthermal_state(system, beta_from_T(p["T"]), opts=opts, **_initial(p))


@question("sthermal.gp_max_energy", outputs=OUTPUTS["sthermal.gp_max_energy"],
          title="Maximal energy reachable by symmetry-respecting Gibbs-preserving channels vs. s-thermalization",
          reference="seed 004 s-thermalization (rho_SS) and Eq. (11); SDP bound", version="1", params=PARAMS,
          memory=guards.memory_sthermal, backends=("cvxpy",),
          check=_check,
          problem_data=_gp_problem)
def _sthermal_gp(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    system, rho0 = _system_and_initial(p)
    return solve_gp_max_energy(system, beta_from_T(p["T"]), rho0, opts)


MAX_POINTS = 40_000


def _check_grid(p: dict[str, Any]) -> dict[str, Any]:
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


def _grid_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """The grid certificate's problem arrays its params determine (store binding)."""
    system = _system(p)
    return {"H": system.hamiltonian, "energies": system.energies, "labels": system.labels.astype(float),
            "beta": np.array([float(beta_from_T(t)) for _ in p["T0s"] for t in p["Ts"]])}


@question("sthermal.state_grid", outputs=OUTPUTS["sthermal.state_grid"],
          title="Seed 004 Fig. 2 maps: ergotropy of rho_SS over a (T0, T) grid",
          reference="seed 004 Fig. 2(a)-(c), Eq. (11)", version="1", memory=guards.memory_sthermal,
          backends=("none",),
          params=(*[q for q in PARAMS if q.name in ("energies", "sectors", "symmetry")],
                  Param("T0s", "floats", "initial temperatures (rows of the map)"),
                  Param("Ts", "floats", "bath temperatures (columns of the map)")),
          check=_check_grid, problem_data=_grid_problem)
def _state_grid(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    out = solve_sthermal_grid(_system(p), [beta_from_T(t0) for t0 in p["T0s"]], [beta_from_T(t) for t in p["Ts"]],
                              opts)
    pts = [(t0, t) for t0 in p["T0s"] for t in p["Ts"]]
    return replace(out, data={"T0": [t0 for t0, _ in pts], "T": [t for _, t in pts], **out.data})
