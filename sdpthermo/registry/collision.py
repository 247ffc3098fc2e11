r"""Collision questions (seed 003): steady states, evolution and diamond distances of collision maps.

* ``collision.steady_state`` — the steady state of the Poissonian Lindblad equation (71) with the
  ``map`` = ``exact`` (Eq. 38), ``narrow`` (Eq. 45) or ``local`` (Eqs. 54–56) collision map; value =
  trace distance ``||rho_ss - gamma||_1 / 2`` from the Gibbs state of ``H(eps)`` (Eq. 72).  Data:
  ``local_distance`` (from ``exp(-beta H(0))/Z_0``, Eq. 68), ``min_choi_eigenvalue``, ``tp_error``,
  ``detailed_balance_error`` (Eqs. 30/43, w.r.t. the map's own energies), ``tio_error`` (Eq. 22, w.r.t.
  ``H(eps)``), ``quad_error``, populations ``p0..`` in the eigenbasis, ``band_ratio`` (Eq. 74) with
  its thermal and local references, ``beta_eff_02`` (Eq. 75), ``rho23_abs``.
* ``collision.evolution`` — ``rho(t) = exp(L t)|0..0><0..0|`` at time ``t`` (Figs. 2–4); value =
  trace distance from the Gibbs state; the same observables in ``data``.
* ``collision.map_distance`` — ``||S_a - S_b||_diamond`` (no 1/2, in ``[0, 2]``) between two collision
  maps of the same chain, a certified interval from Watrous' SDP (:mod:`sdpthermo.formulations.diamond`).

The steady state and the evolution are :mod:`sdpthermo.formulations.collision.lindblad`; the observables
:mod:`sdpthermo.models.collision.observables`.

Examples
--------
>>> import sdpthermo
>>> r = sdpthermo.solve("collision.steady_state", N=2, eps=0.1, map="narrow", store=None)
>>> r.verified, r.value < 1e-9, r.data["tio_error"] < 1e-12
(True, True, True)
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.formulations.collision.lindblad import solve_evolution, solve_steady_state
from sdpthermo.formulations.diamond import solve_diamond
from sdpthermo.models.collision.chain import ChainSpectrum, chain_hamiltonian, chain_spectrum
from sdpthermo.models.collision.lindblad import poisson_liouvillian
from sdpthermo.models.collision.maps import MAP_KINDS, CollisionMap, collision_map
from sdpthermo.models.collision.observables import gibbs_pair, ground_state
from sdpthermo.registry import guards
from sdpthermo.registry.core import question
from sdpthermo.registry.outputs import Outputs, Role
from sdpthermo.registry.params import Param
from sdpthermo.results import Outcome
from sdpthermo.sdp.options import SolveOptions

REFERENCE = "seed 003 Eqs. (38), (41), (45), (54)-(56), (64)-(75)"
PHYSICAL = (
    Param("N", "int", "number of qubits in the chain (Eq. 64)", default=3, low=1, high=4),
    Param("h", "float", "qubit level spacing h (Eq. 64)", default=4.0, low=0.0, low_open=True),
    Param("eps", "float", "inter-qubit coupling eps (Eq. 64)", default=0.1, low=0.0),
    Param("g", "float", "contact strength g of H_US = g sigma_x delta(x) (Eq. 65)", default=50.0),
    Param("m", "float", "mass of the bath particles", default=0.1, low=0.0, low_open=True),
    Param("beta", "float", "inverse temperature of the bath (Eq. 40)", default=0.1, low=0.0, low_open=True),
    Param("sigma_p", "float", "momentum width of the incident packets (Eq. 41)", default=0.5, low=0.0,
          low_open=True),
)
RATE = Param("Gamma", "float", "Poissonian collision rate Gamma (Eq. 71)", default=1.0, low=0.0, low_open=True)
MAP = Param("map", "str", "collision map: exact (Eq. 38), narrow (Eq. 45) or local (Eqs. 54-56)", default="exact",
            choices=MAP_KINDS)


def _map(p: dict[str, Any], kind: str) -> CollisionMap:
    return collision_map(p["N"], p["h"], p["eps"], g=p["g"], m=p["m"], beta=p["beta"], sigma_p=p["sigma_p"],
                         kind=kind)


def _spectrum(p: dict[str, Any]) -> ChainSpectrum:
    return chain_spectrum(p["N"], p["h"], p["eps"])


def _evolution_problem(p: dict[str, Any]) -> dict[str, np.ndarray]:
    """Problem arrays of ``collision.evolution`` that its params determine cheaply (store binding; the
    Liouvillian ``L`` itself is not rebuilt on every read)."""
    sp = _spectrum(p)
    return {"gamma": gibbs_pair(sp, p["beta"])[0], "t": np.array(p["t"]), "rho0": ground_state(sp.dim)}


def _setup(p: dict[str, Any]) -> tuple[ChainSpectrum, CollisionMap, np.ndarray]:
    """The chain's spectrum, the collision map and the Liouvillian of Eq. (71)."""
    cm = _map(p, p["map"])
    lv = poisson_liouvillian(chain_hamiltonian(p["N"], p["h"], p["eps"]), cm.channel.choi, p["Gamma"])
    return _spectrum(p), cm, lv


_OBSERVABLES = {
    **{f"p{i}": f"population of the chain's eigenstate {i}" for i in range(64)},
    "band_ratio": "population ratio of the bands (Eq. 74)", "band_ratio_therm": "the Gibbs state's ratio",
    "band_ratio_loc": "exp(-beta h), the local state's ratio (Eq. 73)",
    "beta_eff_02": "effective inverse temperature between levels 0 and 2 (Eq. 75)",
    "rho23_abs": "|rho_23| in the eigenbasis", "local_distance": "trace distance (with 1/2) to rho_loc",
}

OUTPUTS = {
    "collision.steady_state": Outputs(
        value="trace distance ||rho_ss - gamma||_1 / 2 of the steady state of Eq. (71) from the Gibbs state",
        unit="", role=Role.CLAIM, symbol=r"$D(\rho_{ss}, \gamma)$",
        data={**_OBSERVABLES,
              "min_choi_eigenvalue": "smallest Choi eigenvalue of the collision map",
              "tp_error": "trace-preservation error of the map", "detailed_balance_error": "Eq. (29)-(30) error",
              "tio_error": "thermal-operation error (Eq. 19-24)", "quad_error": "quadrature error bound of the map",
              "traceless_gap": "spectral gap of the Liouvillian on traceless operators"}),
    "collision.evolution": Outputs(
        value="trace distance ||rho(t) - gamma||_1 / 2 from the Gibbs state at time t (Eq. 71)", unit="",
        role=Role.CLAIM, symbol=r"$D(\rho(t), \gamma)$",
        data=dict(_OBSERVABLES)),
    "collision.map_distance": Outputs(
        value="diamond norm ||S_a - S_b||_diamond between two collision maps (no factor 1/2)", unit="",
        role=Role.CLAIM, symbol=r"$\|S_a - S_b\|_\diamond$",
        data={"gap": "upper - lower", "method": "how the norm was computed", "normalization":
              "the norm's normalization", "quad_error": "quadrature error bounds of both maps"}),
}


@question("collision.steady_state", outputs=OUTPUTS["collision.steady_state"],
          title="Steady state of the Poissonian Lindblad equation (71) vs the Gibbs state",
          reference=REFERENCE, version="1", memory=guards.memory_collision, backends=("none",),
          params=(*PHYSICAL, RATE, MAP),
          problem_data=lambda p: dict(zip(("gamma", "gamma_loc"), gibbs_pair(_spectrum(p), p["beta"]))))
def _steady(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    return solve_steady_state(*_setup(p), p["beta"], opts)


@question("collision.evolution", outputs=OUTPUTS["collision.evolution"],
          title="Evolution rho(t) = exp(L t)|0..0><0..0| of Eq. (71) (Figs. 2-4)",
          reference=REFERENCE, version="2", memory=guards.memory_collision, backends=("none",),
          params=(*PHYSICAL, RATE, MAP, Param("t", "float", "time (hbar = 1)", low=0.0)),
          problem_data=_evolution_problem)
def _evolution(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    return solve_evolution(*_setup(p), p["beta"], p["t"], opts)


def _check_distance(p: dict[str, Any]) -> dict[str, Any]:
    if p["map_a"] == p["map_b"]:
        raise ValidationError("map_b", f"equals map_a ({p['map_a']!r}); the distance is 0",
                              f"pick two different maps from {list(MAP_KINDS)}")
    return p


@question("collision.map_distance", outputs=OUTPUTS["collision.map_distance"],
          title="Diamond distance ||S_a - S_b||_diamond between two collision maps",
          reference=REFERENCE + "; Watrous' SDP", version="1", memory=guards.memory_collision, backends=("cvxpy",),
          params=(*PHYSICAL,
                  Param("map_a", "str", "first map", default="exact", choices=MAP_KINDS),
                  Param("map_b", "str", "second map", default="local", choices=MAP_KINDS),
                  Param("method", "str", "auto / ascent (structured) / sdp (cvxpy)", default="auto",
                        choices=("auto", "ascent", "sdp"))),
          check=_check_distance)
def _distance(p: dict[str, Any], opts: SolveOptions) -> Outcome:
    a, b = _map(p, p["map_a"]), _map(p, p["map_b"])
    d = a.dim
    out = solve_diamond(a.channel.choi - b.channel.choi, d, d, p["method"], opts)
    data = {**out.data, "quad_error": a.quad_error + b.quad_error,
            "normalization": "||S_a - S_b||_diamond without 1/2, in [0, 2]"}
    return replace(out, data=data)
