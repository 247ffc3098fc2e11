r"""Verifiers for seed 004: ergotropy of the s-thermalized state, and the symmetric Gibbs-preserving SDP.

``sthermal-ergotropy`` (closed form).  Problem arrays: ``H``, the joint eigenbasis ``V``, the joint
energies, the sector ``labels``, the sector weights ``p`` and ``beta``; primal: ``rho_SS``, the
unitary ``U`` and ``passive = U rho U^dag``.  The verifier rebuilds the state from the problem data alone,
``rho = V diag(p_{label(a)} omega_{label(a)}^beta(a)) V^dag`` (the stored ``rho_SS`` is only compared,
residual ``rho_SS_vs_model``), and bounds its ergotropy::

    lower = E(rho) - Tr(H U rho U^dag) - (2 e + e^2) ||H|| ||rho||_1 - roundoff,   e = ||U^dag U - I||_op
            (the energy extracted by the stored unitary; ||U - W||_op <= e for its polar factor W)
    upper = E(rho) - sum_k r_k^down e_k^up + roundoff   (von Neumann's trace inequality: no unitary
            lowers the energy below the passive state's)

Roundoff: every inner product and eigenvalue is enclosed (:mod:`sdpthermo.certify.rounding`), and the
float64 image of ``rho`` (Frobenius error ``dm``) is charged ``2 ||H||_op sqrt(d) dm`` on both sides.

and, when ``beta_star`` is stored, re-checks ``S(omega^{beta*}) = S(rho)`` and the asymptotic
ergotropy ``E(rho) - E(omega^{beta*})`` (nats, ``k_B = 1``).

``sthermal-gp-max-energy`` (SDP; one block per sector ``i`` of size ``k_i``; ``omega_i`` the sector
Gibbs state, ``rho_i = P_i rho_0 P_i`` unnormalized, ``C_i = rho_i^T ⊗ H_i``)::

    primal  max  sum_i Tr(C_i J_i)   s.t. J_i >= 0, Tr_out J_i = I, Tr_in[(omega_i^T ⊗ I) J_i] = omega_i
    dual    min  sum_i Tr Y_i + Tr(Z_i omega_i)   s.t. S_i = Y_i ⊗ I + omega_i^T ⊗ Z_i - C_i >= 0

``lower = sum_i Tr(C_i J~_i)`` at the stored Choi matrices repaired to exact feasibility (their CP/TP/GP
residuals decide ``passed`` only): with ``a = I - Tr_out J``, ``b = omega - Tr_in[(omega^T ⊗ I) J]``,
``J' = J + a ⊗ omega + I ⊗ b - tr(b) I ⊗ omega`` meets [TP] and [GP] exactly (``tr(omega^T a) = tr b``), and
mixing with the strictly feasible ``I ⊗ omega`` (``lambda_min = lambda_min(omega)``) restores [CP]; when
``omega`` is singular and ``J'`` not PSD, ``J~ = I ⊗ omega``;
``upper = sum_i [Tr Y_i + Tr(Z_i omega_i) + max(0, -lambda_min S_i) k_i]``
(``Tr J_i = k_i`` for every feasible point).  ``conclusions["sthermal_energy"]`` is ``E(rho_SS) =
sum_i Tr(rho_i) E(omega_i)``, reached by the feasible replacement channel ``J_i = I ⊗ omega_i``.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.results import Certificate
>>> H = np.diag([0.0, 1.0]); rho = np.diag([0.3, 0.7]); U = np.array([[0.0, 1.0], [1.0, 0.0]])
>>> cert = Certificate(kinds.STHERMAL_ERGOTROPY, "max", {"rho_SS": rho, "U": U, "passive": U @ rho @ U.T}, {},
...     {"H": H, "V": np.eye(2), "energies": np.array([0.0, 1.0]), "labels": np.array([0.0, 1.0]),
...      "p": np.array([0.3, 0.7]), "beta": np.array(1.0)}, "seed 004", {})
>>> v = verify_ergotropy(cert, 1e-9); round(v.lower, 12), round(v.upper, 12), v.passed
(0.4, 0.4, True)
"""

from __future__ import annotations

import math

import numpy as np

from sdpthermo.certify import kinds
from sdpthermo.certify.base import finish, hermiticity_error, inner, op_norm_safe, psd_violation, roundoff, verifier
from sdpthermo.certify.rounding import U, eig_error, fro, gamma, inner_bounds, product_error
from sdpthermo.info.entropy import von_neumann_entropy
from sdpthermo.info.ergotropy import thermal_entropy
from sdpthermo.linalg.hermitian import herm
from sdpthermo.linalg.tensor import partial_trace
from sdpthermo.models.states import gibbs_populations
from sdpthermo.results import Certificate, Verification


def _sector_state(energies: np.ndarray, labels: np.ndarray, p: np.ndarray, beta: float) -> np.ndarray:
    pops = np.zeros(energies.size)
    for i in range(p.size):
        idx = np.flatnonzero(labels == i)
        if idx.size:
            pops[idx] = p[i] * gibbs_populations(energies[idx], beta)
    return pops


@verifier(kinds.STHERMAL_ERGOTROPY)
def verify_ergotropy(cert: Certificate, tol: float) -> Verification:
    """Ergotropy interval of ``rho_SS`` and the model residuals (see module docstring)."""
    h = herm(np.asarray(cert.problem["H"]))
    v = np.asarray(cert.problem["V"])
    labels = np.rint(np.asarray(cert.problem["labels"], dtype=float)).astype(int)
    p = np.asarray(cert.problem["p"], dtype=float)
    beta = float(cert.problem["beta"])
    rho = np.asarray(cert.primal["rho_SS"])
    u = np.asarray(cert.primal["U"])
    pops = _sector_state(np.asarray(cert.problem["energies"], dtype=float), labels, p, beta)
    model = herm((v * pops) @ v.conj().T)
    d = model.shape[0]
    # the state is the model V diag(pops) V^dag (problem data); its float64 image differs by at most dm (Frobenius)
    dm = fro(product_error(np.abs(v) * np.abs(pops), np.abs(v.conj().T))) + U * fro(model)
    h_op = fro(h)
    if u.shape != (d, d):
        u = np.full((d, d), np.nan)
    e_u = op_norm_safe(u.conj().T @ u - np.eye(d)) + fro(product_error(u.conj().T, u)) + eig_error(u.conj().T @ u)
    moved = u @ model @ u.conj().T
    e_lo, e_hi = inner_bounds(h, model)
    m_lo, m_hi = inner_bounds(h, herm(moved))
    mov_err = gamma(2 * d + 4) * fro(np.abs(u) @ np.abs(model) @ np.abs(u.conj().T)) * (1 + gamma(2 * d + 4)) * h_op
    r = np.linalg.eigvalsh(model)[::-1]
    e = np.linalg.eigvalsh(h)
    trn = float(np.abs(r).sum()) + d * eig_error(model)
    ro = 2 * h_op * math.sqrt(d) * dm  # |erg(A) - erg(B)| <= 2 ||H||_op ||A - B||_1
    lower = e_lo - m_hi - mov_err - (2 * e_u + e_u ** 2) * h_op * trn - ro
    pas_err = d * eig_error(model) * float(np.abs(e).max(initial=0.0)) + eig_error(h) * trn + gamma(d) * float(
        np.abs(r) @ np.abs(e))
    upper = e_hi - float(np.dot(r, e)) + pas_err + ro
    residuals = {
        "rho_SS_vs_model": float(np.max(np.abs(rho - model), initial=0.0)) if rho.shape == model.shape else math.inf,
        "p_normalization": abs(float(p.sum()) - 1.0),
        "p_negativity": max(0.0, -float(p.min())),
        "rho_hermiticity": hermiticity_error(rho),
        "rho_psd": psd_violation(rho),
        "unitarity": e_u,
        "passive_vs_U_rho_U": float(np.max(np.abs(np.asarray(cert.primal["passive"]) - moved), initial=0.0)),
    }
    conclusions: dict[str, object] = {"ergotropy": max(0.0, lower)}
    if "beta_star" in cert.problem:
        b_star = float(cert.problem["beta_star"])
        s = von_neumann_entropy(model)
        residuals["equal_entropy"] = abs(thermal_entropy(e, b_star) - s)
        g = gibbs_populations(e, b_star)
        conclusions["asymptotic_ergotropy"] = (e_lo + e_hi) / 2 - float(np.dot(g, e))
    return finish(lower, upper, residuals, lower, upper, tol, notes="ergotropy by the passive-state argument",
                  conclusions=conclusions)


def gp_blocks(cert: Certificate) -> list[dict[str, np.ndarray]]:
    """Per-sector arrays ``rho, H, omega, J, Y, Z, C`` of a ``sthermal-gp-max-energy`` certificate."""
    beta = float(cert.problem["beta"])
    out = []
    for i in range(int(cert.meta["n_sectors"])):
        e = np.asarray(cert.problem[f"energies_{i}"], dtype=float)
        rho = herm(np.asarray(cert.problem[f"rho_{i}"]))
        hi = np.diag(e)
        out.append({"rho": rho, "H": hi, "omega": np.diag(gibbs_populations(e, beta)),
                    "J": herm(np.asarray(cert.primal[f"J_{i}"])), "Y": herm(np.asarray(cert.dual[f"Y_{i}"])),
                    "Z": herm(np.asarray(cert.dual[f"Z_{i}"])), "C": np.kron(rho.T, hi)})
    return out


#: largest [TP]/[GP] defect (entrywise) a repaired block may keep; beyond it the block falls back to I ⊗ omega
REPAIR_REMAINDER = 1e-12


def _repair(j: np.ndarray, om: np.ndarray) -> tuple[np.ndarray, float] | None:
    """``(J~, charge)``: the repaired Choi matrix (module docstring) and the entrywise distance to its exactly
    feasible neighbour (the same correction in exact arithmetic), or ``None`` when only ``I ⊗ omega`` is safe."""
    k = om.shape[0]
    j_om = np.kron(np.eye(k), om)
    if not np.all(np.isfinite(j)):
        return None
    a = np.eye(k) - partial_trace(j, [1], [k, k])
    b = om - partial_trace(np.kron(om.T, np.eye(k)) @ j, [0], [k, k])
    jp = herm(j + np.kron(a, om) + np.kron(np.eye(k), b) - float(np.trace(b).real) * j_om)
    lo_p, lo_w = float(np.linalg.eigvalsh(jp)[0]), float(np.linalg.eigvalsh(om)[0])
    if lo_p < 0 and lo_w <= 0:
        return None
    if lo_p < 0:
        t = -lo_p / (lo_w - lo_p)
        jp = (1 - t) * jp + t * j_om
    rem = max(float(np.max(np.abs(partial_trace(jp, [1], [k, k]) - np.eye(k)))),
              float(np.max(np.abs(partial_trace(np.kron(om.T, np.eye(k)) @ jp, [0], [k, k]) - om))))
    if rem == 0:
        return jp, 0.0
    if not rem <= REPAIR_REMAINDER or lo_w <= 0:
        return None
    return jp, rem * (2 + k / lo_w)


def _repaired_value(c: np.ndarray, j: np.ndarray, om: np.ndarray) -> float:
    """``Tr(C J~)`` for the exactly feasible repair of ``J`` (``I ⊗ omega`` as the fallback), charges included."""
    fixed = _repair(j, om)
    jp, charge = (np.kron(np.eye(om.shape[0]), om), 0.0) if fixed is None else fixed
    return inner(c, jp) - charge * float(np.abs(c).sum()) - roundoff(c, jp)


@verifier(kinds.STHERMAL_GP_MAX_ENERGY)
def verify_gp_max_energy(cert: Certificate, tol: float) -> Verification:
    """Interval for the maximal energy reachable by symmetric Gibbs-preserving channels."""
    lower = upper = 0.0
    residuals: dict[str, float] = {}
    e_ss = 0.0
    for i, b in enumerate(gp_blocks(cert)):
        k = b["H"].shape[0]
        j, om = b["J"], b["omega"]
        gp_out = partial_trace(np.kron(om.T, np.eye(k)) @ j, [0], [k, k])
        residuals[f"cp_{i}"] = psd_violation(j)
        residuals[f"tp_{i}"] = float(np.max(np.abs(partial_trace(j, [1], [k, k]) - np.eye(k))))
        residuals[f"gp_{i}"] = float(np.max(np.abs(gp_out - om)))
        s = np.kron(b["Y"], np.eye(k)) + np.kron(om.T, b["Z"]) - b["C"]
        ro = roundoff(b["C"], j, s)
        lower += _repaired_value(b["C"], j, om)
        upper += float(np.trace(b["Y"]).real + inner(b["Z"], om)) + psd_violation(s) * k + ro
        e_ss += float(np.trace(b["rho"]).real) * inner(b["H"], om)
    conclusions: dict[str, object] = {"sthermal_energy": e_ss, "sthermal_gap_upper": upper - e_ss,
                   "sthermal_optimal": bool(np.isfinite(upper) and upper - e_ss <= tol * max(1.0, abs(upper)))}
    return finish(lower, upper, residuals, lower, upper, tol, notes="dual bound uses Tr J_i = k_i (TP)",
                  conclusions=conclusions)
