r"""The Maxwell-demon circuit of seed 004, Fig. 1, as explicit channels on system ⊗ register.

The register has one level per sector, ``|0>`` the reference state.  Steps (Kraus operators on
``system ⊗ register``, big-endian)::

    U        = sum_n P_n ⊗ X_n,  X_n = |n><0| + |0><n| + sum_{k != 0, n} |k><k|  (n >= 1), X_0 = I
    measure  : {I ⊗ |n><n|}_n                                     (projective register measurement)
    Phi_D^th : {sqrt(q_{n,a}) |a><j| ⊗ |n><n|}_{n,a,j}            (conditional thermalization Phi_beta^n:
               replace the system by omega_n^beta when the register reads n)
    U_R      = U^dag                                              (controlled reset, Fig. 1(b))
    Phi_LE   : {sqrt(g_a) |a><j| ⊗ I}_{a,j}                        (Landauer erasure = Phi_beta, Fig. 1(c))
    Phi_R    : {I ⊗ |0><n|}_n                                     (register reset, Fig. 1(c))

As printed, seed 004's ``U`` gives ``n = 0`` the term ``2|0><0| + ...`` (not unitary); the
transposition ``X_0 = I`` used here is what the text describes (the register stays in ``|0>`` for
sector 0).  From ``rho_0 ⊗ |0><0|`` the circuit yields ``sum_n p_n omega_n^beta ⊗ |n><n|`` after the
conditional thermalization, ``rho_SS ⊗ |0><0|`` after ``U_R`` and ``omega^beta ⊗ |0><0|`` after
``Phi_LE`` and ``Phi_R``.  Bookkeeping (nats): the measured register carries ``H(p)``; the system's
conditional entropy drops by ``H(p)`` on measurement (block-diagonal ``rho_0``); ``U_R`` conserves the
total entropy, moves ``H(p)`` from the register to the system and destroys the mutual information
``I(S:R) = H(p)``; ``Phi_LE`` raises the system's conditional entropy by
``ΔS_sys = S(omega^beta) - sum_n p_n S(omega_n^beta)`` (Eq. (7)).

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.sthermal.model import SymmetricSystem
>>> sys = SymmetricSystem.from_sectors([0.0, 0.1, 0.2, 1.0], [[0, 2], [1, 3]])
>>> run = run_demon(sys, beta=2.5, rho0=sys.thermal_state(20.0))
>>> p = sys.thermal_sector_weights(20.0)
>>> bool(np.allclose(run.system["reset"], sys.s_thermalized_state(p, 2.5), atol=1e-14))
True
>>> abs(run.entropies["register_after_measurement"] - run.entropies["H(p)"]) < 1e-14
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sdpthermo.info.entropy import shannon_entropy, von_neumann_entropy
from sdpthermo.linalg.tensor import partial_trace
from sdpthermo.models.states import gibbs_populations
from sdpthermo.models.sthermal.model import SymmetricSystem


def _ket(n: int, k: int) -> np.ndarray:
    v = np.zeros(n)
    v[k] = 1.0
    return v


def register_swap(n_levels: int, n: int) -> np.ndarray:
    """``X_n``: the transposition of ``|0>`` and ``|n>`` on the register (``X_0 = I``)."""
    x = np.eye(n_levels)
    x[[0, n]] = x[[n, 0]]
    return x


def correlating_unitary(system: SymmetricSystem) -> np.ndarray:
    """``U = sum_n P_n ⊗ X_n`` (Fig. 1(a)); ``U = U^dag = U_R`` since each ``X_n`` is an involution."""
    m = system.n_sectors
    return np.asarray(sum(np.kron(pn, register_swap(m, n)) for n, pn in enumerate(system.projectors())))


def measurement_kraus(system: SymmetricSystem) -> list[np.ndarray]:
    """Projective register measurement ``{I ⊗ |n><n|}`` (outcomes averaged: a dephasing channel)."""
    m = system.n_sectors
    return [np.kron(np.eye(system.dim), np.outer(_ket(m, n), _ket(m, n))) for n in range(m)]


def _replacement_kraus(basis: np.ndarray, pops: np.ndarray) -> list[np.ndarray]:
    """Kraus operators ``sqrt(q_a) |a><j|`` of ``X -> Tr(X) sum_a q_a |a><a|``."""
    d = basis.shape[0]
    return [np.sqrt(q) * np.outer(basis[:, a], _ket(d, j)) for a, q in enumerate(pops) if q > 0 for j in range(d)]


def conditional_thermalization_kraus(system: SymmetricSystem, beta: float) -> list[np.ndarray]:
    """``sum_n Phi_beta^n ⊗ |n><n|.|n><n|`` with ``Phi_beta^n(X) = Tr(X) omega_n^beta`` (Fig. 1(a))."""
    m = system.n_sectors
    q = system.sector_gibbs_populations(beta)
    out = []
    for n in range(m):
        proj = np.outer(_ket(m, n), _ket(m, n))
        out += [np.kron(k, proj) for k in _replacement_kraus(system.basis, np.where(system.labels == n, q, 0.0))]
    return out


def landauer_erasure_kraus(system: SymmetricSystem, beta: float) -> list[np.ndarray]:
    """``Phi_LE = Phi_beta ⊗ id_R`` with ``Phi_beta(X) = Tr(X) omega^beta`` (Fig. 1(c))."""
    g = gibbs_populations(system.levels, beta)
    return [np.kron(k, np.eye(system.n_sectors)) for k in _replacement_kraus(np.eye(system.dim), g)]


def register_reset_kraus(system: SymmetricSystem) -> list[np.ndarray]:
    """``Phi_R(X) = Tr_R(X) ⊗ |0><0|``: Kraus ``I ⊗ |0><n|`` (Fig. 1(c))."""
    m = system.n_sectors
    return [np.kron(np.eye(system.dim), np.outer(_ket(m, 0), _ket(m, n))) for n in range(m)]


def apply_kraus(kraus: list[np.ndarray], x: np.ndarray) -> np.ndarray:
    """``sum_k K_k X K_k^dag``."""
    return sum(k @ x @ k.conj().T for k in kraus)


def kraus_tp_error(kraus: list[np.ndarray]) -> float:
    """``max |sum_k K_k^dag K_k - I|`` (0 for a trace-preserving channel; Kraus form is CP)."""
    s = sum(k.conj().T @ k for k in kraus)
    return float(np.max(np.abs(s - np.eye(s.shape[0]))))


@dataclass(frozen=True)
class DemonRun:
    """States after each step of Fig. 1 (``joint``: system ⊗ register; ``system``/``register``:
    marginals), entropies (nats) and the trace-preservation error of every channel."""

    joint: dict[str, np.ndarray]
    system: dict[str, np.ndarray]
    register: dict[str, np.ndarray]
    entropies: dict[str, float]
    tp_errors: dict[str, float]


def run_demon(system: SymmetricSystem, beta: float, rho0: np.ndarray) -> DemonRun:
    r"""Run Fig. 1 on ``rho0 ⊗ |0><0|`` and record the entropy bookkeeping of seed 004.

    Parameters
    ----------
    system : SymmetricSystem
        Hamiltonian and sectors (the register has ``n_sectors`` levels).
    beta : float
        Inverse bath temperature in ``[0, inf]``.
    rho0 : ndarray
        Initial system state (``omega^{beta0}`` in the paper).

    Returns
    -------
    DemonRun
        Steps ``input, correlated, measured, thermalized, reset`` (Fig. 1(a), (b)) and ``erased``,
        ``register_reset`` (``Phi_LE`` then ``Phi_R`` applied to ``thermalized``, Fig. 1(c)).
        ``entropies`` holds ``H(p)``, the register entropy after measurement, ``S(rho_0)``, the system's
        conditional entropy ``S(S|R)`` after measurement and before and after erasure, ``I(S:R)`` before and after the
        reset, and the total entropy before and after the reset.
    """
    d, m = system.dim, system.n_sectors
    p = system.sector_weights(rho0, "rho0")
    ref = np.outer(_ket(m, 0), _ket(m, 0))
    u = correlating_unitary(system)
    channels = {
        "correlated": [u],
        "measured": measurement_kraus(system),
        "thermalized": conditional_thermalization_kraus(system, beta),
        "reset": [u.conj().T],
    }
    joint = {"input": np.kron(np.asarray(rho0), ref)}
    prev = "input"
    for name, ks in channels.items():
        joint[name] = apply_kraus(ks, joint[prev])
        prev = name
    erase, rreset = landauer_erasure_kraus(system, beta), register_reset_kraus(system)
    joint["erased"] = apply_kraus(erase, joint["thermalized"])
    joint["register_reset"] = apply_kraus(rreset, joint["erased"])
    dims = [d, m]
    sys_m = {k: partial_trace(v, [1], dims) for k, v in joint.items()}
    reg_m = {k: partial_trace(v, [0], dims) for k, v in joint.items()}
    s = {k: von_neumann_entropy(v) for k, v in joint.items()}
    s_sys = {k: von_neumann_entropy(v) for k, v in sys_m.items()}
    s_reg = {k: von_neumann_entropy(v) for k, v in reg_m.items()}
    entropies = {
        "H(p)": shannon_entropy(p),
        "register_after_measurement": s_reg["measured"],
        "system_before_measurement": s_sys["input"],
        "conditional_after_measurement": s["measured"] - s_reg["measured"],
        "conditional_before_erasure": s["thermalized"] - s_reg["thermalized"],
        "conditional_after_erasure": s["erased"] - s_reg["erased"],
        "mutual_information_before_reset": s_sys["thermalized"] + s_reg["thermalized"] - s["thermalized"],
        "mutual_information_after_reset": s_sys["reset"] + s_reg["reset"] - s["reset"],
        "total_before_reset": s["thermalized"],
        "total_after_reset": s["reset"],
        "system_after_reset": s_sys["reset"],
    }
    tp = {name: kraus_tp_error(ks) for name, ks in channels.items()}
    tp["unitarity_U"] = float(np.max(np.abs(u.conj().T @ u - np.eye(d * m))))
    tp["erased"], tp["register_reset"] = kraus_tp_error(erase), kraus_tp_error(rreset)
    return DemonRun(joint=joint, system=sys_m, register=reg_m, entropies=entropies, tp_errors=tp)
