r"""A Lindblad generator with a strong symmetry whose steady state is ``rho_SS`` (seed 004, dynamics view).

Strong symmetry (seed 004, "Symmetry-Constrained Thermalization", refs. [21, 22, 25]): the symmetry
commutes with ``H`` and with every jump operator.  The generator used here, in the joint eigenbasis
``{|a>}`` of ``H`` and the symmetry::

    L(rho) = -i[H, rho] + sum_k (L_k rho L_k^dag - {L_k^dag L_k, rho}/2)
    L_{ab}  = sqrt(gamma_{ab}) |a><b|          a != b in the same sector     (thermal jumps)
    gamma_{ab} = rate * min(1, exp(-beta (E_a - E_b)))                        (detailed balance:
                 gamma_{ab} / gamma_{ba} = exp(-beta (E_a - E_b)))
    L_i  = sqrt(dephasing) P_i                                                (sector dephasing)

Each jump operator lives inside one sector, so ``[L_k, P_i] = 0``; the populations of each sector
relax to ``omega_i^beta`` (detailed balance within the sector), coherences inside a sector decay
through the jumps and coherences between sectors through ``L_i``.  The kernel is then spanned by
``{omega_i^beta}`` and ``Tr(P_i rho)`` is conserved, so ``exp(L t) rho_0 -> ⊕ p_i omega_i^beta = rho_SS``.
Requires ``0 <= beta < inf`` (at ``T = 0`` upward rates vanish and a sector with a degenerate
ground space keeps its initial distribution there).  Vectorization is row-major:
``vec(A X B) = (A ⊗ B^T) vec(X)``.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.sthermal.model import SymmetricSystem
>>> sys = SymmetricSystem.from_sectors([0.0, 0.1, 0.2, 1.0], [[0, 2], [1, 3]])
>>> chk = check_steady_state(sys, beta=2.0, rho0=sys.thermal_state(10.0))
>>> chk["steady_state_error"] < 1e-10, chk["kernel_dimension"]
(True, 2)
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import expm

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.superop import lindblad_superop
from sdpthermo.models.sthermal.model import SymmetricSystem

#: relative size below which an eigenvalue of the generator counts as zero (kernel dimension).
TOL_KERNEL: float = 1e-10

#: evolve for this many relaxation times 1/gap: the transient is below exp(-RELAX_TIMES).
RELAX_TIMES: float = 60.0


def jump_operators(system: SymmetricSystem, beta: float, rate: float = 1.0,
                   dephasing: float = 1.0) -> list[np.ndarray]:
    """Thermal jumps ``sqrt(gamma_ab)|a><b|`` within sectors and sector dephasing ``sqrt(kappa) P_i``."""
    b = float(beta)
    if not 0.0 <= b < math.inf:
        raise ValidationError("T", f"the Lindblad check needs 0 < T <= inf (beta = {beta})",
                              "at T = 0 the within-sector dynamics is not ergodic; use T > 0")
    if rate <= 0 or dephasing <= 0:
        raise ValidationError("rate", "rates must be > 0", "pass positive rate and dephasing")
    v, e = system.basis, system.energies
    ops = []
    for i in range(system.n_sectors):
        idx = system.sector_indices(i)
        for a in idx:
            for c in idx:
                if a != c:
                    gamma = rate * min(1.0, math.exp(-b * (e[a] - e[c])))
                    ops.append(math.sqrt(gamma) * np.outer(v[:, a], v[:, c].conj()))
    ops += [math.sqrt(dephasing) * pi for pi in system.projectors()]
    return ops


def lindbladian(system: SymmetricSystem, beta: float, rate: float = 1.0, dephasing: float = 1.0) -> np.ndarray:
    """The ``d^2 x d^2`` superoperator of ``L`` (row-major vectorization)."""
    return lindblad_superop(system.hamiltonian, jump_operators(system, beta, rate, dephasing))


def symmetry_commutator_error(system: SymmetricSystem, beta: float) -> float:
    """``max_{k,i} ||[L_k, P_i]||_max`` together with ``||[H, P_i]||_max`` (0 for a strong symmetry)."""
    ps = system.projectors()
    ops = jump_operators(system, beta) + [system.hamiltonian]
    return max(float(np.max(np.abs(lk @ pi - pi @ lk))) for lk in ops for pi in ps)


def check_steady_state(system: SymmetricSystem, beta: float, rho0: np.ndarray, rate: float = 1.0,
                       dephasing: float = 1.0) -> dict[str, float]:
    r"""Evolve ``rho0`` to stationarity with ``exp(L t)`` and compare with ``rho_SS``.

    Parameters
    ----------
    system : SymmetricSystem
        Hamiltonian and sectors.
    beta : float
        Inverse bath temperature, ``0 <= beta < inf``.
    rho0 : ndarray
        Initial state.
    rate, dephasing : float
        Thermal jump rate scale and sector-dephasing rate (both ``> 0``).

    Returns
    -------
    dict
        ``steady_state_error`` (max-entry ``|exp(L t) rho0 - rho_SS|`` at ``t = RELAX_TIMES / gap``),
        ``generator_residual`` (``max |L(rho_SS)|``), ``kernel_dimension``, ``gap`` (smallest nonzero
        ``|Re lambda|``), ``conserved_charge_error`` (``max |L^dag(P_i)|``), ``symmetry_error``.
    """
    d = system.dim
    sup = lindbladian(system, beta, rate, dephasing)
    lam = np.linalg.eigvals(sup)
    scale = max(1.0, float(np.max(np.abs(lam))))
    zero = np.abs(lam) <= TOL_KERNEL * scale
    gap = float(np.min(np.abs(lam[~zero].real))) if np.any(~zero) else math.inf
    p = system.sector_weights(rho0, "rho0")
    rho_ss = system.s_thermalized_state(p, beta)
    t = RELAX_TIMES / gap if math.isfinite(gap) and gap > 0 else 0.0
    rho_t = (expm(sup * t) @ np.asarray(rho0, dtype=complex).reshape(-1)).reshape(d, d)
    adj = sup.conj().T
    charge = max(float(np.max(np.abs(adj @ pi.reshape(-1).astype(complex)))) for pi in system.projectors())
    return {
        "steady_state_error": float(np.max(np.abs(rho_t - rho_ss))),
        "generator_residual": float(np.max(np.abs(sup @ rho_ss.reshape(-1).astype(complex)))),
        "kernel_dimension": int(np.count_nonzero(zero)),
        "gap": gap,
        "conserved_charge_error": charge,
        "symmetry_error": symmetry_commutator_error(system, beta),
    }
