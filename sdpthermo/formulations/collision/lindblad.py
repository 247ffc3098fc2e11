r"""Steady state and evolution of the Poissonian Lindblad equation (71) of seed 003, certified.

``L = -i[H, .] + Gamma (S - id)`` with ``S`` a collision map (:mod:`sdpthermo.models.collision.maps`);
vectorization is row-major.  The answer is the trace distance ``D = ||rho - gamma||_1 / 2`` of the chain's
state from the Gibbs state of ``H(eps)`` (Eq. (72)):

* :func:`solve_steady_state` — ``rho_ss`` with ``L vec(rho_ss) = 0``, ``tr rho_ss = 1``; the
  ``collision-steady-state`` verifier bounds ``D`` from the residual ``||L vec(rho)||`` and the spectral gap of
  ``L`` on traceless operators (:mod:`sdpthermo.certify.collision`);
* :func:`solve_evolution` — ``rho(t) = expm(L t) vec(rho0)``; the ``collision-evolution`` verifier recomputes the
  propagator with its error charged.

Examples
--------
>>> from sdpthermo.models.collision.chain import chain_hamiltonian, chain_spectrum
>>> from sdpthermo.models.collision.lindblad import poisson_liouvillian
>>> from sdpthermo.models.collision.maps import collision_map
>>> cm = collision_map(2, 4.0, 0.1, g=50.0, m=0.1, beta=0.1, sigma_p=0.5, kind="narrow")
>>> lv = poisson_liouvillian(chain_hamiltonian(2, 4.0, 0.1), cm.channel.choi, 1.0)
>>> out = solve_steady_state(chain_spectrum(2, 4.0, 0.1), cm, lv, 0.1)
>>> out.verified, out.value < 1e-9
(True, True)
"""

from __future__ import annotations

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.linalg.hermitian import trace_norm
from sdpthermo.models.collision.chain import ChainSpectrum
from sdpthermo.models.collision.lindblad import evolve, steady_state
from sdpthermo.models.collision.maps import CollisionMap
from sdpthermo.models.collision.observables import gibbs_pair, ground_state, map_diagnostics, state_observables
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions


def solve_steady_state(sp: ChainSpectrum, cm: CollisionMap, liouvillian: np.ndarray, beta: float,
                       opts: SolveOptions | None = None) -> Outcome:
    """The steady state of ``liouvillian`` (Eq. (71)); value = ``||rho_ss - gamma||_1 / 2`` (Eq. (72))."""
    opts = opts or SolveOptions()
    gam, gam0 = gibbs_pair(sp, beta)
    ss = steady_state(liouvillian)
    cert = Certificate(kind=kinds.COLLISION_STEADY_STATE, sense="min", primal={"rho": ss.rho}, dual={},
                       problem={"L": liouvillian, "gamma": gam, "gamma_loc": gam0},
                       convention="rho_ss: L vec rho = 0, tr rho = 1 (Eq. 71, row-major vec); D = ||rho - gamma||_1/2",
                       meta={"d": sp.dim, "map": cm.kind})
    ver = verify(cert, opts.tol)
    data = {**map_diagnostics(cm, sp, beta), "local_distance": ver.conclusions["local_distance"],
            "traceless_gap": ver.conclusions["traceless_gap"], **state_observables(ss.rho, sp, beta)}
    return Outcome(status=Status.CLOSED_FORM, value=trace_norm(ss.rho - gam) / 2, certificate=cert,
                   verification=ver, data=data, solver=SolverInfo(name="numpy.linalg.solve", backend="none"))


def solve_evolution(sp: ChainSpectrum, cm: CollisionMap, liouvillian: np.ndarray, beta: float, t: float,
                    opts: SolveOptions | None = None) -> Outcome:
    """``rho(t) = exp(L t)|0..0><0..0|`` (Figs. 2–4) for the Liouvillian of ``cm``; value =
    ``||rho(t) - gamma||_1 / 2`` (Eq. (72))."""
    opts = opts or SolveOptions()
    gam, gam0 = gibbs_pair(sp, beta)
    rho0 = ground_state(sp.dim)
    rho_t = evolve(liouvillian, rho0, [t])[0]
    cert = Certificate(kind=kinds.COLLISION_EVOLUTION, sense="min", primal={"rho_t": rho_t}, dual={},
                       problem={"L": liouvillian, "rho0": rho0, "t": np.array(t), "gamma": gam},
                       convention="rho(t) = expm(L t) vec rho0 (Eq. 71, row-major vec); D = ||rho(t) - gamma||_1/2",
                       meta={"d": sp.dim, "map": cm.kind})
    ver = verify(cert, opts.tol)
    data = {"local_distance": trace_norm(rho_t - gam0) / 2, **state_observables(rho_t, sp, beta)}
    return Outcome(status=Status.CLOSED_FORM, value=trace_norm(rho_t - gam) / 2, certificate=cert,
                   verification=ver, data=data, solver=SolverInfo(name="scipy.linalg.expm", backend="none"))
