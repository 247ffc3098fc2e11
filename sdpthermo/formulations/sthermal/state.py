r"""The s-thermalized state as a battery: ergotropy with a certificate, and seed 004's bookkeeping.

Closed form (no solver).  The value is the ergotropy of ``rho_SS = ⊕_i p_i omega_i^beta`` (seed 004,
"Application: Battery Charging", Fig. 2(a))::

    W(rho_SS) = E(rho_SS) - min_U E(U rho_SS U^dag) = E(rho_SS) - sum_k r_k^down e_k^up

certified as a ``sthermal-ergotropy`` certificate (primal: ``rho_SS``, the unitary ``U``, the passive
state; the verifier rebuilds ``rho_SS`` from the sector data and bounds ``W`` from below by the
energy the stored ``U`` extracts and from above by the passive-state (trace-inequality) argument;
see :mod:`sdpthermo.certify.sthermal.state`).  ``data`` carries the asymptotic ergotropy
``S(rho_SS||omega^{beta*})/beta*`` (Fig. 2(b)), its excess over ``W`` (Fig. 2(c)), ``lambda`` and the
verdict of Eq. (11), ``E(rho_SS) - E(omega^beta)`` (Eqs. (1), (3)), the erasure entropy ``ΔS(Φ_LE)``
of Eqs. (2)/(9), and the error of every identity computed both ways.  Entropies in nats.

Examples
--------
>>> from sdpthermo.models.sthermal.model import SymmetricSystem
>>> sys = SymmetricSystem.from_sectors([0.0, 0.1, 0.2, 1.0], [[0, 2], [1, 3]])
>>> out = solve_sthermal_state(sys, beta=1 / 0.4, beta0=1 / 0.05)
>>> out.verified, round(out.value, 6), out.data["verdict"]
(True, 0.022713, 'mitigation')
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.models.sthermal.model import SymmetricSystem
from sdpthermo.models.sthermal.thermo import s_thermalize
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions

CONVENTION = ("W(rho_SS) = E(rho_SS) - sum_k r_k^down e_k^up, rho_SS = ⊕_i p_i omega_i^beta (seed 004, Fig. 2; "
              "entropies in nats, k_B = 1)")


def finite_or_none(x: float | None) -> float | None:
    """JSON-safe scalar: ``None`` for a missing, NaN or infinite value."""
    return None if x is None or not math.isfinite(x) else float(x)


def solve_sthermal_state(system: SymmetricSystem, beta: float, *, beta0: float | None = None,
                         rho0: np.ndarray | None = None, opts: SolveOptions | None = None) -> Outcome:
    """Ergotropy of ``rho_SS`` with a verified certificate, plus seed 004's quantities in ``data``.

    Parameters
    ----------
    system : SymmetricSystem
        Hamiltonian and sectors.
    beta : float
        Inverse bath temperature in ``[0, inf]``.
    beta0, rho0
        Initial Gibbs state's inverse temperature, or an initial density matrix (exactly one).
    opts : SolveOptions, optional
        Only ``tol`` is used (verification tolerance).

    Returns
    -------
    Outcome
        ``value`` = ergotropy; ``data`` keys: ``asymptotic_ergotropy``, ``beta_star``,
        ``excess_per_copy``, ``lambda``, ``verdict``, ``energy_excess``, ``erasure_entropy``,
        ``delta_s_sys``, ``delta_s_bath``, ``register_entropy``, ``sector_weights``, ``energy_sthermal``,
        ``energy_thermal``, ``energy_initial``, ``entropy_sthermal``, ``relative_entropy_sthermal``,
        ``identity_errors`` (dict), ``max_identity_error``.  Infinite or undefined numbers are ``None``.
    """
    opts = opts or SolveOptions()
    rep = s_thermalize(system, beta, beta0=beta0, rho0=rho0)
    problem: dict[str, np.ndarray] = {
        "H": system.hamiltonian, "V": system.basis, "energies": system.energies,
        "labels": system.labels.astype(float), "p": rep.p, "beta": np.array(float(beta)),
    }
    asym = rep.asymptotic
    if asym is not None:
        problem["beta_star"] = np.array(asym.beta_star)
    cert = Certificate(kind=kinds.STHERMAL_ERGOTROPY, sense="max",
                       primal={"rho_SS": rep.rho_ss, "U": rep.ergotropy.unitary, "passive": rep.ergotropy.passive},
                       dual={}, problem=problem, convention=CONVENTION, meta={"n_sectors": system.n_sectors})
    ver = verify(cert, opts.tol)
    errors = {k: finite_or_none(v) for k, v in rep.identity_errors.items()}
    finite_errors = [v for v in errors.values() if v is not None]
    data: dict[str, Any] = {
        "asymptotic_ergotropy": finite_or_none(asym.value) if asym else None,
        "beta_star": finite_or_none(asym.beta_star) if asym else None,
        "excess_per_copy": finite_or_none(asym.value - rep.ergotropy.value) if asym else None,
        "lambda": finite_or_none(rep.lam),
        "verdict": rep.verdict,
        "energy_excess": rep.energy_excess,
        "erasure_entropy": finite_or_none(rep.erasure_entropy),
        "delta_s_sys": rep.delta_s_sys,
        "delta_s_bath": finite_or_none(rep.delta_s_bath),
        "register_entropy": rep.register_entropy,
        "sector_weights": [float(x) for x in rep.p],
        "energy_sthermal": rep.energy_ss,
        "energy_thermal": rep.energy_thermal,
        "energy_initial": rep.energy_initial,
        "entropy_sthermal": rep.entropy_ss,
        "relative_entropy_sthermal": finite_or_none(rep.relative_entropy_ss),
        "identity_errors": errors,
        "max_identity_error": max(finite_errors) if finite_errors else None,
    }
    value = min(max(rep.ergotropy.value, ver.lower), ver.upper)  # inside the certified interval
    return Outcome(status=Status.CLOSED_FORM, value=value, certificate=cert, verification=ver,
                   data=data, solver=SolverInfo(name="numpy.linalg.eigh", backend="none"),
                   message=rep.asymptotic_message)
