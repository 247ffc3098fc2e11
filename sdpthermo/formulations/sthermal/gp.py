r"""Maximal energy reachable by symmetry-respecting Gibbs-preserving channels, vs. s-thermalization (seed 004).

S-thermalization ``rho_0 -> rho_SS`` is one channel that respects the strong symmetry (Kraus operators
commute with the sector projectors ``P_i``) and preserves the bath's Gibbs state ``omega^beta``.  This
SDP asks how much energy *any* such channel can deposit: the charging bound against which
``E(rho_SS)`` and the amplification ratio ``lambda`` of Eq. (11) are measured.

Strong symmetry makes the channel block diagonal, ``Phi = ⊕_i Phi_i`` on the sector blocks
``rho_i = P_i rho_0 P_i`` (coherences between sectors never reach the energy), and Gibbs preservation
``Phi(omega^beta) = omega^beta`` then holds sector by sector, ``Phi_i(omega_i^beta) = omega_i^beta``.
With Choi matrices ``J_i`` (input ⊗ output, ``Phi_i(X) = Tr_in[(X^T ⊗ I) J_i]``) and
``C_i = rho_i^T ⊗ H_i``::

    primal  E_max = max  sum_i Tr(C_i J_i)
            s.t.  J_i >= 0                                  [CP]
                  Tr_out J_i = I_{k_i}                        [TP]
                  Tr_in[(omega_i^T ⊗ I) J_i] = omega_i         [GP, seed 004: Phi_beta fixes omega^beta]
    dual    min  sum_i Tr Y_i + Tr(Z_i omega_i)
            s.t.  Y_i ⊗ I + omega_i^T ⊗ Z_i - C_i >= 0

``Y_i`` is the dual of [TP] and ``Z_i`` of [GP] (cvxpy's equality duals, real or complex, map with
sign +1 and factor 1 for this maximization).  Everything is written in the joint eigenbasis of ``H``
and the symmetry, where ``H_i`` and ``omega_i`` are diagonal.  Repair: the solver's ``J_i`` is projected
onto the affine space [TP] ∩ [GP] (least-norm correction) and mixed with the strictly feasible
replacement channel ``I ⊗ omega_i`` until PSD; the stored point is the best of that repaired point and
the two exactly feasible channels ``I ⊗ omega_i`` (which produces ``rho_SS``) and the identity (which
keeps ``rho_0``), so a finite lower bound exists even at ``T = 0``, where ``I ⊗ omega_i`` is not
strictly feasible.

Examples
--------
>>> from sdpthermo.models.sthermal.model import SymmetricSystem
>>> sys = SymmetricSystem.from_sectors([0.0, 0.1, 0.2, 1.0], [[0, 2], [1, 3]])
>>> out = solve_gp_max_energy(sys, beta=1 / 0.4, rho0=sys.thermal_state(1 / 0.05))
>>> out.verified, out.value >= out.data["energy_sthermal"] - 1e-9
(True, True)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.errors import ValidationError
from sdpthermo.linalg.hermitian import herm, real_if_real
from sdpthermo.linalg.tensor import partial_trace
from sdpthermo.models.states import gibbs_populations
from sdpthermo.models.sthermal.model import SymmetricSystem
from sdpthermo.results import Certificate, Outcome
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions

CONVENTION = ("max sum_i Tr((rho_i^T ⊗ H_i) J_i) s.t. J_i >= 0, Tr_out J_i = I, Tr_in[(omega_i^T ⊗ I) J_i] = "
              "omega_i; dual min sum_i Tr Y_i + Tr(Z_i omega_i) s.t. Y_i ⊗ I + omega_i^T ⊗ Z_i - C_i >= 0 "
              "(seed 004, symmetric Gibbs-preserving charging bound)")


def sector_blocks(system: SymmetricSystem, rho0: np.ndarray, beta: float) -> list[dict[str, np.ndarray]]:
    """Per sector: joint-basis energies, the block ``rho_i = P_i rho_0 P_i`` and ``omega_i^beta``."""
    r = system.basis.conj().T @ np.asarray(rho0) @ system.basis
    out = []
    for i in range(system.n_sectors):
        idx = system.sector_indices(i)
        e = system.energies[idx]
        out.append({"energies": e, "rho": real_if_real(herm(r[np.ix_(idx, idx)])),
                    "omega": np.diag(gibbs_populations(e, beta))})
    return out


def build_gp_max_energy(blocks: list[dict[str, np.ndarray]]) -> tuple[Any, dict[str, Any]]:
    """cvxpy problem of the primal; constraints labelled ``[CP]_i``, ``[TP]_i``, ``[GP]_i``."""
    import cvxpy as cp

    objective = 0
    cons: dict[str, Any] = {}
    js = []
    for i, b in enumerate(blocks):
        k = b["energies"].size
        cplx = np.iscomplexobj(b["rho"])
        j = cp.Variable((k * k, k * k), hermitian=True) if cplx else cp.Variable((k * k, k * k), symmetric=True)
        c = np.kron(b["rho"].T, np.diag(b["energies"]))
        tr = cp.trace(c @ j)
        objective = objective + (cp.real(tr) if cplx else tr)
        cons[f"[CP]_{i}"] = j >> 0
        cons[f"[TP]_{i}"] = cp.partial_trace(j, [k, k], axis=1) == np.eye(k)
        cons[f"[GP]_{i}"] = cp.partial_trace(np.kron(b["omega"].T, np.eye(k)) @ j, [k, k], axis=0) == b["omega"]
        js.append(j)
    return cp.Problem(cp.Maximize(objective), list(cons.values())), {"J": js, "constraints": cons}


def _affine_map(omega: np.ndarray) -> np.ndarray:
    """Matrix of ``J -> (Tr_out J, Tr_in[(omega^T ⊗ I) J])`` on row-major ``vec(J)``."""
    k = omega.shape[0]
    cols = []
    for n in range(k ** 4):
        e = np.zeros(k ** 4)
        e[n] = 1.0
        x = e.reshape(k * k, k * k)
        cols.append(np.concatenate([partial_trace(x, [1], [k, k]).ravel(),
                                    partial_trace(np.kron(omega.T, np.eye(k)) @ x, [0], [k, k]).ravel()]))
    return np.array(cols).T


def repair(j: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """A Choi matrix satisfying [CP], [TP], [GP] to round-off, near ``j`` (or ``I ⊗ omega`` if none is)."""
    k = omega.shape[0]
    a = _affine_map(omega)
    target = np.concatenate([np.eye(k).ravel(), omega.ravel()])
    jv = np.asarray(j).reshape(-1)
    corr = np.linalg.lstsq(a, target - a @ jv, rcond=None)[0]
    jp = herm((jv + corr).reshape(k * k, k * k))
    j_omega = np.kron(np.eye(k), omega)
    lo_p = float(np.linalg.eigvalsh(jp)[0])
    lo_w = float(np.min(np.diagonal(omega)))
    if lo_p >= 0:
        return real_if_real(jp)
    if lo_w <= 0:
        return j_omega
    t = -lo_p / (-lo_p + lo_w)
    return real_if_real((1 - t) * jp + t * j_omega)


def solve_gp_max_energy(system: SymmetricSystem, beta: float, rho0: np.ndarray,
                        opts: SolveOptions | None = None) -> Outcome:
    """Maximal energy of ``Phi(rho0)`` over symmetric Gibbs-preserving ``Phi`` (see module docstring).

    Parameters
    ----------
    system : SymmetricSystem
        Hamiltonian and sectors.
    beta : float
        Inverse bath temperature in ``[0, inf]``.
    rho0 : ndarray
        Initial state (``omega^{beta0}`` in seed 004).
    opts : SolveOptions, optional
        Solver options (cvxpy backend only; Clarabel by default; blocks are ``k_i^2 x k_i^2``).

    Returns
    -------
    Outcome
        ``value`` = solver's ``E_max``; verified bounds from
        :func:`~sdpthermo.certify.sthermal.state.verify_gp_max_energy`;
        ``data``: ``energy_sthermal`` (``E(rho_SS)``), ``energy_initial``, ``energy_thermal``
        (``E(omega^beta)``), ``gap`` (``E_max - E(rho_SS)``, lower bound), ``lambda_sthermal`` and
        ``lambda_max`` (Eq. (11) ratios with ``E(rho_SS)`` and ``E_max``).
    """
    opts = opts or SolveOptions()
    if opts.backend != "cvxpy":
        raise ValidationError("backend", f"{opts.backend!r} is not implemented for this SDP",
                              "use backend='cvxpy' (the LP cross-check lives in tests/sthermal/test_gp_sdp.py)")
    blocks = sector_blocks(system, rho0, beta)
    prob, v = build_gp_max_energy(blocks)
    status, info = run_cvxpy(prob, opts)
    primal: dict[str, np.ndarray] = {}
    dual: dict[str, np.ndarray] = {}
    problem: dict[str, np.ndarray] = {"beta": np.array(float(beta))}
    for i, b in enumerate(blocks):
        k = b["energies"].size
        c = np.kron(b["rho"].T, np.diag(b["energies"]))
        vec_i = np.eye(k).reshape(-1)
        cands = [np.kron(np.eye(k), b["omega"]), np.outer(vec_i, vec_i)]   # replacement, identity
        if status.usable and v["J"][i].value is not None:
            cands.append(repair(v["J"][i].value, b["omega"]))
        j = max(cands, key=lambda x: float(np.real(np.vdot(c, x))))
        y = v["constraints"][f"[TP]_{i}"].dual_value
        z = v["constraints"][f"[GP]_{i}"].dual_value
        primal[f"J_{i}"] = j
        dual[f"Y_{i}"] = real_if_real(herm(np.asarray(y))) if y is not None else np.zeros((k, k))
        dual[f"Z_{i}"] = real_if_real(herm(np.asarray(z))) if z is not None else np.zeros((k, k))
        problem[f"energies_{i}"] = b["energies"]
        problem[f"rho_{i}"] = b["rho"]
    cert = Certificate(kind=kinds.STHERMAL_GP_MAX_ENERGY, sense="max", primal=primal, dual=dual, problem=problem,
                       convention=CONVENTION, meta={"n_sectors": len(blocks),
                                                    "dims": [int(b["energies"].size) for b in blocks]})
    ver = verify(cert, opts.tol)
    h = system.hamiltonian
    e_0 = float(np.real(np.vdot(h, rho0)))
    e_th = float(np.real(np.vdot(h, system.thermal_state(beta))))
    e_ss = float(ver.conclusions["sthermal_energy"])
    den = e_th - e_0
    value = float(prob.value) if status.usable and prob.value is not None else math.nan
    data = {"energy_sthermal": e_ss, "energy_initial": e_0, "energy_thermal": e_th,
            "gap": ver.lower - e_ss, "sthermal_optimal": bool(ver.conclusions["sthermal_optimal"]),
            "lambda_sthermal": (e_ss - e_0) / den if den != 0 else None,
            "lambda_max_energy": (ver.upper - e_0) / den if den != 0 else None}
    return Outcome(status=status, value=value, certificate=cert, verification=ver, data=data, solver=info)
