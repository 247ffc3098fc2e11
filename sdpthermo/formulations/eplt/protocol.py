r"""EPLT protocols as explicit LOSR ensembles, recomposed and certified (seed 000 Eq. (1), (5), (B5), (D2)-(D3)).

An EPLT channel is local (Definition 1) because it is a finite shared-randomness mixture of product
channels, ``J = sum_k p_k ⊗_i J_i^k`` (Eq. (1)).  :func:`solve_losr_recomposition` stores the ensemble
``(p, J_i^k)`` and the target Choi matrix ``J`` in an ``eplt-losr-ensemble`` certificate whose verifier
(:mod:`sdpthermo.certify.eplt_protocols`) recomposes the ensemble and bounds ``max |sum_k p_k ⊗_i J_i^k - J|``.
The protocols:

* :func:`solve_clifford_protocol` — ``E^eps`` of Eq. (5) with the exact Clifford twirl (prime ``d``;
  :func:`~sdpthermo.models.eplt.protocols.eplt_ensemble`);
* :func:`solve_random_protocol` — ``E^eps`` with the twirl replaced by ``T_U^(N)`` of ``N`` Haar unitaries
  (Eq. (D2)–(D3), :func:`random_twirl_protocol`), with the Monte-Carlo averages of Eq. (D4), (D6);
* :func:`solve_ghz_protocol` — ``E^(eps,N)`` of Eq. (B5) with the Dür–Cirac GHZ twirl (:func:`ghz_protocol`);
* :func:`solve_zero_temperature_protocol` — App. A's ``T^0 ∘ (L_A ⊗ L_B)`` with the Clifford twirl on the
  ground space (:func:`~sdpthermo.models.eplt.zero_temperature.zero_temperature_ensemble`).

Examples
--------
>>> from sdpthermo.models.states import gibbs_state
>>> g = gibbs_state([0.0, 1.0], 1.0)
>>> out = solve_clifford_protocol(g, g, 0.3)
>>> out.verified, out.value < 1e-12, out.data["ensemble_size"]
(True, True, 25)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.linalg.choi import constant_channel_choi
from sdpthermo.models.channels import Channel
from sdpthermo.models.eplt.channels import eplt_channel, eta
from sdpthermo.models.eplt.multipartite import eplt_n_channel, eta_qubit_safe, ghz_twirl_unitaries
from sdpthermo.models.eplt.protocols import (
    LosrEnsemble,
    approx_twirl_ensemble,
    approx_twirl_superop,
    eplt_ensemble,
    haar_unitary,
    twirl_average,
    twirl_superop,
    unitary_choi,
)
from sdpthermo.models.eplt.zero_temperature import degeneracies, zero_temperature_channel, zero_temperature_ensemble
from sdpthermo.models.states import gibbs_state
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions


def ghz_protocol(gammas: Sequence[np.ndarray], eps: float) -> tuple[LosrEnsemble, Channel]:
    """``E^(eps,N)`` (Eq. (B5)) as an LOSR ensemble with the Dür–Cirac twirl, and the channel itself."""
    n = len(gammas)
    us = ghz_twirl_unitaries(n)
    k = len(us)
    chois = []
    for i in range(n):
        prep = constant_channel_choi(eta_qubit_safe(gammas[i], eps), 2).astype(complex)
        chois.append(np.stack([prep] + [unitary_choi(u[i]) for u in us]))
    ens = LosrEnsemble(np.concatenate([[1 - eps], np.full(k, eps / k)]), tuple(chois), (2,) * n, (2,) * n)
    return ens, eplt_n_channel(gammas, eps)


def random_twirl_protocol(gamma_a: np.ndarray, gamma_b: np.ndarray, eps: float,
                          us: Sequence[np.ndarray]) -> tuple[LosrEnsemble, Channel]:
    """``E^eps`` with ``T_U^(N)`` of the unitaries ``us`` in place of ``T`` (Eq. (D2)–(D3)): ensemble and channel."""
    d = gamma_a.shape[0]
    tw = approx_twirl_ensemble(us)
    s_approx = approx_twirl_superop(us)
    target_tw = Channel.from_map(lambda x: (s_approx @ x.reshape(-1)).reshape(d * d, d * d), [d, d], [d, d])
    if eps >= 1:
        return tw, target_tw
    prep = [constant_channel_choi(eta(g, eps), d)[None].astype(complex) for g in (gamma_a, gamma_b)]
    ens = LosrEnsemble(np.concatenate([[1 - eps], eps * tw.probs]),
                       tuple(np.concatenate([pp, c]) for pp, c in zip(prep, tw.chois)), (d, d), (d, d))
    const = constant_channel_choi(np.kron(eta(gamma_a, eps), eta(gamma_b, eps)), d * d)
    return ens, Channel((1 - eps) * const + eps * target_tw.choi, (d, d), (d, d))


def solve_losr_recomposition(ens: LosrEnsemble, target: Channel, gammas: Sequence[np.ndarray],
                             extra: dict[str, Any], opts: SolveOptions | None = None, label: str = "") -> Outcome:
    """Certify that ``ens`` recomposes ``target`` (Eq. (1)); value = the verified recomposition error.

    ``gammas`` are the local thermal states the channel must output (the verifier reports the largest
    deviation as ``locally_thermal_error``); ``extra`` is merged into ``data``; ``label`` names the
    protocol in the certificate's convention.
    """
    opts = opts or SolveOptions()
    primal = {"p": np.asarray(ens.probs, dtype=float),
              **{f"J_{i}": np.asarray(c) for i, c in enumerate(ens.chois)}}
    problem = {"J": target.choi, **{f"gamma_{i}": g for i, g in enumerate(gammas)}}
    cert = Certificate(kind=kinds.EPLT_LOSR_ENSEMBLE, sense="min", primal=primal, dual={}, problem=problem,
                       convention=f"Eq. (1): sum_k p_k ⊗_i J_i^k = J ({label})", meta={"dims": list(ens.dims_in)})
    ver = verify(cert, opts.tol)
    data = {**extra, "ensemble_size": int(ens.probs.size), "recomposition_error": ver.upper,
            "is_losr": ver.conclusions["is_losr"], "locally_thermal_error": ver.conclusions["locally_thermal_error"],
            "cptp_error": max(target.cptp_errors().values())}
    return Outcome(status=Status.CLOSED_FORM, value=ver.upper, certificate=cert, verification=ver, data=data,
                   solver=SolverInfo(name="numpy", backend="none"))


def solve_clifford_protocol(gamma_a: np.ndarray, gamma_b: np.ndarray, eps: float,
                            opts: SolveOptions | None = None) -> Outcome:
    """``E^eps`` (Eq. (5)) with the exact Clifford twirl (prime ``d <= 3``), recomposed against the channel."""
    d = gamma_a.shape[0]
    return solve_losr_recomposition(eplt_ensemble(gamma_a, gamma_b, eps), eplt_channel(gamma_a, gamma_b, eps),
                                    [gamma_a, gamma_b], {"eps": eps, "d": d}, opts, "E^eps (Eq. 5), Clifford twirl")


def solve_random_protocol(gamma_a: np.ndarray, gamma_b: np.ndarray, eps: float, n_unitaries: int, seed: int,
                          draws: int, opts: SolveOptions | None = None) -> Outcome:
    """``E^eps`` with ``T_U^(N)`` of ``N = n_unitaries`` Haar unitaries (seeded by ``seed``), recomposed; ``data``
    adds ``||T - T_U^(N)||_{2->2}``, the bound ``2^-N`` of Eq. (D4), the averages over ``draws`` Haar draws of
    Eq. (D4) and (D6) (:func:`~sdpthermo.models.eplt.protocols.twirl_average`) and the distance to ``E^eps``."""
    d = gamma_a.shape[0]
    rng = np.random.default_rng(seed)
    us = [haar_unitary(d, rng) for _ in range(n_unitaries)]
    ens, target = random_twirl_protocol(gamma_a, gamma_b, eps, us)
    exact = eplt_channel(gamma_a, gamma_b, eps)
    dist = float(np.linalg.norm(twirl_superop(d) - approx_twirl_superop(us), 2))
    avg = twirl_average(d, n_unitaries, draws, np.random.default_rng([seed, n_unitaries, 1]))
    extra = {"eps": eps, "d": d, "N": n_unitaries, "twirl_distance_2to2": dist, "bound_D4": 2.0 ** -n_unitaries,
             **{f"twirl_{k}": v for k, v in avg.items() if k != "bound_D4"},
             "choi_distance_to_exact": float(np.abs(target.choi - exact.choi).max())}
    return solve_losr_recomposition(ens, target, [gamma_a, gamma_b], extra, opts, "E^eps with T_U^(N) (Eq. D2-D3)")


def solve_ghz_protocol(gammas: Sequence[np.ndarray], eps: float, opts: SolveOptions | None = None) -> Outcome:
    """``E^(eps,N)`` (Eq. (B5)) with the Dür–Cirac twirl on ``N = len(gammas)`` qubits, recomposed."""
    ens, target = ghz_protocol(gammas, eps)
    return solve_losr_recomposition(ens, target, gammas, {"eps": eps, "n": len(gammas)}, opts,
                                    "E^(eps,N), Dür-Cirac T_GHZ")


def solve_zero_temperature_protocol(energies_a: Sequence[float], energies_b: Sequence[float],
                                    opts: SolveOptions | None = None) -> Outcome:
    """App. A: ``T^0 ∘ (L_A ⊗ L_B)`` with the Clifford twirl on the (degenerate) ground space, recomposed."""
    gammas = [gibbs_state(energies_a, math.inf), gibbs_state(energies_b, math.inf)]
    return solve_losr_recomposition(zero_temperature_ensemble(energies_a, energies_b),
                                    zero_temperature_channel(energies_a, energies_b), gammas,
                                    {"g": int(degeneracies(energies_a, energies_b)[0])}, opts,
                                    "App. A T^0 ∘ (L_A ⊗ L_B), Clifford on the ground space")
