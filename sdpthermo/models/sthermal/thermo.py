r"""Thermodynamics of s-thermalization: Eqs. (1)–(3), (5), (7)–(9), (11) of seed 004, each computed two ways.

For ``rho_SS = ⊕_i p_i omega_i^beta`` and the Gibbs state ``omega^beta`` (nats, ``k_B = 1``,
``E(rho) = Tr H rho``, ``F(rho) = E(rho) - S(rho)/beta``)::

    (1)  E(rho_SS) - E(omega^beta) = [S(rho_SS) - S(omega^beta) + S(rho_SS||omega^beta)] / beta
    (5)  F(rho_SS) = F(omega^beta) + S(rho_SS||omega^beta)/beta,   F(omega^beta) = -ln Z_beta / beta
    (2)=(9)  ΔS(Φ_LE) = S(rho_SS) - sum_i p_i S(omega_i^beta) + S(rho_SS||omega^beta)
    (7),(8)  ΔS(Φ_LE) = ΔS_sys + ΔS_bath,  ΔS_sys = S(omega^beta) - sum_i p_i S(omega_i^beta),
             ΔS_bath = beta [E(rho_SS) - E(omega^beta)]
    (3)  E(rho_SS) - E(omega^beta) = [ΔS(Φ_LE) - ΔS_sys] / beta
    text below (2): S(rho_SS) - sum_i p_i S(omega_i^beta) = H(p)   (grouping of a direct sum)
    (11) lambda = [E(rho_SS) - E(omega^{beta0})] / [E(omega^beta) - E(omega^{beta0})]
               = [S(rho_SS) - S(omega^{beta0}) + S(rho_SS||omega^{beta0})]
                 / [S(omega^beta) - S(omega^{beta0}) + S(omega^beta||omega^{beta0})]

Seed 004 prints ``F(omega^beta) = E + S/beta`` below Eq. (5); the sign is a typo (it equals
``-ln Z/beta`` only with ``E - S/beta``).  ``lambda > 1`` is amplification and ``lambda < 1``
mitigation for either sign of ``beta - beta0`` (App. C and the text after Eq. (3)).  Identities
that divide by ``beta`` (or ``beta0``) are reported only for ``0 < beta < inf``; the others hold at
the end points too.  Each identity's absolute difference is in ``identity_errors`` (``None`` where
it is not defined).

Examples
--------
>>> from sdpthermo.models.sthermal.model import SymmetricSystem
>>> sys = SymmetricSystem.from_sectors([0.0, 0.1, 0.2, 1.0], [[0, 2], [1, 3]])
>>> r = s_thermalize(sys, beta=1 / 0.4, beta0=1 / 0.05)
>>> max(v for v in r.identity_errors.values() if v is not None) < 1e-12
True
>>> r.verdict, round(r.lam, 4), r.ergotropy.value > 0      # heating from T0 = 0.05 to T = 0.4
('mitigation', 0.7422, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.info.entropy import relative_entropy, shannon_entropy, von_neumann_entropy
from sdpthermo.info.ergotropy import AsymptoticErgotropy, Ergotropy, asymptotic_ergotropy, ergotropy
from sdpthermo.models.sthermal.model import SymmetricSystem

#: |E(rho_SS) - E(omega^beta)| (relative to max(1, max|E|)) below which the verdict is "break-even".
TOL_BREAK_EVEN: float = 1e-12

VERDICTS = ("amplification", "mitigation", "break-even", "undefined")


@dataclass(frozen=True)
class SThermalReport:
    """Every quantity of seed 004 for one s-thermalization ``rho_0 -> rho_SS`` at ``beta``.

    Energies in units of ``H``, entropies in nats.  ``beta0`` is ``None`` for a non-thermal initial
    state.  ``lam`` is the energy form of Eq. (11) (``nan`` when the bath leaves the energy unchanged);
    ``verdict`` is one of ``VERDICTS`` ("undefined": a non-thermal initial state whose energy the
    bath does not change although ``rho_SS`` differs in energy).
    """

    beta: float
    beta0: float | None
    p: np.ndarray
    rho_ss: np.ndarray
    omega: np.ndarray
    energy_ss: float
    energy_thermal: float
    energy_initial: float
    entropy_ss: float
    entropy_thermal: float
    register_entropy: float
    mean_sector_entropy: float
    relative_entropy_ss: float
    delta_s_sys: float
    delta_s_bath: float | None
    erasure_entropy: float | None
    lam: float
    verdict: str
    ergotropy: Ergotropy
    asymptotic: AsymptoticErgotropy | None
    asymptotic_message: str
    identity_errors: dict[str, float | None] = field(default_factory=dict)

    @property
    def energy_excess(self) -> float:
        """``E(rho_SS) - E(omega^beta)`` (the left side of Eqs. (1) and (3))."""
        return self.energy_ss - self.energy_thermal


def _energy(h: np.ndarray, rho: np.ndarray) -> float:
    return float(np.real(np.vdot(h, rho)))


def _verdict(excess: float, den: float, scale: float) -> tuple[float, str]:
    tol = TOL_BREAK_EVEN * scale
    lam = 1.0 + excess / den if abs(den) > tol else math.nan
    if abs(excess) <= tol:
        return lam, "break-even"
    if abs(den) <= tol:
        return lam, "undefined"
    return lam, "amplification" if excess / den > 0 else "mitigation"


def s_thermalize(system: SymmetricSystem, beta: float, *, beta0: float | None = None,
                 rho0: np.ndarray | None = None) -> SThermalReport:
    r"""S-thermalize ``omega^{beta0}`` (or ``rho0``) at ``beta`` and evaluate seed 004's identities.

    Parameters
    ----------
    system : SymmetricSystem
        Hamiltonian and sectors.
    beta : float
        Inverse bath temperature, ``[0, inf]``.
    beta0 : float, optional
        Inverse temperature of the initial Gibbs state (exactly one of ``beta0``, ``rho0``).
    rho0 : ndarray, optional
        Initial density matrix (then Eq. (11)'s entropic form is not evaluated: it needs
        ``rho0 = omega^{beta0}``).

    Returns
    -------
    SThermalReport
        Energies, entropies, erasure entropy, ``lambda``, verdict, ergotropies, identity errors.

    Examples
    --------
    >>> from sdpthermo.models.sthermal.model import SymmetricSystem
    >>> one = SymmetricSystem.from_sectors([0.0, 0.5, 1.0], [[0, 1, 2]])    # no symmetry
    >>> r = s_thermalize(one, beta=2.0, beta0=0.1)
    >>> bool(np.allclose(r.rho_ss, r.omega)), r.verdict
    (True, 'break-even')
    """
    if (beta0 is None) == (rho0 is None):
        raise ValidationError("T0", "give exactly one of an initial temperature (T0) and an initial state",
                              "pass T0 for a thermal initial state or initial for a density matrix")
    h = system.hamiltonian
    if beta0 is not None:
        p = system.thermal_sector_weights(beta0)
        state0 = system.thermal_state(beta0)
    elif rho0 is not None:
        p = system.sector_weights(rho0)
        state0 = np.asarray(rho0)
    rho_ss = system.s_thermalized_state(p, beta)
    omega = system.thermal_state(beta)
    e_ss, e_th, e_0 = _energy(h, rho_ss), _energy(h, omega), _energy(h, state0)
    s_ss, s_th = von_neumann_entropy(rho_ss), von_neumann_entropy(omega)
    h_p = shannon_entropy(p)
    sector_s = [von_neumann_entropy(system.sector_gibbs_state(i, beta)) for i in range(system.n_sectors)]
    mean_s = float(np.dot(p, sector_s))
    d_ss = relative_entropy(rho_ss, omega)
    excess = e_ss - e_th
    finite = 0.0 < beta < math.inf
    ds_sys = s_th - mean_s                                                       # Eq. (7)
    ds_bath = beta * excess if beta < math.inf else None                         # Eq. (8)
    erasure = s_ss - mean_s + d_ss if math.isfinite(d_ss) else None              # Eq. (2) = (9)
    errors: dict[str, float | None] = {
        "eq2_grouping_Hp": abs((s_ss - mean_s) - h_p),
        "eq2_9_vs_eq7_8": abs(erasure - (ds_sys + ds_bath)) if erasure is not None and ds_bath is not None
        else None,
        "eq1": abs(excess - (s_ss - s_th + d_ss) / beta) if finite else None,
        "eq3": abs(excess - (erasure - ds_sys) / beta) if finite and erasure is not None else None,
        "eq5": None,
        "eq11": None,
    }
    if finite:                                                                   # Eq. (5), F = -ln Z / beta
        e_min = float(system.levels.min())
        ln_z = -beta * e_min + math.log(float(np.sum(np.exp(-beta * (system.levels - e_min)))))
        errors["eq5"] = abs((e_ss - s_ss / beta) - (-ln_z / beta + d_ss / beta))
    scale = max(1.0, float(np.max(np.abs(system.levels))))
    lam, verdict = _verdict(excess, e_th - e_0, scale)
    if beta0 is not None and 0.0 < beta0 < math.inf and math.isfinite(lam):
        s_0 = von_neumann_entropy(state0)
        lam_s = (s_ss - s_0 + relative_entropy(rho_ss, state0)) / (s_th - s_0 + relative_entropy(omega, state0))
        errors["eq11"] = abs(lam - lam_s)
    erg = ergotropy(rho_ss, h)
    u = erg.unitary
    errors["ergotropy_sorted_vs_unitary"] = abs(erg.value - (e_ss - _energy(h, u @ rho_ss @ u.conj().T)))
    try:
        asym, message = asymptotic_ergotropy(rho_ss, h), ""
        errors["asymptotic_relent_vs_energy"] = asym.form_difference
    except ValidationError as exc:
        asym, message = None, str(exc)
        errors["asymptotic_relent_vs_energy"] = None
    return SThermalReport(beta=beta, beta0=beta0, p=p, rho_ss=rho_ss, omega=omega, energy_ss=e_ss,
                          energy_thermal=e_th, energy_initial=e_0, entropy_ss=s_ss, entropy_thermal=s_th,
                          register_entropy=h_p, mean_sector_entropy=mean_s, relative_entropy_ss=d_ss,
                          delta_s_sys=ds_sys, delta_s_bath=ds_bath, erasure_entropy=erasure, lam=lam,
                          verdict=verdict, ergotropy=erg, asymptotic=asym, asymptotic_message=message,
                          identity_errors=errors)
