r"""Zero-temperature EPLT (seed 000 §III A and App. A).

At ``T = 0`` the thermal state is ``gamma_X = Pi_0^X / g`` (``Pi_0^X`` the ground-space projector, ``g`` its
degeneracy).  App. A's protocol, for ``g_A = g_B = g >= 2``:

* Step 1, ``L_X(.) = Pi_0 . Pi_0 + tr[(I - Pi_0) .] Pi_0/g`` (Eq. (A2)): measure ``{Pi_0, I - Pi_0}``; on the
  excited outcome discard and prepare ``Pi_0/g``;
* Step 2, ``T^0``: the ``U ⊗ U^*`` twirl (Eq. (3)) inside the ground space ``G_A ⊗ G_B``.

The channel ``T^0 ∘ (L_A ⊗ L_B)`` has marginals ``Pi_0^X/g`` for every input (a local thermalization) and
leaves ``Phi_g = g^{-1/2} sum_k |0,k>|0,k>`` invariant (negativity ``(g-1)/2``).  Its LOSR ensemble: the
Clifford group on ``G`` (prime ``g``), ``U -> (U ⊕ I) ∘ L_A`` for Alice and ``(U^* ⊕ I) ∘ L_B`` for Bob.

Non-degenerate ground states: ``gamma_X`` is pure, and any channel with a pure output marginal outputs
``gamma_A ⊗ gamma_B`` for every input (a pure marginal has no correlations), so the only local
thermalization is the constant channel and no entanglement survives; ``E^eps`` of Eq. (5) reduces to it
since ``eps* = d P_min = 0``.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.channels import locally_thermal_error
>>> from sdpthermo.models.states import gibbs_state
>>> e = [0.0, 0.0, 1.0]
>>> ch = zero_temperature_channel(e, e)
>>> g = gibbs_state(e, float("inf"))
>>> locally_thermal_error(ch, [g, g]) < 1e-12
True
>>> phi = ground_max_entangled(e, e)
>>> bool(np.allclose(ch.apply(phi), phi))
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial

import numpy as np

from sdpthermo.conventions import TOL_DEGENERATE
from sdpthermo.errors import ValidationError
from sdpthermo.linalg.choi import choi_of_map, compose_choi
from sdpthermo.models.channels import Channel
from sdpthermo.models.eplt.protocols import LosrEnsemble, clifford_group, unitary_choi
from sdpthermo.models.states import check_energies
from sdpthermo.models.twirl import twirl


def ground_isometry(energies: Sequence[float] | np.ndarray, name: str = "energies") -> np.ndarray:
    """Columns: the ground states ``|0,k>`` (energy-basis vectors with minimal energy), ``d x g``."""
    e = check_energies(energies, name)
    scale = max(1.0, float(np.max(np.abs(e))))
    idx = np.flatnonzero(e - e.min() <= TOL_DEGENERATE * scale)
    return np.eye(e.size)[:, idx]


def degeneracies(energies_a: Sequence[float], energies_b: Sequence[float]) -> tuple[int, int]:
    """Ground-state degeneracies ``(g_A, g_B)``."""
    return ground_isometry(energies_a, "energies_A").shape[1], ground_isometry(energies_b, "energies_B").shape[1]


def l_map(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """``L_X`` of Eq. (A2) for the ground isometry ``p`` (``d x g``)."""
    proj = p @ p.T
    g = p.shape[1]
    rest = np.eye(proj.shape[0]) - proj
    return proj @ x @ proj + np.trace(rest @ x) * proj / g


def _ground_pair(energies_a: Sequence[float], energies_b: Sequence[float]) -> tuple[np.ndarray, np.ndarray, int]:
    pa, pb = ground_isometry(energies_a, "energies_A"), ground_isometry(energies_b, "energies_B")
    if pa.shape[1] != pb.shape[1] or pa.shape[1] < 2:
        raise ValidationError("energies_B", f"App. A needs equal ground degeneracies g_A = g_B >= 2, got "
                              f"{pa.shape[1]} and {pb.shape[1]}",
                              "give both sides the same degenerate ground level (e.g. energies=[0, 0, 1])")
    return pa, pb, pa.shape[1]


def zero_temperature_map(x: np.ndarray, energies_a: Sequence[float], energies_b: Sequence[float]) -> np.ndarray:
    """``T^0 ∘ (L_A ⊗ L_B)(X)`` (App. A)."""
    pa, pb, g = _ground_pair(energies_a, energies_b)
    da, db = pa.shape[0], pb.shape[0]
    t = x.reshape(da, db, da, db)
    # L_A ⊗ L_B, compressed to G_A ⊗ G_B (the outputs live there)
    qa, qb = np.eye(da) - pa @ pa.T, np.eye(db) - pb @ pb.T
    gg = np.einsum("ia,jb,ijkl,kc,ld->abcd", pa, pb, t, pa, pb)
    ge = np.einsum("ia,ijkl,kc,jl->ac", pa, t, pa, qb)      # Alice ground, Bob excited
    eg = np.einsum("jb,ijkl,ld,ik->bd", pb, t, pb, qa)      # Alice excited, Bob ground
    ee = np.einsum("ijkl,ik,jl->", t, qa, qb)
    y = gg + np.einsum("ac,bd->abcd", ge, np.eye(g) / g) + np.einsum("ac,bd->abcd", np.eye(g) / g, eg) \
        + ee * np.einsum("ac,bd->abcd", np.eye(g), np.eye(g)) / g**2
    yg = twirl(y.reshape(g * g, g * g), g)
    emb = np.kron(pa, pb)
    return emb @ yg @ emb.T


def zero_temperature_channel(energies_a: Sequence[float], energies_b: Sequence[float]) -> Channel:
    """App. A's channel ``T^0 ∘ (L_A ⊗ L_B)``."""
    da, db = len(energies_a), len(energies_b)
    return Channel.from_map(lambda x: zero_temperature_map(x, energies_a, energies_b), [da, db], [da, db],
                            name="T^0 ∘ (L_A ⊗ L_B) (App. A)")


def zero_temperature_ensemble(energies_a: Sequence[float], energies_b: Sequence[float]) -> LosrEnsemble:
    """The LOSR ensemble of App. A's channel: ``{1/|C_g|, ((U ⊕ I) ∘ L_A) ⊗ ((U^* ⊕ I) ∘ L_B)}`` (prime ``g``)."""
    pa, pb, g = _ground_pair(energies_a, energies_b)
    locs = []
    for p in (pa, pb):
        d = p.shape[0]
        locs.append((d, p, choi_of_map(partial(l_map, p=p), d, d)))
    us = clifford_group(g)
    out = []
    for side, (d, p, jl) in enumerate(locs):
        stack = []
        for u in us:
            uu = u if side == 0 else u.conj()
            full = p @ uu @ p.T + (np.eye(d) - p @ p.T)
            stack.append(compose_choi(unitary_choi(full), jl.astype(complex), d, d, d))
        out.append(np.stack(stack))
    return LosrEnsemble(np.full(len(us), 1 / len(us)), tuple(out), (pa.shape[0], pb.shape[0]),
                        (pa.shape[0], pb.shape[0]))


def ground_max_entangled(energies_a: Sequence[float], energies_b: Sequence[float]) -> np.ndarray:
    """``|Phi_g><Phi_g|`` with ``Phi_g = g^{-1/2} sum_k |0,k>_A |0,k>_B`` (App. A's invariant input)."""
    pa, pb, g = _ground_pair(energies_a, energies_b)
    v = np.kron(pa, pb) @ (np.eye(g).reshape(-1) / math.sqrt(g))
    return np.outer(v, v)
